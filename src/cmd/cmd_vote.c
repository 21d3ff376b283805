/*
 * cmd_vote.c - the front half of the cycle from the command line
 * (docs/VOTE.md): proposal (征集 and moderation), candidate (筛选 and 公示),
 * vote (票决: sessions, deputies, tokens, ballots, counts entered twice, the
 * tally, adopt into a draft plan, 验单 tokens and ratings).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/json.h"
#include "core/money.h"
#include "core/table.h"
#include "plan/orgs.h"
#include "plan/plan.h"
#include "plan/setup.h"
#include "store/store.h"
#include "vote/vote.h"
#include "core/banned.h"

struct vote_opts {
	const char *region, *level, *title, *body, *field, *place, *name, *phone, *source, *reason;
	const char *targets, *lead, *units, *cost, *basis, *feasibility, *proposals;
	const char *token, *choices, *method, *figures, *answers, *id, *out;
	long year, places, runoff, days, count;
	int save, as_of_given;
	ms_day as_of;
};

#define GOV_OPTIONS \
	OPT_STRING(0, "region", struct vote_opts, region, "CODE", "政府的区划代码（6位，GB/T 2260） the government's region"), \
	OPT_CHOICE(0, "level", struct vote_opts, level, "省|市|县|乡", "政府的层级 the government's level"), \
	OPT_INT(0, "year", struct vote_opts, year, "YEAR", "民生实事的年度 the programme's year", 2000, 2100)

/* Opens the database; EXIT_OK or the exit code after the message. */
static int open_db(struct cmd_ctx *ctx, int write, struct store **st)
{
	struct ms_err err;

	if (store_open(st, ctx->db, write ? STORE_WRITE : STORE_READ, &err))
		return cmd_fail_err(&err);
	return EXIT_OK;
}

static int need_gov(const struct cmd *self, const struct vote_opts *o, int level)
{
	if (!o->region || !o->year || (level && !o->level))
		return cmd_usage(self, "needs --region CODE%s --year YEAR", level ? " --level 省|市|县|乡" : "");
	return EXIT_OK;
}

static long long id_arg(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	return *end || v <= 0 ? -1 : v;
}

/* ---------- proposal ---------- */

static const struct cmd_option proposal_options[] = {
	GOV_OPTIONS,
	OPT_STRING(0, "title", struct vote_opts, title, "TEXT", "add：建议标题 the proposal's title"),
	OPT_STRING(0, "body", struct vote_opts, body, "TEXT", "add：建议内容 what is proposed"),
	OPT_STRING(0, "field", struct vote_opts, field, "领域", "add：领域（就业、教育、养老…） the field"),
	OPT_STRING(0, "place", struct vote_opts, place, "CODE", "add：地点（区划代码） where"),
	OPT_STRING(0, "name", struct vote_opts, name, "NAME", "add：联系人（仅工作人员可见） contact name"),
	OPT_STRING(0, "phone", struct vote_opts, phone, "PHONE", "add：联系电话（仅工作人员可见） contact phone"),
	OPT_CHOICE(0, "source", struct vote_opts, source, "public|paper|deputy|government",
		   "add/import：来源（默认 paper） where it came from"),
	OPT_STRING(0, "reason", struct vote_opts, reason, "TEXT", "decline：不采纳的理由（向公众公开） why"),
	OPT_INT(0, "days", struct vote_opts, days, "N", "purge/retention：联系方式保留天数 the retention period", 1, 3650),
	OPT_DATE(0, "as-of", struct vote_opts, as_of, as_of_given, "from-evaluation：评估截至该日（默认今天） as of"),
	OPT_END(),
};

