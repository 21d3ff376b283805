/*
 * draft.c - inside the notice importer: the draft plan (docs/PLAN-FORMAT.md)
 * from the placed segments: items with their indicators, units and deadlines,
 * the facts found, and the notes.
 */
#include <stdio.h>

#include "notice/ctx.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/text.h"
#include "notice/facts.h"
#include "plan/plan.h"
#include "plan/units.h"
#include "core/banned.h"

/* ---------- facts into the draft ---------- */

static const char *kind_of_unit(const char *unit, const char **agg)
{
	const struct plan_unit *u = plan_unit_find(unit);

	if (!u) {
		*agg = "none";
		return NULL;
	}
	switch (u->kind) {
	case PLAN_KIND_MONEY:
		*agg = "sum";
		return "money";
	case PLAN_KIND_STANDARD:
		*agg = "each-region";
		return "standard";
	case PLAN_KIND_RATE:
		*agg = "ratio";
		return "rate";
	default:
		*agg = "sum";
		return "count";
	}
}

static json_t *indicator_id(struct notice_ctx *c, int no, const char *kind)
{
	static const char *const kinds[] = { "money", "standard", "rate", "count", "qualitative" };
	size_t k;
	char id[64];

	for (k = 0; k < ARRAY_SIZE(kinds) && strcmp(kinds[k], kind); k++)
		;
	snprintf(id, sizeof(id), "%d.%s_%d", no, kind, ++c->it[no].nk[k]);
	return json_string(id);
}

/* Appends "150亿元" / "885元/人·月" / "300公里" as a person writes it. */
static void show_value(struct ms_buf *b, const struct nf_target *t)
{
	if (plan_unit_find(t->unit) && plan_value_format(b, t->unit, t->value) == 0)
		return;
	if (!strncmp(t->unit, "元", 3)) {
		ms_money_format_display(b, t->value);
		ms_buf_adds(b, t->unit + 3);
	} else if (t->cents) {
		ms_buf_addf(b, "%lld.%02lld%s", (long long)(t->value / 100), (long long)(t->value % 100), t->unit);
	} else {
		ms_buf_addf(b, "%lld%s", (long long)t->value, t->unit);
	}
}

