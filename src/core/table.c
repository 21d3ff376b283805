/*
 * table.c - terminal tables padded by display width (see table.h).
 */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "banned.h"

struct ms_table {
	size_t ncols;
	char **cell;
	size_t n, alloc;
	unsigned char right[64];
};

struct ms_table *ms_table_new(size_t ncols)
{
	struct ms_table *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	t->ncols = ncols < 1 ? 1 : ncols > 64 ? 64 : ncols;
	return t;
}

void ms_table_free(struct ms_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t);
}

void ms_table_add(struct ms_table *t, const char *cell)
{
	if (t->n == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 64;
		char **nc = realloc(t->cell, na * sizeof(*nc));

		if (!nc)
			abort();
		t->cell = nc;
		t->alloc = na;
	}
	t->cell[t->n] = strdup(cell ? cell : "");
	if (!t->cell[t->n])
		abort();
	t->n++;
}

void ms_table_addf(struct ms_table *t, const char *fmt, ...)
{
	struct ms_buf b = MS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ms_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ms_table_add(t, b.buf);
	ms_buf_release(&b);
}

void ms_table_align_right(struct ms_table *t, size_t col)
{
	if (col < t->ncols)
		t->right[col] = 1;
}

static int pad(struct ms_buf *out, size_t n)
{
	while (n--)
		if (ms_buf_addch(out, ' ') < 0)
			return -1;
	return 0;
}

int ms_table_render(const struct ms_table *t, struct ms_buf *out)
{
	size_t width[64] = { 0 }, i, c, w, total = 0;

	for (i = 0; i < t->n; i++) {
		w = ms_text_width(t->cell[i], strlen(t->cell[i]));
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
	}
	for (c = 0; c < t->ncols; c++)
		total += width[c] + (c ? 2 : 0);
	for (i = 0; i < t->n; i++) {
		c = i % t->ncols;
		w = ms_text_width(t->cell[i], strlen(t->cell[i]));
		if (c && pad(out, 2) < 0)
			return -1;
		if (t->right[c] && pad(out, width[c] - w) < 0)
			return -1;
		if (ms_buf_adds(out, t->cell[i]) < 0)
			return -1;
		/* no trailing spaces after the last column */
		if (!t->right[c] && c + 1 < t->ncols && pad(out, width[c] - w) < 0)
			return -1;
		if (c + 1 == t->ncols || i + 1 == t->n) {
			if (ms_buf_addch(out, '\n') < 0)
				return -1;
			if (i + 1 == t->ncols) {
				for (w = 0; w < total; w++)
					if (ms_buf_adds(out, "─") < 0)
						return -1;
				if (ms_buf_addch(out, '\n') < 0)
					return -1;
			}
		}
	}
	return 0;
}
