/*
 * audit.c - 审核 in bulk and the rounds page. 审核: filters (round, item,
 * region, status) as a GET form, the region's target and previous value
 * beside each report, a checkbox per report, 全部通过 for every report the
 * filter shows and 退回 with one reason for those ticked — each one
 * transaction (ledger_review_batch). 报送轮次 (administrators): each
 * round's state, locking only after ticking 确认锁定, reopening with a reason.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "ledger/progress_data.h"
#include "core/banned.h"

/* ---------- which reports the page shows ---------- */

#define AUDIT_MAX_ROWS 100            /* a page a person reads; the filters narrow the rest */

struct filter {
	const char *round;            /* the round's due date */
	long item;                    /* 0: every item */
	const char *region;           /* "" : every region */
	const char *status;           /* submitted (default), approved, returned, all */
};

/* One report on the page. */
struct audit_row {
	char indicator[64], org[32], org_name[128];
	int county;                   /* with two levels: a county's report */
	int64_t level;                /* review steps passed */
	enum report_status status;
	int may;                      /* the user may take its step now (a checkbox) */
	int auth_step;                /* auth_review_step_of's answer */
	enum ledger_step step;        /* the same as the ledger names it */
	const char *why_not;          /* why not: the round closed, the user sent it */
	int has_value, has_ratio;
	int64_t value, numerator, denominator;
	char *narrative;
	struct store_report_beside beside;   /* target, last round, submitter, 佐证材料 */
};

struct acc {
	struct ledger *l;
	const struct web_who *w;
	const struct filter *f;
	int levels, locked;
	struct audit_row *v;
	size_t n, cap;
	size_t more;                  /* rows past AUDIT_MAX_ROWS, not shown */
	size_t orgs_n;
	char orgs[64][32];            /* the regions seen, for the filter's choices */
	char orgs_name[64][128];
	/* what this page already asked: each item's lead once, each region's row once (not per report) */
	signed char led[100];         /* by item number: -1 not asked yet, else store_item_led_by's answer */
	struct memo { char org[32]; int found; struct store_org_row og; } *memo;
	size_t nmemo, last;
	struct ms_err foreign;        /* the plan is another government's: why nothing is offered */
};

/* Does the user's unit lead the item? Asked once per item, and only of a lead; -1 on a database error. */
static int led_of(struct acc *a, int64_t item)
{
	const struct auth_user *u = a->w->u;
	int led;

	if (u->role != ROLE_LEAD)
		return 0;
	if (item > 0 && item < (int64_t)sizeof(a->led) && a->led[item] >= 0)
		return a->led[item];
	if ((led = store_item_led_by(a->l->st, a->l->plan, item, u->org, NULL)) < 0)
		return -1;   /* not kept: asked again for the next report */
	if (item > 0 && item < (int64_t)sizeof(a->led))
		a->led[item] = (signed char)led;
	return led;
}

/* org's row, NULL when unknown; read once per page. The reports come by indicator, then region: the next is most often the one after the last. */
static const struct store_org_row *org_of(struct acc *a, const char *org)
{
	struct memo *m;
	size_t i, k;

	for (k = 0; k < a->nmemo; k++) {
		i = (a->last + k) % a->nmemo;
		if (!strcmp(a->memo[i].org, org)) {
			a->last = i + 1;
			return a->memo[i].found ? &a->memo[i].og : NULL;
		}
	}
	if ((a->nmemo & (a->nmemo - 1)) == 0) {
		a->memo = realloc(a->memo, (a->nmemo ? a->nmemo * 2 : 1) * sizeof(*a->memo));
		if (!a->memo)
			abort();
	}
	m = &a->memo[a->nmemo++];
	memset(m, 0, sizeof(*m));
	snprintf(m->org, sizeof(m->org), "%s", org);
	m->found = store_org_get(a->l->st, org, &m->og, NULL) == 1;
	a->last = a->nmemo;
	return m->found ? &m->og : NULL;
}

static void seen_org(struct acc *a, const char *code, const char *name)
{
	size_t i;

	for (i = 0; i < a->orgs_n; i++)
		if (!strcmp(a->orgs[i], code))
			return;
	if (a->orgs_n == 64)
		return;
	snprintf(a->orgs[a->orgs_n], sizeof(a->orgs[0]), "%s", code);
	snprintf(a->orgs_name[a->orgs_n++], sizeof(a->orgs_name[0]), "%s", name);
}

