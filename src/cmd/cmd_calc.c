/*
 * cmd_calc.c - `minsheng calc`, `batch` and `simulate`: the calculators on
 * one case, on a payroll file, and on a payroll under a reform. The field
 * options (--principal, --area, ...) come from the calculators' own field
 * tables, so every calculator's inputs are options here with no code.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "core/money.h"
#include "core/table.h"
#include "plan/orgs.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/params.h"
#include "core/banned.h"

struct calc_args {
	const struct calc_def *def;
	struct calc_in in;
	const char *params;         /* --params FILE */
	char *over[64];             /* --param K=V */
	size_t nover;
	char *reform[64];           /* --reform K=V */
	size_t nreform;
	const char *defaults[32];   /* batch: --FIELD VALUE as "field=value" */
	size_t ndefaults;
	char *owned[32];
	const char *file, *out;
	const char *by;
	int explain, summary, skip_bad;
};

/* "--name=value" or "--name value": the value, advancing *i; NULL when missing. */
static const char *opt_value(int argc, char **argv, int *i, size_t namelen)
{
	const char *a = argv[*i];

	if (a[namelen] == '=')
		return a + namelen + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(a, name, n) && (a[n] == '\0' || a[n] == '=');
}

static void release_args(struct calc_args *a)
{
	size_t i;

	for (i = 0; i < a->ndefaults; i++)
		free(a->owned[i]);
}

/*
 * Parses the options shared by calc, batch and simulate. mode: 'c' calc
 * (fields set the case), 'b' batch and 's' simulate (fields set defaults).
 */
static int parse_args(const struct cmd *self, int argc, char **argv, int mode,
		      struct calc_args *a)
{
	struct ms_err err;
	int i;

	if (argc < 2)
		return cmd_usage(self, "which calculator? loan, dibao, disability or orphan");
	a->def = calc_find(argv[1]);
	if (!a->def)
		return cmd_usage(self, "no calculator '%s'; choose loan, dibao, disability or orphan (无此计算器)",
				 argv[1]);
	a->def->init(&a->in);
	for (i = 2; i < argc; i++) {
		const char *s = argv[i], *v;
		char name[64];
		int fi;

		if (cmd_is_help(s))
			return cmd_help_of(self) == EXIT_OK ? -1 : -1;
		if (s[0] != '-' || !s[1]) {
			if (mode != 'c' && !a->file) {
				a->file = s;
				continue;
			}
			return cmd_usage(self, "unexpected argument '%s'", s);
		}
		if (!strcmp(s, "--explain") && mode == 'c') {
			a->explain = 1;
		} else if (!strcmp(s, "--summary") && mode == 'b') {
			a->summary = 1;
		} else if (!strcmp(s, "--skip-bad") && mode == 'b') {
			a->skip_bad = 1;
		} else if ((!strcmp(s, "-o") || is_opt(s, "--output")) && mode == 'b') {
			a->out = opt_value(argc, argv, &i, s[1] == 'o' ? 2 : 8);
			if (!a->out || !*a->out)
				return cmd_usage(self, "-o needs a file name");
		} else if (is_opt(s, "--by") && mode == 's') {
			a->by = opt_value(argc, argv, &i, 4);
			if (!a->by || strcmp(a->by, "city"))
				return cmd_usage(self, "--by takes city");
		} else if (is_opt(s, "--params")) {
			a->params = opt_value(argc, argv, &i, 8);
			if (!a->params)
				return cmd_usage(self, "--params needs a file");
		} else if (is_opt(s, "--param") || (is_opt(s, "--reform") && mode == 's')) {
			int reform = s[2] == 'r';

			v = opt_value(argc, argv, &i, reform ? 8 : 7);
			if (!v || !strchr(v, '='))
				return cmd_usage(self, "%s needs KEY=VALUE", reform ? "--reform" : "--param");
			if ((reform ? a->nreform : a->nover) >= 64)
				return cmd_usage(self, "too many %s options", reform ? "--reform" : "--param");
			if (reform)
				a->reform[a->nreform++] = (char *)v;
			else
				a->over[a->nover++] = (char *)v;
		} else if (s[1] == '-') {
			size_t n = strcspn(s + 2, "=");

			snprintf(name, sizeof(name), "%.*s", (int)(n > 63 ? 63 : n), s + 2);
			fi = calc_field_index(a->def, name);
			if (fi < 0)
				return cmd_usage(self, "unknown option '%s' for %s (未知选项)", s, a->def->name);
			v = opt_value(argc, argv, &i, n + 2);
			if (!v)
				return cmd_usage(self, "--%s needs a value (%s)", name, a->def->fields[fi].label);
			if (mode == 'c') {
				if (calc_set(a->def, &a->in, fi, v, strlen(v), &err))
					return cmd_usage(self, "--%s", err.msg);
			} else {
				char *kv;

				if (a->ndefaults >= 32)
					return cmd_usage(self, "too many options");
				kv = malloc(strlen(name) + strlen(v) + 2);
				if (!kv)
					abort();
				snprintf(kv, strlen(name) + strlen(v) + 2, "%s=%s", name, v);
				a->owned[a->ndefaults] = kv;
				a->defaults[a->ndefaults++] = kv;
			}
		} else {
			return cmd_usage(self, "unknown option '%s'", s);
		}
	}
	if (mode != 'c' && !a->file)
		return cmd_usage(self, "which file? give the input CSV (缺少输入文件)");
	if (mode == 's' && !a->nreform)
		return cmd_usage(self, "simulate needs at least one --reform KEY=VALUE");
	return 0;
}

