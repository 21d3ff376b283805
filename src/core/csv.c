/*
 * csv.c - a streaming RFC 4180 reader that parses records in place in its
 * read buffer (fields are NUL-terminated where their delimiters were), and
 * the matching field writer.
 *
 * Reading: the buffer holds the unread bytes buf[pos, end), then a NUL
 * sentinel at buf[end], then SCAN_PAD bytes of padding, so scans need no
 * bounds checks: a NUL stops them and is either the sentinel (refill) or a
 * NUL in the data (an error). A record that runs past end is moved to the
 * front of the buffer and parsing resumes where it stopped; the buffer grows
 * only for a record longer than the free room, up to max_record. The first
 * read asks for 4 KiB, so a short input costs a small buffer; after that,
 * reads are at least MS_CSV_CHUNK.
 *
 * Speed: unquoted fields are found with a bitmask of the special bytes
 * (, " LF CR NUL) over 64 bytes at a time (SSE2 where there is SSE2), kept
 * across fields and records until the buffer moves. Quoted fields are
 * unescaped in place, byte by byte; nothing is copied otherwise.
 */
#include "csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "banned.h"

#ifndef MS_CSV_CHUNK
#define MS_CSV_CHUNK ((size_t)128 << 10)  /* fewest bytes asked of fread; -D smaller to test refills */
#endif
#define FIRST_READ (MS_CSV_CHUNK < 4096 ? MS_CSV_CHUNK : 4096)
#define SCAN_PAD 64                        /* readable bytes after the sentinel */
#define NO_BLOCK ((size_t)0 - 64)          /* mask_at when no mask is held */
#define DEFAULT_MAX_RECORD ((size_t)1 << 20)
#define DEFAULT_MAX_FIELDS 4096

/* Byte classes inside a quoted field; 0 is an ordinary byte. */
enum {
	Q_NONE = 0,
	Q_QUOTE,      /* " */
	Q_LF,         /* \n: counts a line, or is an error without allow_multiline */
	Q_NUL,        /* \0: the sentinel, or a NUL in the data */
	Q_HIGH,       /* 0x80..0xFF when check_utf8 */
};

struct ms_csv {
	FILE *f;
	char *name;
	struct ms_csv_opts o;
	unsigned char qcls[256];

	char *buf;                /* cap + 1 + SCAN_PAD bytes; buf[end] == '\0' */
	size_t cap, pos, end;
	int eof;                  /* nothing more after end */
	int started;              /* BOM check done */

	size_t mask_at;           /* the special-byte masks cover buf[mask_at, +64) */
	uint64_t mask;            /* bit i: buf[mask_at + i] is special (bits already passed cleared) */
	uint64_t cmask, lmask;    /* the same for commas and for LFs alone (not cleared) */
	uint64_t hmask;           /* and for bytes >= 0x80 */

	long line;                /* line number of buf[pos] */
	uint64_t base;            /* stream offset of buf[0] */
	uint64_t line_start;      /* stream offset where line `line` starts */

	const char **field;       /* reused across records */
	size_t *len;
	size_t *off;              /* field offsets while the buffer moves */
	size_t nalloc;

	int failed;               /* errors are sticky: the reader cannot resync */
	struct ms_err saved;
};

/* ---- scanning ---- */

/*
 * Bit i of the result set when p[i] is one of , " \n \r \0; of *cm when p[i]
 * is a comma, of *lm when it is a LF, of *hm when it is not ASCII (i < 64;
 * p[0..64) must be readable).
 */
static inline uint64_t special64(const unsigned char *p, uint64_t *cm, uint64_t *lm,
				 uint64_t *hm, const int want_hm)
{
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i zero = _mm_setzero_si128();
	uint64_t m = 0, c = 0, l = 0, h = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i vc = _mm_cmpeq_epi8(v, comma), vl = _mm_cmpeq_epi8(v, lf);
		__m128i x = _mm_or_si128(_mm_or_si128(vc, vl),
					 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
								   _mm_cmpeq_epi8(v, cr)),
						      _mm_cmpeq_epi8(v, zero)));

		m |= (uint64_t)(uint32_t)_mm_movemask_epi8(x) << (16 * k);
		c |= (uint64_t)(uint32_t)_mm_movemask_epi8(vc) << (16 * k);
		l |= (uint64_t)(uint32_t)_mm_movemask_epi8(vl) << (16 * k);
		if (want_hm)
			h |= (uint64_t)(uint32_t)_mm_movemask_epi8(v) << (16 * k);
	}
	*cm = c;
	*lm = l;
	*hm = h;
	return m;
