/*
 * entry.c - 报送: one form per unit and round. Every indicator of the unit's
 * breakdown in one table (target, the previous round's value, this round's
 * value, 进展情况, 未报原因), one 保存草稿 and one 提交 that store all rows in
 * one transaction or none; a refusal marks each field at fault, lists them
 * at the top and puts the cursor on the first. The same rows go out as an
 * Excel sheet and come back through the same checks (report/entry_xlsx.c).
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "plan/units.h"
#include "report/entry_xlsx.h"
#include "core/banned.h"

/* The boxes of a row: the ledger's field names and the prefixes of their inputs. */
static const struct box {
	const char *field, *prefix, *label;
} boxes[] = {
	{ "value", "v.", "本轮累计完成" },
	{ "numerator", "n.", "分子" },
	{ "denominator", "d.", "分母" },
	{ "narrative", "g.", "进展情况" },
	{ "reason", "r.", "未报原因" },
};

static const struct box *box_of(const char *field)
{
	size_t i;

	for (i = 0; field && i < sizeof(boxes) / sizeof(boxes[0]); i++)
		if (!strcmp(boxes[i].field, field))
			return &boxes[i];
	return NULL;
}

/* What a refused submission brings back to the page. */
struct refusal {
	const struct web_fields *posted;     /* the form's fields, named PREFIX + indicator */
	const struct web_entry_err *v;
	size_t n;
	int first_done;                      /* the first bad box got autofocus */
};

static const struct web_entry_err *err_of(const struct refusal *rf, const char *ind)
{
	size_t i;

	for (i = 0; rf && i < rf->n; i++)
		if (!strcmp(rf->v[i].indicator, ind))
			return &rf->v[i];
	return NULL;
}

static const char *posted_of(const struct refusal *rf, const struct box *b, const char *ind)
{
	char key[96];

	if (!rf || !rf->posted)
		return NULL;
	snprintf(key, sizeof(key), "%s%s", b->prefix, ind);
	return web_field(rf->posted, key);
}

/*
 * A service's message as the page shows it, Chinese only: the English in
 * the closing parentheses and the field names ("value: ") left out — the
 * box it is about is marked beside it.
 */
static void cn_msg(struct ms_buf *o, const char *msg)
{
	static const char *const names[] = { "value: ", "numerator: ", "denominator: ", "narrative: ",
		"reason: ", "round: ", "org: ", "indicator: ", "unit: " };
	struct ms_buf t = MS_BUF_INIT;
	const char *p = msg, *open;
	size_t i, n;

	while (*p) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strncmp(p, names[i], strlen(names[i])))
				break;
		if (i < sizeof(names) / sizeof(names[0])) {
			p += strlen(names[i]);
			continue;
		}
		ms_buf_add(&t, p++, 1);
	}
	/* the last " (…)" when it is all ASCII and ends the message */
	n = t.len;
	open = t.len ? strstr(t.buf, " (") : NULL;
	while (open && strstr(open + 2, " ("))
		open = strstr(open + 2, " (");
	if (open && t.buf[n - 1] == ')') {
		const char *q;

		for (q = open; *q && !((unsigned char)*q & 0x80); q++)
			;
		if (!*q)
			n = (size_t)(open - t.buf);
	}
	web_esc_n(o, t.buf, n);
	ms_buf_release(&t);
}

static const char *status_cn(enum report_status s)
{
	return s == REPORT_DRAFT ? "草稿" : s == REPORT_SUBMITTED ? "已报送，待审核" :
	       s == REPORT_APPROVED ? "审核通过" : s == REPORT_RETURNED ? "已退回" : "未报送";
}

/* The text a box shows: what was posted, else what is stored. */
static void box_value(struct ms_buf *o, const struct ledger_entry_row *e, const struct box *b,
		      const struct refusal *rf)
{
	const char *pv = posted_of(rf, b, e->d->id);
	struct ms_buf t = MS_BUF_INIT;

	if (pv) {
		web_esc(o, pv);
		return;
	}
	if (!strcmp(b->field, "value") && e->has_value && !e->has_ratio)
		plan_box_format(&t, e->box, e->value);
	else if (!strcmp(b->field, "numerator") && e->has_ratio)
		ms_buf_addf(&t, "%lld", (long long)e->numerator);
	else if (!strcmp(b->field, "denominator") && e->has_ratio)
		ms_buf_addf(&t, "%lld", (long long)e->denominator);
	else if (!strcmp(b->field, "narrative"))
		ms_buf_adds(&t, e->narrative);
	else if (!strcmp(b->field, "reason"))
		ms_buf_adds(&t, e->reason);
	web_esc(o, t.buf);
	ms_buf_release(&t);
}

