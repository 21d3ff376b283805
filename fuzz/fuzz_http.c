/*
 * fuzz_http.c - libFuzzer target for the request parsers and the routes
 * (http.h, web_handle) on a demo database, with the request built as
 * server.c builds it, minus libmicrohttpd.
 *
 * Once per process: a demo database in a private folder (init --demo:
 * the plan, the organisations, ledger_demo and the demo accounts, hashed
 * cheaply), the shipped parameters, one STORE_WRITE connection; web
 * sessions for admin, nanchang (reporter 360100), viewer and hrss (lead),
 * an expired admin session, and API tokens for jiujiang (reporter 360400),
 * civil (lead) and admin. Then a copy of the database: whenever an input
 * changes the database it is put back (sqlite3 backup), so every input
 * meets the same state (and login throttling never sticks).
 *
 * The input: two option bytes, then path LF query LF cookie-extra LF body.
 *   byte 0  bits 0-1  method: GET, HEAD, POST, other
 *           bits 2-4  Cookie ms_session=: none, admin, nanchang, viewer,
 *                     hrss, 64 unknown hex digits, jiujiang's API token,
 *                     the expired admin session
 *           bit 5     X-CSRF-Token: that session's CSRF token (admin's
 *                     without a cookie)
 *           bit 6     Accept: text/html
 *           bit 7     the body is JSON (else a form); with byte 1's bit 6, text/csv
 *   byte 1  bits 0-2  Authorization: none, Bearer jiujiang, Bearer civil,
 *                     Bearer admin, Bearer (admin's web session), Bearer
 *                     (unknown), Basic, "bearer" (lower case) jiujiang
 *           bit 3     X-CSRF-Token: another session's token (without bit 5)
 *           bits 4-5  the peer address
 *           bit 6     an unsupported Content-Type (415, as server.c); with
 *                     byte 0's bit 7, text/csv (a payroll to simulate)
 *           bit 7     the cookie-extra line goes first in the Cookie header
 * The path is %XX-decoded up to a NUL, as libmicrohttpd hands it over
 * (longer than 2048: 414, not routed); "$CSRF" in the query or the body
 * becomes the cookie session's CSRF token (admin's without a cookie).
 *
 * Checked:
 *   - a refused query or body: a non-empty UTF-8 message, the fields left
 *     consistent and freeable; parsed fields are UTF-8 without NUL, at
 *     most WEB_MAX_FIELDS, and a form re-encoded (a JSON body re-dumped)
 *     parses back to the same fields; web_cookie finds what it should;
 *   - the reply: a status in {200 201 303 400 401 403 404 405 409 413 415
 *     422 429 503}, never 500; a JSON type parses, and an error (>= 400)
 *     has error.code and error.message strings; /api/ paths and JSON
 *     bodies are answered in JSON; a text/html body starts with
 *     <!DOCTYPE html>; every body is UTF-8 but the .xlsx bulletin; a 303
 *     goes to a local path (no CR/LF; not //host or /\host, even after a
 *     browser drops tabs and newlines); a 405 sets Allow, not naming the
 *     method asked; Set-Cookie and Content-Disposition hold no CR/LF; an
 *     unknown bearer token is refused (401), not taken as anonymous;
 *   - authorization, from the journal and PRAGMA data_version: GET, HEAD
 *     and other methods change nothing; a refused request (>= 400) adds no
 *     journal row; a request adds at most one; without a valid bearer
 *     token, a valid session cookie and its CSRF token (in the body's csrf
 *     field or X-CSRF-Token; never the query), a POST changes nothing
 *     (and, without any login, is answered 401, 303 to /login, 404 or 405),
 *     except /login and /api/v1/login, which may count failures and add one
 *     'user.login' row only with a session cookie set; a row's actor is the
 *     user asking; a viewer only logs out; a reporter writes reports and
 *     sites of its own org only; a lead approves, returns and assigns for
 *     the items its org leads only.
 * The data is under $MINSHENG_DATA or MS_DATADIR (plans/, regions/,
 * params/); docs/openapi.json beside it is served when present.
 * FUZZ_HTTP_VERBOSE=1 prints every request and its reply.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* mkdtemp, when built outside meson */
