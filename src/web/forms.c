/*
 * forms.c - the pages that write: 登录, 报送, 审核 (with the rounds an
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

/* ---------- 报送 ---------- */

struct cur {
	int found;
	char status[16];
	int has_value, has_ratio;
	int64_t value, numerator, denominator;
	struct ms_buf narrative, reason, note;
};

static int take_report(const struct store_report *r, void *arg)
{
	struct cur *c = arg;

	c->found = 1;
	snprintf(c->status, sizeof(c->status), "%s", r->status);
	c->has_value = r->has_value;
	c->has_ratio = r->has_ratio;
	c->value = r->value;
	c->numerator = r->numerator;
	c->denominator = r->denominator;
	ms_buf_reset(&c->narrative);
	ms_buf_adds(&c->narrative, r->narrative ? r->narrative : "");
	ms_buf_reset(&c->reason);
	ms_buf_adds(&c->reason, r->reason ? r->reason : "");
	ms_buf_reset(&c->note);
	ms_buf_adds(&c->note, r->review_note ? r->review_note : "");
	return 0;
}

static const char *status_cn(const char *s)
{
	return !strcmp(s, "draft") ? "草稿" : !strcmp(s, "submitted") ? "已报送，待审核" :
	       !strcmp(s, "approved") ? "审核通过" : !strcmp(s, "returned") ? "已退回" : s;
}

/* 1 when nothing of round rd may change (closed by the calendar or locked), 0 open, -1. */
static int round_locked(struct ledger *l, const struct ledger_round *rd, struct ms_err *err)
{
	struct ledger_round_state s;

	return ledger_round_state(l, rd, &s, err) ? -1 : s.locked;
}

