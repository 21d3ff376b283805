/*
 * vote_desk.c - the staff's side of the vote on the web (docs/VOTE.md), for
 * administrators of the government: the desk of a government and year
 * (/vote/desk) — proposals awaiting moderation (公开, 不采纳 with a reason),
 * the import of paper proposals (CSV or .xlsx), a candidate made of the
 * proposals ticked, the candidates and their 公示, the sessions and a new
 * one — and a session's page (/vote/desk/session): the deputies uploaded
 * (CSV or .xlsx), the tokens sheet (printed or CSV, once), closing, the
 * tally, a second round, and the elected made into a draft plan, accepted
 * through plan_add. The same services the command line calls.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* fmemopen, explicit_bzero */
#endif
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/money.h"
#include "plan/orgs.h"
#include "plan/plan.h"
#include "plan/setup.h"
#include "store/store.h"
#include "vote/vote.h"
#include "core/banned.h"

/* A refusal shown on the page: the message, the form it belongs to, and its field. */
struct refusal {
	const struct ms_err *e;
	const char *form;          /* "moderate", "import", "candidate", "publish", "open", … */
	int64_t id;                /* moderate: the proposal */
};

/* The Chinese part of a service's message: without its last " (English)". */
static void cn(struct ms_buf *o, const char *msg)
{
	const char *open = NULL, *p;
	size_t n = strlen(msg);

	for (p = strstr(msg, " ("); p; p = strstr(p + 2, " ("))
		open = p;
	/* the English: a final " (…)" that opens with a Latin letter */
	if (open && msg[n - 1] == ')' && ((open[2] | 0x20) >= 'a' && (open[2] | 0x20) <= 'z'))
		n = (size_t)(open - msg);
	web_esc_n(o, msg, n);
}

/* The message beside the input named field when the refusal is this form's and names it. */
static void beside(struct ms_buf *o, const struct refusal *rf, const char *form, const char *field)
{
	if (!rf || !rf->e || strcmp(rf->form, form) || strcmp(rf->e->field, field))
		return;
	ms_buf_addf(o, "<span class=\"ferr\" role=\"alert\" id=\"err-%s-%s\">", form, field);
	cn(o, rf->e->msg);
	ms_buf_adds(o, "</span>");
}

/* A refusal of this form that names no field of it: above the form. */
static void above(struct ms_buf *o, const struct refusal *rf, const char *form, const char *const *fields)
{
	size_t i;

	if (!rf || !rf->e || strcmp(rf->form, form))
		return;
	for (i = 0; fields && fields[i]; i++)
		if (!strcmp(rf->e->field, fields[i]))
			return;
	ms_buf_adds(o, "<p class=\"err\" role=\"alert\">");
	cn(o, rf->e->msg);
	ms_buf_adds(o, "</p>\n");
}

/* A text input (or textarea) with its label, the value typed kept, the message beside it. */
static void input(struct web_ctx *c, struct ms_buf *o, const struct refusal *rf, const char *form, const char *name,
		  const char *label, const char *extra, int area)
{
	const char *v = rf && rf->e && !strcmp(rf->form, form) ? web_arg(c, name) : NULL;

	ms_buf_addf(o, "<label class=\"wide\">%s ", label);
	ms_buf_addf(o, area ? "<textarea name=\"%s\" id=\"f-%s-%s\" rows=\"2\"%s" : "<input name=\"%s\" id=\"f-%s-%s\"%s",
		    name, form, name, extra ? extra : "");
	if (rf && rf->e && !strcmp(rf->form, form))
		web_mark_bad(o, name, rf->e->field);
	ms_buf_adds(o, area ? ">" : " value=\"");
	web_esc(o, v ? v : "");
	ms_buf_adds(o, area ? "</textarea>" : "\">");
	beside(o, rf, form, name);
	ms_buf_adds(o, "</label>\n");
}

/* The administrator may act for the government of region: 1, or 0 after replying 403. */
static int may_govern(struct web_ctx *c, const char *region)
{
	struct ms_err err;
	int r = auth_may_govern(c->st, &c->u, region, &err);

	if (r == 1)
		return 1;
	if (r < 0)
		web_fail_err(c, &err);
	else
		web_fail(c, 403, err.msg);
	return 0;
}

static void gov_query(struct ms_buf *b, const struct web_gov *g)
{
	const unsigned char *p;

	ms_buf_addf(b, "region=%s&year=%lld&level=", g->region, (long long)g->year);
	for (p = (const unsigned char *)g->level; *p; p++)
		ms_buf_addf(b, "%%%02X", *p);
}

static void desk_redirect(struct web_ctx *c, const struct web_gov *g, const char *done)
{
	struct ms_buf to = MS_BUF_INIT;

	ms_buf_adds(&to, "/vote/desk?");
	gov_query(&to, g);
	ms_buf_addf(&to, "&done=%s", done);
	web_reply_redirect(c->r, to.buf);
	ms_buf_release(&to);
}

/* ---------- the desk: proposals, candidates, sessions ---------- */

struct desk {
	struct web_ctx *c;
	const struct web_gov *g;
	const struct refusal *rf;
	struct ms_buf queue, pick, cands, sessions;
	long pending, mergeable, ncand, published, nsess;
};

static const char *field_place(struct web_ctx *c, const char *code, char name[128])
{
	web_vote_gov_name(c, code, name);
	return name;
}

