/*
 * db.c - what both backends share behind store.h: choosing the backend by
 * the name given (a postgresql:// URL or a file), the db_* helpers of db.h,
 * migrations, transactions, the journal and counts. The backend calls go
 * through struct db_ops (db_sqlite.c, db_pg.c).
 */
#include "db_impl.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "schema.h"
#include "core/json.h"
#include "core/clock.h"
#include "core/banned.h"

int store_schema_version(void)
{
	int n = 0;

	while (store_migrations[n])
		n++;
	return n;
}

int store_is_url(const char *db)
{
	return db && (!strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11));
}

const char *store_backend(const struct store *st)
{
	return st->ops->name;
}

const char *store_name(const struct store *st)
{
	return st->path;
}

/* A URL as it may be shown: "postgresql://user:secret@host/db" without ":secret". */
static char *shown_name(const char *db)
{
	char *s = strdup(db), *p, *at, *colon;

	if (!s)
		abort();
	if (!store_is_url(s))
		return s;
	p = strstr(s, "://") + 3;
	at = strchr(p, '@');
	colon = strchr(p, ':');
	if (at && colon && colon < at)
		memmove(colon, at, strlen(at) + 1);
	return s;
}

int db_err_msg(struct store *st, struct ms_err *err, const char *what, const char *msg)
{
	return ms_err_setk(err, MS_E_INTERNAL, "%s: %s: %s", st->path, what, msg);
}

int db_run(struct store *st, const char *sql, const char *what, struct ms_err *err,
	   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st->ops->rows(st, sql, 1, what, NULL, NULL, 0, err, fmt, &ap);
	va_end(ap);
	return rc < 0 ? -1 : 0;
}

int64_t db_changes(struct store *st)
{
	return st->ops->changes(st);
}

int64_t db_last_id(struct store *st)
{
	return st->ops->last_id(st);
}

int db_rows(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	    struct ms_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st->ops->rows(st, sql, 1, what, fn, ctx, -1, err, fmt, &ap);
	va_end(ap);
	return rc;
}

int db_row(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	   struct ms_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st->ops->rows(st, sql, 1, what, fn, ctx, 1, err, fmt, &ap);
	va_end(ap);
	return rc;
}

int db_rows_once(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
		 struct ms_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st->ops->rows(st, sql, 0, what, fn, ctx, fn ? -1 : 0, err, fmt, &ap);
	va_end(ap);
	return rc;
}

const char *db_col_text(struct db_row *r, int i)
{
	const char *t = r->st->ops->col_text(r, i);

	return t ? t : "";
}

const char *db_col_opt(struct db_row *r, int i)
{
	return r->st->ops->col_text(r, i);
}

int64_t db_col_int(struct db_row *r, int i)
{
	return r->st->ops->col_int(r, i);
}

int db_col_null(struct db_row *r, int i)
{
	return r->st->ops->col_type(r, i) == 'n';
}

const void *db_col_blob(struct db_row *r, int i, size_t *len)
{
	return r->st->ops->col_blob(r, i, len);
}

void db_col_copy(char *dst, size_t n, struct db_row *r, int i)
{
	snprintf(dst, n, "%s", db_col_text(r, i));
}

int db_col_count(struct db_row *r)
{
	return r->st->ops->col_count(r);
}

const char *db_col_name(struct db_row *r, int i)
{
	return r->st->ops->col_name(r, i);
}

char db_col_type(struct db_row *r, int i)
{
	return r->st->ops->col_type(r, i);
}

int db_take_text(struct db_row *s, void *ctx)
{
	struct ms_buf *b = ctx;

	ms_buf_reset(b);
	ms_buf_adds(b, db_col_text(s, 0));
	return 0;
}

int db_take_int(struct db_row *s, void *ctx)
{
	*(int64_t *)ctx = db_col_int(s, 0);
	return 0;
}

/* The migrations from version `from` up to `to`, in one transaction (the backend's begin locks writers out). */
static int migrate(struct store *st, int from, int to, struct ms_err *err)
{
	int v, now;

	if (st->ops->begin(st, err))
		return -1;
	/* another process may have migrated while this one waited for the lock */
	if (st->ops->version_get(st, &now, err))
		goto fail;
	if (now > from)
		from = now;
	for (v = from; v < to && store_migrations[v]; v++)
		if (st->ops->migrate_one(st, v, err))
			goto fail_at;
	if (st->ops->commit(st, err))
		goto fail;
	return 0;
fail_at:
	ms_err_prefix(err, "schema migration to version %d failed", v + 1);
fail:
	st->ops->rollback(st);
	return -1;
}

