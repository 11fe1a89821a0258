/* riscv64 user mode: the user frame, syscalls and faults from U-mode. */
#include <stddef.h>

#include "arch/csr.h"
#include "arch/trap.h"
#include "kernel/arch.h"
#include "kernel/string.h"
#include "kernel/vm.h"

/* Layout fixed by trap_entry.S (from_user / riscv_return_to_user). */
struct user_frame {
	uint64_t regs[32];   /* x0..x31; x2 = user sp */
	uint64_t sepc, sstatus, scause, stval;
	uint64_t kernel_tp;  /* this CPU's struct cpu, for the next entry */
	uint64_t pad;
};

_Static_assert(sizeof(struct user_frame) == 304, "trap_entry.S UFRAME");
_Static_assert(offsetof(struct user_frame, kernel_tp) == 288,
	       "trap_entry.S UF_KTP");

const unsigned arch_user_frame_size = sizeof(struct user_frame);
const unsigned arch_elf_machine = 243;   /* EM_RISCV */

#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_SUM (1ul << 18)
#define SCAUSE_ECALL_U 8
#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

_Noreturn void riscv_return_to_user(void *frame);
void riscv_user_trap(struct user_frame *f);

void arch_user_frame_init(void *frame, uintptr_t pc, uintptr_t sp,
			  uintptr_t arg0)
{
	struct user_frame *f = frame;
	memset(f, 0, sizeof(*f));
	f->regs[REG_SP] = sp;
	f->regs[REG_A0] = arg0;
	f->sepc = pc;
	/* U-mode, interrupts on after sret, no FP (the kernel does not save
	 * it yet: an FP instruction traps and ends the thread), no access to
	 * user memory from S-mode. */
	f->sstatus = (csr_read(sstatus) | SSTATUS_SPIE) &
		     ~(SSTATUS_SPP | SSTATUS_FS | SSTATUS_SUM | SSTATUS_SIE);
}

/* RISC-V has no by-address instruction-cache maintenance: a hart makes
 * earlier stores visible to its own fetches with fence.i. Every entry to
 * user mode from a fresh thread does that (arch_enter_user), so code loaded
 * on one hart is fetched correctly wherever the thread first runs. */
void arch_sync_icache(const void *kva, size_t len)
{
	(void)kva;
	(void)len;
	__asm__ volatile("fence.i" ::: "memory");
}

_Noreturn void arch_enter_user(void *frame)
{
	__asm__ volatile("fence.i" ::: "memory");
	riscv_return_to_user(frame);
}

unsigned long arch_syscall_number(const void *frame)
{
	return ((const struct user_frame *)frame)->regs[REG_A7];
}

unsigned long arch_syscall_arg(const void *frame, unsigned i)
{
	return i < 6 ? ((const struct user_frame *)frame)->regs[REG_A0 + i]
		     : 0;
}

void arch_syscall_set_result(void *frame, long value)
{
	((struct user_frame *)frame)->regs[REG_A0] = (uint64_t)value;
}

void arch_syscall_set_result_n(void *frame, unsigned idx,
			       unsigned long value)
{
	if (idx < 6)
		((struct user_frame *)frame)->regs[REG_A0 + idx] = value;
}

void riscv_user_trap(struct user_frame *f)
{
	uint64_t cause = f->scause;
	if (cause & SCAUSE_INTERRUPT) {
		if (!riscv_handle_interrupt(cause))
			kernel_irq_exit();   /* unknown cause: ignore it */
		return;
	}
	if (cause == SCAUSE_ECALL_U) {
		f->sepc += 4;   /* resume after the ecall */
		kernel_syscall(f);
		return;
	}
	kernel_user_fault(f, riscv_exception_name(cause), f->sepc, f->stval);
}
