/*
 * review.c - 通知导入: an administrator pastes a notice and sees, side by
 * side, the source with every fact the importer found marked and the draft
 * plan made of them; accepting stores the draft as a new plan (plan_add).
 * Each mark is an anchor, so every fact in the draft links to its words.
 * The same import and store are offered to programs under /api/v1/.
 */
#include "review.h"
#include "route.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "notice/notice.h"
#include "plan/orgs.h"
#include "plan/plan.h"
#include "plan/setup.h"
#include "plan/units.h"
#include "core/banned.h"

#define ID_MAX WEB_NOTICE_ID_MAX
#define MAX_DEPTH 32     /* marks open inside one another; deeper ones are left unmarked */

/* ---------- small things ---------- */

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static long long jint(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* ---------- the request: the text and the plan id ---------- */

/*
 * An id as the importer writes them: lowercase letters and digits, single
 * '-' between them, 1 to 64 in all; so the id stored is the id typed.
 */
static int id_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > ID_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/*
 * The hash that names the text the reviewer saw. A browser sends a
 * textarea's and a hidden field's line breaks as CR LF whatever they were,
 * so the text is hashed with CR LF and CR made LF: the accept form's text is
 * then the reviewed text exactly when the words are the same.
 */
static int text_hash(const char *s, size_t n, char sha[MS_SHA256_HEX_LEN + 1])
{
	struct ms_buf b = MS_BUF_INIT;
	size_t i;
	int rc;

	ms_buf_grow(&b, n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			ms_buf_addch(&b, '\n');
			i += i + 1 < n && s[i + 1] == '\n';
		} else {
			ms_buf_addch(&b, s[i]);
		}
	}
	rc = ms_sha256_hex(b.buf, b.len, sha);
	ms_buf_release(&b);
	return rc;
}

int web_notice_read(const struct web_req *rq, int api, struct web_notice_in *in, struct ms_err *err)
{
	const char *t = web_field(&rq->body, "text"), *id = web_field(&rq->body, "id");

	memset(in, 0, sizeof(*in));
	if (!id)
		id = web_field(&rq->query, "id");
	if (api && rq->text) {
		in->text = rq->text;
		in->len = rq->text_len;
	} else if (t) {
		in->text = t;
		in->len = strlen(t);
	}
	if (!in->text || !in->len)
		return ms_err_field(err, MS_E_INVALID, "text", api ? "send the notice's text as the body, Content-Type: text/plain "
				  "(UTF-8 or GB18030) (请提交通知全文)" : "请先粘贴通知全文 (the notice's text is empty)");
	if (text_hash(in->text, in->len, in->sha))
		return ms_err_setk(err, MS_E_INTERNAL, "cannot hash the notice (libsodium)");
	if (id && *id) {
		if (!id_ok(id))
			return ms_err_field(err, MS_E_INVALID, "id", "计划 ID 只能由小写字母、数字和单个连字符组成（不以连字符开头或结尾），"
					  "至多 %d 个字符 (id: lowercase letters and digits, '-' between them)", ID_MAX);
		snprintf(in->id, sizeof(in->id), "%s", id);
	} else {
		snprintf(in->id, sizeof(in->id), "notice-%.12s", in->sha);
	}
	return 0;
}

/* ---------- the import ---------- */


/*
 * Imports in's text. The organisations are the database's own (loaded
 * from the CSV files at init): the codes a stored plan's units must name,
 * so the importer resolves 省民政厅 to a code the plan may be stored with.
 */
int web_notice_import(struct store *st, const struct web_notice_in *in, struct plan_orgs *orgs,
		  struct notice_result *r, struct ms_err *err)
{
	struct notice_opts no = { 0 };
	char path[ID_MAX + 8];

	if (plan_orgs_from_store(orgs, st, err)) {
		err->kind = MS_E_INTERNAL;
		return -1;
	}
	/* a stored plan's source is read back from the database by its hash; the path only names it */
	snprintf(path, sizeof(path), "%s.txt", in->id);
	no.id = in->id;
	no.orgs = orgs->n ? orgs : NULL;
	if (notice_import(in->text, in->len, "notice", &no, r, err))
		return -1;
	notice_set_source_path(r, path);
	return 0;
}

/*
 * Stores the draft as a new plan: plan_add validates it against the text,
 * refuses an id already stored, and writes it in one transaction with its
 * plan.load journal row. report gets the validation problems, one a line.
 */
int web_notice_store(struct store *st, const struct notice_result *r, const struct plan_orgs *orgs,
		       const struct auth_user *u, struct ms_buf *report, struct ms_err *err)
{
	const char *actor = u->name;
	struct plan p;
	const char *id = jstr(r->plan, "id");
	int rc = auth_may_govern(st, u, jstr(r->plan, "region_code"), err);

	if (rc != 1)
		return -1;

	if (plan_load_doc(&p, json_deep_copy(r->plan), "notice", r->text.buf, r->text.len)) {
		plan_release(&p);
		return ms_err_setk(err, MS_E_INTERNAL, "the notice is too large to keep (通知过大)");
	}
	rc = plan_add(st, &p, orgs->n ? orgs : NULL, actor, report, err);
	plan_release(&p);
	if (rc && err->kind == MS_E_CONFLICT)
		ms_err_setk(err, MS_E_CONFLICT, "计划 ID “%s” 已存在，未保存；请换一个计划 ID 后再存 "
			    "(plan %s is already in the database)", id, id);
	else if (rc && err->kind == MS_E_INVALID && report->len) {
		/* the message goes into itself: a copy first (vsnprintf's source and target may not overlap) */
		char was[sizeof(err->msg)];

		snprintf(was, sizeof(was), "%s", err->msg);
		ms_err_set(err, "草案未通过校验，未保存 (%s):\n%.*s", was,
			   ms_utf8_clip(report->buf, report->len, 600), report->buf);
	}
	return rc;
}

