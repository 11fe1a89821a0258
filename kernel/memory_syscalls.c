/*
 * Memory syscalls (uapi/memory.h): map, unmap and protect anonymous pages
 * in the caller's own address space. The page-table work and the TLB
 * shootdown are in kernel/vspace.c and kernel/vm/tlb.c.
 */
#include <uapi/errors.h>
#include <uapi/memory.h>
#include <uapi/syscall.h>

#include "kernel/memory.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

_Static_assert(MEM_PAGE_SIZE == PAGE_SIZE, "uapi page size");

/* Range rules shared by all three calls; vspace_* re-checks the range. */
static bool args_ok(unsigned long va, unsigned long len)
{
	return len && len <= MEM_LEN_MAX && !((va | len) & (PAGE_SIZE - 1)) &&
	       va >= USER_BASE && va < USER_TOP && len <= USER_TOP - va;
}

/* uapi prot -> VM_* bits; 0 when the combination is refused. */
static unsigned prot_to_vm(unsigned long prot)
{
	const unsigned long all = MEM_PROT_READ | MEM_PROT_WRITE |
				  MEM_PROT_EXEC;
	if (!prot || (prot & ~all))
		return 0;
	/* W^X: a page is never writable and executable at once. */
	if ((prot & MEM_PROT_WRITE) && (prot & MEM_PROT_EXEC))
		return 0;
	unsigned vm = 0;
	if (prot & MEM_PROT_READ)
		vm |= VM_READ;
	if (prot & MEM_PROT_WRITE)
		vm |= VM_READ | VM_WRITE;
	if (prot & MEM_PROT_EXEC)
		vm |= VM_EXEC;
	return vm;
}

static struct vspace *my_space(void)
{
	return thread_current()->proc->vs;
}

static long sys_map(const struct syscall_args *args)
{
	unsigned vm = prot_to_vm(args->a[2]);
	if (!args_ok(args->a[0], args->a[1]) || !vm)
		return -E_INVAL;
	return vspace_map(my_space(), args->a[0], args->a[1], vm);
}
SYSCALL(SYS_MAP, sys_map);

static long sys_unmap(const struct syscall_args *args)
{
	if (!args_ok(args->a[0], args->a[1]))
		return -E_INVAL;
	return vspace_unmap(my_space(), args->a[0], args->a[1]);
}
SYSCALL(SYS_UNMAP, sys_unmap);

static long sys_protect(const struct syscall_args *args)
{
	unsigned vm = prot_to_vm(args->a[2]);
	if (!args_ok(args->a[0], args->a[1]) || !vm)
		return -E_INVAL;
	return vspace_protect(my_space(), args->a[0], args->a[1], vm);
}
SYSCALL(SYS_PROTECT, sys_protect);
