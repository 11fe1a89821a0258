/*
 * Counting semaphore with at most one waiting thread (enough for the
 * kernel's hand-offs: a reply, a boot-check completion). post() never
 * blocks and may be called from any CPU or from an interrupt handler.
 */
#ifndef KERNEL_SEMAPHORE_H
#define KERNEL_SEMAPHORE_H

#include <stdatomic.h>

struct thread;

struct semaphore {
	_Atomic long count;
	struct thread *_Atomic waiter;
};

void sem_wait(struct semaphore *s);
void sem_post(struct semaphore *s);

#endif
