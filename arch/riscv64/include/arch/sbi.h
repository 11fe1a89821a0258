/* Supervisor Binary Interface calls (RISC-V SBI spec v0.2+). */
#ifndef ARCH_RISCV_SBI_H
#define ARCH_RISCV_SBI_H

#include <stdbool.h>
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid,
		       unsigned long a0, unsigned long a1, unsigned long a2);
bool sbi_probe(unsigned long ext);
long sbi_hart_start(unsigned long hartid, unsigned long start,
		    unsigned long opaque);
void sbi_set_timer(uint64_t when);
long sbi_send_ipi(unsigned long mask, unsigned long base);
int sbi_init(void);

#endif