#else
	uint64_t m = 0, c = 0, l = 0, h = 0, bit;
	int k;

	(void)want_hm;
	for (k = 0; k < 64; k++) {
		bit = (uint64_t)1 << k;
		if (p[k] >= 0x80)
			h |= bit;
		if (p[k] == ',')
			c |= bit;
		else if (p[k] == '\n')
			l |= bit;
		else if (p[k] != '"' && p[k] != '\r' && p[k] != '\0')
			continue;
		m |= bit;
	}
	*cm = c;
	*lm = l;
	*hm = h;
	return m;
#endif
}

/* Makes the masks describe buf[at, +64). */
static inline uint64_t load_masks(struct ms_csv *c, size_t at)
{
	c->mask_at = at;
	c->mask = special64((const unsigned char *)c->buf + at, &c->cmask, &c->lmask, &c->hmask, 1);
	return c->mask;
}

/* Index of the first special byte at or after buf[i], keeping the masks for next time. */
static inline size_t next_special(struct ms_csv *c, size_t i)
{
	uint64_t m;

	if (i - c->mask_at < 64)
		m = c->mask &= ~(uint64_t)0 << (i - c->mask_at);
	else
		m = load_masks(c, i);
	while (!m)
		m = load_masks(c, c->mask_at + 64);
	return c->mask_at + (size_t)__builtin_ctzll(m);
}

/* ---- UTF-8 ---- */

/*
 * Length (2..4) of the valid multi-byte sequence at p, or 0. p[0] >= 0x80;
 * p is followed by an ASCII byte or the sentinel NUL before the buffer ends,
 * neither of which is a continuation byte.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;        /* overlong */
		else if (c == 0xED)
			hi = 0x9F;        /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;        /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;        /* past U+10FFFF */
	} else
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* Offset of the first byte of s[0..n) not in valid UTF-8, or n. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	uint64_t x;

	while (i < n) {
		if (n - i >= 8) {
			memcpy(&x, s + i, 8);
			if (!(x & UINT64_C(0x8080808080808080))) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(s + i);
		if (!k || k > n - i)
			return i;
		i += k;
	}
	return n;
}

/* ---- open and close ---- */

struct ms_csv *ms_csv_open(FILE *f, const char *name, const struct ms_csv_opts *opts)
{
	struct ms_csv *c = calloc(1, sizeof(*c));
	size_t n = strlen(name ? name : "-");
	int i;

	if (!c)
		abort();
	c->f = f;
	c->name = malloc(n + 1);
	if (!c->name)
		abort();
	memcpy(c->name, name ? name : "-", n + 1);
	if (opts)
		c->o = *opts;
	if (!c->o.max_record)
		c->o.max_record = DEFAULT_MAX_RECORD;
	if (!c->o.max_fields)
		c->o.max_fields = DEFAULT_MAX_FIELDS;

	c->qcls['"'] = Q_QUOTE;
	c->qcls['\n'] = Q_LF;
	c->qcls[0] = Q_NUL;
	if (c->o.check_utf8)
		for (i = 0x80; i < 0x100; i++)
			c->qcls[i] = Q_HIGH;

	c->cap = FIRST_READ;
	c->buf = calloc(1, c->cap + 1 + SCAN_PAD);
	if (!c->buf)
		abort();
	c->mask_at = NO_BLOCK;
	c->line = 1;
	return c;
}

void ms_csv_free(struct ms_csv *c)
{
	if (!c)
		return;
	free(c->buf);
	free(c->field);
	free(c->len);
	free(c->off);
	free(c->name);
	free(c);
}

const char *ms_csv_name(const struct ms_csv *c)
{
	return c->name;
}

/* ---- errors ---- */

