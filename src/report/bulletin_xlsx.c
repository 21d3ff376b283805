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
#define SUM_COLS 8          /* the summary sheet's width: its widest table */

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
	format_set_font_size(fc->title, 16);
	format_set_align(fc->title, LXW_ALIGN_CENTER);
	format_set_align(fc->title, LXW_ALIGN_VERTICAL_CENTER);
	fc->subtitle = workbook_add_format(wb);
	format_set_align(fc->subtitle, LXW_ALIGN_CENTER);
	fc->head = workbook_add_format(wb);
	format_set_bold(fc->head);
	format_set_bg_color(fc->head, 0xF2F2F2);
	format_set_border(fc->head, LXW_BORDER_THIN);
	format_set_text_wrap(fc->head);
	format_set_align(fc->head, LXW_ALIGN_CENTER);
	format_set_align(fc->head, LXW_ALIGN_VERTICAL_CENTER);
	fc->para = workbook_add_format(wb);
	format_set_text_wrap(fc->para);
	format_set_align(fc->para, LXW_ALIGN_VERTICAL_TOP);
	fc->heading = workbook_add_format(wb);
	format_set_bold(fc->heading);
}

/* Display width: a CJK (or any multi-byte) character counts as two. */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if ((unsigned char)*s < 0x80)
			w++;
		else if (((unsigned char)*s & 0xC0) == 0xC0)
			w += 2;
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
 * The lines a text takes in a column of width w: as LibreOffice prints
 * it, a CJK character is about 1.6 units wide (fit_widths allows 2); a line
 * broken before punctuation it may not begin with leaves room unused, so a
 * text of three lines or more gets one line more.
 */
static int lines_in(const char *s, double w)
{
	double tw = 0, room = w > 2 ? w - 0.5 : 1.5;
	int n;

	for (; *s; s++)
		if ((unsigned char)*s < 0x80)
			tw += 1;
		else if (((unsigned char)*s & 0xC0) == 0xC0)
			tw += 1.6;
	n = (int)(tw / room);

	if (tw > room * n)
		n++;
	return n < 1 ? 1 : n > 2 ? n + 1 : n;
}

/* Writes table t at row `at` of ws: its header and rows, figures as numbers. */
static void write_table(struct fmt_cache *fc, lxw_worksheet *ws, lxw_row_t at, const struct bl_table *t,
			const double *width)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		worksheet_write_string(ws, at, (lxw_col_t)c, t->cell[c], fc->head);
	for (r = 1; r <= t->nrows; r++) {
		int bold = total_row(t, r), lines = 1;

		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cell[r * t->ncols + c];
			char kind = c < sizeof(t->kind) ? t->kind[c] : 0, num[64];
			int fill = (int)c == t->colour_col ? bl_colour_index(s) : -1;
			double v;

			if (parse_figure(s, kind, &v, num, sizeof(num)))
				worksheet_write_number(ws, at + (lxw_row_t)r, (lxw_col_t)c, v,
						       fmt_get(fc, bold, fill, num, 0));
			else {
				int n = lines_in(s, width[c]);

				worksheet_write_string(ws, at + (lxw_row_t)r, (lxw_col_t)c, s,
						       fmt_get(fc, bold, fill, "", n > 1));
				lines = n > lines ? n : lines;
			}
		}
		/* a spreadsheet does not grow a row for its wrapped text when it opens the file: say how tall */
		if (lines > 1)
			worksheet_set_row(ws, at + (lxw_row_t)r, 16.0 * lines, NULL);
	}
}

/*
 * Widths fitted to the text of the tables on one sheet (sheet number
 * `sheet`), 6 and up: a figure keeps its width (it cannot wrap), a text
 * column stops at 20 (the first and the last, names and notes, at 30) and
 * wraps, so that the sheet prints one page wide at a readable size.
 */
static void fit_widths(const struct bulletin *bl, int sheet, const struct bl_table *only, double *width,
		       size_t nw)
{
	size_t i, r, c;
	double cap;

	for (c = 0; c < nw; c++)
		width[c] = 6;
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;

		if (!t || (only ? t != only : t->sheet != sheet))
			continue;
		for (r = 0; r <= t->nrows; r++)
			for (c = 0; c < t->ncols && c < nw; c++) {
				double w = (double)text_width(t->cell[r * t->ncols + c]) + 2, v;
				char num[64];

				if (!r && w > 14)   /* a long heading wraps */
					w = 14;
				cap = c == 0 || (only && c + 1 == t->ncols) ? 30 : 20;
				if (r && c < sizeof(t->kind) && parse_figure(t->cell[r * t->ncols + c], t->kind[c], &v, num,
									    sizeof(num)))
					cap = 48;
				if (w > cap)
					w = cap;
				if (w > width[c])
					width[c] = w;
			}
	}
}

/* A4 landscape, one page wide, the header rows on every page, page numbers, binding margins. */
static void page_setup(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
	lxw_header_footer_options hf = { .margin = 0.3 };

	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, first, last);
	worksheet_set_footer_opt(ws, "&C第 &P 页 共 &N 页", &hf);
	worksheet_set_margins(ws, 0.9, 0.5, 0.6, 0.7);
	worksheet_center_horizontally(ws);
}

/* The merged title and subtitle across ncols columns. */
static void title_rows(struct fmt_cache *fc, lxw_worksheet *ws, size_t ncols, const char *title,
		       const char *subtitle)
{
	lxw_col_t last = (lxw_col_t)(ncols ? ncols - 1 : 0);

	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_merge_range(ws, 0, 0, 0, last, title, fc->title);
	worksheet_merge_range(ws, 1, 0, 1, last, subtitle ? subtitle : "", fc->subtitle);
}

