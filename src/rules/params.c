/*
 * params.c - loading, checking and looking up dated benefit parameters.
 */
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/money.h"
#include "plan/plan.h"
#include "core/banned.h"

static const char *const type_names[] = { "money", "rate", "int", "bool", "date" };

const char *param_type_name(enum param_type t)
{
	return (unsigned)t < 5 ? type_names[t] : "?";
}

const char *param_type_label(enum param_type t)
{
	static const char *const labels[] = { "金额", "比率", "整数", "是/否", "日期" };

	return (unsigned)t < 5 ? labels[t] : "?";
}

const char *param_basis_label(const char *basis)
{
	if (!strcmp(basis, "text"))
		return "通知原文";
	if (!strcmp(basis, "external"))
		return "国家文件";
	if (!strcmp(basis, "assumption"))
		return "假设";
	if (!strcmp(basis, "override"))
		return "临时设定";
	return basis;
}

static int span_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(s, lit, n);
}

int param_parse_value(enum param_type t, const char *s, int64_t *v, struct ms_err *err)
{
	size_t n = strlen(s);
	enum ms_cmp cmp;
	ms_day d;

	switch (t) {
	case PARAM_MONEY:
		if (ms_money_parse(s, n, v, err))
			return -1;
		if (*v < 0)
			return ms_err_set(err, "\"%s\": an amount here may not be negative (金额不能为负)", s);
		return 0;
	case PARAM_RATE:
		if (ms_pct_parse(s, n, v, &cmp, err))
			return -1;
		if (cmp != MS_CMP_NONE)
			return ms_err_set(err, "\"%s\": a rate takes no comparator", s);
		return 0;
	case PARAM_INT:
		return ms_dec_parse(s, n, 0, 1000000000, v, err) ? -1 :
			*v < 0 ? ms_err_set(err, "\"%s\": may not be negative", s) : 0;
	case PARAM_BOOL:
		if (span_eq(s, n, "yes") || span_eq(s, n, "true") || span_eq(s, n, "是") ||
		    span_eq(s, n, "1"))
			*v = 1;
		else if (span_eq(s, n, "no") || span_eq(s, n, "false") || span_eq(s, n, "否") ||
			 span_eq(s, n, "0"))
			*v = 0;
		else
			return ms_err_set(err, "\"%s\": expected yes or no (是/否)", s);
		return 0;
	case PARAM_DATE:
		if (ms_date_parse(s, n, &d, err))
			return -1;
		*v = d;
		return 0;
	}
	return ms_err_set(err, "unknown parameter type");
}

int param_format_value(struct ms_buf *b, enum param_type t, int64_t v)
{
	switch (t) {
	case PARAM_MONEY:
		return ms_money_format(b, v);
	case PARAM_RATE:
		return ms_pct_format(b, v);
	case PARAM_INT:
		return ms_buf_addf(b, "%lld", (long long)v);
	case PARAM_BOOL:
		return ms_buf_adds(b, v ? "是" : "否");
	case PARAM_DATE:
		return ms_date_format(b, (ms_day)v);
	}
	return -1;
}

/* ---------- loading ---------- */

static int region_level(const char *code)
{
	size_t i;

	if (!*code)
		return 0;
	if (strlen(code) != 6 && strlen(code) != 9)
		return -1;
	for (i = 0; code[i]; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	if (strlen(code) == 9)
		return 4;   /* a township (乡镇/街道) */
	if (!strcmp(code + 2, "0000"))
		return 1;
	if (!strcmp(code + 4, "00"))
		return 2;
	return 3;
}

/* 1 when the value's region contains the code (a 6- or 9-digit region code or ""). */
static int region_covers(const struct param_value *v, const char *code)
{
	static const size_t prefix[] = { 0, 2, 4, 6, 9 };

	if (!v->level)
		return 1;
	/* a record with no region is in the file's scope: the province's values apply */
	if (!code || !*code)
		return v->level == 1;
	if (strlen(code) != 6 && strlen(code) != 9)
		return 0;
	return strlen(code) >= prefix[v->level] && !memcmp(v->region, code, prefix[v->level]);
}

static const char *opt_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The quote of the indicator `id` in the plan document, or NULL. */
static const char *indicator_quote(json_t *plan, const char *id)
{
	json_t *item, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(plan, "items"), i, item)
		json_array_foreach(json_object_get(item, "indicators"), j, ind)
			if (!strcmp(opt_str(ind, "id"), id))
				return json_string_value(json_object_get(
					json_object_get(ind, "provenance"), "quote"));
	return NULL;
}