#endif
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/text.h"
#include "ledger/ledger.h"
#include "plan/setup.h"
#include "rules/params.h"
#include "store/store.h"
#include "web/http.h"
#include "web/web.h"

#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_URL 2048   /* server.c: longer is 414 */

static char dir[64], db_path[96], pristine_path[96];
static struct params ps;
static struct store *g_st;
static sqlite3 *g_db, *g_pristine;    /* our own connections: checks and the reset */
static struct ms_buf openapi = MS_BUF_INIT;
static struct web_app app;
static int ready, verbose;
static int64_t journal_max;           /* the last journal id in the pristine database */

/* the Cookie choices of byte 0 (bits 2-4) */
enum { CK_NONE, CK_ADMIN, CK_NANCHANG, CK_VIEWER, CK_HRSS, CK_UNKNOWN, CK_APITOKEN, CK_EXPIRED, CK_N };
/* the Authorization choices of byte 1 (bits 0-2) */
enum { AU_NONE, AU_JIUJIANG, AU_CIVIL, AU_ADMIN, AU_WEBTOKEN, AU_UNKNOWN, AU_BASIC, AU_LOWER };

struct who {
	const char *name;              /* NULL: nobody */
	enum auth_role role;
	const char *org;
};

static const struct who ck_who[CK_N] = {
	{ NULL, ROLE_NONE, "" }, { "admin", ROLE_ADMIN, "" }, { "nanchang", ROLE_REPORTER, "360100" },
	{ "viewer", ROLE_VIEWER, "" }, { "hrss", ROLE_LEAD, "hrss" }, { NULL, ROLE_NONE, "" },
	{ NULL, ROLE_NONE, "" }, { NULL, ROLE_NONE, "" },
};
static char ck_token[CK_N][AUTH_TOKEN_HEX + 1], ck_csrf[CK_N][AUTH_TOKEN_HEX + 1];
static char tok_jiujiang[AUTH_TOKEN_HEX + 1], tok_civil[AUTH_TOKEN_HEX + 1],
	    tok_admin[AUTH_TOKEN_HEX + 1];

static const char *const addrs[4] = { "127.0.0.1", "10.0.0.7", "::1", "" };

/* ---------- setting up ---------- */

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_http: %s: %s\n", what, msg);
	abort();
}

static int demo_data(struct store *st, const char *actor, void *arg, struct ms_err *err)
{
	(void)arg;
	return ledger_demo(st, actor, err) || auth_demo_users(st, actor, err) ? -1 : 0;
}

static void cleanup(void)
{
	char p[160];

	if (g_pristine)
		sqlite3_close(g_pristine);
	if (g_db)
		sqlite3_close(g_db);
	if (g_st)
		store_close(g_st);
	g_pristine = g_db = NULL;
	g_st = NULL;
	unlink(db_path);
	unlink(pristine_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", db_path);
	unlink(p);
	rmdir(dir);
}

static struct store *the_store(void *arg, struct ms_err *err)
{
	(void)arg;
	(void)err;
	return g_st;
}

static void login(const char *name, time_t now, char token[AUTH_TOKEN_HEX + 1])
{
	struct ms_err err;
	long wait;

	if (auth_login(g_st, name, AUTH_DEMO_PASSWORD, "fuzz-setup", now, token, &wait, &err) != AUTH_OK)
		die(name, "the demo login failed");
}

static void api_token(const char *name, char token[AUTH_TOKEN_HEX + 1])
{
	struct ms_err err;

	if (auth_token_new(g_st, name, 30, "fuzz", token, &err))
		die(name, err.msg);
}

static int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Copies the database src into dst (sqlite3 backup); dies on failure. */
static void copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");

	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE)
		die("backup", sqlite3_errmsg(dst));
	if (sqlite3_backup_finish(b) != SQLITE_OK)
		die("backup", sqlite3_errmsg(dst));
}

