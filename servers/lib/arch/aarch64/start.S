/* User program entry: x0 = argument from the creator, sp = stack top. */
	.section .text.start, "ax"
	.globl _start
_start:
	mov	x29, xzr
	mov	x30, xzr
	bl	main
	bl	sys_thread_exit
1:	b	1b
