/*
 * bulletin_xlsx.c - the bulletin (or any document of the model) as an Excel
 * workbook an office can file: the 通报 on the first sheet, one 台账 sheet
 * per table with a sheet number. Figures are numeric cells with number
 * formats (the column's kind), each sheet has a merged title and subtitle,
 * frozen headers, CJK-fitted widths, and prints A4 landscape, one page
 * wide, its header rows repeated, page numbers in the footer.
 */
#include "bulletin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/banned.h"

#define FMT_MAX 96
#define SUM_COLS 10         /* the summary sheet's width: its widest table (the items') */
#define FONT_PT 10          /* the cells' type */
#define ROW_PT 11.5         /* a row of one line of it */
#define LINE_PT 12.0        /* a line of wrapped text: its ink, a little under LibreOffice's 13 pt line */
#define ROWS_PT(n) ((n) > 1 ? LINE_PT * (n) : ROW_PT)
#define TITLE_ROW 20.0
#define MIN_PT 6.5          /* the smallest type a sheet fitted to one page may print at */
/* margins (inches): binding on the left; the printable part of A4 landscape (points) */
#define M_LEFT 0.6
#define M_RIGHT 0.3
#define M_TOP 0.3
#define M_BOTTOM 0.45
#define M_FOOTER 0.15
#define PAGE_W (842.0 - (M_LEFT + M_RIGHT) * 72)
#define PAGE_H (595.0 - (M_TOP + M_BOTTOM) * 72)
/* a column of width w (characters of the default font) in points, as LibreOffice lays it out when
   Calibri is not installed (DejaVu Sans in its place: wider than Excel's 5.25 + 3.75) */
#define COL_PT(w) (6.7 * ((w) + 0.71))

struct fmt_cache {
	lxw_workbook *wb;
	struct {
		char key[128];
		lxw_format *f;
	} e[FMT_MAX];
	size_t n;
	lxw_format *title, *subtitle, *head, *para, *heading;
};

/* A cell format: bold, a fill (-1 none), a number format ("" none), wrapped, right-aligned. */
static lxw_format *fmt_get(struct fmt_cache *fc, int bold, int fill, const char *num, int wrap)
{
	static const unsigned colours[] = { 0xD4EDDA, 0xE6F4EA, 0xFFF3CD, 0xF8D7DA };
	char key[128];
	lxw_format *f;
	size_t i;

	snprintf(key, sizeof(key), "%d|%d|%d|%s", bold, fill, wrap, num);
	for (i = 0; i < fc->n; i++)
		if (!strcmp(fc->e[i].key, key))
			return fc->e[i].f;
	f = workbook_add_format(fc->wb);
	format_set_font_size(f, FONT_PT);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (fill >= 0 && fill < 4)
		format_set_bg_color(f, colours[fill]);
	if (*num)
		format_set_num_format(f, num);
	if (wrap)
		format_set_text_wrap(f);
	if (fc->n < FMT_MAX) {
		snprintf(fc->e[fc->n].key, sizeof(fc->e[0].key), "%s", key);
		fc->e[fc->n++].f = f;
	}
	return f;
}

static void fmt_init(struct fmt_cache *fc, lxw_workbook *wb)
{
	memset(fc, 0, sizeof(*fc));
	fc->wb = wb;
	fc->title = workbook_add_format(wb);
	format_set_bold(fc->title);
	format_set_font_size(fc->title, 14);
	format_set_align(fc->title, LXW_ALIGN_CENTER);
	format_set_align(fc->title, LXW_ALIGN_VERTICAL_CENTER);
	fc->subtitle = workbook_add_format(wb);
	format_set_font_size(fc->subtitle, FONT_PT);
	format_set_align(fc->subtitle, LXW_ALIGN_CENTER);
	fc->head = workbook_add_format(wb);
	format_set_font_size(fc->head, FONT_PT);
	format_set_bold(fc->head);
	format_set_bg_color(fc->head, 0xF2F2F2);
	format_set_border(fc->head, LXW_BORDER_THIN);
	format_set_text_wrap(fc->head);
	format_set_align(fc->head, LXW_ALIGN_CENTER);
	format_set_align(fc->head, LXW_ALIGN_VERTICAL_CENTER);
	fc->para = workbook_add_format(wb);
	format_set_font_size(fc->para, FONT_PT);
	format_set_text_wrap(fc->para);
	format_set_align(fc->para, LXW_ALIGN_VERTICAL_TOP);
	fc->heading = workbook_add_format(wb);
	format_set_font_size(fc->heading, FONT_PT);
	format_set_bold(fc->heading);
}

