/*
 * fair: weighted fair share per CPU, with placement and load balancing.
 *
 * - Each thread has a virtual runtime: the CPU time it used, scaled by
 *   1024 / weight, weight from its nice value (the standard table:
 *   1024 / 1.25^nice). Each CPU keeps its own run queue; when its thread
 *   stops, the queued thread with the smallest virtual runtime runs next,
 *   for a slice that is the CPU's target latency shared by weight.
 * - Virtual runtimes are comparable across CPUs (one scale for the whole
 *   machine), which is what balancing uses: a CPU about to pick a thread
 *   takes, instead of its own, a queued thread of another CPU that is
 *   behind by more than FAIR_STEAL_LAG_NS of virtual time (so with 6
 *   threads on 4 CPUs every thread gets the same share, not 1/2 or 1).
 * - Placement (new thread, wake-up): the previous CPU while it is idle or
 *   no busier than average, else an idle allowed CPU, else the least
 *   loaded allowed CPU. A woken thread's virtual runtime is brought up to
 *   the CPU's minimum less half a latency, so sleeping earns a little
 *   credit, not a monopoly.
 * - New-idle pull: a CPU that goes idle takes the queued thread of the
 *   busiest CPU that it may run. An idle CPU given work is kicked.
 * - Affinity is respected everywhere; a pinned thread is never moved.
 *
 * Per-thread policy data: policy[0] vruntime (ns, scaled), policy[1] CPU
 * queue +1 while queued (0 otherwise), policy[2] CPU it was dispatched to
 * +1 until it stops, policy[3] queue link (tid).
 */
#include "sched/policy.h"

#define FAIR_LATENCY_NS 6000000ul     /* one round of a CPU's queue */
#define FAIR_MIN_SLICE_NS 750000ul
#define FAIR_STEAL_LAG_NS 3000000ul   /* virtual ns behind to migrate */

/* weight = 1024 / 1.25^nice, nice -20..19 (the table Linux uses). */
static const uint32_t nice_weight[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
	110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
};

struct fair_cpu {
	uint32_t head;           /* queue, unordered; picks scan it */
	unsigned nr;             /* queued */
	uint64_t load;           /* weights queued + running */
	uint32_t running;        /* tid dispatched there, 0 if none */
	uint64_t min_vruntime;
};

static struct fair_cpu fc[SCHED_SRV_CPUS_MAX];

static uint32_t weight_of(const struct sched_thread *t)
{
	int n = t->nice < -20 ? -20 : t->nice > 19 ? 19 : t->nice;
	return nice_weight[n + 20];
}

static bool allowed(const struct sched_thread *t, unsigned cpu)
{
	return cpu < 64 && (t->affinity & (1ull << cpu));
}

static void enqueue(struct sched_srv *s, struct sched_thread *t,
		    unsigned cpu)
{
	(void)s;
	t->policy[3] = fc[cpu].head;
	fc[cpu].head = t->tid;
	fc[cpu].nr++;
	fc[cpu].load += weight_of(t);
	t->policy[1] = cpu + 1;
}

static void dequeue(struct sched_srv *s, struct sched_thread *t)
{
	if (!t->policy[1])
		return;
	unsigned cpu = (unsigned)t->policy[1] - 1;
	uint32_t *link = &fc[cpu].head;
	while (*link && *link != t->tid)
		link = (uint32_t *)&sched_srv_find(s, *link)->policy[3];
	/* policy[3] is 64-bit; the link is its low half (little-endian
	 * on every target and host we build for). */
	if (*link)
		*link = (uint32_t)t->policy[3];
	fc[cpu].nr--;
	fc[cpu].load -= weight_of(t);
	t->policy[1] = 0;
}

/* The thread stopped running where it was dispatched. */
static void stopped(struct sched_thread *t, uint64_t ran_ns)
{
	t->policy[0] += ran_ns * 1024 / weight_of(t);
	if (t->policy[2]) {
		unsigned cpu = (unsigned)t->policy[2] - 1;
		if (fc[cpu].running == t->tid) {
			fc[cpu].running = 0;
			fc[cpu].load -= weight_of(t);
		}
		t->policy[2] = 0;
	}
}

static uint64_t avg_load(const struct sched_srv *s)
{
	uint64_t sum = 0;
	for (unsigned c = 0; c < s->ncpus; c++)
		sum += fc[c].load;
	return s->ncpus ? sum / s->ncpus : 0;
}

static unsigned place(const struct sched_srv *s,
		      const struct sched_thread *t)
{
	unsigned prev = t->cpu;
	if (allowed(t, prev) && prev < s->ncpus &&
	    (!fc[prev].load || fc[prev].load <= avg_load(s)))
		return prev;
	unsigned best = SCHED_SRV_CPUS_MAX;
	for (unsigned c = 0; c < s->ncpus; c++) {
		if (!allowed(t, c))
			continue;
		if (!fc[c].load)
			return c;
		if (best == SCHED_SRV_CPUS_MAX || fc[c].load < fc[best].load)
			best = c;
	}
	return best;
}

static void make_runnable(struct sched_srv *s, struct sched_thread *t,
			  bool woke)
{
	unsigned cpu = place(s, t);
	if (cpu == SCHED_SRV_CPUS_MAX)
		return;               /* no allowed CPU: stays with the kernel */
	uint64_t floor = fc[cpu].min_vruntime;
	if (woke)
		floor = floor > FAIR_LATENCY_NS / 2 ?
			floor - FAIR_LATENCY_NS / 2 : 0;
	if (t->policy[0] < floor)
		t->policy[0] = floor;
	enqueue(s, t, cpu);
}

