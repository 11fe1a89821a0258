/*
 * kernel/boot_modules.c on the host: the cpio "newc" parser on archives
 * built here, damaged ones, and archives made by tools/mkbootfs.py and GNU
 * cpio (given on the command line by run_tests.py), plus the kernel glue
 * that finds the initrd through /chosen in a hand-built FDT.
 *
 *   test_boot_modules [--archive FILE NAME=PATH...] [--bad FILE ERROR]...
 *
 * --archive: FILE must open and hold exactly the modules NAME, each with
 * the bytes of PATH. --bad: FILE must be refused with BOOTMOD_ERR_<ERROR>.
 * Every archive handed to the parser sits in a heap buffer of exactly its
 * size, so under ASan any read past it is caught. Prints one line per
 * check, then "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/boot_modules.h"
#include "kernel/fdt.h"
#include "kernel/memory.h"
#include "kernel/printk.h"
#include "kernel/vm.h"

/* What boot_modules.c takes from the rest of the kernel. printk output is
 * kept so the printed lines can be checked. */
uintptr_t vm_phys_offset;
struct mem_map mem_map;
static char klog[16384];

void printk(const char *fmt, ...)
{
	size_t used = strlen(klog);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(klog + used, sizeof(klog) - used, fmt, ap);
	va_end(ap);
}

static int passed, failed;

static bool check(bool ok, const char *fmt, ...)
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
	return ok;
}

static const char *err_name(int err)
{
	static char other[32];
	switch (err) {
	case 0: return "OK";
	case BOOTMOD_ERR_NOTFOUND: return "NOTFOUND";
	case BOOTMOD_ERR_TRUNCATED: return "TRUNCATED";
	case BOOTMOD_ERR_BADMAGIC: return "BADMAGIC";
	case BOOTMOD_ERR_BADHEX: return "BADHEX";
	case BOOTMOD_ERR_BADNAME: return "BADNAME";
	case BOOTMOD_ERR_BADTYPE: return "BADTYPE";
	case BOOTMOD_ERR_CHECKSUM: return "CHECKSUM";
	case BOOTMOD_ERR_DUPLICATE: return "DUPLICATE";
	case BOOTMOD_ERR_TOOMANY: return "TOOMANY";
	case BOOTMOD_ERR_NOTRAILER: return "NOTRAILER";
	case BOOTMOD_ERR_NOINITRD: return "NOINITRD";
	case BOOTMOD_ERR_BADRANGE: return "BADRANGE";
	}
	snprintf(other, sizeof(other), "%d", err);
	return other;
}

static int err_from_name(const char *name)
{
	for (int e = 0; e >= -20; e--)
		if (!strcmp(err_name(e), name))
			return e;
	fprintf(stderr, "unknown error name %s\n", name);
	exit(2);
}

/* ------------------------------------------------------------------------ */
/* Archive builder                                                          */

#define MODE_REG 0100644u
#define MODE_EXEC 0100755u
#define MODE_DIR 0040755u
#define MODE_LNK 0120777u
#define MODE_CHR 0020644u
#define F_MODE 1
#define F_FILESIZE 6
#define F_NAMESIZE 11
#define F_CHECK 12
#define HDR 110

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void pad(struct buf *b)
{
	while (b->len & 3)
		put(b, "", 1);
}

/* One entry; returns its offset. magic: "070701" or "070702". */
static size_t entry(struct buf *b, const char *magic, const char *name,
		    uint32_t mode, const void *data, uint32_t size)
{
	size_t at = b->len;
	uint32_t sum = 0;
	for (uint32_t i = 0; i < size; i++)
		sum += ((const uint8_t *)data)[i];
	uint32_t f[13] = { (uint32_t)at + 1, mode, 0, 0, 1, 0, size, 0, 0,
			   0, 0, (uint32_t)strlen(name) + 1,
			   strcmp(magic, "070702") ? 0 : sum };
	char hdr[HDR + 1];
	int n = snprintf(hdr, sizeof(hdr), "%s", magic);
	for (int i = 0; i < 13; i++)
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, "%08X", f[i]);
	put(b, hdr, HDR);
	put(b, name, strlen(name) + 1);
	pad(b);
	if (size)
		put(b, data, size);
	pad(b);
	return at;
}

