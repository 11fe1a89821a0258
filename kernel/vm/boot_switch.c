/*
 * Moving the running kernel into the upper half.
 *
 * Runs on the boot CPU with the MMU off, right after the FDT was validated
 * and before anything stores a pointer in global data: the tables map every
 * /memory range at arch_direct_map_base + pa (the kernel image included,
 * since it lies in RAM), plus the image at its physical address for the
 * instant the MMU turns on. Table pages come from a pool in .bss because no
 * allocator exists yet; ioremap later takes more from it.
 */
#include "kernel/arch.h"
#include "kernel/fdt.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/vm.h"

uintptr_t vm_phys_offset;

/* Enough for the direct map of RAM in large blocks plus ioremapped
 * device pages: each 4 KiB-mapped device needs at most one table per
 * level. Exhaustion is reported by ioremap returning 0. */
#define BOOT_TABLE_PAGES 64
static uint8_t boot_tables[BOOT_TABLE_PAGES][4096]
	__attribute__((aligned(4096)));
static unsigned boot_tables_used;
static struct spinlock pt_pool_lock = SPINLOCK_INIT("pt_pool");

static paddr_t kernel_root, identity_root;

static paddr_t pool_alloc(void)
{
	if (boot_tables_used == BOOT_TABLE_PAGES)
		return 0;
	void *page = boot_tables[boot_tables_used++];
	memset(page, 0, 4096);
	return virt_to_phys(page);
}

paddr_t vm_kernel_root(void)
{
	return kernel_root;
}

static int map_ram(const struct fdt *fdt)
{
	int depth = 0, mapped = 0;
	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		const char *type = fdt_getprop_string(fdt, n, "device_type");
		if (!type || strcmp(type, "memory") || !fdt_node_enabled(fdt, n))
			continue;
		int count = fdt_reg_count(fdt, n);
		for (int i = 0; i < count; i++) {
			uint64_t base, size;
			if (fdt_reg(fdt, n, (uint32_t)i, &base, &size) || !size)
				continue;
			/* Whole pages only; a partial page at either end is
			 * left out rather than mapped beyond RAM. */
			uint64_t lo = (base + 4095) & ~4095ull;
			uint64_t hi = (base + size) & ~4095ull;
			if (hi <= lo)
				continue;
			if (pt_map(kernel_root, arch_direct_map_base + lo, lo,
				   hi - lo, VM_READ | VM_WRITE | VM_EXEC |
				   VM_GLOBAL, pool_alloc))
				return -1;
			mapped++;
		}
	}
	return mapped ? 0 : -1;
}

_Noreturn void vm_boot_switch(const struct fdt *fdt, void (*next)(uintptr_t),
			      uintptr_t arg)
{
	kernel_root = pool_alloc();
	identity_root = arch_separate_lower_root ? pool_alloc() : kernel_root;
	if (map_ram(fdt))
		arch_halt();   /* no console yet; the tree had no usable RAM */
	/* The image at its physical address, for the jump itself. */
	paddr_t img = (paddr_t)(uintptr_t)__image_start & ~4095ull;
	size_t img_size = (((uintptr_t)__image_end + 4095) & ~4095ul) - img;
	/* Not global: its TLB entries carry ASID 0 and so can never stand in
	 * for a process's pages at the same (lower-half) addresses. */
	if (pt_map(identity_root, img, img, img_size,
		   VM_READ | VM_WRITE | VM_EXEC, pool_alloc))
		arch_halt();
	uintptr_t delta = arch_direct_map_base;
	arch_mmu_boot.kernel_root_pa = kernel_root;
	arch_mmu_boot.identity_root_pa = identity_root;
	arch_mmu_boot.delta = delta;
	/* Written before the jump; read through the new mapping after it. */
	vm_phys_offset = delta;
	arch_mmu_enable_and_jump(kernel_root, identity_root, delta, next, arg);
}

uintptr_t ioremap(paddr_t pa, size_t size)
{
	paddr_t lo = pa & ~4095ull;
	paddr_t hi = (pa + size + 4095) & ~4095ull;
	unsigned long flags = spin_lock_irqsave(&pt_pool_lock);
	for (paddr_t p = lo; p < hi; p += 4096) {
		uintptr_t va = arch_direct_map_base + p;
		uint64_t e = pt_lookup(kernel_root, va, 0);
		if (e)
			continue;   /* RAM or mapped by an earlier call */
		if (pt_map(kernel_root, va, p, 4096,
			   VM_READ | VM_WRITE | VM_DEVICE | VM_GLOBAL,
			   pool_alloc)) {
			spin_unlock_irqrestore(&pt_pool_lock, flags);
			return 0;
		}
		arch_tlb_flush_kernel_page(va);
	}
	spin_unlock_irqrestore(&pt_pool_lock, flags);
	return arch_direct_map_base + pa;
}
