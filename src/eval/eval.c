/*
 * eval.c - surveys, scores, grades and recommendations (eval.h). The
 * figures come from progress_compute as of the evaluation day, so an
 * evaluation is reproducible; the survey rates carry their 95% interval
 * so that a small sample is not over-read.
 */
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "ledger/progress.h"
#include "plan/units.h"
#include "report/bulletin.h"
#include "store/store.h"
#include "core/banned.h"

/* ---------- surveys ---------- */

static const char *const survey_cols[] = { "region", "item", "satisfaction", "aware", "respondent", NULL };
static const int survey_req[] = { 1, 1, 1, 0, 0 };

/* 满意 / 基本满意 / 不满意, or a score 1-5 (4-5 满意, 3 基本满意, 1-2 不满意). */
static int satisfaction_parse(const char *s, const char **cat, int *score, struct ms_err *err)
{
	*score = 0;
	if (!strcmp(s, "满意") || !strcmp(s, "satisfied"))
		*cat = "satisfied";
	else if (!strcmp(s, "基本满意") || !strcmp(s, "basic"))
		*cat = "basic";
	else if (!strcmp(s, "不满意") || !strcmp(s, "unsatisfied"))
		*cat = "unsatisfied";
	else if (s[0] >= '1' && s[0] <= '5' && !s[1]) {
		*score = s[0] - '0';
		*cat = *score >= 4 ? "satisfied" : *score == 3 ? "basic" : "unsatisfied";
	} else
		return ms_err_set(err, "satisfaction: \"%.*s\": expected 满意, 基本满意, 不满意 or a score 1-5",
				  ms_utf8_clip(s, strlen(s), 40), s);
	return 0;
}

static int survey_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	const char *region = ledger_csv_cell(r, col[0]), *item = ledger_csv_cell(r, col[1]);
	const char *sat = ledger_csv_cell(r, col[2]), *aware = ledger_csv_cell(r, col[3]);
	const char *who = ledger_csv_cell(r, col[4]);
	struct store_survey s = { 0 };
	struct store_org_row o;
	char *end;
	long no;
	int rc;

	if (!region || !item || !sat)
		return ms_err_set(err, "%s: empty", !region ? "region" : !item ? "item" : "satisfaction");
	no = strtol(item, &end, 10);
	if (*end || no < 1 || no > 99)
		return ms_err_set(err, "item: \"%.*s\": expected an item number", ms_utf8_clip(item, strlen(item), 20), item);
	{
		int found = 0;
		size_t i;

		for (i = 0; i < l->nind; i++)
			found |= l->ind[i].item_no == no;
		if (!found)
			return ms_err_setk(err, MS_E_NOTFOUND, "item: the plan has no item %ld (计划中无此实事)", no);
	}
	rc = store_org_get(l->st, region, &o, err);
	if (rc < 0)
		return -1;
	if (!rc || (strcmp(o.kind, "city") && strcmp(o.kind, "county") && strcmp(o.kind, "province")))
		return ms_err_set(err, "region: \"%.*s\": not a region code (GB/T 2260)",
				  ms_utf8_clip(region, strlen(region), 32), region);
	if (satisfaction_parse(sat, &s.satisfaction, &s.score, err))
		return -1;
	s.aware = -1;
	if (aware) {
		if (!strcmp(aware, "是") || !strcmp(aware, "知晓") || !strcmp(aware, "yes") || !strcmp(aware, "1"))
			s.aware = 1;
		else if (!strcmp(aware, "否") || !strcmp(aware, "不知晓") || !strcmp(aware, "no") || !strcmp(aware, "0"))
			s.aware = 0;
		else
			return ms_err_set(err, "aware: \"%.*s\": expected 是/否 (知晓/不知晓, yes/no)",
					  ms_utf8_clip(aware, strlen(aware), 20), aware);
	}
	s.respondent = "public";
	if (who) {
		if (!strcmp(who, "群众") || !strcmp(who, "public"))
			s.respondent = "public";
		else if (!strcmp(who, "人大代表") || !strcmp(who, "deputy"))
			s.respondent = "deputy";
		else if (!strcmp(who, "政协委员") || !strcmp(who, "member"))
			s.respondent = "member";
		else
			return ms_err_set(err, "respondent: \"%.*s\": expected 群众, 人大代表 or 政协委员",
					  ms_utf8_clip(who, strlen(who), 20), who);
	}
	s.plan = l->plan;
	s.item_no = no;
	s.region = o.code;
	s.batch = l->actor;
	return store_survey_add(l->st, &s, err);
}

int eval_survey_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, survey_cols, survey_req, survey_row, "survey.import", n, err);
}

void eval_rate_set(struct eval_rate *r, int64_t k, int64_t n)
{
	const double z = 1.959964;
	double p, d, c, h;

	r->n = n;
	r->k = k;
	if (n <= 0) {
		r->bp = r->lo_bp = r->hi_bp = -1;
		return;
	}
	p = (double)k / (double)n;
	d = 1 + z * z / (double)n;
	c = (p + z * z / (2.0 * (double)n)) / d;
	h = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n * (double)n)) / d;
	r->bp = (int)((k * 10000 * 2 + n) / (2 * n));   /* rounded half up, exact */
	r->lo_bp = (int)lround((c - h) * 10000);
	r->hi_bp = (int)lround((c + h) * 10000);
	if (r->lo_bp < 0)
		r->lo_bp = 0;
	if (r->hi_bp > 10000)
		r->hi_bp = 10000;
}

/* ---------- options ---------- */

void eval_opts_default(struct eval_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->w_completion = 50;
	o->w_timeliness = 20;
	o->w_satisfaction = 30;
	o->excellent = 90;
	o->good = 80;
	o->pass = 60;
	o->raise_margin = 20;
	o->low_satisfaction = 80;
	o->low_awareness = 60;
}

