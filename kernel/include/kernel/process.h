/* Processes: an address space and the threads that run in it. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/handle.h"

struct vspace;
struct thread;

struct process {
	struct vspace *vs;
	uint64_t pid;
	char name[32];
	struct handle_table handles;   /* kernel/object/handle.c */
	/* Registry (kernel/process.c, registry_lock): every process, and
	 * each one's live threads, for SYS_PS. */
	struct process *reg_next;
	struct thread *threads;
};

/* Load the ELF boot module `module` into a new process and start its
 * first thread on `cpu`. Returns the process, or NULL with *err = -E_*. */
struct process *process_spawn_module(const char *module, unsigned cpu,
				     int *err);
/* The same, and if give is not NULL, install it (the caller's reference)
 * with rights as the child's first handle, whose value the first thread
 * gets as its argument (a0 / x0). On failure the reference is still the
 * caller's. */
struct process *process_spawn_with_handle(const char *module, unsigned cpu,
					  struct kobj *give, uint32_t rights,
					  int *err);
/* Load an ELF image into vs; *entry gets its entry point. 0 or -E_*. */
int elf_load(struct vspace *vs, const void *image, size_t size,
	     uintptr_t *entry);
/* A user thread of p starting at pc with stack sp (queued on cpu). */
struct thread *thread_create_user(struct process *p, uintptr_t pc,
				  uintptr_t sp, uintptr_t arg, unsigned cpu);
/* Take an exiting thread out of its process's thread list (thread_exit). */
void process_thread_exited(struct thread *t);
/* Copy up to max entries of the registry (uapi/process.h) into out;
 * returns how many. */
struct ps_entry;
size_t process_snapshot(struct ps_entry *out, size_t max);

#endif
