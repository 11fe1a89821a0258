/*
 * Turning the MMU on (boot CPU and secondaries). TTBR0 maps the image at
 * its physical address, where this code runs, so the instructions after
 * the SCTLR write still fetch; then everything moves to the +delta alias
 * that TTBR1 maps, and VBAR_EL1 with it.
 */
#include "arch/mmu.h"

/* MAIR, TCR (IPS from the CPU's PARange), both roots, a clean local TLB,
 * then SCTLR_EL1.M/C/SA/SA0. Clobbers x9-x11. */
	.macro	mmu_enable kroot, idroot
	mov	x9, #MAIR_EL1_VALUE
	msr	mair_el1, x9
	mrs	x10, id_aa64mmfr0_el1
	and	x10, x10, #0xf		/* PARange, same encoding as IPS */
	mov	x11, #TCR_IPS_48BIT
	cmp	x10, x11
	csel	x10, x10, x11, ls	/* 52-bit needs LPA2: stay at 48 */
	mov	x9, #(TCR_EL1_VALUE & 0xffff)
	movk	x9, #(TCR_EL1_VALUE >> 16), lsl #16
	bfi	x9, x10, #TCR_IPS_SHIFT, #3
	msr	tcr_el1, x9
	msr	ttbr0_el1, \idroot
	msr	ttbr1_el1, \kroot
	isb
	/* Whatever firmware left in this CPU's EL1 TLB is not ours. */
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x9, sctlr_el1
	mov	x10, #SCTLR_EL1_MMU_ON
	orr	x9, x9, x10
	msr	sctlr_el1, x9
	isb
	/* Drop instructions fetched before the switch (Linux does too). */
	ic	iallu
	dsb	nsh
	isb
	.endm

/* Point VBAR_EL1 at the upper-half alias of the vectors: delta in \delta.
 * Clobbers x9. */
	.macro	vbar_high delta
	adrp	x9, exception_vectors
	add	x9, x9, :lo12:exception_vectors
	add	x9, x9, \delta
	msr	vbar_el1, x9
	isb
	.endm

	.text
/*
 * Boot CPU, from arch_mmu_enable_and_jump: x0 = kernel root (TTBR1),
 * x1 = identity root (TTBR0), x2 = delta, x3 = next (physical), x4 = arg.
 * The image's pointers were already rebased to +delta: use none of them.
 */
	.globl	arm64_mmu_on_and_jump
arm64_mmu_on_and_jump:
	/* Everything the kernel wrote so far (relocations, .bss with the
	 * page tables, this stack) went to memory with the caches off.
	 * Invalidate the image's lines to the point of coherency so no
	 * stale line (firmware's, or a speculative fill) can shadow that
	 * for the table walker or the kernel once the caches are on. The
	 * image is page-aligned at both ends (linker.ld). */
	adrp	x5, __image_start
	add	x5, x5, :lo12:__image_start
	adrp	x6, __image_end
	add	x6, x6, :lo12:__image_end
	mrs	x7, ctr_el0
	ubfx	x7, x7, #16, #4		/* DminLine: log2(words) */
	mov	x8, #4
	lsl	x8, x8, x7		/* smallest D-cache line, bytes */
1:	dc	ivac, x5
	add	x5, x5, x8
	cmp	x5, x6
	b.lo	1b
	dsb	sy
	mmu_enable x0, x1
	vbar_high x2
	add	sp, sp, x2
	add	x3, x3, x2
	mov	x0, x4
	mov	x29, xzr		/* the frames below hold low addresses */
	mov	x30, xzr
	br	x3

/*
 * Secondary CPUs (entry.S), at EL1 with the MMU off at a physical address:
 * x0 = where to continue (physical). Reads the roots the boot CPU left in
 * arch_mmu_boot (in memory: written before the boot CPU's caches were on),
 * turns the MMU on and continues at x0 + delta. Keeps x19-x28.
 */
	.globl	arm64_secondary_mmu_on
arm64_secondary_mmu_on:
	adrp	x1, arch_mmu_boot
	add	x1, x1, :lo12:arch_mmu_boot
	ldr	x2, [x1, #MMU_BOOT_KERNEL_ROOT]
	ldr	x3, [x1, #MMU_BOOT_IDENTITY_ROOT]
	ldr	x4, [x1, #MMU_BOOT_DELTA]
	mmu_enable x2, x3
	vbar_high x4
	add	x0, x0, x4
	br	x0
