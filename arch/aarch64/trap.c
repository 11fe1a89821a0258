/* Exception decoding: every kernel-mode vector but an IRQ, and FIQs and
 * SErrors from user mode, end here, fatally (user.c handles the rest). */
#include <stdint.h>

#include "arch/sysreg.h"
#include "arch/trap.h"
#include "kernel/arch.h"
#include "kernel/printk.h"

struct trap_frame {
	uint64_t regs[31];   /* x0..x30; x29 = fp */
	uint64_t sp;         /* before the exception */
	uint64_t elr, spsr, esr, far;
	uint64_t record[2];  /* frame record {x29, elr} for backtraces */
};

_Static_assert(sizeof(struct trap_frame) == 304, "vectors.S FRAME");

void arm64_trap(struct trap_frame *f, unsigned kind);

static const char *const kind_names[4] = {
	"synchronous", "IRQ", "FIQ", "SError",
};
static const char *const origin_names[4] = {
	"EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)",
};

/* ESR_ELx.EC values (Arm ARM D17.2.37). */
const char *arm64_ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "undefined instruction";
	case 0x01: return "trapped WFI/WFE";
	case 0x07: return "FP/SIMD access trapped";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC";
	case 0x16: return "HVC";
	case 0x17: return "SMC";
	case 0x18: return "trapped MSR/MRS/system instruction";
	case 0x19: return "SVE access trapped";
	case 0x1c: return "pointer authentication failure";
	case 0x20: return "instruction abort from lower EL";
	case 0x21: return "instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from lower EL";
	case 0x25: return "data abort";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "FP exception";
	case 0x2f: return "SError";
	case 0x30: case 0x31: return "breakpoint";
	case 0x32: case 0x33: return "software step";
	case 0x34: case 0x35: return "watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "unknown exception class";
	}
}

/* FAR_EL1 holds a fault address only for these classes, and for a data
 * abort only while ISS.FnV is clear; otherwise it is UNKNOWN and printing
 * it would mislead. */
bool arm64_far_valid(uint64_t esr)
{
	unsigned ec = ESR_EC(esr);
	if ((ec == 0x24 || ec == 0x25) && (esr & ESR_ISS_FNV))
		return false;
	return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 ||
	       ec == 0x25 || ec == 0x34 || ec == 0x35;
}

void arm64_trap(struct trap_frame *f, unsigned kind)
{
	/* kernel_fatal_trap never returns, so this buffer outlives its use. */
	char cause[128];
	unsigned type = kind & 3, origin = (kind >> 2) & 3;
	unsigned ec = ESR_EC(f->esr);
	uintptr_t addr = 0;
	if (type == 0) {
		/* lr: a fault in a leaf function has no frame record, so
		 * its caller shows only here. */
		snprintk(cause, sizeof(cause), "%s (EC 0x%02x) from %s, lr=%p",
			 arm64_ec_name(ec), ec, origin_names[origin],
			 (void *)f->regs[30]);
		if (arm64_far_valid(f->esr))
			addr = f->far;
	} else {
		snprintk(cause, sizeof(cause), "%s from %s%s",
			 kind_names[type], origin_names[origin],
			 type == 3 ? " (asynchronous abort)" : "");
	}
	/* Only synchronous exceptions and SErrors write ESR_EL1. */
	uint64_t code = (type == 0 || type == 3) ? f->esr : 0;
	kernel_fatal_trap(cause, code, f->elr, addr, f->regs[29]);
}
