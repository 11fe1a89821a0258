# The boot disk: an MBR disk whose FAT partition holds boot.scr (mkimage)
# and the kernel Image, as U-Boot's distro boot expects on a board.
find_program(MKIMAGE mkimage REQUIRED)
find_program(SFDISK sfdisk PATHS /sbin /usr/sbin REQUIRED)
find_program(MFORMAT mformat REQUIRED)
find_program(MCOPY mcopy REQUIRED)

set(KERNEL_BOOTARGS "" CACHE STRING "kernel command line put in boot.scr")
configure_file(${CMAKE_SOURCE_DIR}/cmake/boot.txt.in
               ${CMAKE_BINARY_DIR}/boot.txt @ONLY)

set(DISK_MIB 48 CACHE STRING "size of disk.img in MiB")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/boot.scr
    COMMAND ${MKIMAGE} -q -A ${ARCH_MKIMAGE_ARCH} -O linux -T script -C none
            -n boot -d ${CMAKE_BINARY_DIR}/boot.txt ${CMAKE_BINARY_DIR}/boot.scr
    DEPENDS ${CMAKE_BINARY_DIR}/boot.txt)

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/disk.img
    COMMAND ${CMAKE_COMMAND}
            -DOUT=${CMAKE_BINARY_DIR}/disk.img -DMIB=${DISK_MIB}
            -DSFDISK=${SFDISK} -DMFORMAT=${MFORMAT} -DMCOPY=${MCOPY}
            -DFILES=${CMAKE_BINARY_DIR}/boot.scr,${CMAKE_BINARY_DIR}/Image
            -P ${CMAKE_SOURCE_DIR}/cmake/make-disk.cmake
    DEPENDS ${CMAKE_BINARY_DIR}/boot.scr ${CMAKE_BINARY_DIR}/Image
            ${CMAKE_SOURCE_DIR}/cmake/make-disk.cmake
    COMMENT "disk.img: MBR + FAT with boot.scr and Image"
    VERBATIM)
add_custom_target(disk_image ALL DEPENDS ${CMAKE_BINARY_DIR}/disk.img)