static void add_target(struct notice_ctx *c, int no, const struct nf_target *t, const struct group *gr)
{
	const char *agg, *kind = kind_of_unit(t->unit, &agg);
	struct ms_buf nb = MS_BUF_INIT, vb = MS_BUF_INIT;
	json_t *ind, *fact;
	char conf[96];

	show_value(&vb, t);
	snprintf(conf, sizeof(conf), "置信度 %d%%", gr->conf);
	fact = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:b, s:I, s:s}", "item", (json_int_t)no,
			 "name", t->name, "value_text", vb.buf, "value", (json_int_t)t->value, "unit",
			 t->unit, "comparator", t->cmp == '<' ? "<=" : ">=", "comparator_stated",
			 t->cmp != 0, "confidence", (json_int_t)gr->conf, "placement",
			 gr->by_overlap ? "position+overlap" : "position");
	if (t->cmp_word)
		json_object_set_new(fact, "comparator_words", json_string(t->cmp_word));
	if (t->cents)
		json_object_set_new(fact, "value", json_real((double)t->value / 100));
	nc_fact_span(c, fact, t->q_a, t->q_b);
	if (t->has_base) {
		json_object_set_new(fact, "baseline", json_integer(t->base));
		json_object_set_new(fact, "baseline_basis", json_string(t->base_text ? "text" : "inferred"));
	}
	if (t->cents)
		kind = NULL;   /* a measure in hundredths is no count of the plan's units */
	json_object_set_new(fact, "in_plan", json_boolean(kind != NULL && !t->increase));
	json_array_append_new(c->targets, fact);
	c->r->targets++;

	if (t->increase)
		json_object_set_new(fact, "increase", json_true());
	if (!kind || t->increase) {
		if (t->increase)
			ms_buf_addf(&nb, "原文只说提高（增加）%s，未载明原标准或应达到的数值，按定性指标记录，待核实。置信度 %d%%。",
				    vb.buf, gr->conf);
		else
			ms_buf_addf(&nb, "目标：%s。单位“%s”不在计划格式的单位表中（%s），按定性指标记录，待核实。置信度 %d%%。",
				    vb.buf, t->unit, plan_unit_names(), gr->conf);
		ind = json_pack("{s:o, s:s, s:s, s:n, s:n, s:n, s:n, s:s, s:o}", "id",
				indicator_id(c, no, "qualitative"), "name", t->name, "kind",
				"qualitative", "unit", "comparator", "target", "baseline",
				"aggregation", "none", "provenance",
				nc_prov(c, t->q_a, t->q_b, "text", nb.buf));
		json_array_append_new(c->it[no].inds, ind);
		ms_buf_release(&nb);
		ms_buf_release(&vb);
		return;
	}
	if (t->cmp == '>')
		ms_buf_addf(&nb, "%s%s → >=。", vb.buf, t->cmp_word ? t->cmp_word : "以上");
	else if (t->cmp == '<')
		ms_buf_addf(&nb, "%s%s → <=。", vb.buf, t->cmp_word ? t->cmp_word : "以内");
	else
		ms_buf_addf(&nb, "%s；原文未注明“以上”%s，比较符按 >= 记录（达到或超过即视为完成），管理员可修改。",
			    vb.buf, t->cmp_word && !strcmp(t->cmp_word, "达到") ? "（“达到”）" : "");
	ms_buf_addf(&nb, " 置信度 %d%%（%s）。", gr->conf,
		    gr->by_overlap ? "重复出现，按位置和与本项标题、其他句子的重合度归入" :
		    gr->conf >= 90 ? "位于本项之下，且与本项标题、其他句子重合" :
		    "位于本项之下");
	ind = json_pack("{s:o, s:s, s:s, s:s, s:s, s:I, s:n, s:s, s:o}", "id",
			indicator_id(c, no, kind), "name", t->name, "kind", kind, "unit", t->unit,
			"comparator", t->cmp == '<' ? "<=" : ">=", "target", (json_int_t)t->value,
			"baseline", "aggregation", agg, "provenance",
			nc_prov(c, t->q_a, t->q_b, "text", nb.buf));
	if (t->has_base && t->base >= 0) {
		struct ms_buf bn = MS_BUF_INIT;
		struct nf_target bt = *t;

		bt.value = t->base;
		ms_buf_reset(&vb);
		show_value(&vb, &bt);
		if (t->base_text)
			ms_buf_addf(&bn, "原标准 %s（原文所述起点）", vb.buf);
		else
			ms_buf_addf(&bn, "原标准 %s：目标减去增幅（推算）", vb.buf);
		json_object_set_new(ind, "baseline", json_integer(t->base));
		json_object_set_new(ind, "baseline_provenance",
				    nc_prov(c, t->b_a, t->b_b, t->base_text ? "text" : "inferred", bn.buf));
		ms_buf_release(&bn);
	}
	json_array_append_new(c->it[no].inds, ind);
	ms_buf_release(&nb);
	ms_buf_release(&vb);
}

static void add_qualitative(struct notice_ctx *c, int no, size_t a, size_t b, const char *why)
{
	size_t nb = a + (size_t)ms_utf8_clip(c->s + a, b - a, 150);
	json_t *ind = json_pack("{s:o, s:o, s:s, s:n, s:n, s:n, s:n, s:s, s:o}", "id",
				indicator_id(c, no, "qualitative"), "name", nc_vstr(c, a, nb),
				"kind", "qualitative", "unit", "comparator", "target", "baseline",
				"aggregation", "none", "provenance", nc_prov(c, a, b, "text", why));

	json_array_append_new(c->it[no].inds, ind);
}

static void add_deadlines(struct notice_ctx *c, int no, size_t a, size_t b)
{
	struct nf_date d[MAX_DATES];
	size_t n = nf_find_dates(c->s, a, b, d, MAX_DATES), k;

	for (k = 0; k < n; k++) {
		json_t *j;

		if (!d[k].before && d[k].kind != NF_DATE_YEAR_END && d[k].kind != NF_DATE_MONTH_END)
			continue;
		j = json_pack("{s:I, s:s}", "item", (json_int_t)no, "kind",
			      d[k].kind == NF_DATE_YEAR_END ? "year_end" :
			      d[k].kind == NF_DATE_MONTH_END ? "month_end" : "date");
		if (d[k].y && d[k].m && d[k].d) {
			char iso[16];

			snprintf(iso, sizeof(iso), "%04d-%02d-%02d", d[k].y, d[k].m, d[k].d);
			json_object_set_new(j, "date", json_string(iso));
		}
		nc_fact_span(c, j, d[k].a, d[k].b + (d[k].before ? 3 : 0));
		json_array_append_new(c->deadlines, j);
	}
}

