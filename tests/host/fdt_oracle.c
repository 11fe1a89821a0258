/*
 * libfdt as the oracle for the kernel's FDT reader (see fdt_oracle.h).
 *
 * libfdt and the kernel reader share function names, so this file first
 * includes libfdt.h and wraps the colliding libfdt functions as lf_*, then
 * drops libfdt's FDT_ERR_* / FDT_MAGIC macros, and only then includes the
 * kernel header with its functions renamed to kfdt_* (kfdt_rename.h). From
 * there on fdt_<name> means the kernel reader wherever the kernel header
 * declares <name>, and libfdt everywhere else.
 */
#define _POSIX_C_SOURCE 200809L

#include <libfdt.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libfdt error numbers (libfdt returns them negated). */
enum {
	LF_NOTFOUND = FDT_ERR_NOTFOUND,
	LF_TAG_BEGIN_NODE = FDT_BEGIN_NODE,
	LF_TAG_END_NODE = FDT_END_NODE,
	LF_TAG_PROP = FDT_PROP,
	LF_TAG_END = FDT_END,
};

static int lf_next_node(const void *b, int off, int *depth)
{
	return fdt_next_node(b, off, depth);
}

static int lf_path_offset(const void *b, const char *path)
{
	return fdt_path_offset(b, path);
}

static uint32_t lf_get_phandle(const void *b, int node)
{
	return fdt_get_phandle(b, node);
}

static const void *lf_getprop(const void *b, int node, const char *name,
			      int *len)
{
	return fdt_getprop(b, node, name, len);
}

static int lf_address_cells(const void *b, int node)
{
	return fdt_address_cells(b, node);
}

static int lf_size_cells(const void *b, int node)
{
	return fdt_size_cells(b, node);
}

static int lf_num_mem_rsv(const void *b)
{
	return fdt_num_mem_rsv(b);
}

static int lf_get_mem_rsv(const void *b, int n, uint64_t *addr, uint64_t *size)
{
	return fdt_get_mem_rsv(b, n, addr, size);
}

int fdt_oracle_libfdt_check(const void *blob, size_t size)
{
	return fdt_check_full(blob, size);
}

#undef FDT_MAGIC
#undef FDT_ERR_NOTFOUND
#undef FDT_ERR_TRUNCATED
#undef FDT_ERR_BADMAGIC
#undef FDT_ERR_BADVERSION
#undef FDT_ERR_BADLAYOUT
#undef FDT_ERR_ALIGNMENT
#undef FDT_ERR_BADSTRUCTURE
#undef FDT_ERR_BADOFFSET
#undef FDT_ERR_BADVALUE

#include "kfdt_rename.h"
#include "kernel/fdt.h"

#include "fdt_oracle.h"

#define MAX_REPORTS 20
#define MAX_PATH_LEN 4096

struct node_info {
	int off;
	int depth;
	int parent;
	char *path;     /* NULL if longer than MAX_PATH_LEN */
};

struct ctx {
	const void *blob;
	struct fdt f;
	FILE *log;
	int bad;
	struct node_info *nodes;
	unsigned n_nodes, cap_nodes;
	struct fdt_oracle_stats *st;
	bool lf_paths;  /* libfdt resolves paths only if the root is at 0 */
	bool compat_well_formed;  /* every "compatible" ends with a NUL */
	bool slash_in_name;       /* some node name contains '/' */
};

static void mismatch(struct ctx *c, int line, const char *fmt, ...)
{
	c->bad++;
	if (!c->log || c->bad > MAX_REPORTS)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(c->log, "  mismatch (fdt_oracle.c:%d): ", line);
	vfprintf(c->log, fmt, ap);
	fputc('\n', c->log);
	va_end(ap);
}

#define EXPECT(c, cond, ...)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			mismatch((c), __LINE__, __VA_ARGS__);                  \
	} while (0)

static uint32_t rd32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static uint64_t rd_cells(const void *p, uint32_t cells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < cells; i++)
		v = v << 32 | rd32((const uint8_t *)p + 4 * i);
	return v;
}

/* Both readers report "no such thing" with their own NOTFOUND. */
static bool both_notfound(int lf, int ours)
{
	return lf == -LF_NOTFOUND && ours == FDT_ERR_NOTFOUND;
}

/* ------------------------------------------------------------------------ */
/* Reference implementations written on top of libfdt                       */

static int ref_cells(const void *b, int node, const char *name, int dflt)
{
	int len;
	const void *p = lf_getprop(b, node, name, &len);
	if (!p || len != 4)
		return dflt;
	return (int)rd32(p);
}

enum { REF_NOTFOUND = -1, REF_BADVALUE = -2 };

