/*
 * fuzz_units.c - libFuzzer target for plan/units.c: any bytes as a value
 * typed for an indicator of each unit, bare (plan_value_parse) and in each
 * box a form may send (plan_value_parse_box). Whatever parses must be
 * non-negative, and must come back the same from the form's box
 * (plan_box_format, then read in that box) and from its display form
 * (plan_value_format, then plan_value_parse). A bare number for money, a
 * per-person level or a rate never parses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "plan/units.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *unit, *box;
} cases[] = {
	{ "元", NULL }, { "元", "元" }, { "元", "万元" }, { "元", "亿元" }, { "元", "台" },
	{ "元/人·月", NULL }, { "元/人·月", "元/人·月" }, { "元/人·月", "元" },
	{ "%", NULL }, { "%", "%" }, { "台", NULL }, { "台", "台" }, { "台", "万元" },
};

static int bare(const char *s, size_t n)
{
	size_t i, digits = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr(".,-+ \t", s[i]))
			return 0;
	}
	return digits > 0;
}

static void check(const char *unit, const char *box, const char *s, size_t size, struct ms_buf *b)
{
	struct ms_err err = { "", MS_E_INVALID, "" };
	int64_t v, again;

	if (plan_value_parse_box(unit, box, s, size, &v, &err) != 0) {
		if (!err.msg[0])
			abort();
		return;
	}
	if (v < 0)
		abort();
	if (!box && strcmp(unit, "台") && bare(s, size))
		abort();   /* a bare number for an amount, a level or a rate was taken */
	ms_buf_reset(b);
	if (box && (plan_box_format(b, box, v) < 0 ||
		    plan_value_parse_box(unit, box, b->buf, b->len, &again, &err) != 0 || again != v))
		abort();
	ms_buf_reset(b);
	if (plan_value_format(b, unit, v) < 0 || plan_value_parse(unit, b->buf, b->len, &again, &err) != 0 ||
	    again != v)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t i;

	/* libFuzzer's data is an exact-size heap copy: ASan sees any read past size */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(cases[i].unit, cases[i].box, (const char *)data, size, &b);
	ms_buf_release(&b);
	return 0;
}