/* Is the plan a city's, a county's or a township's (its units are its own, 市民政局 of 南昌)? */
static int local_gov(const struct notice_ctx *c)
{
	return c->gov && (!strcmp(c->gov->kind, "city") || !strcmp(c->gov->kind, "county") ||
			  !strcmp(c->gov->kind, "township"));
}

/*
 * The unit named name: for a city's or county's plan, one of that
 * government's own units (parent = its region; 市民政局 of 南昌 is not 九江's)
 * or a unit above it (省民政厅); for the province's, any of the table.
 */
static const struct plan_org *org_named(const struct notice_ctx *c, const char *name, size_t n)
{
	const struct plan_orgs *o = c->o->orgs;
	size_t k;

	for (k = 0; o && k < o->n; k++) {
		const struct plan_org *g = &o->v[k];

		if (strlen(g->name) != n || memcmp(g->name, name, n))
			continue;
		if (!local_gov(c) || !strcmp(g->parent, c->gov->code) || !strncmp(g->name, "省", 3) ||
		    !strcmp(g->parent, c->gov->parent))
			return g;
	}
	return NULL;
}

/* Is a (UTF-8) a subsequence of b, character by character? */
static int subsequence(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0, ni;
	uint32_t ca, cb;

	while (i < an && j < bn) {
		ni = i;
		if (ms_utf8_decode(a, an, &ni, &ca) || ms_utf8_decode(b, bn, &j, &cb))
			return 0;
		if (ca == cb)
			i = ni;
	}
	return i == an;
}

/* 市卫健委 and 市卫生健康委, 市公安局 and 市公安局交警支队: one name's characters in order in the other. */
static int close_names(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);

	if (an == bn && !memcmp(a, b, an))
		return 0;
	if (an >= 3 && bn >= 3 && !memcmp(a, b, 3) && (!memcmp(a, "市", 3) || !memcmp(a, "县", 3) ||
						     !memcmp(a, "区", 3))) {
		a += 3, an -= 3, b += 3, bn -= 3;
	}
	if (an < 6 || bn < 6)
		return 0;
	return an < bn ? subsequence(a, an, b, bn) : subsequence(b, bn, a, an);
}

/*
 * A unit of a city's or county's plan that the org table lacks: proposed as
 * a new department of that government (code REGION-8 hex digits of the
 * name's SHA-256, the same for the same name in every plan), created when
 * the plan is stored; a 待核实 note when its name is close to one the
 * government has (市卫健委 beside 市卫生健康委), else an 已记录 note.
 */
static const char *propose_org(struct notice_ctx *c, int no, size_t a, size_t b)
{
	const struct plan_orgs *o = c->o->orgs;
	char hex[65], code[32], name[256];
	const char *close = NULL, *close_code = NULL;
	json_t *g, *nt;
	size_t k;

	snprintf(name, sizeof(name), "%.*s", (int)(b - a), c->s + a);
	if (!local_gov(c) || !strncmp(name, "各", 3) || !strncmp(name, "省", 3))
		return NULL;
	ms_sha256_hex(name, strlen(name), hex);
	snprintf(code, sizeof(code), "%s-%.8s", c->gov->code, hex);
	if (!c->new_orgs)
		c->new_orgs = json_array();
	json_array_foreach(c->new_orgs, k, g)
		if (!strcmp(json_string_value(json_object_get(g, "code")), code))
			return json_string_value(json_object_get(g, "code"));
	for (k = 0; o && k < o->n && !close; k++)
		if (!strcmp(o->v[k].parent, c->gov->code) && close_names(name, o->v[k].name)) {
			close = o->v[k].name;
			close_code = o->v[k].code;
		}
	g = json_pack("{s:s, s:s, s:s, s:s, s:o}", "code", code, "name", name, "kind", "department",
		      "parent", c->gov->code, "provenance", nc_prov(c, a, b, "text", "通知原文列名的单位"));
	if (close_code)
		json_object_set_new(g, "similar", json_string(close_code));
	json_array_append_new(c->new_orgs, g);
	if (close)
		nt = nc_note(c, "待核实", no, "unit_name",
			     "单位“%s”不在单位表中，作为%s（%s）的新单位 %s 提出；其名称与已有单位“%s”（%s）相近，"
			     "请核对是否同一单位。", name, c->gov->name, c->gov->code, code, close, close_code);
	else
		nt = nc_note(c, "已记录", no, "unit_name",
			     "单位“%s”不在单位表中，作为%s（%s）的新单位 %s 提出，计划存入时建立。", name,
			     c->gov->name, c->gov->code, code);
	nc_note_quote(c, nt, a, b);
	return json_string_value(json_object_get(g, "code"));
}

