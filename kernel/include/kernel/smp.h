/* Bringing up the secondary CPUs. */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

struct cpu;
struct fdt;

#define CPU_STACK_SIZE (16 * 1024)

/* Start every CPU in cpus[] but the boot CPU, wait (bounded) for each to
 * report online; returns how many CPUs are online in all. */
unsigned smp_boot(const struct fdt *fdt);
/* Per-CPU set-up shared by the boot CPU and the secondaries. */
void cpu_bring_online(struct cpu *c);

#endif
