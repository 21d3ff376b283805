/*
 * test_ledger.c - the task ledger on a fresh database: the validation rules
 * of a report (each refusal names its field), review, rounds (closed by the
 * calendar, locked, reopened with a reason; nothing of a closed round changes), and the
 * words stored for the enums.
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
#include "ledger/ledger.h"
#include "plan/setup.h"
#include "store/store.h"

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ms-ledger-XXXXXX");
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

/* A fresh database (organisations and the 2023 plan, no demo data) and its ledger. */
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

	snprintf(db, sizeof(db), "%s/l%d.db", dir, ++n);
	ms_clock_fix(1687226400);   /* 2023-06-20 10:00 China time: every round open */
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

/* One step of a table: a report and what must come of it. */
struct rcase {
	const char *what;
	const char *indicator, *org, *round;
	const char *value, *num, *den, *narrative, *reason;
	int rc;                 /* 0 accepted, -1 refused */
	const char *field;      /* the field a refusal names ("" none) */
	const char *msg;        /* a part of the message, or of the warnings when accepted */
};

static void run_cases(struct ledger *l, const struct rcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ledger_report_in in = { 0 };
		struct ms_buf warn = MS_BUF_INIT;
		struct ms_err e = { .msg = "", .field = "" };
		int rc;

		in.indicator = c[i].indicator;
		in.org = c[i].org;
		in.round = c[i].round;
		in.value = c[i].value;
		in.numerator = c[i].num;
		in.denominator = c[i].den;
		in.narrative = c[i].narrative;
		in.reason = c[i].reason;
		in.submitted_at = 1688000000;   /* 2023-06-29, China time */
		rc = ledger_report(l, &in, &warn, &e);
		if (rc != c[i].rc)
			fail_msg("%s: rc %d, want %d (%s)", c[i].what, rc, c[i].rc, e.msg);
		if (rc && strcmp(e.field, c[i].field))
			fail_msg("%s: field \"%s\", want \"%s\" (%s)", c[i].what, e.field, c[i].field, e.msg);
		if (c[i].msg && !strstr(rc ? e.msg : warn.buf ? warn.buf : "", c[i].msg))
			fail_msg("%s: \"%s\" lacks \"%s\"", c[i].what, rc ? e.msg : warn.buf, c[i].msg);
		if (rc && (strstr(e.msg, "--") || strstr(e.msg, "minsheng ")))
			fail_msg("%s: the message speaks the command line: %s", c[i].what, e.msg);
		ms_buf_release(&warn);
	}
}

static void test_rate_rules(void **state)
{
	struct fx *f = *state;
	static const struct rcase c[] = {
		/* boundaries first: numerator equal to the denominator, one above, a zero denominator */
		{ "num = den is 100%", "1.recovery_rate", "360100", "2023-06-30", NULL, "100", "100", NULL, NULL,
		  0, "", NULL },
		{ "num = den + 1", "1.recovery_rate", "360100", "2023-06-30", NULL, "101", "100", NULL, NULL,
		  -1, "numerator", "分子不能大于分母" },
		{ "num 0 of 1", "1.recovery_rate", "360100", "2023-06-30", NULL, "0", "1", NULL, NULL,
		  0, "", NULL },
		{ "den 0", "1.recovery_rate", "360100", "2023-06-30", NULL, "0", "0", NULL, NULL,
		  -1, "denominator", "分母不能为零" },
		{ "negative numerator", "1.recovery_rate", "360100", "2023-06-30", NULL, "-1", "10", NULL, NULL,
		  -1, "numerator", NULL },
		{ "numerator alone", "1.recovery_rate", "360100", "2023-06-30", NULL, "1", NULL, NULL, NULL,
		  -1, "denominator", "比率须同时报送分子和分母" },
		{ "denominator alone", "1.recovery_rate", "360100", "2023-06-30", NULL, NULL, "1", NULL, NULL,
		  -1, "numerator", "比率须同时报送分子和分母" },
		{ "value and ratio", "1.recovery_rate", "360100", "2023-06-30", "96%", "1", "2", NULL, NULL,
		  -1, "value", "只能报送一种" },
		{ "a rate as a value", "1.recovery_rate", "360100", "2023-06-30", "96%", NULL, NULL, NULL, NULL,
		  -1, "value", "比率指标须报送分子和分母" },
		{ "a ratio of a count", "10.aeds", "360100", "2023-06-30", NULL, "1", "2", NULL, NULL,
		  -1, "numerator", "不是比率指标" },
	};

	run_cases(&f->l, c, sizeof(c) / sizeof(c[0]));
}

