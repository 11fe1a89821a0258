/* SBI calls: the firmware interface below S-mode. */
#include "arch/sbi.h"

#include "kernel/printk.h"

static bool have_time, have_ipi, have_hsm;

struct sbiret sbi_call(unsigned long ext, unsigned long fid,
		       unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){ (long)r_a0, (long)r_a1 };
}

bool sbi_probe(unsigned long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
	return r.error == 0 && r.value != 0;
}

int sbi_init(void)
{
	struct sbiret v = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
	if (v.error)
		return -1;
	have_time = sbi_probe(SBI_EXT_TIME);
	have_ipi = sbi_probe(SBI_EXT_IPI);
	have_hsm = sbi_probe(SBI_EXT_HSM);
	printk("sbi: spec %lu.%lu, time=%d ipi=%d hsm=%d\n",
	       (unsigned long)(v.value >> 24) & 0x7f,
	       (unsigned long)v.value & 0xffffff, have_time, have_ipi,
	       have_hsm);
	if (!have_hsm || !have_ipi)
		return -2;
	return 0;
}

long sbi_hart_start(unsigned long hartid, unsigned long start,
		    unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start, opaque).error;
}

void sbi_set_timer(uint64_t when)
{
	if (have_time)
		sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
	else
		sbi_call(0x0, 0, when, 0, 0);  /* legacy set_timer */
}

long sbi_send_ipi(unsigned long mask, unsigned long base)
{
	return sbi_call(SBI_EXT_IPI, 0, mask, base, 0).error;
}
