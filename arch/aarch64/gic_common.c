/*
 * What GICv2 and GICv3 distributors have in common: the register layout
 * below 0x1000, and the FDT interrupt specifier both bindings use.
 */
#include "arch/gic.h"

#include "kernel/arch.h"
#include "kernel/irq.h"

/* FDT trigger flags of each line xlate has seen (binding: 1 = rising
 * edge, 4 = high level; 0 = not seen, leave the reset configuration). */
static uint8_t line_trigger[IRQ_LINES_MAX];

#define FDT_IRQ_TYPE_SPI 0
#define FDT_IRQ_TYPE_PPI 1
#define FDT_IRQ_EDGE_MASK 0x3
#define FDT_IRQ_LEVEL_MASK 0xc

unsigned gic_dist_lines(uintptr_t dist)
{
	unsigned lines = 32 * ((mmio_read32(dist + GICD_TYPER) & 0x1f) + 1);
	return lines > GIC_INTID_SPECIAL ? GIC_INTID_SPECIAL : lines;
}

void gic_dist_reset_spis(uintptr_t dist, unsigned lines)
{
	for (unsigned i = GIC_SPI_BASE; i < lines; i += 32) {
		mmio_write32(dist + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(dist + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(dist + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (unsigned i = GIC_SPI_BASE; i < lines; i++)
		gic_set_priority(dist, i);
}

void gic_set_priority(uintptr_t base, unsigned line)
{
	/* IPRIORITYR is byte-accessible in both architecture versions. */
	mmio_write8(base + GICD_IPRIORITYR + line, GIC_DEFAULT_PRIORITY);
}

void gic_set_trigger(uintptr_t dist, unsigned line)
{
	if (line < GIC_SPI_BASE || line >= IRQ_LINES_MAX)
		return;   /* SGIs are edge; PPI config is implementation-defined */
	uint8_t t = line_trigger[line];
	if (!t)
		return;
	uintptr_t reg = dist + GICD_ICFGR + 4 * (line / 16);
	uint32_t bit = 2u << (2 * (line % 16));   /* 1 = edge, 0 = level */
	uint32_t v = mmio_read32(reg);
	v = (t & FDT_IRQ_EDGE_MASK) ? v | bit : v & ~bit;
	mmio_write32(reg, v);
}

void gic_write_bit(uintptr_t reg_array, unsigned line)
{
	mmio_write32(reg_array + 4 * (line / 32), 1u << (line % 32));
}

int gic_xlate(const uint32_t *cells, unsigned ncells)
{
	if (ncells < 3)
		return -1;
	unsigned line;
	/* SPI n is INTID 32 + n (up to 1019), PPI n is INTID 16 + n. */
	if (cells[0] == FDT_IRQ_TYPE_SPI &&
	    cells[1] < GIC_INTID_SPECIAL - GIC_SPI_BASE)
		line = cells[1] + GIC_SPI_BASE;
	else if (cells[0] == FDT_IRQ_TYPE_PPI && cells[1] < 16)
		line = cells[1] + GIC_PPI_BASE;
	else
		return -1;   /* extended SPI/PPI ranges are not supported */
	if (line >= IRQ_LINES_MAX)
		return -1;
	uint8_t t = cells[2] & (FDT_IRQ_EDGE_MASK | FDT_IRQ_LEVEL_MASK);
	if (t)
		line_trigger[line] = t;
	return (int)line;
}
