/*
 * test_auth.c - people and sessions: password hashes, sessions and API tokens
 * against a fixed clock, CSRF tokens, the doubling wait after failed logins,
 * and who may write what. One row per case, the boundaries first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "auth/journal.h"
#include "plan/setup.h"
#include "store/store.h"

#define T0 ((time_t)1688083200)   /* 2023-06-30T00:00:00Z */

static char dir[64];
static struct store *st;

static int demo_users(struct store *s, const char *actor, void *arg, struct ms_err *err)
{
	(void)arg;
	return auth_demo_users(s, actor, err);
}

/* One database for the file: the demonstration plan, organisations and accounts. */
static int db_up(void **state)
{
	static const char *const csvs[] = { MS_SRCDIR "/data/regions/jiangxi.csv",
					    MS_SRCDIR "/data/regions/units.csv", NULL };
	char db[128];
	struct setup_opts o = { .db_path = db, .actor = "test", .org_csv = csvs,
				.plan_path = MS_SRCDIR "/data/plans/jiangxi-2023.json",
				.after_load = demo_users };
	struct setup_result res;
	struct ms_buf rep = MS_BUF_INIT;
	struct ms_err e;
	int rc;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ms-auth-XXXXXX");
	if (!mkdtemp(dir) || auth_init(&e))
		return -1;
	auth_cheap_hashes(1);
	snprintf(db, sizeof(db), "%s/auth.db", dir);
	rc = setup_init(&o, &res, &rep, &e) || store_open(&st, db, STORE_WRITE, &e);
	if (rc)
		fprintf(stderr, "setup: %s\n%s", e.msg, rep.buf);
	ms_buf_release(&rep);
	return rc ? -1 : 0;
}

static int db_down(void **state)
{
	char cmd[128];

	(void)state;
	store_close(st);
	ms_clock_fix(0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_user_add(void **state)
{
	static const struct {
		const char *name, *password, *role, *org;
		int rc;
		const char *field, *words;   /* on failure: the field at fault, words in the message */
	} rows[] = {
		{ "", "secret-123", "viewer", NULL, -1, "name", "1至63" },
		{ "bad name", "secret-123", "viewer", NULL, -1, "name", "只能包含" },
		{ "li", "short", "viewer", NULL, -1, "password", "at least 8" },
		{ "li", "secret-1", "boss", NULL, -1, "role", "expected admin, lead" },
		{ "li", "secret-123", "reporter", NULL, -1, "org", "needs the code of its unit" },
		{ "li", "secret-123", "reporter", "hrss", -1, "org", "reports for a region" },
		{ "li", "secret-123", "lead", "360100", -1, "org", "department or office" },
		{ "li", "secret-123", "lead", "nowhere", -1, "org", "无此单位" },
		{ "admin", "secret-123", "admin", NULL, -1, "name", "already exists" },
		{ "li", "secret-1", "viewer", NULL, 0, "", "" },
		{ "wang", "secret-123", "reporter", "360400", 0, "", "" },
	};
	struct store_user u;
	struct ms_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&e, 0, sizeof(e));
		if (auth_user_add(st, rows[i].name, rows[i].password, rows[i].role, rows[i].org,
				  "test", &e) != rows[i].rc)
			fail_msg("row %zu (%s): rc != %d: %s", i, rows[i].name, rows[i].rc, e.msg);
		if (rows[i].rc == 0)
			continue;
		if (strcmp(e.field, rows[i].field) || !strstr(e.msg, rows[i].words))
			fail_msg("row %zu: field '%s', message '%s'", i, e.field, e.msg);
	}
	/* the password is stored as an argon2id hash, never as given */
	assert_int_equal(store_user_get(st, "li", &u, &e), 1);
	assert_non_null(strstr(u.password_hash, "$argon2id$"));
	assert_null(strstr(u.password_hash, "secret-1"));
	assert_string_equal(u.role, "viewer");
}

