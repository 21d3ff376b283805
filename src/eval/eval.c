/*
 * eval.c - an evaluation computed (eval.h): each item's score and grade, its
 * lead units' and cities', and the recommendations that cite their figures.
 * The figures come from progress_compute as of the evaluation day, so an
 * evaluation is reproducible.
 */
#include "eval_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "ledger/progress.h"
#include "core/banned.h"

int eval_ind_part(const struct prog_ind *pi, int rating_bp)
{
	if (pi->ind->has_target && pi->completion_bp >= 0)
		return pi->completion_bp > MS_BP_ONE ? (int)MS_BP_ONE : pi->completion_bp;
	if (pi->ind->has_target && pi->reports.expected > 0)
		return 0;
	return rating_bp;
}

/* The rating in force of kind and target, or NULL. */
static struct eval_rating *rating_of(struct eval *ev, const char *kind, const char *target)
{
	size_t i;

	for (i = 0; i < ev->nrating; i++)
		if (!strcmp(ev->rating[i].kind, kind) && !strcmp(ev->rating[i].target, target))
			return &ev->rating[i];
	return NULL;
}

/* What eval_compute adds up on the way. */
struct acc {
	struct ledger *l;
	struct eval *ev;
	int64_t (*item)[4];           /* surveys per item index: n, satisfied, aware, asked */
	int64_t (*city)[2];           /* surveys per city index: n, satisfied */
	int64_t (*parts)[6];          /* per city: completion sum, parts, on_time, expected, late, missing */
};

/* The plan's region (a city of the province's plan) a place lies in: itself, its county's, its township's. */
static int city_of(struct eval *ev, struct store *st, const char *region)
{
	struct store_org_row o;
	char code[32];
	size_t i;
	int depth;

	snprintf(code, sizeof(code), "%s", region);
	for (depth = 0; depth < 4; depth++) {
		for (i = 0; i < ev->ncity; i++)
			if (!strcmp(ev->city[i].code, code))
				return (int)i;
		if (store_org_get(st, code, &o, NULL) != 1 || !o.parent[0] ||
		    (strcmp(o.kind, "county") && strcmp(o.kind, "township")))
			return -1;
		snprintf(code, sizeof(code), "%s", o.parent);
	}
	return -1;
}

static int take_survey(int64_t item_no, const char *region, int64_t n, int64_t sat, int64_t aware,
		       int64_t asked, void *arg)
{
	struct acc *s = arg;
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

static const char *const rec_kind[EVAL_REC_KINDS] = {
	[EVAL_CARRY_OVER] = "carry_over", [EVAL_RAISE] = "raise", [EVAL_REVIEW] = "review",
	[EVAL_SUPERVISE] = "supervise", [EVAL_VERIFY] = "verify",
};

const char *eval_rec_kind_name(enum eval_rec_kind k)
{
	return (unsigned)k < EVAL_REC_KINDS ? rec_kind[k] : "";
}

void eval_rec_add(struct eval *ev, enum eval_rec_kind k, int64_t item_no, const struct ms_buf *text)
{
	struct eval_rec *r;

	ev->rec = realloc(ev->rec, (ev->nrec + 1) * sizeof(*ev->rec));
	if (!ev->rec)
		abort();
	r = &ev->rec[ev->nrec++];
	r->k = k;
	snprintf(r->kind, sizeof(r->kind), "%s", eval_rec_kind_name(k));
	r->item_no = item_no;
	snprintf(r->text, sizeof(r->text), "%.*s", ms_utf8_clip(text->buf, text->len, sizeof(r->text) - 1), text->buf);
}

static void value(struct ms_buf *b, const struct ledger_ind *d, int64_t v)
{
	prog_value_text(b, d->unit, v);
}

/* The regions short of their target: "南昌市 500台（目标 600台）、…" (12 at most). */
static void unmet_regions(struct ms_buf *t, const struct prog_ind *pi)
{
	const struct ledger_ind *d = pi->ind;
	size_t k, shown = 0;

	for (k = 0; k < pi->norg; k++) {
		const struct prog_org *o = &pi->org[k];

		if (o->completion_bp >= MS_BP_ONE || !o->target)
			continue;
		if (shown++ < 12) {
			ms_buf_addf(t, "%s%s ", shown > 1 ? "、" : "", o->name);
			if (o->has_actual)
				value(t, d, o->actual);
			else
				ms_buf_adds(t, "未报");
			ms_buf_adds(t, "（目标 ");
			value(t, d, o->target);
			ms_buf_adds(t, "）");
		}
	}
	if (shown > 12)
		ms_buf_addf(t, " 等 %zu 个", shown);
	if (!shown)
		ms_buf_adds(t, "（无分地区数据）");
}

/* An indicator short of its target: carry it over, citing what was done and where not. */
static void recommend_carry(struct eval *ev, const struct prog_ind *pi, const char *item_title)
{
	const struct ledger_ind *d = pi->ind;
	struct ms_buf t = MS_BUF_INIT;

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
	unmet_regions(&t, pi);
	ms_buf_adds(&t, "。");
	eval_rec_add(ev, EVAL_CARRY_OVER, d->item_no, &t);
	ms_buf_release(&t);
}

/* An indicator far above its target: raise it next year. */
static void recommend_raise(struct eval *ev, const struct prog_ind *pi, const char *item_title)
{
	const struct ledger_ind *d = pi->ind;
	struct ms_buf t = MS_BUF_INIT;

	ms_buf_addf(&t, "第%lld件“%s”：指标“%s”完成率 ", (long long)d->item_no, item_title, d->name);
	prog_pct(&t, pi->completion_raw_bp);
	ms_buf_adds(&t, "（完成 ");
	if (pi->has_actual)
		value(&t, d, pi->actual);
	ms_buf_adds(&t, "，目标 ");
	value(&t, d, d->target);
	ms_buf_addf(&t, "），超过目标 %d 个百分点以上；建议下一年度提高目标。", ev->o.raise_margin);
	eval_rec_add(ev, EVAL_RAISE, d->item_no, &t);
	ms_buf_release(&t);
}

/* Carry-over and raise recommendations from one indicator. */
static void recommend_ind(struct eval *ev, const struct prog_ind *pi, const char *item_title)
{
	if (!pi->ind->has_target)
		return;
	if (pi->completion_raw_bp >= 0 && pi->completion_raw_bp < MS_BP_ONE)
		recommend_carry(ev, pi, item_title);
	else if (pi->completion_raw_bp > MS_BP_ONE + ev->o.raise_margin * 100)
		recommend_raise(ev, pi, item_title);
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
		eval_rec_add(ev, EVAL_VERIFY, json_is_integer(item) ? json_integer_value(item) : 0, &t);
	}
	json_decref(plan);
	ms_buf_release(&t);
	return 0;
}

