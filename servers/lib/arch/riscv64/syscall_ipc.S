/*
 * IPC syscall stubs (uapi/ipc.h): handle in a0, message words in a1..a4,
 * handle to move in a5 (0 in the plain stubs); status back in a0, words
 * in a1..a4, handle received in a5 (the *_h stubs store it). The kernel
 * preserves every other register, so the message pointer waits in t0
 * and the received-handle pointer in t1 across the ecall.
 */
#include <uapi/ipc.h>

	.text
	.macro	syscall name, nr
	.globl	\name
\name:
	li	a7, \nr
	ecall
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
	mv	t0, a1
	.if \h
	.if \in
	mv	a5, a2
	mv	t1, a3
	.else
	mv	t1, a2
	.endif
	.else
	li	a5, 0
	.endif
	.if \in
	ld	a1, 0(t0)
	ld	a2, 8(t0)
	ld	a3, 16(t0)
	ld	a4, 24(t0)
	.endif
	li	a7, \nr
	ecall
	.if \out
	bnez	a0, 1f
	sd	a1, 0(t0)
	sd	a2, 8(t0)
	sd	a3, 16(t0)
	sd	a4, 24(t0)
	.if \h
	beqz	t1, 1f
	sw	a5, 0(t1)
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
	mv	t0, a1
	li	a7, SYS_NOTIFY_WAIT
	ecall
	bnez	a0, 1f
	sd	a1, 0(t0)
1:	ret
