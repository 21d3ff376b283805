/*
 * cmd_ledger.c - the task ledger from the command line: assign, report,
 * approve, return, status, journal, history, site, actuals (the bulletin:
 * cmd_bulletin.c).
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "core/money.h"
#include "core/table.h"
#include "auth/journal.h"
#include "ledger/ledger.h"
#include "ledger/actuals.h"
#include "ledger/progress.h"
#include "rules/params.h"
#include "plan/units.h"
#include "report/entry_xlsx.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

/* The options of every ledger command (each command's table takes its own). */
struct lopts {
	const char *plan, *indicator, *org, *round;
	const char *value, *numerator, *denominator, *narrative, *reason, *submitted_at;
	int draft, from_sites, unreviewed, all;
	ms_day as_of;
	int as_of_given;
	long item, margin;
	const char *since, *format, *out, *month, *params;
	const char *name, *address, *kind, *lat, *lon, *delivered, *status, *quantity;
};

#define OPT_PLAN OPT_STRING(0, "plan", struct lopts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)")
#define OPT_ROUND OPT_STRING(0, "round", struct lopts, round, "DATE", "报送节点（截止日） the reporting round (its due date)")

static void close_ledger(struct store *st, struct ledger *l)
{
	ledger_close(l);
	store_close(st);
}

/* ---------- assign ---------- */

struct alist { struct ledger *l; struct ms_table *t; json_t *arr; const char *ind; size_t n; };

static int list_assign(const char *ind, const char *org, int64_t target, void *arg)
{
	struct alist *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, ind);
	struct ms_buf b = MS_BUF_INIT;

	if (a->ind && strcmp(a->ind, ind))
		return 0;
	a->n++;
	plan_value_format(&b, d ? d->unit : "", target);
	if (a->arr) {
		json_array_append_new(a->arr, json_pack("{s:s, s:s, s:I, s:s}", "indicator", ind, "org",
							org, "target_value", (json_int_t)target,
							"target", b.buf));
	} else {
		ms_table_add(a->t, ind);
		ms_table_add(a->t, d ? d->name : "");
		ms_table_add(a->t, org);
		ms_table_add(a->t, b.buf);
	}
	ms_buf_release(&b);
	return 0;
}

static const struct cmd_option assign_options[] = {
	OPT_PLAN,
	OPT_STRING(0, "indicator", struct lopts, indicator, "ID", "list：只列此指标 only this indicator"),
	OPT_END(),
};

