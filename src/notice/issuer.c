/*
 * issuer.c - inside the notice importer: who issued the notice (its region)
 * and for which year, from every piece of evidence the text gives, each
 * quoted and given a confidence.
 *
 * Region evidence, strongest first:
 *   乡镇       a loaded township as the issuer (莲塘镇人民政府), unique by name
 *              or placed by its county named in the text (95); namesakes
 *              not told apart are left for a 待核实 note
 *   发文机关   the issuer's name starts with a region of the org table (95)
 *   文号       the document number's prefix (洪府办发 → 南昌市), looked up by name (85)
 *   政府名称   "XX市人民政府", "XX区第十六届人民代表大会", "XX县2016年": a region
 *              name followed by a government word, in or out of the org table (75)
 *   区划名称   the org table's regions named in the text (宜春三中 → 宜春), the most
 *              named one (60; a county's short name counts only when named twice
 *              and not a common word such as 新建 or 东湖)
 * The lookup is by name over the org table (plan_orgs: province, city and
 * county rows; townships only as the issuer), so more regions plug in with more rows; a name found that
 * the table does not know is still reported, with no code.
 *
 * Year evidence: the title's 2024年 (90), the 文号's 〔2024〕 (85), a labelled
 * date (发布日期, 发文日期… 80), the first "2021年" of the text (2021年3月初,
 * which 今年 then refers to; 60), the first full date (50).
 */
#include "notice/ctx.h"
#include "notice/facts.h"
#include "core/banned.h"

#define SCAN_MAX 8192        /* view bytes searched for names and dates */

/* Words that may follow a region's name when it names a government. */
static const char *const gov_words[] = { "人民政府", "政府", "人大", "人民代表大会", "第", "委",
					 "党委", "民生", "十大", "公布", NULL };

/* Region suffixes of a name found by pattern. */
static const char *const suffixes[] = { "市", "县", "区", "州", "旗", "省", NULL };

/* 文号 prefixes: the region each stands for (names, looked up in the org table). */
static const struct {
	const char *prefix, *name;
} docno_prefixes[] = {
	{ "赣府", "江西省" }, { "赣办", "江西省" }, { "洪府", "南昌市" }, { "景府", "景德镇市" },
	{ "萍府", "萍乡市" }, { "浔府", "九江市" }, { "九府", "九江市" }, { "余府", "新余市" },
	{ "鹰府", "鹰潭市" }, { "赣市府", "赣州市" }, { "虔府", "赣州市" }, { "吉府", "吉安市" },
	{ "宜府", "宜春市" }, { "抚府", "抚州市" }, { "饶府", "上饶市" }, { "杭政", "杭州市" },
	{ "甬政", "宁波市" }, { "竹府", "大竹县" },
};

/* Short names that are common words: never read as a region on their own. */
static const char *const common_words[] = { "新建", "东湖", "西湖", "青山湖", "石城", "万年", "莲花",
					    "湖口", "安源", "昌江", "大余", "全南", "定南", "永新",
					    "南城", "进贤", "安义", "广昌", "乐安", "东乡", NULL };

static int is_cjk_at(const struct notice_ctx *c, size_t p)
{
	size_t n;

	return p < c->len && nv_is_cjk(nv_cp(c->s, c->len, p, &n));
}

static int is_region(const struct plan_org *g)
{
	return !strcmp(g->kind, "province") || !strcmp(g->kind, "city") || !strcmp(g->kind, "county");
}

/*
 * The home province (360000), looked for once per import (notice.c keeps
 * it in c->home): the province whose own departments the org table holds
 * (units.csv's 省民政厅 …), else its first province; NULL when none. Read
 * from the database the table is in code order: its first is 110000.
 */
const struct plan_org *nc_home_province(const struct notice_ctx *c)
{
	const struct plan_orgs *o = c->o->orgs;
	const struct plan_org *first = NULL, *p;
	size_t k;

	for (k = 0; o && k < o->n; k++) {
		const struct plan_org *g = &o->v[k];

		if (!first && !strcmp(g->kind, "province"))
			first = g;
		if ((!strcmp(g->kind, "department") || !strcmp(g->kind, "office")) && g->parent[0] &&
		    (p = plan_orgs_find(o, g->parent)) && !strcmp(p->kind, "province"))
			return p;
	}
	return first;
}

