/*
 * Trap vector (stvec, direct mode). Kernel-only for now: the trapped
 * context's registers go into a frame on the current stack, riscv_trap()
 * decodes scause, and everything is restored on return.
 */
#define FRAME 288	/* 32 regs + sepc, sstatus, scause, stval */

	.text
	.balign 4
	.globl trap_vector
trap_vector:
	/* sscratch is 0 in the kernel and the user frame's address in user
	 * mode: swap it with sp to tell the two apart without a register. */
	csrrw	sp, sscratch, sp
	bnez	sp, from_user
	csrrw	sp, sscratch, sp
	addi	sp, sp, -FRAME
	sd	ra, 8(sp)
	sd	gp, 24(sp)
	sd	tp, 32(sp)
	sd	t0, 40(sp)
	sd	t1, 48(sp)
	sd	t2, 56(sp)
	sd	s0, 64(sp)
	sd	s1, 72(sp)
	sd	a0, 80(sp)
	sd	a1, 88(sp)
	sd	a2, 96(sp)
	sd	a3, 104(sp)
	sd	a4, 112(sp)
	sd	a5, 120(sp)
	sd	a6, 128(sp)
	sd	a7, 136(sp)
	sd	s2, 144(sp)
	sd	s3, 152(sp)
	sd	s4, 160(sp)
	sd	s5, 168(sp)
	sd	s6, 176(sp)
	sd	s7, 184(sp)
	sd	s8, 192(sp)
	sd	s9, 200(sp)
	sd	s10, 208(sp)
	sd	s11, 216(sp)
	sd	t3, 224(sp)
	sd	t4, 232(sp)
	sd	t5, 240(sp)
	sd	t6, 248(sp)
	addi	t0, sp, FRAME
	sd	t0, 16(sp)		/* sp before the trap */
	csrr	t0, sepc
	sd	t0, 256(sp)
	csrr	t0, sstatus
	sd	t0, 264(sp)
	csrr	t0, scause
	sd	t0, 272(sp)
	csrr	t0, stval
	sd	t0, 280(sp)
	mv	a0, sp
	call	riscv_trap
	ld	t0, 256(sp)
	csrw	sepc, t0
	ld	t0, 264(sp)
	csrw	sstatus, t0
	ld	ra, 8(sp)
	ld	gp, 24(sp)
	/* tp is not restored: it names this CPU, and the interrupted thread
	 * may have been switched away in the handler and resumed on another
	 * CPU since the frame was saved. */
	ld	t0, 40(sp)
	ld	t1, 48(sp)
	ld	t2, 56(sp)
	ld	s0, 64(sp)
	ld	s1, 72(sp)
	ld	a0, 80(sp)
	ld	a1, 88(sp)
	ld	a2, 96(sp)
	ld	a3, 104(sp)
	ld	a4, 112(sp)
	ld	a5, 120(sp)
	ld	a6, 128(sp)
	ld	a7, 136(sp)
	ld	s2, 144(sp)
	ld	s3, 152(sp)
	ld	s4, 160(sp)
	ld	s5, 168(sp)
	ld	s6, 176(sp)
	ld	s7, 184(sp)
	ld	s8, 192(sp)
	ld	s9, 200(sp)
	ld	s10, 208(sp)
	ld	s11, 216(sp)
	ld	t3, 224(sp)
	ld	t4, 232(sp)
	ld	t5, 240(sp)
	ld	t6, 248(sp)
	addi	sp, sp, FRAME
	sret

/*
 * Traps from user mode. sp is the user frame at the top of the current
 * thread's kernel stack (layout: struct user_frame in user.c); the kernel
 * stack continues below it.
 */
#define UFRAME 304
#define UF_KTP 288

from_user:
	sd	ra, 8(sp)
	sd	gp, 24(sp)
	sd	tp, 32(sp)
	sd	t0, 40(sp)
	sd	t1, 48(sp)
	sd	t2, 56(sp)
	sd	s0, 64(sp)
	sd	s1, 72(sp)
	sd	a0, 80(sp)
	sd	a1, 88(sp)
	sd	a2, 96(sp)
	sd	a3, 104(sp)
	sd	a4, 112(sp)
	sd	a5, 120(sp)
	sd	a6, 128(sp)
	sd	a7, 136(sp)
	sd	s2, 144(sp)
	sd	s3, 152(sp)
	sd	s4, 160(sp)
	sd	s5, 168(sp)
	sd	s6, 176(sp)
	sd	s7, 184(sp)
	sd	s8, 192(sp)
	sd	s9, 200(sp)
	sd	s10, 208(sp)
	sd	s11, 216(sp)
	sd	t3, 224(sp)
	sd	t4, 232(sp)
	sd	t5, 240(sp)
	sd	t6, 248(sp)
	csrr	t0, sscratch
	sd	t0, 16(sp)		/* user sp */
	csrw	sscratch, zero		/* in the kernel now */
	csrr	t0, sepc
	sd	t0, 256(sp)
	csrr	t0, sstatus
	sd	t0, 264(sp)
	csrr	t0, scause
	sd	t0, 272(sp)
	csrr	t0, stval
	sd	t0, 280(sp)
	ld	tp, UF_KTP(sp)		/* this CPU, as of the last exit */
	/* .option norelax keeps gp alone: the kernel does not use it. */
	mv	fp, zero
	mv	a0, sp
	call	riscv_user_trap
	mv	a0, sp
	/* fall through */

/* a0 = user frame: leave for user mode. */
	.globl riscv_return_to_user
riscv_return_to_user:
	mv	sp, a0
	sd	tp, UF_KTP(sp)		/* may be another CPU than at entry */
	ld	t0, 256(sp)
	csrw	sepc, t0
	ld	t0, 264(sp)
	csrw	sstatus, t0
	csrw	sscratch, sp		/* the next trap from user lands here */
	ld	ra, 8(sp)
	ld	gp, 24(sp)
	ld	tp, 32(sp)
	ld	t0, 40(sp)
	ld	t1, 48(sp)
	ld	t2, 56(sp)
	ld	s0, 64(sp)
	ld	s1, 72(sp)
	ld	a0, 80(sp)
	ld	a1, 88(sp)
	ld	a2, 96(sp)
	ld	a3, 104(sp)
	ld	a4, 112(sp)
	ld	a5, 120(sp)
	ld	a6, 128(sp)
	ld	a7, 136(sp)
	ld	s2, 144(sp)
	ld	s3, 152(sp)
	ld	s4, 160(sp)
	ld	s5, 168(sp)
	ld	s6, 176(sp)
	ld	s7, 184(sp)
	ld	s8, 192(sp)
	ld	s9, 200(sp)
	ld	s10, 208(sp)
	ld	s11, 216(sp)
	ld	t3, 224(sp)
	ld	t4, 232(sp)
	ld	t5, 240(sp)
	ld	t6, 248(sp)
	ld	sp, 16(sp)
	sret