static void test_roles_round_trip(void **state)
{
	static const struct {
		const char *name;
		enum auth_role role;
		const char *label;
	} rows[] = {
		{ "", ROLE_NONE, "访客" },
		{ "viewer", ROLE_VIEWER, "只读" },
		{ "reporter", ROLE_REPORTER, "报送员" },
		{ "lead", ROLE_LEAD, "牵头单位" },
		{ "admin", ROLE_ADMIN, "管理员" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(auth_role_parse(rows[i].name), rows[i].role);
		assert_string_equal(auth_role_name(rows[i].role), rows[i].name);
		assert_string_equal(auth_role_label(rows[i].role), rows[i].label);
	}
	assert_int_equal(auth_role_parse(NULL), ROLE_NONE);
	assert_int_equal(auth_role_parse("Admin"), ROLE_NONE);
	assert_string_equal(auth_role_name((enum auth_role)99), "");
}

static void test_login_and_sessions(void **state)
{
	/* seconds after the login, and whether the web session still holds */
	static const struct { time_t after; int rc; } web[] = {
		{ 0, 1 }, { AUTH_WEB_TTL - 1, 1 }, { AUTH_WEB_TTL, 0 }, { AUTH_WEB_TTL + 1, 0 },
	};
	char token[AUTH_TOKEN_HEX + 1], bad[AUTH_TOKEN_HEX + 1];
	struct auth_user u;
	struct ms_err e;
	long wait;
	size_t i;

	(void)state;
	ms_clock_fix(T0);
	assert_int_equal(auth_login(st, "nanchang", "wrong-one", "10.0.0.1", T0, token, &wait, &e),
			 AUTH_DENIED);
	assert_string_equal(e.field, "password");
	assert_int_equal(auth_login(st, "nobody", "whatever1", "10.0.0.1", T0, token, &wait, &e),
			 AUTH_DENIED);
	assert_int_equal(auth_login(st, "nanchang", AUTH_DEMO_PASSWORD, "10.0.0.1", T0, token,
				    &wait, &e), AUTH_OK);
	assert_int_equal(strlen(token), AUTH_TOKEN_HEX);
	assert_int_equal(strspn(token, "0123456789abcdef"), AUTH_TOKEN_HEX);
	for (i = 0; i < sizeof(web) / sizeof(web[0]); i++)
		if (auth_session(st, token, T0 + web[i].after, &u, &e) != web[i].rc)
			fail_msg("web session %ld s after login: expected %d", (long)web[i].after,
				 web[i].rc);
	assert_int_equal(auth_session(st, token, T0, &u, &e), 1);
	assert_string_equal(u.name, "nanchang");
	assert_int_equal(u.role, ROLE_REPORTER);
	assert_string_equal(u.org, "360100");
	assert_int_equal(u.api, 0);
	/* malformed and unknown tokens are nobody */
	assert_int_equal(auth_session(st, NULL, T0, &u, &e), 0);
	assert_int_equal(auth_session(st, "abc", T0, &u, &e), 0);
	memcpy(bad, token, sizeof(bad));
	bad[0] = bad[0] == 'a' ? 'b' : 'a';
	assert_int_equal(auth_session(st, bad, T0, &u, &e), 0);
	bad[0] = 'G';
	assert_int_equal(auth_session(st, bad, T0, &u, &e), 0);
	/* logging out ends it */
	assert_int_equal(auth_logout(st, token, "nanchang", &e), 0);
	assert_int_equal(auth_session(st, token, T0, &u, &e), 0);
}

static void test_api_tokens(void **state)
{
	static const struct { int days; int rc; } rows[] = {
		{ 0, -1 }, { 3661, -1 }, { 1, 0 }, { 3660, 0 },
	};
	char token[AUTH_TOKEN_HEX + 1];
	struct auth_user u;
	struct ms_err e;
	size_t i;

	(void)state;
	ms_clock_fix(T0);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(auth_token_new(st, "hrss", rows[i].days, "test", token, &e), rows[i].rc);
		if (rows[i].rc)
			assert_string_equal(e.field, "days");
	}
	assert_int_equal(auth_token_new(st, "hrss", 1, "test", token, &e), 0);
	assert_int_equal(auth_session(st, token, T0 + 86399, &u, &e), 1);
	assert_int_equal(u.api, 1);
	assert_int_equal(u.role, ROLE_LEAD);
	assert_int_equal(auth_session(st, token, T0 + 86400, &u, &e), 0);
	assert_int_equal(auth_token_new(st, "nobody", 1, "test", token, &e), -1);
	assert_string_equal(e.field, "name");
	/* a new password ends every session and token of the user */
	assert_int_equal(auth_token_new(st, "hrss", 1, "test", token, &e), 0);
	assert_int_equal(auth_user_passwd(st, "hrss", AUTH_DEMO_PASSWORD, "test", &e), 0);
	assert_int_equal(auth_session(st, token, T0, &u, &e), 0);
}

