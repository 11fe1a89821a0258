/*
 * Host tests of kernel/page_alloc.c over a fake RAM.
 *
 * The "physical" address space is made up (ranges near FAKE_PA); an
 * aligned malloc'd arena backs it and vm_phys_offset points phys_to_virt
 * into the arena, so the allocator runs unchanged. The arena starts full
 * of garbage, as real RAM would; the garbage bytes look like page states
 * (free or allocated, some order), so a state byte read from outside a
 * range's state array changes behaviour and shows up. One scenario makes
 * that garbage the worst case: every byte reads like the free buddy of the
 * range's top block.
 *
 * An independent reference (ref_usable) says, page by page, which pages
 * the allocator may hand out: whole pages of the first RAM range touching
 * them, touching no reservation, below that range's early_alloc floor, not
 * page 0. The allocator also keeps its metadata in each range (9 bytes per
 * page of the range's span), so it manages ceil(9 * span / 4096) pages
 * fewer per range; the expected total accounts for that and everything
 * else is checked against the reference. Each handed-out page is checked (usable, not owned,
 * zeroed), tagged, and the tags are checked again when it is freed.
 *
 * Usage: test_page_alloc [seed]. Prints one line per check and
 * "N passed, N failed"; exits non-zero on failure.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/page_alloc.h"

extern unsigned host_printk_calls;

#define PG 4096ull
#define FAKE_PA 0x80000000ull
#define MiB (1024ull * 1024)

static unsigned passed, failed;

static bool check(bool ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		passed++;
		printf("ok   %s\n", name);
		return true;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

/* ---- Fake RAM ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}


static uint8_t *arena;
static uint64_t arena_pa, arena_pages;
static uint8_t *owned;     /* per arena page: handed out and not freed */
static bool *usable;       /* per arena page: ref_usable */

static void add_ram(struct mem_map *m, uint64_t base, uint64_t size)
{
	m->ram[m->nram++] = (struct mem_range){ base, size };
	m->ram_total += size;
}

static void add_rsv(struct mem_map *m, uint64_t base, uint64_t size)
{
	m->reserved[m->nreserved++] = (struct mem_range){ base, size };
}

static bool touches(uint64_t lo, uint64_t hi, uint64_t base, uint64_t size)
{
	uint64_t end = base + size < base ? UINT64_MAX : base + size;
	return size && lo < end && base < hi;
}

static bool ref_usable(const struct mem_map *m, uint64_t pfn)
{
	uint64_t lo = pfn * PG, hi = lo + PG;
	if (pfn == 0)
		return false;
	for (unsigned r = 0; r < m->nreserved; r++)
		if (touches(lo, hi, m->reserved[r].base, m->reserved[r].size))
			return false;
	for (unsigned i = 0; i < m->nram; i++) {
		const struct mem_range *ram = &m->ram[i];
		if (!touches(lo, hi, ram->base, ram->size))
			continue;
		/* The first range touching the page owns it. */
		if (lo < ram->base || hi > ram->base + ram->size)
			return false;
		if (m->early_floor[i] && hi > (m->early_floor[i] & ~(PG - 1)))
			return false;
		return true;
	}
	return false;
}

/* Set up the arena for [pa, pa + size), compute the reference and the
 * totals the allocator should report. */
static uint64_t expect_total;
static unsigned expect_ranges;

/* GARBAGE_FREE9: every byte reads "free, order 9". */
enum garbage { GARBAGE_RANDOM, GARBAGE_FREE9 };

static void setup(const struct mem_map *m, uint64_t pa, uint64_t size,
		  enum garbage garbage)
{
	free(arena);
	free(owned);
	free(usable);
	arena = aligned_alloc(PG, size);
	arena_pa = pa;
	arena_pages = size / PG;
	owned = calloc(arena_pages, 1);
	usable = calloc(arena_pages, sizeof(bool));
	if (!arena || !owned || !usable) {
		fprintf(stderr, "out of host memory\n");
		exit(2);
	}
	for (uint64_t i = 0; i < size; i++) {
		unsigned r = (unsigned)(rnd() >> 32) % (2 * (PAGE_ORDER_MAX + 1));
		arena[i] = (uint8_t)((r & 1 ? 0x80 : 0x40) | (r >> 1));
		if (garbage == GARBAGE_FREE9)
			arena[i] = 0x40 | 9;
	}
	vm_phys_offset = (uintptr_t)arena - (uintptr_t)pa;

