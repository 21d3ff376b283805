/*
 * batch.c - the payroll engine: header → field map, then per line: split,
 * set, run, append, aggregate. Nothing per row allocates.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/lines.h"
#include "core/money.h"
#include "core/json.h"
#include "rules/sink.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "core/banned.h"

#define BLOCK ((size_t)256 << 10)
#define MAX_THREADS 8
#define MAX_FIELDS 1024
#define NO_REGION 10000
#define PAD 64             /* bytes after each block, for 16-byte loads past its last line */
#define FAST_LINE 64       /* the fast path's longest line */
#define KERNEL_COLS 16     /* the kernel's most columns */

/* ---------- aggregation ---------- */

struct agg {
	int eligible_out;           /* index of the "eligible" output, or -1 */
	size_t nsum;                /* the summable outputs: sum_of[0..nsum) */
	unsigned char sum_of[CALC_OUT_MAX];
	int groups_of[NO_REGION + 1];
	struct batch_group *g;
	size_t n, alloc;
};

static void sums_add(const struct calc_def *d, const struct agg *a, struct batch_sums *s,
		     const struct calc_out *o)
{
	int64_t m = o->v[d->money_out];
	size_t i;

	s->rows++;
	s->eligible += a->eligible_out >= 0 ? o->v[a->eligible_out] != 0 : m > 0;
	s->paid += m > 0;
	for (i = 0; i < a->nsum; i++)
		if (__builtin_add_overflow(s->money[a->sum_of[i]], o->v[a->sum_of[i]], &s->money[a->sum_of[i]]))
			s->overflow = 1;
}

static void diff_add(const struct calc_def *d, const struct agg *a, struct batch_diff *x,
		     const struct calc_out *b, const struct calc_out *r)
{
	int64_t mb = b->v[d->money_out], mr = r->v[d->money_out];
	int eb = a->eligible_out >= 0 ? (int)b->v[a->eligible_out] : mb > 0;
	int er = a->eligible_out >= 0 ? (int)r->v[a->eligible_out] : mr > 0;

	x->newly_eligible += !eb && er;
	x->no_longer_eligible += eb && !er;
	if (mr > mb) {
		x->winners++;
		if (__builtin_add_overflow(x->gain, mr - mb, &x->gain))
			x->overflow = 1;
	} else if (mr < mb) {
		x->losers++;
		if (__builtin_add_overflow(x->loss, mb - mr, &x->loss))
			x->overflow = 1;
	}
}

/* The group of a city's key (its code's first four digits, or NO_REGION). */
static struct batch_group *group_at(struct agg *a, int key)
{
	int i;

	if (a->groups_of[key] < 0) {
		if (a->n == a->alloc) {
			a->alloc = a->alloc ? a->alloc * 2 : 16;
			a->g = realloc(a->g, a->alloc * sizeof(*a->g));
			if (!a->g)
				abort();
		}
		memset(&a->g[a->n], 0, sizeof(a->g[a->n]));
		if (key != NO_REGION) {
			char *c = a->g[a->n].code;
			int k = key;

			for (i = 3; i >= 0; i--, k /= 10)
				c[i] = (char)('0' + k % 10);
			memcpy(c + 4, "00", 3);
		}
		a->groups_of[key] = (int)a->n++;
	}
	return &a->g[a->groups_of[key]];
}

static struct batch_group *group_of(struct agg *a, const char *region)
{
	int key = NO_REGION, i;

	if (region && region[0]) {
		key = 0;
		for (i = 0; i < 4; i++)
			key = key * 10 + (region[i] - '0');
	}
	return group_at(a, key);
}

static const char *region_of(const struct calc_def *d, const struct calc_in *in)
{
	switch (d->kind) {
	case CALC_DIBAO: return in->u.dibao.region;
	case CALC_DISABILITY: return in->u.disability.region;
	case CALC_ORPHAN: return in->u.orphan.region;
	case CALC_LOAN: return NULL;
	}
	return NULL;
}

/* ---------- the run ---------- */

static const char pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* x < 10000 without leading zeros at q; the end. */
static inline char *put_upto4(char *q, uint32_t x)
{
	if (x >= 100) {
		uint32_t hi = x / 100;

		if (hi >= 10) {
			memcpy(q, pairs + 2 * hi, 2);
			q += 2;
		} else {
			*q++ = (char)('0' + hi);
		}
		memcpy(q, pairs + 2 * (x - hi * 100), 2);
		return q + 2;
	}
	if (x >= 10) {
		memcpy(q, pairs + 2 * x, 2);
		return q + 2;
	}
	*q = (char)('0' + x);
	return q + 1;
}

/* Money as ms_fixed_str(p, v, 2) writes it, without its copy: yuan below 10^8 here, the rest there. */
static inline size_t put_money(char *p, int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	uint32_t y, c;
	char *q = p;

	if (u >= 10000000000u)
		return ms_fixed_str(p, v, 2);
	*q = '-';
	q += v < 0;
	y = (uint32_t)(u / 100);
	c = (uint32_t)(u - (uint64_t)y * 100);
	if (y >= 10000) {
		uint32_t hi = y / 10000, lo = y - hi * 10000;

		q = put_upto4(q, hi);
		memcpy(q, pairs + 2 * (lo / 100), 2);
		memcpy(q + 2, pairs + 2 * (lo % 100), 2);
		q += 4;
	} else {
		q = put_upto4(q, y);
	}
	*q = '.';
	memcpy(q + 1, pairs + 2 * c, 2);
	return (size_t)(q + 3 - p);
}