static void test_csrf(void **state)
{
	static const char *const tokens[] = {
		"", "a",
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0000000000000000000000000000000000000000000000000000000000000001",
	};
	char c[4][AUTH_TOKEN_HEX + 1], again[AUTH_TOKEN_HEX + 1];
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++) {
		auth_csrf(tokens[i], c[i]);
		assert_int_equal(strlen(c[i]), AUTH_TOKEN_HEX);
		auth_csrf(tokens[i], again);
		assert_true(auth_token_equal(c[i], again));   /* derived, the same each time */
		for (j = 0; j < i; j++)
			assert_false(auth_token_equal(c[i], c[j]));
		assert_false(auth_token_equal(c[i], tokens[i]));
	}
	assert_true(auth_token_equal("", ""));
	assert_false(auth_token_equal("abc", "abcd"));
	assert_false(auth_token_equal("abcd", "abce"));
}

static void test_throttle(void **state)
{
	/*
	 * Wrong passwords for one account, one after another: the first
	 * AUTH_THROTTLE_USER are checked; then each attempt waits
	 * AUTH_THROTTLE_BASE seconds, doubling with every further failure.
	 */
	static const struct {
		time_t at;                /* seconds after the first */
		const char *password;
		enum auth_login want;
		long wait;
	} rows[] = {
		{ 0, "wrong-1", AUTH_DENIED, 0 },
		{ 1, "wrong-2", AUTH_DENIED, 0 },
		{ 2, "wrong-3", AUTH_DENIED, 0 },
		{ 3, "wrong-4", AUTH_DENIED, 0 },
		{ 4, "wrong-5", AUTH_DENIED, 0 },
		{ 4, AUTH_DEMO_PASSWORD, AUTH_THROTTLED, AUTH_THROTTLE_BASE },  /* even the right one */
		{ 33, "wrong-6", AUTH_THROTTLED, 1 },
		{ 34, "wrong-6", AUTH_DENIED, 0 },                             /* 6 failures now */
		{ 34, "wrong-7", AUTH_THROTTLED, 2 * AUTH_THROTTLE_BASE },
		{ 34 + 2 * AUTH_THROTTLE_BASE, AUTH_DEMO_PASSWORD, AUTH_OK, 0 },
		{ 34 + 2 * AUTH_THROTTLE_BASE, "wrong-8", AUTH_DENIED, 0 },    /* forgotten after a login */
	};
	char token[AUTH_TOKEN_HEX + 1];
	struct ms_err e;
	long wait;
	size_t i;
	enum auth_login r;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		time_t now = T0 + 1000 + rows[i].at;

		ms_clock_fix(now);
		r = auth_login(st, "jiujiang", rows[i].password, "10.0.0.9", now, token, &wait, &e);
		if (r != rows[i].want || wait != rows[i].wait)
			fail_msg("row %zu: got %d wait %ld, expected %d wait %ld (%s)", i, r, wait,
				 rows[i].want, rows[i].wait, e.msg);
		if (r == AUTH_THROTTLED)
			assert_non_null(strstr(e.msg, "登录失败次数过多"));
	}
}