int eval_weights_parse(struct eval_opts *o, const char *s, struct ms_err *err)
{
	int w[3] = { -1, -1, -1 };
	static const char *const names[] = { "completion", "timeliness", "satisfaction" };
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, "="), i;
		char *end;
		long v;

		for (i = 0; i < 3; i++)
			if (strlen(names[i]) == n && !strncmp(p, names[i], n))
				break;
		if (i == 3 || p[n] != '=')
			return ms_err_set(err, "--weights: \"%.*s\": expected completion=N,timeliness=N,satisfaction=N",
					  ms_utf8_clip(s, strlen(s), 80), s);
		v = strtol(p + n + 1, &end, 10);
		if (end == p + n + 1 || (*end && *end != ',') || v < 0 || v > 100)
			return ms_err_set(err, "--weights: %s takes a whole number 0-100", names[i]);
		w[i] = (int)v;
		p = *end ? end + 1 : end;
	}
	if (w[0] < 0 || w[1] < 0 || w[2] < 0)
		return ms_err_set(err, "--weights: give all three of completion, timeliness and satisfaction");
	if (w[0] + w[1] + w[2] != 100)
		return ms_err_set(err, "--weights: %d + %d + %d = %d, not 100 (权重之和须为100)", w[0], w[1], w[2],
				  w[0] + w[1] + w[2]);
	o->w_completion = w[0];
	o->w_timeliness = w[1];
	o->w_satisfaction = w[2];
	return 0;
}

/* ---------- scores ---------- */

static int ratio_bp(int64_t k, int64_t n)
{
	return n > 0 ? (int)((k * 20000 + n) / (2 * n)) : -1;
}

/* The weighted score; without satisfaction its weight goes to the others in proportion. */
static void score(struct eval_score *s, const struct eval_opts *o)
{
	int64_t wc = o->w_completion * 100, wt = o->w_timeliness * 100, ws = o->w_satisfaction * 100;
	int c = s->completion_bp < 0 ? 0 : s->completion_bp, t = s->timeliness_bp < 0 ? 10000 : s->timeliness_bp;

	if (s->satisfaction_bp < 0) {
		int64_t rest = wc + wt;

		if (rest > 0) {
			wc = wc * 10000 / rest;
			wt = 10000 - wc;
		} else {
			wc = 10000;
			wt = 0;
		}
		ws = 0;
	}
	s->w_completion = (int)wc;
	s->w_timeliness = (int)wt;
	s->w_satisfaction = (int)ws;
	s->score_bp = (int)((wc * c + wt * t + ws * (s->satisfaction_bp < 0 ? 0 : s->satisfaction_bp) + 5000) / 10000);
	s->grade = s->score_bp >= o->excellent * 100 ? "优秀" : s->score_bp >= o->good * 100 ? "良好" :
		   s->score_bp >= o->pass * 100 ? "合格" : "不合格";
}

/* An indicator's part in its item's completion: capped; qualitative by its reports. */
static int ind_part(const struct prog_ind *pi)
{
	if (!pi->ind->has_target)
		return pi->narratives > 0 ? 10000 : 0;
	if (pi->completion_bp < 0)
		return 0;
	return pi->completion_bp > 10000 ? 10000 : pi->completion_bp;
}

struct surv {
	struct ledger *l;
	struct eval *ev;
	int64_t (*item)[4];           /* per item index: n, satisfied, aware, asked */
	int64_t (*city)[2];           /* per city index: n, satisfied */
};

static int city_of(struct eval *ev, struct store *st, const char *region)
{
	struct store_org_row o;
	size_t i;

	if (store_org_get(st, region, &o, NULL) == 1 && !strcmp(o.kind, "county"))
		region = o.parent;
	for (i = 0; i < ev->ncity; i++)
		if (!strcmp(ev->city[i].code, region))
			return (int)i;
	return -1;
}

static int take_survey(int64_t item_no, const char *region, int64_t n, int64_t sat, int64_t aware,
		       int64_t asked, void *arg)
{
	struct surv *s = arg;
	size_t i;
	int c;

	for (i = 0; i < s->ev->nitem; i++)
		if (s->ev->item[i].no == item_no) {
			s->item[i][0] += n;
			s->item[i][1] += sat;
			s->item[i][2] += aware;
			s->item[i][3] += asked;
		}
	if ((c = city_of(s->ev, s->l->st, region)) >= 0) {
		s->city[c][0] += n;
		s->city[c][1] += sat;
	}
	s->ev->survey = 1;
	return 0;
}

static void rec_add(struct eval *ev, const char *kind, int64_t item_no, const struct ms_buf *text)
{
	struct eval_rec *r;

	ev->rec = realloc(ev->rec, (ev->nrec + 1) * sizeof(*ev->rec));
	if (!ev->rec)
		abort();
	r = &ev->rec[ev->nrec++];
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->item_no = item_no;
	snprintf(r->text, sizeof(r->text), "%.*s", ms_utf8_clip(text->buf, text->len, sizeof(r->text) - 1), text->buf);
}

static void value(struct ms_buf *b, const struct ledger_ind *d, int64_t v)
{
	prog_value_text(b, d->unit, v);
}

