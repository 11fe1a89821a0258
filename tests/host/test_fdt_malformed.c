/*
 * The kernel FDT reader on hand-built, damaged and hostile blobs, and its
 * accessors (reg translation through "ranges", cells, paths, aliases,
 * phandles, string lists) on a known test tree.
 *
 *   test_fdt_malformed fdt-test-rpi.dtb OTHER_SMALL.dtb
 *
 * The first file is tests/host/dts/fdt-test-rpi.dts compiled by dtc; the
 * second any small real DTB (it is truncated at every length and mutated).
 * Every blob handed to fdt_init() sits in a heap buffer of exactly the size
 * given, so under ASan any read past it is caught. Exact error codes are
 * asserted wherever kernel/fdt.h documents them. Prints each failure, then
 * "N passed, N failed".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/fdt.h"

static int passed, failed;

static void check(bool ok, int line, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	printf("FAIL line %d: ", line);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

#define CHECK(cond) check((cond), __LINE__, "%s", #cond)
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		check(a_ == b_, __LINE__, "%s == %s: %lld != %lld (%#llx)",    \
		      #a, #b, a_, b_, (unsigned long long)a_);                 \
	} while (0)

/* ------------------------------------------------------------------------ */
/* Blob builder                                                             */

#define BE_NODE 1u
#define EN_NODE 2u
#define PROP 3u
#define NOP 4u
#define END 9u

