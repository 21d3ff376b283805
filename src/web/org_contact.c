/*
 * org_contact.c - an organisation's 联系人 and 联系电话 on a web page: the
 * ones the 台账 and the 通报 print. A unit's users keep their own unit's;
 * an administrator any unit's (?org=CODE). Saved through org_set (one
 * transaction with its journal row "org.set").
 */
#include "route.h"

#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "plan/org_edit.h"
#include "core/banned.h"

/* The org of the page: ?org= (an administrator's choice), else the user's. 0 after replying. */
static const char *contact_org(struct web_ctx *c)
{
	const char *org = web_arg(c, "org");

	if (!org || !*org)   /* an administrator of no unit: the office's, the one the 通报 names */
		org = *c->u.org || c->u.role != ROLE_ADMIN ? c->u.org : "office";
	if (!*org) {
		web_fail(c, 400, "请选择单位 (choose a unit: ?org=CODE)");
		return NULL;
	}
	if (c->u.role != ROLE_ADMIN && strcmp(org, c->u.org)) {
		web_fail(c, 403, "只能修改本单位的联系人，其他单位请由管理员修改 (only your own unit's contact)");
		return NULL;
	}
	return org;
}

struct pick {
	struct ms_buf *o;
	const char *at;
};

/* An option of the administrator's picker: every unit but the counties and townships. */
static int org_option(const struct store_org *og, void *arg)
{
	struct pick *p = arg;

	if (!strcmp(og->kind, "county") || !strcmp(og->kind, "township"))
		return 0;
	ms_buf_adds(p->o, "<option value=\"");
	web_esc(p->o, og->code);
	ms_buf_addf(p->o, "\"%s>", strcmp(og->code, p->at) ? "" : " selected");
	web_esc(p->o, og->name);
	ms_buf_adds(p->o, og->contact[0] ? "" : "（未填）");
	ms_buf_adds(p->o, "</option>");
	return 0;
}

static void contact_page(struct web_ctx *c, const char *org, const struct ms_err *e, const char *saved)
{
	struct ms_buf *o = &c->r->body;
	struct store_org_row og;
	struct ms_err err;
	const char *field = e ? e->field : "", *v;
	int rc = store_org_get(c->st, org, &og, &err);

	if (rc != 1) {
		if (rc == 0)
			web_fail_field(c, 404, "org", "没有这个单位 (no such unit)");
		else
			web_fail_err(c, &err);
		return;
	}
	ms_buf_reset(o);
	web_page_begin(o, "单位联系人", &c->who);
	ms_buf_adds(o, "<h2>单位联系人</h2>\n<p>");
	web_esc(o, og.name);
	ms_buf_adds(o, "（");
	web_esc(o, og.code);
	ms_buf_adds(o, "）的联系人和联系电话印在任务台账和通报上。</p>\n");
	if (c->u.role == ROLE_ADMIN) {
		struct pick p = { o, og.code };

		ms_buf_adds(o, "<form class=\"pick\" method=\"get\" action=\"/org/contact\"><label>单位 <select name=\"org\">");
		store_org_each(c->st, NULL, org_option, &p, NULL);
		ms_buf_adds(o, "</select></label><button type=\"submit\">查看</button></form>\n");
	}
	web_flash(o, "err", e ? e->msg : NULL);
	web_flash(o, "ok", saved);
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/org/contact\">");
	web_csrf_field(o, &c->who);
	web_hidden(o, "org", og.code);
	v = e ? web_arg(c, "contact") : og.contact;
	ms_buf_adds(o, "<label>联系人 <input name=\"contact\" maxlength=\"20\" autocomplete=\"name\" value=\"");
	web_esc(o, v ? v : "");
	ms_buf_adds(o, "\"");
	web_mark_bad(o, "contact", field);
	ms_buf_adds(o, "></label>\n");
	v = e ? web_arg(c, "phone") : og.phone;
	ms_buf_adds(o, "<label>联系电话 <input name=\"phone\" type=\"tel\" maxlength=\"40\" autocomplete=\"tel\" value=\"");
	web_esc(o, v ? v : "");
	ms_buf_adds(o, "\"");
	web_mark_bad(o, "phone", field);
	ms_buf_adds(o, "></label>\n<button type=\"submit\">保存</button></form>\n");
	ms_buf_adds(o, "<p class=\"legend\">电话可含数字、空格、- + ( ) 和“转”；留空即清除。</p>\n");
	web_page_end(o);
	web_reply_html(c->r, e ? web_err_status(e) : 200);
}

/* GET /org/contact[?org=CODE] */
void page_org_contact(struct web_ctx *c)
{
	const char *org = contact_org(c);

	if (org)
		contact_page(c, org, NULL, web_arg(c, "saved") ? "已保存。" : NULL);
}

/* POST /org/contact: org, contact, phone */
void form_org_contact(struct web_ctx *c)
{
	const char *org = contact_org(c), *contact = web_arg(c, "contact"), *phone = web_arg(c, "phone");
	struct org_edit e = { 0 };
	struct ms_err err;
	char to[96];

	if (!org)
		return;
	e.code = org;
	e.contact = contact ? contact : "";
	e.phone = phone ? phone : "";
	if (org_set(c->st, &e, c->u.name, &err)) {
		if (c->api)
			web_fail_err(c, &err);
		else
			contact_page(c, org, &err, NULL);
		return;
	}
	snprintf(to, sizeof(to), "/org/contact?org=%s&saved=1", org);
	web_reply_redirect(c->r, to);
}
