/*
 * Notifications: asynchronous events as a word of bits. signal(bits) ORs
 * them in and never blocks; wait() returns every pending bit and clears
 * them, blocking while none is pending. With several waiters, each signal
 * goes to the oldest one. signal takes only a spinlock with interrupts
 * masked, so an interrupt handler may signal too.
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

struct notification {
	struct kobj obj;              /* first: handles point here */
	struct spinlock lock;
	unsigned long pending;        /* bits signalled, not yet waited for */
	struct ipc_queue waiters;     /* non-empty only while pending == 0 */
};

_Static_assert(sizeof(struct notification) <= KOBJ_SIZE_MAX,
	       "notification size");

static void notification_destroy(struct kobj *o)
{
	kobj_free(o);
}

static int notification_get(unsigned long h, uint32_t need,
			    struct notification **out)
{
	struct kobj *o;
	int err = handle_get(&thread_current()->proc->handles, h,
			     KOBJ_NOTIFICATION, need, &o);
	if (!err)
		*out = (struct notification *)o;
	return err;
}

static void notification_signal(struct notification *n, unsigned long bits)
{
	unsigned long flags = spin_lock_irqsave(&n->lock);
	struct ipc_wait *w = ipc_queue_pop(&n->waiters);
	if (w)
		w->msg[0] = bits;
	else
		n->pending |= bits;
	spin_unlock(&n->lock);
	if (w)
		ipc_complete(w, 0);   /* still masked: see ipc_wait.h */
	arch_irq_restore(flags);
}

static unsigned long notification_wait(struct notification *n)
{
	struct ipc_wait w = { .t = thread_current() };
	unsigned long flags = spin_lock_irqsave(&n->lock);
	unsigned long bits = n->pending;
	if (bits) {
		n->pending = 0;
		spin_unlock_irqrestore(&n->lock, flags);
		return bits;
	}
	thread_prepare_block();      /* before w is visible: ipc_wait.h */
	ipc_queue_push(&n->waiters, &w);
	spin_unlock(&n->lock);
	ipc_wait_done(&w, true);
	arch_irq_restore(flags);
	return w.msg[0];
}

static long sys_notification_create(const struct syscall_args *args)
{
	(void)args;
	struct notification *n = kobj_alloc(sizeof(*n));
	if (!n)
		return -E_NOMEM;
	spin_init(&n->lock, "notification");
	kobj_init(&n->obj, KOBJ_NOTIFICATION, notification_destroy);
	long h = handle_install(&thread_current()->proc->handles, &n->obj,
				RIGHTS_NOTIFICATION);
	if (h < 0)
		kobj_put(&n->obj);
	return h;
}
SYSCALL(SYS_NOTIFICATION_CREATE, sys_notification_create);

static long sys_notify_signal(const struct syscall_args *args)
{
	struct notification *n;
	int err = notification_get(args->a[0], RIGHT_SIGNAL, &n);
	if (err)
		return err;
	if (!args->a[1]) {       /* no bits: a wake-up that says nothing */
		kobj_put(&n->obj);
		return -E_INVAL;
	}
	notification_signal(n, args->a[1]);
	kobj_put(&n->obj);
	return 0;
}
SYSCALL(SYS_NOTIFY_SIGNAL, sys_notify_signal);

static long sys_notify_wait(const struct syscall_args *args)
{
	struct notification *n;
	int err = notification_get(args->a[0], RIGHT_WAIT, &n);
	if (err)
		return err;
	unsigned long bits = notification_wait(n);
	kobj_put(&n->obj);
	arch_syscall_set_result_n(args->frame, 1, bits);
	return 0;
}
SYSCALL(SYS_NOTIFY_WAIT, sys_notify_wait);
