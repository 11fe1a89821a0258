/*
 * Endpoints: synchronous message passing. A message is IPC_MSG_WORDS
 * words in registers; nothing is buffered in the kernel. A sender (send
 * or call) and a receiver meet on the endpoint: whichever comes first
 * waits on one of its two queues (an ipc_wait record on its own kernel
 * stack), the second copies the words and wakes the first.
 *
 * call = send + wait for the reply: the receiver that takes a call keeps
 * the caller's record in thread->ipc_reply (an implicit one-shot reply
 * right) until reply_recv answers it. A receiver that receives again
 * without replying releases the caller with -E_BUSY.
 *
 * Fast path: when call or reply_recv finds its partner waiting and that
 * partner last ran on this CPU, the kernel switches straight to it
 * (sched_wake_and_switch) instead of queueing it and picking it off the
 * run queue; otherwise (partner on another CPU, slice used up) it is
 * woken like any thread, with an IPI if its CPU idles.
 *
 * Handle transfer: send, call and reply_recv may move one handle (a5/x5,
 * HANDLE_INVALID for none) with the words. At syscall entry the handle
 * is put in transit in the sender's table (handle_transfer_begin: it
 * stops working there and a concurrent close cannot free the object);
 * at the hand-off the partner side installs the object in the
 * receiver's table, same rights, and the receiver gets the new handle
 * in a5/x5 (0 if none). The sender's slot is freed when the message was
 * delivered, else (receiver's table full: -E_NOMEM) it is valid again.
 * See docs/architecture.md "Handle transfer".
 *
 * Lock order: endpoint.lock, then (transfers only) the receiver's
 * handle-table lock, a leaf; otherwise taken alone (interrupts masked).
 * The wake-ups happen after it is dropped, still masked, so a waiter
 * cannot exit and be freed under a waker (see the zombie list in sched.c).
 */
#include <uapi/errors.h>
#include <uapi/handle.h>
#include <uapi/ipc.h>

#include "ipc_wait.h"
#include "kernel/arch.h"
#include "kernel/handle.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"

struct endpoint {
	struct kobj obj;              /* first: handles point here */
	struct spinlock lock;
	struct ipc_queue receivers;   /* recv / reply_recv waiting */
	struct ipc_queue senders;     /* send / call waiting for a receiver */
};

_Static_assert(sizeof(struct endpoint) <= KOBJ_SIZE_MAX, "endpoint size");

/* Every wait record on an endpoint's queues (and in thread->ipc_reply) is
 * one of these: the ipc_wait and what moves beside the words. */
struct ep_wait {
	struct ipc_wait w;            /* first: queues hold &w */
	/* Sender: the object moving with the message (the transfer's
	 * reference) or NULL, its rights, and whether the partner installed
	 * it in the receiver's table (then the reference is theirs). */
	struct kobj *xfer;
	uint32_t xfer_rights;
	bool delivered;
	/* Receiver / caller: the handle the partner installed in this
	 * thread's table, 0 if none. */
	unsigned long got;
};

static struct ep_wait *ep_wait_of(struct ipc_wait *w)
{
	return (struct ep_wait *)w;
}

/* Install s's object in thread t's process: the new handle, or -E_NOMEM
 * when that table is full (s keeps the object). */
static long give_handle(struct ep_wait *s, struct thread *t)
{
	long h = handle_install(&t->proc->handles, s->xfer, s->xfer_rights);
	if (h >= 0)
		s->delivered = true;
	return h;
}

static void endpoint_destroy(struct kobj *o)
{
	/* Every waiter holds a reference: the queues are empty here. */
	kobj_free(o);
}

static int endpoint_get(unsigned long h, uint32_t need,
			struct endpoint **out)
{
	struct kobj *o;
	int err = handle_get(&thread_current()->proc->handles, h,
			     KOBJ_ENDPOINT, need, &o);
	if (!err)
		*out = (struct endpoint *)o;
	return err;
}

static void set_msg_results(const struct syscall_args *args,
			    const unsigned long *msg, unsigned long got)
{
	for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
		arch_syscall_set_result_n(args->frame, 1 + i, msg[i]);
	arch_syscall_set_result_n(args->frame, IPC_HANDLE_REG, got);
}

static void copy_msg(unsigned long *dst, const unsigned long *src)
{
	for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
		dst[i] = src[i];
}

