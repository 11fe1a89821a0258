/*
 * Boot modules: the programs (init, scheduler servers, tests) that the boot
 * loader hands the kernel in one archive, the initrd, found through
 * /chosen/linux,initrd-start and linux,initrd-end.
 *
 * The archive is cpio "newc" (magic 070701, or 070702 with checksums), the
 * format of Linux's initramfs, so standard tools make and inspect it;
 * tools/mkbootfs.py writes ours. Every regular file is a module, named by
 * its path without leading "./" or "/"; directory entries are skipped;
 * any other file type is refused. The archive ends at "TRAILER!!!";
 * whatever follows (a tool's block padding) is ignored.
 *
 * The archive is untrusted: boot_archive_open() walks it once and checks
 * every header field and length against its bounds before anything else
 * looks at it. Module data is only 4-byte aligned relative to the archive
 * (which itself may start anywhere): copy it before using it as anything
 * wider than bytes.
 *
 * The parser is plain C without kernel dependencies beyond the string
 * functions; tests/host_bootfs runs it on the host under ASan/UBSan.
 */
#ifndef KERNEL_BOOT_MODULES_H
#define KERNEL_BOOT_MODULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdt;

enum boot_module_error {
	BOOTMOD_ERR_NOTFOUND = -1,  /* no module by that name */
	BOOTMOD_ERR_TRUNCATED = -2, /* a header, name, data or padding runs
				       past the end of the archive */
	BOOTMOD_ERR_BADMAGIC = -3,  /* header does not start 070701/070702 */
	BOOTMOD_ERR_BADHEX = -4,    /* a header field is not 8 hex digits */
	BOOTMOD_ERR_BADNAME = -5,   /* name size 0, 1 or > BOOTMOD_NAME_MAX,
				       name not NUL-terminated, NUL inside,
				       or a file with an empty name */
	BOOTMOD_ERR_BADTYPE = -6,   /* not a regular file or directory, or a
				       directory/trailer carrying data */
	BOOTMOD_ERR_CHECKSUM = -7,  /* 070702 entry whose data sum differs */
	BOOTMOD_ERR_DUPLICATE = -8, /* two files with the same module name */
	BOOTMOD_ERR_TOOMANY = -9,   /* more than BOOTMOD_MAX_ENTRIES entries */
	BOOTMOD_ERR_NOTRAILER = -10, /* archive ends without TRAILER!!! */
	BOOTMOD_ERR_NOINITRD = -11, /* /chosen names no initrd */
	BOOTMOD_ERR_BADRANGE = -12, /* initrd properties malformed, empty, or
				       not inside one RAM range */
};

/* Longest name accepted, NUL included (names are program names). */
#define BOOTMOD_NAME_MAX 256u
/* Most entries (files, directories, trailer) in one archive: bounds the
 * duplicate check, which is quadratic. */
#define BOOTMOD_MAX_ENTRIES 1024u

struct boot_archive {
	const uint8_t *base;
	size_t size;      /* bytes handed to boot_archive_open */
	size_t used;      /* bytes up to the end of the trailer entry */
	unsigned count;   /* modules (regular files) */
};

struct boot_module {
	const char *name; /* NUL-terminated, inside the archive */
	const void *data;
	size_t size;
};

/* Validate the whole archive (size bytes at data) and fill *ar. */
int boot_archive_open(struct boot_archive *ar, const void *data, size_t size);
/* Iterate over the modules in archive order: start with *cursor = 0; each
 * call fills *mod and returns true, or returns false after the last. */
bool boot_archive_next(const struct boot_archive *ar, size_t *cursor,
		       struct boot_module *mod);
int boot_archive_find(const struct boot_archive *ar, const char *name,
		      struct boot_module *mod);
const char *boot_module_strerror(int err);

/* ---- The kernel's initrd ---- */

/* Find the initrd from /chosen (u32 or u64 cells; it must lie inside one
 * /memory range, reached through the direct map), validate it and print
 * the "initrd:" lines. 0, or an error (then no module is offered). Once,
 * on the boot CPU, after memory_discover() and before anything looks a
 * module up. */
int boot_modules_init(const struct fdt *fdt);
unsigned boot_module_count(void);
int boot_module_find(const char *name, const void **data, size_t *size);
bool boot_module_next(size_t *cursor, struct boot_module *mod);

#endif
