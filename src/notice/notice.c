/*
 * notice.c - the notice importer (see notice.h): item markers and sections,
 * segments and duplicated passages, placement of displaced text by evidence,
 * the header, targets, units and rounds, and the draft plan with its notes.
 *
 * The text is read once into a normalised view (view.c); everything below
 * works on view offsets and maps them back to the text only to quote. Each
 * step is one pass or a hash over the segments, so time is linear in the
 * input; the overlap evidence is built from at most PROFILE_MAX bytes per
 * item and looked up per segment.
 */
#include "notice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/text.h"
#include "notice/facts.h"
#include "notice/view.h"
#include "plan/plan.h"
#include "plan/units.h"
#include "core/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_ITEM_NO 200      /* item numbers beyond are not items */
#define SEG_MAX 4096         /* a segment (sentence) is cut at this many view bytes */
#define TITLE_MAX 90         /* bytes of a title before it is cut at a comma */
#define PROFILE_MAX 8192     /* view bytes of body text per item used as evidence */
#define MAX_PROFILED 64      /* items compared by overlap (a bit each) */
#define MAX_UNITS 48         /* units named in one annotation */
#define MAX_DATES 32         /* dates read in one segment */

/* Marker styles, outermost first as in official documents. */
enum style { ST_ARTICLE, ST_CN_DUN, ST_CN_PAREN, ST_DIGIT, ST_DIGIT_PAREN, ST_CIRCLED, ST_N };
static const char *const style_name[ST_N] = { "第一条", "一、", "（一）", "1.", "（1）", "①" };

struct marker {
	size_t a, b;         /* the marker, 一、 */
	int style, no;
};

enum seg_kind { SEG_SENT, SEG_TITLE, SEG_ANNOT };

#define SEC_NONE (-1)        /* preamble, or under an outer heading */
#define SEC_CLOSING (-2)     /* the closing paragraph: 各牵头单位要… */

struct seg {
	size_t a, b;         /* the whole segment, as hashed */
	size_t ta, tb;       /* its words: after any marker, without end punctuation */
	int kind;
	int marker;          /* the marker it starts with, or -1 */
	int sec;             /* its section, SEC_NONE or SEC_CLOSING */
	int group, next;     /* its passage group, the next segment of the group */
};

struct section {
	int marker, item;    /* item 0: an outer heading */
	int has_body;
};

enum { G_OUTSIDE = 0, G_PLACED, G_CONFLICT };

struct group {
	int first, last, n;
	int status, item, conf;
	int rep;             /* the occurrence quoted */
	int by_overlap;      /* placed against the position of some occurrence */
	int cand[4], ncand;  /* positions, for notes */
	int best;            /* the item overlap points to */
	int ntargets;
	int noted;           /* reported as part of a passage */
};

struct item {
	int nmark;           /* markers seen */
	int first_marker;
	int title_seg;       /* the title segment used */
	int has_body;
	int annot;           /* the annotation group placed here, or -1 */
	int idx;             /* bit in the overlap masks, or -1 */
	json_t *inds;
	int nk[8];           /* indicators per kind, for ids */
};

struct u64map {
	uint64_t *k, *v;
	size_t cap, n;
};

struct ctx {
	const struct notice_opts *o;
	struct notice_result *r;
	struct notice_view v;
	const char *s;       /* the view */
	size_t len;
	const char *t;       /* the text */
	size_t tlen;
	struct marker *mk;
	size_t nmk, amk;
	int style;           /* the items' style */
	int sequential;      /* numbering restarts under outer headings: number items in order */
	struct seg *sg;
	size_t nsg, asg;
	struct section *sec;
	size_t nsec;
	struct group *gr;
	size_t ngr;
	struct item it[MAX_ITEM_NO + 1];
	int maxno, nitems;
	int declared;
	size_t decl_a, decl_b;
	size_t closing;      /* view offset where the closing paragraph starts, or len */
	int oneliners;       /* items are mostly a single line: a bare title is normal */
	int year;
	json_t *notes, *facts, *targets, *units, *deadlines;
	json_t *topics, *dropped, *dropped_flag;   /* notes per topic; those not listed */
	int nnote;
	struct u64map bmask, bcount;
	int nprofiled;
};

/* ---------- small helpers ---------- */

static int at(const struct ctx *c, size_t p, const char *lit)
{
	size_t n = strlen(lit);

	return p + n <= c->len && memcmp(c->s + p, lit, n) == 0;
}

static const char *find(const struct ctx *c, size_t a, size_t b, const char *lit)
{
	if (b > c->len)
		b = c->len;
	if (a >= b)
		return NULL;
	return memmem(c->s + a, b - a, lit, strlen(lit));
}

static size_t off(const struct ctx *c, const char *p)
{
	return (size_t)(p - c->s);
}

static void *grow(void *p, size_t n, size_t *alloc, size_t size)
{
	if (n < *alloc)
		return p;
	*alloc = *alloc ? *alloc * 2 : 64;
	p = realloc(p, *alloc * size);
	if (!p)
		abort();
	return p;
}

/* A provenance object quoting view[a, b): the text's bytes there. */
static json_t *prov(const struct ctx *c, size_t a, size_t b, const char *basis, const char *note)
{
	size_t oa = nv_start(&c->v, a), ob = nv_end(&c->v, b);
	json_t *j = json_object();

	if (ob > c->tlen)
		ob = c->tlen;
	if (oa >= ob) {
		/* cannot happen for a non-empty span; keep the plan well-formed anyway */
		json_object_set_new(j, "basis", json_string("assumption"));
		json_object_set_new(j, "note", json_string(note ? note : "出处为空（导入程序内部错误）"));
		return j;
	}
	json_object_set_new(j, "quote", json_stringn(c->t + oa, ob - oa));
	json_object_set_new(j, "offset", json_integer((json_int_t)oa));
	json_object_set_new(j, "length", json_integer((json_int_t)(ob - oa)));
	json_object_set_new(j, "basis", json_string(basis));
	if (note)
		json_object_set_new(j, "note", json_string(note));
	return j;
}

/* A provenance object with no quote: an assumption and why. */
static json_t *assume(const char *note)
{
	return json_pack("{s:s, s:s}", "basis", "assumption", "note", note);
}

/* The view's words s[a, b) as a JSON string (folded forms, no breaks). */
static json_t *vstr(const struct ctx *c, size_t a, size_t b)
{
	json_t *j = json_stringn(c->s + a, b > a ? b - a : 0);

	return j ? j : json_string("");
}

/* The text's words for view[a, b) when they hold no line break, else the view's. */
static json_t *tstr(const struct ctx *c, size_t a, size_t b)
{
	size_t oa = nv_start(&c->v, a), ob = nv_end(&c->v, b);

	if (ob > oa && ob <= c->tlen && !memchr(c->t + oa, '\n', ob - oa) &&
	    !memchr(c->t + oa, '\r', ob - oa))
		return json_stringn(c->t + oa, ob - oa);
	return vstr(c, a, b);
}

__attribute__((format(printf, 5, 6)))
static json_t *note(struct ctx *c, const char *flag, int item, const char *topic,
		    const char *fmt, ...)
{
	struct ms_buf b = MS_BUF_INIT;
	json_t *n;
	va_list ap;
	char id[16];

	va_start(ap, fmt);
	ms_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* at most max_listed notes of one topic; the rest are counted, then summed up in one */
	{
		json_t *cnt = json_object_get(c->topics, topic);
		json_int_t k = cnt ? json_integer_value(cnt) : 0;

		json_object_set_new(c->topics, topic, json_integer(k + 1));
		if ((size_t)k >= c->o->max_listed) {
			n = json_pack("{s:s, s:[]}", "text", b.buf, "provenance");
			json_array_append_new(c->dropped, n);
			if (!json_object_get(c->dropped_flag, topic) || !strcmp(flag, "待核实"))
				json_object_set_new(c->dropped_flag, topic, json_string(flag));
			ms_buf_release(&b);
			return n;
		}
	}
	snprintf(id, sizeof(id), "N%d", ++c->nnote);
	n = json_pack("{s:s, s:s, s:o, s:s, s:s, s:[]}", "id", id, "flag", flag, "item",
		      item > 0 ? json_integer(item) : json_null(), "topic", topic, "text", b.buf,
		      "provenance");
	json_array_append_new(c->notes, n);
	if (!strcmp(flag, "待核实"))
		c->r->to_verify++;
	ms_buf_release(&b);
	return n;
}

static void note_quote(const struct ctx *c, json_t *n, size_t a, size_t b)
{
	json_t *pr = json_object_get(n, "provenance");

	if (b > a && json_array_size(pr) < c->o->max_listed)
		json_array_append_new(pr, prov(c, a, b, "text", NULL));
}

/* One note for each topic whose notes passed max_listed. */
static void dropped_notes(struct ctx *c)
{
	const char *topic;
	json_t *cnt;

	json_object_foreach(c->topics, topic, cnt) {
		json_int_t k = json_integer_value(cnt);
		json_t *n;

		if ((size_t)k <= c->o->max_listed)
			continue;
		n = json_pack("{s:s, s:s, s:n, s:s, s:s, s:[o]}", "id", "", "flag",
			      json_string_value(json_object_get(c->dropped_flag, topic)), "item",
			      "topic", topic, "text", "", "provenance",
			      assume("同类说明过多，只列出前若干条"));
		json_object_set_new(n, "id", json_sprintf("N%d", ++c->nnote));
		json_object_set_new(n, "text", json_sprintf("另有 %lld 条同类（%s）说明未列出：同类说明只列前 %zu 条。",
							     (long long)(k - (json_int_t)c->o->max_listed),
							     topic, c->o->max_listed));
		if (!strcmp(json_string_value(json_object_get(n, "flag")), "待核实"))
			c->r->to_verify++;
		json_array_append_new(c->notes, n);
	}
}