/* One box: an input or textarea named PREFIX+id, marked and explained when at fault. */
static void box_input(struct ms_buf *o, const struct ledger_entry_row *e, const struct box *b,
		      struct refusal *rf, int closed)
{
	const struct web_entry_err *x = err_of(rf, e->d->id);
	int bad = x && x->e->field[0] && !strcmp(x->e->field, b->field);
	int area = !strcmp(b->field, "narrative");
	const char *id = e->d->id;

	ms_buf_addf(o, area ? "<textarea" : "<input");
	ms_buf_adds(o, " name=\"");
	web_esc(o, b->prefix);
	web_esc(o, id);
	ms_buf_adds(o, "\" id=\"f-");
	web_esc(o, b->prefix);
	web_esc(o, id);
	ms_buf_addf(o, "\" aria-label=\"%s\"", b->label);
	if (bad) {
		ms_buf_adds(o, " class=\"bad\" aria-invalid=\"true\" aria-describedby=\"err-");
		web_esc(o, id);
		ms_buf_adds(o, "\"");
		if (!rf->first_done) {
			ms_buf_adds(o, " autofocus");
			rf->first_done = 1;
		}
	}
	if (closed)
		ms_buf_adds(o, " disabled");
	if (!area)
		ms_buf_addf(o, "%s value=\"", strcmp(b->field, "reason") ? " inputmode=\"decimal\" size=\"10\"" :
			    " size=\"14\"");
	else
		ms_buf_adds(o, " rows=\"2\">");
	box_value(o, e, b, rf);
	ms_buf_adds(o, area ? "</textarea>" : "\">");
	if (bad) {
		ms_buf_adds(o, "<span class=\"ferr\" role=\"alert\" id=\"err-");
		web_esc(o, id);
		ms_buf_adds(o, "\">");
		cn_msg(o, x->e->msg);
		ms_buf_adds(o, "</span>");
	}
}

/* The value cell: a plain number in the box's unit, or 分子/分母 for a rate; nothing when qualitative. */
static void value_cell(struct ms_buf *o, const struct ledger_entry_row *e, struct refusal *rf, int closed)
{
	ms_buf_adds(o, "<td class=\"val\" data-l=\"本轮累计完成\">");
	if (!e->d->has_target) {
		ms_buf_adds(o, "<small class=\"legend\">定性指标，填写进展情况</small>");
	} else if (e->d->kind == PLAN_KIND_RATE) {
		ms_buf_adds(o, "<span class=\"pair\">分子 ");
		box_input(o, e, &boxes[1], rf, closed);
		ms_buf_adds(o, "</span><span class=\"pair\">分母 ");
		box_input(o, e, &boxes[2], rf, closed);
		ms_buf_adds(o, "</span>");
	} else {
		box_input(o, e, &boxes[0], rf, closed);
	}
	ms_buf_adds(o, "</td>");
}

/* A whole-row message (an error that names no box of the row). */
static void row_message(struct ms_buf *o, const struct ledger_entry_row *e, struct refusal *rf)
{
	const struct web_entry_err *x = err_of(rf, e->d->id);

	if (!x || (x->e->field[0] && box_of(x->e->field) && strcmp(x->e->field, "indicator")))
		return;
	ms_buf_adds(o, "<span class=\"ferr\" role=\"alert\" id=\"err-");
	web_esc(o, e->d->id);
	ms_buf_adds(o, "\">");
	cn_msg(o, x->e->msg);
	ms_buf_adds(o, "</span>");
}

