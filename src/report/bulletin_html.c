/*
 * bulletin_html.c - the 通报 (or the evaluation) as a 公文 in HTML, shaped
 * by GB/T 9704 (党政机关公文格式): 版头 (the red 发文机关标志, 文号, the red
 * line), 主体 (标题, 主送, 正文 with its tables, 附件说明, 署名, 成文日期,
 * 附注), the 台账 as 附件 on landscape pages, and the 版记 (抄送, 印发). The
 * print stylesheet sets the standard's A4 page (版心 156 × 225 mm: top 37 mm,
 * binding side 28 mm) and page numbers; on a screen it reads on a phone.
 */
#include "bulletin.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/text.h"
#include "core/banned.h"

#define DEFAULT_ISSUER "省民生实事工程实施领导小组办公室"

/* Fonts: 方正小标宋 / 仿宋 / 黑体 / 楷体 as offices have them, else Noto CJK (fonts-noto-cjk). */
#define F_TITLE "\"方正小标宋简体\",\"方正小标宋_GBK\",\"FZXiaoBiaoSong-B05S\",\"华文中宋\",\"STZhongsong\"," \
	"\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif"
#define F_BODY "\"仿宋_GB2312\",\"仿宋\",\"FangSong\",\"STFangsong\",\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif"
#define F_HEI "\"黑体\",\"SimHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif"
#define F_KAI "\"楷体_GB2312\",\"楷体\",\"KaiTi\",\"STKaiti\",\"Noto Serif CJK SC\",serif"
#define F_SONG "\"宋体\",\"SimSun\",\"Noto Serif CJK SC\",serif"

