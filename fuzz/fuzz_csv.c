/*
 * fuzz_csv.c - libFuzzer target for the CSV reader: any bytes, both
 * multiline settings, a small max_record. Checks that field lengths match
 * their NUL terminators, that a plain byte-at-a-time reference parser (below)
 * accepts the same inputs and reads the same fields, and that rows written
 * back with ms_csv_put_field read back as the same fields.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* fmemopen, when built outside meson */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends a row to `flat`: its field count, then each length and bytes. */
static void flat_row(struct ms_buf *flat, size_t n)
{
	ms_buf_add(flat, &n, sizeof(n));
}

static void flat_field(struct ms_buf *flat, const char *s, size_t len)
{
	ms_buf_add(flat, &len, sizeof(len));
	ms_buf_add(flat, s, len);
}

/*
 * Reads every row of data. Each row goes to `flat` and, when `out` is not
 * NULL, is written as CSV to out. Returns 0 at a clean end, -1 on an error.
 */
static int read_all(const void *data, size_t size, const struct ms_csv_opts *o,
		    struct ms_buf *flat, struct ms_buf *out)
{
	static const char empty[1];
	struct ms_csv_row row;
	struct ms_err err;
	struct ms_csv *c;
	FILE *f;
	size_t i;
	int rc;

	/* glibc's fmemopen wants a buffer of at least one byte */
	f = fmemopen((void *)(size ? data : empty), size ? size : 1, "rb");
	if (!f)
		abort();
	if (!size)
		fgetc(f);
	c = ms_csv_open(f, "fuzz.csv", o);
	while ((rc = ms_csv_next(c, &row, &err)) == 1) {
		if (row.n == 0 || row.line < 1)
			abort();
		flat_row(flat, row.n);
		for (i = 0; i < row.n; i++) {
			if (row.field[i][row.len[i]] != '\0' || strlen(row.field[i]) != row.len[i])
				abort();
			flat_field(flat, row.field[i], row.len[i]);
			if (!out)
				continue;
			if (i)
				ms_buf_addch(out, ',');
			if (row.n == 1 && row.len[0] == 0)
				ms_buf_adds(out, "\"\"");   /* a bare empty line would be skipped */
			else if (ms_csv_put_field(out, row.field[i], row.len[i]) < 0)
				abort();
		}
		if (out)
			ms_buf_adds(out, row.line % 2 ? "\n" : "\r\n");
	}
	if (rc == -1 && strncmp(err.msg, "fuzz.csv:", 9) != 0)
		abort();
	ms_csv_free(c);
	fclose(f);
	return rc;
}

/* ---- the reference: csv.h's rules, one byte at a time, no speed ---- */

static int ref_utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned char lo, hi;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			len = 2;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			len = 3, lo = s[i] == 0xE0 ? 0xA0 : 0x80, hi = s[i] == 0xED ? 0x9F : 0xBF;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			len = 4, lo = s[i] == 0xF0 ? 0x90 : 0x80, hi = s[i] == 0xF4 ? 0x8F : 0xBF;
		else
			return 0;
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return 0;
		i += len;
	}
	return 1;
}

static int ref_parse(const unsigned char *s, size_t n, const struct ms_csv_opts *o,
		     struct ms_buf *flat)
{
	struct ms_buf field = MS_BUF_INIT, rowbuf = MS_BUF_INIT;
	size_t i = 0, rs, nf;
	int rc = -1;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (;;) {
		/* blank lines: LF, CRLF, or a CR at the very end */
		if (i < n && s[i] == '\n') {
			i++;
			continue;
		}
		if (i < n && s[i] == '\r' && (i + 1 == n || s[i + 1] == '\n')) {
			i += i + 1 == n ? 1 : 2;
			continue;
		}
		if (i == n)
			break;
		rs = i;
		nf = 0;
		ms_buf_reset(&rowbuf);
		for (;;) {   /* one field */
			int quoted = i < n && s[i] == '"';

			ms_buf_reset(&field);
			if (++nf > o->max_fields)
				goto out;
			if (quoted) {
				for (i++;; i++) {
					if (i == n || s[i] == '\0')
						goto out;
					if (s[i] == '\n' && !o->allow_multiline)
						goto out;
					if (s[i] == '"') {
						if (i + 1 < n && s[i + 1] == '"') {
							ms_buf_addch(&field, '"');
							i++;
							continue;
						}
						i++;
						break;
					}
					ms_buf_addch(&field, s[i]);
				}
			} else {
				while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
					if (s[i] == '"' || s[i] == '\0')
						goto out;
					ms_buf_addch(&field, s[i++]);
				}
			}
			if (o->check_utf8 && !ref_utf8_ok((unsigned char *)field.buf, field.len))
				goto out;
			flat_field(&rowbuf, field.buf, field.len);
			if (i < n && s[i] == ',') {
				i++;
				continue;
			}
			/* the record ends here: LF, CRLF, a final CR, or the end */
			if (i - rs > o->max_record)
				goto out;
			if (i == n)
				break;
			if (s[i] == '\n') {
				i++;
				break;
			}
			if (s[i] == '\r' && (i + 1 == n || s[i + 1] == '\n')) {
				i += i + 1 == n ? 1 : 2;
				break;
			}
			goto out;   /* a lone CR, or bytes after a closing quote */
		}
		flat_row(flat, nf);
		ms_buf_add(flat, rowbuf.buf, rowbuf.len);
	}
	rc = 0;
out:
	ms_buf_release(&field);
	ms_buf_release(&rowbuf);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf flat = MS_BUF_INIT, ref = MS_BUF_INIT, out = MS_BUF_INIT;
	struct ms_buf again = MS_BUF_INIT;
	int multiline, rc;

	for (multiline = 0; multiline <= 1; multiline++) {
		struct ms_csv_opts o = { 256, 16, multiline, size % 2 };
		struct ms_csv_opts big = { 0, 0, 1, size % 2 };

		ms_buf_reset(&flat);
		ms_buf_reset(&ref);
		ms_buf_reset(&out);
		ms_buf_reset(&again);
		rc = read_all(data, size, &o, &flat, multiline ? &out : NULL);
		if (ref_parse(data, size, &o, &ref) != rc)
			abort();
		if (rc != 0)
			continue;
		if (ref.len != flat.len || memcmp(ref.buf, flat.buf, flat.len) != 0)
			abort();
		if (!multiline)
			continue;
		/* quoting may lengthen a record past 256 bytes: read it back unbounded */
		if (read_all(out.buf, out.len, &big, &again, NULL) != 0)
			abort();
		if (again.len != flat.len || memcmp(again.buf, flat.buf, flat.len) != 0)
			abort();
	}
	ms_buf_release(&flat);
	ms_buf_release(&ref);
	ms_buf_release(&out);
	ms_buf_release(&again);
	return 0;
}
