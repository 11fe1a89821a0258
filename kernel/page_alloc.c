/*
 * Physical page-frame allocator (see kernel/page_alloc.h): a buddy
 * allocator per RAM range ("zone"), with a state byte and a list link per
 * page in the zone's metadata.
 *
 * Page states: RESERVED (never managed), TAIL (a page inside a block that
 * is not its first page), FREE|order or ALLOC|order at the first page of
 * a block. Buddies are found by physical frame number (pfn ^ 2^order), so
 * blocks are naturally aligned; a buddy outside its zone or not FREE with
 * the same order stops the merge.
 *
 * Free lists are doubly linked through zone-relative page indices kept in
 * the metadata, not in the free pages: nothing writes to a free page, so a
 * stray write there cannot corrupt a list, and under QEMU the guest RAM
 * nobody allocated is never touched (first touches of 2 GiB cost seconds).
 */
#include "kernel/page_alloc.h"

#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

#define PAGE_SHIFT 12u
#define PS_RESERVED 0x00u
#define PS_TAIL 0x01u
#define PS_FREE 0x40u
#define PS_ALLOC 0x80u
#define PS_MARK (PS_FREE | PS_ALLOC)   /* verify: free block seen on a list */
#define PS_KIND 0xc0u
#define PS_ORDER 0x1fu
#define NIL UINT32_MAX
/* Page indices are 32-bit: a larger range is used up to this size. */
#define ZONE_PAGES_MAX (NIL - 1ull)

_Static_assert(PAGE_SIZE == 1u << PAGE_SHIFT, "page size");
_Static_assert(PAGE_ORDER_MAX <= PS_ORDER, "order fits the state byte");

/* Free-list link of a block's first page: zone-relative indices. */
struct link {
	uint32_t next, prev;
};

struct zone {
	uint64_t lo, hi;    /* managed span, page frame numbers [lo, hi) */
	struct link *link;  /* hi - lo entries, valid at free heads only */
	uint8_t *state;     /* hi - lo bytes; both through the direct map */
	uint32_t head[PAGE_ORDER_MAX + 1];   /* free lists, NIL = empty */
};

#define META_BYTES_PER_PAGE (sizeof(struct link) + 1)

/* A span of page frames [lo, hi) that must not be handed out. */
struct span {
	uint64_t lo, hi;
};

static struct spinlock page_alloc_lock = SPINLOCK_INIT("page_alloc");
static struct zone zones[MEM_RANGES_MAX];
static unsigned nzones;
static uint64_t nfree_blocks[PAGE_ORDER_MAX + 1];
static uint64_t total_pages, free_pages, bad_frees;
static bool ready, warned;

/* Init scratch, static to keep it off the small boot stack: per range,
 * the reservations, the earlier ranges, early_alloc's part, page 0 and the
 * metadata. Sized for all of them; if it ever overflowed, the range would
 * be left unused rather than risk handing out a reserved page. */
static struct span blockers[2 * MEM_RANGES_MAX + 3];
static unsigned nblockers;
static bool blockers_overflow;

/* ---- Helpers --------------------------------------------------------- */

static uint64_t pfn_down(uint64_t pa)
{
	return pa >> PAGE_SHIFT;
}

static uint64_t pfn_up(uint64_t pa)
{
	return (pa >> PAGE_SHIFT) + ((pa & (PAGE_SIZE - 1)) != 0);
}

/* End of [base, base + size), saturated: a bad tree must not wrap. */
static uint64_t range_end(uint64_t base, uint64_t size)
{
	return base + size < base ? UINT64_MAX : base + size;
}

static struct zone *zone_of(uint64_t pfn)
{
	for (unsigned i = 0; i < nzones; i++)
		if (pfn >= zones[i].lo && pfn < zones[i].hi)
			return &zones[i];
	return 0;
}

/* Make pfn the head of a free block of `order` on its zone's list. */
static void push_free(struct zone *z, uint64_t pfn, unsigned order)
{
	uint32_t i = (uint32_t)(pfn - z->lo), next = z->head[order];
	z->state[i] = (uint8_t)(PS_FREE | order);
	z->link[i] = (struct link){ next, NIL };
	if (next != NIL)
		z->link[next].prev = i;
	z->head[order] = i;
	nfree_blocks[order]++;
}

static void list_del(struct zone *z, uint32_t i, unsigned order)
{
	struct link l = z->link[i];
	if (l.prev != NIL)
		z->link[l.prev].next = l.next;
	else
		z->head[order] = l.next;
	if (l.next != NIL)
		z->link[l.next].prev = l.prev;
	nfree_blocks[order]--;
}