/* Display width in column units: a CJK (or any multi-byte) character of the 10 pt type about 1.6. */
static double text_width(const char *s)
{
	double w = 0;

	for (; *s; s++)
		if ((unsigned char)*s < 0x80)
			w += 1;
		else if (((unsigned char)*s & 0xC0) == 0xC0)
			w += 1.6;
	return w;
}

/*
 * A figure's number and format: "45.2%" (kind p) → 0.452 "0.0%"; "12"
 * (kind i) → 12 "0"; "53.71亿元", "1,234台" (kind v) → 53.71 with
 * #,##0.00"亿元". 0 when the text is not such a figure ("—", "定性").
 */
static int parse_figure(const char *s, char kind, double *v, char *num, size_t numsz)
{
	char digits[64], *end;
	const char *p = s, *dot;
	size_t n = 0, dec = 0;

	if (kind != 'i' && kind != 'p' && kind != 'v')
		return 0;
	if (*p == '+' || *p == '-')
		digits[n++] = *p++;
	for (; (*p >= '0' && *p <= '9') || *p == '.' || (*p == ',' && kind == 'v'); p++)
		if (*p != ',' && n < sizeof(digits) - 1)
			digits[n++] = *p;
	digits[n] = '\0';
	if (!n || !(digits[n - 1] >= '0' && digits[n - 1] <= '9'))
		return 0;
	errno = 0;
	*v = strtod(digits, &end);
	if (*end || errno)
		return 0;
	dot = strchr(digits, '.');
	dec = dot ? strlen(dot + 1) : 0;
	if (kind == 'i')
		return !*p && !dot ? (snprintf(num, numsz, "0"), 1) : 0;
	if (kind == 'p') {
		if (strcmp(p, "%"))
			return 0;
		/* through whole tenths: 49.7 / 100 is 0.49700000000000005 */
		*v = (double)(long long)(*v * (dec ? 10 : 1) + (*v < 0 ? -0.5 : 0.5)) / (dec ? 1000 : 100);
		snprintf(num, numsz, "%s", dec ? "0.0%" : "0%");
		return 1;
	}
	if (strchr(p, '"') || strchr(p, '\\') || strlen(p) > 24)
		return 0;
	snprintf(num, numsz, "#,##0%s%s%s%s", dec ? "." : "", dec >= 2 ? "00" : dec ? "0" : "", *p ? "\"" : "",
		 p);
	if (*p)
		snprintf(num + strlen(num), numsz - strlen(num), "\"");
	return 1;
}

/* A 合计 row: its first or second cell says so. */
static int total_row(const struct bl_table *t, size_t r)
{
	return r && (!strcmp(t->cell[r * t->ncols], "合计") ||
		     (t->ncols > 1 && !strcmp(t->cell[r * t->ncols + 1], "合计")) ||
		     (t->ncols > 2 && !strcmp(t->cell[r * t->ncols + 2], "合计")));
}

/*
 * The lines a text takes in a column of width w (text_width's units); a
 * line broken before punctuation it may not begin with leaves room
 * unused, so a text of three lines or more gets one line more.
 */
static int lines_in(const char *s, double w)
{
	double tw = text_width(s), room = w > 2 ? w - 0.5 : 1.5;
	int n = (int)(tw / room);

	if (tw > room * n)
		n++;
	return n < 1 ? 1 : n > 2 ? n + 1 : n;
}

/* What a sheet takes, to decide how it prints: its columns' widths and its rows' heights (points). */
struct sheet_size {
	double width[64];
	size_t ncols;
	double height;
};

