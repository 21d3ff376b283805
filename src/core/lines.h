/*
 * lines.h - a fast reader of one-record-per-line CSV, for payroll files of
 * millions of rows where the record must also be passed through verbatim.
 *
 * Unlike csv.h's reader, a record here never spans lines (a quoted field
 * holding a newline is an error: payroll rows are single lines), and the
 * line's bytes stay intact, so a caller can copy the input line to its
 * output and append computed columns. Reads go through a fixed buffer
 * (max_line + 1 MiB), so memory is flat in the input size.
 */
#ifndef MS_LINES_H
#define MS_LINES_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct ms_lines;

/* Opens a reader on fd (not closed by it); name is for errors; max_line 0: 1 MiB. */
struct ms_lines *ms_lines_open(int fd, const char *name, size_t max_line);
void ms_lines_free(struct ms_lines *l);

/*
 * The next line without its LF or CRLF: 1 with *line, *len (valid until the
 * next call), 0 at the end, -1 on error ("name:line: line longer than N
 * bytes", a read error). NUL bytes are the splitter's to refuse. A UTF-8 BOM at the start is skipped
 * and remembered (ms_lines_had_bom). Blank lines are returned as len 0.
 */
int ms_lines_next(struct ms_lines *l, const char **line, size_t *len, struct ms_err *err);

/*
 * Block reading, for a consumer that splits the lines itself (in parallel):
 * after the header has been read with ms_lines_next, reads about want bytes
 * (more when no line ends there: up to cap, which must be > max_line + 4)
 * into buf, and gives the block up to and including its last LF; the bytes
 * after it are kept for the next block. At the end of
 * the input the block ends with the last line, LF or not. 1 with *len, 0 at
 * the end, -1 on a read error. *cut is set when the block is full and holds
 * no LF at all: its line is longer than max_line. Line numbers are the
 * consumer's to count (ms_lines_lineno stays at the last ms_lines_next).
 */
int ms_lines_block(struct ms_lines *l, char *buf, size_t cap, size_t want, size_t *len, int *cut,
		   struct ms_err *err);

/* The 1-based number of the line last returned. */
long ms_lines_lineno(const struct ms_lines *l);
/* Bytes consumed so far (for progress). */
unsigned long long ms_lines_offset(const struct ms_lines *l);
int ms_lines_had_bom(const struct ms_lines *l);
const char *ms_lines_name(const struct ms_lines *l);

/* One line's fields: pointers into the line, or into `scratch` for unescaped quoted fields. */
struct ms_fields {
	size_t n, cap;
	const char **p;
	size_t *len;
	char *scratch;
	size_t scratch_cap;
};

#define MS_FIELDS_INIT { 0, 0, NULL, NULL, NULL, 0 }

/*
 * Splits one line at commas, RFC 4180 quotes allowed within the line
 * ("a ""b""",c). At most max_fields fields. Errors give the 1-based column:
 * "column 12: unterminated quoted field (a quoted field may not span lines)",
 * "column 5: text after a closing quote", "column 3: a NUL byte". Invalid UTF-8 is an error when
 * check_utf8 is set ("column 7: invalid UTF-8").
 */
int ms_fields_split(struct ms_fields *f, const char *line, size_t len, size_t max_fields,
		    int check_utf8, struct ms_err *err);
void ms_fields_release(struct ms_fields *f);

#endif
