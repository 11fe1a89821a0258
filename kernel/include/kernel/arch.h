/*
 * The arch interface: everything generic code needs from a CPU architecture.
 *
 * Generic code (kernel/) includes only this header; each arch implements it
 * in arch/<arch>/. An arch holds what its ISA fixes (trap entry, how a CPU is
 * started, how its timer is programmed, its register layout) and nothing a
 * board decides: addresses, IRQ numbers, CPU counts and frequencies come from
 * the FDT, handed over through these calls.
 *
 * A porter to a new architecture implements this file and nothing else in
 * generic code; a porter to a new board implements none of it.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdt;
struct cpu;

/* ---- Interrupt masking on the current CPU ---- */
unsigned long arch_irq_save(void);          /* disable, return old state */
void arch_irq_restore(unsigned long state);
void arch_irq_enable(void);
void arch_wait_for_interrupt(void);         /* sleep until an interrupt */
void arch_cpu_relax(void);                  /* spin-wait hint */
_Noreturn void arch_halt(void);             /* interrupts off, stop forever */

/* ---- Per-CPU pointer (a register reserved for it: tp / TPIDR_EL1) ---- */
struct cpu *arch_this_cpu(void);
void arch_set_this_cpu(struct cpu *c);

/* ---- CPUs described in /cpus ----
 * arch_cpu_probe: is this /cpus child a CPU the kernel can run on, and what
 * is its hardware id (hart id / MPIDR affinity)? Returns false for CPUs the
 * ISA cannot use (e.g. a RISC-V hart without S-mode paging). */
bool arch_cpu_probe(const struct fdt *fdt, int node, uint64_t *hwid);
/* The hardware id of the CPU executing this call. */
uint64_t arch_cpu_hwid(void);
/* Start a secondary CPU at the generic entry (kernel_secondary_entry) with
 * c as its argument, by the method its FDT node names (SBI HSM, PSCI,
 * spin-table). 0, or a negative error if the firmware refused. */
int arch_cpu_start(const struct fdt *fdt, int cpu_node, struct cpu *c);
/* Per-CPU arch set-up on the CPU itself (trap vector, interrupt enables). */
void arch_cpu_init(struct cpu *c);
/* One-time arch set-up on the boot CPU once the FDT is readable: firmware
 * interfaces (SBI extensions, PSCI conduit), ISA extensions. */
int arch_platform_init(const struct fdt *fdt);

/* ---- Per-CPU timer ----
 * arch_timer_frequency: counter frequency in Hz, from the FDT (or, where the
 * ISA defines a register for it and the FDT is silent, that register). */
int arch_timer_init(const struct fdt *fdt, uint64_t *hz);
void arch_timer_cpu_init(void);              /* enable on this CPU */
uint64_t arch_timer_now(void);               /* counter ticks */
void arch_timer_set_deadline(uint64_t when); /* absolute, in ticks */
/* Short description of the mechanism, e.g. "sstc" or "sbi" or "cntv". */
const char *arch_timer_method(void);

/* ---- Faults and backtraces ---- */
/* Frame pointer of the caller; walked by arch_backtrace_next. */
uintptr_t arch_frame_pointer(void);
/* Given a frame pointer, return the saved return address and move *fp to the
 * previous frame; false when the chain ends or leaves [lo, hi). */
bool arch_backtrace_next(uintptr_t *fp, uintptr_t *ra, uintptr_t lo,
			 uintptr_t hi);
/* Execute an instruction the ISA guarantees to be illegal (panic test). */
void arch_trigger_illegal_instruction(void);

/* ---- MMU (see kernel/vm.h) ----
 * Page-table shape the ISA fixes, and the entry encodings. A level is 0
 * for 4 KiB leaves, 1 for 2 MiB, 2 for 1 GiB, up to arch_pt_levels - 1. */
extern const unsigned arch_pt_levels;      /* 3 (Sv39) or 4 (arm64 48-bit) */
extern const unsigned arch_va_bits;        /* 39 or 48 */
extern const uintptr_t arch_direct_map_base;   /* upper-half RAM alias */
/* True where the lower half (user, boot identity map) has its own root
 * register (arm64 TTBR0); false where one root holds both halves (riscv
 * satp), in which case the identity root passed below is the kernel root. */
extern const bool arch_separate_lower_root;
uint64_t arch_pte_table(uint64_t next_table_pa);
uint64_t arch_pte_leaf(uint64_t pa, unsigned level, unsigned prot);
bool arch_pte_valid(uint64_t pte);
bool arch_pte_is_table(uint64_t pte, unsigned level);
uint64_t arch_pte_addr(uint64_t pte);
/* Can `level` hold a leaf (block) entry? (4K always; 2M, 1G on both.) */
bool arch_pt_level_has_leaves(unsigned level);
/* Relocate the image by delta (every R_*_RELATIVE target += delta), turn
 * the MMU on with kernel_root (upper half: the image at +delta) and
 * identity_root (lower half: the image at its physical address), and jump
 * to next(arg) at its +delta alias with sp += delta. MMU off on entry,
 * interrupts masked. next is passed as its current (physical) address. */
_Noreturn void arch_mmu_enable_and_jump(uint64_t kernel_root_pa,
					uint64_t identity_root_pa,
					uintptr_t delta,
					void (*next)(uintptr_t),
					uintptr_t arg);
