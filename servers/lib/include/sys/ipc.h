/*
 * Handles, endpoints and notifications from user space (stubs in
 * servers/lib/arch/<arch>/syscall_ipc.S; semantics in docs/ipc.md).
 * Every call returns 0 (or a handle / thread id) on success, -E_* on
 * failure; on failure *msg is left as it was.
 */
#ifndef SERVERS_SYS_IPC_H
#define SERVERS_SYS_IPC_H

#include <uapi/errors.h>
#include <uapi/handle.h>
#include <uapi/ipc.h>

struct ipc_msg {
	unsigned long w[IPC_MSG_WORDS];
};

long handle_close(handle_t h);
/* A new handle to h's object holding `rights` (a subset of h's). */
long handle_dup(handle_t h, unsigned rights);

long endpoint_create(void);
/* Send msg and wait for the reply, which replaces it. Needs RIGHT_CALL. */
long ipc_call(handle_t ep, struct ipc_msg *msg);
/* Reply with msg to the caller this thread owes a reply (if any), then
 * wait for the next message, which replaces msg. Needs RIGHT_READ. */
long ipc_reply_recv(handle_t ep, struct ipc_msg *msg);
/* Send msg, waiting until a receiver takes it. Needs RIGHT_WRITE. */
long ipc_send(handle_t ep, const struct ipc_msg *msg);
/* Wait for a message (dropping an unanswered call with -E_BUSY). */
long ipc_recv(handle_t ep, struct ipc_msg *msg);

/*
 * The same with a handle moved beside the words (uapi/ipc.h, a5 / x5).
 * give: a handle of this process with RIGHT_TRANSFER, or HANDLE_INVALID;
 * on success it is gone from this process (the receiver holds it, same
 * rights); on failure it is still ours (-E_BADHANDLE, -E_ACCESS, or
 * -E_NOMEM: the receiver's handle table is full). *got (got may be NULL)
 * receives the handle that came with the message received, or
 * HANDLE_INVALID. The plain calls above give none, and a handle that
 * comes to them stays in this process's table unnamed: use these where
 * handles may come.
 */
long ipc_call_h(handle_t ep, struct ipc_msg *msg, handle_t give,
		handle_t *got);
/* give goes with the reply; -E_INVAL if no reply is owed. */
long ipc_reply_recv_h(handle_t ep, struct ipc_msg *msg, handle_t give,
		      handle_t *got);
long ipc_send_h(handle_t ep, const struct ipc_msg *msg, handle_t give);
long ipc_recv_h(handle_t ep, struct ipc_msg *msg, handle_t *got);

long notification_create(void);
long notify_signal(handle_t n, unsigned long bits);
/* Wait until a bit is pending; *bits gets (and clears) all of them. */
long notify_wait(handle_t n, unsigned long *bits);

long ipc_stats(struct ipc_stats *out);
/* A new thread of this process: runs entry(arg) on stack_top (16-byte
 * aligned); entry must end with sys_thread_exit. Returns its id. */
long thread_create(void (*entry)(unsigned long), void *stack_top,
		   unsigned long arg);

#endif
