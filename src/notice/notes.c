/*
 * notes.c - inside the notice importer: quotes of the text (provenance), the
 * draft's notes with their per-topic limit, the notes on structure
 * (repeated passages, conflicts, numbering) and the problems drawn from them.
 */
#include <stdarg.h>
#include <stdio.h>

#include "notice/ctx.h"
#include "core/text.h"
#include "core/banned.h"

/* A provenance object quoting view[a, b): the text's bytes there. */
json_t *nc_prov(const struct notice_ctx *c, size_t a, size_t b, const char *basis, const char *note)
{
	return nc_prov_orig(c, nv_start(&c->v, a), nv_end(&c->v, b), basis, note);
}

json_t *nc_prov_orig(const struct notice_ctx *c, size_t oa, size_t ob, const char *basis, const char *note)
{
	json_t *j = json_object();

	if (ob > c->tlen)
		ob = c->tlen;
	if (oa >= ob) {
		/* cannot happen for a non-empty span; keep the plan well-formed anyway */
		json_object_set_new(j, "basis", json_string("assumption"));
		json_object_set_new(j, "note", json_string(note ? note : "出处为空（导入程序内部错误）"));
		return j;
	}
	json_object_set_new(j, "quote", json_stringn(c->t + oa, ob - oa));
	json_object_set_new(j, "offset", json_integer((json_int_t)oa));
	json_object_set_new(j, "length", json_integer((json_int_t)(ob - oa)));
	json_object_set_new(j, "basis", json_string(basis));
	if (note)
		json_object_set_new(j, "note", json_string(note));
	return j;
}

/* A provenance object with no quote: an assumption and why. */
json_t *nc_assume(const char *note)
{
	return json_pack("{s:s, s:s}", "basis", "assumption", "note", note);
}

/* The view's words s[a, b) as a JSON string (folded forms, no breaks). */
json_t *nc_vstr(const struct notice_ctx *c, size_t a, size_t b)
{
	json_t *j = json_stringn(c->s + a, b > a ? b - a : 0);

	return j ? j : json_string("");
}

/* The text's words for view[a, b) when they hold no line break, else the view's. */
json_t *nc_tstr(const struct notice_ctx *c, size_t a, size_t b)
{
	size_t oa = nv_start(&c->v, a), ob = nv_end(&c->v, b);

	if (ob > oa && ob <= c->tlen && !memchr(c->t + oa, '\n', ob - oa) &&
	    !memchr(c->t + oa, '\r', ob - oa))
		return json_stringn(c->t + oa, ob - oa);
	return nc_vstr(c, a, b);
}

__attribute__((format(printf, 5, 6)))
json_t *nc_note(struct notice_ctx *c, const char *flag, int item, const char *topic,
		    const char *fmt, ...)
{
	struct ms_buf b = MS_BUF_INIT;
	json_t *n;
	va_list ap;
	char id[16];

	va_start(ap, fmt);
	ms_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* at most max_listed notes of one topic; the rest are counted, then summed up in one */
	{
		json_t *cnt = json_object_get(c->topics, topic);
		json_int_t k = cnt ? json_integer_value(cnt) : 0;

		json_object_set_new(c->topics, topic, json_integer(k + 1));
		if ((size_t)k >= c->o->max_listed) {
			n = json_pack("{s:s, s:[]}", "text", b.buf, "provenance");
			json_array_append_new(c->dropped, n);
			if (!json_object_get(c->dropped_flag, topic) || !strcmp(flag, "待核实"))
				json_object_set_new(c->dropped_flag, topic, json_string(flag));
			ms_buf_release(&b);
			return n;
		}
	}
	snprintf(id, sizeof(id), "N%d", ++c->nnote);
	n = json_pack("{s:s, s:s, s:o, s:s, s:s, s:[]}", "id", id, "flag", flag, "item",
		      item > 0 ? json_integer(item) : json_null(), "topic", topic, "text", b.buf,
		      "provenance");
	json_array_append_new(c->notes, n);
	if (!strcmp(flag, "待核实"))
		c->r->to_verify++;
	ms_buf_release(&b);
	return n;
}

void nc_note_quote(const struct notice_ctx *c, json_t *n, size_t a, size_t b)
{
	json_t *pr = json_object_get(n, "provenance");

	if (b > a && json_array_size(pr) < c->o->max_listed)
		json_array_append_new(pr, nc_prov(c, a, b, "text", NULL));
}

