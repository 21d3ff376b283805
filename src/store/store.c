/*
 * store.c - the SQLite backend behind store.h: opening and migrating, a
 * cache of prepared statements, and one small function per query.
 */
#include "store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "schema.h"
#include "core/json.h"
#include "core/clock.h"
#include "core/banned.h"

#define STMT_CACHE 128

struct store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql;   /* identity: the static string's address */
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
	int ncache;
};

int store_schema_version(void)
{
	int n = 0;

	while (store_migrations[n])
		n++;
	return n;
}

static int db_err(struct store *st, struct ms_err *err, const char *what)
{
	return ms_err_setk(err, MS_E_INTERNAL, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, struct ms_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ms_err_set(err, "%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* A prepared statement for sql (a string literal), reset and unbound. */
static sqlite3_stmt *prep(struct store *st, const char *sql, struct ms_err *err)
{
	sqlite3_stmt *s;
	int i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			s = st->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		db_err(st, err, "prepare");
		return NULL;
	}
	if (st->ncache < STMT_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].stmt = s;
		st->ncache++;
	}
	return s;
}

/* Statements beyond the cache are finalized by the caller through this. */
static void unprep(struct store *st, sqlite3_stmt *s)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].stmt == s) {
			sqlite3_reset(s);
			return;
		}
	sqlite3_finalize(s);
}

/*
 * Binds parameters by a format: 't' text (NULL binds NULL), 'i' int64_t,
 * 'b' blob (pointer, size_t length), 'n' null.
 */
static int bindv(struct store *st, sqlite3_stmt *s, const char *fmt, va_list ap,
		 struct ms_err *err)
{
	int i, rc = SQLITE_OK, arg;
	char name[16];

	/*
	 * SQLite numbers "$N" parameters by first appearance, not by N; bind
	 * each by its name so that "$5" is the fifth argument wherever it
	 * stands (as PostgreSQL reads it).
	 */
	for (arg = 1; *fmt; fmt++, arg++) {
		snprintf(name, sizeof(name), "$%d", arg);
		i = sqlite3_bind_parameter_index(s, name);
		if (!i) {
			ms_err_set(err, "%s: bind: the statement has no parameter %s", st->path, name);
			return -1;
		}
		switch (*fmt) {
		case 't': {
			const char *t = va_arg(ap, const char *);

			rc = t ? sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s, i);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);

			rc = sqlite3_bind_blob64(s, i, p, n, SQLITE_TRANSIENT);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(s, i);
			break;
		default:
			abort();
		}
		if (rc != SQLITE_OK)
			return db_err(st, err, "bind");
	}
	return 0;
}

/* Prepares, binds and runs a statement that returns no rows. */
static int run(struct store *st, const char *sql, struct ms_err *err, const char *fmt, ...)
{
	sqlite3_stmt *s = prep(st, sql, err);
	va_list ap;
	int rc;

	if (!s)
		return -1;
	va_start(ap, fmt);
	rc = bindv(st, s, fmt, ap, err);
	va_end(ap);
	if (rc == 0 && sqlite3_step(s) != SQLITE_DONE)
		rc = db_err(st, err, "write");
	unprep(st, s);
	return rc;
}

/* Prepares and binds a query; the caller steps it and calls unprep. */
static sqlite3_stmt *query(struct store *st, const char *sql, struct ms_err *err,
			   const char *fmt, ...)
{
	sqlite3_stmt *s = prep(st, sql, err);
	va_list ap;
	int rc;

	if (!s)
		return NULL;
	va_start(ap, fmt);
	rc = bindv(st, s, fmt, ap, err);
	va_end(ap);
	if (rc) {
		unprep(st, s);
		return NULL;
	}
	return s;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

static int migrate(struct store *st, int from, struct ms_err *err)
{
	int v;
	char pragma[64];

	if (exec(st, "BEGIN IMMEDIATE", err))
		return -1;
	for (v = from; store_migrations[v]; v++) {
		if (exec(st, store_migrations[v], err))
			goto fail;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
	if (exec(st, pragma, err) || exec(st, "COMMIT", err))
		goto fail;
	return 0;
fail:
	exec(st, "ROLLBACK", NULL);
	return ms_err_prefix(err, "schema migration to version %d failed", v + 1);
}

static int user_version(struct store *st, int *v, struct ms_err *err)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_err(st, err, "read schema version");
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = sqlite3_column_int(s, 0);
		rc = 0;
	} else {
		rc = db_err(st, err, "read schema version");
	}
	sqlite3_finalize(s);
	return rc;
}

int store_open(struct store **out, const char *path, enum store_mode mode, struct ms_err *err)
{
	struct store *st;
	struct stat sb;
	int flags, v = 0, exists = stat(path, &sb) == 0;

	*out = NULL;
	if (mode == STORE_CREATE && exists)
		return ms_err_set(err, "%s: already exists", path);
	if (mode != STORE_CREATE && !exists)
		return ms_err_set(err, "%s: no database here; run `minsheng init` first (数据库不存在)",
				  path);
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->path = strdup(path);
	if (!st->path)
		abort();
	flags = mode == STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_err(st, err, "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec(st, "PRAGMA foreign_keys = ON", err))
		goto fail;
	if (mode != STORE_READ && exec(st, "PRAGMA journal_mode = WAL", err))
		goto fail;
	if (exec(st, "PRAGMA synchronous = NORMAL", err))
		goto fail;
	if (user_version(st, &v, err))
		goto fail;
	if (v > store_schema_version()) {
		ms_err_set(err, "%s: schema version %d is newer than this minsheng (%d); upgrade minsheng",
			   path, v, store_schema_version());
		goto fail;
	}
	if (v < store_schema_version()) {
		if (mode == STORE_READ) {
			/* a read-only open of an older file: ask the user to migrate */
			ms_err_set(err, "%s: schema version %d is older than %d; run a writing command to upgrade it",
				   path, v, store_schema_version());
			goto fail;
		}
		if (mode == STORE_WRITE && v == 0) {
			ms_err_set(err, "%s: not a minsheng database (user_version 0)", path);
			goto fail;
		}
		if (migrate(st, v, err))
			goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct store *st, struct ms_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, struct ms_err *err)
{
	return exec(st, "COMMIT", err);
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		exec(st, "ROLLBACK", NULL);
}

int store_end(struct store *st, int rc, struct ms_err *err)
{
	if (rc == 0 && store_commit(st, err) == 0)
		return 0;
	store_rollback(st);
	return -1;
}

int64_t store_data_version(struct store *st)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = prep(st, sql, NULL);
	uint64_t dv, own;
	int64_t v = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		/* other connections' commits in the high half, this one's row changes in the low */
		dv = (uint32_t)sqlite3_column_int64(s, 0);
		own = (uint64_t)sqlite3_total_changes64(st->db) & 0xffffffffu;
		v = (int64_t)(((dv << 32) | own) & (uint64_t)INT64_MAX);
	}
	unprep(st, s);
	return v;
}

int store_journal(struct store *st, const char *actor, const char *action, const char *tbl,
		  const char *key, const char *before, const char *after, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO journal (at, actor, action, tbl, key, before, after)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)";
	char at[32];

	ms_clock_now_iso(at);
	return run(st, sql, err, "ttttttt", at, actor, action, tbl, key, before, after);
}

int store_journal_json(struct store *st, const char *actor, const char *action, const char *tbl,
		       const char *key, const char *before, json_t *after, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	int rc;

	if (after)
		ms_json_dump(&b, after, 0);
	json_decref(after);
	rc = store_journal(st, actor, action, tbl, key, before, after ? b.buf : NULL, err);
	ms_buf_release(&b);
	return rc;
}

int store_org_put(struct store *st, const char *code, const char *name, const char *kind,
		  const char *parent, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO org (code, name, kind, parent) VALUES ($1, $2, $3, $4)";

	return run(st, sql, err, "tttt", code, name, kind, parent && *parent ? parent : NULL);
}

int store_org_each(struct store *st, const char *kind,
		   int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT code, name, kind, COALESCE(parent, '') FROM org"
		" WHERE $1 IS NULL OR kind = $1 ORDER BY code";
	sqlite3_stmt *s = query(st, sql, err, "t", kind);
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_org o = { col_text(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3) };

		if (fn(&o, arg))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read organisations");
	unprep(st, s);
	return rc;
}

int store_source_put(struct store *st, const char *sha256, const char *bytes, size_t len,
		     struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO source (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING";

	return run(st, sql, err, "tb", sha256, bytes, len);
}

int store_source_get(struct store *st, const char *sha256, struct ms_buf *b, struct ms_err *err)
{
	static const char sql[] = "SELECT bytes FROM source WHERE sha256 = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", sha256);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		rc = ms_buf_add(b, sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0)) < 0
			     ? ms_err_set(err, "source %s: too large", sha256)
			     : 1;
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, err, "read source");
	}
	unprep(st, s);
	return rc;
}

int store_plan_put(struct store *st, const struct store_plan *p, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO plan (id, title, issuer, issued_on, region_code, year, start_on,"
		" source_sha256, doc, loaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
	char at[32];

	ms_clock_now_iso(at);
	return run(st, sql, err, "tttttittt" "t", p->id, p->title, p->issuer, p->issued_on,
		   p->region_code, p->year, p->start_on, p->source_sha256, p->doc, at);
}

int store_item_put(struct store *st, const char *plan, int64_t no, const char *title,
		   int present, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO item (plan, no, title, present_in_source) VALUES ($1, $2, $3, $4)";

	return run(st, sql, err, "titi", plan, no, title, (int64_t)(present != 0));
}

int store_item_unit_put(struct store *st, const char *plan, int64_t no, const char *role,
			int64_t seq, const char *org, const char *basis, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO item_unit (plan, item_no, role, seq, org, basis)"
		" VALUES ($1, $2, $3, $4, $5, $6)";

	return run(st, sql, err, "tititt", plan, no, role, seq, org, basis);
}

int store_indicator_put(struct store *st, const struct store_indicator *d, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO indicator (plan, id, item_no, name, kind, unit, comparator, target,"
		" baseline, aggregation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
	sqlite3_stmt *s = prep(st, sql, err);
	int rc = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, d->plan, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, d->item_no);
	sqlite3_bind_text(s, 4, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->kind, -1, SQLITE_STATIC);
	if (d->unit)
		sqlite3_bind_text(s, 6, d->unit, -1, SQLITE_STATIC);
	if (d->comparator)
		sqlite3_bind_text(s, 7, d->comparator, -1, SQLITE_STATIC);
	if (d->has_target)
		sqlite3_bind_int64(s, 8, d->target);
	if (d->has_baseline)
		sqlite3_bind_int64(s, 9, d->baseline);
	sqlite3_bind_text(s, 10, d->aggregation, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_err(st, err, "write indicator");
	unprep(st, s);
	return rc;
}

int store_prov_put(struct store *st, const struct store_prov *p, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO provenance (plan, subject, seq, quote, src_offset, src_length, basis,"
		" note, citation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

	if (!p->quote)
		return run(st, sql, err, "ttitnnttt", p->plan, p->subject, p->seq, NULL, p->basis,
			   p->note, p->citation);
	return run(st, sql, err, "ttitiittt", p->plan, p->subject, p->seq, p->quote, p->offset,
		   p->length, p->basis, p->note, p->citation);
}

int store_round_put(struct store *st, const char *plan, const char *due_on, const char *kind,
		    const char *label, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO round (plan, due_on, kind, label) VALUES ($1, $2, $3, $4)";

	return run(st, sql, err, "tttt", plan, due_on, kind, label);
}

int store_note_put(struct store *st, const char *plan, const char *id, const char *flag,
		   int64_t item_no, const char *topic, const char *text, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO note (plan, id, flag, item_no, topic, text) VALUES ($1, $2, $3, $4, $5, $6)";

	if (item_no <= 0)
		return run(st, sql, err, "tttntt", plan, id, flag, topic, text);
	return run(st, sql, err, "tttitt", plan, id, flag, item_no, topic, text);
}

int store_plan_each(struct store *st, int (*fn)(const struct store_plan_summary *p, void *arg),
		    void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT p.id, p.title, p.issuer, p.issued_on, p.loaded_at, p.year,"
		" (SELECT COUNT(*) FROM item i WHERE i.plan = p.id),"
		" (SELECT COUNT(*) FROM indicator d WHERE d.plan = p.id),"
		" (SELECT COUNT(*) FROM note n WHERE n.plan = p.id AND n.flag = '待核实')"
		" FROM plan p ORDER BY p.year, p.id";
	sqlite3_stmt *s = query(st, sql, err, "");
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_plan_summary p = {
			col_text(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3),
			col_text(s, 4), sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6),
			sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8)
		};

		if (fn(&p, arg))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read plans");
	unprep(st, s);
	return rc;
}

int store_plan_doc(struct store *st, const char *id, struct ms_buf *doc, struct ms_err *err)
{
	static const char sql[] = "SELECT doc FROM plan WHERE id = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", id);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		rc = ms_buf_add(doc, sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0)) < 0
			     ? ms_err_set(err, "plan %s: document too large", id)
			     : 1;
	else if (r != SQLITE_DONE)
		rc = db_err(st, err, "read plan");
	unprep(st, s);
	return rc;
}

int64_t store_count(struct store *st, const char *table, struct ms_err *err)
{
	static const char *const tables[] = { "org", "plan", "item", "indicator", "provenance",
					      "round", "note", "journal", "source", "item_unit",
					      "assignment", "report", "site", "setting", "app_user",
					      "app_session", "round_lock", "survey_response",
					      "evaluation", NULL };
	char sql[96];
	sqlite3_stmt *s;
	int64_t n = -1;
	size_t i;

	for (i = 0; tables[i]; i++)
		if (!strcmp(tables[i], table))
			break;
	if (!tables[i])
		return ms_err_set(err, "no table '%s'", table);
	/* the name comes from the whitelist above, never from input */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[i]);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_err(st, err, "count");
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		db_err(st, err, "count");
	sqlite3_finalize(s);
	return n;
}