static size_t file(struct buf *b, const char *name, const char *text)
{
	return entry(b, "070701", name, MODE_REG, text,
		     (uint32_t)strlen(text));
}

static size_t trailer(struct buf *b)
{
	return entry(b, "070701", "TRAILER!!!", 0, NULL, 0);
}

/* Overwrite header field i of the entry at `at`. */
static void set_field(struct buf *b, size_t at, int i, uint32_t v)
{
	char s[9];
	snprintf(s, sizeof(s), "%08X", v);
	memcpy(b->p + at + 6 + 8 * i, s, 8);
}

/* ------------------------------------------------------------------------ */
/* Running the parser                                                       */

/* Open a copy of data[0..len) placed `offset` bytes into a heap block of
 * exactly offset + len bytes (offset != 0: a misaligned archive). */
static int open_copy(const uint8_t *data, size_t len, size_t offset,
		     struct boot_archive *ar, uint8_t **block)
{
	*block = malloc(offset + len ? offset + len : 1);
	if (!*block)
		abort();
	if (len)
		memcpy(*block + offset, data, len);
	return boot_archive_open(ar, *block + offset, len);
}

/* Everything an accepted archive promises: modules inside the used bytes,
 * names NUL-terminated inside it, count matching, find agreeing. */
static bool invariants(const struct boot_archive *ar)
{
	const uint8_t *lo = ar->base, *hi = ar->base + ar->used;
	if (ar->used > ar->size)
		return false;
	size_t cursor = 0;
	unsigned n = 0;
	struct boot_module m;
	while (boot_archive_next(ar, &cursor, &m)) {
		const uint8_t *name = (const uint8_t *)m.name;
		const uint8_t *data = m.data;
		if (name < lo || name >= hi || data < lo || data > hi ||
		    m.size > (size_t)(hi - data))
			return false;
		if (!memchr(name, 0, (size_t)(hi - name)) || !*m.name)
			return false;
		struct boot_module f;
		if (boot_archive_find(ar, m.name, &f) || f.data != m.data ||
		    f.size != m.size)
			return false;
		if (++n > ar->count)
			return false;
	}
	return n == ar->count;
}

static int open_err(const struct buf *b)
{
	struct boot_archive ar;
	uint8_t *block;
	int err = open_copy(b->p, b->len, 0, &ar, &block);
	if (!err && !invariants(&ar))
		err = 999;
	free(block);
	return err;
}

static void expect(const char *what, const struct buf *b, int want)
{
	int err = open_err(b);
	check(err == want, "%s: %s (want %s)", what, err_name(err),
	      err_name(want));
}

/* Truncated at each length below `used`: always refused. At `used` and
 * beyond: accepted. */
static void truncations(const char *what, const uint8_t *data, size_t len,
			size_t used)
{
	size_t bad = 0, first_bad = 0;
	for (size_t n = 0; n <= len; n++) {
		struct boot_archive ar;
		uint8_t *block;
		int err = open_copy(data, n, 0, &ar, &block);
		bool ok = n < used ? err != 0 : (!err && invariants(&ar));
		free(block);
		if (!ok && !bad++)
			first_bad = n;
	}
	check(!bad, "%s: truncated at each of %zu lengths: refused below %zu, "
	      "accepted from there (%zu wrong, first at %zu)", what, len + 1,
	      used, bad, first_bad);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Random damage: 1-4 bytes set to random values, hex digits or NUL.
 * Nothing may crash; what is accepted must keep the invariants. */
static void mutations(const char *what, const uint8_t *data, size_t len,
		      unsigned rounds)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	uint8_t *copy = malloc(len);
	unsigned accepted = 0, broken = 0;
	for (unsigned r = 0; r < rounds && len; r++) {
		memcpy(copy, data, len);
		unsigned flips = 1 + next_rand() % 4;
		for (unsigned i = 0; i < flips; i++) {
			/* Half of the hits in the first KiB, where the
			 * headers of a small-file archive are. */
			size_t span = next_rand() % 2 && len > 1024 ? 1024
								   : len;
			size_t at = next_rand() % span;
			switch (next_rand() % 3) {
			case 0: copy[at] = (uint8_t)next_rand(); break;
			case 1: copy[at] = (uint8_t)hex[next_rand() % 22];
				break;
			default: copy[at] = 0; break;
			}
		}
		struct boot_archive ar;
		uint8_t *block;
		size_t n = next_rand() % 8 ? len : next_rand() % len;
		if (!open_copy(copy, n, next_rand() % 4, &ar, &block)) {
			accepted++;
			if (!invariants(&ar))
				broken++;
		}
		free(block);
	}
	free(copy);
	check(!broken, "%s: %u random mutations, no crash, %u accepted, "
	      "%u broke an invariant", what, rounds, accepted, broken);
}