/* A row's height: the default line or `lines` of them; counted in sz. */
static void row_height(lxw_worksheet *ws, lxw_row_t r, double h, struct sheet_size *sz)
{
	if (h != ROW_PT)
		worksheet_set_row(ws, r, h, NULL);
	sz->height += h;
}

/* The width of columns c .. last. */
static double span_width(const struct sheet_size *sz, size_t c, size_t last)
{
	double w = 0;

	for (; c <= last && c < sz->ncols; c++)
		w += sz->width[c];
	return w;
}

/* A cell, or when last > c the cells c .. last merged (a table narrower than its sheet). */
static void put_cell(struct fmt_cache *fc, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_col_t last,
		     const char *s, lxw_format *f, int number, double v)
{
	if (last > c)
		worksheet_merge_range(ws, r, c, r, last, number ? "" : s, f);
	else if (!number)
		worksheet_write_string(ws, r, c, s, f);
	if (number)
		worksheet_write_number(ws, r, c, v, f);
	(void)fc;
}

/* The rows after r whose cell in column c reads as r's: the task's rows of a 台账 (its row group). */
static size_t group_end(const struct bl_table *t, size_t r, int c)
{
	size_t e = r;

	if (c < 0 || !*t->cell[r * t->ncols + (size_t)c])
		return r;
	while (e + 1 <= t->nrows && !strcmp(t->cell[(e + 1) * t->ncols + (size_t)c], t->cell[r * t->ncols + (size_t)c]))
		e++;
	return e;
}

/*
 * Writes table t at row `at` of ws: its header and rows, figures as
 * numbers; its last column spans to the sheet's last (sz->ncols), and the
 * runs of one text in column group (-1 none) are merged into one cell,
 * wrapped: a 台账's task once for its rows.
 */
static void write_table(struct fmt_cache *fc, lxw_worksheet *ws, lxw_row_t at, const struct bl_table *t,
			struct sheet_size *sz, int group)
{
	lxw_col_t last = (lxw_col_t)(sz->ncols > t->ncols ? sz->ncols - 1 : t->ncols - 1);
	size_t r, c, gend = 0, gfrom = 0;
	int lines = 1;

	for (c = 0; c < t->ncols; c++) {
		lxw_col_t e = c + 1 == t->ncols ? last : (lxw_col_t)c;
		int n = lines_in(t->cell[c], span_width(sz, c, e));

		put_cell(fc, ws, at, (lxw_col_t)c, e, t->cell[c], fc->head, 0, 0);
		lines = n > lines ? n : lines;
	}
	row_height(ws, at, ROWS_PT(lines), sz);
	for (r = 1; r <= t->nrows; r++) {
		int bold = total_row(t, r);

		lines = 1;
		if (group >= 0 && r > gend) {
			const char *s = t->cell[r * t->ncols + (size_t)group];

			gend = group_end(t, r, group);
			if (gend > r)
				worksheet_merge_range(ws, at + (lxw_row_t)r, (lxw_col_t)group, at + (lxw_row_t)gend,
						      (lxw_col_t)group, s, fmt_get(fc, 0, -1, "", 1));
			gfrom = r;
		}
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cell[r * t->ncols + c];
			char kind = c < sizeof(t->kind) ? t->kind[c] : 0, num[64];
			int fill = (int)c == t->colour_col ? bl_colour_index(s) : -1, n;
			lxw_col_t e = c + 1 == t->ncols ? last : (lxw_col_t)c;
			double v;

			if ((int)c == group && gend > gfrom)
				continue;   /* in the run merged above */
			if (parse_figure(s, kind, &v, num, sizeof(num))) {
				put_cell(fc, ws, at + (lxw_row_t)r, (lxw_col_t)c, e, s, fmt_get(fc, bold, fill, num, 0), 1, v);
				continue;
			}
			n = lines_in(s, span_width(sz, c, e));
			put_cell(fc, ws, at + (lxw_row_t)r, (lxw_col_t)c, e, s, fmt_get(fc, bold, fill, "", n > 1), 0, 0);
			lines = n > lines ? n : lines;
		}
		/* a spreadsheet does not grow a row for its wrapped text when it opens the file: say how tall */
		row_height(ws, at + (lxw_row_t)r, ROWS_PT(lines), sz);
	}
}

