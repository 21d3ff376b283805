/*
 * pages.c - server-rendered pages in Chinese: plain HTML, inline CSS and
 * SVG, no scripts from elsewhere, readable on a phone.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "ledger/ledger.h"
#include "ledger/programmes.h"
#include "core/json.h"
#include "plan/units.h"
#include "core/text.h"
#include "core/banned.h"

/* A bar for a completion against the expected progress (a tick marks where it should be). */
static void bar(struct ms_buf *o, int bp, int expected_bp, enum prog_colour c)
{
	static const char *const fill[] = { "#9e9e9e", "#2e7d32", "#43a047", "#e0a800", "#c62828" };
	int w = bp < 0 ? 0 : bp > 10000 ? 200 : bp * 200 / 10000;
	int x = expected_bp < 0 ? -1 : expected_bp > 10000 ? 200 : expected_bp * 200 / 10000;

	ms_buf_addf(o, "<svg class=\"bar\" width=\"204\" height=\"14\" viewBox=\"0 0 204 14\" role=\"img\" "
		    "aria-label=\"完成率\"><rect x=\"1\" y=\"2\" width=\"202\" height=\"10\" fill=\"#eee\" "
		    "stroke=\"#ccc\"/><rect x=\"2\" y=\"3\" width=\"%d\" height=\"8\" fill=\"%s\"/>", w,
		    fill[c]);
	if (x >= 0)
		ms_buf_addf(o, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"14\" stroke=\"#333\" stroke-width=\"2\"/>",
			    x + 2, x + 2);
	ms_buf_adds(o, "</svg>");
}

static const char *colour_class(enum prog_colour c)
{
	return prog_colour_code(c);
}

