/* IPI messages over whichever doorbell the FDT provides (kernel/ipi.h). */
#include "kernel/ipi.h"

#include "kernel/bits.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/tlb.h"

static const struct ipi_ops *provider;
static _Atomic uint64_t pings_acked;

void ipi_register(const struct ipi_ops *ops)
{
	if (!provider || ops->priority > provider->priority)
		provider = ops;
}

const char *ipi_method(void)
{
	return provider ? provider->name : "none";
}

void ipi_send(struct cpu *target, enum ipi_msg msg)
{
	/* The message bit must be visible before the doorbell rings: the
	 * seq_cst OR orders it before the provider's MMIO/ecall/sysreg. */
	atomic_fetch_or(&target->ipi_msgs, (uint32_t)msg);
	if (provider)
		provider->send(target);
}

void ipi_ping(struct cpu *target)
{
	atomic_fetch_or(&target->ping_from, 1ull << this_cpu()->id);
	ipi_send(target, IPI_MSG_PING);
}

uint64_t ipi_pings_acked(void)
{
	return atomic_load(&pings_acked);
}

void kernel_ipi_interrupt(void)
{
	struct cpu *c = this_cpu();
	atomic_fetch_add_explicit(&c->ipis_received, 1, memory_order_relaxed);
	uint32_t msgs = atomic_exchange(&c->ipi_msgs, 0);
	if (msgs & IPI_MSG_STOP)
		panic_stop_this_cpu();
	if (msgs & IPI_MSG_TLB)
		tlb_shootdown_interrupt();
	if (msgs & IPI_MSG_RESCHED)
		c->need_resched = true;
	if (msgs & IPI_MSG_PING) {
		/* Count every sender, even when their doorbells coalesced. */
		uint64_t from = atomic_exchange(&c->ping_from, 0);
		atomic_fetch_add(&pings_acked, bit_count64(from));
	}
}
