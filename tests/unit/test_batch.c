/*
 * test_batch.c - payroll runs (batch_run) on small files written to a
 * temporary directory: the output is each input line verbatim plus the
 * computed columns; defaults; a bad row stops the run with
 * "FILE:LINE: field: reason" and leaves no output and no temporary file;
 * skip_bad writes OUT.rejects.csv; header checks; totals by city; reform
 * simulation (winners, losers, newly eligible); BOM, CRLF, stdin, big input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/params.h"

#define SHIPPED MS_SRCDIR "/data/params/jiangxi.json"
#define REGIONAL MS_SRCDIR "/tests/fixtures/params/regional.json"

static char dir[128];
static struct params PS;

static const char *tmp(const char *name)
{
	static char p[8][256];
	static int i;

	i = (i + 1) % 8;
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

/* The whole file, NUL-terminated; the caller frees. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
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

static void assert_file(const char *path, const char *want)
{
	char *got = slurp(path);

	if (strcmp(got, want))
		fail_msg("%s:\n--- got ---\n%s\n--- want ---\n%s", path, got, want);
	free(got);
}

static int exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Entries of the test directory whose name contains ".tmp-" (a sink's temporary file). */
static int leftover_tmp(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp-"))
			n++;
	closedir(d);
	return n;
}

static void empty_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	closedir(d);
}

static const char *month_default[] = { "month=2023-07" };

static void opts(struct batch_opts *o, const char *calc, const char *in, const char *out)
{
	memset(o, 0, sizeof(*o));
	o->def = calc_find(calc);
	assert_non_null(o->def);
	o->base = &PS;
	o->in_path = in;
	o->out_path = out;
	o->defaults = month_default;
	o->ndefaults = 1;
}

/* A dibao batch of in to out (defaults: month=2023-07). */
static int dibao(const char *in, const char *out, int skip_bad, struct batch_result *r,
		 struct ms_err *err)
{
	struct batch_opts o;

	opts(&o, "dibao", in, out);
	o.skip_bad = skip_bad;
	return batch_run(&o, r, err);
}

#define DIBAO_OUT "standard,per_capita_income,payment,eligible"

/* ---------- output ---------- */

static void test_output_is_input_plus_columns(void **state)
{
	const char *in = tmp("hh.csv"), *out = tmp("out.csv");
	struct batch_result r;
	struct ms_err err;

	(void)state;
	empty_dir();
	write_file(in,
		   "\n"                                          /* blank lines before the header */
		   "id,name,area,members,income\n"
		   "1,\"张三, 李四\",urban,3,1500\n"               /* quoted, passed through verbatim */
		   "\n"                                          /* blank: skipped */
		   "2,王五,rural,2,1400\n"
		   "3,\"say \"\"hi\"\"\",urban,1,0\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out,
		    "id,name,area,members,income," DIBAO_OUT "\n"
		    "1,\"张三, 李四\",urban,3,1500,885.00,500.00,1155.00,1\n"
		    "2,王五,rural,2,1400,660.00,700.00,0.00,0\n"
		    "3,\"say \"\"hi\"\"\",urban,1,0,885.00,0.00,885.00,1\n");
	assert_int_equal(r.lines, 3);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.base.rows, 3);
	assert_int_equal(r.base.eligible, 2);
	assert_int_equal(r.base.paid, 2);
	assert_int_equal(r.base.money[calc_find("dibao")->money_out], 115500 + 88500);
	assert_int_equal(r.has_region, 0);
	assert_int_equal(r.n_city, 0);
	assert_null(r.city);
	assert_string_equal(r.rejects_path, "");
	assert_false(exists(tmp("out.csv.rejects.csv")));
	assert_int_equal(leftover_tmp(), 0);
	batch_result_release(&r);
}

/* Header names are trimmed; unknown columns pass through; CRLF rows give the same values. */
static void test_header_trim_and_crlf(void **state)
{
	const char *in = tmp("crlf.csv"), *out = tmp("out.csv");
	struct batch_result r;
	struct ms_err err;
	char *got;

	(void)state;
	empty_dir();
	write_file(in, " area ,\tmembers, income,note\r\nurban,3,1500,x\r\nrural,1,100,\r\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	got = slurp(out);
	/* no CR is left inside a line, before the appended columns */
	assert_null(strstr(got, "\r,"));
	assert_non_null(strstr(got, "urban,3,1500,x,885.00,500.00,1155.00,1"));
	assert_non_null(strstr(got, "rural,1,100,,660.00,100.00,560.00,1"));
	free(got);
	batch_result_release(&r);
}

static void test_loan_batch(void **state)
{
	const char *in = tmp("loans.csv"), *out = tmp("loans.out.csv");
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;

	(void)state;
	empty_dir();
	write_file(in, "principal,rate,lpr,start,end,contract_date,group\n"
		   "100000,5.15,3.65,2023-03-01,2024-02-29,,graduate\n"
		   "100000,5.15,3.65,2023-03-01,2024-02-29,,其他\n"
		   "100000,5.15,3.65,2023-03-01,2024-02-29,2022-12-31,graduate\n");
	opts(&o, "loan", in, out);
	o.ndefaults = 0;
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out, "principal,rate,lpr,start,end,contract_date,group,"
		    "total_interest,subsidy,borrower_share,waived,borrower_pays,fiscal_total,days,eligible\n"
		    "100000,5.15,3.65,2023-03-01,2024-02-29,,graduate,5221.53,3041.67,2179.86,2179.86,0.00,5221.53,365,1\n"
		    "100000,5.15,3.65,2023-03-01,2024-02-29,,其他,5221.53,3041.67,2179.86,1089.93,1089.93,4131.60,365,1\n"
		    "100000,5.15,3.65,2023-03-01,2024-02-29,2022-12-31,graduate,5221.53,3041.67,2179.86,0.00,2179.86,3041.67,365,1\n");
	assert_int_equal(r.base.money[calc_find("loan")->money_out], 522153 + 413160 + 304167);
	batch_result_release(&r);
}

/* ---------- defaults ---------- */