/* ---------- calc ---------- */

int cmd_calc(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("calc");
	struct calc_args a = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct calc_ctx cx;
	struct calc_out res;
	struct ms_err err;
	struct params ps;
	json_t *trace, *doc = NULL;
	int rc;
	size_t i;

	if ((rc = parse_args(self, argc, argv, 'c', &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (calc_ready(a.def, &a.in, &err))
		return cmd_usage(self, "--%s", err.msg);
	if ((rc = cmd_load_params(&ps, a.params, a.over, a.nover)))
		return rc;
	trace = json_array();
	calc_ctx_init(&cx, &ps, trace, &err);
	if (calc_run(a.def, &cx, &a.in, &res)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (ctx->json) {
		doc = json_object();
		json_object_set_new(doc, "calc", json_string(a.def->name));
		json_object_set_new(doc, "input", calc_in_json(a.def, &a.in));
		calc_out_json(a.def, &res, doc);
		json_object_set_new(doc, "trace", json_incref(trace));
		ms_json_dump(&out, doc, 1);
	} else {
		struct ms_table *t = ms_table_new(2);

		ms_buf_addf(&out, "%s\n", a.def->label);
		ms_table_add(t, "项目");
		ms_table_add(t, "结果");
		for (i = 0; i < a.def->noutputs; i++) {
			const struct calc_output *o = &a.def->outputs[i];

			ms_table_add(t, o->label);
			if (o->type == CO_MONEY) {
				struct ms_buf v = MS_BUF_INIT;

				calc_out_format(&v, o, res.v[i]);
				ms_table_addf(t, "%s 元", v.buf);
				ms_buf_release(&v);
			} else if (o->type == CO_BOOL) {
				ms_table_add(t, res.v[i] ? "是" : "否");
			} else {
				ms_table_addf(t, "%lld", (long long)res.v[i]);
			}
		}
		if (*res.reason) {
			ms_table_add(t, "说明");
			ms_table_add(t, res.reason);
		}
		ms_table_align_right(t, 1);
		ms_table_render(t, &out);
		ms_table_free(t);
		if (a.explain) {
			ms_buf_adds(&out, "\n计算过程（每一步及其参数依据）：\n");
			calc_explain(&out, trace);
		} else {
			ms_buf_addf(&out, "（加 --explain 查看每一步的算式、参数及通知原文）\n");
		}
	}
	rc = cmd_print(&out);
out:
	json_decref(doc);
	json_decref(trace);
	ms_buf_release(&out);
	params_release(&ps);
	return rc;
}

/* ---------- batch and simulate: summaries ---------- */

static const char *orgs_name(void *arg, const char *code)
{
	return batch_city_name(arg, code);
}

static void load_regions(struct plan_orgs *orgs)
{
	struct ms_buf p = MS_BUF_INIT;
	struct ms_err err;

	if (cmd_data_path(&p, "regions/jiangxi.csv"))
		if (plan_orgs_load_csv(orgs, p.buf, &err))
			plan_orgs_release(orgs);
	ms_buf_release(&p);
}

static char *yuan(char buf[40], int64_t fen)
{
	ms_fixed_str(buf, fen, 2);
	return buf;
}

static json_t *sums_json(const struct calc_def *d, const struct batch_sums *s)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "rows", (json_int_t)s->rows, "eligible",
			      (json_int_t)s->eligible, "paid", (json_int_t)s->paid);
	json_t *tot = json_object();
	char b[40];
	size_t i;

	for (i = 0; i < d->noutputs; i++)
		if (d->outputs[i].summable)
			json_object_set_new(tot, d->outputs[i].name, json_string(yuan(b, s->money[i])));
	json_object_set_new(o, "totals", tot);
	return o;
}

static int print_summary(const struct calc_args *a, const struct batch_result *r, int json,
			 FILE *to)
{
	const struct calc_def *d = a->def;
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf out = MS_BUF_INIT;
	char b[40];
	size_t i, k;

	load_regions(&orgs);
	if (json) {
		json_t *o = json_object(), *cities = json_array();

		json_object_set_new(o, "calc", json_string(d->name));
		json_object_set_new(o, "file", json_string(a->file));
		json_object_set_new(o, "output", a->out ? json_string(a->out) : json_null());
		json_object_set_new(o, "rejected", json_integer((json_int_t)r->rejected));
		if (r->rejects_path[0])
			json_object_set_new(o, "rejects_file", json_string(r->rejects_path));
		json_object_update_new(o, sums_json(d, &r->base));
		for (i = 0; i < r->n_city; i++) {
			json_t *c = sums_json(d, &r->city[i].base);

			json_object_set_new(c, "code", r->city[i].code[0] ? json_string(r->city[i].code) : json_null());
			json_object_set_new(c, "name", json_string(batch_city_name(&orgs, r->city[i].code)));
			json_array_append_new(cities, c);
		}
		json_object_set_new(o, "by_city", r->has_region ? cities : (json_decref(cities), json_null()));
		ms_json_dump(&out, o, 1);
		json_decref(o);
	} else {
		struct ms_table *t;

		ms_buf_addf(&out, "%s：共 %llu 行，符合条件 %llu 行，金额大于零 %llu 行", d->label,
			    (unsigned long long)r->base.rows, (unsigned long long)r->base.eligible,
			    (unsigned long long)r->base.paid);
		if (a->skip_bad)
			ms_buf_addf(&out, "，拒收 %llu 行%s%s", (unsigned long long)r->rejected,
				    r->rejects_path[0] ? "（见 " : "", r->rejects_path[0] ? r->rejects_path : "");
		ms_buf_adds(&out, r->rejects_path[0] ? "）\n" : "\n");
		for (i = 0; i < d->noutputs; i++)
			if (d->outputs[i].summable)
				ms_buf_addf(&out, "  %s合计：%s 元\n", d->outputs[i].label,
					    yuan(b, r->base.money[i]));
		if (r->has_region) {
			t = ms_table_new(4 + 1);
			ms_table_add(t, "区划");
			ms_table_add(t, "设区市");
			ms_table_add(t, "行数");
			ms_table_add(t, "符合条件");
			ms_table_add(t, d->outputs[d->money_out].label);
			for (k = 2; k < 5; k++)
				ms_table_align_right(t, k);
			for (i = 0; i < r->n_city; i++) {
				ms_table_add(t, r->city[i].code);
				ms_table_add(t, batch_city_name(&orgs, r->city[i].code));
				ms_table_addf(t, "%llu", (unsigned long long)r->city[i].base.rows);
				ms_table_addf(t, "%llu", (unsigned long long)r->city[i].base.eligible);
				ms_table_add(t, yuan(b, r->city[i].base.money[d->money_out]));
			}
			ms_buf_adds(&out, "\n按设区市：\n");
			ms_table_render(t, &out);
			ms_table_free(t);
		}
	}
	plan_orgs_release(&orgs);
	fwrite(out.buf, 1, out.len, to);
	fflush(to);
	ms_buf_release(&out);
	return EXIT_OK;
}

int cmd_batch(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("batch");
	struct calc_args a = { 0 };
	struct batch_opts o = { 0 };
	struct batch_result r;
	struct ms_err err;
	struct params ps;
	int rc;

	if ((rc = parse_args(self, argc, argv, 'b', &a))) {
		release_args(&a);
		return rc < 0 ? EXIT_OK : rc;
	}
	if ((rc = cmd_load_params(&ps, a.params, a.over, a.nover))) {
		release_args(&a);
		return rc;
	}
	o.def = a.def;
	o.base = &ps;
	o.in_path = a.file;
	o.out_path = a.out;
	o.defaults = a.defaults;
	o.ndefaults = a.ndefaults;
	o.skip_bad = a.skip_bad;
	o.progress = isatty(2) && !getenv("CI");
	if (batch_run(&o, &r, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		if (a.summary || ctx->json)
			print_summary(&a, &r, ctx->json, a.out ? stdout : stderr);
		else if (a.out)
			printf("已写入 %s：%llu 行%s\n", a.out, (unsigned long long)r.base.rows,
			       r.rejected ? "（另有拒收行，见 .rejects.csv）" : "");
		if (r.rejected && !a.summary && !ctx->json)
			fprintf(stderr, "minsheng: %llu rows rejected, see %s (拒收 %llu 行)\n",
				(unsigned long long)r.rejected, r.rejects_path,
				(unsigned long long)r.rejected);
		batch_result_release(&r);
	}
	params_release(&ps);
	release_args(&a);
	return rc;
}

/* ---------- simulate ---------- */

static void signed_yuan(struct ms_table *t, int64_t v)
{
	char b[40];

	ms_table_addf(t, "%s%s", v > 0 ? "+" : "", yuan(b, v));
}

static void signed_count(struct ms_table *t, int64_t v)
{
	ms_table_addf(t, "%s%lld", v > 0 ? "+" : "", (long long)v);
}

int cmd_simulate(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("simulate");
	struct calc_args a = { 0 };
	struct batch_opts o = { 0 };
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf out = MS_BUF_INIT;
	struct batch_result r;
	struct params base, reform;
	struct ms_err err;
	const struct calc_def *d;
	char b1[40];
	size_t i;
	int rc;

	if ((rc = parse_args(self, argc, argv, 's', &a))) {
		release_args(&a);
		return rc < 0 ? EXIT_OK : rc;
	}
	d = a.def;
	if ((rc = cmd_load_params(&base, a.params, a.over, a.nover))) {
		release_args(&a);
		return rc;
	}
	if ((rc = cmd_load_params(&reform, a.params, a.over, a.nover))) {
		params_release(&base);
		release_args(&a);
		return rc;
	}
	for (i = 0; i < a.nreform; i++)
		if (params_override(&reform, a.reform[i], &err)) {
			rc = cmd_fail("--reform %s", err.msg);
			goto out;
		}
	o.def = d;
	o.base = &base;
	o.reform = &reform;
	o.in_path = a.file;
	o.defaults = a.defaults;
	o.ndefaults = a.ndefaults;
	o.progress = isatty(2) && !getenv("CI");
	if (batch_run(&o, &r, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	load_regions(&orgs);
	if (ctx->json) {
		json_t *doc = batch_sim_json(d, &r, a.file, (const char *const *)a.reform, a.nreform,
					     a.by != NULL, orgs_name, &orgs);

		ms_json_dump(&out, doc, 1);
		json_decref(doc);
	} else {
		struct ms_table *t = ms_table_new(4);
		int64_t mb = r.base.money[d->money_out], mr = r.reform.money[d->money_out];
		const char *what = d->outputs[d->money_out].label;

		ms_buf_addf(&out, "改革测算：%s，%llu 条记录（%s）\n", d->label,
			    (unsigned long long)r.base.rows, a.file);
		for (i = 0; i < a.nreform; i++) {
			const char *eq = strchr(a.reform[i], '=');
			char key[80];
			const struct param *p;

			snprintf(key, sizeof(key), "%.*s", (int)(eq - a.reform[i]), a.reform[i]);
			p = params_find(&base, key);
			ms_buf_addf(&out, "  %s（%s）：%s\n", key, p ? p->name : "", eq + 1);
		}
		ms_buf_adds(&out, "\n");
		ms_table_add(t, "");
		ms_table_add(t, "基线");
		ms_table_add(t, "改革后");
		ms_table_add(t, "变化");
		for (i = 1; i < 4; i++)
			ms_table_align_right(t, i);
		if (d->kind == CALC_LOAN) {
			ms_table_addf(t, "%s（元）", what);
			ms_table_add(t, yuan(b1, mb));
			ms_table_add(t, yuan(b1, mr));
			signed_yuan(t, mr - mb);
		} else {
			ms_table_addf(t, "月度支出（%s，元）", what);
			ms_table_add(t, yuan(b1, mb));
			ms_table_add(t, yuan(b1, mr));
			signed_yuan(t, mr - mb);
			ms_table_add(t, "年度支出（×12，元）");
			ms_table_add(t, yuan(b1, mb * 12));
			ms_table_add(t, yuan(b1, mr * 12));
			signed_yuan(t, (mr - mb) * 12);
		}
		ms_table_add(t, "受益记录（金额大于零）");
		ms_table_addf(t, "%llu", (unsigned long long)r.base.paid);
		ms_table_addf(t, "%llu", (unsigned long long)r.reform.paid);
		signed_count(t, (int64_t)r.reform.paid - (int64_t)r.base.paid);
		ms_table_add(t, "符合条件");
		ms_table_addf(t, "%llu", (unsigned long long)r.base.eligible);
		ms_table_addf(t, "%llu", (unsigned long long)r.reform.eligible);
		signed_count(t, (int64_t)r.reform.eligible - (int64_t)r.base.eligible);
		ms_table_render(t, &out);
		ms_table_free(t);
		ms_buf_addf(&out, "\n新增符合条件 %llu，不再符合条件 %llu；", (unsigned long long)r.diff.newly_eligible,
			    (unsigned long long)r.diff.no_longer_eligible);
		ms_buf_addf(&out, "增加者 %llu（共增加 %s 元），", (unsigned long long)r.diff.winners,
			    yuan(b1, r.diff.gain));
		ms_buf_addf(&out, "减少者 %llu（共减少 %s 元）\n", (unsigned long long)r.diff.losers,
			    yuan(b1, r.diff.loss));
		if (a.by && r.has_region) {
			t = ms_table_new(8);
			ms_table_add(t, "区划");
			ms_table_add(t, "设区市");
			ms_table_add(t, "记录");
			ms_table_add(t, d->kind == CALC_LOAN ? "基线（元）" : "基线月支出");
			ms_table_add(t, d->kind == CALC_LOAN ? "改革后（元）" : "改革后月支出");
			ms_table_add(t, "变化");
			ms_table_add(t, "新增符合");
			ms_table_add(t, "增加者/减少者");
			for (i = 2; i < 8; i++)
				ms_table_align_right(t, i);
			for (i = 0; i < r.n_city; i++) {
				const struct batch_group *g = &r.city[i];

				ms_table_add(t, g->code);
				ms_table_add(t, batch_city_name(&orgs, g->code));
				ms_table_addf(t, "%llu", (unsigned long long)g->base.rows);
				ms_table_add(t, yuan(b1, g->base.money[d->money_out]));
				ms_table_add(t, yuan(b1, g->reform.money[d->money_out]));
				signed_yuan(t, g->reform.money[d->money_out] - g->base.money[d->money_out]);
				ms_table_addf(t, "%llu", (unsigned long long)g->diff.newly_eligible);
				ms_table_addf(t, "%llu/%llu", (unsigned long long)g->diff.winners,
					      (unsigned long long)g->diff.losers);
			}
			ms_buf_adds(&out, "\n按设区市：\n");
			ms_table_render(t, &out);
			ms_table_free(t);
		} else if (a.by) {
			ms_buf_adds(&out, "\n（输入文件没有 region 列，无法按设区市汇总）\n");
		}
	}
	rc = cmd_print(&out);
	batch_result_release(&r);
out:
	plan_orgs_release(&orgs);
	ms_buf_release(&out);
	params_release(&base);
	params_release(&reform);
	release_args(&a);
	return rc;
}