/* The regions' parts of one indicator, added to their city's sums. */
static void city_parts(struct acc *a, const struct prog_ind *pi)
{
	struct eval *ev = a->ev;
	size_t k, x;

	for (k = 0; k < pi->norg; k++) {
		const struct prog_org *og = &pi->org[k];
		int64_t *c = NULL;

		for (x = 0; x < ev->ncity; x++)
			if (!strcmp(ev->city[x].code, og->code))
				c = a->parts[x];
		if (!c)
			continue;
		if (pi->ind->has_target && og->target) {
			c[0] += og->completion_bp < 0 ? 0 : og->completion_bp > MS_BP_ONE ? MS_BP_ONE : og->completion_bp;
			c[1]++;
		}
		c[2] += og->reports.on_time;
		c[3] += og->reports.expected;
		c[4] += og->reports.late;
		c[5] += og->reports.missing;
	}
}

/*
 * The rating that stands for an indicator without figures: its own, else
 * its item's; NULL when neither was rated.
 */
static struct eval_rating *ind_rating(struct eval *ev, const struct prog_ind *pi)
{
	struct eval_rating *r = rating_of(ev, "indicator", pi->ind->id);
	char no[24];

	if (!r) {
		snprintf(no, sizeof(no), "%lld", (long long)pi->ind->item_no);
		r = rating_of(ev, "item", no);
	}
	return r;
}

/* One indicator's part in the basis: "名称 93.1%", "名称 未报送 0.0%", "名称 评定 80分", "名称 未评定". */
static void basis_add(struct ms_buf *t, const struct prog_ind *pi, int part, const struct eval_rating *r)
{
	ms_buf_addf(t, "%s%s ", t->len ? "；" : "", pi->ind->name);
	if (part < 0)
		ms_buf_adds(t, "未评定");
	else if (pi->ind->has_target && pi->completion_bp >= 0)
		prog_pct(t, part);
	else if (pi->ind->has_target && pi->reports.expected > 0)
		ms_buf_adds(t, "应报未报 0.0%");
	else if (r) {
		ms_buf_adds(t, "评定 ");
		eval_points(t, part);
		ms_buf_adds(t, "分");
	}
}