static int fail_at(struct ms_csv *c, struct ms_err *err, long line, uint64_t col,
		   const char *why)
{
	ms_err_set(&c->saved, "%s:%ld:%llu: %s", c->name, line, (unsigned long long)col, why);
	c->failed = 1;
	if (err)
		*err = c->saved;
	return -1;
}

/* Column (1-based, bytes) of buf[i] on the current line. */
static uint64_t col_of(const struct ms_csv *c, size_t i)
{
	return c->base + i - c->line_start + 1;
}

static int fail_here(struct ms_csv *c, struct ms_err *err, size_t i, const char *why)
{
	return fail_at(c, err, c->line, col_of(c, i), why);
}

static int fail_too_long(struct ms_csv *c, struct ms_err *err, long rec_line)
{
	char why[96];

	snprintf(why, sizeof(why), "record longer than %zu bytes (记录过长)", c->o.max_record);
	return fail_at(c, err, rec_line, 1, why);
}

/* ---- input ---- */

/*
 * Keeps buf[keep, end), moved to the front, and reads more after it.
 * Returns 0 (c->eof set at the end of input), or -1 on a read error or
 * when the record being kept has grown past max_record.
 */
static int refill(struct ms_csv *c, size_t keep, long rec_line, struct ms_err *err)
{
	size_t have = c->end - keep, room, n;

	if (c->eof)
		return 0;
	if (have > c->o.max_record + 2)   /* +2: the record's own CRLF */
		return fail_too_long(c, err, rec_line);
	c->mask_at = NO_BLOCK;
	if (keep) {
		memmove(c->buf, c->buf + keep, have);
		c->base += keep;
		c->pos = c->pos > keep ? c->pos - keep : 0;
		c->end = have;
	}
	if (c->base + c->end > 0 && c->cap - c->end < MS_CSV_CHUNK) {
		size_t ncap = c->cap * 2;
		char *p;

		if (ncap < c->end + MS_CSV_CHUNK)
			ncap = c->end + MS_CSV_CHUNK;
		p = realloc(c->buf, ncap + 1 + SCAN_PAD);
		if (!p)
			abort();
		c->buf = p;
		c->cap = ncap;
	}
	room = c->cap - c->end;
	n = fread(c->buf + c->end, 1, room, c->f);
	c->end += n;
	memset(c->buf + c->end, 0, 1 + SCAN_PAD);   /* the sentinel, and defined padding */
	if (n < room) {
		if (ferror(c->f)) {
			ms_err_set(&c->saved, "%s: read error after line %ld: %s", c->name,
				   c->line, strerror(errno));
			c->failed = 1;
			if (err)
				*err = c->saved;
			return -1;
		}
		c->eof = 1;   /* a short read is the end: not asked again, as for a tty */
	}
	return 0;
}

/* Makes sure n bytes from buf[pos] are in the buffer unless input ends first. */
static int need(struct ms_csv *c, size_t n, struct ms_err *err)
{
	while (c->end - c->pos < n && !c->eof)
		if (refill(c, c->pos, c->line, err) < 0)
			return -1;
	return 0;
}

static void newline_at(struct ms_csv *c, size_t next)
{
	c->line++;
	c->line_start = c->base + next;
}

static void grow_fields(struct ms_csv *c)
{
	size_t n = c->nalloc ? c->nalloc * 2 : 16;
	const char **f;
	size_t *l;

	f = realloc(c->field, n * sizeof(*f));
	if (!f)
		abort();
	c->field = f;
	l = realloc(c->len, n * sizeof(*l));
	if (!l)
		abort();
	c->len = l;
	l = realloc(c->off, n * sizeof(*l));
	if (!l)
		abort();
	c->off = l;
	c->nalloc = n;
}

/* ---- the record parser ---- */

/*
 * Gets to the start of the next record: the sticky error, the BOM, blank
 * lines. Returns 1 with c->pos at the record, 0 at the end, -1 on error.
 */
