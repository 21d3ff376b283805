/*
 * store_ledger.h - the ledger's tables (store_ledger.c): regional targets,
 * reports and their review, sites, settings, locked rounds. Included by
 * store.h; callers include store.h.
 */
#ifndef MS_STORE_LEDGER_H
#define MS_STORE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

/* Regional targets (任务分解), in the indicator's base unit. */
int store_assign_put(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t target, const char *now, struct ms_err *err);
int store_assign_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t *target, struct ms_err *err);
int store_assign_each(struct store *st, const char *plan,
		      int (*fn)(const char *indicator, const char *org, int64_t target, void *arg),
		      void *arg, struct ms_err *err);

struct store_report {
	const char *plan, *indicator, *org, *round;  /* round: its due date */
	int has_value, has_ratio;
	int64_t value, numerator, denominator;
	const char *narrative, *reason;              /* NULL when none */
	const char *status;                          /* draft submitted approved returned */
	int64_t submitted_at, reviewed_at;           /* Unix seconds, -1 when not yet */
	const char *review_note;
	const char *origin;                          /* manual import actuals demo */
	int64_t review_level;                        /* review steps passed (two-level review), 0 */
};
int store_report_put(struct store *st, const struct store_report *r, const char *now,
		     struct ms_err *err);
/* Calls fn with the one report (1), or returns 0 when there is none; -1 on error. */
int store_report_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *round,
		     int (*fn)(const struct store_report *r, void *arg), void *arg,
		     struct ms_err *err);
/* Reports of the plan, optionally of one indicator and/or org, by indicator, org, round. */
int store_report_each(struct store *st, const char *plan, const char *indicator, const char *org,
		      int (*fn)(const struct store_report *r, void *arg), void *arg,
		      struct ms_err *err);
/*
 * The previous value of (indicator, org) before round (上期): the latest
 * earlier round's value, submitted or approved; found 0 when none: the
 * unit's rounds from report_plan_org, newest first. 0, or -1 with err.
 */
struct store_report_prev {
	int found;
	char round[16];
	int64_t value;
};
int store_report_prev(struct store *st, const char *plan, const char *indicator, const char *org,
		      const char *round, struct store_report_prev *p, struct ms_err *err);
/*
 * What the 审核 page shows beside one report, in one statement: the answers
 * of store_assign_get, store_report_submitter and store_evidence_count, and
 * the previous value — the latest of (indicator, org) reported for a round
 * before this one, submitted or approved. 0, or -1 with err.
 */
struct store_report_beside {
	int has_target;                 /* the region's assignment of the indicator */
	int64_t target;
	int has_prev;                   /* the latest earlier round with a value, submitted or approved */
	char prev_round[16];
	int64_t prev_value;
	int has_submitter;              /* the newest report.submit's actor */
	char submitter[256];
	int64_t evidence;               /* its 佐证材料, the indicator's site evidence included */
};
int store_report_beside(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, struct store_report_beside *x, struct ms_err *err);

/*
 * Sets status (submitted while a further review step is due, approved,
 * returned), reviewed_at, the review note and the review steps passed
 * (level) of one report.
 */
int store_report_review(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, const char *status, int64_t at, const char *note,
			int64_t level, struct ms_err *err);

struct store_site {
	int64_t id;                       /* 0 when new */
	const char *plan, *indicator, *org, *name, *address, *kind, *delivered_on, *status, *origin;
	int has_coords;
	int64_t lat_e6, lon_e6, quantity;
};
/* Inserts a site; its new id in *id. */
int store_site_add(struct store *st, const struct store_site *s, int64_t *id, struct ms_err *err);
/* Sites of the plan (indicator/org NULL: all) in id order. */
int store_site_each(struct store *st, const char *plan, const char *indicator, const char *org,
		    int (*fn)(const struct store_site *s, void *arg), void *arg, struct ms_err *err);

/*
 * A plan's site register summed for progress: one row per indicator, org,
 * status and delivery day, ordered by indicator and org; delivered_on ""
 * and delivered 0 for the sites not yet delivered (or delivered without a
 * day), so that one indicator and org may have several such rows.
 */
struct store_site_sum {
	const char *indicator, *org, *delivered_on;
	int delivered;
	int64_t quantity;
};
int store_site_sums(struct store *st, const char *plan, int (*fn)(const struct store_site_sum *s, void *arg),
		    void *arg, struct ms_err *err);

/* SUM(quantity) of delivered sites of one indicator and org delivered on or before `until` (ISO). */
int store_site_count(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *until, int64_t *n, struct ms_err *err);

int store_setting_put(struct store *st, const char *key, const char *value, struct ms_err *err);
/* 1 and value filled, 0 when unset, -1. */
int store_setting_get(struct store *st, const char *key, struct ms_buf *value, struct ms_err *err);
/* Every setting whose key starts with prefix, by key. 0, or -1 with err. */
int store_setting_each(struct store *st, const char *prefix,
		       int (*fn)(const char *key, const char *value, void *arg), void *arg, struct ms_err *err);

/*
 * A round_lock row: what a person decided about a round, which the
 * calendar (rounds.grace_days after the due date) decides otherwise.
 * state "locked" (closed by hand) or "open" (reopened past its closing
 * day); at (ISO, UTC), by, and the reason ("" when none).
 */
struct store_round_lock {
	char state[8], at[32], by[64], reason[512];
};
/* Sets the round's row (insert or replace). */
int store_round_set(struct store *st, const char *plan, const char *due, const char *state,
		    const char *by, const char *reason, struct ms_err *err);
/* Removes the row (the calendar decides again): 1 when there was one, 0 when not. */
int store_round_clear(struct store *st, const char *plan, const char *due, struct ms_err *err);
/* 1 and x filled, 0 when the round has no row (x zeroed), -1. */
int store_round_get(struct store *st, const char *plan, const char *due,
		    struct store_round_lock *x, struct ms_err *err);

/* Who submitted the report journaled under key (the newest report.submit): 1 and who, 0 none, -1. */
int store_report_submitter(struct store *st, const char *key, struct ms_buf *who,
			   struct ms_err *err);

#endif
