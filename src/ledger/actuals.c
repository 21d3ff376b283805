/*
 * actuals.c - item 1's and item 2's actuals computed from registers: a
 * guaranteed-loan register gives each city's new loans, individual share
 * and recovery rate; a 低保 payroll, run through the dibao calculator,
 * gives each city's average monthly top-up per person (财政月人均补差水平).
 * Each city's figures become reports (origin "actuals"), all in one
 * transaction with their journal rows.
 */
#include "actuals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/money.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "core/banned.h"

struct city_acc {
	char code[8];
	int64_t a[6];
};

struct accs {
	struct city_acc *c;
	size_t n;
	uint64_t no_region;
};

static struct city_acc *city(struct accs *x, const char *region)
{
	char code[8];
	size_t i;

	snprintf(code, sizeof(code), "%.4s00", region);
	for (i = 0; i < x->n; i++)
		if (!strcmp(x->c[i].code, code))
			return &x->c[i];
	x->c = realloc(x->c, (x->n + 1) * sizeof(*x->c));
	if (!x->c)
		abort();
	memset(&x->c[x->n], 0, sizeof(x->c[0]));
	snprintf(x->c[x->n].code, sizeof(x->c[0].code), "%s", code);
	return &x->c[x->n++];
}

static int cmp_city(const void *a, const void *b)
{
	return strcmp(((const struct city_acc *)a)->code, ((const struct city_acc *)b)->code);
}


/* ---------- 低保 payroll ---------- */

enum { D_URBAN_PAY, D_URBAN_PERSONS, D_RURAL_PAY, D_RURAL_PERSONS, D_HOUSEHOLDS };

static void dibao_row(void *arg, const struct calc_in *in, const struct calc_out *o,
		      const struct calc_out *reform)
{
	struct accs *x = arg;
	struct city_acc *c;
	const struct dibao_in *d = &in->u.dibao;

	(void)reform;
	if (!o->v[3]) /* eligible */
		return;
	if (!d->region[0]) {
		x->no_region++;
		return;
	}
	c = city(x, d->region);
	c->a[d->rural ? D_RURAL_PAY : D_URBAN_PAY] += o->v[2];
	c->a[d->rural ? D_RURAL_PERSONS : D_URBAN_PERSONS] += d->members;
	c->a[D_HOUSEHOLDS]++;
}

/* Each city's urban and rural top-up level as a ratio report, inside the caller's transaction. */
static int dibao_reports(struct ledger *l, const struct accs *x, const char *path, const char *round,
			 struct actuals_result *res, struct ms_err *err)
{
	char num[40], amount[48], den[40], note[256];
	size_t i;
	int k;

	for (i = 0; i < x->n; i++) {
		for (k = 0; k < 2; k++) {
			struct ledger_report_in in = { 0 };
			int64_t pay = x->c[i].a[k ? D_RURAL_PAY : D_URBAN_PAY];
			int64_t persons = x->c[i].a[k ? D_RURAL_PERSONS : D_URBAN_PERSONS];

			if (!persons)
				continue;
			ms_fixed_str(num, pay, 2);
			snprintf(den, sizeof(den), "%lld", (long long)persons);
			snprintf(note, sizeof(note), "由低保发放名册 %s 计算：%s保障对象 %lld 人，当月补差合计 %s 元",
				 path, k ? "农村" : "城市", (long long)persons, num);
			in.indicator = k ? "2.rural_topup_level" : "2.urban_topup_level";
			in.org = x->c[i].code;
			in.round = round;
			snprintf(amount, sizeof(amount), "%s元", num);
			in.numerator = amount;
			in.denominator = den;
			in.narrative = note;
			in.origin = "actuals";
			if (ledger_report_one(l, &in, NULL, err))
				return ms_err_prefix(err, "%s %s", in.indicator, in.org);
			res->reports++;
		}
	}
	return 0;
}

/* from's cities added into to's, city by city. */
static void accs_add(struct accs *to, const struct accs *from)
{
	size_t i, k;

	for (i = 0; i < from->n; i++) {
		struct city_acc *c = city(to, from->c[i].code);

		for (k = 0; k < sizeof(c->a) / sizeof(c->a[0]); k++)
			c->a[k] += from->c[i].a[k];
	}
	to->no_region += from->no_region;
}

#define ACTUALS_THREADS 8

