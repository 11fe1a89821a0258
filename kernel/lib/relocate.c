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

#include "kernel/relocate.h"

unsigned long relocate_self(uintptr_t base, const struct elf64_rela *rel,
			    const struct elf64_rela *end, uint32_t relative);

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

/* Re-point the image's absolute pointers at another alias of it: the
 * entries are written where the image is now (write_base) with values for
 * where it will run (run_base). Used once, to move into the upper half. */
void relocate_rebase(uintptr_t write_base, uintptr_t run_base,
		     const struct elf64_rela *rel,
		     const struct elf64_rela *end, uint32_t relative)
{
	for (; rel < end; rel++)
		if ((uint32_t)rel->info == relative)
			*(uint64_t *)(write_base + rel->offset) =
				run_base + (uint64_t)rel->addend;
}