/* Secondary CPUs: the same MMU set-up (no relocation), done by the
 * secondary entry stub from the values vm_boot_switch published here. */
struct arch_mmu_boot {
	uint64_t kernel_root_pa;
	uint64_t identity_root_pa;
	uintptr_t delta;
};
extern struct arch_mmu_boot arch_mmu_boot;
/* Make new entries in the current CPU's tables visible (kernel mappings
 * added after boot, e.g. by ioremap): a TLB flush of va, all ASIDs. */
void arch_tlb_flush_kernel_page(uintptr_t va);

/* ---- Kernel threads ----
 * A thread's callee-saved registers are saved on its own kernel stack; the
 * thread keeps only the saved stack pointer. The per-CPU register (tp /
 * TPIDR_EL1) is not part of it: a thread resumed on another CPU sees that
 * CPU's. */
struct thread;
/* Lay out a fresh kernel stack so that switching to it enters
 * kernel_thread_start(prev) with interrupts disabled; returns the sp to
 * switch to. */
uintptr_t arch_thread_stack_init(uintptr_t stack_top);
/* Save the current context, storing its sp in *save_sp, and resume the one
 * saved at new_sp. Returns, in the resumed context, the `prev` argument of
 * the switch that resumed it. */
struct thread *arch_context_switch(uintptr_t *save_sp, uintptr_t new_sp,
				   struct thread *prev);

/* ---- User mode ----
 * A user thread's registers, saved on every trap from user mode, live in a
 * frame of arch_user_frame_size bytes at the very top of its kernel stack
 * (the arch's trap entry finds it there). Generic code treats it as
 * opaque and uses these accessors. */
extern const unsigned arch_user_frame_size;
extern const unsigned arch_elf_machine;   /* e_machine of our ELF files */
void arch_user_frame_init(void *frame, uintptr_t pc, uintptr_t sp,
			  uintptr_t arg0);
/* Leave the kernel for user mode with the registers in frame (the frame
 * at the top of the current thread's kernel stack). */
_Noreturn void arch_enter_user(void *frame);
unsigned long arch_syscall_number(const void *frame);
unsigned long arch_syscall_arg(const void *frame, unsigned i);  /* 0..5 */
void arch_syscall_set_result(void *frame, long value);
/* Further result registers (IPC words): idx 0..5 is a0..a5 / x0..x5. */
void arch_syscall_set_result_n(void *frame, unsigned idx,
			       unsigned long value);
/* Address spaces: a user root holds the lower half; on an ISA with one
 * root register it must also carry the kernel's upper half. */
void arch_vspace_init(uint64_t root_pa, uint64_t kernel_root_pa);
void arch_vspace_activate(uint64_t root_pa, unsigned asid);
void arch_tlb_flush_asid(unsigned asid);
/* Drop the translation of user page va tagged asid (leaf entries only).
 * Where arch_tlb_broadcast (arm64: tlbi ...is) this and
 * arch_tlb_flush_asid reach every CPU and are complete on return; where
 * not (riscv: sfence.vma) they act on this CPU only and the kernel
 * shoots down the others by IPI (kernel/vm/tlb.c). */
extern const bool arch_tlb_broadcast;
void arch_tlb_flush_page(unsigned asid, uintptr_t va);
/* Code was written through the kernel alias kva: make instruction fetch
 * of it (at any alias, on any CPU) see the new bytes. */
void arch_sync_icache(const void *kva, size_t len);
/* Permission bits (VM_*) of a valid leaf entry. */
unsigned arch_pte_prot(uint64_t pte);

/* ---- Memory ordering (for the few places C11 atomics do not cover) ---- */
void arch_mmio_barrier(void);

/* ---- MMIO access (device registers) ---- */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

/* ---- Generic entry points the arch code calls ---- */
/* Boot CPU, C environment ready (stack, bss, relocations). */
_Noreturn void kernel_main(uint64_t boot_hwid, const void *fdt_blob);
/* Secondary CPU, stack of c set up. */
_Noreturn void kernel_secondary_main(struct cpu *c);
/* Interrupt causes the arch decodes itself (ISA-defined sources). */
void kernel_timer_interrupt(void);
void kernel_ipi_interrupt(void);
/* External interrupt line: handed to the interrupt controller driver. */
void kernel_external_interrupt(void);
/* Last call of every interrupt, after the controller's end-of-interrupt,
 * still on the interrupted context's stack: may switch threads. */
void kernel_irq_exit(void);
/* Calls from the arch's user trap path, on the thread's kernel stack with
 * interrupts masked; each may switch threads before returning. */
void kernel_syscall(void *frame);
void kernel_user_fault(void *frame, const char *cause, uintptr_t pc,
		       uintptr_t addr);
/* First code a new kernel thread runs (from arch_thread_stack_init). */
_Noreturn void kernel_thread_start(struct thread *prev);
/* Unhandled exception: prints and stops the system. */
_Noreturn void kernel_fatal_trap(const char *cause, uint64_t code,
				 uintptr_t pc, uintptr_t addr, uintptr_t fp);

/* Secondary entry point (assembly, in arch/<arch>/entry.S); a0/x0 = cpu. */
extern char kernel_secondary_entry[];
/* Image bounds from the linker script. */
extern char __image_start[], __image_end[];

#endif
