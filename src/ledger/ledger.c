/*
 * ledger.c - assignments and reports: parse, validate, write with journal.
 */
#include "ledger.h"
#include "ledger_parts.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/json.h"
#include "core/money.h"
#include "plan/townships.h"
#include "plan/units.h"
#include "core/clock.h"
#include "core/banned.h"

/* ---------- the words stored for the enums ---------- */

static const char *const agg_names[] = {
	[LEDGER_AGG_SUM] = "sum", [LEDGER_AGG_EACH_REGION] = "each-region",
	[LEDGER_AGG_RATIO] = "ratio", [LEDGER_AGG_NONE] = "none",
};

static const char *const status_names[] = {
	[REPORT_DRAFT] = "draft", [REPORT_SUBMITTED] = "submitted",
	[REPORT_APPROVED] = "approved", [REPORT_RETURNED] = "returned",
};

static int name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; s && i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return 0;
}

enum ledger_agg ledger_agg_parse(const char *s)
{
	return (enum ledger_agg)name_index(agg_names, sizeof(agg_names) / sizeof(agg_names[0]), s);
}

const char *ledger_agg_name(enum ledger_agg a)
{
	return a > 0 && (size_t)a < sizeof(agg_names) / sizeof(agg_names[0]) ? agg_names[a] : NULL;
}

enum report_status report_status_parse(const char *s)
{
	return (enum report_status)name_index(status_names,
					      sizeof(status_names) / sizeof(status_names[0]), s);
}

const char *report_status_name(enum report_status st)
{
	return st > 0 && (size_t)st < sizeof(status_names) / sizeof(status_names[0]) ?
		status_names[st] : NULL;
}

/* The comparator as stored (">=", "<=", "="). */
static enum ms_cmp cmp_of(const char *s)
{
	if (!s)
		return MS_CMP_NONE;
	return !strcmp(s, ">=") ? MS_CMP_GE : !strcmp(s, "<=") ? MS_CMP_LE :
		!strcmp(s, "=") ? MS_CMP_EQ : MS_CMP_NONE;
}

/* ---------- opening ---------- */

static int one_ind(const struct store_indicator *s, void *arg)
{
	struct ledger *l = arg;
	struct ledger_ind *d;

	l->ind = realloc(l->ind, (l->nind + 1) * sizeof(*l->ind));
	if (!l->ind)
		abort();
	d = &l->ind[l->nind++];
	memset(d, 0, sizeof(*d));
	snprintf(d->id, sizeof(d->id), "%s", s->id);
	snprintf(d->name, sizeof(d->name), "%s", s->name);
	d->kind = plan_kind_parse(s->kind);
	snprintf(d->unit, sizeof(d->unit), "%s", s->unit ? s->unit : "");
	d->cmp = cmp_of(s->comparator);
	d->agg = ledger_agg_parse(s->aggregation);
	d->item_no = s->item_no;
	d->has_target = s->has_target;
	d->target = s->target;
	d->has_baseline = s->has_baseline;
	d->baseline = s->baseline;
	return 0;
}

static int one_round(const char *due, const char *kind, const char *label, void *arg)
{
	struct ledger *l = arg;
	struct ledger_round *r;

	if (strcmp(kind, "progress"))
		return 0;
	l->round = realloc(l->round, (l->nround + 1) * sizeof(*l->round));
	if (!l->round)
		abort();
	r = &l->round[l->nround++];
	snprintf(r->due, sizeof(r->due), "%s", due);
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	snprintf(r->label, sizeof(r->label), "%s", label);
	if (ms_date_parse(due, strlen(due), &r->day, NULL))
		r->day = 0;
	return 0;
}

int ledger_open(struct ledger *l, struct store *st, const char *plan, const char *actor,
		struct ms_err *err)
{
	int r = ledger_kept_open(l, st, plan, actor, err);   /* the server's threads: ledger_keep.c */

	return r == 1 ? ledger_open_fresh(l, st, plan, actor, err) : r;
}

int ledger_open_fresh(struct ledger *l, struct store *st, const char *plan, const char *actor,
		      struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	int r;

	memset(l, 0, sizeof(*l));
	l->st = st;
	l->actor = actor;
	l->now = ms_clock_now();
	if (!plan) {
		r = store_plan_latest(st, &b, err);
		if (r <= 0) {
			ms_buf_release(&b);
			return r < 0 ? -1 : ms_err_field(err, MS_E_INVALID, "plan",
							 "数据库中还没有计划，须先初始化 (the database holds no plan yet)");
		}
		plan = b.buf;
	}
	snprintf(l->plan, sizeof(l->plan), "%s", plan);
	r = store_plan_region(st, l->plan, &b, err);
	if (r > 0)
		snprintf(l->region, sizeof(l->region), "%s", b.buf);
	ms_buf_reset(&b);
	r = r < 0 ? r : store_plan_start(st, l->plan, &b, err);
	if (r <= 0) {
		ms_buf_release(&b);
		return r < 0 ? -1 : ms_err_setk(err, MS_E_NOTFOUND, "no plan %s in the database (无此计划)", l->plan);
	}
	if (ms_date_parse(b.buf, b.len, &l->start, err)) {
		ms_buf_release(&b);
		return -1;
	}
	ms_buf_release(&b);
	if (ledger_grace_days(st, l->plan, &l->grace_days, err) ||
	    store_indicator_each(st, l->plan, one_ind, l, err) ||
	    store_round_each(st, l->plan, one_round, l, err)) {
		ledger_close(l);
		return -1;
	}
	return 0;
}

