/*
 * test_notice.c - the notice importer: figures in sentences (one row per
 * case), the offset map, the project's notice against the curated plan
 * (precision and recall printed and asserted), the constructed fixtures in
 * tests/fixtures/notices/, and inputs that must give a clear error or a
 * result quickly: binary, invalid UTF-8, too large, one enormous line,
 * deeply nested markers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/json.h"
#include "notice/facts.h"
#include "notice/notice.h"
#include "notice/view.h"
#include "plan/orgs.h"
#include "plan/plan.h"

#ifndef MS_SRCDIR
#define MS_SRCDIR "."
#endif

static struct plan_orgs orgs = PLAN_ORGS_INIT;

static void read_file(struct ms_buf *b, const char *rel)
{
	struct ms_buf path = MS_BUF_INIT;
	struct ms_err e;

	ms_buf_addf(&path, "%s/%s", MS_SRCDIR, rel);
	if (ms_file_read(b, path.buf, NOTICE_MAX_BYTES, &e) < 0)
		fail_msg("%s", e.msg);
	ms_buf_release(&path);
}

static int load_orgs(void **state)
{
	struct ms_err e;

	(void)state;
	if (plan_orgs_load_csv(&orgs, MS_SRCDIR "/data/regions/jiangxi.csv", &e) < 0 ||
	    plan_orgs_load_csv(&orgs, MS_SRCDIR "/data/regions/units.csv", &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int free_orgs(void **state)
{
	(void)state;
	plan_orgs_release(&orgs);
	return 0;
}

/* Every quote in j stands at its offset in text, byte for byte; returns how many were checked. */
static size_t check_quotes(const json_t *j, const struct ms_buf *text)
{
	size_t n = 0, i;
	const char *k;
	json_t *v;

	if (json_is_object(j)) {
		json_t *q = json_object_get(j, "quote"), *o = json_object_get(j, "offset"),
		       *l = json_object_get(j, "length");

		if (q) {
			json_int_t off = json_integer_value(o), len = json_integer_value(l);

			assert_true(json_is_string(q) && json_is_integer(o) && json_is_integer(l));
			assert_true(off >= 0 && len > 0 && (size_t)(off + len) <= text->len);
			assert_int_equal((size_t)len, json_string_length(q));
			assert_memory_equal(text->buf + off, json_string_value(q), (size_t)len);
			n++;
		}
		json_object_foreach((json_t *)j, k, v)
			n += check_quotes(v, text);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			n += check_quotes(v, text);
	}
	return n;
}

/* The draft passes plan_validate against the text it was made from. */
static void assert_draft_valid(const struct notice_result *r)
{
	struct ms_buf report = MS_BUF_INIT;
	struct plan p;
	int n;

	assert_int_equal(plan_load_doc(&p, json_incref(r->plan), "draft", r->text.buf, r->text.len), 0);
	n = plan_validate(&p, &orgs, &report, 20);
	if (n)
		fail_msg("draft does not validate:\n%s", report.buf);
	plan_release(&p);
	ms_buf_release(&report);
}

static int import(const char *bytes, size_t len, struct notice_result *r, struct ms_err *err)
{
	struct notice_opts o = { 0 };

	o.orgs = &orgs;
	return notice_import(bytes, len, "notice.txt", &o, r, err);
}

/* ---------- figures in one sentence ---------- */

static void figures(const char *in, struct ms_buf *out)
{
	struct notice_view v;
	struct nf_targets t = { 0 };
	struct ms_err e;
	size_t k;

	assert_int_equal(nv_build(&v, in, strlen(in), &e), 0);
	nf_find_targets(v.s, 0, v.len, &t);
	for (k = 0; k < t.n; k++)
		ms_buf_addf(out, "%s%lld %s %c %lld%s", k ? "; " : "", (long long)t.v[k].value,
			    t.v[k].unit, t.v[k].cmp ? t.v[k].cmp : '-',
			    t.v[k].has_base ? (long long)t.v[k].base : -1LL,
			    t.v[k].increase ? " increase" : "");
	free(t.v);
	nv_release(&v);
}

