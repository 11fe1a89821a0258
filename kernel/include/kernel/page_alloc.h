/*
 * Physical page-frame allocator: a binary buddy allocator per RAM range.
 *
 * What it manages: every whole 4 KiB page of the /memory ranges in the
 * mem_map, except
 *   - pages touching a mem_map.reserved range (firmware, /memreserve/,
 *     /reserved-memory, the kernel image, the FDT, the initrd),
 *   - what early_alloc handed out before page_alloc_init (everything at or
 *     above mem_map.early_floor[i] in range i: early_alloc takes memory
 *     downwards from the top of each range),
 *   - a range's part that an earlier range already covers (a bad tree),
 *   - physical page 0 (0 is the "out of memory" answer),
 *   - the allocator's own metadata: 9 bytes per page of the range (a state
 *     byte and a free-list link), 0.22%, carved out of the range at init.
 * Those pages stay "reserved" for good: page_free refuses them.
 *
 * Blocks are 2^order pages, order 0 .. PAGE_ORDER_MAX, physically aligned
 * to their size (a 2 MiB block can back a 2 MiB mapping). Each range has
 * one free list per order, linked through its metadata: the allocator
 * never writes to a free page, only zeroes a block (through phys_to_virt)
 * when it hands it out. Every free is checked against the page's state
 * before any list is touched.
 *
 * Every allocation is zeroed. Once page_alloc_init has run, early_alloc
 * forwards to page_alloc_order, so both draw from one pool.
 *
 * Locking: one spinlock, page_alloc_lock, taken with irqsave (so the
 * calls are legal in interrupt handlers). Nothing else is taken while it is
 * held (printk happens after the unlock), so callers may hold any lock
 * except console_lock; see the lock table in docs/architecture.md.
 */
#ifndef KERNEL_PAGE_ALLOC_H
#define KERNEL_PAGE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/memory.h"
#include "kernel/vm.h"

/* Largest block: 2^10 pages = 4 MiB (covers a 2 MiB block mapping).
 * A range larger than 2^32 - 2 pages (16 TiB) is used up to that size. */
#define PAGE_ORDER_MAX 10u

/* Build the free lists from the memory map. Boot CPU, before any other
 * CPU runs, after memory_discover. Calling it again starts over (host
 * tests do; the kernel calls it once). */
void page_alloc_init(const struct mem_map *map);
/* True once page_alloc_init has run. */
bool page_alloc_ready(void);

/* One zeroed page: its physical address, or 0 when out of memory. */
paddr_t page_alloc(void);
/* 2^order contiguous zeroed pages, aligned to their size; 0 when no such
 * block is free or order > PAGE_ORDER_MAX. */
paddr_t page_alloc_order(unsigned order);

/* Give back what page_alloc / page_alloc_order returned, with the same
 * order. An address outside the managed RAM, not page aligned, not the
 * start of an allocated block of exactly that order (already free, a page
 * inside a block, a reserved page) is refused: counted in bad_frees,
 * reported once on the console, and the free lists are left untouched. */
void page_free(paddr_t pa);
void page_free_order(paddr_t pa, unsigned order);

/* Smallest order whose block holds `bytes` (PAGE_ORDER_MAX + 1 if none). */
static inline unsigned page_order_for(size_t bytes)
{
	unsigned order = 0;
	while (order <= PAGE_ORDER_MAX && ((size_t)PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

struct page_alloc_stats {
	uint64_t total_pages;   /* pages under management (free at init) */
	uint64_t free_pages;
	uint64_t bad_frees;     /* refused page_free calls */
	uint64_t free_blocks[PAGE_ORDER_MAX + 1];   /* per order */
	unsigned ranges;        /* RAM ranges in use */
};

/* A consistent snapshot (taken under the lock). */
void page_alloc_stats(struct page_alloc_stats *out);

/* Full consistency check of the free lists against the page states and
 * the counters: every listed block is free, aligned, inside its range,
 * listed once, and every free block is listed; no two free buddies of the
 * same order are left unmerged. Returns the number of problems found (0:
 * consistent). Walks every page: for tests and debugging, not hot paths. */
unsigned page_alloc_verify(void);

#endif
