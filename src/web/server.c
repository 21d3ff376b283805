/*
 * server.c - libmicrohttpd in front of routes.c: a thread pool, one SQLite
 * connection per worker (opened on first use; WAL lets readers and the one
 * writer go on together), request bodies read up to WEB_MAX_BODY (413
 * beyond), each request turned into a struct web_req, security headers on
 * every response, graceful shutdown on SIGINT/SIGTERM; and per worker a
 * small cache of anonymous GET answers, kept while the database is unchanged.
 */
#include "web.h"
#include "guard.h"
#include "listen.h"

#include <arpa/inet.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "ledger/progress_data.h"
#include "report/bulletin.h"
#include "rules/calc.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

#define MAX_URL 2048
#define IDLE_BACKSTOP 120   /* seconds without progress before libmicrohttpd closes a connection */

static const struct web_opts *g_opts;

/* ---------- the answer cache ---------- */

/*
 * Each worker keeps the answers it gave to anonymous GET and HEAD requests
 * (no Authorization header, no ms_session cookie) that were 200 and set no
 * cookie, and gives them again, byte for byte, while nothing they depend on
 * has changed:
 *
 *  - the request as routes.c sees it: the decoded path, the query fields in
 *    order, whether Accept names text/html, the Cookie and X-CSRF-Token
 *    headers (absent for most anonymous clients). GET and HEAD share an
 *    entry (web_handle answers HEAD as GET). The peer's address is left out:
 *    only POST /login reads it;
 *  - the database: store_data_version() is read before the answer is made
 *    and again after; the answer is kept only when the two agree, and every
 *    entry is dropped as soon as the version moves (another connection's
 *    commit or this one's own write), so a write is seen by the next request;
 *  - today in China: pages and the status default to as_of = today and show
 *    days to the next round; the entries are dropped when the day turns.
 *
 * Workbooks (.xlsx) are never kept: their zip carries the time they were
 * written, so no two are the same bytes anyway. At most CACHE_ENTRIES
 * answers and CACHE_MAX_BYTES per worker, least recently used out first;
 * one worker's cache is touched only by its own thread, so no locks.
 */
#define CACHE_ENTRIES 64
#define CACHE_MAX_BYTES ((size_t)8 << 20)   /* bodies and keys, per worker */
#define CACHE_MAX_BODY ((size_t)1 << 20)    /* a bigger answer is not kept */
#define CACHE_MAX_KEY ((size_t)16 << 10)    /* nor the answer to a longer request */
#define CACHE_SESSION_COOKIE "ms_session"   /* routes.c's SESSION_COOKIE */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct cache_entry {
	uint64_t hash;
	char *key;                   /* cache_key() of the request */
	size_t klen;
	struct MHD_Response *resp;   /* the GET answer, headers and body; one reference held here */
	char *type;                  /* its Content-Type and */
	char *disposition;           /* Content-Disposition ("" none), to answer HEAD */
	size_t size;                 /* counted against CACHE_MAX_BYTES */
	uint64_t used;               /* the cache's clock when last given, for LRU */
};

struct cache {
	int64_t version;             /* store_data_version() the entries were made at */
	ms_day day;                  /* and the day in China */
	struct cache_entry e[CACHE_ENTRIES];
	size_t n, bytes;
	uint64_t clock;
	struct ms_buf key;           /* the key of the request in hand */
};

static void cache_entry_release(struct cache_entry *e)
{
	MHD_destroy_response(e->resp);
	free(e->key);
	free(e->type);
	free(e->disposition);
}

static void cache_clear(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		cache_entry_release(&c->e[i]);
	c->n = 0;
	c->bytes = 0;
}

static void cache_release(struct cache *c)
{
	cache_clear(c);
	ms_buf_release(&c->key);
}