static int status_wanted(const struct filter *f, const char *st)
{
	if (!strcmp(f->status, "all"))
		return strcmp(st, "draft") != 0;
	return !strcmp(f->status, st);
}

/* May the user act on submitted report x now? Sets its step, or why not. */
static void row_may(struct acc *a, struct audit_row *x, int step)
{
	x->step = step == AUTH_STEP_FIRST ? LEDGER_STEP_FIRST : step == AUTH_STEP_FINAL ? LEDGER_STEP_FINAL :
		  LEDGER_STEP_NEXT;
	if (a->locked) {
		x->why_not = "本轮已关闭";
	} else if (x->beside.has_submitter && auth_may_approve(a->w->u, x->beside.submitter, NULL) != 1) {
		x->why_not = "本人报送，须由他人审核";
	} else {
		x->may = 1;
	}
}

static int take(const struct store_report *r, void *arg)
{
	struct acc *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, r->indicator);
	const struct store_org_row *og;
	struct audit_row *x;
	int step, county, led;

	if (!d || strcmp(r->round, a->f->round) || (a->f->item && d->item_no != a->f->item))
		return 0;
	if ((led = led_of(a, d->item_no)) < 0)
		return 0;     /* not known: no step offered */
	og = org_of(a, r->org);
	step = auth_review_step_of(a->w->u, led, og, d->item_no, r->org, a->levels, NULL);
	if (step <= 0 || !og)
		return 0;
	county = a->levels == 2 && !strcmp(og->kind, "county");
	if (!strcmp(r->status, "submitted") && ((step == AUTH_STEP_FIRST && r->review_level > 0) ||
						(step == AUTH_STEP_FINAL && county && r->review_level < 1)))
		return 0;     /* not this reviewer's step yet, or no longer */
	if (strcmp(r->status, "draft"))
		seen_org(a, og->code, og->name);
	if (!status_wanted(a->f, r->status) || (*a->f->region && strcmp(a->f->region, r->org)))
		return 0;
	if (a->n == AUDIT_MAX_ROWS) {
		a->more++;
		return 0;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			abort();
	}
	x = &a->v[a->n++];
	memset(x, 0, sizeof(*x));
	snprintf(x->indicator, sizeof(x->indicator), "%s", r->indicator);
	snprintf(x->org, sizeof(x->org), "%s", r->org);
	snprintf(x->org_name, sizeof(x->org_name), "%s", og->name);
	x->county = county;
	x->level = r->review_level;
	x->status = report_status_parse(r->status);
	x->has_value = r->has_value;
	x->has_ratio = r->has_ratio;
	x->value = r->value;
	x->numerator = r->numerator;
	x->denominator = r->denominator;
	x->narrative = ms_strdup(r->narrative ? r->narrative : r->reason ? r->reason : "");
	x->auth_step = step;
	return 0;
}

static void acc_release(struct acc *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].narrative);
	free(a->v);
	free(a->memo);
	a->memo = NULL;
	a->nmemo = 0;
}

/* What each row shows beside its report (ledger_beside: remembered by the server's threads); who may act on it now. */
static int beside(struct acc *a, struct ms_err *err)
{
	size_t i;

	if (a->n && ledger_beside_sync(a->l, err))
		return -1;
	for (i = 0; i < a->n; i++) {
		struct audit_row *x = &a->v[i];

		if (ledger_beside(a->l, x->indicator, x->org, a->f->round, &x->beside, err))
			return -1;
		if (x->status == REPORT_SUBMITTED)
			row_may(a, x, x->auth_step);
	}
	return 0;
}

/* The reports f shows to the user; -1 with err. */
static int collect(struct acc *a, struct ledger *l, const struct web_who *w, const struct filter *f,
		   const struct ledger_round *rd, struct ms_err *err)
{
	int govern;

	memset(a, 0, sizeof(*a));
	memset(a->led, -1, sizeof(a->led));
	a->l = l;
	a->w = w;
	a->f = f;
	if ((a->locked = web_round_locked(l, rd, err)) < 0 || ledger_review_levels(l, &a->levels, err))
		return -1;
	/* an administrator of 南昌 reviews 南昌's plans only: the province's shows them nothing to take */
	if ((govern = auth_may_govern(l->st, w->u, l->region, &a->foreign)) != 1) {
		if (govern < 0)
			*err = a->foreign;
		return govern < 0 ? -1 : 0;
	}
	/* the round's reports: the server's threads keep them, following each write (progress_data.c) */
	if (progress_data_round_each(l, f->round, take, a, err) < 0)
		return -1;
	return beside(a, err);
}