/* ---- Initialisation -------------------------------------------------- */

static void add_blocker(uint64_t lo, uint64_t hi)
{
	if (hi <= lo)
		return;
	if (nblockers == sizeof(blockers) / sizeof(blockers[0])) {
		blockers_overflow = true;
		return;
	}
	/* Kept sorted by lo: insertion, the list is short. */
	unsigned i = nblockers++;
	while (i > 0 && blockers[i - 1].lo > lo) {
		blockers[i] = blockers[i - 1];
		i--;
	}
	blockers[i] = (struct span){ lo, hi };
}

/* Walks the maximal runs of [cur, hi) that no blocker covers. */
struct run_iter {
	unsigned i;
	uint64_t cur, hi;
};

static bool next_run(struct run_iter *it, uint64_t *lo, uint64_t *hi)
{
	while (it->cur < it->hi) {
		if (it->i < nblockers && blockers[it->i].lo <= it->cur) {
			if (blockers[it->i].hi > it->cur)
				it->cur = blockers[it->i].hi;
			it->i++;
			continue;
		}
		uint64_t end = it->hi;
		if (it->i < nblockers && blockers[it->i].lo < end)
			end = blockers[it->i].lo;
		*lo = it->cur;
		*hi = end;
		it->cur = end;
		return true;
	}
	return false;
}

/* Free pages [lo, hi) of z as the largest aligned blocks that fit; the
 * result has no two free buddies of the same order below the top one. */
static void add_run(struct zone *z, uint64_t lo, uint64_t hi)
{
	memset(z->state + (lo - z->lo), PS_TAIL, hi - lo);
	while (lo < hi) {
		unsigned k = 0;
		while (k < PAGE_ORDER_MAX && !(lo & ((2ull << k) - 1)) &&
		       hi - lo >= (2ull << k))
			k++;
		push_free(z, lo, k);
		lo += 1ull << k;
	}
}

/* Range i of the map: its pages minus everything blocked, with its
 * metadata (links, then states) carved from its own first free run that
 * is long enough. */
static void init_range(const struct mem_map *map, unsigned i)
{
	const struct mem_range *ram = &map->ram[i];
	uint64_t lo = pfn_up(ram->base);
	uint64_t hi = pfn_down(range_end(ram->base, ram->size));
	if (hi <= lo)
		return;
	if (hi - lo > ZONE_PAGES_MAX)
		hi = lo + ZONE_PAGES_MAX;

	nblockers = 0;
	blockers_overflow = false;
	for (unsigned r = 0; r < map->nreserved && r < MEM_RANGES_MAX; r++)
		add_blocker(pfn_down(map->reserved[r].base),
			    pfn_up(range_end(map->reserved[r].base,
					     map->reserved[r].size)));
	/* A page belongs to the first range that lists it. */
	for (unsigned j = 0; j < i; j++)
		add_blocker(pfn_down(map->ram[j].base),
			    pfn_up(range_end(map->ram[j].base,
					     map->ram[j].size)));
	if (map->early_floor[i])
		add_blocker(pfn_down(map->early_floor[i]), hi);
	add_blocker(0, 1);   /* 0 means "no page" */

	uint64_t meta = pfn_up((hi - lo) * META_BYTES_PER_PAGE);
	struct run_iter it = { 0, lo, hi };
	uint64_t rlo, rhi;
	bool found = false, any = false;
	while (!found && next_run(&it, &rlo, &rhi)) {
		any = true;
		found = rhi - rlo >= meta;
	}
	if (!found) {
		if (any)
			printk("page_alloc: ram %lx-%lx: no free run of %lu "
			       "pages for its metadata, not used\n",
			       (unsigned long)(lo << PAGE_SHIFT),
			       (unsigned long)(hi << PAGE_SHIFT),
			       (unsigned long)meta);
		return;
	}
	add_blocker(rlo, rlo + meta);
	if (blockers_overflow)
		return;

	struct zone *z = &zones[nzones++];
	z->lo = lo;
	z->hi = hi;
	z->link = phys_to_virt((paddr_t)rlo << PAGE_SHIFT);
	z->state = (uint8_t *)(z->link + (hi - lo));
	memset(z->state, PS_RESERVED, hi - lo);   /* links: set when used */
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++)
		z->head[k] = NIL;

	it = (struct run_iter){ 0, lo, hi };
	while (next_run(&it, &rlo, &rhi)) {
		add_run(z, rlo, rhi);
		total_pages += rhi - rlo;
	}
}