	uint64_t n = 0;
	for (uint64_t p = 0; p < arena_pages; p++) {
		usable[p] = ref_usable(m, pa / PG + p);
		n += usable[p];
	}
	expect_ranges = 0;
	for (unsigned i = 0; i < m->nram; i++) {
		uint64_t lo = (m->ram[i].base + PG - 1) / PG;
		uint64_t hi = (m->ram[i].base + m->ram[i].size) / PG;
		bool any = false;
		for (uint64_t p = lo; p < hi; p++)
			if (p >= pa / PG && p - pa / PG < arena_pages &&
			    usable[p - pa / PG])
				any = true;
		if (hi > lo && any) {
			uint64_t meta = ((hi - lo) * 9 + PG - 1) / PG;
			n -= meta;
			expect_ranges++;
		}
	}
	expect_total = n;
}

/* ---- Per-block checks ---------------------------------------------------- */

/* A fresh block: aligned, every page usable and not owned, zeroed (fully,
 * or at the places earlier owners tag). Marks it owned and tags it. */
static const char *take_block(uint64_t pa, unsigned order, bool full_zero)
{
	uint64_t n = 1ull << order;
	if (pa % (PG << order))
		return "not aligned to its size";
	if (pa < arena_pa || (pa - arena_pa) / PG + n > arena_pages)
		return "outside the arena";
	uint64_t first = (pa - arena_pa) / PG;
	for (uint64_t p = first; p < first + n; p++) {
		if (!usable[p])
			return "a reserved/unusable page handed out";
		if (__atomic_exchange_n(&owned[p], 1, __ATOMIC_RELAXED))
			return "a page handed out twice";
		uint8_t *v = arena + p * PG;
		if (full_zero) {
			for (unsigned i = 0; i < PG; i++)
				if (v[i])
					return "page not zeroed";
		} else {
			static const uint8_t zero[16];
			if (memcmp(v, zero, 16) || memcmp(v + PG / 2, zero, 8) ||
			    memcmp(v + PG - 16, zero, 16))
				return "page not zeroed";
		}
		uint64_t tag = (arena_pa / PG + p) ^ 0x5a5a5a5a5a5a5a5aull;
		memcpy(v, &tag, 8);
		memcpy(v + PG - 8, &tag, 8);
	}
	return 0;
}

/* Before a free: tags intact (nobody else wrote the block), then unowned. */
static const char *give_block(uint64_t pa, unsigned order)
{
	uint64_t first = (pa - arena_pa) / PG;
	for (uint64_t p = first; p < first + (1ull << order); p++) {
		uint64_t tag = (arena_pa / PG + p) ^ 0x5a5a5a5a5a5a5a5aull, a, b;
		memcpy(&a, arena + p * PG, 8);
		memcpy(&b, arena + p * PG + PG - 8, 8);
		if (a != tag || b != tag)
			return "block overwritten while allocated";
		__atomic_store_n(&owned[p], 0, __ATOMIC_RELAXED);
	}
	return 0;
}

static struct page_alloc_stats stats(void)
{
	struct page_alloc_stats s;
	page_alloc_stats(&s);
	return s;
}

static bool same_blocks(const struct page_alloc_stats *a,
			const struct page_alloc_stats *b, char *why,
			size_t whylen)
{
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++)
		if (a->free_blocks[k] != b->free_blocks[k]) {
			snprintf(why, whylen, "order %u: %lu free blocks, "
				 "%lu after init", k,
				 (unsigned long)a->free_blocks[k],
				 (unsigned long)b->free_blocks[k]);
			return false;
		}
	return true;
}

