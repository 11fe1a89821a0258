/* The console device: found through /chosen/stdout-path. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>

struct fdt;

struct console_ops {
	void (*putc)(void *priv, char c);
	int (*getc)(void *priv);    /* -1 when no byte is waiting */
};

void console_register(const struct console_ops *ops, void *priv);
bool console_present(void);
void console_putc(char c);
int console_getc(void);
/* Move waiting input bytes into the SYS_CONSOLE_READ ring and wake its
 * readers (kernel/console_input.c; from the tick). */
void console_input_poll(void);
/* Probe the stdout-path device. 0, or negative if no driver matched. */
int console_init(const struct fdt *fdt);

#endif
