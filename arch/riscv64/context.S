/*
 * Kernel thread switch: callee-saved registers go on the old thread's
 * stack, its sp into *save_sp; the new thread's registers come off its
 * stack. tp (this CPU's struct cpu) is deliberately not switched.
 */
#define CTX 112		/* ra, s0-s11, pad */

	.text
	.globl arch_context_switch
/* a0 = &prev->ksp, a1 = next ksp, a2 = prev (handed to the next context) */
arch_context_switch:
	addi	sp, sp, -CTX
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	sp, 0(a0)
	mv	sp, a1
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, CTX
	mv	a0, a2
	ret

/* First return of a new thread (its saved ra, see thread_stack_init):
 * a0 already holds prev. */
	.globl riscv_thread_trampoline
riscv_thread_trampoline:
	mv	fp, zero
	call	kernel_thread_start
1:	j	1b