/* When the ledger asks for an explanation in 进展情况: a fall, or above 3× the target. */
static void narrative_hint(struct ms_buf *o, const struct ledger_entry_row *e)
{
	if (e->d->agg != LEDGER_AGG_SUM || !e->d->has_target)
		return;
	ms_buf_adds(o, "<small class=\"legend hint\">累计数低于上一轮");
	if (e->has_target && e->target > 0) {
		ms_buf_adds(o, "或超过分解目标3倍（");
		prog_value_text(o, e->d->unit, e->target > INT64_MAX / 3 ? INT64_MAX : e->target * 3);
		ms_buf_adds(o, "）");
	}
	ms_buf_adds(o, "时，须在“进展情况”中说明</small>");
}

static void entry_row(struct ms_buf *o, struct ledger *l, const char *org, const char *due,
		      const struct ledger_entry_row *e, struct refusal *rf, int locked)
{
	int closed = locked || e->status == REPORT_APPROVED;

	ms_buf_adds(o, "<tr id=\"row-");
	web_esc(o, e->d->id);
	ms_buf_addf(o, "\"%s><td class=\"nm\" data-l=\"指标\">", e->status == REPORT_RETURNED ? " class=\"ret\"" : "");
	web_esc(o, e->d->name);
	row_message(o, e, rf);
	ms_buf_adds(o, "</td><td data-l=\"单位\" class=\"unit\">");
	web_esc(o, e->box ? e->box : "—");
	ms_buf_adds(o, "</td><td class=\"num\" data-l=\"分解目标\">");
	if (e->has_target)
		prog_value_text(o, e->d->unit, e->target);
	else
		ms_buf_adds(o, "—");
	ms_buf_adds(o, "</td><td class=\"num\" data-l=\"上一轮\">");
	if (e->has_prev) {
		prog_value_text(o, e->d->unit, e->prev);
		ms_buf_addf(o, "<small class=\"legend\">（%s）</small>", e->prev_round);
	} else {
		ms_buf_adds(o, "—");
	}
	ms_buf_adds(o, "</td>");
	value_cell(o, e, rf, closed);
	ms_buf_adds(o, "<td data-l=\"进展情况\">");
	box_input(o, e, &boxes[3], rf, closed);
	narrative_hint(o, e);
	ms_buf_adds(o, "</td><td data-l=\"未报原因\">");
	if (e->d->has_target)
		box_input(o, e, &boxes[4], rf, closed);
	ms_buf_addf(o, "</td><td class=\"st st-%s\" data-l=\"状态\">%s", report_status_name(e->status) ?
		    report_status_name(e->status) : "none", status_cn(e->status));
	/* 佐证材料: uploaded on a page of their own (web/evidence.c) */
	ms_buf_adds(o, "<span class=\"evidence\">");
	web_evidence_link(o, l, e->d->id, org, due);
	ms_buf_adds(o, "</span></td></tr>\n");
}

/* The 退回 list on top: what the lead sent back, with its reason, linked to the row. */
static void returned_list(struct ms_buf *o, const struct ledger_entry_row *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i].status != REPORT_RETURNED)
			continue;
		if (!k++)
			ms_buf_adds(o, "<div class=\"err returned\"><b>牵头单位退回，须修改后重新提交：</b><ul>");
		ms_buf_adds(o, "<li><a href=\"#row-");
		web_esc(o, v[i].d->id);
		ms_buf_adds(o, "\">");
		web_esc(o, v[i].d->name);
		ms_buf_adds(o, "</a>：");
		web_esc(o, *v[i].note ? v[i].note : "（未写理由）");
		ms_buf_adds(o, "</li>");
	}
	if (k)
		ms_buf_adds(o, "</ul></div>\n");
}

/* The summary of a refusal: how many, each linked to its box. */
static void error_summary(struct ms_buf *o, struct ledger *l, const struct refusal *rf)
{
	size_t i;

	if (!rf || !rf->n)
		return;
	ms_buf_addf(o, "<div class=\"err\" id=\"errors\" role=\"alert\"><b>有 %zu 处需要修改，本次未保存任何数据：</b><ol>",
		    rf->n);
	for (i = 0; i < rf->n; i++) {
		const struct ledger_ind *d = ledger_ind_find(l, rf->v[i].indicator);
		const struct box *b = box_of(rf->v[i].e->field);

		ms_buf_adds(o, "<li><a href=\"#");
		ms_buf_adds(o, b ? "f-" : "row-");
		if (b)
			web_esc(o, b->prefix);
		web_esc(o, rf->v[i].indicator);
		ms_buf_adds(o, "\">");
		web_esc(o, d ? d->name : rf->v[i].indicator);
		if (b)
			ms_buf_addf(o, " · %s", b->label);
		ms_buf_adds(o, "</a>：");
		cn_msg(o, rf->v[i].e->msg);
		ms_buf_adds(o, "</li>");
	}
	ms_buf_adds(o, "</ol></div>\n");
}

