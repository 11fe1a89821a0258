/* The handle a process was spawned with (uapi/process.h SYS_SPAWN). */
#include "sys/process.h"

handle_t __boot_handle;   /* set by _start (lib/arch/<arch>/start.S) */

handle_t boot_handle(void)
{
	return __boot_handle;
}