/* The round a page shows: asked for, else the first open one not yet past, else the last open one. */
static const struct ledger_round *page_round(struct ledger *l, const char *want, struct ms_err *err)
{
	const struct ledger_round *pick = NULL;
	ms_day today = ms_date_of_time_cn(ms_clock_now());
	size_t k;

	if (want && *want)
		return ledger_round_find(l, want, err);
	for (k = 0; k < l->nround; k++) {
		int locked = round_locked(l, &l->round[k], err);

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

static void round_links(struct ms_buf *o, struct ledger *l, const char *page, const char *cur,
			const char *extra)
{
	size_t k;

	ms_buf_adds(o, "<p>报送节点：");
	for (k = 0; k < l->nround; k++) {
		int locked = round_locked(l, &l->round[k], NULL) == 1;

		if (!strcmp(l->round[k].due, cur))
			ms_buf_addf(o, "<b>%s %s%s</b>　", l->round[k].due, l->round[k].label, locked ? "（已锁定）" : "");
		else {
			ms_buf_addf(o, "<a href=\"/%s?round=%s%s", page, l->round[k].due, extra);
			ms_buf_addf(o, "\">%s %s%s</a>　", l->round[k].due, l->round[k].label, locked ? "（已锁定）" : "");
		}
	}
	ms_buf_adds(o, "</p>\n");
}

static int org_has_target(struct ledger *l, const struct ledger_ind *d, const char *org)
{
	int64_t t;

	if (!d->has_target)
		return 1;   /* qualitative: every region writes its progress */
	return store_assign_get(l->st, l->plan, d->id, org, &t, NULL) == 1;
}

/* The refused form of one indicator: what was posted, the message and the field it names. */
struct refused {
	const struct web_fields *posted;
	const char *error;
	const char *field;             /* "" or NULL: the message is about the whole form */
};

/* The posted value of name when the form was refused, else NULL. */
static const char *posted(const struct refused *rf, const char *name)
{
	return rf ? web_field(rf->posted, name) : NULL;
}

/* Is field one of the inputs of d's form (so its message goes beside it)? */
static int form_has(const struct ledger_ind *d, const char *field)
{
	if (!field || !*field)
		return 0;
	if (!strcmp(field, "narrative"))
		return 1;
	if (!d->has_target)
		return 0;
	if (!strcmp(field, "reason"))
		return 1;
	if (d->kind == PLAN_KIND_RATE)
		return !strcmp(field, "numerator") || !strcmp(field, "denominator");
	return !strcmp(field, "value");
}

/* The message beside a refused form's field name, when it is the one at fault. */
static void field_error(struct ms_buf *o, const struct refused *rf, const char *name)
{
	if (!rf || !rf->error || !rf->field || strcmp(rf->field, name))
		return;
	ms_buf_adds(o, "<span class=\"ferr\" role=\"alert\">");
	web_esc(o, rf->error);
	ms_buf_adds(o, "</span>");
}

/* <input name=NAME …> marked when at fault, then ' value="' */
static void input_open(struct ms_buf *o, const char *name, const char *attrs, const struct refused *rf)
{
	ms_buf_addf(o, "<input name=\"%s\"%s", name, attrs);
	web_mark_bad(o, name, rf ? rf->field : NULL);
	ms_buf_adds(o, " value=\"");
}

static void ratio_fields(struct ms_buf *o, const struct cur *c, const struct refused *rf)
{
	const char *pv;

	ms_buf_adds(o, "<label>分子 ");
	input_open(o, "numerator", " inputmode=\"numeric\" size=\"10\"", rf);
	if ((pv = posted(rf, "numerator")))
		web_esc(o, pv);
	else if (c->has_ratio)
		ms_buf_addf(o, "%lld", (long long)c->numerator);
	ms_buf_adds(o, "\">");
	field_error(o, rf, "numerator");
	ms_buf_adds(o, "</label><label>分母 ");
	input_open(o, "denominator", " inputmode=\"numeric\" size=\"10\"", rf);
	if ((pv = posted(rf, "denominator")))
		web_esc(o, pv);
	else if (c->has_ratio)
		ms_buf_addf(o, "%lld", (long long)c->denominator);
	ms_buf_adds(o, "\">");
	field_error(o, rf, "denominator");
	ms_buf_adds(o, "</label>");
}

/* The latest value reported for a round before `before` (submitted or approved). */
struct prev {
	const char *before;
	int found;
	char round[16];
	int64_t value;
};

static int take_prev(const struct store_report *r, void *arg)
{
	struct prev *p = arg;

	if (strcmp(r->round, p->before) < 0 && r->has_value &&
	    (!strcmp(r->status, "submitted") || !strcmp(r->status, "approved")) &&
	    (!p->found || strcmp(r->round, p->round) > 0)) {
		p->found = 1;
		p->value = r->value;
		snprintf(p->round, sizeof(p->round), "%s", r->round);
	}
	return 0;
}

/*
 * Under the box: the previous round's value, and when a value needs an
 * explanation (below it, above 3× the target) — what the ledger asks for
 * in 进展情况 when it refuses one.
 */
static void value_hint(struct ms_buf *o, struct ledger *l, const struct ledger_ind *d, const char *org,
		       const char *due, int has_target, int64_t target)
{
	struct prev p = { due, 0, "", 0 };

	if (store_report_each(l->st, l->plan, d->id, org, take_prev, &p, NULL) < 0)
		p.found = 0;
	ms_buf_adds(o, "<small class=\"legend hint\">");
	if (p.found) {
		ms_buf_addf(o, "上一轮（%s）：", p.round);
		prog_value_text(o, d->unit, p.value);
	} else {
		ms_buf_adds(o, "上一轮：未报数");
	}
	if (d->agg == LEDGER_AGG_SUM) {
		ms_buf_adds(o, "。累计数低于上一轮");
		if (has_target && target > 0) {
			ms_buf_adds(o, "或超过分解目标3倍（");
			prog_value_text(o, d->unit, target > INT64_MAX / 3 ? INT64_MAX : target * 3);
			ms_buf_adds(o, "）");
		}
		ms_buf_adds(o, "时，须在“进展情况”中说明");
	}
	ms_buf_adds(o, "</small>");
}

/*
 * The value box: a plain number in the unit the target is shown in (box),
 * the unit a fixed label beside it and a hidden field that tells the
 * server what a bare number is in.
 */
static void value_field(struct ms_buf *o, const struct ledger_ind *d, const char *box, const struct cur *c,
			const struct refused *rf)
{
	const char *pv;

	if (!d->has_target)
		return;
	if (d->kind == PLAN_KIND_RATE) {
		ratio_fields(o, c, rf);
		return;
	}
	ms_buf_adds(o, "<label>累计完成 ");
	input_open(o, "value", " size=\"16\" inputmode=\"decimal\"", rf);
	if ((pv = posted(rf, "value"))) {
		web_esc(o, pv);
	} else if (c->has_value) {
		struct ms_buf t = MS_BUF_INIT;

		/* exactly, as a plain number in the box's unit */
		plan_box_format(&t, box, c->value);
		web_esc(o, t.buf);
		ms_buf_release(&t);
	}
	ms_buf_adds(o, "\"> <span class=\"unit\">");
	web_esc(o, box);
	ms_buf_adds(o, "</span>");
	web_hidden(o, "unit", box);
	field_error(o, rf, "value");
	ms_buf_adds(o, "</label>");
}

/* The heading of d's form: its name, its target for the region, its status. */
static void report_head(struct ms_buf *o, struct ledger *l, const struct ledger_ind *d, const char *org,
			const struct cur *c)
{
	ms_buf_addf(o, "<form class=\"entry\" method=\"post\" action=\"/report\" id=\"r-%s\">\n<h3>", d->id);
	web_esc(o, d->name);
	ms_buf_adds(o, " <small>");
	if (d->has_target) {
		int64_t t;

		ms_buf_adds(o, "分解目标 ");
		if (store_assign_get(l->st, l->plan, d->id, org, &t, NULL) == 1)
			prog_value_text(o, d->unit, t);
		else
			ms_buf_adds(o, "—");
	} else {
		ms_buf_adds(o, "定性指标");
	}
	ms_buf_addf(o, "　%s</small></h3>\n", c->found ? status_cn(c->status) : "未报送");
	if (c->found && !strcmp(c->status, "returned") && c->note.len) {
		ms_buf_adds(o, "<p class=\"err\">退回理由：");
		web_esc(o, c->note.buf);
		ms_buf_adds(o, "</p>");
	}
}

/* One indicator's form: rf is the refused form when it is this one, else NULL. */
static void report_form(struct ms_buf *o, const struct web_who *w, struct ledger *l, const struct ledger_ind *d,
			const char *org, const char *due, int locked, const struct cur *c, const struct refused *rf)
{
	const char *pv;

	report_head(o, l, d, org, c);
	if (rf && rf->error && !form_has(d, rf->field)) {
		ms_buf_adds(o, "<span class=\"ferr\" role=\"alert\">");
		web_esc(o, rf->error);
		ms_buf_adds(o, "</span>");
	}
	web_csrf_field(o, w);
	web_hidden(o, "indicator", d->id);
	web_hidden(o, "org", org);
	web_hidden(o, "round", due);
	if (d->has_target) {
		int64_t t = d->target;
		int has = store_assign_get(l->st, l->plan, d->id, org, &t, NULL) == 1;
		const char *box = plan_box_unit(d->unit, has ? t : d->target);

		value_field(o, d, box ? box : d->unit, c, rf);
		value_hint(o, l, d, org, due, has, t);
	}
	ms_buf_adds(o, "<label class=\"wide\">进展情况<textarea name=\"narrative\"");
	web_mark_bad(o, "narrative", rf ? rf->field : NULL);
	ms_buf_adds(o, ">");
	web_esc(o, (pv = posted(rf, "narrative")) ? pv : c->narrative.buf);
	ms_buf_adds(o, "</textarea>");
	field_error(o, rf, "narrative");
	ms_buf_adds(o, "</label>");
	if (d->has_target) {
		ms_buf_adds(o, "<label>未报数原因");
		input_open(o, "reason", " size=\"40\"", rf);
		web_esc(o, (pv = posted(rf, "reason")) ? pv : c->reason.buf);
		ms_buf_adds(o, "\">");
		field_error(o, rf, "reason");
		ms_buf_adds(o, "</label>");
	}
	if (locked || (c->found && !strcmp(c->status, "approved")))
		ms_buf_adds(o, "<p><button type=\"submit\" disabled>提交</button>（已审核通过或本轮已锁定）</p>");
	else
		ms_buf_adds(o, "<p><button type=\"submit\" name=\"action\" value=\"submit\">提交</button>"
			    "<button type=\"submit\" name=\"action\" value=\"draft\">保存草稿</button></p>");
	ms_buf_adds(o, "</form>\n");
	web_evidence_link(o, l, d->id, org, due);   /* 佐证材料: a page of its own (web/evidence.c) */
}

static void cur_reset(struct cur *c)
{
	c->found = 0;
	c->has_value = c->has_ratio = 0;
	ms_buf_reset(&c->narrative);
	ms_buf_reset(&c->reason);
	ms_buf_reset(&c->note);
}

int web_page_report(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *org,
		    const char *round, const struct web_fields *posted_fields, const char *err_ind,
		    const char *error, const char *err_field, const char *ok, struct ms_err *err)
{
	const struct ledger_round *rd = page_round(l, round, err);
	const struct refused rf = { posted_fields, error, err_field };
	struct store_org_row og;
	struct cur c = { 0, "", 0, 0, 0, 0, 0, MS_BUF_INIT, MS_BUF_INIT, MS_BUF_INIT };
	char title[200], extra[64];
	int locked, shown = 0, rc = -1;
	size_t i;

	if (!rd)
		return -1;
	if (store_org_get(l->st, org, &og, err) != 1)
		return ms_err_setk(err, MS_E_NOTFOUND, "no organisation %.*s (无此单位)",
				   ms_utf8_clip(org, strlen(org), 32), org);
	if ((locked = round_locked(l, rd, err)) < 0)
		return -1;
	snprintf(title, sizeof(title), "报送 · %s", og.name);
	web_page_begin(o, title, w);
	snprintf(extra, sizeof(extra), "&org=%s", og.code);
	round_links(o, l, "report", rd->due, w->u->role == ROLE_ADMIN ? extra : "");
	ms_buf_addf(o, "<p>%s（%s）%s 各项指标的年度累计完成情况。数值按框后所示单位填写纯数字（如单位为万元时填“340”即340万元），"
		    "比率填分子和分母；未能报数须填写原因；低于上一轮或超过目标3倍须在“进展情况”中说明。</p>\n",
		    rd->label, rd->due, og.name);
	if (w->demo)
		ms_buf_adds(o, "<p><span class=\"demo\">演示数据库：报送节点保持开放</span> 可以试着报送。</p>\n");
	if (locked)
		web_flash(o, "err", "本轮报送已关闭（截止后逾期或由管理员锁定），不能再报送或修改；须管理员重新开放。");
	web_flash(o, "ok", ok);
	if (error && (!err_ind || !*err_ind))
		web_flash(o, "err", error);
	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];
		int mine = err_ind && !strcmp(err_ind, d->id);

		if (!org_has_target(l, d, og.code))
			continue;
		shown++;
		cur_reset(&c);
		if (store_report_get(l->st, l->plan, d->id, og.code, rd->due, take_report, &c, err) < 0)
			goto out;
		report_form(o, w, l, d, og.code, rd->due, locked, &c, mine && posted_fields ? &rf : NULL);
	}
	if (!shown)
		ms_buf_adds(o, "<p>本单位没有分解到的指标。</p>\n");
	web_page_end(o);
	rc = 0;
out:
	ms_buf_release(&c.narrative);
	ms_buf_release(&c.reason);
	ms_buf_release(&c.note);
	return rc;
}

