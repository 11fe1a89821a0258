/*
 * GICv3 ("arm,gic-v3"): distributor (reg[0]) for SPIs, one redistributor
 * per CPU (reg[1..#redistributor-regions]) for its SGIs and PPIs, and the
 * CPU interface in system registers (ICC_*_EL1). Everything runs in
 * Non-secure Group 1, which is what EL1 can own whether or not the GIC has
 * two security states. SPIs are routed by affinity (GICD_IROUTER); IPIs
 * are SGIs sent with ICC_SGI1R_EL1.
 */
#include "arch/cpu_fdt.h"
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

#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_ENABLE_G1A (1u << 1)
#define GICD_CTLR_ENABLE_G1 (1u << 0)
#define GICD_IGRPMODR 0x0d00

#define GICR_CTLR 0x0000
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_PIDR2 0xffe8
/* Each redistributor: RD_base and SGI_base 64 KiB frames; GICv4 adds
 * VLPI_base and a reserved frame. */
#define GICR_FRAME 0x10000u
#define GICR_SGI_BASE GICR_FRAME

#define ICC_SRE_SRE 1u
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_PMR_ALL 0xff    /* let every priority through */

#define GICR_REGIONS_MAX 8
#define POLL_LIMIT 1000000

static uintptr_t dist;
static unsigned lines;
static struct {
	uint64_t base, size;
} regions[GICR_REGIONS_MAX];
static unsigned nregions;
static uint64_t stride;   /* "redistributor-stride", 0 = from GICR_TYPER */
static char desc[128];

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline void mmio_write64(uintptr_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

static unsigned arch_rev(uintptr_t pidr2)
{
	return (mmio_read32(pidr2) >> 4) & 0xf;
}

static void wait_clear(uintptr_t reg, uint32_t bit, const char *what)
{
	for (int i = 0; mmio_read32(reg) & bit; i++) {
		if (i == POLL_LIMIT) {
			printk("gicv3: timeout waiting for %s\n", what);
			return;
		}
		arch_cpu_relax();
	}
}

/* GICR_TYPER.Affinity_Value is Aff3.Aff2.Aff1.Aff0; MPIDR keeps Aff3 at
 * bits [39:32]. */
static uint32_t typer_affinity(uint64_t hwid)
{
	return (uint32_t)(((hwid >> 8) & 0xff000000u) | (hwid & 0xffffffu));
}

/* The virtual address of hwid's redistributor, or 0. Walks the regions
 * by physical address and maps only the frames it reads (RD_base and
 * SGI_base of each redistributor up to the one wanted): a region is sized
 * for the most CPUs the GIC supports (QEMU: 123 * 128 KiB), and mapping
 * all of it page by page would use up the boot page-table pool. */
static uintptr_t find_redistributor(uint64_t hwid)
{
	uint32_t want = typer_affinity(hwid);
	for (unsigned r = 0; r < nregions; r++) {
		uint64_t pa = regions[r].base;
		uint64_t end = pa + regions[r].size;
		while (pa + 2 * GICR_FRAME <= end) {
			uintptr_t rd = ioremap(pa, 2 * GICR_FRAME);
			if (!rd) {
				printk("gicv3: cannot map redistributor at "
				       "0x%lx\n", (unsigned long)pa);
				return 0;
			}
			unsigned rev = arch_rev(rd + GICR_PIDR2);
			if (rev != 3 && rev != 4)
				break;
			uint64_t typer = mmio_read64(rd + GICR_TYPER);
			if ((uint32_t)(typer >> 32) == want)
				return rd;
			if (typer & GICR_TYPER_LAST)
				break;
			if (stride)
				pa += stride;
			else
				pa += (typer & GICR_TYPER_VLPIS) ? 4 * GICR_FRAME
								 : 2 * GICR_FRAME;
		}
	}
	return 0;
}

static void gicv3_cpu_init(struct cpu *c)
{
	uintptr_t rd = c->irqchip_data[0];
	if (!rd) {
		printk("gicv3: cpu %u has no redistributor\n", c->id);
		return;
	}
	uintptr_t sgi = rd + GICR_SGI_BASE;

	/* Tell the redistributor this CPU is awake, or it will not
	 * forward anything. */
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, "GICR_WAKER");

	/* SGIs and PPIs: all off, Group 1, default priority; lines are
	 * enabled one by one as handlers are requested. */
	mmio_write32(sgi + GICD_ICENABLER, ~0u);
	wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
	mmio_write32(sgi + GICD_ICPENDR, ~0u);
	mmio_write32(sgi + GICD_IGROUPR, ~0u);
	mmio_write32(sgi + GICD_IGRPMODR, 0);
	for (unsigned i = 0; i < GIC_SPI_BASE; i++)
		gic_set_priority(sgi, i);

	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & ICC_SRE_SRE)) {
		printk("gicv3: cpu %u: system register interface disabled "
		       "by a higher EL\n", c->id);
		return;
	}
	write_sysreg(ICC_PMR_EL1, ICC_PMR_ALL);
	write_sysreg(ICC_BPR1_EL1, 0);
	/* EOImode 0: one EOIR write drops priority and deactivates. */
	write_sysreg(ICC_CTLR_EL1, read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();

	gic_write_bit(sgi + GICD_ISENABLER, GIC_IPI_SGI);
}

