/*
 * riscv64 timer: the time CSR counts at /cpus timebase-frequency. The
 * deadline goes to stimecmp directly when the FDT's ISA string offers Sstc,
 * otherwise through the SBI TIME extension.
 */
#include "arch/csr.h"
#include "arch/sbi.h"
#include "kernel/arch.h"
#include "kernel/bootargs.h"
#include "kernel/cpu.h"
#include "kernel/fdt.h"
#include "kernel/string.h"

static bool use_sstc;

/* True if the ISA string's multi-letter extension list names ext. */
static bool isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
		if (!strncmp(p + 1, ext, n) && (p[1 + n] == '_' || !p[1 + n]))
			return true;
	return false;
}

int arch_timer_init(const struct fdt *fdt, uint64_t *hz)
{
	int cpus_node = fdt_path_offset(fdt, "/cpus");
	uint32_t f;
	/* The property may sit on /cpus or on each cpu node. */
	if (cpus_node < 0 ||
	    (fdt_getprop_u32(fdt, cpus_node, "timebase-frequency", &f) &&
	     fdt_getprop_u32(fdt, cpus[0].fdt_node, "timebase-frequency", &f)))
		return -1;
	if (!f)
		return -1;
	*hz = f;
	const char *isa = fdt_getprop_string(fdt, cpus[0].fdt_node,
					     "riscv,isa");
	char choice[8];
	bool forced_sbi = bootarg_get("timer", choice, sizeof(choice)) &&
			  !strcmp(choice, "sbi");
	use_sstc = isa && isa_has(isa, "sstc") && !forced_sbi;
	return 0;
}

const char *arch_timer_method(void)
{
	return use_sstc ? "sstc" : "sbi";
}

void arch_timer_cpu_init(void)
{
}

uint64_t arch_timer_now(void)
{
	return csr_read(time);
}

void arch_timer_set_deadline(uint64_t when)
{
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" ::"r"(when));
	else
		sbi_set_timer(when);
}
