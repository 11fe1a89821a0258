/* User program entry: a0 = argument from the creator (the handle given
 * to sys_spawn, kept for boot_handle()), sp = stack top. */
	.section .text.start, "ax"
	.globl _start
_start:
	mv	fp, zero
	la	t0, __boot_handle
	sw	a0, 0(t0)
	call	main
	call	sys_thread_exit
1:	j	1b
