/*
 * test_csv.c - the streaming CSV reader (table of inputs and what they read
 * as, errors with their line:column), buffer-boundary stress, and the writer.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* fmemopen, when built outside meson */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"

#include "core/banned.h"

/*
 * Reads all of in (inlen bytes; 0 means strlen) and renders it as
 * "LINE:f1|f2;LINE:f1;" and, on an error, "ERR message".
 */
static void render(const char *in, size_t inlen, const struct ms_csv_opts *o,
		   struct ms_buf *out)
{
	FILE *f;
	struct ms_csv *c;
	struct ms_csv_row row;
	struct ms_err err;
	size_t i;
	int rc;
	static const char empty[1];

	if (!inlen)
		inlen = strlen(in);
	/* fmemopen needs a non-empty buffer; an empty read is the same as no bytes */
	f = inlen ? fmemopen((void *)in, inlen, "rb") : fmemopen((void *)empty, 1, "rb");
	assert_non_null(f);
	if (!inlen)
		fgetc(f);
	c = ms_csv_open(f, "t.csv", o);
	while ((rc = ms_csv_next(c, &row, &err)) == 1) {
		ms_buf_addf(out, "%ld:", row.line);
		for (i = 0; i < row.n; i++) {
			assert_int_equal(row.len[i], strlen(row.field[i]));
			if (i)
				ms_buf_addch(out, '|');
			ms_buf_add(out, row.field[i], row.len[i]);
		}
		ms_buf_addch(out, ';');
	}
	if (rc < 0)
		ms_buf_addf(out, "ERR %s", err.msg);
	/* errors are sticky; end of input stays the end */
	assert_int_equal(ms_csv_next(c, &row, &err), rc);
	ms_csv_free(c);
	fclose(f);
}

struct csv_case {
	const char *in;
	size_t inlen;        /* 0: strlen(in); set for inputs holding NUL */
	int multiline, utf8;
	size_t max_record, max_fields;
	const char *want;    /* rendered rows; after "ERR " a prefix of the message */
};

#define ML 1
#define U8 1

