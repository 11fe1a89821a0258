/*
 * Boot check of dispatch: threads that yield and hand a token back and
 * forth through semaphores across CPUs, with queues deliberately unbalanced
 * (every thread starts on CPU 0, so the others must steal). It proves the
 * invariants the design demands on every boot: each thread does exactly its
 * work (nothing lost), no thread is claimed while running (double_run = 0),
 * and the work spread over the CPUs.
 */
#include "kernel/boot_checks.h"

#include "kernel/arch.h"
#include "kernel/bits.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

#define PAIRS_PER_CPU 2
#define ROUNDS 200
#define MAX_PAIRS (PAIRS_PER_CPU * CPU_MAX)

struct pair {
	struct semaphore sem[2];
	_Atomic unsigned done[2];
};

static struct pair pairs[MAX_PAIRS];
static _Atomic unsigned finished, exited;
static _Atomic uint64_t cpu_seen[MAX_PAIRS * 2];

struct role {
	struct pair *p;
	unsigned side, index;
};
static struct role roles[MAX_PAIRS * 2];

static void player(void *arg)
{
	struct role *r = arg;
	struct pair *p = r->p;
	for (unsigned i = 0; i < ROUNDS; i++) {
		/* Side 0 serves first; each side waits for the other. */
		if (r->side == 1 || i > 0)
			sem_wait(&p->sem[r->side]);
		atomic_fetch_or(&cpu_seen[r->index], 1ull << this_cpu()->id);
		atomic_fetch_add(&p->done[r->side], 1);
		sem_post(&p->sem[!r->side]);
		if (i % 8 == 0)
			thread_yield();
	}
	atomic_fetch_add(&finished, 1);
	atomic_fetch_add(&exited, 1);
}

void boot_check_sched(void)
{
	unsigned online = cpus_online();
	unsigned npairs = PAIRS_PER_CPU * online, nthreads = 2 * npairs;
	struct sched_stats before, after;
	sched_get_stats(&before);
	for (unsigned i = 0; i < npairs; i++) {
		for (unsigned side = 0; side < 2; side++) {
			struct role *r = &roles[2 * i + side];
			*r = (struct role){ &pairs[i], side, 2 * i + side };
			if (!thread_create_kernel("check", player, r, 0)) {
				printk("sched: out of memory for check threads\n");
				return;
			}
		}
	}
	/* This is CPU 0's idle context: run the queue until all are done. */
	uint64_t deadline = timer_now() + 20 * timer_hz();
	while (atomic_load(&finished) < nthreads && timer_now() < deadline)
		schedule();
	unsigned ok = 0, spread = 0;
	for (unsigned i = 0; i < npairs; i++)
		for (unsigned side = 0; side < 2; side++)
			ok += atomic_load(&pairs[i].done[side]) == ROUNDS;
	uint64_t all = 0;
	for (unsigned i = 0; i < nthreads; i++)
		all |= atomic_load(&cpu_seen[i]);
	spread = bit_count64(all);
	/* The exits themselves are counted by the switch statistics. */
	deadline = timer_now() + timer_hz() / 10;
	while (timer_now() < deadline)
		schedule();
	sched_get_stats(&after);
	printk("sched: %u threads x %u hand-offs: %u exact, %u lost, "
	       "%lu double-run, ran on %u/%u cpus\n",
	       nthreads, ROUNDS, ok, nthreads - ok,
	       (unsigned long)(after.double_run - before.double_run), spread,
	       online);
	printk("sched: %lu switches, %lu steals, %lu migrations\n",
	       (unsigned long)(after.switches - before.switches),
	       (unsigned long)(after.steals - before.steals),
	       (unsigned long)(after.migrations - before.migrations));
}
