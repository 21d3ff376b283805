/*
 * fuzz_money.c - libFuzzer target for money.c: any bytes as money, as a
 * percentage and as a plain decimal. Whatever parses must be in range, must
 * format and parse back to the same value (both money formats; the percentage
 * with its comparator symbol in front), and what ms_dec_parse accepts at
 * scale 2 ms_money_parse must accept as the same 分; what ms_money_plain (the
 * payroll's fast path) takes, ms_money_parse must read as the same 分. Errors
 * must quote input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/money.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failure leaves a message that starts by quoting the input. */
static void check_err(const struct ms_err *err)
{
	if (err->msg[0] != '"' || !strstr(err->msg, "\": "))
		abort();
}

static void check_money(const char *s, size_t size, struct ms_buf *b)
{
	struct ms_err err = { "", MS_E_INVALID, "" };
	int64_t fen, again, dec, plain;
	int d, is_plain = ms_money_plain(s, size, &plain);

	if (ms_money_parse(s, size, &fen, &err) != 0) {
		check_err(&err);
		if (ms_dec_parse(s, size, 2, MS_MONEY_MAX, &dec, NULL) == 0)
			abort();   /* a plain decimal money would not take */
		if (is_plain)
			abort();   /* the payroll's fast path took what the parser refuses */
		return;
	}
	if (is_plain && plain != fen)
		abort();   /* the fast path read another amount */
	if (fen > MS_MONEY_MAX || fen < -MS_MONEY_MAX)
		abort();
	if (ms_dec_parse(s, size, 2, MS_MONEY_MAX, &dec, NULL) == 0 && dec != fen)
		abort();
	for (d = 0; d < 2; d++) {
		ms_buf_reset(b);
		if ((d ? ms_money_format_display : ms_money_format)(b, fen) != 0)
			abort();
		if (ms_money_parse(b->buf, b->len, &again, &err) != 0 || again != fen)
			abort();
	}
	/* whole 分 amounts times one, and a share of zero, are exact */
	if (ms_muldiv_round(fen, 100, 100, &again) != 0 || again != fen)
		abort();
	if (ms_muldiv_round(fen, 0, 7, &again) != 0 || again != 0)
		abort();
}

static void check_pct(const char *s, size_t size, struct ms_buf *b)
{
	struct ms_err err = { "", MS_E_INVALID, "" };
	enum ms_cmp cmp, cmp2;
	int64_t bp, again;

	if (ms_pct_parse(s, size, &bp, &cmp, &err) != 0) {
		check_err(&err);
		return;
	}
	if (bp < 0 || bp > 100000000 || cmp < MS_CMP_NONE || cmp > MS_CMP_EQ)
		abort();
	ms_buf_reset(b);
	if (ms_buf_adds(b, ms_cmp_symbol(cmp)) != 0 || ms_pct_format(b, bp) != 0)
		abort();
	if (ms_pct_parse(b->buf, b->len, &again, &cmp2, &err) != 0 || again != bp ||
	    cmp2 != cmp)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf b = MS_BUF_INIT;

	/* libFuzzer's data is an exact-size heap copy: ASan sees any read past size */
	check_money((const char *)data, size, &b);
	check_pct((const char *)data, size, &b);
	ms_buf_release(&b);
	return 0;
}
