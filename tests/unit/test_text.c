/*
 * test_text.c - UTF-8 decoding and validation, full-width folding, display
 * width, and Chinese numerals both ways, including a parse(format(n)) sweep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define S(lit) lit, sizeof(lit) - 1   /* a literal and its length, NULs included */

/* ---- UTF-8 ---- */

static const struct utf8_case {
	const char *s;
	size_t len;
	int valid;
	size_t bad;      /* first bad byte when !valid */
	uint32_t cp;     /* first code point when the first sequence is good */
	size_t step;     /* its length; 0 when the first sequence is bad */
} utf8_cases[] = {
	/* boundaries of each sequence length */
	{ S(""), 1, 0, 0, 0 },
	{ S("\0"), 1, 0, 0x00, 1 },
	{ S("\x7F"), 1, 0, 0x7F, 1 },
	{ S("\xC2\x80"), 1, 0, 0x80, 2 },
	{ S("\xDF\xBF"), 1, 0, 0x7FF, 2 },
	{ S("\xE0\xA0\x80"), 1, 0, 0x800, 3 },
	{ S("\xED\x9F\xBF"), 1, 0, 0xD7FF, 3 },   /* just below the surrogates */
	{ S("\xEE\x80\x80"), 1, 0, 0xE000, 3 },   /* just above them */
	{ S("\xEF\xBF\xBF"), 1, 0, 0xFFFF, 3 },
	{ S("\xF0\x90\x80\x80"), 1, 0, 0x10000, 4 },
	{ S("\xF4\x8F\xBF\xBF"), 1, 0, 0x10FFFF, 4 },
	{ S("中文"), 1, 0, 0x4E2D, 3 },
	{ S("a中😀"), 1, 0, 'a', 1 },
	/* stray continuation bytes and bytes that never start a sequence */
	{ S("\x80"), 0, 0, 0, 0 },
	{ S("\xBF"), 0, 0, 0, 0 },
	{ S("ab\x80"), 0, 2, 'a', 1 },
	{ S("\xF5\x80\x80\x80"), 0, 0, 0, 0 },
	{ S("\xFE"), 0, 0, 0, 0 },
	{ S("\xFF"), 0, 0, 0, 0 },
	/* overlong forms */
	{ S("\xC0\x80"), 0, 0, 0, 0 },
	{ S("\xC1\xBF"), 0, 0, 0, 0 },
	{ S("\xE0\x80\x80"), 0, 0, 0, 0 },
	{ S("\xE0\x9F\xBF"), 0, 0, 0, 0 },
	{ S("\xF0\x80\x80\x80"), 0, 0, 0, 0 },
	{ S("\xF0\x8F\xBF\xBF"), 0, 0, 0, 0 },
	/* surrogates and past U+10FFFF */
	{ S("\xED\xA0\x80"), 0, 0, 0, 0 },
	{ S("\xED\xBF\xBF"), 0, 0, 0, 0 },
	{ S("\xF4\x90\x80\x80"), 0, 0, 0, 0 },
	/* truncated sequences */
	{ S("\xC2"), 0, 0, 0, 0 },
	{ S("\xE4\xB8"), 0, 0, 0, 0 },
	{ S("\xF0\x9F\x98"), 0, 0, 0, 0 },
	{ S("中文\xE4"), 0, 6, 0x4E2D, 3 },
	/* a continuation byte missing in the middle */
	{ S("\xC2\x41"), 0, 0, 0, 0 },
	{ S("\xE4\x41\xAD"), 0, 0, 0, 0 },
	{ S("\xE4\xB8\x41"), 0, 0, 0, 0 },
	{ S("\xF0\x9F\x41\x80"), 0, 0, 0, 0 },
	{ S("\xE4\xB8\xAD\xC0\xAD"), 0, 3, 0x4E2D, 3 },
};

