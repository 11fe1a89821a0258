/*
 * A process that touches memory it holds no right to: first the kernel's
 * direct map, which must end this thread with a fault report while the
 * kernel and every other process go on.
 */
#include "sys/console.h"

int main(void)
{
	puts_console("fault-test: reading a kernel address\n");
	volatile const unsigned long *kernel = (const unsigned long *)
		0xffffffc080200000ul;   /* in the upper half on both ISAs */
	unsigned long v = *kernel;
	(void)v;
	puts_console("fault-test: FAILED, the read succeeded\n");
	return 1;
}
