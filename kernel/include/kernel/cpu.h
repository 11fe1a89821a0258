/*
 * Per-CPU data. One struct cpu per CPU the FDT lists and the arch can run,
 * numbered 0..cpu_count-1 in FDT order with the boot CPU renumbered 0.
 * The current CPU's struct is reached through arch_this_cpu() (a register
 * the arch reserves), so per-CPU fields written only by their own CPU need
 * no lock; fields other CPUs touch are atomics, as marked.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/arch.h"

struct thread;

/* Software limit on CPUs (the IPI sender masks are 64-bit). Not a board
 * fact: a tree with more usable CPUs boots with the first CPU_MAX. */
#define CPU_MAX 64

struct cpu {
	/* Must stay first: the secondary entry stub loads sp from here. */
	uintptr_t stack_top;
	unsigned id;              /* logical id, 0 = boot CPU */
	uint64_t hwid;            /* hart id / MPIDR affinity bits */
	int fdt_node;             /* its /cpus child */
	_Atomic bool online;      /* set by the CPU itself once it takes IRQs */

	/* Interrupt controller's per-CPU state (driver-defined meaning:
	 * GICv3 redistributor base, GICv2 interface mask, PLIC context). */
	uintptr_t irqchip_data[2];

	/* IPI: bit s set = CPU s sent a ping not yet handled here. */
	_Atomic uint64_t ping_from;
	_Atomic uint32_t ipi_msgs;  /* IPI_MSG_* bits pending */
	_Atomic uint64_t ipis_received;

	/* Dispatch: written only by this CPU. */
	struct thread *current;       /* running thread */
	struct thread *idle;          /* this CPU's idle thread */
	unsigned preempt_count;       /* spinlocks held: no preemption */
	bool need_resched;            /* slice used up: switch at next chance */

	/* Timer: written only by this CPU, read by others for the checks. */
	_Atomic uint64_t ticks;
	_Atomic uint64_t last_tick_at;   /* counter time of the latest tick */
	uint64_t next_deadline;
} __attribute__((aligned(64)));

extern struct cpu cpus[CPU_MAX];
extern unsigned cpu_count;

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

struct cpu *cpu_by_hwid(uint64_t hwid);
/* Fill cpus[] from /cpus; the CPU with boot_hwid becomes cpus[0]. */
int cpus_discover(const struct fdt *fdt, uint64_t boot_hwid);
unsigned cpus_online(void);

#endif
