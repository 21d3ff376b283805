/*
 * fuzz_calcargs.c - libFuzzer target for the calculators' argument parser:
 * the field tables behind CLI options, CSV columns and case files, then a
 * run with a trace, its JSON and its explanation.
 *
 * The input is lines. The first line's first byte chooses the calculator
 * (mod 4: loan, dibao, disability, orphan); the rest of it is ignored. Then
 *   NAME=VALUE         calc_field_index + calc_set (unknown names skipped)
 *   param:KEY=VALUE    params_override, as --param writes it
 * Checked:
 *   - a field set through a fast path (money "1500.5", month "2023-07",
 *     members "3") reads as the general parser reads it;
 *   - a refused field's error starts with the field's name and is UTF-8;
 *   - a run with a trace and one without agree (results or error);
 *   - the outputs hold together (loan: total = subsidy + borrower share,
 *     pays = share - waived, fiscal = subsidy + waived, no subsidy when
 *     not eligible; dibao: the payment is the shortfall; disability and
 *     orphan: total = the parts) and, with the shipped parameters,
 *     nothing is negative;
 *   - calc_out_json names every output, calc_in_json and calc_explain
 *     work, and the explanation is UTF-8.
 * The parameters are the shipped data/params/jiangxi.json ($MINSHENG_DATA
 * or MS_DATADIR), loaded once: loading takes milliseconds (the plan is
 * validated), so overrides are undone after each input from a snapshot of
 * the values instead of reloading.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "core/money.h"
#include "core/text.h"
#include "rules/calc.h"
#include "rules/params.h"

#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct params ps;
static struct param_value **saved;   /* each parameter's values as loaded */
static size_t extra_len;             /* ps.extra's size as loaded */
static int loaded;

static void setup(void)
{
	const char *d = getenv("MINSHENG_DATA");
	struct ms_err err;
	char path[4096];
	size_t i;

	snprintf(path, sizeof(path), "%s/params/jiangxi.json", d && *d ? d : MS_DATADIR);
	if (params_load(&ps, path, &err)) {
		fprintf(stderr, "fuzz_calcargs: %s\n", err.msg);
		abort();
	}
	saved = calloc(ps.n, sizeof(*saved));
	if (!saved)
		abort();
	for (i = 0; i < ps.n; i++) {
		saved[i] = malloc(ps.p[i].n * sizeof(*saved[i]));
		if (!saved[i])
			abort();
		memcpy(saved[i], ps.p[i].v, ps.p[i].n * sizeof(*saved[i]));
	}
	extra_len = json_array_size(ps.extra);
	loaded = 1;
}

/* Undoes params_override: the values as loaded, the strings it made dropped. */
static void restore(void)
{
	size_t i;

	for (i = 0; i < ps.n; i++)
		memcpy(ps.p[i].v, saved[i], ps.p[i].n * sizeof(*saved[i]));
	while (json_array_size(ps.extra) > extra_len)
		json_array_remove(ps.extra, json_array_size(ps.extra) - 1);
}

static int utf8(const char *s, size_t n)
{
	return ms_utf8_valid(s, n, NULL);
}

static void override(const char *s, size_t n)
{
	char *a = malloc(n + 1);
	const struct param *p;
	struct ms_err err;
	char key[80];
	const char *eq;
	int64_t v;
	size_t i;

	if (!a)
		abort();
	memcpy(a, s, n);
	a[n] = '\0';   /* a NUL inside ends the assignment early, as in argv */
	err.msg[0] = '\0';
	if (params_override(&ps, a, &err)) {
		if (!err.msg[0])
			abort();
		free(a);
		return;
	}
	/* it took: every value of the key now holds VALUE, marked as an override */
	eq = strchr(a, '=');
	if (!eq || (size_t)(eq - a) >= sizeof(key))
		abort();
	memcpy(key, a, (size_t)(eq - a));
	key[eq - a] = '\0';
	p = params_find(&ps, key);
	if (!p || param_parse_value(p->type, eq + 1, &v, &err))
		abort();
	for (i = 0; i < p->n; i++)
		if (p->v[i].v != v || strcmp(p->v[i].basis, "override") || strcmp(p->v[i].text, eq + 1))
			abort();
	free(a);
}

