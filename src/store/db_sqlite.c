/*
 * db_sqlite.c - the SQLite backend behind db_impl.h: opening (WAL, foreign
 * keys, a busy timeout), a cache of prepared statements, binding by format,
 * the one stepping loop, BEGIN IMMEDIATE transactions, PRAGMA user_version
 * and data_version, the integrity checks.
 */
#include "db_impl.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"
#include "core/banned.h"

#define STMT_CACHE 256   /* above the store's ~150 statements: a server worker prepares each once */

struct lite {
	sqlite3 *db;
	struct {
		const char *sql;   /* identity: the static string's address */
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
	int ncache;
	int writing;       /* holds g_write: between BEGIN IMMEDIATE and its end */
	int scope;         /* inside store_read_begin/end: reads share one read transaction */
};

/*
 * The process's writers take turns here before BEGIN IMMEDIATE: the server's
 * threads share one database, and a writer that found the lock taken would
 * sleep in SQLite's busy handler (1, 2, 5 ... 100 ms between tries) with all
 * the connections of its thread waiting; here it waits only for the other
 * transaction to end. Another process's writer still meets the busy timeout.
 * Recursive: a thread may hold a transaction on two databases (a copy).
 */
static pthread_mutex_t g_write;
static pthread_once_t g_write_once = PTHREAD_ONCE_INIT;

static void write_lock_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&g_write, &a);
	pthread_mutexattr_destroy(&a);
}

static void write_unlock(struct lite *l)
{
	if (l->writing) {
		l->writing = 0;
		pthread_mutex_unlock(&g_write);
	}
}

#define DB(st) (((struct lite *)(st)->impl)->db)

/*
 * The kind of error SQLite's result code is (extended codes too): full
 * MS_E_STORAGE, busy or locked MS_E_BUSY, read-only, I/O or cannot-open
 * MS_E_UNAVAILABLE, a unique key or a trigger's refusal MS_E_CONFLICT,
 * another constraint or a value out of range MS_E_INVALID (as db_pg.c
 * reads SQLSTATEs), anything else MS_E_INTERNAL; *words the Chinese and
 * English words for the storage kinds, "" for the rest.
 */
enum ms_err_kind db_sqlite_kind(int code, const char **words)
{
	*words = "";
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
	case SQLITE_CONSTRAINT:
		/* as db_pg.c reads SQLSTATE 23505 and P0001: taken, or a trigger's refusal */
		if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
		    code == SQLITE_CONSTRAINT_TRIGGER)
			return MS_E_CONFLICT;
		return MS_E_INVALID;    /* a CHECK, NOT NULL or foreign key: the value is wrong */
	case SQLITE_MISMATCH:
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
		return MS_E_INVALID;
	default:
		return MS_E_INTERNAL;
	}
}

/* The error of SQLite's result code `code`: its kind, and for storage troubles the words first. */
static int code_err(struct store *st, struct ms_err *err, int code, const char *what, const char *msg)
{
	const char *words;
	enum ms_err_kind k = db_sqlite_kind(code, &words);

	if (*words)
		return ms_err_setk(err, k, "%s: %s: %s: %s", st->path, words, what, msg);
	return ms_err_setk(err, k, "%s: %s: %s", st->path, what, msg);
}

static int lite_err(struct store *st, struct ms_err *err, const char *what)
{
	return code_err(st, err, sqlite3_extended_errcode(DB(st)), what, sqlite3_errmsg(DB(st)));
}

