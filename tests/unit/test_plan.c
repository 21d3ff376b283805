/*
 * test_plan.c - plan validation: a small valid plan, then one row per way
 * to break it, each expecting the error to name the JSON path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/hash.h"
#include "core/json.h"
#include "plan/plan.h"
#include "plan/units.h"

static const char SRC[] =
	"江西省人民政府关于印发民生实事的通知。一、加大创业担保贷款扶持力度。"
	"新增发放创业担保贷款150亿元，到期贷款回收率在95%以上。"
	"（牵头单位：省人力资源社会保障厅）并于2023年6月30日前报送。";

/* A provenance object quoting q, at its first occurrence in SRC. */
static json_t *prov(const char *q)
{
	const char *at = strstr(SRC, q);

	assert_non_null(at);
	return json_pack("{s:s, s:I, s:I, s:s}", "quote", q, "offset", (json_int_t)(at - SRC),
			 "length", (json_int_t)strlen(q), "basis", "text");
}

static json_t *valid_doc(void)
{
	char sha[65];

	ms_sha256_hex(SRC, strlen(SRC), sha);
	return json_pack(
		"{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:o, s:s, s:I, s:s,"
		" s:o, s:{s:s, s:s, s:I},"
		" s:[{s:I, s:s, s:b, s:o, s:[{s:s, s:s, s:o}], s:[],"
		"     s:[{s:s, s:s, s:s, s:s, s:s, s:I, s:n, s:s, s:o},"
		"        {s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o}]}],"
		" s:[{s:s, s:s, s:s, s:o}], s:[]}",
		"schema", PLAN_SCHEMA, "id", "test-2023", "title", "民生实事", "title_provenance",
		prov("民生实事"), "notice_title", "通知", "issuer", "江西省人民政府",
		"issuer_provenance", prov("江西省人民政府"), "issued_on", "2023-02-20",
		"issued_on_provenance", prov("2023年6月30日"), "region_code", "360000", "year",
		(json_int_t)2023, "start_on", "2023-01-01",
		"start_on_provenance", prov("民生实事"),
		"source", "path", "x.txt", "sha256", sha, "bytes", (json_int_t)strlen(SRC),
		"items", "no", (json_int_t)1, "title", "加大创业担保贷款扶持力度", "present_in_source", 1,
		"title_provenance", prov("加大创业担保贷款扶持力度"),
		"lead_units", "org", "hrss", "name", "省人力资源社会保障厅", "provenance",
		prov("省人力资源社会保障厅"), "responsible_units",
		"indicators",
		"id", "1.loans_new", "name", "新增发放创业担保贷款", "kind", "money", "unit", "元",
		"comparator", ">=", "target", (json_int_t)1500000000000LL, "baseline",
		"aggregation", "sum", "provenance", prov("新增发放创业担保贷款150亿元"),
		"id", "1.recovery_rate", "name", "到期贷款回收率", "kind", "rate", "unit", "%",
		"comparator", ">=", "target", (json_int_t)9500, "aggregation", "ratio",
		"provenance", prov("到期贷款回收率在95%以上"),
		"rounds", "due_on", "2023-06-30", "kind", "progress", "label", "第一次", "provenance",
		prov("2023年6月30日"), "notes");
}

/* Sets (or with value NULL deletes) the member at a path like "items[0].indicators[1].unit". */
static void set_path(json_t *doc, const char *path, json_t *value)
{
	char key[128];
	json_t *cur = doc;
	const char *p = path;

	for (;;) {
		size_t n = strcspn(p, ".[");

		assert_true(n < sizeof(key));
		memcpy(key, p, n);
		key[n] = '\0';
		p += n;
		if (*p == '\0') {
			if (value)
				json_object_set_new(cur, key, value);
			else
				json_object_del(cur, key);
			return;
		}
		cur = json_object_get(cur, key);
		while (*p == '[') {
			cur = json_array_get(cur, strtoul(p + 1, NULL, 10));
			p = strchr(p, ']') + 1;
		}
		if (*p == '.')
			p++;
		if (*p == '\0') {
			/* replace a whole array element: not needed by the table */
			fail();
		}
		assert_non_null(cur);
	}
}

