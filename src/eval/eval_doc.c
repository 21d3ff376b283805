/*
 * eval_doc.c - an evaluation written out (eval.h): its JSON, the readable
 * document (report, page, workbook) and the saved snapshot.
 */
#include "eval_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "ledger/progress.h"
#include "report/bulletin.h"
#include "core/banned.h"

static json_t *pct_json(int bp)
{
	char s[MS_FIXED_STR_MAX];

	if (bp < 0)
		return json_null();
	ms_fixed_str(s, bp, 2);
	return json_string(s);
}

/* A score's parts, weights, score and grade; timeliness null with no_reports_due when nothing was due (无应报). */
static json_t *score_json(const struct eval_score *s)
{
	return json_pack("{s:o, s:o, s:b, s:o, s:{s:o, s:o, s:o}, s:o, s:s}",
			 "completion", pct_json(s->completion_bp), "timeliness", pct_json(s->timeliness_bp),
			 "no_reports_due", s->timeliness_bp < 0,
			 "satisfaction", pct_json(s->satisfaction_bp), "weights",
			 "completion", pct_json(s->w_completion), "timeliness", pct_json(s->w_timeliness),
			 "satisfaction", pct_json(s->w_satisfaction), "score", pct_json(s->score_bp),
			 "grade", s->grade ? s->grade : "");
}

/* The ratings in force: what was rated, the score, its basis, by whom, when, whether it scored anything. */
static json_t *ratings_json(const struct eval *ev)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ev->nrating; i++) {
		const struct eval_rating *r = &ev->rating[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b}", "kind", r->kind,
						   "target", r->target, "score", pct_json(r->score_bp), "basis", r->basis,
						   "rated_by", r->by, "rated_at", r->at, "used", r->used));
	}
	return a;
}

/* Items per grade; 未评定 ones apart. */
static json_t *grades_json(const struct eval *ev)
{
	json_t *o = json_object();
	int g;

	for (g = 0; g < EVAL_GRADES; g++)
		json_object_set_new(o, eval_grade_name((enum eval_grade)g), json_integer(ev->grades[g]));
	return o;
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
		int both = it && c->prev_score_bp >= 0 && it->s.score_bp >= 0;
		int change = both ? it->s.score_bp - c->prev_score_bp : 0;
		char ch[MS_FIXED_STR_MAX];

		ms_fixed_str(ch, change, 2);
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, s:i, s:o, s:o, s:o, s:o, s:s, s:s, s:s}",
			"no", (json_int_t)c->no, "title", it ? it->title : "", "prev_no", (json_int_t)c->prev_no,
			"prev_title", c->prev_title, "title_match", c->match_pct,
			"prev_completion", pct_json(c->prev_completion_bp),
			"completion", pct_json(it ? it->s.completion_bp : -1),
			"prev_score", pct_json(c->prev_score_bp), "score", pct_json(it ? it->s.score_bp : -1),
			"change", both ? ch : "", "prev_grade", c->prev_grade,
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
		json_object_set_new(x, "unrated", json_integer(it->unrated));
		json_object_set_new(x, "rated", json_integer(it->rated));
		json_object_set_new(x, "grade_capped", json_boolean(it->capped));
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
		json_object_set_new(x, "items_graded", json_integer(ev->lead[i].graded));
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
	json_object_set_new(j, "grade_counts", grades_json(ev));
	json_object_set_new(j, "ratings", ratings_json(ev));
	ms_buf_release(&d);
	return j;
}

/*
 * Basis points with one decimal. A share is cut, not rounded (PCT: as
 * prog_pct, so 99.95% is not shown as done; "—" for none), timeliness the
 * same but 无应报 when nothing was due (TIMELY), a score rounded half up
 * (SCORE: 94.3分; 未评定 for none).
 */
enum cell { PCT, TIMELY, SCORE };