static int proposal_row(const struct vote_proposal *p, void *arg)
{
	void **a = arg;
	json_t *arr = a[0];
	struct ms_table *t = a[1];

	if (arr) {
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:I, s:s}",
						     "id", (json_int_t)p->id, "title", p->title, "field", p->field,
						     "place", p->place, "source", p->source, "status", p->status,
						     "body", p->body, "reason", p->reason, "name", p->name, "phone",
						     p->phone, "candidate", (json_int_t)p->candidate, "received_at",
						     p->received_at));
		return 0;
	}
	ms_table_addf(t, "%lld", (long long)p->id);
	ms_table_add(t, p->title);
	ms_table_add(t, p->field);
	ms_table_add(t, p->place);
	ms_table_add(t, !strcmp(p->status, "pending") ? "待审" : !strcmp(p->status, "published") ? "已公开" :
		     !strcmp(p->status, "merged") ? "已并入候选" : "不采纳");
	ms_table_add(t, p->name || p->phone ? "有" : "");
	return 0;
}

static int proposal_list(struct store *st, const struct vote_opts *o, int json)
{
	static const char *const head[] = { "编号", "建议", "领域", "地点", "状态", "联系方式" };
	struct ms_table *t;
	struct ms_err err;
	json_t *arr;
	void *a[2];

	cmd_list_start(json, &arr, &t, head, 6, 0);
	a[0] = arr;
	a[1] = t;
	if (vote_proposal_each(st, o->region, o->year, 1, proposal_row, a, &err)) {
		json_decref(arr);
		ms_table_free(t);
		return cmd_fail_err(&err);
	}
	return cmd_list_finish(arr, t, "");
}

static int proposal_groups(struct store *st, const struct vote_opts *o)
{
	int64_t *ids, *group;
	struct ms_err err;
	size_t n, i, j, groups = 0;

	if (vote_proposal_groups(st, o->region, o->year, &ids, &group, &n, &err))
		return cmd_fail_err(&err);
	for (i = 0; i < n; i++) {
		size_t members = 0;

		if (group[i] != ids[i])
			continue;
		for (j = i; j < n; j++)
			members += group[j] == ids[i];
		if (members < 2)
			continue;
		printf("第 %zu 组：", ++groups);
		for (j = i; j < n; j++)
			if (group[j] == ids[i])
				printf("%s%lld", j == i ? "" : "、", (long long)ids[j]);
		printf("（%zu 条）\n", members);
	}
	printf("相近建议 %zu 组（标题相似度 ≥ 50） — %zu groups of near-duplicates\n", groups, groups);
	free(ids);
	free(group);
	return EXIT_OK;
}

/* retention: shows the government's period, or sets it with --days. */
static int proposal_retention(struct cmd_ctx *ctx, struct store *st, const struct vote_opts *o)
{
	struct ms_err err;
	int days;

	if (!o->region)
		return cmd_usage(&cmd_proposal_def, "proposal retention needs --region CODE [--level 县 --days N]");
	if (o->days) {
		if (vote_retention_set(st, o->region, o->level, (int)o->days, ctx->actor, &err))
			return cmd_fail_err(&err);
		printf("%s 的建议联系方式保留 %ld 天 — retention set\n", o->region, o->days);
		return EXIT_OK;
	}
	if (vote_retention_get(st, o->region, &days, &err))
		return cmd_fail_err(&err);
	if (days)
		printf("%s 的建议联系方式保留 %d 天 — %d days\n", o->region, days, days);
	else
		printf("%s 未设置保留期，按清理时给定的天数（默认 %d 天） — not set\n", o->region, VOTE_RETENTION_DEFAULT);
	return EXIT_OK;
}

