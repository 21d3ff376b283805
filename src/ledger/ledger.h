/*
 * ledger.h - the task ledger (任务台账): regional targets (任务分解), reports
 * per round with their validation rules and review, and the journal of
 * every write. Each write is one transaction with its journal row.
 *
 * Values are in the indicator's base unit (分, 基点, counts), parsed from
 * the text a clerk writes ("150亿元", "95%", "600台") by plan_value_parse.
 */
#ifndef MS_LEDGER_H
#define MS_LEDGER_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "core/money.h"
#include "plan/units.h"
#include "store/store.h"

/* How regions' figures make the province's: added up, each must reach it, pooled ratio, none. */
enum ledger_agg {
	LEDGER_AGG_UNKNOWN = 0,
	LEDGER_AGG_SUM,
	LEDGER_AGG_EACH_REGION,
	LEDGER_AGG_RATIO,
	LEDGER_AGG_NONE,
};

/* "sum" "each-region" "ratio" "none" to the enum and back; UNKNOWN / NULL when unknown. */
enum ledger_agg ledger_agg_parse(const char *s);
const char *ledger_agg_name(enum ledger_agg a);

/* Where a report stands: saved, sent in, accepted (closed), sent back. */
enum report_status {
	REPORT_NONE = 0,              /* no report (or an unknown word) */
	REPORT_DRAFT,
	REPORT_SUBMITTED,
	REPORT_APPROVED,
	REPORT_RETURNED,
};

/* "draft" "submitted" "approved" "returned" to the enum and back; NONE / NULL when unknown. */
enum report_status report_status_parse(const char *s);
const char *report_status_name(enum report_status s);

struct ledger_ind {
	char id[64], name[192], unit[32];
	enum plan_kind kind;
	enum ms_cmp cmp;              /* MS_CMP_GE, MS_CMP_LE, MS_CMP_EQ; NONE when not said */
	enum ledger_agg agg;
	int64_t item_no;
	int has_target;
	int64_t target, baseline;
	int has_baseline;
};

struct ledger_round {
	char due[16], kind[16], label[64];
	ms_day day;
};

struct ledger {
	struct store *st;
	char plan[64];
	const char *actor;
	ms_day start;                 /* the plan's start_on */
	struct ledger_ind *ind;
	size_t nind;
	struct ledger_round *round;   /* progress rounds only, by date */
	size_t nround;
	time_t now;                   /* for submitted_at; tests and imports may set it */
	int grace_days;               /* rounds close this many days after their due date */
	char region[32];              /* the plan's government: 360000 the province, 360100 南昌 */
	int64_t ev_max_m;             /* setting evidence.max_distance_m, read once per opening (0: not yet) */
};

/*
 * Loads the plan's indicators and rounds (plan NULL: the newest plan of the
 * highest level of government, the province's as before there were others).
 */
int ledger_open(struct ledger *l, struct store *st, const char *plan, const char *actor,
		struct ms_err *err);
void ledger_close(struct ledger *l);
/*
 * From now on this process's threads keep their last opening (the server
 * calls it once): the next ledger_open of the same plan on the same
 * connection copies it while the journal shows only report writes since
 * (reports are not part of it), and reads it all again after any other
 * write, or a change without a journal row (ledger_keep.c).
 */
void ledger_keep(void);
/* 1 when region is the plan's government or below it, 0 when not, -1 on error. */
int ledger_in_government(const struct ledger *l, const char *region, struct ms_err *err);

const struct ledger_ind *ledger_ind_find(const struct ledger *l, const char *id);
/* The progress round due on `due` ("2023-06-30" or 2023年6月30日), or NULL with err listing the rounds. */
const struct ledger_round *ledger_round_find(const struct ledger *l, const char *due,
					     struct ms_err *err);

/* Sets ORG's target for an indicator (TEXT in the indicator's unit). Journaled. */
int ledger_assign(struct ledger *l, const char *indicator, const char *org, const char *text,
		  struct ms_err *err);
/*
 * Imports assignments from CSV (indicator,org,target) in one transaction:
 * all rows or none; errors "file:line: column: reason". *n = rows.
 */
int ledger_assign_import(struct ledger *l, const char *path, long *n, struct ms_err *err);
/* Gives every city the plan target of each "each-region" indicator it lacks. *n = rows added. */
int ledger_assign_standards(struct ledger *l, long *n, struct ms_err *err);
/*
 * Sets an indicator's milestone shares, one per progress round in order
 * ("40%", "80%", "100%"): the expected progress at a date becomes the share
 * of the last round due instead of the time elapsed. Journaled.
 */
int ledger_milestones(struct ledger *l, const char *indicator, const char *const *shares,
		      size_t n, struct ms_err *err);

