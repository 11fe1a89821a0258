/*
 * Boot checks: the IPI round and the tick count. The boot CPU opens a
 * round by bumping ipi_round; each CPU (including the boot CPU) pings every
 * other online CPU once when it sees the new round. Secondaries see it from
 * their idle loop, which every interrupt (ticks included) wakes.
 */
#include "kernel/boot_checks.h"

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/ipi.h"
#include "kernel/printk.h"
#include "kernel/timer.h"

_Atomic bool boot_checks_done;
static _Atomic unsigned ipi_round;
static _Atomic uint64_t pings_sent;
static unsigned seen_round[CPU_MAX];   /* each CPU writes only its own */

static void ping_everyone(void)
{
	struct cpu *me = this_cpu();
	unsigned round = atomic_load(&ipi_round);
	if (seen_round[me->id] == round)
		return;
	seen_round[me->id] = round;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == me->id || !atomic_load(&cpus[i].online))
			continue;
		ipi_ping(&cpus[i]);
		atomic_fetch_add(&pings_sent, 1);
	}
}

void boot_checks_secondary_poll(void)
{
	ping_everyone();
}

static bool wait_ticks(uint64_t budget, bool (*done)(void))
{
	uint64_t deadline = timer_now() + budget;
	while (!done()) {
		if (timer_now() > deadline)
			return false;
		arch_cpu_relax();
	}
	return true;
}

static uint64_t expected_pings;

static bool pings_done(void)
{
	return ipi_pings_acked() >= expected_pings &&
	       atomic_load(&pings_sent) >= expected_pings;
}

void boot_check_ipi(void)
{
	unsigned n = cpus_online();
	expected_pings = (uint64_t)n * (n - 1);
	atomic_fetch_add(&ipi_round, 1);
	ping_everyone();
	/* Our pings wake the others; they join the round from idle. */
	wait_ticks(2 * timer_hz(), pings_done);
	printk("ipi: %lu sent, %lu acked\n",
	       (unsigned long)atomic_load(&pings_sent),
	       (unsigned long)ipi_pings_acked());
}

static bool all_ticking(void)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (atomic_load(&cpus[i].online) &&
		    atomic_load(&cpus[i].ticks) < 3)
			return false;
	return true;
}

void boot_check_timer(void)
{
	wait_ticks(2 * timer_hz(), all_ticking);
	unsigned k = 0;
	for (unsigned i = 0; i < cpu_count; i++)
		k += atomic_load(&cpus[i].ticks) >= 3;
	printk("timer: %lu Hz, %u cpus ticking\n", (unsigned long)timer_hz(),
	       k);
}
