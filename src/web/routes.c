/*
 * routes.c - answers a struct web_req: who is asking (a session cookie or
 * a bearer token), what they may do (auth.h), the pages and the JSON API.
 * It knows nothing of libmicrohttpd, so the fuzzer drives it directly.
 *
 * Writes: a form POST or an API POST. Both need a login; a cookie session
 * also needs the CSRF token (the form's csrf field or X-CSRF-Token); a
 * bearer token does not (a browser never sends one by itself). Each write
 * is one ledger call: one transaction with its journal row.
 */
#include "web.h"
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "eval/eval.h"
#include "ledger/ledger.h"
#include "plan/units.h"
#include "report/bulletin.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

#define SESSION_COOKIE "ms_session"

struct rq_ctx {
	const struct web_app *app;
	struct web_req *rq;
	struct web_reply *r;
	struct store *st;
	struct auth_user u;
	char token[AUTH_TOKEN_HEX + 1];   /* the cookie's session token, "" when none */
	char csrf[AUTH_TOKEN_HEX + 1];
	struct web_who who;
	char org_name[128];               /* the user's unit by name, for the navigation */
	int api;                          /* an /api/ path or a JSON body: answer in JSON */
	int html;                         /* a browser (Accept: text/html) off the API: errors as pages */
};

/* ---------- replies ---------- */

static void json_reply(struct web_reply *r, unsigned status, json_t *j)
{
	r->status = status;
	r->type = "application/json; charset=utf-8";
	ms_buf_reset(&r->body);
	ms_json_dump(&r->body, j, 1);
	json_decref(j);
}

static void html_reply(struct web_reply *r, unsigned status)
{
	r->status = status;
	r->type = "text/html; charset=utf-8";
}

static const char *status_code(unsigned status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "payload_too_large";
	case 414: return "uri_too_long";
	case 415: return "unsupported_media_type";
	case 422: return "unprocessable";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default: return "internal";
	}
}

/* An error: JSON for the API, a page for a person. */
static void fail(struct rq_ctx *c, unsigned status, const char *msg)
{
	json_t *j;

	if (c->html) {
		ms_buf_reset(&c->r->body);
		web_page_error(&c->r->body, &c->who, status, msg);
		html_reply(c->r, status);
		return;
	}
	j = json_pack("{s:{s:s, s:s}}", "error", "code", status_code(status), "message", msg);
	/* a message quoting invalid UTF-8 from the request cannot be JSON: say less */
	if (!j)
		j = json_pack("{s:{s:s, s:s}}", "error", "code", status_code(status), "message",
			      "the request holds text that is not valid UTF-8 (非法的 UTF-8 编码)");
	json_reply(c->r, status, j);
}

static void fail_err(struct rq_ctx *c, const struct ms_err *e)
{
	fail(c, web_err_status(e), e->msg);
}

static void redirect(struct rq_ctx *c, const char *to)
{
	c->r->status = 303;
	c->r->type = "text/plain; charset=utf-8";
	snprintf(c->r->location, sizeof(c->r->location), "%s", to);
	ms_buf_reset(&c->r->body);
	ms_buf_addf(&c->r->body, "see %s\n", c->r->location);
}

static const char *arg(const struct rq_ctx *c, const char *key)
{
	const char *v = web_field(&c->rq->body, key);

	return v ? v : web_field(&c->rq->query, key);
}

/* ---------- who is asking ---------- */

static int identify(struct rq_ctx *c, struct ms_err *err)
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
					   "(令牌无效或已过期；用 minsheng user token 重新生成)");
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
static void who_org(struct rq_ctx *c)
{
	struct store_org_row og;

	c->org_name[0] = '\0';
	if (c->u.role != ROLE_NONE && c->u.org[0] && store_org_get(c->st, c->u.org, &og, NULL) == 1)
		snprintf(c->org_name, sizeof(c->org_name), "%s", og.name);
	c->who.org_name = c->org_name;
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
static void login_redirect(struct rq_ctx *c)
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
	redirect(c, to.len < sizeof(c->r->location) ? to.buf : "/login");
	ms_buf_release(&here);
	ms_buf_release(&to);
}

/*
 * A write needs a login and, for a cookie session, the CSRF token. 1 when
 * the request may go on; 0 after replying 401/403 (a person who is not
 * logged in is sent to the login page).
 */
static int need_writer(struct rq_ctx *c)
{
	const char *t;

	if (c->u.role == ROLE_NONE) {
		if (c->html) {
			login_redirect(c);
			return 0;
		}
		fail(c, 401, "log in first: a session cookie from /login or Authorization: Bearer TOKEN "
		     "(请先登录)");
		return 0;
	}
	if (c->u.api)
		return 1;
	t = web_field(&c->rq->body, "csrf");
	if (!t)
		t = c->rq->csrf_header;
	if (!t || !auth_token_equal(t, c->csrf)) {
		fail(c, 403, "the form's CSRF token is missing or wrong; reload the page and try again "
		     "(表单已过期，请刷新页面后重试)");
		return 0;
	}
	return 1;
}

/* A page that needs a login: 1, or 0 after sending the visitor to /login. */
static int need_login(struct rq_ctx *c)
{
	if (c->u.role != ROLE_NONE)
		return 1;
	if (c->html)
		login_redirect(c);
	else
		fail(c, 401, "log in first (请先登录)");
	return 0;
}

static int open_ledger(struct rq_ctx *c, struct ledger *l)
{
	struct ms_err err;

	if (ledger_open(l, c->st, NULL, c->u.role ? c->u.name : "web", &err)) {
		fail_err(c, &err);
		return -1;
	}
	return 0;
}

static int demo_of(struct store *st)
{
	struct ms_buf v = MS_BUF_INIT;
	int demo = store_setting_get(st, "demo", &v, NULL) == 1 && !strcmp(v.buf, "1");

	ms_buf_release(&v);
	return demo;
}

/* ---------- reading: progress, pages ---------- */

static int as_of_arg(struct rq_ctx *c, ms_day *as_of)
{
	const char *s = web_field(&c->rq->query, "as_of");
	struct ms_err err;

	*as_of = ms_date_of_time_cn(ms_clock_now());
	if (s && ms_date_parse(s, strlen(s), as_of, &err)) {
		ms_err_prefix(&err, "as_of");
		fail(c, 400, err.msg);
		return -1;
	}
	return 0;
}

