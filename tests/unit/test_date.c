/*
 * test_date.c - civil dates: parsing every accepted spelling and the errors,
 * leap years, month arithmetic, China-time days and deadlines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"

#include "core/banned.h"

/* Unix time of y-m-d h:m:s at UTC+8, from the expected day numbers below. */
#define CN(day, h, m, s) ((time_t)(day) * 86400 + (h) * 3600 + (m) * 60 + (s) - 8 * 3600)

#define D_1900_01_01 (-25567)   /* date -u -d 1900-01-01 +%s / 86400 */
#define D_2199_12_31 84005
#define D_2023_06_30 19538
#define D_2024_02_29 19782

struct parse_case {
	const char *in;
	int y, m, d;         /* expected, when err is NULL */
	const char *err;     /* expected message */
};

static const struct parse_case parse_cases[] = {
	/* range edges */
	{ "1900-01-01", 1900, 1, 1, NULL },
	{ "2199-12-31", 2199, 12, 31, NULL },
	{ "1899-12-31", 0, 0, 0, "\"1899-12-31\": year outside 1900..2199 (年份超出范围)" },
	{ "2200-01-01", 0, 0, 0, "\"2200-01-01\": year outside 1900..2199 (年份超出范围)" },
	{ "0000-01-01", 0, 0, 0, "\"0000-01-01\": year outside 1900..2199 (年份超出范围)" },
	/* days and months that do not exist */
	{ "2023-02-29", 0, 0, 0, "\"2023-02-29\": no such day (日期不存在)" },
	{ "2023-02-30", 0, 0, 0, "\"2023-02-30\": no such day (日期不存在)" },
	{ "1900-02-29", 0, 0, 0, "\"1900-02-29\": no such day (日期不存在)" },
	{ "2023-06-31", 0, 0, 0, "\"2023-06-31\": no such day (日期不存在)" },
	{ "2023-06-00", 0, 0, 0, "\"2023-06-00\": no such day (日期不存在)" },
	{ "2023-13-01", 0, 0, 0, "\"2023-13-01\": no such month (月份不存在)" },
	{ "2023-00-10", 0, 0, 0, "\"2023-00-10\": no such month (月份不存在)" },
	{ "2023年2月29日", 0, 0, 0, "\"2023年2月29日\": no such day (日期不存在)" },
	/* leap days that do exist */
	{ "2000-02-29", 2000, 2, 29, NULL },
	{ "2024-02-29", 2024, 2, 29, NULL },
	/* spellings */
	{ "2023-06-30", 2023, 6, 30, NULL },
	{ "2023/6/30", 2023, 6, 30, NULL },
	{ "2023.6.30", 2023, 6, 30, NULL },
	{ "2023-6-3", 2023, 6, 3, NULL },
	{ "20230630", 2023, 6, 30, NULL },
	{ "2023年6月30日", 2023, 6, 30, NULL },
	{ "2023年06月03日", 2023, 6, 3, NULL },
	{ "２０２３年６月３０日", 2023, 6, 30, NULL },
	{ "２０２３－０６－３０", 2023, 6, 30, NULL },
	{ "２０２３０６３０", 2023, 6, 30, NULL },
	{ "2023／6／30", 2023, 6, 30, NULL },
	{ "  2023-06-30\t", 2023, 6, 30, NULL },
	{ "\xE3\x80\x80" "2023年6月30日" "\xE3\x80\x80", 2023, 6, 30, NULL },
	/* not dates */
	{ "", 0, 0, 0, "\"\": not a date; expected YYYY-MM-DD or YYYY年M月D日 (日期格式错误)" },
	{ "   ", 0, 0, 0, "\"\": not a date; expected YYYY-MM-DD or YYYY年M月D日 (日期格式错误)" },
	{ "2023-06-30x", 0, 0, 0, "\"2023-06-30x\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "2023-06-30 12:00", 0, 0, 0, "\"2023-06-30 12:00\": not a date; expected "
	  "YYYY-MM-DD or YYYY年M月D日 (日期格式错误)" },
	{ "2023-6/30", 0, 0, 0, "\"2023-6/30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "23-06-30", 0, 0, 0, "\"23-06-30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "2023-006-30", 0, 0, 0, "\"2023-006-30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "2023-06", 0, 0, 0, "\"2023-06\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "2023年6月30", 0, 0, 0, "\"2023年6月30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "202306301", 0, 0, 0, "\"202306301\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "2023-06--30", 0, 0, 0, "\"2023-06--30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
	{ "-2023-06-30", 0, 0, 0, "\"-2023-06-30\": not a date; expected YYYY-MM-DD or "
	  "YYYY年M月D日 (日期格式错误)" },
};

static void test_date_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(parse_cases) / sizeof(parse_cases[0]); k++) {
		const struct parse_case *t = &parse_cases[k];
		struct ms_err err = { "", MS_E_INVALID, "" };
		ms_day day = 12345, want;
		int rc = ms_date_parse(t->in, strlen(t->in), &day, &err);

		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("case %zu \"%s\": rc %d, message\n  got:  %s\n  want: %s",
					 k, t->in, rc, err.msg, t->err);
			assert_int_equal(day, 12345);   /* untouched on error */
			continue;
		}
		if (rc != 0)
			fail_msg("case %zu \"%s\": %s", k, t->in, err.msg);
		assert_int_equal(ms_date_from_ymd(t->y, t->m, t->d, &want, NULL), 0);
		assert_int_equal(day, want);
	}
}