/* Carry-over and raise recommendations from one indicator. */
static void recommend_ind(struct eval *ev, const struct prog_ind *pi, const char *item_title)
{
	const struct ledger_ind *d = pi->ind;
	struct ms_buf t = MS_BUF_INIT;
	size_t k, shown = 0;

	if (!d->has_target)
		return;
	if (pi->completion_raw_bp >= 0 && pi->completion_raw_bp < 10000) {
		ms_buf_addf(&t, "第%lld件“%s”：指标“%s”完成 ", (long long)d->item_no, item_title, d->name);
		if (d->agg == LEDGER_AGG_SUM && pi->has_actual) {
			value(&t, d, pi->actual);
			ms_buf_adds(&t, "，目标 ");
			value(&t, d, d->target);
			ms_buf_adds(&t, "，完成率 ");
			prog_pct(&t, pi->completion_raw_bp);
			if (d->cmp == MS_CMP_GE && d->target > pi->actual) {
				ms_buf_adds(&t, "，尚差 ");
				value(&t, d, d->target - pi->actual);
			}
		} else {
			prog_pct(&t, pi->completion_raw_bp);
			if (pi->regions)
				ms_buf_addf(&t, "（%d/%d 个地区达标）", pi->regions_met, pi->regions);
		}
		ms_buf_adds(&t, "；建议结转下一年度。未完成的地区：");
		for (k = 0; k < pi->norg; k++) {
			const struct prog_org *o = &pi->org[k];

			if (o->completion_bp >= 10000 || !o->target)
				continue;
			if (shown++ < 12) {
				ms_buf_addf(&t, "%s%s ", shown > 1 ? "、" : "", o->name);
				if (o->has_actual)
					value(&t, d, o->actual);
				else
					ms_buf_adds(&t, "未报");
				ms_buf_adds(&t, "（目标 ");
				value(&t, d, o->target);
				ms_buf_adds(&t, "）");
			}
		}
		if (shown > 12)
			ms_buf_addf(&t, " 等 %zu 个", shown);
		if (!shown)
			ms_buf_adds(&t, "（无分地区数据）");
		ms_buf_adds(&t, "。");
		rec_add(ev, "carry_over", d->item_no, &t);
	} else if (pi->completion_raw_bp > 10000 + ev->o.raise_margin * 100) {
		ms_buf_addf(&t, "第%lld件“%s”：指标“%s”完成率 ", (long long)d->item_no, item_title, d->name);
		prog_pct(&t, pi->completion_raw_bp);
		ms_buf_adds(&t, "（完成 ");
		if (pi->has_actual)
			value(&t, d, pi->actual);
		ms_buf_adds(&t, "，目标 ");
		value(&t, d, d->target);
		ms_buf_addf(&t, "），超过目标 %d 个百分点以上；建议下一年度提高目标。", ev->o.raise_margin);
		rec_add(ev, "raise", d->item_no, &t);
	}
	ms_buf_release(&t);
}

static struct eval_group *lead_of(struct eval *ev, struct store *st, const char *code)
{
	struct store_org_row o;
	size_t i;

	for (i = 0; i < ev->nlead; i++)
		if (!strcmp(ev->lead[i].code, code))
			return &ev->lead[i];
	ev->lead = realloc(ev->lead, (ev->nlead + 1) * sizeof(*ev->lead));
	if (!ev->lead)
		abort();
	memset(&ev->lead[ev->nlead], 0, sizeof(ev->lead[0]));
	snprintf(ev->lead[ev->nlead].code, sizeof(ev->lead[0].code), "%s", code);
	snprintf(ev->lead[ev->nlead].name, sizeof(ev->lead[0].name), "%s",
		 store_org_get(st, code, &o, NULL) == 1 ? o.name : code);
	return &ev->lead[ev->nlead++];
}

static int take_city(const struct store_org *o, void *arg)
{
	struct eval *ev = arg;

	ev->city = realloc(ev->city, (ev->ncity + 1) * sizeof(*ev->city));
	if (!ev->city)
		abort();
	memset(&ev->city[ev->ncity], 0, sizeof(ev->city[0]));
	snprintf(ev->city[ev->ncity].code, sizeof(ev->city[0].code), "%s", o->code);
	snprintf(ev->city[ev->ncity].name, sizeof(ev->city[0].name), "%s", o->name);
	ev->ncity++;
	return 0;
}

/* The 待核实 notes still open in the plan. */
static int open_notes(struct eval *ev, struct store *st, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, t = MS_BUF_INIT;
	json_t *plan, *n;
	size_t i;

	if (store_plan_doc(st, ev->plan, &doc, err) != 1) {
		ms_buf_release(&doc);
		return -1;
	}
	plan = ms_json_load_bytes(doc.buf, doc.len, "plan", err);
	ms_buf_release(&doc);
	if (!plan)
		return -1;
	json_array_foreach(json_object_get(plan, "notes"), i, n) {
		const char *flag = json_string_value(json_object_get(n, "flag"));
		json_t *item = json_object_get(n, "item");

		if (!flag || strcmp(flag, "待核实"))
			continue;
		ms_buf_reset(&t);
		ms_buf_addf(&t, "待核实（%s）：%s", json_string_value(json_object_get(n, "id")) ?
			    json_string_value(json_object_get(n, "id")) : "",
			    json_string_value(json_object_get(n, "text")) ? json_string_value(json_object_get(n, "text")) : "");
		rec_add(ev, "verify", json_is_integer(item) ? json_integer_value(item) : 0, &t);
	}
	json_decref(plan);
	ms_buf_release(&t);
	return 0;
}

/* Title likeness: 100 × the Dice coefficient of the two titles' character bigrams. */
static int likeness(const char *a, const char *b)
{
	uint32_t x[96], y[96];
	size_t nx = 0, ny = 0, i, j, common = 0;
	size_t p;
	char used[96] = { 0 };

	for (p = 0; a[p] && nx < 96;)
		if (ms_utf8_decode(a, strlen(a), &p, &x[nx++]) < 0)
			return 0;
	for (p = 0; b[p] && ny < 96;)
		if (ms_utf8_decode(b, strlen(b), &p, &y[ny++]) < 0)
			return 0;
	if (nx < 2 || ny < 2)
		return nx == ny && nx && x[0] == y[0] ? 100 : 0;
	for (i = 0; i + 1 < nx; i++)
		for (j = 0; j + 1 < ny; j++)
			if (!used[j] && x[i] == y[j] && x[i + 1] == y[j + 1]) {
				used[j] = 1;
				common++;
				break;
			}
	return (int)(200 * common / (nx - 1 + ny - 1));
}