static void test_figures(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		/* not targets */
		{ "", "" },
		{ "其他群体原需个人承担利息部分的50%予以免除", "" },
		{ "为16周岁以上有长期照料护理需求的困难重度失能残疾人提供照护", "" },
		{ "并于2023年6月30日、10月30日、12月25日前报送", "" },
		{ "2023年集中力量办好10件惠民生、暖民心的实事", "" },
		{ "建设3-5个服务中心", "" },
		{ "建设3至5个服务中心", "" },
		{ "提高5个百分点", "" },
		{ "形成任务台账报省办公室", "" },
		{ "补助1.5户", "" },
		{ "开展第3批试点，前10名给予奖励", "" },
		/* targets */
		{ "新增发放创业担保贷款150亿元", "1500000000000 元 - -1" },
		{ "增加安排担保基金6000万元", "6000000000 元 - -1" },
		{ "到期贷款回收率在95%以上", "9500 % > -1" },
		{ "城镇调查失业率控制在5.5%以内", "550 % < -1" },
		{ "新增城镇就业4.5万人以上", "45000 人 > -1" },
		{ "新增１５０台", "150 台 - -1" },
		{ "完成1,234户改造", "1234 户 - -1" },
		{ "体检率不低于70%", "7000 % > -1" },
		{ "将城市低保月人均保障标准提高60元，达到885元", "88500 元/人·月 - 82500" },
		{ "城市低保标准由每人每月900元提高到每人每月950元", "95000 元/人·月 - 90000" },
		{ "将城乡困难残疾人生活补贴标准、城乡重度残疾人护理补贴标准分别提高20元，均达到每人每月100元",
		  "10000 元/人·月 - 8000; 10000 元/人·月 - 8000" },
		{ "按照每人每月1380元标准发放", "138000 元/人·月 - -1" },
		{ "将基础养老金最低标准提高10元", "1000 元 - -1 increase" },
		{ "每户补助不低于5000元", "500000 元/户 > -1" },
		{ "新建改造城市道路60公里，新增公共停车泊位5000个", "60 公里 - -1; 5000 个 - -1" },
		{ "开展职业技能培训1.2万人次", "12000 人次 - -1" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ms_buf got = MS_BUF_INIT;

		figures(rows[i].in, &got);
		if (strcmp(got.buf, rows[i].want))
			fail_msg("\"%s\": got \"%s\", want \"%s\"", rows[i].in, got.buf, rows[i].want);
		ms_buf_release(&got);
	}
}

/* ---------- the offset map ---------- */

static void test_offsets(void **state)
{
	static const char *const rows[] = {
		"一、加大力度。新增发放创业担保贷款１５０亿元。（牵头单位：省民政厅）",
		"一、加大力度\r\n新增发放创业担保贷款　150 亿元，到期贷款回收率在９５％以上。\r\n（牵头单位：省民政厅）\r\n",
		"\xEF\xBB\xBF一、加大力度。\n新增发放创业担保\n贷款150亿元，到期贷款回收率在95%\n以上。\n",
		"一、加大力度。新增发放创业担保贷款150亿元\xE2\x80\x8B，到期贷款回收率在95%以上。",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct notice_result r = NOTICE_RESULT_INIT;
		struct ms_err e;
		json_t *t;

		if (import(rows[i], strlen(rows[i]), &r, &e) < 0)
			fail_msg("row %zu: %s", i, e.msg);
		assert_true(check_quotes(r.plan, &r.text) >= 3);
		check_quotes(r.facts, &r.text);
		assert_draft_valid(&r);
		t = json_array_get(json_object_get(r.facts, "targets"), 0);
		assert_non_null(t);
		assert_int_equal(json_integer_value(json_object_get(t, "value")), 1500000000000LL);
		notice_result_release(&r);
	}
}

/* ---------- quality against the curated plan ---------- */

struct tally {
	size_t found, expected, matched;
};

/* Multiset match of "item|unit|value" or "item|org" keys. */
static void match(json_t *found, json_t *expected, struct tally *t)
{
	json_t *left = json_deep_copy(expected), *v;
	size_t i, j;

	t->found = json_array_size(found);
	t->expected = json_array_size(expected);
	t->matched = 0;
	json_array_foreach(found, i, v) {
		for (j = 0; j < json_array_size(left); j++)
			if (json_equal(json_array_get(left, j), v)) {
				json_array_remove(left, j);
				t->matched++;
				break;
			}
	}
	json_decref(left);
}