int actuals_dibao(struct ledger *l, const struct params *ps, const char *path, const char *round,
		  const char *month, struct actuals_result *res, struct ms_err *err)
{
	struct accs x = { 0 }, per[ACTUALS_THREADS] = { { 0 } };
	void *args[ACTUALS_THREADS];
	struct batch_opts o = { 0 };
	struct batch_result br;
	const char *defaults[1];
	char kv[64];
	int rc = -1;
	size_t i;

	memset(res, 0, sizeof(*res));
	if (!ledger_round_find(l, round, err))
		return ms_err_prefix(err, "round");
	o.def = calc_find("dibao");
	o.base = ps;
	o.in_path = path;
	o.no_output = 1;
	o.on_row = dibao_row;   /* on every thread, each with its own totals, added up below */
	for (i = 0; i < ACTUALS_THREADS; i++)
		args[i] = &per[i];
	o.row_args = args;
	o.nrow_args = ACTUALS_THREADS;
	if (month) {
		snprintf(kv, sizeof(kv), "month=%s", month);
		defaults[0] = kv;
		o.defaults = defaults;
		o.ndefaults = 1;
	}
	if (batch_run(&o, &br, err))
		goto out;
	for (i = 0; i < ACTUALS_THREADS; i++)
		accs_add(&x, &per[i]);
	if (!br.has_region) {
		ms_err_set(err, "%s: the payroll has no region column: actuals are per city (缺少 region 列)", path);
		batch_result_release(&br);
		goto out;
	}
	batch_result_release(&br);
	res->rows = br.lines;
	res->skipped = x.no_region;
	if (x.n > 1)
		qsort(x.c, x.n, sizeof(*x.c), cmp_city);
	if (store_begin(l->st, err) ||
	    store_end(l->st, dibao_reports(l, &x, path, round, res, err), err))
		goto out;
	res->cities = x.n;
	rc = 0;
out:
	for (i = 0; i < ACTUALS_THREADS; i++)
		free(per[i].c);
	free(x.c);
	return rc;
}

/* ---------- guaranteed-loan register ---------- */

/* A report like `like` for another indicator, as numerator / denominator. */
static int ratio_report(struct ledger *l, const struct ledger_report_in *like, const char *indicator,
			int64_t num, int64_t den, struct ms_err *err)
{
	struct ledger_report_in s = *like;
	char n[40], d[40];

	snprintf(n, sizeof(n), "%lld", (long long)num);
	snprintf(d, sizeof(d), "%lld", (long long)den);
	s.indicator = indicator;
	s.value = NULL;
	s.numerator = n;
	s.denominator = d;
	return ledger_report_one(l, &s, NULL, err);
}

enum { L_NEW, L_INDIVIDUAL, L_DUE, L_REPAID, L_COUNT };

static const char *const loan_cols[] = { "region", "borrower", "principal", "disbursed_on",
	"due_on", "repaid", NULL };

/* The register's columns: col[j] the index of loan_cols[j], -1 when absent (the first four are required). */
static int loan_header(const struct ms_csv_row *row, const char *path, int *col, struct ms_err *err)
{
	size_t i, j;

	for (j = 0; loan_cols[j]; j++) {
		col[j] = -1;
		for (i = 0; i < row->n; i++)
			if (!strcmp(row->field[i], loan_cols[j]))
				col[j] = (int)i;
		if (col[j] < 0 && j < 4)
			return ms_err_set(err, "%s:1: missing column %s (缺少列；需要 region,borrower,principal,disbursed_on，可选 due_on,repaid)",
					  path, loan_cols[j]);
	}
	return 0;
}

/* One loan, checked, added to its city: new by the round (and individual), due by the round and repaid. */
static int loan_row(struct ledger *l, const struct ledger_round *rd, const struct ms_csv_row *row,
		    const int *col, const char *path, struct accs *x, struct ms_err *err)
{
	const char *v[6];
	int64_t principal = 0, repaid = 0;
	ms_day on, due = 0;
	struct city_acc *a;
	struct ms_err e;
	int indiv;
	size_t j;

	e.msg[0] = '\0';
	for (j = 0; j < 6; j++)
		v[j] = col[j] >= 0 && (size_t)col[j] < row->n ? row->field[col[j]] : "";
	if ((strlen(v[0]) != 6 && strlen(v[0]) != 9) || strspn(v[0], "0123456789") != strlen(v[0]))
		return ms_err_set(err, "%s:%ld: region: \"%s\" is not a 6-digit region code (or a 9-digit "
				  "township's)", path, row->line, v[0]);
	if (!strcmp(v[1], "individual") || !strcmp(v[1], "个人"))
		indiv = 1;
	else if (!strcmp(v[1], "enterprise") || !strcmp(v[1], "小微企业"))
		indiv = 0;
	else
		return ms_err_set(err, "%s:%ld: borrower: \"%s\" is not individual or enterprise", path, row->line, v[1]);
	if (ms_money_parse(v[2], strlen(v[2]), &principal, &e) || principal <= 0)
		return ms_err_set(err, "%s:%ld: principal: %s", path, row->line,
				  principal <= 0 && !e.msg[0] ? "must be more than 0" : e.msg);
	if (ms_date_parse(v[3], strlen(v[3]), &on, &e))
		return ms_err_set(err, "%s:%ld: disbursed_on: %s", path, row->line, e.msg);
	if (*v[4] && ms_date_parse(v[4], strlen(v[4]), &due, &e))
		return ms_err_set(err, "%s:%ld: due_on: %s", path, row->line, e.msg);
	if (*v[5] && (ms_money_parse(v[5], strlen(v[5]), &repaid, &e) || repaid < 0 || repaid > principal))
		return ms_err_set(err, "%s:%ld: repaid: %s", path, row->line,
				  repaid < 0 || repaid > principal ? "must be between 0 and the principal" : e.msg);
	a = city(x, v[0]);
	if (on >= l->start && on <= rd->day) {
		a->a[L_NEW] += principal;
		if (indiv)
			a->a[L_INDIVIDUAL] += principal;
		a->a[L_COUNT]++;
	}
	if (*v[4] && due <= rd->day) {
		a->a[L_DUE] += principal;
		a->a[L_REPAID] += repaid;
	}
	return 0;
}