static int bp_of(const json_t *v)
{
	const char *s = json_string_value(v);
	struct ms_err e;
	int64_t bp;

	if (!s || ms_pct_parse(s, strlen(s), &bp, NULL, &e) || bp < 0 || bp > 1000000)
		return -1;
	return (int)bp;
}

/*
 * Year over year: last year's saved evaluation, its items matched to this
 * year's by title (the best match of at least 50, each used once). Without
 * a saved one, a note says what to run when last year's plan is here.
 */
static int compare_prev(struct eval *ev, struct store *st, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, saved = MS_BUF_INIT;
	int64_t prev = ev->year - 1;
	json_t *j = NULL, *items, *it;
	char *taken = NULL;
	size_t i, k;
	int r, rc = -1;

	r = store_eval_latest(st, prev, &doc, &saved, err);
	if (r < 0)
		goto out;
	if (r == 0) {
		struct ms_buf id = MS_BUF_INIT;

		r = store_plan_of_year(st, prev, &id, err);
		ms_buf_release(&id);
		if (r < 0)
			goto out;
		if (r == 1)
			snprintf(ev->cmp_note, sizeof(ev->cmp_note),
				 "数据库中有%lld年的计划，但尚未保存其评估，无法同比；运行 minsheng evaluate --year %lld --save 后再评估。",
				 (long long)prev, (long long)prev);
		rc = 0;
		goto out;
	}
	j = json_loadb(doc.buf, doc.len, 0, NULL);
	items = json_object_get(j, "items");
	if (!json_is_array(items)) {
		snprintf(ev->cmp_note, sizeof(ev->cmp_note), "%lld年保存的评估无法读取，未作同比。", (long long)prev);
		rc = 0;
		goto out;
	}
	taken = calloc(json_array_size(items) + 1, 1);
	ev->cmp = calloc(ev->nitem + 1, sizeof(*ev->cmp));
	if (!taken || !ev->cmp)
		abort();
	for (i = 0; i < ev->nitem; i++) {
		struct eval_cmp *c;
		int best = 49;
		size_t at = (size_t)-1;

		json_array_foreach(items, k, it) {
			const char *t = json_string_value(json_object_get(it, "title"));
			int m = t && !taken[k] ? likeness(ev->item[i].title, t) : 0;

			if (m > best) {
				best = m;
				at = k;
			}
		}
		if (at == (size_t)-1)
			continue;
		it = json_array_get(items, at);
		taken[at] = 1;
		c = &ev->cmp[ev->ncmp++];

		c->no = ev->item[i].no;
		c->prev_no = json_integer_value(json_object_get(it, "no"));
		snprintf(c->prev_title, sizeof(c->prev_title), "%s", json_string_value(json_object_get(it, "title")));
		c->prev_score_bp = bp_of(json_object_get(it, "score"));
		c->prev_completion_bp = bp_of(json_object_get(it, "completion"));
		snprintf(c->prev_grade, sizeof(c->prev_grade), "%s",
			 json_is_string(json_object_get(it, "grade")) ? json_string_value(json_object_get(it, "grade")) : "");
		c->match_pct = best;
	}
	ev->cmp_year = prev;
	snprintf(ev->cmp_note, sizeof(ev->cmp_note), "与%lld年保存的评估（%s，计划 %s）比较；按实事名称对应，%zu 件可比。",
		 (long long)prev, saved.buf, json_string_value(json_object_get(j, "plan")) ?
		 json_string_value(json_object_get(j, "plan")) : "?", ev->ncmp);
	rc = 0;
out:
	json_decref(j);
	free(taken);
	ms_buf_release(&doc);
	ms_buf_release(&saved);
	return rc;
}

