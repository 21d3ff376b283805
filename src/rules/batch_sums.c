/*
 * batch_sums.c - a payroll's totals: adding the threads' and the cities'
 * totals together, the cities' order, and the simulation as JSON (simulate
 * --json, POST /api/v1/simulate). Moved out of batch.c, which keeps the run.
 */
#include "batch.h"

#include <string.h>

#include "core/money.h"
#include "core/banned.h"

/* ---------- totals ---------- */

void batch_sums_add(const struct calc_def *d, struct batch_sums *to, const struct batch_sums *s)
{
	size_t i;

	to->rows += s->rows;
	to->eligible += s->eligible;
	to->paid += s->paid;
	for (i = 0; i < d->noutputs; i++)
		if (__builtin_add_overflow(to->money[i], s->money[i], &to->money[i]))
			to->overflow = 1;
	to->overflow |= s->overflow;
}

void batch_diff_add(struct batch_diff *to, const struct batch_diff *x)
{
	to->newly_eligible += x->newly_eligible;
	to->no_longer_eligible += x->no_longer_eligible;
	to->winners += x->winners;
	to->losers += x->losers;
	if (__builtin_add_overflow(to->gain, x->gain, &to->gain) ||
	    __builtin_add_overflow(to->loss, x->loss, &to->loss))
		to->overflow = 1;
	to->overflow |= x->overflow;
}

/* Cities in code order, rows without a region last. */
int batch_group_cmp(const void *a, const void *b)
{
	const struct batch_group *x = a, *y = b;

	if (!x->code[0] != !y->code[0])
		return x->code[0] ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* ---------- the simulation as JSON (simulate --json, POST /api/v1/simulate) ---------- */

const char *batch_city_name(const struct plan_orgs *orgs, const char *code)
{
	const struct plan_org *o;

	if (!code[0])
		return "（未填区划）";
	o = orgs ? plan_orgs_find(orgs, code) : NULL;
	return o ? o->name : "（未知区划）";
}

static char *yuan(char buf[40], int64_t fen)
{
	ms_fixed_str(buf, fen, 2);
	return buf;
}

static json_t *side_json(const struct calc_def *d, const struct batch_sums *s)
{
	char b[40];
	int64_t m = s->money[d->money_out];
	json_t *o = json_object();

	if (d->kind == CALC_LOAN) {
		json_object_set_new(o, "cost", json_string(yuan(b, m)));
	} else {
		json_object_set_new(o, "monthly_cost", json_string(yuan(b, m)));
		json_object_set_new(o, "annual_cost", json_string(yuan(b, m * 12)));
	}
	json_object_set_new(o, "beneficiaries", json_integer((json_int_t)s->paid));
	json_object_set_new(o, "eligible", json_integer((json_int_t)s->eligible));
	return o;
}

static json_t *diff_json(const struct calc_def *d, const struct batch_sums *b,
			 const struct batch_sums *r, const struct batch_diff *x)
{
	json_t *o = json_object();
	char t[40];
	int64_t delta = r->money[d->money_out] - b->money[d->money_out];

	json_object_set_new(o, d->kind == CALC_LOAN ? "cost_change" : "monthly_cost_change",
			    json_string(yuan(t, delta)));
	if (d->kind != CALC_LOAN)
		json_object_set_new(o, "annual_cost_change", json_string(yuan(t, delta * 12)));
	json_object_set_new(o, "newly_eligible", json_integer((json_int_t)x->newly_eligible));
	json_object_set_new(o, "no_longer_eligible", json_integer((json_int_t)x->no_longer_eligible));
	json_object_set_new(o, "winners", json_integer((json_int_t)x->winners));
	json_object_set_new(o, "losers", json_integer((json_int_t)x->losers));
	json_object_set_new(o, "gain", json_string(yuan(t, x->gain)));
	json_object_set_new(o, "loss", json_string(yuan(t, x->loss)));
	return o;
}

json_t *batch_sim_json(const struct calc_def *d, const struct batch_result *r, const char *file,
		       const char *const *reforms, size_t nreform, int by_city,
		       const char *(*name)(void *arg, const char *code), void *arg)
{
	json_t *doc = json_object(), *refs = json_array(), *cities = json_array();
	size_t i;

	json_object_set_new(doc, "calc", json_string(d->name));
	json_object_set_new(doc, "file", json_string(file));
	for (i = 0; i < nreform; i++) {
		const char *eq = strchr(reforms[i], '=');

		if (eq)
			json_array_append_new(refs, json_pack("{s:s%, s:s}", "key", reforms[i],
							      (size_t)(eq - reforms[i]), "value", eq + 1));
	}
	json_object_set_new(doc, "reform", refs);
	json_object_set_new(doc, "rows", json_integer((json_int_t)r->base.rows));
	json_object_set_new(doc, "baseline", side_json(d, &r->base));
	json_object_set_new(doc, "reformed", side_json(d, &r->reform));
	json_object_set_new(doc, "change", diff_json(d, &r->base, &r->reform, &r->diff));
	for (i = 0; i < r->n_city && by_city; i++) {
		json_t *c = json_object();

		json_object_set_new(c, "code", r->city[i].code[0] ? json_string(r->city[i].code) : json_null());
		json_object_set_new(c, "name", json_string(name(arg, r->city[i].code)));
		json_object_set_new(c, "rows", json_integer((json_int_t)r->city[i].base.rows));
		json_object_set_new(c, "baseline", side_json(d, &r->city[i].base));
		json_object_set_new(c, "reformed", side_json(d, &r->city[i].reform));
		json_object_set_new(c, "change", diff_json(d, &r->city[i].base, &r->city[i].reform,
							   &r->city[i].diff));
		json_array_append_new(cities, c);
	}
	json_object_set_new(doc, "by_city", by_city ? cities : (json_decref(cities), json_null()));
	return doc;
}
