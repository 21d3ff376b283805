/*
 * entry.c - a unit's whole round at once (the 报送 form, the Excel sheet):
 * every row checked by the rules of one report, then all stored in one
 * transaction with a journal row each, or none; and the reviewer's bulk
 * approval or return, one transaction for all the rows chosen.
 */
#include "ledger.h"
#include "ledger_parts.h"
#include "progress_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/banned.h"

/* The stored report of a row, as far as the comparison needs it. */
struct stored {
	int found;
	char status[16];
	int has_value, has_ratio;
	int64_t value, numerator, denominator;
	struct ms_buf narrative, reason;
	int narrative_null, reason_null;
};

static int take_stored(const struct store_report *r, void *arg)
{
	struct stored *s = arg;

	s->found = 1;
	snprintf(s->status, sizeof(s->status), "%s", r->status);
	s->has_value = r->has_value;
	s->has_ratio = r->has_ratio;
	s->value = r->value;
	s->numerator = r->numerator;
	s->denominator = r->denominator;
	ms_buf_reset(&s->narrative);
	ms_buf_reset(&s->reason);
	ms_buf_adds(&s->narrative, r->narrative ? r->narrative : "");
	ms_buf_adds(&s->reason, r->reason ? r->reason : "");
	s->narrative_null = !r->narrative;
	s->reason_null = !r->reason;
	return 0;
}

static int same_text(const char *a, int b_null, const struct ms_buf *b)
{
	if (!a)
		return b_null;
	return !b_null && !strcmp(a, b->buf);
}

/*
 * Does r say exactly what s says? Submitting: and s is submitted already.
 * Saving a draft: in any status (a submitted or returned report is not
 * taken back by a 保存草稿 that does not change it).
 */
static int same_report(const struct store_report *r, const struct stored *s, int draft)
{
	if (!s->found || (!draft && strcmp(r->status, s->status)) || r->has_value != s->has_value ||
	    r->has_ratio != s->has_ratio)
		return 0;
	if (r->has_value && r->value != s->value)
		return 0;
	if (r->has_ratio && (r->numerator != s->numerator || r->denominator != s->denominator))
		return 0;
	return same_text(r->narrative, s->narrative_null, &s->narrative) &&
	       same_text(r->reason, s->reason_null, &s->reason);
}

static int filled(const char *s)
{
	return s && *s;
}

static int row_blank(const struct ledger_report_in *in)
{
	return !filled(in->value) && !filled(in->numerator) && !filled(in->denominator) &&
	       !filled(in->narrative) && !filled(in->reason) && !in->from_sites;
}

/* Notes row i's refusal; 1 when the batch may go on checking (a refusal of the input), else 0. */
static int row_refused(struct ledger_batch *b, size_t i, const struct ms_err *e)
{
	if (b->nerr < b->cap) {
		b->errs[b->nerr].row = i;
		b->errs[b->nerr].err = *e;
	}
	b->nerr++;
	return e->kind == MS_E_INVALID || e->kind == MS_E_NOTFOUND || e->kind == MS_E_CONFLICT;
}

/* One row: left out (closed, blank draft, unchanged), or checked and stored. 0, or -1 with e. */
static int batch_row(struct ledger *l, struct ledger_batch *b, const struct ledger_report_in *in,
		     struct stored *s, struct ms_err *e)
{
	const struct ledger_round *rd = ledger_round_find(l, in->round, e);
	struct store_report r;

	if (!rd)
		return -1;
	s->found = 0;
	if (store_report_get(l->st, l->plan, in->indicator, in->org, rd->due, take_stored, s, e) < 0)
		return -1;
	if (s->found && !strcmp(s->status, "approved")) {
		b->closed++;
		return 0;
	}
	if (b->draft && row_blank(in)) {
		b->blank++;
		return 0;
	}
	if (ledger_report_check(l, in, &r, NULL, e))
		return -1;
	if (same_report(&r, s, b->draft)) {
		b->same++;
		return 0;
	}
	if (ledger_report_put(l, &r, e))
		return -1;
	b->written++;
	return 0;
}