static int in_home(const struct notice_ctx *c, const struct plan_org *g)
{
	const struct plan_org *h = c->home;

	return h && !strncmp(h->code, g->code, 2);
}

/*
 * Is g named in the first SCAN_MAX bytes of the view, by its name or its
 * short name (two characters or more) other than the string not[0, n)?
 */
static int named_in_text(const struct notice_ctx *c, const struct plan_org *g, const char *not, size_t n)
{
	size_t lim = c->len < SCAN_MAX ? c->len : SCAN_MAX, sn = g->short_name ? strlen(g->short_name) : 0;

	if (memmem(c->s, lim, g->name, strlen(g->name)))
		return !(strlen(g->name) == n && !memcmp(g->name, not, n));
	return sn >= 6 && !(sn == n && !memcmp(g->short_name, not, n)) && memmem(c->s, lim, g->short_name, sn);
}

/*
 * The org table's region named name (its full or short name, 长安区 or 南昌);
 * among namesakes the one whose parent the text names (西安市中医医院 places
 * 长安区 in 西安), then a full name before a short one, the home province's,
 * the higher level. NULL when none.
 */
const struct plan_org *nc_org_by_name(const struct notice_ctx *c, const char *name, size_t n)
{
	const struct plan_orgs *o = c->o->orgs;
	const struct plan_org *best = NULL;
	int bs = -1;
	size_t k;

	for (k = 0; o && k < o->n; k++) {
		const struct plan_org *g = &o->v[k], *p;
		int full = strlen(g->name) == n && !memcmp(g->name, name, n), s;

		if (!is_region(g) || (!full && !(g->short_name && strlen(g->short_name) == n &&
						   !memcmp(g->short_name, name, n))))
			continue;
		p = g->parent[0] ? plan_orgs_find(o, g->parent) : NULL;
		s = (p && named_in_text(c, p, name, n) ? 16 : 0) + (full ? 8 : 0) + (in_home(c, g) ? 4 : 0) +
		    (!strcmp(g->kind, "province") ? 2 : !strcmp(g->kind, "city") ? 1 : 0);
		if (s > bs) {
			bs = s;
			best = g;
		}
	}
	return best;
}

static const struct plan_org *org_by_name(const struct notice_ctx *c, const char *name, size_t n)
{
	return nc_org_by_name(c, name, n);
}

static void set_region(struct nc_region *r, const struct notice_ctx *c, size_t a, size_t b,
		       const char *name, size_t n, int conf, const char *basis)
{
	const struct plan_org *g = org_by_name(c, name, n);

	if (r->conf >= conf)
		return;
	r->a = a;
	r->b = b;
	r->conf = conf;
	r->basis = basis;
	snprintf(r->name, sizeof(r->name), "%.*s", (int)n, name);
	r->code = g ? g->code : NULL;
	r->kind = g ? g->kind : NULL;
}

/* 洪府办发〔2024〕15号: the region of the prefix. */
static void region_by_docno(const struct notice_ctx *c, size_t a, size_t b, struct nc_region *r)
{
	size_t k;

	for (k = 0; b > a && k < ARRAY_SIZE(docno_prefixes); k++)
		if (at(c, a, docno_prefixes[k].prefix))
			set_region(r, c, a, b, docno_prefixes[k].name, strlen(docno_prefixes[k].name), 85,
				   "文号");
}

/* Does s[0, n) hold a word that joins two names (和 与 及 的)? */
static int has_joiner(const char *s, size_t n)
{
	static const char *const joiners[] = { "和", "与", "及", "的", NULL };
	size_t k;

	for (k = 0; joiners[k]; k++)
		if (memmem(s, n, joiners[k], strlen(joiners[k])))
			return 1;
	return 0;
}

