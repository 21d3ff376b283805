/*
 * fuzz_ballot.c - libFuzzer target for a ballot's choices
 * (vote_choices_parse) and the tally (vote_tally_compute): the first bytes
 * set the candidates, places and deputies, the rest is the ballot as typed.
 * Checks: a parsed ballot marks exactly the number it returns, every mark
 * within the candidates; the tally elects at most the places, only
 * candidates over half of all deputies, never one with fewer votes than a
 * candidate it leaves out, and elected + open = places.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vote/vote.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tally(const uint8_t *data, size_t size)
{
	struct vote_tally t = { 0 };
	int i, j;

	if (size < 3)
		return;
	t.ncand = 1 + data[0] % 20;
	t.places = 1 + data[1] % t.ncand;
	t.deputies = 1 + data[2];
	for (i = 0; i < t.ncand; i++)
		t.votes[i] = 3 + (size_t)i < size ? data[3 + i] % (t.deputies + 1) : 0;
	vote_tally_compute(&t);
	if (t.elected > t.places || t.elected + t.open != t.places || t.elected < 0 || t.open < 0)
		abort();
	for (i = 0; i < t.ncand; i++) {
		if (t.outcome[i] != VOTE_ELECTED)
			continue;
		if (t.votes[i] * 2 <= t.deputies)
			abort();
		for (j = 0; j < t.ncand; j++)
			if (t.outcome[j] != VOTE_ELECTED && t.votes[j] >= t.votes[i])
				abort();   /* a tie across the line is never decided */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char chosen[VOTE_MAX_CANDIDATES];
	struct ms_err err;
	char *s;
	int ncand, n, i, marks = 0;

	check_tally(data, size);
	if (!size)
		return 0;
	ncand = 1 + data[0] % VOTE_MAX_CANDIDATES;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	n = vote_choices_parse(s, ncand, chosen, &err);
	if (n >= 0) {
		for (i = 0; i < ncand; i++) {
			if (chosen[i] > 1)
				abort();
			marks += chosen[i];
		}
		if (marks != n)
			abort();
	}
	free(s);
	return 0;
}