/* An item's completion from its indicators, with its basis; their recommendations. */
static void item_completion(struct acc *a, const struct progress *p, struct eval_item *it, struct ms_buf *t)
{
	int64_t sum = 0, parts = 0;
	size_t j;

	ms_buf_reset(t);
	for (j = 0; j < p->nind; j++) {
		const struct prog_ind *pi = &p->ind[j];
		struct eval_rating *r;
		int part;

		if (pi->ind->item_no != it->no)
			continue;
		r = ind_rating(a->ev, pi);
		part = eval_ind_part(pi, r ? r->score_bp : -1);
		if (part < 0) {
			it->unrated++;
		} else {
			sum += part;
			parts++;
			if (r && !(pi->ind->has_target && (pi->completion_bp >= 0 || pi->reports.expected > 0))) {
				r->used = 1;
				it->rated++;
			}
		}
		if (pi->ind->has_target) {
			it->indicators++;
			it->met += pi->completion_raw_bp >= MS_BP_ONE;
		}
		basis_add(t, pi, part, r);
		recommend_ind(a->ev, pi, it->title);
		city_parts(a, pi);
	}
	snprintf(it->basis, sizeof(it->basis), "%.*s", ms_utf8_clip(t->buf, t->len, sizeof(it->basis) - 1), t->buf);
	it->s.completion_bp = eval_mean(sum, parts);
}

/* Satisfaction or awareness under the thresholds: review the item. */
static void recommend_review(struct eval *ev, const struct eval_item *it, struct ms_buf *t)
{
	const struct eval_opts *o = &ev->o;

	if (!((it->satisfaction.n && it->satisfaction.bp < o->low_satisfaction * 100) ||
	      (it->awareness.n && it->awareness.bp < o->low_awareness * 100)))
		return;
	ms_buf_reset(t);
	ms_buf_addf(t, "第%lld件“%s”：", (long long)it->no, it->title);
	if (it->satisfaction.n) {
		ms_buf_adds(t, "满意度 ");
		eval_rate_text(t, &it->satisfaction);
	}
	if (it->awareness.n) {
		ms_buf_adds(t, "，知晓率 ");
		prog_pct(t, it->awareness.bp);
		ms_buf_addf(t, "（%lld 份）", (long long)it->awareness.n);
	}
	ms_buf_addf(t, "，低于 %d%% / %d%%；建议复盘实施方式和宣传。", o->low_satisfaction, o->low_awareness);
	eval_rec_add(ev, EVAL_REVIEW, it->no, t);
}

/* The item's scores added to each of its lead units' sums; a part it lacks is left out, not counted as full. */
static void leads_take(struct eval *ev, struct store *st, const struct eval_item *it)
{
	char leads[256], *save = NULL, *code;

	snprintf(leads, sizeof(leads), "%s", it->leads);
	for (code = strtok_r(leads, ",", &save); code; code = strtok_r(NULL, ",", &save)) {
		struct eval_group *g = lead_of(ev, st, code);

		g->items++;
		if (it->s.satisfaction_bp >= 0) {
			g->satisfaction.n++;
			g->satisfaction.k += it->s.satisfaction_bp;
		}
		if (it->s.timeliness_bp >= 0) {
			g->timed++;
			g->s.timeliness_bp += it->s.timeliness_bp;
		}
		if (it->s.score_bp >= 0) {
			g->graded++;
			g->s.completion_bp += it->s.completion_bp;
			g->s.score_bp += it->s.score_bp;
			g->s.w_completion += it->s.w_completion;
			g->s.w_timeliness += it->s.w_timeliness;
			g->s.w_satisfaction += it->s.w_satisfaction;
		}
	}
}

/* Item i: completion, timeliness, satisfaction, score, the cap; recommendations; its leads. */
static void item_eval(struct acc *a, const struct progress *p, size_t i, struct ms_buf *t)
{
	struct eval *ev = a->ev;
	struct eval_item *it = &ev->item[i];

	item_completion(a, p, it, t);
	it->s.timeliness_bp = eval_ratio_bp(p->item[i].reports.on_time, p->item[i].reports.expected);
	eval_rate_set(&it->satisfaction, a->item[i][1], a->item[i][0]);
	eval_rate_set(&it->awareness, a->item[i][2], a->item[i][3]);
	it->s.satisfaction_bp = it->satisfaction.bp;
	eval_score_compute(&it->s, &ev->o);
	it->s.g = eval_grade_capped(it->s.score_bp, it->indicators, it->met, &ev->o, &it->capped);
	it->s.grade = eval_grade_name(it->s.g);
	ev->grades[it->s.g]++;
	recommend_review(ev, it, t);
	leads_take(ev, a->l->st, it);
}

/*
 * A lead unit's scores are the means of its items': completion and score
 * over its graded items, timeliness over those with reports due (无应报
 * when none), satisfaction over the surveyed; 未评定 when none is graded.
 */