static int validate_doc(json_t *doc, const char *src, struct ms_buf *report)
{
	struct plan p;
	int n;

	assert_int_equal(plan_load_doc(&p, doc, "test.json", src, strlen(src)), 0);
	n = plan_validate(&p, NULL, report, 20);
	plan_release(&p);
	return n;
}

static void test_valid_plan_passes(void **state)
{
	struct ms_buf r = MS_BUF_INIT;

	assert_int_equal(validate_doc(valid_doc(), SRC, &r), 0);
	assert_string_equal(r.buf, "");
	ms_buf_release(&r);
}

static const struct {
	const char *path;
	const char *value;   /* JSON text, or NULL to delete */
	const char *expect;  /* the report must contain this */
} breaks[] = {
	{ "schema", "\"minsheng-plan/0\"", "schema: 'minsheng-plan/0' is not" },
	{ "id", "\"Bad Id\"", "id: 'Bad Id' may hold only" },
	{ "year", "\"2023\"", "year: must be a year" },
	{ "year", "99999", "year: must be a year" },
	{ "issued_on", "\"2023-02-30\"", "issued_on: " },
	{ "region_code", "\"36\"", "region_code: '36' is not a 6-digit" },
	{ "taget", "1", "taget: unknown field" },
	{ "source.sha256", "\"00\"", "source.sha256: is 00 but the source" },
	{ "source.bytes", "1", "source.bytes: does not match" },
	{ "items[0].no", "2", "items[0].no: items must be numbered" },
	{ "items[0].present_in_source", "\"yes\"", "items[0].present_in_source: must be true or false" },
	{ "items[0].indicators[0].unit", "\"斤\"", "items[0].indicators[0] (1.loans_new).unit: '斤' is not a known unit" },
	{ "items[0].indicators[0].unit", "\"%\"", "(1.loans_new).unit: '%' does not fit kind 'money'" },
	{ "items[0].indicators[0].kind", "\"amount\"", "(1.loans_new).kind: 'amount' is not one of" },
	{ "items[0].indicators[0].target", "1.5", "(1.loans_new).target: must be an integer" },
	{ "items[0].indicators[0].target", "-1", "(1.loans_new).target: must not be negative" },
	{ "items[0].indicators[0].target", NULL, "(1.loans_new).target: must be an integer" },
	{ "items[0].indicators[0].comparator", "\">\"", "(1.loans_new).comparator: must be one of" },
	{ "items[0].indicators[0].aggregation", "\"avg\"", "(1.loans_new).aggregation: 'avg' is not one of" },
	{ "items[0].indicators[0].id", "\"2.loans_new\"", "indicators[0] (2.loans_new).id: '2.loans_new' must be '1.'" },
	{ "items[0].indicators[1].id", "\"1.loans_new\"", "id: '1.loans_new' is used twice" },
	{ "items[0].indicators[0].baseline", "5", "(1.loans_new).baseline_provenance: missing provenance" },
	{ "items[0].indicators[0].provenance", NULL, "(1.loans_new).provenance: missing provenance" },
	{ "items[0].indicators[0].provenance.quote", "\"新增发放创业担保贷款160亿元\"",
	  "(1.loans_new).provenance.quote: \"新增发放创业担保贷款160亿元\" does not occur in the source" },
	{ "items[0].indicators[0].provenance.offset", "3",
	  "(1.loans_new).provenance.quote: does not stand at byte 3 of the source; it is found at byte" },
	{ "items[0].indicators[0].provenance.offset", "100000", "(1.loans_new).provenance.offset: " },
	{ "items[0].indicators[0].provenance.basis", "\"guess\"", "(1.loans_new).provenance.basis: 'guess' is not one of" },
	{ "items[0].indicators[0].provenance.basis", "\"inferred\"", "(1.loans_new).provenance.note: basis 'inferred' needs a note" },
	{ "items[0].indicators[0].provenance.basis", "\"external\"", "(1.loans_new).provenance.citation: basis 'external' needs" },
	{ "items[0].lead_units[0].org", "7", "items[0].lead_units[0].org: must be a string" },
	{ "items[0].lead_units[0].provenance.length", "3", "items[0].lead_units[0].provenance.length: is 3 but the quote is" },
	{ "rounds[0].due_on", "\"2023-13-01\"", "rounds[0].due_on: " },
	{ "rounds[0].kind", "\"final\"", "rounds[0].kind: 'final' is not one of" },
	{ "start_on_provenance.basis", "\"assumption\"", "start_on_provenance.note: basis 'assumption' needs a note" },
	{ "items", "[]", "items: must be a non-empty array" },
	{ "notes", "[{\"id\":\"N1\",\"flag\":\"待定\",\"item\":9,\"topic\":\"x\",\"text\":\"y\",\"provenance\":[]}]",
	  "notes[0].flag: '待定' is not one of" },
	{ "notes", "[{\"id\":\"N1\",\"flag\":\"待核实\",\"item\":9,\"topic\":\"x\",\"text\":\"y\",\"provenance\":[]}]",
	  "notes[0].item: must be null or an item number 1..1" },
	{ "notes", "[{\"id\":\"N1\",\"flag\":\"待核实\",\"item\":null,\"topic\":\"x\",\"text\":\"y\",\"provenance\":[]}]",
	  "notes[0].provenance: must be a non-empty array" },
};

