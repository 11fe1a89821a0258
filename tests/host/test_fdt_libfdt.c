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
 * block, and every compatible string. The comparison itself lives in
 * fdt_oracle.c, which the fuzz target shares.
 *
 * Prints "ok FILE: N nodes, P props, H phandles" or "FAIL FILE" with the
 * mismatches, then "N passed, N failed"; exits non-zero on any failure.
 */
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
		struct fdt_oracle_stats st;
		int bad = fdt_oracle_compare(blob, size, 0, &st, stdout);
		if (bad == 0 && st.nodes > 0) {
			printf("ok %s: %u nodes, %u props, %u phandles "
			       "(%u paths, %u aliases, %u compatibles, %u regs, "
			       "%u reservations)\n",
			       argv[i], st.nodes, st.props, st.phandles,
			       st.paths, st.aliases, st.compatibles, st.regs,
			       st.rsv);
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
