/*
 * IPC test: handle checks (bad, stale, wrong-type and under-privileged
 * handles are refused), then 100000 call / reply_recv round trips between
 * this thread and a server thread with every payload word checked, then
 * several clients and servers on one endpoint at once. Prints
 *   ipc: handle checks ok
 *   ipc: 100000 round trips ok (...)
 *   ipc: stress N clients x M calls, K servers: ok
 *   ipc: done
 * or what failed.
 */
#include <stdbool.h>

#include "sys/console.h"
#include "sys/ipc.h"
#include "sys/syscall.h"

#define ROUND_TRIPS 100000ul
#define STRESS_CLIENTS 3
#define STRESS_SERVERS 2
#define STRESS_CALLS 1000ul
#define STACK_WORDS 2048          /* 16 KiB per thread */

/* Message word 0 says what the server does with it. */
#define OP_ECHO 1ul       /* call: reply with transform(words) */
#define OP_NOTIFY 2ul     /* send: signal the notification in w1 with w2 */
#define OP_QUIT 3ul       /* send: exit */

static unsigned long stacks[1 + STRESS_CLIENTS + STRESS_SERVERS]
			   [STACK_WORDS] __attribute__((aligned(16)));

static void *stack_top(unsigned i)
{
	return &stacks[i][STACK_WORDS];
}

/* ---- output without printf ---- */

static char line[160];
static unsigned line_len;

static void out_str(const char *s)
{
	while (*s && line_len < sizeof(line) - 1)
		line[line_len++] = *s++;
}

static void out_num(unsigned long v)
{
	char buf[24];
	unsigned n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && line_len < sizeof(line) - 1)
		line[line_len++] = buf[--n];
}

static void out_end(void)
{
	line[line_len++] = '\n';
	sys_console_write(line, line_len);
	line_len = 0;
}

/* ---- the server ---- */

/* What the server answers to (w1, w2, w3): every word changes, and in a
 * way that depends on the word's position. */
static void transform(const struct ipc_msg *in, struct ipc_msg *out)
{
	out->w[0] = in->w[0];
	out->w[1] = in->w[1] * 3 + 1;
	out->w[2] = in->w[2] ^ 0x5a5a5a5a5a5a5a5aul;
	out->w[3] = ~in->w[3];
}

static void server(unsigned long ep)
{
	struct ipc_msg m = { { 0 } };
	/* No reply is owed yet: the first reply_recv only receives. */
	long r = ipc_reply_recv((handle_t)ep, &m);
	for (;;) {
		if (r) {
			puts_console("ipc: server: reply_recv failed\n");
			break;
		}
		if (m.w[0] == OP_QUIT)
			break;
		if (m.w[0] == OP_NOTIFY) {
			notify_signal((handle_t)m.w[1], m.w[2]);
			r = ipc_recv((handle_t)ep, &m);
			continue;
		}
		struct ipc_msg reply;
		transform(&m, &reply);
		m = reply;
		r = ipc_reply_recv((handle_t)ep, &m);
	}
	sys_thread_exit(0);
}

/* One call with payload derived from (who, i); true if the reply is
 * exactly transform(payload). */
static bool one_call(handle_t ep, unsigned long who, unsigned long i)
{
	struct ipc_msg m = { { OP_ECHO, i * 7 + who, (who << 32) ^ i,
			       i * 0x9e3779b97f4a7c15ul } };
	struct ipc_msg want;
	transform(&m, &want);
	if (ipc_call(ep, &m))
		return false;
	for (unsigned k = 0; k < IPC_MSG_WORDS; k++)
		if (m.w[k] != want.w[k])
			return false;
	return true;
}

/* ---- handle checks ---- */

static unsigned check_failures;

static void check(bool ok, const char *what)
{
	if (ok)
		return;
	check_failures++;
	out_str("ipc: check failed: ");
	out_str(what);
	out_end();
}