static void add_units(struct notice_ctx *c, int no, json_t *item, const struct group *gr)
{
	const struct seg *g = &c->sg[gr->rep];
	struct nf_unit u[MAX_UNITS];
	size_t n = nf_find_units(c->s, g->a, g->b, u, MAX_UNITS), k;
	json_t *lead = json_object_get(item, "lead_units"), *resp = json_object_get(item, "responsible_units");
	json_t *seen = json_object();

	for (k = 0; k < n; k++) {
		const struct plan_org *o = org_named(c, c->s + u[k].a, u[k].b - u[k].a);
		const char *newcode;
		int role = u[k].first_is_lead ? NF_LEAD : u[k].role;
		json_t *f = json_pack("{s:I, s:s, s:o, s:o, s:I}", "item", (json_int_t)no, "role",
				      role == NF_LEAD ? "lead" : role == NF_RESPONSIBLE ? "responsible" :
				      "assisting", "name", nc_vstr(c, u[k].a, u[k].b), "org",
				      o ? json_string(o->code) : json_null(), "confidence",
				      (json_int_t)gr->conf);
		const char *why = NULL;
		char buf[160];

		nc_fact_span(c, f, u[k].a, u[k].b);
		json_array_append_new(c->units, f);
		if (!o && (newcode = propose_org(c, no, u[k].a, u[k].b))) {
			json_object_set_new(f, "org", json_string(newcode));
			json_object_set_new(f, "new_org", json_true());
			if (json_object_get(seen, newcode))
				continue;
			json_object_set_new(seen, newcode, json_true());
			json_array_append_new(role == NF_LEAD ? lead : resp,
					      json_pack("{s:s, s:s%, s:o}", "org", newcode, "name",
							c->s + u[k].a, u[k].b - u[k].a, "provenance",
							nc_prov(c, u[k].a, u[k].b, "text", NULL)));
			continue;
		}
		if (!o) {
			json_t *nt = nc_note(c, "待核实", no, "unit_name",
					  "单位“%.*s”不在单位表（data/regions/units.csv）中，未列入第%d项的%s；请核对名称或补入单位表。",
					  (int)(u[k].b - u[k].a), c->s + u[k].a, no,
					  role == NF_LEAD ? "牵头单位" : "责任单位");

			nc_note_quote(c, nt, u[k].a, u[k].b);
			continue;
		}
		if (json_object_get(seen, o->code))
			continue;
		json_object_set_new(seen, o->code, json_true());
		if (u[k].first_is_lead)
			why = "列第一位的为牵头单位";
		else if (role == NF_ASSISTING)
			why = "原文列为配合单位，计入责任单位";
		if (gr->conf < 90) {
			snprintf(buf, sizeof(buf), "%s%s置信度 %d%%（标注与本项正文的位置关系见相关说明）",
				 why ? why : "", why ? "；" : "", gr->conf);
			why = buf;
		}
		json_array_append_new(role == NF_LEAD ? lead : resp,
				      json_pack("{s:s, s:s, s:o}", "org", o->code, "name", o->name,
						"provenance", nc_prov(c, u[k].a, u[k].b, "text", why)));
	}
	json_decref(seen);
}

/* ---------- the draft ---------- */

static void make_id(char *id, size_t cap, const char *want, const char *name)
{
	const char *s = want ? want : name ? name : "notice", *base = strrchr(s, '/');
	size_t n = 0, k, end;

	s = base && !want ? base + 1 : s;
	end = strlen(s);
	if (!want && end > 4 && !strcmp(s + end - 4, ".txt"))
		end -= 4;
	for (k = 0; k < end && n + 1 < cap; k++) {
		char ch = s[k];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			id[n++] = ch;
		else if (n && id[n - 1] != '-')
			id[n++] = '-';
	}
	while (n && id[n - 1] == '-')
		n--;
	id[n] = '\0';
	if (!n)
		snprintf(id, cap, "notice");
}