/* ---------- 审核 ---------- */

struct rv {
	struct ledger *l;
	const struct web_who *w;
	struct ms_buf *o;
	const char *round;
	int n, levels;
	struct ms_err *err;
	int locked;                   /* the round is closed: no reviews */
};

/* The 审核 cell of a report nobody may review here: the round closed, or the reviewer sent it. */
static int review_refused(struct rv *v, const struct store_report *r)
{
	struct ms_buf who = MS_BUF_INIT;
	int own;

	if (v->locked) {
		ms_buf_adds(v->o, "本轮已关闭，重新开放后才能审核</td></tr>\n");
		return 1;
	}
	own = ledger_report_submitter(v->l, r->indicator, r->org, r->round, &who, NULL) == 1 &&
	      auth_may_approve(v->w->u, who.buf, NULL) != 1;
	ms_buf_release(&who);
	if (own)
		ms_buf_adds(v->o, "本人报送，须由他人审核</td></tr>\n");
	return own;
}

/*
 * What a reviewer weighs a reported value against: the region's own target
 * (任务分解) when it has one, with how much of it the value is for an
 * indicator that adds up; and the plan's target with its unit.
 */
static void target_context(struct ms_buf *o, struct ledger *l, const struct ledger_ind *d,
			   const struct store_report *r)
{
	int64_t t;

	if (!d->has_target) {
		ms_buf_adds(o, "定性指标");
		return;
	}
	if (store_assign_get(l->st, l->plan, d->id, r->org, &t, NULL) == 1) {
		ms_buf_adds(o, "分解目标 ");
		prog_value_text(o, d->unit, t);
		if (r->has_value && t > 0 && d->agg == LEDGER_AGG_SUM) {
			int64_t bp = r->value / t * MS_BP_ONE + r->value % t * MS_BP_ONE / t;

			ms_buf_adds(o, "（完成 ");
			prog_pct(o, bp > 99999999 ? 99999999 : (int)bp);
			ms_buf_adds(o, "）");
		}
		ms_buf_adds(o, "<br>");
	}
	ms_buf_adds(o, "<small class=\"legend\">全省目标 ");
	prog_value_text(o, d->unit, d->target);
	ms_buf_adds(o, "，计量单位 ");
	web_esc(o, d->unit);
	ms_buf_adds(o, "</small>");
}

