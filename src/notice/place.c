/*
 * place.c - inside the notice importer: the items found, the overlap evidence
 * (pairs of characters per item), the placement of displaced and duplicated
 * sentences by position and evidence, with a confidence, and of unit annotations.
 */
#include "notice/ctx.h"
#include "core/text.h"
#include "notice/facts.h"
#include "core/banned.h"

/* ---------- overlap evidence ---------- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static uint64_t *map_get(struct u64map *m, uint64_t key, int create)
{
	size_t i;

	if (create && (m->n + 1) * 2 > m->cap) {
		struct u64map n = { 0 };
		size_t k;

		n.cap = m->cap ? m->cap * 2 : 1024;
		n.k = calloc(n.cap, sizeof(*n.k));
		n.v = calloc(n.cap, sizeof(*n.v));
		if (!n.k || !n.v)
			abort();
		for (k = 0; k < m->cap; k++)
			if (m->k[k])
				*map_get(&n, m->k[k], 1) = m->v[k];
		free(m->k);
		free(m->v);
		*m = n;
	}
	if (!m->cap)
		return NULL;
	for (i = mix(key) & (m->cap - 1); m->k[i]; i = (i + 1) & (m->cap - 1))
		if (m->k[i] == key)
			return &m->v[i];
	if (!create)
		return NULL;
	m->k[i] = key;
	m->n++;
	return &m->v[i];
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The distinct pairs of adjacent Chinese characters in view[a, b). */
static size_t bigrams(const struct notice_ctx *c, size_t a, size_t b, uint64_t *out, size_t max)
{
	size_t p = a, nx, n = 0, i, u = 0;
	uint32_t prev = 0, cp;

	while (p < b && n < max) {
		cp = nv_cp(c->s, b, p, &nx);
		if (nv_is_cjk(cp) && nv_is_cjk(prev))
			out[n++] = (uint64_t)prev << 21 | cp;
		prev = cp;
		p = nx;
	}
	qsort(out, n, sizeof(*out), cmp_u64);
	for (i = 0; i < n; i++)
		if (!u || out[u - 1] != out[i])
			out[u++] = out[i];
	return u;
}

#define MAX_BIGRAMS (SEG_MAX / 3 + 2)

static void profile_add(struct notice_ctx *c, int idx, size_t a, size_t b, uint64_t *buf)
{
	size_t n = bigrams(c, a, b, buf, MAX_BIGRAMS), k;

	for (k = 0; k < n; k++) {
		uint64_t *m = map_get(&c->bmask, buf[k], 1);
		uint64_t *cnt = map_get(&c->bcount, buf[k] << 6 | (uint64_t)idx, 1);

		*m |= (uint64_t)1 << idx;
		(*cnt)++;
	}
}

static int popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Scores segment g against every profiled item; self (the item g itself fed, or -1) is discounted. */
static void score(struct notice_ctx *c, const struct seg *g, int self_idx, int *sc, uint64_t *buf)
{
	size_t n = bigrams(c, g->ta, g->tb, buf, MAX_BIGRAMS), k;
	int lim = c->nprofiled / 2 > 2 ? c->nprofiled / 2 : 2, i;

	memset(sc, 0, MAX_PROFILED * sizeof(*sc));
	for (k = 0; k < n; k++) {
		uint64_t *m = map_get(&c->bmask, buf[k], 0), bits;

		if (!m || popcount64(*m) > lim)
			continue;
		bits = *m;
		if (self_idx >= 0 && (bits >> self_idx & 1)) {
			uint64_t *cnt = map_get(&c->bcount, buf[k] << 6 | (uint64_t)self_idx, 0);

			if (cnt && *cnt <= 1)
				bits &= ~((uint64_t)1 << self_idx);
		}
		for (i = 0; bits; i++, bits >>= 1)
			if (bits & 1)
				sc[i]++;
	}
}

static int item_of_idx(const struct notice_ctx *c, int idx)
{
	int no;

	for (no = 1; no <= c->maxno; no++)
		if (c->it[no].idx == idx)
			return no;
	return 0;
}

/* Is the segment a body sentence that feeds its item's profile? */
static int feeds_profile(const struct notice_ctx *c, const struct seg *g)
{
	return g->kind == SEG_SENT && c->gr[g->group].n == 1 && sec_item(c, g->sec) > 0;
}

