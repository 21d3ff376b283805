/*
 * web.h - the web application: libmicrohttpd with a thread pool, one
 * SQLite connection per worker thread (read and write: WAL lets readers
 * and the one writer go on together), server-rendered Chinese pages and
 * the JSON API under /api/v1/, logins and forms that write.
 *
 * server.c adapts libmicrohttpd to a struct web_req (http.h); routes.c
 * answers a web_req whatever it came from (the server, the fuzzer) by its
 * table of routes, whose handlers live by family (route.h); reply.c is
 * how every answer is written; pages.c, forms.c and review.c render the
 * pages.
 */
#ifndef MS_WEB_H
#define MS_WEB_H

#include <jansson.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "ledger/progress.h"
#include "rules/calc.h"
#include "rules/params.h"
#include "store/store.h"
#include "web/guard.h"
#include "web/http.h"

struct web_map;

struct web_opts {
	const char *db;           /* the database */
	const char *listen;       /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *params_path;  /* NULL: data/params/jiangxi.json, as found by the caller */
	unsigned threads;         /* worker threads; 0: the online CPUs, at least 2 (server.c) */
	const char *openapi;      /* the OpenAPI document served at /api/v1/openapi.json, or NULL */
	const struct web_map *map; /* the county boundaries /map draws (web/map.h), or NULL */
	struct guard_opts guard;  /* deadline, caps, trusted proxies (web/guard.h); zeros: the defaults */
	void (*ready)(const char *url, void *arg); /* called once listening */
	void *arg;
};

/* Serves until SIGINT or SIGTERM; 0 after a clean shutdown, -1 with err. */
int web_serve(const struct web_opts *o, const struct params *ps, struct ms_err *err);

/* What routes.c answers with: the services and this thread's database connection (it writes too). */
struct web_app {
	const struct params *params;
	const char *openapi;                              /* NULL: 404 */
	const struct web_map *map;                        /* NULL: /map answers 503 */
	struct store *(*store)(void *arg, struct ms_err *err);
	void *arg;
};

/* The most bytes a request's body may have on route (m, path): WEB_MAX_UPLOAD where files are taken. */
size_t web_body_max(enum web_method m, const char *path);

/* Answers one request (never fails: errors are replies). */
void web_handle(const struct web_app *app, struct web_req *rq, struct web_reply *r);

/* Who is looking at a page: the navigation and the forms depend on it. */
struct web_who {
	const struct auth_user *u;    /* role ROLE_NONE: anonymous */
	const char *csrf;             /* the session's CSRF token for forms, "" when none */
	const char *org_name;         /* the user's unit by name (南昌市), NULL or "" when unknown */
	int demo;                     /* the database holds 演示数据 */
	const char *plan;             /* the plan asked for (?plan=ID), NULL: the default (the province's) */
};

/* The page frame: head, styles, the title (with 演示数据 when demo), the navigation. */
void web_page_begin(struct ms_buf *out, const char *title, const struct web_who *w);
void web_page_end(struct ms_buf *out);

/*
 * 实事详情: one item's indicators, each with its regions (target, actual, bar,
 * colour, late, missing), links to its sites and map, and its trend across
 * rounds: trend[k] is the progress with only the first k+1 rounds' reports
 * (approved ones), ntrend of them. -1: no such item.
 */
int web_page_item(struct ms_buf *out, const struct web_who *w, const struct progress *p, int64_t no,
		  const struct progress *trend, size_t ntrend);

/* 原文: the notice with every indicator's quote marked and linked both ways, and the 待核实 notes. */
int web_page_source(struct ms_buf *out, const struct web_who *w, json_t *plan, const char *src, size_t srclen);

/*
 * 政策计算器: the form (given[i] = the value typed for field i, or NULL; a
 * select for each enumeration, month and date pickers, region_html — a
 * region <select> — for the region, NULL: a box), and when out is set the
 * result and each step with its parameters linked to the notice. A refusal
 * (error) is shown in Chinese beside the field err_field names, and atop.
 */
int web_page_calc(struct ms_buf *out, const struct web_who *w, const struct calc_def *d,
		  const char *const *given, const struct calc_out *res, const json_t *trace,
		  const char *error, const char *err_field, const char *region_html);

/* The 总览 page: the items with progress bars, pace colours, the next round, reporting. */
struct programmes;
/* 总览; progs (may be NULL): every programme, listed when there is more than one. */
int web_page_overview(struct ms_buf *out, const struct web_who *w, const struct progress *p,
		      const struct programmes *progs);

struct eval;
/* 评估: scores and grades per item, lead unit and city, with bars; the recommendations. */
int web_page_eval(struct ms_buf *out, const struct web_who *w, const struct eval *ev);
/*
 * The 评估 page with, for an administrator, the 评定 form: a refused rating
 * keeps what was typed (target, score, basis) and shows e beside the field
 * e->field names; ok is the line after a rating was recorded. NULLs: none.
 */
int web_page_eval_form(struct ms_buf *out, const struct web_who *w, const struct eval *ev, const char *target,
		       const char *score, const char *basis, const struct ms_err *e, const char *ok);

/* A page saying what went wrong, with a way back. */
void web_page_error(struct ms_buf *out, const struct web_who *w, unsigned status, const char *msg);

/* 登录: the form (next: where to go after), with the error of the last try. */
void web_page_login(struct ms_buf *out, const struct web_who *w, const char *next, const char *name,
		    const char *error);

struct ledger;
/* A refused row on the 报送 page: its indicator and why (e->field the box at fault). */
struct web_entry_err {
	const char *indicator;
	const struct ms_err *e;
};
/*
 * 报送: org's round (the open round when NULL) as one table, every
 * indicator of its breakdown with its report so far; posted (the refused
 * form's fields, named by box and indicator) and errs re-show a refused
 * submission: each message beside its box (marked, the first autofocused)
 * and all of them listed on top; error and ok are flash lines.
 */
int web_page_report(struct ms_buf *out, const struct web_who *w, struct ledger *l, const char *org,
		    const char *round, const struct web_fields *posted, const struct web_entry_err *errs,
		    size_t nerr, const char *error, const char *ok, struct ms_err *err);
/* What the 审核 page shows besides the round: an item (0: all), a region ("" or NULL: all), a status. */
struct web_review_filter {
	long item;
	const char *region;
	const char *status;          /* submitted (NULL), approved, returned, all */
};
/*
 * 审核: the reports of round the user reviews, filtered by f (NULL: those
 * awaiting review), each with the region's target and previous value and a
 * checkbox where the user may act; 全部通过 and 退回 for them in bulk.
 */
int web_page_review(struct ms_buf *out, const struct web_who *w, struct ledger *l, const char *round,
		    const struct web_review_filter *f, const char *error, const char *ok, struct ms_err *err);
/* 报送轮次 (administrators): each round's state, lock (after ticking 确认锁定) or reopen (with a reason). */
int web_page_rounds(struct ms_buf *out, const struct web_who *w, struct ledger *l, const char *error,
		    const char *ok, struct ms_err *err);
/* 台账日志: the journal, newest first, filtered by table, key prefix, actor and date. */
int web_page_journal(struct ms_buf *out, const struct web_who *w, struct store *st,
		     const struct web_fields *filter, struct ms_err *err);

#endif
