/* Syscall stubs: number in a7, arguments in a0..a5, result in a0. */
#include <uapi/syscall.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	li	a7, \nr
	ecall
	ret
	.endm

	syscall	sys_console_write, SYS_CONSOLE_WRITE
	syscall	sys_thread_exit, SYS_THREAD_EXIT
	syscall	sys_yield, SYS_YIELD
	.globl	sys_raw
/* long sys_raw(nr, a0, a1, a2, a3, a4, a5): any number, for tests. */
sys_raw:
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	ecall
	ret
