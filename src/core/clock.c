/*
 * clock.c - the wall clock, or a fixed one for tests (see clock.h).
 */
#include "clock.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "banned.h"

static _Atomic long long fixed = -1;  /* -1: not yet read from the environment */

time_t ms_clock_now(void)
{
	long long f = atomic_load(&fixed);

	if (f < 0) {
		const char *e = getenv("MS_CLOCK");
		char *end;
		long long v = e ? strtoll(e, &end, 10) : 0;

		f = (e && *e && !*end && v > 0) ? v : 0;
		atomic_store(&fixed, f);
	}
	return f ? (time_t)f : time(NULL);
}

void ms_clock_fix(time_t t)
{
	atomic_store(&fixed, t > 0 ? (long long)t : 0);
}

void ms_clock_iso(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ms_clock_now_iso(char out[32])
{
	ms_clock_iso(ms_clock_now(), out);
}

long long ms_clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

unsigned long long ms_clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000u;
}