static void setup(void)
{
	const char *d = getenv("MINSHENG_DATA");
	char plan[4096], regions[4096], units[4096], params_path[4096], doc[4096];
	const char *csv[3] = { regions, units, NULL };
	struct setup_opts o = { 0 };
	struct setup_result res;
	struct ms_buf report = MS_BUF_INIT;
	struct ms_err err;
	time_t now = time(NULL);
	unsigned char raw[32];
	size_t i;

	if (!d || !*d)
		d = MS_DATADIR;
	snprintf(plan, sizeof(plan), "%s/plans/jiangxi-2023.json", d);
	snprintf(regions, sizeof(regions), "%s/regions/jiangxi.csv", d);
	snprintf(units, sizeof(units), "%s/regions/units.csv", d);
	snprintf(params_path, sizeof(params_path), "%s/params/jiangxi.json", d);
	snprintf(doc, sizeof(doc), "%s/../docs/openapi.json", d);
	snprintf(dir, sizeof(dir), "/tmp/fuzz_http.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(db_path, sizeof(db_path), "%s/demo.db", dir);
	snprintf(pristine_path, sizeof(pristine_path), "%s/pristine.db", dir);
	atexit(cleanup);
	verbose = getenv("FUZZ_HTTP_VERBOSE") && *getenv("FUZZ_HTTP_VERBOSE");

	auth_cheap_hashes(1);
	if (auth_init(&err))
		die("auth_init", err.msg);
	o.db_path = db_path;
	o.plan_path = plan;
	o.org_csv = csv;
	o.actor = "fuzz";
	o.after_load = demo_data;
	if (setup_init(&o, &res, &report, &err)) {
		fputs(report.buf, stderr);
		die("setup_init", err.msg);
	}
	ms_buf_release(&report);
	if (params_load(&ps, params_path, &err))
		die("params_load", err.msg);
	if (store_open(&g_st, db_path, STORE_WRITE, &err))
		die("store_open", err.msg);
	if (!ms_file_read(&openapi, doc, (size_t)4 << 20, &err))
		app.openapi = openapi.buf;
	app.params = &ps;
	app.store = the_store;
	app.arg = NULL;

	login("admin", now, ck_token[CK_ADMIN]);
	login("nanchang", now, ck_token[CK_NANCHANG]);
	login("viewer", now, ck_token[CK_VIEWER]);
	login("hrss", now, ck_token[CK_HRSS]);
	/* logged in a day ago: expired (the logins above purge it only when done after) */
	login("admin", now - 24 * 3600, ck_token[CK_EXPIRED]);
	api_token("jiujiang", tok_jiujiang);
	api_token("civil", tok_civil);
	api_token("admin", tok_admin);
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(0x5a ^ (i * 37));
	for (i = 0; i < sizeof(raw); i++)
		snprintf(ck_token[CK_UNKNOWN] + 2 * i, 3, "%02x", raw[i]);
	snprintf(ck_token[CK_APITOKEN], sizeof(ck_token[CK_APITOKEN]), "%s", tok_jiujiang);
	for (i = 1; i < CK_N; i++)
		auth_csrf(ck_token[i], ck_csrf[i]);

	if (sqlite3_open_v2(db_path, &g_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(db_path, sqlite3_errmsg(g_db));
	sqlite3_busy_timeout(g_db, 5000);
	if (sqlite3_open_v2(pristine_path, &g_pristine, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		die(pristine_path, sqlite3_errmsg(g_pristine));
	copy_db(g_pristine, g_db);
	journal_max = sql_int(g_db, "SELECT COALESCE(MAX(id), 0) FROM journal");
	ready = 1;
}

/* ---------- small checks ---------- */

static void bad(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_http: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static void check_fields(const struct web_fields *f, const char *what)
{
	size_t i;

	if (f->n > WEB_MAX_FIELDS)
		bad(what, "more fields than WEB_MAX_FIELDS");
	for (i = 0; i < f->n; i++) {
		const struct web_kv *kv = &f->v[i];

		if (!kv->key || !kv->val || !*kv->key)
			bad(what, "a field without a key or value");
		if (!ms_utf8_valid(kv->key, strlen(kv->key), NULL) ||
		    !ms_utf8_valid(kv->val, strlen(kv->val), NULL))
			bad(what, "a field that is not UTF-8");
	}
}

static void check_refusal(struct web_fields *f, const struct ms_err *err, const char *what)
{
	size_t n = strnlen(err->msg, sizeof(err->msg));

	if (!n || n == sizeof(err->msg))
		bad(what, "a refusal without a message");
	if (!ms_utf8_valid(err->msg, n, NULL))
		bad(what, "a refusal whose message is not UTF-8");
	check_fields(f, what);
	web_fields_free(f);
	if (f->n)
		bad(what, "web_fields_free left fields");
}

static void form_encode(struct ms_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			ms_buf_addch(b, c);
		} else if (c == ' ') {
			ms_buf_addch(b, '+');
		} else {
			ms_buf_addch(b, '%');
			ms_buf_addch(b, hex[c >> 4]);
			ms_buf_addch(b, hex[c & 15]);
		}
	}
}

/* Parsed fields, written out again, parse back to the same fields. */
static void round_trip(const struct web_fields *f, int json)
{
	struct web_fields g = { .n = 0 };
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	size_t i;

	if (json) {
		json_t *o = json_object();

		for (i = 0; i < f->n; i++)
			json_object_set_new(o, f->v[i].key, json_string(f->v[i].val));
		ms_json_dump(&b, o, 0);
		json_decref(o);
		if (web_json_parse(&g, b.buf, b.len, &err))
			bad("a JSON body re-dumped is refused", err.msg);
		if (g.n != f->n)
			bad("a JSON body re-dumped has other fields", b.buf);
		for (i = 0; i < f->n; i++)
			if (!web_field(&g, f->v[i].key) || strcmp(web_field(&g, f->v[i].key), f->v[i].val))
				bad("a JSON body re-dumped has another value", f->v[i].key);
	} else {
		for (i = 0; i < f->n; i++) {
			if (i)
				ms_buf_addch(&b, '&');
			form_encode(&b, f->v[i].key);
			ms_buf_addch(&b, '=');
			form_encode(&b, f->v[i].val);
		}
		if (web_form_parse(&g, b.buf, b.len, &err))
			bad("a form re-encoded is refused", err.msg);
		if (g.n != f->n)
			bad("a form re-encoded has other fields", b.buf);
		for (i = 0; i < f->n; i++)
			if (strcmp(g.v[i].key, f->v[i].key) || strcmp(g.v[i].val, f->v[i].val))
				bad("a form re-encoded has another field", f->v[i].key);
	}
	web_fields_free(&g);
	ms_buf_release(&b);
}

/* web_cookie on the header we built: the value found is a cookie's value in it. */
static void check_cookie(const char *h, int ck, int extra_first)
{
	char v[AUTH_TOKEN_HEX + 8];
	int found = web_cookie(h, "ms_session", v, sizeof(v));

	if (found) {
		if (strlen(v) >= sizeof(v) || strchr(v, ';') || !strstr(h, v))
			bad("web_cookie found a value that is not in the header", h);
	}
	if (!extra_first && ck != CK_NONE && (!found || strcmp(v, ck_token[ck])))
		bad("web_cookie missed the session cookie", h);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* libmicrohttpd's unescaping of the path: %XX with two hex digits (else kept), up to a NUL. */
static void path_decode(struct ms_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%' && n - i >= 3 && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			c = hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]);
			i += 2;
		}
		if (c == 0)
			break;
		ms_buf_addch(out, c);
	}
}

/* raw with every "$CSRF" replaced by csrf. */
static void substitute(struct ms_buf *out, const char *raw, size_t n, const char *csrf)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (n - i >= 5 && !memcmp(raw + i, "$CSRF", 5)) {
			ms_buf_adds(out, csrf);
			i += 4;
		} else {
			ms_buf_addch(out, (unsigned char)raw[i]);
		}
	}
}

static int status_allowed(unsigned s)
{
	static const unsigned ok[] = { 200, 201, 303, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503 };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == s)
			return 1;
	return 0;
}

