/*
 * entry_xlsx.c - a unit's round as an Excel 报送表 and back. The template
 * carries the rows of ledger_entry_rows (the boxes a clerk fills unlocked,
 * the rest locked by sheet protection, the keys in hidden columns); an
 * upload is read by xlsx_read and stored by ledger_report_batch: the same
 * checks as the web form, all rows or none, each error named by its cell.
 */
#include "entry_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/json.h"
#include "ledger/progress.h"
#include "plan/units.h"
#include "xlsx_read.h"
#include "core/banned.h"

/* The columns, by their header: what the template writes and the importer looks for. */
enum col { C_NAME, C_UNIT, C_TARGET, C_PREV, C_VALUE, C_NUM, C_DEN, C_NARR, C_REASON, C_STATUS,
	   C_ID, C_ORG, C_ROUND, C_N };

static const struct {
	const char *head, *field;     /* field: the ledger's name of the box (err.field), or NULL */
	double width;
} cols[C_N] = {
	{ "指标", "indicator", 36 }, { "单位", "unit", 9 }, { "分解目标", NULL, 14 }, { "上一轮", NULL, 14 },
	{ "本轮累计完成", "value", 14 }, { "分子", "numerator", 10 }, { "分母", "denominator", 10 },
	{ "进展情况", "narrative", 40 }, { "未报原因", "reason", 24 }, { "状态", NULL, 12 },
	{ "指标编号", "indicator", 16 }, { "单位代码", "org", 10 }, { "报送节点", "round", 12 },
};

#define HEAD_ROW 2                    /* 0-based: the title, the note, then the header */

static const char *status_cn(enum report_status s)
{
	return s == REPORT_DRAFT ? "草稿" : s == REPORT_SUBMITTED ? "已报送，待审核" :
	       s == REPORT_APPROVED ? "审核通过（不能修改）" : s == REPORT_RETURNED ? "已退回" : "未报送";
}

struct fmts {
	lxw_format *title, *head, *locked, *open, *num;
};

static void fmts_init(struct fmts *f, lxw_workbook *wb)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xD9D9D9);
	format_set_border(f->head, LXW_BORDER_THIN);
	f->locked = workbook_add_format(wb);
	format_set_bg_color(f->locked, 0xEFEFEF);
	format_set_border(f->locked, LXW_BORDER_THIN);
	format_set_text_wrap(f->locked);
	f->open = workbook_add_format(wb);
	format_set_unlocked(f->open);
	format_set_border(f->open, LXW_BORDER_THIN);
	format_set_text_wrap(f->open);
	f->num = workbook_add_format(wb);
	format_set_unlocked(f->num);
	format_set_border(f->num, LXW_BORDER_THIN);
}

static void text_cell(lxw_worksheet *ws, lxw_row_t r, enum col c, const char *s, lxw_format *f)
{
	worksheet_write_string(ws, r, (lxw_col_t)c, s ? s : "", f);
}

/* A stored figure in the box's unit, as a number a spreadsheet adds up. */
static void number_cell(lxw_worksheet *ws, lxw_row_t r, enum col c, const char *box, int64_t v, int plain,
			lxw_format *f)
{
	struct ms_buf t = MS_BUF_INIT;

	if (plain)
		ms_buf_addf(&t, "%lld", (long long)v);
	else
		plan_box_format(&t, box, v);
	worksheet_write_number(ws, r, (lxw_col_t)c, strtod(t.buf, NULL), f);
	ms_buf_release(&t);
}

static void figure_text(lxw_worksheet *ws, lxw_row_t r, enum col c, const char *unit, int has, int64_t v,
			lxw_format *f)
{
	struct ms_buf t = MS_BUF_INIT;

	if (has)
		prog_value_text(&t, unit, v);
	else
		ms_buf_adds(&t, "—");
	text_cell(ws, r, c, t.buf, f);
	ms_buf_release(&t);
}

