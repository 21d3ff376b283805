/*
 * db_pg.c - the PostgreSQL backend behind db_impl.h (libpq): a connection
 * per store, statements prepared once per connection (PQprepare, keyed by
 * the SQL's address as on SQLite), parameters sent as text (bytes as
 * binary), results read by column as they arrive (single-row mode: a
 * statement's rows are never all in memory); the schema version in
 * schema_version, a change counter for the answer caches of several servers.
 * A load (db copy, restore) goes by COPY … FROM STDIN, not a row at a time.
 *
 * Transactions: READ COMMITTED, and every write transaction first takes one
 * transaction-scoped advisory lock, so writers run one at a time exactly as
 * under SQLite's BEGIN IMMEDIATE, which the services were written for (a
 * report checks the round lock and then writes; a lock checks and writes;
 * each reads the latest committed state once it holds the lock). No
 * serialization failure can then arise, so no service needs a retry loop;
 * readers never wait (MVCC). The lock wait is bounded (lock_timeout 30 s)
 * and a timeout, a deadlock or a serialization failure from outside is
 * reported as a conflict to try again (MS_E_CONFLICT).
 */
#include "db_impl.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "core/banned.h"

#define STMT_CACHE 128
#define MAX_PARAMS 32
/* the advisory lock every write transaction takes: "minsheng" in a number */
#define WRITE_LOCK "7235826915046711143"

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_NUMERIC 1700

struct pg {
	PGconn *conn;
	struct {
		const char *sql;   /* identity: the static string's address */
		char name[12];
	} cache[STMT_CACHE];
	int ncache;
	int64_t changes;
	unsigned char *blob;   /* the last bytea read, unescaped */
	int read_only;
	struct stream *streaming;   /* the statement whose rows are still arriving, if any */
	struct ms_buf copy;         /* COPY rows not yet sent */
	int copying;                /* inside COPY … FROM STDIN */
	struct ms_buf fks;          /* the foreign keys a load dropped, to add back after it */
	int fks_dropped;
};

/*
 * A statement's rows as they arrive (single-row mode: one PGresult per row,
 * so a million sites never sit in memory at once). When another statement
 * must run on the connection before the rows are all read (a callback that
 * queries), the rest are taken off the wire first and queued here.
 */
struct stream {
	PGresult **q;
	size_t n, head, cap;
	int done;   /* every result of the statement has been taken off the connection */
	struct stream *outer;
};

#define PG(st) ((struct pg *)(st)->impl)

/* The kind a SQLSTATE stands for. */
static enum ms_err_kind state_kind(const char *state)
{
	if (!state)
		return MS_E_INTERNAL;
	if (!strcmp(state, "23505") || !strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "55P03") || !strcmp(state, "P0001"))
		return MS_E_CONFLICT;   /* taken; try again; a trigger's refusal */
	if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
		return MS_E_INVALID;    /* a constraint or a value out of range */
	return MS_E_INTERNAL;
}

/* err from a failed result (res may be NULL: the connection's message). */
static int pg_fail(struct store *st, struct ms_err *err, const char *what, const PGresult *res)
{
	char msg[512];
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL, *state;
	size_t n;

	snprintf(msg, sizeof(msg), "%s", m ? m : PQerrorMessage(PG(st)->conn));
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = 0;
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01")))
		ms_err_setk(err, MS_E_CONFLICT, "%s: 数据库忙，请稍后重试 (the database is busy; try again): %s",
			    st->path, msg);
	else
		db_err_msg(st, err, what, msg);
	if (err)
		err->kind = state_kind(state);
	return -1;
}

static const char session_setup[] =
	"SET lock_timeout = '30s'; SET client_min_messages = warning; SET client_encoding = 'UTF8'";

/* The rest of the statement whose rows are arriving, taken off the connection and queued. */
static void settle(struct pg *g)
{
	struct stream *s = g->streaming;
	PGresult *res;

	if (!s || s->done)
		return;
	while ((res = PQgetResult(g->conn))) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->q = realloc(s->q, s->cap * sizeof(*s->q));
			if (!s->q)
				abort();
		}
		s->q[s->n++] = res;
	}
	s->done = 1;
}

