/*
 * test_eval.c - the evaluation's arithmetic (eval/eval.h), boundary cases
 * first: Wilson intervals, the cap on an indicator's part, 未评定 and ratings,
 * grade boundaries and the cap rule, a missing part's weight shared out
 * (no survey, 无应报), the weights. docs/EVALUATION.md's examples are here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eval/eval.h"
#include "eval/eval_parts.h"
#include "ledger/progress.h"

/* Wilson 95% intervals, worked out independently (z = 1.959964). */
static void test_rate(void **state)
{
	static const struct { int64_t k, n; int bp, lo, hi; } rows[] = {
		{ 0, 0, -1, -1, -1 },           /* no responses: no rate */
		{ 0, -3, -1, -1, -1 },
		{ 0, 1, 0, 0, 7935 },           /* one response */
		{ 1, 1, 10000, 2065, 10000 },
		{ 0, 10, 0, 0, 2775 },          /* none satisfied: the low end is 0, not below */
		{ 10, 10, 10000, 7225, 10000 }, /* all satisfied: the high end is 100%, not above */
		{ 1, 2, 5000, 945, 9055 },
		{ 1, 3, 3333, 615, 7923 },
		{ 50, 100, 5000, 4038, 5962 },
		{ 799, 1000, 7990, 7730, 8227 },
		{ 182, 200, 9100, 8622, 9423 },  /* the demo survey's item 1 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct eval_rate r;

		eval_rate_set(&r, rows[i].k, rows[i].n);
		if (r.bp != rows[i].bp || r.lo_bp != rows[i].lo || r.hi_bp != rows[i].hi)
			fail_msg("row %zu: %lld/%lld gave %d [%d, %d], want %d [%d, %d]", i, (long long)rows[i].k,
				 (long long)rows[i].n, r.bp, r.lo_bp, r.hi_bp, rows[i].bp, rows[i].lo, rows[i].hi);
		assert_int_equal(r.n, rows[i].n);
		assert_int_equal(r.k, rows[i].k);
	}
}

/* Ratios and means round half up; nothing to divide by gives -1. */
static void test_ratio_mean(void **state)
{
	static const struct { int64_t k, n; int bp, mean; } rows[] = {
		{ 0, 0, -1, -1 },
		{ 5, 0, -1, -1 },
		{ 1, -1, -1, -1 },
		{ 0, 7, 0, 0 },
		{ 1, 20000, 1, 0 },      /* 0.5 bp: up */
		{ 1, 30000, 0, 0 },      /* 0.33 bp: down */
		{ 1, 2, 5000, 1 },       /* a mean of .5: up */
		{ 2, 3, 6667, 1 },
		{ 7, 7, 10000, 1 },
		{ 3, 2, 15000, 2 },      /* a ratio is not capped */
		{ 19301, 2, 96505000, 9651 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (eval_ratio_bp(rows[i].k, rows[i].n) != rows[i].bp)
			fail_msg("row %zu: eval_ratio_bp(%lld, %lld) = %d, want %d", i, (long long)rows[i].k,
				 (long long)rows[i].n, eval_ratio_bp(rows[i].k, rows[i].n), rows[i].bp);
		if (eval_mean(rows[i].k, rows[i].n) != rows[i].mean)
			fail_msg("row %zu: eval_mean(%lld, %lld) = %d, want %d", i, (long long)rows[i].k,
				 (long long)rows[i].n, eval_mean(rows[i].k, rows[i].n), rows[i].mean);
	}
}

/*
 * An indicator's part: capped at 100%; a target due and not reported 0;
 * without figures (qualitative, or nothing due) the rating, else 未评定 (-1).
 */
static void test_ind_part(void **state)
{
	static const struct { int has_target, completion_bp, expected, narratives, rating, part; } rows[] = {
		{ 1, 10001, 3, 0, -1, 10000 },  /* just over: capped */
		{ 1, 25000, 3, 0, -1, 10000 },  /* far over: capped, cannot hide a missed one */
		{ 1, 10000, 3, 0, -1, 10000 },
		{ 1, 9999, 3, 0, -1, 9999 },
		{ 1, 0, 3, 0, -1, 0 },
		{ 1, 9999, 3, 0, 5000, 9999 },  /* figures win over a rating */
		{ 1, -1, 3, 3, -1, 0 },         /* reports due, no figures: nothing done */
		{ 1, -1, 3, 0, 8000, 0 },       /* ... and a rating cannot make up for them */
		{ 1, -1, 0, 0, -1, -1 },        /* nothing due, no figures: 未评定 */
		{ 1, -1, 0, 0, 8000, 8000 },    /* ... until rated */
		{ 0, -1, 0, 0, -1, -1 },        /* qualitative, not rated: 未评定, never 100 */
		{ 0, -1, 0, 1, -1, -1 },        /* progress reported is not a judgement */
		{ 0, -1, 0, 1, 8000, 8000 },    /* rated */
		{ 0, -1, 0, 0, 0, 0 },          /* rated 0 is a score, not 未评定 */
		{ 0, 5000, 0, 0, -1, -1 },      /* a completion does not count for a qualitative one */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ledger_ind d = { .has_target = rows[i].has_target };
		struct prog_ind pi = { .ind = &d, .completion_bp = rows[i].completion_bp,
				       .narratives = rows[i].narratives, .reports = { .expected = rows[i].expected } };
		int part = eval_ind_part(&pi, rows[i].rating);

		if (part != rows[i].part)
			fail_msg("row %zu: part %d, want %d", i, part, rows[i].part);
	}
}

/* The grade boundaries of the default options: 90, 80, 60 points, each inclusive. */
static void test_grades(void **state)
{
	static const struct { int score_bp; enum eval_grade g; const char *name; } rows[] = {
		{ 10000, EVAL_EXCELLENT, "优秀" }, { 9000, EVAL_EXCELLENT, "优秀" },
		{ 8999, EVAL_GOOD, "良好" }, { 8000, EVAL_GOOD, "良好" },
		{ 7999, EVAL_PASS, "合格" }, { 6000, EVAL_PASS, "合格" },
		{ 5999, EVAL_FAIL, "不合格" }, { 0, EVAL_FAIL, "不合格" },
	};
	struct eval_opts o;
	size_t i;

	(void)state;
	eval_opts_default(&o);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(eval_grade_of(rows[i].score_bp, &o), rows[i].g);
		assert_string_equal(eval_grade_name(rows[i].g), rows[i].name);
	}
	assert_string_equal(eval_grade_name((enum eval_grade)99), "");
	/* no score: 未评定, never a grade */
	assert_int_equal(eval_grade_of(-1, &o), EVAL_UNRATED);
	assert_string_equal(eval_grade_name(EVAL_UNRATED), "未评定");
	/* other thresholds */
	o.excellent = 95;
	assert_int_equal(eval_grade_of(9499, &o), EVAL_GOOD);
	assert_int_equal(eval_grade_of(9500, &o), EVAL_EXCELLENT);
}

/* The cap rule: meeting none of its quantified targets, an item is 合格 at best. */
static void test_grade_cap(void **state)
{
	static const struct { int score_bp, quantified, met; enum eval_grade g; int capped; } rows[] = {
		{ 8087, 4, 0, EVAL_PASS, 1 },       /* item 5: 80.87, 0 of 4 met: 良好 lowered to 合格 */
		{ 9044, 1, 0, EVAL_PASS, 1 },       /* item 10: 0 of 1 met: 优秀 lowered */
		{ 10000, 1, 0, EVAL_PASS, 1 },
		{ 7999, 4, 0, EVAL_PASS, 0 },       /* already 合格: nothing to lower */
		{ 5999, 4, 0, EVAL_FAIL, 0 },       /* 不合格 stays */
		{ 8087, 4, 1, EVAL_GOOD, 0 },       /* one met: no cap */
		{ 9364, 4, 1, EVAL_EXCELLENT, 0 },  /* item 1: 1 of 4 */
		{ 8000, 0, 0, EVAL_GOOD, 0 },       /* no quantified target (rated work): no cap */
		{ -1, 4, 0, EVAL_UNRATED, 0 },      /* 未评定 stays 未评定 */
	};
	struct eval_opts o;
	size_t i;

	(void)state;
	eval_opts_default(&o);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int capped = -1;
		enum eval_grade g = eval_grade_capped(rows[i].score_bp, rows[i].quantified, rows[i].met, &o, &capped);

		if (g != rows[i].g || capped != rows[i].capped)
			fail_msg("row %zu: grade %s capped %d, want %s %d", i, eval_grade_name(g), capped,
				 eval_grade_name(rows[i].g), rows[i].capped);
	}
}

/* Points as the report writes them. */
static void test_points(void **state)
{
	static const struct { int bp; const char *want; } rows[] = {
		{ -1, "未评定" }, { 0, "0.0" }, { 4, "0.0" }, { 5, "0.1" }, { 9426, "94.3" }, { 10000, "100.0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;

		eval_points(&b, rows[i].bp);
		assert_string_equal(b.buf, rows[i].want);
		ms_buf_release(&b);
	}
}

/* Scores: the weights used, the weighted sum, the grade; no survey shares its weight out. */
static void test_score(void **state)
{
	static const struct {
		int wc, wt, ws;                 /* the options' weights, percent */
		int c, t, s;                    /* the parts, bp (-1: none) */
		int uc, ut, us, score;          /* the weights used (bp) and the score */
		const char *grade;
	} rows[] = {
		/* no survey: 30% shared 50 : 20, completion's share truncated, timeliness the rest */
		{ 50, 20, 30, 9651, 8864, -1, 7142, 2858, 0, 9426, "优秀" },
		/* with a survey the weights are as given */
		{ 50, 20, 30, 9651, 8864, 9100, 5000, 2000, 3000, 9328, "优秀" },
		/* everything at the cap */
		{ 50, 20, 30, 10000, 10000, 10000, 5000, 2000, 3000, 10000, "优秀" },
		/* nothing to judge at all: 未评定, no weights, no score */
		{ 50, 20, 30, -1, -1, -1, 0, 0, 0, -1, "未评定" },
		/* no completion (未评定) is no score, whatever else is known */
		{ 50, 20, 30, -1, 9000, 9000, 0, 4000, 6000, -1, "未评定" },
		/* 无应报 and no survey: completion (a rating of 80) takes all the weight — item 6 rated 80 */
		{ 50, 20, 30, 8000, -1, -1, 10000, 0, 0, 8000, "良好" },
		/* 无应报 with a survey: 20% shared 50 : 30 */
		{ 50, 20, 30, 8000, -1, 9000, 6250, 0, 3750, 8375, "良好" },
		/* 无应报 is not 100%: the same work with every report on time scores higher */
		{ 50, 20, 30, 8000, 10000, -1, 7142, 2858, 0, 8572, "良好" },
		/* a present part of weight 0 takes nothing; the rest goes to the weighted ones */
		{ 1, 0, 99, 5000, 10000, -1, 10000, 0, 0, 5000, "不合格" },
		{ 50, 20, 30, 0, 0, 0, 5000, 2000, 3000, 0, "不合格" },
		/* satisfaction only, and no survey: all of it to completion */
		{ 0, 0, 100, 8000, 2000, -1, 10000, 0, 0, 8000, "良好" },
		/* completion only */
		{ 100, 0, 0, 9651, 0, 0, 10000, 0, 0, 9651, "优秀" },
		/* just under a boundary after rounding: 0.5 bp rounds up */
		{ 50, 50, 0, 8999, 9000, -1, 5000, 5000, 0, 9000, "优秀" },
		{ 50, 50, 0, 8998, 9000, -1, 5000, 5000, 0, 8999, "良好" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct eval_opts o;
		struct eval_score s = { .completion_bp = rows[i].c, .timeliness_bp = rows[i].t,
					.satisfaction_bp = rows[i].s };

		eval_opts_default(&o);
		o.w_completion = rows[i].wc;
		o.w_timeliness = rows[i].wt;
		o.w_satisfaction = rows[i].ws;
		eval_score_compute(&s, &o);
		if (s.w_completion != rows[i].uc || s.w_timeliness != rows[i].ut || s.w_satisfaction != rows[i].us ||
		    s.score_bp != rows[i].score)
			fail_msg("row %zu: weights %d %d %d score %d, want %d %d %d %d", i, s.w_completion,
				 s.w_timeliness, s.w_satisfaction, s.score_bp, rows[i].uc, rows[i].ut, rows[i].us,
				 rows[i].score);
		assert_string_equal(s.grade, rows[i].grade);
		assert_string_equal(eval_grade_name(s.g), rows[i].grade);
		if (rows[i].c >= 0 || rows[i].t >= 0 || rows[i].s >= 0)
			assert_int_equal(s.w_completion + s.w_timeliness + s.w_satisfaction, 10000);
	}
}

/* The weights as given: all three, whole numbers, adding up to 100; errors name the field. */
static void test_weights(void **state)
{
	static const struct { const char *s; int rc, c, t, sat; const char *want; } rows[] = {
		{ "completion=50,timeliness=20,satisfaction=30", 0, 50, 20, 30, NULL },
		{ "satisfaction=0,completion=100,timeliness=0", 0, 100, 0, 0, NULL },
		{ "completion=50,timeliness=20,satisfaction=20", -1, 0, 0, 0,
		  "权重之和须为100 (weights: 50 + 20 + 20 = 90, not 100)" },
		{ "completion=50,timeliness=50", -1, 0, 0, 0, "三项权重须全部给出" },
		{ "speed=100", -1, 0, 0, 0, "expected completion=N,timeliness=N,satisfaction=N" },
		{ "completion", -1, 0, 0, 0, "expected completion=N" },
		{ "completion=101,timeliness=0,satisfaction=0", -1, 0, 0, 0, "completion takes a whole number 0-100" },
		{ "completion=-1,timeliness=1,satisfaction=100", -1, 0, 0, 0, "a whole number 0-100" },
		{ "completion=5x,timeliness=45,satisfaction=50", -1, 0, 0, 0, "a whole number 0-100" },
		{ "completion=,timeliness=50,satisfaction=50", -1, 0, 0, 0, "a whole number 0-100" },
		{ "", -1, 0, 0, 0, "三项权重须全部给出" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct eval_opts o;
		struct ms_err err = { 0 };
		int rc;

		eval_opts_default(&o);
		rc = eval_weights_parse(&o, rows[i].s, &err);
		if (rc != rows[i].rc)
			fail_msg("row %zu: \"%s\" gave %d (%s)", i, rows[i].s, rc, err.msg);
		if (rc) {
			if (!strstr(err.msg, rows[i].want))
				fail_msg("row %zu: \"%s\" does not say \"%s\"", i, err.msg, rows[i].want);
			assert_string_equal(err.field, "weights");
			assert_null(strstr(err.msg, "--"));
			/* the options are untouched */
			assert_int_equal(o.w_completion, 50);
			continue;
		}
		assert_int_equal(o.w_completion, rows[i].c);
		assert_int_equal(o.w_timeliness, rows[i].t);
		assert_int_equal(o.w_satisfaction, rows[i].sat);
	}
}

/* The kinds of recommendation and their names, as the JSON has them. */
static void test_rec_kinds(void **state)
{
	static const char *const names[EVAL_REC_KINDS] = { "carry_over", "raise", "review", "supervise", "verify" };
	struct eval ev;
	struct ms_buf t = MS_BUF_INIT;
	int k;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	for (k = 0; k < EVAL_REC_KINDS; k++)
		assert_string_equal(eval_rec_kind_name((enum eval_rec_kind)k), names[k]);
	assert_string_equal(eval_rec_kind_name(EVAL_REC_KINDS), "");
	ms_buf_adds(&t, "第1件");
	eval_rec_add(&ev, EVAL_REVIEW, 1, &t);
	eval_rec_add(&ev, EVAL_VERIFY, 0, &t);
	assert_int_equal(ev.nrec, 2);
	assert_int_equal(ev.rec[0].k, EVAL_REVIEW);
	assert_string_equal(ev.rec[0].kind, "review");
	assert_int_equal(ev.rec[0].item_no, 1);
	assert_string_equal(ev.rec[1].kind, "verify");
	assert_string_equal(ev.rec[1].text, "第1件");
	ms_buf_release(&t);
	eval_free(&ev);
}

/* A surveyed rate as the report gives it. */
static void test_rate_text(void **state)
{
	struct eval_rate r;
	struct ms_buf b = MS_BUF_INIT;

	(void)state;
	eval_rate_set(&r, 182, 200);
	eval_rate_text(&b, &r);
	assert_string_equal(b.buf, "91.0%（95%区间 86.2%–94.2%，200 份）");
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_ratio_mean),
		cmocka_unit_test(test_ind_part),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_grade_cap),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_rec_kinds),
		cmocka_unit_test(test_rate_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
