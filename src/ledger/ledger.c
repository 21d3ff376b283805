/*
 * ledger.c - assignments and reports: parse, validate, write with journal.
 */
#include "ledger.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/json.h"
#include "core/money.h"
#include "plan/units.h"
#include "core/clock.h"
#include "core/banned.h"

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
	snprintf(d->kind, sizeof(d->kind), "%s", s->kind);
	snprintf(d->unit, sizeof(d->unit), "%s", s->unit ? s->unit : "");
	snprintf(d->comparator, sizeof(d->comparator), "%s", s->comparator ? s->comparator : "");
	snprintf(d->aggregation, sizeof(d->aggregation), "%s", s->aggregation);
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
			return r < 0 ? -1 : ms_err_set(err, "the database holds no plan; run `minsheng init`");
		}
		plan = b.buf;
	}
	snprintf(l->plan, sizeof(l->plan), "%s", plan);
	r = store_plan_start(st, l->plan, &b, err);
	if (r <= 0) {
		ms_buf_release(&b);
		return r < 0 ? -1 : ms_err_setk(err, MS_E_NOTFOUND, "no plan %s in the database (无此计划)", l->plan);
	}
	if (ms_date_parse(b.buf, b.len, &l->start, err)) {
		ms_buf_release(&b);
		return -1;
	}
	ms_buf_release(&b);
	if (store_indicator_each(st, l->plan, one_ind, l, err) ||
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
		ms_err_setk(err, MS_E_NOTFOUND, "no indicator %s in plan %s; see `minsheng plan show` (无此指标)", id, l->plan);
	return d;
}

static int need_org(const struct ledger *l, const char *code, struct store_org_row *o,
		    int region_only, struct ms_err *err)
{
	int r = store_org_get(l->st, code, o, err);

	if (r < 0)
		return -1;
	if (!r)
		return ms_err_setk(err, MS_E_NOTFOUND, "no organisation %s; see `minsheng org list` (无此单位或区划)", code);
	if (region_only && strcmp(o->kind, "city") && strcmp(o->kind, "county") &&
	    strcmp(o->kind, "province"))
		return ms_err_set(err, "%s (%s) is a %s, not a region: targets are broken down by province, city and county",
				  code, o->name, o->kind);
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
		return ms_err_set(err, "%s is qualitative: it has no target to break down (定性指标无需分解)", d->id);
	if (need_org(l, org, &o, 1, err))
		return -1;
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
	if (ledger_assign_one(l, indicator, org, text, err) || store_commit(l->st, err)) {
		store_rollback(l->st);
		return -1;
	}
	return 0;
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
		if (bp > 10000 || bp < prev)
			return ms_err_set(err, "share %zu: %s must be between the previous share and 100%%",
					  i + 1, shares[i]);
		prev = bp;
		ms_buf_addf(&v, "%s%lld", i ? "," : "", (long long)bp);
	}
	ms_buf_addf(&key, "milestones.%s", d->id);
	ms_buf_addf(&j, "{\"milestones\":[%s]}", v.buf);
	if (store_begin(l->st, err))
		goto out;
	if (store_setting_put(l->st, key.buf, v.buf, err) ||
	    store_journal(l->st, l->actor, "milestones", "setting", key.buf, NULL, j.buf, err) ||
	    store_commit(l->st, err)) {
		store_rollback(l->st);
		goto out;
	}
	rc = 0;
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

