/*
 * lines.c - block reads, memchr for line ends, a comma split per line.
 *
 * The buffer holds unread bytes buf[pos, end). A line that runs past end
 * is moved to the front and the rest read behind it; the buffer never
 * grows, so a line longer than max_line is an error, found without
 * reading further than max_line past its start.
 */
#include "lines.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"
#include "banned.h"

/* what a clerk is told about bytes that are not UTF-8: Excel's plain "CSV" is GBK on Chinese Windows */
#define NOT_UTF8 "非法的 UTF-8 编码；若由 Excel 另存，多为 GBK：请另存为“CSV UTF-8（逗号分隔）”"

#define READ_CHUNK ((size_t)1 << 20)

struct ms_lines {
	int fd;
	char name[512];
	size_t max_line;
	char *buf;
	size_t cap, pos, end;
	int eof, started, bom;
	long lineno;
	unsigned long long consumed;
};

struct ms_lines *ms_lines_open(int fd, const char *name, size_t max_line)
{
	struct ms_lines *l = calloc(1, sizeof(*l));

	if (!l)
		abort();
	l->fd = fd;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->max_line = max_line ? max_line : ((size_t)1 << 20);
	l->cap = l->max_line + READ_CHUNK;
	l->buf = malloc(l->cap + 1);
	if (!l->buf)
		abort();
	return l;
}

void ms_lines_free(struct ms_lines *l)
{
	if (!l)
		return;
	free(l->buf);
	free(l);
}

long ms_lines_lineno(const struct ms_lines *l) { return l->lineno; }
unsigned long long ms_lines_offset(const struct ms_lines *l) { return l->consumed; }
int ms_lines_had_bom(const struct ms_lines *l) { return l->bom; }
const char *ms_lines_name(const struct ms_lines *l) { return l->name; }

/* Reads more behind the unread bytes; 0 (maybe at eof) or -1. */
static int fill(struct ms_lines *l, struct ms_err *err)
{
	ssize_t r;

	if (l->pos) {
		memmove(l->buf, l->buf + l->pos, l->end - l->pos);
		l->end -= l->pos;
		l->pos = 0;
	}
	while (l->end < l->cap) {
		r = read(l->fd, l->buf + l->end, l->cap - l->end);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ms_err_set(err, "%s: cannot read: %s", l->name, strerror(errno));
		}
		if (r == 0) {
			l->eof = 1;
			break;
		}
		l->end += (size_t)r;
		if (l->end - l->pos >= READ_CHUNK)
			break;
	}
	return 0;
}

int ms_lines_next(struct ms_lines *l, const char **line, size_t *len, struct ms_err *err)
{
	char *s, *nl;
	size_t n, searched = 0;

	for (;;) {
		s = l->buf + l->pos;
		nl = memchr(s + searched, '\n', l->end - l->pos - searched);
		if (nl || l->eof)
			break;
		searched = l->end - l->pos;
		/* room for a BOM and a CR; the exact check follows once the line end is found */
		if (searched > l->max_line + 4)
			return ms_err_set(err, "%s:%ld: line longer than %zu bytes (行过长)", l->name,
					  l->lineno + 1, l->max_line);
		if (fill(l, err))
			return -1;
	}
	if (!l->started) {
		l->started = 1;
		if (l->end - l->pos >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			l->bom = 1;
			l->pos += 3;
			l->consumed += 3;
			s += 3;
		}
	}
	if (!nl && l->pos == l->end)
		return 0;
	n = nl ? (size_t)(nl - s) : l->end - l->pos;
	if (n - (n && s[n - 1] == '\r') > l->max_line)
		return ms_err_set(err, "%s:%ld: line longer than %zu bytes (行过长)", l->name,
				  l->lineno + 1, l->max_line);
	l->lineno++;
	l->pos += n + (nl != NULL);
	l->consumed += n + (nl != NULL);
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*len = n;
	return 1;
}

/* Keeps p[0..n), the start of a line copied out of the block, as the next bytes to read. */
static void keep_tail(struct ms_lines *l, const char *p, size_t n)
{
	if (n > l->cap) {
		l->cap = n;
		free(l->buf);
		l->buf = malloc(l->cap + 1);
		if (!l->buf)
			abort();
	}
	memcpy(l->buf, p, n);
	l->pos = 0;
	l->end = n;
}

