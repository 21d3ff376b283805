/*
 * fuzz_proposal.c - libFuzzer target for the proposals' reader
 * (vote_proposal_csv_each): any bytes as the file — CSV, or an .xlsx when
 * they open as a zip (vote/rows.c over report/xlsx_read; the corpus has
 * two workbooks); every row it hands out
 * has checked words (a title within the cap and valid UTF-8, a known
 * field, a six-digit place) and a line number that never goes down.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* fmemopen, when built outside meson */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "vote/vote.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row(const struct vote_proposal *p, long line, void *arg)
{
	long *last = arg;
	size_t i;
	int known = 0;

	if (!p->title || !*p->title || strlen(p->title) > VOTE_TITLE_MAX || !ms_utf8_valid(p->title, strlen(p->title), NULL))
		abort();
	for (i = 0; vote_fields[i]; i++)
		known |= !strcmp(vote_fields[i], p->field);
	if (!known || strlen(p->place) != 6 || strspn(p->place, "0123456789") != 6 || line < *last)
		abort();
	if (strcmp(p->source, "paper") && strcmp(p->source, "deputy") && strcmp(p->source, "government"))
		abort();
	*last = line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_err err;
	long last = 0;
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	vote_proposal_csv_each(f, "fuzz.csv", "360121", "县", 2024, row, &last, &err);
	fclose(f);
	return 0;
}