static int run_assign(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_assign_def;
	struct ms_buf out = MS_BUF_INIT;
	struct lopts lo = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	long n = 0;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "assign needs INDICATOR ORG TARGET, or import, check, standards, list");
	if ((rc = cmd_open_ledger(ctx, lo.plan, strcmp(argv[0], "check") && strcmp(argv[0], "list"), &st, &l)))
		return rc;
	if (!strcmp(argv[0], "import")) {
		if (argc != 2) {
			rc = cmd_usage(self, "assign import needs one FILE");
		} else if (ledger_assign_import(&l, argv[1], &n, &err)) {
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		} else {
			printf("已导入 %ld 条任务分解（%s）\n", n, argv[1]);
		}
	} else if (!strcmp(argv[0], "milestones")) {
		if (argc < 3) {
			rc = cmd_usage(self, "assign milestones INDICATOR SHARE... (one per progress round)");
		} else if (ledger_milestones(&l, argv[1], (const char *const *)argv + 2, (size_t)argc - 2, &err)) {
			rc = cmd_fail_err(&err);
		} else {
			printf("已设定 %s 各轮应达进度\n", argv[1]);
		}
	} else if (!strcmp(argv[0], "standards")) {
		if (ledger_assign_standards(&l, &n, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已为各%s补充 %ld 条“各地均须达到”的标准类目标\n", ledger_children_word(&l), n);
	} else if (!strcmp(argv[0], "check")) {
		int k = ledger_assign_check(&l, &out, &err);

		if (k < 0) {
			rc = cmd_fail_err(&err);
		} else {
			if (!k)
				ms_buf_adds(&out, "任务分解与计划目标一致 ok\n");
			else
				ms_buf_addf(&out, "共 %d 处不一致\n", k);
			rc = cmd_print(&out);
			if (!rc && k)
				rc = EXIT_ERROR;
		}
	} else if (!strcmp(argv[0], "list")) {
		static const char *const head[] = { "指标", "名称", "区划", "分解目标" };
		struct alist a = { &l, NULL, NULL, lo.indicator, 0 };
		char tail[64];

		cmd_list_start(ctx->json, &a.arr, &a.t, head, 4, 3);
		if (store_assign_each(st, l.plan, list_assign, &a, &err)) {
			rc = cmd_fail_err(&err);
			json_decref(a.arr);
			ms_table_free(a.t);
		} else {
			snprintf(tail, sizeof(tail), "共 %zu 条\n", a.n);
			rc = cmd_list_finish(a.arr, a.t, tail);
		}
	} else if (argc == 3) {
		if (ledger_assign(&l, argv[0], argv[1], argv[2], &err))
			rc = cmd_fail_err(&err);
		else
			printf("已分解：%s %s → %s\n", argv[0], argv[1], argv[2]);
	} else {
		rc = cmd_usage(self, "assign needs INDICATOR ORG TARGET");
	}
	close_ledger(st, &l);
	ms_buf_release(&out);
	return rc;
}

/* ---------- report, approve, return ---------- */

static const struct cmd_option report_options[] = {
	OPT_ROUND,
	OPT_STRING(0, "value", struct lopts, value, "V", "累计完成数（按指标单位书写） the year-to-date value"),
	OPT_STRING(0, "numerator", struct lopts, numerator, "N", "比率类指标的分子 a rate's numerator"),
	OPT_STRING(0, "denominator", struct lopts, denominator, "D", "比率类指标的分母 a rate's denominator"),
	OPT_FLAG(0, "from-sites", struct lopts, from_sites,
		 "以截至报送节点已交付的点位数量为完成数 the delivered sites as the value"),
	OPT_STRING(0, "narrative", struct lopts, narrative, "TEXT",
		   "情况说明（低于上一轮或超过目标3倍时必填） the narrative"),
	OPT_STRING(0, "reason", struct lopts, reason, "TEXT", "未报数值的原因 why there is no value"),
	OPT_FLAG(0, "draft", struct lopts, draft, "保存为草稿，不报送 save as a draft"),
	OPT_STRING(0, "submitted-at", struct lopts, submitted_at, "TIME",
		   "补录报送时间（北京时间） when it was submitted (China time)"),
	OPT_PLAN,
	OPT_END(),
};

/*
 * report import FILE.xlsx: a 报送表 downloaded from the 报送 page, through
 * the same checks as the form, all rows or none; every refused cell listed.
 */
static int report_import_xlsx(struct cmd_ctx *ctx, const struct lopts *lo, const char *path)
{
	struct ms_buf data = MS_BUF_INIT;
	struct entry_import *im = calloc(1, sizeof(*im));
	struct store *st;
	struct ledger l;
	struct ms_err err;
	size_t i;
	int rc;

	if (!im)
		abort();
	if (ms_file_read(&data, path, (size_t)32 << 20, &err)) {
		rc = cmd_fail("%s", err.msg);
		goto out;
	}
	if ((rc = cmd_open_ledger(ctx, lo->plan, 1, &st, &l)))
		goto out;
	if (entry_xlsx_import(&l, data.buf, data.len, NULL, NULL, lo->draft, "import", im, &err)) {
		for (i = 1; i < im->b.nerr && i < ENTRY_MAX_ERRS; i++)
			fprintf(stderr, "%s: %s\n", path, im->errs[i].err.msg);
		rc = cmd_fail("%s: %s (nothing was imported; 未导入任何数据)", path, err.msg);
	} else {
		printf("已导入 %s：%zu 行，保存 %zu 份报送%s（未改动 %zu，已审核通过未改 %zu）\n", path, im->rows,
		       im->b.written, lo->draft ? "草稿" : "", im->b.same, im->b.closed);
	}
	close_ledger(st, &l);
out:
	ms_buf_release(&data);
	free(im);
	return rc;
}

static int run_report(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_report_def;
	struct lopts lo = { 0 };
	struct ledger_report_in in = { 0 };
	struct ms_buf warn = MS_BUF_INIT;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	const char *at;
	long n;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (argc == 2 && !strcmp(argv[0], "import")) {
		if (strlen(argv[1]) > 5 && !strcmp(argv[1] + strlen(argv[1]) - 5, ".xlsx"))
			return report_import_xlsx(ctx, &lo, argv[1]);
		if ((rc = cmd_open_ledger(ctx, lo.plan, 1, &st, &l)))
			return rc;
		if (ledger_report_import(&l, argv[1], &n, &err))
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		else
			printf("已导入 %ld 份报送（%s）\n", n, argv[1]);
		close_ledger(st, &l);
		return rc;
	}
	if (argc != 2)
		return cmd_usage(self, "report needs INDICATOR ORG --round DATE");
	in.indicator = argv[0];
	in.org = argv[1];
	in.round = lo.round;
	if (!in.round)
		return cmd_usage(self, "--round DATE is required (报送节点)");
	in.value = lo.value;
	in.numerator = lo.numerator;
	in.denominator = lo.denominator;
	in.narrative = lo.narrative;
	in.reason = lo.reason;
	in.draft = lo.draft;
	in.from_sites = lo.from_sites;
	at = lo.submitted_at;
	if (at && ledger_parse_time(at, &in.submitted_at, &err))
		return cmd_usage(self, "--submitted-at: %s", err.msg);
	if ((rc = cmd_open_ledger(ctx, lo.plan, 1, &st, &l)))
		return rc;
	if (ledger_report(&l, &in, &warn, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		printf("已%s：%s %s（%s）\n", in.draft ? "保存草稿" : "报送", in.indicator, in.org, in.round);
		if (warn.len)
			printf("提示：%s已附说明。\n", warn.buf);
	}
	close_ledger(st, &l);
	ms_buf_release(&warn);
	return rc;
}

static const struct cmd_option review_options[] = {
	OPT_ROUND,
	OPT_STRING(0, "reason", struct lopts, reason, "TEXT", "理由（退回时必填） the reason (needed to return)"),
	OPT_PLAN,
	OPT_END(),
};

static const struct cmd_option approve_options[] = {
	OPT_ROUND,
	OPT_STRING(0, "reason", struct lopts, reason, "TEXT", "理由（退回时必填） the reason (needed to return)"),
	OPT_FLAG(0, "all", struct lopts, all, "全部通过：该节点所有待审核的报送 approve every report of the round awaiting review"),
	OPT_INT(0, "item", struct lopts, item, "N", "与 --all 同用：只审第 N 件实事 with --all: only item N", 1, 100),
	OPT_STRING(0, "org", struct lopts, org, "ORG", "与 --all 同用：只审该单位 with --all: only this unit"),
	OPT_PLAN,
	OPT_END(),
};

/* approve --all --round DATE [--item N] [--org ORG]: 全部通过 in one transaction. */
static int approve_all(const struct lopts *lo, struct cmd_ctx *ctx)
{
	struct store *st;
	struct ledger l;
	struct ms_err err;
	size_t n;
	int rc, levels;

	if ((rc = cmd_open_ledger(ctx, lo->plan, 1, &st, &l)))
		return rc;
	if (ledger_review_levels(&l, &levels, &err) ||
	    ledger_approve_round(&l, lo->round, lo->item, lo->org, &n, &err))
		rc = cmd_fail_err(&err);
	else if (levels == 2)
		printf("已审核 %zu 份报送（%s）：县（市、区）的为初审通过，其余审核通过\n", n, lo->round);
	else
		printf("已审核通过 %zu 份报送（%s）\n", n, lo->round);
	close_ledger(st, &l);
	return rc;
}

static int review(int argc, char **argv, struct cmd_ctx *ctx, int approve)
{
	const struct cmd *self = approve ? &cmd_approve_def : &cmd_return_def;
	struct lopts lo = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	enum report_status now = REPORT_NONE;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (lo.all) {
		if (argc || !lo.round)
			return cmd_usage(self, "approve --all needs --round DATE and no INDICATOR ORG");
		return approve_all(&lo, ctx);
	}
	if (lo.item || lo.org)
		return cmd_usage(self, "--item and --org go with --all");
	if (argc != 2 || !lo.round)
		return cmd_usage(self, "%s needs INDICATOR ORG --round DATE", approve ? "approve" : "return");
	if (!approve && !lo.reason)
		return cmd_usage(self, "return needs --reason TEXT (退回须说明理由)");
	if ((rc = cmd_open_ledger(ctx, lo.plan, 1, &st, &l)))
		return rc;
	if (ledger_review_step(&l, argv[0], argv[1], lo.round, approve, lo.reason, LEDGER_STEP_NEXT, &now, &err))
		rc = cmd_fail_err(&err);
	else
		printf("已%s：%s %s（%s）\n", !approve ? "退回" : now == REPORT_SUBMITTED ?
		       "初审通过（待牵头单位审核）" : "审核通过", argv[0], argv[1], lo.round);
	close_ledger(st, &l);
	return rc;
}

static int run_approve(int argc, char **argv, struct cmd_ctx *ctx) { return review(argc, argv, ctx, 1); }
static int run_return(int argc, char **argv, struct cmd_ctx *ctx) { return review(argc, argv, ctx, 0); }

/* review levels [1|2]: shows or sets how many review steps the plan's reports take. */
static const struct cmd_option levels_options[] = {
	OPT_PLAN,
	OPT_END(),
};

static int run_review(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_review_def;
	struct lopts lo = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	int rc, levels;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (!argc || strcmp(argv[0], "levels") || argc > 2)
		return cmd_usage(self, argc && strcmp(argv[0], "levels") ? "unknown subcommand '%s'" :
				 "review levels [1|2]", argc ? argv[0] : "");
	if (argc == 2 && strcmp(argv[1], "1") && strcmp(argv[1], "2"))
		return cmd_usage(self, "审核层级只能是 1 或 2 (levels are 1 or 2), not '%s'", argv[1]);
	if ((rc = cmd_open_ledger(ctx, lo.plan, argc == 2, &st, &l)))
		return rc;
	if (argc == 2 ? ledger_review_levels_set(&l, argv[1][0] - '0', &err) :
	    ledger_review_levels(&l, &levels, &err))
		rc = cmd_fail_err(&err);
	else if (argc == 2)
		printf("已设定计划 %s 的审核层级为 %s%s\n", l.plan, argv[1],
		       argv[1][0] == '2' ? "：县区的报送先由所在设区市初审，再由牵头单位审核" : "：由牵头单位审核");
	else
		printf("%d\n", levels);
	close_ledger(st, &l);
	return rc;
}

/* ---------- status ---------- */

static const struct cmd_option status_options[] = {
	OPT_DATE(0, "as-of", struct lopts, as_of, as_of_given, "截至该日（默认今天，北京时间） as of that day"),
	OPT_INT(0, "item", struct lopts, item, "N", "只看第 N 件实事 only item N", 1, 100),
	OPT_STRING(0, "org", struct lopts, org, "CODE", "只看此区划 only this region"),
	OPT_INT(0, "margin", struct lopts, margin, "POINTS",
		"黄色的容差，百分点（默认 10） points behind pace that are still yellow", 1, 100),
	OPT_FLAG(0, "include-unreviewed", struct lopts, unreviewed,
		 "也计入待审核的报送（内部参考） count reports awaiting review too"),
	OPT_PLAN,
	OPT_END(),
};

static int run_status(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_status_def;
	struct lopts lo = { 0 };
	struct progress_opts po = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct progress p;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (argc)
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[0]);
	po.as_of = lo.as_of_given ? lo.as_of : ms_date_of_time_cn(ms_clock_now());
	po.item = lo.item;
	po.margin_pts = (int)lo.margin;
	po.org = lo.org;
	po.include_unreviewed = lo.unreviewed;
	if ((rc = cmd_open_ledger(ctx, lo.plan, 0, &st, &l)))
		return rc;
	if (progress_compute(&l, &po, &p, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		if (ctx->json)
			progress_json(&p, &out);
		else
			progress_render(&p, &out);
		rc = cmd_print(&out);
		progress_free(&p);
	}
	close_ledger(st, &l);
	ms_buf_release(&out);
	return rc;
}

/* ---------- journal, history ---------- */

struct jlist { struct ms_table *t; json_t *arr; size_t n; struct ms_buf when; const char *plan; };

/*
 * A plan's rows: its own (key ID), those below it (ID/…), settings of it
 * (review.levels.ID) and rows made for it (an org.add whose after names it).
 */
static int of_plan(const struct store_journal_row *j, const char *plan)
{
	size_t n = strlen(plan), k = strlen(j->key);
	char tag[160];

	if (!strncmp(j->key, plan, n) && (j->key[n] == '\0' || j->key[n] == '/'))
		return 1;
	if (k > n && j->key[k - n - 1] == '.' && !strcmp(j->key + k - n, plan))
		return 1;
	snprintf(tag, sizeof(tag), "\"plan\":\"%s\"", plan);
	return j->after && strstr(j->after, tag);
}

static int list_journal(const struct store_journal_row *j, void *arg)
{
	struct jlist *a = arg;

	if (a->plan && !of_plan(j, a->plan))
		return 0;
	a->n++;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)j->id,
				      "at", j->at, "actor", j->actor, "action", j->action,
				      "label", journal_action_label(j->action, j->tbl), "table", j->tbl,
				      "table_label", journal_table_label(j->tbl), "key", j->key);
		json_object_set_new(o, "before", j->before ? json_loads(j->before, 0, NULL) : json_null());
		json_object_set_new(o, "after", j->after ? json_loads(j->after, 0, NULL) : json_null());
		json_array_append_new(a->arr, o);
	} else {
		ms_table_addf(a->t, "%lld", (long long)j->id);
		ms_buf_reset(&a->when);
		if (ms_stamp_format_cn(&a->when, j->at, 1))
			ms_buf_adds(&a->when, j->at);
		ms_table_add(a->t, a->when.buf);
		ms_table_add(a->t, j->actor);
		ms_table_add(a->t, journal_action_label(j->action, j->tbl));
		ms_table_add(a->t, j->key);
		ms_table_addf(a->t, "%s → %s", j->before ? j->before : "∅", j->after ? j->after : "∅");
	}
	return 0;
}

