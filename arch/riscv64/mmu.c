/*
 * riscv64 MMU: Sv39 (3 levels of 512 entries, 39-bit VA). The kernel's
 * direct map is the bottom of the upper half; one satp root holds both
 * halves, so user roots (later) copy the kernel's upper-half entries.
 */
#include "kernel/arch.h"
#include "kernel/relocate.h"
#include "kernel/vm.h"

const unsigned arch_pt_levels = 3;
const unsigned arch_va_bits = 39;
const uintptr_t arch_direct_map_base = 0xffffffc000000000ul;
const bool arch_separate_lower_root = false;
struct arch_mmu_boot arch_mmu_boot;

#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ul << 44) - 1) << PTE_PPN_SHIFT)
#define SATP_MODE_SV39 (8ul << 60)
#define R_RISCV_RELATIVE 3

uint64_t arch_pte_table(uint64_t next_table_pa)
{
	return ((next_table_pa >> 12) << PTE_PPN_SHIFT) | PTE_V;
}

uint64_t arch_pte_leaf(uint64_t pa, unsigned level, unsigned prot)
{
	(void)level;
	/* A and D are preset: hardware without Svadu would fault on first
	 * access otherwise. Device memory needs no bit: PMAs decide it. */
	uint64_t e = ((pa >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_A | PTE_D;
	if (prot & VM_READ)
		e |= PTE_R;
	if (prot & VM_WRITE)
		e |= PTE_W | PTE_R;
	if (prot & VM_EXEC)
		e |= PTE_X;
	if (prot & VM_USER)
		e |= PTE_U;
	if (prot & VM_GLOBAL)
		e |= PTE_G;
	return e;
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_V;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	(void)level;
	return (pte & PTE_V) && !(pte & (PTE_R | PTE_W | PTE_X));
}

uint64_t arch_pte_addr(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
}

bool arch_pt_level_has_leaves(unsigned level)
{
	return level < 3;
}

void arch_tlb_flush_kernel_page(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

/* mmu_switch.S: satp on, then sp += delta and jump to next + delta. */
_Noreturn void riscv_mmu_on_and_jump(uint64_t satp, uintptr_t delta,
				     void (*next)(uintptr_t), uintptr_t arg);

_Noreturn void arch_mmu_enable_and_jump(uint64_t kernel_root_pa,
					uint64_t identity_root_pa,
					uintptr_t delta,
					void (*next)(uintptr_t),
					uintptr_t arg)
{
	(void)identity_root_pa;   /* the same root on this ISA */
	uintptr_t base = (uintptr_t)__image_start;
	relocate_rebase(base, base + delta, __rela_start, __rela_end,
			R_RISCV_RELATIVE);
	riscv_mmu_on_and_jump(SATP_MODE_SV39 | (kernel_root_pa >> 12), delta,
			      next, arg);
}

unsigned arch_pte_prot(uint64_t pte)
{
	unsigned prot = 0;
	if (pte & PTE_R)
		prot |= VM_READ;
	if (pte & PTE_W)
		prot |= VM_WRITE;
	if (pte & PTE_X)
		prot |= VM_EXEC;
	if (pte & PTE_U)
		prot |= VM_USER;
	if (pte & PTE_G)
		prot |= VM_GLOBAL;
	return prot;
}

/* One satp holds both halves: a user root starts with the kernel's
 * upper-half entries. Kernel mappings are all made at boot, before the
 * first process, so the copies stay in step. */
void arch_vspace_init(uint64_t root_pa, uint64_t kernel_root_pa)
{
	uint64_t *user = phys_to_virt(root_pa);
	const uint64_t *kernel = phys_to_virt(kernel_root_pa);
	for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		user[i] = kernel[i];
}

#define SATP_ASID_SHIFT 44

void arch_vspace_activate(uint64_t root_pa, unsigned asid)
{
	uint64_t satp = SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) |
			(root_pa >> 12);
	__asm__ volatile("csrw satp, %0" ::"r"(satp) : "memory");
}

void arch_tlb_flush_asid(unsigned asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"((uint64_t)asid) : "memory");
}

/* sfence.vma is local: other harts are reached by IPI (kernel/vm/tlb.c). */
const bool arch_tlb_broadcast = false;

void arch_tlb_flush_page(unsigned asid, uintptr_t va)
{
	/* Also orders this hart's earlier page-table stores before its
	 * later walks of va. */
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"((uint64_t)asid)
			 : "memory");
}
