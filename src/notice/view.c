/*
 * view.c - reading the notice's bytes as UTF-8 (converting GB18030), and the
 * normalised view the importer matches on, with its map back to the bytes.
 */
#include "view.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/banned.h"

/* ---------- decoding ---------- */

static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') ||
	       c == 0x7F;
}

/*
 * How much of the input reads as UTF-8: the high bytes inside well-formed
 * multi-byte sequences, against all high bytes. GBK text almost never forms
 * long runs of valid sequences, so a mostly-valid file is damaged UTF-8, not
 * GBK, and converting it would only make mojibake.
 */
static int mostly_utf8(const char *s, size_t len)
{
	size_t i = 0, good = 0, high = 0;
	uint32_t cp;

	while (i < len) {
		size_t at = i;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (ms_utf8_decode(s, len, &i, &cp) == 0) {
			good += i - at;
			high += i - at;
		} else {
			high++;
			i++;
		}
	}
	return high && good * 10 >= high * 9;
}

static int gb18030_to_utf8(struct ms_buf *out, const char *in, size_t len, struct ms_err *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char chunk[65536], *ip = (char *)in;
	size_t ileft = len;
	int rc = -1;

	if (cd == (iconv_t)-1)
		return ms_err_set(err, "无法转换GB18030编码 (cannot convert from GB18030 here: %s)", strerror(errno));
	while (ileft) {
		char *op = chunk;
		size_t oleft = sizeof(chunk), r = iconv(cd, &ip, &ileft, &op, &oleft);

		if (ms_buf_add(out, chunk, (size_t)(op - chunk)) < 0) {
			ms_err_set(err, "转换后的文本过大 (the converted text passes the %zu-byte limit)", out->cap);
			goto out;
		}
		if (r == (size_t)-1 && errno != E2BIG) {
			ms_err_set(err, "编码无法识别 (neither UTF-8 nor GB18030: %s sequence at byte %zu)",
				   errno == EINVAL ? "an incomplete" : "an invalid", (size_t)(ip - in));
			goto out;
		}
	}
	rc = 0;
out:
	iconv_close(cd);
	return rc;
}

int nv_decode(struct ms_buf *out, const char *in, size_t len, const char **enc,
	      int *converted, struct ms_err *err)
{
	size_t i, bad = 0;
	uint32_t cp;

	*enc = "UTF-8";
	*converted = 0;
	if (len >= 2 && (((unsigned char)in[0] == 0xFF && (unsigned char)in[1] == 0xFE) ||
			 ((unsigned char)in[0] == 0xFE && (unsigned char)in[1] == 0xFF)))
		return ms_err_set(err, "不支持UTF-16 (UTF-16 text is not read; save the notice as UTF-8 or GB18030)");
	for (i = 0; i < len; i++)
		if (is_control((unsigned char)in[i]))
			return ms_err_set(err, "不是文本文件 (binary input: control byte 0x%02X at byte %zu; a notice is text)",
					  (unsigned char)in[i], i);
	if (ms_utf8_valid(in, len, &bad)) {
		if (ms_buf_add(out, in, len) < 0)
			return ms_err_set(err, "通知过大 (the notice passes the %zu-byte limit)", out->cap);
		return 0;
	}
	if (mostly_utf8(in, len))
		return ms_err_set(err, "UTF-8编码损坏 (invalid UTF-8 at byte %zu, 0x%02X, in text that is otherwise UTF-8)",
				  bad, (unsigned char)in[bad]);
	if (gb18030_to_utf8(out, in, len, err) < 0) {
		ms_buf_setlen(out, 0);
		return ms_err_prefix(err, "UTF-8编码损坏 (invalid UTF-8 at byte %zu)", bad);
	}
	/* C1 controls are no more text in GB18030 than in UTF-8 */
	for (i = 0; i < out->len;) {
		size_t at = i;

		if (ms_utf8_decode(out->buf, out->len, &i, &cp) < 0 || (cp >= 0x80 && cp < 0xA0)) {
			ms_buf_setlen(out, 0);
			return ms_err_set(err, "不是文本文件 (binary input: not text as GB18030 either, byte %zu of the converted text)", at);
		}
	}
	*enc = "GB18030";
	*converted = 1;
	return 0;
}

/* ---------- the view ---------- */