/* Profiles: each item's title, then its own (not duplicated) sentences, up to PROFILE_MAX bytes. */
static void build_profiles(struct notice_ctx *c, uint64_t *buf)
{
	size_t fed[MAX_PROFILED] = { 0 }, i;
	int no;

	for (no = 1; no <= c->maxno; no++) {
		c->it[no].idx = -1;
		if (c->it[no].nmark && c->nprofiled < MAX_PROFILED)
			c->it[no].idx = c->nprofiled++;
	}
	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		int item = sec_item(c, g->sec), idx;

		if (item <= 0 || (idx = c->it[item].idx) < 0)
			continue;
		if (g->kind == SEG_TITLE && c->mk[g->marker].style == c->style)
			profile_add(c, idx, g->ta, g->tb < g->ta + TITLE_MAX ? g->tb : g->ta + TITLE_MAX,
				    buf);
		else if (feeds_profile(c, g) && fed[idx] < PROFILE_MAX) {
			fed[idx] += g->tb - g->ta;
			profile_add(c, idx, g->ta, g->tb, buf);
		}
	}
}

/* Words that stand as an item's heading somewhere are that item's: 1 when gr is so placed. */
static int place_by_heading(const struct notice_ctx *c, struct group *gr)
{
	int j, item;

	for (j = gr->first; j >= 0; j = c->sg[j].next)
		if (c->sg[j].kind == SEG_TITLE)
			break;
	if (j < 0)
		return 0;
	item = c->mk[c->sg[j].marker].style == c->style ? sec_item(c, c->sg[j].sec) : 0;
	gr->status = item > 0 ? G_PLACED : G_OUTSIDE;
	gr->item = item;
	gr->rep = j;
	gr->conf = 95;
	gr->best = item;
	return 1;
}

/* The items gr's occurrences stand under, distinct, at most max, into cand (the first 4 also in gr). */
static int positions(const struct notice_ctx *c, struct group *gr, int *cand, int max)
{
	int j, x, ncand = 0;

	for (j = gr->first; j >= 0; j = c->sg[j].next) {
		int item = sec_item(c, c->sg[j].sec);

		if (c->sg[j].sec == SEC_CLOSING || item <= 0)
			continue;
		for (x = 0; x < ncand && cand[x] != item; x++)
			;
		if (x == ncand && ncand < max)
			cand[ncand++] = item;
	}
	for (x = 0; x < ncand && x < (int)ARRAY_SIZE(gr->cand); x++)
		gr->cand[x] = cand[x];
	gr->ncand = ncand < (int)ARRAY_SIZE(gr->cand) ? ncand : (int)ARRAY_SIZE(gr->cand);
	return ncand;
}

/* The score of item no: 0 when it has no profile. */
static int score_of(const struct notice_ctx *c, const int *sc, int no)
{
	return c->it[no].idx >= 0 ? sc[c->it[no].idx] : 0;
}

/* The best scored of the positions (its index in cand); *tie when another scores the same. */
static int best_position(const struct notice_ctx *c, const int *cand, int ncand, const int *sc,
			 int *tie)
{
	int x, s, bestc = -1;

	*tie = 0;
	for (x = 0; x < ncand; x++) {
		s = score_of(c, sc, cand[x]);
		if (bestc < 0 || s > score_of(c, sc, cand[bestc])) {
			bestc = x;
			*tie = 0;
		} else if (s == score_of(c, sc, cand[bestc])) {
			*tie = 1;
		}
	}
	return bestc;
}

/* Places gr by its positions and the overlap scores sc of its words. */
static void place_group(struct notice_ctx *c, struct group *gr, int *sc, uint64_t *buf)
{
	const struct seg *f = &c->sg[gr->first];
	int cand[8], ncand, best = -1, bestc, tie, s, self = -1, x, k, j;

	if (f->kind == SEG_ANNOT || place_by_heading(c, gr))
		return;
	ncand = positions(c, gr, cand, (int)ARRAY_SIZE(cand));
	if (!ncand) {
		gr->status = G_OUTSIDE;
		return;
	}
	if (feeds_profile(c, f))
		self = c->it[cand[0]].idx;
	score(c, f, self, sc, buf);
	for (k = 0; k < c->nprofiled; k++)
		if (best < 0 || sc[k] > sc[best])
			best = k;
	gr->best = best >= 0 && sc[best] > 0 ? item_of_idx(c, best) : 0;
	bestc = best_position(c, cand, ncand, sc, &tie);
	s = score_of(c, sc, cand[bestc]);
	/*
	 * overlap points clearly elsewhere: conflicting evidence — in a text
	 * whose passages are repeated (shuffled or pasted twice); a sentence
	 * said once, in a text said once, stands where it stands
	 */
	if (c->repeated && best >= 0 && gr->best && sc[best] >= 3 && sc[best] >= 3 * s + 2) {
		for (x = 0; x < ncand && cand[x] != gr->best; x++)
			;
		if (x == ncand) {
			gr->status = G_CONFLICT;
			return;
		}
	}
	if (ncand > 1 && (tie || s == 0)) {
		gr->status = G_CONFLICT;
		return;
	}
	gr->status = G_PLACED;
	gr->item = cand[bestc];
	gr->by_overlap = ncand > 1;
	if (gr->best == gr->item && s >= 2)
		gr->conf = 90;
	else if (s >= 1)
		gr->conf = 80;
	else if (!gr->best)
		gr->conf = 70;
	else
		gr->conf = 60;
	if (ncand > 1 && gr->conf > 80)
		gr->conf = 80 + (gr->best == gr->item ? 5 : 0);
	/* quote the occurrence that stands in the item's own section */
	for (j = gr->first; j >= 0; j = c->sg[j].next)
		if (sec_item(c, c->sg[j].sec) == gr->item) {
			gr->rep = j;
			break;
		}
}

