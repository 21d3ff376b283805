/*
 * store_evidence.c - the evidence tables: each file once by its SHA-256
 * (evidence_file: the bytes, what the content said, the EXIF-free
 * thumbnail and public copy) and its links to reports and sites (evidence).
 */
#include "db.h"

#include <string.h>

#include "core/banned.h"

int store_ev_file_put(struct store *st, const struct store_ev_file *f, const char *now,
		      struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO evidence_file (sha256, type, size, width, height, taken_at, lat_e6, lon_e6,"
		" bytes, thumb, public_copy, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
		" ON CONFLICT (sha256) DO NOTHING";

	if (db_run(st, sql, "write", err, "ttiIItIIbbbt", f->sha256, f->type, f->size,
		   f->has_dims ? &f->width : NULL, f->has_dims ? &f->height : NULL,
		   f->has_time ? f->taken_at : NULL, f->has_gps ? &f->lat_e6 : NULL,
		   f->has_gps ? &f->lon_e6 : NULL, f->bytes, (size_t)f->size, f->thumb, f->thumb_len,
		   f->public_copy, f->public_len, now))
		return -1;
	return db_changes(st) > 0 ? 1 : 0;
}

int store_evidence_add(struct store *st, const struct store_evidence *e, int64_t *id,
		       struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO evidence (plan, target, indicator, org, round, site, sha256, kind, name, note,"
		" uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

	if (db_run(st, sql, "write", err, "tttttItttttt", e->plan, e->target, e->indicator, e->org,
		   e->round, e->site ? &e->site : NULL, e->sha256, e->kind, e->name, e->note, e->by, e->at))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

struct ev_each {
	int (*fn)(const struct store_evidence *e, void *arg);
	void *arg;
};

static int ev_row(struct db_row *r, void *ctx)
{
	struct ev_each *c = ctx;
	struct store_evidence e;

	memset(&e, 0, sizeof(e));
	e.id = db_col_int(r, 0);
	e.plan = db_col_text(r, 1);
	e.target = db_col_text(r, 2);
	e.indicator = db_col_text(r, 3);
	e.org = db_col_text(r, 4);
	e.round = db_col_text(r, 5);
	e.site = db_col_int(r, 6);
	e.sha256 = db_col_text(r, 7);
	e.kind = db_col_text(r, 8);
	e.name = db_col_text(r, 9);
	e.note = db_col_text(r, 10);
	e.by = db_col_text(r, 11);
	e.at = db_col_text(r, 12);
	e.type = db_col_text(r, 13);
	e.size = db_col_int(r, 14);
	e.width = db_col_int(r, 15);
	e.height = db_col_int(r, 16);
	e.has_time = !db_col_null(r, 17);
	e.taken_at = db_col_text(r, 17);
	e.has_gps = !db_col_null(r, 18) && !db_col_null(r, 19);
	e.lat_e6 = db_col_int(r, 18);
	e.lon_e6 = db_col_int(r, 19);
	e.site_delivered_on = db_col_text(r, 20);
	e.has_site_pos = !db_col_null(r, 21) && !db_col_null(r, 22);
	e.site_lat_e6 = db_col_int(r, 21);
	e.site_lon_e6 = db_col_int(r, 22);
	e.report_status = db_col_text(r, 23);
	return c->fn(&e, c->arg) ? 1 : 0;
}

int store_evidence_each(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, int sites_too, int64_t site, int64_t id,
			int (*fn)(const struct store_evidence *e, void *arg), void *arg,
			struct ms_err *err)
{
#define EV_SELECT \
		"SELECT e.id, e.plan, e.target, e.indicator, e.org, e.round, COALESCE(e.site, 0), e.sha256," \
		" e.kind, e.name, e.note, e.uploaded_by, e.uploaded_at, f.type, f.size, COALESCE(f.width, 0)," \
		" COALESCE(f.height, 0), f.taken_at, f.lat_e6, f.lon_e6, s.delivered_on, s.lat_e6, s.lon_e6," \
		" r.status" \
		" FROM evidence e JOIN evidence_file f ON f.sha256 = e.sha256" \
		" LEFT JOIN site s ON s.id = e.site" \
		" LEFT JOIN report r ON e.target = 'report' AND r.plan = e.plan AND r.indicator = e.indicator" \
		"  AND r.org = e.org AND r.round = e.round"
#define EV_REST \
		" AND ($4 IS NULL OR (e.target = 'report' AND e.round = $4) OR ($5 = 1 AND e.target = 'site'))" \
		" AND ($6 = 0 OR e.site = $6) AND ($7 = 0 OR e.id = $7)" \
		" ORDER BY e.id"
	/*
	 * One statement for one report's cell (indicator and region given: the
	 * 审核 and 报送 pages ask it per row) on the evidence_of index, one for
	 * the rest: "($2 IS NULL OR e.indicator = $2)" keeps SQLite to the plan's
	 * prefix, a scan of the plan's evidence for every row of a page.
	 */
	static const char sql_all[] =
		EV_SELECT " WHERE e.plan = $1 AND ($2 IS NULL OR e.indicator = $2) AND ($3 IS NULL OR e.org = $3)"
		EV_REST;
	static const char sql_cell[] =
		EV_SELECT " WHERE e.plan = $1 AND e.indicator = $2 AND e.org = $3" EV_REST;
	const char *sql = indicator && org ? sql_cell : sql_all;
#undef EV_SELECT
#undef EV_REST
	struct ev_each c = { fn, arg };

	return db_rows(st, sql, "read evidence", ev_row, &c, err, "ttttiii", plan, indicator, org, round,
		       (int64_t)sites_too, site, id) < 0 ? -1 : 0;
}

/* The column's bytes into the struct ms_buf * ctx. */
static int take_blob(struct db_row *r, void *ctx)
{
	struct ms_buf *b = ctx;
	size_t n = 0;
	const void *p = db_col_blob(r, 0, &n);

	ms_buf_reset(b);
	return p && n && ms_buf_add(b, p, n) ? -1 : 0;
}

int store_evidence_bytes(struct store *st, const char *plan, int64_t id, int part, struct ms_buf *out,
			 struct ms_err *err)
{
	static const char sql[] =
		"SELECT CASE $3 WHEN 1 THEN f.thumb WHEN 2 THEN f.public_copy ELSE f.bytes END"
		" FROM evidence e JOIN evidence_file f ON f.sha256 = e.sha256 WHERE e.plan = $1 AND e.id = $2";
	int rc;

	ms_buf_reset(out);
	rc = db_row(st, sql, "read evidence", take_blob, out, err, "tii", plan, id, (int64_t)part);
	if (rc == 1 && !out->len)
		return 0;   /* a document has no thumbnail */
	return rc;
}

int64_t store_evidence_count(struct store *st, const char *plan, const char *indicator, const char *org,
			     const char *round, struct ms_err *err)
{
	static const char sql[] =
		"SELECT COUNT(*) FROM evidence WHERE plan = $1 AND indicator = $2 AND org = $3"
		" AND ((target = 'report' AND round = $4) OR target = 'site')";
	int64_t n = 0;

	if (db_row(st, sql, "read evidence", db_take_int, &n, err, "tttt", plan, indicator, org, round) < 0)
		return -1;
	return n;
}
