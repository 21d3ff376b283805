/*
 * reply.h - the one way the web answers: HTML escaping (core's
 * ms_html_escape), JSON, HTML and redirect replies, a service's error as
 * an HTTP status with a JSON body or a page, and the pieces every form
 * shares (the CSRF hidden field, hidden fields, the flash message).
 */
#ifndef MS_WEB_REPLY_H
#define MS_WEB_REPLY_H

#include <jansson.h>

#include "web.h"

/* Appends s HTML-escaped (& < > " '); NULL appends nothing. */
void web_esc(struct ms_buf *o, const char *s);
/* The same for s[0..n), which need not be NUL-terminated (a stretch of a notice). */
void web_esc_n(struct ms_buf *o, const char *s, size_t n);

/* 200-599 with j as the body (pretty, UTF-8); consumes j. */
void web_reply_json(struct web_reply *r, unsigned status, json_t *j);
/* Marks the body already written into r->body as a JSON document with status (ms_jw, pretty). */
void web_reply_json_body(struct web_reply *r, unsigned status);
/* Marks the body already written into r->body as an HTML page with status. */
void web_reply_html(struct web_reply *r, unsigned status);
/* 303 to a local address (cut to fit the Location header), a one-line text body. */
void web_reply_redirect(struct web_reply *r, const char *to);

/*
 * An error: when html, the error page for w; else the JSON body
 * {"error": {"code": "not_found", "message": msg, "field": field}}, the
 * field only when field is set and not empty. A msg that is not valid
 * UTF-8 (it quotes the request) is replaced by a fixed message.
 */
void web_reply_error(struct web_reply *r, const struct web_who *w, int html, unsigned status,
		     const char *msg, const char *field);
/* A service's error: the status of web_err_status, its message and its field. */
void web_reply_err(struct web_reply *r, const struct web_who *w, int html, const struct ms_err *e);

/* The session's CSRF token as the form's hidden field "csrf". */
void web_csrf_field(struct ms_buf *o, const struct web_who *w);
/* <input type="hidden" name=NAME value=VALUE>, the value escaped. */
void web_hidden(struct ms_buf *o, const char *name, const char *value);
/*
 * The flash message above a form: cls "err" (role alert) or "ok" (role
 * status); nothing when text is NULL or empty.
 */
void web_flash(struct ms_buf *o, const char *cls, const char *text);
/*
 * What marks the input named name as the one at fault: ' class="bad"
 * aria-invalid="true"' when name is field, else nothing.
 */
void web_mark_bad(struct ms_buf *o, const char *name, const char *field);

#endif
