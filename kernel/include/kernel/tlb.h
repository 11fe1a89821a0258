/*
 * TLB shootdown for user address spaces (kernel/vm/tlb.c).
 *
 * After a page-table change that removes or narrows a translation of a
 * live space (unmap, protect), every CPU that may hold the old
 * translation must drop it before the change is reported done and before
 * a freed page is reused. Where the ISA broadcasts TLB invalidation
 * (arch_tlb_broadcast: arm64) that is one instruction; elsewhere (riscv)
 * the CPUs in the space's cpus_seen mask are asked by IPI_MSG_TLB and
 * acknowledge. Protocol and lock order: kernel/vm/tlb.c and the lock table
 * in docs/architecture.md.
 */
#ifndef KERNEL_TLB_H
#define KERNEL_TLB_H

#include <stddef.h>
#include <stdint.h>

struct vspace;

/* Above this many pages a request flushes the whole ASID instead. */
#define TLB_FLUSH_PAGES_MAX 32

/* Drop translations of [va, va+len) of vs on every CPU; returns once all
 * have done it. Thread context, interrupts enabled, no spinlock held (it
 * waits for other CPUs' interrupts). */
void tlb_shootdown(struct vspace *vs, uintptr_t va, size_t len);
/* This CPU's part of a request: from the IPI handler. */
void tlb_shootdown_interrupt(void);

#endif
