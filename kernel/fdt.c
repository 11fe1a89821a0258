/*
 * Flattened device tree reader (see kernel/fdt.h for the contract).
 *
 * Everything here treats the blob as hostile. fdt_init() checks the header,
 * the block layout and the memory reservation list, then walks the complete
 * structure block once; after that the accessors can rely on the tree being
 * well formed, but every one of them still bounds-checks the bytes it reads,
 * because node and property offsets come from callers.
 *
 * Offsets handed out are byte offsets into the structure block, exactly the
 * numbers libfdt uses, so the host tests can compare the two readers.
 *
 * Rules: no recursion (walks keep an explicit stack bounded by
 * FDT_MAX_DEPTH), no multi-byte loads except through fdt_be32/fdt_be64 (the
 * aarch64 kernel runs this with the MMU off and strict alignment), no global
 * state, nothing from libc but what kernel/string.h declares.
 *
 * Where this reader is deliberately stricter than libfdt's fdt_check_full()
 * (the fuzz target, tests/fuzz/fuzz_fdt.c, holds it to exactly this list):
 *  - version must be >= 16 (libfdt takes >= 2);
 *  - the blob pointer must be 4-aligned, the structure block 4-aligned and
 *    the reservation map 8-aligned relative to the blob;
 *  - the header, reservation map (up to and including its terminator),
 *    structure block and strings block must not overlap;
 *  - the reservation map must be terminated inside totalsize;
 *  - totalsize must not exceed INT32_MAX (offsets are ints);
 *  - exactly one root node (libfdt, too, refuses a second root and wants
 *    FDT_END right after the root's END_NODE, not even a NOP between, and
 *    an empty root name; but it takes a tree with no node at all);
 *    FDT_END must be the last token of the structure block (version >= 17:
 *    exactly at size_dt_struct);
 *  - at most FDT_MAX_DEPTH nodes open at once (the root counts as one);
 *  - within a node, all properties come before the first subnode (the DT
 *    spec's rule; libfdt would silently not see the late properties), and
 *    no property outside the root;
 *  - property names lie inside the strings block also for version 16
 *    (libfdt checks them against totalsize only, before v17).
 * Node names are not checked beyond NUL termination (a '/' in a name just
 * makes that node unreachable by path), as in libfdt and Linux.
 *
 * Error codes, beyond what kernel/fdt.h says:
 *  fdt_init: TRUNCATED for NULL, fewer bytes than the header needs or
 *    totalsize > max_size, an unterminated reservation map, or a token whose
 *    fixed part or property value runs past the structure block;
 *    BADSTRUCTURE when the block ends before FDT_END; BADNAME for an
 *    unterminated node name or a property name offset outside the strings
 *    block (or unterminated there); BADVERSION also for last_comp_version
 *    > version. On any error *fdt is left zeroed, an empty tree on which
 *    every accessor fails cleanly.
 *  Node arguments that are not the offset of a BEGIN_NODE token give
 *    BADOFFSET (functions returning pointers give NULL, fdt_get_phandle 0,
 *    fdt_node_enabled false; fdt_address_cells/size_cells the default).
 *  fdt_address_cells/fdt_size_cells: a property that is not exactly one
 *    cell counts as absent (the default).
 *  fdt_read_cells: BADVALUE unless cells is 1 or 2, NOTFOUND if the cells
 *    are not all inside len.
 *  fdt_reg/fdt_reg_count: NOTFOUND if there is no "reg" (count: 0) or no
 *    entry idx; BADVALUE if the parent's #address-cells is not 1..2 or its
 *    #size-cells not 0..2, or "reg" is not whole entries. fdt_reg also:
 *    NOTFOUND when a bus on the way has no "ranges" or the address lies in
 *    none of its windows; BADVALUE for a "ranges" it cannot parse (cells out
 *    of 1..2, size cells 0, not whole entries). The cpus node has no
 *    "ranges", so a CPU's "reg" (an id) is read with fdt_read_cells().
 *  fdt_get_mem_rsv: NOTFOUND for idx out of range. Like libfdt (and so
 *    Linux and U-Boot) any entry of size 0 ends the reservation list.
 *  fdt_path_offset: NOTFOUND for any path that does not resolve, including
 *    an alias whose value is not an absolute path (aliases are never
 *    resolved through other aliases).
 *  fdt_node_by_phandle: NOTFOUND for 0 and 0xffffffff.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/fdt.h"
#include "kernel/string.h"

#define TOK_BEGIN_NODE 0x1u
#define TOK_END_NODE 0x2u
#define TOK_PROP 0x3u
#define TOK_NOP 0x4u
#define TOK_END 0x9u

/* Header field offsets (fixed by the devicetree specification). */
#define HDR_MAGIC 0
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP 24
#define HDR_BOOT_CPUID 28
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36
#define HDR_LEN_V16 36u
#define HDR_LEN_V17 40u

