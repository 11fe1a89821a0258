/* schedsim (sim.h). */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void emit(struct sim *s, unsigned cpu, uint16_t type,
		 struct sim_thread *t, uint64_t a0, uint64_t a1)
{
	struct sched_event e = { .type = type, .cpu = (uint16_t)cpu,
				 .arg0 = a0, .arg1 = a1 };
	if (t) {
		e.tid = t->tid;
		e.seq = ++t->seq;
	}
	struct sim_cpu *c = &s->cpu[cpu];
	sched_ring_push(c->ring, &c->prod, &e);
	s->events++;
}

void sim_init(struct sim *s, unsigned ncpus, uint64_t dt,
	      const struct sched_policy *p)
{
	memset(s, 0, sizeof(*s));
	s->ncpus = ncpus;
	s->dt = dt;
	s->server_every = 1;
	s->policy = p;
	for (unsigned i = 0; i < ncpus; i++) {
		struct sim_cpu *c = &s->cpu[i];
		c->online = true;
		c->ring = calloc(1, sizeof(*c->ring) + SIM_RING_ENTRIES *
				 sizeof(c->ring->ev[0]));
		sched_ring_init(c->ring, &c->prod, SIM_RING_ENTRIES);
	}
	struct sched_backend be = { sim_commit, s };
	sched_srv_init(&s->srv, ncpus, &be);
	sched_policy_start(&s->srv, p);
}

void sim_free(struct sim *s)
{
	for (unsigned i = 0; i < s->ncpus; i++)
		free(s->cpu[i].ring);
}

static void make_runnable(struct sim *s, struct sim_thread *t)
{
	t->state = S_RUNNABLE;
	t->cpu = -1;
	t->runnable_since = s->now;
}

uint32_t sim_spawn(struct sim *s, const struct sim_work *w,
		   uint64_t affinity, int nice, unsigned cpu)
{
	struct sim_thread *t = &s->th[s->nthreads];
	memset(t, 0, sizeof(*t));
	t->tid = 100 + s->nthreads++;
	t->w = *w;
	t->burst_left = w->run_ns;
	t->affinity = affinity;
	t->nice = nice;
	t->last_cpu = (int)cpu;
	make_runnable(s, t);
	emit(s, cpu, SCHED_EV_NEW, t, affinity, (uint64_t)(int64_t)nice);
	return t->tid;
}

static struct sim_thread *find(struct sim *s, uint32_t tid)
{
	if (tid < 100 || tid - 100 >= s->nthreads)
		return NULL;
	return &s->th[tid - 100];
}

static int check_one(struct sim *s, const struct sched_commit *c)
{
	if (c->op < SCHED_OP_DISPATCH || c->op > SCHED_OP_KICK ||
	    c->reserved || c->cpu >= s->ncpus)
		return SCHED_ERR_BAD_ARGS;
	if (c->op == SCHED_OP_DISPATCH &&
	    (c->slice_ns < SCHED_SLICE_MIN_NS ||
	     c->slice_ns > SCHED_SLICE_MAX_NS))
		return SCHED_ERR_BAD_ARGS;
	if (c->op != SCHED_OP_DISPATCH)
		return s->cpu[c->cpu].online ? SCHED_OK
					     : SCHED_ERR_CPU_OFFLINE;
	struct sim_thread *t = find(s, c->tid);
	if (!t || t->state == S_DEAD)
		return SCHED_ERR_BAD_THREAD;
	if (c->seq != t->seq)
		return SCHED_ERR_STALE;
	if (t->state != S_RUNNABLE)
		return SCHED_ERR_NOT_RUNNABLE;
	if (!s->cpu[c->cpu].online)
		return SCHED_ERR_CPU_OFFLINE;
	if (!(t->affinity & (1ull << c->cpu)))
		return SCHED_ERR_AFFINITY;
	return SCHED_OK;
}

long sim_commit(void *ctx, struct sched_commit *c, unsigned n)
{
	struct sim *s = ctx;
	long applied = 0;
	for (unsigned i = 0; i < n; i++) {
		int r = check_one(s, &c[i]);
		c[i].result = r;
		if (r != SCHED_OK) {
			s->refused[r]++;
			continue;
		}
		applied++;
		struct sim_cpu *cpu = &s->cpu[c[i].cpu];
		if (c[i].op == SCHED_OP_PREEMPT) {
			if (cpu->cur)
				cpu->cur->slice_left = 0;
			continue;
		}
		if (c[i].op == SCHED_OP_KICK)
			continue;        /* simulated CPUs look every step */
		struct sim_thread *t = find(s, c[i].tid);
		t->state = S_QUEUED;
		t->cpu = c[i].cpu;
		t->slice_left = c[i].slice_ns;
		t->qnext = NULL;
		if (cpu->qtail)
			cpu->qtail->qnext = t;
		else
			cpu->qhead = t;
		cpu->qtail = t;
		cpu->qlen++;
	}
	s->applied += (uint64_t)applied;
	return applied;
}

