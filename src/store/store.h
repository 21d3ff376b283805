/*
 * store.h - the only place SQL lives. Services call these functions; none
 * of them sees a statement. The embedded backend is SQLite (WAL, foreign
 * keys, STRICT tables); every statement is prepared, with $N parameters,
 * in SQL that PostgreSQL accepts too, so a second backend can sit behind
 * the same functions.
 *
 * Where each lives: db.c (the connection, transactions, the journal, counts
 * and checks; the only file that calls SQLite), store_plan.c (organisations,
 * sources, plans, items, indicators, provenance, rounds, notes),
 * store_ledger.c (assignments, reports, sites, settings, round locks),
 * store_auth.c (users, sessions, failed logins), store_eval.c (surveys,
 * saved evaluations). The domain files hold SQL text only and go through
 * the helpers of the internal db.h.
 *
 * Writes: a unit of work opens with store_begin, adds its store_journal row
 * inside the same transaction, and closes with store_end, which commits
 * when the work returned 0 and rolls back otherwise; nothing half-written
 * survives.
 *
 * Reads: the *_each functions call fn for each row, the row's strings valid
 * until fn returns; fn returns non-zero to stop early (the function then
 * returns 0, except store_user_each and store_survey_each, which return
 * fn's value). The *_get functions return 1 with the row, 0 when there is
 * none, -1 on error.
 */
#ifndef MS_STORE_H
#define MS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

enum store_mode {
	STORE_READ = 0,    /* the database must exist and be current */
	STORE_WRITE,       /* must exist; migrated to the current schema if older */
	STORE_CREATE,      /* must not exist; created with the current schema */
};

/* The schema version this binary writes (PRAGMA user_version). */
int store_schema_version(void);

/* Opens path; 0 or -1 with err naming the path. */
int store_open(struct store **st, const char *path, enum store_mode mode, struct ms_err *err);
void store_close(struct store *st);

int store_begin(struct store *st, struct ms_err *err);
int store_commit(struct store *st, struct ms_err *err);
void store_rollback(struct store *st);

/*
 * Ends the unit of work store_begin opened: rc == 0 commits, anything else
 * (or a failed commit) rolls back. Returns 0 when committed, else -1 with err
 * as the work or the commit left it. The one way a service closes a write:
 *
 *	if (store_begin(st, err))
 *		return -1;
 *	return store_end(st, do_the_work(st, ..., err), err);
 */
int store_end(struct store *st, int rc, struct ms_err *err);

/*
 * A number that changes whenever the database may have changed as this
 * connection sees it: PRAGMA data_version (moved on by commits of OTHER
 * connections and processes) combined with sqlite3_total_changes64() (this
 * connection's own writes). Equal values mean nothing was written in
 * between, so an answer computed from the database may be reused. One
 * cheap statement; -1 on error (treat as "changed").
 */
int64_t store_data_version(struct store *st);

/*
 * Appends one audit row: who (actor), what (action, e.g. "plan.load"),
 * where (tbl, key), and the before/after values as JSON text (NULL = none).
 */
int store_journal(struct store *st, const char *actor, const char *action, const char *tbl,
		  const char *key, const char *before, const char *after, struct ms_err *err);
/* The same with `after` as JSON (NULL: none), which it takes (decrefs). */
int store_journal_json(struct store *st, const char *actor, const char *action, const char *tbl,
		       const char *key, const char *before, json_t *after, struct ms_err *err);

/* ---- organisations ---- */
int store_org_put(struct store *st, const char *code, const char *name, const char *kind,
		  const char *parent, struct ms_err *err);

struct store_org {
	const char *code, *name, *kind, *parent;
};
/* Calls fn for each org (kind NULL: all) in code order; stops when fn returns non-zero. */
int store_org_each(struct store *st, const char *kind,
		   int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err);

/* ---- plans ---- */
struct store_plan {
	const char *id, *title, *issuer, *issued_on, *region_code, *start_on, *source_sha256;
	int64_t year;
	const char *doc;          /* the whole plan document, JSON */
};
int store_source_put(struct store *st, const char *sha256, const char *bytes, size_t len,
		     struct ms_err *err);
/* Returns 1 and fills b, 0 when no such source, -1 on error. */
int store_source_get(struct store *st, const char *sha256, struct ms_buf *b, struct ms_err *err);

