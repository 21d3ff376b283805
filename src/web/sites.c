/*
 * sites.c - 点位 and 民生地图: the site register as a filtered list (/sites)
 * and a map of Jiangxi's counties (/map) drawn as inline SVG from the
 * shipped boundaries (map.h), shaded by the regions' completion of one
 * indicator, with the sites as dots. Plain GET forms, no scripts, no tiles.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger.h"
#include "web/map.h"
#include "core/banned.h"

#define SITES_SHOWN 1000

/*
 * The regions under one government (root): a province's cities and their
 * counties, or a city (itself as the one group) and its counties — never
 * the whole country's table.
 */
struct regions {
	char root[32];
	struct { char code[8], name[64], parent[8]; int city; } r[400];
	size_t n;
};

static int taken_city(const struct regions *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->r[i].city && !strcmp(g->r[i].code, code))
			return 1;
	return 0;
}

static int take_region(const struct store_org *o, void *arg)
{
	struct regions *g = arg;
	const char *parent = o->parent ? o->parent : "";
	int city = !strcmp(o->kind, "city") && (!strcmp(parent, g->root) || !strcmp(o->code, g->root));

	if (!city && !(!strcmp(o->kind, "county") && (!strcmp(parent, g->root) || taken_city(g, parent))))
		return 0;
	if (g->n < sizeof(g->r) / sizeof(g->r[0])) {
		snprintf(g->r[g->n].code, sizeof(g->r[0].code), "%s", o->code);
		snprintf(g->r[g->n].name, sizeof(g->r[0].name), "%s", o->name);
		snprintf(g->r[g->n].parent, sizeof(g->r[0].parent), "%s", o->parent ? o->parent : "");
		g->r[g->n++].city = city;
	}
	return 0;
}

static const char *region_name(const struct regions *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->r[i].code, code))
			return g->r[i].name;
	return code;
}

static const char *region_parent(const struct regions *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->r[i].code, code))
			return g->r[i].parent;
	return "";
}

static const char *status_cn(const char *s)
{
	return !strcmp(s, "delivered") ? "已交付" : !strcmp(s, "building") ? "在建" :
	       !strcmp(s, "planned") ? "计划" : s;
}

/* A <select> of the regions: all ("" value), then one <optgroup> per city (the city itself, then its counties). */
static void region_select(struct ms_buf *o, const struct regions *g, const char *name, const char *all,
			  const char *sel)
{
	size_t i, j;

	ms_buf_addf(o, "<select name=\"%s\" id=\"f-%s\"><option value=\"\">%s</option>", name, name, all);
	for (i = 0; i < g->n; i++) {
		if (!g->r[i].city)
			continue;
		ms_buf_adds(o, "<optgroup label=\"");
		web_esc(o, g->r[i].name);
		ms_buf_addf(o, "\"><option value=\"%s\"%s>", g->r[i].code,
			    sel && !strcmp(sel, g->r[i].code) ? " selected" : "");
		web_esc(o, g->r[i].name);
		ms_buf_adds(o, "（全市）</option>");
		for (j = 0; j < g->n; j++) {
			if (g->r[j].city || strcmp(g->r[j].parent, g->r[i].code))
				continue;
			ms_buf_addf(o, "<option value=\"%s\"%s>", g->r[j].code,
				    sel && !strcmp(sel, g->r[j].code) ? " selected" : "");
			web_esc(o, g->r[j].name);
			ms_buf_adds(o, "</option>");
		}
		ms_buf_adds(o, "</optgroup>");
	}
	ms_buf_adds(o, "</select>");
}

/* The regions under root into g (cities come before their counties in code order). */
static int regions_load(struct store *st, const char *root, struct regions *g, struct ms_err *err)
{
	snprintf(g->root, sizeof(g->root), "%s", root && *root ? root : "360000");
	g->n = 0;
	return store_org_each(st, NULL, take_region, g, err);
}