/* reg entry idx of the node chain[n-1] translated to a CPU address, as
 * documented in kernel/fdt.c; chain[0..n-1] are the offsets from the root
 * down to the node (from the document-order walk, not libfdt's parent
 * lookup, which assumes the root at offset 0). *count gets the number of
 * reg entries (or REF_BADVALUE). */
static int ref_reg(const void *b, const int *chain, int n, uint32_t idx,
		   uint64_t *addr, uint64_t *size, int *count)
{
	int node = chain[n - 1];
	int parent = n >= 2 ? chain[n - 2] : -1;
	int ac = parent >= 0 ? ref_cells(b, parent, "#address-cells", 2) : 2;
	int sc = parent >= 0 ? ref_cells(b, parent, "#size-cells", 1) : 1;
	int len;
	const uint8_t *reg = lf_getprop(b, node, "reg", &len);

	*count = 0;
	if (!reg)
		return REF_NOTFOUND;
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || len % ((ac + sc) * 4)) {
		*count = REF_BADVALUE;
		return REF_BADVALUE;
	}
	*count = len / ((ac + sc) * 4);
	if (idx >= (uint32_t)*count)
		return REF_NOTFOUND;
	const uint8_t *e = reg + idx * (uint32_t)(ac + sc) * 4;
	uint64_t a = rd_cells(e, (uint32_t)ac);
	*size = rd_cells(e + 4 * ac, (uint32_t)sc);

	for (int k = n - 2; k >= 1; k--) {     /* the buses, inside out */
		int bus = chain[k], up = chain[k - 1];
		int rl;
		const uint8_t *r = lf_getprop(b, bus, "ranges", &rl);
		if (!r)
			return REF_NOTFOUND;
		if (rl > 0) {
			int cac = ref_cells(b, bus, "#address-cells", 2);
			int csc = ref_cells(b, bus, "#size-cells", 1);
			int pac = ref_cells(b, up, "#address-cells", 2);
			if (cac < 1 || cac > 2 || csc < 1 || csc > 2 ||
			    pac < 1 || pac > 2)
				return REF_BADVALUE;
			int ent = (cac + pac + csc) * 4;
			if (rl % ent)
				return REF_BADVALUE;
			bool hit = false;
			for (int i = 0; i < rl && !hit; i += ent) {
				uint64_t ca = rd_cells(r + i, (uint32_t)cac);
				uint64_t pa = rd_cells(r + i + 4 * cac,
						       (uint32_t)pac);
				uint64_t ln = rd_cells(r + i + 4 * (cac + pac),
						       (uint32_t)csc);
				if (a >= ca && a - ca < ln) {
					a = pa + (a - ca);
					hit = true;
				}
			}
			if (!hit)
				return REF_NOTFOUND;
		}
	}
	*addr = a;
	return 0;
}

