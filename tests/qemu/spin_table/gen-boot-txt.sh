#!/bin/sh
# gen-boot-txt.sh NCPU OUT [BOOTARGS]   (env SHARED=1: one release word)
#
# Writes the U-Boot script (boot.txt, for mkimage -T script) of the
# spin-table boot test. The disk holds the kernel Image and stub.bin (stub.S
# built for the same NCPU). The script
#  - loads the stub at $STUB and the kernel at ${kernel_addr_r}, and stores
#    the kernel's address in the stub (+0xf8);
#  - copies U-Boot's FDT to $FDT, adds a /memreserve/ for the stub's page,
#    and turns /cpus/cpu@1..NCPU-1 into spin-table CPUs whose release words
#    are the stub's (+0x100 + 8*i; SHARED=1: all +0x100);
#  - prints /cpus/cpu@1 (the test checks the rewrite took) and booti's the
#    stub as if it were the kernel.
# ${...} in single quotes are U-Boot's variables, for U-Boot to expand.
# shellcheck disable=SC2016
set -eu
[ $# -ge 2 ] || { echo "usage: $0 NCPU OUT [BOOTARGS]" >&2; exit 2; }
N=$1 OUT=$2 BOOTARGS=${3:-}
# 2 MiB-aligned, so booti runs it in place; 2 MiB above U-Boot's
# ${kernel_addr_r} (0x40400000), so the kernel must stay smaller than that.
STUB=0x40600000
FDT=0x48000000
LOAD='load ${devtype} ${devnum}:${distro_bootpart}'

{
	echo 'echo "spin-table test: stub + FDT rewrite, '"$N"' cpus"'
	echo "$LOAD $STUB stub.bin"
	echo "$LOAD \${kernel_addr_r} Image"
	printf 'mw.q 0x%x ${kernel_addr_r}\n' $((STUB + 0xf8))
	echo "fdt addr \${fdtcontroladdr}"
	echo "fdt move \${fdtcontroladdr} $FDT 0x100000"
	echo "fdt addr $FDT"
	echo "fdt resize 4096"
	echo "fdt rsvmem add $STUB 0x1000"
	i=1
	while [ $i -lt "$N" ]; do
		slot=$i
		if [ -n "${SHARED:-}" ]; then slot=0; fi
		printf 'fdt set /cpus/cpu@%d enable-method "spin-table"\n' $i
		printf 'fdt set /cpus/cpu@%d cpu-release-addr <0x0 0x%x>\n' \
			$i $((STUB + 0x100 + 8 * slot))
		i=$((i + 1))
	done
	echo 'fdt print /cpus/cpu@1'
	echo "setenv bootargs \"$BOOTARGS\""
	echo "booti $STUB - $FDT"
} > "$OUT"
