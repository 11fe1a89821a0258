/*
 * Renames the kernel FDT reader's functions (fdt_* -> kfdt_*) so that it can
 * be linked into one program with libfdt, whose public functions share many
 * of the same names (fdt_getprop, fdt_path_offset, fdt_strerror, ...).
 *
 * Used by the libfdt comparison test and the fuzz target only: fdt.c is
 * compiled a second time with -include of this file, and the test sources
 * include it before "kernel/fdt.h". The ctest kfdt_rename_complete checks
 * that the renamed library exports no fdt_* symbol, so a function added to
 * kernel/fdt.h without a line here is caught.
 */
#ifndef KFDT_RENAME_H
#define KFDT_RENAME_H

#define fdt_address_cells kfdt_address_cells
#define fdt_find_compatible kfdt_find_compatible
#define fdt_first_child kfdt_first_child
#define fdt_first_prop kfdt_first_prop
#define fdt_get_mem_rsv kfdt_get_mem_rsv
#define fdt_get_phandle kfdt_get_phandle
#define fdt_getprop kfdt_getprop
#define fdt_getprop_string kfdt_getprop_string
#define fdt_getprop_u32 kfdt_getprop_u32
#define fdt_header_totalsize kfdt_header_totalsize
#define fdt_init kfdt_init
#define fdt_next_node kfdt_next_node
#define fdt_next_prop kfdt_next_prop
#define fdt_next_sibling kfdt_next_sibling
#define fdt_node_by_phandle kfdt_node_by_phandle
#define fdt_node_enabled kfdt_node_enabled
#define fdt_node_is_compatible kfdt_node_is_compatible
#define fdt_node_name kfdt_node_name
#define fdt_num_mem_rsv kfdt_num_mem_rsv
#define fdt_parent kfdt_parent
#define fdt_path_offset kfdt_path_offset
#define fdt_path_offset_len kfdt_path_offset_len
#define fdt_prop_at kfdt_prop_at
#define fdt_prop_has_string kfdt_prop_has_string
#define fdt_read_cells kfdt_read_cells
#define fdt_reg kfdt_reg
#define fdt_reg_count kfdt_reg_count
#define fdt_root kfdt_root
#define fdt_size_cells kfdt_size_cells
#define fdt_strerror kfdt_strerror
#define fdt_stringlist_index kfdt_stringlist_index
#define fdt_be32 kfdt_be32
#define fdt_be64 kfdt_be64

#endif