int ledger_import_csv(struct ledger *l, const char *path, const char *const *names,
		      const int *required,
		      int (*fn)(struct ledger *l, const struct ms_csv_row *r, const int *col,
				struct ms_err *err),
		      const char *action, long *n, struct ms_err *err)
{
	struct ms_csv_opts o = { 0, 0, 1, 1 };
	struct ms_csv_row row;
	struct ms_csv *c;
	struct ms_err e;
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
	if (header_map(&row, names, required, col, path, err))
		goto out;
	if (store_begin(l->st, err))
		goto out;
	while ((got = ms_csv_next(c, &row, err)) == 1) {
		if (fn(l, &row, col, &e)) {
			ms_err_set(err, "%s:%ld: %s", path, row.line, e.msg);
			store_rollback(l->st);
			goto out;
		}
		++*n;
	}
	if (got < 0 ||
	    (action && store_journal_json(l->st, l->actor, action, "import", path, NULL,
					  json_pack("{s:s, s:I}", "file", path, "rows", (json_int_t)*n), err)) ||
	    store_commit(l->st, err)) {
		store_rollback(l->st);
		*n = 0;
		goto out;
	}
	rc = 0;
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

int ledger_assign_standards(struct ledger *l, long *n, struct ms_err *err)
{
	struct city_list c = { 0 };
	struct ms_buf t = MS_BUF_INIT;
	size_t i, j;
	int64_t old;
	int rc = -1, had;

	*n = 0;
	if (store_org_each(l->st, "city", one_city, &c, err) || store_begin(l->st, err))
		goto out;
	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];

		if (strcmp(d->aggregation, "each-region") || !d->has_target)
			continue;
		for (j = 0; j < c.n; j++) {
			had = store_assign_get(l->st, l->plan, d->id, c.code[j], &old, err);
			if (had < 0)
				goto fail;
			if (had)
				continue;
			ms_buf_reset(&t);
			ms_money_format(&t, d->target);
			if (ledger_assign_one(l, d->id, c.code[j], t.buf, err))
				goto fail;
			++*n;
		}
	}
	if (store_commit(l->st, err))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(l->st);
	*n = 0;
out:
	city_free(&c);
	ms_buf_release(&t);
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