/*
 * A connection the server dropped (a restart, a failover) is opened again
 * before the next statement; its prepared statements went with it. Inside a
 * transaction nothing is retried: the transaction fails as it must.
 */
static void alive(struct store *st)
{
	struct pg *g = PG(st);
	PGresult *res;

	settle(g);   /* before anything else is sent, the rows in flight are taken in */
	if (PQstatus(g->conn) != CONNECTION_BAD)
		return;
	PQreset(g->conn);
	if (PQstatus(g->conn) != CONNECTION_OK)
		return;
	g->ncache = 0;
	res = PQexec(g->conn, g->read_only ? "SET default_transaction_read_only = on" : "SELECT 1");
	PQclear(res);
	res = PQexec(g->conn, session_setup);
	PQclear(res);
}

/* Statements without parameters or rows, several at once (simple query protocol). */
static int pg_script(struct store *st, const char *sql, struct ms_err *err)
{
	PGresult *res;

	alive(st);
	res = PQexec(PG(st)->conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		pg_fail(st, err, "execute", res);
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * The dialect, in one place: the few functions SQLite spells its own way
 * (group_concat(x, sep) is string_agg(x, sep)). rowid is a real column on
 * PostgreSQL (schema_pg.c adds it).
 */
static void dialect(const char *sql, struct ms_buf *o)
{
	static const char from[] = "group_concat(";
	const char *p;

	while ((p = strstr(sql, from))) {
		ms_buf_add(o, sql, (size_t)(p - sql));
		ms_buf_adds(o, "string_agg(");
		sql = p + sizeof(from) - 1;
	}
	ms_buf_adds(o, sql);
}

struct params {
	int n;
	unsigned int type[MAX_PARAMS];   /* what the server is told each is: text, bigint, bytea */
	const char *v[MAX_PARAMS];
	int len[MAX_PARAMS], fmt[MAX_PARAMS];
	char num[MAX_PARAMS][24];
};

/* The name of the statement prepared for sql on this connection, preparing it once; NULL: err. */
static const char *prepared(struct store *st, const char *sql, const struct params *p,
			    struct ms_err *err)
{
	struct pg *g = PG(st);
	struct ms_buf b = MS_BUF_INIT;
	PGresult *res;
	int i, ok;

	for (i = 0; i < g->ncache; i++)
		if (g->cache[i].sql == sql)
			return g->cache[i].name;
	if (g->ncache == STMT_CACHE)
		return "";   /* the unnamed statement, prepared again each time */
	snprintf(g->cache[g->ncache].name, sizeof(g->cache[0].name), "s%d", g->ncache);
	dialect(sql, &b);
	res = PQprepare(g->conn, g->cache[g->ncache].name, b.buf, p->n, p->type);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok) {
		pg_fail(st, err, "prepare", res);
		ms_err_prefix(err, "%.80s", sql);
	}
	PQclear(res);
	ms_buf_release(&b);
	if (!ok)
		return NULL;
	g->cache[g->ncache].sql = sql;
	return g->cache[g->ncache++].name;
}


/* The parameters of fmt (see db_run in db.h) as libpq takes them. */
static int params(struct store *st, struct params *p, const char *fmt, va_list *ap,
		  struct ms_err *err)
{
	const int64_t *iv;

	for (p->n = 0; fmt[p->n]; p->n++) {
		int i = p->n;

		if (i == MAX_PARAMS)
			return ms_err_set(err, "%s: bind: more than %d parameters", st->path, MAX_PARAMS);
		p->len[i] = 0;
		p->fmt[i] = 0;
		p->type[i] = fmt[i] == 't' ? OID_TEXT : fmt[i] == 'b' ? OID_BYTEA
			: fmt[i] == 'n' ? 0 : OID_INT8;
		switch (fmt[i]) {
		case 't':
			p->v[i] = va_arg(*ap, const char *);
			break;
		case 'i':
			snprintf(p->num[i], sizeof(p->num[i]), "%lld", (long long)va_arg(*ap, int64_t));
			p->v[i] = p->num[i];
			break;
		case 'I':
			iv = va_arg(*ap, const int64_t *);
			if (iv)
				snprintf(p->num[i], sizeof(p->num[i]), "%lld", (long long)*iv);
			p->v[i] = iv ? p->num[i] : NULL;
			break;
		case 'b':
			p->v[i] = va_arg(*ap, const char *);
			p->len[i] = (int)va_arg(*ap, size_t);
			p->fmt[i] = 1;
			if (!p->v[i])
				p->v[i] = "";
			break;
		case 'n':
			p->v[i] = NULL;
			break;
		default:
			abort();
		}
	}
	return 0;
}

/* Sends the statement (its rows one result each when fn reads them); 0, or -1 with err. */
static int send_stmt(struct store *st, const char *sql, int cached, const struct params *p,
		     int single, struct ms_err *err)
{
	struct pg *g = PG(st);
	struct ms_buf b = MS_BUF_INIT;
	const char *name = NULL;
	int ok;

	alive(st);
	if (cached && !(name = prepared(st, sql, p, err)))
		return -1;
	if (name && *name) {
		ok = PQsendQueryPrepared(g->conn, name, p->n, p->v, p->len, p->fmt, 0);
	} else {
		dialect(sql, &b);
		ok = PQsendQueryParams(g->conn, b.buf, p->n, p->type, p->v, p->len, p->fmt, 0);
		ms_buf_release(&b);
	}
	if (!ok)
		return pg_fail(st, err, "send", NULL);
	if (single && !PQsetSingleRowMode(g->conn))
		abort();   /* only fails when called at the wrong moment: a bug here */
	return 0;
}

/* The statement's next result: a queued one, or the next off the connection. */
static PGresult *next_result(struct pg *g, struct stream *s)
{
	if (s->head < s->n)
		return s->q[s->head++];
	return s->done ? NULL : PQgetResult(g->conn);
}

/*
 * Reads every result of the statement just sent: up to max rows into fn
 * (-1: all), the rest taken in and dropped. *rows counts the rows fn saw;
 * returns fn's value when it stopped, 0, or -1 with err.
 */
static int read_rows(struct store *st, const char *what, db_row_fn *fn, void *ctx, int max,
		     int *rows, struct ms_err *err)
{
	struct pg *g = PG(st);
	struct stream s = { .outer = g->streaming };
	struct db_row row = { st, NULL, 0 };
	PGresult *res;
	int rc = 0, failed = 0, status, stop = max == 0;

	g->streaming = &s;
	while ((res = next_result(g, &s))) {
		status = PQresultStatus(res);
		if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
			row.h = res;
			for (row.i = 0; !stop && row.i < PQntuples(res); row.i++) {
				++*rows;
				if ((fn && (rc = fn(&row, ctx))) || (max > 0 && *rows >= max))
					stop = 1;
			}
		}
		if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
			g->changes = strtoll(PQcmdTuples(res), NULL, 10);
		else if (status != PGRES_SINGLE_TUPLE && !failed++)
			pg_fail(st, err, what, res);
		PQclear(res);
	}
	g->streaming = s.outer;
	free(s.q);
	free(g->blob);
	g->blob = NULL;
	return failed ? -1 : rc;
}

