/*
 * bulletins.c - the 通报 over the web: the list (issued bulletins with
 * their 文号 and date for everyone; the live drafts, marked 草稿, only for
 * a login), an issued bulletin's files rendered from its frozen snapshot,
 * a draft's files built from the ledger, and the same over the API.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/date.h"
#include "core/json.h"
#include "ledger/ledger.h"
#include "report/bulletin.h"
#include "core/banned.h"

static const char *const formats[] = { "html", "md", "csv", "xlsx" };

/* "2026-12-03T17:05:00Z" (UTC) as the China day "2026年12月4日"; the text as it is when it is not one. */
static void cn_day_of(struct ms_buf *b, const char *iso)
{
	ms_day d;
	int hour;

	if (strlen(iso) < 13 || ms_date_parse(iso, 10, &d, NULL) || sscanf(iso + 11, "%2d", &hour) != 1) {
		ms_buf_adds(b, iso);
		return;
	}
	ms_date_format_cn(b, hour >= 16 ? d + 1 : d);
}

/*
 * Answers with bl in the format fmt (one of formats[]) as a file called
 * bulletin-NAME.fmt: the web page opens in the browser, the others are
 * files to keep.
 */
static void bulletin_file(struct web_ctx *c, const struct bulletin *bl, const char *name, const char *fmt)
{
	static const char *const types[] = { "text/html; charset=utf-8", "text/markdown; charset=utf-8",
		"text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
	struct web_reply *r = c->r;
	struct ms_err err;
	size_t k;

	for (k = 0; k < 4 && strcmp(fmt, formats[k]); k++)
		;
	ms_buf_reset(&r->body);
	if (k == 4 || bulletin_render(bl, fmt, &r->body, &err)) {
		if (k == 4)
			web_fail_field(c, 400, "format", "格式须为 html、md、csv 或 xlsx (format is html, md, csv or xlsx)");
		else
			web_fail_err(c, &err);
		return;
	}
	r->status = 200;
	r->type = types[k];
	snprintf(r->disposition, sizeof(r->disposition), "%s; filename=\"bulletin-%s.%s\"",
		 k ? "attachment" : "inline", name, fmt);
}

/* The issued bulletins' rows on the 通报 page. */
static int issued_row(const struct store_bulletin *b, void *arg)
{
	struct ms_buf *o = arg;
	size_t k;

	ms_buf_adds(o, "<tr><td>");
	web_esc(o, b->number);
	ms_buf_addf(o, "</td><td>%s</td><td>", b->round);
	cn_day_of(o, b->issued_at);
	ms_buf_adds(o, "</td><td>");
	for (k = 0; k < 4; k++)
		ms_buf_addf(o, "%s<a href=\"/bulletins/%lld.%s\">%s</a>", k ? "　" : "", (long long)b->id, formats[k],
			    k == 0 ? "网页" : k == 1 ? "Markdown" : k == 2 ? "台账 CSV" : "Excel（.xlsx）");
	ms_buf_adds(o, "</td><td>");
	if (b->corrects) {
		ms_buf_adds(o, "更正 ");
		web_esc(o, b->corrects_number);
	}
	if (b->corrected_by) {
		ms_buf_adds(o, b->corrects ? "；" : "");
		ms_buf_adds(o, "<span class=\"red\">已被 ");
		web_esc(o, b->corrected_by_number);
		ms_buf_adds(o, " 更正</span>");
	}
	ms_buf_adds(o, "</td></tr>\n");
	return 0;
}

/* The live drafts, one per round, for a login only. */
static void draft_rows(struct ms_buf *o, const struct ledger *l)
{
	size_t k, f;

	ms_buf_adds(o, "<h2>草稿</h2>\n<p>草稿按台账现状生成，数据变动后随之变化，未经印发，不得对外引用。</p>\n<div class=\"wrap\"><table>"
		    "<tr><th>报送节点</th><th>状态</th><th>下载</th></tr>\n");
	for (k = 0; k < l->nround; k++) {
		ms_buf_addf(o, "<tr><td>%s ", l->round[k].due);
		web_esc(o, l->round[k].label);
		ms_buf_adds(o, "</td><td><span class=\"demo\">草稿</span></td><td>");
		for (f = 0; f < 4; f++)
			ms_buf_addf(o, "%s<a href=\"/bulletin/%s.%s\">%s</a>", f ? "　" : "", l->round[k].due,
				    formats[f], f == 0 ? "网页" : f == 1 ? "Markdown" : f == 2 ? "台账 CSV" : "Excel（.xlsx）");
		ms_buf_adds(o, "</td></tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n");
}

/* A line of the issuing form: the field's value after a refusal, else the setting's, else dflt. */
static void issue_line(struct web_ctx *c, struct ms_buf *o, const char *name, const char *label, const char *setting,
		       const char *dflt, const struct ms_err *e)
{
	struct ms_buf v = MS_BUF_INIT;
	const char *given = e ? web_arg(c, name) : NULL;

	if (!given && store_setting_get(c->st, setting, &v, NULL) == 1)
		given = v.buf;
	ms_buf_addf(o, "<label class=\"wide\">%s <input name=\"%s\" maxlength=\"200\" value=\"", label, name);
	web_esc(o, given ? given : dflt);
	ms_buf_adds(o, "\"");
	web_mark_bad(o, name, e ? e->field : "");
	ms_buf_adds(o, "></label>\n");
	ms_buf_release(&v);
}

/* 印发通报, for the office: the round, the 文号 (blank: the next, shown), 主送 and 抄送. */
static void issue_form(struct web_ctx *c, struct ledger *l, struct ms_buf *o, const struct ms_err *e)
{
	const char *round = e ? web_arg(c, "round") : NULL, *number = e ? web_arg(c, "number") : NULL;
	char next[160];
	struct ms_err err;
	size_t k;

	if (bulletin_next_number(l, next, sizeof(next), &err))
		snprintf(next, sizeof(next), "%s", "");
	ms_buf_adds(o, "<h2>印发通报</h2>\n");
	web_flash(o, "err", e ? e->msg : NULL);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/bulletins\">");
	web_csrf_field(o, &c->who);
	ms_buf_adds(o, "<label class=\"wide\">报送节点 <select name=\"round\"");
	web_mark_bad(o, "round", e ? e->field : "");
	ms_buf_adds(o, ">");
	for (k = 0; k < l->nround; k++) {
		ms_buf_addf(o, "<option value=\"%s\"%s>%s ", l->round[k].due,
			    round && !strcmp(round, l->round[k].due) ? " selected" : "", l->round[k].due);
		web_esc(o, l->round[k].label);
		ms_buf_adds(o, "</option>");
	}
	ms_buf_adds(o, "</select></label>\n<label class=\"wide\">文号（留空即用下一个号：<b id=\"next-number\">");
	web_esc(o, next);
	ms_buf_adds(o, "</b>） <input name=\"number\" maxlength=\"40\" placeholder=\"");
	web_esc(o, next);
	ms_buf_adds(o, "\" value=\"");
	web_esc(o, number ? number : "");
	ms_buf_adds(o, "\"");
	web_mark_bad(o, "number", e ? e->field : "");
	ms_buf_adds(o, "></label>\n");
	issue_line(c, o, "to", "主送机关", "bulletin.to", BULLETIN_TO_DEFAULT, e);
	issue_line(c, o, "cc", "抄送机关", "bulletin.cc", BULLETIN_CC_DEFAULT, e);
	ms_buf_adds(o, "<button type=\"submit\">印发（印发后不可修改）</button></form>\n");
}

static void bulletins_page(struct web_ctx *c, const struct ms_err *e)
{
	struct ms_buf *o = &c->r->body, rows = MS_BUF_INIT;
	struct ms_err err;
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	if (store_bulletin_each(c->st, l.plan, issued_row, &rows, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_reset(o);
	web_page_begin(o, "通报", &c->who);
	ms_buf_adds(o, "<h2>已印发的通报</h2>\n");
	if (rows.len)
		ms_buf_addf(o, "<p>已印发的通报按印发时的数据冻结，此后不再变化；更正另发通报。</p>\n<div class=\"wrap\"><table>"
			    "<tr><th>文号</th><th>报送节点</th><th>成文日期</th><th>下载</th><th>更正</th></tr>\n%s"
			    "</table></div>\n", rows.buf);
	else
		ms_buf_adds(o, "<p>尚未印发通报。</p>\n");
	if (c->u.role != ROLE_NONE)
		draft_rows(o, &l);
	if (auth_may_follow(&c->u, &err) == 1)
		issue_form(c, &l, o, e);
	web_page_end(o);
	web_reply_html(c->r, e ? web_err_status(e) : 200);
out:
	ms_buf_release(&rows);
	ledger_close(&l);
}

void page_bulletins(struct web_ctx *c)
{
	bulletins_page(c, NULL);
}

/* POST /bulletins: the office issues a round's bulletin (round, number: blank the next, to, cc). */
void form_bulletin_issue(struct web_ctx *c)
{
	const char *number = web_arg(c, "number"), *to = web_arg(c, "to"), *cc = web_arg(c, "cc");
	struct bulletin_issue_in in = { 0 };
	struct ledger l;
	struct ms_err err;
	int64_t id;
	char dest[64];

	if (auth_may_follow(&c->u, &err) != 1) {
		web_fail(c, 403, err.msg);
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	in.round = web_arg(c, "round");
	in.number = number && *number ? number : NULL;
	in.to = to && *to ? to : NULL;
	in.cc = cc && *cc ? cc : NULL;
	if (!in.round || !*in.round) {
		ms_err_field(&err, MS_E_INVALID, "round", "请选择报送节点 (choose a round)");
		ledger_close(&l);
		bulletins_page(c, &err);
		return;
	}
	if (bulletin_issue(&l, &in, &id, &err)) {
		ledger_close(&l);
		bulletins_page(c, &err);
		return;
	}
	ledger_close(&l);
	snprintf(dest, sizeof(dest), "/bulletins/%lld.html", (long long)id);
	web_reply_redirect(c->r, dest);
}

/* /bulletin/ROUND.html, .md, .csv or .xlsx: the live draft as of the round's due day + 7 (a login). */
void page_bulletin(struct web_ctx *c)
{
	const struct ledger_round *rd;
	struct progress_opts po = { 0 };
	struct progress p;
	struct bulletin bl;
	struct ledger l;
	struct ms_err err;
	const char *file = c->rest, *dot = strrchr(file, '.');
	char due[16];

	if (!dot || (size_t)(dot - file) >= sizeof(due) ||
	    (strcmp(dot, ".html") && strcmp(dot, ".md") && strcmp(dot, ".csv") && strcmp(dot, ".xlsx"))) {
		web_fail(c, 404, "bulletins are ROUND.html, .md, .csv or .xlsx");
		return;
	}
	memcpy(due, file, (size_t)(dot - file));
	due[dot - file] = '\0';
	if (web_open_ledger(c, &l))
		return;
	if (!(rd = ledger_round_find(&l, due, &err))) {
		web_fail(c, 404, err.msg);
		goto out;
	}
	po.as_of = rd->day + 7;
	if (progress_compute(&l, &po, &p, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	if (bulletin_build(&bl, c->st, &l, &p, rd->due, &err)) {
		web_fail_err(c, &err);
	} else {
		bulletin_file(c, &bl, rd->due, dot + 1);
		bulletin_free(&bl);
	}
	progress_free(&p);
out:
	ledger_close(&l);
}

/* The id at the start of s ("12" of "12.html"); 0 when there is none. */
static int64_t id_of(const char *s, const char **end)
{
	int64_t id = 0;

	for (*end = s; **end >= '0' && **end <= '9' && id < 1000000000000LL; (*end)++)
		id = id * 10 + (**end - '0');
	return *end == s || (**end && **end != '.') ? 0 : id;
}

/* Issued bulletin id loaded into bl, or -1 after replying (404 when there is none). */
static int load_issued(struct web_ctx *c, int64_t id, struct store_bulletin *row, struct bulletin *bl)
{
	struct ms_err err;

	if (id < 1) {
		web_fail(c, 404, "没有这份通报 (no such bulletin)");
		return -1;
	}
	if (bulletin_issued_load(c->st, id, row, bl, &err)) {
		web_fail_err(c, &err);
		return -1;
	}
	return 0;
}

/* /bulletins/ID.html, .md, .csv or .xlsx: an issued bulletin, from its snapshot; public. */
void page_issued(struct web_ctx *c)
{
	struct store_bulletin row;
	struct bulletin bl;
	const char *dot;
	int64_t id = id_of(c->rest, &dot);
	char name[64];

	if (*dot != '.') {
		web_fail(c, 404, "issued bulletins are ID.html, .md, .csv or .xlsx (没有这份通报)");
		return;
	}
	if (load_issued(c, id, &row, &bl))
		return;
	snprintf(name, sizeof(name), "%s-%lld", row.round, (long long)id);
	bulletin_file(c, &bl, name, dot + 1);
	bulletin_free(&bl);
}

/* ---------- the API ---------- */

static json_t *files_of(const char *base, const char *key)
{
	json_t *f = json_object();
	char u[96];
	size_t k;

	for (k = 0; k < 4; k++) {
		snprintf(u, sizeof(u), "%s%s.%s", base, key, formats[k]);
		json_object_set_new(f, formats[k], json_string(u));
	}
	return f;
}

static json_t *issued_json(const struct store_bulletin *b, const struct ledger *l)
{
	const char *label = "";
	char id[24];
	size_t k;

	for (k = 0; k < l->nround; k++)
		if (!strcmp(l->round[k].due, b->round))
			label = l->round[k].label;
	snprintf(id, sizeof(id), "%lld", (long long)b->id);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)b->id,
			 "status", "issued", "number", b->number, "round", b->round, "label", label, "as_of", b->as_of,
			 "issued_at", b->issued_at, "issued_by", b->issued_by,
			 "corrects", b->corrects ? json_integer(b->corrects) : json_null(),
			 "corrected_by", b->corrected_by ? json_integer(b->corrected_by) : json_null(),
			 "files", files_of("/bulletins/", id));
}

struct issued_list { json_t *arr; const struct ledger *l; };

static int issued_item(const struct store_bulletin *b, void *arg)
{
	struct issued_list *a = arg;

	json_array_append_new(a->arr, issued_json(b, a->l));
	return 0;
}

/* GET /api/v1/bulletins: the issued ones; for a login also the drafts, one per round. */
void api_bulletins(struct web_ctx *c)
{
	struct issued_list a;
	struct ms_buf d = MS_BUF_INIT;
	struct ms_err err;
	struct ledger l;
	size_t k;

	if (web_open_ledger(c, &l))
		return;
	a.arr = json_array();
	a.l = &l;
	if (store_bulletin_each(c->st, l.plan, issued_item, &a, &err)) {
		json_decref(a.arr);
		web_fail_err(c, &err);
		ledger_close(&l);
		return;
	}
	for (k = 0; c->u.role != ROLE_NONE && k < l.nround; k++) {
		ms_buf_reset(&d);
		ms_date_format(&d, l.round[k].day + 7);
		json_array_append_new(a.arr, json_pack("{s:n, s:s, s:n, s:s, s:s, s:s, s:n, s:n, s:n, s:n, s:o}",
						       "id", "status", "draft", "number", "round", l.round[k].due,
						       "label", l.round[k].label, "as_of", d.buf, "issued_at",
						       "issued_by", "corrects", "corrected_by", "files",
						       files_of("/bulletin/", l.round[k].due)));
	}
	web_reply_json(c->r, 200, a.arr);
	ms_buf_release(&d);
	ledger_close(&l);
}

/* GET /api/v1/bulletins/ID[?format=md|html|csv|xlsx]: the issued bulletin as JSON, or its file. */
void api_bulletin(struct web_ctx *c)
{
	const char *fmt = web_arg(c, "format"), *end;
	int64_t id = id_of(c->rest, &end);
	struct store_bulletin row;
	struct bulletin bl;
	struct ledger l;
	json_t *j;

	if (*end) {
		web_fail(c, 404, "没有这份通报 (no such bulletin)");
		return;
	}
	if (load_issued(c, id, &row, &bl))
		return;
	if (fmt) {
		char name[64];

		snprintf(name, sizeof(name), "%s-%lld", row.round, (long long)id);
		bulletin_file(c, &bl, name, fmt);
	} else if (!web_open_ledger(c, &l)) {
		j = issued_json(&row, &l);
		json_object_set_new(j, "document", bulletin_json(&bl));
		web_reply_json(c->r, 200, j);
		ledger_close(&l);
	}
	bulletin_free(&bl);
}
