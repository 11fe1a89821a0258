/* Boot arguments from /chosen/bootargs. */
#include "kernel/bootargs.h"

#include "kernel/fdt.h"
#include "kernel/string.h"

static char args[256];

void bootargs_init(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *s = chosen >= 0 ? fdt_getprop_string(fdt, chosen,
							  "bootargs") : NULL;
	if (!s)
		return;
	size_t n = strnlen(s, sizeof(args) - 1);
	memcpy(args, s, n);
	args[n] = '\0';
}

const char *bootargs(void)
{
	return args;
}

bool bootarg_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	for (const char *p = args; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - w);
		if (wlen >= klen && !memcmp(w, key, klen) &&
		    (wlen == klen || w[klen] == '=')) {
			const char *v = wlen == klen ? w + klen : w + klen + 1;
			size_t vlen = (size_t)(p - v);
			if (size) {
				if (vlen >= size)
					vlen = size - 1;
				memcpy(buf, v, vlen);
				buf[vlen] = '\0';
			}
			return true;
		}
	}
	return false;
}
