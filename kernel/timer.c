/* Periodic per-CPU tick on the arch's one-shot deadline timer. */
#include "kernel/timer.h"

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/thread.h"

static uint64_t hz;
static uint64_t period;   /* counter ticks per kernel tick */

int timer_init(const struct fdt *fdt)
{
	int err = arch_timer_init(fdt, &hz);
	if (err)
		return err;
	if (hz < TIMER_TICK_HZ)
		return -1;
	period = hz / TIMER_TICK_HZ;
	return 0;
}

uint64_t timer_hz(void)
{
	return hz;
}

uint64_t timer_now(void)
{
	return arch_timer_now();
}

uint64_t timer_ns_to_ticks(uint64_t ns)
{
	/* Split to avoid overflow for large ns at GHz counters. */
	return (ns / 1000000000ull) * hz + (ns % 1000000000ull) * hz /
						   1000000000ull;
}

void timer_cpu_start(void)
{
	struct cpu *c = this_cpu();
	arch_timer_cpu_init();
	c->next_deadline = arch_timer_now() + period;
	arch_timer_set_deadline(c->next_deadline);
}

void kernel_timer_interrupt(void)
{
	struct cpu *c = this_cpu();
	atomic_fetch_add_explicit(&c->ticks, 1, memory_order_relaxed);
	atomic_store_explicit(&c->last_tick_at, arch_timer_now(),
			      memory_order_release);
	sched_tick();
	sleep_tick();
	console_input_poll();
	/* Re-arm from the previous deadline so the tick does not drift; if
	 * we fell behind (a long stall under emulation) skip ahead. */
	uint64_t now = arch_timer_now();
	c->next_deadline += period;
	if (c->next_deadline <= now)
		c->next_deadline = now + period;
	arch_timer_set_deadline(c->next_deadline);
}
