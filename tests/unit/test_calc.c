/*
 * test_calc.c - the four calculators through their field tables
 * (calc_find, calc_field_index, calc_set, calc_run) against the shipped
 * parameters: the worked examples of the rules, half-up rounding on
 * amounts computed by hand, the trace and its rendering, missing and
 * malformed fields named in errors, field aliases and Chinese names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "rules/calc.h"
#include "rules/params.h"

#define SHIPPED MS_SRCDIR "/data/params/jiangxi.json"
#define REGIONAL MS_SRCDIR "/tests/fixtures/params/regional.json"

static struct params PS;

/* Sets kv (name, value, ..., NULL) on a fresh input of calculator `name`; asserts each name is a field. */
static int fill(const struct calc_def *d, struct calc_in *in, const char *const *kv,
		struct ms_err *err)
{
	size_t i;

	d->init(in);
	for (i = 0; kv[i]; i += 2) {
		int fi = calc_field_index(d, kv[i]);

		if (fi < 0)
			fail_msg("%s has no field %s", d->name, kv[i]);
		if (calc_set(d, in, fi, kv[i + 1], strlen(kv[i + 1]), err))
			return -1;
	}
	return 0;
}

static int run_on(const struct params *ps, const char *name, const char *const *kv,
		  struct calc_out *o, json_t *trace, struct ms_err *err)
{
	const struct calc_def *d = calc_find(name);
	struct calc_ctx cx;
	struct calc_in in;

	assert_non_null(d);
	if (fill(d, &in, kv, err))
		return -1;
	calc_ctx_init(&cx, ps, trace, err);
	return calc_run(d, &cx, &in, o);
}

static int run(const char *name, const char *const *kv, struct calc_out *o, json_t *trace,
	       struct ms_err *err)
{
	return run_on(&PS, name, kv, o, trace, err);
}

/* Runs and fails the test on an error. */
static void must(const char *name, const char *const *kv, struct calc_out *o)
{
	struct ms_err err;

	if (run(name, kv, o, NULL, &err))
		fail_msg("%s: %s", name, err.msg);
}

/* The output called oname of calculator name. */
static int64_t out(const char *name, const struct calc_out *o, const char *oname)
{
	const struct calc_def *d = calc_find(name);
	size_t i;

	for (i = 0; i < d->noutputs; i++)
		if (!strcmp(d->outputs[i].name, oname))
			return o->v[i];
	fail_msg("%s has no output %s", name, oname);
	return 0;
}

/* ---------- the table ---------- */

static void test_find_and_fields(void **state)
{
	static const char *const names[] = { "loan", "dibao", "disability", "orphan" };
	static const char *const money_out[] = { "fiscal_total", "payment", "total", "total" };
	size_t i, j;
	int zh0 = 0;

	(void)state;
	for (i = 0; i < 4; i++) {
		const struct calc_def *d = calc_find(names[i]);

		assert_non_null(d);
		assert_ptr_equal(d, &calc_defs[i]);
		assert_string_equal(d->name, names[i]);
		assert_true(d->nfields > 0 && d->nfields <= 32);
		assert_true(d->noutputs > 0 && d->noutputs <= CALC_OUT_MAX);
		assert_string_equal(d->outputs[d->money_out].name, money_out[i]);
		assert_int_equal(d->outputs[d->money_out].type, CO_MONEY);
		for (j = 0; j < d->nfields; j++)
			assert_int_equal(calc_field_index(d, d->fields[j].name), (int)j);
		assert_int_equal(calc_field_index(d, "nope"), -1);
		assert_int_equal(calc_field_index(d, ""), -1);
		/* a payroll's Chinese headers: each field's own label, whole and cut, names it and no other */
		for (j = 0; j < d->nfields; j++) {
			const char *l = d->fields[j].label;
			char cut[128];
			size_t n = strcspn(l, " ");
			const char *par = strstr(l, "（");
			int zh = 0;

			if (par && (size_t)(par - l) < n)
				n = (size_t)(par - l);
			snprintf(cut, sizeof(cut), "%.*s", (int)n, l);
			assert_int_equal(calc_field_by_header(d, l, &zh), (int)j);
			assert_int_equal(zh, 1);
			assert_int_equal(calc_field_by_header(d, cut, &zh), (int)j);
			assert_int_equal(zh, 1);
			assert_int_equal(calc_field_by_header(d, d->fields[j].name, &zh), (int)j);
			assert_int_equal(zh, 0);
		}
		assert_int_equal(calc_field_by_header(d, "", &zh0), -1);
		assert_int_equal(calc_field_by_header(d, "人", &zh0), -1);
	}
	{   /* the 低保 payroll's common Chinese headers */
		static const char *const hdr[][2] = { { "城乡", "area" }, { "城乡类别", "area" }, { "人数", "members" },
			{ "家庭人口数", "members" }, { "收入", "income" }, { "家庭月收入", "income" },
			{ "家庭月收入（元）", "income" }, { "发放月份", "month" }, { "待遇月份", "month" },
			{ "区划代码", "region" }, { "所在区划代码", "region" } };
		const struct calc_def *d = calc_find("dibao");

		for (j = 0; j < sizeof(hdr) / sizeof(hdr[0]); j++) {
			int k = calc_field_by_header(d, hdr[j][0], &zh0);

			assert_true(k >= 0);
			assert_string_equal(d->fields[k].name, hdr[j][1]);
			assert_int_equal(zh0, 1);
		}
		assert_int_equal(calc_field_by_header(d, "人数|收入", &zh0), -1);
		/* names that may hold a region's name, not its code, stay text columns */
		assert_int_equal(calc_field_by_header(d, "所在地区", &zh0), -1);
		assert_int_equal(calc_field_by_header(d, "区划", &zh0), -1);
		assert_int_equal(calc_field_by_header(d, "月份", &zh0), -1);   /* "7月" is no month of a year */
	}
	assert_null(calc_find("Loan"));
	assert_null(calc_find(""));
	assert_null(calc_find("pension"));
	assert_int_equal(CALC_LOAN_NGROUPS, 7);
	assert_string_equal(calc_loan_groups[0][0], "other");
	assert_string_equal(calc_loan_groups[1][1], "高校毕业生");
}