static void dump_request(const struct web_req *rq, const struct web_reply *r)
{
	static const char *const m[] = { "GET", "HEAD", "POST", "OTHER" };
	size_t i;

	fprintf(stderr, "fuzz_http: %s %s cookie=%s auth=%s csrf=%s html=%d json=%d addr=%s\n",
		m[rq->method], rq->path, rq->cookie ? rq->cookie : "-",
		rq->authorization ? rq->authorization : "-", rq->csrf_header ? rq->csrf_header : "-",
		rq->accept_html, rq->body_json, rq->addr);
	for (i = 0; i < rq->query.n; i++)
		fprintf(stderr, "  query %s=%s\n", rq->query.v[i].key, rq->query.v[i].val);
	for (i = 0; i < rq->body.n; i++)
		fprintf(stderr, "  body %s=%s\n", rq->body.v[i].key, rq->body.v[i].val);
	if (r)
		fprintf(stderr, "  -> %u %s location=%s cookie=%s\n  %.*s\n", r->status,
			r->type ? r->type : "-", r->location, r->cookie,
			(int)(r->body.len < 2000 ? r->body.len : 2000), r->body.buf);
}

static void fail_req(const struct web_req *rq, const struct web_reply *r, const char *what,
		     const char *detail)
{
	dump_request(rq, r);
	bad(what, detail);
}