static void fact_span(const struct ctx *c, json_t *j, size_t a, size_t b)
{
	size_t oa = nv_start(&c->v, a), ob = nv_end(&c->v, b);

	if (ob <= oa || ob > c->tlen)
		return;
	json_object_set_new(j, "quote", json_stringn(c->t + oa, ob - oa));
	json_object_set_new(j, "offset", json_integer((json_int_t)oa));
	json_object_set_new(j, "length", json_integer((json_int_t)(ob - oa)));
}

static size_t cn_item(struct ms_buf *b, int no)
{
	size_t old = b->len;

	ms_cn_num_format(b, no);
	return b->len - old;
}

/* ---------- markers ---------- */

static int boundary_before(const struct ctx *c, size_t p)
{
	size_t st;
	uint32_t cp;

	if (p == 0)
		return 1;
	cp = nv_prev_cp(c->s, p, &st);
	return cp == '\n' || cp == 0x3002 || cp == '!' || cp == '?' || cp == ';' || cp == ':' ||
	       cp == ')' || cp == 0x300D || cp == 0x300F || cp == 0x201D || cp == '"' ||
	       cp == 0x3011 || cp == ' ';
}

static int is_cn_numeral(uint32_t cp)
{
	static const uint32_t d[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
				      0x516B, 0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007 };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(d); k++)
		if (d[k] == cp)
			return 1;
	return 0;
}

/* A run of up to max Chinese numerals at p: its value (1..999) and end, or -1. */
static int cn_run(const struct ctx *c, size_t p, int max, size_t *end)
{
	size_t q = p, nx;
	int64_t v;
	int n = 0;
	struct ms_err e;

	while (q < c->len && n <= max && is_cn_numeral(nv_cp(c->s, c->len, q, &nx))) {
		q = nx;
		n++;
	}
	*end = q;
	if (!n || n > max || ms_cn_num_parse(c->s + p, q - p, &v, &e) < 0 || v < 1 || v > 999)
		return -1;
	return (int)v;
}

static int digit_run(const struct ctx *c, size_t p, int max, size_t *end)
{
	size_t q = p;
	int v = 0;

	while (q < c->len && nv_is_digit(c->s[q]) && (int)(q - p) <= max)
		v = v * 10 + (c->s[q++] - '0');
	*end = q;
	if (q == p || (int)(q - p) > max || v < 1)
		return -1;
	return v;
}

/* A marker starting at view p (a boundary before it); 0 when none. */
static int marker_at(const struct ctx *c, size_t p, struct marker *m)
{
	size_t q, nx;
	uint32_t cp = nv_cp(c->s, c->len, p, &nx), after;
	int v;

	m->a = p;
	if (cp == '(') {
		if ((v = digit_run(c, nx, 3, &q)) > 0 && q < c->len && c->s[q] == ')') {
			m->style = ST_DIGIT_PAREN;
		} else if ((v = cn_run(c, nx, 4, &q)) > 0 && q < c->len && c->s[q] == ')') {
			m->style = ST_CN_PAREN;
		} else {
			return 0;
		}
		m->no = v;
		m->b = q + 1;
		return 1;
	}
	if (cp == 0x7B2C) { /* 第 */
		if ((v = cn_run(c, nx, 4, &q)) < 0 && (v = digit_run(c, nx, 3, &q)) < 0)
			return 0;
		if (!at(c, q, "条"))
			return 0;
		m->style = ST_ARTICLE;
		m->no = v;
		m->b = q + 3;
		return 1;
	}
	if (cp >= 0x2460 && cp <= 0x2473) {
		m->style = ST_CIRCLED;
		m->no = (int)(cp - 0x245F);
		m->b = nx;
		return 1;
	}
	if (is_cn_numeral(cp)) {
		if ((v = cn_run(c, p, 4, &q)) < 0 || !at(c, q, "、"))
			return 0;
		after = nv_cp(c->s, c->len, q + 3, &nx);
		if (is_cn_numeral(after) || nv_is_digit((int)after))
			return 0;
		m->style = ST_CN_DUN;
		m->no = v;
		m->b = q + 3;
		return 1;
	}
	if (nv_is_digit((int)cp)) {
		if ((v = digit_run(c, p, 3, &q)) < 0)
			return 0;
		if (at(c, q, "、"))
			m->b = q + 3;
		else if (q < c->len && c->s[q] == '.')
			m->b = q + 1;
		else
			return 0;
		after = nv_cp(c->s, c->len, m->b, &nx);
		if (nv_is_digit((int)after) || after == '%' || after == '\n' || m->b >= c->len ||
		    after == 0x3001)
			return 0;
		m->style = ST_DIGIT;
		m->no = v;
		return 1;
	}
	return 0;
}

static void find_markers(struct ctx *c)
{
	size_t p = 0, nx;

	while (p < c->len) {
		struct marker m;

		nv_cp(c->s, c->len, p, &nx);
		if (boundary_before(c, p) && marker_at(c, p, &m)) {
			c->mk = grow(c->mk, c->nmk, &c->amk, sizeof(*c->mk));
			c->mk[c->nmk++] = m;
			p = m.b;
			continue;
		}
		p = nx > p ? nx : p + 1;
	}
}

/* "办好10件…实事", "十件民生实事": how many items the notice promises. */
static void find_declared(struct ctx *c, size_t end)
{
	static const char *const verbs[] = { "办好", "办理", "实施", "推进", "完成", "集中力量办好", NULL };
	size_t p, q;

	if (end > 16384)
		end = 16384;
	for (p = 0; p < end; p++) {
		const char *hit;
		int64_t v;
		size_t k, numstart, x, st;

		if (!at(c, p, "件") && !at(c, p, "项"))
			continue;
		/* the number before it */
		q = p;
		while (q > 0 && (nv_is_digit(c->s[q - 1]) ||
				 is_cn_numeral(nv_prev_cp(c->s, q, &st))) && p - q < 12)
			q = nv_is_digit(c->s[q - 1]) ? q - 1 : st;
		if (q == p)
			continue;
		v = nf_number_at(c->s, q, p, &x);
		if (x != p || v < 1 || v > MAX_ITEM_NO)
			continue;
		hit = find(c, p, p + 60 < c->len ? p + 60 : c->len, "实事");
		if (!hit || find(c, p, off(c, hit), "。") || find(c, p, off(c, hit), ","))
			continue;
		numstart = q;
		for (k = 0; verbs[k]; k++)
			if (q >= strlen(verbs[k]) && !memcmp(c->s + q - strlen(verbs[k]), verbs[k],
							    strlen(verbs[k])))
				numstart = q - strlen(verbs[k]);
		c->declared = (int)v;
		c->decl_a = numstart;
		c->decl_b = off(c, hit) + 6;
		return;
	}
}

/* Picks the style the items are numbered in. */
static void choose_style(struct ctx *c)
{
	int n[ST_N] = { 0 }, maxno[ST_N] = { 0 }, annotated[ST_N] = { 0 };
	size_t i, last[ST_N];
	const char *hit;
	size_t p = 0;
	int s, best = -1, present = 0;

	for (s = 0; s < ST_N; s++)
		last[s] = (size_t)-1;
	for (i = 0; i < c->nmk; i++) {
		n[c->mk[i].style]++;
		if (c->mk[i].no > maxno[c->mk[i].style])
			maxno[c->mk[i].style] = c->mk[i].no;
	}
	for (s = 0; s < ST_N; s++)
		present += n[s] > 0;
	/* sections of each style that carry a 牵头 annotation */
	i = 0;
	while ((hit = find(c, p, c->len, "牵头"))) {
		size_t h = off(c, hit);

		for (; i < c->nmk && c->mk[i].a < h; i++)
			last[c->mk[i].style] = i;
		for (s = 0; s < ST_N; s++)
			if (last[s] != (size_t)-1) {
				annotated[s]++;
				last[s] = (size_t)-1;
			}
		p = h + 6;
	}
	if (c->declared)
		for (s = 0; s < ST_N && best < 0; s++)
			if (n[s] >= 1 && (maxno[s] == c->declared))
				best = s;
	if (best < 0)
		for (s = 0; s < ST_N; s++)
			if ((n[s] >= 2 || (present == 1 && n[s])) &&
			    (best < 0 || annotated[s] > annotated[best]))
				best = s;
	if (best < 0)
		for (s = 0; s < ST_N && best < 0; s++)
			if (n[s])
				best = s;
	c->style = best;
}

/* ---------- segments ---------- */

static int annotation_paren(const struct ctx *c, size_t p)
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

static int is_terminal(const struct ctx *c, size_t p, size_t *w)
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
static size_t cut(const struct ctx *c, size_t a, size_t lim)
{
	while (lim > a && lim < c->len && ((unsigned char)c->s[lim] & 0xC0) == 0x80)
		lim--;
	return lim;
}

static void trim_words(const struct ctx *c, struct seg *g)
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

static void add_seg(struct ctx *c, size_t a, size_t b, size_t ta, int kind, int marker)
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

static void segment(struct ctx *c)
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
static void sections(struct ctx *c)
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

static int sec_item(const struct ctx *c, int sec)
{
	return sec >= 0 ? c->sec[sec].item : 0;
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

/* Groups segments with the same words; short ones stand alone. */
static void group_segments(struct ctx *c)
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
}

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
static size_t bigrams(const struct ctx *c, size_t a, size_t b, uint64_t *out, size_t max)
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

static void profile_add(struct ctx *c, int idx, size_t a, size_t b, uint64_t *buf)
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
static void score(struct ctx *c, const struct seg *g, int self_idx, int *sc, uint64_t *buf)
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