static void leads_finish(struct eval *ev)
{
	size_t i;

	for (i = 0; i < ev->nlead; i++) {
		struct eval_group *g = &ev->lead[i];

		g->s.completion_bp = eval_mean(g->s.completion_bp, g->graded);
		g->s.timeliness_bp = eval_mean(g->s.timeliness_bp, g->timed);
		/* the mean of its items' satisfaction, where surveyed */
		g->s.satisfaction_bp = eval_mean(g->satisfaction.k, g->satisfaction.n);
		memset(&g->satisfaction, 0, sizeof(g->satisfaction));
		g->s.score_bp = eval_mean(g->s.score_bp, g->graded);
		g->s.g = eval_grade_of(g->s.score_bp, &ev->o);
		g->s.grade = eval_grade_name(g->s.g);
		/* the weights its items' scores were weighed with, on average */
		g->s.w_completion = eval_mean(g->s.w_completion, g->graded);
		g->s.w_timeliness = eval_mean(g->s.w_timeliness, g->graded);
		g->s.w_satisfaction = eval_mean(g->s.w_satisfaction, g->graded);
	}
}

/* A city's scores from its regions' parts and its respondents; late or missing: supervise. */
static void cities_finish(struct acc *a, struct ms_buf *t)
{
	struct eval *ev = a->ev;
	size_t i;

	for (i = 0; i < ev->ncity; i++) {
		struct eval_group *g = &ev->city[i];
		const int64_t *c = a->parts[i];

		g->s.completion_bp = eval_mean(c[0], c[1]);
		g->s.timeliness_bp = eval_ratio_bp(c[2], c[3]);
		g->late = (int)c[4];
		g->missing = (int)c[5];
		eval_rate_set(&g->satisfaction, a->city[i][1], a->city[i][0]);
		g->s.satisfaction_bp = g->satisfaction.bp;
		eval_score_compute(&g->s, &ev->o);
		if (g->late || g->missing) {
			ms_buf_reset(t);
			ms_buf_addf(t, "%s：逾期报送 %d 份、未报送 %d 份（按时率 ", g->name, g->late, g->missing);
			prog_pct(t, g->s.timeliness_bp);
			ms_buf_adds(t, "）；建议督办。");
			eval_rec_add(ev, EVAL_SUPERVISE, 0, t);
		}
	}
}

/* The cities, the items' titles and the survey counts, ready for the items. */
static int eval_setup(struct acc *a, const struct progress *p, struct ms_err *err)
{
	struct eval *ev = a->ev;
	size_t i;

	if (store_org_children(a->l->st, a->l->region, take_city, ev, err))
		return -1;
	ev->nitem = p->nitem;
	ev->item = calloc(p->nitem ? p->nitem : 1, sizeof(*ev->item));
	a->item = calloc(p->nitem ? p->nitem : 1, sizeof(*a->item));
	a->city = calloc(ev->ncity ? ev->ncity : 1, sizeof(*a->city));
	a->parts = calloc(ev->ncity ? ev->ncity : 1, sizeof(*a->parts));
	if (!ev->item || !a->item || !a->city || !a->parts)
		abort();
	for (i = 0; i < p->nitem; i++) {
		ev->item[i].no = p->item[i].no;
		snprintf(ev->item[i].title, sizeof(ev->item[i].title), "%s", p->item[i].title);
		snprintf(ev->item[i].leads, sizeof(ev->item[i].leads), "%s", p->item[i].leads);
	}
	return store_survey_each(a->l->st, a->l->plan, take_survey, a, err);
}

int eval_compute(struct ledger *l, const struct eval_opts *o, struct eval *ev, struct ms_err *err)
{
	struct progress_opts po = { 0 };
	struct progress p;
	struct acc a = { .l = l, .ev = ev };
	struct ms_buf t = MS_BUF_INIT;
	size_t i;
	int y, m, d, rc = -1;

	memset(ev, 0, sizeof(*ev));
	ev->o = *o;
	ev->as_of = o->as_of;
	snprintf(ev->plan, sizeof(ev->plan), "%s", l->plan);
	po.as_of = o->as_of;
	if (progress_compute(l, &po, &p, err))
		return -1;
	ev->demo = p.demo;
	ms_date_to_ymd(l->start, &y, &m, &d);
	ev->year = y;
	if (eval_setup(&a, &p, err) || eval_ratings_load(ev, l->st, err))
		goto out;
	for (i = 0; i < p.nitem; i++)
		item_eval(&a, &p, i, &t);
	leads_finish(ev);
	cities_finish(&a, &t);
	if (open_notes(ev, l->st, err) || eval_compare_prev(ev, l->st, err))
		goto out;
	rc = 0;
out:
	progress_free(&p);
	free(a.item);
	free(a.city);
	free(a.parts);
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
	free(ev->rating);
	memset(ev, 0, sizeof(*ev));
}

void eval_rate_text(struct ms_buf *b, const struct eval_rate *r)
{
	prog_pct(b, r->bp);
	ms_buf_adds(b, "（95%区间 ");
	prog_pct(b, r->lo_bp);
	ms_buf_adds(b, "–");
	prog_pct(b, r->hi_bp);
	ms_buf_addf(b, "，%lld 份）", (long long)r->n);
}