/* After calc_set took s[0..n): a fast path must read as the general parser does. */
static void same_as_general(const struct calc_def *d, const char *name, const struct calc_in *in,
			    const char *s, size_t n)
{
	struct ms_err err;
	int64_t v = -1, got = -1;
	int y = 0, m = 0, gy = 0, gm = 0;

	if ((d->kind == CALC_LOAN && !strcmp(name, "principal")) ||
	    (d->kind == CALC_DIBAO && !strcmp(name, "income"))) {
		got = d->kind == CALC_LOAN ? in->u.loan.principal : in->u.dibao.income;
		if (ms_money_parse(s, n, &v, &err) || v != got) {
			fprintf(stderr, "fuzz_calcargs: %s \"%.*s\" read as %lld fen; ms_money_parse: %s %lld\n",
				name, (int)n, s, (long long)got, err.msg, (long long)v);
			abort();
		}
	} else if (d->kind == CALC_DIBAO && !strcmp(name, "members")) {
		if (ms_dec_parse(s, n, 0, 99, &v, &err) || v != in->u.dibao.members)
			abort();
	} else if (!strcmp(name, "month") && d->kind != CALC_LOAN) {
		gy = d->kind == CALC_DIBAO ? in->u.dibao.year :
		     d->kind == CALC_DISABILITY ? in->u.disability.year : in->u.orphan.year;
		gm = d->kind == CALC_DIBAO ? in->u.dibao.month :
		     d->kind == CALC_DISABILITY ? in->u.disability.month : in->u.orphan.month;
		if (ms_month_parse(s, n, &y, &m, &err) || y != gy || m != gm) {
			fprintf(stderr, "fuzz_calcargs: month \"%.*s\" read as %d-%d; ms_month_parse: %d-%d\n",
				(int)n, s, gy, gm, y, m);
			abort();
		}
	}
}

static void set_field(const struct calc_def *d, struct calc_in *in, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	struct ms_err err;
	char name[64];
	size_t nl, vl;
	unsigned seen = in->seen;
	int fi;

	if (!eq || (size_t)(eq - s) >= sizeof(name))
		return;
	nl = (size_t)(eq - s);
	if (memchr(s, '\0', nl))
		return;   /* no front end passes a name with a NUL in it */
	memcpy(name, s, nl);
	name[nl] = '\0';
	fi = calc_field_index(d, name);
	if (fi < 0)
		return;
	if ((size_t)fi >= d->nfields)
		abort();
	vl = n - nl - 1;
	err.msg[0] = '\0';
	if (calc_set(d, in, fi, eq + 1, vl, &err)) {
		size_t fl = strlen(d->fields[fi].name);

		if (strncmp(err.msg, d->fields[fi].name, fl) || err.msg[fl] != ':') {
			fprintf(stderr, "fuzz_calcargs: the error does not name %s: %s\n",
				d->fields[fi].name, err.msg);
			abort();
		}
		if (in->seen != seen)
			abort();   /* a refused value is not "given" */
		if (utf8(eq + 1, vl) && !memchr(eq + 1, '\0', vl) && !utf8(err.msg, strlen(err.msg))) {
			fprintf(stderr, "fuzz_calcargs: a UTF-8 value gave a message that is not: %s\n",
				err.msg);
			abort();
		}
		return;
	}
	if (vl && !(in->seen & (1u << fi)))
		abort();   /* a value taken is "given" */
	if (vl)
		same_as_general(d, d->fields[fi].name, in, eq + 1, vl);
}

