/*
 * setup.c - plan_save, orgs_save and setup_init (see setup.h).
 */
#include "setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.h"
#include "core/banned.h"

static int save_prov(struct store *st, const char *plan, const char *subject, int64_t seq,
		     json_t *pr, struct ms_err *err)
{
	json_t *q = json_object_get(pr, "quote");
	struct store_prov p = {
		.plan = plan, .subject = subject, .seq = seq,
		.quote = json_string_value(q),
		.basis = plan_str(pr, "basis"),
		.note = json_string_value(json_object_get(pr, "note")),
		.citation = json_string_value(json_object_get(pr, "citation")),
		.offset = q ? json_integer_value(json_object_get(pr, "offset")) : -1,
		.length = q ? json_integer_value(json_object_get(pr, "length")) : -1,
	};

	if (!pr)
		return 0;
	return store_prov_put(st, &p, err);
}

static int save_units(struct store *st, const char *plan, int64_t no, json_t *item,
		      const char *key, const char *role, struct ms_err *err)
{
	struct ms_buf subj = MS_BUF_INIT;
	json_t *u;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(item, key), i, u) {
		json_t *pr = json_object_get(u, "provenance");

		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "item:%lld:%s:%zu", (long long)no, role, i + 1);
		if (store_item_unit_put(st, plan, no, role, (int64_t)i + 1, plan_str(u, "org"),
					plan_str(pr, "basis"), err) ||
		    save_prov(st, plan, subj.buf, 1, pr, err)) {
			rc = ms_err_prefix(err, "item %lld %s unit %s", (long long)no, role,
					   plan_str(u, "org"));
			break;
		}
	}
	ms_buf_release(&subj);
	return rc;
}

static int save_indicator(struct store *st, const char *plan, int64_t no, json_t *ind,
			  struct ms_err *err)
{
	json_t *t = json_object_get(ind, "target"), *b = json_object_get(ind, "baseline");
	struct store_indicator d = {
		.plan = plan, .id = plan_str(ind, "id"), .item_no = no,
		.name = plan_str(ind, "name"), .kind = plan_str(ind, "kind"),
		.unit = json_string_value(json_object_get(ind, "unit")),
		.comparator = json_string_value(json_object_get(ind, "comparator")),
		.aggregation = plan_str(ind, "aggregation"),
		.has_target = json_is_integer(t), .target = json_integer_value(t),
		.has_baseline = json_is_integer(b), .baseline = json_integer_value(b),
	};
	struct ms_buf subj = MS_BUF_INIT;
	int rc;

	ms_buf_addf(&subj, "indicator:%s", d.id);
	rc = store_indicator_put(st, &d, err);
	if (!rc)
		rc = save_prov(st, plan, subj.buf, 1, json_object_get(ind, "provenance"), err);
	if (!rc && json_object_get(ind, "baseline_provenance")) {
		ms_buf_adds(&subj, ":baseline");
		rc = save_prov(st, plan, subj.buf, 1, json_object_get(ind, "baseline_provenance"), err);
	}
	if (rc)
		ms_err_prefix(err, "indicator %s", d.id);
	ms_buf_release(&subj);
	return rc;
}