static double pct(size_t a, size_t b)
{
	return b ? 100.0 * (double)a / (double)b : 100.0;
}

static void plan_keys(const json_t *plan, json_t *targets, json_t *leads, int text_only)
{
	json_t *it, *ind, *u;
	size_t i, j;

	json_array_foreach(json_object_get(plan, "items"), i, it) {
		json_int_t no = json_integer_value(json_object_get(it, "no"));

		json_array_foreach(json_object_get(it, "indicators"), j, ind) {
			if (!strcmp(json_string_value(json_object_get(ind, "kind")), "qualitative"))
				continue;
			json_array_append_new(targets, json_sprintf("%lld|%s|%lld", (long long)no,
						   json_string_value(json_object_get(ind, "unit")),
						   (long long)json_integer_value(json_object_get(ind, "target"))));
		}
		json_array_foreach(json_object_get(it, "lead_units"), j, u) {
			const char *basis = json_string_value(json_object_get(json_object_get(u, "provenance"), "basis"));

			if (text_only && strcmp(basis, "text"))
				continue;
			json_array_append_new(leads, json_sprintf("%lld|%s", (long long)no,
						 json_string_value(json_object_get(u, "org"))));
		}
	}
}

/* A note of this topic about this item, quoting the text at offset (or any offset when -1). */
static int has_note(const json_t *plan, const char *flag, const char *topic, int item, long offset)
{
	json_t *n, *p;
	size_t i, j;

	json_array_foreach(json_object_get(plan, "notes"), i, n) {
		if (strcmp(json_string_value(json_object_get(n, "flag")), flag) ||
		    strcmp(json_string_value(json_object_get(n, "topic")), topic) ||
		    (item && json_integer_value(json_object_get(n, "item")) != item))
			continue;
		if (offset < 0)
			return 1;
		json_array_foreach(json_object_get(n, "provenance"), j, p)
			if (json_integer_value(json_object_get(p, "offset")) == offset)
				return 1;
	}
	return 0;
}

