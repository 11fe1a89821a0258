/*
 * aarch64 kernel entry. The Linux arm64 Image header lets U-Boot's booti
 * accept us; the boot CPU arrives at EL2 or EL1 with x0 = FDT, MMU and
 * D-cache off. The image is a static PIE linked at 0: drop to EL1,
 * relocate, clear bss, enter C.
 *
 * Secondaries arrive here too, MMU off, at the physical address of
 * kernel_secondary_entry (PSCI CPU_ON; x0 = struct cpu, the context id)
 * or spin_table_entry (spin-table release; no argument, they find their
 * struct cpu in the holding pen). Both may arrive at EL2, so they take the
 * same EL2 -> EL1 path, then turn the MMU on (mmu_switch.S) and go on in
 * the upper half, where the struct cpu pointer (a kernel virtual address)
 * means something.
 */
#include "arch/boot.h"

#define SCTLR_EL1_RES1	0x30d00800	/* v8.0 RES1 bits; MMU, D-cache off, LE */
#define SCTLR_EL1_I	(1 << 12)	/* I-cache on: no code is ever written */
#define HCR_EL2_RW	(1 << 31)	/* EL1 is AArch64 */
#define CNTHCTL_EL1PCTEN_EL1PCEN 3	/* EL1 may use the physical counter and timer */
#define ICC_SRE_EL2_SRE_ENABLE 0x9	/* sysreg interface at EL2, and EL1 may use it */
#define CPTR_EL2_RES1	0x32ff		/* no FP/SVE traps to EL2 */
#define SPSR_EL1H_MASKED 0x3c5		/* D, A, I, F masked; EL1 with SP_EL1 */

#define ICC_SRE_EL2	S3_4_C12_C9_5
#define HFGRTR_EL2	S3_4_C1_C1_4
#define HFGWTR_EL2	S3_4_C1_C1_5
#define HFGITR_EL2	S3_4_C1_C1_6
#define HDFGRTR_EL2	S3_4_C3_C1_4
#define HDFGWTR_EL2	S3_4_C3_C1_5

	.section .head.text, "ax"
	.globl _start
_start:
	b	primary_entry		/* code0 */
	.word	0			/* code1 */
	.quad	0			/* text_offset: at a 2 MiB boundary */
	.quad	__image_size		/* image_size, bss included */
	.quad	0xa			/* flags: LE, 4K pages, placement anywhere */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.word	0x644d5241		/* magic "ARM\x64" */
	.word	0			/* res5: no PE/COFF header */

	.text
primary_entry:
	mov	x19, x0			/* FDT */
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #3
	b.eq	park			/* EL3 entry is not supported */
	bl	enter_el1
	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0
	adrp	x0, __image_start
	add	x0, x0, :lo12:__image_start
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
	mov	w3, #1027		/* R_AARCH64_RELATIVE */
	bl	relocate_self
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	adrp	x0, arm64_boot_el
	str	x20, [x0, :lo12:arm64_boot_el]
	msr	tpidr_el1, xzr
	mrs	x0, mpidr_el1
	mov	x9, #0xffffff		/* Aff2..Aff0 */
	movk	x9, #0xff, lsl #32	/* Aff3 */
	and	x0, x0, x9
	mov	x1, x19
	mov	x29, xzr
	mov	x30, xzr
	bl	kernel_main
park:	wfe
	b	park

/* PSCI CPU_ON: x0 = context id = struct cpu (virtual: not read yet). */
	.globl kernel_secondary_entry
kernel_secondary_entry:
	mov	x19, x0
	bl	enter_el1
	adr	x0, secondary_common
	b	arm64_secondary_mmu_on	/* continues at secondary_common, high */
secondary_common:			/* x19 = struct cpu, EL1, MMU on */
	ldr	x9, [x19]		/* cpu->stack_top (first field) */
	mov	sp, x9
	msr	tpidr_el1, x19
	mov	x0, x19
	mov	x29, xzr
	mov	x30, xzr
	bl	kernel_secondary_main
	b	park

/*
 * Spin-table: the firmware jumps here once the boot CPU writes this
 * address to cpu-release-addr. Several CPUs may share one release address,
 * so each waits in the pen until the boot CPU names its MPIDR, then takes
 * the struct cpu left next to it and empties the pen. The pen runs with
 * the MMU (and so the caches) on, as the boot CPU does: then both see
 * each other's pen stores coherently, and the struct cpu can be read.
 */
	.globl spin_table_entry
spin_table_entry:
	bl	enter_el1
	adr	x0, spin_pen
	b	arm64_secondary_mmu_on	/* continues at spin_pen, high */
spin_pen:
	mrs	x9, mpidr_el1
	mov	x10, #0xffffff
	movk	x10, #0xff, lsl #32
	and	x9, x9, x10
	adrp	x11, spin_pen_hwid
	add	x11, x11, :lo12:spin_pen_hwid
1:	ldar	x12, [x11]		/* acquire: spin_pen_cpu is read after */
	cmp	x12, x9
	b.eq	2f
	wfe
	b	1b
2:	adrp	x13, spin_pen_cpu
	ldr	x19, [x13, :lo12:spin_pen_cpu]
	ldr	x14, [x19, #SPIN_PEN_CPU_HWID]
	cmp	x14, x9			/* pen changed under us: look again */
	b.ne	1b
	mov	x12, #-1		/* SPIN_PEN_NONE: the boot CPU may go on */
	stlr	x12, [x11]
	b	secondary_common

/*
 * Leave EL2 for EL1 (no-op at EL1), then set up EL1's control register
 * (MMU off) and vector base (physical, until the MMU is on). Returns to
 * x30 at EL1 with DAIF masked; touches only x9 and x10, so callers keep
 * their arguments in x0-x8 and x19-x28.
 */
enter_el1:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	el1_setup
	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9
	isb
	mrs	x9, cnthctl_el2
	orr	x9, x9, #CNTHCTL_EL1PCTEN_EL1PCEN
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr	/* virtual counter == physical */
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #24, #4		/* GIC: system register interface? */
	cbz	x9, 1f
	mrs	x9, ICC_SRE_EL2
	mov	x10, #ICC_SRE_EL2_SRE_ENABLE
	orr	x9, x9, x10
	msr	ICC_SRE_EL2, x9
	isb
1:	mrs	x9, midr_el1
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	mov	x9, #CPTR_EL2_RES1
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	mrs	x9, id_aa64mmfr0_el1
	ubfx	x9, x9, #56, #4		/* FGT: fine-grained traps exist? */
	cbz	x9, 2f
	msr	HFGRTR_EL2, xzr		/* their reset value is UNKNOWN */
	msr	HFGWTR_EL2, xzr
	msr	HFGITR_EL2, xzr
	msr	HDFGRTR_EL2, xzr
	msr	HDFGWTR_EL2, xzr
2:	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	adr	x9, el1_setup
	msr	elr_el2, x9
	eret
el1_setup:
	msr	daifset, #0xf
	mov	x9, #(SCTLR_EL1_RES1 & 0xffff) | SCTLR_EL1_I
	movk	x9, #(SCTLR_EL1_RES1 >> 16), lsl #16
	msr	sctlr_el1, x9
	adrp	x9, exception_vectors
	add	x9, x9, :lo12:exception_vectors
	msr	vbar_el1, x9
	isb
	ret

	.section .bss.boot_stack, "aw", @nobits
	.balign 16
	.space	16384
boot_stack_top:
