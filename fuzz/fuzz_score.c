/*
 * fuzz_score.c - libFuzzer target for eval_score_parse (eval/rating.c), the
 * score of an assessor's rating as typed on the 评估 form or the API: any
 * bytes. Whatever parses is a whole number 0-100 that parses back from its
 * decimal writing, also in full-width digits and with 分; a refusal names
 * the field "score" and a message that is valid UTF-8 when the input was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "eval/eval.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "85" as full-width digits with 分: "８５分". */
static void fullwidth(char *out, size_t n, int64_t v)
{
	char d[8];
	size_t i, k = 0;

	snprintf(d, sizeof(d), "%lld", (long long)v);
	for (i = 0; d[i] && k + 4 < n; i++) {
		out[k++] = (char)0xef;
		out[k++] = (char)0xbc;
		out[k++] = (char)(0x90 + (d[i] - '0'));
	}
	out[k] = '\0';
	if (k + 4 < n)
		memcpy(out + k, "分", sizeof("分"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_err err = { "", MS_E_INVALID, "" };
	char *s = malloc(size + 1), back[64];
	int64_t v, again;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';   /* the web and the CLI hand over C strings: a NUL ends it */
	if (eval_score_parse(s, &v, &err) != 0) {
		if (strcmp(err.field, "score") || !strstr(err.msg, "score"))
			abort();
		if (ms_utf8_valid(s, strlen(s), NULL) && !ms_utf8_valid(err.msg, strlen(err.msg), NULL))
			abort();
	} else {
		if (v < 0 || v > 100)
			abort();
		snprintf(back, sizeof(back), "%lld", (long long)v);
		if (eval_score_parse(back, &again, &err) != 0 || again != v)
			abort();
		fullwidth(back, sizeof(back), v);
		if (eval_score_parse(back, &again, &err) != 0 || again != v)
			abort();
	}
	free(s);
	return 0;
}
