/*
 * 16550-compatible UART (console). Polled; the boot loader already set the
 * line rate. Register spacing and access width come from the node
 * ("reg-shift", "reg-io-width"), as the binding defines.
 */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/vm.h"

#define UART_RBR 0   /* receive buffer (read) */
#define UART_THR 0   /* transmit holding (write) */
#define UART_LSR 5   /* line status */
#define LSR_DR 0x01  /* data ready */
#define LSR_THRE 0x20

struct ns16550 {
	uintptr_t base;
	uint32_t shift, width;
};

static struct ns16550 uart;

static uint32_t rd(const struct ns16550 *u, unsigned reg)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->shift);
	return u->width == 4 ? mmio_read32(a) : mmio_read8(a);
}

static void wr(const struct ns16550 *u, unsigned reg, uint32_t v)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->shift);
	if (u->width == 4)
		mmio_write32(a, v);
	else
		mmio_write8(a, (uint8_t)v);
}

static void ns16550_putc(void *priv, char c)
{
	struct ns16550 *u = priv;
	while (!(rd(u, UART_LSR) & LSR_THRE))
		arch_cpu_relax();
	wr(u, UART_THR, (uint8_t)c);
}

static int ns16550_getc(void *priv)
{
	struct ns16550 *u = priv;
	return (rd(u, UART_LSR) & LSR_DR) ? (int)(rd(u, UART_RBR) & 0xff) : -1;
}

static const struct console_ops ns16550_ops = {
	.putc = ns16550_putc,
	.getc = ns16550_getc,
};

static int ns16550_probe(const struct fdt *fdt, int node)
{
	uint64_t base, size;
	int err = fdt_reg(fdt, node, 0, &base, &size);
	if (err)
		return err;
	uart.base = ioremap(base, size ? size : 4096);
	if (!uart.base)
		return FDT_ERR_NOTFOUND;
	if (fdt_getprop_u32(fdt, node, "reg-shift", &uart.shift))
		uart.shift = 0;
	if (fdt_getprop_u32(fdt, node, "reg-io-width", &uart.width))
		uart.width = 1;
	if (uart.shift > 3 || (uart.width != 1 && uart.width != 4))
		return FDT_ERR_BADVALUE;
	console_register(&ns16550_ops, &uart);
	return 0;
}

static const char *const ns16550_compat[] = {
	"ns16550a", "ns16550", "ns16450", "snps,dw-apb-uart", NULL,
};

DRIVER(ns16550_driver) = {
	.name = "ns16550",
	.cls = DRIVER_CONSOLE,
	.compatible = ns16550_compat,
	.probe = ns16550_probe,
};
