/*
 * The per-CPU event ring of the scheduler protocol (uapi/sched.h): one
 * producer (the kernel, on that CPU, interrupts masked) and one consumer
 * (the server). Shared by the kernel, the server library and the host
 * tests, so it is plain C11 with no dependencies.
 *
 * The ring lives in memory the server can write, so the producer trusts
 * nothing it reads back: it keeps its own copy of head, and a tail that
 * claims more room than the ring has is treated as "full" (events are then
 * counted as lost) rather than believed. A full ring loses the new event,
 * counts it, and, as soon as there is room again, first puts a
 * SCHED_EV_OVERFLOW event carrying the number lost, so loss is never
 * silent and the server knows to resynchronise.
 */
#ifndef UAPI_SCHED_RING_H
#define UAPI_SCHED_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "sched.h"

struct sched_ring {
	_Atomic uint32_t head;        /* written by the producer */
	uint32_t pad0[15];            /* head and tail on their own lines */
	_Atomic uint32_t tail;        /* written by the consumer */
	uint32_t pad1[15];
	_Atomic uint64_t lost;        /* events lost, total (producer) */
	uint32_t entries;             /* a power of two (producer, fixed) */
	uint32_t pad2[13];
	struct sched_event ev[];
};

/* The producer's private state: never in shared memory. */
struct sched_ring_producer {
	uint32_t head;
	uint32_t entries;
	uint64_t unreported;          /* lost since the last OVERFLOW event */
	uint64_t lost;
};

static inline void sched_ring_init(struct sched_ring *r,
				   struct sched_ring_producer *p,
				   uint32_t entries)
{
	atomic_store_explicit(&r->head, 0, memory_order_relaxed);
	atomic_store_explicit(&r->tail, 0, memory_order_relaxed);
	atomic_store_explicit(&r->lost, 0, memory_order_relaxed);
	r->entries = entries;
	p->head = 0;
	p->entries = entries;
	p->unreported = 0;
	p->lost = 0;
}

/* Free slots as the producer sees them; 0 if the consumer's tail is not
 * believable (behind head by more than the ring, or ahead of it). */
static inline uint32_t sched_ring_room(const struct sched_ring *r,
				       const struct sched_ring_producer *p)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	uint32_t used = p->head - tail;
	return used > p->entries ? 0 : p->entries - used;
}

static inline void sched_ring_put(struct sched_ring *r,
				  struct sched_ring_producer *p,
				  const struct sched_event *e)
{
	r->ev[p->head & (p->entries - 1)] = *e;
	p->head++;
}

/* Producer: append e. False if it was lost (ring full). */
static inline bool sched_ring_push(struct sched_ring *r,
				   struct sched_ring_producer *p,
				   const struct sched_event *e)
{
	uint32_t room = sched_ring_room(r, p);
	if (room < 1 + (p->unreported ? 1u : 0u)) {
		p->unreported++;
		p->lost++;
		atomic_store_explicit(&r->lost, p->lost, memory_order_relaxed);
		return false;
	}
	if (p->unreported) {
		struct sched_event o = { .type = SCHED_EV_OVERFLOW,
					 .cpu = e->cpu,
					 .arg0 = p->unreported };
		sched_ring_put(r, p, &o);
		p->unreported = 0;
	}
	sched_ring_put(r, p, e);
	/* Publish the entries before the new head. */
	atomic_store_explicit(&r->head, p->head, memory_order_release);
	return true;
}

/* Consumer: take the oldest event into *out. False if the ring is empty. */
static inline bool sched_ring_pop(struct sched_ring *r,
				  struct sched_event *out)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	if (tail == head)
		return false;
	*out = r->ev[tail & (r->entries - 1)];
	/* The slot is copied out before the producer may reuse it. */
	atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
	return true;
}

#endif