/* ---------- the marks: every fact's place in the text ---------- */

enum fact_kind { K_HEADER, K_ITEM, K_TARGET, K_UNIT, K_DEADLINE, K_PROBLEM, K_NOTE, K_DUP };

/* kinds before K_PROBLEM are facts (<mark>); problems (待核实), remarks and repeats are underlined spans */
static const char *const kind_class[] = { "k-header", "k-item", "k-target", "k-unit", "k-deadline",
					  "k-problem", "k-note", "k-dup" };

struct span {
	size_t off, len;
	enum fact_kind kind;
	struct ms_buf label;       /* the tooltip: what the words are, "；" between facts */
};

struct spans {
	struct span *v;
	size_t n, alloc;
	const char *text;
	size_t textlen;
};

static int is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The offset and length of o when they lie in the text on character boundaries: 1, else 0. */
static int span_of(const struct spans *s, const json_t *o, size_t *off, size_t *len)
{
	const json_t *jo = json_object_get(o, "offset"), *jl = json_object_get(o, "length");
	json_int_t a, n;

	if (!json_is_integer(jo) || !json_is_integer(jl))
		return 0;
	a = json_integer_value(jo);
	n = json_integer_value(jl);
	if (a < 0 || n <= 0 || (size_t)a > s->textlen || (size_t)n > s->textlen - (size_t)a)
		return 0;
	if (is_cont(s->text[a]) || ((size_t)(a + n) < s->textlen && is_cont(s->text[a + n])))
		return 0;
	*off = (size_t)a;
	*len = (size_t)n;
	return 1;
}