static void gicv3_handle(void)
{
	for (;;) {
		uint64_t iar = read_sysreg(ICC_IAR1_EL1);
		unsigned id = iar & 0xffffff;
		if (id >= GIC_INTID_SPECIAL && id < 1024)
			return;   /* spurious: nothing (more) pending */
		if (id < GIC_PPI_BASE) {
			/* EOI first: the handler may not return (panic
			 * stop), and any SGI arriving after the EOI is
			 * seen again by this loop. */
			write_sysreg(ICC_EOIR1_EL1, iar);
			isb();
			kernel_ipi_interrupt();
			continue;
		}
		irq_dispatch(id);
		write_sysreg(ICC_EOIR1_EL1, iar);
		isb();
	}
}

static void gicv3_enable(unsigned line, bool percpu)
{
	(void)percpu;   /* SGIs/PPIs are per-CPU by nature, SPIs never */
	struct cpu *c = this_cpu();
	if (line < GIC_SPI_BASE) {
		if (!c->irqchip_data[0])
			return;
		uintptr_t sgi = c->irqchip_data[0] + GICR_SGI_BASE;
		gic_set_priority(sgi, line);
		gic_write_bit(sgi + GICD_ISENABLER, line);
		return;
	}
	if (line >= lines)
		return;
	gic_set_priority(dist, line);
	gic_set_trigger(dist, line);
	/* Route to the CPU that asked; IROUTER takes MPIDR's layout. */
	mmio_write64(dist + GICD_IROUTER + 8 * line,
		     c->hwid & MPIDR_AFFINITY_MASK);
	gic_write_bit(dist + GICD_ISENABLER, line);
}

static const char *gicv3_describe(void)
{
	return desc;
}

static const struct irqchip_ops gicv3_ops = {
	.name = "gicv3",
	.cpu_init = gicv3_cpu_init,
	.handle = gicv3_handle,
	.xlate = gic_xlate,
	.enable = gicv3_enable,
	.describe = gicv3_describe,
};

static void gicv3_ipi_send(struct cpu *target)
{
	uint64_t h = target->hwid;
	uint64_t aff0 = h & 0xff;
	/* ICC_SGI1R_EL1: Aff3 [55:48], RS [47:44] (which 16 Aff0 values
	 * the target list covers), Aff2 [39:32], INTID [27:24], Aff1
	 * [23:16], TargetList [15:0]. */
	uint64_t v = (((h >> 32) & 0xff) << 48) | ((aff0 >> 4) << 44) |
		     (((h >> 16) & 0xff) << 32) |
		     ((uint64_t)GIC_IPI_SGI << 24) | (((h >> 8) & 0xff) << 16) |
		     (1u << (aff0 & 0xf));
	/* The message bits (normal stores) must be visible before the SGI,
	 * which a system register write does not wait for on its own. */
	dsb(sy);
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static const struct ipi_ops gicv3_ipi = {
	.name = "gicv3-sgi",
	.send = gicv3_ipi_send,
	.priority = 10,
};

static void dist_init(void)
{
	mmio_write32(dist + GICD_CTLR, 0);
	wait_clear(dist + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	gic_dist_reset_spis(dist, lines);
	for (unsigned i = GIC_SPI_BASE; i < lines; i += 32) {
		mmio_write32(dist + GICD_IGROUPR + i / 8, ~0u);
		mmio_write32(dist + GICD_IGRPMODR + i / 8, 0);
	}
	wait_clear(dist + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	mmio_write32(dist + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A |
					       GICD_CTLR_ENABLE_G1);
	wait_clear(dist + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

static int gicv3_probe(const struct fdt *fdt, int node)
{
	uint64_t base, size;
	int err = fdt_reg(fdt, node, 0, &base, &size);
	if (err)
		return err;
	uint32_t n = 1;
	if (fdt_getprop(fdt, node, "#redistributor-regions", NULL) &&
	    fdt_getprop_u32(fdt, node, "#redistributor-regions", &n))
		return FDT_ERR_BADVALUE;
	if (n == 0 || n > GICR_REGIONS_MAX)
		return FDT_ERR_BADVALUE;
	for (unsigned i = 0; i < n; i++) {
		err = fdt_reg(fdt, node, 1 + i, &regions[i].base,
			      &regions[i].size);
		if (err)
			return err;
	}
	nregions = n;
	uint32_t len;
	const void *s = fdt_getprop(fdt, node, "redistributor-stride", &len);
	stride = 0;
	if (s && len == 8)
		stride = fdt_be64(s);
	else if (s && len == 4)
		stride = fdt_be32(s);

	dist = ioremap(base, size ? size : 0x10000);
	if (!dist)
		return FDT_ERR_NOTFOUND;
	unsigned rev = arch_rev(dist + GICD_PIDR2);
	if (rev != 3 && rev != 4) {
		printk("gicv3: distributor at 0x%lx reports GIC architecture "
		       "revision %u\n", (unsigned long)base, rev);
		return FDT_ERR_BADVALUE;
	}
	lines = gic_dist_lines(dist);
	dist_init();

	unsigned mapped = 0;
	for (unsigned i = 0; i < cpu_count; i++) {
		cpus[i].irqchip_data[0] = find_redistributor(cpus[i].hwid);
		mapped += cpus[i].irqchip_data[0] != 0;
	}
	snprintk(desc, sizeof(desc),
		 "gicv3 dist 0x%lx, redist 0x%lx (%u region%s, %u/%u cpus), "
		 "%u lines",
		 (unsigned long)base, (unsigned long)regions[0].base, nregions,
		 nregions == 1 ? "" : "s", mapped, cpu_count, lines);
	irqchip_register(&gicv3_ops);
	ipi_register(&gicv3_ipi);
	return 0;
}

static const char *const gicv3_compat[] = { "arm,gic-v3", NULL };

DRIVER(gicv3_driver) = {
	.name = "gicv3",
	.cls = DRIVER_IRQCHIP,
	.compatible = gicv3_compat,
	.probe = gicv3_probe,
};