/* What the plan's government's regions are called: 设区市, 县（市、区） or 乡镇（街道）. */
const char *ledger_children_word(const struct ledger *l);

/*
 * Appends one line per mismatch between the breakdown and the plan: sums
 * that differ from the plan target, cities without a standard or below it.
 * Returns the number of mismatches, -1 on error.
 */
int ledger_assign_check(struct ledger *l, struct ms_buf *out, struct ms_err *err);

struct ledger_report_in {
	const char *indicator, *org, *round;
	const char *value, *numerator, *denominator;  /* text; NULL when not given */
	const char *unit;                             /* a bare value is in it ("万元"); NULL: none */
	const char *narrative, *reason;
	int draft;                                    /* 1: save as draft, not submitted */
	time_t submitted_at;                          /* 0: l->now */
	const char *origin;                           /* NULL: "manual" */
	int from_sites;                               /* 1: the value is the count of delivered sites */
};

/*
 * Records a report after the validation rules: errors refuse it (negative
 * values, numerator above denominator for a %, a missing value without a
 * reason, a closed (approved) report); warnings need a narrative (a value
 * below the previous round's, a value above 3× the target) and are
 * appended to `warnings` when a narrative was given. Journaled.
 */
int ledger_report(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		  struct ms_err *err);
/* As ledger_assign and ledger_report, inside the caller's transaction (imports, demo data). */
int ledger_assign_one(struct ledger *l, const char *indicator, const char *org, const char *text,
		      struct ms_err *err);
int ledger_report_one(struct ledger *l, const struct ledger_report_in *in, struct ms_buf *warnings,
		      struct ms_err *err);

/*
 * Adds the deterministic demonstration data (演示数据) to a freshly loaded
 * database, inside the caller's transaction: a breakdown of every target
 * over the 11 cities, reports for every city and round (some late, some
 * missing, one city far behind), progress narratives, a few hundred sites,
 * and the setting demo=1 that labels every output.
 */
int ledger_demo(struct store *st, const char *actor, struct ms_err *err);
/*
 * A city's demonstration programme (plan, already loaded), inside the
 * caller's transaction: every target broken down over the city's districts
 * and counties, their reports for the first two rounds (one late, one
 * missing, one county far behind) and the lead units' progress on the
 * qualitative work; `reviewer` approves the first round (one returned), the
 * second awaits review.
 */
int ledger_demo_city(struct store *st, const char *plan, const char *reviewer, const char *actor,
		     struct ms_err *err);

struct ledger_site_in {
	const char *indicator, *org, *name, *address, *kind;
	const char *lat, *lon;        /* decimal degrees, both or neither */
	const char *delivered_on;     /* required when status is delivered */
	const char *status;           /* planned | building | delivered (default delivered) */
	const char *quantity;         /* default 1 (e.g. households renovated in aggregate) */
	const char *origin;
};
/* Adds a site (点位) of a counted indicator. Journaled; *id the new id. */
int ledger_site_add(struct ledger *l, const struct ledger_site_in *in, int64_t *id,
		    struct ms_err *err);
/* Imports sites from CSV (columns named like the fields) in one transaction. */
int ledger_site_import(struct ledger *l, const char *path, long *n, struct ms_err *err);

struct ms_csv_row;
/*
 * Runs fn on every data row of a CSV file inside one transaction: all
 * rows or none. names (NULL-terminated, at most 16) are the columns,
 * required[i] whether names[i] must be in the header; fn gets col[i], the
 * index of names[i] or -1. Errors are "file:line: reason"; *n = rows.
 * With action set, one journal row {file, rows} records the import (for
 * rows that do not journal themselves).
 */
int ledger_import_csv(struct ledger *l, const char *path, const char *const *names,
		      const int *required,
		      int (*fn)(struct ledger *l, const struct ms_csv_row *r, const int *col,
				struct ms_err *err),
		      const char *action, long *n, struct ms_err *err);
/* The row's field in column col, or NULL when absent or empty. */
const char *ledger_csv_cell(const struct ms_csv_row *r, int col);

/* Imports reports from CSV in one transaction (columns named like the options). */
int ledger_report_import(struct ledger *l, const char *path, long *n, struct ms_err *err);
/*
 * Review (审核). One step by default: the lead unit approves a submitted
 * report (it then counts in official figures) or returns it with a
 * reason. A plan may ask for two (setting "review.levels.PLAN" = 2): a
 * county's report is first approved by its city (初审; it stays submitted,
 * review_level 1), then by the lead unit; only the final approval counts.
 * A city's or a department's report needs one step even then. A return
 * at either step sends the report back (review_level 0).
 */
