/* Self-relocation of the PIE kernel image (kernel/lib/relocate.c). */
#ifndef KERNEL_RELOCATE_H
#define KERNEL_RELOCATE_H

#include <stdint.h>

struct elf64_rela {
	uint64_t offset;
	uint64_t info;
	int64_t addend;
};

extern const struct elf64_rela __rela_start[], __rela_end[];

void relocate_rebase(uintptr_t write_base, uintptr_t run_base,
		     const struct elf64_rela *rel,
		     const struct elf64_rela *end, uint32_t relative);

#endif
