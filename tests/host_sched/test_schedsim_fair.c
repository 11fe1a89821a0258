/*
 * The fair policy (servers/sched/fair/policy.c) in the simulated kernel
 * (tools/schedsim), 10 us steps; the figures the fair issue asks for:
 *  1. share: one CPU, nice 0 against nice 5 (1024:335) and nice 0 against
 *     nice -5 (1024:3121), within 5%;
 *  2. fairness: 6 CPU-bound threads on 4 CPUs, Jain's index >= 0.98;
 *  3. no wasted cores: 16 threads created on CPU 0 of 4 are 4 per CPU
 *     within 50 ms, and afterwards a CPU idles while another has a thread
 *     waiting that it could run for under 1% of the run;
 *  4. affinity: threads pinned to CPU 1 never run elsewhere; the others
 *     use the other CPUs;
 *  5. blocking threads all finish their exact work.
 * Prints the raw figures and "N checks, N failed".
 */
#include <math.h>
#include <stdio.h>

#include "sim.h"

static unsigned checks, failures;

#define CHECK(c) do { checks++; if (!(c)) { failures++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } \
	} while (0)

static struct sim sim;

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

static void share(int nice_b, double want)
{
	sim_init(&sim, 1, 10000, &sched_policy_fair);
	struct sim_work w = { 0, 0, 0 };
	sim_spawn(&sim, &w, 0x1, 0, 0);
	sim_spawn(&sim, &w, 0x1, nice_b, 0);
	CHECK(run_checked(&sim, 3000000000ul));
	double got = (double)sim.th[0].done_ns / (double)sim.th[1].done_ns;
	printf("fair share: nice 0 vs %d on 1 cpu, 3 s: %lu / %lu ns = "
	       "%.4f (want %.4f, error %.2f%%)\n", nice_b,
	       (unsigned long)sim.th[0].done_ns,
	       (unsigned long)sim.th[1].done_ns, got, want,
	       100 * fabs(got - want) / want);
	CHECK(fabs(got - want) / want < 0.05);
	sim_free(&sim);
}

static void fairness(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_fair);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 6; i++)
		sim_spawn(&sim, &w, 0xf, 0, i % 4);
	CHECK(run_checked(&sim, 3000000000ul));
	double j = sim_jain(&sim, 0, 6);
	printf("fair fairness: 6 threads on 4 cpus, 3 s: jain %.4f, "
	       "migrations %lu, cpu times", j, (unsigned long)sim.migrations);
	for (unsigned k = 0; k < 6; k++)
		printf(" %lu", (unsigned long)sim.th[k].done_ns);
	printf("\n");
	CHECK(j >= 0.98);
	CHECK(sim.double_run == 0);
	sim_free(&sim);
}

static void spread(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_fair);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 16; i++)
		sim_spawn(&sim, &w, 0xf, 0, 0);
	/* Who ran where during the first 50 ms. */
	CHECK(run_checked(&sim, 50000000ul));
	unsigned per_cpu[4] = { 0 };
	for (unsigned k = 0; k < 16; k++)
		if (sim.th[k].last_cpu >= 0 && sim.th[k].runs)
			per_cpu[sim.th[k].last_cpu]++;
	uint64_t wasted0 = sim.wasted_ns;
	CHECK(run_checked(&sim, 2000000000ul));
	uint64_t wasted = sim.wasted_ns - wasted0;
	printf("fair spread: 16 threads created on cpu 0: last cpus after "
	       "50 ms %u %u %u %u; then 2 s: wasted %lu ns (%.3f%%), jain "
	       "%.4f, migrations %lu\n", per_cpu[0], per_cpu[1], per_cpu[2],
	       per_cpu[3], (unsigned long)wasted, 100.0 * wasted / 2e9,
	       sim_jain(&sim, 0, 16), (unsigned long)sim.migrations);
	for (unsigned c = 0; c < 4; c++)
		CHECK(per_cpu[c] == 4);
	CHECK(wasted < 2000000000ul / 100);
	sim_free(&sim);
}

static void affinity(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_fair);
	struct sim_work w = { 0, 0, 0 };
	for (unsigned i = 0; i < 8; i++)
		sim_spawn(&sim, &w, i < 4 ? 0x2 : 0xf, 0, 1);
	CHECK(run_checked(&sim, 1000000000ul));
	uint64_t pinned_elsewhere = 0;
	for (unsigned k = 0; k < 4; k++)
		pinned_elsewhere += sim.th[k].last_cpu != 1;
	printf("fair affinity: 4 pinned to cpu 1 + 4 free: busy ns %lu %lu "
	       "%lu %lu, violations %lu\n",
	       (unsigned long)sim.cpu[0].busy_ns,
	       (unsigned long)sim.cpu[1].busy_ns,
	       (unsigned long)sim.cpu[2].busy_ns,
	       (unsigned long)sim.cpu[3].busy_ns,
	       (unsigned long)sim.affinity_violations);
	CHECK(sim.affinity_violations == 0 && pinned_elsewhere == 0);
	CHECK(sim.cpu[0].busy_ns + sim.cpu[2].busy_ns + sim.cpu[3].busy_ns >
	      3 * 900000000ul);
	sim_free(&sim);
}

static void blocking(void)
{
	sim_init(&sim, 4, 10000, &sched_policy_fair);
	struct sim_work w = { 200000, 1000000, 20000000 };
	for (unsigned i = 0; i < 64; i++)
		sim_spawn(&sim, &w, 0xf, (int)(i % 7) - 3, i % 4);
	CHECK(run_checked(&sim, 3000000000ul));
	unsigned exact = 0;
	uint64_t max_wait = 0;
	for (unsigned k = 0; k < 64; k++) {
		exact += sim.th[k].state == S_DEAD &&
			 sim.th[k].done_ns == w.total_ns;
		if (sim.th[k].max_wait_ns > max_wait)
			max_wait = sim.th[k].max_wait_ns;
	}
	printf("fair blocking: 64 threads x 20 ms in 200 us bursts, nice "
	       "-3..3: %u exact, longest wait %lu ns, migrations %lu\n",
	       exact, (unsigned long)max_wait, (unsigned long)sim.migrations);
	CHECK(exact == 64);
	CHECK(sim.double_run == 0);
	sim_free(&sim);
}

int main(void)
{
	share(5, 1024.0 / 335.0);
	share(-5, 1024.0 / 3121.0);
	fairness();
	spread();
	affinity();
	blocking();
	printf("%u checks, %u failed\n", checks, failures);
	return failures ? 1 : 0;
}
