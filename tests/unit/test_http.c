/*
 * test_http.c - the request parsers (form fields, JSON bodies, cookies)
 * and the throttling, token and role rules of auth.c, on a real database.
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
#include "ledger/ledger.h"
#include "plan/setup.h"
#include "store/store.h"
#include "web/http.h"

static void test_form(void **state)
{
	struct web_fields f = { .n = 0 };
	struct ms_err e;
	static const char q[] = "a=1&b=x+y&c=%E5%8D%97%E6%98%8C&&d&e=&a=2";

	(void)state;
	assert_int_equal(web_form_parse(&f, q, strlen(q), &e), 0);
	assert_int_equal(f.n, 6);
	assert_string_equal(web_field(&f, "a"), "1");        /* the first one given */
	assert_string_equal(web_field(&f, "b"), "x y");
	assert_string_equal(web_field(&f, "c"), "南昌");
	assert_string_equal(web_field(&f, "d"), "");
	assert_string_equal(web_field(&f, "e"), "");
	assert_null(web_field(&f, "z"));
	web_fields_free(&f);
	assert_int_equal(f.n, 0);
}

static void test_form_refusals(void **state)
{
	static const struct { const char *in, *msg; } bad[] = {
		{ "value=%zz", "value: a bad %XX escape" },
		{ "value=%4", "value: a bad %XX escape" },
		{ "value=%ff%fe", "value: the value is not valid UTF-8" },
		{ "value=a%00b", "value: the value is not valid UTF-8" },
		{ "%ff=1", "a field name: the name is not valid UTF-8" },
		{ "=1", "a field without a name" },
	};
	struct web_fields f = { .n = 0 };
	struct ms_err e;
	char many[WEB_MAX_FIELDS * 4 + 8] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(web_form_parse(&f, bad[i].in, strlen(bad[i].in), &e), -1);
		if (!strstr(e.msg, bad[i].msg))
			fail_msg("%s: got \"%s\"", bad[i].in, e.msg);
		web_fields_free(&f);
	}
	for (i = 0; i <= WEB_MAX_FIELDS; i++)
		strcat(many, "k=1&");
	assert_int_equal(web_form_parse(&f, many, strlen(many), &e), -1);
	assert_non_null(strstr(e.msg, "more than 512 fields"));
	assert_int_equal(f.n, WEB_MAX_FIELDS);
	web_fields_free(&f);
}