static void span_add(struct spans *s, const json_t *o, enum fact_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void span_add(struct spans *s, const json_t *o, enum fact_kind kind, const char *fmt, ...)
{
	struct span *sp;
	size_t off, len;
	va_list ap;

	if (!span_of(s, o, &off, &len))
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 64;
		s->v = realloc(s->v, s->alloc * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	sp = &s->v[s->n++];
	sp->off = off;
	sp->len = len;
	sp->kind = kind;
	ms_buf_init(&sp->label, 4096);
	va_start(ap, fmt);
	ms_buf_vaddf(&sp->label, fmt, ap);
	va_end(ap);
}

static void spans_release(struct spans *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		ms_buf_release(&s->v[i].label);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

/* Outer marks first: by offset, the longer first, then by kind. */
static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Sorts, and makes the facts that quote the same words one mark with all their labels. */
static void spans_merge(struct spans *s)
{
	size_t i, n = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), span_cmp);
	for (i = 1; i < s->n; i++) {
		struct span *keep = &s->v[n], *sp = &s->v[i];

		if (sp->off == keep->off && sp->len == keep->len) {
			/* a note and its problem say the same words: keep the fuller label once */
			if (strstr(sp->label.buf, keep->label.buf)) {
				ms_buf_release(&keep->label);
				keep->label = sp->label;
				continue;
			}
			if (!strstr(keep->label.buf, sp->label.buf)) {
				ms_buf_adds(&keep->label, "；");
				ms_buf_adds(&keep->label, sp->label.buf);
			}
			ms_buf_release(&sp->label);
			continue;
		}
		s->v[++n] = *sp;
	}
	s->n = n + 1;
}

static const char *role_label(const char *role)
{
	return !strcmp(role, "lead") ? "牵头单位" : !strcmp(role, "responsible") ? "责任单位" : role;
}

static const char *cmp_label(const char *c)
{
	return !strcmp(c, ">=") ? "不低于" : !strcmp(c, "<=") ? "不高于" : !strcmp(c, ">") ? "高于" :
	       !strcmp(c, "<") ? "低于" : !strcmp(c, "=") ? "等于" : c;
}

static const char *severity_label(const char *sev)
{
	return !strcmp(sev, "warning") ? "待核实" : !strcmp(sev, "error") ? "错误" : "提示";
}

/* A unit's label, the same whether it comes from the facts or the draft, so the two merge. */
static void unit_span(struct spans *s, const json_t *prov, long long item, const char *role,
		      const char *name, const char *org)
{
	span_add(s, prov, K_UNIT, "第%lld项 %s：%s（%s）", item, role_label(role), name,
		 *org ? org : "代码未识别");
}

/* Every place the importer quotes: the facts, the draft's provenance, the problems, the repeats. */
static void spans_collect(struct spans *s, const struct notice_result *r)
{
	const json_t *f = r->facts, *plan = r->plan, *x, *y, *z;
	size_t i, j, k;

	span_add(s, json_object_get(plan, "title_provenance"), K_HEADER, "计划标题");
	span_add(s, json_object_get(plan, "issuer_provenance"), K_HEADER, "发文机关");
	span_add(s, json_object_get(plan, "issued_on_provenance"), K_HEADER, "发布日期 %s",
		 jstr(plan, "issued_on"));
	x = json_object_get(plan, "start_on_provenance");
	span_add(s, x, K_HEADER, "起始日期 %s%s", jstr(plan, "start_on"),
		 strcmp(jstr(x, "basis"), "text") ? "（推定）" : "");
	json_array_foreach(json_object_get(f, "items"), i, x)
		span_add(s, x, K_ITEM, "第%lld项的编号和标题", jint(x, "no"));
	json_array_foreach(json_object_get(f, "targets"), i, x)
		span_add(s, x, K_TARGET, "第%lld项 量化目标：%s %s%s（置信度 %lld%%）", jint(x, "item"),
			 jstr(x, "name"), cmp_label(jstr(x, "comparator")), jstr(x, "value_text"),
			 jint(x, "confidence"));
	json_array_foreach(json_object_get(f, "unplaced_targets"), i, x)
		span_add(s, x, K_TARGET, "未归入任何一项的量化目标：%s %s", jstr(x, "name"),
			 jstr(x, "value_text"));
	json_array_foreach(json_object_get(f, "units"), i, x)
		unit_span(s, x, jint(x, "item"), jstr(x, "role"), jstr(x, "name"), jstr(x, "org"));
	json_array_foreach(json_object_get(f, "deadlines"), i, x)
		span_add(s, x, K_DEADLINE, "时限：%s", jstr(x, "quote"));
	json_array_foreach(json_object_get(plan, "items"), i, x) {
		long long no = jint(x, "no");

		if (json_is_true(json_object_get(x, "present_in_source")))
			span_add(s, json_object_get(x, "title_provenance"), K_ITEM, "第%lld项标题：%s", no,
				 jstr(x, "title"));
		else
			span_add(s, json_object_get(x, "title_provenance"), K_PROBLEM,
				 "第%lld项文中缺失（推断依据）", no);
		json_array_foreach(json_object_get(x, "lead_units"), j, y)
			unit_span(s, json_object_get(y, "provenance"), no, "lead", jstr(y, "name"), jstr(y, "org"));
		json_array_foreach(json_object_get(x, "responsible_units"), j, y)
			unit_span(s, json_object_get(y, "provenance"), no, "responsible", jstr(y, "name"),
				  jstr(y, "org"));
		json_array_foreach(json_object_get(x, "indicators"), j, y) {
			span_add(s, json_object_get(y, "provenance"), K_TARGET, "指标 %s：%s", jstr(y, "id"),
				 jstr(y, "name"));
			span_add(s, json_object_get(y, "baseline_provenance"), K_TARGET, "指标 %s 的原标准",
				 jstr(y, "id"));
		}
	}
	json_array_foreach(json_object_get(plan, "rounds"), i, x)
		span_add(s, json_object_get(x, "provenance"), K_DEADLINE, "报送节点：%s %s", jstr(x, "label"),
			 jstr(x, "due_on"));
	json_array_foreach(json_object_get(plan, "notes"), i, x)
		json_array_foreach(json_object_get(x, "provenance"), j, y)
			span_add(s, y, strcmp(jstr(x, "flag"), "待核实") ? K_NOTE : K_PROBLEM, "%s %s：%s",
				 jstr(x, "flag"), jstr(x, "id"), jstr(x, "text"));
	json_array_foreach(r->problems, i, x)
		span_add(s, x, strcmp(jstr(x, "severity"), "info") ? K_PROBLEM : K_NOTE, "%s",
			 jstr(x, "text"));
	json_array_foreach(json_object_get(f, "duplicates"), i, x) {
		z = json_object_get(x, "places");
		json_array_foreach(z, k, y)
			span_add(s, y, K_DUP, "重复段落：共 %zu 处，此为第 %zu 处", json_array_size(z), k + 1);
	}
	spans_merge(s);
}

static size_t span_end(const struct spans *s, size_t k)
{
	return s->v[k].off + s->v[k].len;
}

/* Opens span k's element; the first piece of a span carries its id (f-OFFSET-LENGTH). */
static void open_tag(struct ms_buf *o, const struct spans *s, size_t k, int first)
{
	const struct span *sp = &s->v[k];

	ms_buf_addf(o, "<%s class=\"%s\"", sp->kind < K_PROBLEM ? "mark" : "span", kind_class[sp->kind]);
	if (first)
		ms_buf_addf(o, " id=\"f-%zu-%zu\"", sp->off, sp->len);
	ms_buf_adds(o, " title=\"");
	web_esc(o, sp->label.buf);
	ms_buf_adds(o, "\">");
}

static void close_tag(struct ms_buf *o, const struct spans *s, size_t k)
{
	ms_buf_adds(o, s->v[k].kind < K_PROBLEM ? "</mark>" : "</span>");
}

/*
 * Closes the open spans that end at `at`. HTML elements nest but quotes may
 * cross, so a span still open inside one that ends is closed with it and
 * opened again (without its id) just after.
 */
static void close_ending(struct ms_buf *o, const struct spans *s, size_t *stack, size_t *depth, size_t at)
{
	size_t keep[MAX_DEPTH], nk = 0, low;

	for (low = 0; low < *depth && span_end(s, stack[low]) > at; low++)
		;
	if (low == *depth)
		return;
	while (*depth > low) {
		size_t k = stack[--*depth];

		close_tag(o, s, k);
		if (span_end(s, k) > at)
			keep[nk++] = k;
	}
	while (nk) {
		size_t k = keep[--nk];

		open_tag(o, s, k, 0);
		stack[(*depth)++] = k;
	}
}

/* The text with every span marked; time linear in the text and the spans (times the nesting depth). */
static void render_source(struct ms_buf *o, const struct spans *s)
{
	size_t stack[MAX_DEPTH], depth = 0, next = 0, at = 0, k;

	ms_buf_adds(o, "<div class=\"source\" id=\"source\">");
	while (at < s->textlen) {
		size_t upto = s->textlen;

		close_ending(o, s, stack, &depth, at);
		for (; next < s->n && s->v[next].off == at; next++)
			if (depth < MAX_DEPTH) {
				open_tag(o, s, next, 1);
				stack[depth++] = next;
			}
		if (next < s->n && s->v[next].off < upto)
			upto = s->v[next].off;
		for (k = 0; k < depth; k++)
			if (span_end(s, stack[k]) < upto)
				upto = span_end(s, stack[k]);
		web_esc_n(o, s->text + at, upto - at);
		at = upto;
	}
	close_ending(o, s, stack, &depth, at);
	ms_buf_adds(o, "</div>\n");
}

/* A link to the mark of o's words, or the text alone when o quotes nothing. */
static void fact_link(struct ms_buf *o, const struct spans *s, const json_t *prov, const char *text)
{
	size_t off, len;

	if (!span_of(s, prov, &off, &len)) {
		web_esc(o, text);
		return;
	}
	ms_buf_addf(o, "<a href=\"#f-%zu-%zu\">", off, len);
	web_esc(o, *text ? text : "（原文）");
	ms_buf_adds(o, "</a>");
}

/* ---------- the pages ---------- */

/* 通知导入: the paste form, refilled with what was typed when it is shown again with an error. */
static void page_form(struct ms_buf *o, const struct web_who *w, const char *text, const char *id,
		      const struct ms_err *e)
{
	const char *field = e ? e->field : NULL;

	web_page_begin(o, "通知导入", w);
	ms_buf_adds(o, "<p>把收到的民生实事通知全文粘贴到下面，点“识别”：系统找出标题、发文机关、发布日期、"
		    "各项实事及其量化目标、牵头和责任单位、时限，在原文中逐一标出，并生成计划草案供核对；"
		    "核对无误后可存为新计划。</p>\n");
	web_flash(o, "err", e ? e->msg : NULL);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/notice\">");
	web_csrf_field(o, w);
	/* the newline after <textarea> is dropped by the parser, so a text's own first line break survives */
	ms_buf_adds(o, "\n<label class=\"wide\">通知全文<textarea name=\"text\" rows=\"20\" required");
	web_mark_bad(o, "text", field);
	ms_buf_adds(o, ">\n");
	web_esc(o, text);
	ms_buf_adds(o, "</textarea></label>\n<label>计划 ID（可不填） <input name=\"id\" maxlength=\"64\" "
		    "pattern=\"[a-z0-9\\-]*\" placeholder=\"jiangxi-2024\"");
	web_mark_bad(o, "id", field);
	ms_buf_adds(o, " value=\"");
	web_esc(o, id);
	ms_buf_adds(o, "\"></label>\n<p><button type=\"submit\">识别</button></p>\n</form>\n"
		    "<p class=\"legend\">计划 ID 只用小写字母、数字和连字符；不填时按原文生成（notice- 加原文摘要的前 12 位）。"
		    "识别不会写入数据库，要在下一页点“接受并存为新计划”才保存。本页不运行脚本，请打开通知文件、"
		    "复制全文后粘贴；GB18030 编码的文件请用命令行的通知导入或 "
		    "<code>POST /api/v1/notice/import</code>（Content-Type: text/plain）。</p>\n");
	web_page_end(o);
}

