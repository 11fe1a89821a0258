/*
 * rr: global round robin, the simplest correct policy and the template to
 * copy. One FIFO of runnable threads for the whole machine; a CPU is
 * given one thread at a time, and a thread whose slice ends goes to the
 * back of the FIFO, so with more threads than CPUs every thread takes its
 * turn on every CPU. A free CPU takes the FIFO's head; when several are
 * free, the one the thread last ran on is preferred (cache warmth).
 * The price of one thread per CPU: a CPU idles for one server round trip
 * between two slices (a deeper queue per CPU would pin threads to CPUs
 * and lose the global rotation).
 *
 * Threads whose slices end in the same batch of events go back in the
 * order they were dispatched, not the order their CPUs' rings were read:
 * otherwise CPU 0's threads would always rejoin first and, with slices
 * ending together, run every round while others wait.
 *
 * Per-thread policy data: policy[0] = FIFO link (tid of the next, 0 = end),
 * policy[1] = 1 while on the FIFO (or the returning list), policy[2] = CPU
 * it was dispatched to +1 while it counts against that CPU's load,
 * policy[3] = dispatch stamp.
 */
#include "sched/policy.h"

#define RR_SLICE_NS 10000000ul    /* 10 ms */
#define RR_DEPTH 1

static struct {
	uint32_t head, tail;               /* FIFO of tids */
	uint32_t ret;                      /* returning, by dispatch stamp */
	uint64_t stamp;
	unsigned load[SCHED_SRV_CPUS_MAX]; /* dispatched, not yet stopped */
} rr;

static void push(struct sched_srv *s, struct sched_thread *t)
{
	if (t->policy[1])
		return;
	t->policy[0] = 0;
	t->policy[1] = 1;
	if (rr.tail)
		sched_srv_find(s, rr.tail)->policy[0] = t->tid;
	else
		rr.head = t->tid;
	rr.tail = t->tid;
}

/* A thread whose slice ended: into the returning list, ordered by
 * dispatch stamp (sorted insert; the list holds at most one thread per
 * CPU per batch). */
static void push_returning(struct sched_srv *s, struct sched_thread *t)
{
	if (t->policy[1])
		return;
	t->policy[1] = 1;
	uint32_t prev = 0, cur = rr.ret;
	while (cur) {
		struct sched_thread *x = sched_srv_find(s, cur);
		if (x->policy[3] > t->policy[3])
			break;
		prev = cur;
		cur = (uint32_t)x->policy[0];
	}
	t->policy[0] = cur;
	if (prev)
		sched_srv_find(s, prev)->policy[0] = t->tid;
	else
		rr.ret = t->tid;
}

/* The returning threads join the FIFO's tail, in stamp order. */
static void splice_returning(struct sched_srv *s)
{
	uint32_t id = rr.ret;
	rr.ret = 0;
	while (id) {
		struct sched_thread *t = sched_srv_find(s, id);
		id = (uint32_t)t->policy[0];
		t->policy[1] = 0;
		push(s, t);
	}
}

/* Take t off the list starting at *head (and ending at *tail, if given);
 * true if it was there. */
static bool unlink_from(struct sched_srv *s, struct sched_thread *t,
			uint32_t *head, uint32_t *tail)
{
	uint32_t prev = 0;
	for (uint32_t id = *head; id;) {
		struct sched_thread *x = sched_srv_find(s, id);
		if (x == t) {
			if (prev)
				sched_srv_find(s, prev)->policy[0] =
					t->policy[0];
			else
				*head = (uint32_t)t->policy[0];
			if (tail && *tail == t->tid)
				*tail = prev;
			return true;
		}
		prev = id;
		id = (uint32_t)x->policy[0];
	}
	return false;
}

/* Remove t from wherever it waits (it blocked or died). */
static void unlink(struct sched_srv *s, struct sched_thread *t)
{
	if (!t->policy[1])
		return;
	if (!unlink_from(s, t, &rr.head, &rr.tail))
		unlink_from(s, t, &rr.ret, 0);
	t->policy[1] = 0;
}

/* t stopped running (or will never run where it was sent). */
static void release(struct sched_thread *t)
{
	if (t->policy[2]) {
		unsigned c = (unsigned)t->policy[2] - 1;
		if (rr.load[c])
			rr.load[c]--;
		t->policy[2] = 0;
	}
}

/* A dispatch the kernel refused: the thread is not on that CPU. */
static void rr_refused(struct sched_srv *s, struct sched_thread *t,
		       int result)
{
	(void)result;
	release(t);
	if (t->state == SRV_RUNNABLE)
		push(s, t);
}

static void rr_init(struct sched_srv *s)
{
	s->on_refused = rr_refused;
	rr.head = rr.tail = rr.ret = 0;
	rr.stamp = 0;
	for (unsigned i = 0; i < SCHED_SRV_CPUS_MAX; i++)
		rr.load[i] = 0;
}

static void rr_event(struct sched_srv *s, const struct sched_event *e,
		     struct sched_thread *t)
{
	switch (e->type) {
	case SCHED_EV_CPU_IDLE:
		/* Nothing runs or waits there: whatever we counted left. */
		if (e->cpu < SCHED_SRV_CPUS_MAX)
			rr.load[e->cpu] = 0;
		return;
	case SCHED_EV_NEW:
	case SCHED_EV_WAKEUP:
		release(t);
		push(s, t);
		return;
	case SCHED_EV_YIELD:
	case SCHED_EV_PREEMPTED:
		release(t);
		push_returning(s, t);
		return;
	case SCHED_EV_BLOCKED:
		release(t);
		unlink(s, t);
		return;
	case SCHED_EV_DEAD:
		release(t);
		unlink(s, t);
		return;
	default:
		return;
	}
}

static void rr_decide(struct sched_srv *s)
{
	splice_returning(s);
	uint32_t prev = 0;
	for (uint32_t id = rr.head; id;) {
		struct sched_thread *t = sched_srv_find(s, id);
		uint32_t next = (uint32_t)t->policy[0];
		unsigned best = SCHED_SRV_CPUS_MAX, best_load = RR_DEPTH;
		for (unsigned c = 0; c < s->ncpus; c++) {
			if (!(t->affinity & (1ull << c)))
				continue;
			if (rr.load[c] < best_load ||
			    (rr.load[c] == best_load && c == t->cpu &&
			     best != SCHED_SRV_CPUS_MAX)) {
				best = c;
				best_load = rr.load[c];
			}
		}
		if (best != SCHED_SRV_CPUS_MAX &&
		    t->state == SRV_RUNNABLE &&
		    sched_srv_dispatch(s, t, best, RR_SLICE_NS)) {
			rr.load[best]++;
			t->policy[2] = best + 1;
			t->policy[3] = ++rr.stamp;
			/* Off the FIFO. */
			if (prev)
				sched_srv_find(s, prev)->policy[0] = next;
			else
				rr.head = next;
			if (rr.tail == id)
				rr.tail = prev;
			t->policy[1] = 0;
		} else {
			prev = id;
		}
		id = next;
	}
}

const struct sched_policy sched_policy_rr = {
	.name = "rr",
	.init = rr_init,
	.event = rr_event,
	.decide = rr_decide,
};
