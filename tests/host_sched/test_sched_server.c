/*
 * servers/sched/lib on the host, with a fake kernel behind the backend:
 * the thread table follows NEW / WAKEUP / BLOCKED / PREEMPTED / AFFINITY /
 * DEAD; dispatches carry the newest seq; a refused dispatch puts the
 * thread back to RUNNABLE; a full batch flushes itself; a dispatch outside
 * the affinity is never sent; OVERFLOW is accounted; 100000 create/exit
 * cycles through the table (tombstones) leave it working; a full table is
 * counted, not fatal. Prints "N checks, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "sched/server.h"

static unsigned checks, failures;

#define CHECK(c) do { checks++; if (!(c)) { failures++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } \
	} while (0)

/* The fake kernel: refuses a dispatch whose seq is not `current_seq`. */
static struct {
	unsigned calls, entries;
	uint64_t current_seq;
	struct sched_commit last[SCHED_COMMIT_MAX];
	unsigned nlast;
} fk;

static long fake_commit(void *ctx, struct sched_commit *c, unsigned n)
{
	(void)ctx;
	long applied = 0;
	fk.calls++;
	fk.entries += n;
	for (unsigned i = 0; i < n; i++) {
		c[i].result = SCHED_OK;
		if (c[i].op == SCHED_OP_DISPATCH && fk.current_seq &&
		    c[i].seq != fk.current_seq)
			c[i].result = SCHED_ERR_STALE;
		else
			applied++;
		fk.last[i] = c[i];
	}
	fk.nlast = n;
	return applied;
}

static struct sched_event ev(uint16_t type, uint32_t tid, uint64_t seq,
			     uint16_t cpu, uint64_t a0, uint64_t a1)
{
	struct sched_event e = { .type = type, .cpu = cpu, .tid = tid,
				 .seq = seq, .arg0 = a0, .arg1 = a1 };
	return e;
}

static struct sched_srv srv;

static void lifecycle(void)
{
	struct sched_backend be = { fake_commit, 0 };
	sched_srv_init(&srv, 4, &be);
	struct sched_event e = ev(SCHED_EV_NEW, 42, 1, 2, 0xf, (uint64_t)-5);
	struct sched_thread *t = sched_srv_event(&srv, &e);
	CHECK(t && t->tid == 42 && t->state == SRV_RUNNABLE && t->cpu == 2 &&
	      t->affinity == 0xf && t->nice == -5 && t->seq == 1);
	CHECK(sched_srv_dispatch(&srv, t, 3, 4000000));
	CHECK(t->state == SRV_QUEUED);
	CHECK(sched_srv_flush(&srv) == 1);
	CHECK(fk.nlast == 1 && fk.last[0].tid == 42 && fk.last[0].seq == 1 &&
	      fk.last[0].cpu == 3 && fk.last[0].slice_ns == 4000000);
	e = ev(SCHED_EV_PREEMPTED, 42, 2, 3, 4000000, 0);
	CHECK(sched_srv_event(&srv, &e) == t && t->state == SRV_RUNNABLE &&
	      t->runtime_ns == 4000000 && t->seq == 2);
	e = ev(SCHED_EV_BLOCKED, 42, 3, 3, 1500, 0);
	sched_srv_event(&srv, &e);
	CHECK(t->state == SRV_BLOCKED && t->runtime_ns == 4001500);
	e = ev(SCHED_EV_WAKEUP, 42, 4, 0, 3, 0);
	sched_srv_event(&srv, &e);
	CHECK(t->state == SRV_RUNNABLE && t->cpu == 3 && t->seq == 4);
	/* An older event (from another ring) does not move seq back. */
	e = ev(SCHED_EV_AFFINITY, 42, 3, 1, 0x2, 0);
	sched_srv_event(&srv, &e);
	CHECK(t->seq == 4 && t->affinity == 0x2);
	CHECK(!sched_srv_dispatch(&srv, t, 0, 1000000)); /* outside mask */
	CHECK(!sched_srv_dispatch(&srv, t, 9, 1000000)); /* no such CPU */
	CHECK(srv.nbatch == 0);
	/* A refused (stale) dispatch: RUNNABLE again, counted. */
	fk.current_seq = 5;
	CHECK(sched_srv_dispatch(&srv, t, 1, 1000000));
	CHECK(sched_srv_flush(&srv) == 0);
	CHECK(t->state == SRV_RUNNABLE);
	CHECK(srv.stats.refused[SCHED_ERR_STALE] == 1);
	fk.current_seq = 0;
	e = ev(SCHED_EV_DEAD, 42, 6, 1, 0, 0);
	CHECK(sched_srv_event(&srv, &e) == t);
	sched_srv_forget(&srv, t);
	CHECK(!sched_srv_find(&srv, 42));
	e = ev(SCHED_EV_WAKEUP, 42, 7, 1, 1, 0);
	CHECK(!sched_srv_event(&srv, &e) && srv.stats.unknown_tid == 1);
	e = ev(SCHED_EV_OVERFLOW, 0, 0, 2, 17, 0);
	sched_srv_event(&srv, &e);
	e = ev(SCHED_EV_OVERFLOW, 0, 0, 3, 3, 0);
	sched_srv_event(&srv, &e);
	CHECK(srv.stats.overflows == 2 && srv.stats.lost == 20);
	e = ev(SCHED_EV_DETACHED, 0, 0, 0, 0, 0);
	sched_srv_event(&srv, &e);
	CHECK(srv.detached);
}