int store_check(struct store *st, struct ms_err *err)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return db_err(st, err, "integrity check");
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (!strcmp(col_text(s, 0), "ok"))
			rc = 0;
		else
			ms_err_set(err, "%s: integrity check: %s", st->path, col_text(s, 0));
	}
	sqlite3_finalize(s);
	if (rc == 0 && sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = ms_err_set(err, "%s: foreign key check: a row in %s has no parent",
					st->path, col_text(s, 0));
		sqlite3_finalize(s);
	}
	return rc;
}

/* ---------- the ledger ---------- */

static const char *opt_text(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

int store_plan_latest(struct store *st, struct ms_buf *id, struct ms_err *err)
{
	return store_plan_of_year(st, 0, id, err);
}

int store_plan_of_year(struct store *st, int64_t year, struct ms_buf *id, struct ms_err *err)
{
	static const char sql[] =
		"SELECT id FROM plan WHERE $1 = 0 OR year = $1 ORDER BY year DESC, loaded_at, rowid LIMIT 1";
	sqlite3_stmt *s = query(st, sql, err, "i", year);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		ms_buf_reset(id);
		ms_buf_adds(id, col_text(s, 0));
		rc = 1;
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, err, "read plans");
	}
	unprep(st, s);
	return rc;
}

int store_plan_start(struct store *st, const char *plan, struct ms_buf *start, struct ms_err *err)
{
	static const char sql[] = "SELECT start_on FROM plan WHERE id = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		ms_buf_reset(start);
		ms_buf_adds(start, col_text(s, 0));
		rc = 1;
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, err, "read plan");
	}
	unprep(st, s);
	return rc;
}

int store_indicator_each(struct store *st, const char *plan,
			 int (*fn)(const struct store_indicator *ind, void *arg), void *arg,
			 struct ms_err *err)
{
	static const char sql[] =
		"SELECT plan, id, item_no, name, kind, unit, comparator, aggregation,"
		" target IS NOT NULL, COALESCE(target, 0), baseline IS NOT NULL, COALESCE(baseline, 0)"
		" FROM indicator WHERE plan = $1"
		" ORDER BY item_no, rowid";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_indicator ind = {
			col_text(s, 0), col_text(s, 1), sqlite3_column_int64(s, 2), col_text(s, 3),
			col_text(s, 4), opt_text(s, 5), opt_text(s, 6), col_text(s, 7),
			sqlite3_column_int(s, 8), sqlite3_column_int(s, 10),
			sqlite3_column_int64(s, 9), sqlite3_column_int64(s, 11),
		};

		if (fn(&ind, arg))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read indicators");
	unprep(st, s);
	return rc;
}

int store_item_each(struct store *st, const char *plan,
		    int (*fn)(int64_t no, const char *title, const char *leads,
			      const char *responsible, void *arg),
		    void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT i.no, i.title,"
		" COALESCE((SELECT group_concat(u.org, ',') FROM"
		"  (SELECT org FROM item_unit WHERE plan = i.plan AND item_no = i.no AND role = 'lead'"
		"   ORDER BY seq) u), ''),"
		" COALESCE((SELECT group_concat(u.org, ',') FROM"
		"  (SELECT org FROM item_unit WHERE plan = i.plan AND item_no = i.no AND role = 'responsible'"
		"   ORDER BY seq) u), '')"
		" FROM item i WHERE i.plan = $1 AND i.present_in_source = 1 ORDER BY i.no";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3), arg))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read items");
	unprep(st, s);
	return rc;
}

int store_round_each(struct store *st, const char *plan,
		     int (*fn)(const char *due_on, const char *kind, const char *label, void *arg),
		     void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT due_on, kind, label FROM round WHERE plan = $1 ORDER BY due_on";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(col_text(s, 0), col_text(s, 1), col_text(s, 2), arg))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read rounds");
	unprep(st, s);
	return rc;
}

int store_org_get(struct store *st, const char *code, struct store_org_row *o, struct ms_err *err)
{
	static const char sql[] = "SELECT code, name, kind, COALESCE(parent, '') FROM org WHERE code = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", code);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		snprintf(o->code, sizeof(o->code), "%s", col_text(s, 0));
		snprintf(o->name, sizeof(o->name), "%s", col_text(s, 1));
		snprintf(o->kind, sizeof(o->kind), "%s", col_text(s, 2));
		snprintf(o->parent, sizeof(o->parent), "%s", col_text(s, 3));
		rc = 1;
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, err, "read organisation");
	}
	unprep(st, s);
	return rc;
}

