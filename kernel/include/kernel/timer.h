/* Per-CPU periodic tick on top of the arch timer. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

struct fdt;

/* Tick rate the kernel asks for: a kernel policy, not a board fact. */
#define TIMER_TICK_HZ 100

int timer_init(const struct fdt *fdt);
void timer_cpu_start(void);      /* arm this CPU's periodic tick */
uint64_t timer_hz(void);
uint64_t timer_now(void);
uint64_t timer_ns_to_ticks(uint64_t ns);
/* Wake this CPU's sleepers whose deadline passed (kernel/sleep.c; from
 * the tick). */
void sleep_tick(void);

#endif