static void test_month_default(void **state)
{
	const char *in = tmp("m.csv"), *out = tmp("m.out.csv");
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;

	(void)state;
	empty_dir();
	/* a month column: an empty cell takes the default, a filled one wins */
	write_file(in, "area,members,income,month\nurban,1,0,\nurban,1,0,2022-07\nurban,1,0,2023-01\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out, "area,members,income,month," DIBAO_OUT "\n"
		    "urban,1,0,,885.00,0.00,885.00,1\n"
		    "urban,1,0,2022-07,825.00,0.00,825.00,1\n"
		    "urban,1,0,2023-01,885.00,0.00,885.00,1\n");
	batch_result_release(&r);
	/* no month column and no default: the error says how to give one */
	write_file(in, "area,members,income\nurban,1,0\n");
	opts(&o, "dibao", in, out);
	o.ndefaults = 0;
	assert_int_equal(batch_run(&o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "missing column month"));
	assert_non_null(strstr(err.msg, "or give one month for every row"));
	assert_string_equal(err.field, "month");
	/* a default for every row, of another field */
	{
		const char *defs[] = { "month=2022-07", "area=rural" };

		write_file(in, "members,income\n1,0\n");
		opts(&o, "dibao", in, out);
		o.defaults = defs;
		o.ndefaults = 2;
		if (batch_run(&o, &r, &err))
			fail_msg("%s", err.msg);
		assert_file(out, "members,income," DIBAO_OUT "\n1,0,600.00,0.00,600.00,1\n");
		batch_result_release(&r);
	}
	/* bad defaults */
	unlink(out);
	{
		const char *unknown[] = { "colour=red" }, *bad[] = { "month=2023-13" }, *noeq[] = { "month" };

		write_file(in, "area,members,income\nurban,1,0\n");
		opts(&o, "dibao", in, out);
		o.defaults = unknown;
		assert_int_equal(batch_run(&o, &r, &err), -1);
		assert_string_equal(err.msg, "colour 不是dibao的输入项 (colour: not an input of dibao)");
		assert_string_equal(err.field, "colour");
		o.defaults = bad;
		assert_int_equal(batch_run(&o, &r, &err), -1);
		assert_non_null(strstr(err.msg, "month: "));
		o.defaults = noeq;
		assert_int_equal(batch_run(&o, &r, &err), -1);
		assert_non_null(strstr(err.msg, "not an input of dibao"));
	}
	assert_false(exists(out));
	assert_int_equal(leftover_tmp(), 0);
}

/* ---------- bad rows ---------- */

static void test_bad_row_stops(void **state)
{
	static const struct { const char *row, *want; } rows[] = {
		{ "urban,3,abc", ":3: income: \"abc\"" },
		{ "urban,3,15.005", ":3: income: \"15.005\"" },
		{ "urban,3,-1", ":3: income: \"-1\": may not be negative" },
		{ "urban,x,5", ":3: members: " },
		{ "city,3,5", ":3: area: \"city\" is not one of urban (城市), rural (农村)" },
		{ "urban,,5", ":3: members: empty" },
		{ "urban,3", ":3: 2 fields where the header has 3 (字段数与表头不符)" },
		{ "urban,3,5,6", ":3: 4 fields where the header has 3" },
		{ "urban,\"3,5", ":3: column 7: unterminated quoted field" },
		{ "urban,3,\xff", ":3: column 9: invalid UTF-8" },
	};
	const char *in = tmp("bad.csv"), *out = tmp("bad.out.csv");
	size_t i;

	(void)state;
	empty_dir();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct batch_result r;
		struct ms_err err;
		char doc[256], want[512];

		snprintf(doc, sizeof(doc), "area,members,income\nurban,3,100\n%s\nurban,1,0\n", rows[i].row);
		write_file(in, doc);
		if (dibao(in, out, 0, &r, &err) != -1)
			fail_msg("row %zu (%s) was accepted", i, rows[i].row);
		snprintf(want, sizeof(want), "%s%s", in, rows[i].want);
		if (strncmp(err.msg, want, strlen(want)))
			fail_msg("row %zu: \"%s\" does not begin \"%s\"", i, err.msg, want);
		/* no output file, and no temporary file left beside it */
		if (exists(out))
			fail_msg("row %zu: %s was written", i, out);
		if (leftover_tmp())
			fail_msg("row %zu: a temporary file was left in %s", i, dir);
	}
	/* a NUL byte in a row */
	{
		static const char nul[] = "area,members,income\nurban,3,100\nurban,3\0,5\n";
		struct batch_result r;
		struct ms_err err;
		char want[512];
		FILE *f = fopen(in, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(nul, 1, sizeof(nul) - 1, f), sizeof(nul) - 1);
		assert_int_equal(fclose(f), 0);
		assert_int_equal(dibao(in, out, 0, &r, &err), -1);
		snprintf(want, sizeof(want), "%s:3: column 8: a NUL byte", in);
		if (strncmp(err.msg, want, strlen(want)))
			fail_msg("\"%s\" does not begin \"%s\"", err.msg, want);
		assert_false(exists(out));
	}
	/* an output from an earlier run is left as it was */
	{
		struct batch_result r;
		struct ms_err err;

		write_file(out, "earlier\n");
		write_file(in, "area,members,income\nurban,3,abc\n");
		assert_int_equal(dibao(in, out, 0, &r, &err), -1);
		assert_file(out, "earlier\n");
		assert_int_equal(leftover_tmp(), 0);
	}
}

