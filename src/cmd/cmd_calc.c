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
	int mode;                   /* 'c' calc (fields set the case), 'b' batch, 's' simulate */
	const char *params;         /* --params FILE */
	struct cmd_list over;       /* --param K=V */
	struct cmd_list reform;     /* --reform K=V */
	const char *defaults[32];   /* batch, simulate: --FIELD VALUE as "field=value" */
	size_t ndefaults;
	char *owned[32];
	const char *file, *out;
	const char *by;
	int explain, summary, skip_bad;
	long threads;               /* --threads (OPT_INT stores a long); 0: the default */
};

static void release_args(struct calc_args *a)
{
	size_t i;

	for (i = 0; i < a->ndefaults; i++)
		free(a->owned[i]);
}

/* A calculator's field error as a usage error: the hint when it names the field, else "--MESSAGE". */
static int field_usage(const struct cmd *self, const struct ms_err *err)
{
	if (*err->field)
		return cmd_usage_err(self, err);
	return cmd_usage(self, "--%s", err->msg);
}

/*
 * --FIELD VALUE: any input of the calculator (from its field table). calc
 * sets the case; batch and simulate keep "field=value" as a default for
 * rows without that column.
 */
static int field_option(void *opts, const char *name, const char *v, struct ms_err *err)
{
	struct calc_args *a = opts;
	int fi = a->def ? calc_field_index(a->def, name) : -1;
	size_t n;
	char *kv;

	if (fi < 0) {
		if (err && a->def)
			ms_err_set(err, "unknown option for %s", a->def->name);
		return -1;
	}
	if (!v)
		return 0;
	if (a->mode == 'c') {
		if (!calc_set(a->def, &a->in, fi, v, strlen(v), err))
			return 0;
		if (!*err->field) {
			struct ms_err e = *err;

			ms_err_set(err, "--%s", e.msg);
		}
		return -1;
	}
	if (a->ndefaults >= 32)
		return ms_err_set(err, "--%s: 选项过多 (too many options)", name);
	n = strlen(name) + strlen(v) + 2;
	kv = malloc(n);
	if (!kv)
		abort();
	snprintf(kv, n, "%s=%s", name, v);
	a->owned[a->ndefaults] = kv;
	a->defaults[a->ndefaults++] = kv;
	return 0;
}

#define CALC_COMMON(T) \
	OPT_STRING(0, "params", T, params, "FILE", "参数文件（默认 data/params/jiangxi.json） the parameter file"), \
	OPT_LIST(0, "param", T, over, "KEY=VALUE", "临时改变一个参数，可重复（见 minsheng param list） override a parameter"), \
	OPT_DYNAMIC("FIELD VALUE", "计算器的输入（选项名即字段名，见上） an input of the calculator", field_option)

static const struct cmd_option calc_options[] = {
	OPT_FLAG(0, "explain", struct calc_args, explain,
		 "列出每一步的算式、参数取值、生效日期、依据和通知原文 show every step and its basis"),
	CALC_COMMON(struct calc_args),
	OPT_END(),
};

static const struct cmd_option batch_options[] = {
	OPT_OUTPUT(struct calc_args, out, "OUT.csv", "输出文件（输入各列 + 计算列；- 为标准输出） the output file"),
	OPT_FLAG(0, "summary", struct calc_args, summary,
		 "输出汇总：行数、符合条件数、金额合计、按设区市 print the totals"),
	OPT_FLAG(0, "skip-bad", struct calc_args, skip_bad,
		 "错误行写入 OUT.rejects.csv，其余照常输出 set bad rows aside instead of stopping"),
	OPT_INT(0, "threads", struct calc_args, threads, "N",
		"计算线程数 1–8（默认 CPU 核数；结果与线程数无关） computing threads", 1, 8),
	CALC_COMMON(struct calc_args),
	OPT_END(),
};

static const struct cmd_option simulate_options[] = {
	OPT_LIST(0, "reform", struct calc_args, reform, "KEY=VALUE",
		 "改革后的参数取值，至少一个，可重复 a reformed parameter"),
	OPT_CHOICE(0, "by", struct calc_args, by, "city", "按设区市列出 by city"),
	OPT_INT(0, "threads", struct calc_args, threads, "N",
		"计算线程数 1–8（默认 CPU 核数；结果与线程数无关） computing threads", 1, 8),
	CALC_COMMON(struct calc_args),
	OPT_END(),
};

