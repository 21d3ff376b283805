/*
 * rounds.c - inside the notice importer: the reporting and evaluation rounds
 * the closing sentences name, into the draft's rounds.
 */
#include <stdio.h>

#include "notice/ctx.h"
#include "core/date.h"
#include "notice/facts.h"
#include "core/banned.h"

/* ---------- rounds ---------- */

struct round {
	int y, m, d;
	int eval;
	size_t a, b;
	const char *basis;
	char why[200];
};

static int cmp_round(const void *x, const void *y)
{
	const struct round *a = x, *b = y;

	if (a->y != b->y)
		return a->y - b->y;
	if (a->m != b->m)
		return a->m - b->m;
	return a->d - b->d;
}

/* The dates of the reporting and evaluation sentences outside the items, at most max, into r. */
static size_t read_rounds(const struct notice_ctx *c, struct round *r, size_t max)
{
	size_t nr = 0, i, k;

	for (i = 0; i < c->ngr && nr < max; i++) {
		const struct group *gr = &c->gr[i];
		const struct seg *g = &c->sg[gr->first];
		struct nf_date d[MAX_DATES];
		size_t nd;
		int yctx = c->year, report, eval;

		if (g->kind != SEG_SENT || gr->status == G_PLACED)
			continue;
		report = (find(c, g->ta, g->tb, "报送") || find(c, g->ta, g->tb, "上报")) &&
			 (find(c, g->ta, g->tb, "进展") || find(c, g->ta, g->tb, "进度") ||
			  find(c, g->ta, g->tb, "情况"));
		eval = find(c, g->ta, g->tb, "评议") || find(c, g->ta, g->tb, "评估") ||
		       find(c, g->ta, g->tb, "评价") || find(c, g->ta, g->tb, "考核");
		if (!report && !eval)
			continue;
		nd = nf_find_dates(c->s, g->ta, g->tb, d, MAX_DATES);
		for (k = 0; k < nd && nr < max; k++) {
			struct round *x = &r[nr];

			memset(x, 0, sizeof(*x));
			if (d[k].y)
				yctx = d[k].y;
			x->a = d[k].a;
			x->b = d[k].b;
			if (report && (d[k].kind == NF_DATE_FULL || d[k].kind == NF_DATE_MD ||
				       d[k].kind == NF_DATE_MONTH_END)) {
				x->y = d[k].y ? d[k].y : yctx;
				x->m = d[k].m;
				x->d = d[k].kind == NF_DATE_MONTH_END ? ms_days_in_month(x->y, x->m) : d[k].d;
				x->basis = d[k].kind == NF_DATE_MONTH_END ? "inferred" : "text";
				if (d[k].kind == NF_DATE_MONTH_END)
					snprintf(x->why, sizeof(x->why), "“月底”记为该月最后一日%s。",
						 d[k].y ? "" : "；年份沿用同句前一日期的年份（或计划年度）");
				else if (!d[k].y)
					snprintf(x->why, sizeof(x->why), "年份%d沿用同句前一日期的年份（或计划年度）。", x->y);
				nr++;
			} else if (eval && !report && (d[k].kind == NF_DATE_YEAR_START ||
						     d[k].kind == NF_DATE_YEAR_END ||
						     d[k].kind == NF_DATE_FULL) && d[k].y) {
				x->eval = 1;
				x->y = d[k].y;
				if (d[k].kind == NF_DATE_FULL) {
					x->m = d[k].m;
					x->d = d[k].d;
					x->basis = "text";
				} else {
					x->m = d[k].kind == NF_DATE_YEAR_START ? 3 : 12;
					x->d = 31;
					x->basis = "assumption";
					snprintf(x->why, sizeof(x->why), "原文仅称“%s”，并非具体日期；假定截止于%d-%02d-31。管理员可予修改。",
						 d[k].kind == NF_DATE_YEAR_START ? "年初" : "年底", x->y, x->m);
				}
				nr++;
			}
		}
	}
	return nr;
}

json_t *nc_rounds(struct notice_ctx *c)
{
	struct round r[64];
	size_t nr = read_rounds(c, r, ARRAY_SIZE(r)), i;
	json_t *arr = json_array();
	int np = 0;

	qsort(r, nr, sizeof(r[0]), cmp_round);
	for (i = 0; i < nr; i++) {
		struct ms_buf label = MS_BUF_INIT;
		char due[16];

		if (i && !cmp_round(&r[i - 1], &r[i]))
			continue;
		if (r[i].y < 1900 || r[i].y > 2199)
			continue;
		snprintf(due, sizeof(due), "%04d-%02d-%02d", r[i].y, r[i].m, r[i].d);
		if (r[i].eval) {
			ms_buf_adds(&label, "年度评议评估");
		} else {
			ms_buf_adds(&label, "第");
			nc_cn_item(&label, ++np);
			ms_buf_adds(&label, "次进展报送");
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "due_on", due, "kind",
						     r[i].eval ? "evaluation" : "progress", "label",
						     label.buf, "provenance",
						     nc_prov(c, r[i].a, r[i].b, r[i].basis,
							  r[i].why[0] ? r[i].why : NULL)));
		ms_buf_release(&label);
	}
	if (!json_array_size(arr)) {
		char due[16], why[200];

		snprintf(due, sizeof(due), "%04d-12-31", c->year);
		snprintf(why, sizeof(why), "通知未载明报送节点；假定%d年年底进行年度评估。管理员可予修改。", c->year);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "due_on", due, "kind",
						     "evaluation", "label", "年度评估", "provenance",
						     nc_assume(why)));
		json_array_append_new(json_object_get(nc_note(c, "待核实", 0, "rounds", "%s", why), "provenance"),
				      nc_assume(why));
	}
	return arr;
}
