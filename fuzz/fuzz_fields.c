/*
 * fuzz_fields.c - libFuzzer target for the payroll line reader and splitter
 * (core/lines.h), the path every batch row takes.
 *
 *   - ms_fields_split on the whole input as one line, with and without the
 *     UTF-8 check, with room for 1024 fields and for a few (1-8, from the
 *     input's length);
 *   - ms_lines_next over the input written to a memfd, with room for long
 *     lines (4096, odd sizes) or short ones (1-64, even sizes), every line
 *     split again.
 *
 * Both are checked against plain byte-at-a-time references written from
 * lines.h's contract (below), and every field must point into the line or
 * into the splitter's scratch. Only success and the fields are compared,
 * not the wording of errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create, when built outside meson */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lines.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

/* Appends one field (its length, then its bytes) to a flat record. */
static void flat_field(struct ms_buf *flat, const char *s, size_t len)
{
	ms_buf_add(flat, &len, sizeof(len));
	ms_buf_add(flat, s, len);
}

static int within(const char *p, size_t n, const char *base, size_t cap)
{
	return p >= base && n <= cap && (size_t)(p - base) <= cap - n;
}

/* ---- the references: lines.h's rules, one byte at a time ---- */

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

/*
 * Splits one line as lines.h says: commas separate; a field that starts
 * with a quote runs to the matching quote ("" is a quote inside), and only
 * a comma or the end may follow it; a quote elsewhere, a NUL, invalid UTF-8
 * (when checked) or more than max_fields fields is an error.
 */
static int ref_split(const unsigned char *s, size_t n, size_t max_fields, int check_utf8,
		     struct ms_buf *flat)
{
	struct ms_buf field = MS_BUF_INIT;
	size_t i = 0, nf = 0;
	int rc = -1;

	if (memchr(s, '\0', n))
		return -1;
	if (check_utf8 && !ref_utf8_ok(s, n))
		return -1;
	for (;;) {
		ms_buf_reset(&field);
		if (++nf > max_fields)
			goto out;
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i == n)
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
				ms_buf_addch(&field, (char)s[i]);
			}
			if (i < n && s[i] != ',')
				goto out;
		} else {
			for (; i < n && s[i] != ','; i++) {
				if (s[i] == '"')
					goto out;
				ms_buf_addch(&field, (char)s[i]);
			}
		}
		flat_field(flat, field.buf, field.len);
		if (i == n)
			break;
		i++;   /* the comma; a comma at the very end is followed by an empty field */
	}
	rc = 0;
out:
	ms_buf_release(&field);
	return rc;
}

/* Splits with the real splitter and checks it against the reference. */
static void check_split(struct ms_fields *f, const char *line, size_t len, size_t max_fields,
			int check_utf8)
{
	struct ms_buf got = MS_BUF_INIT, want = MS_BUF_INIT;
	struct ms_err err;
	size_t i;
	int rc, ref;

	err.msg[0] = '\0';
	rc = ms_fields_split(f, line, len, max_fields, check_utf8, &err);
	ref = ref_split((const unsigned char *)line, len, max_fields, check_utf8, &want);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && !err.msg[0])
		abort();   /* an error says what went wrong */
	if (rc != ref) {
		fprintf(stderr, "fuzz_fields: split gave %d, the reference %d (max_fields %zu, utf8 %d, %zu fields)\n",
			rc, ref, max_fields, check_utf8, f->n);
		abort();
	}
	if (rc) {
		ms_buf_release(&want);
		return;
	}
	if (f->n < 1 || f->n > max_fields) {
		fprintf(stderr, "fuzz_fields: %zu fields, at most %zu allowed\n", f->n, max_fields);
		abort();
	}
	for (i = 0; i < f->n; i++) {
		if (!within(f->p[i], f->len[i], line, len) &&
		    !(f->scratch && within(f->p[i], f->len[i], f->scratch, f->scratch_cap)))
			abort();   /* a field outside the line and the scratch */
		flat_field(&got, f->p[i], f->len[i]);
	}
	if (got.len != want.len || memcmp(got.buf, want.buf, got.len) != 0) {
		fprintf(stderr, "fuzz_fields: the fields differ from the reference's\n");
		abort();
	}
	ms_buf_release(&got);
	ms_buf_release(&want);
}