static int start_record(struct ms_csv *c, struct ms_err *err)
{
	if (c->failed) {
		if (err)
			*err = c->saved;
		return -1;
	}
	if (!c->started) {
		c->started = 1;
		if (need(c, 3, err) < 0)
			return -1;
		if (c->end - c->pos >= 3 && memcmp(c->buf + c->pos, "\xEF\xBB\xBF", 3) == 0) {
			c->pos += 3;
			c->line_start = c->base + c->pos;   /* columns count after the BOM */
		}
	}
	for (;;) {
		if (c->end - c->pos < 2 && need(c, 2, err) < 0)
			return -1;
		if (c->pos == c->end)
			return 0;
		if (c->buf[c->pos] == '\n')
			c->pos += 1;
		else if (c->buf[c->pos] == '\r' && (c->buf[c->pos + 1] == '\n' || c->pos + 1 == c->end))
			c->pos += c->pos + 1 == c->end ? 1 : 2;
		else
			return 1;
		newline_at(c, c->pos);
	}
}

/* Ends a record that ran from buf[rs] to its terminator at buf[rend]; buf[next] follows it. */
static int finish_record(struct ms_csv *c, struct ms_csv_row *row, struct ms_err *err,
			 size_t rs, size_t rend, size_t n, long rec_line, size_t next)
{
	c->pos = next;
	if (rend - rs > c->o.max_record)
		return fail_too_long(c, err, rec_line);
	if (next != rend)   /* a line terminator, not the end of input */
		newline_at(c, next);
	row->n = n;
	row->field = c->field;
	row->len = c->len;
	row->line = rec_line;
	return 1;
}

/*
 * The general parser: takes up the record that started at buf[rs] with n
 * fields done and the next field at p. Handles quotes, CRLF, refills, and
 * all errors. It runs as a small state machine over struct gen: the start
 * of a field, an unquoted field, a quoted one, what follows a closing quote.
 */
struct gen {
	struct ms_csv *c;
	size_t rs;                    /* the record starts at buf[rs] */
	size_t n, lim;                /* fields done; room for fields */
	size_t rend;                  /* the record's terminator, at the end */
	unsigned char *p, *w, *fs;    /* read, write (unescaping), the field's start */
	long rec_line, qline;         /* the record's line; the open quote's */
	uint64_t qcol;
};

enum gen_state { G_FAIL = -1, G_FIELD, G_UNQUOTED, G_QUOTED, G_AFTER_QUOTE, G_BAD_UTF8, G_END };

static size_t gen_at(const struct gen *g, const unsigned char *p)
{
	return (size_t)((const char *)p - g->c->buf);
}

/* Refills keeping the record, and moves every pointer into it along with the buffer. */
static int gen_refill(struct gen *g, struct ms_err *err)
{
	struct ms_csv *c = g->c;
	char *rec = c->buf + g->rs;
	size_t pi = (size_t)((char *)g->p - rec), wi = (size_t)((char *)g->w - rec);
	size_t fi = (size_t)((char *)g->fs - rec), k;

	for (k = 0; k < g->n; k++)
		c->off[k] = (size_t)(c->field[k] - rec);
	if (refill(c, g->rs, g->rec_line, err) < 0)
		return -1;
	g->rs = 0;
	for (k = 0; k < g->n; k++)
		c->field[k] = c->buf + c->off[k];
	g->p = (unsigned char *)c->buf + pi;
	g->w = (unsigned char *)c->buf + wi;
	g->fs = (unsigned char *)c->buf + fi;
	return 0;
}

/* Ends the unquoted field fs..buf[q) (checking its UTF-8 if asked); 1 with p at a bad byte. */
static int gen_end_unquoted(struct gen *g, size_t q)
{
	struct ms_csv *c = g->c;
	size_t flen = (size_t)(c->buf + q - (char *)g->fs), k;

	if (c->o.check_utf8 && (k = utf8_bad(g->fs, flen)) < flen) {
		g->p = g->fs + k;
		return 1;
	}
	c->buf[q] = '\0';
	c->field[g->n] = (char *)g->fs;
	c->len[g->n++] = flen;
	return 0;
}