/*
 * The database's schema against this binary's: 0 when usable (migrated if
 * need be), -1. A database created is brought to version `want` (the
 * current one, or a backup's older one that store_upgrade then migrates).
 */
static int schema_settle(struct store *st, enum store_mode mode, int want, struct ms_err *err)
{
	int v = 0;

	if (st->ops->version_get(st, &v, err))
		return -1;
	if (v > want)
		return ms_err_set(err, "%s: 数据库版本较新 (schema version %d is newer than this "
				  "minsheng's %d; upgrade the program)", st->path, v, want);
	if (v == want)
		return 0;
	if (mode == STORE_READ)   /* a read-only open of an older database: ask the user to migrate */
		return ms_err_set(err, "%s: 数据库版本较旧 (schema version %d is older than %d; "
				  "open it once for writing to upgrade it)", st->path, v, want);
	if (mode == STORE_WRITE && v == 0)
		return ms_err_set(err, "%s: 不是民生实事数据库 (not a database of this program: schema "
				  "version 0)", st->path);
	if (mode == STORE_CREATE && v != 0)
		return ms_err_field(err, MS_E_INVALID, "db", "%s: 数据库已存在 (already exists)",
				    st->path);
	return migrate(st, v, want, err);
}

static _Atomic uint64_t g_serial;

uint64_t store_serial(const struct store *st)
{
	return st->serial;
}

