/*
 * cmd_init.c - `minsheng init`: create the database and load the plan.
 */
#include "cmd.h"

#include <getopt.h>
#include <string.h>

#include "core/json.h"
#include "auth/auth.h"
#include "ledger/ledger.h"
#include "plan/setup.h"
#include "core/banned.h"

/* The demonstration data and the demo accounts, in the same transaction. */
static int demo_data(struct store *st, const char *actor, struct ms_err *err)
{
	return auth_init(err) || ledger_demo(st, actor, err) || auth_demo_users(st, actor, err) ? -1 : 0;
}

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "plan", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'f' },
		{ "demo", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *self = cmd_find("init");
	struct ms_buf plan = MS_BUF_INIT, regions = MS_BUF_INIT, units = MS_BUF_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct setup_opts o = { .db_path = ctx->db, .actor = ctx->actor };
	struct setup_result res;
	struct ms_err err;
	const char *csv[3];
	int c, rc = EXIT_ERROR;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			ms_buf_reset(&plan);
			ms_buf_adds(&plan, optarg);
			break;
		case 'f':
			o.force = 1;
			break;
		case 'd':
			o.after_load = demo_data;
			break;
		default:
			rc = cmd_usage(self, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cmd_usage(self, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!plan.len && !cmd_data_path(&plan, "plans/jiangxi-2023.json")) {
		rc = cmd_fail("%s: the default plan file is missing", plan.buf);
		goto out;
	}
	if (!cmd_data_path(&regions, "regions/jiangxi.csv") ||
	    !cmd_data_path(&units, "regions/units.csv")) {
		rc = cmd_fail("data/regions/: the regions or units file is missing");
		goto out;
	}
	csv[0] = regions.buf;
	csv[1] = units.buf;
	csv[2] = NULL;
	o.plan_path = plan.buf;
	o.org_csv = csv;
	if (setup_init(&o, &res, &report, &err)) {
		fputs(report.buf, stderr);
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (ctx->json) {
		json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "db", ctx->db, "plan",
				      plan.buf, "orgs", (json_int_t)res.orgs, "items",
				      (json_int_t)res.items, "indicators",
				      (json_int_t)res.indicators, "notes", (json_int_t)res.notes);

		ms_buf_reset(&report);
		ms_json_dump(&report, j, 1);
		json_decref(j);
		rc = cmd_print(&report);
		goto out;
	} else
		printf("已创建 %s：%zu 个单位和区划，%zu 件实事，%zu 项指标，%zu 条核实记录%s\n"
		       "created %s from %s\n",
		       ctx->db, res.orgs, res.items, res.indicators, res.notes,
		       o.after_load ? "，另加演示数据" : "", ctx->db, plan.buf);
	rc = EXIT_OK;
out:
	ms_buf_release(&plan);
	ms_buf_release(&regions);
	ms_buf_release(&units);
	ms_buf_release(&report);
	return rc;
}
