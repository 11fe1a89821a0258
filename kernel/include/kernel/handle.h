/*
 * Per-process handle tables (kernel/object/handle.c). A slot holds an
 * object reference, the rights on it and a generation; a handle is
 * (generation << HANDLE_INDEX_BITS) | index, so a stale handle to a slot
 * that was closed and reused no longer matches. The table lives inside
 * struct process; its lock is a leaf (kobj_put runs after the unlock).
 */
#ifndef KERNEL_HANDLE_H
#define KERNEL_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

#include <uapi/handle.h>

#include "kernel/object.h"
#include "kernel/spinlock.h"

#define HANDLE_INDEX_BITS 8
#define HANDLE_TABLE_SIZE 64      /* slots per process (<= 256) */
#define HANDLE_GEN_MASK 0x7fffffu /* bit 31 stays clear: handles are >= 0 */

struct handle_slot {
	struct kobj *obj;         /* NULL: free */
	uint32_t rights;
	uint32_t gen;             /* of the current or last occupant */
	/* Moving to another process (handle_transfer_begin): the handle no
	 * longer works and the slot is not reused; obj is kept (without a
	 * reference) so that a failed transfer can put it back. */
	bool in_transit;
};

struct handle_table {
	struct spinlock lock;     /* zeroed memory is a free ticket lock */
	bool dead;                /* released: installs fail from now on */
	struct handle_slot slot[HANDLE_TABLE_SIZE];
};

/* Put obj in a free slot with rights; the slot takes over the caller's
 * reference. The handle, or -E_NOMEM when the table is full (the
 * reference is then still the caller's). */
long handle_install(struct handle_table *ht, struct kobj *obj,
		    uint32_t rights);
/* Look h up: it must name an object of `type` (else -E_BADHANDLE) held
 * with every right in `need` (else -E_ACCESS). On 0, *out holds a new
 * reference the caller drops with kobj_put. */
int handle_get(struct handle_table *ht, unsigned long h,
	       enum kobj_type type, uint32_t need, struct kobj **out);
int handle_close(struct handle_table *ht, unsigned long h);
/* Take h out of the table without dropping its reference: that becomes
 * the caller's. The object, or NULL if h is not valid. */
struct kobj *handle_remove(struct handle_table *ht, unsigned long h);
/* A second handle to h's object with rights (a subset of h's). */
long handle_dup(struct handle_table *ht, unsigned long h, uint32_t rights);
/* Close every handle (process teardown). Handles in transit are left to
 * the transfer that holds them; later installs fail. */
void handle_table_release(struct handle_table *ht);

/*
 * Moving a handle to another process (IPC, spawn). begin: h must be
 * valid (else -E_BADHANDLE) and hold RIGHT_TRANSFER (else -E_ACCESS).
 * On 0 the slot is in transit: h is refused in this process from now on
 * and the slot is not reused; the slot's reference is now the caller's
 * (*obj, with the slot's rights in *rights). The caller gives that
 * reference to the receiver (handle_install) and then calls end with
 * delivered = true, which frees the slot; or, if the transfer failed,
 * with delivered = false, which makes h valid again with the reference
 * (dropped instead if the table was released meanwhile). Exactly one end
 * per successful begin.
 */
int handle_transfer_begin(struct handle_table *ht, unsigned long h,
			  struct kobj **obj, uint32_t *rights);
void handle_transfer_end(struct handle_table *ht, unsigned long h,
			 bool delivered);

#endif