#define RSV_ENTRY_LEN 16u
#define PROP_HDR_LEN 12u      /* token, value length, name offset */
#define OFFSET_LIMIT 0x7fffffffu

#define DEFAULT_ADDRESS_CELLS 2u
#define DEFAULT_SIZE_CELLS 1u

/* ------------------------------------------------------------------------ */
/* Low-level readers                                                        */

static const uint8_t *struct_base(const struct fdt *fdt)
{
	return fdt->blob + fdt->off_struct;
}

/*
 * Decode the token at structure offset `off`. On success returns the token
 * and stores the offset of the following token in *next (which may lie past
 * the end of the block when the last item is padded; the next read then
 * fails). Checks only what is needed to step over the token: the name of a
 * BEGIN_NODE is NUL-terminated inside the block and a property's value fits
 * in the block. Property names are checked by string_at().
 */
static int read_token(const struct fdt *fdt, uint32_t off, uint32_t *next)
{
	const uint8_t *s = struct_base(fdt);
	uint32_t size = fdt->size_struct;
	uint32_t end;

	if (off > size || size - off < 4)
		return FDT_ERR_TRUNCATED;
	uint32_t tag = fdt_be32(s + off);
	switch (tag) {
	case TOK_BEGIN_NODE: {
		uint32_t name = off + 4;
		size_t n = strnlen((const char *)s + name, size - name);
		if (n == size - name)
			return FDT_ERR_BADNAME;
		end = name + (uint32_t)n + 1;
		break;
	}
	case TOK_PROP: {
		if (size - off < PROP_HDR_LEN)
			return FDT_ERR_TRUNCATED;
		uint32_t len = fdt_be32(s + off + 4);
		if (len > size - off - PROP_HDR_LEN)
			return FDT_ERR_TRUNCATED;
		end = off + PROP_HDR_LEN + len;
		break;
	}
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END:
		end = off + 4;
		break;
	default:
		return FDT_ERR_BADSTRUCTURE;
	}
	/* size <= OFFSET_LIMIT, so rounding up cannot wrap. */
	*next = (end + 3u) & ~3u;
	return (int)tag;
}

/* Name of the property whose name offset is nameoff, or NULL if it does not
 * start inside the strings block or is not NUL-terminated there. */
static const char *string_at(const struct fdt *fdt, uint32_t nameoff)
{
	if (nameoff >= fdt->size_strings)
		return NULL;
	const char *p = (const char *)fdt->blob + fdt->off_strings + nameoff;
	uint32_t room = fdt->size_strings - nameoff;
	if (strnlen(p, room) == room)
		return NULL;
	return p;
}

/* Offset of the first item after the BEGIN_NODE header of `node`, or an
 * error if `node` is not the offset of a BEGIN_NODE token. */
