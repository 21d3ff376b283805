/*
 * text.c - UTF-8 decoding and validation, full-width folding, terminal
 * display width, and Chinese numerals in both directions (see text.h).
 */
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 ---- */

int ms_utf8_decode(const char *s, size_t len, size_t *i, uint32_t *cp)
{
	const unsigned char *p;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, k;
	uint32_t c;

	if (*i >= len)
		return -1;
	p = (const unsigned char *)s + *i;
	if (p[0] < 0x80) {
		*cp = p[0];
		(*i)++;
		return 0;
	}
	/*
	 * The narrowed range for the second byte is what rules out overlong
	 * forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points
	 * past U+10FFFF (F4 90..BF); C0, C1 and F5..FF never start a sequence.
	 */
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else {
		return -1;   /* a stray continuation byte, C0, C1 or F5..FF */
	}
	if (len - *i < n || p[1] < lo || p[1] > hi)
		return -1;
	c = (c << 6) | (p[1] & 0x3F);
	for (k = 2; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[k] & 0x3F);
	}
	*cp = c;
	*i += n;
	return 0;
}

int ms_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (ms_utf8_decode(s, len, &i, &cp) < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
	}
	return 1;
}

int ms_utf8_encode(struct ms_buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return ms_buf_add(b, u, n);
}

/* ---- full-width folding ---- */

int ms_text_normalize(struct ms_buf *out, const char *s, size_t len, struct ms_err *err)
{
	size_t start = out->len, run = 0, i = 0, at;
	uint32_t cp;
	int rc = -1;

	/* copy unchanged stretches whole; stop only at a code point to fold */
	while (i < len) {
		at = i;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (ms_utf8_decode(s, len, &i, &cp) < 0) {
			ms_err_set(err, "invalid UTF-8 at byte %zu (0x%02X)", at, (unsigned char)s[at]);
			goto out;
		}
		if (cp != 0x3000 && (cp < 0xFF01 || cp > 0xFF5E))
			continue;
		if (ms_buf_add(out, s + run, at - run) < 0 ||
		    ms_buf_addch(out, cp == 0x3000 ? ' ' : (int)(cp - 0xFEE0)) < 0)
			goto too_long;
		run = i;
	}
	if (ms_buf_add(out, s + run, len - run) < 0)
		goto too_long;
	rc = 0;
	goto out;
too_long:
	ms_err_set(err, "normalized text passes the %zu-byte limit at input byte %zu", out->cap, run);
out:
	if (rc)
		ms_buf_setlen(out, start);
	return rc;
}

/* ---- display width ---- */

struct cp_range {
	uint32_t lo, hi;
};

/*
 * Generated from Unicode 14.0 (Python's unicodedata). zero_width: general
 * categories Mn, Me and Cf except U+00AD soft hyphen, plus the conjoining
 * Hangul vowels and finals 1160..11FF and D7B0..D7FF, as glibc's wcwidth.
 * wide: East_Asian_Width W or F, minus zero_width (302A..302D, 3099..309A),
 * plus the unassigned code points the standard defaults to W (CJK blocks,
 * planes 2 and 3). Ranges either side of unassigned-only gaps are joined.
 */