struct builder {
	uint8_t st[64 * 1024];
	uint32_t st_len;
	char str[4096];
	uint32_t str_len;
	uint64_t rsv[8][2];
	int nrsv;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static void b_word(struct builder *b, uint32_t v)
{
	put32(b->st + b->st_len, v);
	b->st_len += 4;
}

static void b_bytes(struct builder *b, const void *p, uint32_t n)
{
	memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
	while (b->st_len % 4)
		b->st[b->st_len++] = 0;
}

static void b_begin(struct builder *b, const char *name)
{
	b_word(b, BE_NODE);
	b_bytes(b, name, (uint32_t)strlen(name) + 1);
}

static void b_end(struct builder *b)
{
	b_word(b, EN_NODE);
}

static uint32_t b_string(struct builder *b, const char *s)
{
	uint32_t n = (uint32_t)strlen(s) + 1;
	for (uint32_t i = 0; i + n <= b->str_len; i++)
		if (memcmp(b->str + i, s, n) == 0)
			return i;
	memcpy(b->str + b->str_len, s, n);
	b->str_len += n;
	return b->str_len - n;
}

static void b_prop_raw(struct builder *b, uint32_t nameoff, const void *v,
		       uint32_t len)
{
	b_word(b, PROP);
	b_word(b, len);
	b_word(b, nameoff);
	if (len)
		b_bytes(b, v, len);
}

static void b_prop(struct builder *b, const char *name, const void *v,
		   uint32_t len)
{
	b_prop_raw(b, b_string(b, name), v, len);
}

static void b_prop_cells(struct builder *b, const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put32(v + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	b_prop(b, name, v, 4u * (uint32_t)n);
}

static void b_prop_str(struct builder *b, const char *name, const char *s)
{
	b_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* Layout of the assembled blob; zero fields mean "the usual". */
struct layout {
	uint32_t version, last_comp;
	uint32_t off_rsv, off_struct, off_strings, total;
	bool no_rsv_terminator;
};

struct blob {
	uint8_t *p;     /* heap, exactly len bytes */
	size_t len;
};

/* Header, reservation map, structure block, strings block, in that order
 * unless the layout says otherwise. Where a layout makes blocks overlap,
 * later ones overwrite earlier ones and the header overwrites them all. */
static struct blob assemble(const struct builder *b, const struct layout *lo)
{
	uint32_t version = lo && lo->version ? lo->version : 17;
	uint32_t last = lo && lo->last_comp ? lo->last_comp : 16;
	uint32_t rsv_len = 16u * (uint32_t)(b->nrsv + 1);
	if (lo && lo->no_rsv_terminator)
		rsv_len -= 16;
	uint32_t off_rsv = lo && lo->off_rsv ? lo->off_rsv : 40;
	uint32_t off_struct = lo && lo->off_struct ? lo->off_struct
						   : off_rsv + rsv_len;
	uint32_t off_strings = lo && lo->off_strings
				       ? lo->off_strings
				       : off_struct + b->st_len;
	uint32_t end = off_strings + b->str_len;
	if (off_struct + b->st_len > end)
		end = off_struct + b->st_len;
	if (off_rsv + rsv_len > end)
		end = off_rsv + rsv_len;
	uint32_t total = lo && lo->total ? lo->total : end;
	size_t alloc = total > end ? total : end;

	struct blob out = {calloc(1, alloc), total};
	if (!out.p)
		abort();
	uint8_t *p = out.p;
	for (int i = 0; i < b->nrsv; i++) {
		put64(p + off_rsv + 16 * i, b->rsv[i][0]);
		put64(p + off_rsv + 16 * i + 8, b->rsv[i][1]);
	}
	memcpy(p + off_struct, b->st, b->st_len);
	memcpy(p + off_strings, b->str, b->str_len);
	/* The header last, so that a layout overlapping it keeps it. */
	put32(p + 0, FDT_MAGIC);
	put32(p + 4, total);
	put32(p + 8, off_struct);
	put32(p + 12, off_strings);
	put32(p + 16, off_rsv);
	put32(p + 20, version);
	put32(p + 24, last);
	put32(p + 28, 0);
	put32(p + 32, b->str_len);
	if (version >= 17)
		put32(p + 36, b->st_len);
	if (alloc != total) {
		/* Callers that shrink totalsize below the data still get an
		 * exact-size buffer (the header alone if need be). */
		uint8_t *q = malloc(total ? total : 1);
		if (!q)
			abort();
		memcpy(q, p, total);
		free(p);
		out.p = q;
	}
	return out;
}

/* An exact-size heap copy. */
static struct blob copy_blob(const void *p, size_t len)
{
	struct blob out = {malloc(len ? len : 1), len};
	if (!out.p)
		abort();
	memcpy(out.p, p, len);
	return out;
}

static int init_blob(const struct blob *bl)
{
	struct fdt f;
	return fdt_init(&f, bl->p, bl->len);
}

/* Build, init, free: the error code of one layout. */
static int try_build(const struct builder *b, const struct layout *lo)
{
	struct blob bl = assemble(b, lo);
	int err = init_blob(&bl);
	free(bl.p);
	return err;
}

/* The small valid tree most structure tests start from. */
static void minimal_tree(struct builder *b)
{
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_prop_cells(b, "#address-cells", 1, 2u);
	b_prop_cells(b, "#size-cells", 1, 2u);
	b_prop_str(b, "compatible", "test,minimal");
	b_begin(b, "dev@100000002");
	b_prop_cells(b, "reg", 4, 0x1u, 0x2u, 0x0u, 0x3u);
	b_end(b);
	b_end(b);
	b_word(b, END);
}

/* ------------------------------------------------------------------------ */
/* Exercise every accessor on an accepted blob (for mutation survivors)     */

/* full: the quadratic lookups (parent, phandle, reg) for every node, not
 * just the first few. */
static unsigned exercise(const struct fdt *f, bool full)
{
	unsigned work = 0;
	int depth = 0;
	for (int n = fdt_root(f); n >= 0; n = fdt_next_node(f, n, &depth)) {
		uint32_t len;
		uint64_t a, s;
		work++;
		const char *name = fdt_node_name(f, n, &len);
		if (!name || strlen(name) != len)
			check(false, __LINE__, "node name at %d", n);
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			check(false, __LINE__, "depth %d", depth);
		(void)fdt_first_child(f, n);
		for (int p = fdt_first_prop(f, n); p >= 0;
		     p = fdt_next_prop(f, p)) {
			struct fdt_prop pr;
			if (fdt_prop_at(f, p, &pr) == 0 && (full || work < 4)) {
				(void)fdt_getprop(f, n, pr.name, NULL);
				(void)fdt_getprop_string(f, n, pr.name);
				(void)fdt_stringlist_index(f, n, pr.name, "x");
			}
			work++;
		}
		(void)fdt_node_enabled(f, n);
		(void)fdt_node_is_compatible(f, n, "simple-bus");
		(void)fdt_address_cells(f, n);
		(void)fdt_size_cells(f, n);
		if (!full && work > 4)
			continue;
		(void)fdt_parent(f, n);
		(void)fdt_next_sibling(f, n);
		(void)fdt_node_by_phandle(f, fdt_get_phandle(f, n));
		int count = fdt_reg_count(f, n);
		for (int i = 0; i <= count && i < 4; i++)
			(void)fdt_reg(f, n, (uint32_t)i, &a, &s);
	}
	(void)fdt_path_offset(f, "/soc/serial");
	(void)fdt_path_offset(f, "serial0/x");
	(void)fdt_find_compatible(f, -1, "arm,pl011");
	int nrsv = fdt_num_mem_rsv(f);
	for (int i = 0; i < nrsv; i++) {
		uint64_t a, s;
		(void)fdt_get_mem_rsv(f, i, &a, &s);
	}
	return work;
}

/* ------------------------------------------------------------------------ */
/* Header, alignment and layout                                             */

static void test_header(void)
{
	struct builder *b = malloc(sizeof(*b));
	minimal_tree(b);
	struct blob good = assemble(b, NULL);
	struct fdt f;

	CHECK_EQ(init_blob(&good), 0);
	CHECK_EQ(fdt_init(&f, NULL, 100), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_init(&f, good.p, 0), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_init(&f, good.p, 3), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_init(&f, good.p, 39), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_init(&f, good.p, good.len - 1), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_header_totalsize(good.p), good.len);
	CHECK_EQ(fdt_header_totalsize(NULL), 0);

	struct blob bl = copy_blob(good.p, good.len);
	put32(bl.p, 0xedfe0dd0u);               /* byte-swapped magic */
	CHECK_EQ(init_blob(&bl), FDT_ERR_BADMAGIC);
	CHECK_EQ(fdt_header_totalsize(bl.p), 0);
	free(bl.p);

	struct layout lo = {.version = 15, .last_comp = 2};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADVERSION);
	lo = (struct layout){.version = 1, .last_comp = 1};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADVERSION);
	lo = (struct layout){.version = 17, .last_comp = 18};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADVERSION);
	lo = (struct layout){.version = 16, .last_comp = 17};   /* nonsense */
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADVERSION);
	lo = (struct layout){.version = 18, .last_comp = 17};   /* compatible */
	CHECK_EQ(try_build(b, &lo), 0);
	lo = (struct layout){.version = 16, .last_comp = 16};
	bl = assemble(b, &lo);
	CHECK_EQ(fdt_init(&f, bl.p, bl.len), 0);
	CHECK_EQ(f.size_struct, b->st_len);     /* found by the walk */
	exercise(&f, true);
	free(bl.p);

	/* totalsize smaller than the header, larger than the buffer, huge. */
	bl = copy_blob(good.p, good.len);
	put32(bl.p + 4, 39);
	CHECK_EQ(init_blob(&bl), FDT_ERR_BADLAYOUT);
	put32(bl.p + 4, (uint32_t)good.len + 1);
	CHECK_EQ(init_blob(&bl), FDT_ERR_TRUNCATED);
	put32(bl.p + 4, 0x80000000u);
	CHECK_EQ(fdt_init(&f, bl.p, SIZE_MAX), FDT_ERR_BADLAYOUT);
	put32(bl.p + 4, 0xffffffffu);
	CHECK_EQ(fdt_init(&f, bl.p, SIZE_MAX), FDT_ERR_BADLAYOUT);
	free(bl.p);

	/* Misaligned blob pointer: the same bytes at +1..+3 (the reader
	 * refuses; the kernel may run with strict alignment), fine at +4. */
	uint8_t *raw = malloc(good.len + 8);
	for (int shift = 0; shift <= 4; shift++) {
		memcpy(raw + shift, good.p, good.len);
		int want = shift % 4 ? FDT_ERR_ALIGNMENT : 0;
		CHECK_EQ(fdt_init(&f, raw + shift, good.len), want);
	}
	free(raw);

	/* Structure block 4-aligned, reservation map 8-aligned. */
	lo = (struct layout){.off_rsv = 40, .off_struct = 58};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_ALIGNMENT);
	lo = (struct layout){.off_rsv = 44};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_ALIGNMENT);
	lo = (struct layout){.off_rsv = 48};
	CHECK_EQ(try_build(b, &lo), 0);
	lo = (struct layout){.off_rsv = 40, .off_struct = 60};
	CHECK_EQ(try_build(b, &lo), 0);

	/* Blocks overlapping each other or the header, or outside. */
	uint32_t st = 56;                       /* 40 + one terminator */
	lo = (struct layout){.off_strings = st + 8};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADLAYOUT);  /* strings in struct */
	lo = (struct layout){.off_struct = 16};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADLAYOUT);  /* struct in header */
	lo = (struct layout){.off_strings = 8};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADLAYOUT);
	lo = (struct layout){.off_rsv = 8};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADLAYOUT);
	lo = (struct layout){.total = st + b->st_len};   /* strings cut off */
	CHECK_EQ(try_build(b, &lo), FDT_ERR_BADLAYOUT);
	bl = copy_blob(good.p, good.len);
	put32(bl.p + 36, (uint32_t)good.len);           /* size_dt_struct */
	CHECK_EQ(init_blob(&bl), FDT_ERR_BADLAYOUT);
	put32(bl.p + 36, b->st_len);
	put32(bl.p + 16, (uint32_t)good.len + 8);       /* rsvmap outside */
	CHECK_EQ(init_blob(&bl), FDT_ERR_BADLAYOUT);
	put32(bl.p + 16, 40);
	put32(bl.p + 32, 0xfffffff0u);                  /* size_dt_strings */
	CHECK_EQ(init_blob(&bl), FDT_ERR_BADLAYOUT);
	free(bl.p);

	/* Reservation map overlapping the structure block: the map's
	 * terminator is the last 8 bytes of the structure block plus 8 zero
	 * bytes of a strings block that starts with an empty string. */
	struct builder *b2 = malloc(sizeof(*b2));
	memset(b2, 0, sizeof(*b2));
	b2->str_len = 8;                        /* eight zero bytes first */
	b_word(b2, NOP);                        /* makes st_len % 8 == 0 */
	b_begin(b2, "");
	b_prop(b2, "x", "\0\0\0\0\0\0\0", 8);
	b_end(b2);
	b_word(b2, END);
	CHECK_EQ(b2->st_len % 8, 0);
	lo = (struct layout){.off_rsv = 40 + 16 + b2->st_len - 8,
			     .off_struct = 56, .off_strings = 56 + b2->st_len,
			     .no_rsv_terminator = true};
	CHECK_EQ(try_build(b2, &lo), FDT_ERR_BADLAYOUT);
	lo.off_rsv = 40;
	lo.no_rsv_terminator = false;
	CHECK_EQ(try_build(b2, &lo), 0);        /* control: same, no overlap */
	free(b2);

	/* Reservation list: entries read back; unterminated -> TRUNCATED. */
	b->rsv[0][0] = 0x1000;
	b->rsv[0][1] = 0x2000;
	b->rsv[1][0] = 0xffffffff00000000ull;
	b->rsv[1][1] = 0x10;
	b->nrsv = 2;
	bl = assemble(b, NULL);
	CHECK_EQ(fdt_init(&f, bl.p, bl.len), 0);
	uint64_t a = 0, s = 0;
	CHECK_EQ(fdt_num_mem_rsv(&f), 2);
	CHECK_EQ(fdt_get_mem_rsv(&f, 1, &a, &s), 0);
	CHECK(a == 0xffffffff00000000ull && s == 0x10);
	CHECK_EQ(fdt_get_mem_rsv(&f, 2, &a, &s), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_get_mem_rsv(&f, -1, &a, &s), FDT_ERR_NOTFOUND);
	free(bl.p);
	/* The map placed last, its terminator cut off by totalsize. */
	uint32_t rsv_at = 40 + b->st_len + b->str_len;
	rsv_at = (rsv_at + 7) & ~7u;
	lo = (struct layout){.off_rsv = rsv_at, .off_struct = 40,
			     .off_strings = 40 + b->st_len,
			     .no_rsv_terminator = true};
	CHECK_EQ(try_build(b, &lo), FDT_ERR_TRUNCATED);
	b->nrsv = 0;

	free(good.p);
	free(b);
}

