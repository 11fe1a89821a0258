/* SYS_THREAD_CREATE: another user thread in the caller's process. */
#include <uapi/errors.h>
#include <uapi/ipc.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"

/* (pc, sp, arg) -> thread id. pc and sp must be user addresses and sp
 * 16-byte aligned (both ABIs require it); whether pc holds code is the
 * process's business: a bad pc faults in user mode and ends that thread
 * only. The new thread starts on this CPU's queue, where idle CPUs steal
 * it under the built-in policy. */
static long sys_thread_create(const struct syscall_args *args)
{
	uintptr_t pc = args->a[0], sp = args->a[1], arg = args->a[2];
	if (pc < USER_BASE || pc >= USER_TOP)
		return -E_FAULT;
	if (sp <= USER_BASE || sp > USER_TOP)
		return -E_FAULT;
	if (sp & 15)
		return -E_INVAL;
	/* Masked until t->id is read: t may run and exit at once, and is
	 * freed only after this CPU takes a tick (sched.c's zombie list). */
	unsigned long flags = arch_irq_save();
	struct thread *t = thread_create_user(thread_current()->proc, pc, sp,
					      arg, this_cpu()->id);
	long ret = t ? (long)t->id : -E_NOMEM;
	arch_irq_restore(flags);
	return ret;
}
SYSCALL(SYS_THREAD_CREATE, sys_thread_create);
