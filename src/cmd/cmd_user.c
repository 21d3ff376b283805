/*
 * cmd_user.c - people and rounds from the command line: user add, passwd,
 * list, token; round lock, reopen, list.
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
#include "ledger/ledger.h"
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

int cmd_user(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--role", "--org", "--days", NULL };
	const struct cmd *self = cmd_find("user");
	const char *sub = argc > 1 ? argv[1] : NULL;
	struct cmd_opts o;
	struct store *st = NULL;
	struct ms_err err;
	char pw[1100], token[AUTH_TOKEN_HEX + 1];
	int rc;

	if (!sub)
		return cmd_usage(self, "user needs a subcommand");
	if (cmd_is_help(sub))
		return cmd_help_of(self);
	if ((rc = cmd_scan(self, argc, argv, 2, valued, NULL, &o)))
		return rc;
	if (!strcmp(sub, "list")) {
		static const char *const head[] = { "用户", "角色", "单位", "创建时间 (UTC)" };
		struct ulist a;

		if (o.npos)
			return cmd_usage(self, "user list takes no arguments");
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
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "token"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	if (o.npos != 1)
		return cmd_usage(self, "user %s needs one NAME", sub);
	if (!strcmp(sub, "add") && !cmd_opt(&o, "--role"))
		return cmd_usage(self, "user add needs --role admin|lead|reporter|viewer");
	if (!strcmp(sub, "token")) {
		const char *d = cmd_opt(&o, "--days");
		char *end;
		long days = d ? strtol(d, &end, 10) : 90;

		if (d && (*end || !*d || days < 1 || days > 3660))
			return cmd_usage(self, "--days \"%s\": expected 1 to 3660", d);
		if ((rc = open_write(ctx, &st)))
			return rc;
		if (auth_token_new(st, o.pos[0], (int)days, ctx->actor, token, &err)) {
			store_close(st);
			return cmd_fail_err(&err);
		}
		store_close(st);
		printf("%s\n", token);
		fprintf(stderr, "minsheng: %s 的接口令牌，%ld 天内有效；只显示这一次。"
			"使用：Authorization: Bearer TOKEN\n", o.pos[0], days);
		return EXIT_OK;
	}
	if ((rc = read_password(pw, sizeof(pw))))
		return rc;
	if ((rc = open_write(ctx, &st)))
		return rc;
	if (!strcmp(sub, "add"))
		rc = auth_user_add(st, o.pos[0], pw, cmd_opt(&o, "--role"), cmd_opt(&o, "--org"),
				   ctx->actor, &err);
	else
		rc = auth_user_passwd(st, o.pos[0], pw, ctx->actor, &err);
	memset(pw, 0, sizeof(pw));
	store_close(st);
	if (rc)
		return cmd_fail_err(&err);
	printf(!strcmp(sub, "add") ? "已添加用户 %s — user added\n" :
	       "已修改 %s 的密码，原有登录已失效 — password changed, sessions ended\n", o.pos[0]);
	return EXIT_OK;
}

int cmd_round(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("round");
	const char *sub = argc > 1 ? argv[1] : NULL;
	struct ledger l;
	struct store *st;
	struct ms_err err;
	int lock, rc = EXIT_OK;

	if (!sub)
		return cmd_usage(self, "round needs a subcommand");
	if (cmd_is_help(sub))
		return cmd_help_of(self);
	if (strcmp(sub, "lock") && strcmp(sub, "reopen") && strcmp(sub, "list"))
		return cmd_usage(self, "unknown subcommand '%s'", sub);
	lock = !strcmp(sub, "lock");
	if (strcmp(sub, "list") ? argc != 3 : argc != 2)
		return cmd_usage(self, strcmp(sub, "list") ? "round %s needs one DATE" : "round list takes no arguments", sub);
	if (store_open(&st, ctx->db, strcmp(sub, "list") ? STORE_WRITE : STORE_READ, &err) ||
	    ledger_open(&l, st, NULL, ctx->actor, &err)) {
		store_close(st);
		return cmd_fail_err(&err);
	}
	if (!strcmp(sub, "list")) {
		static const char *const head[] = { "报送节点", "名称", "状态" };
		struct ms_buf by = MS_BUF_INIT;
		struct ms_table *t;
		json_t *arr;
		size_t k;

		cmd_list_start(ctx->json, &arr, &t, head, 3, -1);
		for (k = 0; k < l.nround && rc == EXIT_OK; k++) {
			int x = store_round_locked(st, l.plan, l.round[k].due, &by, &err);

			if (x < 0) {
				rc = cmd_fail_err(&err);
			} else if (arr) {
				json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:s}", "due", l.round[k].due,
								     "label", l.round[k].label, "locked", x,
								     "locked_by", x ? by.buf : ""));
			} else {
				ms_table_add(t, l.round[k].due);
				ms_table_add(t, l.round[k].label);
				ms_table_addf(t, x ? "已锁定（%s）" : "开放", by.buf);
			}
		}
		ms_buf_release(&by);
		if (rc == EXIT_OK)
			rc = cmd_list_finish(arr, t, "");
		else {
			json_decref(arr);
			ms_table_free(t);
		}
	} else if (ledger_round_lock(&l, argv[2], lock, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		printf(lock ? "已锁定报送节点 %s — round locked\n" : "已重新开放报送节点 %s — round reopened\n",
		       argv[2]);
	}
	ledger_close(&l);
	store_close(st);
	return rc;
}
