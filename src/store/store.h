/*
 * store.h - the only place SQL lives. Services call these functions; none
 * of them sees a statement. The embedded backend is SQLite (WAL, foreign
 * keys, STRICT tables); every statement is prepared, with $N parameters,
 * in SQL that PostgreSQL accepts too, so a second backend can sit behind
 * the same functions.
 *
 * Where each lives: db.c (the connection, transactions, the journal, counts
 * and checks; the only file that calls SQLite), store_plan.c (organisations,
 * sources, plans, items, indicators, provenance, rounds, notes),
 * store_ledger.c (assignments, reports, sites, settings, round locks),
 * store_auth.c (users, sessions, failed logins), store_eval.c (surveys,
 * saved evaluations), store_report.c (issued bulletins). The domain
 * files hold SQL text only and go through
 * the helpers of the internal db.h.
 *
 * Writes: a unit of work opens with store_begin, adds its store_journal row
 * inside the same transaction, and closes with store_end, which commits
 * when the work returned 0 and rolls back otherwise; nothing half-written
 * survives.
 *
 * Reads: the *_each functions call fn for each row, the row's strings valid
 * until fn returns; fn returns non-zero to stop early (the function then
 * returns 0, except store_user_each and store_survey_each, which return
 * fn's value). The *_get functions return 1 with the row, 0 when there is
 * none, -1 on error.
 */
#ifndef MS_STORE_H
#define MS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

enum store_mode {
	STORE_READ = 0,    /* the database must exist and be current */
	STORE_WRITE,       /* must exist; migrated to the current schema if older */
	STORE_CREATE,      /* must not exist; created with the current schema */
};

/* The schema version this binary writes (PRAGMA user_version). */
int store_schema_version(void);

/*
 * Opens path: a postgresql:// (or postgres://) URL opens PostgreSQL through
 * libpq, anything else is a SQLite file. 0 or -1 with err naming the path
 * (a URL is named without its password).
 */
int store_open(struct store **st, const char *path, enum store_mode mode, struct ms_err *err);
void store_close(struct store *st);
/*
 * Creates path (it must not exist) at schema version `version`, 1 to the
 * current one: a backup of an older version is loaded as it was written,
 * then store_upgrade runs the later migrations over its rows.
 */
int store_create_at(struct store **st, const char *path, int version, struct ms_err *err);
/* Migrates an open database to the current schema (one transaction); 0 when already current. */
int store_upgrade(struct store *st, struct ms_err *err);

/* 1 when db names a PostgreSQL database (a postgresql:// URL), else 0. */
int store_is_url(const char *db);
/* "sqlite" or "postgresql"; the database as messages name it. */
const char *store_backend(const struct store *st);
const char *store_name(const struct store *st);

#define STORE_TABLES_MAX 64
#define STORE_NAME_MAX 64
/*
 * The tables of the schema in the order they were created (parents before
 * the tables that refer to them), those a later migration dropped left out.
 * Their number, or -1 with err.
 */
int store_tables(struct store *st, char names[][STORE_NAME_MAX], int max, struct ms_err *err);
/*
 * Drops every table of this program from the PostgreSQL database db (what
 * `init --force` does to a file by replacing it); 0 or -1 with err.
 */
int store_wipe(const char *db, struct ms_err *err);

int store_begin(struct store *st, struct ms_err *err);
int store_commit(struct store *st, struct ms_err *err);

/*
 * A read scope: the reads until store_read_end see one snapshot of the
 * database and, on SQLite, take its read lock once (the server wraps each
 * request in one). A write inside it (store_begin … store_end) still works:
 * it reads the newest data and the scope goes on after it. A no-op on
 * PostgreSQL, whose statements each see the newest committed data.
 */
void store_read_begin(struct store *st);
void store_read_end(struct store *st);

/*
 * A connection of the server, one of many with writers among them
 * (store_serving): SQLite's WAL is copied back into the database by a
 * checkpoint, which by default the commit that takes the WAL past 1,000
 * pages runs, inside the request that wrote; that is turned off, and the
 * server runs store_checkpoint (PASSIVE: it never waits for a reader or the
 * writer) from a thread of its own. Nor are pages read through a memory map:
 * a reader drops its whole map (munmap) after every commit of another
 * connection and faults the pages in again, which under report writes is
 * nearly every request. No-ops on PostgreSQL. 0, or -1 with err.
 */
