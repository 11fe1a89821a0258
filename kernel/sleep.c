/*
 * SYS_SLEEP: timed sleep on the periodic tick. Each CPU keeps a list of
 * sleepers; a sleeper joins the list of the CPU it is on, and that CPU's
 * tick wakes it at the first tick at or after its deadline, so the
 * resolution is one tick (1/TIMER_TICK_HZ). No extra timer interrupts are
 * programmed: the tick runs anyway.
 *
 * The list node lives on the sleeper's kernel stack. Only the tick takes
 * a node off the list, and it does so under the list lock; the sleeper
 * re-takes that lock before it returns, so a node is never used after
 * its stack frame is gone.
 *
 * Lock order: sleep_list.lock (per CPU, interrupts masked) -> run-queue
 * lock (thread_wake enqueues while the list lock is held).
 */
#include <uapi/errors.h>
#include <uapi/process.h>

#include <stdbool.h>
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

struct sleeper {
	struct thread *t;
	uint64_t wake_at;        /* counter time */
	struct sleeper *next;
	bool queued;             /* on a list (list lock) */
};

struct sleep_list {
	struct spinlock lock;
	struct sleeper *head;
} __attribute__((aligned(64)));

static struct sleep_list lists[CPU_MAX];

/* From the timer interrupt on every CPU. */
void sleep_tick(void)
{
	struct sleep_list *l = &lists[this_cpu()->id];
	uint64_t now = timer_now();
	unsigned long flags = spin_lock_irqsave(&l->lock);
	for (struct sleeper **link = &l->head; *link;) {
		struct sleeper *s = *link;
		if (s->wake_at > now) {
			link = &s->next;
			continue;
		}
		*link = s->next;
		s->queued = false;
		thread_wake(s->t);
	}
	spin_unlock_irqrestore(&l->lock, flags);
}

static long sys_sleep(const struct syscall_args *args)
{
	uint64_t ns = args->a[0];
	/* A negative duration (as a signed value) is a caller's bug, not a
	 * request to sleep for ever. */
	if (ns > INT64_MAX)
		return -E_INVAL;
	if (ns == 0) {
		thread_yield();
		return 0;
	}
	uint64_t start = timer_now();
	uint64_t d = timer_ns_to_ticks(ns);
	struct sleeper s = { .wake_at = start + d };
	if (s.wake_at < start)
		s.wake_at = UINT64_MAX;   /* saturate: sleeps "forever" */
	while (timer_now() < s.wake_at) {
		unsigned long flags = arch_irq_save();
		struct sleep_list *l = &lists[this_cpu()->id];
		s.t = thread_current();
		spin_lock(&l->lock);
		s.next = l->head;
		l->head = &s;
		s.queued = true;
		/* BLOCKED before the lock drops: the tick's wake cannot be
		 * lost, and thread_wake's compare-and-swap applies it once. */
		thread_prepare_block();
		spin_unlock(&l->lock);
		arch_irq_restore(flags);
		schedule();
		/* Woken (only the tick wakes us, but be safe): make sure the
		 * node is off the list before it can go out of scope. */
		flags = spin_lock_irqsave(&l->lock);
		if (s.queued) {
			for (struct sleeper **link = &l->head; *link;
			     link = &(*link)->next) {
				if (*link == &s) {
					*link = s.next;
					break;
				}
			}
			s.queued = false;
		}
		spin_unlock_irqrestore(&l->lock, flags);
	}
	return 0;
}
SYSCALL(SYS_SLEEP, sys_sleep);