/* Writes ",v1,v2,..." at p (row_extra bytes are enough): money as yuan with two decimals, bools 1/0. */
static size_t add_outputs(char *p, const struct calc_def *d, const struct calc_out *o)
{
	size_t i, n = 0;

	for (i = 0; i < d->noutputs; i++) {
		p[n++] = ',';
		if (d->outputs[i].type == CO_BOOL)
			p[n++] = o->v[i] ? '1' : '0';
		else if (d->outputs[i].type == CO_MONEY)
			n += put_money(p + n, o->v[i]);
		else
			n += ms_fixed_str(p + n, o->v[i], 0);
	}
	return n;
}

/* A rejected row (its copy, already neutralised) and its reason into the rejects file. */
static void reject(struct sink *rej, const char *line, size_t len, const char *why)
{
	struct ms_buf b = MS_BUF_INIT;

	ms_buf_add(&b, line, len);
	ms_buf_addch(&b, ',');
	ms_csv_put_field(&b, why, strlen(why));
	ms_buf_addch(&b, '\n');
	sink_add(rej, b.buf, b.len);
	ms_buf_release(&b);
}

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

static void agg_init(const struct calc_def *d, struct agg *a)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	memset(a->groups_of, -1, sizeof(a->groups_of));
	a->eligible_out = -1;
	for (i = 0; i < d->noutputs; i++) {
		if (!strcmp(d->outputs[i].name, "eligible"))
			a->eligible_out = (int)i;
		if (d->outputs[i].summable)
			a->sum_of[a->nsum++] = (unsigned char)i;
	}
}

/* Opens the input and the aggregation. */
static int run_open(struct run *u, struct ms_err *err)
{
	struct stat sb;

	u->fd = strcmp(u->o->in_path, "-") ? open(u->o->in_path, O_RDONLY | O_CLOEXEC) : 0;
	if (u->fd < 0)
		return ms_err_set(err, "%s: cannot open: %s", u->o->in_path, strerror(errno));
	if (!fstat(u->fd, &sb) && S_ISREG(sb.st_mode))
		u->total = (unsigned long long)sb.st_size;
	u->max_line = u->o->max_line ? u->o->max_line : ((size_t)1 << 20);
	u->want = u->o->block > 8 ? u->o->block : u->o->block ? 8 : BLOCK;
	u->cap = u->max_line + u->want;
	u->ln = ms_lines_open(u->fd, u->name, u->o->max_line);
	u->a = malloc(sizeof(*u->a));
	if (!u->a)
		abort();
	agg_init(u->d, u->a);
	return 0;
}

/* Column i of the header: its field, once; not one of the columns this run adds. */
static int header_column(struct run *u, size_t i, struct ms_err *err)
{
	const struct calc_def *d = u->d;
	const char *p = u->f.p[i];
	size_t n = u->f.len[i], k = 0;
	char nm[64];
	int fi;

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	snprintf(nm, sizeof(nm), "%.*s", (int)(n - k > 63 ? 63 : n - k), p + k);
	fi = n - k < 64 ? calc_field_index(d, nm) : -1;
	u->col_field[i] = fi;
	if (fi >= 0) {
		if (u->field_col[fi] >= 0)
			return ms_err_set(err, "%s:%ld: column %zu: %s appears twice (列名重复)", u->name,
					  ms_lines_lineno(u->ln), i + 1, nm);
		u->field_col[fi] = (int)i;
		if (!strcmp(d->fields[fi].name, "region"))
			u->r->has_region = 1;
	}
	for (k = 0; k < d->noutputs && u->want_out; k++)
		if (!strcmp(nm, d->outputs[k].name))
			return ms_err_set(err, "%s:%ld: column %zu: %s is a column this command adds "
					  "(列名与输出列冲突；是否重复处理了输出文件？)",
					  u->name, ms_lines_lineno(u->ln), i + 1, nm);
	return 0;
}

/* The header: the first non-empty line, kept for the outputs, mapped to the fields. */
static int run_header(struct run *u, struct ms_err *err)
{
	const char *line;
	size_t len, i;
	struct ms_err e;
	int got;

	do {
		got = ms_lines_next(u->ln, &line, &len, err);
	} while (got == 1 && !len);
	if (got < 0)
		return -1;
	if (!got)
		return ms_err_set(err, "%s: empty file: the first line must be a header naming the columns (缺少表头)",
				  u->name);
	if (ms_fields_split(&u->f, line, len, MAX_FIELDS, 1, &e))
		return ms_err_set(err, "%s:%ld: %s", u->name, ms_lines_lineno(u->ln), e.msg);
	u->header = malloc(len + 1);
	if (!u->header)
		abort();
	memcpy(u->header, line, len);
	u->hdr_len = len;
	u->ncols = u->f.n;
	for (i = 0; i < 32; i++)
		u->field_col[i] = -1;
	for (i = 0; i < u->ncols; i++)
		if (header_column(u, i, err))
			return -1;
	for (i = 0; i < u->ncols; i++)
		if (u->col_field[i] < 0)
			u->text_col[u->ntext++] = i;
	return 0;
}

/* The defaults ("field=value") into the template; every required field has a column or a default. */
static int run_defaults(struct run *u, struct ms_err *err)
{
	const struct calc_def *d = u->d;
	size_t i;

	d->init(&u->tmpl);
	for (i = 0; i < u->o->ndefaults; i++) {
		const char *eq = strchr(u->o->defaults[i], '=');
		char key[64];
		int fi;

		snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - u->o->defaults[i]) : 0, u->o->defaults[i]);
		fi = eq ? calc_field_index(d, key) : -1;
		if (fi < 0)
			return ms_err_field(err, MS_E_INVALID, key, "%s 不是%s的输入项 (%s: not an input of %s)", key,
					    d->name, key, d->name);
		if (calc_set(d, &u->tmpl, fi, eq + 1, strlen(eq + 1), err))
			return -1;
	}
	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].required && u->field_col[i] < 0 && !(u->tmpl.seen & (1u << i)))
			return ms_err_field(err, MS_E_INVALID, d->fields[i].name,
					    "%s:%ld: missing column %s (缺少列：%s)%s", u->name, ms_lines_lineno(u->ln),
					    d->fields[i].name, d->fields[i].label,
					    !strcmp(d->fields[i].name, "month") ?
					    "; 或为所有行给出同一个 month (or give one month for every row)" : "");
	return 0;
}