int ms_lines_block(struct ms_lines *l, char *buf, size_t cap, size_t want, size_t *len, int *cut,
		   struct ms_err *err)
{
	size_t n = l->end - l->pos, from_buf, tail;
	const char *nl;
	ssize_t r;

	*cut = 0;
	if (n > cap)
		n = cap;
	memcpy(buf, l->buf + l->pos, n);
	l->pos += n;
	from_buf = n;
	while (n < cap && l->pos == l->end && !l->eof) {
		if (n >= want && memrchr(buf, '\n', n))
			break;   /* enough, and a line ends in it */
		r = read(l->fd, buf + n, (n < want ? want : cap) - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ms_err_set(err, "%s: cannot read: %s", l->name, strerror(errno));
		}
		if (r == 0)
			l->eof = 1;
		n += (size_t)r;
	}
	if (!n)
		return 0;
	if (l->pos == l->end && l->eof) {
		*len = n;
		l->consumed += n;
		return 1;
	}
	nl = memrchr(buf, '\n', n);
	if (!nl) {
		*cut = 1;
		*len = n;
		return 1;
	}
	tail = n - (size_t)(nl + 1 - buf);
	if (tail && n == from_buf)
		l->pos -= tail;   /* still there, unread */
	else if (tail)
		keep_tail(l, nl + 1, tail);   /* the buffer was drained before the read */
	*len = n - tail;
	l->consumed += *len;
	return 1;
}

static inline int push(struct ms_fields *f, const char *p, size_t n)
{
	if (__builtin_expect(f->n == f->cap, 0)) {
		size_t cap = f->cap ? f->cap * 2 : 16;

		f->p = realloc(f->p, cap * sizeof(*f->p));
		f->len = realloc(f->len, cap * sizeof(*f->len));
		if (!f->p || !f->len)
			abort();
		f->cap = cap;
	}
	f->p[f->n] = p;
	f->len[f->n++] = n;
	return 0;
}

static int is_ascii(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return !(acc & 0x8080808080808080ULL);
}

/* Byte classes for the one-pass split: 1 comma, 2 quote, 3 NUL. */
static const unsigned char split_cls[256] = { [','] = 1, ['"'] = 2, [0] = 3 };

static int too_many(struct ms_err *err, size_t max_fields)
{
	return ms_err_set(err, "more than %zu fields (字段过多)", max_fields);
}

/*
 * The fast path, one pass: commas split. 0 when done, -1 on an error, 1 when
 * a quote or a NUL means the careful path must split the line again.
 */
static inline int split_fast(struct ms_fields *f, const char *line, size_t len, size_t max_fields,
			     int check_utf8, struct ms_err *err)
{
	const unsigned char *u = (const unsigned char *)line;
	unsigned char high = 0;
	size_t bad, i = 0, start = 0;

#ifdef __SSE2__
	{
		const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
		const __m128i zero = _mm_setzero_si128();
		unsigned hi = 0;

		for (; i + 16 <= len; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
			unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
			unsigned qz = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, zero)));

			hi |= (unsigned)_mm_movemask_epi8(v);
			if (qz)
				return 1;
			while (c) {
				size_t at = i + (size_t)__builtin_ctz(c);

				if (f->n >= max_fields)
					return too_many(err, max_fields);
				push(f, line + start, at - start);
				start = at + 1;
				c &= c - 1;
			}
		}
		if (i < len) {
			/* the last 1..15 bytes: one more compare on a copy, masked to the line */
			char tail[16] = { 0 };
			unsigned keep = (1u << (len - i)) - 1, qz2;
			__m128i v;
			unsigned c;

			memcpy(tail, line + i, len - i);
			v = _mm_loadu_si128((const __m128i *)(const void *)tail);
			c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) & keep;
			qz2 = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
								_mm_cmpeq_epi8(v, zero))) & keep;
			hi |= (unsigned)_mm_movemask_epi8(v);
			if (qz2)
				return 1;
			while (c) {
				size_t at = i + (size_t)__builtin_ctz(c);

				if (f->n >= max_fields)
					return too_many(err, max_fields);
				push(f, line + start, at - start);
				start = at + 1;
				c &= c - 1;
			}
			i = len;
		}
		if (hi)
			high = 0x80;
	}
