/*
 * score.c - the options of an evaluation, the weighted score and its grade
 * (eval.h): the arithmetic, with no database and no text around it.
 */
#include "eval.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "core/banned.h"

/* The grades, best first: the one table between the enum and its name. */
static const char *const grade_cn[] = {
	[EVAL_EXCELLENT] = "优秀", [EVAL_GOOD] = "良好", [EVAL_PASS] = "合格", [EVAL_FAIL] = "不合格",
	[EVAL_UNRATED] = "未评定",
};

void eval_opts_default(struct eval_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->w_completion = 50;
	o->w_timeliness = 20;
	o->w_satisfaction = 30;
	o->excellent = 90;
	o->good = 80;
	o->pass = 60;
	o->raise_margin = 20;
	o->low_satisfaction = 80;
	o->low_awareness = 60;
}

int eval_weights_parse(struct eval_opts *o, const char *s, struct ms_err *err)
{
	int w[3] = { -1, -1, -1 };
	static const char *const names[] = { "completion", "timeliness", "satisfaction" };
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, "="), i;
		char *end;
		long v;

		for (i = 0; i < 3; i++)
			if (strlen(names[i]) == n && !strncmp(p, names[i], n))
				break;
		if (i == 3 || p[n] != '=')
			return ms_err_field(err, MS_E_INVALID, "weights",
					    "权重应写作 completion=N,timeliness=N,satisfaction=N (weights: \"%.*s\": "
					    "expected completion=N,timeliness=N,satisfaction=N)",
					    ms_utf8_clip(s, strlen(s), 80), s);
		v = strtol(p + n + 1, &end, 10);
		if (end == p + n + 1 || (*end && *end != ',') || v < 0 || v > 100)
			return ms_err_field(err, MS_E_INVALID, "weights",
					    "权重须为0-100的整数 (weights: %s takes a whole number 0-100)", names[i]);
		w[i] = (int)v;
		p = *end ? end + 1 : end;
	}
	if (w[0] < 0 || w[1] < 0 || w[2] < 0)
		return ms_err_field(err, MS_E_INVALID, "weights",
				    "三项权重须全部给出 (weights: give all three of completion, timeliness and satisfaction)");
	if (w[0] + w[1] + w[2] != 100)
		return ms_err_field(err, MS_E_INVALID, "weights", "权重之和须为100 (weights: %d + %d + %d = %d, not 100)",
				    w[0], w[1], w[2], w[0] + w[1] + w[2]);
	o->w_completion = w[0];
	o->w_timeliness = w[1];
	o->w_satisfaction = w[2];
	return 0;
}

int eval_ratio_bp(int64_t k, int64_t n)
{
	int64_t bp;

	if (n <= 0 || ms_muldiv_round(k, MS_BP_ONE, n, &bp))
		return -1;
	return (int)bp;
}

int eval_mean(int64_t sum, int64_t n)
{
	int64_t m;

	if (n <= 0 || ms_muldiv_round(sum, 1, n, &m))
		return -1;
	return (int)m;
}

enum eval_grade eval_grade_of(int score_bp, const struct eval_opts *o)
{
	if (score_bp < 0)
		return EVAL_UNRATED;
	return score_bp >= o->excellent * 100 ? EVAL_EXCELLENT : score_bp >= o->good * 100 ? EVAL_GOOD :
	       score_bp >= o->pass * 100 ? EVAL_PASS : EVAL_FAIL;
}

const char *eval_grade_name(enum eval_grade g)
{
	return (unsigned)g < sizeof(grade_cn) / sizeof(grade_cn[0]) ? grade_cn[g] : "";
}

enum eval_grade eval_grade_capped(int score_bp, int quantified, int met, const struct eval_opts *o, int *capped)
{
	enum eval_grade g = eval_grade_of(score_bp, o);

	*capped = 0;
	if (quantified > 0 && met == 0 && (g == EVAL_EXCELLENT || g == EVAL_GOOD)) {
		*capped = 1;
		g = EVAL_PASS;
	}
	return g;
}

void eval_score_compute(struct eval_score *s, const struct eval_opts *o)
{
	/* the parts in order; a missing one (-1) gives its weight to the present ones in proportion */
	const int part[3] = { s->completion_bp, s->timeliness_bp, s->satisfaction_bp };
	int64_t w[3] = { o->w_completion, o->w_timeliness, o->w_satisfaction };
	int64_t used[3] = { 0, 0, 0 }, present = 0, given = 0, sum = 0;
	int i, first = -1, last = -1;

	for (i = 0; i < 3; i++)
		if (part[i] >= 0) {
			present += w[i];
			first = first < 0 ? i : first;
			last = w[i] ? i : last;
		}
	if (first >= 0 && present == 0) {
		/* the present parts weigh nothing: the first of them (completion) takes it all */
		w[first] = present = 1;
		last = first;
	}
	for (i = 0; i < 3; i++) {
		if (part[i] < 0 || !w[i])
			continue;
		/* each share truncated; the last present part takes the rest so that they add to 100% */
		used[i] = i == last ? MS_BP_ONE - given : w[i] * MS_BP_ONE / present;
		given += used[i];
		sum += used[i] * part[i];
	}
	s->w_completion = (int)used[0];
	s->w_timeliness = (int)used[1];
	s->w_satisfaction = (int)used[2];
	s->score_bp = s->completion_bp < 0 ? -1 : (int)((sum + MS_BP_ONE / 2) / MS_BP_ONE);
	s->g = eval_grade_of(s->score_bp, o);
	s->grade = eval_grade_name(s->g);
}

void eval_points(struct ms_buf *b, int bp)
{
	int tenths = (bp + 5) / 10;

	if (bp < 0)
		ms_buf_adds(b, "未评定");
	else
		ms_buf_addf(b, "%d.%d", tenths / 10, tenths % 10);
}
