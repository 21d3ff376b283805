/*
 * test_money.c - money in 分 and percentages in basis points: every accepted
 * spelling and the errors, the formats and their round trips, muldiv rounding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/money.h"

#include "core/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX MS_MONEY_MAX                /* 9223372036854775 分 */
#define E_NOT "not an amount of money; expected digits as in 885, 1,234.56 or 6000万元 (金额格式错误)"
#define E_GROUP "',' must separate groups of three digits (千分位分隔错误)"
#define E_BIG "magnitude above 92233720368547.75元 (金额超出上限)"
#define E_DEC2 "more than two decimals (超过两位小数)"

struct money_case {
	const char *in;
	int64_t fen;       /* expected, when err is NULL */
	const char *err;   /* expected message */
};

static const struct money_case money_cases[] = {
	/* the edges of the range */
	{ "92233720368547.75", MAX, NULL },
	{ "-92233720368547.75", -MAX, NULL },
	{ "92,233,720,368,547.75元", MAX, NULL },
	{ "92233720368547.76", 0, "\"92233720368547.76\": " E_BIG },
	{ "-92233720368547.76", 0, "\"-92233720368547.76\": " E_BIG },
	{ "9223372036.854775万", MAX, NULL },
	{ "9223372036.854776万", 0, "\"9223372036.854776万\": " E_BIG },
	{ "922337.2036854775亿", MAX, NULL },
	{ "922337.2036854776亿", 0, "\"922337.2036854776亿\": " E_BIG },
	{ "922338亿元", 0, "\"922338亿元\": " E_BIG },
	{ "-922337.2036854775亿元", -MAX, NULL },
	{ "99999999999999999999", 0, "\"99999999999999999999\": " E_BIG },
	{ "18446744073709551616", 0, "\"18446744073709551616\": " E_BIG },
	{ "00000000000000000000000885", 88500, NULL },
	{ "0", 0, NULL },
	{ "-0", 0, NULL },
	{ "0.00", 0, NULL },
	{ "0.01", 1, NULL },
	{ "-0.01", -1, NULL },
	{ "0.001", 0, "\"0.001\": " E_DEC2 },
	{ "12.340", 0, "\"12.340\": " E_DEC2 },
	{ "0.000001万", 1, NULL },
	{ "0.0000001万", 0, "\"0.0000001万\": more than 6 decimals of 万, a fraction of a 分 (不足一分)" },
	{ "0.0000000001亿", 1, NULL },
	{ "0.00000000001亿", 0, "\"0.00000000001亿\": more than 10 decimals of 亿, a fraction of a 分 (不足一分)" },
	/* plain yuan */
	{ "885", 88500, NULL },
	{ "885元", 88500, NULL },
	{ "  885  ", 88500, NULL },
	{ "\t885元\t", 88500, NULL },
	{ "　885　", 88500, NULL },
	{ "885.5", 88550, NULL },
	{ "12.00 元", 1200, NULL },
	{ "-12.5", -1250, NULL },
	{ "￥12", 1200, NULL },
	{ "¥12", 1200, NULL },
	{ "￥ 12.30", 1230, NULL },
	{ "-￥12", -1200, NULL },
	{ "￥-12", -1200, NULL },
	/* thousands separators */
	{ "1,234.56", 123456, NULL },
	{ "1,234,567.89", 123456789, NULL },
	{ "12,345", 1234500, NULL },
	{ "123,456元", 12345600, NULL },
	{ "1,23", 0, "\"1,23\": " E_GROUP },
	{ "1,2345", 0, "\"1,2345\": " E_GROUP },
	{ "1234,567", 0, "\"1234,567\": " E_GROUP },
	{ "1,234,56", 0, "\"1,234,56\": " E_GROUP },
	{ "1,23.45", 0, "\"1,23.45\": " E_GROUP },
	{ "0,123", 0, "\"0,123\": " E_GROUP },
	{ ",123", 0, "\",123\": " E_GROUP },
	{ "1,,234", 0, "\"1,,234\": " E_GROUP },
	{ "1,", 0, "\"1,\": " E_GROUP },
	{ "1.234,5", 0, "\"1.234,5\": unexpected \",5\" (无法识别的内容)" },
	/* 万 and 亿 */
	{ "6000万元", 6000000000, NULL },
	{ "6000万", 6000000000, NULL },
	{ "150亿元", 1500000000000, NULL },
	{ "0.3亿元", 3000000000, NULL },
	{ "33.495万", 33495000, NULL },
	{ "33.495 万 元", 33495000, NULL },
	{ "1.5亿", 15000000000, NULL },
	{ "-2.5万元", -2500000, NULL },
	{ "1,500万元", 1500000000, NULL },
	/* full-width */
	{ "８８５", 88500, NULL },
	{ "１２．５", 1250, NULL },
	{ "１,２３４．５６元", 123456, NULL },
	{ "６０００万元", 6000000000, NULL },
	{ "12．5", 1250, NULL },
	{ "12\xEF\xBC", 0, "\"12\xEF\xBC\": unexpected \"\xEF\xBC\" (无法识别的内容)" },
	{ "12：", 0, "\"12：\": unexpected \"：\" (无法识别的内容)" },
	/* not money */
	{ "", 0, "\"\": " E_NOT },
	{ "   ", 0, "\"\": " E_NOT },
	{ "元", 0, "\"元\": " E_NOT },
	{ "万元", 0, "\"万元\": " E_NOT },
	{ "￥", 0, "\"￥\": " E_NOT },
	{ "-", 0, "\"-\": " E_NOT },
	{ "--12", 0, "\"--12\": " E_NOT },
	{ "+12", 0, "\"+12\": " E_NOT },
	{ "abc", 0, "\"abc\": " E_NOT },
	{ "12abc", 0, "\"12abc\": unexpected \"abc\" (无法识别的内容)" },
	{ "12元元", 0, "\"12元元\": unexpected \"元\" (无法识别的内容)" },
	{ "12万亿", 0, "\"12万亿\": unexpected \"亿\" (无法识别的内容)" },
	{ "元12", 0, "\"元12\": " E_NOT },
	{ "12 34", 0, "\"12 34\": unexpected \"34\" (无法识别的内容)" },
	{ "1 234", 0, "\"1 234\": unexpected \"234\" (无法识别的内容)" },
	{ "1.2.3", 0, "\"1.2.3\": unexpected \".3\" (无法识别的内容)" },
	{ "12.", 0, "\"12.\": no digits after the decimal point (小数点后缺少数字)" },
	{ ".5", 0, "\".5\": no digits before the decimal point (小数点前缺少数字)" },
	{ "1e5", 0, "\"1e5\": unexpected \"e5\" (无法识别的内容)" },
	{ "12元整", 0, "\"12元整\": unexpected \"整\" (无法识别的内容)" },
	/* long input is quoted cut at a character boundary, the rest too */
	{ "1234567890123456789012345678901234567890123456789012345678901234567890",
	  0, "\"1234567890123456789012345678901234567890123456789012345678901234…\": " E_BIG },
	{ "1元一二三四五六七八九十", 0, "\"1元一二三四五六七八九十\": unexpected "
	  "\"一二三四五六七八…\" (无法识别的内容)" },
};

