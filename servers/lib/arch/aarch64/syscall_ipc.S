/*
 * IPC syscall stubs (uapi/ipc.h): handle in x0, message words in x1..x4,
 * handle to move in x5 (0 in the plain stubs); status back in x0, words
 * in x1..x4, handle received in x5 (the *_h stubs store it). The kernel
 * preserves every other register, so the message pointer waits in x9
 * and the received-handle pointer in x10 across the svc.
 */
#include <uapi/ipc.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	mov	x8, #\nr
	svc	#0
	ret
	.endm

	syscall	handle_close, SYS_HANDLE_CLOSE
	syscall	handle_dup, SYS_HANDLE_DUP
	syscall	endpoint_create, SYS_ENDPOINT_CREATE
	syscall	notification_create, SYS_NOTIFICATION_CREATE
	syscall	notify_signal, SYS_NOTIFY_SIGNAL
	syscall	ipc_stats, SYS_IPC_STATS
	syscall	thread_create, SYS_THREAD_CREATE

	/* (h, msg): with in = 1, words in from msg; with out = 1, words out
	 * to msg on success. With h = 1 the next arguments are the handle to
	 * give (if in) and where to store the handle received (if out; may
	 * be NULL). */
	.macro	msgcall name, nr, in, out, h
	.globl	\name
\name:
	mov	x9, x1
	.if \h
	.if \in
	mov	x5, x2
	mov	x10, x3
	.else
	mov	x10, x2
	.endif
	.else
	mov	x5, xzr
	.endif
	.if \in
	ldp	x1, x2, [x9]
	ldp	x3, x4, [x9, #16]
	.endif
	mov	x8, #\nr
	svc	#0
	.if \out
	cbnz	x0, 1f
	stp	x1, x2, [x9]
	stp	x3, x4, [x9, #16]
	.if \h
	cbz	x10, 1f
	str	w5, [x10]
	.endif
1:
	.endif
	ret
	.endm

	msgcall	ipc_call, SYS_IPC_CALL, 1, 1, 0
	msgcall	ipc_reply_recv, SYS_IPC_REPLY_RECV, 1, 1, 0
	msgcall	ipc_send, SYS_IPC_SEND, 1, 0, 0
	msgcall	ipc_recv, SYS_IPC_RECV, 0, 1, 0
	msgcall	ipc_call_h, SYS_IPC_CALL, 1, 1, 1
	msgcall	ipc_reply_recv_h, SYS_IPC_REPLY_RECV, 1, 1, 1
	msgcall	ipc_send_h, SYS_IPC_SEND, 1, 0, 1
	msgcall	ipc_recv_h, SYS_IPC_RECV, 0, 1, 1

	/* long notify_wait(h, unsigned long *bits) */
	.globl	notify_wait
notify_wait:
	mov	x9, x1
	mov	x8, #SYS_NOTIFY_WAIT
	svc	#0
	cbnz	x0, 1f
	str	x1, [x9]
1:	ret