/* Words found before 市政府, 县政府, 区政府 that name no place: 下阶段市政府, 有关部门. */
static int is_non_name(const char *s, size_t n)
{
	static const char *const words[] = { "阶段", "部门", "单位", "有关", "相关", "地方", "城乡", "农村",
					     "城区", "所在", "上级", "同级", "年度", "当地", NULL };
	size_t k;

	for (k = 0; words[k]; k++)
		if (strlen(words[k]) == n && !memcmp(s, words[k], n))
			return 1;
	return 0;
}

/*
 * "大竹县人民政府", "余杭区第十六届", "绵阳市2023年": two or three CJK
 * characters, a suffix, then a government word or a year. The first found
 * in [a, b).
 */
static int region_by_pattern(const struct notice_ctx *c, size_t a, size_t b, int conf,
			     struct nc_region *r)
{
	size_t p, k, w;

	for (p = a + 6; p < b && p < c->len; p++) {
		for (k = 0; suffixes[k] && !at(c, p, suffixes[k]); k++)
			;
		if (!suffixes[k])
			continue;
		w = p + strlen(suffixes[k]);
		for (k = 0; gov_words[k] && !at(c, w, gov_words[k]); k++)
			;
		if (!gov_words[k] && !(w + 7 <= c->len && nv_is_digit(c->s[w]) && nv_is_digit(c->s[w + 3]) &&
				       at(c, w + 4, "年")))
			continue;
		if (!is_cjk_at(c, p - 3) || !is_cjk_at(c, p - 6))
			continue;
		/* 市十七届人大, 省人民政府: a suffix standing alone is no name */
		{
			size_t s0 = p - 6, n0;
			uint32_t first;

			/* 景德镇市: three characters when the org table knows the name */
			if (p >= 9 && is_cjk_at(c, p - 9) && org_by_name(c, c->s + p - 9, w - (p - 9)))
				s0 = p - 9;
			first = nv_cp(c->s, c->len, s0, &n0);

			if (first == 0x5E02 || first == 0x7701 || first == 0x53BF || first == 0x533A ||
			    first == 0x5404 || first == 0x5168 || first == 0x672C || first == 0x6211)
				continue; /* 市 省 县 区 各 全 本 我 */
			/*
			 * 有关部门和市政府, 下阶段市政府: a name the org table does not know
			 * holds no 和, 与, 及, 的 and is no common word
			 */
			if (!org_by_name(c, c->s + s0, w - s0) &&
			    (has_joiner(c->s + s0, p - s0) || is_non_name(c->s + s0, p - s0)))
				continue;
			set_region(r, c, s0, w, c->s + s0, w - s0, conf, "政府名称");
			return 1;
		}
	}
	return 0;
}

static size_t count_in(const char *s, size_t lim, const char *w, size_t n, size_t *first)
{
	size_t cnt = 0, p = 0;
	const char *hit;

	while (p < lim && (hit = memmem(s + p, lim - p, w, n))) {
		if (!cnt)
			*first = (size_t)(hit - s);
		cnt++;
		p = (size_t)(hit - s) + n;
	}
	return cnt;
}

/*
 * A text naming three or more districts and counties of one city (鄞州 海曙
 * 江东 江北 镇海 北仑, the columns of a city's table) is the city's: g's
 * parent then, quoted where the text names it (else where it names g).
 */
static const struct plan_org *city_of_siblings(const struct notice_ctx *c, const struct plan_org *g,
					       size_t *first, size_t *len)
{
	const struct plan_orgs *o = c->o->orgs;
	const struct plan_org *p = plan_orgs_find(o, g->parent);
	size_t lim = c->len < SCAN_MAX ? c->len : SCAN_MAX, k, named = 0, f, n;

	if (!p || strcmp(p->kind, "city"))
		return g;
	for (k = 0; k < o->n; k++) {
		const struct plan_org *s = &o->v[k];
		size_t sn = s->short_name ? strlen(s->short_name) : 0;

		if (strcmp(s->parent, g->parent) || strcmp(s->kind, "county"))
			continue;
		named += memmem(c->s, lim, s->name, strlen(s->name)) ||
			 (sn >= 6 && memmem(c->s, lim, s->short_name, sn));
	}
	if (named < 3)
		return g;
	n = strlen(p->name);
	if (count_in(c->s, lim, p->name, n, &f) ||
	    (p->short_name && (n = strlen(p->short_name)) >= 6 && count_in(c->s, lim, p->short_name, n, &f))) {
		*first = f;
		*len = n;
	}
	return p;
}

