/*
 * aarch64 MMU: 4 KiB granule, 48-bit VA, 4 levels (Arm ARM D8). TTBR1_EL1
 * holds the kernel's upper half, whose bottom (0xffff000000000000) is the
 * direct map; TTBR0_EL1 holds the lower half (the boot identity map, later
 * user tables). kernel/vm numbers levels from the leaf up, so its level
 * 0..3 is the architecture's lookup level 3..0.
 */
#include "arch/mmu.h"
#include "kernel/arch.h"
#include "kernel/relocate.h"
#include "kernel/vm.h"

const unsigned arch_pt_levels = 4;
const unsigned arch_va_bits = 48;
const uintptr_t arch_direct_map_base = 0xffff000000000000ul;
const bool arch_separate_lower_root = true;
/* In .bss: written with the MMU off before any secondary starts, and read
 * by secondaries with their MMU off, so it is in memory, not just cache. */
struct arch_mmu_boot arch_mmu_boot;

_Static_assert(__builtin_offsetof(struct arch_mmu_boot, kernel_root_pa) ==
		       MMU_BOOT_KERNEL_ROOT &&
	       __builtin_offsetof(struct arch_mmu_boot, identity_root_pa) ==
		       MMU_BOOT_IDENTITY_ROOT &&
	       __builtin_offsetof(struct arch_mmu_boot, delta) ==
		       MMU_BOOT_DELTA,
	       "mmu_switch.S reads arch_mmu_boot at these offsets");

#define PTE_VALID (1ul << 0)
#define PTE_TABLE (1ul << 1)     /* table (levels 1-3) or page (level 0) */
#define PTE_ATTR(idx) ((uint64_t)(idx) << 2)
#define PTE_AP_EL0 (1ul << 6)    /* AP[1]: EL0 may access */
#define PTE_AP_RO (1ul << 7)     /* AP[2]: read-only */
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF (1ul << 10)
#define PTE_NG (1ul << 11)
#define PTE_PXN (1ul << 53)
#define PTE_UXN (1ul << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ul   /* OA[47:12] */
#define R_AARCH64_RELATIVE 1027

uint64_t arch_pte_table(uint64_t next_table_pa)
{
	return (next_table_pa & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

uint64_t arch_pte_leaf(uint64_t pa, unsigned level, unsigned prot)
{
	/* A level-0 (4 KiB) leaf is a page descriptor (0b11), larger ones
	 * are blocks (0b01). AF is preset: without FEAT_HAFDBS the first
	 * access would fault. */
	uint64_t e = (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_AF;
	if (level == 0)
		e |= PTE_TABLE;
	if (prot & VM_DEVICE)
		/* Never executable: no speculative fetch from a device. */
		e |= PTE_ATTR(MAIR_IDX_DEVICE) | PTE_PXN | PTE_UXN;
	else
		e |= PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(prot & VM_WRITE))
		e |= PTE_AP_RO;
	if (prot & VM_USER) {
		/* The kernel never runs user code. */
		e |= PTE_AP_EL0 | PTE_PXN;
		if (!(prot & VM_EXEC))
			e |= PTE_UXN;
	} else {
		e |= PTE_UXN;
		if (!(prot & VM_EXEC))
			e |= PTE_PXN;
	}
	if (!(prot & VM_GLOBAL))
		e |= PTE_NG;
	return e;
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	/* 0b11 at level 0 is a page, i.e. a leaf. */
	return level > 0 && (pte & (PTE_VALID | PTE_TABLE)) ==
				    (PTE_VALID | PTE_TABLE);
}

uint64_t arch_pte_addr(uint64_t pte)
{
	return pte & PTE_ADDR_MASK;
}

bool arch_pt_level_has_leaves(unsigned level)
{
	/* 4 KiB pages, 2 MiB and 1 GiB blocks; lookup level 0 has none. */
	return level < 3;
}

void arch_tlb_flush_kernel_page(uintptr_t va)
{
	/* The new entry must reach the walker (which snoops the caches:
	 * TCR_EL1 makes walks inner-shareable write-back) before the TLBI,
	 * and the TLBI must be complete before the mapping is used. VA[55:12]
	 * goes in bits [43:0], all ASIDs. */
	uint64_t op = (va >> 12) & ((1ul << 44) - 1);
	__asm__ volatile("dsb ishst\n\t"
			 "tlbi vaae1is, %0\n\t"
			 "dsb ish\n\t"
			 "isb" ::"r"(op)
			 : "memory");
}

_Noreturn void arch_mmu_enable_and_jump(uint64_t kernel_root_pa,
					uint64_t identity_root_pa,
					uintptr_t delta,
					void (*next)(uintptr_t),
					uintptr_t arg)
{
	uintptr_t base = (uintptr_t)__image_start;
	/* From here on the image's pointers hold upper-half addresses that
	 * mean nothing until the MMU is on: nothing below may load one. */
	relocate_rebase(base, base + delta, __rela_start, __rela_end,
			R_AARCH64_RELATIVE);
	arm64_mmu_on_and_jump(kernel_root_pa, identity_root_pa, delta, next,
			      arg);
}