static void test_utf8_valid_and_decode(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(utf8_cases); k++) {
		const struct utf8_case *c = &utf8_cases[k];
		size_t bad = 12345, i = 0;
		uint32_t cp = 0xABCD;
		int rc;

		if (ms_utf8_valid(c->s, c->len, &bad) != c->valid)
			fail_msg("row %zu: valid should be %d", k, c->valid);
		if (!c->valid && bad != c->bad)
			fail_msg("row %zu: bad byte %zu, want %zu", k, bad, c->bad);
		if (c->valid)
			assert_int_equal(bad, 12345);   /* untouched */
		if (c->len == 0)
			continue;
		rc = ms_utf8_decode(c->s, c->len, &i, &cp);
		if (c->step == 0) {
			if (rc != -1 || i != 0)
				fail_msg("row %zu: decode should fail and leave i at 0", k);
		} else if (rc != 0 || i != c->step || cp != c->cp) {
			fail_msg("row %zu: decode gave rc %d, i %zu, U+%04X", k, rc, i, (unsigned)cp);
		}
	}
}

static void test_utf8_decode_past_end(void **state)
{
	size_t i = 1;
	uint32_t cp;

	(void)state;
	assert_int_equal(ms_utf8_decode("a", 1, &i, &cp), -1);
	assert_int_equal(i, 1);
	assert_int_equal(ms_utf8_valid("a\x80", 2, NULL), 0);   /* bad may be NULL */
}

static const struct {
	uint32_t cp;
	const char *want;   /* NULL: not encodable */
} encode_cases[] = {
	{ 0x00, "" },   /* one NUL byte; checked by length below */
	{ 0x7F, "\x7F" },
	{ 0x80, "\xC2\x80" },
	{ 0x7FF, "\xDF\xBF" },
	{ 0x800, "\xE0\xA0\x80" },
	{ 0xD7FF, "\xED\x9F\xBF" },
	{ 0xD800, NULL },
	{ 0xDFFF, NULL },
	{ 0xE000, "\xEE\x80\x80" },
	{ 0xFFFF, "\xEF\xBF\xBF" },
	{ 0x10000, "\xF0\x90\x80\x80" },
	{ 0x10FFFF, "\xF4\x8F\xBF\xBF" },
	{ 0x110000, NULL },
	{ 0xFFFFFFFF, NULL },
	{ 0x4E2D, "中" },
};

static void test_utf8_encode(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(encode_cases); k++) {
		ms_buf_reset(&b);
		ms_buf_adds(&b, "x");
		if (!encode_cases[k].want) {
			assert_int_equal(ms_utf8_encode(&b, encode_cases[k].cp), -1);
			assert_string_equal(b.buf, "x");
			continue;
		}
		assert_int_equal(ms_utf8_encode(&b, encode_cases[k].cp), 0);
		if (encode_cases[k].cp == 0) {
			assert_int_equal(b.len, 2);
			assert_int_equal(b.buf[1], '\0');
			continue;
		}
		assert_string_equal(b.buf + 1, encode_cases[k].want);
	}
	ms_buf_release(&b);

	/* a cap too small for the whole sequence leaves the buffer as it was */
	ms_buf_init(&b, 3);
	assert_int_equal(ms_buf_adds(&b, "a"), 0);
	assert_int_equal(ms_utf8_encode(&b, 0x4E2D), -1);
	assert_string_equal(b.buf, "a");
	assert_int_equal(ms_utf8_encode(&b, 0xE9), 0);
	assert_string_equal(b.buf, "a\xC3\xA9");
	ms_buf_release(&b);
}

/* Every scalar value encodes, decodes back, and validates. */
static void test_utf8_all_code_points(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	uint32_t cp, got;
	size_t i;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp == 0xD800)
			cp = 0xE000;
		ms_buf_reset(&b);
		assert_int_equal(ms_utf8_encode(&b, cp), 0);
		i = 0;
		if (ms_utf8_decode(b.buf, b.len, &i, &got) != 0 || got != cp || i != b.len)
			fail_msg("U+%04X does not survive encode and decode", (unsigned)cp);
		if (!ms_utf8_valid(b.buf, b.len, NULL))
			fail_msg("U+%04X encoded is not valid", (unsigned)cp);
	}
	ms_buf_release(&b);
}

