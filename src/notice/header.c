/*
 * header.c - inside the notice importer: the header of the notice (title,
 * issuer, issue date, 文号), its region and year, into the draft.
 */
#include <stdio.h>

#include "notice/ctx.h"
#include "notice/facts.h"
#include "core/banned.h"

/* ---------- the header ---------- */

struct header {
	size_t nt_a, nt_b;       /* notice title */
	size_t is_a, is_b;       /* issuer */
	size_t ti_a, ti_b;       /* plan title */
	size_t da_a, da_b;       /* issue date */
	int y, m, d;
	size_t dn_a, dn_b;       /* document number */
	const char *region;      /* code */
};

static int ends_with(const struct notice_ctx *c, size_t a, size_t b, const char *lit)
{
	size_t n = strlen(lit);

	return b >= a + n && !memcmp(c->s + b - n, lit, n);
}

/* The titles (《plan》, …关于印发…的通知) and the issuer before 关于. */
static void find_title(const struct notice_ctx *c, struct header *h, size_t lim)
{
	static const char *const issuers[] = { "政府", "办公厅", "办公室", "委员会", "厅", "局",
					       "委", "办", NULL };
	static const char *const kinds[] = { "通知", "方案", "意见", "决定", "办法", NULL };
	size_t k, sa = 0;
	const char *hit;

	/* 《…》 */
	if ((hit = find(c, 0, lim, "《"))) {
		const char *e = find(c, off(c, hit) + 3, off(c, hit) + 3 + 240, "》");

		if (e && off(c, e) > off(c, hit) + 3) {
			h->ti_a = off(c, hit) + 3;
			h->ti_b = off(c, e);
		}
	}
	/* 江西省人民政府关于印发…的通知 */
	if ((hit = find(c, 0, lim, "关于"))) {
		size_t ga = off(c, hit), best = 0, si = 0;

		for (k = 0; k < c->nsg && c->sg[k].a <= ga; k++) {
			sa = c->sg[k].a;
			si = k;
		}
		if (ga - sa > 60)
			sa = ga;
		/* …的通知 when it says so, else the first of 方案, 意见… */
		for (k = 0; kinds[k] && !(k && best); k++) {
			const char *e = find(c, ga, ga + 300, kinds[k]);

			if (e && (!best || off(c, e) + strlen(kinds[k]) < best))
				best = off(c, e) + strlen(kinds[k]);
		}
		if (best) {
			h->nt_a = sa;
			h->nt_b = best;
			for (k = 0; issuers[k] && ga > sa; k++)
				if (ends_with(c, sa, ga, issuers[k])) {
					h->is_a = sa;
					h->is_b = ga;
					break;
				}
			/* 九江市人民政府⏎关于印发…: the issuer on the line before */
			if (ga == sa && si > 0 && c->sg[si - 1].tb - c->sg[si - 1].ta <= 60)
				for (k = 0; issuers[k]; k++)
					if (ends_with(c, c->sg[si - 1].ta, c->sg[si - 1].tb, issuers[k])) {
						h->is_a = c->sg[si - 1].ta;
						h->is_b = c->sg[si - 1].tb;
						break;
					}
			if (!h->ti_b) {
				const char *pa = find(c, ga, best, "印发"), *pe = find(c, ga, best, "的通知");

				if (pa && pe && pe > pa + 6) {
					h->ti_a = off(c, pa) + 6;
					h->ti_b = off(c, pe);
				}
			}
		}
	}
	if (!h->ti_b && h->nt_b) {
		h->ti_a = h->nt_a;
		h->ti_b = h->nt_b;
	}
}

/* The issue date: after 发布日期: or the like, else a date standing alone (the signature). */
static void find_date(const struct notice_ctx *c, struct header *h, size_t lim)
{
	size_t p, k;
	const char *hit;
	int y, m, d;

	for (k = 0; k < 3 && !h->da_b; k++) {
		static const char *const labels[] = { "发布日期:", "成文日期:", "印发日期:" };

		if ((hit = find(c, 0, lim, labels[k]))) {
			p = off(c, hit) + strlen(labels[k]);
			if ((h->da_b = nf_full_date_at(c->s, p, c->len, &y, &m, &d))) {
				h->da_a = p;
				h->y = y;
				h->m = m;
				h->d = d;
			}
		}
	}
	for (p = 0; p + 4 < c->len && !h->da_b; p++) {
		size_t e;

		if (!nv_is_digit(c->s[p]) || (p && nv_is_digit(c->s[p - 1])) || !nc_boundary_before(c->s, p))
			continue;
		if ((e = nf_full_date_at(c->s, p, c->len, &y, &m, &d)) &&
		    (e == c->len || c->s[e] == '\n' || c->s[e] == '(' || at(c, e, "。"))) {
			h->da_a = p;
			h->da_b = e;
			h->y = y;
			h->m = m;
			h->d = d;
		}
	}
}