/*
 * Formula neutralising of the copied lines (the header, the rows, the
 * rejects): a line is copied as it came unless a text cell (a column no
 * calculator field reads, or one past the header's) begins with a formula
 * prefix (= + - @ TAB CR); only then is it rewritten field by field, that cell
 * with a leading ' (ms_csv_put_text). Normal data stays byte for byte. Both
 * only read the run: the workers call them, each with its own fields and buffer.
 */
static inline int line_risky(const struct run *u, const struct ms_fields *f)
{
	size_t i;

	for (i = 0; i < u->ntext; i++)
		if (u->text_col[i] < f->n && ms_csv_formula_risk(f->p[u->text_col[i]], f->len[u->text_col[i]]))
			return 1;
	for (i = u->ncols; i < f->n; i++)
		if (ms_csv_formula_risk(f->p[i], f->len[i]))
			return 1;
	return 0;
}

/* The split line f field by field into b (emptied first), its text cells neutralised. */
static void line_neutral(const struct run *u, const struct ms_fields *f, struct ms_buf *b)
{
	size_t i;

	ms_buf_reset(b);
	for (i = 0; i < f->n; i++) {
		if (i)
			ms_buf_addch(b, ',');
		if (i >= u->ncols || u->col_field[i] < 0)
			ms_csv_put_text(b, f->p[i], f->len[i]);
		else
			ms_csv_put_field(b, f->p[i], f->len[i]);
	}
}

/* The header (split in u->f) into s, neutralised when it must be. */
static void put_header(struct run *u, struct sink *s)
{
	struct ms_buf b = MS_BUF_INIT;

	if (!line_risky(u, &u->f)) {
		sink_add(s, u->header, u->hdr_len);
		return;
	}
	line_neutral(u, &u->f, &b);
	sink_add(s, b.buf, b.len);
	ms_buf_release(&b);
}

/* The output (the header and the columns added) and the rejects file, as asked. */
static int run_sinks(struct run *u, struct ms_err *err)
{
	const struct calc_def *d = u->d;
	const struct batch_opts *o = u->o;
	size_t i;

	if (u->want_out) {
		if (sink_open(&u->out, o->out_path))
			return ms_err_set(err, "%s: cannot create: %s", sink_file(&u->out), strerror(errno));
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->out, "\xEF\xBB\xBF", 3);
		put_header(u, &u->out);
		for (i = 0; i < d->noutputs * (o->reform ? 2 : 1); i++) {
			const char *nm = d->outputs[i % d->noutputs].name;

			sink_add(&u->out, ",", 1);
			if (i >= d->noutputs)
				sink_add(&u->out, "reform_", 7);
			sink_add(&u->out, nm, strlen(nm));
		}
		sink_add(&u->out, "\n", 1);
	}
	if (o->skip_bad) {
		snprintf(u->r->rejects_path, sizeof(u->r->rejects_path), "%s%s", o->out_path ? o->out_path : "batch",
			 ".rejects.csv");
		if (sink_open(&u->rej, u->r->rejects_path))
			return ms_err_set(err, "%s: cannot create: %s", sink_file(&u->rej), strerror(errno));
		u->has_rej = 1;
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->rej, "\xEF\xBB\xBF", 3);
		put_header(u, &u->rej);
		sink_add(&u->rej, ",error\n", 7);
	}
	return 0;
}

/* The row's totals, by city when there are regions, else overall, into the worker's. */
static inline void row_sums(struct worker *w, const struct calc_in *in, const struct calc_out *ob,
			    const struct calc_out *orf)
{
	const struct calc_def *d = w->u->d;
	struct agg *a = &w->a;

	if (w->u->r->has_region) {   /* the totals are the cities' added up at the end */
		struct batch_group *g = group_of(a, region_of(d, in));

		sums_add(d, a, &g->base, ob);
		if (orf) {
			sums_add(d, a, &g->reform, orf);
			diff_add(d, a, &g->diff, ob, orf);
		}
		return;
	}
	sums_add(d, a, &w->base, ob);
	if (orf) {
		sums_add(d, a, &w->reform, orf);
		diff_add(d, a, &w->diff, ob, orf);
	}
}

/* Room for n more bytes of output in the block. */
static inline char *out_room(struct slot *s, size_t n)
{
	if (s->out_len + n > s->out_cap) {
		s->out_cap = (s->out_len + n) * 2;
		s->out = realloc(s->out, s->out_cap);
		if (!s->out)
			abort();
	}
	return s->out + s->out_len;
}

/* The row's output line into the block: the input line as written, the outputs, the reform's. */
static inline void row_out(struct slot *s, size_t extra, const struct calc_def *d, const char *line, size_t len,
			   const struct calc_out *ob, const struct calc_out *orf)
{
	char *p = out_room(s, len + extra);

	memcpy(p, line, len);
	p += len;
	p += add_outputs(p, d, ob);
	if (orf)
		p += add_outputs(p, d, orf);
	*p++ = '\n';
	s->out_len = (size_t)(p - s->out);
}

