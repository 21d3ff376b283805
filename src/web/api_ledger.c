/*
 * api_ledger.c - the ledger over the API: progress (status), the lists
 * (organisations, assignments, reports, sites, rounds, journal), the
 * writes that forms and programs share (a report, a review, a round
 * locked or reopened; an assignment, a site), the evaluation (the
 * bulletins: bulletins.c), who is logged in, and the service's own health
 * and document.
 * Each write is one ledger call: one transaction with its journal row.
 */
#include "route.h"
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "core/clock.h"
#include "core/money.h"
#include "core/text.h"
#include "auth/journal.h"
#include "eval/eval.h"
#include "ledger/ledger.h"
#include "plan/units.h"
#include "core/banned.h"

/* ---------- reading: progress and the evaluation ---------- */

int web_as_of(struct web_ctx *c, ms_day *as_of)
{
	const char *s = web_field(&c->rq->query, "as_of");
	struct ms_err err;

	*as_of = ms_date_of_time_cn(ms_clock_now());
	if (s && ms_date_parse(s, strlen(s), as_of, &err)) {
		ms_err_prefix(&err, "as_of");
		web_fail_field(c, 400, "as_of", err.msg);
		return -1;
	}
	return 0;
}

/* The options of a progress the query asks for (as_of, unreviewed, item, org); -1 when answered with an error. */
static int progress_opts_of(struct web_ctx *c, struct progress_opts *po)
{
	const char *item = web_field(&c->rq->query, "item");
	const char *unrev = web_field(&c->rq->query, "unreviewed");
	struct ms_err err;

	memset(po, 0, sizeof(*po));
	if (web_as_of(c, &po->as_of))
		return -1;
	/* reports awaiting review count only for staff who ask; the public sees approved figures */
	if (unrev && strcmp(unrev, "0")) {
		if (strcmp(unrev, "1")) {
			web_fail_field(c, 400, "unreviewed", "unreviewed: 应为 1 或 0 (expected 1 or 0)");
			return -1;
		}
		if (auth_may_see_unreviewed(&c->u, &err) != 1) {
			web_fail(c, 403, err.msg);
			return -1;
		}
		po->include_unreviewed = 1;
	}
	if (item) {
		char *end;
		long n = strtol(item, &end, 10);

		if (*end || n < 1 || n > 99) {
			web_fail_field(c, 400, "item", "item: expected an item number 1-10");
			return -1;
		}
		po->item = n;
	}
	po->org = web_field(&c->rq->query, "org");
	return 0;
}

/* An item the plan does not have (the notice's items 7 and 8 are missing): answered 404. */
static int no_such_item(struct web_ctx *c, const struct progress_opts *po, size_t nitem)
{
	if (!po->item || nitem)
		return 0;
	web_fail_field(c, 404, "item", "计划中没有这一项实事 (no such item in the plan)");
	return 1;
}

int web_progress_of(struct web_ctx *c, struct progress *p)
{
	struct progress_opts po;
	struct ledger l;
	struct ms_err err;
	int rc;

	if (progress_opts_of(c, &po) || web_open_ledger(c, &l))
		return -1;
	rc = progress_compute(&l, &po, p, &err);
	ledger_close(&l);
	if (rc) {
		web_fail_err(c, &err);
		return -1;
	}
	if (no_such_item(c, &po, p->nitem)) {
		progress_free(p);
		return -1;
	}
	return 0;
}

/* The status document: in the server, the thread's kept one brought up to date (progress_status_json). */
void api_status(struct web_ctx *c)
{
	struct progress_opts po;
	struct ledger l;
	struct ms_err err;
	size_t nitem = 0;
	int rc;

	if (progress_opts_of(c, &po) || web_open_ledger(c, &l))
		return;
	ms_buf_reset(&c->r->body);
	rc = progress_status_json(&l, &po, &c->r->body, &nitem, &err);
	ledger_close(&l);
	if (rc) {
		web_fail_err(c, &err);
		return;
	}
	if (no_such_item(c, &po, nitem))
		return;
	web_reply_json_body(c->r, 200);
}