/* ------------------------------------------------------------------------ */
/* Hand-built archives                                                      */

static void test_good(void)
{
	struct buf b = { 0 };
	entry(&b, "070701", ".", MODE_DIR, NULL, 0);
	file(&b, "init", "hello");
	entry(&b, "070701", "sched-rr", MODE_EXEC, NULL, 0);
	entry(&b, "070701", "servers", MODE_DIR, NULL, 0);
	file(&b, "servers/fair", "abc");
	file(&b, "./x", "1234");
	file(&b, "/y", "12345678");
	file(&b, ".//./z", "z");
	size_t used = (trailer(&b), b.len);
	/* What a tool pads blocks with follows the trailer. */
	for (int i = 0; i < 13; i++)
		put(&b, "\0", 1);

	struct boot_archive ar;
	uint8_t *block;
	int err = open_copy(b.p, b.len, 0, &ar, &block);
	check(!err, "good archive opens: %s", err_name(err));
	check(ar.count == 6 && ar.used == used && ar.size == b.len,
	      "good archive: 6 modules, directories skipped (%u), %zu of %zu "
	      "bytes used (%zu, %zu)",
	      ar.count, used, b.len, ar.used, ar.size);
	static const struct { const char *name, *data; } want[] = {
		{ "init", "hello" }, { "sched-rr", "" },
		{ "servers/fair", "abc" }, { "x", "1234" },
		{ "y", "12345678" }, { "z", "z" },
	};
	bool all = true;
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct boot_module m;
		all &= !boot_archive_find(&ar, want[i].name, &m) &&
		       m.size == strlen(want[i].data) &&
		       !memcmp(m.data, want[i].data, m.size);
	}
	check(all, "good archive: every module found by name with its bytes");
	/* ".//./z" is "z": "./" and "/" are stripped repeatedly. */
	size_t cursor = 0;
	struct boot_module m;
	char order[128] = "";
	while (boot_archive_next(&ar, &cursor, &m)) {
		strcat(order, m.name);
		strcat(order, " ");
	}
	check(!strcmp(order, "init sched-rr servers/fair x y z "),
	      "good archive: iteration in archive order, names without "
	      "./ and / (\"%s\")", order);
	struct boot_module none;
	check(boot_archive_find(&ar, "missing", &none) ==
	      BOOTMOD_ERR_NOTFOUND &&
	      boot_archive_find(&ar, "./x", &none) == BOOTMOD_ERR_NOTFOUND &&
	      boot_archive_find(&ar, "servers", &none) ==
	      BOOTMOD_ERR_NOTFOUND,
	      "good archive: unknown names, stored paths and directories "
	      "are not found");
	free(block);

	truncations("good archive", b.p, b.len, used);
	mutations("good archive", b.p, b.len, 20000);

	/* The same bytes at every misalignment. */
	bool aligned_ok = true;
	for (size_t off = 1; off < 8; off++) {
		aligned_ok &= !open_copy(b.p, b.len, off, &ar, &block) &&
			      invariants(&ar) && ar.count == 6;
		free(block);
	}
	check(aligned_ok, "good archive at 7 misaligned addresses opens");
	free(b.p);
}