/* The document number: 赣府字〔2023〕5号. */
static void find_docno(const struct notice_ctx *c, struct header *h, size_t lim)
{
	size_t p, k;

	for (p = 0; p < lim; p++) {
		static const char *const open[] = { "〔", "[", "【", NULL }, *const close[] = { "〕", "]", "】", NULL };
		size_t q, w = 0, st;

		for (k = 0; open[k]; k++)
			if (at(c, p, open[k]))
				w = strlen(open[k]);
		if (!w)
			continue;
		q = p + w;
		if (q + 4 > c->len || !nv_is_digit(c->s[q]) || !nv_is_digit(c->s[q + 1]) ||
		    !nv_is_digit(c->s[q + 2]) || !nv_is_digit(c->s[q + 3]))
			continue;
		q += 4;
		for (k = 0; close[k]; k++)
			if (at(c, q, close[k]))
				break;
		if (!close[k])
			continue;
		q += strlen(close[k]);
		if (q >= c->len || !nv_is_digit(c->s[q]))
			continue;
		while (q < c->len && nv_is_digit(c->s[q]))
			q++;
		if (!at(c, q, "号"))
			continue;
		h->dn_b = q + 3;
		h->dn_a = p;
		for (k = 0; k < 6 && h->dn_a > 0; k++) {
			uint32_t cp = nv_prev_cp(c->s, h->dn_a, &st);

			/* 赣府字, 洪府办发 — not the 通知 or 的 of a title run into it */
			if (!nv_is_cjk(cp) || cp == 0x77E5 || cp == 0x7684 || cp == 0x6848 || cp == 0x6CD5 ||
			    cp == 0x89C1)
				break;
			h->dn_a = st;
		}
		break;
	}
}

static void find_header(const struct notice_ctx *c, struct header *h)
{
	size_t lim = c->len < 16384 ? c->len : 16384;

	memset(h, 0, sizeof(*h));
	find_title(c, h, lim);
	find_date(c, h, lim);
	find_docno(c, h, lim);
}

static const char *region_of(const struct notice_ctx *c, const struct header *h)
{
	const struct plan_orgs *o = c->o->orgs;
	const char *best = NULL;
	size_t k, bestlen = 0, pass;

	for (pass = 0; o && pass < 2 && !best; pass++) {
		size_t a = pass ? h->nt_a : h->is_a, b = pass ? h->nt_b : h->is_b;

		for (k = 0; k < o->n; k++) {
			const struct plan_org *g = &o->v[k];
			size_t n = strlen(g->name);

			if (strcmp(g->kind, "province") && strcmp(g->kind, "city") &&
			    strcmp(g->kind, "county"))
				continue;
			if (n >= 6 && n > bestlen && b >= a + n && !memcmp(c->s + a, g->name, n)) {
				best = g->code;
				bestlen = n;
			}
		}
	}
	return best;
}

static json_t *header_json(struct notice_ctx *c, const struct header *h, json_t *plan)
{
	json_t *hj = json_object();
	char date[16];

	if (h->nt_b && h->is_b && h->is_b <= h->nt_a) {
		/* the issuer on its own line, the title on the next */
		struct ms_buf b = MS_BUF_INIT;

		ms_buf_add(&b, c->s + h->is_a, h->is_b - h->is_a);
		ms_buf_add(&b, c->s + h->nt_a, h->nt_b - h->nt_a);
		json_object_set_new(plan, "notice_title", json_string(b.buf));
		json_object_set(hj, "notice_title", json_object_get(plan, "notice_title"));
		ms_buf_release(&b);
	} else if (h->nt_b) {
		json_object_set_new(plan, "notice_title", nc_tstr(c, h->nt_a, h->nt_b));
		json_object_set(hj, "notice_title", json_object_get(plan, "notice_title"));
	}
	if (h->dn_b) {
		json_t *j = json_object(), *n;

		nc_fact_span(c, j, h->dn_a, h->dn_b);
		json_object_set_new(hj, "document_number", j);
		n = nc_note(c, "已记录", 0, "document_number", "文号：%.*s。", (int)(h->dn_b - h->dn_a),
			 c->s + h->dn_a);
		nc_note_quote(c, n, h->dn_a, h->dn_b);
	}
	if (h->da_b) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", h->y, h->m, h->d);
		json_object_set_new(hj, "issued_on", json_string(date));
	}
	if (c->declared)
		json_object_set_new(hj, "declared_items", json_integer(c->declared));
	return hj;
}

