/*
 * The rr policy (servers/sched/rr/policy.c) in the simulated kernel
 * (tools/schedsim), 4 CPUs, 10 us steps:
 *  1. 6 CPU-bound threads for 2 s: Jain's index of CPU times, no CPU idle;
 *  2. 64 threads that run 200 us and block 1 ms, each to an exact total of
 *     CPU time: all finish with exactly that, no thread in two places at
 *     any step, longest wait printed;
 *  3. affinity: half the threads pinned to CPU 1 never run elsewhere and
 *     the others use CPUs 0, 2, 3;
 *  4. each refusal reason from hand-made commits, with nothing changed;
 *  5. 16 threads created on CPU 0 spread over 4 CPUs.
 * Prints raw figures and "N checks, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

static unsigned checks, failures;

#define CHECK(c) do { checks++; if (!(c)) { failures++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } \
	} while (0)

static struct sim sim;

/* Run in 1 ms pieces, checking the placement invariant after each. */
static bool run_checked(struct sim *s, uint64_t ns)
{
	char why[128];
	for (uint64_t t = 0; t < ns; t += 1000000) {
		sim_run(s, 1000000);
		if (!sim_check(s, why, sizeof(why))) {
			fprintf(stderr, "invariant: %s at %lu ns\n", why,
				(unsigned long)s->now);
			return false;
		}
	}
	return true;
}

static void cpu_bound(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_rr);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 6; i++)
		sim_spawn(&sim, &w, 0xf, 0, i % 4);
	CHECK(run_checked(&sim, 2000000000ul));
	double j = sim_jain(&sim, 0, 6);
	uint64_t idle = 0;
	for (unsigned i = 0; i < 4; i++)
		idle += sim.cpu[i].idle_ns;
	printf("rr cpu-bound: 6 threads on 4 cpus, 2 s: jain %.4f, idle "
	       "%lu ns, migrations %lu\n", j, (unsigned long)idle,
	       (unsigned long)sim.migrations);
	CHECK(j >= 0.98);
	CHECK(idle < 4 * 100000);          /* start-up only */
	CHECK(sim.double_run == 0);
	sim_free(&sim);
}

static void blocking(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_rr);
	struct sim_work w = { 200000, 1000000, 20000000 };  /* 20 ms each */
	for (unsigned i = 0; i < 64; i++)
		sim_spawn(&sim, &w, 0xf, 0, i % 4);
	CHECK(run_checked(&sim, 3000000000ul));
	unsigned dead = 0, exact = 0;
	uint64_t max_wait = 0;
	for (unsigned k = 0; k < 64; k++) {
		dead += sim.th[k].state == S_DEAD;
		exact += sim.th[k].done_ns == w.total_ns;
		if (sim.th[k].max_wait_ns > max_wait)
			max_wait = sim.th[k].max_wait_ns;
	}
	printf("rr blocking: 64 threads x 20 ms in 200 us bursts: %u "
	       "finished, %u exact, longest wait %lu ns, %lu migrations, "
	       "%lu events, refused stale %lu not-runnable %lu\n",
	       dead, exact, (unsigned long)max_wait,
	       (unsigned long)sim.migrations, (unsigned long)sim.events,
	       (unsigned long)sim.refused[SCHED_ERR_STALE],
	       (unsigned long)sim.refused[SCHED_ERR_NOT_RUNNABLE]);
	CHECK(dead == 64 && exact == 64);
	CHECK(sim.double_run == 0 && sim.affinity_violations == 0);
	CHECK(sim.srv.stats.lost == 0);
	sim_free(&sim);
}

static void affinity(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_rr);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 8; i++)
		sim_spawn(&sim, &w, i < 4 ? 0x2 : 0xf, 0, 0);
	CHECK(run_checked(&sim, 1000000000ul));
	uint64_t other = sim.cpu[0].busy_ns + sim.cpu[2].busy_ns +
			 sim.cpu[3].busy_ns;
	printf("rr affinity: 4 pinned to cpu 1 + 4 free: cpu busy ns "
	       "%lu %lu %lu %lu, violations %lu\n",
	       (unsigned long)sim.cpu[0].busy_ns,
	       (unsigned long)sim.cpu[1].busy_ns,
	       (unsigned long)sim.cpu[2].busy_ns,
	       (unsigned long)sim.cpu[3].busy_ns,
	       (unsigned long)sim.affinity_violations);
	CHECK(sim.affinity_violations == 0);
	CHECK(sim.cpu[1].busy_ns > 990000000ul);
	CHECK(other > 3 * 900000000ul);
	sim_free(&sim);
}

static int commit_one(struct sched_commit c)
{
	sim_commit(&sim, &c, 1);
	return c.result;
}

static void refusals(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_rr);
	struct sim_work w = { 0, 0, 0 };
	uint32_t a = sim_spawn(&sim, &w, 0x1, 0, 0);   /* seq 1, cpu 0 only */
	struct sched_commit ok = { .op = SCHED_OP_DISPATCH, .cpu = 0,
				   .tid = a, .seq = 1, .slice_ns = 1000000 };
	struct sched_commit c = ok;
	c.op = 9;
	CHECK(commit_one(c) == SCHED_ERR_BAD_ARGS);
	c = ok; c.cpu = 4;
	CHECK(commit_one(c) == SCHED_ERR_BAD_ARGS);
	c = ok; c.slice_ns = 5;
	CHECK(commit_one(c) == SCHED_ERR_BAD_ARGS);
	c = ok; c.reserved = 1;
	CHECK(commit_one(c) == SCHED_ERR_BAD_ARGS);
	c = ok; c.tid = 7;
	CHECK(commit_one(c) == SCHED_ERR_BAD_THREAD);
	c = ok; c.seq = 0;
	CHECK(commit_one(c) == SCHED_ERR_STALE);
	c = ok; c.cpu = 2;
	CHECK(commit_one(c) == SCHED_ERR_AFFINITY);
	sim.cpu[0].online = false;
	CHECK(commit_one(ok) == SCHED_ERR_CPU_OFFLINE);
	sim.cpu[0].online = true;
	CHECK(sim.th[0].state == S_RUNNABLE && !sim.cpu[0].qhead);
	CHECK(commit_one(ok) == SCHED_OK);
	CHECK(commit_one(ok) == SCHED_ERR_NOT_RUNNABLE);
	CHECK(sim.cpu[0].qlen == 1 && sim.th[0].state == S_QUEUED);
	sim_free(&sim);
}

static void spread(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_rr);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 16; i++)
		sim_spawn(&sim, &w, 0xf, 0, 0);
	CHECK(run_checked(&sim, 50000000ul));
	unsigned busy = 0;
	for (unsigned i = 0; i < 4; i++)
		busy += sim.cpu[i].cur != NULL;
	CHECK(run_checked(&sim, 950000000ul));
	printf("rr spread: 16 threads created on cpu 0: %u/4 cpus busy "
	       "after 50 ms; jain %.4f after 1 s; wasted %lu ns\n", busy,
	       sim_jain(&sim, 0, 16), (unsigned long)sim.wasted_ns);
	CHECK(busy == 4);
	CHECK(sim_jain(&sim, 0, 16) >= 0.98);
	sim_free(&sim);
}

int main(void)
{
	cpu_bound();
	blocking();
	affinity();
	refusals();
	spread();
	printf("%u checks, %u failed\n", checks, failures);
	return failures ? 1 : 0;
}
