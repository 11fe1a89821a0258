/*
 * Boot flow of the generic kernel, top to bottom:
 *   arch entry (stack, relocation, bss) -> kernel_main: FDT check ->
 *   kernel page tables, MMU on, jump to the upper half -> kernel_start:
 *   FDT -> console -> memory and CPUs -> firmware/arch -> interrupt
 *   controller and IPI provider -> timer -> boot CPU online -> other CPUs
 *   -> boot checks -> idle.
 * Everything about the machine comes from the FDT the boot loader passed.
 */
#include "kernel/arch.h"
#include "kernel/boot_checks.h"
#include "kernel/boot_modules.h"
#include "kernel/bootargs.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/driver.h"
#include "kernel/fdt.h"
#include "kernel/ipi.h"
#include "kernel/irq.h"
#include "kernel/memory.h"
#include "kernel/page_alloc.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/vm.h"

static struct fdt boot_fdt;

/* The largest blob we accept; real trees are tens of KiB. */
#define FDT_SIZE_LIMIT (2u * 1024 * 1024)

static void print_fdt_summary(const struct fdt *fdt)
{
	const char *model = fdt_getprop_string(fdt, fdt_root(fdt), "model");
	printk("fdt: model=\"%s\" cpus=%u mem=%luMiB\n", model ? model : "?",
	       cpu_count, (unsigned long)(mem_map.ram_total >> 20));
	for (unsigned i = 0; i < mem_map.nram; i++)
		printk("mem: ram %lx-%lx\n", (unsigned long)mem_map.ram[i].base,
		       (unsigned long)(mem_map.ram[i].base +
				       mem_map.ram[i].size));
	for (unsigned i = 0; i < mem_map.nreserved; i++)
		printk("mem: reserved %lx-%lx\n",
		       (unsigned long)mem_map.reserved[i].base,
		       (unsigned long)(mem_map.reserved[i].base +
				       mem_map.reserved[i].size));
}

void syscalls_init(void);

/* The first user process: the "init" boot module. Tests may name one more
 * module to start beside it with bootargs "run=<module>". */
static void start_init(void)
{
	int err;
	syscalls_init();
	if (!process_spawn_module("init", 0, &err))
		printk("kernel: cannot start init: error %d\n", err);
	char extra[32];
	if (bootarg_get("run", extra, sizeof(extra)) &&
	    !process_spawn_module(extra, 0, &err))
		printk("kernel: cannot start %s: error %d\n", extra, err);
}

/* Tests ask for a deliberate failure through bootargs, to prove the panic
 * path: "test=panic" (a panic call) or "test=trap" (an illegal
 * instruction). */
static void maybe_self_destruct(void)
{
	char what[16];
	if (!bootarg_get("test", what, sizeof(what)))
		return;
	if (!strcmp(what, "panic"))
		panic("requested by bootargs test=panic");
	if (!strcmp(what, "trap"))
		arch_trigger_illegal_instruction();
}

/* Carried across the switch to the upper half as plain numbers: a pointer
 * stored before the switch would still hold a physical address after it. */
static uint64_t boot_hwid_arg;
static paddr_t boot_fdt_pa;

static int fdt_open(struct fdt *fdt, const void *blob)
{
	uint32_t size = fdt_header_totalsize(blob);
	return fdt_init(fdt, blob, size < FDT_SIZE_LIMIT ? size : 0);
}

static _Noreturn void kernel_start(uintptr_t unused);

/* MMU off, physical addresses, nothing initialised but .bss. */
_Noreturn void kernel_main(uint64_t boot_hwid, const void *fdt_blob)
{
	struct fdt early;
	if (fdt_open(&early, fdt_blob))
		arch_halt();  /* no tree, so no console to say why */
	boot_hwid_arg = boot_hwid;
	boot_fdt_pa = (paddr_t)(uintptr_t)fdt_blob;
	vm_boot_switch(&early, kernel_start, 0);
}

/* Upper half, MMU on. */
static _Noreturn void kernel_start(uintptr_t unused)
{
	(void)unused;
	struct fdt *fdt = &boot_fdt;
	uint64_t boot_hwid = boot_hwid_arg;
	const void *fdt_blob = phys_to_virt(boot_fdt_pa);
	if (fdt_open(fdt, fdt_blob))
		arch_halt();
	arch_set_this_cpu(&cpus[0]);
	if (console_init(fdt))
		arch_halt();
	printk("\nkernel: booting on cpu hwid 0x%lx, fdt at 0x%lx, image at "
	       "0x%lx (mapped at %p)\n", (unsigned long)boot_hwid,
	       (unsigned long)boot_fdt_pa,
	       (unsigned long)virt_to_phys(__image_start), __image_start);
	bootargs_init(fdt);
	if (bootargs()[0])
		printk("kernel: bootargs \"%s\"\n", bootargs());

	int err = cpus_discover(fdt, boot_hwid);
	if (err)
		panic("boot cpu hwid 0x%lx not in /cpus (%s)",
		      (unsigned long)boot_hwid, fdt_strerror(err));
	err = memory_discover(fdt, boot_fdt_pa);
	if (err)
		panic("no usable /memory node (%s)", fdt_strerror(err));
	print_fdt_summary(fdt);
	page_alloc_init(&mem_map);
	struct page_alloc_stats pa;
	page_alloc_stats(&pa);
	printk("mem: %lu KiB free of %lu KiB in page allocator\n",
	       (unsigned long)(pa.free_pages * (PAGE_SIZE / 1024)),
	       (unsigned long)(pa.total_pages * (PAGE_SIZE / 1024)));

	err = arch_platform_init(fdt);
	if (err)
		panic("arch platform init failed: %d", err);
	if (!drivers_probe_class(fdt, DRIVER_IRQCHIP))
		printk("irq: no interrupt controller driver matched\n");
	drivers_probe_class(fdt, DRIVER_IPI);
	if (irqchip() && irqchip()->describe)
		printk("irq: %s\n", irqchip()->describe());
	printk("ipi: method %s\n", ipi_method());
	err = timer_init(fdt);
	if (err)
		panic("no usable timer (%d)", err);
	printk("timer: method %s, counter %lu Hz, tick %u Hz\n",
	       arch_timer_method(), (unsigned long)timer_hz(),
	       TIMER_TICK_HZ);

	cpu_bring_online(&cpus[0]);
	timer_cpu_start();
	unsigned online = smp_boot(fdt);
	printk("smp: %u/%u cpus online\n", online, cpu_count);

	boot_check_ipi();
	boot_check_timer();
	atomic_store(&boot_checks_done, true);
	boot_check_sched();
	boot_modules_init(fdt);  /* prints "initrd: ..." lines */
	maybe_self_destruct();
	printk("kernel: boot checks done, %u cpus idle\n", online);
	start_init();
	sched_idle_loop();
}
