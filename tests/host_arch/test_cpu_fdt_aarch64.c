/*
 * arch/aarch64/cpu_fdt.c on the host: what the aarch64 kernel reads from a
 * CPU node (its MPIDR affinity, its enable-method, its spin-table release
 * word), on small trees compiled by dtc at build time.
 *
 *   test_cpu_fdt_aarch64 DTB_DIR
 *
 * DTB_DIR holds cpus-cells{2,1,0,3}.dtb and rpi3-cpus.dtb, compiled from the
 * .dts files next to this one. Each blob sits in a heap buffer of exactly
 * its size, so under ASan a read past it is caught. Prints one line per
 * check, then "N passed, N failed"; exits non-zero on any failure.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cpu_fdt.h"
#include "kernel/fdt.h"

static int passed, failed;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s ", ok ? "PASS" : "FAIL");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (ok)
		passed++;
	else
		failed++;
}

struct tree {
	const char *name;
	uint8_t *blob;
	struct fdt fdt;
	bool ok;
};

static bool load(struct tree *t, const char *dir, const char *name)
{
	char path[4096];
	t->name = name;
	t->blob = NULL;
	t->ok = false;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	long size = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size > 0 && fseek(f, 0, SEEK_SET) == 0) {
		size_t n = (size_t)size;
		t->blob = malloc(n);
		if (t->blob && fread(t->blob, 1, n, f) == n)
			t->ok = fdt_init(&t->fdt, t->blob, n) == 0;
	}
	if (f)
		fclose(f);
	check(t->ok, "%s: loads and validates", name);
	return t->ok;
}

static const char *err_name(int err)
{
	return err ? fdt_strerror(err) : "ok";
}

static const char *method_name(enum cpu_enable_method m)
{
	switch (m) {
	case CPU_ENABLE_NONE:
		return "none";
	case CPU_ENABLE_PSCI:
		return "psci";
	case CPU_ENABLE_SPIN_TABLE:
		return "spin-table";
	case CPU_ENABLE_UNKNOWN:
		return "unknown";
	}
	return "?";
}

/* The node at path, or a failed check (and -1). */
static int node(const struct tree *t, const char *path)
{
	int n = fdt_path_offset(&t->fdt, path);
	if (n < 0)
		check(false, "%s: node %s exists (%s)", t->name, path,
		      fdt_strerror(n));
	return n;
}

/* want_err: 0, a FDT_ERR_* value, or 1 for "any error". */
static bool err_matches(int got, int want)
{
	return want == 1 ? got < 0 : got == want;
}

static void expect_hwid(const struct tree *t, const char *path, int want_err,
			uint64_t want, const char *why)
{
	int n = node(t, path);
	if (n < 0)
		return;
	uint64_t hwid = 0;
	int err = cpu_fdt_hwid(&t->fdt, n, &hwid);
	bool ok = err_matches(err, want_err) && (err || hwid == want);
	if (want_err)
		check(ok, "%s %s: hwid refused (%s), %s: got %s", t->name,
		      path, want_err == 1 ? "any error" : err_name(want_err),
		      why, err_name(err));
	else
		check(ok, "%s %s: hwid 0x%" PRIx64 ", %s: got %s 0x%" PRIx64,
		      t->name, path, want, why, err_name(err), hwid);
}

static void expect_method(const struct tree *t, const char *path,
			  enum cpu_enable_method want, const char *why)
{
	int n = node(t, path);
	if (n < 0)
		return;
	enum cpu_enable_method m = cpu_fdt_enable_method(&t->fdt, n);
	check(m == want, "%s %s: enable-method %s, %s: got %s", t->name, path,
	      method_name(want), why, method_name(m));
}

static void expect_release(const struct tree *t, const char *path,
			   int want_err, uint64_t want, const char *why)
{
	int n = node(t, path);
	if (n < 0)
		return;
	uint64_t addr = 0;
	int err = cpu_fdt_release_addr(&t->fdt, n, &addr);
	bool ok = err == want_err && (err || addr == want);
	if (want_err)
		check(ok, "%s %s: cpu-release-addr refused (%s), %s: got %s",
		      t->name, path, err_name(want_err), why, err_name(err));
	else
		check(ok, "%s %s: cpu-release-addr 0x%" PRIx64 ", %s: got %s "
		      "0x%" PRIx64, t->name, path, want, why, err_name(err),
		      addr);
}

/* --- The trees ------------------------------------------------------------ */

