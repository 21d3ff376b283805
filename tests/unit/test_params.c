/*
 * test_params.c - dated, cited benefit parameters: the shipped file
 * (data/params/jiangxi.json), lookups by date and by region (the fixture
 * tests/fixtures/params/regional.json: a province value, a city's and a
 * county's), one broken document per load check with the error it must
 * give, --param/--reform overrides, and the value parser and formatter of
 * each type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "rules/params.h"

#define SHIPPED MS_SRCDIR "/data/params/jiangxi.json"
#define REGIONAL MS_SRCDIR "/tests/fixtures/params/regional.json"
#define PLAN MS_SRCDIR "/data/plans/jiangxi-2023.json"
#define NOTICE MS_SRCDIR "/data/notices/jiangxi-2023-minsheng-notice.txt"

static char dir[128];

static const char *tmp(const char *name)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(s, f);
	assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static ms_day day(const char *s)
{
	ms_day d;

	if (ms_date_parse(s, strlen(s), &d, NULL))
		fail_msg("bad date in the test: %s", s);
	return d;
}

/* The value of key at date s in region (or NULL), as an integer; -1 when none is in effect. */
static int64_t at(const struct params *ps, const char *key, const char *date, const char *region)
{
	const struct param *p = params_find(ps, key);
	const struct param_value *v;

	if (!p)
		fail_msg("no parameter %s", key);
	v = param_at(p, day(date), region);
	return v ? v->v : -1;
}

/* ---------- the shipped file ---------- */

static void test_shipped(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	const struct param_value *v;
	char *notice = slurp(NOTICE);
	size_t i, j, ntext = 0;

	(void)state;
	if (params_load(&ps, SHIPPED, &err))
		fail_msg("%s", err.msg);
	/* sixteen parameters today: update this count with the file */
	assert_int_equal(ps.n, 16);
	assert_string_equal(ps.path, SHIPPED);
	/* the plan is found relative to the parameter file */
	assert_string_equal(ps.plan_path, MS_SRCDIR "/data/params/../plans/jiangxi-2023.json");
	for (i = 0; i < ps.n; i++) {
		assert_true(strlen(ps.p[i].key) > 0);
		assert_true(strlen(ps.p[i].name) > 0);
		assert_true(ps.p[i].n > 0);
		for (j = 0; j < ps.p[i].n; j++) {
			v = &ps.p[i].v[j];
			if (!strcmp(v->basis, "text")) {
				ntext++;
				if (!*v->quote)
					fail_msg("%s values[%zu]: basis text without a quote", ps.p[i].key, j);
				/* and the quote stands in the notice */
				if (!strstr(notice, v->quote))
					fail_msg("%s values[%zu]: quote \"%s\" not in the notice", ps.p[i].key,
						 j, v->quote);
			} else {
				assert_string_equal(v->quote, "");
			}
			if (!strcmp(v->basis, "external"))
				assert_true(*v->citation);
			if (!strcmp(v->basis, "assumption") || !strcmp(v->date_basis, "assumption"))
				assert_true(*v->note);
		}
	}
	assert_true(ntext >= 10);

	/* 城市低保: 885 from 2023-01-01, 825 through 2022 */
	p = params_find(&ps, "dibao.urban_standard");
	assert_non_null(p);
	assert_int_equal(p->type, PARAM_MONEY);
	assert_string_equal(p->name, "城市低保月人均保障标准");
	v = param_at(p, day("2023-01-01"), NULL);
	assert_non_null(v);
	assert_int_equal(v->v, 88500);
	assert_int_equal(v->from, day("2023-01-01"));
	assert_int_equal(v->to, PARAM_DAY_MAX);
	assert_string_equal(v->text, "885");
	assert_string_equal(v->basis, "text");
	assert_string_equal(v->date_basis, "assumption");
	assert_string_equal(v->citation, "2.dibao_urban_standard");
	assert_non_null(strstr(v->quote, "885"));
	assert_int_equal(v->level, 0);
	assert_string_equal(v->region, "");
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-01-01", NULL), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-07-15", NULL), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-12-31", NULL), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-01", NULL), 88500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2199-12-31", NULL), 88500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2021-12-31", NULL), -1);
	/* with no regional values, any region code gets the whole-scope value */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-01", "360102"), 88500);
	assert_int_equal(at(&ps, "dibao.rural_standard", "2023-07-01", NULL), 66000);
	assert_int_equal(at(&ps, "dibao.rural_standard", "2022-07-01", NULL), 60000);
	/* each type */
	assert_int_equal(params_find(&ps, "loan.day_count_base")->type, PARAM_INT);
	assert_int_equal(at(&ps, "loan.day_count_base", "2023-03-01", NULL), 360);
	assert_int_equal(params_find(&ps, "loan.borrower_margin")->type, PARAM_RATE);
	assert_int_equal(at(&ps, "loan.borrower_margin", "2023-03-01", NULL), 150);
	assert_int_equal(at(&ps, "loan.borrower_margin", "2020-12-31", NULL), -1);
	assert_int_equal(at(&ps, "loan.individual_cap", "2023-03-01", NULL), 20000000);
	assert_int_equal(params_find(&ps, "disability.nursing_grade34_mental")->type, PARAM_BOOL);
	assert_int_equal(at(&ps, "disability.nursing_grade34_mental", "2023-03-01", NULL), 0);
	/* the waiver shares cover 2023 only */
	assert_int_equal(at(&ps, "loan.waiver_share_groups", "2023-01-01", NULL), 10000);
	assert_int_equal(at(&ps, "loan.waiver_share_other", "2023-12-31", NULL), 5000);
	assert_int_equal(at(&ps, "loan.waiver_share_other", "2022-12-31", NULL), -1);
	assert_int_equal(at(&ps, "loan.waiver_share_other", "2024-01-01", NULL), -1);
	assert_null(params_find(&ps, "dibao.nothing"));
	assert_null(params_find(&ps, ""));
	params_release(&ps);
	/* release twice is harmless */
	params_release(&ps);
	free(notice);
}