static const char *const review_css =
	"<style>\n"
	"main{max-width:1500px}\n"
	".cols{display:flex;gap:1em;align-items:flex-start}.cols>section{flex:1 1 0;min-width:0}\n"
	".cols .source,.cols .draft{max-height:80vh;overflow:auto}\n"
	"@media(max-width:800px){.cols{display:block}.cols .source,.cols .draft{max-height:none}}\n"
	".draft{border:1px solid #ddd;padding:0 1em 1em}.draft h3{margin:1em 0 .3em}\n"
	".ditem{border-top:1px solid #ddd;padding:.3em 0}.ditem h4{margin:.3em 0}.ditem ul{margin:.2em 0;padding-left:1.4em}\n"
	".ditem.missing h4{color:#b71c1c}.draft code{font-size:.85em;color:#555}\n"
	"mark.k-header{background:#ffd8a8}mark.k-item{background:#ffc9c9}mark.k-target{background:#fff2a8}\n"
	"mark.k-unit{background:#cfe8ff}mark.k-deadline{background:#d3f9d8}\n"
	"span.k-problem{text-decoration:underline wavy #c62828}span.k-note{border-bottom:1px dotted #888}span.k-dup{background:#f0f0f0}\n"
	"mark:target,span:target{outline:2px solid #b00}\n"
	"pre.report{white-space:pre-wrap;font-size:.88em}\n"
	"</style>\n";