/*
 * Widens width[] (4 and up) to the text of table t: a figure keeps its
 * width (it cannot wrap), a text column stops at `cap` (the first and, on
 * a 台账, the last, names and notes, at cap + 10) and wraps; a heading
 * wraps past 10; the column `group` (merged, wrapped) stops at 12.
 */
static void widen(const struct bl_table *t, double *width, size_t nw, double cap0, int ledger, int group)
{
	size_t r, c;

	for (r = 0; r <= t->nrows; r++)
		for (c = 0; c < t->ncols && c < nw; c++) {
			double w = text_width(t->cell[r * t->ncols + c]) + 1.5, v, cap = cap0;
			char num[64];

			if (!r && w > 10)
				w = 10;
			if (c == 0 || (ledger && c + 1 == t->ncols))
				cap += 10;
			if ((int)c == group)
				cap = 12;
			/* a 台账's units: on its 合计 rows, in two lines at most */
			if (ledger && (!strcmp(t->cell[c], "牵头单位") || !strcmp(t->cell[c], "责任单位")))
				cap = 20;
			if (r && c < sizeof(t->kind) && parse_figure(t->cell[r * t->ncols + c], t->kind[c], &v, num,
								    sizeof(num)))
				cap = 48;
			if (w > cap)
				w = cap;
			if (w > width[c])
				width[c] = w;
		}
}

/* The 台账's task column (its header reads 任务), its rows merged; -1 none. */
static int group_col(const struct bl_table *t)
{
	return t->sheet && t->ncols > 2 && !strcmp(t->cell[1], "任务") ? 1 : -1;
}

/*
 * How the sheet prints: A4 landscape with binding margins, the header rows
 * on every page, page numbers; one page wide, on the fewest pages at which
 * its type, scaled to fit, stays MIN_PT or larger (one page for most 台账);
 * a sheet too wide for that prints one page wide at whatever size.
 */
static void page_setup(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last, const struct sheet_size *sz)
{
	lxw_header_footer_options hf = { .margin = M_FOOTER };
	double w = 0, s = 1, smin = MIN_PT / FONT_PT;
	uint16_t n = 0;
	size_t c;

	for (c = 0; c < sz->ncols; c++)
		w += COL_PT(sz->width[c]);
	if (w > PAGE_W)
		s = PAGE_W / w;
	if (s >= smin) {   /* n pages print it at PAGE_H * n / height ≥ smin */
		double need = sz->height * smin / PAGE_H;

		n = need <= 1 ? 1 : need < 1000 ? (uint16_t)need + (need > (uint16_t)need) : 0;
	}
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, n);
	worksheet_repeat_rows(ws, first, last);
	worksheet_set_footer_opt(ws, "&C第 &P 页 共 &N 页", &hf);
	worksheet_set_margins(ws, M_LEFT, M_RIGHT, M_TOP, M_BOTTOM);
	worksheet_center_horizontally(ws);
}

/* The merged title and subtitle across ncols columns. */
static void title_rows(struct fmt_cache *fc, lxw_worksheet *ws, const char *title, const char *subtitle,
		       struct sheet_size *sz)
{
	lxw_col_t last = (lxw_col_t)(sz->ncols ? sz->ncols - 1 : 0);

	worksheet_set_default_row(ws, ROW_PT, 0);
	row_height(ws, 0, TITLE_ROW, sz);
	worksheet_merge_range(ws, 0, 0, 0, last, title, fc->title);
	worksheet_merge_range(ws, 1, 0, 1, last, subtitle ? subtitle : "", fc->subtitle);
	row_height(ws, 1, ROW_PT, sz);
}

/*
 * The legend of 状态 (bl->legend: "状态：完成 已达…；绿 …") at row `at`,
 * flowing across the sheet's columns: 状态图例, then each colour's word
 * filled as in the tables and its meaning merged across the columns it
 * needs, a new row when the sheet's width runs out. The rows used.
 */