/*
 * The org table's region named most often (full or short name) in the first
 * SCAN_MAX bytes. Outside the home province a name must be corroborated, so
 * that China's 2,975 counties do not read 城区, 青山 or 公安 as places: a
 * county counts only when the text also names its city (or province), a
 * city by its short name only when named twice.
 */
static void region_by_names(const struct notice_ctx *c, struct nc_region *r)
{
	const struct plan_orgs *o = c->o->orgs;
	size_t lim = c->len < SCAN_MAX ? c->len : SCAN_MAX, k, best = 0, bfirst = 0, blen = 0;
	const struct plan_org *bg = NULL;

	for (k = 0; o && k < o->n; k++) {
		const struct plan_org *g = &o->v[k], *p;
		size_t n = strlen(g->name), cnt, first = 0, j, shortn = n, tcnt, tfirst;
		int county = !strcmp(g->kind, "county"), home = in_home(c, g);

		if (!is_region(g))
			continue;
		if (!home && g->short_name && strlen(g->short_name) >= 6 && !memcmp(g->short_name, g->name, 6))
			shortn = strlen(g->short_name);
		if (n > 6 && (!strcmp(g->name + n - 3, "市") || !strcmp(g->name + n - 3, "县") ||
			      !strcmp(g->name + n - 3, "区") || !strcmp(g->name + n - 3, "省")))
			shortn = n - 3;
		for (j = 0; common_words[j]; j++)
			if (strlen(common_words[j]) == shortn && !memcmp(common_words[j], g->name, shortn))
				shortn = n;
		cnt = count_in(c->s, lim, g->name, shortn, &first);
		if (!cnt)
			continue;
		/* names in columns the view leaves out (进展情况) still count */
		tcnt = count_in(c->t, c->tlen < SCAN_MAX ? c->tlen : SCAN_MAX, g->name, shortn, &tfirst);
		if (tcnt > cnt)
			cnt = tcnt;
		if (county && shortn < n && cnt < 2)
			continue;
		if (!home && !county && shortn < n && cnt < 2 && !count_in(c->s, lim, g->name, n, &tfirst))
			continue;
		p = !home && county && g->parent[0] ? plan_orgs_find(o, g->parent) : NULL;
		if (!home && county && (!p || !named_in_text(c, p, g->name, shortn)))
			continue;
		if (cnt > best || (cnt == best && cnt && county)) {
			best = cnt;
			bg = g;
			bfirst = first;
			blen = shortn;
		}
	}
	if (bg && !strcmp(bg->kind, "county") && (bg = city_of_siblings(c, bg, &bfirst, &blen)) &&
	    strcmp(bg->kind, "county"))
		best = 1;
	if (bg) {
		set_region(r, c, bfirst, bfirst + blen, bg->name, strlen(bg->name), 60, "区划名称");
		r->mentions = (int)best;
	}
}

/*
 * The level the text speaks at: 区 for "区政府民生实事", 县, 市; the earliest
 * of them in the original text, or NULL.
 */
static const char *own_level(const struct notice_ctx *c, size_t lim)
{
	static const char *const words[] = { "区政府", "县政府", "市政府", NULL };
	const char *best = NULL, *hit;
	size_t k, at_best = lim;

	for (k = 0; words[k]; k++)
		if ((hit = memmem(c->t, lim, words[k], strlen(words[k]))) && (size_t)(hit - c->t) < at_best) {
			at_best = (size_t)(hit - c->t);
			best = words[k];
		}
	return best;
}

/* Two CJK characters end at t[p] (p - 6 starts a character), none a joiner or a verb that comes before a place. */
static int two_cjk_before(const struct notice_ctx *c, size_t p)
{
	static const char *const verbs[] = { "完成", "启动", "新建", "建成", "推进", "实施", "开展", "改造",
					     "提升", "全面", "扩建", "迁建", "续建", "启用", "投用", NULL };
	size_t n, k;

	if (p < 6 || (c->t[p - 6] & 0xC0) == 0x80 || !nv_is_cjk(nv_cp(c->t, p, p - 6, &n)) || n != p - 3 ||
	    !nv_is_cjk(nv_cp(c->t, p, p - 3, &n)) || has_joiner(c->t + p - 6, 6))
		return 0;
	for (k = 0; verbs[k]; k++)
		if (!memcmp(c->t + p - 6, verbs[k], 6))
			return 0;
	return 1;
}