static const struct cp_range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0600, 0x0605 },
	{ 0x0610, 0x061A }, { 0x061C, 0x061C }, { 0x064B, 0x065F }, { 0x0670, 0x0670 },
	{ 0x06D6, 0x06DD }, { 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x070F, 0x070F }, { 0x0711, 0x0711 }, { 0x0730, 0x074A }, { 0x07A6, 0x07B0 },
	{ 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD }, { 0x0816, 0x0819 }, { 0x081B, 0x0823 },
	{ 0x0825, 0x0827 }, { 0x0829, 0x082D }, { 0x0859, 0x085B }, { 0x0890, 0x089F },
	{ 0x08CA, 0x0902 }, { 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 },
	{ 0x094D, 0x094D }, { 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0981, 0x0981 },
	{ 0x09BC, 0x09BC }, { 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 },
	{ 0x09FE, 0x0A02 }, { 0x0A3C, 0x0A3C }, { 0x0A41, 0x0A51 }, { 0x0A70, 0x0A71 },
	{ 0x0A75, 0x0A75 }, { 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC8 },
	{ 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 }, { 0x0AFA, 0x0B01 }, { 0x0B3C, 0x0B3C },
	{ 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B56 }, { 0x0B62, 0x0B63 },
	{ 0x0B82, 0x0B82 }, { 0x0BC0, 0x0BC0 }, { 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 },
	{ 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C }, { 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C56 },
	{ 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF },
	{ 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD }, { 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 },
	{ 0x0D3B, 0x0D3C }, { 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 },
	{ 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD6 }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC },
	{ 0x0EC8, 0x0ECD }, { 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 }, { 0x0F37, 0x0F37 },
	{ 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 },
	{ 0x0F8D, 0x0FBC }, { 0x0FC6, 0x0FC6 }, { 0x102D, 0x1030 }, { 0x1032, 0x1037 },
	{ 0x1039, 0x103A }, { 0x103D, 0x103E }, { 0x1058, 0x1059 }, { 0x105E, 0x1060 },
	{ 0x1071, 0x1074 }, { 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108D, 0x108D },
	{ 0x109D, 0x109D }, { 0x1160, 0x11FF }, { 0x135D, 0x135F }, { 0x1712, 0x1714 },
	{ 0x1732, 0x1733 }, { 0x1752, 0x1753 }, { 0x1772, 0x1773 }, { 0x17B4, 0x17B5 },
	{ 0x17B7, 0x17BD }, { 0x17C6, 0x17C6 }, { 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD },
	{ 0x180B, 0x180F }, { 0x1885, 0x1886 }, { 0x18A9, 0x18A9 }, { 0x1920, 0x1922 },
	{ 0x1927, 0x1928 }, { 0x1932, 0x1932 }, { 0x1939, 0x193B }, { 0x1A17, 0x1A18 },
	{ 0x1A1B, 0x1A1B }, { 0x1A56, 0x1A56 }, { 0x1A58, 0x1A60 }, { 0x1A62, 0x1A62 },
	{ 0x1A65, 0x1A6C }, { 0x1A73, 0x1A7F }, { 0x1AB0, 0x1B03 }, { 0x1B34, 0x1B34 },
	{ 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 }, { 0x1B6B, 0x1B73 },
	{ 0x1B80, 0x1B81 }, { 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD },
	{ 0x1BE6, 0x1BE6 }, { 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED }, { 0x1BEF, 0x1BF1 },
	{ 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 }, { 0x1CD4, 0x1CE0 },
	{ 0x1CE2, 0x1CE8 }, { 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x206F },
	{ 0x20D0, 0x20F0 }, { 0x2CEF, 0x2CF1 }, { 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xA66F, 0xA672 }, { 0xA674, 0xA67D },
	{ 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 }, { 0xA802, 0xA802 }, { 0xA806, 0xA806 },
	{ 0xA80B, 0xA80B }, { 0xA825, 0xA826 }, { 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 },
	{ 0xA8E0, 0xA8F1 }, { 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D }, { 0xA947, 0xA951 },
	{ 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 }, { 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD },
	{ 0xA9E5, 0xA9E5 }, { 0xAA29, 0xAA2E }, { 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 },
	{ 0xAA43, 0xAA43 }, { 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 },
	{ 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 }, { 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 },
	{ 0xAAEC, 0xAAED }, { 0xAAF6, 0xAAF6 }, { 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 },
	{ 0xABED, 0xABED }, { 0xD7B0, 0xD7FF }, { 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB },
	{ 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 }, { 0x10376, 0x1037A },
	{ 0x10A01, 0x10A0F }, { 0x10A38, 0x10A3F }, { 0x10AE5, 0x10AE6 },
	{ 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 },
	{ 0x10F82, 0x10F85 }, { 0x11001, 0x11001 }, { 0x11038, 0x11046 },
	{ 0x11070, 0x11070 }, { 0x11073, 0x11074 }, { 0x1107F, 0x11081 },
	{ 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA }, { 0x110BD, 0x110BD },
	{ 0x110C2, 0x110CD }, { 0x11100, 0x11102 }, { 0x11127, 0x1112B },
	{ 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123E, 0x1123E }, { 0x112DF, 0x112DF }, { 0x112E3, 0x112EA },
	{ 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 },
	{ 0x114BA, 0x114BA }, { 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 },
	{ 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD }, { 0x115BF, 0x115C0 },
	{ 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD },
	{ 0x116B0, 0x116B5 }, { 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F },
	{ 0x11722, 0x11725 }, { 0x11727, 0x1172B }, { 0x1182F, 0x11837 },
	{ 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119DB }, { 0x119E0, 0x119E0 },
	{ 0x11A01, 0x11A0A }, { 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E },
	{ 0x11A47, 0x11A47 }, { 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B },
	{ 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 }, { 0x11C30, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 },
	{ 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D45 },
	{ 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 },
	{ 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x13430, 0x13438 },
	{ 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F },
	{ 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1CF00, 0x1CF46 }, { 0x1D167, 0x1D169 },
	{ 0x1D173, 0x1D182 }, { 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD },
	{ 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 }, { 0x1DA3B, 0x1DA6C },
	{ 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 }, { 0x1DA9B, 0x1DAAF },
	{ 0x1E000, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A },
	{ 0xE0001, 0xE01EF },
};

