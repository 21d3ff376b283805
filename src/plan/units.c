/*
 * units.c - the table of indicator units (see units.h).
 */
#include "units.h"

#include <string.h>

#include "core/money.h"
#include "core/banned.h"

static const struct plan_unit units[] = {
	{ "元", PLAN_KIND_MONEY, "分" },
	{ "元/人·月", PLAN_KIND_STANDARD, "分" },
	{ "%", PLAN_KIND_RATE, "基点" },
	{ "户", PLAN_KIND_COUNT, "户" },
	{ "家", PLAN_KIND_COUNT, "家" },
	{ "台", PLAN_KIND_COUNT, "台" },
	{ "个", PLAN_KIND_COUNT, "个" },
	{ "所", PLAN_KIND_COUNT, "所" },
	{ "座", PLAN_KIND_COUNT, "座" },
	{ "人", PLAN_KIND_COUNT, "人" },
	{ "人次", PLAN_KIND_COUNT, "人次" },
};

const struct plan_unit *plan_unit_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(units[i].name, name))
			return &units[i];
	return NULL;
}

const char *plan_unit_names(void)
{
	return "元, 元/人·月, %, 户, 家, 台, 个, 所, 座, 人, 人次";
}

static const struct {
	enum plan_kind k;
	const char *name, *label;
} kinds[] = {
	{ PLAN_KIND_COUNT, "count", "数量" },
	{ PLAN_KIND_MONEY, "money", "金额" },
	{ PLAN_KIND_RATE, "rate", "比率" },
	{ PLAN_KIND_STANDARD, "standard", "标准" },
	{ PLAN_KIND_QUALITATIVE, "qualitative", "定性" },
};

enum plan_kind plan_kind_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, s))
			return kinds[i].k;
	return 0;
}

const char *plan_kind_name(enum plan_kind k)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].k == k)
			return kinds[i].name;
	return NULL;
}

const char *plan_kind_label(enum plan_kind k)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].k == k)
			return kinds[i].label;
	return "";
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

int plan_value_parse(const char *unit, const char *s, size_t len, int64_t *v, struct ms_err *err)
{
	const struct plan_unit *u = plan_unit_find(unit ? unit : "");
	enum ms_cmp cmp;
	int64_t x;

	if (!u)
		return ms_err_set(err, "this indicator has no unit to measure (定性指标不报数值)");
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	switch (u->kind) {
	case PLAN_KIND_MONEY:
	case PLAN_KIND_STANDARD:
		ends_with(s, &len, "/人·月");
		if (ms_money_parse(s, len, &x, err))
			return ms_err_prefix(err, "expected an amount in %s", u->name);
		break;
	case PLAN_KIND_RATE:
		if (ms_pct_parse(s, len, &x, &cmp, err))
			return ms_err_prefix(err, "expected a percentage");
		break;
	default:
		ends_with(s, &len, u->name);
		if (memmem(s, len, "元", strlen("元")))
			return ms_err_set(err, "\"%.*s\": this indicator counts %s, not money (数量指标不能填金额)",
					  (int)len, s, u->name);
		if (ms_dec_parse(s, len, 0, (int64_t)1 << 50, &x, err))
			return ms_err_prefix(err, "expected a whole number of %s", u->name);
		break;
	}
	if (x < 0)
		return ms_err_set(err, "\"%.*s\": may not be negative (不能为负数)", (int)len, s);
	*v = x;
	return 0;
}
