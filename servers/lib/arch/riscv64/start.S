/* User program entry: a0 = argument from the creator, sp = stack top. */
	.section .text.start, "ax"
	.globl _start
_start:
	mv	fp, zero
	call	main
	call	sys_thread_exit
1:	j	1b
