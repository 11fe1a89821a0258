/*
 * Cross-checks the kernel FDT reader (kernel/fdt.c, linked renamed to
 * kfdt_*, see kfdt_rename.h) against Debian's libfdt. Shared by
 * test_fdt_libfdt.c (over the DTB corpus) and the fuzz target.
 *
 * This header uses neither libfdt.h nor kernel/fdt.h, so any file can
 * include it.
 */
#ifndef FDT_ORACLE_H
#define FDT_ORACLE_H

#include <stddef.h>
#include <stdio.h>

struct fdt_oracle_stats {
	unsigned nodes, props, phandles, paths, aliases, compatibles, regs,
		 rsv;
};

/*
 * Compare the two readers over `blob` (size bytes), which both must accept.
 * limit bounds the number of nodes that get the quadratic checks (path,
 * phandle and compatible lookups); 0 means all. Mismatches are described on
 * log (if not NULL, at most 20 lines). Returns the number of mismatches.
 */
int fdt_oracle_compare(const void *blob, size_t size, unsigned limit,
		       struct fdt_oracle_stats *stats, FILE *log);

/*
 * For a blob that libfdt's fdt_check_full() accepts: NULL if the kernel
 * reader must accept it too, otherwise which of the kernel reader's
 * documented stricter rules (kernel/fdt.c, top comment) it breaks. Worked
 * out independently of the kernel reader, from the raw header and libfdt's
 * own token walker.
 */
const char *fdt_oracle_stricter_rule(const void *blob, size_t size);

/* libfdt's fdt_check_full(), for callers that cannot include libfdt.h. */
int fdt_oracle_libfdt_check(const void *blob, size_t size);

#endif