static const struct cp_range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0x3247 }, { 0x3250, 0x4DBF },
	{ 0x4E00, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x18D08 }, { 0x1AFF0, 0x1B2FB },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 },
	{ 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA },
	{ 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 },
	{ 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC },
	{ 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 },
	{ 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 },
	{ 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC },
	{ 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC },
	{ 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A },
	{ 0x1F93C, 0x1F945 }, { 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF6 },
	{ 0x20000, 0x3FFFD },
};

static int in_table(const struct cp_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n, mid;

	if (cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static size_t cp_width(uint32_t cp)
{
	if (cp < 0xA0)
		return cp >= 0x20 && cp < 0x7F;   /* C0, DEL and C1 controls take none */
	if (in_table(zero_width, ARRAY_SIZE(zero_width), cp))
		return 0;
	if (in_table(wide, ARRAY_SIZE(wide), cp))
		return 2;
	return 1;
}

size_t ms_text_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			w += cp_width((unsigned char)s[i]);
			i++;
		} else if (ms_utf8_decode(s, len, &i, &cp) < 0) {
			w++;   /* a terminal shows each bad byte as one replacement glyph */
			i++;
		} else {
			w += cp_width(cp);
		}
	}
	return w;
}

/* ---- Chinese numerals ---- */

#define CN_LIMIT INT64_C(10000000000000000)   /* 10^16: 亿 and 万亿 reach no further */

enum cn_kind {
	CN_DIGIT,   /* val 0..9 */
	CN_UNIT,    /* val 1, 2, 3: 十 百 千, the places inside a section */
	CN_GROUP,   /* val 4, 8: 万 亿, multiplying everything since the last group */
};

static const struct cn_char {
	uint32_t cp;
	enum cn_kind kind;
	int val;
} cn_chars[] = {
	{ 0x3007, CN_DIGIT, 0 },   /* 〇 */
	{ 0x4E00, CN_DIGIT, 1 },   /* 一 */
	{ 0x4E03, CN_DIGIT, 7 },   /* 七 */
	{ 0x4E07, CN_GROUP, 4 },   /* 万 */
	{ 0x4E09, CN_DIGIT, 3 },   /* 三 */
	{ 0x4E24, CN_DIGIT, 2 },   /* 两 */
	{ 0x4E5D, CN_DIGIT, 9 },   /* 九 */
	{ 0x4E8C, CN_DIGIT, 2 },   /* 二 */
	{ 0x4E94, CN_DIGIT, 5 },   /* 五 */
	{ 0x4EBF, CN_GROUP, 8 },   /* 亿 */
	{ 0x4EDF, CN_UNIT, 3 },    /* 仟 */
	{ 0x4F0D, CN_DIGIT, 5 },   /* 伍 */
	{ 0x4F70, CN_UNIT, 2 },    /* 佰 */
	{ 0x5104, CN_GROUP, 8 },   /* 億 */
	{ 0x5169, CN_DIGIT, 2 },   /* 兩 */
	{ 0x516B, CN_DIGIT, 8 },   /* 八 */
	{ 0x516D, CN_DIGIT, 6 },   /* 六 */
	{ 0x5341, CN_UNIT, 1 },    /* 十 */
	{ 0x5343, CN_UNIT, 3 },    /* 千 */
	{ 0x53C1, CN_DIGIT, 3 },   /* 叁 */
	{ 0x53C3, CN_DIGIT, 3 },   /* 參 */
	{ 0x53C4, CN_DIGIT, 3 },   /* 叄 */
	{ 0x56DB, CN_DIGIT, 4 },   /* 四 */
	{ 0x58F9, CN_DIGIT, 1 },   /* 壹 */
	{ 0x62FE, CN_UNIT, 1 },    /* 拾 */
	{ 0x634C, CN_DIGIT, 8 },   /* 捌 */
	{ 0x67D2, CN_DIGIT, 7 },   /* 柒 */
	{ 0x7396, CN_DIGIT, 9 },   /* 玖 */
	{ 0x767E, CN_UNIT, 2 },    /* 百 */
	{ 0x8086, CN_DIGIT, 4 },   /* 肆 */
	{ 0x842C, CN_GROUP, 4 },   /* 萬 */
	{ 0x8CB3, CN_DIGIT, 2 },   /* 貳 */
	{ 0x8D30, CN_DIGIT, 2 },   /* 贰 */
	{ 0x9646, CN_DIGIT, 6 },   /* 陆 */
	{ 0x9678, CN_DIGIT, 6 },   /* 陸 */
	{ 0x96F6, CN_DIGIT, 0 },   /* 零 */
};

