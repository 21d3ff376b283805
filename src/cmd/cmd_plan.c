/*
 * cmd_plan.c - `minsheng plan list|show|validate|export`.
 */
#include "cmd.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/json.h"
#include "core/table.h"
#include "plan/plan.h"
#include "plan/setup.h"
#include "store/store.h"
#include "core/banned.h"

static int db_exists(const struct cmd_ctx *ctx)
{
	struct stat sb;

	return store_is_url(ctx->db) || stat(ctx->db, &sb) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static size_t count_quotes(json_t *j)
{
	size_t n = 0, i;
	const char *k;
	json_t *v;

	if (json_is_object(j)) {
		n += json_object_get(j, "quote") && json_object_get(j, "offset");
		json_object_foreach(j, k, v)
			n += count_quotes(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			n += count_quotes(v);
	}
	return n;
}

static int plan_validate_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_plan_def;
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf report = MS_BUF_INIT, out = MS_BUF_INIT;
	struct plan p;
	struct ms_err err;
	int nprob, have_orgs, rc;

	if (argc != 2)
		return cmd_usage(self, "plan validate 需要一个文件 (takes one FILE)");
	if (plan_load(&p, argv[1], &err)) {
		if (ctx->json) {
			json_t *j = json_pack("{s:s, s:b, s:[s]}", "file", argv[1], "ok", 0,
					      "problems", err.msg);

			ms_json_dump(&out, j, 1);
			json_decref(j);
			cmd_print(&out);
			ms_buf_release(&out);
		}
		return cmd_fail_err(&err);
	}
	have_orgs = cmd_load_orgs(&orgs);
	nprob = plan_validate(&p, have_orgs ? &orgs : NULL, &report, 200);
	if (ctx->json) {
		json_t *j = json_pack("{s:s, s:s, s:b, s:I, s:I, s:[]}", "file", argv[1], "id",
				      plan_id(&p), "ok", nprob == 0, "problem_count",
				      (json_int_t)nprob, "quotes_checked",
				      (json_int_t)count_quotes(p.doc), "problems");
		json_t *arr = json_object_get(j, "problems");
		char *line = report.buf, *nl;

		while ((nl = strchr(line, '\n'))) {
			json_array_append_new(arr, json_stringn(line, (size_t)(nl - line)));
			line = nl + 1;
		}
		ms_json_dump(&out, j, 1);
		json_decref(j);
		rc = cmd_print(&out);
	} else if (nprob) {
		char *line = report.buf, *nl;

		while ((nl = strchr(line, '\n'))) {
			fprintf(stderr, "%s: %.*s\n", argv[1], (int)(nl - line), line);
			line = nl + 1;
		}
		rc = EXIT_ERROR;
	} else {
		json_t *items = json_object_get(p.doc, "items"), *it;
		size_t i, nind = 0;

		json_array_foreach(items, i, it)
			nind += json_array_size(json_object_get(it, "indicators"));
		ms_buf_addf(&out, "%s: 校验通过 ok — %s, %zu items, %zu indicators, %zu quotes match the source (sha256 %.12s…)%s\n",
			    argv[1], plan_id(&p), json_array_size(items), nind,
			    count_quotes(p.doc), p.source_sha256,
			    have_orgs ? "" : "; organisation codes not checked (data/regions missing)");
		rc = cmd_print(&out);
	}
	if (nprob) {
		fprintf(stderr, "minsheng: %s: %d problem%s (计划文件有误)\n", argv[1], nprob,
			nprob == 1 ? "" : "s");
		rc = EXIT_ERROR;
	}
	plan_release(&p);
	plan_orgs_release(&orgs);
	ms_buf_release(&report);
	ms_buf_release(&out);
	return rc;
}

/* Loads plan ID: from the database when there is one and ID is not a file, else from data/plans/ID.json or the file itself. */
static int get_doc(struct cmd_ctx *ctx, const char *id, json_t **doc)
{
	struct ms_buf b = MS_BUF_INIT;
	struct store *st = NULL;
	struct ms_err err;
	int rc = EXIT_ERROR, r;

	*doc = NULL;
	if (!ends_with(id, ".json") && db_exists(ctx)) {
		if (store_open(&st, ctx->db, STORE_READ, &err)) {
			rc = cmd_fail_err(&err);
			goto out;
		}
		r = store_plan_doc(st, id, &b, &err);
		if (r < 0) {
			rc = cmd_fail_err(&err);
			goto out;
		}
		if (r == 0) {
			rc = cmd_fail("%s: no plan '%s' in the database; see 'minsheng plan list' (无此计划)",
				      ctx->db, id);
			goto out;
		}
		*doc = ms_json_load_bytes(b.buf, b.len, ctx->db, &err);
	} else {
		if (!ends_with(id, ".json")) {
			struct ms_buf rel = MS_BUF_INIT;

			ms_buf_addf(&rel, "plans/%s.json", id);
			if (!cmd_data_path(&b, rel.buf)) {
				ms_buf_release(&rel);
				rc = cmd_fail("no database at %s and no plan file %s (无此计划)", ctx->db, b.buf);
				goto out;
			}
			ms_buf_release(&rel);
		} else {
			ms_buf_adds(&b, id);
		}
		*doc = ms_json_load_file(b.buf, &err);
	}
	if (!*doc) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	rc = EXIT_OK;
out:
	store_close(st);
	ms_buf_release(&b);
	return rc;
}

static int plan_show(int argc, char **argv, struct cmd_ctx *ctx, int export, const char *outfile)
{
	const struct cmd *self = &cmd_plan_def;
	struct ms_buf out = MS_BUF_INIT;
	json_t *doc;
	int rc;

	if (argc != 2)
		return cmd_usage(self, "plan %s 需要一个计划编号 (takes one plan ID)", export ? "export" : "show");
	if (outfile && !export)
		return cmd_usage(self, "-o 只用于 plan export (only for plan export)");
	rc = get_doc(ctx, argv[1], &doc);
	if (rc)
		return rc;
	if (ctx->json || export)
		ms_json_dump(&out, doc, 1);
	else
		plan_render_text(&out, doc);
	json_decref(doc);
	if (outfile) {
		FILE *f = fopen(outfile, "wb");

		if (!f || fwrite(out.buf, 1, out.len, f) != out.len || fclose(f)) {
			rc = cmd_fail("%s: cannot write", outfile);
		}
	} else {
		rc = cmd_print(&out);
	}
	ms_buf_release(&out);
	return rc;
}

struct list_ctx {
	struct ms_table *t;
	json_t *arr;
};

static void list_row(struct list_ctx *l, const char *id, const char *title, long long year,
		     long long items, long long inds, long long open, const char *where)
{
	if (l->arr) {
		json_array_append_new(l->arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "id", id,
							"title", title, "year", (json_int_t)year,
							"items", (json_int_t)items, "indicators",
							(json_int_t)inds, "open_notes",
							(json_int_t)open, "from", where));
		return;
	}
	ms_table_add(l->t, id);
	ms_table_add(l->t, title);
	ms_table_addf(l->t, "%lld", year);
	ms_table_addf(l->t, "%lld", items);
	ms_table_addf(l->t, "%lld", inds);
	ms_table_addf(l->t, "%lld", open);
}

