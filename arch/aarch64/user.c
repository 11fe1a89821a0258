/*
 * aarch64 user mode: the EL0 register frame, syscall accessors and the
 * decoding of synchronous exceptions from EL0 (vectors.S saves the frame
 * and calls in here).
 *
 * The frame is the top of the thread's kernel stack, and SP_EL1 holds its
 * address for as long as the thread runs at EL0, so an exception from EL0
 * saves the registers in place with no per-CPU lookup (vectors.S).
 */
#include <stddef.h>

#include "arch/sysreg.h"
#include "arch/trap.h"
#include "kernel/arch.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct user_frame {
	uint64_t x[31];      /* x0..x30 */
	uint64_t sp;         /* SP_EL0 */
	uint64_t elr;        /* where EL0 resumes */
	uint64_t spsr;       /* its PSTATE */
	uint64_t tpidr;      /* TPIDR_EL0: the user's thread pointer */
	uint64_t pad;        /* keeps the frame 16-byte aligned */
};

/* vectors.S addresses the frame by these offsets. */
_Static_assert(sizeof(struct user_frame) == 288, "vectors.S UFRAME");
_Static_assert(offsetof(struct user_frame, sp) == 248 &&
		       offsetof(struct user_frame, elr) == 256 &&
		       offsetof(struct user_frame, spsr) == 264 &&
		       offsetof(struct user_frame, tpidr) == 272,
	       "vectors.S U_* offsets");

const unsigned arch_user_frame_size = sizeof(struct user_frame);
const unsigned arch_elf_machine = 183;   /* EM_AARCH64 */

/* SPSR for EL0t, AArch64, D/A/I/F all unmasked. */
#define SPSR_EL0T 0

void arm64_user_sync(struct user_frame *f, uint64_t esr, uint64_t far);
void arm64_user_aarch32(struct user_frame *f, uint64_t esr);

void arch_user_frame_init(void *frame, uintptr_t pc, uintptr_t sp,
			  uintptr_t arg0)
{
	struct user_frame *f = frame;
	memset(f, 0, sizeof(*f));
	f->x[0] = arg0;
	f->sp = sp;
	f->elr = pc;
	f->spsr = SPSR_EL0T;
}

unsigned long arch_syscall_number(const void *frame)
{
	return ((const struct user_frame *)frame)->x[8];
}

unsigned long arch_syscall_arg(const void *frame, unsigned i)
{
	return i < 6 ? ((const struct user_frame *)frame)->x[i] : 0;
}

void arch_syscall_set_result(void *frame, long value)
{
	((struct user_frame *)frame)->x[0] = (uint64_t)value;
}

void arch_syscall_set_result_n(void *frame, unsigned idx,
			       unsigned long value)
{
	if (idx < 6)
		((struct user_frame *)frame)->x[idx] = value;
}

/* Fault status code of an abort (ISS.DFSC / IFSC), in words. */
static void fsc_text(char *buf, size_t size, unsigned fsc)
{
	static const char *const lookup[4] = {
		"address size fault", "translation fault",
		"access flag fault", "permission fault",
	};
	if (fsc < 0x10) {
		snprintk(buf, size, "%s, level %u", lookup[fsc >> 2], fsc & 3);
		return;
	}
	switch (fsc) {
	case 0x10:
		snprintk(buf, size, "synchronous external abort");
		break;
	case 0x21:
		snprintk(buf, size, "alignment fault");
		break;
	case 0x30:
		snprintk(buf, size, "TLB conflict abort");
		break;
	default:
		snprintk(buf, size, "fault status 0x%02x", fsc);
	}
}

/* Every synchronous exception from EL0 but an SVC (which vectors.S hands
 * straight to kernel_syscall): the thread did something it may not, and
 * ends. */
void arm64_user_sync(struct user_frame *f, uint64_t esr, uint64_t far)
{
	/* kernel_user_fault prints the cause before the thread ends, so a
	 * buffer on this stack outlives its use. */
	char cause[128], fsc[48];
	unsigned ec = ESR_EC(esr);
	if (ec == EC_DABT_LOWER || ec == EC_IABT_LOWER) {
		fsc_text(fsc, sizeof(fsc), ESR_ISS_FSC(esr));
		snprintk(cause, sizeof(cause), "%s (EC 0x%02x): %s%s",
			 ec == EC_DABT_LOWER ? "data abort"
					     : "instruction abort",
			 ec, ec != EC_DABT_LOWER ? ""
			     : esr & ESR_ISS_WNR ? "write, " : "read, ",
			 fsc);
	} else {
		snprintk(cause, sizeof(cause), "%s (EC 0x%02x, ESR 0x%lx)",
			 arm64_ec_name(ec), ec, (unsigned long)esr);
	}
	kernel_user_fault(f, cause, f->elr, arm64_far_valid(esr) ? far : 0);
}

/* Nothing runs at EL0 in AArch32 (no SPSR the kernel writes selects it),
 * so any exception from there ends the thread. */
void arm64_user_aarch32(struct user_frame *f, uint64_t esr)
{
	char cause[64];
	snprintk(cause, sizeof(cause), "exception from AArch32 EL0 (ESR 0x%lx)",
		 (unsigned long)esr);
	kernel_user_fault(f, cause, f->elr, 0);
}

/* Make code the kernel wrote at kva (through the direct map) visible to
 * instruction fetch on every CPU: clean the data cache to the point of
 * unification, then invalidate every CPU's instruction cache (whole, so an
 * aliasing VIPT instruction cache is covered too). The exception return to
 * user mode that follows on each CPU is the context synchronisation. */
void arch_sync_icache(const void *kva, size_t len)
{
	uint64_t ctr = read_sysreg("ctr_el0");
	if (!(ctr & (1ul << 28))) {   /* IDC clear: D-cache clean needed */
		uintptr_t line = 4ul << ((ctr >> 16) & 0xf);   /* DminLine */
		uintptr_t p = (uintptr_t)kva & ~(line - 1);
		for (; p < (uintptr_t)kva + len; p += line)
			__asm__ volatile("dc cvau, %0" ::"r"(p) : "memory");
	}
	dsb(ish);
	if (!(ctr & (1ul << 29)))     /* DIC clear: I-cache invalidate needed */
		__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