void ledger_close(struct ledger *l)
{
	free(l->ind);
	free(l->round);
	l->ind = NULL;
	l->round = NULL;
	l->nind = l->nround = 0;
}

const struct ledger_ind *ledger_ind_find(const struct ledger *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->nind; i++)
		if (!strcmp(l->ind[i].id, id))
			return &l->ind[i];
	return NULL;
}

const struct ledger_round *ledger_round_find(const struct ledger *l, const char *due,
					     struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	ms_day d;
	size_t i;

	if (ms_date_parse(due, strlen(due), &d, err))
		return NULL;
	for (i = 0; i < l->nround; i++)
		if (l->round[i].day == d)
			return &l->round[i];
	for (i = 0; i < l->nround; i++)
		ms_buf_addf(&b, "%s%s", i ? ", " : "", l->round[i].due);
	ms_err_setk(err, MS_E_NOTFOUND, "round %s is not in plan %s; its rounds are %s (不是计划规定的报送节点)", due,
		   l->plan, b.buf);
	ms_buf_release(&b);
	return NULL;
}

static const struct ledger_ind *need_ind(const struct ledger *l, const char *id, struct ms_err *err)
{
	const struct ledger_ind *d = ledger_ind_find(l, id);

	if (!d)
		ms_err_field(err, MS_E_NOTFOUND, "indicator", "计划 %s 中无此指标 %s (no indicator %s in plan %s)",
			     l->plan, id, id, l->plan);
	return d;
}

int ledger_in_government(const struct ledger *l, const char *region, struct ms_err *err)
{
	struct store_org_row o;
	int depth, r;

	snprintf(o.parent, sizeof(o.parent), "%s", region);
	for (depth = 0; depth < 8 && o.parent[0]; depth++) {
		if (!strcmp(o.parent, l->region))
			return 1;
		r = store_org_get(l->st, o.parent, &o, err);
		if (r <= 0)
			return r;
	}
	return 0;
}

static int need_org(const struct ledger *l, const char *code, struct store_org_row *o,
		    int region_only, struct ms_err *err)
{
	int r = store_org_get(l->st, code, o, err);

	if (r < 0)
		return -1;
	/* a county's plan before its province's townships are loaded: say so */
	if (!r && region_only && l->region[0] && strlen(code) == 9 &&
	    townships_needed(l->st, l->region, (size_t)store_org_child_count(l->st, l->region, err), err))
		return -1;
	if (!r)
		return ms_err_field(err, MS_E_NOTFOUND, "org", "无此单位或区划 %s (no organisation %s)", code, code);
	if (region_only && strcmp(o->kind, "city") && strcmp(o->kind, "county") &&
	    strcmp(o->kind, "province") && strcmp(o->kind, "township"))
		return ms_err_field(err, MS_E_INVALID, "org", "%s（%s）不是行政区划，任务只分解到省、设区市、县区和乡镇 "
				    "(%s is a %s, not a region: targets are broken down by province, city, county and "
				    "township)", code, o->name, code, o->kind);
	if (region_only && l->region[0]) {
		char gov[32];
		int in = ledger_in_government(l, code, err);

		if (in < 0)
			return -1;
		snprintf(gov, sizeof(gov), "%s", l->region);
		if (!in)
			return ms_err_field(err, MS_E_INVALID, "org", "%s（%s）不在计划 %s 所属政府（%s）的辖区内 "
					    "(%s is outside the plan's government %s)", code, o->name, l->plan,
					    gov, code, gov);
	}
	return 0;
}

/* ---------- assignments ---------- */

int ledger_assign_one(struct ledger *l, const char *indicator, const char *org, const char *text,
		      struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, indicator, err);
	struct store_org_row o;
	char now[32], key[160], before[64], after[64];
	int64_t v, old;
	int had;

	if (!d)
		return -1;
	if (!d->has_target)
		return ms_err_field(err, MS_E_INVALID, "indicator", "定性指标无需分解 "
				    "(%s is qualitative: it has no target to break down)", d->id);
	if (need_org(l, org, &o, 1, err))
		return -1;
	/* a target is the year's: changing it changes the figures of every round */
	if (ledger_rounds_writable_until(l, 0, "修改任务分解", "changes to targets", err)) {
		err->field[0] = '\0';
		return -1;
	}
	if (plan_value_parse(d->unit, text, strlen(text), &v, err))
		return ms_err_prefix(err, "target");
	had = store_assign_get(l->st, l->plan, d->id, org, &old, err);
	if (had < 0)
		return -1;
	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%s/%s/%s", l->plan, d->id, org);
	snprintf(before, sizeof(before), "{\"target\":%lld}", (long long)old);
	snprintf(after, sizeof(after), "{\"target\":%lld}", (long long)v);
	if (store_assign_put(l->st, l->plan, d->id, org, v, now, err) ||
	    store_journal(l->st, l->actor, "assign", "assignment", key, had ? before : NULL, after, err))
		return -1;
	return 0;
}

int ledger_assign(struct ledger *l, const char *indicator, const char *org, const char *text,
		  struct ms_err *err)
{
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, ledger_assign_one(l, indicator, org, text, err), err);
}

