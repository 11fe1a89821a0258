/*
 * riscv64 kernel entry. The Image header lets U-Boot's booti accept us; the
 * boot hart arrives in S-mode with a0 = hart id, a1 = FDT, MMU off. The
 * image is a static PIE linked at 0: relocate, clear bss, enter C.
 */
	.option norvc
	.section .head.text, "ax"
	.globl _start
_start:
	j	boot_entry		/* code0 */
	.word	0			/* code1 */
	.quad	0x200000		/* text_offset (Linux riscv64 value) */
	.quad	__image_end - _start	/* image_size, bss included (link-time constant) */
	.quad	0			/* flags */
	.word	2			/* header version 0.2 */
	.word	0
	.quad	0
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0

	.text
boot_entry:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0			/* keep hart id and FDT in callee-saved regs */
	mv	s1, a1
	lla	sp, boot_stack_top
	lla	a0, __image_start
	lla	a1, __rela_start
	lla	a2, __rela_end
	li	a3, 3			/* R_RISCV_RELATIVE */
	call	relocate_self
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	fence.i
	li	tp, 0
	mv	a0, s0			/* hart id */
	mv	a1, s1			/* FDT */
	mv	fp, zero		/* fp is s0: clear it only now */
	call	kernel_main
3:	wfi
	j	3b

/* Secondary harts from SBI HSM hart_start: a0 = hart id, a1 = struct cpu
 * (whose first field is the stack top). */
	.globl kernel_secondary_entry
kernel_secondary_entry:
	csrw	sie, zero
	j	riscv_secondary_mmu_on	/* returns to secondary_continue, mapped */
	.globl secondary_continue
secondary_continue:
	ld	sp, 0(a1)
	mv	tp, a1
	mv	fp, zero
	mv	a0, a1
	call	kernel_secondary_main
1:	wfi
	j	1b

	.section .bss.boot_stack, "aw", @nobits
	.balign 16
	.space	16384
boot_stack_top:
