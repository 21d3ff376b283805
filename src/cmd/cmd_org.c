/*
 * cmd_org.c - `minsheng org`: the regions and units in the database (list),
 * one added by hand (add), a name, 联系人 or 联系电话 changed (set), a
 * province's townships loaded (load-townships).
 */
#include "cmd.h"

#include <jansson.h>
#include <string.h>

#include "core/json.h"
#include "core/table.h"
#include "plan/org_edit.h"
#include "plan/townships.h"
#include "store/store.h"
#include "core/banned.h"

struct org_list {
	const char *parent;
	struct ms_table *t;
	json_t *arr;
	size_t n;
};

static const char *kind_label(const char *k)
{
	static const char *const map[][2] = {
		{ "province", "省" }, { "city", "设区市" }, { "county", "县级" },
		{ "township", "乡镇" }, { "department", "省直单位" }, { "office", "办公室" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], k))
			return map[i][1];
	return k;
}

static int one_org(const struct store_org *o, void *arg)
{
	struct org_list *l = arg;

	if (l->parent && strcmp(l->parent, o->parent))
		return 0;
	l->n++;
	if (l->arr) {
		json_array_append_new(l->arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", o->code,
							"name", o->name, "kind", o->kind,
							"parent", o->parent, "short", o->short_name,
							"contact", o->contact, "phone", o->phone));
	} else {
		ms_table_add(l->t, o->code);
		ms_table_add(l->t, o->name);
		ms_table_add(l->t, kind_label(o->kind));
		ms_table_add(l->t, o->parent);
		ms_table_add(l->t, o->contact);
		ms_table_add(l->t, o->phone);
	}
	return 0;
}

struct org_opts {
	const char *kind, *parent, *name, *contact, *phone, *province, *file;
};

static const struct cmd_option org_options[] = {
	OPT_CHOICE(0, "kind", struct org_opts, kind, "province|city|county|township|department|office",
		   "list：只列此类；add：单位类别 only this kind; the new one's kind"),
	OPT_STRING(0, "parent", struct org_opts, parent, "CODE",
		   "list：只列其下级；add：上级单位 only those under CODE; the new one's parent"),
	OPT_STRING(0, "name", struct org_opts, name, "NAME", "add/set：单位名称 the name"),
	OPT_STRING(0, "contact", struct org_opts, contact, "NAME",
		   "add/set：联系人（空串清除） the contact person (\"\" clears it)"),
	OPT_STRING(0, "phone", struct org_opts, phone, "PHONE",
		   "add/set：联系电话，如 0791-86240000（空串清除） the telephone (\"\" clears it)"),
	OPT_STRING(0, "province", struct org_opts, province, "CODE",
		   "load-townships：省级代码，如 36 或 360000 the province whose townships to load"),
	OPT_STRING(0, "file", struct org_opts, file, "FILE",
		   "load-townships：从此 CSV 载入，默认 data/regions/townships/NN.csv the CSV to load instead"),
	OPT_END(),
};

/* org add CODE … and org set CODE …: one write through plan/org_edit. */
static int edit(const struct org_opts *oo, struct cmd_ctx *ctx, const char *what, const char *code)
{
	struct org_edit e = { code, oo->name, oo->kind, oo->parent, oo->contact, oo->phone };
	struct store *st;
	struct ms_err err;
	int rc = EXIT_OK;

	if (store_open(&st, ctx->db, STORE_WRITE, &err))
		return cmd_fail_err(&err);
	if (!strcmp(what, "add") ? org_add(st, &e, ctx->actor, &err) : org_set(st, &e, ctx->actor, &err))
		rc = cmd_fail_err(&err);
	else
		printf("%s单位 %s\n", !strcmp(what, "add") ? "已新增" : "已修改", code);
	store_close(st);
	return rc;
}

static void towns_print(const struct townships_result *r, const char *path, int json)
{
	struct ms_buf out = MS_BUF_INIT;

	if (json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "province", r->province, "name",
				      r->name, "file", path, "rows", (json_int_t)r->rows, "added",
				      (json_int_t)r->added, "existing", (json_int_t)r->existing, "counties",
				      (json_int_t)r->counties);

		ms_json_dump(&out, j, 1);
		json_decref(j);
		cmd_print(&out);
	} else if (!r->added) {
		printf("%s（%s）的 %zu 个乡镇（街道）均已载入，未新增 (all %zu already loaded: nothing added)\n",
		       r->name, r->province, r->existing, r->existing);
	} else {
		printf("已载入 %s（%s）的 %zu 个乡镇（街道），分属 %zu 个县级区划 (loaded %zu townships)\n",
		       r->name, r->province, r->added, r->counties, r->added);
		if (r->existing)
			printf("另有 %zu 个已在库中，未重复载入 (%zu already there)\n", r->existing, r->existing);
	}
	ms_buf_release(&out);
}

