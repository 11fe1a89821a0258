/*
 * ARM generic timer, EL1 virtual timer (CNTV_*). The virtual timer is the
 * one a hypervisor gives its guests, and with CNTVOFF_EL2 = 0 (entry.S,
 * when we own EL2) it counts exactly like the physical one, so the same
 * code runs under KVM and on bare metal.
 *
 * Frequency: /timer "clock-frequency" when firmware could not program
 * CNTFRQ_EL0 correctly (the binding's reason for the property), else
 * CNTFRQ_EL0. Interrupt: entry 2 of the node's "interrupts" (the binding
 * orders them secure phys, non-secure phys, virtual, hypervisor).
 */
#include "arch/sysreg.h"
#include "kernel/arch.h"
#include "kernel/fdt.h"
#include "kernel/irq.h"
#include "kernel/printk.h"

#define TIMER_IRQ_VIRT 2
#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_IMASK 2u

static int timer_line = -1;

static int find_timer(const struct fdt *fdt)
{
	static const char *const compat[] = {
		"arm,armv8-timer", "arm,armv7-timer",
	};
	for (unsigned i = 0; i < sizeof(compat) / sizeof(compat[0]); i++)
		for (int n = fdt_find_compatible(fdt, -1, compat[i]); n >= 0;
		     n = fdt_find_compatible(fdt, n, compat[i]))
			if (fdt_node_enabled(fdt, n))
				return n;
	return FDT_ERR_NOTFOUND;
}

int arch_timer_init(const struct fdt *fdt, uint64_t *hz)
{
	int node = find_timer(fdt);
	if (node < 0)
		return node;
	uint32_t f;
	uint64_t freq = 0;
	if (fdt_getprop_u32(fdt, node, "clock-frequency", &f) == 0)
		freq = f;
	if (!freq)
		freq = read_sysreg("cntfrq_el0") & 0xffffffffu;
	if (!freq)
		return FDT_ERR_BADVALUE;
	int line = irq_of_node(fdt, node, TIMER_IRQ_VIRT);
	if (line < 0)
		return line;
	timer_line = line;
	*hz = freq;
	return 0;
}

const char *arch_timer_method(void)
{
	return "cntv";
}

static void timer_irq(unsigned line)
{
	(void)line;
	kernel_timer_interrupt();
}

void arch_timer_cpu_init(void)
{
	/* Quiet until the first deadline is set. */
	write_sysreg("cntv_ctl_el0", CNTV_CTL_IMASK);
	write_sysreg("cntv_cval_el0", ~0ull);
	write_sysreg("cntv_ctl_el0", CNTV_CTL_ENABLE);
	isb();
	if (timer_line < 0 || irq_request((unsigned)timer_line, timer_irq, true))
		printk("timer: cannot take interrupt line %d\n", timer_line);
}

uint64_t arch_timer_now(void)
{
	isb();   /* do not read the counter ahead of earlier instructions */
	return read_sysreg("cntvct_el0");
}

void arch_timer_set_deadline(uint64_t when)
{
	write_sysreg("cntv_cval_el0", when);
	isb();
}