static lxw_row_t legend_rows(struct fmt_cache *fc, lxw_worksheet *ws, const struct bulletin *bl, lxw_row_t at,
			     struct sheet_size *sz)
{
	const char *s = bl->legend, *end;
	char word[32], text[256];
	lxw_row_t r = at;
	size_t c = 0, e;

	if (!s || !*s || sz->ncols < 4)
		return 0;
	if (!strncmp(s, "状态：", strlen("状态：")))
		s += strlen("状态：");
	for (e = 0; e + 1 < sz->ncols && span_width(sz, 0, e) < text_width("状态图例") + 1; e++)
		;
	put_cell(fc, ws, r, 0, (lxw_col_t)e, "状态图例", fc->heading, 0, 0);
	c = e + 1;
	for (; *s; s = end ? end + strlen("；") : s + strlen(s)) {
		const char *sp;
		size_t n;

		end = strstr(s, "；");
		n = end ? (size_t)(end - s) : strlen(s);
		sp = memchr(s, ' ', n);
		if (!sp)
			continue;
		snprintf(word, sizeof(word), "%.*s", (int)(sp - s), s);
		snprintf(text, sizeof(text), "%.*s", (int)(n - (size_t)(sp + 1 - s)), sp + 1);
		for (e = c + 1; e + 1 < sz->ncols && span_width(sz, c + 1, e) < text_width(text) + 1; e++)
			;
		if (e >= sz->ncols || span_width(sz, c + 1, e) < text_width(text) + 1) {
			if (c > 1) {   /* on the next row */
				row_height(ws, r++, ROW_PT, sz);
				c = 0;
				for (e = 1; e + 1 < sz->ncols && span_width(sz, 1, e) < text_width(text) + 1; e++)
					;
			}
			if (e >= sz->ncols)
				e = sz->ncols - 1;
		}
		worksheet_write_string(ws, r, (lxw_col_t)c, word, fmt_get(fc, 0, bl_colour_index(word), "", 0));
		put_cell(fc, ws, r, (lxw_col_t)(c + 1), (lxw_col_t)e, text, fmt_get(fc, 0, -1, "", 0), 0, 0);
		c = e + 1;
	}
	row_height(ws, r++, ROW_PT, sz);
	return r - at;
}

static void ledger_sheet(struct fmt_cache *fc, const struct bulletin *bl, lxw_worksheet *ws,
			 const struct bl_table *t)
{
	struct sheet_size sz = { .ncols = t->ncols < 64 ? t->ncols : 64 };
	size_t c;

	for (c = 0; c < sz.ncols; c++)
		sz.width[c] = 4;
	widen(t, sz.width, sz.ncols, 10, 1, group_col(t));
	for (c = 0; c < sz.ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, sz.width[c], NULL);
	title_rows(fc, ws, t->caption, bl->subtitle, &sz);
	write_table(fc, ws, 2, t, &sz, group_col(t));
	if (t->colour_col >= 0)   /* the legend under the table */
		legend_rows(fc, ws, bl, (lxw_row_t)(2 + t->nrows + 1), &sz);
	worksheet_freeze_panes(ws, 3, 0);
	page_setup(ws, 2, 2, &sz);
	worksheet_autofilter(ws, 2, 0, (lxw_row_t)(2 + t->nrows), (lxw_col_t)(t->ncols - 1));
}

/* A 台账 sheet's name: the model's, else 台账N. */
static void ledger_sheet_name(const struct bulletin *bl, const struct bl_table *t, char *name, size_t sz)
{
	if (t->sheet < 16 && bl->sheet_name[t->sheet][0])
		snprintf(name, sz, "%.31s", bl->sheet_name[t->sheet]);
	else
		snprintf(name, sz, "台账%d", t->sheet);
}

/* ---------- the summary sheet ---------- */

/* An item of the summary: its heading, its table of indicators (sheet 0) and its 台账 (its own sheet). */
static int item_at(const struct bulletin *bl, size_t i)
{
	return bl->b[i].level == 2 && i + 2 < bl->n && bl->b[i + 1].table && !bl->b[i + 1].table->sheet &&
	       bl->b[i + 2].table && bl->b[i + 2].table->sheet > 0;
}

