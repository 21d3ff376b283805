/*
 * forms.c - the pages that write: 登录, 审核 (with the rounds an
 * administrator locks), and the 台账日志 that shows who wrote what. Every
 * form carries the session's CSRF token; every message sits beside the
 * field it is about.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/text.h"
#include "auth/journal.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "plan/units.h"
#include "core/clock.h"
#include "core/banned.h"

void web_page_login(struct ms_buf *o, const struct web_who *w, const char *next, const char *name,
		    const char *error)
{
	web_page_begin(o, "登录", w);
	web_flash(o, "err", error);
	ms_buf_adds(o, "<form class=\"login\" method=\"post\" action=\"/login\">\n"
		    "<label>用户名 <input name=\"name\" autocomplete=\"username\" required value=\"");
	web_esc(o, name);
	ms_buf_adds(o, "\"></label>\n<label>密码 <input name=\"password\" type=\"password\" "
		    "autocomplete=\"current-password\" required></label>\n");
	web_hidden(o, "next", next && *next ? next : "/");
	ms_buf_adds(o, "<p><button type=\"submit\">登录</button></p>\n</form>\n");
	if (w->demo)
		ms_buf_adds(o, "<p class=\"note\">演示数据库的账号（密码均为 <code>" AUTH_DEMO_PASSWORD "</code>）："
			    "<code>nanchang</code> 南昌市报送员，<code>jiujiang</code> 九江市报送员，"
			    "<code>hrss</code> 省人力资源社会保障厅（牵头实事一、二），<code>civil</code> 省民政厅，"
			    "<code>admin</code> 管理员，<code>viewer</code> 只读。</p>\n");
	ms_buf_adds(o, ""
		    "<p class=\"legend\">账号由管理员创建。进展总览、实事详情、原文和"
		    "通报公开可看；报送、审核和台账日志须登录。连续输错密码后须等待一段时间再试。</p>\n");
	web_page_end(o);
}

/* ---------- the round a page shows (报送 and 审核 share them) ---------- */

/* 1 when nothing of round rd may change (closed by the calendar or locked), 0 open, -1. */
int web_round_locked(struct ledger *l, const struct ledger_round *rd, struct ms_err *err)
{
	struct ledger_round_state s;

	return ledger_round_state(l, rd, &s, err) ? -1 : s.locked;
}

/* The round a page shows: asked for, else the first open one not yet past, else the last open one. */
const struct ledger_round *web_page_round(struct ledger *l, const char *want, struct ms_err *err)
{
	const struct ledger_round *pick = NULL;
	ms_day today = ms_date_of_time_cn(ms_clock_now());
	size_t k;

	if (want && *want)
		return ledger_round_find(l, want, err);
	for (k = 0; k < l->nround; k++) {
		int locked = web_round_locked(l, &l->round[k], err);

		if (locked < 0)
			return NULL;
		if (locked)
			continue;
		pick = &l->round[k];
		if (l->round[k].day >= today)
			break;
	}
	if (!pick && l->nround)
		pick = &l->round[l->nround - 1];
	if (!pick)
		ms_err_set(err, "the plan has no reporting rounds");
	return pick;
}

void web_round_links(struct ms_buf *o, struct ledger *l, const char *page, const char *cur,
			const char *extra)
{
	size_t k;

	ms_buf_adds(o, "<p>报送节点：");
	for (k = 0; k < l->nround; k++) {
		int locked = web_round_locked(l, &l->round[k], NULL) == 1;

		if (!strcmp(l->round[k].due, cur))
			ms_buf_addf(o, "<b>%s %s%s</b>　", l->round[k].due, l->round[k].label, locked ? "（已锁定）" : "");
		else {
			ms_buf_addf(o, "<a href=\"/%s?round=%s%s", page, l->round[k].due, extra);
			ms_buf_addf(o, "\">%s %s%s</a>　", l->round[k].due, l->round[k].label, locked ? "（已锁定）" : "");
		}
	}
	ms_buf_adds(o, "</p>\n");
}

/* ---------- 台账日志 ---------- */

struct jrow {
	int64_t id;
	char *at, *actor, *action, *tbl, *key, *before, *after;
};

struct jacc {
	struct jrow *v;
	size_t n, cap;
	const char *actor;
	struct journal_view *view;     /* what the reader may see */
};

