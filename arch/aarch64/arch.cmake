# aarch64: what the ISA and its ABI fix for the kernel build.
# The boot C code (relocation, kernel_main, the first page tables) runs
# with the MMU off, where every access is to Device memory: no unaligned
# accesses (-mstrict-align); no FP/SIMD registers (-mgeneral-regs-only, so
# traps and context switches save only x0-x30), and atomics inline rather
# than as libgcc outline helpers (-mno-outline-atomics; libgcc is not
# linked at all).
set(ARCH_C_FLAGS -mgeneral-regs-only -mstrict-align -mno-outline-atomics)
set(ARCH_LINK_FLAGS "")
set(ARCH_MKIMAGE_ARCH arm64)
set(ARCH_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/entry.S
    ${CMAKE_CURRENT_LIST_DIR}/vectors.S
    ${CMAKE_CURRENT_LIST_DIR}/trap.c
    ${CMAKE_CURRENT_LIST_DIR}/cpu.c
    ${CMAKE_CURRENT_LIST_DIR}/cpu_fdt.c
    ${CMAKE_CURRENT_LIST_DIR}/psci.c
    ${CMAKE_CURRENT_LIST_DIR}/spin_table.c
    ${CMAKE_CURRENT_LIST_DIR}/timer.c
    ${CMAKE_CURRENT_LIST_DIR}/gic_common.c
    ${CMAKE_CURRENT_LIST_DIR}/gicv2.c
    ${CMAKE_CURRENT_LIST_DIR}/gicv3.c
    ${CMAKE_CURRENT_LIST_DIR}/mmu.c
    ${CMAKE_CURRENT_LIST_DIR}/mmu_switch.S
    ${CMAKE_CURRENT_LIST_DIR}/context.S
    ${CMAKE_CURRENT_LIST_DIR}/user.c)