static int exec(struct store *st, const char *sql, struct ms_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(DB(st), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		code_err(st, err, rc, "exec", msg ? msg : sqlite3_errmsg(DB(st)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* A prepared statement for sql (a string literal when cached), reset and unbound. */
static sqlite3_stmt *prep(struct store *st, const char *sql, int cached, struct ms_err *err)
{
	struct lite *l = st->impl;
	sqlite3_stmt *s;
	int i;

	for (i = 0; cached && i < l->ncache; i++) {
		if (l->cache[i].sql == sql) {
			s = l->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(l->db, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0, &s,
			       NULL) != SQLITE_OK) {
		lite_err(st, err, "prepare");
		return NULL;
	}
	if (cached && l->ncache < STMT_CACHE) {
		l->cache[l->ncache].sql = sql;
		l->cache[l->ncache].stmt = s;
		l->ncache++;
	}
	return s;
}

/* Statements beyond the cache are finalized here; cached ones only reset. */
static void unprep(struct store *st, sqlite3_stmt *s)
{
	struct lite *l = st->impl;
	int i;

	for (i = 0; i < l->ncache; i++)
		if (l->cache[i].stmt == s) {
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
		if (arg > 99)
			return ms_err_set(err, "%s: bind: more than 99 parameters", st->path);
		name[0] = '$';   /* "$N" by hand: this runs for every parameter of every statement */
		if (arg < 10) {
			name[1] = (char)('0' + arg);
			name[2] = '\0';
		} else {
			name[1] = (char)('0' + arg / 10);
			name[2] = (char)('0' + arg % 10);
			name[3] = '\0';
		}
		i = sqlite3_bind_parameter_index(s, name);
		if (!i)
			return ms_err_set(err, "%s: bind: the statement has no parameter %s",
					  st->path, name);
		if (bind_one(s, i, *fmt, ap) != SQLITE_OK)
			return lite_err(st, err, "bind");
	}
	return 0;
}

/* The one stepping loop: every row into fn until it stops; at most `max` rows. */
static int step_rows(struct store *st, sqlite3_stmt *s, const char *what, db_row_fn *fn,
		     void *ctx, int max, struct ms_err *err)
{
	struct db_row row = { st, s, 0 };
	int r = SQLITE_DONE, rc = 0, n = 0;

	if (max == 0) {   /* a statement without rows */
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = lite_err(st, err, what);
		unprep(st, s);
		return rc;
	}
	while ((max < 0 || n < max) && (r = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		if (fn && (rc = fn(&row, ctx)))
			break;
	}
	if (!rc && n != max && r != SQLITE_DONE)
		rc = lite_err(st, err, what);
	unprep(st, s);
	if (max < 0 || rc < 0)
		return rc;
	return n > 0;
}

static void scope_close(struct store *st);
static void scope_reopen(struct store *st);

/* A write outside store_begin inside a read scope runs on its own, as without the scope. */
static int scope_writes(struct store *st, sqlite3_stmt *s)
{
	struct lite *l = st->impl;

	if (!l->scope || l->writing || sqlite3_stmt_readonly(s))
		return 0;
	scope_close(st);
	return 1;
}

static int lite_rows(struct store *st, const char *sql, int cached, const char *what,
		     db_row_fn *fn, void *ctx, int max, struct ms_err *err, const char *fmt,
		     va_list *ap)
{
	sqlite3_stmt *s = prep(st, sql, cached, err);
	int rc, own;

	if (!s)
		return -1;
	if (bindv(st, s, fmt, ap, err)) {
		unprep(st, s);
		return -1;
	}
	own = scope_writes(st, s);
	rc = step_rows(st, s, what, fn, ctx, max, err);
	if (own)
		scope_reopen(st);
	return rc;
}

static int64_t lite_changes(struct store *st)
{
	return sqlite3_changes64(DB(st));
}

static int64_t lite_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(DB(st));
}

static const char *lite_col_text(struct db_row *r, int i)
{
	return sqlite3_column_type(r->h, i) == SQLITE_NULL ? NULL
		: (const char *)sqlite3_column_text(r->h, i);
}

static int64_t lite_col_int(struct db_row *r, int i)
{
	return sqlite3_column_int64(r->h, i);
}

static const void *lite_col_blob(struct db_row *r, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(r->h, i);

	*len = (size_t)sqlite3_column_bytes(r->h, i);
	return p;
}

static int lite_col_count(struct db_row *r)
{
	return sqlite3_column_count(r->h);
}

static const char *lite_col_name(struct db_row *r, int i)
{
	return sqlite3_column_name(r->h, i);
}

static char lite_col_type(struct db_row *r, int i)
{
	switch (sqlite3_column_type(r->h, i)) {
	case SQLITE_NULL: return 'n';
	case SQLITE_INTEGER: return 'i';
	case SQLITE_BLOB: return 'b';
	default: return 't';
	}
}

static int lite_version_get(struct store *st, int *v, struct ms_err *err)
{
	static const char sql[] = "PRAGMA user_version";
	int64_t n = 0;

	if (db_row(st, sql, "read schema version", db_take_int, &n, err, "") != 1)
		return -1;
	*v = (int)n;
	return 0;
}

/*
 * After a migration that edited sqlite_master (writable_schema): the schema
 * cookie one up, as SQLite's ALTER TABLE page asks, so that this connection
 * and every other one parse the schema again (else they keep the old CHECK).
 */
static int schema_cookie_bump(struct store *st, struct ms_err *err)
{
	char pragma[64];
	int64_t v = 0;

	if (db_row(st, "PRAGMA schema_version", "read schema cookie", db_take_int, &v, err, "") != 1)
		return -1;
	snprintf(pragma, sizeof(pragma), "PRAGMA schema_version = %lld", (long long)v + 1);
	return exec(st, pragma, err);
}

static int lite_migrate_one(struct store *st, int n, struct ms_err *err)
{
	char pragma[64];

	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", n + 1);
	if (exec(st, store_migrations[n], err))
		return -1;
	if (strstr(store_migrations[n], "writable_schema") && schema_cookie_bump(st, err))
		return -1;
	return exec(st, pragma, err);
}

/*
 * Opens path with the settings every connection gets; MS_DB_MAX_PAGES=<n>
 * caps the file at n pages (a quota; tests use it for a full disk).
 */
/*
 * Before SQLite first starts: no memory statistics. With them on (SQLite's
 * default) every allocation and free inside SQLite takes one process-wide
 * mutex, and the server's worker threads queued on it (a third of the 审核
 * page's time with two clients was futex calls).
 */
static pthread_once_t lite_once = PTHREAD_ONCE_INIT;

static void lite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);   /* SQLITE_MISUSE if already started: harmless */
}

static int lite_connect(struct store *st, const char *path, int flags, enum store_mode mode,
			struct ms_err *err)
{
	struct lite *l = st->impl;
	const char *cap = getenv("MS_DB_MAX_PAGES");

	pthread_once(&lite_once, lite_configure);
	if (l->db) {
		sqlite3_close(l->db);
		l->db = NULL;
	}
	if (sqlite3_open_v2(path, &l->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return lite_err(st, err, "cannot open");
	sqlite3_busy_timeout(l->db, 5000);
	sqlite3_extended_result_codes(l->db, 1);
	if (exec(st, "PRAGMA foreign_keys = ON", err) ||
	    (mode != STORE_READ && exec(st, "PRAGMA journal_mode = WAL", err)) ||
	    exec(st, "PRAGMA synchronous = NORMAL", err) ||
	    /*
	     * pages read through a memory map, not a pread() each: a WAL reader
	     * drops its page cache whenever another connection has committed,
	     * which under report writes is before nearly every request. Up to
	     * SQLite's own ceiling (2 GiB less 64 KiB): at 100× the ledger is a
	     * 1.9 GB file, and a 256 MiB map left `status` 23 s of pread() calls
	     * (53 s, now 21 s); the mapped pages are the page cache's, shared and
	     * reclaimable, though the kernel counts them in the resident size.
	     * The server's connections turn it off (store_serving): there the
	     * map is dropped and faulted in again after nearly every request
	     */
	    exec(st, "PRAGMA mmap_size = 2147418112", err))
		return -1;
	if (cap && *cap) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", strtoll(cap, NULL, 10));
		if (exec(st, sql, err))
			return -1;
	}
	return 0;
}

/* The database read as immutable (file:PATH?immutable=1), the path %-escaped for the URI. */
static int lite_immutable(struct store *st, struct ms_err *err)
{
	struct ms_buf uri = MS_BUF_INIT;
	const char *p;
	int rc;

	ms_buf_adds(&uri, "file:");
	for (p = st->target; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			ms_buf_addf(&uri, "%%%02X", (unsigned char)*p);
		else
			ms_buf_addch(&uri, *p);
	}
	ms_buf_adds(&uri, "?immutable=1");
	rc = lite_connect(st, uri.buf, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, STORE_READ, err);
	ms_buf_release(&uri);
	return rc;
}

static int lite_open(struct store *st, enum store_mode mode, struct ms_err *err)
{
	struct lite *l;
	struct stat sb;
	int flags, exists = stat(st->target, &sb) == 0;

	if (mode == STORE_CREATE && exists)
		return ms_err_field(err, MS_E_INVALID, "db", "%s: 数据库已存在 (already exists)",
				    st->path);
	if (mode != STORE_CREATE && !exists)
		return ms_err_field(err, MS_E_INVALID, "db",
				    "%s: 数据库不存在，须先建库 (no database here; initialise one first)",
				    st->path);
	l = calloc(1, sizeof(*l));
	if (!l)
		abort();
	st->impl = l;
	flags = mode == STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (lite_connect(st, st->target, flags, mode, err) == 0)
		return 0;
	/*
	 * A reader on a read-only medium: WAL needs its -shm file beside the
	 * database, which cannot be made there. Such a file is nobody's to
	 * write, so it is read as immutable (no locks, no -shm).
	 */
	if (mode == STORE_READ && err && err->kind == MS_E_UNAVAILABLE) {
		struct ms_err first = *err;

		if (lite_immutable(st, err) == 0)
			return 0;
		*err = first;
	}
	return -1;
}

static void lite_close(struct store *st)
{
	struct lite *l = st->impl;
	int i;

	if (!l)
		return;
	for (i = 0; i < l->ncache; i++)
		sqlite3_finalize(l->cache[i].stmt);
	sqlite3_close(l->db);
	write_unlock(l);
	free(l);
	st->impl = NULL;
}

/*
 * A read scope (store_read_begin): one deferred transaction, so that a page's
 * dozens of statements take the WAL's read lock once, not once each (the
 * lock's fcntl and the snapshot's set-up were a third of a logged-in page's
 * time). A write inside the scope ends the read first (BEGIN IMMEDIATE on an
 * old snapshot would fail as busy) and opens a new one after it ends.
 */
static void scope_reopen(struct store *st)
{
	struct lite *l = st->impl;

	if (l->scope && sqlite3_get_autocommit(DB(st)) && exec(st, "BEGIN", NULL))
		l->scope = 0;
}

static int lite_read_begin(struct store *st)
{
	struct lite *l = st->impl;

	if (l->scope || !sqlite3_get_autocommit(DB(st)))
		return 0;
	l->scope = 1;
	scope_reopen(st);
	return 0;
}

/* The end of the read transaction the scope holds (not of a write's). */
static void scope_close(struct store *st)
{
	struct lite *l = st->impl;

	if (l->scope && !l->writing && !sqlite3_get_autocommit(DB(st)))
		exec(st, "COMMIT", NULL);
}

static void lite_read_end(struct store *st)
{
	struct lite *l = st->impl;

	scope_close(st);
	l->scope = 0;
}

static int lite_begin(struct store *st, struct ms_err *err)
{
	struct lite *l = st->impl;

	scope_close(st);
	pthread_once(&g_write_once, write_lock_init);
	pthread_mutex_lock(&g_write);
	if (exec(st, "BEGIN IMMEDIATE", err)) {
		pthread_mutex_unlock(&g_write);
		return -1;
	}
	if (l->writing)     /* a BEGIN inside a transaction fails above; never two turns */
		pthread_mutex_unlock(&g_write);
	l->writing = 1;
	return 0;
}

static int lite_commit(struct store *st, struct ms_err *err)
{
	int rc = exec(st, "COMMIT", err);

	/* a COMMIT that failed may leave the transaction open: the turn ends with its rollback */
	if (sqlite3_get_autocommit(DB(st))) {
		write_unlock(st->impl);
		scope_reopen(st);
	}
	return rc;
}

static void lite_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(DB(st)))
		exec(st, "ROLLBACK", NULL);
	write_unlock(st->impl);
	scope_reopen(st);
}

static int64_t lite_data_version(struct store *st)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = prep(st, sql, 1, NULL);
	uint64_t dv, own;
	int64_t v = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		/* other connections' commits in the high half, this one's row changes in the low */
		dv = (uint32_t)sqlite3_column_int64(s, 0);
		own = (uint64_t)sqlite3_total_changes64(DB(st)) & 0xffffffffu;
		v = (int64_t)(((dv << 32) | own) & (uint64_t)INT64_MAX);
	}
	unprep(st, s);
	return v;
}

