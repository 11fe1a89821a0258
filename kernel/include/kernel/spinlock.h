/*
 * Ticket spinlock: FIFO-fair, so no CPU starves under contention (QEMU's
 * round-robin vCPU scheduling makes unfair locks starve badly).
 *
 * spin_lock_irqsave is the form to use for any lock an interrupt handler may
 * also take; the plain form is for locks never taken from interrupts.
 * Lock order across the kernel is written in docs/architecture.md.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	_Atomic uint32_t next;   /* ticket handed to the next arrival */
	_Atomic uint32_t owner;  /* ticket currently allowed in */
	const char *name;        /* for panic messages */
	int32_t holder;          /* cpu id of the holder, -1 if free (debug) */
};

#define SPINLOCK_INIT(n) { 0, 0, (n), -1 }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);
/* Bounded attempt for the panic path: gives up after `spins` tries. */
bool spin_lock_timeout(struct spinlock *l, unsigned long spins);
unsigned long spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);
bool spin_is_held_by_me(const struct spinlock *l);

#endif
