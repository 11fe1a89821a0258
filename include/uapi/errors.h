/*
 * Error codes every syscall returns (as negative values). Stable ABI:
 * numbers are never reused.
 */
#ifndef UAPI_ERRORS_H
#define UAPI_ERRORS_H

#define E_OK 0
#define E_INVAL 1        /* malformed argument (bad length, flags, number) */
#define E_FAULT 2        /* a user pointer is unmapped, kernel, or lacks rights */
#define E_NOMEM 3        /* out of kernel memory */
#define E_BADHANDLE 4    /* not a handle of this process */
#define E_ACCESS 5       /* the handle lacks the right */
#define E_NOSYS 6        /* no such syscall */
#define E_NOENT 7        /* no such object (e.g. boot module name) */
#define E_BUSY 8
#define E_TIMEOUT 9
#define E_PERM 10        /* the caller may not do this at all */

#endif