/*
 * Weakest evidence (50), in the original text, the columns the view leaves
 * out included (a 进展情况 cell): a text that speaks as 区政府 (县, 市) naming
 * one of its own institutions — "临安区职教中心", "XX县人民医院" — with a
 * name of two characters and the same level's suffix; or a 市政府 text
 * naming its city's power bureau ("宁波电业局", "XX供电公司"), which is
 * named after the city. Nothing is claimed when the text names no such unit.
 */
static void region_by_institution(const struct notice_ctx *c, struct nc_region *r)
{
	static const char *const inst[] = { "职教中心", "人民医院", "中医院", "妇幼保健院", "图书馆", NULL };
	static const char *const power[] = { "电业局", "供电局", "供电公司", NULL };
	size_t lim = c->tlen < SCAN_MAX ? c->tlen : SCAN_MAX, k, p, n;
	const char *lv = own_level(c, lim), *hit;

	if (!lv)
		return;
	for (k = 0; inst[k] && r->conf < 50; k++)
		for (p = 0; p < lim && (hit = memmem(c->t + p, lim - p, inst[k], strlen(inst[k]))); p = n) {
			size_t q = (size_t)(hit - c->t);

			n = q + strlen(inst[k]);
			if (q >= 9 && !memcmp(c->t + q - 3, lv, 3) && two_cjk_before(c, q - 3)) {
				set_region(r, c, q - 9, n, c->t + q - 9, 9, 50, "单位名称");
				r->orig = 1;
				break;
			}
		}
	for (k = 0; power[k] && r->conf < 50 && !strcmp(lv, "市政府"); k++)
		for (p = 0; p < lim && (hit = memmem(c->t + p, lim - p, power[k], strlen(power[k]))); p = n) {
			size_t q = (size_t)(hit - c->t), w;

			n = q + strlen(power[k]);
			/* the name starts after a separator: 、宁波电业局 */
			if (q >= 6 && two_cjk_before(c, q) &&
			    (q == 6 || !nv_is_cjk(nv_prev_cp(c->t, q - 6, &w)))) {
				set_region(r, c, q - 6, n, c->t + q - 6, 6, 50, "单位名称");
				r->orig = 1;
				break;
			}
		}
}

/* The length of a township's government words at p (镇人民政府 / 政府, 街道办事处 / 街道办), or 0. */
static size_t town_gov_at(const struct notice_ctx *c, size_t p, const char *name)
{
	static const char *const town[] = { "人民政府", "政府", NULL }, *const street[] = { "办事处", "办", NULL };
	size_t n = strlen(name), k;
	const char *const *w = n > 6 && !strcmp(name + n - 6, "街道") ? street : town;

	for (k = 0; w[k]; k++)
		if (at(c, p, w[k]))
			return strlen(w[k]);
	return 0;
}

#define TOWN_MAX 16          /* namesakes kept for the note */

struct towns {
	const struct plan_org *v[TOWN_MAX];
	size_t n, len, a, b; /* candidates, their name's length, the issuer's words quoted */
};

/* The loaded townships named as the issuer in [a, b): the longest name, with its namesakes. */
static void towns_in(const struct notice_ctx *c, size_t a, size_t b, struct towns *t)
{
	const struct plan_orgs *o = c->o->orgs;
	size_t k;

	for (k = 0; o && b > a && b <= c->len && k < o->n; k++) {
		const struct plan_org *g = &o->v[k];
		size_t n = strlen(g->name), p = a, w;
		const char *hit;

		if (strcmp(g->kind, "township") || n < 6 || n < t->len)
			continue;
		while (p < b && (hit = memmem(c->s + p, b - p, g->name, n))) {
			size_t q = (size_t)(hit - c->s);

			p = q + 1;
			if (!(w = town_gov_at(c, q + n, g->name)))
				continue;
			if (n > t->len) {
				t->n = 0;
				t->len = n;
				t->a = q;
				t->b = q + n + w;
			} else if (strcmp(t->v[0]->name, g->name)) {
				break; /* another name of the same length: the first found stands */
			}
			if (t->n < TOWN_MAX)
				t->v[t->n++] = g;
			break;
		}
	}
}