int eval_compute(struct ledger *l, const struct eval_opts *o, struct eval *ev, struct ms_err *err)
{
	struct progress_opts po = { 0 };
	struct progress p;
	struct surv sv = { 0 };
	struct ms_buf t = MS_BUF_INIT;
	int64_t (*cityacc)[6] = NULL;   /* per city: completion sum, parts, on_time, expected, late, missing */
	size_t i, j, k;
	int rc = -1;

	memset(ev, 0, sizeof(*ev));
	ev->o = *o;
	ev->as_of = o->as_of;
	snprintf(ev->plan, sizeof(ev->plan), "%s", l->plan);
	po.as_of = o->as_of;
	if (progress_compute(l, &po, &p, err))
		return -1;
	ev->demo = p.demo;
	{
		int y, m, d;

		ms_date_to_ymd(l->start, &y, &m, &d);
		ev->year = y;
	}
	if (store_org_each(l->st, "city", take_city, ev, err))
		goto out;
	ev->nitem = p.nitem;
	ev->item = calloc(p.nitem ? p.nitem : 1, sizeof(*ev->item));
	sv.item = calloc(p.nitem ? p.nitem : 1, sizeof(*sv.item));
	sv.city = calloc(ev->ncity ? ev->ncity : 1, sizeof(*sv.city));
	cityacc = calloc(ev->ncity ? ev->ncity : 1, sizeof(*cityacc));
	if (!ev->item || !sv.item || !sv.city || !cityacc)
		abort();
	sv.l = l;
	sv.ev = ev;
	for (i = 0; i < p.nitem; i++) {
		ev->item[i].no = p.item[i].no;
		snprintf(ev->item[i].title, sizeof(ev->item[i].title), "%s", p.item[i].title);
		snprintf(ev->item[i].leads, sizeof(ev->item[i].leads), "%s", p.item[i].leads);
	}
	if (store_survey_each(l->st, l->plan, take_survey, &sv, err))
		goto out;

	for (i = 0; i < p.nitem; i++) {
		struct eval_item *it = &ev->item[i];
		int64_t sum = 0, parts = 0;

		ms_buf_reset(&t);
		for (j = 0; j < p.nind; j++) {
			const struct prog_ind *pi = &p.ind[j];
			int part;

			if (pi->ind->item_no != it->no)
				continue;
			part = ind_part(pi);
			sum += part;
			parts++;
			if (pi->ind->has_target) {
				it->indicators++;
				it->met += pi->completion_raw_bp >= 10000;
			}
			ms_buf_addf(&t, "%s%s ", t.len ? "；" : "", pi->ind->name);
			if (pi->ind->has_target)
				prog_pct(&t, part);
			else
				ms_buf_adds(&t, part ? "已报进展" : "未报进展");
			recommend_ind(ev, pi, it->title);
			/* the cities' parts */
			for (k = 0; k < pi->norg; k++) {
				const struct prog_org *og = &pi->org[k];
				int c;
				size_t x;

				for (c = -1, x = 0; x < ev->ncity; x++)
					if (!strcmp(ev->city[x].code, og->code))
						c = (int)x;
				if (c < 0)
					continue;
				if (pi->ind->has_target && og->target) {
					cityacc[c][0] += og->completion_bp < 0 ? 0 : og->completion_bp > 10000 ? 10000 :
							 og->completion_bp;
					cityacc[c][1]++;
				}
				cityacc[c][2] += og->reports.on_time;
				cityacc[c][3] += og->reports.expected;
				cityacc[c][4] += og->reports.late;
				cityacc[c][5] += og->reports.missing;
			}
		}
		snprintf(it->basis, sizeof(it->basis), "%.*s", ms_utf8_clip(t.buf, t.len, sizeof(it->basis) - 1), t.buf);
		it->s.completion_bp = parts ? (int)((sum * 2 + parts) / (2 * parts)) : -1;
		it->s.timeliness_bp = ratio_bp(p.item[i].reports.on_time, p.item[i].reports.expected);
		eval_rate_set(&it->satisfaction, sv.item[i][1], sv.item[i][0]);
		eval_rate_set(&it->awareness, sv.item[i][2], sv.item[i][3]);
		it->s.satisfaction_bp = it->satisfaction.bp;
		score(&it->s, o);

		/* satisfaction and awareness under the thresholds */
		if ((it->satisfaction.n && it->satisfaction.bp < o->low_satisfaction * 100) ||
		    (it->awareness.n && it->awareness.bp < o->low_awareness * 100)) {
			ms_buf_reset(&t);
			ms_buf_addf(&t, "第%lld件“%s”：", (long long)it->no, it->title);
			if (it->satisfaction.n) {
				ms_buf_adds(&t, "满意度 ");
				prog_pct(&t, it->satisfaction.bp);
				ms_buf_adds(&t, "（95%区间 ");
				prog_pct(&t, it->satisfaction.lo_bp);
				ms_buf_adds(&t, "–");
				prog_pct(&t, it->satisfaction.hi_bp);
				ms_buf_addf(&t, "，%lld 份）", (long long)it->satisfaction.n);
			}
			if (it->awareness.n) {
				ms_buf_adds(&t, "，知晓率 ");
				prog_pct(&t, it->awareness.bp);
				ms_buf_addf(&t, "（%lld 份）", (long long)it->awareness.n);
			}
			ms_buf_addf(&t, "，低于 %d%% / %d%%；建议复盘实施方式和宣传。", o->low_satisfaction, o->low_awareness);
			rec_add(ev, "review", it->no, &t);
		}

		/* the lead units */
		{
			char leads[256], *save = NULL, *code;

			snprintf(leads, sizeof(leads), "%s", it->leads);
			for (code = strtok_r(leads, ",", &save); code; code = strtok_r(NULL, ",", &save)) {
				struct eval_group *g = lead_of(ev, l->st, code);

				g->items++;
				if (it->s.satisfaction_bp >= 0) {
					g->satisfaction.n++;
					g->satisfaction.k += it->s.satisfaction_bp;
				}
				g->s.completion_bp += it->s.completion_bp < 0 ? 0 : it->s.completion_bp;
				g->s.timeliness_bp += it->s.timeliness_bp < 0 ? 10000 : it->s.timeliness_bp;
				g->s.score_bp += it->s.score_bp;
			}
		}
	}
	for (i = 0; i < ev->nlead; i++) {
		struct eval_group *g = &ev->lead[i];
		int n = g->items;

		g->s.completion_bp = (g->s.completion_bp * 2 + n) / (2 * n);
		g->s.timeliness_bp = (g->s.timeliness_bp * 2 + n) / (2 * n);
		/* the mean of its items' satisfaction, where surveyed */
		g->s.satisfaction_bp = g->satisfaction.n ?
			(int)((g->satisfaction.k * 2 + g->satisfaction.n) / (2 * g->satisfaction.n)) : -1;
		memset(&g->satisfaction, 0, sizeof(g->satisfaction));
		g->s.score_bp = (g->s.score_bp * 2 + n) / (2 * n);
		g->s.grade = g->s.score_bp >= o->excellent * 100 ? "优秀" : g->s.score_bp >= o->good * 100 ? "良好" :
			     g->s.score_bp >= o->pass * 100 ? "合格" : "不合格";
	}
	for (i = 0; i < ev->ncity; i++) {
		struct eval_group *g = &ev->city[i];

		g->s.completion_bp = cityacc[i][1] ? (int)((cityacc[i][0] * 2 + cityacc[i][1]) / (2 * cityacc[i][1])) : -1;
		g->s.timeliness_bp = ratio_bp(cityacc[i][2], cityacc[i][3]);
		g->late = (int)cityacc[i][4];
		g->missing = (int)cityacc[i][5];
		eval_rate_set(&g->satisfaction, sv.city[i][1], sv.city[i][0]);
		g->s.satisfaction_bp = g->satisfaction.bp;
		score(&g->s, o);
		if (g->late || g->missing) {
			ms_buf_reset(&t);
			ms_buf_addf(&t, "%s：逾期报送 %d 份、未报送 %d 份（按时率 ", g->name, g->late, g->missing);
			prog_pct(&t, g->s.timeliness_bp);
			ms_buf_adds(&t, "）；建议督办。");
			rec_add(ev, "supervise", 0, &t);
		}
	}
	if (open_notes(ev, l->st, err) || compare_prev(ev, l->st, err))
		goto out;
	rc = 0;
out:
	progress_free(&p);
	free(sv.item);
	free(sv.city);
	free(cityacc);
	ms_buf_release(&t);
	if (rc)
		eval_free(ev);
	return rc;
}

