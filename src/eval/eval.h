/*
 * eval.h - the year-end appraisal (评议评价评估): satisfaction surveys,
 * a score and grade per item, lead unit and city, and recommendations for
 * next year that cite their figures.
 *
 * Score (0-100, in basis points internally) = the weighted mean of
 *   completion    each indicator's completion capped at 100% (so one
 *                 over-fulfilled target cannot hide a missed one); a
 *                 target whose reports were due but gave no figures 0;
 *                 an indicator without figures (qualitative, or nothing
 *                 due) from an assessor's rating, 未评定 until rated and
 *                 then left out; the mean over the item's judged indicators;
 *   timeliness    reports on time / reports expected, all rounds due by
 *                 as_of; 无应报 (none) when nothing was due;
 *   satisfaction  (满意 + 基本满意) / responses in the surveys.
 * A part that is missing (no survey, nothing due) has its weight shared out
 * over the others in proportion, and says so. An item none of whose parts
 * could be judged is 未评定: no score, no grade, not counted. An item that
 * meets none of its quantified targets is graded 合格 at best.
 * docs/EVALUATION.md states the rules.
 */
#ifndef MS_EVAL_H
#define MS_EVAL_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "ledger/ledger.h"

/* Imports survey responses (one row per response) in one transaction. */
int eval_survey_import(struct ledger *l, const char *path, long *n, struct ms_err *err);

/* A rate with its 95% Wilson interval, in basis points; n = 0: no data. */
struct eval_rate {
	int64_t n, k;
	int bp, lo_bp, hi_bp;
};
void eval_rate_set(struct eval_rate *r, int64_t k, int64_t n);

struct eval_opts {
	ms_day as_of;
	int w_completion, w_timeliness, w_satisfaction;  /* percent, adding to 100 */
	int excellent, good, pass;                       /* grade thresholds, points */
	int raise_margin;                                /* exceeded by more than this many points: raise */
	int low_satisfaction, low_awareness;             /* flag below these, percent */
};
/* The defaults: 50/20/30; 90/80/60; 20; 80, 60. */
void eval_opts_default(struct eval_opts *o);
/* "completion=50,timeliness=20,satisfaction=30" into o; they must add up to 100. */
int eval_weights_parse(struct eval_opts *o, const char *s, struct ms_err *err);

/* Basis points of k out of n, rounded half up; -1 when n <= 0. */
int eval_ratio_bp(int64_t k, int64_t n);
/* sum / n rounded half up; -1 when n <= 0. */
int eval_mean(int64_t sum, int64_t n);

/* The grades, best first, then 未评定; eval_grade_name gives 优秀 良好 合格 不合格 未评定. */
enum eval_grade { EVAL_EXCELLENT, EVAL_GOOD, EVAL_PASS, EVAL_FAIL, EVAL_UNRATED, EVAL_GRADES };
/* The grade of a score: at or above o's excellent, good, pass points, else EVAL_FAIL; -1: EVAL_UNRATED. */
enum eval_grade eval_grade_of(int score_bp, const struct eval_opts *o);
const char *eval_grade_name(enum eval_grade g);
/*
 * The cap rule: an item with quantified targets (quantified > 0) that meets
 * none of them (met == 0) is graded no better than 合格. Returns the grade
 * of score_bp under the rule; *capped 1 when the rule lowered it.
 */
enum eval_grade eval_grade_capped(int score_bp, int quantified, int met, const struct eval_opts *o, int *capped);

struct eval_score {
	int completion_bp;            /* -1: 未评定 (nothing to judge the work by) */
	int timeliness_bp;            /* -1: 无应报 (no report was due) */
	int satisfaction_bp;          /* -1: no survey */
	int w_completion, w_timeliness, w_satisfaction;     /* the weights used, percent x 100 */
	int score_bp;                 /* -1: 未评定 */
	enum eval_grade g;
	const char *grade;            /* eval_grade_name(g): 优秀 良好 合格 不合格 未评定 */
};
/*
 * Fills s's weights, score and grade from its three parts: a part of -1
 * (无应报, no survey) shares its weight out over the others in proportion;
 * completion -1 makes the score -1 and the grade 未评定.
 */
void eval_score_compute(struct eval_score *s, const struct eval_opts *o);

/* Appends a score's points with one decimal, rounded half up ("94.3"); 未评定 for -1. */
void eval_points(struct ms_buf *b, int bp);

struct eval_item {
	int64_t no;
	char title[192], leads[256];
	struct eval_score s;
	struct eval_rate satisfaction, awareness;
	int indicators, met;          /* indicators with a target, met of them */
	int unrated;                  /* indicators left out as 未评定 */
	int rated;                    /* indicators scored from a rating */
	int capped;                   /* the cap rule lowered the grade to 合格 */
	char basis[900];              /* the completion's parts, for the reader */
};

