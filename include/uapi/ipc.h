/*
 * IPC syscalls (the 16..47 range of uapi/syscall.h) and their register
 * convention. A message is IPC_MSG_WORDS machine words carried in
 * registers: in a1..a4 (x1..x4) on the way in, with the handle in a0
 * (x0); on the way out a0 (x0) is the status (0 or -E_*) and a1..a4
 * (x1..x4) the words received. See docs/ipc.md.
 */
#ifndef UAPI_IPC_H
#define UAPI_IPC_H

#define IPC_MSG_WORDS 4

#define SYS_HANDLE_CLOSE 16        /* (h) -> 0 */
#define SYS_HANDLE_DUP 17          /* (h, rights) -> new handle */
#define SYS_ENDPOINT_CREATE 18     /* () -> handle */
#define SYS_NOTIFICATION_CREATE 19 /* () -> handle */
#define SYS_IPC_CALL 20            /* (h, w0..w3) -> 0, reply w0..w3 */
#define SYS_IPC_REPLY_RECV 21      /* (h, reply w0..w3) -> 0, msg w0..w3 */
#define SYS_IPC_SEND 22            /* (h, w0..w3) -> 0 */
#define SYS_IPC_RECV 23            /* (h) -> 0, msg w0..w3 */
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
