/*
 * cmd_notice.c - `notice import`: a notice's text into a draft plan with
 * every fact quoted, a summary a clerk can check against the text, the
 * draft written beside its source (-o), and optionally stored as a new plan
 * (--save, journaled as plan.load).
 */
#include "cmd.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "core/json.h"
#include "notice/notice.h"
#include "plan/orgs.h"
#include "plan/plan.h"
#include "plan/setup.h"
#include "store/store.h"
#include "vote/vote.h"
#include "core/banned.h"

/*
 * The path of target relative to the folder dir (both absolute, normalised):
 * "../notices/x.txt". A plan names its source relative to its own folder.
 */
static void relative_path(struct ms_buf *out, const char *dir, const char *target)
{
	size_t common = 0, i;

	for (i = 0; dir[i] && dir[i] == target[i]; i++)
		if (dir[i] == '/')
			common = i;
	if (!dir[i] && (target[i] == '/' || !target[i]))
		common = i;
	/* one ".." for every folder of dir below the common prefix */
	for (i = common; dir[i]; i++)
		if (dir[i] == '/' && dir[i + 1])
			ms_buf_adds(out, "../");
	ms_buf_adds(out, target + common + (target[common] == '/'));
}

/* The folder that will hold path (which may not exist yet), made absolute. */
static int folder_of(struct ms_buf *out, const char *path)
{
	char *copy = strdup(path), real[PATH_MAX];
	int rc = -1;

	if (copy && realpath(dirname(copy), real)) {
		ms_buf_adds(out, real);
		rc = 0;
	}
	free(copy);
	return rc;
}

/* FILE.json -> FILE.utf8.txt: where a converted (GB18030) source is written beside the draft. */
static void text_path_for(struct ms_buf *out, const char *plan_path)
{
	size_t n = strlen(plan_path);

	if (n > 5 && !strcmp(plan_path + n - 5, ".json"))
		n -= 5;
	ms_buf_add(out, plan_path, n);
	ms_buf_adds(out, ".utf8.txt");
}

static const char *str_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s && *s ? s : "（未识别）";
}

static void summary(struct ms_buf *b, const char *file, const struct notice_result *r)
{
	const json_t *plan = r->plan, *items = json_object_get(plan, "items"), *it, *p;
	const json_t *problems = r->problems;
	size_t i;

	ms_buf_addf(b, "通知：%s\n", str_of(plan, "title"));
	ms_buf_addf(b, "文件：%s（%s%s）\n", file, r->encoding, r->converted ? "，已转换为 UTF-8" : "");
	ms_buf_addf(b, "发文机关：%s    发布日期：%s    年度：%lld\n", str_of(plan, "issuer"),
		    str_of(plan, "issued_on"),
		    (long long)json_integer_value(json_object_get(plan, "year")));
	ms_buf_addf(b, "实事：文中 %d 项", r->items_found);
	if (r->items_missing)
		ms_buf_addf(b, "，编号缺 %d 项", r->items_missing);
	ms_buf_addf(b, "；量化目标 %d 个；重复段落 %d 处；待核实 %d 条\n\n", r->targets, r->duplicates,
		    r->to_verify);
	json_array_foreach(items, i, it) {
		const json_t *leads = json_object_get(it, "lead_units");
		size_t nind = json_array_size(json_object_get(it, "indicators"));

		if (!json_is_true(json_object_get(it, "present_in_source"))) {
			ms_buf_addf(b, "  %2lld  （文中缺失）\n",
				    (long long)json_integer_value(json_object_get(it, "no")));
			continue;
		}
		ms_buf_addf(b, "  %2lld  %s — %zu 项指标，牵头单位 %zu 个\n",
			    (long long)json_integer_value(json_object_get(it, "no")), str_of(it, "title"),
			    nind, json_array_size(leads));
	}
	if (json_array_size(problems))
		ms_buf_adds(b, "\n问题与待核实：\n");
	json_array_foreach(problems, i, p) {
		const char *sev = json_string_value(json_object_get(p, "severity"));
		const json_t *item = json_object_get(p, "item");

		ms_buf_addf(b, "  [%s] ", sev && !strcmp(sev, "warning") ? "待核实" :
			    sev && !strcmp(sev, "error") ? "错误" : "提示");
		if (json_is_integer(item) && json_integer_value(item) > 0)
			ms_buf_addf(b, "第%lld项 ", (long long)json_integer_value(item));
		ms_buf_adds(b, str_of(p, "text"));
		if (json_is_integer(json_object_get(p, "offset")))
			ms_buf_addf(b, "（字节 %lld）",
				    (long long)json_integer_value(json_object_get(p, "offset")));
		ms_buf_adds(b, "\n");
	}
}

