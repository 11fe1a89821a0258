# Thin wrapper over CMake and the scripts in tools/.
#   make run   [ARCH=riscv64|aarch64] [SMP=4] [MEM=512M] [GIC=3|2] [CPU=...]
#   make test  host unit tests (ctest, ASan/UBSan, brief fuzz) + QEMU boot
#              tests on both arches
#   make image [ARCH=...]   build/<arch>-<board>/disk.img
#   make fuzz  [FUZZ_SECONDS=300]
#   make bench [ARCH=riscv64|aarch64; default both]  figures under -icount
#   make clean

ARCH  ?= riscv64
BOARD ?= qemu-virt
SMP   ?= 4
MEM   ?= 512M
GIC   ?= 3
CPU   ?=
JOBS  ?= $(shell nproc)
FUZZ_SECONDS ?= 300

BUILD      := build/$(ARCH)-$(BOARD)
HOST_BUILD := build/host

.PHONY: all deps image run test test-host test-qemu fuzz bench clean

all: image

deps:
	@sh tools/setup-deps.sh

image: deps
	@cmake -S . -B $(BUILD) -DARCH=$(ARCH) -DBOARD=$(BOARD) \
		-DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/toolchain-$(ARCH).cmake >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@echo "image: $(BUILD)/disk.img"

run: image
	@python3 tools/qemu.py run --arch $(ARCH) --image $(BUILD)/disk.img \
		--smp $(SMP) --mem $(MEM) --gic $(GIC) $(if $(CPU),--cpu $(CPU))

# Host tests are built with clang so the same build carries ASan/UBSan and
# the libFuzzer target.
test-host: deps
	@cmake -S . -B $(HOST_BUILD) -DARCH=host -DCMAKE_C_COMPILER=clang \
		-DSANITIZE=ON -DFUZZ=ON >/dev/null
	@cmake --build $(HOST_BUILD) -j $(JOBS)
	@cd $(HOST_BUILD) && ctest --output-on-failure -j $(JOBS)

test-qemu: deps
	@$(MAKE) --no-print-directory image ARCH=riscv64
	@$(MAKE) --no-print-directory image ARCH=aarch64
	@python3 tests/qemu/test_boot.py -j 2
	@python3 tests/qemu/test_spin_table.py -j 2
	@python3 tests/qemu/test_ipc.py
	@python3 tests/qemu/test_transfer.py
	@python3 tests/qemu/test_memory.py
	@python3 tests/qemu/test_console.py
	@python3 tests/qemu/test_garbage.py

test: test-host test-qemu

fuzz: deps
	@cmake -S . -B $(HOST_BUILD) -DARCH=host -DCMAKE_C_COMPILER=clang \
		-DSANITIZE=ON -DFUZZ=ON -DFUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build $(HOST_BUILD) --target fuzz-fdt

# Deterministic figures (-icount shift=0: 1 guest instruction = 1 virtual
# ns), one "bench: <name> <value> <unit> n=<samples>" line each. ARCH given
# on the command line limits it to that arch.
BENCH_ARCHES := $(if $(filter command line,$(origin ARCH)),$(ARCH),riscv64 aarch64)
bench: deps
	@$(foreach a,$(BENCH_ARCHES),$(MAKE) --no-print-directory image ARCH=$(a) &&) true
	@python3 tools/bench.py $(foreach a,$(BENCH_ARCHES),--arch $(a))

clean:
	rm -rf build