static bool ref_enabled(const void *b, int node)
{
	int len;
	const char *s = lf_getprop(b, node, "status", &len);
	if (!s)
		return true;
	if (len <= 0 || !memchr(s, '\0', (size_t)len))
		return false;
	return strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

/* ------------------------------------------------------------------------ */
/* The comparison                                                           */

static void add_node(struct ctx *c, int off, int depth, int parent)
{
	if (c->n_nodes == c->cap_nodes) {
		c->cap_nodes = c->cap_nodes ? 2 * c->cap_nodes : 64;
		c->nodes = realloc(c->nodes, c->cap_nodes * sizeof(*c->nodes));
		if (!c->nodes)
			abort();
	}
	struct node_info *n = &c->nodes[c->n_nodes++];
	n->off = off;
	n->depth = depth;
	n->parent = parent;
	n->path = NULL;

	/* Full path from the parent's path and our reader's name. */
	uint32_t nlen;
	const char *name = fdt_node_name(&c->f, off, &nlen);
	if (!name)
		return;
	if (strchr(name, '/'))
		c->slash_in_name = true;
	if (parent < 0) {
		n->path = strdup("/");
		return;
	}
	const char *pp = c->nodes[parent].path;
	if (!pp)
		return;
	size_t plen = strlen(pp);
	if (plen + 1 + nlen + 1 > MAX_PATH_LEN)
		return;
	n->path = malloc(plen + nlen + 2);
	if (!n->path)
		abort();
	memcpy(n->path, pp, plen);
	if (c->nodes[parent].parent >= 0)       /* no second '/' after root */
		n->path[plen++] = '/';
	memcpy(n->path + plen, name, nlen + 1);
}

/* Document order walk with depths, names and parents. */
static void compare_walk(struct ctx *c)
{
	const void *b = c->blob;
	int stack[FDT_MAX_DEPTH + 1];
	int ldepth = 1, odepth = 0;    /* libfdt counts the root as 1 here */
	int lo = lf_next_node(b, -1, NULL);
	int oo = fdt_root(&c->f);

	c->lf_paths = lo == 0;
	EXPECT(c, lo == oo, "root: libfdt %d, ours %d", lo, oo);
	while (lo >= 0 && oo >= 0 && lo == oo) {
		EXPECT(c, ldepth - 1 == odepth, "depth at %d: libfdt %d ours %d",
		       oo, ldepth - 1, odepth);
		if (odepth < 0 || odepth > FDT_MAX_DEPTH) {
			mismatch(c, __LINE__, "depth %d out of range", odepth);
			return;
		}
		int parent = odepth ? stack[odepth - 1] : -1;
		stack[odepth] = (int)c->n_nodes;
		add_node(c, oo, odepth, parent);
		lo = lf_next_node(b, lo, &ldepth);
		oo = fdt_next_node(&c->f, oo, &odepth);
	}
	EXPECT(c, both_notfound(lo, oo), "walk ends: libfdt %d, ours %d", lo,
	       oo);
}

static void compare_node_basics(struct ctx *c, const struct node_info *n,
				bool quadratic)
{
	const void *b = c->blob;
	int llen;
	uint32_t olen;
	const char *ln = fdt_get_name(b, n->off, &llen);
	const char *on = fdt_node_name(&c->f, n->off, &olen);
	EXPECT(c, ln && on && ln == on && llen >= 0 && (uint32_t)llen == olen,
	       "name of %d", n->off);

	if (quadratic) {
		/* libfdt finds parents only if the root is at offset 0. */
		int op = fdt_parent(&c->f, n->off);
		int lp = c->lf_paths ? fdt_parent_offset(b, n->off) : op;
		if (n->parent < 0 && !c->lf_paths)
			lp = -LF_NOTFOUND;
		int want = n->parent >= 0 ? c->nodes[n->parent].off : -1;
		if (n->parent < 0)
			EXPECT(c, both_notfound(lp, op), "parent of root: %d %d",
			       lp, op);
		else
			EXPECT(c, lp == op && op == want,
			       "parent of %d: libfdt %d ours %d walk %d",
			       n->off, lp, op, want);
	}

	/* Children, both ways of iterating. */
	int lc = fdt_first_subnode(b, n->off);
	int oc = fdt_first_child(&c->f, n->off);
	while (lc >= 0 && lc == oc) {
		lc = fdt_next_subnode(b, lc);
		oc = fdt_next_sibling(&c->f, oc);
	}
	EXPECT(c, both_notfound(lc, oc), "children of %d: libfdt %d ours %d",
	       n->off, lc, oc);

	/* #address-cells / #size-cells where libfdt has a valid value. */
	int la = lf_address_cells(b, n->off);
	if (la >= 0)
		EXPECT(c, (uint32_t)la == fdt_address_cells(&c->f, n->off),
		       "#address-cells of %d", n->off);
	int ls = lf_size_cells(b, n->off);
	if (ls >= 0)
		EXPECT(c, (uint32_t)ls == fdt_size_cells(&c->f, n->off),
		       "#size-cells of %d", n->off);

	EXPECT(c, ref_enabled(b, n->off) == fdt_node_enabled(&c->f, n->off),
	       "enabled of %d", n->off);
}

static void compare_props(struct ctx *c, const struct node_info *n,
			  bool quadratic)
{
	const void *b = c->blob;
	int lp = fdt_first_property_offset(b, n->off);
	int op = fdt_first_prop(&c->f, n->off);
	while (lp >= 0 && lp == op) {
		const char *lname;
		int llen;
		const void *lv = fdt_getprop_by_offset(b, lp, &lname, &llen);
		struct fdt_prop p;
		int err = fdt_prop_at(&c->f, op, &p);
		c->st->props++;
		EXPECT(c, lv && !err, "property at %d: libfdt %p ours %d", lp,
		       lv, err);
		if (lv && !err) {
			EXPECT(c, strcmp(lname, p.name) == 0 && lname == p.name,
			       "property name at %d", lp);
			EXPECT(c, llen >= 0 && (uint32_t)llen == p.len &&
					  lv == p.data &&
					  memcmp(lv, p.data, p.len) == 0,
			       "property value at %d (%s)", lp, p.name);
		}
		if (lv && !err && quadratic) {
			/* Lookup by name finds the first of that name. */
			int l2;
			uint32_t o2 = 0;
			const void *lv2 = lf_getprop(b, n->off, p.name, &l2);
			const void *ov2 = fdt_getprop(&c->f, n->off, p.name,
						      &o2);
			EXPECT(c, lv2 && lv2 == ov2 && (uint32_t)l2 == o2,
			       "getprop %s of %d", p.name, n->off);

			uint32_t u = 0;
			int ue = fdt_getprop_u32(&c->f, n->off, p.name, &u);
			if (ov2 && o2 == 4)
				EXPECT(c, ue == 0 && u == rd32(ov2),
				       "getprop_u32 %s", p.name);
			else if (ov2)
				EXPECT(c, ue == FDT_ERR_BADVALUE,
				       "getprop_u32 %s of size %u: %d", p.name,
				       o2, ue);
			const char *s = fdt_getprop_string(&c->f, n->off,
							   p.name);
			bool term = o2 && memchr(ov2, '\0', o2);
			EXPECT(c, term ? s == ov2 : s == NULL,
			       "getprop_string %s", p.name);
		}
		lp = fdt_next_property_offset(b, lp);
		op = fdt_next_prop(&c->f, op);
	}
	EXPECT(c, both_notfound(lp, op), "properties of %d: libfdt %d ours %d",
	       n->off, lp, op);
	static const char *const probes[] = {"no-such-property,really", "",
					     "reg", "compatible", "status"};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int ll;
		uint32_t ol = 0;
		const void *lv = lf_getprop(b, n->off, probes[i], &ll);
		const void *ov = fdt_getprop(&c->f, n->off, probes[i], &ol);
		EXPECT(c, lv == ov && (!lv || (uint32_t)ll == ol),
		       "getprop '%s' of %d", probes[i], n->off);
	}
}

