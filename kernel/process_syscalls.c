/*
 * Process syscalls (uapi/process.h): SYS_SPAWN starts a boot module,
 * SYS_PS lists processes and threads from the registry in process.c.
 */
#include <uapi/errors.h>
#include <uapi/handle.h>
#include <uapi/process.h>

#include "kernel/arch.h"
#include "kernel/boot_modules.h"
#include "kernel/cpu.h"
#include "kernel/handle.h"
#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

/* The caller's process. Read with interrupts masked: a preemption
 * between reading this CPU and its current thread could migrate us. */
static struct process *caller_process(void)
{
	unsigned long flags = arch_irq_save();
	struct process *p = thread_current()->proc;
	arch_irq_restore(flags);
	return p;
}

static struct vspace *caller_vspace(void)
{
	return caller_process()->vs;
}

/* A quick look at the ELF header, so that a module that is plainly not a
 * program for this CPU (modules.txt, another arch's binary) is refused
 * before an address space is made: failed loads leak theirs for now. */
static bool looks_like_program(const char *name)
{
	const void *image;
	size_t size;
	if (boot_module_find(name, &image, &size))
		return true;   /* let the spawn report -E_NOENT */
	uint8_t h[20];
	if (size < 64)
		return false;
	memcpy(h, image, sizeof(h));   /* module data is only 4-aligned */
	unsigned machine = h[18] | (unsigned)h[19] << 8;
	return h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F' &&
	       h[4] == 2 && h[5] == 1 && machine == arch_elf_machine;
}

static _Atomic unsigned spawn_cpu;

static long sys_spawn(const struct syscall_args *args)
{
	uintptr_t uname = args->a[0];
	unsigned long len = args->a[1];
	if (len == 0 || len > SPAWN_NAME_MAX)
		return -E_INVAL;
	char name[SPAWN_NAME_MAX + 1];
	if (copy_from_user(caller_vspace(), name, uname, len))
		return -E_FAULT;
	name[len] = '\0';
	if (strlen(name) != len)
		return -E_INVAL;   /* a NUL inside the name */
	if (!looks_like_program(name))
		return -E_INVAL;
	/* The handle for the child: in transit from here on, so it is the
	 * child's or, if the spawn fails, ours again; never both. */
	struct handle_table *ht = &caller_process()->handles;
	unsigned long gh = args->a[2];
	struct kobj *give = NULL;
	uint32_t rights = 0;
	if (gh != HANDLE_INVALID) {
		int e = handle_transfer_begin(ht, gh, &give, &rights);
		if (e)
			return e;
	}
	/* Spread first threads over the CPUs; idle stealing evens out the
	 * rest. */
	unsigned cpu = atomic_fetch_add(&spawn_cpu, 1) % cpu_count;
	int err;
	struct process *p = process_spawn_with_handle(name, cpu, give, rights,
						      &err);
	if (give)
		handle_transfer_end(ht, gh, p != NULL);
	if (!p)
		return err;
	return (long)p->pid;
}
SYSCALL(SYS_SPAWN, sys_spawn);

static long sys_ps(const struct syscall_args *args)
{
	uintptr_t ubuf = args->a[0];
	unsigned long count = args->a[1];
	if (count > PS_MAX)
		return -E_INVAL;
	if (count == 0)
		return 0;
	/* Snapshot into zeroed kernel pages (no stale kernel bytes reach the
	 * user), then copy out with no registry lock held. */
	size_t bytes = count * sizeof(struct ps_entry);
	unsigned order = 0;
	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	paddr_t pa = page_alloc_order(order);
	if (!pa)
		return -E_NOMEM;
	struct ps_entry *snap = phys_to_virt(pa);
	size_t n = process_snapshot(snap, count);
	int err = copy_to_user(caller_vspace(), ubuf, snap,
			       n * sizeof(struct ps_entry));
	page_free_order(pa, order);
	return err ? -E_FAULT : (long)n;
}
SYSCALL(SYS_PS, sys_ps);