/* The year: the title's (2023年), else the issue date's; 0 when neither is a plausible year. */
static int header_year(const struct notice_ctx *c, const struct header *h)
{
	int year = 0;
	size_t i;

	for (i = h->ti_a; h->ti_b && i + 7 <= h->ti_b && !year; i++)
		if (nv_is_digit(c->s[i]) && (i == h->ti_a || !nv_is_digit(c->s[i - 1])) &&
		    nv_is_digit(c->s[i + 1]) && nv_is_digit(c->s[i + 2]) && nv_is_digit(c->s[i + 3]) &&
		    at(c, i + 4, "年"))
			year = (c->s[i] - '0') * 1000 + (c->s[i + 1] - '0') * 100 +
			       (c->s[i + 2] - '0') * 10 + (c->s[i + 3] - '0');
	if ((year < 1900 || year > 2199) && h->da_b)
		year = h->y;
	if (year < 1900 || year > 2199)
		year = 0;
	return year;
}

static void header_title(struct notice_ctx *c, const struct header *h, json_t *plan)
{
	if (h->ti_b > h->ti_a) {
		json_object_set_new(plan, "title", nc_tstr(c, h->ti_a, h->ti_b));
		json_object_set_new(plan, "title_provenance", nc_prov(c, h->ti_a, h->ti_b, "text", NULL));
		return;
	}
	json_object_set_new(plan, "title", json_string("民生实事安排（标题未识别）"));
	json_object_set_new(plan, "title_provenance",
			    nc_assume("通知中未找到《…》或“关于…的通知”形式的标题；标题为占位，须人工填写。"));
	json_array_append_new(json_object_get(nc_note(c, "待核实", 0, "header", "未识别通知标题。"), "provenance"),
			      nc_assume("标题未识别"));
}

/* The issuer, then the issue date (with the year, when the title did not say it). */
static void header_issuer_date(struct notice_ctx *c, const struct header *h, json_t *plan)
{
	char date[16];

	if (h->is_b > h->is_a) {
		json_object_set_new(plan, "issuer", nc_tstr(c, h->is_a, h->is_b));
		json_object_set_new(plan, "issuer_provenance", nc_prov(c, h->is_a, h->is_b, "text", NULL));
	} else {
		json_object_set_new(plan, "issuer", json_string("（发文机关未识别）"));
		json_object_set_new(plan, "issuer_provenance",
				    nc_assume("通知标题中未找到“××人民政府关于…”形式的发文机关；须人工填写。"));
	}
	if (!c->year) {
		c->year = h->da_b ? h->y : 2000;
		if (!h->da_b) {
			json_t *n = nc_note(c, "待核实", 0, "header", "文中未找到年度（标题、文号、日期均无）；年度暂记为 %d 以便校验，须人工填写。", c->year);

			json_array_append_new(json_object_get(n, "provenance"), nc_assume("年度未识别"));
		}
	}
	if (h->da_b) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", h->y, h->m, h->d);
		json_object_set_new(plan, "issued_on", json_string(date));
		json_object_set_new(plan, "issued_on_provenance", nc_prov(c, h->da_a, h->da_b, "text", NULL));
	} else {
		snprintf(date, sizeof(date), "%04d-01-01", c->year);
		json_object_set_new(plan, "issued_on", json_string(date));
		json_object_set_new(plan, "issued_on_provenance",
				    nc_assume("通知中未找到发布日期或落款日期；暂记为年度首日，须人工填写。"));
	}
}

/* The province the organisations know, or "000000": the placeholder of a region not found. */
static const char *root_region(const struct notice_ctx *c)
{
	return c->home ? c->home->code : "000000";
}