int plan_save(struct store *st, const struct plan *p, const char *actor, struct ms_err *err)
{
	json_t *d = p->doc, *it, *ind, *r, *n, *pr, *after = NULL;
	const char *id = plan_id(p);
	struct ms_buf doc = MS_BUF_INIT, subj = MS_BUF_INIT;
	size_t i, j, nind = 0;
	int rc = -1;
	static const char *const top[] = { "title", "issuer", "issued_on", "start_on", NULL };
	struct store_plan sp = {
		.id = id, .title = plan_str(d, "title"), .issuer = plan_str(d, "issuer"),
		.issued_on = plan_str(d, "issued_on"), .region_code = plan_str(d, "region_code"),
		.start_on = plan_str(d, "start_on"), .source_sha256 = p->source_sha256,
		.year = json_integer_value(json_object_get(d, "year")),
	};

	if (ms_json_dump(&doc, d, 0) < 0) {
		ms_err_set(err, "plan %s: cannot encode", id);
		goto out;
	}
	sp.doc = doc.buf;
	if (store_source_put(st, p->source_sha256, p->source.buf, p->source.len, err) ||
	    store_plan_put(st, &sp, err))
		goto out;
	for (i = 0; top[i]; i++) {
		struct ms_buf key = MS_BUF_INIT;

		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "plan:%s", top[i]);
		ms_buf_addf(&key, "%s_provenance", top[i]);
		rc = save_prov(st, id, subj.buf, 1, json_object_get(d, key.buf), err);
		ms_buf_release(&key);
		if (rc)
			goto out;
	}
	rc = -1;
	json_array_foreach(json_object_get(d, "items"), i, it) {
		int64_t no = json_integer_value(json_object_get(it, "no"));

		if (store_item_put(st, id, no, plan_str(it, "title"),
				   json_is_true(json_object_get(it, "present_in_source")), err))
			goto out;
		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "item:%lld:title", (long long)no);
		if (save_prov(st, id, subj.buf, 1, json_object_get(it, "title_provenance"), err) ||
		    save_units(st, id, no, it, "lead_units", "lead", err) ||
		    save_units(st, id, no, it, "responsible_units", "responsible", err))
			goto out;
		json_array_foreach(json_object_get(it, "indicators"), j, ind) {
			if (save_indicator(st, id, no, ind, err))
				goto out;
			nind++;
		}
	}
	json_array_foreach(json_object_get(d, "rounds"), i, r) {
		if (store_round_put(st, id, plan_str(r, "due_on"), plan_str(r, "kind"),
				    plan_str(r, "label"), err))
			goto out;
		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "round:%s", plan_str(r, "due_on"));
		if (save_prov(st, id, subj.buf, 1, json_object_get(r, "provenance"), err))
			goto out;
	}
	json_array_foreach(json_object_get(d, "notes"), i, n) {
		json_t *item = json_object_get(n, "item");

		if (store_note_put(st, id, plan_str(n, "id"), plan_str(n, "flag"),
				   json_is_integer(item) ? json_integer_value(item) : 0,
				   plan_str(n, "topic"), plan_str(n, "text"), err))
			goto out;
		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "note:%s", plan_str(n, "id"));
		json_array_foreach(json_object_get(n, "provenance"), j, pr)
			if (save_prov(st, id, subj.buf, (int64_t)j + 1, pr, err))
				goto out;
	}
	after = json_pack("{s:s, s:s, s:I, s:I, s:I}", "id", id, "source_sha256",
			  p->source_sha256, "items",
			  (json_int_t)json_array_size(json_object_get(d, "items")), "indicators",
			  (json_int_t)nind, "notes",
			  (json_int_t)json_array_size(json_object_get(d, "notes")));
	ms_buf_reset(&doc);
	ms_json_dump(&doc, after, 0);
	rc = store_journal(st, actor, "plan.load", "plan", id, NULL, doc.buf, err);
out:
	json_decref(after);
	ms_buf_release(&doc);
	ms_buf_release(&subj);
	return rc;
}

