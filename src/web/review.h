/*
 * review.h - a notice read into a plan over the web, shared by the
 * 通知导入 pages (review.c) and the API (api_plan.c): the text and the
 * plan id from the request, the importer (notice/notice.h) run with the
 * database's organisations, and the draft stored as a new plan (plan_add:
 * validated, an existing id refused, one transaction with its plan.load
 * journal row). Who may import is routes.c's to decide (auth_may_plan).
 */
#ifndef MS_WEB_REVIEW_H
#define MS_WEB_REVIEW_H

#include "core/hash.h"
#include "notice/notice.h"
#include "plan/orgs.h"
#include "web.h"

#define WEB_NOTICE_ID_MAX 64   /* a plan id typed in the form */

struct web_notice_in {
	const char *text;                      /* the notice's bytes as received (borrowed from rq) */
	size_t len;
	char id[WEB_NOTICE_ID_MAX + 1];        /* the plan id: given, or from the text's hash */
	char sha[MS_SHA256_HEX_LEN + 1];       /* of the text with its line breaks made LF */
};

/*
 * The notice is the form's or the JSON body's "text" field, or for the
 * API (api) the raw body (rq->text: UTF-8 or GB18030); the plan id is the
 * "id" field or query, or "notice-" and the first 12 hex digits of the
 * text's sha256. -1 with err (MS_E_INVALID, field "text" or "id") when
 * either is missing or malformed.
 */
int web_notice_read(const struct web_req *rq, int api, struct web_notice_in *in, struct ms_err *err);

/* Imports in's text into r, the database's organisations into orgs (both the caller's to release); -1 with err. */
int web_notice_import(struct store *st, const struct web_notice_in *in, struct plan_orgs *orgs,
		      struct notice_result *r, struct ms_err *err);

/*
 * Stores r's draft as a new plan by actor; report gets the validation
 * problems, one a line. -1 with err: MS_E_CONFLICT for an id taken,
 * MS_E_INVALID for a draft that does not validate.
 */
/* u: who stores it (the actor); an administrator of 南昌 stores 南昌's plans (and below) only. */
int web_notice_store(struct store *st, const struct notice_result *r, const struct plan_orgs *orgs,
		     const struct auth_user *u, struct ms_buf *report, struct ms_err *err);

#endif
