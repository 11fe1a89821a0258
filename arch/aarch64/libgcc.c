/*
 * Compiler run-time helpers that libgcc implements with FP/SIMD
 * instructions (its __popcountdi2 uses CNT on a vector register). The
 * kernel is built with -mgeneral-regs-only and keeps FP/SIMD trapped, so
 * it brings integer versions. Weak: a generic kernel/lib version, if one
 * is added, takes precedence; either way libgcc's member is not pulled in.
 */
#include <stdint.h>

int __popcountdi2(uint64_t x) __attribute__((weak));

int __popcountdi2(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}