static void test_money_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < N(money_cases); k++) {
		const struct money_case *t = &money_cases[k];
		struct ms_err err = { "", MS_E_INVALID, "" };
		int64_t fen = 12345;
		int rc = ms_money_parse(t->in, strlen(t->in), &fen, &err);

		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("case %zu \"%s\": rc %d, message\n  got:  %s\n  want: %s",
					 k, t->in, rc, err.msg, t->err);
			assert_int_equal(fen, 12345);   /* untouched on error */
			continue;
		}
		if (rc != 0 || fen != t->fen)
			fail_msg("case %zu \"%s\": rc %d fen %lld, want %lld (%s)", k, t->in,
				 rc, (long long)fen, (long long)t->fen, err.msg);
	}
}

/* Only len bytes are read; a NUL inside is just a stray byte; err may be NULL. */
static void test_money_parse_len(void **state)
{
	int64_t fen;

	(void)state;
	assert_int_equal(ms_money_parse("885xyz", 3, &fen, NULL), 0);
	assert_int_equal(fen, 88500);
	assert_int_equal(ms_money_parse("6000万元", 7, &fen, NULL), 0);   /* "6000万" */
	assert_int_equal(fen, 6000000000);
	assert_int_equal(ms_money_parse("6000万元", 6, &fen, NULL), -1);  /* cut inside 万 */
	assert_int_equal(ms_money_parse("12\0", 3, &fen, NULL), -1);
	assert_int_equal(ms_money_parse("12", 0, &fen, NULL), -1);
}

