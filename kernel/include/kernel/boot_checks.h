/* Boot-time self checks whose console lines the integration tests read. */
#ifndef KERNEL_BOOT_CHECKS_H
#define KERNEL_BOOT_CHECKS_H

#include <stdatomic.h>
#include <stdbool.h>

/* Every online CPU pings every other once; prints "ipi: m sent, m acked". */
void boot_check_ipi(void);
/* Waits until each CPU took >= 3 ticks; prints "timer: ... cpus ticking". */
void boot_check_timer(void);
/* Threads hand tokens across CPUs; prints "sched: ... exact, 0 lost". */
void boot_check_sched(void);
/* Set once the boot CPU has finished the IPI and timer checks. */
extern _Atomic bool boot_checks_done;
/* Secondary CPUs call this from their idle loop to join the checks. */
void boot_checks_secondary_poll(void);

#endif