static void compare_phandle(struct ctx *c, const struct node_info *n)
{
	const void *b = c->blob;
	uint32_t lph = lf_get_phandle(b, n->off);
	uint32_t oph = fdt_get_phandle(&c->f, n->off);
	EXPECT(c, lph == oph, "phandle of %d: %#x %#x", n->off, lph, oph);
	if (oph == 0 || oph == 0xffffffffu)
		return;
	c->st->phandles++;
	int ln = fdt_node_offset_by_phandle(b, lph);
	int on = fdt_node_by_phandle(&c->f, oph);
	EXPECT(c, ln == on && on >= 0, "node of phandle %#x: %d %d", oph, ln,
	       on);
}

static void compare_path(struct ctx *c, const struct node_info *n)
{
	const void *b = c->blob;
	if (!n->path)
		return;
	/* libfdt's fdt_get_path() backs up to the last '/' when it leaves a
	 * node, so it only works when no node name contains '/' (and, like
	 * its path lookups, only with the root at offset 0). */
	if (!c->slash_in_name && c->lf_paths) {
		char buf[MAX_PATH_LEN + 1];
		int err = fdt_get_path(b, n->off, buf, sizeof(buf));
		EXPECT(c, err == 0 && strcmp(buf, n->path) == 0,
		       "path of %d: libfdt '%s' ours '%s'", n->off,
		       err ? "?" : buf, n->path);
	}

	int on = fdt_path_offset(&c->f, n->path);
	c->st->paths++;
	if (n->parent < 0) {
		EXPECT(c, on == n->off, "path '/': %d, root at %d", on,
		       n->off);
		return;
	}
	/* Our reader must find the node unless an earlier sibling shadows
	 * it (same name, or its name plus "@unit" for a unit-less name). */
	if (c->lf_paths) {
		int ln = lf_path_offset(b, n->path);
		EXPECT(c, ln == on, "path '%s': libfdt %d ours %d", n->path, ln,
		       on);
	}

	/* Not NUL-terminated: the length must be honoured. */
	size_t plen = strlen(n->path);
	char *junk = malloc(plen + 8);
	if (!junk)
		abort();
	memcpy(junk, n->path, plen);
	memcpy(junk + plen, "/x@0", 5);
	EXPECT(c, fdt_path_offset_len(&c->f, junk, (uint32_t)plen) == on,
	       "path_offset_len '%s'", n->path);
	free(junk);

	/* Without the unit address of the last component. */
	const char *slash = strrchr(n->path, '/');
	const char *at = strchr(slash, '@');
	if (at && c->lf_paths) {
		char *s = strndup(n->path, (size_t)(at - n->path));
		if (!s)
			abort();
		int ln = lf_path_offset(b, s);
		int on2 = fdt_path_offset(&c->f, s);
		EXPECT(c, ln == on2, "path '%s': libfdt %d ours %d", s, ln,
		       on2);
		free(s);
	}
}

