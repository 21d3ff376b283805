/*
 * table.h - plain-text tables for the terminal, padded by display width so
 * Chinese (two columns a character) lines up. The first row is the header.
 */
#ifndef MS_TABLE_H
#define MS_TABLE_H

#include <stddef.h>

#include "buf.h"

struct ms_table;

/* A table of ncols columns (1..64). */
struct ms_table *ms_table_new(size_t ncols);
void ms_table_free(struct ms_table *t);

/* Adds the next cell, left to right, top to bottom (copied; NULL is ""). */
void ms_table_add(struct ms_table *t, const char *cell);
void ms_table_addf(struct ms_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Right-aligns a column (numbers). */
void ms_table_align_right(struct ms_table *t, size_t col);

/* Appends the table: header, a rule of '─', the rows; columns two spaces apart. */
int ms_table_render(const struct ms_table *t, struct ms_buf *out);

#endif
