/*
 * facts.c - the scanners behind the notice importer's facts (see facts.h):
 * quantified targets with their comparators and baselines, dates, and the
 * unit lists of annotations. They read the normalised view (ASCII digits,
 * ASCII punctuation for folded full-width forms, no blanks).
 */
#include "facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "notice/view.h"
#include "core/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* s[p..) starts with lit (p + strlen(lit) <= b). */
static int at(const char *s, size_t p, size_t b, const char *lit)
{
	size_t n = strlen(lit);

	return p + n <= b && memcmp(s + p, lit, n) == 0;
}

/* s[..p) ends with lit, not before a. */
static int ends(const char *s, size_t a, size_t p, const char *lit)
{
	size_t n = strlen(lit);

	return p >= a + n && memcmp(s + p - n, lit, n) == 0;
}

/* Which of the NULL-terminated words s[..p) ends with (not before a); its length, or 0. */
static size_t ends_any(const char *s, size_t a, size_t p, const char *const *words)
{
	size_t k;

	for (k = 0; words[k]; k++)
		if (ends(s, a, p, words[k]))
			return strlen(words[k]);
	return 0;
}

static size_t at_any(const char *s, size_t p, size_t b, const char *const *words, size_t *which)
{
	size_t k;

	for (k = 0; words[k]; k++)
		if (at(s, p, b, words[k])) {
			if (which)
				*which = k;
			return strlen(words[k]);
		}
	return 0;
}

static int is_stmt_end(const char *s, size_t p, size_t b)
{
	return s[p] == ';' || s[p] == '!' || s[p] == '?' || s[p] == '\n' || at(s, p, b, "。");
}

static int is_clause_end(const char *s, size_t p, size_t b)
{
	return is_stmt_end(s, p, b) || s[p] == ',' || s[p] == ':';
}

/* ---------- numbers ---------- */

static const char *const cn_digits[] = { "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七",
					 "八", "九", "十", "百", "千", NULL };

int64_t nf_number_at(const char *s, size_t p, size_t b, size_t *end)
{
	size_t q = p, k;
	int64_t v = 0;
	struct ms_err e;

	if (q < b && nv_is_digit(s[q])) {
		while (q < b && nv_is_digit(s[q]) && q - p < 15)
			v = v * 10 + (s[q++] - '0');
		*end = q;
		return v;
	}
	while (q < b && at_any(s, q, b, cn_digits, &k) && q - p < 30)
		q += 3;
	*end = q;
	if (q == p || ms_cn_num_parse(s + p, q - p, &v, &e) < 0)
		return -1;
	return v;
}

/* ---------- dates ---------- */

/* ASCII digits at s[p..): 1..maxd of them, not followed by another digit. */
static int digits(const char *s, size_t p, size_t b, int maxd, int *v, size_t *end)
{
	size_t q = p;
	int n = 0;

	while (q < b && nv_is_digit(s[q])) {
		if (++n > maxd)
			return 0;
		*v = (q == p ? 0 : *v) * 10 + (s[q] - '0');
		q++;
	}
	*end = q;
	return n > 0;
}

