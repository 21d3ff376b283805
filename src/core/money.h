/*
 * money.h - money as int64_t 分 (fen), percentages as int64_t basis points,
 * and the exact decimal parsing both stand on. No floating point anywhere.
 *
 * Ownership: nothing here allocates except by appending to the caller's
 * struct ms_buf. Parsers read exactly len bytes (s need not be NUL-terminated)
 * and leave their outputs untouched on error. Formatters append in one step:
 * on -1 (the buffer's cap would be passed) the buffer is unchanged.
 *
 * Common to the parsers: leading and trailing blanks (ASCII space, tab, the
 * ideographic space U+3000) are ignored; digits may be ASCII or full-width
 * (０-９), the point '.' or full-width '．'; ',' thousands separators may
 * split the whole part into groups of exactly three ("1,234,567"; not "1,23",
 * "1234,567" or "0,123"); "12." and ".5" are errors. Error messages quote
 * the trimmed input: "\"12.345\": more than two decimals (超过两位小数)".
 */
#ifndef MS_MONEY_H
#define MS_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Largest amount accepted: about 92 万亿元 — far above any budget, far below overflow. */
#define MS_MONEY_MAX ((int64_t)9223372036854775807 / 1000)

/* One whole in basis points: 100% = 10000bp. Ratios and rates are kept in bp. */
#define MS_BP_ONE ((int64_t)10000)

/* A comparator that may follow or precede a figure in Chinese text. */
enum ms_cmp {
	MS_CMP_NONE = 0, /* nothing said */
	MS_CMP_GE,       /* 以上, 不低于, 不少于, 至少, ≥ */
	MS_CMP_LE,       /* 以内, 以下, 不超过, 不高于, ≤ */
	MS_CMP_EQ,       /* 达到, =, or a plain figure read as "equal" by the caller */
};

/* "≥", "≤", "=" or "" for MS_CMP_NONE (and for any value not in the enum). */
const char *ms_cmp_symbol(enum ms_cmp c);

/*
 * Parses a decimal number s[0..len) into a fixed-point integer with `scale`
 * decimal places: "12.5" with scale 2 gives 1250. A leading '-' is allowed;
 * blanks, digits and separators as above. More decimals than `scale` (even
 * zeros: "1.230" with scale 2), an empty number, stray characters, or a
 * result above `max` in magnitude are errors. scale must be 0..18 and max
 * >= 0, else -1 as well.
 */
int ms_dec_parse(const char *s, size_t len, int scale, int64_t max,
		 int64_t *out, struct ms_err *err);

/*
 * Parses an amount of money into 分: "885", "885元", "1,234.56", "6000万元",
 * "150亿元", "0.3亿元", "33.495万", "-12.5", "￥12", "12.00 元". The form is
 *   ['-'] ['￥' | '¥'] ['-'] number [万 | 亿] [元]
 * (one '-' at most; blanks allowed after the currency sign and around the
 * units). The unit 万/亿 multiplies exactly; a result with a fraction of a
 * 分 is an error (never truncated): at most 2 decimals of 元, 6 of 万, 10
 * of 亿, counted as written ("12.340" is an error). So is anything above
 * MS_MONEY_MAX in magnitude.
 */
int ms_money_parse(const char *s, size_t len, int64_t *fen, struct ms_err *err);

/*
 * The plain amounts payrolls hold, without the general parser: "1500",
 * "1500.5", "1500.25" (ASCII digits, at most 13 whole). 1 with *fen set,
 * 0 when s is anything else (ms_money_parse decides then). What it accepts,
 * ms_money_parse reads the same.
 */
static inline int ms_money_plain(const char *s, size_t n, int64_t *fen)
{
	int64_t v = 0;
	size_t i = 0, dec = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 15)
		v = v * 10 + (s[i++] - '0');
	if (!i || i >= 14 || (i < n && s[i] != '.'))
		return 0;
	if (i == n) {
		*fen = v * 100;
		return 1;
	}
	for (i++; i < n && dec < 2 && s[i] >= '0' && s[i] <= '9'; i++, dec++)
		v = v * 10 + (s[i] - '0');
	if (i != n || !dec)
		return 0;
	*fen = dec == 1 ? v * 10 : v;
	return 1;
}

/* Appends "885.00", "-0.50", "60000000.00": plain yuan, two decimals. */
int ms_money_format(struct ms_buf *b, int64_t fen);

/* Room ms_fixed_str needs: sign, 19 digits, point, NUL. */
#define MS_FIXED_STR_MAX 24

/*
 * Writes v as a fixed-point number with `decimals` (0 or 2) decimals into p
 * (MS_FIXED_STR_MAX bytes), NUL-terminated: 522153 with 2 gives "5221.53",
 * -50 gives "-0.50", 365 with 0 gives "365". Returns the length. No
 * allocation, no printf: for payroll hot paths. ms_money_format is this
 * with 2 decimals.
 */
size_t ms_fixed_str(char *p, int64_t v, int decimals);

/*
 * Appends the amount as a clerk writes it, always ending in 元:
 *   - in 亿 when |fen| >= 1亿元 and it is a whole multiple of 0.0001亿
 *     (1万元): "150亿元", "1.2345亿元";
 *   - else in 万 when |fen| >= 1万元 and it is a whole multiple of
 *     0.0001万 (1元): "6000万元", "3000万元" (not "0.3亿元": a unit is used
 *     only for one or more of it), "33.495万元", "12345.6789万元";
 *   - else plain yuan, with two decimals only when there are 角/分:
 *     "885元", "0元", "1234.56元", "0.50元", "123456789.01元".
 * Trailing zero decimals of 万/亿 are dropped. Negative amounts get '-'.
 * Every output parses back to fen with ms_money_parse when |fen| <= MS_MONEY_MAX.
 */
int ms_money_format_display(struct ms_buf *b, int64_t fen);

/*
 * Parses a percentage into basis points (1% = 100bp): "95%", "50%以上",
 * "3.65", "5.15%", "不低于95%", "95％" (full-width). At most two decimals;
 * '%'/'％' is optional; the value must be 0 .. 1000000% (100000000bp).
 * Comparators, blanks allowed around them:
 *   before: 不低于 不少于 至少 ≥ >= (GE); 不超过 不高于 不多于 ≤ <= (LE); 达到 = (EQ)
 *   after:  以上 及以上 (GE); 以内 以下 及以下 (LE)
 * When both are given the one after wins over 达到/= ("达到95%以上" is GE);
 * otherwise they must agree ("不低于95%以下" is an error).
 * If cmp is not NULL it receives the comparator found (MS_CMP_NONE if none).
 */
int ms_pct_parse(const char *s, size_t len, int64_t *bp, enum ms_cmp *cmp,
		 struct ms_err *err);

/*
 * Appends bp as a percentage without trailing zero decimals: 9500 -> "95%",
 * 515 -> "5.15%", 50 -> "0.5%", 0 -> "0%", -50 -> "-0.5%".
 */
int ms_pct_format(struct ms_buf *b, int64_t bp);

/*
 * Sets *out to round-half-up(a * b / c) with a 128-bit intermediate;
 * half-up means away from zero at exactly .5 (5/2 -> 3, -5/2 -> -3).
 * Returns 0, or -1 (*out untouched) when c <= 0 or the result overflows int64_t.
 */
int ms_muldiv_round(int64_t a, int64_t b, int64_t c, int64_t *out);

#endif
