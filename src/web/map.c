/*
 * map.c - the county boundaries of the 民生地图 (map.h): the shipped file's
 * parser. The pages that draw it are in sites.c.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

/* The next tab-separated field of line [*p, end) into f[0..n); -1 when there is none. */
static int field(const char **p, const char *end, const char **f, size_t *n)
{
	const char *tab;

	if (*p > end)
		return -1;
	tab = memchr(*p, '\t', (size_t)(end - *p));
	*f = *p;
	*n = tab ? (size_t)(tab - *p) : (size_t)(end - *p);
	*p = tab ? tab + 1 : end + 1;
	return 0;
}

/* A decimal integer (optional '-') that is all of f[0..n), within ±10^15. */
static int num(const char *f, size_t n, int64_t *v)
{
	size_t i = 0;
	int neg = 0;

	*v = 0;
	if (n && f[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n || n - i > 15)
		return -1;
	for (; i < n; i++) {
		if (f[i] < '0' || f[i] > '9')
			return -1;
		*v = *v * 10 + (f[i] - '0');
	}
	if (neg)
		*v = -*v;
	return 0;
}

/* Copies f[0..n) into out (size cap) when it fits and holds no control byte or markup character. */
static int text(const char *f, size_t n, char *out, size_t cap)
{
	size_t i;

	if (!n || n >= cap)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)f[i] < 0x20 || f[i] == '<' || f[i] == '>' || f[i] == '&' || f[i] == '"')
			return -1;
	memcpy(out, f, n);
	out[n] = '\0';
	return 0;
}

/* A path of absolute moves, relative lines and closes only: "M12 34l1 -2 3 4z…". */
static int path_ok(const char *f, size_t n)
{
	size_t i;

	if (n < 2 || f[0] != 'M' || f[n - 1] != 'z')
		return -1;
	for (i = 0; i < n; i++)
		if (!strchr("Mlz- 0123456789", f[i]) || !f[i])
			return -1;
	return 0;
}

static int county(struct web_map *m, const char *p, const char *end, struct ms_err *err, long ln)
{
	struct web_map_county *c = &m->c[m->n];
	const char *f[6];
	size_t n[6], k;
	int64_t cx, cy;

	if (m->n == WEB_MAP_MAX)
		return ms_err_set(err, "地图数据第 %ld 行：区县超过 %d 个 (line %ld: too many counties)", ln,
				  WEB_MAP_MAX, ln);
	for (k = 0; k < 6; k++)
		if (field(&p, end, &f[k], &n[k]))
			return ms_err_set(err, "地图数据第 %ld 行：少了第 %zu 列 (line %ld: column %zu missing)", ln,
					  k + 2, ln, k + 2);
	if (p <= end)
		return ms_err_set(err, "地图数据第 %ld 行：多余的列 (line %ld: extra columns)", ln, ln);
	if (n[0] != 6 || text(f[0], n[0], c->code, sizeof(c->code)) || strspn(c->code, "0123456789") != 6 ||
	    n[2] != 6 || text(f[2], n[2], c->parent, sizeof(c->parent)) || strspn(c->parent, "0123456789") != 6)
		return ms_err_set(err, "地图数据第 %ld 行：区划代码应为 6 位数字 (line %ld: a code is not 6 digits)",
				  ln, ln);
	if (text(f[1], n[1], c->name, sizeof(c->name)))
		return ms_err_set(err, "地图数据第 %ld 行：名称为空、过长或含有 <>&\" (line %ld: bad name)", ln, ln);
	if (num(f[3], n[3], &cx) || num(f[4], n[4], &cy) || cx < 0 || cy < 0 || cx > m->w || cy > m->h)
		return ms_err_set(err, "地图数据第 %ld 行：标注点不在图框内 (line %ld: label point outside the box)",
				  ln, ln);
	if (path_ok(f[5], n[5]))
		return ms_err_set(err, "地图数据第 %ld 行：路径只能含 M、l、z、数字、空格和负号 (line %ld: bad path)",
				  ln, ln);
	c->cx = (int)cx;
	c->cy = (int)cy;
	c->d = (size_t)(f[5] - m->text);
	c->dlen = n[5];
	m->n++;
	return 0;
}