int ledger_report_batch(struct ledger *l, struct ledger_batch *b, struct ms_err *err)
{
	struct stored s = { 0, "", 0, 0, 0, 0, 0, MS_BUF_INIT, MS_BUF_INIT, 0, 0 };
	struct ms_err e, first;
	size_t i;
	int rc = 0;

	b->nerr = b->written = b->same = b->blank = b->closed = 0;
	memset(&first, 0, sizeof(first));
	if (store_begin(l->st, err))
		return -1;
	for (i = 0; i < b->n; i++) {
		struct ledger_report_in in = b->in[i];

		in.draft = b->draft;
		if (!batch_row(l, b, &in, &s, &e))
			continue;
		if (rc == 0)
			first = e;
		rc = -1;
		if (!row_refused(b, i, &e))
			break;
	}
	if (rc && err)
		*err = first;
	ms_buf_release(&s.narrative);
	ms_buf_release(&s.reason);
	return store_end(l->st, rc, err);
}

int ledger_review_batch(struct ledger *l, const struct ledger_review_key *keys, size_t n, int approve,
			const char *reason, struct ms_err *err)
{
	size_t i;
	int rc = 0;

	if (!n)
		return ms_err_setk(err, MS_E_INVALID, "没有选中要审核的数据 (no report chosen)");
	if (!approve && (!reason || !*reason))
		return ms_err_field(err, MS_E_INVALID, "reason", "退回须说明理由 (returning a report needs a reason)");
	if (store_begin(l->st, err))
		return -1;
	for (i = 0; i < n && !rc; i++) {
		const struct ledger_ind *d = ledger_ind_find(l, keys[i].indicator);
		struct store_org_row og;

		if (ledger_review_one(l, keys[i].indicator, keys[i].org, keys[i].round, approve, reason,
				      keys[i].step, NULL, err)) {
			ms_err_prefix(err, "%s · %s", d ? d->name : keys[i].indicator,
				      store_org_get(l->st, keys[i].org, &og, NULL) == 1 ? og.name : keys[i].org);
			rc = -1;
		}
	}
	return store_end(l->st, rc, err);
}

/* The reports ledger_approve_round found: one array of pairs, the keys point into it. */
struct awaiting {
	struct ledger *l;
	const char *round;
	long item;
	struct { char ind[64], org[32]; } *v;
	size_t n, cap;
};

static int take_awaiting(const struct store_report *r, void *arg)
{
	struct awaiting *w = arg;
	const struct ledger_ind *d = ledger_ind_find(w->l, r->indicator);

	if (!d || strcmp(r->round, w->round) || strcmp(r->status, "submitted") || (w->item && d->item_no != w->item))
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		if (!(w->v = realloc(w->v, w->cap * sizeof(*w->v))))
			abort();
	}
	snprintf(w->v[w->n].ind, sizeof(w->v->ind), "%s", r->indicator);
	snprintf(w->v[w->n].org, sizeof(w->v->org), "%s", r->org);
	w->n++;
	return 0;
}

int ledger_approve_round(struct ledger *l, const char *round, long item, const char *org, size_t *n,
			 struct ms_err *err)
{
	struct awaiting w = { l, round, item, NULL, 0, 0 };
	struct ledger_review_key *keys = NULL;
	size_t i;
	int rc = -1;

	*n = 0;
	if (store_report_each(l->st, l->plan, NULL, org, take_awaiting, &w, err) < 0)
		goto out;
	if (!w.n) {
		ms_err_setk(err, MS_E_NOTFOUND, "报送节点 %s 没有待审核的报送 (no report of round %s awaits review)",
			    round, round);
		goto out;
	}
	if (!(keys = calloc(w.n, sizeof(*keys))))
		abort();
	for (i = 0; i < w.n; i++)
		keys[i] = (struct ledger_review_key){ w.v[i].ind, w.v[i].org, round, LEDGER_STEP_NEXT };
	if (!(rc = ledger_review_batch(l, keys, w.n, 1, NULL, err)))
		*n = w.n;
out:
	free(keys);
	free(w.v);
	return rc;
}

