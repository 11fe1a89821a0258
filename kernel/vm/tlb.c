/*
 * TLB shootdown (kernel/tlb.h).
 *
 * Which CPUs may hold a space's translations: vspace_activate() sets the
 * CPU's bit in vs->cpus_seen (sequentially consistent RMW) before the CPU
 * first walks the space, and bits are never cleared: a CPU that switched
 * away still holds entries tagged with the space's ASID, and ASIDs are
 * not recycled. A CPU joining for the first time flushes the ASID locally
 * after setting its bit.
 *
 * Protocol on an ISA without broadcast invalidation (riscv), one request
 * at a time under tlb_lock:
 *   initiator: page tables already changed (under vs->lock, released)
 *              -> seq_cst fence -> read cpus_seen (so a CPU that joins
 *              later has set its bit after our PTE stores, and its join
 *              flush orders its walks after them)
 *              -> flush locally if our bit is set
 *              -> publish req {asid, va, pages} and then req.pending =
 *              targets (release) -> IPI_MSG_TLB to each target
 *              -> spin until req.pending == 0 (at most TLB_ACK_TIMEOUT_MS,
 *              then panic: a CPU that does not take interrupts for that
 *              long is a kernel bug, and going on would leave another CPU
 *              able to reach a freed page)
 *   target:    IPI handler: if its bit is in req.pending (acquire), flush
 *              req's range (or the whole ASID above TLB_FLUSH_PAGES_MAX
 *              pages) and clear its bit (release).
 * Pages removed from the tables are freed only after tlb_shootdown
 * returns.
 *
 * Lock order: tlb_lock is taken with interrupts enabled and no other lock
 * held, and nothing is taken under it (a panic's console_lock aside). The
 * initiator waits with interrupts enabled, so two CPUs that both want
 * tlb_lock still answer each other's requests while they spin; targets
 * answer from interrupt context without any lock. Holding tlb_lock
 * disables preemption (spin_lock), so the initiator stays on its CPU.
 */
#include "kernel/tlb.h"

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/ipi.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/vspace.h"

/* Far above any interrupts-off stretch, generous for a loaded QEMU host. */
#define TLB_ACK_TIMEOUT_MS 5000

static struct spinlock tlb_lock = SPINLOCK_INIT("tlb");

/* The request in flight; fields other than pending are written by the
 * tlb_lock holder before pending is published. */
static struct {
	unsigned asid;
	uintptr_t va;
	size_t pages;
	_Atomic uint64_t pending;   /* CPUs that have not flushed yet */
} req;

static void flush_local(unsigned asid, uintptr_t va, size_t pages)
{
	if (pages > TLB_FLUSH_PAGES_MAX) {
		arch_tlb_flush_asid(asid);
		return;
	}
	for (size_t i = 0; i < pages; i++)
		arch_tlb_flush_page(asid, va + i * PAGE_SIZE);
}

void tlb_shootdown(struct vspace *vs, uintptr_t va, size_t len)
{
	size_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	if (!pages)
		return;
	/* Waiting for other CPUs' interrupts while holding a lock they
	 * might spin on with interrupts off would deadlock (checked on
	 * every ISA so a misuse shows up on arm64 too). */
	unsigned long irq = arch_irq_save();   /* read our own CPU's count */
	BUG_ON(this_cpu()->preempt_count != 0);
	arch_irq_restore(irq);
	if (arch_tlb_broadcast) {
		/* One broadcast invalidation, complete on every CPU. */
		flush_local(vs->asid, va, pages);
		return;
	}
	spin_lock(&tlb_lock);
	uint64_t self = 1ull << this_cpu()->id;
	atomic_thread_fence(memory_order_seq_cst);
	uint64_t targets = atomic_load(&vs->cpus_seen);
	if (targets & self)
		flush_local(vs->asid, va, pages);
	targets &= ~self;
	if (targets) {
		req.asid = vs->asid;
		req.va = va;
		req.pages = pages;
		atomic_store(&req.pending, targets);
		for (unsigned i = 0; i < cpu_count; i++) {
			if (!(targets & (1ull << i)))
				continue;
			ipi_send(&cpus[i], IPI_MSG_TLB);
		}
		uint64_t deadline =
			timer_now() + timer_hz() * TLB_ACK_TIMEOUT_MS / 1000;
		uint64_t left;
		while ((left = atomic_load(&req.pending))) {
			if (timer_now() > deadline)
				panic("tlb shootdown: cpus 0x%lx did not "
				      "acknowledge asid %u va 0x%lx within "
				      "%d ms",
				      (unsigned long)left, vs->asid,
				      (unsigned long)va, TLB_ACK_TIMEOUT_MS);
			arch_cpu_relax();
		}
	}
	spin_unlock(&tlb_lock);
}

void tlb_shootdown_interrupt(void)
{
	uint64_t self = 1ull << this_cpu()->id;
	if (!(atomic_load(&req.pending) & self))
		return;   /* a coalesced doorbell for a request already done */
	flush_local(req.asid, req.va, req.pages);
	atomic_fetch_and(&req.pending, ~self);
}
