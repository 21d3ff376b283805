/*
 * test_follow.c - the follow-up's pure parts: which channel addresses are
 * taken (one row per case, the boundaries first), the mail as composed
 * (header lines, the subject in RFC 2047 words of whole characters, the
 * Date in +0800, the body's base64), and who may remind, issue and answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "follow/follow.h"

static void test_addresses(void **state)
{
	static const struct {
		const char *kind, *address;
		int ok;
		const char *field;
	} rows[] = {
		{ "email", "a@b.cn", 1, "" },
		{ "email", "office.360400@jiujiang.gov.cn", 1, "" },
		{ "email", "a@b", 0, "address" },
		{ "email", "@b.cn", 0, "address" },
		{ "email", "a@@b.cn", 0, "address" },
		{ "email", "a@.cn", 0, "address" },
		{ "email", "a@b.cn.", 0, "address" },
		{ "email", "a b@c.cn", 0, "address" },
		{ "email", "a@b.cn\r\nBcc: x@y.cn", 0, "address" },
		{ "email", "<a@b.cn>", 0, "address" },
		{ "email", "a@b.cn,c@d.cn", 0, "address" },
		{ "email", "张@b.cn", 0, "address" },
		{ "email", "", 0, "address" },
		{ "webhook", "https://oapi.dingtalk.com/robot/send?access_token=abc", 1, "" },
		{ "webhook", "http://127.0.0.1:8080/hook", 1, "" },
		{ "webhook", "ftp://x/y", 0, "address" },
		{ "webhook", "http://", 0, "address" },
		{ "webhook", "https:///x", 0, "address" },
		{ "webhook", "http://x/a b", 0, "address" },
		{ "contact", "张三 0791-86000000", 1, "" },
		{ "contact", "张三\n0791", 0, "address" },
		{ "contact", "\xff\xfe", 0, "address" },
		{ "fax", "123", 0, "kind" },
		{ NULL, "123", 0, "kind" },
	};
	struct ms_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		err.field[0] = '\0';
		if (follow_address_check(rows[i].kind, rows[i].address, &err) != (rows[i].ok ? 0 : -1))
			fail_msg("row %zu: %s %s", i, rows[i].kind ? rows[i].kind : "(null)", rows[i].address);
		if (!rows[i].ok)
			assert_string_equal(err.field, rows[i].field);
	}
}

static void test_mail(void **state)
{
	struct ms_buf m = MS_BUF_INIT;
	const char *hdr_end, *subj, *p;
	size_t words = 0;

	(void)state;
	/* 2023-06-26 02:20:00 UTC = 10:20 in Beijing */
	follow_mail_compose(&m, "office@example.gov.cn", "a@b.cn, c@d.cn",
			    "【催报】九江市：1 项指标尚未报送（2023年6月30日截止）", "正文\n第二行", 1687746000,
			    "x@minsheng");
	hdr_end = strstr(m.buf, "\r\n\r\n");
	assert_non_null(hdr_end);
	assert_true(!strncmp(m.buf, "From: <office@example.gov.cn>\r\nTo: <a@b.cn>, <c@d.cn>\r\nSubject: =?UTF-8?B?", 71));
	assert_non_null(strstr(m.buf, "\r\nDate: Mon, 26 Jun 2023 10:20:00 +0800\r\n"));
	assert_non_null(strstr(m.buf, "\r\nMessage-ID: <x@minsheng>\r\n"));
	assert_non_null(strstr(m.buf, "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"));
	/* the subject: encoded words joined by "\r\n ", each at most 75 characters */
	subj = strstr(m.buf, "Subject: ") + 9;
	for (p = subj; p < hdr_end && strncmp(p, "\r\nDate", 6); words++) {
		const char *e = strstr(p, "?=");

		assert_true(!strncmp(p, "=?UTF-8?B?", 10));
		assert_true(e - p + 2 <= 75);
		p = e + 2;
		if (!strncmp(p, "\r\n ", 3))
			p += 3;
	}
	assert_true(words >= 2);
	/* the body: base64 of the UTF-8 text ("正文\n第二行") */
	assert_string_equal(hdr_end + 4, "5q2j5paHCuesrOS6jOihjA==\r\n");
	ms_buf_release(&m);
}

static void test_may(void **state)
{
	struct auth_user admin = { .name = "a", .role = ROLE_ADMIN };
	struct auth_user jj = { .name = "j", .role = ROLE_REPORTER, .org = "360400" };
	struct auth_user civil = { .name = "c", .role = ROLE_LEAD, .org = "civil" };
	struct auth_user viewer = { .name = "v", .role = ROLE_VIEWER };
	struct auth_user anon = { .role = ROLE_NONE };
	struct ms_err err;

	(void)state;
	assert_int_equal(auth_may_follow(&admin, &err), 1);
	assert_int_equal(auth_may_follow(&jj, &err), 0);
	assert_int_equal(auth_may_follow(&viewer, &err), 0);
	assert_int_equal(auth_may_follow(&anon, &err), 0);
	assert_int_equal(auth_may_answer_duban(&admin, "360400", &err), 1);
	assert_int_equal(auth_may_answer_duban(&jj, "360400", &err), 1);
	assert_int_equal(auth_may_answer_duban(&jj, "360100", &err), 0);
	assert_int_equal(auth_may_answer_duban(&civil, "civil", &err), 1);
	assert_int_equal(auth_may_answer_duban(&civil, "360400", &err), 0);
	assert_int_equal(auth_may_answer_duban(&viewer, "360400", &err), 0);
	assert_int_equal(auth_may_see_duban(&jj, "360400"), 1);
	assert_int_equal(auth_may_see_duban(&jj, "360100"), 0);
	assert_int_equal(auth_may_see_duban(&viewer, ""), 0);
	assert_int_equal(auth_may_see_duban(&anon, ""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_may),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
