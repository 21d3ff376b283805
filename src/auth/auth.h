/*
 * auth.h - people, passwords, sessions and what each role may write.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str). A
 * login or `user token` makes a random 256-bit token; only its BLAKE2b
 * hash is stored, so a copy of the database lets nobody in. Web sessions
 * expire after AUTH_WEB_TTL, API tokens after the days asked for. Each
 * session has a CSRF token derived from it (keyed BLAKE2b), so nothing
 * about CSRF is stored.
 *
 * Failed logins are counted per account AND address together
 * ("p:ADDR|NAME") and per address alone ("a:ADDR"); past a threshold every
 * attempt of that pair (or that address) waits an interval that doubles with
 * each further failure (AUTH_THROTTLE_* below), and is refused unchecked
 * until then. No count is kept per account alone, so failures from one
 * address never stop the account's owner logging in from another; a right
 * password clears its pair, and a count quiet for AUTH_THROTTLE_FORGET
 * seconds starts again from nothing.
 *
 * The rules of who writes what live here, not in the web layer, so the
 * CLI, the API and the forms ask the same questions.
 */
#ifndef MS_AUTH_H
#define MS_AUTH_H

#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "store/store.h"

#define AUTH_TOKEN_HEX 64          /* 32 random bytes in hex */
#define AUTH_WEB_TTL (8 * 3600)    /* a working day */
#define AUTH_THROTTLE_USER 5       /* failures per account and address before waiting */
#define AUTH_THROTTLE_ADDR 100     /* failures per address (any account) before waiting */
#define AUTH_THROTTLE_FORGET 86400 /* a count this many seconds quiet is forgotten */
#define AUTH_THROTTLE_BASE 30      /* seconds of the first wait, doubling */
#define AUTH_THROTTLE_MAX 900      /* the longest wait */
#define AUTH_PASSWORD_MIN 8        /* characters (code points), not bytes */
#define AUTH_PASSWORD_MIN_ADMIN 10  /* for an administrator */

enum auth_role { ROLE_NONE = 0, ROLE_VIEWER, ROLE_REPORTER, ROLE_LEAD, ROLE_ADMIN };

struct auth_user {
	char name[64];
	enum auth_role role;        /* ROLE_NONE: an anonymous visitor */
	char org[32];
	int api;                    /* came with a bearer token (no CSRF needed) */
};

/* "admin" → ROLE_ADMIN, ...; ROLE_NONE for anything else. */
enum auth_role auth_role_parse(const char *s);
const char *auth_role_name(enum auth_role r);
/* 管理员, 牵头单位, 报送员, 只读 */
const char *auth_role_label(enum auth_role r);

/* Must be called once before any other function here (sodium_init). */
int auth_init(struct ms_err *err);

/*
 * For the fuzzer only: hash new passwords with argon2id's minimum cost, so
 * that a login takes microseconds (a stored hash keeps its own cost).
 */
void auth_cheap_hashes(int on);

/*
 * Loads the common passwords that new passwords may not be (one a line, '#'
 * comments, compared without regard to ASCII case; data/common-passwords.txt).
 * Once per process, before auth_user_add/auth_user_passwd; a short built-in
 * list is refused even without it. 0, or -1 with err.
 */
int auth_password_list_load(const char *path, struct ms_err *err);

/* A name of 1-63 letters, digits, '.', '_', '-' (ASCII): 0, or -1 with err. */
int auth_name_check(const char *name, struct ms_err *err);

/*
 * Adds a user in one transaction with its journal row (the hash is never
 * journaled). Reporters and leads need an org of the right kind (a region
 * for reporters, a department or office for leads). Error when the name is
 * taken or the password is weak: shorter than AUTH_PASSWORD_MIN characters
 * (AUTH_PASSWORD_MIN_ADMIN for an administrator), a common one, or the name.
 */
int auth_user_add(struct store *st, const char *name, const char *password, const char *role,
		  const char *org, const char *actor, struct ms_err *err);
/* A new password; ends every session and token of the user. Journaled. */
int auth_user_passwd(struct store *st, const char *name, const char *password, const char *actor,
		     struct ms_err *err);
/*
 * The user lifecycle, each one transaction with its journal row; the last
 * enabled administrator can be neither disabled, deleted nor given another
 * role (MS_E_CONFLICT):
 *   auth_user_role     another role (and org, checked as auth_user_add does);
 *                      takes effect on the user's next request
 *   auth_user_disable  off=1: disabled, every session and token ended at once;
 *                      off=0: enabled again
 *   auth_user_delete   the user and its sessions and tokens (the journal keeps
 *                      its name)
 *   auth_user_expire   the password refused at login until a new one is set;
 *                      web sessions ended, API tokens kept
 *   auth_token_revoke  one session or token by its id (the first 12 hex
 *                      digits of its stored hash, as store_session_each lists)
 */
int auth_user_role(struct store *st, const char *name, const char *role, const char *org,
		   const char *actor, struct ms_err *err);
int auth_user_disable(struct store *st, const char *name, int off, const char *actor, struct ms_err *err);
int auth_user_delete(struct store *st, const char *name, const char *actor, struct ms_err *err);
int auth_user_expire(struct store *st, const char *name, const char *actor, struct ms_err *err);
int auth_token_revoke(struct store *st, const char *id, const char *actor, struct ms_err *err);

/*
 * Adds the demonstration accounts (one password, printed by `make run`):
 * admin, viewer, a lead for each of 人社厅 and 民政厅, reporters for
 * 南昌 and 九江. Inside the caller's transaction.
 */