static const char css[] =
	/* the page: A4, 版心 156 × 225 mm; 附件 (the 台账) on landscape pages */
	"@page{size:A4;margin:37mm 26mm 35mm 28mm}\n"
	"@page :right{@bottom-right{content:\"— \" counter(page) \" —\";font:14pt " F_SONG ";padding-right:14pt;"
	"vertical-align:top;padding-top:7mm}}\n"
	"@page :left{@bottom-left{content:\"— \" counter(page) \" —\";font:14pt " F_SONG ";padding-left:14pt;"
	"vertical-align:top;padding-top:7mm}}\n"
	"@page att{size:A4 landscape;margin:22mm 18mm 22mm 20mm}\n"
	"html{background:#e8e8e8}\n"
	"body{margin:0;color:#000;font:16pt/1.8 " F_BODY ";-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".paper{background:#fff;max-width:210mm;box-sizing:border-box;margin:1em auto;padding:20mm 26mm 20mm 28mm}\n"
	".paper+.paper{margin-top:1.5em}\n"
	".banner{text-align:center;margin-bottom:2em}\n"
	".issuer{color:#e60012;font:700 min(26pt,5.4vw)/1.3 " F_TITLE ";font-synthesis:none;letter-spacing:.02em}\n"
	".number{margin-top:1.6em}\n.draft{color:#e60012}\n"
	".rule{border:0;border-top:2px solid #e60012;margin:4mm 0 0}\n"
	"h1{font:700 22pt/1.5 " F_TITLE ";font-synthesis:none;text-align:center;margin:0 0 .2em}\n"
	".sub{text-align:center;font-size:12pt;color:#555;margin:0 0 1em}\n"
	".to{margin:1em 0 0;text-indent:0}\n"
	"p{margin:0;text-indent:2em}\n"
	"h2{font:16pt/1.8 " F_HEI ";margin:0;text-indent:2em}\n"
	"h3{font:16pt/1.8 " F_KAI ";margin:0;text-indent:2em}\n"
	".annex{display:flex;margin:1.8em 0 0 2em}.annex span{flex:none}\n.annex ol{margin:0;padding:0;list-style:none}.annex li{padding-left:1.5em;text-indent:-1.5em}\n"
	".sign{margin:3em 4em 0 auto;width:max-content;max-width:100%;text-align:center}\n"
	".sign p{text-indent:0}\n"
	".note{margin-top:1em}\n"
	".demo{background:#fff3cd;border:1px solid #e0c060;padding:0 .5em;text-indent:0;display:inline-block}\n"
	/* tables: 五号 text, figures right-aligned, 状态 as a fill */
	".wrap{overflow-x:auto;margin:.4em 0 .8em}\n"
	"table{border-collapse:collapse;width:100%;font:10.5pt/1.4 " F_BODY "}\n"
	"th,td{border:1px solid #000;padding:.15em .35em;text-align:left;vertical-align:middle}\n"
	"th{font-family:" F_HEI ";font-weight:400;background:#f2f2f2;text-align:center}\n"
	"td.num{text-align:right;white-space:nowrap}\ntr{break-inside:avoid}\nthead{display:table-header-group}\n"
	"tr.total td{font-weight:700}\n"
	".done{background:#d4edda}.green{background:#e6f4ea}.yellow{background:#fff3cd}"
	".red{background:#f8d7da;color:#900;font-weight:700}\nsvg.bar{vertical-align:middle}\n"
	".legend{font-size:10.5pt;text-indent:0;margin:.2em 0}\n"
	".legend span{display:inline-block;border:1px solid #000;padding:0 .4em;margin-right:.3em}\n"
	/* 附件: its number top left (黑体), its title centred */
	".att .label{font-family:" F_HEI ";text-indent:0}\n"
	".att h1{font-size:18pt;margin:.3em 0 .6em}\n"
	/* 版记: 抄送 and 印发 between lines, at the foot of the last page */
	".record{font-size:14pt;margin-top:3em}\n"
	".record div{border-top:1px solid #000;padding:0 1em}\n"
	".record div:first-child{border-top-width:2px}\n.record div:last-child{border-bottom:2px solid #000}\n"
	".record .cc{padding-left:4em;text-indent:-3em}\n"
	".record .by{display:flex;justify-content:space-between;flex-wrap:wrap}\n"
	"@media(max-width:640px){.paper{padding:1.2em 1em}body{font-size:13pt}.wrap table{min-width:40em}}\n"
	"summary{cursor:pointer;color:#1a4f8b;font-size:12pt}\n"
	"@media print{html{background:none}summary{display:none}details::details-content{content-visibility:visible;display:block}.paper{margin:0;padding:0;max-width:none}.sub{display:none}"
	".att{page:att;break-before:page}.att table{font-size:9pt}.att td.s,.att th{white-space:nowrap}"
	".wrap{overflow:visible}svg.bar{display:none}"
	".last{break-before:page;break-inside:avoid;min-height:215mm;display:flex;flex-direction:column;"
	"justify-content:flex-end}.last .record{margin:0}}\n";

static void esc(struct ms_buf *o, const char *s)
{
	ms_html_escape(o, s);
}

/* The first n bytes of s, escaped. */
static void esc_n(struct ms_buf *o, const char *s, size_t n)
{
	struct ms_buf b = MS_BUF_INIT;

	ms_buf_add(&b, s, n);
	esc(o, b.buf);
	ms_buf_release(&b);
}

static const char *colour_class(const char *s)
{
	static const char *const cls[] = { "done", "green", "yellow", "red" };
	int k = bl_colour_index(s);

	return k < 0 ? "none" : cls[k];
}

/* "45.2%" or a score "94.3分" → 452, 943 (tenths), -1 when neither */
static int tenths(const char *s)
{
	int a = 0, b = 0, n = 0;

	if (sscanf(s, "%d.%1d%n", &a, &b, &n) == 2 && n && (!strcmp(s + n, "%") || !strcmp(s + n, "分")))
		return a * 10 + b;
	return -1;
}

/* "2023-07-10" as 2023年7月10日 (GB/T 9704: Arabic numerals, the year in full); as it is otherwise. */
static void cn_date(struct ms_buf *o, const char *iso)
{
	ms_day d;

	if (iso && ms_date_parse(iso, strlen(iso), &d, NULL) == 0)
		ms_date_format_cn(o, d);
	else if (iso)
		esc(o, iso);
}

/* A 台账's title: its caption without the item number ("1 加大…" → "加大…"). */
static const char *att_title(const struct bl_table *t)
{
	const char *s = t->caption;

	s += strspn(s, "0123456789");
	return s != t->caption && *s == ' ' ? s + 1 : t->caption;
}

/* One cell, figures right-aligned, the colour column filled, the bar column drawn. */
static void cell(struct ms_buf *out, const struct bl_table *t, size_t r, size_t c, int ci)
{
	const char *s = t->cell[r * t->ncols + c];
	int tv = tenths(s);

	if ((int)c == t->colour_col)
		ms_buf_addf(out, "<td class=\"%s\">", colour_class(s));
	else if (tv >= 0 || (strlen(s) <= 24 && ((s[0] >= '0' && s[0] <= '9') ||
						 ((s[0] == '+' || s[0] == '-') && s[1] >= '0' && s[1] <= '9'))))
		ms_buf_adds(out, "<td class=\"num\">");
	else if (ms_text_width(s, strlen(s)) <= 32)   /* a short text keeps to one line on paper */
		ms_buf_adds(out, "<td class=\"s\">");
	else
		ms_buf_adds(out, "<td>");
	if ((int)c == t->bar_col && tv >= 0) {
		int w = tv > 1000 ? 120 : tv * 120 / 1000;

		ms_buf_addf(out, "<svg class=\"bar\" width=\"124\" height=\"12\" role=\"img\" "
			    "aria-label=\"%s\"><rect x=\"0\" y=\"1\" width=\"122\" height=\"10\" "
			    "fill=\"#eee\" stroke=\"#ccc\"/><rect x=\"1\" y=\"2\" width=\"%d\" "
			    "height=\"8\" fill=\"%s\"/></svg> ", s, w,
			    ci == 3 ? "#c62828" : ci == 2 ? "#e0a800" :
			    ci < 0 ? (tv >= 1000 ? "#2e7d32" : "#1976d2") : "#2e7d32");
	}
	esc(out, s);
	ms_buf_adds(out, "</td>");
}

/* The colours of 状态 explained (bl->legend: "状态：完成 …；绿 …"), each colour word as its fill. */
static void legend(struct ms_buf *out, const struct bulletin *bl, const struct bl_table *t)
{
	const char *s = bl->legend;
	char word[32];

	if (!s || t->colour_col < 0 || strcmp(t->cell[t->colour_col], "状态"))
		return;   /* the evaluation's grades say what they are */
	ms_buf_adds(out, "<p class=\"legend\">");
	if (!strncmp(s, "状态：", strlen("状态："))) {
		ms_buf_adds(out, "状态：");
		s += strlen("状态：");
	}
	while (*s) {
		const char *end = strstr(s, "；"), *sp;
		size_t n = end ? (size_t)(end - s) : strlen(s);

		sp = memchr(s, ' ', n);
		snprintf(word, sizeof(word), "%.*s", sp ? (int)(sp - s) : 0, s);
		if (sp && bl_colour_index(word) >= 0) {
			ms_buf_addf(out, "<span class=\"%s\">%s</span>", colour_class(word), word);
			esc_n(out, sp + 1, n - (size_t)(sp + 1 - s));
		} else {
			esc_n(out, s, n);
		}
		if (!end)
			break;
		ms_buf_adds(out, "　");
		s = end + strlen("；");
	}
	ms_buf_adds(out, "</p>\n");
}

static void table(struct ms_buf *out, const struct bl_table *t)
{
	size_t r, c;

	ms_buf_adds(out, "<div class=\"wrap\"><table>\n<thead><tr>");
	for (c = 0; c < t->ncols; c++) {
		ms_buf_adds(out, "<th>");
		esc(out, t->cell[c]);
		ms_buf_adds(out, "</th>");
	}
	ms_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (r = 1; r <= t->nrows; r++) {
		/* the row's colour: 0 done, 1 green, 2 yellow, 3 red, -1 none */
		int ci = t->colour_col >= 0 ? bl_colour_index(t->cell[r * t->ncols + (size_t)t->colour_col]) : -1;
		int total = !strcmp(t->cell[r * t->ncols], "合计") ||
			    (t->ncols > 2 && (!strcmp(t->cell[r * t->ncols + 1], "合计") ||
					      !strcmp(t->cell[r * t->ncols + 2], "合计")));

		ms_buf_adds(out, total ? "<tr class=\"total\">" : "<tr>");
		for (c = 0; c < t->ncols; c++)
			cell(out, t, r, c, ci);
		ms_buf_adds(out, "</tr>\n");
	}
	ms_buf_adds(out, "</tbody></table></div>\n");
}

/* 版头: the red 发文机关标志, the 文号 (or 草稿), the red line. */
static void banner(struct ms_buf *out, const struct bulletin *bl)
{
	ms_buf_adds(out, "<header class=\"banner\">\n<div class=\"issuer\">");
	esc(out, bl->issuer ? bl->issuer : DEFAULT_ISSUER);
	ms_buf_adds(out, "</div>\n");
	if (bl->number) {
		ms_buf_adds(out, "<div class=\"number\">");
		esc(out, bl->number);
		ms_buf_adds(out, "</div>\n");
	} else if (bl->issuer) {
		ms_buf_adds(out, "<div class=\"number draft\">草稿（未印发，不得对外引用）</div>\n");
	}
	ms_buf_adds(out, "<hr class=\"rule\">\n</header>\n");
}

/* 正文: the headings, paragraphs and the summary's tables (the 文号 line is in the 版头). */
static void body(struct ms_buf *out, const struct bulletin *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++) {
		const struct bl_block *b = &bl->b[i];

		if (b->table) {
			if (!b->table->sheet) {
				table(out, b->table);
				legend(out, bl, b->table);
			}
			continue;
		}
		if (bl->number && !b->level && !strncmp(b->text, "文号：", strlen("文号：")))
			continue;
		ms_buf_adds(out, b->level == 1 ? "<h2>" : b->level == 2 ? "<h3>" : "<p>");
		esc(out, b->text);
		ms_buf_adds(out, b->level == 1 ? "</h2>\n" : b->level == 2 ? "</h3>\n" : "</p>\n");
	}
}