static void handle_checks(void)
{
	struct ipc_msg m = { { 0 } };
	unsigned long bits = 0;
	long ep = endpoint_create();
	long n = notification_create();
	check(ep > 0 && n > 0 && ep != n, "create");

	/* Never-valid, malformed and unused handles. */
	check(ipc_call(HANDLE_INVALID, &m) == -E_BADHANDLE, "handle 0");
	check(ipc_call(0xffffffffu, &m) == -E_BADHANDLE, "handle ~0");
	check(sys_raw(SYS_IPC_SEND, (1ul << 40) | (unsigned long)ep, 0, 0, 0,
		      0, 0) == -E_BADHANDLE, "handle above 32 bits");
	check(ipc_send((handle_t)ep ^ (1u << 8), &m) == -E_BADHANDLE,
	      "wrong generation");
	check(handle_close((handle_t)ep + 60) == -E_BADHANDLE, "unused slot");

	/* Wrong type. */
	check(ipc_call((handle_t)n, &m) == -E_BADHANDLE, "call on notif");
	check(ipc_recv((handle_t)n, &m) == -E_BADHANDLE, "recv on notif");
	check(notify_signal((handle_t)ep, 1) == -E_BADHANDLE,
	      "signal on endpoint");
	check(notify_wait((handle_t)ep, &bits) == -E_BADHANDLE,
	      "wait on endpoint");

	/* Rights: a receive-only endpoint handle without dup. */
	long ro = handle_dup((handle_t)ep, RIGHT_READ);
	check(ro > 0 && ro != ep, "dup read-only");
	check(ipc_call((handle_t)ro, &m) == -E_ACCESS, "call without right");
	check(ipc_send((handle_t)ro, &m) == -E_ACCESS, "send without right");
	check(handle_dup((handle_t)ro, RIGHT_READ) == -E_ACCESS,
	      "dup without right");
	check(handle_dup((handle_t)ep, RIGHT_SIGNAL) == -E_ACCESS,
	      "dup with rights not held");
	check(handle_dup((handle_t)ep, 0x80) == -E_INVAL, "dup bad rights");
	long call_only = handle_dup((handle_t)ep, RIGHT_CALL);
	check(call_only > 0, "dup call-only");
	check(ipc_recv((handle_t)call_only, &m) == -E_ACCESS,
	      "recv without right");
	check(ipc_reply_recv((handle_t)call_only, &m) == -E_ACCESS,
	      "reply_recv without right");

	/* Notifications: bits accumulate, wait takes them all. */
	long sig = handle_dup((handle_t)n, RIGHT_SIGNAL);
	check(sig > 0, "dup signal-only");
	check(notify_wait((handle_t)sig, &bits) == -E_ACCESS,
	      "wait without right");
	check(notify_signal((handle_t)sig, 0) == -E_INVAL, "signal 0 bits");
	check(notify_signal((handle_t)sig, 0x5) == 0 &&
		      notify_signal((handle_t)n, 0x30) == 0,
	      "signal");
	check(notify_wait((handle_t)n, &bits) == 0 && bits == 0x35,
	      "wait returns the bits");

	/* Closed handles stay dead even when the slot is reused. */
	check(handle_close((handle_t)ro) == 0, "close");
	check(handle_close((handle_t)ro) == -E_BADHANDLE, "double close");
	check(ipc_recv((handle_t)ro, &m) == -E_BADHANDLE, "recv on closed");
	long reuse = notification_create();
	check(reuse > 0 && reuse != ro, "slot reused with a new generation");
	check(notify_signal((handle_t)ro, 1) == -E_BADHANDLE,
	      "stale handle after reuse");

	/* The table fills up and empties again. */
	long dups[80];
	unsigned nd = 0;
	long r;
	while (nd < 80 && (r = handle_dup((handle_t)n, RIGHT_WAIT)) > 0)
		dups[nd++] = r;
	check(nd < 80 && r == -E_NOMEM, "table full -> E_NOMEM");
	for (unsigned i = 0; i < nd; i++)
		check(handle_close((handle_t)dups[i]) == 0, "close dup");

	/* Thread creation refuses non-user addresses. */
	check(sys_raw(SYS_THREAD_CREATE, 0xffffffc000000000ul,
		      (unsigned long)stack_top(0), 0, 0, 0, 0) == -E_FAULT,
	      "thread pc in the kernel");
	check(sys_raw(SYS_THREAD_CREATE, (unsigned long)server,
		      (unsigned long)stack_top(0) - 8, 0, 0, 0, 0) == -E_INVAL,
	      "thread sp misaligned");
	check(sys_raw(SYS_THREAD_CREATE, (unsigned long)server, 0x1000, 0, 0,
		      0, 0) == -E_FAULT,
	      "thread sp below user space");

	check(handle_close((handle_t)ep) == 0 &&
		      handle_close((handle_t)call_only) == 0 &&
		      handle_close((handle_t)sig) == 0 &&
		      handle_close((handle_t)n) == 0 &&
		      handle_close((handle_t)reuse) == 0,
	      "close all");
	if (!check_failures)
		puts_console("ipc: handle checks ok\n");
}

