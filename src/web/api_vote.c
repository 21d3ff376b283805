/*
 * api_vote.c - the vote over the web (docs/VOTE.md): 征集 (the public form
 * and POST /api/v1/proposals, no login, 60 a day per address), the 公示 of
 * candidates, the deputies' ballot with a token, the result once closed,
 * the four-eyes count entry for staff, and the 满意度测评 / 验单 form.
 */
#include "route.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/store.h"
#include "vote/vote.h"
#include "core/banned.h"

int web_vote_gov(struct web_ctx *c, struct web_gov *g)
{
	const char *r = web_arg(c, "region"), *lv = web_arg(c, "level"), *y = web_arg(c, "year");
	const char *s = web_arg(c, "session");
	struct ms_err err;

	memset(g, 0, sizeof(*g));
	if (store_vote_latest(c->st, g->region, g->level, &g->year, &g->session, &err) < 0) {
		web_fail_err(c, &err);
		return -1;
	}
	if (r) {
		snprintf(g->region, sizeof(g->region), "%s", r);
		g->session = 0;
	}
	if (lv)
		snprintf(g->level, sizeof(g->level), "%s", lv);
	if (y)
		g->year = strtoll(y, NULL, 10);
	if (s)
		g->session = strtoll(s, NULL, 10);
	return 0;
}

void web_vote_gov_name(struct web_ctx *c, const char *code, char out[128])
{
	struct store_org_row o;
	struct ms_err err;

	if (store_org_get(c->st, code, &o, &err) == 1)
		snprintf(out, 128, "%s", o.name);
	else
		snprintf(out, 128, "%s", code);
}

static int is_staff(const struct web_ctx *c)
{
	return c->u.role == ROLE_ADMIN;
}

/* ---------- 征集 ---------- */

struct prop_rows {
	struct ms_buf *o;
	const struct web_who *who;   /* an administrator: the moderation buttons; else NULL */
};

/* 公开 / 不采纳（理由） for a proposal awaiting review, on the staff's view of the page. */
static void moderate_form(struct ms_buf *o, const struct web_who *who, int64_t id)
{
	ms_buf_adds(o, "<form class=\"mod\" method=\"post\" action=\"/proposals/moderate\">");
	web_csrf_field(o, who);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
		    "<button name=\"status\" value=\"published\">公开</button> "
		    "<input name=\"reason\" placeholder=\"不采纳的理由\" size=\"10\"> "
		    "<button name=\"status\" value=\"declined\">不采纳</button></form>", (long long)id);
}

static int public_row(const struct vote_proposal *p, void *arg)
{
	struct prop_rows *pr = arg;
	struct ms_buf *o = pr->o;
	static const char *const st[][2] = {
		{ "pending", "待审" }, { "published", "已公开" }, { "merged", "已并入候选项目" }, { "declined", "不予采纳" },
	};
	size_t i;

	ms_buf_addf(o, "<tr><td class=\"num\">%lld</td><td>", (long long)p->id);
	web_esc(o, p->title);
	ms_buf_adds(o, "</td><td>");
	web_esc(o, p->field);
	ms_buf_adds(o, "</td><td>");
	for (i = 0; i < 4; i++)
		if (!strcmp(st[i][0], p->status))
			ms_buf_adds(o, st[i][1]);
	if (p->reason) {
		ms_buf_adds(o, "：");
		web_esc(o, p->reason);
	}
	if (p->name || p->phone) {
		ms_buf_adds(o, "<br><small>联系人：");
		web_esc(o, p->name ? p->name : "");
		ms_buf_adds(o, " ");
		web_esc(o, p->phone ? p->phone : "");
		ms_buf_adds(o, "</small>");
	}
	if (pr->who && !strcmp(p->status, "pending"))
		moderate_form(o, pr->who, p->id);
	ms_buf_adds(o, "</td></tr>\n");
	return 0;
}

static int place_option(const struct store_org *o, void *arg)
{
	void **a = arg;
	struct ms_buf *b = a[0];
	const struct web_gov *g = a[1];

	if (strcmp(o->code, g->region) && strcmp(o->parent ? o->parent : "", g->region))
		return 0;
	ms_buf_addf(b, "<option value=\"%s\"%s>", o->code, strcmp(o->code, g->region) ? "" : " selected");
	web_esc(b, o->name);
	ms_buf_adds(b, "</option>");
	return 0;
}