static int proposal_write(struct cmd_ctx *ctx, struct store *st, const char *sub, int argc, char **argv,
			  const struct vote_opts *o)
{
	const struct cmd *self = &cmd_proposal_def;
	struct ms_err err;
	long n;
	int64_t id;

	if (!strcmp(sub, "add")) {
		struct vote_proposal p = {
			.region = o->region, .level = o->level, .year = o->year, .title = o->title, .body = o->body,
			.field = o->field, .place = o->place, .name = o->name, .phone = o->phone,
			.source = o->source ? o->source : "paper",
		};

		if (vote_proposal_add(st, &p, NULL, ctx->actor, &id, &err))
			return cmd_fail_err(&err);
		printf("已收到第 %lld 号建议（待审） — proposal %lld received\n", (long long)id, (long long)id);
		return EXIT_OK;
	}
	if (!strcmp(sub, "import")) {
		if (argc != 2)
			return cmd_usage(self, "proposal import needs FILE.csv or FILE.xlsx");
		if (vote_proposal_import(st, argv[1], o->region, o->level, o->year, ctx->actor, &n, &err))
			return cmd_fail_err(&err);
		printf("已导入 %ld 条建议 — %ld proposals imported from %s\n", n, n, argv[1]);
		return EXIT_OK;
	}
	if (!strcmp(sub, "from-evaluation")) {
		if (!o->year || !o->level)
			return cmd_usage(self, "proposal from-evaluation needs --year YEAR (the evaluated year) --level 省|市|县|乡");
		if (vote_proposals_from_eval(st, o->year, o->level,
					     o->as_of_given ? o->as_of : ms_date_of_time_cn(ms_clock_now()), ctx->actor, &n,
					     &err))
			return cmd_fail_err(&err);
		printf("已将 %ld 年度评估的 %ld 条建议列为 %ld 年的政府建议（待审） — %ld proposals from the evaluation\n",
		       o->year, n, o->year + 1, n);
		return EXIT_OK;
	}
	if (!strcmp(sub, "purge")) {
		long days = o->days ? o->days : VOTE_RETENTION_DEFAULT;

		if (vote_proposal_purge(st, (int)days, ctx->actor, &n, &err))
			return cmd_fail_err(&err);
		printf("已删除 %ld 条建议的联系方式（各级政府按其保留期，未设置的 %ld 天） — contacts deleted\n", n, days);
		return EXIT_OK;
	}
	if (!strcmp(sub, "retention"))
		return proposal_retention(ctx, st, o);
	if (argc != 2 || id_arg(argv[1]) < 0)
		return cmd_usage(self, "proposal %s needs an ID", sub);
	if (vote_proposal_moderate(st, id_arg(argv[1]), !strcmp(sub, "publish") ? "published" : "declined", o->reason,
				   ctx->actor, &err))
		return cmd_fail_err(&err);
	printf(!strcmp(sub, "publish") ? "第 %s 号建议已公开 — published\n" : "第 %s 号建议不予采纳，理由已公开 — declined\n",
	       argv[1]);
	return EXIT_OK;
}

