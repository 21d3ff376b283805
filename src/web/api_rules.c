/*
 * api_rules.c - the policy rules over the API: a calculator's answer with
 * every step (GET /api/v1/calc/KIND), the parameters in force, and a
 * payroll simulated under a reform (POST /api/v1/simulate/KIND, text/csv).
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