/* One data line: split, set, run, add up, write; -1 with w->e filled when the row is bad. */
static inline int run_row(struct worker *w, struct slot *s, const char *line, size_t len)
{
	const struct run *u = w->u;
	const struct calc_def *d = u->d;
	const struct batch_opts *o = u->o;
	struct calc_in in;
	struct calc_out ob, orf;
	size_t i;

	if (ms_fields_split(&w->f, line, len, MAX_FIELDS, 1, &w->e))
		return -1;
	if (w->f.n != u->ncols)
		return ms_err_set(&w->e, "%zu fields where the header has %zu (字段数与表头不符)", w->f.n,
				  u->ncols);
	memcpy(&in, &u->tmpl, sizeof(in));
	for (i = 0; i < u->ncols; i++) {
		int fi = u->col_field[i];

		if (fi < 0 || (!w->f.len[i] && (u->tmpl.seen & (1u << fi))))
			continue;
		if (calc_set(d, &in, fi, w->f.p[i], w->f.len[i], &w->e))
			return -1;
	}
	if (calc_run(d, &w->cb, &in, &ob))
		return -1;
	if (o->reform && calc_run(d, &w->cr, &in, &orf))
		return -1;
	if (o->on_row)
		o->on_row(o->arg, &in, &ob, o->reform ? &orf : NULL);
	row_sums(w, &in, &ob, o->reform ? &orf : NULL);
	if (u->want_out) {
		if (line_risky(u, &w->f)) {
			line_neutral(u, &w->f, &w->cp);
			line = w->cp.buf;
			len = w->cp.len;
		}
		row_out(s, u->row_extra, d, line, len, &ob, o->reform ? &orf : NULL);
	}
	return 0;
}

/*
 * The fast path for 低保 payrolls (issue 19): one pass over the line reads
 * the known columns in their plainest forms only (area urban/rural, members
 * 1-9, income as ms_money_plain takes it, a 6-digit region; text cells of
 * ASCII without quotes and without a formula prefix), with the same values
 * and `seen` bits calc_set would give. Anything else, and any failure, and it
 * returns 1 having done nothing: run_row then splits and sets the line the
 * general way and gives the error, so the results cannot differ.
 */
enum fast_kind { FK_TEXT, FK_AREA, FK_MEMBERS, FK_INCOME, FK_REGION };

/* The fast path when the calculator is dibao and every column is one it knows (a month column is not). */
static void fast_setup(struct run *u)
{
	static const char *const known[] = { "area", "members", "income", "region" };
	const struct calc_def *d = u->d;
	size_t i, k;

	u->fast = !u->o->generic && d->kind == CALC_DIBAO && u->ncols <= MAX_FIELDS;
	for (i = 0; i < u->ncols && u->fast; i++) {
		int fi = u->col_field[i];

		u->fast_kind[i] = FK_TEXT;
		if (fi < 0)
			continue;
		for (k = 0; k < 4 && strcmp(d->fields[fi].name, known[k]); k++)
			;
		if (k == 4)
			u->fast = 0;
		else
			u->fast_kind[i] = (unsigned char)(FK_AREA + k);
	}
}

static inline int risky_byte(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/*
 * The line's commas as bits, and whether a byte the general splitter treats
 * apart (a quote, a NUL, a byte of UTF-8) is in it. len <= FAST_LINE; with
 * SSE2 it reads whole 16-byte groups (the block's PAD covers the last line).
 */
static inline uint64_t line_commas(const char *line, size_t len, int *odd)
{
	uint64_t comma = 0, bad = 0, keep = len >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
	size_t k;

#ifdef __SSE2__
	const __m128i c = _mm_set1_epi8(','), q = _mm_set1_epi8('"'), z = _mm_setzero_si128();

	for (k = 0; k < len; k += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(line + k));

		comma |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)) << k;
		bad |= (uint64_t)(unsigned)(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, q),
									     _mm_cmpeq_epi8(v, z))) |
					    _mm_movemask_epi8(v)) << k;
	}
#else
	for (k = 0; k < len; k++) {
		unsigned char ch = (unsigned char)line[k];

		comma |= (uint64_t)(ch == ',') << k;
		bad |= (uint64_t)(ch == '"' || !ch || ch >= 0x80) << k;
	}
#endif
	*odd = (bad & keep) != 0;
	return comma & keep;
}

/* What scan_line found: the line's commas as bits, and a byte the general splitter treats apart. */
struct scan {
	int ok;                       /* 0: not scanned (fast_fields scans the line itself) */
	int odd;
	uint64_t comma;
};

/*
 * The line at p when a LF ends it within 64 bytes and before end: 1 with *n
 * (the LF not counted) and sc filled, or 0 (memchr finds the line then).
 * One pass for the line end and its commas; it reads the 64 bytes from p,
 * which the block's PAD covers.
 */
static inline int scan_line(const char *p, const char *end, size_t *n, struct scan *sc)
{
	uint64_t nl = 0, comma = 0, bad = 0, keep;
	size_t avail = (size_t)(end - p), k;

#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n'), c = _mm_set1_epi8(','), q = _mm_set1_epi8('"');
	const __m128i z = _mm_setzero_si128();

	for (k = 0; k < 64; k += 16) {   /* all four groups: stopping early costs a mispredicted branch */
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));

		nl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) << k;
		comma |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)) << k;
		bad |= (uint64_t)(unsigned)(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, q),
									     _mm_cmpeq_epi8(v, z))) |
					    _mm_movemask_epi8(v)) << k;
	}
#else
	for (k = 0; k < 64 && k < avail; k++) {
		unsigned char ch = (unsigned char)p[k];

		nl |= (uint64_t)(ch == '\n') << k;
		comma |= (uint64_t)(ch == ',') << k;
		bad |= (uint64_t)(ch == '"' || !ch || ch >= 0x80) << k;
	}
