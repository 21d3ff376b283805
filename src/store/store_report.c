/*
 * store_report.c - the issued bulletins' table: add (once: the table is
 * immutable), one by id or by number, and the list with the corrections
 * either way.
 */
#include "db.h"

#include "core/clock.h"
#include "core/banned.h"

/* the columns every read takes, in the order bulletin_row reads them */
#define BULLETIN_COLS \
	"b.id, b.plan, b.round, b.as_of, b.number, b.issued_at, b.issued_by," \
	" COALESCE(b.corrects, 0), COALESCE(o.number, ''), COALESCE(c.id, 0), COALESCE(c.number, '')," \
	" b.doc FROM bulletin b LEFT JOIN bulletin o ON o.id = b.corrects" \
	" LEFT JOIN bulletin c ON c.corrects = b.id"

static void bulletin_row(struct db_row *s, struct store_bulletin *b)
{
	b->id = db_col_int(s, 0);
	db_col_copy(b->plan, sizeof(b->plan), s, 1);
	db_col_copy(b->round, sizeof(b->round), s, 2);
	db_col_copy(b->as_of, sizeof(b->as_of), s, 3);
	db_col_copy(b->number, sizeof(b->number), s, 4);
	db_col_copy(b->issued_at, sizeof(b->issued_at), s, 5);
	db_col_copy(b->issued_by, sizeof(b->issued_by), s, 6);
	b->corrects = db_col_int(s, 7);
	db_col_copy(b->corrects_number, sizeof(b->corrects_number), s, 8);
	b->corrected_by = db_col_int(s, 9);
	db_col_copy(b->corrected_by_number, sizeof(b->corrected_by_number), s, 10);
}

int store_bulletin_add(struct store *st, const struct store_bulletin *b, const char *doc, int64_t *id,
		       struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO bulletin (plan, round, as_of, number, issued_at, issued_by, corrects, doc)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	char now[32];

	if (b->issued_at[0])
		snprintf(now, sizeof(now), "%s", b->issued_at);
	else
		ms_clock_now_iso(now);
	if (db_run(st, sql, "write bulletin", err, "ttttttIt", b->plan, b->round, b->as_of, b->number, now,
		   b->issued_by, b->corrects ? &b->corrects : NULL, doc))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

struct bulletin_get {
	struct store_bulletin *b;
	struct ms_buf *doc;
};

static int get_row(struct db_row *s, void *ctx)
{
	struct bulletin_get *g = ctx;

	bulletin_row(s, g->b);
	if (g->doc) {
		size_t n;
		const void *p = db_col_blob(s, 11, &n);

		ms_buf_reset(g->doc);
		ms_buf_add(g->doc, p, n);
	}
	return 0;
}

int store_bulletin_get(struct store *st, int64_t id, struct store_bulletin *b, struct ms_buf *doc,
		       struct ms_err *err)
{
	static const char sql[] = "SELECT " BULLETIN_COLS " WHERE b.id = $1";
	struct bulletin_get g = { b, doc };

	return db_row(st, sql, "read bulletin", get_row, &g, err, "i", id);
}

int store_bulletin_by_number(struct store *st, const char *plan, const char *number, int64_t *id,
			     struct ms_err *err)
{
	static const char sql[] = "SELECT id FROM bulletin WHERE plan = $1 AND number = $2";

	return db_row(st, sql, "read bulletin", db_take_int, id, err, "tt", plan, number);
}

struct bulletin_each {
	int (*fn)(const struct store_bulletin *b, void *arg);
	void *arg;
};

static int each_row(struct db_row *s, void *ctx)
{
	struct bulletin_each *c = ctx;
	struct store_bulletin b;

	bulletin_row(s, &b);
	return c->fn(&b, c->arg);
}

int store_bulletin_each(struct store *st, const char *plan,
			int (*fn)(const struct store_bulletin *b, void *arg), void *arg,
			struct ms_err *err)
{
	static const char sql[] = "SELECT " BULLETIN_COLS " WHERE $1 IS NULL OR b.plan = $1 ORDER BY b.id";
	struct bulletin_each c = { fn, arg };

	return db_rows(st, sql, "read bulletins", each_row, &c, err, "t", plan) < 0 ? -1 : 0;
}