static int node_body(const struct fdt *fdt, int node, uint32_t *body)
{
	if (node < 0 || (node & 3))
		return FDT_ERR_BADOFFSET;
	if (read_token(fdt, (uint32_t)node, body) != (int)TOK_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	return 0;
}

/* Skip NOP tokens from *off; returns the first other token (or an error)
 * and leaves *off at it, *next after it. */
static int skip_nops(const struct fdt *fdt, uint32_t *off, uint32_t *next)
{
	for (;;) {
		int tag = read_token(fdt, *off, next);
		if (tag != (int)TOK_NOP)
			return tag;
		*off = *next;
	}
}

/* The property at a cursor (a PROP token offset), decoded. */
static int decode_prop(const struct fdt *fdt, int cursor, struct fdt_prop *out)
{
	uint32_t next;

	if (cursor < 0 || (cursor & 3))
		return FDT_ERR_BADOFFSET;
	if (read_token(fdt, (uint32_t)cursor, &next) != (int)TOK_PROP)
		return FDT_ERR_BADOFFSET;
	const uint8_t *p = struct_base(fdt) + cursor;
	const char *name = string_at(fdt, fdt_be32(p + 8));
	if (!name)
		return FDT_ERR_BADNAME;
	out->name = name;
	out->len = fdt_be32(p + 4);
	out->data = p + PROP_HDR_LEN;
	return 0;
}

/* Property cursor at or after off, skipping NOPs; NOTFOUND at the first
 * subnode or the end of the node. */
static int prop_from(const struct fdt *fdt, uint32_t off)
{
	uint32_t next;
	int tag = skip_nops(fdt, &off, &next);
	if (tag == (int)TOK_PROP)
		return (int)off;
	return tag < 0 ? tag : FDT_ERR_NOTFOUND;
}

/* Find property `name` (exactly name_len bytes, no NUL inside) of node. */
static int find_prop(const struct fdt *fdt, int node, const char *name,
		     size_t name_len, struct fdt_prop *out)
{
	uint32_t body;
	int err = node_body(fdt, node, &body);
	if (err)
		return err;
	if (!name)
		return FDT_ERR_NOTFOUND;
	for (int c = prop_from(fdt, body); c >= 0; c = fdt_next_prop(fdt, c)) {
		struct fdt_prop p;
		if (decode_prop(fdt, c, &p))
			continue;
		if (strncmp(p.name, name, name_len) == 0 &&
		    p.name[name_len] == '\0') {
			*out = p;
			return 0;
		}
	}
	return FDT_ERR_NOTFOUND;
}

static int find_prop_str(const struct fdt *fdt, int node, const char *name,
			 struct fdt_prop *out)
{
	if (!name)
		return FDT_ERR_NOTFOUND;
	return find_prop(fdt, node, name, strlen(name), out);
}

/*
 * Walk from the root to `node`, recording the offsets of its ancestors and
 * the node itself in chain[0..*n-1] (chain[0] is the root). BADOFFSET if the
 * walk does not meet `node` as a BEGIN_NODE.
 */
static int node_chain(const struct fdt *fdt, int node,
		      int chain[FDT_MAX_DEPTH], int *n)
{
	uint32_t off = 0, next;
	int depth = 0;

	if (node < 0 || (node & 3))
		return FDT_ERR_BADOFFSET;
	while (off <= (uint32_t)node) {
		int tag = read_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		switch (tag) {
		case TOK_BEGIN_NODE:
			if (depth >= FDT_MAX_DEPTH)
				return FDT_ERR_DEPTH;
			chain[depth++] = (int)off;
			if (off == (uint32_t)node) {
				*n = depth;
				return 0;
			}
			break;
		case TOK_END_NODE:
			if (depth == 0)
				return FDT_ERR_BADSTRUCTURE;
			depth--;
			break;
		case TOK_END:
			return FDT_ERR_BADOFFSET;
		default:
			break;
		}
		off = next;
	}
	return FDT_ERR_BADOFFSET;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */

static bool range_inside(uint64_t off, uint64_t len, uint64_t lo, uint64_t hi)
{
	return off >= lo && off <= hi && len <= hi - off;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
			   uint64_t blen)
{
	if (alen == 0 || blen == 0)
		return false;
	return a < b + blen && b < a + alen;
}

/* Walk the structure block once. On success for a v16 blob (whose header
 * does not record the block size) *end receives the offset after FDT_END. */
static int check_structure(const struct fdt *fdt, bool size_known,
			   uint32_t *end)
{
	bool has_child[FDT_MAX_DEPTH];
	uint32_t off = 0, next;
	int depth = 0, roots = 0;

	for (;;) {
		if (off >= fdt->size_struct)
			return FDT_ERR_BADSTRUCTURE;   /* ran out before FDT_END */
		int tag = read_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		/* After the root's END_NODE only FDT_END may come, not even a
		 * NOP (libfdt insists on that too). */
		if (roots && depth == 0 && tag != (int)TOK_END)
			return FDT_ERR_BADSTRUCTURE;
		switch (tag) {
		case TOK_BEGIN_NODE:
			if (depth == 0) {
				const char *name = (const char *)struct_base(fdt)
						   + off + 4;
				if (roots++ || name[0] != '\0')
					return FDT_ERR_BADSTRUCTURE;
			} else {
				has_child[depth - 1] = true;
			}
			if (depth >= FDT_MAX_DEPTH)
				return FDT_ERR_DEPTH;
			has_child[depth++] = false;
			break;
		case TOK_END_NODE:
			if (depth == 0)
				return FDT_ERR_BADSTRUCTURE;
			depth--;
			break;
		case TOK_PROP:
			if (depth == 0 || has_child[depth - 1])
				return FDT_ERR_BADSTRUCTURE;
			if (!string_at(fdt, fdt_be32(struct_base(fdt) + off + 8)))
				return FDT_ERR_BADNAME;
			break;
		case TOK_NOP:
			break;
		case TOK_END:
			if (depth != 0 || roots != 1)
				return FDT_ERR_BADSTRUCTURE;
			if (size_known && next != fdt->size_struct)
				return FDT_ERR_BADSTRUCTURE;
			*end = next;
			return 0;
		}
		off = next;
	}
}

int fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;

	if (!fdt)
		return FDT_ERR_BADOFFSET;
	memset(fdt, 0, sizeof(*fdt));
	if (!b || max_size < 4)
		return FDT_ERR_TRUNCATED;
	if ((uintptr_t)b & 3)
		return FDT_ERR_ALIGNMENT;
	if (fdt_be32(b + HDR_MAGIC) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	if (max_size < HDR_LAST_COMP + 4)
		return FDT_ERR_TRUNCATED;
	uint32_t version = fdt_be32(b + HDR_VERSION);
	uint32_t last_comp = fdt_be32(b + HDR_LAST_COMP);
	if (version < 16 || last_comp > 17 || last_comp > version)
		return FDT_ERR_BADVERSION;
	uint32_t hdr_len = version >= 17 ? HDR_LEN_V17 : HDR_LEN_V16;
	if (max_size < hdr_len)
		return FDT_ERR_TRUNCATED;

	uint32_t total = fdt_be32(b + HDR_TOTALSIZE);
	if (total > max_size)
		return FDT_ERR_TRUNCATED;
	if (total < hdr_len || total > OFFSET_LIMIT)
		return FDT_ERR_BADLAYOUT;

	struct fdt f = {
		.blob = b,
		.totalsize = total,
		.off_struct = fdt_be32(b + HDR_OFF_STRUCT),
		.off_strings = fdt_be32(b + HDR_OFF_STRINGS),
		.size_strings = fdt_be32(b + HDR_SIZE_STRINGS),
		.off_rsvmap = fdt_be32(b + HDR_OFF_RSVMAP),
		.boot_cpuid = fdt_be32(b + HDR_BOOT_CPUID),
	};
	bool size_known = version >= 17;

	/* Every block starts after the header and ends inside totalsize. */
	if (!range_inside(f.off_rsvmap, 0, hdr_len, total) ||
	    !range_inside(f.off_strings, f.size_strings, hdr_len, total) ||
	    !range_inside(f.off_struct, 0, hdr_len, total))
		return FDT_ERR_BADLAYOUT;
	if (size_known) {
		f.size_struct = fdt_be32(b + HDR_SIZE_STRUCT);
		if (!range_inside(f.off_struct, f.size_struct, hdr_len, total))
			return FDT_ERR_BADLAYOUT;
	} else {
		f.size_struct = total - f.off_struct;   /* bound for the walk */
	}
	if ((f.off_struct & 3) || (f.off_rsvmap & 7))
		return FDT_ERR_ALIGNMENT;

	/* The reservation list is terminated inside the blob (see
	 * fdt_num_mem_rsv() for what ends it). */
	uint32_t rsv_len = 0;
	for (;;) {
		if (total - f.off_rsvmap - rsv_len < RSV_ENTRY_LEN)
			return FDT_ERR_TRUNCATED;
		const uint8_t *e = b + f.off_rsvmap + rsv_len;
		rsv_len += RSV_ENTRY_LEN;
		if (fdt_be64(e + 8) == 0)
			break;
	}

	/* For v16 the walk finds where the structure block ends; for v17 the
	 * layout is checked first so the walk never starts on a bad layout. */
	uint32_t end = 0;
	if (!size_known) {
		int err = check_structure(&f, false, &end);
		if (err)
			return err;
		f.size_struct = end;
	}
	if (ranges_overlap(f.off_rsvmap, rsv_len, f.off_struct, f.size_struct) ||
	    ranges_overlap(f.off_rsvmap, rsv_len, f.off_strings,
			   f.size_strings) ||
	    ranges_overlap(f.off_struct, f.size_struct, f.off_strings,
			   f.size_strings))
		return FDT_ERR_BADLAYOUT;
	if (size_known) {
		int err = check_structure(&f, true, &end);
		if (err)
			return err;
	}

	*fdt = f;
	return 0;
}

uint32_t fdt_header_totalsize(const void *blob)
{
	if (!blob || fdt_be32(blob) != FDT_MAGIC)
		return 0;
	return fdt_be32((const uint8_t *)blob + HDR_TOTALSIZE);
}

const char *fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_TRUNCATED:
		return "truncated";
	case FDT_ERR_BADMAGIC:
		return "bad magic";
	case FDT_ERR_BADVERSION:
		return "unsupported version";
	case FDT_ERR_BADLAYOUT:
		return "bad block layout";
	case FDT_ERR_ALIGNMENT:
		return "misaligned";
	case FDT_ERR_BADSTRUCTURE:
		return "bad structure block";
	case FDT_ERR_DEPTH:
		return "tree too deep";
	case FDT_ERR_BADOFFSET:
		return "bad offset";
	case FDT_ERR_BADVALUE:
		return "bad property value";
	case FDT_ERR_BADNAME:
		return "bad name";
	default:
		return "unknown error";
	}
}