/* Is g's county, or that county's city, named in the text? */
static int town_placed(const struct notice_ctx *c, const struct plan_org *g)
{
	const struct plan_org *p = plan_orgs_find(c->o->orgs, g->parent), *pp;

	if (!p)
		return 0;
	if (named_in_text(c, p, "", 0))
		return 1;
	pp = p->parent[0] ? plan_orgs_find(c->o->orgs, p->parent) : NULL;
	return pp && !strcmp(pp->kind, "city") && named_in_text(c, pp, "", 0);
}

/*
 * A township as the issuer (莲塘镇人民政府, 八一街道办事处), in the issuer's
 * span, the notice title before its 关于, or after a 发文机关 label: taken
 * (95) when the loaded townships hold one of that name, or one of its
 * namesakes has its county (or city) named in the text; else r->towns says
 * how many namesakes could not be told apart, for a 待核实 note.
 */
static void region_by_township(const struct notice_ctx *c, const struct nc_spans *h, struct nc_region *r)
{
	struct towns t = { .n = 0 };
	const struct plan_org *one = NULL;
	size_t lim = c->len < 4096 ? c->len : 4096, k, placed = 0, e = h->nt_b;
	const char *hit;

	towns_in(c, h->is_a, h->is_b, &t);
	if (h->nt_b && (hit = find(c, h->nt_a, h->nt_b, "关于")))
		e = off(c, hit);
	if (!t.n)
		towns_in(c, h->nt_a, e, &t);
	if (!t.n && (hit = find(c, 0, lim, "发文机关")))
		towns_in(c, off(c, hit), off(c, hit) + 96 < c->len ? off(c, hit) + 96 : c->len, &t);
	if (!t.n)
		return;
	for (k = 0; k < t.n && t.n > 1; k++)
		if (town_placed(c, t.v[k])) {
			one = t.v[k];
			placed++;
		}
	if (t.n == 1 || placed == 1) {
		r->a = t.a;
		r->b = t.b;
		r->conf = 95;
		r->basis = "发文机关";
		snprintf(r->name, sizeof(r->name), "%s", t.n == 1 ? t.v[0]->name : one->name);
		r->code = t.n == 1 ? t.v[0]->code : one->code;
		r->kind = "township";
		return;
	}
	r->towns = (int)t.n;
	r->ta = t.a;
	r->tb = t.b;
	for (k = 0; k < t.n; k++) {
		const struct plan_org *p = plan_orgs_find(c->o->orgs, t.v[k]->parent);
		size_t u = strlen(r->tnames);

		snprintf(r->tnames + u, sizeof(r->tnames) - u, "%s%s（%s，%s）", k ? "、" : "", t.v[k]->name,
			 t.v[k]->code, p ? p->name : t.v[k]->parent);
	}
}

void nc_find_region(const struct notice_ctx *c, const struct nc_spans *h, struct nc_region *r)
{
	size_t lim = c->len < SCAN_MAX ? c->len : SCAN_MAX;

	memset(r, 0, sizeof(*r));
	region_by_township(c, h, r);
	if (r->conf)
		return;
	if (h->dn_b)
		region_by_docno(c, h->dn_a, h->dn_b, r);
	if (h->nt_b && !region_by_pattern(c, h->nt_a, h->nt_b, 80, r) && h->is_b)
		region_by_pattern(c, h->is_a, h->is_b + 12, 80, r);
	if (r->conf < 75)
		region_by_pattern(c, 0, lim, 75, r);
	if (r->conf < 60)
		region_by_names(c, r);
	if (!r->conf)
		region_by_institution(c, r);
}