static int desk_proposal(const struct vote_proposal *p, void *arg)
{
	struct desk *d = arg;
	struct ms_buf *o = &d->queue;
	char place[128];
	int mine = d->rf && d->rf->e && !strcmp(d->rf->form, "moderate") && d->rf->id == p->id;

	if (!strcmp(p->status, "pending") || !strcmp(p->status, "published")) {
		d->mergeable++;
		char key[32];

		snprintf(key, sizeof(key), "p%lld", (long long)p->id);
		ms_buf_addf(&d->pick, "<label class=\"wide\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %lld. ",
			    key, d->rf && d->rf->e && !strcmp(d->rf->form, "candidate") && web_arg(d->c, key) ?
			    " checked" : "", (long long)p->id);
		web_esc(&d->pick, p->title);
		ms_buf_adds(&d->pick, "（");
		web_esc(&d->pick, p->field);
		ms_buf_adds(&d->pick, !strcmp(p->status, "pending") ? "，待审）</label>\n" : "）</label>\n");
	}
	if (strcmp(p->status, "pending"))
		return 0;
	d->pending++;
	ms_buf_addf(o, "<tr><td class=\"num\">%lld</td><td>", (long long)p->id);
	web_esc(o, p->title);
	ms_buf_adds(o, "<br><small>");
	web_esc(o, p->field);
	ms_buf_adds(o, " · ");
	web_esc(o, field_place(d->c, p->place, place));
	ms_buf_addf(o, " · %s", !strcmp(p->source, "public") ? "网上" : !strcmp(p->source, "deputy") ? "代表" :
		    !strcmp(p->source, "government") ? "政府" : "纸质");
	if (p->name || p->phone) {
		ms_buf_adds(o, " · 联系人：");
		web_esc(o, p->name ? p->name : "");
		ms_buf_adds(o, " ");
		web_esc(o, p->phone ? p->phone : "");
	}
	if (p->body && *p->body) {
		ms_buf_adds(o, "</small><br><small class=\"legend\">");
		web_esc(o, p->body);
	}
	ms_buf_adds(o, "</small><br><form class=\"mod\" method=\"post\" action=\"/vote/desk/moderate\">");
	web_csrf_field(o, &d->c->who);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"id\" value=\"%lld\">", (long long)p->id);
	web_hidden(o, "level", d->g->level);
	ms_buf_addf(o, "<button name=\"status\" value=\"published\">公开</button> <input name=\"reason\" id=\"f-reason-%lld\" "
		    "placeholder=\"不采纳的理由（向公众公开）\" size=\"14\"", (long long)p->id);
	if (mine)
		web_mark_bad(o, "reason", d->rf->e->field);
	ms_buf_adds(o, "> <button name=\"status\" value=\"declined\">不采纳</button>");
	if (mine) {
		ms_buf_addf(o, "<span class=\"ferr\" role=\"alert\" id=\"err-moderate-%lld\">", (long long)p->id);
		cn(o, d->rf->e->msg);
		ms_buf_adds(o, "</span>");
	}
	ms_buf_adds(o, "</form></td></tr>\n");
	return 0;
}

static int desk_candidate_row(const struct vote_candidate *v, void *arg)
{
	struct desk *d = arg;
	struct ms_buf *o = &d->cands, cost = MS_BUF_INIT;

	d->ncand++;
	d->published += v->published_at != NULL;
	ms_money_format_display(&cost, v->cost);
	ms_buf_addf(o, "<tr><td class=\"num\">%lld</td><td><b>", (long long)v->id);
	web_esc(o, v->title);
	ms_buf_adds(o, "</b><br><small>目标：");
	web_esc(o, v->targets);
	ms_buf_adds(o, "；牵头：");
	web_esc(o, v->lead);
	if (v->units && *v->units) {
		ms_buf_adds(o, "；责任：");
		web_esc(o, v->units);
	}
	ms_buf_adds(o, "<br>估算依据：");
	web_esc(o, v->cost_basis);
	ms_buf_adds(o, "；可行性：");
	web_esc(o, v->feasibility);
	ms_buf_addf(o, "<br>估算资金 %s；来源建议第 ", cost.buf);
	web_esc(o, v->proposals);
	ms_buf_addf(o, " 号（%lld 人）；<b>%s</b></small></td></tr>\n", (long long)v->asked,
		    v->published_at ? "已公示" : "未公示");
	ms_buf_release(&cost);
	return 0;
}

static int desk_session_row(const struct store_vote_session *s, void *arg)
{
	struct desk *d = arg;
	struct ms_buf *o = &d->sessions;

	d->nsess++;
	ms_buf_addf(o, "<tr><td class=\"num\">%lld</td><td><a href=\"/vote/desk/session?session=%lld\">", (long long)s->id,
		    (long long)s->id);
	web_esc(o, s->title);
	ms_buf_addf(o, "</a>%s</td><td class=\"num\">%lld</td><td>%s</td></tr>\n", s->runoff_of ? "（另行投票）" : "",
		    (long long)s->places, !strcmp(s->state, "open") ? "进行中" : "已结束");
	return 0;
}

/* The line to pick another government and year. */
static void desk_pick(struct ms_buf *o, const struct web_gov *g)
{
	static const char *const levels[] = { "省", "市", "县", "乡" };
	int i;

	ms_buf_adds(o, "<form class=\"pick\" method=\"get\" action=\"/vote/desk\"><label>区划代码 <input name=\"region\" "
		    "size=\"7\" inputmode=\"numeric\" value=\"");
	web_esc(o, g->region);
	ms_buf_adds(o, "\"></label><label>层级 <select name=\"level\">");
	for (i = 0; i < 4; i++)
		ms_buf_addf(o, "<option%s>%s</option>", strcmp(g->level, levels[i]) ? "" : " selected", levels[i]);
	ms_buf_adds(o, "</select></label><label>年度 <input name=\"year\" size=\"5\" inputmode=\"numeric\" value=\"");
	if (g->year)
		ms_buf_addf(o, "%lld", (long long)g->year);
	ms_buf_adds(o, "\"></label><button type=\"submit\">切换</button></form>\n");
}

static void desk_forms_top(struct desk *d, struct ms_buf *o)
{
	static const char *const import_fields[] = { NULL };

	ms_buf_addf(o, "<h3 id=\"queue\">一、建议审核（待审 %ld 条）</h3>\n", d->pending);
	above(o, d->rf, "moderate", (const char *const[]){ "reason", NULL });
	if (d->pending)
		ms_buf_addf(o, "<div class=\"fit\"><table class=\"queue\"><tr><th>编号</th><th>建议与审核</th></tr>\n%s"
			    "</table></div>\n", d->queue.buf);
	else
		ms_buf_adds(o, "<p>没有待审的建议。</p>\n");
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/import\" enctype=\"multipart/form-data\">\n"
		    "<h3>导入纸质或代表联络站收集的建议</h3>\n");
	web_csrf_field(o, &d->c->who);
	web_hidden(o, "region", d->g->region);
	web_hidden(o, "level", d->g->level);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\">\n", (long long)d->g->year);
	above(o, d->rf, "import", import_fields);
	ms_buf_adds(o, "<label class=\"wide\">CSV 或 Excel 文件（列：title, field, place；可选 body, name, phone, source）"
		    "<input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required></label>\n"
		    "<button type=\"submit\">导入</button>\n</form>\n");
}

