/*
 * Dispatch: one run queue per CPU, each under its own lock; no global
 * scheduler lock. A CPU takes work only from its own queue, or, when that
 * is empty, steals the oldest thread of another CPU's queue (the built-in
 * policy's idle stealing). The protocol that keeps a thread on one CPU at a
 * time is in kernel/thread.h.
 *
 * Lock order: a CPU holds at most one run-queue lock at a time (stealing
 * takes the victim's lock alone), so run-queue locks never nest.
 */
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/ipi.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

struct runqueue {
	struct spinlock lock;
	struct thread *head, *tail;
	_Atomic unsigned len;
} __attribute__((aligned(64)));

static struct runqueue rqs[CPU_MAX];
static struct thread idle_threads[CPU_MAX];
static _Atomic uint64_t stat_switches, stat_steals, stat_migrations;
static _Atomic uint64_t stat_double_run;

static void rq_push(struct runqueue *rq, struct thread *t)
{
	t->next = NULL;
	if (rq->tail)
		rq->tail->next = t;
	else
		rq->head = t;
	rq->tail = t;
	atomic_fetch_add_explicit(&rq->len, 1, memory_order_relaxed);
}

static struct thread *rq_pop(struct runqueue *rq)
{
	struct thread *t = rq->head;
	if (!t)
		return NULL;
	rq->head = t->next;
	if (!rq->head)
		rq->tail = NULL;
	t->next = NULL;
	atomic_fetch_sub_explicit(&rq->len, 1, memory_order_relaxed);
	return t;
}

/* The oldest queued thread whose registers are saved (on_cpu clear).
 * A thief must not take one still being switched out: it would wait for
 * that CPU while that CPU might be waiting for a thread the thief is
 * still leaving. */
static struct thread *rq_take_off_cpu(struct runqueue *rq)
{
	struct thread *prev = NULL;
	for (struct thread *t = rq->head; t; prev = t, t = t->next) {
		if (atomic_load_explicit(&t->on_cpu, memory_order_acquire))
			continue;
		if (prev)
			prev->next = t->next;
		else
			rq->head = t->next;
		if (rq->tail == t)
			rq->tail = prev;
		t->next = NULL;
		atomic_fetch_sub_explicit(&rq->len, 1, memory_order_relaxed);
		return t;
	}
	return NULL;
}

/* Masked, because reading this CPU's pointer and then its current thread
 * are two steps: a preemption in between could move us to another CPU and
 * hand back whatever thread runs on the old one. */
struct thread *thread_current(void)
{
	unsigned long flags = arch_irq_save();
	struct thread *t = this_cpu()->current;
	arch_irq_restore(flags);
	return t;
}

void sched_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct thread *idle = &idle_threads[c->id];
	/* Run-queue locks start zeroed, which is a free ticket lock. */
	idle->cpu = c->id;
	atomic_store(&idle->state, THREAD_RUNNING);
	atomic_store(&idle->on_cpu, 1);
	idle->name[0] = 'i', idle->name[1] = 'd', idle->name[2] = 'l';
	idle->name[3] = 'e';
	c->idle = idle;
	c->current = idle;
}

/* Queue t (READY) on cpu's queue and make sure that CPU notices. */
static void enqueue(struct thread *t, unsigned cpu)
{
	struct runqueue *rq = &rqs[cpu];
	unsigned long flags = spin_lock_irqsave(&rq->lock);
	t->cpu = cpu;
	rq_push(rq, t);
	spin_unlock_irqrestore(&rq->lock, flags);
	struct cpu *target = &cpus[cpu];
	if (target->current == target->idle) {
		if (target != this_cpu())
			ipi_send(target, IPI_MSG_RESCHED);
		return;
	}
	/* The target is busy: wake one idle CPU so it can steal. */
	for (unsigned i = 1; i < cpu_count; i++) {
		struct cpu *other = &cpus[(cpu + i) % cpu_count];
		if (atomic_load(&other->online) &&
		    other->current == other->idle) {
			if (other != this_cpu())
				ipi_send(other, IPI_MSG_RESCHED);
			break;
		}
	}
}

void sched_enqueue_new(struct thread *t, unsigned cpu)
{
	atomic_store(&t->state, THREAD_READY);
	enqueue(t, cpu < cpu_count ? cpu : 0);
}

/* Oldest thread of the longest other queue, or NULL. */
static struct thread *steal(unsigned me)
{
	unsigned best = me, best_len = 0;
	for (unsigned i = 0; i < cpu_count; i++) {
		unsigned len = atomic_load_explicit(&rqs[i].len,
						    memory_order_relaxed);
		if (i != me && len > best_len) {
			best = i;
			best_len = len;
		}
	}
	if (best == me)
		return NULL;
	struct runqueue *rq = &rqs[best];
	spin_lock(&rq->lock);
	struct thread *t = rq_take_off_cpu(rq);
	spin_unlock(&rq->lock);
	if (t)
		atomic_fetch_add(&stat_steals, 1);
	return t;
}

