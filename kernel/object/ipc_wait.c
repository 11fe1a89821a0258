/* Blocking and waking for IPC waits (see ipc_wait.h, kernel/thread.h). */
#include "ipc_wait.h"

#include <stddef.h>

#include <uapi/errors.h>
#include <uapi/ipc.h>

#include "kernel/arch.h"
#include "kernel/bootargs.h"
#include "kernel/cpu.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/vspace.h"

_Atomic unsigned long ipc_stat_calls, ipc_stat_replies;
_Atomic unsigned long ipc_stat_same_cpu, ipc_stat_cross_cpu;
_Atomic unsigned long ipc_stat_direct;

void ipc_queue_push(struct ipc_queue *q, struct ipc_wait *w)
{
	w->next = NULL;
	if (q->tail)
		q->tail->next = w;
	else
		q->head = w;
	q->tail = w;
}

struct ipc_wait *ipc_queue_pop(struct ipc_queue *q)
{
	struct ipc_wait *w = q->head;
	if (!w)
		return NULL;
	q->head = w->next;
	if (!q->head)
		q->tail = NULL;
	w->next = NULL;
	return w;
}

static void count_wake(struct thread *t)
{
	if (t->cpu == this_cpu()->id)
		atomic_fetch_add_explicit(&ipc_stat_same_cpu, 1,
					  memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&ipc_stat_cross_cpu, 1,
					  memory_order_relaxed);
}

void ipc_complete(struct ipc_wait *w, long status)
{
	struct thread *t = w->t;      /* read before done: w dies after */
	w->status = status;
	count_wake(t);
	atomic_store_explicit(&w->done, 1, memory_order_release);
	/* Fails harmlessly if t has not blocked yet: it will see done. */
	thread_wake(t);
}

/* Bootargs "ipc.fastpath=off" turns the direct switch off, so the slow
 * path (wake through the run queue) can be measured on one CPU too.
 * Read once; a racing first read by two CPUs computes the same answer. */
static bool fastpath_enabled(void)
{
	static _Atomic int state;        /* 0 unknown, 1 on, 2 off */
	int s = atomic_load_explicit(&state, memory_order_relaxed);
	if (!s) {
		char v[8];
		s = bootarg_get("ipc.fastpath", v, sizeof(v)) &&
		    v[0] == 'o' && v[1] == 'f' ? 2 : 1;
		atomic_store_explicit(&state, s, memory_order_relaxed);
	}
	return s == 1;
}

bool ipc_complete_and_switch(struct ipc_wait *w, long status)
{
	if (!fastpath_enabled()) {
		ipc_complete(w, status);
		return false;
	}
	struct thread *t = w->t;
	w->status = status;
	count_wake(t);
	atomic_store_explicit(&w->done, 1, memory_order_release);
	if (sched_wake_and_switch(t)) {
		atomic_fetch_add_explicit(&ipc_stat_direct, 1,
					  memory_order_relaxed);
		return true;
	}
	return false;
}

void ipc_wait_done(struct ipc_wait *w, bool prepared)
{
	for (;;) {
		if (!prepared)
			thread_prepare_block();
		if (atomic_load_explicit(&w->done, memory_order_acquire)) {
			thread_cancel_block();
			return;
		}
		schedule();
		prepared = false;
		if (atomic_load_explicit(&w->done, memory_order_acquire))
			return;
	}
}

static long sys_ipc_stats(const struct syscall_args *args)
{
	struct ipc_stats s = {
		.calls = atomic_load(&ipc_stat_calls),
		.replies = atomic_load(&ipc_stat_replies),
		.same_cpu = atomic_load(&ipc_stat_same_cpu),
		.cross_cpu = atomic_load(&ipc_stat_cross_cpu),
		.direct = atomic_load(&ipc_stat_direct),
		.now = timer_now(),
		.hz = timer_hz(),
	};
	if (copy_to_user(thread_current()->proc->vs, args->a[0], &s,
			 sizeof(s)))
		return -E_FAULT;
	return 0;
}
SYSCALL(SYS_IPC_STATS, sys_ipc_stats);