int plan_add(struct store *st, const struct plan *p, const struct plan_orgs *orgs,
	     const char *actor, struct ms_buf *report, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT;
	int n, r;

	n = plan_validate(p, orgs, report, 50);
	if (n) {
		ms_err_setk(err, MS_E_INVALID, "plan %s: %d problem%s; it was not stored (计划有误，未保存)",
			    plan_id(p), n, n == 1 ? "" : "s");
		return -1;
	}
	if (store_begin(st, err))
		return -1;
	r = store_plan_doc(st, plan_id(p), &doc, err);
	ms_buf_release(&doc);
	if (r > 0)
		ms_err_setk(err, MS_E_CONFLICT, "plan %s is already in the database (已有同名计划)",
			    plan_id(p));
	if (r != 0 || plan_save(st, p, actor, err) || store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* Depth of an org in the tree, so parents are written before children. */
static int depth(const struct plan_orgs *o, const struct plan_org *g)
{
	int d = 0;

	while (g && g->parent[0] && d < 16) {
		g = plan_orgs_find(o, g->parent);
		d++;
	}
	return d;
}

int orgs_save(struct store *st, const struct plan_orgs *o, const char *actor,
	      struct ms_err *err)
{
	struct ms_buf after = MS_BUF_INIT;
	size_t i;
	int d, rc = 0;

	for (d = 0; d < 16 && !rc; d++) {
		for (i = 0; i < o->n; i++) {
			const struct plan_org *g = &o->v[i];

			if (depth(o, g) != d)
				continue;
			if (store_org_put(st, g->code, g->name, g->kind, g->parent, err)) {
				rc = ms_err_prefix(err, "org %s", g->code);
				break;
			}
		}
	}
	if (!rc) {
		ms_buf_addf(&after, "{\"orgs\":%zu,\"cities\":%zu,\"counties\":%zu,\"departments\":%zu}",
			    o->n, plan_orgs_count(o, "city"), plan_orgs_count(o, "county"),
			    plan_orgs_count(o, "department"));
		rc = store_journal(st, actor, "org.load", "org", "*", NULL, after.buf, err);
	}
	ms_buf_release(&after);
	return rc;
}

/* Removes a database's side files, and the file itself when with_db. */
static void remove_db_files(const char *path, int with_db)
{
	struct ms_buf b = MS_BUF_INIT;
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal", NULL };
	size_t i;

	for (i = with_db ? 0 : 1; sfx[i]; i++) {
		ms_buf_reset(&b);
		ms_buf_addf(&b, "%s%s", path, sfx[i]);
		unlink(b.buf);
	}
	ms_buf_release(&b);
}

int setup_init(const struct setup_opts *o, struct setup_result *res, struct ms_buf *report,
	       struct ms_err *err)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct plan p;
	struct store *st = NULL;
	struct ms_buf tmp = MS_BUF_INIT;
	struct stat sb;
	int have_plan = 0, rc = -1, nprob;
	size_t i;

	memset(res, 0, sizeof(*res));
	if (!o->force && stat(o->db_path, &sb) == 0)
		return ms_err_set(err, "%s: a database is already there; use --force to replace it (数据库已存在)",
				  o->db_path);
	for (i = 0; o->org_csv[i]; i++)
		if (plan_orgs_load_csv(&orgs, o->org_csv[i], err))
			goto out;
	if (plan_orgs_check(&orgs, err))
		goto out;
	if (plan_load(&p, o->plan_path, err))
		goto out;
	have_plan = 1;
	nprob = plan_validate(&p, &orgs, report, 50);
	if (nprob) {
		ms_err_set(err, "%s: %d problem%s; nothing was written (计划文件有误，未写入)",
			   o->plan_path, nprob, nprob == 1 ? "" : "s");
		goto out;
	}
	ms_buf_addf(&tmp, "%s.new-%ld", o->db_path, (long)getpid());
	remove_db_files(tmp.buf, 1);
	if (store_open(&st, tmp.buf, STORE_CREATE, err) || store_begin(st, err))
		goto out;
	if (orgs_save(st, &orgs, o->actor, err) || plan_save(st, &p, o->actor, err) ||
	    (o->after_load && o->after_load(st, o->actor, err))) {
		store_rollback(st);
		goto out;
	}
	if (store_commit(st, err) || store_check(st, err))
		goto out;
	res->orgs = orgs.n;
	res->items = json_array_size(json_object_get(p.doc, "items"));
	res->indicators = (size_t)store_count(st, "indicator", NULL);
	res->notes = json_array_size(json_object_get(p.doc, "notes"));
	store_close(st);
	st = NULL;
	/* an old WAL must never be replayed into the new file */
	remove_db_files(o->db_path, 0);
	if (rename(tmp.buf, o->db_path)) {
		ms_err_set(err, "%s: cannot move the new database into place: %s", o->db_path,
			   strerror(errno));
		goto out;
	}
	rc = 0;
out:
	store_close(st);
	if (rc && tmp.len)
		remove_db_files(tmp.buf, 1);
	if (have_plan)
		plan_release(&p);
	plan_orgs_release(&orgs);
	ms_buf_release(&tmp);
	return rc;
}
