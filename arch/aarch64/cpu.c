/* aarch64 CPU-level pieces of the arch interface. */
#include "arch/boot.h"
#include "arch/cpu_fdt.h"
#include "arch/cpu_start.h"
#include "arch/mmu.h"
#include "arch/sysreg.h"
#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/fdt.h"
#include "kernel/printk.h"
#include "kernel/vm.h"

uint64_t arm64_boot_el;

unsigned long arch_irq_save(void)
{
	unsigned long daif;
	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2"
			 : "=r"(daif)
			 :
			 : "memory");
	return daif;
}

void arch_irq_restore(unsigned long state)
{
	__asm__ volatile("msr daif, %0" ::"r"(state) : "memory");
}

/* IRQs, and FIQs and SErrors too: those are fatal, and a fatal event
 * that stays masked would go unreported. */
void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #7" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

_Noreturn void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

struct cpu *arch_this_cpu(void)
{
	return (struct cpu *)read_sysreg("tpidr_el1");
}

void arch_set_this_cpu(struct cpu *c)
{
	write_sysreg("tpidr_el1", (uintptr_t)c);
}

/* A CPU node's "reg" is its MPIDR affinity (cpu_fdt.c). */
bool arch_cpu_probe(const struct fdt *fdt, int node, uint64_t *hwid)
{
	return cpu_fdt_hwid(fdt, node, hwid) == 0;
}

uint64_t arch_cpu_hwid(void)
{
	return read_sysreg("mpidr_el1") & MPIDR_AFFINITY_MASK;
}

int arch_cpu_start(const struct fdt *fdt, int cpu_node, struct cpu *c)
{
	switch (cpu_fdt_enable_method(fdt, cpu_node)) {
	case CPU_ENABLE_PSCI:
		/* The CPU starts with the MMU off, so it needs the physical
		 * address of the entry; c itself is used only once its MMU
		 * is on. */
		return psci_cpu_on(c->hwid,
				   virt_to_phys(kernel_secondary_entry),
				   (uintptr_t)c);
	case CPU_ENABLE_SPIN_TABLE:
		return spin_table_cpu_start(fdt, cpu_node, c);
	case CPU_ENABLE_NONE:
		printk("arch: cpu hwid 0x%lx has no enable-method\n",
		       (unsigned long)c->hwid);
		return FDT_ERR_NOTFOUND;
	default:
		printk("arch: cpu hwid 0x%lx: unsupported enable-method "
		       "\"%s\"\n", (unsigned long)c->hwid,
		       fdt_getprop_string(fdt, cpu_node, "enable-method"));
		return FDT_ERR_BADVALUE;
	}
}

void arch_cpu_init(struct cpu *c)
{
	(void)c;
	/* mmu_switch.S set it already (to the upper-half alias, as this
	 * address is); setting it again keeps this the one place that says
	 * where the vectors are. */
	write_sysreg("vbar_el1", (uintptr_t)exception_vectors);
	/* What EL0 may touch. FP/SIMD traps (CPACR_EL1.FPEN = 0) at EL0 and
	 * EL1: the kernel is built without it and does not switch its
	 * registers, so a user FP instruction ends the thread rather than
	 * see another process's values. The virtual counter is readable,
	 * for timestamps; the rest of the timer is not. TPIDRRO_EL0 carries
	 * nothing yet: clear whatever firmware left. */
	write_sysreg("cpacr_el1", 0);
	write_sysreg("cntkctl_el1", CNTKCTL_EL1_EL0VCTEN);
	write_sysreg("tpidrro_el0", 0);
	write_sysreg("sctlr_el1", read_sysreg("sctlr_el1") | SCTLR_EL1_NTWE);
	isb();
	arm64_drop_identity_map();
}

int arch_platform_init(const struct fdt *fdt)
{
	printk("arch: entered at EL%lu, running at EL%lu\n",
	       (unsigned long)arm64_boot_el,
	       (unsigned long)(read_sysreg("CurrentEL") >> 2) & 3);
	return psci_init(fdt);
}

/* The caller's frame record: this function's own is gone once it
 * returns, and the caller's next call would overwrite it. */
__attribute__((noinline)) uintptr_t arch_frame_pointer(void)
{
	return ((uintptr_t *)__builtin_frame_address(0))[0];
}

/* AAPCS64 frame records: x29 points at {previous x29, x30}. The outermost
 * record (entry.S) has a zero fp and lr. */
bool arch_backtrace_next(uintptr_t *fp, uintptr_t *ra, uintptr_t lo,
			 uintptr_t hi)
{
	uintptr_t f = *fp;
	if (f < lo || f >= hi - 16 || (f & 7))
		return false;
	uintptr_t prev = ((uintptr_t *)f)[0];
	*ra = ((uintptr_t *)f)[1];
	if (!*ra)
		return false;
	/* Stacks grow down: an older frame is higher, anything else ends
	 * the walk (after reporting this one). */
	*fp = prev > f ? prev : 0;
	return true;
}

void arch_trigger_illegal_instruction(void)
{
	__asm__ volatile("udf #0" ::: "memory");   /* permanently undefined */
}

void arch_mmio_barrier(void)
{
	dsb(sy);
}

extern char arm64_thread_trampoline[];

uintptr_t arch_thread_stack_init(uintptr_t stack_top)
{
	/* A context frame (see context.S) whose x30 is the trampoline. */
	uintptr_t *frame = (uintptr_t *)(stack_top - 96);
	for (int i = 0; i < 12; i++)
		frame[i] = 0;
	frame[11] = (uintptr_t)arm64_thread_trampoline;
	return (uintptr_t)frame;
}