enum ledger_step {
	LEDGER_STEP_NEXT = 0,         /* whichever step is due (administrators, the command line) */
	LEDGER_STEP_FIRST,            /* the city's 初审 of a county's report */
	LEDGER_STEP_FINAL,            /* the lead unit's */
};

/* The plan's review levels: 1 (default) or 2. */
int ledger_review_levels(struct ledger *l, int *levels, struct ms_err *err);
/* Sets them (1 or 2). Journaled. */
int ledger_review_levels_set(struct ledger *l, int levels, struct ms_err *err);

/* approve = 1: submitted → approved; 0: submitted → returned with the reason. Journaled. */
int ledger_review(struct ledger *l, const char *indicator, const char *org, const char *round,
		  int approve, const char *reason, struct ms_err *err);
/*
 * As ledger_review at a given step: a conflict when that step is not the
 * one due. *now (when not NULL): the report's status after it (submitted
 * after a city's 初审, approved, returned).
 */
int ledger_review_step(struct ledger *l, const char *indicator, const char *org, const char *round,
		       int approve, const char *reason, enum ledger_step step, enum report_status *now,
		       struct ms_err *err);
/* As ledger_review_step, inside the caller's transaction (demo data); reviewed at l->now by l->actor. */
int ledger_review_one(struct ledger *l, const char *indicator, const char *org, const char *round,
		      int approve, const char *reason, enum ledger_step step, enum report_status *now,
		      struct ms_err *err);

/*
 * Rounds close by themselves: a round takes reports (and reviews, site
 * and target changes that reach back to it) until rounds.grace_days after
 * its due date, China time — a report after the due date is counted late —
 * and is closed from the next day. A person may lock it earlier, and an
 * administrator reopen it with a reason (rounds.c). The setting
 * "rounds.grace_days.PLAN", else "rounds.grace_days", else 7 days; a demo
 * database sets it to LEDGER_GRACE_MAX so that its rounds stay open.
 */
#define LEDGER_GRACE_DEFAULT 7
#define LEDGER_GRACE_MAX 100000
/* The plan's grace days into *days (default 7); -1 when the setting is not a number of days. */
int ledger_grace_days(struct store *st, const char *plan, int *days, struct ms_err *err);

/* Who decides a round's state: the calendar, or a person's lock or reopen (a round_lock row). */
enum ledger_round_how { ROUND_CALENDAR = 0, ROUND_LOCKED, ROUND_REOPENED };

struct ledger_round_state {
	int locked;                   /* 1: nothing of the round may change */
	enum ledger_round_how how;
	int late;                     /* open by the calendar, but past the due date: reports are late */
	int never;                    /* the calendar never closes it (grace days LEDGER_GRACE_MAX: demo) */
	ms_day closes;                /* the last day the calendar keeps it open: due + grace days */
	ms_day since;                 /* locked: its first closed day (China time) */
	char by[64], at[32];          /* a person's lock or reopen: who, when (ISO, UTC) */
	char reason[512];
};
/* Where round rd stands today (ms_clock_now, China time). */
int ledger_round_state(const struct ledger *l, const struct ledger_round *rd,
		       struct ledger_round_state *s, struct ms_err *err);
/* "locked" or "open". */
const char *ledger_round_state_name(const struct ledger_round_state *s);
/* The state in words: 开放（可报至 D）, 补报期（…，计为迟报）, 已关闭（D 起自动关闭）, 已锁定（…）, 重新开放（…）. */
void ledger_round_state_text(struct ms_buf *o, const struct ledger_round_state *s);
/*
 * The round and its state as JSON (round list --json, GET /api/v1/rounds):
 * due, label, locked, state (open|locked), how (calendar|locked|reopened),
 * closes (due + grace days), since (the first closed day, "" when open),
 * by and reason (of a person's lock or reopen, "" when none), text.
 */
json_t *ledger_round_json(const struct ledger_round *rd, const struct ledger_round_state *s);
/*
 * 0 when round rd is open; else -1 with a conflict that names the round,
 * the day it closed and what may not be done until it is reopened
 * (what_cn "报送", what_en "reports"); err.field is "round".
 */
int ledger_round_writable(const struct ledger *l, const struct ledger_round *rd, const char *what_cn,
			  const char *what_en, struct ms_err *err);
/* ledger_round_writable for every round due on or after day (a change that reaches back to them). */
int ledger_rounds_writable_until(const struct ledger *l, ms_day day, const char *what_cn,
				 const char *what_en, struct ms_err *err);