/* Every accepted form goes through both formats and back unchanged. */
static void test_money_parse_roundtrip(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	int64_t fen, again;
	size_t k;
	int d;

	(void)state;
	for (k = 0; k < N(money_cases); k++) {
		if (money_cases[k].err)
			continue;
		assert_int_equal(ms_money_parse(money_cases[k].in, strlen(money_cases[k].in),
						&fen, &err), 0);
		for (d = 0; d < 2; d++) {
			ms_buf_reset(&b);
			assert_int_equal((d ? ms_money_format_display : ms_money_format)(&b, fen), 0);
			if (ms_money_parse(b.buf, b.len, &again, &err) != 0 || again != fen)
				fail_msg("\"%s\" -> %s -> %s", money_cases[k].in, b.buf, err.msg);
		}
	}
	ms_buf_release(&b);
}

struct format_case {
	int64_t fen;
	const char *plain, *display;
};

static const struct format_case format_cases[] = {
	{ MAX, "92233720368547.75", "92233720368547.75元" },
	{ -MAX, "-92233720368547.75", "-92233720368547.75元" },
	{ INT64_MAX, "92233720368547758.07", "92233720368547758.07元" },
	{ INT64_MIN, "-92233720368547758.08", "-92233720368547758.08元" },
	{ 0, "0.00", "0元" },
	{ 1, "0.01", "0.01元" },
	{ -1, "-0.01", "-0.01元" },
	{ 50, "0.50", "0.50元" },
	{ -50, "-0.50", "-0.50元" },
	{ 88500, "885.00", "885元" },
	{ 123456, "1234.56", "1234.56元" },
	{ 999999, "9999.99", "9999.99元" },
	{ 999900, "9999.00", "9999元" },
	{ 1000000, "10000.00", "1万元" },           /* 1万元 exactly */
	{ 1000001, "10000.01", "10000.01元" },      /* not a whole 元 */
	{ 1000100, "10001.00", "1.0001万元" },
	{ 33495000, "334950.00", "33.495万元" },
	{ 99999900, "999999.00", "99.9999万元" },
	{ 3000000000, "30000000.00", "3000万元" },  /* 0.3亿 is shown in 万 */
	{ 6000000000, "60000000.00", "6000万元" },
	{ 9999999900, "99999999.00", "9999.9999万元" },
	{ 10000000000, "100000000.00", "1亿元" },
	{ 10000000100, "100000001.00", "10000.0001万元" },
	{ 12345000000, "123450000.00", "1.2345亿元" },
	{ 12345600000, "123456000.00", "12345.6万元" },
	{ 12345678900, "123456789.00", "12345.6789万元" },
	{ 12345678901, "123456789.01", "123456789.01元" },
	{ 1500000000000, "15000000000.00", "150亿元" },
	{ -1500000000000, "-15000000000.00", "-150亿元" },
	{ 9223372036850000, "92233720368500.00", "9223372036.85万元" },
	{ 9223372036854700, "92233720368547.00", "9223372036.8547万元" },
};

