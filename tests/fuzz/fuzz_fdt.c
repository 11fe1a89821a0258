/*
 * libFuzzer target for the kernel FDT reader (kernel/fdt.c), with libfdt as
 * the oracle. For every input:
 *
 *  1. fdt_init() on an exact-size heap copy (ASan/UBSan catch any bad read).
 *  2. If it accepts: every node, property and lookup (paths, aliases,
 *     phandles, compatible, reg translation, reservations) is exercised, and
 *     - libfdt's fdt_check_full() must accept the blob too: the kernel
 *       reader is never looser than libfdt;
 *     - the two readers must agree on everything fdt_oracle_compare()
 *       checks (the same comparison test_fdt_libfdt runs over real DTBs).
 *  3. If it rejects but fdt_check_full() accepts: that is allowed only when
 *     the blob breaks one of the kernel reader's documented stricter rules
 *     (listed at the top of kernel/fdt.c: version >= 16, block alignment,
 *     no overlapping blocks, reservation map terminated inside the blob,
 *     exactly one root, FDT_END last, depth <= FDT_MAX_DEPTH, properties
 *     before subnodes, names inside the strings block for v16).
 *     fdt_oracle_stricter_rule() decides that independently of kernel/fdt.c
 *     (raw header reads plus libfdt's own token walker); anything else is
 *     a bug in one reader or the other and aborts.
 *
 * Any violation aborts with a message, so libFuzzer saves the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfdt_rename.h"
#include "kernel/fdt.h"

#include "fdt_oracle.h"

/* Nodes that get the quadratic cross-checks; keeps each run fast. */
#define ORACLE_NODE_LIMIT 8

static void walk(const struct fdt *f, const uint8_t *data, size_t size)
{
	int depth = 0, n;
	unsigned count = 0;
	for (n = fdt_root(f); n >= 0; n = fdt_next_node(f, n, &depth)) {
		uint32_t len;
		uint64_t a, s;
		const char *name = fdt_node_name(f, n, &len);
		if (!name || strlen(name) != len || depth < 0 ||
		    depth >= FDT_MAX_DEPTH) {
			fprintf(stderr, "bad node %d (depth %d)\n", n, depth);
			abort();
		}
		for (int p = fdt_first_prop(f, n); p >= 0;
		     p = fdt_next_prop(f, p)) {
			struct fdt_prop pr;
			if (fdt_prop_at(f, p, &pr) != 0)
				abort();   /* fdt_init checked every name */
			(void)fdt_getprop_string(f, n, pr.name);
			(void)fdt_stringlist_index(f, n, pr.name, "okay");
		}
		(void)fdt_node_enabled(f, n);
		(void)fdt_address_cells(f, n);
		(void)fdt_size_cells(f, n);
		if (count++ < ORACLE_NODE_LIMIT) {
			(void)fdt_parent(f, n);
			(void)fdt_first_child(f, n);
			(void)fdt_next_sibling(f, n);
			int rc = fdt_reg_count(f, n);
			for (int i = 0; i <= rc && i < 8; i++)
				(void)fdt_reg(f, n, (uint32_t)i, &a, &s);
		}
	}
	if (n != FDT_ERR_NOTFOUND) {
		fprintf(stderr, "walk ended with %d\n", n);
		abort();
	}

	/* Lookups keyed by the input's own bytes. */
	size_t plen = size < 48 ? size : 48;
	(void)fdt_path_offset_len(f, (const char *)data + size - plen,
				  (uint32_t)plen);
	if (size >= 4)
		(void)fdt_node_by_phandle(f, fdt_be32(data + size - 4));
	char compat[17];
	memcpy(compat, data + size - (size < 16 ? size : 16),
	       size < 16 ? size : 16);
	compat[size < 16 ? size : 16] = '\0';
	(void)fdt_find_compatible(f, -1, compat);
	int nrsv = fdt_num_mem_rsv(f);
	for (int i = 0; i < nrsv; i++) {
		uint64_t a, s;
		if (fdt_get_mem_rsv(f, i, &a, &s) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: malloc's alignment satisfies both readers. */
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);

	struct fdt f;
	int ours = fdt_init(&f, buf, size);
	int lf = fdt_oracle_libfdt_check(buf, size);
	if (ours == 0) {
		walk(&f, buf, size);
		if (lf != 0) {
			fprintf(stderr, "kernel reader accepts a blob that "
					"libfdt rejects (libfdt error %d)\n",
				lf);
			abort();
		}
		if (fdt_oracle_compare(buf, size, ORACLE_NODE_LIMIT, NULL,
				       stderr) != 0) {
			fprintf(stderr, "kernel reader and libfdt disagree\n");
			abort();
		}
	} else if (lf == 0) {
		const char *rule = fdt_oracle_stricter_rule(buf, size);
		if (!rule) {
			fprintf(stderr, "kernel reader rejects (%d, %s) a blob "
					"libfdt accepts, and no documented "
					"stricter rule applies\n",
				ours, fdt_strerror(ours));
			abort();
		}
	}
	free(buf);
	return 0;
}
