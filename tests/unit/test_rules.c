/*
 * test_rules.c - the rules layer: parameters (dates, regions, overrides,
 * every load check), the calculators through their field tables, the
 * payroll line reader and splitter, and batch runs (atomic output,
 * rejects, by-city totals, reform differences).
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
#include <fcntl.h>
#include <cmocka.h>

#include "core/lines.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/params.h"

#define PARAMS MS_SRCDIR "/data/params/jiangxi.json"

static char dir[128];

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static const char *tmp(const char *name)
{
	static char p[8][256];
	static int i;

	i = (i + 1) % 8;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static int64_t day(const char *s)
{
	ms_day d;

	assert_int_equal(ms_date_parse(s, strlen(s), &d, NULL), 0);
	return d;
}

/* ---------- parameters ---------- */

static void test_shipped_params(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	size_t i, j;

	(void)state;
	assert_int_equal(params_load(&ps, PARAMS, &err), 0);
	assert_true(ps.n >= 16);
	for (i = 0; i < ps.n; i++)
		for (j = 0; j < ps.p[i].n; j++)
			if (!strcmp(ps.p[i].v[j].basis, "text"))
				assert_true(strlen(ps.p[i].v[j].quote) > 0);
	p = params_find(&ps, "dibao.urban_standard");
	assert_non_null(p);
	assert_int_equal(param_at(p, (ms_day)day("2023-07-01"), NULL)->v, 88500);
	assert_int_equal(param_at(p, (ms_day)day("2022-12-31"), NULL)->v, 82500);
	assert_int_equal(param_at(p, (ms_day)day("2023-01-01"), NULL)->v, 88500);
	assert_null(param_at(p, (ms_day)day("2021-12-31"), NULL));
	assert_non_null(strstr(param_at(p, (ms_day)day("2023-07-01"), NULL)->quote, "达到885元"));
	/* the waiver is dated to 2023 contracts */
	p = params_find(&ps, "loan.waiver_share_other");
	assert_int_equal(param_at(p, (ms_day)day("2023-12-31"), NULL)->v, 5000);
	assert_null(param_at(p, (ms_day)day("2024-01-01"), NULL));
	params_release(&ps);
}

static const char *REGIONAL =
	"{\"schema\":\"minsheng-params/1\",\"id\":\"t\",\"plan\":\"" MS_SRCDIR "/data/plans/jiangxi-2023.json\","
	"\"params\":[{\"key\":\"x.std\",\"name\":\"标准\",\"type\":\"money\",\"unit\":\"元\",\"values\":["
	"{\"value\":\"885\",\"effective_from\":\"2023-01-01\",\"basis\":\"text\",\"date_basis\":\"text\","
	"\"citation\":\"2.dibao_urban_standard\"},"
	"{\"value\":\"950\",\"effective_from\":\"2023-01-01\",\"region\":\"360100\",\"basis\":\"assumption\","
	"\"date_basis\":\"assumption\",\"note\":\"南昌自定\"},"
	"{\"value\":\"990\",\"effective_from\":\"2023-07-01\",\"region\":\"360102\",\"basis\":\"assumption\","
	"\"date_basis\":\"assumption\",\"note\":\"东湖区自定\"}]}]}";

static void test_region_override(void **state)
{
	struct params ps;
	struct ms_err err;
	const struct param *p;
	ms_day jul = (ms_day)day("2023-07-15"), mar = (ms_day)day("2023-03-01");

	(void)state;
	write_file(tmp("regional.json"), REGIONAL);
	assert_int_equal(params_load(&ps, tmp("regional.json"), &err), 0);
	p = params_find(&ps, "x.std");
	assert_int_equal(param_at(p, jul, NULL)->v, 88500);       /* the whole scope */
	assert_int_equal(param_at(p, jul, "360700")->v, 88500);   /* another city */
	assert_int_equal(param_at(p, jul, "360103")->v, 95000);   /* a county of 南昌: the city's */
	assert_int_equal(param_at(p, jul, "360102")->v, 99000);   /* the county's own */
	assert_int_equal(param_at(p, mar, "360102")->v, 95000);   /* before the county's starts */
	/* an override keeps periods and regions */
	assert_int_equal(params_override(&ps, "x.std=1000", &err), 0);
	assert_int_equal(param_at(p, jul, "360102")->v, 100000);
	assert_string_equal(param_at(p, jul, NULL)->basis, "override");
	assert_int_equal(params_override(&ps, "x.std=abc", &err), -1);
	assert_non_null(strstr(err.msg, "x.std"));
	assert_int_equal(params_override(&ps, "y.none=1", &err), -1);
	assert_non_null(strstr(err.msg, "no parameter called y.none"));
	params_release(&ps);
}

