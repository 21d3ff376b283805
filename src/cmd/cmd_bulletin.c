/*
 * cmd_bulletin.c - the 通报 from the command line: the live draft of a
 * round (bulletin --round D, rebuilt from the ledger each time), and
 * issued bulletins, frozen documents with a 文号: issue, list, show.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/table.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "report/bulletin.h"
#include "store/store.h"
#include "core/banned.h"

struct bopts {
	const char *plan, *round, *format, *out, *number, *to, *cc;
	ms_day as_of;
	int as_of_given;
	long corrects;
};

static const struct cmd_option bulletin_options[] = {
	OPT_STRING(0, "round", struct bopts, round, "DATE", "报送节点（截止日） the reporting round (its due date)"),
	OPT_DATE(0, "as-of", struct bopts, as_of, as_of_given,
		 "截至该日（默认报送截止日后第7天） as of that day (default: a week after the due date)"),
	OPT_STRING(0, "number", struct bopts, number, "文号",
		   "issue：通报文号，如 赣民实办〔2023〕1号（默认本年下一个号，前缀取设置 bulletin.prefix）"
		   " the bulletin's number (default: the year's next)"),
	OPT_STRING(0, "to", struct bopts, to, "主送",
		   "issue：主送机关（默认 各设区市人民政府，省直有关单位） the addressees"),
	OPT_STRING(0, "cc", struct bopts, cc, "抄送",
		   "issue：抄送机关（默认 省民生实事工程实施领导小组成员单位） copied to"),
	OPT_INT(0, "corrects", struct bopts, corrects, "ID",
		"issue：更正第 ID 号通报 this bulletin corrects issued bulletin ID", 1, 1000000000L),
	OPT_CHOICE(0, "format", struct bopts, format, "md|html|csv|xlsx",
		   "格式（默认由 -o 的扩展名决定，否则 md） the format"),
	OPT_OUTPUT(struct bopts, out, "FILE", "写入文件（- 为标准输出） write to FILE"),
	OPT_STRING(0, "plan", struct bopts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_END(),
};

/* The format asked for: --format, else -o's extension, else Markdown; -1 after a usage error. */
static int pick_format(const struct bopts *o, const char **fmt, int *rc)
{
	const char *s;

	*fmt = o->format;
	if (!*fmt) {
		s = o->out ? strrchr(o->out, '.') : NULL;
		*fmt = s && (!strcmp(s, ".html") || !strcmp(s, ".csv") || !strcmp(s, ".xlsx")) ? s + 1 : "md";
	}
	if (!strcmp(*fmt, "xlsx") && !o->out) {
		*rc = cmd_usage(&cmd_bulletin_def, "xlsx needs -o FILE");
		return -1;
	}
	return 0;
}

/* Writes bl in fmt to path (or stdout); the exit code. */
static int emit(const struct bulletin *bl, const char *fmt, const char *path)
{
	struct ms_buf out = MS_BUF_INIT;
	struct ms_err err;
	int rc = EXIT_OK;

	if (!strcmp(fmt, "xlsx")) {
		if (bulletin_xlsx(bl, path, &err))
			rc = cmd_fail_err(&err);
	} else if (bulletin_render(bl, fmt, &out, &err)) {
		rc = cmd_fail_err(&err);
	} else if (path) {
		if (ms_file_write_atomic(path, out.buf, out.len, &err))
			rc = cmd_fail_err(&err);
	} else {
		rc = cmd_print(&out);
	}
	if (!rc && path)
		fprintf(stderr, "已生成 %s（%s）\n", path, fmt);
	ms_buf_release(&out);
	return rc;
}

