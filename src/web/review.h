/*
 * review.h - 通知导入 over the web: the text of a notice (pasted in a form
 * or posted to the API) read by the importer (notice/notice.h), reviewed
 * beside the source with every fact marked, and stored as a new plan
 * (plan_add: validated, an existing id refused, one transaction with its
 * plan.load journal row).
 *
 * routes.c decides who may (auth_may_plan, the CSRF token of a cookie
 * session) before calling web_notice; review.c only reads, renders and
 * stores.
 */
#ifndef MS_WEB_REVIEW_H
#define MS_WEB_REVIEW_H

#include "web.h"

/* The notice importer's addresses (the rows of routes[] that call web_notice). */
enum web_notice_route {
	WEB_NOTICE_FORM,        /* GET  /notice: the paste form */
	WEB_NOTICE_REVIEW,      /* POST /notice: source and draft side by side */
	WEB_NOTICE_ACCEPT,      /* POST /notice/accept: stored, a page says so */
	WEB_NOTICE_API_IMPORT,  /* POST /api/v1/notice/import: 200 {plan, facts, problems, encoding} */
	WEB_NOTICE_API_PLAN,    /* POST /api/v1/plans?id=ID: 201 {id} */
};

/*
 * Answers one request to the importer for the user in w (already allowed).
 * The notice is the form's or the JSON body's "text" field, or for the API
 * the raw body (rq->text: UTF-8 or GB18030); the plan id is the "id" field
 * or query, or "notice-" and the first 12 hex digits of the text's sha256.
 * A page's refusal that the person can fix (no text, no item found, the id
 * taken) re-shows the page with the message, and counts as answered.
 *
 * Returns 0 with r filled, or the HTTP status of a refusal (400, 409, 422,
 * 500) with err saying why, for the caller to answer as every other error.
 */
unsigned web_notice(enum web_notice_route what, struct store *st, const struct web_who *w,
		    const struct web_req *rq, struct web_reply *r, struct ms_err *err);

#endif