/* The 征集 page: the form (what was typed kept on a refusal, the message beside its field) and the list. */
static void proposals_page(struct web_ctx *c, const struct web_gov *g, const struct ms_err *e, const char *ok,
			   unsigned status)
{
	struct ms_buf *o = &c->r->body, rows = MS_BUF_INIT, places = MS_BUF_INIT;
	struct ms_err err;
	const char *field = web_arg(c, "field");
	void *a[2] = { &places, (void *)g };
	struct prop_rows pr = { &rows, is_staff(c) ? &c->who : NULL };
	char name[128];
	size_t i;

	store_org_each(c->st, NULL, place_option, a, &err);
	if (vote_proposal_each(c->st, g->region, g->year, is_staff(c), public_row, &pr, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_reset(o);
	web_page_begin(o, "民生实事征集", &c->who);
	ms_buf_addf(o, "<p class=\"steps\"><b>征集</b> · <a href=\"/candidates?region=%s&amp;year=%lld\">候选项目公示</a> · "
		    "<a href=\"/vote\">代表票决</a> · <a href=\"/survey\">满意度测评</a>", g->region, (long long)g->year);
	if (is_staff(c)) {
		ms_buf_addf(o, " · <a href=\"/vote/desk?region=%s&amp;year=%lld&amp;level=", g->region, (long long)g->year);
		web_esc(o, g->level);
		ms_buf_adds(o, "\">票决工作台</a>");
	}
	ms_buf_adds(o, "</p>\n");
	web_vote_gov_name(c, g->region, name);
	ms_buf_adds(o, "<h2>");
	web_esc(o, name);
	ms_buf_addf(o, " %lld 年民生实事项目征集</h2>\n", (long long)g->year);
	web_flash(o, "ok", ok);
	if (e)
		web_flash(o, "err", e->msg);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/proposals\">\n");
	web_hidden(o, "region", g->region);
	web_hidden(o, "level", g->level);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"year\" value=\"%lld\">\n", (long long)g->year);
	ms_buf_adds(o, "<label class=\"wide\">建议标题 <input name=\"title\" maxlength=\"60\" required");
	web_mark_bad(o, "title", e ? e->field : NULL);
	ms_buf_adds(o, " value=\"");
	web_esc(o, web_arg(c, "title") ? web_arg(c, "title") : "");
	ms_buf_adds(o, "\"></label>\n<label>领域 <select name=\"field\">");
	for (i = 0; vote_fields[i]; i++)
		ms_buf_addf(o, "<option%s>%s</option>", field && !strcmp(field, vote_fields[i]) ? " selected" : "",
			    vote_fields[i]);
	ms_buf_addf(o, "</select></label>\n<label>地点 <select name=\"place\">%s</select></label>\n", places.buf);
	ms_buf_adds(o, "<label class=\"wide\">建议内容 <textarea name=\"body\" rows=\"4\" maxlength=\"1300\">");
	web_esc(o, web_arg(c, "body") ? web_arg(c, "body") : "");
	ms_buf_adds(o, "</textarea></label>\n<label>姓名（选填）<input name=\"name\" maxlength=\"20\"></label>\n"
		    "<label>电话（选填）<input name=\"phone\" maxlength=\"20\" inputmode=\"tel\"");
	web_mark_bad(o, "phone", e ? e->field : NULL);
	ms_buf_adds(o, "></label>\n<p><small>姓名和电话只用于答复，仅工作人员可见，保留期满后删除。每个地址每天最多提交60条。"
		    "</small></p>\n<button type=\"submit\">提交建议</button>\n</form>\n");
	ms_buf_addf(o, "<h2>已收到的建议</h2>\n<div class=\"fit\"><table><tr><th>编号</th><th>建议</th><th>领域</th>"
		    "<th>状态</th></tr>\n%s</table></div>\n", rows.buf);
	web_page_end(o);
	web_reply_html(c->r, status);
out:
	ms_buf_release(&rows);
	ms_buf_release(&places);
}

