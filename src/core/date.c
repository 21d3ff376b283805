/*
 * date.c - civil dates as day counts (Howard Hinnant's days-from-civil),
 * parsing of the date spellings found in Chinese documents and sheets, and
 * the China-time (UTC+8) day of a Unix time for deadlines.
 */
#include "date.h"
#include "text.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "banned.h"

#define CN_OFFSET (8 * 3600)  /* UTC+8, no daylight saving since 1991 */
#define DAY_SECS 86400
#define SHOW_MAX 64           /* bytes of a bad input quoted in a message */
#define MS_STR_(x) #x
#define MS_STR(x) MS_STR_(x)

static int is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int ms_days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d; any year, floor arithmetic. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                     /* [0, 399] */
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;    /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void ms_date_to_ymd(ms_day day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                    /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                  /* [0, 11], March first */
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

/*
 * Checks y-m-d and converts it. `show` is the text the caller was given,
 * quoted in the message; NULL quotes y-m-d itself.
 */
static int check_ymd(int64_t y, int64_t m, int64_t d, const char *show, size_t showlen,
		     ms_day *out, struct ms_err *err)
{
	const char *why;
	int n = ms_utf8_clip(show, showlen, SHOW_MAX);

	if (y < MS_YEAR_MIN || y > MS_YEAR_MAX)
		why = "year outside " MS_STR(MS_YEAR_MIN) ".." MS_STR(MS_YEAR_MAX) " (年份超出范围)";
	else if (m < 1 || m > 12)
		why = "no such month (月份不存在)";
	else if (d < 1 || d > ms_days_in_month((int)y, (int)m))
		why = "no such day (日期不存在)";
	else {
		*out = (ms_day)days_from_civil(y, (int)m, (int)d);
		return 0;
	}
	if (show)
		return ms_err_set(err, "\"%.*s\": %s", n, show, why);
	return ms_err_set(err, "\"%04lld-%02lld-%02lld\": %s",
			  (long long)y, (long long)m, (long long)d, why);
}

int ms_date_from_ymd(int y, int m, int d, ms_day *out, struct ms_err *err)
{
	return check_ymd(y, m, d, NULL, 0, out, err);
}

/* ---- parsing ---- */

/* The non-ASCII pieces of a date, as UTF-8. */
#define U_NIAN  "\xE5\xB9\xB4"   /* 年 */
#define U_YUE   "\xE6\x9C\x88"   /* 月 */
#define U_RI    "\xE6\x97\xA5"   /* 日 */

/* A run of at most max digits (more is an error: returns -1); *ndig counts them. */
static int64_t scan_number(struct ms_scan *sc, int max, int *ndig)
{
	int64_t v = 0;
	int dg;

	*ndig = 0;
	while ((dg = ms_scan_digit(sc)) >= 0) {
		if (++*ndig > max)
			return -1;
		v = v * 10 + dg;
	}
	return v;
}

/* Separators: - / . and their full-width forms; returns an id, 0 for none. */
static int scan_sep(struct ms_scan *sc)
{
	static const char *const seps[] = {
		"-", "/", ".", "\xEF\xBC\x8D", "\xEF\xBC\x8F", "\xEF\xBC\x8E",
	};
	size_t k;

	for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
		if (ms_scan_lit(sc, seps[k]))
			return (int)(k % 3) + 1;   /* full-width matches its ASCII twin */
	return 0;
}

/*
 * Reads year, month and (when want_day) day in any accepted spelling.
 * Returns 0, or -1 when the text is not shaped like a date at all.
 */
static int scan_ymd(struct ms_scan *sc, int want_day, int64_t *y, int64_t *m, int64_t *d)
{
	int nd, sep;

	*d = 1;
	*y = scan_number(sc, 8, &nd);
	if (*y < 0)
		return -1;
	if (want_day ? nd == 8 : nd == 6) {
		/* compact 20230630 or 202307: digits only, nothing after */
		if (sc->i != sc->len)
			return -1;
		if (want_day) {
			*d = *y % 100;
			*y /= 100;
		}
		*m = *y % 100;
		*y /= 100;
		return 0;
	}
	if (nd != 4)
		return -1;
	if (ms_scan_lit(sc, U_NIAN)) {
		*m = scan_number(sc, 2, &nd);
		if (nd < 1 || *m < 0 || !ms_scan_lit(sc, U_YUE))
			return -1;
		if (want_day) {
			*d = scan_number(sc, 2, &nd);
			if (nd < 1 || *d < 0 || !ms_scan_lit(sc, U_RI))
				return -1;
		}
		return sc->i == sc->len ? 0 : -1;
	}
	sep = scan_sep(sc);
	if (!sep)
		return -1;
	*m = scan_number(sc, 2, &nd);
	if (nd < 1 || *m < 0)
		return -1;
	if (want_day) {
		if (scan_sep(sc) != sep)
			return -1;
		*d = scan_number(sc, 2, &nd);
		if (nd < 1 || *d < 0)
			return -1;
	}
	return sc->i == sc->len ? 0 : -1;
}

int ms_date_parse(const char *s, size_t len, ms_day *out, struct ms_err *err)
{
	struct ms_scan sc;
	const char *show;
	size_t showlen;
	int64_t y, m, d;

	ms_scan_init(&sc, s, len);
	show = s + sc.i;
	showlen = sc.len - sc.i;
	if (scan_ymd(&sc, 1, &y, &m, &d) < 0)
		return ms_err_set(err, "\"%.*s\": not a date; expected YYYY-MM-DD or "
				  "YYYY年M月D日 (日期格式错误)",
				  ms_utf8_clip(show, showlen, SHOW_MAX), show);
	return check_ymd(y, m, d, show, showlen, out, err);
}

int ms_month_parse(const char *s, size_t len, int *y, int *m, struct ms_err *err)
{
	struct ms_scan sc;
	const char *show;
	size_t showlen;
	int64_t yy, mm, dd;
	ms_day day;

	ms_scan_init(&sc, s, len);
	show = s + sc.i;
	showlen = sc.len - sc.i;
	if (scan_ymd(&sc, 0, &yy, &mm, &dd) < 0)
		return ms_err_set(err, "\"%.*s\": not a month; expected YYYY-MM or "
				  "YYYY年M月 (月份格式错误)",
				  ms_utf8_clip(show, showlen, SHOW_MAX), show);
	if (check_ymd(yy, mm, 1, show, showlen, &day, err) < 0)
		return -1;
	*y = (int)yy;
	*m = (int)mm;
	return 0;
}

/* ---- formatting and arithmetic ---- */

int ms_date_format(struct ms_buf *b, ms_day day)
{
	int y, m, d;

	ms_date_to_ymd(day, &y, &m, &d);
	return ms_buf_addf(b, "%04d-%02d-%02d", y, m, d);
}

int ms_date_format_cn(struct ms_buf *b, ms_day day)
{
	int y, m, d;

	ms_date_to_ymd(day, &y, &m, &d);
	return ms_buf_addf(b, "%d" U_NIAN "%d" U_YUE "%d" U_RI, y, m, d);
}

int ms_date_add_months(ms_day a, int n, ms_day *out, struct ms_err *err)
{
	int y, m, d, dim;
	int64_t total, ny, nm;

	ms_date_to_ymd(a, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + n;
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);   /* floor */
	nm = total - ny * 12 + 1;
	if (ny < MS_YEAR_MIN || ny > MS_YEAR_MAX)
		return ms_err_set(err, "%04d-%02d-%02d %+d months: year %lld outside %d..%d "
				  "(年份超出范围)", y, m, d, n, (long long)ny,
				  MS_YEAR_MIN, MS_YEAR_MAX);
	dim = ms_days_in_month((int)ny, (int)nm);
	if (d > dim)
		d = dim;
	*out = (ms_day)days_from_civil(ny, (int)nm, d);
	return 0;
}

/* ---- China time ---- */

ms_day ms_date_of_time_cn(time_t t)
{
	/* floor((t + 8h) / 1 day), without overflowing near the ends of time_t */
	int64_t q = (int64_t)t / DAY_SECS, r = (int64_t)t % DAY_SECS;

	if (r < 0) {
		r += DAY_SECS;
		q--;
	}
	if (r + CN_OFFSET >= DAY_SECS)
		q++;
	if (q > INT32_MAX)
		return INT32_MAX;
	if (q < INT32_MIN)
		return INT32_MIN;
	return (ms_day)q;
}

int ms_date_is_late(ms_day due, time_t t)
{
	/* late from 00:00:00 China time on the day after due */
	int64_t limit = ((int64_t)due + 1) * DAY_SECS - CN_OFFSET;

	return (int64_t)t >= limit;
}

void ms_time_format_cn(struct ms_buf *b, int64_t t, int secs)
{
	ms_day day = ms_date_of_time_cn((time_t)t);
	int64_t in = t + 8 * 3600 - (int64_t)day * 86400;
	int y, m, d;

	ms_date_to_ymd(day, &y, &m, &d);
	ms_buf_addf(b, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(in / 3600), (int)(in / 60 % 60));
	if (secs)
		ms_buf_addf(b, ":%02d", (int)(in % 60));
}

int ms_stamp_format_cn(struct ms_buf *b, const char *at, int secs)
{
	int y, mo, d, h, mi, sec, n = 0;
	ms_day day;

	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || !n || at[n] ||
	    h > 23 || mi > 59 || sec > 59 || ms_date_from_ymd(y, mo, d, &day, NULL))
		return -1;
	ms_time_format_cn(b, (int64_t)day * 86400 + h * 3600 + mi * 60 + sec, secs);
	return 0;
}