static void check_outputs(const struct calc_def *d, const struct calc_in *cin,
			  const struct calc_out *o, int overridden)
{
	const int64_t *v = o->v;
	size_t i;

	for (i = 0; i < d->noutputs; i++)
		if (d->outputs[i].type == CO_BOOL && v[i] != 0 && v[i] != 1)
			abort();
	switch (d->kind) {
	case CALC_LOAN: {
		const struct loan_in *in = &cin->u.loan;

		/* total, subsidy, borrower_share, waived, borrower_pays, fiscal_total, days, eligible */
		if (v[6] != in->end - in->start || v[6] <= 0)
			abort();
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
			abort();
		if (v[0] != v[1] + v[2] || v[4] != v[2] - v[3] || v[5] != v[1] + v[3])
			abort();
		if (!v[7] && (v[1] || v[3] || !*o->reason))
			abort();   /* not a guaranteed loan: no subsidy, no waiver, a reason */
		if (!overridden && (v[4] < 0 || v[1] > v[0]))
			abort();
		break;
	}
	case CALC_DIBAO: {
		const struct dibao_in *in = &cin->u.dibao;

		/* standard, per_capita_income, payment, eligible */
		if (in->members < 1 || v[1] != (in->income + in->members / 2) / in->members)
			abort();
		if (v[2] != (v[3] ? v[0] * in->members - in->income : 0) || v[2] < 0)
			abort();
		if (v[3] != (in->income < v[0] * in->members))
			abort();
		if (!v[3] && !*o->reason)
			abort();
		break;
	}
	case CALC_DISABILITY:
	case CALC_ORPHAN:
		/* two parts and their total */
		if (v[0] < 0 || v[1] < 0 || v[2] != v[0] + v[1])
			abort();
		if (!v[2] && d->kind == CALC_DISABILITY && !overridden && !*o->reason)
			abort();
		break;
	}
}

static void check_trace(const json_t *trace)
{
	const json_t *s;
	size_t i;

	if (!json_is_array(trace))
		abort();
	json_array_foreach(trace, i, s)
		if (!json_is_string(json_object_get(s, "step")) ||
		    !json_is_string(json_object_get(s, "value")) ||
		    !json_is_string(json_object_get(s, "formula")) ||
		    !json_is_array(json_object_get(s, "params")))
			abort();
}

static void run(const struct calc_def *d, const struct calc_in *in, int overridden)
{
	struct calc_ctx cx, plain;
	struct calc_out out, out2;
	struct ms_err err, err2;
	struct ms_buf b = MS_BUF_INIT;
	json_t *trace = json_array(), *o = json_object(), *ij;
	int rc, rc2;
	size_t i;

	err.msg[0] = err2.msg[0] = '\0';
	calc_ctx_init(&cx, &ps, trace, &err);
	rc = calc_run(d, &cx, in, &out);
	calc_ctx_init(&plain, &ps, NULL, &err2);
	rc2 = calc_run(d, &plain, in, &out2);
	if (rc != rc2 || (rc && strcmp(err.msg, err2.msg))) {
		fprintf(stderr, "fuzz_calcargs: traced %d (%s), untraced %d (%s)\n", rc, err.msg, rc2,
			err2.msg);
		abort();
	}
	if (cx.pending)
		abort();   /* every parameter read went into a step, or was dropped */
	if (rc) {
		if (!err.msg[0])
			abort();   /* a failure says why */
		goto out;
	}
	if (calc_ready(d, in, &err2))
		abort();
	if (memcmp(out.v, out2.v, sizeof(out.v)) || strcmp(out.reason, out2.reason))
		abort();
	if (json_array_size(trace) == 0)
		abort();
	check_trace(trace);
	check_outputs(d, in, &out, overridden);

	calc_out_json(d, &out, o);
	for (i = 0; i < d->noutputs; i++)
		if (!json_object_get(o, d->outputs[i].name))
			abort();
	if (!json_object_get(o, "reason") != !*out.reason)
		abort();
	ij = calc_in_json(d, in);
	if (!ij || !json_object_size(ij))
		abort();
	json_decref(ij);
	if (calc_explain(&b, trace) || !b.len || !utf8(b.buf, b.len))
		abort();
	for (i = 0; i < d->noutputs; i++) {
		ms_buf_reset(&b);
		if (calc_out_format(&b, &d->outputs[i], out.v[i]) || !b.len)
			abort();
	}
out:
	json_decref(trace);
	json_decref(o);
	ms_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;
	const struct calc_def *d;
	struct calc_in in;
	int overridden = 0;
	size_t len;

	if (!loaded)
		setup();
	if (size < 1)
		return 0;
	d = &calc_defs[data[0] % 4];
	d->init(&in);
	nl = memchr(s, '\n', size);
	s = nl ? nl + 1 : end;   /* the first line only chooses */
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (len >= 6 && !memcmp(s, "param:", 6)) {
			override(s + 6, len - 6);
			overridden = 1;
		} else {
			set_field(d, &in, s, len);
		}
		s += len + 1;
	}
	run(d, &in, overridden);
	if (overridden)
		restore();
	return 0;
}
