/*
 * routes.c - answers a struct web_req: the table of every address (the
 * method, the path, the handler, and who may ask as data), who is asking
 * (a session cookie or a bearer token) and whether they may. The handlers
 * live by family in api_ledger.c, api_rules.c, api_plan.c, pages.c,
 * bulletins.c, forms.c and review.c. It knows nothing of libmicrohttpd,
 * so the fuzzer drives it directly.
 *
 * Writes: a form POST or an API POST. Both need a login; a cookie session
 * also needs the CSRF token (the form's csrf field or X-CSRF-Token); a
 * bearer token does not (a browser never sends one by itself).
 */
#include "route.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "core/banned.h"

#define SESSION_COOKIE "ms_session"

/* ---------- the glue the handlers share ---------- */

const char *web_arg(const struct web_ctx *c, const char *key)
{
	const char *v = web_field(&c->rq->body, key);

	return v ? v : web_field(&c->rq->query, key);
}

void web_fail_field(struct web_ctx *c, unsigned status, const char *field, const char *msg)
{
	web_reply_error(c->r, &c->who, c->html, status, msg, field);
}

void web_fail(struct web_ctx *c, unsigned status, const char *msg)
{
	web_fail_field(c, status, NULL, msg);
}

void web_fail_err(struct web_ctx *c, const struct ms_err *e)
{
	web_reply_err(c->r, &c->who, c->html, e);
}

int web_open_ledger(struct web_ctx *c, struct ledger *l)
{
	struct ms_err err;

	const char *plan = web_arg(c, "plan");

	int r;

	if (ledger_open(l, c->st, plan && *plan ? plan : NULL, c->u.role ? c->u.name : "web", &err)) {
		web_fail_err(c, &err);
		return -1;
	}
	/* a write: an administrator of 南昌 writes to 南昌's plans only */
	if (c->rq->method == WEB_POST && (r = auth_may_govern(c->st, &c->u, l->region, &err)) != 1) {
		ledger_close(l);
		if (r < 0)
			web_fail_err(c, &err);
		else
			web_fail(c, 403, err.msg);
		return -1;
	}
	return 0;
}

/* ---------- who is asking ---------- */

static int identify(struct web_ctx *c, struct ms_err *err)
{
	const char *a = c->rq->authorization;
	char tok[AUTH_TOKEN_HEX + 8];
	int rc;

	memset(&c->u, 0, sizeof(c->u));
	c->token[0] = c->csrf[0] = '\0';
	if (a && !strncmp(a, "Bearer ", 7)) {
		rc = auth_session(c->st, a + 7, ms_clock_now(), &c->u, err);
		if (rc < 0)
			return -1;
		if (rc == 0 || !c->u.api)
			return ms_err_setk(err, MS_E_FORBIDDEN, "the bearer token is unknown or expired "
					   "(令牌无效或已过期，请重新生成令牌)");
		/* kept for logout, which revokes it; a bearer needs no CSRF token (csrf stays "") */
		snprintf(c->token, sizeof(c->token), "%.64s", a + 7);
		return 0;
	}
	if (web_cookie(c->rq->cookie, SESSION_COOKIE, tok, sizeof(tok))) {
		rc = auth_session(c->st, tok, ms_clock_now(), &c->u, err);
		if (rc < 0)
			return -1;
		if (rc == 1 && !c->u.api) {
			snprintf(c->token, sizeof(c->token), "%.64s", tok);
			auth_csrf(c->token, c->csrf);
		} else {
			memset(&c->u, 0, sizeof(c->u));  /* an expired cookie: an anonymous visitor */
		}
	}
	return 0;
}

/* Fills the name of the user's unit (南昌市, not 360100) that the page frame shows. */
static void who_org(struct web_ctx *c)
{
	struct store_org_row og;

	c->org_name[0] = '\0';
	if (c->u.role != ROLE_NONE && c->u.org[0] && store_org_get(c->st, c->u.org, &og, NULL) == 1)
		snprintf(c->org_name, sizeof(c->org_name), "%s", og.name);
	c->who.org_name = c->org_name;
}

static int demo_of(struct store *st)
{
	struct ms_buf v = MS_BUF_INIT;
	int demo = store_setting_get(st, "demo", &v, NULL) == 1 && !strcmp(v.buf, "1");

	ms_buf_release(&v);
	return demo;
}

