/*
 * Garbage test: every syscall number, given garbage, returns the error
 * docs/syscalls.md documents for it, and the kernel survives.
 *
 *   1. The table: rows[] below, grouped per syscall, each one call with
 *      fixed arguments and the exact result wanted. Every number in
 *      0..SYS_COUNT-1 without rows, and a few beyond, must give -E_NOSYS.
 *   2. A seeded pseudo-random pass of RANDOM_CALLS calls drawing numbers
 *      and arguments from the same garbage pool; each result must be in
 *      the syscall's documented set (specs[]). Calls that could block,
 *      end this thread or change this process's memory are redrawn.
 *   3. A health check: objects, a thread and an IPC exchange still work.
 *
 * Prints "garbage: FAIL nr=<n> case=<desc> got=<r> want=<e>" per failure,
 * then "garbage: N calls, N syscalls, N failures" and "garbage: done".
 *
 * Adding a syscall: one specs[] entry (its documented error set, whether
 * it can succeed, and a safe_*() filter if garbage could make it block,
 * exit or touch this process's memory), then its rows[] group.
 */
#include <stdbool.h>
#include <stdint.h>

#include <uapi/errors.h>
#include <uapi/handle.h>
#include <uapi/ipc.h>
#include <uapi/memory.h>
#include <uapi/process.h>
#include <uapi/syscall.h>

#include "sys/fmt.h"
#include "sys/raw_syscall.h"

/* Rows name only the arguments they care about; the rest are 0. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define PAGE MEM_PAGE_SIZE
#define RANDOM_CALLS 30000ul
#define SEED 0x9e3779b97f4a7c15ul

/* Memory this test owns (all above the program, below the stack). */
#define SCRATCH_VA 0x1000000000ul   /* 2 RW pages, unmapped pages around */
#define SCRATCH_LEN (2 * PAGE)
#define RO_VA 0x1000100000ul        /* 1 read-only page */
#define TOP_PAGE (USER_TOP - PAGE)  /* the last user page, RW */
#define UNMAPPED_VA 0x2000000000ul  /* user, never mapped */

/* ---- The garbage pool ----
 * A row's argument is a literal, or T(P_x): a pool value filled in at run
 * time (handles, this test's buffers). The random pass draws from pool[]
 * only. */
enum {
	/* numbers */
	P_ZERO, P_ONE, P_MINUS1, P_MINUS2, P_INT64_MIN, P_INT64_MAX,
	P_2P32, P_2P40, P_8, P_16, P_4096, P_4097,
	/* addresses */
	P_LOW,           /* 0x1000: below USER_BASE */
	P_USER_BASE,     /* lowest user address, unmapped */
	P_UNMAPPED,      /* user, unmapped */
	P_TOP_M8,        /* USER_TOP - 8: mapped, 8 bytes below the top */
	P_USER_TOP,
	P_NONCANON,      /* between the halves */
	P_KERN_RV,       /* riscv64 kernel image */
	P_KERN_ARM,      /* arm64 kernel direct map */
	P_KERN_TOP,      /* last page of the address space */
	P_WRAP_PTR,      /* ~0 - 7: any length > 8 wraps */
	P_BUF,           /* scratch: RW */
	P_BUF_ODD,       /* scratch + 1: unaligned */
	P_BUF_END_M8,    /* 8 bytes before the guard page after scratch */
	P_RO,            /* read-only page */
	P_TEXT,          /* code: R X */
	P_WRAP_LEN,      /* length taking P_BUF past 2^64 */
	P_NAME_MISSING,  /* "no-such-module" */
	P_NAME_NUL,      /* "in\0it" */
	P_NAME_TXT,      /* "modules.txt": a module, not a program */
	/* handles */
	P_EP,            /* endpoint, RIGHTS_ENDPOINT */
	P_EP_NONE,       /* endpoint, no rights */
	P_EP_RO,         /* endpoint, READ */
	P_EP_WO,         /* endpoint, WRITE | CALL */
	P_EP_RD_DUP,     /* endpoint, READ | DUP */
	P_NT,            /* notification, RIGHTS_NOTIFICATION */
	P_NT_SIG,        /* notification, SIGNAL */
	P_NT_WAIT,       /* notification, WAIT */
	P_CLOSED,        /* an endpoint handle, closed */
	P_H_BIGIDX,      /* index past the table */
	P_H_HIBITS,      /* P_EP with bit 32 set */
	P_H_OLDGEN,      /* P_EP's slot, another generation */
	P_COUNT
};

static unsigned long pool[P_COUNT] = {
	[P_ZERO] = 0,
	[P_ONE] = 1,
	[P_MINUS1] = ~0ul,
	[P_MINUS2] = ~1ul,
	[P_INT64_MIN] = 1ul << 63,
	[P_INT64_MAX] = ~0ul >> 1,
	[P_2P32] = 1ul << 32,
	[P_2P40] = 1ul << 40,
	[P_8] = 8,
	[P_16] = 16,
	[P_4096] = 4096,
	[P_4097] = 4097,
	[P_LOW] = 0x1000,
	[P_USER_BASE] = USER_BASE,
	[P_UNMAPPED] = UNMAPPED_VA,
	[P_TOP_M8] = USER_TOP - 8,
	[P_USER_TOP] = USER_TOP,
	[P_NONCANON] = 0x0000800000000000ul,
	[P_KERN_RV] = 0xffffffc080200000ul,
	[P_KERN_ARM] = 0xffff000040000000ul,
	[P_KERN_TOP] = 0xfffffffffffff000ul,
	[P_WRAP_PTR] = ~7ul,
	[P_BUF] = SCRATCH_VA,
	[P_BUF_ODD] = SCRATCH_VA + 1,
	[P_BUF_END_M8] = SCRATCH_VA + SCRATCH_LEN - 8,
	[P_RO] = RO_VA,
	[P_WRAP_LEN] = 0ul - SCRATCH_VA + PAGE,
	[P_H_BIGIDX] = (1ul << 8) | 200,
};

#define TOKEN 0x7a7a7a7a00000000ul
#define T(p) (TOKEN | (p))

static unsigned long resolve(unsigned long v)
{
	return (v & ~0xfffful) == TOKEN ? pool[v & 0xffff] : v;
}

