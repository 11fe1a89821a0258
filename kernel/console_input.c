/*
 * Console input and SYS_CONSOLE_READ. The UART drivers are polled (no
 * receive interrupt yet), so CPU 0's periodic tick drains the UART into a
 * small ring and wakes every waiting reader. One CPU polls, so two CPUs
 * never race on the UART's receive register. While the ring is full the
 * tick leaves bytes in the UART, whose FIFO then holds them (QEMU stops
 * feeding a full FIFO, so nothing typed is lost there either). Input
 * latency is at most one tick (10 ms at 100 Hz).
 *
 * A reader's list node lives on its kernel stack; only the poller takes
 * nodes off the list, under the lock, and the reader re-takes the lock
 * before returning (the same scheme as kernel/sleep.c).
 *
 * Lock order: input.lock (interrupts masked) -> run-queue lock
 * (thread_wake while holding it).
 */
#include <uapi/errors.h>
#include <uapi/process.h>

#include <stdbool.h>
#include <stddef.h>

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/process.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

#define RING_SIZE 256u

struct reader {
	struct thread *t;
	struct reader *next;
	bool queued;
};

static struct {
	struct spinlock lock;
	unsigned char ring[RING_SIZE];
	unsigned head, count;        /* oldest byte at ring[head] */
	struct reader *readers;
} input = { .lock = SPINLOCK_INIT("console input") };

/* From the timer interrupt on every CPU; only CPU 0 polls. */
void console_input_poll(void)
{
	if (this_cpu()->id != 0)
		return;
	unsigned long flags = spin_lock_irqsave(&input.lock);
	bool got = false;
	while (input.count < RING_SIZE) {
		int c = console_getc();
		if (c < 0)
			break;
		input.ring[(input.head + input.count) % RING_SIZE] =
			(unsigned char)c;
		input.count++;
		got = true;
	}
	if (got) {
		for (struct reader *r = input.readers; r; r = r->next) {
			r->queued = false;
			thread_wake(r->t);
		}
		input.readers = NULL;
	}
	spin_unlock_irqrestore(&input.lock, flags);
}

static const unsigned char zeros[CONSOLE_READ_CHUNK];

static long sys_console_read(const struct syscall_args *args)
{
	uintptr_t ubuf = args->a[0];
	unsigned long len = args->a[1];
	if (len > CONSOLE_READ_MAX)
		return -E_INVAL;
	if (len == 0)
		return 0;
	if (len > CONSOLE_READ_CHUNK)
		len = CONSOLE_READ_CHUNK;
	unsigned long flags = arch_irq_save();
	struct thread *me = thread_current();
	arch_irq_restore(flags);
	struct vspace *vs = me->proc->vs;
	/* Check the buffer before taking input, so a bad one fails at once
	 * instead of blocking, and never eats bytes it cannot deliver. */
	if (copy_to_user(vs, ubuf, zeros, len))
		return -E_FAULT;

	unsigned char tmp[CONSOLE_READ_CHUNK];
	unsigned long n = 0;
	struct reader r = { .t = me };
	for (;;) {
		flags = spin_lock_irqsave(&input.lock);
		if (input.count) {
			while (n < len && input.count) {
				tmp[n++] = input.ring[input.head];
				input.head = (input.head + 1) % RING_SIZE;
				input.count--;
			}
			spin_unlock_irqrestore(&input.lock, flags);
			break;
		}
		r.next = input.readers;
		input.readers = &r;
		r.queued = true;
		/* BLOCKED before the lock drops, so the poller's wake is
		 * never lost. */
		thread_prepare_block();
		spin_unlock_irqrestore(&input.lock, flags);
		schedule();
		flags = spin_lock_irqsave(&input.lock);
		if (r.queued) {   /* not woken by the poller: unlink */
			for (struct reader **link = &input.readers; *link;
			     link = &(*link)->next) {
				if (*link == &r) {
					*link = r.next;
					break;
				}
			}
			r.queued = false;
		}
		spin_unlock_irqrestore(&input.lock, flags);
	}
	/* The buffer was writable a moment ago; only a concurrent unmap can
	 * make this fail, and then the bytes are lost with -E_FAULT. */
	if (copy_to_user(vs, ubuf, tmp, n))
		return -E_FAULT;
	return (long)n;
}
SYSCALL(SYS_CONSOLE_READ, sys_console_read);
