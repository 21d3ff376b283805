/*
 * store_eval.c - the evaluation's tables: survey responses (summed per item
 * and region), saved, immutable evaluations, and assessors' ratings.
 */
#include "db.h"

#include "core/clock.h"
#include "core/banned.h"

int store_survey_add(struct store *st, const struct store_survey *x, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO survey_response (plan, item_no, region, satisfaction, score, aware, respondent,"
		" batch) VALUES ($1, $2, $3, $4, CASE WHEN $5 = 0 THEN NULL ELSE $5 END,"
		" CASE WHEN $6 < 0 THEN NULL ELSE $6 END, $7, $8)";

	return db_run(st, sql, "write", err, "tittiitt", x->plan, x->item_no, x->region,
		      x->satisfaction, (int64_t)x->score, (int64_t)x->aware, x->respondent, x->batch);
}

struct survey_each {
	int (*fn)(int64_t item_no, const char *region, int64_t n, int64_t satisfied, int64_t aware,
		  int64_t asked, void *arg);
	void *arg;
};

static int survey_row(struct db_row *s, void *ctx)
{
	struct survey_each *c = ctx;

	return c->fn(db_col_int(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_int(s, 3),
		     db_col_int(s, 4), db_col_int(s, 5), c->arg);
}

int store_survey_each(struct store *st, const char *plan,
		      int (*fn)(int64_t item_no, const char *region, int64_t n, int64_t satisfied,
				int64_t aware, int64_t asked, void *arg),
		      void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT item_no, region, COUNT(*),"
		" SUM(CASE WHEN satisfaction IN ('satisfied','basic') THEN 1 ELSE 0 END),"
		" COALESCE(SUM(aware), 0), COUNT(aware) FROM survey_response WHERE plan = $1"
		" GROUP BY item_no, region ORDER BY item_no, region";
	struct survey_each c = { fn, arg };

	/* fn's own non-zero value is returned as it is */
	return db_rows(st, sql, "read survey", survey_row, &c, err, "t", plan);
}

int store_eval_save(struct store *st, const char *plan, int64_t year, const char *as_of,
		    const char *by, const char *doc, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO evaluation (plan, year, as_of, saved_at, saved_by, doc)"
		" VALUES ($1, $2, $3, $4, $5, $6)";
	char now[32];

	ms_clock_now_iso(now);
	if (db_run(st, sql, "write", err, "titttt", plan, year, as_of, now, by, doc))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

struct eval_latest {
	struct ms_buf *doc, *saved;
};

static int eval_row(struct db_row *s, void *ctx)
{
	struct eval_latest *c = ctx;

	ms_buf_reset(c->doc);
	ms_buf_adds(c->doc, db_col_text(s, 0));
	if (c->saved) {
		ms_buf_reset(c->saved);
		ms_buf_addf(c->saved, "第 %lld 号，%s 由 %s 保存", (long long)db_col_int(s, 3),
			    db_col_text(s, 1), db_col_text(s, 2));
	}
	return 0;
}

int store_eval_latest(struct store *st, int64_t year, struct ms_buf *doc, struct ms_buf *saved,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT doc, saved_at, saved_by, id FROM evaluation WHERE year = $1 ORDER BY id DESC LIMIT 1";
	struct eval_latest c = { doc, saved };

	return db_row(st, sql, "read evaluation", eval_row, &c, err, "i", year);
}

int store_rating_add(struct store *st, const struct store_rating *r, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO rating (plan, target_kind, target, score, basis, rated_by, rated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)";

	if (db_run(st, sql, "write rating", err, "tttittt", r->plan, r->kind, r->target, r->score, r->basis,
		   r->by, r->at))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

struct rating_each {
	const char *plan;
	int (*fn)(const struct store_rating *r, void *arg);
	void *arg;
};

static int rating_row(struct db_row *s, void *ctx)
{
	struct rating_each *c = ctx;
	struct store_rating r = {
		.plan = c->plan, .kind = db_col_text(s, 0), .target = db_col_text(s, 1),
		.score = db_col_int(s, 2), .basis = db_col_text(s, 3), .by = db_col_text(s, 4),
		.at = db_col_text(s, 5),
	};

	return c->fn(&r, c->arg);
}

int store_rating_each(struct store *st, const char *plan,
		      int (*fn)(const struct store_rating *r, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT r.target_kind, r.target, r.score, r.basis, r.rated_by, r.rated_at FROM rating r"
		" WHERE r.plan = $1 AND r.id = (SELECT MAX(x.id) FROM rating x WHERE x.plan = r.plan"
		" AND x.target_kind = r.target_kind AND x.target = r.target)"
		" ORDER BY r.target_kind, r.target";
	struct rating_each c = { plan, fn, arg };

	return db_rows(st, sql, "read ratings", rating_row, &c, err, "t", plan);
}