static void test_counts_and_padding(void)
{
	struct buf b = { 0 };
	trailer(&b);
	expect("trailer only: 0 modules", &b, 0);
	free(b.p);

	struct buf empty = { 0 };
	expect("empty input", &empty, BOOTMOD_ERR_NOTRAILER);

	/* Data of 0..9 bytes and names of 1..9 characters: every padding. */
	b = (struct buf){ 0 };
	const char *data = "0123456789";
	char name[16];
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "%.*s", i + 1, "abcdefghij");
		entry(&b, "070701", name, MODE_REG, data, (uint32_t)i);
	}
	trailer(&b);
	struct boot_archive ar;
	uint8_t *block;
	bool ok = !open_copy(b.p, b.len, 0, &ar, &block) && ar.count == 10;
	for (int i = 0; ok && i < 10; i++) {
		struct boot_module m;
		snprintf(name, sizeof(name), "%.*s", i + 1, "abcdefghij");
		ok = !boot_archive_find(&ar, name, &m) &&
		     m.size == (size_t)i && !memcmp(m.data, data, m.size);
	}
	free(block);
	check(ok, "names of 1..10 and data of 0..9 bytes: every padding");
	truncations("padding archive", b.p, b.len, b.len);
	free(b.p);

	/* BOOTMOD_MAX_ENTRIES entries, trailer included, are fine; one more
	 * is refused. */
	for (unsigned files = BOOTMOD_MAX_ENTRIES - 1;
	     files <= BOOTMOD_MAX_ENTRIES; files++) {
		b = (struct buf){ 0 };
		for (unsigned i = 0; i < files; i++) {
			snprintf(name, sizeof(name), "m%u", i);
			file(&b, name, "x");
		}
		trailer(&b);
		char what[64];
		snprintf(what, sizeof(what), "%u files + trailer", files);
		expect(what, &b, files < BOOTMOD_MAX_ENTRIES ? 0 :
		       BOOTMOD_ERR_TOOMANY);
		free(b.p);
	}
}

/* A two-file archive to damage: returns the second entry's offset. */
static size_t base_archive(struct buf *b)
{
	*b = (struct buf){ 0 };
	file(b, "init", "hello");
	size_t second = file(b, "rr", "abcdefg");
	trailer(b);
	return second;
}

static void test_magic_and_hex(void)
{
	struct buf b;
	static const char *magics[] = { "070700", "070703", "070707",
					"170701", "07070 ", "\00070701" };
	for (unsigned i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		size_t second = base_archive(&b);
		memcpy(b.p + second, magics[i], 6);
		char what[64];
		snprintf(what, sizeof(what), "magic \"%.6s\" in 2nd entry",
			 magics[i][0] ? magics[i] : "\\0...");
		expect(what, &b, BOOTMOD_ERR_BADMAGIC);
		free(b.p);
	}
	base_archive(&b);
	memcpy(b.p, "070702", 6);   /* checksum 0 != sum of "hello" */
	expect("070702 entry with a wrong checksum", &b,
	       BOOTMOD_ERR_CHECKSUM);
	free(b.p);

	static const char *names[13] = {
		"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
		"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
		"check" };
	static const char bad_digits[] = "gG xX-+\0\xff";
	for (int f = 0; f < 13; f++) {
		unsigned wrong = 0, tried = 0;
		for (int pos = 0; pos < 8; pos++) {
			for (unsigned d = 0; d < sizeof(bad_digits) - 1; d++) {
				size_t second = base_archive(&b);
				b.p[second + 6 + 8 * f + pos] =
					(uint8_t)bad_digits[d];
				tried++;
				if (open_err(&b) != BOOTMOD_ERR_BADHEX)
					wrong++;
				free(b.p);
			}
		}
		check(!wrong, "non-hex digit in field %s: %u places/chars "
		      "refused as BADHEX (%u not)", names[f], tried, wrong);
	}

	/* Lower-case hex is hex. */
	size_t second = base_archive(&b);
	memcpy(b.p + second + 6 + 8 * F_MODE, "000081a4", 8);
	expect("lower-case hex digits", &b, 0);
	free(b.p);
}