/* bulletin --round D: the live draft, built from the ledger as it is now. */
static int live(const struct bopts *lo, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_bulletin_def;
	struct progress_opts po = { 0 };
	const struct ledger_round *rd;
	struct bulletin bl;
	struct progress p;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	const char *fmt;
	int rc;

	if (!lo->round)
		return cmd_usage(self, "--round DATE is required (报送节点)");
	if (pick_format(lo, &fmt, &rc))
		return rc;
	if ((rc = cmd_open_ledger(ctx, lo->plan, 0, &st, &l)))
		return rc;
	if (!(rd = ledger_round_find(&l, lo->round, &err))) {
		rc = cmd_usage(self, "--round: %s", err.msg);
		goto out;
	}
	/* as of a week after the due date (when a bulletin goes out), unless told */
	po.as_of = lo->as_of_given ? lo->as_of : rd->day + 7;
	if (progress_compute(&l, &po, &p, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (bulletin_build(&bl, st, &l, &p, rd->due, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		rc = emit(&bl, fmt, lo->out);
		bulletin_free(&bl);
	}
	progress_free(&p);
out:
	ledger_close(&l);
	store_close(st);
	return rc;
}

/* bulletin issue --round D [--number 文号] [--as-of D] [--corrects ID]: without a number, the year's next */
static int issue(const struct bopts *lo, struct cmd_ctx *ctx)
{
	struct bulletin_issue_in in = { 0 };
	struct store_bulletin row;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	int64_t id;
	int rc;

	if (!lo->round)
		return cmd_usage(&cmd_bulletin_def, "bulletin issue needs --round DATE");
	in.round = lo->round;
	in.as_of = lo->as_of;
	in.as_of_given = lo->as_of_given;
	in.number = lo->number;
	in.corrects = lo->corrects;
	in.to = lo->to;
	in.cc = lo->cc;
	if ((rc = cmd_open_ledger(ctx, lo->plan, 1, &st, &l)))
		return rc;
	if (bulletin_issue(&l, &in, &id, &err)) {
		rc = cmd_fail_err(&err);
	} else if (store_bulletin_get(st, id, &row, NULL, &err) != 1) {
		rc = cmd_fail_err(&err);
	} else if (ctx->json) {
		json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "number", row.number,
				      "round", row.round, "as_of", row.as_of);
		struct ms_buf out = MS_BUF_INIT;

		ms_json_dump(&out, j, 1);
		json_decref(j);
		rc = cmd_print(&out);
		ms_buf_release(&out);
	} else {
		printf("已印发第 %lld 号通报：%s（报送节点 %s，截至 %s）%s%s\n", (long long)id, row.number,
		       row.round, row.as_of, row.corrects ? "，更正 " : "", row.corrects ? row.corrects_number : "");
	}
	ledger_close(&l);
	store_close(st);
	return rc;
}

struct blist { struct ms_table *t; json_t *arr; size_t n; };

static int list_row(const struct store_bulletin *b, void *arg)
{
	struct blist *a = arg;

	a->n++;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)b->id, "number", b->number,
				      "round", b->round, "as_of", b->as_of, "issued_at", b->issued_at,
				      "issued_by", b->issued_by);

		json_object_set_new(o, "corrects", b->corrects ? json_integer(b->corrects) : json_null());
		json_object_set_new(o, "corrected_by", b->corrected_by ? json_integer(b->corrected_by) : json_null());
		json_array_append_new(a->arr, o);
		return 0;
	}
	ms_table_addf(a->t, "%lld", (long long)b->id);
	ms_table_add(a->t, b->number);
	ms_table_add(a->t, b->round);
	ms_table_add(a->t, b->as_of);
	cmd_table_stamp(a->t, b->issued_at);
	ms_table_add(a->t, b->issued_by);
	if (b->corrects && b->corrected_by)
		ms_table_addf(a->t, "更正第 %lld 号；已被第 %lld 号更正", (long long)b->corrects,
			      (long long)b->corrected_by);
	else if (b->corrects)
		ms_table_addf(a->t, "更正第 %lld 号", (long long)b->corrects);
	else if (b->corrected_by)
		ms_table_addf(a->t, "已被第 %lld 号更正", (long long)b->corrected_by);
	else
		ms_table_add(a->t, "");
	return 0;
}