/* ---- Scenarios ----------------------------------------------------------- */

/* Several ranges, unaligned ends, overlap, a hole, reservations across
 * ranges, early_alloc floors, a one-page range, a fully reserved range, a
 * reservation that would wrap. */
static uint64_t main_scenario(struct mem_map *m)
{
	memset(m, 0, sizeof(*m));
	add_ram(m, FAKE_PA, 8 * MiB);                        /* 0 */
	add_ram(m, FAKE_PA + 0xa00800, 0x301800);           /* 1: unaligned */
	add_ram(m, FAKE_PA + 0xe00000, 5 * MiB);             /* 2 */
	add_ram(m, FAKE_PA + 0x700000, 2 * MiB);             /* 3: overlaps 0 */
	add_ram(m, FAKE_PA + 0x1400000, PG);                 /* 4: one page */
	add_ram(m, FAKE_PA + 0x1500000, 0x10000);            /* 5: reserved */
	add_ram(m, FAKE_PA + 0x1600000, 3 * PG);             /* 6: odd top */
	add_rsv(m, FAKE_PA, 0x40000);                        /* firmware */
	add_rsv(m, FAKE_PA + 0x200000, 0x123456);            /* kernel */
	add_rsv(m, FAKE_PA + 0x7f0100, 0x2000);              /* fdt */
	add_rsv(m, FAKE_PA + 0xcff000, 0x104000);            /* across 1, 2 */
	add_rsv(m, FAKE_PA + 0x1500000, 0x10000);
	add_rsv(m, FAKE_PA + 0x1f00000, MiB);                /* not in RAM */
	add_rsv(m, 0xfffffffffffff000ull, 0x2000);           /* wraps */
	m->early_floor[0] = FAKE_PA + 8 * MiB - 0x8000;      /* two stacks */
	m->early_floor[2] = FAKE_PA + 0xe00000 + 5 * MiB - 0x10000;
	return 0x1603000;   /* arena size from FAKE_PA */
}

static void check_init(const char *name, const struct mem_map *m,
		       struct page_alloc_stats *snap)
{
	char n[128];
	unsigned before = host_printk_calls;
	page_alloc_init(m);
	*snap = stats();
	snprintf(n, sizeof(n), "%s: init manages the reference pages", name);
	check(snap->total_pages == expect_total &&
	      snap->free_pages == expect_total && snap->bad_frees == 0,
	      n, "total %lu free %lu, expected %lu",
	      (unsigned long)snap->total_pages,
	      (unsigned long)snap->free_pages, (unsigned long)expect_total);
	snprintf(n, sizeof(n), "%s: init uses %u ranges", name, expect_ranges);
	check(snap->ranges == expect_ranges, n, "%u ranges", snap->ranges);
	snprintf(n, sizeof(n), "%s: init is consistent and silent", name);
	unsigned bad = page_alloc_verify();
	check(!bad && host_printk_calls == before, n,
	      "verify: %u problems, %u printk", bad,
	      host_printk_calls - before);
}

/* Free `n` blocks in a random order (merging in arbitrary order). */
struct block {
	uint64_t pa;
	unsigned order;
};

static const char *free_all(struct block *b, uint64_t n)
{
	for (uint64_t i = n; i > 1; i--) {
		uint64_t j = rnd() % i;
		struct block t = b[i - 1];
		b[i - 1] = b[j];
		b[j] = t;
	}
	for (uint64_t i = 0; i < n; i++) {
		const char *e = give_block(b[i].pa, b[i].order);
		if (e)
			return e;
		page_free_order(b[i].pa, b[i].order);
	}
	return 0;
}

