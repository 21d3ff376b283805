/*
 * cmd_param.c - `minsheng param list|show`: the dated, cited parameters.
 */
#include "cmd.h"

#include <jansson.h>
#include <string.h>

#include "core/date.h"
#include "core/json.h"
#include "core/table.h"
#include "rules/params.h"
#include "core/banned.h"

int cmd_load_params(struct params *ps, const char *path, char **overrides, size_t n)
{
	struct ms_buf p = MS_BUF_INIT;
	struct ms_err err;
	size_t i;

	if (!path) {
		cmd_data_path(&p, "params/jiangxi.json");
		path = p.buf;
	}
	if (params_load(ps, path, &err)) {
		ms_buf_release(&p);
		return cmd_fail_err(&err);
	}
	ms_buf_release(&p);
	for (i = 0; i < n; i++)
		if (params_override(ps, overrides[i], &err)) {
			params_release(ps);
			return cmd_fail("--param %s", err.msg);
		}
	return EXIT_OK;
}

static void period(struct ms_buf *b, const struct param_value *v)
{
	ms_buf_reset(b);
	if (v->from > -1000000)
		ms_date_format(b, v->from);
	ms_buf_adds(b, " 至 ");
	if (v->to != PARAM_DAY_MAX)
		ms_date_format(b, v->to);
	else
		ms_buf_adds(b, "今");
}

struct param_opts {
	ms_day at;
	int at_given;
	const char *params;
};

static const struct cmd_option param_options[] = {
	OPT_DATE(0, "at", struct param_opts, at, at_given, "list：只列该日有效的取值 only values in effect that day"),
	OPT_STRING(0, "params", struct param_opts, params, "FILE",
		   "参数文件（默认 data/params/jiangxi.json） the parameter file"),
	OPT_END(),
};

/* One row of `param list`: key, name, value, period, region, basis. */
static void list_row(struct ms_table *t, struct ms_buf *tmp, const struct param *p,
		     const struct param_value *v)
{
	ms_table_add(t, p->key);
	ms_table_add(t, p->name);
	ms_buf_reset(tmp);
	param_format_value(tmp, p->type, v->v);
	if (p->type != PARAM_RATE)
		ms_buf_adds(tmp, p->unit);
	ms_table_add(t, tmp->buf);
	period(tmp, v);
	ms_table_add(t, tmp->buf);
	ms_table_add(t, *v->region ? v->region : "全省");
	ms_buf_reset(tmp);
	ms_buf_addf(tmp, "%s%s", param_basis_label(v->basis),
		    !strcmp(v->date_basis, "assumption") ? "（日期为假设）" : "");
	ms_table_add(t, tmp->buf);
}

/* The rows of `param show` for one value (a blank row between values). */
static void show_rows(struct ms_table *t, struct ms_buf *tmp, const struct param *p,
		      const struct param_value *v, size_t shown)
{
	if (shown > 1)
		ms_table_add(t, ""), ms_table_add(t, "");
	ms_table_add(t, "参数");
	ms_table_addf(t, "%s（%s）", p->key, p->name);
	ms_table_add(t, "取值");
	ms_buf_reset(tmp);
	param_format_value(tmp, p->type, v->v);
	ms_table_addf(t, "%s%s%s（%s）", tmp->buf, p->type == PARAM_RATE ? "" : " ",
		      p->type == PARAM_RATE ? "" : p->unit, param_type_label(p->type));
	ms_table_add(t, "有效期");
	period(tmp, v);
	ms_table_addf(t, "%s%s", tmp->buf,
		      !strcmp(v->date_basis, "assumption") ? "（生效日期为假设）" : "");
	ms_table_add(t, "区划");
	ms_table_add(t, *v->region ? v->region : "全省");
	ms_table_add(t, "依据");
	ms_table_add(t, param_basis_label(v->basis));
	ms_table_add(t, !strcmp(v->basis, "text") ? "计划指标" : "文件");
	ms_table_add(t, v->citation);
	if (*v->quote) {
		ms_table_add(t, "通知原文");
		ms_table_addf(t, "“%s”", v->quote);
	}
	if (*v->note) {
		ms_table_add(t, "说明");
		ms_table_add(t, v->note);
	}
}

