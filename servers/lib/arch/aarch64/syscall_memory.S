/* Memory syscall stubs (uapi/memory.h): number in x8, args in x0..x2. */
#include <uapi/memory.h>

	.text
	.macro	memcall name, nr
	.globl	\name
\name:
	mov	x8, #\nr
	svc	#0
	ret
	.endm

	memcall	sys_map, SYS_MAP
	memcall	sys_unmap, SYS_UNMAP
	memcall	sys_protect, SYS_PROTECT