/* ---- full-width folding ---- */

static const struct {
	const char *in;
	size_t len;
	const char *want;   /* NULL: an error, err below */
	size_t wlen;
	const char *err;
} norm_cases[] = {
	{ S(""), S(""), NULL },
	{ S("abc"), S("abc"), NULL },
	{ S("\0a"), S("\0a"), NULL },   /* a NUL passes through */
	{ S("！"), S("!"), NULL },       /* U+FF01, the first folded */
	{ S("～"), S("~"), NULL },       /* U+FF5E, the last folded */
	{ S("｟"), S("｟"), NULL },      /* U+FF5F stays */
	{ S("＀"), S("＀"), NULL },      /* U+FF00 stays */
	{ S("　"), S(" "), NULL },       /* U+3000 ideographic space */
	{ S("、。"), S("、。"), NULL },  /* other CJK punctuation stays */
	{ S("ｱ￥"), S("ｱ￥"), NULL },    /* half-width katakana, full-width yen stay */
	{ S("１０"), S("10"), NULL },
	{ S("（一）"), S("(一)"), NULL },
	{ S("Ａｂ＠"), S("Ab@"), NULL },
	{ S("第１２３号　项目"), S("第123号 项目"), NULL },
	{ S("\xC0\x80"), NULL, 0, "invalid UTF-8 at byte 0 (0xC0)" },
	{ S("ab\xFF"), NULL, 0, "invalid UTF-8 at byte 2 (0xFF)" },
	{ S("１\xE4\xB8"), NULL, 0, "invalid UTF-8 at byte 3 (0xE4)" },
	{ S("项目\xED\xA0\x80"), NULL, 0, "invalid UTF-8 at byte 6 (0xED)" },
};

static void test_normalize(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(norm_cases); k++) {
		struct ms_buf b = MS_BUF_INIT;
		struct ms_err err = { "", MS_E_INVALID, "" };

		ms_buf_adds(&b, "前");   /* appends, and leaves this alone on error */
		if (!norm_cases[k].want) {
			assert_int_equal(ms_text_normalize(&b, norm_cases[k].in, norm_cases[k].len, &err), -1);
			assert_string_equal(err.msg, norm_cases[k].err);
			assert_string_equal(b.buf, "前");
		} else {
			assert_int_equal(ms_text_normalize(&b, norm_cases[k].in, norm_cases[k].len, &err), 0);
			assert_int_equal(b.len, 3 + norm_cases[k].wlen);
			assert_memory_equal(b.buf + 3, norm_cases[k].want, norm_cases[k].wlen);
		}
		ms_buf_release(&b);
	}
}

static void test_normalize_cap(void **state)
{
	struct ms_buf b;
	struct ms_err err;

	(void)state;
	ms_buf_init(&b, 3);
	assert_int_equal(ms_text_normalize(&b, S("１２３"), &err), 0);
	assert_string_equal(b.buf, "123");
	ms_buf_reset(&b);
	assert_int_equal(ms_text_normalize(&b, S("１２３４"), &err), -1);
	assert_int_equal(b.len, 0);
	assert_string_equal(err.msg, "normalized text passes the 3-byte limit at input byte 9");
	assert_int_equal(ms_text_normalize(&b, S("中文"), NULL), -1);   /* err may be NULL */
	assert_int_equal(b.len, 0);
	ms_buf_release(&b);
}

/* ---- display width ---- */

