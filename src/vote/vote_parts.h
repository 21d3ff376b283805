/*
 * vote_parts.h - what the vote's files share among themselves; not for
 * other modules.
 */
#ifndef MS_VOTE_PARTS_H
#define MS_VOTE_PARTS_H

#include <stdint.h>

#include "core/err.h"

struct store;

/* 1 when s is one of the NULL-terminated words t. */
int vote_word_in(const char *const *t, const char *s);
/* A government: a 6-digit region code, a level 省/市/县/乡, a year; 0 or -1 with err. */
int vote_gov_check(const char *region, const char *level, int64_t year, struct ms_err *err);
/* Today in China, YYYY-MM-DD. */
void vote_today(char day[16]);
/* A proposal's status, region and year; -1 with err (MS_E_NOTFOUND). */
int vote_proposal_find(struct store *st, int64_t id, char status[16], char region[32], int64_t *year,
		       struct ms_err *err);
/* The session as vote.h's struct (candidates included): 0, or -1 with err (MS_E_NOTFOUND). */
struct vote_session;
int vote_session_load(struct store *st, int64_t id, struct vote_session *s, struct ms_err *err);

/*
 * rows.c: an imported table's rows, CSV or .xlsx (the first sheet; a zip's
 * "PK" tells), as CSV rows (fields valid until the next call). open: NULL
 * with err when the .xlsx cannot be read. where: the place of a row (col <
 * 0) or a cell (col 0-based) — "FILE:LINE", or "FILE 工作表“S”第 N 行 C 列（C5）".
 */
#include <stddef.h>
#include "core/buf.h"
#include "core/csv.h"
struct vote_rows;
int vote_rows_is_xlsx(const void *data, size_t len);
struct vote_rows *vote_rows_open(const char *name, const void *data, size_t len, size_t max_record,
				 struct ms_err *err);
int vote_rows_next(struct vote_rows *r, struct ms_csv_row *row, struct ms_err *err);
void vote_rows_where(const struct vote_rows *r, long line, int col, struct ms_buf *out);
void vote_rows_free(struct vote_rows *r);
/* 1 when r reads an .xlsx. */
int vote_rows_xlsx(const struct vote_rows *r);
/* A file into b (up to b's cap); -1 with err in Chinese naming the path. */
int vote_file_read(const char *path, struct ms_buf *b, struct ms_err *err);

#endif