int web_eval_of(struct web_ctx *c, struct ledger *l, struct eval *ev)
{
	const char *w = web_field(&c->rq->query, "weights");
	struct eval_opts eo;
	struct ms_err err;

	eval_opts_default(&eo);
	if (web_as_of(c, &eo.as_of))
		return -1;
	if (w && eval_weights_parse(&eo, w, &err)) {
		web_fail_field(c, 400, "weights", err.msg);
		return -1;
	}
	if (web_open_ledger(c, l))
		return -1;
	if (eval_compute(l, &eo, ev, &err)) {
		web_fail_err(c, &err);
		ledger_close(l);
		return -1;
	}
	return 0;
}

void api_eval(struct web_ctx *c)
{
	struct ledger l;
	struct eval ev;

	if (web_eval_of(c, &l, &ev))
		return;
	web_reply_json(c->r, 200, eval_json(&ev));
	eval_free(&ev);
	ledger_close(&l);
}

/* A refused rating from the 评估 page: the page again, what was typed kept, the field at fault marked. */
static void rating_refused(struct web_ctx *c, const struct ms_err *e)
{
	struct ledger l;
	struct eval ev;

	if (web_eval_of(c, &l, &ev))
		return;
	ms_buf_reset(&c->r->body);
	web_page_eval_form(&c->r->body, &c->who, &ev, web_arg(c, "target"), web_arg(c, "score"), web_arg(c, "basis"), e,
			   NULL);
	web_reply_html(c->r, web_err_status(e));
	eval_free(&ev);
	ledger_close(&l);
}

