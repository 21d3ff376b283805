/*
 * segments.c - inside the notice importer: the view cut into segments (headings,
 * sentences, unit annotations), the sections under each heading, and the
 * segments with the same words grouped as one passage.
 */
#include "notice/ctx.h"
#include "notice/facts.h"
#include "core/banned.h"

/* ---------- segments ---------- */

static int annotation_paren(const struct notice_ctx *c, size_t p)
{
	static const char *const keys[] = { "(牵头", "(责任单位", "(责任部门", "(配合单位", "(配合部门",
					    "(列第一位", "(排在第一位", NULL };
	size_t k;

	if (p >= c->len || c->s[p] != '(')
		return 0;
	for (k = 0; keys[k]; k++)
		if (at(c, p, keys[k]))
			return 1;
	return 0;
}

static int is_terminal(const struct notice_ctx *c, size_t p, size_t *w)
{
	if (at(c, p, "。")) {
		*w = 3;
		return 1;
	}
	if (c->s[p] == '!' || c->s[p] == '?' || c->s[p] == ';') {
		*w = 1;
		return 1;
	}
	return 0;
}

/* Cuts a limit back to a character boundary. */
static size_t cut(const struct notice_ctx *c, size_t a, size_t lim)
{
	while (lim > a && lim < c->len && ((unsigned char)c->s[lim] & 0xC0) == 0x80)
		lim--;
	return lim;
}

static void trim_words(const struct notice_ctx *c, struct seg *g)
{
	size_t w;

	g->tb = g->b;
	while (g->tb > g->ta) {
		if (g->tb >= g->ta + 3 && (!memcmp(c->s + g->tb - 3, "。", 3) ||
					   !memcmp(c->s + g->tb - 3, "、", 3)))
			w = 3;
		else if (strchr(";:,!? \n", c->s[g->tb - 1]))
			w = 1;
		else
			break;
		g->tb -= w;
	}
	while (g->ta < g->tb && (c->s[g->ta] == ':' || c->s[g->ta] == ' '))
		g->ta++;
}

static void add_seg(struct notice_ctx *c, size_t a, size_t b, size_t ta, int kind, int marker)
{
	struct seg *g;

	c->sg = grow(c->sg, c->nsg, &c->asg, sizeof(*c->sg));
	g = &c->sg[c->nsg++];
	g->a = a;
	g->b = b;
	g->ta = ta;
	g->kind = kind;
	g->marker = marker;
	g->sec = SEC_NONE;
	g->group = -1;
	g->next = -1;
	trim_words(c, g);
	if (g->tb <= g->ta) {
		g->ta = a;
		g->tb = b;
	}
}

void nc_segment(struct notice_ctx *c)
{
	size_t p = 0, mi = 0, w;

	while (p < c->len) {
		size_t next_mk, lim, q;

		if (c->s[p] == '\n' || c->s[p] == ' ') {
			p++;
			continue;
		}
		while (mi < c->nmk && c->mk[mi].a < p)
			mi++;
		next_mk = mi < c->nmk ? c->mk[mi].a : c->len;
		if (mi < c->nmk && c->mk[mi].a == p) {
			/* a heading: the marker and its words up to the end of the sentence */
			const struct marker *m = &c->mk[mi];

			next_mk = mi + 1 < c->nmk ? c->mk[mi + 1].a : c->len;
			lim = cut(c, p, p + SEG_MAX < next_mk ? p + SEG_MAX : next_mk);
			for (q = m->b; q < lim; q++) {
				if (c->s[q] == '\n' || annotation_paren(c, q) || c->s[q] == ':' ||
				    nf_is_label(c->s, q, lim))
					break;
				if (is_terminal(c, q, &w)) {
					q += w;
					break;
				}
			}
			if (q < lim && c->s[q] == ':')
				q++;
			if (q == m->b)
				q = m->b;
			add_seg(c, p, q > m->b ? q : m->b, m->b,
				m->style == c->style || m->style < c->style ? SEG_TITLE : SEG_SENT,
				(int)mi);
			p = q > m->b ? q : m->b;
			mi++;
			continue;
		}
		lim = cut(c, p, p + SEG_MAX < next_mk ? p + SEG_MAX : next_mk);
		if (annotation_paren(c, p)) {
			int depth = 0;

			for (q = p; q < lim; q++) {
				if (c->s[q] == '(')
					depth++;
				else if (c->s[q] == ')' && --depth == 0) {
					q++;
					break;
				} else if (c->s[q] == '\n' || at(c, q, "。"))
					break;
			}
			add_seg(c, p, q, p, SEG_ANNOT, -1);
			p = q;
			continue;
		}
		if (nf_is_label(c->s, p, lim)) {
			for (q = p; q < lim && c->s[q] != '\n'; q++)
				if (at(c, q, "。")) {
					q += 3;
					break;
				}
			add_seg(c, p, q, p, SEG_ANNOT, -1);
			p = q;
			continue;
		}
		for (q = p; q < lim; q++) {
			if (c->s[q] == '\n' || (q > p && annotation_paren(c, q)))
				break;
			if (is_terminal(c, q, &w)) {
				q += w;
				break;
			}
		}
		if (q > lim)
			q = lim;
		if (q == p)
			q = p + 1;
		add_seg(c, p, q, p, SEG_SENT, -1);
		p = q;
	}
}