int ledger_milestones(struct ledger *l, const char *indicator, const char *const *shares,
		      size_t n, struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, indicator, err);
	struct ms_buf key = MS_BUF_INIT, v = MS_BUF_INIT, j = MS_BUF_INIT;
	enum ms_cmp cmp;
	int64_t bp, prev = 0;
	size_t i;
	int rc = -1;

	if (!d)
		return -1;
	if (!d->has_target)
		return ms_err_set(err, "%s is qualitative: it has no target to pace", d->id);
	if (n != l->nround)
		return ms_err_set(err, "give one share per progress round (%zu: %s%s%s)", l->nround,
				  l->nround ? l->round[0].due : "", l->nround > 1 ? " … " : "",
				  l->nround > 1 ? l->round[l->nround - 1].due : "");
	for (i = 0; i < n; i++) {
		if (ms_pct_parse(shares[i], strlen(shares[i]), &bp, &cmp, err))
			return ms_err_prefix(err, "share %zu", i + 1);
		if (bp > MS_BP_ONE || bp < prev)
			return ms_err_set(err, "share %zu: %s must be between the previous share and 100%%",
					  i + 1, shares[i]);
		prev = bp;
		ms_buf_addf(&v, "%s%lld", i ? "," : "", (long long)bp);
	}
	ms_buf_addf(&key, "milestones.%s", d->id);
	ms_buf_addf(&j, "{\"milestones\":[%s]}", v.buf);
	if (store_begin(l->st, err))
		goto out;
	rc = store_end(l->st, store_setting_put(l->st, key.buf, v.buf, err) ||
			      store_journal(l->st, l->actor, "milestones", "setting", key.buf, NULL, j.buf,
					    err) ? -1 : 0, err);
out:
	ms_buf_release(&key);
	ms_buf_release(&v);
	ms_buf_release(&j);
	return rc;
}

/* Maps the header to the named columns; -1 naming a missing required one. */
static int header_map(const struct ms_csv_row *h, const char *const *names, const int *required,
		      int *col, const char *file, struct ms_err *err)
{
	size_t i, j;

	for (j = 0; names[j]; j++) {
		col[j] = -1;
		for (i = 0; i < h->n; i++)
			if (!strcmp(h->field[i], names[j]))
				col[j] = (int)i;
		if (col[j] < 0 && required[j])
			return ms_err_set(err, "%s:%ld: missing column %s (缺少列)", file, h->line, names[j]);
	}
	return 0;
}

const char *ledger_csv_cell(const struct ms_csv_row *r, int col)
{
	return col >= 0 && (size_t)col < r->n && r->field[col][0] ? r->field[col] : NULL;
}

/* The data rows through fn, inside the caller's transaction; the import's journal row. */
static int import_rows(struct ledger *l, struct ms_csv *c, const char *path, const int *col,
		       int (*fn)(struct ledger *l, const struct ms_csv_row *r, const int *col,
				 struct ms_err *err),
		       const char *action, long *n, struct ms_err *err)
{
	struct ms_csv_row row;
	struct ms_err e;
	int got;

	e.msg[0] = e.field[0] = '\0';
	while ((got = ms_csv_next(c, &row, err)) == 1) {
		if (fn(l, &row, col, &e)) {
			ms_err_set(err, "%s:%ld: %s", path, row.line, e.msg);
			snprintf(err->field, sizeof(err->field), "%s", e.field);
			return -1;
		}
		++*n;
	}
	if (got < 0)
		return -1;
	if (action && store_journal_json(l->st, l->actor, action, "import", path, NULL,
					 json_pack("{s:s, s:I}", "file", path, "rows", (json_int_t)*n), err))
		return -1;
	return 0;
}

int ledger_import_csv(struct ledger *l, const char *path, const char *const *names,
		      const int *required,
		      int (*fn)(struct ledger *l, const struct ms_csv_row *r, const int *col,
				struct ms_err *err),
		      const char *action, long *n, struct ms_err *err)
{
	struct ms_csv_opts o = { 0, 0, 1, 1 };
	struct ms_csv_row row;
	struct ms_csv *c;
	int col[16], got, rc = -1;
	FILE *f = fopen(path, "rb");

	*n = 0;
	if (!f)
		return ms_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	c = ms_csv_open(f, path, &o);
	got = ms_csv_next(c, &row, err);
	if (got <= 0) {
		if (!got)
			ms_err_set(err, "%s: empty file: the first line must name the columns", path);
		goto out;
	}
	if (header_map(&row, names, required, col, path, err) || store_begin(l->st, err))
		goto out;
	rc = store_end(l->st, import_rows(l, c, path, col, fn, action, n, err), err);
	if (rc)
		*n = 0;
out:
	ms_csv_free(c);
	fclose(f);
	return rc;
}

static const char *const assign_cols[] = { "indicator", "org", "target", NULL };
static const int assign_req[] = { 1, 1, 1 };

static int assign_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	const char *ind = ledger_csv_cell(r, col[0]), *org = ledger_csv_cell(r, col[1]), *t = ledger_csv_cell(r, col[2]);

	if (!ind || !org || !t)
		return ms_err_set(err, "%s: empty", !ind ? "indicator" : !org ? "org" : "target");
	if (ledger_assign_one(l, ind, org, t, err)) {
		/* name the column the problem is in */
		if (!strncmp(err->msg, "target", 6))
			return -1;
		if (err->field[0])
			return ms_err_prefix(err, "%s", err->field);
		return ms_err_prefix(err, "%s", strstr(err->msg, "indicator") ? "indicator" : "org");
	}
	return 0;
}