static void test_value_rules(void **state)
{
	struct fx *f = *state;
	struct ms_err e;
	static const struct rcase c[] = {
		/* 3× the target of 60 is 180: 180 passes, 181 needs a narrative */
		{ "exactly 3x", "10.aeds", "360100", "2023-06-30", "180", NULL, NULL, NULL, NULL, 0, "", NULL },
		{ "3x + 1 without narrative", "10.aeds", "360100", "2023-10-30", "181", NULL, NULL, NULL, NULL,
		  -1, "narrative", "数值超过目标的3倍" },
		{ "3x + 1 with narrative", "10.aeds", "360100", "2023-10-30", "181", NULL, NULL, "核实无误", NULL,
		  0, "", "数值超过目标的3倍" },
		/* a fall below the previous round's cumulative value */
		{ "equal to the previous round", "10.aeds", "360100", "2023-12-25", "181", NULL, NULL, "同上", NULL,
		  0, "", NULL },
		{ "a first value", "10.aeds", "360200", "2023-06-30", "5", NULL, NULL, NULL, NULL,
		  0, "", NULL },
		{ "one below it", "10.aeds", "360200", "2023-10-30", "4", NULL, NULL, NULL, NULL,
		  -1, "narrative", "数值低于上一轮（2023-06-30）的累计数" },
		{ "the fall explained", "10.aeds", "360200", "2023-10-30", "4", NULL, NULL, "核减重复统计", NULL,
		  0, "", "累计数不应减少" },
		{ "zero is a value", "10.aeds", "360300", "2023-06-30", "0", NULL, NULL, NULL, NULL, 0, "", NULL },
		{ "negative value", "10.aeds", "360300", "2023-10-30", "-1", NULL, NULL, NULL, NULL,
		  -1, "value", "negative" },
		{ "money for a count", "10.aeds", "360300", "2023-10-30", "30元", NULL, NULL, NULL, NULL,
		  -1, "value", NULL },
		{ "no value, no reason", "10.aeds", "360300", "2023-10-30", NULL, NULL, NULL, NULL, NULL,
		  -1, "reason", "未报数须说明原因" },
		{ "no value, empty reason", "10.aeds", "360300", "2023-10-30", NULL, NULL, NULL, NULL, "",
		  -1, "reason", "a report without a value needs a reason" },
		{ "no value, a reason", "10.aeds", "360300", "2023-10-30", NULL, NULL, NULL, NULL, "统计中",
		  0, "", NULL },
		{ "qualitative without narrative", "10.emergency_training", "hrss", "2023-06-30", NULL, NULL,
		  NULL, NULL, NULL, -1, "narrative", "定性指标须填写进展情况" },
		{ "qualitative with a value", "10.emergency_training", "hrss", "2023-06-30", "5", NULL, NULL,
		  NULL, NULL, -1, "value", "定性指标" },
		{ "qualitative with narrative", "10.emergency_training", "hrss", "2023-06-30", NULL, NULL, NULL,
		  "已启动", NULL, 0, "", NULL },
		{ "unknown indicator", "10.robots", "360100", "2023-06-30", "1", NULL, NULL, NULL, NULL,
		  -1, "indicator", "无此指标" },
		{ "unknown org", "10.aeds", "369999", "2023-06-30", "1", NULL, NULL, NULL, NULL,
		  -1, "org", "无此单位或区划" },
		{ "a round not in the plan", "10.aeds", "360100", "2023-07-15", "1", NULL, NULL, NULL, NULL,
		  -1, "round", "2023-07-15" },
	};

	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360100", "60", &e), 0);
	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360200", "60", &e), 0);
	run_cases(&f->l, c, sizeof(c) / sizeof(c[0]));
}