static void data_row(lxw_worksheet *ws, const struct fmts *f, lxw_row_t r, const struct ledger_entry_row *e,
		     const char *org, const char *due)
{
	int closed = e->status == REPORT_APPROVED, rate = e->d->kind == PLAN_KIND_RATE;
	lxw_format *o = closed ? f->locked : f->open, *on = closed ? f->locked : f->num;

	text_cell(ws, r, C_NAME, e->d->name, f->locked);
	text_cell(ws, r, C_UNIT, e->box ? e->box : "定性指标", f->locked);
	figure_text(ws, r, C_TARGET, e->d->unit, e->has_target, e->target, f->locked);
	figure_text(ws, r, C_PREV, e->d->unit, e->has_prev, e->prev, f->locked);
	/* a qualitative indicator has no figure, a rate its numerator and denominator */
	if (!e->d->has_target || rate)
		text_cell(ws, r, C_VALUE, "", f->locked);
	else if (e->has_value)
		number_cell(ws, r, C_VALUE, e->box, e->value, 0, on);
	else
		text_cell(ws, r, C_VALUE, "", on);
	if (rate && e->has_ratio) {
		number_cell(ws, r, C_NUM, NULL, e->numerator, 1, on);
		number_cell(ws, r, C_DEN, NULL, e->denominator, 1, on);
	} else {
		text_cell(ws, r, C_NUM, "", rate ? on : f->locked);
		text_cell(ws, r, C_DEN, "", rate ? on : f->locked);
	}
	text_cell(ws, r, C_NARR, e->narrative, o);
	text_cell(ws, r, C_REASON, e->reason, e->d->has_target ? o : f->locked);
	text_cell(ws, r, C_STATUS, status_cn(e->status), f->locked);
	text_cell(ws, r, C_ID, e->d->id, f->locked);
	text_cell(ws, r, C_ORG, org, f->locked);
	text_cell(ws, r, C_ROUND, due, f->locked);
}

static void validations(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
	lxw_data_validation v = { 0 };

	v.validate = LXW_VALIDATION_TYPE_DECIMAL;
	v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
	v.value_number = 0;
	v.error_title = "数值有误";
	v.error_message = "请按“单位”列填写不小于 0 的纯数字。";
	worksheet_data_validation_range(ws, first, C_VALUE, last, C_VALUE, &v);
	v.validate = LXW_VALIDATION_TYPE_INTEGER;
	v.error_message = "分子、分母须为不小于 0 的整数。";
	worksheet_data_validation_range(ws, first, C_NUM, last, C_DEN, &v);
}

static int template_write(struct ledger *l, const char *org, const char *due, const char *path,
			  struct ms_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_row_col_options hide = { .hidden = 1 };
	struct ledger_entry_row *v = NULL;
	const struct ledger_round *rd = ledger_round_find(l, due, err);
	struct store_org_row og;
	lxw_worksheet *ws;
	struct fmts f;
	char title[256];
	size_t n = 0, i;
	lxw_error e;

	if (!wb)
		return ms_err_setk(err, MS_E_INTERNAL, "无法建立工作簿 (cannot create the workbook)");
	if (!rd || store_org_get(l->st, org, &og, err) != 1 || ledger_entry_rows(l, org, rd->due, &v, &n, err)) {
		workbook_close(wb);
		return -1;
	}
	fmts_init(&f, wb);
	ws = workbook_add_worksheet(wb, ENTRY_SHEET);
	snprintf(title, sizeof(title), "报送表 · %s · %s %s", og.name, rd->due, rd->label);
	worksheet_write_string(ws, 0, 0, title, f.title);
	worksheet_write_string(ws, 1, 0, "灰色单元格不能修改。数值按“单位”列填写纯数字（单位为万元时填 340 即 340 万元）；"
			       "比率填分子和分母；未能报数须填写未报原因；低于上一轮或超过目标3倍须在“进展情况”中说明。", NULL);
	for (i = 0; i < C_N; i++) {
		worksheet_write_string(ws, HEAD_ROW, (lxw_col_t)i, cols[i].head, f.head);
		worksheet_set_column_opt(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL,
					 i >= C_ID ? &hide : NULL);
	}
	for (i = 0; i < n; i++)
		data_row(ws, &f, (lxw_row_t)(HEAD_ROW + 1 + i), &v[i], og.code, rd->due);
	if (n)
		validations(ws, HEAD_ROW + 1, (lxw_row_t)(HEAD_ROW + n));
	worksheet_freeze_panes(ws, HEAD_ROW + 1, 1);
	worksheet_protect(ws, NULL, NULL);
	ledger_entry_free(v, n);
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return ms_err_setk(err, MS_E_INTERNAL, "无法写出工作簿：%s (cannot write the workbook)", lxw_strerror(e));
	return 0;
}