static int item_of_idx(const struct ctx *c, int idx)
{
	int no;

	for (no = 1; no <= c->maxno; no++)
		if (c->it[no].idx == idx)
			return no;
	return 0;
}

/* Is the segment a body sentence that feeds its item's profile? */
static int feeds_profile(const struct ctx *c, const struct seg *g)
{
	return g->kind == SEG_SENT && c->gr[g->group].n == 1 && sec_item(c, g->sec) > 0;
}

static void place_groups(struct ctx *c)
{
	uint64_t *buf = malloc(MAX_BIGRAMS * sizeof(*buf));
	size_t fed[MAX_PROFILED] = { 0 }, i;
	int sc[MAX_PROFILED], no, k;

	if (!buf)
		abort();
	/* profiles: each item's title, then its own (not duplicated) sentences */
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
	for (i = 0; i < c->ngr; i++) {
		struct group *gr = &c->gr[i];
		const struct seg *f = &c->sg[gr->first];
		int cand[8], ncand = 0, best = -1, second = -1, x, bestc = -1, tie = 0, s;
		int self = -1, j;

		if (f->kind == SEG_ANNOT)
			continue;
		/* words that stand as an item's heading somewhere are that item's */
		for (j = gr->first; j >= 0; j = c->sg[j].next)
			if (c->sg[j].kind == SEG_TITLE)
				break;
		if (j >= 0) {
			int item = c->mk[c->sg[j].marker].style == c->style ? sec_item(c, c->sg[j].sec) : 0;

			gr->status = item > 0 ? G_PLACED : G_OUTSIDE;
			gr->item = item;
			gr->rep = j;
			gr->conf = 95;
			gr->best = item;
			continue;
		}
		for (j = gr->first; j >= 0; j = c->sg[j].next) {
			int item = sec_item(c, c->sg[j].sec);

			if (c->sg[j].sec == SEC_CLOSING || item <= 0)
				continue;
			for (x = 0; x < ncand && cand[x] != item; x++)
				;
			if (x == ncand && ncand < (int)ARRAY_SIZE(cand))
				cand[ncand++] = item;
		}
		for (x = 0; x < ncand && x < (int)ARRAY_SIZE(gr->cand); x++)
			gr->cand[x] = cand[x];
		gr->ncand = ncand < (int)ARRAY_SIZE(gr->cand) ? ncand : (int)ARRAY_SIZE(gr->cand);
		if (!ncand) {
			gr->status = G_OUTSIDE;
			continue;
		}
		if (feeds_profile(c, f))
			self = c->it[cand[0]].idx;
		score(c, f, self, sc, buf);
		for (k = 0; k < c->nprofiled; k++) {
			if (best < 0 || sc[k] > sc[best]) {
				second = best;
				best = k;
			} else if (second < 0 || sc[k] > sc[second]) {
				second = k;
			}
		}
		gr->best = best >= 0 && sc[best] > 0 ? item_of_idx(c, best) : 0;
		/* the best placed of the positions */
		for (x = 0; x < ncand; x++) {
			int idx = c->it[cand[x]].idx;

			s = idx >= 0 ? sc[idx] : 0;
			if (bestc < 0 || s > (c->it[cand[bestc]].idx >= 0 ? sc[c->it[cand[bestc]].idx] : 0)) {
				bestc = x;
				tie = 0;
			} else if (s == (c->it[cand[bestc]].idx >= 0 ? sc[c->it[cand[bestc]].idx] : 0)) {
				tie = 1;
			}
		}
		s = c->it[cand[bestc]].idx >= 0 ? sc[c->it[cand[bestc]].idx] : 0;
		/* overlap points clearly elsewhere: conflicting evidence */
		if (best >= 0 && gr->best && sc[best] >= 3 && sc[best] >= 3 * s + 2) {
			for (x = 0; x < ncand && cand[x] != gr->best; x++)
				;
			if (x == ncand) {
				gr->status = G_CONFLICT;
				continue;
			}
		}
		if (ncand > 1 && (tie || s == 0)) {
			gr->status = G_CONFLICT;
			continue;
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
	free(buf);
}

/* ---------- items, bodies and annotations ---------- */

static void collect_items(struct ctx *c)
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
static size_t title_end(const struct ctx *c, const struct seg *g)
{
	size_t q;

	if (g->tb - g->ta <= TITLE_MAX)
		return g->tb;
	for (q = g->ta; q < g->tb; q++)
		if (c->s[q] == ',')
			return q;
	return g->ta + (size_t)ms_utf8_clip(c->s + g->ta, g->tb - g->ta, TITLE_MAX);
}

static int has_figure(const struct ctx *c, size_t a, size_t b)
{
	struct nf_targets t = { 0 };
	size_t n;

	nf_find_targets(c->s, a, b, &t);
	n = t.n;
	free(t.v);
	return n > 0;
}

static void bodies(struct ctx *c)
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
		if (g->kind == SEG_TITLE && (title_end(c, g) < g->tb || has_figure(c, g->ta, g->tb)))
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
static int anchor_of(const struct ctx *c, int i)
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
static void split_annotations(struct ctx *c)
{
	size_t i, n = c->ngr;

	for (i = 0; i < n; i++) {
		struct group *gr = &c->gr[i];
		int j, an, g0 = -2, same = 1, next;

		if (gr->n < 2 || c->sg[gr->first].kind != SEG_ANNOT)
			continue;
		for (j = gr->first; j >= 0; j = c->sg[j].next) {
			an = anchor_of(c, j);
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

static void place_annotations(struct ctx *c)
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
			int item = sec_item(c, g->sec), an = anchor_of(c, j), cand = 0;

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

/* ---------- the header ---------- */

struct header {
	size_t nt_a, nt_b;       /* notice title */
	size_t is_a, is_b;       /* issuer */
	size_t ti_a, ti_b;       /* plan title */
	size_t da_a, da_b;       /* issue date */
	int y, m, d;
	size_t dn_a, dn_b;       /* document number */
	const char *region;      /* code */
};

static int ends_with(const struct ctx *c, size_t a, size_t b, const char *lit)
{
	size_t n = strlen(lit);

	return b >= a + n && !memcmp(c->s + b - n, lit, n);
}

static void find_header(struct ctx *c, struct header *h)
{
	static const char *const issuers[] = { "政府", "办公厅", "办公室", "委员会", "厅", "局",
					       "委", "办", NULL };
	static const char *const kinds[] = { "通知", "方案", "意见", "决定", "办法", NULL };
	size_t lim = c->len < 16384 ? c->len : 16384, p, k, sa = 0;
	const char *hit;
	int y, m, d;

	memset(h, 0, sizeof(*h));
	/* 《…》 */
	if ((hit = find(c, 0, lim, "《"))) {
		const char *e = find(c, off(c, hit) + 3, off(c, hit) + 3 + 240, "》");

		if (e && off(c, e) > off(c, hit) + 3) {
			h->ti_a = off(c, hit) + 3;
			h->ti_b = off(c, e);
		}
	}
	/* 江西省人民政府关于印发…的通知 */
	if ((hit = find(c, 0, lim, "关于"))) {
		size_t ga = off(c, hit), best = 0, si = 0;

		for (k = 0; k < c->nsg && c->sg[k].a <= ga; k++) {
			sa = c->sg[k].a;
			si = k;
		}
		if (ga - sa > 60)
			sa = ga;
		/* …的通知 when it says so, else the first of 方案, 意见… */
		for (k = 0; kinds[k] && !(k && best); k++) {
			const char *e = find(c, ga, ga + 300, kinds[k]);

			if (e && (!best || off(c, e) + strlen(kinds[k]) < best))
				best = off(c, e) + strlen(kinds[k]);
		}
		if (best) {
			h->nt_a = sa;
			h->nt_b = best;
			for (k = 0; issuers[k] && ga > sa; k++)
				if (ends_with(c, sa, ga, issuers[k])) {
					h->is_a = sa;
					h->is_b = ga;
					break;
				}
			/* 九江市人民政府⏎关于印发…: the issuer on the line before */
			if (ga == sa && si > 0 && c->sg[si - 1].tb - c->sg[si - 1].ta <= 60)
				for (k = 0; issuers[k]; k++)
					if (ends_with(c, c->sg[si - 1].ta, c->sg[si - 1].tb, issuers[k])) {
						h->is_a = c->sg[si - 1].ta;
						h->is_b = c->sg[si - 1].tb;
						break;
					}
			if (!h->ti_b) {
				const char *pa = find(c, ga, best, "印发"), *pe = find(c, ga, best, "的通知");

				if (pa && pe && pe > pa + 6) {
					h->ti_a = off(c, pa) + 6;
					h->ti_b = off(c, pe);
				}
			}
		}
	}
	if (!h->ti_b && h->nt_b) {
		h->ti_a = h->nt_a;
		h->ti_b = h->nt_b;
	}
	/* 发布日期:2023-02-20, else a date standing alone (the signature) */
	for (k = 0; k < 3 && !h->da_b; k++) {
		static const char *const labels[] = { "发布日期:", "成文日期:", "印发日期:" };

		if ((hit = find(c, 0, lim, labels[k]))) {
			p = off(c, hit) + strlen(labels[k]);
			if ((h->da_b = nf_full_date_at(c->s, p, c->len, &y, &m, &d))) {
				h->da_a = p;
				h->y = y;
				h->m = m;
				h->d = d;
			}
		}
	}
	for (p = 0; p + 4 < c->len && !h->da_b; p++) {
		size_t e;

		if (!nv_is_digit(c->s[p]) || (p && nv_is_digit(c->s[p - 1])) || !boundary_before(c, p))
			continue;
		if ((e = nf_full_date_at(c->s, p, c->len, &y, &m, &d)) &&
		    (e == c->len || c->s[e] == '\n' || c->s[e] == '(' || at(c, e, "。"))) {
			h->da_a = p;
			h->da_b = e;
			h->y = y;
			h->m = m;
			h->d = d;
		}
	}
	/* 赣府字〔2023〕5号 */
	for (p = 0; p < lim; p++) {
		static const char *const open[] = { "〔", "[", "【", NULL }, *const close[] = { "〕", "]", "】", NULL };
		size_t q, w = 0, st;

		for (k = 0; open[k]; k++)
			if (at(c, p, open[k]))
				w = strlen(open[k]);
		if (!w)
			continue;
		q = p + w;
		if (q + 4 > c->len || !nv_is_digit(c->s[q]) || !nv_is_digit(c->s[q + 1]) ||
		    !nv_is_digit(c->s[q + 2]) || !nv_is_digit(c->s[q + 3]))
			continue;
		q += 4;
		for (k = 0; close[k]; k++)
			if (at(c, q, close[k]))
				break;
		if (!close[k])
			continue;
		q += strlen(close[k]);
		if (q >= c->len || !nv_is_digit(c->s[q]))
			continue;
		while (q < c->len && nv_is_digit(c->s[q]))
			q++;
		if (!at(c, q, "号"))
			continue;
		h->dn_b = q + 3;
		h->dn_a = p;
		for (k = 0; k < 6 && h->dn_a > 0; k++) {
			uint32_t cp = nv_prev_cp(c->s, h->dn_a, &st);

			/* 赣府字, 洪府办发 — not the 通知 or 的 of a title run into it */
			if (!nv_is_cjk(cp) || cp == 0x77E5 || cp == 0x7684 || cp == 0x6848 || cp == 0x6CD5 ||
			    cp == 0x89C1)
				break;
			h->dn_a = st;
		}
		break;
	}
}

static const char *region_of(const struct ctx *c, const struct header *h)
{
	const struct plan_orgs *o = c->o->orgs;
	const char *best = NULL;
	size_t k, bestlen = 0, pass;

	for (pass = 0; o && pass < 2 && !best; pass++) {
		size_t a = pass ? h->nt_a : h->is_a, b = pass ? h->nt_b : h->is_b;

		for (k = 0; k < o->n; k++) {
			const struct plan_org *g = &o->v[k];
			size_t n = strlen(g->name);

			if (strcmp(g->kind, "province") && strcmp(g->kind, "city") &&
			    strcmp(g->kind, "county"))
				continue;
			if (n >= 6 && n > bestlen && b >= a + n && !memcmp(c->s + a, g->name, n)) {
				best = g->code;
				bestlen = n;
			}
		}
	}
	return best;
}

/* ---------- facts into the draft ---------- */

static const char *kind_of_unit(const char *unit, const char **agg)
{
	const struct plan_unit *u = plan_unit_find(unit);

	if (!u) {
		*agg = "none";
		return NULL;
	}
	switch (u->kind) {
	case PLAN_KIND_MONEY:
		*agg = "sum";
		return "money";
	case PLAN_KIND_STANDARD:
		*agg = "each-region";
		return "standard";
	case PLAN_KIND_RATE:
		*agg = "ratio";
		return "rate";
	default:
		*agg = "sum";
		return "count";
	}
}

static json_t *indicator_id(struct ctx *c, int no, const char *kind)
{
	static const char *const kinds[] = { "money", "standard", "rate", "count", "qualitative" };
	size_t k;
	char id[64];

	for (k = 0; k < ARRAY_SIZE(kinds) && strcmp(kinds[k], kind); k++)
		;
	snprintf(id, sizeof(id), "%d.%s_%d", no, kind, ++c->it[no].nk[k]);
	return json_string(id);
}

/* Appends "150亿元" / "885元/人·月" / "300公里" as a person writes it. */
static void show_value(struct ms_buf *b, const struct nf_target *t)
{
	if (plan_unit_find(t->unit) && plan_value_format(b, t->unit, t->value) == 0)
		return;
	if (!strncmp(t->unit, "元", 3)) {
		ms_money_format_display(b, t->value);
		ms_buf_adds(b, t->unit + 3);
	} else {
		ms_buf_addf(b, "%lld%s", (long long)t->value, t->unit);
	}
}

static void add_target(struct ctx *c, int no, const struct nf_target *t, const struct group *gr)
{
	const char *agg, *kind = kind_of_unit(t->unit, &agg);
	struct ms_buf nb = MS_BUF_INIT, vb = MS_BUF_INIT;
	json_t *ind, *fact;
	char conf[96];

	show_value(&vb, t);
	snprintf(conf, sizeof(conf), "置信度 %d%%", gr->conf);
	fact = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:b, s:I, s:s}", "item", (json_int_t)no,
			 "name", t->name, "value_text", vb.buf, "value", (json_int_t)t->value, "unit",
			 t->unit, "comparator", t->cmp == '<' ? "<=" : ">=", "comparator_stated",
			 t->cmp != 0, "confidence", (json_int_t)gr->conf, "placement",
			 gr->by_overlap ? "position+overlap" : "position");
	if (t->cmp_word)
		json_object_set_new(fact, "comparator_words", json_string(t->cmp_word));
	fact_span(c, fact, t->q_a, t->q_b);
	if (t->has_base) {
		json_object_set_new(fact, "baseline", json_integer(t->base));
		json_object_set_new(fact, "baseline_basis", json_string(t->base_text ? "text" : "inferred"));
	}
	json_object_set_new(fact, "in_plan", json_boolean(kind != NULL && !t->increase));
	json_array_append_new(c->targets, fact);
	c->r->targets++;

	if (t->increase)
		json_object_set_new(fact, "increase", json_true());
	if (!kind || t->increase) {
		if (t->increase)
			ms_buf_addf(&nb, "原文只说提高（增加）%s，未载明原标准或应达到的数值，按定性指标记录，待核实。置信度 %d%%。",
				    vb.buf, gr->conf);
		else
			ms_buf_addf(&nb, "目标：%s。单位“%s”不在计划格式的单位表中（%s），按定性指标记录，待核实。置信度 %d%%。",
				    vb.buf, t->unit, plan_unit_names(), gr->conf);
		ind = json_pack("{s:o, s:s, s:s, s:n, s:n, s:n, s:n, s:s, s:o}", "id",
				indicator_id(c, no, "qualitative"), "name", t->name, "kind",
				"qualitative", "unit", "comparator", "target", "baseline",
				"aggregation", "none", "provenance",
				prov(c, t->q_a, t->q_b, "text", nb.buf));
		json_array_append_new(c->it[no].inds, ind);
		ms_buf_release(&nb);
		ms_buf_release(&vb);
		return;
	}
	if (t->cmp == '>')
		ms_buf_addf(&nb, "%s%s → >=。", vb.buf, t->cmp_word ? t->cmp_word : "以上");
	else if (t->cmp == '<')
		ms_buf_addf(&nb, "%s%s → <=。", vb.buf, t->cmp_word ? t->cmp_word : "以内");
	else
		ms_buf_addf(&nb, "%s；原文未注明“以上”%s，比较符按 >= 记录（达到或超过即视为完成），管理员可修改。",
			    vb.buf, t->cmp_word && !strcmp(t->cmp_word, "达到") ? "（“达到”）" : "");
	ms_buf_addf(&nb, " 置信度 %d%%（%s）。", gr->conf,
		    gr->by_overlap ? "重复出现，按位置和与本项标题、其他句子的重合度归入" :
		    gr->conf >= 90 ? "位于本项之下，且与本项标题、其他句子重合" :
		    "位于本项之下");
	ind = json_pack("{s:o, s:s, s:s, s:s, s:s, s:I, s:n, s:s, s:o}", "id",
			indicator_id(c, no, kind), "name", t->name, "kind", kind, "unit", t->unit,
			"comparator", t->cmp == '<' ? "<=" : ">=", "target", (json_int_t)t->value,
			"baseline", "aggregation", agg, "provenance",
			prov(c, t->q_a, t->q_b, "text", nb.buf));
	if (t->has_base && t->base >= 0) {
		struct ms_buf bn = MS_BUF_INIT;
		struct nf_target bt = *t;

		bt.value = t->base;
		ms_buf_reset(&vb);
		show_value(&vb, &bt);
		if (t->base_text)
			ms_buf_addf(&bn, "原标准 %s（原文所述起点）", vb.buf);
		else
			ms_buf_addf(&bn, "原标准 %s：目标减去增幅（推算）", vb.buf);
		json_object_set_new(ind, "baseline", json_integer(t->base));
		json_object_set_new(ind, "baseline_provenance",
				    prov(c, t->b_a, t->b_b, t->base_text ? "text" : "inferred", bn.buf));
		ms_buf_release(&bn);
	}
	json_array_append_new(c->it[no].inds, ind);
	ms_buf_release(&nb);
	ms_buf_release(&vb);
}

static void add_qualitative(struct ctx *c, int no, size_t a, size_t b, const char *why)
{
	size_t nb = a + (size_t)ms_utf8_clip(c->s + a, b - a, 150);
	json_t *ind = json_pack("{s:o, s:o, s:s, s:n, s:n, s:n, s:n, s:s, s:o}", "id",
				indicator_id(c, no, "qualitative"), "name", vstr(c, a, nb),
				"kind", "qualitative", "unit", "comparator", "target", "baseline",
				"aggregation", "none", "provenance", prov(c, a, b, "text", why));

	json_array_append_new(c->it[no].inds, ind);
}

static void add_deadlines(struct ctx *c, int no, size_t a, size_t b)
{
	struct nf_date d[MAX_DATES];
	size_t n = nf_find_dates(c->s, a, b, d, MAX_DATES), k;

	for (k = 0; k < n; k++) {
		json_t *j;

		if (!d[k].before && d[k].kind != NF_DATE_YEAR_END && d[k].kind != NF_DATE_MONTH_END)
			continue;
		j = json_pack("{s:I, s:s}", "item", (json_int_t)no, "kind",
			      d[k].kind == NF_DATE_YEAR_END ? "year_end" :
			      d[k].kind == NF_DATE_MONTH_END ? "month_end" : "date");
		if (d[k].y && d[k].m && d[k].d) {
			char iso[16];

			snprintf(iso, sizeof(iso), "%04d-%02d-%02d", d[k].y, d[k].m, d[k].d);
			json_object_set_new(j, "date", json_string(iso));
		}
		fact_span(c, j, d[k].a, d[k].b + (d[k].before ? 3 : 0));
		json_array_append_new(c->deadlines, j);
	}
}

static const struct plan_org *org_named(const struct ctx *c, const char *name, size_t n)
{
	size_t k;

	for (k = 0; c->o->orgs && k < c->o->orgs->n; k++)
		if (strlen(c->o->orgs->v[k].name) == n && !memcmp(c->o->orgs->v[k].name, name, n))
			return &c->o->orgs->v[k];
	return NULL;
}

static void add_units(struct ctx *c, int no, json_t *item, const struct group *gr)
{
	const struct seg *g = &c->sg[gr->rep];
	struct nf_unit u[MAX_UNITS];
	size_t n = nf_find_units(c->s, g->a, g->b, u, MAX_UNITS), k;
	json_t *lead = json_object_get(item, "lead_units"), *resp = json_object_get(item, "responsible_units");
	json_t *seen = json_object();

	for (k = 0; k < n; k++) {
		const struct plan_org *o = org_named(c, c->s + u[k].a, u[k].b - u[k].a);
		int role = u[k].first_is_lead ? NF_LEAD : u[k].role;
		json_t *f = json_pack("{s:I, s:s, s:o, s:o, s:I}", "item", (json_int_t)no, "role",
				      role == NF_LEAD ? "lead" : role == NF_RESPONSIBLE ? "responsible" :
				      "assisting", "name", vstr(c, u[k].a, u[k].b), "org",
				      o ? json_string(o->code) : json_null(), "confidence",
				      (json_int_t)gr->conf);
		const char *why = NULL;
		char buf[160];

		fact_span(c, f, u[k].a, u[k].b);
		json_array_append_new(c->units, f);
		if (!o) {
			json_t *nt = note(c, "待核实", no, "unit_name",
					  "单位“%.*s”不在单位表（data/regions/units.csv）中，未列入第%d项的%s；请核对名称或补入单位表。",
					  (int)(u[k].b - u[k].a), c->s + u[k].a, no,
					  role == NF_LEAD ? "牵头单位" : "责任单位");

			note_quote(c, nt, u[k].a, u[k].b);
			continue;
		}
		if (json_object_get(seen, o->code))
			continue;
		json_object_set_new(seen, o->code, json_true());
		if (u[k].first_is_lead)
			why = "列第一位的为牵头单位";
		else if (role == NF_ASSISTING)
			why = "原文列为配合单位，计入责任单位";
		if (gr->conf < 90) {
			snprintf(buf, sizeof(buf), "%s%s置信度 %d%%（标注与本项正文的位置关系见相关说明）",
				 why ? why : "", why ? "；" : "", gr->conf);
			why = buf;
		}
		json_array_append_new(role == NF_LEAD ? lead : resp,
				      json_pack("{s:s, s:s, s:o}", "org", o->code, "name", o->name,
						"provenance", prov(c, u[k].a, u[k].b, "text", why)));
	}
	json_decref(seen);
}

/* ---------- notes on structure ---------- */

/* Consecutive duplicated segments whose every occurrence follows the one before form one passage. */
static int passage_continues(const struct ctx *c, int i)
{
	const struct group *a = &c->gr[c->sg[i].group], *b;
	int x, y;

	if (i + 1 >= (int)c->nsg)
		return 0;
	b = &c->gr[c->sg[i + 1].group];
	if (a->n < 2 || b->n != a->n || a == b || c->sg[i + 1].kind == SEG_TITLE ||
	    c->sg[i].kind == SEG_TITLE)
		return 0;
	for (x = a->first, y = b->first; x >= 0 && y >= 0; x = c->sg[x].next, y = c->sg[y].next)
		if (y != x + 1)
			return 0;
	return 1;
}

static void duplicate_notes(struct ctx *c)
{
	size_t max = c->o->max_listed, i;

	for (i = 0; i < c->nsg; i++) {
		struct group *gr = &c->gr[c->sg[i].group];
		int last = (int)i, x, y, k, nlisted = 0, item;
		json_t *n, *occ;
		struct ms_buf txt = MS_BUF_INIT;
		size_t clip;

		if (gr->n < 2 || gr->noted || gr->first != (int)i)
			continue;
		while (passage_continues(c, last))
			last++;
		for (k = (int)i; k <= last; k++)
			c->gr[c->sg[k].group].noted = 1;
		c->r->duplicates++;
		item = gr->status == G_PLACED ? gr->item : 0;
		clip = (size_t)ms_utf8_clip(c->s + c->sg[i].ta, c->sg[last].tb - c->sg[i].ta, 60);
		ms_buf_addf(&txt, "这段文字（“%.*s%s”）完全相同地出现 %d 次；只记一次",
			    (int)clip, c->s + c->sg[i].ta,
			    clip < c->sg[last].tb - c->sg[i].ta ? "…" : "", gr->n);
		if (c->sg[i].kind == SEG_TITLE)
			ms_buf_adds(&txt, "（重复的标题）");
		else if (item)
			ms_buf_addf(&txt, "，归入第%d项%s", item,
				    gr->by_overlap ? "（各处位置不一，按与该项标题和其他句子的重合度确定）" : "");
		else if (gr->status == G_CONFLICT)
			ms_buf_adds(&txt, "，归属有冲突（见待核实说明）");
		ms_buf_adds(&txt, "。");
		n = note(c, "已记录", item, "duplicate_passage", "%s", txt.buf);
		occ = json_array();
		for (x = (int)i, y = last; x >= 0; x = c->sg[x].next, y = y >= 0 ? c->sg[y].next : -1) {
			if ((size_t)nlisted++ < max) {
				json_t *o = json_object();

				fact_span(c, o, c->sg[x].a, y >= 0 ? c->sg[y].b : c->sg[x].b);
				json_object_set_new(o, "section_item", json_integer(sec_item(c, c->sg[x].sec)));
				json_array_append_new(occ, o);
				note_quote(c, n, c->sg[x].a, y >= 0 ? c->sg[y].b : c->sg[x].b);
			}
		}
		if ((size_t)nlisted > max) {
			json_object_set_new(n, "text", json_sprintf("%s（列出前 %zu 处，共 %d 处）", txt.buf, max, nlisted));
		}
		json_array_append_new(json_object_get(c->facts, "duplicates"),
				      json_pack("{s:s, s:I, s:o}", "text", txt.buf, "occurrences",
						(json_int_t)gr->n, "places", occ));
		ms_buf_release(&txt);
	}
}

static void conflict_notes(struct ctx *c)
{
	size_t i;
	int k;

	for (i = 0; i < c->ngr; i++) {
		struct group *gr = &c->gr[i];
		const struct seg *f = &c->sg[gr->first];
		struct ms_buf b = MS_BUF_INIT;
		json_t *n;
		int j;

		if (gr->status != G_CONFLICT)
			continue;
		if (f->kind == SEG_ANNOT) {
			int weak = 0;

			for (j = gr->first; j >= 0; j = c->sg[j].next) {
				int an = anchor_of(c, j);

				weak |= an >= 0 && c->sg[an].kind == SEG_TITLE;
			}
			if (gr->best && !weak && c->it[gr->best].annot >= 0)
				ms_buf_addf(&b, "单位标注位于第%d项之下，但该项已有单位标注（取第一处）；本标注未计入任何一项。",
					    gr->best);
			else if (weak)
				ms_buf_addf(&b, "单位标注紧接第%d项的标题，其间没有正文（标题后缺正文，常见于段落错位处）；按本通知体例难以确定它属于该项还是与错位段落一同移来的，故未计入任何一项。",
					    gr->best ? gr->best : sec_item(c, f->sec));
			else
				ms_buf_adds(&b, "单位标注前一句的归属有冲突或各处位置所指事项不一，故未计入任何一项。");
			n = note(c, "待核实", gr->best ? gr->best : 0, "lead_unit", "%s", b.buf);
		} else {
			ms_buf_adds(&b, "句子的位置与内容所指不一：位于");
			for (k = 0; k < gr->ncand; k++)
				ms_buf_addf(&b, "%s第%d项", k ? "、" : "", gr->cand[k]);
			ms_buf_adds(&b, "之下");
			if (gr->best)
				ms_buf_addf(&b, "，而与第%d项的标题和其他句子重合最多", gr->best);
			ms_buf_adds(&b, "。未归入任何一项，其中的数字未列为指标。");
			n = note(c, "待核实", gr->best, "placement", "%s", b.buf);
		}
		for (j = gr->first; j >= 0; j = c->sg[j].next)
			note_quote(c, n, c->sg[j].ta, c->sg[j].tb);
		ms_buf_release(&b);
	}
}

static void numbering_notes(struct ctx *c)
{
	size_t i;
	int prev = 0, no;

	/* repeats and numbers out of order */
	for (no = 1; no <= c->maxno; no++) {
		json_t *n;

		if (c->it[no].nmark < 2)
			continue;
		n = note(c, "已记录", no, "duplicate_marker",
			 "第%d项的编号出现 %d 次；标题取有正文的一处，各处之下的文字都按第%d项的位置参与归属。",
			 no, c->it[no].nmark, no);
		for (i = 0; i < c->nsg; i++)
			if (c->sg[i].kind == SEG_TITLE && c->sg[i].sec >= 0 &&
			    c->sec[c->sg[i].sec].item == no && c->mk[c->sg[i].marker].style == c->style)
				note_quote(c, n, c->sg[i].a, c->sg[i].tb);
	}
	for (i = 0; i < c->nsec && !c->sequential; i++) {
		int it = c->sec[i].item;

		if (it <= 0)
			continue;
		if (prev && it < prev) {
			const struct marker *m = &c->mk[c->sec[i].marker];
			json_t *n = note(c, "已记录", it, "placement",
					 "编号顺序有误：第%d项的标题出现在第%d项之后（段落错位）；按编号归入第%d项。",
					 it, prev, it);

			note_quote(c, n, m->a, c->sg[c->it[it].title_seg].tb > m->a ?
				   c->sg[c->it[it].title_seg].tb : m->b);
		}
		prev = it;
	}
}

/* ---------- rounds ---------- */

struct round {
	int y, m, d;
	int eval;
	size_t a, b;
	const char *basis;
	char why[200];
};

static int cmp_round(const void *x, const void *y)
{
	const struct round *a = x, *b = y;

	if (a->y != b->y)
		return a->y - b->y;
	if (a->m != b->m)
		return a->m - b->m;
	return a->d - b->d;
}

static json_t *rounds(struct ctx *c)
{
	struct round r[64];
	size_t nr = 0, i, k;
	json_t *arr = json_array();
	int np = 0;

	for (i = 0; i < c->ngr && nr < ARRAY_SIZE(r); i++) {
		const struct group *gr = &c->gr[i];
		const struct seg *g = &c->sg[gr->first];
		struct nf_date d[MAX_DATES];
		size_t nd;
		int yctx = c->year, report, eval;

		if (g->kind != SEG_SENT || gr->status == G_PLACED)
			continue;
		report = (find(c, g->ta, g->tb, "报送") || find(c, g->ta, g->tb, "上报")) &&
			 (find(c, g->ta, g->tb, "进展") || find(c, g->ta, g->tb, "进度") ||
			  find(c, g->ta, g->tb, "情况"));
		eval = find(c, g->ta, g->tb, "评议") || find(c, g->ta, g->tb, "评估") ||
		       find(c, g->ta, g->tb, "评价") || find(c, g->ta, g->tb, "考核");
		if (!report && !eval)
			continue;
		nd = nf_find_dates(c->s, g->ta, g->tb, d, MAX_DATES);
		for (k = 0; k < nd && nr < ARRAY_SIZE(r); k++) {
			struct round *x = &r[nr];

			memset(x, 0, sizeof(*x));
			if (d[k].y)
				yctx = d[k].y;
			x->a = d[k].a;
			x->b = d[k].b;
			if (report && (d[k].kind == NF_DATE_FULL || d[k].kind == NF_DATE_MD ||
				       d[k].kind == NF_DATE_MONTH_END)) {
				x->y = d[k].y ? d[k].y : yctx;
				x->m = d[k].m;
				x->d = d[k].kind == NF_DATE_MONTH_END ? ms_days_in_month(x->y, x->m) : d[k].d;
				x->basis = d[k].kind == NF_DATE_MONTH_END ? "inferred" : "text";
				if (d[k].kind == NF_DATE_MONTH_END)
					snprintf(x->why, sizeof(x->why), "“月底”记为该月最后一日%s。",
						 d[k].y ? "" : "；年份沿用同句前一日期的年份（或计划年度）");
				else if (!d[k].y)
					snprintf(x->why, sizeof(x->why), "年份%d沿用同句前一日期的年份（或计划年度）。", x->y);
				nr++;
			} else if (eval && !report && (d[k].kind == NF_DATE_YEAR_START ||
						     d[k].kind == NF_DATE_YEAR_END ||
						     d[k].kind == NF_DATE_FULL) && d[k].y) {
				x->eval = 1;
				x->y = d[k].y;
				if (d[k].kind == NF_DATE_FULL) {
					x->m = d[k].m;
					x->d = d[k].d;
					x->basis = "text";
				} else {
					x->m = d[k].kind == NF_DATE_YEAR_START ? 3 : 12;
					x->d = 31;
					x->basis = "assumption";
					snprintf(x->why, sizeof(x->why), "原文仅称“%s”，并非具体日期；假定截止于%d-%02d-31。管理员可予修改。",
						 d[k].kind == NF_DATE_YEAR_START ? "年初" : "年底", x->y, x->m);
				}
				nr++;
			}
		}
	}
	qsort(r, nr, sizeof(r[0]), cmp_round);
	for (i = 0; i < nr; i++) {
		struct ms_buf label = MS_BUF_INIT;
		char due[16];

		if (i && !cmp_round(&r[i - 1], &r[i]))
			continue;
		if (r[i].y < 1900 || r[i].y > 2199)
			continue;
		snprintf(due, sizeof(due), "%04d-%02d-%02d", r[i].y, r[i].m, r[i].d);
		if (r[i].eval) {
			ms_buf_adds(&label, "年度评议评估");
		} else {
			ms_buf_adds(&label, "第");
			cn_item(&label, ++np);
			ms_buf_adds(&label, "次进展报送");
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "due_on", due, "kind",
						     r[i].eval ? "evaluation" : "progress", "label",
						     label.buf, "provenance",
						     prov(c, r[i].a, r[i].b, r[i].basis,
							  r[i].why[0] ? r[i].why : NULL)));
		ms_buf_release(&label);
	}
	if (!json_array_size(arr)) {
		char due[16], why[200];

		snprintf(due, sizeof(due), "%04d-12-31", c->year);
		snprintf(why, sizeof(why), "通知未载明报送节点；假定%d年年底进行年度评估。管理员可予修改。", c->year);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "due_on", due, "kind",
						     "evaluation", "label", "年度评估", "provenance",
						     assume(why)));
		json_array_append_new(json_object_get(note(c, "待核实", 0, "rounds", "%s", why), "provenance"),
				      assume(why));
	}
	return arr;
}