static int review_row(const struct store_report *r, void *arg)
{
	struct rv *v = arg;
	const struct ledger_ind *d = ledger_ind_find(v->l, r->indicator);
	struct store_org_row og;
	struct ms_err ignore;

	int step, county;

	if (strcmp(r->round, v->round) || strcmp(r->status, "submitted") || !d)
		return 0;
	step = auth_review_step(v->l->st, v->w->u, v->l->plan, d->item_no, r->org, v->levels, &ignore);
	if (step <= 0 || store_org_get(v->l->st, r->org, &og, NULL) != 1)
		return 0;
	/* with two levels a county's report goes to its city first, then to the lead unit */
	county = v->levels == 2 && !strcmp(og.kind, "county");
	if ((step == AUTH_STEP_FIRST && r->review_level > 0) ||
	    (step == AUTH_STEP_FINAL && county && r->review_level < 1))
		return 0;
	v->n++;
	ms_buf_adds(v->o, "<tr><td>");
	web_esc(v->o, d->name);
	ms_buf_adds(v->o, "</td><td>");
	web_esc(v->o, og.name);
	if (county)
		ms_buf_adds(v->o, r->review_level > 0 ? "<br><small class=\"legend\">市级已初审</small>" :
			    "<br><small class=\"legend\">待市级初审</small>");
	ms_buf_adds(v->o, "</td><td class=\"num\">");
	if (r->has_value)
		prog_value_text(v->o, d->unit, r->value);
	else
		ms_buf_adds(v->o, "—");
	/* on a line of its own: ten-digit sums would make the value column the widest */
	if (r->has_ratio)
		ms_buf_addf(v->o, "<br><small class=\"legend\">（%lld/%lld）</small>", (long long)r->numerator,
			    (long long)r->denominator);
	ms_buf_adds(v->o, "</td><td class=\"target\">");
	target_context(v->o, v->l, d, r);
	ms_buf_adds(v->o, "</td><td class=\"narr\">");
	web_esc(v->o, r->narrative ? r->narrative : r->reason ? r->reason : "");
	ms_buf_adds(v->o, "</td><td class=\"evcol\">");
	web_evidence_cell(v->o, v->l, r->indicator, r->org, r->round);   /* 佐证材料 (web/evidence.c) */
	ms_buf_adds(v->o, "</td><td>");
	if (review_refused(v, r))
		return 0;
	ms_buf_adds(v->o, "<form method=\"post\" action=\"/review\">");
	web_csrf_field(v->o, v->w);
	web_hidden(v->o, "indicator", r->indicator);
	web_hidden(v->o, "org", r->org);
	web_hidden(v->o, "round", r->round);
	ms_buf_adds(v->o, "<button type=\"submit\" name=\"action\" value=\"approve\">通过</button>"
		    "<input name=\"reason\" size=\"14\" placeholder=\"退回理由\" aria-label=\"退回理由\">"
		    "<button type=\"submit\" name=\"action\" value=\"return\">退回</button></form></td></tr>\n");
	return 0;
}

