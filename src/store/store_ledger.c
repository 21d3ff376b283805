/*
 * store_ledger.c - the ledger's tables: regional targets (assignments),
 * reports and their review, sites (点位), settings and locked rounds.
 */
#include "db.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

int store_assign_put(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t target, const char *now, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO assignment (plan, indicator, org, target, updated_at) VALUES ($1, $2, $3, $4, $5)"
		" ON CONFLICT (plan, indicator, org) DO UPDATE SET target = excluded.target,"
		" updated_at = excluded.updated_at";

	return db_run(st, sql, "write", err, "tttit", plan, indicator, org, target, now);
}

int store_assign_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t *target, struct ms_err *err)
{
	static const char sql[] =
		"SELECT target FROM assignment WHERE plan = $1 AND indicator = $2 AND org = $3";

	return db_row(st, sql, "read assignment", db_take_int, target, err, "ttt", plan, indicator,
		      org);
}

struct assign_each {
	int (*fn)(const char *indicator, const char *org, int64_t target, void *arg);
	void *arg;
};

static int assign_row(struct db_row *s, void *ctx)
{
	struct assign_each *c = ctx;

	return c->fn(db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2), c->arg) ? 1 : 0;
}

int store_assign_each(struct store *st, const char *plan,
		      int (*fn)(const char *indicator, const char *org, int64_t target, void *arg),
		      void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT indicator, org, target FROM assignment WHERE plan = $1 ORDER BY indicator, org";
	struct assign_each c = { fn, arg };

	return db_rows(st, sql, "read assignments", assign_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

#define REPORT_COLS "plan, indicator, org, round, value, numerator, denominator, narrative," \
	" reason, status, submitted_at, reviewed_at, review_note, origin, review_level"

int store_report_put(struct store *st, const struct store_report *r, const char *now,
		     struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO report (" REPORT_COLS ", updated_at) VALUES"
		" ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
		" ON CONFLICT (plan, indicator, org, round) DO UPDATE SET value = excluded.value,"
		" numerator = excluded.numerator, denominator = excluded.denominator,"
		" narrative = excluded.narrative, reason = excluded.reason, status = excluded.status,"
		" submitted_at = excluded.submitted_at, reviewed_at = excluded.reviewed_at,"
		" review_note = excluded.review_note, origin = excluded.origin,"
		" review_level = excluded.review_level, updated_at = excluded.updated_at";

	return db_run(st, sql, "write report", err, "ttttIIItttIIttit", r->plan, r->indicator,
		      r->org, r->round, r->has_value ? &r->value : NULL,
		      r->has_ratio ? &r->numerator : NULL, r->has_ratio ? &r->denominator : NULL,
		      r->narrative, r->reason, r->status,
		      r->submitted_at >= 0 ? &r->submitted_at : NULL,
		      r->reviewed_at >= 0 ? &r->reviewed_at : NULL, r->review_note, r->origin, r->review_level, now);
}

struct report_each {
	int (*fn)(const struct store_report *r, void *arg);
	void *arg;
	int stop;      /* what to return when fn asks to stop */
};

static int report_row(struct db_row *s, void *ctx)
{
	struct report_each *c = ctx;
	struct store_report r = {
		.plan = db_col_text(s, 0),
		.indicator = db_col_text(s, 1),
		.org = db_col_text(s, 2),
		.round = db_col_text(s, 3),
		.has_value = !db_col_null(s, 4),
		.value = db_col_int(s, 4),
		.has_ratio = !db_col_null(s, 5),
		.numerator = db_col_int(s, 5),
		.denominator = db_col_int(s, 6),
		.narrative = db_col_opt(s, 7),
		.reason = db_col_opt(s, 8),
		.status = db_col_text(s, 9),
		.submitted_at = db_col_null(s, 10) ? -1 : db_col_int(s, 10),
		.reviewed_at = db_col_null(s, 11) ? -1 : db_col_int(s, 11),
		.review_note = db_col_opt(s, 12),
		.origin = db_col_text(s, 13),
		.review_level = db_col_int(s, 14),
	};

	return c->fn(&r, c->arg) ? c->stop : 0;
}

int store_report_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *round,
		     int (*fn)(const struct store_report *r, void *arg), void *arg,
		     struct ms_err *err)
{
	static const char sql[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND indicator = $2 AND org = $3"
		" AND round = $4";
	struct report_each c = { fn, arg, 0 };

	return db_row(st, sql, "read report", report_row, &c, err, "tttt", plan, indicator, org,
		      round);
}

int store_report_each(struct store *st, const char *plan, const char *indicator, const char *org,
		      int (*fn)(const struct store_report *r, void *arg), void *arg,
		      struct ms_err *err)
{
	/*
	 * One statement per filter: "($2 IS NULL OR indicator = $2)" keeps the
	 * planner off the primary key, and the 报送 and 审核 pages ask for one
	 * indicator and region per row (a scan of the plan's reports each).
	 */
	static const char sql_all[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND $2 IS NULL AND $3 IS NULL"
		" ORDER BY indicator, org, round";
	static const char sql_ind[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND indicator = $2 AND $3 IS NULL"
		" ORDER BY indicator, org, round";
	static const char sql_org[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND $2 IS NULL AND org = $3"
		" ORDER BY indicator, org, round";
	static const char sql_one[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND indicator = $2 AND org = $3"
		" ORDER BY indicator, org, round";
	const char *sql = indicator ? (org ? sql_one : sql_ind) : (org ? sql_org : sql_all);
	struct report_each c = { fn, arg, 1 };

	return db_rows(st, sql, "read reports", report_row, &c, err, "ttt", plan, indicator,
		       org) < 0 ? -1 : 0;
}

/*
 * The previous-value rule (上期), shared by the two statements that read
 * it: a report of an earlier round with a value, submitted or approved —
 * the latest such is the previous value. (progress_data.c's rows apply the
 * same rule for the 报送 page: ledger/entry.c.)
 */
#define PREV_RULE "value IS NOT NULL AND status IN ('submitted', 'approved')"

static int prev_one(struct db_row *s, void *ctx)
{
	struct store_report_prev *p = ctx;

	p->found = 1;
	snprintf(p->round, sizeof(p->round), "%s", db_col_text(s, 0));
	p->value = db_col_int(s, 1);
	return 0;
}

int store_report_prev(struct store *st, const char *plan, const char *indicator, const char *org,
		      const char *round, struct store_report_prev *p, struct ms_err *err)
{
	static const char sql[] =
		"SELECT round, value FROM report WHERE plan = $1 AND org = $2 AND indicator = $3 AND round < $4"
		" AND " PREV_RULE " ORDER BY round DESC LIMIT 1";

	memset(p, 0, sizeof(*p));
	return db_row(st, sql, "read report", prev_one, p, err, "tttt", plan, org, indicator, round) < 0 ? -1 : 0;
}

static int beside_row(struct db_row *s, void *ctx)
{
	struct store_report_beside *x = ctx;

	x->has_target = !db_col_null(s, 0);
	x->target = db_col_int(s, 0);
	x->has_prev = !db_col_null(s, 1) && !db_col_null(s, 2);
	snprintf(x->prev_round, sizeof(x->prev_round), "%s", x->has_prev ? db_col_text(s, 1) : "");
	x->prev_value = db_col_int(s, 2);
	x->has_submitter = !db_col_null(s, 3);
	snprintf(x->submitter, sizeof(x->submitter), "%s", x->has_submitter ? db_col_text(s, 3) : "");
	x->evidence = db_col_int(s, 4);
	return 0;
}

int store_report_beside(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, struct store_report_beside *x, struct ms_err *err)
{
	/* the conditions of store_assign_get, store_report_submitter and store_evidence_count; the previous round's below */
#define PREV_OF(col) \
	"(SELECT " col " FROM report WHERE plan = $1 AND indicator = $2 AND org = $3 AND round < $4" \
	" AND " PREV_RULE " ORDER BY round DESC LIMIT 1)"
	static const char sql[] =
		"SELECT (SELECT target FROM assignment WHERE plan = $1 AND indicator = $2 AND org = $3), "
		PREV_OF("round") ", " PREV_OF("value") ","
		" (SELECT actor FROM journal WHERE tbl = 'report' AND key = $5"
		"  AND action = 'report.submit' ORDER BY id DESC LIMIT 1),"
		" (SELECT COUNT(*) FROM evidence WHERE plan = $1 AND indicator = $2 AND org = $3"
		"  AND ((target = 'report' AND round = $4) OR target = 'site'))";
#undef PREV_OF
	char key[200];

	memset(x, 0, sizeof(*x));
	snprintf(key, sizeof(key), "%s/%s/%s/%s", plan, indicator, org, round);
	return db_row(st, sql, "read report", beside_row, x, err, "ttttt", plan, indicator, org, round,
		      key) < 0 ? -1 : 0;
}

int store_report_review(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, const char *status, int64_t at, const char *note,
			int64_t level, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE report SET status = $5, reviewed_at = $6, review_note = $7, review_level = $8"
		" WHERE plan = $1 AND indicator = $2 AND org = $3 AND round = $4";

	return db_run(st, sql, "write", err, "tttttiti", plan, indicator, org, round, status, at,
		      note, level);
}

int store_setting_put(struct store *st, const char *key, const char *value, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO setting (key, value) VALUES ($1, $2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";

	return db_run(st, sql, "write", err, "tt", key, value);
}

int store_setting_get(struct store *st, const char *key, struct ms_buf *value, struct ms_err *err)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = $1";

	return db_row(st, sql, "read setting", db_take_text, value, err, "t", key);
}

struct setting_each { int (*fn)(const char *key, const char *value, void *arg); void *arg; };

static int setting_row(struct db_row *s, void *ctx)
{
	struct setting_each *c = ctx;

	return c->fn(db_col_text(s, 0), db_col_text(s, 1), c->arg) ? 1 : 0;
}

int store_setting_each(struct store *st, const char *prefix,
		       int (*fn)(const char *key, const char *value, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT key, value FROM setting WHERE substr(key, 1, length($1)) = $1 ORDER BY key";
	struct setting_each c = { fn, arg };

	return db_rows(st, sql, "read settings", setting_row, &c, err, "t", prefix) < 0 ? -1 : 0;
}

int store_site_add(struct store *st, const struct store_site *x, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO site (plan, indicator, org, name, address, kind, lat_e6, lon_e6,"
		" delivered_on, status, quantity, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
		" $10, $11, $12)";
	int rc;

	rc = db_run(st, sql, "write", err, "ttttttIIttit", x->plan, x->indicator, x->org, x->name,
		    x->address, x->kind, x->has_coords ? &x->lat_e6 : NULL,
		    x->has_coords ? &x->lon_e6 : NULL, x->delivered_on, x->status, x->quantity,
		    x->origin);
	if (!rc && id)
		*id = db_last_id(st);
	return rc;
}

struct site_each {
	int (*fn)(const struct store_site *s, void *arg);
	void *arg;
};

static int site_row(struct db_row *s, void *ctx)
{
	struct site_each *c = ctx;
	struct store_site z = {
		db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_opt(s, 7),
		db_col_text(s, 8), db_col_text(s, 9), (int)db_col_int(s, 10), db_col_int(s, 11),
		db_col_int(s, 12), db_col_int(s, 13),
	};

	return c->fn(&z, c->arg) ? 1 : 0;
}

int store_site_each(struct store *st, const char *plan, const char *indicator, const char *org,
		    int (*fn)(const struct store_site *s, void *arg), void *arg, struct ms_err *err)
{
#define SITE_SELECT "SELECT id, plan, indicator, org, name, address, kind, delivered_on, status, origin," \
	" CASE WHEN lat_e6 IS NULL THEN 0 ELSE 1 END, COALESCE(lat_e6, 0), COALESCE(lon_e6, 0), quantity FROM site"
	/* one statement per filter, so the index on (plan, indicator, org) serves them (store_report_each) */
	static const char sql_all[] = SITE_SELECT " WHERE plan = $1 AND $2 IS NULL AND $3 IS NULL ORDER BY id";
	static const char sql_ind[] = SITE_SELECT " WHERE plan = $1 AND indicator = $2 AND $3 IS NULL ORDER BY id";
	static const char sql_org[] = SITE_SELECT " WHERE plan = $1 AND $2 IS NULL AND org = $3 ORDER BY id";
	static const char sql_one[] = SITE_SELECT " WHERE plan = $1 AND indicator = $2 AND org = $3 ORDER BY id";
#undef SITE_SELECT
	const char *sql = indicator ? (org ? sql_one : sql_ind) : (org ? sql_org : sql_all);
	struct site_each c = { fn, arg };

	return db_rows(st, sql, "read sites", site_row, &c, err, "ttt", plan, indicator, org) < 0
		       ? -1 : 0;
}

struct site_sums {
	int (*fn)(const struct store_site_sum *s, void *arg);
	void *arg;
};

static int site_sum_row(struct db_row *s, void *ctx)
{
	struct site_sums *c = ctx;
	const char *on = db_col_opt(s, 3);
	int done = !strcmp(db_col_text(s, 2), "delivered") && on && *on;
	struct store_site_sum z = {
		db_col_text(s, 0), db_col_text(s, 1), done ? on : "", done, db_col_int(s, 4),
	};

	return c->fn(&z, c->arg) ? 1 : 0;
}

int store_site_sums(struct store *st, const char *plan, int (*fn)(const struct store_site_sum *s, void *arg),
		    void *arg, struct ms_err *err)
{
	/*
	 * a region's sites by status and day: progress needs no more of ten
	 * million rows than their sums. The grouping is the index's own order
	 * (migration 16), so the rows come from the index alone, no sort
	 */
	static const char sql[] =
		"SELECT indicator, org, status, delivered_on, SUM(quantity) FROM site WHERE plan = $1"
		" GROUP BY indicator, org, status, delivered_on ORDER BY indicator, org, status, delivered_on";
	struct site_sums c = { fn, arg };

	return db_rows(st, sql, "sum sites", site_sum_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

int store_site_count(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *until, int64_t *n, struct ms_err *err)
{
	static const char sql[] =
		"SELECT COALESCE(SUM(quantity), 0) FROM site WHERE plan = $1 AND indicator = $2"
		" AND org = $3 AND status = 'delivered' AND delivered_on <= $4";
	int rc = db_row(st, sql, "count sites", db_take_int, n, err, "tttt", plan, indicator, org,
			until);

	return rc == 1 ? 0 : -1;
}

int store_round_set(struct store *st, const char *plan, const char *due, const char *state,
		    const char *by, const char *reason, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO round_lock (plan, due_on, locked_at, locked_by, state, reason)"
		" VALUES ($1, $2, $3, $4, $5, $6)"
		" ON CONFLICT (plan, due_on) DO UPDATE SET locked_at = excluded.locked_at,"
		" locked_by = excluded.locked_by, state = excluded.state, reason = excluded.reason";
	char now[32];

	ms_clock_now_iso(now);
	return db_run(st, sql, "write", err, "tttttt", plan, due, now, by, state, reason);
}

int store_round_clear(struct store *st, const char *plan, const char *due, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM round_lock WHERE plan = $1 AND due_on = $2";

	if (db_run(st, sql, "write", err, "tt", plan, due))
		return -1;
	return db_changes(st) ? 1 : 0;
}

static int lock_row(struct db_row *s, void *ctx)
{
	struct store_round_lock *x = ctx;

	db_col_copy(x->state, sizeof(x->state), s, 0);
	db_col_copy(x->at, sizeof(x->at), s, 1);
	db_col_copy(x->by, sizeof(x->by), s, 2);
	db_col_copy(x->reason, sizeof(x->reason), s, 3);
	return 0;
}

int store_round_get(struct store *st, const char *plan, const char *due,
		    struct store_round_lock *x, struct ms_err *err)
{
	static const char sql[] =
		"SELECT state, locked_at, locked_by, COALESCE(reason, '') FROM round_lock"
		" WHERE plan = $1 AND due_on = $2";

	memset(x, 0, sizeof(*x));
	return db_row(st, sql, "read round lock", lock_row, x, err, "tt", plan, due);
}

int store_report_submitter(struct store *st, const char *key, struct ms_buf *who,
			   struct ms_err *err)
{
	static const char sql[] =
		"SELECT actor FROM journal WHERE tbl = 'report' AND key = $1"
		" AND action = 'report.submit' ORDER BY id DESC LIMIT 1";

	return db_row(st, sql, "read journal", db_take_text, who, err, "t", key);
}