void page_alloc_init(const struct mem_map *map)
{
	unsigned long flags = spin_lock_irqsave(&page_alloc_lock);
	nzones = 0;
	total_pages = bad_frees = 0;
	warned = false;
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++)
		nfree_blocks[k] = 0;
	spin_unlock_irqrestore(&page_alloc_lock, flags);

	/* Boot CPU alone (or a host test): no lock while printk may run. */
	for (unsigned i = 0; i < map->nram && i < MEM_RANGES_MAX; i++)
		init_range(map, i);

	flags = spin_lock_irqsave(&page_alloc_lock);
	free_pages = total_pages;
	ready = true;
	spin_unlock_irqrestore(&page_alloc_lock, flags);
}

bool page_alloc_ready(void)
{
	return ready;
}

/* ---- Allocation and free --------------------------------------------- */

paddr_t page_alloc_order(unsigned order)
{
	if (order > PAGE_ORDER_MAX)
		return 0;
	unsigned long flags = spin_lock_irqsave(&page_alloc_lock);
	/* The smallest free block that fits, in any zone: splitting a large
	 * block is the last resort. */
	struct zone *z = 0;
	unsigned k;
	for (k = order; k <= PAGE_ORDER_MAX && !z; k++)
		for (unsigned zi = 0; zi < nzones && !z; zi++)
			if (zones[zi].head[k] != NIL)
				z = &zones[zi];
	if (!z) {
		spin_unlock_irqrestore(&page_alloc_lock, flags);
		return 0;
	}
	k--;
	uint32_t i = z->head[k];
	uint64_t pfn = z->lo + i;
	list_del(z, i, k);
	/* Split: keep the lower half, free the upper half at each step. */
	while (k > order) {
		k--;
		push_free(z, pfn + (1ull << k), k);
	}
	z->state[pfn - z->lo] = (uint8_t)(PS_ALLOC | order);
	free_pages -= 1ull << order;
	spin_unlock_irqrestore(&page_alloc_lock, flags);

	/* The block is ours alone now: zero it outside the lock. */
	memset(phys_to_virt((paddr_t)pfn << PAGE_SHIFT), 0,
	       (size_t)PAGE_SIZE << order);
	return (paddr_t)pfn << PAGE_SHIFT;
}

paddr_t page_alloc(void)
{
	return page_alloc_order(0);
}

/* State of the block head covering pfn (RESERVED if none). */
static unsigned containing_state(const struct zone *z, uint64_t pfn)
{
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++) {
		uint64_t h = pfn & ~((1ull << k) - 1);
		if (h < z->lo)
			break;
		unsigned s = z->state[h - z->lo];
		if (s == PS_RESERVED)
			return s;
		if ((s & PS_KIND) && (s & PS_ORDER) >= k)
			return s;
	}
	return PS_RESERVED;
}

/* Why page_free_order(pa, order) must be refused, or 0 if it is fine. */
static const char *bad_free_reason(paddr_t pa, unsigned order,
				   struct zone **zp)
{
	if (order > PAGE_ORDER_MAX)
		return "order too large";
	if (pa & (PAGE_SIZE - 1))
		return "not page aligned";
	uint64_t pfn = pa >> PAGE_SHIFT;
	struct zone *z = zone_of(pfn);
	if (!z)
		return "outside managed RAM";
	*zp = z;
	unsigned s = z->state[pfn - z->lo];
	if (s == (PS_ALLOC | order))
		return 0;
	if ((s & PS_KIND) == PS_ALLOC)
		return "allocated with another order";
	unsigned c = containing_state(z, pfn);
	if (c == PS_RESERVED)
		return "reserved page";
	if ((c & PS_KIND) == PS_FREE)
		return "already free";
	return "inside an allocated block";
}

void page_free_order(paddr_t pa, unsigned order)
{
	struct zone *z = 0;
	unsigned long flags = spin_lock_irqsave(&page_alloc_lock);
	const char *why = bad_free_reason(pa, order, &z);
	if (why) {
		bad_frees++;
		bool first = !warned;
		warned = true;
		spin_unlock_irqrestore(&page_alloc_lock, flags);
		/* After the unlock, so the lock stays a leaf. */
		if (first)
			printk("page_alloc: refused free of %lx order %u: %s "
			       "(further refusals only counted)\n",
			       (unsigned long)pa, order, why);
		return;
	}
	uint64_t pfn = pa >> PAGE_SHIFT;
	free_pages += 1ull << order;
	z->state[pfn - z->lo] = PS_TAIL;   /* becomes a head again below */
	while (order < PAGE_ORDER_MAX) {
		uint64_t b = pfn ^ (1ull << order);
		if (b < z->lo || b >= z->hi ||
		    z->state[b - z->lo] != (PS_FREE | order))
			break;
		list_del(z, (uint32_t)(b - z->lo), order);
		z->state[b - z->lo] = PS_TAIL;
		if (b < pfn)
			pfn = b;
		order++;
	}
	push_free(z, pfn, order);
	spin_unlock_irqrestore(&page_alloc_lock, flags);
}

