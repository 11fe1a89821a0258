/*
 * IPC syscalls (the 16..47 range of uapi/syscall.h) and their register
 * convention. A message is IPC_MSG_WORDS machine words carried in
 * registers: in a1..a4 (x1..x4) on the way in, with the handle in a0
 * (x0); on the way out a0 (x0) is the status (0 or -E_*) and a1..a4
 * (x1..x4) the words received. See docs/ipc.md.
 *
 * Handle transfer: send, call and reply_recv also take a handle to move
 * in a5 (x5), HANDLE_INVALID for none; call, recv and reply_recv return
 * the handle that came with the message received in a5 (x5), 0 if none.
 * The handle needs RIGHT_TRANSFER (else -E_ACCESS) and must be valid
 * (else -E_BADHANDLE); either way nothing is sent. It is moved: on
 * success it is gone from the sender and the receiver holds it with the
 * same rights. If the receiver's table is full the syscall fails with
 * -E_NOMEM, nothing is delivered, and the handle is the sender's again
 * (same value). A call whose message was delivered has moved the handle
 * even if it then fails (-E_BUSY). reply_recv with a handle but no reply
 * owed: -E_INVAL. See docs/architecture.md "Handle transfer".
 */
#ifndef UAPI_IPC_H
#define UAPI_IPC_H

#define IPC_MSG_WORDS 4
#define IPC_HANDLE_REG 5           /* a5 / x5: handle moved with a message */

#define SYS_HANDLE_CLOSE 16        /* (h) -> 0 */
#define SYS_HANDLE_DUP 17          /* (h, rights) -> new handle */
#define SYS_ENDPOINT_CREATE 18     /* () -> handle */
#define SYS_NOTIFICATION_CREATE 19 /* () -> handle */
#define SYS_IPC_CALL 20   /* (h, w0..w3, xh) -> 0, reply w0..w3, rh */
#define SYS_IPC_REPLY_RECV 21 /* (h, reply w0..w3, xh) -> 0, w0..w3, rh */
#define SYS_IPC_SEND 22   /* (h, w0..w3, xh) -> 0 */
#define SYS_IPC_RECV 23   /* (h) -> 0, msg w0..w3, rh */
#define SYS_NOTIFY_SIGNAL 24       /* (h, bits) -> 0 */
#define SYS_NOTIFY_WAIT 25         /* (h) -> 0, bits in a1/x1 */
#define SYS_IPC_STATS 26           /* (struct ipc_stats *) -> 0 */

/* Threads area (80..111), defined here because it came with IPC: a new
 * thread of the caller's process at pc with stack sp and a0/x0 = arg. */
#define SYS_THREAD_CREATE 80       /* (pc, sp, arg) -> thread id */

#ifndef __ASSEMBLER__
/* Kernel-wide IPC counters, and the counter clock to time them by. */
struct ipc_stats {
	unsigned long calls;        /* call, send and reply hand-offs done */
	unsigned long replies;
	unsigned long same_cpu;     /* partner woken on the waker's CPU */
	unsigned long cross_cpu;    /* partner woken on another CPU */
	unsigned long direct;       /* hand-offs that switched directly */
	unsigned long now;          /* counter ticks */
	unsigned long hz;           /* counter frequency */
};
#endif

#endif