static void test_params_get(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param_value *v;

	(void)state;
	assert_int_equal(params_load(&ps, SHIPPED, &err), 0);
	v = params_get(&ps, "dibao.urban_standard", day("2023-07-01"), NULL, &err);
	assert_non_null(v);
	assert_int_equal(v->v, 88500);
	assert_null(params_get(&ps, "dibao.nothing", day("2023-07-01"), NULL, &err));
	assert_string_equal(err.msg, "parameter dibao.nothing is not in " SHIPPED " (参数缺失)");
	assert_null(params_get(&ps, "dibao.urban_standard", day("2021-06-01"), NULL, &err));
	assert_string_equal(err.msg, "parameter dibao.urban_standard (城市低保月人均保障标准) has no "
			    "value in effect on 2021-06-01 (该日无有效参数)");
	assert_null(params_get(&ps, "dibao.urban_standard", day("2021-06-01"), "360102", &err));
	assert_string_equal(err.msg, "parameter dibao.urban_standard (城市低保月人均保障标准) has no "
			    "value in effect on 2021-06-01 in 360102 (该日无有效参数)");
	params_release(&ps);
}

/* ---------- dates and regions (the fixture) ---------- */

static void test_param_at_dates(void **state)
{
	struct params ps;
	struct ms_err err;

	(void)state;
	if (params_load(&ps, REGIONAL, &err))
		fail_msg("%s", err.msg);
	/* the whole scope: 825 through 2022, 885 after */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2021-12-31", NULL), -1);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-01-01", NULL), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-12-31", NULL), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-01-01", NULL), 88500);
	/* the county's own value starts 2023-07-01; before that the city's applies there */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-06-30", "360102"), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-01", "360102"), 99000);
	/* in 2022 only the whole-scope value is in effect anywhere */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-06-01", "360102"), 82500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-06-01", "360103"), 82500);
	/* each type as loaded */
	assert_int_equal(at(&ps, "x.rate", "2023-03-01", NULL), 150);
	assert_int_equal(at(&ps, "x.count", "2023-03-01", NULL), 36);
	assert_int_equal(at(&ps, "x.deadline", "2023-03-01", NULL), day("2023-06-30"));
	params_release(&ps);
}

static void test_region_override(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	const struct param_value *v;

	(void)state;
	if (params_load(&ps, REGIONAL, &err))
		fail_msg("%s", err.msg);
	/* "plan" is resolved against the fixture's own directory */
	assert_string_equal(ps.plan_path,
			    MS_SRCDIR "/tests/fixtures/params/../../../data/plans/jiangxi-2023.json");
	p = params_find(&ps, "dibao.urban_standard");
	assert_non_null(p);
	assert_int_equal(p->n, 4);
	assert_int_equal(p->v[2].level, 2);
	assert_string_equal(p->v[2].region, "360100");
	assert_int_equal(p->v[3].level, 3);
	/* a county of 南昌 other than 东湖区 gets the city's value */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360103"), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360111"), 95000);
	/* the city's own code too */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360100"), 95000);
	/* 东湖区 gets its own */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360102"), 99000);
	/* another city (赣州) and its counties get the province's */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360700"), 88500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360702"), 88500);
	/* no region: the unscoped value */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", NULL), 88500);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", ""), 88500);
	v = param_at(p, day("2023-07-15"), NULL);
	assert_string_equal(v->basis, "text");
	assert_true(strlen(v->quote) > 0);
	v = param_at(p, day("2023-07-15"), "360103");
	assert_string_equal(v->basis, "assumption");
	assert_string_equal(v->quote, "");
	assert_non_null(strstr(v->note, "南昌"));
	/* a value written for the province (region 360000) beats the unscoped one for any code in it */
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", "360700"), 1);
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", "360102"), 1);
	assert_int_equal(params_find(&ps, "x.province_flag")->v[1].level, 1);
	/* ... and not for a code outside the province */
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", "110101"), 0);
	/* a record without a region is in the file's province: the province's value applies */
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", NULL), 1);
	params_release(&ps);
}