static void test_money_format(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t k;

	(void)state;
	for (k = 0; k < N(format_cases); k++) {
		const struct format_case *t = &format_cases[k];

		ms_buf_reset(&b);
		assert_int_equal(ms_money_format(&b, t->fen), 0);
		if (strcmp(b.buf, t->plain) != 0)
			fail_msg("case %zu %lld: got %s, want %s", k, (long long)t->fen, b.buf,
				 t->plain);
		ms_buf_reset(&b);
		assert_int_equal(ms_money_format_display(&b, t->fen), 0);
		if (strcmp(b.buf, t->display) != 0)
			fail_msg("case %zu %lld: got %s, want %s", k, (long long)t->fen, b.buf,
				 t->display);
	}
	/* appends, and fails whole when the cap would be passed */
	ms_buf_reset(&b);
	ms_buf_adds(&b, "共");
	assert_int_equal(ms_money_format_display(&b, 6000000000), 0);
	assert_string_equal(b.buf, "共6000万元");
	ms_buf_release(&b);
	ms_buf_init(&b, 8);
	assert_int_equal(ms_money_format(&b, 88500), 0);      /* "885.00": 6 bytes */
	assert_int_equal(ms_money_format(&b, 88500), -1);
	assert_int_equal(ms_money_format_display(&b, 6000000000), -1);
	assert_int_equal(ms_pct_format(&b, 9500), -1);
	assert_string_equal(b.buf, "885.00");
	ms_buf_release(&b);
}

/* parse(format(v)) == v over the range: edges, powers of ten, and a spread of values. */
static void test_money_format_roundtrip(void **state)
{
	static const int64_t edges[] = { 0, 1, 99, 100, 101, 999999, 1000000, 1000099,
		9999999999, 10000000000, 10000999999, MAX - 1, MAX };
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	uint64_t x = 88172645463325252ULL;
	int64_t v, again;
	int64_t p;
	int k, z, sign, d;

	(void)state;
	for (k = 0; k < 20000; k++) {
		if (k < (int)N(edges)) {
			v = edges[k];
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;   /* xorshift64 */
			v = (int64_t)(x % (uint64_t)MAX);
			for (p = 1, z = 0; z < (int)(x >> 60) % 11; z++)
				p *= 10;                           /* favour round amounts */
			v -= v % p;
		}
		for (sign = 1; sign >= -1; sign -= 2)
			for (d = 0; d < 2; d++) {
				ms_buf_reset(&b);
				assert_int_equal((d ? ms_money_format_display : ms_money_format)
						 (&b, sign * v), 0);
				if (ms_money_parse(b.buf, b.len, &again, &err) != 0 ||
				    again != sign * v)
					fail_msg("%lld -> %s -> %s", (long long)(sign * v), b.buf,
						 err.msg);
			}
	}
	ms_buf_release(&b);
}

struct pct_case {
	const char *in;
	int64_t bp;
	enum ms_cmp cmp;
	const char *err;
};

#define E_PCT "not a percentage; expected digits as in 95%, 5.15% or 不低于95% (百分比格式错误)"