static int take_journal(const struct store_journal_row *j, void *arg)
{
	struct jacc *a = arg;
	struct jrow *r;

	if ((a->actor && *a->actor && strcmp(a->actor, j->actor)) || !journal_may_see(a->view, j))
		return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			abort();
	}
	r = &a->v[a->n++];
	r->id = j->id;
	r->at = ms_strdup(j->at);
	r->actor = ms_strdup(j->actor);
	r->action = ms_strdup(j->action);
	r->tbl = ms_strdup(j->tbl);
	r->key = ms_strdup(j->key);
	r->before = j->before ? ms_strdup(j->before) : NULL;
	r->after = j->after ? ms_strdup(j->after) : NULL;
	return 0;
}

/* Unix time t as Beijing time, "2023-07-01 14:03". */
static void time_cn(struct ms_buf *o, int64_t t)
{
	ms_time_format_cn(o, t, 0);
}

/* The journal's "2023-07-01T06:03:09Z" (UTC) as Beijing time; anything else as it is. */
static void stamp_cn(struct ms_buf *o, const char *at)
{
	if (ms_stamp_format_cn(o, at, 0))
		web_esc(o, at);
}

static int is_time_key(const char *k)
{
	size_t n = strlen(k);

	return n >= 3 && !strcmp(k + n - 3, "_at");
}

/* One value of a journal row's JSON, for reading: text without quotes, times in Beijing time. */
static void json_value(struct ms_buf *o, const char *key, json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		if (is_time_key(key))
			stamp_cn(o, json_string_value(v));
		else
			web_esc(o, json_string_value(v));
	} else if (json_is_integer(v)) {
		/* *_at as Unix seconds (2001 to 2100): a time; any other number as it is */
		if (is_time_key(key) && json_integer_value(v) > 1000000000 && json_integer_value(v) < 4102444800)
			time_cn(o, json_integer_value(v));
		else
			ms_buf_addf(o, "%lld", (long long)json_integer_value(v));
	} else if (json_is_boolean(v)) {
		ms_buf_adds(o, json_is_true(v) ? "是" : "否");
	} else if (json_is_null(v)) {
		ms_buf_adds(o, "—");
	} else if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY))) {
		web_esc(o, s);
		free(s);
	}
}

/*
 * A journal row's before or after, which the store keeps as a JSON
 * object: "key：value" pairs that flow like text (one a line would make
 * the 500-row page many screens taller). In the after column a value the
 * write changed is bold (was: the before column, or NULL). Text that is
 * not a JSON object is shown as it is.
 */
static void json_cell(struct ms_buf *o, const char *text, const char *was_text)
{
	json_t *j, *was = NULL, *v;
	const char *k;

	if (!text) {
		ms_buf_adds(o, "∅");
		return;
	}
	j = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!json_is_object(j)) {
		ms_buf_adds(o, "<code>");
		web_esc(o, text);
		ms_buf_adds(o, "</code>");
		json_decref(j);
		return;
	}
	if (was_text)
		was = json_loads(was_text, JSON_DECODE_ANY, NULL);
	json_object_foreach(j, k, v) {
		int changed = json_is_object(was) && !json_equal(v, json_object_get(was, k));

		ms_buf_adds(o, changed ? "<b class=\"kv\"><span>" : "<span class=\"kv\"><span>");
		web_esc(o, k);
		ms_buf_adds(o, "：</span>");
		json_value(o, k, v);
		ms_buf_adds(o, changed ? "</b> " : "</span> ");
	}
	json_decref(was);
	json_decref(j);
}

static void filter_input(struct ms_buf *o, const char *label, const char *name, const char *value,
			 const char *hint)
{
	ms_buf_addf(o, "<label>%s <input name=\"%s\" size=\"14\" placeholder=\"%s\" value=\"", label, name, hint);
	web_esc(o, value);
	ms_buf_adds(o, "\"></label> ");
}

/* What this reader's journal holds, said above it. */
static const char *journal_scope(enum auth_role role)
{
	switch (role) {
	case ROLE_ADMIN:
		return "管理员可见全部记录（含登录、地址和账号变更）。";
	case ROLE_LEAD:
		return "此处列出本单位牵头实事的报送、审核、分解和点位记录，以及报送轮次的锁定。";
	case ROLE_REPORTER:
		return "此处列出本地区的报送、审核、分解和点位记录，以及报送轮次的锁定。";
	default:
		return "登录、地址和账号变更只有管理员可见。";
	}
}

/* 表: the tables by their Chinese names (people's only for administrators). */
static void table_choice(struct ms_buf *o, enum auth_role role, const char *cur)
{
	const char *code;
	size_t i;

	ms_buf_adds(o, "<label>表 <select name=\"table\"><option value=\"\">全部</option>");
	for (i = 0; (code = journal_table_code(i)); i++) {
		if (!strcmp(code, "app_user") && role != ROLE_ADMIN)
			continue;
		ms_buf_addf(o, "<option value=\"%s\"%s>%s</option>", code,
			    cur && !strcmp(cur, code) ? " selected" : "", journal_table_label(code));
	}
	ms_buf_adds(o, "</select></label> ");
}

