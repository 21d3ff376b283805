/*
 * plan.c - loading a plan file and checking it against docs/PLAN-FORMAT.md
 * and the notice it quotes.
 */
#include "plan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/json.h"
#include "core/table.h"
#include "core/text.h"
#include "plan/model.h"
#include "plan/units.h"
#include "core/banned.h"

/* ---------- loading ---------- */

static void source_path_of(struct plan *p, const char *plan_path, const char *rel)
{
	const char *slash = strrchr(plan_path, '/');
	int dirlen = slash ? (int)(slash - plan_path) : 0;

	if (rel[0] == '/' || !slash)
		snprintf(p->source_path, sizeof(p->source_path), "%s", rel);
	else
		snprintf(p->source_path, sizeof(p->source_path), "%.*s/%s", dirlen, plan_path, rel);
}

static void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	ms_buf_init(&p->source, PLAN_MAX_SOURCE);
}

static void hash_source(struct plan *p)
{
	p->source_sha256[0] = '\0';
	if (p->source.len || p->source_path[0])
		ms_sha256_hex(p->source.buf, p->source.len, p->source_sha256);
}

int plan_load(struct plan *p, const char *path, struct ms_err *err)
{
	json_t *src;
	const char *rel;
	struct ms_err ignored;

	plan_init(p);
	p->doc = ms_json_load_file(path, err);
	if (!p->doc)
		return -1;
	p->path = strdup(path);
	if (!p->path)
		abort();
	if (!json_is_object(p->doc)) {
		plan_release(p);
		return ms_err_set(err, "%s: a plan file holds one JSON object", path);
	}
	src = json_object_get(p->doc, "source");
	rel = json_string_value(json_object_get(src, "path"));
	if (rel) {
		source_path_of(p, path, rel);
		if (ms_file_read(&p->source, p->source_path, PLAN_MAX_SOURCE, &ignored) < 0) {
			/* try relative to the working directory */
			ms_buf_reset(&p->source);
			snprintf(p->source_path, sizeof(p->source_path), "%s", rel);
			if (ms_file_read(&p->source, rel, PLAN_MAX_SOURCE, &ignored) < 0) {
				ms_buf_reset(&p->source);
				p->source_path[0] = '\0';
			}
		}
	}
	hash_source(p);
	return 0;
}

int plan_load_doc(struct plan *p, json_t *doc, const char *name,
		  const char *source, size_t source_len)
{
	plan_init(p);
	p->doc = doc;
	p->path = strdup(name);
	if (!p->path)
		abort();
	snprintf(p->source_path, sizeof(p->source_path), "%s", "(stored source)");
	if (ms_buf_add(&p->source, source, source_len) < 0)
		return -1;
	hash_source(p);
	return 0;
}

void plan_release(struct plan *p)
{
	json_decref(p->doc);
	free(p->path);
	ms_buf_release(&p->source);
	memset(p, 0, sizeof(*p));
}

const char *plan_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

const char *plan_id(const struct plan *p)
{
	return plan_str(p->doc, "id");
}

/* ---------- validation ---------- */

struct vctx {
	const struct plan *p;
	const struct plan_orgs *orgs;
	struct ms_buf *report;
	struct ms_buf path;    /* JSON path of the value being checked */
	int nerr, max;
	json_t *ids;           /* indicator ids seen, as object keys */
};

__attribute__((format(printf, 3, 4)))
static void bad(struct vctx *v, const char *field, const char *fmt, ...)
{
	va_list ap;

	v->nerr++;
	if (v->nerr > v->max)
		return;
	ms_buf_addf(v->report, "%s%s%s: ", v->path.buf,
		    field && v->path.len ? "." : "", field ? field : "");
	va_start(ap, fmt);
	ms_buf_vaddf(v->report, fmt, ap);
	va_end(ap);
	ms_buf_addch(v->report, '\n');
}

