/*
 * Handle transfer test (boot module "transfer-test"). Started with no
 * boot handle, it is the parent: it spawns a second copy of itself with
 * an endpoint handle (the child finds it with boot_handle()) and serves
 * the child's calls. The child drives the steps:
 *   hello      the parent's reply carries a notification; the child
 *              signals it and the parent sees the signal; the parent's
 *              moved handle is gone (-E_BADHANDLE)
 *   refusals   a bad handle (-E_BADHANDLE) or one without RIGHT_TRANSFER
 *              (-E_ACCESS) in send, call, reply_recv or spawn sends
 *              nothing, and the handle stays usable
 *   full       a receiver (or, for a reply, caller) whose table is full:
 *              -E_NOMEM and the handle stays with the sender
 *   ping       1000 round trips moving a notification each way; every
 *              handle received names the right object, every handle
 *              given away is stale, and no table slot is lost
 * Prints "transfer: <step> ok" lines and "transfer: done", or
 * "transfer: FAILED ..." lines.
 */
#include <stdbool.h>

#include "sys/console.h"
#include "sys/fmt.h"
#include "sys/ipc.h"
#include "sys/process.h"
#include "sys/syscall.h"

#define MODULE "transfer-test"
#define ROUND_TRIPS 1000ul
#define BAD_HANDLE 0x7fffff3fu    /* well-formed, never installed */
#define RIGHTS_NO_TRANSFER (RIGHT_SIGNAL | RIGHT_WAIT)
#define HANDLE_TABLE_PROBE 128    /* more than a table holds */

/* Message word 0: what the child asks. */
enum {
	OP_HELLO = 1,     /* reply carries a notification */
	OP_SIGNALED,      /* the child signalled it with SIGNAL_BITS */
	OP_JUNK,          /* must never arrive */
	OP_REFUSALS,      /* w1: the child's failures in its refusal checks */
	OP_FILL,          /* parent: fill your table, then reply */
	OP_UNFILL,        /* w1: child's failures while the parent was full */
	OP_REPLY_FULL,    /* the child's table is full: reply with a handle */
	OP_PING_START,
	OP_PING,          /* w1: round, w2: object index; carries it */
	OP_PING_END,
	OP_BYE,           /* send; w1: the child's failures in all */
};
#define R_OK 100ul
#define R_NOTE 101ul
#define R_BAD 102ul
#define SIGNAL_BITS 0x5aul
#define PING_OBJECTS 3

static unsigned failures;

static void fail(const char *who, const char *what, long got, long want)
{
	failures++;
	printf("transfer: FAILED %s: %s: got %ld, want %ld\n", who, what, got,
	       want);
}

static bool check(const char *who, const char *what, long got, long want)
{
	if (got == want)
		return true;
	fail(who, what, got, want);
	return false;
}

/* Free slots in this process's table: dup src until the table is full,
 * then close the dups. src needs RIGHT_DUP. */
static long free_slots(handle_t src)
{
	handle_t dups[HANDLE_TABLE_PROBE];
	long n = 0;
	while (n < HANDLE_TABLE_PROBE) {
		long h = handle_dup(src, RIGHT_WAIT);
		if (h < 0)
			break;
		dups[n++] = (handle_t)h;
	}
	for (long i = 0; i < n; i++)
		handle_close(dups[i]);
	return n;
}

/* Fill the table with dups of src (kept in *out); how many. */
static long fill_table(handle_t src, handle_t *out, long max)
{
	long n = 0;
	while (n < max) {
		long h = handle_dup(src, RIGHT_WAIT);
		if (h < 0)
			break;
		out[n++] = (handle_t)h;
	}
	return n;
}

static void unfill_table(const handle_t *hs, long n)
{
	for (long i = 0; i < n; i++)
		handle_close(hs[i]);
}

/* Signalling and waiting on h works and sees exactly bits. */
static bool works(const char *who, const char *what, handle_t h,
		  unsigned long bits)
{
	unsigned long got = 0;
	if (!check(who, what, notify_signal(h, bits), 0) ||
	    !check(who, what, notify_wait(h, &got), 0))
		return false;
	return check(who, what, (long)got, (long)bits);
}

/* ---- the child ---- */

static struct ipc_msg msg(unsigned long w0, unsigned long w1,
			  unsigned long w2)
{
	struct ipc_msg m = { { w0, w1, w2, 0 } };
	return m;
}

