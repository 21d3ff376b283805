/*
 * scan.h - the byte-level scanning shared by the number and date parsers.
 */
#ifndef MS_SCAN_H
#define MS_SCAN_H

#include <stddef.h>

/*
 * Reads one ASCII or full-width (U+FF10..U+FF19, UTF-8 EF BC 90..99) digit
 * at s[*i] (i < len allowed to equal len); returns 0..9 and advances *i, or
 * -1 and leaves *i.
 */
static inline int ms_scan_digit(const unsigned char *s, size_t len, size_t *i)
{
	const unsigned char *p = s + *i;
	size_t left = len - *i;

	if (left >= 1 && p[0] >= '0' && p[0] <= '9') {
		*i += 1;
		return p[0] - '0';
	}
	if (left >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
		*i += 3;
		return p[2] - 0x90;
	}
	return -1;
}

#endif
