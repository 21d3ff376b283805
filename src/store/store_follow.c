/*
 * store_follow.c - SQL of the follow-up (store_follow.h): reminder
 * channels and sends, the units missing a round, 督办单.
 */
#include "db.h"

#include "core/banned.h"

int store_channel_add(struct store *st, const char *org, const char *kind, const char *address,
		      const char *now, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO remind_channel (org, kind, address, added_at) VALUES ($1, $2, $3, $4)";

	return db_run(st, sql, "write reminder channel", err, "tttt", org, kind, address, now);
}

int store_channel_remove(struct store *st, const char *org, const char *kind, const char *address,
			 int64_t *n, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM remind_channel WHERE org = $1 AND kind = $2 AND address = $3";

	if (db_run(st, sql, "remove reminder channel", err, "ttt", org, kind, address))
		return -1;
	*n = db_changes(st);
	return 0;
}

struct channel_each {
	int (*fn)(const char *org, const char *kind, const char *address, void *arg);
	void *arg;
};

static int channel_row(struct db_row *s, void *ctx)
{
	struct channel_each *c = ctx;

	return c->fn(db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), c->arg);
}

int store_channel_each(struct store *st, const char *org,
		       int (*fn)(const char *org, const char *kind, const char *address, void *arg),
		       void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT org, kind, address FROM remind_channel"
				  " WHERE $1 IS NULL OR org = $1 ORDER BY org, kind, address";
	struct channel_each c = { fn, arg };

	return db_rows(st, sql, "read reminder channels", channel_row, &c, err, "t", org) < 0 ? -1 : 0;
}

struct missing_each {
	int (*fn)(const char *org, const char *org_name, const char *indicator, const char *status, void *arg);
	void *arg;
};

static int missing_row(struct db_row *s, void *ctx)
{
	struct missing_each *c = ctx;

	return c->fn(db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3), c->arg);
}

int store_remind_missing(struct store *st, const char *plan, const char *round,
			 int (*fn)(const char *org, const char *org_name, const char *indicator,
				   const char *status, void *arg),
			 void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT a.org, o.name, a.indicator, COALESCE(r.status, '') FROM assignment a"
		" JOIN org o ON o.code = a.org"
		" LEFT JOIN report r ON r.plan = a.plan AND r.indicator = a.indicator AND r.org = a.org"
		"  AND r.round = $2"
		" WHERE a.plan = $1 AND (r.status IS NULL OR r.status IN ('draft', 'returned'))"
		" ORDER BY a.org, a.indicator";
	struct missing_each c = { fn, arg };

	return db_rows(st, sql, "read missing reports", missing_row, &c, err, "tt", plan, round) < 0 ? -1 : 0;
}

int store_remind_add(struct store *st, const struct store_remind_send *s, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO remind_send (plan, round, org, day, kind, addresses, missing, status, sent_at, sent_by)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', $8, $9)";
	static const char stale[] =
		"DELETE FROM remind_send WHERE plan = $1 AND round = $2 AND org = $3 AND day = $4 AND kind = $5"
		" AND status = 'sending' AND sent_at < $6";
	int rc;

	/* a claim left by a process that died while sending is given back after a while */
	if (s->stale_before && db_run(st, stale, "write reminder", err, "tttttt", s->plan, s->round, s->org,
				      s->day, s->kind, s->stale_before))
		return -1;
	rc = store_remind_sent(st, s->plan, s->round, s->org, s->day, s->kind, err);
	if (rc < 0)
		return -1;
	if (rc)
		return ms_err_setk(err, MS_E_CONFLICT, "%s 今天（%s）已就 %s 轮催报过 (already reminded today by %s)",
				   s->org, s->day, s->round, s->kind);
	if (db_run(st, sql, "write reminder", err, "ttttttitt", s->plan, s->round, s->org, s->day, s->kind,
		   s->addresses, s->missing, s->sent_at, s->sent_by))
		return -1;
	*id = db_last_id(st);
	return 0;
}

int store_remind_done(struct store *st, int64_t id, int ok, struct ms_err *err)
{
	static const char sent[] = "UPDATE remind_send SET status = 'sent' WHERE id = $1";
	static const char failed[] = "DELETE FROM remind_send WHERE id = $1 AND status = 'sending'";

	return db_run(st, ok ? sent : failed, "write reminder", err, "i", id);
}

