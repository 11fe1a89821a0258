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
 * Lock order: endpoint.lock is taken alone (with interrupts masked); the
 * wake-ups happen after it is dropped, still masked, so a waiter cannot
 * exit and be freed under a waker (see the zombie list in sched.c).
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
			    const unsigned long *msg)
{
	for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
		arch_syscall_set_result_n(args->frame, 1 + i, msg[i]);
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
static long do_send(struct endpoint *ep, struct ipc_wait *w)
{
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	struct ipc_wait *r = ipc_queue_pop(&ep->receivers);
	if (!r) {
		/* Blocked before w is visible: see ipc_wait.h. */
		thread_prepare_block();
		ipc_queue_push(&ep->senders, w);
		spin_unlock(&ep->lock);
		ipc_wait_done(w, true);
		arch_irq_restore(flags);
		return w->status;
	}
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

/* Receive into out; first answer reply_to (if any; its msg is filled). */
static long do_recv(struct endpoint *ep, struct ipc_wait *reply_to,
		    unsigned long *out)
{
	struct thread *me = thread_current();
	struct ipc_wait w = { .t = me };
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	struct ipc_wait *s = ipc_queue_pop(&ep->senders);
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
	ipc_queue_push(&ep->receivers, &w);
	spin_unlock(&ep->lock);
	bool switched = reply_to && ipc_complete_and_switch(reply_to, 0);
	ipc_wait_done(&w, !switched);
	arch_irq_restore(flags);
	copy_msg(out, w.msg);
	me->ipc_reply = w.reply;
	return w.status;
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
	struct ipc_wait w = { .t = thread_current(), .is_call = is_call };
	for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
		w.msg[i] = args->a[1 + i];
	long ret = do_send(ep, &w);
	kobj_put(&ep->obj);
	if (is_call)
		set_msg_results(args, w.msg);
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
	unsigned long msg[IPC_MSG_WORDS];
	long ret = do_recv(ep, NULL, msg);
	kobj_put(&ep->obj);
	if (!ret)
		set_msg_results(args, msg);
	return ret;
}
SYSCALL(SYS_IPC_RECV, sys_ipc_recv);

/* The server loop in one syscall: answer the caller this thread owes a
 * reply (if any) with a1..a4, then wait for the next message. A bad
 * handle fails before anything is sent. */
static long sys_ipc_reply_recv(const struct syscall_args *args)
{
	struct endpoint *ep;
	int err = endpoint_get(args->a[0], RIGHT_READ, &ep);
	if (err)
		return err;
	struct thread *me = thread_current();
	struct ipc_wait *c = me->ipc_reply;
	me->ipc_reply = NULL;
	if (c) {
		for (unsigned i = 0; i < IPC_MSG_WORDS; i++)
			c->msg[i] = args->a[1 + i];
		count(&ipc_stat_replies);
	}
	unsigned long msg[IPC_MSG_WORDS];
	long ret = do_recv(ep, c, msg);
	kobj_put(&ep->obj);
	if (!ret)
		set_msg_results(args, msg);
	return ret;
}
SYSCALL(SYS_IPC_REPLY_RECV, sys_ipc_reply_recv);
