/* Memory syscalls (uapi/memory.h); stubs in lib/arch/<arch>/syscall_memory.S. */
#ifndef SERVERS_SYS_MEMORY_H
#define SERVERS_SYS_MEMORY_H

#include <stddef.h>

#include <uapi/errors.h>
#include <uapi/memory.h>

/* 0 or -E_*; see uapi/memory.h for the rules. */
long sys_map(void *va, size_t len, unsigned prot);
long sys_unmap(void *va, size_t len);
long sys_protect(void *va, size_t len, unsigned prot);

#endif
