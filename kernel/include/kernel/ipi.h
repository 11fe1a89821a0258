/*
 * Inter-processor interrupts. Messages are bits in the target's
 * cpu->ipi_msgs (set with an atomic OR before the doorbell), so IPIs that
 * coalesce in hardware are never lost: the receiver drains every bit.
 * The doorbell is whichever provider the FDT names (SBI, ACLINT SSWI, GIC
 * SGI, mailbox); the highest-priority provider probed wins.
 */
#ifndef KERNEL_IPI_H
#define KERNEL_IPI_H

#include <stdint.h>

struct cpu;

enum ipi_msg {
	IPI_MSG_PING = 1u << 0,   /* boot check; sender in cpu->ping_from */
	IPI_MSG_STOP = 1u << 1,   /* panic: halt this CPU */
	IPI_MSG_RESCHED = 1u << 2, /* work was queued for this CPU */
	IPI_MSG_TLB = 1u << 3,    /* TLB shootdown request (kernel/vm/tlb.c) */
};

struct ipi_ops {
	const char *name;
	void (*send)(struct cpu *target);
	int priority;             /* higher wins */
};

void ipi_register(const struct ipi_ops *ops);
const char *ipi_method(void);
void ipi_send(struct cpu *target, enum ipi_msg msg);
void ipi_ping(struct cpu *target);
uint64_t ipi_pings_acked(void);

#endif
