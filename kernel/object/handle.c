/* Per-process handle tables and the syscalls that manage handles. */
#include "kernel/handle.h"

#include <uapi/errors.h>
#include <uapi/ipc.h>

#include "kernel/memory.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"

/* process.c allocates a struct process as one page. */
_Static_assert(sizeof(struct process) <= PAGE_SIZE,
	       "struct process (with its handle table) outgrew its page");
_Static_assert(HANDLE_TABLE_SIZE <= (1u << HANDLE_INDEX_BITS),
	       "handle index bits");

static unsigned long make_handle(unsigned idx, uint32_t gen)
{
	return ((unsigned long)gen << HANDLE_INDEX_BITS) | idx;
}

/* The slot h names, or NULL if h is malformed, free or stale. Lock held. */
static struct handle_slot *slot_of(struct handle_table *ht, unsigned long h)
{
	if (h > 0xfffffffful)
		return NULL;
	unsigned idx = h & ((1u << HANDLE_INDEX_BITS) - 1);
	uint32_t gen = (uint32_t)(h >> HANDLE_INDEX_BITS);
	if (idx >= HANDLE_TABLE_SIZE)
		return NULL;
	struct handle_slot *s = &ht->slot[idx];
	if (!s->obj || s->gen != gen || s->in_transit)
		return NULL;
	return s;
}

long handle_install(struct handle_table *ht, struct kobj *obj,
		    uint32_t rights)
{
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	/* A released table is never released again: no install may leave
	 * a reference in it. */
	for (unsigned i = 0; !ht->dead && i < HANDLE_TABLE_SIZE; i++) {
		struct handle_slot *s = &ht->slot[i];
		if (s->obj)
			continue;   /* in use or in transit */
		/* A new generation for every occupant; 0 is never used, so
		 * handle 0 is never valid. */
		s->gen = (s->gen + 1) & HANDLE_GEN_MASK;
		if (!s->gen)
			s->gen = 1;
		s->obj = obj;
		s->rights = rights;
		long h = (long)make_handle(i, s->gen);
		spin_unlock_irqrestore(&ht->lock, flags);
		return h;
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	return -E_NOMEM;
}

int handle_get(struct handle_table *ht, unsigned long h,
	       enum kobj_type type, uint32_t need, struct kobj **out)
{
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	struct handle_slot *s = slot_of(ht, h);
	int err = 0;
	if (!s || s->obj->type != type)
		err = -E_BADHANDLE;
	else if ((s->rights & need) != need)
		err = -E_ACCESS;
	else {
		/* Taken under the lock: a concurrent close cannot drop the
		 * slot's reference before ours exists. */
		kobj_get(s->obj);
		*out = s->obj;
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	return err;
}

struct kobj *handle_remove(struct handle_table *ht, unsigned long h)
{
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	struct handle_slot *s = slot_of(ht, h);
	struct kobj *obj = s ? s->obj : NULL;
	if (s) {
		s->obj = NULL;
		s->rights = 0;
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	return obj;
}

int handle_close(struct handle_table *ht, unsigned long h)
{
	struct kobj *obj = handle_remove(ht, h);
	if (!obj)
		return -E_BADHANDLE;
	kobj_put(obj);   /* after the unlock: destroy may take other locks */
	return 0;
}

long handle_dup(struct handle_table *ht, unsigned long h, uint32_t rights)
{
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	struct handle_slot *s = slot_of(ht, h);
	struct kobj *obj = NULL;
	long err = 0;
	/* The handle first, then the argument, as every handle syscall
	 * checks (docs/syscalls.md "Order of checks"). */
	if (!s)
		err = -E_BADHANDLE;
	else if (!(s->rights & RIGHT_DUP))
		err = -E_ACCESS;
	else if (rights & ~RIGHTS_ALL)
		err = -E_INVAL;
	else if (rights & ~s->rights)
		err = -E_ACCESS;
	else {
		obj = s->obj;
		kobj_get(obj);
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	if (err)
		return err;
	long nh = handle_install(ht, obj, rights);
	if (nh < 0)
		kobj_put(obj);
	return nh;
}

void handle_table_release(struct handle_table *ht)
{
	for (unsigned i = 0; i < HANDLE_TABLE_SIZE; i++) {
		unsigned long flags = spin_lock_irqsave(&ht->lock);
		ht->dead = true;
		struct handle_slot *s = &ht->slot[i];
		/* An in-transit reference belongs to its transfer, whose
		 * end drops it (the table is dead by then). */
		struct kobj *obj = s->in_transit ? NULL : s->obj;
		if (obj) {
			s->obj = NULL;
			s->rights = 0;
		}
		spin_unlock_irqrestore(&ht->lock, flags);
		if (obj)
			kobj_put(obj);
	}
}

int handle_transfer_begin(struct handle_table *ht, unsigned long h,
			  struct kobj **obj, uint32_t *rights)
{
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	struct handle_slot *s = slot_of(ht, h);
	int err = 0;
	if (!s)
		err = -E_BADHANDLE;
	else if (!(s->rights & RIGHT_TRANSFER))
		err = -E_ACCESS;
	else {
		/* The slot's reference changes hands under the lock: a
		 * concurrent close in this process finds no handle. */
		s->in_transit = true;
		*obj = s->obj;
		*rights = s->rights;
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	return err;
}

void handle_transfer_end(struct handle_table *ht, unsigned long h,
			 bool delivered)
{
	unsigned idx = h & ((1u << HANDLE_INDEX_BITS) - 1);
	struct handle_slot *s = &ht->slot[idx];   /* begin checked h */
	struct kobj *drop = NULL;
	unsigned long flags = spin_lock_irqsave(&ht->lock);
	s->in_transit = false;
	if (!delivered && ht->dead)
		drop = s->obj;   /* nobody would close it again */
	if (delivered || ht->dead) {
		s->obj = NULL;
		s->rights = 0;
	}
	spin_unlock_irqrestore(&ht->lock, flags);
	if (drop)
		kobj_put(drop);
}

static struct handle_table *my_handles(void)
{
	return &thread_current()->proc->handles;
}

static long sys_handle_close(const struct syscall_args *args)
{
	return handle_close(my_handles(), args->a[0]);
}
SYSCALL(SYS_HANDLE_CLOSE, sys_handle_close);

static long sys_handle_dup(const struct syscall_args *args)
{
	/* Bits above 32 must not be cut off: any unknown bit becomes one
	 * handle_dup refuses (-E_INVAL) once the handle checks pass. */
	uint32_t rights = args->a[1] > RIGHTS_ALL ? ~0u : (uint32_t)args->a[1];
	return handle_dup(my_handles(), args->a[0], rights);
}
SYSCALL(SYS_HANDLE_DUP, sys_handle_dup);
