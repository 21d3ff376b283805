/*
 * cmd_init.c - `minsheng init`: create the database and load the plan
 * (its options and help beside it).
 */
#include "cmd.h"

#include <string.h>

#include "core/json.h"
#include "auth/auth.h"
#include "ledger/ledger.h"
#include "plan/setup.h"
#include "core/banned.h"

/* The city programme the demo holds beside the province's (data/plans/nanchang-2024.json). */
#define DEMO_CITY_PLAN "nanchang-2024"

/*
 * The demonstration data and the demo accounts, in the same transaction:
 * the province's programme in motion, then 南昌's (arg: its plan file) with
 * its own units, breakdown and reports, reviewed by its administrator.
 */
static int demo_data(struct store *st, const char *actor, void *arg, struct ms_err *err)
{
	struct ms_buf report = MS_BUF_INIT;
	int rc = auth_init(err) || ledger_demo(st, actor, err) || auth_demo_users(st, actor, err) ||
		plan_add_file(st, arg, actor, &report, err) ||
		ledger_demo_city(st, DEMO_CITY_PLAN, "nanchang-admin", actor, err) ? -1 : 0;

	if (rc && report.len)
		fputs(report.buf, stderr);
	ms_buf_release(&report);
	return rc;
}

struct init_opts {
	const char *plan;
	int force, demo;
};

static const struct cmd_option init_options[] = {
	OPT_STRING(0, "plan", struct init_opts, plan, "FILE",
		   "计划文件（默认 data/plans/jiangxi-2023.json） the plan file"),
	OPT_FLAG(0, "force", struct init_opts, force,
		 "替换已有数据库（新库先在旁边建好再换入） replace an existing database"),
	OPT_FLAG(0, "demo", struct init_opts, demo,
		 "加入确定的演示数据（演示数据）：任务分解、报送、点位、演示账号，另载南昌市的计划 nanchang-2024 "
		 "add demonstration data, with 南昌's plan beside the province's"),
	OPT_END(),
};

static int run_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_init_def;
	struct ms_buf plan = MS_BUF_INIT, regions = MS_BUF_INIT, units = MS_BUF_INIT;
	struct ms_buf china = MS_BUF_INIT, city = MS_BUF_INIT;
	struct ms_buf report = MS_BUF_INIT;
	struct setup_opts o = { .db_path = ctx->db, .actor = ctx->actor };
	struct init_opts io = { 0 };
	struct setup_result res;
	struct ms_err err;
	const char *csv[4];
	int rc = EXIT_ERROR;

	if (cmd_parse(self, &argc, argv, &io, &rc))
		return rc;
	if (argc)
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[0]);
	if (io.plan)
		ms_buf_adds(&plan, io.plan);
	o.force = io.force;
	if (io.demo) {
		if (!cmd_data_path(&city, "plans/" DEMO_CITY_PLAN ".json")) {
			rc = cmd_fail("%s: the demo's city plan is missing", city.buf);
			goto out;
		}
		o.after_load = demo_data;
		o.after_arg = city.buf;
	}
	if (!plan.len && !cmd_data_path(&plan, "plans/jiangxi-2023.json")) {
		rc = cmd_fail("%s: the default plan file is missing", plan.buf);
		goto out;
	}
	if (!cmd_data_path(&regions, "regions/jiangxi.csv") ||
	    !cmd_data_path(&china, "regions/china.csv") ||
	    !cmd_data_path(&units, "regions/units.csv")) {
		rc = cmd_fail("data/regions/: the regions or units file is missing");
		goto out;
	}
	csv[0] = regions.buf;
	csv[1] = china.buf;
	csv[2] = units.buf;
	csv[3] = NULL;
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
	} else {
		printf("已创建 %s：%zu 个单位和区划，%zu 件实事，%zu 项指标，%zu 条核实记录%s\n"
		       "created %s from %s\n",
		       ctx->db, res.orgs, res.items, res.indicators, res.notes,
		       o.after_load ? "，另加演示数据" : "", ctx->db, plan.buf);
		if (o.after_load)
			printf("演示数据库：报送节点保持开放，可以试着报送（rounds.grace_days = %d）\n"
			       "demo database: its rounds stay open so that you can try filing\n",
			       LEDGER_GRACE_MAX);
	}
	rc = EXIT_OK;
out:
	ms_buf_release(&plan);
	ms_buf_release(&regions);
	ms_buf_release(&units);
	ms_buf_release(&china);
	ms_buf_release(&city);
	ms_buf_release(&report);
	return rc;
}

const struct cmd cmd_init_def = {
	.name = "init", .fn = run_init,
	.summary = "创建数据库并载入计划、区划和单位 — create the database and load the plan",
	.synopsis = "[--plan FILE] [--force] [--demo]",
	.description =
	"创建数据库（SQLite，WAL），在一个事务中载入计划、全国区划（31 个省级、333 个地级、2975 个县级，\n"
	"江西省 11 个设区市、100 个县级区划）和省直单位，并写入台账日志。已有数据库时拒绝覆盖，除非给出 --force。\n"
	"乡镇（街道）不在此载入：县级计划需要时用 org load-townships --province NN 按省载入。\n"
	"报送节点在截止日后 7 天自动关闭（见 round）；--demo 的演示数据库保持开放，便于试着报送。\n"
	"Creates the database and loads the plan, China's regions and the units in one transaction. Rounds close\n"
	"7 days after their due date (see round); a --demo database keeps them open.\n",
	.options = init_options,
};
