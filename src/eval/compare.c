/*
 * compare.c - year over year (eval_parts.h): this year's items beside last
 * year's saved evaluation, matched by the likeness of their titles.
 */
#include "eval_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "core/banned.h"

int eval_title_likeness(const char *a, const char *b)
{
	uint32_t x[96], y[96];
	size_t nx = 0, ny = 0, i, j, common = 0;
	size_t p;
	char used[96] = { 0 };

	for (p = 0; a[p] && nx < 96;)
		if (ms_utf8_decode(a, strlen(a), &p, &x[nx++]) < 0)
			return 0;
	for (p = 0; b[p] && ny < 96;)
		if (ms_utf8_decode(b, strlen(b), &p, &y[ny++]) < 0)
			return 0;
	if (nx < 2 || ny < 2)
		return nx == ny && nx && x[0] == y[0] ? 100 : 0;
	for (i = 0; i + 1 < nx; i++)
		for (j = 0; j + 1 < ny; j++)
			if (!used[j] && x[i] == y[j] && x[i + 1] == y[j + 1]) {
				used[j] = 1;
				common++;
				break;
			}
	return (int)(200 * common / (nx - 1 + ny - 1));
}

static int bp_of(const json_t *v)
{
	const char *s = json_string_value(v);
	struct ms_err e;
	int64_t bp;

	if (!s || ms_pct_parse(s, strlen(s), &bp, NULL, &e) || bp < 0 || bp > 100 * MS_BP_ONE)
		return -1;
	return (int)bp;
}

/* The best match of at least 50 for title among last year's items not yet taken, or -1. */
static long best_match(const char *title, json_t *items, const char *taken, int *likes)
{
	json_t *it;
	size_t k;
	long at = -1;

	*likes = 49;
	json_array_foreach(items, k, it) {
		const char *t = json_string_value(json_object_get(it, "title"));
		int m = t && !taken[k] ? eval_title_likeness(title, t) : 0;

		if (m > *likes) {
			*likes = m;
			at = (long)k;
		}
	}
	return at;
}

/* Matches each of this year's items to one of last year's (each used once). */
static void match_items(struct eval *ev, json_t *items)
{
	char *taken = calloc(json_array_size(items) + 1, 1);
	size_t i;

	ev->cmp = calloc(ev->nitem + 1, sizeof(*ev->cmp));
	if (!taken || !ev->cmp)
		abort();
	for (i = 0; i < ev->nitem; i++) {
		struct eval_cmp *c;
		int best;
		long at = best_match(ev->item[i].title, items, taken, &best);
		json_t *it;

		if (at < 0)
			continue;
		it = json_array_get(items, (size_t)at);
		taken[at] = 1;
		c = &ev->cmp[ev->ncmp++];
		c->no = ev->item[i].no;
		c->prev_no = json_integer_value(json_object_get(it, "no"));
		snprintf(c->prev_title, sizeof(c->prev_title), "%s", json_string_value(json_object_get(it, "title")));
		c->prev_score_bp = bp_of(json_object_get(it, "score"));
		c->prev_completion_bp = bp_of(json_object_get(it, "completion"));
		snprintf(c->prev_grade, sizeof(c->prev_grade), "%s",
			 json_is_string(json_object_get(it, "grade")) ? json_string_value(json_object_get(it, "grade")) : "");
		c->match_pct = best;
	}
	free(taken);
}

/* No saved evaluation of last year: a note when its plan is here. */
static int note_unsaved(struct eval *ev, struct store *st, int64_t prev, struct ms_err *err)
{
	struct ms_buf id = MS_BUF_INIT;
	int r = store_plan_of_year(st, prev, &id, err);

	ms_buf_release(&id);
	if (r < 0)
		return -1;
	if (r == 1)
		snprintf(ev->cmp_note, sizeof(ev->cmp_note),
			 "数据库中有%lld年的计划，但尚未保存其评估，无法同比；先保存%lld年的评估后再评估"
			 " (save the %lld evaluation first)。",
			 (long long)prev, (long long)prev, (long long)prev);
	return 0;
}

int eval_compare_prev(struct eval *ev, struct store *st, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, saved = MS_BUF_INIT;
	int64_t prev = ev->year - 1;
	json_t *j = NULL, *items;
	int r, rc = -1;

	r = store_eval_latest(st, prev, &doc, &saved, err);
	if (r < 0)
		goto out;
	if (r == 0) {
		rc = note_unsaved(ev, st, prev, err);
		goto out;
	}
	j = json_loadb(doc.buf, doc.len, 0, NULL);
	items = json_object_get(j, "items");
	if (!json_is_array(items)) {
		snprintf(ev->cmp_note, sizeof(ev->cmp_note), "%lld年保存的评估无法读取，未作同比。", (long long)prev);
		rc = 0;
		goto out;
	}
	match_items(ev, items);
	ev->cmp_year = prev;
	snprintf(ev->cmp_note, sizeof(ev->cmp_note), "与%lld年保存的评估（%s，计划 %s）比较；按实事名称对应，%zu 件可比。",
		 (long long)prev, saved.buf, json_string_value(json_object_get(j, "plan")) ?
		 json_string_value(json_object_get(j, "plan")) : "?", ev->ncmp);
	rc = 0;
out:
	json_decref(j);
	ms_buf_release(&doc);
	ms_buf_release(&saved);
	return rc;
}
