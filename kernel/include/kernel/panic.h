/* Fatal errors: print CPU, cause, address and backtrace; stop every CPU. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

__attribute__((format(printf, 1, 2))) _Noreturn void panic(const char *fmt,
							   ...);
/* Called on a CPU that received IPI_MSG_STOP. */
_Noreturn void panic_stop_this_cpu(void);

#define BUG_ON(cond)                                                   \
	do {                                                           \
		if (cond)                                              \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,   \
			      __LINE__);                               \
	} while (0)

#endif