/* ------------------------------------------------------------------------ */
/* Navigation                                                               */

int fdt_root(const struct fdt *fdt)
{
	uint32_t off = 0, next;
	int tag = skip_nops(fdt, &off, &next);
	if (tag < 0)
		return tag;
	return tag == (int)TOK_BEGIN_NODE ? (int)off : FDT_ERR_BADSTRUCTURE;
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	uint32_t off, next;
	int err = node_body(fdt, node, &off);
	if (err)
		return err;
	for (;;) {
		int tag = read_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == (int)TOK_BEGIN_NODE)
			return (int)off;
		if (tag != (int)TOK_PROP && tag != (int)TOK_NOP)
			return FDT_ERR_NOTFOUND;
		off = next;
	}
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	uint32_t off, next;
	int err = node_body(fdt, node, &off);
	if (err)
		return err;
	/* Step over the node's subtree: open counts unclosed BEGIN_NODEs. */
	for (uint32_t open = 1; open;) {
		int tag = read_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == (int)TOK_BEGIN_NODE)
			open++;
		else if (tag == (int)TOK_END_NODE)
			open--;
		else if (tag == (int)TOK_END)
			return FDT_ERR_NOTFOUND;
		off = next;
	}
	int tag = skip_nops(fdt, &off, &next);
	if (tag < 0)
		return tag;
	return tag == (int)TOK_BEGIN_NODE ? (int)off : FDT_ERR_NOTFOUND;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int chain[FDT_MAX_DEPTH], n;
	int err = node_chain(fdt, node, chain, &n);
	if (err)
		return err;
	return n >= 2 ? chain[n - 2] : FDT_ERR_NOTFOUND;
}

