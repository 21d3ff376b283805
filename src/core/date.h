/*
 * date.h - civil dates as a day count, China local time (UTC+8) for
 * deadlines. No time zones beyond that, no locale.
 */
#ifndef MS_DATE_H
#define MS_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "err.h"

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t ms_day;

#define MS_YEAR_MIN 1900
#define MS_YEAR_MAX 2199

/* 0 for a real date in [MS_YEAR_MIN, MS_YEAR_MAX], else -1 with a reason. */
int ms_date_from_ymd(int y, int m, int d, ms_day *out, struct ms_err *err);
void ms_date_to_ymd(ms_day day, int *y, int *m, int *d);

/*
 * Parses "2023-06-30", "2023/6/30", "2023.6.30", "20230630" and
 * "2023年6月30日" (full-width digits allowed). Surrounding spaces ignored.
 */
int ms_date_parse(const char *s, size_t len, ms_day *out, struct ms_err *err);

/* Parses a month "2023-07" or "2023年7月" into year and month. */
int ms_month_parse(const char *s, size_t len, int *y, int *m, struct ms_err *err);

/* Appends "2023-06-30". */
int ms_date_format(struct ms_buf *b, ms_day day);
/* Appends "2023年6月30日". */
int ms_date_format_cn(struct ms_buf *b, ms_day day);

/* b - a in days. */
static inline int32_t ms_date_diff(ms_day a, ms_day b) { return b - a; }
static inline ms_day ms_date_add_days(ms_day a, int32_t n) { return a + n; }

/* Adds n months, clamping the day to the target month's end (1-31 + 1 month -> 2-28/29). */
int ms_date_add_months(ms_day a, int n, ms_day *out, struct ms_err *err);

/* Days in month m of year y. */
int ms_days_in_month(int y, int m);

/* The date in China (UTC+8) at the Unix time t. */
ms_day ms_date_of_time_cn(time_t t);

/* Appends Unix time t as Beijing time (UTC+8, no daylight saving): "2023-07-01 14:03", ":09" more with secs. */
void ms_time_format_cn(struct ms_buf *b, int64_t t, int secs);
/* Appends the journal's UTC stamp "2023-07-01T06:03:09Z" as ms_time_format_cn; -1, nothing appended, when it is not one. */
int ms_stamp_format_cn(struct ms_buf *b, const char *at, int secs);

/* 1 when Unix time t is after 23:59:59 China time on `due`, else 0. */
int ms_date_is_late(ms_day due, time_t t);

#endif
