/* RISC-V supervisor CSRs and bits the kernel uses (privileged spec). */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#include <stdint.h>

#define SSTATUS_SIE (1ul << 1)
#define SIE_SSIE (1ul << 1)   /* supervisor software (IPI) */
#define SIE_STIE (1ul << 5)   /* supervisor timer */
#define SIE_SEIE (1ul << 9)   /* supervisor external */
#define SIP_SSIP SIE_SSIE

#define SCAUSE_INTERRUPT (1ul << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

#define CSR_STIMECMP 0x14d

#define csr_read(csr)                                               \
	({                                                          \
		unsigned long __v;                                  \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v));      \
		__v;                                                \
	})
#define csr_write(csr, v) \
	__asm__ volatile("csrw " #csr ", %0" ::"rK"((unsigned long)(v)))
#define csr_set(csr, v) \
	__asm__ volatile("csrs " #csr ", %0" ::"rK"((unsigned long)(v)))
#define csr_clear(csr, v) \
	__asm__ volatile("csrc " #csr ", %0" ::"rK"((unsigned long)(v)))

#endif