static void check_back_to_init(const char *name,
			       const struct page_alloc_stats *snap)
{
	char n[160], why[128] = "";
	struct page_alloc_stats s = stats();
	unsigned bad = page_alloc_verify();
	snprintf(n, sizeof(n), "%s: all freed, free == total, buddies merged "
		 "back to the init blocks", name);
	bool ok = s.free_pages == s.total_pages && !bad &&
		  same_blocks(&s, snap, why, sizeof(why));
	check(ok, n, "free %lu of %lu, verify %u problems; %s",
	      (unsigned long)s.free_pages, (unsigned long)s.total_pages, bad,
	      why);
}

/* Allocate blocks of `order` until the allocator says no. */
static void check_exhaust(const char *name, unsigned order,
			  const struct page_alloc_stats *snap)
{
	char n[160];
	uint64_t cap = snap->total_pages + 1, count = 0;
	struct block *b = malloc(cap * sizeof(*b));
	const char *err = 0;
	for (;;) {
		paddr_t pa = page_alloc_order(order);
		if (!pa)
			break;
		if (count == cap) {
			err = "more blocks than pages";
			break;
		}
		err = take_block(pa, order, order == 0);
		b[count++] = (struct block){ pa, order };
		if (err)
			break;
	}
	snprintf(n, sizeof(n), "%s: order %u until exhaustion: every block "
		 "usable, unique, aligned, zeroed", name, order);
	check(!err, n, "%s (block %lu)", err ? err : "",
	      (unsigned long)count);

	struct page_alloc_stats s = stats();
	bool none_left = true;
	for (unsigned k = order; k <= PAGE_ORDER_MAX; k++)
		none_left &= s.free_blocks[k] == 0;
	for (unsigned k = order; k <= PAGE_ORDER_MAX; k++)
		none_left &= page_alloc_order(k) == 0;
	snprintf(n, sizeof(n), "%s: order %u exhausted: returns 0, no block "
		 "of order >= %u left", name, order, order);
	check(!err && none_left && page_alloc_verify() == 0, n,
	      "free %lu pages", (unsigned long)s.free_pages);
	if (order == 0) {
		snprintf(n, sizeof(n), "%s: every managed page handed out "
			 "exactly once", name);
		check(!err && count == snap->total_pages && s.free_pages == 0,
		      n, "%lu pages handed out, total %lu",
		      (unsigned long)count, (unsigned long)snap->total_pages);
	}
	if (!err)
		err = free_all(b, count);
	snprintf(n, sizeof(n), "%s: order %u blocks freed intact", name,
		 order);
	check(!err, n, "%s", err ? err : "");
	check_back_to_init(name, snap);
	free(b);
}