/*
 * The legend of 状态 (bl->legend: "状态：完成 已达…；绿 …") from row `at`: a
 * caption in column col, then a row per colour, its word filled as in the
 * tables and its meaning merged across col + 1 .. last. The rows used.
 */
static lxw_row_t legend_rows(struct fmt_cache *fc, lxw_worksheet *ws, const struct bulletin *bl, lxw_row_t at,
			     lxw_col_t col, lxw_col_t last)
{
	const char *s = bl->legend, *end;
	char word[32], text[256];
	lxw_row_t r = at;

	if (!s || !*s || last <= col)
		return 0;
	if (!strncmp(s, "状态：", strlen("状态：")))
		s += strlen("状态：");
	worksheet_write_string(ws, r++, col, "状态图例", fc->heading);
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
		worksheet_write_string(ws, r, col, word, fmt_get(fc, 0, bl_colour_index(word), "", 0));
		worksheet_merge_range(ws, r, col + 1, r, last, text, fmt_get(fc, 0, -1, "", 0));
		r++;
	}
	return r - at;
}

static void ledger_sheet(struct fmt_cache *fc, const struct bulletin *bl, lxw_worksheet *ws,
			 const struct bl_table *t)
{
	double width[64];
	size_t c, nw = t->ncols < 64 ? t->ncols : 64;

	fit_widths(bl, t->sheet, t, width, nw);
	for (c = 0; c < nw; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
	title_rows(fc, ws, t->ncols, t->caption, bl->subtitle);
	worksheet_set_row(ws, 2, 30, NULL);
	write_table(fc, ws, 2, t, width);
	if (t->colour_col >= 0 && (size_t)t->colour_col + 1 < t->ncols)   /* the legend under the 状态 column */
		legend_rows(fc, ws, bl, (lxw_row_t)(2 + t->nrows + 2), (lxw_col_t)t->colour_col,
			    (lxw_col_t)(t->ncols - 1));
	worksheet_freeze_panes(ws, 3, 0);
	page_setup(ws, 2, 2);
	worksheet_autofilter(ws, 2, 0, (lxw_row_t)(2 + t->nrows), (lxw_col_t)(t->ncols - 1));
}

static lxw_worksheet *ledger_sheet_add(lxw_workbook *wb, const struct bulletin *bl, const struct bl_table *t)
{
	char name[32];

	if (t->sheet < 16 && bl->sheet_name[t->sheet][0])
		snprintf(name, sizeof(name), "%.31s", bl->sheet_name[t->sheet]);
	else
		snprintf(name, sizeof(name), "台账%d", t->sheet);
	return workbook_add_worksheet(wb, name);   /* NULL: a name Excel refuses, or one taken */
}

/* The summary sheet: title, paragraphs merged across the width and wrapped, the tables. */
static void summary_sheet(struct fmt_cache *fc, const struct bulletin *bl, lxw_worksheet *ws)
{
	double width[SUM_COLS], total = 0;
	lxw_row_t row = 3;
	const struct bl_table *nt;
	size_t i, c;
	int legend = 0;

	fit_widths(bl, 0, NULL, width, SUM_COLS);
	for (c = 0; c < SUM_COLS; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
		total += width[c];
	}
	title_rows(fc, ws, SUM_COLS, bl->title, bl->subtitle);
	for (i = 0; i < bl->n; i++) {
		const struct bl_block *b = &bl->b[i];
		const struct bl_table *t = b->table;

		if (t && t->sheet)
			continue;
		/* the legend once, before the first table that has 状态 (before its heading, when it has one) */
		nt = t ? t : b->level && i + 1 < bl->n ? bl->b[i + 1].table : NULL;
		if (nt && !nt->sheet && !legend && nt->colour_col >= 0 && !strcmp(nt->cell[nt->colour_col], "状态")) {
			legend = 1;
			row += legend_rows(fc, ws, bl, row, 0, (lxw_col_t)(nt->ncols - 1)) + 1;
		}
		if (t) {
			worksheet_set_row(ws, row, 30, NULL);
			write_table(fc, ws, row, t, width);
			row += (lxw_row_t)t->nrows + 2;
			continue;
		}
		if (b->level) {
			worksheet_write_string(ws, row++, 0, b->text, fc->heading);
			continue;
		}
		worksheet_merge_range(ws, row, 0, row, SUM_COLS - 1, b->text, fc->para);
		worksheet_set_row(ws, row++, 15.0 * (1 + (int)((double)text_width(b->text) * 1.1 / total)), NULL);
	}
	worksheet_freeze_panes(ws, 2, 0);
	page_setup(ws, 0, 1);
}

int bulletin_xlsx(const struct bulletin *bl, const char *path, struct ms_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	struct fmt_cache *fc;
	lxw_error e;
	size_t i;

	if (!wb)
		return ms_err_set(err, "%s: cannot create the workbook", path);
	fc = malloc(sizeof(*fc));
	if (!fc)
		abort();
	fmt_init(fc, wb);
	summary_sheet(fc, bl, workbook_add_worksheet(wb, bl->summary_sheet[0] ? bl->summary_sheet : "通报"));
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;
		lxw_worksheet *ws;

		if (!t || !t->sheet || !(ws = ledger_sheet_add(wb, bl, t)))
			continue;
		ledger_sheet(fc, bl, ws, t);
	}
	free(fc);
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return ms_err_set(err, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
	return 0;
}
