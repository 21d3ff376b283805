/*
 * fuzz_notice.c - the notice importer (notice_import) on arbitrary bytes.
 *
 * Checked, for every input:
 *  - it returns 0 or -1 and never crashes, leaks or reads outside the input
 *    (ASan, UBSan); -1 leaves the result empty and says why in one line;
 *  - on 0: valid UTF-8 input is the text itself (offsets refer to the file
 *    as given); converted input says GB18030;
 *  - every quote the result reports — in the draft, the facts and the
 *    problems — lies inside the text (offset + length <= its length), is
 *    not empty, and equals the bytes there;
 *  - the draft passes plan_validate against the text, organisation codes
 *    included (data/regions, when readable);
 *  - a second import of the same bytes gives the same draft;
 *  - the administrator's decisions on the units it proposes
 *    (notice_units_decide: each unit in turn new, dropped or the same as
 *    the one close to it, by code or by name; then the input's first line
 *    as such a list) fail only with a message and leave a draft that still
 *    validates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "notice/notice.h"
#include "plan/orgs.h"
#include "plan/plan.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct plan_orgs orgs = PLAN_ORGS_INIT;
static int have_orgs = -1;

static void load_orgs(void)
{
	const char *env = getenv("MINSHENG_DATA");
	char a[4096], b[4096], t[4096];
	struct ms_err e;

	snprintf(a, sizeof(a), "%s/regions/jiangxi.csv", env && *env ? env : MS_DATADIR);
	snprintf(b, sizeof(b), "%s/regions/units.csv", env && *env ? env : MS_DATADIR);
	/* Jiangxi's townships too: a township issuer (莲塘镇人民政府), its namesakes */
	snprintf(t, sizeof(t), "%s/regions/townships/36.csv", env && *env ? env : MS_DATADIR);
	have_orgs = plan_orgs_load_csv(&orgs, a, &e) == 0 && plan_orgs_load_csv(&orgs, b, &e) == 0 &&
		    plan_orgs_load_csv(&orgs, t, &e) == 0;
}

static void check_quotes(const json_t *j, const struct ms_buf *text)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_t *q = json_object_get(j, "quote");

		if (q) {
			json_int_t off = json_integer_value(json_object_get(j, "offset"));
			json_int_t len = json_integer_value(json_object_get(j, "length"));

			if (!json_is_string(q) || off < 0 || len <= 0 || (size_t)off > text->len ||
			    (size_t)len > text->len - (size_t)off ||
			    (size_t)len != json_string_length(q) ||
			    memcmp(text->buf + off, json_string_value(q), (size_t)len))
				abort();
		}
		json_object_foreach((json_t *)j, k, v)
			check_quotes(v, text);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			check_quotes(v, text);
	}
}

/* Decides every unit r proposes, then the input's first line as a list of decisions. */
static void decide(struct notice_result *r, const struct plan_orgs *known, const uint8_t *data, size_t size)
{
	static const char *const choice[] = { "new", "drop", "same", "不建", "即已有" };
	struct ms_buf spec = MS_BUF_INIT, report = MS_BUF_INIT;
	struct ms_err e = { { 0 }, 0, { 0 } };
	const json_t *g;
	const char *nl;
	struct plan p;
	size_t i;

	json_array_foreach(json_object_get(r->plan, "orgs"), i, g)
		ms_buf_addf(&spec, "%s=%s,", json_string_value(json_object_get(g, i % 2 ? "name" : "code")),
			    choice[i % 5]);
	if (notice_units_decide(r, spec.buf, known, &e) < 0 && !e.msg[0])
		abort();
	nl = memchr(data, '\n', size);
	ms_buf_reset(&spec);
	ms_buf_add(&spec, data, nl ? (size_t)(nl - (const char *)data) : size < 256 ? size : 256);
	if (!memchr(spec.buf, '\0', spec.len) && notice_units_decide(r, spec.buf, known, &e) < 0 && !e.msg[0])
		abort();
	plan_load_doc(&p, json_incref(r->plan), "fuzz", r->text.buf, r->text.len);
	if (plan_validate(&p, known, &report, 5)) {
		fprintf(stderr, "draft does not validate after the decisions:\n%s", report.buf);
		abort();
	}
	plan_release(&p);
	ms_buf_release(&spec);
	ms_buf_release(&report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notice_opts o = { 0 };
	struct notice_result r = NOTICE_RESULT_INIT, r2 = NOTICE_RESULT_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct ms_err e = { { 0 }, 0, { 0 } };
	struct plan p;

	if (have_orgs < 0)
		load_orgs();
	o.orgs = have_orgs ? &orgs : NULL;
	if (notice_import((const char *)data, size, "fuzz.txt", &o, &r, &e) < 0) {
		if (!e.msg[0] || r.plan || r.facts || r.problems || r.text.len)
			abort();
		return 0;
	}
	if (!r.plan || !r.facts || !r.problems)
		abort();
	if (!r.converted && (r.text.len != size || memcmp(r.text.buf, data, size)))
		abort();
	if (r.converted && strcmp(r.encoding, "GB18030"))
		abort();
	if (!ms_utf8_valid(r.text.buf, r.text.len, NULL))
		abort();
	check_quotes(r.plan, &r.text);
	check_quotes(r.facts, &r.text);
	check_quotes(r.problems, &r.text);
	plan_load_doc(&p, json_incref(r.plan), "fuzz", r.text.buf, r.text.len);
	if (plan_validate(&p, o.orgs, &report, 5)) {
		fprintf(stderr, "draft does not validate:\n%s", report.buf);
		abort();
	}
	plan_release(&p);
	if (notice_import((const char *)data, size, "fuzz.txt", &o, &r2, &e) < 0 ||
	    !json_equal(r.plan, r2.plan))
		abort();
	decide(&r2, o.orgs, data, size);
	notice_result_release(&r);
	notice_result_release(&r2);
	ms_buf_release(&report);
	return 0;
}