/* Failures from one address never lock the account's owner out from another. */
static void test_throttle_other_address(void **state)
{
	char token[AUTH_TOKEN_HEX + 1];
	struct ms_err e;
	long wait;
	time_t now = T0 + 5000;
	int i;

	(void)state;
	ms_clock_fix(now);
	for (i = 0; i < AUTH_THROTTLE_USER; i++)
		assert_int_equal(auth_login(st, "admin", "wrong-pass", "10.6.6.6", now, token, &wait, &e),
				 AUTH_DENIED);
	assert_int_equal(auth_login(st, "admin", AUTH_DEMO_PASSWORD, "10.6.6.6", now, token, &wait, &e),
			 AUTH_THROTTLED);
	assert_int_equal(wait, AUTH_THROTTLE_BASE);
	/* the real administrator, elsewhere */
	assert_int_equal(auth_login(st, "admin", AUTH_DEMO_PASSWORD, "10.0.0.2", now, token, &wait, &e),
			 AUTH_OK);
	/* the attacker's address still waits: a login elsewhere clears only that pair */
	assert_int_equal(auth_login(st, "admin", AUTH_DEMO_PASSWORD, "10.6.6.6", now + 1, token, &wait, &e),
			 AUTH_THROTTLED);
	/* a day of quiet forgets the count */
	now += AUTH_THROTTLE_FORGET + 1;
	ms_clock_fix(now);
	assert_int_equal(auth_login(st, "admin", "wrong-again", "10.6.6.6", now, token, &wait, &e),
			 AUTH_DENIED);
}

static int first_id(const struct store_token *t, void *arg)
{
	snprintf(arg, 16, "%s", t->id);
	return 1;
}

/* revoke one token by id; disable ends every session at once; enable; the last admin kept */
static void test_lifecycle(void **state)
{
	char a[AUTH_TOKEN_HEX + 1], b[AUTH_TOKEN_HEX + 1], id[16] = "";
	struct auth_user u;
	struct ms_err e;

	(void)state;
	ms_clock_fix(T0);
	assert_int_equal(auth_token_new(st, "civil", 1, "test", a, &e), 0);
	assert_int_equal(auth_token_new(st, "civil", 2, "test", b, &e), 0);
	assert_int_equal(store_session_each(st, "civil", T0, first_id, id, &e), 1);
	assert_int_equal(strlen(id), 12);
	assert_int_equal(auth_token_revoke(st, id, "test", &e), 0);
	assert_int_equal(auth_session(st, a, T0, &u, &e) + auth_session(st, b, T0, &u, &e), 1);
	assert_int_equal(auth_token_revoke(st, id, "test", &e), -1);
	assert_int_equal(e.kind, MS_E_NOTFOUND);
	assert_int_equal(auth_token_revoke(st, "ABC", "test", &e), -1);
	assert_string_equal(e.field, "id");
	assert_int_equal(auth_token_new(st, "civil", 1, "test", a, &e), 0);
	assert_int_equal(auth_user_disable(st, "civil", 1, "test", &e), 0);
	assert_int_equal(auth_session(st, a, T0, &u, &e), 0);
	assert_int_equal(auth_user_disable(st, "civil", 0, "test", &e), 0);
	assert_int_equal(auth_session(st, a, T0, &u, &e), 0);    /* ended, not paused */
	assert_int_equal(auth_user_disable(st, "admin", 1, "test", &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_int_equal(auth_user_role(st, "admin", "viewer", NULL, "test", &e), -1);
	assert_int_equal(auth_user_delete(st, "admin", "test", &e), -1);
	assert_int_equal(auth_user_role(st, "viewer", "admin", NULL, "test", &e), 0);
	assert_int_equal(auth_user_role(st, "admin", "viewer", NULL, "test", &e), 0);   /* another admin now */
	assert_int_equal(auth_user_role(st, "admin", "admin", NULL, "test", &e), 0);
	assert_int_equal(auth_user_role(st, "viewer", "viewer", NULL, "test", &e), 0);
}

/* characters, not bytes; 10 for administrators; the common list; the name */
static void test_password_rules(void **state)
{
	static const struct { const char *pw, *role; int rc; } rows[] = {
		{ "三个字", "viewer", -1 },                 /* 9 bytes, 3 characters */
		{ "七个字的密码啊", "viewer", -1 },
		{ "八个字的密码啊啊", "viewer", 0 },
		{ "xk3-9qpw", "viewer", 0 },
		{ "xk3-9qpwz", "admin", -1 },
		{ "xk3-9qpwzm", "admin", 0 },
		{ "12345678", "viewer", -1 },
		{ "Admin123", "viewer", -1 },
		{ "PASSWORD1", "viewer", -1 },
		{ "zzbaseball", "viewer", -1 },             /* in the loaded list */
		{ "pwuser9999", "viewer", -1 },             /* the name itself */
	};
	char path[128];
	FILE *f;
	struct ms_err e;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/common.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# a comment\nzzBaseball\n", f);
	fclose(f);
	assert_int_equal(auth_password_list_load(path, &e), 0);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), i == sizeof(rows) / sizeof(rows[0]) - 1 ? "pwuser9999" : "pw%zu", i);
		if (auth_user_add(st, name, rows[i].pw, rows[i].role, NULL, "test", &e) != rows[i].rc)
			fail_msg("row %zu (%s): expected %d (%s)", i, rows[i].pw, rows[i].rc, e.msg);
		if (rows[i].rc)
			assert_string_equal(e.field, "password");
	}
}

