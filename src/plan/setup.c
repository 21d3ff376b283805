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
#include "plan/model.h"
#include "core/banned.h"

static int save_prov(struct store *st, const char *plan, const char *subject, int64_t seq,
		     const struct plan_prov *pr, struct ms_err *err)
{
	struct store_prov p = {
		.plan = plan, .subject = subject, .seq = seq, .quote = pr->quote,
		.basis = pr->basis, .note = pr->note, .citation = pr->citation,
		.offset = pr->offset, .length = pr->length,
	};

	if (!pr->basis)   /* the fact has no provenance object */
		return 0;
	return store_prov_put(st, &p, err);
}

static int save_units(struct store *st, const char *plan, int64_t no,
		      const struct plan_unit_ref *v, size_t n, const char *role, struct ms_err *err)
{
	struct ms_buf subj = MS_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "item:%lld:%s:%zu", (long long)no, role, i + 1);
		if (store_item_unit_put(st, plan, no, role, (int64_t)i + 1, v[i].org,
					v[i].prov.basis ? v[i].prov.basis : "", err) ||
		    save_prov(st, plan, subj.buf, 1, &v[i].prov, err)) {
			rc = ms_err_prefix(err, "item %lld %s unit %s", (long long)no, role, v[i].org);
			break;
		}
	}
	ms_buf_release(&subj);
	return rc;
}

static int save_indicator(struct store *st, const char *plan, const struct plan_indicator *ind,
			  struct ms_err *err)
{
	struct store_indicator d = {
		.plan = plan, .id = ind->id, .item_no = ind->item->no, .name = ind->name,
		.kind = ind->kind_name, .unit = ind->unit ? ind->unit->name : NULL,
		.comparator = plan_cmp_name(ind->comparator),
		.aggregation = plan_aggregation_name(ind->aggregation),
		.has_target = ind->has_target, .target = ind->target,
		.has_baseline = ind->has_baseline, .baseline = ind->baseline,
	};
	struct ms_buf subj = MS_BUF_INIT;
	int rc;

	ms_buf_addf(&subj, "indicator:%s", d.id);
	rc = store_indicator_put(st, &d, err);
	if (!rc)
		rc = save_prov(st, plan, subj.buf, 1, &ind->prov, err);
	if (!rc && ind->baseline_prov.basis) {
		ms_buf_adds(&subj, ":baseline");
		rc = save_prov(st, plan, subj.buf, 1, &ind->baseline_prov, err);
	}
	if (rc)
		ms_err_prefix(err, "indicator %s", d.id);
	ms_buf_release(&subj);
	return rc;
}

/* An item: its row, title provenance, units and indicators. */
static int save_item(struct store *st, const char *plan, const struct plan_item *it,
		     struct ms_err *err)
{
	char subj[64];
	size_t j;

	if (store_item_put(st, plan, it->no, it->title, it->present, err))
		return -1;
	snprintf(subj, sizeof(subj), "item:%lld:title", (long long)it->no);
	if (save_prov(st, plan, subj, 1, &it->title_prov, err) ||
	    save_units(st, plan, it->no, it->leads, it->nleads, "lead", err) ||
	    save_units(st, plan, it->no, it->responsible, it->nresponsible, "responsible", err))
		return -1;
	for (j = 0; j < it->nind; j++)
		if (save_indicator(st, plan, &it->ind[j], err))
			return -1;
	return 0;
}

/* The plan's own row, with its source and the provenance of its header facts. */
static int save_header(struct store *st, const struct plan *p, const struct plan_model *m,
		       struct ms_err *err)
{
	const struct { const char *subject; const struct plan_prov *prov; } top[] = {
		{ "plan:title", &m->title_prov }, { "plan:issuer", &m->issuer_prov },
		{ "plan:issued_on", &m->issued_on_prov }, { "plan:start_on", &m->start_on_prov },
	};
	struct store_plan sp = {
		.id = m->id, .title = m->title, .issuer = m->issuer, .issued_on = m->issued_on,
		.region_code = m->region_code, .start_on = m->start_on,
		.source_sha256 = p->source_sha256, .year = m->year,
	};
	struct ms_buf doc = MS_BUF_INIT;
	size_t i;
	int rc = -1;

	if (ms_json_dump(&doc, p->doc, 0) < 0) {
		ms_err_set(err, "计划 %s 无法编码 (plan %s: cannot encode)", m->id, m->id);
		goto out;
	}
	sp.doc = doc.buf;
	if (store_source_put(st, p->source_sha256, p->source.buf, p->source.len, err) ||
	    store_plan_put(st, &sp, err))
		goto out;
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (save_prov(st, m->id, top[i].subject, 1, top[i].prov, err))
			goto out;
	rc = 0;
out:
	ms_buf_release(&doc);
	return rc;
}

