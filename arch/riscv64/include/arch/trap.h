/* Trap decoding shared by S-mode and U-mode traps (trap.c). */
#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include <stdbool.h>
#include <stdint.h>

const char *riscv_exception_name(uint64_t cause);
/* Handles an interrupt cause and runs kernel_irq_exit; false if the cause
 * is not one the kernel enables. */
bool riscv_handle_interrupt(uint64_t cause);

#endif
