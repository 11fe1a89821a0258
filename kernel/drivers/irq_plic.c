/*
 * RISC-V Platform-Level Interrupt Controller. Register layout is fixed by
 * the PLIC specification; where it is and which context belongs to which
 * hart's S-mode come from the node ("reg", "interrupts-extended",
 * "riscv,ndev").
 */
#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/vm.h"
#include "kernel/irq.h"
#include "kernel/printk.h"

#define PLIC_PRIORITY(line) (4u * (line))
#define PLIC_ENABLE(ctx) (0x2000u + 0x80u * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

/* The riscv,cpu-intc binding numbers a hart's local interrupts by their
 * scause code; a PLIC context wired to code 9 is that hart's S-mode
 * external interrupt input. */
#define CPU_INTC_S_EXTERNAL 9

static uintptr_t plic_base;
static uint32_t plic_ndev, plic_contexts;
static char plic_desc[96];

static uint32_t ctx_of(struct cpu *c)
{
	return (uint32_t)c->irqchip_data[0];
}

static void plic_cpu_init(struct cpu *c)
{
	if (!c->irqchip_data[1])
		return;   /* no S-mode context for this hart */
	mmio_write32(plic_base + PLIC_THRESHOLD(ctx_of(c)), 0);
}

static void plic_handle(void)
{
	struct cpu *c = this_cpu();
	uintptr_t claim = plic_base + PLIC_CLAIM(ctx_of(c));
	uint32_t line;
	while ((line = mmio_read32(claim)) != 0) {
		irq_dispatch(line);
		mmio_write32(claim, line);
	}
}

static int plic_xlate(const uint32_t *cells, unsigned ncells)
{
	if (ncells != 1 || cells[0] == 0 || cells[0] > plic_ndev)
		return -1;
	return (int)cells[0];
}

/* Device lines are routed to the CPU that asks (its S-mode context). */
static void plic_enable(unsigned line, bool percpu)
{
	(void)percpu;
	struct cpu *c = this_cpu();
	if (!c->irqchip_data[1] || line == 0 || line > plic_ndev)
		return;
	mmio_write32(plic_base + PLIC_PRIORITY(line), 1);
	uintptr_t en = plic_base + PLIC_ENABLE(ctx_of(c)) + 4 * (line / 32);
	mmio_write32(en, mmio_read32(en) | (1u << (line % 32)));
}

static const char *plic_describe(void)
{
	return plic_desc;
}

static const struct irqchip_ops plic_ops = {
	.name = "plic",
	.cpu_init = plic_cpu_init,
	.handle = plic_handle,
	.xlate = plic_xlate,
	.enable = plic_enable,
	.describe = plic_describe,
};

static int plic_probe(const struct fdt *fdt, int node)
{
	uint64_t base, size;
	int err = fdt_reg(fdt, node, 0, &base, &size);
	if (err)
		return err;
	if (fdt_getprop_u32(fdt, node, "riscv,ndev", &plic_ndev))
		return FDT_ERR_NOTFOUND;
	uint32_t len;
	const uint8_t *ie = fdt_getprop(fdt, node, "interrupts-extended",
					&len);
	if (!ie || len % 8)
		return FDT_ERR_BADVALUE;
	plic_base = ioremap(base, size);
	if (!plic_base)
		return FDT_ERR_NOTFOUND;
	plic_contexts = len / 8;
	unsigned mapped = 0;
	/* Context i is the i-th (phandle, cause) pair. */
	for (uint32_t ctx = 0; ctx < plic_contexts; ctx++) {
		uint32_t ph = fdt_be32(ie + ctx * 8);
		uint32_t cause = fdt_be32(ie + ctx * 8 + 4);
		if (cause != CPU_INTC_S_EXTERNAL)
			continue;
		int intc = fdt_node_by_phandle(fdt, ph);
		int cpu_node = intc >= 0 ? fdt_parent(fdt, intc) : -1;
		for (unsigned i = 0; i < cpu_count; i++) {
			if (cpus[i].fdt_node == cpu_node) {
				cpus[i].irqchip_data[0] = ctx;
				cpus[i].irqchip_data[1] = 1;
				mapped++;
			}
		}
	}
	snprintk(plic_desc, sizeof(plic_desc),
		 "plic at 0x%lx, %u sources, %u contexts, %u cpus routed",
		 (unsigned long)base, plic_ndev, plic_contexts, mapped);
	irqchip_register(&plic_ops);
	return 0;
}

static const char *const plic_compat[] = {
	"sifive,plic-1.0.0", "riscv,plic0", NULL,
};

DRIVER(plic_driver) = {
	.name = "plic",
	.cls = DRIVER_IRQCHIP,
	.compatible = plic_compat,
	.probe = plic_probe,
};