/* The start of a field: room for it, its first byte in the buffer. */
static int gen_field(struct gen *g, struct ms_err *err)
{
	struct ms_csv *c = g->c;

	if (g->n == g->lim) {
		if (g->n == c->o.max_fields) {
			char why[96];

			snprintf(why, sizeof(why), "more than %zu fields (字段过多)", c->o.max_fields);
			return fail_here(c, err, gen_at(g, g->p), why);
		}
		grow_fields(c);
		g->lim = c->nalloc < c->o.max_fields ? c->nalloc : c->o.max_fields;
	}
	g->fs = g->w = g->p;
	if (gen_at(g, g->p) == c->end && !c->eof && gen_refill(g, err))
		return G_FAIL;   /* see the first byte: is the field quoted? */
	return *g->p == '"' ? G_QUOTED : G_UNQUOTED;
}

/* An unquoted field: runs of fields end at commas without leaving the first loop. */
static int gen_unquoted(struct gen *g, struct ms_err *err)
{
	struct ms_csv *c = g->c;
	size_t q;

	for (;;) {
		q = next_special(c, gen_at(g, g->p));
		if (c->buf[q] != ',')
			break;
		if (gen_end_unquoted(g, q))
			return G_BAD_UTF8;
		g->p = (unsigned char *)c->buf + q + 1;
		if (g->n == g->lim || *g->p == '"' || q + 1 == c->end)
			return G_FIELD;
		g->fs = g->p;
	}
	g->p = (unsigned char *)c->buf + q;

	/* p is at a special byte other than a comma, ending the unquoted field at fs */
	for (;;) {
		q = gen_at(g, g->p);
		switch (*g->p) {
		case ',':
			if (gen_end_unquoted(g, q))
				return G_BAD_UTF8;
			g->p++;
			return G_FIELD;
		case '\n':
			if (gen_end_unquoted(g, q))
				return G_BAD_UTF8;
			g->rend = q;
			g->p++;
			return G_END;
		case '\r':
			if (q + 1 == c->end && !c->eof) {
				g->w = g->p;
				if (gen_refill(g, err))
					return G_FAIL;
				continue;
			}
			if (g->p[1] == '\n' || q + 1 == c->end) {
				g->p += g->p[1] == '\n' ? 2 : 1;
				if (gen_end_unquoted(g, q))
					return G_BAD_UTF8;
				g->rend = q;
				return G_END;
			}
			return fail_here(c, err, q, "carriage return not followed by line feed (孤立的回车符)");
		case '"':
			return fail_here(c, err, q, "bare quote in unquoted field; quote the whole "
					 "field and double the quote (字段中有未转义的引号)");
		case '\0':
			if (q != c->end)
				return fail_here(c, err, q, "NUL byte (空字符)");
			if (c->eof) {
				if (gen_end_unquoted(g, q))
					return G_BAD_UTF8;
				g->rend = q;
				return G_END;
			}
			g->w = g->p;
			if (gen_refill(g, err))
				return G_FAIL;
			g->p = (unsigned char *)c->buf + next_special(c, gen_at(g, g->p));
			continue;
		default:   /* not reached: p is always at a special byte */
			g->p = (unsigned char *)c->buf + next_special(c, q);
			continue;
		}
	}
}

/* A quoted field, unescaped in place (w trails p) up to its closing quote. */
static int gen_quoted(struct gen *g, struct ms_err *err)
{
	struct ms_csv *c = g->c;
	const unsigned char *qcls = c->qcls;
	size_t i, k;

	g->qline = c->line;
	g->qcol = col_of(c, gen_at(g, g->p));
	g->p++;
	for (;;) {
		while (!qcls[*g->p])
			*g->w++ = *g->p++;
		i = gen_at(g, g->p);
		switch (qcls[*g->p]) {
		case Q_QUOTE:
			if (i + 1 == c->end && !c->eof) {
				if (gen_refill(g, err))
					return G_FAIL;
				continue;
			}
			if (g->p[1] == '"') {
				*g->w++ = '"';
				g->p += 2;
				continue;
			}
			*g->w = '\0';   /* w < p: the opening quote was dropped */
			c->field[g->n] = (char *)g->fs;
			c->len[g->n++] = (size_t)(g->w - g->fs);
			g->p++;
			return G_AFTER_QUOTE;
		case Q_LF:
			if (!c->o.allow_multiline)
				return fail_at(c, err, g->qline, g->qcol,
					       "quoted field spans lines (引号内换行); is a closing quote missing?");
			*g->w++ = *g->p++;
			newline_at(c, gen_at(g, g->p));
			continue;
		case Q_NUL:
			if (i != c->end)
				return fail_here(c, err, i, "NUL byte (空字符)");
			if (c->eof)
				return fail_at(c, err, g->qline, g->qcol,
					       "quoted field not closed at end of input (引号未闭合)");
			if (gen_refill(g, err))
				return G_FAIL;
			continue;
		default: /* Q_HIGH */
			if (c->end - i < 4 && !c->eof) {
				if (gen_refill(g, err))
					return G_FAIL;
				continue;
			}
			k = utf8_len(g->p);
			if (!k)
				return G_BAD_UTF8;
			while (k--)
				*g->w++ = *g->p++;
			continue;
		}
	}
}

