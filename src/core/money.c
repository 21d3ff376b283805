/*
 * money.c - exact parsing and formatting of money (int64_t 分) and of
 * percentages (basis points), and rounded a*b/c. Integers only: 128-bit
 * intermediates where a product could pass int64_t, never floating point.
 */
#include "money.h"
#include "text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "banned.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define SHOW_MAX 64                   /* bytes of a bad input quoted in a message */
#define REST_MAX 24                   /* bytes of unexpected text quoted */
#define PCT_MAX ((int64_t)100000000)  /* 1000000% in basis points */
#define SCALE_MAX 18                  /* 10^18 < 2^63 */
#define FEN_PER_WAN ((uint64_t)1000000)
#define FEN_PER_YI ((uint64_t)10000000000)

/* The non-ASCII pieces, as UTF-8. */
#define U_WAN      "\xE4\xB8\x87"   /* 万 */
#define U_YI       "\xE4\xBA\xBF"   /* 亿 */
#define U_YUAN     "\xE5\x85\x83"   /* 元 */
#define U_YEN_FW   "\xEF\xBF\xA5"   /* ￥ U+FFE5 */
#define U_YEN      "\xC2\xA5"       /* ¥ U+00A5 */
#define U_POINT_FW "\xEF\xBC\x8E"   /* ． U+FF0E */
#define U_PCT_FW   "\xEF\xBC\x85"   /* ％ U+FF05 */
#define U_GE       "\xE2\x89\xA5"   /* ≥ */
#define U_LE       "\xE2\x89\xA4"   /* ≤ */

static const uint64_t pow10_u64[SCALE_MAX + 1] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
};

const char *ms_cmp_symbol(enum ms_cmp c)
{
	switch (c) {
	case MS_CMP_GE:
		return U_GE;
	case MS_CMP_LE:
		return U_LE;
	case MS_CMP_EQ:
		return "=";
	case MS_CMP_NONE:
		break;
	}
	return "";
}

/* ---- scanning ---- */

/* The most bytes of s[0..n), at most max, that end on a UTF-8 character boundary. */
static int show_len(const unsigned char *s, size_t n, size_t max)
{
	return ms_utf8_clip((const char *)s, n, max);
}

/* Fills err with "\"<trimmed input>\": <reason>"; returns -1. */
static int bad(struct ms_err *err, const struct ms_scan *sc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct ms_err *err, const struct ms_scan *sc, const char *fmt, ...)
{
	const unsigned char *show = sc->s + sc->start;
	size_t showlen = sc->len - sc->start;
	int n = show_len(show, showlen, SHOW_MAX);
	char reason[512];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return ms_err_set(err, "\"%.*s%s\": %s", n, (const char *)show,
			  (size_t)n < showlen ? "…" : "", reason);
}

/* Reports the text left at sc->i as unexpected; returns -1. */
static int bad_rest(struct ms_err *err, const struct ms_scan *sc)
{
	const unsigned char *rest = sc->s + sc->i;
	size_t restlen = sc->len - sc->i;
	int n = show_len(rest, restlen, REST_MAX);

	return bad(err, sc, "unexpected \"%.*s%s\" (无法识别的内容)", n,
		   (const char *)rest, (size_t)n < restlen ? "…" : "");
}

/* A number as written: all its digits as one integer, and where the point was. */
struct num {
	uint64_t digits;   /* integer and fraction digits run together */
	size_t nfrac;      /* how many of them follow the point */
	int big;           /* digits passed uint64_t: too large for any use */
};

enum num_rc {
	NUM_OK = 0,
	NUM_NONE,         /* no digits at all */
	NUM_GROUP,        /* ',' not between groups of three */
	NUM_NO_WHOLE,     /* ".5" */
	NUM_NO_FRAC,      /* "12." */
};

static void num_add(struct num *n, int dg)
{
	if (n->big)
		return;
	if (n->digits > (UINT64_MAX - (uint64_t)dg) / 10)
		n->big = 1;
	else
		n->digits = n->digits * 10 + (uint64_t)dg;
}

/* Reads digits, thousands separators and a point at sc->i. */
static enum num_rc scan_num(struct ms_scan *sc, struct num *n)
{
	size_t nint = 0, group = 0;
	int dg, grouped = 0, lead0 = 0;

