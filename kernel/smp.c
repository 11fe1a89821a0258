/* Secondary CPU bring-up. */
#include "kernel/smp.h"

#include "kernel/arch.h"
#include "kernel/boot_checks.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/vm.h"

void cpu_bring_online(struct cpu *c)
{
	arch_set_this_cpu(c);
	arch_cpu_init(c);
	if (irqchip() && irqchip()->cpu_init)
		irqchip()->cpu_init(c);
	sched_init_cpu();
	atomic_store(&c->online, true);
	arch_irq_enable();
}

unsigned smp_boot(const struct fdt *fdt)
{
	for (unsigned i = 1; i < cpu_count; i++) {
		struct cpu *c = &cpus[i];
		uintptr_t stack = early_alloc(CPU_STACK_SIZE);
		if (!stack) {
			printk("smp: no memory for cpu %u's stack\n", i);
			continue;
		}
		c->stack_top = (uintptr_t)phys_to_virt(stack) + CPU_STACK_SIZE;
		int err = arch_cpu_start(fdt, c->fdt_node, c);
		if (err)
			printk("smp: cpu %u (hwid 0x%lx) did not start: %d\n",
			       i, (unsigned long)c->hwid, err);
	}
	/* Wait up to 2 s of counter time for them all. */
	uint64_t deadline = timer_now() + 2 * timer_hz();
	while (cpus_online() < cpu_count && timer_now() < deadline)
		arch_cpu_relax();
	return cpus_online();
}

_Noreturn void kernel_secondary_main(struct cpu *c)
{
	cpu_bring_online(c);
	timer_cpu_start();
	/* Join the IPI round from idle; then be an ordinary idle CPU. */
	while (!atomic_load(&boot_checks_done)) {
		arch_wait_for_interrupt();
		boot_checks_secondary_poll();
	}
	sched_idle_loop();
}