static void batching(void)
{
	struct sched_backend be = { fake_commit, 0 };
	sched_srv_init(&srv, 4, &be);
	memset(&fk, 0, sizeof(fk));
	for (uint32_t tid = 1; tid <= 200; tid++) {
		struct sched_event e = ev(SCHED_EV_NEW, tid, 1, 0, 0xf, 0);
		struct sched_thread *t = sched_srv_event(&srv, &e);
		CHECK(sched_srv_dispatch(&srv, t, tid % 4, 1000000));
	}
	sched_srv_kick(&srv, 1);
	sched_srv_preempt(&srv, 2);
	CHECK(fk.calls == 3 && fk.entries == 3 * SCHED_COMMIT_MAX);
	CHECK(sched_srv_flush(&srv) == 202 - 3 * SCHED_COMMIT_MAX);
	CHECK(fk.last[fk.nlast - 2].op == SCHED_OP_KICK &&
	      fk.last[fk.nlast - 1].op == SCHED_OP_PREEMPT &&
	      fk.last[fk.nlast - 1].cpu == 2);
	CHECK(srv.stats.applied == 202);
}

static void churn(void)
{
	struct sched_backend be = { fake_commit, 0 };
	sched_srv_init(&srv, 4, &be);
	unsigned lost = 0;
	/* 100000 threads come and go, 300 alive at a time. */
	for (uint32_t tid = 1; tid <= 100000; tid++) {
		struct sched_event e = ev(SCHED_EV_NEW, tid, 1, 0, 0xf, 0);
		if (!sched_srv_event(&srv, &e))
			lost++;
		if (tid > 300) {
			struct sched_thread *old =
				sched_srv_find(&srv, tid - 300);
			if (!old)
				lost++;
			else
				sched_srv_forget(&srv, old);
		}
	}
	CHECK(lost == 0);
	unsigned live = 0;
	for (unsigned i = 0; i < SCHED_SRV_THREADS_MAX; i++)
		live += srv.threads[i].state != SRV_FREE;
	CHECK(live == 300);
	for (uint32_t tid = 100000 - 299; tid <= 100000; tid++)
		CHECK(sched_srv_find(&srv, tid) != 0);
	/* Fill the table: the rest is counted, not fatal. */
	for (uint32_t tid = 200001; tid <= 200000 + SCHED_SRV_THREADS_MAX;
	     tid++) {
		struct sched_event e = ev(SCHED_EV_NEW, tid, 1, 0, 0xf, 0);
		sched_srv_event(&srv, &e);
	}
	CHECK(srv.stats.table_full == 300);
}

int main(void)
{
	lifecycle();
	batching();
	churn();
	printf("%u checks, %u failed\n", checks, failures);
	return failures ? 1 : 0;
}