/* Drops every entry when the database or the day is not what they were made at. */
static void cache_sync(struct cache *c, int64_t version, ms_day day)
{
	if (c->version == version && c->day == day)
		return;
	cache_clear(c);
	c->version = version;
	c->day = day;
}

/* One part of a key, its length first (SIZE_MAX: absent), so that no two requests share a key. */
static int key_part(struct ms_buf *k, const char *s)
{
	size_t n = s ? strlen(s) : SIZE_MAX;

	if (ms_buf_add(k, &n, sizeof(n)))
		return -1;
	return s ? ms_buf_add(k, s, n) : 0;
}

/* The key of rq into c->key, with its hash; -1 when too long to keep. */
static int cache_key(struct cache *c, const struct web_req *rq, uint64_t *hash)
{
	struct ms_buf *k = &c->key;
	uint64_t h = 14695981039346656037u;     /* FNV-1a */
	size_t i;

	ms_buf_reset(k);
	if (ms_buf_addch(k, rq->accept_html ? 'H' : '-') || key_part(k, rq->path) ||
	    key_part(k, rq->cookie) || key_part(k, rq->csrf_header))
		return -1;
	for (i = 0; i < rq->query.n; i++)
		if (key_part(k, rq->query.v[i].key) || key_part(k, rq->query.v[i].val))
			return -1;
	for (i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->buf[i]) * 1099511628211u;
	*hash = h;
	return 0;
}

static struct cache_entry *cache_find(struct cache *c, uint64_t hash)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct cache_entry *e = &c->e[i];

		if (e->hash == hash && e->klen == c->key.len && !memcmp(e->key, c->key.buf, e->klen)) {
			e->used = ++c->clock;
			return e;
		}
	}
	return NULL;
}

/* Keeps resp (takes the caller's reference) under the key in hand; room is made by LRU. */
static void cache_put(struct cache *c, uint64_t hash, struct MHD_Response *resp, const struct web_reply *r,
		      size_t body_len)
{
	struct cache_entry *e;
	size_t size = body_len + c->key.len, i, old;

	while (c->n && (c->n == CACHE_ENTRIES || c->bytes + size > CACHE_MAX_BYTES)) {
		for (old = 0, i = 1; i < c->n; i++)
			if (c->e[i].used < c->e[old].used)
				old = i;
		c->bytes -= c->e[old].size;
		cache_entry_release(&c->e[old]);
		c->e[old] = c->e[--c->n];
	}
	e = &c->e[c->n++];
	e->hash = hash;
	e->klen = c->key.len;
	e->key = malloc(e->klen ? e->klen : 1);
	e->type = strdup(r->type ? r->type : "text/plain; charset=utf-8");
	e->disposition = strdup(r->disposition);
	if (!e->key || !e->type || !e->disposition)
		abort();
	memcpy(e->key, c->key.buf, e->klen);
	e->resp = resp;
	e->size = size;
	e->used = ++c->clock;
	c->bytes += size;
}

/* An anonymous read: GET or HEAD with neither a bearer token nor a session cookie. */
static int cache_may_take(const struct web_req *rq)
{
	return (rq->method == WEB_GET || rq->method == WEB_HEAD) && !rq->authorization &&
	       !(rq->cookie && strstr(rq->cookie, CACHE_SESSION_COOKIE));
}

/* An answer that may be given again: 200, no cookie, not a workbook, not too big. */
static int cache_may_keep(const struct web_reply *r)
{
	return r->status == 200 && !r->cookie[0] && !r->location[0] && !r->allow && !r->sandbox &&
	       r->body.len <= CACHE_MAX_BODY && !(r->type && !strcmp(r->type, XLSX_TYPE));
}

/* ---------- the workers ---------- */

/* What each worker thread keeps: its database connection and its answers. */
struct worker {
	struct store *st;
	struct cache cache;
};

/* every worker's, released at shutdown */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker **g_workers;
static size_t g_nworkers;
static __thread struct worker *t_worker;