static const char entry_css[] =
	"<style>\n"
	"table.entry td{vertical-align:top}table.entry td.nm{min-width:9em}table.entry td.st{white-space:nowrap}table.entry td.unit{white-space:nowrap}\n"
	"table.entry input{width:7em;max-width:100%;box-sizing:border-box}table.entry textarea{width:100%;min-width:10em;box-sizing:border-box}\n"
	"table.entry .pair{display:block;white-space:nowrap}table.entry .hint{display:block;font-size:.8em}table.entry .ferr{color:#b71c1c;font-weight:bold;display:block}\n"
	"table.entry tr.ret td{background:#fff5f5}.actions{position:sticky;bottom:0;background:#fff;padding:.5em 0;border-top:1px solid #ddd}\n"
	"form.xlsx{border:1px solid #ddd;padding:.5em .8em;background:#fcfcfc}form.xlsx input{max-width:100%}\n"
	"@media(max-width:760px){table.entry,table.entry tbody,table.entry tr,table.entry td{display:block;width:auto}\n"
	" table.entry tr:first-child{display:none}table.entry tr{border:1px solid #ddd;margin:.6em 0;padding:.3em .5em}\n"
	" table.entry td{border:0;padding:.15em 0;text-align:left}table.entry td::before{content:attr(data-l) \"：\";color:#666;font-size:.9em}\n"
	" table.entry td.nm{font-weight:bold}table.entry td.nm::before{content:none}}\n"
	"</style>\n";

static void excel_part(struct ms_buf *o, const struct web_who *w, const char *org, const char *due, int locked)
{
	ms_buf_addf(o, "<h2>用 Excel 报送</h2>\n<p><a href=\"/report/template.xlsx?round=%s&amp;org=%s\">下载本轮报送表（.xlsx）</a>"
		    "：灰色列不能修改；填好后在下面上传，按与网页表单相同的规则检查，全部无误才保存。</p>\n", due, org);
	if (locked)
		return;
	ms_buf_adds(o, "<form class=\"xlsx\" method=\"post\" action=\"/report/upload\" enctype=\"multipart/form-data\">");
	web_csrf_field(o, w);
	web_hidden(o, "org", org);
	web_hidden(o, "round", due);
	ms_buf_adds(o, "<label>报送表 <input type=\"file\" name=\"file\" accept=\".xlsx\" required></label> "
		    "<button type=\"submit\" name=\"action\" value=\"submit\">上传并提交</button>"
		    "<button type=\"submit\" name=\"action\" value=\"draft\">上传为草稿</button></form>\n");
}

/* The table, the buttons, the Excel part. */
static void entry_form(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *org, const char *due,
		       int locked, const struct ledger_entry_row *v, size_t n, struct refusal *rf)
{
	size_t i;

	ms_buf_adds(o, "<form method=\"post\" action=\"/report/round\" id=\"entry\">\n");
	web_csrf_field(o, w);
	web_hidden(o, "org", org);
	web_hidden(o, "round", due);
	ms_buf_adds(o, "<table class=\"entry\">\n<tr><th>指标</th><th>单位</th><th>分解目标</th><th>上一轮</th>"
		    "<th>本轮累计完成</th><th>进展情况</th><th>未报原因</th><th>状态</th></tr>\n");
	for (i = 0; i < n; i++)
		entry_row(o, l, org, due, &v[i], rf, locked);
	ms_buf_adds(o, "</table>\n");
	if (locked)
		ms_buf_adds(o, "<p class=\"actions\"><button type=\"submit\" disabled>提交</button>（本轮已关闭）</p>\n");
	else
		ms_buf_adds(o, "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"submit\">提交</button>"
			    "<button type=\"submit\" name=\"action\" value=\"draft\">保存草稿</button>"
			    "<small class=\"legend\">提交：全部指标一次报送，待牵头单位审核；保存草稿：只保存已填写的行，暂不报送。</small></p>\n");
	ms_buf_adds(o, "</form>\n");
	excel_part(o, w, org, due, locked);
}