/* Sections: one per heading of the items' style or an outer style. */
void nc_sections(struct notice_ctx *c)
{
	static const char *const closers[] = { "各牵头单位", "各责任单位", "各地", "各级", "各有关",
					       "各市", "各县", "各部门", "各单位", "附件", NULL };
	size_t i, k, last_item_mk = 0;
	int cur = SEC_NONE, have = 0, prevno = 0, outer_seen = 0, restart = 0, seq = 0;

	c->sec = calloc(c->nmk + 1, sizeof(*c->sec));
	if (!c->sec)
		abort();
	/* does numbering restart under outer headings? */
	for (i = 0; i < c->nmk; i++) {
		if (c->mk[i].style < c->style)
			outer_seen = 1;
		if (c->mk[i].style == c->style) {
			if (c->mk[i].no == 1 && prevno && outer_seen)
				restart = 1;
			prevno = c->mk[i].no;
			outer_seen = 0;
			last_item_mk = i;
			have = 1;
		}
	}
	c->sequential = restart;
	c->closing = c->len;
	for (i = 0; i < c->nsg; i++) {
		struct seg *g = &c->sg[i];

		if (g->marker >= 0 && c->mk[g->marker].style <= c->style) {
			const struct marker *m = &c->mk[g->marker];
			struct section *s = &c->sec[c->nsec];

			s->marker = g->marker;
			s->item = 0;
			if (m->style == c->style) {
				int no = c->sequential ? ++seq : m->no;

				s->item = no <= MAX_ITEM_NO ? no : 0;
			}
			cur = (int)c->nsec++;
		}
		/* the closing paragraph, after the last item's heading */
		if (have && g->kind == SEG_SENT && g->marker < 0 && g->a > c->mk[last_item_mk].a &&
		    c->closing == c->len)
			for (k = 0; closers[k]; k++)
				if (at(c, g->ta, closers[k]))
					c->closing = g->a;
		g->sec = g->a >= c->closing ? SEC_CLOSING : cur;
	}
}


/* ---------- duplicated passages ---------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/*
 * How many code points differ between view[a, a+n) and view[b, b+n) (equal
 * byte lengths), up to max + 1; *span gets the code points from the first
 * differing one to the last.
 */
int nc_differing(const struct notice_ctx *c, size_t a, size_t b, size_t n, int max, int *span)
{
	size_t i = 0, na, nb;
	int d = 0, cp = 0, first = -1, last = -1;

	while (i < n && d <= max) {
		uint32_t x = nv_cp(c->s + a, n, i, &na), y = nv_cp(c->s + b, n, i, &nb);

		if (na != nb)
			return max + 1;
		if (x != y) {
			d++;
			if (first < 0)
				first = cp;
			last = cp;
		}
		cp++;
		i = na;
	}
	*span = first < 0 ? 0 : last - first + 1;
	return d;
}

/*
 * A near-duplicate of an earlier sentence, both said once: the same byte
 * length, one to NEAR_MAX characters changed within NEAR_SPAN consecutive
 * ones (a figure or a word altered in a copy; parallel sentences such as
 * 城市…570元 / 农村…440元 differ in two places and stay apart). At most 64
 * comparisons per sentence, so time stays linear. Returns the group or -1.
 */
