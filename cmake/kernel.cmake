# The kernel image: generic kernel + drivers + one arch, linked as a static
# PIE at 0 (it relocates itself), then flattened to a Linux-style Image.
file(GLOB KERNEL_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/kernel/*.c
     ${CMAKE_SOURCE_DIR}/kernel/lib/*.c
     ${CMAKE_SOURCE_DIR}/kernel/vm/*.c
     ${CMAKE_SOURCE_DIR}/kernel/object/*.c
     ${CMAKE_SOURCE_DIR}/kernel/drivers/*.c)

set(KERNEL_C_FLAGS
    -std=gnu11 -O2 -g -Wall -Wextra -Werror
    -ffreestanding -fno-builtin -nostdlib -fno-stack-protector
    -fPIE -fvisibility=hidden -fno-omit-frame-pointer
    -fno-asynchronous-unwind-tables -fno-common
    ${ARCH_C_FLAGS})

add_executable(kernel.elf ${KERNEL_SOURCES} ${ARCH_SOURCES})
target_include_directories(kernel.elf PRIVATE
    ${CMAKE_SOURCE_DIR}/kernel/include
    ${CMAKE_SOURCE_DIR}/arch/${ARCH}/include
    ${CMAKE_SOURCE_DIR}/include)
target_compile_options(kernel.elf PRIVATE ${KERNEL_C_FLAGS})
target_link_options(kernel.elf PRIVATE
    -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,notext
    -Wl,-T,${CMAKE_SOURCE_DIR}/arch/${ARCH}/linker.ld
    -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-Map=${CMAKE_BINARY_DIR}/kernel.map
    ${ARCH_LINK_FLAGS})
set_target_properties(kernel.elf PROPERTIES LINK_DEPENDS
    ${CMAKE_SOURCE_DIR}/arch/${ARCH}/linker.ld)

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/Image
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:kernel.elf>
            ${CMAKE_BINARY_DIR}/Image
    DEPENDS kernel.elf
    COMMENT "Image (Linux boot format) from kernel.elf")
add_custom_target(kernel_image ALL DEPENDS ${CMAKE_BINARY_DIR}/Image)