static int pg_rows(struct store *st, const char *sql, int cached, const char *what,
		   db_row_fn *fn, void *ctx, int max, struct ms_err *err, const char *fmt,
		   va_list *ap)
{
	struct pg *g = PG(st);
	struct params p;
	int rc, n = 0, idle, again;

	if (params(st, &p, fmt, ap, err))
		return -1;
	idle = PQtransactionStatus(g->conn) == PQTRANS_IDLE;
	rc = send_stmt(st, sql, cached, &p, max != 0, err);
	if (!rc)
		rc = read_rows(st, what, fn, ctx, max, &n, err);
	/* the server went away between statements: once more on a new connection */
	again = rc == -1 && !n && idle && PQstatus(g->conn) == CONNECTION_BAD;
	if (again && !(rc = send_stmt(st, sql, cached, &p, max != 0, err)))
		rc = read_rows(st, what, fn, ctx, max, &n, err);
	if (max == 0)
		return rc < 0 ? -1 : 0;
	if (max < 0 || rc < 0)
		return rc;
	return n > 0;
}

static int pg_run_vals(struct store *st, const char *sql, int cached, int n,
		       const struct db_val *v, struct ms_err *err)
{
	struct pg *g = PG(st);
	struct params p;
	const char *name = NULL;
	PGresult *res;
	int i, ok;

	if (n > MAX_PARAMS)
		return ms_err_set(err, "%s: bind: more than %d parameters", st->path, MAX_PARAMS);
	p.n = n;
	for (i = 0; i < n; i++) {
		p.type[i] = v[i].kind == 'b' ? OID_BYTEA : 0;   /* the rest: as the column is */
		p.fmt[i] = v[i].kind == 'b';
		p.len[i] = v[i].kind == 'b' ? (int)v[i].n : 0;
		p.v[i] = v[i].kind == 'n' ? NULL : v[i].kind == 'i' ? p.num[i] : v[i].p ? v[i].p : "";
		if (v[i].kind == 'i')
			snprintf(p.num[i], sizeof(p.num[i]), "%lld", (long long)v[i].i);
	}
	alive(st);
	if (cached && !(name = prepared(st, sql, &p, err)))
		return -1;
	if (name && *name)
		res = PQexecPrepared(g->conn, name, p.n, p.v, p.len, p.fmt, 0);
	else
		res = PQexecParams(g->conn, sql, p.n, p.type, p.v, p.len, p.fmt, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		pg_fail(st, err, "write", res);
	PQclear(res);
	return ok ? 0 : -1;
}

/* --- loading a table with COPY … FROM STDIN (text format: one round trip per 256 KiB) --- */

#define COPY_FLUSH ((size_t)256 << 10)

/* A text value as COPY's text format reads it: backslash, tab, newline and CR escaped. */
static int copy_text(struct ms_buf *o, const char *p, size_t n)
{
	size_t i, from = 0;
	int bad = 0;
	char e;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '\\': e = '\\'; break;
		case '\t': e = 't'; break;
		case '\n': e = 'n'; break;
		case '\r': e = 'r'; break;
		default: continue;
		}
		bad |= ms_buf_add(o, p + from, i - from);
		bad |= ms_buf_addch(o, '\\');
		bad |= ms_buf_addch(o, e);
		from = i + 1;
	}
	return bad | ms_buf_add(o, p + from, n - from);
}

