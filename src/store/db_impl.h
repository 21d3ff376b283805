/*
 * db_impl.h - inside the store only: the two backends behind db.h. db.c holds
 * what both share (the db_* helpers, migrations, the journal, counts) and
 * calls the backend through struct db_ops; db_sqlite.c and db_pg.c are the
 * only files that call SQLite and libpq.
 */
#ifndef MS_STORE_DB_IMPL_H
#define MS_STORE_DB_IMPL_H

#include <stdarg.h>

#include "db.h"

/* The current row handed to a db_row_fn: which statement (SQLite) or result (libpq) and row. */
struct db_row {
	struct store *st;
	void *h;     /* sqlite3_stmt * or PGresult * */
	int i;       /* the row number in a PGresult */
};

/* One value to bind without a format string (backup, restore, copy). */
struct db_val {
	char kind;         /* 'i' integer, 't' text, 'b' bytes, 'n' NULL */
	int64_t i;
	const char *p;     /* text (NUL-terminated) or bytes */
	size_t n;          /* the bytes' number */
};

struct db_ops {
	const char *name;   /* "sqlite", "postgresql" */
	int (*open)(struct store *st, enum store_mode mode, struct ms_err *err);
	void (*close)(struct store *st);
	/* several statements without parameters (a migration, a pragma) */
	int (*script)(struct store *st, const char *sql, struct ms_err *err);
	/*
	 * Runs sql with the parameters of fmt; steps at most max rows (-1: all)
	 * into fn (NULL: none expected). cached: sql is a static string whose
	 * address may key the statement cache. Returns as db_rows/db_row do, and
	 * for max == 0 (db_run) 0 or -1.
	 */
	int (*rows)(struct store *st, const char *sql, int cached, const char *what, db_row_fn *fn,
		    void *ctx, int max, struct ms_err *err, const char *fmt, va_list *ap);
	int64_t (*changes)(struct store *st);
	int64_t (*last_id)(struct store *st);
	int (*begin)(struct store *st, struct ms_err *err);
	/* a read scope (store_read_begin); NULL: none (each statement its own) */
	int (*read_begin)(struct store *st);
	void (*read_end)(struct store *st);
	/* off: this connection no longer checkpoints on commit; else one passive checkpoint. NULL: none */
	int (*checkpoint)(struct store *st, int off, struct ms_err *err);
	int (*commit)(struct store *st, struct ms_err *err);
	void (*rollback)(struct store *st);
	int64_t (*data_version)(struct store *st);
	int (*check)(struct store *st, struct ms_err *err);
	int (*version_get)(struct store *st, int *v, struct ms_err *err);
	/* inside the migration's transaction: runs migration n (0-based) and records version n+1 */
	int (*migrate_one)(struct store *st, int n, struct ms_err *err);
	int (*table_exists)(struct store *st, const char *table, struct ms_err *err);
	/* a table's column names in order, a hidden rowid left out: their number, or -1 */
	int (*columns)(struct store *st, const char *table, char names[][64], int max,
		       struct ms_err *err);
	/* runs sql (no rows) with n values; cached as in rows */
	int (*run_vals)(struct store *st, const char *sql, int cached, int n, const struct db_val *v,
			struct ms_err *err);
	/*
	 * Loading a new database inside its transaction, a table at a time
	 * (NULL: backup.c sends each row as an INSERT through run_vals):
	 * load_start names the table and its columns, load_row takes one row
	 * (buffered: an error may only show at load_end), load_end finishes the
	 * table, or with ok 0 abandons it (the transaction then fails).
	 */
	int (*load_start)(struct store *st, const char *table, char cols[][STORE_NAME_MAX], int n,
			  struct ms_err *err);
	int (*load_row)(struct store *st, int n, const struct db_val *v, struct ms_err *err);
	int (*load_end)(struct store *st, int ok, struct ms_err *err);
	/* a read-only transaction that sees one moment (ended by rollback) */
	int (*snapshot)(struct store *st, struct ms_err *err);
	/* the column rows of a table are ordered by to come out in the order they went in */
	const char *(*order_key)(struct store *st, const char *table, struct ms_err *err);
	/* after rows were loaded with their ids: what the backend must set right (sequences) */
	int (*after_load)(struct store *st, struct ms_err *err);
	/* the whole database into a new file of the same kind, while others use it; NULL: none */
	int (*backup_file)(struct store *st, const char *path, struct ms_err *err);
	const char *(*col_text)(struct db_row *r, int i);   /* NULL for NULL */
	int64_t (*col_int)(struct db_row *r, int i);
	const void *(*col_blob)(struct db_row *r, int i, size_t *len);
	int (*col_count)(struct db_row *r);
	const char *(*col_name)(struct db_row *r, int i);
	/* 'i' integer, 'b' bytes, 't' text, 'n' NULL: what column i of this row holds */
	char (*col_type)(struct db_row *r, int i);
};

struct store {
	const struct db_ops *ops;
	char *path;          /* for messages: the file, or the URL without its password */
	char *target;        /* what to open: the file or the full URL */
	void *impl;          /* the backend's own state */
	int in_tx;
	uint64_t serial;     /* store_serial: no two opened in one process share it */
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The migration n as PostgreSQL reads it (schema_pg.c); out is reset first. 0 or -1 with err. */
int schema_pg_translate(const char *sqlite_sql, struct ms_buf *out, struct ms_err *err);

/*
 * The kind of error SQLite's result code is (extended codes too): full
 * MS_E_STORAGE, busy or locked MS_E_BUSY, read-only, I/O or cannot-open
 * MS_E_UNAVAILABLE, anything else MS_E_INTERNAL; *words the Chinese and
 * English words for the storage kinds, "" for the rest.
 */
enum ms_err_kind db_sqlite_kind(int code, const char **words);

#endif