/* ---------- the rows of a unit's round ---------- */

static void row_release(struct ledger_entry_row *e)
{
	free(e->narrative);
	free(e->reason);
	free(e->note);
	e->narrative = e->reason = e->note = NULL;
}

/* The report's part of e (status, value, texts) from t's, the texts copied ("" for NULL). */
static void row_set_report(struct ledger_entry_row *e, const struct ledger_entry_row *t, const char *narrative,
			   const char *reason, const char *note)
{
	e->status = t->status;
	e->has_value = t->has_value;
	e->has_ratio = t->has_ratio;
	e->value = t->value;
	e->numerator = t->numerator;
	e->denominator = t->denominator;
	row_release(e);
	e->narrative = ms_strdup(narrative ? narrative : "");
	e->reason = ms_strdup(reason ? reason : "");
	e->note = ms_strdup(note ? note : "");
}

/*
 * Fills e for indicator ind from d (progress's load: in the server the
 * thread's kept one, followed after each write, no statement): 1 when ind is
 * in org's breakdown (a target assigned, or qualitative), 0 not. Its target,
 * the due round's report whole, and the latest value of an earlier round
 * submitted or approved (the previous value, as on the 审核 page:
 * store_report_beside's rule).
 */
static int entry_row(const struct data *d, const struct ledger_ind *ind, const char *org, const char *due,
		     struct ledger_entry_row *e)
{
	size_t m;

	memset(e, 0, sizeof(*e));
	e->d = ind;
	if (ind->has_target && !progress_data_target(d, ind->id, org, &e->target))
		return 0;
	e->has_target = ind->has_target;
	e->box = ind->has_target ? plan_box_unit(ind->unit, e->target) : NULL;
	if (ind->has_target && !e->box)
		e->box = ind->unit;
	e->narrative = ms_strdup("");
	e->reason = ms_strdup("");
	e->note = ms_strdup("");
	for (m = progress_data_report_first(d, ind->id, org);
	     m < d->nr && !strcmp(d->r[m].ind, ind->id) && !strcmp(d->r[m].org, org); m++) {
		const struct rrow *r = &d->r[m];
		int c = strcmp(r->round, due);

		if (!c) {
			struct ledger_entry_row t = {
				.status = r->status, .has_value = r->has_value, .has_ratio = r->has_ratio,
				.value = r->value, .numerator = r->num, .denominator = r->den,
			};

			row_set_report(e, &t, r->narrative, r->reason, r->note);
		} else if (c < 0 && r->has_value && (r->status == REPORT_SUBMITTED || r->status == REPORT_APPROVED)) {
			e->has_prev = 1;   /* rounds in order: the last is the latest */
			e->prev = r->value;
			ms_copy(e->prev_round, sizeof(e->prev_round), r->round);
		}
	}
	return 1;
}

int ledger_entry_rows(struct ledger *l, const char *org, const char *due, struct ledger_entry_row **rows,
		      size_t *n, struct ms_err *err)
{
	struct ledger_entry_row *v = calloc(l->nind ? l->nind : 1, sizeof(*v)), t;
	struct data d;
	size_t i, k = 0, ret = 0;

	if (!v)
		abort();
	if (progress_data_load(l, &d, err)) {
		free(v);
		return -1;
	}
	for (i = 0; i < l->nind; i++) {
		if (entry_row(&d, &l->ind[i], org, due, &v[k]))
			k++;
		else
			row_release(&v[k]);
	}
	progress_data_free(&d);
	/* what was returned first, keeping the plan's order within each group */
	for (i = 0; i < k; i++) {
		if (v[i].status != REPORT_RETURNED)
			continue;
		t = v[i];
		memmove(&v[ret + 1], &v[ret], (i - ret) * sizeof(*v));
		v[ret++] = t;
	}
	*rows = v;
	*n = k;
	return 0;
}

void ledger_entry_free(struct ledger_entry_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		row_release(&rows[i]);
	free(rows);
}
