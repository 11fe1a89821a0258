/* /chosen/bootargs: "key=value" words separated by spaces. */
#ifndef KERNEL_BOOTARGS_H
#define KERNEL_BOOTARGS_H

#include <stdbool.h>
#include <stddef.h>

struct fdt;

void bootargs_init(const struct fdt *fdt);
const char *bootargs(void);
/* Copy the value of key into buf; true if the key is present. */
bool bootarg_get(const char *key, char *buf, size_t size);

#endif