static int header(struct web_map *m, const char *key, size_t klen, const char *p, const char *end,
		  struct ms_err *err, long ln)
{
	const char *f;
	size_t n;
	int64_t v[4];
	int k;

	if (m->n)
		return ms_err_set(err, "地图数据第 %ld 行：%.*s 须在区县之前 (line %ld: %.*s comes before the counties)", ln,
				  (int)klen, key, ln, (int)klen, key);
	if ((klen == 7 && !memcmp(key, "viewbox", 7) && m->w) || (klen == 4 && !memcmp(key, "proj", 4) && m->kx))
		return ms_err_set(err, "地图数据第 %ld 行：%.*s 重复 (line %ld: a second %.*s)", ln, (int)klen, key, ln,
				  (int)klen, key);
	if (klen == 7 && !memcmp(key, "viewbox", 7)) {
		/* "0 0 W H" */
		if (field(&p, end, &f, &n) || n < 7 || n > 40 || memcmp(f, "0 0 ", 4))
			goto bad;
		{
			const char *sp = memchr(f + 4, ' ', n - 4);

			if (!sp || num(f + 4, (size_t)(sp - f - 4), &v[0]) ||
			    num(sp + 1, (size_t)(f + n - sp - 1), &v[1]) || v[0] < 1 || v[1] < 1 || v[0] > 100000 ||
			    v[1] > 100000)
				goto bad;
		}
		m->w = (int)v[0];
		m->h = (int)v[1];
		return 0;
	}
	if (klen == 4 && !memcmp(key, "proj", 4)) {
		for (k = 0; k < 4; k++)
			if (field(&p, end, &f, &n) || num(f, n, &v[k]))
				goto bad;
		if (v[2] <= 0 || v[3] <= 0 || v[0] < -180000000 || v[0] > 180000000 || v[1] < -90000000 ||
		    v[1] > 90000000)
			goto bad;
		m->lon0 = v[0];
		m->lat0 = v[1];
		m->kx = v[2];
		m->ky = v[3];
		return 0;
	}
	return ms_err_set(err, "地图数据第 %ld 行：不认识的行 (line %ld: unknown line)", ln, ln);
bad:
	return ms_err_set(err, "地图数据第 %ld 行：%.*s 的值不对 (line %ld: bad %.*s)", ln, (int)klen, key, ln,
			  (int)klen, key);
}

int web_map_parse(struct web_map *m, const char *src, size_t len, struct ms_err *err)
{
	const char *p, *end;
	long ln = 0;

	memset(m, 0, sizeof(*m));
	m->text = malloc(len + 1);
	if (!m->text)
		abort();
	memcpy(m->text, src, len);
	m->text[len] = '\0';
	for (p = m->text, end = m->text + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *q = p, *key;
		size_t klen;

		ln++;
		if (le > p && *p != '#') {
			field(&q, le, &key, &klen);
			if (klen == 6 && !memcmp(key, "county", 6)) {
				if (!m->w || !m->kx) {
					ms_err_set(err, "地图数据第 %ld 行：viewbox 和 proj 须在区县之前 "
						   "(line %ld: viewbox and proj come first)", ln, ln);
					goto fail;
				}
				if (county(m, q, le, err, ln))
					goto fail;
			} else if (header(m, key, klen, q, le, err, ln)) {
				goto fail;
			}
		}
		p = le + 1;
	}
	if (!m->n) {
		ms_err_set(err, "地图数据里没有区县 (no county in the map data)");
		goto fail;
	}
	return 0;
fail:
	web_map_free(m);
	return -1;
}

void web_map_free(struct web_map *m)
{
	free(m->text);
	memset(m, 0, sizeof(*m));
}

int web_map_project(const struct web_map *m, int64_t lat_e6, int64_t lon_e6, double *x, double *y)
{
	*x = (double)(lon_e6 - m->lon0) / 1e6 * (double)m->kx / 1e6;
	*y = (double)(m->lat0 - lat_e6) / 1e6 * (double)m->ky / 1e6;
	return *x >= 0 && *y >= 0 && *x <= m->w && *y <= m->h;
}