/* ---------- the reply ---------- */

static void check_reply(const struct web_req *rq, const struct web_reply *r)
{
	const char *type = r->type ? r->type : "text/plain; charset=utf-8";
	int is_json = !strncmp(type, "application/json", 16);
	int is_html = !strncmp(type, "text/html", 9);
	int is_xlsx = strstr(type, "spreadsheetml") != NULL;

	if (!status_allowed(r->status))
		fail_req(rq, r, "a status outside the set", NULL);
	if (r->status == 500)
		fail_req(rq, r, "an internal error (500)", NULL);
	if (!is_xlsx && !ms_utf8_valid(r->body.buf, r->body.len, NULL))
		fail_req(rq, r, "a body that is not UTF-8", type);
	if (is_xlsx && (r->status != 200 || strncmp(rq->path, "/bulletin/", 10)))
		fail_req(rq, r, "an xlsx reply other than a bulletin", NULL);
	if (is_json) {
		json_error_t je;
		json_t *j = json_loadb(r->body.buf, r->body.len, JSON_DECODE_ANY, &je);

		if (!j)
			fail_req(rq, r, "a JSON reply that does not parse", je.text);
		if (r->status >= 400) {
			json_t *e = json_object_get(j, "error");

			if (!json_is_string(json_object_get(e, "code")) ||
			    !json_is_string(json_object_get(e, "message")) ||
			    !*json_string_value(json_object_get(e, "message")))
				fail_req(rq, r, "a JSON error without error.code and error.message", NULL);
		}
		json_decref(j);
	} else if (!strncmp(rq->path, "/api/", 5) || rq->body_json) {
		fail_req(rq, r, "an API request answered other than in JSON", type);
	}
	if (is_html && (r->body.len < 15 || memcmp(r->body.buf, "<!DOCTYPE html>", 15)))
		fail_req(rq, r, "an HTML reply that does not start with <!DOCTYPE html>", NULL);
	if (r->status == 303) {
		char loc[sizeof(r->location)];
		size_t i, n = 0;

		if (r->location[0] != '/' || strpbrk(r->location, "\r\n"))
			fail_req(rq, r, "a redirect that is not to a local path", r->location);
		/* what a browser makes of it: tabs and newlines dropped */
		for (i = 0; r->location[i]; i++)
			if (r->location[i] != '\t' && r->location[i] != '\n' && r->location[i] != '\r')
				loc[n++] = r->location[i];
		loc[n] = '\0';
		if (loc[1] == '/' || loc[1] == '\\')
			fail_req(rq, r, "a redirect to another host (open redirect)", r->location);
	}
	if (r->status == 405) {
		if (!r->allow || !*r->allow)
			fail_req(rq, r, "a 405 without Allow", NULL);
		if ((rq->method == WEB_GET || rq->method == WEB_HEAD) && strstr(r->allow, "GET"))
			fail_req(rq, r, "a 405 for GET that allows GET", r->allow);
		if (rq->method == WEB_POST && strstr(r->allow, "POST"))
			fail_req(rq, r, "a 405 for POST that allows POST", r->allow);
	}
	if (strpbrk(r->cookie, "\r\n") || strpbrk(r->disposition, "\r\n"))
		fail_req(rq, r, "a header with CR or LF", NULL);
}

/* ---------- the database: what changed, and who may have changed it ---------- */

static int64_t data_version(void)
{
	return sql_int(g_db, "PRAGMA data_version");
}