void web_page_begin(struct ms_buf *o, const char *title, const struct web_who *w)
{
	ms_buf_adds(o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    /* no icon: else a browser asks for /favicon.ico, a 404 it logs as an error */
		    "<link rel=\"icon\" href=\"data:,\">\n<title>");
	web_esc(o, title);
	ms_buf_adds(o, "</title>\n<style>\n"
		    "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:0;color:#222;line-height:1.6}\n"
		    "header{background:#b00;color:#fff;padding:.6em 1em}header h1{margin:0;font-size:1.35em}\n"
		    /* flow-root: the user's name floats right and may wrap to a line of its own */
		    "nav{background:#8b0000;padding:.3em 1em;display:flow-root}nav a{color:#fff;margin-right:1.2em;text-decoration:none;white-space:nowrap}\n"
		    "nav a:hover{text-decoration:underline}\n"
		    "main{max-width:1100px;margin:0 auto;padding:1em}\n"
		    ".demo{background:#fff3cd;color:#664d03;border:1px solid #e0c060;padding:.1em .6em;margin-left:.6em;font-size:.8em;white-space:nowrap}\n"
		    ".facts{display:flex;flex-wrap:wrap;gap:.8em;margin:.5em 0 1em}\n"
		    ".fact{background:#f6f6f6;border:1px solid #ddd;padding:.5em .9em;min-width:9em}\n"
		    ".fact b{display:block;font-size:1.4em}\n"
		    /* a wide table scrolls in its own box; on a phone it keeps a readable width instead of
		       squeezing each cell to a character or two */
		    ".wrap{overflow-x:auto}table{border-collapse:collapse;width:100%}\n"
		    "@media(max-width:640px){.wrap table{min-width:42em}.wrap td:first-child:not(.num){min-width:7em}\n"
		    /* on a phone the name and the 状态 columns stay in view while the rest scrolls in the box */
		    " .wrap table.ov .nm,.wrap table.ov .st{position:sticky;z-index:1;background:#fff;box-sizing:border-box}\n"
		    " .wrap table.ov .nm{left:0;width:8.5em;min-width:8.5em;max-width:8.5em;overflow-wrap:anywhere}\n"
		    " .wrap table.ov .st{left:8.5em;width:4.6em;min-width:4.6em;white-space:nowrap;box-shadow:2px 0 2px -1px #bbb}\n"
		    " table.ov th.nm,table.ov th.st{background:#f2f2f2}table.ov tr.item td.nm,table.ov tr.item td.st{background:#fafafa}\n"
		    " table.ov td.ind{padding-left:.8em}\n"
		    /* facts two to a row, so the counts and the table come before the first scroll */
		    " .facts{gap:.5em}.fact{min-width:0;flex:1 1 40%;padding:.3em .6em}.fact b{font-size:1.2em}}\n"
		    ".pick{display:flex;flex-wrap:wrap;gap:.4em 1.5em;margin:.3em 0 .6em}.pick form{margin:0}\n"
		    ".pick select,.pick input{max-width:100%}.pick select{width:12em}td.lead,td.lag{min-width:9em}td.absent-note{color:#555;font-size:.92em}\n"
		    "tr.absent td.st{color:#9a6b00;white-space:nowrap}\n"
		    "th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:middle}\n"
		    "th{background:#f2f2f2;white-space:nowrap}td.num{text-align:right;white-space:nowrap}\n"
		    "tr.item td{background:#fafafa;font-weight:bold;border-top:2px solid #bbb}\n"
		    "td.ind{padding-left:1.6em}td.pc{white-space:nowrap}\n"
		    ".done{color:#1b5e20}.green{color:#2e7d32}.yellow{color:#9a6b00}.red{color:#b71c1c;font-weight:bold}\n"
		    ".legend{color:#555;font-size:.9em;overflow-wrap:anywhere}\n"
		    ".source{white-space:pre-wrap;background:#fcfcf8;border:1px solid #ddd;padding:1em;line-height:1.9}\n"
		    "mark{background:#fff2a8}mark a{color:inherit;text-decoration:none}\n"
		    "form.calc .cf{margin:.4em 0}form.calc label{display:inline-block;min-width:9em;margin-right:.5em}\n"
		    "form.calc input,form.calc select{max-width:100%;box-sizing:border-box}\n"
		    "form.calc .ferr{color:#b71c1c;font-weight:bold;display:block}form.calc .bad{border:2px solid #b71c1c;background:#fff5f5}\n"
		    ".explain{white-space:pre-wrap;background:#f6f6f6;border:1px solid #ddd;padding:.8em;font-size:.92em}\n"
		    ".note{border-left:4px solid #e0a800;padding:.2em .8em;margin:.5em 0;background:#fffbea}\n"
		    "nav .me{float:right;color:#fdd}nav form{display:inline;margin:0}\n"
		    "nav button.link{background:none;border:0;color:#fff;cursor:pointer;font:inherit;padding:0;text-decoration:underline}\n"
		    ".ok{border-left:4px solid #2e7d32;background:#eef7ee;padding:.3em .8em;margin:.5em 0}\n"
		    ".err{border-left:4px solid #c62828;background:#fdecea;padding:.3em .8em;margin:.5em 0;color:#8b0000}\n"
		    "form.entry{border:1px solid #ddd;padding:.6em .8em;margin:.6em 0;background:#fcfcfc}\n"
		    "form.entry h3{margin:.1em 0 .4em;font-size:1.05em}form.entry label{display:inline-block;margin:.2em 1em .2em 0}\n"
		    "form.entry label{max-width:100%}form.entry input{max-width:100%;box-sizing:border-box}\n"
		    "form.entry select{max-width:100%;box-sizing:border-box}\n"
		    "form.entry label.wide{display:block;margin-right:0}\n"
		    "form.entry textarea{width:100%;box-sizing:border-box;min-height:4.8em;display:block}\n"
		    /* 佐证材料 (web/evidence.c): thumbnails with their time, place and flags */
		    ".evs figure.ev{display:inline-block;vertical-align:top;margin:.3em .5em .3em 0;max-width:12em;"
		    "font-size:.85em;overflow-wrap:anywhere}.evs figure.ev img{display:block;max-width:100%;height:auto}\n"
		    ".evs figure.flag{outline:2px solid #c0392b}.evs.big figure.ev{max-width:15em}\n"
		    "form.entry .ferr{color:#b71c1c;font-weight:bold;display:block}\n"
		    "input.bad,textarea.bad{border:2px solid #b71c1c;background:#fff5f5}\n"
		    "form.login{max-width:22em}form.login label{display:block;margin:.5em 0}form.login input{width:100%;box-sizing:border-box;padding:.3em}\n"
		    "input,select,textarea,button{font:inherit}\n"
		    "button{padding:.25em .9em;margin-right:.5em}td form{display:inline}\n"
		    "td.when{white-space:nowrap}td.key{min-width:12em;overflow-wrap:anywhere}td.kvs{min-width:14em}td.target{min-width:10em}td.narr{min-width:12em}\n"
		    ".kv{font-size:.88em;margin-right:.6em;overflow-wrap:anywhere}.kv span{color:#666}\n"
		    ".st-submitted{color:#1565c0}.st-approved{color:#1b5e20}.st-returned{color:#b71c1c}.st-draft{color:#666}\n"
		    /* 民生地图 and 点位 (sites.c): the map scales with its box; dots by status */
		    "svg.map{display:block;width:100%;max-width:560px;height:auto;margin:.5em 0;background:#f4f8fb;border:1px solid #ddd}\n"
		    "svg.map path.county{stroke:#fff;stroke-width:1;stroke-linejoin:round}svg.map path.county:hover{stroke:#222;stroke-width:2}\n"
		    "svg.map circle.site{stroke:#fff;stroke-width:1.2;fill-opacity:.85}\n"
		    ".s-delivered{fill:#0d47a1;background:#0d47a1}.s-building{fill:#ef6c00;background:#ef6c00}.s-planned{fill:#6a1b9a;background:#6a1b9a}\n"
		    ".maplegend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em 1em}\n"
		    ".maplegend .sw{display:inline-block;width:1.1em;height:.9em;margin-right:.3em;vertical-align:middle;border:1px solid #bbb}\n"
		    ".maplegend .dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.3em;vertical-align:middle}\n"
		    "table.sites td:nth-child(4){min-width:10em}table.sites td:nth-child(9){min-width:9em}\n"
		    "td.site-delivered{color:#0d47a1}td.site-building{color:#ef6c00}td.site-planned{color:#6a1b9a}\n"
		    "svg.trend{vertical-align:middle;margin-left:.4em}svg.trend polyline{fill:none;stroke:#1565c0;stroke-width:2}\n"
		    /* 评估 on a phone: 得分 and 等级 pinned to the box's right edge while the rest scrolls; the score without its bar */
		    "@media(max-width:640px){.wrap table.ev td.sc svg.bar{display:none}\n"
		    " .wrap table.ev .sc,.wrap table.ev .gr{position:sticky;z-index:1;background:#fff;white-space:nowrap;box-sizing:border-box}\n"
		    " .wrap table.ev .gr{right:0;width:4.4em;min-width:4.4em;max-width:4.4em}\n"
		    " .wrap table.ev .sc{right:4.4em;width:4.4em;min-width:4.4em;box-shadow:-2px 0 2px -1px #bbb}\n"
		    " table.ev th.sc,table.ev th.gr{background:#f2f2f2}}\n"
		    "</style>\n</head>\n<body>\n<header><h1>");
	web_esc(o, title);
	if (w->demo)
		ms_buf_adds(o, "<span class=\"demo\">演示数据</span>");
	ms_buf_adds(o, "</h1></header>\n<nav><a href=\"/\">总览</a>");
	if (w->u->role == ROLE_REPORTER || w->u->role == ROLE_ADMIN)
		ms_buf_adds(o, "<a href=\"/report\">报送</a>");
	if (w->u->role == ROLE_LEAD || w->u->role == ROLE_ADMIN)
		ms_buf_adds(o, "<a href=\"/review\">审核</a>");
	ms_buf_adds(o, "<a href=\"/bulletins\">通报</a><a href=\"/evaluation\">评估</a><a href=\"/map\">民生地图</a><a href=\"/proposals\">征集票决</a><a href=\"/calc/dibao\">政策计算器</a>"
		    "<a href=\"/source\">原文</a>");
	if (w->u->role != ROLE_NONE)
		ms_buf_adds(o, "<a href=\"/journal\">台账日志</a>");
	if (w->u->role == ROLE_ADMIN)
		ms_buf_adds(o, "<a href=\"/notice\">通知导入</a><a href=\"/remind\">催报</a><a href=\"/vote/desk\">票决工作台</a>");
	if (w->u->role == ROLE_ADMIN || w->u->role == ROLE_LEAD || w->u->role == ROLE_REPORTER)
		ms_buf_adds(o, "<a href=\"/duban\">督办</a>");
	ms_buf_adds(o, "<span class=\"me\">");
	if (w->u->role == ROLE_NONE) {
		ms_buf_adds(o, "<a href=\"/login\">登录</a>");
	} else {
		/* the unit by the name people know it by; the code only if the database lost it */
		const char *org = w->org_name && *w->org_name ? w->org_name : w->u->org;

		web_esc(o, w->u->name);
		ms_buf_addf(o, "（%s%s", auth_role_label(w->u->role), *org ? "，" : "");
		if (*w->u->org)   /* the unit's page: its 联系人 and 联系电话 (org_contact.c) */
			ms_buf_adds(o, "<a href=\"/org/contact\" title=\"单位联系人\">");
		web_esc(o, org);
		ms_buf_adds(o, *w->u->org ? "</a>" : "");
		ms_buf_adds(o, "） <form method=\"post\" action=\"/logout\">");
		web_csrf_field(o, w);
		ms_buf_adds(o, "<button class=\"link\" type=\"submit\">退出</button></form>");
	}
	ms_buf_adds(o, "</span></nav>\n<main>\n");
}

void web_page_end(struct ms_buf *o)
{
	ms_buf_adds(o, "</main>\n</body>\n</html>\n");
}

/*
 * What the figures count: approved reports only (and how many await
 * review), or, for staff who asked, reports awaiting review too; a
 * logged-in reader gets the switch between the two (base: the page's path).
 */
