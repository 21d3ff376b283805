/*
 * server.c - the HTTP front end on libmicrohttpd: a thread pool, one
 * read-only SQLite connection per worker (opened on first use), routes to
 * pages and the JSON API, security headers on every response, errors as
 * {"error":{"code","message"}}, graceful shutdown on SIGINT/SIGTERM.
 * Like the CLI it only parses, calls services and renders.
 */
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/json.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "report/bulletin.h"
#include "rules/calc.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_URL 2048

static const struct web_opts *g_opts;
static const struct params *g_params;

/* every worker's connection, closed at shutdown */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store **g_stores;
static size_t g_nstores;
static __thread struct store *t_store;

static struct store *worker_store(struct ms_err *err)
{
	if (t_store)
		return t_store;
	if (store_open(&t_store, g_opts->db, STORE_READ, err))
		return NULL;
	pthread_mutex_lock(&g_lock);
	g_stores = realloc(g_stores, (g_nstores + 1) * sizeof(*g_stores));
	if (!g_stores)
		abort();
	g_stores[g_nstores++] = t_store;
	pthread_mutex_unlock(&g_lock);
	return t_store;
}

struct reply {
	unsigned status;
	const char *type;
	struct ms_buf body;
	const char *allow;     /* for 405 */
	char disposition[96];  /* Content-Disposition for downloads, "" for none */
};

static void json_reply(struct reply *r, unsigned status, json_t *j)
{
	r->status = status;
	r->type = "application/json; charset=utf-8";
	ms_buf_reset(&r->body);
	ms_json_dump(&r->body, j, 1);
	json_decref(j);
}

static void error_reply(struct reply *r, unsigned status, const char *code, const char *msg)
{
	json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);

	/* a message quoting invalid UTF-8 from the request cannot be JSON: say less */
	if (!j)
		j = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
			      "the request holds text that is not valid UTF-8 (非法的 UTF-8 编码)");
	json_reply(r, status, j);
}

/* ---------- routes ---------- */

static int as_of_arg(struct MHD_Connection *c, ms_day *as_of, struct reply *r)
{
	const char *s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "as_of");
	struct ms_err err;

	*as_of = ms_date_of_time_cn(time(NULL));
	if (s && ms_date_parse(s, strlen(s), as_of, &err)) {
		ms_err_prefix(&err, "as_of");
		error_reply(r, 400, "bad_request", err.msg);
		return -1;
	}
	return 0;
}

static int progress_of(struct MHD_Connection *c, struct progress *p, struct reply *r)
{
	struct progress_opts po = { 0 };
	const char *item = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "item");
	struct ledger l;
	struct store *st;
	struct ms_err err;
	int rc;

	if (as_of_arg(c, &po.as_of, r))
		return -1;
	if (item) {
		char *end;
		long n = strtol(item, &end, 10);

		if (*end || n < 1 || n > 99) {
			error_reply(r, 400, "bad_request", "item: expected an item number 1-10");
			return -1;
		}
		po.item = n;
	}
	po.org = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "org");
	if (!(st = worker_store(&err))) {
		error_reply(r, 503, "unavailable", err.msg);
		return -1;
	}
	if (ledger_open(&l, st, NULL, "web", &err)) {
		error_reply(r, 500, "internal", err.msg);
		return -1;
	}
	rc = progress_compute(&l, &po, p, &err);
	ledger_close(&l);
	if (rc) {
		error_reply(r, 500, "internal", err.msg);
		return -1;
	}
	return 0;
}

static void route_status(struct MHD_Connection *c, struct reply *r)
{
	struct progress p;

	if (progress_of(c, &p, r))
		return;
	json_reply(r, 200, progress_json(&p));
	progress_free(&p);
}

static void route_overview(struct MHD_Connection *c, struct reply *r)
{
	struct progress p;

	if (progress_of(c, &p, r))
		return;
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	ms_buf_reset(&r->body);
	web_page_overview(&r->body, &p);
	progress_free(&p);
}

struct calc_args {
	const struct calc_def *d;
	struct calc_in in;
	struct ms_err err;
	int bad;
};

