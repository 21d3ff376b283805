/*
 * duban.c - 督办 (follow.h): a supervision notice issued from a red or late
 * indicator with its figures quoted from progress, the unit's answer, the
 * list with the overdue ones first, and the notice as JSON and text.
 */
#include "follow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/table.h"
#include "core/text.h"
#include "ledger/evidence.h"
#include "ledger/progress.h"
#include "core/banned.h"

#define TEXT_MAX 2000   /* bytes of what, why and an answer */

static int text_check(const char *s, const char *field, const char *label, struct ms_err *err)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	if (i == n)
		return ms_err_field(err, MS_E_INVALID, field, "请填写%s (%s is required)", label, field);
	if (n > TEXT_MAX || !ms_utf8_valid(s, n, NULL))
		return ms_err_field(err, MS_E_INVALID, field, "%s须为不超过 %d 字节的文字 (%s: UTF-8 text of at most %d bytes)",
				    label, TEXT_MAX, field, TEXT_MAX);
	return 0;
}

/* 1 when code is one of the comma-separated codes in list. */
static int in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;

	while ((p = strstr(p, code))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int org_behind(const struct prog_org *po)
{
	return po->colour == PC_RED || po->reports.late || po->reports.missing;
}

/* The figures of the indicator (or of one region of it) that the notice quotes. */
static void figures(const struct progress *p, const struct prog_ind *pi, const struct prog_org *only,
		    struct ms_buf *b)
{
	size_t k, shown = 0;

	ms_date_format_cn(b, p->as_of);
	ms_buf_addf(b, "（北京时间），%s %s", pi->ind->id, pi->ind->name);
	if (only) {
		ms_buf_addf(b, "，%s：完成 ", only->name);
		if (only->has_actual)
			prog_value_text(b, pi->ind->unit, only->actual);
		else
			ms_buf_adds(b, "—");
		ms_buf_adds(b, "，目标 ");
		prog_value_text(b, pi->ind->unit, only->target);
		ms_buf_adds(b, "，完成率 ");
		prog_pct(b, only->completion_bp);
		ms_buf_addf(b, "，%s", prog_colour_cn(only->colour));
		if (only->missing_rounds[0])
			ms_buf_addf(b, "；未报送：%s", only->missing_rounds);
		if (only->late_rounds[0])
			ms_buf_addf(b, "；迟报：%s", only->late_rounds);
	} else {
		ms_buf_adds(b, "：完成 ");
		if (pi->has_actual)
			prog_value_text(b, pi->ind->unit, pi->actual);
		else
			ms_buf_adds(b, "—");
		if (pi->ind->has_target) {
			ms_buf_adds(b, "，目标 ");
			prog_value_text(b, pi->ind->unit, pi->ind->target);
		}
		ms_buf_adds(b, "，完成率 ");
		prog_pct(b, pi->completion_bp);
		ms_buf_adds(b, "，时序进度 ");
		prog_pct(b, pi->expected_bp);
		ms_buf_addf(b, "，%s；报送 %d 次中迟报 %d 次、未报送 %d 次", prog_colour_cn(pi->colour),
			    pi->reports.expected, pi->reports.late, pi->reports.missing);
		for (k = 0; k < pi->norg; k++) {
			const struct prog_org *po = &pi->org[k];

			if (po->colour != PC_RED)
				continue;
			ms_buf_addf(b, "%s%s", shown ? "、" : "；红灯地区：", po->name);
			if (++shown == 8 && k + 1 < pi->norg) {
				ms_buf_adds(b, "等");
				break;
			}
		}
	}
	ms_buf_adds(b, "。");
}

struct issue_ctx {
	struct progress p;
	const struct prog_ind *pi;
	const struct prog_org *po;    /* the region addressed, NULL for a lead unit */
	char org[32];
};

/* Finds the indicator's progress and the unit addressed; refuses one neither red nor late. */
static int issue_target(struct ledger *l, const struct ledger_ind *d, const char *org, struct issue_ctx *c,
			struct ms_err *err)
{
	struct progress_opts o = { .as_of = ms_date_of_time_cn(ms_clock_now()), .item = d->item_no };
	const struct prog_item *it = NULL;
	size_t k;
	int behind;

	if (progress_compute(l, &o, &c->p, err))
		return -1;
	for (k = 0; k < c->p.nind; k++)
		if (!strcmp(c->p.ind[k].ind->id, d->id))
			c->pi = &c->p.ind[k];
	for (k = 0; k < c->p.nitem; k++)
		if (c->p.item[k].no == d->item_no)
			it = &c->p.item[k];
	if (!c->pi || !it)
		return ms_err_field(err, MS_E_NOTFOUND, "indicator", "没有指标 %s 的进度 (no progress of %s)", d->id, d->id);
	if (!org || !*org) {
		size_t n = strcspn(it->leads, ",");

		if (!n)
			return ms_err_field(err, MS_E_INVALID, "org", "第%lld件实事没有牵头单位，请指明督办单位 (name the unit)",
					    (long long)it->no);
		snprintf(c->org, sizeof(c->org), "%.*s", (int)(n < sizeof(c->org) ? n : sizeof(c->org) - 1), it->leads);
	} else {
		snprintf(c->org, sizeof(c->org), "%s", org);
	}
	for (k = 0; k < c->pi->norg; k++)
		if (!strcmp(c->pi->org[k].code, c->org))
			c->po = &c->pi->org[k];
	if (!c->po && !in_list(it->leads, c->org))
		return ms_err_field(err, MS_E_INVALID, "org",
				    "%s 既不是第%lld件实事的牵头单位，也不是指标 %s 的任务地区 (not the item's lead unit nor a region of the indicator)",
				    c->org, (long long)it->no, d->id);
	if (in_list(it->leads, c->org))
		c->po = NULL;
	if (c->po) {
		behind = org_behind(c->po);
	} else {
		behind = c->pi->colour == PC_RED || c->pi->reports.late || c->pi->reports.missing;
		for (k = 0; k < c->pi->norg; k++)
			behind |= org_behind(&c->pi->org[k]);
	}
	if (!behind)
		return ms_err_setk(err, MS_E_CONFLICT,
				   "指标 %s 未亮红灯，也没有迟报、未报送，无需督办 (the indicator is neither red nor late)",
				   d->id);
	return 0;
}

static int issue_work(struct ledger *l, struct store_duban *s, int64_t *id, struct ms_err *err)
{
	char key[96];

	if (store_duban_add(l->st, s, id, err))
		return -1;
	snprintf(key, sizeof(key), "%s/%lld", l->plan, (long long)*id);
	return store_journal_json(l->st, l->actor, "duban.issue", "duban", key, NULL,
				  json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)*id, "indicator",
					    s->indicator, "org", s->org, "what", s->what, "why", s->why, "answer_by",
					    s->answer_by),
				  err);
}