static void reviewed_note(struct ms_buf *o, const struct web_who *w, const struct progress *p,
			  const char *base)
{
	ms_buf_adds(o, "<p class=\"note\">");
	if (p->unreviewed)
		ms_buf_addf(o, "含待审核数据（%d 份未经审核），仅供内部参考，不得对外引用。", p->pending);
	else
		ms_buf_addf(o, "只计已审核通过的报送；另有待审核 %d 份。", p->pending);
	if (w->u->role != ROLE_NONE) {
		ms_buf_addf(o, " <a href=\"%s?as_of=", base);
		ms_date_format(o, p->as_of);
		ms_buf_adds(o, p->unreviewed ? "\">只看已审核数据</a>" : "&amp;unreviewed=1\">含待审核数据</a>");
	}
	ms_buf_adds(o, "</p>\n");
}

/* The counts of items and indicators by colour (红/黄/绿/完成), the first facts a reader looks for. */
static void colour_counts(struct ms_buf *o, const struct progress *p)
{
	static const enum prog_colour order[] = { PC_RED, PC_YELLOW, PC_GREEN, PC_DONE };
	int items[5] = { 0 }, inds[5] = { 0 };
	size_t i, k;

	for (i = 0; i < p->nitem; i++)
		items[p->item[i].colour]++;
	for (i = 0; i < p->nind; i++)
		inds[p->ind[i].colour]++;
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		ms_buf_addf(o, "<div class=\"fact count\" id=\"count-%s\">%s<b class=\"%s\">%d 件</b>指标 %d 项</div>",
			    prog_colour_code(order[k]), prog_colour_cn(order[k]), prog_colour_code(order[k]),
			    items[order[k]], inds[order[k]]);
}

/* The round / as-of selector: plain GET forms, so a bookmark or a printed link keeps the date. */
static void as_of_form(struct ms_buf *o, const struct progress *p, const char *base)
{
	const char *keep = p->unreviewed ? "<input type=\"hidden\" name=\"unreviewed\" value=\"1\">" : "";
	struct ms_buf cur = MS_BUF_INIT;
	size_t k;

	ms_date_format(&cur, p->as_of);

	ms_buf_addf(o, "<div class=\"pick\"><form method=\"get\" action=\"%s\"><label>报送轮次 "
		    "<select name=\"as_of\">", base);
	for (k = 0; k < p->nround && strcmp(p->round[k].due, cur.buf); k++)
		;
	if (k == p->nround) /* a day that is no round's: shown as it is, selected */
		ms_buf_addf(o, "<option value=\"%s\" selected>%s</option>", cur.buf, cur.buf);
	for (k = 0; k < p->nround; k++) {
		ms_day due = 0;

		ms_date_parse(p->round[k].due, strlen(p->round[k].due), &due, NULL);
		ms_buf_addf(o, "<option value=\"%s\"%s>%s ", p->round[k].due, due == p->as_of ? " selected" : "",
			    p->round[k].due);
		web_esc(o, p->round[k].label);
		ms_buf_adds(o, "</option>");
	}
	ms_buf_addf(o, "</select></label>%s<button type=\"submit\">查看</button></form>"
		    "<form method=\"get\" action=\"%s\"><label>截至日期 <input type=\"date\" name=\"as_of\" value=\"",
		    keep, base);
	ms_date_format(o, p->as_of);
	ms_buf_addf(o, "\"></label>%s<button type=\"submit\">查看</button></form></div>\n", keep);
	ms_buf_release(&cur);
}

/* The yellow and red regions of an indicator, as the CLI's status lists them. */
static void lagging(struct ms_buf *o, const struct prog_ind *pi)
{
	size_t k;
	int n = 0;

	for (k = 0; k < pi->norg; k++) {
		const struct prog_org *po = &pi->org[k];

		if (po->colour != PC_YELLOW && po->colour != PC_RED)
			continue;
		ms_buf_addf(o, "%s<span class=\"%s\">", n++ ? "、" : "", prog_colour_code(po->colour));
		web_esc(o, po->name);
		ms_buf_adds(o, "</span>");
	}
}

static void overview_ind(struct ms_buf *o, const struct prog_ind *pi)
{
	ms_buf_adds(o, "<tr><td class=\"nm ind\">");
	web_esc(o, pi->ind->name);
	ms_buf_addf(o, "</td><td class=\"st %s\">%s</td><td class=\"num\">", colour_class(pi->colour),
		    prog_colour_cn(pi->colour));
	if (pi->ind->has_target)
		prog_value_text(o, pi->ind->unit, pi->ind->target);
	else
		ms_buf_adds(o, "定性");
	ms_buf_adds(o, "</td><td class=\"num\">");
	if (!pi->ind->has_target)
		ms_buf_addf(o, "进展报告 %d 份", pi->narratives);
	else if (pi->ind->agg != LEDGER_AGG_SUM && pi->regions)
		ms_buf_addf(o, "达标 %d/%d 地", pi->regions_met, pi->regions);
	else if (pi->has_actual)
		prog_value_text(o, pi->ind->unit, pi->actual);
	else
		ms_buf_adds(o, "—");
	ms_buf_adds(o, "</td><td class=\"pc\">");
	if (pi->ind->has_target) {
		bar(o, pi->completion_raw_bp, pi->expected_bp, pi->colour);
		ms_buf_adds(o, " ");
		prog_pct(o, pi->completion_raw_bp);
	}
	ms_buf_adds(o, "</td><td class=\"lag\">");
	lagging(o, pi);
	ms_buf_adds(o, "</td><td class=\"num\">");
	if (pi->ind->has_target)
		ms_buf_addf(o, "%d/%d", pi->reports.on_time, pi->reports.expected);
	ms_buf_addf(o, "</td><td class=\"num\">%d</td></tr>\n", pi->pending);
}

/* "?plan=ID" when the page was asked for a plan other than the default, else nothing. */
static void plan_q(struct ms_buf *o, const struct web_who *w, char sep)
{
	if (!w->plan)
		return;
	ms_buf_addf(o, "%cplan=", sep);
	web_esc(o, w->plan);
}

static void overview_item(struct ms_buf *o, const struct web_who *w, const struct progress *p,
			  const struct prog_item *it)
{
	size_t j;

	ms_buf_addf(o, "<tr class=\"item\"><td class=\"nm\"><a href=\"/item/%lld", (long long)it->no);
	plan_q(o, w, '?');
	ms_buf_addf(o, "\">%lld ", (long long)it->no);
	web_esc(o, it->title);
	ms_buf_addf(o, "</a></td><td class=\"st %s\">%s</td><td></td><td></td><td class=\"pc\">",
		    colour_class(it->colour), prog_colour_cn(it->colour));
	bar(o, it->completion_bp, -1, it->colour);
	ms_buf_adds(o, " ");
	prog_pct(o, it->completion_bp);
	ms_buf_adds(o, "</td><td class=\"lead\">");
	web_esc(o, it->lead_names);
	ms_buf_addf(o, "</td><td class=\"num\">%d/%d</td><td class=\"num\">%d</td></tr>\n",
		    it->reports.on_time, it->reports.expected, it->pending);
	for (j = 0; j < p->nind; j++)
		if (p->ind[j].ind->item_no == it->no)
			overview_ind(o, &p->ind[j]);
}