/* ---------- load checks ---------- */

#define VAL_TEXT \
	"{\"value\":\"885\",\"effective_from\":\"2023-01-01\",\"basis\":\"text\",\"date_basis\":\"text\"," \
	"\"citation\":\"2.dibao_urban_standard\"}"
#define VAL_CITY \
	"{\"value\":\"950\",\"effective_from\":\"2023-01-01\",\"region\":\"360100\",\"basis\":\"assumption\"," \
	"\"date_basis\":\"assumption\",\"note\":\"南昌自定\"}"
#define PARAM_A \
	"{\"key\":\"a.std\",\"name\":\"标准\",\"type\":\"money\",\"unit\":\"元\",\"values\":[" \
	VAL_TEXT "," VAL_CITY "]}"
#define PARAM_B \
	"{\"key\":\"b.ext\",\"name\":\"期限\",\"type\":\"int\",\"unit\":\"月\",\"values\":[" \
	"{\"value\":\"36\",\"effective_from\":\"2021-01-01\",\"effective_to\":\"2022-12-31\"," \
	"\"basis\":\"external\",\"date_basis\":\"external\",\"citation\":\"银发〔1999〕77号\"}," \
	"{\"value\":\"24\",\"effective_from\":\"2023-01-01\",\"basis\":\"external\"," \
	"\"date_basis\":\"external\",\"citation\":\"财金〔2020〕21号\"}]}"
#define DOC_HEAD "{\"schema\":\"minsheng-params/1\",\"id\":\"t\",\"plan\":\"" PLAN "\","
#define BASE DOC_HEAD "\"params\":[" PARAM_A "," PARAM_B "]}"

/* base with the one occurrence of from replaced by to, in buf. */
static void subst(char *buf, size_t cap, const char *base, const char *from, const char *to)
{
	const char *hit = strstr(base, from);

	if (!hit)
		fail_msg("\"%s\" is not in the document", from);
	if (strstr(hit + 1, from))
		fail_msg("\"%s\" occurs twice in the document", from);
	assert_true((size_t)snprintf(buf, cap, "%.*s%s%s", (int)(hit - base), base, to,
				     hit + strlen(from)) < cap);
}