static void test_load_errors(void **state)
{
	static const struct { const char *from, *to, *want; } rows[] = {
		{ "\"value\":\"950\",\"effective_from\":\"2023-01-01\",\"region\":\"360100\"",
		  "\"value\":\"950\",\"effective_from\":\"2023-01-01\"", "periods overlap" },
		{ "\"type\":\"money\"", "\"type\":\"cash\"", "params[0].type" },
		{ "\"value\":\"885\"", "\"value\":\"88.5.5\"", "values[0].value" },
		{ "\"effective_from\":\"2023-07-01\"", "\"effective_from\":\"2023-02-30\"", "values[2].effective_from" },
		{ "\"citation\":\"2.dibao_urban_standard\"", "\"citation\":\"2.nothing\"", "is not an indicator with a quote" },
		{ "\"note\":\"南昌自定\"", "\"note\":\"\"", "an assumption says what it assumes" },
		{ "\"key\":\"x.std\"", "\"key\":\"X Std\"", "params[0].key" },
		{ "\"region\":\"360102\"", "\"region\":\"36010\"", "not a 6-digit" },
		{ "\"name\":\"标准\"", "\"name\":\"标准\",\"colour\":\"red\"", "colour: unknown field" },
	};
	const char *path = tmp("broken.json");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char doc[4096];
		const char *at = strstr(REGIONAL, rows[i].from);
		struct params ps;
		struct ms_err err;

		assert_non_null(at);
		snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - REGIONAL), REGIONAL, rows[i].to,
			 at + strlen(rows[i].from));
		write_file(path, doc);
		if (params_load(&ps, path, &err) == 0)
			fail_msg("row %zu loaded: %s", i, doc);
		if (!strstr(err.msg, rows[i].want))
			fail_msg("row %zu: \"%s\" does not say \"%s\"", i, err.msg, rows[i].want);
	}
}

/* ---------- calculators ---------- */

static struct params PS;

static int calc(const char *name, const char *const *kv, struct calc_out *out, json_t *trace,
		struct ms_err *err)
{
	const struct calc_def *d = calc_find(name);
	struct calc_ctx cx;
	struct calc_in in;
	size_t i;

	assert_non_null(d);
	d->init(&in);
	for (i = 0; kv[i]; i += 2) {
		int fi = calc_field_index(d, kv[i]);

		assert_true(fi >= 0);
		if (calc_set(d, &in, fi, kv[i + 1], strlen(kv[i + 1]), err))
			return -1;
	}
	calc_ctx_init(&cx, &PS, trace, err);
	return calc_run(d, &cx, &in, out);
}

static void test_loan_examples(void **state)
{
	const char *graduate[] = { "principal", "100000", "rate", "5.15", "lpr", "3.65", "start",
		"2023-03-01", "end", "2024-02-29", "group", "graduate", NULL };
	const char *other[] = { "principal", "100000", "rate", "5.15", "lpr", "3.65", "start",
		"2023-03-01", "end", "2024-02-29", "group", "其他", NULL };
	struct calc_out o;
	struct ms_err err;
	json_t *trace = json_array();
	struct ms_buf b = MS_BUF_INIT;

	(void)state;
	assert_int_equal(calc("loan", graduate, &o, trace, &err), 0);
	assert_int_equal(o.v[0], 522153);
	assert_int_equal(o.v[1], 304167);
	assert_int_equal(o.v[2], 217986);
	assert_int_equal(o.v[3], 217986);
	assert_int_equal(o.v[4], 0);
	assert_int_equal(o.v[6], 365);
	assert_int_equal(json_array_size(trace), 9);
	calc_explain(&b, trace);
	assert_non_null(strstr(b.buf, "对2023年新签订借款合同"));
	assert_non_null(strstr(b.buf, "财金〔2020〕21号"));
	assert_int_equal(calc("loan", other, &o, NULL, &err), 0);
	assert_int_equal(o.v[3], 108993);
	assert_int_equal(o.v[4], 108993);
	assert_int_equal(o.v[5], 413160);
	json_decref(trace);
	ms_buf_release(&b);
}

