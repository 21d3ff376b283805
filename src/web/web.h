/*
 * web.h - the web application: libmicrohttpd with a thread pool, one
 * read-only SQLite connection per worker thread, server-rendered Chinese
 * pages and the JSON API under /api/v1/. This first part serves what the
 * ledger and the rules compute; logins, forms and roles come next.
 */
#ifndef MS_WEB_H
#define MS_WEB_H

#include "core/buf.h"
#include "core/err.h"
#include "ledger/progress.h"
#include "rules/params.h"

struct web_opts {
	const char *db;           /* the database */
	const char *listen;       /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *params_path;  /* NULL: data/params/jiangxi.json, as found by the caller */
	unsigned threads;         /* worker threads; 0: 4 */
	void (*ready)(const char *url, void *arg); /* called once listening */
	void *arg;
};

/* Serves until SIGINT or SIGTERM; 0 after a clean shutdown, -1 with err. */
int web_serve(const struct web_opts *o, const struct params *ps, struct ms_err *err);

/* The 总览 page: the items with progress bars, pace colours, the next round, reporting. */
int web_page_overview(struct ms_buf *out, const struct progress *p);

#endif
