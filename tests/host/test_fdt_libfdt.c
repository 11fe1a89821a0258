/*
 * The kernel FDT reader against Debian's libfdt, over real DTBs.
 *
 *   test_fdt_libfdt FILE.dtb...
 *
 * For each file: both readers must accept it, and then agree on every node
 * (offsets in document order, names, depths, parents, children), every
 * property (names, lengths, bytes, lookup by name), every phandle, the path
 * of every node and every alias, #address-cells/#size-cells, "reg" (against
 * a reference translation written on top of libfdt), the memory reservation
 * block, and every compatible string. Then the same again on a copy of
 * the tree with a NOP token in front of the root. The comparison itself
 * lives in fdt_oracle.c, which the fuzz target shares.
 *
 * Prints "ok FILE: N nodes, P props, H phandles" or "FAIL FILE" with the
 * mismatches, then "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_oracle.h"

static void *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return NULL;
	}
	long n = ftell(f);
	rewind(f);
	/* Exactly n bytes (at least 1 for malloc), so that ASan catches any
	 * read past the end; malloc alignment satisfies both readers. */
	void *buf = n >= 0 ? malloc(n ? (size_t)n : 1) : NULL;
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The same tree with a NOP token in front of the root node, so that no
 * node sits at offset 0 (libfdt's path and parent lookups quietly assume
 * one does; the kernel reader must not). Only for the usual v17 layout:
 * header, reservation map, structure block, strings block. NULL if the
 * blob is not laid out that way.
 */
static uint8_t *with_leading_nop(const uint8_t *blob, size_t size,
				 size_t *out_size)
{
	if (size < 40)
		return NULL;
	uint32_t total = rd32(blob + 4), off_struct = rd32(blob + 8);
	uint32_t off_strings = rd32(blob + 12), off_rsv = rd32(blob + 16);
	uint32_t version = rd32(blob + 20), size_struct = rd32(blob + 36);
	if (version < 17 || total > size || off_rsv >= off_struct ||
	    off_struct + size_struct > off_strings || off_strings > total)
		return NULL;
	uint8_t *out = malloc(total + 4);
	if (!out)
		return NULL;
	memcpy(out, blob, off_struct);
	wr32(out + off_struct, 4);                       /* FDT_NOP */
	memcpy(out + off_struct + 4, blob + off_struct, total - off_struct);
	wr32(out + 4, total + 4);
	wr32(out + 12, off_strings + 4);
	wr32(out + 36, size_struct + 4);
	*out_size = total + 4;
	return out;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.dtb...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		size_t size;
		void *blob = load(argv[i], &size);
		if (!blob) {
			printf("FAIL %s: cannot read\n", argv[i]);
			failed++;
			continue;
		}
		struct fdt_oracle_stats st, st2;
		int bad = fdt_oracle_compare(blob, size, 0, &st, stdout);
		size_t size2;
		uint8_t *nop = with_leading_nop(blob, size, &size2);
		bool nop_checked = nop != NULL;
		if (nop) {
			int bad2 = fdt_oracle_compare(nop, size2, 0, &st2,
						      stdout);
			if (bad2)
				printf("  (%d of them with a NOP before the "
				       "root)\n", bad2);
			bad += bad2;
			free(nop);
		}
		if (bad == 0 && st.nodes > 0) {
			printf("ok %s: %u nodes, %u props, %u phandles "
			       "(%u paths, %u aliases, %u compatibles, %u regs, "
			       "%u reservations%s)\n",
			       argv[i], st.nodes, st.props, st.phandles,
			       st.paths, st.aliases, st.compatibles, st.regs,
			       st.rsv,
			       nop_checked ? "; also with a leading NOP" : "");
			passed++;
		} else {
			printf("FAIL %s: %d mismatches\n", argv[i], bad);
			failed++;
		}
		free(blob);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
