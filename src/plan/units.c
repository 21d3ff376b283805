/*
 * units.c - the table of indicator units (see units.h).
 */
#include "units.h"

#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "core/banned.h"

/*
 * The one table of each: units (name, kind, base), kinds (name, label),
 * aggregations and comparators (name). Each is written once below as a list
 * macro that both the lookup array and the comma-separated list of names for
 * messages are made from.
 */
#define UNITS(X) \
	X("元", PLAN_KIND_MONEY, "分") \
	X("元/人·月", PLAN_KIND_STANDARD, "分") \
	X("%", PLAN_KIND_RATE, "基点") \
	X("户", PLAN_KIND_COUNT, "户") \
	X("家", PLAN_KIND_COUNT, "家") \
	X("台", PLAN_KIND_COUNT, "台") \
	X("个", PLAN_KIND_COUNT, "个") \
	X("所", PLAN_KIND_COUNT, "所") \
	X("座", PLAN_KIND_COUNT, "座") \
	X("人", PLAN_KIND_COUNT, "人") \
	X("人次", PLAN_KIND_COUNT, "人次")

#define KINDS(X) \
	X(PLAN_KIND_COUNT, "count", "数量") \
	X(PLAN_KIND_MONEY, "money", "金额") \
	X(PLAN_KIND_RATE, "rate", "比率") \
	X(PLAN_KIND_STANDARD, "standard", "标准") \
	X(PLAN_KIND_QUALITATIVE, "qualitative", "定性")

#define AGGREGATIONS(X) \
	X(PLAN_AGG_SUM, "sum") \
	X(PLAN_AGG_MIN, "min") \
	X(PLAN_AGG_RATIO, "ratio") \
	X(PLAN_AGG_EACH_REGION, "each-region") \
	X(PLAN_AGG_NONE, "none")

#define COMPARATORS(X) \
	X(PLAN_CMP_GE, ">=", "≥") \
	X(PLAN_CMP_LE, "<=", "≤") \
	X(PLAN_CMP_EQ, "=", "")

#define UNIT_ROW(n, k, b) { n, k, b },
#define UNIT_NAME(n, k, b) ", " n
#define KIND_ROW(e, n, l) [e] = { n, l },
#define KIND_NAME(e, n, l) ", " n
#define AGG_ROW(e, n) [e] = n,
#define AGG_NAME(e, n) ", " n
#define CMP_ROW(e, n, sign) [e] = { n, sign },

static const struct plan_unit units[] = { UNITS(UNIT_ROW) };
static const char unit_names[] = UNITS(UNIT_NAME);

static const struct {
	const char *name, *label;
} kinds[] = { KINDS(KIND_ROW) };
static const char kind_names[] = KINDS(KIND_NAME);

static const char *const aggregations[] = { AGGREGATIONS(AGG_ROW) };
static const char aggregation_names[] = AGGREGATIONS(AGG_NAME);

static const struct {
	const char *name, *sign;
} comparators[] = { COMPARATORS(CMP_ROW) };

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const struct plan_unit *plan_unit_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < COUNT_OF(units); i++)
		if (!strcmp(units[i].name, name))
			return &units[i];
	return NULL;
}

const char *plan_unit_names(void)
{
	return unit_names + 2;   /* past the first ", " */
}

enum plan_kind plan_kind_parse(const char *s)
{
	size_t i;

	for (i = 1; s && i < COUNT_OF(kinds); i++)
		if (!strcmp(kinds[i].name, s))
			return (enum plan_kind)i;
	return 0;
}

const char *plan_kind_name(enum plan_kind k)
{
	return k > 0 && (size_t)k < COUNT_OF(kinds) ? kinds[k].name : NULL;
}

const char *plan_kind_label(enum plan_kind k)
{
	return k > 0 && (size_t)k < COUNT_OF(kinds) ? kinds[k].label : "";
}

const char *plan_kind_names(void)
{
	return kind_names + 2;
}

enum plan_aggregation plan_aggregation_parse(const char *s)
{
	size_t i;

	for (i = 1; s && i < COUNT_OF(aggregations); i++)
		if (!strcmp(aggregations[i], s))
			return (enum plan_aggregation)i;
	return 0;
}

const char *plan_aggregation_name(enum plan_aggregation a)
{
	return a > 0 && (size_t)a < COUNT_OF(aggregations) ? aggregations[a] : NULL;
}