static int progress_of(struct rq_ctx *c, struct progress *p)
{
	struct progress_opts po = { 0 };
	const char *item = web_field(&c->rq->query, "item");
	struct ledger l;
	struct ms_err err;
	int rc;

	if (as_of_arg(c, &po.as_of))
		return -1;
	if (item) {
		char *end;
		long n = strtol(item, &end, 10);

		if (*end || n < 1 || n > 99) {
			fail(c, 400, "item: expected an item number 1-10");
			return -1;
		}
		po.item = n;
	}
	po.org = web_field(&c->rq->query, "org");
	if (open_ledger(c, &l))
		return -1;
	rc = progress_compute(&l, &po, p, &err);
	ledger_close(&l);
	if (rc) {
		fail_err(c, &err);
		return -1;
	}
	return 0;
}

static void route_status(struct rq_ctx *c)
{
	struct progress p;

	if (progress_of(c, &p))
		return;
	json_reply(c->r, 200, progress_json(&p));
	progress_free(&p);
}

static void route_overview(struct rq_ctx *c)
{
	struct progress p;

	if (progress_of(c, &p))
		return;
	ms_buf_reset(&c->r->body);
	web_page_overview(&c->r->body, &c->who, &p);
	html_reply(c->r, 200);
	progress_free(&p);
}

static void route_item(struct rq_ctx *c, const char *no)
{
	struct progress p;
	char *end;
	long n = strtol(no, &end, 10);

	if (*end || n < 1 || n > 99 || !*no) {
		fail(c, 404, "no such item (无此实事)");
		return;
	}
	if (progress_of(c, &p))
		return;
	ms_buf_reset(&c->r->body);
	if (web_page_item(&c->r->body, &c->who, &p, n))
		fail(c, 404, "no such item in the plan (计划中无此实事)");
	else
		html_reply(c->r, 200);
	progress_free(&p);
}

/* The newest plan's document; NULL after replying. */
static json_t *plan_doc(struct rq_ctx *c)
{
	struct ms_buf id = MS_BUF_INIT, doc = MS_BUF_INIT;
	struct ms_err err;
	json_t *plan = NULL;

	if (store_plan_latest(c->st, &id, &err) != 1 || store_plan_doc(c->st, id.buf, &doc, &err) != 1 ||
	    !(plan = ms_json_load_bytes(doc.buf, doc.len, "plan", &err)))
		fail(c, 500, "the plan is not in the database");
	ms_buf_release(&id);
	ms_buf_release(&doc);
	return plan;
}

static void route_source(struct rq_ctx *c)
{
	struct ms_buf src = MS_BUF_INIT;
	struct ms_err err;
	json_t *plan = plan_doc(c);
	const char *sha;

	if (!plan)
		return;
	if (!(sha = json_string_value(json_object_get(json_object_get(plan, "source"), "sha256"))) ||
	    store_source_get(c->st, sha, &src, &err) != 1) {
		fail(c, 500, "the notice is not in the database");
	} else {
		ms_buf_reset(&c->r->body);
		web_page_source(&c->r->body, &c->who, plan, src.buf, src.len);
		html_reply(c->r, 200);
	}
	json_decref(plan);
	ms_buf_release(&src);
}

/* Sets the calculator's inputs from the query; -1 with err naming the field. */
static int calc_fields(const struct calc_def *d, const struct web_fields *f, struct calc_in *in,
		       const char **given, int strict, struct ms_err *err)
{
	size_t i;

	d->init(in);
	for (i = 0; i < f->n; i++) {
		int fi = calc_field_index(d, f->v[i].key);

		if (fi < 0) {
			if (!strict)
				continue;
			return ms_err_set(err, "%.*s: not an input of %s (未知参数)",
					  ms_utf8_clip(f->v[i].key, strlen(f->v[i].key), 100), f->v[i].key,
					  d->name);
		}
		if (!strict && !*f->v[i].val)
			continue;
		if (given && fi < 32)
			given[fi] = f->v[i].val;
		if (calc_set(d, in, fi, f->v[i].val, strlen(f->v[i].val), err))
			return -1;
	}
	return 0;
}

static void route_calc(struct rq_ctx *c, const char *name)
{
	const struct calc_def *d = calc_find(name);
	struct calc_in in;
	struct calc_ctx cx;
	struct calc_out out;
	struct ms_err err;
	json_t *trace, *doc;

	if (!d) {
		fail(c, 404, "no such calculator; use loan, dibao, disability or orphan");
		return;
	}
	if (calc_fields(d, &c->rq->query, &in, NULL, 1, &err) || calc_ready(d, &in, &err)) {
		fail(c, 400, err.msg);
		return;
	}
	trace = json_array();
	calc_ctx_init(&cx, c->app->params, trace, &err);
	if (calc_run(d, &cx, &in, &out)) {
		json_decref(trace);
		fail(c, 422, err.msg);
		return;
	}
	doc = json_object();
	json_object_set_new(doc, "calc", json_string(d->name));
	json_object_set_new(doc, "input", calc_in_json(d, &in));
	calc_out_json(d, &out, doc);
	json_object_set_new(doc, "trace", trace);
	json_reply(c->r, 200, doc);
}

static void route_calc_page(struct rq_ctx *c, const char *name)
{
	const struct calc_def *d = calc_find(name);
	const char *given[32] = { 0 };
	struct calc_in in;
	struct calc_out out;
	struct calc_ctx cx;
	struct ms_err err;
	json_t *trace = NULL;
	const char *error = NULL;
	int ok = 0;
	size_t i, any = 0;

	if (!d) {
		fail(c, 404, "no such calculator (无此计算器)");
		return;
	}
	for (i = 0; i < c->rq->query.n; i++)
		any += *c->rq->query.v[i].val != '\0';
	if (any) {
		if (calc_fields(d, &c->rq->query, &in, given, 0, &err) || calc_ready(d, &in, &err)) {
			error = err.msg;
		} else {
			trace = json_array();
			calc_ctx_init(&cx, c->app->params, trace, &err);
			if (calc_run(d, &cx, &in, &out))
				error = err.msg;
			else
				ok = 1;
		}
	}
	ms_buf_reset(&c->r->body);
	web_page_calc(&c->r->body, &c->who, d, given, ok ? &out : NULL, trace, error);
	html_reply(c->r, 200);
	json_decref(trace);
}

static void route_params(struct rq_ctx *c)
{
	const struct params *ps = c->app->params;
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < ps->n; i++)
		for (j = 0; j < ps->p[i].n; j++)
			json_array_append_new(arr, param_value_json(&ps->p[i], &ps->p[i].v[j]));
	json_reply(c->r, 200, arr);
}

