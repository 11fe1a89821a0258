/*
 * schedsim: a simulated kernel for scheduling policies. It plays the
 * kernel's side of the scheduler protocol (docs/sched-protocol.md) with
 * virtual time: per-CPU dispatch queues, threads that run, block, wake and
 * exit by a scripted workload, events into real per-CPU rings
 * (uapi/sched_ring.h) and commits checked with the kernel's refusal rules.
 * The policy under test is the same source as its guest server
 * (servers/sched/<name>/policy.c) on the same library (servers/sched/lib).
 *
 * Time advances in steps of `dt` ns; after every step the server drains
 * the rings, decides and commits (an ideal, instant server; `server_every`
 * steps makes it slower).
 */
#ifndef SCHEDSIM_H
#define SCHEDSIM_H

#include <stdbool.h>
#include <stdint.h>

#include <uapi/sched_ring.h>

#include "sched/policy.h"

#define SIM_CPUS_MAX 16
#define SIM_THREADS_MAX 512
#define SIM_RING_ENTRIES 1024

enum sim_state { S_RUNNABLE = 1, S_QUEUED, S_RUNNING, S_BLOCKED, S_DEAD };

struct sim_work {
	uint64_t run_ns;      /* burst before blocking; 0: never blocks */
	uint64_t block_ns;    /* how long each block lasts */
	uint64_t total_ns;    /* CPU time to use, then exit; 0: forever */
};

struct sim_thread {
	uint32_t tid;
	int state;                 /* enum sim_state */
	int cpu;                   /* queued on / running on; -1 */
	int last_cpu;
	uint64_t seq, affinity;
	int nice;
	struct sim_work w;
	uint64_t burst_left, slice_left, ran, done_ns, wake_at;
	uint64_t runnable_since, max_wait_ns;
	uint64_t migrations, runs;
	struct sim_thread *qnext;
};

struct sim_cpu {
	struct sim_thread *cur, *qhead, *qtail;
	unsigned qlen;
	bool online, idle_reported;
	uint64_t busy_ns, idle_ns;
	struct sched_ring *ring;
	struct sched_ring_producer prod;
};

struct sim {
	unsigned ncpus;
	uint64_t now, dt;
	unsigned server_every, steps;
	struct sim_cpu cpu[SIM_CPUS_MAX];
	struct sim_thread th[SIM_THREADS_MAX];
	unsigned nthreads;
	struct sched_srv srv;
	const struct sched_policy *policy;
	/* Invariants and counters. */
	uint64_t double_run, lost_threads, affinity_violations;
	uint64_t wasted_ns;       /* a CPU idle while another has >= 2 */
	uint64_t refused[SCHED_ERR_BAD_ARGS + 1], applied;
	uint64_t migrations, events;
};

void sim_init(struct sim *s, unsigned ncpus, uint64_t dt,
	      const struct sched_policy *p);
void sim_free(struct sim *s);
/* A new thread, announced on `cpu`'s ring. Returns its tid. */
uint32_t sim_spawn(struct sim *s, const struct sim_work *w,
		   uint64_t affinity, int nice, unsigned cpu);
void sim_run(struct sim *s, uint64_t ns);
/* Apply commits as the kernel would (the backend the server uses). */
long sim_commit(void *ctx, struct sched_commit *c, unsigned n);
/* Checks that hold after any step: each thread in exactly one place. */
bool sim_check(struct sim *s, char *why, unsigned whylen);
double sim_jain(const struct sim *s, unsigned first, unsigned n);

#endif