int web_page_report(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *org,
		    const char *round, const struct web_fields *posted, const struct web_entry_err *errs,
		    size_t nerr, const char *error, const char *ok, struct ms_err *err)
{
	const struct ledger_round *rd = web_page_round(l, round, err);
	struct refusal rf = { posted, errs, nerr, 0 };
	struct ledger_entry_row *v = NULL;
	struct store_org_row og;
	char title[200], extra[64];
	int locked;
	size_t n = 0;

	if (!rd)
		return -1;
	if (store_org_get(l->st, org, &og, err) != 1)
		return ms_err_setk(err, MS_E_NOTFOUND, "无此单位 %.*s (no organisation %.*s)",
				   ms_utf8_clip(org, strlen(org), 32), org, ms_utf8_clip(org, strlen(org), 32), org);
	if ((locked = web_round_locked(l, rd, err)) < 0 || ledger_entry_rows(l, og.code, rd->due, &v, &n, err))
		return -1;
	snprintf(title, sizeof(title), "报送 · %s", og.name);
	web_page_begin(o, title, w);
	ms_buf_adds(o, entry_css);
	snprintf(extra, sizeof(extra), "&org=%s", og.code);
	web_round_links(o, l, "report", rd->due, w->u->role == ROLE_ADMIN ? extra : "");
	ms_buf_addf(o, "<p>%s（%s）%s：各项指标的年度累计完成情况，一张表一次提交。数值按“单位”列填写纯数字（单位为万元时填“340”即340万元），"
		    "比率填分子和分母；未能报数须填写未报原因；低于上一轮或超过目标3倍须在“进展情况”中说明。</p>\n",
		    rd->label, rd->due, og.name);
	if (w->demo)
		ms_buf_adds(o, "<p><span class=\"demo\">演示数据库：报送节点保持开放</span> 可以试着报送。</p>\n");
	if (locked)
		web_flash(o, "err", "本轮报送已关闭（截止后逾期或由管理员锁定），不能再报送或修改；须管理员重新开放。");
	web_flash(o, "ok", ok);
	web_flash(o, "err", error);
	error_summary(o, l, &rf);
	returned_list(o, v, n);
	if (!n)
		ms_buf_adds(o, "<p>本单位没有分解到的指标。</p>\n");
	else
		entry_form(o, w, l, og.code, rd->due, locked, v, n, &rf);
	web_page_end(o);
	ledger_entry_free(v, n);
	return 0;
}

/* ---------- the handlers ---------- */

/* The unit a request is about: a reporter's own; an administrator's ?org= (the capital at first). */
static const char *entry_org(struct web_ctx *c)
{
	const char *org = web_arg(c, "org");

	if (c->u.role == ROLE_REPORTER)
		return c->u.org;
	return org && *org ? org : "360100";
}

