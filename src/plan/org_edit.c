/*
 * org_edit.c - org add and org set: an organisation and its contact (联系人,
 * 联系电话), checked, written in one transaction with its journal row.
 */
#include "org_edit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/banned.h"

/* s: valid UTF-8, no control characters, at most max characters (empty allowed unless need). */
static int check_text(const char *s, size_t max, int need, const char *field, const char *what,
		      struct ms_err *err)
{
	size_t i = 0, len = strlen(s), n = 0;
	uint32_t cp;

	if (need && !s[strspn(s, " ")])
		return ms_err_field(err, MS_E_INVALID, field, "%s不能为空 (the %s is empty)", what, field);
	while (i < len) {
		if (ms_utf8_decode(s, len, &i, &cp) || cp < 0x20 || cp == 0x7f)
			return ms_err_field(err, MS_E_INVALID, field, "%s含有无效字符 (the %s holds a character "
					    "that is not allowed)", what, field);
		n++;
	}
	if (n > max)
		return ms_err_field(err, MS_E_INVALID, field, "%s过长，至多 %zu 个字 (the %s is longer than %zu "
				    "characters)", what, max, field, max);
	return 0;
}

/* A telephone number as offices write it: 0791-86240000, (0791) 8624 0000, 13800000000 转 123. */
static int check_phone(const char *s, struct ms_err *err)
{
	const char *p;
	int digits = 0;

	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" -+()", *p) && strncmp(p, "转", strlen("转")))
			return ms_err_field(err, MS_E_INVALID, "phone", "联系电话只能含数字、空格、- + ( ) 和“转”，如 "
					    "0791-86240000 (a telephone number holds digits, spaces, - + ( ) and 转)");
		else if (*p == "转"[0])
			p += strlen("转") - 1;
	}
	if (*s && (digits < 5 || strlen(s) > 40))
		return ms_err_field(err, MS_E_INVALID, "phone", "联系电话应有 5 到 40 位，如 0791-86240000 (a telephone "
				    "number has 5 to 40 characters with its digits)");
	return 0;
}

static int check_code(const char *s, struct ms_err *err)
{
	size_t n = s ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") : 0;

	if (!s || !*s || s[n] || n > 31)
		return ms_err_field(err, MS_E_INVALID, "code", "单位代码须为 1 到 31 个字母、数字、_ 或 -，如 360100、civil "
				    "(an organisation code is 1 to 31 letters, digits, _ or -)");
	return 0;
}

static int check_contact(const struct org_edit *e, struct ms_err *err)
{
	return (e->contact && check_text(e->contact, 20, 0, "contact", "联系人", err)) ||
	       (e->phone && check_phone(e->phone, err)) ? -1 : 0;
}

static int add_work(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err)
{
	static const char *const kinds[] = { "province", "city", "county", "department", "office", "township" };
	struct store_org_row o;
	size_t k;
	int rc;

	for (k = 0; k < 6 && (!e->kind || strcmp(e->kind, kinds[k])); k++)
		;
	if (k == 6)
		return ms_err_field(err, MS_E_INVALID, "kind", "单位类别须为 province、city、county、township、department 或 "
				    "office (the kind is province, city, county, township, department or office)");
	/* a township (乡镇/街道): nine digits, the first six its county's */
	if (k == 5 && (strlen(e->code) != 9 || strspn(e->code, "0123456789") != 9 || !e->parent ||
		       strlen(e->parent) != 6 || strncmp(e->code, e->parent, 6)))
		return ms_err_field(err, MS_E_INVALID, "code", "乡镇代码须为九位数字，前六位为所在县级区划的代码，如 360121100 "
				    "(a township's code is nine digits, the first six its county's)");
	if (check_text(e->name ? e->name : "", 40, 1, "name", "单位名称", err) || check_contact(e, err))
		return -1;
	if ((rc = store_org_get(st, e->code, &o, err)) != 0)
		return rc < 0 ? -1 : ms_err_field(err, MS_E_CONFLICT, "code", "单位代码 %s 已有：%s (the code is "
						  "taken)", e->code, o.name);
	if (e->parent && *e->parent) {
		if ((rc = store_org_get(st, e->parent, &o, err)) <= 0)
			return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "parent", "上级单位 %s 不存在 (no "
							  "organisation %s)", e->parent, e->parent);
	} else if (k != 0) {
		return ms_err_field(err, MS_E_INVALID, "parent", "除省以外的单位须有上级单位 (every organisation but a "
				    "province has a parent)");
	}
	if (store_org_put(st, e->code, e->name, e->kind, e->parent, NULL, err) ||
	    (e->contact || e->phone ? store_org_update(st, e->code, NULL, e->contact, e->phone, err) < 0 : 0))
		return -1;
	return store_journal_json(st, actor, "org.add", "org", e->code, NULL,
				  json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", e->code, "name", e->name,
					    "kind", e->kind, "parent", e->parent ? e->parent : "",
					    "contact", e->contact ? e->contact : "", "phone", e->phone ? e->phone : ""),
				  err);
}

int org_add(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err)
{
	if (check_code(e->code, err) || store_begin(st, err))
		return -1;
	return store_end(st, add_work(st, e, actor, err), err);
}

static int set_work(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err)
{
	struct store_org_row o, n;
	json_t *before;
	char *text;
	int rc;

	if (!e->name && !e->contact && !e->phone)
		return ms_err_setk(err, MS_E_INVALID, "没有要修改的内容：请给出名称、联系人或联系电话 (nothing to "
				   "change: give a name, a contact or a phone number)");
	if ((e->name && check_text(e->name, 40, 1, "name", "单位名称", err)) || check_contact(e, err))
		return -1;
	if ((rc = store_org_get(st, e->code, &o, err)) <= 0)
		return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "code", "单位 %s 不存在 (no organisation %s)",
						  e->code, e->code);
	if (store_org_update(st, e->code, e->name, e->contact, e->phone, err) < 0 ||
	    store_org_get(st, e->code, &n, err) != 1)
		return -1;
	before = json_pack("{s:s, s:s, s:s}", "name", o.name, "contact", o.contact, "phone", o.phone);
	text = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(before);
	rc = store_journal_json(st, actor, "org.set", "org", e->code, text,
				json_pack("{s:s, s:s, s:s}", "name", n.name, "contact", n.contact, "phone", n.phone),
				err);
	free(text);
	return rc;
}

int org_set(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err)
{
	if (check_code(e->code, err) || store_begin(st, err))
		return -1;
	return store_end(st, set_work(st, e, actor, err), err);
}