void eval_free(struct eval *ev)
{
	free(ev->item);
	free(ev->lead);
	free(ev->city);
	free(ev->rec);
	free(ev->cmp);
	memset(ev, 0, sizeof(*ev));
}

/* ---------- output ---------- */

static json_t *pct_json(int bp)
{
	char s[32];

	if (bp < 0)
		return json_null();
	snprintf(s, sizeof(s), "%d.%02d", bp / 100, bp % 100);
	return json_string(s);
}

static json_t *score_json(const struct eval_score *s)
{
	return json_pack("{s:o, s:o, s:o, s:{s:o, s:o, s:o}, s:o, s:s}",
			 "completion", pct_json(s->completion_bp), "timeliness", pct_json(s->timeliness_bp),
			 "satisfaction", pct_json(s->satisfaction_bp), "weights",
			 "completion", pct_json(s->w_completion), "timeliness", pct_json(s->w_timeliness),
			 "satisfaction", pct_json(s->w_satisfaction), "score", pct_json(s->score_bp),
			 "grade", s->grade ? s->grade : "");
}

static json_t *rate_json(const struct eval_rate *r)
{
	if (r->n <= 0)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:o, s:o}", "responses", (json_int_t)r->n, "yes", (json_int_t)r->k,
			 "rate", pct_json(r->bp), "ci95_low", pct_json(r->lo_bp), "ci95_high", pct_json(r->hi_bp));
}

static const struct eval_item *item_no(const struct eval *ev, int64_t no)
{
	size_t i;

	for (i = 0; i < ev->nitem; i++)
		if (ev->item[i].no == no)
			return &ev->item[i];
	return NULL;
}

/* Year over year: null when there is nothing to say, else {year, note, items}. */
static json_t *cmp_json(const struct eval *ev)
{
	json_t *items = json_array();
	size_t i;

	if (!ev->cmp_year && !ev->cmp_note[0]) {
		json_decref(items);
		return json_null();
	}
	for (i = 0; i < ev->ncmp; i++) {
		const struct eval_cmp *c = &ev->cmp[i];
		const struct eval_item *it = item_no(ev, c->no);
		int change = it && c->prev_score_bp >= 0 ? it->s.score_bp - c->prev_score_bp : 0;
		char ch[32];

		snprintf(ch, sizeof(ch), "%s%d.%02d", change < 0 ? "-" : "", abs(change) / 100, abs(change) % 100);
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, s:i, s:o, s:o, s:o, s:o, s:s, s:s, s:s}",
			"no", (json_int_t)c->no, "title", it ? it->title : "", "prev_no", (json_int_t)c->prev_no,
			"prev_title", c->prev_title, "title_match", c->match_pct,
			"prev_completion", pct_json(c->prev_completion_bp),
			"completion", pct_json(it ? it->s.completion_bp : -1),
			"prev_score", pct_json(c->prev_score_bp), "score", pct_json(it ? it->s.score_bp : -1),
			"change", c->prev_score_bp >= 0 ? ch : "", "prev_grade", c->prev_grade,
			"grade", it && it->s.grade ? it->s.grade : ""));
	}
	return json_pack("{s:o, s:s, s:o}", "year", ev->cmp_year ? json_integer(ev->cmp_year) : json_null(),
			 "note", ev->cmp_note, "items", items);
}

