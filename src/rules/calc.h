/*
 * calc.h - the benefit calculators: pure functions from an input struct and
 * the parameters to an output struct, with an optional trace that names
 * every parameter read (value, effective date, basis, citation, quote).
 *
 * One field table per calculator serves every front end: the CLI's
 * --principal 100000, a batch CSV's "principal" column, a case file's
 * "principal: 100000" and (later) an HTTP form field all go through
 * calc_set(). Outputs are described the same way, so JSON and CSV writers
 * are generic.
 */
#ifndef MS_RULES_CALC_H
#define MS_RULES_CALC_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "rules/params.h"

enum calc_kind { CALC_LOAN, CALC_DIBAO, CALC_DISABILITY, CALC_ORPHAN };

struct loan_in {
	int64_t principal;      /* 分 */
	int64_t rate, lpr;      /* basis points */
	ms_day start, end, contract;
	int enterprise;         /* 0 individual, 1 enterprise */
	int group;              /* index in the group table; 0 = other */
};

struct dibao_in {
	int rural;
	int64_t members;
	int64_t income;         /* household monthly income, 分 */
	int year, month;
	char region[12];
};

struct disability_in {
	int grade;              /* 1..4 */
	int type;               /* index in the type table */
	int certificate, dibao, care, tekun, orphan_support;
	int year, month;
	char region[12];
};

struct orphan_in {
	int kind;               /* index in the kind table */
	int placement;          /* 0 dispersed, 1 institutional */
	int year, month;
	char region[12];
};

struct calc_in {
	unsigned seen;          /* bit i: field i was given */
	union {
		struct loan_in loan;
		struct dibao_in dibao;
		struct disability_in disability;
		struct orphan_in orphan;
	} u;
};

#define CALC_OUT_MAX 10

struct calc_out {
	int64_t v[CALC_OUT_MAX];   /* indexed by the calculator's output table */
	const char *reason;        /* why not eligible / why nothing is paid, "" if none */
};

enum calc_otype { CO_MONEY, CO_BOOL, CO_INT };

struct calc_output {
	const char *name;       /* JSON and CSV name: "total_interest" */
	const char *label;      /* 总利息 */
	enum calc_otype type;
	int summable;           /* 1: a payroll total of it means something */
};

/* One value an enumerated field takes: its code and its Chinese name (urban, 城市). */
struct calc_choice { const char *code, *cn; };

/* What a field takes, for a form to offer the right control (a select, a month picker…). */
enum calc_input {
	CALC_IN_TEXT = 0,       /* free text */
	CALC_IN_NUMBER,         /* a number or an amount */
	CALC_IN_DATE,           /* YYYY-MM-DD */
	CALC_IN_MONTH,          /* YYYY-MM */
	CALC_IN_REGION,         /* a six-digit region code */
	CALC_IN_CHOICE,         /* one of choices[] */
};

struct calc_field {
	const char *name;       /* option and column name: "principal" */
	const char *label;      /* 贷款本金（元） */
	int required;
	/* Parses s[0..n) into in; -1 with the reason (the caller adds the field name). */
	int (*set)(struct calc_in *in, const char *s, size_t n, struct ms_err *err);
	enum calc_input input;
	const struct calc_choice *choices; /* CALC_IN_CHOICE: the values, nchoices of them */
	size_t nchoices;
	const char *short_label;           /* the label without its hints (城乡类别), NULL: label */
	const char *aliases;               /* other Chinese column names a payroll may use ("人数|家庭人数"), or NULL;
					      only names that cannot mean anything else (a region's code, not its name) */
};

struct calc_ctx;

struct calc_def {
	enum calc_kind kind;
	const char *name, *label;
	const struct calc_field *fields;
	size_t nfields;
	const struct calc_output *outputs;
	size_t noutputs;
	size_t money_out;       /* the output a payroll sums and costs ("payment") */
	void (*init)(struct calc_in *in);
	int (*run)(struct calc_ctx *cx, const struct calc_in *in, struct calc_out *out);
};

