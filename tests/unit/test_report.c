/*
 * test_report.c - the bulletin's document model (bl_text, bl_table, bl_row)
 * and its Markdown and CSV renderers on small documents, byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/json.h"
#include "core/text.h"
#include "report/bulletin.h"
#include "report/xlsx_read.h"

#include <stdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *const head2[] = { "指标", "完成率" };
static const char *const head3[] = { "序号", "任务", "进展" };

/* A document with a title, a heading, a paragraph and two tables (one on sheet 0, one on sheet 1). */
static void small_doc(struct bulletin *bl)
{
	struct bl_table *t;

	memset(bl, 0, sizeof(*bl));
	bl->title = ms_strdup("通报");
	bl->subtitle = ms_strdup("截至2023年7月7日");
	bl_text(bl, 1, "一、总体情况");
	bl_text(bl, 0, "进度正常。");
	t = bl_table(bl, "摘要", 2, head2, 0);
	{
		const char *r1[] = { "AED", "45.0%" };
		const char *r2[] = { "a|b", "—" };

		bl_row(t, r1);
		bl_row(t, r2);
	}
	t = bl_table(bl, "10 急救", 3, head3, 1);
	bl_kinds(t, "it");
	{
		const char *r1[] = { "1", "AED", "已投放, 45台" };
		const char *r2[] = { "2", "培训", "按\"计划\"推进" };

		bl_row(t, r1);
		bl_row(t, r2);
	}
}

static void test_model_counts_and_copies(void **state)
{
	struct bulletin bl;
	struct bl_table *t;
	char cell[8] = "x";

	(void)state;
	memset(&bl, 0, sizeof(bl));
	/* boundary: an empty document, then a table with no rows */
	assert_int_equal(bl.n, 0);
	t = bl_table(&bl, "空", 2, head2, 0);
	assert_int_equal(bl.n, 1);
	assert_int_equal(t->nrows, 0);
	assert_int_equal(t->ncols, 2);
	assert_int_equal(t->bar_col, -1);
	assert_int_equal(t->colour_col, -1);
	assert_string_equal(t->cell[0], "指标");
	{
		const char *r[] = { cell, cell };

		bl_row(t, r);
	}
	cell[0] = 'y';      /* the model keeps its own copy */
	assert_int_equal(t->nrows, 1);
	assert_string_equal(t->cell[2], "x");
	bl_text(&bl, 2, "小标题");
	assert_int_equal(bl.n, 2);
	assert_int_equal(bl.b[1].level, 2);
	assert_null(bl.b[1].table);
	assert_ptr_equal(bl.b[0].table, t);
	bulletin_free(&bl);
	assert_int_equal(bl.n, 0);
	assert_null(bl.b);
}

static void test_markdown(void **state)
{
	struct bulletin bl;
	struct ms_buf out = MS_BUF_INIT;

	(void)state;
	small_doc(&bl);
	assert_int_equal(bulletin_md(&bl, &out), 0);
	/* the sheet-1 table (台账) is not in the Markdown; '|' is escaped */
	assert_string_equal(out.buf,
		"# 通报\n\n截至2023年7月7日\n\n"
		"## 一、总体情况\n\n"
		"进度正常。\n\n"
		"| 指标 | 完成率 |\n"
		"| --- | --- |\n"
		"| AED | 45.0% |\n"
		"| a\\|b | — |\n"
		"\n");
	ms_buf_release(&out);
	bulletin_free(&bl);
}

static void test_markdown_bar_column_right_aligned(void **state)
{
	struct bulletin bl;
	struct ms_buf out = MS_BUF_INIT;
	struct bl_table *t;

	(void)state;
	memset(&bl, 0, sizeof(bl));
	bl.title = ms_strdup("T");
	bl.subtitle = ms_strdup("S");
	t = bl_table(&bl, "c", 2, head2, 0);
	t->bar_col = 1;
	assert_int_equal(bulletin_md(&bl, &out), 0);
	assert_string_equal(out.buf, "# T\n\nS\n\n| 指标 | 完成率 |\n| --- | ---: |\n\n");
	ms_buf_release(&out);
	bulletin_free(&bl);
}

static void test_csv(void **state)
{
	struct bulletin bl;
	struct ms_buf out = MS_BUF_INIT;

	(void)state;
	small_doc(&bl);
	assert_int_equal(bulletin_csv(&bl, &out), 0);
	/* only the 台账 tables, BOM first, the item in the first column, fields quoted as needed */
	assert_string_equal(out.buf,
		"\xEF\xBB\xBF"
		"实事,序号,任务,进展\r\n"
		"10 急救,1,AED,\"已投放, 45台\"\r\n"
		"10 急救,2,培训,\"按\"\"计划\"\"推进\"\r\n");
	ms_buf_release(&out);
	bulletin_free(&bl);
}