/* ------------------------------------------------------------------------ */
/* Structure block                                                          */

static void test_structure(void)
{
	struct builder *b = malloc(sizeof(*b));
	struct fdt f;

	/* Bad tokens in place of a NOP. */
	const uint32_t bad_tokens[] = {0, 5, 8, 0xa, 0x10000001u, 0xffffffffu};
	for (size_t i = 0; i < sizeof(bad_tokens) / sizeof(bad_tokens[0]);
	     i++) {
		memset(b, 0, sizeof(*b));
		b_begin(b, "");
		b_word(b, bad_tokens[i]);
		b_end(b);
		b_word(b, END);
		CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	}

	/* NOPs anywhere inside the tree are fine, and the root may follow
	 * leading NOPs; between the root's END_NODE and FDT_END nothing may
	 * come, not even a NOP (libfdt's rule too). */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_end(b);
	b_word(b, NOP);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_word(b, NOP);
	b_begin(b, "");
	b_word(b, NOP);
	b_prop_cells(b, "a", 1, 1u);
	b_word(b, NOP);
	b_begin(b, "child");
	b_word(b, NOP);
	b_end(b);
	b_word(b, NOP);
	b_end(b);
	b_word(b, END);
	struct blob bl = assemble(b, NULL);
	CHECK_EQ(fdt_init(&f, bl.p, bl.len), 0);
	CHECK_EQ(fdt_root(&f), 4);
	CHECK_EQ(fdt_path_offset(&f, "/"), 4);
	CHECK(fdt_path_offset(&f, "/child") > 4);
	CHECK_EQ(fdt_first_child(&f, 4), fdt_path_offset(&f, "/child"));
	CHECK_EQ(fdt_parent(&f, fdt_path_offset(&f, "/child")), 4);
	free(bl.p);

	/* Unbalanced: END_NODE without BEGIN_NODE, END inside a node. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_end(b);
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_begin(b, "a");
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);

	/* Exactly one root, with an empty name. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_end(b);
	b_begin(b, "");
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_begin(b, "root");
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);

	/* Properties: not outside the root, not after a subnode. */
	memset(b, 0, sizeof(*b));
	b_prop_cells(b, "a", 1, 1u);
	b_begin(b, "");
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_begin(b, "a");
	b_end(b);
	b_prop_cells(b, "late", 1, 1u);
	b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);

	/* END last: nothing after it inside size_dt_struct, and present. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_end(b);
	b_word(b, END);
	b_word(b, NOP);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_end(b);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADSTRUCTURE);

	/* Node name running to the end of the structure block. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_word(b, BE_NODE);
	memcpy(b->st + b->st_len, "abcdefgh", 8);
	b->st_len += 8;
	CHECK_EQ(try_build(b, NULL), FDT_ERR_BADNAME);

	/* Property name offsets: past the strings block, or a string with
	 * no NUL before the block ends. */
	const uint32_t bad_nameoffs[] = {3, 4, 100, 0x7fffffffu, 0xffffffffu};
	for (size_t i = 0; i < sizeof(bad_nameoffs) / sizeof(bad_nameoffs[0]);
	     i++) {
		memset(b, 0, sizeof(*b));
		memcpy(b->str, "abc", 3);    /* 3 bytes, unterminated */
		b->str_len = 3;
		b_begin(b, "");
		b_prop_raw(b, bad_nameoffs[i] == 3 ? 0 : bad_nameoffs[i], "x",
			   1);
		b_end(b);
		b_word(b, END);
		CHECK_EQ(try_build(b, NULL), FDT_ERR_BADNAME);
	}

	/* Property lengths past the block. */
	const uint32_t bad_lens[] = {13, 0x1000, 0x7ffffffcu, 0xfffffff4u,
				     0xffffffffu};
	for (size_t i = 0; i < sizeof(bad_lens) / sizeof(bad_lens[0]); i++) {
		memset(b, 0, sizeof(*b));
		b_begin(b, "");
		uint32_t nameoff = b_string(b, "p");
		b_word(b, PROP);
		b_word(b, bad_lens[i]);
		b_word(b, nameoff);
		b_end(b);
		b_word(b, END);
		CHECK_EQ(try_build(b, NULL), FDT_ERR_TRUNCATED);
	}

	/* Depth: FDT_MAX_DEPTH open nodes (the root included) is the most. */
	for (int extra = -1; extra <= 1; extra++) {
		int levels = FDT_MAX_DEPTH + extra;
		memset(b, 0, sizeof(*b));
		b_begin(b, "");
		for (int i = 1; i < levels; i++)
			b_begin(b, "n");
		for (int i = 0; i < levels; i++)
			b_end(b);
		b_word(b, END);
		bl = assemble(b, NULL);
		int err = fdt_init(&f, bl.p, bl.len);
		CHECK_EQ(err, extra > 0 ? FDT_ERR_DEPTH : 0);
		if (err == 0) {
			int depth = 0, n = fdt_root(&f), last = n, maxd = 0;
			while ((n = fdt_next_node(&f, n, &depth)) >= 0) {
				last = n;
				maxd = depth;
			}
			CHECK_EQ(maxd, levels - 1);
			int up = 0;
			for (int p = last; p >= 0; p = fdt_parent(&f, p))
				up++;
			CHECK_EQ(up, levels);
			uint64_t a, s;
			CHECK_EQ(fdt_reg(&f, last, 0, &a, &s),
				 FDT_ERR_NOTFOUND);
		}
		free(bl.p);
	}

	/* A depth bomb: 1000 nested nodes. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	for (int i = 0; i < 1000; i++)
		b_begin(b, "d");
	for (int i = 0; i <= 1000; i++)
		b_end(b);
	b_word(b, END);
	CHECK_EQ(try_build(b, NULL), FDT_ERR_DEPTH);
	/* ...and one that never closes. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	for (int i = 0; i < 4000; i++)
		b_begin(b, "d");
	CHECK_EQ(try_build(b, NULL), FDT_ERR_DEPTH);

	free(b);
}

/* ------------------------------------------------------------------------ */
/* Addresses, on hand-built trees                                           */

