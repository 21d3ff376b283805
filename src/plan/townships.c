/*
 * townships.c - a province's townships (乡镇/街道) loaded from its CSV file,
 * checked row by row, written in one transaction with one journal row.
 */
#include "townships.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "plan/orgs.h"
#include "core/banned.h"

static int all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

int townships_province(const char *code, char out[8], struct ms_err *err)
{
	if (!code || !(all_digits(code, 2) || (all_digits(code, 6) && !strcmp(code + 2, "0000"))))
		return ms_err_field(err, MS_E_INVALID, "province", "省级代码应为两位或六位数字，如 36 或 360000 "
				    "(a province is given by two or six digits, e.g. 36 or 360000)");
	snprintf(out, 8, "%.2s0000", code);
	return 0;
}

/* One row of the file against the database: 1 new, 0 already there, -1 with err. */
static int check_row(struct store *st, const struct plan_org *g, const char *path, const char *province,
		     char last_parent[32], struct townships_result *res, struct ms_err *err)
{
	struct store_org_row o;
	int rc;

	if (strcmp(g->kind, "township"))
		return ms_err_set(err, "%s:%ld: level: “%s”不是乡镇 (not township)", path, g->line, g->kind);
	if (!all_digits(g->code, 9) || strncmp(g->code, province, 2))
		return ms_err_set(err, "%s:%ld: code: “%s”不是本省（%.2s）的九位乡级区划代码 (not a nine-digit "
				  "township code of province %.2s)", path, g->line, g->code, province, province);
	if (strncmp(g->code, g->parent, 6) || strlen(g->parent) != 6)
		return ms_err_set(err, "%s:%ld: parent: “%s”应为代码的前六位 %.6s (the parent is the code's first "
				  "six digits)", path, g->line, g->parent, g->code);
	if (strcmp(last_parent, g->parent)) {
		if ((rc = store_org_get(st, g->parent, &o, err)) < 0)
			return -1;
		if (!rc || (strcmp(o.kind, "county") && strcmp(o.kind, "city")))
			return ms_err_set(err, "%s:%ld: parent: 县级区划 %s 不在数据库中 (no county %s in the database)",
					  path, g->line, g->parent, g->parent);
		snprintf(last_parent, 32, "%s", g->parent);
		res->counties++;
	}
	if ((rc = store_org_get(st, g->code, &o, err)) < 0)
		return -1;
	if (!rc)
		return 1;
	if (strcmp(o.kind, "township") || strcmp(o.parent, g->parent))
		return ms_err_set(err, "%s:%ld: code: %s 已是别的单位：%s (the code is taken by %s)", path, g->line,
				  g->code, o.name, o.name);
	return 0;
}

static int load_work(struct store *st, const struct plan_orgs *t, const char *path, const char *actor,
		     struct townships_result *res, struct ms_err *err)
{
	char last[32] = "";
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++) {
		const struct plan_org *g = &t->v[i];

		if ((rc = check_row(st, g, path, res->province, last, res, err)) < 0)
			return -1;
		if (!rc) {
			res->existing++;
			continue;
		}
		if (store_org_put(st, g->code, g->name, "township", g->parent, g->short_name, err))
			return -1;
		res->added++;
	}
	if (!res->added)
		return 0;
	return store_journal_json(st, actor, "org.load_townships", "org", res->province, NULL,
				  json_pack("{s:s, s:I, s:I, s:I}", "province", res->province,
					    "rows", (json_int_t)res->rows, "added", (json_int_t)res->added,
					    "existing", (json_int_t)res->existing),
				  err);
}

int townships_load(struct store *st, const char *province, const char *path, const char *actor,
		   struct townships_result *res, struct ms_err *err)
{
	struct plan_orgs t = PLAN_ORGS_INIT;
	struct store_org_row o;
	int rc;

	memset(res, 0, sizeof(*res));
	if (townships_province(province, res->province, err))
		return -1;
	if ((rc = store_org_get(st, res->province, &o, err)) <= 0 || strcmp(o.kind, "province"))
		return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "province", "没有省级区划 %s (no province %s)",
						  res->province, res->province);
	snprintf(res->name, sizeof(res->name), "%s", o.name);
	if (plan_orgs_load_csv(&t, path, err))
		goto out;
	res->rows = t.n;
	if (!t.n) {
		ms_err_set(err, "%s:2: 文件中没有乡镇 (no township in the file)", path);
		goto out;
	}
	if (store_begin(st, err))
		goto out;
	rc = store_end(st, load_work(st, &t, path, actor, res, err), err);
	plan_orgs_release(&t);
	return rc;
out:
	plan_orgs_release(&t);
	return -1;
}

int townships_needed(struct store *st, const char *government, size_t n, struct ms_err *err)
{
	struct store_org_row o;

	if (n || store_org_get(st, government, &o, NULL) != 1)
		return 0;
	if (!strcmp(o.kind, "township"))
		return ms_err_setk(err, MS_E_INVALID, "%s（%s）是乡镇（街道），其下没有再分解的区划：本级计划不向下分解，"
				   "各项目标由%s自身承担，进展以 %s 报送 (%s is a township: nothing below it to break the "
				   "plan down by; its targets are its own, reported as %s)",
				   government, o.name, o.name, government, government, government);
	if (strcmp(o.kind, "county"))
		return 0;
	return ms_err_field(err, MS_E_NOTFOUND, "townships", "%s（%s）的乡镇（街道）尚未载入，请先载入本省（%.2s）的乡镇 "
			    "(the townships of %s are not loaded: load province %.2s's townships first)",
			    government, o.name, government, government, government);
}