/* "各县（市、区）人民政府" → a city's notice; "各乡镇人民政府" → a county's. */
const char *nc_level_hint(const struct notice_ctx *c, size_t *a, size_t *b)
{
	static const struct {
		const char *words, *level;
	} hints[] = {
		{ "各设区市人民政府", "省" }, { "各市、县(区)人民政府", "省" }, { "各县(市、区)人民政府", "市" },
		{ "各区、县(市)人民政府", "市" }, { "各县(区)人民政府", "市" }, { "各乡镇人民政府", "县" },
		{ "各乡(镇)人民政府", "县" }, { "各乡镇场", "县" }, { "各镇(街道)", "县" },
		{ "各村(居)委会", "乡" }, { "各村(居)民委员会", "乡" }, { "各村委会", "乡" },
	};
	size_t lim = c->len < 4096 ? c->len : 4096, k;
	const char *hit;

	for (k = 0; k < ARRAY_SIZE(hints); k++)
		if ((hit = find(c, 0, lim, hints[k].words))) {
			*a = off(c, hit);
			*b = *a + strlen(hints[k].words);
			return hints[k].level;
		}
	return NULL;
}

static int year_at(const struct notice_ctx *c, size_t p)
{
	int y;

	if (p + 4 > c->len || !nv_is_digit(c->s[p]) || !nv_is_digit(c->s[p + 1]) || !nv_is_digit(c->s[p + 2]) ||
	    !nv_is_digit(c->s[p + 3]) || (p && nv_is_digit(c->s[p - 1])) ||
	    (p + 4 < c->len && nv_is_digit(c->s[p + 4])))
		return 0;
	y = (c->s[p] - '0') * 1000 + (c->s[p + 1] - '0') * 100 + (c->s[p + 2] - '0') * 10 + (c->s[p + 3] - '0');
	return y >= 1990 && y <= 2199 ? y : 0;
}

static void set_year(struct nc_year *y, int v, size_t a, size_t b, int conf, const char *basis)
{
	if (!v || y->conf >= conf)
		return;
	y->value = v;
	y->a = a;
	y->b = b;
	y->conf = conf;
	y->basis = basis;
}

/* A date after a label (发文日期: 2022-07-14, 发文日期|2022-07-14). */
static void year_by_label(const struct notice_ctx *c, size_t lim, struct nc_year *y)
{
	static const char *const labels[] = { "发布日期", "成文日期", "印发日期", "发文日期", NULL };
	size_t k, p, e;
	int yy, m, d;
	const char *hit;

	for (k = 0; labels[k]; k++) {
		if (!(hit = find(c, 0, lim, labels[k])))
			continue;
		p = off(c, hit) + strlen(labels[k]);
		while (p < c->len && (c->s[p] == ':' || c->s[p] == '|' || c->s[p] == ' ' || c->s[p] == '\t'))
			p++;
		if ((e = nf_full_date_at(c->s, p, c->len, &yy, &m, &d)))
			set_year(y, yy, off(c, hit), e, 80, "发布日期");
	}
}

void nc_find_year(const struct notice_ctx *c, const struct nc_spans *h, struct nc_year *y)
{
	size_t lim = c->len < SCAN_MAX ? c->len : SCAN_MAX, p, e;
	int yy, m, d;

	memset(y, 0, sizeof(*y));
	for (p = h->ti_a; h->ti_b && p + 7 <= h->ti_b && !y->value; p++)
		if (year_at(c, p) && at(c, p + 4, "年"))
			set_year(y, year_at(c, p), p, p + 7, 90, "标题");
	for (p = h->dn_a; h->dn_b && p + 4 <= h->dn_b && y->conf < 85; p++)
		if (year_at(c, p))
			set_year(y, year_at(c, p), h->dn_a, h->dn_b, 85, "文号");
	year_by_label(c, lim, y);
	for (p = 0; p + 7 <= lim && y->conf < 60; p++)
		if (year_at(c, p) && at(c, p + 4, "年"))
			set_year(y, year_at(c, p), p, p + 7, 60, "正文日期");
	for (p = 0; p + 8 <= lim && y->conf < 50; p++)
		if (year_at(c, p) && (e = nf_full_date_at(c->s, p, c->len, &yy, &m, &d)))
			set_year(y, yy, p, e, 50, "正文日期");
}
