/*
 * follow.c - 催报 and 督办 over the web (follow/follow.h): the office's
 * 催报 page (the list, its xlsx, the send button) and its API; the 督办
 * list with the issue form, one notice with the answer form, the API; the
 * 督办 block of the item page for staff. The office (an administrator)
 * reminds and issues; the unit addressed answers (auth_may_answer_duban).
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "follow/follow.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "core/banned.h"

static int office(struct web_ctx *c)
{
	struct ms_err err;

	if (auth_may_follow(&c->u, &err) == 1)
		return 1;
	web_fail(c, 403, err.msg);
	return 0;
}

/* ---------- 催报 ---------- */

static void remind_table(struct ms_buf *o, const struct remind_list *rl)
{
	size_t i, k;

	ms_buf_adds(o, "<div class=\"wrap\"><table><tr><th>单位</th><th>未报送指标</th><th>联系人</th>"
		    "<th>电子邮件</th><th>推送</th><th>今日已催</th></tr>\n");
	for (i = 0; i < rl->nunit; i++) {
		const struct remind_unit *u = &rl->unit[i];

		ms_buf_adds(o, "<tr><td>");
		web_esc(o, u->name);
		ms_buf_adds(o, "</td><td>");
		for (k = 0; k < u->nind; k++) {
			ms_buf_adds(o, k ? "<br>" : "");
			web_esc(o, u->ind[k].name);
			ms_buf_addf(o, "（%s）", !u->ind[k].status[0] ? "未报送" :
				    !strcmp(u->ind[k].status, "draft") ? "草稿未提交" : "已退回待重报");
		}
		ms_buf_adds(o, "</td><td>");
		web_esc(o, u->contact[0] ? u->contact : "—");
		ms_buf_adds(o, "</td><td class=\"key\">");
		web_esc(o, u->email[0] ? u->email : "—");
		ms_buf_addf(o, "</td><td>%s</td><td>%s%s</td></tr>\n", u->webhook[0] ? "有" : "—",
			    u->sent_email ? "邮件 " : "", u->sent_webhook ? "推送" : "");
	}
	ms_buf_adds(o, "</table></div>\n");
}

static void remind_page(struct web_ctx *c, const struct remind_list *rl, const char *flash, const char *cls)
{
	struct ms_buf *o = &c->r->body;

	ms_buf_reset(o);
	web_page_begin(o, "催报", &c->who);
	web_flash(o, cls, flash);
	ms_buf_addf(o, "<h2>报送节点 %s（", rl->round);
	web_esc(o, rl->label);
	ms_buf_adds(o, "）</h2>\n<p>");
	if (rl->days_left >= 0)
		ms_buf_addf(o, "距截止还有 %d 天。", rl->days_left);
	else
		ms_buf_addf(o, "已过截止 %d 天。", -rl->days_left);
	ms_buf_addf(o, "%zu 个单位、%zu 项指标尚未报送（无报告、草稿未提交或被退回）。</p>\n", rl->nunit, rl->nmissing);
	ms_buf_adds(o, "<form class=\"pick\" method=\"get\" action=\"/remind\"><label>报送节点 <input name=\"round\" "
		    "type=\"date\" value=\"");
	web_esc(o, rl->round);
	ms_buf_adds(o, "\"></label><button type=\"submit\">查看</button></form>\n");
	if (rl->nunit) {
		remind_table(o, rl);
		ms_buf_addf(o, "<p><a href=\"/remind.xlsx?round=%s\">导出 Excel（.xlsx）</a></p>\n", rl->round);
		ms_buf_adds(o, "<form method=\"post\" action=\"/remind\">");
		web_csrf_field(o, &c->who);
		web_hidden(o, "round", rl->round);
		ms_buf_adds(o, "<button type=\"submit\">发送催报（邮件和推送，每个单位每天一次）</button></form>\n");
	}
	ms_buf_adds(o, "<p class=\"legend\">邮件服务器、发件地址和各单位的电子邮件、推送地址、联系人用命令行登记（remind smtp、remind channel）。</p>\n");
	web_page_end(o);
	web_reply_html(c->r, 200);
}

