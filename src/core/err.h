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

/* What kind of failure, for callers that answer with a status (HTTP). */
enum ms_err_kind {
	MS_E_INVALID = 0,   /* the input is wrong (the default) */
	MS_E_NOTFOUND,      /* what it names does not exist */
	MS_E_CONFLICT,      /* the state forbids it now (approved, locked, taken) */
	MS_E_FORBIDDEN,     /* the user may not */
	MS_E_INTERNAL,      /* the database or the machine failed */
	MS_E_BUSY,          /* the database is busy or locked: try again shortly */
	MS_E_UNAVAILABLE,   /* storage cannot be written now: read-only, an I/O error */
	MS_E_STORAGE,       /* storage is full: nothing more can be written */
	MS_E_LIMIT,         /* too many from one client (a day's proposals, the survey): 429 */
	MS_E_MEDIA,         /* a file is not of a type taken, or not what it says it is (HTTP 415) */
	MS_E_TOO_LARGE,     /* a file past its cap: bytes, pixels, a zip's contents (HTTP 413) */
};

struct ms_err {
	char msg[1024];
	enum ms_err_kind kind;
	char field[48];     /* the input field at fault ("reason", "value"), "" when none */
};

/* Fills e (if not NULL) with the formatted message; always returns -1. */
int ms_err_set(struct ms_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* As ms_err_set, with a kind other than MS_E_INVALID. */
int ms_err_setk(struct ms_err *e, enum ms_err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * As ms_err_setk, naming the input field at fault, so that each front end can
 * point at it in its own way: the CLI names its option, a form marks the box,
 * the API returns it as "field". The message speaks the domain, Chinese
 * first ("未报数须说明原因 (a report without a value needs a reason)").
 */
int ms_err_field(struct ms_err *e, enum ms_err_kind kind, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Puts "prefix: " in front of the message already in e; returns -1. */
int ms_err_prefix(struct ms_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