static void child_refusals(handle_t ep)
{
	const char *c = "child refusals";
	handle_t n = (handle_t)notification_create();
	handle_t d = (handle_t)handle_dup(n, RIGHTS_NO_TRANSFER);
	struct ipc_msg m = msg(OP_JUNK, 0, 0);
	check(c, "send bad handle", ipc_send_h(ep, &m, BAD_HANDLE),
	      -E_BADHANDLE);
	check(c, "call bad handle", ipc_call_h(ep, &m, BAD_HANDLE, NULL),
	      -E_BADHANDLE);
	check(c, "send no transfer", ipc_send_h(ep, &m, d), -E_ACCESS);
	check(c, "call no transfer", ipc_call_h(ep, &m, d, NULL), -E_ACCESS);
	works(c, "refused handle still usable", d, 2);
	/* The endpoint handle itself is not one to give away here, but a
	 * stale copy of it must be refused like any bad handle. */
	handle_t e = (handle_t)handle_dup(ep, RIGHT_CALL);
	handle_close(e);
	check(c, "call stale handle", ipc_call_h(ep, &m, e, NULL),
	      -E_BADHANDLE);
	handle_close(d);
	handle_close(n);
}

/* The parent fills its table and waits: a call with a handle fails
 * with -E_NOMEM and the handle stays ours. */
static void child_receiver_full(handle_t ep)
{
	const char *c = "child receiver full";
	handle_t n = (handle_t)notification_create();
	struct ipc_msg m = msg(OP_JUNK, 0, 0);
	check(c, "call to a full table", ipc_call_h(ep, &m, n, NULL),
	      -E_NOMEM);
	check(c, "send to a full table", ipc_send_h(ep, &m, n), -E_NOMEM);
	works(c, "bounced handle still ours", n, 4);
	handle_close(n);
}

/* Our table is full: the parent's reply with a handle fails there. */
static void child_caller_full(handle_t ep)
{
	const char *c = "child caller full";
	static handle_t hs[HANDLE_TABLE_PROBE];
	handle_t n = (handle_t)notification_create();
	long k = fill_table(n, hs, HANDLE_TABLE_PROBE);
	struct ipc_msg m = msg(OP_REPLY_FULL, 0, 0);
	handle_t got = 1;
	check(c, "call", ipc_call_h(ep, &m, HANDLE_INVALID, &got), 0);
	check(c, "reply", (long)m.w[0], (long)R_OK);
	check(c, "no handle with the reply", got, HANDLE_INVALID);
	unfill_table(hs, k);
	handle_close(n);
}

static void child_ping(handle_t ep)
{
	const char *c = "child ping";
	handle_t obj[PING_OBJECTS];
	for (unsigned k = 0; k < PING_OBJECTS; k++)
		obj[k] = (handle_t)notification_create();
	long before = free_slots(obj[0]);
	struct ipc_msg m = msg(OP_PING_START, 0, 0);
	check(c, "start", ipc_call(ep, &m), 0);
	for (unsigned long i = 0; i < ROUND_TRIPS; i++) {
		unsigned k = i % PING_OBJECTS;
		handle_t got = HANDLE_INVALID;
		/* The parent checks that it got object k by this bit. */
		notify_signal(obj[k], 1ul << k);
		m = msg(OP_PING, i, k);
		if (!check(c, "call", ipc_call_h(ep, &m, obj[k], &got), 0))
			break;
		unsigned long bits = 0;
		if (!check(c, "gone after the move",
			   notify_signal(obj[k], 0), -E_BADHANDLE) ||
		    !check(c, "reply", (long)m.w[0], (long)R_OK) ||
		    !check(c, "handle back", got != HANDLE_INVALID, 1) ||
		    !check(c, "wait on it", notify_wait(got, &bits), 0) ||
		    !check(c, "the same object", (long)bits,
			   (long)(1ul << (k + 8))))
			break;
		obj[k] = got;
	}
	m = msg(OP_PING_END, 0, 0);
	check(c, "end", ipc_call(ep, &m), 0);
	check(c, "no slot lost", free_slots(obj[0]), before);
	for (unsigned k = 0; k < PING_OBJECTS; k++)
		check(c, "close", handle_close(obj[k]), 0);
}

