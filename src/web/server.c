/*
 * server.c - libmicrohttpd in front of routes.c: a thread pool, one SQLite
 * connection per worker (opened on first use; WAL lets readers and the one
 * writer go on together), request bodies read up to WEB_MAX_BODY (413
 * beyond), each request turned into a struct web_req, security headers on
 * every response, graceful shutdown on SIGINT/SIGTERM.
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
#include <strings.h>
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

/* every worker's connection, closed at shutdown */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store **g_stores;
static size_t g_nstores;
static __thread struct store *t_store;

static struct store *worker_store(struct ms_err *err)
{
	if (t_store)
		return t_store;
	if (store_open(&t_store, g_opts->db, STORE_WRITE, err))
		return NULL;
	pthread_mutex_lock(&g_lock);
	g_stores = realloc(g_stores, (g_nstores + 1) * sizeof(*g_stores));
	if (!g_stores)
		abort();
	g_stores[g_nstores++] = t_store;
	pthread_mutex_unlock(&g_lock);
	return t_store;
}

static struct store *app_store(void *arg, struct ms_err *err)
{
	(void)arg;
	return worker_store(err);
}

static struct web_app g_app;

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

/* What one request carries between the handler's calls. */
struct conn {
	struct ms_buf body;
	int too_big;
};

static enum MHD_Result take_header(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct web_req *rq = cls;

	(void)kind;
	if (!strcasecmp(key, "Cookie"))
		rq->cookie = value;
	else if (!strcasecmp(key, "Authorization"))
		rq->authorization = value;
	else if (!strcasecmp(key, "X-CSRF-Token"))
		rq->csrf_header = value;
	else if (!strcasecmp(key, "Accept"))
		rq->accept_html = value && strstr(value, "text/html") != NULL;
	return MHD_YES;
}

struct take_args { struct web_fields *f; struct ms_err *err; int bad; };

static enum MHD_Result take_query(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct take_args *a = cls;

	(void)kind;
	if (web_field_add(a->f, key, strlen(key), value ? value : "", value ? strlen(value) : 0, a->err)) {
		a->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Fills the request's fields from the query and the body; -1 with the status in *status. */
static int read_request(struct MHD_Connection *c, struct conn *cn, struct web_req *rq, unsigned *status,
			struct ms_err *err)
{
	struct take_args a = { &rq->query, err, 0 };
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");

	MHD_get_connection_values(c, MHD_HEADER_KIND, take_header, rq);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_query, &a);
	*status = 400;
	if (a.bad)
		return ms_err_prefix(err, "query");
	if (!cn->body.len)
		return 0;
	if (rq->method != WEB_POST)
		return 0;    /* a body on a GET: ignored */
	if (type && !strncasecmp(type, "application/x-www-form-urlencoded", 33))
		return web_form_parse(&rq->body, cn->body.buf, cn->body.len, err);
	if (type && !strncasecmp(type, "application/json", 16)) {
		rq->body_json = 1;
		return web_json_parse(&rq->body, cn->body.buf, cn->body.len, err);
	}
	if (type && !strncasecmp(type, "text/csv", 8)) {
		rq->csv = cn->body.buf;
		rq->csv_len = cn->body.len;
		return 0;
	}
	*status = 415;
	return ms_err_set(err, "Content-Type: send application/x-www-form-urlencoded, application/json "
			  "or (to simulate) text/csv");
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct web_reply *r, int head)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(head ? 0 : r->body.len, r->body.buf, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "text/plain; charset=utf-8");
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->disposition[0] && r->status == 200)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	add_security_headers(resp);
	ret = MHD_queue_response(c, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A reply that needs no route: too big, too long, a method nobody takes. */
static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const char *code,
			      const char *msg, const char *allow)
{
	struct web_reply r;
	json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
	enum MHD_Result ret;

	memset(&r, 0, sizeof(r));
	ms_buf_init(&r.body, 256);
	ms_json_dump(&r.body, j, 1);
	json_decref(j);
	r.status = status;
	r.type = "application/json; charset=utf-8";
	r.allow = allow;
	ret = send_reply(c, &r, 0);
	ms_buf_release(&r.body);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	struct conn *cn = *state;
	struct web_req rq;
	struct web_reply r;
	struct ms_err err;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "";
	enum MHD_Result ret;
	unsigned status;

	(void)cls;
	(void)version;
	if (!cn) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");

		if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
			return refuse(c, 405, "method_not_allowed", "GET, HEAD and POST only", "GET, HEAD, POST");
		if (len && strtoull(len, NULL, 10) > WEB_MAX_BODY)
			return refuse(c, 413, "payload_too_large", "the request body is larger than 1 MiB (请求体过大)", NULL);
		cn = calloc(1, sizeof(*cn));
		if (!cn)
			return MHD_NO;
		ms_buf_init(&cn->body, 0);
		*state = cn;
		return MHD_YES;
	}
	if (*upload_size) {
		if (cn->body.len + *upload_size > WEB_MAX_BODY)
			cn->too_big = 1;
		else
			ms_buf_add(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->too_big)
		return refuse(c, 413, "payload_too_large", "the request body is larger than 1 MiB (请求体过大)", NULL);
	if (strlen(url) > MAX_URL)
		return refuse(c, 414, "uri_too_long", "the address is too long", NULL);
	memset(&rq, 0, sizeof(rq));
	memset(&r, 0, sizeof(r));
	ms_buf_init(&r.body, 0);
	rq.method = !strcmp(method, "GET") ? WEB_GET : !strcmp(method, "HEAD") ? WEB_HEAD : WEB_POST;
	rq.path = url;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof(addr));
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof(addr));
	}
	rq.addr = addr;
	if (read_request(c, cn, &rq, &status, &err)) {
		web_fields_free(&rq.query);
		web_fields_free(&rq.body);
		if (!ms_utf8_valid(err.msg, strlen(err.msg), NULL))
			snprintf(err.msg, sizeof(err.msg), "%s", "the request holds text that is not valid UTF-8");
		return refuse(c, status, status == 415 ? "unsupported_media_type" : "bad_request", err.msg, NULL);
	}
	web_handle(&g_app, &rq, &r);
	ret = send_reply(c, &r, rq.method == WEB_HEAD);
	web_fields_free(&rq.query);
	web_fields_free(&rq.body);
	ms_buf_release(&r.body);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *state;

	(void)cls;
	(void)c;
	(void)toe;
	if (cn) {
		ms_buf_release(&cn->body);
		free(cn);
		*state = NULL;
	}
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

		/* opened for writing once here, so an older file is migrated before the workers start */
		if (auth_init(err) || store_open(&probe, o->db, STORE_WRITE, err))
			return -1;
		store_close(probe);
	}
	g_opts = o;
	g_app.params = ps;
	g_app.openapi = o->openapi;
	g_app.store = app_store;
	g_app.arg = NULL;
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
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
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