/* An item the notice's text lacks: listed in its place, with what the plan's notes say. */
static void overview_absent(struct ms_buf *o, const struct prog_absent *x)
{
	ms_buf_addf(o, "<tr class=\"item absent\"><td class=\"nm\"><a href=\"/item/%lld\">%lld</a></td>"
		    "<td class=\"st none\">文中缺失</td><td colspan=\"6\" class=\"absent-note\">", (long long)x->no,
		    (long long)x->no);
	web_esc(o, *x->note ? x->note : "通知原文中没有这件实事的文字。");
	ms_buf_adds(o, "</td></tr>\n");
}

/*
 * The programmes of every level of government (the province's, 南昌's …),
 * when there is more than one: each with its government, year, items,
 * completion and red items, linked to its own overview.
 */
static void programmes_list(struct ms_buf *o, const struct programmes *ps, const char *current)
{
	size_t i;

	if (!ps || ps->n < 2)
		return;
	ms_buf_adds(o, "<h2>各级民生实事</h2>\n<div class=\"wrap\"><table class=\"progs\">\n<tr><th>计划</th><th>政府</th>"
		    "<th>层级</th><th>年度</th><th>实事</th><th>完成率</th><th>红色</th></tr>\n");
	for (i = 0; i < ps->n; i++) {
		const struct programme *g = &ps->v[i];

		ms_buf_adds(o, "<tr><td><a href=\"/?plan=");
		web_esc(o, g->id);
		ms_buf_adds(o, "\">");
		web_esc(o, g->title);
		ms_buf_adds(o, "</a>");
		if (!strcmp(g->id, current))
			ms_buf_adds(o, "（本页）");
		ms_buf_adds(o, "</td><td>");
		web_esc(o, g->region_name);
		ms_buf_addf(o, "</td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td><td class=\"num\">",
			    ledger_level_cn(g->level), (long long)g->year, (long long)g->items);
		prog_pct(o, g->completion_bp);
		ms_buf_addf(o, "</td><td class=\"num%s\">%d</td></tr>\n", g->red ? " red" : "", g->red);
	}
	ms_buf_adds(o, "</table></div>\n");
}

int web_page_overview(struct ms_buf *o, const struct web_who *w, const struct progress *p,
		      const struct programmes *ps)
{
	const struct prog_round *last = NULL;
	size_t i, a = 0, k;

	for (k = 0; k < p->nround; k++)
		if (p->round[k].due_passed)
			last = &p->round[k];
	web_page_begin(o, "民生实事进展总览", w);
	ms_buf_adds(o, "<div class=\"facts\">");
	ms_buf_adds(o, "<div class=\"fact\">截至<b>");
	ms_date_format_cn(o, p->as_of);
	ms_buf_adds(o, "</b></div><div class=\"fact\">时序进度<b>");
	prog_pct(o, p->expected_bp);
	ms_buf_adds(o, "</b></div>");
	colour_counts(o, p);
	if (p->next_round >= 0) {
		ms_day due;

		ms_date_parse(p->round[p->next_round].due, strlen(p->round[p->next_round].due), &due, NULL);
		ms_buf_addf(o, "<div class=\"fact\">距下次报送（%s）<b>%d 天</b></div>",
			    p->round[p->next_round].due, (int)(due - p->as_of));
	}
	if (last) {
		ms_buf_addf(o, "<div class=\"fact\">%s 报送率<b>", last->due);
		prog_pct(o, last->reports.expected ? (int)((int64_t)last->reports.received * 10000 / last->reports.expected) : -1);
		ms_buf_addf(o, "</b>逾期 %d，未报 %d</div>", last->reports.late, last->reports.missing);
	}
	ms_buf_adds(o, "</div>\n");
	as_of_form(o, p, "/");
	reviewed_note(o, w, p, "/");
	ms_buf_adds(o, "<div class=\"wrap\"><table class=\"ov\">\n<tr><th class=\"nm\">实事 / 指标</th><th class=\"st\">状态</th>"
		    "<th>目标</th><th>完成</th><th>完成率（竖线为应达进度）</th><th>牵头单位 / 滞后地区</th>"
		    "<th>按时/应报</th><th>待审核</th></tr>\n");
	for (i = 0; i < p->nitem; i++) {
		for (; a < p->nabsent && p->absent[a].no < p->item[i].no; a++)
			overview_absent(o, &p->absent[a]);
		overview_item(o, w, p, &p->item[i]);
	}
	for (; a < p->nabsent; a++)
		overview_absent(o, &p->absent[a]);
	ms_buf_adds(o, "</table></div>\n");
	programmes_list(o, ps, p->plan);
	ms_buf_addf(o, "<p class=\"legend\">状态：完成 = 已达目标；绿 = 不慢于时序进度；黄 = 落后不超过 %d 个百分点；"
		    "红 = 落后更多。滞后地区：状态为黄或红的地区。文中缺失：计划列有编号、通知原文没有文字的实事。"
		    "数据接口：<a href=\"/api/v1/status\">/api/v1/status</a>。</p>\n",
		    p->margin_pts);
	web_page_end(o);
	return 0;
}

/* An indicator's regions whose reports differ from the sites delivered by the round's due date. */
static void site_gaps(struct ms_buf *o, const struct prog_ind *pi)
{
	struct ms_buf t = MS_BUF_INIT;
	size_t k;

	if (!pi->has_sites)
		return;
	if (!pi->ngap) {
		ms_buf_adds(o, "<p class=\"legend\">点位台账：各地报送数与截止日前已交付的点位一致。</p>\n");
		return;
	}
	ms_buf_adds(o, "<div class=\"note\" id=\"sites-");
	web_esc(o, pi->ind->id);
	ms_buf_adds(o, "\"><b>报送数与点位台账不一致</b>（截至该轮截止日已交付的点位 / 该轮报送数）<ul>\n");
	for (k = 0; k < pi->ngap; k++) {
		ms_buf_reset(&t);
		prog_site_gap_text(&t, pi, &pi->gap[k]);
		ms_buf_adds(o, "<li>");
		web_esc(o, pi->gap[k].name);
		ms_buf_adds(o, " ");
		web_esc(o, t.buf);
		ms_buf_adds(o, "</li>\n");
	}
	ms_buf_adds(o, "</ul></div>\n");
	ms_buf_release(&t);
}

/*
 * The indicator's figure round by round (trend[k]: approved reports of the
 * first k+1 rounds) as a small inline SVG: completion against the target
 * (the dashed line is 100%), each point's figure in its <title>.
 */
