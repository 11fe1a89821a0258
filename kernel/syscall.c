/*
 * Syscall dispatch: every entry checks its arguments first and returns an
 * error value for anything bad; nothing a user passes can fault the kernel
 * (user memory is only reached through copy_from_user/copy_to_user).
 */
#include <uapi/errors.h>
#include <uapi/syscall.h>

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

#define CONSOLE_WRITE_MAX 4096

static long sys_console_write(uintptr_t buf, unsigned long len)
{
	if (len > CONSOLE_WRITE_MAX)
		return -E_INVAL;
	char tmp[256];
	struct vspace *vs = thread_current()->proc->vs;
	for (unsigned long done = 0; done < len;) {
		unsigned long n = len - done < sizeof(tmp) - 1
					  ? len - done
					  : sizeof(tmp) - 1;
		if (copy_from_user(vs, tmp, buf + done, n))
			return -E_FAULT;
		tmp[n] = '\0';
		/* Embedded NULs would cut the line short: print as bytes. */
		for (unsigned long i = 0; i < n; i++)
			if (!tmp[i])
				tmp[i] = '?';
		printk("%s", tmp);
		done += n;
	}
	return (long)len;
}

void kernel_syscall(void *frame)
{
	unsigned long nr = arch_syscall_number(frame);
	unsigned long a0 = arch_syscall_arg(frame, 0);
	unsigned long a1 = arch_syscall_arg(frame, 1);
	long ret;
	arch_irq_enable();
	switch (nr) {
	case SYS_CONSOLE_WRITE:
		ret = sys_console_write(a0, a1);
		break;
	case SYS_THREAD_EXIT:
		thread_exit();
	case SYS_YIELD:
		thread_yield();
		ret = 0;
		break;
	default:
		ret = -E_NOSYS;
	}
	arch_irq_save();
	arch_syscall_set_result(frame, ret);
}

void kernel_user_fault(void *frame, const char *cause, uintptr_t pc,
		       uintptr_t addr)
{
	(void)frame;
	struct thread *t = thread_current();
	printk("fault: process %s (pid %lu) thread %lu: %s at pc=0x%lx "
	       "addr=0x%lx; thread killed\n",
	       t->proc ? t->proc->name : "?",
	       (unsigned long)(t->proc ? t->proc->pid : 0),
	       (unsigned long)t->id, cause, (unsigned long)pc,
	       (unsigned long)addr);
	thread_exit();
}