static void draft_header(struct ms_buf *o, const struct spans *s, const struct web_notice_in *in,
			 const struct notice_result *r)
{
	const json_t *p = r->plan;
	static const struct { const char *label, *key, *prov; } rows[] = {
		{ "计划标题", "title", "title_provenance" },
		{ "通知标题", "notice_title", NULL },
		{ "发文机关", "issuer", "issuer_provenance" },
		{ "发布日期", "issued_on", "issued_on_provenance" },
		{ "区划代码", "region_code", NULL },
		{ "起始日期", "start_on", "start_on_provenance" },
	};
	size_t i;

	ms_buf_adds(o, "<h3>通知</h3>\n<table>\n<tr><th>计划 ID</th><td><code>");
	web_esc(o, in->id);
	ms_buf_adds(o, "</code></td></tr>\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *v = jstr(p, rows[i].key);
		const json_t *prov = rows[i].prov ? json_object_get(p, rows[i].prov) : NULL;

		ms_buf_addf(o, "<tr><th>%s</th><td>", rows[i].label);
		fact_link(o, s, prov, *v ? v : "（未识别）");
		if (prov && *jstr(prov, "basis") && strcmp(jstr(prov, "basis"), "text"))
			ms_buf_adds(o, "（推定）");
		ms_buf_adds(o, "</td></tr>\n");
	}
	ms_buf_addf(o, "<tr><th>年度</th><td>%lld</td></tr>\n<tr><th>编码</th><td>%s%s</td></tr>\n</table>\n",
		    jint(p, "year"), r->encoding, r->converted ? "（已转换为 UTF-8）" : "");
}

static void draft_units(struct ms_buf *o, const struct spans *s, const json_t *item, const char *key,
			const char *label)
{
	const json_t *u;
	size_t i;

	ms_buf_addf(o, "%s：", label);
	if (!json_array_size(json_object_get(item, key)))
		ms_buf_adds(o, "未识别");
	json_array_foreach(json_object_get(item, key), i, u) {
		if (i)
			ms_buf_adds(o, "、");
		fact_link(o, s, json_object_get(u, "provenance"), jstr(u, "name"));
		ms_buf_adds(o, "（");
		web_esc(o, *jstr(u, "org") ? jstr(u, "org") : "代码未识别");
		ms_buf_adds(o, "）");
	}
}

/* A value in its unit as a person reads it (150亿元, 95%), escaped. */
static void value(struct ms_buf *o, const char *unit, json_int_t v)
{
	struct ms_buf b = MS_BUF_INIT;

	if (plan_value_format(&b, unit, v))
		ms_buf_addf(&b, "%lld %s", (long long)v, unit);
	web_esc(o, b.buf);
	ms_buf_release(&b);
}

static void draft_indicator(struct ms_buf *o, const struct spans *s, const json_t *ind)
{
	const char *unit = jstr(ind, "unit");
	const json_t *target = json_object_get(ind, "target"), *base = json_object_get(ind, "baseline");
	enum plan_kind k = plan_kind_parse(jstr(ind, "kind"));

	ms_buf_adds(o, "<li>");
	fact_link(o, s, json_object_get(ind, "provenance"), jstr(ind, "name"));
	ms_buf_adds(o, "：");
	if (json_is_integer(target)) {
		web_esc(o, cmp_label(jstr(ind, "comparator")));
		ms_buf_adds(o, " ");
		value(o, unit, json_integer_value(target));
	} else {
		ms_buf_adds(o, "无数字目标");
	}
	if (k)
		ms_buf_addf(o, "（%s）", plan_kind_label(k));
	if (json_is_integer(base)) {
		struct ms_buf b = MS_BUF_INIT;

		ms_buf_adds(o, "，原标准 ");
		if (plan_value_format(&b, unit, json_integer_value(base)))
			ms_buf_addf(&b, "%lld", (long long)json_integer_value(base));
		fact_link(o, s, json_object_get(ind, "baseline_provenance"), b.buf);
		ms_buf_release(&b);
	}
	ms_buf_adds(o, " <code>");
	web_esc(o, jstr(ind, "id"));
	ms_buf_adds(o, "</code></li>\n");
}

static void draft_items(struct ms_buf *o, const struct spans *s, const json_t *plan)
{
	const json_t *it, *ind;
	size_t i, j;

	ms_buf_adds(o, "<h3>实事</h3>\n");
	json_array_foreach(json_object_get(plan, "items"), i, it) {
		long long no = jint(it, "no");

		if (!json_is_true(json_object_get(it, "present_in_source"))) {
			ms_buf_addf(o, "<div class=\"ditem missing\" id=\"d-%lld\"><h4>第%lld项（文中缺失）</h4><p>", no, no);
			web_esc(o, jstr(it, "note"));
			ms_buf_adds(o, " ");
			fact_link(o, s, json_object_get(it, "title_provenance"), "推断依据");
			ms_buf_adds(o, "</p></div>\n");
			continue;
		}
		ms_buf_addf(o, "<div class=\"ditem\" id=\"d-%lld\"><h4>第%lld项 ", no, no);
		fact_link(o, s, json_object_get(it, "title_provenance"), jstr(it, "title"));
		ms_buf_adds(o, "</h4><p>");
		draft_units(o, s, it, "lead_units", "牵头单位");
		ms_buf_adds(o, "；");
		draft_units(o, s, it, "responsible_units", "责任单位");
		ms_buf_adds(o, "</p>\n");
		if (!json_array_size(json_object_get(it, "indicators")))
			ms_buf_adds(o, "<p>（未识别出指标）</p>\n");
		else
			ms_buf_adds(o, "<ul>\n");
		json_array_foreach(json_object_get(it, "indicators"), j, ind)
			draft_indicator(o, s, ind);
		if (json_array_size(json_object_get(it, "indicators")))
			ms_buf_adds(o, "</ul>\n");
		ms_buf_adds(o, "</div>\n");
	}
}