static int lite_run_vals(struct store *st, const char *sql, int cached, int n,
			 const struct db_val *v, struct ms_err *err)
{
	sqlite3_stmt *s = prep(st, sql, cached, err);
	int i, r = SQLITE_OK, own;

	if (!s)
		return -1;
	own = scope_writes(st, s);
	for (i = 0; i < n && r == SQLITE_OK; i++) {
		switch (v[i].kind) {
		case 'i': r = sqlite3_bind_int64(s, i + 1, v[i].i); break;
		case 't': r = sqlite3_bind_text(s, i + 1, v[i].p, -1, SQLITE_TRANSIENT); break;
		case 'b': r = sqlite3_bind_blob64(s, i + 1, v[i].p, v[i].n, SQLITE_TRANSIENT); break;
		default: r = sqlite3_bind_null(s, i + 1); break;
		}
	}
	if (r != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE) {
		lite_err(st, err, "write");
		r = -1;
	} else {
		r = 0;
	}
	unprep(st, s);
	if (own)
		scope_reopen(st);
	return r;
}

static int lite_columns(struct store *st, const char *table, char names[][64], int max,
			struct ms_err *err)
{
	char sql[128];
	sqlite3_stmt *s;
	int i, n;

	snprintf(sql, sizeof(sql), "SELECT * FROM %s", table);
	if (sqlite3_prepare_v2(DB(st), sql, -1, &s, NULL) != SQLITE_OK)
		return lite_err(st, err, "read columns");
	n = sqlite3_column_count(s);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		snprintf(names[i], 64, "%s", sqlite3_column_name(s, i));
	sqlite3_finalize(s);
	return n;
}