static void test_cells2(const struct tree *t)
{
	expect_hwid(t, "/cpus/cpu@0", 0, 0x0, "#address-cells 2");
	expect_hwid(t, "/cpus/cpu@100000002", 0, 0x100000002,
		    "Aff3 kept, MPIDR bit 31 dropped");
	expect_hwid(t, "/cpus/cpu@10203", 0, 0x10203,
		    "bits 31, 30, 24 dropped");
	expect_hwid(t, "/cpus/cpu@ff00ffffff", 0, 0xff00ffffff,
		    "only affinity bits kept");
	expect_hwid(t, "/cpus/cpu@d", FDT_ERR_NOTFOUND, 0, "no reg");
	expect_hwid(t, "/cpus/cpu@e", 1, 0, "reg shorter than 2 cells");

	expect_method(t, "/cpus/cpu@0", CPU_ENABLE_NONE, "absent");
	expect_method(t, "/cpus/cpu@1", CPU_ENABLE_PSCI, "\"psci\"");
	expect_method(t, "/cpus/cpu@100000002", CPU_ENABLE_SPIN_TABLE,
		      "\"spin-table\"");
	expect_method(t, "/cpus/cpu@a", CPU_ENABLE_UNKNOWN,
		      "\"acme,mailbox\"");
	expect_method(t, "/cpus/cpu@b", CPU_ENABLE_UNKNOWN, "\"\"");
	expect_method(t, "/cpus/cpu@c", CPU_ENABLE_UNKNOWN,
		      "\"spin-table-v2\"");

	expect_release(t, "/cpus/cpu@100000002", 0, 0x8000fff8,
		       "8 bytes");
	expect_release(t, "/cpus/cpu@8", 0, 0x100000008,
		       "8 bytes, above 4 GiB");
	expect_release(t, "/cpus/cpu@4", FDT_ERR_BADVALUE, 0,
		       "4 bytes (binding says u64)");
	expect_release(t, "/cpus/cpu@9", FDT_ERR_BADVALUE, 0, "12 bytes");
	expect_release(t, "/cpus/cpu@5", FDT_ERR_NOTFOUND, 0, "absent");
	expect_release(t, "/cpus/cpu@0", FDT_ERR_NOTFOUND, 0,
		       "absent, no enable-method either");
	expect_release(t, "/cpus/cpu@6", FDT_ERR_BADVALUE, 0, "zero");
	expect_release(t, "/cpus/cpu@7", FDT_ERR_BADVALUE, 0,
		       "0x80000004 not 8-byte aligned");
}

static void test_cells1(const struct tree *t)
{
	expect_hwid(t, "/cpus/cpu@0", 0, 0x0, "#address-cells 1");
	expect_hwid(t, "/cpus/cpu@102", 0, 0x102, "MPIDR bit 31 dropped");
	expect_hwid(t, "/cpus/cpu@10203", 0, 0x10203, "MT bit 24 dropped");
	expect_hwid(t, "/cpus/cpu@f", FDT_ERR_NOTFOUND, 0, "no reg");
}

static void test_bad_cells(const struct tree *t, const char *cells)
{
	char why[64];
	snprintf(why, sizeof why, "#address-cells %s", cells);
	expect_hwid(t, "/cpus/cpu@1", FDT_ERR_BADVALUE, 0, why);
}

/* What the kernel finds: cpus_discover()'s walk (every enabled child of
 * /cpus with device_type "cpu" whose hwid reads), then what
 * arch_cpu_start() would use to start each one. */
static void test_rpi3(const struct tree *t)
{
	static const uint64_t release[] = {0xd8, 0xe0, 0xe8, 0xf0};
	const struct fdt *fdt = &t->fdt;
	int cpus = node(t, "/cpus");
	if (cpus < 0)
		return;
	unsigned found = 0;
	for (int n = fdt_first_child(fdt, cpus); n >= 0;
	     n = fdt_next_sibling(fdt, n)) {
		const char *name = fdt_node_name(fdt, n, NULL);
		const char *type = fdt_getprop_string(fdt, n, "device_type");
		uint64_t hwid = 0, addr = 0;
		if (!type || strcmp(type, "cpu") || !fdt_node_enabled(fdt, n)) {
			printf("     %s: not a cpu, skipped\n", name);
			check(!strcmp(name, "l2-cache0"),
			      "%s /cpus/%s: only l2-cache0 is skipped",
			      t->name, name);
			continue;
		}
		int herr = cpu_fdt_hwid(fdt, n, &hwid);
		enum cpu_enable_method m = cpu_fdt_enable_method(fdt, n);
		int rerr = cpu_fdt_release_addr(fdt, n, &addr);
		printf("     %s: hwid %s 0x%" PRIx64 ", enable-method %s, "
		       "release %s 0x%" PRIx64 "\n", name, err_name(herr),
		       hwid, method_name(m), err_name(rerr), addr);
		if (herr)
			continue;
		unsigned i = found++;
		uint64_t want = i < 4 ? release[i] : 0;
		check(i < 4 && hwid == i && m == CPU_ENABLE_SPIN_TABLE &&
			      !rerr && addr == want,
		      "%s /cpus/%s: cpu %u: hwid 0x%x, spin-table, release "
		      "0x%" PRIx64, t->name, name, i, i, want);

		/* The word must lie in a /memreserve/ entry, or the kernel
		 * could hand it out as memory while the CPU still polls it. */
		bool reserved = false;
		for (int r = 0; r < fdt_num_mem_rsv(fdt); r++) {
			uint64_t base, size;
			if (!fdt_get_mem_rsv(fdt, r, &base, &size) &&
			    addr >= base && addr + 8 <= base + size)
				reserved = true;
		}
		check(reserved, "%s /cpus/%s: release word 0x%" PRIx64
		      " is inside a /memreserve/ entry", t->name, name, addr);
	}
	check(found == 4, "%s: 4 cpus found (/cpus' own enable-method "
	      "ignored): got %u", t->name, found);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DTB_DIR\n", argv[0]);
		return 2;
	}
	struct tree t[5];
	if (load(&t[0], argv[1], "cpus-cells2.dtb"))
		test_cells2(&t[0]);
	if (load(&t[1], argv[1], "cpus-cells1.dtb"))
		test_cells1(&t[1]);
	if (load(&t[2], argv[1], "cpus-cells0.dtb"))
		test_bad_cells(&t[2], "0");
	if (load(&t[3], argv[1], "cpus-cells3.dtb"))
		test_bad_cells(&t[3], "3");
	if (load(&t[4], argv[1], "rpi3-cpus.dtb"))
		test_rpi3(&t[4]);
	for (int i = 0; i < 5; i++)
		free(t[i].blob);
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