static void test_field_aliases(void **state)
{
	const struct calc_def *loan = calc_find("loan"), *dis = calc_find("disability");
	int fi = calc_field_index(loan, "contract-date");

	(void)state;
	assert_true(fi >= 0);
	assert_int_equal(calc_field_index(loan, "contract_date"), fi);
	assert_int_equal(calc_field_index(loan, "contract"), -1);
	assert_int_equal(calc_field_index(loan, "contract_dat"), -1);
	assert_int_equal(calc_field_index(loan, "contract-date-x"), -1);
	assert_int_equal(calc_field_index(loan, "Contract-date"), -1);
	assert_int_equal(calc_field_index(dis, "orphan_support"), calc_field_index(dis, "orphan-support"));
	assert_true(calc_field_index(dis, "orphan_support") >= 0);
}

/* ---------- loan ---------- */

#define LOAN_BASE "principal", "100000", "rate", "5.15", "lpr", "3.65", "start", "2023-03-01", \
	"end", "2024-02-29"

static void test_loan_worked_example(void **state)
{
	const char *graduate[] = { LOAN_BASE, "group", "graduate", NULL };
	const char *graduate_cn[] = { LOAN_BASE, "group", "高校毕业生", NULL };
	const char *other[] = { LOAN_BASE, "group", "other", NULL };
	const char *nogroup[] = { LOAN_BASE, NULL };
	struct calc_out o, o2;

	(void)state;
	/* 100000 × 5.15% × 365 ÷ 360 = 5221.527… → 5221.53; 贴息 100000 × 3.00% × 365 ÷ 360 = 3041.666… → 3041.67 */
	must("loan", graduate, &o);
	assert_int_equal(out("loan", &o, "days"), 365);
	assert_int_equal(out("loan", &o, "eligible"), 1);
	assert_int_equal(out("loan", &o, "total_interest"), 522153);
	assert_int_equal(out("loan", &o, "subsidy"), 304167);
	assert_int_equal(out("loan", &o, "borrower_share"), 217986);
	assert_int_equal(out("loan", &o, "waived"), 217986);
	assert_int_equal(out("loan", &o, "borrower_pays"), 0);
	assert_int_equal(out("loan", &o, "fiscal_total"), 304167 + 217986);
	assert_string_equal(o.reason, "");
	must("loan", graduate_cn, &o2);
	assert_memory_equal(o.v, o2.v, sizeof(o.v));
	/* other borrowers: half the share waived */
	must("loan", other, &o);
	assert_int_equal(out("loan", &o, "total_interest"), 522153);
	assert_int_equal(out("loan", &o, "waived"), 108993);
	assert_int_equal(out("loan", &o, "borrower_pays"), 108993);
	assert_int_equal(out("loan", &o, "fiscal_total"), 413160);
	/* no group given: other */
	must("loan", nogroup, &o2);
	assert_memory_equal(o.v, o2.v, sizeof(o.v));
	/* every one of the six groups gets the whole share waived */
	{
		size_t g;

		for (g = 1; g < CALC_LOAN_NGROUPS; g++) {
			const char *kv[] = { LOAN_BASE, "group", calc_loan_groups[g][0], NULL };
			const char *kvcn[] = { LOAN_BASE, "group", calc_loan_groups[g][1], NULL };

			must("loan", kv, &o);
			assert_int_equal(out("loan", &o, "waived"), 217986);
			must("loan", kvcn, &o2);
			assert_memory_equal(o.v, o2.v, sizeof(o.v));
		}
	}
}

static void test_loan_rounding(void **state)
{
	/* 1元 × 18% × 10 ÷ 360 = 0.005元 = 0.5分 → 1分 (half up); 17.99% gives 0.4997分 → 0 */
	const char *half[] = { "principal", "1", "rate", "18", "lpr", "3.65", "start", "2023-03-01",
		"end", "2023-03-11", "group", "other", NULL };
	const char *below[] = { "principal", "1", "rate", "17.99", "lpr", "3.65", "start", "2023-03-01",
		"end", "2023-03-11", "group", "other", NULL };
	/* 60元 × (5.15% − 2.15%) × 1 ÷ 360 = 0.5分 → 贴息 1分; 总利息 0.858分 → 1分 */
	const char *sub_half[] = { "principal", "60", "rate", "5.15", "lpr", "3.65", "start", "2023-03-01",
		"end", "2023-03-02", NULL };
	/* 60元 × (5.14% − 2.15%) ÷ 360 = 0.498分 → 0; 总利息 60 × 5.14% ÷ 360 = 0.857分 → 1 */
	const char *sub_below[] = { "principal", "60", "rate", "5.14", "lpr", "3.65", "start", "2023-03-01",
		"end", "2023-03-02", "group", "graduate", NULL };
	/* 1000元 × 3.65% × 1 ÷ 360 = 10.138分 → 10 */
	const char *down[] = { "principal", "1000", "rate", "3.65", "lpr", "3.65", "start", "2023-03-01",
		"end", "2023-03-02", NULL };
	struct calc_out o;

	(void)state;
	must("loan", half, &o);
	assert_int_equal(out("loan", &o, "days"), 10);
	assert_int_equal(out("loan", &o, "total_interest"), 1);
	/* 贴息 1 × 15.85% × 10 ÷ 360 = 0.44分 → 0; the share is 1分, half of it 0.5 → 1 */
	assert_int_equal(out("loan", &o, "subsidy"), 0);
	assert_int_equal(out("loan", &o, "borrower_share"), 1);
	assert_int_equal(out("loan", &o, "waived"), 1);
	assert_int_equal(out("loan", &o, "borrower_pays"), 0);
	must("loan", below, &o);
	assert_int_equal(out("loan", &o, "total_interest"), 0);
	assert_int_equal(out("loan", &o, "waived"), 0);
	must("loan", sub_half, &o);
	assert_int_equal(out("loan", &o, "total_interest"), 1);
	assert_int_equal(out("loan", &o, "subsidy"), 1);
	assert_int_equal(out("loan", &o, "borrower_share"), 0);
	assert_int_equal(out("loan", &o, "waived"), 0);
	must("loan", sub_below, &o);
	assert_int_equal(out("loan", &o, "total_interest"), 1);
	assert_int_equal(out("loan", &o, "subsidy"), 0);
	assert_int_equal(out("loan", &o, "borrower_share"), 1);
	assert_int_equal(out("loan", &o, "waived"), 1);
	assert_int_equal(out("loan", &o, "fiscal_total"), 1);
	must("loan", down, &o);
	assert_int_equal(out("loan", &o, "total_interest"), 10);
	/* borrower's rate 3.65% − 1.50% = 2.15%, 贴息 1.50%: 1000 × 1.5% ÷ 360 = 4.17分 → 4 */
	assert_int_equal(out("loan", &o, "subsidy"), 4);
	assert_int_equal(out("loan", &o, "borrower_share"), 6);
	/* other: R(6 × 50%) = 3 */
	assert_int_equal(out("loan", &o, "waived"), 3);
}