static void compare_compatible(struct ctx *c, const struct node_info *n,
			       bool chain)
{
	const void *b = c->blob;
	int len;
	const char *list = lf_getprop(b, n->off, "compatible", &len);
	if (!list || len < 0)
		return;
	/* Probes that should not match are only compared on well-formed
	 * lists: libfdt reads one byte past an unterminated last entry. */
	bool well_formed = len == 0 || list[len - 1] == '\0';
	int idx = 0;
	/* (At most 64 entries: each check is linear in the list.) */
	for (int i = 0; i < len && idx < 64; idx++) {
		const char *s = list + i;
		const char *nul = memchr(s, '\0', (size_t)(len - i));
		if (!nul)
			break;
		i += (int)(nul - s) + 1;
		c->st->compatibles++;

		EXPECT(c, fdt_node_is_compatible(&c->f, n->off, s) &&
				  fdt_node_check_compatible(b, n->off, s) == 0,
		       "compatible '%s' of %d", s, n->off);
		int li = fdt_stringlist_search(b, n->off, "compatible", s);
		int oi = fdt_stringlist_index(&c->f, n->off, "compatible", s);
		EXPECT(c, li == oi && oi >= 0 && oi <= idx,
		       "stringlist index '%s': %d %d", s, li, oi);
		EXPECT(c, fdt_prop_has_string(&c->f, n->off, "compatible", s),
		       "prop_has_string '%s'", s);

		if (well_formed) {
			size_t sl = strlen(s);
			char *probe = malloc(sl + 3);
			if (!probe)
				abort();
			memcpy(probe, s, sl + 1);
			/* (Never probe with "": libfdt matches it against
			 * the byte after the property.) */
			if (sl > 1) {
				probe[sl - 1] = '\0';      /* a prefix */
				EXPECT(c, fdt_node_is_compatible(&c->f, n->off,
								 probe) ==
						  (fdt_node_check_compatible(
							   b, n->off, probe) ==
						   0),
				       "compatible prefix probe '%s'", probe);
			}
			memcpy(probe, s, sl);
			memcpy(probe + sl, "-x", 3);           /* longer */
			EXPECT(c, fdt_node_is_compatible(&c->f, n->off, probe) ==
					  (fdt_node_check_compatible(b, n->off,
								     probe) ==
					   0),
			       "compatible suffix probe '%s'", probe);
			free(probe);
		}

		/* The chain of matching nodes from the root: only for the
		 * first string of a node (it is quadratic), never for "",
		 * and only if every compatible in the tree is a well-formed
		 * list (libfdt reads past unterminated ones). */
		if (chain && idx == 0 && s[0] && c->compat_well_formed) {
			int lo = fdt_node_offset_by_compatible(b, -1, s);
			int oo = fdt_find_compatible(&c->f, -1, s);
			int steps = 0;
			while (lo >= 0 && lo == oo && steps++ < 100000) {
				lo = fdt_node_offset_by_compatible(b, lo, s);
				oo = fdt_find_compatible(&c->f, oo, s);
			}
			EXPECT(c, both_notfound(lo, oo),
			       "find_compatible '%s': libfdt %d ours %d", s, lo,
			       oo);
		}
	}
}

static void compare_reg(struct ctx *c, const struct node_info *n)
{
	const void *b = c->blob;
	uint64_t ra = 0, rs = 0;
	int rcount;
	int chain[FDT_MAX_DEPTH + 1], depth = n->depth;
	if (depth < 0 || depth > FDT_MAX_DEPTH)
		return;
	const struct node_info *up = n;
	for (int k = depth; k >= 0; k--) {
		chain[k] = up->off;
		up = up->parent >= 0 ? &c->nodes[up->parent] : up;
	}
	int clen = depth + 1;
	ref_reg(b, chain, clen, 0, &ra, &rs, &rcount);
	int ocount = fdt_reg_count(&c->f, n->off);
	if (rcount == REF_BADVALUE)
		EXPECT(c, ocount == FDT_ERR_BADVALUE, "reg_count of %d: %d",
		       n->off, ocount);
	else
		EXPECT(c, ocount == rcount, "reg_count of %d: ref %d ours %d",
		       n->off, rcount, ocount);
	int entries = rcount > 0 ? rcount : 1;
	for (int i = 0; i <= entries && i < 64; i++) {
		uint64_t oa = 0, os = 0;
		int rr = ref_reg(b, chain, clen, (uint32_t)i, &ra, &rs,
				 &rcount);
		int orr = fdt_reg(&c->f, n->off, (uint32_t)i, &oa, &os);
		if (rr == 0) {
			c->st->regs++;
			EXPECT(c, orr == 0 && oa == ra && os == rs,
			       "reg %d of %s: ref %#llx+%#llx ours %d %#llx+%#llx",
			       i, n->path ? n->path : "?",
			       (unsigned long long)ra, (unsigned long long)rs,
			       orr, (unsigned long long)oa,
			       (unsigned long long)os);
		} else {
			int want = rr == REF_BADVALUE ? FDT_ERR_BADVALUE
						      : FDT_ERR_NOTFOUND;
			EXPECT(c, orr == want, "reg %d of %s: ref %d ours %d", i,
			       n->path ? n->path : "?", rr, orr);
		}
	}
}

