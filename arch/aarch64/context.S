/*
 * Kernel thread switch: callee-saved registers (x19-x30) go on the old
 * thread's stack, its sp into *save_sp; the new thread's come off its
 * stack. TPIDR_EL1 (this CPU's struct cpu) is deliberately not switched.
 */
#define CTX 96		/* x19-x30 */

	.text
	.globl arch_context_switch
/* x0 = &prev->ksp, x1 = next ksp, x2 = prev (handed to the next context) */
arch_context_switch:
	sub	sp, sp, #CTX
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #CTX
	mov	x0, x2
	ret

/* First return of a new thread (its saved x30, see thread_stack_init):
 * x0 already holds prev. */
	.globl arm64_thread_trampoline
arm64_thread_trampoline:
	mov	x29, xzr
	bl	kernel_thread_start
1:	b	1b