static void route_bulletins(struct rq_ctx *c)
{
	struct ledger l;
	size_t k;

	if (open_ledger(c, &l))
		return;
	if (c->api) {
		json_t *arr = json_array();

		for (k = 0; k < l.nround; k++) {
			json_t *f = json_object();
			static const char *const ext[] = { "html", "md", "csv", "xlsx" };
			size_t e;

			for (e = 0; e < 4; e++) {
				char u[64];

				snprintf(u, sizeof(u), "/bulletin/%s.%s", l.round[k].due, ext[e]);
				json_object_set_new(f, ext[e], json_string(u));
			}
			json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "round", l.round[k].due,
							     "label", l.round[k].label, "files", f));
		}
		json_reply(c->r, 200, arr);
		ledger_close(&l);
		return;
	}
	ms_buf_reset(&c->r->body);
	web_page_begin(&c->r->body, "通报", &c->who);
	ms_buf_adds(&c->r->body, "<p>每个报送节点一份进展通报，截至报送截止后第7天。</p>\n<table>"
		    "<tr><th>报送节点</th><th>下载</th></tr>\n");
	for (k = 0; k < l.nround; k++)
		ms_buf_addf(&c->r->body, "<tr><td>%s %s</td><td><a href=\"/bulletin/%s.html\">网页</a>　"
			    "<a href=\"/bulletin/%s.xlsx\">Excel（.xlsx）</a>　<a href=\"/bulletin/%s.csv\">台账 CSV</a>　"
			    "<a href=\"/bulletin/%s.md\">Markdown</a></td></tr>\n", l.round[k].due, l.round[k].label,
			    l.round[k].due, l.round[k].due, l.round[k].due, l.round[k].due);
	ms_buf_adds(&c->r->body, "</table>\n");
	web_page_end(&c->r->body);
	html_reply(c->r, 200);
	ledger_close(&l);
}

static void route_bulletin(struct rq_ctx *c, const char *file)
{
	const struct ledger_round *rd;
	struct progress_opts po = { 0 };
	struct progress p;
	struct bulletin bl;
	struct ledger l;
	struct ms_err err;
	struct web_reply *r = c->r;
	const char *dot = strrchr(file, '.');
	char due[16];

	if (!dot || (size_t)(dot - file) >= sizeof(due) ||
	    (strcmp(dot, ".html") && strcmp(dot, ".md") && strcmp(dot, ".csv") && strcmp(dot, ".xlsx"))) {
		fail(c, 404, "bulletins are ROUND.html, .md, .csv or .xlsx");
		return;
	}
	memcpy(due, file, (size_t)(dot - file));
	due[dot - file] = '\0';
	if (open_ledger(c, &l))
		return;
	if (!(rd = ledger_round_find(&l, due, &err))) {
		fail(c, 404, err.msg);
		ledger_close(&l);
		return;
	}
	po.as_of = rd->day + 7;
	if (progress_compute(&l, &po, &p, &err)) {
		fail_err(c, &err);
		ledger_close(&l);
		return;
	}
	if (bulletin_build(&bl, c->st, &l, &p, rd->due, &err)) {
		fail_err(c, &err);
	} else {
		ms_buf_reset(&r->body);
		r->status = 200;
		if (!strcmp(dot, ".html")) {
			bulletin_html(&bl, &r->body);
			r->type = "text/html; charset=utf-8";
		} else if (!strcmp(dot, ".md")) {
			bulletin_md(&bl, &r->body);
			r->type = "text/markdown; charset=utf-8";
		} else if (!strcmp(dot, ".csv")) {
			bulletin_csv(&bl, &r->body);
			r->type = "text/csv; charset=utf-8";
		} else {
			char path[] = "/tmp/minsheng-bulletin-XXXXXX";
			int fd = mkstemp(path);

			if (fd < 0 || bulletin_xlsx(&bl, path, &err) ||
			    ms_file_read(&r->body, path, (size_t)64 << 20, &err))
				fail(c, 500, fd < 0 ? "cannot make a temporary file" : err.msg);
			else
				r->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
			if (fd >= 0) {
				close(fd);
				unlink(path);
			}
		}
		/* the web page opens in the browser; the other formats are files to keep */
		snprintf(r->disposition, sizeof(r->disposition), "%s; filename=\"bulletin-%s%s\"",
			 strcmp(dot, ".html") ? "attachment" : "inline", rd->due, dot);
		bulletin_free(&bl);
	}
	progress_free(&p);
	ledger_close(&l);
}

/* ---------- reading: the ledger as JSON ---------- */

static void route_plan(struct rq_ctx *c, const char *part)
{
	json_t *plan = plan_doc(c), *out;

	if (!plan)
		return;
	if (!strcmp(part, "plan"))
		out = json_incref(plan);
	else if (!strcmp(part, "items"))
		out = json_incref(json_object_get(plan, "items"));
	else {
		json_t *items = json_object_get(plan, "items"), *it, *ind;
		size_t i, j;

		out = json_array();
		json_array_foreach(items, i, it)
			json_array_foreach(json_object_get(it, "indicators"), j, ind) {
				json_t *x = json_deep_copy(ind);

				json_object_set(x, "item", json_object_get(it, "no"));
				json_array_append_new(out, x);
			}
	}
	json_reply(c->r, 200, out ? out : json_array());
	json_decref(plan);
}

static int org_json(const struct store_org *o, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s}", "code", o->code, "name", o->name,
					     "kind", o->kind, "parent", o->parent));
	return 0;
}

struct aj { struct ledger *l; json_t *arr; };

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

static int assign_json(const char *ind, const char *org, int64_t target, void *arg)
{
	struct aj *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, ind);
	json_t *j = json_pack("{s:s, s:s}", "indicator", ind, "org", org);

	value_fields(j, "target", d ? d->unit : NULL, target);
	json_array_append_new(a->arr, j);
	return 0;
}

struct rj { const char *round; json_t *arr; struct ledger *l; int drafts; };

static int report_json(const struct store_report *r, void *arg)
{
	struct rj *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, r->indicator);
	json_t *j;

	if (a->round && strcmp(a->round, r->round))
		return 0;
	if (!a->drafts && !strcmp(r->status, "draft"))
		return 0;   /* not yet submitted: not published */
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

static int journal_json(const struct store_journal_row *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id",
					     (json_int_t)r->id, "at", r->at, "actor", r->actor, "action",
					     r->action, "table", r->tbl, "key", r->key, "before", r->before,
					     "after", r->after));
	return 0;
}