void page_proposals(struct web_ctx *c)
{
	struct web_gov g;

	if (!web_vote_gov(c, &g))
		proposals_page(c, &g, NULL, web_arg(c, "sent") ? "建议已收到，审核后公开，谢谢！" : NULL, 200);
}

/* POST /proposals (the form) and /api/v1/proposals: anyone, 60 a day per address. */
void web_proposal_write(struct web_ctx *c)
{
	const char *y = web_arg(c, "year");
	struct vote_proposal p = {
		.region = web_arg(c, "region"), .level = web_arg(c, "level"), .year = y ? strtoll(y, NULL, 10) : 0,
		.title = web_arg(c, "title"), .body = web_arg(c, "body"), .field = web_arg(c, "field"),
		.place = web_arg(c, "place"), .name = web_arg(c, "name"), .phone = web_arg(c, "phone"),
		.source = "public",
	};
	struct ms_err err;
	struct web_gov g;
	int64_t id;

	if (!vote_proposal_add(c->st, &p, c->rq->addr ? c->rq->addr : "-", "public", &id, &err)) {
		if (c->api) {
			web_reply_json(c->r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "pending"));
		} else {
			char to[160];

			snprintf(to, sizeof(to), "/proposals?region=%s&year=%lld&sent=%lld", p.region, (long long)p.year,
				 (long long)id);
			web_reply_redirect(c->r, to);
		}
		return;
	}
	if (err.kind == MS_E_LIMIT)
		c->r->retry_after = 3600;
	if (c->api || web_vote_gov(c, &g)) {
		if (c->api)
			web_fail_err(c, &err);
		return;
	}
	proposals_page(c, &g, &err, NULL, web_err_status(&err));
}

/* POST /proposals/moderate: an administrator publishes or declines (with a reason) a proposal. */
void web_proposal_moderate(struct web_ctx *c)
{
	const char *id = web_arg(c, "id"), *status = web_arg(c, "status");
	struct ms_err err;
	struct web_gov g;

	if (vote_proposal_moderate(c->st, id ? strtoll(id, NULL, 10) : 0, status ? status : "", web_arg(c, "reason"),
				   c->u.name, &err)) {
		if (web_vote_gov(c, &g))
			return;
		proposals_page(c, &g, &err, NULL, web_err_status(&err));
		return;
	}
	web_reply_redirect(c->r, "/proposals");
}

static int json_proposal(const struct vote_proposal *p, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:I, s:s}", "id",
					     (json_int_t)p->id, "title", p->title, "body", p->body, "field", p->field,
					     "place", p->place, "status", p->status, "reason", p->reason, "name", p->name,
					     "phone", p->phone, "candidate", (json_int_t)p->candidate, "received_at",
					     p->received_at));
	return 0;
}

void api_proposals(struct web_ctx *c)
{
	json_t *arr = json_array();
	struct ms_err err;
	struct web_gov g;

	if (web_vote_gov(c, &g)) {
		json_decref(arr);
		return;
	}
	if (vote_proposal_each(c->st, g.region, g.year, is_staff(c), json_proposal, arr, &err)) {
		json_decref(arr);
		web_fail_err(c, &err);
		return;
	}
	web_reply_json(c->r, 200, arr);
}

/* ---------- 公示 ---------- */

static int cand_row(const struct vote_candidate *v, void *arg)
{
	struct ms_buf *o = arg, cost = MS_BUF_INIT;

	ms_money_format_display(&cost, v->cost);
	ms_buf_addf(o, "<tr><td>%lld. ", (long long)v->id);
	web_esc(o, v->title);
	ms_buf_adds(o, "<br><small>目标：");
	web_esc(o, v->targets);
	ms_buf_adds(o, "；牵头：");
	web_esc(o, v->lead);
	ms_buf_addf(o, "</small></td><td class=\"num\">%s</td><td class=\"num\">%lld</td></tr>\n", cost.buf,
		    (long long)v->asked);
	ms_buf_release(&cost);
	return 0;
}

