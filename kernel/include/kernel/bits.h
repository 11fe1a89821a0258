/* Bit helpers that need no libgcc (its riscv64 build is hard-float). */
#ifndef KERNEL_BITS_H
#define KERNEL_BITS_H

#include <stdint.h>

static inline unsigned bit_count64(uint64_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

#endif