#define NEAR_MAX 3
#define NEAR_SPAN 4
static int near_group(const struct notice_ctx *c, const int *to, size_t i, int *diff)
{
	const struct seg *g = &c->sg[i];
	size_t n = g->tb - g->ta, k, tries = 0;

	if (g->kind != SEG_SENT || n < 30 || c->gr[g->group].n != 1)
		return -1;
	for (k = i; k-- > 0 && tries < 64;) {
		const struct seg *x = &c->sg[k];
		int d, span;

		if (x->kind != SEG_SENT || x->tb - x->ta != n || c->gr[x->group].n != 1)
			continue;
		tries++;
		d = nc_differing(c, x->ta, g->ta, n, NEAR_MAX, &span);
		if (d >= 1 && d <= NEAR_MAX && span <= NEAR_SPAN) {
			*diff = d;
			return to[x->group];
		}
	}
	return -1;
}

/* Merges each near-duplicate's group into the group of the sentence it copies; renumbers the groups. */
static void merge_near(struct notice_ctx *c)
{
	int *to = malloc((c->ngr + 1) * sizeof(*to)), *nd = calloc(c->ngr + 1, sizeof(*nd));
	struct group *ng;
	size_t i, n = 0;
	int any = 0, d, t;

	if (!to || !nd)
		abort();
	for (i = 0; i < c->ngr; i++)
		to[i] = (int)i;
	for (i = 0; i < c->nsg; i++)
		if ((t = near_group(c, to, i, &d)) >= 0) {
			to[c->sg[i].group] = t;
			nd[t] = d > nd[t] ? d : nd[t];
			any = 1;
		}
	if (any) {
		ng = calloc(c->nsg + 1, sizeof(*ng));
		if (!ng)
			abort();
		for (i = 0; i < c->ngr; i++)       /* roots come before what joins them */
			if (to[i] == (int)i) {
				ng[n].near = nd[i];
				to[i] = (int)n++;
			} else
				to[i] = -1 - to[to[i]];
		for (i = 0; i < c->nsg; i++) {
			int g = c->sg[i].group;
			struct group *x;

			g = to[g] >= 0 ? to[g] : -1 - to[g];
			x = &ng[g];
			c->sg[i].group = g;
			c->sg[i].next = -1;
			if (!x->n++)
				x->first = x->rep = (int)i;
			else
				c->sg[x->last].next = (int)i;
			x->last = (int)i;
		}
		free(c->gr);
		c->gr = ng;
		c->ngr = n;
	}
	free(to);
	free(nd);
}

/* Groups segments with the same words, then near-duplicates with the sentence they copy; short ones stand alone. */
void nc_group_segments(struct notice_ctx *c)
{
	size_t cap = 64, i, mask;
	int *slot;

	while (cap < c->nsg * 2)
		cap *= 2;
	mask = cap - 1;
	slot = malloc(cap * sizeof(*slot));
	c->gr = calloc(c->nsg + 1, sizeof(*c->gr));
	if (!slot || !c->gr)
		abort();
	for (i = 0; i < cap; i++)
		slot[i] = -1;
	for (i = 0; i < c->nsg; i++) {
		struct seg *g = &c->sg[i];
		size_t n = g->tb - g->ta, h = (size_t)hash_bytes(c->s + g->ta, n);
		struct group *gr;

		/* the same words, whether a heading's or a sentence's (an item on one line, repeated) */
		if (n >= 24) {
			for (h &= mask; slot[h] >= 0; h = (h + 1) & mask) {
				struct group *x = &c->gr[slot[h]];
				const struct seg *f = &c->sg[x->first];

				if (f->tb - f->ta == n && (f->kind == SEG_ANNOT) == (g->kind == SEG_ANNOT) &&
				    !memcmp(c->s + f->ta, c->s + g->ta, n))
					break;
			}
			if (slot[h] >= 0) {
				gr = &c->gr[slot[h]];
				c->sg[gr->last].next = (int)i;
				gr->last = (int)i;
				gr->n++;
				g->group = slot[h];
				continue;
			}
			slot[h] = (int)c->ngr;
		}
		gr = &c->gr[c->ngr];
		gr->first = gr->last = (int)i;
		gr->n = 1;
		gr->rep = (int)i;
		gr->best = 0;
		g->group = (int)c->ngr++;
	}
	free(slot);
	merge_near(c);
}