int store_assign_put(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t target, const char *now, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO assignment (plan, indicator, org, target, updated_at) VALUES ($1, $2, $3, $4, $5)"
		" ON CONFLICT (plan, indicator, org) DO UPDATE SET target = excluded.target,"
		" updated_at = excluded.updated_at";

	return run(st, sql, err, "tttit", plan, indicator, org, target, now);
}

int store_assign_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     int64_t *target, struct ms_err *err)
{
	static const char sql[] =
		"SELECT target FROM assignment WHERE plan = $1 AND indicator = $2 AND org = $3";
	sqlite3_stmt *s = query(st, sql, err, "ttt", plan, indicator, org);
	int r, rc = 0;

	if (!s)
		return -1;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		*target = sqlite3_column_int64(s, 0);
		rc = 1;
	} else if (r != SQLITE_DONE) {
		rc = db_err(st, err, "read assignment");
	}
	unprep(st, s);
	return rc;
}

int store_assign_each(struct store *st, const char *plan,
		      int (*fn)(const char *indicator, const char *org, int64_t target, void *arg),
		      void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT indicator, org, target FROM assignment WHERE plan = $1 ORDER BY indicator, org";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int r, rc = 0;

	if (!s)
		return -1;
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(col_text(s, 0), col_text(s, 1), sqlite3_column_int64(s, 2), arg))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(st, err, "read assignments");
	unprep(st, s);
	return rc;
}

static void report_of_row(sqlite3_stmt *s, struct store_report *r)
{
	r->plan = col_text(s, 0);
	r->indicator = col_text(s, 1);
	r->org = col_text(s, 2);
	r->round = col_text(s, 3);
	r->has_value = sqlite3_column_type(s, 4) != SQLITE_NULL;
	r->value = sqlite3_column_int64(s, 4);
	r->has_ratio = sqlite3_column_type(s, 5) != SQLITE_NULL;
	r->numerator = sqlite3_column_int64(s, 5);
	r->denominator = sqlite3_column_int64(s, 6);
	r->narrative = opt_text(s, 7);
	r->reason = opt_text(s, 8);
	r->status = col_text(s, 9);
	r->submitted_at = sqlite3_column_type(s, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 10);
	r->reviewed_at = sqlite3_column_type(s, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 11);
	r->review_note = opt_text(s, 12);
	r->origin = col_text(s, 13);
}

#define REPORT_COLS "plan, indicator, org, round, value, numerator, denominator, narrative," \
	" reason, status, submitted_at, reviewed_at, review_note, origin"

int store_report_put(struct store *st, const struct store_report *r, const char *now,
		     struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO report (" REPORT_COLS ", updated_at) VALUES"
		" ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
		" ON CONFLICT (plan, indicator, org, round) DO UPDATE SET value = excluded.value,"
		" numerator = excluded.numerator, denominator = excluded.denominator,"
		" narrative = excluded.narrative, reason = excluded.reason, status = excluded.status,"
		" submitted_at = excluded.submitted_at, reviewed_at = excluded.reviewed_at,"
		" review_note = excluded.review_note, origin = excluded.origin,"
		" updated_at = excluded.updated_at";
	sqlite3_stmt *s = prep(st, sql, err);
	int rc = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, r->plan, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, r->indicator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, r->org, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, r->round, -1, SQLITE_TRANSIENT);
	if (r->has_value)
		sqlite3_bind_int64(s, 5, r->value);
	if (r->has_ratio) {
		sqlite3_bind_int64(s, 6, r->numerator);
		sqlite3_bind_int64(s, 7, r->denominator);
	}
	if (r->narrative)
		sqlite3_bind_text(s, 8, r->narrative, -1, SQLITE_TRANSIENT);
	if (r->reason)
		sqlite3_bind_text(s, 9, r->reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 10, r->status, -1, SQLITE_TRANSIENT);
	if (r->submitted_at >= 0)
		sqlite3_bind_int64(s, 11, r->submitted_at);
	if (r->reviewed_at >= 0)
		sqlite3_bind_int64(s, 12, r->reviewed_at);
	if (r->review_note)
		sqlite3_bind_text(s, 13, r->review_note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 14, r->origin, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 15, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_err(st, err, "write report");
	unprep(st, s);
	return rc;
}

int store_report_get(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *round,
		     int (*fn)(const struct store_report *r, void *arg), void *arg,
		     struct ms_err *err)
{
	static const char sql[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1 AND indicator = $2 AND org = $3"
		" AND round = $4";
	sqlite3_stmt *s = query(st, sql, err, "tttt", plan, indicator, org, round);
	struct store_report r;
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		report_of_row(s, &r);
		fn(&r, arg);
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read report");
	}
	unprep(st, s);
	return rc;
}