static void desk_candidate_form(struct desk *d, struct ms_buf *o)
{
	static const char *const fields[] = { "proposals", "title", "targets", "lead", "units", "cost", "cost_basis",
					      "feasibility", NULL };
	const struct refusal *rf = d->rf;
	struct web_ctx *c = d->c;

	ms_buf_adds(o, "<h3 id=\"merge\">二、新建候选项目（归并建议）</h3>\n");
	if (!d->mergeable) {
		ms_buf_adds(o, "<p>没有可归并的建议（待审或已公开、未并入的建议）。</p>\n");
		return;
	}
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/candidate\">\n");
	web_csrf_field(o, &c->who);
	web_hidden(o, "region", d->g->region);
	web_hidden(o, "level", d->g->level);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\">\n", (long long)d->g->year);
	above(o, rf, "candidate", fields);
	ms_buf_adds(o, "<fieldset id=\"f-candidate-proposals\"><legend>来源建议（勾选要归并的建议）</legend>\n");
	ms_buf_adds(o, d->pick.buf);
	beside(o, rf, "candidate", "proposals");
	ms_buf_adds(o, "</fieldset>\n");
	input(c, o, rf, "candidate", "title", "项目名称", " maxlength=\"100\" required", 0);
	input(c, o, rf, "candidate", "targets", "目标任务", " maxlength=\"600\" required", 1);
	input(c, o, rf, "candidate", "lead", "牵头单位", " maxlength=\"60\" required", 0);
	input(c, o, rf, "candidate", "units", "责任单位", " maxlength=\"200\"", 0);
	input(c, o, rf, "candidate", "cost", "估算资金（写明单位，如 120万元）", " maxlength=\"30\" required", 0);
	input(c, o, rf, "candidate", "cost_basis", "估算依据", " maxlength=\"300\" required", 0);
	input(c, o, rf, "candidate", "feasibility", "牵头单位的可行性意见", " maxlength=\"600\" required", 1);
	ms_buf_adds(o, "<button type=\"submit\">新建候选项目</button>\n</form>\n");
}

/* 五、联系方式保留期: the government's own period, or the default the purge uses. */
static void desk_retention_form(struct desk *d, struct ms_buf *o)
{
	static const char *const fields[] = { "days", NULL };
	struct ms_err err;
	int days = 0;

	vote_retention_get(d->c->st, d->g->region, &days, &err);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/retention\">\n<h3 id=\"retention\">五、联系方式保留期</h3>\n");
	web_csrf_field(o, &d->c->who);
	web_hidden(o, "region", d->g->region);
	web_hidden(o, "level", d->g->level);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\">\n", (long long)d->g->year);
	if (days)
		ms_buf_addf(o, "<p>建议人的姓名和电话保留 <b>%d 天</b>，期满后清理时删除。</p>\n", days);
	else
		ms_buf_addf(o, "<p>尚未设定：清理时按默认的 %d 天删除建议人的姓名和电话。</p>\n", VOTE_RETENTION_DEFAULT);
	above(o, d->rf, "retention", fields);
	input(d->c, o, d->rf, "retention", "days", "保留天数（1–3650）", " size=\"5\" inputmode=\"numeric\" required", 0);
	ms_buf_adds(o, "<button type=\"submit\">保存</button>\n</form>\n");
}

static void desk_lower(struct desk *d, struct ms_buf *o)
{
	static const char *const open_fields[] = { "title", "places", NULL };
	struct web_ctx *c = d->c;

	ms_buf_addf(o, "<h3 id=\"cands\">三、候选项目（%ld 项，已公示 %ld 项）</h3>\n", d->ncand, d->published);
	if (d->ncand)
		ms_buf_addf(o, "<div class=\"fit\"><table class=\"cands\"><tr><th>编号</th><th>候选项目</th></tr>\n%s"
			    "</table></div>\n", d->cands.buf);
	above(o, d->rf, "publish", NULL);
	if (d->ncand > d->published) {
		ms_buf_adds(o, "<form method=\"post\" action=\"/vote/desk/publish\">");
		web_csrf_field(o, &c->who);
		web_hidden(o, "region", d->g->region);
		web_hidden(o, "level", d->g->level);
		ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\"><button type=\"submit\">公示候选项目清单"
			    "（%ld 项未公示）</button></form>\n", (long long)d->g->year, d->ncand - d->published);
	}
	ms_buf_addf(o, "<h3 id=\"sessions\">四、票决（%ld 次）</h3>\n", d->nsess);
	if (d->nsess)
		ms_buf_addf(o, "<div class=\"fit\"><table><tr><th>编号</th><th>票决会议</th><th>应选</th><th>状态</th></tr>\n%s"
			    "</table></div>\n", d->sessions.buf);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/open\">\n<h3>开始一次票决（已公示的候选项目须多于应选名额）</h3>\n");
	web_csrf_field(o, &c->who);
	web_hidden(o, "region", d->g->region);
	web_hidden(o, "level", d->g->level);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\">\n", (long long)d->g->year);
	above(o, d->rf, "open", open_fields);
	input(c, o, d->rf, "open", "title", "票决会议名称", " maxlength=\"100\" required placeholder=\"县第十八届人大三次会议\"", 0);
	input(c, o, d->rf, "open", "places", "应选名额", " size=\"4\" inputmode=\"numeric\" required", 0);
	ms_buf_adds(o, "<button type=\"submit\">开始票决</button>\n</form>\n");
	desk_retention_form(d, o);
}

static const char *desk_done(const char *done)
{
	static const char *const msg[][2] = {
		{ "published", "建议已公开" }, { "declined", "已不予采纳，理由向公众公开" }, { "imported", "建议已导入（待审）" },
		{ "candidate", "候选项目已建立，来源建议已并入" }, { "publish", "候选项目清单已公示" },
		{ "retention", "联系方式保留期已保存" },
	};
	size_t i;

	for (i = 0; done && i < sizeof(msg) / sizeof(msg[0]); i++)
		if (!strcmp(done, msg[i][0]))
			return msg[i][1];
	return NULL;
}