/* Reads the whole register into per-city sums, in code order. */
static int loan_read(struct ledger *l, const struct ledger_round *rd, const char *path, FILE *f,
		     struct accs *x, struct actuals_result *res, struct ms_err *err)
{
	struct ms_csv_opts co = { 0, 0, 0, 1 };
	struct ms_csv *c = ms_csv_open(f, path, &co);
	struct ms_csv_row row;
	int col[8], got, rc = -1;

	if ((got = ms_csv_next(c, &row, err)) <= 0) {
		if (!got)
			ms_err_set(err, "%s: empty file: the first line must name the columns", path);
		goto out;
	}
	if (loan_header(&row, path, col, err))
		goto out;
	while ((got = ms_csv_next(c, &row, err)) == 1) {
		res->rows++;
		if (loan_row(l, rd, &row, col, path, x, err))
			goto out;
	}
	if (got < 0)
		goto out;
	if (x->n > 1)
		qsort(x->c, x->n, sizeof(*x->c), cmp_city);
	rc = 0;
out:
	ms_csv_free(c);
	return rc;
}

/* Each city's new loans, and its individual share and recovery rate when there is a base, inside the caller's transaction. */
static int loan_reports(struct ledger *l, const struct accs *x, const char *path, const char *round,
			struct actuals_result *res, struct ms_err *err)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		char v1[40], v1y[48], note[256];
		struct ledger_report_in in = { 0 };
		const int64_t *a = x->c[i].a;

		ms_fixed_str(v1, a[L_NEW], 2);
		snprintf(note, sizeof(note), "由贷款台账 %s 计算：%lld 笔新发放贷款", path, (long long)a[L_COUNT]);
		in.indicator = "1.loans_new";
		in.org = x->c[i].code;
		in.round = round;
		snprintf(v1y, sizeof(v1y), "%s元", v1);
		in.value = v1y;
		in.narrative = note;
		in.origin = "actuals";
		if (ledger_report_one(l, &in, NULL, err))
			return ms_err_prefix(err, "%s", x->c[i].code);
		res->reports++;
		if (a[L_NEW]) {
			if (ratio_report(l, &in, "1.individual_loan_share", a[L_INDIVIDUAL], a[L_NEW], err))
				return ms_err_prefix(err, "%s", x->c[i].code);
			res->reports++;
		}
		if (a[L_DUE]) {
			if (ratio_report(l, &in, "1.recovery_rate", a[L_REPAID], a[L_DUE], err))
				return ms_err_prefix(err, "%s", x->c[i].code);
			res->reports++;
		}
	}
	return 0;
}

int actuals_loan(struct ledger *l, const char *path, const char *round,
		 struct actuals_result *res, struct ms_err *err)
{
	const struct ledger_round *rd;
	struct accs x = { 0 };
	int rc = -1;
	FILE *f;

	memset(res, 0, sizeof(*res));
	if (!(rd = ledger_round_find(l, round, err)))
		return ms_err_prefix(err, "round");
	f = fopen(path, "rb");
	if (!f)
		return ms_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	if (loan_read(l, rd, path, f, &x, res, err) || store_begin(l->st, err) ||
	    store_end(l->st, loan_reports(l, &x, path, round, res, err), err))
		goto out;
	res->cities = x.n;
	rc = 0;
out:
	fclose(f);
	free(x.c);
	return rc;
}
