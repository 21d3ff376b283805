/*
 * progress_data.h - what progress.c reads from the database, in memory:
 * the breakdown (assignments), the reports, the orgs the plan names, the
 * site register and the items. Within the server (progress_data_keep) each thread
 * keeps its last load and follows the writes since in the journal, so a
 * report written re-reads that one report, not the plan (progress_data.c).
 */
#ifndef MS_PROGRESS_DATA_H
#define MS_PROGRESS_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger.h"

#define PROGRESS_DATA_LOG 64

struct arow { char ind[64], org[32]; int64_t target; int implicit; };
struct rrow {
	char ind[64], org[32], round[16];
	int has_value, has_ratio;
	int64_t value, num, den, submitted_at, reviewed_at;
	enum report_status status;
	int64_t review_level;
	char *narrative, *reason, *note;   /* NULL when none; note: the reviewer's (review_note) */
};
struct orow { char code[32], name[128], kind[16]; };
/* a site of the register: delivered ones count, by their delivery date */
struct srow { char ind[64], org[32], on[16]; int delivered; int64_t qty; };

/* the plan's items (sizes as struct prog_item's) and those the notice's text lacks */
struct irow { int64_t no; char title[192], leads[256], resp[256]; };
struct xrow { int64_t no; char note[600]; };

/* a setting progress reads per indicator: "milestones.ID" */
struct mrow { char key[96], val[256]; };

struct data {
	struct arow *a; size_t na;   /* by (indicator, org) as loaded; then the implicit ones, sorted too */
	size_t na_loaded;            /* where the implicit ones begin (progress.c) */
	struct rrow *r; size_t nr;
	struct orow *o; size_t no;
	struct srow *s; size_t ns;
	struct mrow *m; size_t nm;   /* the milestones.* settings */
	struct irow *it; size_t nit; /* items by number */
	struct xrow *ab; size_t nab; /* absent items by number */
	int demo;                    /* setting demo = 1 */
	int borrowed;             /* the arrays and narratives are the kept load's, not freed with this one */
	/*
	 * A kept load's history (0 when not kept): epoch names the full read it
	 * grew from (unique in the process), gen counts the reports followed
	 * since, and log[g % PROGRESS_DATA_LOG] is the indicator of the g-th
	 * (1-based) — what changed between two lends of one epoch, when at most
	 * PROGRESS_DATA_LOG reports apart (progress.c's kept status).
	 */
	uint64_t epoch, gen;
	const char (*log)[64];
	int own_a;                /* ... but for a, copied before an implicit assignment was added */
};

/* Appends an assignment (the arrays grow by doubling, a power of two at a time; a borrowed a is copied first). */
void progress_data_assign(struct data *d, const char *ind, const char *org, int64_t target);
/*
 * Loads l's plan into d, zeroed first; in the server, lends d the thread's
 * kept load instead (d->borrowed: valid until this thread's next load, and
 * only a, through progress_data_assign, may be changed). 0, or -1 with err.
 */
int progress_data_load(struct ledger *l, struct data *d, struct ms_err *err);
void progress_data_free(struct data *d);
/*
 * The plan's reports of one round, by indicator and region, as the store
 * reads them (but for origin, not kept: NULL) — in the server from the
 * thread's kept load, no statement.
 * fn returns non-zero to stop. 0, or -1 with err.
 */
int progress_data_round_each(struct ledger *l, const char *round,
			     int (*fn)(const struct store_report *r, void *arg), void *arg, struct ms_err *err);
/*
 * The first of n rows (each size bytes, sorted by indicator then org: struct
 * arow, rrow or srow, which all begin with ind and org) at or after (ind,
 * org) — by ind alone when org is NULL; n when none.
 */
size_t progress_data_first(const void *rows, size_t n, size_t size, const char *ind, const char *org);
/* The first of d's reports of (ind, org) (sorted by indicator, org, round), or where it would be: d->nr when none after. */
size_t progress_data_report_first(const struct data *d, const char *ind, const char *org);
/* org's target of ind among the loaded assignments: 1 with *target, 0 when it has none. */
int progress_data_target(const struct data *d, const char *ind, const char *org, int64_t *target);
/* The setting key ("milestones.ID") as loaded, or NULL when not set. */
const char *progress_data_setting(const struct data *d, const char *key);
/* From now on this process's threads keep their loads (the server calls it once). */
void progress_data_keep(void);

#endif