/* POST /api/v1/evaluation/ratings and the 评估 page's form: an administrator's rating (target, score, basis). */
void web_rating_write(struct web_ctx *c)
{
	const char *target = web_arg(c, "target"), *score = web_arg(c, "score"), *basis = web_arg(c, "basis");
	struct ms_err err;
	struct ledger l;
	int rc, points = 0;

	if (auth_may_rate(&c->u, &err) != 1) {
		web_fail(c, 403, err.msg);
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	rc = eval_rate(&l, target, score, basis, &points, &err);
	ledger_close(&l);
	if (rc && c->api)
		web_fail_err(c, &err);
	else if (rc)
		rating_refused(c, &err);
	else if (c->api)
		web_reply_json(c->r, 201, json_pack("{s:s, s:i, s:s}", "target", target, "score", points, "basis", basis));
	else
		web_reply_redirect(c->r, "/evaluation?done=rated#rate");
}

void api_eval_saved(struct web_ctx *c)
{
	const char *y = web_field(&c->rq->query, "year");
	struct ms_buf doc = MS_BUF_INIT;
	struct ms_err err;
	char *end;
	long year = y ? strtol(y, &end, 10) : 0;
	int rc;

	if (!y || *end || year < 2000 || year > 2100) {
		web_fail_field(c, 400, "year", "year: expected a year, e.g. ?year=2023");
		return;
	}
	rc = store_eval_latest(c->st, year, &doc, NULL, &err);
	if (rc < 0) {
		web_fail_err(c, &err);
	} else if (rc == 0) {
		web_fail(c, 404, "no saved evaluation of that year (尚未保存评估)");
	} else {
		c->r->status = 200;
		c->r->type = "application/json; charset=utf-8";
		ms_buf_reset(&c->r->body);
		ms_buf_add(&c->r->body, doc.buf, doc.len);
	}
	ms_buf_release(&doc);
}

void api_me(struct web_ctx *c)
{
	web_reply_json(c->r, 200, json_pack("{s:s, s:s, s:s}", "name", c->u.name, "role",
					    auth_role_name(c->u.role), "org", c->u.org));
}

void api_openapi(struct web_ctx *c)
{
	if (!c->app->openapi) {
		web_fail(c, 404, "the OpenAPI document was not found when the server started");
		return;
	}
	c->r->status = 200;
	c->r->type = "application/json; charset=utf-8";
	ms_buf_reset(&c->r->body);
	ms_buf_adds(&c->r->body, c->app->openapi);
}

/* Alive when the database answers (one cheap statement: the change counter or data_version). */
void api_healthz(struct web_ctx *c)
{
	if (store_data_version(c->st) < 0) {
		web_reply_json(c->r, 503, json_pack("{s:s, s:s}", "status", "unavailable", "database",
						     store_backend(c->st)));
		return;
	}
	web_reply_json(c->r, 200, json_pack("{s:s, s:s}", "status", "ok", "database",
					     store_backend(c->st)));
}

/* The counters for Prometheus (administrators: a bearer token or a login). */
void api_metrics(struct web_ctx *c)
{
	ms_buf_reset(&c->r->body);
	metrics_text(&c->r->body, store_backend(c->st));
	c->r->status = 200;
	c->r->type = "text/plain; version=0.0.4; charset=utf-8";
}

/* ---------- reading: the ledger's lists ---------- */

/*
 * A stored value beside its readable forms: KEY_text as a person reads it
 * ("3017.06万元", "95%"), and for money KEY_yuan, the amount in yuan as a
 * decimal string ("30170600.00"); the integer KEY stays in the unit's base.
 */
static void value_fields(json_t *j, const char *key, const char *unit, int64_t v)
{
	const struct plan_unit *u = unit ? plan_unit_find(unit) : NULL;
	struct ms_buf t = MS_BUF_INIT;
	char k[48];

	json_object_set_new(j, key, json_integer(v));
	if (!u)
		return;
	plan_value_format(&t, unit, v);
	snprintf(k, sizeof(k), "%s_text", key);
	json_object_set_new(j, k, json_string(t.buf));
	if (!strcmp(u->base, "分")) {
		ms_buf_reset(&t);
		ms_money_format(&t, v);
		snprintf(k, sizeof(k), "%s_yuan", key);
		json_object_set_new(j, k, json_string(t.buf));
	}
	ms_buf_release(&t);
}

/* ?limit= and ?after=: a whole number in [lo, hi] into *v (def when absent); -1 after a 400. */
static int page_arg(struct web_ctx *c, const char *key, long lo, long hi, long def, long *v)
{
	const char *s = web_field(&c->rq->query, key);
	char *end;

	*v = def;
	if (!s)
		return 0;
	*v = strtol(s, &end, 10);
	if (!*s || *end || *v < lo || *v > hi) {
		web_fail_field(c, 400, key, !strcmp(key, "limit") ? "limit: expected 1-1000 (每页条数应为1至1000)" :
			       "after: expected the cursor a previous page gave (X-Next-After)");
		return -1;
	}
	return 0;
}

/*
 * A list's answer: arr, or the error when rc < 0 (arr released either way).
 * One page of it: ?limit= (WEB_PAGE_DEFAULT, at most WEB_PAGE_MAX) items after
 * the cursor ?after= (the X-Next-After of the page before); X-Total-Count says
 * how many there are, X-Next-After is absent on the last page.
 */
static void list_reply(struct web_ctx *c, int rc, json_t *arr, const struct ms_err *err)
{
	long limit, after;
	size_t n = json_array_size(arr), i;
	json_t *page;

	if (rc < 0) {
		json_decref(arr);
		web_fail_err(c, err);
		return;
	}
	if (page_arg(c, "limit", 1, WEB_PAGE_MAX, WEB_PAGE_DEFAULT, &limit) ||
	    page_arg(c, "after", 0, LONG_MAX, 0, &after)) {
		json_decref(arr);
		return;
	}
	c->r->total = (long long)n;
	c->r->next_after = (size_t)after + (size_t)limit < n ? after + limit : -1;
	if (!after && (size_t)limit >= n) {
		web_reply_json(c->r, 200, arr);
		return;
	}
	page = json_array();
	for (i = (size_t)after; i < n && i < (size_t)after + (size_t)limit; i++)
		json_array_append(page, json_array_get(arr, i));
	json_decref(arr);
	web_reply_json(c->r, 200, page);
}

static int org_json(const struct store_org *o, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s}", "code", o->code, "name", o->name,
					     "kind", o->kind, "parent", o->parent));
	return 0;
}

void api_orgs(struct web_ctx *c)
{
	json_t *arr = json_array();
	struct ms_err err;

	list_reply(c, store_org_each(c->st, web_field(&c->rq->query, "kind"), org_json, arr, &err), arr, &err);
}

struct aj { struct ledger *l; json_t *arr; const char *indicator, *org; };

static int assign_json(const char *ind, const char *org, int64_t target, void *arg)
{
	struct aj *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, ind);
	json_t *j;

	if ((a->indicator && strcmp(a->indicator, ind)) || (a->org && strcmp(a->org, org)))
		return 0;
	j = json_pack("{s:s, s:s}", "indicator", ind, "org", org);

	value_fields(j, "target", d ? d->unit : NULL, target);
	json_array_append_new(a->arr, j);
	return 0;
}