static enum MHD_Result take_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	struct calc_args *a = cls;
	int fi;

	(void)kind;
	if (a->bad)
		return MHD_NO;
	fi = calc_field_index(a->d, key);
	if (fi < 0) {
		ms_err_set(&a->err, "%.*s: not an input of %s (未知参数)",
			   ms_utf8_clip(key, strlen(key), 100), key, a->d->name);
		a->bad = 1;
		return MHD_NO;
	}
	if (calc_set(a->d, &a->in, fi, value ? value : "", value ? strlen(value) : 0, &a->err)) {
		a->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static void route_calc(struct MHD_Connection *c, const char *name, struct reply *r)
{
	struct calc_args a = { 0 };
	struct calc_ctx cx;
	struct calc_out out;
	json_t *trace, *doc;

	a.d = calc_find(name);
	if (!a.d) {
		error_reply(r, 404, "not_found", "no such calculator; use loan, dibao, disability or orphan");
		return;
	}
	a.d->init(&a.in);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_arg, &a);
	if (a.bad) {
		error_reply(r, 400, "bad_request", a.err.msg);
		return;
	}
	if (calc_ready(a.d, &a.in, &a.err)) {
		error_reply(r, 400, "bad_request", a.err.msg);
		return;
	}
	trace = json_array();
	calc_ctx_init(&cx, g_params, trace, &a.err);
	if (calc_run(a.d, &cx, &a.in, &out)) {
		json_decref(trace);
		error_reply(r, 422, "unprocessable", a.err.msg);
		return;
	}
	doc = json_object();
	json_object_set_new(doc, "calc", json_string(a.d->name));
	json_object_set_new(doc, "input", calc_in_json(a.d, &a.in));
	calc_out_json(a.d, &out, doc);
	json_object_set_new(doc, "trace", trace);
	json_reply(r, 200, doc);
}

static void route_params(struct reply *r)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < g_params->n; i++)
		for (j = 0; j < g_params->p[i].n; j++)
			json_array_append_new(arr, param_value_json(&g_params->p[i], &g_params->p[i].v[j]));
	json_reply(r, 200, arr);
}

static int demo_of(struct store *st)
{
	struct ms_buf v = MS_BUF_INIT;
	int demo = store_setting_get(st, "demo", &v, NULL) == 1 && !strcmp(v.buf, "1");

	ms_buf_release(&v);
	return demo;
}

static void html_reply(struct reply *r)
{
	r->status = 200;
	r->type = "text/html; charset=utf-8";
}

static void route_item(struct MHD_Connection *c, const char *no, struct reply *r)
{
	struct progress p;
	char *end;
	long n = strtol(no, &end, 10);

	if (*end || n < 1 || n > 99) {
		error_reply(r, 404, "not_found", "no such item (无此实事)");
		return;
	}
	if (progress_of(c, &p, r))
		return;
	ms_buf_reset(&r->body);
	if (web_page_item(&r->body, &p, n))
		error_reply(r, 404, "not_found", "no such item in the plan (计划中无此实事)");
	else
		html_reply(r);
	progress_free(&p);
}

static void route_source(struct reply *r)
{
	struct ms_buf id = MS_BUF_INIT, doc = MS_BUF_INIT, src = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	json_t *plan = NULL;
	const char *sha;

	if (!(st = worker_store(&err))) {
		error_reply(r, 503, "unavailable", err.msg);
		return;
	}
	if (store_plan_latest(st, &id, &err) != 1 || store_plan_doc(st, id.buf, &doc, &err) != 1 ||
	    !(plan = ms_json_load_bytes(doc.buf, doc.len, "plan", &err)) ||
	    !(sha = json_string_value(json_object_get(json_object_get(plan, "source"), "sha256"))) ||
	    store_source_get(st, sha, &src, &err) != 1) {
		error_reply(r, 500, "internal", "the plan or its notice is not in the database");
	} else {
		ms_buf_reset(&r->body);
		web_page_source(&r->body, plan, src.buf, src.len, demo_of(st));
		html_reply(r);
	}
	json_decref(plan);
	ms_buf_release(&id);
	ms_buf_release(&doc);
	ms_buf_release(&src);
}

struct form {
	const struct calc_def *d;
	const char *given[32];
	int any;
};

static enum MHD_Result take_form(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct form *f = cls;
	int fi = calc_field_index(f->d, key);

	(void)kind;
	if (fi >= 0 && fi < 32 && value && *value) {
		f->given[fi] = value;
		f->any = 1;
	}
	return MHD_YES;
}

