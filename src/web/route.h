/*
 * route.h - what a route handler is given and may call: the request in
 * its context (who is asking, this thread's database), the glue of
 * routes.c, and the handlers of each family that routes.c's table names.
 * Internal to src/web/.
 */
#ifndef MS_WEB_ROUTE_H
#define MS_WEB_ROUTE_H

#include "reply.h"
#include "web.h"

struct ledger;
struct eval;

/* One request being answered. */
struct web_ctx {
	const struct web_app *app;
	struct web_req *rq;
	struct web_reply *r;
	struct store *st;                 /* this thread's connection, opened before the handler */
	struct auth_user u;               /* role ROLE_NONE: anonymous */
	char token[AUTH_TOKEN_HEX + 1];   /* the cookie's session token, "" when none */
	char csrf[AUTH_TOKEN_HEX + 1];
	struct web_who who;
	char org_name[128];               /* the user's unit by name, for the navigation */
	int api;                          /* an /api/ path or a JSON body: answer in JSON */
	int html;                         /* a browser (Accept: text/html) off the API: errors as pages */
	const char *rest;                 /* a prefix route: the path after the prefix, else "" */
};

/*
 * A handler answers c into c->r. By the time it runs, the route's access
 * (the table's flags: a login, the CSRF token, a role) has been checked.
 */
typedef void web_handler(struct web_ctx *c);

/* ---------- routes.c: the glue ---------- */

/* The body's field key, else the query's, else NULL. */
const char *web_arg(const struct web_ctx *c, const char *key);
/* An error answer (a page for a browser off the API, else JSON); field may be NULL. */
void web_fail(struct web_ctx *c, unsigned status, const char *msg);
void web_fail_field(struct web_ctx *c, unsigned status, const char *field, const char *msg);
/* A service's error: its status (web_err_status), message and field. */
void web_fail_err(struct web_ctx *c, const struct ms_err *e);
/* Opens the ledger as the user (or "web"); -1 after replying. */
int web_open_ledger(struct web_ctx *c, struct ledger *l);
/* A login for a page or an answer that is not for everyone: 1, or 0 after replying. */
int web_need_login(struct web_ctx *c);

/* ---------- api_ledger.c: progress, lists, the writes, the evaluation ---------- */

/* The progress asked for by ?as_of= ?item= ?org= ?unreviewed=1 (staff only: reports awaiting review count too); -1 after replying. */
int web_progress_of(struct web_ctx *c, struct progress *p);
/* ?as_of= or today (China); -1 after replying 400. */
int web_as_of(struct web_ctx *c, ms_day *as_of);
/* The evaluation asked for by ?as_of= ?weights=, computed on l (open); -1 after replying. */
int web_eval_of(struct web_ctx *c, struct ledger *l, struct eval *ev);

web_handler api_status, api_orgs, api_assignments, api_reports, api_sites, api_rounds, api_journal;
web_handler api_bulletins, api_eval, api_eval_saved, api_me, api_openapi, api_healthz, api_metrics;
web_handler web_rating_write;
web_handler web_report_write, web_review_write, api_assign_write, api_site_write;
web_handler web_rounds_form, api_rounds_write;

/* ---------- api_rules.c: calculators, parameters, simulation ---------- */

/*
 * Sets calculator d's inputs from f; given[i] (i < 32) gets field i's text.
 * strict: an unknown field is an error, else unknown and empty fields are
 * skipped. -1 with err naming the field.
 */
int web_calc_fields(const struct calc_def *d, const struct web_fields *f, struct calc_in *in,
		    const char **given, int strict, struct ms_err *err);

web_handler api_calc, api_params, api_simulate;

/* ---------- api_plan.c: the plan, and a notice into a plan ---------- */

/* The newest plan's document; NULL after replying 500. */
json_t *web_plan_doc(struct web_ctx *c);

web_handler api_plan, api_items, api_indicators, api_notice_import, api_plans_add;
web_handler api_plans;

/* ---------- pages.c: the public pages ---------- */

web_handler page_overview, page_item, page_source, page_calc, page_eval;

/* ---------- sites.c: 点位 and 民生地图 ---------- */

web_handler page_sites, page_map;
/* A region's row opened with its first cells (pages.c): <tr>, 地区, 状态, 分解目标, 完成. */
struct prog_ind;
struct prog_org;
void web_region_cells(struct ms_buf *o, const struct prog_ind *pi, const struct prog_org *po);
/*
 * A <select name="NAME" id="f-NAME"> of the regions under ROOT (a province's
 * cities and counties, or a city and its counties): ALL
 * (value ""), then one <optgroup> per city holding the city (全市) and its
 * counties; SEL selected. -1 with err.
 */
int web_region_select(struct ms_buf *o, struct store *st, const char *root, const char *name, const char *all,
		      const char *sel, struct ms_err *err);

/* ---------- forms.c: logging in, 报送, 审核, 台账日志 ---------- */