/* 1 when org leads the item of indicator ind. */
static int leads(const char *plan, const char *ind, const char *org)
{
	static const char sql[] =
		"SELECT COUNT(*) FROM indicator i JOIN item_unit u ON u.plan = i.plan AND u.item_no = i.item_no"
		" WHERE i.plan = ?1 AND i.id = ?2 AND u.role = 'lead' AND u.org = ?3";
	sqlite3_stmt *s;
	int n = 0;

	if (sqlite3_prepare_v2(g_db, sql, -1, &s, NULL) != SQLITE_OK)
		die("leads", sqlite3_errmsg(g_db));
	sqlite3_bind_text(s, 1, plan, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, ind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, org, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n > 0;
}

/* The '/'-separated field k of key ("plan/indicator/org/round") into out. */
static void key_field(const char *key, int k, char *out, size_t n)
{
	const char *p = key, *e;

	while (k-- > 0 && p)
		p = (p = strchr(p, '/')) ? p + 1 : NULL;
	if (!p) {
		out[0] = '\0';
		return;
	}
	e = strchr(p, '/');
	snprintf(out, n, "%.*s", (int)(e ? (size_t)(e - p) : strlen(p)), p);
}

struct ask {
	const struct who *as;          /* who may write: a valid bearer token, or a session with its CSRF */
	int login_path;
	const char *login_name;        /* the name a login gives */
	int bearer_bad;                /* a Bearer token that is not a valid API token */
};

/* May a web request by a->as add this journal row? NULL when yes, else why not. */
static const char *row_refused(const struct ask *a, const struct web_reply *r, const char *actor,
			       const char *action, const char *key)
{
	char plan[64], ind[64], org[64];

	if (a->login_path) {
		if (strcmp(action, "user.login"))
			return "a login added a journal row other than user.login";
		if (!a->login_name || strcmp(actor, a->login_name))
			return "a login journaled another user than the one named";
		if (strncmp(r->cookie, "ms_session=", 11) || r->cookie[11] == ';' || !r->cookie[11])
			return "a login journaled user.login without setting the session cookie";
		if (r->status != 200 && r->status != 303)
			return "a login journaled user.login but did not answer 200 or 303";
		return NULL;
	}
	if (!a->as)
		return "a POST without a login and its CSRF token (or a bearer token) wrote";
	if (strcmp(actor, a->as->name))
		return "a journal row names another actor than the user asking";
	if (!strcmp(action, "user.logout"))
		return strcmp(key, a->as->name) ? "a logout of another user" : NULL;
	key_field(key, 0, plan, sizeof(plan));
	key_field(key, 1, ind, sizeof(ind));
	key_field(key, 2, org, sizeof(org));
	switch (a->as->role) {
	case ROLE_ADMIN:
		return NULL;
	case ROLE_REPORTER:
		if (strcmp(action, "report.draft") && strcmp(action, "report.submit") && strcmp(action, "site.add"))
			return "a reporter wrote something other than a report or a site";
		if (strcmp(org, a->as->org))
			return "a reporter wrote for another org";
		return NULL;
	case ROLE_LEAD:
		if (strcmp(action, "report.approve") && strcmp(action, "report.return") && strcmp(action, "assign"))
			return "a lead wrote something other than a review or an assignment";
		if (!leads(plan, ind, a->as->org))
			return "a lead wrote for an item its org does not lead";
		return NULL;
	default:
		return "a viewer wrote";
	}
}

static void check_writes(const struct web_req *rq, const struct web_reply *r, const struct ask *a)
{
	static const char sql[] = "SELECT actor, action, tbl, key FROM journal WHERE id > ?1 ORDER BY id";
	sqlite3_stmt *s;
	int rows = 0;

	if (rq->method != WEB_POST)
		fail_req(rq, r, "a request other than POST changed the database", NULL);
	if (a->bearer_bad)
		fail_req(rq, r, "a request with an unknown bearer token changed the database", NULL);
	if (sqlite3_prepare_v2(g_db, sql, -1, &s, NULL) != SQLITE_OK)
		die("journal", sqlite3_errmsg(g_db));
	sqlite3_bind_int64(s, 1, journal_max);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *actor = (const char *)sqlite3_column_text(s, 0);
		const char *action = (const char *)sqlite3_column_text(s, 1);
		const char *key = (const char *)sqlite3_column_text(s, 3);
		const char *why;

		rows++;
		if ((why = row_refused(a, r, actor ? actor : "", action ? action : "", key ? key : ""))) {
			fprintf(stderr, "fuzz_http: journal row: actor=%s action=%s table=%s key=%s\n", actor,
				action, sqlite3_column_text(s, 2), key);
			sqlite3_finalize(s);
			fail_req(rq, r, why, NULL);
		}
	}
	sqlite3_finalize(s);
	if (rows > 1)
		fail_req(rq, r, "one request added more than one journal row", NULL);
	if (rows && r->status >= 400)
		fail_req(rq, r, "a refused request added a journal row", NULL);
	if (!rows && !a->login_path)
		fail_req(rq, r, "the database changed without a journal row", NULL);
	if (!a->login_path && !a->as)
		fail_req(rq, r, "a POST without a login and its CSRF token (or a bearer token) changed the database",
			 NULL);
}

