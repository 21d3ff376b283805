/*
 * cmd_eval.c - the year-end appraisal from the command line: survey
 * import, evaluate (scores, grades, recommendations; --save keeps an
 * immutable snapshot), evaluate show YEAR, evaluate rate (an assessor's
 * rating of work without figures).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "eval/eval.h"
#include "ledger/ledger.h"
#include "report/bulletin.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

/* Opens the store and the ledger of plan id, else the year's plan (year 0: the current plan). */
static int open_both(struct cmd_ctx *ctx, int write, const char *id, long year, struct store **st,
		     struct ledger *l)
{
	struct ms_buf plan = MS_BUF_INIT;
	struct ms_err err;
	int r = 1;

	*st = NULL;
	if (id)
		year = 0;
	if (store_open(st, ctx->db, write ? STORE_WRITE : STORE_READ, &err) ||
	    (year && (r = store_plan_of_year(*st, year, &plan, &err)) < 0) ||
	    (r && ledger_open(l, *st, id ? id : year ? plan.buf : NULL, ctx->actor, &err))) {
		store_close(*st);
		ms_buf_release(&plan);
		return cmd_fail_err(&err);
	}
	ms_buf_release(&plan);
	if (!r) {
		store_close(*st);
		return cmd_fail("%s: no plan for %ld; see 'minsheng plan list' (该年度无计划)", ctx->db, year);
	}
	return 0;
}

struct survey_opts { const char *plan; };

static const struct cmd_option survey_options[] = {
	OPT_STRING(0, "plan", struct survey_opts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_END(),
};

static int run_survey(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_survey_def;
	struct survey_opts o = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	long n;
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc != 2 || strcmp(argv[0], "import"))
		return cmd_usage(self, "expected: survey import FILE.csv [--plan ID]");
	if ((rc = open_both(ctx, 1, o.plan, 0, &st, &l)))
		return rc;
	if (eval_survey_import(&l, argv[1], &n, &err))
		rc = cmd_fail_err(&err);
	else
		printf("已导入 %ld 份调查问卷 — %ld survey responses imported from %s\n", n, n, argv[1]);
	ledger_close(&l);
	store_close(st);
	return rc;
}

static int show(struct cmd_ctx *ctx, const char *year)
{
	struct ms_buf doc = MS_BUF_INIT, saved = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	char *end;
	long y = strtol(year, &end, 10);
	int rc;

	if (*end || y < 2000 || y > 2100)
		return cmd_usage(&cmd_evaluate_def, "evaluate show YEAR: \"%s\" is not a year", year);
	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	rc = store_eval_latest(st, y, &doc, &saved, &err);
	store_close(st);
	if (rc < 0)
		rc = cmd_fail_err(&err);
	else if (rc == 0)
		rc = cmd_fail("no saved evaluation of %ld; run `minsheng evaluate --year %ld --save` (尚未保存评估)", y, y);
	else {
		if (!ctx->json)
			fprintf(stderr, "minsheng: %ld 年评估，%s\n", y, saved.buf);
		ms_buf_addch(&doc, '\n');
		rc = cmd_print(&doc);
	}
	ms_buf_release(&doc);
	ms_buf_release(&saved);
	return rc;
}

struct eval_cmd_opts {
	ms_day as_of;
	int as_of_given, save;
	long year;
	const char *weights, *format, *out;
	const char *score, *basis;
	const char *plan;
};

