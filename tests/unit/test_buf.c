/*
 * test_buf.c - the capped growable buffer and the error struct.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/table.h"
#include "core/text.h"

static void test_empty_is_never_null(void **state)
{
	struct ms_buf b = MS_BUF_INIT;

	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	ms_buf_release(&b);
	assert_non_null(b.buf);
	assert_int_equal(b.len, 0);
}

static void test_append_and_format(void **state)
{
	struct ms_buf b = MS_BUF_INIT;

	assert_int_equal(ms_buf_adds(&b, "江西"), 0);
	assert_int_equal(ms_buf_addch(&b, '-'), 0);
	assert_int_equal(ms_buf_addf(&b, "%d件", 10), 0);
	assert_string_equal(b.buf, "江西-10件");
	assert_int_equal(b.len, strlen("江西-10件"));
	ms_buf_setlen(&b, 6);
	assert_string_equal(b.buf, "江西");
	ms_buf_reset(&b);
	assert_string_equal(b.buf, "");
	ms_buf_release(&b);
}

static void test_cap_is_hard(void **state)
{
	struct ms_buf b;

	ms_buf_init(&b, 8);
	assert_int_equal(ms_buf_adds(&b, "12345678"), 0);
	assert_int_equal(ms_buf_addch(&b, '9'), -1);
	assert_string_equal(b.buf, "12345678"); /* unchanged on failure */
	ms_buf_reset(&b);
	assert_int_equal(ms_buf_addf(&b, "%s", "123456789"), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(ms_buf_grow(&b, SIZE_MAX), -1);
	ms_buf_release(&b);
	assert_int_equal(b.cap, 8); /* release keeps the cap */
}

/* addf formats into the room already there when it fits, else grows: every length around the room's edge */
static void test_format_at_the_edge(void **state)
{
	struct ms_buf b = MS_BUF_INIT, want = MS_BUF_INIT;
	size_t pre, n, i;

	for (pre = 0; pre < 70; pre++) {
		for (n = 0; n < 140; n++) {
			char s[160];

			memset(s, 'x', n);
			s[n] = '\0';
			ms_buf_reset(&b);
			for (i = 0; i < pre; i++)
				assert_int_equal(ms_buf_addch(&b, 'a' + (int)(i % 26)), 0);
			assert_int_equal(ms_buf_addf(&b, "%s|%d", s, (int)n), 0);
			ms_buf_reset(&want);
			for (i = 0; i < pre; i++)
				ms_buf_addch(&want, 'a' + (int)(i % 26));
			ms_buf_add(&want, s, n);
			ms_buf_addch(&want, '|');
			{
				char num[16];
				int k = snprintf(num, sizeof(num), "%d", (int)n);

				ms_buf_add(&want, num, (size_t)k);
			}
			assert_int_equal(b.len, want.len);
			assert_string_equal(b.buf, want.buf);
			assert_true(b.len < b.alloc);
		}
	}
	ms_buf_release(&b);
	ms_buf_release(&want);
}

/* A format past the cap leaves the buffer as it was, its NUL included, even when it was written into the room. */
static void test_format_past_cap_in_room(void **state)
{
	struct ms_buf b;

	ms_buf_init(&b, 10);
	assert_int_equal(ms_buf_adds(&b, "abc"), 0);   /* 64 bytes allocated, cap 10 */
	assert_true(b.alloc > 12);
	assert_int_equal(ms_buf_addf(&b, "%s", "12345678"), -1);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.buf, "abc");
	assert_int_equal(ms_buf_addf(&b, "%s", "1234567"), 0);
	assert_string_equal(b.buf, "abc1234567");
	assert_int_equal(ms_buf_addch(&b, 'z'), -1);
	assert_string_equal(b.buf, "abc1234567");
	ms_buf_release(&b);
}

static void test_html_escape(void **state)
{
	static const char *const in[] = { "", "江西", "<b>", "a&b", "\"'", "x<y>z&amp;'\"", "&&&",
		"末尾<", "<开头", "无需转义的一段较长文字，没有特殊字符" };
	static const char *const out[] = { "", "江西", "&lt;b&gt;", "a&amp;b", "&quot;&#39;",
		"x&lt;y&gt;z&amp;amp;&#39;&quot;", "&amp;&amp;&amp;", "末尾&lt;", "&lt;开头",
		"无需转义的一段较长文字，没有特殊字符" };
	struct ms_buf b = MS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ms_buf_reset(&b);
		assert_int_equal(ms_buf_adds(&b, "["), 0);
		assert_int_equal(ms_html_escape(&b, in[i]), 0);
		assert_int_equal(ms_buf_adds(&b, "]"), 0);
		assert_true(strlen(b.buf) == b.len);
		assert_memory_equal(b.buf + 1, out[i], strlen(out[i]));
		assert_int_equal(b.len, strlen(out[i]) + 2);
	}
	ms_buf_release(&b);
}

static void test_grows_past_initial(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	int i;

	for (i = 0; i < 100000; i++)
		assert_int_equal(ms_buf_addch(&b, 'a' + i % 26), 0);
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.buf[99999], 'a' + 99999 % 26);
	assert_int_equal(b.buf[100000], '\0');
	ms_buf_release(&b);
}

