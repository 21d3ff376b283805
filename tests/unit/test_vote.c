/*
 * test_vote.c - the vote's rules (vote/tally.c): over half of ALL deputies,
 * in order of votes, until the places are filled; a tie at the last place
 * or too few over half left for another round; what a ballot may say.
 * Each example of docs/VOTE.md is a row here (its number in the comment).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vote/vote.h"

#define E VOTE_ELECTED
#define N VOTE_NOT_ELECTED
#define A VOTE_AGAIN

struct row {
	const char *name;
	int deputies, places, ncand;
	int64_t votes[8];
	enum vote_outcome want[8];
	int elected, open;
	enum vote_open_reason reason;
	int64_t tie;
};

static const struct row rows[] = {
	/* example 1: places filled in order of votes; over half but below the places: not elected */
	{ "ex1", 50, 3, 5, { 30, 28, 27, 26, 10 }, { E, E, E, N, N }, 3, 0, VOTE_FILLED, 0 },
	/* example 2: a tie at the last place: both left for another round */
	{ "ex2", 50, 2, 4, { 40, 30, 30, 5 }, { E, A, A, N }, 1, 1, VOTE_TIE, 30 },
	/* example 3: too few over half (26 needed of 50): one place left open */
	{ "ex3", 50, 3, 4, { 40, 26, 25, 20 }, { E, E, A, A }, 2, 1, VOTE_TOO_FEW, 0 },
	/* example 4: half of ALL deputies, not of the ballots cast: 25 of 50 is not over half */
	{ "ex4", 50, 2, 3, { 25, 24, 20 }, { A, A, A }, 0, 2, VOTE_TOO_FEW, 0 },
	/* example 5: a tie inside the places decides nothing: both elected */
	{ "ex5", 50, 2, 3, { 40, 40, 30 }, { E, E, N }, 2, 0, VOTE_FILLED, 0 },
	/* example 6: three tied for the last two places: all three again, two places open */
	{ "ex6", 50, 3, 5, { 40, 30, 30, 30, 10 }, { E, A, A, A, N }, 1, 2, VOTE_TIE, 30 },
	/* example 7: a tie below half at the boundary is "too few", not a tie */
	{ "ex7", 50, 3, 4, { 40, 30, 20, 20 }, { E, E, A, A }, 2, 1, VOTE_TOO_FEW, 0 },
	/* boundaries: an odd number of deputies (26 of 51 is over half, 25 is not) */
	{ "odd", 51, 2, 3, { 26, 25, 1 }, { E, A, A }, 1, 1, VOTE_TOO_FEW, 0 },
	/* the county: order by number among equals; the last place shared by 10 and 11 */
	{ "county", 50, 3, 5, { 33, 32, 30, 30, 20 }, { E, E, A, A, N }, 2, 1, VOTE_TIE, 30 },
	/* nobody voted */
	{ "none", 50, 1, 2, { 0, 0 }, { A, A }, 0, 1, VOTE_TOO_FEW, 0 },
	/* places = candidates - 1, all over half, a clear last place */
	{ "clear", 10, 2, 3, { 9, 8, 7 }, { E, E, N }, 2, 0, VOTE_FILLED, 0 },
};

static void test_tally(void **state)
{
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct vote_tally t = { 0 };

		t.deputies = rows[i].deputies;
		t.places = rows[i].places;
		t.ncand = rows[i].ncand;
		memcpy(t.votes, rows[i].votes, sizeof(rows[i].votes));
		vote_tally_compute(&t);
		for (k = 0; k < t.ncand; k++)
			if (t.outcome[k] != rows[i].want[k])
				fail_msg("%s: candidate %d: outcome %d, want %d", rows[i].name, k + 1, t.outcome[k],
					 rows[i].want[k]);
		assert_int_equal(t.elected, rows[i].elected);
		assert_int_equal(t.open, rows[i].open);
		assert_int_equal(t.reason, rows[i].reason);
		assert_int_equal(t.tie_votes, rows[i].tie);
		for (k = 1; k < t.ncand; k++)
			assert_true(t.votes[t.order[k - 1]] >= t.votes[t.order[k]]);
	}
}

/* The order: most votes first, equal votes by number. */
static void test_order(void **state)
{
	struct vote_tally t = { .deputies = 10, .places = 1, .ncand = 4, .votes = { 5, 7, 5, 7 } };

	(void)state;
	vote_tally_compute(&t);
	assert_int_equal(t.order[0], 1);
	assert_int_equal(t.order[1], 3);
	assert_int_equal(t.order[2], 0);
	assert_int_equal(t.order[3], 2);
	assert_int_equal(t.reason, VOTE_TIE);
}

/* example 8: what a ballot may say; more than the places is 无效票 (the count says so), not an error */
static void test_choices(void **state)
{
	static const struct { const char *s; int n; unsigned char first, last; } cases[] = {
		{ "", 0, 0, 0 },                      /* a blank ballot: valid, chooses nobody */
		{ "1", 1, 1, 0 },
		{ "1,15", 2, 1, 1 },
		{ " 3 , 1、2，15 ", 4, 1, 1 },        /* spaces, 、 and full-width commas */
		{ "1,2,3,4,5,6,7,8,9,10,11", 11, 1, 0 }, /* 11 of 10 places: returned as 11, invalid */
		{ "0", -1, 0, 0 },                    /* no candidate 0 */
		{ "16", -1, 0, 0 },                   /* nor 16 of 15 */
		{ "1,1", -1, 0, 0 },                  /* named twice */
		{ "1;x", -1, 0, 0 },
		{ "1-3", -1, 0, 0 },
		{ "99999", -1, 0, 0 },
		{ "１", -1, 0, 0 },                   /* full-width digits are not read */
	};
	unsigned char chosen[VOTE_MAX_CANDIDATES];
	struct ms_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = vote_choices_parse(cases[i].s, 15, chosen, &err);

		if (n != cases[i].n)
			fail_msg("\"%s\": %d, want %d", cases[i].s, n, cases[i].n);
		if (n >= 0) {
			assert_int_equal(chosen[0], cases[i].first);
			assert_int_equal(chosen[14], cases[i].last);
		} else {
			assert_string_equal(err.field, "choices");
		}
	}
}

static void test_summary(void **state)
{
	struct vote_tally t = { .deputies = 50, .places = 2, .ncand = 4, .votes = { 40, 30, 30, 5 } };
	struct ms_buf b = MS_BUF_INIT;

	(void)state;
	vote_tally_compute(&t);
	vote_tally_summary(&b, &t);
	assert_string_equal(b.buf, "应选 2 项，当选 1 项；第2名有 2 个候选项目得票相同（30 票），需就其中 1 项另行投票");
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
