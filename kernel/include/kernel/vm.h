/*
 * Kernel virtual memory.
 *
 * After vm_boot_switch() the kernel runs in the upper half: all RAM (and
 * every device a driver maps with ioremap) appears at
 * arch_direct_map_base + physical address, and the kernel image runs from
 * that alias too. Page tables are radix trees of 512-entry, 4 KiB tables
 * (Sv39: 3 levels; arm64 4K granule, 48-bit: 4 levels); kernel/vm/pagetable.c
 * walks them generically and the arch encodes the entries.
 *
 * Before the switch the MMU is off and physical = virtual; phys_to_virt()
 * follows the switch, so code that runs on both sides can use it.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdt;

typedef uint64_t paddr_t;

#define PT_ENTRIES 512u
#define PT_PAGE_SHIFT 12u
#define PT_LEVEL_SHIFT(level) (PT_PAGE_SHIFT + 9u * (level))

/* Mapping permissions (arch_pte_leaf encodes them). */
enum vm_prot {
	VM_READ = 1u << 0,
	VM_WRITE = 1u << 1,
	VM_EXEC = 1u << 2,
	VM_USER = 1u << 3,      /* reachable from user mode */
	VM_DEVICE = 1u << 4,    /* device memory: uncached, no speculation */
	VM_GLOBAL = 1u << 5,    /* same in every address space (kernel) */
};

extern uintptr_t vm_phys_offset;   /* 0 before the switch */

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + vm_phys_offset);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - vm_phys_offset);
}

/* Build the kernel page tables from the FDT's memory and move the running
 * kernel into the upper half, then call next(arg) there (on the same stack,
 * now addressed through the direct map). The boot CPU only, before SMP. */
_Noreturn void vm_boot_switch(const struct fdt *fdt, void (*next)(uintptr_t),
			      uintptr_t arg);

/* Map device registers into the kernel's direct map (uncached); returns
 * the virtual address, or 0 if the tables could not be extended. */
uintptr_t ioremap(paddr_t pa, size_t size);

/* Physical address of the kernel root table (for secondary CPUs). */
paddr_t vm_kernel_root(void);

/* ---- Generic page table walker (kernel/vm/pagetable.c) ----
 * alloc returns a zeroed 4 KiB table page (physical) or 0. */
typedef paddr_t (*pt_alloc_fn)(void);
int pt_map(paddr_t root, uintptr_t va, paddr_t pa, size_t size,
	   unsigned prot, pt_alloc_fn alloc);
/* Leaf entry mapping va, or 0; *level gets its level. */
uint64_t pt_lookup(paddr_t root, uintptr_t va, unsigned *level);
/* Clear up to max 4 KiB leaves in [*va, end), in address order, storing
 * their physical pages in pas[] and the address of the first in *first;
 * *va moves past the last one cleared (to end when none is left). Holes
 * are skipped. Returns how many, or -1 on a block (2 MiB+) leaf, which it
 * does not split. Empty intermediate tables are kept. The caller flushes
 * TLBs before it reuses the pages. */
int pt_unmap(paddr_t root, uintptr_t *va, uintptr_t end, uintptr_t *first,
	     paddr_t *pas, unsigned max);
/* Re-encode every 4 KiB leaf in [va, va+size) with prot, keeping its page.
 * -1, changing nothing, unless every page of the range is such a leaf. */
int pt_update(paddr_t root, uintptr_t va, size_t size, unsigned prot);

#endif