/* ---------- the draft ---------- */

static void make_id(char *id, size_t cap, const char *want, const char *name)
{
	const char *s = want ? want : name ? name : "notice", *base = strrchr(s, '/');
	size_t n = 0, k, end;

	s = base && !want ? base + 1 : s;
	end = strlen(s);
	if (!want && end > 4 && !strcmp(s + end - 4, ".txt"))
		end -= 4;
	for (k = 0; k < end && n + 1 < cap; k++) {
		char ch = s[k];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			id[n++] = ch;
		else if (n && id[n - 1] != '-')
			id[n++] = '-';
	}
	while (n && id[n - 1] == '-')
		n--;
	id[n] = '\0';
	if (!n)
		snprintf(id, cap, "notice");
}

static void build_items(struct ctx *c, json_t *items)
{
	int no, total = c->maxno > c->declared ? c->maxno : c->declared;
	size_t i;

	if (total > MAX_ITEM_NO)
		total = MAX_ITEM_NO;
	for (no = 1; no <= total; no++)
		c->it[no].inds = json_array();
	/* targets and qualitative sentences, in text order of their quoted occurrence */
	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		struct group *gr = &c->gr[g->group];
		struct nf_targets t = { 0 };
		size_t k;
		int no2;

		if (g->kind == SEG_TITLE) {
			no2 = sec_item(c, g->sec);
			if (no2 <= 0 || c->it[no2].title_seg != (int)i)
				continue;
			nf_find_targets(c->s, g->ta, g->tb, &t);
			for (k = 0; k < t.n; k++) {
				struct group tg = *gr;

				tg.conf = 95;
				tg.by_overlap = 0;
				add_target(c, no2, &t.v[k], &tg);
			}
			add_deadlines(c, no2, g->ta, g->tb);
			free(t.v);
			continue;
		}
		if (g->kind != SEG_SENT || gr->rep != (int)i)
			continue;
		nf_find_targets(c->s, g->ta, g->tb, &t);
		gr->ntargets = (int)t.n;
		if (gr->status != G_PLACED) {
			/* facts outside the items, for the record */
			for (k = 0; k < t.n; k++) {
				json_t *f = json_pack("{s:i, s:s, s:I, s:s, s:s}", "item", 0, "name",
						      t.v[k].name, "value", (json_int_t)t.v[k].value,
						      "unit", t.v[k].unit, "placement",
						      gr->status == G_CONFLICT ? "conflict" : "outside items");

				fact_span(c, f, t.v[k].q_a, t.v[k].q_b);
				json_object_set_new(f, "in_plan", json_false());
				json_array_append_new(json_object_get(c->facts, "unplaced_targets"), f);
			}
			add_deadlines(c, 0, g->ta, g->tb);
			free(t.v);
			continue;
		}
		for (k = 0; k < t.n; k++)
			add_target(c, gr->item, &t.v[k], gr);
		if (!t.n) {
			char why[160];

			snprintf(why, sizeof(why), "未列数字，按定性指标记录。置信度 %d%%。", gr->conf);
			add_qualitative(c, gr->item, g->ta, g->tb, why);
		}
		add_deadlines(c, gr->item, g->ta, g->tb);
		free(t.v);
	}
	for (no = 1; no <= total; no++) {
		struct item *it = &c->it[no];
		json_t *o;

		if (!it->nmark) {
			struct ms_buf why = MS_BUF_INIT;
			json_t *tp, *n;

			ms_buf_addf(&why, "所收文本中没有第%d项的标题（", no);
			cn_item(&why, no);
			ms_buf_adds(&why, "、），亦无其正文、单位或目标");
			if (c->declared)
				ms_buf_addf(&why, "；通知称共 %d 件", c->declared);
			ms_buf_adds(&why, "。");
			if (c->declared)
				tp = prov(c, c->decl_a, c->decl_b, "inferred", why.buf);
			else {
				int nx = no + 1;

				while (nx <= c->maxno && !c->it[nx].nmark)
					nx++;
				tp = prov(c, c->mk[c->it[nx].first_marker].a,
					  c->sg[c->it[nx].title_seg].tb, "inferred", why.buf);
			}
			o = json_pack("{s:I, s:s, s:b, s:o, s:o, s:o, s:o, s:s}", "no", (json_int_t)no,
				      "title", "", "present_in_source", 0, "title_provenance", tp,
				      "lead_units", json_array(), "responsible_units", json_array(),
				      "indicators", it->inds, "note", "所收文本中缺失；待核实。");
			json_array_append_new(items, o);
			c->r->items_missing++;
			n = note(c, "待核实", no, "missing_item", "第%d项缺失：%s仅记录 present_in_source 为 false；需取得完整的通知文本。",
				 no, why.buf);
			json_array_append(json_object_get(n, "provenance"), tp);
			ms_buf_release(&why);
			continue;
		}
		{
			const struct seg *ts = &c->sg[it->title_seg];
			size_t te = title_end(c, ts);
			json_t *jt;

			if (te <= ts->ta)
				te = ts->tb;
			jt = tstr(c, ts->ta, te);
			o = json_pack("{s:I, s:o, s:b, s:o, s:o, s:o, s:o}", "no", (json_int_t)no, "title",
				      jt, "present_in_source", 1, "title_provenance",
				      prov(c, ts->ta, te, "text", it->nmark > 1 ? "编号重复出现，取有正文的一处（见编号重复的说明）" : NULL),
				      "lead_units", json_array(), "responsible_units", json_array(),
				      "indicators", it->inds);
			if (!it->has_body) {
				json_t *n;

				add_qualitative(c, no, ts->ta, te, "仅有标题：所收文本未载明本项的措施、数量或时限，按定性指标记录（见待核实说明）。");
				json_object_set_new(o, "note", json_string("所收文本中本项仅有标题；待核实。"));
				if (!c->oneliners) {
					n = note(c, "待核实", no, "missing_text",
						 "第%d项仅有标题，其后没有措施、金额、对象、数量或时限；按定性指标记录，不含数字。",
						 no);
					note_quote(c, n, c->mk[ts->marker].a, ts->tb);
				}
			}
			if (it->annot >= 0)
				add_units(c, no, o, &c->gr[it->annot]);
			json_array_append_new(items, o);
		}
	}
	/* items without a unit, when the notice names units elsewhere */
	for (no = 1; no <= total; no++) {
		json_t *n;
		size_t nann = 0;

		for (i = 0; i < c->ngr; i++)
			nann += c->sg[c->gr[i].first].kind == SEG_ANNOT;
		if (!c->it[no].nmark || c->it[no].annot >= 0 || !nann)
			continue;
		n = note(c, "待核实", no, "lead_unit",
			 "第%d项之下没有可归属的（牵头单位：…）标注；lead_units 和 responsible_units 留空。", no);
		note_quote(c, n, c->mk[c->sg[c->it[no].title_seg].marker].a, c->sg[c->it[no].title_seg].tb);
	}
}