static int copy_send(struct store *st, struct ms_err *err)
{
	struct pg *g = PG(st);

	if (g->copy.len && PQputCopyData(g->conn, g->copy.buf, (int)g->copy.len) != 1)
		return pg_fail(st, err, "load", NULL);
	ms_buf_reset(&g->copy);
	return 0;
}

/*
 * Before the first table is loaded, the foreign keys are dropped (inside the
 * load's transaction: a failed load brings them back) and their definitions
 * kept; pg_after_load adds them back, each checked over the whole table in
 * one pass instead of one lookup per row and key (29 s → 8 s for a million
 * sites, as pg_restore does it).
 */
static int drop_foreign_keys(struct store *st, struct ms_err *err)
{
	static const char sql[] =
		"SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', c.relname, k.conname),"
		" format('ALTER TABLE %I ADD CONSTRAINT %I %s', c.relname, k.conname,"
		" pg_get_constraintdef(k.oid)) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
		" WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace"
		" ORDER BY c.relname, k.conname";
	struct pg *g = PG(st);
	struct ms_buf drop = MS_BUF_INIT;
	PGresult *res;
	int i, rc;

	g->fks_dropped = 1;
	ms_buf_reset(&g->fks);
	res = PQexec(g->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(st, err, "read foreign keys", res);
		PQclear(res);
		return -1;
	}
	for (i = 0; i < PQntuples(res); i++) {
		ms_buf_addf(&drop, "%s;\n", PQgetvalue(res, i, 0));
		ms_buf_addf(&g->fks, "%s;\n", PQgetvalue(res, i, 1));
	}
	PQclear(res);
	rc = drop.len ? pg_script(st, drop.buf, err) : 0;
	ms_buf_release(&drop);
	return rc;
}