static void test_detach(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t n;
	char *s;

	s = ms_buf_detach(&b, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	ms_buf_adds(&b, "abc");
	s = ms_buf_detach(&b, &n);
	assert_string_equal(s, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(b.len, 0);
	free(s);
}

static void test_err(void **state)
{
	struct ms_err e;

	assert_int_equal(ms_err_set(&e, "line %d: bad", 3), -1);
	assert_string_equal(e.msg, "line 3: bad");
	assert_int_equal(ms_err_prefix(&e, "file.csv"), -1);
	assert_string_equal(e.msg, "file.csv: line 3: bad");
	assert_int_equal(ms_err_set(NULL, "ignored"), -1);
}

static void test_table_pads_by_display_width(void **state)
{
	struct ms_table *t = ms_table_new(2);
	struct ms_buf b = MS_BUF_INIT;

	ms_table_add(t, "编号");
	ms_table_add(t, "n");
	ms_table_add(t, "a");
	ms_table_add(t, "10");
	ms_table_add(t, "南昌市");
	ms_table_add(t, "9");
	ms_table_align_right(t, 1);
	assert_int_equal(ms_table_render(t, &b), 0);
	assert_string_equal(b.buf,
			    "编号     n\n"
			    "──────────\n"
			    "a       10\n"
			    "南昌市   9\n");
	ms_table_free(t);
	ms_buf_release(&b);
}

/* One document written by the streaming writer, in the given mode. */
static void jw_document(struct ms_buf *b, int pretty)
{
	struct ms_jw w;

	ms_jw_init(&w, b, pretty);
	ms_jw_obj(&w);
	ms_jw_key(&w, "plan");
	ms_jw_str(&w, "jiangxi-2023");
	ms_jw_key(&w, "标题");
	ms_jw_str(&w, "引号\" 反斜杠\\ 换行\n 制表\t 回车\r \b\f \x01\x1f / 江西");
	ms_jw_key(&w, "empty_obj");
	ms_jw_obj(&w);
	ms_jw_end(&w);
	ms_jw_key(&w, "empty_arr");
	ms_jw_arr(&w);
	ms_jw_end(&w);
	ms_jw_key(&w, "ints");
	ms_jw_arr(&w);
	ms_jw_int(&w, 0);
	ms_jw_int(&w, -1);
	ms_jw_int(&w, 6000000000LL);
	ms_jw_int(&w, INT64_MAX);
	ms_jw_int(&w, INT64_MIN);
	ms_jw_end(&w);
	ms_jw_key(&w, "mixed");
	ms_jw_arr(&w);
	ms_jw_bool(&w, 1);
	ms_jw_bool(&w, 0);
	ms_jw_null(&w);
	ms_jw_str(&w, NULL);
	ms_jw_obj(&w);
	ms_jw_key(&w, "a");
	ms_jw_arr(&w);
	ms_jw_obj(&w);
	ms_jw_end(&w);
	ms_jw_end(&w);
	ms_jw_end(&w);
	ms_jw_end(&w);
	ms_jw_key(&w, "");
	ms_jw_str(&w, "");
	ms_jw_end(&w);
	ms_jw_finish(&w);
	assert_int_equal(w.depth, 0);
}

/* The writer's bytes are jansson's for the same tree, pretty and compact. */
static void test_json_writer_is_janssons(void **state)
{
	json_t *j = json_pack("{s:s, s:s, s:{}, s:[], s:[I, I, I, I, I], s:[b, b, n, n, {s:[{}]}], s:s}",
			      "plan", "jiangxi-2023",
			      "标题", "引号\" 反斜杠\\ 换行\n 制表\t 回车\r \b\f \x01\x1f / 江西",
			      "empty_obj", "empty_arr", "ints", (json_int_t)0, (json_int_t)-1,
			      (json_int_t)6000000000LL, (json_int_t)INT64_MAX, (json_int_t)INT64_MIN,
			      "mixed", 1, 0, "a", "", "");
	int pretty;

	assert_non_null(j);
	for (pretty = 0; pretty <= 1; pretty++) {
		struct ms_buf want = MS_BUF_INIT, got = MS_BUF_INIT;

		assert_int_equal(ms_json_dump(&want, j, pretty), 0);
		jw_document(&got, pretty);
		assert_string_equal(got.buf, want.buf);
		ms_buf_release(&want);
		ms_buf_release(&got);
	}
	json_decref(j);
}

/* Broken UTF-8 never reaches the document: a cut last character left out, other bad bytes U+FFFD. */
static void test_json_writer_keeps_utf8_valid(void **state)
{
	static const char cut[] = "江西\xe7\x9c";          /* 省 cut after two of its three bytes */
	struct ms_buf b = MS_BUF_INIT;
	struct ms_jw w;

	ms_jw_init(&w, &b, 0);
	ms_jw_arr(&w);
	ms_jw_str(&w, cut);
	ms_jw_str(&w, "a\xff" "b\xc3(\x80" "c");
	ms_jw_str(&w, "\xe6\xb1\x9f\n\xe8");
	ms_jw_end(&w);
	assert_string_equal(b.buf, "[\"江西\",\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD(\xEF\xBF\xBD" "c\",\"江\\n\"]");
	assert_int_equal(ms_utf8_valid(b.buf, b.len, NULL), 1);
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_never_null),
		cmocka_unit_test(test_append_and_format),
		cmocka_unit_test(test_cap_is_hard),
		cmocka_unit_test(test_grows_past_initial),
		cmocka_unit_test(test_format_at_the_edge),
		cmocka_unit_test(test_format_past_cap_in_room),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_err),
		cmocka_unit_test(test_table_pads_by_display_width),
		cmocka_unit_test(test_json_writer_is_janssons),
		cmocka_unit_test(test_json_writer_keeps_utf8_valid),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