/* After a closing quote: a comma, the end of the record, or an error. */
static int gen_after_quote(struct gen *g, struct ms_err *err)
{
	struct ms_csv *c = g->c;
	size_t i;

	for (;;) {
		i = gen_at(g, g->p);
		switch (*g->p) {
		case ',':
			g->p++;
			return G_FIELD;
		case '\n':
			g->rend = i;
			g->p++;
			return G_END;
		case '\r':
			if (i + 1 == c->end && !c->eof) {
				g->w = g->p;
				if (gen_refill(g, err))
					return G_FAIL;
				continue;
			}
			if (g->p[1] == '\n' || i + 1 == c->end) {
				g->rend = i;
				g->p += g->p[1] == '\n' ? 2 : 1;
				return G_END;
			}
			break;
		case '\0':
			if (i != c->end)
				break;
			if (c->eof) {
				g->rend = i;
				return G_END;
			}
			g->w = g->p;
			if (gen_refill(g, err))
				return G_FAIL;
			continue;
		}
		return fail_here(c, err, i, "characters after closing quote (引号后有多余字符)");
	}
}

static int parse_general(struct ms_csv *c, struct ms_csv_row *row, struct ms_err *err,
			 size_t rs, size_t n, unsigned char *p)
{
	struct gen g = {
		.c = c, .rs = rs, .n = n, .p = p, .w = p, .fs = p, .rec_line = c->line,
		.lim = c->nalloc < c->o.max_fields ? c->nalloc : c->o.max_fields,
	};
	int st = G_FIELD;

	for (;;) {
		switch (st) {
		case G_FIELD:
			st = gen_field(&g, err);
			break;
		case G_UNQUOTED:
			st = gen_unquoted(&g, err);
			break;
		case G_QUOTED:
			st = gen_quoted(&g, err);
			break;
		case G_AFTER_QUOTE:
			st = gen_after_quote(&g, err);
			break;
		case G_BAD_UTF8: {
			char why[96];

			snprintf(why, sizeof(why), "invalid UTF-8 byte 0x%02X (不是 UTF-8 编码, 可能是 GBK?)", *g.p);
			return fail_here(c, err, gen_at(&g, g.p), why);
		}
		case G_END:
			/* p is past the terminator; the record was buf[rs, rend) */
			return finish_record(c, row, err, g.rs, g.rend, g.n, g.rec_line, gen_at(&g, g.p));
		default:
			return -1;
		}
	}
}

/*
 * The fast path: a record of unquoted fields, all in the buffer, found with
 * the special-byte masks. At anything else (a quote, CR, NUL, the end of the
 * buffer, the field limit, bad UTF-8) the general parser takes the record up
 * again from the start of the current field. Compiled twice, with u8 a
 * constant: with and without UTF-8 checking.
 */
static inline __attribute__((always_inline)) int next_fast(struct ms_csv *c,
		struct ms_csv_row *row, struct ms_err *err, const int u8)
{
	char *b = c->buf;
	const char **fld = c->field;
	size_t *ln = c->len, rs, at, f, q, n = 0;
	size_t lim = c->nalloc < c->o.max_fields ? c->nalloc : c->o.max_fields;
	uint64_t m, cm, lm, hm = 0, low;
	int hi = 0;   /* u8: the field at f has a non-ASCII byte before buf[at] */

