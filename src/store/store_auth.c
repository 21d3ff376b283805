/*
 * store_auth.c - the people's tables: users, web sessions and API tokens
 * (stored as hashes only), and failed logins for throttling.
 */
#include "db.h"

#include <string.h>

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

/* Columns name, role, org, password_hash, created_at (, disabled, password_expired) into *u. */
static void user_of_row(struct db_row *s, struct store_user *u)
{
	db_col_copy(u->name, sizeof(u->name), s, 0);
	db_col_copy(u->role, sizeof(u->role), s, 1);
	db_col_copy(u->org, sizeof(u->org), s, 2);
	db_col_copy(u->password_hash, sizeof(u->password_hash), s, 3);
	db_col_copy(u->created_at, sizeof(u->created_at), s, 4);
	u->disabled = u->password_expired = 0;
}

static void user_flags_of_row(struct db_row *s, struct store_user *u, int col)
{
	u->disabled = (int)db_col_int(s, col);
	u->password_expired = (int)db_col_int(s, col + 1);
}

static int user_get_row(struct db_row *s, void *ctx)
{
	user_of_row(s, ctx);
	user_flags_of_row(s, ctx, 5);
	return 0;
}

int store_user_get(struct store *st, const char *name, struct store_user *u, struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), password_hash, created_at, disabled, password_expired"
		" FROM app_user WHERE name = $1";

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
	user_flags_of_row(s, &u, 5);
	return c->fn(&u, c->arg);
}

int store_user_each(struct store *st, int (*fn)(const struct store_user *u, void *arg), void *arg,
		    struct ms_err *err)
{
	static const char sql[] =
		"SELECT name, role, COALESCE(org, ''), '', created_at, disabled, password_expired"
		" FROM app_user ORDER BY name";
	struct user_each c = { fn, arg };

	/* fn's own non-zero value is returned as it is */
	return db_rows(st, sql, "read users", user_each_row, &c, err, "");
}

int store_user_set_role(struct store *st, const char *name, const char *role, const char *org,
			struct ms_err *err)
{
	static const char sql[] = "UPDATE app_user SET role = $2, org = $3 WHERE name = $1";

	return db_run(st, sql, "write", err, "ttt", name, role, org && *org ? org : NULL);
}

int store_user_set_flag(struct store *st, const char *name, const char *which, int on, struct ms_err *err)
{
	static const char dis[] = "UPDATE app_user SET disabled = $2 WHERE name = $1";
	static const char exp[] = "UPDATE app_user SET password_expired = $2 WHERE name = $1";

	return db_run(st, !strcmp(which, "disabled") ? dis : exp, "write", err, "ti", name, (int64_t)(on != 0));
}

int store_user_delete(struct store *st, const char *name, struct ms_err *err)
{
	static const char ses[] = "DELETE FROM app_session WHERE user_name = $1";
	static const char usr[] = "DELETE FROM app_user WHERE name = $1";

	return db_run(st, ses, "write", err, "t", name) || db_run(st, usr, "write", err, "t", name) ? -1 : 0;
}

static int count_row(struct db_row *s, void *ctx)
{
	*(int64_t *)ctx = db_col_int(s, 0);
	return 0;
}

int store_user_admins_besides(struct store *st, const char *name, const char *org, int64_t *n,
			      struct ms_err *err)
{
	/* up: org and every region above it; an administrator of one of them, or of all, governs org */
	static const char sql[] =
		"WITH RECURSIVE up(code) AS ("
		" SELECT code FROM org WHERE code = $2"
		" UNION SELECT o.parent FROM org o JOIN up ON o.code = up.code"
		" WHERE o.parent IS NOT NULL AND o.parent <> '')"
		" SELECT COUNT(*) FROM app_user WHERE role = 'admin' AND disabled = 0 AND name <> $1"
		" AND (COALESCE(org, '') = '' OR org IN (SELECT code FROM up))";

	*n = 0;
	return db_row(st, sql, "read users", count_row, n, err, "tt", name, org ? org : "") < 0 ? -1 : 0;
}

struct token_each {
	int (*fn)(const struct store_token *t, void *arg);
	void *arg;
	struct store_token *one;
	int n;
};

static int token_row(struct db_row *s, void *ctx)
{
	struct token_each *c = ctx;
	struct store_token t;

	memset(&t, 0, sizeof(t));
	db_col_copy(t.id, sizeof(t.id), s, 0);
	db_col_copy(t.user, sizeof(t.user), s, 1);
	db_col_copy(t.kind, sizeof(t.kind), s, 2);
	t.created_at = db_col_int(s, 3);
	t.expires_at = db_col_int(s, 4);
	c->n++;
	if (c->one) {
		*c->one = t;
		return 0;
	}
	return c->fn(&t, c->arg);
}

int store_session_each(struct store *st, const char *user, int64_t now,
		       int (*fn)(const struct store_token *t, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT substr(token_hash, 1, 12), user_name, kind, created_at, expires_at FROM app_session"
		" WHERE user_name = $1 AND expires_at > $2 ORDER BY created_at DESC, token_hash";
	struct token_each c = { fn, arg, NULL, 0 };

	return db_rows(st, sql, "read tokens", token_row, &c, err, "ti", user, now);
}

int store_session_by_id(struct store *st, const char *id, struct store_token *t, struct ms_err *err)
{
	static const char sql[] =
		"SELECT substr(token_hash, 1, 12), user_name, kind, created_at, expires_at FROM app_session"
		" WHERE substr(token_hash, 1, 12) = $1";
	struct token_each c = { NULL, NULL, t, 0 };

	if (db_rows(st, sql, "read tokens", token_row, &c, err, "t", id) < 0)
		return -1;
	return c.n > 1 ? 2 : c.n;
}

int store_session_delete_id(struct store *st, const char *id, struct ms_err *err)
{
	static const char sql[] = "DELETE FROM app_session WHERE substr(token_hash, 1, 12) = $1";

	return db_run(st, sql, "write", err, "t", id);
}

int store_session_end_user(struct store *st, const char *user, const char *kind, struct ms_err *err)
{
	static const char all[] = "DELETE FROM app_session WHERE user_name = $1";
	static const char one[] = "DELETE FROM app_session WHERE user_name = $1 AND kind = $2";

	return kind ? db_run(st, one, "write", err, "tt", user, kind) : db_run(st, all, "write", err, "t", user);
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
		" WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
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
