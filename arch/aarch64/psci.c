/*
 * PSCI (Arm DEN 0022): the firmware interface that powers CPUs on. The
 * conduit (HVC to a hypervisor or SMC to the secure monitor) comes from the
 * firmware node's "method"; function ids are fixed by the spec from v0.2
 * on, and only PSCI v0.1 firmware names them in the node.
 */
#include "arch/cpu_start.h"
#include "kernel/fdt.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define PSCI_0_2_FN_VERSION 0x84000000u   /* fixed by the PSCI spec */
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u  /* fixed by the PSCI spec */
#define PSCI_RET_NOT_SUPPORTED (-1)

static enum { CONDUIT_NONE, CONDUIT_HVC, CONDUIT_SMC } conduit;
static uint32_t fn_cpu_on;

static uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	/* SMCCC v1.0 lets the callee clobber x4-x17. */
	if (conduit == CONDUIT_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	return x0;
}

static int find_psci_node(const struct fdt *fdt)
{
	static const char *const compat[] = {
		"arm,psci-1.0", "arm,psci-0.2", "arm,psci",
	};
	for (unsigned i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
		int n = fdt_find_compatible(fdt, -1, compat[i]);
		if (n >= 0 && fdt_node_enabled(fdt, n))
			return n;
	}
	return fdt_path_offset(fdt, "/psci");
}

int psci_init(const struct fdt *fdt)
{
	int node = find_psci_node(fdt);
	if (node < 0) {
		printk("psci: none in the FDT\n");
		return 0;
	}
	const char *method = fdt_getprop_string(fdt, node, "method");
	if (method && !strcmp(method, "hvc"))
		conduit = CONDUIT_HVC;
	else if (method && !strcmp(method, "smc"))
		conduit = CONDUIT_SMC;
	else {
		printk("psci: unknown method \"%s\", not used\n",
		       method ? method : "");
		return 0;
	}
	bool v0_2 = fdt_node_is_compatible(fdt, node, "arm,psci-0.2") ||
		    fdt_node_is_compatible(fdt, node, "arm,psci-1.0");
	if (v0_2) {
		fn_cpu_on = PSCI_0_2_FN64_CPU_ON;
		uint32_t v = (uint32_t)psci_call(PSCI_0_2_FN_VERSION, 0, 0, 0);
		printk("psci: method %s, version %u.%u\n", method, v >> 16,
		       v & 0xffff);
	} else if (fdt_getprop_u32(fdt, node, "cpu_on", &fn_cpu_on) == 0) {
		printk("psci: method %s, version 0.1 (cpu_on 0x%x)\n", method,
		       fn_cpu_on);
	} else {
		printk("psci: v0.1 node without cpu_on, not used\n");
		conduit = CONDUIT_NONE;
	}
	return 0;
}

int psci_cpu_on(uint64_t hwid, uintptr_t entry, uintptr_t ctx)
{
	if (conduit == CONDUIT_NONE)
		return PSCI_RET_NOT_SUPPORTED;
	return (int32_t)psci_call(fn_cpu_on, hwid, entry, ctx);
}