/* The list of ?round= (or the next round); -1 after replying. */
static int remind_of(struct web_ctx *c, struct ledger *l, struct remind_list *rl)
{
	const char *round = web_arg(c, "round");
	struct ms_err err;

	if (web_open_ledger(c, l))
		return -1;
	if (remind_list(l, round && *round ? round : NULL, -1, rl, &err)) {
		web_fail_err(c, &err);
		ledger_close(l);
		return -1;
	}
	return 0;
}

void page_remind(struct web_ctx *c)
{
	struct remind_list rl;
	struct ledger l;

	if (!office(c) || remind_of(c, &l, &rl))
		return;
	remind_page(c, &rl, NULL, NULL);
	remind_list_free(&rl);
	ledger_close(&l);
}

void page_remind_xlsx(struct web_ctx *c)
{
	struct remind_list rl;
	struct ledger l;
	struct ms_err err;

	if (!office(c) || remind_of(c, &l, &rl))
		return;
	ms_buf_reset(&c->r->body);
	if (remind_xlsx(&rl, NULL, &c->r->body, &err)) {
		web_fail_err(c, &err);
	} else {
		c->r->status = 200;
		c->r->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		snprintf(c->r->disposition, sizeof(c->r->disposition), "attachment; filename=\"remind-%s.xlsx\"",
			 rl.round);
	}
	remind_list_free(&rl);
	ledger_close(&l);
}

void web_remind_send(struct web_ctx *c)
{
	struct remind_list rl;
	struct remind_result res;
	struct ms_buf log = MS_BUF_INIT, msg = MS_BUF_INIT;
	struct ledger l;
	struct ms_err err;

	if (!office(c) || remind_of(c, &l, &rl))
		return;
	if (remind_send(&l, &rl, &res, &log, &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			remind_page(c, &rl, err.msg, "err");
	} else if (c->api) {
		json_t *j = remind_json(&rl);

		json_object_set_new(j, "result", json_pack("{s:i, s:i, s:i}", "sent", res.sent, "skipped", res.skipped,
							  "failed", res.failed));
		web_reply_json(c->r, 200, j);
	} else {
		ms_buf_addf(&msg, "已发送 %d 条，今天已发过 %d 条，失败 %d 条。", res.sent, res.skipped, res.failed);
		remind_page(c, &rl, msg.buf, res.failed ? "err" : "ok");
	}
	ms_buf_release(&log);
	ms_buf_release(&msg);
	remind_list_free(&rl);
	ledger_close(&l);
}

void api_remind(struct web_ctx *c)
{
	struct remind_list rl;
	struct ledger l;

	if (!office(c) || remind_of(c, &l, &rl))
		return;
	web_reply_json(c->r, 200, remind_json(&rl));
	remind_list_free(&rl);
	ledger_close(&l);
}

/* ---------- 督办 ---------- */

/* The indicators a 督办单 may be issued for: red, or with late or missing reports. */
static void issue_options(struct web_ctx *c, struct ledger *l, struct ms_buf *o, const char *chosen)
{
	struct progress_opts po = { .as_of = ms_date_of_time_cn(ms_clock_now()) };
	struct progress p;
	struct ms_err err;
	size_t i;

	(void)c;
	if (progress_compute(l, &po, &p, &err))
		return;
	for (i = 0; i < p.nind; i++) {
		const struct prog_ind *pi = &p.ind[i];

		if (pi->colour != PC_RED && !pi->reports.late && !pi->reports.missing)
			continue;
		ms_buf_adds(o, "<option value=\"");
		web_esc(o, pi->ind->id);
		ms_buf_addf(o, "\"%s>", chosen && !strcmp(chosen, pi->ind->id) ? " selected" : "");
		web_esc(o, pi->ind->name);
		ms_buf_addf(o, "（%s，迟报%d、未报%d）</option>", prog_colour_cn(pi->colour), pi->reports.late,
			    pi->reports.missing);
	}
	progress_free(&p);
}

static void issue_form(struct web_ctx *c, struct ledger *l, struct ms_buf *o, const struct ms_err *e)
{
	static const char *const names[] = { "org", "what", "why", "answer_by" };
	static const char *const labels[] = { "督办单位（默认牵头单位，可填地区代码）", "督办事项", "补充理由（进度数字自动引用）",
					      "答复期限" };
	const char *field = e ? e->field : "";
	size_t i;

	ms_buf_adds(o, "<h2>签发督办单</h2>\n");
	web_flash(o, "err", e ? e->msg : NULL);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/duban\">");
	web_csrf_field(o, &c->who);
	ms_buf_adds(o, "<label class=\"wide\">指标（亮红灯或有迟报、未报送） <select name=\"indicator\"");
	web_mark_bad(o, "indicator", field);
	ms_buf_adds(o, ">");
	issue_options(c, l, o, web_arg(c, "indicator"));
	ms_buf_adds(o, "</select></label>\n");
	for (i = 0; i < 4; i++) {
		const char *v = e ? web_arg(c, names[i]) : NULL;

		ms_buf_addf(o, "<label class=\"wide\">%s", labels[i]);
		if (i == 1 || i == 2) {
			ms_buf_addf(o, "<textarea name=\"%s\"", names[i]);
			web_mark_bad(o, names[i], field);
			ms_buf_addf(o, "%s>", i == 1 ? " required" : "");
			web_esc(o, v);
			ms_buf_adds(o, "</textarea>");
		} else {
			ms_buf_addf(o, " <input name=\"%s\"%s", names[i], i == 3 ? " type=\"date\" required" : "");
			web_mark_bad(o, names[i], field);
			ms_buf_adds(o, " value=\"");
			web_esc(o, v);
			ms_buf_adds(o, "\">");
		}
		ms_buf_adds(o, "</label>\n");
	}
	ms_buf_adds(o, "<button type=\"submit\">签发</button></form>\n");
}