static void test_jiangxi(void **state)
{
	struct ms_buf in = MS_BUF_INIT, cur = MS_BUF_INIT;
	struct notice_result r = NOTICE_RESULT_INIT;
	json_t *curated, *ft = json_array(), *fl = json_array(), *et = json_array(),
	       *el = json_array(), *elt = json_array(), *dummy = json_array(), *items;
	struct tally tt, tl, tlt;
	struct ms_err e;
	int no;

	(void)state;
	read_file(&in, "data/notices/jiangxi-2023-minsheng-notice.txt");
	read_file(&cur, "data/plans/jiangxi-2023.json");
	curated = ms_json_load_bytes(cur.buf, cur.len, "jiangxi-2023.json", &e);
	assert_non_null(curated);
	if (import(in.buf, in.len, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_string_equal(r.encoding, "UTF-8");
	assert_memory_equal(r.text.buf, in.buf, in.len);
	assert_draft_valid(&r);
	assert_true(check_quotes(r.plan, &r.text) > 50);
	check_quotes(r.facts, &r.text);
	check_quotes(r.problems, &r.text);

	/* the header */
	assert_string_equal(json_string_value(json_object_get(r.plan, "issuer")), "江西省人民政府");
	assert_string_equal(json_string_value(json_object_get(r.plan, "issued_on")), "2023-02-20");
	assert_string_equal(json_string_value(json_object_get(r.plan, "title")), "2023年民生实事安排方案");
	assert_string_equal(json_string_value(json_object_get(r.plan, "region_code")), "360000");
	assert_int_equal(json_array_size(json_object_get(r.plan, "rounds")), 4);

	/* items 1-6, 9, 10 found; 7 and 8 reported missing */
	items = json_object_get(r.plan, "items");
	assert_int_equal(json_array_size(items), 10);
	for (no = 1; no <= 10; no++) {
		json_t *it = json_array_get(items, (size_t)no - 1);
		int present = no != 7 && no != 8;

		assert_int_equal(json_is_true(json_object_get(it, "present_in_source")), present);
		assert_string_equal(json_string_value(json_object_get(it, "title")),
				    json_string_value(json_object_get(json_array_get(json_object_get(curated, "items"), (size_t)no - 1), "title")));
		if (!present)
			assert_true(has_note(r.plan, "待核实", "missing_item", no, -1));
	}
	assert_int_equal(r.items_found, 8);
	assert_int_equal(r.items_missing, 2);
	/* duplicates recorded: the header, item 1's figures, the interest waiver, item 2's rural
	 * passage, item 3's heading and its body — each with both places */
	assert_int_equal(r.duplicates, 6);
	assert_true(has_note(r.plan, "已记录", "duplicate_passage", 0, 0));
	assert_true(has_note(r.plan, "已记录", "duplicate_passage", 0, 238));
	assert_true(has_note(r.plan, "已记录", "duplicate_passage", 2, 1609));
	assert_true(has_note(r.plan, "已记录", "duplicate_passage", 2, 3820));
	assert_true(has_note(r.plan, "已记录", "duplicate_passage", 3, 4958));
	/* the conflicting unit fragments: (牵头单位：省人力资源社会保障厅) after item 6's bare title
	 * and (牵头单位：省卫生健康委) after item 3's repeated title — neither counted */
	assert_true(has_note(r.plan, "待核实", "lead_unit", 6, 3582));
	assert_true(has_note(r.plan, "待核实", "lead_unit", 3, 4124));
	/* the interest-waiver sentence: under item 4, about item 1 — a question, not a guess */
	assert_true(has_note(r.plan, "待核实", "placement", 1, 2424));
	assert_int_equal(json_array_size(json_object_get(json_array_get(items, 5), "lead_units")), 0);

	/* precision and recall against data/plans/jiangxi-2023.json */
	plan_keys(r.plan, ft, fl, 0);
	plan_keys(curated, et, el, 0);
	plan_keys(curated, dummy, elt, 1);
	match(ft, et, &tt);
	match(fl, el, &tl);
	match(fl, elt, &tlt);
	printf("jiangxi-2023: targets (item+unit+value): precision %.1f%% (%zu/%zu), recall %.1f%% (%zu/%zu)\n",
	       pct(tt.matched, tt.found), tt.matched, tt.found, pct(tt.matched, tt.expected),
	       tt.matched, tt.expected);
	printf("jiangxi-2023: lead units per item: precision %.1f%% (%zu/%zu), recall %.1f%% (%zu/%zu) "
	       "of all curated, %.1f%% (%zu/%zu) of those the curated plan takes from the text\n",
	       pct(tl.matched, tl.found), tl.matched, tl.found, pct(tl.matched, tl.expected),
	       tl.matched, tl.expected, pct(tlt.matched, tlt.expected), tlt.matched, tlt.expected);
	assert_int_equal(tt.matched, tt.found);           /* precision 100%: no invented number */
	assert_int_equal(tl.matched, tl.found);
	assert_true(tt.matched * 100 >= tt.expected * 100); /* recall 100% (17/17) */
	assert_true(tlt.matched == tlt.expected);         /* 7/7 from the text; 7/8 with item 1's inferred one */
	json_decref(ft);
	json_decref(fl);
	json_decref(et);
	json_decref(el);
	json_decref(elt);
	json_decref(dummy);
	json_decref(curated);
	notice_result_release(&r);
	ms_buf_release(&in);
	ms_buf_release(&cur);
}

/* ---------- the constructed fixtures ---------- */

static void fixture(const char *name)
{
	struct ms_buf in = MS_BUF_INIT, ex = MS_BUF_INIT, rel = MS_BUF_INIT;
	struct notice_result r = NOTICE_RESULT_INIT;
	json_t *ft = json_array(), *fl = json_array(), *et = json_array(), *el = json_array(), *v;
	struct tally tt, tl;
	int min_t = 100, min_l = 100, present[256] = { 0 }, missing[256] = { 0 }, no;
	char *line, *save = NULL;
	struct ms_err e;
	size_t i;

	ms_buf_addf(&rel, "tests/fixtures/notices/%s.txt", name);
	read_file(&in, rel.buf);
	ms_buf_reset(&rel);
	ms_buf_addf(&rel, "tests/fixtures/notices/%s.expect", name);
	read_file(&ex, rel.buf);
	if (import(in.buf, in.len, &r, &e) < 0)
		fail_msg("%s: %s", name, e.msg);
	assert_draft_valid(&r);
	check_quotes(r.plan, &r.text);
	check_quotes(r.facts, &r.text);
	for (line = strtok_r(ex.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char word[32], unit[64], nm[256];
		long long val;
		int item, n, off;

		if (line[0] == '#' || sscanf(line, "%31s%n", word, &off) != 1)
			continue;
		if (!strcmp(word, "target") && sscanf(line + off, "%d %63s %lld", &item, unit, &val) == 3)
			json_array_append_new(et, json_sprintf("%d|%s|%lld", item, unit, val));
		else if (!strcmp(word, "lead") && sscanf(line + off, "%d %255s", &item, nm) == 2)
			json_array_append_new(el, json_sprintf("%d|%s", item, nm));
		else if (!strcmp(word, "min_recall") && sscanf(line + off, "%63s %d", unit, &n) == 2)
			*(strcmp(unit, "targets") ? &min_l : &min_t) = n;
		else if (!strcmp(word, "items") || !strcmp(word, "missing")) {
			char *p = line + off, *end;

			while ((n = (int)strtol(p, &end, 10)) > 0 && end != p) {
				if (n < 256)
					(word[0] == 'i' ? present : missing)[n] = 1;
				p = end;
			}
		}
	}
	json_array_foreach(json_object_get(r.facts, "targets"), i, v)
		json_array_append_new(ft, json_sprintf("%lld|%s|%lld",
			(long long)json_integer_value(json_object_get(v, "item")),
			json_string_value(json_object_get(v, "unit")),
			(long long)json_integer_value(json_object_get(v, "value"))));
	json_array_foreach(json_object_get(r.facts, "units"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "role")), "lead"))
			json_array_append_new(fl, json_sprintf("%lld|%s",
				(long long)json_integer_value(json_object_get(v, "item")),
				json_string_value(json_object_get(v, "name"))));
	match(ft, et, &tt);
	match(fl, el, &tl);
	printf("%s: targets precision %.1f%% (%zu/%zu), recall %.1f%% (%zu/%zu); lead units precision %.1f%% (%zu/%zu), recall %.1f%% (%zu/%zu)\n",
	       name, pct(tt.matched, tt.found), tt.matched, tt.found, pct(tt.matched, tt.expected),
	       tt.matched, tt.expected, pct(tl.matched, tl.found), tl.matched, tl.found,
	       pct(tl.matched, tl.expected), tl.matched, tl.expected);
	assert_int_equal(tt.matched, tt.found);
	assert_int_equal(tl.matched, tl.found);
	assert_true(tt.matched * 100 >= (size_t)min_t * tt.expected);
	assert_true(tl.matched * 100 >= (size_t)min_l * tl.expected);
	for (no = 1; no < 256; no++) {
		json_t *it = json_array_get(json_object_get(r.plan, "items"), (size_t)no - 1);

		if (present[no] || missing[no])
			assert_int_equal(json_is_true(json_object_get(it, "present_in_source")), present[no]);
	}
	json_decref(ft);
	json_decref(fl);
	json_decref(et);
	json_decref(el);
	notice_result_release(&r);
	ms_buf_release(&in);
	ms_buf_release(&ex);
	ms_buf_release(&rel);
}

static void test_fixture_paren(void **state) { (void)state; fixture("nanchang-2024-paren"); }
static void test_fixture_oneline(void **state) { (void)state; fixture("ganzhou-2024-oneline"); }
static void test_fixture_articles(void **state) { (void)state; fixture("jiujiang-2025-articles"); }
static void test_fixture_gbk(void **state) { (void)state; fixture("jiujiang-2025-articles.gbk"); }
static void test_fixture_html_table(void **state) { (void)state; fixture("shangrao-2024-html-table"); }

/* The GB18030 copy converts to exactly the UTF-8 file: the same offsets, the same plan. */
static void test_gbk_converts_to_the_utf8_text(void **state)
{
	struct ms_buf gbk = MS_BUF_INIT, utf8 = MS_BUF_INIT;
	struct notice_result a = NOTICE_RESULT_INIT, b = NOTICE_RESULT_INIT;
	struct ms_err e;

	(void)state;
	read_file(&gbk, "tests/fixtures/notices/jiujiang-2025-articles.gbk.txt");
	read_file(&utf8, "tests/fixtures/notices/jiujiang-2025-articles.txt");
	assert_int_equal(import(gbk.buf, gbk.len, &a, &e), 0);
	assert_int_equal(import(utf8.buf, utf8.len, &b, &e), 0);
	assert_true(a.converted);
	assert_string_equal(a.encoding, "GB18030");
	assert_int_equal(a.text.len, utf8.len);
	assert_memory_equal(a.text.buf, utf8.buf, utf8.len);
	assert_true(json_equal(json_object_get(a.plan, "items"), json_object_get(b.plan, "items")));
	assert_true(has_note(a.plan, "已记录", "encoding", 0, -1));
	notice_result_release(&a);
	notice_result_release(&b);
	ms_buf_release(&gbk);
	ms_buf_release(&utf8);
}

/* ---------- robustness ---------- */

static void test_refused(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *err;
	} rows[] = {
		{ "", 0, "no numbered item" },
		{ "一、标题\0二、", 14, "binary input" },
		{ "\xFF\xFE\x00\x4E", 4, "UTF-16" },
		{ "\x80\x80\x80\x80", 4, "neither UTF-8 nor GB18030" },
		{ "一、新增发放创业担保贷款150亿元\xC0。二、到期贷款回收率在95%以上。", 0, "otherwise UTF-8" },
		{ "\x1B[31m一、红色\x1B[0m", 0, "control byte 0x1B" },
		{ "没有编号的一段文字，新增发放创业担保贷款150亿元。", 0, "no numbered item" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct notice_result r = NOTICE_RESULT_INIT;
		struct ms_err e = { { 0 }, 0, { 0 } };
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].in);

		assert_int_equal(import(rows[i].in, len, &r, &e), -1);
		if (!strstr(e.msg, rows[i].err))
			fail_msg("row %zu: \"%s\" lacks \"%s\"", i, e.msg, rows[i].err);
		assert_null(r.plan);
		assert_int_equal(r.text.len, 0);
	}
}