/* Smallest vruntime queued on cpu that may run there. */
static struct sched_thread *min_of(struct sched_srv *s, unsigned cpu,
				   unsigned runner)
{
	struct sched_thread *best = 0;
	for (uint32_t id = fc[cpu].head; id;) {
		struct sched_thread *t = sched_srv_find(s, id);
		if (allowed(t, runner) &&
		    (!best || t->policy[0] < best->policy[0]))
			best = t;
		id = (uint32_t)t->policy[3];
	}
	return best;
}

/* What cpu should run next: its own best, or another CPU's thread that
 * is far behind (balancing), or, if its queue is empty, the busiest
 * CPU's best (new-idle pull). */
static struct sched_thread *pick(struct sched_srv *s, unsigned cpu)
{
	struct sched_thread *own = min_of(s, cpu, cpu);
	struct sched_thread *far = 0;
	unsigned busiest = SCHED_SRV_CPUS_MAX;
	for (unsigned c = 0; c < s->ncpus; c++) {
		if (c == cpu || !fc[c].nr)
			continue;
		struct sched_thread *t = min_of(s, c, cpu);
		if (!t)
			continue;
		if (!far || t->policy[0] < far->policy[0])
			far = t;
		if (busiest == SCHED_SRV_CPUS_MAX ||
		    fc[c].load > fc[busiest].load)
			busiest = c;
	}
	if (!own) {
		if (busiest == SCHED_SRV_CPUS_MAX)
			return 0;
		return min_of(s, busiest, cpu);
	}
	if (far && far->policy[0] + FAIR_STEAL_LAG_NS < own->policy[0])
		return far;
	return own;
}

static uint64_t slice_for(const struct sched_thread *t, unsigned cpu)
{
	uint64_t total = fc[cpu].load + weight_of(t);
	uint64_t slice = FAIR_LATENCY_NS * weight_of(t) / (total ? total : 1);
	if (slice < FAIR_MIN_SLICE_NS)
		slice = FAIR_MIN_SLICE_NS;
	return slice;
}

static void run_next(struct sched_srv *s, unsigned cpu)
{
	if (fc[cpu].running)
		return;
	struct sched_thread *t = pick(s, cpu);
	if (!t)
		return;
	dequeue(s, t);
	uint64_t slice = slice_for(t, cpu);
	if (!sched_srv_dispatch(s, t, cpu, slice)) {
		enqueue(s, t, cpu);
		return;
	}
	fc[cpu].running = t->tid;
	fc[cpu].load += weight_of(t);
	t->policy[2] = cpu + 1;
	if (t->policy[0] > fc[cpu].min_vruntime)
		fc[cpu].min_vruntime = t->policy[0];
}

static void fair_refused(struct sched_srv *s, struct sched_thread *t,
			 int result)
{
	(void)result;
	stopped(t, 0);
	if (t->state == SRV_RUNNABLE)
		make_runnable(s, t, false);
}

static void fair_init(struct sched_srv *s)
{
	s->on_refused = fair_refused;
	for (unsigned c = 0; c < SCHED_SRV_CPUS_MAX; c++) {
		struct fair_cpu z = { 0 };
		fc[c] = z;
	}
}

static void fair_event(struct sched_srv *s, const struct sched_event *e,
		       struct sched_thread *t)
{
	switch (e->type) {
	case SCHED_EV_CPU_IDLE:
		if (e->cpu < SCHED_SRV_CPUS_MAX && fc[e->cpu].running) {
			/* Whatever we sent there is gone; it reported. */
			struct sched_thread *r =
				sched_srv_find(s, fc[e->cpu].running);
			if (r)
				stopped(r, 0);
			else
				fc[e->cpu].running = 0;
		}
		return;
	case SCHED_EV_NEW:
		t->policy[0] = 0;
		t->policy[1] = t->policy[2] = 0;
		make_runnable(s, t, false);
		return;
	case SCHED_EV_WAKEUP:
		dequeue(s, t);
		make_runnable(s, t, true);
		return;
	case SCHED_EV_YIELD:
	case SCHED_EV_PREEMPTED:
		stopped(t, e->arg0);
		make_runnable(s, t, false);
		return;
	case SCHED_EV_BLOCKED:
		stopped(t, e->arg0);
		dequeue(s, t);
		return;
	case SCHED_EV_DEAD:
		stopped(t, e->arg0);
		dequeue(s, t);
		return;
	case SCHED_EV_AFFINITY:
		if (t->policy[1] && !allowed(t, (unsigned)t->policy[1] - 1)) {
			dequeue(s, t);
			make_runnable(s, t, false);
		}
		return;
	default:
		return;
	}
}

static void fair_decide(struct sched_srv *s)
{
	for (unsigned c = 0; c < s->ncpus; c++) {
		bool was_idle = !fc[c].running;
		run_next(s, c);
		if (was_idle && fc[c].running)
			sched_srv_kick(s, c);
	}
}

const struct sched_policy sched_policy_fair = {
	.name = "fair",
	.init = fair_init,
	.event = fair_event,
	.decide = fair_decide,
};