void nc_note_quote_orig(const struct notice_ctx *c, json_t *n, size_t oa, size_t ob)
{
	json_t *pr = json_object_get(n, "provenance");

	if (ob > oa && json_array_size(pr) < c->o->max_listed)
		json_array_append_new(pr, nc_prov_orig(c, oa, ob, "text", NULL));
}

/* One note for each topic whose notes passed max_listed. */
void nc_dropped_notes(struct notice_ctx *c)
{
	const char *topic;
	json_t *cnt;

	json_object_foreach(c->topics, topic, cnt) {
		json_int_t k = json_integer_value(cnt);
		json_t *n;

		if ((size_t)k <= c->o->max_listed)
			continue;
		n = json_pack("{s:s, s:s, s:n, s:s, s:s, s:[o]}", "id", "", "flag",
			      json_string_value(json_object_get(c->dropped_flag, topic)), "item",
			      "topic", topic, "text", "", "provenance",
			      nc_assume("同类说明过多，只列出前若干条"));
		json_object_set_new(n, "id", json_sprintf("N%d", ++c->nnote));
		json_object_set_new(n, "text", json_sprintf("另有 %lld 条同类（%s）说明未列出：同类说明只列前 %zu 条。",
							     (long long)(k - (json_int_t)c->o->max_listed),
							     topic, c->o->max_listed));
		if (!strcmp(json_string_value(json_object_get(n, "flag")), "待核实"))
			c->r->to_verify++;
		json_array_append_new(c->notes, n);
	}
}

void nc_fact_span(const struct notice_ctx *c, json_t *j, size_t a, size_t b)
{
	size_t oa = nv_start(&c->v, a), ob = nv_end(&c->v, b);

	if (ob <= oa || ob > c->tlen)
		return;
	json_object_set_new(j, "quote", json_stringn(c->t + oa, ob - oa));
	json_object_set_new(j, "offset", json_integer((json_int_t)oa));
	json_object_set_new(j, "length", json_integer((json_int_t)(ob - oa)));
}

size_t nc_cn_item(struct ms_buf *b, int no)
{
	size_t old = b->len;

	ms_cn_num_format(b, no);
	return b->len - old;
}

/* ---------- notes on structure ---------- */

/* Consecutive duplicated segments whose every occurrence follows the one before form one passage. */
static int passage_continues(const struct notice_ctx *c, int i)
{
	const struct group *a = &c->gr[c->sg[i].group], *b;
	int x, y;

	if (i + 1 >= (int)c->nsg)
		return 0;
	b = &c->gr[c->sg[i + 1].group];
	if (a->n < 2 || b->n != a->n || a == b || c->sg[i + 1].kind == SEG_TITLE ||
	    c->sg[i].kind == SEG_TITLE)
		return 0;
	for (x = a->first, y = b->first; x >= 0 && y >= 0; x = c->sg[x].next, y = c->sg[y].next)
		if (y != x + 1)
			return 0;
	return 1;
}

/* Which occurrence (from 1) of the group is the one quoted. */
static int occurrence_no(const struct notice_ctx *c, const struct group *gr)
{
	int x, k = 1;

	for (x = gr->first; x >= 0 && x != gr->rep; x = c->sg[x].next)
		k++;
	return k;
}