static void test_cells_built(void)
{
	struct builder *b = malloc(sizeof(*b));
	struct fdt f;
	uint64_t a, s;

	/* Root with #address-cells = #size-cells = 2. */
	minimal_tree(b);
	struct blob bl = assemble(b, NULL);
	CHECK_EQ(fdt_init(&f, bl.p, bl.len), 0);
	int dev = fdt_path_offset(&f, "/dev@100000002");
	CHECK(dev > 0);
	CHECK_EQ(fdt_reg_count(&f, dev), 1);
	CHECK_EQ(fdt_reg(&f, dev, 0, &a, &s), 0);
	CHECK_EQ(a, 0x100000002ull);
	CHECK_EQ(s, 3);
	CHECK_EQ(fdt_reg(&f, dev, 1, &a, &s), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_address_cells(&f, fdt_root(&f)), 2);
	CHECK_EQ(fdt_size_cells(&f, fdt_root(&f)), 2);
	CHECK_EQ(fdt_address_cells(&f, dev), 2);   /* defaults */
	CHECK_EQ(fdt_size_cells(&f, dev), 1);
	CHECK(fdt_find_compatible(&f, -1, "test,minimal") == fdt_root(&f));
	CHECK_EQ(fdt_find_compatible(&f, fdt_root(&f), "test,minimal"),
		 FDT_ERR_NOTFOUND);
	free(bl.p);

	/* Buses the translation cannot handle. */
	memset(b, 0, sizeof(*b));
	b_begin(b, "");
	b_prop_cells(b, "#address-cells", 1, 1u);
	b_prop_cells(b, "#size-cells", 1, 1u);
	b_begin(b, "pci");                   /* 3 address cells */
	b_prop_cells(b, "#address-cells", 1, 3u);
	b_prop_cells(b, "#size-cells", 1, 2u);
	b_prop(b, "ranges", NULL, 0);
	b_begin(b, "dev");
	b_prop_cells(b, "reg", 5, 0u, 0u, 0u, 0u, 0x100u);
	b_end(b);
	b_end(b);
	b_begin(b, "sc0bus");                /* ranges with 0 size cells */
	b_prop_cells(b, "#address-cells", 1, 1u);
	b_prop_cells(b, "#size-cells", 1, 0u);
	b_prop_cells(b, "ranges", 2, 0u, 0x1000u);
	b_begin(b, "dev");
	b_prop_cells(b, "reg", 1, 0x10u);
	b_end(b);
	b_end(b);
	b_begin(b, "oddranges");             /* not whole entries */
	b_prop_cells(b, "#address-cells", 1, 1u);
	b_prop_cells(b, "#size-cells", 1, 1u);
	b_prop_cells(b, "ranges", 4, 0u, 0x1000u, 0x100u, 0u);
	b_begin(b, "dev");
	b_prop_cells(b, "reg", 2, 0x10u, 0x10u);
	b_end(b);
	b_end(b);
	b_begin(b, "badcells");              /* #address-cells wrong size */
	b_prop(b, "#address-cells", "\0\0\0\1\0", 5);
	b_prop_cells(b, "#size-cells", 1, 1u);
	b_prop(b, "ranges", NULL, 0);
	b_begin(b, "dev");                   /* parent cells default: 2/1 */
	b_prop_cells(b, "reg", 3, 0x1u, 0x2u, 0x30u);
	b_end(b);
	b_end(b);
	b_end(b);
	b_word(b, END);
	bl = assemble(b, NULL);
	CHECK_EQ(fdt_init(&f, bl.p, bl.len), 0);
	CHECK_EQ(fdt_reg(&f, fdt_path_offset(&f, "/pci/dev"), 0, &a, &s),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/pci/dev")),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg(&f, fdt_path_offset(&f, "/sc0bus/dev"), 0, &a, &s),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/sc0bus/dev")), 1);
	CHECK_EQ(fdt_reg(&f, fdt_path_offset(&f, "/oddranges/dev"), 0, &a,
			 &s),
		 FDT_ERR_BADVALUE);
	int bc = fdt_path_offset(&f, "/badcells/dev");
	CHECK_EQ(fdt_address_cells(&f, fdt_path_offset(&f, "/badcells")), 2);
	CHECK_EQ(fdt_reg(&f, bc, 0, &a, &s), 0);
	CHECK_EQ(a, 0x100000002ull);
	CHECK_EQ(s, 0x30);
	free(bl.p);

	/* fdt_read_cells on its own. */
	uint8_t v[12];
	put32(v, 0x11111111u);
	put32(v + 4, 0x22222222u);
	put32(v + 8, 0x33333333u);
	CHECK_EQ(fdt_read_cells(v, 12, 1, 2, &a), 0);
	CHECK_EQ(a, 0x2222222233333333ull);
	CHECK_EQ(fdt_read_cells(v, 12, 2, 1, &a), 0);
	CHECK_EQ(a, 0x33333333u);
	CHECK_EQ(fdt_read_cells(v, 12, 2, 2, &a), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_read_cells(v, 12, 3, 1, &a), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_read_cells(v, 12, 0xffffffffu, 1, &a), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_read_cells(v, 11, 2, 1, &a), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_read_cells(v, 12, 0, 0, &a), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_read_cells(v, 12, 0, 3, &a), FDT_ERR_BADVALUE);
	/* Unaligned data is fine (byte loads). */
	uint8_t w[13];
	memcpy(w + 1, v, 12);
	CHECK_EQ(fdt_read_cells(w + 1, 12, 0, 2, &a), 0);
	CHECK_EQ(a, 0x1111111122222222ull);

	free(b);
}

