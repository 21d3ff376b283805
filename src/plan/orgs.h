/*
 * orgs.h - the organisations a plan is delivered through: the province, its
 * cities and counties (GB/T 2260 codes), townships loaded on demand (nine-digit
 * 统计用区划代码) and the provincial departments and
 * office the notice names. Loaded from CSV (code,name,level|kind,parent).
 */
#ifndef MS_PLAN_ORGS_H
#define MS_PLAN_ORGS_H

#include <stddef.h>

#include "core/err.h"

struct plan_org {
	char *code;    /* "360100", "civil" */
	char *name;    /* "南昌市", "省民政厅" */
	char *kind;    /* province | city | county | township | department | office */
	char *parent;  /* code of the parent, "" for the root */
	char *short_name; /* "南昌" for 南昌市 (optional column `short`), "" when none */
	long line;     /* its line in the CSV file */
};

struct plan_orgs {
	struct plan_org *v;
	size_t n, alloc;
};

#define PLAN_ORGS_INIT { NULL, 0, 0 }

/*
 * Appends the organisations in the CSV file at path. The header must name
 * code, name, parent and one of level/kind; `short` (the short name) is
 * optional. Errors name file:line:column.
 * Codes must be unique across everything loaded, and every parent must be
 * known once all files are loaded (see plan_orgs_check).
 */
int plan_orgs_load_csv(struct plan_orgs *o, const char *path, struct ms_err *err);

/* Checks that every parent is known; 0 or -1 naming the first orphan. */
int plan_orgs_check(const struct plan_orgs *o, struct ms_err *err);

/* The org with this code, or NULL. */
const struct plan_org *plan_orgs_find(const struct plan_orgs *o, const char *code);

/* Counts the orgs of one kind. */
size_t plan_orgs_count(const struct plan_orgs *o, const char *kind);

void plan_orgs_release(struct plan_orgs *o);

#endif