static void check_bad_frees(const char *name, const struct mem_map *edge_map,
			    const struct page_alloc_stats *snap)
{
	char n[160];
	unsigned before = host_printk_calls;
	uint64_t bad_before = stats().bad_frees;
	paddr_t p0 = page_alloc(), p2 = page_alloc_order(2);
	paddr_t p3 = page_alloc_order(3);
	const char *err = 0;
	if (!p0 || !p2 || !p3)
		err = "could not allocate";
	if (!err)
		err = take_block(p0, 0, true);
	if (!err)
		err = take_block(p2, 2, true);
	if (!err)
		err = take_block(p3, 3, true);
	check(!err, "bad frees: set-up", "%s", err ? err : "");
	if (err)
		return;
	struct page_alloc_stats mid = stats();

	/* Reserved and unmanaged pages from the scenario: the firmware
	 * range at FAKE_PA and the hole between ranges 0 and 1. */
	struct {
		paddr_t pa;
		unsigned order;
		const char *what;
	} bad[] = {
		{ p0 + 8, 0, "unaligned" },
		{ p0 + PG / 2, 0, "mid-page" },
		{ 0, 0, "address 0" },
		{ 0x10000000, 0, "below every range" },
		{ FAKE_PA + 0x2000000, 0, "above every range" },
		{ FAKE_PA + 0x980000, 0, "hole between ranges" },
		{ FAKE_PA + 0x1000, 0, "reserved page" },
		{ FAKE_PA + 0x210000, 0, "kernel image page" },
		{ FAKE_PA + 0x1500000, 0, "fully reserved range" },
		{ FAKE_PA + 8 * MiB - PG, 0, "early_alloc page" },
		{ p2, 0, "order 2 block freed as order 0" },
		{ p2, 3, "order 2 block freed as order 3" },
		{ p2 + PG, 0, "page inside an allocated block" },
		{ p3 + 4 * PG, 2, "half of an allocated block" },
		{ p0, PAGE_ORDER_MAX + 1, "order too large" },
		{ ~0ull & ~(PG - 1), 0, "top of the address space" },
	};
	unsigned nbad = sizeof(bad) / sizeof(bad[0]);
	for (unsigned i = 0; i < nbad; i++) {
		page_free_order(bad[i].pa, bad[i].order);
		struct page_alloc_stats s = stats();
		snprintf(n, sizeof(n), "%s: refused free: %s", name,
			 bad[i].what);
		check(s.bad_frees == bad_before + i + 1 &&
		      s.free_pages == mid.free_pages &&
		      page_alloc_verify() == 0, n,
		      "bad_frees %lu, free %lu (was %lu)",
		      (unsigned long)s.bad_frees, (unsigned long)s.free_pages,
		      (unsigned long)mid.free_pages);
	}

	/* Double frees: the second one is refused, whatever the merge did. */
	give_block(p0, 0);
	page_free(p0);
	page_free(p0);
	give_block(p3, 3);
	page_free_order(p3, 3);
	page_free_order(p3, 3);
	page_free(p3 + PG);          /* inside the freed (merged) block */
	struct page_alloc_stats s = stats();
	snprintf(n, sizeof(n), "%s: double frees refused", name);
	check(s.bad_frees == bad_before + nbad + 3 &&
	      s.free_pages == mid.free_pages + 1 + 8 &&
	      page_alloc_verify() == 0, n, "bad_frees %lu, free %lu",
	      (unsigned long)s.bad_frees, (unsigned long)s.free_pages);
	snprintf(n, sizeof(n), "%s: refusals reported by one printk", name);
	check(host_printk_calls == before + 1, n, "%u printk calls",
	      host_printk_calls - before);

	/* The first page past each range (when no other range manages it),
	 * every order: nothing there belongs to the range. */
	unsigned edge_frees = 0;
	for (unsigned i = 0; i < edge_map->nram; i++) {
		uint64_t end = edge_map->ram[i].base + edge_map->ram[i].size;
		uint64_t pa = (end + PG - 1) & ~(PG - 1);
		uint64_t p = (pa - arena_pa) / PG;
		if (pa < arena_pa || (p < arena_pages && usable[p]))
			continue;
		for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++) {
			page_free_order(pa, k);
			edge_frees++;
		}
	}
	s = stats();
	snprintf(n, sizeof(n), "%s: refused frees just past each range, "
		 "every order (%u)", name, edge_frees);
	check(s.bad_frees == bad_before + nbad + 3 + edge_frees &&
	      s.free_pages == mid.free_pages + 1 + 8 &&
	      page_alloc_verify() == 0, n, "bad_frees %lu, free %lu",
	      (unsigned long)(s.bad_frees - bad_before - nbad - 3),
	      (unsigned long)s.free_pages);

	give_block(p2, 2);
	page_free_order(p2, 2);
	check_back_to_init(name, snap);
}