/* Appends s as a query value: letters, digits, "-._~" and "/" as they are, the rest %XX. */
static void url_encode(struct ms_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '/')
			ms_buf_add(b, s, 1);
		else
			ms_buf_addf(b, "%%%c%c", hex[ch >> 4], hex[ch & 15]);
	}
}

/*
 * Sends a person who is not logged in to /login?next=THE PAGE ASKED FOR,
 * so that logging in brings them back to it. Only for a GET: a refused
 * POST's fields are gone and its address need not be a page.
 */
static void login_redirect(struct web_ctx *c)
{
	struct ms_buf here = MS_BUF_INIT, to = MS_BUF_INIT;
	size_t i;

	if (c->rq->method == WEB_GET || c->rq->method == WEB_HEAD) {
		url_encode(&here, c->rq->path);
		for (i = 0; i < c->rq->query.n; i++) {
			ms_buf_adds(&here, i ? "&" : "?");
			url_encode(&here, c->rq->query.v[i].key);
			ms_buf_adds(&here, "=");
			url_encode(&here, c->rq->query.v[i].val);
		}
	}
	ms_buf_adds(&to, "/login");
	if (here.len > 1) {
		ms_buf_adds(&to, "?next=");
		url_encode(&to, here.buf);
	}
	/* an address too long for the Location header: the login page alone, not a cut one */
	web_reply_redirect(c->r, to.len < sizeof(c->r->location) ? to.buf : "/login");
	ms_buf_release(&here);
	ms_buf_release(&to);
}

int web_need_login(struct web_ctx *c)
{
	if (c->u.role != ROLE_NONE)
		return 1;
	if (c->html)
		login_redirect(c);
	else
		web_fail(c, 401, "log in first (请先登录)");
	return 0;
}

/*
 * A write needs a login and, for a cookie session, the CSRF token. 1 when
 * the request may go on; 0 after replying 401/403 (a person who is not
 * logged in is sent to the login page).
 */
static int need_writer(struct web_ctx *c)
{
	const char *t;

	if (c->u.role == ROLE_NONE) {
		if (c->html) {
			login_redirect(c);
			return 0;
		}
		web_fail(c, 401, "log in first: a session cookie from /login or Authorization: Bearer TOKEN "
			 "(请先登录)");
		return 0;
	}
	if (c->u.api)
		return 1;
	t = web_field(&c->rq->body, "csrf");
	if (!t)
		t = c->rq->csrf_header;
	if (!t || !auth_token_equal(t, c->csrf)) {
		web_fail(c, 403, "the form's CSRF token is missing or wrong; reload the page and try again "
			 "(表单已过期，请刷新页面后重试)");
		return 0;
	}
	return 1;
}

/* ---------- the table of routes ---------- */

enum route_need {
	ANYONE = 0,
	LOGIN = 1,          /* a login (a person not logged in is sent to /login) */
	WRITE = 2,          /* a login and, for a cookie session, the CSRF token */
	PLANNER = 4,        /* one who may store plans (auth_may_plan: an administrator) */
	TEXT = 8,           /* takes a text/plain body (a notice); no other route does */
	REPORTER = 16,      /* a reporter or an administrator */
	REVIEWER = 32,      /* a lead unit, a reporter (a city reviews its counties first) or an administrator */
	UPLOAD = 64,        /* takes files (multipart/form-data or a file's bytes), up to WEB_MAX_UPLOAD */
};

