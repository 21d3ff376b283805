/*
 * review.c - review (审核) of reports: one step by default, two where the
 * plan asks for them (a county's report is first approved by its city,
 * then by the lead unit). Each step is one journal row; only the final
 * approval makes a report count in official figures (progress.c).
 */
#include "ledger.h"
#include "ledger_parts.h"
#include "evidence.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/banned.h"

int ledger_review_levels(struct ledger *l, int *levels, struct ms_err *err)
{
	struct ms_buf key = MS_BUF_INIT, v = MS_BUF_INIT;
	int r;

	ms_buf_addf(&key, "review.levels.%s", l->plan);
	r = store_setting_get(l->st, key.buf, &v, err);
	*levels = r == 1 && !strcmp(v.buf, "2") ? 2 : 1;
	ms_buf_release(&key);
	ms_buf_release(&v);
	return r < 0 ? -1 : 0;
}

int ledger_review_levels_set(struct ledger *l, int levels, struct ms_err *err)
{
	struct ms_buf key = MS_BUF_INIT;
	char v[8], before[40];
	int was, rc = -1;

	if (levels != 1 && levels != 2)
		return ms_err_field(err, MS_E_INVALID, "levels", "审核层级只能是 1 或 2，而不是 %d "
				    "(review levels are 1 or 2, not %d)", levels, levels);
	if (ledger_review_levels(l, &was, err))
		return -1;
	snprintf(v, sizeof(v), "%d", levels);
	snprintf(before, sizeof(before), "{\"review_levels\":%d}", was);
	ms_buf_addf(&key, "review.levels.%s", l->plan);
	if (store_begin(l->st, err))
		goto out;
	rc = store_end(l->st, store_setting_put(l->st, key.buf, v, err) ||
			      store_journal_json(l->st, l->actor, "review.levels", "setting", key.buf, before,
						 json_pack("{s:i}", "review_levels", levels), err) ? -1 : 0,
		       err);
out:
	ms_buf_release(&key);
	return rc;
}

/* What a review reads of the report: its status, the steps passed, and the whole as JSON for the journal. */
struct rev {
	int found;
	enum report_status status;
	int64_t level;
	struct ms_buf json;
};

static int take(const struct store_report *r, void *arg)
{
	struct rev *v = arg;
	json_t *j = ledger_report_json(r);

	v->found = 1;
	v->status = report_status_parse(r->status);
	v->level = r->review_level;
	ms_buf_reset(&v->json);
	ms_json_dump(&v->json, j, 0);
	json_decref(j);
	return 0;
}

/* The steps ORG's report needs: 2 for a county's (its city's name in city) when the plan asks for two, else 1. */
static int steps_of(struct ledger *l, const char *org, int *steps, char city[128], struct ms_err *err)
{
	struct store_org_row o, p;
	int levels, r;

	*steps = 1;
	city[0] = '\0';
	if (ledger_review_levels(l, &levels, err))
		return -1;
	if (levels < 2)
		return 0;
	if ((r = store_org_get(l->st, org, &o, err)) < 0)
		return -1;
	if (!r || strcmp(o.kind, "county") || !o.parent[0])
		return 0;
	*steps = 2;
	if ((r = store_org_get(l->st, o.parent, &p, err)) < 0)
		return -1;
	snprintf(city, 128, "%s", r ? p.name : o.parent);
	return 0;
}

/* The step asked for must be the one due (LEDGER_STEP_NEXT takes whichever it is). */
static int step_check(enum ledger_step asked, enum ledger_step due, int steps, const char *city,
		      struct ms_err *err)
{
	if (asked == LEDGER_STEP_NEXT || asked == due)
		return 0;
	if (due == LEDGER_STEP_FIRST)
		return ms_err_setk(err, MS_E_CONFLICT, "本计划实行两级审核，县区的报送须先经%s初审 "
				   "(two-level review: the city reviews a county's report first)", city);
	if (steps == 2)
		return ms_err_setk(err, MS_E_CONFLICT, "%s已初审通过，待牵头单位审核 "
				   "(the city has reviewed it; the lead unit reviews it next)", city);
	return ms_err_setk(err, MS_E_FORBIDDEN, "此报送无需市级初审，由牵头单位审核 "
			   "(only the lead unit reviews this report)");
}

/* The review's journal row: what it was, what it is now, when, at which step. */
static int review_journal(struct ledger *l, const char *key, const struct rev *rv, enum report_status to,
			  int64_t level, int steps, int approve, const char *reason, struct ms_err *err)
{
	json_t *j = json_pack("{s:s, s:I}", "status", report_status_name(to), "reviewed_at",
			      (json_int_t)l->now);

	if (steps == 2)
		json_object_set_new(j, "review_level", json_pack("{s:I, s:i}", "passed", (json_int_t)level,
								 "of", steps));
	if (!approve)
		json_object_set_new(j, "review_note", json_string(reason));
	return store_journal_json(l->st, l->actor, approve ? "report.approve" : "report.return", "report", key,
				  rv->json.buf, j, err);
}