static const struct {
	const char *s;
	size_t len;
	size_t want;
} width_cases[] = {
	{ S(""), 0 },
	{ S("a"), 1 },
	{ S("\t"), 0 },                /* controls take no column */
	{ S("\x7F"), 0 },
	{ S("\xC2\x85"), 0 },          /* U+0085, a C1 control */
	{ S("\xC2\xA0"), 1 },          /* U+00A0 no-break space */
	{ S("\xC2\xAD"), 1 },          /* U+00AD soft hyphen, as glibc */
	{ S("abc"), 3 },
	{ S("é"), 1 },
	{ S("e\xCC\x81"), 1 },         /* e + U+0301 combining acute */
	{ S("\xE2\x80\x8B"), 0 },      /* U+200B zero width space */
	{ S("\xE1\x84\x80"), 2 },      /* U+1100 Hangul choseong, first wide */
	{ S("中"), 2 },
	{ S("中文abc"), 7 },
	{ S("㐀"), 2 },                /* U+3400, CJK extension A */
	{ S("𠀀"), 2 },                /* U+20000, extension B */
	{ S("　"), 2 },                /* U+3000 */
	{ S("、"), 2 },
	{ S("〇"), 2 },
	{ S("〿"), 1 },                /* U+303F half fill space is narrow */
	{ S("\xE3\x80\xAA"), 0 },      /* U+302A, a combining tone mark */
	{ S("あア"), 4 },
	{ S("한"), 2 },
	{ S("１"), 2 },
	{ S("｠"), 2 },                /* U+FF60, last of the full-width block */
	{ S("｡"), 1 },                /* U+FF61, half-width */
	{ S("ｱ"), 1 },
	{ S("￥"), 2 },                /* U+FFE5 */
	{ S("😀"), 2 },
	{ S("\xFF"), 1 },              /* bad bytes take one column each */
	{ S("\xE4\xB8"), 2 },
	{ S("a\x80" "b"), 3 },
	{ S("中\xE4"), 3 },
};

static void test_width(void **state)
{
	size_t k, w;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(width_cases); k++) {
		w = ms_text_width(width_cases[k].s, width_cases[k].len);
		if (w != width_cases[k].want)
			fail_msg("row %zu: width %zu, want %zu", k, w, width_cases[k].want);
	}
}

/* ---- Chinese numerals ---- */

#define E16 INT64_C(10000000000000000)

