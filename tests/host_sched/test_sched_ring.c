/*
 * uapi/sched_ring.h on the host:
 *  1. single-threaded: fill, overflow, drain; the OVERFLOW event reports
 *     exactly the number lost, and comes before the next real event;
 *  2. two threads, producer faster than the consumer, 300000 events:
 *     every event either arrives exactly once and in order, or is lost and
 *     counted; received + lost == sent; the OVERFLOW events add up to lost;
 *     and with a producer that waits for room, all arrive, in order;
 *  3. a hostile consumer: garbage tails never make the producer write
 *     outside the ring or believe there is room that is not there.
 * Prints "N checks, N failed".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/sched_ring.h>

static unsigned checks, failures;

#define CHECK(c) do { checks++; if (!(c)) { failures++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } \
	} while (0)

static struct sched_ring *ring_new(uint32_t entries)
{
	struct sched_ring *r = aligned_alloc(64, sizeof(*r) +
					     entries * sizeof(r->ev[0]));
	memset(r, 0, sizeof(*r) + entries * sizeof(r->ev[0]));
	return r;
}

static struct sched_event ev(uint64_t seq)
{
	struct sched_event e = { .type = SCHED_EV_WAKEUP, .cpu = 1,
				 .tid = 7, .seq = seq };
	return e;
}

static void single_thread(void)
{
	struct sched_ring *r = ring_new(8);
	struct sched_ring_producer p;
	sched_ring_init(r, &p, 8);
	struct sched_event e, out;
	for (uint64_t i = 0; i < 8; i++) {
		e = ev(i);
		CHECK(sched_ring_push(r, &p, &e));
	}
	for (uint64_t i = 8; i < 11; i++) {
		e = ev(i);
		CHECK(!sched_ring_push(r, &p, &e));
	}
	CHECK(atomic_load(&r->lost) == 3);
	/* Take one: still no room for OVERFLOW + event. */
	CHECK(sched_ring_pop(r, &out) && out.seq == 0);
	e = ev(11);
	CHECK(!sched_ring_push(r, &p, &e));
	CHECK(atomic_load(&r->lost) == 4);
	CHECK(sched_ring_pop(r, &out) && out.seq == 1);
	e = ev(12);
	CHECK(sched_ring_push(r, &p, &e));
	for (uint64_t i = 2; i < 8; i++)
		CHECK(sched_ring_pop(r, &out) && out.seq == i &&
		      out.type == SCHED_EV_WAKEUP);
	CHECK(sched_ring_pop(r, &out) && out.type == SCHED_EV_OVERFLOW &&
	      out.arg0 == 4 && out.cpu == 1);
	CHECK(sched_ring_pop(r, &out) && out.seq == 12);
	CHECK(!sched_ring_pop(r, &out));
	/* Wrap the 32-bit indices. */
	atomic_store(&r->head, 0xfffffffeu);
	atomic_store(&r->tail, 0xfffffffeu);
	p.head = 0xfffffffeu;
	for (uint64_t i = 0; i < 100; i++) {
		e = ev(100 + i);
		CHECK(sched_ring_push(r, &p, &e));
		CHECK(sched_ring_pop(r, &out) && out.seq == 100 + i);
	}
	free(r);
}

#define EVENTS 300000ul

struct pc {
	struct sched_ring *r;
	struct sched_ring_producer p;
	_Atomic int done;
	uint64_t sent_ok;
	bool wait_for_room;    /* lossless run: the producer waits */
};

static void *producer(void *arg)
{
	struct pc *s = arg;
	for (uint64_t i = 0; i < EVENTS; i++) {
		struct sched_event e = ev(i);
		e.arg1 = i * 2654435761u;
		while (s->wait_for_room && !sched_ring_room(s->r, &s->p))
			;
		if (sched_ring_push(s->r, &s->p, &e))
			s->sent_ok++;
	}
	atomic_store(&s->done, 1);
	return NULL;
}

static void two_threads(bool lossless)
{
	struct pc s = { .r = ring_new(64), .wait_for_room = lossless };
	sched_ring_init(s.r, &s.p, 64);
	pthread_t t;
	pthread_create(&t, NULL, producer, &s);
	uint64_t got = 0, reported = 0, last = 0, bad = 0, spins = 0;
	bool first = true;
	struct sched_event out;
	for (;;) {
		/* done read first: a pop that then finds nothing saw
		 * everything the producer will ever push. */
		bool done = atomic_load(&s.done);
		if (!sched_ring_pop(s.r, &out)) {
			if (done)
				break;
			continue;
		}
		if (!lossless && ++spins % 64 == 0)      /* a slow consumer: losses happen */
			for (volatile int k = 0; k < 300; k++)
				;
		if (out.type == SCHED_EV_OVERFLOW) {
			reported += out.arg0;
			continue;
		}
		if ((!first && out.seq <= last) ||
		    out.arg1 != out.seq * 2654435761u)
			bad++;
		first = false;
		last = out.seq;
		got++;
	}
	pthread_join(t, NULL);
	uint64_t lost = atomic_load(&s.r->lost);
	printf("two threads%s: %lu sent, %lu received, %lu lost, %lu reported "
	       "lost before the end\n", lossless ? " (lossless)" : "", EVENTS, (unsigned long)got,
	       (unsigned long)lost, (unsigned long)reported);
	CHECK(bad == 0);
	CHECK(got == s.sent_ok);
	CHECK(got + lost == EVENTS);
	/* Loss after the last OVERFLOW event waits for the next push. */
	CHECK(reported + s.p.unreported == lost);
	if (lossless)
		CHECK(got == EVENTS && lost == 0);
	else
		CHECK(lost > 0);  /* the slow consumer did overflow it */
	free(s.r);
}

static void hostile_consumer(void)
{
	struct sched_ring *r = ring_new(16);
	struct sched_ring_producer p;
	sched_ring_init(r, &p, 16);
	struct sched_event e = ev(1);
	/* Ahead of head, or further behind than the ring is long: lies. */
	uint32_t tails[] = { 5, 0x80000000u, 17, 1000, 0xffffffefu };
	for (unsigned i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		atomic_store(&r->tail, tails[i]);
		CHECK(!sched_ring_push(r, &p, &e));
		CHECK(p.head == 0);
	}
	/* A lie the producer cannot tell from the truth (one behind head)
	 * only costs the liar its own events: writes stay in the ring (ASan
	 * watches the allocation's bounds). */
	atomic_store(&r->tail, 0xffffffffu);
	for (unsigned i = 0; i < 40; i++)
		sched_ring_push(r, &p, &e);
	CHECK(p.head <= 16);
	sched_ring_init(r, &p, 16);
	for (unsigned i = 0; i < 5; i++)    /* lost, reported below */
		CHECK(!(atomic_store(&r->tail, 7), sched_ring_push(r, &p, &e)));
	atomic_store(&r->head, 12345);              /* the shared head too */
	atomic_store(&r->tail, 0);
	CHECK(sched_ring_push(r, &p, &e));          /* own head is used */
	CHECK(p.head == 2);          /* the OVERFLOW report, then e */
	CHECK(atomic_load(&r->head) == 2);
	free(r);
}

int main(void)
{
	single_thread();
	two_threads(true);
	two_threads(false);
	hostile_consumer();
	printf("%u checks, %u failed\n", checks, failures);
	return failures ? 1 : 0;
}
