/*
 * db.h - inside the store only: the connection, and the few helpers every
 * table's file uses to prepare, bind, run and step a statement. The SQLite
 * calls live in db_sqlite.c, the libpq ones in db_pg.c (db_impl.h); the
 * domain files (store_plan.c, store_ledger.c,
 * store_auth.c, store_eval.c) hold SQL text and read columns through db_col_*.
 */
#ifndef MS_STORE_DB_H
#define MS_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct db_row;

/* Fills err with "PATH: WHAT: MSG" (MS_E_INTERNAL) and returns -1. */
int db_err_msg(struct store *st, struct ms_err *err, const char *what, const char *msg);

/*
 * Prepares, binds and runs a statement that returns no rows. sql must be a
 * string with static storage (its address keys the statement cache). fmt has
 * one letter per parameter $1, $2, …:
 *	't' const char * (NULL binds NULL)
 *	'i' int64_t
 *	'I' const int64_t * (NULL binds NULL)
 *	'b' const void *, size_t (a blob)
 *	'n' no argument; binds NULL
 * 0, or -1 with err ("PATH: WHAT: …").
 */
int db_run(struct store *st, const char *sql, const char *what, struct ms_err *err,
	   const char *fmt, ...);

/* Rows changed by the last db_run, and the rowid the last INSERT gave. */
int64_t db_changes(struct store *st);
int64_t db_last_id(struct store *st);

/*
 * A row callback: reads the row's columns through db_col_*; returns 0 to go
 * on, non-zero to stop (db_rows returns that value; a negative value is the
 * callback's own error, err filled by it through its ctx).
 */
typedef int db_row_fn(struct db_row *row, void *ctx);

/*
 * Prepares and binds sql (as db_run) and steps every row into fn. Returns 0
 * after the last row, the callback's value when it stopped early, or -1 with
 * err ("PATH: WHAT: …", what e.g. "read plans") on a database error. The statement is released.
 */
int db_rows(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	    struct ms_err *err, const char *fmt, ...);

/*
 * The same for a query of at most one row: 1 when there was a row (fn, which
 * may be NULL, has read it), 0 when there was none, -1 on a database error or
 * when fn returned a negative value.
 */
int db_row(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
	   struct ms_err *err, const char *fmt, ...);

/*
 * As db_rows with sql built at run time (not cached; max all rows, or none
 * when fn is NULL): the dump and the counts.
 */
int db_rows_once(struct store *st, const char *sql, const char *what, db_row_fn *fn, void *ctx,
		 struct ms_err *err, const char *fmt, ...);

/* Column i of the current row: text ("" for NULL), text or NULL, integer, NULL-ness. */
const char *db_col_text(struct db_row *row, int i);
const char *db_col_opt(struct db_row *row, int i);
int64_t db_col_int(struct db_row *row, int i);
int db_col_null(struct db_row *row, int i);
/* The column's bytes (a blob or text) and their number. */
const void *db_col_blob(struct db_row *row, int i, size_t *len);
/* The row's number of columns, column i's name, and what it holds: 'i', 't', 'b' or 'n' (NULL). */
int db_col_count(struct db_row *row);
const char *db_col_name(struct db_row *row, int i);
char db_col_type(struct db_row *row, int i);
/* Copies the text of column i into dst[n], cut to fit. */
void db_col_copy(char *dst, size_t n, struct db_row *row, int i);

/* Row callbacks for the common one-column reads; ctx is the destination. */
db_row_fn db_take_text;   /* struct ms_buf *: reset, then the text */
db_row_fn db_take_int;    /* int64_t * */

#endif
