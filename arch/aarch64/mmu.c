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
#include "kernel/vspace.h"

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
#define PTE_ATTR_MASK (7ul << 2)
#define PTE_AP_EL0 (1ul << 6)    /* AP[1]: EL0 may access */
#define PTE_AP_RO (1ul << 7)     /* AP[2]: read-only */
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF (1ul << 10)
#define PTE_NG (1ul << 11)
#define PTE_PXN (1ul << 53)
#define PTE_UXN (1ul << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ul   /* OA[47:12] */
#define R_AARCH64_RELATIVE 1027
#define TTBR_ASID_SHIFT 48

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

unsigned arch_pte_prot(uint64_t pte)
{
	/* The inverse of arch_pte_leaf. Every valid entry is readable (by
	 * EL0 too where AP[1] is set: the format has no write- or
	 * execute-only user page). */
	unsigned prot = VM_READ;
	if (!(pte & PTE_AP_RO))
		prot |= VM_WRITE;
	if (pte & PTE_AP_EL0) {
		prot |= VM_USER;
		if (!(pte & PTE_UXN))
			prot |= VM_EXEC;
	} else if (!(pte & PTE_PXN)) {
		prot |= VM_EXEC;
	}
	if ((pte & PTE_ATTR_MASK) == PTE_ATTR(MAIR_IDX_DEVICE))
		prot |= VM_DEVICE;
	if (!(pte & PTE_NG))
		prot |= VM_GLOBAL;
	return prot;
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

/* ---- User address spaces: the lower half, in TTBR0_EL1 ----
 * The kernel lives in TTBR1, so a user root starts empty. TCR_EL1 (mmu.h)
 * takes 8-bit ASIDs from TTBR0 (A1 = 0, AS = 0): one TTBR0 write switches
 * both the tables and the ASID that tags their (non-global) entries. */
_Static_assert(VSPACE_ASID_MAX <= 255, "8-bit ASIDs (TCR_EL1.AS = 0)");

void arch_vspace_init(uint64_t root_pa, uint64_t kernel_root_pa)
{
	(void)root_pa;
	(void)kernel_root_pa;
}

void arch_vspace_activate(uint64_t root_pa, unsigned asid)
{
	/* dsb: table entries written since the last switch reach the
	 * walker before it can use them. */
	uint64_t ttbr = root_pa | (uint64_t)asid << TTBR_ASID_SHIFT;
	__asm__ volatile("dsb ishst\n\t"
			 "msr ttbr0_el1, %0\n\t"
			 "isb" ::"r"(ttbr)
			 : "memory");
}

void arch_tlb_flush_asid(unsigned asid)
{
	uint64_t op = (uint64_t)asid << TTBR_ASID_SHIFT;
	__asm__ volatile("dsb ishst\n\t"
			 "tlbi aside1is, %0\n\t"
			 "dsb ish\n\t"
			 "isb" ::"r"(op)
			 : "memory");
}

/* TLBI ...IS reaches every PE in the inner-shareable domain and the
 * dsb ish after it waits until all of them have completed it, so no IPI
 * is needed for a shootdown on this ISA. */
const bool arch_tlb_broadcast = true;

void arch_tlb_flush_page(unsigned asid, uintptr_t va)
{
	/* vale1is: last-level entries of va tagged asid (the kernel never
	 * frees a user table page while its space lives). The dsb ishst
	 * makes the cleared/changed entry visible to walkers first. */
	uint64_t op = (uint64_t)asid << TTBR_ASID_SHIFT |
		      ((va >> 12) & ((1ul << 44) - 1));
	__asm__ volatile("dsb ishst\n\t"
			 "tlbi vale1is, %0\n\t"
			 "dsb ish\n\t"
			 "isb" ::"r"(op)
			 : "memory");
}

/* An empty lower half, for TTBR0 on a CPU that has run no process yet. In
 * .bss: zero from entry.S, which cleared it with the MMU off. */
static uint64_t empty_root[PT_ENTRIES] __attribute__((aligned(4096)));

void arm64_drop_identity_map(void)
{
	/* The boot identity map (global entries, in TTBR0) would shadow user
	 * mappings at the same addresses from this CPU's TLB: replace it and
	 * flush everything it may have left there. Only the entry stubs use
	 * it, and this CPU is past them. */
	__asm__ volatile("msr ttbr0_el1, %0\n\t"
			 "isb\n\t"
			 "tlbi vmalle1\n\t"
			 "dsb nsh\n\t"
			 "isb" ::"r"(virt_to_phys(empty_root))
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
