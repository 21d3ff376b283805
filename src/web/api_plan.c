/*
 * api_plan.c - the plan over the API: the newest plan's document, its
 * items and its indicators; and a notice made into a plan
 * (POST /api/v1/notice/import shows the draft, POST /api/v1/plans stores it).
 */
#include "route.h"
#include "review.h"

#include <string.h>

#include "core/json.h"
#include "ledger/programmes.h"
#include "core/banned.h"

json_t *web_plan_doc(struct web_ctx *c)
{
	struct ms_buf id = MS_BUF_INIT, doc = MS_BUF_INIT;
	struct ms_err err;
	json_t *plan = NULL;

	const char *want = web_arg(c, "plan");
	int r;

	if (want && *want)
		ms_buf_adds(&id, want);
	r = want && *want ? 1 : store_plan_latest(c->st, &id, &err);
	if (r == 1 && (r = store_plan_doc(c->st, id.buf, &doc, &err)) == 0 && want && *want)
		web_fail_field(c, 404, "plan", "无此计划 (no such plan)");
	else if (r != 1 || !(plan = ms_json_load_bytes(doc.buf, doc.len, "plan", &err)))
		web_fail(c, 500, "the plan is not in the database");
	ms_buf_release(&id);
	ms_buf_release(&doc);
	return plan;
}

/* GET /api/v1/plans: every programme with its government, level, year, items and completion. */
void api_plans(struct web_ctx *c)
{
	struct programmes ps;
	struct ms_err err;
	ms_day as_of;

	if (web_as_of(c, &as_of))
		return;
	if (ledger_programmes(c->st, as_of, &ps, &err)) {
		web_fail_err(c, &err);
		return;
	}
	web_reply_json(c->r, 200, ledger_programmes_json(&ps));
	ledger_programmes_free(&ps);
}

void api_plan(struct web_ctx *c)
{
	json_t *plan = web_plan_doc(c);

	if (plan)
		web_reply_json(c->r, 200, plan);
}

void api_items(struct web_ctx *c)
{
	json_t *plan = web_plan_doc(c), *items;

	if (!plan)
		return;
	items = json_object_get(plan, "items");
	web_reply_json(c->r, 200, items ? json_incref(items) : json_array());
	json_decref(plan);
}

/* Every indicator of every item, each with its item's number as "item". */
void api_indicators(struct web_ctx *c)
{
	json_t *plan = web_plan_doc(c), *out, *it, *ind;
	size_t i, j;

	if (!plan)
		return;
	out = json_array();
	json_array_foreach(json_object_get(plan, "items"), i, it)
		json_array_foreach(json_object_get(it, "indicators"), j, ind) {
			json_t *x = json_deep_copy(ind);

			json_object_set(x, "item", json_object_get(it, "no"));
			json_array_append_new(out, x);
		}
	web_reply_json(c->r, 200, out);
	json_decref(plan);
}

static json_t *import_json(const struct notice_result *r)
{
	return json_pack("{s:s, s:b, s:O, s:O, s:O, s:{s:i, s:i, s:i, s:i, s:i}}", "encoding", r->encoding,
			 "converted", r->converted, "plan", r->plan, "facts", r->facts, "problems", r->problems,
			 "summary", "items_found", r->items_found, "items_missing", r->items_missing, "targets",
			 r->targets, "duplicates", r->duplicates, "to_verify", r->to_verify);
}

/*
 * The body's notice read and imported, the proposed units decided as
 * "units" says (notice_units_decide), stored as a plan when store; 200 with
 * the draft, or 201 {id}.
 */
static void notice_api(struct web_ctx *c, int store)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct notice_result res = NOTICE_RESULT_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct web_notice_in in;
	struct ms_err err;
	const char *id;

	const char *units = web_field(&c->rq->body, "units");

	if (!units)
		units = web_field(&c->rq->query, "units");
	if (web_notice_read(c->rq, 1, &in, &err) || web_notice_import(c->st, &in, &orgs, &res, &err) ||
	    notice_units_decide(&res, units, &orgs, &err) ||
	    (store && web_notice_store(c->st, &res, &orgs, &c->u, &report, &err))) {
		web_fail_err(c, &err);
	} else if (store) {
		id = json_string_value(json_object_get(res.plan, "id"));
		web_reply_json(c->r, 201, json_pack("{s:s}", "id", id ? id : ""));
	} else {
		json_t *j = import_json(&res), *voted = web_vote_match_json(c, res.plan);

		if (voted)   /* the plan its government adopted by vote that year (vote_desk.c) */
			json_object_set_new(j, "vote_match", voted);
		web_reply_json(c->r, 200, j);
	}
	notice_result_release(&res);
	plan_orgs_release(&orgs);
	ms_buf_release(&report);
}

void api_notice_import(struct web_ctx *c)
{
	notice_api(c, 0);
}

void api_plans_add(struct web_ctx *c)
{
	notice_api(c, 1);
}