const char *fdt_node_name(const struct fdt *fdt, int node, uint32_t *len)
{
	uint32_t body;
	if (node_body(fdt, node, &body))
		return NULL;
	const char *name = (const char *)struct_base(fdt) + node + 4;
	if (len)
		*len = (uint32_t)strlen(name);   /* terminated: read_token */
	return name;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	uint32_t off, next;
	int d = 0;
	int err = node_body(fdt, node, &off);
	if (err)
		return err;
	for (;;) {
		int tag = read_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		switch (tag) {
		case TOK_BEGIN_NODE:
			if (depth)
				*depth += d + 1;
			return (int)off;
		case TOK_END_NODE:
			d--;
			break;
		case TOK_END:
			return FDT_ERR_NOTFOUND;
		default:
			break;
		}
		off = next;
	}
}

/* Child of `node` matching the path component comp[0..len): the same name,
 * or, when comp has no unit address, a name that is comp followed by '@'. */
static int child_by_name(const struct fdt *fdt, int node, const char *comp,
			 uint32_t len)
{
	bool has_unit = false;
	for (uint32_t i = 0; i < len; i++)
		if (comp[i] == '@')
			has_unit = true;
	for (int c = fdt_first_child(fdt, node); c >= 0;
	     c = fdt_next_sibling(fdt, c)) {
		uint32_t nlen;
		const char *name = fdt_node_name(fdt, c, &nlen);
		if (!name || nlen < len || memcmp(name, comp, len) != 0)
			continue;
		if (nlen == len || (!has_unit && name[len] == '@'))
			return c;
	}
	return FDT_ERR_NOTFOUND;
}