static void test_dibao_and_errors(void **state)
{
	const char *ok[] = { "area", "urban", "members", "3", "income", "1500", "month", "2023-07", NULL };
	const char *bad_income[] = { "area", "urban", "members", "3", "income", "15.005", NULL };
	const char *bad_area[] = { "area", "城镇", NULL };
	const char *missing[] = { "area", "rural", "income", "0", "month", "2023-07", NULL };
	struct calc_out o;
	struct ms_err err;

	(void)state;
	assert_int_equal(calc("dibao", ok, &o, NULL, &err), 0);
	assert_int_equal(o.v[0], 88500);
	assert_int_equal(o.v[1], 50000);
	assert_int_equal(o.v[2], 115500);
	assert_int_equal(o.v[3], 1);
	assert_int_equal(calc("dibao", bad_income, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "income: "));
	assert_int_equal(calc("dibao", bad_area, &o, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "area: \"城镇\" is not one of urban (城市), rural (农村)"));
	assert_int_equal(calc("dibao", missing, &o, NULL, &err), -1);
	assert_string_equal(err.msg, "members: missing (缺少 家庭保障人数)");
	/* both spellings of a field name */
	assert_int_equal(calc_field_index(calc_find("loan"), "contract_date"),
			 calc_field_index(calc_find("loan"), "contract-date"));
	assert_int_equal(calc_field_index(calc_find("loan"), "contract"), -1);
}

/* ---------- lines ---------- */

static void test_lines(void **state)
{
	const char *path = tmp("lines.txt");
	struct ms_lines *l;
	struct ms_err err;
	const char *line;
	size_t len;
	int fd;

	(void)state;
	write_file(path, "\xEF\xBB\xBF" "a,b\r\n\nlast");
	fd = open(path, O_RDONLY);
	l = ms_lines_open(fd, "x.csv", 16);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(len, 3);
	assert_memory_equal(line, "a,b", 3);
	assert_true(ms_lines_had_bom(l));
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(len, 0);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_memory_equal(line, "last", 4);
	assert_int_equal(ms_lines_lineno(l), 3);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
	ms_lines_free(l);
	close(fd);

	write_file(path, "short\n0123456789abcdefghij\n");
	fd = open(path, O_RDONLY);
	l = ms_lines_open(fd, "x.csv", 16);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), -1);
	assert_string_equal(err.msg, "x.csv:2: line longer than 16 bytes (行过长)");
	ms_lines_free(l);
	close(fd);
}

static void test_split(void **state)
{
	static const struct { const char *in; size_t n; const char *f[5]; const char *err; } rows[] = {
		{ "a,b,c", 3, { "a", "b", "c" }, NULL },
		{ ",,", 3, { "", "", "" }, NULL },
		{ "x,", 2, { "x", "" }, NULL },
		{ "\"a, b\",\"say \"\"hi\"\"\",c", 3, { "a, b", "say \"hi\"", "c" }, NULL },
		{ "a,\"open", 0, { NULL }, "column 3: unterminated quoted field" },
		{ "\"a\"b,c", 0, { NULL }, "column 4: text after a closing quote" },
		{ "ab\"c", 0, { NULL }, "column 3: a quote inside an unquoted field" },
		{ "ok,\xff", 0, { NULL }, "column 4: invalid UTF-8" },
		{ "0123456789abcdef,0123456789abcdef,x", 3, { "0123456789abcdef", "0123456789abcdef", "x" }, NULL },
		{ "a,b,c,d,e,f", 0, { NULL }, "more than 5 fields" },
	};
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int rc = ms_fields_split(&f, rows[i].in, strlen(rows[i].in), 5, 1, &err);

		if (rows[i].err) {
			assert_int_equal(rc, -1);
			if (!strstr(err.msg, rows[i].err))
				fail_msg("row %zu: \"%s\" lacks \"%s\"", i, err.msg, rows[i].err);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(f.n, rows[i].n);
		for (j = 0; j < f.n; j++) {
			assert_int_equal(f.len[j], strlen(rows[i].f[j]));
			assert_memory_equal(f.p[j], rows[i].f[j], f.len[j]);
		}
	}
	/* invalid UTF-8 passes when not checked */
	assert_int_equal(ms_fields_split(&f, "ok,\xff", 4, 5, 0, &err), 0);
	ms_fields_release(&f);
}

/* ---------- batch ---------- */

static int run_batch(const char *in, const char *out, int skip_bad, const struct params *reform,
		     struct batch_result *r, struct ms_err *err)
{
	const char *defaults[] = { "month=2023-07" };
	struct batch_opts o = { 0 };