static void sub_items(struct ctx *c)
{
	json_t *arr = json_object_get(c->facts, "sub_items");
	size_t i;

	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		json_t *j;

		if (g->marker < 0 || c->mk[g->marker].style <= c->style)
			continue;
		j = json_pack("{s:s, s:i, s:i, s:i}", "style", style_name[c->mk[g->marker].style],
			      "level", c->mk[g->marker].style - c->style + 1, "no", c->mk[g->marker].no,
			      "item", sec_item(c, g->sec));
		fact_span(c, j, g->a, g->tb > g->a ? g->tb : g->b);
		json_array_append_new(arr, j);
	}
}

/* Checks sub-item numbering per item: 1, 2, 3… without gaps or repeats. */
static void sub_numbering(struct ctx *c)
{
	int cur = -1, last[ST_N];
	size_t i;

	for (i = 0; i < ST_N; i++)
		last[i] = 0;
	for (i = 0; i < c->nmk; i++) {
		const struct marker *m = &c->mk[i];

		if (m->style <= c->style) {
			if (m->style == c->style)
				cur = m->no;
			memset(last, 0, sizeof(last));
			continue;
		}
		if (cur > 0 && m->no != last[m->style] + 1) {
			json_t *n = note(c, "已记录", cur > MAX_ITEM_NO ? 0 : cur, "sub_numbering",
					 "第%d项内的%s编号从 %d 跳到 %d（缺号或重号）。", cur,
					 style_name[m->style], last[m->style], m->no);

			note_quote(c, n, m->a, m->b);
		}
		last[m->style] = m->no;
		/* deeper levels restart under this one */
		{
			int s;

			for (s = m->style + 1; s < ST_N; s++)
				last[s] = 0;
		}
	}
}

