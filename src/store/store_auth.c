/*
 * store_auth.c - the people's tables: users, web sessions and API tokens
 * (stored as hashes only), and failed logins for throttling.
 */
#include "db.h"

#include "core/clock.h"
#include "core/banned.h"

int store_user_add(struct store *st, const struct store_user *u, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO app_user (name, password_hash, role, org, created_at)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
	char now[32];

	ms_clock_now_iso(now);
	if (db_run(st, sql, "write", err, "ttttt", u->name, u->password_hash, u->role,
		   u->org[0] ? u->org : NULL, u->created_at[0] ? u->created_at : now))
		return -1;
	return db_changes(st) ? 0 : 1;
}

int store_user_set_hash(struct store *st, const char *name, const char *hash, struct ms_err *err)
{
	static const char sql[] = "UPDATE app_user SET password_hash = $2 WHERE name = $1";

	return db_run(st, sql, "write", err, "tt", name, hash);
}

/* Columns name, role, org, password_hash, created_at into *u. */
static void user_of_row(struct db_row *s, struct store_user *u)
{
	db_col_copy(u->name, sizeof(u->name), s, 0);
	db_col_copy(u->role, sizeof(u->role), s, 1);
	db_col_copy(u->org, sizeof(u->org), s, 2);
	db_col_copy(u->password_hash, sizeof(u->password_hash), s, 3);
	db_col_copy(u->created_at, sizeof(u->created_at), s, 4);
}

static int user_get_row(struct db_row *s, void *ctx)
{
	user_of_row(s, ctx);
	return 0;
}

int store_user_get(struct store *st, const char *name, struct store_user *u, struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), password_hash, created_at FROM app_user"
		" WHERE name = $1";

	return db_row(st, sql, "read user", user_get_row, u, err, "t", name);
}

struct user_each {
	int (*fn)(const struct store_user *u, void *arg);
	void *arg;
};

static int user_each_row(struct db_row *s, void *ctx)
{
	struct user_each *c = ctx;
	struct store_user u;

	user_of_row(s, &u);
	return c->fn(&u, c->arg);
}

int store_user_each(struct store *st, int (*fn)(const struct store_user *u, void *arg), void *arg,
		    struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), '', created_at FROM app_user ORDER BY name";
	struct user_each c = { fn, arg };

	/* fn's own non-zero value is returned as it is */
	return db_rows(st, sql, "read users", user_each_row, &c, err, "");
}

int store_session_put(struct store *st, const char *token_hash, const char *user, const char *kind,
		      int64_t created_at, int64_t expires_at, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO app_session (token_hash, user_name, kind, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4, $5)";

	return db_run(st, sql, "write", err, "tttii", token_hash, user, kind, created_at,
		      expires_at);
}

struct session_get {
	struct store_user *u;
	char *kind;
};

static int session_row(struct db_row *s, void *ctx)
{
	struct session_get *c = ctx;

	user_of_row(s, c->u);
	db_col_copy(c->kind, 8, s, 5);
	return 0;
}

int store_session_get(struct store *st, const char *token_hash, int64_t now, struct store_user *u,
		      char kind[8], struct ms_err *err)
{
	static const char sql[] =
		"SELECT u.name, u.role, COALESCE(u.org, ''), '', u.created_at, s.kind"
		" FROM app_session s JOIN app_user u ON u.name = s.user_name"
		" WHERE s.token_hash = $1 AND s.expires_at > $2";
	struct session_get c = { u, kind };

	return db_row(st, sql, "read session", session_row, &c, err, "ti", token_hash, now);
}

int store_session_delete(struct store *st, const char *token_hash, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM app_session WHERE token_hash = $1";

	return db_run(st, sql, "write", err, "t", token_hash);
}

int store_session_purge(struct store *st, int64_t now, const char *user, struct ms_err *err)
{
	static const char sql[] =
		"DELETE FROM app_session WHERE expires_at <= $1 OR user_name = $2";

	return db_run(st, sql, "write", err, "it", now, user);
}

struct failure_get {
	int64_t *count, *last;
};

static int failure_row(struct db_row *s, void *ctx)
{
	struct failure_get *c = ctx;

	*c->count = db_col_int(s, 0);
	*c->last = db_col_int(s, 1);
	return 0;
}

int store_login_failure_get(struct store *st, const char *key, int64_t *count, int64_t *last,
			    struct ms_err *err)
{
	static const char sql[] = "SELECT count, last_at FROM login_failure WHERE key = $1";
	struct failure_get c = { count, last };

	return db_row(st, sql, "read login failures", failure_row, &c, err, "t", key);
}

int store_login_failure_put(struct store *st, const char *key, int64_t count, int64_t last,
			    struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO login_failure (key, count, last_at) VALUES ($1, $2, $3)"
		" ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_at = excluded.last_at";

	return db_run(st, sql, "write", err, "tii", key, count, last);
}

int store_login_failure_clear(struct store *st, const char *key, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM login_failure WHERE key = $1";

	return db_run(st, sql, "write", err, "t", key);
}