/* ------------------------------------------------------------------------ */
/* The test tree (tests/host/dts/fdt-test-rpi.dts)                          */

static void *load(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	rewind(fp);
	void *p = n > 0 ? malloc((size_t)n) : NULL;
	if (!p || fread(p, 1, (size_t)n, fp) != (size_t)n) {
		free(p);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*size = (size_t)n;
	return p;
}

static void expect_reg(const struct fdt *f, const char *path, uint32_t idx,
		       int err, uint64_t addr, uint64_t size, int line)
{
	uint64_t a = 0, s = 0;
	int node = fdt_path_offset(f, path);
	int got = node < 0 ? node : fdt_reg(f, node, idx, &a, &s);
	if (got != err)
		check(false, line, "reg %u of %s: error %d, want %d", idx, path,
		      got, err);
	else if (!err && (a != addr || s != size))
		check(false, line, "reg %u of %s: %#llx+%#llx, want %#llx+%#llx",
		      idx, path, (unsigned long long)a, (unsigned long long)s,
		      (unsigned long long)addr, (unsigned long long)size);
	else
		check(true, line, "");
}

#define EXPECT_REG(f, path, idx, err, addr, size)                              \
	expect_reg((f), (path), (idx), (err), (addr), (size), __LINE__)

static void test_rpi_tree(const char *file)
{
	size_t len;
	void *raw = load(file, &len);
	if (!raw) {
		check(false, __LINE__, "cannot read %s", file);
		return;
	}
	struct fdt f;
	CHECK_EQ(fdt_init(&f, raw, len), 0);
	int root = fdt_root(&f);
	int soc = fdt_path_offset(&f, "/soc");
	int uart = fdt_path_offset(&f, "/soc/serial@7e201000");
	int intc = fdt_path_offset(&f, "/soc/interrupt-controller@40000000");
	int legacy = fdt_path_offset(&f, "/soc/legacy");
	int multi = fdt_path_offset(&f, "/soc/multi@7e300000");
	CHECK(root >= 0 && soc > root && uart > soc && intc > uart &&
	      legacy > soc && multi > soc);

	/* reg through ranges: the Raspberry Pi window, the second (identity)
	 * window, outside every window, nested bus with empty ranges, bus
	 * without ranges, 2-cell bus, #size-cells = 0, malformed reg. */
	EXPECT_REG(&f, "/soc/serial@7e201000", 0, 0, 0x3f201000u, 0x200);
	EXPECT_REG(&f, "/soc/gpio@7e200000", 0, 0, 0x3f200000u, 0xb4);
	EXPECT_REG(&f, "/soc/interrupt-controller@40000000", 0, 0,
		   0x40000000u, 0x100);
	EXPECT_REG(&f, "/soc/outside@7f000000", 0, FDT_ERR_NOTFOUND, 0, 0);
	EXPECT_REG(&f, "/soc/multi@7e300000", 0, 0, 0x3f300000u, 0x100);
	EXPECT_REG(&f, "/soc/multi@7e300000", 1, 0, 0x3f400000u, 0x200);
	EXPECT_REG(&f, "/soc/multi@7e300000", 2, FDT_ERR_NOTFOUND, 0, 0);
	EXPECT_REG(&f, "/soc/bridge@7e500000/dev@7e500100", 0, 0, 0x3f500100u,
		   0x10);
	EXPECT_REG(&f, "/soc/nobus/dev@1000", 0, FDT_ERR_NOTFOUND, 0, 0);
	EXPECT_REG(&f, "/wide/dev@1,1000", 0, 0, 0x80001000u, 0x100);
	EXPECT_REG(&f, "/memory@0", 0, 0, 0, 0x3b400000u);
	/* /cpus has no "ranges": a CPU's reg is an id, not an address. */
	EXPECT_REG(&f, "/cpus/cpu@1", 0, FDT_ERR_NOTFOUND, 0, 0);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/cpus/cpu@1")), 1);
	uint32_t rl = 0;
	const void *rv = fdt_getprop(&f, fdt_path_offset(&f, "/cpus/cpu@1"),
				     "reg", &rl);
	uint64_t id = 0;
	CHECK_EQ(fdt_read_cells(rv, rl, 0, 1, &id), 0);
	CHECK_EQ(id, 1);
	EXPECT_REG(&f, "/soc/badreg", 0, FDT_ERR_BADVALUE, 0, 0);
	EXPECT_REG(&f, "/chosen", 0, FDT_ERR_NOTFOUND, 0, 0);
	EXPECT_REG(&f, "/", 0, FDT_ERR_NOTFOUND, 0, 0);
	CHECK_EQ(fdt_reg_count(&f, multi), 2);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/soc/nobus/dev@1000")),
		 1);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/soc/badreg")),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_count(&f, fdt_path_offset(&f, "/chosen")), 0);

	/* Cells. */
	int cpus = fdt_path_offset(&f, "/cpus");
	CHECK_EQ(fdt_address_cells(&f, root), 1);
	CHECK_EQ(fdt_address_cells(&f, cpus), 1);
	CHECK_EQ(fdt_size_cells(&f, cpus), 0);
	CHECK_EQ(fdt_address_cells(&f, fdt_path_offset(&f, "/wide")), 2);
	CHECK_EQ(fdt_size_cells(&f, fdt_path_offset(&f, "/wide")), 2);
	CHECK_EQ(fdt_address_cells(&f, fdt_path_offset(&f, "/chosen")), 2);
	CHECK_EQ(fdt_size_cells(&f, fdt_path_offset(&f, "/chosen")), 1);

	/* Typed property access. */
	uint32_t u = 0;
	CHECK_EQ(fdt_getprop_u32(&f, intc, "#interrupt-cells", &u), 0);
	CHECK_EQ(u, 2);
	CHECK_EQ(fdt_getprop_u32(&f, legacy, "two-cells", &u),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_getprop_u32(&f, legacy, "empty", &u), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_getprop_u32(&f, legacy, "not-a-string", &u),
		 FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_getprop_u32(&f, legacy, "absent", &u), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_getprop_u32(&f, 1, "two-cells", &u), FDT_ERR_BADOFFSET);
	uint32_t plen = 99;
	CHECK(fdt_getprop(&f, legacy, "empty", &plen) != NULL && plen == 0);
	CHECK(fdt_getprop(&f, legacy, "absent", &plen) == NULL);
	CHECK(fdt_getprop(&f, legacy, NULL, &plen) == NULL);
	CHECK(fdt_getprop_string(&f, legacy, "not-a-string") == NULL);
	CHECK(fdt_getprop_string(&f, legacy, "empty") == NULL);
	const char *model = fdt_getprop_string(&f, root, "model");
	CHECK(model && strcmp(model, "FDT reader test board") == 0);

	/* Paths and aliases. */
	CHECK_EQ(fdt_path_offset(&f, "/"), root);
	CHECK_EQ(fdt_path_offset(&f, "//soc//"), soc);
	CHECK_EQ(fdt_path_offset(&f, "/soc/serial"), uart);      /* no unit */
	CHECK_EQ(fdt_path_offset(&f, "/soc/serial@7e201001"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(&f, "/soc/serial@"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(&f, "/cpus/cpu"),
		 fdt_path_offset(&f, "/cpus/cpu@0"));
	CHECK_EQ(fdt_path_offset(&f, "serial0"), uart);
	CHECK_EQ(fdt_path_offset(&f, "soc"), soc);
	CHECK_EQ(fdt_path_offset(&f, "soc/serial@7e201000"), uart);
	CHECK_EQ(fdt_path_offset(&f, "soc/"), soc);
	CHECK_EQ(fdt_path_offset(&f, "gpio"),
		 fdt_path_offset(&f, "/soc/gpio@7e200000"));
	CHECK_EQ(fdt_path_offset(&f, "relative"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(&f, "nosuchalias"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(&f, ""), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(&f, NULL), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset_len(&f, "/socXYZ", 4), soc);
	CHECK_EQ(fdt_path_offset_len(&f, "serial0garbage", 7), uart);
	CHECK_EQ(fdt_path_offset_len(&f, "/soc\0/x", 7), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset_len(&f, "ser\0al0", 7), FDT_ERR_NOTFOUND);

	/* Phandles, modern and legacy. */
	uint32_t ip = 0;
	CHECK_EQ(fdt_getprop_u32(&f, uart, "interrupt-parent", &ip), 0);
	CHECK(ip != 0);
	CHECK_EQ(fdt_get_phandle(&f, intc), ip);
	CHECK_EQ(fdt_node_by_phandle(&f, ip), intc);
	CHECK_EQ(fdt_get_phandle(&f, legacy), 0x99);
	CHECK_EQ(fdt_node_by_phandle(&f, 0x99), legacy);
	CHECK_EQ(fdt_node_by_phandle(&f, 0), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_node_by_phandle(&f, 0xffffffffu), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_node_by_phandle(&f, 0x98), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_get_phandle(&f, root), 0);

	/* status. */
	CHECK(!fdt_node_enabled(&f, fdt_path_offset(&f, "/cpus/cpu@1")));
	CHECK(fdt_node_enabled(&f, fdt_path_offset(&f, "/cpus/cpu@0")));
	CHECK(fdt_node_enabled(&f, fdt_path_offset(&f, "/soc/gpio")));
	CHECK(fdt_node_enabled(&f, uart));
	CHECK(!fdt_node_enabled(&f, multi));
	CHECK(!fdt_node_enabled(&f, 2));

	/* String lists. */
	CHECK(fdt_node_is_compatible(&f, multi, "test,multi-v1"));
	CHECK(!fdt_node_is_compatible(&f, multi, "test,multi-v"));
	CHECK(!fdt_node_is_compatible(&f, multi, "test,multi-v1x"));
	CHECK(!fdt_node_is_compatible(&f, multi, ""));
	CHECK(!fdt_node_is_compatible(&f, multi, NULL));
	CHECK_EQ(fdt_stringlist_index(&f, multi, "compatible", "test,multi"),
		 0);
	CHECK_EQ(fdt_stringlist_index(&f, multi, "compatible",
				      "test,multi-v1"),
		 1);
	CHECK_EQ(fdt_stringlist_index(&f, multi, "compatible", "x"),
		 FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_stringlist_index(&f, multi, "absent", "x"),
		 FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_stringlist_index(&f, -8, "compatible", "x"),
		 FDT_ERR_BADOFFSET);
	CHECK(fdt_prop_has_string(&f, root, "compatible", "brcm,bcm2837"));
	CHECK(!fdt_prop_has_string(&f, legacy, "not-a-string", "abc"));
	int sb[4], nsb = 0;
	for (int n = fdt_find_compatible(&f, -1, "simple-bus"); n >= 0 && nsb < 4;
	     n = fdt_find_compatible(&f, n, "simple-bus"))
		sb[nsb++] = n;
	CHECK_EQ(nsb, 3);
	if (nsb == 3) {
		CHECK_EQ(sb[0], soc);
		CHECK_EQ(sb[1], fdt_path_offset(&f, "/soc/bridge@7e500000"));
		CHECK_EQ(sb[2], fdt_path_offset(&f, "/wide"));
	}
	CHECK_EQ(fdt_find_compatible(&f, -1, "nothing"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_find_compatible(&f, 3, "simple-bus"), FDT_ERR_BADOFFSET);

	/* Navigation. */
	const char *want[] = {"aliases", "chosen", "memory@0", "cpus", "soc",
			      "wide"};
	int i = 0;
	for (int c = fdt_first_child(&f, root); c >= 0;
	     c = fdt_next_sibling(&f, c), i++) {
		const char *name = fdt_node_name(&f, c, NULL);
		CHECK(i < 6 && name && strcmp(name, want[i]) == 0);
		CHECK_EQ(fdt_parent(&f, c), root);
	}
	CHECK_EQ(i, 6);
	uint32_t nlen = 99;
	CHECK(fdt_node_name(&f, root, &nlen) && nlen == 0);
	CHECK_EQ(fdt_parent(&f, root), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_parent(&f, uart), soc);
	CHECK_EQ(fdt_next_sibling(&f, root), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(&f, uart), FDT_ERR_NOTFOUND);

	/* Offsets that are not nodes / properties. */
	int prop = fdt_first_prop(&f, root);
	CHECK(prop > root);
	struct fdt_prop pr;
	CHECK_EQ(fdt_prop_at(&f, prop, &pr), 0);
	CHECK(strcmp(pr.name, "#address-cells") == 0 && pr.len == 4);
	const int bad[] = {-1, -4, 1, 2, prop, (int)f.size_struct,
			   (int)f.size_struct + 4, 0x7ffffffc};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		int o = bad[k];
		uint64_t a, s;
		CHECK_EQ(fdt_first_child(&f, o), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_next_sibling(&f, o), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_parent(&f, o), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_next_node(&f, o, NULL), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_first_prop(&f, o), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_reg(&f, o, 0, &a, &s), FDT_ERR_BADOFFSET);
		CHECK_EQ(fdt_reg_count(&f, o), FDT_ERR_BADOFFSET);
		CHECK(fdt_node_name(&f, o, NULL) == NULL);
		CHECK(fdt_getprop(&f, o, "reg", NULL) == NULL);
		CHECK_EQ(fdt_get_phandle(&f, o), 0);
		if (o != prop) {
			CHECK_EQ(fdt_next_prop(&f, o), FDT_ERR_BADOFFSET);
			CHECK_EQ(fdt_prop_at(&f, o, &pr), FDT_ERR_BADOFFSET);
		}
	}

	/* Memory reservations. */
	uint64_t a = 0, s = 0;
	CHECK_EQ(fdt_num_mem_rsv(&f), 2);
	CHECK_EQ(fdt_get_mem_rsv(&f, 0, &a, &s), 0);
	CHECK(a == 0 && s == 0x1000);
	CHECK_EQ(fdt_get_mem_rsv(&f, 1, &a, &s), 0);
	CHECK(a == 0x3b400000u && s == 0x04c00000u);
	CHECK_EQ(fdt_get_mem_rsv(&f, 2, &a, &s), FDT_ERR_NOTFOUND);

	/* Error strings. */
	for (int e = FDT_ERR_BADNAME; e <= 0; e++)
		CHECK(fdt_strerror(e) &&
		      strcmp(fdt_strerror(e), "unknown error") != 0);
	CHECK(strcmp(fdt_strerror(-1000), "unknown error") == 0);

	free(raw);
}

/* ------------------------------------------------------------------------ */
/* Damage to real blobs                                                     */

static void test_damage(const char *file)
{
	size_t len;
	uint8_t *raw = load(file, &len);
	struct fdt f;
	if (!raw || len < 64) {
		check(false, __LINE__, "cannot read %s", file);
		free(raw);
		return;
	}
	CHECK_EQ(fdt_init(&f, raw, len), 0);
	uint32_t total = get32(raw + 4);
	uint32_t off_struct = get32(raw + 8), off_strings = get32(raw + 12);
	uint32_t size_strings = get32(raw + 32), size_struct = get32(raw + 36);
	CHECK(total <= len);
	uint32_t need = off_strings + size_strings;
	if (off_struct + size_struct > need)
		need = off_struct + size_struct;

	/* Truncated at every length: the header's totalsize no longer fits. */
	int bad_trunc = -1;
	for (size_t l = 0; l < total; l++) {
		struct blob bl = copy_blob(raw, l);
		if (init_blob(&bl) != FDT_ERR_TRUNCATED && bad_trunc < 0)
			bad_trunc = (int)l;
		free(bl.p);
	}
	check(bad_trunc < 0, __LINE__, "%s truncated to %d: not TRUNCATED",
	      file, bad_trunc);

	/* Truncated with totalsize claiming just that: refused exactly
	 * while a block still reaches past the end. */
	int bad_claim = -1;
	for (size_t l = 40; l <= total; l++) {
		struct blob bl = copy_blob(raw, l);
		put32(bl.p + 4, (uint32_t)l);
		int err = fdt_init(&f, bl.p, l);
		if ((err == 0) != (l >= need) && bad_claim < 0)
			bad_claim = (int)l;
		if (err == 0)
			exercise(&f, true);
		free(bl.p);
	}
	check(bad_claim < 0, __LINE__, "%s with totalsize %d: wrong verdict",
	      file, bad_claim);

	/* Structure or strings block claimed shorter than it is. */
	int bad_short = -1;
	for (uint32_t sz = 0; sz < size_struct; sz++) {
		struct blob bl = copy_blob(raw, total);
		put32(bl.p + 36, sz);
		if (init_blob(&bl) == 0 && bad_short < 0)
			bad_short = (int)sz;
		free(bl.p);
	}
	for (uint32_t sz = 0; sz < size_strings; sz++) {
		struct blob bl = copy_blob(raw, total);
		put32(bl.p + 32, sz);
		if (init_blob(&bl) == 0 && bad_short < 0)
			bad_short = (int)sz;
		free(bl.p);
	}
	check(bad_short < 0, __LINE__, "%s with a short block (%d) accepted",
	      file, bad_short);

	/* Every byte of the blob changed to a few telling values. Whatever
	 * the verdict, nothing may read out of bounds; survivors are walked
	 * through every accessor. */
	unsigned accepted = 0, rejected = 0;
	for (uint32_t i = 0; i < total; i++) {
		const uint8_t vals[] = {0x00, 0xff, 0x01, 0x02, 0x03, 0x04,
					0x09, 0x80, (uint8_t)(raw[i] ^ 0x01),
					(uint8_t)(raw[i] ^ 0x80)};
		for (size_t k = 0; k < sizeof(vals); k++) {
			if (vals[k] == raw[i])
				continue;
			struct blob bl = copy_blob(raw, total);
			bl.p[i] = vals[k];
			if (fdt_init(&f, bl.p, bl.len) == 0) {
				accepted++;
				exercise(&f, false);
			} else {
				rejected++;
			}
			free(bl.p);
		}
	}
	printf("%s: %u mutations accepted, %u rejected\n", file, accepted,
	       rejected);
	CHECK(accepted > 0 && rejected > 0);

	/* Random multi-byte damage, reproducibly. */
	uint32_t seed = 12345;
	for (int round = 0; round < 10000; round++) {
		struct blob bl = copy_blob(raw, total);
		int hits = 1 + round % 8;
		for (int h = 0; h < hits; h++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t pos = (seed >> 8) % total;
			seed = seed * 1103515245u + 12345u;
			bl.p[pos] = (uint8_t)(seed >> 16);
		}
		if (fdt_init(&f, bl.p, bl.len) == 0)
			exercise(&f, false);
		free(bl.p);
	}
	CHECK(true);

	free(raw);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s fdt-test-rpi.dtb SMALL.dtb\n",
			argv[0]);
		return 2;
	}
	test_header();
	test_structure();
	test_cells_built();
	test_rpi_tree(argv[1]);
	test_damage(argv[1]);
	test_damage(argv[2]);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
