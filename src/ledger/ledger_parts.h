/*
 * ledger_parts.h - what the ledger's own files (ledger.c, review.c) share;
 * not for other modules.
 */
#ifndef MS_LEDGER_PARTS_H
#define MS_LEDGER_PARTS_H

#include <jansson.h>

#include "store/store.h"
#include "ledger/ledger.h"

/* A stored report as JSON, for a journal row's "before" and "after". */
json_t *ledger_report_json(const struct store_report *r);

/*
 * A report's rules without writing it: *r is what would be stored (its
 * strings borrowed from in, the indicator's and round's from l). 0, or -1
 * with err naming the field at fault.
 */
int ledger_report_check(struct ledger *l, const struct ledger_report_in *in, struct store_report *r,
			struct ms_buf *warnings, struct ms_err *err);
/* Stores a checked report and its journal row, inside the caller's transaction. */
int ledger_report_put(struct ledger *l, const struct store_report *r, struct ms_err *err);

/* ledger_open as it reads the database, every time. */
int ledger_open_fresh(struct ledger *l, struct store *st, const char *plan, const char *actor,
		      struct ms_err *err);
/* ledger_open from the thread's kept opening (ledger_keep.c): 0, -1 with err, 1 when not kept. */
int ledger_kept_open(struct ledger *l, struct store *st, const char *plan, const char *actor,
		     struct ms_err *err);

#endif
