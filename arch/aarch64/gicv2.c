/*
 * GICv2 ("arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic"):
 * distributor (reg[0]) and a memory-mapped CPU interface (reg[1]), both
 * banked per CPU for SGIs and PPIs. A CPU's bit in the 8-bit target masks
 * is not its MPIDR: each CPU learns it from the banked GICD_ITARGETSR0-7,
 * which read back its own mask. IPIs are SGIs sent through GICD_SGIR.
 */
#include "arch/gic.h"
#include "arch/sysreg.h"
#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/ipi.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/vm.h"

#define GICD_CTLR_ENABLE 1u

#define GICC_CTLR 0x00
#define GICC_CTLR_ENABLE 1u
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_PMR_ALL 0xff   /* let every priority through */

#define GICD_SGIR_TARGETS_SHIFT 16

static uintptr_t dist, cpuif;
static unsigned lines;
static char desc[128];

/* This CPU's bit in target masks, from the banked ITARGETSR of any of
 * its SGIs/PPIs (zero on a uniprocessor implementation). */
static uint8_t this_cpu_mask(void)
{
	for (unsigned i = 0; i < GIC_SPI_BASE; i += 4) {
		uint32_t v = mmio_read32(dist + GICD_ITARGETSR + i);
		v |= v >> 16;
		v |= v >> 8;
		if (v & 0xff)
			return (uint8_t)v;
	}
	return 0;
}

static void gicv2_cpu_init(struct cpu *c)
{
	c->irqchip_data[0] = this_cpu_mask();
	/* PPIs off until requested; SGIs on (some GICs hard-wire them). */
	mmio_write32(dist + GICD_ICENABLER, 0xffff0000u);
	for (unsigned i = 0; i < GIC_SPI_BASE; i++)
		gic_set_priority(dist, i);
	gic_write_bit(dist + GICD_ISENABLER, GIC_IPI_SGI);
	mmio_write32(cpuif + GICC_PMR, GICC_PMR_ALL);
	mmio_write32(cpuif + GICC_BPR, 0);
	mmio_write32(cpuif + GICC_CTLR, GICC_CTLR_ENABLE);
}

static void gicv2_handle(void)
{
	for (;;) {
		uint32_t iar = mmio_read32(cpuif + GICC_IAR);
		unsigned id = iar & 0x3ff;
		if (id >= GIC_INTID_SPECIAL)
			return;   /* spurious: nothing (more) pending */
		if (id < GIC_PPI_BASE) {
			/* EOI first (with the source CPU bits the IAR
			 * gave): the handler may not return (panic stop),
			 * and a later SGI is seen again by this loop. */
			mmio_write32(cpuif + GICC_EOIR, iar);
			kernel_ipi_interrupt();
			continue;
		}
		irq_dispatch(id);
		mmio_write32(cpuif + GICC_EOIR, iar);
	}
}

static void gicv2_enable(unsigned line, bool percpu)
{
	(void)percpu;   /* SGIs/PPIs are per-CPU by nature, SPIs never */
	if (line >= lines)
		return;
	gic_set_priority(dist, line);
	if (line >= GIC_SPI_BASE) {
		gic_set_trigger(dist, line);
		/* Route to the CPU that asked. */
		mmio_write8(dist + GICD_ITARGETSR + line,
			    (uint8_t)this_cpu()->irqchip_data[0]);
	}
	gic_write_bit(dist + GICD_ISENABLER, line);
}

static const char *gicv2_describe(void)
{
	return desc;
}

static const struct irqchip_ops gicv2_ops = {
	.name = "gicv2",
	.cpu_init = gicv2_cpu_init,
	.handle = gicv2_handle,
	.xlate = gic_xlate,
	.enable = gicv2_enable,
	.describe = gicv2_describe,
};

static void gicv2_ipi_send(struct cpu *target)
{
	uint32_t mask = (uint32_t)target->irqchip_data[0];
	/* The message bits must be visible before the SGI is. */
	dsb(sy);
	mmio_write32(dist + GICD_SGIR,
		     (mask << GICD_SGIR_TARGETS_SHIFT) | GIC_IPI_SGI);
}

static const struct ipi_ops gicv2_ipi = {
	.name = "gicv2-sgi",
	.send = gicv2_ipi_send,
	.priority = 10,
};

static int gicv2_probe(const struct fdt *fdt, int node)
{
	uint64_t dbase, dsize, cbase, csize;
	int err = fdt_reg(fdt, node, 0, &dbase, &dsize);
	if (!err)
		err = fdt_reg(fdt, node, 1, &cbase, &csize);
	if (err)
		return err;
	/* GICv2 CPU interface is 8 KiB; a size-less reg gets that much. */
	dist = ioremap(dbase, dsize ? dsize : 0x1000);
	cpuif = ioremap(cbase, csize ? csize : 0x2000);
	if (!dist || !cpuif)
		return FDT_ERR_NOTFOUND;
	lines = gic_dist_lines(dist);

	mmio_write32(dist + GICD_CTLR, 0);
	gic_dist_reset_spis(dist, lines);
	mmio_write32(dist + GICD_CTLR, GICD_CTLR_ENABLE);

	snprintk(desc, sizeof(desc),
		 "gicv2 dist 0x%lx, cpu interface 0x%lx, %u lines",
		 (unsigned long)dbase, (unsigned long)cbase, lines);
	irqchip_register(&gicv2_ops);
	ipi_register(&gicv2_ipi);
	return 0;
}

static const char *const gicv2_compat[] = {
	"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic", NULL,
};

DRIVER(gicv2_driver) = {
	.name = "gicv2",
	.cls = DRIVER_IRQCHIP,
	.compatible = gicv2_compat,
	.probe = gicv2_probe,
};