int ledger_assign_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, assign_cols, assign_req, assign_row, NULL, n, err);
}

struct city_list {
	char (*code)[32];
	char (*name)[128];
	size_t n;
};

static int one_city(const struct store_org *o, void *arg)
{
	struct city_list *c = arg;

	c->code = realloc(c->code, (c->n + 1) * sizeof(*c->code));
	c->name = realloc(c->name, (c->n + 1) * sizeof(*c->name));
	if (!c->code || !c->name)
		abort();
	snprintf(c->code[c->n], sizeof(c->code[0]), "%s", o->code);
	snprintf(c->name[c->n], sizeof(c->name[0]), "%s", o->name);
	c->n++;
	return 0;
}

static void city_free(struct city_list *c)
{
	free(c->code);
	free(c->name);
}

/* The government's regions (a county's: its townships, which must have been loaded). */
static int gov_children(struct ledger *l, struct city_list *c, struct ms_err *err)
{
	if (store_org_children(l->st, l->region, one_city, c, err))
		return -1;
	return townships_needed(l->st, l->region, c->n, err);
}

/* Every city lacking a target of an each-region indicator gets the plan's. */
static int assign_standards(struct ledger *l, const struct city_list *c, long *n, struct ms_err *err)
{
	struct ms_buf t = MS_BUF_INIT;
	size_t i, j;
	int64_t old;
	int rc = -1, had;

	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];

		if (d->agg != LEDGER_AGG_EACH_REGION || !d->has_target)
			continue;
		for (j = 0; j < c->n; j++) {
			had = store_assign_get(l->st, l->plan, d->id, c->code[j], &old, err);
			if (had < 0)
				goto out;
			if (had)
				continue;
			ms_buf_reset(&t);
			plan_value_format(&t, d->unit, d->target);
			if (ledger_assign_one(l, d->id, c->code[j], t.buf, err))
				goto out;
			++*n;
		}
	}
	rc = 0;
out:
	ms_buf_release(&t);
	return rc;
}

int ledger_assign_standards(struct ledger *l, long *n, struct ms_err *err)
{
	struct city_list c = { 0 };
	int rc = -1;

	*n = 0;
	if (gov_children(l, &c, err) || store_begin(l->st, err))
		goto out;
	rc = store_end(l->st, assign_standards(l, &c, n, err), err);
	if (rc)
		*n = 0;
out:
	city_free(&c);
	return rc;
}

struct assign_acc {
	struct ledger *l;
	const char *ind;
	int64_t sum;
	size_t n;
	struct city_list *cities;
	int *has;
	int64_t *val;
};

static int acc_assign(const char *ind, const char *org, int64_t target, void *arg)
{
	struct assign_acc *a = arg;
	size_t j;

	if (strcmp(ind, a->ind))
		return 0;
	for (j = 0; j < a->cities->n; j++)
		if (!strcmp(a->cities->code[j], org)) {
			a->has[j] = 1;
			a->val[j] = target;
			a->sum += target;
			a->n++;
		}
	return 0;
}

/* What a government's children are called: 设区市 of a province, 县（市、区） of a city. */
const char *ledger_children_word(const struct ledger *l)
{
	struct store_org_row o;
	struct ms_err e;

	if (store_org_get(l->st, l->region, &o, &e) == 1 && strcmp(o.kind, "province"))
		return !strcmp(o.kind, "city") ? "县（市、区）" : "乡镇（街道）";
	return "设区市";
}

int ledger_assign_check(struct ledger *l, struct ms_buf *out, struct ms_err *err)
{
	struct city_list c = { 0 };
	struct ms_buf a = MS_BUF_INIT, b = MS_BUF_INIT;
	const char *word = ledger_children_word(l);
	int count = 0;
	size_t i, j;

	if (gov_children(l, &c, err)) {
		city_free(&c);
		return -1;
	}
	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];
		struct assign_acc acc = { l, d->id, 0, 0, &c, NULL, NULL };

		if (!d->has_target || d->agg == LEDGER_AGG_NONE)
			continue;
		acc.has = calloc(c.n + 1, sizeof(int));
		acc.val = calloc(c.n + 1, sizeof(int64_t));
		if (!acc.has || !acc.val)
			abort();
		if (store_assign_each(l->st, l->plan, acc_assign, &acc, err)) {
			free(acc.has);
			free(acc.val);
			city_free(&c);
			return -1;
		}
		if (d->agg == LEDGER_AGG_SUM) {
			if (acc.sum != d->target) {
				ms_buf_reset(&a);
				ms_buf_reset(&b);
				plan_value_format(&a, d->unit, acc.sum);
				plan_value_format(&b, d->unit, d->target);
				ms_buf_addf(out, "%s %s：%zu 个%s分解合计 %s，计划目标 %s，差 ",
					    d->id, d->name, acc.n, word, a.buf, b.buf);
				ms_buf_reset(&a);
				plan_value_format(&a, d->unit, d->target - acc.sum > 0 ? d->target - acc.sum : acc.sum - d->target);
				ms_buf_addf(out, "%s%s\n", d->target > acc.sum ? "少 " : "多 ", a.buf);
				count++;
			}
		} else {
			for (j = 0; j < c.n; j++) {
				if (!acc.has[j] && d->agg == LEDGER_AGG_EACH_REGION) {
					ms_buf_addf(out, "%s %s：%s %s 未分解（各地均须达到）\n", d->id, d->name,
						    c.code[j], c.name[j]);
					count++;
				} else if (acc.has[j] && acc.val[j] < d->target && d->cmp == MS_CMP_GE) {
					ms_buf_reset(&a);
					ms_buf_reset(&b);
					plan_value_format(&a, d->unit, acc.val[j]);
					plan_value_format(&b, d->unit, d->target);
					ms_buf_addf(out, "%s %s：%s %s 目标 %s 低于全省目标 %s\n", d->id, d->name,
						    c.code[j], c.name[j], a.buf, b.buf);
					count++;
				}
			}
		}
		free(acc.has);
		free(acc.val);
	}
	city_free(&c);
	ms_buf_release(&a);
	ms_buf_release(&b);
	return count;
}