void page_candidates(struct web_ctx *c)
{
	struct ms_buf *o = &c->r->body, rows = MS_BUF_INIT;
	struct ms_err err;
	char name[128];
	struct web_gov g;

	if (web_vote_gov(c, &g))
		return;
	if (vote_candidate_each(c->st, g.region, g.year, 1, cand_row, &rows, &err)) {
		web_fail_err(c, &err);
		ms_buf_release(&rows);
		return;
	}
	ms_buf_reset(o);
	web_page_begin(o, "候选项目公示", &c->who);
	ms_buf_addf(o, "<p class=\"steps\"><a href=\"/proposals?region=%s&amp;year=%lld\">征集</a> · <b>候选项目公示</b> · "
		    "<a href=\"/vote\">代表票决</a> · <a href=\"/survey\">满意度测评</a></p>\n", g.region, (long long)g.year);
	web_vote_gov_name(c, g.region, name);
	ms_buf_adds(o, "<h2>");
	web_esc(o, name);
	ms_buf_addf(o, " %lld 年民生实事候选项目（公示）</h2>\n", (long long)g.year);
	if (rows.len)
		ms_buf_addf(o, "<div class=\"fit\"><table><tr><th>候选项目、目标与牵头单位</th><th>估算资金</th>"
			    "<th>建议数</th></tr>\n%s</table></div>\n", rows.buf);
	else
		ms_buf_adds(o, "<p>尚未公示候选项目。</p>\n");
	web_page_end(o);
	web_reply_html(c->r, 200);
	ms_buf_release(&rows);
}

static int json_cand(const struct vote_candidate *v, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I}", "id",
					     (json_int_t)v->id, "title", v->title, "targets", v->targets, "lead", v->lead,
					     "units", v->units, "cost_fen", (json_int_t)v->cost, "cost_basis",
					     v->cost_basis, "feasibility", v->feasibility, "proposals", v->proposals,
					     "asked", (json_int_t)v->asked));
	return 0;
}

void api_candidates(struct web_ctx *c)
{
	json_t *arr = json_array();
	struct ms_err err;
	struct web_gov g;

	if (web_vote_gov(c, &g)) {
		json_decref(arr);
		return;
	}
	if (vote_candidate_each(c->st, g.region, g.year, 1, json_cand, arr, &err)) {
		json_decref(arr);
		web_fail_err(c, &err);
		return;
	}
	web_reply_json(c->r, 200, arr);
}

/* ---------- 票决: the ballot, the result, the count ---------- */

/* The session the page is about: ?session=, else the newest; 0 and s filled, -1 after replying. */
static int session_of(struct web_ctx *c, struct vote_session *s)
{
	struct ms_err err;
	struct web_gov g;
	int rc;

	if (web_vote_gov(c, &g))
		return -1;
	if (!g.session) {
		web_fail(c, 404, "还没有票决 (no vote session)");
		return -1;
	}
	rc = vote_session_get(c->st, g.session, s, &err);
	if (rc <= 0) {
		if (rc < 0)
			web_fail_err(c, &err);
		else
			web_fail(c, 404, "没有这次票决 (no such vote session)");
		return -1;
	}
	return 0;
}

static void steps(struct ms_buf *o, const struct vote_session *s, const char *here)
{
	ms_buf_addf(o, "<p class=\"steps\"><a href=\"/proposals?region=%s&amp;year=%lld\">征集</a> · "
		    "<a href=\"/candidates?region=%s&amp;year=%lld\">候选项目公示</a> · %s · "
		    "<a href=\"/vote/result?session=%lld\">票决结果</a> · <a href=\"/survey\">满意度测评</a></p>\n",
		    s->region, (long long)s->year, s->region, (long long)s->year,
		    !strcmp(here, "vote") ? "<b>代表票决</b>" : "<a href=\"/vote\">代表票决</a>", (long long)s->id);
}

