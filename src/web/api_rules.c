/*
 * api_rules.c - the policy rules over the API: a calculator's answer with
 * every step (GET /api/v1/calc/KIND), the parameters in force, and a
 * payroll simulated under a reform (POST /api/v1/simulate/KIND, text/csv);
 * and the calculators' pages (/calc/KIND): the form and the answer.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "core/banned.h"

#define SIM_MAX 32   /* reforms, and calculator inputs given as the payroll's defaults */

int web_calc_fields(const struct calc_def *d, const struct web_fields *f, struct calc_in *in,
		    const char **given, int strict, struct ms_err *err)
{
	size_t i;

	d->init(in);
	for (i = 0; i < f->n; i++) {
		int fi = calc_field_index(d, f->v[i].key);

		if (fi < 0) {
			if (!strict)
				continue;
			return ms_err_field(err, MS_E_INVALID, f->v[i].key, "%.*s: not an input of %s (未知参数)",
					    ms_utf8_clip(f->v[i].key, strlen(f->v[i].key), 100), f->v[i].key,
					    d->name);
		}
		if (!strict && !*f->v[i].val)
			continue;
		if (given && fi < 32)
			given[fi] = f->v[i].val;
		if (calc_set(d, in, fi, f->v[i].val, strlen(f->v[i].val), err))
			return -1;
	}
	return 0;
}

void api_calc(struct web_ctx *c)
{
	const struct calc_def *d = calc_find(c->rest);
	struct calc_in in;
	struct calc_ctx cx;
	struct calc_out out;
	struct ms_err err;
	json_t *trace, *doc;

	if (!d) {
		web_fail(c, 404, "no such calculator; use loan, dibao, disability or orphan");
		return;
	}
	if (web_calc_fields(d, &c->rq->query, &in, NULL, 1, &err) || calc_ready(d, &in, &err)) {
		web_fail_field(c, 400, err.field, err.msg);
		return;
	}
	trace = json_array();
	calc_ctx_init(&cx, c->app->params, trace, &err);
	if (calc_run(d, &cx, &in, &out)) {
		json_decref(trace);
		web_fail_field(c, 422, err.field, err.msg);
		return;
	}
	doc = json_object();
	json_object_set_new(doc, "calc", json_string(d->name));
	json_object_set_new(doc, "input", calc_in_json(d, &in));
	calc_out_json(d, &out, doc);
	json_object_set_new(doc, "trace", trace);
	web_reply_json(c->r, 200, doc);
}

void api_params(struct web_ctx *c)
{
	const struct params *ps = c->app->params;
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < ps->n; i++)
		for (j = 0; j < ps->p[i].n; j++)
			json_array_append_new(arr, param_value_json(&ps->p[i], &ps->p[i].v[j]));
	web_reply_json(c->r, 200, arr);
}

/* ---------- simulate: a payroll under a reform ---------- */

/* What the query asks of a simulation: the reforms, and "field=value" defaults for the payroll. */
struct sim_query {
	const char *reforms[SIM_MAX], *defaults[SIM_MAX];
	char *kv[SIM_MAX];            /* the defaults' storage */
	size_t nr, nd;
};

static void sim_query_release(struct sim_query *q)
{
	size_t i;

	for (i = 0; i < q->nd; i++)
		free(q->kv[i]);
	q->nd = 0;
}

/* Reads ?reform=… (at least one), calculator inputs and ?by=; -1 after replying 400. */
static int sim_query_read(struct web_ctx *c, const struct calc_def *d, struct sim_query *sq)
{
	struct ms_err err;
	size_t i;

	for (i = 0; i < c->rq->query.n; i++) {
		const struct web_kv *q = &c->rq->query.v[i];

		if (!strcmp(q->key, "reform")) {
			if (sq->nr == SIM_MAX) {
				web_fail_field(c, 400, "reform", "reform: at most 32");
				return -1;
			}
			sq->reforms[sq->nr++] = q->val;
		} else if (calc_field_index(d, q->key) >= 0 && sq->nd < SIM_MAX) {
			size_t n = strlen(q->key) + strlen(q->val) + 2;

			sq->kv[sq->nd] = malloc(n);
			if (!sq->kv[sq->nd])
				abort();
			snprintf(sq->kv[sq->nd], n, "%s=%s", q->key, q->val);
			sq->defaults[sq->nd] = sq->kv[sq->nd];
			sq->nd++;
		} else if (strcmp(q->key, "by")) {
			ms_err_set(&err, "%.*s: not an input of %s, nor reform or by (未知参数)",
				   ms_utf8_clip(q->key, strlen(q->key), 64), q->key, d->name);
			web_fail_field(c, 400, q->key, err.msg);
			return -1;
		}
	}
	if (!sq->nr) {
		web_fail_field(c, 400, "reform", "reform: give at least one, e.g. ?reform=dibao.urban_standard=950");
		return -1;
	}
	return 0;
}