/* ---------- reports ---------- */

int ledger_parse_time(const char *s, time_t *t, struct ms_err *err)
{
	const char *sp = strpbrk(s, " T");
	int hh = 0, mm = 0, ss = 0, n = 0;
	ms_day d;

	if (ms_date_parse(s, sp ? (size_t)(sp - s) : strlen(s), &d, err))
		return -1;
	if (sp) {
		if (sscanf(sp + 1, "%2d:%2d%n", &hh, &mm, &n) < 2 ||
		    (sp[1 + n] == ':' && sscanf(sp + 2 + n, "%2d", &ss) != 1) || hh > 23 || mm > 59 ||
		    ss > 59 || hh < 0 || mm < 0 || ss < 0)
			return ms_err_set(err, "\"%s\": expected YYYY-MM-DD [HH:MM[:SS]] (China time)", s);
	}
	*t = (time_t)d * 86400 + hh * 3600 + mm * 60 + ss - 8 * 3600;
	return 0;
}

json_t *ledger_report_json(const struct store_report *r)
{
	json_t *o = json_object();

	if (r->has_value)
		json_object_set_new(o, "value", json_integer(r->value));
	if (r->has_ratio) {
		json_object_set_new(o, "numerator", json_integer(r->numerator));
		json_object_set_new(o, "denominator", json_integer(r->denominator));
	}
	if (r->narrative)
		json_object_set_new(o, "narrative", json_string(r->narrative));
	if (r->reason)
		json_object_set_new(o, "reason", json_string(r->reason));
	json_object_set_new(o, "status", json_string(r->status));
	if (r->submitted_at >= 0)
		json_object_set_new(o, "submitted_at", json_integer(r->submitted_at));
	if (r->review_note)
		json_object_set_new(o, "review_note", json_string(r->review_note));
	if (r->review_level)
		json_object_set_new(o, "review_level", json_integer(r->review_level));
	json_object_set_new(o, "origin", json_string(r->origin));
	return o;
}

/* The stored report, read once for a write: its status (may it be written?) and, as JSON, the journal row's "before". */
struct snap {
	int found;
	enum report_status status;
	struct ms_buf json;
};

static int snap_report(const struct store_report *r, void *arg)
{
	struct snap *s = arg;
	json_t *j = ledger_report_json(r);

	s->found = 1;
	s->status = report_status_parse(r->status);
	ms_buf_reset(&s->json);
	ms_json_dump(&s->json, j, 0);
	json_decref(j);
	return 0;
}

