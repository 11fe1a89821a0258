/*
 * Single-waiter semaphore (kernel/semaphore.h). The waiter publishes
 * itself, marks itself BLOCKED, and only then looks at the count; a
 * poster bumps the count, then wakes whoever is published. Whichever order
 * the two race in, either the waiter sees the count or the poster's wake
 * finds it BLOCKED, and thread_wake's compare-and-swap makes the wake
 * count once: no lost wake-up, no double run.
 */
#include "kernel/semaphore.h"

#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/thread.h"

static bool try_take(struct semaphore *s)
{
	long c = atomic_load(&s->count);
	while (c > 0)
		if (atomic_compare_exchange_weak(&s->count, &c, c - 1))
			return true;
	return false;
}

void sem_wait(struct semaphore *s)
{
	struct thread *me = thread_current();
	for (;;) {
		if (try_take(s))
			return;
		atomic_store(&s->waiter, me);
		thread_prepare_block();
		if (try_take(s)) {
			atomic_store(&s->waiter, NULL);
			thread_cancel_block();
			return;
		}
		schedule();
		atomic_store(&s->waiter, NULL);
	}
}

void sem_post(struct semaphore *s)
{
	/* Masked from reading the waiter to waking it: the thread cannot be
	 * freed until this CPU takes a tick (see the zombie list in sched.c). */
	unsigned long flags = arch_irq_save();
	atomic_fetch_add(&s->count, 1);
	struct thread *t = atomic_load(&s->waiter);
	if (t)
		thread_wake(t);
	arch_irq_restore(flags);
}