json_t *eval_json(const struct eval *ev)
{
	struct ms_buf d = MS_BUF_INIT;
	json_t *j, *items = json_array(), *leads = json_array(), *cities = json_array(), *recs = json_array();
	size_t i;

	ms_date_format(&d, ev->as_of);
	for (i = 0; i < ev->nitem; i++) {
		const struct eval_item *it = &ev->item[i];
		json_t *x = score_json(&it->s);

		json_object_set_new(x, "no", json_integer(it->no));
		json_object_set_new(x, "title", json_string(it->title));
		json_object_set_new(x, "leads", json_string(it->leads));
		json_object_set_new(x, "indicators", json_integer(it->indicators));
		json_object_set_new(x, "met", json_integer(it->met));
		json_object_set_new(x, "basis", json_string(it->basis));
		json_object_set_new(x, "survey_satisfaction", rate_json(&it->satisfaction));
		json_object_set_new(x, "survey_awareness", rate_json(&it->awareness));
		json_array_append_new(items, x);
	}
	for (i = 0; i < ev->nlead; i++) {
		json_t *x = score_json(&ev->lead[i].s);

		json_object_set_new(x, "code", json_string(ev->lead[i].code));
		json_object_set_new(x, "name", json_string(ev->lead[i].name));
		json_object_set_new(x, "items", json_integer(ev->lead[i].items));
		json_array_append_new(leads, x);
	}
	for (i = 0; i < ev->ncity; i++) {
		json_t *x = score_json(&ev->city[i].s);

		json_object_set_new(x, "code", json_string(ev->city[i].code));
		json_object_set_new(x, "name", json_string(ev->city[i].name));
		json_object_set_new(x, "late", json_integer(ev->city[i].late));
		json_object_set_new(x, "missing", json_integer(ev->city[i].missing));
		json_object_set_new(x, "survey_satisfaction", rate_json(&ev->city[i].satisfaction));
		json_array_append_new(cities, x);
	}
	for (i = 0; i < ev->nrec; i++) {
		json_t *x = json_pack("{s:s, s:s}", "kind", ev->rec[i].kind, "text", ev->rec[i].text);

		if (ev->rec[i].item_no)
			json_object_set_new(x, "item", json_integer(ev->rec[i].item_no));
		json_array_append_new(recs, x);
	}
	j = json_pack("{s:s, s:I, s:s, s:b, s:b, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:o, s:o, s:o, s:o, s:o}",
		      "plan", ev->plan, "year", (json_int_t)ev->year, "as_of", d.buf, "demo", ev->demo,
		      "survey", ev->survey, "weights", "completion", ev->o.w_completion, "timeliness",
		      ev->o.w_timeliness, "satisfaction", ev->o.w_satisfaction, "grades", "excellent",
		      ev->o.excellent, "good", ev->o.good, "pass", ev->o.pass, "items", items, "leads", leads,
		      "cities", cities, "recommendations", recs, "comparison", cmp_json(ev));
	ms_buf_release(&d);
	return j;
}

/*
 * Basis points with one decimal and a suffix; "—" for none. A share is
 * cut, not rounded ("%": 99.95% is not shown as done, as prog_pct does), a
 * score rounded half up ("分").
 */
static const char *pct_cell(struct ms_buf *b, int bp, const char *suffix)
{
	int tenths = strcmp(suffix, "分") ? bp / 10 : (bp + 5) / 10;

	ms_buf_reset(b);
	if (bp < 0)
		ms_buf_adds(b, "—");
	else
		ms_buf_addf(b, "%d.%d%s", tenths / 10, tenths % 10, suffix);
	return b->buf;
}

/* One row of scores: name, [extra], completion, timeliness, satisfaction, score, grade. */
static void score_row(struct bl_table *t, const char *name, const char *extra, const struct eval_score *s)
{
	struct ms_buf c = MS_BUF_INIT, tl = MS_BUF_INIT, sa = MS_BUF_INIT, sc = MS_BUF_INIT;
	const char *cells[7];
	size_t n = 0;

	cells[n++] = name;
	if (extra)
		cells[n++] = extra;
	cells[n++] = pct_cell(&c, s->completion_bp, "%");
	cells[n++] = pct_cell(&tl, s->timeliness_bp, "%");
	cells[n++] = pct_cell(&sa, s->satisfaction_bp, "%");
	cells[n++] = pct_cell(&sc, s->score_bp, "分");
	cells[n++] = s->grade ? s->grade : "";
	bl_row(t, cells);
	ms_buf_release(&c);
	ms_buf_release(&tl);
	ms_buf_release(&sa);
	ms_buf_release(&sc);
}