/* Take ownership of next. A thread popped from this CPU's own queue with
 * on_cpu set can only be the one this CPU is leaving (handled before we
 * get here), and thieves take only threads with on_cpu clear, so the wait
 * below ends at once unless an invariant broke; the compare-and-swap makes
 * sure a second claimant would wait rather than run the thread twice. */
static void claim(struct thread *next)
{
	uint32_t expect = 0;
	while (!atomic_compare_exchange_weak_explicit(
		&next->on_cpu, &expect, 1, memory_order_acquire,
		memory_order_relaxed)) {
		expect = 0;
		arch_cpu_relax();
	}
}

void thread_free(struct thread *t);

/*
 * Freeing exited threads. A waker may have read a pointer to a thread just
 * before it exited (sem_post reads the waiter, then wakes it); wakers do
 * that with interrupts masked, so once every CPU has taken a timer tick
 * after the exit, no such pointer is still in use. Each CPU keeps its own
 * list of the dead (touched only by itself, interrupts masked) with the
 * tick counts seen at death, and frees them when all have moved on.
 */
#define ZOMBIES_MAX 32

struct zombie {
	struct thread *t;
	uint64_t died_at;         /* counter time of the exit */
};

static struct zombie zombies[CPU_MAX][ZOMBIES_MAX];
static unsigned nzombies[CPU_MAX];

/* Every online CPU has taken a tick since the thread died. */
static bool grace_passed(const struct zombie *z)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (atomic_load(&cpus[i].online) &&
		    atomic_load_explicit(&cpus[i].last_tick_at,
					 memory_order_acquire) <= z->died_at)
			return false;
	return true;
}

static void reap_zombies(unsigned me)
{
	unsigned kept = 0;
	for (unsigned i = 0; i < nzombies[me]; i++) {
		if (grace_passed(&zombies[me][i]))
			thread_free(zombies[me][i].t);
		else
			zombies[me][kept++] = zombies[me][i];
	}
	nzombies[me] = kept;
}

static void bury(unsigned me, struct thread *t)
{
	while (nzombies[me] == ZOMBIES_MAX) {
		/* Full: wait out a grace period with interrupts on (ticks
		 * must arrive) but no preemption (we are inside schedule). */
		struct cpu *c = this_cpu();
		c->preempt_count++;
		arch_irq_enable();
		arch_wait_for_interrupt();
		arch_irq_save();
		c->preempt_count--;
		reap_zombies(me);
	}
	struct zombie *z = &zombies[me][nzombies[me]++];
	z->t = t;
	z->died_at = arch_timer_now();
}

static void finish_switch(struct thread *prev)
{
	/* prev's registers are saved: another CPU may now run it, or, if it
	 * has exited, it can be freed once no waker can still hold it. */
	if (atomic_load(&prev->state) == THREAD_DEAD) {
		bury(this_cpu()->id, prev);
		return;
	}
	atomic_store_explicit(&prev->on_cpu, 0, memory_order_release);
}

void schedule(void)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();
	struct thread *prev = c->current;
	struct runqueue *rq = &rqs[c->id];

	if (nzombies[c->id])
		reap_zombies(c->id);
	spin_lock(&rq->lock);
	int st = atomic_load(&prev->state);
	if (prev != c->idle && st == THREAD_RUNNING) {
		atomic_store(&prev->state, THREAD_READY);
		rq_push(rq, prev);
	}
	struct thread *next = rq_pop(rq);
	spin_unlock(&rq->lock);
	if (!next)
		next = steal(c->id);
	if (!next)
		next = c->idle;
	c->need_resched = false;

	if (next == prev) {
		atomic_store(&prev->state, THREAD_RUNNING);
		prev->slice_left = THREAD_SLICE_TICKS;
		arch_irq_restore(flags);
		return;
	}
	if (next != c->idle) {
		claim(next);
		if (atomic_exchange(&next->state, THREAD_RUNNING) !=
		    THREAD_READY)
			atomic_fetch_add(&stat_double_run, 1);
		if (next->cpu != c->id) {
			next->migrations++;
			atomic_fetch_add(&stat_migrations, 1);
		}
	}
	next->cpu = c->id;
	next->slice_left = THREAD_SLICE_TICKS;
	next->runs++;
	c->current = next;
	if (next->proc)
		vspace_activate(next->proc->vs);
	atomic_fetch_add_explicit(&stat_switches, 1, memory_order_relaxed);
	prev = arch_context_switch(&prev->ksp, next->ksp, prev);
	/* Back on this thread, possibly on another CPU. */
	if (prev != this_cpu()->idle)
		finish_switch(prev);
	arch_irq_restore(flags);
}

void thread_yield(void)
{
	schedule();
}

/* The fence orders this store before the caller's next load of its wait
 * condition; the waker writes the condition and then CASes the state.
 * Without it (a seq_cst store does not order a later acquire load on
 * RISC-V) both could read the other's old value and the wake-up is lost. */
