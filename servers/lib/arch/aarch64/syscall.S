/* Syscall stubs: number in x8, arguments in x0..x5, result in x0. */
#include <uapi/syscall.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	mov	x8, #\nr
	svc	#0
	ret
	.endm

	syscall	sys_console_write, SYS_CONSOLE_WRITE
	syscall	sys_thread_exit, SYS_THREAD_EXIT
	syscall	sys_yield, SYS_YIELD

	.globl	sys_raw
/* long sys_raw(nr, a0, a1, a2, a3, a4, a5): any number, for tests. */
sys_raw:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