	memset(n, 0, sizeof(*n));
	for (;;) {
		if ((dg = ms_scan_digit(sc)) >= 0) {
			if (nint++ == 0)
				lead0 = dg == 0;
			group++;
			num_add(n, dg);
		} else if (sc->i < sc->len && sc->s[sc->i] == ',') {
			/* the first group 1-3 digits and no leading zero, the rest exactly 3 */
			if (grouped ? group != 3 : (group < 1 || group > 3 || lead0))
				return NUM_GROUP;
			grouped = 1;
			group = 0;
			sc->i++;
		} else {
			break;
		}
	}
	if (grouped && group != 3)
		return NUM_GROUP;
	if (ms_scan_lit(sc, ".") || ms_scan_lit(sc, U_POINT_FW)) {
		if (nint == 0)
			return NUM_NO_WHOLE;
		while ((dg = ms_scan_digit(sc)) >= 0) {
			n->nfrac++;
			num_add(n, dg);
		}
		if (n->nfrac == 0)
			return NUM_NO_FRAC;
	} else if (nint == 0) {
		return NUM_NONE;
	}
	return NUM_OK;
}

/* The message for a scan_num failure; `none` says what was expected. */
static int bad_num(struct ms_err *err, const struct ms_scan *sc, enum num_rc rc,
		   const char *none)
{
	switch (rc) {
	case NUM_GROUP:
		return bad(err, sc, "',' must separate groups of three digits (千分位分隔错误)");
	case NUM_NO_WHOLE:
		return bad(err, sc, "no digits before the decimal point (小数点前缺少数字)");
	case NUM_NO_FRAC:
		return bad(err, sc, "no digits after the decimal point (小数点后缺少数字)");
	case NUM_NONE:
	case NUM_OK:
		break;
	}
	return bad(err, sc, "%s", none);
}

/*
 * n as a fixed-point integer with `scale` decimals (n->nfrac <= scale);
 * 0, or -1 when its magnitude is above max.
 */