static void test_each_break_is_named(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		struct ms_buf r = MS_BUF_INIT;
		json_t *doc = valid_doc(), *v = NULL;
		int n;

		if (breaks[i].value) {
			v = json_loads(breaks[i].value, JSON_DECODE_ANY, NULL);
			assert_non_null(v);
		}
		set_path(doc, breaks[i].path, v);
		n = validate_doc(doc, SRC, &r);
		if (n == 0 || !strstr(r.buf, breaks[i].expect))
			fail_msg("row %zu (%s): expected \"%s\", got %d problems:\n%s", i,
				 breaks[i].path, breaks[i].expect, n, r.buf);
		ms_buf_release(&r);
	}
}

static void test_changed_source_is_caught(void **state)
{
	struct ms_buf r = MS_BUF_INIT;
	char *src = strdup(SRC);
	char *at = strstr(src, "150");

	at[0] = '2'; /* 250亿元: same length, different bytes */
	assert_true(validate_doc(valid_doc(), src, &r) > 0);
	assert_non_null(strstr(r.buf, "source.sha256"));
	assert_non_null(strstr(r.buf, "(1.loans_new).provenance.quote: \"新增发放创业担保贷款150亿元\" does not occur"));
	free(src);
	ms_buf_release(&r);
}

static void test_error_count_is_capped(void **state)
{
	struct ms_buf r = MS_BUF_INIT;
	json_t *doc = valid_doc();
	int n;

	json_object_set_new(doc, "a1", json_true());
	json_object_set_new(doc, "a2", json_true());
	json_object_set_new(doc, "a3", json_true());
	{
		struct plan p;

		plan_load_doc(&p, doc, "t", SRC, strlen(SRC));
		n = plan_validate(&p, NULL, &r, 2);
		plan_release(&p);
	}
	assert_int_equal(n, 3);
	assert_non_null(strstr(r.buf, "… and 1 more problems"));
	ms_buf_release(&r);
}

static const struct {
	const char *unit;
	int64_t v;
	const char *want;
} formats[] = {
	{ "元", 1500000000000LL, "150亿元" },
	{ "元", 6000000000LL, "6000万元" },
	{ "元/人·月", 88500, "885元/人·月" },
	{ "%", 9500, "95%" },
	{ "%", 5000, "50%" },
	{ "台", 600, "600台" },
	{ "户", 10000, "10000户" },
};

static void test_value_format(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;

		assert_int_equal(plan_value_format(&b, formats[i].unit, formats[i].v), 0);
		assert_string_equal(b.buf, formats[i].want);
		ms_buf_release(&b);
	}
	assert_null(plan_unit_find("斤"));
	assert_int_equal(plan_kind_parse("money"), PLAN_KIND_MONEY);
	assert_int_equal(plan_kind_parse("Money"), 0);
}