/* Random alloc/free with invariants after every operation. */
static void check_stress(const char *name, unsigned long ops,
			 const struct page_alloc_stats *snap)
{
	char n[160];
	uint64_t cap = snap->total_pages + 1, nlive = 0, live_pages = 0;
	uint64_t bad_expected = stats().bad_frees;
	struct block *live = malloc(cap * sizeof(*live));
	const char *err = 0;
	unsigned long op, allocs = 0, frees = 0, fails = 0, verifies = 0;
	for (op = 0; op < ops && !err; op++) {
		/* Phases that fill up and drain, so exhaustion is hit too. */
		unsigned alloc_pct = (op / 5000) % 2 ? 30 : 75;
		uint64_t r = rnd();
		if (nlive == 0 || r % 100 < alloc_pct) {
			unsigned pick = (unsigned)(r >> 8) % 100, order;
			if (pick < 60)
				order = 0;
			else if (pick < 80)
				order = 1 + (unsigned)(r >> 16) % 2;
			else if (pick < 95)
				order = 3 + (unsigned)(r >> 16) % 4;
			else
				order = 7 + (unsigned)(r >> 16) %
					(PAGE_ORDER_MAX - 6);
			paddr_t pa = page_alloc_order(order);
			if (!pa) {
				struct page_alloc_stats s = stats();
				for (unsigned k = order; k <= PAGE_ORDER_MAX;
				     k++)
					if (s.free_blocks[k])
						err = "allocation failed with "
						      "a big enough block free";
				fails++;
			} else {
				err = take_block(pa, order, false);
				live[nlive++] = (struct block){ pa, order };
				live_pages += 1ull << order;
				allocs++;
			}
		} else {
			uint64_t i = (r >> 8) % nlive;
			struct block b = live[i];
			live[i] = live[--nlive];
			err = give_block(b.pa, b.order);
			/* Now and then, a wrong order first: refused. */
			if (!err && b.order && (r >> 40) % 50 == 0) {
				page_free_order(b.pa, b.order - 1);
				bad_expected++;
			}
			page_free_order(b.pa, b.order);
			live_pages -= 1ull << b.order;
			frees++;
			/* ... and now and then a double free: refused. */
			if ((r >> 48) % 50 == 0) {
				page_free_order(b.pa, b.order);
				bad_expected++;
			}
		}
		struct page_alloc_stats s = stats();
		if (!err && (s.free_pages != snap->total_pages - live_pages ||
			     s.bad_frees != bad_expected))
			err = "counters disagree with the live set";
		if (!err && op % 1000 == 999) {
			verifies++;
			if (page_alloc_verify())
				err = "verify found a problem";
		}
	}
	snprintf(n, sizeof(n), "%s: %lu random ops (%lu allocs, %lu frees, "
		 "%lu exhausted, %lu verifies), invariants hold", name, op,
		 allocs, frees, fails, verifies);
	check(!err, n, "%s at op %lu", err ? err : "", op);
	if (!err)
		err = free_all(live, nlive);
	check(!err, "stress: live blocks freed intact", "%s", err ? err : "");
	check_back_to_init(name, snap);
	free(live);
}

/* Threads allocating and freeing at once: the lock serialises them. */
struct thread_arg {
	uint64_t seed;
	unsigned long ops;
	const char *err;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	struct block live[512];
	unsigned nlive = 0;
	uint64_t x = a->seed;
	for (unsigned long op = 0; op < a->ops && !a->err; op++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t r = x * 0x2545f4914f6cdd1dull;
		if (nlive < 512 && (nlive == 0 || r % 2)) {
			unsigned order = (unsigned)(r >> 8) % 4;
			paddr_t pa = page_alloc_order(order);
			if (pa) {
				a->err = take_block(pa, order, false);
				live[nlive++] = (struct block){ pa, order };
			}
		} else {
			unsigned i = (unsigned)((r >> 8) % nlive);
			struct block b = live[i];
			live[i] = live[--nlive];
			a->err = give_block(b.pa, b.order);
			page_free_order(b.pa, b.order);
		}
	}
	for (unsigned i = 0; i < nlive && !a->err; i++) {
		a->err = give_block(live[i].pa, live[i].order);
		page_free_order(live[i].pa, live[i].order);
	}
	return 0;
}