int ledger_assign_check(struct ledger *l, struct ms_buf *out, struct ms_err *err)
{
	struct city_list c = { 0 };
	struct ms_buf a = MS_BUF_INIT, b = MS_BUF_INIT;
	int count = 0;
	size_t i, j;

	if (store_org_each(l->st, "city", one_city, &c, err))
		return -1;
	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];
		struct assign_acc acc = { l, d->id, 0, 0, &c, NULL, NULL };

		if (!d->has_target || !strcmp(d->aggregation, "none"))
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
		if (!strcmp(d->aggregation, "sum")) {
			if (acc.sum != d->target) {
				ms_buf_reset(&a);
				ms_buf_reset(&b);
				plan_value_format(&a, d->unit, acc.sum);
				plan_value_format(&b, d->unit, d->target);
				ms_buf_addf(out, "%s %s：%zu 个设区市分解合计 %s，计划目标 %s，差 ",
					    d->id, d->name, acc.n, a.buf, b.buf);
				ms_buf_reset(&a);
				plan_value_format(&a, d->unit, d->target - acc.sum > 0 ? d->target - acc.sum : acc.sum - d->target);
				ms_buf_addf(out, "%s%s\n", d->target > acc.sum ? "少 " : "多 ", a.buf);
				count++;
			}
		} else {
			for (j = 0; j < c.n; j++) {
				if (!acc.has[j] && !strcmp(d->aggregation, "each-region")) {
					ms_buf_addf(out, "%s %s：%s %s 未分解（各地均须达到）\n", d->id, d->name,
						    c.code[j], c.name[j]);
					count++;
				} else if (acc.has[j] && acc.val[j] < d->target && !strcmp(d->comparator, ">=")) {
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

struct prev_acc {
	const char *round;
	int found;
	char round_of[16];
	int has_value;
	int64_t value;
	char status[16];
};

static int prev_report(const struct store_report *r, void *arg)
{
	struct prev_acc *p = arg;

	if (strcmp(r->round, p->round) < 0 && r->has_value &&
	    (!strcmp(r->status, "submitted") || !strcmp(r->status, "approved"))) {
		p->found = 1;
		p->value = r->value;
		snprintf(p->round_of, sizeof(p->round_of), "%s", r->round);
	}
	return 0;
}

static int get_status(const struct store_report *r, void *arg)
{
	snprintf(arg, 16, "%s", r->status);
	return 0;
}

static json_t *report_json(const struct store_report *r)
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
	json_object_set_new(o, "origin", json_string(r->origin));
	return o;
}

/* Appends the journal row of a write whose new state is the JSON `after` (taken). */
struct snap {
	int found;
	struct ms_buf json;
};

static int snap_report(const struct store_report *r, void *arg)
{
	struct snap *s = arg;
	json_t *j = report_json(r);

	s->found = 1;
	ms_buf_reset(&s->json);
	ms_json_dump(&s->json, j, 0);
	json_decref(j);
	return 0;
}

int ledger_report_one(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		      struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, in->indicator, err);
	const struct ledger_round *rd;
	struct store_report r = { 0 };
	struct store_org_row o;
	struct prev_acc prev = { 0 };
	struct snap before = { 0, MS_BUF_INIT };
	struct ms_buf why = MS_BUF_INIT;
	char now[32], key[200], status[16] = "";
	int64_t target = 0;
	int has_target = 0, rc = -1, x;

	if (!d)
		return -1;
	if (!(rd = ledger_round_find(l, in->round, err)))
		return ms_err_prefix(err, "round");
	if (need_org(l, in->org, &o, d->has_target, err))
		return -1;
	r.plan = l->plan;
	r.indicator = d->id;
	r.org = in->org;
	r.round = rd->due;
	r.narrative = in->narrative && *in->narrative ? in->narrative : NULL;
	r.reason = in->reason && *in->reason ? in->reason : NULL;
	r.origin = in->origin ? in->origin : "manual";
	r.status = in->draft ? "draft" : "submitted";
	r.submitted_at = in->draft ? -1 : (int64_t)(in->submitted_at ? in->submitted_at : l->now);
	r.reviewed_at = -1;

	if (store_report_get(l->st, l->plan, d->id, in->org, rd->due, get_status, status, err) < 0)
		return -1;
	x = store_round_locked(l->st, l->plan, rd->due, NULL, err);
	if (x < 0)
		return -1;
	if (x)
		return ms_err_setk(err, MS_E_CONFLICT, "round %s is locked: no more reports until an "
				   "administrator reopens it (报送轮次已锁定)", rd->due);
	if (!strcmp(status, "approved"))
		return ms_err_setk(err, MS_E_CONFLICT, "the %s report of %s for %s is approved and closed (已审核通过，不能修改)",
				  rd->due, in->org, d->id);

	if (in->numerator || in->denominator) {
		if (!in->numerator || !in->denominator)
			return ms_err_set(err, "%s: a ratio needs both --numerator and --denominator",
					  in->numerator ? "denominator" : "numerator");
		if (in->value)
			return ms_err_set(err, "value: give either a value or a numerator and denominator");
		if (!strcmp(d->unit, "%")) {
			if (ms_dec_parse(in->numerator, strlen(in->numerator), 0, (int64_t)1 << 50,
					 &r.numerator, err))
				return ms_err_prefix(err, "numerator");
			if (ms_dec_parse(in->denominator, strlen(in->denominator), 0, (int64_t)1 << 50,
					 &r.denominator, err))
				return ms_err_prefix(err, "denominator");
		} else if (strcmp(d->aggregation, "ratio")) {
			return ms_err_set(err, "%s is not a ratio (%s): give --value", d->id, d->unit);
		} else {
			/* an average per person: numerator an amount, denominator persons */
			if (ms_money_parse(in->numerator, strlen(in->numerator), &r.numerator, err))
				return ms_err_prefix(err, "numerator");
			if (ms_dec_parse(in->denominator, strlen(in->denominator), 0, (int64_t)1 << 50,
					 &r.denominator, err))
				return ms_err_prefix(err, "denominator");
		}
		if (r.numerator < 0 || r.denominator < 0)
			return ms_err_set(err, "%s: may not be negative (不能为负数)",
					  r.numerator < 0 ? "numerator" : "denominator");
		if (r.denominator == 0)
			return ms_err_set(err, "denominator: may not be 0 (分母不能为零)");
		if (!strcmp(d->unit, "%") && r.numerator > r.denominator)
			return ms_err_set(err, "numerator: %lld is above the denominator %lld (分子不能大于分母)",
					  (long long)r.numerator, (long long)r.denominator);
		r.has_ratio = 1;
		/* the value is the ratio, in the unit's base */
		r.has_value = 1;
		r.value = !strcmp(d->unit, "%") ?
			(int64_t)(((__int128)r.numerator * 10000 + r.denominator / 2) / r.denominator) :
			(int64_t)(((__int128)r.numerator + r.denominator / 2) / r.denominator);
	} else if (in->from_sites) {
		if (in->value)
			return ms_err_set(err, "value: give either --value or --from-sites");
		if (strcmp(d->kind, "count"))
			return ms_err_set(err, "%s counts no sites (%s): only count indicators take their actual from sites", d->id, d->kind);
		if (store_site_count(l->st, l->plan, d->id, in->org, rd->due, &r.value, err))
			return -1;
		r.has_value = 1;
	} else if (in->value) {
		if (!d->has_target)
			return ms_err_set(err, "value: %s is qualitative: report its progress as --narrative", d->id);
		if (!strcmp(d->unit, "%"))
			return ms_err_set(err, "value: %s is a rate: give --numerator and --denominator (比率指标须报送分子和分母)", d->id);
		if (plan_value_parse(d->unit, in->value, strlen(in->value), &r.value, err))
			return ms_err_prefix(err, "value");
		r.has_value = 1;
	} else if (d->has_target && !r.reason) {
		return ms_err_set(err, "value: missing; a report without a value needs --reason (未报数值须说明原因)");
	} else if (!d->has_target && !r.narrative) {
		return ms_err_set(err, "narrative: a qualitative indicator reports its progress as --narrative (定性指标须填写进展情况)");
	}

	/* warnings: need a narrative */
	if (r.has_value && d->has_target) {
		x = store_assign_get(l->st, l->plan, d->id, in->org, &target, err);
		if (x < 0)
			return -1;
		has_target = x || !strcmp(o.kind, "province");
		if (!x)
			target = d->target;
		prev.round = rd->due;
		if (store_report_each(l->st, l->plan, d->id, in->org, prev_report, &prev, err))
			return -1;
		if (prev.found && r.value < prev.value && !strcmp(d->aggregation, "sum"))
			ms_buf_addf(&why, "数值低于上一轮（%s）的累计数，累计数不应减少；", prev.round_of);
		if (has_target && target > 0 && r.value > target * 3 && !strcmp(d->aggregation, "sum"))
			ms_buf_addf(&why, "数值超过目标的3倍；");
	}
	if (why.len) {
		if (!r.narrative) {
			ms_err_set(err, "narrative: needed because %.*s (请在 --narrative 中说明)", (int)why.len - 3,
				   why.buf);
			goto out;
		}
		if (warnings)
			ms_buf_add(warnings, why.buf, why.len);
	}

	if (store_report_get(l->st, l->plan, d->id, in->org, rd->due, snap_report, &before, err) < 0)
		goto out;
	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%s/%s/%s/%s", l->plan, d->id, in->org, rd->due);
	if (store_report_put(l->st, &r, now, err) ||
	    store_journal_json(l->st, l->actor, in->draft ? "report.draft" : "report.submit", "report", key,
			 before.found ? before.json.buf : NULL, report_json(&r), err))
		goto out;
	rc = 0;
out:
	ms_buf_release(&why);
	ms_buf_release(&before.json);
	return rc;
}

int ledger_report(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		  struct ms_err *err)
{
	if (store_begin(l->st, err))
		return -1;
	if (ledger_report_one(l, in, warnings, err) || store_commit(l->st, err)) {
		store_rollback(l->st);
		return -1;
	}
	return 0;
}

static const char *const report_cols[] = { "indicator", "org", "round", "value", "numerator",
	"denominator", "narrative", "reason", "submitted_at", "status", NULL };
static const int report_req[] = { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };

static int report_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	struct ledger_report_in in = { 0 };
	const char *at = ledger_csv_cell(r, col[8]), *status = ledger_csv_cell(r, col[9]);

	in.indicator = ledger_csv_cell(r, col[0]);
	in.org = ledger_csv_cell(r, col[1]);
	in.round = ledger_csv_cell(r, col[2]);
	if (!in.indicator || !in.org || !in.round)
		return ms_err_set(err, "%s: empty", !in.indicator ? "indicator" : !in.org ? "org" : "round");
	in.value = ledger_csv_cell(r, col[3]);
	in.numerator = ledger_csv_cell(r, col[4]);
	in.denominator = ledger_csv_cell(r, col[5]);
	in.narrative = ledger_csv_cell(r, col[6]);
	in.reason = ledger_csv_cell(r, col[7]);
	in.origin = "import";
	if (status && !strcmp(status, "draft"))
		in.draft = 1;
	else if (status && strcmp(status, "submitted"))
		return ms_err_set(err, "status: \"%s\" is not draft or submitted", status);
	if (at && ledger_parse_time(at, &in.submitted_at, err))
		return ms_err_prefix(err, "submitted_at");
	return ledger_report_one(l, &in, NULL, err);
}