static void test_names(void)
{
	struct buf b;
	struct { uint32_t namesize; int want; const char *what; } sizes[] = {
		{ 0, BOOTMOD_ERR_BADNAME, "name size 0" },
		{ 1, BOOTMOD_ERR_BADNAME, "name size 1 (empty name)" },
		{ 2, BOOTMOD_ERR_BADNAME, "name size 2 for \"rr\" (no NUL)" },
		{ 4, BOOTMOD_ERR_BADNAME, "name size past the NUL" },
		{ BOOTMOD_NAME_MAX + 1, BOOTMOD_ERR_BADNAME,
		  "name size BOOTMOD_NAME_MAX + 1" },
		{ 0x7fffffff, BOOTMOD_ERR_BADNAME, "name size 0x7fffffff" },
		{ 0xffffffff, BOOTMOD_ERR_BADNAME, "name size 0xffffffff" },
	};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t second = base_archive(&b);
		set_field(&b, second, F_NAMESIZE, sizes[i].namesize);
		expect(sizes[i].what, &b, sizes[i].want);
		free(b.p);
	}

	/* A name size within the limit but past the end of the archive. */
	b = (struct buf){ 0 };
	size_t at = file(&b, "init", "");
	set_field(&b, at, F_NAMESIZE, 200);
	expect("name size past the end of the archive", &b,
	       BOOTMOD_ERR_TRUNCATED);
	free(b.p);

	/* Longest name accepted, one longer refused. */
	char longname[BOOTMOD_NAME_MAX + 1];
	memset(longname, 'n', sizeof(longname));
	for (int extra = 0; extra < 2; extra++) {
		longname[BOOTMOD_NAME_MAX - 1 + extra] = 0;
		b = (struct buf){ 0 };
		file(&b, longname, "x");
		trailer(&b);
		expect(extra ? "name of BOOTMOD_NAME_MAX characters" :
		       "name of BOOTMOD_NAME_MAX - 1 characters", &b,
		       extra ? BOOTMOD_ERR_BADNAME : 0);
		free(b.p);
		longname[BOOTMOD_NAME_MAX - 1 + extra] = 'n';
	}

	static const struct { const char *name; int want; } names[] = {
		{ "with space", BOOTMOD_ERR_BADNAME },
		{ "tab\there", BOOTMOD_ERR_BADNAME },
		{ "esc\x1b[2J", BOOTMOD_ERR_BADNAME },
		{ "del\x7f", BOOTMOD_ERR_BADNAME },
		{ "utf8-\xc3\xa9", BOOTMOD_ERR_BADNAME },
		{ "./", BOOTMOD_ERR_BADNAME },
		{ "/", BOOTMOD_ERR_BADNAME },
		{ "././/", BOOTMOD_ERR_BADNAME },
		{ "a/./b", 0 },
		{ "TRAILER!!!x", 0 },
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		b = (struct buf){ 0 };
		file(&b, names[i].name, "data");
		trailer(&b);
		char what[64];
		snprintf(what, sizeof(what), "file named \"%s\"",
			 names[i].name);
		for (char *c = what; *c; c++)
			if ((unsigned char)*c < 0x20 ||
			    (unsigned char)*c > 0x7e)
				*c = '?';
		expect(what, &b, names[i].want);
		free(b.p);
	}

	b = (struct buf){ 0 };
	file(&b, "init", "a");
	file(&b, "./init", "b");
	trailer(&b);
	expect("\"init\" and \"./init\" (same module name)", &b,
	       BOOTMOD_ERR_DUPLICATE);
	free(b.p);

	b = (struct buf){ 0 };
	entry(&b, "070701", "init", MODE_DIR, NULL, 0);
	file(&b, "init/x", "a");
	file(&b, "x", "b");
	trailer(&b);
	expect("directory \"init\", files \"init/x\" and \"x\"", &b, 0);
	free(b.p);
}