int entry_xlsx_template(struct ledger *l, const char *org, const char *due, struct ms_buf *out,
			struct ms_err *err)
{
	char path[] = "/tmp/minsheng-entry-XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return ms_err_setk(err, MS_E_INTERNAL, "无法建立临时文件 (cannot make a temporary file)");
	rc = template_write(l, org, due, path, err) || ms_file_read(out, path, (size_t)64 << 20, err) ? -1 : 0;
	close(fd);
	unlink(path);
	return rc;
}

/* ---------- reading one back ---------- */

struct layout {
	uint32_t head;                /* the header's row (1-based) */
	uint32_t col[C_N];            /* each column's (1-based), 0 when absent */
};

/* Finds the header row (the one naming 指标编号) in the first rows and each column by its name. */
static int layout_find(const struct xlsx_sheet *s, struct layout *lay, struct ms_err *err)
{
	uint32_t r, c;
	size_t i, k;

	memset(lay, 0, sizeof(*lay));
	for (i = 0; i < s->n && !lay->head; i++)
		if (s->cell[i].row <= 10 && !strcmp(s->cell[i].text, cols[C_ID].head))
			lay->head = s->cell[i].row;
	if (!lay->head)
		return ms_err_set(err, "%s：找不到表头（“%s”列），请使用本系统下载的报送表 (no header row: not a 报送表)",
				  s->name[0] ? s->name : ENTRY_SHEET, cols[C_ID].head);
	r = lay->head;
	for (i = 0; i < s->n; i++) {
		if (s->cell[i].row != r)
			continue;
		c = s->cell[i].col;
		for (k = 0; k < C_N; k++)
			if (!strcmp(s->cell[i].text, cols[k].head) && !lay->col[k])
				lay->col[k] = c;
	}
	for (k = C_ID; k < C_N; k++)
		if (!lay->col[k])
			return ms_err_set(err, "%s!%u：缺少“%s”列 (a key column is missing)", s->name, r, cols[k].head);
	return 0;
}

/* The column of the box err names (its field), else the indicator's. */
static uint32_t col_of(const struct layout *lay, const char *field)
{
	size_t k;

	for (k = 0; field && *field && k < C_N; k++)
		if (cols[k].field && !strcmp(cols[k].field, field) && lay->col[k])
			return lay->col[k];
	return lay->col[C_NAME] ? lay->col[C_NAME] : lay->col[C_ID];
}

static const char *cell(const struct xlsx_sheet *s, const struct layout *lay, uint32_t row, enum col c)
{
	const char *t = lay->col[c] ? xlsx_get(s, row, lay->col[c]) : NULL;

	return t && *t ? t : NULL;
}

/* Notes a refusal of sheet row `row` (batch row i), "台账!E7: msg". */
static void refuse(struct entry_import *im, const struct xlsx_sheet *s, const struct layout *lay, uint32_t row,
		   const char *ind, const struct ms_err *e)
{
	struct ledger_row_err *x;
	char ref[24];

	if (im->b.nerr < ENTRY_MAX_ERRS) {
		x = &im->errs[im->b.nerr];
		xlsx_ref(ref, sizeof(ref), row, col_of(lay, e->field));
		*x = (struct ledger_row_err){ row, *e };
		snprintf(x->err.msg, sizeof(x->err.msg), "%.64s!%s: %.900s", s->name[0] ? s->name : ENTRY_SHEET, ref, e->msg);
		snprintf(im->ind[im->b.nerr], sizeof(im->ind[0]), "%s", ind ? ind : "");
		snprintf(im->cell[im->b.nerr], sizeof(im->cell[0]), "%s", ref);
	}
	im->b.nerr++;
}

/* One sheet row as a ledger input; 0, or -1 after refuse(). */
static int row_in(struct ledger *l, const struct xlsx_sheet *s, const struct layout *lay, uint32_t row,
		  const char *org, const char *due, const char *origin, struct ledger_report_in *in,
		  struct entry_import *im)
{
	const struct ledger_ind *d;
	struct ms_err e;
	int64_t t;