/* 附件说明: 附件：1．…, one line per 台账; the number of attachments. */
static size_t annex_note(struct ms_buf *out, const struct bulletin *bl)
{
	size_t i, n = 0;

	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;

		if (!t || !t->sheet)
			continue;
		ms_buf_adds(out, n ? "" : "<div class=\"annex\"><span>附件：</span><ol>\n");
		ms_buf_addf(out, "<li>%zu．", ++n);
		esc(out, att_title(t));
		ms_buf_adds(out, "任务台账</li>\n");
	}
	if (n)
		ms_buf_adds(out, "</ol></div>\n");
	return n;
}

/* 署名 and 成文日期, then the 附注 (联系人). */
static void signature(struct ms_buf *out, const struct bulletin *bl)
{
	ms_buf_adds(out, "<div class=\"sign\"><p>");
	esc(out, bl->issuer ? bl->issuer : DEFAULT_ISSUER);
	ms_buf_adds(out, "</p>\n<p>");
	if (bl->date)
		cn_date(out, bl->date);
	else if (bl->issuer)
		ms_buf_adds(out, "（草稿）");
	ms_buf_adds(out, "</p></div>\n");
	if (bl->contact && *bl->contact) {
		ms_buf_adds(out, "<p class=\"note\">（");
		esc(out, bl->contact);
		ms_buf_adds(out, "）</p>\n");
	}
}