static void test_sizes_and_types(void)
{
	struct buf b;
	size_t second = base_archive(&b);
	size_t rest = b.len - (second + HDR + 6);   /* after "rr\0" + pad */
	free(b.p);
	struct { uint32_t size; int want; const char *what; } sizes[] = {
		{ (uint32_t)rest + 1, BOOTMOD_ERR_TRUNCATED,
		  "file size one past the end" },
		{ (uint32_t)rest, BOOTMOD_ERR_NOTRAILER,
		  "file size swallowing the trailer" },
		{ (uint32_t)rest - 3, BOOTMOD_ERR_NOTRAILER,
		  "file size swallowing the trailer but its padding" },
		{ 12, BOOTMOD_ERR_BADMAGIC,
		  "file size ending inside the trailer" },
		{ 0x7fffffff, BOOTMOD_ERR_TRUNCATED, "file size 0x7fffffff" },
		{ 0xffffffff, BOOTMOD_ERR_TRUNCATED, "file size 0xffffffff" },
	};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		second = base_archive(&b);
		set_field(&b, second, F_FILESIZE, sizes[i].size);
		expect(sizes[i].what, &b, sizes[i].want);
		free(b.p);
	}

	/* File data that ends exactly at the end, without its padding. */
	b = (struct buf){ 0 };
	file(&b, "init", "hello");
	b.len -= 3;
	expect("data unpadded at the end, no trailer", &b,
	       BOOTMOD_ERR_TRUNCATED);
	free(b.p);

	b = (struct buf){ 0 };
	file(&b, "init", "hello");
	file(&b, "rr", "abc");
	expect("no trailer", &b, BOOTMOD_ERR_NOTRAILER);
	trailer(&b);
	b.len -= 4;
	expect("trailer cut short", &b, BOOTMOD_ERR_TRUNCATED);
	free(b.p);

	b = (struct buf){ 0 };
	file(&b, "init", "hello");
	entry(&b, "070701", "TRAILER!!!", 0, "x", 1);
	expect("trailer with data", &b, BOOTMOD_ERR_BADTYPE);
	free(b.p);

	struct { uint32_t mode; const char *what; } types[] = {
		{ MODE_LNK, "symlink" }, { MODE_CHR, "character device" },
		{ 0060644, "block device" }, { 0010644, "fifo" },
		{ 0140644, "socket" }, { 0, "mode 0 (no type)" },
	};
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		b = (struct buf){ 0 };
		file(&b, "init", "hello");
		entry(&b, "070701", "odd", types[i].mode, "target", 6);
		trailer(&b);
		expect(types[i].what, &b, BOOTMOD_ERR_BADTYPE);
		free(b.p);
	}
	b = (struct buf){ 0 };
	entry(&b, "070701", "d", MODE_DIR, "data", 4);
	trailer(&b);
	expect("directory with data", &b, BOOTMOD_ERR_BADTYPE);
	free(b.p);

	/* 070702 with the right sum; 070701's check field is not used. */
	b = (struct buf){ 0 };
	entry(&b, "070702", "init", MODE_REG, "\xff\xfe\x01", 3);
	size_t at = file(&b, "rr", "abc");
	set_field(&b, at, F_CHECK, 0x12345678);
	trailer(&b);
	expect("070702 with the right checksum, 070701 with any", &b, 0);
	free(b.p);
}

/* ------------------------------------------------------------------------ */
/* The kernel glue: /chosen/linux,initrd-start/end                          */