static void desk_show(struct web_ctx *c, const struct web_gov *g, const struct refusal *rf, unsigned status)
{
	struct desk d = { c, g, rf, MS_BUF_INIT, MS_BUF_INIT, MS_BUF_INIT, MS_BUF_INIT, 0, 0, 0, 0, 0 };
	struct ms_buf *o = &c->r->body;
	struct ms_err err;
	char name[128];

	if (vote_proposal_each(c->st, g->region, g->year, 1, desk_proposal, &d, &err) ||
	    vote_candidate_each(c->st, g->region, g->year, 0, desk_candidate_row, &d, &err) ||
	    store_vote_session_each(c->st, g->region, g->year, desk_session_row, &d, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_reset(o);
	web_page_begin(o, "征集票决工作台", &c->who);
	ms_buf_addf(o, "<p class=\"steps\"><a href=\"/proposals?region=%s&amp;year=%lld\">征集（公众页面）</a> · "
		    "<a href=\"/candidates?region=%s&amp;year=%lld\">候选项目公示</a> · <b>工作台</b></p>\n", g->region,
		    (long long)g->year, g->region, (long long)g->year);
	web_vote_gov_name(c, g->region, name);
	ms_buf_adds(o, "<h2>");
	web_esc(o, name);
	ms_buf_addf(o, " %lld 年民生实事征集与票决</h2>\n", (long long)g->year);
	desk_pick(o, g);
	web_flash(o, "ok", rf ? NULL : desk_done(web_arg(c, "done")));
	if (rf && rf->e)
		web_flash(o, "err", "未保存，请看标红的地方 (not saved)");
	desk_forms_top(&d, o);
	desk_candidate_form(&d, o);
	desk_lower(&d, o);
	web_page_end(o);
	web_reply_html(c->r, status);
out:
	ms_buf_release(&d.queue);
	ms_buf_release(&d.pick);
	ms_buf_release(&d.cands);
	ms_buf_release(&d.sessions);
}

/* The government of the request and the right to act for it; -1 after replying. */
static int desk_gov(struct web_ctx *c, struct web_gov *g)
{
	if (web_vote_gov(c, g))
		return -1;
	if (!g->region[0] || !g->year) {
		web_fail(c, 404, "还没有征集或票决：请在地址中给出 region、level、year (no government yet)");
		return -1;
	}
	return may_govern(c, g->region) ? 0 : -1;
}

void page_vote_desk(struct web_ctx *c)
{
	struct ms_buf *o = &c->r->body;
	struct web_gov g;

	if (web_vote_gov(c, &g))
		return;
	if (g.region[0] && g.year) {
		if (may_govern(c, g.region))
			desk_show(c, &g, NULL, 200);
		return;
	}
	/* nothing yet: the picker, to start a government's 征集 */
	ms_buf_reset(o);
	web_page_begin(o, "征集票决工作台", &c->who);
	ms_buf_adds(o, "<h2>民生实事征集与票决</h2>\n<p>还没有征集或票决。请填写政府的区划代码、层级和年度：</p>\n");
	snprintf(g.level, sizeof(g.level), "县");
	desk_pick(o, &g);
	web_page_end(o);
	web_reply_html(c->r, 200);
}

/* A write refused: the desk again with the message beside its field, or the error as JSON for a program. */
static void desk_refused(struct web_ctx *c, const struct web_gov *g, const char *form, int64_t id,
			 const struct ms_err *e)
{
	struct refusal rf = { e, form, id };

	if (c->api || !c->html)
		web_fail_err(c, e);
	else
		desk_show(c, g, &rf, web_err_status(e));
}

/* POST /vote/desk/moderate: id, status published|declined, reason. */
void desk_moderate(struct web_ctx *c)
{
	const char *id = web_arg(c, "id"), *status = web_arg(c, "status");
	int64_t pid = id ? strtoll(id, NULL, 10) : 0;
	struct ms_err err;
	struct web_gov g;
	struct {
		char region[32];
		int64_t year;
	} p = { "", 0 };

	if (web_vote_gov(c, &g))
		return;
	memset(&err, 0, sizeof(err));
	if (vote_proposal_region(c->st, pid, p.region, &p.year, &err)) {
		desk_refused(c, &g, "moderate", pid, &err);
		return;
	}
	snprintf(g.region, sizeof(g.region), "%s", p.region);
	g.year = p.year;
	if (!may_govern(c, g.region))
		return;
	if (vote_proposal_moderate(c->st, pid, status ? status : "", web_arg(c, "reason"), c->u.name, &err))
		desk_refused(c, &g, "moderate", pid, &err);
	else
		desk_redirect(c, &g, status && !strcmp(status, "declined") ? "declined" : "published");
}

/* POST /vote/desk/import (multipart): a CSV or .xlsx of proposals gathered on paper. */
void desk_import(struct web_ctx *c)
{
	const struct web_file *f = c->rq->files.n ? &c->rq->files.v[0] : NULL;
	struct ms_err err;
	struct web_gov g;
	long n;

	if (desk_gov(c, &g))
		return;
	if (!f || !f->len) {
		ms_err_field(&err, MS_E_INVALID, "file", "请选择要导入的 CSV 或 Excel 文件 (no file)");
		desk_refused(c, &g, "import", 0, &err);
		return;
	}
	if (vote_proposal_import_data(c->st, *f->name ? f->name : "upload", f->data, f->len, g.region, g.level, g.year,
				      c->u.name, &n, &err))
		desk_refused(c, &g, "import", 0, &err);
	else
		desk_redirect(c, &g, "imported");
}

/* POST /vote/desk/candidate: p<ID> ticked, title, targets, lead, units, cost, cost_basis, feasibility. */
static int ticked(const struct vote_proposal *p, void *arg)
{
	void **a = arg;
	struct web_ctx *c = a[0];
	struct ms_buf *ids = a[1];
	char key[32];

	snprintf(key, sizeof(key), "p%lld", (long long)p->id);
	if (web_arg(c, key))
		ms_buf_addf(ids, "%s%lld", ids->len ? "," : "", (long long)p->id);
	return 0;
}

void desk_candidate(struct web_ctx *c)
{
	struct ms_buf ids = MS_BUF_INIT;
	void *a[2] = { c, &ids };
	struct ms_err err;
	struct web_gov g;
	int64_t id;

	if (desk_gov(c, &g))
		goto out;
	if (vote_proposal_each(c->st, g.region, g.year, 1, ticked, a, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	{
		struct vote_candidate v = {
			.region = g.region, .level = g.level, .year = g.year, .title = web_arg(c, "title"),
			.targets = web_arg(c, "targets"), .lead = web_arg(c, "lead"), .units = web_arg(c, "units"),
			.cost_basis = web_arg(c, "cost_basis"), .feasibility = web_arg(c, "feasibility"),
			.proposals = web_arg(c, "proposals") ? web_arg(c, "proposals") : ids.buf,
		};

		if (vote_candidate_add(c->st, &v, web_arg(c, "cost"), c->u.name, &id, &err))
			desk_refused(c, &g, "candidate", 0, &err);
		else if (c->api)
			web_reply_json(c->r, 201, json_pack("{s:I}", "id", (json_int_t)id));
		else
			desk_redirect(c, &g, "candidate");
	}
out:
	ms_buf_release(&ids);
}

/* POST /vote/desk/publish: the 公示 of the government's candidates. */
void desk_publish(struct web_ctx *c)
{
	struct ms_err err;
	struct web_gov g;
	long n;

	if (desk_gov(c, &g))
		return;
	if (vote_candidate_publish(c->st, g.region, g.year, c->u.name, &n, &err))
		desk_refused(c, &g, "publish", 0, &err);
	else
		desk_redirect(c, &g, "publish");
}

/* POST /vote/desk/retention: days, the government's own period (journaled). */
void desk_retention(struct web_ctx *c)
{
	const char *days = web_arg(c, "days");
	struct ms_err err;
	struct web_gov g;
	char *end = NULL;
	long k = days ? strtol(days, &end, 10) : 0;

	if (desk_gov(c, &g))
		return;
	if (!days || !*days || *end)
		k = 0;
	if (vote_retention_set(c->st, g.region, g.level, (int)(k > 0 && k < 100000 ? k : 0), c->u.name, &err))
		desk_refused(c, &g, "retention", 0, &err);
	else
		desk_redirect(c, &g, "retention");
}

/* POST /vote/desk/open: title, places; or runoff=SESSION (the places left, its tied candidates). */
void desk_open(struct web_ctx *c)
{
	const char *places = web_arg(c, "places"), *runoff = web_arg(c, "runoff");
	int64_t parent = runoff ? strtoll(runoff, NULL, 10) : 0, id;
	struct vote_session s;
	struct ms_err err;
	struct web_gov g;
	char *end = NULL;
	long k = places ? strtol(places, &end, 10) : 0;
	char to[64];

	if (parent > 0) {
		if (vote_session_get(c->st, parent, &s, &err) != 1) {
			web_fail(c, 404, "没有这次票决 (no such vote session)");
			return;
		}
		if (!may_govern(c, s.region))
			return;
		if (vote_session_open(c->st, s.region, s.level, s.year, web_arg(c, "title"), 0, parent, c->u.name, &id,
				      &err)) {
			web_fail_err(c, &err);
			return;
		}
	} else {
		if (desk_gov(c, &g))
			return;
		if (!places || !*places || *end || k < 1 || k > 63) {
			ms_err_field(&err, MS_E_INVALID, "places", "应选名额应为 1–63 的整数 (places)");
			desk_refused(c, &g, "open", 0, &err);
			return;
		}
		if (vote_session_open(c->st, g.region, g.level, g.year, web_arg(c, "title"), (int)k, 0, c->u.name, &id,
				      &err)) {
			desk_refused(c, &g, "open", 0, &err);
			return;
		}
	}
	snprintf(to, sizeof(to), "/vote/desk/session?session=%lld&done=open", (long long)id);
	web_reply_redirect(c->r, to);
}

/* ---------- a session: deputies, tokens, close, tally, adopt ---------- */

/* The session of ?session= that the user may run; 0 and s filled, -1 after replying. */
static int desk_session(struct web_ctx *c, struct vote_session *s)
{
	const char *id = web_arg(c, "session");
	struct ms_err err;
	int rc = vote_session_get(c->st, id ? strtoll(id, NULL, 10) : 0, s, &err);

	if (rc <= 0) {
		if (rc < 0)
			web_fail_err(c, &err);
		else
			web_fail(c, 404, "没有这次票决 (no such vote session)");
		return -1;
	}
	return may_govern(c, s->region) ? 0 : -1;
}

static void session_hidden(struct ms_buf *o, struct web_ctx *c, const struct vote_session *s)
{
	web_csrf_field(o, &c->who);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"session\" value=\"%lld\">\n", (long long)s->id);
}

static void session_deputies(struct web_ctx *c, struct ms_buf *o, const struct vote_session *s,
			     const struct refusal *rf)
{
	ms_buf_addf(o, "<h3>一、代表名单（%lld 人）</h3>\n", (long long)s->deputies);
	if (s->deputies) {
		ms_buf_addf(o, "<p>已导入代表 %lld 人%s。</p>\n", (long long)s->deputies,
			    s->runoff_of ? "（沿用上一轮的代表名单）" : "");
		return;
	}
	if (strcmp(s->state, "open"))
		return;
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/deputies\" enctype=\"multipart/form-data\">\n");
	session_hidden(o, c, s);
	above(o, rf, "deputies", NULL);
	ms_buf_adds(o, "<label class=\"wide\">代表名单（CSV 或 Excel，列：姓名 name、代表团 delegation）"
		    "<input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required></label>\n"
		    "<button type=\"submit\">导入代表名单</button>\n</form>\n");
}

static void session_tokens(struct web_ctx *c, struct ms_buf *o, const struct vote_session *s,
			   const struct refusal *rf)
{
	ms_buf_adds(o, "<h3>二、票证</h3>\n");
	if (s->tokens_issued || !s->deputies || strcmp(s->state, "open"))
		above(o, rf, "tokens", NULL);
	if (s->tokens_issued) {
		ms_buf_adds(o, "<p>票证已发放。票证只显示一次，系统只保存其摘要，不能补打；遗失的票证作废。</p>\n");
		return;
	}
	if (!s->deputies || strcmp(s->state, "open")) {
		ms_buf_adds(o, "<p>导入代表名单后生成票证。</p>\n");
		return;
	}
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/tokens\">\n");
	session_hidden(o, c, s);
	above(o, rf, "tokens", NULL);
	ms_buf_addf(o, "<p>为每位代表生成一张一次性票证（共 %lld 张）。<b>票证只显示这一次</b>：请直接打印，或下载后打印，"
		    "逐一分发给代表。</p>\n<label><input type=\"radio\" name=\"format\" value=\"print\" checked> 打印页</label>"
		    "<label><input type=\"radio\" name=\"format\" value=\"csv\"> 下载 CSV（Excel 可打开）</label>\n"
		    "<button type=\"submit\">生成票证</button>\n</form>\n", (long long)s->deputies);
}

/* The tally of a closed session, and the next step: another round, or the draft plan. */
static void session_result(struct web_ctx *c, struct ms_buf *o, const struct vote_session *s,
			   const struct refusal *rf)
{
	static const char *const word[] = { "未当选", "当选", "另行投票" };
	struct ms_buf sum = MS_BUF_INIT;
	struct vote_session full;
	struct vote_tally t;
	struct ms_err err;
	int k, i;

	if (vote_session_tally(c->st, s->id, &full, &t, &err)) {
		ms_buf_adds(o, "<p class=\"err\">");
		cn(o, err.msg);
		ms_buf_adds(o, "</p>\n");
		return;
	}
	ms_buf_addf(o, "<p>全体代表 %d 人，收回选票 %lld 张，无效票 %lld 张；得票须在 %d 票以上。</p>\n", t.deputies,
		    (long long)t.cast, (long long)t.invalid, t.deputies / 2 + 1);
	ms_buf_adds(o, "<div class=\"fit\"><table class=\"tally\"><tr><th>序号</th><th>候选项目</th><th>得票</th><th>结果</th></tr>\n");
	for (k = 0; k < t.ncand; k++) {
		i = t.order[k];
		ms_buf_addf(o, "<tr><td class=\"num\">%d</td><td>", i + 1);
		web_esc(o, full.cand_title[i]);
		ms_buf_addf(o, "</td><td class=\"num\">%lld</td><td>%s</td></tr>\n", (long long)t.votes[i], word[t.outcome[i]]);
	}
	vote_tally_summary(&sum, &t);
	ms_buf_adds(o, "</table></div>\n<p class=\"summary\"><b>");
	web_esc(o, sum.buf);
	ms_buf_adds(o, "</b></p>\n");
	ms_buf_release(&sum);
	if (t.open) {
		ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/open\">\n<h3>另行投票</h3>\n");
		web_csrf_field(o, &c->who);
		ms_buf_addf(o, "<input type=\"hidden\" name=\"runoff\" value=\"%lld\">\n", (long long)s->id);
		ms_buf_addf(o, "<p>剩余名额 %d 项，由需另行投票的候选项目再次票决，代表名单不变，另发新票证。</p>\n", t.open);
		input(c, o, rf, "runoff", "title", "票决会议名称", " maxlength=\"100\" required", 0);
		ms_buf_adds(o, "<button type=\"submit\">开始另行投票</button>\n</form>\n");
		return;
	}
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/adopt\">\n<h3>四、生成计划草案</h3>\n");
	session_hidden(o, c, s);
	above(o, rf, "adopt", (const char *const[]){ "id", NULL });
	ms_buf_addf(o, "<p>把当选项目写成年度计划草案（各实事引用票决记录和来源建议），审核后存为新计划。</p>\n");
	input(c, o, rf, "adopt", "id", "计划编号（可不填）", " maxlength=\"60\" placeholder=\"vote-地区代码-年度\"", 0);
	ms_buf_adds(o, "<button type=\"submit\">生成计划草案</button>\n</form>\n");
}