static void add_event(struct notice_view *v, size_t norm, size_t orig, size_t nlen, size_t olen)
{
	if (v->nev == v->aev) {
		v->aev = v->aev ? v->aev * 2 : 256;
		v->ev = realloc(v->ev, v->aev * sizeof(*v->ev));
		if (!v->ev)
			abort();
	}
	v->ev[v->nev].norm = (uint32_t)norm;
	v->ev[v->nev].orig = (uint32_t)orig;
	v->ev[v->nev].nlen = (uint32_t)nlen;
	v->ev[v->nev].olen = (uint32_t)olen;
	v->nev++;
}

static int is_blank_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x202F || c == 0x205F;
}

static int is_invisible_cp(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || (c < 0x20 && c != '\t' &&
	       c != '\n' && c != '\r' && c != '\v' && c != '\f') || c == 0x7F;
}

static int is_break_cp(uint32_t c)
{
	return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 ||
	       c == 0x2029;
}

/* The code point at s[i], full-width forms folded. */
static uint32_t folded_cp(const char *s, size_t len, size_t i, size_t *next)
{
	uint32_t c = nv_cp(s, len, i, next);

	return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
}

static int is_cn_digit(uint32_t c)
{
	static const uint32_t d[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
				      0x516B, 0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007 };
	size_t k;

	for (k = 0; k < sizeof(d) / sizeof(d[0]); k++)
		if (d[k] == c)
			return 1;
	return 0;
}

uint32_t nv_t2s(uint32_t c)
{
	size_t lo = 0, hi = nv_t2s_count;

	if (c < nv_t2s_pairs[0][0] || c > 0xFFFF)
		return c;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nv_t2s_pairs[mid][0] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nv_t2s_count && nv_t2s_pairs[lo][0] == c ? nv_t2s_pairs[lo][1] : c;
}

static int is_junk_symbol(int c)
{
	return c && strchr("*{}()&!%$#@^~/\\[]<>-+=?;'`_", c) != NULL;
}

/* A token of a junk run: its length, whether it counts as junk ([2] and a lone - do not). */
static int junk_token(const char *t, size_t n)
{
	size_t k;
	int sym = 0;

	if (n >= 3 && t[0] == '[' && t[n - 1] == ']')
		return 0;   /* a citation: [2] */
	if (n == 1 && t[0] == '-')
		return 0;   /* a bullet or a dash */
	for (k = 0; k < n; k++)
		sym |= is_junk_symbol(t[k]);
	return sym;
}

size_t nv_junk_run(const char *text, size_t len, size_t i)
{
	size_t p = i, tok = 0, ntok = 0, sym = 0, next, last_a = i, last_n = 0;

	while (p < len && (unsigned char)text[p] < 0x80 && text[p] != '\n' && text[p] != '\r') {
		if (text[p] == ' ' || text[p] == '\t') {
			if (tok) {
				ntok++;
				sym += junk_token(text + p - tok, tok);
				last_a = p - tok;
				last_n = tok;
			}
			tok = 0;
		} else if (++tok > 3 || (unsigned char)text[p] < 0x21) {
			return 0;
		}
		p++;
	}
	if (tok) {
		size_t k, digit = 0;

		for (k = p - tok; k < p; k++)
			digit |= nv_is_digit(text[k]);
		if (digit) {
			/* F3个: a figure may end the run; the run stops before it */
			p -= tok;
			while (p > i && (text[p - 1] == ' ' || text[p - 1] == '\t'))
				p--;
			return ntok >= 2 && sym ? p - i : 0;
		}
		ntok++;
		sym += junk_token(text + p - tok, tok);
		last_a = p - tok;
		last_n = tok;
	}
	/* … [2] - 推进: a bullet after a citation, not junk */
	if (last_n == 1 && text[last_a] == '-')
		return 0;
	if (ntok < 2 || !sym || p >= len || !nv_is_cjk(nv_cp(text, len, p, &next)))
		return 0;
	return p - i;
}

/* A converter's pinyin after a character, 關(guān): its length at text[i] ('('), else 0. */
static size_t pinyin_pair(const char *text, size_t len, size_t i)
{
	size_t p = i + 1, next, n = 0;
	int tone = 0;
	uint32_t c;

	if (i >= len || text[i] != '(')
		return 0;
	while (p < len && n < 8) {
		c = nv_cp(text, len, p, &next);
		if (c == ')')
			return n && tone ? next - i : 0;
		if (c >= 0xE0 && c <= 0x1DC)
			tone = 1;
		else if (!(c >= 'a' && c <= 'z'))
			return 0;
		n++;
		p = next;
	}
	return 0;
}

