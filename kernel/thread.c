/* Kernel thread creation and exit. */
#include "kernel/thread.h"

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/vm.h"

static _Atomic uint64_t next_id = 1;

void sched_enqueue_new(struct thread *t, unsigned cpu);

uint64_t thread_next_id(void)
{
	return atomic_fetch_add(&next_id, 1);
}

/* The struct thread sits at the bottom of its own stack block, so one
 * allocation holds both and one free releases both. */
struct thread *thread_create_kernel(const char *name, void (*entry)(void *),
				    void *arg, unsigned cpu)
{
	paddr_t block = page_alloc_order(THREAD_STACK_ORDER);
	if (!block)
		return NULL;
	struct thread *t = phys_to_virt(block);
	memset(t, 0, sizeof(*t));
	t->kstack_base = block;
	t->id = atomic_fetch_add(&next_id, 1);
	t->entry = entry;
	t->arg = arg;
	size_t n = strnlen(name, sizeof(t->name) - 1);
	memcpy(t->name, name, n);
	uintptr_t top = (uintptr_t)t + (PAGE_SIZE << THREAD_STACK_ORDER);
	t->ksp = arch_thread_stack_init(top);
	sched_enqueue_new(t, cpu);
	return t;
}

void thread_free(struct thread *t)
{
	page_free_order(t->kstack_base, THREAD_STACK_ORDER);
}

_Noreturn void thread_exit(void)
{
	arch_irq_save();
	/* Leave the process registry first, so SYS_PS never lists a thread
	 * that is being freed. */
	struct thread *me = this_cpu()->current;
	if (me->proc)
		process_thread_exited(me);
	atomic_store(&this_cpu()->current->state, THREAD_DEAD);
	schedule();
	__builtin_unreachable();
}