void api_assignments(struct web_ctx *c)
{
	struct ms_err err;
	struct ledger l;
	struct aj a;
	int rc;

	if (web_open_ledger(c, &l))
		return;
	a.l = &l;
	a.arr = json_array();
	a.indicator = web_field(&c->rq->query, "indicator");
	a.org = web_field(&c->rq->query, "org");
	rc = store_assign_each(c->st, l.plan, assign_json, &a, &err);
	ledger_close(&l);
	list_reply(c, rc, a.arr, &err);
}

struct rj { const char *round; json_t *arr; struct ledger *l; const struct auth_user *u; };

static int report_json(const struct store_report *r, void *arg)
{
	struct rj *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, r->indicator);
	json_t *j;

	if (a->round && strcmp(a->round, r->round))
		return 0;
	if (!strcmp(r->status, "draft") && !auth_may_see_draft(a->u, r->org))
		return 0;   /* not yet submitted: its own unit's business */
	j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "indicator", r->indicator, "org", r->org,
		      "round", r->round, "status", r->status, "origin", r->origin);
	if (r->has_value)
		value_fields(j, "value", d ? d->unit : NULL, r->value);
	if (r->has_ratio) {
		json_object_set_new(j, "numerator", json_integer(r->numerator));
		json_object_set_new(j, "denominator", json_integer(r->denominator));
	}
	if (r->narrative)
		json_object_set_new(j, "narrative", json_string(r->narrative));
	if (r->reason)
		json_object_set_new(j, "reason", json_string(r->reason));
	if (r->review_note)
		json_object_set_new(j, "review_note", json_string(r->review_note));
	json_array_append_new(a->arr, j);
	return 0;
}

void api_reports(struct web_ctx *c)
{
	struct ms_err err;
	struct ledger l;
	struct rj a;
	int rc;

	if (web_open_ledger(c, &l))
		return;
	a.round = web_field(&c->rq->query, "round");
	a.arr = json_array();
	a.l = &l;
	a.u = &c->u;
	rc = store_report_each(c->st, l.plan, web_field(&c->rq->query, "indicator"),
			       web_field(&c->rq->query, "org"), report_json, &a, &err);
	ledger_close(&l);
	list_reply(c, rc, a.arr, &err);
}

static int site_json(const struct store_site *s, void *arg)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)s->id,
			      "indicator", s->indicator, "org", s->org, "name", s->name, "address",
			      s->address, "kind", s->kind, "status", s->status, "quantity",
			      (json_int_t)s->quantity);

	if (s->delivered_on && *s->delivered_on)
		json_object_set_new(j, "delivered_on", json_string(s->delivered_on));
	json_array_append_new(arg, j);
	return 0;
}

void api_sites(struct web_ctx *c)
{
	json_t *arr;
	struct ms_err err;
	struct ledger l;
	int rc;

	if (web_open_ledger(c, &l))
		return;
	arr = json_array();
	rc = store_site_each(c->st, l.plan, web_field(&c->rq->query, "indicator"),
			     web_field(&c->rq->query, "org"), site_json, arr, &err);
	ledger_close(&l);
	list_reply(c, rc, arr, &err);
}

void api_rounds(struct web_ctx *c)
{
	struct ledger_round_state s;
	json_t *arr;
	struct ms_err err;
	struct ledger l;
	size_t k;
	int rc = 0;

	if (web_open_ledger(c, &l))
		return;
	arr = json_array();
	for (k = 0; k < l.nround && rc >= 0; k++) {
		rc = ledger_round_state(&l, &l.round[k], &s, &err);
		if (rc >= 0)
			json_array_append_new(arr, ledger_round_json(&l.round[k], &s));
	}
	ledger_close(&l);
	list_reply(c, rc, arr, &err);
}

struct jsee {
	json_t *arr;
	struct journal_view view;
};

static int journal_json(const struct store_journal_row *r, void *arg)
{
	struct jsee *a = arg;

	if (!journal_may_see(&a->view, r))
		return 0;
	json_array_append_new(a->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id",
						(json_int_t)r->id, "at", r->at, "actor", r->actor, "action",
						r->action, "label", journal_action_label(r->action, r->tbl),
						"table", r->tbl, "table_label", journal_table_label(r->tbl),
						"key", r->key, "before", r->before, "after", r->after));
	return 0;
}