#endif
	for (; i < len; i++) {
		unsigned char c = u[i], k = split_cls[c];

		high |= c;
		if (!k)
			continue;
		if (k != 1)
			return 1;
		if (f->n >= max_fields)
			return too_many(err, max_fields);
		push(f, line + start, i - start);
		start = i + 1;
	}
	if (f->n >= max_fields)
		return too_many(err, max_fields);
	push(f, line + start, len - start);
	if (check_utf8 && (high & 0x80) && !ms_utf8_valid(line, len, &bad))
		return ms_err_set(err, "column %zu: invalid UTF-8 (" NOT_UTF8 ")", bad + 1);
	return 0;
}

/* The quoted field at *s, unescaped into o (*k bytes); *s moves past it. */
static int quoted_field(const char *line, const char *end, const char **s, char *o, size_t *k,
			struct ms_err *err)
{
	const char *p = *s, *open = p;

	*k = 0;
	for (p++;; p++) {
		if (p >= end)
			return ms_err_set(err, "column %zu: unterminated quoted field (引号内不能换行)",
					  (size_t)(open - line) + 1);
		if (*p == '"') {
			if (p + 1 < end && p[1] == '"') {
				o[(*k)++] = '"';
				p++;
				continue;
			}
			p++;
			break;
		}
		o[(*k)++] = *p;
	}
	if (p < end && *p != ',')
		return ms_err_set(err, "column %zu: text after a closing quote (引号后有多余字符)",
				  (size_t)(p - line) + 1);
	*s = p;
	return 0;
}

/* The careful path: NUL and UTF-8 checked first, then field by field with quotes unescaped. */
static int split_careful(struct ms_fields *f, const char *line, size_t len, size_t max_fields,
			 int check_utf8, struct ms_err *err)
{
	const char *s = line, *end = line + len, *q;
	size_t bad, used = 0;

	f->n = 0;
	if ((q = memchr(line, '\0', len)))
		return ms_err_set(err, "column %zu: a NUL byte (不是文本文件？)", (size_t)(q - line) + 1);
	if (check_utf8 && !is_ascii(line, len) && !ms_utf8_valid(line, len, &bad))
		return ms_err_set(err, "column %zu: invalid UTF-8 (" NOT_UTF8 ")", bad + 1);
	/* quotes: unescape into scratch, which must not move while fields point into it */
	if (f->scratch_cap < len + 1) {
		free(f->scratch);
		f->scratch_cap = len + 1;
		f->scratch = malloc(f->scratch_cap);
		if (!f->scratch)
			abort();
	}
	for (;;) {
		if (f->n >= max_fields)
			return too_many(err, max_fields);
		if (s < end && *s == '"') {
			size_t k;

			if (quoted_field(line, end, &s, f->scratch + used, &k, err))
				return -1;
			push(f, f->scratch + used, k);
			used += k;
		} else {
			for (q = s; q < end && *q != ','; q++)
				if (*q == '"')
					return ms_err_set(err, "column %zu: a quote inside an unquoted field (字段中有未成对的引号)",
							  (size_t)(q - line) + 1);
			push(f, s, (size_t)(q - s));
			s = q;
		}
		if (s >= end)
			return 0;
		s++; /* the comma */
		if (s == end) {
			if (f->n >= max_fields)
				return too_many(err, max_fields);
			push(f, s, 0);
			return 0;
		}
	}
}

int ms_fields_split(struct ms_fields *f, const char *line, size_t len, size_t max_fields,
		    int check_utf8, struct ms_err *err)
{
	int rc;

	f->n = 0;
	rc = split_fast(f, line, len, max_fields, check_utf8, err);
	if (rc <= 0)
		return rc;
	return split_careful(f, line, len, max_fields, check_utf8, err);
}

void ms_fields_release(struct ms_fields *f)
{
	free(f->p);
	free(f->len);
	free(f->scratch);
	memset(f, 0, sizeof(*f));
}
