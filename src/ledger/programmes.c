/*
 * programmes.c - every programme in the database with its government and
 * its completion (see programmes.h).
 */
#include "ledger/programmes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "store/store.h"
#include "core/banned.h"

static int take_plan(const struct store_plan_summary *s, void *arg)
{
	struct programmes *p = arg;
	struct programme *g;

	p->v = realloc(p->v, (p->n + 1) * sizeof(*p->v));
	if (!p->v)
		abort();
	g = &p->v[p->n++];
	memset(g, 0, sizeof(*g));
	snprintf(g->id, sizeof(g->id), "%s", s->id);
	snprintf(g->title, sizeof(g->title), "%s", s->title);
	snprintf(g->region, sizeof(g->region), "%s", s->region_code);
	snprintf(g->region_name, sizeof(g->region_name), "%s", s->region_name);
	snprintf(g->level, sizeof(g->level), "%s", s->level);
	g->year = s->year;
	g->items = s->items;
	g->indicators = s->indicators;
	g->completion_bp = -1;
	return 0;
}

/* The items' mean completion and the red ones, from the published (approved) figures. */
static int figures(struct store *st, ms_day as_of, struct programme *g, struct ms_err *err)
{
	struct progress_opts po = { .as_of = as_of };
	struct progress pr;
	struct ledger l;
	int64_t sum = 0;
	size_t i, n = 0;

	if (ledger_open(&l, st, g->id, "web", err))
		return -1;
	if (progress_compute(&l, &po, &pr, err)) {
		ledger_close(&l);
		return -1;
	}
	ledger_close(&l);
	for (i = 0; i < pr.nitem; i++) {
		if (pr.item[i].colour == PC_RED)
			g->red++;
		if (pr.item[i].completion_bp >= 0) {
			sum += pr.item[i].completion_bp;
			n++;
		}
	}
	g->completion_bp = n ? (int)(sum / (int64_t)n) : -1;
	progress_free(&pr);
	return 0;
}

int ledger_programmes(struct store *st, ms_day as_of, struct programmes *out, struct ms_err *err)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (store_plan_each(st, take_plan, out, err))
		goto fail;
	for (i = 0; i < out->n; i++)
		if (figures(st, as_of, &out->v[i], err))
			goto fail;
	return 0;
fail:
	ledger_programmes_free(out);
	return -1;
}

void ledger_programmes_free(struct programmes *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const char *ledger_level_cn(const char *level)
{
	return !strcmp(level, "province") ? "省" : !strcmp(level, "city") ? "市" :
	       !strcmp(level, "county") ? "县" : !strcmp(level, "township") ? "乡" : "";
}

json_t *ledger_programmes_json(const struct programmes *p)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct programme *g = &p->v[i];
		struct ms_buf pct = MS_BUF_INIT;

		prog_pct(&pct, g->completion_bp);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:I, s:I, s:I, s:o, s:i}",
			"id", g->id, "title", g->title, "government", "code", g->region, "name",
			g->region_name, "level", g->level, "level_cn", ledger_level_cn(g->level),
			"year", (json_int_t)g->year, "items", (json_int_t)g->items, "indicators",
			(json_int_t)g->indicators, "completion",
			g->completion_bp >= 0 ? json_string(pct.buf) : json_null(), "red_items", g->red));
		ms_buf_release(&pct);
	}
	return arr;
}