/* Resolve the '/'-separated components of path[0..len) below node. */
static int resolve_below(const struct fdt *fdt, int node, const char *path,
			 uint32_t len)
{
	uint32_t i = 0;
	while (node >= 0) {
		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			return node;
		uint32_t start = i;
		while (i < len && path[i] != '/')
			i++;
		node = child_by_name(fdt, node, path + start, i - start);
	}
	return node;
}

int fdt_path_offset_len(const struct fdt *fdt, const char *path, uint32_t len)
{
	int root = fdt_root(fdt);
	if (root < 0)
		return root;
	if (!path || len == 0)
		return FDT_ERR_NOTFOUND;
	if (path[0] == '/')
		return resolve_below(fdt, root, path, len);

	/* Leading alias: its value must be an absolute path (aliases are not
	 * resolved through other aliases, so there is nothing to loop on). */
	uint32_t alias_len = 0;
	while (alias_len < len && path[alias_len] != '/')
		alias_len++;
	int aliases = resolve_below(fdt, root, "aliases", 7);
	if (aliases < 0)
		return FDT_ERR_NOTFOUND;
	for (uint32_t i = 0; i < alias_len; i++)
		if (path[i] == '\0')
			return FDT_ERR_NOTFOUND;
	struct fdt_prop p;
	if (find_prop(fdt, aliases, path, alias_len, &p))
		return FDT_ERR_NOTFOUND;
	uint32_t vlen = (uint32_t)strnlen(p.data, p.len);
	if (vlen == p.len || vlen == 0 || ((const char *)p.data)[0] != '/')
		return FDT_ERR_NOTFOUND;
	int node = resolve_below(fdt, root, p.data, vlen);
	if (node < 0)
		return node;
	return resolve_below(fdt, node, path + alias_len, len - alias_len);
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	if (!path)
		return FDT_ERR_NOTFOUND;
	size_t len = strlen(path);
	if (len > OFFSET_LIMIT)
		return FDT_ERR_NOTFOUND;
	return fdt_path_offset_len(fdt, path, (uint32_t)len);
}

uint32_t fdt_get_phandle(const struct fdt *fdt, int node)
{
	struct fdt_prop p;
	if ((find_prop_str(fdt, node, "phandle", &p) == 0 && p.len == 4) ||
	    (find_prop_str(fdt, node, "linux,phandle", &p) == 0 && p.len == 4))
		return fdt_be32(p.data);
	return 0;
}

int fdt_node_by_phandle(const struct fdt *fdt, uint32_t ph)
{
	if (ph == 0 || ph == 0xffffffffu)   /* "none" and "invalid" */
		return FDT_ERR_NOTFOUND;
	int node = fdt_root(fdt);
	while (node >= 0) {
		if (fdt_get_phandle(fdt, node) == ph)
			return node;
		node = fdt_next_node(fdt, node, NULL);
	}
	return FDT_ERR_NOTFOUND;
}

/* ------------------------------------------------------------------------ */
/* Properties                                                               */

int fdt_first_prop(const struct fdt *fdt, int node)
{
	uint32_t body;
	int err = node_body(fdt, node, &body);
	if (err)
		return err;
	return prop_from(fdt, body);
}

int fdt_next_prop(const struct fdt *fdt, int prop_cursor)
{
	uint32_t next;
	if (prop_cursor < 0 || (prop_cursor & 3))
		return FDT_ERR_BADOFFSET;
	if (read_token(fdt, (uint32_t)prop_cursor, &next) != (int)TOK_PROP)
		return FDT_ERR_BADOFFSET;
	return prop_from(fdt, next);
}

int fdt_prop_at(const struct fdt *fdt, int prop_cursor, struct fdt_prop *out)
{
	struct fdt_prop p;
	int err = decode_prop(fdt, prop_cursor, &p);
	if (err)
		return err;
	if (out)
		*out = p;
	return 0;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			uint32_t *len)
{
	struct fdt_prop p;
	if (find_prop_str(fdt, node, name, &p))
		return NULL;
	if (len)
		*len = p.len;
	return p.data;
}

