/*
 * store_plan.c - the plan's tables: organisations, source notices, plans,
 * items and their units, indicators, provenance, reporting rounds and notes.
 */
#include "db.h"

#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

int store_org_put(struct store *st, const char *code, const char *name, const char *kind,
		  const char *parent, const char *short_name, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO org (code, name, kind, parent, short_name) VALUES ($1, $2, $3, $4, $5)";

	return db_run(st, sql, "write", err, "ttttt", code, name, kind,
		      parent && *parent ? parent : NULL,
		      short_name && *short_name ? short_name : NULL);
}

struct org_each {
	int (*fn)(const struct store_org *o, void *arg);
	void *arg;
};

static int org_row(struct db_row *s, void *ctx)
{
	struct org_each *c = ctx;
	struct store_org o = { db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
			       db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6) };

	return c->fn(&o, c->arg) ? 1 : 0;
}

int store_org_each(struct store *st, const char *kind,
		   int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT code, name, kind, COALESCE(parent, ''), contact, phone, COALESCE(short_name, '') FROM org"
		" WHERE $1 IS NULL OR kind = $1 ORDER BY code";
	struct org_each c = { fn, arg };

	return db_rows(st, sql, "read organisations", org_row, &c, err, "t", kind) < 0 ? -1 : 0;
}