static int journal_list(struct cmd_ctx *ctx, const char *since, const char *prefix, const char *plan)
{
	static const char *const head[] = { "序号", "时间（北京时间）", "操作人", "操作", "对象", "修改前 → 修改后" };
	struct jlist a = { .when = MS_BUF_INIT, .plan = plan };
	char tail[64];
	struct store *st;
	struct ms_err err;
	int rc;

	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	if (plan && (rc = store_plan_region(st, plan, &a.when, &err)) <= 0) {
		store_close(st);
		ms_buf_release(&a.when);
		return rc < 0 ? cmd_fail_err(&err) :
			cmd_fail("无此计划 %s，见 'minsheng plan list' (no such plan) [--plan]", plan);
	}
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 6, -1);
	if (store_journal_each(st, since, NULL, prefix, list_journal, &a, &err)) {
		rc = cmd_fail_err(&err);
		json_decref(a.arr);
		ms_table_free(a.t);
	} else {
		snprintf(tail, sizeof(tail), "共 %zu 条\n", a.n);
		rc = cmd_list_finish(a.arr, a.t, tail);
	}
	ms_buf_release(&a.when);
	store_close(st);
	return rc;
}

static const struct cmd_option journal_options[] = {
	OPT_STRING(0, "since", struct lopts, since, "DATE", "只列该时刻以后（UTC）的记录 only entries since then"),
	OPT_STRING(0, "plan", struct lopts, plan, "ID", "只列该计划的记录（默认全部） only the rows of that plan (default: all)"),
	OPT_END(),
};