static size_t path_push(struct vctx *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static size_t path_push(struct vctx *v, const char *fmt, ...)
{
	size_t old = v->path.len;
	va_list ap;

	if (v->path.len && fmt[0] != '[')
		ms_buf_addch(&v->path, '.');
	va_start(ap, fmt);
	ms_buf_vaddf(&v->path, fmt, ap);
	va_end(ap);
	return old;
}

static void path_pop(struct vctx *v, size_t old)
{
	ms_buf_setlen(&v->path, old);
}

/* Rejects keys not in the NULL-terminated list (catches typos like "taget"). */
static void only_keys(struct vctx *v, json_t *obj, const char *const *keys)
{
	const char *k;
	json_t *val;
	size_t i;

	json_object_foreach(obj, k, val) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(keys[i], k))
				break;
		if (!keys[i])
			bad(v, k, "unknown field (未知字段)");
	}
}

static const char *need_str(struct vctx *v, json_t *obj, const char *key, int nonempty)
{
	json_t *j = json_object_get(obj, key);

	if (!j) {
		bad(v, key, "missing (缺少)");
		return NULL;
	}
	if (!json_is_string(j)) {
		bad(v, key, "must be a string");
		return NULL;
	}
	if (nonempty && !json_string_length(j)) {
		bad(v, key, "must not be empty");
		return NULL;
	}
	return json_string_value(j);
}

static int is_int(json_t *j)
{
	return json_is_integer(j);
}

static void need_date(struct vctx *v, json_t *obj, const char *key)
{
	const char *s = need_str(v, obj, key, 1);
	struct ms_err e;
	ms_day d;

	if (s && ms_date_parse(s, strlen(s), &d, &e) < 0)
		bad(v, key, "%s", e.msg);
}

static const char *const bases[] = { "text", "inferred", "external", "assumption", NULL };

static int in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

/* One provenance object at obj[key] (or obj itself when key is NULL). */
static void check_prov(struct vctx *v, json_t *obj, const char *key, int required)
{
	static const char *const keys[] = { "quote", "offset", "length", "basis", "note",
					    "citation", NULL };
	json_t *pr = key ? json_object_get(obj, key) : obj;
	json_t *q, *off, *len;
	const char *basis;
	size_t old = 0;

	if (!pr) {
		if (required)
			bad(v, key, "missing provenance (缺少出处)");
		return;
	}
	if (key)
		old = path_push(v, "%s", key);
	if (!json_is_object(pr)) {
		bad(v, NULL, "provenance must be an object");
		goto out;
	}
	only_keys(v, pr, keys);
	basis = need_str(v, pr, "basis", 1);
	if (basis && !in_list(basis, bases))
		bad(v, "basis", "'%s' is not one of text, inferred, external, assumption", basis);
	q = json_object_get(pr, "quote");
	off = json_object_get(pr, "offset");
	len = json_object_get(pr, "length");
	if (basis && (!strcmp(basis, "text") || !strcmp(basis, "inferred")) && !q)
		bad(v, "quote", "basis '%s' needs the notice's own words", basis);
	if (basis && strcmp(basis, "text") && !json_string_length(json_object_get(pr, "note")))
		bad(v, "note", "basis '%s' needs a note saying why", basis);
	if (basis && !strcmp(basis, "external") && !json_object_get(pr, "citation"))
		bad(v, "citation", "basis 'external' needs the document cited");
	if (!q) {
		if (off || len)
			bad(v, "offset", "offset/length given without a quote");
		goto out;
	}
	if (!json_is_string(q) || !json_string_length(q)) {
		bad(v, "quote", "must be a non-empty string");
		goto out;
	}
	if (!is_int(off) || !is_int(len)) {
		bad(v, "offset", "a quote needs integer offset and length (bytes in the source)");
		goto out;
	}
	if ((json_int_t)json_string_length(q) != json_integer_value(len)) {
		bad(v, "length", "is %lld but the quote is %zu bytes",
		    (long long)json_integer_value(len), json_string_length(q));
		goto out;
	}
	if (!v->p->source.len)
		goto out; /* reported once at source */
	{
		json_int_t o = json_integer_value(off), l = json_integer_value(len);

		if (o < 0 || l < 0 || (size_t)o > v->p->source.len ||
		    (size_t)l > v->p->source.len - (size_t)o) {
			bad(v, "offset", "%lld+%lld lies outside the source (%zu bytes)",
			    (long long)o, (long long)l, v->p->source.len);
		} else if (memcmp(v->p->source.buf + o, json_string_value(q), (size_t)l)) {
			const char *at = memmem(v->p->source.buf, v->p->source.len,
						json_string_value(q), (size_t)l);

			if (at)
				bad(v, "quote", "does not stand at byte %lld of the source; it is found at byte %lld (引文位置不符)",
				    (long long)o, (long long)(at - v->p->source.buf));
			else
				bad(v, "quote", "\"%s\" does not occur in the source (引文与原文不符)",
				    json_string_value(q));
		}
	}
out:
	if (key)
		path_pop(v, old);
}