/* ---- round trips ---- */

static void round_trips(void)
{
	long ep = endpoint_create();
	long done = notification_create();
	if (ep < 0 || done < 0 ||
	    thread_create(server, stack_top(0), (unsigned long)ep) < 0) {
		puts_console("ipc: cannot set up the round trip test\n");
		return;
	}
	struct ipc_stats s0, s1;
	ipc_stats(&s0);
	unsigned long bad = 0;
	for (unsigned long i = 0; i < ROUND_TRIPS; i++)
		if (!one_call((handle_t)ep, 0, i))
			bad++;
	ipc_stats(&s1);

	/* send + notification: the server signals what we sent it. */
	struct ipc_msg m = { { OP_NOTIFY, (unsigned long)done, 0x1234, 0 } };
	unsigned long bits = 0;
	bool send_ok = ipc_send((handle_t)ep, &m) == 0 &&
		       notify_wait((handle_t)done, &bits) == 0 &&
		       bits == 0x1234;
	struct ipc_msg quit = { { OP_QUIT, 0, 0, 0 } };
	ipc_send((handle_t)ep, &quit);

	out_str("ipc: ");
	out_num(ROUND_TRIPS);
	if (bad) {
		out_str(" round trips, ");
		out_num(bad);
		out_str(" mismatches");
	} else {
		out_str(" round trips ok");
	}
	unsigned long dt = s1.now - s0.now;
	out_str(" (");
	out_num(dt * 1000000000ul / s1.hz / ROUND_TRIPS);
	out_str(" ns each; wakes: ");
	out_num(s1.same_cpu - s0.same_cpu);
	out_str(" same-cpu, ");
	out_num(s1.cross_cpu - s0.cross_cpu);
	out_str(" cross-cpu, ");
	out_num(s1.direct - s0.direct);
	out_str(" direct switches)");
	out_end();
	puts_console(send_ok ? "ipc: send and notify ok\n"
			     : "ipc: send and notify FAILED\n");
	handle_close((handle_t)ep);
	handle_close((handle_t)done);
}

/* ---- several clients and servers on one endpoint ---- */

static handle_t stress_ep, stress_done;
static unsigned long stress_bad[STRESS_CLIENTS];

static void client(unsigned long who)
{
	for (unsigned long i = 0; i < STRESS_CALLS; i++)
		if (!one_call(stress_ep, who + 1, i))
			stress_bad[who]++;
	notify_signal(stress_done, 1ul << who);
	sys_thread_exit(0);
}

static void stress(void)
{
	long ep = endpoint_create();
	long done = notification_create();
	if (ep < 0 || done < 0) {
		puts_console("ipc: cannot set up the stress test\n");
		return;
	}
	stress_ep = (handle_t)ep;
	stress_done = (handle_t)done;
	for (unsigned i = 0; i < STRESS_SERVERS; i++)
		thread_create(server, stack_top(1 + i), (unsigned long)ep);
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		thread_create(client, stack_top(1 + STRESS_SERVERS + i), i);
	unsigned long all = 0, bits;
	while (all != (1ul << STRESS_CLIENTS) - 1 &&
	       notify_wait(stress_done, &bits) == 0)
		all |= bits;
	struct ipc_msg quit = { { OP_QUIT, 0, 0, 0 } };
	for (unsigned i = 0; i < STRESS_SERVERS; i++)
		ipc_send(stress_ep, &quit);
	unsigned long bad = 0;
	for (unsigned i = 0; i < STRESS_CLIENTS; i++)
		bad += stress_bad[i];
	out_str("ipc: stress ");
	out_num(STRESS_CLIENTS);
	out_str(" clients x ");
	out_num(STRESS_CALLS);
	out_str(" calls, ");
	out_num(STRESS_SERVERS);
	out_str(" servers: ");
	if (bad) {
		out_num(bad);
		out_str(" mismatches");
	} else {
		out_str("ok");
	}
	out_end();
}

int main(void)
{
	handle_checks();
	round_trips();
	stress();
	puts_console("ipc: done\n");
	return 0;
}
