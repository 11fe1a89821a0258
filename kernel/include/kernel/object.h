/*
 * Kernel objects that handles name (kernel/object/). Each starts with a
 * struct kobj: its type, a reference count and the function that frees
 * it. A handle holds one reference, and so does every syscall while it
 * uses the object (including while it is blocked on it), so an object
 * closed by its last handle lives until the last such use ends.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum kobj_type {
	KOBJ_NONE = 0,
	KOBJ_ENDPOINT,
	KOBJ_NOTIFICATION,
};

struct kobj {
	uint32_t type;                   /* enum kobj_type, fixed */
	_Atomic uint32_t refs;
	void (*destroy)(struct kobj *);  /* called when refs reaches 0 */
};

/* Zeroed memory for an object of up to KOBJ_SIZE_MAX bytes, or NULL. */
#define KOBJ_SIZE_MAX 128
void *kobj_alloc(size_t size);
void kobj_free(void *p);

/* refs = 1 (the creator's). */
void kobj_init(struct kobj *o, enum kobj_type type,
	       void (*destroy)(struct kobj *));
void kobj_get(struct kobj *o);
void kobj_put(struct kobj *o);

#endif
