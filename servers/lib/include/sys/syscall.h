/* The user runtime's syscall stubs (servers/lib/arch/<arch>/syscall.S). */
#ifndef SERVERS_SYS_SYSCALL_H
#define SERVERS_SYS_SYSCALL_H

#include <stddef.h>

#include <uapi/errors.h>
#include <uapi/syscall.h>

long sys_console_write(const char *buf, size_t len);
_Noreturn void sys_thread_exit(long code);
long sys_yield(void);
long sys_raw(unsigned long nr, unsigned long a0, unsigned long a1,
	     unsigned long a2, unsigned long a3, unsigned long a4,
	     unsigned long a5);

#endif