int store_report_each(struct store *st, const char *plan, const char *indicator, const char *org,
		      int (*fn)(const struct store_report *r, void *arg), void *arg,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT " REPORT_COLS " FROM report WHERE plan = $1"
		" AND ($2 IS NULL OR indicator = $2) AND ($3 IS NULL OR org = $3)"
		" ORDER BY indicator, org, round";
	sqlite3_stmt *s = query(st, sql, err, "ttt", plan, indicator, org);
	struct store_report r;
	int x, rc = 0;

	if (!s)
		return -1;
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		report_of_row(s, &r);
		if (fn(&r, arg))
			break;
	}
	if (x != SQLITE_ROW && x != SQLITE_DONE)
		rc = db_err(st, err, "read reports");
	unprep(st, s);
	return rc;
}

int store_journal_each(struct store *st, const char *since, const char *tbl, const char *key_prefix,
		       int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
		       struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, at, actor, action, tbl, key, before, after FROM journal"
		" WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR tbl = $2)"
		" AND ($3 IS NULL OR substr(key, 1, length($3)) = $3) ORDER BY id";
	sqlite3_stmt *s = query(st, sql, err, "ttt", since, tbl, key_prefix);
	int x, rc = 0;

	if (!s)
		return -1;
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_journal_row j = {
			sqlite3_column_int64(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3),
			col_text(s, 4), col_text(s, 5), opt_text(s, 6), opt_text(s, 7),
		};

		if (fn(&j, arg))
			break;
	}
	if (x != SQLITE_ROW && x != SQLITE_DONE)
		rc = db_err(st, err, "read journal");
	unprep(st, s);
	return rc;
}

int store_setting_put(struct store *st, const char *key, const char *value, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO setting (key, value) VALUES ($1, $2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value";

	return run(st, sql, err, "tt", key, value);
}

int store_setting_get(struct store *st, const char *key, struct ms_buf *value, struct ms_err *err)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", key);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		ms_buf_reset(value);
		ms_buf_adds(value, col_text(s, 0));
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read setting");
	}
	unprep(st, s);
	return rc;
}

int store_report_review(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, const char *status, int64_t at, const char *note,
			struct ms_err *err)
{
	static const char sql[] =
		"UPDATE report SET status = $5, reviewed_at = $6, review_note = $7"
		" WHERE plan = $1 AND indicator = $2 AND org = $3 AND round = $4";

	return run(st, sql, err, "tttttit", plan, indicator, org, round, status, at, note);
}

int store_site_add(struct store *st, const struct store_site *x, int64_t *id, struct ms_err *err)
{
	static const char sql_c[] =
		"INSERT INTO site (plan, indicator, org, name, address, kind, lat_e6, lon_e6,"
		" delivered_on, status, quantity, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
		" $10, $11, $12)";
	static const char sql_n[] =
		"INSERT INTO site (plan, indicator, org, name, address, kind, lat_e6, lon_e6,"
		" delivered_on, status, quantity, origin) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL,"
		" $7, $8, $9, $10)";
	int rc;

	if (x->has_coords)
		rc = run(st, sql_c, err, "ttttttiittit", x->plan, x->indicator, x->org, x->name,
			 x->address, x->kind, x->lat_e6, x->lon_e6, x->delivered_on, x->status,
			 x->quantity, x->origin);
	else
		rc = run(st, sql_n, err, "ttttttttit", x->plan, x->indicator, x->org, x->name,
			 x->address, x->kind, x->delivered_on, x->status, x->quantity, x->origin);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_site_each(struct store *st, const char *plan, const char *indicator, const char *org,
		    int (*fn)(const struct store_site *s, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, plan, indicator, org, name, address, kind, delivered_on, status, origin,"
		" lat_e6 IS NOT NULL, COALESCE(lat_e6, 0), COALESCE(lon_e6, 0), quantity FROM site"
		" WHERE plan = $1 AND ($2 IS NULL OR indicator = $2) AND ($3 IS NULL OR org = $3)"
		" ORDER BY id";
	sqlite3_stmt *s = query(st, sql, err, "ttt", plan, indicator, org);
	int x, rc = 0;

	if (!s)
		return -1;
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_site z = {
			sqlite3_column_int64(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3),
			col_text(s, 4), col_text(s, 5), col_text(s, 6), opt_text(s, 7), col_text(s, 8),
			col_text(s, 9), sqlite3_column_int(s, 10), sqlite3_column_int64(s, 11),
			sqlite3_column_int64(s, 12), sqlite3_column_int64(s, 13),
		};

		if (fn(&z, arg))
			break;
	}
	if (x != SQLITE_ROW && x != SQLITE_DONE)
		rc = db_err(st, err, "read sites");
	unprep(st, s);
	return rc;
}

int store_site_count(struct store *st, const char *plan, const char *indicator, const char *org,
		     const char *until, int64_t *n, struct ms_err *err)
{
	static const char sql[] =
		"SELECT COALESCE(SUM(quantity), 0) FROM site WHERE plan = $1 AND indicator = $2"
		" AND org = $3 AND status = 'delivered' AND delivered_on <= $4";
	sqlite3_stmt *s = query(st, sql, err, "tttt", plan, indicator, org, until);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		rc = db_err(st, err, "count sites");
	unprep(st, s);
	return rc;
}

/* ---- people, sessions, login throttling, locked rounds ---- */

static void copy_col(char *dst, size_t n, sqlite3_stmt *s, int i)
{
	snprintf(dst, n, "%s", col_text(s, i));
}

int store_user_add(struct store *st, const struct store_user *u, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO app_user (name, password_hash, role, org, created_at)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
	char now[32];

	ms_clock_now_iso(now);
	if (run(st, sql, err, "ttttt", u->name, u->password_hash, u->role, u->org[0] ? u->org : NULL,
		u->created_at[0] ? u->created_at : now))
		return -1;
	return sqlite3_changes(st->db) ? 0 : 1;
}

int store_user_set_hash(struct store *st, const char *name, const char *hash, struct ms_err *err)
{
	static const char sql[] = "UPDATE app_user SET password_hash = $2 WHERE name = $1";

	return run(st, sql, err, "tt", name, hash);
}

static void user_row(sqlite3_stmt *s, struct store_user *u)
{
	copy_col(u->name, sizeof(u->name), s, 0);
	copy_col(u->role, sizeof(u->role), s, 1);
	copy_col(u->org, sizeof(u->org), s, 2);
	copy_col(u->password_hash, sizeof(u->password_hash), s, 3);
	copy_col(u->created_at, sizeof(u->created_at), s, 4);
}

int store_user_get(struct store *st, const char *name, struct store_user *u, struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), password_hash, created_at FROM app_user"
		" WHERE name = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", name);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		user_row(s, u);
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read user");
	}
	unprep(st, s);
	return rc;
}

