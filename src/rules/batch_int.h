/*
 * batch_int.h - what batch.c (the run: header, sinks, threads, writing in
 * order) and batch_rows.c (a block's rows: the general path, the fast path,
 * the 低保 kernel, formatting, totals) share. Private to src/rules/batch*.c.
 */
#ifndef MS_RULES_BATCH_INT_H
#define MS_RULES_BATCH_INT_H

#include <pthread.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/lines.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/sink.h"

#define BLOCK ((size_t)256 << 10)
#define MAX_THREADS 8
#define MAX_FIELDS 1024
#define NO_REGION 10000
#define PAD 64             /* bytes after each block, for 16-byte loads past its last line */
#define FAST_LINE 64       /* the fast path's longest line */
#define KERNEL_COLS 16     /* the kernel's most columns */

/* The totals a worker keeps: by city when there are regions. */
struct agg {
	int eligible_out;           /* index of the "eligible" output, or -1 */
	size_t nsum;                /* the summable outputs: sum_of[0..nsum) */
	unsigned char sum_of[CALC_OUT_MAX];
	int groups_of[NO_REGION + 1];
	struct batch_group *g;
	size_t n, alloc;
};


/* A block of whole lines and what computing it gave, until it is written. */
enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

struct slot {
	int state;
	char *in;
	size_t in_len;
	int cut;                      /* full without a line end: its line is too long */
	char *out;
	size_t out_len, out_cap;
	struct ms_buf rej;            /* rejected rows: struct rej_rec, the line, the reason */
	long nlines;                  /* lines in the block, blank ones too */
	uint64_t rows;                /* non-blank lines */
	int failed;                   /* FAIL_ROW or FAIL_LONG at line fail_at of the block */
	long fail_at;
	struct ms_err e;
};

enum { FAIL_NONE, FAIL_ROW, FAIL_LONG };

struct rej_rec {
	long at;                      /* the line in its block, 1-based */
	size_t len, why_len;
};

/* One computing thread: its parser, contexts and totals. */
struct worker {
	struct run *u;
	struct ms_fields f;
	struct calc_ctx cb, cr;
	struct ms_err e;
	struct agg a;
	struct ms_buf cp;             /* a line with its text cells neutralised */
	struct batch_sums base, reform;
	struct batch_diff diff;
	void *row_arg;                /* what on_row is called with on this thread */
	pthread_t th;
};

/* One run of batch_run: what its stages share. */
struct run {
	const struct batch_opts *o;
	const struct calc_def *d;
	struct batch_result *r;
	const char *name;             /* the input as messages call it */
	int fd;
	unsigned long long total, next_progress, consumed;
	struct ms_lines *ln;
	struct ms_fields f;           /* the header's */
	struct sink out, rej;
	int want_out, has_rej;
	int zh_header;                /* a column was named in Chinese: the columns added are named so too */
	struct agg *a;
	char *header;
	size_t hdr_len, ncols, max_line, cap, want, row_extra;
	int col_field[MAX_FIELDS];    /* per column: its field, or -1 */
	int field_col[32];            /* per field: its column, or -1 */
	size_t text_col[MAX_FIELDS];  /* the text columns (no field reads them): text_col[0..ntext) */
	size_t ntext;
	struct calc_in tmpl;          /* the defaults every row starts from */
	int fast;                     /* 1: rows try fast_row first */
	int kernel;                   /* 1: fast rows are computed by calc_dibao_apply with std */
	int64_t std[2];               /* the kernel's urban and rural standards */
	char std_col[2][16];          /* ",885.00": the standard as its output column, zero-padded */
	size_t std_len[2];
	int kcol[4];                  /* the kernel's columns of area, members, income, region (or -1) */
	unsigned char fast_kind[MAX_FIELDS];   /* per column: enum fast_kind */
	/* the blocks: a ring of nslot, filled and written in order by the main thread */
	struct slot *slot;
	size_t nslot;
	unsigned long long filled, taken, written;
	struct worker *w;
	int nworker, nthread, quit;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
};


/* The group of a region's city (its code's first four digits), or of rows without one. */
struct batch_group *batch_group_of(struct agg *a, const char *region);

/*
 * Formula neutralising of the copied lines (the header, the rows, the
 * rejects): whether a text cell begins with a formula prefix, and the line
 * rewritten field by field with those cells quoted.
 */
int batch_line_risky(const struct run *u, const struct ms_fields *f);
void batch_line_neutral(const struct run *u, const struct ms_fields *f, struct ms_buf *b);

/* The fast path and the kernel, when the calculator and columns allow them (after the header and defaults). */
void batch_rows_setup(struct run *u);

/* Every line of a block; stops at the first failure unless bad rows are set aside. */
void batch_block_run(struct worker *w, struct slot *s);

#endif