/* Only len bytes are read; a NULL err is allowed. */
static void test_date_parse_len(void **state)
{
	ms_day day;

	(void)state;
	assert_int_equal(ms_date_parse("2023-06-30xyz", 10, &day, NULL), 0);
	assert_int_equal(day, D_2023_06_30);
	assert_int_equal(ms_date_parse("2023-06-30", 9, &day, NULL), 0);   /* 2023-06-3 */
	assert_int_equal(day, D_2023_06_30 - 27);
	assert_int_equal(ms_date_parse("2023-06-3", 0, &day, NULL), -1);
}

struct ymd_case {
	int y, m, d;
	ms_day day;   /* from `date -u -d Y-M-D +%s` / 86400 */
};

static const struct ymd_case ymd_cases[] = {
	{ 1900, 1, 1, D_1900_01_01 },
	{ 1969, 12, 31, -1 },
	{ 1970, 1, 1, 0 },
	{ 2000, 2, 29, 11016 },
	{ 2000, 3, 1, 11017 },
	{ 2023, 6, 30, D_2023_06_30 },
	{ 2024, 2, 29, D_2024_02_29 },
	{ 2199, 12, 31, D_2199_12_31 },
};

static void test_date_ymd(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(ymd_cases) / sizeof(ymd_cases[0]); k++) {
		const struct ymd_case *t = &ymd_cases[k];
		ms_day day;
		int y, m, d;

		assert_int_equal(ms_date_from_ymd(t->y, t->m, t->d, &day, NULL), 0);
		assert_int_equal(day, t->day);
		ms_date_to_ymd(t->day, &y, &m, &d);
		assert_int_equal(y, t->y);
		assert_int_equal(m, t->m);
		assert_int_equal(d, t->d);
	}
}

