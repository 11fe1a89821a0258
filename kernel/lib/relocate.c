/*
 * Self-relocation of the position-independent kernel image.
 *
 * The boot loader may put the Image anywhere in RAM (U-Boot's booti keeps it
 * where it was loaded on riscv64 and moves it to a 2 MiB boundary on arm64),
 * so the kernel is linked at 0 as a static PIE and patches its own
 * R_*_RELATIVE entries before any C code reads a pointer from data. Runs on
 * the boot CPU with no stack frame assumptions beyond a valid sp; it must not
 * itself read a relocated pointer.
 */
#include <stdint.h>

struct elf64_rela {
	uint64_t offset;
	uint64_t info;
	int64_t addend;
};

/* Returns the number of entries that were not of the relative type (should
 * be 0; the caller panics later if not, once a console exists). */
unsigned long relocate_self(uintptr_t base, const struct elf64_rela *rel,
			    const struct elf64_rela *end, uint32_t relative)
{
	unsigned long bad = 0;
	for (; rel < end; rel++) {
		if ((uint32_t)rel->info != relative) {
			bad++;
			continue;
		}
		*(uint64_t *)(base + rel->offset) = base + (uint64_t)rel->addend;
	}
	return bad;
}