static void test_loan_paths(void **state)
{
	const char *enterprise[] = { LOAN_BASE, "borrower", "enterprise", NULL };
	const char *enterprise_cn[] = { LOAN_BASE, "borrower", "小微企业", NULL };
	const char *over_cap[] = { "principal", "200000.01", "rate", "5.15", "lpr", "3.65", "start",
		"2023-03-01", "end", "2024-02-29", NULL };
	const char *at_cap[] = { "principal", "200000", "rate", "5.15", "lpr", "3.65", "start",
		"2023-03-01", "end", "2024-02-29", NULL };
	const char *too_long[] = { LOAN_BASE, NULL };
	const char *old_contract[] = { LOAN_BASE, "contract_date", "2022-12-31", "group", "graduate", NULL };
	const char *old_contract2[] = { LOAN_BASE, "contract-date", "2022-12-31", "group", "graduate", NULL };
	const char *late_contract[] = { LOAN_BASE, "contract-date", "2024-01-01", NULL };
	const char *low_lpr[] = { "principal", "100000", "rate", "5.15", "lpr", "1.20", "start",
		"2023-03-01", "end", "2024-02-29", NULL };
	const char *low_rate[] = { "principal", "100000", "rate", "1.90", "lpr", "3.65", "start",
		"2023-03-01", "end", "2024-02-29", NULL };
	const char *backwards[] = { LOAN_BASE, NULL };
	const char *ancient[] = { LOAN_BASE, "contract-date", "2020-12-31", NULL };
	const char *huge[] = { "principal", "92233720368547", "rate", "100", "lpr", "3.65", "start",
		"2023-01-01", "end", "2025-12-31", NULL };
	struct calc_out o;
	struct ms_err err;

	(void)state;
	must("loan", enterprise, &o);
	assert_int_equal(out("loan", &o, "subsidy"), 304167);
	assert_int_equal(out("loan", &o, "waived"), 0);
	assert_int_equal(out("loan", &o, "borrower_pays"), 217986);
	assert_int_equal(out("loan", &o, "fiscal_total"), 304167);
	assert_string_equal(o.reason, "免息政策仅适用于个人创业担保贷款");
	{
		struct calc_out o2;

		must("loan", enterprise_cn, &o2);
		assert_memory_equal(o.v, o2.v, sizeof(o.v));
	}
	/* above the 200000元 cap: not a guaranteed loan at all */
	must("loan", over_cap, &o);
	assert_int_equal(out("loan", &o, "eligible"), 0);
	assert_int_equal(out("loan", &o, "subsidy"), 0);
	assert_int_equal(out("loan", &o, "waived"), 0);
	assert_int_equal(out("loan", &o, "borrower_pays"), out("loan", &o, "total_interest"));
	assert_int_equal(out("loan", &o, "fiscal_total"), 0);
	assert_non_null(strstr(o.reason, "最高额度"));
	must("loan", at_cap, &o);
	assert_int_equal(out("loan", &o, "eligible"), 1);
	/* longer than 36 months */
	too_long[9] = "2026-03-02";
	must("loan", too_long, &o);
	assert_int_equal(out("loan", &o, "eligible"), 0);
	assert_non_null(strstr(o.reason, "最长期限"));
	too_long[9] = "2026-03-01";
	must("loan", too_long, &o);
	assert_int_equal(out("loan", &o, "eligible"), 1);
	/* the waiver goes by the contract date, both spellings of the field */
	must("loan", old_contract, &o);
	assert_int_equal(out("loan", &o, "subsidy"), 304167);
	assert_int_equal(out("loan", &o, "waived"), 0);
	assert_int_equal(out("loan", &o, "borrower_pays"), 217986);
	assert_string_equal(o.reason, "借款合同签订日不在免息政策执行期内");
	{
		struct calc_out o2;

		must("loan", old_contract2, &o2);
		assert_memory_equal(o.v, o2.v, sizeof(o.v));
	}
	must("loan", late_contract, &o);
	assert_int_equal(out("loan", &o, "waived"), 0);
	/* LPR − 1.50% below 0: the borrower's rate is 0, all interest subsidised */
	must("loan", low_lpr, &o);
	assert_int_equal(out("loan", &o, "subsidy"), out("loan", &o, "total_interest"));
	assert_int_equal(out("loan", &o, "borrower_share"), 0);
	/* a contract rate below LPR − 1.50%: nothing to subsidise */
	must("loan", low_rate, &o);
	assert_int_equal(out("loan", &o, "subsidy"), 0);
	assert_int_equal(out("loan", &o, "borrower_share"), out("loan", &o, "total_interest"));
	/* 100000 × 1.90% × 365 ÷ 360 = 1926.388… → 1926.39 */
	assert_int_equal(out("loan", &o, "total_interest"), 192639);
	/* end not after start */
	backwards[9] = "2023-03-01";
	assert_int_equal(run("loan", backwards, &o, NULL, &err), -1);
	assert_string_equal(err.msg, "end: 2023-03-01 is not after start 2023-03-01 (计息止日须晚于起日)");
	assert_string_equal(err.field, "end");
	/* a contract before the parameters begin: an error naming the key and the day */
	assert_int_equal(run("loan", ancient, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "has no value in effect on 2020-12-31"));
	/* too large to compute */
	assert_int_equal(run("loan", huge, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "too large"));
}

/* ---------- dibao ---------- */

