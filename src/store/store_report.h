/*
 * store_report.h - issued bulletins (store_report.c): the frozen document
 * of a 通报, its number (文号) and date, and the correction it makes or that
 * was made to it. Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_REPORT_H
#define MS_STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

/* One issued bulletin as listed (without its document); strings cut to fit. */
struct store_bulletin {
	int64_t id;
	int64_t corrects, corrected_by;         /* ids, 0 when none */
	char plan[64], round[16], as_of[16];
	char number[128];                       /* 文号 */
	char issued_at[32], issued_by[64];      /* ISO time (UTC), who */
	char corrects_number[128];              /* the 文号 of the one it corrects, "" when none */
	char corrected_by_number[128];          /* the 文号 of its correction, "" when none */
};

/*
 * Stores an issued bulletin (immutable: triggers refuse UPDATE and DELETE);
 * b's id, corrected_by and the numbers are ignored; b->issued_at "" is now.
 * *id its number. Inside the caller's transaction.
 */
int store_bulletin_add(struct store *st, const struct store_bulletin *b, const char *doc, int64_t *id,
		       struct ms_err *err);
/* Bulletin id: 1 with b (and doc when not NULL) filled, 0 when there is none, -1 on error. */
int store_bulletin_get(struct store *st, int64_t id, struct store_bulletin *b, struct ms_buf *doc,
		       struct ms_err *err);
/* The bulletin of plan numbered number: 1 with *id, 0 when none, -1 on error. */
int store_bulletin_by_number(struct store *st, const char *plan, const char *number, int64_t *id,
			     struct ms_err *err);
/* Every bulletin of plan (NULL: every plan), by id; fn returns non-zero to stop. */
int store_bulletin_each(struct store *st, const char *plan,
			int (*fn)(const struct store_bulletin *b, void *arg), void *arg,
			struct ms_err *err);

#endif
