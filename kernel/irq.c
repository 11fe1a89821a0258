/* Interrupt handler table and FDT interrupt specifier parsing. */
#include "kernel/irq.h"

#include <stdatomic.h>

#include "kernel/arch.h"
#include "kernel/fdt.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static const struct irqchip_ops *chip;
/* Written at boot before the line is unmasked; read in interrupt context. */
static irq_handler_t handlers[IRQ_LINES_MAX];
static _Atomic uint64_t spurious;

void irqchip_register(const struct irqchip_ops *ops)
{
	chip = ops;
}

const struct irqchip_ops *irqchip(void)
{
	return chip;
}

int irq_request(unsigned line, irq_handler_t fn, bool percpu)
{
	if (line >= IRQ_LINES_MAX || !chip)
		return -1;
	handlers[line] = fn;
	chip->enable(line, percpu);
	return 0;
}

void irq_dispatch(unsigned line)
{
	if (line < IRQ_LINES_MAX && handlers[line])
		handlers[line](line);
	else
		atomic_fetch_add(&spurious, 1);
}

void kernel_external_interrupt(void)
{
	if (chip)
		chip->handle();
}

/* The controller that serves node's interrupts: the nearest
 * "interrupt-parent" on the node or an ancestor. */
static int interrupt_parent(const struct fdt *fdt, int node)
{
	for (int n = node; n >= 0; n = fdt_parent(fdt, n)) {
		uint32_t ph;
		if (fdt_getprop_u32(fdt, n, "interrupt-parent", &ph) == 0)
			return fdt_node_by_phandle(fdt, ph);
	}
	return FDT_ERR_NOTFOUND;
}

int irq_of_node(const struct fdt *fdt, int node, unsigned idx)
{
	if (!chip || !chip->xlate)
		return -1;
	int parent = interrupt_parent(fdt, node);
	if (parent < 0)
		return parent;
	uint32_t ncells;
	if (fdt_getprop_u32(fdt, parent, "#interrupt-cells", &ncells) ||
	    ncells == 0 || ncells > 4)
		return FDT_ERR_BADVALUE;
	uint32_t len;
	const uint8_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return FDT_ERR_NOTFOUND;
	if ((uint64_t)(idx + 1) * ncells * 4 > len)
		return FDT_ERR_NOTFOUND;
	uint32_t cells[4];
	for (uint32_t i = 0; i < ncells; i++)
		cells[i] = fdt_be32(p + (idx * ncells + i) * 4);
	return chip->xlate(cells, ncells);
}