int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    uint32_t *out)
{
	struct fdt_prop p;
	int err = find_prop_str(fdt, node, name, &p);
	if (err)
		return err;
	if (p.len != 4)
		return FDT_ERR_BADVALUE;
	if (out)
		*out = fdt_be32(p.data);
	return 0;
}

const char *fdt_getprop_string(const struct fdt *fdt, int node,
			       const char *name)
{
	struct fdt_prop p;
	if (find_prop_str(fdt, node, name, &p))
		return NULL;
	if (strnlen(p.data, p.len) == p.len)   /* no NUL inside the value */
		return NULL;
	return p.data;
}

int fdt_stringlist_index(const struct fdt *fdt, int node, const char *name,
			 const char *str)
{
	struct fdt_prop p;
	int err = find_prop_str(fdt, node, name, &p);
	if (err)
		return err;
	if (!str)
		return FDT_ERR_NOTFOUND;
	const char *s = p.data;
	uint32_t left = p.len;
	for (int idx = 0; left > 0; idx++) {
		uint32_t n = (uint32_t)strnlen(s, left);
		if (n == left)
			break;              /* unterminated tail: not an entry */
		if (strcmp(s, str) == 0)
			return idx;
		s += n + 1;
		left -= n + 1;
	}
	return FDT_ERR_NOTFOUND;
}

bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *str)
{
	return fdt_stringlist_index(fdt, node, name, str) >= 0;
}

bool fdt_node_is_compatible(const struct fdt *fdt, int node,
			    const char *compat)
{
	return fdt_prop_has_string(fdt, node, "compatible", compat);
}

bool fdt_node_enabled(const struct fdt *fdt, int node)
{
	uint32_t body;
	if (node_body(fdt, node, &body))
		return false;
	struct fdt_prop p;
	if (find_prop_str(fdt, node, "status", &p))
		return true;
	const char *s = p.data;
	if (strnlen(s, p.len) == p.len)
		return false;
	return strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

int fdt_find_compatible(const struct fdt *fdt, int from, const char *compat)
{
	int node;
	if (from == -1)
		node = fdt_root(fdt);
	else
		node = fdt_next_node(fdt, from, NULL);
	while (node >= 0) {
		if (fdt_node_is_compatible(fdt, node, compat))
			return node;
		node = fdt_next_node(fdt, node, NULL);
	}
	return node;
}

/* ------------------------------------------------------------------------ */
/* Addresses                                                                */

static uint32_t cells_prop(const struct fdt *fdt, int node, const char *name,
			   uint32_t dflt)
{
	uint32_t v;
	if (fdt_getprop_u32(fdt, node, name, &v))
		return dflt;
	return v;
}

uint32_t fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", DEFAULT_ADDRESS_CELLS);
}

uint32_t fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", DEFAULT_SIZE_CELLS);
}

int fdt_read_cells(const void *data, uint32_t len, uint32_t idx,
		   uint32_t cells, uint64_t *out)
{
	if (cells != 1 && cells != 2)
		return FDT_ERR_BADVALUE;
	if (!data || idx > len / 4 || len / 4 - idx < cells)
		return FDT_ERR_NOTFOUND;
	const uint8_t *p = (const uint8_t *)data + (size_t)idx * 4;
	uint64_t v = cells == 2 ? fdt_be64(p) : fdt_be32(p);
	if (out)
		*out = v;
	return 0;
}

/* Cell counts for reg-like values: address 1..2 cells, size 0..2. */
static bool cells_ok(uint32_t addr_cells, uint32_t size_cells)
{
	return addr_cells >= 1 && addr_cells <= 2 && size_cells <= 2;
}

/* Map addr (in the address space bus gives its children) into the space of
 * bus's parent `up`, through bus's "ranges". */
static int translate_up(const struct fdt *fdt, int bus, int up,
			uint64_t *addr)
{
	struct fdt_prop r;
	int err = find_prop_str(fdt, bus, "ranges", &r);
	if (err)
		return err;             /* no ranges: not translatable */
	if (r.len == 0)
		return 0;               /* empty ranges: identity */

	uint32_t cac = fdt_address_cells(fdt, bus);
	uint32_t csc = fdt_size_cells(fdt, bus);
	uint32_t pac = fdt_address_cells(fdt, up);
	if (!cells_ok(cac, csc) || csc == 0 || !cells_ok(pac, 0))
		return FDT_ERR_BADVALUE;
	uint32_t entry = cac + pac + csc;          /* in cells, <= 6 */
	if (r.len % (entry * 4))
		return FDT_ERR_BADVALUE;
	for (uint32_t i = 0; i < r.len / 4; i += entry) {
		uint64_t child, parent, len;
		fdt_read_cells(r.data, r.len, i, cac, &child);
		fdt_read_cells(r.data, r.len, i + cac, pac, &parent);
		fdt_read_cells(r.data, r.len, i + cac + pac, csc, &len);
		if (*addr >= child && *addr - child < len) {
			*addr = parent + (*addr - child);
			return 0;
		}
	}
	return FDT_ERR_NOTFOUND;   /* outside every window of the bus */
}