struct fdtb {
	uint8_t st[1024];
	uint32_t st_len;
	char strs[256];
	uint32_t strs_len;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fdtb_u32(struct fdtb *f, uint32_t v)
{
	be32(f->st + f->st_len, v);
	f->st_len += 4;
}

static void fdtb_bytes(struct fdtb *f, const void *d, uint32_t n)
{
	memcpy(f->st + f->st_len, d, n);
	f->st_len += n;
	while (f->st_len & 3)
		f->st[f->st_len++] = 0;
}

static void fdtb_node(struct fdtb *f, const char *name)
{
	fdtb_u32(f, 1);
	fdtb_bytes(f, name, (uint32_t)strlen(name) + 1);
}

static void fdtb_prop(struct fdtb *f, const char *name, const void *v,
		      uint32_t len)
{
	fdtb_u32(f, 3);
	fdtb_u32(f, len);
	fdtb_u32(f, f->strs_len);
	memcpy(f->strs + f->strs_len, name, strlen(name) + 1);
	f->strs_len += (uint32_t)strlen(name) + 1;
	fdtb_bytes(f, v, len);
}

/* An address property of `cells` 32-bit cells (0: leave it out). */
static void fdtb_addr(struct fdtb *f, const char *name, uint64_t v,
		      int cells)
{
	uint8_t b[8];
	be32(b, (uint32_t)(v >> 32));
	be32(b + 4, (uint32_t)v);
	if (cells == 2)
		fdtb_prop(f, name, b, 8);
	else if (cells == 1)
		fdtb_prop(f, name, b + 4, 4);
	else if (cells == 3)   /* a malformed 3-byte property */
		fdtb_prop(f, name, b + 5, 3);
}

static uint64_t fdt_blob[512];

/* A tree with /chosen (if chosen) holding the given initrd properties. */
static bool make_fdt(struct fdt *out, bool chosen, uint64_t start,
		     int start_cells, uint64_t end, int end_cells)
{
	static struct fdtb f;
	memset(&f, 0, sizeof(f));
	fdtb_node(&f, "");
	if (chosen) {
		fdtb_node(&f, "chosen");
		fdtb_addr(&f, "linux,initrd-start", start, start_cells);
		fdtb_addr(&f, "linux,initrd-end", end, end_cells);
		fdtb_u32(&f, 2);
	}
	fdtb_u32(&f, 2);
	fdtb_u32(&f, 9);
	uint8_t *blob = (uint8_t *)fdt_blob;
	uint32_t off_struct = 40 + 16, off_strings = off_struct + f.st_len;
	uint32_t total = off_strings + f.strs_len;
	memset(blob, 0, sizeof(fdt_blob));
	uint32_t hdr[10] = { FDT_MAGIC, total, off_struct, off_strings, 40,
			     17, 16, 0, f.strs_len, f.st_len };
	for (int i = 0; i < 10; i++)
		be32(blob + 4 * i, hdr[i]);
	memcpy(blob + off_struct, f.st, f.st_len);
	memcpy(blob + off_strings, f.strs, f.strs_len);
	return fdt_init(out, blob, total) == 0;
}

static void test_initrd_glue(void)
{
	struct buf b = { 0 };
	file(&b, "init", "hello");
	file(&b, "sched-rr", "abcdefgh");
	trailer(&b);

	/* The archive lives at physical 0x80001000 of a RAM range
	 * 0x80000000..+1 MiB, reached through vm_phys_offset as in the
	 * kernel's direct map. */
	const uint64_t ram = 0x80000000u, pa = ram + 0x1000;
	uint8_t *arc = malloc(b.len);
	memcpy(arc, b.p, b.len);
	vm_phys_offset = (uintptr_t)arc - (uintptr_t)pa;
	mem_map.nram = 2;
	mem_map.ram[0] = (struct mem_range){ 0x40000000u, 0x1000 };
	mem_map.ram[1] = (struct mem_range){ ram, 0x100000 };

	struct fdt fdt;
	struct {
		const char *what;
		bool chosen;
		uint64_t start;
		int sc;
		uint64_t end;
		int ec;
		int want;
	} cases[] = {
		{ "u32 cells", true, pa, 1, pa + b.len, 1, 0 },
		{ "no /chosen", false, 0, 0, 0, 0, BOOTMOD_ERR_NOINITRD },
		{ "u64 cells", true, pa, 2, pa + b.len, 2, 0 },
		{ "/chosen without initrd", true, 0, 0, 0, 0,
		  BOOTMOD_ERR_NOINITRD },
		{ "u32 start, u64 end", true, pa, 1, pa + b.len, 2, 0 },
		{ "start only", true, pa, 1, 0, 0, BOOTMOD_ERR_BADRANGE },
		{ "end only", true, 0, 0, pa + b.len, 2,
		  BOOTMOD_ERR_BADRANGE },
		{ "3-byte start", true, pa, 3, pa + b.len, 1,
		  BOOTMOD_ERR_BADRANGE },
		{ "end before start", true, pa + b.len, 1, pa, 1,
		  BOOTMOD_ERR_BADRANGE },
		{ "empty range", true, pa, 1, pa, 1, BOOTMOD_ERR_BADRANGE },
		{ "range past the end of RAM", true, ram + 0xff000, 1,
		  ram + 0x100001, 1, BOOTMOD_ERR_BADRANGE },
		{ "range below RAM", true, ram - 0x10, 1, ram + 0x10, 1,
		  BOOTMOD_ERR_BADRANGE },
		{ "range across two RAM ranges", true, 0x40000800u, 1,
		  ram + 0x10, 1, BOOTMOD_ERR_BADRANGE },
		{ "range ending at 2^64", true, ram, 2, 0, 2,
		  BOOTMOD_ERR_BADRANGE },
		{ "range ending at 2^64 - 1", true, pa, 2, ~0ull, 2,
		  BOOTMOD_ERR_BADRANGE },
		{ "range one byte short (archive cut)", true, pa, 2,
		  pa + b.len - 1, 2, BOOTMOD_ERR_TRUNCATED },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		klog[0] = 0;
		bool built = make_fdt(&fdt, cases[i].chosen, cases[i].start,
				      cases[i].sc, cases[i].end, cases[i].ec);
		int err = built ? boot_modules_init(&fdt) : 12345;
		bool ok = err == cases[i].want;
		const void *data;
		size_t size;
		int found = boot_module_find("sched-rr", &data, &size);
		if (!cases[i].want) {
			char line[128];
			snprintf(line, sizeof(line),
				 "initrd: 2 modules, %zu bytes at 0x%lx\n"
				 "initrd:   init 5\ninitrd:   sched-rr 8\n",
				 b.len, (unsigned long)pa);
			ok &= !strcmp(klog, line) && boot_module_count() == 2 &&
			      !found && size == 8 &&
			      (const uint8_t *)data > arc &&
			      (const uint8_t *)data + 8 <= arc + b.len &&
			      !memcmp(data, "abcdefgh", 8);
		} else {
			/* A refused initrd leaves nothing behind, even after
			 * an accepted one. */
			ok &= boot_module_count() == 0 &&
			      found == BOOTMOD_ERR_NOTFOUND &&
			      !strncmp(klog, "initrd: ", 8);
			if (cases[i].want == BOOTMOD_ERR_NOINITRD)
				ok &= !strcmp(klog, "initrd: none\n");
		}
		check(ok, "initrd from /chosen, %s: %s (want %s); printed "
		      "\"%.*s\"", cases[i].what, err_name(err),
		      err_name(cases[i].want),
		      (int)strcspn(klog, "\n"), klog);
	}

	/* Iteration through the kernel's interface. */
	make_fdt(&fdt, true, pa, 1, pa + b.len, 1);
	klog[0] = 0;
	boot_modules_init(&fdt);
	size_t cursor = 0;
	struct boot_module m;
	unsigned n = 0;
	while (boot_module_next(&cursor, &m))
		n++;
	check(n == 2, "boot_module_next visits the 2 modules (%u)", n);
	free(arc);
	free(b.p);
}

/* ------------------------------------------------------------------------ */
/* Archives from the command line                                           */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	uint8_t *p = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap * 2 + 4096;
			p = realloc(p, cap);
		}
		size_t n = fread(p + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	fclose(f);
	return p;
}