/* The plan's own new organisation (its top-level "orgs") with this code, or NULL. */
static json_t *new_org(json_t *doc, const char *code)
{
	json_t *arr = json_object_get(doc, "orgs"), *g;
	size_t i;

	json_array_foreach(arr, i, g)
		if (json_is_object(g) && !strcmp(plan_str(g, "code"), code))
			return g;
	return NULL;
}

/*
 * "orgs": the organisations of the plan's government its text names and the
 * database lacks (市民政局 of 南昌), created when the plan is stored: each
 * {code, name, kind (department | office), parent (the plan's region_code),
 * provenance}; a code already known must carry the same name.
 */
static void check_new_orgs(struct vctx *v, json_t *d)
{
	static const char *const keys[] = { "code", "name", "kind", "parent", "provenance", "similar", NULL };
	json_t *arr = json_object_get(d, "orgs"), *g;
	const char *region = plan_str(d, "region_code");
	size_t i, old, k;

	if (!arr)
		return;
	if (!json_is_array(arr)) {
		bad(v, "orgs", "must be an array");
		return;
	}
	json_array_foreach(arr, i, g) {
		const char *code, *name, *kind, *parent;

		old = path_push(v, "orgs[%zu]", i);
		if (!json_is_object(g)) {
			bad(v, NULL, "must be an object {code, name, kind, parent, provenance}");
			path_pop(v, old);
			continue;
		}
		only_keys(v, g, keys);
		code = need_str(v, g, "code", 1);
		name = need_str(v, g, "name", 1);
		kind = need_str(v, g, "kind", 1);
		parent = need_str(v, g, "parent", 1);
		for (k = 0; code && code[k]; k++)
			if (!((code[k] >= 'a' && code[k] <= 'z') || (code[k] >= '0' && code[k] <= '9') ||
			      code[k] == '-' || code[k] == '_') || k >= 32) {
				bad(v, "code", "'%s' may hold only a-z, 0-9, _ and -, at most 32", code);
				break;
			}
		if (kind && strcmp(kind, "department") && strcmp(kind, "office"))
			bad(v, "kind", "'%s' is not department or office", kind);
		if (parent && strcmp(parent, region))
			bad(v, "parent", "'%s' is not the plan's region_code %s", parent, region);
		if (code && name && v->orgs) {
			const struct plan_org *o = plan_orgs_find(v->orgs, code);

			if (o && strcmp(o->name, name))
				bad(v, "name", "'%s' but org %s is named '%s'", name, code, o->name);
		}
		if (json_object_get(g, "similar")) {
			const char *sim = need_str(v, g, "similar", 1);

			if (sim && v->orgs && !plan_orgs_find(v->orgs, sim))
				bad(v, "similar", "'%s' is not a known org", sim);
		}
		check_prov(v, g, "provenance", 1);
		path_pop(v, old);
	}
}