static void ballot_page(struct web_ctx *c, const struct vote_session *s, const struct ms_err *e, const char *ok,
			unsigned status)
{
	struct ms_buf *o = &c->r->body;
	int i;

	ms_buf_reset(o);
	web_page_begin(o, "代表票决", &c->who);
	steps(o, s, "vote");
	ms_buf_adds(o, "<h2>");
	web_esc(o, s->title);
	ms_buf_addf(o, "</h2>\n<p>候选项目 %lld 项，应选 %lld 项。每张选票最多选 %lld 项，多选为无效票；"
		    "得票超过全体代表半数的，按得票多少依次当选。选票不记姓名，票证只能使用一次。</p>\n",
		    (long long)s->ncand, (long long)s->places, (long long)s->places);
	web_flash(o, "ok", ok);
	if (e)
		web_flash(o, "err", e->msg);
	if (strcmp(s->state, "open")) {
		ms_buf_addf(o, "<p>本次票决已结束，<a href=\"/vote/result?session=%lld\">查看结果</a>。</p>\n", (long long)s->id);
	} else {
		ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote\">\n");
		ms_buf_addf(o, "<input type=\"hidden\" name=\"session\" value=\"%lld\">\n", (long long)s->id);
		ms_buf_adds(o, "<label class=\"wide\">票证 <input name=\"token\" autocomplete=\"off\" required "
			    "placeholder=\"XXXX-XXXX-XXXX-XXXX-XXXX\"");
		web_mark_bad(o, "token", e ? e->field : NULL);
		ms_buf_adds(o, "></label>\n<fieldset><legend>赞成的候选项目</legend>\n");
		for (i = 0; i < s->ncand; i++) {
			ms_buf_addf(o, "<label class=\"wide\"><input type=\"checkbox\" name=\"c%d\" value=\"1\"> %d. ", i + 1,
				    i + 1);
			web_esc(o, s->cand_title[i]);
			ms_buf_adds(o, "</label>\n");
		}
		ms_buf_adds(o, "</fieldset>\n<button type=\"submit\">投票</button>\n</form>\n");
	}
	web_page_end(o);
	web_reply_html(c->r, status);
}

void page_vote(struct web_ctx *c)
{
	struct vote_session s;

	if (!session_of(c, &s))
		ballot_page(c, &s, NULL, web_arg(c, "cast") ? "选票已投出，谢谢！" : NULL, 200);
}

