/*
 * scan.h - the byte-level scanner shared by the money, percentage and date
 * parsers: a cursor over trimmed text, literal matching, blanks, and digits
 * (ASCII or full-width). Everything is inline; nothing allocates.
 */
#ifndef MS_SCAN_H
#define MS_SCAN_H

#include <stddef.h>
#include <string.h>

#define MS_U_SPACE "\xE3\x80\x80" /* U+3000 ideographic space */

struct ms_scan {
	const unsigned char *s;
	size_t len;    /* end of the trimmed text */
	size_t i;      /* the cursor, start <= i <= len */
	size_t start;  /* start of the trimmed text */
};

/* Matches the literal bytes lit at the cursor: 1 and advances, or 0. */
static inline int ms_scan_lit(struct ms_scan *sc, const char *lit)
{
	size_t n = strlen(lit);

	if (sc->len - sc->i < n || memcmp(sc->s + sc->i, lit, n) != 0)
		return 0;
	sc->i += n;
	return 1;
}

/* Skips spaces, tabs and ideographic spaces at the cursor. */
static inline void ms_scan_blanks(struct ms_scan *sc)
{
	for (;;) {
		if (sc->i < sc->len && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t'))
			sc->i++;
		else if (!ms_scan_lit(sc, MS_U_SPACE))
			break;
	}
}

/* Starts a scan of s[0..len) with the blanks at both ends cut off. */
static inline void ms_scan_init(struct ms_scan *sc, const char *s, size_t len)
{
	sc->s = (const unsigned char *)s;
	sc->len = len;
	sc->i = 0;
	ms_scan_blanks(sc);
	for (;;) {
		if (sc->len > sc->i && (sc->s[sc->len - 1] == ' ' || sc->s[sc->len - 1] == '\t'))
			sc->len--;
		else if (sc->len - sc->i >= 3 && memcmp(sc->s + sc->len - 3, MS_U_SPACE, 3) == 0)
			sc->len -= 3;
		else
			break;
	}
	sc->start = sc->i;
}

/*
 * Reads one ASCII or full-width (U+FF10..U+FF19, UTF-8 EF BC 90..99) digit
 * at the cursor; returns 0..9 and advances, or -1 and stays.
 */
static inline int ms_scan_digit(struct ms_scan *sc)
{
	const unsigned char *p = sc->s + sc->i;
	size_t left = sc->len - sc->i;

	if (left >= 1 && p[0] >= '0' && p[0] <= '9') {
		sc->i += 1;
		return p[0] - '0';
	}
	if (left >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
		sc->i += 3;
		return p[2] - 0x90;
	}
	return -1;
}

#endif