/* 附件: each 台账 on its own (landscape) pages, numbered as in the 附件说明. */
static void annexes(struct ms_buf *out, const struct bulletin *bl)
{
	size_t i, n = 0;

	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;

		if (!t || !t->sheet)
			continue;
		ms_buf_addf(out, "<section class=\"paper att\" id=\"att%zu\">\n<p class=\"label\">附件%zu</p>\n<h1>", n + 1,
			    n + 1);
		n++;
		esc(out, att_title(t));
		/* on a screen the long 台账 opens on demand; on paper it is all there (print.css opens it) */
		ms_buf_addf(out, "任务台账</h1>\n<details><summary>展开台账（%zu 行）</summary>\n", t->nrows);
		table(out, t);
		legend(out, bl, t);
		ms_buf_adds(out, "</details>\n</section>\n");
	}
}

/* 版记: 抄送 and 印发机关 with the 印发日期, at the foot of the last page. */
static void record(struct ms_buf *out, const struct bulletin *bl)
{
	ms_buf_adds(out, "<section class=\"paper last\"><div class=\"record\">\n");
	if (bl->cc && *bl->cc) {
		ms_buf_adds(out, "<div class=\"cc\">抄送：");
		esc(out, bl->cc);
		ms_buf_adds(out, "。</div>\n");
	}
	ms_buf_adds(out, "<div class=\"by\"><span>");
	esc(out, bl->issuer ? bl->issuer : DEFAULT_ISSUER);
	ms_buf_adds(out, "</span><span>");
	if (bl->date) {
		cn_date(out, bl->date);
		ms_buf_adds(out, "印发");
	} else {
		ms_buf_adds(out, "（未印发）");
	}
	ms_buf_adds(out, "</span></div>\n</div></section>\n");
}

int bulletin_html(const struct bulletin *bl, struct ms_buf *out)
{
	ms_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<link rel=\"icon\" href=\"data:,\">\n<title>");   /* no /favicon.ico to ask for */
	esc(out, bl->title);
	ms_buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main class=\"paper\">\n", css);
	banner(out, bl);
	ms_buf_adds(out, "<h1>");
	esc(out, bl->title);
	ms_buf_adds(out, "</h1>\n<p class=\"sub\">");
	esc(out, bl->subtitle);
	if (bl->demo)
		ms_buf_adds(out, "<br><span class=\"demo\">演示数据</span>");
	ms_buf_adds(out, "</p>\n");
	if (bl->to && *bl->to) {
		ms_buf_adds(out, "<p class=\"to\">");
		esc(out, bl->to);
		ms_buf_adds(out, "：</p>\n");
	}
	body(out, bl);
	annex_note(out, bl);
	signature(out, bl);
	ms_buf_adds(out, "</main>\n");
	annexes(out, bl);
	record(out, bl);
	ms_buf_adds(out, "</body>\n</html>\n");
	return 0;
}
