/*
 * The GIC distributor layout that GICv2 and GICv3 share (Arm GIC
 * architecture specification), and the helpers both drivers use.
 */
#ifndef ARCH_AARCH64_GIC_H
#define ARCH_AARCH64_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8

/* INTID ranges: 0-15 SGI, 16-31 PPI, 32-1019 SPI, 1020-1023 special. */
#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32
#define GIC_INTID_SPECIAL 1020

/* The SGI the kernel's IPIs use. Arm asks the Non-secure world to keep to
 * SGIs 0-7 (the rest may belong to the secure firmware). */
#define GIC_IPI_SGI 0

/* Every line gets the same priority: the kernel does not nest interrupts,
 * and this is well above the priority mask the CPU interface is set to. */
#define GIC_DEFAULT_PRIORITY 0xa0

/* Interrupt lines the distributor implements (GICD_TYPER.ITLinesNumber). */
unsigned gic_dist_lines(uintptr_t dist);
/* Boot-time distributor reset of the SPIs: all disabled, not pending, not
 * active, default priority. Group and routing are version-specific. */
void gic_dist_reset_spis(uintptr_t dist, unsigned lines);
/* Set the priority and (for SPIs) the trigger the FDT gave for a line. */
void gic_set_priority(uintptr_t base, unsigned line);
void gic_set_trigger(uintptr_t dist, unsigned line);
/* Set/clear a bit in a GICD_IS/ICxxx-style bit array. */
void gic_write_bit(uintptr_t reg_array, unsigned line);
/* The "arm,gic" / "arm,gic-v3" interrupt specifier: <type number flags>,
 * type 0 = SPI, 1 = PPI; remembers the trigger for gic_set_trigger. */
int gic_xlate(const uint32_t *cells, unsigned ncells);

#endif