static void session_show(struct web_ctx *c, const struct vote_session *s, const struct refusal *rf, const char *ok,
			 unsigned status)
{
	struct ms_buf *o = &c->r->body;
	char name[128];
	int i;

	ms_buf_reset(o);
	web_page_begin(o, "票决管理", &c->who);
	ms_buf_addf(o, "<p class=\"steps\"><a href=\"/vote/desk?region=%s&amp;year=%lld\">工作台</a> · "
		    "<a href=\"/vote?session=%lld\">投票页面</a> · <a href=\"/vote/count?session=%lld\">计票录入</a> · "
		    "<a href=\"/vote/result?session=%lld\">票决结果</a></p>\n", s->region, (long long)s->year,
		    (long long)s->id, (long long)s->id, (long long)s->id);
	ms_buf_addf(o, "<h2>第 %lld 号票决：", (long long)s->id);
	web_esc(o, s->title);
	web_vote_gov_name(c, s->region, name);
	ms_buf_adds(o, "</h2>\n<p>");
	web_esc(o, name);
	ms_buf_addf(o, " %lld 年；候选项目 %lld 项，应选 %lld 项；代表 %lld 人；%s%s。</p>\n", (long long)s->year,
		    (long long)s->ncand, (long long)s->places, (long long)s->deputies,
		    strcmp(s->state, "open") ? "已结束" : "进行中", s->runoff_of ? "（另行投票）" : "");
	web_flash(o, "ok", ok);
	if (rf && rf->e)
		web_flash(o, "err", "未完成，请看标红的地方 (not done)");
	ms_buf_adds(o, "<ol class=\"cands\">");
	for (i = 0; i < s->ncand; i++) {
		ms_buf_adds(o, "<li>");
		web_esc(o, s->cand_title[i]);
		ms_buf_adds(o, "</li>");
	}
	ms_buf_adds(o, "</ol>\n");
	session_deputies(c, o, s, rf);
	session_tokens(c, o, s, rf);
	ms_buf_adds(o, "<h3>三、投票、计票与结果</h3>\n");
	if (!strcmp(s->state, "open")) {
		ms_buf_addf(o, "<p>代表在 <a href=\"/vote?session=%lld\">投票页面</a> 用票证投票；用表决器或纸质选票的，由两名工作人员"
			    "先后在 <a href=\"/vote/count?session=%lld\">计票录入</a> 录入。结束后才公布票数。</p>\n",
			    (long long)s->id, (long long)s->id);
		ms_buf_adds(o, "<form method=\"post\" action=\"/vote/desk/close\">");
		session_hidden(o, c, s);
		above(o, rf, "close", NULL);
		ms_buf_adds(o, "<button type=\"submit\">结束票决，公布计票结果</button></form>\n");
	} else {
		session_result(c, o, s, rf);
	}
	web_page_end(o);
	web_reply_html(c->r, status);
}