static json_t *header_json(struct ctx *c, const struct header *h, json_t *plan)
{
	json_t *hj = json_object();
	char date[16];

	if (h->nt_b && h->is_b && h->is_b <= h->nt_a) {
		/* the issuer on its own line, the title on the next */
		struct ms_buf b = MS_BUF_INIT;

		ms_buf_add(&b, c->s + h->is_a, h->is_b - h->is_a);
		ms_buf_add(&b, c->s + h->nt_a, h->nt_b - h->nt_a);
		json_object_set_new(plan, "notice_title", json_string(b.buf));
		json_object_set(hj, "notice_title", json_object_get(plan, "notice_title"));
		ms_buf_release(&b);
	} else if (h->nt_b) {
		json_object_set_new(plan, "notice_title", tstr(c, h->nt_a, h->nt_b));
		json_object_set(hj, "notice_title", json_object_get(plan, "notice_title"));
	}
	if (h->dn_b) {
		json_t *j = json_object(), *n;

		fact_span(c, j, h->dn_a, h->dn_b);
		json_object_set_new(hj, "document_number", j);
		n = note(c, "已记录", 0, "document_number", "文号：%.*s。", (int)(h->dn_b - h->dn_a),
			 c->s + h->dn_a);
		note_quote(c, n, h->dn_a, h->dn_b);
	}
	if (h->da_b) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", h->y, h->m, h->d);
		json_object_set_new(hj, "issued_on", json_string(date));
	}
	if (c->declared)
		json_object_set_new(hj, "declared_items", json_integer(c->declared));
	return hj;
}