	rs = f = c->pos;
	at = c->mask_at;
	if (rs - at < 64) {
		m = c->mask & (~(uint64_t)0 << (rs - at));
		cm = c->cmask;
		lm = c->lmask;
		hm = c->hmask;
	} else {
		m = special64((unsigned char *)b + (at = rs), &cm, &lm, &hm, u8);
	}
	for (;;) {
		while (!m) {
			if (u8)   /* the old block's bytes that belong to the field at f */
				hi |= (f <= at ? hm : f - at < 64 ? hm & (~(uint64_t)0 << (f - at)) : 0) != 0;
			m = special64((unsigned char *)b + (at += 64), &cm, &lm, &hm, u8);
		}
		low = m & (0 - m);
		q = at + (size_t)__builtin_ctzll(m);
		if (!(low & (cm | lm)) || n == lim)
			break;
		/* only a field with a non-ASCII byte needs the UTF-8 check */
		if (u8 && (hi || (hm & (low - 1) & (f < at ? ~(uint64_t)0 : ~(uint64_t)0 << (f - at)))) &&
		    utf8_bad((unsigned char *)b + f, q - f) < q - f)
			break;
		hi = 0;
		b[q] = '\0';
		fld[n] = b + f;
		ln[n++] = q - f;
		m ^= low;
		f = q + 1;
		if (low & lm) {
			c->mask_at = at;
			c->mask = m;
			c->cmask = cm;
			c->lmask = lm;
			c->hmask = hm;
			if (q - rs > c->o.max_record)
				return finish_record(c, row, err, rs, q, n, c->line, f);
			row->n = n;
			row->field = fld;
			row->len = ln;
			row->line = c->line++;
			c->line_start = c->base + f;
			c->pos = f;
			return 1;
		}
	}
	c->mask_at = at;
	c->mask = m;
	c->cmask = cm;
	c->lmask = lm;
	c->hmask = hm;   /* read only by a reader with check_utf8, which fills it */
	return parse_general(c, row, err, rs, n, (unsigned char *)b + f);
}

int ms_csv_next(struct ms_csv *c, struct ms_csv_row *row, struct ms_err *err)
{
	int rc;

	if (c->failed || !c->started || c->end - c->pos < 2 || c->buf[c->pos] == '\n' ||
	    c->buf[c->pos] == '\r') {
		rc = start_record(c, err);
		if (rc <= 0)
			return rc;
	}
	return c->o.check_utf8 ? next_fast(c, row, err, 1) : next_fast(c, row, err, 0);
}

/* ---- writing ---- */

int ms_csv_put_field(struct ms_buf *b, const char *s, size_t len)
{
	size_t i, quotes = 0, total;
	/* a leading U+FEFF would be taken for a BOM at the start of a file */
	int must = len && (s[0] == ' ' || s[len - 1] == ' ' ||
			   (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0));
	char *o;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '"':
			quotes++;
			/* fall through */
		case ',':
		case '\n':
		case '\r':
			must = 1;
		}
	}
	if (!must)
		return ms_buf_add(b, s, len);
	total = len + quotes + 2;
	if (total < len || ms_buf_grow(b, total) < 0)
		return -1;
	o = b->buf + b->len;
	*o++ = '"';
	for (i = 0; i < len; i++) {
		*o++ = s[i];
		if (s[i] == '"')
			*o++ = '"';
	}
	*o++ = '"';
	b->len += total;
	b->buf[b->len] = '\0';
	return 0;
}

int ms_csv_formula_risk(const char *s, size_t len)
{
	return len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		       s[0] == '\r');
}

int ms_csv_put_text(struct ms_buf *b, const char *s, size_t len)
{
	struct ms_buf t = MS_BUF_INIT;
	int rc;

	if (!ms_csv_formula_risk(s, len))
		return ms_csv_put_field(b, s, len);
	ms_buf_addch(&t, '\'');
	ms_buf_add(&t, s, len);
	rc = ms_csv_put_field(b, t.buf, t.len);
	ms_buf_release(&t);
	return rc;
}
