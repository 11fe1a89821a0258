/* User address spaces: creation, anonymous mappings, checked copies. */
#include "kernel/vspace.h"

#include <uapi/errors.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/page_alloc.h"
#include "kernel/string.h"
#include "kernel/tlb.h"

static _Atomic unsigned next_asid = 1;

struct vspace *vspace_create(void)
{
	unsigned asid = atomic_fetch_add(&next_asid, 1);
	if (asid > VSPACE_ASID_MAX)
		return NULL;
	paddr_t page = page_alloc();
	if (!page)
		return NULL;
	paddr_t root = page_alloc();
	if (!root) {
		page_free(page);
		return NULL;
	}
	/* The struct lives in its own page: simple, and freed with it. */
	struct vspace *vs = phys_to_virt(page);
	vs->root = root;
	vs->asid = asid;
	spin_init(&vs->lock, "vspace");
	arch_vspace_init(root, vm_kernel_root());
	/* A recycled-by-wrap ASID is impossible (see VSPACE_ASID_MAX), but
	 * start clean anyway in case firmware left entries tagged with it. */
	arch_tlb_flush_asid(asid);
	return vs;
}

int vspace_map_anon(struct vspace *vs, uintptr_t va, size_t size,
		    unsigned prot)
{
	if ((va | size) & (PAGE_SIZE - 1) || va < USER_BASE ||
	    va + size > USER_TOP || va + size < va)
		return -E_INVAL;
	unsigned long flags = spin_lock_irqsave(&vs->lock);
	int err = 0;
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		paddr_t pa = page_alloc();
		if (!pa) {
			err = -E_NOMEM;
			break;
		}
		if (pt_map(vs->root, va + off, pa, PAGE_SIZE, prot | VM_USER,
			   page_alloc)) {
			page_free(pa);
			err = -E_INVAL;
			break;
		}
		vs->pages++;
	}
	spin_unlock_irqrestore(&vs->lock, flags);
	return err;
}

/* Kernel pointer to user address va if it is mapped with all of need. */
static void *user_page(struct vspace *vs, uintptr_t va, unsigned need)
{
	if (va < USER_BASE || va >= USER_TOP)
		return NULL;
	unsigned level;
	uint64_t pte = pt_lookup(vs->root, va, &level);
	if (!pte || (arch_pte_prot(pte) & need) != need)
		return NULL;
	uint64_t span = 1ull << PT_LEVEL_SHIFT(level);
	return phys_to_virt(arch_pte_addr(pte) + (va & (span - 1)));
}

static int copy_user(struct vspace *vs, uintptr_t uva, void *kbuf,
		     size_t len, unsigned need, bool to_user)
{
	if (uva + len < uva)
		return -E_FAULT;
	unsigned long flags = spin_lock_irqsave(&vs->lock);
	int err = 0;
	uint8_t *k = kbuf;
	while (len) {
		size_t chunk = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		void *u = user_page(vs, uva, need);
		if (!u) {
			err = -E_FAULT;
			break;
		}
		if (to_user)
			memcpy(u, k, chunk);
		else
			memcpy(k, u, chunk);
		uva += chunk;
		k += chunk;
		len -= chunk;
	}
	spin_unlock_irqrestore(&vs->lock, flags);
	return err;
}

int copy_from_user(struct vspace *vs, void *dst, uintptr_t src, size_t len)
{
	return copy_user(vs, src, dst, len, VM_USER | VM_READ, false);
}

int copy_to_user(struct vspace *vs, uintptr_t dst, const void *src,
		 size_t len)
{
	return copy_user(vs, dst, (void *)src, len,
			 VM_USER | VM_READ | VM_WRITE, true);
}

int vspace_poke(struct vspace *vs, uintptr_t dst, const void *src,
		size_t len)
{
	return copy_user(vs, dst, (void *)src, len, VM_USER, true);
}

void vspace_sync_icache(struct vspace *vs, uintptr_t va, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&vs->lock);
	while (len) {
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		void *k = user_page(vs, va, VM_USER);
		if (k)
			arch_sync_icache(k, chunk);
		va += chunk;
		len -= chunk;
	}
	spin_unlock_irqrestore(&vs->lock, flags);
}