static int open_at(struct store **out, const char *path, enum store_mode mode, int want, struct ms_err *err)
{
	struct store *st;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->serial = ++g_serial;
	st->ops = store_is_url(path) ? &db_pg_ops : &db_sqlite_ops;
	st->path = shown_name(path);
	st->target = strdup(path);
	if (!st->target)
		abort();
	if (st->ops->open(st, mode, err) || schema_settle(st, mode, want, err)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int store_open(struct store **out, const char *path, enum store_mode mode, struct ms_err *err)
{
	return open_at(out, path, mode, store_schema_version(), err);
}

int store_create_at(struct store **out, const char *path, int version, struct ms_err *err)
{
	*out = NULL;
	if (version < 1 || version > store_schema_version())
		return ms_err_set(err, "%s: 没有第 %d 版数据库结构 (no schema version %d; this program "
				  "knows 1 to %d)", path, version, version, store_schema_version());
	return open_at(out, path, STORE_CREATE, version, err);
}

int store_upgrade(struct store *st, struct ms_err *err)
{
	int v = 0;

	if (st->ops->version_get(st, &v, err))
		return -1;
	return v < store_schema_version() ? migrate(st, v, store_schema_version(), err) : 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	st->ops->close(st);
	free(st->path);
	free(st->target);
	free(st);
}

int store_begin(struct store *st, struct ms_err *err)
{
	return st->ops->begin(st, err);
}

void store_read_begin(struct store *st)
{
	if (st->ops->read_begin)
		st->ops->read_begin(st);
}

void store_read_end(struct store *st)
{
	if (st->ops->read_end)
		st->ops->read_end(st);
}

int store_serving(struct store *st, struct ms_err *err)
{
	return st->ops->checkpoint ? st->ops->checkpoint(st, 1, err) : 0;
}

int store_checkpoint(struct store *st, struct ms_err *err)
{
	return st->ops->checkpoint ? st->ops->checkpoint(st, 0, err) : 0;
}

int store_commit(struct store *st, struct ms_err *err)
{
	return st->ops->commit(st, err);
}

void store_rollback(struct store *st)
{
	st->ops->rollback(st);
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
	return st->ops->data_version(st);
}

int store_check(struct store *st, struct ms_err *err)
{
	return st->ops->check(st, err);
}

int store_journal(struct store *st, const char *actor, const char *action, const char *tbl,
		  const char *key, const char *before, const char *after, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO journal (at, actor, action, tbl, key, before, after)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)";
	char at[32];

	ms_clock_now_iso(at);
	return db_run(st, sql, "write", err, "ttttttt", at, actor, action, tbl, key, before, after);
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

struct journal_each {
	int (*fn)(const struct store_journal_row *j, void *arg);
	void *arg;
};

static int journal_row(struct db_row *s, void *ctx)
{
	struct journal_each *c = ctx;
	struct store_journal_row j = {
		db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		db_col_text(s, 4), db_col_text(s, 5), db_col_opt(s, 6), db_col_opt(s, 7),
	};

	return c->fn(&j, c->arg) ? 1 : 0;
}

int store_journal_each(struct store *st, const char *since, const char *tbl, const char *key_prefix,
		       int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
		       struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, at, actor, action, tbl, key, before, after FROM journal"
		" WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR tbl = $2)"
		" AND ($3 IS NULL OR substr(key, 1, length($3)) = $3) ORDER BY id";
	struct journal_each c = { fn, arg };

	return db_rows(st, sql, "read journal", journal_row, &c, err, "ttt", since, tbl,
		       key_prefix) < 0 ? -1 : 0;
}

int store_journal_after(struct store *st, int64_t after, int64_t limit,
			int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
			struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, '', '', action, tbl, key, NULL, NULL FROM journal WHERE id > $1 ORDER BY id LIMIT $2";
	struct journal_each c = { fn, arg };

	return db_rows(st, sql, "read journal", journal_row, &c, err, "ii", after, limit) < 0 ? -1 : 0;
}

int store_journal_last(struct store *st, int64_t *last, struct ms_err *err)
{
	static const char sql[] = "SELECT COALESCE(MAX(id), 0) FROM journal";

	*last = 0;
	return db_row(st, sql, "read journal", db_take_int, last, err, "") < 0 ? -1 : 0;
}

int64_t store_count(struct store *st, const char *table, struct ms_err *err)
{
	static const char *const tables[] = { "org", "plan", "item", "indicator", "provenance",
					      "round", "note", "journal", "source", "item_unit",
					      "assignment", "report", "site", "setting", "app_user",
					      "app_session", "round_lock", "survey_response",
					      "evaluation", "evidence", "evidence_file", NULL };
	char sql[96];
	int64_t n = -1;
	size_t i;

	for (i = 0; tables[i]; i++)
		if (!strcmp(tables[i], table))
			break;
	if (!tables[i])
		return ms_err_set(err, "no table '%s'", table);
	/* the name comes from the whitelist above, never from input */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[i]);
	if (db_rows_once(st, sql, "count", db_take_int, &n, err, "") < 0)
		return -1;
	return n;
}

/* The next "CREATE TABLE [IF NOT EXISTS] name" in sql from *p on: the name into out. */
static int next_table(const char **p, char *out, size_t n)
{
	const char *s = *p, *q;
	size_t len;

	while ((s = strstr(s, "CREATE TABLE "))) {
		s += 13;
		if (!strncmp(s, "IF NOT EXISTS ", 14))
			s += 14;
		for (q = s; *q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'); q++)
			;
		len = (size_t)(q - s);
		if (!len || len >= n)
			continue;
		memcpy(out, s, len);
		out[len] = 0;
		*p = q;
		return 1;
	}
	return 0;
}

int store_tables(struct store *st, char names[][STORE_NAME_MAX], int max, struct ms_err *err)
{
	char name[STORE_NAME_MAX];
	const char *p;
	int m, n = 0, i, dup, rc;

	for (m = 0; store_migrations[m]; m++) {
		for (p = store_migrations[m]; next_table(&p, name, sizeof(name));) {
			for (dup = 0, i = 0; i < n; i++)
				dup |= !strcmp(names[i], name);
			if (dup)
				continue;
			rc = st->ops->table_exists(st, name, err);
			if (rc < 0)
				return -1;
			if (rc == 0)
				continue;   /* dropped by a later migration */
			if (n == max)
				return ms_err_set(err, "more than %d tables", max);
			memcpy(names[n++], name, sizeof(name));
		}
	}
	return n;
}

int store_wipe(const char *db, struct ms_err *err)
{
	struct store *st;
	char names[STORE_TABLES_MAX][STORE_NAME_MAX], sql[128];
	int n, i, rc = 0;

	if (!store_is_url(db))
		return ms_err_set(err, "%s: only a PostgreSQL database is emptied in place", db);
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->ops = &db_pg_ops;
	st->path = shown_name(db);
	st->target = strdup(db);
	if (!st->target)
		abort();
	if (st->ops->open(st, STORE_WRITE, err) || (n = store_tables(st, names, STORE_TABLES_MAX, err)) < 0) {
		store_close(st);
		return -1;
	}
	rc = st->ops->script(st, "BEGIN", err);
	/* later tables first: they refer to the earlier ones */
	for (i = n - 1; !rc && i >= 0; i--) {
		snprintf(sql, sizeof(sql), "DROP TABLE %s CASCADE", names[i]);
		rc = st->ops->script(st, sql, err);
	}
	if (!rc)
		rc = st->ops->script(st, "DROP TABLE IF EXISTS schema_version, change_counter;"
				     " COMMIT", err);
	if (rc)
		st->ops->rollback(st);
	store_close(st);
	return rc;
}
