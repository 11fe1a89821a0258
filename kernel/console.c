/* Console selection: the device /chosen/stdout-path names. */
#include "kernel/console.h"

#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/string.h"

static const struct console_ops *con_ops;
static void *con_priv;

void console_register(const struct console_ops *ops, void *priv)
{
	con_priv = priv;
	con_ops = ops;
}

bool console_present(void)
{
	return con_ops != NULL;
}

void console_putc(char c)
{
	if (con_ops)
		con_ops->putc(con_priv, c);
}

int console_getc(void)
{
	return con_ops && con_ops->getc ? con_ops->getc(con_priv) : -1;
}

int console_init(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return chosen;
	const char *path = fdt_getprop_string(fdt, chosen, "stdout-path");
	if (!path)
		path = fdt_getprop_string(fdt, chosen, "linux,stdout-path");
	if (!path)
		return FDT_ERR_NOTFOUND;
	/* "serial0:115200n8": the part after ':' is line settings. */
	const char *colon = strchr(path, ':');
	uint32_t len = colon ? (uint32_t)(colon - path) : (uint32_t)strlen(path);
	int node = fdt_path_offset_len(fdt, path, len);
	if (node < 0)
		return node;
	const struct driver *d = driver_match(fdt, node, DRIVER_CONSOLE);
	if (!d)
		return FDT_ERR_NOTFOUND;
	return d->probe(fdt, node);
}