static int run_journal(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_journal_def;
	struct lopts lo = { 0 };
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (argc)
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[0]);
	return journal_list(ctx, lo.since, NULL, lo.plan);
}

static const struct cmd_option history_options[] = {
	OPT_PLAN,
	OPT_END(),
};

static int run_history(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_history_def;
	struct lopts lo = { 0 };
	struct ms_buf key = MS_BUF_INIT, plan = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (argc != 2)
		return cmd_usage(self, "history needs INDICATOR ORG");
	if (lo.plan) {
		ms_buf_adds(&plan, lo.plan);
	} else {
		if (store_open(&st, ctx->db, STORE_READ, &err))
			return cmd_fail_err(&err);
		rc = store_plan_latest(st, &plan, &err);
		store_close(st);
		if (rc <= 0)
			return rc < 0 ? cmd_fail_err(&err) : cmd_fail("the database holds no plan");
	}
	ms_buf_addf(&key, "%s/%s/%s/", plan.buf, argv[0], argv[1]);
	rc = journal_list(ctx, NULL, key.buf, NULL);
	ms_buf_release(&key);
	ms_buf_release(&plan);
	return rc;
}

/* ---------- site ---------- */

struct slist { struct ms_table *t; json_t *arr; size_t n; int64_t total; };

static int list_site(const struct store_site *s, void *arg)
{
	struct slist *a = arg;

	a->n++;
	a->total += s->quantity;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)s->id,
				      "indicator", s->indicator, "org", s->org, "name", s->name, "address",
				      s->address, "kind", s->kind, "status", s->status, "quantity",
				      (json_int_t)s->quantity);

		json_object_set_new(o, "delivered_on", s->delivered_on ? json_string(s->delivered_on) : json_null());
		if (s->has_coords) {
			json_object_set_new(o, "lat", json_real((double)s->lat_e6 / 1e6));
			json_object_set_new(o, "lon", json_real((double)s->lon_e6 / 1e6));
		}
		json_array_append_new(a->arr, o);
	} else {
		ms_table_addf(a->t, "%lld", (long long)s->id);
		ms_table_add(a->t, s->org);
		ms_table_add(a->t, s->name);
		ms_table_add(a->t, s->kind);
		ms_table_add(a->t, s->delivered_on ? s->delivered_on : "");
		ms_table_add(a->t, !strcmp(s->status, "delivered") ? "已交付" :
			     !strcmp(s->status, "building") ? "建设中" : "计划");
		ms_table_addf(a->t, "%lld", (long long)s->quantity);
	}
	return 0;
}

