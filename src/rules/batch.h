/*
 * batch.h - a calculator over a CSV file of records: payrolls (batch) and
 * reform costing (simulate, the same records under two parameter sets).
 *
 * Streaming with constant memory: one line in, one line out. The output
 * line is the input line verbatim plus the computed columns; only when a
 * text cell (a column no field reads) begins with = + - @ TAB or CR is the
 * line rewritten field by field, that cell with a leading ' (the header and
 * the rejects too). The input is
 * read in blocks of whole lines that threads compute in parallel; blocks are
 * written, rejected rows listed and the first error reported in file order,
 * so the result is the same for any number of threads. on_row runs on one
 * thread, in file order — unless the caller gives one argument per thread
 * (row_args), for totals that do not depend on the order. With an
 * output path the result is written to a temporary file beside it and
 * renamed only on success (rules/sink.h: removed on errors and signals, and
 * after a kill -9 by the next run), so a bad row leaves no output; with skip_bad,
 * rejected rows go to OUT.rejects.csv with their reason instead.
 */
#ifndef MS_RULES_BATCH_H
#define MS_RULES_BATCH_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "plan/orgs.h"
#include "rules/calc.h"
#include "rules/params.h"

struct batch_opts {
	const struct calc_def *def;
	const struct params *base;    /* the parameters */
	const struct params *reform;  /* simulate: the reformed parameters; NULL for batch */
	const char *in_path;          /* "-" for stdin */
	const char *out_path;         /* NULL: stdout (batch) or no row output (simulate) */
	const char **defaults;        /* "field=value" applied to rows lacking the field */
	size_t ndefaults;
	int skip_bad;
	int progress;                 /* 1: progress lines on stderr */
	size_t max_line;              /* 0: 1 MiB */
	int threads;                  /* computing threads; 0: the online CPUs (at most 8) */
	size_t block;                 /* bytes read per block (more for a long line); 0: 256 KiB */
	int no_output;                /* 1: compute and aggregate only */
	int generic;                  /* 1: every row through the general splitter and setters (tests
					 compare it with the fast path for the known columns) */
	/* called for every good row (reform NULL in batch), e.g. to aggregate actuals */
	void (*on_row)(void *arg, const struct calc_in *in, const struct calc_out *base,
		       const struct calc_out *reform);
	void *arg;
	/*
	 * Or: on_row on up to nrow_args threads at once, thread k calling it with row_args[k]
	 * (each its own totals, which the caller adds up after the run; the rows come in no
	 * particular order). arg is then unused.
	 */
	void **row_args;
	int nrow_args;
};

/* Totals over a set of rows, for one parameter set. */
struct batch_sums {
	uint64_t rows, eligible, paid;   /* paid: rows whose main amount is above 0 */
	int64_t money[CALC_OUT_MAX];     /* sum of each money output */
	int overflow;                    /* a sum passed int64: the run fails */
};

/* Baseline against reform, for simulate. */
struct batch_diff {
	uint64_t newly_eligible, no_longer_eligible, winners, losers;
	int64_t gain, loss;              /* sum of increases and of decreases in the main amount */
	int overflow;
};

struct batch_group {
	char code[8];                    /* city code, "" for rows without a region */
	struct batch_sums base, reform;
	struct batch_diff diff;
};

struct batch_result {
	uint64_t lines, rejected;
	struct batch_sums base, reform;
	struct batch_diff diff;
	struct batch_group *city;        /* by city, in code order; n_city entries */
	size_t n_city;
	int has_region;                  /* the input had a region column */
	int kernel;                      /* 1: the 低保 kernel computed the plain rows (standards fixed for the run) */
	char rejects_path[4200];         /* where rejected rows went, if any */
};

/* Runs the batch. 0, or -1 with err "file:line: column: reason" (and no output file). */
int batch_run(const struct batch_opts *o, struct batch_result *r, struct ms_err *err);
void batch_result_release(struct batch_result *r);

struct plan_orgs;
/* A city's name for a group ("（未填区划）" for rows without a region). */
const char *batch_city_name(const struct plan_orgs *orgs, const char *code);
/*
 * A simulation as JSON: the reform, baseline and reformed costs (money as
 * yuan strings), the change, and per city when by_city (named by name()).
 */
json_t *batch_sim_json(const struct calc_def *d, const struct batch_result *r, const char *file,
		       const char *const *reforms, size_t nreform, int by_city,
		       const char *(*name)(void *arg, const char *code), void *arg);

/* Totals added up (batch_sums.c): s into to, output by output, and x into to; overflow noted. */
void batch_sums_add(const struct calc_def *d, struct batch_sums *to, const struct batch_sums *s);
void batch_diff_add(struct batch_diff *to, const struct batch_diff *x);
/* qsort order of batch_group: by city code, the group without a region last. */
int batch_group_cmp(const void *a, const void *b);

#endif