static void compare_aliases(struct ctx *c)
{
	const void *b = c->blob;
	int al = fdt_path_offset(&c->f, "/aliases");
	if (al < 0)
		return;
	for (int p = fdt_first_prop(&c->f, al); p >= 0;
	     p = fdt_next_prop(&c->f, p)) {
		struct fdt_prop pr;
		if (fdt_prop_at(&c->f, p, &pr) || !pr.name[0] ||
		    strchr(pr.name, '/'))
			continue;
		c->st->aliases++;
		/* The first property of that name is the alias. */
		uint32_t vlen = 0;
		const char *v = fdt_getprop(&c->f, al, pr.name, &vlen);
		bool absolute = v && vlen > 1 && memchr(v, '\0', vlen) &&
				v[0] == '/';
		int on = fdt_path_offset(&c->f, pr.name);
		if (!absolute) {
			/* Not followed (libfdt would recurse on it). */
			EXPECT(c, on == FDT_ERR_NOTFOUND, "alias %s: %d",
			       pr.name, on);
			continue;
		}
		int direct = fdt_path_offset(&c->f, v);
		EXPECT(c, on == direct || (on < 0 && direct < 0),
		       "alias %s: %d, its value %d", pr.name, on, direct);
		if (c->lf_paths) {
			int ln = lf_path_offset(b, pr.name);
			EXPECT(c, ln == on || (ln < 0 && on < 0),
			       "alias %s: libfdt %d ours %d", pr.name, ln, on);
			/* alias followed by a relative path */
			if (on >= 0) {
				int ch = fdt_first_child(&c->f, on);
				uint32_t nl;
				const char *cn = ch >= 0 ? fdt_node_name(
							   &c->f, ch, &nl)
							 : NULL;
				if (cn && nl < 1024) {
					char buf[2200];
					snprintf(buf, sizeof(buf), "%s/%s",
						 pr.name, cn);
					int l2 = lf_path_offset(b, buf);
					int o2 = fdt_path_offset(&c->f, buf);
					EXPECT(c, l2 == o2 ||
							  (l2 < 0 && o2 < 0),
					       "alias path %s: %d %d", buf, l2,
					       o2);
				}
			}
		}
	}
}

static void compare_rsv(struct ctx *c)
{
	int ln = lf_num_mem_rsv(c->blob);
	int on = fdt_num_mem_rsv(&c->f);
	EXPECT(c, ln == on, "num_mem_rsv: %d %d", ln, on);
	for (int i = 0; i < on; i++) {
		uint64_t la = 0, ls = 0, oa = 1, os = 1;
		int le = lf_get_mem_rsv(c->blob, i, &la, &ls);
		int oe = fdt_get_mem_rsv(&c->f, i, &oa, &os);
		EXPECT(c, le == 0 && oe == 0 && la == oa && ls == os,
		       "mem_rsv %d", i);
		c->st->rsv++;
	}
	EXPECT(c, fdt_get_mem_rsv(&c->f, on, NULL, NULL) == FDT_ERR_NOTFOUND,
	       "mem_rsv past the end");
}

/* Every aligned offset of the structure block: the two readers agree on
 * which are nodes and which are properties, and nothing reads out of
 * bounds whatever the offset. */
