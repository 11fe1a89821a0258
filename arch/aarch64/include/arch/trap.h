/* Exception decoding shared by the fatal path (trap.c) and the user trap
 * path (user.c). */
#ifndef ARCH_AARCH64_TRAP_H
#define ARCH_AARCH64_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* ESR_ELx.EC values the kernel acts on (Arm ARM D17.2.37). */
#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_IABT_LOWER 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOWER 0x24
#define EC_WATCHPT_LOWER 0x34

/* Name of an exception class, e.g. "data abort from lower EL". */
const char *arm64_ec_name(unsigned ec);
/* Does FAR_EL1 hold the fault address for this ESR? */
bool arm64_far_valid(uint64_t esr);

#endif