static const struct {
	const char *in;
	int64_t want;
	const char *err;    /* NULL: parses to want */
} parse_cases[] = {
	/* edges: the smallest and largest, single characters */
	{ "零", 0, NULL },
	{ "〇", 0, NULL },
	{ "一", 1, NULL },
	{ "九", 9, NULL },
	{ "两", 2, NULL },
	{ "十", 10, NULL },
	{ "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九", E16 - 1, NULL },
	{ "九九九九九九九九九九九九九九九九", E16 - 1, NULL },
	/* tens */
	{ "十一", 11, NULL },
	{ "一十五", 15, NULL },
	{ "二十", 20, NULL },
	{ "九十九", 99, NULL },
	/* sections with 零 */
	{ "一百", 100, NULL },
	{ "一百零五", 105, NULL },
	{ "一百一十", 110, NULL },
	{ "一百十", 110, NULL },
	{ "一千零一", 1001, NULL },
	{ "一千〇一", 1001, NULL },
	{ "一千零一十", 1010, NULL },
	{ "一千零十", 1010, NULL },
	{ "一千五十", 1050, NULL },   /* a missing 零 before a unit is forgiven */
	{ "一千一百", 1100, NULL },
	/* 万 and 亿 */
	{ "两万", 20000, NULL },
	{ "一万零一十", 10010, NULL },
	{ "十万", 100000, NULL },
	{ "二十万三千", 203000, NULL },
	{ "二十万零三千", 203000, NULL },
	{ "三千万", 30000000, NULL },
	{ "一亿", 100000000, NULL },
	{ "一亿零三", 100000003, NULL },
	{ "一亿零三千", 100003000, NULL },
	{ "一亿零一十万", 100100000, NULL },
	{ "一万亿", 1000000000000, NULL },
	{ "一万零一亿", 1000100000000, NULL },
	{ "一万三千亿五千万", 1300050000000, NULL },
	{ "一万亿零一万", 1000000010000, NULL },
	/* financial and traditional forms */
	{ "壹佰贰拾叁", 123, NULL },
	{ "叁仟肆佰伍拾陆", 3456, NULL },
	{ "柒捌玖", 789, NULL },
	{ "貳拾", 20, NULL },
	{ "兩萬", 20000, NULL },
	{ "壹億", 100000000, NULL },
	{ "拾", 10, NULL },
	/* plain runs of digits */
	{ "二〇二三", 2023, NULL },
	{ "一九", 19, NULL },
	{ "〇〇七", 7, NULL },
	{ "零一", 1, NULL },
	/* errors */
	{ "", 0, "Chinese numeral \"\": empty" },
	{ "十十", 0, "Chinese numeral \"十十\": 十 at byte 3 is out of order: places must fall" },
	{ "一百二千", 0, "Chinese numeral \"一百二千\": 千 at byte 9 is out of order: places must fall" },
	{ "一百千", 0, "Chinese numeral \"一百千\": 千 at byte 6 needs a digit before it" },
	{ "百", 0, "Chinese numeral \"百\": 百 at byte 0 needs a digit before it" },
	{ "千", 0, "Chinese numeral \"千\": 千 at byte 0 needs a digit before it" },
	{ "万", 0, "Chinese numeral \"万\": 万 at byte 0 has no number before it" },
	{ "亿", 0, "Chinese numeral \"亿\": 亿 at byte 0 has no number before it" },
	{ "万一万", 0, "Chinese numeral \"万一万\": 万 at byte 0 has no number before it" },
	{ "一万一万", 0, "Chinese numeral \"一万一万\": second 万 at byte 9" },
	{ "一亿万", 0, "Chinese numeral \"一亿万\": 万 at byte 6 has no number before it" },
	{ "一亿一亿", 0, "Chinese numeral \"一亿一亿\": second 亿 at byte 9" },
	{ "一二十", 0, "Chinese numeral \"一二十\": 二 at byte 3 follows the digit 一 without a unit" },
	{ "十一零", 0, "Chinese numeral \"十一零\": 零 at byte 6 follows the digit 一 without a unit" },
	{ "一百一", 0, "Chinese numeral \"一百一\": ambiguous abbreviation at byte 6: write 零一 or 一十" },
	{ "一千五", 0, "Chinese numeral \"一千五\": ambiguous abbreviation at byte 6: write 零五 or 五百" },
	{ "一千五万", 0, "Chinese numeral \"一千五万\": ambiguous abbreviation at byte 6: write 零五 or 五百" },
	{ "一万五", 0, "Chinese numeral \"一万五\": ambiguous abbreviation at byte 6: write 零五, or give 五 its unit" },
	{ "零一百", 0, "Chinese numeral \"零一百\": 零 at byte 0 cannot begin a number with units" },
	{ "一百零", 0, "Chinese numeral \"一百零\": 零 at byte 6 ends the number" },
	{ "一千零零一", 0, "Chinese numeral \"一千零零一\": 零 at byte 9 repeats 零" },
	{ "一百零五十", 0, "Chinese numeral \"一百零五十\": 零 at byte 6 stands for no missing place" },
	{ "一千零万", 0, "Chinese numeral \"一千零万\": 零 at byte 6 comes before 万 instead of a digit" },
	{ "5", 0, "Chinese numeral \"5\": 5 at byte 0 is not a Chinese numeral character" },
	{ "一5", 0, "Chinese numeral \"一5\": 5 at byte 3 is not a Chinese numeral character" },
	{ "十 ", 0, "Chinese numeral \"十 \":   at byte 3 is not a Chinese numeral character" },
	{ "廿", 0, "Chinese numeral \"廿\": 廿 at byte 0 is not a Chinese numeral character" },
	{ "十\n", 0, "Chinese numeral \"十\\x0A\": control character U+000A at byte 3" },
	{ "一\xE4", 0, "Chinese numeral \"一\\xE4\": invalid UTF-8 at byte 3" },
	{ "一〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇", 0,
	  "Chinese numeral \"一〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇\": too large at byte 48 (the limit is 10^16)" },
};