/* org load-townships --province NN [--file FILE]: the province's file, in one transaction. */
static int load_townships(const struct org_opts *oo, struct cmd_ctx *ctx)
{
	struct townships_result r;
	struct ms_buf path = MS_BUF_INIT, rel = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	char prov[8];
	int rc = EXIT_OK;

	if (!oo->province)
		return cmd_usage(&cmd_org_def, "org load-townships 需要 --province (needs --province, e.g. 36)");
	if (townships_province(oo->province, prov, &err))
		return cmd_fail_err(&err);
	if (oo->file) {
		ms_buf_adds(&path, oo->file);
	} else {
		ms_buf_addf(&rel, "regions/townships/%.2s.csv", prov);
		if (!cmd_data_path(&path, rel.buf)) {
			rc = cmd_fail("data/%s: 没有此省的乡镇文件 (no townships file for province %.2s)", rel.buf, prov);
			goto out;
		}
	}
	if (!ctx->json)
		printf("正在载入 %s …\n", path.buf);
	if (store_open(&st, ctx->db, STORE_WRITE, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (townships_load(st, prov, path.buf, ctx->actor, &r, &err))
		rc = cmd_fail_err(&err);
	else
		towns_print(&r, path.buf, ctx->json);
	store_close(st);
out:
	ms_buf_release(&path);
	ms_buf_release(&rel);
	return rc;
}

static int run_org(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_org_def;
	struct org_opts oo = { 0 };
	struct org_list l = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct store *st = NULL;
	struct ms_err err;
	const char *kind;
	int rc = EXIT_ERROR;

	if (cmd_parse(self, &argc, argv, &oo, &rc))
		return rc;
	if (argc >= 1 && (!strcmp(argv[0], "add") || !strcmp(argv[0], "set"))) {
		if (argc != 2)
			return cmd_usage(self, "org %s needs one CODE", argv[0]);
		return edit(&oo, ctx, argv[0], argv[1]);
	}
	if (argc >= 1 && !strcmp(argv[0], "load-townships")) {
		if (argc > 1)
			return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[1]);
		return load_townships(&oo, ctx);
	}
	if (argc < 1 || strcmp(argv[0], "list"))
		return cmd_usage(self, argc < 1 ? "需要子命令 (needs a subcommand)%s" :
				 "未知子命令 '%s' (unknown subcommand)", argc < 1 ? "" : argv[0]);
	if (argc > 1)
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[1]);
	kind = oo.kind;
	l.parent = oo.parent;
	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	if (ctx->json) {
		l.arr = json_array();
	} else {
		l.t = ms_table_new(6);
		ms_table_add(l.t, "代码");
		ms_table_add(l.t, "名称");
		ms_table_add(l.t, "类别");
		ms_table_add(l.t, "上级");
		ms_table_add(l.t, "联系人");
		ms_table_add(l.t, "联系电话");
	}
	if (store_org_each(st, kind, one_org, &l, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (l.arr)
		ms_json_dump(&out, l.arr, 1);
	else {
		ms_table_render(l.t, &out);
		ms_buf_addf(&out, "共 %zu 个\n", l.n);
	}
	rc = cmd_print(&out);
out:
	json_decref(l.arr);
	ms_table_free(l.t);
	ms_buf_release(&out);
	store_close(st);
	return rc;
}

const struct cmd cmd_org_def = {
	.name = "org", .fn = run_org, .summary = "单位与区划 — organisations and regions",
	.synopsis = "list [--kind KIND] [--parent CODE] [--json]\n"
		    "add CODE --name NAME --kind KIND --parent CODE [--contact NAME] [--phone PHONE]\n"
		    "set CODE [--name NAME] [--contact NAME] [--phone PHONE]\n"
		    "load-townships --province CODE [--file FILE] [--json]",
	.description = "列出数据库中的区划和单位（GB/T 2260 代码）及其联系人、联系电话；add 新增一个单位，\n"
		       "set 修改单位名称、联系人或联系电话（台账的填报单位、牵头单位和通报的联系人一行由此而来），\n"
		       "每次修改记入台账日志。load-townships 载入一个省的乡镇（街道）（九位统计用区划代码，\n"
		       "data/regions/townships/NN.csv），一个事务一条日志，已载入的不重复；县级计划的任务分解到乡镇前须先载入。\n"
		       "Lists the regions and units in the database (GB/T 2260 codes) with their contact and phone;\n"
		       "add adds one, set changes a name, contact or phone (shown in the 台账 and the 通报's\n"
		       "contact line), each change journaled. load-townships loads a province's townships (nine-digit\n"
		       "codes) in one transaction, skipping those already there; a county's plan breaks down by them.\n",
	.options = org_options,
};
