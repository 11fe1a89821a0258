/*
 * Handles: a process names a kernel object by a 32-bit handle, an index
 * into its own handle table plus the slot's generation (so a handle that
 * was closed, and whose slot was reused, is refused instead of naming the
 * new object). The slot also holds the rights the process has on the
 * object; every syscall that takes a handle checks both the object's type
 * (-E_BADHANDLE) and the right it needs (-E_ACCESS).
 */
#ifndef UAPI_HANDLE_H
#define UAPI_HANDLE_H

#ifndef __ASSEMBLER__
typedef unsigned int handle_t;
#endif

#define HANDLE_INVALID 0u      /* never a valid handle */

/* Rights. Which syscall needs which is listed in docs/ipc.md. */
#define RIGHT_READ (1u << 0)      /* endpoint: recv, reply_recv */
#define RIGHT_WRITE (1u << 1)     /* endpoint: send */
#define RIGHT_CALL (1u << 2)      /* endpoint: call */
#define RIGHT_SIGNAL (1u << 3)    /* notification: signal */
#define RIGHT_WAIT (1u << 4)      /* notification: wait */
#define RIGHT_DUP (1u << 5)       /* handle_dup */
#define RIGHT_TRANSFER (1u << 6)  /* may be given to another process */
#define RIGHTS_ALL 0x7fu

/* What a new object's first handle holds. */
#define RIGHTS_ENDPOINT (RIGHT_READ | RIGHT_WRITE | RIGHT_CALL | \
			 RIGHT_DUP | RIGHT_TRANSFER)
#define RIGHTS_NOTIFICATION (RIGHT_SIGNAL | RIGHT_WAIT | RIGHT_DUP | \
			     RIGHT_TRANSFER)

#endif