/* The base parameters with the reforms applied; -1 after replying. */
static int sim_reform(struct web_ctx *c, const struct sim_query *sq, struct params *reform)
{
	struct ms_err err;
	size_t i;

	if (params_load(reform, c->app->params->path, &err)) {
		web_fail(c, 500, err.msg);
		return -1;
	}
	for (i = 0; i < sq->nr; i++)
		if (params_override(reform, sq->reforms[i], &err)) {
			ms_err_prefix(&err, "reform");
			web_fail_field(c, 400, "reform", err.msg);
			params_release(reform);
			return -1;
		}
	return 0;
}

/* The upload into a temporary file path (the batch reads a file); -1 after replying. */
static int sim_payroll(struct web_ctx *c, char *path)
{
	int fd = mkstemp(path);

	if (fd < 0) {
		web_fail(c, 500, "cannot make a temporary file");
		return -1;
	}
	if (write(fd, c->rq->csv, c->rq->csv_len) != (ssize_t)c->rq->csv_len) {
		close(fd);
		unlink(path);
		web_fail(c, 500, "cannot write a temporary file");
		return -1;
	}
	close(fd);
	return 0;
}

static const char *store_city_name(void *arg, const char *code)
{
	static __thread struct store_org_row o;

	if (!code[0])
		return "（未填区划）";
	return store_org_get(arg, code, &o, NULL) == 1 ? o.name : "（未知区划）";
}

/* Runs the batch on the payroll at path; replies 200 with the comparison or 422. */
static void sim_run(struct web_ctx *c, const struct calc_def *d, struct sim_query *sq,
		    const struct params *reform, const char *path)
{
	const char *by = web_field(&c->rq->query, "by");
	struct batch_opts o = { 0 };
	struct batch_result res;
	struct ms_err err;

	o.def = d;
	o.base = c->app->params;
	o.reform = reform;
	o.in_path = path;
	o.defaults = sq->defaults;
	o.ndefaults = sq->nd;
	o.no_output = 1;
	if (batch_run(&o, &res, &err)) {
		/* name the upload, not our temporary file */
		char msg[sizeof(err.msg)];
		const char *at = strstr(err.msg, path);

		if (at)
			snprintf(msg, sizeof(msg), "%.*spayroll.csv%s", (int)(at - err.msg), err.msg, at + strlen(path));
		else
			snprintf(msg, sizeof(msg), "%s", err.msg);
		web_fail_field(c, 422, err.field, msg);
		return;
	}
	web_reply_json(c->r, 200, batch_sim_json(d, &res, "payroll.csv", sq->reforms, sq->nr,
						 by && !strcmp(by, "city"), store_city_name, c->st));
	batch_result_release(&res);
}

void api_simulate(struct web_ctx *c)
{
	const struct calc_def *d = calc_find(c->rest);
	char path[] = "/tmp/minsheng-simulate-XXXXXX";
	struct sim_query sq = { .nr = 0, .nd = 0 };
	struct params reform;

	if (!d) {
		web_fail(c, 404, "no such calculator; use loan, dibao, disability or orphan");
		return;
	}
	if (!c->rq->csv) {
		web_fail(c, 400, "send the payroll as the body with Content-Type: text/csv (发放名册 CSV)");
		return;
	}
	if (sim_query_read(c, d, &sq) || sim_reform(c, &sq, &reform))
		goto out;
	if (!sim_payroll(c, path)) {
		sim_run(c, d, &sq, &reform, path);
		unlink(path);
	}
	params_release(&reform);
out:
	sim_query_release(&sq);
}

/* ---------- 政策计算器 ---------- */

/*
 * A calculator's refusal in Chinese, for beside the field: the rules speak
 * "members: 0 is out of range 1..99"; the form says what to do instead.
 */
static void calc_err_cn(struct ms_buf *o, const char *msg)
{
	const char *r = strstr(msg, "out of range "), *paren;
	long long lo, hi;

	if (r && sscanf(r, "out of range %lld..%lld", &lo, &hi) == 2)
		ms_buf_addf(o, "应在 %lld 至 %lld 之间", lo, hi);
	else if (strstr(msg, "is not one of") || strstr(msg, "yes or no"))
		ms_buf_adds(o, "请从列表中选择");
	else if (strstr(msg, "region code"))
		ms_buf_adds(o, "请从列表中选择地区");
	else if (strstr(msg, ": empty") || strstr(msg, ": missing"))
		ms_buf_adds(o, "必填");
	else if (strstr(msg, "not a month"))
		ms_buf_adds(o, "请选择月份（年-月）");
	else if (strstr(msg, "not a date"))
		ms_buf_adds(o, "请填写日期（年-月-日）");
	else if (strstr(msg, "may not be negative"))
		ms_buf_adds(o, "不能为负数");
	else if (strstr(msg, "above 100%"))
		ms_buf_adds(o, "不应超过 100%");
	else if (strstr(msg, "not after start"))
		ms_buf_adds(o, "计息止日须晚于起日");
	else if ((paren = strstr(msg, "(")) && (unsigned char)paren[1] >= 0x80 && strchr(paren, ')'))
		web_esc_n(o, paren + 1, (size_t)(strchr(paren, ')') - paren - 1));  /* the message's own Chinese */
	else
		ms_buf_adds(o, "输入有误，请检查");
}