static void check_units(struct vctx *v, json_t *item, const char *key)
{
	static const char *const keys[] = { "org", "name", "provenance", NULL };
	json_t *arr = json_object_get(item, key), *u;
	size_t i, old;

	if (!json_is_array(arr)) {
		bad(v, key, "must be an array (may be empty)");
		return;
	}
	json_array_foreach(arr, i, u) {
		const char *org;

		old = path_push(v, "%s[%zu]", key, i);
		if (!json_is_object(u)) {
			bad(v, NULL, "must be an object {org, name, provenance}");
			path_pop(v, old);
			continue;
		}
		only_keys(v, u, keys);
		org = need_str(v, u, "org", 1);
		need_str(v, u, "name", 1);
		if (org && v->orgs) {
			const struct plan_org *g = plan_orgs_find(v->orgs, org);
			json_t *nw = new_org(v->p->doc, org);

			if (!g && !nw)
				bad(v, "org", "'%s' is not a known organisation code", org);
			else if (g && strcmp(g->name, plan_str(u, "name")))
				bad(v, "name", "'%s' but org %s is named '%s'", plan_str(u, "name"),
				    org, g->name);
			else if (!g && strcmp(plan_str(nw, "name"), plan_str(u, "name")))
				bad(v, "name", "'%s' but the new org %s is named '%s'", plan_str(u, "name"),
				    org, plan_str(nw, "name"));
		}
		check_prov(v, u, "provenance", 1);
		path_pop(v, old);
	}
}