static void count(_Atomic unsigned long *c)
{
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

/* send (is_call false) or call: w.msg holds the words; on return it holds
 * the reply of a call. */
static long do_send(struct endpoint *ep, struct ep_wait *ew)
{
	struct ipc_wait *w = &ew->w;
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	struct ipc_wait *r = ep->receivers.head;
	if (!r) {
		/* Blocked before w is visible: see ipc_wait.h. */
		thread_prepare_block();
		ipc_queue_push(&ep->senders, w);
		spin_unlock(&ep->lock);
		ipc_wait_done(w, true);
		arch_irq_restore(flags);
		return w->status;
	}
	if (ew->xfer) {
		/* Installed before r leaves the queue: if r's table is full,
		 * r goes on waiting and nothing is sent. */
		long h = give_handle(ew, r->t);
		if (h < 0) {
			spin_unlock_irqrestore(&ep->lock, flags);
			return h;
		}
		ep_wait_of(r)->got = (unsigned long)h;
	}
	ipc_queue_pop(&ep->receivers);
	copy_msg(r->msg, w->msg);
	r->reply = w->is_call ? w : NULL;
	spin_unlock(&ep->lock);
	count(&ipc_stat_calls);
	if (!w->is_call) {
		ipc_complete(r, 0);
		arch_irq_restore(flags);
		return 0;
	}
	thread_prepare_block();
	bool switched = ipc_complete_and_switch(r, 0);
	ipc_wait_done(w, !switched);
	arch_irq_restore(flags);
	return w->status;
}

/* Receive into out (and *got: a handle that came with it, or 0); first
 * answer reply_to (if any; its msg is filled). */
static long do_recv(struct endpoint *ep, struct ipc_wait *reply_to,
		    unsigned long *out, unsigned long *got)
{
	struct thread *me = thread_current();
	struct ep_wait ew = { .w = { .t = me } };
	struct ipc_wait *s;
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	while ((s = ipc_queue_pop(&ep->senders)) != NULL) {
		struct ep_wait *es = ep_wait_of(s);
		if (!es->xfer) {
			*got = 0;
			break;
		}
		long h = give_handle(es, me);
		if (h >= 0) {
			*got = (unsigned long)h;
			break;
		}
		/* Our table is full: that sender fails and keeps its handle;
		 * look at the next one. */
		spin_unlock(&ep->lock);
		ipc_complete(s, h);
		spin_lock(&ep->lock);
	}
	if (s) {
		/* A sender is waiting: no need to block at all. */
		copy_msg(out, s->msg);
		bool is_call = s->is_call;
		me->ipc_reply = is_call ? s : NULL;
		spin_unlock(&ep->lock);
		count(&ipc_stat_calls);
		if (!is_call)
			ipc_complete(s, 0);
		if (reply_to)
			ipc_complete(reply_to, 0);
		arch_irq_restore(flags);
		return 0;
	}
	/* Blocked before w is visible: a sender may complete w as soon as
	 * the lock drops, and the hand-off below may switch away at once
	 * without looking at w.done again. */
	thread_prepare_block();
	ipc_queue_push(&ep->receivers, &ew.w);
	spin_unlock(&ep->lock);
	bool switched = reply_to && ipc_complete_and_switch(reply_to, 0);
	ipc_wait_done(&ew.w, !switched);
	arch_irq_restore(flags);
	copy_msg(out, ew.w.msg);
	*got = ew.got;
	me->ipc_reply = ew.w.reply;
	return ew.w.status;
}

/* A reply owed and never sent: release the caller with an error. */
static void drop_reply(struct thread *me)
{
	struct ipc_wait *c = me->ipc_reply;
	if (!c)
		return;
	me->ipc_reply = NULL;
	unsigned long flags = arch_irq_save();
	ipc_complete(c, -E_BUSY);
	arch_irq_restore(flags);
}

static long sys_endpoint_create(const struct syscall_args *args)
{
	(void)args;
	struct endpoint *ep = kobj_alloc(sizeof(*ep));
	if (!ep)
		return -E_NOMEM;
	spin_init(&ep->lock, "endpoint");
	kobj_init(&ep->obj, KOBJ_ENDPOINT, endpoint_destroy);
	long h = handle_install(&thread_current()->proc->handles, &ep->obj,
				RIGHTS_ENDPOINT);
	if (h < 0)
		kobj_put(&ep->obj);
	return h;
}
SYSCALL(SYS_ENDPOINT_CREATE, sys_endpoint_create);

static long send_common(const struct syscall_args *args, bool is_call)
{
	struct endpoint *ep;
	int err = endpoint_get(args->a[0], is_call ? RIGHT_CALL : RIGHT_WRITE,
			       &ep);
	if (err)
		return err;
	struct thread *me = thread_current();
	struct ep_wait w = { .w = { .t = me, .is_call = is_call } };
	unsigned long xh = args->a[IPC_HANDLE_REG];
	if (xh != HANDLE_INVALID) {
		err = handle_transfer_begin(&me->proc->handles, xh, &w.xfer,
					    &w.xfer_rights);
		if (err) {
			kobj_put(&ep->obj);
			return err;
		}
	}
	for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
		w.w.msg[i] = args->a[1 + i];
	long ret = do_send(ep, &w);
	kobj_put(&ep->obj);
	/* Delivered: the receiver has it now (even if a call then failed
	 * with -E_BUSY). Not delivered: the handle is ours again. */
	if (w.xfer)
		handle_transfer_end(&me->proc->handles, xh, w.delivered);
	if (is_call)
		set_msg_results(args, w.w.msg, w.got);
	return ret;
}

static long sys_ipc_call(const struct syscall_args *args)
{
	return send_common(args, true);
}
SYSCALL(SYS_IPC_CALL, sys_ipc_call);

static long sys_ipc_send(const struct syscall_args *args)
{
	return send_common(args, false);
}
SYSCALL(SYS_IPC_SEND, sys_ipc_send);

static long sys_ipc_recv(const struct syscall_args *args)
{
	struct endpoint *ep;
	int err = endpoint_get(args->a[0], RIGHT_READ, &ep);
	if (err)
		return err;
	struct thread *me = thread_current();
	drop_reply(me);
	unsigned long msg[IPC_MSG_WORDS], got;
	long ret = do_recv(ep, NULL, msg, &got);
	kobj_put(&ep->obj);
	if (!ret)
		set_msg_results(args, msg, got);
	return ret;
}
SYSCALL(SYS_IPC_RECV, sys_ipc_recv);

/* Move handle h of this thread's process into the caller c waits in
 * (reply_recv's a5). 0, or -E_* with h still ours: bad handle, no
 * RIGHT_TRANSFER, no reply owed (-E_INVAL) or c's table full. */
static long reply_handle(struct thread *me, struct ipc_wait *c,
			 unsigned long h)
{
	struct ep_wait t = { .w = { .t = me } };
	int err = handle_transfer_begin(&me->proc->handles, h, &t.xfer,
					&t.xfer_rights);
	if (err)
		return err;
	long nh = c ? give_handle(&t, c->t) : -E_INVAL;
	if (nh >= 0)
		ep_wait_of(c)->got = (unsigned long)nh;
	handle_transfer_end(&me->proc->handles, h, t.delivered);
	return nh < 0 ? nh : 0;
}

/* The server loop in one syscall: answer the caller this thread owes a
 * reply (if any) with a1..a4 (and the handle in a5), then wait for the
 * next message. A bad handle fails before anything is sent; so does a
 * handle that cannot be moved, and the reply is then still owed. */
static long sys_ipc_reply_recv(const struct syscall_args *args)
{
	struct endpoint *ep;
	int err = endpoint_get(args->a[0], RIGHT_READ, &ep);
	if (err)
		return err;
	struct thread *me = thread_current();
	struct ipc_wait *c = me->ipc_reply;
	if (args->a[IPC_HANDLE_REG] != HANDLE_INVALID) {
		long e = reply_handle(me, c, args->a[IPC_HANDLE_REG]);
		if (e) {
			kobj_put(&ep->obj);
			return e;
		}
	}
	me->ipc_reply = NULL;
	if (c) {
		for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
			c->msg[i] = args->a[1 + i];
		count(&ipc_stat_replies);
	}
	unsigned long msg[IPC_MSG_WORDS], got;
	long ret = do_recv(ep, c, msg, &got);
	kobj_put(&ep->obj);
	if (!ret)
		set_msg_results(args, msg, got);
	return ret;
}
SYSCALL(SYS_IPC_REPLY_RECV, sys_ipc_reply_recv);
