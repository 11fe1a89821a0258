#!/usr/bin/env python3
"""Memory syscall integration test: boot the real image with bootargs
"run=memory-test" on each arch at 4 CPUs and check what the test program
(servers/tests/memory/main.c) prints: its checks (map / protect / unmap /
exhaustion, every bad argument, TLB shootdown while it moves between
CPUs), the garbage pass over every syscall number, and last the kernel's
report of the fault its write to a read-only page must cause.

Usage: test_memory.py [--arch riscv64|aarch64 ...] [-j N]
Prints one line per case and a closing "memory: N passed, N failed".
"""
import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_boot  # noqa: E402

RO_PAGE = 0x2000000000   # RO_BASE in servers/tests/memory/main.c

# Not anchored at the line start: init's console prompt ("> ") may come
# first on the same line.
MEMORY_LINES = [
    r"memory: all checks ok$",
    r"memory: garbage pass ok \(\d+ calls\)$",
    r"memory: writing a read-only page at 0x%x$" % RO_PAGE,
    # The write faults at the page itself (riscv64: store page fault;
    # arm64: data abort, write, permission fault).
    r"fault: process memory-test \(pid \d+\) thread \d+: "
    r"(store page fault|data abort .*write, permission fault.*) "
    r"at pc=0x[0-9a-f]+ addr=0x%x; thread killed$" % RO_PAGE,
    # The same from a second thread, whose CPU cached a writable
    # translation before the main thread's protect (a remote shootdown).
    r"memory: other thread writing a read-only page at 0x%x$" % (
        RO_PAGE + 4096),
    r"fault: process memory-test \(pid \d+\) thread \d+: "
    r"(store page fault|data abort .*write, permission fault.*) "
    r"at pc=0x[0-9a-f]+ addr=0x%x; thread killed$" % (RO_PAGE + 4096),
]


def cases(arches):
    return [(arch, 4) for arch in arches]


def run_case(case):
    arch, smp = case
    with tempfile.TemporaryDirectory(prefix="memory-") as work:
        facts = harness.dtb_facts(arch, smp, "512M")
        expect = test_boot.boot_lines(facts, facts["cpus"],
                                      test_boot.initrd_lines(arch))
        image = harness.image_with_bootargs(arch, "run=memory-test", work)
        r = harness.boot(arch, expect, image, smp, "512M", timeout=180,
                         forbid=[r"panic:", r"memory: .*FAILED"],
                         workdir=work,
                         anywhere=test_boot.INIT_LINES + MEMORY_LINES)
        return case, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", action="append")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    todo = cases(a.arch or ["riscv64", "aarch64"])
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for (arch, smp), r in ex.map(run_case, todo):
            name = "%s smp=%d memory-test" % (arch, smp)
            if r.ok:
                passed += 1
                print("PASS %-32s %5.1fs" % (name, r.seconds), flush=True)
                for line in r.log:
                    if line.startswith("memory: garbage pass"):
                        print("     " + line.strip(), flush=True)
            else:
                failed += 1
                print("FAIL %-32s %5.1fs: %s" % (name, r.seconds, r.reason),
                      flush=True)
                print(harness.last_lines(r.log), flush=True)
    print("memory: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
