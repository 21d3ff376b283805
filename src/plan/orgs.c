/*
 * orgs.c - loading organisations from CSV (see orgs.h).
 */
#include "orgs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/banned.h"

static const char *const org_kinds[] = {
	"province", "city", "county", "township", "department", "office", NULL
};

static int kind_ok(const char *k)
{
	size_t i;

	for (i = 0; org_kinds[i]; i++)
		if (!strcmp(org_kinds[i], k))
			return 1;
	return 0;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		abort();
	return p;
}

const struct plan_org *plan_orgs_find(const struct plan_orgs *o, const char *code)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].code, code))
			return &o->v[i];
	return NULL;
}

size_t plan_orgs_count(const struct plan_orgs *o, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < o->n; i++)
		n += !strcmp(o->v[i].kind, kind);
	return n;
}

static int code_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 32)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* The header row: where code, name, level (or kind) and parent stand. */
static int header_columns(const struct ms_csv_row *row, const char *path, int col[5],
			  struct ms_err *err)
{
	static const char *const names[] = { "code", "name", "level", "parent" };
	size_t i;

	for (i = 0; i < row->n; i++) {
		const char *h = row->field[i];

		if (!strcmp(h, "code"))
			col[0] = (int)i;
		else if (!strcmp(h, "name"))
			col[1] = (int)i;
		else if (!strcmp(h, "level") || !strcmp(h, "kind"))
			col[2] = (int)i;
		else if (!strcmp(h, "parent"))
			col[3] = (int)i;
		else if (!strcmp(h, "short"))
			col[4] = (int)i;
	}
	for (i = 0; i < 4; i++)
		if (col[i] < 0)
			return ms_err_set(err, "%s:%ld: 表头缺少“%s”列 (header lacks the column '%s')",
					  path, row->line, names[i], names[i]);
	return 0;
}

/* One data row, checked before it is taken. */
static int row_check(const struct plan_orgs *o, const struct ms_csv_row *row, const char *path,
		     const int col[5], struct ms_err *err)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if ((size_t)col[i] >= row->n)
			return ms_err_set(err, "%s:%ld: 应有4个字段，实有%zu个 (expected 4 fields, "
					  "found %zu)", path, row->line, row->n, row->n);
	if (col[4] >= 0 && (size_t)col[4] >= row->n)
		return ms_err_set(err, "%s:%ld: short: 缺少简称字段 (missing the short name field)",
				  path, row->line);
	if (!code_ok(row->field[col[0]], row->len[col[0]]))
		return ms_err_set(err, "%s:%ld: code: “%s”不是有效代码 (not a code: a-z, 0-9, _ or -, "
				  "at most 32)", path, row->line, row->field[col[0]]);
	if (!row->len[col[1]])
		return ms_err_set(err, "%s:%ld: name: 名称为空 (empty)", path, row->line);
	if (!kind_ok(row->field[col[2]]))
		return ms_err_set(err, "%s:%ld: level: 未知级别“%s” (not one of province, city, county, "
				  "township, department, office)", path, row->line, row->field[col[2]]);
	if (plan_orgs_find(o, row->field[col[0]]))
		return ms_err_set(err, "%s:%ld: code: “%s”重复 (appears twice)", path, row->line,
				  row->field[col[0]]);
	return 0;
}

static void org_append(struct plan_orgs *o, const struct ms_csv_row *row, const int col[5])
{
	struct plan_org *g;

	if (o->n == o->alloc) {
		size_t na = o->alloc ? o->alloc * 2 : 128;
		struct plan_org *nv = realloc(o->v, na * sizeof(*nv));

		if (!nv)
			abort();
		o->v = nv;
		o->alloc = na;
	}
	g = &o->v[o->n++];
	g->code = xstrndup(row->field[col[0]], row->len[col[0]]);
	g->name = xstrndup(row->field[col[1]], row->len[col[1]]);
	g->kind = xstrndup(row->field[col[2]], row->len[col[2]]);
	g->parent = xstrndup(row->field[col[3]], row->len[col[3]]);
	g->short_name = col[4] >= 0 ? xstrndup(row->field[col[4]], row->len[col[4]]) : xstrndup("", 0);
	g->line = row->line;
}

int plan_orgs_load_csv(struct plan_orgs *o, const char *path, struct ms_err *err)
{
	struct ms_csv_opts opts = { .check_utf8 = 1 };
	struct ms_csv_row row;
	struct ms_csv *c = NULL;
	FILE *f;
	int col[5] = { -1, -1, -1, -1, -1 }; /* code, name, kind, parent, short */
	size_t first = o->n;
	int r, rc = -1;

	f = fopen(path, "rb");
	if (!f)
		return ms_err_set(err, "%s: 无法打开 (cannot open: %s)", path, strerror(errno));
	c = ms_csv_open(f, path, &opts);
	r = ms_csv_next(c, &row, err);
	if (r <= 0) {
		if (r == 0)
			ms_err_set(err, "%s:1: 空文件 (empty file, expected a header code,name,level,"
				   "parent)", path);
		goto out;
	}
	if (header_columns(&row, path, col, err))
		goto out;
	while ((r = ms_csv_next(c, &row, err)) == 1) {
		if (row_check(o, &row, path, col, err))
			goto out;
		org_append(o, &row, col);
	}
	if (r == 0)
		rc = 0;
out:
	if (rc) {
		/* all or nothing: drop what this file added */
		while (o->n > first) {
			struct plan_org *g = &o->v[--o->n];

			free(g->code);
			free(g->name);
			free(g->kind);
			free(g->parent);
			free(g->short_name);
		}
	}
	ms_csv_free(c);
	fclose(f);
	return rc;
}

int plan_orgs_check(const struct plan_orgs *o, struct ms_err *err)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		const struct plan_org *g = &o->v[i];

		if (g->parent[0] && !plan_orgs_find(o, g->parent))
			return ms_err_set(err, "单位 %s（%s）的上级“%s”不存在 (org %s: parent '%s' "
					  "is unknown)", g->code, g->name, g->parent, g->code, g->parent);
	}
	return 0;
}

void plan_orgs_release(struct plan_orgs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].code);
		free(o->v[i].name);
		free(o->v[i].kind);
		free(o->v[i].parent);
		free(o->v[i].short_name);
	}
	free(o->v);
	o->v = NULL;
	o->n = o->alloc = 0;
}