static void child(handle_t ep)
{
	const char *c = "child";
	struct ipc_msg m = msg(OP_HELLO, 0, 0);
	handle_t got = HANDLE_INVALID;
	check(c, "hello", ipc_call_h(ep, &m, HANDLE_INVALID, &got), 0);
	check(c, "hello reply", (long)m.w[0], (long)R_NOTE);
	check(c, "handle in the reply", got != HANDLE_INVALID, 1);
	check(c, "signal it", notify_signal(got, SIGNAL_BITS), 0);
	check(c, "close it", handle_close(got), 0);
	m = msg(OP_SIGNALED, 0, 0);
	check(c, "signaled", ipc_call(ep, &m), 0);

	unsigned before = failures;
	child_refusals(ep);
	m = msg(OP_REFUSALS, failures - before, 0);
	check(c, "refusals", ipc_call(ep, &m), 0);

	before = failures;
	m = msg(OP_FILL, 0, 0);
	check(c, "fill", ipc_call(ep, &m), 0);
	child_receiver_full(ep);
	child_caller_full(ep);
	m = msg(OP_UNFILL, failures - before, 0);
	check(c, "unfill", ipc_call(ep, &m), 0);

	child_ping(ep);
	m = msg(OP_BYE, failures, 0);
	check(c, "bye", ipc_send(ep, &m), 0);
}

/* ---- the parent ---- */

static void ok(const char *step, unsigned before)
{
	if (failures == before)
		printf("transfer: %s ok\n", step);
}

/* Spawning with a handle: refusals, then the child gets a copy of ep. */
static bool parent_spawn(handle_t ep, handle_t nt)
{
	const char *p = "spawn";
	unsigned before = failures;
	handle_t d = (handle_t)handle_dup(nt, RIGHTS_NO_TRANSFER);
	check(p, "no transfer right",
	      sys_spawn(MODULE, sizeof(MODULE) - 1, d), -E_ACCESS);
	check(p, "bad handle",
	      sys_spawn(MODULE, sizeof(MODULE) - 1, BAD_HANDLE), -E_BADHANDLE);
	works(p, "refused handle still usable", d, 1);
	handle_close(d);
	check(p, "failed spawn keeps the handle",
	      sys_spawn("no-such-module", 14, ep), -E_NOENT);
	handle_t e = (handle_t)handle_dup(ep, RIGHT_CALL | RIGHT_WRITE |
					  RIGHT_TRANSFER | RIGHT_DUP);
	long pid = sys_spawn(MODULE, sizeof(MODULE) - 1, e);
	if (!check(p, "spawn", pid > 0, 1))
		return false;
	check(p, "handle gone to the child", handle_close(e), -E_BADHANDLE);
	ok("spawn with handle", before);
	return true;
}

struct parent {
	handle_t ep, nt;
	handle_t note, note_wait;     /* given in the hello reply */
	unsigned checks_before;
	handle_t fill[HANDLE_TABLE_PROBE];
	long filled;
	long ping_free;
	unsigned long ping_next;
	handle_t ping_given;          /* last handle given back */
};

/* Handle the child's message m (with handle got); set m to the reply and
 * *give to the handle to send with it. False when the child says bye. */