void page_free(paddr_t pa)
{
	page_free_order(pa, 0);
}

/* ---- Introspection --------------------------------------------------- */

void page_alloc_stats(struct page_alloc_stats *out)
{
	unsigned long flags = spin_lock_irqsave(&page_alloc_lock);
	out->total_pages = total_pages;
	out->free_pages = free_pages;
	out->bad_frees = bad_frees;
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++)
		out->free_blocks[k] = nfree_blocks[k];
	out->ranges = nzones;
	spin_unlock_irqrestore(&page_alloc_lock, flags);
}

/* Pass 1: every page state, block by block. */
static unsigned verify_states(uint64_t heads[], uint64_t *freep)
{
	unsigned bad = 0;
	for (unsigned zi = 0; zi < nzones; zi++) {
		const struct zone *z = &zones[zi];
		uint64_t n = z->hi - z->lo;
		for (uint64_t i = 0; i < n;) {
			unsigned s = z->state[i];
			unsigned k = s & PS_ORDER, kind = s & PS_KIND;
			if (s == PS_RESERVED) {
				i++;
				continue;
			}
			if (s == PS_TAIL || kind == 0 || kind == PS_MARK ||
			    k > PAGE_ORDER_MAX) {
				bad++;   /* a tail with no head, or garbage */
				i++;
				continue;
			}
			uint64_t pfn = z->lo + i, size = 1ull << k;
			if ((pfn & (size - 1)) || n - i < size) {
				bad++;
				i++;
				continue;
			}
			for (uint64_t j = 1; j < size; j++)
				bad += z->state[i + j] != PS_TAIL;
			if (kind == PS_FREE) {
				heads[k]++;
				*freep += size;
				uint64_t b = pfn ^ size;
				/* Unmerged buddies: each pair counted once. */
				if (k < PAGE_ORDER_MAX && b > pfn && b < z->hi &&
				    z->state[b - z->lo] == (PS_FREE | k))
					bad++;
			}
			i += size;
		}
	}
	return bad;
}

unsigned page_alloc_verify(void)
{
	uint64_t heads[PAGE_ORDER_MAX + 1] = { 0 }, freep = 0;
	unsigned long flags = spin_lock_irqsave(&page_alloc_lock);
	unsigned bad = verify_states(heads, &freep);
	if (freep != free_pages || free_pages > total_pages)
		bad++;

	/* Pass 2: every list entry is a free head of that order, seen once
	 * (marked), and the lists link both ways. */
	for (unsigned k = 0; k <= PAGE_ORDER_MAX; k++) {
		uint64_t count = 0;
		for (unsigned zi = 0; zi < nzones; zi++) {
			const struct zone *z = &zones[zi];
			uint32_t prev = NIL;
			for (uint32_t i = z->head[k]; i != NIL;
			     i = z->link[i].next) {
				if (i >= z->hi - z->lo || z->link[i].prev != prev ||
				    count == heads[k]) {
					bad++;
					break;   /* broken, cyclic or too long */
				}
				count++;
				prev = i;
				if (z->state[i] != (PS_FREE | k)) {
					bad++;   /* not free, wrong order, seen */
					continue;
				}
				z->state[i] = (uint8_t)(PS_MARK | k);
			}
		}
		if (count != heads[k] || nfree_blocks[k] != heads[k])
			bad++;
	}

	/* Pass 3: a free head left unmarked is on no list; unmark. */
	for (unsigned zi = 0; zi < nzones; zi++) {
		const struct zone *z = &zones[zi];
		for (uint64_t i = 0; i < z->hi - z->lo; i++) {
			unsigned s = z->state[i];
			if ((s & PS_KIND) == PS_FREE)
				bad++;
			else if ((s & PS_KIND) == PS_MARK)
				z->state[i] = (uint8_t)(PS_FREE |
							(s & PS_ORDER));
		}
	}
	spin_unlock_irqrestore(&page_alloc_lock, flags);
	return bad;
}