/*
 * lock = 1: closes the round now (reason optional); 0: reopens a closed
 * round (reason required) — back to the calendar while its grace period
 * lasts, else held open until locked again. Who may is the front end's
 * question (auth_may_lock). Journaled with the state before and after and
 * the reason; a conflict when it is already so.
 */
int ledger_round_lock(struct ledger *l, const char *due, int lock, const char *reason,
		      struct ms_err *err);

/*
 * What the 审核 page shows beside the report (indicator, org, round) of l's
 * plan: store_report_beside's answer. In the server (ledger_keep) a thread
 * remembers the answers it read, and ledger_beside_sync, once per page
 * before its rows, follows the journal since (ledger_watch): a report
 * written forgets its indicator and region's answers (its submitter, the
 * later rounds' previous value), anything else all of them. 0, or -1 with err.
 */
int ledger_beside_sync(struct ledger *l, struct ms_err *err);
int ledger_beside(struct ledger *l, const char *indicator, const char *org, const char *round,
		  struct store_report_beside *x, struct ms_err *err);

/* Who submitted the report (the journal's actor of its last submission): 1 and who, 0 none, -1. */
int ledger_report_submitter(struct ledger *l, const char *indicator, const char *org,
			    const char *round, struct ms_buf *who, struct ms_err *err);

/*
 * ---------- a whole round at once (entry.c): the 报送 form and the Excel
 * sheet ----------
 * A row refused: its index in the batch and the error (err.field the box).
 */
struct ledger_row_err {
	size_t row;
	struct ms_err err;
};

struct ledger_batch {
	const struct ledger_report_in *in;   /* n rows, each checked as ledger_report_one does */
	size_t n;
	int draft;                           /* 1: 保存草稿 (every row a draft), 0: 提交 */
	struct ledger_row_err *errs;         /* the caller's array of cap; nerr filled */
	size_t cap, nerr;
	size_t written, same, blank, closed; /* rows stored; unchanged; empty in a draft; approved */
};

/*
 * Stores b's rows in ONE transaction, each with its journal row: all or
 * none. Every row is checked, so that every refused row is listed (up to
 * cap; a failure of the store stops at once). Left out and counted: a row
 * whose report is approved (closed); a row identical to its stored report
 * — when submitting, one already submitted (a resubmission does not make
 * an on-time report late), in a draft, one in any status (保存草稿 does not
 * take back what it does not change); in a draft, a row with nothing
 * filled in. Returns 0, or -1
 * with err the first refusal (and b->errs every refused row).
 */
int ledger_report_batch(struct ledger *l, struct ledger_batch *b, struct ms_err *err);

/* One row of a unit's round as the 报送 form and the Excel sheet show it. */
struct ledger_entry_row {
	const struct ledger_ind *d;
	const char *box;              /* the unit a plain number is typed in; NULL: qualitative */
	int has_target;
	int64_t target;               /* the unit's target (任务分解), in the unit's base */
	int has_prev;
	char prev_round[16];
	int64_t prev;                 /* the latest value of an earlier round (submitted or approved) */
	enum report_status status;    /* REPORT_NONE: nothing stored for this round */
	int has_value, has_ratio;
	int64_t value, numerator, denominator;
	char *narrative, *reason, *note;   /* "" when none; note: the reviewer's reason for a return */
};

/*
 * The rows of org's round due: every indicator of its breakdown (a target
 * assigned to it, or qualitative), those returned first, then in the
 * plan's order. *rows is the caller's to free with ledger_entry_free.
 */
int ledger_entry_rows(struct ledger *l, const char *org, const char *due, struct ledger_entry_row **rows,
		      size_t *n, struct ms_err *err);
/* Frees the rows and the array. */
void ledger_entry_free(struct ledger_entry_row *rows, size_t n);

/* One report a reviewer acts on, at the step due to them. */
struct ledger_review_key {
	const char *indicator, *org, *round;
	enum ledger_step step;
};

/*
 * Approves (or returns with one reason) every report in keys in ONE
 * transaction, one journal row each as ledger_review: all or none. -1 with
 * err prefixed by the indicator and region of the row refused.
 */
int ledger_review_batch(struct ledger *l, const struct ledger_review_key *keys, size_t n, int approve,
			const char *reason, struct ms_err *err);

/*
 * 全部通过: approves, at the step due, every report of round awaiting
 * review, of item (0: every item) and of org (NULL: every unit), in ONE
 * transaction through ledger_review_batch. *n is how many.
 */
int ledger_approve_round(struct ledger *l, const char *round, long item, const char *org, size_t *n,
			 struct ms_err *err);

/* "2023-07-01" or "2023-07-01 10:30[:00]" in China time to Unix seconds. */
int ledger_parse_time(const char *s, time_t *t, struct ms_err *err);

#endif
