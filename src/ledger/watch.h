/*
 * watch.h - what changed in the database since a server thread last looked
 * (watch.c). The threads' kept copies — the plan's ledger (ledger_keep.c),
 * progress's load (progress_data.c), the 审核 rows' memo (beside.c) — follow
 * the journal from one look to the next instead of reading everything again.
 */
#ifndef MS_LEDGER_WATCH_H
#define MS_LEDGER_WATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;

struct ledger_watch {
	uint64_t serial;    /* the connection it looked through (store_serial); 0: never, or forget */
	int64_t version;    /* its store_data_version then */
	int64_t journal;    /* the journal's last id then */
};

#define LEDGER_WATCH_MAX 256   /* more journal rows since: read everything again */

enum ledger_change {
	LEDGER_SAME = 0,       /* nothing written */
	LEDGER_REPORTS,        /* only reports written (报送, 审核: journal tbl "report") */
	LEDGER_ALL,            /* anything else: read everything again */
};

/*
 * What changed since w last looked, on st. LEDGER_REPORTS calls fn (when not
 * NULL) with each written report of plan (the journal's key
 * "plan/indicator/org/round" taken apart; other plans' are passed over), in
 * journal order; fn returns 0 to go on, 1 when it cannot follow that change
 * (LEDGER_ALL then), -1 on an error. A report's key of another shape is
 * LEDGER_ALL. LEDGER_ALL: a first look, another
 * connection, serial set to 0 by the caller, another kind of write, more than
 * LEDGER_WATCH_MAX rows, a change with no journal row at all (every write
 * journals, so only a hand edit), or no version to compare (w stays
 * forgotten: nothing can be kept); the journal's last id is read before the
 * caller reads everything again, so a write landing meanwhile is seen next
 * time. w is brought to now, except on an error (-1 with err, w forgotten).
 */
int ledger_watch(struct store *st, struct ledger_watch *w, const char *plan,
		 int (*fn)(const char *indicator, const char *org, const char *round, void *arg), void *arg,
		 struct ms_err *err);

/* The calling thread's state under key: size bytes, zeroed, made on first use; NULL when it cannot be set. */
void *ledger_thread_state(pthread_key_t key, size_t size);

#endif
