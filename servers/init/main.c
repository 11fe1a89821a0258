/*
 * init: the first user process. For now it proves user mode works: it
 * writes through the console syscall, checks that a bad pointer and a
 * bad syscall number come back as errors, and reports ready.
 */
#include "sys/console.h"
#include "sys/syscall.h"

int main(void)
{
	/* A kernel address and an unmapped one must be refused, not fault. */
	long bad_ptr = sys_console_write((const char *)0xffffffc000000000ul, 8);
	long unmapped = sys_console_write((const char *)0x1000, 8);
	long nosys = sys_raw(0x7fff, 0, 0, 0, 0, 0, 0);
	if (bad_ptr == -E_FAULT && unmapped == -E_FAULT && nosys == -E_NOSYS)
		puts_console("init: syscall argument checks ok\n");
	else
		puts_console("init: syscall argument checks FAILED\n");
	puts_console("init: ready\n");
	return 0;
}