static void show(struct web_ctx *c, struct ledger *l, const char *org, const char *round,
		 const struct web_fields *posted, const struct web_entry_err *errs, size_t n, const char *error,
		 const char *ok, unsigned status)
{
	struct ms_err err;

	ms_buf_reset(&c->r->body);
	if (web_page_report(&c->r->body, &c->who, l, org, round, posted, errs, n, error, ok, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, status);
}

/* GET /report: the unit's round; ?done=submit|draft&n=N says what was just stored. */
void form_report(struct web_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done"), *nn = web_field(&c->rq->query, "n");
	const char *saved = web_field(&c->rq->query, "saved");
	char ok[256] = "";
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	if (done && nn)
		snprintf(ok, sizeof(ok), "%s：%ld 项已%s。", !strcmp(done, "draft") ? "已保存草稿" : "已提交",
			 strtol(nn, NULL, 10), !strcmp(done, "draft") ? "存为草稿" : "报送，待审核");
	else if (saved && ledger_ind_find(&l, saved))   /* one indicator's report (POST /report) */
		snprintf(ok, sizeof(ok), "已保存：%s", ledger_ind_find(&l, saved)->name);
	show(c, &l, entry_org(c), web_field(&c->rq->query, "round"), NULL, NULL, 0, NULL, ok, 200);
	ledger_close(&l);
}

void form_report_show(struct web_ctx *c, struct ledger *l, const char *org, const char *round,
		      const char *err_ind, const struct ms_err *e, const char *ok, unsigned status)
{
	struct web_fields posted = { .n = 0 };
	struct web_entry_err one = { err_ind, e };
	size_t i;

	/* the single form's fields (value, narrative, …) as the table's boxes of err_ind */
	for (i = 0; err_ind && i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		const char *v = web_arg(c, boxes[i].field);
		char key[96];

		if (!v)
			continue;
		snprintf(key, sizeof(key), "%s%s", boxes[i].prefix, err_ind);
		web_field_add(&posted, key, strlen(key), v, strlen(v), NULL);
	}
	show(c, l, org, round, err_ind ? &posted : NULL, err_ind ? &one : NULL, err_ind ? 1 : 0,
	     err_ind ? NULL : e ? e->msg : NULL, ok, status);
	web_fields_free(&posted);
}

/* The posted box of a row, NULL when empty; *seen set when the row's field came at all. */
static const char *row_box(struct web_ctx *c, const struct box *b, const char *ind, int *seen)
{
	char key[96];
	const char *v;

	snprintf(key, sizeof(key), "%s%s", b->prefix, ind);
	v = web_field(&c->rq->body, key);
	if (v)
		*seen = 1;
	return v && *v ? v : NULL;
}

/* After a batch: back to the page with the message, or the refused form with every error. */
static void round_answer(struct web_ctx *c, struct ledger *l, const char *org, const char *due,
			 const struct ledger_batch *b, const struct web_fields *posted,
			 const struct web_entry_err *xs, size_t nx, int rc, const struct ms_err *err, int draft)
{
	char to[160];

	if (rc && !nx) {
		web_fail_err(c, err);
	} else if (rc) {
		show(c, l, org, due, posted, xs, nx, NULL, NULL, 422);
	} else {
		snprintf(to, sizeof(to), "/report?round=%.16s&org=%.31s&done=%s&n=%zu", due, org,
			 draft ? "draft" : "submit", b->written);
		web_reply_redirect(c->r, to);
	}
}

/* POST /report/round: every row of the unit's round, 提交 or 保存草稿, in one transaction. */
void form_report_round(struct web_ctx *c)
{
	const char *org = entry_org(c), *action = web_arg(c, "action");
	const struct ledger_round *rd;
	struct ledger_entry_row *rows = NULL;
	struct ledger_report_in *in = NULL;
	struct ledger_row_err errs[ENTRY_MAX_ERRS];
	struct web_entry_err xs[ENTRY_MAX_ERRS];
	struct ledger_batch b = { 0 };
	struct ms_err err;
	struct ledger l;
	size_t n = 0, i, k = 0;
	int rc;

	if (web_open_ledger(c, &l))
		return;
	if (auth_may_report(&c->u, org, &err) != 1) {
		web_fail(c, 403, err.msg);
		goto out;
	}
	if (!(rd = ledger_round_find(&l, web_arg(c, "round"), &err)) ||
	    ledger_entry_rows(&l, org, rd->due, &rows, &n, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	in = calloc(n ? n : 1, sizeof(*in));
	if (!in)
		abort();
	for (i = 0; i < n; i++) {
		struct ledger_report_in *r = &in[k];
		const char *id = rows[i].d->id;
		int seen = 0;

		r->indicator = id;
		r->org = org;
		r->round = rd->due;
		r->unit = rows[i].box;
		r->value = row_box(c, &boxes[0], id, &seen);
		r->numerator = row_box(c, &boxes[1], id, &seen);
		r->denominator = row_box(c, &boxes[2], id, &seen);
		r->narrative = row_box(c, &boxes[3], id, &seen);
		r->reason = row_box(c, &boxes[4], id, &seen);
		r->origin = "web";
		if (seen)   /* a closed row's boxes are disabled and not sent */
			k++;
	}
	b.in = in;
	b.n = k;
	b.draft = action && !strcmp(action, "draft");
	b.errs = errs;
	b.cap = ENTRY_MAX_ERRS;
	l.now = ms_clock_now();
	rc = ledger_report_batch(&l, &b, &err);
	for (i = 0; i < b.nerr && i < ENTRY_MAX_ERRS; i++) {
		xs[i].indicator = in[errs[i].row].indicator;
		xs[i].e = &errs[i].err;
	}
	round_answer(c, &l, org, rd->due, &b, &c->rq->body, xs, i, rc, &err, b.draft);
out:
	free(in);
	ledger_entry_free(rows, n);
	ledger_close(&l);
}

/* GET /report/template.xlsx?round=R: the unit's 报送表. */
void form_report_template(struct web_ctx *c)
{
	const char *org = entry_org(c);
	const struct ledger_round *rd;
	struct ms_err err;
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	if (auth_may_report(&c->u, org, &err) != 1) {
		web_fail(c, 403, err.msg);
	} else if (!(rd = web_page_round(&l, web_arg(c, "round"), &err))) {
		web_fail_err(c, &err);
	} else {
		ms_buf_reset(&c->r->body);
		if (entry_xlsx_template(&l, org, rd->due, &c->r->body, &err)) {
			web_fail_err(c, &err);
		} else {
			c->r->status = 200;
			c->r->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
			snprintf(c->r->disposition, sizeof(c->r->disposition),
				 "attachment; filename=\"report-%.31s-%.16s.xlsx\"", org, rd->due);
		}
	}
	ledger_close(&l);
}

/* The refusal of an upload for a program: 422 with every cell's error. */
static void upload_refused_json(struct web_ctx *c, const struct entry_import *im, const struct ms_err *err)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < im->b.nerr && i < ENTRY_MAX_ERRS; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:s%, s:s, s:s, s:s}", "sheet", ENTRY_SHEET, "cell",
						      im->cell[i], "row", (json_int_t)im->errs[i].row, "column",
						      im->cell[i], strspn(im->cell[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
						      "indicator", im->ind[i], "field", im->errs[i].err.field,
						      "message", im->errs[i].err.msg));
	web_reply_json(c->r, 422, json_pack("{s:{s:s, s:s}, s:o}", "error", "code", "invalid", "message", err->msg,
					    "errors", list));
}

/* POST /report/upload: a filled 报送表 (a form's file, or the .xlsx as the whole body). */
void form_report_upload(struct web_ctx *c)
{
	const char *org = entry_org(c), *action = web_arg(c, "action"), *round = web_arg(c, "round");
	struct web_entry_err xs[ENTRY_MAX_ERRS];
	struct entry_import *im;
	struct ms_err err;
	struct ledger l;
	char to[160];
	size_t i;

	if (!c->rq->files.n) {
		web_fail_field(c, 400, "file", "请选择要上传的报送表（.xlsx） (no file was sent)");
		return;
	}
	if (auth_may_report(&c->u, org, &err) != 1) {
		web_fail(c, 403, err.msg);
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	im = calloc(1, sizeof(*im));
	if (!im)
		abort();
	l.now = ms_clock_now();
	if (!entry_xlsx_import(&l, c->rq->files.v[0].data, c->rq->files.v[0].len, org, round && *round ? round : NULL,
			       action && !strcmp(action, "draft"), "xlsx", im, &err)) {
		if (c->html) {
			snprintf(to, sizeof(to), "/report?round=%.16s&org=%.31s&done=%s&n=%zu", round ? round : "",
				 org, im->b.draft ? "draft" : "submit", im->b.written);
			web_reply_redirect(c->r, to);
		} else {
			web_reply_json(c->r, 200, json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)im->rows,
							    "written", (json_int_t)im->b.written, "unchanged",
							    (json_int_t)im->b.same, "closed", (json_int_t)im->b.closed));
		}
	} else if (!im->b.nerr) {
		web_fail_err(c, &err);
	} else if (!c->html) {
		upload_refused_json(c, im, &err);
	} else {
		for (i = 0; i < im->b.nerr && i < ENTRY_MAX_ERRS; i++) {
			xs[i].indicator = im->ind[i];
			xs[i].e = &im->errs[i].err;
		}
		show(c, &l, org, round, NULL, xs, i, "上传的报送表有误，未保存任何数据。", NULL, 422);
	}
	free(im);
	ledger_close(&l);
}