static int pg_load_start(struct store *st, const char *table, char cols[][STORE_NAME_MAX], int n,
			 struct ms_err *err)
{
	struct pg *g = PG(st);
	struct ms_buf b = MS_BUF_INIT;
	PGresult *res;
	int i, ok;

	alive(st);
	if (!g->fks_dropped && drop_foreign_keys(st, err))
		return -1;
	ms_buf_addf(&b, "COPY %s (", table);
	for (i = 0; i < n; i++)
		ms_buf_addf(&b, "%s%s", i ? ", " : "", cols[i]);
	ms_buf_adds(&b, ") FROM STDIN");
	res = PQexec(g->conn, b.buf);
	ms_buf_release(&b);
	ok = PQresultStatus(res) == PGRES_COPY_IN;
	if (!ok)
		pg_fail(st, err, "load", res);
	PQclear(res);
	g->copying = ok;
	ms_buf_reset(&g->copy);
	return ok ? 0 : -1;
}

static int pg_load_row(struct store *st, int n, const struct db_val *v, struct ms_err *err)
{
	static const char digits[] = "0123456789abcdef";
	struct ms_buf *o = &PG(st)->copy;
	const unsigned char *b;
	size_t k, was = o->len;
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		if (i)
			bad |= ms_buf_addch(o, '\t');
		switch (v[i].kind) {
		case 'n':
			bad |= ms_buf_adds(o, "\\N");
			break;
		case 'i':
			bad |= ms_buf_addf(o, "%lld", (long long)v[i].i);
			break;
		case 'b':   /* bytea's hex input, its backslash escaped for COPY */
			bad |= ms_buf_adds(o, "\\\\x");
			for (b = (const unsigned char *)v[i].p, k = 0; k < v[i].n; k++) {
				bad |= ms_buf_addch(o, digits[b[k] >> 4]);
				bad |= ms_buf_addch(o, digits[b[k] & 15]);
			}
			break;
		default:
			bad |= copy_text(o, v[i].p ? v[i].p : "", v[i].p ? strlen(v[i].p) : 0);
			break;
		}
	}
	bad |= ms_buf_addch(o, '\n');
	if (bad) {   /* one row longer than a buffer may grow */
		o->len = was;
		if (o->alloc)
			o->buf[was] = 0;
		return ms_err_setk(err, MS_E_STORAGE, "%s: 一行数据过大，无法载入 (a row too large to load)",
				   st->path);
	}
	return o->len >= COPY_FLUSH ? copy_send(st, err) : 0;
}

static int pg_load_end(struct store *st, int ok, struct ms_err *err)
{
	struct pg *g = PG(st);
	PGresult *res;
	int rc = 0;

	if (!g->copying)
		return ok ? 0 : -1;
	g->copying = 0;
	if (ok && copy_send(st, err))
		ok = 0, rc = -1;
	ms_buf_reset(&g->copy);
	if (PQputCopyEnd(g->conn, ok ? NULL : "abandoned") != 1 && ok && !rc)
		rc = pg_fail(st, err, "load", NULL);
	while ((res = PQgetResult(g->conn))) {
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			g->changes = strtoll(PQcmdTuples(res), NULL, 10);
		else if (!rc && ok)
			rc = pg_fail(st, err, "load", res);
		PQclear(res);
	}
	return ok ? rc : -1;
}

static int pg_columns(struct store *st, const char *table, char names[][64], int max,
		      struct ms_err *err)
{
	char sql[128];
	PGresult *res;
	int i, n = 0;

	alive(st);
	snprintf(sql, sizeof(sql), "SELECT * FROM %s LIMIT 0", table);
	res = PQexec(PG(st)->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(st, err, "read columns", res);
		PQclear(res);
		return -1;
	}
	for (i = 0; i < PQnfields(res) && n < max; i++)
		if (strcmp(PQfname(res, i), "rowid"))
			snprintf(names[n++], 64, "%s", PQfname(res, i));
	PQclear(res);
	return n;
}

