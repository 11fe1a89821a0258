/* Boot modules: the cpio "newc" initrd (see kernel/boot_modules.h). */
#include "kernel/boot_modules.h"

#include "kernel/fdt.h"
#include "kernel/memory.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/vm.h"

/* newc layout (fixed by the format): a 6-byte magic, 13 fields of 8 hex
 * digits, the name with its NUL, padding to 4 bytes, the data, padding to
 * 4 bytes. Offsets are relative to the start of the archive. */
#define NEWC_HDR_SIZE 110u
/* Then '1' (newc) or '2' (newc with checksums). */
static const char newc_magic[] = "07070";  /* fixed by the cpio format */
#define NEWC_FIELD_DIGITS 8u

enum newc_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	F_COUNT
};

/* File type bits of the mode field, fixed by POSIX: S_IFMT 0170000,
 * S_IFREG 0100000, S_IFDIR 0040000 (octal; written in hex here). */
#define MODE_TYPE 0xf000u
#define MODE_REG 0x8000u
#define MODE_DIR 0x4000u

static const char trailer_name[] = "TRAILER!!!";

struct newc_entry {
	const char *name;       /* as stored, NUL-terminated */
	const uint8_t *data;
	uint32_t filesize;
	bool is_file, is_trailer;
	size_t next;            /* offset of the following header */
};

static int hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes needed after offset `at` to reach a multiple of 4. */
static size_t pad4(size_t at)
{
	return (4 - (at & 3)) & 3;
}

/* Module names are program names: printable ASCII, no spaces (the
 * manifest separates fields with one), so they print safely too. */
static bool name_chars_ok(const char *name)
{
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x21 || *c > 0x7e)
			return false;
	return true;
}

/* The module name: the stored path without leading "./" and "/". */
static const char *module_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return name;
	}
}

/* Decode and check the entry at `off` (4-aligned, <= size). Every read is
 * checked against size first; `verify_sum` is false on re-walks of an
 * archive already validated. */
static int newc_parse(const uint8_t *base, size_t size, size_t off,
		      bool verify_sum, struct newc_entry *e)
{
	if (size - off < NEWC_HDR_SIZE)
		return off == size ? BOOTMOD_ERR_NOTRAILER
				   : BOOTMOD_ERR_TRUNCATED;
	const uint8_t *h = base + off;
	if (memcmp(h, newc_magic, sizeof(newc_magic) - 1) ||
	    (h[5] != '1' && h[5] != '2'))
		return BOOTMOD_ERR_BADMAGIC;
	bool with_sum = h[5] == '2';

	uint32_t field[F_COUNT];
	for (unsigned i = 0; i < F_COUNT; i++) {
		uint32_t v = 0;
		for (unsigned j = 0; j < NEWC_FIELD_DIGITS; j++) {
			int d = hex_digit(h[6 + i * NEWC_FIELD_DIGITS + j]);
			if (d < 0)
				return BOOTMOD_ERR_BADHEX;
			v = (v << 4) | (uint32_t)d;
		}
		field[i] = v;
	}

	/* Name: at least one character plus the NUL, which must be its only
	 * NUL. */
	uint32_t namesize = field[F_NAMESIZE];
	if (namesize < 2 || namesize > BOOTMOD_NAME_MAX)
		return BOOTMOD_ERR_BADNAME;
	size_t name_off = off + NEWC_HDR_SIZE;
	if (namesize > size - name_off)
		return BOOTMOD_ERR_TRUNCATED;
	e->name = (const char *)base + name_off;
	if (strnlen(e->name, namesize) != namesize - 1)
		return BOOTMOD_ERR_BADNAME;
	if (!name_chars_ok(e->name))
		return BOOTMOD_ERR_BADNAME;

	size_t name_end = name_off + namesize;
	if (pad4(name_end) > size - name_end)
		return BOOTMOD_ERR_TRUNCATED;
	size_t data_off = name_end + pad4(name_end);
	e->filesize = field[F_FILESIZE];
	if (e->filesize > size - data_off)
		return BOOTMOD_ERR_TRUNCATED;
	size_t data_end = data_off + e->filesize;
	if (pad4(data_end) > size - data_end)
		return BOOTMOD_ERR_TRUNCATED;
	e->data = base + data_off;
	e->next = data_end + pad4(data_end);

	uint32_t type = field[F_MODE] & MODE_TYPE;
	e->is_trailer = namesize == sizeof(trailer_name) &&
			!memcmp(e->name, trailer_name, sizeof(trailer_name));
	e->is_file = !e->is_trailer && type == MODE_REG;
	if (e->is_trailer || type == MODE_DIR)
		return e->filesize ? BOOTMOD_ERR_BADTYPE : 0;
	if (type != MODE_REG)
		return BOOTMOD_ERR_BADTYPE;  /* symlinks, devices: no use here */
	if (!*module_name(e->name))
		return BOOTMOD_ERR_BADNAME;
	if (with_sum && verify_sum) {
		uint32_t sum = 0;
		for (uint32_t i = 0; i < e->filesize; i++)
			sum += e->data[i];
		if (sum != field[F_CHECK])
			return BOOTMOD_ERR_CHECKSUM;
	}
	return 0;
}

