/*
 * init: the first user process. It checks that bad syscall arguments come
 * back as errors (a bad pointer, a kernel pointer, a huge length, an
 * unknown number), reports ready, then runs a small shell on the console:
 * help, ps, run <module>, sleep <ms>.
 */
#include <stdbool.h>
#include <stdint.h>

#include "sys/console.h"
#include "sys/fmt.h"
#include "sys/process.h"
#include "sys/syscall.h"

#define KERNEL_PTR 0xffffffc000000000ul   /* upper half on both ISAs */
#define UNMAPPED_PTR 0x1000ul             /* below USER_BASE */

static bool checks_ok = true;

static void expect(const char *what, long got, long want)
{
	if (got == want)
		return;
	printf("init: check %s: got %ld, want %ld\n", what, got, want);
	checks_ok = false;
}

static struct ps_entry ps_buf[64];

static void syscall_checks(void)
{
	static const char rodata[64] = "read-only";
	char buf[16];
	expect("write kernel ptr",
	       sys_console_write((const char *)KERNEL_PTR, 8), -E_FAULT);
	expect("write unmapped", sys_console_write((const char *)UNMAPPED_PTR,
						   8), -E_FAULT);
	expect("unknown syscall", sys_raw(0x7fff, 0, 0, 0, 0, 0, 0), -E_NOSYS);
	/* Console reads check the buffer before they block. */
	expect("read kernel ptr", sys_console_read((char *)KERNEL_PTR, 8),
	       -E_FAULT);
	expect("read unmapped", sys_console_read((char *)UNMAPPED_PTR, 1),
	       -E_FAULT);
	expect("read into rodata", sys_console_read((char *)rodata, 1),
	       -E_FAULT);
	expect("read huge", sys_console_read(buf, CONSOLE_READ_MAX + 1),
	       -E_INVAL);
	expect("read 0", sys_console_read(buf, 0), 0);
	expect("spawn unmapped",
	       sys_spawn((const char *)UNMAPPED_PTR, 4, HANDLE_INVALID),
	       -E_FAULT);
	expect("spawn kernel ptr",
	       sys_spawn((const char *)KERNEL_PTR, 4, HANDLE_INVALID),
	       -E_FAULT);
	expect("spawn len 0", sys_spawn("init", 0, HANDLE_INVALID), -E_INVAL);
	expect("spawn huge", sys_raw(SYS_SPAWN, (unsigned long)"init", ~0ul,
				     0, 0, 0, 0), -E_INVAL);
	expect("spawn NUL inside", sys_spawn("in\0it", 5, HANDLE_INVALID),
	       -E_INVAL);
	expect("spawn missing", sys_spawn("no-such-module", 14, HANDLE_INVALID),
	       -E_NOENT);
	expect("spawn non-program",
	       sys_spawn("modules.txt", 11, HANDLE_INVALID), -E_INVAL);
	expect("spawn bad handle", sys_spawn("init", 4, 0x7fffff3fu),
	       -E_BADHANDLE);
	expect("ps unmapped", sys_ps((struct ps_entry *)UNMAPPED_PTR, 4),
	       -E_FAULT);
	expect("ps into rodata", sys_ps((struct ps_entry *)rodata, 1),
	       -E_FAULT);
	expect("ps huge", sys_ps(ps_buf, PS_MAX + 1), -E_INVAL);
	expect("ps 0", sys_ps(ps_buf, 0), 0);
	expect("ps self", sys_ps(ps_buf, 1), 1);
	expect("sleep 1ms", sys_sleep(1000000), 0);
	expect("sleep 0", sys_sleep(0), 0);
}

/* ---- Line input ---- */

static char in_buf[64];
static long in_len, in_pos;

static int getch(void)
{
	while (in_pos == in_len) {
		long n = sys_console_read(in_buf, sizeof(in_buf));
		if (n < 0) {
			printf("init: console read failed: %ld\n", n);
			sys_sleep(1000000000ull);
			continue;
		}
		in_len = n;
		in_pos = 0;
	}
	return (unsigned char)in_buf[in_pos++];
}