int duban_issue(struct ledger *l, const struct duban_in *in, int64_t *id, struct ms_err *err)
{
	const struct ledger_ind *d = in->indicator ? ledger_ind_find(l, in->indicator) : NULL;
	struct issue_ctx c;
	struct ms_buf why = MS_BUF_INIT, by = MS_BUF_INIT;
	struct store_duban s = { .plan = l->plan, .issued_by = l->actor };
	char now[32];
	ms_day day;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!d)
		return ms_err_field(err, MS_E_NOTFOUND, "indicator", "计划 %s 中无此指标 %s (no such indicator)", l->plan,
				    in->indicator ? in->indicator : "");
	if (text_check(in->what, "what", "督办事项", err) ||
	    (in->why && *in->why && text_check(in->why, "why", "督办理由", err)))
		return -1;
	if (!in->answer_by || ms_date_parse(in->answer_by, strlen(in->answer_by), &day, err))
		return ms_err_field(err, MS_E_INVALID, "answer_by", "请写明答复期限，如 2023-07-31 (answer-by: a date)");
	if (day < ms_date_of_time_cn(ms_clock_now()))
		return ms_err_field(err, MS_E_INVALID, "answer_by", "答复期限不能早于今天 (answer-by: today or later)");
	if (issue_target(l, d, in->org, &c, err)) {
		progress_free(&c.p);
		return -1;
	}
	ms_buf_adds(&why, "截至");
	figures(&c.p, c.pi, c.po, &why);
	if (in->why && *in->why)
		ms_buf_addf(&why, "\n%s", in->why);
	ms_date_format(&by, day);
	ms_clock_now_iso(now);
	s.indicator = d->id;
	s.org = c.org;
	s.what = in->what;
	s.why = why.buf;
	s.answer_by = by.buf;
	s.issued_at = now;
	rc = store_begin(l->st, err) ? -1 : store_end(l->st, issue_work(l, &s, id, err), err);
	progress_free(&c.p);
	ms_buf_release(&why);
	ms_buf_release(&by);
	return rc;
}

