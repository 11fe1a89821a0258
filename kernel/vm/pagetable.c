/*
 * Generic radix page-table walker. Both ISAs use 4 KiB tables of 512
 * 8-byte entries indexed by 9 VA bits per level; only the entry encoding
 * (arch_pte_*) and the number of levels differ. Tables are reached through
 * phys_to_virt, so this works before and after the MMU is on.
 */
#include "kernel/arch.h"
#include "kernel/vm.h"

static uint64_t *table(paddr_t pa)
{
	return phys_to_virt(pa);
}

static unsigned index_at(uintptr_t va, unsigned level)
{
	return (unsigned)(va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

/* Largest leaf level usable for [va, va+size) -> pa at this point. */
static unsigned leaf_level(uintptr_t va, paddr_t pa, size_t size)
{
	for (unsigned level = arch_pt_levels - 1; level > 0; level--) {
		uint64_t span = 1ull << PT_LEVEL_SHIFT(level);
		if (arch_pt_level_has_leaves(level) && !(va & (span - 1)) &&
		    !(pa & (span - 1)) && size >= span)
			return level;
	}
	return 0;
}

static int map_one(paddr_t root, uintptr_t va, paddr_t pa, unsigned target,
		   unsigned prot, pt_alloc_fn alloc)
{
	paddr_t t = root;
	for (unsigned level = arch_pt_levels - 1; level > target; level--) {
		uint64_t *e = &table(t)[index_at(va, level)];
		if (!arch_pte_valid(*e)) {
			paddr_t next = alloc ? alloc() : 0;
			if (!next)
				return -1;
			*e = arch_pte_table(next);
		} else if (!arch_pte_is_table(*e, level)) {
			return -2;   /* a larger leaf already covers va */
		}
		t = arch_pte_addr(*e);
	}
	uint64_t *e = &table(t)[index_at(va, target)];
	if (arch_pte_valid(*e))
		return -3;   /* already mapped: callers unmap first */
	*e = arch_pte_leaf(pa, target, prot);
	return 0;
}

int pt_map(paddr_t root, uintptr_t va, paddr_t pa, size_t size,
	   unsigned prot, pt_alloc_fn alloc)
{
	if ((va | pa | size) & ((1u << PT_PAGE_SHIFT) - 1))
		return -4;
	while (size) {
		unsigned level = leaf_level(va, pa, size);
		int err = map_one(root, va, pa, level, prot, alloc);
		if (err)
			return err;
		uint64_t span = 1ull << PT_LEVEL_SHIFT(level);
		va += span;
		pa += span;
		size -= span;
	}
	return 0;
}

uint64_t pt_lookup(paddr_t root, uintptr_t va, unsigned *level_out)
{
	paddr_t t = root;
	for (unsigned level = arch_pt_levels; level-- > 0;) {
		uint64_t e = table(t)[index_at(va, level)];
		if (!arch_pte_valid(e))
			return 0;
		if (level == 0 || !arch_pte_is_table(e, level)) {
			if (level_out)
				*level_out = level;
			return e;
		}
		t = arch_pte_addr(e);
	}
	return 0;
}

/* The first valid leaf entry covering an address in [*va, end): absent
 * subtrees are skipped whole, so a sparse range costs per mapped page, not
 * per page of the range. *va moves to the first address the leaf covers
 * at or after the old *va; NULL (and *va = end) when there is none. */
static uint64_t *next_leaf(paddr_t root, uintptr_t *va, uintptr_t end,
			   unsigned *level_out)
{
	uintptr_t v = *va;
	while (v < end) {
		paddr_t t = root;
		for (unsigned level = arch_pt_levels; level-- > 0;) {
			uint64_t *e = &table(t)[index_at(v, level)];
			uint64_t span = 1ull << PT_LEVEL_SHIFT(level);
			if (!arch_pte_valid(*e)) {
				uintptr_t next = (v & ~(uintptr_t)(span - 1)) +
						 span;
				v = next > v ? next : end;   /* no wrap */
				break;
			}
			if (level == 0 || !arch_pte_is_table(*e, level)) {
				*va = v;
				*level_out = level;
				return e;
			}
			t = arch_pte_addr(*e);
		}
	}
	*va = end;
	return NULL;
}

int pt_unmap(paddr_t root, uintptr_t *va, uintptr_t end, uintptr_t *first,
	     paddr_t *pas, unsigned max)
{
	unsigned n = 0;
	while (n < max) {
		unsigned level;
		uint64_t *e = next_leaf(root, va, end, &level);
		if (!e)
			break;
		if (level != 0)   /* a block: splitting is not supported */
			return n ? (int)n : -1;   /* hand back what was cleared */
		if (!n)
			*first = *va;
		pas[n++] = arch_pte_addr(*e);
		*e = 0;
		*va += 1u << PT_PAGE_SHIFT;
	}
	return (int)n;
}

int pt_update(paddr_t root, uintptr_t va, size_t size, unsigned prot)
{
	uintptr_t end = va + size;
	/* Check the whole range first so a refusal changes nothing. */
	for (uintptr_t v = va; v < end; v += 1u << PT_PAGE_SHIFT) {
		unsigned level;
		uintptr_t at = v;
		if (!next_leaf(root, &at, v + 1, &level) || level != 0)
			return -1;
	}
	for (uintptr_t v = va; v < end; v += 1u << PT_PAGE_SHIFT) {
		unsigned level;
		uintptr_t at = v;
		uint64_t *e = next_leaf(root, &at, v + 1, &level);
		*e = arch_pte_leaf(arch_pte_addr(*e), 0, prot);
	}
	return 0;
}