static const struct pct_case pct_cases[] = {
	/* edges */
	{ "0%", 0, MS_CMP_NONE, NULL },
	{ "0.01%", 1, MS_CMP_NONE, NULL },
	{ "1000000%", 100000000, MS_CMP_NONE, NULL },
	{ "1,000,000.00%", 100000000, MS_CMP_NONE, NULL },
	{ "1000000.01%", 0, 0, "\"1000000.01%\": above 1000000% (百分比超出上限)" },
	{ "99999999999999999999%", 0, 0, "\"99999999999999999999%\": above 1000000% (百分比超出上限)" },
	{ "-5%", 0, 0, "\"-5%\": a percentage cannot be negative (百分比不能为负)" },
	{ "不低于-5%", 0, 0, "\"不低于-5%\": a percentage cannot be negative (百分比不能为负)" },
	{ "5.155%", 0, 0, "\"5.155%\": more than two decimals (超过两位小数)" },
	/* plain */
	{ "95%", 9500, MS_CMP_NONE, NULL },
	{ "95％", 9500, MS_CMP_NONE, NULL },
	{ "９５％", 9500, MS_CMP_NONE, NULL },
	{ " 95 % ", 9500, MS_CMP_NONE, NULL },
	{ "3.65", 365, MS_CMP_NONE, NULL },
	{ "5.15%", 515, MS_CMP_NONE, NULL },
	{ "0.5%", 50, MS_CMP_NONE, NULL },
	{ "100%", 10000, MS_CMP_NONE, NULL },
	/* comparators */
	{ "50%以上", 5000, MS_CMP_GE, NULL },
	{ "95%及以上", 9500, MS_CMP_GE, NULL },
	{ "不低于95%", 9500, MS_CMP_GE, NULL },
	{ "不少于90%", 9000, MS_CMP_GE, NULL },
	{ "至少80%", 8000, MS_CMP_GE, NULL },
	{ "≥95%", 9500, MS_CMP_GE, NULL },
	{ ">= 95%", 9500, MS_CMP_GE, NULL },
	{ "5%以内", 500, MS_CMP_LE, NULL },
	{ "5%以下", 500, MS_CMP_LE, NULL },
	{ "5%及以下", 500, MS_CMP_LE, NULL },
	{ "不超过5%", 500, MS_CMP_LE, NULL },
	{ "不高于3.5%", 350, MS_CMP_LE, NULL },
	{ "不多于5%", 500, MS_CMP_LE, NULL },
	{ "≤5%", 500, MS_CMP_LE, NULL },
	{ "<=5%", 500, MS_CMP_LE, NULL },
	{ "达到95%", 9500, MS_CMP_EQ, NULL },
	{ "=95%", 9500, MS_CMP_EQ, NULL },
	{ "达到95%以上", 9500, MS_CMP_GE, NULL },
	{ "不低于95%以上", 9500, MS_CMP_GE, NULL },
	{ "95以上", 9500, MS_CMP_GE, NULL },
	{ "不低于95%以下", 0, 0, "\"不低于95%以下\": the comparators before and after the "
	  "figure disagree (比较词矛盾)" },
	/* not percentages */
	{ "", 0, 0, "\"\": " E_PCT },
	{ "%", 0, 0, "\"%\": " E_PCT },
	{ "以上", 0, 0, "\"以上\": " E_PCT },
	{ "不低于", 0, 0, "\"不低于\": " E_PCT },
	{ "95%%", 0, 0, "\"95%%\": unexpected \"%\" (无法识别的内容)" },
	{ "95%以上以下", 0, 0, "\"95%以上以下\": unexpected \"以下\" (无法识别的内容)" },
	{ "高于95%", 0, 0, "\"高于95%\": " E_PCT },
	{ "95.%", 0, 0, "\"95.%\": no digits after the decimal point (小数点后缺少数字)" },
	{ "9,5%", 0, 0, "\"9,5%\": " E_GROUP },
	{ "95‰", 0, 0, "\"95‰\": unexpected \"‰\" (无法识别的内容)" },
};

static void test_pct_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < N(pct_cases); k++) {
		const struct pct_case *t = &pct_cases[k];
		struct ms_err err = { "", MS_E_INVALID, "" };
		int64_t bp = 12345;
		enum ms_cmp cmp = (enum ms_cmp)99;
		int rc = ms_pct_parse(t->in, strlen(t->in), &bp, &cmp, &err);

		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("case %zu \"%s\": rc %d, message\n  got:  %s\n  want: %s",
					 k, t->in, rc, err.msg, t->err);
			assert_int_equal(bp, 12345);
			assert_int_equal(cmp, 99);
			continue;
		}
		if (rc != 0 || bp != t->bp || cmp != t->cmp)
			fail_msg("case %zu \"%s\": rc %d bp %lld cmp %d, want %lld %d (%s)", k,
				 t->in, rc, (long long)bp, cmp, (long long)t->bp, t->cmp, err.msg);
		/* a NULL cmp is allowed */
		assert_int_equal(ms_pct_parse(t->in, strlen(t->in), &bp, NULL, NULL), 0);
	}
}

struct pct_format_case {
	int64_t bp;
	const char *out;
};

static const struct pct_format_case pct_format_cases[] = {
	{ 0, "0%" },
	{ 1, "0.01%" },
	{ 10, "0.1%" },
	{ 50, "0.5%" },
	{ 515, "5.15%" },
	{ 9500, "95%" },
	{ 10000, "100%" },
	{ 100000000, "1000000%" },
	{ -50, "-0.5%" },
	{ INT64_MIN, "-92233720368547758.08%" },
};

