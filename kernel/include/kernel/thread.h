/*
 * Threads and the per-CPU dispatch of the built-in policy.
 *
 * States and who may change them:
 *   READY    on exactly one CPU's run queue (under that queue's lock)
 *   RUNNING  on a CPU (cpu->current); only that CPU changes it
 *   BLOCKED  on no queue; thread_wake() moves it to READY exactly once
 *            (compare-and-swap), so a wake-up racing another wake-up (a
 *            timer and an IPC at once) is applied at most once
 *   DEAD     finished; freed once no CPU runs on its stack
 * on_cpu is true from the moment a CPU picks the thread until the switch
 * away from it has saved its registers; a CPU that picks a thread spins
 * until on_cpu is false, so no thread ever runs on two CPUs and no CPU
 * runs on a stack another CPU is still leaving.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct process;
struct ipc_wait;

enum thread_state {
	THREAD_READY = 1,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_DEAD,
};

struct thread {
	uintptr_t ksp;                /* saved kernel sp while not running */
	uintptr_t kstack_base;        /* physical base of the kernel stack */
	_Atomic int state;            /* enum thread_state */
	_Atomic uint32_t on_cpu;      /* 0 or 1; word-sized for every ISA's CAS */
	unsigned cpu;                 /* CPU it last ran on / is queued on */
	unsigned slice_left;          /* ticks until preemption */
	uint64_t id;
	void (*entry)(void *);
	void *arg;
	struct thread *next;          /* run-queue link (queue lock) */
	struct process *proc;         /* NULL for kernel threads */
	struct thread *proc_next;     /* proc's thread list (registry lock) */
	void *uframe;                 /* user registers (top of kstack) */
	struct ipc_wait *ipc_reply;   /* caller owed a reply (endpoint.c) */
	uint64_t runs, migrations;    /* statistics (owner CPU only) */
	char name[16];
};

#define THREAD_STACK_ORDER 2     /* 16 KiB kernel stacks */
#define THREAD_SLICE_TICKS 2     /* built-in policy's time slice */

/* Create a kernel thread, queued READY on `cpu`; NULL without memory. */
struct thread *thread_create_kernel(const char *name, void (*entry)(void *),
				    void *arg, unsigned cpu);
_Noreturn void thread_exit(void);
uint64_t thread_next_id(void);
struct thread *thread_current(void);

/* Scheduling (kernel/sched.c). */
void sched_init_cpu(void);       /* the calling context becomes idle */
void schedule(void);             /* pick the next thread on this CPU */
void thread_yield(void);
/* Mark the current thread BLOCKED; it stays running until schedule(). */
void thread_prepare_block(void);
/* The condition came true before schedule(): stay running. */
void thread_cancel_block(void);
/* BLOCKED -> READY, at most once; false if it was not blocked. */
bool thread_wake(struct thread *t);
/* IPC hand-off: the current thread has prepared to block; wake t and,
 * where the built-in policy allows, run it here at once (kernel/sched.c). */
bool sched_wake_and_switch(struct thread *t);
void sched_tick(void);           /* from the timer interrupt */
_Noreturn void sched_idle_loop(void);

struct sched_stats {
	uint64_t switches, steals, migrations, double_run, lost;
};
void sched_get_stats(struct sched_stats *out);

#endif