static void route_calc_page(struct MHD_Connection *c, const char *name, struct reply *r)
{
	struct form f = { 0 };
	struct calc_in in;
	struct calc_out out;
	struct calc_ctx cx;
	struct ms_err err;
	struct store *st;
	json_t *trace = NULL;
	const char *error = NULL;
	int ok = 0, demo = 0;
	size_t i;

	f.d = calc_find(name);
	if (!f.d) {
		error_reply(r, 404, "not_found", "no such calculator (无此计算器)");
		return;
	}
	if ((st = worker_store(&err)))
		demo = demo_of(st);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_form, &f);
	if (f.any) {
		f.d->init(&in);
		for (i = 0; i < f.d->nfields && !error; i++)
			if (f.given[i] && calc_set(f.d, &in, (int)i, f.given[i], strlen(f.given[i]), &err))
				error = err.msg;
		if (!error && calc_ready(f.d, &in, &err))
			error = err.msg;
		if (!error) {
			trace = json_array();
			calc_ctx_init(&cx, g_params, trace, &err);
			if (calc_run(f.d, &cx, &in, &out))
				error = err.msg;
			else
				ok = 1;
		}
	}
	ms_buf_reset(&r->body);
	web_page_calc(&r->body, f.d, f.given, ok ? &out : NULL, trace, error, demo);
	html_reply(r);
	json_decref(trace);
}

static void route_bulletins(struct reply *r)
{
	struct ledger l;
	struct store *st;
	struct ms_err err;
	size_t k;

	if (!(st = worker_store(&err)) || ledger_open(&l, st, NULL, "web", &err)) {
		error_reply(r, 500, "internal", err.msg);
		return;
	}
	ms_buf_reset(&r->body);
	web_page_begin(&r->body, "通报", demo_of(st));
	ms_buf_adds(&r->body, "<p>每个报送节点一份进展通报，截至报送截止后第7天。</p>\n<table>"
		    "<tr><th>报送节点</th><th>下载</th></tr>\n");
	for (k = 0; k < l.nround; k++)
		ms_buf_addf(&r->body, "<tr><td>%s %s</td><td><a href=\"/bulletin/%s.html\">网页</a>　"
			    "<a href=\"/bulletin/%s.xlsx\">Excel（.xlsx）</a>　<a href=\"/bulletin/%s.csv\">台账 CSV</a>　"
			    "<a href=\"/bulletin/%s.md\">Markdown</a></td></tr>\n", l.round[k].due, l.round[k].label,
			    l.round[k].due, l.round[k].due, l.round[k].due, l.round[k].due);
	ms_buf_adds(&r->body, "</table>\n");
	web_page_end(&r->body);
	html_reply(r);
	ledger_close(&l);
}

static void route_bulletin(const char *file, struct reply *r)
{
	const struct ledger_round *rd;
	struct progress_opts po = { 0 };
	struct progress p;
	struct bulletin bl;
	struct ledger l;
	struct store *st;
	struct ms_err err;
	const char *dot = strrchr(file, '.');
	char due[16];

	if (!dot || (size_t)(dot - file) >= sizeof(due) ||
	    (strcmp(dot, ".html") && strcmp(dot, ".md") && strcmp(dot, ".csv") && strcmp(dot, ".xlsx"))) {
		error_reply(r, 404, "not_found", "bulletins are ROUND.html, .md, .csv or .xlsx");
		return;
	}
	memcpy(due, file, (size_t)(dot - file));
	due[dot - file] = '\0';
	if (!(st = worker_store(&err)) || ledger_open(&l, st, NULL, "web", &err)) {
		error_reply(r, 500, "internal", err.msg);
		return;
	}
	if (!(rd = ledger_round_find(&l, due, &err))) {
		error_reply(r, 404, "not_found", err.msg);
		ledger_close(&l);
		return;
	}
	po.as_of = rd->day + 7;
	if (progress_compute(&l, &po, &p, &err)) {
		error_reply(r, 500, "internal", err.msg);
		ledger_close(&l);
		return;
	}
	if (bulletin_build(&bl, st, &l, &p, rd->due, &err)) {
		error_reply(r, 500, "internal", err.msg);
	} else {
		ms_buf_reset(&r->body);
		r->status = 200;
		if (!strcmp(dot, ".html")) {
			bulletin_html(&bl, &r->body);
			r->type = "text/html; charset=utf-8";
		} else if (!strcmp(dot, ".md")) {
			bulletin_md(&bl, &r->body);
			r->type = "text/markdown; charset=utf-8";
		} else if (!strcmp(dot, ".csv")) {
			bulletin_csv(&bl, &r->body);
			r->type = "text/csv; charset=utf-8";
		} else {
			char path[] = "/tmp/minsheng-bulletin-XXXXXX";
			int fd = mkstemp(path);

			if (fd < 0 || bulletin_xlsx(&bl, path, &err) ||
			    ms_file_read(&r->body, path, (size_t)64 << 20, &err))
				error_reply(r, 500, "internal", fd < 0 ? "cannot make a temporary file" : err.msg);
			else
				r->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
			if (fd >= 0) {
				close(fd);
				unlink(path);
			}
		}
		snprintf(r->disposition, sizeof(r->disposition), "attachment; filename=\"bulletin-%s%s\"",
			 rd->due, dot);
		bulletin_free(&bl);
	}
	progress_free(&p);
	ledger_close(&l);
}