static void trend_svg(struct ms_buf *o, const struct prog_ind *pi, const struct progress *trend, size_t ntrend)
{
	int bp[8], top = MS_BP_ONE, n = 0, k;
	const char *due[8];
	const struct prog_ind *at[8];
	size_t t, j;

	for (t = 0; t < ntrend && t < 8; t++) {
		at[t] = NULL;
		for (j = 0; j < trend[t].nind; j++)
			if (!strcmp(trend[t].ind[j].ind->id, pi->ind->id) && trend[t].ind[j].has_actual)
				at[t] = &trend[t].ind[j];
		bp[t] = at[t] && at[t]->completion_raw_bp > 0 ? at[t]->completion_raw_bp : 0;
		due[t] = trend[t].round[t].due;
		if (bp[t] > top)
			top = bp[t] > 4 * MS_BP_ONE ? 4 * MS_BP_ONE : bp[t];
		n++;
	}
	if (!n)
		return;
	ms_buf_addf(o, "<p class=\"trend\" id=\"trend-%s\">各轮完成率（已审核数据）<svg class=\"trend\" width=\"%d\" height=\"44\" "
		    "viewBox=\"0 0 %d 44\" role=\"img\" aria-label=\"各轮完成率\">", pi->ind->id, 20 + 40 * n, 20 + 40 * n);
	ms_buf_addf(o, "<line x1=\"4\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>",
		    16 + 40 * n, (int)(40 - 36 * MS_BP_ONE / top), (int)(40 - 36 * MS_BP_ONE / top));
	ms_buf_adds(o, "<polyline points=\"");
	for (k = 0; k < n; k++)
		ms_buf_addf(o, "%s%d,%d", k ? " " : "", 10 + 40 * k, 40 - 36 * (bp[k] > top ? top : bp[k]) / top);
	ms_buf_adds(o, "\"/>");
	for (k = 0; k < n; k++) {
		ms_buf_addf(o, "<circle class=\"pt\" cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"#1565c0\"><title>%s：", 10 + 40 * k,
			    40 - 36 * (bp[k] > top ? top : bp[k]) / top, due[k]);
		if (at[k]) {
			prog_value_text(o, pi->ind->unit, at[k]->actual);
			ms_buf_adds(o, "，完成率 ");
			prog_pct(o, at[k]->completion_raw_bp);
		} else {
			ms_buf_adds(o, "尚无已审核数据");
		}
		ms_buf_adds(o, "</title></circle>");
	}
	ms_buf_adds(o, "</svg></p>\n");
}

/* An item numbered in the plan whose text the notice lacks: says so, with the plan's notes; -1 when no such item. */
void web_region_cells(struct ms_buf *o, const struct prog_ind *pi, const struct prog_org *po)
{
	ms_buf_adds(o, "<tr><td class=\"nm\">");
	web_esc(o, po->name);
	ms_buf_addf(o, "</td><td class=\"st %s\">%s</td><td class=\"num\">", prog_colour_code(po->colour),
		    prog_colour_cn(po->colour));
	prog_value_text(o, pi->ind->unit, po->target);
	ms_buf_adds(o, "</td><td class=\"num\">");
	if (po->has_actual)
		prog_value_text(o, pi->ind->unit, po->actual);
	else
		ms_buf_adds(o, "—");
	ms_buf_adds(o, "</td>");
}

static int web_page_item_absent(struct ms_buf *o, const struct web_who *w, const struct progress *p, int64_t no)
{
	char title[64];
	size_t i;

	for (i = 0; i < p->nabsent && p->absent[i].no != no; i++)
		;
	if (i == p->nabsent)
		return -1;
	snprintf(title, sizeof(title), "%lld 文中缺失", (long long)no);
	web_page_begin(o, title, w);
	ms_buf_addf(o, "<p class=\"note\"><b>文中缺失</b>：计划列有第 %lld 件实事，但通知原文中没有它的文字，"
		    "因此没有指标、目标和报送。</p>\n<p>", (long long)no);
	web_esc(o, *p->absent[i].note ? p->absent[i].note : "计划没有关于这件实事的说明。");
	ms_buf_adds(o, "</p>\n<p><a href=\"/\">返回总览</a>；<a href=\"/source\">通知原文</a></p>\n");
	web_page_end(o);
	return 0;
}

int web_page_item(struct ms_buf *o, const struct web_who *w, const struct progress *p, int64_t no,
		  const struct progress *trend, size_t ntrend)
{
	const struct prog_item *it = NULL;
	size_t i, j, k;

	for (i = 0; i < p->nitem; i++)
		if (p->item[i].no == no)
			it = &p->item[i];
	if (!it)
		return web_page_item_absent(o, w, p, no);
	{
		char title[256];

		snprintf(title, sizeof(title), "%lld %s", (long long)it->no, it->title);
		web_page_begin(o, title, w);
	}
	ms_buf_adds(o, "<div class=\"facts\"><div class=\"fact\">截至<b>");
	ms_date_format_cn(o, p->as_of);
	ms_buf_adds(o, "</b></div><div class=\"fact\">完成率<b>");
	prog_pct(o, it->completion_bp);
	ms_buf_addf(o, "</b></div><div class=\"fact\">状态<b class=\"%s\">%s</b></div>"
		    "<div class=\"fact\">按时/应报<b>%d/%d</b></div><div class=\"fact\">待审核<b>%d 份</b></div></div>\n",
		    prog_colour_code(it->colour), prog_colour_cn(it->colour), it->reports.on_time,
		    it->reports.expected, it->pending);
	{
		char base[32];

		snprintf(base, sizeof(base), "/item/%lld", (long long)no);
		reviewed_note(o, w, p, base);
	}
	for (j = 0; j < p->nind; j++) {
		const struct prog_ind *pi = &p->ind[j];

		if (pi->ind->item_no != no)
			continue;
		ms_buf_addf(o, "<h2 id=\"ind-%s\">", pi->ind->id);
		web_esc(o, pi->ind->name);
		ms_buf_adds(o, "</h2>\n<p>目标 ");
		if (pi->ind->has_target)
			prog_value_text(o, pi->ind->unit, pi->ind->target);
		else
			ms_buf_adds(o, "定性");
		ms_buf_addf(o, "；<a href=\"/source#ind-%s\">通知原文</a>", pi->ind->id);
		if (!pi->ind->has_target) {
			ms_buf_addf(o, "；进展报告 %d 份，待审核 %d 份。</p>\n", pi->narratives, pi->pending);
			if (pi->narrative[0]) {
				ms_buf_adds(o, "<p class=\"note\">");
				web_esc(o, pi->narrative);
				ms_buf_adds(o, "</p>\n");
			}
			continue;
		}
		ms_buf_adds(o, "；完成 ");
		if (pi->has_actual)
			prog_value_text(o, pi->ind->unit, pi->actual);
		else
			ms_buf_adds(o, "—");
		ms_buf_adds(o, "，完成率 ");
		prog_pct(o, pi->completion_raw_bp);
		ms_buf_addf(o, "，<span class=\"%s\">%s</span>；待审核 %d 份。", prog_colour_code(pi->colour),
			    prog_colour_cn(pi->colour), pi->pending);
		if (pi->has_sites)
			ms_buf_addf(o, " <a href=\"/sites?indicator=%s\">点位清单</a>；<a href=\"/map?indicator=%s&amp;sites=%s\">民生地图</a>",
				    pi->ind->id, pi->ind->id, pi->ind->id);
		ms_buf_adds(o, "</p>\n");
		trend_svg(o, pi, trend, ntrend);
		if (!pi->norg) {
			ms_buf_adds(o, "<p>尚未分解到各地。</p>\n");
			continue;
		}
		ms_buf_adds(o, "<div class=\"wrap\"><table class=\"ov\"><tr><th class=\"nm\">地区</th><th class=\"st\">状态</th>"
			    "<th>分解目标</th><th>完成</th><th>完成率（竖线为应达进度）</th><th>逾期</th><th>未报</th><th>待审核</th></tr>\n");
		for (k = 0; k < pi->norg; k++) {
			const struct prog_org *po = &pi->org[k];

			web_region_cells(o, pi, po);
			ms_buf_adds(o, "<td class=\"pc\">");
			bar(o, po->completion_bp, pi->ind->agg != LEDGER_AGG_SUM ? 10000 : pi->expected_bp,
			    po->colour);
			ms_buf_adds(o, " ");
			prog_pct(o, po->completion_bp);
			ms_buf_addf(o, "</td><td>%s</td><td>%s</td><td class=\"num\">%d</td></tr>\n",
				    po->late_rounds, po->missing_rounds, po->pending);
		}
		ms_buf_adds(o, "</table></div>\n");
		site_gaps(o, pi);
	}
	web_page_end(o);
	return 0;
}