static const char *session_done(const char *done)
{
	return !done ? NULL : !strcmp(done, "open") ? "票决已开始：请导入代表名单、生成票证" :
	       !strcmp(done, "deputies") ? "代表名单已导入" : !strcmp(done, "close") ? "票决已结束，计票结果如下" : NULL;
}

void page_vote_session(struct web_ctx *c)
{
	struct vote_session s;

	if (!desk_session(c, &s))
		session_show(c, &s, NULL, session_done(web_arg(c, "done")), 200);
}

static void session_refused(struct web_ctx *c, const struct vote_session *s, const char *form, const struct ms_err *e)
{
	struct refusal rf = { e, form, 0 };
	struct vote_session now;

	if (c->api || !c->html) {
		web_fail_err(c, e);
		return;
	}
	/* shown as it is now (the refused write changed nothing) */
	if (vote_session_get(c->st, s->id, &now, NULL) == 1)
		s = &now;
	session_show(c, s, &rf, NULL, web_err_status(e));
}

static void session_redirect(struct web_ctx *c, const struct vote_session *s, const char *done)
{
	char to[96];

	snprintf(to, sizeof(to), "/vote/desk/session?session=%lld&done=%s", (long long)s->id, done);
	web_reply_redirect(c->r, to);
}

/* POST /vote/desk/deputies (multipart): the session's deputies from CSV or .xlsx. */
void desk_deputies(struct web_ctx *c)
{
	const struct web_file *f = c->rq->files.n ? &c->rq->files.v[0] : NULL;
	struct vote_session s;
	struct ms_err err;
	long n;

	if (desk_session(c, &s))
		return;
	if (!f || !f->len)
		ms_err_field(&err, MS_E_INVALID, "file", "请选择代表名单文件（CSV 或 Excel） (no file)");
	if (!f || !f->len || vote_deputies_import_data(c->st, s.id, *f->name ? f->name : "upload", f->data, f->len,
						       c->u.name, &n, &err))
		session_refused(c, &s, "deputies", &err);
	else
		session_redirect(c, &s, "deputies");
}

