/*
 * Kernel object memory and reference counts. IPC objects are small and
 * short-lived, so they come from one pool of KOBJ_SIZE_MAX-byte cells
 * carved from whole pages (there is no general kernel heap); freed cells
 * go back on the pool's list, pages are never returned.
 */
#include "kernel/object.h"

#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/vm.h"

struct cell {
	struct cell *next;
};

static struct spinlock pool_lock = SPINLOCK_INIT("kobj_pool");
static struct cell *pool_free;

void *kobj_alloc(size_t size)
{
	if (size > KOBJ_SIZE_MAX)
		return NULL;
	unsigned long flags = spin_lock_irqsave(&pool_lock);
	if (!pool_free) {
		/* page_alloc_lock is a leaf: fine to take under ours. */
		paddr_t pa = page_alloc();
		if (!pa) {
			spin_unlock_irqrestore(&pool_lock, flags);
			return NULL;
		}
		char *page = phys_to_virt(pa);
		for (unsigned off = 0; off < PAGE_SIZE; off += KOBJ_SIZE_MAX) {
			struct cell *c = (struct cell *)(page + off);
			c->next = pool_free;
			pool_free = c;
		}
	}
	struct cell *c = pool_free;
	pool_free = c->next;
	spin_unlock_irqrestore(&pool_lock, flags);
	memset(c, 0, KOBJ_SIZE_MAX);
	return c;
}

void kobj_free(void *p)
{
	struct cell *c = p;
	unsigned long flags = spin_lock_irqsave(&pool_lock);
	c->next = pool_free;
	pool_free = c;
	spin_unlock_irqrestore(&pool_lock, flags);
}

void kobj_init(struct kobj *o, enum kobj_type type,
	       void (*destroy)(struct kobj *))
{
	o->type = type;
	o->destroy = destroy;
	atomic_store_explicit(&o->refs, 1, memory_order_relaxed);
}

void kobj_get(struct kobj *o)
{
	/* Only a holder of a reference takes another: no resurrection. */
	atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
}

void kobj_put(struct kobj *o)
{
	uint32_t old = atomic_fetch_sub_explicit(&o->refs, 1,
						 memory_order_acq_rel);
	if (old == 1)
		o->destroy(o);
	else if (old == 0)
		panic("kobj %p (type %u): reference count underflow", o,
		      o->type);
}