/* Progress reports: what follows 目前进度：… up to the next item or 目标任务 says what was done. */
static const char *const progress_labels[] = { "目前进度", "进展情况:", "实际完成情况", "完成情况:",
					       "落实情况:", "工作完成情况", NULL };
static const char *const target_labels[] = { "目标任务", "年度目标", "任务目标", NULL };

/* The last of words in view[a, b): its offset, or (size_t)-1. */
static size_t last_of(const struct notice_ctx *c, size_t a, size_t b, const char *const *words)
{
	size_t k, best = (size_t)-1, p;
	const char *hit;

	for (k = 0; words[k]; k++)
		for (p = a; (hit = find(c, p, b, words[k])); p = off(c, hit) + 1)
			if (best == (size_t)-1 || off(c, hit) > best)
				best = off(c, hit);
	return best;
}

/* 1 when view p lies in a progress report: after a progress label, in the same item, within 4 KB. */
static int in_progress(const struct notice_ctx *c, size_t p)
{
	size_t a = p > 4096 ? p - 4096 : 0, pl, tl;
	long i;

	if (!c->has_progress)
		return 0;
	for (i = (long)c->nmk - 1; i >= 0; i--)
		if (c->mk[i].a < p && c->mk[i].style == c->style) {
			if (c->mk[i].a > a)
				a = c->mk[i].a;
			break;
		}
	pl = last_of(c, a, p, progress_labels);
	/* 目标任务：… may open the very sentence */
	tl = last_of(c, a, p + 12 < c->len ? p + 12 : c->len, target_labels);
	if (pl == (size_t)-1)
		/* a 进展情况通报 reports progress throughout, save under 目标任务 */
		return c->has_progress == 2 && tl == (size_t)-1;
	return tl == (size_t)-1 || tl < pl;
}

/* The targets, qualitative sentences and deadlines of segment i, into its item's indicators (or the facts outside items). */
static void segment_facts(struct notice_ctx *c, size_t i)
{
	const struct seg *g = &c->sg[i];
	struct group *gr = &c->gr[g->group];
	struct nf_targets t = { 0 };
	size_t k;
	int no;

	if (g->kind == SEG_TITLE) {
		no = sec_item(c, g->sec);
		if (no <= 0 || c->it[no].title_seg != (int)i)
			return;
		nf_find_targets(c->s, g->ta, g->tb, &t);
		for (k = 0; k < t.n; k++) {
			struct group tg = *gr;

			tg.conf = 95;
			tg.by_overlap = 0;
			add_target(c, no, &t.v[k], &tg);
		}
		add_deadlines(c, no, g->ta, g->tb);
		free(t.v);
		return;
	}
	if (g->kind != SEG_SENT || gr->rep != (int)i || in_progress(c, g->ta))
		return;
	nf_find_targets(c->s, g->ta, g->tb, &t);
	gr->ntargets = (int)t.n;
	if (gr->status != G_PLACED) {
		/* facts outside the items, for the record */
		for (k = 0; k < t.n; k++) {
			json_t *f = json_pack("{s:i, s:s, s:I, s:s, s:s}", "item", 0, "name",
					      t.v[k].name, "value", (json_int_t)t.v[k].value,
					      "unit", t.v[k].unit, "placement",
					      gr->status == G_CONFLICT ? "conflict" : "outside items");

			nc_fact_span(c, f, t.v[k].q_a, t.v[k].q_b);
			json_object_set_new(f, "in_plan", json_false());
			json_array_append_new(json_object_get(c->facts, "unplaced_targets"), f);
		}
		add_deadlines(c, 0, g->ta, g->tb);
		free(t.v);
		return;
	}
	for (k = 0; k < t.n; k++)
		add_target(c, gr->item, &t.v[k], gr);
	if (!t.n) {
		char why[160];

		snprintf(why, sizeof(why), "未列数字，按定性指标记录。置信度 %d%%。", gr->conf);
		add_qualitative(c, gr->item, g->ta, g->tb, why);
	}
	add_deadlines(c, gr->item, g->ta, g->tb);
	free(t.v);
}

