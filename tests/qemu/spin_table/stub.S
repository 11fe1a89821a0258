/*
 * Test "firmware" for the spin-table boot test (test_spin_table.py): QEMU
 * virt only offers PSCI, so this stub plays a board's boot ROM. U-Boot
 * booti's it as if it were the kernel (x0 = FDT). It powers every other
 * CPU on through PSCI CPU_ON into `park`, where each polls its 64-bit
 * release word (wfe; load; until non-zero) and jumps there with x0 = 0, as
 * Linux's Documentation/arch/arm64/booting.rst describes. The boot CPU
 * then enters the real kernel, whose address the boot script stores at
 * kernel_addr. gen-boot-txt.sh knows this layout:
 *   +0x000  Image header (booti), +0x0f8 kernel_addr, +0x100 release[NCPU]
 *
 * Build: aarch64-linux-gnu-gcc -c -DUSE_hvc|-DUSE_smc|-DUSE_none -DNCPU=n
 *        [-DSHARED] stub.S -o stub.o && objcopy -O binary stub.o stub.bin
 *   USE_hvc   PSCI conduit at EL1 (plain virt)
 *   USE_smc   PSCI conduit at EL2 (virt,virtualization=on)
 *   USE_none  nobody is powered on (negative test)
 *   SHARED    every CPU polls release[0]: all are let go by the first store
 */
#ifndef NCPU
#error "NCPU (number of CPUs) must be defined"
#endif

#define PSCI_CPU_ON_64	0xc4000003

	.text
	.globl	_start
_start:
	/* Linux arm64 Image header, 64 bytes: code0/1, text_offset 0,
	 * image_size 4 KiB, flags 0xa (little-endian, 4K pages, may sit
	 * anywhere 2 MiB-aligned: booti leaves it where it was loaded). */
	b	start
	.word	0
	.quad	0, 0x1000, 0xa, 0, 0, 0
	.ascii	"ARM\x64"
	.word	0

start:
	mov	x19, x0			/* FDT, for the kernel */
	mov	x20, #1			/* next CPU index */
1:	ldr	x0, =PSCI_CPU_ON_64
	mov	x1, x20			/* target MPIDR: Aff0 = index (virt, < 8 CPUs) */
	adr	x2, park		/* entry */
	mov	x3, x20			/* context id, arrives in x0 */
#if defined(USE_hvc)
	hvc	#0
#elif defined(USE_smc)
	smc	#0
#elif defined(USE_none)
	nop
#else
#error "define USE_hvc, USE_smc or USE_none"
#endif
	add	x20, x20, #1
	cmp	x20, #NCPU
	b.lt	1b
	mov	x0, x19
	ldr	x1, kernel_addr
	br	x1

	/* A secondary, MMU and caches off; x0 = its index. */
park:
#ifdef SHARED
	mov	x0, xzr
#endif
	adr	x1, release
	add	x1, x1, x0, lsl #3
2:	wfe
	ldr	x2, [x1]
	cbz	x2, 2b
	mov	x0, xzr
	br	x2

	.ltorg
	.org	0xf8
kernel_addr:				/* written by the boot script */
	.quad	0
	.org	0x100
release:
	.fill	NCPU, 8, 0
	.org	0x1000			/* = image_size; fails if NCPU is too big */