/* ---------- 原文: the notice with every quoted fact marked ---------- */

struct span { size_t off, len; const char *id, *label; };

static void collect(json_t *prov, const char *id, const char *label, struct span **v, size_t *n,
		    size_t srclen)
{
	json_t *off = json_object_get(prov, "offset"), *len = json_object_get(prov, "length");

	if (!json_is_integer(off) || !json_is_integer(len) || json_integer_value(off) < 0 ||
	    json_integer_value(len) <= 0 ||
	    (size_t)(json_integer_value(off) + json_integer_value(len)) > srclen)
		return;
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	if (!*v)
		abort();
	(*v)[*n].off = (size_t)json_integer_value(off);
	(*v)[*n].len = (size_t)json_integer_value(len);
	(*v)[*n].id = id;
	(*v)[*n].label = label;
	++*n;
}

int web_page_source(struct ms_buf *o, const struct web_who *w, json_t *plan, const char *src, size_t srclen)
{
	struct span *v = NULL;
	size_t n = 0, i, k, at;
	json_t *item, *ind, *note;
	const char *cur = NULL;

	json_array_foreach(json_object_get(plan, "items"), i, item)
		json_array_foreach(json_object_get(item, "indicators"), k, ind)
			collect(json_object_get(ind, "provenance"), json_string_value(json_object_get(ind, "id")),
				json_string_value(json_object_get(ind, "name")), &v, &n, srclen);
	web_page_begin(o, "通知原文", w);
	ms_buf_adds(o, "<p>下文为所收到的通知全文（含重复、错位的片段，原样保存，未作改动）。"
		    "黄色为计划指标所引用的原文，点击可跳到该指标；下方列出每个指标及其引文。</p>\n"
		    "<div class=\"source\">");
	/* byte by byte: open a mark where the first quote covering the byte changes */
	for (at = 0; at < srclen;) {
		const struct span *s = NULL;
		size_t next = srclen, run;

		for (k = 0; k < n; k++) {
			if (v[k].off <= at && at < v[k].off + v[k].len && !s)
				s = &v[k];
			if (v[k].off > at && v[k].off < next)
				next = v[k].off;
			if (v[k].off <= at && v[k].off + v[k].len > at && v[k].off + v[k].len < next)
				next = v[k].off + v[k].len;
		}
		if ((s ? s->id : NULL) != cur) {
			if (cur)
				ms_buf_adds(o, "</a></mark>");
			if (s) {
				ms_buf_addf(o, "<mark id=\"q-%zu\" title=\"", s->off);
				web_esc(o, s->label ? s->label : "");
				ms_buf_addf(o, "\"><a href=\"#ind-%s\">", s->id ? s->id : "");
			}
			cur = s ? s->id : NULL;
		}
		run = next - at;
		{
			char *chunk = strndup(src + at, run);

			if (!chunk)
				abort();
			web_esc(o, chunk);
			free(chunk);
		}
		at = next;
	}
	if (cur)
		ms_buf_adds(o, "</a></mark>");
	ms_buf_adds(o, "</div>\n<h2>指标及其引文</h2>\n<div class=\"wrap\"><table><tr><th>指标</th><th>名称</th>"
		    "<th>原文</th></tr>\n");
	for (k = 0; k < n; k++) {
		char *q = strndup(src + v[k].off, v[k].len);

		if (!q)
			abort();
		ms_buf_addf(o, "<tr id=\"ind-%s\"><td>%s</td><td>", v[k].id, v[k].id);
		web_esc(o, v[k].label ? v[k].label : "");
		ms_buf_addf(o, "</td><td><a href=\"#q-%zu\">“", v[k].off);
		web_esc(o, q);
		ms_buf_addf(o, "”</a>（第 %zu 字节起）</td></tr>\n", v[k].off);
		free(q);
	}
	ms_buf_adds(o, "</table></div>\n<h2>待核实事项</h2>\n");
	json_array_foreach(json_object_get(plan, "notes"), i, note) {
		ms_buf_adds(o, "<div class=\"note\"><b>");
		web_esc(o, json_string_value(json_object_get(note, "id")) ? json_string_value(json_object_get(note, "id")) : "");
		ms_buf_adds(o, " ");
		web_esc(o, json_string_value(json_object_get(note, "topic")) ? json_string_value(json_object_get(note, "topic")) : "");
		ms_buf_adds(o, "</b>（");
		web_esc(o, json_string_value(json_object_get(note, "flag")) ? json_string_value(json_object_get(note, "flag")) : "");
		ms_buf_adds(o, "）<br>");
		web_esc(o, json_string_value(json_object_get(note, "text")) ? json_string_value(json_object_get(note, "text")) : "");
		ms_buf_adds(o, "</div>\n");
	}
	web_page_end(o);
	free(v);
	return 0;
}

/* ---------- 评估 ---------- */

static enum prog_colour grade_colour(const char *g)
{
	return !strcmp(g, "优秀") ? PC_DONE : !strcmp(g, "良好") ? PC_GREEN : !strcmp(g, "合格") ? PC_YELLOW :
	       !strcmp(g, "不合格") ? PC_RED : PC_NONE;
}

static void score_row(struct ms_buf *o, const struct eval_score *s)
{
	ms_buf_adds(o, "<td class=\"num\">");
	prog_pct(o, s->completion_bp);
	ms_buf_adds(o, "</td><td class=\"num\">");
	if (s->timeliness_bp < 0)
		ms_buf_adds(o, "无应报");
	else
		prog_pct(o, s->timeliness_bp);
	ms_buf_adds(o, "</td><td class=\"num\">");
	prog_pct(o, s->satisfaction_bp);
	ms_buf_adds(o, "</td><td class=\"pc sc\">");
	if (s->score_bp >= 0) {
		bar(o, s->score_bp, -1, grade_colour(s->grade));
		ms_buf_adds(o, " <b>");
		eval_points(o, s->score_bp);
		ms_buf_adds(o, "</b>");
	} else {
		ms_buf_adds(o, "未评定");
	}
	ms_buf_addf(o, "</td><td class=\"gr %s\">%s</td>", colour_class(grade_colour(s->grade)), s->grade);
}

