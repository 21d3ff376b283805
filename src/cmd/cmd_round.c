/*
 * cmd_round.c - reporting rounds from the command line: round list (where
 * each stands), lock, reopen with a reason (journaled by the ledger).
 */
#include "cmd.h"

#include <string.h>

#include "core/table.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "core/banned.h"

/* round list: each round of the plan and where it stands (open, in its grace period, closed, locked, reopened). */
static int round_list(struct ledger *l, int json)
{
	static const char *const head[] = { "报送节点", "名称", "状态" };
	struct ledger_round_state s;
	struct ms_buf text = MS_BUF_INIT;
	struct ms_table *t;
	struct ms_err err;
	json_t *arr;
	size_t k;
	int rc = EXIT_OK;

	cmd_list_start(json, &arr, &t, head, 3, -1);
	for (k = 0; k < l->nround && rc == EXIT_OK; k++) {
		if (ledger_round_state(l, &l->round[k], &s, &err)) {
			rc = cmd_fail_err(&err);
			break;
		}
		ms_buf_reset(&text);
		ledger_round_state_text(&text, &s);
		if (arr) {
			json_array_append_new(arr, ledger_round_json(&l->round[k], &s));
		} else {
			ms_table_add(t, l->round[k].due);
			ms_table_add(t, l->round[k].label);
			ms_table_add(t, text.buf);
		}
	}
	ms_buf_release(&text);
	if (rc == EXIT_OK)
		return cmd_list_finish(arr, t, "");
	json_decref(arr);
	ms_table_free(t);
	return rc;
}

struct round_opts {
	const char *reason, *plan;
};

static const struct cmd_option round_options[] = {
	OPT_STRING(0, "reason", struct round_opts, reason, "TEXT",
		   "重新开放（或锁定）的理由，记入台账日志；重新开放必填 why (required to reopen)"),
	OPT_STRING(0, "plan", struct round_opts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_END(),
};

static int run_round(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_round_def;
	struct ledger l;
	struct store *st = NULL;
	struct ms_err err;
	struct round_opts ro = { 0 };
	const char *sub;
	int list, lock, rc;

	if (cmd_parse(self, &argc, argv, &ro, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "round needs a subcommand");
	sub = argv[0];
	if (strcmp(sub, "lock") && strcmp(sub, "reopen") && strcmp(sub, "list"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	list = !strcmp(sub, "list");
	lock = !strcmp(sub, "lock");
	if (list ? argc != 1 : argc != 2)
		return cmd_usage(self, list ? "round list takes no arguments%s" : "round %s needs one DATE",
				 list ? "" : sub);
	if (store_open(&st, ctx->db, list ? STORE_READ : STORE_WRITE, &err) ||
	    ledger_open(&l, st, ro.plan, ctx->actor, &err)) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	if (list)
		rc = round_list(&l, ctx->json);
	else if (ledger_round_lock(&l, argv[1], lock, ro.reason, &err))
		rc = cmd_fail_err(&err);
	else
		printf(lock ? "已锁定报送节点 %s — round locked\n" : "已重新开放报送节点 %s — round reopened\n",
		       argv[1]);
	ledger_close(&l);
	store_close(st);
	return rc;
}

const struct cmd cmd_round_def = {
	.name = "round", .fn = run_round, .summary = "报送轮次：关闭、锁定、重开 — when rounds close, lock and reopen them",
	.synopsis = "list [--plan ID] [--json]\n"
		    "lock DATE [--reason TEXT] [--plan ID]\n"
		    "reopen DATE --reason TEXT [--plan ID]",
	.options = round_options,
	.description = "报送节点截止后 rounds.grace_days 天（默认7天，按北京时间）内仍可报送，计为迟报；此后自动关闭："
		       "不能报送、审核，也不能修改任务分解和此前交付的点位。管理员可提前锁定，或写明理由重新开放；"
		       "每次操作连同理由记入台账日志。命令行按数据库管理员操作；网页和接口只许管理员。"
		       "演示数据库（init --demo）的报送节点保持开放。\n"
		       "A round takes reports until rounds.grace_days (default 7) days after its due date, China "
		       "time (late ones counted late), and is closed from the next day: no reports, reviews, target "
		       "changes or sites delivered by then. An administrator may lock it earlier or reopen it with "
		       "a reason; both are journaled. A demo database keeps its rounds open.\n",
};