static void route(struct MHD_Connection *c, const char *url, struct reply *r)
{
	if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
		route_overview(c, r);
	else if (!strncmp(url, "/item/", 6))
		route_item(c, url + 6, r);
	else if (!strcmp(url, "/source"))
		route_source(r);
	else if (!strncmp(url, "/calc/", 6))
		route_calc_page(c, url + 6, r);
	else if (!strcmp(url, "/bulletins"))
		route_bulletins(r);
	else if (!strncmp(url, "/bulletin/", 10))
		route_bulletin(url + 10, r);
	else if (!strcmp(url, "/api/v1/status"))
		route_status(c, r);
	else if (!strncmp(url, "/api/v1/calc/", 13))
		route_calc(c, url + 13, r);
	else if (!strcmp(url, "/api/v1/params"))
		route_params(r);
	else if (!strcmp(url, "/api/v1/openapi.json") && g_opts->openapi) {
		r->status = 200;
		r->type = "application/json; charset=utf-8";
		ms_buf_reset(&r->body);
		ms_buf_adds(&r->body, g_opts->openapi);
	}
	else if (!strcmp(url, "/healthz"))
		json_reply(r, 200, json_pack("{s:s}", "status", "ok"));
	else
		error_reply(r, 404, "not_found", "no such page or endpoint (页面不存在)");
}

/* ---------- the connection handler ---------- */

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
				"frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	static int first;
	struct reply r = { 0, NULL, MS_BUF_INIT, NULL, "" };
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int head = !strcmp(method, "HEAD");

	(void)cls;
	(void)version;
	(void)upload;
	if (!*state) {
		*state = &first;
		if (strcmp(method, "GET") && !head) {
			/* nothing writes yet: refuse before reading any body */
			error_reply(&r, 405, "method_not_allowed", "only GET and HEAD so far (只读)");
			r.allow = "GET, HEAD";
			goto send;
		}
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;   /* a GET with a body: ignore the body */
		return MHD_YES;
	}
	if (strlen(url) > MAX_URL)
		error_reply(&r, 414, "uri_too_long", "the address is too long");
	else
		route(c, url, &r);
send:
	resp = MHD_create_response_from_buffer(head ? 0 : r.body.len, r.body.buf, MHD_RESPMEM_MUST_COPY);
	if (!resp) {
		ms_buf_release(&r.body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r.type ? r.type : "text/plain; charset=utf-8");
	if (r.allow)
		MHD_add_response_header(resp, "Allow", r.allow);
	if (r.disposition[0] && r.status == 200)
		MHD_add_response_header(resp, "Content-Disposition", r.disposition);
	add_security_headers(resp);
	ret = MHD_queue_response(c, r.status ? r.status : 500, resp);
	MHD_destroy_response(resp);
	ms_buf_release(&r.body);
	return ret;
}

/* ---------- serving ---------- */

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

int web_serve(const struct web_opts *o, const struct params *ps, struct ms_err *err)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct sigaction act;
	char host[64], url[128];
	const char *colon = strrchr(o->listen, ':');
	long port;
	char *end;
	sigset_t block, old;
	size_t i;

	if (!colon || (size_t)(colon - o->listen) >= sizeof(host))
		return ms_err_set(err, "--listen \"%s\": expected HOST:PORT, e.g. 127.0.0.1:8080", o->listen);
	memcpy(host, o->listen, (size_t)(colon - o->listen));
	host[colon - o->listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return ms_err_set(err, "--listen \"%s\": the port must be 0-65535", o->listen);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return ms_err_set(err, "--listen \"%s\": \"%s\" is not an IPv4 address", o->listen, host);
	{
		struct store *probe;

		if (store_open(&probe, o->db, STORE_READ, err))
			return -1;
		store_close(probe);
	}
	g_opts = o;
	g_params = ps;
	g_stop = 0;
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the workers inherit a mask with SIGINT/SIGTERM blocked, so only sigsuspend below takes them */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
			     0, NULL, NULL, handle, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 4),
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)64,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return ms_err_set(err, "cannot listen on %s: %s", o->listen, strerror(errno));
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(url, sizeof(url), "http://%s:%u/", host, info ? (unsigned)info->port : (unsigned)port);
	if (o->ready)
		o->ready(url, o->arg);
	while (!g_stop)
		sigsuspend(&old);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	MHD_stop_daemon(d);
	for (i = 0; i < g_nstores; i++)
		store_close(g_stores[i]);
	free(g_stores);
	g_stores = NULL;
	g_nstores = 0;
	return 0;
}