int store_user_each(struct store *st, int (*fn)(const struct store_user *u, void *arg), void *arg,
		    struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), '', created_at FROM app_user ORDER BY name";
	sqlite3_stmt *s = query(st, sql, err, "");
	struct store_user u;
	int x, rc = 0;

	if (!s)
		return -1;
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		user_row(s, &u);
		if ((rc = fn(&u, arg)))
			break;
	}
	if (!rc && x != SQLITE_DONE && x != SQLITE_ROW)
		rc = db_err(st, err, "read users");
	unprep(st, s);
	return rc;
}

int store_session_put(struct store *st, const char *token_hash, const char *user, const char *kind,
		      int64_t created_at, int64_t expires_at, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO app_session (token_hash, user_name, kind, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4, $5)";

	return run(st, sql, err, "tttii", token_hash, user, kind, created_at, expires_at);
}

int store_session_get(struct store *st, const char *token_hash, int64_t now, struct store_user *u,
		      char kind[8], struct ms_err *err)
{
	static const char sql[] =
		"SELECT u.name, u.role, COALESCE(u.org, ''), '', u.created_at, s.kind"
		" FROM app_session s JOIN app_user u ON u.name = s.user_name"
		" WHERE s.token_hash = $1 AND s.expires_at > $2";
	sqlite3_stmt *s = query(st, sql, err, "ti", token_hash, now);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		user_row(s, u);
		copy_col(kind, 8, s, 5);
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read session");
	}
	unprep(st, s);
	return rc;
}

int store_session_delete(struct store *st, const char *token_hash, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM app_session WHERE token_hash = $1";

	return run(st, sql, err, "t", token_hash);
}

int store_session_purge(struct store *st, int64_t now, const char *user, struct ms_err *err)
{
	static const char sql[] =
		"DELETE FROM app_session WHERE expires_at <= $1 OR user_name = $2";

	return run(st, sql, err, "it", now, user);
}

int store_login_failure_get(struct store *st, const char *key, int64_t *count, int64_t *last,
			    struct ms_err *err)
{
	static const char sql[] = "SELECT count, last_at FROM login_failure WHERE key = $1";
	sqlite3_stmt *s = query(st, sql, err, "t", key);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		*last = sqlite3_column_int64(s, 1);
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read login failures");
	}
	unprep(st, s);
	return rc;
}

int store_login_failure_put(struct store *st, const char *key, int64_t count, int64_t last,
			    struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO login_failure (key, count, last_at) VALUES ($1, $2, $3)"
		" ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_at = excluded.last_at";

	return run(st, sql, err, "tii", key, count, last);
}

int store_login_failure_clear(struct store *st, const char *key, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM login_failure WHERE key = $1";

	return run(st, sql, err, "t", key);
}

