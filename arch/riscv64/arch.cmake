# riscv64: what the ISA and its ABI fix for the kernel build.
set(ARCH_C_FLAGS -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
    -mno-relax)
set(ARCH_LINK_FLAGS -Wl,--no-relax)
set(ARCH_MKIMAGE_ARCH riscv)
set(ARCH_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/entry.S
    ${CMAKE_CURRENT_LIST_DIR}/trap_entry.S
    ${CMAKE_CURRENT_LIST_DIR}/trap.c
    ${CMAKE_CURRENT_LIST_DIR}/cpu.c
    ${CMAKE_CURRENT_LIST_DIR}/sbi.c
    ${CMAKE_CURRENT_LIST_DIR}/timer.c
    ${CMAKE_CURRENT_LIST_DIR}/mmu.c
    ${CMAKE_CURRENT_LIST_DIR}/mmu_switch.S
    ${CMAKE_CURRENT_LIST_DIR}/context.S
    ${CMAKE_CURRENT_LIST_DIR}/user.c)