int web_page_journal(struct ms_buf *o, const struct web_who *w, struct store *st,
		     const struct web_fields *f, struct ms_err *err)
{
	/* a page, not the whole journal: rows read as key：value pairs are tall */
	enum { SHOW = 100 };
	const char *since = web_field(f, "since"), *tbl = web_field(f, "table");
	const char *key = web_field(f, "key"), *before = web_field(f, "before");
	struct journal_view view;
	struct jacc a = { NULL, 0, 0, web_field(f, "actor"), &view };
	char since_utc[32];
	const char *from = since && *since ? since : NULL;
	long long upto = before ? strtoll(before, NULL, 10) : 0;
	size_t i, end;
	ms_day day;
	int rc;

	/* 自 is a day as the page shows it, in Beijing time; the journal keeps UTC (16:00 the day before) */
	if (from && !ms_date_parse(from, strlen(from), &day, NULL)) {
		int y, m, d;

		ms_date_to_ymd(day - 1, &y, &m, &d);
		snprintf(since_utc, sizeof(since_utc), "%04d-%02d-%02dT16:00:00Z", y, m, d);
		from = since_utc;
	}
	journal_view_init(&view, st, w->u);
	rc = store_journal_each(st, from, tbl && *tbl ? tbl : NULL, key && *key ? key : NULL, take_journal,
				&a, err);
	if (rc >= 0) {
		web_page_begin(o, "台账日志", w);
		ms_buf_addf(o, "<p>每一次写入（报送、审核、分解、点位、账号、锁定）都记一行，只增不改。%s</p>\n"
			    "<form method=\"get\" action=\"/journal\">", journal_scope(w->u->role));
		filter_input(o, "自", "since", since, "2023-07-01");
		table_choice(o, w->u->role, tbl);
		filter_input(o, "键前缀", "key", key, "jiangxi-2023/1.");
		filter_input(o, "操作人", "actor", a.actor, "nanchang");
		/* rows [0, end) are older than ?before=ID (the page after another); ids only grow */
		for (end = a.n; upto > 0 && end > 0 && a.v[end - 1].id >= upto; end--)
			;
		ms_buf_addf(o, "<button type=\"submit\">筛选</button></form>\n<p>共 %zu 条，最新在前，每页 %d 条。</p>\n",
			    a.n, SHOW);
		ms_buf_adds(o, "<div class=\"wrap\"><table>\n<tr><th>#</th><th>时间（北京时间）</th><th>操作人</th>"
			    "<th>操作</th><th>对象</th><th>修改前</th><th>修改后</th></tr>\n");
		for (i = end; i > 0 && end - i < SHOW; i--) {
			struct jrow *r = &a.v[i - 1];

			ms_buf_addf(o, "<tr><td class=\"num\">%lld</td><td class=\"when\">", (long long)r->id);
			stamp_cn(o, r->at);
			ms_buf_adds(o, "</td><td>");
			web_esc(o, r->actor);
			ms_buf_adds(o, "</td><td>");
			web_esc(o, journal_action_label(r->action, r->tbl));
			ms_buf_adds(o, "</td><td class=\"key\">");
			web_esc(o, journal_table_label(r->tbl));
			ms_buf_adds(o, " ");
			web_esc(o, r->key);
			ms_buf_adds(o, "</td><td class=\"kvs\">");
			json_cell(o, r->before, NULL);
			ms_buf_adds(o, "</td><td class=\"kvs\">");
			json_cell(o, r->after, r->before);
			ms_buf_adds(o, "</td></tr>\n");
		}
		ms_buf_adds(o, "</table></div>\n");
		if (i > 0) {
			/* the next page: the same filters, the rows before the oldest shown */
			ms_buf_adds(o, "<form method=\"get\" action=\"/journal\">");
			web_hidden(o, "since", since);
			web_hidden(o, "table", tbl);
			web_hidden(o, "key", key);
			web_hidden(o, "actor", a.actor);
			ms_buf_addf(o, "<input type=\"hidden\" name=\"before\" value=\"%lld\">"
				    "<p><button type=\"submit\">更早的记录（还有 %zu 条）</button></p></form>\n",
				    (long long)a.v[i].id, i);
		}
		web_page_end(o);
	}
	for (i = 0; i < a.n; i++) {
		free(a.v[i].at);
		free(a.v[i].actor);
		free(a.v[i].action);
		free(a.v[i].tbl);
		free(a.v[i].key);
		free(a.v[i].before);
		free(a.v[i].after);
	}
	free(a.v);
	return rc < 0 ? -1 : 0;
}