int web_region_select(struct ms_buf *o, struct store *st, const char *root, const char *name, const char *all,
		      const char *sel, struct ms_err *err)
{
	struct regions *g = calloc(1, sizeof(*g));
	int rc;

	if (!g)
		abort();
	rc = regions_load(st, root, g, err);
	if (!rc)
		region_select(o, g, name, all, sel);
	free(g);
	return rc;
}

/* The indicators as <option>s (quantified only when q), sel selected. */
static void ind_options(struct ms_buf *o, const struct ledger *l, const char *sel, int q)
{
	size_t i;

	for (i = 0; i < l->nind; i++) {
		if (q && !l->ind[i].has_target)
			continue;
		ms_buf_addf(o, "<option value=\"%s\"%s>%lld ", l->ind[i].id,
			    sel && !strcmp(sel, l->ind[i].id) ? " selected" : "", (long long)l->ind[i].item_no);
		web_esc(o, l->ind[i].name);
		ms_buf_adds(o, "</option>");
	}
}

/* ---------- 点位: the list ---------- */

struct site_list {
	struct ms_buf *o;
	const struct ledger *l;
	const struct regions *g;
	const char *region, *status;
	long shown, n, by[3];
	int64_t qty;
};

static int site_row(const struct store_site *s, void *arg)
{
	struct site_list *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, s->indicator);
	const char *st = s->status ? s->status : "";

	if (a->region && *a->region && strcmp(s->org, a->region) && strcmp(region_parent(a->g, s->org), a->region))
		return 0;
	if (a->status && *a->status && strcmp(st, a->status))
		return 0;
	a->n++;
	a->qty += s->quantity;
	a->by[!strcmp(st, "delivered") ? 0 : !strcmp(st, "building") ? 1 : 2]++;
	if (a->shown >= SITES_SHOWN)
		return 0;
	a->shown++;
	ms_buf_adds(a->o, "<tr><td class=\"nm\">");
	web_esc(a->o, s->name);
	ms_buf_addf(a->o, "</td><td class=\"st site-%s\">%s</td><td>", st, status_cn(st));
	web_esc(a->o, region_name(a->g, s->org));
	ms_buf_adds(a->o, "</td><td>");
	if (d) {
		ms_buf_addf(a->o, "<a href=\"/item/%lld#ind-%s\">", (long long)d->item_no, d->id);
		web_esc(a->o, d->name);
		ms_buf_adds(a->o, "</a>");
	} else {
		web_esc(a->o, s->indicator);
	}
	ms_buf_adds(a->o, "</td><td>");
	web_esc(a->o, s->kind ? s->kind : "");
	ms_buf_addf(a->o, "</td><td class=\"when\">%s</td><td class=\"num\">%lld</td><td class=\"when\">",
		    s->delivered_on ? s->delivered_on : "—", (long long)s->quantity);
	if (s->has_coords)
		ms_buf_addf(a->o, "%.4f, %.4f", (double)s->lat_e6 / 1e6, (double)s->lon_e6 / 1e6);
	else
		ms_buf_adds(a->o, "—");
	ms_buf_adds(a->o, "</td><td>");
	web_esc(a->o, s->address ? s->address : "");
	ms_buf_adds(a->o, "</td></tr>\n");
	return 0;
}

/* A filter's value when it is one of the allowed, else NULL after replying 400 (NULL given: none). */
static int status_ok(struct web_ctx *c, const char *s)
{
	if (!s || !*s || !strcmp(s, "delivered") || !strcmp(s, "building") || !strcmp(s, "planned"))
		return 1;
	web_fail_field(c, 400, "status", "状态应为 delivered（已交付）、building（在建）或 planned（计划） "
		       "(status: expected delivered, building or planned)");
	return 0;
}

