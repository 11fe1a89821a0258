/*
 * Raw syscall entry for tests (sys/raw_syscall.h): any number with any
 * six arguments, and optionally every result register back.
 */
	.text
/* long syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
 *               long a5) */
	.globl	syscall6
syscall6:
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	ecall
	ret

/* long syscall6_res(unsigned long res[SYSCALL_RESULTS], long nr,
 *                   long a0, long a1, long a2, long a3, long a4, long a5)
 * res[0..4] = a0..a4 after the call (the IPC calls return words in
 * a1..a4). The kernel preserves every register it does not return in, so
 * res waits in t0 across the ecall. */
	.globl	syscall6_res
syscall6_res:
	mv	t0, a0
	mv	t1, a1
	mv	a0, a2
	mv	a1, a3
	mv	a2, a4
	mv	a3, a5
	mv	a4, a6
	mv	a5, a7
	mv	a7, t1
	ecall
	sd	a0, 0(t0)
	sd	a1, 8(t0)
	sd	a2, 16(t0)
	sd	a3, 24(t0)
	sd	a4, 32(t0)
	ret