static const int64_t cn_pow10[] = { 1, 10, 100, 1000, 10000 };
static const char *const cn_digit[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
static const char *const cn_unit[] = { "", "十", "百", "千" };

/* One character of a numeral: what it is and where it sits in the input. */
struct cn_tok {
	enum cn_kind kind;
	int val;
	size_t at, end;   /* its bytes are s[at..end) */
};

static const struct cn_char *cn_lookup(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_SIZE(cn_chars), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cn_chars[mid].cp < cp)
			lo = mid + 1;
		else if (cn_chars[mid].cp > cp)
			hi = mid;
		else
			return &cn_chars[mid];
	}
	return NULL;
}

/*
 * Fills err with `Chinese numeral "<input>": <reason>`. The input is quoted
 * with control and invalid bytes as \xHH, and cut after about 60 bytes.
 */
__attribute__((format(printf, 4, 5)))
static int cn_fail(struct ms_err *err, const char *s, size_t len, const char *fmt, ...)
{
	struct ms_buf q = MS_BUF_INIT, why = MS_BUF_INIT;
	size_t i = 0, at;
	uint32_t cp;
	va_list ap;

	if (!err)
		return -1;
	while (i < len && q.len < 60) {
		at = i;
		if (ms_utf8_decode(s, len, &i, &cp) < 0) {
			ms_buf_addf(&q, "\\x%02X", (unsigned char)s[i++]);
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\\' || (cp >= 0x80 && cp < 0xA0)) {
			for (; at < i; at++)
				ms_buf_addf(&q, "\\x%02X", (unsigned char)s[at]);
			continue;
		}
		ms_buf_add(&q, s + at, i - at);
	}
	if (i < len)
		ms_buf_adds(&q, "…");
	va_start(ap, fmt);
	ms_buf_vaddf(&why, fmt, ap);
	va_end(ap);
	ms_err_set(err, "Chinese numeral \"%s\": %s", q.buf, why.buf);
	ms_buf_release(&q);
	ms_buf_release(&why);
	return -1;
}

/* A run of digit characters read place by place: "二〇二三" = 2023. */
static int cn_parse_digits(const char *s, size_t len, const struct cn_tok *tok,
			   size_t n, int64_t *out, struct ms_err *err)
{
	int64_t v = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		v = v * 10 + tok[k].val;
		if (v >= CN_LIMIT)
			return cn_fail(err, s, len, "too large at byte %zu (the limit is 10^16)",
				       tok[k].at);
	}
	*out = v;
	return 0;
}

/*
 * The grammar with units. A term is a nonzero digit times 10^place (a bare
 * 十 is 一十); places fall strictly from term to term. 万 and 亿 close a
 * section and multiply everything since the last 亿 (or the start), so 万
 * may come once before 亿 and once after, and "一万亿" is 10^12. Between two
 * terms `gap` counts places, the groups passed included; 零 stands only for
 * a gap of two or more, and a unitless digit after such a gap needs it, as
 * "一百一" (101? 110?) is the ambiguous colloquial abbreviation. Otherwise a
 * missing 零 is forgiven ("一千五十" = 1050), as is a leading "一十".
 */