static void test_may(void **state)
{
	static const struct auth_user nobody = { "", ROLE_NONE, "", 0 },
				      viewer = { "viewer", ROLE_VIEWER, "", 0 },
				      nanchang = { "nanchang", ROLE_REPORTER, "360100", 0 },
				      hrss = { "hrss", ROLE_LEAD, "hrss", 0 },
				      admin = { "admin", ROLE_ADMIN, "", 0 };
	static const struct {
		const char *what;
		const struct auth_user *u;
		const char *org;        /* report, draft: the org reported for; approve: the submitter */
		int64_t item;           /* review: the item */
		int want;
		const char *words;      /* when refused */
	} rows[] = {
		{ "report", &nobody, "360100", 0, 0, "请先登录" },
		{ "report", &viewer, "360100", 0, 0, "只读账号不能修改数据" },
		{ "report", &nanchang, "360400", 0, 0, "只能报送本单位的数据" },
		{ "report", &hrss, "360100", 0, 0, "只能报送本单位的数据" },
		{ "report", &nanchang, "360100", 0, 1, NULL },
		{ "report", &admin, "360400", 0, 1, NULL },
		{ "review", &nobody, NULL, 1, 0, "请先登录" },
		{ "review", &nanchang, NULL, 1, 0, "只有牵头单位" },
		{ "review", &hrss, NULL, 3, 0, "只有牵头单位" },
		{ "review", &hrss, NULL, 1, 1, NULL },
		{ "review", &admin, NULL, 2, 1, NULL },
		{ "lock", &viewer, NULL, 0, 0, "只读账号" },
		{ "lock", &hrss, NULL, 0, 0, "只有管理员可以锁定" },
		{ "lock", &admin, NULL, 0, 1, NULL },
		{ "plan", &nanchang, NULL, 0, 0, "只有管理员可以导入通知" },
		{ "plan", &admin, NULL, 0, 1, NULL },
		{ "approve", &admin, "admin", 0, 0, "不能审核本人报送的数据" },
		{ "approve", &hrss, "hrss", 0, 0, "不能审核本人报送的数据" },
		{ "approve", &viewer, "nanchang", 0, 0, "只读账号" },
		{ "approve", &admin, "nanchang", 0, 1, NULL },
		{ "approve", &hrss, NULL, 0, 1, NULL },          /* no submitter known */
		{ "draft", &nanchang, "360100", 0, 1, NULL },
		{ "draft", &admin, "360100", 0, 1, NULL },
		{ "draft", &nanchang, "360400", 0, 0, "" },
		{ "draft", &hrss, "360100", 0, 0, "" },
		{ "draft", &viewer, "360100", 0, 0, "" },
		{ "draft", &nobody, "360100", 0, 0, "" },
	};
	struct ms_buf plan = MS_BUF_INIT;
	struct ms_err e;
	size_t i;
	int r;

	(void)state;
	assert_int_equal(store_plan_latest(st, &plan, &e), 1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&e, 0, sizeof(e));
		if (!strcmp(rows[i].what, "report"))
			r = auth_may_report(rows[i].u, rows[i].org, &e);
		else if (!strcmp(rows[i].what, "review"))
			r = auth_may_review(st, rows[i].u, plan.buf, rows[i].item, &e);
		else if (!strcmp(rows[i].what, "lock"))
			r = auth_may_lock(rows[i].u, &e);
		else if (!strcmp(rows[i].what, "approve"))
			r = auth_may_approve(rows[i].u, rows[i].org, &e);
		else if (!strcmp(rows[i].what, "draft"))
			r = auth_may_see_draft(rows[i].u, rows[i].org);
		else
			r = auth_may_plan(rows[i].u, &e);
		if (r != rows[i].want)
			fail_msg("row %zu (%s by %s): %d, expected %d (%s)", i, rows[i].what,
				 rows[i].u->name, r, rows[i].want, e.msg);
		if (!r && !strstr(e.msg, rows[i].words))
			fail_msg("row %zu: message '%s' lacks '%s'", i, e.msg, rows[i].words);
	}
	ms_buf_release(&plan);
}