/*
 * Parses the arguments of calc ('c'), batch ('b') or simulate ('s'): the
 * calculator first (its fields are options), then the options, and for
 * batch and simulate the input file. 0, or -1 with *rc the exit code.
 */
static int parse_args(const struct cmd *self, int argc, char **argv, int mode,
		      struct calc_args *a, int *rc)
{
	struct ms_err err;

	a->mode = mode;
	if (argc > 1 && argv[1][0] != '-' && (a->def = calc_find(argv[1])))
		a->def->init(&a->in);
	if (cmd_parse(self, &argc, argv, a, rc))
		return -1;
	if (argc < 1)
		*rc = cmd_usage(self, "which calculator? loan, dibao, disability or orphan");
	else if (!a->def)
		*rc = cmd_usage(self, "no calculator '%s'; choose loan, dibao, disability or orphan (无此计算器)",
				argv[0]);
	else if (argc > (mode == 'c' ? 1 : 2))
		*rc = cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[mode == 'c' ? 1 : 2]);
	else if (mode != 'c' && argc < 2)
		*rc = cmd_usage(self, "which file? give the input CSV (缺少输入文件)");
	else if (mode == 's' && !a->reform.n)
		*rc = cmd_usage(self, "simulate needs at least one --reform KEY=VALUE");
	else if (mode == 'c' && calc_ready(a->def, &a->in, &err))
		*rc = field_usage(self, &err);
	else {
		a->file = mode == 'c' ? NULL : argv[1];
		return 0;
	}
	return -1;
}

/* ---------- calc ---------- */