/*
 * The administrator's table of rounds: each one's state, a lock button for
 * an open one, and for a closed one a reopen with its (required) reason.
 */
static int rounds_table(struct ms_buf *o, const struct web_who *w, struct ledger *l, struct ms_err *err)
{
	struct ledger_round_state s;
	size_t k;

	ms_buf_addf(o, "<h2>报送轮次</h2>\n<p>报送节点截止后 %d 天内仍可报送（计为迟报），此后自动关闭；"
		    "关闭或锁定后不能报送、审核，也不能修改任务分解和此前交付的点位，须管理员写明理由重新开放。</p>\n"
		    "<table><tr><th>报送节点</th><th>状态</th><th></th></tr>\n", l->grace_days);
	for (k = 0; k < l->nround; k++) {
		if (ledger_round_state(l, &l->round[k], &s, err))
			return -1;
		ms_buf_addf(o, "<tr><td>%s %s</td><td>", l->round[k].due, l->round[k].label);
		{
			struct ms_buf t = MS_BUF_INIT;

			ledger_round_state_text(&t, &s);
			web_esc(o, t.buf);
			ms_buf_release(&t);
		}
		ms_buf_adds(o, "</td><td><form method=\"post\" action=\"/rounds\">");
		web_csrf_field(o, w);
		web_hidden(o, "round", l->round[k].due);
		if (s.locked)
			ms_buf_adds(o, "<input name=\"reason\" size=\"16\" required placeholder=\"重新开放理由\" "
				    "aria-label=\"重新开放理由\">");
		ms_buf_addf(o, "<button type=\"submit\" name=\"action\" value=\"%s\">%s</button></form></td></tr>\n",
			    s.locked ? "reopen" : "lock", s.locked ? "重新开放" : "锁定");
	}
	ms_buf_adds(o, "</table>\n");
	return 0;
}