static int date_ok(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (y && (y < 1900 || y > 2199))
		return 0;
	if (y && m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 0;
	return 1;
}

size_t nf_full_date_at(const char *s, size_t p, size_t b, int *y, int *m, int *d)
{
	size_t q;

	if (!digits(s, p, b, 4, y, &q) || q - p != 4)
		return 0;
	if (at(s, q, b, "年")) {
		if (!digits(s, q + 3, b, 2, m, &q) || !at(s, q, b, "月") ||
		    !digits(s, q + 3, b, 2, d, &q) || !at(s, q, b, "日"))
			return 0;
		q += 3;
	} else if (q < b && (s[q] == '-' || s[q] == '/' || s[q] == '.')) {
		char sep = s[q];

		if (!digits(s, q + 1, b, 2, m, &q) || q >= b || s[q] != sep ||
		    !digits(s, q + 1, b, 2, d, &q))
			return 0;
	} else {
		return 0;
	}
	return date_ok(*y, *m, *d) ? q : 0;
}

size_t nf_find_dates(const char *s, size_t a, size_t b, struct nf_date *out, size_t max)
{
	static const char *const before[] = { "前", "之前", "以前", NULL };
	size_t p = a, n = 0, q;

	while (p < b && n < max) {
		struct nf_date dt = { 0 };
		int y = 0, m = 0, d = 0;

		if (!(nv_is_digit(s[p]) && (p == a || !nv_is_digit(s[p - 1])))) {
			/* 年底 with no year said */
			if ((at(s, p, b, "年底") || at(s, p, b, "年末")) &&
			    (p == a || !nv_is_digit(s[p - 1])) && !ends(s, a, p, "明")) {
				dt.kind = NF_DATE_YEAR_END;
				q = p + 6;
				goto found;
			}
			p++;
			continue;
		}
		if ((q = nf_full_date_at(s, p, b, &y, &m, &d))) {
			dt.kind = NF_DATE_FULL;
		} else if (digits(s, p, b, 4, &y, &q) && q - p == 4 && at(s, q, b, "年")) {
			size_t r = q + 3;

			if (y < 1900 || y > 2199) {
				p = q;
				continue;
			}
			if (at(s, r, b, "底") || at(s, r, b, "末") || at(s, r, b, "内")) {
				dt.kind = NF_DATE_YEAR_END;
				q = r + 3;
			} else if (at(s, r, b, "初")) {
				dt.kind = NF_DATE_YEAR_START;
				q = r + 3;
			} else if (digits(s, r, b, 2, &m, &r) && at(s, r, b, "月底") && m >= 1 && m <= 12) {
				dt.kind = NF_DATE_MONTH_END;
				q = r + 6;
			} else {
				p = q;
				continue;
			}
		} else if (digits(s, p, b, 2, &m, &q) && at(s, q, b, "月")) {
			y = 0;
			if (digits(s, q + 3, b, 2, &d, &q) && at(s, q, b, "日") && date_ok(0, m, d)) {
				dt.kind = NF_DATE_MD;
				q += 3;
			} else if (at(s, q + 3, b, "底") && m >= 1 && m <= 12) {
				dt.kind = NF_DATE_MONTH_END;
				q += 6;
				d = 0;
			} else {
				p = q;
				continue;
			}
		} else {
			while (p < b && nv_is_digit(s[p]))
				p++;
			continue;
		}
		dt.y = y;
		dt.m = m;
		dt.d = d;
found:
		dt.a = p;
		dt.b = q;
		dt.before = at_any(s, q, b, before, NULL) != 0;
		out[n++] = dt;
		p = q;
	}
	return n;
}

/* ---------- targets ---------- */

struct unit_word {
	const char *word;
	const char *const *not_before; /* words that make it no unit: 台账, 个百分点 */
};

static const char *const nb_ge[] = { "百分点", "月", "工作日", "小时", "季度", "年度", "方面",
				     "环节", "领域", "批次", "阶段", NULL };
static const char *const nb_ren[] = { "民", "均", "口", "员", "数", NULL };
static const char *const nb_tai[] = { "账", "阶", NULL };
static const char *const nb_suo[] = { "有", "需", "属", "在", "得", "以", NULL };
static const char *const nb_tiao[] = { "件", "例", "款", "规", NULL };
static const char *const nb_chu[] = { "理", "置", "罚", "室", "长", NULL };
static const char *const nb_ming[] = { "单", "称", "义", "额", NULL };
static const char *const nb_chang[] = { "所", "景", "地", "馆", NULL };
static const char *const nb_zhi[] = { "持", "付", "出", NULL };
static const char *const nb_jia[] = { "庭", NULL };
static const char *const nb_hu[] = { "籍", "口", NULL };
static const char *const nb_none[] = { NULL };

/* Longest first where one is the start of another (人次 before 人). */
static const struct unit_word units[] = {
	{ "平方米", nb_none }, { "公里", nb_none }, { "千米", nb_none }, { "人次", nb_none },
	{ "元", nb_none }, { "%", nb_none }, { "户", nb_hu }, { "家", nb_jia }, { "台", nb_tai },
	{ "个", nb_ge }, { "所", nb_suo }, { "座", nb_none }, { "条", nb_tiao }, { "辆", nb_none },
	{ "套", nb_none }, { "人", nb_ren }, { "张", nb_none }, { "间", nb_none }, { "处", nb_chu },
	{ "名", nb_ming }, { "场", nb_chang }, { "支", nb_zhi }, { "吨", nb_none }, { "亩", nb_none },
	{ "盏", nb_none }, { "例", nb_none },
};

/* Verbs that make 由X… a starting value (由900元提高到950元), not the one who acts. */
static const char *const agent_verbs[] = { "提高", "增加", "提升", "上调", "降低", "减少", "下降", "扩大",
					   "缩短", "增长", "调整", NULL };

/* 由全市12个区县…: the figure names who acts. */
static const char *const agents[] = { "由全市", "由全省", "由全县", "由全区", "由各", NULL };

/* Words that end a region's name: 袁州区16个 is that region's part. */
static const char *const region_words[] = { "区", "县", "市", "镇", "乡", "街道", NULL };

/* After a figure in Chinese numerals, words that make 两个/四个 a slogan, not a count. */
static const char *const cn_slogans[] = { "确立", "维护", "意识", "自信", "大局", "全面", "务必",
					  "代表", "坚持", "结合", "一流", "中心", NULL };

enum tok_role { TR_SKIP = 0, TR_TARGET, TR_INCREASE, TR_FROM };

struct tok {
	size_t n_a, n_b;      /* the number and its multiplier */
	size_t u_a, u_b;      /* the unit (and any /人·月) */
	size_t end;           /* after a comparator that follows */
	size_t clause;        /* start of its clause */
	size_t stmt;          /* start of its statement */
	int64_t value;
	char unit[24];
	int money;            /* 元-based */
	int cents;            /* value is in hundredths: 13.46千米 (lengths and weights only) */
	int cmp;
	const char *cmp_word;
	int role;
	int explained;        /* an increase or 'from' value that a target used */
};

/* Words between a verb and its figure that say what the figure is per: 提高到每人每月950元. */
static const char *const per_words[] = { "每人每月", "每月每人", "每人每年", "每户每月", "每生每天",
					 "每生每年", "月人均", "人均", "每户", "每人", NULL };

static const char *const ge_before[] = { "不低于", "不少于", "至少", "不小于", NULL };
static const char *const le_before[] = { "不超过", "不高于", "不多于", "不大于", "控制在", NULL };
static const char *const reach_before[] = { "提高到", "提高至", "增加到", "增加至", "增至", "提升到",
					    "提升至", "上调至", "上调到", "调整为", "调整到", "达到",
					    "保持在", "稳定在", "达", NULL };
static const char *const increase_before[] = { "提高", "增加", "提升", "上调", "增长", "降低",
					       "减少", "下降", NULL };
static const char *const from_before[] = { "由", "从", NULL };
static const char *const rate_cue[] = { "率", "比例", "比重", "占", "覆盖", NULL };

/* Does the clause s[a, p) hold one of the words? */
static int clause_has(const char *s, size_t a, size_t p, const char *const *words)
{
	size_t k;

	for (k = 0; words[k]; k++)
		if (memmem(s + a, p - a, words[k], strlen(words[k])))
			return 1;
	return 0;
}

/* The money unit a figure in 元 is counted in, from the words before it or the suffix after. */
static void money_unit(const char *s, size_t stmt, size_t p, size_t ue, size_t b, char *unit,
		       size_t *u_end)
{
	static const struct { const char *cue, *unit; } cues[] = {
		{ "每人每月", "元/人·月" }, { "每月每人", "元/人·月" }, { "月人均", "元/人·月" },
		{ "人均月", "元/人·月" }, { "每人每年", "元/人·年" }, { "年人均", "元/人·年" },
		{ "每生每天", "元/生·天" }, { "每生每年", "元/生·年" },
		{ "人均年", "元/人·年" }, { "每户每月", "元/户·月" }, { "每户", "元/户" },
		{ "每人", "元/人" }, { "人均", "元/人" },
	};
	static const struct { const char *suffix, *unit; } suffixes[] = {
		{ "/人·月", "元/人·月" }, { "/人/月", "元/人·月" }, { "/人月", "元/人·月" },
		{ "/月·人", "元/人·月" }, { "/月/人", "元/人·月" }, { "/人·年", "元/人·年" },
		{ "/人/年", "元/人·年" }, { "/户", "元/户" }, { "/人", "元/人" },
	};
	size_t k, best = 0, bestpos = 0;
	const char *u = "元";
	void *hit;

	*u_end = ue;
	for (k = 0; k < ARRAY_SIZE(suffixes); k++)
		if (at(s, ue, b, suffixes[k].suffix)) {
			snprintf(unit, 24, "%s", suffixes[k].unit);
			*u_end = ue + strlen(suffixes[k].suffix);
			return;
		}
	/* the nearest cue before the figure, within its statement */
	for (k = 0; k < ARRAY_SIZE(cues); k++) {
		size_t from = stmt, n = strlen(cues[k].cue);

		while (from < p && (hit = memmem(s + from, p - from, cues[k].cue, n))) {
			size_t pos = (size_t)((const char *)hit - s), e = pos + n;

			/* the cue ending nearest the figure; of two ending together, the longer */
			if (e > bestpos || (e == bestpos && n > best)) {
				bestpos = e;
				best = n;
				u = cues[k].unit;
			}
			from = pos + 1;
		}
	}
	snprintf(unit, 24, "%s", u);
}

/* Reads one figure with its unit at s[p..b); 0 when it is none. */
/* The figure at s[p..): ASCII digits (',' groups, one '.') into num, or Chinese numerals read as a value. */
static size_t read_number(const char *s, size_t p, size_t b, char *num, size_t cap, int *cn)
{
	size_t q = p, dot = 0;
	int64_t v;

	*cn = 0;
	if (!nv_is_digit(s[p])) {
		v = nf_number_at(s, p, b, &q);
		if (v < 1 || q == p)
			return 0;
		snprintf(num, cap, "%lld", (long long)v);
		*cn = 1;
		return q;
	}
	while (q < b && (nv_is_digit(s[q]) ||
			 (s[q] == ',' && q + 3 < b && nv_is_digit(s[q + 1]) && nv_is_digit(s[q + 2]) &&
			  nv_is_digit(s[q + 3]) && (q + 4 >= b || !nv_is_digit(s[q + 4])) && !dot) ||
			 (s[q] == '.' && !dot && q + 1 < b && nv_is_digit(s[q + 1])))) {
		if (s[q] == '.')
			dot = q;
		q++;
	}
	if (q - p >= cap)
		return 0;
	memcpy(num, s + p, q - p);
	num[q - p] = '\0';
	return q;
}

static int read_tok(const char *s, size_t stmt, size_t p, size_t b, struct tok *t)
{
	size_t q, k, mult = 0, ue, which;
	char num[64];
	int scale, cn;
	struct ms_err e;

	memset(t, 0, sizeof(*t));
	t->stmt = stmt;
	if (!(q = read_number(s, p, b, num, sizeof(num), &cn)))
		return 0;
	t->n_a = p;
	if (at(s, q, b, "万"))
		mult = 4;
	else if (at(s, q, b, "亿"))
		mult = 8;
	else if (at(s, q, b, "千") && !at(s, q, b, "千米") && !cn)
		mult = 3;
	ue = q + (mult ? 3 : 0);
	/* 8千余户, 1万多人 */
	if (mult && (at(s, ue, b, "余") || at(s, ue, b, "多")))
		ue += 3;
	for (k = 0; k < ARRAY_SIZE(units); k++)
		if (at(s, ue, b, units[k].word))
			break;
	if (k == ARRAY_SIZE(units))
		return 0;
	t->n_b = ue;
	t->u_a = ue;
	t->u_b = ue + strlen(units[k].word);
	/* 20所以上 is no 所以 */
	if (!at(s, t->u_b, b, "以上") && !at(s, t->u_b, b, "以下") && !at(s, t->u_b, b, "以内") &&
	    at_any(s, t->u_b, b, units[k].not_before, &which))
		return 0;
	/* 三所, 两万个: a count in words, never 一个 (an article) nor 两个确立 */
	if (cn && ((!strcmp(num, "1") && strcmp(units[k].word, "所") && strcmp(units[k].word, "座") &&
		    strcmp(units[k].word, "处")) ||
		   at_any(s, t->u_b, b, cn_slogans, &which) ||
		   ((unsigned char)s[t->u_b] < 0x80 && !strchr(",;:.!?)\n", s[t->u_b]))))
		return 0;   /* …五台3个街道: 五台 is a name */
	if (!strcmp(units[k].word, "元")) {
		t->money = 1;
		money_unit(s, t->stmt, p, t->u_b, b, t->unit, &t->u_b);
		scale = 2 + (int)mult;
		if (ms_dec_parse(num, strlen(num), scale, MS_MONEY_MAX, &t->value, &e) < 0)
			return 0;
	} else if (!strcmp(units[k].word, "%")) {
		if (mult)
			return 0;
		snprintf(t->unit, sizeof(t->unit), "%%");
		if (ms_dec_parse(num, strlen(num), 2, 100000000, &t->value, &e) < 0)
			return 0;
	} else {
		snprintf(t->unit, sizeof(t->unit), "%s", units[k].word);
		if (ms_dec_parse(num, strlen(num), (int)mult, (int64_t)1 << 53, &t->value, &e) < 0) {
			/* 5.5公里, 13.46千米: no count, a measure — kept in hundredths */
			if (strcmp(t->unit, "公里") && strcmp(t->unit, "千米") && strcmp(t->unit, "吨") &&
			    strcmp(t->unit, "平方米"))
				return 0;
			if (ms_dec_parse(num, strlen(num), (int)mult + 2, (int64_t)1 << 53, &t->value, &e) < 0)
				return 0;
			t->cents = 1;
		}
	}
	return 1;
}

static const char *const increase_verbs[] = { "分别", "提高", "增加", "提升", "上调", "增长",
					      "降低", "减少", "下降", "均", NULL };

static void strip_front(const char *s, size_t *a, size_t b)
{
	static const char *const lead[] = { "其中", "将", "把", "对", "为", "在", "使", "力争",
					    "确保", "全年", "累计", "共", "按照", "按", "并", "均",
					    "同时", "另外", "且", NULL };
	size_t n;

	while ((n = at_any(s, *a, b, lead, NULL)) && *a + n < b)
		*a += n;
}

static void strip_back(const char *s, size_t a, size_t *b)
{
	static const char *const tail[] = { "不低于", "不少于", "不超过", "不高于", "不多于", "至少",
					    "提高到", "提高至", "增加到", "增加至", "增至", "达到",
					    "保持在", "稳定在", "控制在", "每人每月", "每月每人",
					    "每人每年", "每户", "每人", "分别", "均", "在", "为", "达",
					    "提高", "增加", "提升", "上调",
					    "的", "约", "共", "了", NULL };
	size_t n;

	while (((n = ends_any(s, a, *b, tail)) || (n = ends_any(s, a, *b, per_words))) &&
	       *b - n >= a)
		*b -= n;
}

/* Keeps at most the last max characters of s[a, b). */
static size_t last_chars(const char *s, size_t a, size_t b, size_t max)
{
	size_t p = b, n = 0, st;

	while (p > a && n < max) {
		nv_prev_cp(s, p, &st);
		p = st < a ? a : st;
		n++;
	}
	return p;
}

static void add_name(char *dst, size_t cap, const char *s, size_t a, size_t b)
{
	size_t have = strlen(dst);

	if (b > a && have + (b - a) < cap) {
		memcpy(dst + have, s + a, b - a);
		dst[have + b - a] = '\0';
	}
}

/* The name of what a figure counts: the words before it in its clause, then those after. */
static void tok_name(const char *s, const struct tok *t, const struct tok *incr,
		     const struct tok *from, size_t b, char *name, size_t cap)
{
	size_t pa = t->clause, pb = t->n_a, qa = t->end, qb = t->end, n;

	/* 由每人每月900元提高到…: the subject stands before 由 */
	if (from) {
		pa = from->clause;
		pb = from->n_a;
		while ((n = ends_any(s, pa, pb, per_words)) && pb - n >= pa)
			pb -= n;
		while ((n = ends_any(s, pa, pb, from_before)) && pb - n >= pa)
			pb -= n;
	}
	/* 将城市低保月人均保障标准提高60元，达到885元: the subject stands before the increase */
	if (incr) {
		pa = incr->clause;
		pb = incr->n_a;
		while ((n = ends_any(s, pa, pb, increase_verbs)) && pb - n >= pa)
			pb -= n;
	}

	name[0] = '\0';
	strip_front(s, &pa, pb);
	strip_back(s, pa, &pb);
	if (pb > pa && (at(s, pa, pb, "提高") || at(s, pa, pb, "达到")))
		pb = pa;
	pa = last_chars(s, pa, pb, 16);
	while (qb < b && !is_clause_end(s, qb, b))
		qb++;
	if (at(s, qa, qb, "的"))
		qa += 3;
	qb = qa + (size_t)ms_utf8_clip(s + qa, qb - qa, 90);
	add_name(name, cap, s, pa, pb);
	add_name(name, cap, s, qa, qb);
	if (!name[0])
		snprintf(name, cap, "%s", t->unit);
}

static int same_family(const struct tok *x, const struct tok *y)
{
	return x->money ? y->money : !strcmp(x->unit, y->unit);
}

/* Splits the subject "A、B、C" of a 分别 statement; returns how many (0 if none). */
static size_t subjects(const char *s, size_t stmt, size_t p, size_t *sa, size_t *sb, size_t max)
{
	void *hit = memmem(s + stmt, p - stmt, "分别", 6);
	size_t a = stmt, e, n = 0, q;

	if (!hit)
		return 0;
	e = (size_t)((const char *)hit - s);
	strip_front(s, &a, e);
	if (!memmem(s + a, e - a, "、", 3))
		return 0;
	for (q = a; q <= e && n < max; ) {
		size_t r = q;

		while (r < e && !at(s, r, e, "、"))
			r++;
		if (r > q) {
			sa[n] = q;
			sb[n] = r;
			n++;
		}
		q = r + 3;
	}
	return n >= 2 ? n : 0;
}

static void emit(const char *s, struct nf_targets *out, const struct tok *t,
		 const struct tok *incr, const struct tok *from, size_t b, size_t na, size_t nb)
{
	struct nf_target *x;

	if (out->n == out->alloc) {
		out->alloc = out->alloc ? out->alloc * 2 : 16;
		out->v = realloc(out->v, out->alloc * sizeof(*out->v));
		if (!out->v)
			abort();
	}
	x = &out->v[out->n++];
	memset(x, 0, sizeof(*x));
	x->q_a = t->clause;
	x->q_b = t->end;
	x->n_a = t->n_a;
	x->n_b = t->end;
	x->value = t->value;
	x->cents = t->cents;
	snprintf(x->unit, sizeof(x->unit), "%s", t->unit);
	x->cmp = t->cmp;
	x->cmp_word = t->cmp_word;
	if (incr && incr->value <= t->value) {
		x->has_base = 1;
		x->base = t->value - incr->value;
		x->b_a = incr->clause;
		/* from the verb: 提高60元 */
		{
			size_t v = incr->n_a, n;

			while (v > incr->clause && (n = ends_any(s, incr->clause, v, increase_before)))
				v -= n;
			while (v > incr->clause && ends(s, incr->clause, v, "分别"))
				v -= 6;
			while (v > incr->clause && (n = ends_any(s, incr->clause, v, increase_before)))
				v -= n;
			x->b_a = v;
		}
		x->b_b = incr->u_b;
		if (incr->clause < x->q_a)
			x->q_a = incr->clause;
	} else if (from) {
		x->has_base = 1;
		x->base_text = 1;
		x->base = from->value;
		x->b_a = from->n_a;
		x->b_b = from->u_b;
		if (from->clause < x->q_a)
			x->q_a = from->clause;
	}
	if (nb > na)
		add_name(x->name, sizeof(x->name), s, na, nb);
	else
		tok_name(s, t, incr, from, b, x->name, sizeof(x->name));
}

#define MAX_TOKS 256

/* The comparator said after a figure (以上, 以内…): x->cmp, cmp_word, and end past the words. */
static void cmp_after(const char *s, size_t b, struct tok *x)
{
	if (at(s, x->end, b, "以上") || at(s, x->end, b, "及以上")) {
		x->cmp = '>';
		x->cmp_word = "以上";
		x->end += at(s, x->end, b, "及") ? 9 : 6;
	} else if (at(s, x->end, b, "以内") || at(s, x->end, b, "以下") ||
		   at(s, x->end, b, "及以下")) {
		x->cmp = '<';
		x->cmp_word = at(s, x->end, b, "以内") ? "以内" : "以下";
		x->end += at(s, x->end, b, "及") ? 9 : 6;
	}
}

/*
 * Every figure with a unit in s[a, b), with its clause and statement, into
 * *tp (small, or MAX_TOKS on the heap when a sentence is full of figures).
 */
/* A figure in Chinese numerals may start at p: a numeral not continuing a word (第三, 每一, 统一, 十一五). */
static int cn_figure_start(const char *s, size_t a, size_t p, size_t b)
{
	static const char *const not_after[] = { "第", "每", "之", "统", "唯", "同", "逐", "归", "万", "千",
						 "百", "十", "零", "〇", "一", "二", "两", "三", "四", "五",
						 "六", "七", "八", "九", "单", "专", "划", "周", "星期", NULL };
	size_t k;

	if (!at_any(s, p, b, cn_digits, &k) || ends_any(s, a, p, not_after))
		return 0;
	return 1;
}

static size_t read_figures(const char *s, size_t a, size_t b, struct tok *small, size_t nsmall,
			   struct tok **tp)
{
	struct tok *t = small;
	size_t n = 0, p = a, clause = a, stmt = a, cap = nsmall;

	while (p < b && n < MAX_TOKS) {
		if (n == cap) {
			/* a sentence full of figures: move to the heap */
			t = malloc(MAX_TOKS * sizeof(*t));
			if (!t)
				abort();
			memcpy(t, small, nsmall * sizeof(*small));
			cap = MAX_TOKS;
		}
		if (is_clause_end(s, p, b)) {
			size_t w = s[p] == ',' || s[p] == ';' || s[p] == ':' || s[p] == '!' ||
				   s[p] == '?' || s[p] == '\n' ? 1 : 3;

			if (is_stmt_end(s, p, b))
				stmt = p + w;
			clause = p + w;
			p += w;
			continue;
		}
		if ((nv_is_digit(s[p]) && (p == a || (!nv_is_digit(s[p - 1]) && s[p - 1] != '.' &&
						      !((s[p - 1] | 0x20) >= 'a' && (s[p - 1] | 0x20) <= 'z')))) ||
		    cn_figure_start(s, a, p, b)) {
			struct tok *x = &t[n];
			size_t q = p;

			if (read_tok(s, stmt, p, b, x)) {
				x->clause = clause;
				x->end = x->u_b;
				x->role = TR_TARGET;
				cmp_after(s, b, x);
				n++;
				p = x->end;
				continue;
			}
			while (q < b && (nv_is_digit(s[q]) || s[q] == '.' || s[q] == ','))
				q++;
			p = q > p ? q : p + 1;
			continue;
		}
		p++;
	}
	*tp = t;
	return n;
}

/* What figure i is: a target, an increase, a starting value, or nothing (an ordinal, a range…). */
static void classify(const char *s, size_t b, struct tok *t, size_t n, size_t i)
{
	struct tok *x = &t[i];
	size_t w, pre, k;

	/* ordinals, ranks, ranges */
	if (ends(s, x->clause, x->n_a, "第") || ends(s, x->clause, x->n_a, "前") ||
	    (x->n_a > x->clause && (s[x->n_a - 1] == '-' || s[x->n_a - 1] == '~')) ||
	    ends(s, x->clause, x->n_a, "至") || ends(s, x->clause, x->n_a, "到") ||
	    (x->end < b && (s[x->end] == '-' || s[x->end] == '~' ||
			    ((at(s, x->end, b, "至") || at(s, x->end, b, "到")) &&
			     x->end + 3 < b && nv_is_digit(s[x->end + 3]))))) {
		/* 提高到885元 is no range */
		if (!(ends(s, x->clause, x->n_a, "到") || ends(s, x->clause, x->n_a, "至")) ||
		    !ends_any(s, x->clause, x->n_a, reach_before)) {
			x->role = TR_SKIP;
			return;
		}
	}
	/* the words before the figure, past 每人每月 and the like */
	pre = x->n_a;
	while ((w = ends_any(s, x->clause, pre, per_words)))
		pre -= w;
	if ((w = ends_any(s, x->clause, pre, ge_before))) {
		x->cmp = '>';
		x->cmp_word = ge_before[0];
		for (k = 0; ge_before[k]; k++)
			if (ends(s, x->clause, pre, ge_before[k]))
				x->cmp_word = ge_before[k];
	} else if ((w = ends_any(s, x->clause, pre, le_before))) {
		if (!ends(s, x->clause, pre, "控制在") || x->cmp == '<') {
			x->cmp = '<';
			for (k = 0; le_before[k]; k++)
				if (ends(s, x->clause, pre, le_before[k]))
					x->cmp_word = le_before[k];
		}
	} else if (!x->cmp_word) {
		for (k = 0; reach_before[k]; k++)
			if (ends(s, x->clause, pre, reach_before[k])) {
				x->cmp_word = reach_before[k];
				break;
			}
	}
	/* 由X元提高到Y元: X is where it starts */
	if (ends_any(s, x->clause, pre, from_before) && i + 1 < n &&
	    same_family(x, &t[i + 1]) && t[i + 1].stmt == x->stmt) {
		x->role = TR_FROM;
		return;
	}
	/* 提高60元 (，达到885元) */
	{
		size_t v = pre;

		if (ends(s, x->clause, v, "分别"))
			v -= 6;
		if (ends(s, x->clause, v, "均"))
			v -= 3;
		if (ends_any(s, x->clause, v, increase_before) &&
		    !ends_any(s, x->clause, pre, reach_before)) {
			x->role = TR_INCREASE;
			return;
		}
	}
	/* a share is a target only when it is one: a rate, a comparator */
	if (!strcmp(x->unit, "%") && !x->cmp && !x->cmp_word &&
	    !clause_has(s, x->clause, x->n_a, rate_cue))
		x->role = TR_SKIP;
	/* 在五个涉农县区…: where it is done, not what */
	if (x->role == TR_TARGET && ends(s, x->clause, x->n_a, "在") && !strcmp(x->unit, "个") &&
	    (memmem(s + x->u_b, x->u_b + 12 <= b ? 12 : b - x->u_b, "县", 3) ||
	     memmem(s + x->u_b, x->u_b + 12 <= b ? 12 : b - x->u_b, "区", 3) ||
	     memmem(s + x->u_b, x->u_b + 12 <= b ? 12 : b - x->u_b, "乡", 3))) {
		x->role = TR_SKIP;
		return;
	}
	/* 由全市12个区县按照统一标准，完成… — who does it, not what is done */
	if (x->role == TR_TARGET && (at(s, x->clause, b, "由") || ends_any(s, x->clause, x->n_a, agents)) &&
	    !clause_has(s, x->clause, b, agent_verbs)) {
		x->role = TR_SKIP;
		return;
	}
	/* 改造20个，其中：袁州区16个 — a region's part of a figure already said */
	if (x->role == TR_TARGET && memmem(s + x->stmt, x->n_a - x->stmt, "其中", 6) &&
	    ends_any(s, x->clause, x->n_a, region_words))
		for (k = 0; k < i; k++)
			if (t[k].stmt == x->stmt && t[k].role == TR_TARGET && !strcmp(t[k].unit, x->unit) &&
			    memmem(s + t[k].n_a, x->n_a - t[k].n_a, "其中", 6)) {
				x->role = TR_SKIP;
				break;
			}
}

/* Emits target i, with the increase or starting value that explains it, once per subject. */
static void emit_target(const char *s, size_t b, struct tok *t, size_t n, size_t i,
			struct nf_targets *out)
{
	struct tok *x = &t[i], *incr = NULL, *from = NULL;
	size_t sa[8], sb[8], ns, j, k;

	for (j = i; j-- > 0;) {
		if (t[j].stmt != x->stmt)
			break;
		if (t[j].role == TR_INCREASE && !t[j].explained && same_family(&t[j], x)) {
			incr = &t[j];
			break;
		}
		if (t[j].role == TR_FROM && !t[j].explained && same_family(&t[j], x) &&
		    j + 1 == i) {
			from = &t[j];
			break;
		}
		if (t[j].role == TR_TARGET)
			break;
	}
	if (incr)
		incr->explained = 1;
	if (from)
		from->explained = 1;
	/* a clause that starts 达到… continues the one before */
	if (!incr && !from && x->clause > x->stmt) {
		size_t ca = x->clause;

		strip_front(s, &ca, x->n_a);
		if (at(s, ca, b, "达到") || at(s, ca, b, "提高到")) {
			size_t pc = x->clause - 1;

			while (pc > x->stmt && !is_clause_end(s, pc - 1, b))
				pc--;
			x->clause = pc;
		}
	}
	ns = subjects(s, x->stmt, x->n_a, sa, sb, ARRAY_SIZE(sa));
	if (ns) {
		size_t nt = 0, idx = 0;

		for (j = 0; j < n; j++)
			if (t[j].stmt == x->stmt && t[j].role == TR_TARGET) {
				if (j < i)
					idx++;
				nt++;
			}
		if (nt == 1) {
			for (k = 0; k < ns; k++)
				emit(s, out, x, incr, from, b, sa[k], sb[k]);
			return;
		}
		if (nt == ns) {
			emit(s, out, x, incr, from, b, sa[idx], sb[idx]);
			return;
		}
	}
	emit(s, out, x, incr, from, b, 0, 0);
}

void nf_find_targets(const char *s, size_t a, size_t b, struct nf_targets *out)
{
	struct tok small[32], *t;
	size_t n, i;

	/* 1. every figure with a unit, with its clause and statement */
	n = read_figures(s, a, b, small, ARRAY_SIZE(small), &t);
	/* 2. what each figure is */
	for (i = 0; i < n; i++)
		classify(s, b, t, n, i);
	/* 3. the targets, with the increase or starting value that explains them */
	for (i = 0; i < n; i++)
		if (t[i].role == TR_TARGET)
			emit_target(s, b, t, n, i, out);
	/* an increase no figure completes: 提高10元 on its own */
	for (i = 0; i < n; i++)
		if (t[i].role == TR_INCREASE && !t[i].explained) {
			size_t v = t[i].n_a, w;

			while ((w = ends_any(s, t[i].clause, v, per_words)))
				v -= w;
			if (ends(s, t[i].clause, v, "分别"))
				v -= 6;
			while ((w = ends_any(s, t[i].clause, v, increase_before)) && v - w >= t[i].clause)
				v -= w;
			t[i].cmp = 0;
			t[i].cmp_word = NULL;
			emit(s, out, &t[i], NULL, NULL, b, 0, 0);
			out->v[out->n - 1].increase = 1;
		}
	if (t != small)
		free(t);
}

/* ---------- annotations ---------- */

static const char *const labels[] = { "牵头单位", "牵头部门", "责任单位", "责任部门", "配合单位",
				      "配合部门", "参与单位", "协办单位", "协同单位", NULL };
static const int label_role[] = { NF_LEAD, NF_LEAD, NF_RESPONSIBLE, NF_RESPONSIBLE, NF_ASSISTING,
				  NF_ASSISTING, NF_ASSISTING, NF_ASSISTING, NF_ASSISTING };

int nf_is_label(const char *s, size_t p, size_t b)
{
	/* every label starts with 牵, 责, 配, 参 or 协: test that first */
	static const char *const first[] = { "牵", "责", "配", "参", "协", NULL };

	return p + 12 <= b && at_any(s, p, b, first, NULL) && at_any(s, p, b, labels, NULL) != 0;
}

size_t nf_find_units(const char *s, size_t a, size_t b, struct nf_unit *out, size_t max)
{
	static const char *const first_lead[] = { "列第一位的为牵头单位", "排在第一位的为牵头单位",
						  "列在第一位的为牵头单位", "排第一位的为牵头单位",
						  "第一位为牵头单位", NULL };
	size_t p = a, n = 0, which, w, k, first_of_list;
	int role = 0, fl = 0;

	for (k = 0; first_lead[k]; k++)
		if (memmem(s + a, b - a, first_lead[k], strlen(first_lead[k])))
			fl = 1;
	while (p < b && n < max) {
		if ((w = at_any(s, p, b, labels, &which))) {
			role = label_role[which];
			p += w;
			if (p < b && s[p] == ':')
				p++;
			first_of_list = n;
			/* names up to ; ) 。 or the next label */
			while (p < b && n < max) {
				size_t q = p, e;

				while (q < b && s[q] != ';' && s[q] != ')' && s[q] != ',' && s[q] != '(' &&
				       s[q] != '\n' && !at(s, q, b, "、") && !at(s, q, b, "。") &&
				       !nf_is_label(s, q, b))
					q++;
				e = q;
				/* ，列第一位的为牵头单位 is no name */
				if (at(s, p, b, "列第一位") || at(s, p, b, "列在第一位") ||
				    at(s, p, b, "排在第一位") || at(s, p, b, "排第一位"))
					e = p;
				if (ends(s, p, e, "等"))
					e -= 3;
				if (e > p && e - p <= 90) {
					out[n].a = p;
					out[n].b = e;
					out[n].role = role;
					out[n].first_is_lead = 0;
					if (fl && role == NF_RESPONSIBLE && n == first_of_list)
						out[n].first_is_lead = 1;
					n++;
				}
				if (q < b && (at(s, q, b, "、") || s[q] == ',')) {
					p = q + (s[q] == ',' ? 1 : 3);
					continue;
				}
				p = q;
				break;
			}
			if (p < b && s[p] == '(') {
				/* (列第一位的为牵头单位): skip the parenthesis */
				while (p < b && s[p] != ')')
					p++;
			}
			continue;
		}
		p++;
	}
	return n;
}