static int list(const struct bopts *lo, struct cmd_ctx *ctx)
{
	static const char *const head[] = { "编号", "文号", "报送节点", "截至", "印发时间（北京时间）", "印发人", "更正" };
	struct blist a = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	char tail[64];
	int rc;

	if ((rc = cmd_open_ledger(ctx, lo->plan, 0, &st, &l)))
		return rc;
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 7, 0);
	if (store_bulletin_each(st, l.plan, list_row, &a, &err)) {
		rc = cmd_fail_err(&err);
		json_decref(a.arr);
		ms_table_free(a.t);
	} else {
		snprintf(tail, sizeof(tail), "共 %zu 份已印发的通报\n", a.n);
		rc = cmd_list_finish(a.arr, a.t, tail);
	}
	ledger_close(&l);
	store_close(st);
	return rc;
}

/* bulletin show ID: the issued document, rendered from its snapshot. */
static int show(const struct bopts *lo, struct cmd_ctx *ctx, const char *arg)
{
	struct store_bulletin row;
	struct bulletin bl;
	struct store *st;
	struct ms_err err;
	const char *fmt;
	char *end;
	long long id = strtoll(arg, &end, 10);
	int rc;

	if (*end || id < 1 || end == arg)
		return cmd_usage(&cmd_bulletin_def, "bulletin show ID: \"%s\" is not a bulletin number (编号)", arg);
	if (pick_format(lo, &fmt, &rc))
		return rc;
	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	if (bulletin_issued_load(st, (int64_t)id, &row, &bl, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		rc = emit(&bl, fmt, lo->out);
		bulletin_free(&bl);
	}
	store_close(st);
	return rc;
}

static int run_bulletin(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_bulletin_def;
	struct bopts lo = { 0 };
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (!argc)
		return live(&lo, ctx);
	if (!strcmp(argv[0], "issue") && argc == 1)
		return issue(&lo, ctx);
	if (!strcmp(argv[0], "list") && argc == 1)
		return list(&lo, ctx);
	if (!strcmp(argv[0], "show") && argc == 2)
		return show(&lo, ctx, argv[1]);
	if (!strcmp(argv[0], "show"))
		return cmd_usage(self, "bulletin show needs one ID");
	return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[0]);
}

const struct cmd cmd_bulletin_def = {
	.name = "bulletin", .fn = run_bulletin, .summary = "通报 — the bulletin after a reporting round",
	.synopsis = "--round DATE [--as-of DATE] [--format md|html|csv|xlsx] [-o FILE]\n"
		    "issue --round DATE [--number 文号] [--as-of DATE] [--corrects ID] [--to 主送] [--cc 抄送]\n"
		    "list [--json]\n"
		    "show ID [--format md|html|csv|xlsx] [-o FILE]",
	.description =
	"生成某一报送节点的进展通报：总体情况、各项实事进展表、各地排名、明显滞后的指标及牵头单位、\n"
	"逾期和未报送情况、下一步要求。默认截至报送截止日后第7天（通报印发时），--as-of 可改。\n"
	"格式由 --format 或 -o 的扩展名决定：md（默认）、html（公文：GB/T 9704 版式，发文机关标志、文号、主送、\n"
	"附件说明、落款、版记，A4 打印，每件实事的台账为附件）、csv（台账，Excel 可直接打开）、\n"
	"xlsx（通报工作表 + 每件实事一张台账工作表，须 -o）。\n"
	"不带子命令时按台账现状生成，是草稿，数据变了通报也会变。issue 印发通报：以文号（本计划内唯一）\n"
	"和成文日期冻结通报全文，此后不可修改或删除，记入台账日志；不带 --number 时文号取本年下一个\n"
	"（如 赣民实办〔2023〕3号：前缀取设置 bulletin.prefix，序号为本年已印发数加一，已占用则顺延）；\n"
	"主送、抄送默认取设置 bulletin.to、bulletin.cc，可由 --to、--cc 指定；更正须另发一份 --corrects ID 的通报，\n"
	"两份通报都会注明。list 列出已印发的通报；show ID 由冻结的全文重新生成，任何格式都与印发时一致。\n",
	.options = bulletin_options,
};
