/*
 * cmd_org.c - `minsheng org list`: the regions and units in the database.
 */
#include "cmd.h"

#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "core/json.h"
#include "core/table.h"
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
		json_array_append_new(l->arr, json_pack("{s:s, s:s, s:s, s:s}", "code", o->code,
							"name", o->name, "kind", o->kind,
							"parent", o->parent));
	} else {
		ms_table_add(l->t, o->code);
		ms_table_add(l->t, o->name);
		ms_table_add(l->t, kind_label(o->kind));
		ms_table_add(l->t, o->parent);
	}
	return 0;
}

int cmd_org(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "parent", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *self = cmd_find("org");
	struct org_list l = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct store *st = NULL;
	struct ms_err err;
	const char *kind = NULL;
	int c, rc = EXIT_ERROR;

	if (argc < 2 || strcmp(argv[1], "list"))
		return cmd_usage(self, argc < 2 ? "org needs a subcommand" :
				 "unknown subcommand '%s'", argc < 2 ? "" : argv[1]);
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'k')
			kind = optarg;
		else if (c == 'p')
			l.parent = optarg;
		else
			return cmd_usage(self, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return cmd_usage(self, "unexpected argument '%s'", argv[optind]);
	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	if (ctx->json) {
		l.arr = json_array();
	} else {
		l.t = ms_table_new(4);
		ms_table_add(l.t, "代码");
		ms_table_add(l.t, "名称");
		ms_table_add(l.t, "类别");
		ms_table_add(l.t, "上级");
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