/*
 * Checkpoints off the request path (the server): a connection that will not
 * checkpoint on its commits (wal_autocheckpoint 0), and a PASSIVE checkpoint
 * for the server's own thread to run now and then: it copies what it can
 * without waiting for readers or the writer.
 */
static int lite_checkpoint(struct store *st, int off, struct ms_err *err)
{
	if (off)   /* store_serving: and no memory map (store.h says why) */
		return exec(st, "PRAGMA wal_autocheckpoint = 0", err) || exec(st, "PRAGMA mmap_size = 0", err) ? -1 : 0;
	return sqlite3_wal_checkpoint_v2(DB(st), NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) == SQLITE_OK ? 0 :
		lite_err(st, err, "checkpoint");
}

static int lite_snapshot(struct store *st, struct ms_err *err)
{
	/* WAL: the read transaction's snapshot is taken at its first read */
	lite_read_end(st);
	return exec(st, "BEGIN DEFERRED; SELECT COUNT(*) FROM sqlite_schema", err);
}

static const char *lite_order_key(struct store *st, const char *table, struct ms_err *err)
{
	(void)st;
	(void)table;
	(void)err;
	return "rowid";
}

static int lite_after_load(struct store *st, struct ms_err *err)
{
	(void)st;
	(void)err;
	return 0;
}