static void draft_rest(struct ms_buf *o, const struct spans *s, const struct notice_result *r)
{
	const json_t *x, *y;
	size_t i, j;

	if (json_array_size(json_object_get(r->plan, "rounds"))) {
		ms_buf_adds(o, "<h3>报送节点</h3>\n<ul>\n");
		json_array_foreach(json_object_get(r->plan, "rounds"), i, x) {
			ms_buf_adds(o, "<li>");
			web_esc(o, jstr(x, "label"));
			ms_buf_adds(o, " ");
			fact_link(o, s, json_object_get(x, "provenance"), jstr(x, "due_on"));
			if (strcmp(jstr(json_object_get(x, "provenance"), "basis"), "text"))
				ms_buf_adds(o, "（推定）");
			ms_buf_adds(o, "</li>\n");
		}
		ms_buf_adds(o, "</ul>\n");
	}
	ms_buf_addf(o, "<h3>问题（%zu）</h3>\n", json_array_size(r->problems));
	if (json_array_size(r->problems))
		ms_buf_adds(o, "<ul>\n");
	json_array_foreach(r->problems, i, x) {
		ms_buf_addf(o, "<li>[%s] ", severity_label(jstr(x, "severity")));
		if (jint(x, "item") > 0)
			ms_buf_addf(o, "第%lld项 ", jint(x, "item"));
		web_esc(o, jstr(x, "text"));
		ms_buf_adds(o, " ");
		fact_link(o, s, x, "");
		ms_buf_adds(o, "</li>\n");
	}
	if (json_array_size(r->problems))
		ms_buf_adds(o, "</ul>\n");
	ms_buf_addf(o, "<h3>草案中的说明（%zu 条，其中待核实 %d 条）</h3>\n",
		    json_array_size(json_object_get(r->plan, "notes")), r->to_verify);
	json_array_foreach(json_object_get(r->plan, "notes"), i, x) {
		ms_buf_adds(o, "<div class=\"note\"><b>");
		web_esc(o, jstr(x, "id"));
		ms_buf_adds(o, "</b>（");
		web_esc(o, jstr(x, "flag"));
		ms_buf_adds(o, "）");
		web_esc(o, jstr(x, "text"));
		json_array_foreach(json_object_get(x, "provenance"), j, y) {
			ms_buf_adds(o, " ");
			fact_link(o, s, y, "");
		}
		ms_buf_adds(o, "</div>\n");
	}
}

static void summary(struct ms_buf *o, const struct notice_result *r, size_t marks)
{
	ms_buf_addf(o, "<p>实事：文中 <b>%d</b> 项", r->items_found);
	if (r->items_missing)
		ms_buf_addf(o, "，编号缺 <b>%d</b> 项", r->items_missing);
	ms_buf_addf(o, "；量化目标 <b>%d</b> 个；重复段落 <b>%d</b> 处；待核实 <b>%d</b> 条；原文标出 %zu 处。</p>\n",
		    r->targets, r->duplicates, r->to_verify, marks);
}

/*
 * The units the draft proposes (its "orgs"), each decided on its own: 新建,
 * 即已有单位 (when one is close: 待核实, no choice made beforehand) or 不建.
 * prev: the form as sent, whose choices are kept when it is shown again.
 */
static void draft_new_units(struct ms_buf *o, const struct plan_orgs *orgs, const struct notice_result *r,
			    const struct web_fields *prev)
{
	static const char *const label[] = { "new", "新建", "same", "即已有单位", "drop", "不建" };
	const json_t *arr = json_object_get(r->plan, "orgs"), *g;
	size_t i, k;

	if (!json_array_size(arr))
		return;
	ms_buf_addf(o, "<fieldset class=\"units\"><legend>文中列名、单位表中没有的单位（%zu 个），请逐一确定</legend>\n<ul>\n",
		    json_array_size(arr));
	json_array_foreach(arr, i, g) {
		const char *code = jstr(g, "code");
		const struct plan_org *sim = *jstr(g, "similar") && orgs ? plan_orgs_find(orgs, jstr(g, "similar")) : NULL;
		char field[64];
		const char *was;

		snprintf(field, sizeof(field), "unit.%s", code);
		was = prev ? web_field(prev, field) : NULL;
		ms_buf_adds(o, "<li><b>");
		web_esc(o, jstr(g, "name"));
		ms_buf_adds(o, "</b> <code>");
		web_esc(o, code);
		ms_buf_adds(o, "</code>");
		if (sim) {
			ms_buf_adds(o, " <span class=\"k-problem\">待核实：与已有单位“");
			web_esc(o, sim->name);
			ms_buf_adds(o, "”相近</span>");
		}
		ms_buf_adds(o, "<br>");
		for (k = 0; k < 6; k += 2) {
			int on = was ? !strcmp(was, label[k]) : !sim && k == 0;

			if (k == 2 && !sim)
				continue;
			ms_buf_addf(o, "<label><input type=\"radio\" name=\"%s\" value=\"%s\" required%s> %s",
				    field, label[k], on ? " checked" : "", label[k + 1]);
			if (k == 2) {
				ms_buf_adds(o, "“");
				web_esc(o, sim->name);
				ms_buf_adds(o, "”");
			}
			ms_buf_adds(o, "</label> ");
		}
		ms_buf_adds(o, "</li>\n");
	}
	ms_buf_adds(o, "</ul>\n<p class=\"legend\">新建：存入计划时作为本级政府的单位建立（台账日志记 org.add）；"
		    "即已有单位：各项改列已有单位；不建：不列入各项的牵头、责任单位。所作决定记入草案的说明。</p></fieldset>\n");
}

