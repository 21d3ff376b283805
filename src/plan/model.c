/*
 * model.c - plan_model_load: the plan document read once into the typed
 * structs of model.h.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

/* A string member, "" when absent or not a string. */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A string member, NULL when absent or not a string. */
static const char *opt(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void prov_of(const json_t *pr, struct plan_prov *p)
{
	memset(p, 0, sizeof(*p));
	p->offset = p->length = -1;
	if (!json_is_object(pr))
		return;
	p->basis = str(pr, "basis");
	p->quote = opt(pr, "quote");
	if (p->quote) {
		p->offset = json_integer_value(json_object_get(pr, "offset"));
		p->length = json_integer_value(json_object_get(pr, "length"));
	}
	p->note = opt(pr, "note");
	p->citation = opt(pr, "citation");
}

/* A zeroed array of n elements of size sz (NULL when n is 0). */
static void *array_new(size_t n, size_t sz)
{
	void *p;

	if (!n)
		return NULL;
	p = calloc(n, sz);
	if (!p)
		abort();
	return p;
}

static void units_of(const json_t *arr, struct plan_unit_ref **v, size_t *n)
{
	const json_t *u;
	size_t i;

	*n = json_array_size(arr);
	*v = array_new(*n, sizeof(**v));
	json_array_foreach(arr, i, u) {
		(*v)[i].org = str(u, "org");
		(*v)[i].name = str(u, "name");
		prov_of(json_object_get(u, "provenance"), &(*v)[i].prov);
	}
}

static int optional_int(const json_t *v, int64_t *out)
{
	*out = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
	return json_is_integer(v);
}

static int indicator_of(const json_t *o, struct plan_indicator *d, const char *path,
			struct ms_err *err)
{
	const char *unit = opt(o, "unit"), *cmp = opt(o, "comparator");

	if (!json_is_object(o))
		return ms_err_field(err, MS_E_INVALID, "plan", "%s: 指标应为对象 (an indicator is an "
				    "object)", path);
	d->id = str(o, "id");
	d->name = str(o, "name");
	d->kind_name = str(o, "kind");
	if (!(d->kind = plan_kind_parse(d->kind_name)))
		return ms_err_field(err, MS_E_INVALID, "plan", "%s.kind: 未知类别“%s” (expected one "
				    "of %s)", path, d->kind_name, plan_kind_names());
	if (unit && !(d->unit = plan_unit_find(unit)))
		return ms_err_field(err, MS_E_INVALID, "plan", "%s.unit: 未知单位“%s” (expected one "
				    "of %s)", path, unit, plan_unit_names());
	if (cmp && !(d->comparator = plan_cmp_parse(cmp)))
		return ms_err_field(err, MS_E_INVALID, "plan", "%s.comparator: 未知比较符“%s” "
				    "(expected >=, <= or =)", path, cmp);
	if (!(d->aggregation = plan_aggregation_parse(str(o, "aggregation"))))
		return ms_err_field(err, MS_E_INVALID, "plan", "%s.aggregation: 未知汇总方式“%s” "
				    "(expected one of %s)", path, str(o, "aggregation"),
				    plan_aggregation_names());
	d->has_target = optional_int(json_object_get(o, "target"), &d->target);
	d->has_baseline = optional_int(json_object_get(o, "baseline"), &d->baseline);
	prov_of(json_object_get(o, "provenance"), &d->prov);
	prov_of(json_object_get(o, "baseline_provenance"), &d->baseline_prov);
	return 0;
}

static int item_of(const json_t *o, struct plan_item *it, size_t at, struct ms_err *err)
{
	const json_t *inds = json_object_get(o, "indicators"), *ind;
	char path[64];
	size_t j;

	if (!json_is_object(o))
		return ms_err_field(err, MS_E_INVALID, "plan", "items[%zu]: 实事应为对象 (an item is "
				    "an object)", at);
	it->no = json_integer_value(json_object_get(o, "no"));
	it->title = str(o, "title");
	it->present = !json_is_false(json_object_get(o, "present_in_source"));
	prov_of(json_object_get(o, "title_provenance"), &it->title_prov);
	units_of(json_object_get(o, "lead_units"), &it->leads, &it->nleads);
	units_of(json_object_get(o, "responsible_units"), &it->responsible, &it->nresponsible);
	it->nind = json_array_size(inds);
	it->ind = array_new(it->nind, sizeof(*it->ind));
	json_array_foreach(inds, j, ind) {
		snprintf(path, sizeof(path), "items[%zu].indicators[%zu]", at, j);
		it->ind[j].item = it;
		if (indicator_of(ind, &it->ind[j], path, err))
			return -1;
	}
	return 0;
}

static void rounds_of(const json_t *arr, struct plan_model *m)
{
	const json_t *r;
	size_t i;

	m->nrounds = json_array_size(arr);
	m->rounds = array_new(m->nrounds, sizeof(*m->rounds));
	json_array_foreach(arr, i, r) {
		m->rounds[i].due_on = str(r, "due_on");
		m->rounds[i].kind = str(r, "kind");
		m->rounds[i].label = str(r, "label");
		prov_of(json_object_get(r, "provenance"), &m->rounds[i].prov);
	}
}

static void notes_of(const json_t *arr, struct plan_model *m)
{
	const json_t *n, *pr;
	size_t i, j;

	m->nnotes = json_array_size(arr);
	m->notes = array_new(m->nnotes, sizeof(*m->notes));
	json_array_foreach(arr, i, n) {
		struct plan_note *x = &m->notes[i];
		const json_t *prs = json_object_get(n, "provenance");

		x->id = str(n, "id");
		x->flag = str(n, "flag");
		x->topic = str(n, "topic");
		x->text = str(n, "text");
		optional_int(json_object_get(n, "item"), &x->item);
		x->nprov = json_array_size(prs);
		x->prov = array_new(x->nprov, sizeof(*x->prov));
		json_array_foreach(prs, j, pr)
			prov_of(pr, &x->prov[j]);
	}
}

static void header_of(const json_t *doc, struct plan_model *m)
{
	m->id = str(doc, "id");
	m->title = str(doc, "title");
	m->notice_title = str(doc, "notice_title");
	m->issuer = str(doc, "issuer");
	m->issued_on = str(doc, "issued_on");
	m->region_code = str(doc, "region_code");
	m->start_on = str(doc, "start_on");
	m->year = json_integer_value(json_object_get(doc, "year"));
	prov_of(json_object_get(doc, "title_provenance"), &m->title_prov);
	prov_of(json_object_get(doc, "issuer_provenance"), &m->issuer_prov);
	prov_of(json_object_get(doc, "issued_on_provenance"), &m->issued_on_prov);
	prov_of(json_object_get(doc, "start_on_provenance"), &m->start_on_prov);
}

int plan_model_load(const json_t *doc, struct plan_model *m, struct ms_err *err)
{
	const json_t *items = json_object_get(doc, "items"), *it;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (!json_is_object(doc))
		return ms_err_field(err, MS_E_INVALID, "plan", "计划应为 JSON 对象 (a plan is a JSON "
				    "object)");
	header_of(doc, m);
	m->nitems = json_array_size(items);
	m->items = array_new(m->nitems, sizeof(*m->items));
	json_array_foreach(items, i, it) {
		if (item_of(it, &m->items[i], i, err)) {
			m->nitems = i + 1;   /* release what was filled */
			plan_model_release(m);
			return -1;
		}
		m->nindicators += m->items[i].nind;
	}
	rounds_of(json_object_get(doc, "rounds"), m);
	notes_of(json_object_get(doc, "notes"), m);
	return 0;
}

void plan_model_release(struct plan_model *m)
{
	size_t i;

	for (i = 0; m->items && i < m->nitems; i++) {
		free(m->items[i].leads);
		free(m->items[i].responsible);
		free(m->items[i].ind);
	}
	for (i = 0; m->notes && i < m->nnotes; i++)
		free(m->notes[i].prov);
	free(m->items);
	free(m->rounds);
	free(m->notes);
	memset(m, 0, sizeof(*m));
}

const struct plan_indicator *plan_model_indicator(const struct plan_model *m, const char *id)
{
	size_t i, j;

	for (i = 0; id && i < m->nitems; i++)
		for (j = 0; j < m->items[i].nind; j++)
			if (!strcmp(m->items[i].ind[j].id, id))
				return &m->items[i].ind[j];
	return NULL;
}

const struct plan_item *plan_model_item(const struct plan_model *m, int64_t no)
{
	size_t i;

	for (i = 0; i < m->nitems; i++)
		if (m->items[i].no == no)
			return &m->items[i];
	return NULL;
}

size_t plan_model_open_notes(const struct plan_model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nnotes; i++)
		n += !strcmp(m->notes[i].flag, "待核实");
	return n;
}
