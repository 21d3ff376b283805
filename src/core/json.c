/*
 * json.c - jansson loading with located errors, and dumping into ms_buf.
 */
#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "banned.h"

int ms_file_read(struct ms_buf *b, const char *path, size_t cap, struct ms_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return ms_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > cap || ms_buf_add(b, chunk, n) < 0) {
			rc = ms_err_set(err, "%s: file larger than %zu bytes", path, cap);
			goto out;
		}
	}
	if (ferror(f))
		rc = ms_err_set(err, "%s: read error: %s", path, strerror(errno));
out:
	fclose(f);
	return rc;
}

json_t *ms_json_load_bytes(const char *data, size_t len, const char *name, struct ms_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		ms_err_set(err, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
	return j;
}

json_t *ms_json_load_file(const char *path, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	json_t *j = NULL;

	if (ms_file_read(&b, path, MS_JSON_MAX_FILE, err) == 0)
		j = ms_json_load_bytes(b.buf, b.len, path, err);
	ms_buf_release(&b);
	return j;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return ms_buf_add(data, buffer, size);
}

int ms_json_dump(struct ms_buf *b, const json_t *j, int pretty)
{
	size_t flags = JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;

	if (pretty)
		flags |= JSON_INDENT(2);
	else
		flags |= JSON_COMPACT;
	if (json_dump_callback(j, dump_cb, b, flags) < 0)
		return -1;
	return pretty ? ms_buf_addch(b, '\n') : 0;
}

/* ---------- the streaming writer ---------- */

void ms_jw_init(struct ms_jw *w, struct ms_buf *b, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->pretty = pretty;
}

/* A newline and the indentation of depth (jansson's dump_indent with indent 2). */
static void jw_indent(struct ms_jw *w, int depth)
{
	static const char spaces[] = "                                                                ";
	int n = depth * 2;

	ms_buf_addch(w->b, '\n');
	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;

		ms_buf_add(w->b, spaces, (size_t)k);
		n -= k;
	}
}

/* Before a value or a key: the comma after the previous member, and its line. */
static void jw_member(struct ms_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->has[w->depth])
		ms_buf_addch(w->b, ',');
	w->has[w->depth] = 1;
	if (w->pretty)
		jw_indent(w, w->depth);
}

static void jw_open(struct ms_jw *w, int c)
{
	jw_member(w);
	ms_buf_addch(w->b, c);
	if (w->depth == MS_JW_DEPTH)
		abort();      /* a caller's bug: no document of ours nests this deep */
	w->depth++;
	w->has[w->depth] = 0;
	w->close[w->depth] = c == '{' ? '}' : ']';
}

void ms_jw_obj(struct ms_jw *w)
{
	jw_open(w, '{');
}

void ms_jw_arr(struct ms_jw *w)
{
	jw_open(w, '[');
}

void ms_jw_end(struct ms_jw *w)
{
	int had = w->has[w->depth];
	char c = w->close[w->depth];

	if (w->depth == 0)
		abort();      /* a caller's bug: nothing open */
	w->depth--;
	if (had && w->pretty)
		jw_indent(w, w->depth);
	ms_buf_addch(w->b, c);
}

/* s[0..len) starts with a character that the end of the string cut short (a fixed-size copy). */
static int cut_at_end(const unsigned char *u, size_t len)
{
	size_t need = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0, k;

	if (!need || len >= need)
		return 0;
	for (k = 1; k < len; k++)
		if ((u[k] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/*
 * A string, escaped as jansson does. The document stays valid UTF-8 whatever
 * the caller hands in: a character cut short at the end of the string is
 * left out, any other invalid byte written as U+FFFD (jansson refuses such a
 * string, and its caller's key goes missing).
 */
static void jw_string(struct ms_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s, *end = s + strlen(s);

	ms_buf_addch(b, '"');
	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[6];
		size_t n = 2, i = 0;
		uint32_t cp;

		if (c >= 0x80) {
			if (!ms_utf8_decode(s, (size_t)(end - s), &i, &cp)) {
				s += i - 1;      /* a whole character passes as it is */
				continue;
			}
			ms_buf_add(b, run, (size_t)(s - run));
			if (cut_at_end((const unsigned char *)s, (size_t)(end - s))) {
				run = s = end;
				break;
			}
			ms_buf_add(b, "\xEF\xBF\xBD", 3);
			run = s + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ms_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		ms_buf_add(b, esc, n);
	}
	ms_buf_add(b, run, (size_t)(s - run));
	ms_buf_addch(b, '"');
}

void ms_jw_key(struct ms_jw *w, const char *k)
{
	jw_member(w);
	jw_string(w->b, k);
	ms_buf_add(w->b, ": ", w->pretty ? 2 : 1);
	w->after_key = 1;
}

void ms_jw_str(struct ms_jw *w, const char *s)
{
	if (!s) {
		ms_jw_null(w);
		return;
	}
	jw_member(w);
	jw_string(w->b, s);
}

void ms_jw_int(struct ms_jw *w, long long v)
{
	char t[24], *e = t + sizeof(t), *p = e;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	jw_member(w);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	ms_buf_add(w->b, p, (size_t)(e - p));
}

void ms_jw_bool(struct ms_jw *w, int v)
{
	jw_member(w);
	ms_buf_add(w->b, v ? "true" : "false", v ? 4 : 5);
}

void ms_jw_null(struct ms_jw *w)
{
	jw_member(w);
	ms_buf_add(w->b, "null", 4);
}

void ms_jw_nested(struct ms_jw *w, struct ms_buf *b, int pretty, int depth)
{
	ms_jw_init(w, b, pretty);
	if (depth < 0 || depth > MS_JW_DEPTH)
		abort();      /* a caller's bug */
	w->depth = depth;
	w->after_key = 1;
}

void ms_jw_raw(struct ms_jw *w, const char *piece, size_t len)
{
	jw_member(w);
	ms_buf_add(w->b, piece, len);
}

void ms_jw_finish(struct ms_jw *w)
{
	if (w->pretty)
		ms_buf_addch(w->b, '\n');
}

int ms_file_special(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && !S_ISREG(sb.st_mode);
}

int ms_file_write_atomic(const char *path, const void *data, size_t len, struct ms_err *err)
{
	char tmp[4200];
	int special = ms_file_special(path);   /* /dev/null, a FIFO: written in place */
	FILE *f;
	int bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
	f = fopen(special ? path : tmp, "wb");
	if (!f)
		return ms_err_set(err, "%s: cannot create: %s", special ? path : tmp, strerror(errno));
	bad = fwrite(data, 1, len, f) != len;
	bad |= fflush(f) != 0;
	bad |= fclose(f) != 0;
	if (bad || (!special && rename(tmp, path))) {
		ms_err_set(err, "%s: cannot write: %s", path, strerror(errno));
		if (!special)
			unlink(tmp);
		return -1;
	}
	return 0;
}
