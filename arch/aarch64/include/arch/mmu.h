/* aarch64 MMU set-up shared by mmu.c and mmu_switch.S. */
#ifndef ARCH_AARCH64_MMU_H
#define ARCH_AARCH64_MMU_H

/* MAIR_EL1 attribute slots: Normal write-back (RAM), Device-nGnRE. */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_EL1_VALUE 0x04ff   /* Attr1 = 0x04, Attr0 = 0xff */

/* TCR_EL1 without IPS (filled in from ID_AA64MMFR0_EL1.PARange):
 * T0SZ = T1SZ = 16 (48-bit halves), TG0 = 4K, TG1 = 4K, walks
 * inner/outer write-back write-allocate, inner shareable; 8-bit ASIDs
 * taken from TTBR0. */
#define TCR_EL1_VALUE 0xb5103510
#define TCR_IPS_SHIFT 32
#define TCR_IPS_48BIT 5   /* the most a 4K granule reaches without LPA2 */

/* SCTLR_EL1 bits turned on with the MMU: M, C, SA, SA0 (I is on from
 * entry.S). */
#define SCTLR_EL1_MMU_ON 0x1d

/* struct arch_mmu_boot offsets (checked in mmu.c). */
#define MMU_BOOT_KERNEL_ROOT 0
#define MMU_BOOT_IDENTITY_ROOT 8
#define MMU_BOOT_DELTA 16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* mmu_switch.S: invalidate the image's cache lines, MMU on, then move sp
 * and jump to next + delta with x0 = arg. */
_Noreturn void arm64_mmu_on_and_jump(uint64_t kernel_root_pa,
				     uint64_t identity_root_pa,
				     uintptr_t delta, void (*next)(uintptr_t),
				     uintptr_t arg);
/* Point this CPU's TTBR0 away from the boot identity map (at an empty
 * root) and flush its TLB: once a CPU runs in the upper half. */
void arm64_drop_identity_map(void);
#endif

#endif
