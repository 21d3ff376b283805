/*
 * test_progress.c - progress as of a day on a fresh database: 时序进度,
 * completion, the pace colours at their boundaries, pooled ratios, and the
 * expected / received / on-time / late / missing report counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/date.h"
#include "ledger/ledger.h"
#include "ledger/progress.h"
#include "plan/setup.h"
#include "store/store.h"

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ms-progress-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *const csvs[] = { MS_SRCDIR "/data/regions/jiangxi.csv",
				    MS_SRCDIR "/data/regions/units.csv", NULL };

struct fx {
	struct store *st;
	struct ledger l;
};

static int fx_open(void **state)
{
	static int n;
	char db[128];
	struct setup_opts o = { .db_path = db, .actor = "test",
				.plan_path = MS_SRCDIR "/data/plans/jiangxi-2023.json", .org_csv = csvs };
	struct setup_result res;
	struct ms_buf rep = MS_BUF_INIT;
	struct ms_err e;
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(db, sizeof(db), "%s/p%d.db", dir, ++n);
	ms_clock_fix(1687226400);   /* 2023-06-20 10:00 China time: the rounds open (they close 7 days after) */
	if (!f || setup_init(&o, &res, &rep, &e) || store_open(&f->st, db, STORE_WRITE, &e) ||
	    ledger_open(&f->l, f->st, NULL, "test", &e)) {
		print_error("%s\n%s", e.msg, rep.buf ? rep.buf : "");
		return -1;
	}
	ms_buf_release(&rep);
	*state = f;
	return 0;
}

static int fx_close(void **state)
{
	struct fx *f = *state;

	ledger_close(&f->l);
	store_close(f->st);
	free(f);
	return 0;
}

static ms_day day(const char *s)
{
	ms_day d;

	assert_int_equal(ms_date_parse(s, strlen(s), &d, NULL), 0);
	return d;
}

static void put(struct fx *f, const char *ind, const char *org, const char *round, const char *value,
		const char *num, const char *den, const char *at)
{
	struct ledger_report_in in = { .indicator = ind, .org = org, .round = round, .value = value,
				       .numerator = num, .denominator = den, .narrative = "测试" };
	struct ms_err e;

	assert_int_equal(ledger_parse_time(at, &in.submitted_at, &e), 0);
	if (ledger_report(&f->l, &in, NULL, &e))
		fail_msg("%s %s: %s", ind, org, e.msg);
}

static const struct prog_ind *ind_of(const struct progress *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nind; i++)
		if (!strcmp(p->ind[i].ind->id, id))
			return &p->ind[i];
	fail_msg("no %s", id);
	return NULL;
}

static const struct prog_org *org_of(const struct prog_ind *pi, const char *code)
{
	size_t i;

	for (i = 0; i < pi->norg; i++)
		if (!strcmp(pi->org[i].code, code))
			return &pi->org[i];
	fail_msg("no %s", code);
	return NULL;
}

static void test_time_progress(void **state)
{
	struct fx *f = *state;
	ms_day start = f->l.start, last = f->l.round[f->l.nround - 1].day;
	static const struct { int from_start, from_last; int bp; } c[] = {
		/* before and at the start nothing is expected; at and after the last round all */
		{ -1, 0, 0 }, { 0, 0, 0 }, { 1, 0, -1 }, { 0, 0, -2 }, { 0, 1, 10000 },
	};
	size_t i;

	assert_int_equal(start, day("2023-01-01"));
	assert_int_equal(last, day("2023-12-25"));
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct progress_opts o = { 0 };
		struct progress p;
		struct ms_err e;
		int want = c[i].bp;

		if (c[i].bp == -1)
			o.as_of = start + 1, want = (int)(10000 / (last - start));
		else if (c[i].bp == -2)
			o.as_of = last, want = 10000;
		else if (c[i].from_last)
			o.as_of = last + 1;
		else
			o.as_of = start + c[i].from_start;
		assert_int_equal(progress_compute(&f->l, &o, &p, &e), 0);
		assert_int_equal(p.expected_bp, want);
		progress_free(&p);
	}
	{
		struct progress_opts o = { .as_of = day("2023-07-07") };
		struct progress p;
		struct ms_err e;

		assert_int_equal(progress_compute(&f->l, &o, &p, &e), 0);
		assert_int_equal(p.expected_bp, 187 * 10000 / 358);   /* 5223: 52.2% */
		assert_int_equal(p.next_round, 1);
		assert_int_equal(p.margin_pts, 10);
		assert_int_equal(p.round[0].due_passed, 1);
		assert_int_equal(p.round[1].due_passed, 0);
		progress_free(&p);
	}
}

