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

int cmd_param(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("param");
	const char *at_s = NULL, *file = NULL, *key = NULL;
	struct ms_buf out = MS_BUF_INIT, tmp = MS_BUF_INIT;
	struct ms_table *t = NULL;
	struct params ps;
	struct ms_err err;
	json_t *arr = NULL;
	ms_day at = 0;
	size_t i, j, shown = 0;
	int list, rc;

	if (argc < 2)
		return cmd_usage(self, "param needs a subcommand: list or show");
	list = !strcmp(argv[1], "list");
	if (!list && strcmp(argv[1], "show"))
		return cmd_usage(self, "unknown subcommand '%s'", argv[1]);
	for (i = 2; i < (size_t)argc; i++) {
		const char *a = argv[i];

		if (list && (!strcmp(a, "--at") || !strncmp(a, "--at=", 5))) {
			at_s = a[4] == '=' ? a + 5 : (i + 1 < (size_t)argc ? argv[++i] : NULL);
			if (!at_s)
				return cmd_usage(self, "--at needs a date");
		} else if (!strcmp(a, "--params") || !strncmp(a, "--params=", 9)) {
			file = a[8] == '=' ? a + 9 : (i + 1 < (size_t)argc ? argv[++i] : NULL);
			if (!file)
				return cmd_usage(self, "--params needs a file");
		} else if (!list && !key && a[0] != '-') {
			key = a;
		} else {
			return cmd_usage(self, "unexpected argument '%s'", a);
		}
	}
	if (!list && !key)
		return cmd_usage(self, "param show needs a KEY");
	if (at_s && ms_date_parse(at_s, strlen(at_s), &at, &err))
		return cmd_usage(self, "--at: %s", err.msg);
	if ((rc = cmd_load_params(&ps, file, NULL, 0)))
		return rc;
	rc = EXIT_OK;
	if (ctx->json)
		arr = json_array();
	else {
		t = ms_table_new(list ? 6 : 2);
		if (list) {
			ms_table_add(t, "参数");
			ms_table_add(t, "名称");
			ms_table_add(t, "取值");
			ms_table_add(t, "有效期");
			ms_table_add(t, "区划");
			ms_table_add(t, "依据");
			ms_table_align_right(t, 2);
		} else {
			ms_table_add(t, "项目");
			ms_table_add(t, "内容");
		}
	}
	for (i = 0; i < ps.n; i++) {
		const struct param *p = &ps.p[i];

		if (key && strcmp(p->key, key))
			continue;
		for (j = 0; j < p->n; j++) {
			const struct param_value *v = &p->v[j];

			if (at_s && (at < v->from || at > v->to))
				continue;
			shown++;
			if (arr) {
				json_array_append_new(arr, param_value_json(p, v));
				continue;
			}
			if (list) {
				ms_table_add(t, p->key);
				ms_table_add(t, p->name);
				ms_buf_reset(&tmp);
				param_format_value(&tmp, p->type, v->v);
				if (p->type != PARAM_RATE)
					ms_buf_adds(&tmp, p->unit);
				ms_table_add(t, tmp.buf);
				period(&tmp, v);
				ms_table_add(t, tmp.buf);
				ms_table_add(t, *v->region ? v->region : "全省");
				ms_buf_reset(&tmp);
				ms_buf_addf(&tmp, "%s%s", param_basis_label(v->basis),
					    !strcmp(v->date_basis, "assumption") ? "（日期为假设）" : "");
				ms_table_add(t, tmp.buf);
				continue;
			}
			if (shown > 1)
				ms_table_add(t, ""), ms_table_add(t, "");
			ms_table_add(t, "参数");
			ms_table_addf(t, "%s（%s）", p->key, p->name);
			ms_table_add(t, "取值");
			ms_buf_reset(&tmp);
			param_format_value(&tmp, p->type, v->v);
			ms_table_addf(t, "%s%s%s（%s）", tmp.buf, p->type == PARAM_RATE ? "" : " ",
				      p->type == PARAM_RATE ? "" : p->unit, param_type_label(p->type));
			ms_table_add(t, "有效期");
			period(&tmp, v);
			ms_table_addf(t, "%s%s", tmp.buf,
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
	}
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
	ms_buf_release(&tmp);
	params_release(&ps);
	return rc;
}