static int save_rounds_notes(struct store *st, const struct plan_model *m, struct ms_err *err)
{
	struct ms_buf subj = MS_BUF_INIT;
	size_t i, j;
	int rc = -1;

	for (i = 0; i < m->nrounds; i++) {
		const struct plan_round *r = &m->rounds[i];

		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "round:%s", r->due_on);
		if (store_round_put(st, m->id, r->due_on, r->kind, r->label, err) ||
		    save_prov(st, m->id, subj.buf, 1, &r->prov, err))
			goto out;
	}
	for (i = 0; i < m->nnotes; i++) {
		const struct plan_note *n = &m->notes[i];

		if (store_note_put(st, m->id, n->id, n->flag, n->item, n->topic, n->text, err))
			goto out;
		ms_buf_reset(&subj);
		ms_buf_addf(&subj, "note:%s", n->id);
		for (j = 0; j < n->nprov; j++)
			if (save_prov(st, m->id, subj.buf, (int64_t)j + 1, &n->prov[j], err))
				goto out;
	}
	rc = 0;
out:
	ms_buf_release(&subj);
	return rc;
}

/*
 * The organisations of the plan's government its text names and the
 * database lacks (the document's "orgs"), each with its org.add journal row;
 * one the database already holds is left as it is.
 */
static int save_new_orgs(struct store *st, const struct plan *p, const char *actor, struct ms_err *err)
{
	json_t *arr = json_object_get(p->doc, "orgs"), *g;
	struct store_org_row row;
	size_t i;
	int r;

	json_array_foreach(arr, i, g) {
		const char *code = plan_str(g, "code"), *name = plan_str(g, "name");

		r = store_org_get(st, code, &row, err);
		if (r < 0)
			return -1;
		if (r)
			continue;
		if (store_org_put(st, code, name, plan_str(g, "kind"), plan_str(g, "parent"), NULL, err) ||
		    store_journal_json(st, actor, "org.add", "org", code, NULL,
				       json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", code, "name", name,
						 "kind", plan_str(g, "kind"), "parent", plan_str(g, "parent"),
						 "plan", plan_id(p)), err))
			return -1;
	}
	return 0;
}

int plan_save(struct store *st, const struct plan *p, const char *actor, struct ms_err *err)
{
	struct plan_model m;
	size_t i;
	int rc = -1;

	if (plan_model_load(p->doc, &m, err))
		return -1;
	if (save_new_orgs(st, p, actor, err) || save_header(st, p, &m, err))
		goto out;
	for (i = 0; i < m.nitems; i++)
		if (save_item(st, m.id, &m.items[i], err))
			goto out;
	if (save_rounds_notes(st, &m, err))
		goto out;
	rc = store_journal_json(st, actor, "plan.load", "plan", m.id, NULL,
				json_pack("{s:s, s:s, s:I, s:I, s:I}", "id", m.id, "source_sha256",
					  p->source_sha256, "items", (json_int_t)m.nitems,
					  "indicators", (json_int_t)m.nindicators, "notes",
					  (json_int_t)m.nnotes),
				err);
out:
	plan_model_release(&m);
	return rc;
}

/* Inside plan_add's transaction: refuses an id already stored, then saves. */
static int plan_add_work(struct store *st, const struct plan *p, const char *actor,
			 struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT;
	int r = store_plan_doc(st, plan_id(p), &doc, err);

	ms_buf_release(&doc);
	if (r > 0)
		return ms_err_field(err, MS_E_CONFLICT, "id", "计划 %s 已存在 (plan %s is already "
				    "in the database)", plan_id(p), plan_id(p));
	return r < 0 ? -1 : plan_save(st, p, actor, err);
}

int plan_add(struct store *st, const struct plan *p, const struct plan_orgs *orgs,
	     const char *actor, struct ms_buf *report, struct ms_err *err)
{
	int n = plan_validate(p, orgs, report, 50);

	if (n)
		return ms_err_setk(err, MS_E_INVALID, "计划 %s 有 %d 处错误，未保存 (plan %s: %d "
				   "problem%s; it was not stored)", plan_id(p), n, plan_id(p), n,
				   n == 1 ? "" : "s");
	if (store_begin(st, err))
		return -1;
	return store_end(st, plan_add_work(st, p, actor, err), err);
}

int plan_add_file(struct store *st, const char *path, const char *actor, struct ms_buf *report,
		  struct ms_err *err)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct plan p;
	int n, rc = -1;

	if (plan_load(&p, path, err))
		return -1;
	if (plan_orgs_from_store(&orgs, st, err))
		goto out;
	n = plan_validate(&p, &orgs, report, 50);
	if (n) {
		ms_err_setk(err, MS_E_INVALID, "%s: 计划文件有 %d 处错误，未写入 (%d problem%s; nothing "
			    "was written)", path, n, n, n == 1 ? "" : "s");
		goto out;
	}
	rc = plan_add_work(st, &p, actor, err);
out:
	plan_orgs_release(&orgs);
	plan_release(&p);
	return rc;
}

static char *dup_or_die(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		abort();
	return p;
}

