/*
 * cmd_serve.c - `minsheng serve`: the web pages and the JSON API (web/),
 * with the demo accounts shown at start on a demonstration database.
 */
#include "cmd.h"

#include <string.h>

#include "auth/auth.h"
#include "core/json.h"
#include "rules/params.h"
#include "store/store.h"
#include "web/map.h"
#include "web/web.h"
#include "core/banned.h"

static int print_account(const struct store_user *u, void *arg)
{
	struct store_org_row o;

	printf("  %-10s %s", u->name, auth_role_label(auth_role_parse(u->role)));
	if (u->org[0] && store_org_get(arg, u->org, &o, NULL) == 1)
		printf("（%s）", o.name);
	printf("\n");
	return 0;
}

/* Says where to go and, on a demonstration database, who to log in as. */
static void serve_ready(const char *url, void *arg)
{
	const char *db = arg;
	struct store *st;
	struct ms_buf v = MS_BUF_INIT;

	printf("minsheng: 正在服务 %s （Ctrl-C 停止） serving %s\n", url, url);
	if (!store_open(&st, db, STORE_READ, NULL)) {
		if (store_setting_get(st, "demo", &v, NULL) == 1 && !strcmp(v.buf, "1")) {
			printf("演示账号（密码均为 %s，仅供演示）demo accounts, password %s:\n",
			       AUTH_DEMO_PASSWORD, AUTH_DEMO_PASSWORD);
			store_user_each(st, print_account, st, NULL);
			printf("登录 log in: %slogin\n", url);
		}
		store_close(st);
	}
	ms_buf_release(&v);
	fflush(stdout);
}

struct serve_opts {
	const char *listen, *params, *trusted;
	long threads, deadline, max_conn, max_addr;
};

static const struct cmd_option serve_options[] = {
	OPT_STRING(0, "listen", struct serve_opts, listen, "ADDR:PORT",
		   "监听地址（默认 127.0.0.1:8080；端口 0 自动选择并打印） where to listen"),
	OPT_INT(0, "threads", struct serve_opts, threads, "N",
		"线程数，默认 CPU 核数（至少 2） worker threads (default: the CPUs, at least 2)", 1, 64),
	OPT_STRING(0, "params", struct serve_opts, params, "FILE",
		   "计算器的参数文件（默认 data/params/jiangxi.json） the parameter file"),
	OPT_STRING(0, "trusted-proxy", struct serve_opts, trusted, "ADDR[,ADDR]",
		   "可信反向代理的地址：只信它们的 X-Forwarded-For/-Proto the reverse proxies to trust"),
	OPT_INT(0, "request-deadline", struct serve_opts, deadline, "SECONDS",
		"一个请求的头和体须在此时间内收完（默认 10） the deadline for a request's head and body", 1, 3600),
	OPT_INT(0, "max-connections", struct serve_opts, max_conn, "N", "连接总数上限（默认 768） connections in all",
		16, 100000),
	OPT_INT(0, "max-per-address", struct serve_opts, max_addr, "N",
		"每个来源地址的连接上限（默认 32；可信代理不限） connections per address", 1, 100000),
	OPT_END(),
};

/*
 * The county boundaries of the 民生地图 (data/map/jiangxi-counties.tsv) into m:
 * 1 when loaded; 0 when absent (the map page then says so); -1 after printing
 * why a file that is there cannot be read.
 */
static int serve_map(struct web_map *m)
{
	struct ms_buf path = MS_BUF_INIT, text = MS_BUF_INIT;
	struct ms_err err;
	int rc = 0;

	if (cmd_data_path(&path, "map/jiangxi-counties.tsv")) {
		if (ms_file_read(&text, path.buf, (size_t)4 << 20, &err) || web_map_parse(m, text.buf, text.len, &err)) {
			ms_err_prefix(&err, "%s", path.buf);
			rc = cmd_fail_err(&err);
		} else {
			rc = 1;
		}
	}
	ms_buf_release(&path);
	ms_buf_release(&text);
	return rc;
}