int store_serving(struct store *st, struct ms_err *err);
int store_checkpoint(struct store *st, struct ms_err *err);
void store_rollback(struct store *st);

/*
 * Ends the unit of work store_begin opened: rc == 0 commits, anything else
 * (or a failed commit) rolls back. Returns 0 when committed, else -1 with err
 * as the work or the commit left it. The one way a service closes a write:
 *
 *	if (store_begin(st, err))
 *		return -1;
 *	return store_end(st, do_the_work(st, ..., err), err);
 */
int store_end(struct store *st, int rc, struct ms_err *err);

/*
 * A number that changes whenever the database may have changed as this
 * connection sees it: PRAGMA data_version (moved on by commits of OTHER
 * connections and processes) combined with sqlite3_total_changes64() (this
 * connection's own writes). Equal values mean nothing was written in
 * between, so an answer computed from the database may be reused. One
 * cheap statement; -1 on error (treat as "changed").
 */
int64_t store_data_version(struct store *st);

/*
 * Appends one audit row: who (actor), what (action, e.g. "plan.load"),
 * where (tbl, key), and the before/after values as JSON text (NULL = none).
 */
int store_journal(struct store *st, const char *actor, const char *action, const char *tbl,
		  const char *key, const char *before, const char *after, struct ms_err *err);
/* The same with `after` as JSON (NULL: none), which it takes (decrefs). */
int store_journal_json(struct store *st, const char *actor, const char *action, const char *tbl,
		       const char *key, const char *before, json_t *after, struct ms_err *err);

struct store_journal_row {
	int64_t id;
	const char *at, *actor, *action, *tbl, *key, *before, *after; /* before/after may be NULL */
};
/* Journal rows in order; since (an ISO time prefix), tbl and key_prefix filter when not NULL. */
int store_journal_each(struct store *st, const char *since, const char *tbl, const char *key_prefix,
		       int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
		       struct ms_err *err);

/*
 * What was written after journal row `after`: at most `limit` rows in id
 * order, their id, action, tbl and key (at, actor, before, after left out:
 * ""/NULL); the last row's id into *last (0 when the journal is empty).
 * For caches that follow the writes (progress.c).
 */
int store_journal_after(struct store *st, int64_t after, int64_t limit,
			int (*fn)(const struct store_journal_row *j, void *arg), void *arg,
			struct ms_err *err);
int store_journal_last(struct store *st, int64_t *last, struct ms_err *err);
/* This connection's number in the process (1, 2, ...): a cache's owner, never reused. */
uint64_t store_serial(const struct store *st);

/* Counts rows of a table by name (whitelisted names only); -1 on error. */
int64_t store_count(struct store *st, const char *table, struct ms_err *err);

/* PRAGMA integrity_check == ok: 0, else -1 with the first problem. */
int store_check(struct store *st, struct ms_err *err);

/*
 * Moving and keeping a whole database (backup.c). store_backup writes FILE
 * (which must not exist): from SQLite a SQLite file (the online backup API,
 * safe while servers run), from PostgreSQL every table as JSON lines read in
 * one REPEATABLE READ transaction. store_dump writes those JSON lines from
 * either backend. store_restore loads either kind of file into db, and
 * store_copy copies database from into database to (either backend each):
 * to must not hold a database unless force; a file is built aside and
 * renamed into place, PostgreSQL's tables are dropped first (force) and
 * dropped again when the load fails. The schema versions must be equal.
 */
#include <stdio.h>
int store_backup(struct store *st, const char *file, struct ms_err *err);
int store_dump(struct store *st, FILE *out, struct ms_err *err);
int store_restore(const char *file, const char *db, int force, struct ms_err *err);
int store_copy(const char *from, const char *to, int force, struct ms_err *err);

/* The tables, one header per domain. */
#include "store/store_plan.h"
#include "store/store_ledger.h"
#include "store/store_auth.h"
#include "store/store_eval.h"
#include "store/store_report.h"
#include "store/store_follow.h"
#include "store/store_vote.h"
#include "store/store_evidence.h"

#endif