/*
 * The journal names people: routes.c asks for a login first, and each
 * reader gets the rows it needs to know (auth/journal.h).
 */
void api_journal(struct web_ctx *c)
{
	struct jsee a;
	const char *since = web_field(&c->rq->query, "since");
	struct ms_err err;
	ms_day d;

	/* a day (2023-07-01) or a UTC time as the journal writes it (2023-07-01T08:00:00Z) */
	if (since && (strlen(since) < 10 || ms_date_parse(since, 10, &d, &err) ||
		      (since[10] && (strlen(since) != 20 || since[10] != 'T' || since[13] != ':' ||
				     since[16] != ':' || since[19] != 'Z' ||
				     strspn(since + 11, "0123456789:") != 8)))) {
		web_fail_field(c, 400, "since", "since: expected a day (2023-07-01) or a UTC time "
			       "(2023-07-01T08:00:00Z) (起始时间格式有误)");
		return;
	}
	a.arr = json_array();
	journal_view_init(&a.view, c->st, &c->u);
	list_reply(c, store_journal_each(c->st, web_field(&c->rq->query, "since"),
					 web_field(&c->rq->query, "table"), web_field(&c->rq->query, "key"),
					 journal_json, &a, &err), a.arr, &err);
}

/* ---------- writing ---------- */

/* The indicator a write names; NULL after replying. */
static const struct ledger_ind *write_ind(struct web_ctx *c, struct ledger *l)
{
	const char *id = web_arg(c, "indicator");
	const struct ledger_ind *d;

	if (!id || !*id) {
		web_fail_field(c, 400, "indicator", "indicator: missing (缺少指标)");
		return NULL;
	}
	if (!(d = ledger_ind_find(l, id))) {
		struct ms_err err;

		ms_err_set(&err, "indicator: no indicator %.*s in plan %s (无此指标)",
			   ms_utf8_clip(id, strlen(id), 64), id, l->plan);
		web_fail_field(c, 404, "indicator", err.msg);
	}
	return d;
}

/* The field key, not empty; NULL after replying 400. */
static const char *need_field(struct web_ctx *c, const char *key)
{
	const char *v = web_arg(c, key);
	char msg[96];

	if (!v || !*v) {
		snprintf(msg, sizeof(msg), "%s: missing (缺少字段)", key);
		web_fail_field(c, 400, key, msg);
		return NULL;
	}
	return v;
}

/* The field key, NULL when absent or empty: an empty form field is "not given". */
static const char *given(const struct web_ctx *c, const char *key)
{
	const char *v = web_arg(c, key);

	return v && *v ? v : NULL;
}

/* May the user review d? 1, or 0 after replying 403 (or 500). */
static int may_review(struct web_ctx *c, const struct ledger *l, const struct ledger_ind *d)
{
	struct ms_err err;
	int rc = auth_may_review(c->st, &c->u, l->plan, d->item_no, &err);

	if (rc == 1)
		return 1;
	if (rc < 0)
		web_fail_err(c, &err);
	else
		web_fail(c, 403, err.msg);
	return 0;
}

/* The report was not submitted by the reviewer? 1, or 0 after replying 403 (or 500). */
static int not_own(struct web_ctx *c, struct ledger *l, const struct ledger_ind *d, const char *org,
		   const char *round)
{
	struct ms_buf who = MS_BUF_INIT;
	struct ms_err err;
	int r = ledger_report_submitter(l, d->id, org, round, &who, &err), rc = 1;

	if (r < 0 && err.kind == MS_E_INTERNAL) {
		web_fail_err(c, &err);
		rc = 0;
	} else if (r == 1 && auth_may_approve(&c->u, who.buf, &err) != 1) {
		web_fail(c, 403, err.msg);
		rc = 0;
	}   /* no such round or report: ledger_review says so */
	ms_buf_release(&who);
	return rc;
}

/*
 * The review step the user takes on org's report of d (auth_review_step
 * under the plan's levels) in *step: 1, or 0 after replying 403 (or 500).
 */
static int review_step(struct web_ctx *c, struct ledger *l, const struct ledger_ind *d, const char *org,
		       enum ledger_step *step)
{
	struct ms_err err;
	int levels, rc;