static const struct cmd_option evaluate_options[] = {
	OPT_INT(0, "year", struct eval_cmd_opts, year, "YEAR", "评估年度（默认当前计划） the year", 1990, 2200),
	OPT_STRING(0, "plan", struct eval_cmd_opts, plan, "ID",
		   "计划编号（代替 --year；默认当前计划） the plan (instead of --year)"),
	OPT_DATE(0, "as-of", struct eval_cmd_opts, as_of, as_of_given, "截至该日（默认今天） as of that day"),
	OPT_STRING(0, "weights", struct eval_cmd_opts, weights, "completion=50,timeliness=20,satisfaction=30",
		   "三项得分的权重 the weights of the three scores"),
	OPT_CHOICE(0, "format", struct eval_cmd_opts, format, "md|html|xlsx|json",
		   "格式（默认由 -o 的扩展名决定，否则 md；--json 即 json） the format"),
	OPT_OUTPUT(struct eval_cmd_opts, out, "FILE", "写入文件（- 为标准输出） write to FILE"),
	OPT_FLAG(0, "save", struct eval_cmd_opts, save,
		 "保存为不可修改的评估快照（记入台账日志） keep an immutable snapshot"),
	OPT_STRING(0, "score", struct eval_cmd_opts, score, "0-100",
		   "rate：评定分数（0–100的整数） rate: the score"),
	OPT_STRING(0, "basis", struct eval_cmd_opts, basis, "TEXT",
		   "rate：评定依据（必填） rate: what the rating rests on"),
	OPT_END(),
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* The format: --format, else from -o's extension, else json for --json, else md. */
static const char *eval_format(const struct eval_cmd_opts *o, int json)
{
	if (o->format)
		return o->format;
	if (o->out && ends_with(o->out, ".xlsx"))
		return "xlsx";
	if (o->out && ends_with(o->out, ".html"))
		return "html";
	return json || (o->out && ends_with(o->out, ".json")) ? "json" : "md";
}

/* The evaluation as fmt, to file or stdout. */
static int eval_write(struct eval *ev, const char *fmt, const char *file)
{
	struct ms_buf out = MS_BUF_INIT;
	struct bulletin doc;
	struct ms_err err;
	int rc = EXIT_OK;

	if (!strcmp(fmt, "json")) {
		json_t *j = eval_json(ev);

		ms_json_dump(&out, j, 1);
		json_decref(j);
	} else {
		eval_doc(ev, &doc);
		if (!strcmp(fmt, "xlsx"))
			rc = bulletin_xlsx(&doc, file, &err) ? cmd_fail_err(&err) : EXIT_OK;
		else if (!strcmp(fmt, "html"))
			bulletin_html(&doc, &out);
		else
			bulletin_md(&doc, &out);
		bulletin_free(&doc);
	}
	if (!strcmp(fmt, "xlsx"))
		;
	else if (!file)
		rc = cmd_print(&out);
	else if (ms_file_write_atomic(file, out.buf, out.len, &err))
		rc = cmd_fail_err(&err);
	if (rc == EXIT_OK && file)
		printf("已写入 %s — written\n", file);
	ms_buf_release(&out);
	return rc;
}

/* evaluate rate TARGET --score N --basis TEXT: one rating, journaled. */
static int rate(struct cmd_ctx *ctx, const struct eval_cmd_opts *o, const char *target)
{
	const struct cmd *self = &cmd_evaluate_def;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	int rc, points;

	if (!o->score || !o->basis)
		return cmd_usage(self, "evaluate rate needs --score 0-100 and --basis TEXT");
	if ((rc = open_both(ctx, 1, o->plan, o->year, &st, &l)))
		return rc;
	if (eval_rate(&l, target, o->score, o->basis, &points, &err))
		rc = cmd_fail_err(&err);
	else
		printf("已评定 %s：%d 分 — rated; the latest rating of %s is in force\n", target, points, target);
	ledger_close(&l);
	store_close(st);
	return rc;
}

static int run_evaluate(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_evaluate_def;
	struct eval_cmd_opts o = { 0 };
	struct eval_opts eo;
	struct store *st;
	struct ledger l;
	struct eval ev;
	struct ms_err err;
	const char *fmt;
	int64_t id;
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc && !strcmp(argv[0], "rate")) {
		if (argc != 2)
			return cmd_usage(self, "evaluate rate needs an ITEM or INDICATOR, e.g. evaluate rate 6 --score 80 "
					 "--basis TEXT");
		return rate(ctx, &o, argv[1]);
	}
	if (argc && !strcmp(argv[0], "show")) {
		if (argc != 2)
			return cmd_usage(self, "evaluate show needs a YEAR");
		return show(ctx, argv[1]);
	}
	if (argc)
		return cmd_usage(self, "unexpected argument '%s'", argv[0]);
	eval_opts_default(&eo);
	eo.as_of = o.as_of_given ? o.as_of : ms_date_of_time_cn(ms_clock_now());
	if (o.weights && eval_weights_parse(&eo, o.weights, &err))
		return cmd_usage_err(self, &err);
	fmt = eval_format(&o, ctx->json);
	if (!strcmp(fmt, "xlsx") && !o.out)
		return cmd_usage(self, "--format xlsx needs -o FILE.xlsx");
	if ((rc = open_both(ctx, o.save, o.plan, o.year, &st, &l)))
		return rc;
	if (eval_compute(&l, &eo, &ev, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (o.save && eval_save(&l, &ev, &id, &err))
		rc = cmd_fail_err(&err);
	else if (o.save)
		fprintf(stderr, "minsheng: 已保存评估第 %lld 号（不可修改）— saved as evaluation %lld\n",
			(long long)id, (long long)id);
	if (rc == EXIT_OK)
		rc = eval_write(&ev, fmt, o.out);
	eval_free(&ev);
out:
	ledger_close(&l);
	store_close(st);
	return rc;
}

const struct cmd cmd_survey_def = {
	.name = "survey", .fn = run_survey, .summary = "满意度调查 — import satisfaction survey responses",
	.synopsis = "import FILE.csv [--plan ID]",
	.options = survey_options,
	.description =
	"每行一份问卷：region（受访者所在区划代码，乡镇（街道）为九位）、item（实事序号）、satisfaction（满意 / 基本满意 /\n"
	"不满意，或1–5分：4–5 满意，3 基本满意，1–2 不满意）；可选 aware（是/否，是否知晓）、\n"
	"respondent（群众 / 人大代表 / 政协委员）。全部成功或全部不导入，错误指明行号和列。\n",
};

const struct cmd cmd_evaluate_def = {
	.name = "evaluate", .fn = run_evaluate,
	.summary = "年终评议评估 — scores, grades and recommendations for next year",
	.synopsis = "[--year YEAR | --plan ID] [--as-of DATE] [--weights completion=50,timeliness=20,satisfaction=30]\n"
		    "         [--json | --format md|html|xlsx|json] [-o FILE] [--save]\n"
		    "show YEAR\n"
		    "rate ITEM|INDICATOR --score 0-100 --basis TEXT",
	.description =
	"每件实事的得分 = 目标完成（各指标完成率封顶100%后平均，应报未报计0，定性指标按评定）、报送及时\n"
	"（按时报送/应报）和群众满意度（满意+基本满意，附95%置信区间）的加权和；无调查数据时满意度权重\n"
	"按比例分给另两项并注明。等级：优秀 ≥ 90，良好 ≥ 80，合格 ≥ 60。另按牵头单位和设区市评分。\n"
	"建议：结转未完成目标（差额和未完成地区）、超额较多的目标建议提高、满意度或知晓率偏低的实事\n"
	"建议复盘、逾期或缺报的地区建议督办、计划中仍待核实的事项。--save 保存为不可修改的评估快照\n"
	"（记入台账日志），evaluate show YEAR 显示最近保存的一份。\n"
	"没有量化数据的工作（定性指标、无应报数据的指标或实事）由评估人员评定：evaluate rate 6 --score 80\n"
	"--basis 依据（记入台账日志；同一对象以最近一次为准）。未评定的不计分、不计入等级统计；无应报的\n"
	"报送及时记“无应报”，其权重按比例分给其他各项；量化指标均未达标的实事等级最高为合格。\n"
	"规则详见 docs/EVALUATION.md。\n",
	.options = evaluate_options,
};