/* Puts "field: " before the message in err and names the field; returns -1. */
static int field_prefix(struct ms_err *err, const char *field)
{
	ms_err_prefix(err, "%s", field);
	if (err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return -1;
}

/* A report for the round may be written: the round open, the report not closed (before: what is stored, read here). */
static int report_may_write(struct ledger *l, const struct ledger_ind *d, const struct ledger_round *rd,
			    const char *org, struct snap *before, struct ms_err *err)
{
	before->found = 0;
	before->status = REPORT_NONE;
	if (store_report_get(l->st, l->plan, d->id, org, rd->due, snap_report, before, err) < 0)
		return -1;
	if (ledger_round_writable(l, rd, "报送", "reports", err))
		return -1;
	if (before->status == REPORT_APPROVED)
		return ms_err_setk(err, MS_E_CONFLICT, "已审核通过，不能修改 (the %s report of %s for %s "
				   "is approved and closed)", rd->due, org, d->id);
	return 0;
}

/* A number of persons, items or cases: a whole number from 0 to 2^50. */
static int count_parse(const char *s, int64_t *v, const char *field, struct ms_err *err)
{
	if (ms_dec_parse(s, strlen(s), 0, (int64_t)1 << 50, v, err))
		return field_prefix(err, field);
	return 0;
}

/*
 * A ratio given as numerator and denominator: for a rate (%) two counts,
 * for an average per person (a "ratio" indicator) an amount over persons.
 * The value is the ratio in the unit's base, rounded half up.
 */
static int report_ratio(const struct ledger_ind *d, const struct ledger_report_in *in,
			struct store_report *r, struct ms_err *err)
{
	int rate = !strcmp(d->unit, "%");

	if (!in->numerator || !in->denominator)
		return ms_err_field(err, MS_E_INVALID, in->numerator ? "denominator" : "numerator",
				    "比率须同时报送分子和分母 (a ratio needs both a numerator and a denominator)");
	if (in->value)
		return ms_err_field(err, MS_E_INVALID, "value", "数值与分子分母只能报送一种 "
				    "(give either a value or a numerator and denominator)");
	if (rate) {
		if (count_parse(in->numerator, &r->numerator, "numerator", err))
			return -1;
	} else if (d->agg != LEDGER_AGG_RATIO) {
		return ms_err_field(err, MS_E_INVALID, "numerator", "%s 不是比率指标（%s），须报送数值 "
				    "(%s is not a ratio: report a value)", d->id, d->unit, d->id);
	} else if (plan_value_parse("元", in->numerator, strlen(in->numerator), &r->numerator, err)) {
		return field_prefix(err, "numerator");
	}
	if (count_parse(in->denominator, &r->denominator, "denominator", err))
		return -1;
	if (r->numerator < 0 || r->denominator < 0)
		return ms_err_field(err, MS_E_INVALID, r->numerator < 0 ? "numerator" : "denominator",
				    "%s不能为负数 (the %s may not be negative)",
				    r->numerator < 0 ? "分子" : "分母", r->numerator < 0 ? "numerator" : "denominator");
	if (r->denominator == 0)
		return ms_err_field(err, MS_E_INVALID, "denominator", "分母不能为零 (the denominator may not be 0)");
	if (rate && r->numerator > r->denominator)
		return ms_err_field(err, MS_E_INVALID, "numerator", "分子不能大于分母 (numerator: %lld is above "
				    "the denominator %lld)", (long long)r->numerator, (long long)r->denominator);
	if (ms_muldiv_round(r->numerator, rate ? MS_BP_ONE : 1, r->denominator, &r->value))
		return ms_err_field(err, MS_E_INVALID, "numerator", "比率超出范围 (the ratio is out of range)");
	r->has_ratio = 1;
	r->has_value = 1;
	return 0;
}

/* What the report says: a ratio, the count of delivered sites, a value, or why there is none. */
static int report_figure(struct ledger *l, const struct ledger_ind *d, const struct ledger_round *rd,
			 const struct ledger_report_in *in, struct store_report *r, struct ms_err *err)
{
	if (in->numerator || in->denominator)
		return report_ratio(d, in, r, err);
	if (in->from_sites) {
		if (in->value)
			return ms_err_field(err, MS_E_INVALID, "value", "数值与点位计数只能选一 "
					    "(give either a value or the count of delivered sites)");
		if (d->kind != PLAN_KIND_COUNT)
			return ms_err_field(err, MS_E_INVALID, "indicator", "%s 不按点位计数（%s） (%s counts no "
					    "sites: only count indicators take their actual from sites)",
					    d->id, plan_kind_name(d->kind), d->id);
		if (store_site_count(l->st, l->plan, d->id, in->org, rd->due, &r->value, err))
			return -1;
		r->has_value = 1;
		return 0;
	}
	if (in->value) {
		if (!d->has_target)
			return ms_err_field(err, MS_E_INVALID, "value", "%s 是定性指标，须填写进展情况 "
					    "(%s is qualitative: report its progress as a narrative)", d->id, d->id);
		if (!strcmp(d->unit, "%"))
			return ms_err_field(err, MS_E_INVALID, "value", "比率指标须报送分子和分母 "
					    "(%s is a rate: give a numerator and a denominator)", d->id);
		if (plan_value_parse_box(d->unit, in->unit, in->value, strlen(in->value), &r->value, err))
			return field_prefix(err, "value");
		r->has_value = 1;
		return 0;
	}
	if (d->has_target && !r->reason)
		return ms_err_field(err, MS_E_INVALID, "reason",
				    "未报数须说明原因 (a report without a value needs a reason)");
	if (!d->has_target && !r->narrative)
		return ms_err_field(err, MS_E_INVALID, "narrative", "定性指标须填写进展情况 "
				    "(a qualitative indicator reports its progress as a narrative)");
	return 0;
}

/*
 * The rules that need a narrative: a cumulative value below the previous
 * round's, a value above 3× the target. Without a narrative an error; with
 * one, the reasons are appended to warnings.
 */
static int report_warnings(struct ledger *l, const struct ledger_ind *d, const struct store_org_row *o,
			   const struct store_report *r, struct ms_buf *warnings, struct ms_err *err)
{
	struct ms_buf why = MS_BUF_INIT, en = MS_BUF_INIT;
	struct store_report_prev prev;
	int64_t target = 0;
	int has_target, x, rc = -1;

	if (!r->has_value || !d->has_target || d->agg != LEDGER_AGG_SUM)
		return 0;
	x = store_assign_get(l->st, l->plan, d->id, r->org, &target, err);
	if (x < 0)
		return -1;
	has_target = x || !strcmp(o->kind, "province");
	if (!x)
		target = d->target;
	if (store_report_prev(l->st, l->plan, d->id, r->org, r->round, &prev, err))
		return -1;
	if (prev.found && r->value < prev.value) {
		ms_buf_addf(&why, "数值低于上一轮（%s）的累计数，累计数不应减少；", prev.round);
		ms_buf_addf(&en, "the cumulative value is below the %s round's", prev.round);
	}
	if (has_target && target > 0 && r->value > target * 3) {
		ms_buf_addf(&why, "数值超过目标的3倍；");
		ms_buf_addf(&en, "%sthe value is above 3× the target", en.len ? "; " : "");
	}
	if (why.len && !r->narrative) {
		ms_err_field(err, MS_E_INVALID, "narrative", "须填写情况说明：%.*s (a narrative is needed: %s)",
			     (int)why.len - 3, why.buf, en.buf);
		goto out;
	}
	if (why.len && warnings)
		ms_buf_add(warnings, why.buf, why.len);
	rc = 0;
out:
	ms_buf_release(&why);
	ms_buf_release(&en);
	return rc;
}

/* Writes the report and its journal row: the report before (as read into before, or read here when NULL) and after. */
static int report_write(struct ledger *l, const struct store_report *r, int draft, const struct snap *before,
			struct ms_err *err)
{
	struct snap read = { 0, REPORT_NONE, MS_BUF_INIT };
	char now[32], key[200];
	int rc = -1;

	if (!before && store_report_get(l->st, l->plan, r->indicator, r->org, r->round, snap_report, &read, err) < 0)
		goto out;
	if (!before)
		before = &read;
	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%s/%s/%s/%s", l->plan, r->indicator, r->org, r->round);
	if (store_report_put(l->st, r, now, err) ||
	    store_journal_json(l->st, l->actor, draft ? "report.draft" : "report.submit", "report", key,
			       before->found ? before->json.buf : NULL, ledger_report_json(r), err))
		goto out;
	rc = 0;
out:
	ms_buf_release(&read.json);
	return rc;
}

/* ledger_report_check, with the stored report read into before on the way. */
static int report_check(struct ledger *l, const struct ledger_report_in *in, struct store_report *out,
			struct ms_buf *warnings, struct snap *before, struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, in->indicator, err);
	const struct ledger_round *rd;
	struct store_report r = { 0 };
	struct store_org_row o;

	if (!d)
		return -1;
	if (!(rd = ledger_round_find(l, in->round, err)))
		return field_prefix(err, "round");
	if (need_org(l, in->org, &o, d->has_target, err))
		return -1;
	r.plan = l->plan;
	r.indicator = d->id;
	r.org = in->org;
	r.round = rd->due;
	r.narrative = in->narrative && *in->narrative ? in->narrative : NULL;
	r.reason = in->reason && *in->reason ? in->reason : NULL;
	r.origin = in->origin ? in->origin : "manual";
	r.status = report_status_name(in->draft ? REPORT_DRAFT : REPORT_SUBMITTED);
	r.submitted_at = in->draft ? -1 : (int64_t)(in->submitted_at ? in->submitted_at : l->now);
	r.reviewed_at = -1;
	if (report_may_write(l, d, rd, in->org, before, err) ||
	    report_figure(l, d, rd, in, &r, err) ||
	    report_warnings(l, d, &o, &r, warnings, err))
		return -1;
	*out = r;
	return 0;
}

