/* Raw syscall entry (lib/arch/<arch>/syscall_raw.S): any number, any
 * arguments, so tests can issue what no wrapper would. */
#ifndef SERVERS_SYS_RAW_SYSCALL_H
#define SERVERS_SYS_RAW_SYSCALL_H

/* Result registers syscall6_res reads back: a0..a4 (x0..x4). */
#define SYSCALL_RESULTS 5

/* The syscall's result (a0 / x0): a value >= 0, or -E_*. */
long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
/* The same, also storing a0..a4 (x0..x4) after the call in res. */
long syscall6_res(unsigned long res[SYSCALL_RESULTS], long nr, long a0,
		  long a1, long a2, long a3, long a4, long a5);

#endif