static int load_plan(struct params *ps, const char *rel, struct ms_err *err)
{
	const char *slash = strrchr(ps->path, '/');
	struct ms_buf report = MS_BUF_INIT;
	struct plan plan;
	int n;

	if (rel[0] == '/' || !slash)
		snprintf(ps->plan_path, sizeof(ps->plan_path), "%s", rel);
	else
		snprintf(ps->plan_path, sizeof(ps->plan_path), "%.*s/%s",
			 (int)(slash - ps->path), ps->path, rel);
	if (plan_load(&plan, ps->plan_path, err))
		return ms_err_prefix(err, "%s: plan", ps->path);
	n = plan_validate(&plan, NULL, &report, 1);
	if (n) {
		ms_err_set(err, "%s: plan %s does not validate (%d problems): %.*s", ps->path,
			   ps->plan_path, n, (int)(report.len && report.buf[report.len - 1] == '\n' ?
						  report.len - 1 : report.len), report.buf);
		ms_buf_release(&report);
		plan_release(&plan);
		return -1;
	}
	ms_buf_release(&report);
	json_array_append(ps->extra, plan.doc);
	plan_release(&plan);
	return 0;
}

static const char *const basis_ok[] = { "text", "external", "assumption", NULL };

static int in_list(const char *s, const char *const *l)
{
	for (; *l; l++)
		if (!strcmp(s, *l))
			return 1;
	return 0;
}

static int load_value(struct params *ps, struct param *p, json_t *jv, size_t pi, size_t vi,
		      struct param_value *v, struct ms_err *err)
{
	static const char *const keys[] = { "value", "effective_from", "effective_to", "region",
		"basis", "date_basis", "citation", "note", NULL };
	json_t *plan = json_array_get(ps->extra, 0);
	const char *k, *s;
	json_t *x;
	ms_day d;

	if (!json_is_object(jv))
		return ms_err_set(err, "%s: params[%zu].values[%zu]: expected an object", ps->path, pi, vi);
	json_object_foreach(jv, k, x) {
		if (!in_list(k, keys))
			return ms_err_set(err, "%s: params[%zu].values[%zu].%s: unknown field", ps->path, pi, vi, k);
		if (!json_is_string(x))
			return ms_err_set(err, "%s: params[%zu].values[%zu].%s: expected a string", ps->path, pi, vi, k);
	}
	memset(v, 0, sizeof(*v));
	v->text = opt_str(jv, "value");
	if (param_parse_value(p->type, v->text, &v->v, err))
		return ms_err_prefix(err, "%s: params[%zu].values[%zu].value (%s)", ps->path, pi, vi, p->key);
	s = opt_str(jv, "effective_from");
	if (ms_date_parse(s, strlen(s), &d, err))
		return ms_err_prefix(err, "%s: params[%zu].values[%zu].effective_from", ps->path, pi, vi);
	v->from = d;
	v->to = PARAM_DAY_MAX;
	s = opt_str(jv, "effective_to");
	if (*s) {
		if (ms_date_parse(s, strlen(s), &d, err))
			return ms_err_prefix(err, "%s: params[%zu].values[%zu].effective_to", ps->path, pi, vi);
		if (d < v->from)
			return ms_err_set(err, "%s: params[%zu].values[%zu].effective_to: before effective_from",
					  ps->path, pi, vi);
		v->to = d;
	}
	s = opt_str(jv, "region");
	v->level = region_level(s);
	if (v->level < 0)
		return ms_err_set(err, "%s: params[%zu].values[%zu].region: \"%s\" is not a 6-digit GB/T 2260 code "
				  "(or a 9-digit township's)",
				  ps->path, pi, vi, s);
	snprintf(v->region, sizeof(v->region), "%s", s);
	v->basis = opt_str(jv, "basis");
	if (!in_list(v->basis, basis_ok))
		return ms_err_set(err, "%s: params[%zu].values[%zu].basis: \"%s\" is not text, external or assumption",
				  ps->path, pi, vi, v->basis);
	v->date_basis = opt_str(jv, "date_basis");
	if (!in_list(v->date_basis, basis_ok))
		return ms_err_set(err, "%s: params[%zu].values[%zu].date_basis: \"%s\" is not text, external or assumption",
				  ps->path, pi, vi, v->date_basis);
	v->citation = opt_str(jv, "citation");
	v->note = opt_str(jv, "note");
	v->quote = "";
	if (!strcmp(v->basis, "text")) {
		v->quote = plan ? indicator_quote(plan, v->citation) : NULL;
		if (!v->quote)
			return ms_err_set(err, "%s: params[%zu].values[%zu].citation: \"%s\" is not an indicator with a quote in %s",
					  ps->path, pi, vi, v->citation, ps->plan_path[0] ? ps->plan_path : "(no plan named)");
	} else if (!strcmp(v->basis, "external") && !*v->citation) {
		return ms_err_set(err, "%s: params[%zu].values[%zu].citation: an external value names its document",
				  ps->path, pi, vi);
	} else if (!strcmp(v->basis, "assumption") && !*v->note) {
		return ms_err_set(err, "%s: params[%zu].values[%zu].note: an assumption says what it assumes",
				  ps->path, pi, vi);
	}
	if (!strcmp(v->date_basis, "assumption") && !*v->note)
		return ms_err_set(err, "%s: params[%zu].values[%zu].note: an assumed date says what it assumes",
				  ps->path, pi, vi);
	return 0;
}

