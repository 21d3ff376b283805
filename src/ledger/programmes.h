/*
 * programmes.h - every programme (plan) in the database with its government
 * and how far it has come: what GET /api/v1/plans and the home page list.
 */
#ifndef MS_LEDGER_PROGRAMMES_H
#define MS_LEDGER_PROGRAMMES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

struct store;

struct programme {
	char id[64], title[256];
	char region[32], region_name[128], level[16];  /* the government: 360100 南昌市 city */
	int64_t year, items, indicators;
	int completion_bp;   /* mean of the items' completion (approved figures), -1 none */
	int red;             /* items coloured red */
};

struct programmes {
	struct programme *v;
	size_t n;
};

/* Every plan, oldest year first, its figures as of as_of. 0 or -1. */
int ledger_programmes(struct store *st, ms_day as_of, struct programmes *out, struct ms_err *err);
void ledger_programmes_free(struct programmes *p);

/* 省 / 市 / 县 for a level (province, city, county); "" otherwise. */
const char *ledger_level_cn(const char *level);

/* [{id, title, government: {code, name}, level, level_cn, year, items, indicators, completion, red_items}] */
json_t *ledger_programmes_json(const struct programmes *p);

#endif