static void route_list(struct rq_ctx *c, const char *what)
{
	const char *ind = web_field(&c->rq->query, "indicator");
	const char *org = web_field(&c->rq->query, "org");
	json_t *arr = json_array();
	struct ms_err err;
	struct ledger l;
	int rc;

	if (open_ledger(c, &l)) {
		json_decref(arr);
		return;
	}
	if (!strcmp(what, "orgs")) {
		rc = store_org_each(c->st, web_field(&c->rq->query, "kind"), org_json, arr, &err);
	} else if (!strcmp(what, "assignments")) {
		struct aj a = { &l, arr };

		rc = store_assign_each(c->st, l.plan, assign_json, &a, &err);
		(void)ind;
	} else if (!strcmp(what, "reports")) {
		struct rj a = { web_field(&c->rq->query, "round"), arr, &l, c->u.role != ROLE_NONE };

		rc = store_report_each(c->st, l.plan, ind, org, report_json, &a, &err);
	} else if (!strcmp(what, "sites")) {
		rc = store_site_each(c->st, l.plan, ind, org, site_json, arr, &err);
	} else if (!strcmp(what, "rounds")) {
		size_t k;

		for (k = 0, rc = 0; k < l.nround && rc >= 0; k++) {
			struct ms_buf by = MS_BUF_INIT;

			rc = store_round_locked(c->st, l.plan, l.round[k].due, &by, &err);
			if (rc >= 0)
				json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "due", l.round[k].due,
								     "label", l.round[k].label, "locked", rc == 1));
			ms_buf_release(&by);
		}
	} else {   /* journal: names people, so only for those logged in */
		if (!need_login(c)) {
			json_decref(arr);
			ledger_close(&l);
			return;
		}
		rc = store_journal_each(c->st, web_field(&c->rq->query, "since"),
					web_field(&c->rq->query, "table"), web_field(&c->rq->query, "key"),
					journal_json, arr, &err);
	}
	ledger_close(&l);
	if (rc < 0) {
		json_decref(arr);
		fail_err(c, &err);
		return;
	}
	json_reply(c->r, 200, arr);
}

/* ---------- simulate: a payroll under a reform ---------- */

static const char *store_city_name(void *arg, const char *code)
{
	static __thread struct store_org_row o;

	if (!code[0])
		return "（未填区划）";
	return store_org_get(arg, code, &o, NULL) == 1 ? o.name : "（未知区划）";
}

static void route_simulate(struct rq_ctx *c, const char *kind)
{
	const struct calc_def *d = calc_find(kind);
	const char *reforms[32], *defaults[32], *by = web_field(&c->rq->query, "by");
	char path[] = "/tmp/minsheng-simulate-XXXXXX", *kv[32];
	struct batch_opts o = { 0 };
	struct batch_result res;
	struct params reform;
	struct ms_err err;
	size_t i, nr = 0, nd = 0;
	int fd, loaded = 0;

	memset(kv, 0, sizeof(kv));
	if (!need_login(c))
		return;
	if (!d) {
		fail(c, 404, "no such calculator; use loan, dibao, disability or orphan");
		return;
	}
	if (!c->rq->csv) {
		fail(c, 400, "send the payroll as the body with Content-Type: text/csv (发放名册 CSV)");
		return;
	}
	for (i = 0; i < c->rq->query.n; i++) {
		const struct web_kv *q = &c->rq->query.v[i];

		if (!strcmp(q->key, "reform")) {
			if (nr == 32) {
				fail(c, 400, "reform: at most 32");
				return;
			}
			reforms[nr++] = q->val;
		} else if (calc_field_index(d, q->key) >= 0 && nd < 32) {
			size_t n = strlen(q->key) + strlen(q->val) + 2;

			kv[nd] = malloc(n);
			if (!kv[nd])
				abort();
			snprintf(kv[nd], n, "%s=%s", q->key, q->val);
			defaults[nd] = kv[nd];
			nd++;
		} else if (strcmp(q->key, "by")) {
			ms_err_set(&err, "%.*s: not an input of %s, nor reform or by (未知参数)",
				   ms_utf8_clip(q->key, strlen(q->key), 64), q->key, d->name);
			fail(c, 400, err.msg);
			goto out;
		}
	}
	if (!nr) {
		fail(c, 400, "reform: give at least one, e.g. ?reform=dibao.urban_standard=950");
		goto out;
	}
	if (params_load(&reform, c->app->params->path, &err)) {
		fail(c, 500, err.msg);
		goto out;
	}
	loaded = 1;
	for (i = 0; i < nr; i++)
		if (params_override(&reform, reforms[i], &err)) {
			ms_err_prefix(&err, "reform");
			fail(c, 400, err.msg);
			goto out;
		}
	if ((fd = mkstemp(path)) < 0) {
		fail(c, 500, "cannot make a temporary file");
		goto out;
	}
	if (write(fd, c->rq->csv, c->rq->csv_len) != (ssize_t)c->rq->csv_len) {
		close(fd);
		unlink(path);
		fail(c, 500, "cannot write a temporary file");
		goto out;
	}
	close(fd);
	o.def = d;
	o.base = c->app->params;
	o.reform = &reform;
	o.in_path = path;
	o.defaults = defaults;
	o.ndefaults = nd;
	o.no_output = 1;
	if (batch_run(&o, &res, &err)) {
		/* name the upload, not our temporary file */
		char msg[sizeof(err.msg)];
		const char *at = strstr(err.msg, path);

		if (at)
			snprintf(msg, sizeof(msg), "%.*spayroll.csv%s", (int)(at - err.msg), err.msg, at + strlen(path));
		else
			snprintf(msg, sizeof(msg), "%s", err.msg);
		fail(c, 422, msg);
	} else {
		json_reply(c->r, 200, batch_sim_json(d, &res, "payroll.csv", reforms, nr,
						     by && !strcmp(by, "city"), store_city_name, c->st));
		batch_result_release(&res);
	}
	unlink(path);
out:
	if (loaded)
		params_release(&reform);
	for (i = 0; i < nd; i++)
		free(kv[i]);
}

/* ---------- the evaluation ---------- */

static void route_eval(struct rq_ctx *c, int page)
{
	const char *w = web_field(&c->rq->query, "weights");
	struct eval_opts eo;
	struct ms_err err;
	struct ledger l;
	struct eval ev;

	eval_opts_default(&eo);
	if (as_of_arg(c, &eo.as_of))
		return;
	if (w && eval_weights_parse(&eo, w, &err)) {
		fail(c, 400, err.msg);
		return;
	}
	if (open_ledger(c, &l))
		return;
	if (eval_compute(&l, &eo, &ev, &err)) {
		fail_err(c, &err);
	} else {
		if (page) {
			ms_buf_reset(&c->r->body);
			web_page_eval(&c->r->body, &c->who, &ev);
			html_reply(c->r, 200);
		} else {
			json_reply(c->r, 200, eval_json(&ev));
		}
		eval_free(&ev);
	}
	ledger_close(&l);
}

