/*
 * markers.c - inside the notice importer: the item markers in every numbering
 * style (第一条, 一、, （一）, 1., （1）, ①), the count a notice declares, and the
 * style its items are numbered in.
 */
#include "notice/ctx.h"
#include "core/text.h"
#include "notice/facts.h"
#include "core/banned.h"

/* ---------- markers ---------- */

const char *const nc_style_name[ST_N] = { "第一条", "一、", "（一）", "1.", "（1）", "①", "一是", "-" };

int nc_boundary_before(const char *s, size_t p)
{
	size_t st;
	uint32_t cp;

	if (p == 0)
		return 1;
	cp = nv_prev_cp(s, p, &st);
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
static int cn_run(const struct notice_ctx *c, size_t p, int max, size_t *end)
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

static int digit_run(const struct notice_ctx *c, size_t p, int max, size_t *end)
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
static int marker_at(const struct notice_ctx *c, size_t p, struct marker *m)
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
	if (cp == '-' && p > 0 && c->s[p - 1] == '\n' && nv_is_cjk(nv_cp(c->s, c->len, nx, &q))) {
		const char *eol = find(c, p, p + 400, "\n");

		/* - 扬中市…票决确定了10项民生实事项目: the list's introduction, not an item */
		if (find(c, p, eol ? off(c, eol) : p + 400, "实事"))
			return 0;
		m->style = ST_BULLET;
		m->no = 0;   /* numbered in order by nc_find_markers */
		m->b = nx;
		return 1;
	}
	if (cp >= 0x2460 && cp <= 0x2473) {
		m->style = ST_CIRCLED;
		m->no = (int)(cp - 0x245F);
		m->b = nx;
		return 1;
	}
	if (is_cn_numeral(cp) && (v = cn_run(c, p, 3, &q)) > 0 && at(c, q, "是")) {
		/* 一是加快…: a CJK word after it, not 一是一 */
		after = nv_cp(c->s, c->len, q + 3, &nx);
		if (!nv_is_cjk(after) || is_cn_numeral(after))
			return 0;
		m->style = ST_CN_SHI;
		m->no = v;
		m->b = q + 3;
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

/* A line that reads as an item's title on its own: short, no sentence, ending 项目, 工程… */
static int title_line(const struct notice_ctx *c, size_t a, size_t b)
{
	static const char *const ends[] = { "项目", "工程", "建设", "行动", "改造", "计划", "提升", NULL };
	size_t k;

	if (b - a < 12 || b - a > 90 || find(c, a, b, "。") || find(c, a, b, ",") || find(c, a, b, ":"))
		return 0;
	for (k = 0; ends[k]; k++)
		if (b - a >= strlen(ends[k]) && !memcmp(c->s + b - strlen(ends[k]), ends[k], strlen(ends[k])))
			return 1;
	return 0;
}

/* No marker at all: the longest run of at least five title lines, numbered in order. */
static void unnumbered_list(struct notice_ctx *c)
{
	size_t p = 0, run_a = 0, best_a = 0, run_n = 0, best_n = 0, k, a;
	const char *nl;

	while (p < c->len) {
		nl = find(c, p, c->len, "\n");
		a = p;
		p = nl ? off(c, nl) + 1 : c->len;
		if (title_line(c, a, nl ? off(c, nl) : c->len)) {
			if (!run_n++)
				run_a = a;
			if (run_n > best_n) {
				best_n = run_n;
				best_a = run_a;
			}
		} else {
			run_n = 0;
		}
	}
	for (k = 0, p = best_a; best_n >= 5 && k < best_n && k < MAX_ITEM_NO; k++) {
		struct marker m = { p, p, ST_BULLET, (int)k + 1 };

		c->mk = grow(c->mk, c->nmk, &c->amk, sizeof(*c->mk));
		c->mk[c->nmk++] = m;
		nl = find(c, p, c->len, "\n");
		p = nl ? off(c, nl) + 1 : c->len;
	}
}

void nc_find_markers(struct notice_ctx *c)
{
	size_t p = 0, nx;
	int bullets = 0;

	while (p < c->len) {
		struct marker m;

		nv_cp(c->s, c->len, p, &nx);
		if (nc_boundary_before(c->s, p) && marker_at(c, p, &m)) {
			if (m.style == ST_BULLET && (m.no = ++bullets) > MAX_ITEM_NO) {
				p = m.b;
				continue;
			}
			c->mk = grow(c->mk, c->nmk, &c->amk, sizeof(*c->mk));
			c->mk[c->nmk++] = m;
			p = m.b;
			continue;
		}
		p = nx > p ? nx : p + 1;
	}
	if (!c->nmk)
		unnumbered_list(c);
}

/* "办好10件…实事", "十件民生实事": how many items the notice promises. */
void nc_find_declared(struct notice_ctx *c, size_t end)
{
	static const char *const verbs[] = { "办好", "办理", "实施", "推进", "完成", "集中力量办好", NULL };
	size_t p, q;

	if (end > 16384)
		end = 16384;
	for (p = 0; p < end; p++) {
		const char *hit;
		int64_t v;
		size_t k, numstart, x, st;

		if (!at(c, p, "件") && !at(c, p, "项") && !at(c, p, "大"))
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
		/* 实施100件左右的民生实事: a round figure, not the list's count */
		if (at(c, p + 3, "左右") || at(c, p + 3, "以上") || (q >= 3 && at(c, q - 3, "约")))
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
void nc_choose_style(struct notice_ctx *c)
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