static void test_json(void **state)
{
	struct web_fields f = { .n = 0 };
	struct ms_err e;
	static const char ok[] = "{\"indicator\":\"10.aeds\",\"value\":70,\"draft\":true,\"reason\":null}";
	static const struct { const char *in, *msg; } bad[] = {
		{ "{\"value\":1.5}", "value: write decimals as a string" },
		{ "{\"value\":[1]}", "value: expected a string, number or boolean" },
		{ "[1]", "must be a JSON object" },
		{ "{\"a\":", "the body is not JSON: line 1" },
		{ "{\"a\":1,\"a\":2}", "the body is not JSON" },
	};
	size_t i;

	(void)state;
	assert_int_equal(web_json_parse(&f, ok, strlen(ok), &e), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(web_field(&f, "value"), "70");
	assert_string_equal(web_field(&f, "draft"), "1");
	assert_null(web_field(&f, "reason"));
	web_fields_free(&f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(web_json_parse(&f, bad[i].in, strlen(bad[i].in), &e), -1);
		if (!strstr(e.msg, bad[i].msg))
			fail_msg("%s: got \"%s\"", bad[i].in, e.msg);
		web_fields_free(&f);
	}
}

static void test_multipart(void **state)
{
	struct web_fields f = { .n = 0 };
	struct web_files files = { .n = 0 };
	struct ms_err e;
	const struct web_file *wf;
	static const char type[] = "multipart/form-data; boundary=\"----b0\"";
	static const char body[] = "------b0\r\n"
				   "Content-Disposition: form-data; name=\"round\"\r\n\r\n"
				   "2023-06-30\r\n"
				   "------b0\r\n"
				   "Content-Disposition: form-data; name=\"file\"; filename=\"台账.xlsx\"\r\n"
				   "Content-Type: application/octet-stream\r\n\r\n"
				   "PK\x03\x04\r\n--not-the-boundary\0x\r\n"
				   "------b0--\r\n";
	static const char *const bad[] = {
		"------b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
		"------b0\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n------b0--",
		"------b0\r\nContent-Disposition: form-data\r\n\r\nx\r\n------b0--",
		"------b0\r\n\r\nx\r\n------b0--",
		"------b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n------b0--",
		"------b0\r\nContent-Disposition: form-data; name=\"a\"; filename=\"x\r\n\r\nx\r\n------b0--",
		"nothing here",
	};
	size_t i;

	(void)state;
	assert_int_equal(web_multipart_parse(&f, &files, type, body, sizeof(body) - 1, &e), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(web_field(&f, "round"), "2023-06-30");
	assert_int_equal(files.n, 1);
	assert_non_null(wf = web_file_get(&files, "file"));
	assert_string_equal(wf->name, "台账.xlsx");
	assert_string_equal(wf->type, "application/octet-stream");
	assert_int_equal(wf->len, 26);     /* bytes kept as sent, NUL and a near-boundary included */
	assert_memory_equal(wf->data, "PK\x03\x04\r\n--not-the-boundary\0x", 26);
	assert_null(web_file_get(&files, "round"));
	web_fields_free(&f);
	web_files_free(&files);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.msg[0] = '\0';
		if (web_multipart_parse(&f, &files, type, bad[i], strlen(bad[i]), &e) != -1)
			fail_msg("bad[%zu] was taken", i);
		assert_true(e.msg[0] != '\0');
		web_fields_free(&f);
		web_files_free(&files);
	}
	assert_int_equal(web_multipart_parse(&f, &files, "multipart/form-data", body, sizeof(body) - 1, &e), -1);
	assert_non_null(strstr(e.msg, "boundary"));
	assert_int_equal(web_multipart_parse(&f, &files, type, bad[1], strlen(bad[1]), &e), -1);
	assert_non_null(strstr(e.msg, "part 1"));
}

static void test_cookie(void **state)
{
	char v[70];

	(void)state;
	assert_int_equal(web_cookie("a=1; ms_session=abc; b=2", "ms_session", v, sizeof(v)), 1);
	assert_string_equal(v, "abc");
	assert_int_equal(web_cookie("xms_session=abc", "ms_session", v, sizeof(v)), 0);
	assert_int_equal(web_cookie("ms_session", "ms_session", v, sizeof(v)), 0);
	assert_int_equal(web_cookie(NULL, "ms_session", v, sizeof(v)), 0);
	assert_int_equal(web_cookie("ms_session=0123456789", "ms_session", v, 5), 0);  /* too long: not cut */
}

static char dir[64], db[128];

static int make_db(void **state)
{
	static const char *const csvs[] = { MS_SRCDIR "/data/regions/jiangxi.csv",
					    MS_SRCDIR "/data/regions/units.csv", NULL };
	struct setup_opts o = { .actor = "test", .plan_path = MS_SRCDIR "/data/plans/jiangxi-2023.json",
				.org_csv = csvs };
	struct setup_result res;
	struct ms_buf rep = MS_BUF_INIT;
	struct ms_err e;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ms-http-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	o.db_path = db;
	auth_cheap_hashes(1);
	if (auth_init(&e) || setup_init(&o, &res, &rep, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	ms_buf_release(&rep);
	return 0;
}

static int remove_db(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_login_and_throttle(void **state)
{
	char tok[AUTH_TOKEN_HEX + 1], csrf[AUTH_TOKEN_HEX + 1], csrf2[AUTH_TOKEN_HEX + 1];
	struct auth_user u;
	struct store *st;
	struct ms_err e;
	time_t t0 = 1700000000;
	long wait;
	int i;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_WRITE, &e), 0);
	assert_int_equal(auth_user_add(st, "li", "password-1", "reporter", "360100", "test", &e), 0);
	assert_int_equal(auth_login(st, "li", "password-1", "10.0.0.1", t0, tok, &wait, &e), AUTH_OK);
	assert_int_equal(strlen(tok), 64);
	assert_int_equal(auth_session(st, tok, t0 + 60, &u, &e), 1);
	assert_string_equal(u.name, "li");
	assert_int_equal(u.role, ROLE_REPORTER);
	assert_string_equal(u.org, "360100");
	assert_int_equal(u.api, 0);
	/* the session ends after AUTH_WEB_TTL */
	assert_int_equal(auth_session(st, tok, t0 + AUTH_WEB_TTL, &u, &e), 0);
	/* a token that is not 64 hex digits is nobody */
	assert_int_equal(auth_session(st, "../../etc", t0, &u, &e), 0);
	/* CSRF: one per session, stable */
	auth_csrf(tok, csrf);
	auth_csrf(tok, csrf2);
	assert_true(auth_token_equal(csrf, csrf2));
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	auth_csrf(tok, csrf2);
	assert_false(auth_token_equal(csrf, csrf2));

	/* five failures from one address: its sixth try waits AUTH_THROTTLE_BASE, even with the right password */
	for (i = 0; i < AUTH_THROTTLE_USER; i++)
		assert_int_equal(auth_login(st, "li", "wrong-one", "10.0.0.2", t0 + i, tok, &wait, &e), AUTH_DENIED);
	assert_int_equal(auth_login(st, "li", "password-1", "10.0.0.2", t0 + 10, tok, &wait, &e), AUTH_THROTTLED);
	assert_int_equal(wait, AUTH_THROTTLE_BASE - 6);
	assert_string_equal(tok, "");
	/* the owner elsewhere is not locked out by them */
	assert_int_equal(auth_login(st, "li", "password-1", "10.0.0.3", t0 + 10, tok, &wait, &e), AUTH_OK);
	/* after the wait that address goes in too, and its count starts again */
	assert_int_equal(auth_login(st, "li", "password-1", "10.0.0.2", t0 + 4 + AUTH_THROTTLE_BASE, tok, &wait, &e), AUTH_OK);
	/* a sixth failure after five doubles the wait */
	for (i = 0; i < AUTH_THROTTLE_USER + 1; i++)
		assert_int_equal(auth_login(st, "li", "wrong-one", "10.0.0.4", t0 + 100, tok, &wait, &e),
				 i < AUTH_THROTTLE_USER ? AUTH_DENIED : AUTH_THROTTLED);
	assert_int_equal(auth_login(st, "li", "password-1", "10.0.0.4", t0 + 100 + AUTH_THROTTLE_BASE, tok, &wait, &e), AUTH_OK);
	store_close(st);
}

static void test_roles(void **state)
{
	struct auth_user anon = { "", ROLE_NONE, "", 0 }, viewer = { "v", ROLE_VIEWER, "", 0 };
	struct auth_user rep = { "r", ROLE_REPORTER, "360100", 0 }, lead = { "l", ROLE_LEAD, "hrss", 0 };
	struct auth_user admin = { "a", ROLE_ADMIN, "", 0 };
	struct store *st;
	struct ms_err e;

	(void)state;
	assert_int_equal(store_open(&st, db, STORE_READ, &e), 0);
	assert_int_equal(auth_may_report(&anon, "360100", &e), 0);
	assert_non_null(strstr(e.msg, "log in first"));
	assert_int_equal(auth_may_report(&viewer, "360100", &e), 0);
	assert_int_equal(auth_may_report(&rep, "360100", &e), 1);
	assert_int_equal(auth_may_report(&rep, "360400", &e), 0);
	assert_int_equal(auth_may_report(&lead, "360100", &e), 0);
	assert_int_equal(auth_may_report(&admin, "360400", &e), 1);
	assert_int_equal(auth_may_review(st, &lead, "jiangxi-2023", 1, &e), 1);
	assert_int_equal(auth_may_review(st, &lead, "jiangxi-2023", 3, &e), 0);
	assert_int_equal(auth_may_review(st, &rep, "jiangxi-2023", 1, &e), 0);
	assert_int_equal(auth_may_review(st, &admin, "jiangxi-2023", 3, &e), 1);
	assert_int_equal(auth_may_lock(&lead, &e), 0);
	assert_int_equal(auth_may_lock(&admin, &e), 1);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_refusals),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_login_and_throttle),
		cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests_name("http", tests, make_db, remove_db);
}
