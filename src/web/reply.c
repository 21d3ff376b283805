/*
 * reply.c - every reply the web gives: escaped HTML, JSON, redirects and
 * errors (a page for a person, JSON naming the field for a program), and
 * the hidden fields and messages the forms share.
 */
#include "reply.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/banned.h"

void web_esc(struct ms_buf *o, const char *s)
{
	if (s)
		ms_html_escape(o, s);
}

void web_esc_n(struct ms_buf *o, const char *s, size_t n)
{
	struct ms_buf t = MS_BUF_INIT;
	size_t i = 0, z;

	/* escaped a NUL-terminated piece at a time; a NUL byte (no HTML meaning) as it is */
	while (i < n) {
		const char *nul = memchr(s + i, '\0', n - i);

		z = nul ? (size_t)(nul - s) : n;
		ms_buf_reset(&t);
		ms_buf_add(&t, s + i, z - i);
		ms_html_escape(o, t.buf);
		if (z < n)
			ms_buf_add(o, s + z, 1);
		i = z + 1;
	}
	ms_buf_release(&t);
}

void web_reply_json(struct web_reply *r, unsigned status, json_t *j)
{
	r->status = status;
	r->type = "application/json; charset=utf-8";
	ms_buf_reset(&r->body);
	ms_json_dump(&r->body, j, 1);
	json_decref(j);
}

void web_reply_json_body(struct web_reply *r, unsigned status)
{
	r->status = status;
	r->type = "application/json; charset=utf-8";
}

void web_reply_html(struct web_reply *r, unsigned status)
{
	r->status = status;
	r->type = "text/html; charset=utf-8";
}

void web_reply_redirect(struct web_reply *r, const char *to)
{
	r->status = 303;
	r->type = "text/plain; charset=utf-8";
	snprintf(r->location, sizeof(r->location), "%s", to);
	ms_buf_reset(&r->body);
	ms_buf_addf(&r->body, "see %s\n", r->location);
}

static const char *status_code(unsigned status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "payload_too_large";
	case 414: return "uri_too_long";
	case 415: return "unsupported_media_type";
	case 422: return "unprocessable";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	case 507: return "insufficient_storage";
	default: return "internal";
	}
}

void web_reply_error(struct web_reply *r, const struct web_who *w, int html, unsigned status,
		     const char *msg, const char *field)
{
	json_t *j, *e;

	if (html) {
		ms_buf_reset(&r->body);
		web_page_error(&r->body, w, status, msg);
		web_reply_html(r, status);
		return;
	}
	j = json_pack("{s:{s:s, s:s}}", "error", "code", status_code(status), "message", msg);
	/* a message quoting invalid UTF-8 from the request cannot be JSON: say less */
	if (!j)
		j = json_pack("{s:{s:s, s:s}}", "error", "code", status_code(status), "message",
			      "the request holds text that is not valid UTF-8 (非法的 UTF-8 编码)");
	e = json_object_get(j, "error");
	if (field && *field)
		json_object_set_new(e, "field", json_string(field));
	web_reply_json(r, status, j);
}

void web_reply_err(struct web_reply *r, const struct web_who *w, int html, const struct ms_err *e)
{
	web_reply_error(r, w, html, web_err_status(e), e->msg, e->field);
	if (e->kind == MS_E_BUSY)
		r->retry_after = 1;
}

void web_page_error(struct ms_buf *o, const struct web_who *w, unsigned status, const char *msg)
{
	const char *title = status == 404 ? "页面不存在" : status == 403 ? "无权操作" :
			    status == 401 ? "请先登录" : status >= 500 ? "系统错误" : "请求有误";

	web_page_begin(o, title, w);
	web_flash(o, "err", msg);
	ms_buf_addf(o, "<p>状态码 %u。<a href=\"/\">返回总览</a></p>\n", status);
	web_page_end(o);
}

void web_csrf_field(struct ms_buf *o, const struct web_who *w)
{
	web_hidden(o, "csrf", w->csrf);
}

void web_hidden(struct ms_buf *o, const char *name, const char *value)
{
	ms_buf_addf(o, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	web_esc(o, value);
	ms_buf_adds(o, "\">");
}

void web_flash(struct ms_buf *o, const char *cls, const char *text)
{
	if (!text || !*text)
		return;
	ms_buf_addf(o, "<p class=\"%s\" role=\"%s\">", cls, strcmp(cls, "err") ? "status" : "alert");
	web_esc(o, text);
	ms_buf_adds(o, "</p>\n");
}

void web_mark_bad(struct ms_buf *o, const char *name, const char *field)
{
	if (field && *field && !strcmp(name, field))
		ms_buf_adds(o, " class=\"bad\" aria-invalid=\"true\"");
}