void vspace_activate(struct vspace *vs)
{
	/* Join cpus_seen before this CPU can walk the space, so a
	 * shootdown that misses the bit ran entirely before the join
	 * (kernel/vm/tlb.c). The local flush on first join orders this
	 * CPU's walks after the page-table stores that shootdown covered. */
	uint64_t self = 1ull << this_cpu()->id;
	bool join = !(atomic_load(&vs->cpus_seen) & self);
	if (join)
		atomic_fetch_or(&vs->cpus_seen, self);
	arch_vspace_activate(vs->root, vs->asid);
	if (join && !arch_tlb_broadcast)
		arch_tlb_flush_asid(vs->asid);
}

static bool range_ok(uintptr_t va, size_t len)
{
	return !((va | len) & (PAGE_SIZE - 1)) && len && va >= USER_BASE &&
	       va + len > va && va + len <= USER_TOP;
}

/* Pages taken per lock hold: keeps interrupts-off stretches short. */
#define MAP_CHUNK 64
#define UNMAP_BATCH 32

int vspace_map(struct vspace *vs, uintptr_t va, size_t len, unsigned prot)
{
	if (!range_ok(va, len))
		return -E_INVAL;
	prot |= VM_USER;
	size_t done = 0;
	int err = 0;
	while (done < len && !err) {
		unsigned long flags = spin_lock_irqsave(&vs->lock);
		for (unsigned i = 0; i < MAP_CHUNK && done < len; i++) {
			paddr_t pa = page_alloc();
			if (!pa) {
				err = -E_NOMEM;
				break;
			}
			/* A page that held code before may still be in an
			 * instruction cache. */
			if (prot & VM_EXEC)
				arch_sync_icache(phys_to_virt(pa), PAGE_SIZE);
			int r = pt_map(vs->root, va + done, pa, PAGE_SIZE, prot,
				       page_alloc);
			if (r) {
				page_free(pa);
				err = r == -1 ? -E_NOMEM : -E_BUSY;
				break;
			}
			vs->pages++;
			done += PAGE_SIZE;
		}
		spin_unlock_irqrestore(&vs->lock, flags);
	}
	if (err) {
		/* Another thread of the process may already have touched
		 * the new pages: undo through the shootdown path. */
		if (done)
			vspace_unmap(vs, va, done);
		return err;
	}
	/* Entries went from invalid to valid: arm64 never caches invalid
	 * entries, but a riscv hart may; flush this CPU so the caller can
	 * use them at once. Other CPUs would need it too on such a hart:
	 * not done (QEMU does not cache invalid entries). */
	if (!arch_tlb_broadcast) {
		size_t pages = len / PAGE_SIZE;
		if (pages > TLB_FLUSH_PAGES_MAX)
			arch_tlb_flush_asid(vs->asid);
		else
			for (size_t i = 0; i < pages; i++)
				arch_tlb_flush_page(vs->asid,
						    va + i * PAGE_SIZE);
	}
	return 0;
}

int vspace_unmap(struct vspace *vs, uintptr_t va, size_t len)
{
	if (!range_ok(va, len))
		return -E_INVAL;
	uintptr_t cur = va, end = va + len;
	while (cur < end) {
		paddr_t pas[UNMAP_BATCH];
		uintptr_t first = cur;
		unsigned long flags = spin_lock_irqsave(&vs->lock);
		int n = pt_unmap(vs->root, &cur, end, &first, pas,
				 UNMAP_BATCH);
		if (n > 0)
			vs->pages -= (size_t)n;
		spin_unlock_irqrestore(&vs->lock, flags);
		if (n < 0)
			return -E_INVAL;   /* a block mapping: never in user spaces */
		if (!n)
			break;
		/* The pages are reused only once no CPU can reach them. */
		tlb_shootdown(vs, first, cur - first);
		for (int i = 0; i < n; i++)
			page_free(pas[i]);
	}
	return 0;
}

int vspace_protect(struct vspace *vs, uintptr_t va, size_t len,
		   unsigned prot)
{
	if (!range_ok(va, len))
		return -E_INVAL;
	prot |= VM_USER;
	unsigned long flags = spin_lock_irqsave(&vs->lock);
	int r = pt_update(vs->root, va, len, prot);
	spin_unlock_irqrestore(&vs->lock, flags);
	if (r)
		return -E_FAULT;
	/* Code written through a writable mapping becomes executable. */
	if (prot & VM_EXEC)
		vspace_sync_icache(vs, va, len);
	tlb_shootdown(vs, va, len);
	return 0;
}