static int status_of(const struct store_report *r, void *arg)
{
	*(enum report_status *)arg = report_status_parse(r->status);
	return 0;
}

static enum report_status stored(struct fx *f, const char *org, const char *round)
{
	enum report_status s = REPORT_NONE;
	struct ms_err e;

	assert_true(store_report_get(f->st, f->l.plan, "10.aeds", org, round, status_of, &s, &e) >= 0);
	return s;
}

static int report(struct fx *f, const char *org, const char *round, const char *value, int draft,
		  struct ms_err *e)
{
	struct ledger_report_in in = { .indicator = "10.aeds", .org = org, .round = round,
				       .value = value, .draft = draft };

	return ledger_report(&f->l, &in, NULL, e);
}


static long journal_rows(struct fx *f)
{
	struct ms_err e;
	int64_t n = store_count(f->st, "journal", &e);

	assert_true(n >= 0);
	return (long)n;
}

/* A round at once: a refused row stops every row; the refusals are all listed; unchanged rows are left out. */
static void test_batch(void **state)
{
	struct fx *f = *state;
	struct ledger_row_err errs[8];
	struct ledger_report_in in[3] = {
		{ .indicator = "10.aeds", .org = "360100", .round = "2023-06-30", .value = "-5" },
		{ .indicator = "10.emergency_training", .org = "360100", .round = "2023-06-30" },
		{ .indicator = "10.aeds", .org = "360200", .round = "2023-06-30", .value = "7" },
	};
	struct ledger_batch b = { in, 3, 0, errs, 8, 0, 0, 0, 0, 0 };
	struct ms_err e;
	long j0;

	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360100", "60", &e), 0);
	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360200", "60", &e), 0);
	j0 = journal_rows(f);
	/* two bad rows: both listed, by row and field; nothing written, not even the good third */
	assert_int_equal(ledger_report_batch(&f->l, &b, &e), -1);
	assert_int_equal(b.nerr, 2);
	assert_int_equal(errs[0].row, 0);
	assert_string_equal(errs[0].err.field, "value");
	assert_int_equal(errs[1].row, 1);
	assert_string_equal(errs[1].err.field, "narrative");
	assert_string_equal(e.field, "value");
	assert_int_equal(journal_rows(f), j0);
	assert_int_equal(stored(f, "360200", "2023-06-30"), REPORT_NONE);
	/* corrected: all three stored, one journal row each */
	in[0].value = "50";
	in[1].narrative = "已启动";
	assert_int_equal(ledger_report_batch(&f->l, &b, &e), 0);
	assert_int_equal(b.written, 3);
	assert_int_equal(journal_rows(f), j0 + 3);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_SUBMITTED);
	/* the same again: nothing written (an on-time report stays on time) */
	assert_int_equal(ledger_report_batch(&f->l, &b, &e), 0);
	assert_int_equal(b.written, 0);
	assert_int_equal(b.same, 3);
	assert_int_equal(journal_rows(f), j0 + 3);
	/* a draft: unchanged rows keep their status, a blank row is left out, a changed one is a draft */
	in[2].value = "8";
	in[1].narrative = NULL;
	b.draft = 1;
	assert_int_equal(ledger_report_batch(&f->l, &b, &e), 0);
	assert_int_equal(b.written, 1);
	assert_int_equal(b.same, 1);
	assert_int_equal(b.blank, 1);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_SUBMITTED);
	assert_int_equal(stored(f, "360200", "2023-06-30"), REPORT_DRAFT);
}

