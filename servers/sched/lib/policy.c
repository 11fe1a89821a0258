/* Running a policy over the protocol library (include/sched/policy.h). */
#include "sched/policy.h"

void sched_policy_start(struct sched_srv *s, const struct sched_policy *p)
{
	if (p->init)
		p->init(s);
}

void sched_policy_event(struct sched_srv *s, const struct sched_policy *p,
			const struct sched_event *e)
{
	struct sched_thread *t = sched_srv_event(s, e);
	if (!t && e->type != SCHED_EV_CPU_IDLE && e->type != SCHED_EV_TICK)
		return;
	p->event(s, e, t);
	if (t && e->type == SCHED_EV_DEAD)
		sched_srv_forget(s, t);
}

long sched_policy_decide(struct sched_srv *s, const struct sched_policy *p)
{
	if (p->decide)
		p->decide(s);
	return sched_srv_flush(s);
}
