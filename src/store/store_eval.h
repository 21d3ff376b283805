/*
 * store_eval.h - the evaluation's tables (store_eval.c): survey responses,
 * saved evaluations and assessors' ratings. Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_EVAL_H
#define MS_STORE_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

struct store_survey {
	const char *plan, *region, *satisfaction, *respondent, *batch;
	int64_t item_no;
	int score;      /* 1-5, 0 when the answer was a category */
	int aware;      /* 1, 0, or -1 when not asked */
};
int store_survey_add(struct store *st, const struct store_survey *s, struct ms_err *err);
/* Per item and region: responses, satisfied (满意 + 基本满意), aware, asked about awareness. */
int store_survey_each(struct store *st, const char *plan,
		      int (*fn)(int64_t item_no, const char *region, int64_t n, int64_t satisfied,
				int64_t aware, int64_t asked, void *arg),
		      void *arg, struct ms_err *err);
/* Saves an evaluation (immutable); *id its number. */
int store_eval_save(struct store *st, const char *plan, int64_t year, const char *as_of,
		    const char *by, const char *doc, int64_t *id, struct ms_err *err);
/* The newest saved evaluation of a year: 1 and doc (and saved "at by") filled, 0 none. */
int store_eval_latest(struct store *st, int64_t year, struct ms_buf *doc, struct ms_buf *saved,
		      struct ms_err *err);

/* An assessor's rating (评定) of an item or an indicator without figures. */
struct store_rating {
	const char *plan, *kind, *target;  /* kind "item" (target "6") or "indicator" (its id) */
	int64_t score;                     /* points, 0-100 */
	const char *basis, *by, *at;       /* at: ISO time */
};
/* Records a rating (kept for good: a new one replaces it in force); *id its number. */
int store_rating_add(struct store *st, const struct store_rating *r, int64_t *id, struct ms_err *err);
/* The ratings in force of the plan (the latest per target), by kind and target. */
int store_rating_each(struct store *st, const char *plan,
		      int (*fn)(const struct store_rating *r, void *arg), void *arg, struct ms_err *err);

#endif
