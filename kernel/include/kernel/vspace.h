/*
 * User address spaces. Each has its own root table and ASID; its lower
 * half belongs to the process, its upper half is the kernel's. The lock
 * serialises changes to the tables and user-memory copies that walk them.
 */
#ifndef KERNEL_VSPACE_H
#define KERNEL_VSPACE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/spinlock.h"
#include "kernel/vm.h"

struct vspace {
	paddr_t root;
	unsigned asid;
	struct spinlock lock;    /* see the lock table in docs/architecture.md */
	size_t pages;            /* user pages mapped */
	/* CPUs that have activated this space and may hold its
	 * translations (kernel/vm/tlb.c); set, never cleared. */
	_Atomic uint64_t cpus_seen;
};

/* Software limit on live address spaces (ASIDs are not recycled yet). */
#define VSPACE_ASID_MAX 255

struct vspace *vspace_create(void);
/* Map fresh zeroed pages at [va, va+size) with prot (VM_* | VM_USER). */
int vspace_map_anon(struct vspace *vs, uintptr_t va, size_t size,
		    unsigned prot);
/* Copy between kernel memory and user addresses of vs, checking every page
 * is mapped, user-accessible and (for writes) writable. 0 or -E_FAULT. */
int copy_from_user(struct vspace *vs, void *dst, uintptr_t src, size_t len);
int copy_to_user(struct vspace *vs, uintptr_t dst, const void *src,
		 size_t len);
/* Write into a vspace ignoring its permissions (the loader fills code). */
int vspace_poke(struct vspace *vs, uintptr_t dst, const void *src,
		size_t len);
/* Make code written into vs (through the direct map) visible to
 * instruction fetch at its user address. */
void vspace_sync_icache(struct vspace *vs, uintptr_t va, size_t len);
void vspace_activate(struct vspace *vs);

/* The memory syscalls' side (uapi/memory.h), prot = VM_READ/WRITE/EXEC
 * (VM_USER is added). Each checks the range (page-aligned, non-empty,
 * inside the user range, no wrap: -E_INVAL) and returns only once no CPU
 * can use a removed or narrowed translation any more. Thread context,
 * interrupts enabled, no lock held.
 * vspace_map: fresh zeroed pages, all or nothing: -E_BUSY if a page is
 * already mapped, -E_NOMEM on exhaustion (what it mapped is unmapped). */
int vspace_map(struct vspace *vs, uintptr_t va, size_t len, unsigned prot);
/* Unmap and free the pages of [va, va+len); holes are skipped. */
int vspace_unmap(struct vspace *vs, uintptr_t va, size_t len);
/* Change every page of [va, va+len) to prot; -E_FAULT (nothing changed)
 * if a page of the range is not mapped. */
int vspace_protect(struct vspace *vs, uintptr_t va, size_t len,
		   unsigned prot);

#endif