static int run_proposal(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_proposal_def;
	struct vote_opts o = { 0 };
	struct store *st;
	const char *sub;
	int rc, read;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "proposal needs a subcommand");
	sub = argv[0];
	if (strcmp(sub, "add") && strcmp(sub, "import") && strcmp(sub, "list") && strcmp(sub, "groups") &&
	    strcmp(sub, "publish") && strcmp(sub, "decline") && strcmp(sub, "purge") && strcmp(sub, "from-evaluation") &&
	    strcmp(sub, "retention"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	read = !strcmp(sub, "list") || !strcmp(sub, "groups");
	if ((read || !strcmp(sub, "add") || !strcmp(sub, "import")) &&
	    (rc = need_gov(self, &o, !read)))
		return rc;
	read |= !strcmp(sub, "retention") && !o.days;
	if ((rc = open_db(ctx, !read, &st)))
		return rc;
	if (!strcmp(sub, "list"))
		rc = proposal_list(st, &o, ctx->json);
	else if (!strcmp(sub, "groups"))
		rc = proposal_groups(st, &o);
	else
		rc = proposal_write(ctx, st, sub, argc, argv, &o);
	store_close(st);
	return rc;
}

const struct cmd cmd_proposal_def = {
	.name = "proposal", .fn = run_proposal, .summary = "征集民生实事建议 — proposals from the public",
	.synopsis = "add --region CODE --level 县 --year YEAR --title TEXT --field 领域 --place CODE [--body TEXT]\n"
		    "         [--name NAME] [--phone PHONE] [--source paper|deputy|government]\n"
		    "import FILE.csv|FILE.xlsx --region CODE --level 县 --year YEAR\n"
		    "list --region CODE --year YEAR [--json]\n"
		    "groups --region CODE --year YEAR\n"
		    "publish ID\n"
		    "decline ID --reason TEXT\n"
		    "purge [--days N]\n"
		    "retention --region CODE [--level 县 --days N]\n"
		    "from-evaluation --year YEAR --level 省 [--as-of DATE]",
	.description =
	"群众建议经网页 /proposals 或 POST /api/v1/proposals 提交（无需登录；同一地址每天最多60条，超出答 429），\n"
	"纸质或代表联络站收集的用 proposal import 导入 CSV 或 Excel（.xlsx 的第一个工作表；列：title, field, place；\n"
	"可选 body, name, phone, source；全部成功或全部不导入，出错时指明行和列）。新建议待审：publish 公开，decline 写明理由不予采纳（理由向公众公开），\n"
	"并入候选项目的为“已并入”。联系方式只给工作人员看；各级政府用 retention 设定自己的保留期（天），purge\n"
	"删除超过保留期的（未设定的政府按 --days，默认 365 天）。groups 按标题\n"
	"相似度列出相近的建议。from-evaluation 把上一年度评估中结转、提高和复盘的建议列为下一年度的政府建议\n"
	"（来源 government，正文引用评估的数字）。规则见 docs/VOTE.md。\n",
	.options = proposal_options,
};

/* ---------- candidate ---------- */

static const struct cmd_option candidate_options[] = {
	GOV_OPTIONS,
	OPT_STRING(0, "title", struct vote_opts, title, "TEXT", "add：项目名称 the project's title"),
	OPT_STRING(0, "targets", struct vote_opts, targets, "TEXT", "add：目标任务 the targets"),
	OPT_STRING(0, "lead", struct vote_opts, lead, "UNIT", "add：牵头单位 the lead unit"),
	OPT_STRING(0, "units", struct vote_opts, units, "UNITS", "add：责任单位 the responsible units"),
	OPT_STRING(0, "cost", struct vote_opts, cost, "AMOUNT", "add：估算资金，如 120万元 the estimated cost"),
	OPT_STRING_AS(0, "basis", struct vote_opts, basis, "TEXT", "add：估算依据 the cost's basis", "cost_basis"),
	OPT_STRING(0, "feasibility", struct vote_opts, feasibility, "TEXT", "add：牵头单位的可行性意见 feasibility"),
	OPT_STRING(0, "proposals", struct vote_opts, proposals, "ID,ID", "add：来源建议的编号 the proposals merged"),
	OPT_END(),
};

static int candidate_row(const struct vote_candidate *c, void *arg)
{
	void **a = arg;
	json_t *arr = a[0];
	struct ms_table *t = a[1];
	struct ms_buf cost = MS_BUF_INIT;

	ms_money_format_display(&cost, c->cost);
	if (arr)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s?}", "id",
						     (json_int_t)c->id, "title", c->title, "targets", c->targets, "lead",
						     c->lead, "units", c->units, "cost_fen", (json_int_t)c->cost,
						     "cost_basis", c->cost_basis, "feasibility", c->feasibility,
						     "proposals", c->proposals, "asked", (json_int_t)c->asked,
						     "published_at", c->published_at));
	else {
		ms_table_addf(t, "%lld", (long long)c->id);
		ms_table_add(t, c->title);
		ms_table_add(t, c->lead);
		ms_table_addf(t, "%s", cost.buf);
		ms_table_addf(t, "%lld", (long long)c->asked);
		ms_table_add(t, c->published_at ? "已公示" : "未公示");
	}
	ms_buf_release(&cost);
	return 0;
}

