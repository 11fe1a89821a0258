/* Processes: an address space and the threads that run in it. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stddef.h>
#include <stdint.h>

struct vspace;
struct thread;

struct process {
	struct vspace *vs;
	uint64_t pid;
	char name[32];
};

/* Load the ELF boot module `module` into a new process and start its
 * first thread on `cpu`. Returns the process, or NULL with *err = -E_*. */
struct process *process_spawn_module(const char *module, unsigned cpu,
				     int *err);
/* Load an ELF image into vs; *entry gets its entry point. 0 or -E_*. */
int elf_load(struct vspace *vs, const void *image, size_t size,
	     uintptr_t *entry);
/* A user thread of p starting at pc with stack sp (queued on cpu). */
struct thread *thread_create_user(struct process *p, uintptr_t pc,
				  uintptr_t sp, uintptr_t arg, unsigned cpu);

#endif