static void duban_rows(struct ms_buf *o, const struct duban_list *dl)
{
	size_t i;

	ms_buf_adds(o, "<div class=\"wrap\"><table><tr><th>编号</th><th>状态</th><th>指标</th><th>督办单位</th>"
		    "<th>答复期限</th><th>督办事项</th></tr>\n");
	for (i = 0; i < dl->n; i++) {
		const struct duban *d = &dl->d[i];

		ms_buf_addf(o, "<tr><td><a href=\"/duban/%lld\">%lld</a></td><td class=\"%s\">%s</td><td>",
			    (long long)d->id, (long long)d->id, d->overdue ? "red" : d->answer ? "done" : "",
			    duban_state_cn(d));
		web_esc(o, d->ind_name);
		ms_buf_adds(o, "</td><td>");
		web_esc(o, d->org_name);
		ms_buf_addf(o, "</td><td class=\"when\">%s</td><td class=\"narr\">", d->answer_by);
		web_esc(o, d->what);
		ms_buf_adds(o, "</td></tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n");
}

/* The 督办 page: the list (the office: all; a unit: its own) and, for the office, the issue form. */
static void duban_page(struct web_ctx *c, const struct ms_err *e, unsigned status)
{
	struct ms_buf *o = &c->r->body;
	struct duban_list dl;
	struct ledger l;
	struct ms_err err;
	int admin = c->u.role == ROLE_ADMIN;

	if (!admin && (c->u.role == ROLE_VIEWER || !c->u.org[0])) {
		web_fail(c, 403, "督办单只给管理员和被督办单位看 (only the office and the units addressed see notices)");
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	if (duban_list(&l, admin ? NULL : c->u.org, NULL, &dl, &err)) {
		web_fail_err(c, &err);
		ledger_close(&l);
		return;
	}
	ms_buf_reset(o);
	web_page_begin(o, "督办", &c->who);
	ms_buf_addf(o, "<h2>督办单</h2>\n<p>共 %zu 件", dl.n);
	if (dl.overdue)
		ms_buf_addf(o, "，其中 <b class=\"red\">%d 件逾期未答复</b>（列在最前，并写入通报“明显问题”）", dl.overdue);
	ms_buf_adds(o, "。</p>\n");
	if (dl.n)
		duban_rows(o, &dl);
	if (admin)
		issue_form(c, &l, o, e);
	web_page_end(o);
	web_reply_html(c->r, status);
	duban_list_free(&dl);
	ledger_close(&l);
}

void page_duban(struct web_ctx *c)
{
	duban_page(c, NULL, 200);
}

/* POST /duban (a form) and POST /api/v1/duban: issue. */
void web_duban_issue(struct web_ctx *c)
{
	struct duban_in in = { .indicator = web_arg(c, "indicator"), .org = web_arg(c, "org"),
			       .what = web_arg(c, "what"), .why = web_arg(c, "why"),
			       .answer_by = web_arg(c, "answer_by") };
	struct ledger l;
	struct ms_err err;
	char to[64];
	int64_t id;

	if (!office(c) || web_open_ledger(c, &l))
		return;
	if (duban_issue(&l, &in, &id, &err)) {
		ledger_close(&l);
		if (c->api)
			web_fail_err(c, &err);
		else
			duban_page(c, &err, web_err_status(&err));
		return;
	}
	if (c->api) {
		struct duban d;

		if (duban_get(&l, id, &d, &err) == 0) {
			web_reply_json(c->r, 201, duban_json(&d));
			duban_clear(&d);
		} else {
			web_fail_err(c, &err);
		}
	} else {
		snprintf(to, sizeof(to), "/duban/%lld", (long long)id);
		web_reply_redirect(c->r, to);
	}
	ledger_close(&l);
}

/* The notice's id at the start of c->rest ("12", "12/answer"); 0 when none. */
static int64_t rest_id(const struct web_ctx *c, const char *tail)
{
	char *end;
	long long v = strtoll(c->rest, &end, 10);

	if (end == c->rest || v <= 0 || strcmp(end, tail))
		return 0;
	return v;
}

static void duban_one_page(struct web_ctx *c, struct ledger *l, const struct duban *d, const struct ms_err *e,
			   unsigned status)
{
	struct ms_buf *o = &c->r->body, text = MS_BUF_INIT;
	struct ms_err err;

	ms_buf_reset(o);
	web_page_begin(o, "督办单", &c->who);
	duban_render_one(d, &text);
	ms_buf_addf(o, "<h2>督办单 %lld <span class=\"%s\">%s</span></h2>\n<div class=\"explain\">", (long long)d->id,
		    d->overdue ? "red" : "", duban_state_cn(d));
	web_esc(o, text.buf);
	ms_buf_adds(o, "</div>\n");
	if (d->evidence[0])   /* the file the answer cites (web/evidence.c serves it) */
		ms_buf_addf(o, "<p>佐证材料：<a href=\"/api/v1/evidence/%s\">第 %s 号（下载）</a></p>\n", d->evidence,
			    d->evidence);
	if (!d->answer && auth_may_answer_duban(&c->u, d->org, &err) == 1) {
		web_flash(o, "err", e ? e->msg : NULL);
		ms_buf_addf(o, "<form class=\"entry\" method=\"post\" action=\"/duban/%lld\">", (long long)d->id);
		web_csrf_field(o, &c->who);
		ms_buf_adds(o, "<label class=\"wide\">整改措施<textarea name=\"answer\" required");
		web_mark_bad(o, "answer", e ? e->field : "");
		ms_buf_adds(o, ">");
		web_esc(o, e ? web_arg(c, "answer") : NULL);
		ms_buf_adds(o, "</textarea></label>\n<label class=\"wide\">佐证材料编号（可选，先在佐证材料页面上传） <input name=\"evidence\" inputmode=\"numeric\"");
		web_mark_bad(o, "evidence", e ? e->field : "");
		ms_buf_adds(o, " value=\"");
		web_esc(o, e ? web_arg(c, "evidence") : NULL);
		ms_buf_adds(o, "\"></label>\n<button type=\"submit\">答复</button></form>\n");
	}
	ms_buf_adds(o, "<p><a href=\"/duban\">返回督办单列表</a></p>\n");
	web_page_end(o);
	web_reply_html(c->r, status);
	ms_buf_release(&text);
	(void)l;
}

/* Opens the ledger and reads the notice of c->rest; 0, or -1 after replying (404 for one the user may not see). */
static int duban_of(struct web_ctx *c, const char *tail, struct ledger *l, struct duban *d)
{
	int64_t id = rest_id(c, tail);
	struct ms_err err;

	if (!id) {
		web_fail(c, 404, "没有这个督办单 (no such notice)");
		return -1;
	}
	if (web_open_ledger(c, l))
		return -1;
	if (duban_get(l, id, d, &err)) {
		web_fail_err(c, &err);
		ledger_close(l);
		return -1;
	}
	if (!auth_may_see_duban(&c->u, d->org)) {
		duban_clear(d);
		ledger_close(l);
		web_fail(c, 404, "没有这个督办单 (no such notice)");
		return -1;
	}
	return 0;
}

void page_duban_one(struct web_ctx *c)
{
	struct ledger l;
	struct duban d;

	if (duban_of(c, "", &l, &d))
		return;
	duban_one_page(c, &l, &d, NULL, 200);
	duban_clear(&d);
	ledger_close(&l);
}

/* POST /duban/ID (a form) and POST /api/v1/duban/ID/answer. */
void web_duban_answer(struct web_ctx *c)
{
	struct ledger l;
	struct duban d;
	struct ms_err err;
	char to[64];

	if (duban_of(c, c->api ? "/answer" : "", &l, &d))
		return;
	if (auth_may_answer_duban(&c->u, d.org, &err) != 1) {
		web_fail(c, 403, err.msg);
	} else if (duban_answer(&l, d.id, web_arg(c, "answer"), web_arg(c, "evidence"), &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			duban_one_page(c, &l, &d, &err, web_err_status(&err));
	} else if (c->api) {
		duban_clear(&d);
		if (duban_get(&l, rest_id(c, "/answer"), &d, &err) == 0)
			web_reply_json(c->r, 200, duban_json(&d));
		else
			web_fail_err(c, &err);
	} else {
		snprintf(to, sizeof(to), "/duban/%lld", (long long)d.id);
		web_reply_redirect(c->r, to);
	}
	duban_clear(&d);
	ledger_close(&l);
}

/* GET /api/v1/duban[?org=&indicator=] and GET /api/v1/duban/ID. */
void api_duban(struct web_ctx *c)
{
	struct duban_list dl;
	struct ledger l;
	struct ms_err err;
	const char *org;
	json_t *arr;
	size_t i;

	if (*c->rest) {
		struct duban d;

		if (duban_of(c, "", &l, &d) == 0) {
			web_reply_json(c->r, 200, duban_json(&d));
			duban_clear(&d);
			ledger_close(&l);
		}
		return;
	}
	if (c->u.role != ROLE_ADMIN && (c->u.role == ROLE_VIEWER || !c->u.org[0])) {
		web_fail(c, 403, "督办单只给管理员和被督办单位看 (only the office and the units addressed see notices)");
		return;
	}
	org = c->u.role == ROLE_ADMIN ? web_arg(c, "org") : c->u.org;
	if (web_open_ledger(c, &l))
		return;
	if (duban_list(&l, org && *org ? org : NULL, web_arg(c, "indicator"), &dl, &err)) {
		web_fail_err(c, &err);
	} else {
		arr = json_array();
		for (i = 0; i < dl.n; i++)
			json_array_append_new(arr, duban_json(&dl.d[i]));
		web_reply_json(c->r, 200, json_pack("{s:i, s:o}", "overdue", dl.overdue, "items", arr));
		duban_list_free(&dl);
	}
	ledger_close(&l);
}

void web_item_duban(struct web_ctx *c, struct ms_buf *o, int64_t item_no)
{
	struct duban_list dl;
	struct ledger l;
	struct ms_err err;
	size_t i, k, n = 0;
	int admin = c->u.role == ROLE_ADMIN;

	if (c->u.role == ROLE_NONE || c->u.role == ROLE_VIEWER)
		return;
	if (ledger_open(&l, c->st, NULL, c->u.name, &err))
		return;
	if (duban_list(&l, admin ? NULL : c->u.org, NULL, &dl, &err) == 0) {
		for (i = k = 0; i < dl.n; i++) {
			const struct ledger_ind *d = ledger_ind_find(&l, dl.d[i].indicator);

			if (d && d->item_no == item_no) {
				if (i != k) {
					struct duban t = dl.d[k];

					dl.d[k] = dl.d[i];
					dl.d[i] = t;
				}
				k++;
			}
		}
		n = k;
		ms_buf_adds(o, "<h2>督办</h2>\n");
		if (n) {
			struct duban_list only = { dl.d, n, 0 };

			duban_rows(o, &only);
		} else {
			ms_buf_adds(o, "<p>本件实事没有督办单。</p>\n");
		}
		if (admin)
			ms_buf_adds(o, "<p><a href=\"/duban\">签发督办单</a></p>\n");
		duban_list_free(&dl);
	}
	ledger_close(&l);
}
