/* ARM PrimeCell PL011 UART (console). Polled; the boot loader set it up. */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/vm.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define FR_RXFE (1u << 4)   /* receive FIFO empty */
#define FR_TXFF (1u << 5)   /* transmit FIFO full */

static uintptr_t pl011_base;

static void pl011_putc(void *priv, char c)
{
	uintptr_t base = *(uintptr_t *)priv;
	while (mmio_read32(base + PL011_FR) & FR_TXFF)
		arch_cpu_relax();
	mmio_write32(base + PL011_DR, (uint8_t)c);
}

static int pl011_getc(void *priv)
{
	uintptr_t base = *(uintptr_t *)priv;
	if (mmio_read32(base + PL011_FR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(base + PL011_DR) & 0xff);
}

static const struct console_ops pl011_ops = {
	.putc = pl011_putc,
	.getc = pl011_getc,
};

static int pl011_probe(const struct fdt *fdt, int node)
{
	uint64_t base, size;
	int err = fdt_reg(fdt, node, 0, &base, &size);
	if (err)
		return err;
	pl011_base = ioremap(base, size ? size : 4096);
	if (!pl011_base)
		return FDT_ERR_NOTFOUND;
	console_register(&pl011_ops, &pl011_base);
	return 0;
}

static const char *const pl011_compat[] = { "arm,pl011", NULL };

DRIVER(pl011_driver) = {
	.name = "pl011",
	.cls = DRIVER_CONSOLE,
	.compatible = pl011_compat,
	.probe = pl011_probe,
};
