/* Ways to start a secondary CPU, chosen by its node's "enable-method". */
#ifndef ARCH_AARCH64_CPU_START_H
#define ARCH_AARCH64_CPU_START_H

#include <stdint.h>

struct cpu;
struct fdt;

/* PSCI (psci.c): find the firmware node and its conduit; 0 if there is
 * none (CPUs may still use spin-table). */
int psci_init(const struct fdt *fdt);
/* CPU_ON: start the CPU with MPIDR affinity hwid at entry with x0 = ctx.
 * 0 or a negative PSCI return code. */
int psci_cpu_on(uint64_t hwid, uintptr_t entry, uintptr_t ctx);

/* Spin-table (spin_table.c): release the CPU of node into the kernel's
 * holding pen and wait until it has taken c. */
int spin_table_cpu_start(const struct fdt *fdt, int node, struct cpu *c);

#endif