static void problems_from_notes(struct ctx *c)
{
	size_t i, max = c->o->max_listed * 4;
	json_t *n;

	json_array_foreach(c->notes, i, n) {
		json_t *p, *pr = json_array_get(json_object_get(n, "provenance"), 0);

		if (i >= max) {
			json_array_append_new(c->r->problems,
					      json_pack("{s:s, s:s, s:s}", "severity", "info", "code",
							"more", "text", "further notes are in the draft"));
			break;
		}
		p = json_pack("{s:s, s:O, s:O}", "severity",
			      !strcmp(json_string_value(json_object_get(n, "flag")), "待核实") ?
			      "warning" : "info", "code", json_object_get(n, "topic"), "text",
			      json_object_get(n, "text"));
		if (json_is_integer(json_object_get(n, "item")))
			json_object_set(p, "item", json_object_get(n, "item"));
		if (pr && json_object_get(pr, "quote")) {
			json_object_set(p, "quote", json_object_get(pr, "quote"));
			json_object_set(p, "offset", json_object_get(pr, "offset"));
			json_object_set(p, "length", json_object_get(pr, "length"));
		}
		json_array_append_new(c->r->problems, p);
	}
}

static int build(struct ctx *c, const char *name)
{
	struct header h;
	json_t *plan = json_object(), *items = json_array(), *pr;
	char id[128], sha[MS_SHA256_HEX_LEN + 1], date[16], why[256];
	const char *region;
	size_t i;

	find_header(c, &h);
	/* the year: the title's, else the issue date's */
	c->year = 0;
	for (i = h.ti_a; h.ti_b && i + 7 <= h.ti_b && !c->year; i++)
		if (nv_is_digit(c->s[i]) && (i == h.ti_a || !nv_is_digit(c->s[i - 1])) &&
		    nv_is_digit(c->s[i + 1]) && nv_is_digit(c->s[i + 2]) && nv_is_digit(c->s[i + 3]) &&
		    at(c, i + 4, "年"))
			c->year = (c->s[i] - '0') * 1000 + (c->s[i + 1] - '0') * 100 +
				  (c->s[i + 2] - '0') * 10 + (c->s[i + 3] - '0');
	if ((c->year < 1900 || c->year > 2199) && h.da_b)
		c->year = h.y;
	if (c->year < 1900 || c->year > 2199)
		c->year = 0;

	make_id(id, sizeof(id), c->o->id, name);
	ms_sha256_hex(c->t, c->tlen, sha);
	json_object_set_new(plan, "schema", json_string(PLAN_SCHEMA));
	json_object_set_new(plan, "id", json_string(id));
	if (h.ti_b > h.ti_a) {
		json_object_set_new(plan, "title", tstr(c, h.ti_a, h.ti_b));
		json_object_set_new(plan, "title_provenance", prov(c, h.ti_a, h.ti_b, "text", NULL));
	} else {
		json_object_set_new(plan, "title", json_string("民生实事安排（标题未识别）"));
		json_object_set_new(plan, "title_provenance",
				    assume("通知中未找到《…》或“关于…的通知”形式的标题；标题为占位，须人工填写。"));
		json_array_append_new(json_object_get(note(c, "待核实", 0, "header", "未识别通知标题。"), "provenance"),
				      assume("标题未识别"));
	}
	json_t *hj = header_json(c, &h, plan);

	if (h.is_b > h.is_a) {
		json_object_set_new(plan, "issuer", tstr(c, h.is_a, h.is_b));
		json_object_set_new(plan, "issuer_provenance", prov(c, h.is_a, h.is_b, "text", NULL));
	} else {
		json_object_set_new(plan, "issuer", json_string("（发文机关未识别）"));
		json_object_set_new(plan, "issuer_provenance",
				    assume("通知标题中未找到“××人民政府关于…”形式的发文机关；须人工填写。"));
	}
	if (!c->year) {
		c->year = h.da_b ? h.y : 2000;
		if (!h.da_b) {
			json_t *n = note(c, "待核实", 0, "header", "未识别年度和发布日期；年度暂记为 %d，须人工填写。", c->year);

			json_array_append_new(json_object_get(n, "provenance"), assume("年度未识别"));
		}
	}
	if (h.da_b) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", h.y, h.m, h.d);
		json_object_set_new(plan, "issued_on", json_string(date));
		json_object_set_new(plan, "issued_on_provenance", prov(c, h.da_a, h.da_b, "text", NULL));
	} else {
		snprintf(date, sizeof(date), "%04d-01-01", c->year);
		json_object_set_new(plan, "issued_on", json_string(date));
		json_object_set_new(plan, "issued_on_provenance",
				    assume("通知中未找到发布日期或落款日期；暂记为年度首日，须人工填写。"));
	}
	region = region_of(c, &h);
	if (!region)
		region = c->o->region_code;
	if (!region) {
		/* the root region the organisations know (the province), else a placeholder */
		const char *root = NULL;
		json_t *n;

		for (i = 0; c->o->orgs && i < c->o->orgs->n && !root; i++)
			if (!strcmp(c->o->orgs->v[i].kind, "province"))
				root = c->o->orgs->v[i].code;
		n = note(c, "待核实", 0, "region",
			 "未能从发文机关识别所属区划，region_code 暂记为 %s（%s）；须人工核对。",
			 root ? root : "000000", root ? "单位表中的省级区划" : "占位");
		if (h.is_b > h.is_a)
			note_quote(c, n, h.is_a, h.is_b);
		else
			json_array_append_new(json_object_get(n, "provenance"), assume("区划未识别"));
		region = root ? root : "000000";
	}
	json_object_set_new(plan, "region_code", json_string(region));
	json_object_set_new(plan, "year", json_integer(c->year));
	snprintf(date, sizeof(date), "%04d-01-01", c->year);
	json_object_set_new(plan, "start_on", json_string(date));
	snprintf(why, sizeof(why), "通知未载明起始日期；系对%d年全年作出安排，假定起始于%d年年初。管理员可予修改。",
		 c->year, c->year);
	json_object_set_new(plan, "start_on_provenance",
			    c->declared ? prov(c, c->decl_a, c->decl_b, "assumption", why) : assume(why));
	json_object_set_new(plan, "source",
			    json_pack("{s:s, s:s, s:I}", "path",
				      c->o->source_path ? c->o->source_path : name ? name : "notice.txt",
				      "sha256", sha, "bytes", (json_int_t)c->tlen));
	if (c->r->converted) {
		json_t *n = note(c, "已记录", 0, "encoding",
				 "原文为 GB18030/GBK 编码，已转换为 UTF-8；所有 offset 和 length 均指转换后的 UTF-8 文本（source.path 所指文件），其 sha256 为转换后文本的。");

		pr = json_object_get(plan, "title_provenance");
		if (json_object_get(pr, "quote"))
			json_array_append(json_object_get(n, "provenance"), pr);
		else
			json_array_append_new(json_object_get(n, "provenance"), assume("编码转换"));
	}

	build_items(c, items);
	numbering_notes(c);
	duplicate_notes(c);
	conflict_notes(c);
	sub_numbering(c);
	sub_items(c);
	json_object_set_new(plan, "items", items);
	json_object_set_new(plan, "rounds", rounds(c));
	dropped_notes(c);
	/* every note stands on something, if only on the importer's reading */
	{
		json_t *n;

		json_array_foreach(c->notes, i, n)
			if (!json_array_size(json_object_get(n, "provenance")))
				json_array_append_new(json_object_get(n, "provenance"),
						      assume("导入程序据文本结构得出（无可引用的原文）"));
	}
	json_object_set_new(plan, "notes", c->notes);
	c->notes = NULL;
	c->r->plan = plan;
	c->notes = json_object_get(plan, "notes");
	json_object_set_new(c->facts, "header", hj);
	problems_from_notes(c);
	return 0;
}

