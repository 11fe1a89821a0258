/*
 * FDT-matched drivers. A driver declares the compatible strings it takes and
 * a probe function; generic code offers it matching, enabled nodes and never
 * names a board. Drivers live in kernel/drivers/ (or arch/<arch>/ when the
 * device is reached through ISA registers, e.g. the GICv3 CPU interface).
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

struct fdt;

enum driver_class {
	DRIVER_CONSOLE,   /* offered only the /chosen/stdout-path node */
	DRIVER_IRQCHIP,   /* interrupt controllers (may also provide IPIs) */
	DRIVER_IPI,       /* stand-alone IPI devices (ACLINT SSWI, mailboxes) */
};

struct driver {
	const char *name;
	enum driver_class cls;
	const char *const *compatible;  /* NULL-terminated */
	int (*probe)(const struct fdt *fdt, int node);
};

#define DRIVER(ident) \
	static const struct driver ident \
		__attribute__((used, section(".drivers"), aligned(8)))

/* The driver matching a node (first compatible entry wins, as Linux). */
const struct driver *driver_match(const struct fdt *fdt, int node,
				  enum driver_class cls);
/* Offer every enabled node to the drivers of class cls; returns how many
 * probes succeeded. */
int drivers_probe_class(const struct fdt *fdt, enum driver_class cls);

#endif