/* The filter from the request (query or form), the round resolved. */
static const struct ledger_round *filter_of(struct web_ctx *c, struct ledger *l, struct filter *f,
					    struct ms_err *err)
{
	const char *item = web_arg(c, "item"), *st = web_arg(c, "status");
	const struct ledger_round *rd = web_page_round(l, web_arg(c, "round"), err);

	f->round = rd ? rd->due : "";
	f->item = item ? strtol(item, NULL, 10) : 0;
	f->region = web_arg(c, "region") ? web_arg(c, "region") : "";
	f->status = st && (!strcmp(st, "approved") || !strcmp(st, "returned") || !strcmp(st, "all")) ? st :
		    "submitted";
	return rd;
}

/* ---------- the page ---------- */

/* The region's target and how far the value goes; the plan's target and unit below it. */
static void target_cell(struct ms_buf *o, const struct ledger_ind *d, const struct audit_row *x)
{
	int64_t t = x->beside.target;

	if (!d->has_target) {
		ms_buf_adds(o, "定性指标");
		return;
	}
	if (x->beside.has_target) {
		prog_value_text(o, d->unit, t);
		if (x->has_value && t > 0 && d->agg == LEDGER_AGG_SUM) {
			int64_t bp = x->value / t * MS_BP_ONE + x->value % t * MS_BP_ONE / t;

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

static void prev_cell(struct ms_buf *o, const struct ledger_ind *d, const struct audit_row *x)
{
	if (!x->beside.has_prev) {
		ms_buf_adds(o, "—");
		return;
	}
	prog_value_text(o, d->unit, x->beside.prev_value);
	ms_buf_addf(o, "<br><small class=\"legend\">%s</small>", x->beside.prev_round);
}

static const char *status_cn(enum report_status s)
{
	return s == REPORT_SUBMITTED ? "待审核" : s == REPORT_APPROVED ? "已通过" : s == REPORT_RETURNED ? "已退回" : "草稿";
}

static void audit_row(struct ms_buf *o, struct ledger *l, const struct audit_row *x, const char *round)
{
	const struct ledger_ind *d = ledger_ind_find(l, x->indicator);

	ms_buf_adds(o, "<tr><td class=\"pick\">");
	if (x->may) {
		ms_buf_adds(o, "<input type=\"checkbox\" name=\"k\" form=\"bulk\" aria-label=\"选中\" value=\"");
		web_esc(o, x->indicator);
		ms_buf_adds(o, "|");
		web_esc(o, x->org);
		ms_buf_adds(o, "\">");
	}
	ms_buf_adds(o, "</td><td class=\"ind\">");
	web_esc(o, d->name);
	ms_buf_adds(o, "</td><td class=\"region\">");
	web_esc(o, x->org_name);
	if (x->county)
		ms_buf_adds(o, x->level > 0 ? "<br><small class=\"legend\">市级已初审</small>" :
			    "<br><small class=\"legend\">待市级初审</small>");
	ms_buf_adds(o, "</td><td class=\"num\">");
	if (x->has_value)
		prog_value_text(o, d->unit, x->value);
	else
		ms_buf_adds(o, "—");
	if (x->has_ratio)
		ms_buf_addf(o, "<br><small class=\"legend\">（%lld/%lld）</small>", (long long)x->numerator,
			    (long long)x->denominator);
	ms_buf_adds(o, "</td><td class=\"target\">");
	target_cell(o, d, x);
	ms_buf_adds(o, "</td><td class=\"num\">");
	prev_cell(o, d, x);
	ms_buf_adds(o, "</td><td class=\"narr\">");
	web_esc(o, x->narrative);
	ms_buf_adds(o, "</td><td class=\"evcol\">");
	web_evidence_cell(o, l, d->id, x->org, round, x->beside.evidence);   /* 佐证材料 (web/evidence.c) */
	ms_buf_addf(o, "</td><td class=\"st st-%s\">%s", report_status_name(x->status), status_cn(x->status));
	if (x->why_not)
		ms_buf_addf(o, "<br><small class=\"legend\">%s</small>", x->why_not);
	ms_buf_adds(o, "</td></tr>\n");
}

static void option(struct ms_buf *o, const char *value, const char *label, const char *cur)
{
	ms_buf_adds(o, "<option value=\"");
	web_esc(o, value);
	ms_buf_addf(o, "\"%s>", !strcmp(value, cur) ? " selected" : "");
	web_esc(o, label);
	ms_buf_adds(o, "</option>");
}

/* The GET form of filters. */
static void filter_form(struct ms_buf *o, struct ledger *l, const struct acc *a, const struct filter *f)
{
	char v[32], lab[96], cur[32];
	int64_t last = 0;
	size_t k;

	ms_buf_adds(o, "<form class=\"pick filters\" method=\"get\" action=\"/review\"><label>报送节点 <select name=\"round\">");
	for (k = 0; k < l->nround; k++) {
		snprintf(lab, sizeof(lab), "%s %s", l->round[k].due, l->round[k].label);
		option(o, l->round[k].due, lab, f->round);
	}
	ms_buf_adds(o, "</select></label><label>实事 <select name=\"item\">");
	snprintf(cur, sizeof(cur), "%ld", f->item);
	option(o, "0", "全部", cur);
	for (k = 0; k < l->nind; k++) {
		if (l->ind[k].item_no == last)
			continue;
		last = l->ind[k].item_no;
		snprintf(v, sizeof(v), "%lld", (long long)last);
		snprintf(lab, sizeof(lab), "实事%lld", (long long)last);
		option(o, v, lab, cur);
	}
	ms_buf_adds(o, "</select></label><label>地区 <select name=\"region\">");
	option(o, "", "全部", f->region);
	for (k = 0; k < a->orgs_n; k++)
		option(o, a->orgs[k], a->orgs_name[k], f->region);
	ms_buf_adds(o, "</select></label><label>状态 <select name=\"status\">");
	option(o, "submitted", "待审核", f->status);
	option(o, "approved", "已通过", f->status);
	option(o, "returned", "已退回", f->status);
	option(o, "all", "全部", f->status);
	ms_buf_adds(o, "</select></label><button type=\"submit\">筛选</button></form>\n");
}

static const char audit_css[] =
	"<style>\n"
	"td.region{white-space:nowrap}td.pick{width:2em;text-align:center}td.pick input{width:1.3em;height:1.3em}\n"
	"form.bulk{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;border:1px solid #ddd;padding:.5em .8em;"
	"background:#fcfcfc;margin:.6em 0}form.bulk input[name=reason]{max-width:100%;box-sizing:border-box}\n"
	".filters label{white-space:nowrap}\n"
	"</style>\n";

/* 全部通过 (every reviewable row the filter shows) and 退回 with one reason (the ticked ones). */
static void bulk_form(struct ms_buf *o, const struct web_who *w, const struct filter *f, size_t nmay)
{
	char item[24];

	ms_buf_adds(o, "<form class=\"bulk\" id=\"bulk\" method=\"post\" action=\"/review/bulk\">");
	web_csrf_field(o, w);
	web_hidden(o, "round", f->round);
	snprintf(item, sizeof(item), "%ld", f->item);
	web_hidden(o, "item", item);
	web_hidden(o, "region", f->region);
	web_hidden(o, "status", f->status);
	ms_buf_addf(o, "<button type=\"submit\" name=\"action\" value=\"approve_all\"%s>全部通过（筛选出的 %zu 份）</button>",
		    nmay ? "" : " disabled", nmay);
	ms_buf_adds(o, "<span><input name=\"reason\" size=\"24\" placeholder=\"退回理由（退回时必填）\" aria-label=\"退回理由\"> "
		    "<button type=\"submit\" name=\"action\" value=\"return\">退回选中</button></span></form>\n");
}

int web_page_review(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *round,
		    const struct web_review_filter *wf, const char *error, const char *ok, struct ms_err *err)
{
	struct filter f = { round, wf ? wf->item : 0, wf && wf->region ? wf->region : "",
			    wf && wf->status ? wf->status : "submitted" };
	const struct ledger_round *rd = web_page_round(l, round, err);
	struct acc a;
	size_t i, nmay = 0;

	if (!rd)
		return -1;
	f.round = rd->due;
	if (collect(&a, l, w, &f, rd, err)) {
		acc_release(&a);
		return -1;
	}
	web_page_begin(o, "审核", w);
	ms_buf_adds(o, audit_css);
	web_flash(o, "ok", ok);
	web_flash(o, "err", error);
	web_flash(o, "note", a.foreign.msg);
	for (i = 0; i < a.n; i++)
		nmay += a.v[i].may;
	ms_buf_addf(o, "<p>%s（%s）%s。审核通过的数据才计入总览、通报和评估，通过后不能再修改；退回须写明理由，"
		    "报送单位修改后重新提交。%s</p>\n", rd->label, rd->due,
		    w->u->role == ROLE_ADMIN ? "全部实事" : w->u->role == ROLE_LEAD ? "本单位牵头的实事" : "本市所辖县区（市级初审）",
		    a.levels == 2 ? "本计划实行两级审核：县区的报送先由所在设区市初审，再由牵头单位审核。" : "");
	filter_form(o, l, &a, &f);
	if (a.more)
		ms_buf_addf(o, "<p class=\"note\">另有 %zu 份未列出：每页最多 %d 份，请用上面的筛选缩小范围；“全部通过”只作用于列出的报送。</p>\n",
			    a.more, AUDIT_MAX_ROWS);
	ms_buf_addf(o, "<p><b>筛选出 %zu 份，其中可审核 %zu 份</b>%s</p>\n", a.n, nmay,
		    w->u->role == ROLE_ADMIN ? "　<a href=\"/rounds\">报送轮次（锁定、重新开放）</a>" : "");
	bulk_form(o, w, &f, nmay);
	ms_buf_adds(o, "<div class=\"wrap\"><table class=\"audit\">\n<tr><th>选</th><th>指标</th><th>地区</th><th>累计完成</th>"
		    "<th>分解目标</th><th>上一轮</th><th>进展情况</th><th>佐证材料</th><th>状态</th></tr>\n");
	for (i = 0; i < a.n; i++)
		audit_row(o, l, &a.v[i], rd->due);
	if (!a.n)
		ms_buf_adds(o, "<tr><td colspan=\"9\">没有符合条件的报送。</td></tr>\n");
	ms_buf_adds(o, "</table></div>\n");
	web_page_end(o);
	acc_release(&a);
	return 0;
}

/* GET /review: the filters from the query; ?done= and ?n= say what was just done. */
void form_review(struct web_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done"), *n = web_field(&c->rq->query, "n");
	struct web_review_filter wf = { 0, web_field(&c->rq->query, "region"), web_field(&c->rq->query, "status") };
	const char *item = web_field(&c->rq->query, "item");
	struct ms_buf ok = MS_BUF_INIT;
	struct ms_err err;
	struct ledger l;

	if (done)
		ms_buf_addf(&ok, "%s%s", !strcmp(done, "approved") ? "已审核通过" : !strcmp(done, "returned") ? "已退回" :
			    !strcmp(done, "submitted") ? "已初审通过，转牵头单位审核" : "已完成", n ? "" : "。");
	if (done && n)
		ms_buf_addf(&ok, " %ld 份。", strtol(n, NULL, 10));
	wf.item = item ? strtol(item, NULL, 10) : 0;
	if (web_open_ledger(c, &l)) {
		ms_buf_release(&ok);
		return;
	}
	ms_buf_reset(&c->r->body);
	if (web_page_review(&c->r->body, &c->who, &l, web_field(&c->rq->query, "round"), &wf, NULL, ok.buf, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, 200);
	ledger_close(&l);
	ms_buf_release(&ok);
}

/* The keys the bulk action is for: every reviewable row shown (approve_all), or the ticked ones. */
static size_t bulk_keys(struct web_ctx *c, const struct acc *a, int all, struct ledger_review_key *keys,
			const char *round)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->n; i++) {
		const struct audit_row *x = &a->v[i];
		int want = all;

		for (j = 0; !want && j < c->rq->body.n; j++) {
			const struct web_kv *kv = &c->rq->body.v[j];
			size_t li = strlen(x->indicator);

			want = !strcmp(kv->key, "k") && !strncmp(kv->val, x->indicator, li) && kv->val[li] == '|' &&
			       !strcmp(kv->val + li + 1, x->org);
		}
		if (!want || !x->may)
			continue;
		keys[n].indicator = x->indicator;
		keys[n].org = x->org;
		keys[n].round = round;
		keys[n].step = x->step;
		n++;
	}
	return n;
}

/* POST /review/bulk: action approve_all (the filtered rows) or return (the ticked ones, one reason). */
void form_review_bulk(struct web_ctx *c)
{
	const char *action = web_arg(c, "action");
	const struct ledger_round *rd;
	struct ledger_review_key *keys = NULL;
	struct web_review_filter wf;
	struct filter f;
	struct ms_err err;
	struct ledger l;
	struct acc a = { 0 };
	int all = action && !strcmp(action, "approve_all");
	size_t n;
	char to[256];

	if (!action || (!all && strcmp(action, "return"))) {
		web_fail_field(c, 400, "action", "请选择全部通过或退回 (action: approve_all or return)");
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	if (!(rd = filter_of(c, &l, &f, &err)) || collect(&a, &l, &c->who, &f, rd, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	keys = calloc(a.n ? a.n : 1, sizeof(*keys));
	if (!keys)
		abort();
	n = bulk_keys(c, &a, all, keys, rd->due);
	l.now = ms_clock_now();
	if (ledger_review_batch(&l, keys, n, all, web_arg(c, "reason"), &err)) {
		wf = (struct web_review_filter){ f.item, f.region, f.status };
		ms_buf_reset(&c->r->body);
		if (web_page_review(&c->r->body, &c->who, &l, rd->due, &wf, err.msg, NULL, &err))
			web_fail_err(c, &err);
		else
			web_reply_html(c->r, web_err_status(&err));
		goto out;
	}
	snprintf(to, sizeof(to), "/review?round=%s&item=%ld&region=%.31s&status=%s&done=%s&n=%zu", rd->due, f.item,
		 f.region, f.status, all ? "approved" : "returned", n);
	web_reply_redirect(c->r, to);
out:
	free(keys);
	acc_release(&a);
	ledger_close(&l);
}

/* ---------- 报送轮次: locking on its own page ---------- */

int web_page_rounds(struct ms_buf *o, const struct web_who *w, struct ledger *l, const char *error,
		    const char *ok, struct ms_err *err)
{
	struct ledger_round_state s;
	struct ms_buf t = MS_BUF_INIT;
	size_t k;

	web_page_begin(o, "报送轮次", w);
	web_flash(o, "ok", ok);
	web_flash(o, "err", error);
	ms_buf_addf(o, "<p>报送节点截止后 %d 天内仍可报送（计为迟报），此后自动关闭。锁定后不能再报送、审核，"
		    "也不能修改任务分解和此前交付的点位；须写明理由才能重新开放。锁定前请勾选“确认锁定”。</p>\n",
		    l->grace_days);
	ms_buf_adds(o, "<div class=\"wrap\"><table class=\"rounds\"><tr><th>报送节点</th><th>状态</th><th>操作</th></tr>\n");
	for (k = 0; k < l->nround; k++) {
		if (ledger_round_state(l, &l->round[k], &s, err)) {
			ms_buf_release(&t);
			return -1;
		}
		ms_buf_reset(&t);
		ledger_round_state_text(&t, &s);
		ms_buf_addf(o, "<tr id=\"round-%s\"><td>%s %s</td><td>", l->round[k].due, l->round[k].due, l->round[k].label);
		web_esc(o, t.buf);
		ms_buf_adds(o, "</td><td><form method=\"post\" action=\"/rounds\">");
		web_csrf_field(o, w);
		web_hidden(o, "round", l->round[k].due);
		if (s.locked)
			ms_buf_adds(o, "<input name=\"reason\" size=\"16\" required placeholder=\"重新开放理由\" aria-label=\"重新开放理由\"> "
				    "<button type=\"submit\" name=\"action\" value=\"reopen\">重新开放</button>");
		else
			ms_buf_adds(o, "<label><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> 确认锁定</label> "
				    "<input name=\"reason\" size=\"12\" placeholder=\"理由（可不填）\" aria-label=\"锁定理由\"> "
				    "<button type=\"submit\" name=\"action\" value=\"lock\">锁定</button>");
		ms_buf_adds(o, "</form></td></tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n");
	web_page_end(o);
	ms_buf_release(&t);
	return 0;
}

/* GET /rounds: administrators (who may lock). */
void form_rounds(struct web_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done");
	struct ms_err err;
	struct ledger l;

	if (auth_may_lock(&c->u, &err) != 1) {
		web_fail(c, 403, err.msg);
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	ms_buf_reset(&c->r->body);
	if (web_page_rounds(&c->r->body, &c->who, &l, NULL, !done ? NULL : !strcmp(done, "locked") ?
			    "已锁定该报送轮次。" : !strcmp(done, "reopened") ? "已重新开放该报送轮次。" : NULL, &err))
		web_fail_err(c, &err);
	else
		web_reply_html(c->r, 200);
	ledger_close(&l);
}