static void test_base_doc_loads(void **state)
{
	struct params ps;
	struct ms_err err;
	const char *path = tmp("base.json");

	(void)state;
	write_file(path, BASE);
	if (params_load(&ps, path, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(ps.n, 2);
	/* adjacent periods do not overlap */
	assert_int_equal(at(&ps, "b.ext", "2022-12-31", NULL), 36);
	assert_int_equal(at(&ps, "b.ext", "2023-01-01", NULL), 24);
	/* the same dates in different regions do not overlap either */
	assert_int_equal(at(&ps, "a.std", "2023-01-01", "360101"), 95000);
	params_release(&ps);
}

static void test_load_errors(void **state)
{
	static const struct { const char *from, *to, *want; } rows[] = {
		/* overlap in the same region, naming both values */
		{ "\"effective_from\":\"2023-01-01\",\"basis\":\"external\"",
		  "\"effective_from\":\"2022-12-31\",\"basis\":\"external\"",
		  "params[1].values[0] and [1] (b.ext): periods overlap in the same region" },
		{ "\"effective_to\":\"2022-12-31\",", "",
		  "params[1].values[0] and [1] (b.ext): periods overlap in the same region" },
		{ "\"region\":\"360100\",", "",
		  "params[0].values[0] and [1] (a.std): periods overlap in the same region" },
		/* unknown fields at each level */
		{ "\"note\":\"南昌自定\"", "\"note\":\"南昌自定\",\"colour\":\"red\"",
		  "params[0].values[1].colour: unknown field" },
		{ "\"unit\":\"元\"", "\"unit\":\"元\",\"colour\":\"red\"", "params[0].colour: unknown field" },
		{ "\"id\":\"t\"", "\"id\":\"t\",\"colour\":\"red\"", ": colour: unknown field" },
		/* a member named twice */
		{ "\"unit\":\"元\"", "\"unit\":\"元\",\"unit\":\"元\"", "duplicate" },
		/* types */
		{ "\"type\":\"money\"", "\"type\":\"cash\"",
		  "params[0].type: \"cash\" is not money, rate, int, bool or date" },
		{ "\"type\":\"int\"", "\"type\":\"\"", "params[1].type" },
		{ "\"value\":\"36\"", "\"value\":36", "params[1].values[0].value: expected a string" },
		{ "\"value\":\"885\"", "\"value\":\"88.5.5\"", "params[0].values[0].value (a.std)" },
		{ "\"value\":\"885\"", "\"value\":\"-885\"", "may not be negative" },
		{ "\"value\":\"36\"", "\"value\":\"3.5\"", "params[1].values[0].value (b.ext)" },
		{ "\"value\":\"36\"", "\"value\":\"-1\"", "params[1].values[0].value (b.ext)" },
		{ "\"type\":\"int\"", "\"type\":\"bool\"", "params[1].values[0].value (b.ext)" },
		/* dates */
		{ "\"effective_from\":\"2021-01-01\"", "\"effective_from\":\"2021-02-30\"",
		  "params[1].values[0].effective_from" },
		{ "\"effective_from\":\"2021-01-01\",", "", "params[1].values[0].effective_from" },
		{ "\"effective_to\":\"2022-12-31\"", "\"effective_to\":\"2022-13-01\"",
		  "params[1].values[0].effective_to" },
		{ "\"effective_to\":\"2022-12-31\"", "\"effective_to\":\"2020-12-31\"",
		  "params[1].values[0].effective_to: before effective_from" },
		/* regions */
		{ "\"region\":\"360100\"", "\"region\":\"36010\"",
		  "params[0].values[1].region: \"36010\" is not a 6-digit GB/T 2260 code" },
		{ "\"region\":\"360100\"", "\"region\":\"3601AB\"", "is not a 6-digit" },
		/* bases and their citations */
		{ "\"citation\":\"2.dibao_urban_standard\"", "\"citation\":\"2.nothing\"",
		  "params[0].values[0].citation: \"2.nothing\" is not an indicator with a quote in " PLAN },
		{ "\"citation\":\"2.dibao_urban_standard\"", "\"citation\":\"\"",
		  "params[0].values[0].citation: \"\" is not an indicator with a quote" },
		{ "\"plan\":\"" PLAN "\",", "", "is not an indicator with a quote in (no plan named)" },
		{ "\"citation\":\"银发〔1999〕77号\"", "\"citation\":\"\"",
		  "params[1].values[0].citation: an external value names its document" },
		{ ",\"citation\":\"银发〔1999〕77号\"", "",
		  "params[1].values[0].citation: an external value names its document" },
		{ ",\"note\":\"南昌自定\"", "",
		  "params[0].values[1].note: an assumption says what it assumes" },
		{ "\"note\":\"南昌自定\"", "\"note\":\"\"",
		  "params[0].values[1].note: an assumption says what it assumes" },
		{ "\"date_basis\":\"text\"", "\"date_basis\":\"assumption\"",
		  "params[0].values[0].note: an assumed date says what it assumes" },
		{ "\"basis\":\"assumption\"", "\"basis\":\"guess\"",
		  "params[0].values[1].basis: \"guess\" is not text, external or assumption" },
		{ "\"date_basis\":\"text\"", "\"date_basis\":\"\"",
		  "params[0].values[0].date_basis: \"\" is not text, external or assumption" },
		{ "\"basis\":\"text\"", "\"basis\":\"override\"", "params[0].values[0].basis" },
		/* keys and names */
		{ "\"key\":\"b.ext\"", "\"key\":\"a.std\"", "params[1].key: \"a.std\" repeats params[0]" },
		{ "\"key\":\"a.std\"", "\"key\":\"A Std\"", "params[0].key: \"A Std\" must be 1-64 of a-z 0-9 . _" },
		{ "\"key\":\"a.std\",", "", "params[0].key: \"\" must be" },
		{ "\"name\":\"标准\"", "\"name\":\"\"", "params[0].name: missing" },
		/* shapes */
		{ VAL_TEXT "," VAL_CITY, "", "params[0].values: a non-empty array is required" },
		{ VAL_TEXT "," VAL_CITY, "\"885\"", "params[0].values[0]: expected an object" },
		{ PARAM_A ",", "7,", "params[0]: expected an object" },
		{ "minsheng-params/1", "minsheng-params/2", "schema: expected \"minsheng-params/1\"" },
		/* the plan must exist and validate */
		{ "\"plan\":\"" PLAN "\"", "\"plan\":\"no-such-plan.json\"", ": plan" },
	};
	const char *path = tmp("broken.json");
	char *doc = malloc(16384);
	size_t i;

	(void)state;
	assert_non_null(doc);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct params ps;
		struct ms_err err;

		subst(doc, 16384, BASE, rows[i].from, rows[i].to);
		write_file(path, doc);
		if (params_load(&ps, path, &err) == 0) {
			params_release(&ps);
			fail_msg("row %zu loaded: %s", i, doc);
		}
		if (!strstr(err.msg, rows[i].want))
			fail_msg("row %zu: \"%s\" does not say \"%s\"", i, err.msg, rows[i].want);
		/* every error names the file */
		if (!strstr(err.msg, "broken.json"))
			fail_msg("row %zu: \"%s\" does not name the file", i, err.msg);
		/* a failed load leaves a released struct */
		assert_null(ps.p);
		assert_null(ps.doc);
		assert_int_equal(ps.n, 0);
	}
	free(doc);
}

static void test_load_file_errors(void **state)
{
	struct params ps;
	struct ms_err err;
	const char *path = tmp("other.json");

	(void)state;
	assert_int_equal(params_load(&ps, tmp("missing.json"), &err), -1);
	assert_non_null(strstr(err.msg, "missing.json"));
	write_file(path, "{\"schema\": ");
	assert_int_equal(params_load(&ps, path, &err), -1);
	assert_non_null(strstr(err.msg, "other.json"));
	write_file(path, "[1, 2]");
	assert_int_equal(params_load(&ps, path, &err), -1);
	assert_non_null(strstr(err.msg, "a parameter file holds one JSON object"));
	write_file(path, "{\"schema\":\"minsheng-params/1\",\"params\":{\"a\":1}}");
	assert_int_equal(params_load(&ps, path, &err), -1);
	assert_non_null(strstr(err.msg, "other.json: params: expected an array"));
	write_file(path, "{\"schema\":\"minsheng-params/1\"}");
	assert_int_equal(params_load(&ps, path, &err), -1);
	assert_non_null(strstr(err.msg, "other.json: params: expected an array"));
	write_file(path, "{\"params\":[]}");
	assert_int_equal(params_load(&ps, path, &err), -1);
	assert_non_null(strstr(err.msg, "other.json: schema: expected"));
	/* no parameters at all is a valid, empty file */
	write_file(path, "{\"schema\":\"minsheng-params/1\",\"params\":[]}");
	assert_int_equal(params_load(&ps, path, &err), 0);
	assert_int_equal(ps.n, 0);
	assert_null(params_find(&ps, "a.std"));
	params_release(&ps);
}

/* A single-day period (effective_to = effective_from) is fine, and its edges are exact. */
static void test_single_day_period(void **state)
{
	struct params ps;
	struct ms_err err;
	const char *path = tmp("oneday.json");
	char doc[8192];

	(void)state;
	subst(doc, sizeof(doc), BASE, "\"effective_to\":\"2022-12-31\"", "\"effective_to\":\"2021-01-01\"");
	write_file(path, doc);
	if (params_load(&ps, path, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(at(&ps, "b.ext", "2020-12-31", NULL), -1);
	assert_int_equal(at(&ps, "b.ext", "2021-01-01", NULL), 36);
	assert_int_equal(at(&ps, "b.ext", "2021-01-02", NULL), -1);
	params_release(&ps);
}

/* ---------- overrides ---------- */

static void test_params_override(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	char longkey[200];
	size_t i;

	(void)state;
	if (params_load(&ps, REGIONAL, &err))
		fail_msg("%s", err.msg);
	p = params_find(&ps, "dibao.urban_standard");

	/* refusals change nothing */
	assert_int_equal(params_override(&ps, "dibao.nothing=950", &err), -1);
	assert_string_equal(err.msg, "没有名为 dibao.nothing 的参数 (\"dibao.nothing=950\": no parameter called "
			    "dibao.nothing)");
	assert_int_equal(params_override(&ps, "dibao.urban_standard=abc", &err), -1);
	assert_non_null(strstr(err.msg, "dibao.urban_standard: "));
	assert_int_equal(params_override(&ps, "dibao.urban_standard=-5", &err), -1);
	assert_non_null(strstr(err.msg, "dibao.urban_standard: "));
	assert_non_null(strstr(err.msg, "may not be negative"));
	assert_int_equal(params_override(&ps, "dibao.urban_standard=", &err), -1);
	assert_non_null(strstr(err.msg, "dibao.urban_standard: "));
	assert_int_equal(params_override(&ps, "=950", &err), -1);
	assert_non_null(strstr(err.msg, "expected KEY=VALUE"));
	assert_int_equal(params_override(&ps, "dibao.urban_standard", &err), -1);
	assert_non_null(strstr(err.msg, "expected KEY=VALUE"));
	memset(longkey, 'a', 120);
	memcpy(longkey + 120, "=1", 3);
	assert_int_equal(params_override(&ps, longkey, &err), -1);
	assert_non_null(strstr(err.msg, "expected KEY=VALUE"));
	assert_int_equal(params_override(&ps, "x.rate=5%以上", &err), -1);
	assert_non_null(strstr(err.msg, "x.rate: "));
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", NULL), 88500);
	assert_string_equal(param_at(p, day("2023-07-15"), NULL)->basis, "text");

	/* a valid one: every value of the key, every region, every period */
	assert_int_equal(params_override(&ps, "dibao.urban_standard=950", &err), 0);
	for (i = 0; i < p->n; i++) {
		assert_int_equal(p->v[i].v, 95000);
		assert_string_equal(p->v[i].text, "950");
		assert_string_equal(p->v[i].basis, "override");
		assert_string_equal(p->v[i].citation, "");
		assert_string_equal(p->v[i].quote, "");
		assert_true(strlen(p->v[i].note) > 0);
	}
	assert_int_equal(at(&ps, "dibao.urban_standard", "2022-03-01", NULL), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", NULL), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2030-01-01", NULL), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360102"), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-03-01", "360103"), 95000);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", "360702"), 95000);
	/* periods stay as the file has them (docs/PARAMS-FORMAT.md): none before 2022 */
	assert_int_equal(at(&ps, "dibao.urban_standard", "2021-12-31", NULL), -1);
	/* other keys are untouched */
	assert_int_equal(at(&ps, "dibao.rural_standard", "2023-07-15", NULL), 66000);
	assert_string_equal(param_at(params_find(&ps, "dibao.rural_standard"), day("2023-07-15"),
				     NULL)->basis, "text");
	/* a second override replaces the first; the strings of both stay alive */
	assert_int_equal(params_override(&ps, "dibao.urban_standard=1,000.50元", &err), 0);
	assert_int_equal(at(&ps, "dibao.urban_standard", "2023-07-15", NULL), 100050);
	assert_string_equal(param_at(p, day("2023-07-15"), NULL)->text, "1,000.50元");
	/* each type through an override */
	assert_int_equal(params_override(&ps, "x.rate=2.25%", &err), 0);
	assert_int_equal(at(&ps, "x.rate", "2023-07-15", NULL), 225);
	assert_int_equal(params_override(&ps, "x.count=24", &err), 0);
	assert_int_equal(at(&ps, "x.count", "2023-07-15", NULL), 24);
	assert_int_equal(params_override(&ps, "x.province_flag=是", &err), 0);
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", NULL), 1);
	assert_int_equal(at(&ps, "x.province_flag", "2023-07-15", "360702"), 1);
	assert_int_equal(params_override(&ps, "x.deadline=2023-12-31", &err), 0);
	assert_int_equal(at(&ps, "x.deadline", "2023-07-15", NULL), day("2023-12-31"));
	/* the JSON of an overridden value: basis override, no quote, the override note */
	{
		json_t *j = param_value_json(p, param_at(p, day("2023-07-15"), NULL));

		assert_string_equal(json_string_value(json_object_get(j, "basis")), "override");
		assert_string_equal(json_string_value(json_object_get(j, "value")), "1000.50");
		assert_null(json_object_get(j, "quote"));
		assert_non_null(json_object_get(j, "note"));
		json_decref(j);
	}
	params_release(&ps);
}

/* ---------- values ---------- */

static void test_param_value_json(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	json_t *j;

	(void)state;
	if (params_load(&ps, REGIONAL, &err))
		fail_msg("%s", err.msg);
	p = params_find(&ps, "dibao.urban_standard");
	/* the 2022 value: closed period, text basis with a quote */
	j = param_value_json(p, &p->v[0]);
	assert_string_equal(json_string_value(json_object_get(j, "key")), "dibao.urban_standard");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "城市低保月人均保障标准");
	assert_string_equal(json_string_value(json_object_get(j, "value")), "825.00");
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "元/人·月");
	assert_string_equal(json_string_value(json_object_get(j, "effective_from")), "2022-01-01");
	assert_string_equal(json_string_value(json_object_get(j, "effective_to")), "2022-12-31");
	assert_true(json_is_null(json_object_get(j, "region")));
	assert_string_equal(json_string_value(json_object_get(j, "basis")), "text");
	assert_string_equal(json_string_value(json_object_get(j, "date_basis")), "assumption");
	assert_string_equal(json_string_value(json_object_get(j, "citation")), "2.dibao_urban_standard");
	assert_true(strlen(json_string_value(json_object_get(j, "quote"))) > 0);
	assert_non_null(json_object_get(j, "note"));
	json_decref(j);
	/* the county's: open period, a region, no quote */
	j = param_value_json(p, &p->v[3]);
	assert_true(json_is_null(json_object_get(j, "effective_to")));
	assert_string_equal(json_string_value(json_object_get(j, "region")), "360102");
	assert_null(json_object_get(j, "quote"));
	json_decref(j);
	/* a rate's unit is in its value */
	p = params_find(&ps, "x.rate");
	j = param_value_json(p, &p->v[0]);
	assert_string_equal(json_string_value(json_object_get(j, "value")), "1.5%");
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "");
	json_decref(j);
	params_release(&ps);
}