#define ITEM_COLS 10

struct item_row {
	char no[12], title[256], lead[256], n[12], count[5][12], sheet[64];
	char *cell[ITEM_COLS];
};

/* From "（一）加大…力度（牵头单位：省…厅；责任单位：…）": the title and the lead units. */
static void item_heading(const char *h, char *title, size_t tsz, char *lead, size_t lsz)
{
	const char *p = h, *q, *e;

	if (!strncmp(p, "（", strlen("（")) && (q = strstr(p, "）")))
		p = q + strlen("）");
	q = strstr(p, "（牵头单位：");
	snprintf(title, tsz, "%.*s", (int)(q ? (size_t)(q - p) : strlen(p)), p);
	*lead = '\0';
	if (!q)
		return;
	q += strlen("（牵头单位：");
	e = strstr(q, "；");
	if (!e)
		e = strstr(q, "）");
	snprintf(lead, lsz, "%.*s", (int)(e ? (size_t)(e - q) : strlen(q)), q);
}

/*
 * The items as one table, a row each: 序号, 实事, 牵头单位, its indicators
 * counted by 状态, and the name of its 台账 sheet, where the figures are.
 * The caller frees *rows and the table's cells (free(t->cell)).
 */
static void item_table(const struct bulletin *bl, struct bl_table *t, struct item_row **rows)
{
	static const char *const head[ITEM_COLS] = { "序号", "实事", "牵头单位", "指标", "完成", "绿", "黄", "红",
		"定性/暂无", "详见" };
	size_t i, n = 0, r, k;

	for (i = 0; i < bl->n; i++)
		n += item_at(bl, i) != 0;
	*rows = calloc(n + 1, sizeof(**rows));
	memset(t, 0, sizeof(*t));
	t->ncols = ITEM_COLS;
	t->cell = calloc((n + 1) * ITEM_COLS, sizeof(*t->cell));
	if (!*rows || !t->cell)
		abort();
	t->bar_col = t->colour_col = -1;
	snprintf(t->kind, sizeof(t->kind), "ittiiiiii");
	for (k = 0; k < ITEM_COLS; k++)
		t->cell[k] = (char *)head[k];
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *st, *lt;
		struct item_row *ir;
		int c[5] = { 0 };

		if (!item_at(bl, i))
			continue;
		st = bl->b[i + 1].table;
		lt = bl->b[i + 2].table;
		ir = &(*rows)[++t->nrows];
		snprintf(ir->no, sizeof(ir->no), "%d", lt->sheet);
		item_heading(bl->b[i].text, ir->title, sizeof(ir->title), ir->lead, sizeof(ir->lead));
		snprintf(ir->n, sizeof(ir->n), "%zu", st->nrows);
		for (r = 1; r <= st->nrows; r++) {
			int x = st->colour_col >= 0 ? bl_colour_index(st->cell[r * st->ncols + (size_t)st->colour_col]) : -1;

			c[x >= 0 && x < 4 ? x : 4]++;
		}
		for (k = 0; k < 5; k++)
			snprintf(ir->count[k], sizeof(ir->count[k]), "%d", c[k]);
		ledger_sheet_name(bl, lt, ir->sheet, sizeof(ir->sheet));
		ir->cell[0] = ir->no, ir->cell[1] = ir->title, ir->cell[2] = ir->lead, ir->cell[3] = ir->n;
		for (k = 0; k < 5; k++)
			ir->cell[4 + k] = ir->count[k];
		ir->cell[9] = ir->sheet;
		memcpy(&t->cell[t->nrows * ITEM_COLS], ir->cell, sizeof(ir->cell));
	}
}