#endif
	if (avail < 64)
		nl &= ((uint64_t)1 << avail) - 1;
	if (!nl)
		return 0;
	*n = (size_t)__builtin_ctzll(nl);
	keep = ((uint64_t)1 << *n) - 1;
	sc->ok = 1;
	sc->comma = comma & keep;
	sc->odd = (bad & keep) != 0;
	return 1;
}

/* The line's commas as bits (scanned already, or now): 0, or 1 when the general path must read it. */
static inline int plain_commas(const char *line, size_t len, const struct scan *sc, uint64_t *comma)
{
	int odd;

	if (sc->ok) {
		*comma = sc->comma;
		return sc->odd;
	}
	if (len > FAST_LINE)
		return 1;
	*comma = line_commas(line, len, &odd);
	return odd;
}

/* The plain forms the fast path reads (else the general path): 1 when taken, the value set. */
static inline int plain_area(const char *p, size_t n, int *rural)
{
	uint32_t w4, ur, ru;
	int is_u, is_r;

	if (n != 5)
		return 0;
	memcpy(&w4, p, 4);   /* without a branch on which: rows alternate at random */
	memcpy(&ur, "urba", 4);
	memcpy(&ru, "rura", 4);
	is_u = (w4 == ur) & (p[4] == 'n');
	is_r = (w4 == ru) & (p[4] == 'l');
	*rural = is_r;
	return is_u | is_r;
}

static inline int plain_members(const char *p, size_t n, int64_t *members)
{
	if (n != 1 || *p < '1' || *p > '9')
		return 0;
	*members = *p - '0';
	return 1;
}

/* A region of 6 digits; *key: its city's (the first four digits). */
static inline int plain_region(const char *p, size_t n, int *key)
{
	size_t k;

	if (n != 6)
		return 0;
	for (k = 0; k < 6; k++)
		if (p[k] < '0' || p[k] > '9')
			return 0;
	*key = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	return 1;
}

/* The line's columns into in; 0, or 1 when the general path must read it. */
static inline int fast_fields(const struct run *u, struct calc_in *in, const char *line, size_t len,
			      const struct scan *sc)
{
	struct dibao_in *x = &in->u.dibao;
	uint64_t comma;
	size_t i, at = 0;
	int key;

	if (plain_commas(line, len, sc, &comma))
		return 1;
	for (i = 0; i < u->ncols; i++) {
		size_t end, n;
		const char *p = line + at;
		int fi = u->col_field[i];

		if (i + 1 < u->ncols) {      /* a comma ends the column: as many commas as the header's */
			if (!comma)
				return 1;
			end = (size_t)__builtin_ctzll(comma);
			comma &= comma - 1;
		} else {
			if (comma)
				return 1;
			end = len;
		}
		n = end - at;
		switch (u->fast_kind[i]) {
		case FK_TEXT:
			if (n && risky_byte(*p))
				return 1;
			break;
		case FK_AREA:
			if (!plain_area(p, n, &x->rural))
				return 1;
			break;
		case FK_MEMBERS:
			if (!plain_members(p, n, &x->members))
				return 1;
			break;
		case FK_INCOME:
			if (!ms_money_plain(p, n, &x->income))
				return 1;
			break;
		case FK_REGION:
			if (!plain_region(p, n, &key))
				return 1;
			memcpy(x->region, p, 6);
			x->region[6] = '\0';
			break;
		}
		if (fi >= 0)
			in->seen |= 1u << fi;
		at = end + 1;
	}
	return 0;
}

/*
 * The kernel: a 低保 payroll whose standards are fixed for the run (one
 * month, none set per region) and that computes nothing else (no reform, no
 * on_row) takes each fast row straight through calc_dibao_apply, the
 * formula calc_run would apply, with the standard's column written once.
 */
static void kernel_setup(struct run *u)
{
	struct calc_ctx cx;
	struct ms_err e;
	int i;

	u->kernel = 0;
	if (!u->fast || u->o->reform || u->o->on_row || u->d->noutputs != 4 || u->ncols > KERNEL_COLS)
		return;
	for (i = 0; i < 4; i++)
		u->kcol[i] = -1;
	for (size_t c = 0; c < u->ncols; c++) {
		if (u->fast_kind[c] == FK_TEXT)
			continue;
		u->kcol[u->fast_kind[c] - FK_AREA] = (int)c;
	}
	if (u->kcol[0] < 0 || u->kcol[1] < 0 || u->kcol[2] < 0)
		return;
	calc_ctx_init(&cx, u->o->base, NULL, &e);
	if (calc_dibao_fixed(&cx, &u->tmpl, u->std))
		return;
	for (i = 0; i < 2; i++) {
		u->std_col[i][0] = ',';
		if (u->std[i] < 0 || u->std[i] >= 100000000000LL)   /* 13 bytes at most with the comma */
			return;
		u->std_len[i] = 1 + put_money(u->std_col[i] + 1, u->std[i]);
	}
	u->kernel = 1;
}

/* The kernel's output line: the input line, then standard, per capita, payment, eligible. */
static inline void kernel_out(const struct run *u, struct slot *s, const char *line, size_t len, int rural,
			      const int64_t *v)
{
	char *p = out_room(s, FAST_LINE + u->row_extra);

	memcpy(p, line, FAST_LINE);   /* whole: len <= FAST_LINE, and the block's PAD covers the read */
	p += len;
	memcpy(p, u->std_col[rural], sizeof(u->std_col[rural]));
	p += u->std_len[rural];
	*p++ = ',';
	p += put_money(p, v[CALC_DIBAO_PERCAP]);
	*p++ = ',';
	p += put_money(p, v[CALC_DIBAO_PAYMENT]);
	*p++ = ',';
	*p++ = (char)('0' + (v[CALC_DIBAO_ELIGIBLE] != 0));
	*p++ = '\n';
	s->out_len = (size_t)(p - s->out);
}

