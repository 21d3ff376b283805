/*
 * web.h - the web application: libmicrohttpd with a thread pool, one
 * read-only SQLite connection per worker thread, server-rendered Chinese
 * pages and the JSON API under /api/v1/. This first part serves what the
 * ledger and the rules compute; logins, forms and roles come next.
 */
#ifndef MS_WEB_H
#define MS_WEB_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "ledger/progress.h"
#include "rules/calc.h"
#include "rules/params.h"

struct web_opts {
	const char *db;           /* the database */
	const char *listen;       /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *params_path;  /* NULL: data/params/jiangxi.json, as found by the caller */
	unsigned threads;         /* worker threads; 0: 4 */
	const char *openapi;      /* the OpenAPI document served at /api/v1/openapi.json, or NULL */
	void (*ready)(const char *url, void *arg); /* called once listening */
	void *arg;
};

/* Serves until SIGINT or SIGTERM; 0 after a clean shutdown, -1 with err. */
int web_serve(const struct web_opts *o, const struct params *ps, struct ms_err *err);

/* The page frame: head, styles, the title (with 演示数据 when demo), the navigation. */
void web_page_begin(struct ms_buf *out, const char *title, int demo);
void web_page_end(struct ms_buf *out);

/* 实事详情: one item's indicators, each with its regions (target, actual, bar, colour, late, missing). -1: no such item. */
int web_page_item(struct ms_buf *out, const struct progress *p, int64_t no);

/* 原文: the notice with every indicator's quote marked and linked both ways, and the 待核实 notes. */
int web_page_source(struct ms_buf *out, json_t *plan, const char *src, size_t srclen, int demo);

/* 政策计算器: the form (given[i] = the value typed for field i, or NULL), and when out is set the result and each step with its parameters linked to the notice. */
int web_page_calc(struct ms_buf *out, const struct calc_def *d, const char *const *given,
		  const struct calc_out *res, const json_t *trace, const char *error, int demo);

/* The 总览 page: the items with progress bars, pace colours, the next round, reporting. */
int web_page_overview(struct ms_buf *out, const struct progress *p);

#endif