void thread_prepare_block(void)
{
	atomic_store_explicit(&thread_current()->state, THREAD_BLOCKED,
			      memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
}

void thread_cancel_block(void)
{
	int expect = THREAD_BLOCKED;
	/* A waker got there first and queued us: let the queue entry be
	 * consumed by a pass through schedule() instead of running twice. */
	if (!atomic_compare_exchange_strong(&thread_current()->state,
					    &expect, THREAD_RUNNING))
		schedule();
}

bool thread_wake(struct thread *t)
{
	int expect = THREAD_BLOCKED;
	if (!atomic_compare_exchange_strong(&t->state, &expect, THREAD_READY))
		return false;
	/* The built-in policy puts it back where it last ran. */
	enqueue(t, t->cpu);
	return true;
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	if (!t)
		return;
	if (t == c->idle) {
		if (atomic_load_explicit(&rqs[c->id].len, memory_order_relaxed))
			c->need_resched = true;
		return;
	}
	if (t->slice_left && --t->slice_left == 0)
		c->need_resched = true;
}

/* Called on the way out of an interrupt: switch if the slice is used up
 * and the interrupted code holds no spinlock. */
void kernel_irq_exit(void)
{
	struct cpu *c = this_cpu();
	if (c && c->current && c->need_resched && c->preempt_count == 0)
		schedule();
}

_Noreturn void kernel_thread_start(struct thread *prev)
{
	if (prev != this_cpu()->idle)
		finish_switch(prev);
	struct thread *t = this_cpu()->current;
	arch_irq_enable();
	t->entry(t->arg);
	thread_exit();
}

static bool work_for(unsigned me)
{
	if (atomic_load(&rqs[me].len) || nzombies[me])
		return true;
	/* Worth stealing: anything waiting in another CPU's queue. */
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != me && atomic_load_explicit(&rqs[i].len,
						    memory_order_relaxed) > 0)
			return true;
	return false;
}

_Noreturn void sched_idle_loop(void)
{
	struct cpu *c = this_cpu();
	for (;;) {
		/* Check and sleep with interrupts masked: a wake-up IPI that
		 * lands between the check and the wfi still ends the wfi
		 * (both ISAs wake on a pending interrupt even when masked),
		 * so it cannot be lost. */
		unsigned long flags = arch_irq_save();
		bool work = c->need_resched || work_for(c->id);
		if (!work)
			arch_wait_for_interrupt();
		arch_irq_restore(flags);
		if (work)
			schedule();
	}
}

void sched_get_stats(struct sched_stats *out)
{
	out->switches = atomic_load(&stat_switches);
	out->steals = atomic_load(&stat_steals);
	out->migrations = atomic_load(&stat_migrations);
	out->double_run = atomic_load(&stat_double_run);
	out->lost = 0;
}

/*
 * IPC hand-off (kernel/object/ipc_wait.c): the current thread has prepared
 * to block (interrupts masked) and wakes t. If t last ran on this CPU and
 * its registers are saved, run it here at once without a run queue: t
 * takes what is left of the caller's slice, so two threads calling each
 * other share one slice and cannot starve this CPU's queue. Anything else
 * (t on another CPU, a reschedule due, slice used up) wakes t as
 * thread_wake does. True once the current thread runs again after a
 * direct switch; false if it did not switch (it is still to block).
 */
bool sched_wake_and_switch(struct thread *t)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();
	struct thread *prev = c->current;
	int expect = THREAD_BLOCKED;
	if (!atomic_compare_exchange_strong(&t->state, &expect, THREAD_READY)) {
		arch_irq_restore(flags);
		return false;     /* not blocked yet: it will see its wake */
	}
	uint32_t off = 0;
	if (t->cpu != c->id || prev == c->idle || c->need_resched ||
	    c->preempt_count || prev->slice_left == 0 ||
	    atomic_load(&prev->state) == THREAD_RUNNING ||
	    !atomic_compare_exchange_strong_explicit(
		    &t->on_cpu, &off, 1, memory_order_acquire,
		    memory_order_relaxed)) {
		enqueue(t, t->cpu);
		arch_irq_restore(flags);
		return false;
	}
	/* prev is BLOCKED (or already woken and queued here, with on_cpu
	 * set until the switch below saves it): either way it needs no
	 * queue entry from us. */
	atomic_store(&t->state, THREAD_RUNNING);
	t->slice_left = prev->slice_left;
	t->runs++;
	c->current = t;
	if (t->proc)
		vspace_activate(t->proc->vs);
	atomic_fetch_add_explicit(&stat_switches, 1, memory_order_relaxed);
	prev = arch_context_switch(&prev->ksp, t->ksp, prev);
	if (prev != this_cpu()->idle)
		finish_switch(prev);
	arch_irq_restore(flags);
	return true;
}
