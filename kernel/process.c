/* Processes and user threads. */
#include "kernel/process.h"

#include <uapi/errors.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/boot_modules.h"
#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/string.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

static _Atomic uint64_t next_pid = 1;

void sched_enqueue_new(struct thread *t, unsigned cpu);

/* Kernel side of a new user thread: its first switch lands here. */
static void user_thread_start(void *unused)
{
	(void)unused;
	struct thread *t = thread_current();
	vspace_activate(t->proc->vs);
	arch_irq_save();
	arch_enter_user(t->uframe);
}

struct thread *thread_create_user(struct process *p, uintptr_t pc,
				  uintptr_t sp, uintptr_t arg, unsigned cpu)
{
	paddr_t block = page_alloc_order(THREAD_STACK_ORDER);
	if (!block)
		return NULL;
	struct thread *t = phys_to_virt(block);
	memset(t, 0, sizeof(*t));
	t->kstack_base = block;
	t->id = thread_next_id();
	t->entry = user_thread_start;
	t->proc = p;
	memcpy(t->name, p->name, sizeof(t->name) - 1);
	uintptr_t top = (uintptr_t)t + (PAGE_SIZE << THREAD_STACK_ORDER);
	/* The user frame is the top of the kernel stack; kernel frames go
	 * below it. */
	t->uframe = (void *)(top - arch_user_frame_size);
	arch_user_frame_init(t->uframe, pc, sp, arg);
	t->ksp = arch_thread_stack_init((uintptr_t)t->uframe & ~15ul);
	sched_enqueue_new(t, cpu);
	return t;
}

struct process *process_spawn_module(const char *module, unsigned cpu,
				     int *err)
{
	const void *image;
	size_t size;
	if (boot_module_find(module, &image, &size)) {
		*err = -E_NOENT;
		return NULL;
	}
	paddr_t page = page_alloc();
	struct vspace *vs = page ? vspace_create() : NULL;
	if (!vs) {
		if (page)
			page_free(page);
		*err = -E_NOMEM;
		return NULL;
	}
	struct process *p = phys_to_virt(page);
	p->vs = vs;
	p->pid = atomic_fetch_add(&next_pid, 1);
	size_t n = strnlen(module, sizeof(p->name) - 1);
	memcpy(p->name, module, n);
	uintptr_t entry;
	*err = elf_load(vs, image, size, &entry);
	if (!*err)
		*err = vspace_map_anon(vs, USER_STACK_TOP - USER_STACK_SIZE,
				       USER_STACK_SIZE, VM_READ | VM_WRITE);
	if (*err)
		return NULL;   /* the half-built space is leaked: boot only */
	if (!thread_create_user(p, entry, USER_STACK_TOP, 0, cpu)) {
		*err = -E_NOMEM;
		return NULL;
	}
	return p;
}
