/* Console output for early servers (before a console server exists). */
#include "sys/console.h"

#include "sys/syscall.h"

static size_t length(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

void puts_console(const char *s)
{
	sys_console_write(s, length(s));
}
