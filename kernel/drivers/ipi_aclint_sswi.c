/*
 * RISC-V ACLINT supervisor software interrupt device (SSWI). Where the FDT
 * has one, an IPI is a single MMIO store instead of an SBI call (a trap to
 * M-mode). Register i (4 bytes at base + 4*i) raises SSIP on the hart named
 * by entry i of "interrupts-extended" (ACLINT specification); the receiver
 * clears SSIP itself, as for an SBI IPI.
 */
#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/vm.h"
#include "kernel/ipi.h"

/* cpu-intc cause code of the supervisor software interrupt (fixed by the
 * privileged spec): the entries of interrupts-extended that name it. */
#define CPU_INTC_S_SOFT 1

static uintptr_t sswi_base;
static uint32_t sswi_index[CPU_MAX];   /* register index per logical cpu */
static bool sswi_has[CPU_MAX];

static void sswi_send(struct cpu *target)
{
	mmio_write32(sswi_base + 4u * sswi_index[target->id], 1);
}

static const struct ipi_ops sswi_ops = {
	.name = "aclint-sswi",
	.send = sswi_send,
	.priority = 10,
};

static int sswi_probe(const struct fdt *fdt, int node)
{
	uint64_t base, size;
	int err = fdt_reg(fdt, node, 0, &base, &size);
	if (err)
		return err;
	uint32_t len;
	const uint8_t *ie = fdt_getprop(fdt, node, "interrupts-extended",
					&len);
	if (!ie || len % 8)
		return FDT_ERR_BADVALUE;
	unsigned found = 0;
	for (uint32_t i = 0; i < len / 8; i++) {
		if (fdt_be32(ie + i * 8 + 4) != CPU_INTC_S_SOFT ||
		    (uint64_t)i * 4 + 4 > size)
			continue;
		int intc = fdt_node_by_phandle(fdt, fdt_be32(ie + i * 8));
		int cpu_node = intc >= 0 ? fdt_parent(fdt, intc) : -1;
		for (unsigned c = 0; c < cpu_count; c++) {
			if (cpus[c].fdt_node == cpu_node) {
				sswi_index[c] = i;
				sswi_has[c] = true;
				found++;
			}
		}
	}
	/* Use it only if it reaches every CPU; otherwise keep SBI. */
	if (found != cpu_count)
		return FDT_ERR_NOTFOUND;
	sswi_base = ioremap(base, size);
	if (!sswi_base)
		return FDT_ERR_NOTFOUND;
	ipi_register(&sswi_ops);
	return 0;
}

static const char *const sswi_compat[] = { "riscv,aclint-sswi", NULL };

DRIVER(aclint_sswi_driver) = {
	.name = "aclint-sswi",
	.cls = DRIVER_IPI,
	.compatible = sswi_compat,
	.probe = sswi_probe,
};