/* A plan that requires evidence for d: -1 (a conflict, field "evidence") when the report has none. */
static int evidence_missing(struct ledger *l, const struct ledger_ind *d, const char *org, const char *due,
			   struct ms_err *err)
{
	int64_t n;
	int req = evidence_required(l, d->id, err);

	if (req <= 0)
		return req;
	if ((n = evidence_count_report(l, d->id, org, due, err)) < 0)
		return -1;
	if (n == 0)
		return ms_err_field(err, MS_E_CONFLICT, "evidence", "本计划要求“%s”附佐证材料，此报告尚无，不能审核通过；"
				    "可退回请报送单位补传 (the plan requires evidence for this indicator)", d->name);
	return 0;
}

int ledger_review_one(struct ledger *l, const char *indicator, const char *org, const char *round,
		      int approve, const char *reason, enum ledger_step step, enum report_status *now,
		      struct ms_err *err)
{
	const struct ledger_ind *d = ledger_ind_find(l, indicator);
	const struct ledger_round *rd;
	struct rev rv = { 0, REPORT_NONE, 0, MS_BUF_INIT };
	enum ledger_step due;
	enum report_status to;
	char key[200], city[128];
	int steps, rc = -1;
	int64_t level;

	if (!d)
		return ms_err_field(err, MS_E_NOTFOUND, "indicator", "计划 %s 中无此指标 %s (no indicator %s in plan %s)",
				    l->plan, indicator, indicator, l->plan);
	if (!(rd = ledger_round_find(l, round, err))) {
		ms_err_prefix(err, "round");
		if (err)
			snprintf(err->field, sizeof(err->field), "round");
		return -1;
	}
	if (!approve && (!reason || !*reason))
		return ms_err_field(err, MS_E_INVALID, "reason", "退回须说明理由 (returning a report needs a reason)");
	if (store_report_get(l->st, l->plan, d->id, org, rd->due, take, &rv, err) < 0)
		goto out;
	if (!rv.found) {
		ms_err_setk(err, MS_E_NOTFOUND, "%s 未报送 %s 的 %s (%s has no %s report for %s)", org, rd->due,
			    d->id, org, rd->due, d->id);
		goto out;
	}
	if (rv.status != REPORT_SUBMITTED) {
		ms_err_setk(err, MS_E_CONFLICT, "只能审核已报送的数据，此报送%s (the report is %s; only a "
			    "submitted report can be %s)", rv.status == REPORT_APPROVED ? "已审核通过" :
			    rv.status == REPORT_RETURNED ? "已退回" : "是草稿", report_status_name(rv.status),
			    approve ? "approved" : "returned");
		goto out;
	}
	if (ledger_round_writable(l, rd, "审核", "reviews", err))
		goto out;
	if (steps_of(l, org, &steps, city, err))
		goto out;
	due = steps == 2 && rv.level < 1 ? LEDGER_STEP_FIRST : LEDGER_STEP_FINAL;
	if (step_check(step, due, steps, city, err))
		goto out;
	to = !approve ? REPORT_RETURNED : due == LEDGER_STEP_FIRST ? REPORT_SUBMITTED : REPORT_APPROVED;
	if (to == REPORT_APPROVED && evidence_missing(l, d, org, rd->due, err))
		goto out;
	level = !approve ? 0 : due == LEDGER_STEP_FIRST ? 1 : steps;
	snprintf(key, sizeof(key), "%s/%s/%s/%s", l->plan, d->id, org, rd->due);
	if (store_report_review(l->st, l->plan, d->id, org, rd->due, report_status_name(to), (int64_t)l->now,
				approve ? NULL : reason, level, err) ||
	    review_journal(l, key, &rv, to, level, steps, approve, reason, err))
		goto out;
	if (now)
		*now = to;
	rc = 0;
out:
	ms_buf_release(&rv.json);
	return rc;
}

int ledger_review_step(struct ledger *l, const char *indicator, const char *org, const char *round,
		       int approve, const char *reason, enum ledger_step step, enum report_status *now,
		       struct ms_err *err)
{
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, ledger_review_one(l, indicator, org, round, approve, reason, step, now, err),
			 err);
}

int ledger_review(struct ledger *l, const char *indicator, const char *org, const char *round,
		  int approve, const char *reason, struct ms_err *err)
{
	return ledger_review_step(l, indicator, org, round, approve, reason, LEDGER_STEP_NEXT, NULL, err);
}
