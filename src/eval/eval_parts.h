/*
 * eval_parts.h - what the files of src/eval/ share among themselves (not for
 * other modules): recommendations, a rate as text, year over year.
 */
#ifndef MS_EVAL_PARTS_H
#define MS_EVAL_PARTS_H

#include "eval/eval.h"
#include "store/store.h"

struct prog_ind;
/*
 * An indicator's part in its item's completion, in basis points: its
 * completion capped at 100% (an over-fulfilled target cannot hide a missed
 * one); 0 for a target whose reports were due and gave no figures; else
 * (qualitative, or nothing due) rating_bp, the assessor's rating in force,
 * -1 (未评定: left out) when there is none.
 */
int eval_ind_part(const struct prog_ind *pi, int rating_bp);

/* Appends a recommendation of kind k (about item_no, 0 for none) with text. */
void eval_rec_add(struct eval *ev, enum eval_rec_kind k, int64_t item_no, const struct ms_buf *text);

/* Appends "91.0%（95%区间 86.2%–94.2%，200 份）": a surveyed rate with its interval. */
void eval_rate_text(struct ms_buf *b, const struct eval_rate *r);

/*
 * Year over year: fills ev->cmp from last year's saved evaluation, its items
 * matched to ev's by title, and ev->cmp_note; without a saved one, the note
 * says to save it when last year's plan is in the database.
 */
int eval_compare_prev(struct eval *ev, struct store *st, struct ms_err *err);

#endif
