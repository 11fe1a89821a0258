/*
 * The panic path: the first CPU to panic prints what happened (CPU, cause,
 * addresses, backtrace), asks every other CPU to stop by IPI, waits a
 * bounded time for them, and halts. A second CPU panicking meanwhile just
 * stops, so the first report is never interleaved.
 */
#include "kernel/panic.h"

#include <stdarg.h>

#include "kernel/arch.h"
#include "kernel/cpu.h"
#include "kernel/ipi.h"
#include "kernel/printk.h"
#include "kernel/timer.h"

static _Atomic int panicking = -1;   /* id of the CPU reporting */
static _Atomic unsigned stopped;

static unsigned my_id(void)
{
	struct cpu *c = arch_this_cpu();
	return c ? c->id : 0;
}

_Noreturn void panic_stop_this_cpu(void)
{
	arch_irq_save();
	atomic_fetch_add(&stopped, 1);
	arch_halt();
}

static void backtrace(uintptr_t fp)
{
	uintptr_t lo = (uintptr_t)__image_start, hi = ~(uintptr_t)0;
	printk_unlocked("panic: backtrace (image at %p):\n", __image_start);
	for (int depth = 0; depth < 32; depth++) {
		uintptr_t ra;
		if (!arch_backtrace_next(&fp, &ra, lo, hi))
			break;
		printk_unlocked("panic:   #%d %p (image+0x%lx)\n", depth,
				(void *)ra, (unsigned long)(ra - lo));
	}
}

static _Noreturn void stop_others_and_halt(void)
{
	unsigned me = my_id(), others = 0;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == me || !atomic_load(&cpus[i].online))
			continue;
		others++;
		ipi_send(&cpus[i], IPI_MSG_STOP);
	}
	/* Bounded wait: ~1 s of counter time, or a spin count if the timer
	 * is not set up yet. */
	uint64_t hz = timer_hz(), start = hz ? timer_now() : 0;
	for (unsigned long spin = 0; atomic_load(&stopped) < others; spin++) {
		if (hz ? timer_now() - start > hz : spin > 100000000ul)
			break;
		arch_cpu_relax();
	}
	printk_unlocked("panic: %u/%u other cpus stopped; system halted\n",
			atomic_load(&stopped), others);
	arch_halt();
}

static bool claim(void)
{
	int expect = -1;
	return atomic_compare_exchange_strong(&panicking, &expect,
					      (int)my_id());
}

_Noreturn void panic(const char *fmt, ...)
{
	arch_irq_save();
	if (!claim())
		panic_stop_this_cpu();
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintk(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_unlocked("\npanic: cpu %u: %s\n", my_id(), msg);
	backtrace(arch_frame_pointer());
	stop_others_and_halt();
}

_Noreturn void kernel_fatal_trap(const char *cause, uint64_t code,
				 uintptr_t pc, uintptr_t addr, uintptr_t fp)
{
	arch_irq_save();
	if (!claim())
		panic_stop_this_cpu();
	printk_unlocked("\npanic: cpu %u: unhandled trap: %s (code 0x%lx) "
			"pc=%p addr=%p\n",
			my_id(), cause, (unsigned long)code, (void *)pc,
			(void *)addr);
	printk_unlocked("panic:   pc = %p (image+0x%lx)\n", (void *)pc,
			(unsigned long)(pc - (uintptr_t)__image_start));
	backtrace(fp);
	stop_others_and_halt();
}
