/*
 * What kernel/page_alloc.c needs from the rest of the kernel, for the host:
 * the direct-map offset (the test points it at its arena), a working
 * ticket spinlock (threads in the concurrency check; "irqsave" has no
 * interrupts to mask), and printk, counted so tests can check "reported
 * once".
 */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel/printk.h"
#include "kernel/spinlock.h"

uintptr_t vm_phys_offset;
unsigned host_printk_calls;

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	host_printk_calls++;
	fputs("  printk: ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
}

void spin_init(struct spinlock *l, const char *name)
{
	atomic_store(&l->next, 0);
	atomic_store(&l->owner, 0);
	l->name = name;
	l->holder = -1;
}

void spin_lock(struct spinlock *l)
{
	uint32_t t = atomic_fetch_add_explicit(&l->next, 1,
					       memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != t)
		sched_yield();
}

void spin_unlock(struct spinlock *l)
{
	atomic_fetch_add_explicit(&l->owner, 1, memory_order_release);
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	spin_lock(l);
	return 0;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	spin_unlock(l);
}
