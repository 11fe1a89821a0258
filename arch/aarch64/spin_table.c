/*
 * Spin-table CPU start (Linux Documentation/arch/arm64/booting.rst): the
 * firmware parks each secondary in a loop that polls its node's
 * "cpu-release-addr" and jumps to whatever non-zero address appears there.
 * No argument travels with the jump, so the CPU is released into the
 * kernel's holding pen (entry.S, spin_table_entry), and this boot CPU
 * starts CPUs one at a time: name one in the pen, wait until it has taken
 * its struct cpu, go on.
 */
#include <stddef.h>

#include "arch/boot.h"
#include "arch/cpu_fdt.h"
#include "arch/cpu_start.h"
#include "arch/sysreg.h"
#include "kernel/cpu.h"
#include "kernel/fdt.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "kernel/vm.h"

/* In .data, not .bss: the pen must read "nobody" before anyone writes. */
volatile uint64_t spin_pen_hwid = SPIN_PEN_NONE;
volatile uint64_t spin_pen_cpu;

_Static_assert(offsetof(struct cpu, hwid) == SPIN_PEN_CPU_HWID,
	       "entry.S reads cpu->hwid at this offset");

#define SPIN_TABLE_TIMEOUT_NS 1000000000ull

/* Push a word out to memory (the point of coherency) for a CPU whose
 * caches are still off: the parked CPU reads its release word that way. */
static void clean_to_poc(volatile void *p)
{
	__asm__ volatile("dc civac, %0" ::"r"(p) : "memory");
}

int spin_table_cpu_start(const struct fdt *fdt, int node, struct cpu *c)
{
	uint64_t release;
	int err = cpu_fdt_release_addr(fdt, node, &release);
	if (err) {
		printk("spin-table: cpu hwid 0x%lx: no usable cpu-release-addr "
		       "(%s)\n", (unsigned long)c->hwid, fdt_strerror(err));
		return err;
	}

	/* The release word is physical memory, normally RAM in the direct
	 * map; ioremap returns that alias, or maps the page if firmware
	 * keeps the word elsewhere. */
	volatile uint64_t *word = (volatile uint64_t *)ioremap(release, 8);
	if (!word) {
		printk("spin-table: cpu hwid 0x%lx: cannot map release address "
		       "0x%lx\n", (unsigned long)c->hwid,
		       (unsigned long)release);
		return FDT_ERR_NOTFOUND;
	}

	/* The pen runs with the MMU on (entry.S): plain coherent stores,
	 * ordered so a CPU that sees its hwid sees its struct cpu. */
	spin_pen_cpu = (uintptr_t)c;
	dsb(ish);
	spin_pen_hwid = c->hwid;
	/* The CPU starts with the MMU off: it needs the physical entry. The
	 * kernel runs little-endian, so a plain store is the 64-bit
	 * little-endian value the protocol asks for. */
	*word = virt_to_phys(spin_table_entry);
	clean_to_poc(word);
	dsb(sy);
	__asm__ volatile("sev" ::: "memory");

	uint64_t deadline = timer_now() + timer_ns_to_ticks(SPIN_TABLE_TIMEOUT_NS);
	while (spin_pen_hwid == c->hwid) {
		if (timer_now() > deadline) {
			/* Close the pen: a late CPU then waits there
			 * harmlessly instead of taking someone else's cpu. */
			spin_pen_hwid = SPIN_PEN_NONE;
			dsb(sy);
			printk("spin-table: cpu hwid 0x%lx did not reach the "
			       "pen\n", (unsigned long)c->hwid);
			return -1;
		}
		arch_cpu_relax();
	}
	return 0;
}