static int num_fixed(const struct num *n, int scale, uint64_t max, uint64_t *out)
{
	u128 v;

	if (n->big)
		return -1;
	v = (u128)n->digits * pow10_u64[scale - (int)n->nfrac];
	if (v > max)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* "%llu" or "%llu.%0*llu" of a fixed-point magnitude, into a caller's array. */
static const char *fixed_str(char *s, size_t size, uint64_t v, int scale)
{
	if (scale == 0)
		snprintf(s, size, "%" PRIu64, v);
	else
		snprintf(s, size, "%" PRIu64 ".%0*" PRIu64, v / pow10_u64[scale], scale,
			 v % pow10_u64[scale]);
	return s;
}

/* ---- parsing ---- */

int ms_dec_parse(const char *s, size_t len, int scale, int64_t max,
		 int64_t *out, struct ms_err *err)
{
	struct ms_scan sc;
	struct num n;
	enum num_rc rc;
	uint64_t v;
	char lim[48]; /* a uint64_t, a point and up to 18 decimals */
	int neg;

	if (scale < 0 || scale > SCALE_MAX || max < 0)
		return ms_err_set(err, "ms_dec_parse: scale %d or max %" PRId64
				  " out of range (参数错误)", scale, max);
	ms_scan_init(&sc, s, len);
	neg = ms_scan_lit(&sc, "-");
	rc = scan_num(&sc, &n);
	if (rc != NUM_OK)
		return bad_num(err, &sc, rc, "not a number (数字格式错误)");
	if (sc.i != sc.len)
		return bad_rest(err, &sc);
	if (n.nfrac > (size_t)scale) {
		if (scale == 0)
			return bad(err, &sc, "not a whole number (不是整数)");
		return bad(err, &sc, "more than %d decimals (超过%d位小数)", scale, scale);
	}
	if (num_fixed(&n, scale, (uint64_t)max, &v) < 0)
		return bad(err, &sc, "magnitude above %s (超出上限)",
			   fixed_str(lim, sizeof(lim), (uint64_t)max, scale));
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int ms_money_parse(const char *s, size_t len, int64_t *fen, struct ms_err *err)
{
	struct ms_scan sc;
	struct num n;
	enum num_rc rc;
	const char *unit = NULL;
	int neg, scale = 2;
	uint64_t v;

	ms_scan_init(&sc, s, len);
	neg = ms_scan_lit(&sc, "-");
	if (ms_scan_lit(&sc, U_YEN_FW) || ms_scan_lit(&sc, U_YEN)) {
		ms_scan_blanks(&sc);
		if (!neg)
			neg = ms_scan_lit(&sc, "-");
	}
	rc = scan_num(&sc, &n);
	if (rc != NUM_OK)
		return bad_num(err, &sc, rc, "not an amount of money; expected digits as in "
			       "885, 1,234.56 or 6000万元 (金额格式错误)");
	ms_scan_blanks(&sc);
	if (ms_scan_lit(&sc, U_WAN)) {
		unit = "万";
		scale = 6;
	} else if (ms_scan_lit(&sc, U_YI)) {
		unit = "亿";
		scale = 10;
	}
	ms_scan_blanks(&sc);
	if (ms_scan_lit(&sc, U_YUAN))
		ms_scan_blanks(&sc);
	if (sc.i != sc.len)
		return bad_rest(err, &sc);
	if (n.nfrac > (size_t)scale) {
		if (!unit)
			return bad(err, &sc, "more than two decimals (超过两位小数)");
		return bad(err, &sc, "more than %d decimals of %s, a fraction of a 分 (不足一分)",
			   scale, unit);
	}
	if (num_fixed(&n, scale, (uint64_t)MS_MONEY_MAX, &v) < 0)
		return bad(err, &sc, "magnitude above 92233720368547.75元 (金额超出上限)");
	*fen = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

struct cmp_word {
	const char *lit;
	enum ms_cmp cmp;
};

static const struct cmp_word cmp_before[] = {
	{ "不低于", MS_CMP_GE }, { "不少于", MS_CMP_GE }, { "至少", MS_CMP_GE },
	{ U_GE, MS_CMP_GE }, { ">=", MS_CMP_GE },
	{ "不超过", MS_CMP_LE }, { "不高于", MS_CMP_LE }, { "不多于", MS_CMP_LE },
	{ U_LE, MS_CMP_LE }, { "<=", MS_CMP_LE },
	{ "达到", MS_CMP_EQ }, { "=", MS_CMP_EQ },
};

static const struct cmp_word cmp_after[] = {
	{ "及以上", MS_CMP_GE }, { "以上", MS_CMP_GE },
	{ "及以下", MS_CMP_LE }, { "以下", MS_CMP_LE }, { "以内", MS_CMP_LE },
};

static enum ms_cmp scan_cmp(struct ms_scan *sc, const struct cmp_word *w, size_t nw)
{
	size_t k;

	for (k = 0; k < nw; k++)
		if (ms_scan_lit(sc, w[k].lit)) {
			ms_scan_blanks(sc);
			return w[k].cmp;
		}
	return MS_CMP_NONE;
}

int ms_pct_parse(const char *s, size_t len, int64_t *bp, enum ms_cmp *cmp,
		 struct ms_err *err)
{
	struct ms_scan sc;
	struct num n;
	enum num_rc rc;
	enum ms_cmp before, after;
	uint64_t v;

	ms_scan_init(&sc, s, len);
	before = scan_cmp(&sc, cmp_before, sizeof(cmp_before) / sizeof(cmp_before[0]));
	if (sc.i < sc.len && sc.s[sc.i] == '-')
		return bad(err, &sc, "a percentage cannot be negative (百分比不能为负)");
	rc = scan_num(&sc, &n);
	if (rc != NUM_OK)
		return bad_num(err, &sc, rc, "not a percentage; expected digits as in "
			       "95%, 5.15% or 不低于95% (百分比格式错误)");
	ms_scan_blanks(&sc);
	if (ms_scan_lit(&sc, "%") || ms_scan_lit(&sc, U_PCT_FW))
		ms_scan_blanks(&sc);
	after = scan_cmp(&sc, cmp_after, sizeof(cmp_after) / sizeof(cmp_after[0]));
	if (sc.i != sc.len)
		return bad_rest(err, &sc);
	if (n.nfrac > 2)
		return bad(err, &sc, "more than two decimals (超过两位小数)");
	if (num_fixed(&n, 2, (uint64_t)PCT_MAX, &v) < 0)
		return bad(err, &sc, "above 1000000%% (百分比超出上限)");
	if (before != MS_CMP_NONE && after != MS_CMP_NONE && before != after &&
	    before != MS_CMP_EQ)
		return bad(err, &sc, "the comparators before and after the figure disagree "
			   "(比较词矛盾)");
	*bp = (int64_t)v;
	if (cmp)
		*cmp = after != MS_CMP_NONE ? after : before;
	return 0;
}

/* ---- formatting ---- */

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* Writes the `digits` decimals of frac (< 10^digits) without trailing zeros. */
static void frac_str(char *s, uint64_t frac, int digits)
{
	int k;

	for (k = digits - 1; k >= 0; k--) {
		s[k] = (char)('0' + frac % 10);
		frac /= 10;
	}
	s[digits] = '\0';
	for (k = digits - 1; k >= 0 && s[k] == '0'; k--)
		s[k] = '\0';
}

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t ms_fixed_str(char *p, int64_t v, int decimals)
{
	char rev[MS_FIXED_STR_MAX];
	uint64_t u = magnitude(v);
	size_t k = sizeof(rev), n = 0;

	if (decimals == 2) {
		k -= 2;
		memcpy(rev + k, digit_pairs + 2 * (u % 100), 2);
		rev[--k] = '.';
		u /= 100;
	}
	while (u >= 100) {
		k -= 2;
		memcpy(rev + k, digit_pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		k -= 2;
		memcpy(rev + k, digit_pairs + 2 * u, 2);
	} else {
		rev[--k] = (char)('0' + u);
	}
	if (v < 0)
		p[n++] = '-';
	memcpy(p + n, rev + k, sizeof(rev) - k);
	n += sizeof(rev) - k;
	p[n] = '\0';
	return n;
}

int ms_money_format(struct ms_buf *b, int64_t fen)
{
	char t[MS_FIXED_STR_MAX];

	return ms_buf_add(b, t, ms_fixed_str(t, fen, 2));
}

int ms_money_format_display(struct ms_buf *b, int64_t fen)
{
	const char *sign = fen < 0 ? "-" : "";
	uint64_t m = magnitude(fen), unit, step;
	const char *name;
	char frac[8];

	if (m >= FEN_PER_YI && m % (FEN_PER_YI / 10000) == 0) {
		unit = FEN_PER_YI;
		name = U_YI U_YUAN;
	} else if (m >= FEN_PER_WAN && m % (FEN_PER_WAN / 10000) == 0) {
		unit = FEN_PER_WAN;
		name = U_WAN U_YUAN;
	} else if (m % 100 == 0) {
		return ms_buf_addf(b, "%s%" PRIu64 U_YUAN, sign, m / 100);
	} else {
		return ms_buf_addf(b, "%s%" PRIu64 ".%02u" U_YUAN, sign, m / 100,
				   (unsigned)(m % 100));
	}
	step = unit / 10000;
	frac_str(frac, m % unit / step, 4);
	return ms_buf_addf(b, "%s%" PRIu64 "%s%s%s", sign, m / unit, frac[0] ? "." : "",
			   frac, name);
}

int ms_pct_format(struct ms_buf *b, int64_t bp)
{
	uint64_t m = magnitude(bp);
	char frac[4];

	frac_str(frac, m % 100, 2);
	return ms_buf_addf(b, "%s%" PRIu64 "%s%s%%", bp < 0 ? "-" : "", m / 100,
			   frac[0] ? "." : "", frac);
}

/* ---- arithmetic ---- */

int ms_muldiv_round(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	i128 p, q, r;

	if (c <= 0)
		return -1;
	p = (i128)a * b;          /* |a*b| <= 2^126: no overflow */
	q = p / c;
	r = p % c;                /* same sign as p */
	if (r < 0)
		r = -r;
	if (2 * r >= c)           /* 2*r < 2^64: no overflow */
		q += p < 0 ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}
