/*
 * Physical memory as the FDT describes it: /memory ranges minus the
 * memory reservation block, /reserved-memory, the kernel image, the FDT
 * itself and the initrd. Until the page allocator exists, an early bump
 * allocator hands out page-aligned blocks (CPU stacks) from what is free;
 * page_alloc_init takes over the rest (kernel/page_alloc.h).
 */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stddef.h>
#include <stdint.h>

struct fdt;

#define MEM_RANGES_MAX 32
#define PAGE_SIZE 4096u

struct mem_range {
	uint64_t base, size;
};

struct mem_map {
	struct mem_range ram[MEM_RANGES_MAX];
	unsigned nram;
	struct mem_range reserved[MEM_RANGES_MAX];
	unsigned nreserved;
	uint64_t ram_total;
	/* early_alloc has used [early_floor[i], end of ram[i]) (0: none):
	 * it takes blocks downwards from the top of each range. */
	uint64_t early_floor[MEM_RANGES_MAX];
};

extern struct mem_map mem_map;

int memory_discover(const struct fdt *fdt, uintptr_t fdt_base);
/* Page-aligned, zeroed block outside every reservation: its physical
 * address, or 0. Once page_alloc_init has run, a page_alloc_order block
 * (size rounded up to a power of two pages). */
uintptr_t early_alloc(size_t size);

#endif