/* The slips as a page to print: one box per deputy with the token, from the CSV the service wrote. */
static void slips_page(struct web_ctx *c, const struct vote_session *s, const struct ms_buf *csv)
{
	struct ms_buf *o = &c->r->body;
	struct ms_csv_row row;
	struct ms_csv *r;
	struct ms_err err;
	FILE *f = fmemopen(csv->buf, csv->len, "rb");
	int first = 1;

	if (!f)
		abort();
	r = ms_csv_open(f, "slips", NULL);
	ms_buf_reset(o);
	web_page_begin(o, "票证", &c->who);
	ms_buf_adds(o, "<style>.slips{display:flex;flex-wrap:wrap;gap:.6em}.slip{border:1px dashed #555;padding:.6em .8em;"
		    "width:17em;max-width:100%;box-sizing:border-box;break-inside:avoid}.slip code{font-size:1.1em;"
		    "overflow-wrap:anywhere;display:block;margin:.3em 0}"
		    "@media print{header,nav,.noprint{display:none}.slip{page-break-inside:avoid}}</style>\n");
	ms_buf_addf(o, "<p class=\"noprint ok\" role=\"status\">已生成票证 %lld 张。<b>只显示这一次</b>：请现在打印（Ctrl+P），"
		    "剪开后逐一分发；离开本页后无法再显示。</p>\n<div class=\"slips\">\n", (long long)s->deputies);
	while (ms_csv_next(r, &row, &err) > 0) {
		if (first || row.n < 4) {
			first = 0;
			continue;
		}
		ms_buf_adds(o, "<div class=\"slip\"><b>");
		web_esc(o, s->title);
		ms_buf_addf(o, "</b><br>序号 %s　", row.field[0]);
		web_esc(o, row.field[1]);
		ms_buf_adds(o, "（");
		web_esc(o, row.field[2]);
		ms_buf_adds(o, "）<code>");
		web_esc(o, row.field[3]);
		ms_buf_addf(o, "</code><small>在“代表票决”页面（/vote?session=%lld）输入本票证投票，只能使用一次；选票不记姓名。</small>"
			    "</div>\n", (long long)s->id);
	}
	ms_buf_adds(o, "</div>\n");
	web_page_end(o);
	web_reply_html(c->r, 200);
	ms_csv_free(r);
	fclose(f);
}

/* POST /vote/desk/tokens: format print (a page) or csv (a download); once per session. */
void desk_tokens(struct web_ctx *c)
{
	const char *format = web_arg(c, "format");
	struct ms_buf out = MS_BUF_INIT;
	struct vote_session s;
	struct ms_err err;
	long n;

	if (desk_session(c, &s))
		return;
	if (vote_session_tokens(c->st, s.id, c->u.name, &out, &n, &err)) {
		session_refused(c, &s, "tokens", &err);
	} else if (format && !strcmp(format, "csv")) {
		ms_buf_reset(&c->r->body);
		ms_buf_add(&c->r->body, out.buf, out.len);
		c->r->status = 200;
		c->r->type = "text/csv; charset=utf-8";
		snprintf(c->r->disposition, sizeof(c->r->disposition), "attachment; filename=\"tokens-%lld.csv\"",
			 (long long)s.id);
	} else {
		slips_page(c, &s, &out);
	}
	explicit_bzero(out.buf, out.len);   /* the tokens live on paper only */
	ms_buf_release(&out);
}

/* POST /vote/desk/close */
void desk_close(struct web_ctx *c)
{
	struct vote_session s;
	struct ms_err err;

	if (desk_session(c, &s))
		return;
	if (vote_session_close(c->st, s.id, c->u.name, &err))
		session_refused(c, &s, "close", &err);
	else
		session_redirect(c, &s, "close");
}