static struct ms_table *param_table(int list)
{
	static const char *const head_list[] = { "参数", "名称", "取值", "有效期", "区划", "依据" };
	static const char *const head_show[] = { "项目", "内容" };
	struct ms_table *t = ms_table_new(list ? 6 : 2);
	size_t i;

	for (i = 0; i < (list ? 6u : 2u); i++)
		ms_table_add(t, list ? head_list[i] : head_show[i]);
	if (list)
		ms_table_align_right(t, 2);
	return t;
}

/* Every value (of key, when given; in effect on o->at, when given) into arr or t; how many. */
static size_t param_rows(const struct params *ps, const struct param_opts *o, const char *key,
			 json_t *arr, struct ms_table *t)
{
	struct ms_buf tmp = MS_BUF_INIT;
	size_t i, j, shown = 0;

	for (i = 0; i < ps->n; i++) {
		const struct param *p = &ps->p[i];

		if (key && strcmp(p->key, key))
			continue;
		for (j = 0; j < p->n; j++) {
			const struct param_value *v = &p->v[j];

			if (o->at_given && (o->at < v->from || o->at > v->to))
				continue;
			shown++;
			if (arr)
				json_array_append_new(arr, param_value_json(p, v));
			else if (!key)
				list_row(t, &tmp, p, v);
			else
				show_rows(t, &tmp, p, v, shown);
		}
	}
	ms_buf_release(&tmp);
	return shown;
}

static int run_param(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_param_def;
	struct param_opts o = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct ms_table *t = NULL;
	const char *key = NULL;
	struct params ps;
	json_t *arr = NULL;
	size_t shown;
	int list, rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc < 1)
		return cmd_usage(self, "需要子命令 (needs a subcommand): list, show");
	list = !strcmp(argv[0], "list");
	if (!list && strcmp(argv[0], "show"))
		return cmd_usage(self, "未知子命令 '%s' (unknown subcommand)", argv[0]);
	if (argc > (list ? 1 : 2))
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[list ? 1 : 2]);
	if (!list && argc != 2)
		return cmd_usage(self, "param show 需要一个参数名 (needs a KEY)");
	if (!list && o.at_given)
		return cmd_usage(self, "--at 只用于 param list (only for param list)");
	key = list ? NULL : argv[1];
	if ((rc = cmd_load_params(&ps, o.params, NULL, 0)))
		return rc;
	if (ctx->json)
		arr = json_array();
	else
		t = param_table(list);
	shown = param_rows(&ps, &o, key, arr, t);
	if (key && !shown && !params_find(&ps, key)) {
		rc = cmd_fail("no parameter called %s in %s; see 'minsheng param list' (无此参数)", key,
			      ps.path);
		goto out;
	}
	if (arr)
		ms_json_dump(&out, arr, 1);
	else {
		ms_table_render(t, &out);
		if (list)
			ms_buf_addf(&out, "共 %zu 项取值（%s）\n", shown, ps.path);
	}
	rc = cmd_print(&out);
out:
	json_decref(arr);
	ms_table_free(t);
	ms_buf_release(&out);
	params_release(&ps);
	return rc;
}

const struct cmd cmd_param_def = {
	.name = "param", .fn = run_param, .summary = "待遇参数：列表、查看 — dated, cited benefit parameters",
	.synopsis = "list [--at DATE] [--params FILE] [--json]\n"
		    "show KEY [--params FILE] [--json]",
	.description =
	"列出待遇参数的每个取值：有效期、区划、依据（通知原文 / 国家文件 / 假设）。\n"
	"--at 只列该日有效的取值；show 显示一个参数的全部取值及通知原文。\n"
	"参数文件默认 data/params/jiangxi.json（格式见 docs/PARAMS-FORMAT.md）。\n",
	.options = param_options,
};