static void test_parse_value(void **state)
{
	static const struct {
		enum param_type t;
		const char *s;
		int64_t v;      /* for dates: 0, and `date` holds the day */
		const char *date;
		const char *err;
	} rows[] = {
		{ PARAM_MONEY, "885", 88500, NULL, NULL },
		{ PARAM_MONEY, "885元", 88500, NULL, NULL },
		{ PARAM_MONEY, "0.5", 50, NULL, NULL },
		{ PARAM_MONEY, "0", 0, NULL, NULL },
		{ PARAM_MONEY, "1,234.56", 123456, NULL, NULL },
		{ PARAM_MONEY, "6000万元", 6000000000LL, NULL, NULL },
		{ PARAM_MONEY, "-1", 0, NULL, "may not be negative" },
		{ PARAM_MONEY, "1.234", 0, NULL, "1.234" },
		{ PARAM_MONEY, "abc", 0, NULL, "abc" },
		{ PARAM_MONEY, "", 0, NULL, "" },
		{ PARAM_RATE, "1.5%", 150, NULL, NULL },
		{ PARAM_RATE, "1.50%", 150, NULL, NULL },
		{ PARAM_RATE, "100%", 10000, NULL, NULL },
		{ PARAM_RATE, "3.65", 365, NULL, NULL },
		{ PARAM_RATE, "50％", 5000, NULL, NULL },
		{ PARAM_RATE, "0%", 0, NULL, NULL },
		{ PARAM_RATE, "5%以上", 0, NULL, "a rate takes no comparator" },
		{ PARAM_RATE, "不超过5%", 0, NULL, "a rate takes no comparator" },
		{ PARAM_RATE, "1.555%", 0, NULL, "1.555" },
		{ PARAM_INT, "36", 36, NULL, NULL },
		{ PARAM_INT, "0", 0, NULL, NULL },
		{ PARAM_INT, "1000000000", 1000000000, NULL, NULL },
		{ PARAM_INT, "1000000001", 0, NULL, "1000000001" },
		{ PARAM_INT, "3.5", 0, NULL, "3.5" },
		{ PARAM_INT, "-1", 0, NULL, "may not be negative" },
		{ PARAM_INT, "x", 0, NULL, "x" },
		{ PARAM_BOOL, "yes", 1, NULL, NULL },
		{ PARAM_BOOL, "true", 1, NULL, NULL },
		{ PARAM_BOOL, "是", 1, NULL, NULL },
		{ PARAM_BOOL, "1", 1, NULL, NULL },
		{ PARAM_BOOL, "no", 0, NULL, NULL },
		{ PARAM_BOOL, "false", 0, NULL, NULL },
		{ PARAM_BOOL, "否", 0, NULL, NULL },
		{ PARAM_BOOL, "0", 0, NULL, NULL },
		{ PARAM_BOOL, "maybe", 0, NULL, "\"maybe\": expected yes or no (是/否)" },
		{ PARAM_BOOL, "Yes", 0, NULL, "expected yes or no" },
		{ PARAM_BOOL, "", 0, NULL, "expected yes or no" },
		{ PARAM_DATE, "2023-01-01", 0, "2023-01-01", NULL },
		{ PARAM_DATE, "2023年6月30日", 0, "2023-06-30", NULL },
		{ PARAM_DATE, "20230630", 0, "2023-06-30", NULL },
		{ PARAM_DATE, "2023-02-29", 0, NULL, "" },
		{ PARAM_DATE, "soon", 0, NULL, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ms_err err;
		int64_t v = -777;
		int rc = param_parse_value(rows[i].t, rows[i].s, &v, &err);

		if (rows[i].err) {
			if (rc != -1)
				fail_msg("row %zu (%s): parsed as %lld", i, rows[i].s, (long long)v);
			if (!strstr(err.msg, rows[i].err))
				fail_msg("row %zu: \"%s\" lacks \"%s\"", i, err.msg, rows[i].err);
			continue;
		}
		if (rc)
			fail_msg("row %zu (%s): %s", i, rows[i].s, err.msg);
		if (v != (rows[i].date ? (int64_t)day(rows[i].date) : rows[i].v))
			fail_msg("row %zu (%s): %lld", i, rows[i].s, (long long)v);
	}
	/* an unknown type */
	{
		struct ms_err err;
		int64_t v;

		assert_int_equal(param_parse_value((enum param_type)9, "1", &v, &err), -1);
	}
}

static void test_format_value(void **state)
{
	static const struct { enum param_type t; int64_t v; const char *date, *want; } rows[] = {
		{ PARAM_MONEY, 88500, NULL, "885.00" },
		{ PARAM_MONEY, 50, NULL, "0.50" },
		{ PARAM_MONEY, 0, NULL, "0.00" },
		{ PARAM_MONEY, 100050, NULL, "1000.50" },
		/* ms_pct_format drops trailing zero decimals (params.h's comment says "1.50%") */
		{ PARAM_RATE, 150, NULL, "1.5%" },
		{ PARAM_RATE, 515, NULL, "5.15%" },
		{ PARAM_RATE, 10000, NULL, "100%" },
		{ PARAM_RATE, 0, NULL, "0%" },
		{ PARAM_INT, 36, NULL, "36" },
		{ PARAM_INT, 0, NULL, "0" },
		{ PARAM_BOOL, 1, NULL, "是" },
		{ PARAM_BOOL, 0, NULL, "否" },
		{ PARAM_DATE, 0, "2023-06-30", "2023-06-30" },
		{ PARAM_DATE, 0, "1999-03-02", "1999-03-02" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;
		struct ms_err err;
		int64_t back;

		assert_int_equal(param_format_value(&b, rows[i].t,
						    rows[i].date ? day(rows[i].date) : rows[i].v), 0);
		if (strcmp(b.buf, rows[i].want))
			fail_msg("row %zu: \"%s\", want \"%s\"", i, b.buf, rows[i].want);
		/* and what is written parses back */
		if (param_parse_value(rows[i].t, b.buf, &back, &err))
			fail_msg("row %zu: \"%s\" does not parse back: %s", i, b.buf, err.msg);
		assert_int_equal(back, rows[i].date ? day(rows[i].date) : rows[i].v);
		ms_buf_release(&b);
	}
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(param_type_name(PARAM_MONEY), "money");
	assert_string_equal(param_type_name(PARAM_RATE), "rate");
	assert_string_equal(param_type_name(PARAM_INT), "int");
	assert_string_equal(param_type_name(PARAM_BOOL), "bool");
	assert_string_equal(param_type_name(PARAM_DATE), "date");
	assert_string_equal(param_type_name((enum param_type)7), "?");
	assert_string_equal(param_type_label(PARAM_MONEY), "金额");
	assert_string_equal(param_type_label(PARAM_RATE), "比率");
	assert_string_equal(param_type_label(PARAM_INT), "整数");
	assert_string_equal(param_type_label(PARAM_BOOL), "是/否");
	assert_string_equal(param_type_label(PARAM_DATE), "日期");
	assert_string_equal(param_type_label((enum param_type)7), "?");
	assert_string_equal(param_basis_label("text"), "通知原文");
	assert_string_equal(param_basis_label("external"), "国家文件");
	assert_string_equal(param_basis_label("assumption"), "假设");
	assert_string_equal(param_basis_label("override"), "临时设定");
	assert_string_equal(param_basis_label("other"), "other");
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_params.%ld", (long)getpid());
	return mkdir(dir, 0700) ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_params_get),
		cmocka_unit_test(test_param_at_dates),
		cmocka_unit_test(test_region_override),
		cmocka_unit_test(test_base_doc_loads),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_single_day_period),
		cmocka_unit_test(test_params_override),
		cmocka_unit_test(test_param_value_json),
		cmocka_unit_test(test_parse_value),
		cmocka_unit_test(test_format_value),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