/* The next module at or after *cursor and before `limit` (an offset whose
 * entries were all validated). */
static bool next_module(const uint8_t *base, size_t size, size_t limit,
			size_t *cursor, struct boot_module *mod)
{
	while (*cursor < limit) {
		struct newc_entry e;
		if (newc_parse(base, size, *cursor, false, &e) || e.is_trailer)
			return false;
		*cursor = e.next;
		if (e.is_file) {
			mod->name = module_name(e.name);
			mod->data = e.data;
			mod->size = e.filesize;
			return true;
		}
	}
	return false;
}

int boot_archive_open(struct boot_archive *ar, const void *data, size_t size)
{
	memset(ar, 0, sizeof(*ar));
	const uint8_t *base = data;
	size_t off = 0;
	unsigned count = 0;
	for (unsigned entries = 0;; entries++) {
		if (entries == BOOTMOD_MAX_ENTRIES)
			return BOOTMOD_ERR_TOOMANY;
		struct newc_entry e;
		int err = newc_parse(base, size, off, true, &e);
		if (err)
			return err;
		if (e.is_trailer) {
			ar->base = base;
			ar->size = size;
			ar->used = e.next;
			ar->count = count;
			return 0;
		}
		if (e.is_file) {
			/* Names must be unique, or a lookup by name would
			 * depend on archive order. */
			const char *name = module_name(e.name);
			size_t cursor = 0;
			struct boot_module prev;
			while (next_module(base, size, off, &cursor, &prev))
				if (!strcmp(prev.name, name))
					return BOOTMOD_ERR_DUPLICATE;
			count++;
		}
		off = e.next;
	}
}

bool boot_archive_next(const struct boot_archive *ar, size_t *cursor,
		       struct boot_module *mod)
{
	return next_module(ar->base, ar->size, ar->used, cursor, mod);
}

int boot_archive_find(const struct boot_archive *ar, const char *name,
		      struct boot_module *mod)
{
	size_t cursor = 0;
	struct boot_module m;
	while (boot_archive_next(ar, &cursor, &m)) {
		if (!strcmp(m.name, name)) {
			*mod = m;
			return 0;
		}
	}
	return BOOTMOD_ERR_NOTFOUND;
}