static void test_too_large(void **state)
{
	size_t n = (size_t)100 << 20;
	char *big = malloc(n);
	struct notice_result r = NOTICE_RESULT_INIT;
	struct ms_err e;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	assert_int_equal(import(big, n, &r, &e), -1);
	assert_non_null(strstr(e.msg, "at most"));
	free(big);
}

/* Imports n bytes made by repeating unit; returns the seconds it took. */
static double timed(const char *head, const char *unit, size_t n, struct notice_result *r)
{
	struct ms_buf b = MS_BUF_INIT;
	struct timespec t0, t1;
	struct ms_err e;

	ms_buf_adds(&b, head);
	while (b.len < n)
		ms_buf_adds(&b, unit);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (import(b.buf, b.len, r, &e) < 0)
		fail_msg("%s", e.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms_buf_release(&b);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void test_enormous_line(void **state)
{
	struct notice_result r = NOTICE_RESULT_INIT;

	(void)state;
	/* 8 MB in one line, no sentence end: segments are cut, the result still validates */
	timed("一、加大创业担保贷款扶持力度。", "新增发放创业担保贷款150亿元，", (size_t)8 << 20, &r);
	assert_non_null(r.plan);
	assert_draft_valid(&r);
	notice_result_release(&r);
}

static void test_nested_markers(void **state)
{
	struct notice_result r = NOTICE_RESULT_INIT;

	(void)state;
	timed("", "一、（一）1.（1）①第一条标题。", (size_t)2 << 20, &r);
	assert_non_null(r.plan);
	assert_draft_valid(&r);
	check_quotes(r.facts, &r.text);
	notice_result_release(&r);
	timed("", "（二十）（一）（1）1.①一、十、", (size_t)1 << 20, &r);
	assert_non_null(r.plan);
	assert_draft_valid(&r);
	notice_result_release(&r);
}

/*
 * The notice repeated to 4 MiB: every passage is a duplicate many times over,
 * yet the items, targets and missing numbers are those of one copy. (Time in
 * the input's size is measured in bench/notice.sh, not asserted here.)
 */
static void test_repeated_notice(void **state)
{
	struct ms_buf notice = MS_BUF_INIT, b = MS_BUF_INIT;
	struct notice_result one = NOTICE_RESULT_INIT, many = NOTICE_RESULT_INIT;
	struct ms_err e;

	(void)state;
	read_file(&notice, "data/notices/jiangxi-2023-minsheng-notice.txt");
	if (import(notice.buf, notice.len, &one, &e) < 0)
		fail_msg("%s", e.msg);
	while (b.len < ((size_t)4 << 20))
		ms_buf_add(&b, notice.buf, notice.len);
	if (import(b.buf, b.len, &many, &e) < 0)
		fail_msg("%s", e.msg);
	assert_draft_valid(&many);
	assert_int_equal(many.items_found, one.items_found);
	assert_int_equal(many.items_missing, one.items_missing);
	assert_int_equal(many.targets, one.targets);
	assert_true(many.duplicates >= one.duplicates);
	assert_true(many.duplicates > 0);
	notice_result_release(&one);
	notice_result_release(&many);
	ms_buf_release(&b);
	ms_buf_release(&notice);
}

/* A sentence pasted twice with one figure changed is merged (one set of targets, both places quoted in a 待核实 note);
 * parallel sentences that differ in two places (城市…770元 / 农村…640元) stay two. */
static void test_near_duplicates(void **state)
{
	static const char text[] = "某市人民政府关于2024年民生实事的通知\n"
		"一、教育。全市新改扩建学校10所，新建校舍21万平方米，新增学位2.1万个。"
		"全市新改扩建学校12所，新建校舍21万平方米，新增学位2.1万个。\n"
		"二、社会救助。城市低保标准每人每月提高40元，达到每人每月770元以上。"
		"农村低保标准每人每月提高40元，达到每人每月640元以上。\n";
	struct notice_result r = NOTICE_RESULT_INIT;
	struct ms_err e;
	json_t *dups, *d, *places, *v, *note = NULL;
	size_t i, schools = 0, item2 = 0;

	(void)state;
	if (import(text, sizeof(text) - 1, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_draft_valid(&r);
	check_quotes(r.plan, &r.text);
	check_quotes(r.facts, &r.text);
	dups = json_object_get(r.facts, "duplicates");
	assert_int_equal(json_array_size(dups), 1);
	d = json_array_get(dups, 0);
	assert_int_equal(json_integer_value(json_object_get(d, "differing")), 1);
	places = json_object_get(d, "places");
	assert_int_equal(json_array_size(places), 2);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(places, 0), "quote")), "学校10所"));
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(places, 1), "quote")), "学校12所"));
	json_array_foreach(json_object_get(r.facts, "targets"), i, v) {
		const char *u = json_string_value(json_object_get(v, "unit"));

		if (!strcmp(u, "所")) {
			schools++;
			assert_int_equal(json_integer_value(json_object_get(v, "value")), 10);
		}
		if (json_integer_value(json_object_get(v, "item")) == 2)
			item2++;
	}
	assert_int_equal(schools, 1);
	assert_int_equal(item2, 2);
	json_array_foreach(json_object_get(r.plan, "notes"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "topic")), "near_duplicate"))
			note = v;
	assert_non_null(note);
	assert_string_equal(json_string_value(json_object_get(note, "flag")), "待核实");
	assert_int_equal(json_array_size(json_object_get(note, "provenance")), 2);
	notice_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_jiangxi),
		cmocka_unit_test(test_fixture_paren),
		cmocka_unit_test(test_fixture_oneline),
		cmocka_unit_test(test_fixture_articles),
		cmocka_unit_test(test_fixture_gbk),
		cmocka_unit_test(test_fixture_html_table),
		cmocka_unit_test(test_gbk_converts_to_the_utf8_text),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_enormous_line),
		cmocka_unit_test(test_nested_markers),
		cmocka_unit_test(test_repeated_notice),
		cmocka_unit_test(test_near_duplicates),
	};

	return cmocka_run_group_tests(tests, load_orgs, free_orgs);
}
