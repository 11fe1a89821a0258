/* The FDT's description of a CPU (arch/cpu_fdt.h). */
#include "arch/cpu_fdt.h"

#include "kernel/fdt.h"
#include "kernel/string.h"

int cpu_fdt_hwid(const struct fdt *fdt, int node, uint64_t *hwid)
{
	int parent = fdt_parent(fdt, node);
	if (parent < 0)
		return parent;
	uint32_t cells = fdt_address_cells(fdt, parent);
	if (cells != 1 && cells != 2)
		return FDT_ERR_BADVALUE;
	uint32_t len;
	const void *reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return FDT_ERR_NOTFOUND;
	uint64_t id;
	int err = fdt_read_cells(reg, len, 0, cells, &id);
	if (err)
		return err;
	*hwid = id & MPIDR_AFFINITY_MASK;
	return 0;
}

enum cpu_enable_method cpu_fdt_enable_method(const struct fdt *fdt, int node)
{
	const char *m = fdt_getprop_string(fdt, node, "enable-method");
	if (!m)
		return CPU_ENABLE_NONE;
	if (!strcmp(m, "psci"))
		return CPU_ENABLE_PSCI;
	if (!strcmp(m, "spin-table"))
		return CPU_ENABLE_SPIN_TABLE;
	return CPU_ENABLE_UNKNOWN;
}

int cpu_fdt_release_addr(const struct fdt *fdt, int node, uint64_t *addr)
{
	uint32_t len;
	const void *p = fdt_getprop(fdt, node, "cpu-release-addr", &len);
	if (!p)
		return FDT_ERR_NOTFOUND;
	if (len != 8)
		return FDT_ERR_BADVALUE;
	uint64_t a = fdt_be64(p);
	if (!a || (a & 7))
		return FDT_ERR_BADVALUE;
	*addr = a;
	return 0;
}