static int run_candidate(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const head[] = { "编号", "候选项目", "牵头单位", "估算资金", "建议数", "公示" };
	const struct cmd *self = &cmd_candidate_def;
	struct vote_opts o = { 0 };
	struct ms_table *t;
	struct store *st;
	struct ms_err err;
	json_t *arr;
	void *a[2];
	int64_t id;
	long n;
	int rc, add;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc != 1 || (strcmp(argv[0], "add") && strcmp(argv[0], "list") && strcmp(argv[0], "publish")))
		return cmd_usage(self, "candidate needs add, list or publish");
	add = !strcmp(argv[0], "add");
	if ((rc = need_gov(self, &o, add)) || (rc = open_db(ctx, strcmp(argv[0], "list"), &st)))
		return rc;
	if (add) {
		struct vote_candidate c = {
			.region = o.region, .level = o.level, .year = o.year, .title = o.title, .targets = o.targets,
			.lead = o.lead, .units = o.units, .cost_basis = o.basis, .feasibility = o.feasibility,
			.proposals = o.proposals,
		};

		if (vote_candidate_add(st, &c, o.cost, ctx->actor, &id, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已建候选项目第 %lld 号，来源建议 %s — candidate %lld\n", (long long)id, o.proposals,
			       (long long)id);
	} else if (!strcmp(argv[0], "publish")) {
		if (vote_candidate_publish(st, o.region, o.year, ctx->actor, &n, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已公示候选项目 %ld 项 — %ld candidates published\n", n, n);
	} else {
		cmd_list_start(ctx->json, &arr, &t, head, 6, 4);
		a[0] = arr;
		a[1] = t;
		if (vote_candidate_each(st, o.region, o.year, 0, candidate_row, a, &err)) {
			json_decref(arr);
			ms_table_free(t);
			rc = cmd_fail_err(&err);
		} else {
			rc = cmd_list_finish(arr, t, "");
		}
	}
	store_close(st);
	return rc;
}

const struct cmd cmd_candidate_def = {
	.name = "candidate", .fn = run_candidate, .summary = "筛选候选项目并公示 — candidate projects for the vote",
	.synopsis = "add --region CODE --level 县 --year YEAR --title TEXT --targets TEXT --lead UNIT [--units UNITS]\n"
		    "         --cost AMOUNT --basis TEXT --feasibility TEXT --proposals ID,ID\n"
		    "list --region CODE --year YEAR [--json]\n"
		    "publish --region CODE --year YEAR",
	.description =
	"工作人员把建议归并为候选项目：名称、目标任务、牵头和责任单位、估算资金（万元）及依据、牵头单位的\n"
	"可行性意见；每个候选项目列出来源建议（--proposals，这些建议随之“已并入”）和提出人数。票决前\n"
	"publish 公示候选项目清单（网页 /candidates）；只有已公示的候选项目进入票决。\n",
	.options = candidate_options,
};

/* ---------- vote ---------- */

static const struct cmd_option vote_options[] = {
	GOV_OPTIONS,
	OPT_STRING(0, "title", struct vote_opts, title, "TEXT", "open：票决会议名称 the session's title"),
	OPT_INT(0, "places", struct vote_opts, places, "N", "open：应选名额 the places", 1, 63),
	OPT_INT(0, "runoff", struct vote_opts, runoff, "SESSION", "open：就该票决剩余名额另行投票 a second round of SESSION",
		1, 1000000000),
	OPT_STRING(0, "token", struct vote_opts, token, "TOKEN", "cast/rate：代表的票证 the deputy's token"),
	OPT_STRING(0, "choices", struct vote_opts, choices, "N,N", "cast：所选候选项目的序号 the candidates chosen"),
	OPT_CHOICE(0, "method", struct vote_opts, method, "device|paper", "count：表决器或纸质计票 how counted"),
	OPT_STRING(0, "figures", struct vote_opts, figures, "cast=N,invalid=N,1=N,…", "count：各项票数 the counts"),
	OPT_STRING(0, "answers", struct vote_opts, answers, "1=满意,2=基本满意", "rate：对各件实事的评价 the ratings"),
	OPT_INT(0, "count", struct vote_opts, count, "N", "rating-tokens：发放票证的张数 how many tokens", 1, 10000),
	OPT_STRING(0, "id", struct vote_opts, id, "ID", "adopt：计划编号（默认 vote-REGION-YEAR） the plan's id"),
	OPT_STRING('o', "output", struct vote_opts, out, "FILE", "tokens/adopt：写入文件 write to FILE"),
	OPT_FLAG(0, "save", struct vote_opts, save, "adopt：草案校验后存为新计划 store the draft as a plan"),
	OPT_END(),
};

static int write_out(const char *file, const struct ms_buf *b)
{
	struct ms_err err;

	if (!file)
		return cmd_print(b);
	if (ms_file_write_atomic(file, b->buf, b->len, &err))
		return cmd_fail_err(&err);
	return EXIT_OK;
}

static int vote_tally_cmd(struct store *st, long long id, int json)
{
	struct ms_buf out = MS_BUF_INIT;
	struct vote_session s;
	struct vote_tally t;
	struct ms_err err;
	int rc;

	if (vote_session_tally(st, id, &s, &t, &err))
		return cmd_fail_err(&err);
	if (json) {
		json_t *j = vote_tally_json(&s, &t);

		ms_json_dump(&out, j, 1);
		ms_buf_addch(&out, '\n');
		json_decref(j);
	} else {
		vote_tally_text(&out, &s, &t);
	}
	rc = cmd_print(&out);
	ms_buf_release(&out);
	return rc;
}

/* adopt: the draft and the vote record beside it; --save stores it through plan_add. */
static int vote_adopt_cmd(struct cmd_ctx *ctx, struct store *st, long long id, const struct vote_opts *o)
{
	struct ms_buf rec = MS_BUF_INIT, path = MS_BUF_INIT, doc = MS_BUF_INIT, report = MS_BUF_INIT;
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct plan p;
	struct ms_err err;
	const char *base;
	void *d;
	int rc = EXIT_OK, have_orgs;

	if (!o->out)
		return cmd_usage(&cmd_vote_def, "vote adopt needs -o PLAN.json (the vote record is written beside it)");
	base = strrchr(o->out, '/') ? strrchr(o->out, '/') + 1 : o->out;
	ms_buf_addf(&path, "%.*s.record.txt", (int)(strlen(base) > 5 && !strcmp(base + strlen(base) - 5, ".json")
						    ? strlen(base) - 5 : strlen(base)), base);
	if (vote_adopt(st, id, o->id, path.buf, &d, &rec, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	ms_json_dump(&doc, d, 1);
	ms_buf_addch(&doc, '\n');
	ms_buf_reset(&report);
	ms_buf_addf(&report, "%.*s%s", (int)(base - o->out), o->out, path.buf);
	if (ms_file_write_atomic(report.buf, rec.buf, rec.len, &err) ||
	    ms_file_write_atomic(o->out, doc.buf, doc.len, &err)) {
		json_decref(d);
		rc = cmd_fail_err(&err);
		goto out;
	}
	printf("计划草案已写入 %s，票决记录（草案的原文）写入 %s — draft plan written\n", o->out, report.buf);
	have_orgs = cmd_load_orgs(&orgs);
	plan_load_doc(&p, d, o->out, rec.buf, rec.len);
	ms_buf_reset(&report);
	if (o->save) {
		if (plan_add(st, &p, have_orgs ? &orgs : NULL, ctx->actor, &report, &err)) {
			if (report.len)
				fprintf(stderr, "%s", report.buf);
			rc = cmd_fail_err(&err);
		} else {
			printf("已作为新计划 %s 存入数据库（台账日志 plan.load） — stored as plan %s\n", plan_id(&p), plan_id(&p));
		}
	} else if (plan_validate(&p, have_orgs ? &orgs : NULL, &report, 20)) {
		fprintf(stderr, "%s", report.buf);
		rc = cmd_fail("%s: the draft does not validate (草案校验未通过)", o->out);
	} else {
		printf("草案校验通过；审核后用 minsheng plan add %s 接受 — review it, then plan add\n", o->out);
	}
	plan_release(&p);
	plan_orgs_release(&orgs);
out:
	ms_buf_release(&rec);
	ms_buf_release(&path);
	ms_buf_release(&doc);
	ms_buf_release(&report);
	return rc;
}

/* The subcommands that change a session: deputies, tokens, cast, count, close. */
static int vote_session_cmd(struct cmd_ctx *ctx, struct store *st, const char *sub, long long id, int argc,
			    char **argv, const struct vote_opts *o)
{
	const struct cmd *self = &cmd_vote_def;
	struct ms_buf out = MS_BUF_INIT;
	struct ms_err err;
	long n;
	int rc = EXIT_OK, v;

	if (!strcmp(sub, "deputies")) {
		if (argc != 3)
			return cmd_usage(self, "vote deputies needs SESSION FILE.csv|FILE.xlsx");
		if (vote_deputies_import(st, id, argv[2], ctx->actor, &n, &err))
			return cmd_fail_err(&err);
		printf("已导入代表 %ld 人 — %ld deputies\n", n, n);
	} else if (!strcmp(sub, "tokens")) {
		if (!o->out)
			return cmd_usage(self, "vote tokens needs -o SLIPS.csv (the tokens are shown once)");
		if (vote_session_tokens(st, id, ctx->actor, &out, &n, &err))
			rc = cmd_fail_err(&err);
		else if ((rc = write_out(o->out, &out)) == EXIT_OK)
			printf("已发放票证 %ld 张，写入 %s（只此一次，请打印后分发） — %ld tokens\n", n, o->out, n);
	} else if (!strcmp(sub, "cast")) {
		if (!o->token)
			return cmd_usage(self, "vote cast needs --token TOKEN --choices N,N");
		if (vote_ballot_cast(st, id, o->token, o->choices ? o->choices : "", &v, &err))
			return cmd_fail_err(&err);
		printf(v ? "选票已投出 — ballot cast\n" : "选票已投出（所选多于应选名额，为无效票） — ballot cast (invalid)\n");
	} else if (!strcmp(sub, "count")) {
		if (!o->method || !o->figures)
			return cmd_usage(self, "vote count needs --method device|paper --figures cast=N,invalid=N,1=N,…");
		if (vote_count_enter(st, id, o->method, o->figures, ctx->actor, &v, &err))
			return cmd_fail_err(&err);
		printf(v == 1 ? "计票结果已录入，待另一名工作人员再次录入确认 — entered; a second person must confirm\n"
			      : "两次录入一致，计票结果已确认 — confirmed\n");
	} else {
		if (vote_session_close(st, id, ctx->actor, &err))
			return cmd_fail_err(&err);
		printf("第 %lld 号票决已结束，可查看计票结果 — session closed\n", id);
	}
	ms_buf_release(&out);
	return rc;
}

static int vote_open_cmd(struct cmd_ctx *ctx, struct store *st, const struct vote_opts *o)
{
	struct ms_buf title = MS_BUF_INIT;
	struct ms_err err;
	int64_t id;
	int rc = EXIT_OK;

	if (!o->runoff && (!o->region || !o->level || !o->year || !o->places || !o->title))
		return cmd_usage(&cmd_vote_def, "vote open needs --region --level --year --title --places (or --runoff SESSION)");
	if (o->title)
		ms_buf_adds(&title, o->title);
	else
		ms_buf_addf(&title, "第 %ld 号票决的另行投票", o->runoff);
	if (vote_session_open(st, o->region, o->level, o->year, title.buf, (int)o->places, o->runoff, ctx->actor, &id,
			      &err))
		rc = cmd_fail_err(&err);
	else
		printf("已开始第 %lld 号票决 — vote session %lld opened\n", (long long)id, (long long)id);
	ms_buf_release(&title);
	return rc;
}

static int vote_rating_cmd(struct cmd_ctx *ctx, struct store *st, const char *sub, const char *plan,
			   const struct vote_opts *o)
{
	struct ms_buf out = MS_BUF_INIT;
	struct ms_err err;
	long n;
	int rc = EXIT_OK;

	if (!strcmp(sub, "rating-tokens")) {
		if (!o->count || !o->out)
			return cmd_usage(&cmd_vote_def, "vote rating-tokens needs PLAN --count N -o SLIPS.csv");
		if (vote_rating_tokens(st, plan, (int)o->count, ctx->actor, &out, &err))
			rc = cmd_fail_err(&err);
		else if ((rc = write_out(o->out, &out)) == EXIT_OK)
			printf("已发放验单票证 %ld 张，写入 %s — rating tokens\n", o->count, o->out);
	} else {
		if (!o->token || !o->answers)
			return cmd_usage(&cmd_vote_def, "vote rate needs PLAN --token TOKEN --answers 1=满意,2=基本满意");
		if (vote_rating_submit(st, plan, o->token, NULL, o->answers, &n, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已收到代表对 %ld 件实事的评价 — rated %ld items\n", n, n);
	}
	ms_buf_release(&out);
	return rc;
}

static int run_vote(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const subs[] = { "open", "deputies", "tokens", "cast", "count", "close", "tally", "adopt",
					    "rating-tokens", "rate", NULL };
	const struct cmd *self = &cmd_vote_def;
	struct vote_opts o = { 0 };
	struct store *st;
	const char *sub;
	long long id = 0;
	int rc, k;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "vote needs a subcommand");
	sub = argv[0];
	for (k = 0; subs[k] && strcmp(subs[k], sub); k++)
		;
	if (!subs[k])
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	if (k >= 1 && k <= 7 && (argc < 2 || (id = id_arg(argv[1])) < 0))
		return cmd_usage(self, "vote %s needs a SESSION number", sub);
	if (k >= 8 && argc != 2)
		return cmd_usage(self, "vote %s needs a PLAN", sub);
	if (k != 1 && k < 8 && argc > (k == 0 ? 1 : 2))
		return cmd_usage(self, "unexpected argument '%s'", argv[argc - 1]);
	if ((rc = open_db(ctx, k != 6, &st)))
		return rc;
	if (k == 0)
		rc = vote_open_cmd(ctx, st, &o);
	else if (k == 6)
		rc = vote_tally_cmd(st, id, ctx->json);
	else if (k == 7)
		rc = vote_adopt_cmd(ctx, st, id, &o);
	else if (k >= 8)
		rc = vote_rating_cmd(ctx, st, sub, argv[1], &o);
	else
		rc = vote_session_cmd(ctx, st, sub, id, argc, argv, &o);
	store_close(st);
	return rc;
}

const struct cmd cmd_vote_def = {
	.name = "vote", .fn = run_vote, .summary = "人大代表票决民生实事、验单 — the deputies' vote and year-end rating",
	.synopsis = "open --region CODE --level 县 --year YEAR --title TEXT --places N\n"
		    "open --runoff SESSION [--title TEXT]\n"
		    "deputies SESSION FILE.csv|FILE.xlsx\n"
		    "tokens SESSION -o SLIPS.csv\n"
		    "cast SESSION --token TOKEN --choices N,N,…\n"
		    "count SESSION --method device|paper --figures cast=N,invalid=N,1=N,…\n"
		    "close SESSION\n"
		    "tally SESSION [--json]\n"
		    "adopt SESSION -o PLAN.json [--id ID] [--save]\n"
		    "rating-tokens PLAN --count N -o SLIPS.csv\n"
		    "rate PLAN --token TOKEN --answers 1=满意,2=基本满意,3=不满意",
	.description =
	"票决：open 以已公示的候选项目开始一次票决（候选须多于应选名额），deputies 导入代表名单（CSV 或 .xlsx，列 name,\n"
	"delegation），tokens 为每位代表生成一张一次性票证（只显示这一次，打印后分发）。代表用票证在网页\n"
	"/vote 或 vote cast 投票：选票只记所选序号，不记票证、代表或时间；所选多于应选名额为无效票；同一\n"
	"票证第二次使用被拒绝。表决器或纸质计票由两名工作人员先后录入（count），第二人录入相同的票数才算\n"
	"确认。close 结束后才能 tally：得票超过全体代表半数的，按得票多少依次当选，直至名额选满；最后一个\n"
	"名额得票相同或过半数的不足，报告需另行投票（open --runoff SESSION），绝不自行决定。adopt 把当选\n"
	"项目写成计划草案（各实事引用票决记录和来源建议），审核后 plan add 接受，或加 --save 直接存入。\n"
	"验单：rating-tokens 为代表发放验单票证，代表在网页 /survey 或用 rate 对各件实事评价（满意 / 基本满意 /\n"
	"不满意），计入评估的满意度（人大代表）。规则和例子见 docs/VOTE.md。\n",
	.options = vote_options,
};
