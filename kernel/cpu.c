/* The CPU table, filled from /cpus. */
#include "kernel/cpu.h"

#include "kernel/fdt.h"
#include "kernel/string.h"

struct cpu cpus[CPU_MAX];
unsigned cpu_count;

struct cpu *cpu_by_hwid(uint64_t hwid)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (cpus[i].hwid == hwid)
			return &cpus[i];
	return NULL;
}

unsigned cpus_online(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < cpu_count; i++)
		n += atomic_load(&cpus[i].online);
	return n;
}

static bool is_cpu_node(const struct fdt *fdt, int node)
{
	const char *type = fdt_getprop_string(fdt, node, "device_type");
	return type && !strcmp(type, "cpu");
}

int cpus_discover(const struct fdt *fdt, uint64_t boot_hwid)
{
	int parent = fdt_path_offset(fdt, "/cpus");
	if (parent < 0)
		return parent;
	bool have_boot = false;
	/* Slot 0 is kept for the boot CPU; the rest follow in FDT order. */
	cpu_count = 1;
	for (int n = fdt_first_child(fdt, parent); n >= 0;
	     n = fdt_next_sibling(fdt, n)) {
		uint64_t hwid;
		if (!is_cpu_node(fdt, n) || !fdt_node_enabled(fdt, n) ||
		    !arch_cpu_probe(fdt, n, &hwid))
			continue;
		struct cpu *c;
		if (hwid == boot_hwid && !have_boot) {
			c = &cpus[0];
			have_boot = true;
		} else if (cpu_count < CPU_MAX) {
			c = &cpus[cpu_count++];
		} else {
			continue;
		}
		c->hwid = hwid;
		c->fdt_node = n;
	}
	if (!have_boot) {
		/* The boot CPU must be described; without it nothing
		 * about the others can be trusted either. */
		cpu_count = 0;
		return FDT_ERR_NOTFOUND;
	}
	for (unsigned i = 0; i < cpu_count; i++)
		cpus[i].id = i;
	return 0;
}