static const struct csv_case csv_cases[] = {
	/* edges: nothing, blank, BOM */
	{ "", 0, 0, 0, 0, 0, "" },
	{ "\n\n\r\n\n", 0, 0, 0, 0, 0, "" },
	{ "\xEF\xBB\xBF", 0, 0, 0, 0, 0, "" },
	{ "\r", 0, 0, 0, 0, 0, "" },
	{ "a", 0, 0, 0, 0, 0, "1:a;" },
	{ "a\n", 0, 0, 0, 0, 0, "1:a;" },
	{ ",", 0, 0, 0, 0, 0, "1:|;" },
	{ ",\n", 0, 0, 0, 0, 0, "1:|;" },
	{ "\"\"\n", 0, 0, 0, 0, 0, "1:;" },
	{ "\"\"", 0, 0, 0, 0, 0, "1:;" },
	{ "a,", 0, 0, 0, 0, 0, "1:a|;" },
	{ "\xEF\xBB\xBFid,name\n1,x\n", 0, 0, 0, 0, 0, "1:id|name;2:1|x;" },
	{ "\xEF\xBB\xBF\r\nx\n", 0, 0, 0, 0, 0, "2:x;" },
	{ "\xEF\xBB", 0, 0, 0, 0, 0, "1:\xEF\xBB;" },
	/* ordinary records */
	{ "a,b,c\n", 0, 0, 0, 0, 0, "1:a|b|c;" },
	{ "a,b,\n", 0, 0, 0, 0, 0, "1:a|b|;" },
	{ "a,b\r\nc,d\r\n", 0, 0, 0, 0, 0, "1:a|b;2:c|d;" },
	{ "a,b\r\nc,d\r", 0, 0, 0, 0, 0, "1:a|b;2:c|d;" },
	{ "a\n\n\nb\n", 0, 0, 0, 0, 0, "1:a;4:b;" },
	{ "a\r\n\r\nb", 0, 0, 0, 0, 0, "1:a;3:b;" },
	{ " a , b \n", 0, 0, 0, 0, 0, "1: a | b ;" },
	{ "户主,身份证号,金额\n张三,360102,1200\n", 0, 0, U8, 0, 0,
	  "1:户主|身份证号|金额;2:张三|360102|1200;" },
	/* quotes */
	{ "\"a,b\",c\n", 0, 0, 0, 0, 0, "1:a,b|c;" },
	{ "\"a\"\"b\"\n", 0, 0, 0, 0, 0, "1:a\"b;" },
	{ "\"\"\"\"\n", 0, 0, 0, 0, 0, "1:\";" },
	{ "\"a\",\"\"\n", 0, 0, 0, 0, 0, "1:a|;" },
	{ "\"a\"\r\n\"b\"", 0, 0, 0, 0, 0, "1:a;2:b;" },
	{ "\"a\rb\"\n", 0, 0, 0, 0, 0, "1:a\rb;" },
	{ "\"a\nb\",c\nd\n", 0, ML, 0, 0, 0, "1:a\nb|c;3:d;" },
	{ "\"a\r\n\r\nb\"\r\nz\r\n", 0, ML, 0, 0, 0, "1:a\r\n\r\nb;4:z;" },
	{ "\"名\n称\"\n", 0, ML, U8, 0, 0, "1:名\n称;" },
	/* errors, with line:column */
	{ "a\n\"a\nb\",c\n", 0, 0, 0, 0, 0,
	  "1:a;ERR t.csv:2:1: quoted field spans lines (引号内换行)" },
	{ "x,\"a\nb\"\n", 0, 0, 0, 0, 0, "ERR t.csv:1:3: quoted field spans lines" },
	{ "a,b\"c\n", 0, 0, 0, 0, 0, "ERR t.csv:1:4: bare quote in unquoted field" },
	{ "\xEF\xBB\xBF" "a\"b\n", 0, 0, 0, 0, 0, "ERR t.csv:1:2: bare quote" },
	{ "\"ab\"c\n", 0, 0, 0, 0, 0, "ERR t.csv:1:5: characters after closing quote" },
	{ "\"ab\" ,c\n", 0, 0, 0, 0, 0, "ERR t.csv:1:5: characters after closing quote" },
	{ "\"a\nb\"x\n", 0, ML, 0, 0, 0, "ERR t.csv:2:3: characters after closing quote" },
	{ "a\n\"abc", 0, 0, 0, 0, 0,
	  "1:a;ERR t.csv:2:1: quoted field not closed at end of input" },
	{ "a\n\"ab\nc\n", 0, ML, 0, 0, 0,
	  "1:a;ERR t.csv:2:1: quoted field not closed at end of input" },
	{ "a,b\nc\0d\n", 8, 0, 0, 0, 0, "1:a|b;ERR t.csv:2:2: NUL byte" },
	{ "\"a\0\"\n", 5, 0, 0, 0, 0, "ERR t.csv:1:3: NUL byte" },
	{ "a\rb\n", 0, 0, 0, 0, 0, "ERR t.csv:1:2: carriage return not followed by line feed" },
	{ "12345678\n123456789\n", 0, 0, 0, 8, 0,
	  "1:12345678;ERR t.csv:2:1: record longer than 8 bytes" },
	{ "\"1\"\"345\"\r\n", 0, 0, 0, 8, 0, "1:1\"345;" },
	{ "\"1\n3456\"\n", 0, ML, 0, 8, 0, "1:1\n3456;" },
	{ "\"1\n34567\"\n", 0, ML, 0, 8, 0, "ERR t.csv:1:1: record longer than 8 bytes" },
	{ "a,b,c\na,b,c,d\n", 0, 0, 0, 0, 3, "1:a|b|c;ERR t.csv:2:7: more than 3 fields" },
	/* UTF-8 checking */
	{ "a,\xB5\xC4\n", 0, 0, U8, 0, 0, "ERR t.csv:1:3: invalid UTF-8 byte 0xB5" },
	{ "a,\xB5\xC4\n", 0, 0, 0, 0, 0, "1:a|\xB5\xC4;" },
	{ "\"\xC0\xAF\"\n", 0, 0, U8, 0, 0, "ERR t.csv:1:2: invalid UTF-8" },     /* overlong */
	{ "\xED\xA0\x80\n", 0, 0, U8, 0, 0, "ERR t.csv:1:1: invalid UTF-8" },     /* surrogate */
	{ "\xF4\x90\x80\x80\n", 0, 0, U8, 0, 0, "ERR t.csv:1:1: invalid UTF-8" }, /* > U+10FFFF */
	{ "ok\n\xE4\xB8", 0, 0, U8, 0, 0, "1:ok;ERR t.csv:2:1: invalid UTF-8" },  /* cut short */
	{ "\xF0\x9F\x98\x80,\xEF\xBB\xBF\n", 0, 0, U8, 0, 0, "1:\xF0\x9F\x98\x80|\xEF\xBB\xBF;" },
};

