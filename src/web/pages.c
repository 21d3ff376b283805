/*
 * pages.c - server-rendered pages in Chinese: plain HTML, inline CSS and
 * SVG, no scripts from elsewhere, readable on a phone.
 */
#include "web.h"

#include <string.h>

#include "plan/units.h"
#include "core/text.h"
#include "core/banned.h"

static void esc(struct ms_buf *o, const char *s)
{
	ms_html_escape(o, s);
}

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

int web_page_overview(struct ms_buf *o, const struct progress *p)
{
	const struct prog_round *last = NULL;
	size_t i, j, k;

	for (k = 0; k < p->nround; k++)
		if (p->round[k].due_passed)
			last = &p->round[k];
	ms_buf_adds(o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>民生实事进展总览</title>\n<style>\n"
		    "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:0;color:#222;line-height:1.6}\n"
		    "header{background:#b00;color:#fff;padding:.8em 1em}header h1{margin:0;font-size:1.4em}\n"
		    "main{max-width:1100px;margin:0 auto;padding:1em}\n"
		    ".demo{background:#fff3cd;color:#664d03;border:1px solid #e0c060;padding:.1em .6em;margin-left:.6em;font-size:.8em}\n"
		    ".facts{display:flex;flex-wrap:wrap;gap:.8em;margin:.5em 0 1em}\n"
		    ".fact{background:#f6f6f6;border:1px solid #ddd;padding:.5em .9em;min-width:9em}\n"
		    ".fact b{display:block;font-size:1.4em}\n"
		    ".wrap{overflow-x:auto}table{border-collapse:collapse;width:100%}\n"
		    "th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:middle}\n"
		    "th{background:#f2f2f2;white-space:nowrap}td.num{text-align:right;white-space:nowrap}\n"
		    "tr.item td{background:#fafafa;font-weight:bold;border-top:2px solid #bbb}\n"
		    "td.ind{padding-left:1.6em}td.pc{white-space:nowrap}\n"
		    ".done{color:#1b5e20}.green{color:#2e7d32}.yellow{color:#9a6b00}.red{color:#b71c1c;font-weight:bold}\n"
		    ".legend{color:#555;font-size:.9em}\n"
		    "</style>\n</head>\n<body>\n<header><h1>民生实事进展总览");
	if (p->demo)
		ms_buf_adds(o, "<span class=\"demo\">演示数据</span>");
	ms_buf_adds(o, "</h1></header>\n<main>\n<div class=\"facts\">");
	ms_buf_adds(o, "<div class=\"fact\">截至<b>");
	ms_date_format_cn(o, p->as_of);
	ms_buf_adds(o, "</b></div><div class=\"fact\">时序进度<b>");
	prog_pct(o, p->expected_bp);
	ms_buf_adds(o, "</b></div>");
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
	ms_buf_adds(o, "</div>\n<div class=\"wrap\"><table>\n<tr><th>实事 / 指标</th><th>目标</th><th>完成</th>"
		    "<th>完成率（竖线为应达进度）</th><th>状态</th><th>按时/应报</th></tr>\n");
	for (i = 0; i < p->nitem; i++) {
		const struct prog_item *it = &p->item[i];

		ms_buf_addf(o, "<tr class=\"item\"><td>%lld ", (long long)it->no);
		esc(o, it->title);
		ms_buf_adds(o, "</td><td></td><td></td><td class=\"pc\">");
		bar(o, it->completion_bp, -1, it->colour);
		ms_buf_adds(o, " ");
		prog_pct(o, it->completion_bp);
		ms_buf_addf(o, "</td><td class=\"%s\">%s</td><td class=\"num\">%d/%d</td></tr>\n",
			    colour_class(it->colour), prog_colour_cn(it->colour), it->reports.on_time,
			    it->reports.expected);
		for (j = 0; j < p->nind; j++) {
			const struct prog_ind *pi = &p->ind[j];

			if (pi->ind->item_no != it->no)
				continue;
			ms_buf_adds(o, "<tr><td class=\"ind\">");
			esc(o, pi->ind->name);
			ms_buf_adds(o, "</td><td class=\"num\">");
			if (pi->ind->has_target)
				prog_value_text(o, pi->ind->unit, pi->ind->target);
			else
				ms_buf_adds(o, "定性");
			ms_buf_adds(o, "</td><td class=\"num\">");
			if (!pi->ind->has_target)
				ms_buf_addf(o, "进展报告 %d 份", pi->narratives);
			else if (strcmp(pi->ind->aggregation, "sum") && pi->regions)
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
			ms_buf_addf(o, "</td><td class=\"%s\">%s</td><td class=\"num\">", colour_class(pi->colour),
				    prog_colour_cn(pi->colour));
			if (pi->ind->has_target)
				ms_buf_addf(o, "%d/%d", pi->reports.on_time, pi->reports.expected);
			ms_buf_adds(o, "</td></tr>\n");
		}
	}
	ms_buf_addf(o, "</table></div>\n<p class=\"legend\">状态：完成 = 已达目标；绿 = 不慢于时序进度；黄 = 落后不超过 %d 个百分点；"
		    "红 = 落后更多。数据接口：<a href=\"/api/v1/status\">/api/v1/status</a>。</p>\n</main>\n</body>\n</html>\n",
		    p->margin_pts);
	return 0;
}