void eval_doc(const struct eval *ev, struct bulletin *bl)
{
	static const struct { const char *kind, *title; } sections[] = {
		{ "carry_over", "结转下一年度的未完成目标" },
		{ "raise", "建议提高的目标" },
		{ "review", "满意度、知晓率偏低，建议复盘" },
		{ "supervise", "报送逾期或缺报，建议督办" },
		{ "verify", "计划中仍待核实的事项" },
	};
	static const char *const item_head[] = { "实事", "目标完成", "报送及时", "满意度", "得分", "等级" };
	static const char *const lead_head[] = { "牵头单位", "实事数", "目标完成", "报送及时", "满意度", "得分", "等级" };
	static const char *const city_head[] = { "设区市", "目标完成", "报送及时", "满意度", "得分", "等级" };
	struct ms_buf t = MS_BUF_INIT;
	struct bl_table *tb;
	char name[256];
	size_t i, s;

	memset(bl, 0, sizeof(*bl));
	ms_buf_addf(&t, "%lld年民生实事评议评估%s", (long long)ev->year, ev->demo ? "（演示数据）" : "");
	bl->title = strdup(t.buf);
	ms_buf_reset(&t);
	ms_buf_adds(&t, "截至 ");
	ms_date_format_cn(&t, ev->as_of);
	bl->subtitle = strdup(t.buf);
	if (!bl->title || !bl->subtitle)
		abort();
	bl->demo = ev->demo;
	snprintf(bl->summary_sheet, sizeof(bl->summary_sheet), "评估");
	ms_buf_reset(&t);
	ms_buf_addf(&t, "得分 = 目标完成 %d%% + 报送及时 %d%% + 群众满意 %d%%；等级：优秀 ≥ %d，良好 ≥ %d，合格 ≥ %d，"
		    "其下为不合格。目标完成按每个指标封顶100%%后平均（超额不能抵补未完成），定性指标以是否报送进展计；"
		    "报送及时 = 按时报送 ÷ 应报；满意度 = （满意 + 基本满意）÷ 问卷数。",
		    ev->o.w_completion, ev->o.w_timeliness, ev->o.w_satisfaction, ev->o.excellent, ev->o.good,
		    ev->o.pass);
	bl_text(bl, 0, t.buf);
	if (!ev->survey) {
		ms_buf_reset(&t);
		ms_buf_addf(&t, "没有满意度调查数据：满意度的 %d%% 权重按比例分给目标完成和报送及时（%d : %d）。"
			    "用 minsheng survey import 导入调查后重新评估。",
			    ev->o.w_satisfaction, ev->o.w_completion, ev->o.w_timeliness);
		bl_text(bl, 0, t.buf);
	}
	bl_text(bl, 1, "各件实事");
	tb = bl_table(bl, "各件实事", 6, item_head, 0);
	tb->bar_col = 4;
	tb->colour_col = 5;
	for (i = 0; i < ev->nitem; i++) {
		snprintf(name, sizeof(name), "%lld %s", (long long)ev->item[i].no, ev->item[i].title);
		score_row(tb, name, NULL, &ev->item[i].s);
	}
	bl_text(bl, 2, "得分依据（各指标完成率，封顶100%）");
	for (i = 0; i < ev->nitem; i++) {
		const struct eval_item *it = &ev->item[i];

		ms_buf_reset(&t);
		ms_buf_addf(&t, "%lld %s：%s；达标 %d/%d", (long long)it->no, it->title, it->basis, it->met,
			    it->indicators);
		if (it->satisfaction.n) {
			ms_buf_adds(&t, "；满意度 ");
			prog_pct(&t, it->satisfaction.bp);
			ms_buf_adds(&t, "（95%区间 ");
			prog_pct(&t, it->satisfaction.lo_bp);
			ms_buf_adds(&t, "–");
			prog_pct(&t, it->satisfaction.hi_bp);
			ms_buf_addf(&t, "，%lld 份）", (long long)it->satisfaction.n);
		}
		if (it->awareness.n) {
			ms_buf_adds(&t, "；知晓率 ");
			prog_pct(&t, it->awareness.bp);
		}
		if (it->s.satisfaction_bp < 0 && ev->survey)
			ms_buf_adds(&t, "；无调查数据，满意度权重已按比例分配");
		bl_text(bl, 0, t.buf);
	}
	bl_text(bl, 1, "牵头单位");
	tb = bl_table(bl, "牵头单位", 7, lead_head, 0);
	tb->bar_col = 5;
	tb->colour_col = 6;
	for (i = 0; i < ev->nlead; i++) {
		char n[16];

		snprintf(n, sizeof(n), "%d", ev->lead[i].items);
		score_row(tb, ev->lead[i].name, n, &ev->lead[i].s);
	}
	bl_text(bl, 1, "设区市");
	tb = bl_table(bl, "设区市", 6, city_head, 0);
	tb->bar_col = 4;
	tb->colour_col = 5;
	for (i = 0; i < ev->ncity; i++)
		score_row(tb, ev->city[i].name, NULL, &ev->city[i].s);
	if (ev->cmp_year || ev->cmp_note[0]) {
		static const char *const cmp_head[] = { "实事", "上年对应实事", "上年得分", "本年得分", "变化", "上年等级",
							"本年等级" };

		bl_text(bl, 1, "与上年度比较");
		bl_text(bl, 0, ev->cmp_note);
		if (ev->ncmp) {
			tb = bl_table(bl, "与上年度比较", 7, cmp_head, 0);
			tb->colour_col = 6;
		}
		for (i = 0; i < ev->ncmp; i++) {
			const struct eval_cmp *c = &ev->cmp[i];
			const struct eval_item *it = item_no(ev, c->no);
			struct ms_buf a = MS_BUF_INIT, p = MS_BUF_INIT, n = MS_BUF_INIT, d = MS_BUF_INIT;
			const char *cells[7];
			int change;

			if (!it)
				continue;
			ms_buf_addf(&a, "%lld %s", (long long)c->prev_no, c->prev_title);
			change = c->prev_score_bp >= 0 ? it->s.score_bp - c->prev_score_bp : 0;
			if (c->prev_score_bp >= 0)
				ms_buf_addf(&d, "%s%d.%d", change > 0 ? "+" : change < 0 ? "-" : "",
					    (abs(change) + 5) / 100, (abs(change) + 5) / 10 % 10);
			snprintf(name, sizeof(name), "%lld %s", (long long)it->no, it->title);
			cells[0] = name;
			cells[1] = a.buf;
			cells[2] = pct_cell(&p, c->prev_score_bp, "分");
			cells[3] = pct_cell(&n, it->s.score_bp, "分");
			cells[4] = c->prev_score_bp >= 0 ? d.buf : "—";
			cells[5] = c->prev_grade[0] ? c->prev_grade : "—";
			cells[6] = it->s.grade ? it->s.grade : "";
			bl_row(tb, cells);
			ms_buf_release(&a);
			ms_buf_release(&p);
			ms_buf_release(&n);
			ms_buf_release(&d);
		}
	}
	bl_text(bl, 1, "下一年度的建议");
	for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		int any = 0;

		for (i = 0; i < ev->nrec; i++) {
			if (strcmp(ev->rec[i].kind, sections[s].kind))
				continue;
			if (!any++)
				bl_text(bl, 2, sections[s].title);
			bl_text(bl, 0, ev->rec[i].text);
		}
	}
	ms_buf_release(&t);
}

int eval_save(struct ledger *l, const struct eval *ev, int64_t *id, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, d = MS_BUF_INIT;
	json_t *j = eval_json(ev);
	char key[96];
	int rc = -1;

	ms_json_dump(&doc, j, 0);
	json_decref(j);
	ms_date_format(&d, ev->as_of);
	if (store_begin(l->st, err))
		goto out;
	if (store_eval_save(l->st, ev->plan, ev->year, d.buf, l->actor, doc.buf, id, err))
		goto fail;
	snprintf(key, sizeof(key), "%s/%lld/%lld", ev->plan, (long long)ev->year, (long long)*id);
	if (store_journal_json(l->st, l->actor, "evaluation.save", "evaluation", key, NULL,
			       json_pack("{s:s, s:I}", "as_of", d.buf, "id", (json_int_t)*id), err) ||
	    store_commit(l->st, err))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(l->st);
out:
	ms_buf_release(&doc);
	ms_buf_release(&d);
	return rc;
}
