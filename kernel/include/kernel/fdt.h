/*
 * Flattened device tree (FDT, DTB v17) reader.
 *
 * The kernel's only source of hardware facts. The blob comes from the boot
 * loader and is untrusted: fdt_init() validates the header and walks the whole
 * structure block once (bounded depth, every length checked) before any other
 * call is allowed, and every accessor still bounds-checks its own reads.
 *
 * Nodes are named by their offset in the structure block (as in libfdt), so a
 * node offset from this module and from libfdt can be compared directly.
 * Every function that can fail returns a negative FDT_ERR_* value.
 *
 * Plain C with no libc dependency: it is compiled into the kernel and, on the
 * host, into the unit tests and the fuzz target.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_DEPTH 32       /* deeper trees are refused (no real board nests > 8) */

enum fdt_error {
	FDT_ERR_NOTFOUND = -1,     /* node/property/phandle does not exist */
	FDT_ERR_TRUNCATED = -2,    /* a read would run past the blob or a block */
	FDT_ERR_BADMAGIC = -3,
	FDT_ERR_BADVERSION = -4,   /* version < 16 or last_comp_version > 17 */
	FDT_ERR_BADLAYOUT = -5,    /* blocks overlap, or lie outside totalsize */
	FDT_ERR_ALIGNMENT = -6,    /* blob, struct block or rsvmap misaligned */
	FDT_ERR_BADSTRUCTURE = -7, /* bad token, unbalanced nodes, missing END */
	FDT_ERR_DEPTH = -8,        /* nesting deeper than FDT_MAX_DEPTH */
	FDT_ERR_BADOFFSET = -9,    /* argument is not the offset of a node */
	FDT_ERR_BADVALUE = -10,    /* property has the wrong size for the request */
	FDT_ERR_BADNAME = -11,     /* name or string not NUL-terminated in bounds */
};

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
	uint32_t boot_cpuid;
};

struct fdt_prop {
	const char *name;      /* NUL-terminated, inside the strings block */
	const void *data;      /* big-endian bytes, len of them */
	uint32_t len;
};

/* Validate blob (at most max_size bytes readable) and fill *fdt. 0 or error. */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size);
/* Total size from the header of a blob that has not been validated yet
 * (0 if the magic is wrong); lets a caller learn how much to map. */
uint32_t fdt_header_totalsize(const void *blob);

const char *fdt_strerror(int err);

/* --- Tree navigation. Offsets >= 0 are nodes; root is fdt_root(). --- */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);   /* NOTFOUND if leaf */
int fdt_next_sibling(const struct fdt *fdt, int node);  /* NOTFOUND at end */
int fdt_parent(const struct fdt *fdt, int node);        /* NOTFOUND for root */
/* Node name including any "@unit" part; root's is "". len may be NULL. */
const char *fdt_node_name(const struct fdt *fdt, int node, uint32_t *len);
/* Next node in document order (depth first), NOTFOUND at end; *depth is
 * adjusted (may be NULL). Start from fdt_root(). */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);

/* Absolute path ("/soc/serial@10000000"); a path not starting with '/' is
 * resolved through /aliases first. A component without "@unit" matches a node
 * whose name is that component followed by "@...", as in libfdt. The path
 * need not be NUL-terminated: len bytes are used. */
int fdt_path_offset_len(const struct fdt *fdt, const char *path, uint32_t len);
int fdt_path_offset(const struct fdt *fdt, const char *path);

/* The node whose "phandle" (or legacy "linux,phandle") equals ph. */
int fdt_node_by_phandle(const struct fdt *fdt, uint32_t ph);
/* The phandle of a node, 0 if it has none. */
uint32_t fdt_get_phandle(const struct fdt *fdt, int node);

/* --- Properties --- */
/* First/next property of a node: returns a property cursor >= 0, or
 * NOTFOUND when there are no more. */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop_cursor);
int fdt_prop_at(const struct fdt *fdt, int prop_cursor, struct fdt_prop *out);

/* Property value by name; NULL if absent. *len (if non-NULL) gets the size. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			uint32_t *len);
/* One 32-bit cell property (size must be exactly 4). */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    uint32_t *out);
/* A string property, checked to be NUL-terminated inside its value. */
const char *fdt_getprop_string(const struct fdt *fdt, int node,
			       const char *name);
/* True if the string list property `name` contains str. */
bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *str);
bool fdt_node_is_compatible(const struct fdt *fdt, int node,
			    const char *compat);
/* Index of the first entry of the string list prop equal to str, or error. */
int fdt_stringlist_index(const struct fdt *fdt, int node, const char *name,
			 const char *str);
/* A node is enabled when it has no "status" or it is "okay"/"ok". */
bool fdt_node_enabled(const struct fdt *fdt, int node);

/* Next node after `from` (document order; from = -1 starts at the root)
 * that is compatible with compat. NOTFOUND when there is none. */
int fdt_find_compatible(const struct fdt *fdt, int from, const char *compat);

/* --- Addresses --- */
/* #address-cells / #size-cells a node gives its children (defaults 2 / 1). */
uint32_t fdt_address_cells(const struct fdt *fdt, int node);
uint32_t fdt_size_cells(const struct fdt *fdt, int node);
/* Read `cells` (1 or 2) big-endian cells at cell index idx of a value. */
int fdt_read_cells(const void *data, uint32_t len, uint32_t idx,
		   uint32_t cells, uint64_t *out);
/* Entry idx of the node's "reg", as a CPU physical address: translated
 * through every ancestor bus's "ranges" (empty ranges = identity; a missing
 * "ranges" on a bus between the node and the root = not translatable). */
int fdt_reg(const struct fdt *fdt, int node, uint32_t idx, uint64_t *addr,
	    uint64_t *size);
/* Number of entries in "reg" (0 if absent). */
int fdt_reg_count(const struct fdt *fdt, int node);

/* --- Memory reservation block (/memreserve/) --- */
int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int idx, uint64_t *addr,
		    uint64_t *size);

/* Big-endian loads that work on any alignment. */
static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static inline uint64_t fdt_be64(const void *p)
{
	const uint8_t *b = p;
	return ((uint64_t)fdt_be32(b) << 32) | fdt_be32(b + 4);
}

#endif
