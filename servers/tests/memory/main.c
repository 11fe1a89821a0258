/*
 * memory-test: the memory syscalls (uapi/memory.h) from user mode.
 *
 * 1. map / write / read back, all-or-nothing map, protect, execute code
 *    written into a mapping, unmap (with holes), exhaustion without leaks;
 *    the kernel's checked copies (SYS_CONSOLE_WRITE) must see every unmap;
 * 2. every bad argument of every memory syscall gets its documented error;
 * 3. a garbage pass: every syscall number with bad pointers and huge
 *    lengths must return an error and leave the kernel up;
 * 4. other CPUs' TLBs: a second thread (on another CPU once the
 *    scheduler spreads them) caches a translation; after unmap + reuse of
 *    the frame it must see the new page, and after protect a write must
 *    fault (ending that thread; the harness checks the kernel's report);
 * 5. last, the main thread's own write to a page it made read-only must
 *    fault (ending it).
 */
#include <stdbool.h>
#include <stdint.h>

#include "sys/console.h"
#include "sys/memory.h"
#include "sys/syscall.h"

#define PAGE MEM_PAGE_SIZE
#define R MEM_PROT_READ
#define W MEM_PROT_WRITE
#define X MEM_PROT_EXEC

/* Free user addresses, far from the program (0x400000) and its stack. */
#define BASE 0x1000000000ul
#define LOOP_BASE 0x1100000000ul
#define CODE_BASE 0x1200000000ul
#define NOMEM_BASE 0x1400000000ul
#define RO_BASE 0x2000000000ul

static unsigned failures;

static void put_dec(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf);
	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_console(&buf[i]);
}

