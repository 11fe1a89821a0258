/*
 * The scheduler protocol, kernel <-> user-level scheduler server, version 1
 * (docs/sched-protocol.md is the prose). Events flow kernel -> server
 * through per-CPU shared-memory rings (uapi/sched_ring.h) plus a
 * notification; decisions flow server -> kernel as batched commits in one
 * syscall, each entry with its own result.
 *
 * Status: types and numbers fixed here; the kernel side is being built
 * (see README "What works today").
 */
#ifndef UAPI_SCHED_H
#define UAPI_SCHED_H

#define SCHED_PROTOCOL_VERSION 1

/* Syscalls (112..127). */
#define SYS_SCHED_ATTACH 112   /* (ctl h, struct sched_attach *) -> 0 */
#define SYS_SCHED_DETACH 113   /* (ctl h) -> 0 */
#define SYS_SCHED_COMMIT 114   /* (struct sched_commit *, n) -> applied */
#define SYS_SCHED_INFO 115     /* (struct sched_info *) -> 0 */

/* Event types (kernel -> server). */
#define SCHED_EV_NEW 1        /* a thread exists: arg0 affinity, arg1 nice */
#define SCHED_EV_WAKEUP 2     /* runnable again: arg0 last cpu (cpu = waker) */
#define SCHED_EV_BLOCKED 3    /* stopped running: arg0 runtime ns */
#define SCHED_EV_YIELD 4      /* gave its CPU up: arg0 runtime ns */
#define SCHED_EV_PREEMPTED 5  /* slice used up: arg0 runtime ns */
#define SCHED_EV_DEAD 6       /* gone; its id may be reused after this */
#define SCHED_EV_AFFINITY 7   /* arg0 new affinity mask */
#define SCHED_EV_CPU_IDLE 8   /* cpu has nothing to run (tid 0) */
#define SCHED_EV_TICK 9       /* periodic, if asked at attach (tid 0) */
#define SCHED_EV_DETACHED 10  /* the server was detached: stop (tid 0) */
#define SCHED_EV_OVERFLOW 11  /* arg0 events lost on this ring: resync */

/* Commit operations (server -> kernel). */
#define SCHED_OP_DISPATCH 1   /* queue tid on cpu with slice_ns */
#define SCHED_OP_PREEMPT 2    /* make cpu give up its current thread */
#define SCHED_OP_KICK 3       /* wake cpu from idle to look at its queue */

/* Per-entry commit results. */
#define SCHED_OK 0
#define SCHED_ERR_STALE 1       /* seq older than the thread's newest event */
#define SCHED_ERR_NOT_RUNNABLE 2
#define SCHED_ERR_AFFINITY 3    /* cpu outside the thread's mask */
#define SCHED_ERR_CPU_OFFLINE 4
#define SCHED_ERR_BAD_THREAD 5  /* no such thread (or not under this server) */
#define SCHED_ERR_BAD_ARGS 6    /* unknown op, cpu out of range, bad slice */

/* Attach flags. */
#define SCHED_ATTACH_TICK (1u << 0)   /* send SCHED_EV_TICK each tick */

#define SCHED_COMMIT_MAX 64                   /* entries per commit call */
#define SCHED_SLICE_MIN_NS 100000ul           /* 0.1 ms */
#define SCHED_SLICE_MAX_NS 1000000000ul       /* 1 s */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One event; 32 bytes. seq: the thread's event sequence number, which a
 * commit quotes back so the kernel can refuse decisions made on old news. */
struct sched_event {
	uint16_t type;
	uint16_t cpu;         /* CPU the event happened on */
	uint32_t tid;
	uint64_t seq;
	uint64_t arg0, arg1;
};

/* One decision; the kernel writes result. 32 bytes. */
struct sched_commit {
	uint16_t op;
	uint16_t cpu;
	uint32_t tid;
	uint64_t seq;
	uint64_t slice_ns;
	int32_t result;       /* SCHED_OK or SCHED_ERR_* */
	uint32_t reserved;    /* must be 0 */
};

/* SYS_SCHED_ATTACH: in: version, flags, name. out: what the kernel set up. */
struct sched_attach {
	uint32_t version;       /* SCHED_PROTOCOL_VERSION the server speaks */
	uint32_t flags;         /* SCHED_ATTACH_* */
	char name[16];
	/* out */
	uint32_t ncpus;         /* rings, one per CPU id 0..ncpus-1 */
	uint32_t ring_entries;  /* events per ring (a power of two) */
	uint64_t rings;         /* user address of ring 0; ring i follows at
				 * rings + i * ring_stride */
	uint64_t ring_stride;
	uint32_t notify;        /* notification handle signalled on events:
				 * bit i = ring i became non-empty */
	uint32_t reserved;
};
#endif

#endif