	o.def = calc_find("dibao");
	o.base = &PS;
	o.reform = reform;
	o.in_path = in;
	o.out_path = out;
	o.skip_bad = skip_bad;
	o.defaults = defaults;
	o.ndefaults = 1;
	return batch_run(&o, r, err);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[8192];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_batch(void **state)
{
	const char *in = tmp("hh.csv"), *out = tmp("out.csv"), *bad = tmp("bad.csv");
	struct batch_result r;
	struct ms_err err;
	struct params reform;
	struct stat sb;

	(void)state;
	write_file(in, "\xEF\xBB\xBF" "id,area,members,income,region\n1,urban,3,1500,360102\n"
		   "2,rural,2,1400,360702\n3,urban,1,0,360103\n4,rural,1,100,\n");
	assert_int_equal(run_batch(in, out, 0, NULL, &r, &err), 0);
	assert_string_equal(slurp(out), "\xEF\xBB\xBF" "id,area,members,income,region,standard,per_capita_income,payment,eligible\n"
			    "1,urban,3,1500,360102,885.00,500.00,1155.00,1\n"
			    "2,rural,2,1400,360702,660.00,700.00,0.00,0\n"
			    "3,urban,1,0,360103,885.00,0.00,885.00,1\n"
			    "4,rural,1,100,,660.00,100.00,560.00,1\n");
	assert_int_equal(r.base.rows, 4);
	assert_int_equal(r.base.eligible, 3);
	assert_int_equal(r.base.money[2], 115500 + 88500 + 56000);
	/* 360102 and 360103 are both 南昌, then 赣州, then the row without a region */
	assert_int_equal(r.n_city, 3);
	assert_string_equal(r.city[0].code, "360100");
	assert_int_equal(r.city[0].base.rows, 2);
	assert_string_equal(r.city[1].code, "360700");
	assert_string_equal(r.city[2].code, "");
	batch_result_release(&r);

	/* a bad row: an error naming file, line and column, and no output at all */
	write_file(bad, "area,members,income\nurban,3,100\nurban,x,5\n");
	unlink(out);
	assert_int_equal(run_batch(bad, out, 0, NULL, &r, &err), -1);
	assert_non_null(strstr(err.msg, "bad.csv:3: members: "));
	assert_int_equal(stat(out, &sb), -1);
	/* skip_bad: the rest is written, the bad row goes to the rejects file with its reason */
	assert_int_equal(run_batch(bad, out, 1, NULL, &r, &err), 0);
	assert_int_equal(r.rejected, 1);
	assert_non_null(strstr(slurp(tmp("out.csv.rejects.csv")), "urban,x,5,\"line 3: members: "));
	batch_result_release(&r);

	/* a missing column, and a column this command adds */
	write_file(bad, "area,income\nurban,1\n");
	assert_int_equal(run_batch(bad, NULL, 0, NULL, &r, &err), -1);
	assert_non_null(strstr(err.msg, "missing column members"));
	write_file(bad, "area,members,income,payment\nurban,1,1,1\n");
	assert_int_equal(run_batch(bad, out, 0, NULL, &r, &err), -1);
	assert_non_null(strstr(err.msg, "payment is a column this command adds"));

	/* reform: the urban standard to 950 */
	assert_int_equal(params_load(&reform, PARAMS, &err), 0);
	assert_int_equal(params_override(&reform, "dibao.urban_standard=950", &err), 0);
	{
		struct batch_opts o = { 0 };
		const char *defaults[] = { "month=2023-07" };

		o.def = calc_find("dibao");
		o.base = &PS;
		o.reform = &reform;
		o.in_path = in;
		o.no_output = 1;
		o.defaults = defaults;
		o.ndefaults = 1;
		assert_int_equal(batch_run(&o, &r, &err), 0);
		assert_int_equal(r.diff.winners, 2);     /* the two urban eligible households */
		assert_int_equal(r.diff.gain, 6500 * 3 + 6500);
		assert_int_equal(r.diff.losers, 0);
		assert_int_equal(r.reform.money[2] - r.base.money[2], 26000);
		batch_result_release(&r);
	}
	params_release(&reform);
}

static int setup(void **state)
{
	struct ms_err err;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_rules.%ld", (long)getpid());
	mkdir(dir, 0700);
	if (params_load(&PS, PARAMS, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	params_release(&PS);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_params),
		cmocka_unit_test(test_region_override),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_loan_examples),
		cmocka_unit_test(test_dibao_and_errors),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_batch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