/* Duplicated passages, and near-duplicates (merged by nc_group_segments): one note each, every place listed. */
void nc_duplicate_notes(struct notice_ctx *c)
{
	size_t max = c->o->max_listed, i;

	for (i = 0; i < c->nsg; i++) {
		struct group *gr = &c->gr[c->sg[i].group];
		int last = (int)i, x, y, k, nlisted = 0, item, near;
		json_t *n, *occ, *dup;
		struct ms_buf txt = MS_BUF_INIT;
		size_t clip;

		if (gr->n < 2 || gr->noted || gr->first != (int)i)
			continue;
		while (passage_continues(c, last))
			last++;
		for (k = (int)i; k <= last; k++)
			c->gr[c->sg[k].group].noted = 1;
		c->r->duplicates++;
		item = gr->status == G_PLACED ? gr->item : 0;
		clip = (size_t)ms_utf8_clip(c->s + c->sg[i].ta, c->sg[last].tb - c->sg[i].ta, 60);
		for (k = (int)i, near = 0; k <= last; k++)
			if (c->gr[c->sg[k].group].near > near)
				near = c->gr[c->sg[k].group].near;
		if (near)
			ms_buf_addf(&txt, "这段文字（“%.*s%s”）近似地出现 %d 次（各处相差至多 %d 字），按一段记录，"
				    "须核对哪一处为准",
				    (int)clip, c->s + c->sg[i].ta,
				    clip < c->sg[last].tb - c->sg[i].ta ? "…" : "", gr->n, near);
		else
			ms_buf_addf(&txt, "这段文字（“%.*s%s”）完全相同地出现 %d 次；只记一次",
				    (int)clip, c->s + c->sg[i].ta,
				    clip < c->sg[last].tb - c->sg[i].ta ? "…" : "", gr->n);
		if (c->sg[i].kind == SEG_TITLE)
			ms_buf_adds(&txt, "（重复的标题）");
		else if (item && near)
			ms_buf_addf(&txt, "：记的是第%d处，归入第%d项", occurrence_no(c, gr), item);
		else if (item)
			ms_buf_addf(&txt, "，归入第%d项%s", item,
				    gr->by_overlap ? "（各处位置不一，按与该项标题和其他句子的重合度确定）" : "");
		else if (gr->status == G_CONFLICT)
			ms_buf_adds(&txt, "，归属有冲突（见待核实说明）");
		ms_buf_adds(&txt, "。");
		n = near ? nc_note(c, "待核实", item, "near_duplicate", "%s", txt.buf)
			 : nc_note(c, "已记录", item, "duplicate_passage", "%s", txt.buf);
		occ = json_array();
		for (x = (int)i, y = last; x >= 0; x = c->sg[x].next, y = y >= 0 ? c->sg[y].next : -1) {
			if ((size_t)nlisted++ < max) {
				json_t *o = json_object();

				nc_fact_span(c, o, c->sg[x].a, y >= 0 ? c->sg[y].b : c->sg[x].b);
				json_object_set_new(o, "section_item", json_integer(sec_item(c, c->sg[x].sec)));
				json_array_append_new(occ, o);
				nc_note_quote(c, n, c->sg[x].a, y >= 0 ? c->sg[y].b : c->sg[x].b);
			}
		}
		if ((size_t)nlisted > max) {
			json_object_set_new(n, "text", json_sprintf("%s（列出前 %zu 处，共 %d 处）", txt.buf, max, nlisted));
		}
		dup = json_pack("{s:s, s:I, s:o}", "text", txt.buf, "occurrences", (json_int_t)gr->n, "places", occ);
		if (near)
			json_object_set_new(dup, "differing", json_integer(near));
		json_array_append_new(json_object_get(c->facts, "duplicates"), dup);
		ms_buf_release(&txt);
	}
}

void nc_conflict_notes(struct notice_ctx *c)
{
	size_t i;
	int k;

	for (i = 0; i < c->ngr; i++) {
		struct group *gr = &c->gr[i];
		const struct seg *f = &c->sg[gr->first];
		struct ms_buf b = MS_BUF_INIT;
		json_t *n;
		int j;

		if (gr->status != G_CONFLICT)
			continue;
		if (f->kind == SEG_ANNOT) {
			int weak = 0;

			for (j = gr->first; j >= 0; j = c->sg[j].next) {
				int an = nc_anchor_of(c, j);

				weak |= an >= 0 && c->sg[an].kind == SEG_TITLE;
			}
			if (gr->best && !weak && c->it[gr->best].annot >= 0)
				ms_buf_addf(&b, "单位标注位于第%d项之下，但该项已有单位标注（取第一处）；本标注未计入任何一项。",
					    gr->best);
			else if (weak)
				ms_buf_addf(&b, "单位标注紧接第%d项的标题，其间没有正文（标题后缺正文，常见于段落错位处）；按本通知体例难以确定它属于该项还是与错位段落一同移来的，故未计入任何一项。",
					    gr->best ? gr->best : sec_item(c, f->sec));
			else
				ms_buf_adds(&b, "单位标注前一句的归属有冲突或各处位置所指事项不一，故未计入任何一项。");
			n = nc_note(c, "待核实", gr->best ? gr->best : 0, "lead_unit", "%s", b.buf);
		} else {
			ms_buf_adds(&b, "句子的位置与内容所指不一：位于");
			for (k = 0; k < gr->ncand; k++)
				ms_buf_addf(&b, "%s第%d项", k ? "、" : "", gr->cand[k]);
			ms_buf_adds(&b, "之下");
			if (gr->best)
				ms_buf_addf(&b, "，而与第%d项的标题和其他句子重合最多", gr->best);
			ms_buf_adds(&b, "。未归入任何一项，其中的数字未列为指标。");
			n = nc_note(c, "待核实", gr->best, "placement", "%s", b.buf);
		}
		for (j = gr->first; j >= 0; j = c->sg[j].next)
			nc_note_quote(c, n, c->sg[j].ta, c->sg[j].tb);
		ms_buf_release(&b);
	}
}