static void check_threads(const char *name,
			  const struct page_alloc_stats *snap)
{
	enum { NT = 4 };
	pthread_t t[NT];
	struct thread_arg a[NT];
	for (unsigned i = 0; i < NT; i++) {
		a[i] = (struct thread_arg){ rnd() | 1, 50000, 0 };
		pthread_create(&t[i], 0, thread_main, &a[i]);
	}
	const char *err = 0;
	for (unsigned i = 0; i < NT; i++) {
		pthread_join(t[i], 0);
		if (a[i].err)
			err = a[i].err;
	}
	char n[160];
	snprintf(n, sizeof(n), "%s: %d threads x 50000 ops, no page shared",
		 name, NT);
	check(!err, n, "%s", err ? err : "");
	check_back_to_init(name, snap);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], 0, 0) : 20240601;
	rng_state = seed ? seed : 1;
	printf("page_alloc host tests, seed %lu\n", (unsigned long)seed);

	struct mem_map m;
	struct page_alloc_stats snap;

	/* Main scenario: every check. */
	uint64_t size = main_scenario(&m);
	setup(&m, FAKE_PA, size, GARBAGE_RANDOM);
	check_init("multi-range", &m, &snap);
	check_exhaust("multi-range", 0, &snap);
	check_exhaust("multi-range", 3, &snap);
	check_exhaust("multi-range", PAGE_ORDER_MAX, &snap);
	check_bad_frees("multi-range", &m, &snap);
	check_stress("multi-range", 100000, &snap);
	check_threads("multi-range", &snap);

	/* Starting over on the same (now dirty) RAM gives the same result. */
	page_alloc_init(&m);
	struct page_alloc_stats again = stats();
	char why[128] = "";
	check(again.total_pages == snap.total_pages &&
	      same_blocks(&again, &snap, why, sizeof(why)) &&
	      page_alloc_verify() == 0, "multi-range: re-init is identical",
	      "%s", why);

	/* RAM at physical 0: page 0 is never handed out (0 = no memory). */
	memset(&m, 0, sizeof(m));
	add_ram(&m, 0, MiB);
	setup(&m, 0, MiB, GARBAGE_RANDOM);
	check_init("ram at 0", &m, &snap);
	check_exhaust("ram at 0", 0, &snap);

	/* One aligned 64 MiB range: the metadata takes its first 36 pages,
	 * the rest is 4 MiB blocks above the first 4 MiB. */
	memset(&m, 0, sizeof(m));
	add_ram(&m, FAKE_PA, 64 * MiB);
	setup(&m, FAKE_PA, 64 * MiB, GARBAGE_RANDOM);
	check_init("64MiB", &m, &snap);
	check(snap.free_blocks[PAGE_ORDER_MAX] == 15 &&
	      snap.free_blocks[0] == 0 && snap.free_blocks[1] == 0 &&
	      snap.free_blocks[2] == 1, "64MiB: largest blocks at init",
	      "order 10: %lu", (unsigned long)snap.free_blocks[PAGE_ORDER_MAX]);
	check_exhaust("64MiB", 0, &snap);
	check_stress("64MiB", 20000, &snap);

	/* 1536 pages (6 MiB): the top block, [1024, 1536) of order 9, has
	 * its buddy just past the range, where the garbage says "free". */
	memset(&m, 0, sizeof(m));
	add_ram(&m, FAKE_PA, 6 * MiB);
	setup(&m, FAKE_PA, 8 * MiB, GARBAGE_FREE9);
	check_init("odd top", &m, &snap);
	check_exhaust("odd top", 0, &snap);
	check_stress("odd top", 20000, &snap);

	/* No RAM at all: nothing to hand out, and frees are refused. */
	memset(&m, 0, sizeof(m));
	setup(&m, FAKE_PA, PG, GARBAGE_RANDOM);
	page_alloc_init(&m);
	page_free(FAKE_PA);
	check(page_alloc() == 0 && stats().total_pages == 0 &&
	      stats().bad_frees == 1, "no RAM: alloc returns 0, free refused",
	      "total %lu", (unsigned long)stats().total_pages);

	printf("%u passed, %u failed\n", passed, failed);
	free(arena);
	free(owned);
	free(usable);
	return failed ? 1 : 0;
}