/* The node's "reg" and the cell counts that describe it. */
static int reg_layout(const struct fdt *fdt, const int *chain, int n,
		      struct fdt_prop *reg, uint32_t *ac, uint32_t *sc)
{
	int parent = n >= 2 ? chain[n - 2] : -1;
	*ac = parent >= 0 ? fdt_address_cells(fdt, parent)
			  : DEFAULT_ADDRESS_CELLS;
	*sc = parent >= 0 ? fdt_size_cells(fdt, parent) : DEFAULT_SIZE_CELLS;
	int err = find_prop_str(fdt, chain[n - 1], "reg", reg);
	if (err)
		return err;
	if (!cells_ok(*ac, *sc) || reg->len % ((*ac + *sc) * 4))
		return FDT_ERR_BADVALUE;
	return 0;
}

int fdt_reg_count(const struct fdt *fdt, int node)
{
	int chain[FDT_MAX_DEPTH], n;
	struct fdt_prop reg;
	uint32_t ac, sc;
	int err = node_chain(fdt, node, chain, &n);
	if (err)
		return err;
	err = reg_layout(fdt, chain, n, &reg, &ac, &sc);
	if (err == FDT_ERR_NOTFOUND)
		return 0;
	if (err)
		return err;
	return (int)(reg.len / ((ac + sc) * 4));
}

int fdt_reg(const struct fdt *fdt, int node, uint32_t idx, uint64_t *addr,
	    uint64_t *size)
{
	int chain[FDT_MAX_DEPTH], n;
	struct fdt_prop reg;
	uint32_t ac, sc;
	int err = node_chain(fdt, node, chain, &n);
	if (err)
		return err;
	err = reg_layout(fdt, chain, n, &reg, &ac, &sc);
	if (err)
		return err;
	if (idx >= reg.len / ((ac + sc) * 4))
		return FDT_ERR_NOTFOUND;
	uint32_t cell = idx * (ac + sc);
	uint64_t a, s = 0;
	fdt_read_cells(reg.data, reg.len, cell, ac, &a);
	if (sc)
		fdt_read_cells(reg.data, reg.len, cell + ac, sc, &s);

	/* chain[k] for 0 < k < n-1 are the buses between the node and the
	 * root, innermost last; translate outwards. */
	for (int k = n - 2; k >= 1; k--) {
		err = translate_up(fdt, chain[k], chain[k - 1], &a);
		if (err)
			return err;
	}
	if (addr)
		*addr = a;
	if (size)
		*size = s;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Memory reservation block                                                 */

int fdt_num_mem_rsv(const struct fdt *fdt)
{
	uint32_t off = fdt->off_rsvmap;
	int n = 0;
	if (off > fdt->totalsize)
		return FDT_ERR_TRUNCATED;
	for (;;) {
		if (fdt->totalsize - off < RSV_ENTRY_LEN)
			return FDT_ERR_TRUNCATED;
		/* The spec ends the list with an all-zero entry; like libfdt
		 * (and so Linux and U-Boot) any entry of size 0 ends it. */
		if (fdt_be64(fdt->blob + off + 8) == 0)
			return n;
		n++;
		off += RSV_ENTRY_LEN;
	}
}

int fdt_get_mem_rsv(const struct fdt *fdt, int idx, uint64_t *addr,
		    uint64_t *size)
{
	int n = fdt_num_mem_rsv(fdt);
	if (n < 0)
		return n;
	if (idx < 0 || idx >= n)
		return FDT_ERR_NOTFOUND;
	const uint8_t *e = fdt->blob + fdt->off_rsvmap +
			   (uint32_t)idx * RSV_ENTRY_LEN;
	if (addr)
		*addr = fdt_be64(e);
	if (size)
		*size = fdt_be64(e + 8);
	return 0;
}