static void test_csv_table(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(csv_cases) / sizeof(csv_cases[0]); k++) {
		const struct csv_case *t = &csv_cases[k];
		struct ms_csv_opts o = { t->max_record, t->max_fields, t->multiline, t->utf8 };
		struct ms_buf out = MS_BUF_INIT;
		const char *e = strstr(t->want, "ERR ");

		render(t->in, t->inlen, &o, &out);
		if (!e ? strcmp(out.buf, t->want) != 0
		       : strncmp(out.buf, t->want, strlen(t->want)) != 0)
			fail_msg("case %zu: input \"%s\"\n  want: %s\n  got:  %s", k, t->in,
				 t->want, out.buf);
		ms_buf_release(&out);
	}
}

/*
 * Many records of varied shapes, so that the reader's refills split quotes,
 * CRLFs, doubled quotes and UTF-8 sequences at every position in them.
 */
static void test_csv_buffer_boundaries(void **state)
{
	struct ms_buf in = MS_BUF_INIT, want = MS_BUF_INIT, got = MS_BUF_INIT;
	struct ms_csv_opts o = { 0, 0, 1, 1 };
	struct ms_csv_row row;
	struct ms_err err;
	struct ms_csv *c;
	FILE *f;
	long i, rows = 60000, line = 1;
	size_t j;
	int rc;

	(void)state;
	for (i = 0; i < rows; i++) {
		int pad = (int)(i % 7);

		ms_buf_addf(&in, "%ld,\"q\"\"%.*s\",名称%.*s,\"多\r\n行\"", i, pad, "xxxxxxx",
			    (int)(i % 3), "yyy");
		ms_buf_adds(&in, i % 2 ? "\r\n" : "\n");
		if (i % 11 == 0)
			ms_buf_adds(&in, "\n");
		ms_buf_addf(&want, "%ld|q\"%.*s|名称%.*s|多\r\n行;", i, pad, "xxxxxxx",
			    (int)(i % 3), "yyy");
	}
	assert_true(in.len > 4 * ((size_t)128 << 10));
	f = fmemopen(in.buf, in.len, "rb");
	assert_non_null(f);
	c = ms_csv_open(f, "big.csv", &o);
	for (i = 0; (rc = ms_csv_next(c, &row, &err)) == 1; i++) {
		assert_int_equal(row.line, line);
		for (j = 0; j < row.n; j++) {
			if (j)
				ms_buf_addch(&got, '|');
			ms_buf_add(&got, row.field[j], row.len[j]);
		}
		ms_buf_addch(&got, ';');
		/* two lines a record, and a blank line after every eleventh */
		line += 2 + (i % 11 == 0);
	}
	assert_int_equal(i, rows);
	if (rc < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.buf, want.buf, want.len);
	ms_csv_free(c);
	fclose(f);
	ms_buf_release(&in);
	ms_buf_release(&want);
	ms_buf_release(&got);
}

/* A record longer than the read chunk, and one past max_record, far into a file. */
static void test_csv_long_records(void **state)
{
	struct ms_buf in = MS_BUF_INIT;
	struct ms_csv_opts o = { 300000, 0, 0, 1 };
	struct ms_csv_row row;
	struct ms_err err;
	struct ms_csv *c;
	FILE *f;
	size_t i;

	(void)state;
	ms_buf_adds(&in, "head\n");
	for (i = 0; i < 250000; i++)
		ms_buf_addch(&in, 'a' + i % 26);
	ms_buf_adds(&in, ",\"");
	for (i = 0; i < 20000; i++)
		ms_buf_adds(&in, "\"\"");
	ms_buf_adds(&in, "\"\n");
	for (i = 0; i < 300001; i++)
		ms_buf_addch(&in, 'z');
	ms_buf_adds(&in, "\n");
	f = fmemopen(in.buf, in.len, "rb");
	c = ms_csv_open(f, "long.csv", &o);
	assert_int_equal(ms_csv_next(c, &row, &err), 1);
	assert_int_equal(ms_csv_next(c, &row, &err), 1);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.n, 2);
	assert_int_equal(row.len[0], 250000);
	assert_int_equal(row.field[0][249999], 'a' + 249999 % 26);
	assert_int_equal(row.len[1], 20000);
	assert_int_equal(strspn(row.field[1], "\""), 20000);
	assert_int_equal(ms_csv_next(c, &row, &err), -1);
	assert_string_equal(err.msg, "long.csv:3:1: record longer than 300000 bytes (记录过长)");
	ms_csv_free(c);
	fclose(f);
	ms_buf_release(&in);
}

/* Defaults (NULL opts) and the name accessor. */
static void test_csv_defaults(void **state)
{
	static const char in[] = "\"a\nb\"\n";
	struct ms_csv_row row;
	struct ms_err err;
	struct ms_csv *c;
	FILE *f;

	(void)state;
	f = fmemopen((void *)in, sizeof(in) - 1, "rb");
	c = ms_csv_open(f, "家庭.csv", NULL);
	assert_string_equal(ms_csv_name(c), "家庭.csv");
	assert_int_equal(ms_csv_next(c, &row, &err), -1);   /* multiline off by default */
	assert_string_equal(err.msg, "家庭.csv:1:1: quoted field spans lines (引号内换行); "
			    "is a closing quote missing?");
	ms_csv_free(c);
	fclose(f);
}

