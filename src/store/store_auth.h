/*
 * store_auth.h - people (store_auth.c): users, web sessions and API tokens
 * (hashes only), failed logins. Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_AUTH_H
#define MS_STORE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

struct store_user {
	char name[64], role[16], org[32], password_hash[160], created_at[32];
	int disabled, password_expired;
};
/* Inserts a user; 1 when the name is taken (nothing written), 0, -1. */
int store_user_add(struct store *st, const struct store_user *u, struct ms_err *err);
int store_user_set_hash(struct store *st, const char *name, const char *hash, struct ms_err *err);
/* 1 and *u filled, 0 when there is no such user, -1. */
int store_user_get(struct store *st, const char *name, struct store_user *u, struct ms_err *err);
int store_user_each(struct store *st, int (*fn)(const struct store_user *u, void *arg), void *arg,
		    struct ms_err *err);

/* Changes a user's role and org (NULL for none). */
int store_user_set_role(struct store *st, const char *name, const char *role, const char *org,
			struct ms_err *err);
/* Sets the disabled or the password_expired flag (which: "disabled", "password_expired"). */
int store_user_set_flag(struct store *st, const char *name, const char *which, int on, struct ms_err *err);
/* Deletes a user with its sessions; 0, or -1. */
int store_user_delete(struct store *st, const char *name, struct ms_err *err);
/*
 * Enabled administrators other than `name` who govern what an administrator
 * of org governs: those of every government, of org itself or of a region
 * above it (org "" : those of every government only).
 */
int store_user_admins_besides(struct store *st, const char *name, const char *org, int64_t *n,
			      struct ms_err *err);

struct store_token {
	char id[16], user[64], kind[8];
	int64_t created_at, expires_at;
};
/* A user's unexpired sessions and tokens, newest first; fn's non-zero value is returned. */
int store_session_each(struct store *st, const char *user, int64_t now,
		       int (*fn)(const struct store_token *t, void *arg), void *arg, struct ms_err *err);
/* The session or token whose id (12 hex digits) is id: 1 and *t filled, 0 none, 2 ambiguous, -1. */
int store_session_by_id(struct store *st, const char *id, struct store_token *t, struct ms_err *err);
/* Deletes the session or token of that id. */
int store_session_delete_id(struct store *st, const char *id, struct ms_err *err);
/* Deletes the web sessions of a user (kind "web"), or every session and token (kind NULL). */
int store_session_end_user(struct store *st, const char *user, const char *kind, struct ms_err *err);

int store_session_put(struct store *st, const char *token_hash, const char *user, const char *kind,
		      int64_t created_at, int64_t expires_at, struct ms_err *err);
/* The user of an unexpired session of an enabled user: 1 and *u (no hash) and *kind filled, 0 when none, -1. */
int store_session_get(struct store *st, const char *token_hash, int64_t now, struct store_user *u,
		      char kind[8], struct ms_err *err);
int store_session_delete(struct store *st, const char *token_hash, struct ms_err *err);
/* Deletes the expired sessions, and every session of `user` when user is set. */
int store_session_purge(struct store *st, int64_t now, const char *user, struct ms_err *err);

/* Failed logins under key ("p:ADDRESS|NAME", "a:ADDRESS"): 1 and count/last filled, 0 when none. */
int store_login_failure_get(struct store *st, const char *key, int64_t *count, int64_t *last,
			    struct ms_err *err);
int store_login_failure_put(struct store *st, const char *key, int64_t count, int64_t last,
			    struct ms_err *err);
int store_login_failure_clear(struct store *st, const char *key, struct ms_err *err);

#endif