static void test_csv_header_once_over_sheets(void **state)
{
	struct bulletin bl;
	struct ms_buf out = MS_BUF_INIT;
	struct bl_table *t;
	const char *r[] = { "1", "x", "y" };

	(void)state;
	memset(&bl, 0, sizeof(bl));
	bl.title = ms_strdup("T");
	bl.subtitle = ms_strdup("S");
	/* boundary: no 台账 table at all gives the BOM alone */
	assert_int_equal(bulletin_csv(&bl, &out), 0);
	assert_string_equal(out.buf, "\xEF\xBB\xBF");
	ms_buf_reset(&out);
	t = bl_table(&bl, "1 甲", 3, head3, 1);
	bl_row(t, r);
	t = bl_table(&bl, "2 乙", 3, head3, 2);
	bl_row(t, r);
	assert_int_equal(bulletin_csv(&bl, &out), 0);
	assert_string_equal(out.buf, "\xEF\xBB\xBF实事,序号,任务,进展\r\n1 甲,1,x,y\r\n2 乙,1,x,y\r\n");
	ms_buf_release(&out);
	bulletin_free(&bl);
}

/* Written as JSON and read back, every renderer gives the same bytes. */
static void test_json_round_trip(void **state)
{
	struct bulletin a, b;
	struct ms_buf ta = MS_BUF_INIT, tb = MS_BUF_INIT, text = MS_BUF_INIT;
	struct ms_err err;
	int (*render[])(const struct bulletin *, struct ms_buf *) = { bulletin_md, bulletin_html, bulletin_csv };
	json_t *j;
	size_t k;

	(void)state;
	small_doc(&a);
	a.demo = 1;
	snprintf(a.sheet_name[1], sizeof(a.sheet_name[1]), "急救");
	/* the 公文's parts: a set one comes back, an unset one stays unset */
	bl_set(&a.issuer, "省民生实事工程实施领导小组办公室");
	bl_set(&a.number, "赣民实办〔2023〕1号");
	bl_set(&a.date, "2023-07-10");
	bl_set(&a.contact, "联系人：李明　电话：0791-86240000");
	bl_set(&a.legend, "状态：完成 已达全年目标；红 明显滞后");
	j = bulletin_json(&a);
	assert_non_null(j);
	ms_json_dump(&text, j, 0);
	json_decref(j);
	assert_int_equal(bulletin_from_text(&b, text.buf, text.len, &err), 0);
	assert_string_equal(b.sheet_name[1], "急救");
	assert_string_equal(b.number, "赣民实办〔2023〕1号");
	assert_string_equal(b.date, "2023-07-10");
	assert_string_equal(b.contact, "联系人：李明　电话：0791-86240000");
	assert_null(b.to);
	assert_null(b.cc);
	assert_int_equal(b.n, a.n);
	for (k = 0; k < a.n; k++)   /* the workbook's column kinds come back */
		if (a.b[k].table)
			assert_string_equal(b.b[k].table->kind, a.b[k].table->kind);
	for (k = 0; k < 3; k++) {
		ms_buf_reset(&ta);
		ms_buf_reset(&tb);
		render[k](&a, &ta);
		render[k](&b, &tb);
		assert_int_equal(ta.len, tb.len);
		assert_memory_equal(ta.buf, tb.buf, ta.len);
	}
	bulletin_free(&a);
	bulletin_free(&b);
	ms_buf_release(&ta);
	ms_buf_release(&tb);
	ms_buf_release(&text);
}

/* A damaged snapshot is refused with what is wrong, never half read. */
static void test_json_refused(void **state)
{
	static const struct { const char *doc, *want; } cases[] = {
		{ "[]", "须为 JSON 对象" },
		{ "{\"format\":\"other/1\"}", "无法识别" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":1}", "title 须为字符串" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":true}", "blocks" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[],\"blocks\":[]}", "工作表名称" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"blocks\":[{\"level\":3,\"text\":\"x\"}]}", "第 1 块：level" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"blocks\":[{\"table\":{\"caption\":\"c\",\"sheet\":0,\"bar_col\":2,"
		  "\"colour_col\":-1,\"head\":[\"a\",\"b\"],\"rows\":[]}}]}", "bar_col" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"blocks\":[{\"table\":{\"caption\":\"c\",\"sheet\":0,\"bar_col\":-1,"
		  "\"colour_col\":-1,\"head\":[\"a\",\"b\"],\"rows\":[[\"1\"]]}}]}", "2 个单元格" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"blocks\":[{\"table\":{\"caption\":\"c\",\"sheet\":0,\"bar_col\":-1,"
		  "\"colour_col\":-1,\"kinds\":\"ix\",\"head\":[\"a\",\"b\"],\"rows\":[]}}]}", "kinds" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"blocks\":[{\"table\":{\"caption\":\"c\",\"sheet\":0,\"bar_col\":-1,"
		  "\"colour_col\":-1,\"kinds\":\"iii\",\"head\":[\"a\",\"b\"],\"rows\":[]}}]}", "kinds" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"gongwen\":[],\"blocks\":[]}", "gongwen 须为对象" },
		{ "{\"format\":\"minsheng.bulletin/1\",\"title\":\"t\",\"subtitle\":\"s\",\"demo\":false,"
		  "\"summary_sheet\":\"\",\"sheet_names\":[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		  "\"\",\"\",\"\",\"\"],\"gongwen\":{\"number\":7},\"blocks\":[]}", "gongwen.number" },
	};
	struct bulletin bl;
	struct ms_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(bulletin_from_text(&bl, cases[i].doc, strlen(cases[i].doc), &err), -1);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].want);
		assert_int_equal(bl.n, 0);
		bulletin_free(&bl);
	}
}

