/*
 * cmd_user.c - people from the command line: user add, passwd, list,
 * token.
 *
 * Passwords are never options (they would sit in the shell history and in
 * `ps`): they are read from the terminal with echo off, twice, or when
 * standard input is not a terminal, from its first line.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/table.h"
#include "store/store.h"
#include "core/banned.h"

/* One line from fd into buf (without the newline); -1 at end of input. */
static int read_line(FILE *f, char *buf, size_t n)
{
	size_t len;

	if (!fgets(buf, (int)n, f))
		return -1;
	len = strcspn(buf, "\r\n");
	if (len == n - 1 && buf[len] == '\0')
		return -2;   /* longer than the buffer */
	buf[len] = '\0';
	return 0;
}

static int read_password(char *pw, size_t n)
{
	char again[1100];
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), rc;

	if (!tty) {
		rc = read_line(stdin, pw, n);
		if (rc == -2)
			return cmd_fail("the password is longer than %zu bytes (密码过长)", n - 2);
		if (rc)
			return cmd_fail("no password on standard input (请在标准输入中提供密码)");
		return 0;
	}
	if (tcgetattr(STDIN_FILENO, &old))
		return cmd_fail("cannot read the password from the terminal");
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fputs("新密码 New password: ", stderr);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(stdin, pw, n);
	fputs("\n再输一次 Again: ", stderr);
	if (!rc)
		rc = read_line(stdin, again, sizeof(again));
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputs("\n", stderr);
	if (rc)
		return cmd_fail("no password given");
	if (strcmp(pw, again))
		return cmd_fail("the two passwords differ (两次输入的密码不一致)");
	return 0;
}

static int open_write(struct cmd_ctx *ctx, struct store **st)
{
	struct ms_err err;

	if (auth_init(&err) || store_open(st, ctx->db, STORE_WRITE, &err))
		return cmd_fail_err(&err);
	return 0;
}

struct ulist { json_t *arr; struct ms_table *t; };

static int list_user(const struct store_user *u, void *arg)
{
	struct ulist *a = arg;

	if (a->arr) {
		json_array_append_new(a->arr, json_pack("{s:s, s:s, s:s, s:s}", "name", u->name, "role",
							u->role, "org", u->org, "created_at", u->created_at));
		return 0;
	}
	ms_table_add(a->t, u->name);
	ms_table_add(a->t, auth_role_label(auth_role_parse(u->role)));
	ms_table_add(a->t, u->org[0] ? u->org : "-");
	ms_table_add(a->t, u->created_at);
	return 0;
}

struct user_opts {
	const char *role, *org;
	long days;
};

static const struct cmd_option user_options[] = {
	OPT_STRING(0, "role", struct user_opts, role, "admin|lead|reporter|viewer", "add：角色 the role"),
	OPT_STRING(0, "org", struct user_opts, org, "CODE",
		   "add：所属单位或区划（牵头单位、报送员必填） the unit or region"),
	OPT_INT(0, "days", struct user_opts, days, "N", "token：有效天数（默认 90） days the token lasts", 1, 3660),
	OPT_END(),
};

static int user_list(struct cmd_ctx *ctx)
{
	static const char *const head[] = { "用户", "角色", "单位", "创建时间 (UTC)" };
	struct store *st = NULL;
	struct ms_err err;
	struct ulist a;

	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 4, -1);
	if (store_user_each(st, list_user, &a, &err)) {
		json_decref(a.arr);
		ms_table_free(a.t);
		store_close(st);
		return cmd_fail_err(&err);
	}
	store_close(st);
	return cmd_list_finish(a.arr, a.t, "");
}

/* user token NAME: a new API token, shown once. */
static int user_token(struct cmd_ctx *ctx, const char *name, long days)
{
	char token[AUTH_TOKEN_HEX + 1];
	struct store *st = NULL;
	struct ms_err err;
	int rc;

	if ((rc = open_write(ctx, &st)))
		return rc;
	if (auth_token_new(st, name, (int)days, ctx->actor, token, &err)) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	store_close(st);
	printf("%s\n", token);
	fprintf(stderr, "minsheng: %s 的接口令牌，%ld 天内有效；只显示这一次。"
		"使用：Authorization: Bearer TOKEN\n", name, days);
	return EXIT_OK;
}

static int run_user(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_user_def;
	struct user_opts o = { .days = 90 };
	struct store *st = NULL;
	struct ms_err err;
	const char *sub;
	char pw[1100];
	int rc;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "user needs a subcommand");
	sub = argv[0];
	if (!strcmp(sub, "list")) {
		if (argc > 1)
			return cmd_usage(self, "user list takes no arguments");
		return user_list(ctx);
	}
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "token"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	if (argc != 2)
		return cmd_usage(self, "user %s needs one NAME", sub);
	if (!strcmp(sub, "add") && !o.role)
		return cmd_usage(self, "user add needs --role admin|lead|reporter|viewer");
	if (!strcmp(sub, "token"))
		return user_token(ctx, argv[1], o.days);
	if ((rc = read_password(pw, sizeof(pw))))
		return rc;
	if ((rc = open_write(ctx, &st)))
		return rc;
	if (!strcmp(sub, "add"))
		rc = auth_user_add(st, argv[1], pw, o.role, o.org,
				   ctx->actor, &err);
	else
		rc = auth_user_passwd(st, argv[1], pw, ctx->actor, &err);
	memset(pw, 0, sizeof(pw));
	store_close(st);
	if (rc)
		return cmd_fail_err(&err);
	printf(!strcmp(sub, "add") ? "已添加用户 %s — user added\n" :
	       "已修改 %s 的密码，原有登录已失效 — password changed, sessions ended\n", argv[1]);
	return EXIT_OK;
}


const struct cmd cmd_user_def = {
	.name = "user", .fn = run_user, .summary = "用户与权限：添加、改密码、接口令牌 — users, passwords, API tokens",
	.synopsis = "add NAME --role admin|lead|reporter|viewer [--org CODE]\n"
		    "passwd NAME\n"
		    "token NAME [--days 90]\n"
		    "list [--json]",
	.description =
	"角色：admin 管理员（一切写入，锁定和重开报送轮次）；lead 牵头单位（--org 省直部门代码，\n"
	"审核、退回和分解本单位牵头的实事）；reporter 报送员（--org 设区市或县区代码，只报送本地区的数据和点位）；\n"
	"viewer 只读。密码（至少8位）从终端输入两次（不回显），或从标准输入的第一行读取；\n"
	"以 argon2id 存储。user passwd 同时注销该用户的所有登录和令牌。\n"
	"user token 打印一个接口令牌（只显示一次，数据库只存其哈希），用法 Authorization: Bearer TOKEN。\n",
	.options = user_options,
};