/* POST /vote (the form: c1, c2 … checked) and /api/v1/ballots (session, token, choices "1,3,7"). */
void web_ballot_write(struct web_ctx *c)
{
	struct ms_buf ch = MS_BUF_INIT;
	const char *choices = web_arg(c, "choices");
	struct vote_session s;
	struct ms_err err;
	int valid, i;

	if (session_of(c, &s))
		return;
	if (!choices) {
		for (i = 1; i <= s.ncand; i++) {
			char key[16];

			snprintf(key, sizeof(key), "c%d", i);
			if (web_arg(c, key))
				ms_buf_addf(&ch, "%s%d", ch.len ? "," : "", i);
		}
		choices = ch.buf;
	}
	if (vote_ballot_cast(c->st, s.id, web_arg(c, "token"), choices, &valid, &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			ballot_page(c, &s, &err, NULL, web_err_status(&err));
	} else if (c->api) {
		web_reply_json(c->r, 201, json_pack("{s:s, s:b}", "status", "cast", "valid", valid));
	} else {
		char to[64];

		snprintf(to, sizeof(to), "/vote?session=%lld&cast=1", (long long)s.id);
		web_reply_redirect(c->r, to);
	}
	ms_buf_release(&ch);
}

void page_vote_result(struct web_ctx *c)
{
	static const char *const word[] = { "未当选", "当选", "另行投票" };
	struct ms_buf *o = &c->r->body, sum = MS_BUF_INIT;
	struct vote_session s;
	struct vote_tally t;
	struct ms_err err;
	int k, i;

	if (session_of(c, &s))
		return;
	if (vote_session_tally(c->st, s.id, &s, &t, &err)) {
		web_fail_err(c, &err);
		return;
	}
	ms_buf_reset(o);
	web_page_begin(o, "票决结果", &c->who);
	steps(o, &s, "result");
	ms_buf_adds(o, "<h2>");
	web_esc(o, s.title);
	ms_buf_addf(o, "</h2>\n<p>全体代表 %d 人，收回选票 %lld 张，有效票 %lld 张，无效票 %lld 张；应选 %d 项，"
		    "得票须超过全体代表的半数（%d 票以上）。</p>\n", t.deputies, (long long)t.cast,
		    (long long)(t.cast - t.invalid), (long long)t.invalid, t.places, t.deputies / 2 + 1);
	ms_buf_adds(o, "<div class=\"fit\"><table><tr><th>序号</th><th>候选项目</th><th>得票</th><th>结果</th></tr>\n");
	for (k = 0; k < t.ncand; k++) {
		i = t.order[k];
		ms_buf_addf(o, "<tr><td class=\"num\">%d</td><td>", i + 1);
		web_esc(o, s.cand_title[i]);
		ms_buf_addf(o, "</td><td class=\"num\">%lld</td><td>%s</td></tr>\n", (long long)t.votes[i],
			    word[t.outcome[i]]);
	}
	vote_tally_summary(&sum, &t);
	ms_buf_adds(o, "</table></div>\n<p><b>");
	web_esc(o, sum.buf);
	ms_buf_adds(o, "</b></p>\n");
	web_page_end(o);
	web_reply_html(c->r, 200);
	ms_buf_release(&sum);
}

void api_vote_tally(struct web_ctx *c)
{
	struct vote_session s;
	struct vote_tally t;
	struct ms_err err;

	if (session_of(c, &s))
		return;
	if (vote_session_tally(c->st, s.id, &s, &t, &err))
		web_fail_err(c, &err);
	else
		web_reply_json(c->r, 200, vote_tally_json(&s, &t));
}

static void count_page(struct web_ctx *c, const struct vote_session *s, const struct ms_err *e, const char *ok,
		       unsigned status)
{
	struct ms_buf *o = &c->r->body;

	ms_buf_reset(o);
	web_page_begin(o, "计票录入", &c->who);
	steps(o, s, "count");
	ms_buf_adds(o, "<h2>表决器或纸质计票结果录入（两人核对）</h2>\n<p>第一人录入后，须由另一名工作人员录入相同的票数才算确认。"
		    "写法：cast=收回票数,invalid=无效票数,1=第1项票数,2=第2项票数 …</p>\n");
	web_flash(o, "ok", ok);
	if (e)
		web_flash(o, "err", e->msg);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/vote/count\">\n");
	web_csrf_field(o, &c->who);
	ms_buf_addf(o, "<input type=\"hidden\" name=\"session\" value=\"%lld\">\n", (long long)s->id);
	ms_buf_adds(o, "<label>计票方式 <select name=\"method\"><option value=\"device\">表决器</option>"
		    "<option value=\"paper\">纸质选票</option></select></label>\n<label class=\"wide\">票数 <input name=\"figures\" "
		    "required");
	web_mark_bad(o, "figures", e ? e->field : NULL);
	ms_buf_adds(o, "></label>\n<button type=\"submit\">录入</button>\n</form>\n");
	web_page_end(o);
	web_reply_html(c->r, status);
}

void page_vote_count(struct web_ctx *c)
{
	struct vote_session s;

	if (!session_of(c, &s))
		count_page(c, &s, NULL, NULL, 200);
}

