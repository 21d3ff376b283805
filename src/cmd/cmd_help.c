/*
 * cmd_help.c - `minsheng help [COMMAND]`, `--help` and `version`.
 */
#include "cmd.h"

#include <string.h>

#include "core/text.h"
#include "core/banned.h"

int cmd_help(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *c;

	if (argc > 1) {
		c = cmd_find(argv[1]);
		if (!c)
			return cmd_usage(NULL, "no command '%s'; see 'minsheng --help'", argv[1]);
		return cmd_help_of(c);
	}
	fputs("minsheng — 民生实事：计划、政策计算、进度跟踪、评议评估\n"
	      "usage: minsheng [--db PATH] [--json] COMMAND [ARGS]\n\n"
	      "命令 Commands:\n", stdout);
	for (c = commands; c->name; c++) {
		printf("  %-10s %s\n", c->name, c->summary);
	}
	fputs("\n全局选项 Global options:\n"
	      "  --db PATH   数据库文件（默认 $MINSHENG_DB，否则 ./minsheng.db）\n"
	      "  --json      以 JSON 输出，便于程序处理\n"
	      "  --help      本帮助；'minsheng help COMMAND' 查看命令帮助\n"
	      "  --version   版本\n\n"
	      "退出码 Exit codes: 0 成功, 1 出错（stderr 一行说明）, 2 用法错误\n", stdout);
	return EXIT_OK;
}

int cmd_version(int argc, char **argv, struct cmd_ctx *ctx)
{
	if (argc > 1)
		return cmd_usage(cmd_find("version"), "version takes no arguments");
	if (ctx->json)
		printf("{\"name\":\"minsheng\",\"version\":\"%s\"}\n", MS_VERSION);
	else
		printf("minsheng %s\n", MS_VERSION);
	return EXIT_OK;
}
