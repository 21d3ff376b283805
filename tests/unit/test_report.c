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

#include "core/text.h"
#include "report/bulletin.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_counts_and_copies),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_bar_column_right_aligned),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_header_once_over_sheets),
		cmocka_unit_test(test_csv_formula_cells),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