int ledger_report_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, report_cols, report_req, report_row, NULL, n, err);
}

int ledger_review(struct ledger *l, const char *indicator, const char *org, const char *round,
		  int approve, const char *reason, struct ms_err *err)
{
	const struct ledger_ind *d = need_ind(l, indicator, err);
	const struct ledger_round *rd;
	struct snap before = { 0, MS_BUF_INIT };
	char status[16] = "", key[200];
	json_t *j;
	int rc = -1;

	if (!d)
		return -1;
	if (!(rd = ledger_round_find(l, round, err)))
		return ms_err_prefix(err, "round");
	if (!approve && (!reason || !*reason))
		return ms_err_set(err, "reason: returning a report needs --reason (退回须说明理由)");
	if (store_begin(l->st, err))
		return -1;
	if (store_report_get(l->st, l->plan, d->id, org, rd->due, get_status, status, err) < 0)
		goto fail;
	if (!*status) {
		ms_err_setk(err, MS_E_NOTFOUND, "%s has no %s report for %s (未报送)", org, rd->due, d->id);
		goto fail;
	}
	if (strcmp(status, "submitted")) {
		ms_err_setk(err, MS_E_CONFLICT, "the report is %s; only a submitted report can be %s (只能审核已报送的数据)",
			   status, approve ? "approved" : "returned");
		goto fail;
	}
	if (store_report_get(l->st, l->plan, d->id, org, rd->due, snap_report, &before, err) < 0)
		goto fail;
	if (store_report_review(l->st, l->plan, d->id, org, rd->due, approve ? "approved" : "returned",
				(int64_t)l->now, approve ? NULL : reason, err))
		goto fail;
	j = json_pack("{s:s}", "status", approve ? "approved" : "returned");
	if (!approve)
		json_object_set_new(j, "review_note", json_string(reason));
	snprintf(key, sizeof(key), "%s/%s/%s/%s", l->plan, d->id, org, rd->due);
	if (store_journal_json(l->st, l->actor, approve ? "report.approve" : "report.return", "report", key,
			 before.json.buf, j, err) || store_commit(l->st, err))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(l->st);
out:
	ms_buf_release(&before.json);
	return rc;
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
	if (strcmp(d->kind, "count"))
		return ms_err_set(err, "indicator: %s is not counted (%s); sites belong to count indicators", d->id, d->kind);
	if (need_org(l, in->org, &o, 1, err))
		return -1;
	if (!in->name || !*in->name)
		return ms_err_set(err, "name: a site needs a name (点位名称)");
	if (strcmp(status, "planned") && strcmp(status, "building") && strcmp(status, "delivered"))
		return ms_err_set(err, "status: \"%s\" is not planned, building or delivered", status);
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
	} else if (!strcmp(status, "delivered")) {
		return ms_err_set(err, "delivered_on: a delivered site needs its date (交付日期)");
	}
	if ((in->lat && *in->lat) != (in->lon && *in->lon))
		return ms_err_set(err, "%s: give both lat and lon, or neither", in->lat && *in->lat ? "lon" : "lat");
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
	if (site_one(l, in, id, err) || store_commit(l->st, err)) {
		store_rollback(l->st);
		return -1;
	}
	return 0;
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

int ledger_round_lock(struct ledger *l, const char *due, int lock, struct ms_err *err)
{
	const struct ledger_round *rd = ledger_round_find(l, due, err);
	char key[96];
	int rc;

	if (!rd)
		return ms_err_prefix(err, "round");
	snprintf(key, sizeof(key), "%s/%s", l->plan, rd->due);
	if (store_begin(l->st, err))
		return -1;
	rc = lock ? store_round_lock(l->st, l->plan, rd->due, l->actor, err)
		  : store_round_unlock(l->st, l->plan, rd->due, err);
	if (rc == (lock ? 1 : 0)) {
		store_rollback(l->st);
		return ms_err_setk(err, MS_E_CONFLICT, "round %s is %s (报送轮次已%s)", rd->due,
				   lock ? "already locked" : "not locked", lock ? "锁定" : "开放");
	}
	if (rc < 0 || store_journal(l->st, l->actor, lock ? "round.lock" : "round.reopen", "round_lock",
				    key, NULL, NULL, err) || store_commit(l->st, err)) {
		store_rollback(l->st);
		return -1;
	}
	return 0;
}
