/* riscv64 CPU-level pieces of the arch interface. */
#include "arch/csr.h"
#include "arch/sbi.h"
#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/fdt.h"
#include "kernel/ipi.h"
#include "kernel/string.h"
#include "kernel/vm.h"

extern char trap_vector[];

unsigned long arch_irq_save(void)
{
	unsigned long s;
	__asm__ volatile("csrrc %0, sstatus, %1"
			 : "=r"(s)
			 : "rK"(SSTATUS_SIE)
			 : "memory");
	return s & SSTATUS_SIE;
}

void arch_irq_restore(unsigned long state)
{
	if (state)
		csr_set(sstatus, SSTATUS_SIE);
}

void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void arch_cpu_relax(void)
{
	/* Zihintpause "pause" is a hint; it decodes as a fence on CPUs
	 * without it, so it is always safe. */
	__asm__ volatile(".word 0x0100000f" ::: "memory");
}

_Noreturn void arch_halt(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	csr_write(sie, 0);
	for (;;)
		__asm__ volatile("wfi");
}

struct cpu *arch_this_cpu(void)
{
	struct cpu *c;
	__asm__("mv %0, tp" : "=r"(c));
	return c;
}

void arch_set_this_cpu(struct cpu *c)
{
	__asm__ volatile("mv tp, %0" ::"r"(c));
}

/* A hart is usable if it is rv64 with an S-mode MMU: a monitor core such
 * as the SiFive E51 has neither "mmu-type" nor paging and is skipped. */
bool arch_cpu_probe(const struct fdt *fdt, int node, uint64_t *hwid)
{
	const char *isa = fdt_getprop_string(fdt, node, "riscv,isa");
	if (!isa || strncmp(isa, "rv64", 4))
		return false;
	const char *mmu = fdt_getprop_string(fdt, node, "mmu-type");
	if (!mmu || !strcmp(mmu, "riscv,none"))
		return false;
	uint64_t id, unused;
	(void)unused;
	uint32_t len;
	const void *reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || fdt_read_cells(reg, len, 0, len >= 8 ? 2 : 1, &id))
		return false;
	*hwid = id;
	return true;
}

uint64_t arch_cpu_hwid(void)
{
	struct cpu *c = arch_this_cpu();
	return c ? c->hwid : 0;
}

int arch_cpu_start(const struct fdt *fdt, int cpu_node, struct cpu *c)
{
	(void)fdt;
	(void)cpu_node;
	/* The hart starts with the MMU off, so it needs the physical address
	 * of the entry; c itself is used only once its MMU is on. */
	long err = sbi_hart_start(c->hwid, virt_to_phys(kernel_secondary_entry),
				  (uintptr_t)c);
	return err ? (int)err : 0;
}

void arch_cpu_init(struct cpu *c)
{
	(void)c;
	csr_write(stvec, (uintptr_t)trap_vector);
	csr_write(sscratch, 0);   /* "in the kernel" for trap_vector */
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

static void sbi_ipi_send(struct cpu *target)
{
	sbi_send_ipi(1, target->hwid);
}

static const struct ipi_ops sbi_ipi = {
	.name = "sbi",
	.send = sbi_ipi_send,
	.priority = 0,   /* an ACLINT SSWI in the FDT wins over the ecall */
};

int arch_platform_init(const struct fdt *fdt)
{
	(void)fdt;
	int err = sbi_init();
	if (err)
		return err;
	ipi_register(&sbi_ipi);
	return 0;
}

/* The caller's frame, not ours: ours is gone once we return. */
__attribute__((noinline)) uintptr_t arch_frame_pointer(void)
{
	uintptr_t fp;
	__asm__ volatile("mv %0, s0" : "=r"(fp));
	/* A leaf saves only the caller's fp, at fp-8. */
	return ((uintptr_t *)fp)[-1];
}

extern char __text_start[], __text_end[];

static bool is_text(uintptr_t a)
{
	return a >= (uintptr_t)__text_start && a < (uintptr_t)__text_end;
}

/* With -fno-omit-frame-pointer, fp is the caller's sp at entry; a function
 * that calls others saves ra at fp-8 and the previous fp at fp-16. A leaf
 * saves only the previous fp, at fp-8: recognised by fp-8 not holding a
 * text address, and stepped over. */
bool arch_backtrace_next(uintptr_t *fp, uintptr_t *ra, uintptr_t lo,
			 uintptr_t hi)
{
	for (int tries = 0; tries < 2; tries++) {
		uintptr_t f = *fp;
		if (f < lo || f >= hi || (f & 7) || f < 16)
			return false;
		uintptr_t slot1 = ((uintptr_t *)f)[-1];
		if (is_text(slot1)) {
			uintptr_t prev = ((uintptr_t *)f)[-2];
			*ra = slot1;
			*fp = prev;
			return prev > f || prev == 0 ? true : false;
		}
		if (slot1 <= f)
			return false;
		*fp = slot1;   /* leaf frame: only the previous fp was saved */
	}
	return false;
}

void arch_trigger_illegal_instruction(void)
{
	__asm__ volatile(".word 0" ::: "memory");  /* defined illegal */
}

void arch_mmio_barrier(void)
{
	__asm__ volatile("fence iorw, iorw" ::: "memory");
}

extern char riscv_thread_trampoline[];

uintptr_t arch_thread_stack_init(uintptr_t stack_top)
{
	/* A context frame (see context.S) whose ra is the trampoline. */
	uintptr_t *frame = (uintptr_t *)(stack_top - 112);
	for (int i = 0; i < 14; i++)
		frame[i] = 0;
	frame[0] = (uintptr_t)riscv_thread_trampoline;
	return (uintptr_t)frame;
}
