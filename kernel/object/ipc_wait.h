/*
 * A thread waiting in an IPC syscall. The record lives on the waiter's
 * own kernel stack for as long as it is blocked; a partner that finds it
 * on an object's queue (under that object's lock) fills in msg and status
 * and then sets done, after which it must not touch the record again.
 *
 * A waiter calls thread_prepare_block() before it puts its record where a
 * partner can find it (under the object's lock). A partner may complete
 * the record the moment the lock drops; if the waiter were still RUNNING
 * then, the wake-up would be refused, and a waiter that next hands its
 * CPU straight to another thread (ipc_complete_and_switch) would never
 * look at done again and stay BLOCKED for good.
 */
#ifndef KERNEL_OBJECT_IPC_WAIT_H
#define KERNEL_OBJECT_IPC_WAIT_H

#include <stdatomic.h>
#include <stdbool.h>

#include <uapi/ipc.h>

struct thread;

struct ipc_wait {
	struct ipc_wait *next;       /* queue link (the object's lock) */
	struct thread *t;            /* the waiter */
	struct ipc_wait *reply;      /* to a receiver: the caller to answer */
	unsigned long msg[IPC_MSG_WORDS];
	long status;                 /* the syscall's result */
	bool is_call;                /* a sender that waits for a reply */
	_Atomic int done;
};

struct ipc_queue {
	struct ipc_wait *head, *tail;
};

void ipc_queue_push(struct ipc_queue *q, struct ipc_wait *w);
struct ipc_wait *ipc_queue_pop(struct ipc_queue *q);

/* Finish w's wait with status: publish done and wake the waiter. Call
 * with interrupts masked since the waiter was read off a queue (it may
 * run and exit as soon as done is set; see the zombie list in sched.c). */
void ipc_complete(struct ipc_wait *w, long status);
/* The same from a thread that has already prepared to block (interrupts
 * still masked): run the waiter at once on this CPU instead of queueing
 * it, when it last ran here. True if it switched (and has since been
 * switched back to: the current thread is RUNNING again). */
bool ipc_complete_and_switch(struct ipc_wait *w, long status);
/* Block until w is done. `prepared`: thread_prepare_block() was called
 * already (and interrupts may be masked). Wake-ups may be spurious; only
 * done ends the wait. */
void ipc_wait_done(struct ipc_wait *w, bool prepared);

/* Counters for SYS_IPC_STATS. */
extern _Atomic unsigned long ipc_stat_calls, ipc_stat_replies;
extern _Atomic unsigned long ipc_stat_same_cpu, ipc_stat_cross_cpu;
extern _Atomic unsigned long ipc_stat_direct;

#endif