/* ---- Handles this process holds, so the random pass knows which calls
 * would really block (a live endpoint with the right) ---- */
struct live {
	unsigned long h;
	int type;         /* 1 endpoint, 2 notification */
	unsigned rights;
};
static struct live live[16];
static unsigned nlive;

static const struct live *live_find(unsigned long h)
{
	for (unsigned i = 0; i < nlive; i++)
		if (live[i].h == h)
			return &live[i];
	return 0;
}

static bool live_has(unsigned long h, int type, unsigned right)
{
	const struct live *l = live_find(h);
	return l && l->type == type && (l->rights & right);
}

/* ---- Documented result sets, one per syscall (docs/syscalls.md) ---- */
#define ERR(e) (1u << (e))
#define ERR_NOMEM ERR(E_NOMEM)

struct spec {
	long nr;
	const char *name;
	unsigned errs;          /* ERR(E_x) for each -E_x it may return */
	bool can_succeed;       /* a result >= 0 is possible */
	/* Random pass: false if these arguments could block, end the
	 * thread, or change this process's memory or handles. */
	bool (*safe)(const unsigned long *a);
};

static bool in_user(unsigned long va)
{
	return va >= USER_BASE && va < USER_TOP;
}

/* Memory the kernel may write into at will: this test's buffers, or a
 * place where the write cannot succeed. */
static bool harmless_target(unsigned long va)
{
	return !in_user(va) || (va >= SCRATCH_VA - PAGE &&
				va < SCRATCH_VA + SCRATCH_LEN + PAGE) ||
	       va >= TOP_PAGE || (va >= RO_VA && va < RO_VA + PAGE) ||
	       va == pool[P_TEXT] || va == UNMAPPED_VA;
}

static bool never(const unsigned long *a)
{
	(void)a;
	return false;
}

static bool safe_console_write(const unsigned long *a)
{
	/* Only what cannot print: bad lengths and bad buffers. */
	return !a[1] || a[1] > CONSOLE_WRITE_MAX || !in_user(a[0]) ||
	       a[0] + a[1] > USER_TOP || a[0] + a[1] < a[0];
}

static bool safe_console_read(const unsigned long *a)
{
	/* A readable buffer would wait for input. */
	return !a[1] || a[1] > CONSOLE_READ_MAX || !in_user(a[0]) ||
	       a[0] + a[1] > USER_TOP || a[0] + a[1] < a[0] ||
	       (a[0] >= RO_VA && a[0] < RO_VA + PAGE) || a[0] == UNMAPPED_VA;
}

static bool safe_sleep(const unsigned long *a)
{
	return !a[0] || a[0] > (~0ul >> 1);
}

static bool safe_handle_close(const unsigned long *a)
{
	return !live_find(a[0]);   /* keep the pool's handles */
}

static bool safe_call(const unsigned long *a)
{
	return !live_has(a[0], 1, RIGHT_CALL);
}

static bool safe_send(const unsigned long *a)
{
	return !live_has(a[0], 1, RIGHT_WRITE);
}

static bool safe_recv(const unsigned long *a)
{
	return !live_has(a[0], 1, RIGHT_READ);
}

static bool safe_wait(const unsigned long *a)
{
	return !live_has(a[0], 2, RIGHT_WAIT);
}

static bool safe_write_a0(const unsigned long *a)
{
	return harmless_target(a[0]);
}

static bool safe_spawn(const unsigned long *a)
{
	/* Only names known not to start a program: any other user memory
	 * might hold one (ps output, other strings). */
	return !in_user(a[0]) || a[0] == pool[P_NAME_MISSING] ||
	       a[0] == pool[P_NAME_NUL] || a[0] == pool[P_NAME_TXT] ||
	       a[0] == RO_VA || a[0] == UNMAPPED_VA;
}

static bool safe_thread_create(const unsigned long *a)
{
	/* Arguments the kernel accepts would start a thread at garbage. */
	return !in_user(a[0]) || a[1] <= USER_BASE || a[1] > USER_TOP ||
	       (a[1] & 15);
}

static bool range_ok(unsigned long va, unsigned long len)
{
	return len && len <= MEM_LEN_MAX && !((va | len) & (PAGE - 1)) &&
	       in_user(va) && len <= USER_TOP - va;
}

static bool prot_ok(unsigned long prot)
{
	return prot && !(prot & ~7ul) &&
	       (prot & (MEM_PROT_WRITE | MEM_PROT_EXEC)) !=
		       (MEM_PROT_WRITE | MEM_PROT_EXEC);
}

static bool safe_map_protect(const unsigned long *a)
{
	return !range_ok(a[0], a[1]) || !prot_ok(a[2]);
}

static bool safe_unmap(const unsigned long *a)
{
	return !range_ok(a[0], a[1]);
}

