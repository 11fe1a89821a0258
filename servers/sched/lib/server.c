/* The protocol library (include/sched/server.h). */
#include "sched/server.h"

/* Open addressing on tid; tids are never 0. */
static unsigned slot_hash(uint32_t tid)
{
	return (tid * 2654435761u) & (SCHED_SRV_THREADS_MAX - 1);
}

void sched_srv_init(struct sched_srv *s, unsigned ncpus,
		    const struct sched_backend *be)
{
	unsigned char *p = (unsigned char *)s;
	for (unsigned long i = 0; i < sizeof(*s); i++)
		p[i] = 0;
	s->be = *be;
	s->ncpus = ncpus < SCHED_SRV_CPUS_MAX ? ncpus : SCHED_SRV_CPUS_MAX;
}

struct sched_thread *sched_srv_find(struct sched_srv *s, uint32_t tid)
{
	unsigned h = slot_hash(tid);
	for (unsigned i = 0; i < SCHED_SRV_THREADS_MAX; i++) {
		struct sched_thread *t =
			&s->threads[(h + i) & (SCHED_SRV_THREADS_MAX - 1)];
		if (t->state == SRV_FREE && !t->tid)
			return 0;            /* never-used slot ends the probe */
		if (t->state != SRV_FREE && t->tid == tid)
			return t;
	}
	return 0;
}

static struct sched_thread *insert(struct sched_srv *s, uint32_t tid)
{
	unsigned h = slot_hash(tid);
	for (unsigned i = 0; i < SCHED_SRV_THREADS_MAX; i++) {
		struct sched_thread *t =
			&s->threads[(h + i) & (SCHED_SRV_THREADS_MAX - 1)];
		if (t->state == SRV_FREE) {
			/* A freed slot keeps tid != 0 as a tombstone so
			 * probes pass it; reuse it now. */
			struct sched_thread z = { .tid = tid };
			*t = z;
			return t;
		}
	}
	return 0;
}

void sched_srv_forget(struct sched_srv *s, struct sched_thread *t)
{
	(void)s;
	t->state = SRV_FREE;          /* tid stays: tombstone */
}

struct sched_thread *sched_srv_event(struct sched_srv *s,
				     const struct sched_event *e)
{
	s->stats.events++;
	switch (e->type) {
	case SCHED_EV_OVERFLOW:
		s->stats.overflows++;
		s->stats.lost += e->arg0;
		return 0;
	case SCHED_EV_DETACHED:
		s->detached = true;
		return 0;
	case SCHED_EV_CPU_IDLE:
	case SCHED_EV_TICK:
		return 0;
	default:
		break;
	}
	struct sched_thread *t = sched_srv_find(s, e->tid);
	if (e->type == SCHED_EV_NEW) {
		if (!t)
			t = insert(s, e->tid);
		if (!t) {
			s->stats.table_full++;
			return 0;
		}
		t->state = SRV_RUNNABLE;
		t->cpu = e->cpu;
		t->affinity = e->arg0;
		t->nice = (int8_t)e->arg1;
	} else if (!t) {
		s->stats.unknown_tid++;
		return 0;
	}
	/* Events about one thread come in seq order on one ring, but a
	 * thread's events may be spread over several rings (it moves):
	 * keep the newest number only. */
	if (e->seq > t->seq)
		t->seq = e->seq;
	switch (e->type) {
	case SCHED_EV_WAKEUP:
		t->state = SRV_RUNNABLE;
		t->cpu = (uint16_t)e->arg0;
		break;
	case SCHED_EV_BLOCKED:
		t->state = SRV_BLOCKED;
		t->cpu = e->cpu;
		t->runtime_ns += e->arg0;
		break;
	case SCHED_EV_YIELD:
	case SCHED_EV_PREEMPTED:
		t->state = SRV_RUNNABLE;
		t->cpu = e->cpu;
		t->runtime_ns += e->arg0;
		break;
	case SCHED_EV_AFFINITY:
		t->affinity = e->arg0;
		break;
	case SCHED_EV_DEAD:
		t->state = SRV_BLOCKED;    /* forget after the policy's hook */
		break;
	}
	return t;
}

static struct sched_commit *slot(struct sched_srv *s)
{
	if (s->nbatch == SCHED_COMMIT_MAX)
		sched_srv_flush(s);
	struct sched_commit *c = &s->batch[s->nbatch++];
	struct sched_commit z = { 0 };
	*c = z;
	return c;
}

bool sched_srv_dispatch(struct sched_srv *s, struct sched_thread *t,
			unsigned cpu, uint64_t slice_ns)
{
	if (cpu >= s->ncpus || cpu >= 64 || !(t->affinity & (1ull << cpu)))
		return false;
	struct sched_commit *c = slot(s);
	c->op = SCHED_OP_DISPATCH;
	c->cpu = (uint16_t)cpu;
	c->tid = t->tid;
	c->seq = t->seq;
	c->slice_ns = slice_ns;
	t->state = SRV_QUEUED;
	t->cpu = (uint16_t)cpu;
	return true;
}

void sched_srv_preempt(struct sched_srv *s, unsigned cpu)
{
	struct sched_commit *c = slot(s);
	c->op = SCHED_OP_PREEMPT;
	c->cpu = (uint16_t)cpu;
}

void sched_srv_kick(struct sched_srv *s, unsigned cpu)
{
	struct sched_commit *c = slot(s);
	c->op = SCHED_OP_KICK;
	c->cpu = (uint16_t)cpu;
}

long sched_srv_flush(struct sched_srv *s)
{
	unsigned n = s->nbatch;
	if (!n)
		return 0;
	s->nbatch = 0;
	long r = s->be.commit(s->be.ctx, s->batch, n);
	s->stats.commits += n;
	if (r < 0)
		return r;
	s->stats.applied += (uint64_t)r;
	for (unsigned i = 0; i < n; i++) {
		const struct sched_commit *c = &s->batch[i];
		if (c->result == SCHED_OK)
			continue;
		if (c->result > 0 && c->result <= SCHED_ERR_BAD_ARGS)
			s->stats.refused[c->result]++;
		if (c->op != SCHED_OP_DISPATCH)
			continue;
		struct sched_thread *t = sched_srv_find(s, c->tid);
		if (!t)
			continue;
		/* Stale: a newer event has (or will have) set the state. */
		if (t->state == SRV_QUEUED && t->seq == c->seq)
			t->state = SRV_RUNNABLE;
		if (s->on_refused)
			s->on_refused(s, t, c->result);
	}
	return r;
}