static void compare_offsets(struct ctx *c)
{
	const void *b = c->blob;
	uint32_t limit = c->f.size_struct + 8;
	/* Before v17 the header has no structure block size: libfdt bounds
	 * tokens by totalsize, the kernel reader by where FDT_END is. So a
	 * lookalike token running past FDT_END is only libfdt's. */
	bool same_bounds = fdt_version(b) >= 17;
	for (uint32_t off = 0; off < limit; off += 4) {
		int o = (int)off;
		int llen;
		bool lnode = fdt_get_name(b, o, &llen) != NULL;
		bool onode = fdt_node_name(&c->f, o, NULL) != NULL;
		EXPECT(c, lnode == onode || (!same_bounds && lnode),
		       "is offset %d a node: %d %d", o, lnode, onode);
		const char *pn;
		bool lprop = fdt_getprop_by_offset(b, o, &pn, &llen) != NULL;
		struct fdt_prop p;
		int perr = fdt_prop_at(&c->f, o, &p);
		bool oprop = perr == 0;
		EXPECT(c, lprop == oprop || (!same_bounds && lprop),
		       "is offset %d a property: %d %d", o, lprop, oprop);
		if (!onode) {
			EXPECT(c, fdt_first_child(&c->f, o) == FDT_ERR_BADOFFSET &&
					  fdt_next_node(&c->f, o, NULL) ==
						  FDT_ERR_BADOFFSET &&
					  fdt_parent(&c->f, o) ==
						  FDT_ERR_BADOFFSET,
			       "non-node %d accepted", o);
		} else {
			/* Possibly a lookalike inside a property value: any
			 * answer will do, it only has to be memory-safe. */
			(void)fdt_first_child(&c->f, o);
			(void)fdt_next_sibling(&c->f, o);
			(void)fdt_next_node(&c->f, o, NULL);
			(void)fdt_parent(&c->f, o);
			(void)fdt_first_prop(&c->f, o);
			(void)fdt_reg_count(&c->f, o);
			(void)fdt_get_phandle(&c->f, o);
			(void)fdt_node_enabled(&c->f, o);
		}
		/* (A lookalike property token with a bad name offset is
		 * BADNAME to fdt_prop_at but can still be stepped over.) */
		if (perr == FDT_ERR_BADOFFSET)
			EXPECT(c, fdt_next_prop(&c->f, o) == FDT_ERR_BADOFFSET,
			       "non-property %d accepted", o);
	}
	EXPECT(c, fdt_node_name(&c->f, -4, NULL) == NULL &&
			  fdt_node_name(&c->f, 1, NULL) == NULL,
	       "negative/unaligned offset accepted");
}

int fdt_oracle_compare(const void *blob, size_t size, unsigned limit,
		       struct fdt_oracle_stats *stats, FILE *log)
{
	struct fdt_oracle_stats dummy;
	struct ctx c = {.blob = blob, .log = log, .st = stats ? stats : &dummy};
	memset(c.st, 0, sizeof(*c.st));

	int lerr = fdt_check_full(blob, size);
	int oerr = fdt_init(&c.f, blob, size);
	EXPECT(&c, lerr == 0 && oerr == 0, "init: libfdt %d ours %d (%s)",
	       lerr, oerr, fdt_strerror(oerr));
	if (lerr || oerr)
		return c.bad;

	EXPECT(&c, c.f.totalsize == fdt_totalsize(blob) &&
			   c.f.off_struct == fdt_off_dt_struct(blob) &&
			   c.f.off_strings == fdt_off_dt_strings(blob) &&
			   c.f.size_strings == fdt_size_dt_strings(blob) &&
			   c.f.off_rsvmap == fdt_off_mem_rsvmap(blob) &&
			   c.f.boot_cpuid == fdt_boot_cpuid_phys(blob),
	       "header fields");
	if (fdt_version(blob) >= 17)
		EXPECT(&c, c.f.size_struct == fdt_size_dt_struct(blob),
		       "size_dt_struct");
	EXPECT(&c, fdt_header_totalsize(blob) == fdt_totalsize(blob),
	       "fdt_header_totalsize");

	compare_walk(&c);
	c.st->nodes = c.n_nodes;
	c.compat_well_formed = true;
	for (unsigned i = 0; i < c.n_nodes; i++) {
		uint32_t len;
		const char *v = fdt_getprop(&c.f, c.nodes[i].off, "compatible",
					    &len);
		if (v && (len == 0 || v[len - 1] != '\0'))
			c.compat_well_formed = false;
	}
	for (unsigned i = 0; i < c.n_nodes; i++) {
		const struct node_info *n = &c.nodes[i];
		bool quadratic = limit == 0 || i < limit;
		compare_node_basics(&c, n, quadratic);
		compare_props(&c, n, quadratic);
		compare_compatible(&c, n, limit == 0 || i < limit / 4);
		if (quadratic) {
			compare_phandle(&c, n);
			compare_path(&c, n);
			compare_reg(&c, n);
		}
	}
	/* A phandle nobody has. */
	uint32_t maxph = 0;
	for (unsigned i = 0; i < c.n_nodes; i++) {
		uint32_t ph = fdt_get_phandle(&c.f, c.nodes[i].off);
		if (ph != 0xffffffffu && ph > maxph)
			maxph = ph;
	}
	if (maxph < 0xfffffffeu)
		EXPECT(&c, fdt_node_by_phandle(&c.f, maxph + 1) ==
				   FDT_ERR_NOTFOUND,
		       "unused phandle found");
	EXPECT(&c, fdt_node_by_phandle(&c.f, 0) == FDT_ERR_NOTFOUND,
	       "phandle 0 found");

	compare_aliases(&c);
	compare_rsv(&c);
	if (limit == 0 || c.f.size_struct / 4 <= 16 * limit)
		compare_offsets(&c);

