/*
 * A scheduling policy as the protocol library runs it: hooks called after
 * each event has been folded into the thread table, and a hook after every
 * drained batch of events. A policy decides through sched_srv_dispatch /
 * _preempt / _kick; the caller flushes. The same policy source is linked
 * into its guest server and into the host simulator (tools/schedsim).
 */
#ifndef SCHED_POLICY_H
#define SCHED_POLICY_H

#include "sched/server.h"

struct sched_policy {
	const char *name;
	void (*init)(struct sched_srv *s);
	/* t: the thread the event is about (NULL for CPU events). For
	 * SCHED_EV_DEAD the library forgets t right after this returns. */
	void (*event)(struct sched_srv *s, const struct sched_event *e,
		      struct sched_thread *t);
	/* After a batch of events: place what is waiting. */
	void (*decide)(struct sched_srv *s);
};

extern const struct sched_policy sched_policy_rr;
extern const struct sched_policy sched_policy_fair;

/* Attach p to s (calls p->init). */
void sched_policy_start(struct sched_srv *s, const struct sched_policy *p);
/* Fold e into the table and give it to p (forgets a DEAD thread after). */
void sched_policy_event(struct sched_srv *s, const struct sched_policy *p,
			const struct sched_event *e);
/* After a batch of events: p decides, the batch is flushed. */
long sched_policy_decide(struct sched_srv *s, const struct sched_policy *p);

#endif