int store_remind_sent(struct store *st, const char *plan, const char *round, const char *org,
		      const char *day, const char *kind, struct ms_err *err)
{
	static const char sql[] = "SELECT id FROM remind_send WHERE plan = $1 AND round = $2 AND org = $3"
				  " AND day = $4 AND kind = $5";
	int64_t id;

	return db_row(st, sql, "read reminders", db_take_int, &id, err, "ttttt", plan, round, org, day, kind);
}

struct remind_each {
	int (*fn)(const struct store_remind_send *s, void *arg);
	void *arg;
};

static int remind_row(struct db_row *r, void *ctx)
{
	struct remind_each *c = ctx;
	struct store_remind_send s = {
		.id = db_col_int(r, 0), .plan = db_col_text(r, 1), .round = db_col_text(r, 2),
		.org = db_col_text(r, 3), .day = db_col_text(r, 4), .kind = db_col_text(r, 5),
		.addresses = db_col_text(r, 6), .missing = db_col_int(r, 7), .sent_at = db_col_text(r, 8),
		.sent_by = db_col_text(r, 9),
	};

	return c->fn(&s, c->arg);
}

int store_remind_each(struct store *st, const char *plan, const char *round,
		      int (*fn)(const struct store_remind_send *s, void *arg), void *arg,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, plan, round, org, day, kind, addresses, missing, sent_at, sent_by FROM remind_send"
		" WHERE plan = $1 AND ($2 IS NULL OR round = $2) AND status = 'sent' ORDER BY id";
	struct remind_each c = { fn, arg };

	return db_rows(st, sql, "read reminders", remind_row, &c, err, "tt", plan, round) < 0 ? -1 : 0;
}

int store_duban_add(struct store *st, const struct store_duban *d, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO duban (plan, indicator, org, what, why, answer_by, issued_by, issued_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

	if (db_run(st, sql, "write supervision notice", err, "tttttttt", d->plan, d->indicator, d->org, d->what,
		   d->why, d->answer_by, d->issued_by, d->issued_at))
		return -1;
	*id = db_last_id(st);
	return 0;
}

int store_duban_answer(struct store *st, int64_t id, const char *answer, const char *by, const char *at,
		       const char *evidence_ref, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE duban SET answer = $2, answered_by = $3, answered_at = $4, evidence_ref = $5"
		" WHERE id = $1 AND answer IS NULL";

	if (db_run(st, sql, "answer supervision notice", err, "itttt", id, answer, by, at, evidence_ref))
		return -1;
	return db_changes(st) == 1;
}

#define DUBAN_COLS \
	"d.id, d.plan, d.indicator, d.org, d.what, d.why, d.answer_by, d.issued_by, d.issued_at," \
	" d.answer, d.answered_by, d.answered_at, d.evidence_ref, o.name" \
	" FROM duban d JOIN org o ON o.code = d.org"

struct duban_each {
	int (*fn)(const struct store_duban *d, void *arg);
	void *arg;
};

static int duban_row(struct db_row *r, void *ctx)
{
	struct duban_each *c = ctx;
	struct store_duban d = {
		.id = db_col_int(r, 0), .plan = db_col_text(r, 1), .indicator = db_col_text(r, 2),
		.org = db_col_text(r, 3), .what = db_col_text(r, 4), .why = db_col_text(r, 5),
		.answer_by = db_col_text(r, 6), .issued_by = db_col_text(r, 7), .issued_at = db_col_text(r, 8),
		.answer = db_col_opt(r, 9), .answered_by = db_col_opt(r, 10), .answered_at = db_col_opt(r, 11),
		.evidence_ref = db_col_opt(r, 12), .org_name = db_col_text(r, 13),
	};

	return c->fn(&d, c->arg);
}

int store_duban_get(struct store *st, int64_t id, int (*fn)(const struct store_duban *d, void *arg),
		    void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT " DUBAN_COLS " WHERE d.id = $1";
	struct duban_each c = { fn, arg };

	return db_row(st, sql, "read supervision notice", duban_row, &c, err, "i", id);
}

int store_duban_each(struct store *st, const char *plan, const char *org, const char *indicator,
		     int (*fn)(const struct store_duban *d, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT " DUBAN_COLS " WHERE d.plan = $1 AND ($2 IS NULL OR d.org = $2)"
				  " AND ($3 IS NULL OR d.indicator = $3) ORDER BY d.id";
	struct duban_each c = { fn, arg };

	return db_rows(st, sql, "read supervision notices", duban_row, &c, err, "ttt", plan, org, indicator) < 0
		       ? -1 : 0;
}
