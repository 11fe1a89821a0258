/*
 * EL1 exception vectors (VBAR_EL1). The kernel runs at EL1h; user threads
 * at EL0 (AArch64).
 *
 * From EL1h: an IRQ goes to the interrupt controller driver; every other
 * entry (sync, FIQ, SError, anything taken on SP_EL0) is fatal and goes to
 * arm64_trap() for a readable report. The frame holds x0-x30, the
 * interrupted sp, ELR, SPSR, ESR and FAR (the layout of struct trap_frame
 * in trap.c), and a frame record {x29, ELR} so a backtrace walks from the
 * handler into the interrupted code.
 *
 * From EL0: while a thread runs at EL0, SP_EL1 is the address of its user
 * frame (struct user_frame in user.c: x0-x30, SP_EL0, ELR, SPSR,
 * TPIDR_EL0), the top of its kernel stack, so the registers are saved in
 * place with no per-CPU state. An SVC goes to kernel_syscall, an IRQ to
 * the interrupt controller, any other synchronous exception to
 * arm64_user_sync (which ends the thread); each may switch threads, and
 * the thread may come back on another CPU: the frame is on its own stack,
 * so sp is still the frame when they return, and ret_to_user restores it
 * and erets with SP_EL1 = the frame again. FIQs and SErrors from EL0 are
 * fatal to the system, as from EL1.
 */
#define FRAME		304
#define OFF_X30		240
#define OFF_ELR		256
#define OFF_ESR		272
#define OFF_RECORD	288

/* struct user_frame (user.c) */
#define UFRAME		288
#define U_X30		240	/* x30, then SP_EL0 */
#define U_ELR		256	/* ELR, then SPSR */
#define U_TPIDR		272

/* Trap kinds passed to arm64_trap: origin * 4 + type. */
#define T_SYNC		0
#define T_IRQ		1
#define T_FIQ		2
#define T_SERROR	3
#define O_EL1T		0	/* current EL on SP_EL0 */
#define O_EL1H		4	/* current EL on SP_EL1 */
#define O_EL0_64	8	/* lower EL, AArch64 */
#define O_EL0_32	12	/* lower EL, AArch32 */

	.macro	save_frame
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x9, sp, #FRAME
	stp	x30, x9, [sp, #OFF_X30]
	mrs	x10, elr_el1
	mrs	x11, spsr_el1
	stp	x10, x11, [sp, #OFF_ELR]
	mrs	x12, esr_el1
	mrs	x13, far_el1
	stp	x12, x13, [sp, #OFF_ESR]
	stp	x29, x10, [sp, #OFF_RECORD]
	add	x29, sp, #OFF_RECORD
	.endm

	.macro	restore_frame
	ldp	x10, x11, [sp, #OFF_ELR]
	msr	elr_el1, x10
	msr	spsr_el1, x11
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #OFF_X30]
	add	sp, sp, #FRAME
	.endm

/* Save the EL0 registers at sp, which is the user frame. Leaves x29 = 0,
 * so a kernel backtrace stops here. */
	.macro	save_user
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x9, sp_el0
	stp	x30, x9, [sp, #U_X30]
	mrs	x10, elr_el1
	mrs	x11, spsr_el1
	stp	x10, x11, [sp, #U_ELR]
	mrs	x12, tpidr_el0
	str	x12, [sp, #U_TPIDR]
	mov	x29, xzr
	.endm

	/* Each vector slot is 0x80 bytes: branch out to the real handler. */
	.macro	slot target
	.balign	0x80
	b	\target
	.endm

	.macro	fatal_stub name, kind
\name:
	save_frame
	mov	x0, sp
	mov	w1, #\kind
	bl	arm64_trap		/* does not return */
	b	.
	.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	slot	el1t_sync
	slot	el1t_irq
	slot	el1t_fiq
	slot	el1t_serror
	slot	el1h_sync
	slot	el1h_irq
	slot	el1h_fiq
	slot	el1h_serror
	slot	el0_64_sync
	slot	el0_64_irq
	slot	el0_64_fiq
	slot	el0_64_serror
	slot	el0_32_sync
	slot	el0_32_irq
	slot	el0_32_fiq
	slot	el0_32_serror

	.balign	0x80
el1h_irq:
	save_frame
	bl	kernel_external_interrupt
	bl	kernel_irq_exit		/* after EOI: may switch threads */
	restore_frame
	eret

	fatal_stub el1t_sync, O_EL1T + T_SYNC
	fatal_stub el1t_irq, O_EL1T + T_IRQ
	fatal_stub el1t_fiq, O_EL1T + T_FIQ
	fatal_stub el1t_serror, O_EL1T + T_SERROR
	fatal_stub el1h_sync, O_EL1H + T_SYNC
	fatal_stub el1h_fiq, O_EL1H + T_FIQ
	fatal_stub el1h_serror, O_EL1H + T_SERROR
	fatal_stub el0_64_fiq, O_EL0_64 + T_FIQ
	fatal_stub el0_64_serror, O_EL0_64 + T_SERROR
	fatal_stub el0_32_fiq, O_EL0_32 + T_FIQ
	fatal_stub el0_32_serror, O_EL0_32 + T_SERROR

/* ---- From EL0 (AArch64): sp = SP_EL1 = the thread's user frame ---- */
el0_64_sync:
	save_user
	mrs	x1, esr_el1
	lsr	x9, x1, #26		/* EC */
	cmp	x9, #0x15		/* SVC from AArch64 */
	b.ne	1f
	mov	x0, sp
	bl	kernel_syscall
	b	ret_to_user
1:	mrs	x2, far_el1
	mov	x0, sp
	bl	arm64_user_sync		/* ends the thread */
	b	ret_to_user

el0_64_irq:
	save_user
	bl	kernel_external_interrupt
	bl	kernel_irq_exit		/* after EOI: may switch threads */
	b	ret_to_user

/* AArch32 at EL0 is never entered; if it were, end the thread. An IRQ
 * taken here stays pending and is handled once the kernel unmasks. */
el0_32_sync:
el0_32_irq:
	save_user
	mrs	x1, esr_el1
	mov	x0, sp
	bl	arm64_user_aarch32	/* ends the thread */
	b	ret_to_user

/*
 * _Noreturn void arch_enter_user(void *frame): the first entry to EL0 of a
 * thread, from its kernel stack; frame is the top of that stack.
 */
	.globl	arch_enter_user
arch_enter_user:
	mov	sp, x0
	/* fall through */

/* Restore the user frame at sp and return to EL0, leaving SP_EL1 = the
 * frame for the next exception. */
ret_to_user:
	msr	daifset, #0xf		/* ELR/SPSR must survive to the eret */
	ldp	x10, x11, [sp, #U_ELR]
	msr	elr_el1, x10
	msr	spsr_el1, x11
	ldp	x30, x9, [sp, #U_X30]
	msr	sp_el0, x9
	ldr	x12, [sp, #U_TPIDR]
	msr	tpidr_el0, x12
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	eret
	dsb	nsh			/* no straight-line speculation past eret */
	isb
