/*
 * Physical memory as the FDT describes it: /memory ranges minus the
 * memory reservation block, /reserved-memory, the kernel image, the FDT
 * itself and the initrd. Until the page allocator exists, an early bump
 * allocator hands out page-aligned blocks (CPU stacks) from what is free.
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
};

extern struct mem_map mem_map;

int memory_discover(const struct fdt *fdt, uintptr_t fdt_base);
/* Page-aligned, zeroed block outside every reservation: its physical
 * address, or 0. */
uintptr_t early_alloc(size_t size);

#endif
