/* Physical memory map from the FDT, and the early bump allocator. */
#include "kernel/memory.h"

#include "kernel/arch.h"
#include "kernel/fdt.h"
#include "kernel/page_alloc.h"
#include "kernel/string.h"
#include "kernel/vm.h"

struct mem_map mem_map;

static void add_reserved(uint64_t base, uint64_t size)
{
	if (!size || mem_map.nreserved == MEM_RANGES_MAX)
		return;
	mem_map.reserved[mem_map.nreserved++] = (struct mem_range){ base, size };
}

static int read_chosen_addr(const struct fdt *fdt, int chosen,
			    const char *name, uint64_t *out)
{
	uint32_t len;
	const void *p = fdt_getprop(fdt, chosen, name, &len);
	if (!p)
		return FDT_ERR_NOTFOUND;
	if (len == 4)
		*out = fdt_be32(p);
	else if (len == 8)
		*out = fdt_be64(p);
	else
		return FDT_ERR_BADVALUE;
	return 0;
}

int memory_discover(const struct fdt *fdt, uintptr_t fdt_base)
{
	int depth = 0;
	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		const char *type = fdt_getprop_string(fdt, n, "device_type");
		if (!type || strcmp(type, "memory") || !fdt_node_enabled(fdt, n))
			continue;
		int count = fdt_reg_count(fdt, n);
		for (int i = 0; i < count && mem_map.nram < MEM_RANGES_MAX;
		     i++) {
			uint64_t base, size;
			if (fdt_reg(fdt, n, (uint32_t)i, &base, &size) || !size)
				continue;
			mem_map.ram[mem_map.nram++] =
				(struct mem_range){ base, size };
			mem_map.ram_total += size;
		}
	}
	if (!mem_map.nram)
		return FDT_ERR_NOTFOUND;

	int nrsv = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < nrsv; i++) {
		uint64_t base, size;
		if (!fdt_get_mem_rsv(fdt, i, &base, &size))
			add_reserved(base, size);
	}
	int rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm >= 0) {
		for (int c = fdt_first_child(fdt, rm); c >= 0;
		     c = fdt_next_sibling(fdt, c)) {
			int count = fdt_reg_count(fdt, c);
			for (int i = 0; i < count; i++) {
				uint64_t base, size;
				if (!fdt_reg(fdt, c, (uint32_t)i, &base, &size))
					add_reserved(base, size);
			}
		}
	}
	add_reserved(virt_to_phys(__image_start),
		     (uintptr_t)__image_end - (uintptr_t)__image_start);
	add_reserved(fdt_base, fdt->totalsize);
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t rd_start, rd_end;
	if (chosen >= 0 &&
	    !read_chosen_addr(fdt, chosen, "linux,initrd-start", &rd_start) &&
	    !read_chosen_addr(fdt, chosen, "linux,initrd-end", &rd_end) &&
	    rd_end > rd_start)
		add_reserved(rd_start, rd_end - rd_start);
	return 0;
}

static bool overlaps(uint64_t a, uint64_t size, const struct mem_range *r)
{
	return a < r->base + r->size && r->base < a + size;
}

/* Blocks are taken downwards from the top of each RAM range, stepping
 * below any reservation they would touch. The cursors live in mem_map so
 * page_alloc_init knows what was used. */
uintptr_t early_alloc(size_t size)
{
	if (page_alloc_ready())   /* it owns what the cursors left */
		return page_alloc_order(page_order_for(size));
	uint64_t *cursor = mem_map.early_floor;
	size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	for (unsigned i = 0; i < mem_map.nram; i++) {
		const struct mem_range *ram = &mem_map.ram[i];
		if (!cursor[i])
			cursor[i] = ram->base + ram->size;
		for (;;) {
			if (cursor[i] < ram->base + size)
				break;
			uint64_t cand = (cursor[i] - size) &
					~(uint64_t)(PAGE_SIZE - 1);
			if (cand < ram->base)
				break;
			bool clash = false;
			for (unsigned r = 0; r < mem_map.nreserved; r++) {
				if (overlaps(cand, size, &mem_map.reserved[r])) {
					cursor[i] = mem_map.reserved[r].base;
					clash = true;
					break;
				}
			}
			if (clash)
				continue;
			cursor[i] = cand;
			memset(phys_to_virt(cand), 0, size);
			return (uintptr_t)cand;
		}
	}
	return 0;
}