static int pg_snapshot(struct store *st, struct ms_err *err)
{
	return pg_script(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
}

static const char *pg_order_key(struct store *st, const char *table, struct ms_err *err)
{
	static const char sql[] =
		"SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
		" AND table_name = $1 AND column_name = 'rowid'";
	int rc = db_row(st, sql, "read columns", NULL, NULL, err, "t", table);

	/* a table with an integer key has it first */
	return rc < 0 ? NULL : rc ? "rowid" : "1";
}

static int set_sequence(struct db_row *r, void *ctx)
{
	struct store *st = r->st;
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
		 " COALESCE(MAX(%s), 0) + 1, false) FROM %s", db_col_text(r, 0), db_col_text(r, 1),
		 db_col_text(r, 1), db_col_text(r, 0));
	return db_rows_once(st, sql, "set sequence", NULL, NULL, ctx, "") < 0 ? -1 : 0;
}

static int pg_after_load(struct store *st, struct ms_err *err)
{
	/* the names come from the catalogue; collected first, then each sequence set */
	static const char sql[] =
		"SELECT table_name, column_name FROM information_schema.columns"
		" WHERE table_schema = current_schema() AND is_identity = 'YES'"
		" AND column_name <> 'rowid' ORDER BY 1";
	PGresult *res;
	struct db_row row = { st, NULL, 0 };
	struct pg *g = PG(st);
	int rc = 0;

	alive(st);
	if (g->fks_dropped) {   /* the keys a load dropped, back and checked */
		g->fks_dropped = 0;
		if (g->fks.len && pg_script(st, g->fks.buf, err))
			return -1;
		ms_buf_reset(&g->fks);
	}
	res = PQexec(PG(st)->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(st, err, "read identity columns", res);
		PQclear(res);
		return -1;
	}
	row.h = res;
	for (row.i = 0; !rc && row.i < PQntuples(res); row.i++)
		rc = set_sequence(&row, err);
	PQclear(res);
	return rc;
}

static int64_t pg_changes(struct store *st)
{
	return PG(st)->changes;
}

static int64_t pg_last_id(struct store *st)
{
	static const char sql[] = "SELECT lastval()";
	int64_t id = 0;
	int64_t saved = PG(st)->changes;

	db_row(st, sql, "read id", db_take_int, &id, NULL, "");
	PG(st)->changes = saved;
	return id;
}

static const char *pg_col_text(struct db_row *r, int i)
{
	return PQgetisnull(r->h, r->i, i) ? NULL : PQgetvalue(r->h, r->i, i);
}

static int64_t pg_col_int(struct db_row *r, int i)
{
	const char *v = PQgetvalue(r->h, r->i, i);

	if (*v == 't')   /* a boolean */
		return 1;
	return strtoll(v, NULL, 10);
}

static const void *pg_col_blob(struct db_row *r, int i, size_t *len)
{
	struct pg *g = PG(r->st);
	const char *v = PQgetvalue(r->h, r->i, i);

	if (PQftype(r->h, i) != OID_BYTEA) {
		*len = (size_t)PQgetlength(r->h, r->i, i);
		return v;
	}
	free(g->blob);
	g->blob = PQunescapeBytea((const unsigned char *)v, len);
	if (!g->blob)
		abort();
	return g->blob;
}

static int pg_col_count(struct db_row *r)
{
	return PQnfields(r->h);
}

static const char *pg_col_name(struct db_row *r, int i)
{
	return PQfname(r->h, i);
}

static char pg_col_type(struct db_row *r, int i)
{
	if (PQgetisnull(r->h, r->i, i))
		return 'n';
	switch (PQftype(r->h, i)) {
	case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8: case OID_NUMERIC:
		return 'i';
	case OID_BYTEA:
		return 'b';
	default:
		return 't';
	}
}

static int pg_begin(struct store *st, struct ms_err *err)
{
	return pg_script(st, "BEGIN ISOLATION LEVEL READ COMMITTED;"
			 " SELECT pg_advisory_xact_lock(" WRITE_LOCK ")", err);
}