static bool serve(struct parent *s, struct ipc_msg *m, handle_t got,
		  handle_t *give)
{
	const char *p = "parent";
	unsigned long op = m->w[0], w1 = m->w[1], w2 = m->w[2];
	*give = HANDLE_INVALID;
	*m = msg(R_OK, 0, 0);
	if (op != OP_PING)
		check(p, "no handle came", got, HANDLE_INVALID);
	switch (op) {
	case OP_HELLO: {
		s->checks_before = failures;
		s->note = (handle_t)notification_create();
		s->note_wait = (handle_t)handle_dup(s->note, RIGHT_WAIT);
		/* Refused replies send nothing (the child checks that the
		 * reply it gets is R_NOTE) and leave the reply owed. */
		handle_t d = (handle_t)handle_dup(s->nt, RIGHTS_NO_TRANSFER);
		struct ipc_msg bad = msg(R_BAD, 0, 0);
		check(p, "reply with a bad handle",
		      ipc_reply_recv_h(s->ep, &bad, BAD_HANDLE, NULL),
		      -E_BADHANDLE);
		check(p, "reply without transfer right",
		      ipc_reply_recv_h(s->ep, &bad, d, NULL), -E_ACCESS);
		works(p, "refused handle still usable", d, 8);
		handle_close(d);
		*m = msg(R_NOTE, 0, 0);
		*give = s->note;
		return true;
	}
	case OP_SIGNALED: {
		unsigned long bits = 0;
		check(p, "wait for the child's signal",
		      notify_wait(s->note_wait, &bits), 0);
		check(p, "the child's bits", (long)bits, (long)SIGNAL_BITS);
		ok("handle in reply", s->checks_before);
		unsigned before = failures;
		check(p, "moved handle: signal",
		      notify_signal(s->note, 1), -E_BADHANDLE);
		check(p, "moved handle: close", handle_close(s->note),
		      -E_BADHANDLE);
		check(p, "moved handle: dup",
		      handle_dup(s->note, RIGHT_WAIT), -E_BADHANDLE);
		handle_close(s->note_wait);
		ok("moved handle gone", before);
		s->checks_before = failures;
		return true;
	}
	case OP_REFUSALS:
		check(p, "child's refusal checks", (long)w1, 0);
		ok("bad handle refused", s->checks_before);
		ok("no RIGHT_TRANSFER refused", s->checks_before);
		return true;
	case OP_FILL:
		s->checks_before = failures;
		s->filled = fill_table(s->nt, s->fill, HANDLE_TABLE_PROBE);
		check(p, "table full", handle_dup(s->nt, RIGHT_WAIT),
		      -E_NOMEM);
		return true;
	case OP_REPLY_FULL: {
		/* Our table is full too; free one slot for the handle. */
		handle_close(s->fill[--s->filled]);
		handle_t n = (handle_t)notification_create();
		struct ipc_msg r = msg(R_BAD, 0, 0);
		check(p, "reply to a full table",
		      ipc_reply_recv_h(s->ep, &r, n, NULL), -E_NOMEM);
		works(p, "bounced reply handle still ours", n, 16);
		handle_close(n);
		return true;   /* reply R_OK without a handle */
	}
	case OP_UNFILL:
		unfill_table(s->fill, s->filled);
		s->filled = 0;
		check(p, "child's table-full checks", (long)w1, 0);
		ok("receiver table full", s->checks_before);
		return true;
	case OP_PING_START:
		s->checks_before = failures;
		s->ping_free = free_slots(s->nt);
		s->ping_next = 0;
		s->ping_given = HANDLE_INVALID;
		return true;
	case OP_PING: {
		unsigned long bits = 0;
		if (s->ping_given != HANDLE_INVALID)
			check(p, "given handle is gone",
			      notify_signal(s->ping_given, 0), -E_BADHANDLE);
		if (!check(p, "round", (long)w1, (long)s->ping_next++) ||
		    !check(p, "handle came", got != HANDLE_INVALID, 1) ||
		    !check(p, "wait on it", notify_wait(got, &bits), 0) ||
		    !check(p, "the right object", (long)bits,
			   (long)(1ul << w2)))
			return true;
		notify_signal(got, 1ul << (w2 + 8));
		*give = got;
		s->ping_given = got;
		return true;
	}
	case OP_PING_END:
		if (s->ping_given != HANDLE_INVALID)
			check(p, "last given handle is gone",
			      notify_signal(s->ping_given, 0), -E_BADHANDLE);
		check(p, "rounds", (long)s->ping_next, (long)ROUND_TRIPS);
		check(p, "no slot lost", free_slots(s->nt), s->ping_free);
		if (failures == s->checks_before)
			printf("transfer: %lu round trips ok\n", ROUND_TRIPS);
		return true;
	case OP_BYE:
		check(p, "child's failures", (long)w1, 0);
		return false;
	default:
		fail(p, "unexpected message", (long)op, 0);
		return true;
	}
}

static void parent(void)
{
	static struct parent s;
	s.ep = (handle_t)endpoint_create();
	s.nt = (handle_t)notification_create();
	if (!parent_spawn(s.ep, s.nt)) {
		puts_console("transfer: FAILED cannot start the child\n");
		return;
	}
	struct ipc_msg m = { { 0 } };
	handle_t give = HANDLE_INVALID, got = HANDLE_INVALID;
	for (;;) {
		long r = ipc_reply_recv_h(s.ep, &m, give, &got);
		if (!check("parent", "reply_recv", r, 0))
			break;
		if (!serve(&s, &m, got, &give))
			break;
	}
	puts_console(failures ? "transfer: FAILED\n" : "transfer: done\n");
}

int main(void)
{
	handle_t ep = boot_handle();
	if (ep == HANDLE_INVALID)
		parent();
	else
		child(ep);
	return 0;
}