static struct worker *worker_get(struct ms_err *err)
{
	struct worker *w = t_worker;

	if (w)
		return w;
	if (!(w = calloc(1, sizeof(*w))))
		abort();
	/* checkpoints are the checkpointer's below, not the committing request's */
	if (store_open(&w->st, g_opts->db, STORE_WRITE, err) || store_serving(w->st, err)) {
		store_close(w->st);
		free(w);
		return NULL;
	}
	ms_buf_init(&w->cache.key, CACHE_MAX_KEY);
	w->cache.version = -1;
	pthread_mutex_lock(&g_lock);
	g_workers = realloc(g_workers, (g_nworkers + 1) * sizeof(*g_workers));
	if (!g_workers)
		abort();
	g_workers[g_nworkers++] = w;
	pthread_mutex_unlock(&g_lock);
	t_worker = w;
	return w;
}

/*
 * The checkpointer: a thread with its own connection that runs a PASSIVE
 * checkpoint every CHECKPOINT_MS (copying the WAL's committed pages into the
 * database, waiting for nobody), so that no request pays for one. It also
 * bounds what synchronous = NORMAL may lose to a power cut: the WAL is
 * synced to disk at each checkpoint.
 */
#define CHECKPOINT_MS 200

static volatile sig_atomic_t g_ckpt_stop;
static pthread_t g_ckpt;
static int g_ckpt_on;

static void *checkpointer(void *arg)
{
	struct store *st = arg;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct ms_err err;
	int n = 0;

	while (!g_ckpt_stop) {
		nanosleep(&tick, NULL);
		if (++n * 10 < CHECKPOINT_MS)
			continue;
		n = 0;
		if (store_checkpoint(st, &err))
			fprintf(stderr, "checkpoint: %s\n", err.msg);
	}
	store_checkpoint(st, &err);
	store_close(st);
	return NULL;
}

static int checkpointer_start(struct ms_err *err)
{
	struct store *st = NULL;

	if (store_open(&st, g_opts->db, STORE_WRITE, err) || store_serving(st, err)) {
		store_close(st);
		return -1;
	}
	g_ckpt_stop = 0;
	if (pthread_create(&g_ckpt, NULL, checkpointer, st)) {
		store_close(st);
		return ms_err_set(err, "cannot start the checkpoint thread: %s", strerror(errno));
	}
	g_ckpt_on = 1;
	return 0;
}

static void checkpointer_stop(void)
{
	if (!g_ckpt_on)
		return;
	g_ckpt_stop = 1;
	pthread_join(g_ckpt, NULL);
	g_ckpt_on = 0;
}

static struct store *app_store(void *arg, struct ms_err *err)
{
	struct worker *w = worker_get(err);

	(void)arg;
	return w ? w->st : NULL;
}

static struct web_app g_app;

/* ---------- the connection handler ---------- */