static void test_cn_num_parse(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(parse_cases); k++) {
		struct ms_err err = { "", MS_E_INVALID, "" };
		int64_t n = -7;
		int rc;

		rc = ms_cn_num_parse(parse_cases[k].in, strlen(parse_cases[k].in), &n, &err);
		if (parse_cases[k].err) {
			if (rc != -1)
				fail_msg("\"%s\" parsed to %lld, want an error", parse_cases[k].in, (long long)n);
			assert_string_equal(err.msg, parse_cases[k].err);
			assert_int_equal(n, -7);   /* *out untouched on error */
		} else {
			if (rc != 0)
				fail_msg("\"%s\": %s", parse_cases[k].in, err.msg);
			if (n != parse_cases[k].want)
				fail_msg("\"%s\" parsed to %lld, want %lld", parse_cases[k].in,
					 (long long)n, (long long)parse_cases[k].want);
		}
	}
}

static void test_cn_num_parse_edges(void **state)
{
	struct ms_err err;
	int64_t n;

	(void)state;
	/* NULL err is allowed; an empty input need not point anywhere */
	assert_int_equal(ms_cn_num_parse(NULL, 0, &n, NULL), -1);
	/* the length bounds the input, not a NUL */
	assert_int_equal(ms_cn_num_parse("十一二", 6, &n, &err), 0);
	assert_int_equal(n, 11);
	/* a long input is cut in the message */
	{
		struct ms_buf b = MS_BUF_INIT;
		int i;

		for (i = 0; i < 40; i++)
			ms_buf_adds(&b, "十");
		assert_int_equal(ms_cn_num_parse(b.buf, b.len, &n, &err), -1);
		assert_string_equal(err.msg, "Chinese numeral \"十十十十十十十十十十十十十十十十十十十十…\": "
				    "十 at byte 3 is out of order: places must fall");
		ms_buf_release(&b);
	}
}

/* Each character the parser knows, alone or after 一, so none is missing. */
static void test_cn_num_every_character(void **state)
{
	/* digits 0..9, each 3 bytes */
	static const char *const runs[] = { "零一二三四五六七八九", "〇壹贰叁肆伍陆柒捌玖" };
	static const struct {
		const char *in;
		int64_t want;
	} one[] = {
		{ "两", 2 }, { "兩", 2 }, { "貳", 2 }, { "參", 3 }, { "叄", 3 }, { "陸", 6 },
		{ "一十", 10 }, { "一拾", 10 }, { "一百", 100 }, { "一佰", 100 },
		{ "一千", 1000 }, { "一仟", 1000 }, { "一万", 10000 }, { "一萬", 10000 },
		{ "一亿", 100000000 }, { "一億", 100000000 },
	};
	struct ms_err err;
	size_t k, i;
	int64_t n;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(runs); k++) {
		for (i = 0; i < 10; i++) {
			assert_int_equal(ms_cn_num_parse(runs[k] + 3 * i, 3, &n, &err), 0);
			assert_int_equal(n, (int64_t)i);
		}
	}
	for (k = 0; k < ARRAY_SIZE(one); k++) {
		if (ms_cn_num_parse(one[k].in, strlen(one[k].in), &n, &err) != 0)
			fail_msg("\"%s\": %s", one[k].in, err.msg);
		assert_int_equal(n, one[k].want);
	}
}