/* The ratings in force, for everyone: what was rated, the score, the basis, by whom and when. */
static void eval_ratings(struct ms_buf *o, const struct eval *ev)
{
	size_t i;

	if (!ev->nrating)
		return;
	ms_buf_adds(o, "<h3>评估人员评定（无量化数据的工作）</h3>\n<ul>\n");
	for (i = 0; i < ev->nrating; i++) {
		const struct eval_rating *r = &ev->rating[i];

		ms_buf_adds(o, "<li>");
		if (!strcmp(r->kind, "item"))
			ms_buf_adds(o, "第");
		else
			ms_buf_adds(o, "指标 ");
		web_esc(o, r->target);
		ms_buf_addf(o, "%s：<b>", !strcmp(r->kind, "item") ? "件实事" : "");
		eval_points(o, r->score_bp);
		ms_buf_adds(o, "分</b>。依据：");
		web_esc(o, r->basis);
		ms_buf_adds(o, "（");
		web_esc(o, r->by);
		ms_buf_adds(o, "，");
		web_esc_n(o, r->at, 10);
		ms_buf_addf(o, "）%s</li>\n", r->used ? "" : "；该项已有量化数据，评定未计入");
	}
	ms_buf_adds(o, "</ul>\n");
}

/* The 评定 form for an administrator: the item (or an indicator's id), the score, the basis. */
static void eval_rate_form(struct ms_buf *o, const struct web_who *w, const struct eval *ev, const char *target,
			   const char *score, const char *basis, const struct ms_err *e, const char *ok)
{
	const char *field = e ? e->field : "";
	size_t i;

	if (w->u->role != ROLE_ADMIN)
		return;
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/evaluation\" id=\"rate\">\n"
		    "<h3>评定（管理员）</h3>\n<p class=\"legend\">没有量化数据的实事或指标（定性指标、无应报数据）由评估人员评定，"
		    "0–100分，写明依据；同一对象以最近一次评定为准，记入台账日志。</p>\n");
	web_flash(o, "ok", ok);
	web_flash(o, "err", e ? e->msg : NULL);
	web_csrf_field(o, w);
	ms_buf_adds(o, "<label>实事序号或指标编号 <input name=\"target\" list=\"rate-targets\" required value=\"");
	web_esc(o, target ? target : "");
	ms_buf_adds(o, "\"");
	web_mark_bad(o, "target", field);
	ms_buf_adds(o, "></label>\n<datalist id=\"rate-targets\">");
	for (i = 0; i < ev->nitem; i++) {
		ms_buf_addf(o, "<option value=\"%lld\">", (long long)ev->item[i].no);
		web_esc(o, ev->item[i].title);
		ms_buf_adds(o, "</option>");
	}
	ms_buf_adds(o, "</datalist>\n<label>分数（0–100） <input name=\"score\" inputmode=\"numeric\" size=\"4\" required value=\"");
	web_esc(o, score ? score : "");
	ms_buf_adds(o, "\"");
	web_mark_bad(o, "score", field);
	ms_buf_adds(o, "></label>\n<label class=\"wide\">评定依据（必填） <textarea name=\"basis\" required");
	web_mark_bad(o, "basis", field);
	ms_buf_adds(o, ">");
	web_esc(o, basis ? basis : "");
	ms_buf_adds(o, "</textarea></label>\n<button type=\"submit\">评定</button>\n</form>\n");
}

int web_page_eval(struct ms_buf *o, const struct web_who *w, const struct eval *ev)
{
	return web_page_eval_form(o, w, ev, NULL, NULL, NULL, NULL, NULL);
}

/* The items' table, with each item's basis under its title. */
static void eval_items(struct ms_buf *o, const struct eval *ev)
{
	size_t i;

	ms_buf_adds(o, "<h2>各件实事</h2>\n<div class=\"wrap\"><table class=\"ev\">\n<tr><th>实事</th><th>目标完成</th><th>报送及时</th>"
		    "<th>满意度</th><th class=\"sc\">得分</th><th class=\"gr\">等级</th></tr>\n");
	for (i = 0; i < ev->nitem; i++) {
		const struct eval_item *it = &ev->item[i];

		ms_buf_addf(o, "<tr><td><a href=\"/item/%lld\">%lld ", (long long)it->no, (long long)it->no);
		web_esc(o, it->title);
		ms_buf_adds(o, "</a><br><small class=\"legend\">");
		web_esc(o, it->basis);
		if (it->satisfaction.n) {
			ms_buf_addf(o, "；满意度95%%区间 ");
			prog_pct(o, it->satisfaction.lo_bp);
			ms_buf_adds(o, "–");
			prog_pct(o, it->satisfaction.hi_bp);
			ms_buf_addf(o, "（%lld 份）", (long long)it->satisfaction.n);
		}
		if (it->capped)
			ms_buf_adds(o, "；量化指标均未达标，等级最高为合格");
		ms_buf_adds(o, "</small></td>");
		score_row(o, &it->s);
		ms_buf_adds(o, "</tr>\n");
	}
	ms_buf_addf(o, "</table></div>\n<p>等级分布：优秀 %d 件，良好 %d 件，合格 %d 件，不合格 %d 件；未评定 %d 件（不计入）。</p>\n",
		    ev->grades[EVAL_EXCELLENT], ev->grades[EVAL_GOOD], ev->grades[EVAL_PASS], ev->grades[EVAL_FAIL],
		    ev->grades[EVAL_UNRATED]);
}

/* The recommendations, a list per kind. */
static void eval_recs(struct ms_buf *o, const struct eval *ev)
{
	static const struct { const char *kind, *title; } sections[] = {
		{ "carry_over", "结转下一年度的未完成目标" },
		{ "raise", "建议提高的目标" },
		{ "review", "满意度、知晓率偏低，建议复盘" },
		{ "supervise", "报送逾期或缺报，建议督办" },
		{ "verify", "计划中仍待核实的事项" },
	};
	size_t i, s;

	ms_buf_adds(o, "<h2>下一年度的建议</h2>\n");
	for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		int any = 0;

		for (i = 0; i < ev->nrec; i++) {
			if (strcmp(ev->rec[i].kind, sections[s].kind))
				continue;
			if (!any++)
				ms_buf_addf(o, "<h3>%s</h3>\n<ul>\n", sections[s].title);
			ms_buf_adds(o, "<li>");
			web_esc(o, ev->rec[i].text);
			ms_buf_adds(o, "</li>\n");
		}
		if (any)
			ms_buf_adds(o, "</ul>\n");
	}
}