static int parse_type(const char *s, enum param_type *t)
{
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, type_names[i])) {
			*t = (enum param_type)i;
			return 0;
		}
	return -1;
}

static int load_param(struct params *ps, json_t *jp, size_t pi, struct param *p, struct ms_err *err)
{
	static const char *const keys[] = { "key", "name", "type", "unit", "values", "note", NULL };
	json_t *vals, *jv, *x;
	const char *k;
	size_t i, j;

	if (!json_is_object(jp))
		return ms_err_set(err, "%s: params[%zu]: expected an object", ps->path, pi);
	json_object_foreach(jp, k, x)
		if (!in_list(k, keys))
			return ms_err_set(err, "%s: params[%zu].%s: unknown field", ps->path, pi, k);
	p->key = opt_str(jp, "key");
	p->name = opt_str(jp, "name");
	p->unit = opt_str(jp, "unit");
	if (!*p->key || strlen(p->key) > 64 || strspn(p->key, "abcdefghijklmnopqrstuvwxyz0123456789._") !=
	    strlen(p->key))
		return ms_err_set(err, "%s: params[%zu].key: \"%s\" must be 1-64 of a-z 0-9 . _",
				  ps->path, pi, p->key);
	if (!*p->name)
		return ms_err_set(err, "%s: params[%zu].name: missing", ps->path, pi);
	if (parse_type(opt_str(jp, "type"), &p->type))
		return ms_err_set(err, "%s: params[%zu].type: \"%s\" is not money, rate, int, bool or date",
				  ps->path, pi, opt_str(jp, "type"));
	vals = json_object_get(jp, "values");
	if (!json_is_array(vals) || !json_array_size(vals))
		return ms_err_set(err, "%s: params[%zu].values: a non-empty array is required", ps->path, pi);
	p->n = json_array_size(vals);
	p->v = calloc(p->n, sizeof(*p->v));
	if (!p->v)
		abort();
	json_array_foreach(vals, i, jv)
		if (load_value(ps, p, jv, pi, i, &p->v[i], err))
			return -1;
	for (i = 0; i < p->n; i++)
		for (j = i + 1; j < p->n; j++)
			if (!strcmp(p->v[i].region, p->v[j].region) &&
			    p->v[i].from <= p->v[j].to && p->v[j].from <= p->v[i].to)
				return ms_err_set(err, "%s: params[%zu].values[%zu] and [%zu] (%s): periods overlap in the same region",
						  ps->path, pi, i, j, p->key);
	return 0;
}

int params_load(struct params *ps, const char *path, struct ms_err *err)
{
	static const char *const keys[] = { "schema", "id", "title", "region_code", "plan",
		"note", "params", NULL };
	json_t *arr, *jp, *x;
	const char *k;
	size_t i, j;

	memset(ps, 0, sizeof(*ps));
	snprintf(ps->path, sizeof(ps->path), "%s", path);
	ps->extra = json_array();
	ps->doc = ms_json_load_file(path, err);
	if (!ps->doc)
		goto fail;
	if (!json_is_object(ps->doc)) {
		ms_err_set(err, "%s: a parameter file holds one JSON object", path);
		goto fail;
	}
	json_object_foreach(ps->doc, k, x)
		if (!in_list(k, keys)) {
			ms_err_set(err, "%s: %s: unknown field", path, k);
			goto fail;
		}
	if (strcmp(opt_str(ps->doc, "schema"), PARAMS_SCHEMA)) {
		ms_err_set(err, "%s: schema: expected \"%s\"", path, PARAMS_SCHEMA);
		goto fail;
	}
	if (*opt_str(ps->doc, "plan") && load_plan(ps, opt_str(ps->doc, "plan"), err))
		goto fail;
	arr = json_object_get(ps->doc, "params");
	if (!json_is_array(arr)) {
		ms_err_set(err, "%s: params: expected an array", path);
		goto fail;
	}
	ps->p = calloc(json_array_size(arr) + 1, sizeof(*ps->p));
	if (!ps->p)
		abort();
	json_array_foreach(arr, i, jp) {
		ps->n = i + 1;
		if (load_param(ps, jp, i, &ps->p[i], err))
			goto fail;
		for (j = 0; j < i; j++)
			if (!strcmp(ps->p[j].key, ps->p[i].key)) {
				ms_err_set(err, "%s: params[%zu].key: \"%s\" repeats params[%zu]", path, i,
					   ps->p[i].key, j);
				goto fail;
			}
	}
	return 0;
fail:
	params_release(ps);
	return -1;
}

