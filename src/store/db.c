/*
 * db.c - the SQLite connection behind store.h: opening and migrating, a cache
 * of prepared statements, binding by format, stepping rows into callbacks,
 * transactions, the journal and the whole-database checks.
 */
#include "db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

enum ms_err_kind db_kind(int code, const char **words)
{
	static const char *const none = "";

	*words = none;
	switch (code & 0xff) {
	case SQLITE_FULL:
		*words = "存储空间已满，无法写入 (storage full)";
		return MS_E_STORAGE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		*words = "数据库正忙，请稍后再试 (the database is busy; try again shortly)";
		return MS_E_BUSY;
	case SQLITE_READONLY:
		*words = "数据库只读，无法写入 (the database is read-only)";
		return MS_E_UNAVAILABLE;
	case SQLITE_CANTOPEN:
		*words = "无法打开数据库的文件，介质只读或无权限 (cannot open the database's files: a read-only "
			 "medium or no permission)";
		return MS_E_UNAVAILABLE;
	case SQLITE_IOERR:
		*words = "磁盘读写出错 (an I/O error on the database's storage)";
		return MS_E_UNAVAILABLE;
	default:
		return MS_E_INTERNAL;
	}
}

/* The error of SQLite's result code `code`: its kind, and for storage troubles the words first. */
static int code_err(struct store *st, struct ms_err *err, int code, const char *what, const char *msg)
{
	const char *words;
	enum ms_err_kind k = db_kind(code, &words);

	if (*words)
		return ms_err_setk(err, k, "%s: %s: %s: %s", st->path, words, what, msg);
	return ms_err_setk(err, k, "%s: %s: %s", st->path, what, msg);
}

int db_err(struct store *st, struct ms_err *err, const char *what)
{
	return code_err(st, err, sqlite3_extended_errcode(st->db), what, sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, struct ms_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		code_err(st, err, rc, "exec", msg ? msg : sqlite3_errmsg(st->db));
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

/* Statements beyond the cache are finalized here; cached ones only reset. */
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

static int bind_one(sqlite3_stmt *s, int i, char kind, va_list *ap)
{
	switch (kind) {
	case 't': {
		const char *t = va_arg(*ap, const char *);

		return t ? sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
	}
	case 'i':
		return sqlite3_bind_int64(s, i, va_arg(*ap, int64_t));
	case 'I': {
		const int64_t *v = va_arg(*ap, const int64_t *);

		return v ? sqlite3_bind_int64(s, i, *v) : sqlite3_bind_null(s, i);
	}
	case 'b': {
		const void *p = va_arg(*ap, const void *);
		size_t n = va_arg(*ap, size_t);

		return sqlite3_bind_blob64(s, i, p, n, SQLITE_TRANSIENT);
	}
	case 'n':
		return sqlite3_bind_null(s, i);
	default:
		abort();
	}
}

/* Binds parameters by a format (see db_run in db.h). */
static int bindv(struct store *st, sqlite3_stmt *s, const char *fmt, va_list *ap,
		 struct ms_err *err)
{
	int i, arg;
	char name[16];

	/*
	 * SQLite numbers "$N" parameters by first appearance, not by N; bind
	 * each by its name so that "$5" is the fifth argument wherever it
	 * stands (as PostgreSQL reads it).
	 */
	for (arg = 1; *fmt; fmt++, arg++) {
		snprintf(name, sizeof(name), "$%d", arg);
		i = sqlite3_bind_parameter_index(s, name);
		if (!i)
			return ms_err_set(err, "%s: bind: the statement has no parameter %s",
					  st->path, name);
		if (bind_one(s, i, *fmt, ap) != SQLITE_OK)
			return db_err(st, err, "bind");
	}
	return 0;
}

/* Prepares and binds a statement; NULL (err filled) on failure. */
static sqlite3_stmt *query(struct store *st, const char *sql, struct ms_err *err,
			   const char *fmt, va_list *ap)
{
	sqlite3_stmt *s = prep(st, sql, err);

	if (!s)
		return NULL;
	if (bindv(st, s, fmt, ap, err)) {
		unprep(st, s);
		return NULL;
	}
	return s;
}

int db_run(struct store *st, const char *sql, const char *what, struct ms_err *err,
	   const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int rc = 0;

	va_start(ap, fmt);
	s = query(st, sql, err, fmt, &ap);
	va_end(ap);
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_err(st, err, what);
	unprep(st, s);
	return rc;
}

int64_t db_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}

int64_t db_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

/* The one stepping loop: every row into fn until it stops; at most `max` rows. */
static int step_rows(struct store *st, sqlite3_stmt *s, const char *what, db_row_fn *fn,
		     void *ctx, int max, struct ms_err *err)
{
	int r = SQLITE_DONE, rc = 0, n = 0;

	while ((max < 0 || n < max) && (r = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		if (fn && (rc = fn(s, ctx)))
			break;
	}
	if (!rc && n != max && r != SQLITE_DONE)
		rc = db_err(st, err, what);
	unprep(st, s);
	if (max < 0 || rc < 0)
		return rc;
	return n > 0;
}

/* Prepares, binds and steps sql: at most `max` rows (-1: all), see step_rows. */
static int rows(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
		int max, struct ms_err *err, const char *fmt, va_list *ap)
{
	sqlite3_stmt *s = query(st, sql, err, fmt, ap);

	return s ? step_rows(st, s, what, fn, ctx, max, err) : -1;
}

int db_rows(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	    struct ms_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rows(st, sql, what, fn, ctx, -1, err, fmt, &ap);
	va_end(ap);
	return rc;
}

int db_row(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	   struct ms_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rows(st, sql, what, fn, ctx, 1, err, fmt, &ap);
	va_end(ap);
	return rc;
}

const char *db_col_text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

const char *db_col_opt(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

int64_t db_col_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

int db_col_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL;
}

const void *db_col_blob(sqlite3_stmt *s, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(s, i);

	*len = (size_t)sqlite3_column_bytes(s, i);
	return p;
}

void db_col_copy(char *dst, size_t n, sqlite3_stmt *s, int i)
{
	snprintf(dst, n, "%s", db_col_text(s, i));
}

int db_take_text(sqlite3_stmt *s, void *ctx)
{
	struct ms_buf *b = ctx;

	ms_buf_reset(b);
	ms_buf_adds(b, db_col_text(s, 0));
	return 0;
}

int db_take_int(sqlite3_stmt *s, void *ctx)
{
	*(int64_t *)ctx = sqlite3_column_int64(s, 0);
	return 0;
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
	static const char sql[] = "PRAGMA user_version";
	int64_t n = 0;

	if (db_row(st, sql, "read schema version", db_take_int, &n, err, "") != 1)
		return db_err(st, err, "read schema version");
	*v = (int)n;
	return 0;
}

/* The file's schema against this binary's: 0 when usable (migrated if need be), -1. */
static int schema_settle(struct store *st, enum store_mode mode, struct ms_err *err)
{
	int v = 0, want = store_schema_version();

	if (user_version(st, &v, err))
		return -1;
	if (v > want)
		return ms_err_set(err, "%s: 数据库版本较新 (schema version %d is newer than this "
				  "minsheng's %d; upgrade the program)", st->path, v, want);
	if (v == want)
		return 0;
	if (mode == STORE_READ)   /* a read-only open of an older file: ask the user to migrate */
		return ms_err_set(err, "%s: 数据库版本较旧 (schema version %d is older than %d; "
				  "open it once for writing to upgrade it)", st->path, v, want);
	if (mode == STORE_WRITE && v == 0)
		return ms_err_set(err, "%s: 不是民生实事数据库 (not a database of this program: user_version 0)",
				  st->path);
	return migrate(st, v, err);
}

/* Settings every connection gets; MS_DB_MAX_PAGES=<n> caps the file at n pages (a quota; tests use it for a full disk). */
static int settle(struct store *st, enum store_mode mode, struct ms_err *err)
{
	const char *cap = getenv("MS_DB_MAX_PAGES");

	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec(st, "PRAGMA foreign_keys = ON", err) ||
	    (mode != STORE_READ && exec(st, "PRAGMA journal_mode = WAL", err)) ||
	    exec(st, "PRAGMA synchronous = NORMAL", err))
		return -1;
	if (cap && *cap) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", strtoll(cap, NULL, 10));
		if (exec(st, sql, err))
			return -1;
	}
	return schema_settle(st, mode, err);
}