/* ---------- one request ---------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf path = MS_BUF_INIT, query = MS_BUF_INIT, body = MS_BUF_INIT, cookie = MS_BUF_INIT,
		      authz = MS_BUF_INIT;
	const char *part[4] = { NULL, NULL, NULL, NULL }, *p, *end, *nl;
	size_t plen[4] = { 0, 0, 0, 0 };
	struct web_req rq;
	struct web_reply r;
	struct ms_err err;
	struct ask a;
	unsigned b0, b1;
	int ck, au, body_type, extra_first;
	int64_t dv;
	size_t k;

	if (!ready)
		setup();
	if (size < 2)
		return 0;
	b0 = data[0];
	b1 = data[1];
	p = (const char *)data + 2;
	end = (const char *)data + size;
	for (k = 0; k < 4; k++) {
		nl = k < 3 ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		part[k] = p;
		plen[k] = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p = nl ? nl + 1 : end;
	}

	memset(&rq, 0, sizeof(rq));
	memset(&r, 0, sizeof(r));
	memset(&a, 0, sizeof(a));
	ms_buf_init(&r.body, 0);
	rq.method = (enum web_method)(b0 & 3);
	ck = (int)(b0 >> 2 & 7);
	au = (int)(b1 & 7);
	rq.accept_html = (b0 & 64) != 0;
	body_type = (b1 & 64 ? 2 : 0) | (b0 & 128 ? 1 : 0);   /* form, JSON, other, CSV */
	rq.addr = addrs[b1 >> 4 & 3];

	path_decode(&path, part[0], plen[0]);
	rq.path = path.buf;
	if (path.len > MAX_URL)
		goto out;   /* 414 in server.c */

	/* the headers */
	extra_first = (b1 & 128) && plen[2];
	if (extra_first) {
		ms_buf_add(&cookie, part[2], plen[2]);
		if (ck != CK_NONE)
			ms_buf_addf(&cookie, "; ms_session=%s", ck_token[ck]);
	} else if (ck != CK_NONE) {
		ms_buf_addf(&cookie, "ms_session=%s", ck_token[ck]);
	}
	if (cookie.len) {
		if (strlen(cookie.buf) != cookie.len)
			goto out;   /* a NUL in a header: not HTTP */
		rq.cookie = cookie.buf;
		check_cookie(rq.cookie, ck, extra_first);
	}
	switch (au) {
	case AU_JIUJIANG: ms_buf_addf(&authz, "Bearer %s", tok_jiujiang); break;
	case AU_CIVIL: ms_buf_addf(&authz, "Bearer %s", tok_civil); break;
	case AU_ADMIN: ms_buf_addf(&authz, "Bearer %s", tok_admin); break;
	case AU_WEBTOKEN: ms_buf_addf(&authz, "Bearer %s", ck_token[CK_ADMIN]); break;
	case AU_UNKNOWN: ms_buf_addf(&authz, "Bearer %s", ck_token[CK_UNKNOWN]); break;
	case AU_BASIC: ms_buf_adds(&authz, "Basic YWRtaW46bWluc2hlbmcyMDIz"); break;
	case AU_LOWER: ms_buf_addf(&authz, "bearer %s", tok_jiujiang); break;
	default: break;
	}
	if (authz.len)
		rq.authorization = authz.buf;
	if (b0 & 32)
		rq.csrf_header = ck_csrf[ck == CK_NONE ? CK_ADMIN : ck];
	else if (b1 & 8)
		rq.csrf_header = ck_csrf[ck == CK_VIEWER ? CK_NANCHANG : CK_VIEWER];

	/* the query: what libmicrohttpd decodes, as fields */
	substitute(&query, part[1], plen[1], ck_csrf[ck == CK_NONE ? CK_ADMIN : ck]);
	err.msg[0] = '\0';
	if (web_form_parse(&rq.query, query.buf, query.len, &err)) {
		check_refusal(&rq.query, &err, "the query");
		goto out;
	}
	check_fields(&rq.query, "the query");
	round_trip(&rq.query, 0);

	/* the body: only a POST's, as server.c reads it */
	if (rq.method == WEB_POST && plen[3]) {
		substitute(&body, part[3], plen[3], ck_csrf[ck == CK_NONE ? CK_ADMIN : ck]);
		if (body_type == 2)
			goto out;   /* 415 */
		err.msg[0] = '\0';
		if (body_type == 3) {
			rq.csv = body.buf;
			rq.csv_len = body.len;
		} else if (body_type == 1) {
			rq.body_json = 1;
			if (web_json_parse(&rq.body, body.buf, body.len, &err)) {
				check_refusal(&rq.body, &err, "the JSON body");
				goto out;
			}
		} else if (web_form_parse(&rq.body, body.buf, body.len, &err)) {
			check_refusal(&rq.body, &err, "the form body");
			goto out;
		}
		check_fields(&rq.body, "the body");
		if (!rq.csv)
			round_trip(&rq.body, rq.body_json);
	}

	/* who is asking, as the harness made the request */
	a.login_path = !strcmp(rq.path, "/login") || !strcmp(rq.path, "/api/v1/login");
	a.bearer_bad = au == AU_WEBTOKEN || au == AU_UNKNOWN;
	if (au == AU_JIUJIANG || au == AU_CIVIL || au == AU_ADMIN) {
		static const struct who jj = { "jiujiang", ROLE_REPORTER, "360400" },
					cv = { "civil", ROLE_LEAD, "civil" }, ad = { "admin", ROLE_ADMIN, "" };

		a.as = au == AU_JIUJIANG ? &jj : au == AU_CIVIL ? &cv : &ad;
	} else if (!a.bearer_bad && ck_who[ck].name) {
		const char *t = web_field(&rq.body, "csrf");
		int csrf_ok = (t && auth_token_equal(t, ck_csrf[ck])) ||
			      (rq.csrf_header && auth_token_equal(rq.csrf_header, ck_csrf[ck]));

		if (csrf_ok)
			a.as = &ck_who[ck];
	}
	a.login_name = web_field(&rq.body, "name");
	if (!a.login_name)
		a.login_name = web_field(&rq.query, "name");

	dv = data_version();
	web_handle(&app, &rq, &r);
	if (verbose)
		dump_request(&rq, &r);
	check_reply(&rq, &r);
	if (a.bearer_bad && r.status != 401 && r.status != 404 && r.status != 405)
		fail_req(&rq, &r, "an unknown bearer token was not refused", NULL);
	if (rq.method == WEB_POST && !a.login_path && !a.as && !a.bearer_bad && !ck_who[ck].name) {
		int ok = r.status == 401 || r.status == 404 || r.status == 405 ||
			 (r.status == 303 && !strcmp(r.location, "/login"));

		if (!ok)
			fail_req(&rq, &r, "a POST without a login was not refused", NULL);
	}
	if (data_version() != dv) {
		check_writes(&rq, &r, &a);
		copy_db(g_db, g_pristine);   /* back to the pristine database */
	}
out:
	web_fields_free(&rq.query);
	web_fields_free(&rq.body);
	ms_buf_release(&r.body);
	ms_buf_release(&path);
	ms_buf_release(&query);
	ms_buf_release(&body);
	ms_buf_release(&cookie);
	ms_buf_release(&authz);
	return 0;
}