/* Every day in range converts both ways and follows the one before. */
static void test_date_every_day(void **state)
{
	ms_day day, prev = D_1900_01_01 - 1;
	int y, m, d, yy, mm, dd;

	(void)state;
	for (y = MS_YEAR_MIN; y <= MS_YEAR_MAX; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= ms_days_in_month(y, m); d++) {
				assert_int_equal(ms_date_from_ymd(y, m, d, &day, NULL), 0);
				assert_int_equal(day, prev + 1);
				ms_date_to_ymd(day, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
				prev = day;
			}
	assert_int_equal(prev, D_2199_12_31);
}

static void test_date_from_ymd_errors(void **state)
{
	struct ms_err err;
	ms_day day;

	(void)state;
	assert_int_equal(ms_date_from_ymd(2023, 2, 30, &day, &err), -1);
	assert_string_equal(err.msg, "\"2023-02-30\": no such day (日期不存在)");
	assert_int_equal(ms_date_from_ymd(2023, 13, 1, &day, &err), -1);
	assert_string_equal(err.msg, "\"2023-13-01\": no such month (月份不存在)");
	assert_int_equal(ms_date_from_ymd(1899, 12, 31, &day, &err), -1);
	assert_string_equal(err.msg, "\"1899-12-31\": year outside 1900..2199 (年份超出范围)");
	assert_int_equal(ms_date_from_ymd(2023, 1, -1, &day, &err), -1);
	assert_string_equal(err.msg, "\"2023-01--1\": no such day (日期不存在)");
}

struct dim_case {
	int y, m, days;
};

static const struct dim_case dim_cases[] = {
	{ 2023, 0, 0 }, { 2023, 13, 0 },
	{ 1900, 2, 28 }, { 2000, 2, 29 }, { 2023, 2, 28 }, { 2024, 2, 29 }, { 2100, 2, 28 },
	{ 2023, 1, 31 }, { 2023, 4, 30 }, { 2023, 12, 31 },
};

static void test_days_in_month(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(dim_cases) / sizeof(dim_cases[0]); k++)
		if (ms_days_in_month(dim_cases[k].y, dim_cases[k].m) != dim_cases[k].days)
			fail_msg("%d-%d: want %d", dim_cases[k].y, dim_cases[k].m, dim_cases[k].days);
}

static void test_date_diff(void **state)
{
	ms_day a, b;

	(void)state;
	assert_int_equal(ms_date_parse("2023-03-01", 10, &a, NULL), 0);
	assert_int_equal(ms_date_parse("2024-02-29", 10, &b, NULL), 0);
	assert_int_equal(ms_date_diff(a, b), 365);
	assert_int_equal(ms_date_diff(b, a), -365);
	assert_int_equal(ms_date_add_days(a, 365), b);
	assert_int_equal(ms_date_parse("1900-03-01", 10, &a, NULL), 0);
	assert_int_equal(ms_date_parse("1900-02-28", 10, &b, NULL), 0);
	assert_int_equal(ms_date_diff(b, a), 1);   /* 1900 is not leap */
}

struct months_case {
	const char *from;
	int n;
	const char *want;   /* the date, or NULL when err is expected */
	const char *err;
};

static const struct months_case months_cases[] = {
	{ "1900-01-31", -1, NULL,
	  "1900-01-31 -1 months: year 1899 outside 1900..2199 (年份超出范围)" },
	{ "2199-12-01", 1, NULL,
	  "2199-12-01 +1 months: year 2200 outside 1900..2199 (年份超出范围)" },
	{ "2023-01-31", -2147483647 - 1, NULL,
	  "2023-01-31 -2147483648 months: year -178954948 outside 1900..2199 (年份超出范围)" },
	{ "2199-12-01", -3599, "1900-01-01", NULL },
	{ "2023-01-31", 1, "2023-02-28", NULL },
	{ "2024-01-31", 1, "2024-02-29", NULL },
	{ "2023-03-31", -1, "2023-02-28", NULL },
	{ "2023-05-31", 1, "2023-06-30", NULL },
	{ "2023-06-30", 0, "2023-06-30", NULL },
	{ "2023-11-15", 2, "2024-01-15", NULL },
	{ "2023-01-15", -13, "2021-12-15", NULL },
	{ "2024-02-29", 12, "2025-02-28", NULL },
	{ "2024-02-29", 48, "2028-02-29", NULL },
};

static void test_date_add_months(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(months_cases) / sizeof(months_cases[0]); k++) {
		const struct months_case *t = &months_cases[k];
		struct ms_buf b = MS_BUF_INIT;
		struct ms_err err = { "", MS_E_INVALID, "" };
		ms_day a, out = 777;
		int rc;

		assert_int_equal(ms_date_parse(t->from, strlen(t->from), &a, NULL), 0);
		rc = ms_date_add_months(a, t->n, &out, &err);
		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("%s %+d months: rc %d\n  got:  %s\n  want: %s",
					 t->from, t->n, rc, err.msg, t->err);
			assert_int_equal(out, 777);
			continue;
		}
		assert_int_equal(rc, 0);
		ms_date_format(&b, out);
		if (strcmp(b.buf, t->want) != 0)
			fail_msg("%s %+d months: got %s, want %s", t->from, t->n, b.buf, t->want);
		ms_buf_release(&b);
	}
}