static int db_connect(struct store *st, const char *path, int flags, enum store_mode mode, struct ms_err *err)
{
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_err(st, err, "cannot open");
	return settle(st, mode, err);
}

/* The database read as immutable (file:PATH?immutable=1), the path %-escaped for the URI. */
static int connect_immutable(struct store *st, const char *path, struct ms_err *err)
{
	struct ms_buf uri = MS_BUF_INIT;
	const char *p;
	int rc;

	sqlite3_close(st->db);
	st->db = NULL;
	ms_buf_adds(&uri, "file:");
	for (p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			ms_buf_addf(&uri, "%%%02X", (unsigned char)*p);
		else
			ms_buf_addch(&uri, *p);
	}
	ms_buf_adds(&uri, "?immutable=1");
	rc = db_connect(st, uri.buf, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, STORE_READ, err);
	ms_buf_release(&uri);
	return rc;
}

int store_open(struct store **out, const char *path, enum store_mode mode, struct ms_err *err)
{
	struct store *st;
	struct stat sb;
	int flags, exists = stat(path, &sb) == 0;

	*out = NULL;
	if (mode == STORE_CREATE && exists)
		return ms_err_field(err, MS_E_INVALID, "db", "%s: 数据库已存在 (already exists)", path);
	if (mode != STORE_CREATE && !exists)
		return ms_err_field(err, MS_E_INVALID, "db",
				    "%s: 数据库不存在，须先建库 (no database here; initialise one first)",
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
	if (db_connect(st, path, flags, mode, err)) {
		struct ms_err first = *err;

		/*
		 * A reader on a read-only medium: WAL needs its -shm file beside the
		 * database, which cannot be made there. Such a file is nobody's to
		 * write, so it is read as immutable (no locks, no -shm).
		 */
		if (mode != STORE_READ || first.kind != MS_E_UNAVAILABLE || connect_immutable(st, path, err)) {
			*err = first;
			goto fail;
		}
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

static int journal_row(sqlite3_stmt *s, void *ctx)
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
		if (!strcmp(db_col_text(s, 0), "ok"))
			rc = 0;
		else
			ms_err_set(err, "%s: integrity check: %s", st->path, db_col_text(s, 0));
	}
	sqlite3_finalize(s);
	if (rc == 0 && sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = ms_err_set(err, "%s: foreign key check: a row in %s has no parent",
					st->path, db_col_text(s, 0));
		sqlite3_finalize(s);
	}
	return rc;
}
