/*
 * Syscall registration. Each kernel area defines its own handlers next to
 * the code they drive and registers them with SYSCALL(); the dispatcher
 * (kernel/syscall.c) finds them in the .syscalls section, so adding a
 * syscall touches only its own file and include/uapi/syscall.h.
 *
 * Handlers run on the calling thread's kernel stack with interrupts
 * enabled, and must check every argument before acting: a bad value
 * returns -E_*; nothing a user passes may fault the kernel.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

#include <uapi/errors.h>
#include <uapi/syscall.h>

struct syscall_args {
	unsigned long a[6];
	void *frame;        /* the caller's user frame (arch-defined) */
};

typedef long (*syscall_fn)(const struct syscall_args *args);

struct syscall_entry {
	unsigned long nr;
	syscall_fn fn;
	const char *name;
};

#define SYSCALL(number, handler)                                          \
	static const struct syscall_entry syscall_entry_##handler          \
		__attribute__((used, section(".syscalls"), aligned(8))) = { \
			(number), (handler), #handler                      \
		}

#endif
