/*
 * cmd_user.c - people from the command line: user add, passwd, list,
 * token, tokens, revoke, disable, enable, role, delete.
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
#include "core/clock.h"
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
		json_array_append_new(a->arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "name", u->name, "role",
							u->role, "org", u->org, "created_at", u->created_at,
							"disabled", u->disabled, "password_expired",
							u->password_expired));
		return 0;
	}
	ms_table_add(a->t, u->name);
	if (u->disabled || u->password_expired) {
		char role[64];

		snprintf(role, sizeof(role), "%s（%s）", auth_role_label(auth_role_parse(u->role)),
			 u->disabled ? "停用" : "密码过期");
		ms_table_add(a->t, role);
	} else {
		ms_table_add(a->t, auth_role_label(auth_role_parse(u->role)));
	}
	ms_table_add(a->t, u->org[0] ? u->org : "-");
	cmd_table_stamp(a->t, u->created_at);
	return 0;
}

struct user_opts {
	const char *role, *org;
	long days;
	int expire;
};

static const struct cmd_option user_options[] = {
	OPT_STRING(0, "role", struct user_opts, role, "admin|lead|reporter|viewer", "add：角色 the role"),
	OPT_STRING(0, "org", struct user_opts, org, "CODE",
		   "add：所属单位或区划（牵头单位、报送员必填） the unit or region"),
	OPT_INT(0, "days", struct user_opts, days, "N", "token：有效天数（默认 90） days the token lasts", 1, 3660),
	OPT_FLAG(0, "expire", struct user_opts, expire,
		 "passwd：不设新密码，使现有密码过期（须由管理员重设） expire the password instead"),
	OPT_END(),
};

static int user_list(struct cmd_ctx *ctx)
{
	static const char *const head[] = { "用户", "角色", "单位", "创建时间（北京时间）" };
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

struct tlist { json_t *arr; struct ms_table *t; };

static int list_token(const struct store_token *k, void *arg)
{
	struct tlist *a = arg;
	char made[32], ends[32];

	ms_clock_iso((time_t)k->created_at, made);
	ms_clock_iso((time_t)k->expires_at, ends);
	if (a->arr) {
		json_array_append_new(a->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", k->id, "user", k->user,
							"kind", k->kind, "created_at", made, "expires_at", ends));
		return 0;
	}
	ms_table_add(a->t, k->id);
	ms_table_add(a->t, !strcmp(k->kind, "api") ? "接口令牌 api" : "网页登录 web");
	cmd_table_time(a->t, k->created_at);
	cmd_table_time(a->t, k->expires_at);
	return 0;
}

/* user tokens NAME: its unexpired web sessions and API tokens, by id (never the token). */
static int user_tokens(struct cmd_ctx *ctx, const char *name)
{
	static const char *const head[] = { "编号", "类型", "创建（北京时间）", "到期（北京时间）" };
	struct store *st = NULL;
	struct store_user u;
	struct ms_err err;
	struct tlist a;
	int rc;

	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	rc = store_user_get(st, name, &u, &err);
	if (rc == 0)
		ms_err_field(&err, MS_E_NOTFOUND, "name", "无此用户“%s” (no such user)", name);
	if (rc != 1) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 4, -1);
	if (store_session_each(st, name, (int64_t)ms_clock_now(), list_token, &a, &err)) {
		json_decref(a.arr);
		ms_table_free(a.t);
		store_close(st);
		return cmd_fail_err(&err);
	}
	store_close(st);
	return cmd_list_finish(a.arr, a.t, "");
}