/*
 * Targets of 10000 units make a region's completion in basis points equal
 * to its actual, so each city sits on one boundary of the colours.
 */
static void test_colours_and_counts(void **state)
{
	struct fx *f = *state;
	/* the colours of what came in: reports awaiting review counted (test_approved_only for the other way) */
	struct progress_opts o = { .as_of = day("2023-07-07"), .include_unreviewed = 1 };
	const int e = 187 * 10000 / 358;
	static const char *const cities[] = { "360100", "360200", "360300", "360400", "360500",
		"360600", "360700" };
	static const struct { const char *org; int delta; const char *at; enum prog_colour colour; } c[] = {
		{ "360100", 0, "2023-06-29", PC_GREEN },            /* exactly on pace */
		{ "360200", -1, "2023-06-29", PC_YELLOW },          /* one point below */
		{ "360300", -1000, "2023-06-29", PC_YELLOW },       /* the margin, 10 points */
		{ "360400", -1001, "2023-06-29", PC_RED },          /* past the margin */
		{ "360500", 10000, "2023-06-30 23:59:59", PC_DONE }, /* the target, the last second on time */
		{ "360700", 0, "2023-07-01 00:00:01", PC_GREEN },   /* on pace, a second late */
	};
	const struct prog_ind *pi;
	struct progress p;
	struct ms_err err;
	char v[32];
	size_t i;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++)
		assert_int_equal(ledger_assign(&f->l, "10.aeds", cities[i], "10000", &err), 0);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(v, sizeof(v), "%d", c[i].delta == 10000 ? 10000 : e + c[i].delta);
		put(f, "10.aeds", c[i].org, "2023-06-30", v, NULL, NULL, c[i].at);
	}
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(pi->norg, 7);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const struct prog_org *po = org_of(pi, c[i].org);

		if (po->colour != c[i].colour)
			fail_msg("%s: colour %s, want %s", c[i].org, prog_colour_code(po->colour),
				 prog_colour_code(c[i].colour));
		assert_int_equal(po->completion_bp, c[i].delta == 10000 ? 10000 : e + c[i].delta);
		assert_int_equal(po->reports.expected, 1);
	}
	/* 360600 sent nothing: missing, and a missed round is red */
	assert_int_equal(org_of(pi, "360600")->colour, PC_RED);
	assert_int_equal(org_of(pi, "360600")->has_actual, 0);
	assert_string_equal(org_of(pi, "360600")->missing_rounds, "2023-06-30");
	assert_string_equal(org_of(pi, "360700")->late_rounds, "2023-06-30");
	assert_string_equal(org_of(pi, "360500")->late_rounds, "");
	/* the round: 7 expected, 6 received (5 on time, 1 late), 1 missing */
	assert_int_equal(p.round[0].reports.expected, 7);
	assert_int_equal(p.round[0].reports.received, 6);
	assert_int_equal(p.round[0].reports.on_time, 5);
	assert_int_equal(p.round[0].reports.late, 1);
	assert_int_equal(p.round[0].reports.missing, 1);
	assert_int_equal(p.round[1].reports.expected, 0);
	assert_int_equal(pi->reports.missing, 1);
	/* the province: the sum of the actuals against the plan's 600, capped for scores */
	assert_int_equal(pi->actual, 4 * e - 2002 + 10000 + e + 0);
	assert_int_equal(pi->completion_bp, 10000);
	assert_true(pi->completion_raw_bp > 10000);
	assert_int_equal(pi->colour, PC_DONE);
	/* regions sorted by completion, lowest first */
	assert_string_equal(pi->org[0].code, "360600");
	assert_string_equal(pi->org[1].code, "360400");
	progress_free(&p);

	/* the day before the due date: nothing is expected yet, but what came in counts */
	o.as_of = day("2023-06-29");
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(p.round[0].reports.expected, 0);
	assert_int_equal(org_of(pi, "360100")->has_actual, 1);
	assert_int_equal(org_of(pi, "360500")->has_actual, 0);   /* sent on the 30th */
	assert_int_equal(org_of(pi, "360600")->colour, PC_NONE);
	progress_free(&p);
}