static const char *pct_cell(struct ms_buf *b, int bp, enum cell kind)
{
	ms_buf_reset(b);
	if (bp < 0)
		ms_buf_adds(b, kind == TIMELY ? "无应报" : kind == SCORE ? "未评定" : "—");
	else if (kind != SCORE)
		prog_pct(b, bp);
	else {
		eval_points(b, bp);
		ms_buf_adds(b, "分");
	}
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
	cells[n++] = pct_cell(&c, s->completion_bp, PCT);
	cells[n++] = pct_cell(&tl, s->timeliness_bp, TIMELY);
	cells[n++] = pct_cell(&sa, s->satisfaction_bp, PCT);
	cells[n++] = pct_cell(&sc, s->score_bp, SCORE);
	cells[n++] = s->grade ? s->grade : "";
	bl_row(t, cells);
	ms_buf_release(&c);
	ms_buf_release(&tl);
	ms_buf_release(&sa);
	ms_buf_release(&sc);
}

/* Title, subtitle, how the score is made; the note when there is no survey. */
static void doc_head(const struct eval *ev, struct bulletin *bl, struct ms_buf *t)
{
	ms_buf_reset(t);
	ms_buf_addf(t, "%lld年民生实事评议评估%s", (long long)ev->year, ev->demo ? "（演示数据）" : "");
	bl->title = ms_strdup(t->buf);
	ms_buf_reset(t);
	ms_buf_adds(t, "截至 ");
	ms_date_format_cn(t, ev->as_of);
	bl->subtitle = ms_strdup(t->buf);
	bl->demo = ev->demo;
	snprintf(bl->summary_sheet, sizeof(bl->summary_sheet), "评估");
	ms_buf_reset(t);
	ms_buf_addf(t, "得分 = 目标完成 %d%% + 报送及时 %d%% + 群众满意 %d%%；等级：优秀 ≥ %d，良好 ≥ %d，合格 ≥ %d，"
		    "其下为不合格。目标完成按每个指标封顶100%%后平均（超额不能抵补未完成），应报未报的指标计0；"
		    "定性指标和无应报数据的指标由评估人员评定（0–100分，写明依据），未评定的不计入，"
		    "全部未评定的实事为“未评定”，不计入等级统计；报送及时 = 按时报送 ÷ 应报，无应报的不计分，"
		    "其权重按比例分给其他各项；满意度 = （满意 + 基本满意）÷ 问卷数。"
		    "量化指标均未达标的实事，等级最高为合格。",
		    ev->o.w_completion, ev->o.w_timeliness, ev->o.w_satisfaction, ev->o.excellent, ev->o.good,
		    ev->o.pass);
	bl_text(bl, 0, t->buf);
	if (!ev->survey) {
		ms_buf_reset(t);
		ms_buf_addf(t, "没有满意度调查数据：满意度的 %d%% 权重按比例分给目标完成和报送及时（%d : %d）。"
			    "导入满意度调查后重新评估。",
			    ev->o.w_satisfaction, ev->o.w_completion, ev->o.w_timeliness);
		bl_text(bl, 0, t->buf);
	}
}

/* The ratings in force, each with its basis, and whether it scored anything. */
static void doc_ratings(const struct eval *ev, struct bulletin *bl, struct ms_buf *t)
{
	size_t i;

	if (!ev->nrating)
		return;
	bl_text(bl, 2, "评估人员评定（无量化数据的工作）");
	for (i = 0; i < ev->nrating; i++) {
		const struct eval_rating *r = &ev->rating[i];

		ms_buf_reset(t);
		if (!strcmp(r->kind, "item"))
			ms_buf_addf(t, "第%s件实事", r->target);
		else
			ms_buf_addf(t, "指标 %s", r->target);
		ms_buf_adds(t, "：");
		eval_points(t, r->score_bp);
		ms_buf_addf(t, "分。依据：%s（%s，%.10s）%s", r->basis, r->by, r->at,
			    r->used ? "" : "；该项已有量化数据，评定未计入");
		bl_text(bl, 0, t->buf);
	}
}

