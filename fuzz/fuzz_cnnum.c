/*
 * fuzz_cnnum.c - libFuzzer target for text.c: any bytes through UTF-8
 * validation, decoding and encoding, full-width folding, display width and
 * the Chinese numeral parser. Checks that they agree on what is valid
 * UTF-8, that folding keeps it valid, and that a parsed number formats and
 * parses back to itself (as does the number the first 8 bytes spell).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"

#include "core/banned.h"

#define E16 INT64_C(10000000000000000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* format(n) parses back to n, and its text is all 2-column characters. */
static void check_round_trip(int64_t n)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	int64_t back = -1;

	if (ms_cn_num_format(&b, n) != 0 || b.len == 0)
		abort();
	if (ms_cn_num_parse(b.buf, b.len, &back, &err) != 0 || back != n)
		abort();
	if (ms_text_width(b.buf, b.len) != b.len / 3 * 2)
		abort();
	ms_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ms_buf norm = MS_BUF_INIT, again = MS_BUF_INIT, enc = MS_BUF_INIT;
	struct ms_err err;
	size_t bad = SIZE_MAX, i = 0, start;
	uint64_t u;
	int64_t n = -1;
	uint32_t cp;
	int valid;

	/*
	 * The validator and a decode loop find the same first bad byte, and
	 * each code point decoded encodes back to the bytes it came from.
	 */
	valid = ms_utf8_valid(s, size, &bad);
	for (start = 0; i < size && ms_utf8_decode(s, size, &i, &cp) == 0; start = i) {
		ms_buf_reset(&enc);
		if (ms_utf8_encode(&enc, cp) != 0 || enc.len != i - start ||
		    memcmp(enc.buf, s + start, enc.len) != 0)
			abort();
	}
	if (valid != (i == size) || (!valid && bad != i))
		abort();

	if (ms_text_width(s, size) > 2 * size)
		abort();

	/* folding succeeds exactly on valid UTF-8, gives valid UTF-8, and is stable */
	err.msg[0] = '\0';
	if (ms_text_normalize(&norm, s, size, &err) == 0) {
		if (!valid || norm.len > size || !ms_utf8_valid(norm.buf, norm.len, NULL))
			abort();
		if (ms_text_width(norm.buf, norm.len) > ms_text_width(s, size))
			abort();
		if (ms_text_normalize(&again, norm.buf, norm.len, &err) != 0 ||
		    again.len != norm.len || memcmp(again.buf, norm.buf, norm.len) != 0)
			abort();
	} else if (valid || norm.len != 0 || strncmp(err.msg, "invalid UTF-8 at byte ", 22) != 0) {
		abort();
	}

	/* a numeral that parses survives format and parse; a failure says why */
	err.msg[0] = '\0';
	if (ms_cn_num_parse(s, size, &n, &err) == 0) {
		if (n < 0 || !valid)
			abort();
		if (n < E16)
			check_round_trip(n);
	} else if (strncmp(err.msg, "Chinese numeral \"", 17) != 0 || n != -1) {
		abort();
	}

	/* the first 8 bytes as a number in range */
	if (size >= 8) {
		memcpy(&u, data, sizeof(u));
		check_round_trip((int64_t)(u % (uint64_t)E16));
	}

	ms_buf_release(&norm);
	ms_buf_release(&again);
	ms_buf_release(&enc);
	return 0;
}