/* POST /vote/count and /api/v1/vote-counts: staff; the second person must enter the same figures. */
void web_count_write(struct web_ctx *c)
{
	struct vote_session s;
	struct ms_err err;
	int state;

	if (session_of(c, &s))
		return;
	if (vote_count_enter(c->st, s.id, web_arg(c, "method"), web_arg(c, "figures"), c->u.name, &state, &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			count_page(c, &s, &err, NULL, web_err_status(&err));
	} else if (c->api) {
		web_reply_json(c->r, state == 1 ? 202 : 201, json_pack("{s:s}", "status", state == 1 ? "entered" : "confirmed"));
	} else {
		count_page(c, &s, NULL, state == 1 ? "已录入，待另一名工作人员核对录入" : "两次录入一致，计票结果已确认", 200);
	}
}

/* ---------- 满意度测评 and 验单 ---------- */

struct items_form {
	struct ms_buf *o;
};

static int item_radio(int64_t no, const char *title, const char *leads, const char *responsible, void *arg)
{
	static const char *const words[] = { "满意", "基本满意", "不满意" };
	struct ms_buf *o = arg;
	int k;

	ms_buf_addf(o, "<fieldset><legend>%lld. ", (long long)no);
	web_esc(o, title);
	ms_buf_adds(o, "</legend>");
	for (k = 0; k < 3; k++)
		ms_buf_addf(o, "<label><input type=\"radio\" name=\"i%lld\" value=\"%s\"> %s</label>", (long long)no,
			    words[k], words[k]);
	ms_buf_adds(o, "</fieldset>\n");
	return 0;
}

/* The plan the survey is about: ?plan=, else the newest plan. */
static int survey_plan(struct web_ctx *c, struct ms_buf *plan)
{
	struct ms_err err;
	const char *p = web_arg(c, "plan");
	int rc;

	if (p) {
		ms_buf_adds(plan, p);
		return 0;
	}
	rc = store_plan_latest(c->st, plan, &err);
	if (rc <= 0) {
		if (rc < 0)
			web_fail_err(c, &err);
		else
			web_fail(c, 404, "还没有计划 (no plan)");
		return -1;
	}
	return 0;
}

static void survey_page(struct web_ctx *c, const char *plan, const struct ms_err *e, const char *ok, unsigned status)
{
	struct ms_buf *o = &c->r->body, items = MS_BUF_INIT;
	struct ms_err err;

	if (store_item_each(c->st, plan, item_radio, &items, &err)) {
		web_fail_err(c, &err);
		ms_buf_release(&items);
		return;
	}
	ms_buf_reset(o);
	web_page_begin(o, "满意度测评", &c->who);
	ms_buf_adds(o, "<h2>民生实事满意度测评</h2>\n<p>请对每件实事作出评价。人大代表请填写验单票证（每张票证只能用一次）；"
		    "群众不必填写，每台设备每天可提交一份。</p>\n");
	web_flash(o, "ok", ok);
	if (e)
		web_flash(o, "err", e->msg);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/survey\">\n");
	web_hidden(o, "plan", plan);
	ms_buf_adds(o, "<label class=\"wide\">验单票证（人大代表填写） <input name=\"token\" autocomplete=\"off\"");
	web_mark_bad(o, "token", e ? e->field : NULL);
	ms_buf_addf(o, "></label>\n%s<button type=\"submit\">提交</button>\n</form>\n", items.buf);
	web_page_end(o);
	web_reply_html(c->r, status);
	ms_buf_release(&items);
}

void page_survey(struct web_ctx *c)
{
	struct ms_buf plan = MS_BUF_INIT;

	if (!survey_plan(c, &plan))
		survey_page(c, plan.buf, NULL, web_arg(c, "sent") ? "测评已提交，谢谢！" : NULL, 200);
	ms_buf_release(&plan);
}

/* POST /survey (radio i1, i2 …) and /api/v1/survey (plan, token, answers "1=满意,2=基本满意"). */
void web_survey_write(struct web_ctx *c)
{
	struct ms_buf plan = MS_BUF_INIT, ans = MS_BUF_INIT;
	const char *answers = web_arg(c, "answers");
	struct ms_err err;
	long n;
	int i;

	if (survey_plan(c, &plan))
		goto out;
	if (!answers) {
		for (i = 1; i <= 99; i++) {
			char key[16];

			snprintf(key, sizeof(key), "i%d", i);
			if (web_arg(c, key))
				ms_buf_addf(&ans, "%s%d=%s", ans.len ? "," : "", i, web_arg(c, key));
		}
		answers = ans.buf;
	}
	if (vote_rating_submit(c->st, plan.buf, web_arg(c, "token"), c->rq->addr ? c->rq->addr : "-", answers, &n,
			       &err)) {
		if (err.kind == MS_E_LIMIT)
			c->r->retry_after = 3600;
		if (c->api)
			web_fail_err(c, &err);
		else
			survey_page(c, plan.buf, &err, NULL, web_err_status(&err));
	} else if (c->api) {
		web_reply_json(c->r, 201, json_pack("{s:I}", "rated", (json_int_t)n));
	} else {
		char to[160];

		snprintf(to, sizeof(to), "/survey?plan=%s&sent=1", plan.buf);
		web_reply_redirect(c->r, to);
	}
out:
	ms_buf_release(&plan);
	ms_buf_release(&ans);
}
