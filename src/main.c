/*
 * main.c - minsheng's entry point: the global options (by the commands'
 * own parser), then the command table. Each command is defined beside its
 * code in src/cmd/cmd_*.c; this is only the order `minsheng help` lists them.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/banned.h"

const struct cmd *const commands[] = {
	&cmd_init_def, &cmd_plan_def, &cmd_org_def, &cmd_param_def, &cmd_calc_def,
	&cmd_batch_def, &cmd_simulate_def, &cmd_assign_def, &cmd_report_def, &cmd_site_def, &cmd_evidence_def,
	&cmd_actuals_def, &cmd_approve_def, &cmd_return_def, &cmd_review_def, &cmd_status_def, &cmd_bulletin_def,
	&cmd_serve_def, &cmd_proposal_def, &cmd_candidate_def, &cmd_vote_def,
	&cmd_survey_def, &cmd_evaluate_def, &cmd_notice_def, &cmd_user_def,
	&cmd_round_def, &cmd_remind_def, &cmd_duban_def, &cmd_journal_def, &cmd_history_def, &cmd_backup_def, &cmd_restore_def,
	&cmd_db_def, &cmd_help_def, &cmd_version_def,
	NULL
};

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	const struct cmd *c;
	int rc;

	ctx.db = getenv("MINSHENG_DB");
	if (!ctx.db || !*ctx.db)
		ctx.db = "./minsheng.db";
	ctx.actor = getenv("USER");
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = "cli";
	if ((rc = cmd_parse_global(&argc, argv, &ctx)))
		return rc;
	if (argc < 2) {
		cmd_help_def.fn(1, argv, &ctx);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version_def.fn(1, argv + 1, &ctx);
	if (cmd_is_help(argv[1]))
		return cmd_help_def.fn(1, argv + 1, &ctx);
	c = cmd_find(argv[1]);
	if (!c) {
		cmd_fail("'%s' is not a command; see 'minsheng --help' (未知命令)", argv[1]);
		return EXIT_USAGE;
	}
	cmd_set_current(c);
	return c->fn(argc - 1, argv + 1, &ctx);
}