static void test_pooled_ratio(void **state)
{
	struct fx *f = *state;
	struct progress_opts o = { .as_of = day("2023-07-07"), .item = 1, .include_unreviewed = 1 };
	const struct prog_ind *pi;
	struct progress p;
	struct ms_err e;

	put(f, "1.recovery_rate", "360100", "2023-06-30", NULL, "96", "100", "2023-06-29");
	put(f, "1.recovery_rate", "360200", "2023-06-30", NULL, "1", "3", "2023-06-29");
	assert_int_equal(progress_compute(&f->l, &o, &p, &e), 0);
	assert_int_equal(p.nitem, 1);
	pi = ind_of(&p, "1.recovery_rate");
	/* 97 of 103 = 94.17…% → 9417 bp; against 95%: 99.13% */
	assert_int_equal(pi->actual, 9417);
	assert_int_equal(pi->completion_raw_bp, 9913);
	/* 1/3 → 3333 bp, rounded half up */
	assert_int_equal(org_of(pi, "360200")->actual, 3333);
	/* regions that joined without a breakdown owe no reports */
	assert_int_equal(pi->reports.expected, 0);
	progress_free(&p);
}

/*
 * Official figures count a report from the day it was approved; until then
 * it awaits review (pending); a returned one neither counts nor awaits.
 */
static void test_approved_only(void **state)
{
	struct fx *f = *state;
	struct progress_opts o = { .as_of = day("2023-07-07") };
	const struct prog_ind *pi;
	struct progress p;
	struct ms_err err;

	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360100", "100", &err), 0);
	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360200", "100", &err), 0);
	put(f, "10.aeds", "360100", "2023-06-30", "40", NULL, NULL, "2023-06-28");
	put(f, "10.aeds", "360200", "2023-06-30", "30", NULL, NULL, "2023-06-28");
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(pi->has_actual, 0);
	assert_int_equal(pi->pending, 2);
	assert_int_equal(org_of(pi, "360100")->pending, 1);
	assert_int_equal(pi->reports.received, 2);          /* sending in is counted all the same */
	assert_int_equal(p.pending, 2);
	assert_int_equal(p.unreviewed, 0);
	progress_free(&p);

	/* approved on 2023-07-03 (10:00 China time), returned the same day */
	f->l.now = (time_t)day("2023-07-03") * 86400 + 2 * 3600;
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &err), 0);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360200", "2023-06-30", 0, "核实", &err), 0);
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(pi->has_actual, 1);
	assert_int_equal(pi->actual, 40);
	assert_int_equal(pi->pending, 0);
	assert_int_equal(org_of(pi, "360200")->has_actual, 0);
	progress_free(&p);

	/* as of the day before the review: still awaiting it, nothing counted */
	o.as_of = day("2023-07-02");
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(pi->has_actual, 0);
	assert_int_equal(pi->pending, 2);
	progress_free(&p);

	/* staff: what came in and was not returned */
	o.include_unreviewed = 1;
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	pi = ind_of(&p, "10.aeds");
	assert_int_equal(pi->actual, 70);                   /* the return came after that day */
	assert_int_equal(p.unreviewed, 1);
	progress_free(&p);
	o.as_of = day("2023-07-07");
	assert_int_equal(progress_compute(&f->l, &o, &p, &err), 0);
	assert_int_equal(ind_of(&p, "10.aeds")->actual, 40); /* returned: not counted even for staff */
	progress_free(&p);
}

static void test_pct_and_values(void **state)
{
	static const struct { int bp; const char *want; } pc[] = {
		{ -1, "—" }, { 0, "0.0%" }, { 9, "0.0%" }, { 10, "0.1%" }, { 9999, "99.9%" },
		{ 10000, "100.0%" }, { 5223, "52.2%" },
	};
	static const struct { const char *unit; int64_t v; const char *want; } vc[] = {
		{ "元", 999999, "9999.99元" }, { "元", 1000000, "1.00万元" },
		{ "元", 1004999, "1.00万元" }, { "元", 1005000, "1.01万元" },
		{ "元", 10000000000, "1.00亿元" }, { "元", 537100000000, "53.71亿元" },
		{ "台", 600, "600台" }, { "%", 9500, "95%" },
		/* the largest values: v * 100 would overflow (UBSan) before the fix */
		{ "元", 101457092405402525, "10145709.24亿元" },
		{ "元", INT64_MAX, "922337203.69亿元" }, { "元", INT64_MIN, "-922337203.69亿元" },
		{ "元", -1005000, "-1.01万元" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;

		prog_pct(&b, pc[i].bp);
		assert_string_equal(b.buf, pc[i].want);
		ms_buf_release(&b);
	}
	for (i = 0; i < sizeof(vc) / sizeof(vc[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;

		prog_value_text(&b, vc[i].unit, vc[i].v);
		assert_string_equal(b.buf, vc[i].want);
		ms_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_and_values),
		cmocka_unit_test_setup_teardown(test_time_progress, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_colours_and_counts, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_pooled_ratio, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_approved_only, fx_open, fx_close),
	};

	return cmocka_run_group_tests_name("progress", tests, make_dir, remove_dir);
}
