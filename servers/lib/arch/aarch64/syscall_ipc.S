/*
 * IPC syscall stubs (uapi/ipc.h): handle in x0, message words in x1..x4;
 * status back in x0, words in x1..x4. The kernel preserves every other
 * register, so the message pointer waits in x9 across the svc.
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

	/* (h, msg): words in from msg; with out = 1, words out to msg on
	 * success. */
	.macro	msgcall name, nr, in, out
	.globl	\name
\name:
	mov	x9, x1
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
1:
	.endif
	ret
	.endm

	msgcall	ipc_call, SYS_IPC_CALL, 1, 1
	msgcall	ipc_reply_recv, SYS_IPC_REPLY_RECV, 1, 1
	msgcall	ipc_send, SYS_IPC_SEND, 1, 0
	msgcall	ipc_recv, SYS_IPC_RECV, 0, 1

	/* long notify_wait(h, unsigned long *bits) */
	.globl	notify_wait
notify_wait:
	mov	x9, x1
	mov	x8, #SYS_NOTIFY_WAIT
	svc	#0
	cbnz	x0, 1f
	str	x1, [x9]
1:	ret
