/* Memory syscall stubs (uapi/memory.h): number in a7, args in a0..a2. */
#include <uapi/memory.h>

	.text
	.macro	memcall name, nr
	.globl	\name
\name:
	li	a7, \nr
	ecall
	ret
	.endm

	memcall	sys_map, SYS_MAP
	memcall	sys_unmap, SYS_UNMAP
	memcall	sys_protect, SYS_PROTECT
