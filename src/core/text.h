/*
 * text.h - UTF-8 validation and decoding, full-width normalisation,
 * display width for terminal tables, and Chinese numerals both ways.
 */
#ifndef MS_TEXT_H
#define MS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/*
 * Decodes one code point at s[*i] (i < len), advancing *i. Returns 0, or -1
 * for an invalid sequence (overlong, surrogate, > U+10FFFF, truncated, a
 * stray continuation byte, or *i >= len), in which case *i is left unchanged.
 */
int ms_utf8_decode(const char *s, size_t len, size_t *i, uint32_t *cp);

/*
 * 1 when s[0..len) is valid UTF-8; otherwise 0, with *bad (if not NULL) set to
 * the offset of the first bad byte.
 */
int ms_utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * The most bytes of s[0..n), at most max, that do not end inside a UTF-8
 * character: for quoting input in a message ("%.*s") without cutting a
 * character in half.
 */
int ms_utf8_clip(const char *s, size_t n, size_t max);

/* Appends s with & < > " ' as HTML entities (pages and HTML bulletins). */
int ms_html_escape(struct ms_buf *b, const char *s);

/* Appends the UTF-8 encoding of cp; -1 for an invalid code point or past cap. */
int ms_utf8_encode(struct ms_buf *b, uint32_t cp);

/*
 * Appends s with full-width forms folded: U+FF01..U+FF5E to ASCII ('１０'
 * -> "10", '（' -> "("), U+3000 ideographic space to ' '. Everything else is
 * copied. Invalid UTF-8 is an error naming the byte offset ("invalid UTF-8
 * at byte 17 (0xC0)"), as is passing out's cap; on error out is as it was.
 */
int ms_text_normalize(struct ms_buf *out, const char *s, size_t len, struct ms_err *err);

/*
 * Columns s takes in a terminal: East Asian Wide and Fullwidth 2, combining
 * marks, format characters and controls 0, others 1; each invalid byte 1.
 */
size_t ms_text_width(const char *s, size_t len);

/*
 * Parses a Chinese numeral: 零/〇 一 二/两 三 … 九, 十 百 千 万 亿 (and the
 * financial forms 壹贰叁肆伍陆柒捌玖拾佰仟, traditional 兩貳參叄陸萬億):
 * "十"=10, "十一"=11, "二十"=20, "一百零五"=105, "两万"=20000,
 * "一千零一"=1001, "十万"=100000, "一亿零三"=100000003, "一万亿"=10^12.
 * Also a plain run of digit characters "二〇二三"=2023. Results are below
 * 10^16. Malformed sequences ("十十", "万一万", "一二十", empty), the
 * ambiguous abbreviation "一百一", and any other character, ASCII digits
 * included, are errors naming the input and the byte offset; *out is then
 * untouched.
 */
int ms_cn_num_parse(const char *s, size_t len, int64_t *out, struct ms_err *err);

/*
 * Appends n (0 <= n < 10^16) in Chinese: 10 "十", 11 "十一", 105 "一百零五",
 * 20000 "二万", 0 "零", 110 "一百一十", 100000003 "一亿零三". Returns 0, or -1
 * with b unchanged when n is out of range or b's cap would be passed.
 */
int ms_cn_num_format(struct ms_buf *b, int64_t n);

/* snprintf(dst, n, "%s", src) without the formatting machinery (n > 0): the loads copy thousands of fields. */
void ms_copy(char *dst, size_t n, const char *src);
/* A copy of s (NULL: ""); aborts when memory runs out, for callers with no way to report it. */
char *ms_strdup(const char *s);
/* A NUL-terminated copy of the n bytes at s (which may hold NULs); aborts when out of memory. */
char *ms_strndup(const char *s, size_t n);

#endif