/*
 * The review: the summary, the accept form (with a choice for each unit
 * the draft proposes), then the source with its marks beside the draft.
 * error and report say why an accept was refused; prev is the form sent.
 */
static void page_review(struct ms_buf *o, const struct web_who *w, const struct web_notice_in *in,
			const struct notice_result *r, const struct plan_orgs *orgs,
			const struct web_fields *prev, const char *error, const char *report, const char *voted)
{
	struct spans s = { NULL, 0, 0, r->text.buf, r->text.len };

	spans_collect(&s, r);
	web_page_begin(o, "通知导入 · 核对草案", w);
	ms_buf_adds(o, review_css);
	web_flash(o, "err", error);
	if (report && *report) {
		ms_buf_adds(o, "<pre class=\"report\">");
		web_esc(o, report);
		ms_buf_adds(o, "</pre>\n");
	}
	ms_buf_adds(o, "<p><b>");
	web_esc(o, *jstr(r->plan, "notice_title") ? jstr(r->plan, "notice_title") : jstr(r->plan, "title"));
	ms_buf_adds(o, "</b></p>\n");
	summary(o, r, s.n);
	ms_buf_adds(o, voted ? voted : "");   /* the voted plan of that government and year (vote_desk.c) */
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/notice/accept\">");
	web_csrf_field(o, w);
	ms_buf_adds(o, "<input type=\"hidden\" name=\"text\" value=\"");
	web_esc_n(o, in->text, in->len);
	ms_buf_addf(o, "\"><input type=\"hidden\" name=\"sha256\" value=\"%s\">\n", in->sha);
	draft_new_units(o, orgs, r, prev);
	ms_buf_adds(o, "<label>计划 ID <input name=\"id\" maxlength=\"64\" pattern=\"[a-z0-9\\-]+\" required value=\"");
	web_esc(o, in->id);
	ms_buf_adds(o, "\"></label> <button type=\"submit\">接受并存为新计划</button> <a href=\"/notice\">重新粘贴</a>\n"
		    "<span class=\"legend\">保存时再校验一遍草案的每条引文；已有同 ID 的计划不会被覆盖；"
		    "台账日志记一条 plan.load。</span></form>\n"
		    "<p class=\"legend\">原文中：<mark class=\"k-header\">发文信息</mark> <mark class=\"k-item\">实事编号和标题</mark> "
		    "<mark class=\"k-target\">量化目标</mark> <mark class=\"k-unit\">牵头、责任单位</mark> "
		    "<mark class=\"k-deadline\">时限</mark> <span class=\"k-problem\">待核实的问题</span> "
		    "<span class=\"k-note\">提示</span> <span class=\"k-dup\">重复段落</span>。鼠标停在标记上可看说明；点右侧草案中的链接，左侧跳到其原文。</p>\n"
		    "<div class=\"cols\">\n<section><h2>原文</h2>\n");
	render_source(o, &s);
	ms_buf_adds(o, "</section>\n<section><h2>草案</h2>\n<div class=\"draft\">\n");
	draft_header(o, &s, in, r);
	draft_items(o, &s, r->plan);
	draft_rest(o, &s, r);
	ms_buf_adds(o, "</div>\n</section>\n</div>\n");
	web_page_end(o);
	spans_release(&s);
}

static void page_saved(struct ms_buf *o, const struct web_who *w, const struct notice_result *r)
{
	const json_t *it;
	size_t i, inds = 0;

	json_array_foreach(json_object_get(r->plan, "items"), i, it)
		inds += json_array_size(json_object_get(it, "indicators"));
	web_page_begin(o, "通知导入 · 已保存", w);
	ms_buf_adds(o, "<p class=\"ok\" role=\"status\">已存入计划 ID <b>");
	web_esc(o, jstr(r->plan, "id"));
	ms_buf_addf(o, "</b>：实事 %zu 项（文中 %d 项），指标 %zu 个，待核实 %d 条；台账日志记一条 plan.load。</p>\n",
		    json_array_size(json_object_get(r->plan, "items")), r->items_found, inds, r->to_verify);
	ms_buf_adds(o, "<p>总览显示年度最新、最先存入的计划；命令行的计划列表列出全部计划及其内容。</p>\n"
		    "<p><a href=\"/\">返回总览</a>　<a href=\"/journal?table=plan\">台账日志</a>　"
		    "<a href=\"/notice\">再导入一份通知</a></p>\n");
	web_page_end(o);
}