/* ---------- the routes of the forms ---------- */

#define SESSION_COOKIE "ms_session"

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

/* Logged in: the session cookie, then the CSRF token for a program or the page asked for. */
static void login_ok(struct web_ctx *c, const char *name, const char *token, const char *next)
{
	char csrf[AUTH_TOKEN_HEX + 1];

	snprintf(c->r->cookie, sizeof(c->r->cookie),
		 SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token, AUTH_WEB_TTL,
		 c->rq->secure ? "; Secure" : "");
	if (!c->api) {
		web_reply_redirect(c->r, next);
		return;
	}
	auth_csrf(token, csrf);
	web_reply_json(c->r, 200, json_pack("{s:s, s:s}", "user", name, "csrf", csrf));
}

/*
 * The form again, the name kept, the reason in Chinese only. A wrong
 * password is an answer the page gives, not a failure to load it, so 200
 * (a browser logs a 401 page as a console error); the API keeps its 401.
 */
static void login_again(struct web_ctx *c, const char *name, const char *next, enum auth_login rc,
			unsigned status, long wait, const char *err_msg)
{
	char msg[1024 + 64];

	if (status == 400) {
		snprintf(msg, sizeof(msg), "请输入用户名和密码。");
	} else if (rc == AUTH_DENIED) {
		snprintf(msg, sizeof(msg), "用户名或密码错误，请重新输入。");
		status = 200;
	} else if (rc == AUTH_THROTTLED) {
		snprintf(msg, sizeof(msg), "登录失败次数过多，请%ld秒后再试。", wait);
	} else if (rc == AUTH_REFUSED) {
		snprintf(msg, sizeof(msg), "%s", err_msg);
	} else {
		snprintf(msg, sizeof(msg), "系统出错，暂时不能登录，请稍后再试。");
	}
	ms_buf_reset(&c->r->body);
	web_page_login(&c->r->body, &c->who, next, name ? name : "", msg);
	web_reply_html(c->r, status);
}

/* GET /login: the form; POST /login and /api/v1/login: a session. */
void form_login(struct web_ctx *c)
{
	/* the secret only from the body: a query string ends up in logs and history */
	const char *name = web_field(&c->rq->body, "name"), *pw = web_field(&c->rq->body, "password");
	const char *next = safe_next(web_arg(c, "next"));
	char token[AUTH_TOKEN_HEX + 1];
	enum auth_login rc;
	struct ms_err err;
	long wait = 0;
	unsigned status;

	if (c->rq->method != WEB_POST) {
		ms_buf_reset(&c->r->body);
		web_page_login(&c->r->body, &c->who, next, "", NULL);
		web_reply_html(c->r, 200);
		return;
	}
	if (!name || !pw || !*name || !*pw) {
		ms_err_field(&err, MS_E_INVALID, !name || !*name ? "name" : "password",
			     "name, password: both are needed (请输入用户名和密码)");
		rc = AUTH_DENIED;
		status = 400;
	} else {
		rc = auth_login(c->st, name, pw, c->rq->addr, ms_clock_now(), token, &wait, &err);
		status = rc == AUTH_OK ? 200 : rc == AUTH_DENIED ? 401 : rc == AUTH_THROTTLED ? 429 :
			 rc == AUTH_REFUSED ? 403 : web_err_status(&err);
	}
	if (rc == AUTH_THROTTLED)
		c->r->retry_after = wait > 0 ? wait : 1;
	if (rc == AUTH_OK)
		login_ok(c, name, token, next);
	else if (c->api)
		web_fail_field(c, status, status == 400 ? err.field : NULL, err.msg);
	else
		login_again(c, name, next, rc, status, wait, err.msg);
}

void form_logout(struct web_ctx *c)
{
	struct ms_err err;

	if (c->token[0] && auth_logout(c->st, c->token, c->u.name, &err)) {
		web_fail_err(c, &err);
		return;
	}
	snprintf(c->r->cookie, sizeof(c->r->cookie),
		 SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", c->rq->secure ? "; Secure" : "");
	if (c->api)
		web_reply_json(c->r, 200, json_pack("{s:b}", "logged_out", 1));
	else
		web_reply_redirect(c->r, "/");
}

void form_journal(struct web_ctx *c)
{
	struct ms_err err;

	ms_buf_reset(&c->r->body);
	if (web_page_journal(&c->r->body, &c->who, c->st, &c->rq->query, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, 200);
}
