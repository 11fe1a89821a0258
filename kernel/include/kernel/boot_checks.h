/* Boot-time self checks whose console lines the integration tests read. */
#ifndef KERNEL_BOOT_CHECKS_H
#define KERNEL_BOOT_CHECKS_H

/* Every online CPU pings every other once; prints "ipi: m sent, m acked". */
void boot_check_ipi(void);
/* Waits until each CPU took >= 3 ticks; prints "timer: ... cpus ticking". */
void boot_check_timer(void);
/* Secondary CPUs call this from their idle loop to join the checks. */
void boot_checks_secondary_poll(void);

#endif
