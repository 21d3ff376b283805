/*
 * err.h - the error a failing function fills in for its caller to report.
 *
 * Convention: functions return 0 on success and -1 on failure, after
 * filling the caller's struct ms_err (when not NULL) with one line that
 * says what went wrong and where ("file:line:column: reason",
 * "plan.items[2].indicators[0].target: ..."). The caller decides how to
 * print it. Messages are truncated, never overflowed.
 */
#ifndef MS_ERR_H
#define MS_ERR_H

#include <stddef.h>

struct ms_err {
	char msg[1024];
};

/* Fills e (if not NULL) with the formatted message; always returns -1. */
int ms_err_set(struct ms_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Puts "prefix: " in front of the message already in e; returns -1. */
int ms_err_prefix(struct ms_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