int web_page_eval_form(struct ms_buf *o, const struct web_who *w, const struct eval *ev, const char *target,
		       const char *score, const char *basis, const struct ms_err *e, const char *ok)
{
	char title[64];
	size_t i;

	snprintf(title, sizeof(title), "%lld年民生实事评议评估", (long long)ev->year);
	web_page_begin(o, title, w);
	ms_buf_adds(o, "<div class=\"facts\"><div class=\"fact\">截至<b>");
	ms_date_format_cn(o, ev->as_of);
	ms_buf_addf(o, "</b></div><div class=\"fact\">权重<b>%d / %d / %d</b>完成 / 及时 / 满意</div>"
		    "<div class=\"fact\">等级线<b>%d / %d / %d</b>优秀 / 良好 / 合格</div></div>\n",
		    ev->o.w_completion, ev->o.w_timeliness, ev->o.w_satisfaction, ev->o.excellent, ev->o.good,
		    ev->o.pass);
	ms_buf_adds(o, "<p>目标完成按每个指标封顶100%后平均（超额不能抵补未完成），应报未报的指标计0；"
		    "定性指标和无应报数据的指标由评估人员评定，未评定的不计入，全部未评定的实事为“未评定”，不计入等级统计；"
		    "报送及时 = 按时报送 ÷ 应报，无应报的不计分、权重按比例分给其他各项；"
		    "满意度 = （满意 + 基本满意）÷ 问卷数，附95%置信区间。量化指标均未达标的实事，等级最高为合格。</p>\n");
	if (!ev->survey)
		ms_buf_addf(o, "<p class=\"note\">没有满意度调查数据：满意度的 %d%% 权重已按比例分给目标完成和报送及时。"
			    "导入满意度调查后重新评估。</p>\n", ev->o.w_satisfaction);
	eval_items(o, ev);
	eval_ratings(o, ev);
	eval_rate_form(o, w, ev, target, score, basis, e, ok);
	ms_buf_adds(o, "<h2>牵头单位</h2>\n<div class=\"wrap\"><table class=\"ev\">\n<tr><th>牵头单位</th><th>实事数</th>"
		    "<th>目标完成</th><th>报送及时</th><th>满意度</th><th class=\"sc\">得分</th><th class=\"gr\">等级</th></tr>\n");
	for (i = 0; i < ev->nlead; i++) {
		ms_buf_adds(o, "<tr><td>");
		web_esc(o, ev->lead[i].name);
		ms_buf_addf(o, "</td><td class=\"num\">%d</td>", ev->lead[i].items);
		score_row(o, &ev->lead[i].s);
		ms_buf_adds(o, "</tr>\n");
	}
	ms_buf_adds(o, "</table></div>\n<h2>设区市</h2>\n<div class=\"wrap\"><table class=\"ev\">\n<tr><th>设区市</th><th>目标完成</th>"
		    "<th>报送及时</th><th>满意度</th><th class=\"sc\">得分</th><th class=\"gr\">等级</th><th>逾期/未报</th></tr>\n");
	for (i = 0; i < ev->ncity; i++) {
		ms_buf_adds(o, "<tr><td>");
		web_esc(o, ev->city[i].name);
		ms_buf_adds(o, "</td>");
		score_row(o, &ev->city[i].s);
		ms_buf_addf(o, "<td class=\"num\">%d / %d</td></tr>\n", ev->city[i].late, ev->city[i].missing);
	}
	ms_buf_adds(o, "</table></div>\n");
	eval_recs(o, ev);
	ms_buf_adds(o, "<p class=\"legend\">数据接口：<a href=\"/api/v1/evaluation\">/api/v1/evaluation</a>"
		    "（?as_of=日期&amp;weights=completion=50,timeliness=20,satisfaction=30）。</p>\n");
	web_page_end(o);
	return 0;
}

/* ---------- the routes of the public pages ---------- */

void page_overview(struct web_ctx *c)
{
	struct progress p;
	struct programmes ps;
	struct ms_err err;

	if (web_progress_of(c, &p))
		return;
	if (ledger_programmes(c->st, p.as_of, &ps, &err)) {
		progress_free(&p);
		web_fail_err(c, &err);
		return;
	}
	ms_buf_reset(&c->r->body);
	web_page_overview(&c->r->body, &c->who, &p, &ps);
	web_reply_html(c->r, 200);
	ledger_programmes_free(&ps);
	progress_free(&p);
}

/* /item/NO */
void page_item(struct web_ctx *c)
{
	struct progress p, tr[8];
	struct ledger l;
	struct ms_err err;
	size_t k, nt = 0;
	char *end;
	long n = strtol(c->rest, &end, 10);

	if (*end || n < 1 || n > 99 || !*c->rest) {
		web_fail(c, 404, "无此实事 (no such item)");
		return;
	}
	if (web_progress_of(c, &p))
		return;
	/* the trend: approved reports only, round by round up to the page's day */
	if (!ledger_open(&l, c->st, NULL, "web", &err)) {
		for (k = 0; k < p.nround && k < 8 && p.round[k].due_passed; k++) {
			struct progress_opts po = { .as_of = p.as_of, .item = n, .upto_round = (int)k + 1 };

			if (progress_compute(&l, &po, &tr[nt], &err))
				break;
			nt++;
		}
		ledger_close(&l);
	}
	ms_buf_reset(&c->r->body);
	if (web_page_item(&c->r->body, &c->who, &p, n, tr, nt)) {
		web_fail(c, 404, "计划中无此实事 (no such item in the plan)");
	} else {
		/* staff see the item's 督办单 before the page's end */
		static const char tail[] = "</main>\n</body>\n</html>\n";
		struct ms_buf *o = &c->r->body;

		/* before the page's end: the item's 督办单 for staff, the approved photos (公示) for all */
		if (o->len >= sizeof(tail) - 1 && !strcmp(o->buf + o->len - (sizeof(tail) - 1), tail)) {
			ms_buf_setlen(o, o->len - (sizeof(tail) - 1));
			if (c->u.role != ROLE_NONE && c->u.role != ROLE_VIEWER)
				web_item_duban(c, o, n);
			web_evidence_public(c, o, n);
			web_page_end(o);
		}
		web_reply_html(c->r, 200);
	}
	for (k = 0; k < nt; k++)
		progress_free(&tr[k]);
	progress_free(&p);
}

void page_source(struct web_ctx *c)
{
	struct ms_buf src = MS_BUF_INIT;
	struct ms_err err;
	json_t *plan = web_plan_doc(c);
	const char *sha;

	if (!plan)
		return;
	if (!(sha = json_string_value(json_object_get(json_object_get(plan, "source"), "sha256"))) ||
	    store_source_get(c->st, sha, &src, &err) != 1) {
		web_fail(c, 500, "the notice is not in the database");
	} else {
		ms_buf_reset(&c->r->body);
		web_page_source(&c->r->body, &c->who, plan, src.buf, src.len);
		web_reply_html(c->r, 200);
	}
	json_decref(plan);
	ms_buf_release(&src);
}

void page_eval(struct web_ctx *c)
{
	const char *done = web_field(&c->rq->query, "done");
	struct ledger l;
	struct eval ev;

	if (web_eval_of(c, &l, &ev))
		return;
	ms_buf_reset(&c->r->body);
	web_page_eval_form(&c->r->body, &c->who, &ev, NULL, NULL, NULL, NULL,
			   done && !strcmp(done, "rated") ? "已评定，评分已按最新评定重算。" : NULL);
	web_reply_html(c->r, 200);
	eval_free(&ev);
	ledger_close(&l);
}