/*
 * One data line by the kernel: fast_fields' checks and values, the columns
 * found from the commas by their place rather than walked one by one.
 * 0 when done, 1 (nothing done) when run_row must take it.
 */
static inline int kernel_row(struct worker *w, struct slot *s, const char *line, size_t len,
			     const struct scan *sc)
{
	const struct run *u = w->u;
	struct calc_out ob;
	struct batch_sums *to = &w->base;
	uint64_t comma;
	size_t at[KERNEL_COLS + 1], i, n;
	const char *p;
	int rural, key;
	int64_t members, income;

	if (plain_commas(line, len, sc, &comma))
		return 1;
	at[0] = 0;   /* column i is line[at[i], at[i + 1] - 1) */
	for (i = 1; i < u->ncols; i++) {
		if (!comma)
			return 1;
		at[i] = (size_t)__builtin_ctzll(comma) + 1;
		comma &= comma - 1;
	}
	if (comma)
		return 1;
	at[u->ncols] = len + 1;
	for (i = 0; i < u->ntext; i++) {
		size_t c = u->text_col[i];

		if (at[c + 1] - 1 > at[c] && risky_byte(line[at[c]]))
			return 1;
	}
#define KCOL(k) (p = line + at[u->kcol[k]], n = at[u->kcol[k] + 1] - 1 - at[u->kcol[k]], 1)
	if (!KCOL(0) || !plain_area(p, n, &rural) || !KCOL(1) || !plain_members(p, n, &members) || !KCOL(2) ||
	    !ms_money_plain(p, n, &income))
		return 1;
	if (u->kcol[3] >= 0) {   /* the region column: has_region, and its rows add up by city */
		if (!KCOL(3) || !plain_region(p, n, &key))
			return 1;
		to = &group_at(&w->a, key)->base;
	}
#undef KCOL
	calc_dibao_apply(u->std[rural], members, income, ob.v);
	sums_add(u->d, &w->a, to, &ob);
	if (u->want_out)
		kernel_out(u, s, line, len, rural, ob.v);
	return 0;
}

/* One data line the fast way: 0 when done, 1 (nothing done) when run_row must take it. */
static inline int fast_row(struct worker *w, struct slot *s, const char *line, size_t len,
			   const struct scan *sc)
{
	const struct run *u = w->u;
	const struct calc_def *d = u->d;
	const struct batch_opts *o = u->o;
	struct calc_in in;
	struct calc_out ob, orf;

	memcpy(&in, &u->tmpl, sizeof(in));
	if (u->kernel)
		return kernel_row(w, s, line, len, sc);
	if (fast_fields(u, &in, line, len, sc) || calc_run(d, &w->cb, &in, &ob) ||
	    (o->reform && calc_run(d, &w->cr, &in, &orf)))
		return 1;
	if (o->on_row)
		o->on_row(o->arg, &in, &ob, o->reform ? &orf : NULL);
	row_sums(w, &in, &ob, o->reform ? &orf : NULL);
	if (u->want_out)
		row_out(s, u->row_extra, d, line, len, &ob, o->reform ? &orf : NULL);
	return 0;
}

/* A rejected row, copied (neutralised when it splits), kept with its place in the block for the rejects file. */
static void block_reject(struct worker *w, struct slot *s, long at, const char *line, size_t len,
			 const char *why)
{
	struct rej_rec rr;
	struct ms_err e;

	if (!ms_fields_split(&w->f, line, len, MAX_FIELDS, 1, &e) && line_risky(w->u, &w->f)) {
		line_neutral(w->u, &w->f, &w->cp);
		line = w->cp.buf;
		len = w->cp.len;
	}
	rr = (struct rej_rec){ at, len, strlen(why) };

	ms_buf_add(&s->rej, (const char *)&rr, sizeof(rr));
	ms_buf_add(&s->rej, line, len);
	ms_buf_add(&s->rej, why, rr.why_len);
}

/* Every line of a block; stops at the first failure unless bad rows are set aside. */
static void block_run(struct worker *w, struct slot *s)
{
	const struct run *u = w->u;
	const char *p = s->in, *end = s->in + s->in_len, *nl, *line;
	size_t n;
	long k = 0;

	s->out_len = 0;
	s->rej.len = 0;
	s->rows = 0;
	s->failed = FAIL_NONE;
	while (p < end) {
		struct scan sc = { 0, 0, 0 };

		line = p;
		if (u->fast && scan_line(p, end, &n, &sc)) {
			nl = p + n;
		} else {
			nl = memchr(p, '\n', (size_t)(end - p));
			n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		}
		p = nl ? nl + 1 : end;
		k++;
		if ((!nl && s->cut) || n - (n && line[n - 1] == '\r') > u->max_line) {
			s->failed = FAIL_LONG;
			break;
		}
		if (n && line[n - 1] == '\r')
			n--;   /* a CR is no comma and no odd byte: the scan stays true for the shorter line */
		if (!n)
			continue;
		s->rows++;
		if (u->fast && !fast_row(w, s, line, n, &sc))
			continue;
		if (!run_row(w, s, line, n))
			continue;
		if (!u->o->skip_bad) {
			s->failed = FAIL_ROW;
			s->e = w->e;
			break;
		}
		block_reject(w, s, k, line, n, w->e.msg);
	}
	s->nlines = k;
	s->fail_at = k;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *u = w->u;
	struct slot *s;

	pthread_mutex_lock(&u->mu);
	for (;;) {
		while (!u->quit && u->taken == u->filled)
			pthread_cond_wait(&u->work, &u->mu);
		if (u->quit)
			break;
		s = &u->slot[u->taken++ % u->nslot];
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&u->mu);
		block_run(w, s);
		pthread_mutex_lock(&u->mu);
		s->state = SLOT_DONE;
		pthread_cond_signal(&u->done);
	}
	pthread_mutex_unlock(&u->mu);
	return NULL;
}

