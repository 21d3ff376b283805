/*
 * townships.h - a province's townships (乡镇/街道) loaded on demand: the
 * nine-digit 统计用区划代码 under its counties, from the province's file
 * (data/regions/townships/NN.csv), in one transaction with its journal row.
 * A county's plan breaks down by its townships once they are loaded.
 */
#ifndef MS_PLAN_TOWNSHIPS_H
#define MS_PLAN_TOWNSHIPS_H

#include <stddef.h>

#include "core/err.h"
#include "store/store.h"

struct townships_result {
	char province[8];          /* "360000" */
	char name[128];            /* "江西省" */
	size_t rows;               /* townships in the file */
	size_t added;              /* new ones written */
	size_t existing;           /* already there (the same code under the same county; kept as it is) */
	size_t counties;           /* the counties (or prefectures without counties) they hang from */
};

/*
 * The province for a code: "36" or "360000" → "360000" in out (8 bytes).
 * Not two or six digits: MS_E_INVALID, field "province".
 */
int townships_province(const char *code, char out[8], struct ms_err *err);

/*
 * Loads the townships of file path (CSV code,name,level,parent[,short]) for
 * province (2 or 6 digits). Every row must be a township of that province:
 * level township, a nine-digit code whose first six digits are its parent,
 * the parent a county or prefecture already in the database. Those already
 * there are skipped; the new ones are written in one transaction with one
 * journal row "org.load_townships"; when none is new nothing is written.
 * Errors name the file and line (a bad row), or the field "province".
 */
int townships_load(struct store *st, const char *province, const char *path, const char *actor,
		   struct townships_result *res, struct ms_err *err);

/*
 * When a government has no regions below it: a county's townships not
 * loaded yet — MS_E_NOTFOUND, field "townships", naming the county and its
 * province; a township (nothing below it) — MS_E_INVALID, saying that its
 * plan is not broken down and its targets are its own; a government of
 * another kind — 0. Also 0 when n > 0.
 */
int townships_needed(struct store *st, const char *government, size_t n, struct ms_err *err);

#endif
