/*
 * main.c - minsheng's entry point: global options, then the command table.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/banned.h"

const struct cmd commands[] = {
	{ "init", cmd_init, "创建数据库并载入计划、区划和单位 — create the database and load the plan",
	  "usage: minsheng init [--plan FILE] [--force] [--db PATH]\n"
	  "\n"
	  "创建数据库（SQLite，WAL），在一个事务中载入计划、江西省区划（11 个设区市、100 个县级区划）\n"
	  "和省直单位，并写入台账日志。已有数据库时拒绝覆盖，除非给出 --force。\n"
	  "Creates the database and loads the plan, regions and units in one transaction.\n"
	  "\n"
	  "  --plan FILE   the plan file (default: data/plans/jiangxi-2023.json)\n"
	  "  --force       replace an existing database (the new one is built aside, then moved in)\n"
	  "  --db PATH     the database (default $MINSHENG_DB, else ./minsheng.db)\n" },
	{ "plan", cmd_plan, "计划：列表、查看、校验、导出 — list, show, validate, export plans",
	  "usage: minsheng plan list [--json]\n"
	  "       minsheng plan show ID|FILE [--json]\n"
	  "       minsheng plan validate FILE [--json]\n"
	  "       minsheng plan export ID [-o FILE]\n"
	  "\n"
	  "list      计划列表（有数据库时读数据库，否则读 data/plans/）\n"
	  "show      一份计划的中文概览：每件实事的指标、目标、牵头单位和待核实事项；--json 输出完整计划\n"
	  "validate  校验计划文件：格式、编号、单位，以及每条引文是否与原文逐字节一致\n"
	  "export    以 JSON 输出数据库中的计划\n" },
	{ "org", cmd_org, "单位与区划 — organisations and regions",
	  "usage: minsheng org list [--kind province|city|county|department|office] [--parent CODE] [--json]\n"
	  "\n"
	  "列出数据库中的区划和单位（GB/T 2260 代码）。\n" },
	{ "help", cmd_help, "帮助 — help on a command",
	  "usage: minsheng help [COMMAND]\n" },
	{ "version", cmd_version, "版本 — print the version",
	  "usage: minsheng version\n" },
	{ NULL, NULL, NULL, NULL }
};

static const char *take_value(int *argc, char **argv, int i, int *consumed)
{
	const char *eq = strchr(argv[i], '=');

	if (eq) {
		*consumed = 1;
		return eq + 1;
	}
	if (i + 1 >= *argc)
		return NULL;
	*consumed = 2;
	return argv[i + 1];
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	const struct cmd *c;
	int i, j, n;

	ctx.db = getenv("MINSHENG_DB");
	if (!ctx.db || !*ctx.db)
		ctx.db = "./minsheng.db";
	ctx.actor = getenv("USER");
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = "cli";

	/* global options may stand anywhere before "--": --db PATH, --json */
	for (i = 1; i < argc;) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json")) {
			ctx.json = 1;
			n = 1;
		} else if (!strcmp(argv[i], "--db") || !strncmp(argv[i], "--db=", 5)) {
			ctx.db = take_value(&argc, argv, i, &n);
			if (!ctx.db || !*ctx.db) {
				cmd_fail("--db needs a path (--db 需要数据库路径)");
				return EXIT_USAGE;
			}
		} else {
			i++;
			continue;
		}
		for (j = i; j + n <= argc; j++)
			argv[j] = argv[j + n];
		argc -= n;
	}

	if (argc < 2)
		return cmd_help(1, argv, &ctx) == EXIT_OK ? EXIT_USAGE : EXIT_USAGE;
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv + 1, &ctx);
	if (cmd_is_help(argv[1]))
		return cmd_help(1, argv + 1, &ctx);
	c = cmd_find(argv[1]);
	if (!c) {
		cmd_fail("'%s' is not a command; see 'minsheng --help' (未知命令)", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2 && cmd_is_help(argv[2]))
		return cmd_help_of(c);
	return c->fn(argc - 1, argv + 1, &ctx);
}