static int list_one(const struct store_plan_summary *p, void *arg)
{
	list_row(arg, p->id, p->title, (long long)p->year, (long long)p->items,
		 (long long)p->indicators, (long long)p->notes_open, "database");
	return 0;
}

/* With no database: the plan files under data/plans/. */
static int list_files(struct list_ctx *l, struct ms_err *err)
{
	struct ms_buf dir = MS_BUF_INIT, path = MS_BUF_INIT;
	struct dirent **names = NULL;
	int i, n;

	cmd_data_path(&dir, "plans");
	n = scandir(dir.buf, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		json_t *d, *items, *it, *notes, *note;
		size_t j, inds = 0, open = 0;

		if (ends_with(names[i]->d_name, ".json")) {
			ms_buf_reset(&path);
			ms_buf_addf(&path, "%s/%s", dir.buf, names[i]->d_name);
			d = ms_json_load_file(path.buf, err);
			if (d) {
				items = json_object_get(d, "items");
				json_array_foreach(items, j, it)
					inds += json_array_size(json_object_get(it, "indicators"));
				notes = json_object_get(d, "notes");
				json_array_foreach(notes, j, note)
					open += !strcmp(plan_str(note, "flag"), "待核实");
				list_row(l, plan_str(d, "id"), plan_str(d, "title"),
					 (long long)json_integer_value(json_object_get(d, "year")),
					 (long long)json_array_size(items), (long long)inds,
					 (long long)open, path.buf);
				json_decref(d);
			}
		}
		free(names[i]);
	}
	free(names);
	ms_buf_release(&dir);
	ms_buf_release(&path);
	return 0;
}