/* The draft's items and its source (the vote record), with the form that accepts it. */
static void draft_page(struct web_ctx *c, const struct vote_session *s, const json_t *doc, const struct ms_buf *rec,
		       const struct ms_buf *report, int problems)
{
	const json_t *items = json_object_get(doc, "items"), *it;
	const char *id = json_string_value(json_object_get(doc, "id"));
	struct ms_buf *o = &c->r->body;
	size_t k;

	ms_buf_reset(o);
	web_page_begin(o, "计划草案", &c->who);
	ms_buf_addf(o, "<p class=\"steps\"><a href=\"/vote/desk/session?session=%lld\">票决管理</a> · <b>计划草案</b></p>\n",
		    (long long)s->id);
	ms_buf_adds(o, "<h2>计划草案 ");
	web_esc(o, id ? id : "");
	ms_buf_adds(o, "</h2>\n<div class=\"fit\"><table class=\"draft\"><tr><th>序号</th><th>实事</th><th>说明</th></tr>\n");
	json_array_foreach(items, k, it) {
		ms_buf_addf(o, "<tr><td class=\"num\">%zu</td><td>", k + 1);
		web_esc(o, plan_str(it, "title"));
		ms_buf_adds(o, "</td><td><small>");
		web_esc(o, plan_str(it, "note"));
		ms_buf_adds(o, "</small></td></tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n<h3>票决记录（草案的原文）</h3>\n<div class=\"source\">");
	web_esc(o, rec->buf);
	ms_buf_adds(o, "</div>\n");
	if (problems) {
		ms_buf_addf(o, "<p class=\"err\" role=\"alert\">草案有 %d 处未通过校验，不能存为计划：</p><div class=\"explain\">", problems);
		web_esc(o, report->buf);
		ms_buf_adds(o, "</div>\n");
	} else {
		ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/desk/adopt\">\n<p>草案校验通过。报送节点为暂定，"
			    "存为计划后可在台账中调整。</p>\n");
		session_hidden(o, c, s);
		web_hidden(o, "id", id ? id : "");
		ms_buf_adds(o, "<button type=\"submit\" name=\"accept\" value=\"1\">接受为新计划</button>\n</form>\n");
	}
	web_page_end(o);
	web_reply_html(c->r, 200);
}

/* POST /vote/desk/adopt: the draft plan of the elected (id optional); accept=1 stores it through plan_add. */
void desk_adopt(struct web_ctx *c)
{
	struct ms_buf rec = MS_BUF_INIT, report = MS_BUF_INIT, name = MS_BUF_INIT;
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	const char *id = web_arg(c, "id"), *accept = web_arg(c, "accept");
	struct vote_session s;
	struct ms_err err;
	struct plan p;
	void *doc = NULL;
	int loaded = 0, problems;

	if (desk_session(c, &s))
		goto out;
	ms_buf_addf(&name, "vote-%s-%lld.record.txt", s.region, (long long)s.year);
	if (vote_adopt(c->st, s.id, id && *id ? id : NULL, name.buf, &doc, &rec, &err) ||
	    plan_orgs_from_store(&orgs, c->st, &err)) {
		session_refused(c, &s, "adopt", &err);
		goto out;
	}
	json_incref(doc);
	plan_load_doc(&p, doc, name.buf, rec.buf, rec.len);
	loaded = 1;
	if (accept && !strcmp(accept, "1")) {
		if (plan_add(c->st, &p, orgs.n ? &orgs : NULL, c->u.name, &report, &err)) {
			session_refused(c, &s, "adopt", &err);
		} else {
			struct ms_buf to = MS_BUF_INIT;

			ms_buf_addf(&to, "/?plan=%s", plan_id(&p));
			web_reply_redirect(c->r, to.buf);
			ms_buf_release(&to);
		}
		goto out;
	}
	problems = plan_validate(&p, orgs.n ? &orgs : NULL, &report, 20);
	draft_page(c, &s, doc, &rec, &report, problems);
out:
	if (loaded)
		plan_release(&p);
	json_decref(doc);
	plan_orgs_release(&orgs);
	ms_buf_release(&rec);
	ms_buf_release(&report);
	ms_buf_release(&name);
}

/* ---------- 通知导入: the notice against the voted plan ---------- */

void web_vote_match_block(struct web_ctx *c, const json_t *plan, struct ms_buf *o)
{
	struct vote_match *m = malloc(sizeof(*m));
	struct ms_err err;
	size_t i;

	if (!m)
		abort();
	if (vote_notice_match(c->st, plan, m, &err) != 1)
		goto out;
	ms_buf_adds(o, "<div class=\"note\" id=\"vote-match\"><b>与人大票决的计划 ");
	web_esc(o, m->voted_plan);
	ms_buf_adds(o, " 对照</b><ul>\n");
	for (i = 0; i < m->n_notice; i++) {
		ms_buf_addf(o, "<li>通知第 %lld 件“", (long long)m->notice_no[i]);
		web_esc(o, m->notice_title[i]);
		if (m->notice_to[i] < 0) {
			ms_buf_adds(o, "”：<b>票决计划中没有（新增）</b></li>\n");
			continue;
		}
		ms_buf_addf(o, "” = 票决第 %lld 件“", (long long)m->voted_no[m->notice_to[i]]);
		web_esc(o, m->voted_title[m->notice_to[i]]);
		ms_buf_addf(o, "”（标题相似度 %d）</li>\n", m->likeness[i]);
	}
	for (i = 0; i < m->n_voted; i++)
		if (!m->voted_seen[i]) {
			ms_buf_addf(o, "<li>票决第 %lld 件“", (long long)m->voted_no[i]);
			web_esc(o, m->voted_title[i]);
			ms_buf_adds(o, "”：<b>通知中没有（缺失）</b></li>\n");
		}
	ms_buf_adds(o, "</ul></div>\n");
out:
	free(m);
}

json_t *web_vote_match_json(struct web_ctx *c, const json_t *plan)
{
	struct vote_match *m = malloc(sizeof(*m));
	struct ms_err err;
	json_t *j = NULL;

	if (!m)
		abort();
	if (vote_notice_match(c->st, plan, m, &err) == 1)
		j = vote_match_json(m);
	free(m);
	return j;
}