static int answer_work(struct ledger *l, int64_t id, const char *answer, const char *evidence, struct ms_err *err)
{
	char now[32], key[96];
	int rc;

	ms_clock_now_iso(now);
	rc = store_duban_answer(l->st, id, answer, l->actor, now, evidence, err);
	if (rc < 0)
		return -1;
	if (!rc)
		return ms_err_setk(err, MS_E_CONFLICT, "督办单 %lld 已答复 (already answered)", (long long)id);
	snprintf(key, sizeof(key), "%s/%lld", l->plan, (long long)id);
	return store_journal_json(l->st, l->actor, "duban.answer", "duban", key, NULL,
				  json_pack("{s:I, s:s, s:s?}", "id", (json_int_t)id, "answer", answer, "evidence",
					    evidence),
				  err);
}

static int evidence_seen(const struct evidence_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

int duban_answer(struct ledger *l, int64_t id, const char *answer, const char *evidence, struct ms_err *err)
{
	struct duban d;
	size_t i;
	int rc;

	if (duban_get(l, id, &d, err))
		return -1;
	duban_clear(&d);
	if (text_check(answer, "answer", "整改措施", err))
		return -1;
	if (evidence && *evidence) {
		/* the number of a file already uploaded (佐证材料), checked to exist */
		for (i = 0; evidence[i] >= '0' && evidence[i] <= '9'; i++)
			;
		if (evidence[i] || i > 15 || evidence[0] == '0')
			return ms_err_field(err, MS_E_INVALID, "evidence",
					    "佐证材料编号须为已上传材料的编号（数字） (evidence: the number of an uploaded file)");
		rc = evidence_one(l, strtoll(evidence, NULL, 10), evidence_seen, NULL, err);
		if (rc <= 0)
			return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "evidence",
							  "没有编号为 %s 的佐证材料，请先上传 (no evidence %s)",
							  evidence, evidence);
	} else {
		evidence = NULL;
	}
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, answer_work(l, id, answer, evidence, err), err);
}

/* ---------- reading ---------- */

struct read_ctx {
	const struct ledger *l;
	ms_day today;
	struct duban_list *dl;
	struct duban *one;
};

static void fill(const struct read_ctx *c, const struct store_duban *s, struct duban *d)
{
	const struct ledger_ind *ind = ledger_ind_find(c->l, s->indicator);
	ms_day by = 0;
	struct tm tm = { 0 };
	struct ms_err e;

	memset(d, 0, sizeof(*d));
	d->id = s->id;
	snprintf(d->plan, sizeof(d->plan), "%s", s->plan);
	snprintf(d->indicator, sizeof(d->indicator), "%s", s->indicator);
	snprintf(d->ind_name, sizeof(d->ind_name), "%s", ind ? ind->name : s->indicator);
	snprintf(d->org, sizeof(d->org), "%s", s->org);
	snprintf(d->org_name, sizeof(d->org_name), "%s", s->org_name);
	d->what = ms_strdup(s->what);
	d->why = ms_strdup(s->why);
	d->answer = s->answer ? ms_strdup(s->answer) : NULL;
	snprintf(d->answer_by, sizeof(d->answer_by), "%s", s->answer_by);
	snprintf(d->issued_by, sizeof(d->issued_by), "%s", s->issued_by);
	snprintf(d->issued_at, sizeof(d->issued_at), "%s", s->issued_at);
	snprintf(d->answered_by, sizeof(d->answered_by), "%s", s->answered_by ? s->answered_by : "");
	snprintf(d->answered_at, sizeof(d->answered_at), "%s", s->answered_at ? s->answered_at : "");
	snprintf(d->evidence, sizeof(d->evidence), "%s", s->evidence_ref ? s->evidence_ref : "");
	ms_date_parse(d->answer_by, strlen(d->answer_by), &by, &e);
	d->overdue = !d->answer && c->today > by;
	if (d->answer && sscanf(d->answered_at, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		d->late = ms_date_of_time_cn(timegm(&tm)) > by;
	}
}

static int take_one(const struct store_duban *s, void *arg)
{
	struct read_ctx *c = arg;

	fill(c, s, c->one);
	return 0;
}

static int take_many(const struct store_duban *s, void *arg)
{
	struct read_ctx *c = arg;

	c->dl->d = realloc(c->dl->d, (c->dl->n + 1) * sizeof(*c->dl->d));
	if (!c->dl->d)
		abort();
	fill(c, s, &c->dl->d[c->dl->n]);
	c->dl->overdue += c->dl->d[c->dl->n++].overdue;
	return 0;
}

int duban_get(struct ledger *l, int64_t id, struct duban *d, struct ms_err *err)
{
	struct read_ctx c = { .l = l, .today = ms_date_of_time_cn(ms_clock_now()), .one = d };
	int rc = store_duban_get(l->st, id, take_one, &c, err);

	if (rc < 0)
		return -1;
	if (!rc || strcmp(d->plan, l->plan)) {
		if (rc)
			duban_clear(d);
		return ms_err_field(err, MS_E_NOTFOUND, "id", "没有督办单 %lld (no such notice)", (long long)id);
	}
	return 0;
}

static int cmp_overdue(const void *a, const void *b)
{
	const struct duban *x = a, *y = b;

	if (x->overdue != y->overdue)
		return y->overdue - x->overdue;
	return x->id < y->id ? -1 : x->id > y->id;
}

int duban_list(struct ledger *l, const char *org, const char *indicator, struct duban_list *out,
	       struct ms_err *err)
{
	struct read_ctx c = { .l = l, .today = ms_date_of_time_cn(ms_clock_now()), .dl = out };

	memset(out, 0, sizeof(*out));
	if (store_duban_each(l->st, l->plan, org, indicator, take_many, &c, err)) {
		duban_list_free(out);
		return -1;
	}
	if (out->n)
		qsort(out->d, out->n, sizeof(*out->d), cmp_overdue);
	return 0;
}

void duban_clear(struct duban *d)
{
	free(d->what);
	free(d->why);
	free(d->answer);
	d->what = d->why = d->answer = NULL;
}

void duban_list_free(struct duban_list *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		duban_clear(&dl->d[i]);
	free(dl->d);
	memset(dl, 0, sizeof(*dl));
}

const char *duban_state_cn(const struct duban *d)
{
	if (d->overdue)
		return "逾期未答复";
	if (d->answer)
		return d->late ? "逾期答复" : "已答复";
	return "待答复";
}

static const char *state_code(const struct duban *d)
{
	if (d->overdue)
		return "overdue";
	if (d->answer)
		return d->late ? "answered_late" : "answered";
	return "open";
}

json_t *duban_json(const struct duban *d)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?}",
			 "id", (json_int_t)d->id, "plan", d->plan, "indicator", d->indicator, "indicator_name",
			 d->ind_name, "org", d->org, "org_name", d->org_name, "what", d->what, "why", d->why,
			 "answer_by", d->answer_by, "issued_by", d->issued_by, "issued_at", d->issued_at, "state",
			 state_code(d), "answer", d->answer, "answered_by", d->answer ? d->answered_by : NULL,
			 "answered_at", d->answer ? d->answered_at : NULL, "evidence",
			 d->evidence[0] ? d->evidence : NULL);
}