static void add_security_headers(struct MHD_Response *resp, int sandbox)
{
	MHD_add_response_header(resp, "Content-Security-Policy", sandbox ?
				"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; sandbox" :
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
	size_t max_body;        /* WEB_MAX_BODY, or WEB_MAX_UPLOAD on a route that takes files */
	int too_big;
	int started;            /* the handler's first call has been made */
	unsigned query_refused; /* 414 (too long) or 400 (too many fields), 0 when the query is fine */
};

/*
 * The query string's caps. libmicrohttpd keeps one record of about 60 bytes
 * per query field in the connection's memory pool, parsed before any
 * callback of ours can refuse; past the pool it cannot even answer (the
 * socket is held until the timeout). So the raw request line is seen first
 * (uri_seen) and a query over the caps is blanked there, its fields never
 * parsed, and the request answered 414 or 400. The pool is sized for the
 * caps: the request line, WEB_MAX_QUERY_FIELDS records and the headers.
 */
#define MAX_QUERY 4096
/*
 * No bigger than that: libmicrohttpd (0.9.7x) zeroes a connection's whole
 * pool before each request that follows on it, so every keep-alive request
 * wrote 64 KiB of zeros through the cache when the pool was 64 KiB. 32 KiB,
 * with 16 KiB for the headers (nginx's default is 8 KiB a line): under the
 * mixed load at 200 clients, 6 pairs, median 9,995 → 10,628 req/s and p99
 * 38.9 → 35.0 ms (bench/README.md).
 */
#define MAX_HEADERS (16 * 1024)
#define POOL_SIZE ((size_t)(32 * 1024))
_Static_assert(MAX_URL + MAX_QUERY + WEB_MAX_QUERY_FIELDS * 64 + MAX_HEADERS <= POOL_SIZE,
	       "the connection pool holds the longest request line, its fields and the headers");

static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *cn = calloc(1, sizeof(*cn));
	char *q = strchr(uri, '?');
	size_t fields = 0, len;

	(void)cls;
	(void)c;
	if (!cn)
		return NULL;
	ms_buf_init(&cn->body, 0);
	if (!q)
		return cn;
	len = strlen(q + 1);
	for (const char *p = q; *p; p++)
		fields += *p == '&';
	if (len > MAX_QUERY)
		cn->query_refused = 414;
	else if (fields + 1 > WEB_MAX_QUERY_FIELDS)
		cn->query_refused = 400;
	/* the buffer is the connection's own and writable: blank the query so it is never parsed */
	if (cn->query_refused)
		memset(q, '\0', len + 1);
	return cn;
}

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

/* A Content-Type that is a file's own: an image, a PDF, an Office workbook or document. */
static int is_file_type(const char *type)
{
	static const char *const kinds[] = { "image/", "application/pdf", "application/vnd.openxmlformats-",
					     "application/zip" };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncasecmp(type, kinds[i], strlen(kinds[i])))
			return 1;
	return 0;
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
	rq->content_type = type;
	if (type && !strncasecmp(type, "multipart/form-data", 19))
		return web_multipart_parse(&rq->body, &rq->files, type, cn->body.buf, cn->body.len, err);
	if (type && is_file_type(type)) {
		struct web_file *f = &rq->files.v[rq->files.n++];

		f->field = ms_strdup("file");
		f->name = ms_strdup("");
		f->type = ms_strdup(type);
		f->data = cn->body.buf;
		f->len = cn->body.len;
		return 0;
	}
	if (type && !strncasecmp(type, "text/csv", 8)) {
		rq->csv = cn->body.buf;
		rq->csv_len = cn->body.len;
		return 0;
	}
	/* a notice to import: its bytes as sent (the importer reads UTF-8 or GB18030 itself) */
	if (type && (!strncasecmp(type, "text/plain", 10) ||
		     !strncasecmp(type, "application/octet-stream", 24))) {
		rq->text = cn->body.buf;
		rq->text_len = cn->body.len;
		return 0;
	}
	*status = 415;
	return ms_err_set(err, "Content-Type: send application/x-www-form-urlencoded, application/json, "
			  "multipart/form-data, (to simulate) text/csv, (a notice) text/plain or (a file) its own type");
}

/* The response to r: its body (none for HEAD; the bytes handed over, r->body left empty), its headers, the security headers. */
static struct MHD_Response *make_response(struct web_reply *r, int head)
{
	struct MHD_Response *resp;