int store_plan_put(struct store *st, const struct store_plan *p, struct ms_err *err);
int store_item_put(struct store *st, const char *plan, int64_t no, const char *title,
		   int present, struct ms_err *err);
int store_item_unit_put(struct store *st, const char *plan, int64_t no, const char *role,
			int64_t seq, const char *org, const char *basis, struct ms_err *err);

struct store_indicator {
	const char *plan, *id;
	int64_t item_no;
	const char *name, *kind, *unit, *comparator, *aggregation; /* unit, comparator may be NULL */
	int has_target, has_baseline;
	int64_t target, baseline;
};
int store_indicator_put(struct store *st, const struct store_indicator *ind, struct ms_err *err);

struct store_prov {
	const char *plan, *subject;  /* subject: "indicator:1.loans_new", "item:1:title" … */
	int64_t seq;
	const char *quote, *basis, *note, *citation;  /* quote, note, citation may be NULL */
	int64_t offset, length;                       /* -1 when no quote */
};
int store_prov_put(struct store *st, const struct store_prov *p, struct ms_err *err);

int store_round_put(struct store *st, const char *plan, const char *due_on, const char *kind,
		    const char *label, struct ms_err *err);
int store_note_put(struct store *st, const char *plan, const char *id, const char *flag,
		   int64_t item_no, const char *topic, const char *text, struct ms_err *err);

struct store_plan_summary {
	const char *id, *title, *issuer, *issued_on, *loaded_at;
	int64_t year, items, indicators, notes_open;
};
int store_plan_each(struct store *st, int (*fn)(const struct store_plan_summary *p, void *arg),
		    void *arg, struct ms_err *err);

/* Returns 1 and fills doc with the stored JSON document, 0 when no such plan, -1 on error. */
int store_plan_doc(struct store *st, const char *id, struct ms_buf *doc, struct ms_err *err);

/* ---- the ledger (schema 2) ---- */

/*
 * The current plan's id into id: the latest year's, and of that year the one
 * loaded first (a draft imported later does not displace the plan being
 * tracked): 1, 0 when there is none, -1 on error.
 */
int store_plan_latest(struct store *st, struct ms_buf *id, struct ms_err *err);
/* The same for one year (0: the latest year): 1, 0 when that year has no plan, -1. */
int store_plan_of_year(struct store *st, int64_t year, struct ms_buf *id, struct ms_err *err);
/* The plan's start_on ("2023-01-01"): 1, 0 when no such plan, -1. */
int store_plan_start(struct store *st, const char *plan, struct ms_buf *start, struct ms_err *err);

/* Each indicator of the plan in item order (the struct's strings live until fn returns). */
int store_indicator_each(struct store *st, const char *plan,
			 int (*fn)(const struct store_indicator *ind, void *arg), void *arg,
			 struct ms_err *err);
/* Each item present in the source: number, title, lead and responsible unit codes comma-separated. */
int store_item_each(struct store *st, const char *plan,
		    int (*fn)(int64_t no, const char *title, const char *leads,
			      const char *responsible, void *arg),
		    void *arg, struct ms_err *err);
int store_round_each(struct store *st, const char *plan,
		     int (*fn)(const char *due_on, const char *kind, const char *label, void *arg),
		     void *arg, struct ms_err *err);

struct store_org_row {
	char code[32], name[128], kind[16], parent[32];
};
/* 1 and o filled, 0 when there is no such org, -1 on error. */
int store_org_get(struct store *st, const char *code, struct store_org_row *o, struct ms_err *err);

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

/* Sets status (approved / returned), reviewed_at and the review note of one report. */
int store_report_review(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, const char *status, int64_t at, const char *note,
			struct ms_err *err);

struct store_journal_row {
	int64_t id;
	const char *at, *actor, *action, *tbl, *key, *before, *after; /* before/after may be NULL */
};
/* Journal rows in order; since (an ISO time prefix), tbl and key_prefix filter when not NULL. */
int store_journal_each(struct store *st, const char *since, const char *tbl, const char *key_prefix,
		       int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
		       struct ms_err *err);

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

/* SUM(quantity) of delivered sites of one indicator and org delivered on or before `until` (ISO). */
int store_site_count(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *until, int64_t *n, struct ms_err *err);