int ledger_report_check(struct ledger *l, const struct ledger_report_in *in, struct store_report *out,
			struct ms_buf *warnings, struct ms_err *err)
{
	struct snap before = { 0, REPORT_NONE, MS_BUF_INIT };
	int rc = report_check(l, in, out, warnings, &before, err);

	ms_buf_release(&before.json);
	return rc;
}

int ledger_report_put(struct ledger *l, const struct store_report *r, struct ms_err *err)
{
	return report_write(l, r, !strcmp(r->status, "draft"), NULL, err);
}

int ledger_report_one(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		      struct ms_err *err)
{
	struct snap before = { 0, REPORT_NONE, MS_BUF_INIT };
	struct store_report r;
	int rc = report_check(l, in, &r, warnings, &before, err) ? -1 :
		report_write(l, &r, in->draft, &before, err);

	ms_buf_release(&before.json);
	return rc;
}

int ledger_report(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		  struct ms_err *err)
{
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, ledger_report_one(l, in, warnings, err), err);
}

static const char *const report_cols[] = { "indicator", "org", "round", "value", "numerator",
	"denominator", "narrative", "reason", "submitted_at", "status", "unit", NULL };
static const int report_req[] = { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 };

static int report_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	struct ledger_report_in in = { 0 };
	const char *at = ledger_csv_cell(r, col[8]), *status = ledger_csv_cell(r, col[9]);
	enum report_status st = status ? report_status_parse(status) : REPORT_SUBMITTED;

	in.indicator = ledger_csv_cell(r, col[0]);
	in.org = ledger_csv_cell(r, col[1]);
	in.round = ledger_csv_cell(r, col[2]);
	if (!in.indicator || !in.org || !in.round)
		return ms_err_set(err, "%s: empty", !in.indicator ? "indicator" : !in.org ? "org" : "round");
	in.value = ledger_csv_cell(r, col[3]);
	in.unit = ledger_csv_cell(r, col[10]);   /* a bare value is in it ("万元") */
	in.numerator = ledger_csv_cell(r, col[4]);
	in.denominator = ledger_csv_cell(r, col[5]);
	in.narrative = ledger_csv_cell(r, col[6]);
	in.reason = ledger_csv_cell(r, col[7]);
	in.origin = "import";
	if (st == REPORT_DRAFT)
		in.draft = 1;
	else if (st != REPORT_SUBMITTED)
		return ms_err_set(err, "status: \"%s\" is not draft or submitted", status);
	if (at && ledger_parse_time(at, &in.submitted_at, err))
		return ms_err_prefix(err, "submitted_at");
	return ledger_report_one(l, &in, NULL, err);
}

int ledger_report_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, report_cols, report_req, report_row, NULL, n, err);
}