static const struct route {
	enum web_method method;     /* WEB_GET also answers HEAD */
	const char *path;
	int prefix;                 /* path is a prefix; the rest is c->rest */
	web_handler *fn;
	unsigned need;              /* enum route_need, or'ed */
} routes[] = {
	{ WEB_GET, "/", 0, page_overview, ANYONE },
	{ WEB_GET, "/index.html", 0, page_overview, ANYONE },
	{ WEB_GET, "/item/", 1, page_item, ANYONE },
	{ WEB_GET, "/source", 0, page_source, ANYONE },
	{ WEB_GET, "/calc/", 1, page_calc, ANYONE },
	{ WEB_GET, "/bulletins", 0, page_bulletins, ANYONE },
	{ WEB_GET, "/bulletins/", 1, page_issued, ANYONE },
	{ WEB_GET, "/bulletin/", 1, page_bulletin, LOGIN },
	/* issuing a bulletin (the office); a unit's contact */
	{ WEB_POST, "/bulletins", 0, form_bulletin_issue, WRITE },
	{ WEB_GET, "/org/contact", 0, page_org_contact, LOGIN },
	{ WEB_POST, "/org/contact", 0, form_org_contact, WRITE },
	{ WEB_GET, "/login", 0, form_login, ANYONE },
	{ WEB_POST, "/login", 0, form_login, ANYONE },
	{ WEB_POST, "/logout", 0, form_logout, WRITE },
	{ WEB_GET, "/report", 0, form_report, LOGIN | REPORTER },
	{ WEB_POST, "/report", 0, web_report_write, WRITE },
	/* 报送 of a whole round, its Excel sheet out and in (entry.c) */
	{ WEB_POST, "/report/round", 0, form_report_round, WRITE | REPORTER },
	{ WEB_GET, "/report/template.xlsx", 0, form_report_template, LOGIN | REPORTER },
	{ WEB_POST, "/report/upload", 0, form_report_upload, WRITE | REPORTER | UPLOAD },
	{ WEB_GET, "/review", 0, form_review, LOGIN | REVIEWER },
	{ WEB_POST, "/review", 0, web_review_write, WRITE },
	{ WEB_POST, "/rounds", 0, web_rounds_form, WRITE },
	/* 审核 in bulk, and the rounds on their own page (audit.c) */
	{ WEB_POST, "/review/bulk", 0, form_review_bulk, WRITE | REVIEWER },
	{ WEB_GET, "/rounds", 0, form_rounds, LOGIN },
	{ WEB_GET, "/journal", 0, form_journal, LOGIN },
	{ WEB_GET, "/evaluation", 0, page_eval, ANYONE },
	/* 点位 and 民生地图 (sites.c) */
	{ WEB_GET, "/sites", 0, page_sites, ANYONE },
	{ WEB_GET, "/map", 0, page_map, ANYONE },
	{ WEB_POST, "/evaluation", 0, web_rating_write, WRITE },
	{ WEB_POST, "/api/v1/simulate/", 1, api_simulate, LOGIN },
	{ WEB_GET, "/api/v1/evaluation", 0, api_eval, ANYONE },
	{ WEB_GET, "/api/v1/evaluation/saved", 0, api_eval_saved, ANYONE },
	{ WEB_POST, "/api/v1/evaluation/ratings", 0, web_rating_write, WRITE },
	{ WEB_GET, "/healthz", 0, api_healthz, ANYONE },
	{ WEB_GET, "/metrics", 0, api_metrics, LOGIN | PLANNER },
	{ WEB_GET, "/api/v1/status", 0, api_status, ANYONE },
	{ WEB_GET, "/api/v1/calc/", 1, api_calc, ANYONE },
	{ WEB_GET, "/api/v1/params", 0, api_params, ANYONE },
	{ WEB_GET, "/api/v1/plan", 0, api_plan, ANYONE },
	{ WEB_GET, "/api/v1/items", 0, api_items, ANYONE },
	{ WEB_GET, "/api/v1/indicators", 0, api_indicators, ANYONE },
	{ WEB_GET, "/api/v1/orgs", 0, api_orgs, ANYONE },
	{ WEB_GET, "/api/v1/assignments", 0, api_assignments, ANYONE },
	{ WEB_POST, "/api/v1/assignments", 0, api_assign_write, WRITE },
	{ WEB_GET, "/api/v1/reports", 0, api_reports, ANYONE },
	{ WEB_POST, "/api/v1/reports", 0, web_report_write, WRITE },
	{ WEB_POST, "/api/v1/reviews", 0, web_review_write, WRITE },
	{ WEB_GET, "/api/v1/sites", 0, api_sites, ANYONE },
	{ WEB_POST, "/api/v1/sites", 0, api_site_write, WRITE },
	{ WEB_GET, "/api/v1/rounds", 0, api_rounds, ANYONE },
	{ WEB_POST, "/api/v1/rounds/", 1, api_rounds_write, WRITE },
	{ WEB_GET, "/api/v1/journal", 0, api_journal, LOGIN },
	{ WEB_GET, "/api/v1/bulletins", 0, api_bulletins, ANYONE },
	{ WEB_GET, "/api/v1/bulletins/", 1, api_bulletin, ANYONE },
	{ WEB_GET, "/api/v1/me", 0, api_me, LOGIN },
	{ WEB_POST, "/api/v1/login", 0, form_login, ANYONE },
	{ WEB_POST, "/api/v1/logout", 0, form_logout, WRITE },
	{ WEB_GET, "/api/v1/openapi.json", 0, api_openapi, ANYONE },
	{ WEB_GET, "/notice", 0, notice_form, LOGIN | PLANNER },
	{ WEB_POST, "/notice", 0, notice_review, WRITE | PLANNER },
	{ WEB_POST, "/notice/accept", 0, notice_accept, WRITE | PLANNER },
	{ WEB_POST, "/api/v1/notice/import", 0, api_notice_import, WRITE | PLANNER | TEXT },
	{ WEB_POST, "/api/v1/plans", 0, api_plans_add, WRITE | PLANNER | TEXT },
	/* 催报 and 督办 (follow.c) */
	{ WEB_GET, "/remind", 0, page_remind, LOGIN },
	{ WEB_POST, "/remind", 0, web_remind_send, WRITE },
	{ WEB_GET, "/remind.xlsx", 0, page_remind_xlsx, LOGIN },
	{ WEB_GET, "/api/v1/remind", 0, api_remind, LOGIN },
	{ WEB_POST, "/api/v1/remind/send", 0, web_remind_send, WRITE },
	{ WEB_GET, "/duban", 0, page_duban, LOGIN },
	{ WEB_POST, "/duban", 0, web_duban_issue, WRITE },
	{ WEB_GET, "/duban/", 1, page_duban_one, LOGIN },
	{ WEB_POST, "/duban/", 1, web_duban_answer, WRITE },
	{ WEB_GET, "/api/v1/duban", 0, api_duban, LOGIN },
	{ WEB_POST, "/api/v1/duban", 0, web_duban_issue, WRITE },
	{ WEB_GET, "/api/v1/duban/", 1, api_duban, LOGIN },
	{ WEB_POST, "/api/v1/duban/", 1, web_duban_answer, WRITE },
	/* issue 17: 征集 and the 满意度测评 need no login (rate-limited per address); counts need staff */
	{ WEB_GET, "/proposals", 0, page_proposals, ANYONE },
	{ WEB_POST, "/proposals", 0, web_proposal_write, ANYONE },
	{ WEB_POST, "/proposals/moderate", 0, web_proposal_moderate, WRITE | PLANNER },
	{ WEB_GET, "/api/v1/proposals", 0, api_proposals, ANYONE },
	{ WEB_POST, "/api/v1/proposals", 0, web_proposal_write, ANYONE },
	{ WEB_GET, "/candidates", 0, page_candidates, ANYONE },
	{ WEB_GET, "/api/v1/candidates", 0, api_candidates, ANYONE },
	{ WEB_GET, "/vote", 0, page_vote, ANYONE },
	{ WEB_POST, "/vote", 0, web_ballot_write, ANYONE },
	{ WEB_POST, "/api/v1/ballots", 0, web_ballot_write, ANYONE },
	{ WEB_GET, "/vote/result", 0, page_vote_result, ANYONE },
	{ WEB_GET, "/api/v1/votes", 0, api_vote_tally, ANYONE },
	{ WEB_GET, "/vote/count", 0, page_vote_count, LOGIN | PLANNER },
	{ WEB_POST, "/vote/count", 0, web_count_write, WRITE | PLANNER },
	{ WEB_POST, "/api/v1/vote-counts", 0, web_count_write, WRITE | PLANNER },
	{ WEB_GET, "/survey", 0, page_survey, ANYONE },
	{ WEB_POST, "/survey", 0, web_survey_write, ANYONE },
	{ WEB_POST, "/api/v1/survey", 0, web_survey_write, ANYONE },
	/* issue 17: the staff's desk (vote_desk.c): administrators of the government */
	{ WEB_GET, "/vote/desk", 0, page_vote_desk, LOGIN | PLANNER },
	{ WEB_POST, "/vote/desk/moderate", 0, desk_moderate, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/import", 0, desk_import, WRITE | PLANNER | UPLOAD },
	{ WEB_POST, "/vote/desk/candidate", 0, desk_candidate, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/publish", 0, desk_publish, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/open", 0, desk_open, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/retention", 0, desk_retention, WRITE | PLANNER },
	{ WEB_GET, "/vote/desk/session", 0, page_vote_session, LOGIN | PLANNER },
	{ WEB_POST, "/vote/desk/deputies", 0, desk_deputies, WRITE | PLANNER | UPLOAD },
	{ WEB_POST, "/vote/desk/tokens", 0, desk_tokens, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/close", 0, desk_close, WRITE | PLANNER },
	{ WEB_POST, "/vote/desk/adopt", 0, desk_adopt, WRITE | PLANNER },
	/* 佐证材料 (web/evidence.c) */
	{ WEB_GET, "/evidence", 0, page_evidence, LOGIN },
	{ WEB_POST, "/evidence", 0, form_evidence, WRITE | UPLOAD },
	{ WEB_POST, "/api/v1/reports/", 1, api_report_evidence, WRITE | UPLOAD },
	{ WEB_GET, "/api/v1/reports/", 1, api_report_evidence, LOGIN },
	{ WEB_POST, "/api/v1/sites/", 1, api_site_evidence, WRITE | UPLOAD },
	{ WEB_GET, "/api/v1/sites/", 1, api_site_evidence, LOGIN },
	{ WEB_GET, "/api/v1/evidence", 0, api_evidence_list, LOGIN },
	{ WEB_GET, "/api/v1/evidence/", 1, api_evidence_file, ANYONE },
	/* every level of government: the programmes */
	{ WEB_GET, "/api/v1/plans", 0, api_plans, ANYONE },
};

/* Does the user pass the route's need? 1, or 0 after replying 401, 403 or a redirect to /login. */
static int may_ask(struct web_ctx *c, unsigned need)
{
	struct ms_err err;

	if ((need & WRITE) ? !need_writer(c) : (need & LOGIN) ? !web_need_login(c) : 0)
		return 0;
	if ((need & PLANNER) && auth_may_plan(&c->u, &err) != 1) {
		web_fail(c, 403, err.msg);
		return 0;
	}
	if ((need & REPORTER) && c->u.role != ROLE_REPORTER && c->u.role != ROLE_ADMIN) {
		web_fail(c, 403, "报送页面供报送员使用；牵头单位请到“审核”页面 (only reporters and administrators report)");
		return 0;
	}
	/* reporters too: with two-level review a city reviews its counties' reports first */
	if ((need & REVIEWER) && c->u.role != ROLE_LEAD && c->u.role != ROLE_ADMIN && c->u.role != ROLE_REPORTER) {
		web_fail(c, 403, "审核页面供牵头单位、设区市和管理员使用 (only leads, cities and administrators review)");
		return 0;
	}
	return 1;
}

/* Answers c by route rt: the database, who is asking, what they may, then the handler. */
static void route_run(struct web_ctx *c, const struct route *rt)
{
	struct ms_err err;

	/* a file's bytes as the whole body: the route's one file */
	if ((rt->need & UPLOAD) && c->rq->text && !c->rq->files.n) {
		struct web_file *f = &c->rq->files.v[c->rq->files.n++];

		f->field = ms_strdup("file");
		f->name = ms_strdup("");
		f->type = ms_strdup(c->rq->content_type ? c->rq->content_type : "");
		f->data = c->rq->text;
		f->len = c->rq->text_len;
		c->rq->text = NULL;
	}
	if (c->rq->files.n && !(rt->need & UPLOAD)) {
		web_fail(c, 415, "这里不接收文件 (this address takes no files)");
		return;
	}
	/* a text/plain body is a notice: only the importer's API reads one */
	if (c->rq->text && !(rt->need & TEXT)) {
		web_fail(c, 415, "Content-Type: text/plain is for POST /api/v1/notice/import and /api/v1/plans; "
			 "send application/x-www-form-urlencoded or application/json");
		return;
	}
	if (!(c->st = c->app->store(c->app->arg, &err))) {
		web_fail(c, 503, err.msg);
		return;
	}
	/* one snapshot and one read lock for the request's reads (store_read_begin) */
	store_read_begin(c->st);
	if (identify(c, &err)) {
		if (err.kind == MS_E_FORBIDDEN)
			web_fail(c, 401, err.msg);
		else
			web_fail_err(c, &err);
		store_read_end(c->st);
		return;
	}
	c->who.demo = demo_of(c->st);
	c->who.plan = web_field(&c->rq->query, "plan");
	if (c->who.plan && !*c->who.plan)
		c->who.plan = NULL;
	who_org(c);
	if (may_ask(c, rt->need))
		rt->fn(c);
	store_read_end(c->st);
}

size_t web_body_max(enum web_method m, const char *path)
{
	size_t i, n;

	/* /p/ID/… as …: the route after the plan */
	if (!strncmp(path, "/p/", 3))
		path = strchr(path + 3, '/') ? strchr(path + 3, '/') : "/";

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		n = strlen(routes[i].path);
		if (routes[i].method == m &&
		    !(routes[i].prefix ? strncmp(path, routes[i].path, n) : strcmp(path, routes[i].path)))
			return (routes[i].need & UPLOAD) ? WEB_MAX_UPLOAD : WEB_MAX_BODY;
	}
	return WEB_MAX_BODY;
}

/*
 * /p/ID/… is …?plan=ID, for every page and route alike: the path's plan goes
 * into the query (one given there too, or in the body, must be the same)
 * and *p becomes the rest ("/" for /p/ID). 0, or -1 with the status's
 * message in err (a bad id: 404; two different plans: 400).
 */
static int plan_of_path(struct web_req *rq, const char **p, unsigned *status, struct ms_err *err)
{
	const char *id = *p + 3, *end = strchr(id, '/'), *q, *b;
	size_t n = end ? (size_t)(end - id) : strlen(id), i;

	*status = 404;
	if (!n || n > 64)
		return ms_err_set(err, "无此计划 (no such plan): /p/%.*s", (int)(n > 64 ? 64 : n), id);
	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return ms_err_set(err, "无此计划 (no such plan): the id holds only a-z, 0-9 and -");
	q = web_field(&rq->query, "plan");
	b = web_field(&rq->body, "plan");
	if ((q && (strlen(q) != n || memcmp(q, id, n))) || (b && *b && (strlen(b) != n || memcmp(b, id, n)))) {
		*status = 400;
		return ms_err_set(err, "路径中的计划 %.*s 与参数 plan 不一致 (the path's plan and the plan "
				  "parameter differ)", (int)n, id);
	}
	if (!q && web_field_add(&rq->query, "plan", 4, id, n, err)) {
		*status = 400;
		return -1;
	}
	*p = end ? end : "/";
	return 0;
}

void web_handle(const struct web_app *app, struct web_req *rq, struct web_reply *r)
{
	enum web_method m = rq->method == WEB_HEAD ? WEB_GET : rq->method;
	struct web_ctx c;
	const char *p = rq->path;
	int get = 0, post = 0;
	size_t i, n;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.rq = rq;
	c.r = r;
	c.who.u = &c.u;
	c.who.csrf = c.csrf;
	if (!strncmp(p, "/p/", 3)) {
		struct ms_err err;
		unsigned status;

		if (plan_of_path(rq, &p, &status, &err)) {
			c.api = strstr(p, "/api/") || rq->body_json;
			c.html = !c.api && rq->accept_html;
			web_fail(&c, status, err.msg);
			return;
		}
	}
	c.api = !strncmp(p, "/api/", 5) || rq->body_json;
	c.html = !c.api && rq->accept_html;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		n = strlen(routes[i].path);
		if (routes[i].prefix ? strncmp(p, routes[i].path, n) : strcmp(p, routes[i].path))
			continue;
		if (routes[i].method != m) {
			get |= routes[i].method == WEB_GET;
			post |= routes[i].method == WEB_POST;
			continue;
		}
		c.rest = routes[i].prefix ? p + n : "";
		route_run(&c, &routes[i]);
		return;
	}
	if (get || post) {
		r->allow = get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
		web_fail(&c, 405, get ? "this address is read with GET (只能读取)" : "this address only takes POST (只接受 POST)");
		return;
	}
	web_fail(&c, 404, "no such page or endpoint (页面不存在)");
}
