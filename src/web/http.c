/*
 * http.c - the request parsers of http.h: form fields, JSON bodies,
 * cookies. Each takes untrusted bytes; each refuses with a message that
 * names the field.
 */
#include "http.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/banned.h"

const char *web_field(const struct web_fields *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			return f->v[i].val;
	return NULL;
}

/* A message quoting key (clipped, and only when it is valid UTF-8). */
static int field_err(struct ms_err *err, const char *key, size_t klen, const char *why)
{
	if (!ms_utf8_valid(key, klen, NULL) || memchr(key, '\0', klen))
		return ms_err_set(err, "a field name: %s", why);
	return ms_err_set(err, "%.*s: %s", ms_utf8_clip(key, klen, 64), key, why);
}

int web_field_add(struct web_fields *f, const char *key, size_t klen, const char *val, size_t vlen,
		  struct ms_err *err)
{
	if (f->n == WEB_MAX_FIELDS)
		return ms_err_set(err, "more than %d fields (字段过多)", WEB_MAX_FIELDS);
	if (!klen)
		return ms_err_set(err, "a field without a name (字段名为空)");
	if (!ms_utf8_valid(key, klen, NULL) || memchr(key, '\0', klen))
		return field_err(err, key, klen, "the name is not valid UTF-8 text (字段名编码错误)");
	if (!ms_utf8_valid(val, vlen, NULL) || memchr(val, '\0', vlen))
		return field_err(err, key, klen, "the value is not valid UTF-8 text (非法的 UTF-8 编码)");
	f->v[f->n].key = ms_strndup(key, klen);
	f->v[f->n].val = ms_strndup(val, vlen);
	f->n++;
	return 0;
}

void web_fields_free(struct web_fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].val);
	}
	f->n = 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) (+ and %XX) into out; -1 on a bad escape. */
static int unescape(struct ms_buf *out, const char *s, size_t n)
{
	size_t i;

	ms_buf_reset(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			ms_buf_addch(out, ' ');
		} else if (s[i] == '%') {
			int hi, lo;

			if (n - i < 3)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			ms_buf_addch(out, hi * 16 + lo);
			i += 2;
		} else {
			ms_buf_addch(out, (unsigned char)s[i]);
		}
	}
	return 0;
}

int web_form_parse(struct web_fields *f, const char *s, size_t n, struct ms_err *err)
{
	struct ms_buf k = MS_BUF_INIT, v = MS_BUF_INIT;
	size_t i = 0;
	int rc = 0;

	while (i < n && !rc) {
		const char *p = s + i, *amp = memchr(p, '&', n - i), *eq;
		size_t len = amp ? (size_t)(amp - p) : n - i;

		i += len + 1;
		if (!len)
			continue;
		eq = memchr(p, '=', len);
		if (unescape(&k, p, eq ? (size_t)(eq - p) : len)) {
			rc = ms_err_set(err, "a field name has a bad %%XX escape (字段名转义错误)");
			break;
		}
		if (unescape(&v, eq ? eq + 1 : p + len, eq ? len - (size_t)(eq - p) - 1 : 0)) {
			rc = field_err(err, k.buf ? k.buf : "", k.len, "a bad %XX escape (转义错误)");
			break;
		}
		rc = web_field_add(f, k.buf ? k.buf : "", k.len, v.buf ? v.buf : "", v.len, err);
	}
	ms_buf_release(&k);
	ms_buf_release(&v);
	return rc;
}

int web_json_parse(struct web_fields *f, const char *s, size_t n, struct ms_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je), *v;
	const char *key;
	char num[64];
	int rc = 0;

	if (!j)
		return ms_err_set(err, "the body is not JSON: line %d, column %d: %.*s (请求体不是合法的 JSON)",
				  je.line, je.column, ms_utf8_clip(je.text, strlen(je.text), 160), je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return ms_err_set(err, "the body must be a JSON object {\"field\": value, ...}");
	}
	json_object_foreach(j, key, v) {
		const char *val = NULL;
		size_t vlen = 0;

		switch (json_typeof(v)) {
		case JSON_STRING:
			val = json_string_value(v);
			vlen = json_string_length(v);
			break;
		case JSON_INTEGER:
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			val = num;
			vlen = strlen(num);
			break;
		case JSON_REAL:
			/* money and shares are decimal text: refuse binary floating point quietly rounding */
			rc = field_err(err, key, strlen(key), "write decimals as a string (\"1234.56\"), not a JSON number "
				       "(小数请用字符串)");
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			val = json_is_true(v) ? "1" : "0";
			vlen = 1;
			break;
		case JSON_NULL:
			continue;
		default:
			rc = field_err(err, key, strlen(key), "expected a string, number or boolean, not an object or "
				       "array (字段类型错误)");
			break;
		}
		if (rc || (rc = web_field_add(f, key, strlen(key), val, vlen, err)))
			break;
	}
	json_decref(j);
	return rc;
}

int web_cookie(const char *h, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);

	while (h && *h) {
		size_t len;

		while (*h == ' ' || *h == ';')
			h++;
		len = strcspn(h, ";");
		if (len > nl && h[nl] == '=' && !strncmp(h, name, nl)) {
			size_t vl = len - nl - 1;

			if (vl >= n)
				return 0;
			memcpy(out, h + nl + 1, vl);
			out[vl] = '\0';
			return 1;
		}
		h += len;
	}
	return 0;
}

unsigned web_err_status(const struct ms_err *e)
{
	switch (e->kind) {
	case MS_E_NOTFOUND: return 404;
	case MS_E_CONFLICT: return 409;
	case MS_E_FORBIDDEN: return 403;
	case MS_E_INTERNAL: return 500;
	case MS_E_BUSY: return 503;
	case MS_E_UNAVAILABLE: return 503;
	case MS_E_STORAGE: return 507;
	case MS_E_LIMIT: return 429;
	case MS_E_MEDIA: return 415;
	case MS_E_TOO_LARGE: return 413;
	default: return 422;
	}
}