static void test_dibao(void **state)
{
	const char *ex[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07", NULL };
	const char *ex_cn[] = { "area", "城市", "members", "3", "income", "1500", "month", "2023-07", NULL };
	const char *rural[] = { "area", "农村", "members", "2", "income", "1000", "month", "2023-07", NULL };
	const char *y2022[] = { "area", "urban", "members", "3", "income", "1500", "month", "2022-07", NULL };
	/* exactly the standard × members is not below it */
	const char *edge[] = { "area", "urban", "members", "2", "income", "1770", "month", "2023-07", NULL };
	const char *edge1[] = { "area", "urban", "members", "2", "income", "1769.99", "month", "2023-07", NULL };
	const char *none[] = { "area", "urban", "members", "1", "income", "0", "month", "2021-06", NULL };
	struct calc_out o, o2;
	struct ms_err err;

	(void)state;
	must("dibao", ex, &o);
	assert_int_equal(out("dibao", &o, "standard"), 88500);
	assert_int_equal(out("dibao", &o, "per_capita_income"), 50000);
	assert_int_equal(out("dibao", &o, "payment"), 115500);
	assert_int_equal(out("dibao", &o, "eligible"), 1);
	assert_string_equal(o.reason, "");
	must("dibao", ex_cn, &o2);
	assert_memory_equal(o.v, o2.v, sizeof(o.v));
	must("dibao", rural, &o);
	assert_int_equal(out("dibao", &o, "standard"), 66000);
	assert_int_equal(out("dibao", &o, "payment"), 32000);
	must("dibao", y2022, &o);
	assert_int_equal(out("dibao", &o, "standard"), 82500);
	assert_int_equal(out("dibao", &o, "payment"), 97500);
	must("dibao", edge, &o);
	assert_int_equal(out("dibao", &o, "eligible"), 0);
	assert_int_equal(out("dibao", &o, "payment"), 0);
	assert_string_equal(o.reason, "家庭月人均收入不低于低保标准");
	must("dibao", edge1, &o);
	assert_int_equal(out("dibao", &o, "eligible"), 1);
	assert_int_equal(out("dibao", &o, "payment"), 1);
	assert_int_equal(run("dibao", none, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "dibao.urban_standard"));
	assert_non_null(strstr(err.msg, "2021-06-01"));
}

static void test_dibao_rounding(void **state)
{
	/* R(income ÷ members), half up: in 分 */
	static const struct { const char *members, *income; int64_t per_capita; } rows[] = {
		{ "2", "0.05", 3 },          /* 2.5 → 3 */
		{ "2", "0.03", 2 },          /* 1.5 → 2 */
		{ "2", "0.01", 1 },          /* 0.5 → 1 */
		{ "3", "0.04", 1 },          /* 1.33 → 1 */
		{ "3", "0.05", 2 },          /* 1.67 → 2 */
		{ "4", "0.10", 3 },          /* 2.5 → 3 */
		{ "4", "0.06", 2 },          /* 1.5 → 2 */
		{ "3", "1000", 33333 },      /* 33333.33 → 33333 */
		{ "3", "1000.01", 33334 },   /* 33333.67 → 33334 */
		{ "6", "1000.03", 16667 },   /* 16667.17 → 16667 */
		{ "6", "1000.05", 16668 },   /* 16667.5 → 16668 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *kv[] = { "area", "urban", "members", rows[i].members, "income", rows[i].income,
			"month", "2023-07", NULL };
		struct calc_out o;
		int64_t want = rows[i].per_capita;

		must("dibao", kv, &o);
		if (out("dibao", &o, "per_capita_income") != want)
			fail_msg("row %zu: %s ÷ %s = %lld分, want %lld", i, rows[i].income, rows[i].members,
				 (long long)out("dibao", &o, "per_capita_income"), (long long)want);
	}
}

/* The region reaches the parameter lookup: the fixture has a city and a county value. */
static void test_dibao_region(void **state)
{
	struct params rp;
	struct ms_err err;
	struct calc_out o;
	const char *county[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07",
		"region", "360102", NULL };
	const char *city[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07",
		"region", "360103", NULL };
	const char *elsewhere[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07",
		"region", "360702", NULL };
	const char *noregion[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07",
		NULL };
	const char *empty_region[] = { "area", "urban", "members", "3", "income", "1500", "month",
		"2023-07", "region", "", NULL };

	(void)state;
	if (params_load(&rp, REGIONAL, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(run_on(&rp, "dibao", county, &o, NULL, &err), 0);
	assert_int_equal(out("dibao", &o, "standard"), 99000);
	assert_int_equal(out("dibao", &o, "payment"), 297000 - 150000);
	assert_int_equal(run_on(&rp, "dibao", city, &o, NULL, &err), 0);
	assert_int_equal(out("dibao", &o, "standard"), 95000);
	assert_int_equal(run_on(&rp, "dibao", elsewhere, &o, NULL, &err), 0);
	assert_int_equal(out("dibao", &o, "standard"), 88500);
	assert_int_equal(run_on(&rp, "dibao", noregion, &o, NULL, &err), 0);
	assert_int_equal(out("dibao", &o, "standard"), 88500);
	assert_int_equal(run_on(&rp, "dibao", empty_region, &o, NULL, &err), 0);
	assert_int_equal(out("dibao", &o, "standard"), 88500);
	/* a parameter the file lacks is an error naming it */
	{
		const char *kv[] = { "grade", "1", "type", "physical", "dibao", "yes", "month", "2023-07", NULL };

		assert_int_equal(run_on(&rp, "disability", kv, &o, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "parameter disability.living_subsidy is not in"));
	}
	params_release(&rp);
}

/* One context for many runs (as the batch does): months and memoised keys stay right. */
static void test_context_reuse(void **state)
{
	const struct calc_def *d = calc_find("dibao");
	const char *a[] = { "area", "urban", "members", "1", "income", "0", "month", "2023-07", NULL };
	const char *b[] = { "area", "urban", "members", "1", "income", "0", "month", "2022-07", NULL };
	const char *c[] = { "area", "rural", "members", "1", "income", "0", "month", "2022-07", NULL };
	struct calc_ctx cx;
	struct calc_in in;
	struct calc_out o;
	struct ms_err err;

	(void)state;
	calc_ctx_init(&cx, &PS, NULL, &err);
	assert_int_equal(fill(d, &in, a, &err), 0);
	assert_int_equal(calc_run(d, &cx, &in, &o), 0);
	assert_int_equal(o.v[0], 88500);
	assert_int_equal(fill(d, &in, b, &err), 0);
	assert_int_equal(calc_run(d, &cx, &in, &o), 0);
	assert_int_equal(o.v[0], 82500);
	assert_int_equal(fill(d, &in, c, &err), 0);
	assert_int_equal(calc_run(d, &cx, &in, &o), 0);
	assert_int_equal(o.v[0], 60000);
	assert_int_equal(fill(d, &in, a, &err), 0);
	assert_int_equal(calc_run(d, &cx, &in, &o), 0);
	assert_int_equal(o.v[0], 88500);
}

/* ---------- disability and orphans ---------- */

static void test_disability(void **state)
{
	const char *g1[] = { "grade", "一级", "type", "智力", "dibao", "是", "month", "2023-07", NULL };
	const char *g1en[] = { "grade", "1", "type", "intellectual", "dibao", "yes", "month", "2023-07", NULL };
	const char *g3[] = { "grade", "三级", "type", "智力", "dibao", "yes", "month", "2023-07", NULL };
	const char *g3_nodibao[] = { "grade", "3", "type", "physical", "dibao", "no", "month", "2023-07", NULL };
	const char *tekun[] = { "grade", "1", "type", "physical", "dibao", "yes", "tekun", "yes",
		"month", "2023-07", NULL };
	const char *nocert[] = { "grade", "1", "type", "physical", "dibao", "yes", "certificate", "无",
		"month", "2023-07", NULL };
	const char *orphan[] = { "grade", "2", "type", "visual", "dibao", "yes", "orphan_support", "true",
		"month", "2023-07", NULL };
	const char *nocare[] = { "grade", "2", "type", "visual", "dibao", "n", "care", "false",
		"month", "2023-07", NULL };
	const char *y2022[] = { "grade", "2", "type", "hearing", "dibao", "有", "month", "2022-12", NULL };
	struct calc_out o, o2;
	struct params ext;
	struct ms_err err;

	(void)state;
	must("disability", g1, &o);
	assert_int_equal(out("disability", &o, "living_subsidy"), 10000);
	assert_int_equal(out("disability", &o, "nursing_subsidy"), 10000);
	assert_int_equal(out("disability", &o, "total"), 20000);
	must("disability", g1en, &o2);
	assert_memory_equal(o.v, o2.v, sizeof(o.v));
	/* grade 3: no nursing subsidy (the province has not extended it) */
	must("disability", g3, &o);
	assert_int_equal(out("disability", &o, "living_subsidy"), 10000);
	assert_int_equal(out("disability", &o, "nursing_subsidy"), 0);
	assert_int_equal(out("disability", &o, "total"), 10000);
	must("disability", g3_nodibao, &o);
	assert_int_equal(out("disability", &o, "total"), 0);
	assert_true(strlen(o.reason) > 0);
	must("disability", tekun, &o);
	assert_int_equal(out("disability", &o, "total"), 0);
	assert_string_equal(o.reason, "特困供养人员不享受两项补贴");
	must("disability", nocert, &o);
	assert_int_equal(out("disability", &o, "total"), 0);
	assert_string_equal(o.reason, "未持残疾人证");
	must("disability", orphan, &o);
	assert_int_equal(out("disability", &o, "living_subsidy"), 0);
	assert_int_equal(out("disability", &o, "nursing_subsidy"), 10000);
	must("disability", nocare, &o);
	assert_int_equal(out("disability", &o, "total"), 0);
	assert_string_equal(o.reason, "无长期照护需要");
	must("disability", y2022, &o);
	assert_int_equal(out("disability", &o, "total"), 16000);
	/* extended to grades 3-4 intellectual and mental by an override */
	assert_int_equal(params_load(&ext, SHIPPED, &err), 0);
	assert_int_equal(params_override(&ext, "disability.nursing_grade34_mental=yes", &err), 0);
	assert_int_equal(run_on(&ext, "disability", g3, &o, NULL, &err), 0);
	assert_int_equal(out("disability", &o, "nursing_subsidy"), 10000);
	assert_int_equal(run_on(&ext, "disability", g3_nodibao, &o, NULL, &err), 0);
	assert_int_equal(out("disability", &o, "nursing_subsidy"), 0);   /* physical */
	params_release(&ext);
}

static void test_orphan(void **state)
{
	const char *dis[] = { "kind", "残疾孤儿", "month", "2023-07", NULL };
	const char *dis_en[] = { "kind", "disabled_orphan", "month", "2023-07", NULL };
	const char *dis_inst[] = { "kind", "残疾孤儿", "placement", "机构集中养育", "month", "2023-07", NULL };
	const char *plain[] = { "kind", "孤儿", "placement", "dispersed", "month", "2023-07", NULL };
	const char *unsup_inst[] = { "kind", "unsupported", "placement", "institutional", "month",
		"2023-07", NULL };
	const char *dis_unsup[] = { "kind", "残疾事实无人抚养儿童", "month", "2023-07", NULL };
	const char *early[] = { "kind", "disabled_orphan", "month", "2022-07", NULL };
	struct calc_out o, o2;
	struct ms_err err;

	(void)state;
	must("orphan", dis, &o);
	assert_int_equal(out("orphan", &o, "care_subsidy"), 138000);
	assert_int_equal(out("orphan", &o, "basic_living"), 60000);
	assert_int_equal(out("orphan", &o, "total"), 198000);
	must("orphan", dis_en, &o2);
	assert_memory_equal(o.v, o2.v, sizeof(o.v));
	must("orphan", dis_inst, &o);
	assert_int_equal(out("orphan", &o, "basic_living"), 100000);
	assert_int_equal(out("orphan", &o, "total"), 238000);
	must("orphan", plain, &o);
	assert_int_equal(out("orphan", &o, "care_subsidy"), 0);
	assert_int_equal(out("orphan", &o, "total"), 60000);
	/* an unsupported child is paid at the dispersed rate wherever placed */
	must("orphan", unsup_inst, &o);
	assert_int_equal(out("orphan", &o, "basic_living"), 60000);
	must("orphan", dis_unsup, &o);
	assert_int_equal(out("orphan", &o, "total"), 198000);
	/* the care subsidy begins 2023 */
	assert_int_equal(run("orphan", early, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "orphan.disabled_care_subsidy"));
}

/* ---------- traces ---------- */

static void check_trace_shape(const json_t *trace, int *text_quotes)
{
	json_t *s, *p;
	size_t i, j;

	assert_true(json_is_array(trace));
	assert_true(json_array_size(trace) > 0);
	json_array_foreach(trace, i, s) {
		assert_true(json_is_object(s));
		assert_true(json_is_string(json_object_get(s, "step")));
		assert_true(strlen(json_string_value(json_object_get(s, "step"))) > 0);
		assert_true(json_is_string(json_object_get(s, "value")));
		assert_true(json_is_string(json_object_get(s, "unit")));
		assert_true(json_is_string(json_object_get(s, "formula")));
		assert_true(strlen(json_string_value(json_object_get(s, "formula"))) > 0);
		assert_true(json_is_array(json_object_get(s, "params")));
		json_array_foreach(json_object_get(s, "params"), j, p) {
			const char *basis = json_string_value(json_object_get(p, "basis"));

			assert_non_null(json_string_value(json_object_get(p, "key")));
			assert_non_null(json_string_value(json_object_get(p, "value")));
			assert_non_null(basis);
			if (!strcmp(basis, "text")) {
				const char *q = json_string_value(json_object_get(p, "quote"));

				assert_non_null(q);
				assert_true(strlen(q) > 0);
				++*text_quotes;
			}
		}
	}
}

static void test_trace_dibao(void **state)
{
	const char *ex[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07", NULL };
	json_t *trace = json_array(), *first;
	struct ms_buf b = MS_BUF_INIT;
	struct calc_out o;
	struct ms_err err;
	int quotes = 0;

	(void)state;
	assert_int_equal(run("dibao", ex, &o, trace, &err), 0);
	check_trace_shape(trace, &quotes);
	assert_true(quotes >= 1);
	assert_int_equal(json_array_size(trace), 4);
	first = json_array_get(trace, 0);
	assert_string_equal(json_string_value(json_object_get(first, "step")), "低保标准");
	assert_string_equal(json_string_value(json_object_get(first, "value")), "885.00");
	assert_int_equal(json_array_size(json_object_get(first, "params")), 1);
	first = json_array_get(json_object_get(first, "params"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "key")), "dibao.urban_standard");
	assert_string_equal(json_string_value(json_object_get(first, "citation")), "2.dibao_urban_standard");
	assert_non_null(strstr(json_string_value(json_object_get(first, "quote")), "885"));
	/* later steps read no parameter */
	assert_int_equal(json_array_size(json_object_get(json_array_get(trace, 3), "params")), 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(trace, 3), "value")), "1155.00");
	/* the same outputs with and without a trace */
	{
		struct calc_out o2;

		must("dibao", ex, &o2);
		assert_memory_equal(o.v, o2.v, sizeof(o.v));
	}
	assert_int_equal(calc_explain(&b, trace), 0);
	assert_non_null(strstr(b.buf, "1. 低保标准 = 885.00元/人·月\n"));
	assert_non_null(strstr(b.buf, "参数 dibao.urban_standard（城市低保月人均保障标准）= 885.00元/人·月"));
	assert_non_null(strstr(b.buf, "自 2023-01-01 起"));
	assert_non_null(strstr(b.buf, "（生效日期为假设）"));
	assert_non_null(strstr(b.buf, "依据：通知原文，指标 2.dibao_urban_standard，原文“"));
	assert_non_null(strstr(b.buf, "4. 月补差金额 = 1155.00元\n"));
	assert_non_null(strstr(b.buf, "算式："));
	ms_buf_release(&b);
	json_decref(trace);
}

static void test_trace_loan(void **state)
{
	const char *graduate[] = { LOAN_BASE, "group", "graduate", NULL };
	json_t *trace = json_array();
	struct ms_buf b = MS_BUF_INIT;
	struct calc_out o;
	struct ms_err err;
	int quotes = 0;

	(void)state;
	assert_int_equal(run("loan", graduate, &o, trace, &err), 0);
	check_trace_shape(trace, &quotes);
	assert_int_equal(json_array_size(trace), 9);
	assert_true(quotes >= 1);   /* the waiver share is cited to the notice */
	assert_int_equal(calc_explain(&b, trace), 0);
	assert_non_null(strstr(b.buf, "1. 计息天数 = 365天\n"));
	assert_non_null(strstr(b.buf, "2. 总利息 = 5221.53元\n"));
	assert_non_null(strstr(b.buf, "依据：国家文件，财金〔2020〕21号"));
	assert_non_null(strstr(b.buf, "2023-01-01 至 2023-12-31 有效"));
	assert_non_null(strstr(b.buf, "指标 1.interest_waiver，原文“"));
	ms_buf_release(&b);
	json_decref(trace);

	/* an override shows as such */
	{
		struct params ov;
		json_t *t2 = json_array();

		assert_int_equal(params_load(&ov, SHIPPED, &err), 0);
		assert_int_equal(params_override(&ov, "loan.waiver_share_other=80%", &err), 0);
		{
			const char *kv[] = { LOAN_BASE, NULL };

			assert_int_equal(run_on(&ov, "loan", kv, &o, t2, &err), 0);
		}
		/* R(217986 × 80%) = 174388.8 → 174389 */
		assert_int_equal(out("loan", &o, "waived"), 174389);
		calc_explain(&b, t2);
		assert_non_null(strstr(b.buf, "依据：临时设定"));
		ms_buf_release(&b);
		json_decref(t2);
		params_release(&ov);
	}
}

/* A run that fails part way with a trace leaves no pending parameters behind (ASan checks). */
static void test_trace_on_error(void **state)
{
	const char *ancient[] = { LOAN_BASE, "contract-date", "2020-12-31", NULL };
	const char *none[] = { "area", "urban", "members", "1", "income", "0", "month", "2021-06", NULL };
	json_t *trace = json_array();
	struct calc_out o;
	struct ms_err err;

	(void)state;
	assert_int_equal(run("loan", ancient, &o, trace, &err), -1);
	assert_int_equal(run("dibao", none, &o, trace, &err), -1);
	json_decref(trace);
}

/* ---------- field errors ---------- */

static void test_ready(void **state)
{
	const struct calc_def *d = calc_find("dibao"), *loan = calc_find("loan");
	struct calc_in in;
	struct calc_out o;
	struct calc_ctx cx;
	struct ms_err err;

	(void)state;
	d->init(&in);
	assert_int_equal(calc_ready(d, &in, &err), -1);
	assert_string_equal(err.msg, "area: missing (缺少 城乡类别 urban 城市 | rural 农村)");
	assert_int_equal(calc_set(d, &in, calc_field_index(d, "area"), "urban", 5, &err), 0);
	assert_int_equal(calc_ready(d, &in, &err), -1);
	assert_string_equal(err.msg, "members: missing (缺少 家庭保障人数)");
	assert_string_equal(err.field, "members");
	assert_int_equal(calc_set(d, &in, calc_field_index(d, "members"), "3", 1, &err), 0);
	assert_int_equal(calc_set(d, &in, calc_field_index(d, "income"), "0", 1, &err), 0);
	assert_int_equal(calc_ready(d, &in, &err), -1);
	assert_string_equal(err.msg, "month: missing (缺少 待遇月份 YYYY-MM)");
	/* calc_run checks first */
	calc_ctx_init(&cx, &PS, NULL, &err);
	assert_int_equal(calc_run(d, &cx, &in, &o), -1);
	assert_string_equal(err.msg, "month: missing (缺少 待遇月份 YYYY-MM)");
	/* the region is optional */
	assert_int_equal(calc_set(d, &in, calc_field_index(d, "month"), "2023-07", 7, &err), 0);
	assert_int_equal(calc_ready(d, &in, &err), 0);
	assert_int_equal(calc_run(d, &cx, &in, &o), 0);
	loan->init(&in);
	assert_int_equal(calc_ready(loan, &in, &err), -1);
	assert_string_equal(err.msg, "principal: missing (缺少 贷款本金（元）)");
}

static void test_set_errors(void **state)
{
	static const struct { const char *calc, *field, *value, *want; } rows[] = {
		{ "dibao", "income", "15.005", "income: \"15.005\"" },
		{ "dibao", "income", "abc", "income: " },
		{ "dibao", "income", "-5", "income: \"-5\": may not be negative" },
		{ "dibao", "income", "1500.", "income: " },
		{ "dibao", "income", "", "income: empty (家庭月收入（元） 不能为空)" },
		{ "dibao", "members", "0", "members: 0 is out of range 1..99" },
		{ "dibao", "members", "100", "members: 100 is out of range 1..99" },
		{ "dibao", "members", "x", "members: " },
		{ "dibao", "area", "城镇", "area: \"城镇\" is not one of urban (城市), rural (农村)" },
		{ "dibao", "area", "urba", "area: \"urba\" is not one of" },
		{ "dibao", "area", "urbanx", "area: \"urbanx\" is not one of" },
		{ "dibao", "month", "2023-13", "month: " },
		{ "dibao", "month", "2023-00", "month: " },
		{ "dibao", "month", "July", "month: " },
		{ "dibao", "region", "36010", "region: \"36010\" is not a 6-digit region code" },
		{ "dibao", "region", "36010a", "region: \"36010a\" is not a 6-digit region code" },
		{ "loan", "principal", "0", "principal: must be more than 0 (本金须大于0)" },
		{ "loan", "principal", "-1", "principal: " },
		{ "loan", "rate", "101%", "rate: \"101%\": above 100%" },
		{ "loan", "rate", "≥5%", "rate: \"≥5%\": a rate takes no comparator" },
		{ "loan", "lpr", "x", "lpr: " },
		{ "loan", "start", "2023-02-30", "start: " },
		{ "loan", "end", "tomorrow", "end: " },
		{ "loan", "contract_date", "2023-02-29", "contract-date: " },
		{ "loan", "group", "student",
		  "group: \"student\" is not one of other (其他), graduate (高校毕业生)" },
		{ "loan", "borrower", "person", "borrower: \"person\" is not one of individual (个人), enterprise (小微企业)" },
		{ "disability", "grade", "5", "grade: \"5\" is not a grade 1-4 (一级至四级)" },
		{ "disability", "grade", "五级", "grade: " },
		{ "disability", "type", "other", "type: \"other\" is not one of physical (肢体)" },
		{ "disability", "dibao", "maybe", "dibao: \"maybe\" is not yes or no (是/否)" },
		{ "disability", "dibao", "", "dibao: empty" },
		{ "orphan", "kind", "child", "kind: \"child\" is not one of orphan (孤儿)" },
		{ "orphan", "placement", "home", "placement: " },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct calc_def *d = calc_find(rows[i].calc);
		int fi = calc_field_index(d, rows[i].field);
		struct calc_in in;
		struct ms_err err;

		assert_true(fi >= 0);
		d->init(&in);
		if (calc_set(d, &in, fi, rows[i].value, strlen(rows[i].value), &err) != -1)
			fail_msg("row %zu: %s=%s was accepted", i, rows[i].field, rows[i].value);
		if (strncmp(err.msg, rows[i].want, strlen(rows[i].want)))
			fail_msg("row %zu: \"%s\" does not begin \"%s\"", i, err.msg, rows[i].want);
		/* the error names the field at fault, as the field table calls it */
		assert_string_equal(err.field, d->fields[fi].name);
		/* a refused field is not marked given */
		assert_int_equal(in.seen & (1u << fi), 0);
	}
}

/* Field values that must be accepted, and what they set. */
static void test_set_accepts(void **state)
{
	const struct calc_def *d = calc_find("dibao"), *dis = calc_find("disability");
	struct calc_in in;
	struct ms_err err;
	int fi;

	(void)state;
	d->init(&in);
	fi = calc_field_index(d, "income");
	assert_int_equal(calc_set(d, &in, fi, "1500.5", 6, &err), 0);
	assert_int_equal(in.u.dibao.income, 150050);
	assert_int_equal(calc_set(d, &in, fi, "1500.55", 7, &err), 0);
	assert_int_equal(in.u.dibao.income, 150055);
	assert_int_equal(calc_set(d, &in, fi, "1,500.55", 8, &err), 0);
	assert_int_equal(in.u.dibao.income, 150055);
	assert_int_equal(calc_set(d, &in, fi, "1500元", strlen("1500元"), &err), 0);
	assert_int_equal(in.u.dibao.income, 150000);
	assert_int_equal(calc_set(d, &in, fi, "0", 1, &err), 0);
	assert_int_equal(in.u.dibao.income, 0);
	/* 13 digits take the fast path, 14 the long way; both exact */
	assert_int_equal(calc_set(d, &in, fi, "1234567890123", 13, &err), 0);
	assert_int_equal(in.u.dibao.income, 123456789012300LL);
	assert_int_equal(calc_set(d, &in, fi, "12345678901234", 14, &err), 0);
	assert_int_equal(in.u.dibao.income, 1234567890123400LL);
	assert_true(in.seen & (1u << fi));
	/* not NUL-terminated: only n bytes are read */
	assert_int_equal(calc_set(d, &in, fi, "1509", 3, &err), 0);
	assert_int_equal(in.u.dibao.income, 15000);
	fi = calc_field_index(d, "members");
	assert_int_equal(calc_set(d, &in, fi, "99", 2, &err), 0);
	assert_int_equal(in.u.dibao.members, 99);
	assert_int_equal(calc_set(d, &in, fi, "１２", strlen("１２"), &err), 0);
	assert_int_equal(in.u.dibao.members, 12);
	fi = calc_field_index(d, "month");
	assert_int_equal(calc_set(d, &in, fi, "2023年7月", strlen("2023年7月"), &err), 0);
	assert_int_equal(in.u.dibao.year, 2023);
	assert_int_equal(in.u.dibao.month, 7);
	/* an empty optional field is left unset */
	fi = calc_field_index(d, "region");
	assert_int_equal(calc_set(d, &in, fi, "", 0, &err), 0);
	assert_int_equal(in.seen & (1u << fi), 0);
	assert_string_equal(in.u.dibao.region, "");
	/* yes/no in every spelling */
	{
		static const struct { const char *s; int v; } yn[] = {
			{ "yes", 1 }, { "是", 1 }, { "1", 1 }, { "有", 1 }, { "true", 1 }, { "y", 1 },
			{ "no", 0 }, { "否", 0 }, { "0", 0 }, { "无", 0 }, { "false", 0 }, { "n", 0 },
		};
		size_t i;

		fi = calc_field_index(dis, "tekun");
		for (i = 0; i < sizeof(yn) / sizeof(yn[0]); i++) {
			dis->init(&in);
			assert_int_equal(calc_set(dis, &in, fi, yn[i].s, strlen(yn[i].s), &err), 0);
			if (in.u.disability.tekun != yn[i].v)
				fail_msg("\"%s\" read as %d", yn[i].s, in.u.disability.tekun);
		}
	}
}

/* ---------- output and input rendering ---------- */

static void test_out_format_and_json(void **state)
{
	const struct calc_def *d = calc_find("dibao");
	const char *ex[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07",
		"region", "360102", NULL };
	const char *no[] = { "area", "urban", "members", "1", "income", "5000", "month", "2023-07", NULL };
	struct calc_output money = { "m", "m", CO_MONEY, 1 }, flag = { "b", "b", CO_BOOL, 0 },
		count = { "n", "n", CO_INT, 0 };
	struct ms_buf b = MS_BUF_INIT;
	struct calc_out o;
	struct calc_in in;
	struct ms_err err;
	json_t *j;

	(void)state;
	calc_out_format(&b, &money, 522153);
	ms_buf_addch(&b, '|');
	calc_out_format(&b, &money, 5);
	ms_buf_addch(&b, '|');
	calc_out_format(&b, &money, 0);
	ms_buf_addch(&b, '|');
	calc_out_format(&b, &money, -50);
	ms_buf_addch(&b, '|');
	calc_out_format(&b, &flag, 1);
	calc_out_format(&b, &flag, 0);
	ms_buf_addch(&b, '|');
	calc_out_format(&b, &count, 365);
	assert_string_equal(b.buf, "5221.53|0.05|0.00|-0.50|10|365");
	ms_buf_release(&b);

	must("dibao", ex, &o);
	j = json_object();
	calc_out_json(d, &o, j);
	assert_string_equal(json_string_value(json_object_get(j, "standard")), "885.00");
	assert_string_equal(json_string_value(json_object_get(j, "per_capita_income")), "500.00");
	assert_string_equal(json_string_value(json_object_get(j, "payment")), "1155.00");
	assert_true(json_is_true(json_object_get(j, "eligible")));
	assert_null(json_object_get(j, "reason"));
	json_decref(j);
	must("dibao", no, &o);
	j = json_object();
	calc_out_json(d, &o, j);
	assert_true(json_is_false(json_object_get(j, "eligible")));
	assert_string_equal(json_string_value(json_object_get(j, "reason")), "家庭月人均收入不低于低保标准");
	json_decref(j);
	{
		const char *loan[] = { LOAN_BASE, NULL };
		const struct calc_def *l = calc_find("loan");

		must("loan", loan, &o);
		j = json_object();
		calc_out_json(l, &o, j);
		assert_int_equal(json_integer_value(json_object_get(j, "days")), 365);
		assert_string_equal(json_string_value(json_object_get(j, "total_interest")), "5221.53");
		json_decref(j);
		assert_int_equal(fill(l, &in, loan, &err), 0);
		j = calc_in_json(l, &in);
		assert_string_equal(json_string_value(json_object_get(j, "principal")), "100000.00");
		assert_string_equal(json_string_value(json_object_get(j, "rate")), "5.15%");
		assert_string_equal(json_string_value(json_object_get(j, "lpr")), "3.65%");
		assert_string_equal(json_string_value(json_object_get(j, "start")), "2023-03-01");
		assert_string_equal(json_string_value(json_object_get(j, "end")), "2024-02-29");
		/* the contract date defaults to the start */
		assert_string_equal(json_string_value(json_object_get(j, "contract_date")), "2023-03-01");
		assert_string_equal(json_string_value(json_object_get(j, "borrower")), "individual");
		assert_string_equal(json_string_value(json_object_get(j, "group")), "other");
		json_decref(j);
	}
	assert_int_equal(fill(d, &in, ex, &err), 0);
	j = calc_in_json(d, &in);
	assert_string_equal(json_string_value(json_object_get(j, "area")), "urban");
	assert_int_equal(json_integer_value(json_object_get(j, "members")), 3);
	assert_string_equal(json_string_value(json_object_get(j, "income")), "1500.00");
	assert_string_equal(json_string_value(json_object_get(j, "month")), "2023-07");
	assert_string_equal(json_string_value(json_object_get(j, "region")), "360102");
	json_decref(j);
	{
		const char *kv[] = { "grade", "一级", "type", "智力", "dibao", "是", "month", "2023-07", NULL };
		const struct calc_def *x = calc_find("disability");

		assert_int_equal(fill(x, &in, kv, &err), 0);
		j = calc_in_json(x, &in);
		assert_int_equal(json_integer_value(json_object_get(j, "grade")), 1);
		assert_string_equal(json_string_value(json_object_get(j, "type")), "intellectual");
		assert_true(json_is_true(json_object_get(j, "certificate")));
		assert_true(json_is_null(json_object_get(j, "region")));
		json_decref(j);
	}
	{
		const char *kv[] = { "kind", "残疾孤儿", "month", "2023-07", NULL };
		const struct calc_def *x = calc_find("orphan");

		assert_int_equal(fill(x, &in, kv, &err), 0);
		j = calc_in_json(x, &in);
		assert_string_equal(json_string_value(json_object_get(j, "kind")), "disabled_orphan");
		assert_string_equal(json_string_value(json_object_get(j, "placement")), "dispersed");
		json_decref(j);
	}
}

static int setup(void **state)
{
	struct ms_err err;

	(void)state;
	if (params_load(&PS, SHIPPED, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	params_release(&PS);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_and_fields),
		cmocka_unit_test(test_field_aliases),
		cmocka_unit_test(test_loan_worked_example),
		cmocka_unit_test(test_loan_rounding),
		cmocka_unit_test(test_loan_paths),
		cmocka_unit_test(test_dibao),
		cmocka_unit_test(test_dibao_rounding),
		cmocka_unit_test(test_dibao_region),
		cmocka_unit_test(test_context_reuse),
		cmocka_unit_test(test_disability),
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_trace_dibao),
		cmocka_unit_test(test_trace_loan),
		cmocka_unit_test(test_trace_on_error),
		cmocka_unit_test(test_ready),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_set_accepts),
		cmocka_unit_test(test_out_format_and_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
