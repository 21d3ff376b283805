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
	return score_bp >= o->excellent * 100 ? EVAL_EXCELLENT : score_bp >= o->good * 100 ? EVAL_GOOD :
	       score_bp >= o->pass * 100 ? EVAL_PASS : EVAL_FAIL;
}

const char *eval_grade_name(enum eval_grade g)
{
	return (unsigned)g < sizeof(grade_cn) / sizeof(grade_cn[0]) ? grade_cn[g] : "";
}

void eval_score_compute(struct eval_score *s, const struct eval_opts *o)
{
	int64_t wc = o->w_completion * 100, wt = o->w_timeliness * 100, ws = o->w_satisfaction * 100;
	int64_t c = s->completion_bp < 0 ? 0 : s->completion_bp;
	int64_t t = s->timeliness_bp < 0 ? MS_BP_ONE : s->timeliness_bp;
	int64_t sat = s->satisfaction_bp < 0 ? 0 : s->satisfaction_bp;

	if (s->satisfaction_bp < 0) {
		/* no survey: its weight goes to the others in proportion */
		int64_t rest = wc + wt;

		wc = rest > 0 ? wc * MS_BP_ONE / rest : MS_BP_ONE;
		wt = MS_BP_ONE - wc;
		ws = 0;
	}
	s->w_completion = (int)wc;
	s->w_timeliness = (int)wt;
	s->w_satisfaction = (int)ws;
	s->score_bp = (int)((wc * c + wt * t + ws * sat + MS_BP_ONE / 2) / MS_BP_ONE);
	s->grade = eval_grade_name(eval_grade_of(s->score_bp, o));
}