void nc_place_groups(struct notice_ctx *c)
{
	uint64_t *buf = malloc(MAX_BIGRAMS * sizeof(*buf));
	int sc[MAX_PROFILED];
	size_t i;

	if (!buf)
		abort();
	build_profiles(c, buf);
	for (i = 0; i < c->ngr; i++)
		if (c->gr[i].n >= 2 && c->sg[c->gr[i].first].kind != SEG_ANNOT)
			c->repeated = 1;
	for (i = 0; i < c->ngr; i++)
		place_group(c, &c->gr[i], sc, buf);
	free(buf);
}

/* ---------- items, bodies and annotations ---------- */

void nc_collect_items(struct notice_ctx *c)
{
	size_t i;
	int no;

	for (i = 0; i < c->nsec; i++) {
		no = c->sec[i].item;
		if (no <= 0)
			continue;
		if (!c->it[no].nmark++) {
			c->it[no].first_marker = c->sec[i].marker;
			c->it[no].annot = -1;
		}
		if (no > c->maxno)
			c->maxno = no;
	}
	for (no = 1; no <= c->maxno; no++)
		c->nitems += c->it[no].nmark > 0;
}

/* The view offset where the title words of a heading end (cut at a comma when long). */
size_t nc_title_end(const struct notice_ctx *c, const struct seg *g)
{
	size_t q;

	if (g->tb - g->ta <= TITLE_MAX)
		return g->tb;
	for (q = g->ta; q < g->tb; q++)
		if (c->s[q] == ',')
			return q;
	return g->ta + (size_t)ms_utf8_clip(c->s + g->ta, g->tb - g->ta, TITLE_MAX);
}

static int has_figure(const struct notice_ctx *c, size_t a, size_t b)
{
	struct nf_targets t = { 0 };
	size_t n;

	nf_find_targets(c->s, a, b, &t);
	n = t.n;
	free(t.v);
	return n > 0;
}

void nc_bodies(struct notice_ctx *c)
{
	size_t i;
	int no, bare = 0;

	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		const struct group *gr = &c->gr[g->group];
		int item = sec_item(c, g->sec);

		if (g->sec < 0 || item <= 0)
			continue;
		if (g->kind == SEG_SENT && gr->status == G_PLACED && gr->item == item)
			c->sec[g->sec].has_body = 1;
		if (g->kind == SEG_TITLE && (nc_title_end(c, g) < g->tb || has_figure(c, g->ta, g->tb)))
			c->sec[g->sec].has_body = 1;
	}
	for (i = 0; i < c->nsec; i++)
		if (c->sec[i].item > 0 && c->sec[i].has_body)
			c->it[c->sec[i].item].has_body = 1;
	for (i = 0; i < c->ngr; i++)
		if (c->gr[i].status == G_PLACED && c->sg[c->gr[i].rep].kind == SEG_SENT)
			c->it[c->gr[i].item].has_body = 1;
	for (no = 1; no <= c->maxno; no++)
		bare += c->it[no].nmark && !c->it[no].has_body;
	c->oneliners = bare * 2 > c->nitems;
	/* the title of each item: from the first section with a body */
	for (no = 1; no <= c->maxno; no++)
		c->it[no].title_seg = -1;
	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		int item = sec_item(c, g->sec);

		if (g->kind != SEG_TITLE || item <= 0 || c->mk[g->marker].style != c->style)
			continue;
		if (c->it[item].title_seg < 0 ||
		    (!c->sec[c->sg[c->it[item].title_seg].sec].has_body && c->sec[g->sec].has_body))
			c->it[item].title_seg = (int)i;
	}
}

