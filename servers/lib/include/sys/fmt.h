/*
 * Formatted output for servers (servers/lib/fmt.c): a small printf.
 * Conversions: %d %i %u %x %X %p %s %c %%, with flags '-' and '0', a
 * width (number or *), a precision for %s (.N or .*), and the length
 * modifiers l, ll, z. No floating point (servers run without FP).
 */
#ifndef SERVERS_SYS_FMT_H
#define SERVERS_SYS_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Like C's: writes at most size bytes including the NUL, returns the
 * length the whole output would have. */
__attribute__((format(printf, 3, 0))) int vsnprintf(char *buf, size_t size,
						    const char *fmt,
						    va_list ap);
__attribute__((format(printf, 3, 4))) int snprintf(char *buf, size_t size,
						   const char *fmt, ...);
/* To the console (SYS_CONSOLE_WRITE), in chunks, so any length works;
 * returns the number of bytes printed. */
__attribute__((format(printf, 1, 0))) int vprintf(const char *fmt,
						  va_list ap);
__attribute__((format(printf, 1, 2))) int printf(const char *fmt, ...);

#endif