static void test_skip_bad(void **state)
{
	const char *in = tmp("bad.csv"), *out = tmp("good.csv");
	const char *rej = tmp("good.csv.rejects.csv");
	struct batch_result r;
	struct ms_err err;
	char *got;

	(void)state;
	empty_dir();
	write_file(in, "area,members,income\nurban,3,1500\nurban,3,abc\nrural,1,100\nurban,9\n");
	if (dibao(in, out, 1, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out, "area,members,income," DIBAO_OUT "\n"
		    "urban,3,1500,885.00,500.00,1155.00,1\n"
		    "rural,1,100,660.00,100.00,560.00,1\n");
	assert_int_equal(r.lines, 4);
	assert_int_equal(r.rejected, 2);
	assert_int_equal(r.base.rows, 2);
	assert_string_equal(r.rejects_path, rej);
	got = slurp(rej);
	/* the header plus an error column, then each bad row verbatim with its reason */
	assert_true(!strncmp(got, "area,members,income,error\n", 26));
	assert_non_null(strstr(got, "\nurban,3,abc,\"line 3: income: \"\"abc\"\""));
	assert_non_null(strstr(got, "\nurban,9,line 5: 2 fields where the header has 3"));
	free(got);
	assert_int_equal(leftover_tmp(), 0);
	batch_result_release(&r);
	/* with nothing to reject there is no rejects file (an old one goes) */
	write_file(in, "area,members,income\nurban,3,1500\n");
	if (dibao(in, out, 1, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.rejected, 0);
	assert_string_equal(r.rejects_path, "");
	assert_false(exists(rej));
	assert_int_equal(leftover_tmp(), 0);
	batch_result_release(&r);
	/* a header error is fatal even with skip_bad, and leaves neither file */
	unlink(out);
	write_file(in, "area,income\nurban,1\n");
	assert_int_equal(dibao(in, out, 1, &r, &err), -1);
	assert_false(exists(out));
	assert_false(exists(rej));
	assert_int_equal(leftover_tmp(), 0);
}

/* ---------- the header ---------- */

static void test_header_errors(void **state)
{
	const char *in = tmp("h.csv"), *out = tmp("h.out.csv");
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;
	char want[512];

	(void)state;
	empty_dir();
	/* a required column missing */
	write_file(in, "area,income\nurban,1\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	snprintf(want, sizeof(want), "%s:1: missing column members (缺少列：家庭保障人数)", in);
	assert_string_equal(err.msg, want);
	/* a column twice, also as two spellings of one field */
	write_file(in, "area,members,income,area\nurban,1,1,urban\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	snprintf(want, sizeof(want), "%s:1: column 4: area appears twice (列名重复)", in);
	assert_string_equal(err.msg, want);
	write_file(in, "principal,rate,lpr,start,end,contract_date,contract-date\n");
	opts(&o, "loan", in, out);
	assert_int_equal(batch_run(&o, &r, &err), -1);
	assert_non_null(strstr(err.msg, ":1: column 7: contract_date appears twice")
			|| strstr(err.msg, ":1: column 7: contract-date appears twice"));
	/* a column this command adds: running over an output again */
	write_file(in, "area,members,income,payment\nurban,1,1,1\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	snprintf(want, sizeof(want), "%s:1: column 4: payment is a column this command adds", in);
	assert_true(!strncmp(err.msg, want, strlen(want)));
	write_file(in, "area,members,income," DIBAO_OUT "\nurban,1,1,1,1,1,1\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "column 4: standard is a column this command adds"));
	/* ... which is fine when nothing is written */
	write_file(in, "area,members,income,payment\nurban,1,1,1\n");
	opts(&o, "dibao", in, NULL);
	o.no_output = 1;
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.base.rows, 1);
	batch_result_release(&r);
	/* empty files */
	write_file(in, "");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "empty file"));
	write_file(in, "\n\r\n\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "empty file"));
	/* a header that does not split */
	write_file(in, "area,\"members,income\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	snprintf(want, sizeof(want), "%s:1: column 6: unterminated quoted field", in);
	assert_true(!strncmp(err.msg, want, strlen(want)));
	/* only a header: no rows, an output with the header */
	write_file(in, "area,members,income\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out, "area,members,income," DIBAO_OUT "\n");
	assert_int_equal(r.lines, 0);
	batch_result_release(&r);
	/* no input */
	assert_int_equal(dibao(tmp("nothing.csv"), out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "nothing.csv: cannot open: "));
	/* an output in a directory that does not exist */
	write_file(in, "area,members,income\nurban,1,1\n");
	assert_int_equal(dibao(in, tmp("no/such/dir/out.csv"), 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "cannot create"));
	assert_int_equal(leftover_tmp(), 0);
}

/* A line above max_line stops the run naming file and line. */
static void test_max_line(void **state)
{
	const char *in = tmp("long.csv"), *out = tmp("long.out.csv");
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;
	char want[512];

	(void)state;
	empty_dir();
	write_file(in, "area,members,income,note\nurban,1,1,short\nurban,1,1,"
		   "a note much longer than sixty-four bytes, which is the limit in this test run\n");
	opts(&o, "dibao", in, out);
	o.max_line = 64;
	assert_int_equal(batch_run(&o, &r, &err), -1);
	snprintf(want, sizeof(want), "%s:3: line longer than 64 bytes", in);
	assert_true(!strncmp(err.msg, want, strlen(want)));
	assert_false(exists(out));
	assert_int_equal(leftover_tmp(), 0);
}

/* ---------- by city ---------- */

static void test_by_city(void **state)
{
	const char *in = tmp("city.csv"), *out = tmp("city.out.csv");
	struct batch_result r;
	struct ms_err err;

	(void)state;
	empty_dir();
	write_file(in, "area,members,income,region\n"
		   "urban,1,0,361000\n"      /* 抚州 */
		   "urban,3,1500,360102\n"   /* 南昌 东湖区 */
		   "urban,1,0,\n"            /* no region */
		   "rural,2,1400,360702\n"   /* 赣州, not eligible */
		   "urban,1,0,360103\n"      /* 南昌 西湖区 */
		   "urban,1,0,360100\n"      /* 南昌 itself */
		   "rural,1,0,360402\n");    /* 九江 */
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.has_region, 1);
	assert_int_equal(r.n_city, 5);
	/* sorted by code, the rows without a region last */
	assert_string_equal(r.city[0].code, "360100");
	assert_string_equal(r.city[1].code, "360400");
	assert_string_equal(r.city[2].code, "360700");
	assert_string_equal(r.city[3].code, "361000");
	assert_string_equal(r.city[4].code, "");
	/* 360102, 360103 and 360100 are all 南昌 */
	assert_int_equal(r.city[0].base.rows, 3);
	assert_int_equal(r.city[0].base.eligible, 3);
	assert_int_equal(r.city[0].base.money[2], 115500 + 88500 + 88500);
	assert_int_equal(r.city[1].base.money[2], 66000);
	assert_int_equal(r.city[2].base.rows, 1);
	assert_int_equal(r.city[2].base.eligible, 0);
	assert_int_equal(r.city[2].base.money[2], 0);
	assert_int_equal(r.city[3].base.rows, 1);
	assert_int_equal(r.city[4].base.rows, 1);
	/* the groups add up to the whole */
	{
		size_t i;
		uint64_t rows = 0;
		int64_t pay = 0;

		for (i = 0; i < r.n_city; i++) {
			rows += r.city[i].base.rows;
			pay += r.city[i].base.money[2];
		}
		assert_int_equal(rows, r.base.rows);
		assert_int_equal(pay, r.base.money[2]);
	}
	batch_result_release(&r);
	assert_null(r.city);
	assert_int_equal(r.n_city, 0);
	/* only rows without a region: one group */
	write_file(in, "area,members,income,region\nurban,1,0,\nurban,1,0,\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.n_city, 1);
	assert_string_equal(r.city[0].code, "");
	assert_int_equal(r.city[0].base.rows, 2);
	batch_result_release(&r);
	/* a bad region is a bad row */
	write_file(in, "area,members,income,region\nurban,1,0,3601\n");
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, ":2: region: \"3601\" is not a 6-digit region code"));
}

/* ---------- simulate ---------- */

#define SIM_INPUT \
	"id,area,members,income,region\n" \
	"1,urban,1,900,360102\n"     /* 900 ≥ 885: not eligible; under 950: 50 */ \
	"2,urban,2,1000,360103\n"    /* 1770 − 1000 = 770; 1900 − 1000 = 900 */ \
	"3,rural,1,100,360702\n"     /* 560 either way */ \
	"4,urban,1,5000,\n"          /* never eligible */ \
	"5,urban,1,949.99,360702\n"  /* not eligible; under 950: 0.01 */ \
	"6,urban,1,850,360102\n"     /* 35; under 950: 100 */

static int simulate(const char *in, const char *out, const struct params *reform,
		    struct batch_result *r, struct ms_err *err)
{
	struct batch_opts o;

	opts(&o, "dibao", in, out);
	o.reform = reform;
	return batch_run(&o, r, err);
}

static void test_simulate(void **state)
{
	const char *in = tmp("sim.csv");
	struct params up, down;
	struct batch_result r;
	struct ms_err err;
	const size_t pay = 2;

	(void)state;
	empty_dir();
	write_file(in, SIM_INPUT);
	assert_int_equal(params_load(&up, SHIPPED, &err), 0);
	assert_int_equal(params_override(&up, "dibao.urban_standard=950", &err), 0);
	assert_int_equal(params_load(&down, SHIPPED, &err), 0);
	assert_int_equal(params_override(&down, "dibao.urban_standard=800", &err), 0);

	/* up to 950 */
	if (simulate(in, NULL, &up, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.base.rows, 6);
	assert_int_equal(r.reform.rows, 6);
	assert_int_equal(r.base.eligible, 3);
	assert_int_equal(r.reform.eligible, 5);
	assert_int_equal(r.base.money[pay], 77000 + 56000 + 3500);
	assert_int_equal(r.reform.money[pay], 5000 + 90000 + 56000 + 1 + 10000);
	assert_int_equal(r.diff.winners, 4);
	assert_int_equal(r.diff.newly_eligible, 2);
	assert_int_equal(r.diff.losers, 0);
	assert_int_equal(r.diff.no_longer_eligible, 0);
	assert_int_equal(r.diff.gain, 5000 + 13000 + 1 + 6500);
	assert_int_equal(r.diff.loss, 0);
	assert_int_equal(r.diff.gain - r.diff.loss, r.reform.money[pay] - r.base.money[pay]);
	/* by city: 南昌 (rows 1, 2, 6), 赣州 (3, 5), no region (4) */
	assert_int_equal(r.n_city, 3);
	assert_string_equal(r.city[0].code, "360100");
	assert_int_equal(r.city[0].diff.winners, 3);
	assert_int_equal(r.city[0].diff.newly_eligible, 1);
	assert_int_equal(r.city[0].diff.gain, 24500);
	assert_int_equal(r.city[0].reform.rows, 3);
	assert_string_equal(r.city[1].code, "360700");
	assert_int_equal(r.city[1].diff.winners, 1);
	assert_int_equal(r.city[1].diff.newly_eligible, 1);
	assert_int_equal(r.city[1].diff.gain, 1);
	assert_string_equal(r.city[2].code, "");
	assert_int_equal(r.city[2].diff.winners, 0);
	assert_int_equal(r.city[2].reform.rows, 1);
	batch_result_release(&r);

	/* down to 800 */
	if (simulate(in, NULL, &down, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.diff.winners, 0);
	assert_int_equal(r.diff.newly_eligible, 0);
	assert_int_equal(r.diff.losers, 2);
	assert_int_equal(r.diff.no_longer_eligible, 1);
	assert_int_equal(r.diff.loss, 17000 + 3500);
	assert_int_equal(r.reform.eligible, 2);
	batch_result_release(&r);

	/* the same parameters on both sides: nothing changes */
	if (simulate(in, NULL, &PS, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.diff.winners + r.diff.losers + r.diff.newly_eligible +
			 r.diff.no_longer_eligible, 0);
	assert_memory_equal(&r.base, &r.reform, sizeof(r.base));
	batch_result_release(&r);
	/* simulate without an output path writes nothing anywhere */
	assert_int_equal(leftover_tmp(), 0);
	params_release(&up);
	params_release(&down);
}

struct seen_rows {
	int rows, with_reform;
	int64_t base_pay, reform_pay;
};

static void on_row(void *arg, const struct calc_in *in, const struct calc_out *b,
		   const struct calc_out *rf)
{
	struct seen_rows *s = arg;

	(void)in;
	s->rows++;
	s->base_pay += b->v[2];
	if (rf) {
		s->with_reform++;
		s->reform_pay += rf->v[2];
	}
}

static void test_on_row(void **state)
{
	const char *in = tmp("sim.csv");
	struct seen_rows s = { 0 };
	struct params up;
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;

	(void)state;
	empty_dir();
	write_file(in, SIM_INPUT "7,urban,x,1,\n");
	opts(&o, "dibao", in, NULL);
	o.no_output = 1;
	o.on_row = on_row;
	o.arg = &s;
	o.skip_bad = 1;
	o.out_path = tmp("agg.csv");   /* only names the rejects file here */
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	/* good rows only, no reform in a batch */
	assert_int_equal(s.rows, 6);
	assert_int_equal(s.with_reform, 0);
	assert_int_equal(s.base_pay, r.base.money[2]);
	assert_int_equal(r.rejected, 1);
	assert_false(exists(tmp("agg.csv")));
	batch_result_release(&r);
	memset(&s, 0, sizeof(s));
	assert_int_equal(params_load(&up, SHIPPED, &err), 0);
	assert_int_equal(params_override(&up, "dibao.urban_standard=950", &err), 0);
	write_file(in, SIM_INPUT);
	opts(&o, "dibao", in, NULL);
	o.reform = &up;
	o.on_row = on_row;
	o.arg = &s;
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(s.with_reform, 6);
	assert_int_equal(s.reform_pay, r.reform.money[2]);
	batch_result_release(&r);
	params_release(&up);
}

/* Number of comma-separated fields in each line of s (no quotes in s); -1 when lines differ. */
static int uniform_fields(const char *s, int *first)
{
	int n = 1, want = -1;

	for (; *s; s++) {
		if (*s == ',')
			n++;
		else if (*s == '\n') {
			if (want < 0)
				want = n;
			else if (n != want)
				return -1;
			n = 1;
		}
	}
	*first = want;
	return want;
}

/*
 * simulate with an output path writes every row with its baseline and its
 * reformed columns: the header must name as many columns as the rows have.
 */
static void test_simulate_output_header(void **state)
{
	const char *in = tmp("sim.csv"), *out = tmp("sim.out.csv");
	struct params up;
	struct batch_result r;
	struct ms_err err;
	char *got;
	int first = 0;

	(void)state;
	empty_dir();
	write_file(in, SIM_INPUT);
	assert_int_equal(params_load(&up, SHIPPED, &err), 0);
	assert_int_equal(params_override(&up, "dibao.urban_standard=950", &err), 0);
	if (simulate(in, out, &up, &r, &err))
		fail_msg("%s", err.msg);
	batch_result_release(&r);
	params_release(&up);
	got = slurp(out);
	if (uniform_fields(got, &first) < 0)
		fail_msg("the header and the rows have different column counts:\n%s", got);
	/* 5 input columns, 4 baseline and 4 reformed */
	assert_int_equal(first, 5 + 4 + 4);
	free(got);
}

/* ---------- BOM, stdin, size ---------- */

static void test_bom(void **state)
{
	const char *in = tmp("bom.csv"), *out = tmp("bom.out.csv");
	struct batch_result r;
	struct ms_err err;
	char *got;

	(void)state;
	empty_dir();
	/* the BOM is not part of the first column's name, and is written back */
	write_file(in, "\xEF\xBB\xBF" "area,members,income\nurban,3,1500\nurban,3,x\n");
	if (dibao(in, out, 1, &r, &err))
		fail_msg("%s", err.msg);
	assert_file(out, "\xEF\xBB\xBF" "area,members,income," DIBAO_OUT "\n"
		    "urban,3,1500,885.00,500.00,1155.00,1\n");
	/* the rejects file too */
	got = slurp(r.rejects_path);
	assert_true(!strncmp(got, "\xEF\xBB\xBF" "area,members,income,error\n", 29));
	free(got);
	batch_result_release(&r);
	/* without a BOM in, none out */
	write_file(in, "area,members,income\nurban,3,1500\n");
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	got = slurp(out);
	assert_true(!strncmp(got, "area,", 5));
	free(got);
	batch_result_release(&r);
}

static void test_stdin(void **state)
{
	const char *in = tmp("stdin.csv"), *out = tmp("stdin.out.csv");
	struct batch_result r;
	struct ms_err err;
	int saved, fd;

	(void)state;
	empty_dir();
	write_file(in, "area,members,income\nurban,3,1500\nurban,3,abc\n");
	saved = dup(0);
	fd = open(in, O_RDONLY);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	assert_int_equal(dibao("-", out, 0, &r, &err), -1);
	dup2(saved, 0);
	close(saved);
	/* standard input is called (stdin) in errors */
	assert_true(!strncmp(err.msg, "(stdin):3: income: ", 19));
	assert_false(exists(out));
}

/* More than 2 MiB of rows: lines cross the 1 MiB read chunk and the output buffer. */
static void test_big(void **state)
{
	const char *in = tmp("big.csv"), *out = tmp("big.out.csv");
	struct batch_result r;
	struct ms_err err;
	FILE *f;
	const long n = 100000;
	struct stat sb;
	int64_t want_pay = 0;
	long i, eligible = 0, lines = 0;
	char *got, *p;

	(void)state;
	empty_dir();
	f = fopen(in, "wb");
	assert_non_null(f);
	fputs("id,area,members,income,padding\n", f);
	for (i = 0; i < n; i++) {
		long members = 1 + i % 5, income = (i * 37) % 3000;
		int64_t std = i % 2 ? 66000 : 88500, need = std * members - income * 100;

		fprintf(f, "%ld,%s,%ld,%ld,%.*s\n", i, i % 2 ? "rural" : "urban", members, income,
			(int)(i % 13), "xxxxxxxxxxxxx");
		if (need > 0) {
			eligible++;
			want_pay += need;
		}
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(in, &sb), 0);
	assert_true(sb.st_size > (2 << 20));
	if (dibao(in, out, 0, &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.lines, n);
	assert_int_equal(r.base.rows, n);
	assert_int_equal(r.base.eligible, eligible);
	assert_int_equal(r.base.money[2], want_pay);
	batch_result_release(&r);
	got = slurp(out);
	assert_true(strlen(got) > ((size_t)2 << 20));
	for (p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, n + 1);
	/* the last row, intact */
	assert_non_null(strstr(got, "\n99999,rural,5,"));
	free(got);
}

/* ---------- blocks and threads ---------- */

/* One run's whole result: return code, message, output, rejects, totals. */
struct par_run {
	int rc;
	char msg[1024];
	char *out, *rej;
	struct batch_result r;
};

static int par_generic;   /* 1: par_run takes every row through the general path (batch_opts.generic) */
static const struct params *par_ps;   /* the parameters par_run uses; NULL: the shipped ones */

static void par_run(struct par_run *p, const char *in, int threads, size_t block, int skip_bad,
		    size_t max_line)
{
	const char *out = tmp("par.out.csv"), *rej = tmp("par.out.csv.rejects.csv");
	struct batch_opts o;
	struct ms_err err;

	unlink(out);
	unlink(rej);
	opts(&o, "dibao", in, out);
	o.threads = threads;
	o.block = block;
	o.skip_bad = skip_bad;
	o.max_line = max_line;
	o.generic = par_generic;
	if (par_ps)
		o.base = par_ps;
	memset(p, 0, sizeof(*p));
	p->rc = batch_run(&o, &p->r, &err);
	if (p->rc)
		snprintf(p->msg, sizeof(p->msg), "%s", err.msg);
	p->out = exists(out) ? slurp(out) : NULL;
	p->rej = exists(rej) ? slurp(rej) : NULL;
	assert_int_equal(leftover_tmp(), 0);
}

static void par_free(struct par_run *p)
{
	free(p->out);
	free(p->rej);
	if (!p->rc)
		batch_result_release(&p->r);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* b equals a in everything a caller can see. */
static void par_same(const struct par_run *a, const struct par_run *b, const char *what)
{
	size_t i;

	if (a->rc != b->rc || strcmp(a->msg, b->msg))
		fail_msg("%s: \"%s\" (%d), want \"%s\" (%d)", what, b->msg, b->rc, a->msg, a->rc);
	if (!same_str(a->out, b->out))
		fail_msg("%s: the output differs", what);
	if (!same_str(a->rej, b->rej))
		fail_msg("%s: the rejects differ", what);
	if (a->rc)
		return;
	assert_int_equal(a->r.lines, b->r.lines);
	assert_int_equal(a->r.rejected, b->r.rejected);
	assert_memory_equal(&a->r.base, &b->r.base, sizeof(a->r.base));
	assert_int_equal(a->r.n_city, b->r.n_city);
	for (i = 0; i < a->r.n_city; i++)
		assert_memory_equal(&a->r.city[i], &b->r.city[i], sizeof(a->r.city[i]));
}

/*
 * A payroll of n rows with regions, CRLF lines, blank lines and quoted
 * fields; bad[] are 1-based data rows made bad (too_long: made longer than
 * 200 bytes instead). The file ends without a newline when no_final_lf.
 */
static void par_input(const char *path, long n, const long *bad, size_t nbad, long too_long,
		      int no_final_lf)
{
	static const char *const regions[] = { "360102", "360402", "361000", "", "360702", "361102" };
	struct ms_buf b = MS_BUF_INIT;
	long i;
	size_t k;

	ms_buf_adds(&b, "id,area,members,income,region,note\n");
	for (i = 1; i <= n; i++) {
		int is_bad = 0;

		for (k = 0; k < nbad; k++)
			is_bad |= bad[k] == i;
		if (i % 11 == 0)
			ms_buf_adds(&b, i % 2 ? "\r\n" : "\n");   /* blank lines count as lines */
		ms_buf_addf(&b, "%ld,%s,%ld,%s%ld.%ld,%s,%s", i, i % 5 == 0 ? "\"rural\"" : i % 2 ? "urban" : "rural",
			    1 + i % 6, is_bad ? "x" : "", (i * 7919) % 4000, i % 10, regions[i % 6],
			    i % 9 == 0 ? "\"a, \"\"quoted\"\" note\"" : "n");
		if (i == too_long)
			ms_buf_adds(&b, "………………………………………………………………………………………………………………………………………………………………");
		if (i < n || !no_final_lf)
			ms_buf_adds(&b, i % 7 == 0 ? "\r\n" : "\n");
	}
	write_file(path, b.buf);
	ms_buf_release(&b);
}

/* Every thread count and block size gives what one thread reading it whole gives. */
static void par_check(const char *in, int skip_bad, const char *what)
{
	static const int threads[] = { 2, 3, 4, 8 };
	static const size_t blocks[] = { 8, 9, 13, 31, 100, 1000, 65536 };
	struct par_run ref, got;
	char name[256];
	size_t i, k;

	par_run(&ref, in, 1, 0, skip_bad, 200);
	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++)
		for (k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++) {
			par_run(&got, in, threads[i], blocks[k], skip_bad, 200);
			snprintf(name, sizeof(name), "%s, %d threads, blocks of %zu", what, threads[i], blocks[k]);
			par_same(&ref, &got, name);
			par_free(&got);
		}
	/* one thread, small blocks */
	par_run(&got, in, 1, 8, skip_bad, 200);
	par_same(&ref, &got, what);
	par_free(&got);
	/* the general splitter and setters for every row, on one thread and on three */
	par_generic = 1;
	par_run(&got, in, 1, 0, skip_bad, 200);
	snprintf(name, sizeof(name), "%s, general path", what);
	par_same(&ref, &got, name);
	par_free(&got);
	par_run(&got, in, 3, 31, skip_bad, 200);
	par_same(&ref, &got, name);
	par_free(&got);
	par_generic = 0;
	par_free(&ref);
}

/*
 * The fast path for the known dibao columns against the general one, line
 * by line, on the forms at its edges: what it takes must come out as the
 * general path gives it, and what it leaves (quotes, UTF-8, full-width
 * digits, other spellings, empty cells, formula prefixes, long lines, extra
 * or missing columns, NUL) must be read, or refused, the general way.
 */
static void test_fast_same_as_general(void **state)
{
	static const char *const rows[] = {
		"H1,360102,urban,4,5861", "H2,360102,rural,1,0", "H3,360102,rural,9,0.5", "H4,360102,urban,2,817.32",
		"H5,360102,urban,2,817.3", "H6,360102,urban,2,0817.30", "H7,360102,urban,2,12.", "H8,360102,urban,2,.5",
		"H9,360102,urban,2,1.234", "H10,360102,urban,2,１２", "H11,360102,urban,2,1,000", "H12,360102,urban,2,-5",
		"H13,360102,urban,2, 12", "H14,360102,urban,2,12 ", "H15,360102,urban,2,12元", "H16,360102,城市,2,12",
		"H17,360102,Urban,2,12", "H18,360102,urban ,2,12", "H19,360102,urban,12,12", "H20,360102,urban,0,12",
		"H21,360102,urban,02,12", "H22,360102,urban,,12", "H23,360102,urban,2,", "H24,36010,urban,2,12",
		"H25,3601020,urban,2,12", "H26,36010x,urban,2,12", "H27,,urban,2,12", "H28,360102,\"urban\",2,12",
		"\"H29\",360102,urban,2,12", "H\"30,360102,urban,2,12", "=H31,360102,urban,2,12", "+H32,360102,urban,2,12",
		"-H33,360102,urban,2,12", "@H34,360102,urban,2,12", "\tH35,360102,urban,2,12", ",360102,urban,2,12",
		"H37 张三,360102,urban,2,12", "H38,360102,urban,2,12,", "H39,360102,urban,2", "H40,360102,urban,2,12,extra",
		"H41,360102,urban,2,9999999999999", "H42,360102,urban,2,99999999999999", "H43,360102,urban,2,1234567890123.45",
		"H44-long-long-long-long-long-long-long-long-long,360102,urban,2,12",
		"H45-long-long-long-long-long-long-long-long-lon,360102,urban,2,12",
		"H46-long-long-long-long-long-long-long-long-l,360102,urban,2,12",
		"H47,360102,rural,7,100000000.99", "H48,360102,rural,7,99999999.99",
	};
	struct ms_buf b = MS_BUF_INIT;
	struct par_run ref, got;
	char in[256];
	size_t i;

	(void)state;
	empty_dir();
	snprintf(in, sizeof(in), "%s", tmp("fast.csv"));   /* tmp's names are reused */
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ms_buf_reset(&b);
		ms_buf_addf(&b, "id,region,area,members,income\n%s\nH0,360102,urban,3,100\n", rows[i]);
		write_file(in, b.buf);
		par_generic = 1;
		par_run(&ref, in, 1, 0, 0, 200);
		par_generic = 0;
		par_run(&got, in, 1, 0, 0, 200);
		par_same(&ref, &got, rows[i]);
		par_free(&got);
		par_free(&ref);
		par_generic = 1;
		par_run(&ref, in, 1, 0, 1, 200);
		par_generic = 0;
		par_run(&got, in, 2, 9, 1, 200);
		par_same(&ref, &got, rows[i]);
		par_free(&got);
		par_free(&ref);
	}
	/* a NUL byte in a row, and the column order the general path maps */
	write_file(in, "income,id,members,area\n12,H1,2,urban\n3.5,H2,1,rural\n");
	par_check(in, 0, "columns in another order");
	{
		FILE *f = fopen(in, "wb");

		assert_non_null(f);
		fwrite("area,members,income\nurban,2,1\0\nrural,1,2\n", 1, 41, f);
		assert_int_equal(fclose(f), 0);
	}
	par_generic = 1;
	par_run(&ref, in, 1, 0, 1, 200);
	par_generic = 0;
	par_run(&got, in, 1, 0, 1, 200);
	assert_int_equal(ref.r.rejected, 1);
	par_same(&ref, &got, "NUL");
	par_free(&got);
	par_free(&ref);
	ms_buf_release(&b);
}

/* in on 2 threads against the general path on one: the same in everything, the kernel on or off as want. */
static void kernel_vs_general(const char *in, int want, struct par_run *got, const char *what)
{
	struct par_run ref;

	par_run(got, in, 2, 1000, 0, 200);
	assert_int_equal(got->rc, 0);
	assert_int_equal(got->r.kernel, want);
	par_generic = 1;
	par_run(&ref, in, 1, 0, 0, 200);
	par_generic = 0;
	assert_int_equal(ref.r.kernel, 0);
	par_same(&ref, got, what);
	par_free(&ref);
}

/*
 * The kernel takes the plain rows only when the standards are fixed for the
 * run: with the shipped parameters it does, and gives what the general path
 * gives; with a standard set per region (Nanchang's 950) it must not, and
 * the rows of 3601xx get that standard.
 */
static void test_kernel_only_when_fixed(void **state)
{
	static const long none[] = { 0 };
	struct params regional;
	struct par_run k, reg;
	struct ms_err err;
	char in[256];

	(void)state;
	empty_dir();
	snprintf(in, sizeof(in), "%s", tmp("kernel.csv"));
	par_input(in, 300, none, 0, 0, 0);
	kernel_vs_general(in, 1, &k, "the kernel against the general path");
	par_free(&k);

	write_file(in, "id,region,area,members,income\nA,360102,urban,2,100\nB,360103,urban,2,100\n"
		       "C,360702,urban,2,100\nD,360102,rural,1,0\n");
	kernel_vs_general(in, 1, &k, "the kernel, four rows");
	assert_non_null(strstr(k.out, "\nA,360102,urban,2,100,885.00,50.00,1670.00,1\n"));
	if (params_load(&regional, REGIONAL, &err))
		fail_msg("%s", err.msg);
	par_ps = &regional;
	kernel_vs_general(in, 0, &reg, "regional standards");
	par_ps = NULL;
	assert_non_null(strstr(reg.out, "\nA,360102,urban,2,100,990.00,50.00,1880.00,1\n"));   /* 东湖区 */
	assert_non_null(strstr(reg.out, "\nB,360103,urban,2,100,950.00,"));                    /* 南昌市 */
	assert_non_null(strstr(reg.out, "\nC,360702,urban,2,100,885.00,"));                    /* the province's */
	par_free(&k);
	par_free(&reg);
	params_release(&regional);
}

/*
 * Chinese headers (a clerk's own sheet): the same rows and figures as the
 * English names, the columns added named in Chinese, the rejects' reason
 * column too; the kernel still takes the plain rows.
 */
static void test_chinese_headers(void **state)
{
	struct par_run en, zh, zhr;
	char in[256];
	const char *nl;

	(void)state;
	empty_dir();
	snprintf(in, sizeof(in), "%s", tmp("en.csv"));
	write_file(in, "id,name,area,members,income,region\nH1,张三,urban,2,100,360102\nH2,李四,rural,3,0.5,360702\n");
	par_run(&en, in, 1, 0, 0, 200);
	write_file(in, "户号,姓名,城乡,人数,收入,区划代码\nH1,张三,urban,2,100,360102\nH2,李四,rural,3,0.5,360702\n");
	par_run(&zh, in, 2, 0, 0, 200);
	assert_int_equal(en.rc, 0);
	assert_int_equal(zh.rc, 0);
	assert_int_equal(zh.r.kernel, 1);
	assert_true(zh.r.has_region);
	assert_non_null(strstr(zh.out, "户号,姓名,城乡,人数,收入,区划代码,低保标准（元/人·月）,家庭月人均收入,月补差金额,符合低保条件\n"));
	assert_non_null(strstr(en.out, "id,name,area,members,income,region,standard,per_capita_income,payment,eligible\n"));
	nl = strchr(zh.out, '\n');
	assert_non_null(nl);
	assert_string_equal(nl, strchr(en.out, '\n'));   /* the rows: byte for byte */
	assert_memory_equal(&zh.r.base, &en.r.base, sizeof(en.r.base));
	/* the rejects name their reason column in Chinese too */
	write_file(in, "户号,城乡,人数,收入\nH1,urban,2,abc\nH2,rural,1,0\n");
	par_run(&zhr, in, 1, 0, 1, 200);
	assert_int_equal(zhr.rc, 0);
	assert_int_equal(zhr.r.rejected, 1);
	assert_non_null(zhr.rej);
	assert_non_null(strstr(zhr.rej, "户号,城乡,人数,收入,拒收原因\n"));
	par_free(&en);
	par_free(&zh);
	par_free(&zhr);
}

/* What an on_row saw: rows, eligible rows, payments and members of the eligible, by area. */
struct row_totals {
	uint64_t rows, eligible;
	int64_t pay[2], members[2];
};

static void count_row(void *arg, const struct calc_in *in, const struct calc_out *o, const struct calc_out *reform)
{
	struct row_totals *t = arg;

	(void)reform;
	t->rows++;
	if (!o->v[CALC_DIBAO_ELIGIBLE])
		return;
	t->eligible++;
	t->pay[in->u.dibao.rural] += o->v[CALC_DIBAO_PAYMENT];
	t->members[in->u.dibao.rural] += in->u.dibao.members;
}

/*
 * on_row with one argument per thread (row_args, as actuals uses it): on 3
 * threads in small blocks, the threads' totals added up equal one thread's,
 * and every good row is seen once.
 */
static void test_row_args_threads(void **state)
{
	struct row_totals one = { 0 }, per[3], sum = { 0 };
	void *args[3] = { &per[0], &per[1], &per[2] };
	struct batch_opts o;
	struct batch_result r;
	struct ms_err err;
	char in[256];
	size_t k;

	(void)state;
	empty_dir();
	memset(per, 0, sizeof(per));
	snprintf(in, sizeof(in), "%s", tmp("rows.csv"));
	par_input(in, 3000, NULL, 0, 0, 0);
	opts(&o, "dibao", in, NULL);
	o.no_output = 1;
	o.on_row = count_row;
	o.arg = &one;
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	batch_result_release(&r);
	opts(&o, "dibao", in, NULL);
	o.no_output = 1;
	o.on_row = count_row;
	o.row_args = args;
	o.nrow_args = 3;
	o.threads = 3;
	o.block = 100;
	if (batch_run(&o, &r, &err))
		fail_msg("%s", err.msg);
	for (k = 0; k < 3; k++) {
		sum.rows += per[k].rows;
		sum.eligible += per[k].eligible;
		sum.pay[0] += per[k].pay[0];
		sum.pay[1] += per[k].pay[1];
		sum.members[0] += per[k].members[0];
		sum.members[1] += per[k].members[1];
	}
	assert_int_equal(one.rows, 3000);
	assert_int_equal(sum.rows, r.base.rows);
	assert_memory_equal(&sum, &one, sizeof(one));
	assert_true(one.eligible > 0 && one.pay[0] > 0 && one.pay[1] > 0);
	batch_result_release(&r);
}

static void test_parallel_same_result(void **state)
{
	char in[256];
	static const long bad[] = { 1, 2, 3, 57, 58, 400, 401, 999, 1000 };
	struct par_run ref;
	char want[512];
	size_t i;

	(void)state;
	empty_dir();
	snprintf(in, sizeof(in), "%s", tmp("par.csv"));   /* tmp's names are reused */
	par_input(in, 1000, NULL, 0, 0, 0);
	par_check(in, 0, "good rows");
	par_run(&ref, in, 4, 64, 0, 200);
	assert_int_equal(ref.rc, 0);
	assert_int_equal(ref.r.lines, 1000);
	assert_int_equal(ref.r.n_city, 6);
	par_free(&ref);
	par_input(in, 1000, NULL, 0, 0, 1);
	par_check(in, 0, "no final newline");
	/* bad rows set aside, in file order */
	par_input(in, 1000, bad, sizeof(bad) / sizeof(bad[0]), 0, 0);
	par_check(in, 1, "skip bad");
	par_run(&ref, in, 3, 50, 1, 200);
	assert_int_equal(ref.r.rejected, sizeof(bad) / sizeof(bad[0]));
	assert_non_null(ref.rej);
	par_free(&ref);
	/* without skip_bad, the first bad row in file order stops the run wherever the blocks end */
	for (i = 0; i + 1 < sizeof(bad) / sizeof(bad[0]); i++) {
		par_input(in, 1000, bad + i, 2, 0, i % 2);
		par_check(in, 0, "bad rows");
		par_run(&ref, in, 4, 9, 0, 200);
		assert_int_equal(ref.rc, -1);
		assert_null(ref.out);
		snprintf(want, sizeof(want), "%s:%ld: income: ", in, bad[i] + 1 + bad[i] / 11);
		if (strncmp(ref.msg, want, strlen(want)))
			fail_msg("\"%s\" does not begin \"%s\"", ref.msg, want);
		par_free(&ref);
	}
	/* a line too long stops the run even with skip_bad; a bad row before it comes first */
	par_input(in, 1000, NULL, 0, 600, 0);
	par_check(in, 0, "too long");
	par_check(in, 1, "too long, skip bad");
	par_run(&ref, in, 2, 9, 1, 200);
	snprintf(want, sizeof(want), "%s:%ld: line longer than 200 bytes", in, 600L + 1 + 600 / 11);
	if (strncmp(ref.msg, want, strlen(want)))
		fail_msg("\"%s\" does not begin \"%s\"", ref.msg, want);
	par_free(&ref);
	par_input(in, 1000, bad + 5, 1, 600, 0);
	par_check(in, 0, "bad row, then too long");
	par_run(&ref, in, 2, 9, 0, 200);
	snprintf(want, sizeof(want), "%s:%ld: income: ", in, 400L + 1 + 400 / 11);
	if (strncmp(ref.msg, want, strlen(want)))
		fail_msg("\"%s\" does not begin \"%s\"", ref.msg, want);
	par_free(&ref);
	/* an empty file, a header alone, a CRLF header alone */
	write_file(in, "");
	par_check(in, 0, "empty");
	write_file(in, "area,members,income\n");
	par_check(in, 0, "header only");
	par_run(&ref, in, 4, 8, 0, 200);
	assert_int_equal(ref.rc, 0);
	assert_string_equal(ref.out, "area,members,income," DIBAO_OUT "\n");
	par_free(&ref);
	write_file(in, "area,members,income\r\n");
	par_check(in, 0, "CRLF header only");
	write_file(in, "area,members,income\r\nurban,1,1\r\n\r\nrural,2,3.5");
	par_check(in, 0, "CRLF");
}

/*
 * Text cells beginning with a formula prefix, in the header, the rows and the
 * rejected rows, computed by several threads in small blocks: each gets its
 * leading ', in the workers' buffers, and every thread count gives the same.
 */
static void test_parallel_formula(void **state)
{
	char in[256];
	struct par_run ref;
	struct ms_buf b = MS_BUF_INIT;
	long i;

	(void)state;
	empty_dir();
	snprintf(in, sizeof(in), "%s", tmp("par.csv"));
	ms_buf_adds(&b, "id,area,members,income,region,=note\n");
	for (i = 1; i <= 600; i++)
		ms_buf_addf(&b, "%ld,urban,2,%s1500,360102,%s\n", i, i % 50 == 0 || i == 39 ? "x" : "",
			    i % 13 == 0 ? "=1+1" : i % 17 == 0 ? "\"@x, y\"" : i % 19 == 0 ? "-3" : "n");
	write_file(in, b.buf);
	ms_buf_release(&b);
	par_check(in, 1, "formula cells");
	par_run(&ref, in, 4, 64, 1, 200);
	assert_int_equal(ref.rc, 0);
	assert_int_equal(ref.r.rejected, 13);
	assert_non_null(ref.out);
	assert_non_null(ref.rej);
	assert_int_equal(strncmp(ref.out, "id,area,members,income,region,'=note,", 37), 0);
	assert_int_equal(strncmp(ref.rej, "id,area,members,income,region,'=note,error\n", 43), 0);
	assert_non_null(strstr(ref.out, "\n13,urban,2,1500,360102,'=1+1,"));
	assert_non_null(strstr(ref.out, "\n17,urban,2,1500,360102,\"'@x, y\","));
	assert_non_null(strstr(ref.out, "\n19,urban,2,1500,360102,'-3,"));
	assert_non_null(strstr(ref.out, "\n1,urban,2,1500,360102,n,"));
	assert_null(strstr(ref.out, ",=1"));
	assert_null(strstr(ref.out, ",\"@"));
	assert_null(strstr(ref.out, ",-3"));
	assert_non_null(strstr(ref.rej, "\n39,urban,2,x1500,360102,'=1+1,"));
	assert_non_null(strstr(ref.rej, "\n50,urban,2,x1500,360102,n,"));
	par_free(&ref);
}

/*
 * A header of exactly MAX_FIELDS (1024) fields and a trailing comma, with a
 * quote so that the splitter takes its careful path: it must be refused as
 * "more than 1024 fields", not handed to the header loop as 1025 fields
 * (batch.c's col_field[] holds 1024). Kept last: before the splitter is
 * fixed, ASan stops the program here.
 */
static void test_header_too_many_fields(void **state)
{
	const char *in = tmp("wide.csv"), *out = tmp("wide.out.csv");
	struct batch_result r;
	struct ms_err err;
	struct ms_buf b = MS_BUF_INIT;
	int i;

	(void)state;
	empty_dir();
	ms_buf_adds(&b, "\"area\",members,income");
	for (i = 3; i < 1024; i++)
		ms_buf_addf(&b, ",c%d", i);
	ms_buf_adds(&b, ",\nurban,1,0\n");
	write_file(in, b.buf);
	ms_buf_release(&b);
	assert_int_equal(dibao(in, out, 0, &r, &err), -1);
	assert_non_null(strstr(err.msg, "more than 1024 fields"));
	assert_false(exists(out));
}

static int setup(void **state)
{
	struct ms_err err;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_batch.%ld", (long)getpid());
	if (mkdir(dir, 0700))
		return -1;
	if (params_load(&PS, SHIPPED, &err)) {
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
		cmocka_unit_test(test_output_is_input_plus_columns),
		cmocka_unit_test(test_header_trim_and_crlf),
		cmocka_unit_test(test_loan_batch),
		cmocka_unit_test(test_month_default),
		cmocka_unit_test(test_bad_row_stops),
		cmocka_unit_test(test_skip_bad),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_max_line),
		cmocka_unit_test(test_by_city),
		cmocka_unit_test(test_simulate),
		cmocka_unit_test(test_on_row),
		cmocka_unit_test(test_simulate_output_header),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_parallel_same_result),
		cmocka_unit_test(test_parallel_formula),
		cmocka_unit_test(test_fast_same_as_general),
		cmocka_unit_test(test_kernel_only_when_fixed),
		cmocka_unit_test(test_chinese_headers),
		cmocka_unit_test(test_row_args_threads),
		cmocka_unit_test(test_header_too_many_fields),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