/* Bulk review: all or none, one journal row per report. */
static void test_review_batch(void **state)
{
	struct fx *f = *state;
	struct ledger_review_key k[2] = { { "10.aeds", "360100", "2023-06-30", LEDGER_STEP_NEXT },
					  { "10.aeds", "360200", "2023-06-30", LEDGER_STEP_NEXT } };
	struct ms_err e;
	long j0;

	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360100", "60", &e), 0);
	assert_int_equal(report(f, "360100", "2023-06-30", "5", 0, &e), 0);
	j0 = journal_rows(f);
	/* 360200 has not reported: the whole batch is refused, 360100 stays submitted */
	assert_int_equal(ledger_review_batch(&f->l, k, 2, 1, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "未报送"));
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_SUBMITTED);
	assert_int_equal(journal_rows(f), j0);
	assert_int_equal(ledger_review_batch(&f->l, k, 1, 0, "", &e), -1);
	assert_string_equal(e.field, "reason");
	assert_int_equal(ledger_review_batch(&f->l, k, 1, 1, NULL, &e), 0);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_APPROVED);
	assert_int_equal(journal_rows(f), j0 + 1);
}

static void test_review(void **state)
{
	struct fx *f = *state;
	struct ms_err e;

	/* nothing to review yet */
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), -1);
	assert_int_equal(e.kind, MS_E_NOTFOUND);
	/* a draft is not reviewed */
	assert_int_equal(report(f, "360100", "2023-06-30", "10", 1, &e), 0);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_DRAFT);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	/* returning needs a reason, and says which field */
	assert_int_equal(report(f, "360100", "2023-06-30", "10", 0, &e), 0);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_SUBMITTED);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 0, "", &e), -1);
	assert_string_equal(e.field, "reason");
	assert_non_null(strstr(e.msg, "退回须说明理由"));
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_SUBMITTED);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 0, "请附清单", &e), 0);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_RETURNED);
	/* a returned report is not approved until it is sent again */
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_int_equal(report(f, "360100", "2023-06-30", "12", 0, &e), 0);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), 0);
	assert_int_equal(stored(f, "360100", "2023-06-30"), REPORT_APPROVED);
	/* approved is closed */
	assert_int_equal(report(f, "360100", "2023-06-30", "13", 0, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_non_null(strstr(e.msg, "已审核通过"));
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 0, "x", &e), -1);
}

/* Fixes the clock at a China time ("2023-07-07 23:59:59"). */
static void at(const char *when)
{
	time_t t;
	struct ms_err e;

	assert_int_equal(ledger_parse_time(when, &t, &e), 0);
	ms_clock_fix(t);
}

static enum ledger_round_how how_of(struct fx *f, const char *due, int *locked)
{
	struct ledger_round_state s;
	struct ms_err e;

	assert_int_equal(ledger_round_state(&f->l, ledger_round_find(&f->l, due, &e), &s, &e), 0);
	*locked = s.locked;
	return s.how;
}

static void test_round_lock(void **state)
{
	struct fx *f = *state;
	struct ms_err e;
	int locked;

	at("2023-06-20 10:00");
	assert_int_equal(ledger_round_lock(&f->l, "2023-06-30", 0, "x", &e), -1);   /* not locked */
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_int_equal(report(f, "360100", "2023-06-30", "10", 0, &e), 0);
	assert_int_equal(ledger_round_lock(&f->l, "2023-06-30", 1, NULL, &e), 0);
	assert_int_equal(how_of(f, "2023-06-30", &locked), ROUND_LOCKED);
	assert_true(locked);
	assert_int_equal(ledger_round_lock(&f->l, "2023-06-30", 1, NULL, &e), -1);   /* already */
	assert_int_equal(e.kind, MS_E_CONFLICT);
	/* no more reports, drafts included, nor reviews; the other rounds stay open */
	assert_int_equal(report(f, "360200", "2023-06-30", "10", 0, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_string_equal(e.field, "round");
	assert_non_null(strstr(e.msg, "2023-06-20 起已锁定"));
	assert_int_equal(report(f, "360200", "2023-06-30", "10", 1, &e), -1);
	assert_int_equal(report(f, "360200", "2023-10-30", "10", 0, &e), 0);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_non_null(strstr(e.msg, "不能审核"));
	/* a reopen needs a reason; within its period the calendar decides again */
	assert_int_equal(ledger_round_lock(&f->l, "2023年6月30日", 0, NULL, &e), -1);
	assert_string_equal(e.field, "reason");
	assert_int_equal(ledger_round_lock(&f->l, "2023年6月30日", 0, "锁早了", &e), 0);
	assert_int_equal(how_of(f, "2023-06-30", &locked), ROUND_CALENDAR);
	assert_false(locked);
	assert_int_equal(report(f, "360200", "2023-06-30", "10", 0, &e), 0);
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), 0);
	assert_int_equal(ledger_round_lock(&f->l, "2023-07-15", 1, NULL, &e), -1);
	assert_string_equal(e.field, "round");
}

