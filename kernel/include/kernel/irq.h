/*
 * Interrupt routing. The interrupt controller driver (the one probed from
 * the FDT) owns ack/EOI and translates an FDT interrupt specifier into its
 * own line number; generic code keeps a table of handlers by line.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct fdt;

#define IRQ_LINES_MAX 1024  /* software table size; larger lines refused */

typedef void (*irq_handler_t)(unsigned line);

struct irqchip_ops {
	const char *name;
	void (*cpu_init)(struct cpu *c);     /* on each CPU as it comes up */
	void (*handle)(void);                /* external interrupt entry */
	/* FDT specifier (cells) -> line; negative if malformed. */
	int (*xlate)(const uint32_t *cells, unsigned ncells);
	void (*enable)(unsigned line, bool percpu);
	const char *(*describe)(void);       /* one line for the boot log */
};

void irqchip_register(const struct irqchip_ops *ops);
const struct irqchip_ops *irqchip(void);
/* Register a handler and unmask the line (percpu: on the calling CPU). */
int irq_request(unsigned line, irq_handler_t fn, bool percpu);
/* Called by the irqchip driver for a line it acknowledged. */
void irq_dispatch(unsigned line);
/* Line of interrupt `idx` of node (its "interrupts" property, parsed with
 * the cell count of the controller), or negative. */
int irq_of_node(const struct fdt *fdt, int node, unsigned idx);

#endif
