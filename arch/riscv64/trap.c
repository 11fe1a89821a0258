/* Trap decoding: ISA-defined interrupt causes and exception names, shared
 * by traps from S-mode (here) and from U-mode (user.c). */
#include <stdint.h>

#include "arch/csr.h"
#include "arch/trap.h"
#include "kernel/arch.h"

struct trap_frame {
	uint64_t regs[32];   /* x0..x31; x2 = sp before the trap, x8 = fp */
	uint64_t sepc, sstatus, scause, stval;
};

static const char *const exception_names[] = {
	"instruction address misaligned", "instruction access fault",
	"illegal instruction", "breakpoint", "load address misaligned",
	"load access fault", "store address misaligned",
	"store access fault", "ecall from U-mode", "ecall from S-mode",
	"reserved", "ecall from M-mode", "instruction page fault",
	"load page fault", "reserved", "store page fault",
};

const char *riscv_exception_name(uint64_t cause)
{
	return cause < sizeof(exception_names) / sizeof(exception_names[0])
		       ? exception_names[cause]
		       : "unknown exception";
}

bool riscv_handle_interrupt(uint64_t cause)
{
	switch (cause & ~SCAUSE_INTERRUPT) {
	case IRQ_S_SOFT:
		csr_clear(sip, SIP_SSIP);
		kernel_ipi_interrupt();
		break;
	case IRQ_S_TIMER:
		kernel_timer_interrupt();
		break;
	case IRQ_S_EXT:
		kernel_external_interrupt();
		break;
	default:
		return false;
	}
	kernel_irq_exit();
	return true;
}

void riscv_trap(struct trap_frame *f);

void riscv_trap(struct trap_frame *f)
{
	uint64_t cause = f->scause;
	if (cause & SCAUSE_INTERRUPT) {
		if (riscv_handle_interrupt(cause))
			return;
		kernel_fatal_trap("unexpected interrupt", cause, f->sepc, 0,
				  f->regs[8]);
	}
	kernel_fatal_trap(riscv_exception_name(cause), cause, f->sepc,
			  f->stval, f->regs[8]);
}