	memset(in, 0, sizeof(*in));
	in->indicator = cell(s, lay, row, C_ID);
	in->org = cell(s, lay, row, C_ORG);
	in->round = cell(s, lay, row, C_ROUND);
	if (!(d = ledger_ind_find(l, in->indicator)))
		ms_err_field(&e, MS_E_INVALID, "indicator", "无此指标编号 %s (no such indicator)", in->indicator);
	else if (!in->org || (org && strcmp(in->org, org)))
		ms_err_field(&e, MS_E_INVALID, "org", "此行属于另一单位（%s），只能上传本单位的报送表 (another unit's row)",
			     in->org ? in->org : "空");
	else if (!in->round || (due && strcmp(in->round, due)))
		ms_err_field(&e, MS_E_INVALID, "round", "此行属于另一报送节点（%s），请下载本轮的报送表 (another round's row)",
			     in->round ? in->round : "空");
	else
		goto ok;
	refuse(im, s, lay, row, in->indicator, &e);
	return -1;
ok:
	in->indicator = d->id;
	in->value = cell(s, lay, row, C_VALUE);
	in->numerator = cell(s, lay, row, C_NUM);
	in->denominator = cell(s, lay, row, C_DEN);
	in->narrative = cell(s, lay, row, C_NARR);
	in->reason = cell(s, lay, row, C_REASON);
	in->origin = origin;
	/* a bare number is in the unit the form's box shows, computed here as there, not read from the sheet */
	in->unit = d->has_target ? plan_box_unit(d->unit, store_assign_get(l->st, l->plan, d->id, in->org, &t, NULL) == 1 ?
						   t : d->target) : NULL;
	return 0;
}

/* The data rows: below the header, with an indicator id. Their sheet rows in rows[]. */
static size_t data_rows(const struct xlsx_sheet *s, const struct layout *lay, uint32_t *rows, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < s->n && n < cap; i++)
		if (s->cell[i].row > lay->head && s->cell[i].col == lay->col[C_ID] && *s->cell[i].text &&
		    (!n || rows[n - 1] != s->cell[i].row))
			rows[n++] = s->cell[i].row;
	return n;
}

static int import_rows(struct ledger *l, const struct xlsx_sheet *s, const struct layout *lay, const char *org,
		       const char *due, int draft, const char *origin, struct entry_import *im, struct ms_err *err)
{
	uint32_t *rows = calloc(s->n ? s->n : 1, sizeof(*rows));
	struct ledger_report_in *in = calloc(s->n ? s->n : 1, sizeof(*in));
	struct ledger_row_err errs[ENTRY_MAX_ERRS];
	size_t n, i, k = 0;
	int rc = -1;

	if (!rows || !in)
		abort();
	n = data_rows(s, lay, rows, s->n);
	im->rows = n;
	for (i = 0; i < n; i++)
		if (!row_in(l, s, lay, rows[i], org, due, origin, &in[k], im))
			rows[k++] = rows[i];
	if (!n)
		ms_err_set(err, "%s：没有数据行 (the sheet has no rows)", s->name);
	else if (im->b.nerr)
		*err = im->errs[0].err;
	if (!n || im->b.nerr)
		goto out;
	im->b = (struct ledger_batch){ in, k, draft, errs, ENTRY_MAX_ERRS, 0, 0, 0, 0, 0 };
	rc = ledger_report_batch(l, &im->b, err);
	for (i = 0; i < im->b.nerr && i < ENTRY_MAX_ERRS; i++) {
		struct ms_err e = errs[i].err;
		size_t at = errs[i].row;

		im->b.nerr = i;
		refuse(im, s, lay, rows[at], in[at].indicator, &e);
	}
	im->b.nerr = i;
	if (rc && im->b.nerr)
		*err = im->errs[0].err;
out:
	free(rows);
	free(in);
	return rc;
}

int entry_xlsx_import(struct ledger *l, const void *data, size_t len, const char *org, const char *due,
		      int draft, const char *origin, struct entry_import *out, struct ms_err *err)
{
	struct xlsx_sheet s;
	struct layout lay;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->b.draft = draft;
	if (xlsx_read(data, len, &s, err) || layout_find(&s, &lay, err))
		goto out;
	rc = import_rows(l, &s, &lay, org, due, draft, origin, out, err);
out:
	xlsx_sheet_release(&s);
	return rc;
}
