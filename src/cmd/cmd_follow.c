/*
 * cmd_follow.c - 催报 and 督办 from the command line: remind (the units
 * missing a round, its xlsx, the sends; channels and the mail server) and
 * duban (issue, answer, list, show). The command line acts as the
 * database's administrator.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "follow/follow.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "core/banned.h"

struct remind_opts {
	const char *round, *xlsx, *plan, *from;
	long days_before;
	int send, remove;
};

static const struct cmd_option remind_options[] = {
	OPT_STRING(0, "round", struct remind_opts, round, "DATE",
		   "报送节点（默认今天及以后最近的一个） the round (default: the next one due)"),
	OPT_INT(0, "days-before", struct remind_opts, days_before, "N",
		"只在截止前 N 天以内发送 send only within N days of the due date", 0, 366),
	OPT_FLAG(0, "send", struct remind_opts, send,
		 "发送催报（邮件、推送；同一单位同一节点每天只发一次） send the reminders (once a day per unit)"),
	OPT_STRING(0, "xlsx", struct remind_opts, xlsx, "FILE", "把清单写成 Excel 文件 write the list as .xlsx"),
	OPT_STRING(0, "plan", struct remind_opts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_STRING(0, "from", struct remind_opts, from, "ADDRESS", "smtp：发件地址 the sender's address"),
	OPT_FLAG(0, "remove", struct remind_opts, remove, "channel：删除这个渠道 remove the channel"),
	OPT_END(),
};

static int remind_lists(struct cmd_ctx *ctx, const struct remind_opts *o)
{
	struct remind_list rl;
	struct remind_result res;
	struct ms_buf out = MS_BUF_INIT, log = MS_BUF_INIT;
	struct store *st = NULL;
	struct ledger l;
	struct ms_err err;
	int rc;

	if ((rc = cmd_open_ledger(ctx, o->plan, o->send, &st, &l)))
		return rc;
	if (remind_list(&l, o->round, (int)o->days_before, &rl, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (o->xlsx && remind_xlsx(&rl, o->xlsx, NULL, &err)) {
		rc = cmd_fail_err(&err);
		goto free;
	}
	if (o->send && remind_send(&l, &rl, &res, &log, &err)) {
		rc = cmd_fail_err(&err);
		goto free;
	}
	if (ctx->json) {
		json_t *j = remind_json(&rl);

		if (o->send)
			json_object_set_new(j, "result", json_pack("{s:i, s:i, s:i}", "sent", res.sent, "skipped",
								  res.skipped, "failed", res.failed));
		ms_json_dump(&out, j, 1);
		json_decref(j);
	} else {
		remind_render(&rl, &out);
		if (o->send && !rl.in_window)
			ms_buf_addf(&out, "距截止还有 %d 天，未到催报时间（--days-before %ld），未发送。\n", rl.days_left,
				    o->days_before);
		else if (o->send)
			ms_buf_addf(&out, "%s已发送 %d 条，今天已发过 %d 条，失败 %d 条。\n", log.buf, res.sent, res.skipped,
				    res.failed);
	}
	rc = cmd_print(&out);
	if (o->send && res.failed)
		rc = EXIT_ERROR;
free:
	remind_list_free(&rl);
out:
	ms_buf_release(&out);
	ms_buf_release(&log);
	ledger_close(&l);
	store_close(st);
	return rc;
}

static int show_channel(const char *org, const char *kind, const char *address, void *arg)
{
	struct ms_buf *b = arg;

	ms_buf_addf(b, "%s\t%s\t%s\n", org, kind, address);
	return 0;
}

/* channel, channels, smtp */
static int remind_setup(struct cmd_ctx *ctx, const struct remind_opts *o, int argc, char **argv)
{
	const struct cmd *self = &cmd_remind_def;
	struct ms_buf out = MS_BUF_INIT;
	struct store *st = NULL;
	struct ms_err err;
	int list = !strcmp(argv[0], "channels"), rc = EXIT_OK;

	if (!strcmp(argv[0], "channel") && argc != 4)
		return cmd_usage(self, "remind channel needs ORG, a kind (email, webhook, contact) and an ADDRESS");
	if ((list && argc > 2) || (!strcmp(argv[0], "smtp") && argc > 2))
		return cmd_usage(self, "remind %s takes at most one argument", argv[0]);
	if (store_open(&st, ctx->db, list ? STORE_READ : STORE_WRITE, &err))
		return cmd_fail_err(&err);
	if (list) {
		if (store_channel_each(st, argc == 2 ? argv[1] : NULL, show_channel, &out, &err))
			rc = cmd_fail_err(&err);
		else
			rc = cmd_print(&out);
	} else if (!strcmp(argv[0], "channel")) {
		if (remind_channel(st, argv[1], argv[2], argv[3], o->remove, ctx->actor, &err))
			rc = cmd_fail_err(&err);
		else
			printf(o->remove ? "已删除 %s 的%s渠道 — channel removed\n" : "已登记 %s 的%s渠道 — channel added\n",
			       argv[1], argv[2]);
	} else if (remind_smtp_set(st, argc == 2 ? argv[1] : NULL, o->from, ctx->actor, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		printf("已设置邮件服务器 — mail server set\n");
	}
	ms_buf_release(&out);
	store_close(st);
	return rc;
}

static int run_remind(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_remind_def;
	struct remind_opts o = { .days_before = -1 };
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return remind_lists(ctx, &o);
	if (strcmp(argv[0], "channel") && strcmp(argv[0], "channels") && strcmp(argv[0], "smtp"))
		return cmd_usage(self, "unknown subcommand '%s'", argv[0]);
	return remind_setup(ctx, &o, argc, argv);
}

const struct cmd cmd_remind_def = {
	.name = "remind", .fn = run_remind,
	.summary = "催报：未报送的单位、联系人，邮件和推送 — remind units whose reports are missing",
	.synopsis = "[--round DATE] [--days-before N] [--send] [--xlsx FILE] [--plan ID]\n"
		    "channel ORG email|webhook|contact ADDRESS [--remove]\n"
		    "channels [ORG]\n"
		    "smtp [URL] [--from ADDRESS]",
	.options = remind_options,
	.description = "列出报送节点（默认今天及以后最近的一个）尚未报送（无报告、草稿未提交或被退回）的单位和指标，"
		       "附各单位登记的联系人、电子邮件和推送地址；--xlsx 导出清单。--send 向每个单位发一封邮件"
		       "（SMTP，remind smtp 设置服务器和发件地址）、向其每个推送地址 POST 一条 JSON"
		       "（钉钉机器人格式 msgtype/text，另附 minsheng 字段）；每次发送记入台账日志，"
		       "同一单位、同一节点、同一天（北京时间）每种渠道只发一次。\n"
		       "Lists every unit and indicator without a report sent in for the round, with the unit's "
		       "contact, e-mail addresses and webhooks; --send mails each unit once (SMTP) and POSTs JSON "
		       "to its webhooks, journaled, never twice the same day for the same unit and round.\n",
};

/* ---------- duban ---------- */

struct duban_opts {
	const char *plan, *org, *indicator, *what, *why, *answer_by, *answer, *evidence;
};

static const struct cmd_option duban_options[] = {
	OPT_STRING(0, "what", struct duban_opts, what, "TEXT", "issue：督办事项 what is to be done"),
	OPT_STRING(0, "why", struct duban_opts, why, "TEXT", "issue：补充理由（进度数字自动引用） more reasons (the figures are quoted)"),
	OPT_STRING(0, "answer-by", struct duban_opts, answer_by, "DATE", "issue：答复期限 the date to answer by"),
	OPT_STRING(0, "org", struct duban_opts, org, "CODE",
		   "issue：督办单位（默认牵头单位）；list：只列此单位 the unit (default: the lead unit)"),
	OPT_STRING(0, "indicator", struct duban_opts, indicator, "ID", "list：只列此指标 only this indicator"),
	OPT_STRING(0, "answer", struct duban_opts, answer, "TEXT", "answer：整改措施 the measures taken"),
	OPT_STRING(0, "evidence", struct duban_opts, evidence, "REF", "answer：佐证材料编号 a reference to evidence"),
	OPT_STRING(0, "plan", struct duban_opts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_END(),
};

static int duban_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static int duban_read(struct ledger *l, const char *sub, int argc, char **argv, int json, struct ms_buf *out,
		      const struct duban_opts *o, struct ms_err *err)
{
	json_t *j;
	size_t i;

	if (!strcmp(sub, "list")) {
		struct duban_list dl;

		if (duban_list(l, o->org, o->indicator, &dl, err))
			return -1;
		if (json) {
			j = json_array();
			for (i = 0; i < dl.n; i++)
				json_array_append_new(j, duban_json(&dl.d[i]));
			ms_json_dump(out, j, 1);
			json_decref(j);
		} else {
			duban_render(&dl, out);
		}
		duban_list_free(&dl);
	} else {
		struct duban d;
		int64_t id = 0;

		if (argc != 2 || duban_id(argv[1], &id))
			return ms_err_field(err, MS_E_INVALID, "ID", "请给出督办单编号 (give the notice's number)");
		if (duban_get(l, id, &d, err))
			return -1;
		if (json) {
			j = duban_json(&d);
			ms_json_dump(out, j, 1);
			json_decref(j);
		} else {
			duban_render_one(&d, out);
		}
		duban_clear(&d);
	}
	return 0;
}

static int duban_write(struct ledger *l, const char *sub, int argc, char **argv, struct ms_buf *out,
		       const struct duban_opts *o, struct ms_err *err)
{
	int64_t id = 0;

	if (!strcmp(sub, "issue")) {
		struct duban_in in = { .indicator = argc == 2 ? argv[1] : NULL, .org = o->org, .what = o->what,
				       .why = o->why, .answer_by = o->answer_by };

		if (argc != 2)
			return ms_err_field(err, MS_E_INVALID, "INDICATOR", "请给出督办的指标 (give the indicator)");
		if (duban_issue(l, &in, &id, err)) {
			if (!strcmp(err->field, "indicator"))   /* the positional, not list's --indicator */
				snprintf(err->field, sizeof(err->field), "INDICATOR");
			return -1;
		}
		ms_buf_addf(out, "已签发督办单 %lld — notice issued\n", (long long)id);
		return 0;
	}
	if (argc != 2 || duban_id(argv[1], &id))
		return ms_err_field(err, MS_E_INVALID, "ID", "请给出督办单编号 (give the notice's number)");
	if (duban_answer(l, id, o->answer, o->evidence, err))
		return -1;
	ms_buf_addf(out, "已答复督办单 %lld — notice answered\n", (long long)id);
	return 0;
}

static int run_duban(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_duban_def;
	struct duban_opts o = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct store *st = NULL;
	struct ledger l;
	struct ms_err err;
	const char *sub;
	int rc, write;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "duban needs a subcommand: issue, answer, list or show");
	sub = argv[0];
	if (strcmp(sub, "issue") && strcmp(sub, "answer") && strcmp(sub, "list") && strcmp(sub, "show"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	if (!strcmp(sub, "list") && argc != 1)
		return cmd_usage(self, "duban list takes no arguments");
	write = !strcmp(sub, "issue") || !strcmp(sub, "answer");
	if ((rc = cmd_open_ledger(ctx, o.plan, write, &st, &l)))
		return rc;
	if (write ? duban_write(&l, sub, argc, argv, &out, &o, &err)
		  : duban_read(&l, sub, argc, argv, ctx->json, &out, &o, &err))
		rc = cmd_fail_err(&err);
	else
		rc = cmd_print(&out);
	ms_buf_release(&out);
	ledger_close(&l);
	store_close(st);
	return rc;
}

const struct cmd cmd_duban_def = {
	.name = "duban", .fn = run_duban,
	.summary = "督办：对亮红灯或迟报的指标签发督办单，单位答复整改措施 — supervision notices",
	.synopsis = "issue INDICATOR --what TEXT --answer-by DATE [--org CODE] [--why TEXT]\n"
		    "answer ID --answer TEXT [--evidence REF]\n"
		    "list [--org CODE] [--indicator ID]\n"
		    "show ID",
	.options = duban_options,
	.description = "对亮红灯、迟报或未报送的指标，向牵头单位（或 --org 指定的任务地区）签发督办单："
		       "督办事项、理由（自动引用截至今天的完成数、目标、完成率、时序进度和迟报未报送情况）、答复期限；"
		       "单位答复整改措施（可附佐证材料编号）。过期未答复的督办单列在清单最前，并写入通报的“明显问题”。"
		       "签发和答复都记入台账日志。\n"
		       "Issues a supervision notice for a red or late indicator to its lead unit (or a region), "
		       "quoting the figures; the unit answers with its measures; an unanswered notice past its "
		       "date is listed first and named in the bulletin. Journaled.\n",
};