#define AUTH_DEMO_PASSWORD "minsheng2023"
int auth_demo_users(struct store *st, const char *actor, struct ms_err *err);

enum auth_login {
	AUTH_OK = 0,
	AUTH_DENIED,        /* unknown user or wrong password (the same answer for both) */
	AUTH_THROTTLED,     /* too many failures: *wait seconds */
	AUTH_REFUSED,       /* the right password of a disabled account or an expired password */
	AUTH_ERROR = -1,
};
/*
 * Checks a password and, when right, makes a web session: token (hex,
 * NUL-terminated) for the cookie. Failures are counted and throttled per
 * account and address. Successful logins and logouts are journaled.
 */
enum auth_login auth_login(struct store *st, const char *name, const char *password,
			   const char *addr, time_t now, char token[AUTH_TOKEN_HEX + 1],
			   long *wait, struct ms_err *err);
/* A bearer token for the API, valid for days; journaled (not the token). */
int auth_token_new(struct store *st, const char *name, int days, const char *actor,
		   char token[AUTH_TOKEN_HEX + 1], struct ms_err *err);
/* Who holds token: 1 and *u filled, 0 when it is unknown, expired or malformed, -1. */
int auth_session(struct store *st, const char *token, time_t now, struct auth_user *u,
		 struct ms_err *err);
/* Ends a web session; journaled. */
int auth_logout(struct store *st, const char *token, const char *name, struct ms_err *err);
/* The CSRF token of a session token (hex, NUL-terminated). */
void auth_csrf(const char *token, char csrf[AUTH_TOKEN_HEX + 1]);
/*
 * Every level of government: an administrator with a unit (360100) belongs
 * to that government and administers only plans of it and below it (南昌
 * and its districts); one without (the province's, as before) all of them.
 * 1 when u may write to a plan of region (any non-administrator: 1, the
 * other checks apply), 0 with err (forbidden), -1 on a database error.
 */
int auth_may_govern(struct store *st, const struct auth_user *u, const char *region, struct ms_err *err);

/* Constant-time comparison of two NUL-terminated tokens: 1 when equal. */
int auth_token_equal(const char *a, const char *b);

/*
 * What a user may write. Each returns 1 (allowed) or 0 with err saying
 * why in Chinese and English; -1 on a database error.
 *   report, site:    admin; a reporter for its own org
 *   review, assign:  admin; a lead for the items its org leads (牵头)
 *   lock:            admin (lock and reopen a round)
 *   plan:            admin (a notice imported for review, a new plan stored)
 *   approve:         anyone who may review, but never the report's submitter
 *                    (submitter: the journal's actor, ledger_report_submitter)
 *   see a draft:     whoever may report for its unit (its reporters, admin)
 *   rate:            admin (an assessor's rating of work without figures)
 *   unreviewed:      any login (staff views may count reports awaiting review)
 *
 * auth_review_step says which review step a user takes on ORG's report of
 * an item, with the plan's review levels (1 or 2): an administrator any
 * step (AUTH_STEP_ANY: whichever is due); the lead unit of the item the
 * final one (AUTH_STEP_FINAL); with two levels, a reporter or lead whose
 * unit is the city above a county ORG the first (AUTH_STEP_FIRST, 初审).
 * 0 with err when none, -1 on a database error. auth_review_step_of is
 * the same rule on facts the caller has read already (a page asking for
 * many reports reads each item's lead once and each region once): led, the
 * user's unit leads the item (ignored unless the user is a lead); o, ORG's
 * row, NULL when unknown or not needed (an administrator, a lead of the item).
 */
int auth_may_report(const struct auth_user *u, const char *org, struct ms_err *err);
int auth_may_review(struct store *st, const struct auth_user *u, const char *plan, int64_t item_no,
		    struct ms_err *err);
int auth_may_lock(const struct auth_user *u, struct ms_err *err);
int auth_may_see_unreviewed(const struct auth_user *u, struct ms_err *err);

struct store_org_row;
enum auth_step { AUTH_STEP_NONE = 0, AUTH_STEP_ANY, AUTH_STEP_FIRST, AUTH_STEP_FINAL };
int auth_review_step(struct store *st, const struct auth_user *u, const char *plan, int64_t item_no,
		     const char *org, int levels, struct ms_err *err);
int auth_review_step_of(const struct auth_user *u, int led, const struct store_org_row *o, int64_t item_no,
			const char *org, int levels, struct ms_err *err);
int auth_may_plan(const struct auth_user *u, struct ms_err *err);
int auth_may_approve(const struct auth_user *u, const char *submitter, struct ms_err *err);
/* 1 when u may read org's unsubmitted drafts, 0 when not (no message). */
int auth_may_see_draft(const struct auth_user *u, const char *org);
int auth_may_rate(const struct auth_user *u, struct ms_err *err);
/*
 * 催报 and 督办: auth_may_follow — an administrator (the office) lists and
 * sends reminders and issues 督办单; auth_may_answer_duban — the unit
 * addressed (its lead or reporter) or an administrator answers one;
 * auth_may_see_duban — 1 when u may read a notice to org (its unit, admin).
 */
int auth_may_follow(const struct auth_user *u, struct ms_err *err);
int auth_may_answer_duban(const struct auth_user *u, const char *org, struct ms_err *err);
int auth_may_see_duban(const struct auth_user *u, const char *org);

#endif