	if (ledger_review_levels(l, &levels, &err)) {
		web_fail_err(c, &err);
		return 0;
	}
	rc = auth_review_step(c->st, &c->u, l->plan, d->item_no, org, levels, &err);
	if (rc > 0) {
		*step = rc == AUTH_STEP_FIRST ? LEDGER_STEP_FIRST : rc == AUTH_STEP_FINAL ? LEDGER_STEP_FINAL :
			LEDGER_STEP_NEXT;
		return 1;
	}
	if (rc < 0)
		web_fail_err(c, &err);
	else
		web_fail(c, 403, err.msg);
	return 0;
}

/* A report answered: 201 for a program, back to the 报送 page at the indicator for a person. */
static void report_done(struct web_ctx *c, const struct ledger_report_in *in, const struct ms_buf *warn)
{
	char to[240];

	if (c->api) {
		web_reply_json(c->r, 201, json_pack("{s:s, s:s, s:s, s:s, s:s}", "indicator", in->indicator,
						    "org", in->org, "round", in->round, "status",
						    in->draft ? "draft" : "submitted", "warnings",
						    warn->len ? warn->buf : ""));
		return;
	}
	snprintf(to, sizeof(to), "/report?round=%.16s&org=%.31s&saved=%.63s#row-%.63s", in->round, in->org,
		 in->indicator, in->indicator);
	web_reply_redirect(c->r, to);
}

void web_report_write(struct web_ctx *c)
{
	struct ledger_report_in in = { 0 };
	struct ms_buf warn = MS_BUF_INIT;
	const struct ledger_ind *d;
	const char *action = web_arg(c, "action"), *draft = web_arg(c, "draft");
	struct ms_err err;
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(in.org = need_field(c, "org")) || !(in.round = need_field(c, "round")))
		goto out;
	if (auth_may_report(&c->u, in.org, &err) != 1) {
		web_fail(c, 403, err.msg);
		goto out;
	}
	in.indicator = d->id;
	in.value = given(c, "value");
	in.unit = given(c, "unit");
	in.numerator = given(c, "numerator");
	in.denominator = given(c, "denominator");
	in.narrative = given(c, "narrative");
	in.reason = given(c, "reason");
	in.origin = c->api ? "api" : "web";
	in.draft = (action && !strcmp(action, "draft")) || (draft && !strcmp(draft, "1"));
	l.now = ms_clock_now();
	if (ledger_report(&l, &in, &warn, &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			form_report_show(c, &l, in.org, in.round, err.kind == MS_E_INVALID ? d->id : NULL, &err,
					 NULL, web_err_status(&err));
		goto out;
	}
	report_done(c, &in, &warn);
out:
	ms_buf_release(&warn);
	ledger_close(&l);
}

void web_review_write(struct web_ctx *c)
{
	const struct ledger_ind *d;
	const char *org, *round, *action;
	struct ms_err err;
	struct ledger l;
	enum ledger_step step;
	enum report_status now = REPORT_NONE;
	int approve;
	char to[96];

	if (web_open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")) || !(round = need_field(c, "round")) ||
	    !(action = need_field(c, "action")))
		goto out;
	if (strcmp(action, "approve") && strcmp(action, "return")) {
		web_fail_field(c, 400, "action", "action: expected approve or return (通过或退回)");
		goto out;
	}
	approve = !strcmp(action, "approve");
	if (!review_step(c, &l, d, org, &step) || !not_own(c, &l, d, org, round))
		goto out;
	l.now = ms_clock_now();
	if (ledger_review_step(&l, d->id, org, round, approve, web_arg(c, "reason"), step, &now, &err)) {
		if (c->api) {
			web_fail_err(c, &err);
		} else {
			ms_buf_reset(&c->r->body);
			if (web_page_review(&c->r->body, &c->who, &l, round, NULL, err.msg, NULL, &err))
				web_fail_err(c, &err);
			else
				web_reply_html(c->r, 409);
		}
		goto out;
	}
	if (c->api) {
		web_reply_json(c->r, 200, json_pack("{s:s, s:s, s:s, s:s}", "indicator", d->id, "org", org,
						    "round", round, "status", report_status_name(now)));
	} else {
		snprintf(to, sizeof(to), "/review?round=%.16s&done=%s", round, report_status_name(now));
		web_reply_redirect(c->r, to);
	}
out:
	ledger_close(&l);
}