static void test_archive_file(const char *path, char **expect_args,
			      int nexpect)
{
	size_t len;
	uint8_t *data = read_file(path, &len);
	struct boot_archive ar;
	uint8_t *block;
	int err = open_copy(data, len, 0, &ar, &block);
	check(!err && invariants(&ar), "%s: opens (%s), %u modules", path,
	      err_name(err), ar.count);
	check(ar.count == (unsigned)nexpect, "%s: %d modules expected (%u)",
	      path, nexpect, ar.count);
	for (int i = 0; i < nexpect; i++) {
		char *eq = strchr(expect_args[i], '=');
		if (!eq) {
			fprintf(stderr, "expected NAME=PATH: %s\n",
				expect_args[i]);
			exit(2);
		}
		*eq = 0;
		size_t want_len;
		uint8_t *want = read_file(eq + 1, &want_len);
		struct boot_module m;
		int found = boot_archive_find(&ar, expect_args[i], &m);
		check(!found && m.size == want_len &&
		      !memcmp(m.data, want, want_len),
		      "%s: module %s has the %zu bytes of %s", path,
		      expect_args[i], want_len, eq + 1);
		free(want);
	}
	size_t used = err ? len : ar.used;
	free(block);
	truncations(path, data, len, used);
	mutations(path, data, len, 5000);
	free(data);
}

static void test_bad_file(const char *path, const char *want_name)
{
	size_t len;
	uint8_t *data = read_file(path, &len);
	struct buf b = { data, len, len };
	int want = err_from_name(want_name);
	char what[512];
	snprintf(what, sizeof(what), "%s refused", path);
	expect(what, &b, want);
	free(data);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_good();
	test_counts_and_padding();
	test_magic_and_hex();
	test_names();
	test_sizes_and_types();
	test_initrd_glue();

	for (int i = 1; i < argc;) {
		if (!strcmp(argv[i], "--archive") && i + 1 < argc) {
			int j = i + 2;
			while (j < argc && strncmp(argv[j], "--", 2))
				j++;
			test_archive_file(argv[i + 1], argv + i + 2,
					  j - i - 2);
			i = j;
		} else if (!strcmp(argv[i], "--bad") && i + 2 < argc) {
			test_bad_file(argv[i + 1], argv[i + 2]);
			i += 3;
		} else {
			fprintf(stderr, "usage: %s [--archive FILE NAME=PATH...]"
				" [--bad FILE ERROR]...\n", argv[0]);
			return 2;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
