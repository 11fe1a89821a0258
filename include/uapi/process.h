/*
 * Processes, console input and time: syscalls 48..79 (the range
 * uapi/syscall.h gives this area). Stable ABI shared by the kernel and
 * user programs (servers/lib/include/sys/process.h wraps them).
 */
#ifndef UAPI_PROCESS_H
#define UAPI_PROCESS_H

/* (char *buf, size_t len) -> bytes read (>= 1), or 0 when len is 0.
 * Blocks until at least one byte of console input is there; returns what
 * is buffered, up to len (at most CONSOLE_READ_CHUNK per call). The buffer
 * is checked before blocking, so a bad one fails at once and loses no
 * input. -E_INVAL if len > CONSOLE_READ_MAX, -E_FAULT for a bad buffer. */
#define SYS_CONSOLE_READ 48
/* (uint64_t ns) -> 0. Sleeps at least ns. Resolution is one kernel tick
 * (10 ms at 100 Hz): the thread wakes at the first tick at or after the
 * deadline. 0 just yields. -E_INVAL if ns > INT64_MAX (a negative
 * duration). */
#define SYS_SLEEP 49
/* (const char *module, size_t len, handle_t h) -> pid. Starts the boot
 * module named by the len bytes at module (no NUL needed) as a new
 * process. h (HANDLE_INVALID: none) is moved into the child, same rights:
 * its first thread starts with the child's handle value in a0 / x0 (0 if
 * none; servers/lib's boot_handle() returns it). h needs RIGHT_TRANSFER
 * and stays the caller's if the spawn fails.
 * -E_INVAL: len 0 or > SPAWN_NAME_MAX, a NUL inside, or not a program;
 * -E_FAULT: bad pointer; -E_NOENT: no such module; -E_BADHANDLE: bad h;
 * -E_ACCESS: h lacks RIGHT_TRANSFER; -E_NOMEM. */
#define SYS_SPAWN 50
/* (struct ps_entry *buf, size_t count) -> entries written. One entry per
 * live thread of every process, and one (tid 0, PS_STATE_EXITED) for a
 * process whose threads have all ended. A snapshot taken at one instant;
 * if count is too small, the list is cut at count.
 * -E_INVAL if count > PS_MAX, -E_FAULT for a bad buffer. */
#define SYS_PS 51

#define CONSOLE_READ_MAX 4096u
#define CONSOLE_READ_CHUNK 256u
#define SPAWN_NAME_MAX 255u
#define PS_MAX 1024u
#define PS_NAME_MAX 32u

/* ps_entry.state */
#define PS_STATE_READY 1      /* queued, waiting for a CPU */
#define PS_STATE_RUNNING 2    /* on a CPU */
#define PS_STATE_BLOCKED 3    /* waiting (console input, sleep, IPC, ...) */
#define PS_STATE_DEAD 4       /* exiting */
#define PS_STATE_EXITED 5     /* process with no threads left */

#define PS_CPU_NONE 0xffffffffu

#ifndef __ASSEMBLER__   /* the syscall stubs include this file */
#include <stdint.h>

struct ps_entry {
	uint64_t pid;
	uint64_t tid;             /* 0 for a PS_STATE_EXITED process */
	uint32_t state;           /* PS_STATE_* */
	uint32_t cpu;             /* CPU it runs on / last ran on, or
				     PS_CPU_NONE */
	char name[PS_NAME_MAX];   /* process name, NUL-terminated */
};
#endif

#endif