	if (head || !r->body.alloc) {
		resp = MHD_create_response_from_buffer(head ? 0 : r->body.len, r->body.buf, MHD_RESPMEM_MUST_COPY);
	} else {
		size_t len = r->body.len;
		char *p = ms_buf_detach(&r->body, NULL);   /* malloc'd: libmicrohttpd frees it */

		if (!(resp = MHD_create_response_from_buffer(len, p, MHD_RESPMEM_MUST_FREE)))
			free(p);
	}
	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "Content-Type", r->type ? r->type : "text/plain; charset=utf-8");
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->disposition[0] && r->status == 200)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	if (r->total > 0 || r->next_after > 0) {
		char n[24];

		snprintf(n, sizeof(n), "%lld", r->total);
		MHD_add_response_header(resp, "X-Total-Count", n);
		if (r->next_after > 0) {
			snprintf(n, sizeof(n), "%lld", r->next_after);
			MHD_add_response_header(resp, "X-Next-After", n);
		}
	}
	if (r->retry_after > 0 || r->status == 429) {
		char ra[24];

		snprintf(ra, sizeof(ra), "%ld", r->retry_after > 0 ? r->retry_after : 1L);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	add_security_headers(resp, r->sandbox);
	return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct web_reply *r, int head)
{
	struct MHD_Response *resp = make_response(r, head);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	ret = MHD_queue_response(c, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A kept answer: the very response for GET; for HEAD the same headers without the body. */
static enum MHD_Result send_cached(struct MHD_Connection *c, const struct cache_entry *e, int head)
{
	struct web_reply r;

	if (!head)
		return MHD_queue_response(c, MHD_HTTP_OK, e->resp);
	memset(&r, 0, sizeof(r));
	ms_buf_init(&r.body, 0);
	r.status = 200;
	r.type = e->type;
	snprintf(r.disposition, sizeof(r.disposition), "%s", e->disposition);
	return send_reply(c, &r, 1);
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

static const char *too_big_msg(const struct conn *cn)
{
	return cn->max_body > WEB_MAX_BODY ? "the request body is larger than 32 MiB (请求体过大)"
					   : "the request body is larger than 1 MiB (请求体过大)";
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
	char addr[INET6_ADDRSTRLEN] = "", peer[INET6_ADDRSTRLEN];
	const char *proto;
	enum MHD_Result ret;
	unsigned status;
	struct worker *w = NULL;
	struct MHD_Response *resp;
	size_t blen;
	int64_t dbv = -1;
	uint64_t hash = 0;
	ms_day day = 0;
	int head;
	unsigned long long t0;
	enum metrics_cache cache = METRICS_NOCACHE;
	unsigned code = 0;

	(void)cls;
	(void)version;
	if (!cn || !cn->started) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");

		if (!cn)
			return MHD_NO;     /* out of memory in uri_seen */
		cn->started = 1;
		if (cn->query_refused == 414)
			return refuse(c, 414, "uri_too_long", "the query string is longer than 4096 bytes (查询串过长)",
				      NULL);
		if (cn->query_refused)
			return refuse(c, 400, "bad_request", "the query string has more than 64 fields (查询字段过多)",
				      NULL);
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
			return refuse(c, 405, "method_not_allowed", "GET, HEAD and POST only", "GET, HEAD, POST");
		cn->max_body = web_body_max(!strcmp(method, "POST") ? WEB_POST : WEB_GET, url);
		if (len && strtoull(len, NULL, 10) > cn->max_body)
			return refuse(c, 413, "payload_too_large", too_big_msg(cn), NULL);
		return MHD_YES;
	}
	if (*upload_size) {
		if (cn->body.len + *upload_size > cn->max_body)
			cn->too_big = 1;
		else
			ms_buf_add(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->too_big)
		return refuse(c, 413, "payload_too_large", too_big_msg(cn), NULL);
	if (strlen(url) > MAX_URL)
		return refuse(c, 414, "uri_too_long", "the address is too long", NULL);
	memset(&rq, 0, sizeof(rq));
	memset(&r, 0, sizeof(r));
	ms_buf_init(&r.body, 0);
	rq.method = !strcmp(method, "GET") ? WEB_GET : !strcmp(method, "HEAD") ? WEB_HEAD : WEB_POST;
	rq.path = url;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	guard_request_read(ci ? ci->socket_context : NULL);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	guard_addr_text(ci ? ci->client_addr : NULL, peer, sizeof(peer));
	/* behind a trusted proxy: the client it names, and whether it came over TLS */
	guard_client(peer, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"), addr, sizeof(addr));
	rq.addr = addr;
	rq.secure = guard_trusted(peer) && (proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
										  "X-Forwarded-Proto")) &&
		    !strcasecmp(proto, "https");
	if (read_request(c, cn, &rq, &status, &err)) {
		web_fields_free(&rq.query);
		web_fields_free(&rq.body);
		web_files_free(&rq.files);
		if (!ms_utf8_valid(err.msg, strlen(err.msg), NULL))
			snprintf(err.msg, sizeof(err.msg), "%s", "the request holds text that is not valid UTF-8");
		return refuse(c, status, status == 415 ? "unsupported_media_type" : "bad_request", err.msg, NULL);
	}
	head = rq.method == WEB_HEAD;
	t0 = ms_clock_mono_us();
	if (cache_may_take(&rq) && (w = worker_get(&err))) {
		/* (a worker without its database answers 503 through web_handle below) */
		day = ms_date_of_time_cn(ms_clock_now());
		dbv = store_data_version(w->st);
		if (dbv < 0 || cache_key(&w->cache, &rq, &hash)) {
			w = NULL;
		} else {
			struct cache_entry *e;

			cache_sync(&w->cache, dbv, day);
			if ((e = cache_find(&w->cache, hash))) {
				ret = send_cached(c, e, head);
				cache = METRICS_HIT;
				code = 200;
				goto out;
			}
			cache = METRICS_MISS;
		}
	}
	web_handle(&g_app, &rq, &r);
	blen = r.body.len;
	/* kept only when nothing moved while it was made: the day, the database */
	if (w && cache_may_keep(&r) && ms_date_of_time_cn(ms_clock_now()) == day &&
	    store_data_version(w->st) == dbv && (resp = make_response(&r, 0))) {
		cache_put(&w->cache, hash, resp, &r, blen);
		if (!head) {
			ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
			code = 200;
			goto out;
		}
	}
	ret = send_reply(c, &r, head);
	code = r.status ? r.status : 500;
out:
	metrics_record(rq.method != WEB_POST, code, ms_clock_mono_us() - t0, cache);
	web_fields_free(&rq.query);
	web_fields_free(&rq.body);
	web_files_free(&rq.files);
	ms_buf_release(&r.body);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *state;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	(void)cls;
	(void)toe;
	/* the next request on this connection has its own deadline */
	guard_request_done(ci ? ci->socket_context : NULL);
	if (cn) {
		ms_buf_release(&cn->body);
		free(cn);
		*state = NULL;
	}
}

/* ---------- serving ---------- */

static void connection_cb(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo *fd, *ad;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		guard_opened(ctx, fd ? fd->connect_fd : -1, ad ? ad->client_addr : NULL);
	} else {
		guard_closed(ctx);
	}
}

/* As many open files as allowed: every connection is one. */
/*
 * Worker threads when --threads is not given: one per online CPU, at least 2
 * (so one long answer does not hold every connection). More threads than
 * CPUs measured worse under the mixed load (bench/README.md): each is a
 * SQLite connection whose page cache another's commit empties, a cache of
 * answers of its own, and a switch away from the request in hand. On 2 CPUs,
 * 4 threads against 2: 4,822 → 5,532 req/s, p99 47 → 22 ms at 64 clients.
 */
static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
}

/*
 * glibc gives freed memory back to the kernel as soon as the top of a heap
 * has 128 KiB free, and serves blocks of 128 KiB and more by mmap: a
 * server's answers (a status of 50 KB, a 审核 page of 80 KB, progress's
 * kept load copied per computation) then fault their pages in afresh on
 * every request. Up to 32 MiB free stays in the heap and blocks up to 4
 * MiB come from it: under the mixed load 5,217 → 7,194 req/s and p99 22 →
 * 17 ms at 64 clients (interleaved runs, bench/README.md).
 */
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

static void raise_nofile(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

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
	struct web_listener lis;
	unsigned bound;
	struct sigaction act;
	char host[64], url[128];
	const char *colon = strrchr(o->listen, ':');
	long port;
	char *end;
	sigset_t block, old;
	size_t i;

	if (!colon || (size_t)(colon - o->listen) >= sizeof(host))
		return ms_err_field(err, MS_E_INVALID, "listen", "监听地址 \"%s\" 应为 主机:端口 "
				    "(the address to listen on: expected HOST:PORT, e.g. 127.0.0.1:8080)", o->listen);
	memcpy(host, o->listen, (size_t)(colon - o->listen));
	host[colon - o->listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return ms_err_field(err, MS_E_INVALID, "listen", "监听地址 \"%s\" 的端口应为 0-65535 "
				    "(the port must be 0-65535)", o->listen);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return ms_err_field(err, MS_E_INVALID, "listen", "监听地址 \"%s\" 中的 \"%s\" 不是 IPv4 地址 "
				    "(not an IPv4 address)", o->listen, host);
	{
		struct store *probe;

		/* opened for writing once here, so an older file is migrated before the workers start */
		if (auth_init(err) || store_open(&probe, o->db, STORE_WRITE, err))
			return -1;
		store_close(probe);
	}
	g_opts = o;
	/* each worker keeps its progress loads and follows the writes (progress_data.c) */
	progress_data_keep();
	ledger_keep();     /* and their plan's indicators and rounds (ledger_keep.c) */
	g_app.params = ps;
	g_app.openapi = o->openapi;
	g_app.map = o->map;
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
	if (guard_start(&o->guard, err)) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (checkpointer_start(err)) {
		guard_stop();
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	raise_nofile();
	tune_malloc();
	if (web_listen_open(&lis, &sa, &bound, err)) {
		checkpointer_stop();
		guard_stop();
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return ms_err_prefix(err, "无法监听 %s (cannot listen on it)", o->listen);
	}
	/* one thread accepts (listen.c): the workers take the connections by turns */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			     MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC,
			     0, NULL, NULL, handle, NULL,   /* the guard's caps: asked by listen.c */
			     MHD_OPTION_THREAD_POOL_SIZE, o->threads ? o->threads : default_threads(),
			     /*
			      * the deadline is guard.c's; libmicrohttpd's idle timeout is only the
			      * backstop for a client that stops reading its answer, and long: it
			      * also counts the time a connection waits while its worker serves others
			      */
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_BACKSTOP,
			     /* guard_accept keeps the caps; libmicrohttpd's own only above them */
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)(o->guard.max_connections ? o->guard.max_connections :
								     GUARD_MAX_CONNECTIONS) + 16,
			     MHD_OPTION_NOTIFY_CONNECTION, connection_cb, NULL,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, POOL_SIZE,
			     MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (!d || web_listen_start(&lis, d, err)) {
		int e = errno;

		web_listen_close(&lis);
		if (d)
			MHD_stop_daemon(d);
		checkpointer_stop();
		guard_stop();
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return d ? -1 : ms_err_set(err, "无法启动服务 %s (cannot serve on it): %s", o->listen, strerror(e));
	}
	snprintf(url, sizeof(url), "http://%s:%u/", host, bound);
	if (o->ready)
		o->ready(url, o->arg);
	while (!g_stop)
		sigsuspend(&old);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	web_listen_close(&lis);
	MHD_stop_daemon(d);
	checkpointer_stop();
	guard_stop();
	for (i = 0; i < g_nworkers; i++) {
		cache_release(&g_workers[i]->cache);
		store_close(g_workers[i]->st);
		free(g_workers[i]);
	}
	free(g_workers);
	g_workers = NULL;
	g_nworkers = 0;
	return 0;
}