static void test_pct_format(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	enum ms_cmp cmp;
	int64_t bp, again;
	size_t k;

	(void)state;
	for (k = 0; k < N(pct_format_cases); k++) {
		ms_buf_reset(&b);
		assert_int_equal(ms_pct_format(&b, pct_format_cases[k].bp), 0);
		assert_string_equal(b.buf, pct_format_cases[k].out);
	}
	/* every value in range, with each comparator symbol in front, reads back */
	for (bp = 0; bp <= 100000000; bp += bp < 20000 ? 1 : 99991) {
		for (cmp = MS_CMP_NONE; cmp <= MS_CMP_EQ; cmp++) {
			enum ms_cmp got;

			ms_buf_reset(&b);
			ms_buf_adds(&b, ms_cmp_symbol(cmp));
			assert_int_equal(ms_pct_format(&b, bp), 0);
			if (ms_pct_parse(b.buf, b.len, &again, &got, &err) != 0 || again != bp ||
			    got != cmp)
				fail_msg("%lld -> %s -> %s", (long long)bp, b.buf, err.msg);
		}
	}
	ms_buf_release(&b);
}

struct dec_case {
	const char *in;
	int scale;
	int64_t max, out;
	const char *err;
};

static const struct dec_case dec_cases[] = {
	{ "9.223372036854775807", 18, INT64_MAX, INT64_MAX, NULL },
	{ "-9.223372036854775807", 18, INT64_MAX, -INT64_MAX, NULL },
	{ "9.223372036854775808", 18, INT64_MAX, 0, "\"9.223372036854775808\": magnitude "
	  "above 9.223372036854775807 (超出上限)" },
	{ "9223372036854775807", 0, INT64_MAX, INT64_MAX, NULL },
	{ "9223372036854775808", 0, INT64_MAX, 0, "\"9223372036854775808\": magnitude above "
	  "9223372036854775807 (超出上限)" },
	{ "100", 0, 100, 100, NULL },
	{ "-100", 0, 100, -100, NULL },
	{ "101", 0, 100, 0, "\"101\": magnitude above 100 (超出上限)" },
	{ "-101", 0, 100, 0, "\"-101\": magnitude above 100 (超出上限)" },
	{ "1.01", 2, 100, 0, "\"1.01\": magnitude above 1.00 (超出上限)" },
	{ "0", 0, 0, 0, NULL },
	{ "0.5", 0, 100, 0, "\"0.5\": not a whole number (不是整数)" },
	{ "12.5", 2, INT64_MAX, 1250, NULL },
	{ "12.345", 2, INT64_MAX, 0, "\"12.345\": more than 2 decimals (超过2位小数)" },
	{ "12.3450", 4, INT64_MAX, 123450, NULL },
	{ " 7 ", 0, 100, 7, NULL },
	{ "1,000", 0, INT64_MAX, 1000, NULL },
	{ "１２", 0, 100, 12, NULL },
	{ "1,00", 0, INT64_MAX, 0, "\"1,00\": " E_GROUP },
	{ "", 0, 100, 0, "\"\": not a number (数字格式错误)" },
	{ "-", 0, 100, 0, "\"-\": not a number (数字格式错误)" },
	{ "12元", 2, INT64_MAX, 0, "\"12元\": unexpected \"元\" (无法识别的内容)" },
	{ "1", 19, INT64_MAX, 0, "ms_dec_parse: scale 19 or max 9223372036854775807 "
	  "out of range (参数错误)" },
	{ "1", -1, 100, 0, "ms_dec_parse: scale -1 or max 100 out of range (参数错误)" },
	{ "1", 0, -1, 0, "ms_dec_parse: scale 0 or max -1 out of range (参数错误)" },
};