/* The lifecycle subcommands that take one argument and no password. */
static int user_change(struct cmd_ctx *ctx, const char *sub, const char *arg, const struct user_opts *o)
{
	struct store *st = NULL;
	struct ms_err err;
	int rc;

	if ((rc = open_write(ctx, &st)))
		return rc;
	if (!strcmp(sub, "revoke"))
		rc = auth_token_revoke(st, arg, ctx->actor, &err);
	else if (!strcmp(sub, "disable") || !strcmp(sub, "enable"))
		rc = auth_user_disable(st, arg, !strcmp(sub, "disable"), ctx->actor, &err);
	else if (!strcmp(sub, "delete"))
		rc = auth_user_delete(st, arg, ctx->actor, &err);
	else if (!strcmp(sub, "role"))
		rc = auth_user_role(st, arg, o->role, o->org, ctx->actor, &err);
	else
		rc = auth_user_expire(st, arg, ctx->actor, &err);
	store_close(st);
	if (rc)
		return cmd_fail_err(&err);
	if (!strcmp(sub, "revoke"))
		printf("已注销令牌 %s — token revoked\n", arg);
	else if (!strcmp(sub, "disable"))
		printf("已停用用户 %s，其登录和令牌已失效 — user disabled, sessions and tokens ended\n", arg);
	else if (!strcmp(sub, "enable"))
		printf("已启用用户 %s — user enabled\n", arg);
	else if (!strcmp(sub, "delete"))
		printf("已删除用户 %s — user deleted\n", arg);
	else if (!strcmp(sub, "role"))
		printf("已将 %s 改为 %s — role changed\n", arg, o->role);
	else
		printf("%s 的密码已过期，须由管理员重设 — password expired\n", arg);
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
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "token") && strcmp(sub, "tokens") &&
	    strcmp(sub, "revoke") && strcmp(sub, "disable") && strcmp(sub, "enable") && strcmp(sub, "role") &&
	    strcmp(sub, "delete"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	if (!strcmp(sub, "role") && argc == 3 && !o.role) {
		o.role = argv[2];
		argc = 2;
	}
	if (argc != 2)
		return cmd_usage(self, !strcmp(sub, "revoke") ? "user revoke needs one TOKEN-ID" :
				 !strcmp(sub, "role") ? "user role needs NAME ROLE" : "user %s needs one NAME", sub);
	if (!strcmp(sub, "add") && !o.role)
		return cmd_usage(self, "user add needs --role admin|lead|reporter|viewer");
	if (!strcmp(sub, "token"))
		return user_token(ctx, argv[1], o.days);
	if (!strcmp(sub, "tokens"))
		return user_tokens(ctx, argv[1]);
	if (strcmp(sub, "add") && (strcmp(sub, "passwd") || o.expire))
		return user_change(ctx, sub, argv[1], &o);
	if ((rc = read_password(pw, sizeof(pw))))
		return rc;
	{
		struct ms_buf lp = MS_BUF_INIT;

		/* without the file (a bare binary) the built-in short list still applies */
		if (cmd_data_path(&lp, "common-passwords.txt") && auth_password_list_load(lp.buf, &err)) {
			ms_buf_release(&lp);
			return cmd_fail_err(&err);
		}
		ms_buf_release(&lp);
	}
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
	.name = "user", .fn = run_user,
	.summary = "用户与权限：添加、改密码、令牌、停用、角色 — users, passwords, tokens, lifecycle",
	.synopsis = "add NAME --role admin|lead|reporter|viewer [--org CODE]\n"
		    "passwd NAME [--expire]\n"
		    "token NAME [--days 90]\n"
		    "tokens NAME [--json]\n"
		    "revoke TOKEN-ID\n"
		    "disable NAME | enable NAME | delete NAME\n"
		    "role NAME admin|lead|reporter|viewer [--org CODE]\n"
		    "list [--json]",
	.description =
	"角色：admin 管理员（一切写入，锁定和重开报送轮次）；lead 牵头单位（--org 省直部门代码，\n"
	"审核、退回和分解本单位牵头的实事）；reporter 报送员（--org 设区市或县区代码，只报送本地区的数据和点位）；\n"
	"viewer 只读。密码至少8个字符（管理员至少10个），不得是常见密码（data/common-passwords.txt）或用户名；\n"
	"从终端输入两次（不回显），或从标准输入的第一行读取；\n"
	"以 argon2id 存储。user passwd 同时注销该用户的所有登录和令牌。\n"
	"user token 打印一个接口令牌（只显示一次，数据库只存其哈希），用法 Authorization: Bearer TOKEN。\n"
	"user tokens 列出该用户未过期的网页登录和接口令牌的编号；user revoke 编号 注销其中一个。\n"
	"user disable 停用账号，其登录和令牌立即失效；user enable 重新启用；user delete 删除账号（日志保留其名）。\n"
	"user role 改变角色（牵头单位、报送员须 --org），下一次请求即生效。user passwd --expire 使密码过期，\n"
	"须由管理员重设后才能登录。最后一个可用的管理员不能停用、删除或改为其他角色。以上操作均记入日志。\n",
	.options = user_options,
};