	for (unsigned i = 0; i < c.n_nodes; i++)
		free(c.nodes[i].path);
	free(c.nodes);
	if (c.bad > MAX_REPORTS && log)
		fprintf(log, "  ... %d mismatches in all\n", c.bad);
	return c.bad;
}

/* ------------------------------------------------------------------------ */
/* Which stricter rule of the kernel reader a libfdt-valid blob breaks      */

static bool overlap(uint64_t a, uint64_t al, uint64_t b, uint64_t bl)
{
	return al && bl && a < b + bl && b < a + al;
}

const char *fdt_oracle_stricter_rule(const void *blob, size_t size)
{
	const uint8_t *b = blob;
	if (size < 40)
		return NULL;    /* libfdt's own header checks cover this */
	uint32_t total = rd32(b + 4), off_struct = rd32(b + 8);
	uint32_t off_strings = rd32(b + 12), off_rsv = rd32(b + 16);
	uint32_t version = rd32(b + 20), size_strings = rd32(b + 32);
	uint32_t size_struct = rd32(b + 36);
	uint32_t hdr = version >= 17 ? 40 : 36;

	if ((uintptr_t)blob & 3)
		return "blob pointer not 4-aligned";
	if (version < 16)
		return "version < 16";
	if (total > 0x7fffffffu)
		return "totalsize > INT32_MAX";
	if (off_rsv < hdr || off_rsv > total || off_struct < hdr ||
	    off_struct > total || off_strings < hdr ||
	    (uint64_t)off_strings + size_strings > total ||
	    (version >= 17 && (uint64_t)off_struct + size_struct > total))
		return "block outside [header, totalsize]";
	if (off_struct % 4 || off_rsv % 8)
		return "structure block or reservation map misaligned";
	int nrsv = lf_num_mem_rsv(blob);
	if (nrsv < 0)
		return "reservation map not terminated";
	uint64_t rsv_len = ((uint64_t)nrsv + 1) * 16;
	if ((uint64_t)off_rsv + rsv_len > total)
		return "reservation map not terminated inside totalsize";

	/* Walk the structure block with libfdt's token reader. */
	size_t words = (total - off_struct) / 4 + 2;
	bool *has_child = calloc(words, sizeof(bool));
	if (!has_child)
		abort();
	const char *why = NULL;
	int off = 0, next, depth = 0, roots = 0, end = -1;
	while (!why && end < 0) {
		uint32_t tag = fdt_next_tag(blob, off, &next);
		if (next < 0) {
			why = "libfdt cannot walk it (?)";
			break;
		}
		switch (tag) {
		case LF_TAG_BEGIN_NODE:
			if (depth == 0)
				roots++;
			else
				has_child[depth - 1] = true;
			if ((size_t)depth + 1 >= words) {
				why = "nesting beyond the block (?)";
				break;
			}
			has_child[depth++] = false;
			if (depth > FDT_MAX_DEPTH)
				why = "deeper than FDT_MAX_DEPTH";
			break;
		case LF_TAG_END_NODE:
			depth--;
			break;
		case LF_TAG_PROP: {
			if (depth == 0) {
				why = "property outside the root node";
				break;
			}
			if (has_child[depth - 1]) {
				why = "property after a subnode";
				break;
			}
			/* libfdt 1.6.1 adds the length to an int offset and
			 * so takes e.g. 0xffffffff as -1: a bug, not a rule,
			 * but the kernel reader must refuse such blobs. */
			uint32_t plen = rd32(b + off_struct + off + 4);
			uint32_t bound = version >= 17 ? size_struct
						       : total - off_struct;
			if ((uint64_t)(uint32_t)off + 12 + plen > bound) {
				why = "property length past the structure block "
				      "(libfdt wraps it around)";
				break;
			}
			/* v16: libfdt checks names against totalsize only. */
			uint32_t nameoff = rd32(b + off_struct + off + 8);
			if (nameoff >= size_strings ||
			    !memchr(b + off_strings + nameoff, '\0',
				    size_strings - nameoff))
				why = "property name outside the strings block";
			break;
		}
		case LF_TAG_END:
			end = next;
			break;
		default:
			break;
		}
		off = next;
	}
	free(has_child);
	if (why)
		return why;
	if (roots != 1)
		return "not exactly one root node";
	if (version >= 17 && (uint32_t)end != size_struct)
		return "FDT_END is not the last token of the structure block";
	uint64_t struct_len = version >= 17 ? size_struct : (uint32_t)end;
	if (overlap(off_rsv, rsv_len, off_struct, struct_len) ||
	    overlap(off_rsv, rsv_len, off_strings, size_strings) ||
	    overlap(off_struct, struct_len, off_strings, size_strings))
		return "blocks overlap";
	return NULL;
}