void params_release(struct params *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->p[i].v);
	free(ps->p);
	json_decref(ps->doc);
	json_decref(ps->extra);
	ps->p = NULL;
	ps->doc = ps->extra = NULL;
	ps->n = 0;
}

const struct param *params_find(const struct params *ps, const char *key)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].key, key))
			return &ps->p[i];
	return NULL;
}

const struct param_value *param_at(const struct param *p, ms_day at, const char *region)
{
	const struct param_value *best = NULL, *v;
	size_t i;

	for (i = 0; i < p->n; i++) {
		v = &p->v[i];
		if (at < v->from || at > v->to || !region_covers(v, region))
			continue;
		if (!best || v->level > best->level ||
		    (v->level == best->level && v->from > best->from))
			best = v;
	}
	return best;
}

const struct param_value *params_get(const struct params *ps, const char *key, ms_day at,
				     const char *region, struct ms_err *err)
{
	const struct param *p = params_find(ps, key);
	const struct param_value *v;
	struct ms_buf d = MS_BUF_INIT;

	if (!p) {
		ms_err_set(err, "parameter %s is not in %s (参数缺失)", key, ps->path);
		return NULL;
	}
	v = param_at(p, at, region);
	if (!v) {
		ms_date_format(&d, at);
		ms_err_set(err, "parameter %s (%s) has no value in effect on %s%s%s (该日无有效参数)",
			   key, p->name, d.buf, region && *region ? " in " : "", region ? region : "");
		ms_buf_release(&d);
	}
	return v;
}

int params_override(struct params *ps, const char *assignment, struct ms_err *err)
{
	const char *eq = strchr(assignment, '=');
	struct param *p = NULL;
	char key[80];
	json_t *s;
	int64_t v;
	size_t i;

	if (!eq || eq == assignment || (size_t)(eq - assignment) >= sizeof(key))
		return ms_err_set(err, "\"%s\": expected KEY=VALUE", assignment);
	memcpy(key, assignment, (size_t)(eq - assignment));
	key[eq - assignment] = '\0';
	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].key, key))
			p = &ps->p[i];
	if (!p)
		return ms_err_set(err, "没有名为 %s 的参数 (\"%s\": no parameter called %s)", key, assignment, key);
	if (param_parse_value(p->type, eq + 1, &v, err))
		return ms_err_prefix(err, "%s", key);
	s = json_string(eq + 1);
	if (!s)
		return ms_err_set(err, "%s: the value is not valid UTF-8", key);
	json_array_append_new(ps->extra, s);
	/* the value changes; each period and region stays as the file has it */
	for (i = 0; i < p->n; i++) {
		p->v[i].v = v;
		p->v[i].text = json_string_value(s);
		p->v[i].basis = "override";
		p->v[i].citation = "";
		p->v[i].quote = "";
		p->v[i].note = "命令行临时设定，取代参数文件中的取值（有效期与区划不变）";
	}
	return 0;
}

json_t *param_value_json(const struct param *p, const struct param_value *v)
{
	struct ms_buf b = MS_BUF_INIT;
	json_t *o = json_object();

	json_object_set_new(o, "key", json_string(p->key));
	json_object_set_new(o, "name", json_string(p->name));
	param_format_value(&b, p->type, v->v);
	json_object_set_new(o, "value", json_string(b.buf));
	/* a rate's value already ends in % */
	json_object_set_new(o, "unit", json_string(p->type == PARAM_RATE ? "" : p->unit));
	ms_buf_reset(&b);
	if (v->from > -1000000)
		ms_date_format(&b, v->from);
	json_object_set_new(o, "effective_from", b.len ? json_string(b.buf) : json_null());
	ms_buf_reset(&b);
	if (v->to != PARAM_DAY_MAX)
		ms_date_format(&b, v->to);
	json_object_set_new(o, "effective_to", b.len ? json_string(b.buf) : json_null());
	json_object_set_new(o, "region", *v->region ? json_string(v->region) : json_null());
	json_object_set_new(o, "basis", json_string(v->basis));
	json_object_set_new(o, "date_basis", json_string(v->date_basis));
	json_object_set_new(o, "citation", json_string(v->citation));
	if (*v->quote)
		json_object_set_new(o, "quote", json_string(v->quote));
	if (*v->note)
		json_object_set_new(o, "note", json_string(v->note));
	ms_buf_release(&b);
	return o;
}