int store_org_of_plan(struct store *st, const char *plan,
		      int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT code, name, kind, COALESCE(parent, ''), contact, phone, COALESCE(short_name, '') FROM org"
		" WHERE code IN (SELECT org FROM assignment WHERE plan = $1 UNION SELECT org FROM report WHERE plan = $1"
		" UNION SELECT org FROM item_unit WHERE plan = $1) ORDER BY code";
	struct org_each c = { fn, arg };

	return db_rows(st, sql, "read organisations", org_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

int store_org_children(struct store *st, const char *parent,
		       int (*fn)(const struct store_org *o, void *arg), void *arg,
		       struct ms_err *err)
{
	static const char sql[] =
		"SELECT code, name, kind, COALESCE(parent, ''), contact, phone, COALESCE(short_name, '') FROM org"
		" WHERE parent = $1 AND kind IN ('province', 'city', 'county', 'township') ORDER BY code";
	struct org_each c = { fn, arg };

	return db_rows(st, sql, "read organisations", org_row, &c, err, "t", parent) < 0 ? -1 : 0;
}

int64_t store_org_child_count(struct store *st, const char *parent, struct ms_err *err)
{
	static const char sql[] =
		"SELECT COUNT(*) FROM org WHERE parent = $1 AND kind IN ('province', 'city', 'county', 'township')";
	int64_t n = 0;

	return db_row(st, sql, "count regions", db_take_int, &n, err, "t", parent) == 1 ? n : -1;
}

static int org_get_row(struct db_row *s, void *ctx)
{
	struct store_org_row *o = ctx;

	db_col_copy(o->code, sizeof(o->code), s, 0);
	db_col_copy(o->name, sizeof(o->name), s, 1);
	db_col_copy(o->kind, sizeof(o->kind), s, 2);
	db_col_copy(o->parent, sizeof(o->parent), s, 3);
	db_col_copy(o->contact, sizeof(o->contact), s, 4);
	db_col_copy(o->phone, sizeof(o->phone), s, 5);
	db_col_copy(o->short_name, sizeof(o->short_name), s, 6);
	return 0;
}

int store_org_get(struct store *st, const char *code, struct store_org_row *o, struct ms_err *err)
{
	static const char sql[] =
		"SELECT code, name, kind, COALESCE(parent, ''), contact, phone, COALESCE(short_name, '') FROM org WHERE code = $1";

	return db_row(st, sql, "read organisation", org_get_row, o, err, "t", code);
}

int store_org_update(struct store *st, const char *code, const char *name, const char *contact,
		     const char *phone, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE org SET name = COALESCE($2, name), contact = COALESCE($3, contact),"
		" phone = COALESCE($4, phone) WHERE code = $1";

	if (db_run(st, sql, "write", err, "tttt", code, name, contact, phone))
		return -1;
	return db_changes(st) > 0 ? 1 : 0;
}

int store_source_put(struct store *st, const char *sha256, const char *bytes, size_t len,
		     struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO source (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING";

	return db_run(st, sql, "write", err, "tb", sha256, bytes, len);
}

/* A blob or text column appended to a buffer; too large is an error. */
struct take_bytes {
	struct ms_buf *b;
	const char *what, *key;
	struct ms_err *err;
};

static int take_bytes(struct db_row *s, void *ctx)
{
	struct take_bytes *c = ctx;
	size_t n;
	const void *p = db_col_blob(s, 0, &n);

	if (ms_buf_add(c->b, p, n) < 0)
		return ms_err_set(c->err, "%s %s: too large", c->what, c->key);
	return 0;
}

int store_source_get(struct store *st, const char *sha256, struct ms_buf *b, struct ms_err *err)
{
	static const char sql[] = "SELECT bytes FROM source WHERE sha256 = $1";
	struct take_bytes c = { b, "source", sha256, err };

	return db_row(st, sql, "read source", take_bytes, &c, err, "t", sha256);
}

int store_plan_put(struct store *st, const struct store_plan *p, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO plan (id, title, issuer, issued_on, region_code, year, start_on,"
		" source_sha256, doc, loaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
	char at[32];

	ms_clock_now_iso(at);
	return db_run(st, sql, "write", err, "tttttittt" "t", p->id, p->title, p->issuer,
		      p->issued_on, p->region_code, p->year, p->start_on, p->source_sha256, p->doc,
		      at);
}

int store_item_put(struct store *st, const char *plan, int64_t no, const char *title,
		   int present, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO item (plan, no, title, present_in_source) VALUES ($1, $2, $3, $4)";

	return db_run(st, sql, "write", err, "titi", plan, no, title, (int64_t)(present != 0));
}

int store_item_unit_put(struct store *st, const char *plan, int64_t no, const char *role,
			int64_t seq, const char *org, const char *basis, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO item_unit (plan, item_no, role, seq, org, basis)"
		" VALUES ($1, $2, $3, $4, $5, $6)";

	return db_run(st, sql, "write", err, "tititt", plan, no, role, seq, org, basis);
}

int store_indicator_put(struct store *st, const struct store_indicator *d, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO indicator (plan, id, item_no, name, kind, unit, comparator, target,"
		" baseline, aggregation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

	return db_run(st, sql, "write indicator", err, "ttittttIIt", d->plan, d->id, d->item_no,
		      d->name, d->kind, d->unit, d->comparator, d->has_target ? &d->target : NULL,
		      d->has_baseline ? &d->baseline : NULL, d->aggregation);
}

int store_prov_put(struct store *st, const struct store_prov *p, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO provenance (plan, subject, seq, quote, src_offset, src_length, basis,"
		" note, citation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

	return db_run(st, sql, "write", err, "ttitIIttt", p->plan, p->subject, p->seq, p->quote,
		      p->quote ? &p->offset : NULL, p->quote ? &p->length : NULL, p->basis,
		      p->note, p->citation);
}

int store_round_put(struct store *st, const char *plan, const char *due_on, const char *kind,
		    const char *label, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO round (plan, due_on, kind, label) VALUES ($1, $2, $3, $4)";

	return db_run(st, sql, "write", err, "tttt", plan, due_on, kind, label);
}

int store_note_put(struct store *st, const char *plan, const char *id, const char *flag,
		   int64_t item_no, const char *topic, const char *text, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO note (plan, id, flag, item_no, topic, text) VALUES ($1, $2, $3, $4, $5, $6)";

	return db_run(st, sql, "write", err, "tttItt", plan, id, flag,
		      item_no > 0 ? &item_no : NULL, topic, text);
}

struct plan_each {
	int (*fn)(const struct store_plan_summary *p, void *arg);
	void *arg;
};

static int plan_row(struct db_row *s, void *ctx)
{
	struct plan_each *c = ctx;
	struct store_plan_summary p = {
		db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		db_col_text(s, 4), db_col_int(s, 5), db_col_int(s, 6), db_col_int(s, 7),
		db_col_int(s, 8), db_col_text(s, 9), db_col_text(s, 10), db_col_text(s, 11)
	};

	return c->fn(&p, c->arg) ? 1 : 0;
}

int store_plan_each(struct store *st, int (*fn)(const struct store_plan_summary *p, void *arg),
		    void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT p.id, p.title, p.issuer, p.issued_on, p.loaded_at, p.year,"
		" (SELECT COUNT(*) FROM item i WHERE i.plan = p.id),"
		" (SELECT COUNT(*) FROM indicator d WHERE d.plan = p.id),"
		" (SELECT COUNT(*) FROM note n WHERE n.plan = p.id AND n.flag = '待核实'),"
		" p.region_code, COALESCE(g.name, ''), COALESCE(g.kind, '')"
		" FROM plan p LEFT JOIN org g ON g.code = p.region_code ORDER BY p.year, p.id";
	struct plan_each c = { fn, arg };

	return db_rows(st, sql, "read plans", plan_row, &c, err, "") < 0 ? -1 : 0;
}

int store_plan_doc(struct store *st, const char *id, struct ms_buf *doc, struct ms_err *err)
{
	static const char sql[] = "SELECT doc FROM plan WHERE id = $1";
	struct take_bytes c = { doc, "plan", id, err };

	return db_row(st, sql, "read plan", take_bytes, &c, err, "t", id);
}

int store_plan_latest(struct store *st, struct ms_buf *id, struct ms_err *err)
{
	return store_plan_of_year(st, 0, id, err);
}

int store_plan_of_year(struct store *st, int64_t year, struct ms_buf *id, struct ms_err *err)
{
	static const char sql[] =
		"SELECT p.id FROM plan p LEFT JOIN org g ON g.code = p.region_code"
		" WHERE $1 = 0 OR p.year = $1"
		" ORDER BY CASE g.kind WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END,"
		" p.year DESC, p.loaded_at, p.rowid LIMIT 1";

	return db_row(st, sql, "read plans", db_take_text, id, err, "i", year);
}

int store_plan_region(struct store *st, const char *plan, struct ms_buf *region, struct ms_err *err)
{
	static const char sql[] = "SELECT region_code FROM plan WHERE id = $1";

	return db_row(st, sql, "read plan", db_take_text, region, err, "t", plan);
}

int store_plan_start(struct store *st, const char *plan, struct ms_buf *start, struct ms_err *err)
{
	static const char sql[] = "SELECT start_on FROM plan WHERE id = $1";

	return db_row(st, sql, "read plan", db_take_text, start, err, "t", plan);
}

struct indicator_each {
	int (*fn)(const struct store_indicator *ind, void *arg);
	void *arg;
};

static int indicator_row(struct db_row *s, void *ctx)
{
	struct indicator_each *c = ctx;
	struct store_indicator ind = {
		db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_text(s, 3),
		db_col_text(s, 4), db_col_opt(s, 5), db_col_opt(s, 6), db_col_text(s, 7),
		(int)db_col_int(s, 8), (int)db_col_int(s, 10), db_col_int(s, 9), db_col_int(s, 11),
	};

	return c->fn(&ind, c->arg) ? 1 : 0;
}

int store_indicator_each(struct store *st, const char *plan,
			 int (*fn)(const struct store_indicator *ind, void *arg), void *arg,
			 struct ms_err *err)
{
	static const char sql[] =
		"SELECT plan, id, item_no, name, kind, unit, comparator, aggregation,"
		" CASE WHEN target IS NULL THEN 0 ELSE 1 END, COALESCE(target, 0),"
		" CASE WHEN baseline IS NULL THEN 0 ELSE 1 END, COALESCE(baseline, 0)"
		" FROM indicator WHERE plan = $1"
		" ORDER BY item_no, rowid";
	struct indicator_each c = { fn, arg };

	return db_rows(st, sql, "read indicators", indicator_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

struct item_each {
	int (*fn)(int64_t no, const char *title, const char *leads, const char *responsible,
		  void *arg);
	void *arg;
};

static int item_row(struct db_row *s, void *ctx)
{
	struct item_each *c = ctx;

	return c->fn(db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
		     c->arg) ? 1 : 0;
}

int store_item_each(struct store *st, const char *plan,
		    int (*fn)(int64_t no, const char *title, const char *leads,
			      const char *responsible, void *arg),
		    void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT i.no, i.title,"
		" COALESCE((SELECT group_concat(u.org, ',') FROM"
		"  (SELECT org FROM item_unit WHERE plan = i.plan AND item_no = i.no AND role = 'lead'"
		"   ORDER BY seq) u), ''),"
		" COALESCE((SELECT group_concat(u.org, ',') FROM"
		"  (SELECT org FROM item_unit WHERE plan = i.plan AND item_no = i.no AND role = 'responsible'"
		"   ORDER BY seq) u), '')"
		" FROM item i WHERE i.plan = $1 AND i.present_in_source = 1 ORDER BY i.no";
	struct item_each c = { fn, arg };

	return db_rows(st, sql, "read items", item_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

struct absent_each { int (*fn)(int64_t no, const char *notes, void *arg); void *arg; };

static int absent_row(struct db_row *s, void *ctx)
{
	struct absent_each *c = ctx;

	return c->fn(db_col_int(s, 0), db_col_text(s, 1), c->arg) ? 1 : 0;
}

int store_item_absent_each(struct store *st, const char *plan,
			   int (*fn)(int64_t no, const char *notes, void *arg), void *arg,
			   struct ms_err *err)
{
	static const char sql[] =
		"SELECT i.no,"
		" COALESCE((SELECT group_concat(n.text, '；') FROM"
		"  (SELECT text FROM note WHERE plan = i.plan AND item_no = i.no ORDER BY id) n), '')"
		" FROM item i WHERE i.plan = $1 AND i.present_in_source = 0 ORDER BY i.no";
	struct absent_each c = { fn, arg };

	return db_rows(st, sql, "read absent items", absent_row, &c, err, "t", plan) < 0 ? -1 : 0;
}

int store_item_led_by(struct store *st, const char *plan, int64_t no, const char *org,
		      struct ms_err *err)
{
	static const char sql[] =
		"SELECT 1 FROM item_unit WHERE plan = $1 AND item_no = $2 AND role = 'lead' AND org = $3";

	return db_row(st, sql, "read item leads", NULL, NULL, err, "tit", plan, no, org);
}

struct round_each {
	int (*fn)(const char *due_on, const char *kind, const char *label, void *arg);
	void *arg;
};

static int round_row(struct db_row *s, void *ctx)
{
	struct round_each *c = ctx;

	return c->fn(db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), c->arg) ? 1 : 0;
}

int store_round_each(struct store *st, const char *plan,
		     int (*fn)(const char *due_on, const char *kind, const char *label, void *arg),
		     void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT due_on, kind, label FROM round WHERE plan = $1 ORDER BY due_on";
	struct round_each c = { fn, arg };

	return db_rows(st, sql, "read rounds", round_row, &c, err, "t", plan) < 0 ? -1 : 0;
}