static void spans_of(const struct header *h, struct nc_spans *sp)
{
	sp->nt_a = h->nt_a;
	sp->nt_b = h->nt_b;
	sp->is_a = h->is_a;
	sp->is_b = h->is_b;
	sp->ti_a = h->ti_a;
	sp->ti_b = h->ti_b;
	sp->dn_a = h->dn_a;
	sp->dn_b = h->dn_b;
}

/* Quotes the region's evidence in note n. */
static void region_quote(const struct notice_ctx *c, json_t *n, const struct nc_region *r)
{
	if (r->orig)
		nc_note_quote_orig(c, n, r->a, r->b);
	else
		nc_note_quote(c, n, r->a, r->b);
}

/* A region found in the text but not the issuer's: its code with a note, else a placeholder. */
static const char *region_from_text(struct notice_ctx *c, const struct nc_region *r)
{
	const char *root = root_region(c);
	json_t *n;

	if (r->code) {
		n = nc_note(c, r->conf >= 75 ? "已记录" : "待核实", 0, "region",
			    "所属区划依%s推定为%s（%s，把握 %d%%）%s", r->basis, r->name, r->code, r->conf,
			    r->conf >= 75 ? "。" : "；须人工核对。");
		region_quote(c, n, r);
		return r->code;
	}
	n = nc_note(c, "待核实", 0, "region",
		    "文中所属区划为“%s”（依%s，把握 %d%%），单位表中尚无此区划；region_code 暂记为 %s（%s），须人工核对。",
		    r->name, r->basis, r->conf, root, strcmp(root, "000000") ? "单位表中的省级区划" : "占位");
	region_quote(c, n, r);
	return root;
}

/*
 * The region: the issuer's (as before), else the one given, else the one
 * the text supports (issuer.c), else a placeholder with a 待核实 note.
 * Writes the facts' header.region: the evidence, or null.
 */
static void header_region(struct notice_ctx *c, const struct header *h, json_t *plan, json_t *hj)
{
	const char *region;
	struct nc_region r;
	struct nc_spans sp;
	json_t *n, *rj = json_null();

	spans_of(h, &sp);
	nc_find_region(c, &sp, &r);
	/* a township issuer (南昌县莲塘镇人民政府) before the county its name starts with */
	region = r.kind && !strcmp(r.kind, "township") ? NULL : region_of(c, h);
	if (region) {
		const struct plan_org *g = plan_orgs_find(c->o->orgs, region);

		rj = json_pack("{s:s, s:s, s:s, s:s, s:i}", "name", g ? g->name : region, "code", region,
			       "kind", g ? g->kind : "", "basis", "发文机关", "confidence", 95);
		nc_fact_span(c, rj, h->is_b > h->is_a ? h->is_a : h->nt_a, h->is_b > h->is_a ? h->is_b : h->nt_b);
	} else if (r.conf) {
		rj = json_pack("{s:s, s:o, s:o, s:s, s:i}", "name", r.name, "code",
			       r.code ? json_string(r.code) : json_null(), "kind",
			       r.kind ? json_string(r.kind) : json_null(), "basis", r.basis, "confidence", r.conf);
		if (r.mentions)
			json_object_set_new(rj, "mentions", json_integer(r.mentions));
		if (r.kind && !strcmp(r.kind, "township"))
			json_object_set_new(rj, "level", json_string("乡"));
		if (!r.orig)
			nc_fact_span(c, rj, r.a, r.b);
		else if (r.b > r.a && r.b <= c->tlen) {
			json_object_set_new(rj, "quote", json_stringn(c->t + r.a, r.b - r.a));
			json_object_set_new(rj, "offset", json_integer((json_int_t)r.a));
			json_object_set_new(rj, "length", json_integer((json_int_t)(r.b - r.a)));
		}
	}
	json_object_set_new(hj, "region", rj);
	if (r.towns) {
		n = nc_note(c, "待核实", 0, "region",
			    "发文机关为乡镇（街道），已载入的乡镇中同名者 %d 个：%s；文中未写明所属县（市、区），未按乡镇认定所属区划，须人工核对。",
			    r.towns, r.tnames);
		nc_note_quote(c, n, r.ta, r.tb);
	}
	if (!region)
		region = c->o->region_code;
	if (!region && r.conf)
		region = region_from_text(c, &r);
	c->gov = region && c->o->orgs ? plan_orgs_find(c->o->orgs, region) : NULL;
	if (!region) {
		region = root_region(c);
		n = nc_note(c, "待核实", 0, "region",
			    "未能从发文机关、文号或正文识别所属区划，region_code 暂记为 %s（%s）；须人工核对。",
			    region, strcmp(region, "000000") ? "单位表中的省级区划" : "占位");
		if (h->is_b > h->is_a)
			nc_note_quote(c, n, h->is_a, h->is_b);
		else
			json_array_append_new(json_object_get(n, "provenance"), nc_assume("区划未识别"));
	}
	json_object_set_new(plan, "region_code", json_string(region));
}