/* The calendar: open to due + 7 days (late after the due date), closed from the next day. */
static void test_round_calendar(void **state)
{
	static const struct { const char *when; int locked, late; } c[] = {
		{ "2023-06-30 23:59:59", 0, 0 },
		{ "2023-07-01 00:00", 0, 1 },
		{ "2023-07-07 23:59:59", 0, 1 },
		{ "2023-07-08 00:00", 1, 0 },
		{ "2026-12-03 10:00", 1, 0 },
	};
	struct fx *f = *state;
	struct ledger_round_state s;
	struct ms_err e;
	const struct ledger_round *rd = ledger_round_find(&f->l, "2023-06-30", &e);
	size_t i;
	int locked;

	assert_int_equal(f->l.grace_days, 7);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		at(c[i].when);
		assert_int_equal(ledger_round_state(&f->l, rd, &s, &e), 0);
		if (s.locked != c[i].locked || s.late != c[i].late)
			fail_msg("%s: locked %d late %d", c[i].when, s.locked, s.late);
	}
	/* a late report inside the grace period is taken */
	at("2023-07-07 20:00");
	assert_int_equal(report(f, "360100", "2023-06-30", "10", 0, &e), 0);
	at("2023-07-08 08:00");
	assert_int_equal(report(f, "360200", "2023-06-30", "10", 0, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_non_null(strstr(e.msg, "报送节点 2023-06-30 自 2023-07-08 起已关闭"));
	assert_int_equal(strncmp(e.msg, "报送节点", strlen("报送节点")), 0);   /* Chinese first */
	/* reviews, targets and sites delivered by a closed round are refused too */
	assert_int_equal(ledger_review(&f->l, "10.aeds", "360100", "2023-06-30", 1, NULL, &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_int_equal(ledger_assign(&f->l, "10.aeds", "360100", "100", &e), -1);
	assert_int_equal(e.kind, MS_E_CONFLICT);
	assert_non_null(strstr(e.msg, "修改任务分解"));
	{
		struct ledger_site_in si = { .indicator = "10.aeds", .org = "360100", .name = "八一广场",
					     .delivered_on = "2023-06-30" };

		assert_int_equal(ledger_site_add(&f->l, &si, NULL, &e), -1);
		assert_string_equal(e.field, "delivered_on");
		si.delivered_on = "2023-07-01";   /* counts from the 10-30 round, still open */
		assert_int_equal(ledger_site_add(&f->l, &si, NULL, &e), 0);
		si.delivered_on = NULL;
		si.status = "planned";            /* not delivered: counts in no round */
		assert_int_equal(ledger_site_add(&f->l, &si, NULL, &e), 0);
	}
	/* reopened past its period: held open, with the reason journaled */
	assert_int_equal(ledger_round_lock(&f->l, "2023-06-30", 0, "补报", &e), 0);
	assert_int_equal(how_of(f, "2023-06-30", &locked), ROUND_REOPENED);
	at("2024-03-01 08:00");
	assert_int_equal(report(f, "360200", "2023-06-30", "10", 0, &e), 0);
	assert_int_equal(ledger_round_lock(&f->l, "2023-06-30", 1, "补报完毕", &e), 0);
	assert_int_equal(report(f, "360300", "2023-06-30", "10", 0, &e), -1);
}

/* The grace period is a setting: 0 days closes a round the day after it is due; nonsense is refused. */
static void test_round_grace(void **state)
{
	struct fx *f = *state;
	struct ledger l2;
	struct ms_err e;

	at("2023-07-01 09:00");
	assert_int_equal(store_setting_put(f->st, "rounds.grace_days", "0", &e), 0);
	assert_int_equal(ledger_open(&l2, f->st, NULL, "test", &e), 0);
	assert_int_equal(l2.grace_days, 0);
	{
		struct ledger_report_in in = { .indicator = "10.aeds", .org = "360100", .round = "2023-06-30",
					       .value = "3" };

		assert_int_equal(ledger_report(&l2, &in, NULL, &e), -1);
		assert_non_null(strstr(e.msg, "自 2023-07-01 起已关闭"));
	}
	ledger_close(&l2);
	/* the plan's own setting wins */
	assert_int_equal(store_setting_put(f->st, "rounds.grace_days.jiangxi-2023", "30", &e), 0);
	assert_int_equal(ledger_open(&l2, f->st, NULL, "test", &e), 0);
	assert_int_equal(l2.grace_days, 30);
	ledger_close(&l2);
	assert_int_equal(store_setting_put(f->st, "rounds.grace_days.jiangxi-2023", "七天", &e), 0);
	assert_int_equal(ledger_open(&l2, f->st, NULL, "test", &e), -1);
	assert_non_null(strstr(e.msg, "rounds.grace_days.jiangxi-2023"));
}

static void test_enum_words(void **state)
{
	static const struct { const char *s; enum report_status v; } st[] = {
		{ NULL, REPORT_NONE }, { "", REPORT_NONE }, { "Draft", REPORT_NONE },
		{ "draft", REPORT_DRAFT }, { "submitted", REPORT_SUBMITTED },
		{ "approved", REPORT_APPROVED }, { "returned", REPORT_RETURNED },
	};
	static const struct { const char *s; enum ledger_agg v; } ag[] = {
		{ NULL, LEDGER_AGG_UNKNOWN }, { "sums", LEDGER_AGG_UNKNOWN }, { "sum", LEDGER_AGG_SUM },
		{ "each-region", LEDGER_AGG_EACH_REGION }, { "ratio", LEDGER_AGG_RATIO },
		{ "none", LEDGER_AGG_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		assert_int_equal(report_status_parse(st[i].s), st[i].v);
		if (st[i].v)
			assert_string_equal(report_status_name(st[i].v), st[i].s);
	}
	assert_null(report_status_name(REPORT_NONE));
	assert_null(report_status_name((enum report_status)99));
	for (i = 0; i < sizeof(ag) / sizeof(ag[0]); i++) {
		assert_int_equal(ledger_agg_parse(ag[i].s), ag[i].v);
		if (ag[i].v)
			assert_string_equal(ledger_agg_name(ag[i].v), ag[i].s);
	}
	assert_null(ledger_agg_name(LEDGER_AGG_UNKNOWN));
}

static void test_indicators_typed(void **state)
{
	struct fx *f = *state;
	const struct ledger_ind *d;

	d = ledger_ind_find(&f->l, "10.aeds");
	assert_non_null(d);
	assert_int_equal(d->kind, PLAN_KIND_COUNT);
	assert_int_equal(d->agg, LEDGER_AGG_SUM);
	assert_int_equal(d->cmp, MS_CMP_GE);
	d = ledger_ind_find(&f->l, "1.recovery_rate");
	assert_int_equal(d->kind, PLAN_KIND_RATE);
	assert_int_equal(d->agg, LEDGER_AGG_RATIO);
	d = ledger_ind_find(&f->l, "10.emergency_training");
	assert_int_equal(d->kind, PLAN_KIND_QUALITATIVE);
	assert_int_equal(d->agg, LEDGER_AGG_NONE);
	assert_int_equal(d->cmp, MS_CMP_NONE);
	assert_null(ledger_ind_find(&f->l, "10.robots"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enum_words),
		cmocka_unit_test_setup_teardown(test_indicators_typed, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_rate_rules, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_value_rules, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_review, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_batch, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_review_batch, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_round_lock, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_round_calendar, fx_open, fx_close),
		cmocka_unit_test_setup_teardown(test_round_grace, fx_open, fx_close),
	};

	return cmocka_run_group_tests_name("ledger", tests, make_dir, remove_dir);
}