static void test_dec_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < N(dec_cases); k++) {
		const struct dec_case *t = &dec_cases[k];
		struct ms_err err = { "", MS_E_INVALID, "" };
		int64_t out = 12345;
		int rc = ms_dec_parse(t->in, strlen(t->in), t->scale, t->max, &out, &err);

		if (t->err) {
			if (rc != -1 || strcmp(err.msg, t->err) != 0)
				fail_msg("case %zu \"%s\": rc %d, message\n  got:  %s\n  want: %s",
					 k, t->in, rc, err.msg, t->err);
			assert_int_equal(out, 12345);
			continue;
		}
		if (rc != 0 || out != t->out)
			fail_msg("case %zu \"%s\": rc %d out %lld, want %lld (%s)", k, t->in, rc,
				 (long long)out, (long long)t->out, err.msg);
	}
}

struct muldiv_case {
	int64_t a, b, c;
	int rc;
	int64_t out;
};

static const struct muldiv_case muldiv_cases[] = {
	/* overflow and bad divisors */
	{ INT64_MAX, INT64_MAX, INT64_MAX, 0, INT64_MAX },
	{ INT64_MIN, 1, 1, 0, INT64_MIN },
	{ INT64_MIN, -1, 1, -1, 0 },
	{ INT64_MAX, 2, 1, -1, 0 },
	{ INT64_MAX, 2, 2, 0, INT64_MAX },
	{ INT64_MIN, INT64_MIN, INT64_MAX, -1, 0 },
	{ INT64_MIN, INT64_MIN, INT64_MIN, -1, 0 },
	{ 1, 1, 0, -1, 0 },
	{ 1, 1, -1, -1, 0 },
	{ INT64_MAX, 1, 2, 0, 4611686018427387904 },    /* ...903.5 rounds up */
	{ INT64_MIN, 1, 2, 0, -4611686018427387904 },   /* exact */
	{ INT64_MIN + 1, 1, 2, 0, -4611686018427387904 }, /* ...903.5 rounds away */
	{ 1, 1, INT64_MAX, 0, 0 },
	/* half away from zero */
	{ 5, 1, 2, 0, 3 },
	{ -5, 1, 2, 0, -3 },
	{ 5, -1, 2, 0, -3 },
	{ 3, 1, 2, 0, 2 },
	{ 7, 1, 2, 0, 4 },
	{ -7, 1, 2, 0, -4 },
	{ 1, 1, 3, 0, 0 },
	{ 2, 1, 3, 0, 1 },
	{ -2, 1, 3, 0, -1 },
	{ 10, 1, 3, 0, 3 },
	{ 20, 1, 3, 0, 7 },
	{ 0, 12345, 7, 0, 0 },
	/* a share of a budget: 95% of 885元 */
	{ 88500, 9500, 10000, 0, 84075 },
	{ 1500000000000, 1, 3, 0, 500000000000 },
	{ 1000000000001, 1, 3, 0, 333333333334 },
};

static void test_muldiv_round(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < N(muldiv_cases); k++) {
		const struct muldiv_case *t = &muldiv_cases[k];
		int64_t out = 12345;
		int rc = ms_muldiv_round(t->a, t->b, t->c, &out);

		if (rc != t->rc || (rc == 0 && out != t->out) || (rc != 0 && out != 12345))
			fail_msg("case %zu %lld*%lld/%lld: rc %d out %lld, want %d %lld", k,
				 (long long)t->a, (long long)t->b, (long long)t->c, rc,
				 (long long)out, t->rc, (long long)t->out);
	}
}

static void test_cmp_symbol(void **state)
{
	(void)state;
	assert_string_equal(ms_cmp_symbol(MS_CMP_NONE), "");
	assert_string_equal(ms_cmp_symbol(MS_CMP_GE), "≥");
	assert_string_equal(ms_cmp_symbol(MS_CMP_LE), "≤");
	assert_string_equal(ms_cmp_symbol(MS_CMP_EQ), "=");
	assert_string_equal(ms_cmp_symbol((enum ms_cmp)99), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_parse_len),
		cmocka_unit_test(test_money_parse_roundtrip),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_format_roundtrip),
		cmocka_unit_test(test_pct_parse),
		cmocka_unit_test(test_pct_format),
		cmocka_unit_test(test_dec_parse),
		cmocka_unit_test(test_muldiv_round),
		cmocka_unit_test(test_cmp_symbol),
	};

	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