static int plan_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct list_ctx l = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct store *st = NULL;
	struct ms_err err;
	int rc = EXIT_ERROR, from_db = db_exists(ctx);

	if (argc != 1)
		return cmd_usage(&cmd_plan_def, "plan list 不带参数 (takes no arguments)");
	if (ctx->json) {
		l.arr = json_array();
	} else {
		l.t = ms_table_new(6);
		ms_table_add(l.t, "编号");
		ms_table_add(l.t, "名称");
		ms_table_add(l.t, "年度");
		ms_table_add(l.t, "实事");
		ms_table_add(l.t, "指标");
		ms_table_add(l.t, "待核实");
		ms_table_align_right(l.t, 3);
		ms_table_align_right(l.t, 4);
		ms_table_align_right(l.t, 5);
	}
	if (from_db) {
		if (store_open(&st, ctx->db, STORE_READ, &err) ||
		    store_plan_each(st, list_one, &l, &err)) {
			rc = cmd_fail_err(&err);
			goto out;
		}
	} else {
		list_files(&l, &err);
	}
	if (l.arr) {
		ms_json_dump(&out, l.arr, 1);
	} else {
		ms_table_render(l.t, &out);
		if (!from_db)
			ms_buf_addf(&out, "（未找到数据库 %s，以上为 data/plans/ 中的计划文件；运行 minsheng init 建库）\n",
				    ctx->db);
	}
	rc = cmd_print(&out);
out:
	store_close(st);
	ms_table_free(l.t);
	json_decref(l.arr);
	ms_buf_release(&out);
	return rc;
}

/* plan add FILE: a checked plan file into an existing database, as a new plan (journaled). */
static int plan_add_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct store *st = NULL;
	struct plan p;
	struct ms_err err;
	int rc = EXIT_OK;

	if (argc != 2)
		return cmd_usage(&cmd_plan_def, "plan add 需要一个文件 (takes one FILE)");
	if (!db_exists(ctx))
		return cmd_fail("no database at %s; create one with 'minsheng init' (数据库不存在)", ctx->db);
	if (plan_load(&p, argv[1], &err))
		return cmd_fail_err(&err);
	if (store_open(&st, ctx->db, STORE_WRITE, &err) ||
	    plan_add(st, &p, cmd_load_orgs(&orgs) ? &orgs : NULL, ctx->actor, &report, &err)) {
		char *line = report.buf, *nl;

		while (line && (nl = strchr(line, '\n'))) {
			fprintf(stderr, "%s: %.*s\n", argv[1], (int)(nl - line), line);
			line = nl + 1;
		}
		rc = cmd_fail_err(&err);
	} else {
		printf("已存入计划 %s — plan %s added to %s\n", plan_id(&p), plan_id(&p), ctx->db);
	}
	store_close(st);
	plan_release(&p);
	plan_orgs_release(&orgs);
	ms_buf_release(&report);
	return rc;
}

struct plan_opts {
	const char *out;
};

static const struct cmd_option plan_options[] = {
	OPT_STRING('o', "output", struct plan_opts, out, "FILE", "export：写入文件 write the plan to FILE"),
	OPT_END(),
};

static int run_plan(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_plan_def;
	struct plan_opts o = { 0 };
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc < 1)
		return cmd_usage(self, "需要子命令 (needs a subcommand): list, show, validate, export, add");
	if (!strcmp(argv[0], "list"))
		return plan_list(argc, argv, ctx);
	if (!strcmp(argv[0], "show"))
		return plan_show(argc, argv, ctx, 0, o.out);
	if (!strcmp(argv[0], "export"))
		return plan_show(argc, argv, ctx, 1, o.out);
	if (!strcmp(argv[0], "validate"))
		return plan_validate_cmd(argc, argv, ctx);
	if (!strcmp(argv[0], "add"))
		return plan_add_cmd(argc, argv, ctx);
	return cmd_usage(self, "未知子命令 '%s' (unknown subcommand)", argv[0]);
}

const struct cmd cmd_plan_def = {
	.name = "plan", .fn = run_plan, .summary = "计划：列表、查看、校验、导出 — list, show, validate, export plans",
	.synopsis = "list [--json]\n"
		    "show ID|FILE [--json]\n"
		    "validate FILE [--json]\n"
		    "export ID [-o FILE]\n"
		    "add FILE",
	.description =
	"list      计划列表（有数据库时读数据库，否则读 data/plans/）\n"
	"show      一份计划的中文概览：每件实事的指标、目标、牵头单位和待核实事项；--json 输出完整计划\n"
	"validate  校验计划文件：格式、编号、单位，以及每条引文是否与原文逐字节一致\n"
	"export    以 JSON 输出数据库中的计划\n"
	"add       把校验通过的计划文件（如 notice import -o 写出、人工核对过的草案）作为新计划存入数据库，\n"
	"          记入台账日志；已有同名计划时拒绝。跟踪的仍是该年度最先载入的计划\n",
	.options = plan_options,
};