/* The segment before i in the same section that is not an annotation, or -1. */
int nc_anchor_of(const struct notice_ctx *c, int i)
{
	int j;

	for (j = i - 1; j >= 0 && c->sg[j].sec == c->sg[i].sec; j--)
		if (c->sg[j].kind != SEG_ANNOT)
			return j;
	return -1;
}

/*
 * The same annotation text after different sentences (two items led by one
 * department) is not a duplicated passage: each occurrence stands alone.
 * Copies after copies of one sentence (a passage repeated whole) stay together.
 */
static void split_annotations(struct notice_ctx *c)
{
	size_t i, n = c->ngr;

	for (i = 0; i < n; i++) {
		struct group *gr = &c->gr[i];
		int j, an, g0 = -2, same = 1, next;

		if (gr->n < 2 || c->sg[gr->first].kind != SEG_ANNOT)
			continue;
		for (j = gr->first; j >= 0; j = c->sg[j].next) {
			an = nc_anchor_of(c, j);
			an = an >= 0 ? c->sg[an].group : -1;
			if (g0 == -2)
				g0 = an;
			else if (an != g0 || an < 0 || c->gr[an].n < 2)
				same = 0;
		}
		if (same)
			continue;
		for (j = c->sg[gr->first].next; j >= 0; j = next) {
			struct group *ng = &c->gr[c->ngr];

			next = c->sg[j].next;
			memset(ng, 0, sizeof(*ng));
			ng->first = ng->last = ng->rep = j;
			ng->n = 1;
			c->sg[j].group = (int)c->ngr++;
			c->sg[j].next = -1;
		}
		gr->n = 1;
		gr->last = gr->first;
		c->sg[gr->first].next = -1;
	}
}

void nc_place_annotations(struct notice_ctx *c)
{
	size_t i;

	split_annotations(c);

	for (i = 0; i < c->ngr; i++) {
		struct group *gr = &c->gr[i];
		int j, strong = 0, weak = 0, lost = 0, disagree = 0, weak_item = 0;

		if (c->sg[gr->first].kind != SEG_ANNOT)
			continue;
		gr->status = G_OUTSIDE;
		for (j = gr->first; j >= 0; j = c->sg[j].next) {
			const struct seg *g = &c->sg[j];
			int item = sec_item(c, g->sec), an = nc_anchor_of(c, j), cand = 0;

			if (g->sec < 0 || item <= 0 || an < 0)
				continue;
			if (c->sg[an].kind == SEG_TITLE) {
				if (c->sec[g->sec].has_body || c->oneliners || an != j - 1 ||
				    c->mk[c->sg[an].marker].style != c->style) {
					cand = item;
				} else {
					weak++;
					weak_item = item;
					if (gr->ncand < (int)ARRAY_SIZE(gr->cand))
						gr->cand[gr->ncand++] = item;
					continue;
				}
			} else {
				const struct group *ag = &c->gr[c->sg[an].group];

				if (ag->status == G_PLACED)
					cand = ag->item;
				else {
					lost++;
					continue;
				}
			}
			if (strong && cand != gr->item)
				disagree = 1;
			if (!strong) {
				gr->item = cand;
				gr->rep = j;
			}
			if (cand == item && sec_item(c, c->sg[gr->rep].sec) != gr->item)
				gr->rep = j;
			strong++;
			if (gr->ncand < (int)ARRAY_SIZE(gr->cand))
				gr->cand[gr->ncand++] = cand;
		}
		if (strong && !disagree) {
			gr->status = G_PLACED;
			gr->conf = sec_item(c, c->sg[gr->rep].sec) == gr->item ? 90 : 75;
			if (lost || weak)
				gr->conf -= 15;
		} else if (strong || weak || lost) {
			gr->status = G_CONFLICT;
			gr->item = 0;
			gr->best = weak_item;
		}
	}
	/* one annotation per item: the first placed; any other is a question */
	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		struct group *gr = &c->gr[g->group];

		if (g->kind != SEG_ANNOT || gr->status != G_PLACED || gr->first != (int)i)
			continue;
		if (c->it[gr->item].annot < 0)
			c->it[gr->item].annot = g->group;
		else if (c->it[gr->item].annot != g->group) {
			gr->status = G_CONFLICT;
			gr->best = gr->item;
			gr->item = 0;
		}
	}
}