/* ---------- sites ---------- */

static int coord(const char *s, int64_t lim, int64_t *out, struct ms_err *err)
{
	if (ms_dec_parse(s, strlen(s), 6, lim * 1000000, out, err))
		return -1;
	return 0;
}

static int site_one(struct ledger *l, const struct ledger_site_in *in, int64_t *id, struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, in->indicator, err);
	struct store_site s = { 0 };
	struct store_org_row o;
	char key[200];
	const char *status = in->status && *in->status ? in->status : "delivered";
	int64_t nid = 0;
	char iso[16];
	ms_day day;
	json_t *j;

	if (!d)
		return -1;
	if (d->kind != PLAN_KIND_COUNT)
		return ms_err_field(err, MS_E_INVALID, "indicator", "%s 不是计数指标，不能登记点位 "
				    "(%s is not counted (%s); sites belong to count indicators)", d->id, d->id,
				    plan_kind_name(d->kind));
	if (need_org(l, in->org, &o, 1, err))
		return -1;
	if (!in->name || !*in->name)
		return ms_err_field(err, MS_E_INVALID, "name", "点位须有名称 (a site needs a name)");
	if (strcmp(status, "planned") && strcmp(status, "building") && strcmp(status, "delivered"))
		return ms_err_field(err, MS_E_INVALID, "status", "点位状态须为计划、建设中或已交付 "
				    "(\"%s\" is not planned, building or delivered)", status);
	s.delivered_on = NULL;
	if (in->delivered_on && *in->delivered_on) {
		if (ms_date_parse(in->delivered_on, strlen(in->delivered_on), &day, err))
			return ms_err_prefix(err, "delivered_on");
		{
			int y, m, dd;

			ms_date_to_ymd(day, &y, &m, &dd);
			snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, dd);
			s.delivered_on = iso;
		}
		/* a delivered site counts in every round due on or after its date */
		if (!strcmp(status, "delivered") &&
		    ledger_rounds_writable_until(l, day, "登记此前交付的点位", "sites delivered by then", err)) {
			snprintf(err->field, sizeof(err->field), "delivered_on");
			return -1;
		}
	} else if (!strcmp(status, "delivered")) {
		return ms_err_field(err, MS_E_INVALID, "delivered_on", "已交付的点位须填写交付日期 "
				    "(a delivered site needs its date)");
	}
	if ((in->lat && *in->lat) != (in->lon && *in->lon))
		return ms_err_field(err, MS_E_INVALID, in->lat && *in->lat ? "lon" : "lat",
				    "经纬度须同时填写或都不填 (give both lat and lon, or neither)");
	if (in->lat && *in->lat) {
		if (coord(in->lat, 90, &s.lat_e6, err))
			return ms_err_prefix(err, "lat");
		if (coord(in->lon, 180, &s.lon_e6, err))
			return ms_err_prefix(err, "lon");
		s.has_coords = 1;
	}
	s.quantity = 1;
	if (in->quantity && *in->quantity &&
	    (ms_dec_parse(in->quantity, strlen(in->quantity), 0, 100000000, &s.quantity, err) || s.quantity < 1))
		return ms_err_prefix(err, "quantity: a whole number from 1");
	s.plan = l->plan;
	s.indicator = d->id;
	s.org = in->org;
	s.name = in->name;
	s.address = in->address ? in->address : "";
	s.kind = in->kind ? in->kind : "";
	s.status = status;
	s.origin = in->origin ? in->origin : "manual";
	if (store_site_add(l->st, &s, &nid, err))
		return -1;
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "indicator", d->id, "org", in->org, "name", in->name,
		      "kind", s.kind, "status", status, "quantity", (json_int_t)s.quantity);
	if (s.delivered_on)
		json_object_set_new(j, "delivered_on", json_string(s.delivered_on));
	snprintf(key, sizeof(key), "%s/%s/%s/site/%lld", l->plan, d->id, in->org, (long long)nid);
	if (store_journal_json(l->st, l->actor, "site.add", "site", key, NULL, j, err))
		return -1;
	if (id)
		*id = nid;
	return 0;
}

int ledger_site_add(struct ledger *l, const struct ledger_site_in *in, int64_t *id,
		    struct ms_err *err)
{
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, site_one(l, in, id, err), err);
}

static const char *const site_cols[] = { "indicator", "org", "name", "address", "kind", "lat", "lon",
	"delivered_on", "status", "quantity", NULL };
static const int site_req[] = { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };

static int site_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	struct ledger_site_in in = { 0 };

	in.indicator = ledger_csv_cell(r, col[0]);
	in.org = ledger_csv_cell(r, col[1]);
	in.name = ledger_csv_cell(r, col[2]);
	if (!in.indicator || !in.org)
		return ms_err_set(err, "%s: empty", !in.indicator ? "indicator" : "org");
	in.address = ledger_csv_cell(r, col[3]);
	in.kind = ledger_csv_cell(r, col[4]);
	in.lat = ledger_csv_cell(r, col[5]);
	in.lon = ledger_csv_cell(r, col[6]);
	in.delivered_on = ledger_csv_cell(r, col[7]);
	in.status = ledger_csv_cell(r, col[8]);
	in.quantity = ledger_csv_cell(r, col[9]);
	in.origin = "import";
	return site_one(l, &in, NULL, err);
}

int ledger_site_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, site_cols, site_req, site_row, NULL, n, err);
}