static void run_cpu(struct sim *s, unsigned i)
{
	struct sim_cpu *c = &s->cpu[i];
	if (!c->cur && c->qhead) {
		struct sim_thread *t = c->qhead;
		c->qhead = t->qnext;
		if (!c->qhead)
			c->qtail = NULL;
		c->qlen--;
		if (t->state != S_QUEUED)
			s->double_run++;
		if (!(t->affinity & (1ull << i)))
			s->affinity_violations++;
		t->state = S_RUNNING;
		t->ran = 0;
		t->runs++;
		if (t->last_cpu != (int)i && t->runs > 1) {
			t->migrations++;
			s->migrations++;
		}
		t->last_cpu = (int)i;
		uint64_t wait = s->now - t->runnable_since;
		if (wait > t->max_wait_ns)
			t->max_wait_ns = wait;
		c->cur = t;
		c->idle_reported = false;
	}
	struct sim_thread *t = c->cur;
	if (!t) {
		c->idle_ns += s->dt;
		if (!c->idle_reported) {
			c->idle_reported = true;
			emit(s, i, SCHED_EV_CPU_IDLE, NULL, 0, 0);
		}
		return;
	}
	c->busy_ns += s->dt;
	t->done_ns += s->dt;
	t->ran += s->dt;
	t->slice_left = t->slice_left > s->dt ? t->slice_left - s->dt : 0;
	if (t->w.run_ns)
		t->burst_left = t->burst_left > s->dt ? t->burst_left - s->dt
						      : 0;
	if (t->w.total_ns && t->done_ns >= t->w.total_ns) {
		t->state = S_DEAD;
		t->cpu = -1;
		c->cur = NULL;
		emit(s, i, SCHED_EV_DEAD, t, t->ran, 0);
	} else if (t->w.run_ns && !t->burst_left) {
		t->state = S_BLOCKED;
		t->cpu = -1;
		t->wake_at = s->now + s->dt + t->w.block_ns;
		t->burst_left = t->w.run_ns;
		c->cur = NULL;
		emit(s, i, SCHED_EV_BLOCKED, t, t->ran, 0);
	} else if (!t->slice_left) {
		make_runnable(s, t);
		c->cur = NULL;
		emit(s, i, SCHED_EV_PREEMPTED, t, t->ran, 0);
	}
}

static void serve(struct sim *s)
{
	struct sched_event e;
	for (unsigned i = 0; i < s->ncpus; i++)
		while (sched_ring_pop(s->cpu[i].ring, &e))
			sched_policy_event(&s->srv, s->policy, &e);
	sched_policy_decide(&s->srv, s->policy);
}

/* A CPU with nothing to run while a thread it may run waits (queued
 * behind another CPU's thread, or waiting for the server to place it):
 * a wasted core. Counted after the CPUs moved and before the server
 * answered, so a server round trip at each slice end counts too. */
static void count_waste(struct sim *s)
{
	uint64_t waiting = 0;     /* CPUs some waiting thread may use */
	for (unsigned k = 0; k < s->nthreads; k++) {
		const struct sim_thread *t = &s->th[k];
		if (t->state == S_RUNNABLE || t->state == S_QUEUED)
			waiting |= t->affinity;
	}
	for (unsigned i = 0; i < s->ncpus; i++) {
		if (!s->cpu[i].cur && s->cpu[i].online &&
		    (waiting & (1ull << i))) {
			s->wasted_ns += s->dt;
			return;
		}
	}
}

void sim_run(struct sim *s, uint64_t ns)
{
	uint64_t end = s->now + ns;
	while (s->now < end) {
		for (unsigned k = 0; k < s->nthreads; k++) {
			struct sim_thread *t = &s->th[k];
			if (t->state == S_BLOCKED && t->wake_at <= s->now) {
				make_runnable(s, t);
				/* The timer fires where it blocked. */
				emit(s, (unsigned)t->last_cpu,
				     SCHED_EV_WAKEUP, t,
				     (uint64_t)t->last_cpu, 0);
			}
		}
		for (unsigned i = 0; i < s->ncpus; i++)
			if (s->cpu[i].online)
				run_cpu(s, i);
		count_waste(s);
		if (++s->steps % s->server_every == 0)
			serve(s);
		s->now += s->dt;
	}
}

bool sim_check(struct sim *s, char *why, unsigned whylen)
{
	unsigned seen[SIM_THREADS_MAX] = { 0 };
	for (unsigned i = 0; i < s->ncpus; i++) {
		const struct sim_cpu *c = &s->cpu[i];
		if (c->cur)
			seen[c->cur->tid - 100]++;
		for (const struct sim_thread *t = c->qhead; t; t = t->qnext)
			seen[t->tid - 100]++;
	}
	for (unsigned k = 0; k < s->nthreads; k++) {
		const struct sim_thread *t = &s->th[k];
		unsigned want = t->state == S_QUEUED || t->state == S_RUNNING;
		if (seen[k] != want) {
			snprintf(why, whylen, "thread %u (state %d) is in %u "
				 "places", t->tid, t->state, seen[k]);
			return false;
		}
	}
	return true;
}

double sim_jain(const struct sim *s, unsigned first, unsigned n)
{
	double sum = 0, sq = 0;
	for (unsigned k = first; k < first + n; k++) {
		double x = (double)s->th[k].done_ns;
		sum += x;
		sq += x * x;
	}
	return sq ? sum * sum / (n * sq) : 0;
}