/* Writes the converted text (when there is one) and the draft; then checks the draft as `plan validate` would. */
static int write_draft(const char *out, const struct notice_result *r, const struct plan_orgs *orgs,
		       struct ms_buf *say)
{
	struct ms_buf doc = MS_BUF_INIT, txt = MS_BUF_INIT, report = MS_BUF_INIT;
	struct plan p;
	struct ms_err err;
	int rc = EXIT_ERROR, n;

	if (r->converted) {
		text_path_for(&txt, out);
		if (ms_file_write_atomic(txt.buf, r->text.buf, r->text.len, &err)) {
			rc = cmd_fail_err(&err);
			goto out;
		}
	}
	if (ms_json_dump(&doc, r->plan, 1) < 0 || ms_buf_adds(&doc, "\n") < 0) {
		rc = cmd_fail("%s: cannot encode the draft", out);
		goto out;
	}
	if (ms_file_write_atomic(out, doc.buf, doc.len, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (plan_load(&p, out, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	n = plan_validate(&p, orgs, &report, 20);
	plan_release(&p);
	if (n) {
		fprintf(stderr, "%s", report.buf);
		rc = cmd_fail("%s: the draft has %d problem%s against its source (草案校验未通过)", out,
			      n, n == 1 ? "" : "s");
		goto out;
	}
	ms_buf_addf(say, "\n草案已写入 %s%s%s，校验通过（plan validate %s）\n", out,
		    r->converted ? "，转换后的原文写入 " : "", r->converted ? txt.buf : "", out);
	rc = EXIT_OK;
out:
	ms_buf_release(&doc);
	ms_buf_release(&txt);
	ms_buf_release(&report);
	return rc;
}

/* Stores the draft as a new plan in the database, in one transaction with its journal row. */
static int save_draft(struct cmd_ctx *ctx, const char *file, const struct notice_result *r,
		      const struct plan_orgs *orgs, struct ms_buf *say)
{
	struct ms_buf report = MS_BUF_INIT;
	struct store *st = NULL;
	struct plan p;
	struct ms_err err;
	int rc = EXIT_OK;

	plan_load_doc(&p, json_deep_copy(r->plan), file, r->text.buf, r->text.len);
	if (store_open(&st, ctx->db, STORE_WRITE, &err) ||
	    plan_add(st, &p, orgs, ctx->actor, &report, &err)) {
		if (report.len)
			fprintf(stderr, "%s", report.buf);
		rc = cmd_fail_err(&err);
	} else {
		ms_buf_addf(say, "已作为新计划 %s 存入 %s（台账日志 plan.load）\n", plan_id(&p), ctx->db);
	}
	store_close(st);
	plan_release(&p);
	ms_buf_release(&report);
	return rc;
}

/* The importer's errors say what is wrong; the file is named here unless they already do. */
static int fail_import(const char *file, const struct ms_err *err)
{
	if (!strncmp(err->msg, file, strlen(file)))
		return cmd_fail_err(err);
	return cmd_fail("%s: %s", file, err->msg);
}

struct notice_cmd_opts {
	const char *out, *id, *units;
	int save;
};

static const struct cmd_option notice_options[] = {
	OPT_STRING('o', "output", struct notice_cmd_opts, out, "PLAN.json",
		   "写出计划草案（与 data/plans/ 同一格式）；GB18030 输入另写转换后的 UTF-8 原文 PLAN.utf8.txt，"
		   "草案引用它 write the draft plan"),
	OPT_STRING(0, "id", struct notice_cmd_opts, id, "ID", "草案的计划编号（默认取自文件名） the draft's plan id"),
	OPT_STRING(0, "units", struct notice_cmd_opts, units, "UNIT=new|same|drop,…",
		   "草案提出的新单位逐个核定：new 新建、same 即已有单位（并入相近的已有单位）、drop 不建；UNIT 为单位"
		   "名称或编号，未列出的按新建（待核实照旧） decide each unit the draft proposes"),
	OPT_FLAG(0, "save", struct notice_cmd_opts, save,
		 "校验通过后作为新计划存入数据库（记入台账日志） store it as a new plan"),
	OPT_END(),
};

/* The notice's bytes into in (a regular file, at most NOTICE_MAX_BYTES); 0 or the exit code. */
static int read_notice(const char *file, struct ms_buf *in, struct stat *sb)
{
	struct ms_err err;

	if (stat(file, sb) < 0)
		return cmd_fail("%s: cannot open: %s", file, strerror(errno));
	if (!S_ISREG(sb->st_mode))
		return cmd_fail("%s: not a regular file (不是文件)", file);
	if ((size_t)sb->st_size > NOTICE_MAX_BYTES)
		return cmd_fail("%s: %lld bytes; a notice is at most %zu MiB (文件过大)", file,
				(long long)sb->st_size, NOTICE_MAX_BYTES >> 20);
	if (ms_file_read(in, file, NOTICE_MAX_BYTES, &err))
		return cmd_fail_err(&err);
	return 0;
}

/* The source as the draft at out names it: relative to out's folder. 0 or the exit code. */
static int source_for(const char *out, const char *file, struct ms_buf *dir, struct ms_buf *src)
{
	char real[PATH_MAX];

	if (folder_of(dir, out) < 0)
		return cmd_fail("%s: the folder does not exist (目录不存在)", out);
	if (!realpath(file, real))
		return cmd_fail("%s: %s", file, strerror(errno));
	relative_path(src, dir->buf, real);
	return 0;
}

/*
 * A converted (GB18030) notice: the offsets refer to the UTF-8 text, written
 * beside the draft (never over the input), which the draft names as its source.
 */
static int name_converted(const char *out, const char *file, const struct stat *sb,
			  struct notice_result *r)
{
	struct ms_buf txt = MS_BUF_INIT;
	struct stat ts;
	int rc = 0;

	text_path_for(&txt, out);
	if (stat(txt.buf, &ts) == 0 && ts.st_dev == sb->st_dev && ts.st_ino == sb->st_ino)
		rc = cmd_fail("%s: the converted text would be written over the input %s; choose another -o (会覆盖原文件)",
			      txt.buf, file);
	else
		notice_set_source_path(r, strrchr(txt.buf, '/') ? strrchr(txt.buf, '/') + 1 : txt.buf);
	ms_buf_release(&txt);
	return rc;
}

/*
 * For --save: the database's organisations (a city's units that earlier
 * plans brought are matched by name), else the data files'. 1 when loaded.
 */
static int orgs_of_db(struct cmd_ctx *ctx, struct plan_orgs *orgs)
{
	struct store *st = NULL;
	struct ms_err err;
	int ok = !store_open(&st, ctx->db, STORE_READ, &err) && !plan_orgs_from_store(orgs, st, &err);

	store_close(st);
	if (!ok) {
		plan_orgs_release(orgs);
		return cmd_load_orgs(orgs);
	}
	return 1;
}

/*
 * The draft against the plan its government adopted by vote (vote_notice_match):
 * the lines appended to say (when not NULL) and the match as JSON; NULL when
 * there is no database or no voted plan for that government and year.
 */
static json_t *voted_match(struct cmd_ctx *ctx, const json_t *plan, struct ms_buf *say)
{
	struct vote_match *m = malloc(sizeof(*m));
	struct store *st = NULL;
	struct ms_err err;
	json_t *j = NULL;

	if (!m)
		abort();
	if (ctx->db && access(ctx->db, R_OK) == 0 && !store_open(&st, ctx->db, STORE_READ, &err) &&
	    vote_notice_match(st, plan, m, &err) == 1) {
		if (say) {
			ms_buf_adds(say, "\n");
			vote_match_text(say, m);
		}
		j = vote_match_json(m);
	}
	if (st)
		store_close(st);
	free(m);
	return j;
}

static int import(const char *file, const struct notice_cmd_opts *o, struct cmd_ctx *ctx)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct ms_buf in = MS_BUF_INIT, src = MS_BUF_INIT, dir = MS_BUF_INIT, say = MS_BUF_INIT;
	struct notice_result r = NOTICE_RESULT_INIT;
	struct notice_opts no = { 0 };
	struct ms_err err;
	struct stat sb;
	json_t *voted = NULL;
	int rc;

	if ((rc = read_notice(file, &in, &sb)))
		goto out;
	no.orgs = (o->save ? orgs_of_db(ctx, &orgs) : cmd_load_orgs(&orgs)) ? &orgs : NULL;
	no.id = o->id;
	if (o->out && (rc = source_for(o->out, file, &dir, &src)))
		goto out;
	if (notice_import(in.buf, in.len, file, &no, &r, &err)) {
		rc = fail_import(file, &err);
		goto out;
	}
	if (notice_units_decide(&r, o->units, no.orgs, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (o->out)
		notice_set_source_path(&r, src.buf);
	if (o->out && r.converted && (rc = name_converted(o->out, file, &sb, &r)))
		goto out;
	if (!ctx->json)
		summary(&say, file, &r);
	if (o->out)
		rc = write_draft(o->out, &r, no.orgs, &say);
	if (rc == EXIT_OK && o->save)
		rc = save_draft(ctx, file, &r, no.orgs, &say);
	voted = rc == EXIT_OK ? voted_match(ctx, r.plan, ctx->json ? NULL : &say) : NULL;
	if (!ctx->json) {
		json_decref(voted);
		voted = NULL;
	}
	if (ctx->json) {
		json_t *j = json_pack("{s:s, s:s, s:b, s:O, s:O, s:O}", "file", file, "encoding",
				      r.encoding, "converted", r.converted, "plan", r.plan, "facts",
				      r.facts, "problems", r.problems);

		if (voted)
			json_object_set_new(j, "vote_match", voted);

		ms_buf_reset(&say);
		ms_json_dump(&say, j, 1);
		ms_buf_adds(&say, "\n");
		json_decref(j);
	} else if (!o->out && !o->save) {
		ms_buf_adds(&say, "\n（未写出草案：加 -o PLAN.json 写出，加 --save 存入数据库）\n");
	}
	if (cmd_print(&say) != EXIT_OK)
		rc = EXIT_ERROR;
out:
	notice_result_release(&r);
	plan_orgs_release(&orgs);
	ms_buf_release(&in);
	ms_buf_release(&src);
	ms_buf_release(&dir);
	ms_buf_release(&say);
	return rc;
}

static int run_notice(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_notice_def;
	struct notice_cmd_opts o = { 0 };
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc < 1 || strcmp(argv[0], "import"))
		return cmd_usage(self, "expected: notice import FILE");
	if (argc != 2)
		return cmd_usage(self, "notice import takes one FILE");
	return import(argv[1], &o, ctx);
}

const struct cmd cmd_notice_def = {
	.name = "notice", .fn = run_notice,
	.summary = "通知导入：由通知文本生成计划草案 — import a notice's text into a draft plan",
	.synopsis = "import FILE [-o PLAN.json] [--id ID] [--units UNIT=new|same|drop,…] [--json] [--save]",
	.description =
	"读取一份民生实事通知（UTF-8 或 GB18030/GBK，任意换行，可有重复、错位的段落），识别标题、发文机关、\n"
	"日期、文号，按编号（一、（一）1. 第一条）分出各项实事，找出量化目标（数值、单位、比较词）、牵头\n"
	"和责任单位、时限，每一条都记下原文位置（字节偏移和长度）。编号缺漏、重复段落、错位句子和互相\n"
	"矛盾的单位列为问题或待核实事项。\n",
	.options = notice_options,
};