web_handler form_login, form_logout, form_journal;

/* ---------- audit.c: 审核 in bulk, 报送轮次 ---------- */

web_handler form_review, form_review_bulk, form_rounds;
struct ledger_round;
/* 1 when nothing of round rd may change (closed by the calendar or locked), 0 open, -1. */
int web_round_locked(struct ledger *l, const struct ledger_round *rd, struct ms_err *err);
/* The round a page shows: asked for, else the first open one not yet past, else the last open one. */
const struct ledger_round *web_page_round(struct ledger *l, const char *want, struct ms_err *err);
/* The line of links to page?round=DUE (extra appended to each), the current one in bold. */
void web_round_links(struct ms_buf *o, struct ledger *l, const char *page, const char *cur, const char *extra);

/* ---------- entry.c: 报送, one form per unit and round, and its Excel sheet ---------- */

web_handler form_report, form_report_round, form_report_template, form_report_upload;
/*
 * Shows the 报送 page of org in round with the refused form's fields kept
 * and the message e beside the indicator err_ind's field named by
 * e->field (err_ind NULL: the message above all forms), or the ok line.
 */
void form_report_show(struct web_ctx *c, struct ledger *l, const char *org, const char *round,
		      const char *err_ind, const struct ms_err *e, const char *ok, unsigned status);

/*
 * ---------- bulletins.c: the 通报 list, issued bulletins (public, from
 * their snapshots), drafts (a login), and the same over the API ----------
 */

web_handler page_bulletins, page_bulletin, page_issued, api_bulletins, api_bulletin;
/* issuing a bulletin on the 通报 page; a unit's 联系人 and 联系电话 (org_contact.c) */
web_handler form_bulletin_issue, page_org_contact, form_org_contact;

/* ---------- follow.c: 催报 and 督办 ---------- */

web_handler page_remind, page_remind_xlsx, web_remind_send, api_remind;
web_handler page_duban, web_duban_issue, page_duban_one, web_duban_answer, api_duban;
/* The 督办 block of item item_no's page for staff (nothing for visitors and viewers). */
void web_item_duban(struct web_ctx *c, struct ms_buf *o, int64_t item_no);

/* ---------- api_vote.c: 征集, 公示, 票决, 计票录入, 满意度测评 (issue 17) ---------- */

/* The government a page is about: ?region=&level=&year=&session=, else the newest session's or proposal's. */
struct web_gov {
	char region[32], level[16];
	int64_t year, session;
};
/* 0 and g filled, -1 after replying. */
int web_vote_gov(struct web_ctx *c, struct web_gov *g);
/* The region's name (南昌县), else its code. */
void web_vote_gov_name(struct web_ctx *c, const char *code, char out[128]);

web_handler page_proposals, web_proposal_write, web_proposal_moderate, api_proposals, page_candidates, api_candidates;
web_handler page_vote, web_ballot_write, page_vote_result, api_vote_tally, page_vote_count, web_count_write;
web_handler page_survey, web_survey_write;

/*
 * ---------- vote_desk.c: the staff's pages of the vote — 建议审核, 候选项目,
 * 公示, 票决管理 (deputies, tokens, close, tally, adopt) ----------
 */

web_handler page_vote_desk, desk_moderate, desk_import, desk_candidate, desk_publish, desk_open, desk_retention;
web_handler page_vote_session, desk_deputies, desk_tokens, desk_close, desk_adopt;
/*
 * 通知导入's review: the draft plan against the plan its government adopted
 * by vote for that year (which notice item is which voted item, new,
 * missing), as HTML appended to o; nothing when there is none.
 */
void web_vote_match_block(struct web_ctx *c, const json_t *plan, struct ms_buf *o);
/* The same as JSON (vote_match_json), NULL when there is none. */
json_t *web_vote_match_json(struct web_ctx *c, const json_t *plan);

/*
 * ---------- evidence.c: 佐证材料 — the /evidence page and its upload
 * form, the API, the thumbnails and flags 审核 shows ----------
 */

web_handler page_evidence, form_evidence, api_report_evidence, api_site_evidence, api_evidence_list;
web_handler api_evidence_file;
/*
 * The thumbnails, times, distances and flags of a report's evidence and its
 * sites' (审核's cell). known: how many there are when already counted (0
 * reads nothing), or -1.
 */
void web_evidence_cell(struct ms_buf *o, struct ledger *l, const char *indicator, const char *org,
		       const char *round, int64_t known);
/* 公示: the public copies of item_no's approved photos, appended to o (the item page). */
void web_evidence_public(struct web_ctx *c, struct ms_buf *o, int64_t item_no);
/* A link to a report's evidence page with their number (报送). */
void web_evidence_link(struct ms_buf *o, struct ledger *l, const char *indicator, const char *org,
		       const char *round);

/* ---------- review.c: 通知导入 pages ---------- */

web_handler notice_form, notice_review, notice_accept;

#endif
