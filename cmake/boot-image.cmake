# The boot disk: an MBR disk whose FAT partition holds boot.scr (mkimage),
# the kernel Image and the initrd, as U-Boot's distro boot expects on a
# board.
find_program(MKIMAGE mkimage REQUIRED)
find_program(SFDISK sfdisk PATHS /sbin /usr/sbin REQUIRED)
find_program(MFORMAT mformat REQUIRED)
find_program(MCOPY mcopy REQUIRED)

set(KERNEL_BOOTARGS "" CACHE STRING "kernel command line put in boot.scr")
configure_file(${CMAKE_SOURCE_DIR}/cmake/boot.txt.in
               ${CMAKE_BINARY_DIR}/boot.txt @ONLY)

# The initrd: a cpio "newc" archive of the files in BOOT_MODULES (a CMake
# list of paths; generator expressions such as $<TARGET_FILE:init> work).
# Code that builds a user program appends to it before this file is
# included (from a subdirectory: set(BOOT_MODULES ... PARENT_SCOPE)). Each
# file becomes a module named by its basename. modules.txt, written by the
# same command, lists every other module with its size, for init.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(BOOT_MODULES_MANIFEST ${CMAKE_BINARY_DIR}/modules.txt)
set(BOOT_MODULES ${BOOT_MODULES_MANIFEST} ${BOOT_MODULES})
list(REMOVE_DUPLICATES BOOT_MODULES)
set(boot_module_inputs ${BOOT_MODULES})
list(REMOVE_ITEM boot_module_inputs ${BOOT_MODULES_MANIFEST})
# The list as a file, rewritten only when it changes, so adding or
# removing a module re-runs the packing even where the generator does not
# track command lines.
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/boot-modules.list
     CONTENT "$<JOIN:${BOOT_MODULES},\n>\n")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/initrd ${BOOT_MODULES_MANIFEST}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/mkbootfs.py
            create -o ${CMAKE_BINARY_DIR}/initrd
            --manifest ${BOOT_MODULES_MANIFEST} ${BOOT_MODULES}
    DEPENDS ${boot_module_inputs} ${CMAKE_BINARY_DIR}/boot-modules.list
            ${CMAKE_SOURCE_DIR}/tools/mkbootfs.py
    COMMENT "initrd: cpio archive of the boot modules"
    VERBATIM)

set(DISK_MIB 48 CACHE STRING "size of disk.img in MiB")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/boot.scr
    COMMAND ${MKIMAGE} -q -A ${ARCH_MKIMAGE_ARCH} -O linux -T script -C none
            -n boot -d ${CMAKE_BINARY_DIR}/boot.txt ${CMAKE_BINARY_DIR}/boot.scr
    DEPENDS ${CMAKE_BINARY_DIR}/boot.txt)

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/disk.img
    COMMAND ${CMAKE_COMMAND}
            -DOUT=${CMAKE_BINARY_DIR}/disk.img -DMIB=${DISK_MIB}
            -DSFDISK=${SFDISK} -DMFORMAT=${MFORMAT} -DMCOPY=${MCOPY}
            -DFILES=${CMAKE_BINARY_DIR}/boot.scr,${CMAKE_BINARY_DIR}/Image,${CMAKE_BINARY_DIR}/initrd
            -P ${CMAKE_SOURCE_DIR}/cmake/make-disk.cmake
    DEPENDS ${CMAKE_BINARY_DIR}/boot.scr ${CMAKE_BINARY_DIR}/Image
            ${CMAKE_BINARY_DIR}/initrd
            ${CMAKE_SOURCE_DIR}/cmake/make-disk.cmake
    COMMENT "disk.img: MBR + FAT with boot.scr, Image and initrd"
    VERBATIM)
add_custom_target(disk_image ALL DEPENDS ${CMAKE_BINARY_DIR}/disk.img)
