/*
 * csv.h - a streaming RFC 4180 CSV reader and the matching field writer.
 *
 * The reader holds one record at a time in its own buffer; the fields it
 * hands out point into that buffer and stay valid until the next call.
 * Memory is bounded by the longest record (capped by max_record). Errors
 * name "file:line:column: reason" (line and column 1-based, column in
 * bytes). A UTF-8 BOM at the start is skipped. CRLF and LF both end rows.
 */
#ifndef MS_CSV_H
#define MS_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"

struct ms_csv;

struct ms_csv_opts {
	size_t max_record;      /* bytes in one record; 0: 1 MiB */
	size_t max_fields;      /* fields in one record; 0: 4096 */
	int allow_multiline;    /* 1: a quoted field may hold newlines; 0: error */
	int check_utf8;         /* 1: invalid UTF-8 in a field is an error */
};

struct ms_csv_row {
	size_t n;               /* number of fields */
	const char **field;     /* field[i] is NUL-terminated, unquoted */
	const size_t *len;      /* len[i] bytes in field[i] */
	long line;              /* line on which the record starts */
};

/* Opens a reader on f (not closed by the reader); name is used in errors. opts may be NULL. */
struct ms_csv *ms_csv_open(FILE *f, const char *name, const struct ms_csv_opts *opts);
void ms_csv_free(struct ms_csv *c);

/*
 * Reads the next record: 1 and *row filled, 0 at end of input, -1 on error.
 * Blank lines are skipped. Errors are final: later calls return -1 again
 * with the same message.
 */
int ms_csv_next(struct ms_csv *c, struct ms_csv_row *row, struct ms_err *err);

/* Name given at open, for callers building their own messages. */
const char *ms_csv_name(const struct ms_csv *c);

/*
 * Appends one field, quoted only when it holds , " CR or LF (or starts/ends
 * with space, or starts with U+FEFF, which would read back as a BOM).
 * Returns 0, or -1 (b unchanged) past b's cap. A record of one empty field
 * must be written as "" by the caller: an empty line is skipped on reading.
 */
int ms_csv_put_field(struct ms_buf *b, const char *s, size_t len);

/*
 * 1 when a text cell would be read by a spreadsheet as a formula: it begins
 * with = + - @ TAB or CR (OWASP's CSV injection list); 0 otherwise.
 */
int ms_csv_formula_risk(const char *s, size_t len);

/*
 * Appends a TEXT field (a name, a narrative): as ms_csv_put_field, with a
 * leading ' when ms_csv_formula_risk (Excel shows the text, runs nothing).
 * Figures the program computed ("-5", "+3%") go through ms_csv_put_field.
 */
int ms_csv_put_text(struct ms_buf *b, const char *s, size_t len);

#endif
