/*
 * bulletin.h - the 通报 after a reporting round, built once as a small
 * document model (title, paragraphs, tables) and written by one renderer
 * per format: Markdown, HTML (with server-drawn SVG bars), CSV and XLSX
 * (a summary sheet plus one 台账 sheet per item).
 */
#ifndef MS_BULLETIN_H
#define MS_BULLETIN_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/date.h"
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
	char kind[65];            /* XLSX: per column, 'i' integers (序号, counts, ranks), 'p' rates
				     ("45.2%"), 'v' figures with their unit ("53.71亿元", "120台"),
				     written as numbers with a number format; 0 or 't' text.
				     Cells that do not parse ("—", "定性") stay text. A row whose
				     first cells read 合计 is bold. */
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
	/* the 公文's parts (GB/T 9704) for the HTML; NULL when unknown (an old snapshot) */
	char *issuer;             /* 发文机关, e.g. 省民生实事工程实施领导小组办公室 */
	char *number;             /* 文号 of an issued bulletin; NULL for a draft */
	char *date;               /* 成文日期 of an issued bulletin, YYYY-MM-DD */
	char *to;                 /* 主送机关 */
	char *cc;                 /* 抄送机关 */
	char *contact;            /* 附注: 联系人：… 电话：… */
	char *legend;             /* what the colours of 状态 mean, under the tables that have them */
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

/* A heading or paragraph as bl_text, placed before block `at` (at >= bl->n: at the end). */
void bl_text_at(struct bulletin *bl, size_t at, int level, const char *s);

int bulletin_md(const struct bulletin *bl, struct ms_buf *out);
/*
 * The 通报 as a 公文 (bulletin_html.c), shaped by GB/T 9704: the red 发文机关标志,
 * 文号 (or 草稿), 标题, 主送, 正文 with its tables, 附件说明, 署名, 成文日期, 附注
 * (联系人), each item's 台账 as a 附件 on its own landscape pages, and the 版记
 * (抄送, 印发); a print stylesheet (@page A4, 37 mm top and 28 mm binding
 * margins, page numbers "— N —"). On a screen it is a page that reads on a phone.
 */
int bulletin_html(const struct bulletin *bl, struct ms_buf *out);
/* Sets one of the 公文's parts (field NULL to clear); strings are copied. */
void bl_set(char **field, const char *s);
int bulletin_csv(const struct bulletin *bl, struct ms_buf *out);
/* Writes an .xlsx file at path (libxlsxwriter). */
int bulletin_xlsx(const struct bulletin *bl, const char *path, struct ms_err *err);
/* A column's kinds from a string ("iv" → column 0 'i', 1 'v'), the rest text. */
void bl_kinds(struct bl_table *t, const char *kinds);
/* 完成 绿 黄 红, and the grades 优秀 良好 合格 不合格: 0-3; -1 for anything else. */
int bl_colour_index(const char *s);

/*
 * Renders bl in fmt ("md", "html", "csv", "xlsx") into out: the one choice
 * of renderer for the command line and the web. xlsx goes through a
 * temporary file and comes back as its bytes. -1 with err.
 */
int bulletin_render(const struct bulletin *bl, const char *fmt, struct ms_buf *out, struct ms_err *err);

/* ---------- the document as JSON (bulletin_json.c) ---------- */

/*
 * The model as JSON: format "minsheng.bulletin/1", title, subtitle, demo,
 * the sheet names, and the blocks in order (a heading or paragraph
 * {level, text}, or {table: {caption, sheet, bar_col, colour_col, figures, kinds, head,
 * rows}}). NULL only when a string is not UTF-8. The caller owns it.
 */
json_t *bulletin_json(const struct bulletin *bl);
/*
 * The model back from that JSON (bl is set up here; free it with
 * bulletin_free even after a failure). Every field is checked: a wrong
 * one is -1 with err naming it, never a crash. Rendering the model read
 * back gives the same bytes as rendering the one that was written.
 */
int bulletin_from_json(struct bulletin *bl, const json_t *doc, struct ms_err *err);
int bulletin_from_text(struct bulletin *bl, const char *text, size_t len, struct ms_err *err);

/* ---------- issued bulletins (issued.c) ---------- */

struct bulletin_issue_in {
	const char *round;      /* the round's due date */
	ms_day as_of;           /* used when as_of_given; else the due date + 7 */
	int as_of_given;
	const char *number;     /* 文号, e.g. 赣民实办〔2023〕1号: unique in the plan; NULL the next (below) */
	int64_t corrects;       /* the id of the issued bulletin this corrects, 0 none */
	const char *to, *cc;    /* 主送, 抄送 for this one; NULL: the settings bulletin.to / bulletin.cc */
};

/*
 * Issues the bulletin of a round of l's plan: builds it exactly as the
 * live one (progress as of the day), adds its 文号 and 成文日期 (today,
 * China) and, for a correction, the line naming the one it corrects, and
 * stores the document (immutable) with its journal row, in one
 * transaction. *id the new bulletin's number. Refused: an empty or
 * over-long number (field "number"), a number the plan already used
 * (conflict, "number"), an unknown round ("round"), an unknown bulletin or
 * one of another plan to correct ("corrects"), or one already corrected
 * (conflict, "corrects").
 */
int bulletin_issue(struct ledger *l, const struct bulletin_issue_in *in, int64_t *id, struct ms_err *err);

/*
 * The next 文号 of the year (China): the setting bulletin.prefix (else
 * BULLETIN_PREFIX), 〔year〕, N号 with N one more than the plan's
 * bulletins numbered so that year, past any number already taken. What
 * bulletin_issue gives a bulletin issued without a number.
 */
#define BULLETIN_PREFIX "赣民实办"
/* 主送 and 抄送 when the settings bulletin.to and bulletin.cc are not set */
#define BULLETIN_TO_DEFAULT "各设区市人民政府，省直有关单位"
#define BULLETIN_CC_DEFAULT "省民生实事工程实施领导小组成员单位"
int bulletin_next_number(struct ledger *l, char *out, size_t sz, struct ms_err *err);

/*
 * Issued bulletin id: its row and its document read back from the stored
 * snapshot (bl set up here; free with bulletin_free after a 0). When a
 * later bulletin corrects it, the document opens with a note saying so.
 * -1 with err: not found (MS_E_NOTFOUND, field "id"), or a damaged snapshot.
 */
int bulletin_issued_load(struct store *st, int64_t id, struct store_bulletin *row, struct bulletin *bl,
			 struct ms_err *err);

#endif
