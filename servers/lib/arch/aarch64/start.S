/* User program entry: x0 = argument from the creator (the handle given
 * to sys_spawn, kept for boot_handle()), sp = stack top. */
	.section .text.start, "ax"
	.globl _start
_start:
	mov	x29, xzr
	mov	x30, xzr
	adrp	x9, __boot_handle
	str	w0, [x9, :lo12:__boot_handle]
	bl	main
	bl	sys_thread_exit
1:	b	1b