/*
 * The reader's reference: a UTF-8 BOM at the start is skipped; lines end at
 * LF, and a CR before it (or before the end) is dropped; the last line
 * needs no LF; a line longer than max_line (without the BOM and the CR) is
 * an error.
 */
struct ref_lines {
	const char *s;
	size_t n, pos;
	int started;
};

static int ref_next(struct ref_lines *r, size_t max_line, const char **line, size_t *len)
{
	const char *nl;
	size_t n;

	if (!r->started) {
		r->started = 1;
		if (r->n >= 3 && !memcmp(r->s, "\xEF\xBB\xBF", 3))
			r->pos = 3;
	}
	if (r->pos == r->n)
		return 0;
	nl = memchr(r->s + r->pos, '\n', r->n - r->pos);
	n = nl ? (size_t)(nl - (r->s + r->pos)) : r->n - r->pos;
	*line = r->s + r->pos;
	*len = n && (*line)[n - 1] == '\r' ? n - 1 : n;
	if (*len > max_line)
		return -1;
	r->pos += n + (nl != NULL);
	return 1;
}

static void read_lines(const uint8_t *data, size_t size, size_t max_line, struct ms_fields *f)
{
	struct ref_lines ref = { (const char *)data, size, 0, 0 };
	struct ms_lines *l;
	struct ms_err err;
	const char *line, *rline = NULL;
	size_t len, rlen = 0;
	long count = 0;
	int rc, want;

	if (ftruncate(memfd, 0) || (size && pwrite(memfd, data, size, 0) != (ssize_t)size) ||
	    lseek(memfd, 0, SEEK_SET) != 0)
		abort();
	l = ms_lines_open(memfd, "fuzz.csv", max_line);
	for (;;) {
		err.msg[0] = '\0';
		rc = ms_lines_next(l, &line, &len, &err);
		want = ref_next(&ref, max_line, &rline, &rlen);
		if (rc != want) {
			fprintf(stderr, "fuzz_fields: line %ld: the reader gave %d, the reference %d (max_line %zu)\n",
				count + 1, rc, want, max_line);
			abort();
		}
		if (rc <= 0)
			break;
		count++;
		if (len != rlen || memcmp(line, rline, len) != 0 || memchr(line, '\n', len))
			abort();
		if (ms_lines_lineno(l) != count)
			abort();
		/* every line split, as a batch row would be */
		check_split(f, line, len, 1024, 1);
		check_split(f, line, len, 1 + (len % 5), 0);
	}
	if (rc == -1 && strncmp(err.msg, "fuzz.csv:", 9) != 0)
		abort();   /* a reader's error names the file */
	if (rc == 0) {
		if (ms_lines_offset(l) != size)
			abort();   /* everything consumed, the BOM included */
		if (ms_lines_had_bom(l) != (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)))
			abort();
		/* the end stays the end */
		if (ms_lines_next(l, &line, &len, &err) != 0)
			abort();
	}
	ms_lines_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_fields f = MS_FIELDS_INIT;
	const char *s = (const char *)data;

	if (memfd < 0) {
		memfd = memfd_create("fuzz_fields", MFD_CLOEXEC);
		if (memfd < 0)
			abort();
	}
	/* the input as one line */
	check_split(&f, s, size, 1024, 0);
	check_split(&f, s, size, 1024, 1);
	check_split(&f, s, size, 1 + size % 8, size % 2);
	/* the same splitter struct reused, its scratch already grown */
	check_split(&f, s, size / 2, 1024, 1);
	ms_fields_release(&f);

	/*
	 * the input as a file of lines, with room for long lines or short ones
	 * (once: a reader's buffer is max_line + 1 MiB, slow to map under ASan)
	 */
	read_lines(data, size, size % 2 ? 4096 : 1 + (size / 2) % 64, &f);
	ms_fields_release(&f);
	return 0;
}