/* Serves until a signal; the parameters, docs/openapi.json (beside data/) and the map are read first. */
static int serve(struct web_opts *wo, const char *params)
{
	struct ms_buf path = MS_BUF_INIT, doc = MS_BUF_INIT;
	struct web_map map;
	struct params ps;
	struct ms_err err;
	int rc, has_map = 0;

	if (cmd_data_path(&path, "../docs/openapi.json") &&
	    !ms_file_read(&doc, path.buf, (size_t)1 << 20, &err))
		wo->openapi = doc.buf;
	if ((has_map = serve_map(&map)) < 0) {
		rc = 1;
		goto out;
	}
	wo->map = has_map ? &map : NULL;
	if ((rc = cmd_load_params(&ps, params, NULL, 0)))
		goto out;
	if (web_serve(wo, &ps, &err))
		rc = cmd_fail_err(&err);
	else
		fprintf(stderr, "minsheng: 已停止服务 stopped\n");
	params_release(&ps);
out:
	if (has_map > 0)
		web_map_free(&map);
	ms_buf_release(&path);
	ms_buf_release(&doc);
	return rc;
}

static int run_serve(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_serve_def;
	struct serve_opts so = { .listen = "127.0.0.1:8080" };
	struct web_opts wo = { 0 };
	int rc;

	if (cmd_parse(self, &argc, argv, &so, &rc))
		return rc;
	if (argc)
		return cmd_usage(self, "多余的参数 '%s' (unexpected argument)", argv[0]);
	wo.db = ctx->db;
	wo.listen = so.listen;
	wo.threads = (unsigned)so.threads;
	wo.guard.trusted = so.trusted;
	wo.guard.deadline = (unsigned)so.deadline;
	wo.guard.max_connections = (unsigned)so.max_conn;
	wo.guard.max_per_address = (unsigned)so.max_addr;
	wo.ready = serve_ready;
	wo.arg = (void *)ctx->db;
	return serve(&wo, so.params);
}

const struct cmd cmd_serve_def = {
	.name = "serve", .fn = run_serve, .summary = "网页与数据接口 — serve the dashboard and the JSON API",
	.synopsis = "[--listen 127.0.0.1:8080] [--threads N] [--params FILE] [--db PATH]\n"
		    "[--trusted-proxy ADDR[,ADDR]] [--request-deadline 10] [--max-connections 768]\n"
		    "[--max-per-address 32]",
	.description =
	"启动网页服务（libmicrohttpd，线程池，每个线程一个数据库连接），Ctrl-C 或 SIGTERM 平稳停止。\n"
	"公开（无需登录）：\n"
	"  /                      总览：各件实事的完成率、时序进度、红黄绿状态、报送情况\n"
	"  /item/N                实事详情：各指标分地区的目标、完成、进度和报送\n"
	"  /source                原文：通知全文，引文高亮并与指标互相链接；待核实事项\n"
	"  /calc/KIND             政策计算器：表单、结果和每一步的依据\n"
	"  /bulletins             通报：各报送节点的 网页/Excel/CSV/Markdown 下载\n"
	"须登录（/login；账号见 minsheng user）：\n"
	"  /report                报送：本地区各指标的表单（报送员；管理员可加 ?org=CODE）\n"
	"  /review                审核：通过或退回已报送的数据（牵头单位、管理员）；管理员锁定/重开轮次\n"
	"  /journal               台账日志：谁在何时改了什么，可筛选\n"
	"数据接口 /api/v1/（说明见 /api/v1/openapi.json）：status、plan、items、indicators、orgs、\n"
	"assignments、reports、sites、rounds、bulletins、params、calc/KIND 可读；写入（POST reports、reviews、\n"
	"assignments、sites、rounds/DATE/lock|reopen）须 Authorization: Bearer TOKEN（minsheng user token）\n"
	"或登录后的会话加 X-CSRF-Token。请求体上限 1 MiB。\n"
	"--listen 的端口为 0 时自动选择空闲端口并打印。\n"
	"防慢速客户端：一个请求的头和体须在 --request-deadline 秒内收完，否则断开；连接总数和每个地址的连接数\n"
	"有上限。放在反向代理（TLS）之后时用 --trusted-proxy 指明代理地址：只有来自它的 X-Forwarded-For\n"
	"（客户端地址，用于登录限速）和 X-Forwarded-Proto: https（Cookie 加 Secure）才被采信，且它不受\n"
	"每地址上限。见 docs/DEPLOY.md。\n",
	.options = serve_options,
};