static void route_eval_saved(struct rq_ctx *c)
{
	const char *y = web_field(&c->rq->query, "year");
	struct ms_buf doc = MS_BUF_INIT;
	struct ms_err err;
	char *end;
	long year = y ? strtol(y, &end, 10) : 0;
	int rc;

	if (!y || *end || year < 2000 || year > 2100) {
		fail(c, 400, "year: expected a year, e.g. ?year=2023");
		return;
	}
	rc = store_eval_latest(c->st, year, &doc, NULL, &err);
	if (rc < 0)
		fail_err(c, &err);
	else if (rc == 0)
		fail(c, 404, "no saved evaluation of that year (尚未保存评估)");
	else {
		c->r->status = 200;
		c->r->type = "application/json; charset=utf-8";
		ms_buf_reset(&c->r->body);
		ms_buf_add(&c->r->body, doc.buf, doc.len);
	}
	ms_buf_release(&doc);
}

/* ---------- logging in and out ---------- */

/*
 * Only a local path: never send a person somewhere else after logging in.
 * "//host" and "/\\host" are other sites to a browser, and so is "/\t/host"
 * (browsers drop tabs and newlines inside an address): no control bytes.
 */
static const char *safe_next(const char *next)
{
	const unsigned char *p;

	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "/";
	if (strlen(next) >= sizeof(((struct web_reply *)0)->location))
		return "/";
	return next;
}

static void route_login(struct rq_ctx *c)
{
	const char *name = arg(c, "name"), *pw = arg(c, "password");
	const char *next = safe_next(arg(c, "next"));
	char token[AUTH_TOKEN_HEX + 1], msg[128];
	enum auth_login rc;
	struct ms_err err;
	long wait = 0;
	unsigned status;

	if (c->rq->method != WEB_POST) {
		ms_buf_reset(&c->r->body);
		web_page_login(&c->r->body, &c->who, next, "", NULL);
		html_reply(c->r, 200);
		return;
	}
	if (!name || !pw || !*name || !*pw) {
		err.kind = MS_E_INVALID;
		snprintf(err.msg, sizeof(err.msg), "%s", "name, password: both are needed (请输入用户名和密码)");
		rc = AUTH_DENIED;
		status = 400;
	} else {
		rc = auth_login(c->st, name, pw, c->rq->addr, ms_clock_now(), token, &wait, &err);
		status = rc == AUTH_OK ? 200 : rc == AUTH_DENIED ? 401 : rc == AUTH_THROTTLED ? 429 : 500;
	}
	if (rc == AUTH_OK) {
		snprintf(c->r->cookie, sizeof(c->r->cookie),
			 SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", token,
			 AUTH_WEB_TTL);
		if (c->api) {
			char csrf[AUTH_TOKEN_HEX + 1];

			auth_csrf(token, csrf);
			json_reply(c->r, 200, json_pack("{s:s, s:s}", "user", name, "csrf", csrf));
		} else {
			redirect(c, next);
		}
		return;
	}
	if (c->api) {
		fail(c, status, err.msg);
		return;
	}
	/*
	 * The form: the page again, the name kept, the reason in Chinese only.
	 * A wrong password is an answer the page gives, not a failure to load
	 * it, so 200 (a browser logs a 401 page as a console error); the API
	 * keeps its 401.
	 */
	if (status == 400) {
		snprintf(msg, sizeof(msg), "请输入用户名和密码。");
	} else if (rc == AUTH_DENIED) {
		snprintf(msg, sizeof(msg), "用户名或密码错误，请重新输入。");
		status = 200;
	} else if (rc == AUTH_THROTTLED) {
		snprintf(msg, sizeof(msg), "登录失败次数过多，请%ld秒后再试。", wait);
	} else {
		snprintf(msg, sizeof(msg), "系统出错，暂时不能登录，请稍后再试。");
	}
	ms_buf_reset(&c->r->body);
	web_page_login(&c->r->body, &c->who, next, name ? name : "", msg);
	html_reply(c->r, status);
}

