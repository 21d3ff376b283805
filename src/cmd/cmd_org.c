/*
 * cmd_org.c - `minsheng org`: the regions and units in the database (list),
 * one added by hand (add), a name, 联系人 or 联系电话 changed (set).
 */
#include "cmd.h"

#include <jansson.h>
#include <string.h>

#include "core/json.h"
#include "core/table.h"
#include "plan/org_edit.h"
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
		{ "department", "省直单位" }, { "office", "办公室" },
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
	const char *kind, *parent, *name, *contact, *phone;
};

static const struct cmd_option org_options[] = {
	OPT_CHOICE(0, "kind", struct org_opts, kind, "province|city|county|department|office",
		   "list：只列此类；add：单位类别 only this kind; the new one's kind"),
	OPT_STRING(0, "parent", struct org_opts, parent, "CODE",
		   "list：只列其下级；add：上级单位 only those under CODE; the new one's parent"),
	OPT_STRING(0, "name", struct org_opts, name, "NAME", "add/set：单位名称 the name"),
	OPT_STRING(0, "contact", struct org_opts, contact, "NAME",
		   "add/set：联系人（空串清除） the contact person (\"\" clears it)"),
	OPT_STRING(0, "phone", struct org_opts, phone, "PHONE",
		   "add/set：联系电话，如 0791-86240000（空串清除） the telephone (\"\" clears it)"),
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
		    "set CODE [--name NAME] [--contact NAME] [--phone PHONE]",
	.description = "列出数据库中的区划和单位（GB/T 2260 代码）及其联系人、联系电话；add 新增一个单位，\n"
		       "set 修改单位名称、联系人或联系电话（台账的填报单位、牵头单位和通报的联系人一行由此而来），\n"
		       "每次修改记入台账日志。\n"
		       "Lists the regions and units in the database (GB/T 2260 codes) with their contact and phone;\n"
		       "add adds one, set changes a name, contact or phone (shown in the 台账 and the 通报's\n"
		       "contact line), each change journaled.\n",
	.options = org_options,
};