const char *boot_module_strerror(int err)
{
	switch (err) {
	case 0: return "ok";
	case BOOTMOD_ERR_NOTFOUND: return "no such module";
	case BOOTMOD_ERR_TRUNCATED: return "entry runs past the end";
	case BOOTMOD_ERR_BADMAGIC: return "bad magic (not cpio newc)";
	case BOOTMOD_ERR_BADHEX: return "header field not hex";
	case BOOTMOD_ERR_BADNAME: return "bad name";
	case BOOTMOD_ERR_BADTYPE: return "unsupported entry type";
	case BOOTMOD_ERR_CHECKSUM: return "checksum mismatch";
	case BOOTMOD_ERR_DUPLICATE: return "duplicate module name";
	case BOOTMOD_ERR_TOOMANY: return "too many entries";
	case BOOTMOD_ERR_NOTRAILER: return "no TRAILER!!! entry";
	case BOOTMOD_ERR_NOINITRD: return "no initrd";
	case BOOTMOD_ERR_BADRANGE: return "bad initrd range";
	default: return "unknown error";
	}
}

/* ---- The kernel's initrd ---- */

static struct boot_archive initrd;  /* all zero: no modules */

static int chosen_addr(const struct fdt *fdt, int chosen, const char *name,
		       uint64_t *out)
{
	uint32_t len;
	const void *p = fdt_getprop(fdt, chosen, name, &len);
	if (!p)
		return BOOTMOD_ERR_NOINITRD;
	if (len == 4)
		*out = fdt_be32(p);
	else if (len == 8)
		*out = fdt_be64(p);
	else
		return BOOTMOD_ERR_BADRANGE;
	return 0;
}

/* Only RAM is in the direct map: an initrd anywhere else is not readable
 * through phys_to_virt. */
static bool inside_ram(uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < mem_map.nram; i++) {
		const struct mem_range *r = &mem_map.ram[i];
		if (start >= r->base && end - r->base <= r->size)
			return true;
	}
	return false;
}

static int initrd_range(const struct fdt *fdt, uint64_t *start,
			uint64_t *end)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return BOOTMOD_ERR_NOINITRD;
	int err_start = chosen_addr(fdt, chosen, "linux,initrd-start", start);
	int err_end = chosen_addr(fdt, chosen, "linux,initrd-end", end);
	if (err_start == BOOTMOD_ERR_NOINITRD &&
	    err_end == BOOTMOD_ERR_NOINITRD)
		return BOOTMOD_ERR_NOINITRD;
	if (err_start || err_end)  /* one without the other, or bad size */
		return BOOTMOD_ERR_BADRANGE;
	if (*end <= *start || !inside_ram(*start, *end))
		return BOOTMOD_ERR_BADRANGE;
	return 0;
}

int boot_modules_init(const struct fdt *fdt)
{
	memset(&initrd, 0, sizeof(initrd));
	uint64_t start = 0, end = 0;
	int err = initrd_range(fdt, &start, &end);
	if (err == BOOTMOD_ERR_NOINITRD) {
		printk("initrd: none\n");
		return err;
	}
	if (err) {
		printk("initrd: ignored: /chosen linux,initrd-start/end do "
		       "not give a range inside RAM\n");
		return err;
	}
	err = boot_archive_open(&initrd, phys_to_virt(start),
				(size_t)(end - start));
	if (err) {
		printk("initrd: ignored: bad archive at 0x%lx (%lu bytes): %s\n",
		       (unsigned long)start, (unsigned long)(end - start),
		       boot_module_strerror(err));
		return err;
	}
	printk("initrd: %u modules, %lu bytes at 0x%lx\n", initrd.count,
	       (unsigned long)(end - start), (unsigned long)start);
	size_t cursor = 0;
	struct boot_module m;
	while (boot_archive_next(&initrd, &cursor, &m))
		printk("initrd:   %s %lu\n", m.name, (unsigned long)m.size);
	return 0;
}

unsigned boot_module_count(void)
{
	return initrd.count;
}

int boot_module_find(const char *name, const void **data, size_t *size)
{
	struct boot_module m;
	int err = boot_archive_find(&initrd, name, &m);
	if (err)
		return err;
	*data = m.data;
	*size = m.size;
	return 0;
}

bool boot_module_next(size_t *cursor, struct boot_module *mod)
{
	return boot_archive_next(&initrd, cursor, mod);
}