static int org_take(const struct store_org *g, void *arg)
{
	struct plan_orgs *o = arg;

	if (o->n == o->alloc) {
		o->alloc = o->alloc ? 2 * o->alloc : 256;
		o->v = realloc(o->v, o->alloc * sizeof(*o->v));
		if (!o->v)
			abort();
	}
	o->v[o->n].code = dup_or_die(g->code);
	o->v[o->n].name = dup_or_die(g->name);
	o->v[o->n].kind = dup_or_die(g->kind);
	o->v[o->n].parent = dup_or_die(g->parent);
	o->v[o->n].short_name = dup_or_die(g->short_name);
	o->v[o->n].line = 0;   /* from the database, not a file */
	o->n++;
	return 0;
}

int plan_orgs_from_store(struct plan_orgs *o, struct store *st, struct ms_err *err)
{
	return store_org_each(st, NULL, org_take, o, err);
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
	unsigned char *dep = malloc(o->n + 1);
	size_t i;
	int d, rc = 0;

	if (!dep)
		abort();
	for (i = 0; i < o->n; i++)
		dep[i] = (unsigned char)depth(o, &o->v[i]);
	for (d = 0; d < 16 && !rc; d++) {
		for (i = 0; i < o->n; i++) {
			const struct plan_org *g = &o->v[i];

			if (dep[i] != d)
				continue;
			if (store_org_put(st, g->code, g->name, g->kind, g->parent, g->short_name, err)) {
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
	free(dep);
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

/* Loads the organisations, the plan and what after_load adds into an opened, empty store. */
static int load_all(struct store *st, const struct setup_opts *o, struct plan_orgs *orgs,
		    struct plan *p, struct setup_result *res, struct ms_err *err)
{
	if (store_begin(st, err))
		return -1;
	if (store_end(st, orgs_save(st, orgs, o->actor, err) || plan_save(st, p, o->actor, err) ||
			  (o->after_load && o->after_load(st, o->actor, o->after_arg, err)) ? -1 : 0, err) ||
	    store_check(st, err))
		return -1;
	res->orgs = orgs->n;
	res->items = json_array_size(json_object_get(p->doc, "items"));
	res->indicators = (size_t)store_count(st, "indicator", NULL);
	res->notes = json_array_size(json_object_get(p->doc, "notes"));
	return 0;
}

/*
 * A PostgreSQL database has no file to build aside: with --force its tables
 * are dropped first; a load that fails drops what it created.
 */
static int init_pg(const struct setup_opts *o, struct plan_orgs *orgs, struct plan *p,
		   struct setup_result *res, struct ms_err *err)
{
	struct store *st = NULL;

	if (!o->force && !store_open(&st, o->db_path, STORE_READ, NULL)) {
		store_close(st);
		return ms_err_field(err, MS_E_CONFLICT, "force", "%s: 数据库已存在，须明确要求才替换 "
				    "(a database is already there; replace it only on purpose)",
				    o->db_path);
	}
	if (o->force && store_wipe(o->db_path, err))
		return -1;
	if (store_open(&st, o->db_path, STORE_CREATE, err))
		return -1;
	if (load_all(st, o, orgs, p, res, err)) {
		store_close(st);
		store_wipe(o->db_path, NULL);
		return -1;
	}
	store_close(st);
	return 0;
}

int setup_init(const struct setup_opts *o, struct setup_result *res, struct ms_buf *report,
	       struct ms_err *err)
{
	struct plan_orgs orgs = PLAN_ORGS_INIT;
	struct plan p;
	struct store *st = NULL;
	struct ms_buf tmp = MS_BUF_INIT;
	struct stat sb;
	int have_plan = 0, rc = -1, nprob, url = store_is_url(o->db_path);
	size_t i;

	memset(res, 0, sizeof(*res));
	if (!url && !o->force && stat(o->db_path, &sb) == 0)
		return ms_err_field(err, MS_E_CONFLICT, "force", "%s: 数据库已存在，须明确要求才替换 "
				    "(a database is already there; replace it only on purpose)",
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
		ms_err_set(err, "%s: 计划文件有 %d 处错误，未写入 (%d problem%s; nothing was written)",
			   o->plan_path, nprob, nprob, nprob == 1 ? "" : "s");
		goto out;
	}
	if (url) {
		rc = init_pg(o, &orgs, &p, res, err);
		goto out;
	}
	ms_buf_addf(&tmp, "%s.new-%ld", o->db_path, (long)getpid());
	remove_db_files(tmp.buf, 1);
	if (store_open(&st, tmp.buf, STORE_CREATE, err) || load_all(st, o, &orgs, &p, res, err))
		goto out;
	store_close(st);
	st = NULL;
	/* an old WAL must never be replayed into the new file */
	remove_db_files(o->db_path, 0);
	if (rename(tmp.buf, o->db_path)) {
		ms_err_setk(err, MS_E_INTERNAL, "%s: 新数据库无法就位 (cannot move the new database "
			    "into place: %s)", o->db_path, strerror(errno));
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
