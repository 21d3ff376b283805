/*
 * multipart.c - multipart/form-data (RFC 7578), the body a browser sends
 * for a form with a file: the boundary from the Content-Type, then parts
 * of headers and bytes. Text parts become fields (UTF-8 checked, as a
 * urlencoded form's); parts with a filename become files pointing into
 * the body, which must outlive them. Untrusted bytes: every refusal names
 * the part; nothing is kept from a refused body (fuzz_multipart.c).
 */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/banned.h"

#define MP_MAX_BOUNDARY 70      /* RFC 2046 */
#define MP_MAX_HEADERS 4096     /* bytes of one part's headers */
#define MP_MAX_NAME 256         /* bytes of a field name or file name */

static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t i;

	if (nn > hn)
		return NULL;
	for (i = 0; i + nn <= hn; i++) {
		const char *p = memchr(hay + i, needle[0], hn - nn + 1 - i);

		if (!p)
			return NULL;
		if (!memcmp(p, needle, nn))
			return p;
		i = (size_t)(p - hay);
	}
	return NULL;
}

/*
 * The value of parameter name (boundary, name, filename) in a header's
 * "; name=value" list, quoted or not, copied into out; its length, -1
 * when absent, -2 when malformed (no closing quote, too long).
 */
static int header_param(const char *h, size_t hn, const char *name, char *out, size_t outn)
{
	size_t nl = strlen(name), i = 0;

	while (i < hn) {
		const char *semi = memchr(h + i, ';', hn - i);
		size_t j, k = 0;

		if (!semi)
			return -1;
		i = (size_t)(semi - h) + 1;
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		if (hn - i <= nl || strncasecmp(h + i, name, nl) || h[i + nl] != '=')
			continue;
		j = i + nl + 1;
		if (j < hn && h[j] == '"') {
			for (j++; j < hn && h[j] != '"'; j++) {
				if (h[j] == '\\' && j + 1 < hn)
					j++;
				if (k + 1 >= outn)
					return -2;
				out[k++] = h[j];
			}
			if (j >= hn)
				return -2;    /* no closing quote */
		} else {
			for (; j < hn && h[j] != ';' && h[j] != ' ' && h[j] != '\t'; j++) {
				if (k + 1 >= outn)
					return -2;
				out[k++] = h[j];
			}
		}
		out[k] = '\0';
		return (int)k;
	}
	return -1;
}

/* The value of header name in a part's header block (CRLF-separated), or NULL; its length in *vn. */
static const char *header_value(const char *h, size_t hn, const char *name, size_t *vn)
{
	size_t nl = strlen(name), i = 0;

	while (i < hn) {
		const char *eol = find(h + i, hn - i, "\r\n", 2);
		size_t len = eol ? (size_t)(eol - (h + i)) : hn - i;

		if (len > nl && !strncasecmp(h + i, name, nl) && h[i + nl] == ':') {
			size_t s = i + nl + 1;

			while (s < i + len && (h[s] == ' ' || h[s] == '\t'))
				s++;
			*vn = i + len - s;
			return h + s;
		}
		i += len + 2;
	}
	return NULL;
}

static int part_err(struct ms_err *err, size_t part, const char *why)
{
	return ms_err_set(err, "multipart part %zu: %s", part, why);
}

/* One part: headers h (hn bytes), its data d (dn bytes). */
static int take_part(struct web_fields *f, struct web_files *files, size_t part, const char *h, size_t hn,
		     const char *d, size_t dn, struct ms_err *err)
{
	char name[MP_MAX_NAME], fname[MP_MAX_NAME];
	const char *disp, *type;
	size_t dl, tl = 0;
	int nl, fl;
	struct web_file *wf;

	if (!(disp = header_value(h, hn, "Content-Disposition", &dl)) || dl < 9 || strncasecmp(disp, "form-data", 9))
		return part_err(err, part, "no Content-Disposition: form-data (缺少字段说明)");
	if ((nl = header_param(disp, dl, "name", name, sizeof(name))) <= 0)
		return part_err(err, part, "a part without a field name (字段名为空)");
	fl = header_param(disp, dl, "filename", fname, sizeof(fname));
	if (fl == -2)
		return part_err(err, part, "the file name is malformed or too long (文件名有误)");
	if (fl < 0)
		return web_field_add(f, name, (size_t)nl, d, dn, err);
	if (files->n == WEB_MAX_FILES)
		return part_err(err, part, "more than 8 files (文件过多)");
	if (!ms_utf8_valid(name, (size_t)nl, NULL) || !ms_utf8_valid(fname, (size_t)fl, NULL))
		return part_err(err, part, "the field or file name is not valid UTF-8 text (文件名编码错误)");
	type = header_value(h, hn, "Content-Type", &tl);
	if (type && !ms_utf8_valid(type, tl, NULL))
		type = NULL;
	wf = &files->v[files->n++];
	wf->field = ms_strndup(name, (size_t)nl);
	wf->name = ms_strndup(fname, (size_t)fl);
	wf->type = type ? ms_strndup(type, tl < 127 ? tl : 127) : ms_strndup("", 0);
	wf->data = d;
	wf->len = dn;
	return 0;
}

int web_multipart_parse(struct web_fields *f, struct web_files *files, const char *type, const char *body,
			size_t n, struct ms_err *err)
{
	char boundary[MP_MAX_BOUNDARY + 5];
	char delim[MP_MAX_BOUNDARY + 8];
	const char *p, *end;
	size_t dn, part = 0;
	int bl;

	if (!body || !n)
		return ms_err_set(err, "an empty multipart body (表单内容为空)");
	end = body + n;
	bl = type ? header_param(type, strlen(type), "boundary", boundary, MP_MAX_BOUNDARY + 1) : -1;
	if (bl <= 0 || bl > MP_MAX_BOUNDARY)
		return ms_err_set(err, "multipart/form-data without a valid boundary (表单边界缺失)");
	dn = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* the first delimiter may open the body without its CRLF */
	if (n >= dn - 2 && !memcmp(body, delim + 2, dn - 2))
		p = body + dn - 2;
	else if (!(p = find(body, n, delim, dn)))
		return ms_err_set(err, "multipart body without its boundary (表单内容不完整)");
	else
		p += dn;
	for (;;) {
		const char *h, *hend, *next;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;     /* the closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return part_err(err, part + 1, "the boundary line is not followed by CRLF (表单格式错误)");
		h = p + 2;
		part++;
		/* a part with no headers at all has its blank line right away */
		if (end - h >= 2 && h[0] == '\r' && h[1] == '\n')
			return part_err(err, part, "a part without headers (缺少字段说明)");
		if (!(hend = find(h, (size_t)(end - h), "\r\n\r\n", 4)) || hend - h > MP_MAX_HEADERS)
			return part_err(err, part, "the part's headers do not end (表单格式错误)");
		if (!(next = find(hend + 4, (size_t)(end - (hend + 4)), delim, dn)))
			return part_err(err, part, "the body ends inside this part (表单内容不完整)");
		if (take_part(f, files, part, h, (size_t)(hend - h), hend + 4, (size_t)(next - (hend + 4)), err))
			return -1;
		p = next + dn;
	}
}

const struct web_file *web_file_get(const struct web_files *files, const char *field)
{
	size_t i;

	for (i = 0; i < files->n; i++)
		if (!strcmp(files->v[i].field, field))
			return &files->v[i];
	return NULL;
}

void web_files_free(struct web_files *files)
{
	size_t i;

	for (i = 0; i < files->n; i++) {
		free(files->v[i].field);
		free(files->v[i].name);
		free(files->v[i].type);
	}
	files->n = 0;
}
