/*
 * http.h - a request as the routes see it, free of libmicrohttpd: the
 * method, the path, the query and body fields, the few headers that
 * matter; and the reply they fill. The parsers here (form fields, JSON
 * bodies, cookies) take untrusted bytes and are fuzzed (fuzz_http.c).
 */
#ifndef MS_WEB_HTTP_H
#define MS_WEB_HTTP_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define WEB_MAX_FIELDS 512         /* fields in a body (a whole round's 报送 form) */
#define WEB_MAX_QUERY_FIELDS 64    /* fields in a query string */
#define WEB_MAX_BODY (1 << 20)     /* bytes of a request body; more is 413 */
#define WEB_MAX_UPLOAD (32 << 20)  /* bytes of a body carrying files (a route that takes uploads) */
#define WEB_MAX_FILES 8            /* files in one multipart body */
#define WEB_PAGE_DEFAULT 200       /* items in a list's page unless ?limit= */
#define WEB_PAGE_MAX 1000

struct web_kv {
	char *key, *val;               /* decoded, NUL-terminated, valid UTF-8 */
};

struct web_fields {
	struct web_kv v[WEB_MAX_FIELDS];
	size_t n;
};

/* The value of key (the first given), or NULL. */
const char *web_field(const struct web_fields *f, const char *key);
/* Adds a copy of key=val (both validated as UTF-8); -1 with err when full or invalid. */
int web_field_add(struct web_fields *f, const char *key, size_t klen, const char *val, size_t vlen,
		  struct ms_err *err);
void web_fields_free(struct web_fields *f);

/*
 * Parses application/x-www-form-urlencoded text (also a query string):
 * '&'-separated key=value, '+' for space, %XX escapes. Appends to f.
 * Errors name the field: a bad escape, invalid UTF-8, a NUL, too many.
 */
int web_form_parse(struct web_fields *f, const char *s, size_t n, struct ms_err *err);
/*
 * Parses a JSON object whose values are strings, numbers, booleans or
 * null into fields (numbers as written, true/false, null skipped). Nested
 * values are refused naming the field.
 */
int web_json_parse(struct web_fields *f, const char *s, size_t n, struct ms_err *err);

/* A file sent with a form (multipart/form-data) or as the whole body. */
struct web_file {
	char *field;                   /* the form field ("file" for a whole body) */
	char *name;                    /* the file name the client gave (UTF-8; "" when none) */
	char *type;                    /* the Content-Type the client declared ("" when none) */
	const char *data;              /* its bytes, inside the request's body */
	size_t len;
};

struct web_files {
	struct web_file v[WEB_MAX_FILES];
	size_t n;
};

/*
 * Parses a multipart/form-data body (type is the whole Content-Type, with
 * its boundary): text parts are appended to f as fields, parts with a
 * filename to files, pointing into body. Errors name the part.
 */
int web_multipart_parse(struct web_fields *f, struct web_files *files, const char *type, const char *body,
			size_t n, struct ms_err *err);
/* The file sent as field, or NULL. */
const struct web_file *web_file_get(const struct web_files *files, const char *field);
void web_files_free(struct web_files *files);

/* Copies the cookie name's value from a Cookie header into out; 1 found, 0 not. */
int web_cookie(const char *header, const char *name, char *out, size_t n);

enum web_method { WEB_GET, WEB_HEAD, WEB_POST, WEB_OTHER };

struct web_req {
	enum web_method method;
	const char *path;              /* decoded path, without the query */
	struct web_fields query;       /* the query string's fields */
	struct web_fields body;        /* a form's or a JSON object's fields */
	int body_json;                 /* the body was JSON (reply JSON, not a page) */
	const char *csv;               /* a text/csv body (a payroll to simulate), else NULL */
	size_t csv_len;
	const char *text;              /* a text/plain or application/octet-stream body (a notice), else NULL */
	size_t text_len;
	struct web_files files;        /* files sent (multipart, or a whole body of a file type) */
	const char *content_type;      /* the Content-Type header, or NULL */
	const char *cookie;            /* the Cookie header, or NULL */
	const char *authorization;     /* the Authorization header, or NULL */
	const char *csrf_header;       /* X-CSRF-Token, or NULL */
	const char *addr;              /* the client's address (behind a trusted proxy, the one it names) */
	int secure;                    /* came over TLS (X-Forwarded-Proto: https from a trusted proxy) */
	int accept_html;               /* Accept names text/html: a browser */
};

struct web_reply {
	unsigned status;
	const char *type;
	struct ms_buf body;
	const char *allow;             /* for 405 */
	char disposition[96];          /* Content-Disposition for downloads, "" for none */
	int sandbox;                   /* a file a user sent: CSP "sandbox" too, never cached */
	char location[320];            /* a redirect (303) */
	char cookie[200];              /* Set-Cookie, "" for none */
	long retry_after;              /* Retry-After seconds (429, 503), 0 for none */
	long long total;               /* a list: X-Total-Count (0 with next_after 0: not a list) */
	long long next_after;          /* a list: X-Next-After, the cursor of the next page; -1 none */
};

/*
 * The HTTP status for a service's error: invalid 422, not found 404, conflict
 * 409, forbidden 403, internal 500; busy 503 (the reply adds Retry-After),
 * storage unavailable (read-only, I/O) 503, storage full 507 — never a 4xx
 * for what the server's disk did.
 */
unsigned web_err_status(const struct ms_err *e);

#endif
