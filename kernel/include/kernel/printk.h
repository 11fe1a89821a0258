/* Kernel console output. Serialised by a lock so lines never interleave. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

__attribute__((format(printf, 1, 2))) void printk(const char *fmt, ...);
__attribute__((format(printf, 3, 4))) int snprintk(char *buf, size_t size,
						   const char *fmt, ...);
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);
/* Printing without the lock, for the panic path only. */
__attribute__((format(printf, 1, 2))) void printk_unlocked(const char *fmt,
							   ...);

#endif