/* The online backup API: a consistent copy page by page, writers are not held up for long. */
static int lite_backup_file(struct store *st, const char *path, struct ms_err *err)
{
	sqlite3 *to;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		ms_err_setk(err, MS_E_INTERNAL, "%s: %s", path, sqlite3_errmsg(to));
		sqlite3_close(to);
		return -1;
	}
	b = sqlite3_backup_init(to, "main", DB(st), "main");
	if (!b) {
		ms_err_setk(err, MS_E_INTERNAL, "%s: %s", path, sqlite3_errmsg(to));
		sqlite3_close(to);
		return -1;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		ms_err_setk(err, MS_E_INTERNAL, "%s: backup: %s", path, sqlite3_errstr(rc));
		sqlite3_close(to);
		return -1;
	}
	/* the copy is one file, without a WAL beside it */
	rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(to);
	return rc == SQLITE_OK ? 0 : ms_err_setk(err, MS_E_INTERNAL, "%s: backup: journal mode", path);
}

static int lite_table_exists(struct store *st, const char *table, struct ms_err *err)
{
	static const char sql[] = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $1";

	return db_row(st, sql, "read tables", NULL, NULL, err, "t", table);
}

static int lite_check(struct store *st, struct ms_err *err)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(DB(st), "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return lite_err(st, err, "integrity check");
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (t && !strcmp(t, "ok"))
			rc = 0;
		else
			ms_err_set(err, "%s: integrity check: %s", st->path, t ? t : "");
	}
	sqlite3_finalize(s);
	if (rc == 0 && sqlite3_prepare_v2(DB(st), "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = ms_err_set(err, "%s: foreign key check: a row in %s has no parent",
					st->path, (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	return rc;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = lite_open,
	.close = lite_close,
	.script = exec,
	.rows = lite_rows,
	.changes = lite_changes,
	.last_id = lite_last_id,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.data_version = lite_data_version,
	.check = lite_check,
	.version_get = lite_version_get,
	.migrate_one = lite_migrate_one,
	.table_exists = lite_table_exists,
	.columns = lite_columns,
	.run_vals = lite_run_vals,
	.snapshot = lite_snapshot,
	.read_begin = lite_read_begin,
	.checkpoint = lite_checkpoint,
	.read_end = lite_read_end,
	.order_key = lite_order_key,
	.after_load = lite_after_load,
	.backup_file = lite_backup_file,
	.col_text = lite_col_text,
	.col_int = lite_col_int,
	.col_blob = lite_col_blob,
	.col_count = lite_col_count,
	.col_name = lite_col_name,
	.col_type = lite_col_type,
};
