/*
 * Syscall numbers and calling convention. Stable ABI shared by the kernel
 * and every user program (servers/lib wraps them).
 *
 * riscv64: ecall; number in a7, arguments in a0..a5, result in a0.
 * aarch64: svc #0; number in x8, arguments in x0..x5, result in x0.
 * A negative result is -E_* (uapi/errors.h).
 */
#ifndef UAPI_SYSCALL_H
#define UAPI_SYSCALL_H

#define SYS_CONSOLE_WRITE 0   /* (const char *buf, size_t len) -> len */
#define SYS_THREAD_EXIT 1     /* (long code) -> does not return */
#define SYS_YIELD 2           /* () -> 0 */

/* SYS_CONSOLE_WRITE: len above this is -E_INVAL. */
#define CONSOLE_WRITE_MAX 4096u

/* Every syscall, its arguments and each error it returns: docs/syscalls.md.
 * A number no syscall has (unused, >= SYS_COUNT, negative) is -E_NOSYS. */

/* Ranges by area, so areas grow without renumbering:
 *   16..47  handles and IPC (endpoints, notifications)
 *   48..79  processes, console, time
 *   80..111 threads and memory */
#define SYS_COUNT 128

/* User address space layout (the same on both architectures). */
#define USER_BASE 0x10000ul            /* lowest mappable address */
#define USER_TOP 0x4000000000ul        /* 256 GiB: fits Sv39's lower half */
#define USER_STACK_TOP 0x3ffff00000ul
#define USER_STACK_SIZE (64ul * 1024)

#endif