/* ---------- the entry point ---------- */

int notice_import(const char *bytes, size_t len, const char *name,
		  const struct notice_opts *opts, struct notice_result *r, struct ms_err *err)
{
	static const struct notice_opts defaults = { 0 };
	struct notice_opts o = opts ? *opts : defaults;
	struct ctx *c;
	int rc = -1, no;
	size_t i;

	if (!o.max_bytes)
		o.max_bytes = NOTICE_MAX_BYTES;
	if (!o.max_listed)
		o.max_listed = 64;
	memset(r, 0, sizeof(*r));
	ms_buf_init(&r->text, o.max_bytes * 2);
	r->encoding = "";
	if (len > o.max_bytes)
		return ms_err_set(err, "%s: %zu bytes; a notice may be at most %zu bytes (通知过大)",
				  name ? name : "notice", len, o.max_bytes);
	c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->o = &o;
	c->r = r;
	if (nv_decode(&r->text, bytes, len, &r->encoding, &r->converted, err) < 0)
		goto out;
	if (r->text.len > o.max_bytes) {
		ms_err_set(err, "%s: the converted text has %zu bytes; at most %zu (通知过大)",
			   name ? name : "notice", r->text.len, o.max_bytes);
		goto out;
	}
	c->t = r->text.buf;
	c->tlen = r->text.len;
	if (nv_build(&c->v, c->t, c->tlen, err) < 0)
		goto out;
	c->s = c->v.s;
	c->len = c->v.len;
	find_markers(c);
	if (!c->nmk) {
		ms_err_set(err, "%s: no numbered item found (一、 （一） 1. 第一条); is this a 民生实事 notice? (未找到编号事项)",
			   name ? name : "notice");
		goto out;
	}
	find_declared(c, c->mk[0].a);
	choose_style(c);
	segment(c);
	sections(c);
	collect_items(c);
	if (!c->nitems) {
		ms_err_set(err, "%s: no numbered item found (未找到编号事项)", name ? name : "notice");
		goto out;
	}
	group_segments(c);
	place_groups(c);
	bodies(c);
	place_annotations(c);
	c->notes = json_array();
	c->topics = json_object();
	c->dropped = json_array();
	c->dropped_flag = json_object();
	c->facts = json_object();
	c->targets = json_array();
	c->units = json_array();
	c->deadlines = json_array();
	r->problems = json_array();
	json_object_set_new(c->facts, "encoding", json_string(r->encoding));
	json_object_set_new(c->facts, "converted", json_boolean(r->converted));
	json_object_set_new(c->facts, "bytes", json_integer((json_int_t)c->tlen));
	json_object_set_new(c->facts, "item_style", json_string(style_name[c->style]));
	json_object_set_new(c->facts, "items", json_array());
	json_object_set_new(c->facts, "sub_items", json_array());
	json_object_set_new(c->facts, "targets", c->targets);
	json_object_set_new(c->facts, "unplaced_targets", json_array());
	json_object_set_new(c->facts, "units", c->units);
	json_object_set_new(c->facts, "deadlines", c->deadlines);
	json_object_set_new(c->facts, "duplicates", json_array());
	r->facts = c->facts;
	build(c, name);
	for (no = 1; no <= c->maxno; no++) {
		json_t *j;

		if (!c->it[no].nmark)
			continue;
		r->items_found++;
		j = json_pack("{s:i, s:i}", "no", no, "markers", c->it[no].nmark);
		for (i = 0; i < c->nsg; i++)
			if (c->sg[i].kind == SEG_TITLE && sec_item(c, c->sg[i].sec) == no &&
			    c->mk[c->sg[i].marker].style == c->style && (int)i == c->it[no].title_seg)
				fact_span(c, j, c->sg[i].a, c->sg[i].tb);
		json_array_append_new(json_object_get(c->facts, "items"), j);
	}
	rc = 0;
out:
	if (rc) {
		json_decref(c->facts);
		json_decref(r->problems);
		ms_buf_release(&r->text);
		memset(r, 0, sizeof(*r));
		r->encoding = "";
	}
	if (c->notes && !r->plan)
		json_decref(c->notes);
	json_decref(c->topics);
	json_decref(c->dropped);
	json_decref(c->dropped_flag);
	nv_release(&c->v);
	free(c->mk);
	free(c->sg);
	free(c->sec);
	free(c->gr);
	free(c->bmask.k);
	free(c->bmask.v);
	free(c->bcount.k);
	free(c->bcount.v);
	free(c);
	return rc;
}

void notice_result_release(struct notice_result *r)
{
	json_decref(r->plan);
	json_decref(r->facts);
	json_decref(r->problems);
	ms_buf_release(&r->text);
	memset(r, 0, sizeof(*r));
	r->encoding = "";
}