/* What a run reads and where it reports. */
struct calc_ctx {
	const struct params *ps;
	json_t *trace;          /* NULL: no trace (the batch path) */
	json_t *pending;        /* parameters read for the next trace step */
	struct ms_err *err;
	struct {                /* the parameters read, by key (a pointer), with the last answer */
		const char *key;
		const struct param *p;
		int regional;           /* some value is for a region: answers depend on it */
		ms_day at;              /* when not regional: the day last asked for, and its value */
		const struct param_value *v;
	} memo[16];
	unsigned nmemo;         /* memo[0..nmemo) are used */
	unsigned required;      /* the required fields of required_of, as bits */
	const struct calc_def *required_of;
	int month_y, month_m;   /* the last month turned into a day */
	ms_day month_day;
};

extern const struct calc_def calc_defs[4];

/* The calculator called name ("loan", "dibao", "disability", "orphan"), or NULL. */
const struct calc_def *calc_find(const char *name);

/* Index of the field called name, or -1. */
int calc_field_index(const struct calc_def *d, const char *name);

/*
 * The field a payroll's column header names, or -1: its name (as
 * calc_field_index), else in Chinese — the label whole, the label up to its
 * first space or full-width parenthesis (家庭月收入), or one of the aliases
 * (not the short label: 所在地区 may well hold names where region wants a
 * code, and was a plain text column before). *chinese is set to 1 when the
 * Chinese matched.
 */
int calc_field_by_header(const struct calc_def *d, const char *name, int *chinese);

/* Sets field i from s[0..n); errors are prefixed with the field name. An empty optional field is left unset. */
int calc_set(const struct calc_def *d, struct calc_in *in, int i, const char *s, size_t n,
	     struct ms_err *err);

/* 0 when every required field was given, else -1 naming the first missing one. */
int calc_ready(const struct calc_def *d, const struct calc_in *in, struct ms_err *err);

/* Starts a context on ps; trace may be NULL. */
void calc_ctx_init(struct calc_ctx *cx, const struct params *ps, json_t *trace, struct ms_err *err);

/* calc_ready, then the calculator. 0 or -1 with cx->err set. */
int calc_run(const struct calc_def *d, struct calc_ctx *cx, const struct calc_in *in,
	     struct calc_out *out);

/*
 * 低保 (dibao) outputs, in their order: the one formula, which dibao_run and
 * the payroll's kernel (rules/batch.c) both apply, from the household's
 * standard, members (>= 1) and income in 分.
 */
enum { CALC_DIBAO_STANDARD, CALC_DIBAO_PERCAP, CALC_DIBAO_PAYMENT, CALC_DIBAO_ELIGIBLE };

static inline void calc_dibao_apply(int64_t std, int64_t members, int64_t income, int64_t *v)
{
	int64_t need_total = std * members;

	v[CALC_DIBAO_STANDARD] = std;
	v[CALC_DIBAO_PERCAP] = (income + members / 2) / members;
	v[CALC_DIBAO_ELIGIBLE] = income < need_total;
	v[CALC_DIBAO_PAYMENT] = income < need_total ? need_total - income : 0;
}

/*
 * The urban (std[0]) and rural (std[1]) 低保 standards of in's month when
 * they are the same everywhere (no value of either is set for a region):
 * 0, or -1 when they depend on the region or one is missing (calc_run then
 * gives each row's answer, or the error).
 */
int calc_dibao_fixed(struct calc_ctx *cx, const struct calc_in *in, int64_t std[2]);

/* Adds the outputs to obj with their names: money as "5221.53", bools, ints; and "reason" when set. */
void calc_out_json(const struct calc_def *d, const struct calc_out *out, json_t *obj);

/* Appends one output as CSV text ("5221.53", "1"/"0", "365"). */
int calc_out_format(struct ms_buf *b, const struct calc_output *o, int64_t v);

/* The inputs as JSON (normalised: money as yuan strings, dates, codes). */
json_t *calc_in_json(const struct calc_def *d, const struct calc_in *in);

/* Appends the trace as readable Chinese lines (for --explain). */
int calc_explain(struct ms_buf *b, const json_t *trace);

/* Loan borrower groups: code, Chinese name; index 0 is "other". */
extern const char *const calc_loan_groups[][2];
#define CALC_LOAN_NGROUPS 7

#endif
