/*
 * Memory syscalls: anonymous mappings in the caller's address space.
 * Stable ABI (numbers in the 80..111 "threads and memory" range).
 *
 * Every call takes a page-aligned va and len with 0 < len <= MEM_LEN_MAX
 * and [va, va+len) inside [USER_BASE, USER_TOP) (uapi/syscall.h), else
 * -E_INVAL. prot is a non-empty set of MEM_PROT_* bits, never W and X
 * together (-E_INVAL). W implies R. X alone may be readable too (arm64
 * cannot express an execute-only user page).
 */
#ifndef UAPI_MEMORY_H
#define UAPI_MEMORY_H

/* (va, len, prot) -> 0. Fresh zeroed pages. -E_BUSY if any page of the
 * range is already mapped, -E_NOMEM when memory runs out; either way
 * nothing of the range is left mapped by this call. */
#define SYS_MAP 81
/* (va, len) -> 0. Frees the pages; holes in the range are fine. Every
 * CPU has dropped the old translations before it returns. */
#define SYS_UNMAP 82
/* (va, len, prot) -> 0. Every page of the range must be mapped, else
 * -E_FAULT and nothing changes. Applied on every CPU before it returns. */
#define SYS_PROTECT 83

#define MEM_PROT_READ 1u
#define MEM_PROT_WRITE 2u
#define MEM_PROT_EXEC 4u

#define MEM_PAGE_SIZE 4096ul
#define MEM_LEN_MAX (1ul << 30)   /* bounds the work one call can do */

#endif