static const struct spec specs[] = {
	{ SYS_CONSOLE_WRITE, "console_write", ERR(E_INVAL) | ERR(E_FAULT),
	  true, safe_console_write },
	{ SYS_THREAD_EXIT, "thread_exit", 0, false, never },
	{ SYS_YIELD, "yield", 0, true, 0 },
	{ SYS_HANDLE_CLOSE, "handle_close", ERR(E_BADHANDLE), true,
	  safe_handle_close },
	{ SYS_HANDLE_DUP, "handle_dup",
	  ERR(E_BADHANDLE) | ERR(E_ACCESS) | ERR(E_INVAL) | ERR_NOMEM, true,
	  0 },
	{ SYS_ENDPOINT_CREATE, "endpoint_create", ERR_NOMEM, true, 0 },
	{ SYS_NOTIFICATION_CREATE, "notification_create", ERR_NOMEM, true,
	  0 },
	{ SYS_IPC_CALL, "ipc_call", ERR(E_BADHANDLE) | ERR(E_ACCESS), true,
	  safe_call },
	{ SYS_IPC_REPLY_RECV, "ipc_reply_recv",
	  ERR(E_BADHANDLE) | ERR(E_ACCESS) | ERR(E_INVAL), true, safe_recv },
	{ SYS_IPC_SEND, "ipc_send", ERR(E_BADHANDLE) | ERR(E_ACCESS), true,
	  safe_send },
	{ SYS_IPC_RECV, "ipc_recv", ERR(E_BADHANDLE) | ERR(E_ACCESS), true,
	  safe_recv },
	{ SYS_NOTIFY_SIGNAL, "notify_signal",
	  ERR(E_BADHANDLE) | ERR(E_ACCESS) | ERR(E_INVAL), true, 0 },
	{ SYS_NOTIFY_WAIT, "notify_wait", ERR(E_BADHANDLE) | ERR(E_ACCESS),
	  true, safe_wait },
	{ SYS_IPC_STATS, "ipc_stats", ERR(E_FAULT), true, safe_write_a0 },
	{ SYS_CONSOLE_READ, "console_read", ERR(E_INVAL) | ERR(E_FAULT), true,
	  safe_console_read },
	{ SYS_SLEEP, "sleep", ERR(E_INVAL), true, safe_sleep },
	{ SYS_SPAWN, "spawn",
	  ERR(E_INVAL) | ERR(E_FAULT) | ERR(E_NOENT) | ERR(E_BADHANDLE) |
	  ERR(E_ACCESS) | ERR_NOMEM, true,
	  safe_spawn },
	{ SYS_PS, "ps", ERR(E_INVAL) | ERR(E_FAULT) | ERR_NOMEM, true,
	  safe_write_a0 },
	{ SYS_THREAD_CREATE, "thread_create",
	  ERR(E_FAULT) | ERR(E_INVAL) | ERR_NOMEM, true, safe_thread_create },
	{ SYS_MAP, "map", ERR(E_INVAL) | ERR(E_BUSY) | ERR_NOMEM, true,
	  safe_map_protect },
	{ SYS_UNMAP, "unmap", ERR(E_INVAL), true, safe_unmap },
	{ SYS_PROTECT, "protect", ERR(E_INVAL) | ERR(E_FAULT), true,
	  safe_map_protect },
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

/* Any number without a spec: unknown, -E_NOSYS. */
static const struct spec unknown = { -1, "unknown", ERR(E_NOSYS), false, 0 };

static const struct spec *spec_of(long nr)
{
	for (unsigned i = 0; i < NSPECS; i++)
		if (specs[i].nr == nr)
			return &specs[i];
	return &unknown;
}

/* ---- The table ---- */
#define OK_ANY 1000        /* want: any result >= 0 */
#define F_CLOSE 1u         /* close the handle the call returns */
#define F_RES1 2u          /* also want res[1] == res1 (words back) */
#define F_EXITS 4u         /* run in a thread; the call must end it */

struct row {
	long nr;
	const char *desc;
	unsigned long a[6];
	long want;             /* -E_x, an exact value, or OK_ANY */
	unsigned flags;
	unsigned long res1;
};

#define INV (-E_INVAL)
#define FLT (-E_FAULT)
#define BAD (-E_BADHANDLE)
#define ACC (-E_ACCESS)

/* Bad pointers every pointer argument is tried with. */
#define BAD_PTR_ROWS(nr, len, more...)                                      \
	{ nr, "null", { T(P_ZERO), len, more }, FLT },                       \
	{ nr, "below USER_BASE", { T(P_LOW), len, more }, FLT },            \
	{ nr, "USER_BASE unmapped", { T(P_USER_BASE), len, more }, FLT },   \
	{ nr, "unmapped", { T(P_UNMAPPED), len, more }, FLT },              \
	{ nr, "at USER_TOP", { T(P_USER_TOP), len, more }, FLT },           \
	{ nr, "crosses USER_TOP", { T(P_TOP_M8), len, more }, FLT },          \
	{ nr, "non-canonical", { T(P_NONCANON), len, more }, FLT },         \
	{ nr, "kernel riscv64", { T(P_KERN_RV), len, more }, FLT },         \
	{ nr, "kernel arm64", { T(P_KERN_ARM), len, more }, FLT },          \
	{ nr, "kernel top page", { T(P_KERN_TOP), len, more }, FLT },       \
	{ nr, "wraps 2^64", { T(P_WRAP_PTR), len, more }, FLT },            \
	{ nr, "into guard page", { T(P_BUF_END_M8), len, more }, FLT }

/* Bad handles every handle argument is tried with (more: the rest). */
#define BAD_HANDLE_ROWS(nr, more...)                                        \
	{ nr, "handle 0", { 0, more }, BAD },                                \
	{ nr, "handle -1", { ~0ul, more }, BAD },                            \
	{ nr, "handle 1<<40", { 1ul << 40, more }, BAD },                    \
	{ nr, "handle INT64_MIN", { 1ul << 63, more }, BAD },                \
	{ nr, "handle index past table", { T(P_H_BIGIDX), more }, BAD },     \
	{ nr, "handle high bits", { T(P_H_HIBITS), more }, BAD },            \
	{ nr, "handle old generation", { T(P_H_OLDGEN), more }, BAD },       \
	{ nr, "closed handle", { T(P_CLOSED), more }, BAD },                 \
	{ nr, "kernel address as handle", { T(P_KERN_RV), more }, BAD }

static const struct row rows[] = {
	/* 0 console_write(buf, len) */
	{ SYS_CONSOLE_WRITE, "len MAX+1", { T(P_BUF), 4097 }, INV },
	{ SYS_CONSOLE_WRITE, "len -1", { T(P_BUF), ~0ul }, INV },
	{ SYS_CONSOLE_WRITE, "len 1<<40", { T(P_BUF), 1ul << 40 }, INV },
	{ SYS_CONSOLE_WRITE, "len wraps", { T(P_BUF), T(P_WRAP_LEN) }, INV },
	{ SYS_CONSOLE_WRITE, "bad len before bad ptr", { 0, ~0ul }, INV },
	BAD_PTR_ROWS(SYS_CONSOLE_WRITE, 16),
	{ SYS_CONSOLE_WRITE, "len 0 null", { 0, 0 }, 0 },
	{ SYS_CONSOLE_WRITE, "len 0 kernel", { T(P_KERN_RV), 0 }, 0 },

	/* 1 thread_exit(code): never returns, whatever the arguments. */
	{ SYS_THREAD_EXIT, "garbage code", { ~0ul, T(P_KERN_RV), 0, ~0ul, 1,
					      2 }, 0, F_EXITS },

	/* 2 yield(): arguments ignored */
	{ SYS_YIELD, "garbage args", { ~0ul, T(P_KERN_ARM), 0, 1, ~0ul, 3 },
	  0 },

	/* 16 handle_close(h) */
	BAD_HANDLE_ROWS(SYS_HANDLE_CLOSE, 0),

	/* 17 handle_dup(h, rights) */
	BAD_HANDLE_ROWS(SYS_HANDLE_DUP, RIGHT_READ),
	{ SYS_HANDLE_DUP, "bad handle before bad rights", { 0, ~0ul }, BAD },
	{ SYS_HANDLE_DUP, "no RIGHT_DUP", { T(P_EP_RO), RIGHT_READ }, ACC },
	{ SYS_HANDLE_DUP, "no RIGHT_DUP, bad rights", { T(P_EP_RO), ~0ul },
	  ACC },
	{ SYS_HANDLE_DUP, "unknown right bit", { T(P_EP), 0x80 }, INV },
	{ SYS_HANDLE_DUP, "rights -1", { T(P_EP), ~0ul }, INV },
	{ SYS_HANDLE_DUP, "rights bit 32", { T(P_EP), (1ul << 32) |
						 RIGHT_READ }, INV },
	{ SYS_HANDLE_DUP, "more rights than held",
	  { T(P_EP_RD_DUP), RIGHT_WRITE }, ACC },
	{ SYS_HANDLE_DUP, "notification right on endpoint",
	  { T(P_EP), RIGHT_SIGNAL }, ACC },
	{ SYS_HANDLE_DUP, "ok, fewer rights", { T(P_EP_RD_DUP), RIGHT_READ },
	  OK_ANY, F_CLOSE },
	{ SYS_HANDLE_DUP, "ok, no rights", { T(P_NT), 0 }, OK_ANY, F_CLOSE },

	/* 18 endpoint_create(), 19 notification_create(): args ignored */
	{ SYS_ENDPOINT_CREATE, "garbage args", { ~0ul, T(P_KERN_RV) }, OK_ANY,
	  F_CLOSE },
	{ SYS_NOTIFICATION_CREATE, "garbage args", { ~0ul, T(P_KERN_RV) },
	  OK_ANY, F_CLOSE },

	/* 20 ipc_call(h, w0..w3): words are any values */
	BAD_HANDLE_ROWS(SYS_IPC_CALL, ~0ul, T(P_KERN_RV), 0, 1, 0),
	{ SYS_IPC_CALL, "notification", { T(P_NT), 1 }, BAD },
	{ SYS_IPC_CALL, "no RIGHT_CALL", { T(P_EP_RO), 1 }, ACC },
	{ SYS_IPC_CALL, "no rights", { T(P_EP_NONE), 1 }, ACC },

	/* 21 ipc_reply_recv(h, w0..w3) */
	BAD_HANDLE_ROWS(SYS_IPC_REPLY_RECV, ~0ul, T(P_KERN_RV), 0, 1, 0),
	{ SYS_IPC_REPLY_RECV, "notification", { T(P_NT) }, BAD },
	{ SYS_IPC_REPLY_RECV, "no RIGHT_READ", { T(P_EP_WO) }, ACC },
	{ SYS_IPC_REPLY_RECV, "no rights", { T(P_EP_NONE) }, ACC },

	/* 22 ipc_send(h, w0..w3) */
	BAD_HANDLE_ROWS(SYS_IPC_SEND, ~0ul, T(P_KERN_RV), 0, 1, 0),
	{ SYS_IPC_SEND, "notification", { T(P_NT), 1 }, BAD },
	/* a5: a handle to move. Checked after the endpoint, before anything
	 * is sent, so these fail without blocking. */
	{ SYS_IPC_SEND, "a5 closed", { T(P_EP), 1, 0, 0, 0, T(P_CLOSED) }, BAD },
	{ SYS_IPC_SEND, "a5 stale gen",
	  { T(P_EP), 1, 0, 0, 0, T(P_H_OLDGEN) }, BAD },
	{ SYS_IPC_SEND, "a5 index past table",
	  { T(P_EP), 1, 0, 0, 0, T(P_H_BIGIDX) }, BAD },
	{ SYS_IPC_SEND, "a5 high bits",
	  { T(P_EP), 1, 0, 0, 0, T(P_H_HIBITS) }, BAD },
	{ SYS_IPC_SEND, "a5 no RIGHT_TRANSFER",
	  { T(P_EP), 1, 0, 0, 0, T(P_NT_SIG) }, ACC },
	{ SYS_IPC_CALL, "a5 closed", { T(P_EP), 1, 0, 0, 0, T(P_CLOSED) }, BAD },
	{ SYS_IPC_CALL, "a5 no RIGHT_TRANSFER",
	  { T(P_EP), 1, 0, 0, 0, T(P_EP_RO) }, ACC },
	{ SYS_IPC_REPLY_RECV, "a5 but no reply owed",
	  { T(P_EP), 1, 0, 0, 0, T(P_NT) }, INV },
	{ SYS_IPC_SEND, "no RIGHT_WRITE", { T(P_EP_RO), 1 }, ACC },
	{ SYS_IPC_SEND, "no rights", { T(P_EP_NONE), 1 }, ACC },

	/* 23 ipc_recv(h) */
	BAD_HANDLE_ROWS(SYS_IPC_RECV, ~0ul, T(P_KERN_RV)),
	{ SYS_IPC_RECV, "notification", { T(P_NT) }, BAD },
	{ SYS_IPC_RECV, "no RIGHT_READ", { T(P_EP_WO) }, ACC },
	{ SYS_IPC_RECV, "no rights", { T(P_EP_NONE) }, ACC },

	/* 24 notify_signal(h, bits) */
	BAD_HANDLE_ROWS(SYS_NOTIFY_SIGNAL, 1),
	{ SYS_NOTIFY_SIGNAL, "bad handle before bits 0", { 0, 0 }, BAD },
	{ SYS_NOTIFY_SIGNAL, "endpoint", { T(P_EP), 1 }, BAD },
	{ SYS_NOTIFY_SIGNAL, "no RIGHT_SIGNAL", { T(P_NT_WAIT), 1 }, ACC },
	{ SYS_NOTIFY_SIGNAL, "no right before bits 0", { T(P_NT_WAIT), 0 },
	  ACC },
	{ SYS_NOTIFY_SIGNAL, "bits 0", { T(P_NT), 0 }, INV },
	{ SYS_NOTIFY_SIGNAL, "ok, bits -1", { T(P_NT_SIG), ~0ul }, 0 },

	/* 25 notify_wait(h): bits back in a1/x1 */
	BAD_HANDLE_ROWS(SYS_NOTIFY_WAIT, 0),
	{ SYS_NOTIFY_WAIT, "endpoint", { T(P_EP) }, BAD },
	{ SYS_NOTIFY_WAIT, "no RIGHT_WAIT", { T(P_NT_SIG) }, ACC },
	{ SYS_NOTIFY_WAIT, "ok, pending bits", { T(P_NT_WAIT) }, 0, F_RES1,
	  ~0ul },

	/* 26 ipc_stats(struct ipc_stats *) */
	BAD_PTR_ROWS(SYS_IPC_STATS, 0),
	{ SYS_IPC_STATS, "read-only page", { T(P_RO) }, FLT },
	{ SYS_IPC_STATS, "code", { T(P_TEXT) }, FLT },
	{ SYS_IPC_STATS, "ok", { T(P_BUF) }, 0 },
	{ SYS_IPC_STATS, "ok, unaligned", { T(P_BUF_ODD) }, 0 },

	/* 48 console_read(buf, len): checked before it blocks */
	{ SYS_CONSOLE_READ, "len MAX+1", { T(P_BUF), 4097 }, INV },
	{ SYS_CONSOLE_READ, "len -1", { T(P_BUF), ~0ul }, INV },
	{ SYS_CONSOLE_READ, "len 1<<40", { T(P_BUF), 1ul << 40 }, INV },
	{ SYS_CONSOLE_READ, "bad len before bad ptr", { 0, ~0ul }, INV },
	BAD_PTR_ROWS(SYS_CONSOLE_READ, 16),
	{ SYS_CONSOLE_READ, "read-only page", { T(P_RO), 16 }, FLT },
	{ SYS_CONSOLE_READ, "code", { T(P_TEXT), 16 }, FLT },
	{ SYS_CONSOLE_READ, "len 0 null", { 0, 0 }, 0 },
	{ SYS_CONSOLE_READ, "len 0 kernel", { T(P_KERN_ARM), 0 }, 0 },

	/* 49 sleep(ns) */
	{ SYS_SLEEP, "ns -1", { ~0ul }, INV },
	{ SYS_SLEEP, "ns INT64_MIN", { 1ul << 63 }, INV },
	{ SYS_SLEEP, "ns 0", { 0, ~0ul, T(P_KERN_RV) }, 0 },
	{ SYS_SLEEP, "ns 1", { 1 }, 0 },

	/* 50 spawn(name, len) */
	{ SYS_SPAWN, "len 0", { T(P_NAME_MISSING), 0 }, INV },
	{ SYS_SPAWN, "len MAX+1", { T(P_NAME_MISSING), SPAWN_NAME_MAX + 1 },
	  INV },
	{ SYS_SPAWN, "len -1", { T(P_NAME_MISSING), ~0ul }, INV },
	{ SYS_SPAWN, "len 1<<40", { T(P_NAME_MISSING), 1ul << 40 }, INV },
	{ SYS_SPAWN, "bad len before bad ptr", { T(P_KERN_RV), 0 }, INV },
	BAD_PTR_ROWS(SYS_SPAWN, 14),
	{ SYS_SPAWN, "NUL inside", { T(P_NAME_NUL), 5 }, INV },
	{ SYS_SPAWN, "not a program", { T(P_NAME_TXT), 11 }, INV },
	{ SYS_SPAWN, "no such module", { T(P_NAME_MISSING), 14 }, -E_NOENT },
	{ SYS_SPAWN, "handle closed", { T(P_NAME_MISSING), 14, T(P_CLOSED) },
	  BAD },
	{ SYS_SPAWN, "handle no RIGHT_TRANSFER",
	  { T(P_NAME_MISSING), 14, T(P_NT_SIG) }, ACC },

	/* 51 ps(buf, count) */
	{ SYS_PS, "count PS_MAX+1", { T(P_BUF), PS_MAX + 1 }, INV },
	{ SYS_PS, "count -1", { T(P_BUF), ~0ul }, INV },
	{ SYS_PS, "count 1<<40", { T(P_BUF), 1ul << 40 }, INV },
	{ SYS_PS, "bad count before bad ptr", { 0, ~0ul }, INV },
	BAD_PTR_ROWS(SYS_PS, 1),
	{ SYS_PS, "read-only page", { T(P_RO), 1 }, FLT },
	{ SYS_PS, "code", { T(P_TEXT), 1 }, FLT },
	{ SYS_PS, "count 0 kernel", { T(P_KERN_RV), 0 }, 0 },
	{ SYS_PS, "ok, one entry", { T(P_BUF_ODD), 1 }, 1 },

	/* 80 thread_create(pc, sp, arg): no thread is made here */
	{ SYS_THREAD_CREATE, "pc 0", { 0, T(P_BUF_END_M8) }, FLT },
	{ SYS_THREAD_CREATE, "pc below USER_BASE", { T(P_LOW), T(P_BUF) },
	  FLT },
	{ SYS_THREAD_CREATE, "pc USER_TOP", { T(P_USER_TOP), T(P_BUF) }, FLT },
	{ SYS_THREAD_CREATE, "pc kernel riscv64", { T(P_KERN_RV), T(P_BUF) },
	  FLT },
	{ SYS_THREAD_CREATE, "pc kernel arm64", { T(P_KERN_ARM), T(P_BUF) },
	  FLT },
	{ SYS_THREAD_CREATE, "pc -1", { ~0ul, T(P_BUF) }, FLT },
	{ SYS_THREAD_CREATE, "sp 0", { T(P_TEXT), 0 }, FLT },
	{ SYS_THREAD_CREATE, "sp USER_BASE", { T(P_TEXT), USER_BASE }, FLT },
	{ SYS_THREAD_CREATE, "sp above USER_TOP", { T(P_TEXT), USER_TOP + 16 },
	  FLT },
	{ SYS_THREAD_CREATE, "sp kernel", { T(P_TEXT), T(P_KERN_ARM) }, FLT },
	{ SYS_THREAD_CREATE, "sp -16", { T(P_TEXT), ~15ul }, FLT },
	{ SYS_THREAD_CREATE, "sp unaligned", { T(P_TEXT), T(P_BUF_ODD) }, INV },
	{ SYS_THREAD_CREATE, "sp 8-aligned", { T(P_TEXT), SCRATCH_VA + 8 },
	  INV },
	{ SYS_THREAD_CREATE, "bad pc before unaligned sp",
	  { T(P_KERN_RV), T(P_BUF_ODD) }, FLT },

	/* 81 map(va, len, prot) */
#define RANGE_ROWS(nr, prot)                                                \
	{ nr, "va 0", { 0, PAGE, prot }, INV },                              \
	{ nr, "va below USER_BASE", { T(P_LOW), PAGE, prot }, INV },        \
	{ nr, "va unaligned", { UNMAPPED_VA + 1, PAGE, prot }, INV },        \
	{ nr, "len 0", { UNMAPPED_VA, 0, prot }, INV },                      \
	{ nr, "len unaligned", { UNMAPPED_VA, 100, prot }, INV },            \
	{ nr, "len -1", { UNMAPPED_VA, ~0ul, prot }, INV },                  \
	{ nr, "len 1<<40", { UNMAPPED_VA, 1ul << 40, prot }, INV },          \
	{ nr, "len > MEM_LEN_MAX", { UNMAPPED_VA, MEM_LEN_MAX + PAGE, prot },\
	  INV },                                                             \
	{ nr, "len wraps", { T(P_BUF), T(P_WRAP_LEN), prot }, INV },         \
	{ nr, "va at USER_TOP", { USER_TOP, PAGE, prot }, INV },             \
	{ nr, "range crosses USER_TOP", { TOP_PAGE, 2 * PAGE, prot }, INV }, \
	{ nr, "va kernel riscv64", { T(P_KERN_RV), PAGE, prot }, INV },      \
	{ nr, "va kernel arm64", { T(P_KERN_ARM), PAGE, prot }, INV },       \
	{ nr, "va kernel top page", { T(P_KERN_TOP), PAGE, prot }, INV },    \
	{ nr, "va non-canonical", { T(P_NONCANON), PAGE, prot }, INV }
	RANGE_ROWS(SYS_MAP, MEM_PROT_READ),
	{ SYS_MAP, "prot 0", { UNMAPPED_VA, PAGE, 0 }, INV },
	{ SYS_MAP, "prot W|X", { UNMAPPED_VA, PAGE, 6 }, INV },
	{ SYS_MAP, "prot 8", { UNMAPPED_VA, PAGE, 8 }, INV },
	{ SYS_MAP, "prot -1", { UNMAPPED_VA, PAGE, ~0ul }, INV },
	{ SYS_MAP, "prot bit 32", { UNMAPPED_VA, PAGE, (1ul << 32) | 1 }, INV },
	{ SYS_MAP, "already mapped", { T(P_BUF), PAGE, MEM_PROT_READ },
	  -E_BUSY },
	{ SYS_MAP, "partly mapped", { SCRATCH_VA - PAGE, 2 * PAGE,
				      MEM_PROT_READ }, -E_BUSY },

	/* 82 unmap(va, len) */
	RANGE_ROWS(SYS_UNMAP, 0),
	{ SYS_UNMAP, "ok, a hole", { UNMAPPED_VA, PAGE }, 0 },

	/* 83 protect(va, len, prot) */
	RANGE_ROWS(SYS_PROTECT, MEM_PROT_READ),
	{ SYS_PROTECT, "prot 0", { T(P_RO), PAGE, 0 }, INV },
	{ SYS_PROTECT, "prot W|X", { T(P_RO), PAGE, 6 }, INV },
	{ SYS_PROTECT, "prot -1", { T(P_RO), PAGE, ~0ul }, INV },
	{ SYS_PROTECT, "not mapped", { UNMAPPED_VA, PAGE, MEM_PROT_READ },
	  FLT },
	{ SYS_PROTECT, "partly mapped", { T(P_RO), 2 * PAGE, MEM_PROT_READ },
	  FLT },
	{ SYS_PROTECT, "ok", { T(P_RO), PAGE, MEM_PROT_READ }, 0 },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Numbers past the table, all -E_NOSYS. */
static const unsigned long beyond[] = {
	SYS_COUNT, SYS_COUNT + 1, 255, 256, 0x7fff, 1ul << 32, 1ul << 63,
	~0ul, ~1ul, (unsigned long)-SYS_COUNT,
};
#define NBEYOND (sizeof(beyond) / sizeof(beyond[0]))

/* What an unknown number is called with. */
static const unsigned long unknown_args[][6] = {
	{ 0, 0, 0, 0, 0, 0 },
	{ ~0ul, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul },
	{ T(P_KERN_RV), 4096, T(P_KERN_ARM), 1, 0, 0 },
};

/* ---- Bookkeeping ---- */
static unsigned long calls, failures;
static bool seen[SYS_COUNT + NBEYOND];   /* numbers called */

static void note(long nr)
{
	if ((unsigned long)nr < SYS_COUNT)
		seen[nr] = true;
	for (unsigned i = 0; i < NBEYOND; i++)
		if ((unsigned long)nr == beyond[i])
			seen[SYS_COUNT + i] = true;
}

static long call(long nr, const unsigned long *a, unsigned long *res)
{
	calls++;
	note(nr);
	return syscall6_res(res, nr, (long)a[0], (long)a[1], (long)a[2],
			    (long)a[3], (long)a[4], (long)a[5]);
}

static void fail(long nr, const char *desc, long got, long want)
{
	failures++;
	printf("garbage: FAIL nr=%ld case=%s got=%ld want=%ld\n", nr, desc, got,
	       want);
}

static long must(const char *what, long r)
{
	if (r < 0) {
		failures++;
		printf("garbage: FAIL setup %s: %ld\n", what, r);
	}
	return r;
}

static void track(unsigned long h, int type, unsigned rights)
{
	if (nlive < sizeof(live) / sizeof(live[0]))
		live[nlive++] = (struct live){ h, type, rights };
}

static void untrack(unsigned long h)
{
	for (unsigned i = 0; i < nlive; i++)
		if (live[i].h == h)
			live[i] = live[--nlive];
}

static void close_handle(unsigned long h)
{
	untrack(h);
	unsigned long a[6] = { h }, res[SYSCALL_RESULTS];
	long r = call(SYS_HANDLE_CLOSE, a, res);
	if (r)
		fail(SYS_HANDLE_CLOSE, "closing a handle it made", r, 0);
}

static unsigned long dup_of(unsigned long h, unsigned rights, int type)
{
	long d = must("dup", syscall6(SYS_HANDLE_DUP, (long)h, rights, 0, 0, 0,
				      0));
	track((unsigned long)d, type, rights);
	return (unsigned long)d;
}

static void setup(void)
{
	static const char missing[] = "no-such-module";
	static const char nul[] = "in\0it";
	static const char txt[] = "modules.txt";
	pool[P_NAME_MISSING] = (unsigned long)missing;
	pool[P_NAME_NUL] = (unsigned long)nul;
	pool[P_NAME_TXT] = (unsigned long)txt;
	pool[P_TEXT] = (unsigned long)&setup;

	must("map scratch", syscall6(SYS_MAP, SCRATCH_VA, SCRATCH_LEN,
				     MEM_PROT_READ | MEM_PROT_WRITE, 0, 0, 0));
	must("map ro", syscall6(SYS_MAP, RO_VA, PAGE, MEM_PROT_READ, 0, 0, 0));
	must("map top", syscall6(SYS_MAP, TOP_PAGE, PAGE,
				 MEM_PROT_READ | MEM_PROT_WRITE, 0, 0, 0));

	long ep = must("endpoint", syscall6(SYS_ENDPOINT_CREATE, 0, 0, 0, 0, 0,
					     0));
	long nt = must("notification", syscall6(SYS_NOTIFICATION_CREATE, 0, 0,
						 0, 0, 0, 0));
	long gone = must("endpoint", syscall6(SYS_ENDPOINT_CREATE, 0, 0, 0, 0,
					       0, 0));
	must("close", syscall6(SYS_HANDLE_CLOSE, gone, 0, 0, 0, 0, 0));
	track((unsigned long)ep, 1, RIGHTS_ENDPOINT);
	track((unsigned long)nt, 2, RIGHTS_NOTIFICATION);
	pool[P_EP] = (unsigned long)ep;
	pool[P_NT] = (unsigned long)nt;
	pool[P_CLOSED] = (unsigned long)gone;
	pool[P_EP_NONE] = dup_of(ep, 0, 1);
	pool[P_EP_RO] = dup_of(ep, RIGHT_READ, 1);
	pool[P_EP_WO] = dup_of(ep, RIGHT_WRITE | RIGHT_CALL, 1);
	pool[P_EP_RD_DUP] = dup_of(ep, RIGHT_READ | RIGHT_DUP, 1);
	pool[P_NT_SIG] = dup_of(nt, RIGHT_SIGNAL, 2);
	pool[P_NT_WAIT] = dup_of(nt, RIGHT_WAIT, 2);
	pool[P_H_HIBITS] = (unsigned long)ep | (1ul << 32);
	pool[P_H_OLDGEN] = (unsigned long)ep ^ (1ul << 9);
}

/* ---- Threads ---- */
static unsigned long stack[2][2048] __attribute__((aligned(16)));
static _Atomic unsigned long exit_returned, worker_ran;
static unsigned long exit_args[6];

static void exit_thread(unsigned long nr)
{
	syscall6((long)nr, (long)exit_args[0], (long)exit_args[1],
		 (long)exit_args[2], (long)exit_args[3], (long)exit_args[4],
		 (long)exit_args[5]);
	exit_returned = 1;
	syscall6(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
}

static long start_thread(void (*fn)(unsigned long), unsigned i,
			 unsigned long arg)
{
	return syscall6(SYS_THREAD_CREATE, (long)fn, (long)&stack[i][2048],
			(long)arg, 0, 0, 0);
}

/* Whether thread tid is still listed (not yet reaped) by ps. */
static bool thread_listed(long tid)
{
	struct ps_entry *ps = (struct ps_entry *)SCRATCH_VA;
	long n = syscall6(SYS_PS, SCRATCH_VA, SCRATCH_LEN / sizeof(*ps), 0, 0,
			  0, 0);
	for (long i = 0; i < n; i++)
		if ((long)ps[i].tid == tid && ps[i].state != PS_STATE_EXITED &&
		    ps[i].state != PS_STATE_DEAD)
			return true;
	return false;
}

static bool wait_thread_gone(long tid)
{
	for (unsigned i = 0; i < 20000; i++) {
		if (!thread_listed(tid))
			return true;
		syscall6(SYS_YIELD, 0, 0, 0, 0, 0, 0);
	}
	return false;
}

/* A call that must end its thread: run it in a new one. */
static long run_exiting(const struct row *r, const unsigned long *a)
{
	for (unsigned i = 0; i < 6; i++)
		exit_args[i] = a[i];
	exit_returned = 0;
	long tid = start_thread(exit_thread, 0, (unsigned long)r->nr);
	calls++;
	note(r->nr);
	if (tid < 0)
		return tid;
	if (!wait_thread_gone(tid))
		return -E_TIMEOUT;
	return exit_returned ? 1 : 0;
}

/* ---- 1. The table ---- */
static void table_pass(void)
{
	for (unsigned i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		unsigned long a[6], res[SYSCALL_RESULTS] = { 0 };
		for (unsigned k = 0; k < 6; k++)
			a[k] = resolve(r->a[k]);
		/* The table must agree with the documented set. */
		const struct spec *s = spec_of(r->nr);
		bool documented = r->want < 0 ? (s->errs & ERR(-r->want)) != 0
					      : s->can_succeed;
		if (!documented && !(r->flags & F_EXITS)) {
			failures++;
			printf("garbage: FAIL nr=%ld case=%s:%s wants %ld, not "
			       "in its specs[] entry\n",
			       r->nr, s->name, r->desc, r->want);
		}
		long got = r->flags & F_EXITS ? run_exiting(r, a)
					      : call(r->nr, a, res);
		bool ok = r->want == OK_ANY ? got >= 0 : got == r->want;
		if (!ok) {
			char desc[96];
			snprintf(desc, sizeof(desc), "%s:%s", s->name, r->desc);
			fail(r->nr, desc, got, r->want == OK_ANY ? 0 : r->want);
		}
		if (ok && (r->flags & F_RES1) && res[1] != r->res1) {
			char desc[96];
			snprintf(desc, sizeof(desc), "%s:%s (a1)", s->name,
				 r->desc);
			fail(r->nr, desc, (long)res[1], (long)r->res1);
		}
		if (got > 0 && (r->flags & F_CLOSE))
			close_handle((unsigned long)got);
	}
	/* Every number without a spec is unknown. */
	for (unsigned long nr = 0; nr < SYS_COUNT + NBEYOND; nr++) {
		long n = nr < SYS_COUNT ? (long)nr
					: (long)beyond[nr - SYS_COUNT];
		if (spec_of(n) != &unknown)
			continue;
		for (unsigned v = 0; v < 3; v++) {
			unsigned long a[6], res[SYSCALL_RESULTS];
			for (unsigned k = 0; k < 6; k++)
				a[k] = resolve(unknown_args[v][k]);
			long got = call(n, a, res);
			if (got != -E_NOSYS)
				fail(n, "unknown number", got, -E_NOSYS);
		}
	}
	/* Every row's number has a spec, else a misspelt row hides. */
	for (unsigned i = 0; i < NROWS; i++)
		if (spec_of(rows[i].nr) == &unknown)
			fail(rows[i].nr, "row without a spec", 0, 0);
}

/* ---- 2. The random pass ---- */
static unsigned long rng;

static unsigned long next_random(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dul;
}

static long random_number(void)
{
	unsigned long x = next_random() >> 8;
	switch (x % 4) {
	case 0:   /* any number, in range or beyond */
		x >>= 2;
		if (x % 8 == 0)
			return (long)beyond[(x >> 3) % NBEYOND];
		return (long)((x >> 3) % SYS_COUNT);
	default:  /* a real syscall */
		return specs[(x >> 2) % NSPECS].nr;
	}
}

static unsigned long random_arg(void)
{
	unsigned long x = next_random();
	switch (x % 16) {
	case 0:
		return next_random();
	case 1:
		return pool[(x >> 8) % P_COUNT] + ((x >> 32) % 64);
	default:
		return pool[(x >> 8) % P_COUNT];
	}
}

static void random_pass(void)
{
	unsigned long done = 0, skipped = 0;
	while (done < RANDOM_CALLS) {
		long nr = random_number();
		const struct spec *s = spec_of(nr);
		unsigned long a[6], res[SYSCALL_RESULTS];
		for (unsigned k = 0; k < 6; k++)
			a[k] = random_arg();
		if (s->safe && !s->safe(a)) {
			skipped++;
			continue;
		}
		long got = call(nr, a, res);
		done++;
		bool ok = got < 0 ? (-got < 32 && (s->errs & ERR(-got)))
				  : s->can_succeed;
		if (!ok) {
			failures++;
			printf("garbage: FAIL nr=%ld case=random#%lu(%lx,%lx,%lx,"
			       "%lx,%lx,%lx) got=%ld want=documented\n",
			       nr, done, a[0], a[1], a[2], a[3], a[4], a[5], got);
		}
		/* New handles go back at once: the table stays free. */
		if (got > 0 && (nr == SYS_ENDPOINT_CREATE ||
				nr == SYS_NOTIFICATION_CREATE ||
				nr == SYS_HANDLE_DUP))
			close_handle((unsigned long)got);
	}
	printf("garbage: random pass: %lu calls (%lu draws redrawn)\n", done,
	       skipped);
}

/* ---- 3. Health ---- */
static void worker(unsigned long ep)
{
	worker_ran = 1;
	long r = syscall6(SYS_IPC_SEND, (long)ep, 11, 22, 33, 44, 0);
	worker_ran = r == 0 ? 2 : 3;
	syscall6(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
}

static void health(void)
{
	long ep = syscall6(SYS_ENDPOINT_CREATE, 0, 0, 0, 0, 0, 0);
	if (ep <= 0) {
		fail(SYS_ENDPOINT_CREATE, "health:create", ep, 1);
		return;
	}
	long tid = start_thread(worker, 1, (unsigned long)ep);
	if (tid <= 0) {
		fail(SYS_THREAD_CREATE, "health:thread", tid, 1);
		return;
	}
	unsigned long res[SYSCALL_RESULTS];
	long r = syscall6_res(res, SYS_IPC_RECV, ep, 0, 0, 0, 0, 0);
	if (r || res[1] != 11 || res[2] != 22 || res[3] != 33 || res[4] != 44)
		fail(SYS_IPC_RECV, "health:recv", r, 0);
	if (!wait_thread_gone(tid) || worker_ran != 2)
		fail(SYS_THREAD_CREATE, "health:thread ran", (long)worker_ran,
		     2);
	long nt = syscall6(SYS_NOTIFICATION_CREATE, 0, 0, 0, 0, 0, 0);
	r = syscall6(SYS_NOTIFY_SIGNAL, nt, 0x40, 0, 0, 0, 0);
	if (r || syscall6_res(res, SYS_NOTIFY_WAIT, nt, 0, 0, 0, 0, 0) ||
	    res[1] != 0x40)
		fail(SYS_NOTIFY_WAIT, "health:notify", r, 0);
	syscall6(SYS_HANDLE_CLOSE, nt, 0, 0, 0, 0, 0);
	syscall6(SYS_HANDLE_CLOSE, ep, 0, 0, 0, 0, 0);
	printf("garbage: health check done\n");
}

int main(void)
{
	setup();
	table_pass();
	printf("garbage: table: %lu rows\n", (unsigned long)NROWS);
	rng = SEED;
	printf("garbage: random pass seed 0x%lx\n", rng);
	random_pass();
	health();
	unsigned long numbers = 0;
	for (unsigned i = 0; i < SYS_COUNT + NBEYOND; i++)
		numbers += seen[i];
	printf("garbage: %lu calls, %lu syscalls, %lu failures\n", calls,
	       numbers, failures);
	printf("garbage: done\n");
	return 0;
}
