/* Ticket spinlock (see kernel/spinlock.h). */
#include "kernel/spinlock.h"

#include "kernel/arch.h"
#include "kernel/cpu.h"

static int32_t me(void)
{
	struct cpu *c = arch_this_cpu();
	return c ? (int32_t)c->id : 0;
}

void spin_init(struct spinlock *l, const char *name)
{
	atomic_store(&l->next, 0);
	atomic_store(&l->owner, 0);
	l->name = name;
	l->holder = -1;
}

/* A CPU holding a spinlock must not be preempted: the thread that would
 * run next could spin on the same lock forever. */
static void preempt_off(void)
{
	struct cpu *c = arch_this_cpu();
	if (c)
		c->preempt_count++;
}

static void preempt_on(void)
{
	struct cpu *c = arch_this_cpu();
	if (c)
		c->preempt_count--;
}

void spin_lock(struct spinlock *l)
{
	preempt_off();
	uint32_t t = atomic_fetch_add_explicit(&l->next, 1,
					       memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != t)
		arch_cpu_relax();
	l->holder = me();
}

bool spin_trylock(struct spinlock *l)
{
	uint32_t o = atomic_load_explicit(&l->owner, memory_order_relaxed);
	uint32_t expect = o;
	preempt_off();
	if (!atomic_compare_exchange_strong_explicit(&l->next, &expect, o + 1,
						     memory_order_acquire,
						     memory_order_relaxed)) {
		preempt_on();
		return false;
	}
	l->holder = me();
	return true;
}

bool spin_lock_timeout(struct spinlock *l, unsigned long spins)
{
	while (spins--) {
		if (spin_trylock(l))
			return true;
		arch_cpu_relax();
	}
	return false;
}

void spin_unlock(struct spinlock *l)
{
	l->holder = -1;
	atomic_fetch_add_explicit(&l->owner, 1, memory_order_release);
	preempt_on();
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();
	spin_lock(l);
	return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

bool spin_is_held_by_me(const struct spinlock *l)
{
	return atomic_load(&l->next) != atomic_load(&l->owner) &&
	       l->holder == me();
}