/* Does the text at i (after a line break) start like an item marker? */
static int looks_like_marker(const char *s, size_t len, size_t i)
{
	size_t n = 0, next;
	uint32_t c;

	i += nv_junk_run(s, len, i);
	c = folded_cp(s, len, i, &next);

	if (c == '(' || c == 0x7B2C /* 第 */ || (c >= 0x2460 && c <= 0x2473))
		return 1;
	if (is_cn_digit(c)) {
		while (is_cn_digit(c) && n < 5) {
			c = folded_cp(s, len, next, &next);
			n++;
		}
		return c == 0x3001; /* 、 */
	}
	if (nv_is_digit((int)c)) {
		while (nv_is_digit((int)c) && n < 4) {
			c = folded_cp(s, len, next, &next);
			n++;
		}
		if (c == 0x3001)
			return 1;
		if (c == '.') {
			c = folded_cp(s, len, next, &next);
			return !nv_is_digit((int)c);
		}
	}
	return 0;
}

static int isalnum_ascii(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ends_unit(uint32_t c)
{
	return c == 0x3002 || c == '!' || c == '?' || c == ';' || c == ':' || c == ')' ||
	       c == 0x300D || c == 0x300F || c == 0x201D || c == 0x3011 || c == '"';
}

/* The longest line counted as a heading or a signature, not a wrapped sentence. */
#define SHORT_LINE 25

/*
 * Is the line starting at text[i] short and without end punctuation — a
 * heading, a document number, a signature or a date standing alone?
 */
static int header_line(const char *text, size_t len, size_t i)
{
	size_t n = 0, next;
	uint32_t c, last = 0;

	while (i < len && n <= SHORT_LINE) {
		c = nv_cp(text, len, i, &next);
		if (is_break_cp(c))
			break;
		if (!is_blank_cp(c)) {
			last = c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
			n++;
		}
		i = next;
	}
	return n <= SHORT_LINE && !ends_unit(last) && last != 0xFF0C && last != ',' && last != 0x3001;
}

/* Does the view so far end with a word that closes a title (…的通知)? */
static int ends_title(const char *w, const char *start)
{
	static const char *const words[] = { "通知", "方案", "办法", "意见", "决定", NULL };
	size_t k, n;

	for (k = 0; words[k]; k++) {
		n = strlen(words[k]);
		if ((size_t)(w - start) >= n && !memcmp(w - n, words[k], n))
			return 1;
	}
	return 0;
}

/* Written in traditional script: at least 8 characters and 2% of the CJK ones fold. */
static int is_traditional(const char *text, size_t len)
{
	size_t i = 0, next, cjk = 0, trad = 0;
	uint32_t c;

	while (i < len) {
		c = nv_cp(text, len, i, &next);
		if (nv_is_cjk(c)) {
			cjk++;
			trad += nv_t2s(c) != c;
		}
		i = next;
	}
	return trad >= 8 && trad * 50 >= cjk;
}

static void note_noise(struct notice_view *v, size_t a, size_t b)
{
	if (!v->noise++) {
		v->noise_a = a;
		v->noise_b = b;
	}
}

/* Noise at text[i] (c its code point, prev the view's last): left out of the view, its length; else 0. */
static size_t noise_at(struct notice_view *v, const char *text, size_t len, size_t i, uint32_t c,
		       uint32_t prev, size_t norm)
{
	size_t junk = 0;

	if (c < 0x80 && !isalnum_ascii(prev))
		junk = nv_junk_run(text, len, i);
	if (!junk && c == '(' && nv_is_cjk(prev))
		junk = pinyin_pair(text, len, i);
	if (junk) {
		add_event(v, norm, i, 0, junk);
		note_noise(v, i, i + junk);
	}
	return junk;
}

/* " - 实施…" after Chinese text (or a [1] citation): a bullet, which starts a line in the view. */
static int bullet_at(const char *text, size_t len, size_t i, uint32_t prev)
{
	size_t next;

	return text[i] == '-' && i + 2 < len && (text[i + 1] == ' ' || text[i + 1] == '\t') &&
	       (nv_is_cjk(prev) || prev == ']') && nv_is_cjk(nv_cp(text, len, i + 2, &next));
}

/* Applies action x at w; returns the new w and sets *prev to what the view now ends with. */
static char *apply_action(struct notice_view *v, char *w, const struct nv_action *x, uint32_t *prev,
			  size_t *line_chars)
{
	size_t n = strlen(x->repl), st;

	add_event(v, (size_t)(w - v->s), x->pos, n, x->olen);
	memcpy(w, x->repl, n);
	w += n;
	if (n) {
		*prev = nv_prev_cp(v->s, (size_t)(w - v->s), &st);
		if (*prev == '\n') {
			*line_chars = 0;
			v->table_rows++;
		}
	}
	return w;
}

int nv_build(struct notice_view *v, const char *text, size_t len, struct ms_err *err)
{
	size_t i = 0, next, line_chars = 0, ai = 0;
	uint32_t c, prev = 0;
	char *w;
	struct nv_actions as;

	memset(v, 0, sizeof(*v));
	if (len >= UINT32_MAX)
		return ms_err_set(err, "通知过大 (the notice passes 4 GiB)");
	v->orig = text;
	v->olen = len;
	nv_table_actions(text, len, &as);
	v->s = malloc(len + as.extra + 1);
	if (!v->s)
		abort();
	w = v->s;
	v->traditional = is_traditional(text, len);
	while (i < len) {
		size_t at = i, junk;
		int brk = 0;

		if (ai < as.n && as.v[ai].pos <= i) {
			if (as.v[ai].pos == i) {
				w = apply_action(v, w, &as.v[ai], &prev, &line_chars);
				i += as.v[ai].olen;
			}
			ai++;
			continue;
		}
		c = nv_cp(text, len, i, &next);
		if ((junk = noise_at(v, text, len, i, c, prev, (size_t)(w - v->s)))) {
			i += junk;
			continue;
		}
		if (is_blank_cp(c) || is_break_cp(c) || is_invisible_cp(c)) {
			uint32_t after;
			size_t nn;

			/* a run of blanks, breaks and invisibles */
			while (i < len) {
				c = nv_cp(text, len, i, &next);
				if (is_break_cp(c))
					brk = 1;
				else if (!is_blank_cp(c) && !is_invisible_cp(c))
					break;
				i = next;
			}
			after = i < len ? folded_cp(text, len, i, &nn) : 0;
			if (w > v->s && i < len &&
			    ((brk && (ends_unit(prev) || line_chars < SHORT_LINE || looks_like_marker(text, len, i) ||
				      ends_title(w, v->s) || header_line(text, len, i))) ||
			     (!brk && i > at && bullet_at(text, len, i, prev)))) {
				add_event(v, (size_t)(w - v->s), at, 1, i - at);
				*w++ = '\n';
				prev = '\n';
			} else if (!brk && prev < 0x80 && after < 0x80 && isalnum_ascii(prev) &&
				   isalnum_ascii(after)) {
				if (i - at != 1 || text[at] != ' ')
					add_event(v, (size_t)(w - v->s), at, 1, i - at);
				*w++ = ' ';
			} else {
				add_event(v, (size_t)(w - v->s), at, 0, i - at);
			}
			if (brk)
				line_chars = 0;
			continue;
		}
		if (c >= 0xFF01 && c <= 0xFF5E) {
			add_event(v, (size_t)(w - v->s), at, 1, next - at);
			c -= 0xFEE0;
			*w++ = (char)c;
		} else if (v->traditional && next - at == 3 && nv_t2s(c) != c) {
			/* same length: the view's offsets stay the text's */
			uint32_t t = nv_t2s(c);

			*w++ = (char)(0xE0 | (t >> 12));
			*w++ = (char)(0x80 | ((t >> 6) & 0x3F));
			*w++ = (char)(0x80 | (t & 0x3F));
			v->folded++;
			c = t;
		} else {
			memcpy(w, text + at, next - at);
			w += next - at;
		}
		prev = c;
		line_chars++;
		i = next;
	}
	*w = '\0';
	v->len = (size_t)(w - v->s);
	nv_actions_release(&as);
	return 0;
}

void nv_release(struct notice_view *v)
{
	free(v->s);
	free(v->ev);
	memset(v, 0, sizeof(*v));
}

/* The last event whose view offset is <= p (strict: < p), or -1. */
static long last_event(const struct notice_view *v, size_t p, int strict)
{
	size_t lo = 0, hi = v->nev;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strict ? v->ev[mid].norm < p : v->ev[mid].norm <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

size_t nv_start(const struct notice_view *v, size_t p)
{
	long k = last_event(v, p, 0);
	const struct nv_event *e;

	if (k < 0)
		return p;
	e = &v->ev[k];
	if (p < (size_t)e->norm + e->nlen)
		return e->orig;
	return e->orig + e->olen + (p - e->norm - e->nlen);
}

size_t nv_end(const struct notice_view *v, size_t b)
{
	long k = last_event(v, b, 1);
	const struct nv_event *e;

	if (k < 0)
		return b;
	e = &v->ev[k];
	if (b <= (size_t)e->norm + e->nlen)
		return e->orig + e->olen;
	return e->orig + e->olen + (b - e->norm - e->nlen);
}