/* The items' table of scores, then the basis of each. */
static void doc_items(const struct eval *ev, struct bulletin *bl, struct ms_buf *t)
{
	static const char *const head[] = { "实事", "目标完成", "报送及时", "满意度", "得分", "等级" };
	struct bl_table *tb;
	char name[256];
	size_t i;

	bl_text(bl, 1, "各件实事");
	tb = bl_table(bl, "各件实事", 6, head, 0);
	tb->bar_col = 4;
	tb->colour_col = 5;
	bl_kinds(tb, "tpppv");   /* the workbook's numbers: rates, then the score */
	for (i = 0; i < ev->nitem; i++) {
		snprintf(name, sizeof(name), "%lld %s", (long long)ev->item[i].no, ev->item[i].title);
		score_row(tb, name, NULL, &ev->item[i].s);
	}
	bl_text(bl, 2, "得分依据（各指标完成率，封顶100%）");
	for (i = 0; i < ev->nitem; i++) {
		const struct eval_item *it = &ev->item[i];

		ms_buf_reset(t);
		ms_buf_addf(t, "%lld %s：%s；", (long long)it->no, it->title, it->basis);
		if (it->indicators)
			ms_buf_addf(t, "达标 %d/%d", it->met, it->indicators);
		else
			ms_buf_adds(t, "无量化指标");
		if (it->satisfaction.n) {
			ms_buf_adds(t, "；满意度 ");
			eval_rate_text(t, &it->satisfaction);
		}
		if (it->awareness.n) {
			ms_buf_adds(t, "；知晓率 ");
			prog_pct(t, it->awareness.bp);
		}
		if (it->s.satisfaction_bp < 0 && ev->survey)
			ms_buf_adds(t, "；无调查数据，满意度权重已按比例分配");
		if (it->s.timeliness_bp < 0)
			ms_buf_adds(t, "；无应报，报送及时权重已按比例分配");
		if (it->s.score_bp < 0)
			ms_buf_adds(t, "；无可评的数据，待评估人员评定");
		if (it->capped)
			ms_buf_addf(t, "；量化指标均未达标，等级由%s降为合格",
				    eval_grade_name(eval_grade_of(it->s.score_bp, &ev->o)));
		bl_text(bl, 0, t->buf);
	}
	ms_buf_reset(t);
	ms_buf_addf(t, "等级分布：优秀 %d 件，良好 %d 件，合格 %d 件，不合格 %d 件；未评定 %d 件（不计入）。",
		    ev->grades[EVAL_EXCELLENT], ev->grades[EVAL_GOOD], ev->grades[EVAL_PASS], ev->grades[EVAL_FAIL],
		    ev->grades[EVAL_UNRATED]);
	bl_text(bl, 0, t->buf);
	doc_ratings(ev, bl, t);
}

/* The lead units' and the cities' tables. */
static void doc_groups(const struct eval *ev, struct bulletin *bl)
{
	static const char *const lead_head[] = { "牵头单位", "实事数", "目标完成", "报送及时", "满意度", "得分", "等级" };
	static const char *const city_head[] = { "设区市", "目标完成", "报送及时", "满意度", "得分", "等级" };
	struct bl_table *tb;
	size_t i;

	bl_text(bl, 1, "牵头单位");
	tb = bl_table(bl, "牵头单位", 7, lead_head, 0);
	tb->bar_col = 5;
	tb->colour_col = 6;
	bl_kinds(tb, "tipppv");   /* the workbook's numbers: rates, then the score */
	for (i = 0; i < ev->nlead; i++) {
		char n[16];

		snprintf(n, sizeof(n), "%d", ev->lead[i].items);
		score_row(tb, ev->lead[i].name, n, &ev->lead[i].s);
	}
	bl_text(bl, 1, "设区市");
	tb = bl_table(bl, "设区市", 6, city_head, 0);
	tb->bar_col = 4;
	tb->colour_col = 5;
	bl_kinds(tb, "tpppv");   /* the workbook's numbers: rates, then the score */
	for (i = 0; i < ev->ncity; i++)
		score_row(tb, ev->city[i].name, NULL, &ev->city[i].s);
}

/* One row of the comparison: this year's item, last year's, their scores, the change, the grades. */
static void cmp_row(struct bl_table *tb, const struct eval_cmp *c, const struct eval_item *it)
{
	struct ms_buf a = MS_BUF_INIT, p = MS_BUF_INIT, n = MS_BUF_INIT, d = MS_BUF_INIT;
	const char *cells[7];
	char name[256];
	int both = c->prev_score_bp >= 0 && it->s.score_bp >= 0;
	int change = both ? it->s.score_bp - c->prev_score_bp : 0;

	ms_buf_addf(&a, "%lld %s", (long long)c->prev_no, c->prev_title);
	if (both) {
		ms_buf_adds(&d, change > 0 ? "+" : change < 0 ? "-" : "");
		eval_points(&d, abs(change));
	}
	snprintf(name, sizeof(name), "%lld %s", (long long)it->no, it->title);
	cells[0] = name;
	cells[1] = a.buf;
	cells[2] = pct_cell(&p, c->prev_score_bp, SCORE);
	cells[3] = pct_cell(&n, it->s.score_bp, SCORE);
	cells[4] = both ? d.buf : "—";
	cells[5] = c->prev_grade[0] ? c->prev_grade : "—";
	cells[6] = it->s.grade ? it->s.grade : "";
	bl_row(tb, cells);
	ms_buf_release(&a);
	ms_buf_release(&p);
	ms_buf_release(&n);
	ms_buf_release(&d);
}