static void test_date_format(void **state)
{
	struct ms_buf b = MS_BUF_INIT;

	(void)state;
	assert_int_equal(ms_date_format(&b, D_1900_01_01), 0);
	assert_int_equal(ms_buf_addch(&b, ' '), 0);
	assert_int_equal(ms_date_format_cn(&b, D_2023_06_30), 0);
	assert_int_equal(ms_buf_addch(&b, ' '), 0);
	assert_int_equal(ms_date_format_cn(&b, D_2199_12_31), 0);
	assert_string_equal(b.buf, "1900-01-01 2023年6月30日 2199年12月31日");
	ms_buf_release(&b);
	ms_buf_init(&b, 9);
	assert_int_equal(ms_date_format(&b, 0), -1);   /* past the cap */
	assert_int_equal(b.len, 0);
	ms_buf_release(&b);
}

struct month_case {
	const char *in;
	int y, m;
	const char *err;
};

static const struct month_case month_cases[] = {
	{ "1900-01", 1900, 1, NULL },
	{ "2199-12", 2199, 12, NULL },
	{ "1899-12", 0, 0, "\"1899-12\": year outside 1900..2199 (年份超出范围)" },
	{ "2023-13", 0, 0, "\"2023-13\": no such month (月份不存在)" },
	{ "2023-00", 0, 0, "\"2023-00\": no such month (月份不存在)" },
	{ "2023-07", 2023, 7, NULL },
	{ "2023-7", 2023, 7, NULL },
	{ "2023/7", 2023, 7, NULL },
	{ "202307", 2023, 7, NULL },
	{ "2023年7月", 2023, 7, NULL },
	{ "２０２３年１２月", 2023, 12, NULL },
	{ " 2023年07月 ", 2023, 7, NULL },
	{ "", 0, 0, "\"\": not a month; expected YYYY-MM or YYYY年M月 (月份格式错误)" },
	{ "2023-07-01", 0, 0, "\"2023-07-01\": not a month; expected YYYY-MM or "
	  "YYYY年M月 (月份格式错误)" },
	{ "2023年7", 0, 0, "\"2023年7\": not a month; expected YYYY-MM or YYYY年M月 (月份格式错误)" },
	{ "2023-007", 0, 0, "\"2023-007\": not a month; expected YYYY-MM or "
	  "YYYY年M月 (月份格式错误)" },
};

static void test_month_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(month_cases) / sizeof(month_cases[0]); k++) {
		const struct month_case *t = &month_cases[k];
		struct ms_err err = { "", MS_E_INVALID, "" };
		int y = -1, m = -1;
		int rc = ms_month_parse(t->in, strlen(t->in), &y, &m, &err);

		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("\"%s\": rc %d\n  got:  %s\n  want: %s", t->in, rc,
					 err.msg, t->err);
			assert_true(y == -1 && m == -1);
			continue;
		}
		if (rc != 0)
			fail_msg("\"%s\": %s", t->in, err.msg);
		assert_int_equal(y, t->y);
		assert_int_equal(m, t->m);
	}
}

struct time_case {
	time_t t;
	ms_day day;       /* the China date at t */
	ms_day due;       /* a deadline to test against t */
	int late;
};

