/*
 * The few C string/memory functions the kernel implements itself
 * (kernel/lib/string.c). Same names and contracts as ISO C, so code that uses
 * them (fdt.c) also links against the host libc in unit tests.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strchr(const char *s, int c);

#endif
