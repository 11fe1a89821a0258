/*
 * Raw syscall entry for tests (sys/raw_syscall.h): any number with any
 * six arguments, and optionally every result register back.
 */
	.text
/* long syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
 *               long a5) */
	.globl	syscall6
syscall6:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret

/* long syscall6_res(unsigned long res[SYSCALL_RESULTS], long nr,
 *                   long a0, long a1, long a2, long a3, long a4, long a5)
 * res[0..4] = x0..x4 after the call (the IPC calls return words in
 * x1..x4). The kernel preserves every register it does not return in, so
 * res waits in x9 across the svc. */
	.globl	syscall6_res
syscall6_res:
	mov	x9, x0
	mov	x8, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	mov	x3, x5
	mov	x4, x6
	mov	x5, x7
	svc	#0
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	str	x4, [x9, #32]
	ret
