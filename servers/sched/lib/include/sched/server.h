/*
 * The server side of the scheduler protocol (docs/sched-protocol.md), for
 * every policy: drains the per-CPU event rings, keeps a table of the
 * threads the server knows (state, last CPU, affinity, the newest event
 * sequence number), and batches decisions into commits.
 *
 * Plain C with no syscalls of its own: the kernel (or a simulator, or a
 * host test) is reached through struct sched_backend, so the same policy
 * source runs in the guest and on the host.
 *
 * Limits: SCHED_SRV_THREADS_MAX threads known at once (more: the NEW event
 * is counted in stats.table_full and the thread stays with the kernel's
 * fallback until a slot frees), SCHED_SRV_CPUS_MAX CPUs.
 */
#ifndef SCHED_SERVER_H
#define SCHED_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <uapi/sched.h>

#define SCHED_SRV_THREADS_MAX 1024   /* a power of two */
#define SCHED_SRV_CPUS_MAX 64

enum sched_thread_state {
	SRV_FREE = 0,        /* table slot unused */
	SRV_RUNNABLE,        /* waiting for a decision */
	SRV_QUEUED,          /* dispatched, not yet reported running/stopped */
	SRV_BLOCKED,
};

struct sched_thread {
	uint32_t tid;
	uint8_t state;         /* enum sched_thread_state */
	uint16_t cpu;          /* last CPU it ran on, or was dispatched to */
	int8_t nice;
	uint64_t seq;          /* newest event seen about it */
	uint64_t affinity;     /* allowed CPUs */
	uint64_t runtime_ns;   /* total reported by BLOCKED/YIELD/PREEMPTED */
	uint64_t policy[4];    /* the policy's own per-thread data */
};

struct sched_backend {
	/* Apply n commits; fill each entry's result; return the number
	 * applied or a negative error for the whole call. */
	long (*commit)(void *ctx, struct sched_commit *c, unsigned n);
	void *ctx;
};

struct sched_srv_stats {
	uint64_t events, overflows, lost;    /* lost: sum of OVERFLOW args */
	uint64_t commits, applied;
	uint64_t refused[SCHED_ERR_BAD_ARGS + 1]; /* by result code */
	uint64_t table_full, unknown_tid;
};

struct sched_srv {
	struct sched_backend be;
	/* Told about each refused dispatch after a flush, so the policy can
	 * undo its bookkeeping (optional). */
	void (*on_refused)(struct sched_srv *s, struct sched_thread *t,
			   int result);
	unsigned ncpus;
	struct sched_thread threads[SCHED_SRV_THREADS_MAX];
	struct sched_commit batch[SCHED_COMMIT_MAX];
	unsigned nbatch;
	bool detached;         /* a DETACHED event arrived */
	struct sched_srv_stats stats;
};

void sched_srv_init(struct sched_srv *s, unsigned ncpus,
		    const struct sched_backend *be);

/* Fold one event into the table. Returns the thread it is about (NULL for
 * CPU events, unknown threads and DEAD, whose slot is freed after the
 * policy's hook: see sched_srv_forget). */
struct sched_thread *sched_srv_event(struct sched_srv *s,
				     const struct sched_event *e);
struct sched_thread *sched_srv_find(struct sched_srv *s, uint32_t tid);
void sched_srv_forget(struct sched_srv *s, struct sched_thread *t);

/* Queue decisions; a full batch is flushed first. A dispatch to a CPU
 * outside t's affinity is not sent (false): it could only be refused. */
bool sched_srv_dispatch(struct sched_srv *s, struct sched_thread *t,
			unsigned cpu, uint64_t slice_ns);
void sched_srv_preempt(struct sched_srv *s, unsigned cpu);
void sched_srv_kick(struct sched_srv *s, unsigned cpu);

/* Send the batch. Threads whose dispatch was refused go back to
 * SRV_RUNNABLE (unless a newer event already moved them on), so the
 * policy can place them again. Returns the number applied, or the
 * backend's negative error. */
long sched_srv_flush(struct sched_srv *s);

#endif