/* Year over year, when there is anything to say. */
static void doc_compare(const struct eval *ev, struct bulletin *bl)
{
	static const char *const head[] = { "实事", "上年对应实事", "上年得分", "本年得分", "变化", "上年等级", "本年等级" };
	struct bl_table *tb = NULL;
	size_t i;

	if (!ev->cmp_year && !ev->cmp_note[0])
		return;
	bl_text(bl, 1, "与上年度比较");
	bl_text(bl, 0, ev->cmp_note);
	if (ev->ncmp) {
		tb = bl_table(bl, "与上年度比较", 7, head, 0);
		tb->colour_col = 6;
	}
	for (i = 0; i < ev->ncmp; i++) {
		const struct eval_item *it = item_no(ev, ev->cmp[i].no);

		if (it)
			cmp_row(tb, &ev->cmp[i], it);
	}
}

/* The recommendations, a section per kind in the order of enum eval_rec_kind. */
static void doc_recs(const struct eval *ev, struct bulletin *bl)
{
	static const char *const title[EVAL_REC_KINDS] = {
		[EVAL_CARRY_OVER] = "结转下一年度的未完成目标",
		[EVAL_RAISE] = "建议提高的目标",
		[EVAL_REVIEW] = "满意度、知晓率偏低，建议复盘",
		[EVAL_SUPERVISE] = "报送逾期或缺报，建议督办",
		[EVAL_VERIFY] = "计划中仍待核实的事项",
	};
	size_t i;
	int k;

	bl_text(bl, 1, "下一年度的建议");
	for (k = 0; k < EVAL_REC_KINDS; k++) {
		int any = 0;

		for (i = 0; i < ev->nrec; i++) {
			if (ev->rec[i].k != (enum eval_rec_kind)k)
				continue;
			if (!any++)
				bl_text(bl, 2, title[k]);
			bl_text(bl, 0, ev->rec[i].text);
		}
	}
}

void eval_doc(const struct eval *ev, struct bulletin *bl)
{
	struct ms_buf t = MS_BUF_INIT;

	memset(bl, 0, sizeof(*bl));
	doc_head(ev, bl, &t);
	doc_items(ev, bl, &t);
	doc_groups(ev, bl);
	doc_compare(ev, bl);
	doc_recs(ev, bl);
	ms_buf_release(&t);
}

/* The snapshot and its journal row, inside the caller's transaction. */
static int save_work(struct ledger *l, const struct eval *ev, const char *as_of, const char *doc, int64_t *id,
		     struct ms_err *err)
{
	char key[96];

	if (store_eval_save(l->st, ev->plan, ev->year, as_of, l->actor, doc, id, err))
		return -1;
	snprintf(key, sizeof(key), "%s/%lld/%lld", ev->plan, (long long)ev->year, (long long)*id);
	return store_journal_json(l->st, l->actor, "evaluation.save", "evaluation", key, NULL,
				  json_pack("{s:s, s:I}", "as_of", as_of, "id", (json_int_t)*id), err);
}

int eval_save(struct ledger *l, const struct eval *ev, int64_t *id, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, d = MS_BUF_INIT;
	json_t *j = eval_json(ev);
	int rc = -1;

	ms_json_dump(&doc, j, 0);
	json_decref(j);
	ms_date_format(&d, ev->as_of);
	if (!store_begin(l->st, err))
		rc = store_end(l->st, save_work(l, ev, d.buf, doc.buf, id, err), err);
	ms_buf_release(&doc);
	ms_buf_release(&d);
	return rc;
}
