/*
 * tally.c - the vote's rules as a pure function (docs/VOTE.md): over half
 * of all deputies, in order of votes, until the places are filled; a tie
 * at the last place or too few over half left for another round. And the
 * ballot's choices as typed.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/banned.h"

static int over_half(const struct vote_tally *t, int64_t v)
{
	return v * 2 > (int64_t)t->deputies;
}

/* order[]: by votes, most first; equal votes by number. */
static void tally_order(struct vote_tally *t)
{
	int i, j, k;

	for (i = 0; i < t->ncand; i++) {
		k = i;
		for (j = i; j > 0 && t->votes[t->order[j - 1]] < t->votes[k]; j--)
			t->order[j] = t->order[j - 1];
		t->order[j] = k;
	}
}

void vote_tally_compute(struct vote_tally *t)
{
	int i, over = 0, last;
	int64_t v;

	if (t->ncand < 0)
		t->ncand = 0;
	if (t->ncand > VOTE_MAX_CANDIDATES)
		t->ncand = VOTE_MAX_CANDIDATES;
	tally_order(t);
	for (i = 0; i < t->ncand; i++) {
		t->outcome[i] = VOTE_NOT_ELECTED;
		if (over_half(t, t->votes[i]))
			over++;
	}
	t->elected = 0;
	t->tie_votes = 0;
	t->reason = VOTE_FILLED;
	if (over <= t->places) {
		/* every candidate over half is elected; the places left wait for another round */
		for (i = 0; i < over; i++)
			t->outcome[t->order[i]] = VOTE_ELECTED;
		t->elected = over;
		t->open = t->places - over;
		if (t->open > 0) {
			t->reason = VOTE_TOO_FEW;
			for (i = over; i < t->ncand; i++)
				t->outcome[t->order[i]] = VOTE_AGAIN;
		}
		return;
	}
	/* more over half than places: the last place's votes decide, unless shared across it */
	last = t->places - 1;
	v = t->votes[t->order[last]];
	if (t->votes[t->order[last + 1]] != v) {
		for (i = 0; i < t->places; i++)
			t->outcome[t->order[i]] = VOTE_ELECTED;
		t->elected = t->places;
		t->open = 0;
		return;
	}
	for (i = 0; i < t->ncand && t->votes[t->order[i]] > v; i++)
		t->outcome[t->order[i]] = VOTE_ELECTED;
	t->elected = i;
	for (; i < t->ncand && t->votes[t->order[i]] == v; i++)
		t->outcome[t->order[i]] = VOTE_AGAIN;
	t->open = t->places - t->elected;
	t->reason = VOTE_TIE;
	t->tie_votes = v;
}

void vote_tally_summary(struct ms_buf *b, const struct vote_tally *t)
{
	int i, again = 0;

	for (i = 0; i < t->ncand; i++)
		again += t->outcome[i] == VOTE_AGAIN;
	ms_buf_addf(b, "应选 %d 项，当选 %d 项", t->places, t->elected);
	if (t->reason == VOTE_TIE)
		ms_buf_addf(b, "；第%d名有 %d 个候选项目得票相同（%lld 票），需就其中 %d 项另行投票", t->elected + 1,
			    again, (long long)t->tie_votes, t->open);
	else if (t->reason == VOTE_TOO_FEW)
		ms_buf_addf(b, "；得票过全体代表半数的候选项目不足，尚缺 %d 项，需另行投票", t->open);
	else
		ms_buf_adds(b, "；名额已满");
}

/* Skips separators: ASCII comma, space, tab, 、 and ，. */
static const char *skip_seps(const char *p)
{
	for (;;) {
		if (*p == ',' || *p == ' ' || *p == '\t' || *p == ';')
			p++;
		else if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3))
			p += 3;
		else
			return p;
	}
}

int vote_choices_parse(const char *s, int ncand, unsigned char *chosen, struct ms_err *err)
{
	const char *p = s;
	int n = 0;

	memset(chosen, 0, (size_t)(ncand > 0 ? ncand : 0));
	if (!s)
		return 0;
	if (strlen(s) > 1024)
		return ms_err_field(err, MS_E_INVALID, "choices", "选票过长（a ballot names candidates by number）");
	for (p = skip_seps(p); *p; p = skip_seps(p)) {
		long v = 0;
		int digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 4) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (!digits || (*p >= '0' && *p <= '9') ||
		    (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != ';' && strncmp(p, "、", 3) &&
		     strncmp(p, "，", 3)))
			return ms_err_field(err, MS_E_INVALID, "choices",
					    "选票应列出候选项目的序号，以逗号分隔，如 1,3,7 (candidate numbers)");
		if (v < 1 || v > ncand)
			return ms_err_field(err, MS_E_INVALID, "choices", "没有序号为 %ld 的候选项目（1–%d） (no such candidate)",
					    v, ncand);
		if (chosen[v - 1])
			return ms_err_field(err, MS_E_INVALID, "choices", "候选项目 %ld 选了两次 (named twice)", v);
		chosen[v - 1] = 1;
		n++;
	}
	return n;
}