/* The addressees' level (各县（市、区）人民政府 → 市), into the facts' header. */
static void header_level(struct notice_ctx *c, json_t *hj)
{
	size_t a, b;
	const char *level = nc_level_hint(c, &a, &b);
	json_t *j;

	if (!level)
		return;
	j = json_pack("{s:s}", "level", level);
	nc_fact_span(c, j, a, b);
	json_object_set_new(hj, "addressees_level", j);
}

/* The year's evidence into the facts' header (null when none); a year found only in the body counts. */
static void header_year_fact(struct notice_ctx *c, const struct header *h, json_t *hj)
{
	struct nc_year y;
	struct nc_spans sp;
	json_t *j;

	spans_of(h, &sp);
	nc_find_year(c, &sp, &y);
	if (c->year && c->year != y.value) {
		/* the title's or the issue date's year, as the draft has always taken it */
		y.value = c->year;
		y.conf = 80;
		y.basis = h->da_b ? "发布日期" : "标题";
		y.a = h->da_b ? h->da_a : h->ti_a;
		y.b = h->da_b ? h->da_b : h->ti_b;
	}
	if (!y.value) {
		json_object_set_new(hj, "year", json_null());
		return;
	}
	j = json_pack("{s:i, s:s, s:i}", "value", y.value, "basis", y.basis, "confidence", y.conf);
	nc_fact_span(c, j, y.a, y.b);
	json_object_set_new(hj, "year", j);
	if (!c->year) {
		json_t *n = nc_note(c, y.conf >= 75 ? "已记录" : "待核实", 0, "header",
				    "年度依%s推定为 %d（把握 %d%%）%s", y.basis, y.value, y.conf,
				    y.conf >= 75 ? "。" : "；须人工核对。");

		nc_note_quote(c, n, y.a, y.b);
		c->year = y.value;
	}
}

/* Notes on what the view did to the text: traditional script folded, noise left out. */
static void view_notes(struct notice_ctx *c)
{
	json_t *n;

	if (c->v.traditional)
		nc_note(c, "已记录", 0, "script",
			"通知为繁体字：匹配时按 OpenCC 字表转为简体（%zu 字），引文和位置仍为原文。", c->v.folded);
	if (c->v.table_rows)
		nc_note(c, "已记录", 0, "table",
			"文中表格按行读作事项（%zu 行）：列按表头识别（序号、名称或内容、责任单位、配合单位、时限、投资），进展、落实情况和责任领导等列不计入目标。",
			c->v.table_rows);
	if (!c->v.noise)
		return;
	n = nc_note(c, "待核实", 0, "noise",
		    "文中夹有转载噪声（乱码或注音）%zu 处，已从标题和数字中略去（原文和位置不变）；须对照原件核对。",
		    c->v.noise);
	json_array_append_new(json_object_get(n, "provenance"),
			      json_pack("{s:s%, s:I, s:I, s:s}", "quote", c->t + c->v.noise_a,
					c->v.noise_b - c->v.noise_a, "offset", (json_int_t)c->v.noise_a,
					"length", (json_int_t)(c->v.noise_b - c->v.noise_a), "basis", "text"));
}

json_t *nc_header(struct notice_ctx *c, json_t *plan)
{
	struct header h;
	json_t *hj;

	find_header(c, &h);
	c->year = header_year(c, &h);
	header_title(c, &h, plan);
	hj = header_json(c, &h, plan);
	header_year_fact(c, &h, hj);
	header_issuer_date(c, &h, plan);
	header_region(c, &h, plan, hj);
	header_level(c, hj);
	view_notes(c);
	json_object_set_new(plan, "year", json_integer(c->year));
	return hj;
}