/* One field of a calculator's form: a select, a month or date picker, the region picker, or a box; its error beside it. */
static void calc_input(struct ms_buf *o, const struct calc_field *f, const char *given, const char *region_html,
		       const char *err)
{
	const char *bad = err ? " class=\"bad\" aria-invalid=\"true\"" : "";
	size_t k;

	ms_buf_addf(o, "<label for=\"f-%s\">", f->name);
	web_esc(o, f->short_label ? f->short_label : f->label);
	ms_buf_addf(o, "%s</label>", f->required ? "（必填）" : "");
	if (f->input == CALC_IN_CHOICE) {
		int known = 0;

		for (k = 0; given && k < f->nchoices; k++)
			known |= !strcmp(given, f->choices[k].code) || !strcmp(given, f->choices[k].cn);
		ms_buf_addf(o, "<select name=\"%s\" id=\"f-%s\"%s>", f->name, f->name, bad);
		if (!f->required || !known)
			ms_buf_addf(o, "<option value=\"\">%s</option>", f->required ? "请选择" : "（默认）");
		for (k = 0; k < f->nchoices; k++) {
			int sel = given && (!strcmp(given, f->choices[k].code) || !strcmp(given, f->choices[k].cn));

			ms_buf_addf(o, "<option value=\"%s\"%s>", f->choices[k].code, sel ? " selected" : "");
			web_esc(o, f->choices[k].cn);
			ms_buf_adds(o, "</option>");
		}
		ms_buf_adds(o, "</select>");
	} else if (f->input == CALC_IN_REGION && region_html) {
		ms_buf_adds(o, region_html);
	} else {
		static const char *const type[] = { "text", "text", "date", "month", "text", "text" };

		ms_buf_addf(o, "<input type=\"%s\" name=\"%s\" id=\"f-%s\"%s%s value=\"", type[f->input], f->name,
			    f->name, f->input == CALC_IN_NUMBER ? " inputmode=\"decimal\"" : "", bad);
		web_esc(o, given ? given : "");
		ms_buf_adds(o, "\">");
	}
	if (err) {
		ms_buf_addf(o, "<span class=\"ferr\" id=\"err-%s\">", f->name);
		web_esc(o, f->short_label ? f->short_label : f->label);
		ms_buf_adds(o, "：");
		calc_err_cn(o, err);
		ms_buf_adds(o, "</span>");
	}
}

