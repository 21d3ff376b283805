/*
 * rows.c - the rows of an imported table, CSV or .xlsx alike (proposals and
 * deputies): an .xlsx (a zip, "PK\3\4") is read by report/xlsx_read, its
 * first sheet's rows handed out as CSV rows are; an error's place is the
 * file and line for CSV, the sheet, row and column for .xlsx.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* fmemopen */
#endif
#include "vote_parts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/text.h"
#include "report/xlsx_read.h"
#include "core/banned.h"

#define ROWS_MAX_COLS 64

struct vote_rows {
	const char *name;
	FILE *f;                      /* CSV */
	struct ms_csv *csv;
	struct xlsx_sheet sheet;      /* xlsx */
	int xlsx;
	size_t at;                    /* the next cell of the sheet */
	const char *field[ROWS_MAX_COLS];
	size_t len[ROWS_MAX_COLS];
};

int vote_rows_is_xlsx(const void *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\003\004", 4);
}

/* Cells by row, then column: a sheet's rows need not come in order in the file. */
static int cell_cmp(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

struct vote_rows *vote_rows_open(const char *name, const void *data, size_t len, size_t max_record,
				 struct ms_err *err)
{
	struct ms_csv_opts o = { max_record, ROWS_MAX_COLS, 1, 1 };
	struct vote_rows *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->name = name;
	if (vote_rows_is_xlsx(data, len)) {
		r->xlsx = 1;
		if (xlsx_read(data, len, &r->sheet, err)) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			ms_err_set(err, "%s: %s", name, msg);
			vote_rows_free(r);
			return NULL;
		}
		if (r->sheet.n > 1)
			qsort(r->sheet.cell, r->sheet.n, sizeof(r->sheet.cell[0]), cell_cmp);
		return r;
	}
	/* fmemopen refuses a size of 0: an empty file reads as one newline (no rows) */
	r->f = len ? fmemopen((void *)data, len, "rb") : fmemopen((void *)"\n", 1, "rb");
	if (!r->f)
		abort();
	r->csv = ms_csv_open(r->f, name, &o);
	return r;
}

void vote_rows_free(struct vote_rows *r)
{
	if (!r)
		return;
	if (r->csv)
		ms_csv_free(r->csv);
	if (r->f)
		fclose(r->f);
	if (r->xlsx)
		xlsx_sheet_release(&r->sheet);
	free(r);
}

/* The next sheet row with a cell that is not empty, as a CSV row (cells past ROWS_MAX_COLS refused). */
static int sheet_next(struct vote_rows *r, struct ms_csv_row *row, struct ms_err *err)
{
	const struct xlsx_sheet *s = &r->sheet;
	uint32_t line;
	size_t n, k;
	int any;

	while (r->at < s->n) {
		line = s->cell[r->at].row;
		n = 0;
		any = 0;
		for (; r->at < s->n && s->cell[r->at].row == line; r->at++) {
			const struct xlsx_cell *c = &s->cell[r->at];

			if (!c->col)
				continue;
			if (c->col > ROWS_MAX_COLS) {
				char ref[16];

				xlsx_ref(ref, sizeof(ref), c->row, c->col);
				return ms_err_set(err, "%s 工作表“%s”%s：最多 %d 列 (too many columns)", r->name, s->name, ref,
						  ROWS_MAX_COLS);
			}
			for (k = n; k < c->col; k++) {
				r->field[k] = "";
				r->len[k] = 0;
			}
			r->field[c->col - 1] = c->text;
			r->len[c->col - 1] = strlen(c->text);
			n = n > c->col ? n : c->col;
			any |= *c->text != '\0';
		}
		if (!any)
			continue;
		row->n = n;
		row->field = r->field;
		row->len = r->len;
		row->line = (long)line;
		return 1;
	}
	return 0;
}

int vote_rows_xlsx(const struct vote_rows *r)
{
	return r && r->xlsx;
}

int vote_file_read(const char *path, struct ms_buf *b, struct ms_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return ms_err_set(err, "%s: 无法打开：%s (cannot open)", path, strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (ms_buf_add(b, chunk, n) < 0)
			rc = ms_err_set(err, "%s: 文件过大（最多 %zu MiB） (file too large)", path, b->cap >> 20);
	if (!rc && ferror(f))
		rc = ms_err_set(err, "%s: 读取出错：%s (read error)", path, strerror(errno));
	fclose(f);
	return rc;
}

int vote_rows_next(struct vote_rows *r, struct ms_csv_row *row, struct ms_err *err)
{
	return r->xlsx ? sheet_next(r, row, err) : ms_csv_next(r->csv, row, err);
}

void vote_rows_where(const struct vote_rows *r, long line, int col, struct ms_buf *out)
{
	char ref[16];

	if (!r->xlsx) {
		ms_buf_addf(out, "%s:%ld", r->name, line);
		return;
	}
	if (col < 0) {
		ms_buf_addf(out, "%s 工作表“%s”第 %ld 行", r->name, r->sheet.name, line);
		return;
	}
	xlsx_ref(ref, sizeof(ref), (uint32_t)line, (uint32_t)col + 1);
	ms_buf_addf(out, "%s 工作表“%s”第 %ld 行 %.*s 列（%s）", r->name, r->sheet.name, line,
		    (int)strcspn(ref, "0123456789"), ref, ref);
}
