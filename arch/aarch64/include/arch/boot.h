/* What the assembly entry code hands to C (entry.S, spin_table.c). */
#ifndef ARCH_AARCH64_BOOT_H
#define ARCH_AARCH64_BOOT_H

/* offsetof(struct cpu, hwid), checked in spin_table.c. */
#define SPIN_PEN_CPU_HWID 16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Exception level the boot CPU was entered at (1 or 2), saved by entry.S. */
extern uint64_t arm64_boot_el;

/* Spin-table holding pen (entry.S): a released CPU waits until
 * spin_pen_hwid equals its MPIDR affinity, takes spin_pen_cpu as its
 * struct cpu (if that cpu's hwid is its own: the boot CPU may have moved
 * on meanwhile) and writes SPIN_PEN_NONE back to spin_pen_hwid. */
#define SPIN_PEN_NONE (~0ull)
extern volatile uint64_t spin_pen_hwid;
extern volatile uint64_t spin_pen_cpu;
extern char spin_table_entry[];

/* Exception vector table (vectors.S). */
extern char exception_vectors[];

#endif /* __ASSEMBLER__ */
#endif
