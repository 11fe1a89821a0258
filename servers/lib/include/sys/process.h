/* Process, console-input and time syscalls (uapi/process.h), from
 * servers/lib/arch/<arch>/syscall_process.S. Each returns -E_* on error. */
#ifndef SERVERS_SYS_PROCESS_H
#define SERVERS_SYS_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/errors.h>
#include <uapi/handle.h>
#include <uapi/process.h>

/* Blocks until input arrives; returns 1..len bytes. */
long sys_console_read(char *buf, size_t len);
/* Sleeps at least ns, rounded up to the kernel tick. */
long sys_sleep(uint64_t ns);
/* Starts boot module name[0..len) as a process; returns its pid. h
 * (HANDLE_INVALID: none; needs RIGHT_TRANSFER) moves into the child, which
 * finds it with boot_handle(); it stays ours if the spawn fails. */
long sys_spawn(const char *name, size_t len, handle_t h);
/* The handle the spawner gave this process (HANDLE_INVALID if none):
 * _start keeps the first thread's a0 / x0 for it. */
handle_t boot_handle(void);
/* Fills up to count entries; returns how many. */
long sys_ps(struct ps_entry *buf, size_t count);

#endif