int web_page_review(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *round,
		    const char *error, const char *ok, struct ms_err *err)
{
	const struct ledger_round *rd = page_round(l, round, err);
	struct ms_buf rows = MS_BUF_INIT;
	struct rv v;

	if (!rd)
		return -1;
	web_page_begin(o, "审核", w);
	round_links(o, l, "review", rd->due, "");
	web_flash(o, "ok", ok);
	web_flash(o, "err", error);
	v.l = l;
	v.w = w;
	v.o = &rows;
	v.round = rd->due;
	v.n = 0;
	v.err = err;
	if ((v.locked = round_locked(l, rd, err)) < 0 || ledger_review_levels(l, &v.levels, err) ||
	    store_report_each(l->st, l->plan, NULL, NULL, review_row, &v, err) < 0) {
		ms_buf_release(&rows);
		return -1;
	}
	ms_buf_addf(o, "<p>%s（%s）已报送、待审核的数据%s：<b>待审核 %d 份</b>。审核通过的数据才计入总览、通报和评估；"
		    "通过后不能再修改；退回须写明理由，报送单位修改后重新提交。%s</p>\n",
		    rd->label, rd->due, w->u->role == ROLE_ADMIN ? "（全部实事）" :
		    w->u->role == ROLE_LEAD ? "（本单位牵头的实事）" : "（本市所辖县区，市级初审）", v.n,
		    v.levels == 2 ? "本计划实行两级审核：县区的报送先由所在设区市初审，再由牵头单位审核。" : "");
	ms_buf_adds(o, "<div class=\"wrap\"><table>\n<tr><th>指标</th><th>地区</th><th>累计完成</th>"
		    "<th>对照目标</th><th>进展情况</th><th>佐证材料</th><th>审核</th></tr>\n");
	ms_buf_add(o, rows.buf, rows.len);
	ms_buf_release(&rows);
	if (!v.n)
		ms_buf_adds(o, "<tr><td colspan=\"7\">没有待审核的数据。</td></tr>\n");
	ms_buf_adds(o, "</table></div>\n");
	if (w->u->role == ROLE_ADMIN && rounds_table(o, w, l, err))
		return -1;
	web_page_end(o);
	return 0;
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

void form_report_show(struct web_ctx *c, struct ledger *l, const char *org, const char *round,
		      const char *err_ind, const struct ms_err *e, const char *ok, unsigned status)
{
	struct ms_err err;

	ms_buf_reset(&c->r->body);
	if (web_page_report(&c->r->body, &c->who, l, org, round, err_ind ? &c->rq->body : NULL, err_ind,
			    e ? e->msg : NULL, e ? e->field : NULL, ok, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, status);
}

/* GET /report: a reporter's own region; an administrator's ?org= (the capital at first). */
void form_report(struct web_ctx *c)
{
	const char *org = web_field(&c->rq->query, "org"), *saved = web_field(&c->rq->query, "saved");
	char ok[256] = "";
	struct ledger l;

	if (c->u.role == ROLE_REPORTER)
		org = c->u.org;
	else if (!org || !*org)
		org = "360100";
	if (web_open_ledger(c, &l))
		return;
	if (saved && ledger_ind_find(&l, saved))
		snprintf(ok, sizeof(ok), "已保存：%s", ledger_ind_find(&l, saved)->name);
	form_report_show(c, &l, org, web_field(&c->rq->query, "round"), NULL, NULL, ok, 200);
	ledger_close(&l);
}

/* GET /review: what the lead (or an administrator) has to review; ?done= says what was just done. */
void form_review(struct web_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done");
	const char *ok = !done ? NULL : !strcmp(done, "approved") ? "已审核通过。" :
			 !strcmp(done, "submitted") ? "已初审通过，转牵头单位审核。" :
			 !strcmp(done, "returned") ? "已退回。" : !strcmp(done, "locked") ? "已锁定该报送轮次。" :
			 !strcmp(done, "reopened") ? "已重新开放该报送轮次。" : NULL;
	struct ms_err err;
	struct ledger l;

	if (web_open_ledger(c, &l))
		return;
	ms_buf_reset(&c->r->body);
	if (web_page_review(&c->r->body, &c->who, &l, web_field(&c->rq->query, "round"), NULL, ok, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, 200);
	ledger_close(&l);
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
