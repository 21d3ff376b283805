/*
 * cmd_db.c - keeping and moving the whole database: `backup FILE`,
 * `restore FILE`, `db copy FROM TO` (SQLite or PostgreSQL either side).
 */
#include "cmd.h"

#include <string.h>

#include "store/store.h"
#include "core/banned.h"

struct db_opts {
	int force;
};

static const struct cmd_option restore_options[] = {
	OPT_FLAG(0, "force", struct db_opts, force,
		 "替换已有数据库（文件在旁边建好再换入） replace an existing database"),
	OPT_END(),
};

static int run_backup(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_backup_def;
	struct store *st = NULL;
	struct ms_err err;
	int rc;

	if (cmd_parse(self, &argc, argv, NULL, &rc))
		return rc;
	if (argc != 1)
		return cmd_usage(self, "backup needs one FILE");
	if (store_open(&st, ctx->db, STORE_READ, &err) || store_backup(st, argv[0], &err)) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	printf("已备份 %s → %s（%s） backed up\n", store_name(st), argv[0],
	       strcmp(store_backend(st), "sqlite") ? "JSON 行" : "SQLite 文件");
	store_close(st);
	return EXIT_OK;
}

const struct cmd cmd_backup_def = {
	.name = "backup", .fn = run_backup,
	.summary = "备份数据库 — back the database up into a file",
	.synopsis = "FILE",
	.description =
	"把整个数据库写入 FILE（不得已存在）。SQLite 用在线备份接口得到一个 SQLite 文件，服务运行时也安全；\n"
	"PostgreSQL 在一个可重复读事务中把每张表写成 JSON 行（同一时刻的一致快照）。用 restore 恢复。\n"
	"Writes the whole database to FILE: a SQLite file (online backup API) or, from PostgreSQL,\n"
	"every table as JSON lines read in one REPEATABLE READ transaction.\n",
};

static int run_restore(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_restore_def;
	struct db_opts o = { 0 };
	struct ms_err err;
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (argc != 1)
		return cmd_usage(self, "restore needs one FILE");
	if (store_restore(argv[0], ctx->db, o.force, &err))
		return cmd_fail_err(&err);
	printf("已恢复 %s → %s restored\n", argv[0], ctx->db);
	return EXIT_OK;
}

const struct cmd cmd_restore_def = {
	.name = "restore", .fn = run_restore,
	.summary = "由备份恢复数据库 — restore the database from a backup",
	.synopsis = "FILE [--force]",
	.description =
	"由 backup 写出的文件（SQLite 文件或 JSON 行）建立 --db 所指的数据库，在一个事务中载入全部表，\n"
	"失败则什么也不留下。已有数据库时拒绝，除非给出 --force。备份与程序的数据库版本须相同。\n"
	"Builds the --db database from a backup file in one transaction; all or nothing.\n",
	.options = restore_options,
};

static int run_db(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_db_def;
	struct db_opts o = { 0 };
	struct ms_err err;
	int rc;

	(void)ctx;
	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "db needs a subcommand");
	if (strcmp(argv[0], "copy"))
		return cmd_usage(self, "unknown subcommand '%s'", argv[0]);
	if (argc != 3)
		return cmd_usage(self, "db copy needs FROM and TO");
	if (store_copy(argv[1], argv[2], o.force, &err))
		return cmd_fail_err(&err);
	printf("已复制 %s → %s copied\n", argv[1], argv[2]);
	return EXIT_OK;
}

const struct cmd cmd_db_def = {
	.name = "db", .fn = run_db,
	.summary = "数据库之间复制 — copy a database between SQLite and PostgreSQL",
	.synopsis = "copy FROM TO [--force]",
	.description =
	"把数据库 FROM 的每张表复制到新数据库 TO（一个 SQLite 文件路径，或 postgresql://用户@主机:端口/库名），\n"
	"读取在一个快照中、写入在一个事务中。TO 已有数据库时拒绝，除非给出 --force。\n"
	"Copies every table of FROM into a new database TO (a file or a postgresql:// URL).\n",
	.options = restore_options,
};