void nc_numbering_notes(struct notice_ctx *c)
{
	size_t i;
	int prev = 0, no;

	/* repeats and numbers out of order */
	for (no = 1; no <= c->maxno; no++) {
		json_t *n;

		if (c->it[no].nmark < 2)
			continue;
		n = nc_note(c, "已记录", no, "duplicate_marker",
			 "第%d项的编号出现 %d 次；标题取有正文的一处，各处之下的文字都按第%d项的位置参与归属。",
			 no, c->it[no].nmark, no);
		for (i = 0; i < c->nsg; i++)
			if (c->sg[i].kind == SEG_TITLE && c->sg[i].sec >= 0 &&
			    c->sec[c->sg[i].sec].item == no && c->mk[c->sg[i].marker].style == c->style)
				nc_note_quote(c, n, c->sg[i].a, c->sg[i].tb);
	}
	for (i = 0; i < c->nsec && !c->sequential; i++) {
		int it = c->sec[i].item;

		if (it <= 0)
			continue;
		if (prev && it < prev) {
			const struct marker *m = &c->mk[c->sec[i].marker];
			json_t *n = nc_note(c, "已记录", it, "placement",
					 "编号顺序有误：第%d项的标题出现在第%d项之后（段落错位）；按编号归入第%d项。",
					 it, prev, it);

			nc_note_quote(c, n, m->a, c->sg[c->it[it].title_seg].tb > m->a ?
				   c->sg[c->it[it].title_seg].tb : m->b);
		}
		prev = it;
	}
}

/* Checks sub-item numbering per item: 1, 2, 3… without gaps or repeats. */
void nc_sub_numbering(struct notice_ctx *c)
{
	int cur = -1, last[ST_N];
	size_t i;

	for (i = 0; i < ST_N; i++)
		last[i] = 0;
	for (i = 0; i < c->nmk; i++) {
		const struct marker *m = &c->mk[i];

		if (m->style <= c->style) {
			if (m->style == c->style)
				cur = m->no;
			memset(last, 0, sizeof(last));
			continue;
		}
		if (cur > 0 && m->no != last[m->style] + 1) {
			json_t *n = nc_note(c, "已记录", cur > MAX_ITEM_NO ? 0 : cur, "sub_numbering",
					 "第%d项内的%s编号从 %d 跳到 %d（缺号或重号）。", cur,
					 nc_style_name[m->style], last[m->style], m->no);

			nc_note_quote(c, n, m->a, m->b);
		}
		last[m->style] = m->no;
		/* deeper levels restart under this one */
		{
			int s;

			for (s = m->style + 1; s < ST_N; s++)
				last[s] = 0;
		}
	}
}

void nc_problems_from_notes(struct notice_ctx *c)
{
	size_t i, max = c->o->max_listed * 4;
	json_t *n;

	json_array_foreach(c->notes, i, n) {
		json_t *p, *pr = json_array_get(json_object_get(n, "provenance"), 0);

		if (i >= max) {
			json_array_append_new(c->r->problems,
					      json_pack("{s:s, s:s, s:s}", "severity", "info", "code",
							"more", "text", "further notes are in the draft"));
			break;
		}
		p = json_pack("{s:s, s:O, s:O}", "severity",
			      !strcmp(json_string_value(json_object_get(n, "flag")), "待核实") ?
			      "warning" : "info", "code", json_object_get(n, "topic"), "text",
			      json_object_get(n, "text"));
		if (json_is_integer(json_object_get(n, "item")))
			json_object_set(p, "item", json_object_get(n, "item"));
		if (pr && json_object_get(pr, "quote")) {
			json_object_set(p, "quote", json_object_get(pr, "quote"));
			json_object_set(p, "offset", json_object_get(pr, "offset"));
			json_object_set(p, "length", json_object_get(pr, "length"));
		}
		json_array_append_new(c->r->problems, p);
	}
}