/* A bare number for money, a level or a rate is refused with the unit to write; a count may be bare. */
static void test_value_units(void **state)
{
	static const struct {
		const char *unit, *box, *text;
		int64_t want;             /* -1: refused */
		const char *msg;          /* part of the refusal */
	} cases[] = {
		{ "元", NULL, "340", -1, "“340”：请写明单位，如 340万元 (write the unit, e.g. 340万元)" },
		{ "元", NULL, "340万元", 340000000, NULL },
		{ "元", NULL, "340万", 340000000, NULL },
		{ "元", NULL, "1,234.56元", 123456, NULL },
		{ "元/人·月", NULL, "885", -1, "请写明单位，如 885元/人·月" },
		{ "元/人·月", NULL, "885元", 88500, NULL },
		{ "%", NULL, "95", -1, "请写明单位，如 95%" },
		{ "%", NULL, "95％", 9500, NULL },
		{ "台", NULL, "600", 600, NULL },
		{ "台", NULL, "600台", 600, NULL },
		{ "元", "万元", "340", 340000000, NULL },
		{ "元", "亿元", "13.24528301", 132452830100LL, NULL },
		{ "元", "万元", "0.035亿元", 350000000, NULL },   /* its own unit wins */
		{ "元", "台", "340", -1, "单位“台”不适用于以元计的指标" },
		{ "元/人·月", "元/人·月", "885", 88500, NULL },
		{ "台", "万元", "5", -1, "不适用" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ms_err e = { "", MS_E_INVALID, "" };
		int64_t v = -1;
		int rc = plan_value_parse_box(cases[i].unit, cases[i].box, cases[i].text, strlen(cases[i].text),
					      &v, &e);

		if (cases[i].want < 0) {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(e.msg, cases[i].msg));
		} else {
			assert_int_equal(rc, 0);
			assert_true(v == cases[i].want);
		}
	}
}

/* The form's box: the unit the target is shown in, a plain number in it. */
static void test_box(void **state)
{
	static const struct {
		const char *unit;
		int64_t like, v;
		const char *box, *text;
	} cases[] = {
		{ "元", 127400000000LL, 132452830100LL, "亿元", "13.24528301" },
		{ "元", 330275200, 330275200, "万元", "330.2752" },
		{ "元", 330275200, 340000000, "万元", "340" },
		{ "元", 500000, 123456, "元", "1234.56" },
		{ "元/人·月", 88500, 88500, "元/人·月", "885" },
		{ "%", 9500, 9550, "%", "95.5" },
		{ "台", 64, 66, "台", "66" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;
		const char *box = plan_box_unit(cases[i].unit, cases[i].like);

		assert_string_equal(box, cases[i].box);
		assert_int_equal(plan_box_format(&b, box, cases[i].v), 0);
		assert_string_equal(b.buf, cases[i].text);
		ms_buf_release(&b);
	}
	assert_null(plan_box_unit(NULL, 0));
}

/* The shipped plan validates against the shipped notice. */
static void test_shipped_plan_validates(void **state)
{
	struct plan p;
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf r = MS_BUF_INIT;
	struct ms_err e;

	assert_int_equal(plan_orgs_load_csv(&orgs, MS_SRCDIR "/data/regions/jiangxi.csv", &e), 0);
	assert_int_equal(plan_orgs_load_csv(&orgs, MS_SRCDIR "/data/regions/units.csv", &e), 0);
	assert_int_equal(plan_orgs_check(&orgs, &e), 0);
	assert_int_equal(plan_orgs_count(&orgs, "city"), 11);
	assert_int_equal(plan_orgs_count(&orgs, "county"), 100);
	if (plan_load(&p, MS_SRCDIR "/data/plans/jiangxi-2023.json", &e))
		fail_msg("%s", e.msg);
	if (plan_validate(&p, &orgs, &r, 50))
		fail_msg("%s", r.buf);
	plan_release(&p);
	plan_orgs_release(&orgs);
	ms_buf_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_plan_passes),
		cmocka_unit_test(test_each_break_is_named),
		cmocka_unit_test(test_changed_source_is_caught),
		cmocka_unit_test(test_error_count_is_capped),
		cmocka_unit_test(test_value_format),
		cmocka_unit_test(test_value_units),
		cmocka_unit_test(test_box),
		cmocka_unit_test(test_shipped_plan_validates),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