static const struct {
	int64_t n;
	const char *want;   /* NULL: out of range */
} format_cases[] = {
	{ -1, NULL },
	{ INT64_MIN, NULL },
	{ E16, NULL },
	{ INT64_MAX, NULL },
	{ 0, "零" },
	{ 1, "一" },
	{ 9, "九" },
	{ 10, "十" },
	{ 11, "十一" },
	{ 19, "十九" },
	{ 20, "二十" },
	{ 99, "九十九" },
	{ 100, "一百" },
	{ 101, "一百零一" },
	{ 105, "一百零五" },
	{ 110, "一百一十" },
	{ 111, "一百一十一" },
	{ 1000, "一千" },
	{ 1001, "一千零一" },
	{ 1010, "一千零一十" },
	{ 1100, "一千一百" },
	{ 10000, "一万" },
	{ 10010, "一万零一十" },
	{ 10100, "一万零一百" },
	{ 20000, "二万" },
	{ 100000, "十万" },
	{ 110000, "十一万" },
	{ 203000, "二十万三千" },
	{ 1000000, "一百万" },
	{ 10000000, "一千万" },
	{ 30000000, "三千万" },
	{ 100000000, "一亿" },
	{ 100000003, "一亿零三" },
	{ 100003000, "一亿零三千" },
	{ 100100000, "一亿零一十万" },
	{ 1000000000, "十亿" },
	{ 1000000000000, "一万亿" },
	{ 1000100000000, "一万零一亿" },
	{ 1000050000000, "一万亿零五千万" },
	{ 1300050000000, "一万三千亿五千万" },
	{ 2000300000000, "二万零三亿" },   /* 2|0003|0000|0000 */
	{ 1000000000000000, "一千万亿" },
	{ E16 - 1, "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九" },
};

static void test_cn_num_format(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(format_cases); k++) {
		struct ms_buf b = MS_BUF_INIT;

		ms_buf_adds(&b, "第");
		if (!format_cases[k].want) {
			assert_int_equal(ms_cn_num_format(&b, format_cases[k].n), -1);
			assert_string_equal(b.buf, "第");
		} else {
			assert_int_equal(ms_cn_num_format(&b, format_cases[k].n), 0);
			assert_string_equal(b.buf + 3, format_cases[k].want);
		}
		ms_buf_release(&b);
	}
}

static void test_cn_num_format_cap(void **state)
{
	struct ms_buf b;

	(void)state;
	ms_buf_init(&b, 14);
	assert_int_equal(ms_buf_adds(&b, "第"), 0);
	assert_int_equal(ms_cn_num_format(&b, 105), -1);   /* 12 more bytes: 15 > 14 */
	assert_string_equal(b.buf, "第");
	assert_int_equal(ms_cn_num_format(&b, 110), -1);
	assert_int_equal(ms_cn_num_format(&b, 11), 0);
	assert_string_equal(b.buf, "第十一");
	ms_buf_release(&b);
}

/* parse(format(n)) == n, and the text is 2 columns a character. */
static void round_trip(int64_t n)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	int64_t back = -1;

	if (ms_cn_num_format(&b, n) != 0)
		fail_msg("%lld does not format", (long long)n);
	if (ms_cn_num_parse(b.buf, b.len, &back, &err) != 0)
		fail_msg("%lld formats as %s, which does not parse: %s", (long long)n, b.buf, err.msg);
	if (back != n)
		fail_msg("%lld formats as %s, which parses to %lld", (long long)n, b.buf, (long long)back);
	if (ms_text_width(b.buf, b.len) != b.len / 3 * 2)
		fail_msg("%s is not all wide characters", b.buf);
	ms_buf_release(&b);
}

static void test_cn_num_round_trip(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15u;
	int64_t n, p;
	int i, d;

	(void)state;
	for (n = 0; n <= 200000; n++)
		round_trip(n);
	/* each power of ten, and its neighbours, up to the limit */
	for (p = 1; p < E16; p *= 10) {
		round_trip(p - 1);
		round_trip(p);
		round_trip(p + 1);
		round_trip(E16 - p);
	}
	/* sparse large values: each digit zero half the time, so 零 rules get used */
	for (i = 0; i < 200000; i++) {
		n = 0;
		for (d = 0; d < 16; d++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			n = n * 10 + ((x >> 8) & 1 ? (int64_t)(x >> 20) % 9 + 1 : 0);
		}
		round_trip(n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_and_decode),
		cmocka_unit_test(test_utf8_decode_past_end),
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_utf8_all_code_points),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_cap),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_cn_num_parse),
		cmocka_unit_test(test_cn_num_parse_edges),
		cmocka_unit_test(test_cn_num_every_character),
		cmocka_unit_test(test_cn_num_format),
		cmocka_unit_test(test_cn_num_format_cap),
		cmocka_unit_test(test_cn_num_round_trip),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