struct cn_state {
	const char *s;
	size_t len;
	struct ms_err *err;
	int64_t hi, wan, sec;     /* the value: hi 亿 + wan 万 + sec */
	int have_yi, have_wan;    /* have_wan: since the last 亿 */
	int last;                 /* place (0..3) of the last term, -1 before any */
	int dist;                 /* places added by groups since the last term */
	const struct cn_tok *digit, *zero;   /* waiting for what follows them */
};

/* The "%.*s" arguments for a token's characters. */
#define TOK(t) (int)((t)->end - (t)->at), st->s + (t)->at

/* Adds d at place (0..3) of the current section; t is the digit or unit. */
static int cn_term(struct cn_state *st, int d, int place, const struct cn_tok *t)
{
	int gap;

	if (st->last >= 0) {
		gap = st->last + st->dist - place;
		if (gap < 1)
			return cn_fail(st->err, st->s, st->len,
				       "%.*s at byte %zu is out of order: places must fall", TOK(t), t->at);
		if (st->zero && gap < 2)
			return cn_fail(st->err, st->s, st->len,
				       "零 at byte %zu stands for no missing place", st->zero->at);
		if (!st->zero && gap >= 2 && place == 0 && st->dist == 0)
			return cn_fail(st->err, st->s, st->len,
				       "ambiguous abbreviation at byte %zu: write 零%.*s or %.*s%s",
				       t->at, TOK(t), TOK(t), cn_unit[st->last - 1]);
		if (!st->zero && gap >= 2 && place == 0)
			return cn_fail(st->err, st->s, st->len,
				       "ambiguous abbreviation at byte %zu: write 零%.*s, or give %.*s its unit",
				       t->at, TOK(t), TOK(t));
	}
	st->sec += d * cn_pow10[place];
	st->last = place;
	st->dist = 0;
	st->digit = st->zero = NULL;
	return 0;
}

/* 万 or 亿 at t: a digit waiting before it is the section's ones. */
static int cn_group(struct cn_state *st, const struct cn_tok *t)
{
	int yi = t->val == 8;

	if (yi ? st->have_yi : st->have_wan)
		return cn_fail(st->err, st->s, st->len, "second %.*s at byte %zu", TOK(t), t->at);
	if (st->digit && cn_term(st, st->digit->val, 0, st->digit) < 0)
		return -1;
	if (st->zero)
		return cn_fail(st->err, st->s, st->len, "零 at byte %zu comes before %.*s instead of a digit",
			       st->zero->at, TOK(t));
	if (st->sec == 0 && (!yi || st->wan == 0))
		return cn_fail(st->err, st->s, st->len, "%.*s at byte %zu has no number before it",
			       TOK(t), t->at);
	if (yi) {
		st->hi = st->wan * cn_pow10[4] + st->sec;
		st->wan = 0;
		st->have_wan = 0;
		st->have_yi = 1;
	} else {
		st->wan = st->sec;
		st->have_wan = 1;
	}
	st->sec = 0;
	st->dist += t->val;
	return 0;
}

static int cn_parse_units(const char *s, size_t len, const struct cn_tok *tok,
			  size_t n, int64_t *out, struct ms_err *err)
{
	struct cn_state state = { s, len, err, 0, 0, 0, 0, 0, -1, 0, NULL, NULL }, *st = &state;
	const struct cn_tok *t;
	size_t k;

	for (k = 0; k < n; k++) {
		t = &tok[k];
		if (t->kind == CN_DIGIT && st->digit)
			return cn_fail(err, s, len, "%.*s at byte %zu follows the digit %.*s without a unit",
				       TOK(t), t->at, TOK(st->digit));
		if (t->kind == CN_DIGIT && t->val) {
			st->digit = t;
		} else if (t->kind == CN_DIGIT) {
			if (st->zero)
				return cn_fail(err, s, len, "%.*s at byte %zu repeats 零", TOK(t), t->at);
			if (st->last < 0)
				return cn_fail(err, s, len, "%.*s at byte %zu cannot begin a number with units",
					       TOK(t), t->at);
			st->zero = t;
		} else if (t->kind == CN_UNIT) {
			if (!st->digit && t->val != 1)
				return cn_fail(err, s, len, "%.*s at byte %zu needs a digit before it",
					       TOK(t), t->at);
			if (cn_term(st, st->digit ? st->digit->val : 1, t->val, t) < 0)
				return -1;
		} else if (cn_group(st, t) < 0) {
			return -1;
		}
	}
	if (st->digit && cn_term(st, st->digit->val, 0, st->digit) < 0)
		return -1;
	if (st->zero)
		return cn_fail(err, s, len, "零 at byte %zu ends the number", st->zero->at);
	*out = (st->hi * cn_pow10[4] + st->wan) * cn_pow10[4] + st->sec;
	return 0;
}