/* The summary's columns: fitted to its tables, the items' table in place of each item's own. */
static void summary_widths(const struct bulletin *bl, const struct bl_table *items, struct sheet_size *sz)
{
	size_t i, c;

	sz->ncols = SUM_COLS;
	for (c = 0; c < SUM_COLS; c++)
		sz->width[c] = 6;
	if (items->nrows)
		widen(items, sz->width, SUM_COLS, 20, 0, -1);
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;

		if (!t || t->sheet || (i && item_at(bl, i - 1)))
			continue;
		/* a table narrower than the sheet: its last column spans the rest, so fit the others only */
		widen(t, sz->width, t->ncols < SUM_COLS ? t->ncols - 1 : SUM_COLS, 20, 0, -1);
	}
}

/*
 * The summary sheet: title, paragraphs merged across the width and
 * wrapped, the tables; the items as one table of a row each (their
 * figures are on their 台账 sheets), under the legend of 状态.
 */
static void summary_sheet(struct fmt_cache *fc, const struct bulletin *bl, lxw_worksheet *ws)
{
	struct sheet_size sz = { 0 };
	struct bl_table items;
	struct item_row *ir;
	lxw_row_t row = 2;
	size_t i, c;
	int legend = 0, listed = 0, lines;

	item_table(bl, &items, &ir);
	summary_widths(bl, &items, &sz);
	for (c = 0; c < SUM_COLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, sz.width[c], NULL);
	title_rows(fc, ws, bl->title, bl->subtitle, &sz);
	for (i = 0; i < bl->n; i++) {
		const struct bl_block *b = &bl->b[i];
		const struct bl_table *t = b->table;

		if ((t && t->sheet) || (i && item_at(bl, i - 1)))
			continue;
		if (item_at(bl, i)) {
			if (listed++)
				continue;
			t = &items;
		}
		/* the legend once, before the first table that has 状态 (the items') */
		if (!legend && (t == &items || (t && t->colour_col >= 0))) {
			legend = 1;
			row += legend_rows(fc, ws, bl, row, &sz);
		}
		if (t) {
			write_table(fc, ws, row, t, &sz, -1);
			row += (lxw_row_t)t->nrows + 1;
			row_height(ws, row++, ROW_PT, &sz);   /* a blank row after */
			continue;
		}
		if (b->level) {
			worksheet_write_string(ws, row, 0, b->text, fc->heading);
			row_height(ws, row++, ROW_PT, &sz);
			continue;
		}
		worksheet_merge_range(ws, row, 0, row, SUM_COLS - 1, b->text, fc->para);
		/* a paragraph's lines at LibreOffice's full 13 pt, a tenth of the width lost to the breaks */
		lines = lines_in(b->text, span_width(&sz, 0, SUM_COLS - 1) / 1.1);
		row_height(ws, row++, lines > 1 ? 13.0 * lines : ROW_PT, &sz);
	}
	worksheet_freeze_panes(ws, 2, 0);
	page_setup(ws, 0, 1, &sz);
	free(items.cell);
	free(ir);
}

int bulletin_xlsx(const struct bulletin *bl, const char *path, struct ms_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	struct fmt_cache *fc;
	lxw_worksheet *sum;
	lxw_error e;
	size_t i;

	if (!wb)
		return ms_err_set(err, "%s: cannot create the workbook", path);
	fc = malloc(sizeof(*fc));
	if (!fc)
		abort();
	fmt_init(fc, wb);
	/* a snapshot's name that Excel refuses ("[", 32 characters …): the summary is 通报 then */
	if (!bl->summary_sheet[0] || workbook_validate_sheet_name(wb, bl->summary_sheet) != LXW_NO_ERROR ||
	    !(sum = workbook_add_worksheet(wb, bl->summary_sheet)))
		sum = workbook_add_worksheet(wb, "通报");
	if (!sum) {
		free(fc);
		workbook_close(wb);
		return ms_err_set(err, "%s: cannot add the summary sheet", path);
	}
	summary_sheet(fc, bl, sum);
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;
		lxw_worksheet *ws;
		char name[32];

		if (!t || !t->sheet)
			continue;
		ledger_sheet_name(bl, t, name, sizeof(name));
		if (workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR ||
		    !(ws = workbook_add_worksheet(wb, name)))   /* a name Excel refuses, or one taken */
			continue;
		ledger_sheet(fc, bl, ws, t);
	}
	free(fc);
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return ms_err_set(err, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
	return 0;
}