/* Read one line with echo and backspace; "\r\n" counts as one end. */
static void read_line(char *line, unsigned max)
{
	static bool after_cr;
	unsigned n = 0;
	for (;;) {
		int c = getch();
		if (c == '\n' && after_cr) {
			after_cr = false;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			puts_console("\n");
			line[n] = '\0';
			return;
		}
		if (c == 0x7f || c == '\b') {
			if (n) {
				n--;
				puts_console("\b \b");
			}
			continue;
		}
		if (c < 0x20 || c > 0x7e || n + 1 >= max)
			continue;   /* control bytes; a full line */
		line[n++] = (char)c;
		char echo[2] = { (char)c, 0 };
		puts_console(echo);
	}
}

/* ---- Commands ---- */

static const char *error_name(long err)
{
	switch (-err) {
	case E_INVAL: return "invalid (not a program?)";
	case E_FAULT: return "bad address";
	case E_NOMEM: return "out of memory";
	case E_NOENT: return "no such module";
	case E_NOSYS: return "not supported";
	default: return "error";
	}
}

static const char *state_name(uint32_t s)
{
	switch (s) {
	case PS_STATE_READY: return "ready";
	case PS_STATE_RUNNING: return "running";
	case PS_STATE_BLOCKED: return "blocked";
	case PS_STATE_DEAD: return "dead";
	case PS_STATE_EXITED: return "exited";
	default: return "?";
	}
}

static void cmd_help(void)
{
	puts_console("commands:\n"
		     "  help          this list\n"
		     "  ps            processes and threads: pid, thread id, "
		     "state, cpu\n"
		     "  run <module>  start a boot module as a new process\n"
		     "  sleep <ms>    sleep (resolution: one 10 ms tick)\n");
}

static void cmd_ps(void)
{
	long n = sys_ps(ps_buf, sizeof(ps_buf) / sizeof(ps_buf[0]));
	if (n < 0) {
		printf("ps: %s\n", error_name(n));
		return;
	}
	printf("%5s %5s  %-8s %3s  %s\n", "PID", "TID", "STATE", "CPU",
	       "NAME");
	for (long i = 0; i < n; i++) {
		const struct ps_entry *e = &ps_buf[i];
		char tid[24] = "-", cpu[12] = "-";
		if (e->tid)
			snprintf(tid, sizeof(tid), "%lu",
				 (unsigned long)e->tid);
		if (e->cpu != PS_CPU_NONE)
			snprintf(cpu, sizeof(cpu), "%u", e->cpu);
		printf("%5lu %5s  %-8s %3s  %.*s\n", (unsigned long)e->pid,
		       tid, state_name(e->state), cpu, (int)PS_NAME_MAX,
		       e->name);
	}
	if (n == (long)(sizeof(ps_buf) / sizeof(ps_buf[0])))
		puts_console("(list cut short)\n");
}

static unsigned length(const char *s)
{
	unsigned n = 0;
	while (s[n])
		n++;
	return n;
}

static void cmd_run(const char *module)
{
	if (!*module) {
		puts_console("usage: run <module>\n");
		return;
	}
	long pid = sys_spawn(module, length(module), HANDLE_INVALID);
	if (pid < 0)
		printf("run: %s: %s\n", module, error_name(pid));
	else
		printf("run: started %s as pid %ld\n", module, pid);
}

static void cmd_sleep(const char *arg)
{
	uint64_t ms = 0;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && ms < 1000000000ull; p++)
		ms = ms * 10 + (uint64_t)(*p - '0');
	if (p == arg || *p) {
		puts_console("usage: sleep <ms>\n");
		return;
	}
	sys_sleep(ms * 1000000ull);
	printf("slept %lu ms\n", (unsigned long)ms);
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void run_line(char *line)
{
	char *cmd = line;
	while (*cmd == ' ')
		cmd++;
	char *arg = cmd;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	char *end = arg + length(arg);
	while (end > arg && end[-1] == ' ')
		*--end = '\0';
	if (!*cmd)
		return;
	if (same(cmd, "help"))
		cmd_help();
	else if (same(cmd, "ps"))
		cmd_ps();
	else if (same(cmd, "run"))
		cmd_run(arg);
	else if (same(cmd, "sleep"))
		cmd_sleep(arg);
	else
		printf("unknown command: %s\n", cmd);
}

int main(void)
{
	syscall_checks();
	puts_console(checks_ok ? "init: syscall argument checks ok\n"
			       : "init: syscall argument checks FAILED\n");
	puts_console("init: ready\n");
	static char line[128];
	for (;;) {
		puts_console("> ");
		read_line(line, sizeof(line));
		run_line(line);
	}
}