static void run_progress(struct run *u)
{
	if (u->consumed < u->next_progress)
		return;
	u->next_progress = u->consumed + (8u << 20);
	if (u->total)
		fprintf(stderr, "\r已处理 %llu 行（%llu%%）", (unsigned long long)u->r->lines,
			u->consumed * 100 / u->total);
	else
		fprintf(stderr, "\r已处理 %llu 行", (unsigned long long)u->r->lines);
}

/*
 * A computed block, in file order: its output, its rejected rows, and its
 * failure as "file:line: reason" (lineno: the line before the block).
 */
static int block_write(struct run *u, struct slot *s, long lineno, struct ms_err *err)
{
	const char *p = s->rej.buf, *end = s->rej.buf + s->rej.len;
	char why[1100];

	if (s->failed == FAIL_LONG)
		return ms_err_set(err, "%s:%ld: line longer than %zu bytes (行过长)", u->name,
				  lineno + s->fail_at, u->max_line);
	if (s->failed == FAIL_ROW)
		return ms_err_set(err, "%s:%ld: %s", u->name, lineno + s->fail_at, s->e.msg);
	u->r->lines += s->rows;
	if (u->want_out) {
		sink_flush(&u->out);
		sink_write(&u->out, s->out, s->out_len);
	}
	while (p < end) {
		struct rej_rec rr;

		memcpy(&rr, p, sizeof(rr));
		p += sizeof(rr);
		snprintf(why, sizeof(why), "line %ld: %.*s", lineno + rr.at, (int)rr.why_len, p + rr.len);
		reject(&u->rej, p, rr.len, why);
		u->r->rejected++;
		p += rr.len + rr.why_len;
	}
	u->consumed += s->in_len;
	if (u->o->progress)
		run_progress(u);
	return 0;
}

/* The workers' totals into the run's, city by city. */
static void run_totals(struct run *u)
{
	const struct calc_def *d = u->d;
	int i;
	size_t k;

	for (i = 0; i < (u->nworker ? u->nworker : 1); i++) {
		struct worker *w = &u->w[i];

		batch_sums_add(d, &u->r->base, &w->base);
		batch_sums_add(d, &u->r->reform, &w->reform);
		batch_diff_add(&u->r->diff, &w->diff);
		for (k = 0; k < w->a.n; k++) {
			const struct batch_group *g = &w->a.g[k];
			struct batch_group *to = group_of(u->a, g->code[0] ? g->code : NULL);

			batch_sums_add(d, &to->base, &g->base);
			batch_sums_add(d, &to->reform, &g->reform);
			batch_diff_add(&to->diff, &g->diff);
		}
	}
	for (k = 0; k < u->a->n; k++) {
		batch_sums_add(d, &u->r->base, &u->a->g[k].base);
		batch_sums_add(d, &u->r->reform, &u->a->g[k].reform);
		batch_diff_add(&u->r->diff, &u->a->g[k].diff);
	}
}

