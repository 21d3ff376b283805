/*
 * xlsx_read.h - the first worksheet of an .xlsx file as cells of text:
 * libzip opens the archive from memory, expat reads the workbook, its
 * relationships, the shared strings and the sheet. Untrusted bytes: entry
 * sizes, compression ratios, cells and strings are capped, DOCTYPEs refused.
 */
#ifndef MS_REPORT_XLSX_READ_H
#define MS_REPORT_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define XLSX_MAX_ENTRY ((size_t)64 << 20)   /* bytes of one part, uncompressed */
#define XLSX_MAX_RATIO 200                  /* uncompressed / compressed, for parts over 1 MiB */
#define XLSX_MAX_CELLS 200000
#define XLSX_MAX_STRINGS 200000
#define XLSX_MAX_TEXT 32767                 /* Excel's own limit of a cell's characters */
#define XLSX_MAX_ROW 1048576
#define XLSX_MAX_COL 16384

struct xlsx_cell {
	uint32_t row, col;            /* 1-based: A1 is 1, 1 */
	int numeric;                  /* a number cell (text: its value, as a plain decimal) */
	char *text;                   /* UTF-8, never NULL */
};

struct xlsx_sheet {
	char name[128];               /* the sheet's name as the workbook gives it */
	struct xlsx_cell *cell;       /* in the order of the file (rows ascending in Excel's files) */
	size_t n, cap;
	uint32_t max_row;
};

/*
 * Reads the workbook's first sheet from data (len bytes) into s, which the
 * caller releases with xlsx_sheet_release (also after a failure). A
 * number is given as a plain decimal ("340", "0.5", "1200000"), a boolean
 * as "TRUE"/"FALSE", a formula by its cached value. -1 with err in Chinese
 * and English: not a zip, a part missing or too large, XML not well-formed.
 */
int xlsx_read(const void *data, size_t len, struct xlsx_sheet *s, struct ms_err *err);
void xlsx_sheet_release(struct xlsx_sheet *s);
/* The text of the cell at row, col; NULL when the cell is absent. */
const char *xlsx_get(const struct xlsx_sheet *s, uint32_t row, uint32_t col);
/* "E7" for row 7, col 5 into out (at least 16 bytes). */
void xlsx_ref(char *out, size_t n, uint32_t row, uint32_t col);

#endif
