/* AArch64 system registers and bits the kernel uses (Arm ARM). */
#ifndef ARCH_AARCH64_SYSREG_H
#define ARCH_AARCH64_SYSREG_H

#include <stdint.h>

/* Registers the assembler may not know by name, by encoding. */
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_BPR1_EL1 "S3_0_C12_C12_3"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"

#define read_sysreg(reg)                                               \
	({                                                             \
		uint64_t __v;                                          \
		__asm__ volatile("mrs %0, " reg : "=r"(__v)::"memory"); \
		__v;                                                   \
	})
#define write_sysreg(reg, v) \
	__asm__ volatile("msr " reg ", %0" ::"r"((uint64_t)(v)) : "memory")

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* DAIF bits as msr daifset/daifclr immediates. */
#define DAIF_F 1
#define DAIF_I 2
#define DAIF_A 4
#define DAIF_D 8

/* SCTLR_EL1.nTWE: EL0 may wait in WFE (spin-wait loops) without a trap.
 * WFI at EL0 still traps (and ends the thread). */
#define SCTLR_EL1_NTWE (1ul << 18)
/* CNTKCTL_EL1.EL0VCTEN: EL0 may read CNTVCT_EL0 and CNTFRQ_EL0, nothing
 * else of the generic timer. */
#define CNTKCTL_EL1_EL0VCTEN (1ul << 1)

/* ESR_ELx exception class, bits [31:26]. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
/* Data/instruction abort ISS: fault status code, write-not-read, FAR not
 * valid. */
#define ESR_ISS_FSC(esr) ((unsigned)(esr) & 0x3f)
#define ESR_ISS_WNR (1ul << 6)
#define ESR_ISS_FNV (1ul << 10)

#endif
