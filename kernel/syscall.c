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
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kernel/vspace.h"

static long sys_console_write(const struct syscall_args *args)
{
	uintptr_t buf = args->a[0];
	unsigned long len = args->a[1];
	if (len > CONSOLE_WRITE_MAX)
		return -E_INVAL;
	char tmp[256];
	struct vspace *vs = thread_current()->proc->vs;
	/* Check the whole buffer before printing any of it: a bad one prints
	 * nothing, so -E_FAULT never comes with half a line on the console. */
	for (unsigned long done = 0; done < len; done += sizeof(tmp)) {
		unsigned long n = len - done < sizeof(tmp) ? len - done
							   : sizeof(tmp);
		if (copy_from_user(vs, tmp, buf + done, n))
			return -E_FAULT;
	}
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

SYSCALL(SYS_CONSOLE_WRITE, sys_console_write);

static long sys_thread_exit(const struct syscall_args *args)
{
	(void)args;
	thread_exit();
}
SYSCALL(SYS_THREAD_EXIT, sys_thread_exit);

static long sys_yield(const struct syscall_args *args)
{
	(void)args;
	thread_yield();
	return 0;
}
SYSCALL(SYS_YIELD, sys_yield);

extern const struct syscall_entry __syscalls_start[], __syscalls_end[];

/* Built on first use from the .syscalls entries (a duplicate number is a
 * build mistake and stops the boot). */
static syscall_fn table[SYS_COUNT];
static _Atomic int table_ready;

static void build_table(void)
{
	for (const struct syscall_entry *e = __syscalls_start;
	     e < __syscalls_end; e++) {
		if (e->nr >= SYS_COUNT || table[e->nr])
			panic("syscall %lu (%s) out of range or registered twice",
			      e->nr, e->name);
		table[e->nr] = e->fn;
	}
	atomic_store(&table_ready, 1);
}

void syscalls_init(void)
{
	build_table();
}

void kernel_syscall(void *frame)
{
	struct syscall_args args;
	unsigned long nr = arch_syscall_number(frame);
	for (unsigned i = 0; i < 6; i++)
		args.a[i] = arch_syscall_arg(frame, i);
	args.frame = frame;
	long ret = -E_NOSYS;
	arch_irq_enable();
	if (nr < SYS_COUNT && table[nr])
		ret = table[nr](&args);
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
