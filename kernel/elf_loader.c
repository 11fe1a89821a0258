/*
 * ELF64 loader for user programs from the boot modules. The file is
 * untrusted input: every header field is checked against the file size
 * and the user address range before anything is mapped.
 */
#include <uapi/errors.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/memory.h"
#include "kernel/process.h"
#include "kernel/vspace.h"

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ET_EXEC 2
#define PHNUM_MAX 16

static bool in_user(uint64_t va, uint64_t len)
{
	return va >= USER_BASE && va + len >= va && va + len <= USER_TOP;
}

int elf_load(struct vspace *vs, const void *image, size_t size,
	     uintptr_t *entry)
{
	const struct elf64_ehdr *eh = image;
	if (size < sizeof(*eh) || eh->ident[0] != 0x7f || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F' ||
	    eh->ident[4] != 2 /* 64-bit */ || eh->ident[5] != 1 /* LE */ ||
	    eh->type != ET_EXEC || eh->machine != arch_elf_machine ||
	    eh->phentsize != sizeof(struct elf64_phdr) ||
	    eh->phnum == 0 || eh->phnum > PHNUM_MAX ||
	    eh->phoff > size ||
	    size - eh->phoff < (uint64_t)eh->phnum * sizeof(struct elf64_phdr) ||
	    (eh->phoff & 7))
		return -E_INVAL;
	const struct elf64_phdr *ph =
		(const void *)((const uint8_t *)image + eh->phoff);
	bool entry_ok = false;
	for (unsigned i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		/* W^X: a segment may be written or run, never both. */
		if ((p->flags & PF_W) && (p->flags & PF_X))
			return -E_INVAL;
		if (p->filesz > p->memsz || p->offset > size ||
		    size - p->offset < p->filesz || !in_user(p->vaddr, p->memsz))
			return -E_INVAL;
		uintptr_t lo = p->vaddr & ~(uintptr_t)(PAGE_SIZE - 1);
		uintptr_t hi = (p->vaddr + p->memsz + PAGE_SIZE - 1) &
			       ~(uintptr_t)(PAGE_SIZE - 1);
		unsigned prot = VM_USER;
		if (p->flags & PF_R)
			prot |= VM_READ;
		if (p->flags & PF_W)
			prot |= VM_WRITE | VM_READ;
		if (p->flags & PF_X)
			prot |= VM_EXEC;
		int err = vspace_map_anon(vs, lo, hi - lo, prot);
		if (err)
			return err;   /* overlapping segments land here too */
		err = vspace_poke(vs, p->vaddr,
				  (const uint8_t *)image + p->offset, p->filesz);
		if (err)
			return err;
		if (p->flags & PF_X)
			vspace_sync_icache(vs, p->vaddr, p->filesz);
		if ((p->flags & PF_X) && eh->entry >= p->vaddr &&
		    eh->entry < p->vaddr + p->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return -E_INVAL;
	*entry = eh->entry;
	return 0;
}
