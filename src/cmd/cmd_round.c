/*
 * cmd_round.c - reporting rounds from the command line: round list, lock,
 * reopen (each lock and reopen journaled by the ledger).
 */
#include "cmd.h"

#include <string.h>

#include "core/table.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "core/banned.h"

/* round list: each round of the plan, open or locked (by whom, when). */
static int round_list(struct store *st, struct ledger *l, int json)
{
	static const char *const head[] = { "报送节点", "名称", "状态" };
	struct ms_buf by = MS_BUF_INIT;
	struct ms_table *t;
	struct ms_err err;
	json_t *arr;
	size_t k;
	int rc = EXIT_OK;

	cmd_list_start(json, &arr, &t, head, 3, -1);
	for (k = 0; k < l->nround && rc == EXIT_OK; k++) {
		int x = store_round_locked(st, l->plan, l->round[k].due, &by, &err);

		if (x < 0) {
			rc = cmd_fail_err(&err);
		} else if (arr) {
			json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:s}", "due", l->round[k].due,
							     "label", l->round[k].label, "locked", x,
							     "locked_by", x ? by.buf : ""));
		} else {
			ms_table_add(t, l->round[k].due);
			ms_table_add(t, l->round[k].label);
			ms_table_addf(t, x ? "已锁定（%s）" : "开放", by.buf);
		}
	}
	ms_buf_release(&by);
	if (rc == EXIT_OK)
		return cmd_list_finish(arr, t, "");
	json_decref(arr);
	ms_table_free(t);
	return rc;
}

static int run_round(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_round_def;
	struct ledger l;
	struct store *st = NULL;
	struct ms_err err;
	const char *sub;
	int list, lock, rc;

	if (cmd_parse(self, &argc, argv, NULL, &rc))
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
	    ledger_open(&l, st, NULL, ctx->actor, &err)) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	if (list)
		rc = round_list(st, &l, ctx->json);
	else if (ledger_round_lock(&l, argv[1], lock, &err))
		rc = cmd_fail_err(&err);
	else
		printf(lock ? "已锁定报送节点 %s — round locked\n" : "已重新开放报送节点 %s — round reopened\n",
		       argv[1]);
	ledger_close(&l);
	store_close(st);
	return rc;
}

const struct cmd cmd_round_def = {
	.name = "round", .fn = run_round, .summary = "报送轮次：锁定、重开 — lock and reopen reporting rounds",
	.synopsis = "list [--json]\n"
		    "lock DATE\n"
		    "reopen DATE",
	.description = "锁定后该轮次不再接受报送（已报送的仍可审核），重开后恢复。每次操作记入台账日志。\n"
		       "A locked round takes no more reports (those in can still be reviewed) until reopened.\n",
};