/* Who reads which journal row (auth/journal.h), and every row in Chinese. */
static void test_journal_view(void **state)
{
	static const struct auth_user viewer = { "viewer", ROLE_VIEWER, "", 0 },
				      nanchang = { "nanchang", ROLE_REPORTER, "360100", 0 },
				      hrss = { "hrss", ROLE_LEAD, "hrss", 0 },
				      admin = { "admin", ROLE_ADMIN, "", 0 };
	static const struct {
		const char *action, *tbl, *key;
		int admin, viewer, nanchang, hrss;
		const char *label;
	} rows[] = {
		{ "report.submit", "report", "P/1.loans_new/360100/2023-06-30", 1, 1, 1, 1, "报送" },
		{ "report.approve", "report", "P/1.loans_new/360400/2023-06-30", 1, 1, 0, 1, "审核通过" },
		{ "report.return", "report", "P/10.aeds/360100/2023-06-30", 1, 1, 1, 0, "退回" },
		{ "assign", "assignment", "P/2.urban_topup_level/360100", 1, 1, 1, 1, "任务分解" },
		{ "site.add", "site", "P/10.aeds/3601001/site/4", 1, 1, 0, 0, "新增点位" },
		{ "round.lock", "round_lock", "P/2023-06-30", 1, 1, 1, 1, "锁定报送轮次" },
		{ "user.login", "app_user", "nanchang", 1, 0, 0, 0, "登录" },
		{ "user.add", "app_user", "wang", 1, 0, 0, 0, "新增用户" },
		{ "plan.load", "plan", "P", 1, 1, 0, 0, "载入计划" },
		{ "x.unknown", "report", "P/1.loans_new/360100/2023-06-30", 1, 1, 1, 1, "报送数据" },
		{ "x.unknown", "nowhere", "k", 1, 1, 0, 0, "其他记录" },
	};
	struct ms_buf plan = MS_BUF_INIT;
	struct journal_view va, vv, vn, vh;
	struct ms_err e;
	size_t i;

	(void)state;
	assert_int_equal(store_plan_latest(st, &plan, &e), 1);
	journal_view_init(&va, st, &admin);
	journal_view_init(&vv, st, &viewer);
	journal_view_init(&vn, st, &nanchang);
	journal_view_init(&vh, st, &hrss);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char key[128];
		struct store_journal_row j = { (int64_t)i + 1, "2023-06-30T00:00:00Z", "cli", rows[i].action,
					       rows[i].tbl, key, NULL, NULL };

		/* the plan's own id, so that the lead's items are asked of the store */
		snprintf(key, sizeof(key), "%s%s", rows[i].key[0] == 'P' ? plan.buf : "",
			 rows[i].key + (rows[i].key[0] == 'P'));
		if (journal_may_see(&va, &j) != rows[i].admin || journal_may_see(&vv, &j) != rows[i].viewer ||
		    journal_may_see(&vn, &j) != rows[i].nanchang || journal_may_see(&vh, &j) != rows[i].hrss)
			fail_msg("row %zu (%s %s): admin %d viewer %d nanchang %d hrss %d", i, rows[i].action, key,
				 journal_may_see(&va, &j), journal_may_see(&vv, &j), journal_may_see(&vn, &j),
				 journal_may_see(&vh, &j));
		assert_string_equal(journal_action_label(rows[i].action, rows[i].tbl), rows[i].label);
	}
	assert_string_equal(journal_table_label("app_user"), "用户");
	ms_buf_release(&plan);
}