#undef TOK

int ms_cn_num_parse(const char *s, size_t len, int64_t *out, struct ms_err *err)
{
	struct cn_tok small[32], *tok = small;
	const struct cn_char *c;
	size_t i = 0, n = 0, at;
	int units = 0, rc;
	uint32_t cp;

	if (len == 0)
		return cn_fail(err, s, len, "empty");
	/* each character takes 3 bytes: a long input needs more room */
	if (len / 3 + 1 > ARRAY_SIZE(small)) {
		tok = malloc((len / 3 + 1) * sizeof(*tok));
		if (!tok)
			abort();
	}
	while (i < len) {
		at = i;
		if (ms_utf8_decode(s, len, &i, &cp) < 0) {
			rc = cn_fail(err, s, len, "invalid UTF-8 at byte %zu", at);
			goto out;
		}
		c = cn_lookup(cp);
		if (!c && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) {
			rc = cn_fail(err, s, len, "control character U+%04X at byte %zu", (unsigned)cp, at);
			goto out;
		}
		if (!c) {
			rc = cn_fail(err, s, len, "%.*s at byte %zu is not a Chinese numeral character",
				     (int)(i - at), s + at, at);
			goto out;
		}
		tok[n].kind = c->kind;
		tok[n].val = c->val;
		tok[n].at = at;
		tok[n].end = i;
		units |= c->kind != CN_DIGIT;
		n++;
	}
	if (units)
		rc = cn_parse_units(s, len, tok, n, out, err);
	else
		rc = cn_parse_digits(s, len, tok, n, out, err);
out:
	if (tok != small)
		free(tok);
	return rc;
}

int ms_cn_num_format(struct ms_buf *b, int64_t n)
{
	struct ms_buf tmp = MS_BUF_INIT;
	int digit[16], p, prev = -1, rc;
	int64_t v = n;

	if (n < 0 || n >= CN_LIMIT)
		return -1;
	if (n == 0)
		return ms_buf_adds(b, cn_digit[0]);
	for (p = 0; p < 16; p++, v /= 10)
		digit[p] = (int)(v % 10);
	for (p = 15; p >= 0; p--) {
		if (digit[p]) {
			/*
			 * One 零 for a run of zeros between two terms, except when
			 * the run is only the tail of the previous section and this
			 * term opens the next one at 千: 203000 is 二十万三千.
			 */
			if (prev >= 0 && prev - p >= 2 && !(p % 4 == 3 && p / 4 == prev / 4 - 1))
				ms_buf_adds(&tmp, cn_digit[0]);
			/* a leading 一十 is said 十 */
			if (!(prev < 0 && digit[p] == 1 && p % 4 == 1))
				ms_buf_adds(&tmp, cn_digit[digit[p]]);
			ms_buf_adds(&tmp, cn_unit[p % 4]);
			prev = p;
		}
		if ((p == 12 || p == 4) && (digit[p] || digit[p + 1] || digit[p + 2] || digit[p + 3]))
			ms_buf_adds(&tmp, "万");
		else if (p == 8 && n >= cn_pow10[4] * cn_pow10[4])
			ms_buf_adds(&tmp, "亿");
	}
	rc = ms_buf_add(b, tmp.buf, tmp.len);
	ms_buf_release(&tmp);
	return rc;
}

int ms_utf8_clip(const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k;

	if (n <= max)
		return (int)n;
	k = max;
	while (k > 0 && k > max - 3 && (u[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

int ms_html_escape(struct ms_buf *b, const char *s)
{
	for (;;) {
		size_t run = strcspn(s, "<>&\"'");   /* the text between the characters to escape, copied at once */
		const char *e;

		if (ms_buf_add(b, s, run))
			return -1;
		s += run;
		if (!*s)
			return 0;
		e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : *s == '"' ? "&quot;" : "&#39;";
		if (ms_buf_adds(b, e))
			return -1;
		s++;
	}
}

void ms_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

char *ms_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ms_strdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		abort();
	return p;
}
