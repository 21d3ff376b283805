/*
 * view.h - inside the notice importer: the input decoded to UTF-8, and a
 * normalised view of it for matching (full-width folded, blanks and soft
 * line breaks dropped, hard breaks as '\n') with the map back to the bytes.
 */
#ifndef MS_NOTICE_VIEW_H
#define MS_NOTICE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/*
 * Decodes the input into out (UTF-8): copied when it is valid UTF-8 (*enc
 * "UTF-8", *converted 0), else converted from GB18030 (*converted 1). -1
 * with err for binary input (NUL, other control bytes) or text that is
 * neither. out's cap bounds the result.
 */
int nv_decode(struct ms_buf *out, const char *in, size_t len, const char **enc,
	      int *converted, struct ms_err *err);

/* One place where the view differs from the text: view[norm, norm+nlen) is text[orig, orig+olen). */
struct nv_event {
	uint32_t norm, orig, nlen, olen;
};

struct notice_view {
	const char *orig;      /* the UTF-8 text (not owned) */
	size_t olen;
	char *s;               /* the view, NUL-terminated */
	size_t len;
	struct nv_event *ev;   /* in view order */
	size_t nev, aev;
	int traditional;       /* traditional characters were folded to simplified */
	size_t folded;         /* how many */
	size_t noise;          /* runs of junk left out (ASCII junk, converters' pinyin) */
	size_t noise_a, noise_b;   /* the first, in the text */
	size_t table_rows;     /* table rows read as items (table.c) */
};

/* An action on the text while the view is built: text[pos, pos+olen) reads as repl. */
struct nv_action {
	size_t pos, olen;
	char repl[32];
};

struct nv_actions {
	struct nv_action *v;   /* sorted by pos, not overlapping */
	size_t n, alloc;
	size_t extra;          /* bytes the replacements add at most */
};

/*
 * table.c: the actions that make tables pasted as cells (rows of '|' or tab
 * separated cells under a header row with 序号 and a title or content
 * column) read as numbered items with their (责任单位:…) annotations.
 */
void nv_table_actions(const char *text, size_t len, struct nv_actions *as);
void nv_actions_release(struct nv_actions *as);

/* The traditional → simplified character table (t2s_table.c, generated from OpenCC). */
extern const uint16_t nv_t2s_pairs[][2];
extern const size_t nv_t2s_count;

/* The simplified form of c, or c. */
uint32_t nv_t2s(uint32_t c);

/*
 * The length of a run of ASCII junk at text[i] (anti-scraping noise such as
 * "* p/ {) b& x! R8 "): blank-separated tokens of at most three characters,
 * at least two of them, one with a symbol, followed by a CJK character; 0
 * when text[i] starts no such run.
 */
size_t nv_junk_run(const char *text, size_t len, size_t i);

/*
 * Builds the view of text[0..len) (valid UTF-8, len < 4 GiB). The view folds
 * U+FF01..U+FF5E to ASCII and U+3000/NBSP to blanks, drops blanks (keeping one
 * space between two ASCII letters or digits), zero-width characters and a
 * BOM, folds traditional characters to simplified when the text is written
 * in traditional script (same byte length: offsets do not move), leaves out
 * runs of ASCII junk between Chinese text and converters' pinyin pairs
 * (關(guān)), and replaces each line break run by '\n' when it ends a line that is
 * a unit of its own (after 。！？；：), before a marker, or a short line such
 * as a heading), else by nothing: a hard-wrapped sentence reads as one.
 */
int nv_build(struct notice_view *v, const char *text, size_t len, struct ms_err *err);
void nv_release(struct notice_view *v);

/* The text offset where the view's byte p starts, and where a span ending at view byte b ends. */
size_t nv_start(const struct notice_view *v, size_t p);
size_t nv_end(const struct notice_view *v, size_t b);

/* UTF-8 helpers on the view (always valid UTF-8). */
static inline uint32_t nv_cp(const char *s, size_t len, size_t i, size_t *next)
{
	const unsigned char *p = (const unsigned char *)s + i;
	uint32_t c;

	if (i >= len) {
		*next = i;
		return 0;
	}
	if (p[0] < 0x80) {
		*next = i + 1;
		return p[0];
	}
	if (p[0] < 0xE0 && i + 1 < len) {
		*next = i + 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0 && i + 2 < len) {
		*next = i + 3;
		c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return c;
	}
	if (i + 3 < len) {
		*next = i + 4;
		return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	}
	*next = len;
	return 0xFFFD;
}

/* The code point ending just before i (i > 0), and where it starts. */
static inline uint32_t nv_prev_cp(const char *s, size_t i, size_t *start)
{
	size_t j = i, next;

	while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80 && i - j < 3)
		j--;
	if (j > 0)
		j--;
	*start = j;
	return nv_cp(s, i, j, &next);
}

static inline int nv_is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

static inline int nv_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

#endif