/* Item no, missing from the text: present_in_source false, and a 待核实 note. */
static json_t *missing_item(struct notice_ctx *c, int no)
{
	struct ms_buf why = MS_BUF_INIT;
	json_t *tp, *n, *o;

	ms_buf_addf(&why, "所收文本中没有第%d项的标题（", no);
	nc_cn_item(&why, no);
	ms_buf_adds(&why, "、），亦无其正文、单位或目标");
	if (c->declared)
		ms_buf_addf(&why, "；通知称共 %d 件", c->declared);
	ms_buf_adds(&why, "。");
	if (c->declared)
		tp = nc_prov(c, c->decl_a, c->decl_b, "inferred", why.buf);
	else {
		int nx = no + 1;

		while (nx <= c->maxno && !c->it[nx].nmark)
			nx++;
		tp = nc_prov(c, c->mk[c->it[nx].first_marker].a,
			     c->sg[c->it[nx].title_seg].tb, "inferred", why.buf);
	}
	o = json_pack("{s:I, s:s, s:b, s:o, s:o, s:o, s:o, s:s}", "no", (json_int_t)no,
		      "title", "", "present_in_source", 0, "title_provenance", tp,
		      "lead_units", json_array(), "responsible_units", json_array(),
		      "indicators", c->it[no].inds, "note", "所收文本中缺失；待核实。");
	c->r->items_missing++;
	n = nc_note(c, "待核实", no, "missing_item", "第%d项缺失：%s仅记为“文中缺失”（present_in_source: false）；需取得完整的通知文本。",
		    no, why.buf);
	json_array_append(json_object_get(n, "provenance"), tp);
	ms_buf_release(&why);
	return o;
}

/* Item no, present: its title, its indicators (a bare title is one qualitative), its units. */
static json_t *present_item(struct notice_ctx *c, int no)
{
	const struct item *it = &c->it[no];
	const struct seg *ts = &c->sg[it->title_seg];
	size_t te = nc_title_end(c, ts);
	json_t *jt, *o;

	if (te <= ts->ta)
		te = ts->tb;
	jt = nc_tstr(c, ts->ta, te);
	o = json_pack("{s:I, s:o, s:b, s:o, s:o, s:o, s:o}", "no", (json_int_t)no, "title",
		      jt, "present_in_source", 1, "title_provenance",
		      nc_prov(c, ts->ta, te, "text", it->nmark > 1 ? "编号重复出现，取有正文的一处（见编号重复的说明）" : NULL),
		      "lead_units", json_array(), "responsible_units", json_array(),
		      "indicators", it->inds);
	if (!it->has_body) {
		json_t *n;

		add_qualitative(c, no, ts->ta, te, "仅有标题：所收文本未载明本项的措施、数量或时限，按定性指标记录（见待核实说明）。");
		json_object_set_new(o, "note", json_string("所收文本中本项仅有标题；待核实。"));
		if (!c->oneliners) {
			n = nc_note(c, "待核实", no, "missing_text",
				    "第%d项仅有标题，其后没有措施、金额、对象、数量或时限；按定性指标记录，不含数字。",
				    no);
			nc_note_quote(c, n, c->mk[ts->marker].a, ts->tb);
		}
	}
	if (it->annot >= 0)
		add_units(c, no, o, &c->gr[it->annot]);
	return o;
}

static void build_items(struct notice_ctx *c, json_t *items)
{
	int no, total = c->maxno > c->declared ? c->maxno : c->declared;
	size_t i, nann = 0;

	if (total > MAX_ITEM_NO)
		total = MAX_ITEM_NO;
	for (no = 1; no <= total; no++)
		c->it[no].inds = json_array();
	/* targets and qualitative sentences, in text order of their quoted occurrence */
	for (i = 0; i < c->nsg; i++)
		segment_facts(c, i);
	for (no = 1; no <= total; no++)
		json_array_append_new(items, c->it[no].nmark ? present_item(c, no) : missing_item(c, no));
	/* items without a unit, when the notice names units elsewhere */
	for (i = 0; i < c->ngr; i++)
		nann += c->sg[c->gr[i].first].kind == SEG_ANNOT;
	for (no = 1; no <= total && nann; no++) {
		json_t *n;

		if (!c->it[no].nmark || c->it[no].annot >= 0)
			continue;
		n = nc_note(c, "待核实", no, "lead_unit",
			    "第%d项之下没有可归属的（牵头单位：…）标注；lead_units 和 responsible_units 留空。", no);
		nc_note_quote(c, n, c->mk[c->sg[c->it[no].title_seg].marker].a, c->sg[c->it[no].title_seg].tb);
	}
}