void api_assign_write(struct web_ctx *c)
{
	const struct ledger_ind *d;
	const char *org, *target;
	struct ms_err err;
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")) || !(target = need_field(c, "target")) ||
	    !may_review(c, &l, d))
		goto out;
	if (ledger_assign(&l, d->id, org, target, &err))
		web_fail_err(c, &err);
	else
		web_reply_json(c->r, 200, json_pack("{s:s, s:s, s:s}", "indicator", d->id, "org", org,
						    "target", target));
out:
	ledger_close(&l);
}

void api_site_write(struct web_ctx *c)
{
	struct ledger_site_in in = { 0 };
	const struct ledger_ind *d;
	struct ms_err err;
	struct ledger l;
	int64_t id;

	if (web_open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(in.org = need_field(c, "org")))
		goto out;
	if (auth_may_report(&c->u, in.org, &err) != 1) {
		web_fail(c, 403, err.msg);
		goto out;
	}
	in.indicator = d->id;
	in.name = web_arg(c, "name");
	in.address = web_arg(c, "address");
	in.kind = web_arg(c, "kind");
	in.lat = web_arg(c, "lat");
	in.lon = web_arg(c, "lon");
	in.delivered_on = web_arg(c, "delivered_on");
	in.status = web_arg(c, "status");
	in.quantity = web_arg(c, "quantity");
	in.origin = "api";
	if (ledger_site_add(&l, &in, &id, &err))
		web_fail_err(c, &err);
	else
		web_reply_json(c->r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "indicator", d->id,
						    "org", in.org));
out:
	ledger_close(&l);
}

/* Locks or reopens the round due (action "lock" or "reopen"). */
static void round_write(struct web_ctx *c, const char *due, const char *action)
{
	struct ms_err err;
	struct ledger l;
	int lock;
	char to[96];

	if (!due || !*due || !action || (strcmp(action, "lock") && strcmp(action, "reopen"))) {
		web_fail(c, 400, "round, action: a round date and lock or reopen");
		return;
	}
	if (auth_may_lock(&c->u, &err) != 1) {
		web_fail(c, 403, err.msg);
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	lock = !strcmp(action, "lock");
	/* a person locks from the 报送轮次 page only after ticking 确认锁定 */
	if (lock && !c->api && !c->u.api && !web_arg(c, "confirm"))
		ms_err_field(&err, MS_E_INVALID, "confirm", "锁定前请勾选“确认锁定” (tick the confirmation first)");
	if ((lock && !c->api && !c->u.api && !web_arg(c, "confirm")) ||
	    ledger_round_lock(&l, due, lock, web_arg(c, "reason"), &err)) {
		if (c->api) {
			web_fail_err(c, &err);
		} else {   /* the 报送轮次 page again, the message on top */
			ms_buf_reset(&c->r->body);
			if (web_page_rounds(&c->r->body, &c->who, &l, err.msg, NULL, &err))
				web_fail_err(c, &err);
			else
				web_reply_html(c->r, web_err_status(&err));
		}
	} else if (c->api) {
		web_reply_json(c->r, 200, json_pack("{s:s, s:b}", "round", due, "locked", lock));
	} else {
		snprintf(to, sizeof(to), "/rounds?done=%s#round-%.16s", lock ? "locked" : "reopened", due);
		web_reply_redirect(c->r, to);
	}
	ledger_close(&l);
}

/* POST /rounds: the 报送轮次 page's lock (with confirm=1) and reopen buttons. */
void web_rounds_form(struct web_ctx *c)
{
	round_write(c, web_arg(c, "round"), web_arg(c, "action"));
}

/* POST /api/v1/rounds/DATE/lock or /reopen */
void api_rounds_write(struct web_ctx *c)
{
	const char *slash = strchr(c->rest, '/');
	char due[16];

	if (!slash || (size_t)(slash - c->rest) >= sizeof(due)) {
		web_fail(c, 404, "POST /api/v1/rounds/DATE/lock or /api/v1/rounds/DATE/reopen");
		return;
	}
	memcpy(due, c->rest, (size_t)(slash - c->rest));
	due[slash - c->rest] = '\0';
	round_write(c, due, slash + 1);
}
