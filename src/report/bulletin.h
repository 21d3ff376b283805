/*
 * bulletin.h - the 通报 after a reporting round, built once as a small
 * document model (title, paragraphs, tables) and written by one renderer
 * per format: Markdown, HTML (with server-drawn SVG bars), CSV and XLSX
 * (a summary sheet plus one 台账 sheet per item).
 */
#ifndef MS_BULLETIN_H
#define MS_BULLETIN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "ledger/progress.h"
#include "store/store.h"

struct bl_table {
	char *caption;
	size_t ncols, nrows;      /* rows exclude the header */
	char **cell;              /* (nrows + 1) * ncols, row-major, header first */
	int bar_col;              /* a percentage column to draw as bars (HTML), -1 none */
	int colour_col;           /* a 完成/绿/黄/红 column to colour, -1 none */
	int sheet;                /* XLSX: 0 the summary sheet, else the item number */
	unsigned figures;         /* CSV: bit c set when column c holds computed figures, written
				     as they are; every other cell is text, its formula prefix
				     neutralised (ms_csv_put_text) */
};

struct bl_block {
	int level;                /* 0 paragraph, 1 section heading, 2 sub-heading */
	char *text;
	struct bl_table *table;   /* instead of text, when not NULL */
};

struct bulletin {
	char *title, *subtitle;
	int demo;
	struct bl_block *b;
	size_t n;
	char sheet_name[16][64];  /* XLSX: a table's own sheet (by its `sheet` number), "" for 台账N */
	char summary_sheet[32];   /* XLSX: the first sheet's name, "" for 通报 */
};

/*
 * Building a document (the bulletin's, the evaluation's): a heading (level
 * 1, 2) or paragraph (0); a table with its header, on the summary sheet
 * (sheet 0) or its own; a row of ncols cells. Strings are copied.
 */
void bl_text(struct bulletin *bl, int level, const char *s);
struct bl_table *bl_table(struct bulletin *bl, const char *caption, size_t ncols,
			  const char *const *head, int sheet);
void bl_row(struct bl_table *t, const char *const *cells);

/* Builds the bulletin of the round due on `round` from progress computed as of a day. */
int bulletin_build(struct bulletin *bl, struct store *st, const struct ledger *l,
		   const struct progress *p, const char *round, struct ms_err *err);
void bulletin_free(struct bulletin *bl);

int bulletin_md(const struct bulletin *bl, struct ms_buf *out);
int bulletin_html(const struct bulletin *bl, struct ms_buf *out);
int bulletin_csv(const struct bulletin *bl, struct ms_buf *out);
/* Writes an .xlsx file at path (libxlsxwriter). */
int bulletin_xlsx(const struct bulletin *bl, const char *path, struct ms_err *err);

#endif