int store_setting_put(struct store *st, const char *key, const char *value, struct ms_err *err);
/* 1 and value filled, 0 when unset, -1. */
int store_setting_get(struct store *st, const char *key, struct ms_buf *value, struct ms_err *err);

/* ---- people, sessions, login throttling, locked rounds ---- */
struct store_user {
	char name[64], role[16], org[32], password_hash[160], created_at[32];
};
/* Inserts a user; 1 when the name is taken (nothing written), 0, -1. */
int store_user_add(struct store *st, const struct store_user *u, struct ms_err *err);
int store_user_set_hash(struct store *st, const char *name, const char *hash, struct ms_err *err);
/* 1 and *u filled, 0 when there is no such user, -1. */
int store_user_get(struct store *st, const char *name, struct store_user *u, struct ms_err *err);
int store_user_each(struct store *st, int (*fn)(const struct store_user *u, void *arg), void *arg,
		    struct ms_err *err);

int store_session_put(struct store *st, const char *token_hash, const char *user, const char *kind,
		      int64_t created_at, int64_t expires_at, struct ms_err *err);
/* The user of an unexpired session: 1 and *u (no hash) and *kind filled, 0 when none, -1. */
int store_session_get(struct store *st, const char *token_hash, int64_t now, struct store_user *u,
		      char kind[8], struct ms_err *err);
int store_session_delete(struct store *st, const char *token_hash, struct ms_err *err);
/* Deletes the expired sessions, and every session of `user` when user is set. */
int store_session_purge(struct store *st, int64_t now, const char *user, struct ms_err *err);

/* Failed logins under key ("u:NAME", "a:ADDRESS"): 1 and count/last filled, 0 when none. */
int store_login_failure_get(struct store *st, const char *key, int64_t *count, int64_t *last,
			    struct ms_err *err);
int store_login_failure_put(struct store *st, const char *key, int64_t count, int64_t last,
			    struct ms_err *err);
int store_login_failure_clear(struct store *st, const char *key, struct ms_err *err);

/* Locks a round against new reports (by whom, when); 1 when already locked. */
int store_round_lock(struct store *st, const char *plan, const char *due, const char *by,
		     struct ms_err *err);
/* 1 when it was locked and is now open, 0 when it was not locked. */
int store_round_unlock(struct store *st, const char *plan, const char *due, struct ms_err *err);
/* 1 locked (by/at filled when given), 0 open, -1. */
int store_round_locked(struct store *st, const char *plan, const char *due, struct ms_buf *by,
		       struct ms_err *err);
/* 1 when org leads (牵头) item no of the plan, 0 when not, -1. */
int store_item_led_by(struct store *st, const char *plan, int64_t no, const char *org,
		      struct ms_err *err);

/* ---- the evaluation ---- */
struct store_survey {
	const char *plan, *region, *satisfaction, *respondent, *batch;
	int64_t item_no;
	int score;      /* 1-5, 0 when the answer was a category */
	int aware;      /* 1, 0, or -1 when not asked */
};
int store_survey_add(struct store *st, const struct store_survey *s, struct ms_err *err);
/* Per item and region: responses, satisfied (满意 + 基本满意), aware, asked about awareness. */
int store_survey_each(struct store *st, const char *plan,
		      int (*fn)(int64_t item_no, const char *region, int64_t n, int64_t satisfied,
				int64_t aware, int64_t asked, void *arg),
		      void *arg, struct ms_err *err);
/* Saves an evaluation (immutable); *id its number. */
int store_eval_save(struct store *st, const char *plan, int64_t year, const char *as_of,
		    const char *by, const char *doc, int64_t *id, struct ms_err *err);
/* The newest saved evaluation of a year: 1 and doc (and saved "at by") filled, 0 none. */
int store_eval_latest(struct store *st, int64_t year, struct ms_buf *doc, struct ms_buf *saved,
		      struct ms_err *err);

/* Counts rows of a table by name (whitelisted names only); -1 on error. */
int64_t store_count(struct store *st, const char *table, struct ms_err *err);

/* PRAGMA integrity_check == ok: 0, else -1 with the first problem. */
int store_check(struct store *st, struct ms_err *err);

#endif