const char *plan_aggregation_names(void)
{
	return aggregation_names + 2;
}

enum plan_cmp plan_cmp_parse(const char *s)
{
	size_t i;

	for (i = 1; s && i < COUNT_OF(comparators); i++)
		if (!strcmp(comparators[i].name, s))
			return (enum plan_cmp)i;
	return 0;
}

const char *plan_cmp_name(enum plan_cmp c)
{
	return c > 0 && (size_t)c < COUNT_OF(comparators) ? comparators[c].name : NULL;
}

const char *plan_cmp_sign(enum plan_cmp c)
{
	return c > 0 && (size_t)c < COUNT_OF(comparators) ? comparators[c].sign : "";
}

int plan_value_format(struct ms_buf *b, const char *unit, int64_t v)
{
	const struct plan_unit *u = plan_unit_find(unit);

	if (!u)
		return ms_buf_addf(b, "%lld", (long long)v);
	switch (u->kind) {
	case PLAN_KIND_MONEY:
		return ms_money_format_display(b, v);
	case PLAN_KIND_STANDARD:
		/* "885元/人·月": the display form already ends in 元 */
		if (ms_money_format_display(b, v) < 0)
			return -1;
		return ms_buf_adds(b, "/人·月");
	case PLAN_KIND_RATE:
		return ms_pct_format(b, v);
	default:
		return ms_buf_addf(b, "%lld%s", (long long)v, u->name);
	}
}

static int ends_with(const char *s, size_t *len, const char *suffix)
{
	size_t n = strlen(suffix);

	if (*len >= n && !memcmp(s + *len - n, suffix, n)) {
		*len -= n;
		return 1;
	}
	return 0;
}

/*
 * Does the text say its unit? An amount names 元, 万 or 亿 (so "340万" is
 * 340万元), a per-person level 元, a rate % (half- or full-width).
 */
static int says_unit(enum plan_kind kind, const char *s, size_t len)
{
	switch (kind) {
	case PLAN_KIND_MONEY:
		return memmem(s, len, "元", strlen("元")) || memmem(s, len, "万", strlen("万")) ||
		       memmem(s, len, "亿", strlen("亿"));
	case PLAN_KIND_STANDARD:
		return memmem(s, len, "元", strlen("元")) != NULL;
	case PLAN_KIND_RATE:
		return memchr(s, '%', len) || memmem(s, len, "％", strlen("％"));
	default:
		return 1;
	}
}

/* The unit a refused bare number is shown with, as an example of what to write. */
static const char *example_unit(enum plan_kind kind)
{
	return kind == PLAN_KIND_MONEY ? "万元" : kind == PLAN_KIND_STANDARD ? "元/人·月" : "%";
}

int plan_value_parse(const char *unit, const char *s, size_t len, int64_t *v, struct ms_err *err)
{
	const struct plan_unit *u = plan_unit_find(unit ? unit : "");
	enum ms_cmp cmp;
	int64_t x;

	if (!u)
		return ms_err_set(err, "定性指标不报数值 (this indicator has no unit to measure)");
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	if (len && u->kind != PLAN_KIND_COUNT && !says_unit(u->kind, s, len))
		return ms_err_setk(err, MS_E_INVALID, "“%.*s”：请写明单位，如 %.*s%s (write the unit, "
				    "e.g. %.*s%s)", ms_utf8_clip(s, len, 32), s, ms_utf8_clip(s, len, 32), s,
				    example_unit(u->kind), ms_utf8_clip(s, len, 32), s, example_unit(u->kind));
	switch (u->kind) {
	case PLAN_KIND_MONEY:
	case PLAN_KIND_STANDARD:
		ends_with(s, &len, "/人·月");
		if (ms_money_parse(s, len, &x, err))
			return ms_err_prefix(err, "应为以%s计的金额 (expected an amount in %s)", u->name, u->name);
		break;
	case PLAN_KIND_RATE:
		if (ms_pct_parse(s, len, &x, &cmp, err))
			return ms_err_prefix(err, "应为百分比 (expected a percentage)");
		break;
	default:
		ends_with(s, &len, u->name);
		if (memmem(s, len, "元", strlen("元")))
			return ms_err_set(err, "“%.*s”：数量指标不能填金额 (this indicator counts %s, not money)",
					  (int)len, s, u->name);
		if (ms_dec_parse(s, len, 0, (int64_t)1 << 50, &x, err))
			return ms_err_prefix(err, "应为整数个%s (expected a whole number of %s)", u->name, u->name);
		break;
	}
	if (x < 0)
		return ms_err_set(err, "“%.*s”：不能为负数 (may not be negative)", (int)len, s);
	*v = x;
	return 0;
}

