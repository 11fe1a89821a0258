/*
 * What the FDT says about an aarch64 CPU: its MPIDR affinity, how it is
 * started, and (spin-table) where it polls. Plain C with no system
 * register or barrier, so host unit tests can build it with kernel/fdt.c.
 */
#ifndef ARCH_AARCH64_CPU_FDT_H
#define ARCH_AARCH64_CPU_FDT_H

#include <stdint.h>

struct fdt;

enum cpu_enable_method {
	CPU_ENABLE_NONE,        /* no "enable-method" property */
	CPU_ENABLE_PSCI,
	CPU_ENABLE_SPIN_TABLE,
	CPU_ENABLE_UNKNOWN,     /* a method this kernel does not implement */
};

/* MPIDR affinity bits a hwid keeps: Aff3 [39:32], Aff2..Aff0 [23:0]. */
#define MPIDR_AFFINITY_MASK 0xff00ffffffull

/* "reg" in /cpus' #address-cells (1 or 2), masked to the affinity bits.
 * 0 or a negative FDT_ERR_*. */
int cpu_fdt_hwid(const struct fdt *fdt, int node, uint64_t *hwid);
enum cpu_enable_method cpu_fdt_enable_method(const struct fdt *fdt, int node);
/* "cpu-release-addr": one 64-bit value (two cells), non-zero and 8-byte
 * aligned (the release is a single 64-bit store). 0 or FDT_ERR_*. */
int cpu_fdt_release_addr(const struct fdt *fdt, int node, uint64_t *addr);

#endif