int store_round_lock(struct store *st, const char *plan, const char *due, const char *by,
		     struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO round_lock (plan, due_on, locked_at, locked_by) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (plan, due_on) DO NOTHING";
	char now[32];

	ms_clock_now_iso(now);
	if (run(st, sql, err, "tttt", plan, due, now, by))
		return -1;
	return sqlite3_changes(st->db) ? 0 : 1;
}

int store_round_unlock(struct store *st, const char *plan, const char *due, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM round_lock WHERE plan = $1 AND due_on = $2";

	if (run(st, sql, err, "tt", plan, due))
		return -1;
	return sqlite3_changes(st->db) ? 1 : 0;
}

int store_round_locked(struct store *st, const char *plan, const char *due, struct ms_buf *by,
		       struct ms_err *err)
{
	static const char sql[] =
		"SELECT locked_by, locked_at FROM round_lock WHERE plan = $1 AND due_on = $2";
	sqlite3_stmt *s = query(st, sql, err, "tt", plan, due);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		if (by) {
			ms_buf_reset(by);
			ms_buf_addf(by, "%s %s", col_text(s, 0), col_text(s, 1));
		}
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read round lock");
	}
	unprep(st, s);
	return rc;
}

int store_item_led_by(struct store *st, const char *plan, int64_t no, const char *org,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT 1 FROM item_unit WHERE plan = $1 AND item_no = $2 AND role = 'lead' AND org = $3";
	sqlite3_stmt *s = query(st, sql, err, "tit", plan, no, org);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW)
		rc = 1;
	else if (x != SQLITE_DONE)
		rc = db_err(st, err, "read item leads");
	unprep(st, s);
	return rc;
}

/* ---- the evaluation ---- */

int store_survey_add(struct store *st, const struct store_survey *x, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO survey_response (plan, item_no, region, satisfaction, score, aware, respondent,"
		" batch) VALUES ($1, $2, $3, $4, CASE WHEN $5 = 0 THEN NULL ELSE $5 END,"
		" CASE WHEN $6 < 0 THEN NULL ELSE $6 END, $7, $8)";

	return run(st, sql, err, "tittiitt", x->plan, x->item_no, x->region, x->satisfaction,
		   (int64_t)x->score, (int64_t)x->aware, x->respondent, x->batch);
}

int store_survey_each(struct store *st, const char *plan,
		      int (*fn)(int64_t item_no, const char *region, int64_t n, int64_t satisfied,
				int64_t aware, int64_t asked, void *arg),
		      void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT item_no, region, COUNT(*), SUM(satisfaction IN ('satisfied','basic')),"
		" COALESCE(SUM(aware), 0), COUNT(aware) FROM survey_response WHERE plan = $1"
		" GROUP BY item_no, region ORDER BY item_no, region";
	sqlite3_stmt *s = query(st, sql, err, "t", plan);
	int x, rc = 0;

	if (!s)
		return -1;
	while ((x = sqlite3_step(s)) == SQLITE_ROW) {
		if ((rc = fn(sqlite3_column_int64(s, 0), col_text(s, 1), sqlite3_column_int64(s, 2),
			     sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4),
			     sqlite3_column_int64(s, 5), arg)))
			break;
	}
	if (!rc && x != SQLITE_DONE && x != SQLITE_ROW)
		rc = db_err(st, err, "read survey");
	unprep(st, s);
	return rc;
}

int store_eval_save(struct store *st, const char *plan, int64_t year, const char *as_of,
		    const char *by, const char *doc, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO evaluation (plan, year, as_of, saved_at, saved_by, doc)"
		" VALUES ($1, $2, $3, $4, $5, $6)";
	char now[32];

	ms_clock_now_iso(now);
	if (run(st, sql, err, "titttt", plan, year, as_of, now, by, doc))
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_eval_latest(struct store *st, int64_t year, struct ms_buf *doc, struct ms_buf *saved,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT doc, saved_at, saved_by, id FROM evaluation WHERE year = $1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s = query(st, sql, err, "i", year);
	int x, rc = 0;

	if (!s)
		return -1;
	x = sqlite3_step(s);
	if (x == SQLITE_ROW) {
		ms_buf_reset(doc);
		ms_buf_adds(doc, col_text(s, 0));
		if (saved) {
			ms_buf_reset(saved);
			ms_buf_addf(saved, "第 %lld 号，%s 由 %s 保存", (long long)sqlite3_column_int64(s, 3),
				    col_text(s, 1), col_text(s, 2));
		}
		rc = 1;
	} else if (x != SQLITE_DONE) {
		rc = db_err(st, err, "read evaluation");
	}
	unprep(st, s);
	return rc;
}
