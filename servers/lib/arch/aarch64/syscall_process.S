/* Stubs for the process, console-input and time syscalls (uapi/process.h):
 * number in x8, arguments in x0..x5, result in x0. */
#include <uapi/process.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	mov	x8, #\nr
	svc	#0
	ret
	.endm

	syscall	sys_console_read, SYS_CONSOLE_READ
	syscall	sys_sleep, SYS_SLEEP
	syscall	sys_spawn, SYS_SPAWN
	syscall	sys_ps, SYS_PS