/* /sites?indicator=&region=&status=: the register, filtered; at most SITES_SHOWN rows. */
void page_sites(struct web_ctx *c)
{
	const char *ind = web_field(&c->rq->query, "indicator");
	const char *region = web_field(&c->rq->query, "region");
	const char *status = web_field(&c->rq->query, "status");
	static const char *const sts[] = { "delivered", "building", "planned" };
	struct regions *g = calloc(1, sizeof(*g));
	struct ms_buf *o = &c->r->body;
	struct site_list a = { 0 };
	struct ms_err err;
	struct ledger l;
	size_t k;

	if (!g)
		abort();
	if (!status_ok(c, status) || web_open_ledger(c, &l)) {
		free(g);
		return;
	}
	if (ind && *ind && !ledger_ind_find(&l, ind)) {
		web_fail_field(c, 404, "indicator", "没有这个指标 (no such indicator)");
		goto out;
	}
	if (regions_load(c->st, l.region, g, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_reset(o);
	web_page_begin(o, "点位清单", &c->who);
	ms_buf_adds(o, "<form class=\"pick\" method=\"get\" action=\"/sites\"><label>指标 <select name=\"indicator\">"
		    "<option value=\"\">全部指标</option>");
	ind_options(o, &l, ind, 0);
	ms_buf_adds(o, "</select></label>");
	ms_buf_adds(o, "<label>地区 ");
	region_select(o, g, "region", "全省", region);
	ms_buf_adds(o, "</label>");
	ms_buf_adds(o, "<label>状态 <select name=\"status\"><option value=\"\">全部</option>");
	for (k = 0; k < 3; k++)
		ms_buf_addf(o, "<option value=\"%s\"%s>%s</option>", sts[k], status && !strcmp(status, sts[k]) ?
			    " selected" : "", status_cn(sts[k]));
	ms_buf_adds(o, "</select></label><button type=\"submit\">筛选</button></form>\n");
	ms_buf_addf(o, "<p><a href=\"/map%s%s\">在民生地图上查看</a></p>\n", ind && *ind ? "?sites=" : "",
		    ind && *ind ? ind : "");
	ms_buf_adds(o, "<div class=\"wrap\"><table class=\"ov sites\"><tr><th class=\"nm\">名称</th><th class=\"st\">状态</th>"
		    "<th>地区</th><th>指标</th><th>类型</th><th>交付日期</th><th>数量</th><th>坐标（纬度, 经度）</th>"
		    "<th>地址</th></tr>\n");
	a.o = o;
	a.l = &l;
	a.g = g;
	a.region = region;
	a.status = status;
	if (store_site_each(c->st, l.plan, ind && *ind ? ind : NULL, NULL, site_row, &a, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_addf(o, "</table></div>\n<p class=\"facts-line\" id=\"site-count\">共 %ld 个点位（已交付 %ld，在建 %ld，计划 %ld），"
		    "数量合计 %lld。", a.n, a.by[0], a.by[1], a.by[2], (long long)a.qty);
	if (a.shown < a.n)
		ms_buf_addf(o, "只列出前 %ld 个，请用筛选缩小范围。", a.shown);
	ms_buf_adds(o, "</p>\n<p class=\"legend\">已交付的点位计入该地区的点位台账，与报送数核对；在建和计划的不计入。"
		    "数据接口：<a href=\"/api/v1/sites\">/api/v1/sites</a>。</p>\n");
	web_page_end(o);
	web_reply_html(c->r, 200);
out:
	ledger_close(&l);
	free(g);
}

/* ---------- 民生地图 ---------- */

static const char *const shade[] = { "#e0e0e0", "#1b7a34", "#8fd19e", "#ffd54f", "#e57373" };

/* The progress of the region (a county's own, else its city's) for the map, or NULL. */
static const struct prog_org *org_of(const struct prog_ind *pi, const struct web_map_county *mc)
{
	const struct prog_org *city = NULL;
	size_t k;

	for (k = 0; pi && k < pi->norg; k++) {
		if (!strcmp(pi->org[k].code, mc->code))
			return &pi->org[k];
		if (!strcmp(pi->org[k].code, mc->parent))
			city = &pi->org[k];
	}
	return city;
}

static void map_counties(struct ms_buf *o, const struct web_map *m, const struct prog_ind *pi,
			 const struct regions *g)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct web_map_county *mc = &m->c[i];
		const struct prog_org *po = org_of(pi, mc);
		enum prog_colour col = po ? po->colour : PC_NONE;

		ms_buf_addf(o, "<path class=\"county\" id=\"county-%s\" fill=\"%s\" d=\"", mc->code, shade[col]);
		ms_buf_add(o, m->text + mc->d, mc->dlen);
		ms_buf_adds(o, "\"><title>");
		web_esc(o, mc->name);
		ms_buf_adds(o, "（");
		web_esc(o, region_name(g, mc->parent));
		ms_buf_adds(o, "）");
		if (po) {
			ms_buf_adds(o, !strcmp(po->code, mc->code) ? "：" : "：全市");
			ms_buf_adds(o, "完成率 ");
			prog_pct(o, po->completion_bp);
			ms_buf_addf(o, "，%s", prog_colour_cn(po->colour));
		} else {
			ms_buf_adds(o, "：无数据");
		}
		ms_buf_adds(o, "</title></path>\n");
	}
}

struct dots {
	struct ms_buf *o;
	const struct web_map *m;
	long drawn, nocoord, outside;
};

static int site_dot(const struct store_site *s, void *arg)
{
	struct dots *a = arg;
	const char *st = s->status ? s->status : "";
	double x, y;

	if (!s->has_coords) {
		a->nocoord++;
		return 0;
	}
	if (!web_map_project(a->m, s->lat_e6, s->lon_e6, &x, &y)) {
		a->outside++;
		return 0;
	}
	a->drawn++;
	ms_buf_addf(a->o, "<circle class=\"site s-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>", st, x, y);
	web_esc(a->o, s->name);
	ms_buf_addf(a->o, "（%s%s%s）</title></circle>\n", status_cn(st), s->delivered_on ? " " : "",
		    s->delivered_on ? s->delivered_on : "");
	return 0;
}

/* The form: the indicator that shades the counties, the sites shown, the day. */
static void map_form(struct ms_buf *o, const struct ledger *l, const struct prog_ind *pi, const char *sites,
		     const struct progress *p)
{
	ms_buf_adds(o, "<form class=\"pick\" method=\"get\" action=\"/map\"><label>着色指标 <select name=\"indicator\">");
	ind_options(o, l, pi ? pi->ind->id : NULL, 1);
	ms_buf_adds(o, "</select></label><label>点位 <select name=\"sites\"><option value=\"\">全部点位</option>");
	ind_options(o, l, sites, 0);
	ms_buf_adds(o, "</select></label><label>截至日期 <input type=\"date\" name=\"as_of\" value=\"");
	ms_date_format(o, p->as_of);
	ms_buf_adds(o, "\"></label><button type=\"submit\">查看</button></form>\n");
}

static void map_legend(struct ms_buf *o, const struct dots *dt)
{
	static const enum prog_colour order[] = { PC_DONE, PC_GREEN, PC_YELLOW, PC_RED, PC_NONE };
	size_t k;

	ms_buf_adds(o, "<ul class=\"maplegend\">");
	for (k = 0; k < 5; k++)
		ms_buf_addf(o, "<li><span class=\"sw\" style=\"background:%s\"></span>%s</li>", shade[order[k]],
			    order[k] == PC_NONE ? "无数据" : prog_colour_cn(order[k]));
	ms_buf_adds(o, "<li><span class=\"dot s-delivered\"></span>已交付点位</li><li><span class=\"dot s-building\"></span>在建</li>"
		    "<li><span class=\"dot s-planned\"></span>计划</li></ul>\n");
	ms_buf_addf(o, "<p class=\"legend\" id=\"map-count\">图上 %ld 个点位", dt->drawn);
	if (dt->nocoord)
		ms_buf_addf(o, "；另有 %ld 个没有坐标，未标出", dt->nocoord);
	if (dt->outside)
		ms_buf_addf(o, "；%ld 个坐标在江西省图框之外，未标出", dt->outside);
	ms_buf_adds(o, "。区县按所在地区该指标的完成率着色（分解到设区市的指标，全市各区县同色）：完成 = 已达目标；"
		    "绿 = 不慢于时序进度；黄、红 = 落后。只计已审核通过的报送。把鼠标移到区县或点位上可看名称。</p>\n");
}

/* The regions' figures as a table too: what the colours say, readable without the picture. */
static void map_table(struct ms_buf *o, const struct prog_ind *pi)
{
	size_t k;

	if (!pi || !pi->norg)
		return;
	ms_buf_adds(o, "<div class=\"wrap\"><table class=\"ov\"><tr><th class=\"nm\">地区</th><th class=\"st\">状态</th>"
		    "<th>分解目标</th><th>完成</th><th>完成率</th></tr>\n");
	for (k = 0; k < pi->norg; k++) {
		const struct prog_org *po = &pi->org[k];

		web_region_cells(o, pi, po);
		ms_buf_adds(o, "<td class=\"num\">");
		prog_pct(o, po->completion_bp);
		ms_buf_adds(o, "</td></tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n");
}

/* /map?indicator=&sites=&as_of=: the counties shaded by the indicator's regional completion, the sites as dots. */
void page_map(struct web_ctx *c)
{
	const char *ind = web_field(&c->rq->query, "indicator");
	const char *sites = web_field(&c->rq->query, "sites");
	const struct prog_ind *pi = NULL;
	struct regions *g = calloc(1, sizeof(*g));
	struct ms_buf *o = &c->r->body;
	struct dots dt = { 0 };
	struct progress p;
	struct ms_err err;
	struct ledger l;
	size_t j;

	if (!g)
		abort();
	if (!c->app->map) {
		web_fail(c, 503, "地图数据未安装（data/map/jiangxi-counties.tsv） (the map data is not installed)");
		free(g);
		return;
	}
	if (web_progress_of(c, &p)) {
		free(g);
		return;
	}
	if (web_open_ledger(c, &l))
		goto out_p;
	for (j = 0; j < p.nind && !pi; j++)
		if (ind && *ind ? !strcmp(p.ind[j].ind->id, ind) : p.ind[j].ind->has_target)
			pi = &p.ind[j];
	if ((ind && *ind && (!pi || !pi->ind->has_target)) || (sites && *sites && !ledger_ind_find(&l, sites))) {
		web_fail_field(c, 404, pi ? "sites" : "indicator", "没有这个有目标的指标 (no such quantified indicator)");
		goto out;
	}
	if (regions_load(c->st, l.region, g, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_reset(o);
	web_page_begin(o, "民生地图", &c->who);
	map_form(o, &l, pi, sites, &p);
	if (pi) {
		ms_buf_addf(o, "<h2 id=\"map-ind\"><a href=\"/item/%lld#ind-%s\">", (long long)pi->ind->item_no, pi->ind->id);
		web_esc(o, pi->ind->name);
		ms_buf_adds(o, "</a>：截至");
		ms_date_format_cn(o, p.as_of);
		ms_buf_adds(o, "</h2>\n");
	}
	ms_buf_addf(o, "<svg class=\"map\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"江西省区县地图\">\n"
		    "<g class=\"counties\">\n", c->app->map->w, c->app->map->h);
	map_counties(o, c->app->map, pi, g);
	ms_buf_adds(o, "</g>\n<g class=\"sites\">\n");
	dt.o = o;
	dt.m = c->app->map;
	if (store_site_each(c->st, l.plan, sites && *sites ? sites : NULL, NULL, site_dot, &dt, &err)) {
		web_fail_err(c, &err);
		goto out;
	}
	ms_buf_adds(o, "</g>\n</svg>\n");
	map_legend(o, &dt);
	ms_buf_addf(o, "<p><a href=\"/sites%s%s\">点位清单</a>；边界数据来源见 data/map/README.md。</p>\n",
		    sites && *sites ? "?indicator=" : "", sites && *sites ? sites : "");
	map_table(o, pi);
	web_page_end(o);
	web_reply_html(c->r, 200);
out:
	ledger_close(&l);
out_p:
	progress_free(&p);
	free(g);
}