int web_page_calc(struct ms_buf *o, const struct web_who *w, const struct calc_def *d,
		  const char *const *given, const struct calc_out *out, const json_t *trace,
		  const char *error, const char *err_field, const char *region_html)
{
	size_t i, j;
	json_t *st, *pv;
	int at_field = 0;

	web_page_begin(o, "政策计算器", w);
	ms_buf_adds(o, "<p>");
	for (i = 0; i < 4; i++) {
		ms_buf_addf(o, "%s<a href=\"/calc/%s\">%s</a>", i ? "　" : "", calc_defs[i].name,
			    calc_defs[i].label);
	}
	ms_buf_adds(o, "</p>\n<h2>");
	web_esc(o, d->label);
	ms_buf_addf(o, "</h2>\n<form class=\"calc\" method=\"get\" action=\"/calc/%s\">\n", d->name);
	for (i = 0; i < d->nfields; i++)
		at_field |= error && err_field && !strcmp(err_field, d->fields[i].name);
	if (error) {
		/* the summary above the form; the field's own message sits beside it */
		ms_buf_adds(o, "<p class=\"err\" id=\"calc-error\">");
		if (at_field)
			ms_buf_adds(o, "请更正下面标出的项目。");
		else
			calc_err_cn(o, error);
		ms_buf_adds(o, "</p>\n");
	}
	for (i = 0; i < d->nfields; i++) {
		int here = error && err_field && !strcmp(err_field, d->fields[i].name);

		ms_buf_adds(o, "<div class=\"cf\">");
		calc_input(o, &d->fields[i], given[i], d->fields[i].input == CALC_IN_REGION ? region_html : NULL,
			   here ? error : NULL);
		ms_buf_adds(o, "</div>\n");
	}
	ms_buf_adds(o, "<button type=\"submit\">计算</button>\n</form>\n");
	if (out) {
		ms_buf_adds(o, "<h2>结果</h2>\n<table>");
		for (i = 0; i < d->noutputs; i++) {
			struct ms_buf v = MS_BUF_INIT;

			if (d->outputs[i].type == CO_BOOL)
				ms_buf_adds(&v, out->v[i] ? "是" : "否");
			else {
				calc_out_format(&v, &d->outputs[i], out->v[i]);
				if (d->outputs[i].type == CO_MONEY)
					ms_buf_adds(&v, " 元");
			}
			ms_buf_adds(o, "<tr><th>");
			web_esc(o, d->outputs[i].label);
			ms_buf_adds(o, "</th><td class=\"num\">");
			web_esc(o, v.buf);
			ms_buf_adds(o, "</td></tr>\n");
			ms_buf_release(&v);
		}
		if (out->reason && *out->reason) {
			ms_buf_adds(o, "<tr><th>说明</th><td>");
			web_esc(o, out->reason);
			ms_buf_adds(o, "</td></tr>\n");
		}
		ms_buf_adds(o, "</table>\n<h2>计算过程及依据</h2>\n<ol>\n");
		json_array_foreach(trace, i, st) {
			ms_buf_adds(o, "<li><b>");
			web_esc(o, json_string_value(json_object_get(st, "step")));
			ms_buf_adds(o, " = ");
			web_esc(o, json_string_value(json_object_get(st, "value")));
			web_esc(o, json_string_value(json_object_get(st, "unit")));
			ms_buf_adds(o, "</b><br>");
			web_esc(o, json_string_value(json_object_get(st, "formula")));
			json_array_foreach(json_object_get(st, "params"), j, pv) {
				const char *basis = json_string_value(json_object_get(pv, "basis"));
				const char *cite = json_string_value(json_object_get(pv, "citation"));
				const char *quote = json_string_value(json_object_get(pv, "quote"));

				ms_buf_adds(o, "<br>参数 ");
				web_esc(o, json_string_value(json_object_get(pv, "name")));
				ms_buf_adds(o, " = ");
				web_esc(o, json_string_value(json_object_get(pv, "value")));
				ms_buf_adds(o, "（");
				web_esc(o, param_basis_label(basis ? basis : ""));
				if (quote && cite) {
					ms_buf_addf(o, "：<a href=\"/source#ind-%s\">“", cite);
					web_esc(o, quote);
					ms_buf_adds(o, "”</a>");
				} else if (cite && *cite) {
					ms_buf_adds(o, "：");
					web_esc(o, cite);
				}
				ms_buf_adds(o, "）");
			}
			ms_buf_adds(o, "</li>\n");
		}
		ms_buf_adds(o, "</ol>\n");
	}
	web_page_end(o);
	return 0;
}

/* /calc/KIND: the form, and with any value typed the result; a refusal is shown on the page. */
void page_calc(struct web_ctx *c)
{
	const struct calc_def *d = calc_find(c->rest);
	const char *given[32] = { 0 };
	struct calc_in in;
	struct calc_out out;
	struct calc_ctx cx;
	struct ms_err err;
	json_t *trace = NULL;
	const char *error = NULL;
	int ok = 0;
	size_t i, any = 0;

	if (!d) {
		web_fail(c, 404, "no such calculator (无此计算器)");
		return;
	}
	for (i = 0; i < c->rq->query.n; i++)
		any += *c->rq->query.v[i].val != '\0';
	if (any) {
		if (web_calc_fields(d, &c->rq->query, &in, given, 0, &err) || calc_ready(d, &in, &err)) {
			error = err.msg;
		} else {
			trace = json_array();
			calc_ctx_init(&cx, c->app->params, trace, &err);
			if (calc_run(d, &cx, &in, &out))
				error = err.msg;
			else
				ok = 1;
		}
	}
	{
		struct ms_buf regions = MS_BUF_INIT;
		const char *ri = NULL;
		int k = calc_field_index(d, "region");

		/* what was typed in the fields after a refused one, shown back too */
		for (i = 0; i < d->nfields && i < 32; i++)
			if (!given[i])
				given[i] = web_field(&c->rq->query, d->fields[i].name);

		/* the region picker, when the calculator takes a region (the box stays if the list cannot be read) */
		if (k >= 0 && !web_region_select(&regions, c->st, "360000" /* the shipped rules are Jiangxi's */, "region", "不选（按全省标准）", given[k], NULL))
			ri = regions.buf;
		ms_buf_reset(&c->r->body);
		web_page_calc(&c->r->body, &c->who, d, given, ok ? &out : NULL, trace, error, error ? err.field : NULL,
			      ri);
		ms_buf_release(&regions);
	}
	web_reply_html(c->r, 200);
	json_decref(trace);
}