static const struct cmd_option site_options[] = {
	OPT_STRING(0, "name", struct lopts, name, "NAME", "add：点位名称 the site's name"),
	OPT_STRING(0, "kind", struct lopts, kind, "KIND", "add：类别（学校、火车站……） the kind of place"),
	OPT_STRING(0, "address", struct lopts, address, "TEXT", "add：地址 the address"),
	OPT_STRING(0, "lat", struct lopts, lat, "DEG", "add：纬度 latitude"),
	OPT_STRING(0, "lon", struct lopts, lon, "DEG", "add：经度 longitude"),
	OPT_STRING_AS(0, "delivered", struct lopts, delivered, "DATE", "add：交付日期 the day it was delivered",
		      "delivered_on"),
	OPT_STRING(0, "status", struct lopts, status, "planned|building|delivered", "add：状态 the status"),
	OPT_STRING(0, "quantity", struct lopts, quantity, "N", "add：数量（默认 1） how many"),
	OPT_STRING(0, "indicator", struct lopts, indicator, "ID", "list：只列此指标 only this indicator"),
	OPT_STRING(0, "org", struct lopts, org, "CODE", "list：只列此区划 only this region"),
	OPT_PLAN,
	OPT_END(),
};

static int run_site(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_site_def;
	struct lopts lo = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	long n;
	int rc;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "site needs add, list or import");
	if ((rc = cmd_open_ledger(ctx, lo.plan, strcmp(argv[0], "list"), &st, &l)))
		return rc;
	if (!strcmp(argv[0], "add") && argc == 3) {
		struct ledger_site_in in = { argv[1], argv[2], lo.name, lo.address,
			lo.kind, lo.lat, lo.lon, lo.delivered,
			lo.status, lo.quantity, NULL };
		int64_t id;

		if (ledger_site_add(&l, &in, &id, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已登记点位 %lld：%s\n", (long long)id, in.name);
	} else if (!strcmp(argv[0], "import") && argc == 2) {
		if (ledger_site_import(&l, argv[1], &n, &err))
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		else
			printf("已导入 %ld 个点位（%s）\n", n, argv[1]);
	} else if (!strcmp(argv[0], "list") && argc == 1) {
		static const char *const head[] = { "编号", "区划", "名称", "类别", "交付日期", "状态", "数量" };
		struct slist a = { 0 };
		char tail[96];

		cmd_list_start(ctx->json, &a.arr, &a.t, head, 7, 6);
		if (store_site_each(st, l.plan, lo.indicator, lo.org, list_site, &a, &err)) {
			rc = cmd_fail_err(&err);
			json_decref(a.arr);
			ms_table_free(a.t);
		} else {
			snprintf(tail, sizeof(tail), "共 %zu 个点位，数量合计 %lld\n", a.n, (long long)a.total);
			rc = cmd_list_finish(a.arr, a.t, tail);
		}
	} else {
		rc = cmd_usage(self, "site add INDICATOR ORG --name NAME ..., site list, or site import FILE");
	}
	close_ledger(st, &l);
	return rc;
}

/* ---------- actuals ---------- */

static const struct cmd_option actuals_options[] = {
	OPT_ROUND,
	OPT_STRING(0, "month", struct lopts, month, "YYYY-MM", "dibao：名册缺 month 列时的月份 the payroll's month"),
	OPT_STRING(0, "params", struct lopts, params, "FILE",
		   "dibao：参数文件（默认 data/params/jiangxi.json） the parameter file"),
	OPT_PLAN,
	OPT_END(),
};

static int run_actuals(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_actuals_def;
	struct lopts lo = { 0 };
	struct actuals_result res;
	struct params ps;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	int rc, loan;

	if (cmd_parse(self, &argc, argv, &lo, &rc))
		return rc;
	if (argc != 2 || (strcmp(argv[0], "loan") && strcmp(argv[0], "dibao")))
		return cmd_usage(self, "actuals needs loan REGISTER.csv or dibao PAYROLL.csv");
	if (!lo.round)
		return cmd_usage(self, "--round DATE is required (报送节点)");
	loan = !strcmp(argv[0], "loan");
	if (!loan && (rc = cmd_load_params(&ps, lo.params, NULL, 0)))
		return rc;
	if ((rc = cmd_open_ledger(ctx, lo.plan, 1, &st, &l))) {
		if (!loan)
			params_release(&ps);
		return rc;
	}
	if (loan ? actuals_loan(&l, argv[1], lo.round, &res, &err) :
	    actuals_dibao(&l, &ps, argv[1], lo.round, lo.month, &res, &err)) {
		rc = cmd_fail("%s (nothing was recorded; 未记录任何数据)", err.msg);
	} else {
		printf("已由 %s 计算 %zu 个设区市的实际完成数，记录 %zu 份报送（%llu 行）\n", argv[1], res.cities,
		       res.reports, (unsigned long long)res.rows);
		if (res.skipped)
			printf("注意：%llu 行没有 region，未计入\n", (unsigned long long)res.skipped);
	}
	close_ledger(st, &l);
	if (!loan)
		params_release(&ps);
	return rc;
}

/* ---------- the commands ---------- */

const struct cmd cmd_assign_def = {
	.name = "assign", .fn = run_assign, .summary = "任务分解 — break targets down by region",
	.synopsis = "INDICATOR ORG TARGET [--plan ID]\n"
		    "import FILE.csv\n"
		    "standards\n"
		    "milestones INDICATOR 40% 80% 100%\n"
		    "check\n"
		    "list [--indicator ID] [--json]",
	.description =
	"把计划目标分解到设区市、县（市、区）。目标按指标的单位书写：150亿元、600、95%、885。\n"
	"import 导入 CSV（列 indicator,org,target），全部成功或全部不导入；standards 为各设区市补充\n"
	"“各地均须达到”的标准类目标；milestones 设定各轮应达进度；check 列出分解合计与计划目标不符、\n"
	"标准类目标缺失或低于全省目标的情况（有则退出码 1）。\n",
	.options = assign_options,
};

const struct cmd cmd_report_def = {
	.name = "report", .fn = run_report, .summary = "进展报送 — report progress for a round",
	.synopsis = "INDICATOR ORG --round DATE (--value V | --numerator N --denominator D | --from-sites)\n"
		    "         [--narrative TEXT] [--reason TEXT] [--draft] [--submitted-at TIME]\n"
		    "import FILE.csv|FILE.xlsx [--draft]",
	.description =
	"数值为年度累计数。金额、人均标准和比率须写明单位（340万元、885元/人·月、95%），不带单位的\n"
	"数字会被拒绝；计数（台、个 …）可只写数字。校验规则：不得为负；分子不得大于分母；低于上一轮\n"
	"累计数或超过目标3倍须在 --narrative 中说明；未报数值须给出 --reason。--submitted-at 补录\n"
	"报送时间（北京时间）。导入的 CSV 列名同选项（indicator,org,round,value,numerator,denominator,\n"
	"narrative,reason,submitted_at,status，另可有 unit：不带单位的 value 按其读，如 万元），\n"
	"全部成功或全部不导入。FILE.xlsx 为报送页面下载的报送表（工作表“台账”），按与网页表单相同的\n"
	"规则校验，全部成功或全部不导入，错误按单元格列出（如 台账!E7）；--draft 存为草稿。\n",
	.options = report_options,
};

const struct cmd cmd_approve_def = {
	.name = "approve", .fn = run_approve, .summary = "审核通过 — approve a submitted report",
	.synopsis = "INDICATOR ORG --round DATE | --all --round DATE [--item N] [--org ORG]",
	.description =
	"审核通过一份报送；两级审核时先初审、再终审。--all 为全部通过：该节点所有待审核的报送（可用\n"
	"--item、--org 限定）在一个事务中审核通过，每份各记一条台账日志，全部成功或全部不通过。\n",
	.options = approve_options,
};

const struct cmd cmd_return_def = {
	.name = "return", .fn = run_return, .summary = "退回 — return a submitted report with a reason",
	.synopsis = "INDICATOR ORG --round DATE --reason TEXT", .options = review_options,
};

const struct cmd cmd_review_def = {
	.name = "review", .fn = run_review, .summary = "审核层级 — one or two review steps per plan",
	.synopsis = "levels [1|2] [--plan ID]",
	.description =
	"显示或设定计划的审核层级。1（默认）：牵头单位审核各地报送。2：县（市、区）的报送先由所在\n"
	"设区市初审（该市的报送员或牵头单位账号），再由牵头单位审核；设区市和省直单位的报送仍一级审核。\n"
	"只有最终审核通过的报送计入总览、通报和评估。设定记入台账日志。\n",
	.options = levels_options,
};

const struct cmd cmd_status_def = {
	.name = "status", .fn = run_status, .summary = "进展与预警 — progress, pace colours, reporting rates",
	.synopsis = "[--as-of DATE] [--item N] [--org CODE] [--margin POINTS] [--include-unreviewed] [--json]",
	.description =
	"截至某日每件实事、每个指标的目标、完成、完成率、时序进度和红黄绿状态，滞后地区，\n"
	"各轮应报、已报、按时、逾期、未报，待审核份数。完成数只计截至该日已审核通过的报送（各地取\n"
	"最近一轮已审核的数值）；--include-unreviewed 也计入待审核的报送，仅供内部参考。\n"
	"各轮应报、已报、按时、逾期、未报按报送计，与审核无关。时序进度 = 自计划开始已过天数 ÷ 至最后一轮报送的天数；\n"
	"黄 = 落后不超过 --margin 个百分点（默认 10），红 = 落后更多或最近一轮未报送。\n",
	.options = status_options,
};

const struct cmd cmd_site_def = {
	.name = "site", .fn = run_site, .summary = "点位 — delivered sites (each AED, each elderly home)",
	.synopsis = "add INDICATOR ORG --name NAME [--kind KIND] [--address TEXT]\n"
		    "         [--lat DEG --lon DEG] [--delivered DATE] [--status planned|building|delivered]\n"
		    "         [--quantity N]\n"
		    "list [--indicator ID] [--org CODE] [--json]\n"
		    "import FILE.csv",
	.description =
	"登记计数类指标的点位（如每台 AED 的投放场所：学校、企事业单位、市民服务中心、客运车站、火车站、\n"
	"地铁站、大型体育运动场（馆）、大型商场、大型商业综合体）。无障碍改造等可按 --quantity 汇总登记。\n"
	"报送时 report ... --from-sites 以截至报送节点已交付的点位数量作为完成数。\n"
	"import 的 CSV 列名同选项（delivered_on 对应 --delivered），全部成功或全部不导入。\n",
	.options = site_options,
};

const struct cmd cmd_actuals_def = {
	.name = "actuals", .fn = run_actuals,
	.summary = "由台账计算完成数 — actuals from a loan register or a 低保 payroll",
	.synopsis = "loan REGISTER.csv --round DATE\n"
		    "dibao PAYROLL.csv --round DATE [--month YYYY-MM] [--params FILE]",
	.description =
	"loan：贷款台账（列 region,borrower,principal,disbursed_on，可选 due_on,repaid）按设区市计算\n"
	"新增发放额（1.loans_new）、个人贷款占比（1.individual_loan_share，按金额）和到期贷款回收率\n"
	"（1.recovery_rate）。dibao：低保发放名册（同 batch dibao，须有 region 列）经低保计算器逐户计算，\n"
	"按设区市得出城市、农村财政月人均补差水平（2.urban_topup_level、2.rural_topup_level）。\n"
	"每个设区市、每项指标记录一份报送（来源 actuals），全部成功或全部不记录。\n",
	.options = actuals_options,
};

const struct cmd cmd_journal_def = {
	.name = "journal", .fn = run_journal, .summary = "台账日志 — the audit journal",
	.synopsis = "[--since DATE] [--plan ID] [--json]", .options = journal_options,
};

const struct cmd cmd_history_def = {
	.name = "history", .fn = run_history, .summary = "数据修改历史 — the history of one indicator in one region",
	.synopsis = "INDICATOR ORG [--json]", .options = history_options,
};