static int pg_commit(struct store *st, struct ms_err *err)
{
	/* every write moves the counter the answer caches of all servers watch */
	if (pg_script(st, "UPDATE change_counter SET n = n + 1; COMMIT", err)) {
		pg_script(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

static void pg_rollback(struct store *st)
{
	pg_load_end(st, 0, NULL);   /* a load left unfinished is abandoned first */
	PG(st)->fks_dropped = 0;     /* and the keys it dropped come back with the rollback */
	if (PQtransactionStatus(PG(st)->conn) != PQTRANS_IDLE)
		pg_script(st, "ROLLBACK", NULL);
}

static int64_t pg_data_version(struct store *st)
{
	static const char sql[] = "SELECT n FROM change_counter";
	int64_t n = -1;

	if (db_row(st, sql, "read change counter", db_take_int, &n, NULL, "") != 1)
		return -1;
	return n;
}

static int pg_check(struct store *st, struct ms_err *err)
{
	/* PostgreSQL checks its pages and foreign keys itself; ask that it answers */
	return db_rows_once(st, "SELECT 1", "check", NULL, NULL, err, "");
}

static int pg_table_exists(struct store *st, const char *table, struct ms_err *err)
{
	static const char sql[] =
		"SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1";

	return db_row(st, sql, "read tables", NULL, NULL, err, "t", table);
}

static int pg_version_get(struct store *st, int *v, struct ms_err *err)
{
	int64_t n = 0;
	int rc = pg_table_exists(st, "schema_version", err);

	if (rc < 0)
		return -1;
	if (rc == 1 && db_rows_once(st, "SELECT version FROM schema_version", "read schema version",
				    db_take_int, &n, err, "") < 0)
		return -1;
	*v = (int)n;
	return 0;
}

static int pg_migrate_one(struct store *st, int n, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	char set[80];
	int rc;

	if (n == 0 && pg_script(st, "CREATE TABLE schema_version (version bigint NOT NULL);"
				" INSERT INTO schema_version VALUES (0);"
				" CREATE TABLE change_counter (n bigint NOT NULL);"
				" INSERT INTO change_counter VALUES (0)", err))
		return -1;
	snprintf(set, sizeof(set), "UPDATE schema_version SET version = %d", n + 1);
	rc = schema_pg_translate(store_migrations[n], &b, err) || pg_script(st, b.buf, err) ||
	     pg_script(st, set, err) ? -1 : 0;
	ms_buf_release(&b);
	return rc;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int pg_open(struct store *st, enum store_mode mode, struct ms_err *err)
{
	struct pg *g = calloc(1, sizeof(*g));

	if (!g)
		abort();
	st->impl = g;
	ms_buf_init(&g->copy, 0);
	ms_buf_init(&g->fks, 0);
	g->conn = PQconnectdb(st->target);
	if (PQstatus(g->conn) != CONNECTION_OK)
		return pg_fail(st, err, "cannot connect", NULL);
	PQsetNoticeProcessor(g->conn, quiet, NULL);
	if (pg_script(st, session_setup, err))
		return -1;
	g->read_only = mode == STORE_READ;
	if (mode == STORE_READ && pg_script(st, "SET default_transaction_read_only = on", err))
		return -1;
	return 0;
}

static void pg_close(struct store *st)
{
	struct pg *g = st->impl;

	if (!g)
		return;
	PQfinish(g->conn);
	free(g->blob);
	ms_buf_release(&g->copy);
	ms_buf_release(&g->fks);
	free(g);
	st->impl = NULL;
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.script = pg_script,
	.rows = pg_rows,
	.changes = pg_changes,
	.last_id = pg_last_id,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.data_version = pg_data_version,
	.check = pg_check,
	.version_get = pg_version_get,
	.migrate_one = pg_migrate_one,
	.table_exists = pg_table_exists,
	.columns = pg_columns,
	.run_vals = pg_run_vals,
	.load_start = pg_load_start,
	.load_row = pg_load_row,
	.load_end = pg_load_end,
	.snapshot = pg_snapshot,
	.order_key = pg_order_key,
	.after_load = pg_after_load,
	.backup_file = NULL,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_blob = pg_col_blob,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
};