static void sub_items(struct notice_ctx *c)
{
	json_t *arr = json_object_get(c->facts, "sub_items");
	size_t i;

	for (i = 0; i < c->nsg; i++) {
		const struct seg *g = &c->sg[i];
		json_t *j;

		if (g->marker < 0 || c->mk[g->marker].style <= c->style)
			continue;
		j = json_pack("{s:s, s:i, s:i, s:i}", "style", nc_style_name[c->mk[g->marker].style],
			      "level", c->mk[g->marker].style - c->style + 1, "no", c->mk[g->marker].no,
			      "item", sec_item(c, g->sec));
		nc_fact_span(c, j, g->a, g->tb > g->a ? g->tb : g->b);
		json_array_append_new(arr, j);
	}
}


/* The start date (the year's first day, an assumption) and the source: the text's hash and size. */
static void draft_start_source(struct notice_ctx *c, json_t *plan, const char *name)
{
	char sha[MS_SHA256_HEX_LEN + 1], date[16], why[256];
	json_t *pr;

	ms_sha256_hex(c->t, c->tlen, sha);
	snprintf(date, sizeof(date), "%04d-01-01", c->year);
	json_object_set_new(plan, "start_on", json_string(date));
	snprintf(why, sizeof(why), "通知未载明起始日期；系对%d年全年作出安排，假定起始于%d年年初。管理员可予修改。",
		 c->year, c->year);
	json_object_set_new(plan, "start_on_provenance",
			    c->declared ? nc_prov(c, c->decl_a, c->decl_b, "assumption", why) : nc_assume(why));
	json_object_set_new(plan, "source",
			    json_pack("{s:s, s:s, s:I}", "path", name ? name : "notice.txt",
				      "sha256", sha, "bytes", (json_int_t)c->tlen));
	if (c->r->converted) {
		json_t *n = nc_note(c, "已记录", 0, "encoding",
				 "原文为 GB18030/GBK 编码，已转换为 UTF-8；所有 offset 和 length 均指转换后的 UTF-8 文本（source.path 所指文件），其 sha256 为转换后文本的。");

		pr = json_object_get(plan, "title_provenance");
		if (json_object_get(pr, "quote"))
			json_array_append(json_object_get(n, "provenance"), pr);
		else
			json_array_append_new(json_object_get(n, "provenance"), nc_assume("编码转换"));
	}
}

void nc_draft(struct notice_ctx *c, const char *name)
{
	json_t *plan = json_object(), *items = json_array(), *hj, *n;
	char id[128];
	size_t i;

	make_id(id, sizeof(id), c->o->id, name);
	json_object_set_new(plan, "schema", json_string(PLAN_SCHEMA));
	json_object_set_new(plan, "id", json_string(id));
	hj = nc_header(c, plan);
	c->has_progress = last_of(c, 0, c->len, progress_labels) != (size_t)-1;
	{
		static const char *const report_words[] = { "情况的通报", "情况通报", "情况的报告", NULL };

		if (last_of(c, 0, c->len < 600 ? c->len : 600, report_words) != (size_t)-1)
			c->has_progress = 2;
	}
	draft_start_source(c, plan, name);
	build_items(c, items);
	nc_numbering_notes(c);
	nc_duplicate_notes(c);
	nc_conflict_notes(c);
	nc_sub_numbering(c);
	sub_items(c);
	json_object_set_new(plan, "items", items);
	if (c->new_orgs)
		json_object_set_new(plan, "orgs", c->new_orgs);
	c->new_orgs = NULL;
	json_object_set_new(plan, "rounds", nc_rounds(c));
	nc_dropped_notes(c);
	/* every note stands on something, if only on the importer's reading */
	json_array_foreach(c->notes, i, n)
		if (!json_array_size(json_object_get(n, "provenance")))
			json_array_append_new(json_object_get(n, "provenance"),
					      nc_assume("导入程序据文本结构得出（无可引用的原文）"));
	json_object_set_new(plan, "notes", c->notes);
	c->notes = NULL;
	c->r->plan = plan;
	c->notes = json_object_get(plan, "notes");
	json_object_set_new(c->facts, "header", hj);
	nc_problems_from_notes(c);
}