const char *plan_box_unit(const char *unit, int64_t like)
{
	static const int64_t yi = (int64_t)100000000 * 100, wan = (int64_t)10000 * 100;
	const struct plan_unit *u = plan_unit_find(unit);

	if (!u)
		return NULL;
	if (u->kind == PLAN_KIND_MONEY)
		return like >= yi || like <= -yi ? "亿元" : like >= wan || like <= -wan ? "万元" : "元";
	return u->name;
}

/* What one box unit is in its indicator's base: 分 per 亿元, …; 0 when box does not fit unit. */
static int64_t box_scale(const struct plan_unit *u, const char *box, int *decimals)
{
	static const struct {
		enum plan_kind kind;
		const char *box;
		int64_t scale;
		int decimals;
	} boxes[] = {
		{ PLAN_KIND_MONEY, "亿元", (int64_t)10000000000, 10 },
		{ PLAN_KIND_MONEY, "万元", 1000000, 6 },
		{ PLAN_KIND_MONEY, "元", 100, 2 },
		{ PLAN_KIND_STANDARD, "元/人·月", 100, 2 },
		{ PLAN_KIND_STANDARD, "元", 100, 2 },
		{ PLAN_KIND_RATE, "%", 100, 2 },
	};
	size_t i;

	for (i = 0; i < COUNT_OF(boxes); i++)
		if (u->kind == boxes[i].kind && !strcmp(box, boxes[i].box)) {
			*decimals = boxes[i].decimals;
			return boxes[i].scale;
		}
	*decimals = 0;
	return u->kind == PLAN_KIND_COUNT && !strcmp(box, u->name) ? 1 : 0;
}

int plan_box_format(struct ms_buf *b, const char *box, int64_t v)
{
	static const struct {
		const char *box;
		uint64_t scale;
		int decimals;
	} scales[] = {
		{ "亿元", 10000000000u, 10 }, { "万元", 1000000, 6 }, { "元", 100, 2 },
		{ "元/人·月", 100, 2 }, { "%", 100, 2 },
	};
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, scale = 1, f;
	int decimals = 0, n;
	char frac[16];
	size_t i;

	for (i = 0; box && i < COUNT_OF(scales); i++)
		if (!strcmp(box, scales[i].box)) {
			scale = scales[i].scale;
			decimals = scales[i].decimals;
		}
	for (f = m % scale, n = decimals; n > 0; n--, f /= 10)
		frac[n - 1] = (char)('0' + f % 10);
	n = decimals;
	while (n > 0 && frac[n - 1] == '0')
		n--;
	frac[n] = '\0';
	return ms_buf_addf(b, "%s%llu%s%s", v < 0 ? "-" : "", (unsigned long long)(m / scale),
			   n ? "." : "", frac);
}

/* A plain number: ASCII digits, '.', ',', a sign and blanks, nothing that names a unit. */
static int plain_number(const char *s, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr(".,-+ \t", s[i]))
			return 0;
	}
	return digits > 0;
}

int plan_value_parse_box(const char *unit, const char *box, const char *s, size_t len, int64_t *v,
			 struct ms_err *err)
{
	const struct plan_unit *u = plan_unit_find(unit ? unit : "");
	struct ms_buf t = MS_BUF_INIT;
	int decimals, rc;

	if (!box || !*box || !u)
		return plan_value_parse(unit, s, len, v, err);
	if (!box_scale(u, box, &decimals)) {
		ms_err_field(err, MS_E_INVALID, "unit", "单位“%.*s”不适用于以%s计的指标 (unit %.*s does not fit "
			     "an indicator in %s)", ms_utf8_clip(box, strlen(box), 32), box, u->name,
			     ms_utf8_clip(box, strlen(box), 32), box, u->name);
		return -1;
	}
	if (!plain_number(s, len))
		return plan_value_parse(unit, s, len, v, err);
	ms_buf_add(&t, s, len);
	ms_buf_adds(&t, box);
	rc = plan_value_parse(unit, t.buf, t.len, v, err);
	ms_buf_release(&t);
	return rc;
}