/* Which review step each user takes on a region's report, with one and two levels. */
static void test_review_step(void **state)
{
	static const struct auth_user nobody = { "", ROLE_NONE, "", 0 },
				      viewer = { "viewer", ROLE_VIEWER, "", 0 },
				      nanchang = { "nanchang", ROLE_REPORTER, "360100", 0 },
				      jiujiang = { "jiujiang", ROLE_REPORTER, "360400", 0 },
				      hrss = { "hrss", ROLE_LEAD, "hrss", 0 },
				      admin = { "admin", ROLE_ADMIN, "", 0 };
	static const struct {
		const struct auth_user *u;
		int64_t item;
		const char *org;
		int levels, want;
		const char *words;      /* when refused */
	} rows[] = {
		{ &nobody, 1, "360102", 2, AUTH_STEP_NONE, "请先登录" },
		{ &viewer, 1, "360102", 2, AUTH_STEP_NONE, "只读账号" },
		{ &admin, 1, "360102", 1, AUTH_STEP_ANY, NULL },
		{ &admin, 1, "360102", 2, AUTH_STEP_ANY, NULL },
		{ &hrss, 1, "360102", 2, AUTH_STEP_FINAL, NULL },
		{ &hrss, 1, "360100", 1, AUTH_STEP_FINAL, NULL },
		{ &hrss, 3, "360100", 1, AUTH_STEP_NONE, "由牵头单位审核" },
		{ &nanchang, 1, "360102", 2, AUTH_STEP_FIRST, NULL },       /* 东湖区 is Nanchang's */
		{ &nanchang, 1, "360102", 1, AUTH_STEP_NONE, "由牵头单位审核" }, /* one level: no city step */
		{ &nanchang, 1, "360100", 2, AUTH_STEP_NONE, "县区的报送先由所在设区市初审" }, /* not its own */
		{ &jiujiang, 1, "360102", 2, AUTH_STEP_NONE, "由牵头单位审核" },  /* not its county */
	};
	struct ms_buf plan = MS_BUF_INIT;
	struct ms_err e;
	size_t i;
	int r;

	(void)state;
	assert_int_equal(store_plan_latest(st, &plan, &e), 1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&e, 0, sizeof(e));
		r = auth_review_step(st, rows[i].u, plan.buf, rows[i].item, rows[i].org, rows[i].levels, &e);
		if (r != rows[i].want)
			fail_msg("row %zu (%s on %s): %d, expected %d (%s)", i, rows[i].u->name, rows[i].org, r,
				 rows[i].want, e.msg);
		if (!r && !strstr(e.msg, rows[i].words))
			fail_msg("row %zu: message '%s' lacks '%s'", i, e.msg, rows[i].words);
	}
	ms_buf_release(&plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_round_trip),
		cmocka_unit_test(test_user_add),
		cmocka_unit_test(test_login_and_sessions),
		cmocka_unit_test(test_api_tokens),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_throttle_other_address),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_may),
		cmocka_unit_test(test_journal_view),
		cmocka_unit_test(test_review_step),
	};

	return cmocka_run_group_tests(tests, db_up, db_down);
}