void duban_render(const struct duban_list *dl, struct ms_buf *out)
{
	static const char *const head[] = { "编号", "状态", "指标", "督办单位", "答复期限", "督办事项" };
	struct ms_table *t;
	size_t i;

	if (!dl->n) {
		ms_buf_adds(out, "没有督办单。\n");
		return;
	}
	t = ms_table_new(6);
	for (i = 0; i < 6; i++)
		ms_table_add(t, head[i]);
	for (i = 0; i < dl->n; i++) {
		const struct duban *d = &dl->d[i];

		ms_table_addf(t, "%lld", (long long)d->id);
		ms_table_add(t, duban_state_cn(d));
		ms_table_addf(t, "%s %s", d->indicator, d->ind_name);
		ms_table_addf(t, "%s %s", d->org, d->org_name);
		ms_table_add(t, d->answer_by);
		ms_table_addf(t, "%.*s", ms_utf8_clip(d->what, strlen(d->what), 60), d->what);
	}
	ms_table_render(t, out);
	ms_table_free(t);
	if (dl->overdue)
		ms_buf_addf(out, "其中 %d 件逾期未答复。\n", dl->overdue);
}

void duban_render_one(const struct duban *d, struct ms_buf *out)
{
	ms_buf_addf(out, "督办单 %lld（%s）\n指标：%s %s\n督办单位：%s %s\n答复期限：%s\n", (long long)d->id,
		    duban_state_cn(d), d->indicator, d->ind_name, d->org, d->org_name, d->answer_by);
	ms_buf_adds(out, "签发：");
	ms_stamp_format_cn(out, d->issued_at, 0);
	ms_buf_addf(out, "（%s）\n督办事项：%s\n督办理由：%s\n", d->issued_by, d->what, d->why);
	if (d->answer) {
		ms_buf_adds(out, "答复：");
		ms_stamp_format_cn(out, d->answered_at, 0);
		ms_buf_addf(out, "（%s）\n整改措施：%s\n", d->answered_by, d->answer);
		if (d->evidence[0])
			ms_buf_addf(out, "佐证材料：%s\n", d->evidence);
	}
}