static void route_logout(struct rq_ctx *c)
{
	struct ms_err err;

	if (!need_writer(c))
		return;
	if (c->token[0] && auth_logout(c->st, c->token, c->u.name, &err)) {
		fail_err(c, &err);
		return;
	}
	snprintf(c->r->cookie, sizeof(c->r->cookie),
		 SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	if (c->api)
		json_reply(c->r, 200, json_pack("{s:b}", "logged_out", 1));
	else
		redirect(c, "/");
}

/* ---------- writing ---------- */

/* The indicator a write names; NULL after replying. */
static const struct ledger_ind *write_ind(struct rq_ctx *c, struct ledger *l)
{
	const char *id = arg(c, "indicator");
	const struct ledger_ind *d;

	if (!id || !*id) {
		fail(c, 400, "indicator: missing (缺少指标)");
		return NULL;
	}
	if (!(d = ledger_ind_find(l, id))) {
		struct ms_err err;

		ms_err_set(&err, "indicator: no indicator %.*s in plan %s (无此指标)",
			   ms_utf8_clip(id, strlen(id), 64), id, l->plan);
		fail(c, 404, err.msg);
	}
	return d;
}

static const char *need_field(struct rq_ctx *c, const char *key)
{
	const char *v = arg(c, key);
	char msg[96];

	if (!v || !*v) {
		snprintf(msg, sizeof(msg), "%s: missing (缺少字段)", key);
		fail(c, 400, msg);
		return NULL;
	}
	return v;
}

/* Re-shows the 报送 page with the message beside the indicator's form. */
static void report_page(struct rq_ctx *c, struct ledger *l, const char *org, const char *round,
			const char *err_ind, const char *error, const char *ok, unsigned status)
{
	struct ms_err err;

	ms_buf_reset(&c->r->body);
	if (web_page_report(&c->r->body, &c->who, l, org, round, err_ind ? &c->rq->body : NULL,
			    err_ind, error, ok, &err))
		fail_err(c, &err);
	else
		html_reply(c->r, status);
}

static void route_report_write(struct rq_ctx *c)
{
	struct ledger_report_in in = { 0 };
	struct ms_buf warn = MS_BUF_INIT;
	const struct ledger_ind *d;
	const char *org, *round, *action = arg(c, "action");
	struct ms_err err;
	struct ledger l;

	if (!need_writer(c) || open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")) || !(round = need_field(c, "round")))
		goto out;
	if (auth_may_report(&c->u, org, &err) != 1) {
		fail(c, 403, err.msg);
		goto out;
	}
	in.indicator = d->id;
	in.org = org;
	in.round = round;
	in.value = arg(c, "value");
	in.numerator = arg(c, "numerator");
	in.denominator = arg(c, "denominator");
	in.narrative = arg(c, "narrative");
	in.reason = arg(c, "reason");
	in.origin = c->api ? "api" : "web";
	in.draft = (action && !strcmp(action, "draft")) || (arg(c, "draft") && !strcmp(arg(c, "draft"), "1"));
	/* an empty form field is "not given" */
	if (in.value && !*in.value)
		in.value = NULL;
	if (in.numerator && !*in.numerator)
		in.numerator = NULL;
	if (in.denominator && !*in.denominator)
		in.denominator = NULL;
	if (in.narrative && !*in.narrative)
		in.narrative = NULL;
	if (in.reason && !*in.reason)
		in.reason = NULL;
	l.now = ms_clock_now();
	if (ledger_report(&l, &in, &warn, &err)) {
		if (c->api)
			fail_err(c, &err);
		else
			report_page(c, &l, org, round, err.kind == MS_E_INVALID ? d->id : NULL, err.msg, NULL,
				    web_err_status(&err));
		goto out;
	}
	if (c->api) {
		json_reply(c->r, 201, json_pack("{s:s, s:s, s:s, s:s, s:s}", "indicator", d->id, "org", org,
						"round", round, "status", in.draft ? "draft" : "submitted",
						"warnings", warn.len ? warn.buf : ""));
	} else {
		char to[240];

		snprintf(to, sizeof(to), "/report?round=%.16s&org=%.31s&saved=%.63s#r-%.63s", round, org,
			 d->id, d->id);
		redirect(c, to);
	}
out:
	ms_buf_release(&warn);
	ledger_close(&l);
}

static void route_review_write(struct rq_ctx *c)
{
	const struct ledger_ind *d;
	const char *org, *round, *action;
	struct ms_err err;
	struct ledger l;
	int approve, rc;

	if (!need_writer(c) || open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")) || !(round = need_field(c, "round")) ||
	    !(action = need_field(c, "action")))
		goto out;
	if (strcmp(action, "approve") && strcmp(action, "return")) {
		fail(c, 400, "action: expected approve or return (通过或退回)");
		goto out;
	}
	approve = !strcmp(action, "approve");
	rc = auth_may_review(c->st, &c->u, l.plan, d->item_no, &err);
	if (rc != 1) {
		if (rc < 0)
			fail_err(c, &err);
		else
			fail(c, 403, err.msg);
		goto out;
	}
	l.now = ms_clock_now();
	if (ledger_review(&l, d->id, org, round, approve, arg(c, "reason"), &err)) {
		if (c->api) {
			fail_err(c, &err);
		} else {
			ms_buf_reset(&c->r->body);
			if (web_page_review(&c->r->body, &c->who, &l, round, err.msg, NULL, &err))
				fail_err(c, &err);
			else
				html_reply(c->r, 409);
		}
		goto out;
	}
	if (c->api) {
		json_reply(c->r, 200, json_pack("{s:s, s:s, s:s, s:s}", "indicator", d->id, "org", org,
						"round", round, "status", approve ? "approved" : "returned"));
	} else {
		char to[96];

		snprintf(to, sizeof(to), "/review?round=%.16s&done=%s", round, approve ? "approved" : "returned");
		redirect(c, to);
	}
out:
	ledger_close(&l);
}

static void route_assign_write(struct rq_ctx *c)
{
	const struct ledger_ind *d;
	const char *org, *target;
	struct ms_err err;
	struct ledger l;
	int rc;

	if (!need_writer(c) || open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")) || !(target = need_field(c, "target")))
		goto out;
	rc = auth_may_review(c->st, &c->u, l.plan, d->item_no, &err);
	if (rc != 1) {
		if (rc < 0)
			fail_err(c, &err);
		else
			fail(c, 403, err.msg);
		goto out;
	}
	if (ledger_assign(&l, d->id, org, target, &err))
		fail_err(c, &err);
	else
		json_reply(c->r, 200, json_pack("{s:s, s:s, s:s}", "indicator", d->id, "org", org, "target", target));
out:
	ledger_close(&l);
}

static void route_site_write(struct rq_ctx *c)
{
	struct ledger_site_in in = { 0 };
	const struct ledger_ind *d;
	const char *org;
	struct ms_err err;
	struct ledger l;
	int64_t id;

	if (!need_writer(c) || open_ledger(c, &l))
		return;
	if (!(d = write_ind(c, &l)) || !(org = need_field(c, "org")))
		goto out;
	if (auth_may_report(&c->u, org, &err) != 1) {
		fail(c, 403, err.msg);
		goto out;
	}
	in.indicator = d->id;
	in.org = org;
	in.name = arg(c, "name");
	in.address = arg(c, "address");
	in.kind = arg(c, "kind");
	in.lat = arg(c, "lat");
	in.lon = arg(c, "lon");
	in.delivered_on = arg(c, "delivered_on");
	in.status = arg(c, "status");
	in.quantity = arg(c, "quantity");
	in.origin = "api";
	if (ledger_site_add(&l, &in, &id, &err))
		fail_err(c, &err);
	else
		json_reply(c->r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "indicator", d->id,
						"org", org));
out:
	ledger_close(&l);
}

static void route_round_write(struct rq_ctx *c, const char *due, const char *action)
{
	struct ms_err err;
	struct ledger l;
	int lock;

	if (!need_writer(c))
		return;
	if (!due || !*due || !action || (strcmp(action, "lock") && strcmp(action, "reopen"))) {
		fail(c, 400, "round, action: a round date and lock or reopen");
		return;
	}
	if (auth_may_lock(&c->u, &err) != 1) {
		fail(c, 403, err.msg);
		return;
	}
	if (open_ledger(c, &l))
		return;
	lock = !strcmp(action, "lock");
	if (ledger_round_lock(&l, due, lock, &err))
		fail_err(c, &err);
	else if (c->api)
		json_reply(c->r, 200, json_pack("{s:s, s:b}", "round", due, "locked", lock));
	else {
		char to[96];

		snprintf(to, sizeof(to), "/review?round=%.16s&done=%s", due, lock ? "locked" : "reopened");
		redirect(c, to);
	}
	ledger_close(&l);
}

/* ---------- pages that need a login ---------- */

static void route_report_page(struct rq_ctx *c)
{
	const char *org = web_field(&c->rq->query, "org"), *saved = web_field(&c->rq->query, "saved");
	char ok[256] = "";
	struct ledger l;

	if (!need_login(c))
		return;
	if (c->u.role != ROLE_REPORTER && c->u.role != ROLE_ADMIN) {
		fail(c, 403, "报送页面供报送员使用；牵头单位请到“审核”页面 (only reporters and administrators report)");
		return;
	}
	if (c->u.role == ROLE_REPORTER)
		org = c->u.org;
	else if (!org || !*org)
		org = "360100";   /* an administrator picks a region with ?org=; start with the capital */
	if (open_ledger(c, &l))
		return;
	if (saved && ledger_ind_find(&l, saved))
		snprintf(ok, sizeof(ok), "已保存：%s", ledger_ind_find(&l, saved)->name);
	report_page(c, &l, org, web_field(&c->rq->query, "round"), NULL, NULL, ok, 200);
	ledger_close(&l);
}

static void route_review_page(struct rq_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done");
	const char *ok = !done ? NULL : !strcmp(done, "approved") ? "已审核通过。" :
			 !strcmp(done, "returned") ? "已退回。" : !strcmp(done, "locked") ? "已锁定该报送轮次。" :
			 !strcmp(done, "reopened") ? "已重新开放该报送轮次。" : NULL;
	struct ms_err err;
	struct ledger l;

	if (!need_login(c))
		return;
	if (c->u.role != ROLE_LEAD && c->u.role != ROLE_ADMIN) {
		fail(c, 403, "审核页面供牵头单位和管理员使用 (only leads and administrators review)");
		return;
	}
	if (open_ledger(c, &l))
		return;
	ms_buf_reset(&c->r->body);
	if (web_page_review(&c->r->body, &c->who, &l, web_field(&c->rq->query, "round"), NULL, ok, &err))
		fail_err(c, &err);
	else
		html_reply(c->r, 200);
	ledger_close(&l);
}

static void route_journal_page(struct rq_ctx *c)
{
	struct ms_err err;

	if (!need_login(c))
		return;
	ms_buf_reset(&c->r->body);
	if (web_page_journal(&c->r->body, &c->who, c->st, &c->rq->query, &err))
		fail_err(c, &err);
	else
		html_reply(c->r, 200);
}

/* ---------- the table of routes ---------- */

static void r_overview(struct rq_ctx *c, const char *rest) { (void)rest; route_overview(c); }
static void r_item(struct rq_ctx *c, const char *rest) { route_item(c, rest); }
static void r_source(struct rq_ctx *c, const char *rest) { (void)rest; route_source(c); }
static void r_calc_page(struct rq_ctx *c, const char *rest) { route_calc_page(c, rest); }
static void r_bulletins(struct rq_ctx *c, const char *rest) { (void)rest; route_bulletins(c); }
static void r_bulletin(struct rq_ctx *c, const char *rest) { route_bulletin(c, rest); }
static void r_login(struct rq_ctx *c, const char *rest) { (void)rest; route_login(c); }
static void r_logout(struct rq_ctx *c, const char *rest) { (void)rest; route_logout(c); }
static void r_report_page(struct rq_ctx *c, const char *rest) { (void)rest; route_report_page(c); }
static void r_review_page(struct rq_ctx *c, const char *rest) { (void)rest; route_review_page(c); }
static void r_journal_page(struct rq_ctx *c, const char *rest) { (void)rest; route_journal_page(c); }
static void r_status(struct rq_ctx *c, const char *rest) { (void)rest; route_status(c); }
static void r_calc(struct rq_ctx *c, const char *rest) { route_calc(c, rest); }
static void r_params(struct rq_ctx *c, const char *rest) { (void)rest; route_params(c); }
static void r_plan(struct rq_ctx *c, const char *rest) { (void)rest; route_plan(c, "plan"); }
static void r_items(struct rq_ctx *c, const char *rest) { (void)rest; route_plan(c, "items"); }
static void r_indicators(struct rq_ctx *c, const char *rest) { (void)rest; route_plan(c, "indicators"); }
static void r_list(struct rq_ctx *c, const char *rest) { (void)rest; route_list(c, c->rq->path + 8); }
static void r_report(struct rq_ctx *c, const char *rest) { (void)rest; route_report_write(c); }
static void r_review(struct rq_ctx *c, const char *rest) { (void)rest; route_review_write(c); }
static void r_assign(struct rq_ctx *c, const char *rest) { (void)rest; route_assign_write(c); }
static void r_site(struct rq_ctx *c, const char *rest) { (void)rest; route_site_write(c); }

static void r_rounds_form(struct rq_ctx *c, const char *rest)
{
	(void)rest;
	route_round_write(c, arg(c, "round"), arg(c, "action"));
}

/* /api/v1/rounds/DATE/lock or /reopen */
static void r_rounds_api(struct rq_ctx *c, const char *rest)
{
	const char *slash = strchr(rest, '/');
	char due[16];

	if (!slash || (size_t)(slash - rest) >= sizeof(due)) {
		fail(c, 404, "POST /api/v1/rounds/DATE/lock or /api/v1/rounds/DATE/reopen");
		return;
	}
	memcpy(due, rest, (size_t)(slash - rest));
	due[slash - rest] = '\0';
	route_round_write(c, due, slash + 1);
}

static void r_simulate(struct rq_ctx *c, const char *rest) { route_simulate(c, rest); }
static void r_eval_page(struct rq_ctx *c, const char *rest) { (void)rest; route_eval(c, 1); }
static void r_eval(struct rq_ctx *c, const char *rest) { (void)rest; route_eval(c, 0); }
static void r_eval_saved(struct rq_ctx *c, const char *rest) { (void)rest; route_eval_saved(c); }

static void r_me(struct rq_ctx *c, const char *rest)
{
	(void)rest;
	if (need_login(c))
		json_reply(c->r, 200, json_pack("{s:s, s:s, s:s}", "name", c->u.name, "role",
						auth_role_name(c->u.role), "org", c->u.org));
}

static void r_openapi(struct rq_ctx *c, const char *rest)
{
	(void)rest;
	if (!c->app->openapi) {
		fail(c, 404, "the OpenAPI document was not found when the server started");
		return;
	}
	c->r->status = 200;
	c->r->type = "application/json; charset=utf-8";
	ms_buf_reset(&c->r->body);
	ms_buf_adds(&c->r->body, c->app->openapi);
}

static void r_healthz(struct rq_ctx *c, const char *rest)
{
	(void)rest;
	json_reply(c->r, 200, json_pack("{s:s}", "status", "ok"));
}

/* ---------- 通知导入 (review.c): administrators only ---------- */

static void notice_route(struct rq_ctx *c, enum web_notice_route what)
{
	struct ms_err err;
	unsigned status;

	/* the form is only read; the rest run the importer or store a plan: the CSRF token too */
	if (!(what == WEB_NOTICE_FORM ? need_login(c) : need_writer(c)))
		return;
	if (auth_may_plan(&c->u, &err) != 1) {
		fail(c, 403, err.msg);
		return;
	}
	if ((status = web_notice(what, c->st, &c->who, c->rq, c->r, &err)))
		fail(c, status, err.msg);
}

static void r_notice_form(struct rq_ctx *c, const char *rest) { (void)rest; notice_route(c, WEB_NOTICE_FORM); }
static void r_notice_review(struct rq_ctx *c, const char *rest) { (void)rest; notice_route(c, WEB_NOTICE_REVIEW); }
static void r_notice_accept(struct rq_ctx *c, const char *rest) { (void)rest; notice_route(c, WEB_NOTICE_ACCEPT); }
static void r_notice_import(struct rq_ctx *c, const char *rest) { (void)rest; notice_route(c, WEB_NOTICE_API_IMPORT); }
static void r_plans_add(struct rq_ctx *c, const char *rest) { (void)rest; notice_route(c, WEB_NOTICE_API_PLAN); }

static const struct route {
	enum web_method method;     /* WEB_GET also answers HEAD */
	const char *path;
	int prefix;                 /* path is a prefix; the rest goes to fn */
	void (*fn)(struct rq_ctx *c, const char *rest);
} routes[] = {
	{ WEB_GET, "/", 0, r_overview },
	{ WEB_GET, "/index.html", 0, r_overview },
	{ WEB_GET, "/item/", 1, r_item },
	{ WEB_GET, "/source", 0, r_source },
	{ WEB_GET, "/calc/", 1, r_calc_page },
	{ WEB_GET, "/bulletins", 0, r_bulletins },
	{ WEB_GET, "/bulletin/", 1, r_bulletin },
	{ WEB_GET, "/login", 0, r_login },
	{ WEB_POST, "/login", 0, r_login },
	{ WEB_POST, "/logout", 0, r_logout },
	{ WEB_GET, "/report", 0, r_report_page },
	{ WEB_POST, "/report", 0, r_report },
	{ WEB_GET, "/review", 0, r_review_page },
	{ WEB_POST, "/review", 0, r_review },
	{ WEB_POST, "/rounds", 0, r_rounds_form },
	{ WEB_GET, "/journal", 0, r_journal_page },
	{ WEB_GET, "/evaluation", 0, r_eval_page },
	{ WEB_POST, "/api/v1/simulate/", 1, r_simulate },
	{ WEB_GET, "/api/v1/evaluation", 0, r_eval },
	{ WEB_GET, "/api/v1/evaluation/saved", 0, r_eval_saved },
	{ WEB_GET, "/healthz", 0, r_healthz },
	{ WEB_GET, "/api/v1/status", 0, r_status },
	{ WEB_GET, "/api/v1/calc/", 1, r_calc },
	{ WEB_GET, "/api/v1/params", 0, r_params },
	{ WEB_GET, "/api/v1/plan", 0, r_plan },
	{ WEB_GET, "/api/v1/items", 0, r_items },
	{ WEB_GET, "/api/v1/indicators", 0, r_indicators },
	{ WEB_GET, "/api/v1/orgs", 0, r_list },
	{ WEB_GET, "/api/v1/assignments", 0, r_list },
	{ WEB_POST, "/api/v1/assignments", 0, r_assign },
	{ WEB_GET, "/api/v1/reports", 0, r_list },
	{ WEB_POST, "/api/v1/reports", 0, r_report },
	{ WEB_POST, "/api/v1/reviews", 0, r_review },
	{ WEB_GET, "/api/v1/sites", 0, r_list },
	{ WEB_POST, "/api/v1/sites", 0, r_site },
	{ WEB_GET, "/api/v1/rounds", 0, r_list },
	{ WEB_POST, "/api/v1/rounds/", 1, r_rounds_api },
	{ WEB_GET, "/api/v1/journal", 0, r_list },
	{ WEB_GET, "/api/v1/bulletins", 0, r_bulletins },
	{ WEB_GET, "/api/v1/me", 0, r_me },
	{ WEB_POST, "/api/v1/login", 0, r_login },
	{ WEB_POST, "/api/v1/logout", 0, r_logout },
	{ WEB_GET, "/api/v1/openapi.json", 0, r_openapi },
	{ WEB_GET, "/notice", 0, r_notice_form },
	{ WEB_POST, "/notice", 0, r_notice_review },
	{ WEB_POST, "/notice/accept", 0, r_notice_accept },
	{ WEB_POST, "/api/v1/notice/import", 0, r_notice_import },
	{ WEB_POST, "/api/v1/plans", 0, r_plans_add },
};

static int path_matches(const struct route *rt, const char *p, const char **rest)
{
	size_t n = strlen(rt->path);

	if (rt->prefix ? strncmp(p, rt->path, n) : strcmp(p, rt->path))
		return 0;
	*rest = p + (rt->prefix ? n : strlen(p));
	return 1;
}

void web_handle(const struct web_app *app, struct web_req *rq, struct web_reply *r)
{
	enum web_method m = rq->method == WEB_HEAD ? WEB_GET : rq->method;
	struct rq_ctx c;
	struct ms_err err;
	const char *p = rq->path, *rest;
	int get = 0, post = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.rq = rq;
	c.r = r;
	c.who.u = &c.u;
	c.who.csrf = c.csrf;
	c.api = !strncmp(p, "/api/", 5) || rq->body_json;
	c.html = !c.api && rq->accept_html;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!path_matches(&routes[i], p, &rest))
			continue;
		if (routes[i].method != m) {
			get |= routes[i].method == WEB_GET;
			post |= routes[i].method == WEB_POST;
			continue;
		}
		/* a text/plain body is a notice: only the importer's API reads one */
		if (rq->text && routes[i].fn != r_notice_import && routes[i].fn != r_plans_add) {
			fail(&c, 415, "Content-Type: text/plain is for POST /api/v1/notice/import and /api/v1/plans; "
			     "send application/x-www-form-urlencoded or application/json");
			return;
		}
		if (!(c.st = app->store(app->arg, &err))) {
			fail(&c, 503, err.msg);
			return;
		}
		if (identify(&c, &err)) {
			fail(&c, err.kind == MS_E_FORBIDDEN ? 401 : 500, err.msg);
			return;
		}
		c.who.demo = demo_of(c.st);
		who_org(&c);
		routes[i].fn(&c, rest);
		return;
	}
	if (get || post) {
		r->allow = get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
		fail(&c, 405, get ? "this address is read with GET (只能读取)" : "this address only takes POST (只接受 POST)");
		return;
	}
	fail(&c, 404, "no such page or endpoint (页面不存在)");
}
