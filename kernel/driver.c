/* Matching FDT nodes to drivers by their compatible strings. */
#include "kernel/driver.h"

#include "kernel/fdt.h"
#include "kernel/string.h"

extern const struct driver __drivers_start[], __drivers_end[];

const struct driver *driver_match(const struct fdt *fdt, int node,
				  enum driver_class cls)
{
	uint32_t len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);
	if (!list)
		return NULL;
	/* Walk the node's list in order: its first entry is the most
	 * specific, so a driver for it beats a generic fallback. */
	for (uint32_t pos = 0; pos < len;) {
		const char *s = list + pos;
		uint32_t slen = (uint32_t)strnlen(s, len - pos);
		for (const struct driver *d = __drivers_start;
		     d < __drivers_end; d++) {
			if (d->cls != cls)
				continue;
			for (const char *const *c = d->compatible; *c; c++)
				if (strlen(*c) == slen &&
				    !memcmp(*c, s, slen))
					return d;
		}
		pos += slen + 1;
	}
	return NULL;
}

int drivers_probe_class(const struct fdt *fdt, enum driver_class cls)
{
	int found = 0, depth = 0;
	for (int node = fdt_root(fdt); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (!fdt_node_enabled(fdt, node))
			continue;
		const struct driver *d = driver_match(fdt, node, cls);
		if (d && d->probe(fdt, node) == 0)
			found++;
	}
	return found;
}
