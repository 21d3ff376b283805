/*
 * clock.h - the one clock: every timestamp the store, the ledger and auth
 * write comes from here, so tests can fix the time.
 */
#ifndef MS_CLOCK_H
#define MS_CLOCK_H

#include <time.h>

/* Seconds since the epoch: the wall clock, or the time fixed by ms_clock_fix. */
time_t ms_clock_now(void);

/*
 * Fixes the clock at t for the whole process (tests, fuzzing); t == 0 returns
 * it to the wall clock. Also read once from the environment: MS_CLOCK=<epoch
 * seconds> fixes it before the first reading.
 */
void ms_clock_fix(time_t t);

/*
 * Milliseconds of a monotonic clock (CLOCK_MONOTONIC): for network deadlines
 * and timeouts, which a fixed MS_CLOCK must not stop. Never a date.
 */
long long ms_clock_mono_ms(void);

/* Formats t as "2023-06-30T08:00:00Z" (UTC) into out. */
void ms_clock_iso(time_t t, char out[32]);

/* ms_clock_iso of ms_clock_now(). */
void ms_clock_now_iso(char out[32]);

/* Microseconds on the monotonic clock (never fixed): only for how long something took. */
unsigned long long ms_clock_mono_us(void);

#endif
