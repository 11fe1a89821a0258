/* Processes and user threads. */
#include "kernel/process.h"

#include <uapi/errors.h>
#include <uapi/process.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/boot_modules.h"
#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

static _Atomic uint64_t next_pid = 1;

/*
 * Registry of processes and their live threads, for SYS_PS. One lock
 * guards the process list (append only: processes are not freed yet) and
 * every process's thread list. Lock order: registry_lock is a leaf:
 * nothing is taken under it (no allocation, user copy or printk), so it
 * may be taken under any lock but console_lock, with interrupts masked
 * (thread_exit does). Exiting threads unlink themselves before they are
 * marked DEAD, so a walker never meets a thread that could be freed.
 */
static struct spinlock registry_lock = SPINLOCK_INIT("process registry");
static struct process *reg_head, *reg_tail;

static void registry_add_process(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&registry_lock);
	p->reg_next = NULL;
	if (reg_tail)
		reg_tail->reg_next = p;
	else
		reg_head = p;
	reg_tail = p;
	spin_unlock_irqrestore(&registry_lock, flags);
}

/* Appended, so ps lists a process's threads in creation order. */
static void registry_add_thread(struct process *p, struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&registry_lock);
	struct thread **link = &p->threads;
	while (*link)
		link = &(*link)->proc_next;
	t->proc_next = NULL;
	*link = t;
	spin_unlock_irqrestore(&registry_lock, flags);
}

void process_thread_exited(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&registry_lock);
	for (struct thread **link = &t->proc->threads; *link;
	     link = &(*link)->proc_next) {
		if (*link == t) {
			*link = t->proc_next;
			break;
		}
	}
	t->proc_next = NULL;
	spin_unlock_irqrestore(&registry_lock, flags);
}

static void ps_fill(struct ps_entry *e, const struct process *p,
		    const struct thread *t)
{
	e->pid = p->pid;
	memcpy(e->name, p->name, sizeof(e->name) - 1);
	e->name[sizeof(e->name) - 1] = '\0';
	if (!t) {
		e->tid = 0;
		e->state = PS_STATE_EXITED;
		e->cpu = PS_CPU_NONE;
		return;
	}
	e->tid = t->id;
	switch (atomic_load(&t->state)) {
	case THREAD_READY: e->state = PS_STATE_READY; break;
	case THREAD_RUNNING: e->state = PS_STATE_RUNNING; break;
	case THREAD_BLOCKED: e->state = PS_STATE_BLOCKED; break;
	default: e->state = PS_STATE_DEAD; break;
	}
	/* Written by the CPU that runs it; a stale value is fine here. */
	e->cpu = *(volatile const unsigned *)&t->cpu;
}

size_t process_snapshot(struct ps_entry *out, size_t max)
{
	size_t n = 0;
	unsigned long flags = spin_lock_irqsave(&registry_lock);
	for (struct process *p = reg_head; p && n < max; p = p->reg_next) {
		if (!p->threads) {
			ps_fill(&out[n++], p, NULL);
			continue;
		}
		for (struct thread *t = p->threads; t && n < max;
		     t = t->proc_next)
			ps_fill(&out[n++], p, t);
	}
	spin_unlock_irqrestore(&registry_lock, flags);
	return n;
}

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
	/* Listed before it can run, so it is listed until thread_exit. */
	registry_add_thread(p, t);
	sched_enqueue_new(t, cpu);
	return t;
}

struct process *process_spawn_module(const char *module, unsigned cpu,
				     int *err)
{
	return process_spawn_with_handle(module, cpu, NULL, 0, err);
}

struct process *process_spawn_with_handle(const char *module, unsigned cpu,
					  struct kobj *give, uint32_t rights,
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
	/* The half-built space is leaked on failure (no vspace teardown
	 * yet); SYS_SPAWN refuses non-ELF modules before getting here. */
	if (*err)
		return NULL;
	registry_add_process(p);
	/* Before the first thread exists, so it finds the handle there. A
	 * new table has room: this cannot fail. */
	long h = give ? handle_install(&p->handles, give, rights) : 0;
	if (!thread_create_user(p, entry, USER_STACK_TOP, (uintptr_t)h,
				cpu)) {
		/* Give the reference back: the child never ran. */
		if (give)
			handle_remove(&p->handles, (unsigned long)h);
		*err = -E_NOMEM;
		return NULL;
	}
	return p;
}