static const struct time_case time_cases[] = {
	/* around the Unix epoch, on both sides of zero */
	{ 0, 0, 0, 0 },
	{ -1, 0, 0, 0 },
	{ -8 * 3600, 0, -1, 1 },
	{ -8 * 3600 - 1, -1, -1, 0 },
	{ 16 * 3600 - 1, 0, 0, 0 },
	{ 16 * 3600, 1, 0, 1 },
	{ -86400 - 8 * 3600, -1, -2, 1 },
	{ -86400 - 8 * 3600 - 1, -2, -2, 0 },
	/* the deadline 2023-06-30 */
	{ CN(D_2023_06_30, 0, 0, 0), D_2023_06_30, D_2023_06_30, 0 },
	{ CN(D_2023_06_30, 23, 59, 59), D_2023_06_30, D_2023_06_30, 0 },
	{ CN(D_2023_06_30 + 1, 0, 0, 0), D_2023_06_30 + 1, D_2023_06_30, 1 },
	{ 1688140799, D_2023_06_30, D_2023_06_30, 0 },       /* 2023-06-30T15:59:59Z */
	{ 1688140800, D_2023_06_30 + 1, D_2023_06_30, 1 },   /* 2023-06-30T16:00:00Z */
	{ CN(D_2023_06_30 - 1, 12, 0, 0), D_2023_06_30 - 1, D_2023_06_30, 0 },
	/* range edges */
	{ CN(D_1900_01_01, 0, 0, 0), D_1900_01_01, D_1900_01_01, 0 },
	{ CN(D_1900_01_01, 0, 0, 0) - 1, D_1900_01_01 - 1, D_1900_01_01 - 2, 1 },
	{ CN(D_2199_12_31, 23, 59, 59), D_2199_12_31, D_2199_12_31, 0 },
	{ CN(D_2199_12_31 + 1, 0, 0, 0), D_2199_12_31 + 1, D_2199_12_31, 1 },
};

static void test_date_time_cn(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(time_cases) / sizeof(time_cases[0]); k++) {
		const struct time_case *t = &time_cases[k];

		if (ms_date_of_time_cn(t->t) != t->day)
			fail_msg("case %zu: t=%lld: day %d, want %d", k, (long long)t->t,
				 ms_date_of_time_cn(t->t), t->day);
		if (ms_date_is_late(t->due, t->t) != t->late)
			fail_msg("case %zu: t=%lld due %d: late %d, want %d", k, (long long)t->t,
				 t->due, ms_date_is_late(t->due, t->t), t->late);
		/* late exactly when the China date has passed the deadline */
		assert_int_equal(ms_date_is_late(t->due, t->t), ms_date_of_time_cn(t->t) > t->due);
	}
}

/* The extremes of time_t do not overflow. */
static void test_date_time_extremes(void **state)
{
	time_t big = (time_t)INT64_MAX, small = (time_t)INT64_MIN;

	(void)state;
	assert_int_equal(ms_date_of_time_cn(big), INT32_MAX);
	assert_int_equal(ms_date_of_time_cn(small), INT32_MIN);
	assert_int_equal(ms_date_is_late(D_2023_06_30, big), 1);
	assert_int_equal(ms_date_is_late(D_2023_06_30, small), 0);
	assert_int_equal(ms_date_is_late(INT32_MAX, small), 0);
	assert_int_equal(ms_date_is_late(INT32_MIN, big), 1);
}

/* The journal's UTC stamps in Beijing time: +8 hours, across a day and a year; anything else refused. */
static void test_stamp_cn(void **state)
{
	struct ms_buf b = MS_BUF_INIT;

	(void)state;
	assert_int_equal(ms_stamp_format_cn(&b, "2023-07-07T02:00:00Z", 1), 0);
	assert_string_equal(b.buf, "2023-07-07 10:00:00");
	ms_buf_reset(&b);
	assert_int_equal(ms_stamp_format_cn(&b, "2023-12-31T16:30:09Z", 0), 0);
	assert_string_equal(b.buf, "2024-01-01 00:30");
	ms_buf_reset(&b);
	assert_int_equal(ms_stamp_format_cn(&b, "2023-07-07 02:00:00", 1), -1);
	assert_int_equal(ms_stamp_format_cn(&b, "2023-02-30T02:00:00Z", 1), -1);
	assert_int_equal(ms_stamp_format_cn(&b, "2023-07-07T24:00:00Z", 1), -1);
	assert_int_equal((int)b.len, 0);
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_parse_len),
		cmocka_unit_test(test_date_ymd),
		cmocka_unit_test(test_date_every_day),
		cmocka_unit_test(test_date_from_ymd_errors),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_date_diff),
		cmocka_unit_test(test_date_add_months),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_month_parse),
		cmocka_unit_test(test_date_time_cn),
		cmocka_unit_test(test_date_time_extremes),
		cmocka_unit_test(test_stamp_cn),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