/* ---------- the routes (routes.c has checked the user may import) ---------- */

void notice_form(struct web_ctx *c)
{
	ms_buf_reset(&c->r->body);
	page_form(&c->r->body, &c->who, NULL, NULL, NULL);
	web_reply_html(c->r, 200);
}

/*
 * Reads and imports the form's notice into in, orgs and res; -1 after
 * replying: a refusal the person can mend (no text, a bad id) shows the
 * form again as it was typed.
 */
static int notice_read_form(struct web_ctx *c, struct web_notice_in *in, struct plan_orgs *orgs,
			    struct notice_result *res)
{
	const struct web_fields *b = &c->rq->body;
	struct ms_err err;

	if (!web_notice_read(c->rq, 0, in, &err) && !web_notice_import(c->st, in, orgs, res, &err))
		return 0;
	if (web_err_status(&err) != 422) {
		web_fail_err(c, &err);
		return -1;
	}
	ms_buf_reset(&c->r->body);
	page_form(&c->r->body, &c->who, web_field(b, "text"), web_field(b, "id"), &err);
	web_reply_html(c->r, 422);
	return -1;
}

void notice_review(struct web_ctx *c)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct notice_result res = NOTICE_RESULT_INIT;
	struct ms_buf voted = MS_BUF_INIT;
	struct web_notice_in in;

	if (!notice_read_form(c, &in, &orgs, &res)) {
		web_vote_match_block(c, res.plan, &voted);
		ms_buf_reset(&c->r->body);
		page_review(&c->r->body, &c->who, &in, &res, &orgs, NULL, NULL, NULL, voted.buf);
		web_reply_html(c->r, 200);
	}
	ms_buf_release(&voted);
	notice_result_release(&res);
	plan_orgs_release(&orgs);
}

/*
 * The administrator's choice for each unit the draft proposes (form fields
 * unit.CODE: new, same, drop), applied to the draft; a unit close to an
 * existing one (待核实) must have been decided, the others are new unless
 * said otherwise.
 */
static int unit_choices(struct web_ctx *c, struct notice_result *res, const struct plan_orgs *orgs,
			struct ms_err *err)
{
	json_t *codes = json_array(), *g, *v;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(res->plan, "orgs"), i, g)
		json_array_append_new(codes, json_pack("{s:s, s:s, s:b}", "code", jstr(g, "code"), "name",
						       jstr(g, "name"), "similar", *jstr(g, "similar") != 0));
	json_array_foreach(codes, i, v) {
		char field[64];
		const char *was;
		enum notice_unit_choice ch;

		snprintf(field, sizeof(field), "unit.%s", jstr(v, "code"));
		was = web_field(&c->rq->body, field);
		if (!was && json_is_true(json_object_get(v, "similar"))) {
			rc = ms_err_field(err, MS_E_INVALID, "unit", "请确定单位“%s”是新建、即已有单位还是不建 "
					  "(decide unit %s: new, same or drop)", jstr(v, "name"), jstr(v, "code"));
			break;
		}
		ch = was ? notice_unit_choice_parse(was) : NOTICE_UNIT_NEW;
		if (!ch) {
			rc = ms_err_field(err, MS_E_INVALID, "unit", "单位“%s”的选择只能是 new、same 或 drop "
					  "(unit %s: new, same or drop)", jstr(v, "name"), jstr(v, "code"));
			break;
		}
		if ((rc = notice_unit_decide(res, jstr(v, "code"), ch, orgs, err)))
			break;
	}
	json_decref(codes);
	return rc;
}

void notice_accept(struct web_ctx *c)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT, orgs2 = PLAN_ORGS_INIT;
	struct notice_result res = NOTICE_RESULT_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct web_notice_in in;
	struct ms_err err;
	const char *sha;

	if (notice_read_form(c, &in, &orgs, &res))
		goto out;
	/* what is stored must be what was reviewed */
	sha = web_field(&c->rq->body, "sha256");
	if (sha && strcmp(sha, in.sha))
		ms_err_setk(&err, MS_E_CONFLICT, "原文与核对时不一致，未保存；请重新识别后再接受 "
			    "(the text differs from the one reviewed)");
	if ((sha && strcmp(sha, in.sha)) || unit_choices(c, &res, &orgs, &err) ||
	    web_notice_store(c->st, &res, &orgs, &c->u, &report, &err)) {
		if (web_err_status(&err) >= 500) {
			web_fail_err(c, &err);
		} else {
			/* shown as reviewed: the draft again, the choices as they were sent */
			notice_result_release(&res);
			if (notice_read_form(c, &in, &orgs2, &res))
				goto out;
			ms_buf_reset(&c->r->body);
			page_review(&c->r->body, &c->who, &in, &res, &orgs2, &c->rq->body, err.msg, report.buf, NULL);
			web_reply_html(c->r, web_err_status(&err));
		}
		goto out;
	}
	ms_buf_reset(&c->r->body);
	page_saved(&c->r->body, &c->who, &res);
	web_reply_html(c->r, 200);
out:
	notice_result_release(&res);
	plan_orgs_release(&orgs);
	plan_orgs_release(&orgs2);
	ms_buf_release(&report);
}