/* text cells with a formula prefix are neutralised; columns marked as figures are not */
static void test_csv_formula_cells(void **state)
{
	static const char *const pay[] = { "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(1)",
					   "\t=1", "\r=1" };
	static const char *const want[] = { "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", "'+1+1", "'-2+3",
					    "'@SUM(1)", "'\t=1", "\"'\r=1\"" };
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(pay) / sizeof(pay[0]); k++) {
		struct bulletin bl;
		struct ms_buf out = MS_BUF_INIT, w = MS_BUF_INIT;
		struct bl_table *t;
		const char *r[] = { "-5", pay[k], pay[k] };

		memset(&bl, 0, sizeof(bl));
		bl.title = ms_strdup("T");
		bl.subtitle = ms_strdup("S");
		t = bl_table(&bl, pay[k], 3, head3, 1);
		t->figures = 1u << 0;
		bl_row(t, r);
		assert_int_equal(bulletin_csv(&bl, &out), 0);
		ms_buf_addf(&w, "\xEF\xBB\xBF实事,序号,任务,进展\r\n%s,-5,%s,%s\r\n", want[k], want[k], want[k]);
		assert_string_equal(out.buf, w.buf);
		ms_buf_release(&out);
		ms_buf_release(&w);
		bulletin_free(&bl);
	}
}

/* bl_text_at: before a block, or at the end. */
static void test_text_at(void **state)
{
	struct bulletin bl;

	(void)state;
	small_doc(&bl);
	bl_text_at(&bl, 0, 0, "文号");
	bl_text_at(&bl, 1, 0, "更正");
	bl_text_at(&bl, 99, 0, "末");
	assert_string_equal(bl.b[0].text, "文号");
	assert_string_equal(bl.b[1].text, "更正");
	assert_string_equal(bl.b[2].text, "一、总体情况");
	assert_string_equal(bl.b[bl.n - 1].text, "末");
	bulletin_free(&bl);
}

/* xlsx_read on a workbook libxlsxwriter wrote: strings shared, numbers as Excel stores them, booleans. */
static void test_xlsx_read(void **state)
{
	char path[] = "/tmp/ms-xlsx-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct ms_buf b = MS_BUF_INIT;
	struct xlsx_sheet s;
	struct ms_err e;
	char ref[16];

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "台账");
	worksheet_write_string(ws, 0, 0, "指标", NULL);
	worksheet_write_string(ws, 6, 4, "340", NULL);        /* E7: a number typed as text */
	worksheet_write_number(ws, 6, 5, 0.1 + 0.2, NULL);    /* F7: 0.30000000000000004 */
	worksheet_write_number(ws, 6, 6, 1e15, NULL);
	worksheet_write_boolean(ws, 7, 0, 1, NULL);
	worksheet_write_string(ws, 7, 1, "指标", NULL);        /* the same shared string again */
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	assert_int_equal(ms_file_read(&b, path, 1 << 20, &e), 0);
	unlink(path);
	assert_int_equal(xlsx_read(b.buf, b.len, &s, &e), 0);
	assert_string_equal(s.name, "台账");
	assert_string_equal(xlsx_get(&s, 1, 1), "指标");
	assert_string_equal(xlsx_get(&s, 7, 5), "340");
	assert_string_equal(xlsx_get(&s, 7, 6), "0.3");
	assert_string_equal(xlsx_get(&s, 7, 7), "1000000000000000");
	assert_string_equal(xlsx_get(&s, 8, 1), "TRUE");
	assert_string_equal(xlsx_get(&s, 8, 2), "指标");
	assert_null(xlsx_get(&s, 2, 2));
	assert_int_equal(s.max_row, 8);
	xlsx_sheet_release(&s);
	xlsx_ref(ref, sizeof(ref), 7, 5);
	assert_string_equal(ref, "E7");
	xlsx_ref(ref, sizeof(ref), 1048576, 16384);
	assert_string_equal(ref, "XFD1048576");
	/* not a zip; a zip cut short */
	assert_int_equal(xlsx_read("PK\3\4 not really", 16, &s, &e), -1);
	assert_non_null(strstr(e.msg, "不是 Excel"));
	xlsx_sheet_release(&s);
	assert_int_equal(xlsx_read(b.buf, b.len / 2, &s, &e), -1);
	xlsx_sheet_release(&s);
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_counts_and_copies),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_bar_column_right_aligned),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_header_once_over_sheets),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_refused),
		cmocka_unit_test(test_text_at),
		cmocka_unit_test(test_csv_formula_cells),
		cmocka_unit_test(test_xlsx_read),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