/* The threads and the ring of blocks: one thread (no worker) with on_row or when asked. */
static void run_start(struct run *u)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = u->o->threads > 0 ? u->o->threads : cpus > 0 ? (int)cpus : 1, i;
	sigset_t old;

	if (want > MAX_THREADS)
		want = MAX_THREADS;
	if (u->o->on_row)
		want = 1;
	u->nthread = want > 1 ? want : 0;
	u->w = calloc((size_t)(u->nthread ? u->nthread : 1), sizeof(*u->w));
	u->nslot = u->nthread ? 2 * (size_t)u->nthread + 2 : 1;
	u->slot = calloc(u->nslot, sizeof(*u->slot));
	if (!u->w || !u->slot)
		abort();
	u->row_extra = 1 + u->d->noutputs * (MS_FIXED_STR_MAX + 1) * (u->o->reform ? 2 : 1);
	for (i = 0; i < (int)u->nslot; i++) {
		/* zeroed: scan_line and line_commas read up to 64 bytes past a line, never undefined ones */
		u->slot[i].in = calloc(1, u->cap + PAD);
		u->slot[i].rej = (struct ms_buf)MS_BUF_INIT;
		if (!u->slot[i].in)
			abort();
	}
	pthread_mutex_init(&u->mu, NULL);
	pthread_cond_init(&u->work, NULL);
	pthread_cond_init(&u->done, NULL);
	for (i = 0; i < (u->nthread ? u->nthread : 1); i++) {
		struct worker *w = &u->w[i];

		w->u = u;
		w->f = (struct ms_fields)MS_FIELDS_INIT;
		w->cp = (struct ms_buf)MS_BUF_INIT;
		calc_ctx_init(&w->cb, u->o->base, NULL, &w->e);
		calc_ctx_init(&w->cr, u->o->reform ? u->o->reform : u->o->base, NULL, &w->e);
		agg_init(u->d, &w->a);
	}
	sink_block_signals(&old);   /* the workers inherit the mask: the signals go to this thread */
	for (i = 0; i < u->nthread; i++) {
		if (pthread_create(&u->w[i].th, NULL, worker_main, &u->w[i]))
			break;
		u->nworker++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * Reads blocks into free slots, and writes computed ones in file order; the
 * first failure in file order ends the run. 0, or -1 with err.
 */
static int run_blocks(struct run *u, struct ms_err *err)
{
	long lineno = ms_lines_lineno(u->ln);
	int rc = 0, eof = 0, got, read_failed = 0;
	struct ms_err rerr;
	struct slot *s;

	pthread_mutex_lock(&u->mu);
	for (;;) {
		s = &u->slot[u->written % u->nslot];
		if (u->written < u->filled && s->state == SLOT_DONE) {
			pthread_mutex_unlock(&u->mu);
			rc = block_write(u, s, lineno, err);
			lineno += s->nlines;
			pthread_mutex_lock(&u->mu);
			s->state = SLOT_FREE;
			u->written++;
			if (rc)
				break;
			continue;
		}
		if (!eof && u->filled - u->written < u->nslot) {
			s = &u->slot[u->filled % u->nslot];
			pthread_mutex_unlock(&u->mu);
			got = ms_lines_block(u->ln, s->in, u->cap, u->want, &s->in_len, &s->cut, &rerr);
			eof = got <= 0;
			read_failed = got < 0;
			if (got > 0 && !u->nworker)
				block_run(&u->w[0], s);
			pthread_mutex_lock(&u->mu);
			if (got > 0) {
				s->state = u->nworker ? SLOT_READY : SLOT_DONE;
				u->filled++;
				pthread_cond_signal(&u->work);
			}
			continue;
		}
		if (u->written == u->filled)
			break;
		pthread_cond_wait(&u->done, &u->mu);
	}
	u->quit = 1;
	pthread_cond_broadcast(&u->work);
	pthread_mutex_unlock(&u->mu);
	if (!rc && read_failed) {
		*err = rerr;
		rc = -1;
	}
	return rc;
}

/* Every data line; a bad one fails the run, or with skip_bad goes to the rejects. */
static int run_rows(struct run *u, struct ms_err *err)
{
	int rc, i;

	fast_setup(u);
	kernel_setup(u);
	u->r->kernel = u->kernel;
	run_start(u);
	rc = run_blocks(u, err);
	for (i = 0; i < u->nworker; i++)
		pthread_join(u->w[i].th, NULL);
	if (rc)
		return -1;
	run_totals(u);
	if (u->o->progress)
		fprintf(stderr, "\r已处理 %llu 行（100%%）\n", (unsigned long long)u->r->lines);
	if (u->r->base.overflow || u->r->reform.overflow || u->r->diff.overflow)
		return ms_err_set(err, "%s: the totals pass %lld 分 (合计超出范围); split the file", u->name,
				  (long long)INT64_MAX);
	return 0;
}

/* The threads' and blocks' memory. */
static void run_free_blocks(struct run *u)
{
	size_t i;

	for (i = 0; u->w && i < (size_t)(u->nthread ? u->nthread : 1); i++) {
		ms_fields_release(&u->w[i].f);
		ms_buf_release(&u->w[i].cp);
		free(u->w[i].a.g);
	}
	for (i = 0; u->slot && i < u->nslot; i++) {
		free(u->slot[i].in);
		free(u->slot[i].out);
		ms_buf_release(&u->slot[i].rej);
	}
	if (u->slot) {
		pthread_mutex_destroy(&u->mu);
		pthread_cond_destroy(&u->work);
		pthread_cond_destroy(&u->done);
	}
	free(u->w);
	free(u->slot);
}

/* Commits or drops the outputs, hands over the groups, frees; the run's result. */
static int run_close(struct run *u, int rc, struct ms_err *err)
{
	struct batch_result *r = u->r;

	if (u->want_out && u->out.buf && sink_close(&u->out, rc == 0, rc ? NULL : err))
		rc = -1;
	if (u->has_rej && sink_close(&u->rej, rc == 0, rc ? NULL : err))
		rc = -1;
	if (rc == 0 && r->has_region) {
		if (u->a->n > 1)
			qsort(u->a->g, u->a->n, sizeof(*u->a->g), batch_group_cmp);
		r->city = u->a->g;
		r->n_city = u->a->n;
		u->a->g = NULL;
	}
	if (rc == 0 && u->has_rej && !r->rejected) {
		unlink(r->rejects_path);
		r->rejects_path[0] = '\0';
	}
	if (u->a)
		free(u->a->g);
	free(u->a);
	run_free_blocks(u);
	free(u->header);
	ms_fields_release(&u->f);
	ms_lines_free(u->ln);
	if (u->fd > 0)
		close(u->fd);
	return rc;
}

int batch_run(const struct batch_opts *o, struct batch_result *r, struct ms_err *err)
{
	struct run *u = calloc(1, sizeof(*u));
	int rc;

	if (!u)
		abort();
	memset(r, 0, sizeof(*r));
	u->o = o;
	u->d = o->def;
	u->r = r;
	u->name = strcmp(o->in_path, "-") ? o->in_path : "(stdin)";
	u->f = (struct ms_fields)MS_FIELDS_INIT;
	u->out.fd = u->rej.fd = -1;
	u->next_progress = 1 << 20;
	u->want_out = !o->no_output && (!o->reform || o->out_path);
	if (run_open(u, err)) {
		free(u);
		return -1;
	}
	rc = run_header(u, err) || run_defaults(u, err) || run_sinks(u, err) || run_rows(u, err) ? -1 : 0;
	rc = run_close(u, rc, err);
	free(u);
	return rc;
}

void batch_result_release(struct batch_result *r)
{
	free(r->city);
	r->city = NULL;
	r->n_city = 0;
}