static int run_calc(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_calc_def;
	struct calc_args a = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct calc_ctx cx;
	struct calc_out res;
	struct ms_err err;
	struct params ps;
	json_t *trace, *doc = NULL;
	int rc;
	size_t i;

	if (parse_args(self, argc, argv, 'c', &a, &rc))
		return rc;
	if ((rc = cmd_load_params(&ps, a.params, (char **)a.over.v, a.over.n)))
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

static int run_batch(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_batch_def;
	struct calc_args a = { 0 };
	struct batch_opts o = { 0 };
	struct batch_result r;
	struct ms_err err;
	struct params ps;
	int rc;

	if (parse_args(self, argc, argv, 'b', &a, &rc)) {
		release_args(&a);
		return rc;
	}
	if ((rc = cmd_load_params(&ps, a.params, (char **)a.over.v, a.over.n))) {
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
	o.threads = (int)a.threads;
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

/* The baseline and the reformed parameters; 0, or the exit code (nothing left loaded). */
static int sim_params(const struct calc_args *a, struct params *base, struct params *reform)
{
	struct ms_err err;
	size_t i;
	int rc;

	if ((rc = cmd_load_params(base, a->params, (char **)a->over.v, a->over.n)))
		return rc;
	if ((rc = cmd_load_params(reform, a->params, (char **)a->over.v, a->over.n))) {
		params_release(base);
		return rc;
	}
	for (i = 0; i < a->reform.n; i++)
		if (params_override(reform, a->reform.v[i], &err)) {
			params_release(base);
			params_release(reform);
			return cmd_fail("--reform %s", err.msg);
		}
	return 0;
}

/* The reform's parameters, then baseline against reform: cost, beneficiaries, eligibility. */
static void sim_totals(struct ms_buf *out, const struct calc_args *a, const struct params *base,
		       const struct batch_result *r)
{
	const struct calc_def *d = a->def;
	struct ms_table *t = ms_table_new(4);
	int64_t mb = r->base.money[d->money_out], mr = r->reform.money[d->money_out];
	const char *what = d->outputs[d->money_out].label;
	char b1[40];
	size_t i;

	ms_buf_addf(out, "改革测算：%s，%llu 条记录（%s）\n", d->label,
		    (unsigned long long)r->base.rows, a->file);
	for (i = 0; i < a->reform.n; i++) {
		const char *eq = strchr(a->reform.v[i], '=');
		char key[80];
		const struct param *p;

		snprintf(key, sizeof(key), "%.*s", (int)(eq - a->reform.v[i]), a->reform.v[i]);
		p = params_find(base, key);
		ms_buf_addf(out, "  %s（%s）：%s\n", key, p ? p->name : "", eq + 1);
	}
	ms_buf_adds(out, "\n");
	ms_table_add(t, "");
	ms_table_add(t, "基线");
	ms_table_add(t, "改革后");
	ms_table_add(t, "变化");
	for (i = 1; i < 4; i++)
		ms_table_align_right(t, i);
	ms_table_addf(t, d->kind == CALC_LOAN ? "%s（元）" : "月度支出（%s，元）", what);
	ms_table_add(t, yuan(b1, mb));
	ms_table_add(t, yuan(b1, mr));
	signed_yuan(t, mr - mb);
	if (d->kind != CALC_LOAN) {
		ms_table_add(t, "年度支出（×12，元）");
		ms_table_add(t, yuan(b1, mb * 12));
		ms_table_add(t, yuan(b1, mr * 12));
		signed_yuan(t, (mr - mb) * 12);
	}
	ms_table_add(t, "受益记录（金额大于零）");
	ms_table_addf(t, "%llu", (unsigned long long)r->base.paid);
	ms_table_addf(t, "%llu", (unsigned long long)r->reform.paid);
	signed_count(t, (int64_t)r->reform.paid - (int64_t)r->base.paid);
	ms_table_add(t, "符合条件");
	ms_table_addf(t, "%llu", (unsigned long long)r->base.eligible);
	ms_table_addf(t, "%llu", (unsigned long long)r->reform.eligible);
	signed_count(t, (int64_t)r->reform.eligible - (int64_t)r->base.eligible);
	ms_table_render(t, out);
	ms_table_free(t);
	ms_buf_addf(out, "\n新增符合条件 %llu，不再符合条件 %llu；", (unsigned long long)r->diff.newly_eligible,
		    (unsigned long long)r->diff.no_longer_eligible);
	ms_buf_addf(out, "增加者 %llu（共增加 %s 元），", (unsigned long long)r->diff.winners,
		    yuan(b1, r->diff.gain));
	ms_buf_addf(out, "减少者 %llu（共减少 %s 元）\n", (unsigned long long)r->diff.losers,
		    yuan(b1, r->diff.loss));
}

/* --by city: one row per city. */
static void sim_by_city(struct ms_buf *out, const struct calc_def *d, const struct batch_result *r,
			struct plan_orgs *orgs)
{
	struct ms_table *t = ms_table_new(8);
	static const char *const head[] = { "区划", "设区市", "记录", NULL, NULL, "变化", "新增符合",
		"增加者/减少者" };
	char b1[40];
	size_t i;

	for (i = 0; i < 8; i++)
		ms_table_add(t, head[i] ? head[i] : i == 3 ?
			     (d->kind == CALC_LOAN ? "基线（元）" : "基线月支出") :
			     (d->kind == CALC_LOAN ? "改革后（元）" : "改革后月支出"));
	for (i = 2; i < 8; i++)
		ms_table_align_right(t, i);
	for (i = 0; i < r->n_city; i++) {
		const struct batch_group *g = &r->city[i];

		ms_table_add(t, g->code);
		ms_table_add(t, batch_city_name(orgs, g->code));
		ms_table_addf(t, "%llu", (unsigned long long)g->base.rows);
		ms_table_add(t, yuan(b1, g->base.money[d->money_out]));
		ms_table_add(t, yuan(b1, g->reform.money[d->money_out]));
		signed_yuan(t, g->reform.money[d->money_out] - g->base.money[d->money_out]);
		ms_table_addf(t, "%llu", (unsigned long long)g->diff.newly_eligible);
		ms_table_addf(t, "%llu/%llu", (unsigned long long)g->diff.winners,
			      (unsigned long long)g->diff.losers);
	}
	ms_buf_adds(out, "\n按设区市：\n");
	ms_table_render(t, out);
	ms_table_free(t);
}

static int run_simulate(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_simulate_def;
	struct calc_args a = { 0 };
	struct batch_opts o = { 0 };
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf out = MS_BUF_INIT;
	struct batch_result r;
	struct params base, reform;
	struct ms_err err;
	int rc;

	if (parse_args(self, argc, argv, 's', &a, &rc) || (rc = sim_params(&a, &base, &reform))) {
		release_args(&a);
		return rc;
	}
	o.def = a.def;
	o.base = &base;
	o.reform = &reform;
	o.in_path = a.file;
	o.defaults = a.defaults;
	o.ndefaults = a.ndefaults;
	o.threads = (int)a.threads;
	o.progress = isatty(2) && !getenv("CI");
	if (batch_run(&o, &r, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	load_regions(&orgs);
	if (ctx->json) {
		json_t *doc = batch_sim_json(a.def, &r, a.file, a.reform.v, a.reform.n, a.by != NULL,
					     orgs_name, &orgs);

		ms_json_dump(&out, doc, 1);
		json_decref(doc);
	} else {
		sim_totals(&out, &a, &base, &r);
		if (a.by && r.has_region)
			sim_by_city(&out, a.def, &r, &orgs);
		else if (a.by)
			ms_buf_adds(&out, "\n（输入文件没有 region 列，无法按设区市汇总）\n");
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

/* ---------- the commands ---------- */

const struct cmd cmd_calc_def = {
	.name = "calc", .fn = run_calc,
	.summary = "政策计算器：贷款贴息免息、低保、残疾人补贴、孤儿补贴 — benefit calculators",
	.synopsis = "loan --principal YUAN --rate PCT --lpr PCT --start DATE --end DATE\n"
		    "         [--contract-date DATE] [--borrower individual|enterprise] [--group CODE]\n"
		    "dibao --area urban|rural --members N --income YUAN --month YYYY-MM [--region CODE]\n"
		    "disability --grade 1-4 --type TYPE --dibao yes|no --month YYYY-MM\n"
		    "         [--certificate yes|no] [--care yes|no] [--tekun yes|no] [--orphan-support yes|no]\n"
		    "orphan --kind KIND --month YYYY-MM [--placement dispersed|institutional]\n"
		    "KIND ... [--explain] [--json] [--params FILE] [--param KEY=VALUE]...",
	.description =
	"按通知及其援引的国家政策计算待遇，金额精确到分。--explain 列出每一步的算式、所用参数的\n"
	"取值、生效日期、依据和通知原文；--json 的 trace 数组含同样内容。\n"
	"  loan 人员类别 --group：graduate 高校毕业生, employment_difficulty 就业困难人员,\n"
	"       returning_migrant 返乡创业农民工, poverty_alleviated 脱贫人口, retired_fisher 退捕渔民,\n"
	"       veteran 复员转业退役军人, other 其他（中文名称亦可）\n"
	"  disability --type：physical 肢体, visual 视力, hearing 听力, speech 言语, intellectual 智力,\n"
	"       mental 精神, multiple 多重\n"
	"  orphan --kind：orphan 孤儿, unsupported 事实无人抚养儿童, disabled_orphan 残疾孤儿,\n"
	"       disabled_unsupported 残疾事实无人抚养儿童\n"
	"  利率为百分数，最多两位小数；日期 YYYY-MM-DD；--param 临时改变一个参数（见 minsheng param list）。\n",
	.options = calc_options,
};

const struct cmd cmd_batch_def = {
	.name = "batch", .fn = run_batch, .summary = "批量计算（发放名册）— a calculator over a CSV payroll",
	.synopsis = "loan|dibao|disability|orphan IN.csv [-o OUT.csv] [--summary] [--skip-bad]\n"
		    "         [--month YYYY-MM] [--FIELD VALUE]... [--param KEY=VALUE]... [--params FILE]",
	.description =
	"逐行计算。表头列名与 calc 的选项同名（低保：area,members,income，可选 region、month），\n"
	"或用中文（低保：城乡类别/城乡、家庭保障人数/人数、家庭月收入/收入，可选 区划代码、待遇月份）；\n"
	"用中文列名时，计算列也以中文命名（低保标准（元/人·月）、家庭月人均收入、月补差金额、符合低保条件）。\n"
	"其他列原样保留，输出 = 输入各列 + 计算列。--month 等选项为缺该列或该格为空的行提供取值。\n"
	"-o - 为标准输出。\n"
	"有错误的行使整批停止，报告“文件:行: 列: 原因”，且不生成输出文件（先写临时文件，成功后改名）；\n"
	"--skip-bad 则把错误行及原因写入 OUT.rejects.csv，其余照常输出。\n"
	"--summary 输出汇总：行数、符合条件数、金额合计，有 region 列时按设区市汇总。\n",
	.options = batch_options,
};

const struct cmd cmd_simulate_def = {
	.name = "simulate", .fn = run_simulate, .summary = "改革测算 — cost a change of parameters over a payroll",
	.synopsis = "dibao|disability|orphan|loan IN.csv --reform KEY=VALUE... [--by city]\n"
		    "         [--month YYYY-MM] [--param KEY=VALUE]... [--params FILE] [--json]",
	.description =
	"对同一批记录分别按现行参数（基线）和改革后参数计算：月度及年度支出、受益人数、\n"
	"新增及不再符合条件的人数、增加者与减少者，--by city 按设区市列出。\n",
	.options = simulate_options,
};