/* A stream that cannot be read gives an error naming the file, not a silent end. */
static void test_csv_read_error(void **state)
{
	struct ms_csv_row row;
	struct ms_err err;
	struct ms_csv *c;
	FILE *f;

	(void)state;
	f = fopen("/dev/null", "w");
	assert_non_null(f);
	c = ms_csv_open(f, "out.csv", NULL);
	assert_int_equal(ms_csv_next(c, &row, &err), -1);
	assert_string_equal(err.msg, "out.csv: read error after line 1: Bad file descriptor");
	ms_csv_free(c);
	fclose(f);
}

struct put_case {
	const char *in;
	size_t len;
	const char *want;
};

static const struct put_case put_cases[] = {
	{ "", 0, "" },
	{ "a", 1, "a" },
	{ " ", 1, "\" \"" },
	{ "a b", 3, "a b" },
	{ " a", 2, "\" a\"" },
	{ "a ", 2, "\"a \"" },
	{ "\"", 1, "\"\"\"\"" },
	{ "a,b", 3, "\"a,b\"" },
	{ "a\"b\"", 4, "\"a\"\"b\"\"\"" },
	{ "a\nb", 3, "\"a\nb\"" },
	{ "a\rb", 3, "\"a\rb\"" },
	{ "名称", 6, "名称" },
	{ "ab", 1, "a" },   /* only len bytes */
	{ "\xEF\xBB\xBF" "a", 4, "\"\xEF\xBB\xBF" "a\"" },   /* not a BOM on reading */
	{ "a\xEF\xBB\xBF", 4, "a\xEF\xBB\xBF" },
};

static void test_csv_put_field(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(put_cases) / sizeof(put_cases[0]); k++) {
		struct ms_buf b = MS_BUF_INIT;

		assert_int_equal(ms_csv_put_field(&b, put_cases[k].in, put_cases[k].len), 0);
		assert_string_equal(b.buf, put_cases[k].want);
		assert_int_equal(b.len, strlen(put_cases[k].want));
		ms_buf_release(&b);
	}
}

static void test_csv_put_field_cap(void **state)
{
	struct ms_buf b;

	(void)state;
	ms_buf_init(&b, 5);
	assert_int_equal(ms_csv_put_field(&b, "abcde", 5), 0);
	ms_buf_reset(&b);
	assert_int_equal(ms_csv_put_field(&b, "a,bc", 4), -1);   /* "a,bc" quoted is 6 */
	assert_int_equal(b.len, 0);
	assert_int_equal(ms_csv_put_field(&b, "a,b", 3), 0);
	assert_string_equal(b.buf, "\"a,b\"");
	ms_buf_release(&b);
}

/* a text cell that would start a formula gets a leading '; data and other text as it was */
static void test_csv_put_text(void **state)
{
	static const struct { const char *in, *want; } c[] = {
		{ "", "" }, { "x", "x" }, { "'=1", "'=1" }, { "a=1", "a=1" },
		{ "=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"" },
		{ "+1+1", "'+1+1" }, { "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0" },
		{ "@SUM(1+1)", "'@SUM(1+1)" }, { "\t=1+1", "'\t=1+1" }, { "\r=1+1", "\"'\r=1+1\"" },
		{ "=a,b", "\"'=a,b\"" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		struct ms_buf b = MS_BUF_INIT;

		assert_int_equal(ms_csv_put_text(&b, c[k].in, strlen(c[k].in)), 0);
		assert_string_equal(b.len ? b.buf : "", c[k].want);
		assert_int_equal(ms_csv_formula_risk(c[k].in, strlen(c[k].in)),
				 c[k].in[0] && strchr("=+-@\t\r", c[k].in[0]) != NULL);
		ms_buf_release(&b);
	}
	/* a figure is written as it is */
	{
		struct ms_buf b = MS_BUF_INIT;

		assert_int_equal(ms_csv_put_field(&b, "-5", 2), 0);
		assert_string_equal(b.buf, "-5");
		ms_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_table),
		cmocka_unit_test(test_csv_buffer_boundaries),
		cmocka_unit_test(test_csv_long_records),
		cmocka_unit_test(test_csv_defaults),
		cmocka_unit_test(test_csv_read_error),
		cmocka_unit_test(test_csv_put_field),
		cmocka_unit_test(test_csv_put_field_cap),
		cmocka_unit_test(test_csv_put_text),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
