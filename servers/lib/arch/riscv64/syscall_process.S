/* Stubs for the process, console-input and time syscalls (uapi/process.h):
 * number in a7, arguments in a0..a5, result in a0. */
#include <uapi/process.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	li	a7, \nr
	ecall
	ret
	.endm

	syscall	sys_console_read, SYS_CONSOLE_READ
	syscall	sys_sleep, SYS_SLEEP
	syscall	sys_spawn, SYS_SPAWN
	syscall	sys_ps, SYS_PS
