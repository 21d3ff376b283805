/*
 * batch_rows.c - a block's rows for batch.c: each line split, set, run,
 * added up and appended to the block's output. The general path reads any
 * CSV; the fast path reads dibao's known columns in their plainest forms,
 * and the kernel computes those rows straight from the fixed standards.
 * Nothing per row allocates.
 */
#include "batch_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "core/banned.h"

/* ---------- totals ---------- */

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

struct batch_group *batch_group_of(struct agg *a, const char *region)
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

/*
 * Formula neutralising of the copied lines (the header, the rows, the
 * rejects): a line is copied as it came unless a text cell (a column no
 * calculator field reads, or one past the header's) begins with a formula
 * prefix (= + - @ TAB CR); only then is it rewritten field by field, that cell
 * with a leading ' (ms_csv_put_text). Normal data stays byte for byte. Both
 * only read the run: the workers call them, each with its own fields and buffer.
 */
int batch_line_risky(const struct run *u, const struct ms_fields *f)
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
void batch_line_neutral(const struct run *u, const struct ms_fields *f, struct ms_buf *b)
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
/* The row's totals, by city when there are regions, else overall, into the worker's. */
static inline void row_sums(struct worker *w, const struct calc_in *in, const struct calc_out *ob,
			    const struct calc_out *orf)
{
	const struct calc_def *d = w->u->d;
	struct agg *a = &w->a;

	if (w->u->r->has_region) {   /* the totals are the cities' added up at the end */
		struct batch_group *g = batch_group_of(a, region_of(d, in));

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
		o->on_row(w->row_arg, &in, &ob, o->reform ? &orf : NULL);
	row_sums(w, &in, &ob, o->reform ? &orf : NULL);
	if (u->want_out) {
		if (batch_line_risky(u, &w->f)) {
			batch_line_neutral(u, &w->f, &w->cp);
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

	if (u->kernel)
		return kernel_row(w, s, line, len, sc);
	memcpy(&in, &u->tmpl, sizeof(in));
	if (fast_fields(u, &in, line, len, sc) || calc_run(d, &w->cb, &in, &ob) ||
	    (o->reform && calc_run(d, &w->cr, &in, &orf)))
		return 1;
	if (o->on_row)
		o->on_row(w->row_arg, &in, &ob, o->reform ? &orf : NULL);
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

	if (!ms_fields_split(&w->f, line, len, MAX_FIELDS, 1, &e) && batch_line_risky(w->u, &w->f)) {
		batch_line_neutral(w->u, &w->f, &w->cp);
		line = w->cp.buf;
		len = w->cp.len;
	}
	rr = (struct rej_rec){ at, len, strlen(why) };

	ms_buf_add(&s->rej, (const char *)&rr, sizeof(rr));
	ms_buf_add(&s->rej, line, len);
	ms_buf_add(&s->rej, why, rr.why_len);
}

/* Every line of a block; stops at the first failure unless bad rows are set aside. */
void batch_block_run(struct worker *w, struct slot *s)
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

void batch_rows_setup(struct run *u)
{
	fast_setup(u);
	kernel_setup(u);
}