struct eval_group {
	char code[32], name[128];
	struct eval_score s;
	int items;                    /* lead units: items led (its scores are the items' means) */
	int graded, timed;            /* lead units: items graded (not 未评定), items with reports due */
	struct eval_rate satisfaction;                      /* cities: their respondents */
	int late, missing;            /* reports */
};

/* The kinds of recommendation, in the order the report gives them. */
enum eval_rec_kind { EVAL_CARRY_OVER, EVAL_RAISE, EVAL_REVIEW, EVAL_SUPERVISE, EVAL_VERIFY, EVAL_REC_KINDS };
/* "carry_over" "raise" "review" "supervise" "verify", as in the JSON. */
const char *eval_rec_kind_name(enum eval_rec_kind k);

struct eval_rec {
	enum eval_rec_kind k;
	char kind[16];                /* eval_rec_kind_name(k) */
	int64_t item_no;              /* 0 when not about one item */
	char text[1200];
};

/* This year's item set beside last year's from its saved evaluation, matched by title. */
struct eval_cmp {
	int64_t no, prev_no;
	char prev_title[192];
	int prev_score_bp, prev_completion_bp;  /* -1: not in the saved evaluation */
	char prev_grade[16];
	int match_pct;                          /* title likeness (bigram Dice), 50-100 */
};

/* An assessor's rating in force (the latest of its target). */
struct eval_rating {
	char kind[16];                /* "item" or "indicator" */
	char target[64];              /* "6" or the indicator's id */
	int score_bp;
	char basis[600], by[64], at[32];
	int used;                     /* 1 when it scored something (an indicator without figures) */
};

struct eval {
	char plan[64];
	int64_t year;
	ms_day as_of;
	int demo;
	int survey;                   /* any survey responses at all */
	struct eval_opts o;
	struct eval_item *item;
	size_t nitem;
	struct eval_group *lead, *city;
	size_t nlead, ncity;
	struct eval_rec *rec;
	size_t nrec;
	struct eval_rating *rating;
	size_t nrating;
	int grades[EVAL_GRADES];      /* items per grade; 未评定 ones are not counted among the four */
	/* year over year: the items shared with last year's saved evaluation */
	int64_t cmp_year;             /* 0: nothing to compare with */
	char cmp_note[400];           /* what was compared, or why not ("" when no other plan) */
	struct eval_cmp *cmp;
	size_t ncmp;
};

/* Evaluates the plan of the ledger as of o->as_of. */
int eval_compute(struct ledger *l, const struct eval_opts *o, struct eval *ev, struct ms_err *err);
void eval_free(struct eval *ev);

json_t *eval_json(const struct eval *ev);
struct bulletin;
/*
 * The evaluation as a document (report/bulletin.h), which bulletin_md,
 * bulletin_html and bulletin_xlsx write: a readable report, a page, a
 * workbook (sheet 评估). Free it with bulletin_free.
 */
void eval_doc(const struct eval *ev, struct bulletin *bl);

/*
 * Records an assessor's rating of target in l's plan: an item ("6") or an
 * indicator ("6.infant_care_subsidy"); score the text of a whole number
 * 0-100; basis what it rests on (required). The latest rating of a target is
 * in force; it scores the target's indicators without figures. *points
 * (if not NULL) gets the score read. One transaction with its journal row;
 * errors name the field (target, score, basis).
 */
int eval_rate(struct ledger *l, const char *target, const char *score, const char *basis, int *points,
	      struct ms_err *err);
/*
 * A rating's score: a whole number of points 0-100 as a clerk types it
 * ("80", "８０", "80分"; no sign, no blanks, no decimals). 0, or -1 with err
 * naming the field "score" and quoting the input.
 */
int eval_score_parse(const char *score, int64_t *points, struct ms_err *err);
/* The ratings in force of ev's plan into ev->rating (eval_compute calls it). */
int eval_ratings_load(struct eval *ev, struct store *st, struct ms_err *err);

/* Saves the evaluation's JSON as an immutable snapshot, journaled. */
int eval_save(struct ledger *l, const struct eval *ev, int64_t *id, struct ms_err *err);

/*
 * Title likeness, 0-100: 100 × the Dice coefficient of the two titles'
 * character bigrams (last year's items matched to this year's; the vote's
 * near-duplicate proposals). 50 or more is "the same thing".
 */
int eval_title_likeness(const char *a, const char *b);

#endif