static void put_hex(unsigned long v)
{
	char buf[20];
	int i = sizeof(buf);
	buf[--i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	puts_console(&buf[i]);
}

static void put_signed(long v)
{
	if (v < 0) {
		puts_console("-");
		put_dec((unsigned long)-v);
	} else {
		put_dec((unsigned long)v);
	}
}

static void fail(const char *what, long got, long want)
{
	failures++;
	puts_console("memory: FAILED ");
	puts_console(what);
	puts_console(": got ");
	put_signed(got);
	puts_console(", want ");
	put_signed(want);
	puts_console("\n");
}

static void expect(const char *what, long got, long want)
{
	if (got != want)
		fail(what, got, want);
}

static void *at(unsigned long va)
{
	return (void *)va;
}

/* Is va unreachable for the kernel's checked copy? (len 1: a mapped
 * byte would be printed, so callers use this only where they expect
 * nothing mapped.) */
static bool gone(unsigned long va)
{
	return sys_console_write(at(va), 1) == -E_FAULT;
}

/* Each word's value depends on its address, so any part of a filled
 * range can be checked on its own. */
static uint64_t pattern(unsigned long addr, uint64_t seed)
{
	return seed ^ (addr * 0x9e3779b97f4a7c15ull);
}

static void fill(unsigned long va, unsigned long len, uint64_t seed)
{
	for (unsigned long a = va; a < va + len; a += 8)
		*(volatile uint64_t *)at(a) = pattern(a, seed);
}

static bool holds(unsigned long va, unsigned long len, uint64_t seed)
{
	for (unsigned long a = va; a < va + len; a += 8)
		if (*(volatile uint64_t *)at(a) != pattern(a, seed))
			return false;
	return true;
}

static bool zero(unsigned long va, unsigned long len)
{
	volatile uint64_t *p = at(va);
	for (unsigned long i = 0; i < len / 8; i++)
		if (p[i])
			return false;
	return true;
}

static void check(const char *what, bool ok)
{
	if (!ok)
		fail(what, 0, 1);
}

static void test_map_rw(void)
{
	expect("map 4 pages", sys_map(at(BASE), 4 * PAGE, R | W), 0);
	check("fresh pages are zero", zero(BASE, 4 * PAGE));
	fill(BASE, 4 * PAGE, 0x1234);
	check("pages read back", holds(BASE, 4 * PAGE, 0x1234));
	/* Overlap: refused, nothing of it left mapped, old data intact. */
	expect("map over a mapping", sys_map(at(BASE), PAGE, R | W), -E_BUSY);
	expect("map partly over a mapping",
	       sys_map(at(BASE + 3 * PAGE), 3 * PAGE, R | W), -E_BUSY);
	check("refused map left nothing", gone(BASE + 4 * PAGE) &&
						  gone(BASE + 5 * PAGE));
	check("refused map kept the data", holds(BASE, 4 * PAGE, 0x1234));
}

static void test_protect(void)
{
	expect("protect read-only", sys_protect(at(BASE), 4 * PAGE, R), 0);
	check("read-only pages keep data", holds(BASE, 4 * PAGE, 0x1234));
	expect("protect rx", sys_protect(at(BASE), 4 * PAGE, R | X), 0);
	check("rx pages keep data", holds(BASE, 4 * PAGE, 0x1234));
	expect("protect exec-only", sys_protect(at(BASE), PAGE, X), 0);
	expect("protect back to rw", sys_protect(at(BASE), 4 * PAGE, R | W),
	       0);
	fill(BASE, 4 * PAGE, 0x5678);
	check("writable again", holds(BASE, 4 * PAGE, 0x5678));
	/* W implies R. */
	expect("protect write-only", sys_protect(at(BASE), PAGE, W), 0);
	check("write-only page readable", holds(BASE, PAGE, 0x5678));
	/* A hole in the range: refused and nothing changed (the writes
	 * below would fault if the first pages had become read-only). */
	expect("protect over a hole",
	       sys_protect(at(BASE), 6 * PAGE, R), -E_FAULT);
	expect("protect of unmapped", sys_protect(at(BASE + 8 * PAGE), PAGE, R),
	       -E_FAULT);
	fill(BASE, 4 * PAGE, 0x9abc);
	check("refused protect changed nothing", holds(BASE, 4 * PAGE, 0x9abc));
	expect("protect w+x", sys_protect(at(BASE), PAGE, W | X), -E_INVAL);
}

/* Code written through a writable mapping, then made executable. */
static void test_exec(void)
{
#if defined(__riscv)
	static const uint32_t code[] = { 0x02a00513,   /* li a0, 42 */
					 0x00008067 }; /* ret */
#else
	static const uint32_t code[] = { 0x52800540,   /* mov w0, #42 */
					 0xd65f03c0 }; /* ret */
#endif
	expect("map code page", sys_map(at(CODE_BASE), PAGE, R | W), 0);
	volatile uint32_t *p = at(CODE_BASE);
	for (unsigned i = 0; i < 2; i++)
		p[i] = code[i];
	expect("map w+x", sys_map(at(CODE_BASE + PAGE), PAGE, R | W | X),
	       -E_INVAL);
	expect("protect code rx", sys_protect(at(CODE_BASE), PAGE, R | X), 0);
	int (*fn)(void) = (int (*)(void))CODE_BASE;
	expect("run code from a mapping", fn(), 42);
	/* Rewrite it: rw again, new constant, rx, run. */
	expect("protect code rw", sys_protect(at(CODE_BASE), PAGE, R | W), 0);
#if defined(__riscv)
	p[0] = 0x00700513;   /* li a0, 7 */
#else
	p[0] = 0x528000e0;   /* mov w0, #7 */
#endif
	expect("protect code rx again",
	       sys_protect(at(CODE_BASE), PAGE, R | X), 0);
	expect("run rewritten code", fn(), 7);
	expect("unmap code page", sys_unmap(at(CODE_BASE), PAGE), 0);
}

static void test_unmap(void)
{
	expect("unmap middle", sys_unmap(at(BASE + PAGE), 2 * PAGE), 0);
	check("unmapped pages gone to the kernel",
	      gone(BASE + PAGE) && gone(BASE + 2 * PAGE));
	check("neighbours kept", holds(BASE, PAGE, 0x9abc) &&
					 holds(BASE + 3 * PAGE, PAGE, 0x9abc));
	expect("unmap with holes", sys_unmap(at(BASE), 16 * PAGE), 0);
	check("all gone", gone(BASE) && gone(BASE + 3 * PAGE));
	expect("unmap nothing", sys_unmap(at(BASE), 16 * PAGE), 0);
	expect("unmap a huge empty range",
	       sys_unmap(at(BASE), MEM_LEN_MAX), 0);
	/* The range is free again and comes back zeroed. */
	expect("map again", sys_map(at(BASE), 2 * PAGE, R | W), 0);
	check("remapped pages are zero", zero(BASE, 2 * PAGE));
	expect("unmap again", sys_unmap(at(BASE), 2 * PAGE), 0);
}

/* Map, touch, protect, unmap, check, many times over a few addresses:
 * the local TLB must follow each change (yields let the scheduler run). */
static void test_loop(void)
{
	for (unsigned i = 0; i < 200; i++) {
		unsigned long va = LOOP_BASE + (i % 4) * 8 * PAGE;
		if (sys_map(at(va), 2 * PAGE, R | W)) {
			fail("loop map", (long)i, -1);
			return;
		}
		if (!zero(va, 2 * PAGE)) {
			fail("loop map not zero", (long)i, -1);
			return;
		}
		fill(va, 2 * PAGE, i);
		sys_yield();
		if (sys_protect(at(va), 2 * PAGE, R) || !holds(va, 2 * PAGE, i)) {
			fail("loop protect", (long)i, -1);
			return;
		}
		sys_yield();
		if (sys_unmap(at(va), 2 * PAGE) || !gone(va) ||
		    !gone(va + PAGE)) {
			fail("loop unmap", (long)i, -1);
			return;
		}
	}
}

/* More than RAM, 1 GiB (MEM_LEN_MAX) at a time until -E_NOMEM: the
 * failing call gives back what it had mapped, and so does unmap (else the
 * second round would get fewer chunks, or the small map after would
 * fail). */
#define NOMEM_CHUNKS 16

static unsigned exhaust(void)
{
	unsigned n = 0;
	while (n < NOMEM_CHUNKS) {
		unsigned long va = NOMEM_BASE + n * MEM_LEN_MAX;
		long r = sys_map(at(va), MEM_LEN_MAX, R | W);
		if (r == -E_NOMEM) {
			check("failed map left nothing",
			      gone(va) && gone(va + MEM_LEN_MAX - PAGE));
			break;
		}
		if (r) {
			fail("map a 1 GiB chunk", r, 0);
			break;
		}
		n++;
	}
	if (n == NOMEM_CHUNKS)
		fail("memory never ran out", (long)n, -1);
	for (unsigned i = 0; i < n; i++)
		expect("unmap a 1 GiB chunk",
		       sys_unmap(at(NOMEM_BASE + i * MEM_LEN_MAX), MEM_LEN_MAX),
		       0);
	return n;
}

static void test_nomem(void)
{
	unsigned first = exhaust();
	unsigned second = exhaust();
	expect("chunks mapped before -E_NOMEM, second round", (long)second,
	       (long)first);
	expect("map after exhaustion", sys_map(at(NOMEM_BASE), 16 * PAGE, R | W),
	       0);
	check("map after exhaustion is zero", zero(NOMEM_BASE, 16 * PAGE));
	expect("unmap after exhaustion",
	       sys_unmap(at(NOMEM_BASE), 16 * PAGE), 0);
}

/* ---- Other CPUs' TLBs, seen from a second thread ----
 * thread_create (80, the IPC area's) starts a thread in this process;
 * the scheduler soon puts it on another CPU, whose TLB then caches what
 * it touches. Flags are shared words in .bss. */
#ifndef SYS_THREAD_CREATE
#define SYS_THREAD_CREATE 80   /* (pc, sp, arg) -> thread id */
#endif

#define STALE_VA 0x1300000000ul
#define DECOY_VA 0x1300100000ul
#define STACKS_VA 0x1300200000ul
#define STACK_SIZE (16 * PAGE)
#define STALE_ROUNDS 20

static unsigned long phase, ack, seen[STALE_ROUNDS];
static unsigned long ro_state;   /* 1: about to write, 2: write succeeded */

static unsigned long load(unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static void store(unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static void wait_for(unsigned long *p, unsigned long v)
{
	while (load(p) != v)
		sys_yield();
}

/* Round r: read the page (so this CPU caches its translation), then wait
 * while the main thread swaps the page under it, then read again. */
static void stale_reader(unsigned long arg)
{
	(void)arg;
	for (unsigned long r = 0; r < STALE_ROUNDS; r++) {
		wait_for(&phase, 2 * r + 1);
		(void)*(volatile unsigned long *)at(STALE_VA);
		store(&ack, 2 * r + 1);
		/* Spin without yielding: a switch could flush the TLB. */
		while (load(&phase) != 2 * r + 2)
			;
		seen[r] = *(volatile unsigned long *)at(STALE_VA);
		store(&ack, 2 * r + 2);
	}
	sys_thread_exit(0);
}

static long start_thread(void (*fn)(unsigned long), unsigned idx)
{
	unsigned long stack = STACKS_VA + idx * 2 * STACK_SIZE;
	long r = sys_map(at(stack), STACK_SIZE, R | W);
	if (r)
		return r;
	return sys_raw(SYS_THREAD_CREATE, (unsigned long)fn,
		       stack + STACK_SIZE, 0, 0, 0, 0);
}

/* Unmap a page another thread's CPU has cached, give its frame to a
 * decoy mapping, map a new frame at the old address: the reader must see
 * the new frame. Without a shootdown of its CPU it would read the decoy. */
static void test_stale_translation(void)
{
	if (start_thread(stale_reader, 0) < 0) {
		fail("start the reader thread", 0, 1);
		return;
	}
	for (unsigned long r = 0; r < STALE_ROUNDS; r++) {
		if (sys_map(at(STALE_VA), PAGE, R | W)) {
			fail("stale: map", (long)r, 0);
			return;
		}
		*(volatile unsigned long *)at(STALE_VA) = 0x1111;
		store(&phase, 2 * r + 1);
		wait_for(&ack, 2 * r + 1);
		expect("stale: unmap", sys_unmap(at(STALE_VA), PAGE), 0);
		/* The freed frame is the allocator's next: the decoy gets it. */
		expect("stale: map decoy", sys_map(at(DECOY_VA), PAGE, R | W), 0);
		*(volatile unsigned long *)at(DECOY_VA) = 0x3333;
		expect("stale: map again", sys_map(at(STALE_VA), PAGE, R | W), 0);
		*(volatile unsigned long *)at(STALE_VA) = 0x2222;
		store(&phase, 2 * r + 2);
		wait_for(&ack, 2 * r + 2);
		expect("stale: other thread sees the new page", (long)seen[r],
		       0x2222);
		expect("stale: unmap decoy", sys_unmap(at(DECOY_VA), PAGE), 0);
		expect("stale: unmap page", sys_unmap(at(STALE_VA), PAGE), 0);
	}
}

/* Write a page, let the main thread make it read-only, write again: the
 * second write must fault and end this thread. */
static void ro_writer(unsigned long arg)
{
	(void)arg;
	volatile unsigned long *p = at(RO_BASE + PAGE);
	*p = 1;   /* this CPU's TLB now holds a writable translation */
	store(&ack, 1);
	while (load(&phase) != 1)
		;
	store(&ro_state, 1);
	*p = 2;
	store(&ro_state, 2);
	sys_thread_exit(0);
}

static void test_read_only_other_thread(void)
{
	store(&phase, 0);
	store(&ack, 0);
	expect("ro: map", sys_map(at(RO_BASE + PAGE), PAGE, R | W), 0);
	if (start_thread(ro_writer, 1) < 0) {
		fail("start the writer thread", 0, 1);
		return;
	}
	wait_for(&ack, 1);
	expect("ro: protect", sys_protect(at(RO_BASE + PAGE), PAGE, R), 0);
	puts_console("memory: other thread writing a read-only page at ");
	put_hex(RO_BASE + PAGE);
	puts_console("\n");
	store(&phase, 1);
	wait_for(&ro_state, 1);
	for (unsigned i = 0; i < 2000 && load(&ro_state) == 1; i++)
		sys_yield();
	expect("ro: other thread's write did not land",
	       (long)*(volatile unsigned long *)at(RO_BASE + PAGE), 1);
	expect("ro: other thread's write faulted", (long)load(&ro_state), 1);
}

struct bad_range {
	const char *what;
	unsigned long va, len;
};

static const struct bad_range bad_ranges[] = {
	{ "misaligned va", BASE + 1, PAGE },
	{ "misaligned len", BASE, 100 },
	{ "len 0", BASE, 0 },
	{ "null va", 0, PAGE },
	{ "va below USER_BASE", USER_BASE - PAGE, PAGE },
	{ "range crosses USER_BASE", USER_BASE - PAGE, 2 * PAGE },
	{ "va at USER_TOP", USER_TOP, PAGE },
	{ "range crosses USER_TOP", USER_TOP - PAGE, 2 * PAGE },
	{ "wrap", USER_TOP - PAGE, -(USER_TOP - PAGE) },
	{ "wrap to 0", BASE, 0ul - BASE },
	{ "top page of the address space", 0ul - PAGE, PAGE },
	{ "riscv kernel va", 0xffffffc000000000ul, PAGE },
	{ "arm64 kernel va", 0xffff000000000000ul, PAGE },
	{ "len above MEM_LEN_MAX", BASE, MEM_LEN_MAX + PAGE },
	{ "huge len", BASE, 1ul << 62 },
};

static void test_bad_args(void)
{
	for (unsigned i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]);
	     i++) {
		const struct bad_range *b = &bad_ranges[i];
		expect(b->what, sys_map(at(b->va), b->len, R | W), -E_INVAL);
		expect(b->what, sys_unmap(at(b->va), b->len), -E_INVAL);
		expect(b->what, sys_protect(at(b->va), b->len, R), -E_INVAL);
	}
	static const unsigned long bad_prot[] = {
		0, W | X, R | W | X, 8, 16, 0x80000001ul, ~0ul,
		(1ul << 32) | R,
	};
	for (unsigned i = 0; i < sizeof(bad_prot) / sizeof(bad_prot[0]); i++) {
		expect("map bad prot", sys_raw(SYS_MAP, BASE, PAGE, bad_prot[i],
					       0, 0, 0), -E_INVAL);
		expect("protect bad prot",
		       sys_raw(SYS_PROTECT, BASE, PAGE, bad_prot[i], 0, 0, 0),
		       -E_INVAL);
	}
	/* A refused map must not have mapped anything. */
	check("bad-argument maps left nothing", gone(BASE));
}

/* Syscalls the garbage pass leaves out: it cannot return (thread exit),
 * it takes no arguments and succeeds (yield, object creation), or it
 * blocks (console read, sleep). The IPC calls that block are kept: this
 * process holds no handles (it never creates one), so they fail at the
 * handle check. */
static bool garbage_skip(unsigned nr)
{
	switch (nr) {
	case SYS_THREAD_EXIT:
	case SYS_YIELD:
	case 18:   /* SYS_ENDPOINT_CREATE: () -> handle */
	case 19:   /* SYS_NOTIFICATION_CREATE: () -> handle */
	case 48:   /* SYS_CONSOLE_READ: blocks for input */
	case 49:   /* SYS_SLEEP: a garbage duration sleeps for ever */
		return true;
	}
	return false;
}

static void test_garbage(void)
{
	static const unsigned long ptrs[] = {
		0,                          /* null */
		USER_BASE,                  /* user, unmapped */
		USER_TOP - 8,               /* user, unmapped, near the top */
		0xffffffc000000000ul,       /* riscv64 kernel direct map */
		0xffff000000000000ul,       /* arm64 kernel direct map */
		USER_BASE + 1,              /* misaligned, unmapped */
		0xffffffc000000001ul,       /* misaligned kernel */
		~0ul,
	};
	static const unsigned long lens[] = {
		8, 1ul << 40, ~0ul, 1ul << 63,
	};
	unsigned long calls = 0, bad = 0;
	unsigned present = 0;
	for (unsigned nr = 0; nr < SYS_COUNT; nr++) {
		if (garbage_skip(nr))
			continue;
		bool exists = false;
		for (unsigned p = 0; p < sizeof(ptrs) / sizeof(ptrs[0]); p++) {
			for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]);
			     l++) {
				unsigned long a = ptrs[p], b = lens[l];
				/* (ptr, len, ...) and (len, ptr, ...) */
				long r1 = sys_raw(nr, a, b, a, b, a, b);
				long r2 = sys_raw(nr, b, a, b, a, b, a);
				calls += 2;
				exists |= r1 != -E_NOSYS || r2 != -E_NOSYS;
				for (int k = 0; k < 2; k++) {
					long r = k ? r2 : r1;
					/* Null as a length is a legal no-op. */
					if (k && !a)
						continue;
					if (r >= 0) {
						if (bad++ < 8) {
							puts_console(
								"memory: FAILED garbage syscall ");
							put_dec(nr);
							puts_console(" args ");
							put_hex(k ? b : a);
							puts_console(" ");
							put_hex(k ? a : b);
							puts_console(" returned ");
							put_signed(r);
							puts_console("\n");
						}
					}
				}
			}
		}
		present += exists;
	}
	if (bad) {
		failures++;
		puts_console("memory: FAILED garbage pass: ");
		put_dec(bad);
		puts_console(" calls did not fail\n");
		return;
	}
	puts_console("memory: garbage pass ok (");
	put_dec(calls);
	puts_console(" calls)\n");
	puts_console("memory: garbage pass reached ");
	put_dec(present);
	puts_console(" syscalls\n");
}

/* Last: ends this thread when protect works. */
static void test_read_only_faults(void)
{
	if (sys_map(at(RO_BASE), PAGE, R | W)) {
		fail("map for the read-only write", 0, 0);
		return;
	}
	volatile unsigned long *p = at(RO_BASE);
	*p = 1;   /* the TLB now holds a writable translation */
	if (sys_protect(at(RO_BASE), PAGE, R)) {
		fail("protect for the read-only write", 0, 0);
		return;
	}
	puts_console("memory: writing a read-only page at ");
	put_hex(RO_BASE);
	puts_console("\n");
	*p = 2;
	puts_console("memory: FAILED: a write to a read-only page succeeded\n");
}

int main(void)
{
	test_map_rw();
	test_protect();
	test_exec();
	test_unmap();
	test_loop();
	test_nomem();
	test_bad_args();
	test_stale_translation();
	test_read_only_other_thread();
	if (!failures)
		puts_console("memory: all checks ok\n");
	else {
		puts_console("memory: ");
		put_dec(failures);
		puts_console(" checks FAILED\n");
	}
	test_garbage();
	test_read_only_faults();
	return 0;
}