static int id_ok(const char *id, long no)
{
	char prefix[32];
	size_t n = (size_t)snprintf(prefix, sizeof(prefix), "%ld.", no);
	const char *s;

	if (strncmp(id, prefix, n) || !id[n])
		return 0;
	for (s = id + n; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static void check_indicator(struct vctx *v, json_t *ind, long no)
{
	static const char *const keys[] = { "id", "name", "kind", "unit", "comparator", "target",
					    "baseline", "aggregation", "provenance",
					    "baseline_provenance", "note", NULL };
	const char *id, *kind, *unit, *cmp, *agg;
	json_t *target, *baseline;
	enum plan_kind k = 0;

	only_keys(v, ind, keys);
	id = need_str(v, ind, "id", 1);
	if (id) {
		if (!id_ok(id, no))
			bad(v, "id", "'%s' must be '%ld.' then lowercase letters, digits or _", id, no);
		else if (json_object_get(v->ids, id))
			bad(v, "id", "'%s' is used twice (编号重复)", id);
		json_object_set_new(v->ids, id, json_true());
	}
	need_str(v, ind, "name", 1);
	kind = need_str(v, ind, "kind", 1);
	if (kind && !(k = plan_kind_parse(kind)))
		bad(v, "kind", "'%s' is not one of %s", kind, plan_kind_names());
	agg = need_str(v, ind, "aggregation", 1);
	if (agg && !plan_aggregation_parse(agg))
		bad(v, "aggregation", "'%s' is not one of %s", agg, plan_aggregation_names());
	unit = json_string_value(json_object_get(ind, "unit"));
	cmp = json_string_value(json_object_get(ind, "comparator"));
	target = json_object_get(ind, "target");
	baseline = json_object_get(ind, "baseline");
	if (k == PLAN_KIND_QUALITATIVE) {
		if (unit || cmp || (target && !json_is_null(target)))
			bad(v, "kind", "a qualitative indicator has no unit, comparator or target");
	} else if (k) {
		const struct plan_unit *u = plan_unit_find(unit);

		if (!unit)
			bad(v, "unit", "missing; one of %s", plan_unit_names());
		else if (!u)
			bad(v, "unit", "'%s' is not a known unit (未知单位); use one of %s", unit,
			    plan_unit_names());
		else if (u->kind != k)
			bad(v, "unit", "'%s' does not fit kind '%s'", unit, kind);
		if (!plan_cmp_parse(cmp))
			bad(v, "comparator", "must be one of >=, <=, =");
		if (!is_int(target))
			bad(v, "target", "must be an integer in the unit's base (分, 基点 or a count)");
		else if (json_integer_value(target) < 0)
			bad(v, "target", "must not be negative");
	}
	if (baseline && !json_is_null(baseline)) {
		if (!is_int(baseline) || json_integer_value(baseline) < 0)
			bad(v, "baseline", "must be a non-negative integer or null");
		check_prov(v, ind, "baseline_provenance", 1);
	}
	check_prov(v, ind, "provenance", 1);
}

static void check_items(struct vctx *v, json_t *items)
{
	static const char *const keys[] = { "no", "title", "present_in_source", "title_provenance",
					    "lead_units", "responsible_units", "indicators",
					    "note", NULL };
	json_t *it, *inds, *ind;
	size_t i, j, old, old2;

	if (!json_is_array(items) || !json_array_size(items)) {
		bad(v, "items", "must be a non-empty array");
		return;
	}
	json_array_foreach(items, i, it) {
		json_t *no = json_object_get(it, "no"), *present;

		old = path_push(v, "items[%zu]", i);
		if (!json_is_object(it)) {
			bad(v, NULL, "must be an object");
			path_pop(v, old);
			continue;
		}
		only_keys(v, it, keys);
		if (!is_int(no) || json_integer_value(no) != (json_int_t)i + 1)
			bad(v, "no", "items must be numbered 1, 2, 3… in order; expected %zu", i + 1);
		present = json_object_get(it, "present_in_source");
		if (!json_is_boolean(present))
			bad(v, "present_in_source", "must be true or false");
		need_str(v, it, "title", json_is_true(present));
		check_prov(v, it, "title_provenance", 1);
		check_units(v, it, "lead_units");
		check_units(v, it, "responsible_units");
		inds = json_object_get(it, "indicators");
		if (!json_is_array(inds)) {
			bad(v, "indicators", "must be an array (may be empty)");
		} else {
			if (json_is_false(present) && json_array_size(inds))
				bad(v, "indicators", "an item absent from the source has no indicators");
			json_array_foreach(inds, j, ind) {
				const char *id = json_string_value(json_object_get(ind, "id"));

				old2 = id ? path_push(v, "indicators[%zu] (%s)", j, id)
					  : path_push(v, "indicators[%zu]", j);
				if (json_is_object(ind))
					check_indicator(v, ind, (long)i + 1);
				else
					bad(v, NULL, "must be an object");
				path_pop(v, old2);
			}
		}
		path_pop(v, old);
	}
}

static void check_rounds(struct vctx *v, json_t *rounds)
{
	static const char *const keys[] = { "due_on", "kind", "label", "provenance", NULL };
	static const char *const kinds[] = { "progress", "evaluation", NULL };
	json_t *r;
	size_t i, old;
	const char *prev = "";

	if (!json_is_array(rounds) || !json_array_size(rounds)) {
		bad(v, "rounds", "must be a non-empty array");
		return;
	}
	json_array_foreach(rounds, i, r) {
		const char *due, *kind;

		old = path_push(v, "rounds[%zu]", i);
		only_keys(v, r, keys);
		need_date(v, r, "due_on");
		due = plan_str(r, "due_on");
		if (strcmp(due, prev) <= 0)
			bad(v, "due_on", "rounds must be in date order without repeats");
		prev = due;
		kind = need_str(v, r, "kind", 1);
		if (kind && !in_list(kind, kinds))
			bad(v, "kind", "'%s' is not one of progress, evaluation", kind);
		need_str(v, r, "label", 1);
		check_prov(v, r, "provenance", 1);
		path_pop(v, old);
	}
}

static void check_notes(struct vctx *v, json_t *notes, size_t nitems)
{
	static const char *const keys[] = { "id", "flag", "item", "topic", "text", "provenance", NULL };
	static const char *const flags[] = { "待核实", "已记录", NULL };
	json_t *n, *seen = json_object(), *pr, *item;
	size_t i, j, old, old2;

	if (!json_is_array(notes)) {
		bad(v, "notes", "must be an array (may be empty)");
		json_decref(seen);
		return;
	}
	json_array_foreach(notes, i, n) {
		const char *id, *flag;

		old = path_push(v, "notes[%zu]", i);
		only_keys(v, n, keys);
		id = need_str(v, n, "id", 1);
		if (id && json_object_get(seen, id))
			bad(v, "id", "'%s' is used twice", id);
		else if (id)
			json_object_set_new(seen, id, json_true());
		flag = need_str(v, n, "flag", 1);
		if (flag && !in_list(flag, flags))
			bad(v, "flag", "'%s' is not one of 待核实, 已记录", flag);
		item = json_object_get(n, "item");
		if (item && !json_is_null(item) &&
		    (!is_int(item) || json_integer_value(item) < 1 ||
		     (size_t)json_integer_value(item) > nitems))
			bad(v, "item", "must be null or an item number 1..%zu", nitems);
		need_str(v, n, "topic", 1);
		need_str(v, n, "text", 1);
		pr = json_object_get(n, "provenance");
		if (!json_is_array(pr) || !json_array_size(pr)) {
			bad(v, "provenance", "must be a non-empty array of provenance objects");
		} else {
			json_t *one;

			json_array_foreach(pr, j, one) {
				old2 = path_push(v, "provenance[%zu]", j);
				check_prov(v, one, NULL, 1);
				path_pop(v, old2);
			}
		}
		path_pop(v, old);
	}
	json_decref(seen);
}

static void check_source(struct vctx *v, json_t *src)
{
	static const char *const keys[] = { "path", "sha256", "bytes", NULL };
	const char *sha;
	size_t old = path_push(v, "source");

	if (!json_is_object(src)) {
		bad(v, NULL, "must be an object {path, sha256, bytes}");
		path_pop(v, old);
		return;
	}
	only_keys(v, src, keys);
	need_str(v, src, "path", 1);
	sha = need_str(v, src, "sha256", 1);
	if (!v->p->source_sha256[0]) {
		bad(v, "path", "cannot read the source notice '%s' (原文无法读取)", plan_str(src, "path"));
	} else {
		if (sha && strcmp(sha, v->p->source_sha256))
			bad(v, "sha256", "is %s but the source %s hashes to %s (原文已变动)", sha,
			    v->p->source_path, v->p->source_sha256);
		if (!is_int(json_object_get(src, "bytes")) ||
		    (size_t)json_integer_value(json_object_get(src, "bytes")) != v->p->source.len)
			bad(v, "bytes", "does not match the source's %zu bytes", v->p->source.len);
	}
	path_pop(v, old);
}
/* A nine-digit township code: its first six digits a county (or a prefecture without counties) known. */
static int township_parent_ok(const struct plan_orgs *orgs, const char *code)
{
	char parent[8];
	const struct plan_org *g;

	snprintf(parent, sizeof(parent), "%.6s", code);
	g = plan_orgs_find(orgs, parent);
	return g && (!strcmp(g->kind, "county") || !strcmp(g->kind, "city"));
}


int plan_validate(const struct plan *p, const struct plan_orgs *orgs,
		  struct ms_buf *report, int max_errors)
{
	static const char *const keys[] = {
		"schema", "id", "title", "title_provenance", "notice_title", "issuer",
		"issuer_provenance", "issued_on", "issued_on_provenance", "region_code", "year",
		"start_on", "start_on_provenance", "source", "items", "rounds", "notes", "orgs", NULL
	};
	struct vctx v = { .p = p, .orgs = orgs, .report = report, .max = max_errors };
	json_t *d = p->doc, *year;
	const char *s;
	size_t i;

	ms_buf_init(&v.path, 4096);
	v.ids = json_object();
	only_keys(&v, d, keys);
	s = need_str(&v, d, "schema", 1);
	if (s && strcmp(s, PLAN_SCHEMA))
		bad(&v, "schema", "'%s' is not %s", s, PLAN_SCHEMA);
	s = need_str(&v, d, "id", 1);
	for (i = 0; s && s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) {
			bad(&v, "id", "'%s' may hold only a-z, 0-9 and -", s);
			break;
		}
	need_str(&v, d, "title", 1);
	need_str(&v, d, "issuer", 1);
	need_date(&v, d, "issued_on");
	need_date(&v, d, "start_on");
	s = need_str(&v, d, "region_code", 1);
	if (s && !((strlen(s) == 6 || strlen(s) == 9) && strspn(s, "0123456789") == strlen(s)))
		bad(&v, "region_code", "'%s' is not a 6-digit GB/T 2260 code (or a 9-digit township's)", s);
	else if (s && orgs && strlen(s) == 6 && !plan_orgs_find(orgs, s))
		bad(&v, "region_code", "'%s' is not a known region", s);
	else if (s && orgs && strlen(s) == 9 && !township_parent_ok(orgs, s))
		bad(&v, "region_code", "'%s': a township's first six digits name no known county", s);
	year = json_object_get(d, "year");
	if (!is_int(year) || json_integer_value(year) < MS_YEAR_MIN ||
	    json_integer_value(year) > MS_YEAR_MAX)
		bad(&v, "year", "must be a year between %d and %d", MS_YEAR_MIN, MS_YEAR_MAX);
	check_source(&v, json_object_get(d, "source"));
	check_prov(&v, d, "title_provenance", 1);
	check_prov(&v, d, "issuer_provenance", 1);
	check_prov(&v, d, "issued_on_provenance", 1);
	check_prov(&v, d, "start_on_provenance", 1);
	check_new_orgs(&v, d);
	check_items(&v, json_object_get(d, "items"));
	check_rounds(&v, json_object_get(d, "rounds"));
	check_notes(&v, json_object_get(d, "notes"), json_array_size(json_object_get(d, "items")));
	if (v.nerr > v.max)
		ms_buf_addf(report, "… and %d more problems\n", v.nerr - v.max);
	json_decref(v.ids);
	ms_buf_release(&v.path);
	return v.nerr;
}

/* ---------- the readable overview ---------- */

static const char *basis_label(const char *basis)
{
	if (!basis)
		return "";
	if (!strcmp(basis, "inferred"))
		return "推断";
	if (!strcmp(basis, "external"))
		return "外部依据";
	if (!strcmp(basis, "assumption"))
		return "假定";
	return "";
}

static void units_line(struct ms_buf *b, const struct plan_unit_ref *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *label = basis_label(v[i].prov.basis);

		ms_buf_adds(b, i ? "、" : "");
		ms_buf_adds(b, v[i].name);
		if (*label)
			ms_buf_addf(b, "（%s）", label);
	}
}

static void value_cell(struct ms_buf *b, const struct plan_indicator *d, int has, int64_t v,
		       const char *sign)
{
	ms_buf_reset(b);
	if (!has)
		return;
	ms_buf_adds(b, sign);
	plan_value_format(b, d->unit ? d->unit->name : NULL, v);
}

/* The header: title, issuer and date, counts, reporting rounds. */
static void render_header(struct ms_buf *b, const struct plan_model *m)
{
	size_t i, nabsent = 0;
	ms_day d;

	for (i = 0; i < m->nitems; i++)
		nabsent += !m->items[i].present;
	ms_buf_addf(b, "%s（%s）\n", m->title, m->id);
	ms_buf_addf(b, "发文：%s", m->issuer);
	if (ms_date_parse(m->issued_on, strlen(m->issued_on), &d, NULL) == 0) {
		ms_buf_adds(b, "　发布日期：");
		ms_date_format_cn(b, d);
	}
	ms_buf_addf(b, "\n共 %zu 件实事（原文缺 %zu 件），%zu 项指标\n", m->nitems, nabsent,
		    m->nindicators);
	ms_buf_adds(b, "报送节点：");
	for (i = 0; i < m->nrounds; i++) {
		const char *label = basis_label(m->rounds[i].prov.basis);

		ms_buf_addf(b, "%s%s %s", i ? "；" : "", m->rounds[i].label, m->rounds[i].due_on);
		if (*label)
			ms_buf_addf(b, "（%s）", label);
	}
	ms_buf_addch(b, '\n');
}

/* One item: its number and title, its units, a table of its indicators. */
static void render_item(struct ms_buf *b, const struct plan_item *it, int64_t seq)
{
	struct ms_buf cell = MS_BUF_INIT;
	struct ms_table *t;
	size_t j;

	ms_buf_addch(b, '\n');
	ms_cn_num_format(b, seq);
	if (!it->present) {
		ms_buf_adds(b, "、（原文缺失）\n");
		return;
	}
	ms_buf_addf(b, "、%s\n", it->title);
	ms_buf_adds(b, "    牵头单位：");
	if (it->nleads)
		units_line(b, it->leads, it->nleads);
	else
		ms_buf_adds(b, "（原文未明确）");
	ms_buf_addch(b, '\n');
	if (it->nresponsible) {
		ms_buf_adds(b, "    责任单位：");
		units_line(b, it->responsible, it->nresponsible);
		ms_buf_addch(b, '\n');
	}
	if (!it->nind)
		return;
	t = ms_table_new(5);
	ms_table_add(t, "    编号");
	ms_table_add(t, "指标");
	ms_table_add(t, "目标");
	ms_table_add(t, "原标准");
	ms_table_add(t, "类别");
	ms_table_align_right(t, 2);
	ms_table_align_right(t, 3);
	for (j = 0; j < it->nind; j++) {
		const struct plan_indicator *d = &it->ind[j];

		ms_table_addf(t, "    %s", d->id);
		ms_table_add(t, d->name);
		value_cell(&cell, d, d->has_target, d->target, plan_cmp_sign(d->comparator));
		ms_table_add(t, cell.buf);
		value_cell(&cell, d, d->has_baseline, d->baseline, "");
		ms_table_add(t, cell.buf);
		ms_table_add(t, plan_kind_label(d->kind));
	}
	ms_table_render(t, b);
	ms_table_free(t);
	ms_buf_release(&cell);
}

static void render_notes(struct ms_buf *b, const struct plan_model *m)
{
	size_t i, nverify = plan_model_open_notes(m);

	if (!nverify)
		return;
	ms_buf_addf(b, "\n待核实事项（%zu）\n", nverify);
	for (i = 0; i < m->nnotes; i++) {
		const struct plan_note *n = &m->notes[i];

		if (strcmp(n->flag, "待核实"))
			continue;
		ms_buf_addf(b, "  %s", n->id);
		if (n->item) {
			ms_buf_adds(b, " [第");
			ms_cn_num_format(b, n->item);
			ms_buf_adds(b, "件]");
		}
		ms_buf_addf(b, " %s\n", n->text);
	}
}

int plan_render_text(struct ms_buf *b, const json_t *doc)
{
	struct plan_model m;
	struct ms_err err;
	size_t i;

	if (plan_model_load(doc, &m, &err)) {
		ms_buf_addf(b, "%s\n", err.msg);
		return -1;
	}
	render_header(b, &m);
	for (i = 0; i < m.nitems; i++)
		render_item(b, &m.items[i], (int64_t)i + 1);
	render_notes(b, &m);
	plan_model_release(&m);
	return 0;
}
