/*
 * batch.c - the payroll engine: header → field map, then per line: split,
 * set, run, append, aggregate. Nothing per row allocates.
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/lines.h"
#include "core/money.h"
#include "core/json.h"
#include "core/banned.h"

#define OUT_CHUNK ((size_t)1 << 20)
#define MAX_FIELDS 1024
#define NO_REGION 10000

/* A file written through a buffer into a temporary name, renamed at the end. */
struct sink {
	int fd;
	char path[4200], tmp[4250];
	char *buf;
	size_t len;
	int failed;
	char why[256];
};

/*
 * The temporary files (PATH.tmp-PID) are removed on every exit: an error
 * (sink_close), SIGINT, SIGTERM or SIGHUP (tmp_on_signal, when nobody else
 * handles them). One left by a kill -9 is removed by the next run on the same
 * output (tmp_sweep): its writer held an flock on it while alive, and its PID
 * is gone.
 */
#define TMP_SLOTS 2
static char g_tmp[TMP_SLOTS][4250];
static volatile sig_atomic_t g_tmp_used[TMP_SLOTS];

static void tmp_on_signal(int sig)
{
	int i;

	for (i = 0; i < TMP_SLOTS; i++)
		if (g_tmp_used[i])
			unlink(g_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void tmp_guard(const char *tmp, int on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction old, act;
	int i;

	for (i = 0; i < TMP_SLOTS; i++) {
		if (on && !g_tmp_used[i]) {
			snprintf(g_tmp[i], sizeof(g_tmp[i]), "%s", tmp);
			g_tmp_used[i] = 1;
			break;
		}
		if (!on && g_tmp_used[i] && !strcmp(g_tmp[i], tmp)) {
			g_tmp_used[i] = 0;
			break;
		}
	}
	if (!on)
		return;
	memset(&act, 0, sizeof(act));
	act.sa_handler = tmp_on_signal;
	for (i = 0; i < 3; i++)
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &act, NULL);
}

/* Removes PATH.tmp-PID files of writers that are gone (no lock held, no such process). */
static void tmp_sweep(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4200], prefix[4250], full[8500];
	size_t plen;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 2, slash ? path : "./");
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.tmp-", slash ? slash + 1 : path);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char *end;
		long pid;
		int fd;

		if (strncmp(e->d_name, prefix, plen) || !e->d_name[plen])
			continue;
		pid = strtol(e->d_name + plen, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || !(kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		snprintf(full, sizeof(full), "%s%s", dir, e->d_name);
		if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		if (!flock(fd, LOCK_EX | LOCK_NB))
			unlink(full);
		close(fd);
	}
	closedir(d);
}

static int sink_open(struct sink *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->buf = malloc(OUT_CHUNK + 4096);
	if (!s->buf)
		abort();
	if (!path) {
		s->fd = 1;
		return 0;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(s->tmp, sizeof(s->tmp), "%s.tmp-%ld", path, (long)getpid());
	tmp_sweep(path);
	s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->fd < 0)
		return -1;
	flock(s->fd, LOCK_EX | LOCK_NB);   /* held while this process lives */
	tmp_guard(s->tmp, 1);
	return 0;
}

/* Writes p[0..n) whole, or marks the sink failed with the reason. */
static void sink_write(struct sink *s, const char *p, size_t n)
{
	size_t off = 0;
	ssize_t w;

	while (off < n && !s->failed) {
		w = write(s->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
			break;
		}
		off += (size_t)w;
	}
}

static void sink_flush(struct sink *s)
{
	sink_write(s, s->buf, s->len);
	s->len = 0;
}

static inline void sink_add(struct sink *s, const char *p, size_t n)
{
	if (s->len + n > OUT_CHUNK) {
		sink_flush(s);
		if (n > OUT_CHUNK) {
			sink_write(s, p, n);
			return;
		}
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* Flushes, closes and renames into place (commit) or removes the temporary file. */
static int sink_close(struct sink *s, int commit, struct ms_err *err)
{
	int rc = 0;

	if (commit)
		sink_flush(s);
	if (s->path[0]) {
		if (close(s->fd) && !s->failed) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
		}
		if (commit && !s->failed && rename(s->tmp, s->path)) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
		}
		if (!commit || s->failed)
			unlink(s->tmp);
		tmp_guard(s->tmp, 0);
	}
	if (commit && s->failed)
		rc = ms_err_set(err, "%s: cannot write: %s", s->path[0] ? s->path : "stdout", s->why);
	free(s->buf);
	s->buf = NULL;
	return rc;
}

/* ---------- aggregation ---------- */

struct agg {
	int eligible_out;           /* index of the "eligible" output, or -1 */
	int groups_of[NO_REGION + 1];
	struct batch_group *g;
	size_t n, alloc;
};

static void sums_add(const struct calc_def *d, const struct agg *a, struct batch_sums *s,
		     const struct calc_out *o)
{
	size_t i;

	s->rows++;
	if (a->eligible_out >= 0 ? o->v[a->eligible_out] : o->v[d->money_out] > 0)
		s->eligible++;
	if (o->v[d->money_out] > 0)
		s->paid++;
	for (i = 0; i < d->noutputs; i++)
		if (d->outputs[i].summable && __builtin_add_overflow(s->money[i], o->v[i], &s->money[i]))
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

static struct batch_group *group_of(struct agg *a, const char *region)
{
	int key = NO_REGION, i;

	if (region && region[0]) {
		key = 0;
		for (i = 0; i < 4; i++)
			key = key * 10 + (region[i] - '0');
	}
	if (a->groups_of[key] < 0) {
		if (a->n == a->alloc) {
			a->alloc = a->alloc ? a->alloc * 2 : 16;
			a->g = realloc(a->g, a->alloc * sizeof(*a->g));
			if (!a->g)
				abort();
		}
		memset(&a->g[a->n], 0, sizeof(a->g[a->n]));
		if (key != NO_REGION)
			snprintf(a->g[a->n].code, sizeof(a->g[a->n].code), "%04d00", key);
		a->groups_of[key] = (int)a->n++;
	}
	return &a->g[a->groups_of[key]];
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

static int cmp_group(const void *a, const void *b)
{
	const struct batch_group *x = a, *y = b;

	if (!x->code[0] != !y->code[0])
		return x->code[0] ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* ---------- the run ---------- */

/* Appends ",v1,v2,..." in one copy: money as yuan with two decimals, bools 1/0. */
static void add_outputs(struct sink *s, const struct calc_def *d, const struct calc_out *o)
{
	char buf[CALC_OUT_MAX * (MS_FIXED_STR_MAX + 1)];
	size_t i, n = 0;

	for (i = 0; i < d->noutputs; i++) {
		buf[n++] = ',';
		if (d->outputs[i].type == CO_BOOL)
			buf[n++] = o->v[i] ? '1' : '0';
		else
			n += ms_fixed_str(buf + n, o->v[i], d->outputs[i].type == CO_MONEY ? 2 : 0);
	}
	sink_add(s, buf, n);
}

/* One run of batch_run: what its stages share. */
struct run {
	const struct batch_opts *o;
	const struct calc_def *d;
	struct batch_result *r;
	const char *name;             /* the input as messages call it */
	int fd;
	unsigned long long total, next_progress;
	struct ms_lines *ln;
	struct ms_fields f;
	struct sink out, rej;
	int want_out, has_rej;
	struct agg *a;
	char *header;
	size_t hdr_len, ncols;
	int col_field[MAX_FIELDS];    /* per column: its field, or -1 */
	int field_col[32];            /* per field: its column, or -1 */
	struct calc_in tmpl;          /* the defaults every row starts from */
	struct calc_ctx cb, cr;
};

/* Opens the input and the aggregation. */
static int run_open(struct run *u, struct ms_err *err)
{
	const struct calc_def *d = u->d;
	struct stat sb;
	size_t i;

	u->fd = strcmp(u->o->in_path, "-") ? open(u->o->in_path, O_RDONLY | O_CLOEXEC) : 0;
	if (u->fd < 0)
		return ms_err_set(err, "%s: cannot open: %s", u->o->in_path, strerror(errno));
	if (!fstat(u->fd, &sb) && S_ISREG(sb.st_mode))
		u->total = (unsigned long long)sb.st_size;
	u->ln = ms_lines_open(u->fd, u->name, u->o->max_line);
	u->a = calloc(1, sizeof(*u->a));
	if (!u->a)
		abort();
	memset(u->a->groups_of, -1, sizeof(u->a->groups_of));
	u->a->eligible_out = -1;
	for (i = 0; i < d->noutputs; i++)
		if (!strcmp(d->outputs[i].name, "eligible"))
			u->a->eligible_out = (int)i;
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
 * A copied line (the header, a row) as it came, or, when a text column (one
 * no calculator field reads) begins with a formula prefix (= + - @ TAB CR),
 * field by field with that cell given a leading ' (ms_csv_put_text): normal
 * data stays byte for byte. u->f holds the line's fields.
 */
static void copy_fields(struct run *u, struct sink *s, const char *line, size_t len)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t i;
	int risky = 0;

	for (i = 0; i < u->f.n; i++)
		risky |= (i >= u->ncols || u->col_field[i] < 0) && ms_csv_formula_risk(u->f.p[i], u->f.len[i]);
	if (!risky) {
		sink_add(s, line, len);
		return;
	}
	for (i = 0; i < u->f.n; i++) {
		if (i)
			ms_buf_addch(&b, ',');
		if (i >= u->ncols || u->col_field[i] < 0)
			ms_csv_put_text(&b, u->f.p[i], u->f.len[i]);
		else
			ms_csv_put_field(&b, u->f.p[i], u->f.len[i]);
	}
	sink_add(s, b.buf, b.len);
	ms_buf_release(&b);
}

/* copy_fields of a line split here; one that does not split is copied as it came */
static void copy_split(struct run *u, struct sink *s, const char *line, size_t len)
{
	struct ms_err e;

	if (ms_fields_split(&u->f, line, len, MAX_FIELDS, 1, &e))
		sink_add(s, line, len);
	else
		copy_fields(u, s, line, len);
}

static void reject(struct run *u, const char *line, size_t len, const char *why)
{
	struct ms_buf b = MS_BUF_INIT;

	copy_split(u, &u->rej, line, len);
	ms_buf_addch(&b, ',');
	ms_csv_put_field(&b, why, strlen(why));
	ms_buf_addch(&b, '\n');
	sink_add(&u->rej, b.buf, b.len);
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
			return ms_err_set(err, "%s: cannot create: %s", u->out.tmp, strerror(errno));
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->out, "\xEF\xBB\xBF", 3);
		copy_split(u, &u->out, u->header, u->hdr_len);
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
			return ms_err_set(err, "%s: cannot create: %s", u->rej.tmp, strerror(errno));
		u->has_rej = 1;
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->rej, "\xEF\xBB\xBF", 3);
		copy_split(u, &u->rej, u->header, u->hdr_len);
		sink_add(&u->rej, ",error\n", 7);
	}
	return 0;
}

static void run_progress(struct run *u)
{
	unsigned long long at = ms_lines_offset(u->ln);

	if (at < u->next_progress)
		return;
	u->next_progress = at + (8u << 20);
	if (u->total)
		fprintf(stderr, "\r已处理 %llu 行（%llu%%）", (unsigned long long)u->r->lines, at * 100 / u->total);
	else
		fprintf(stderr, "\r已处理 %llu 行", (unsigned long long)u->r->lines);
}

/* The row's totals, overall and by city. */
static inline void row_sums(struct run *u, const struct calc_in *in, const struct calc_out *ob,
			    const struct calc_out *orf)
{
	const struct calc_def *d = u->d;
	struct batch_result *r = u->r;
	struct agg *a = u->a;

	sums_add(d, a, &r->base, ob);
	if (r->has_region) {
		struct batch_group *g = group_of(a, region_of(d, in));

		sums_add(d, a, &g->base, ob);
		if (orf) {
			sums_add(d, a, &g->reform, orf);
			diff_add(d, a, &g->diff, ob, orf);
		}
	}
	if (orf) {
		sums_add(d, a, &r->reform, orf);
		diff_add(d, a, &r->diff, ob, orf);
	}
}

/* One data line: split, set, run, add up, write; -1 with e filled when the row is bad. */
static inline int run_row(struct run *u, const char *line, size_t len, struct ms_err *e)
{
	const struct calc_def *d = u->d;
	const struct batch_opts *o = u->o;
	struct calc_in in;
	struct calc_out ob, orf;
	size_t i;

	if (ms_fields_split(&u->f, line, len, MAX_FIELDS, 1, e))
		return -1;
	if (u->f.n != u->ncols)
		return ms_err_set(e, "%zu fields where the header has %zu (字段数与表头不符)", u->f.n, u->ncols);
	memcpy(&in, &u->tmpl, sizeof(in));
	for (i = 0; i < u->ncols; i++) {
		int fi = u->col_field[i];

		if (fi < 0 || (!u->f.len[i] && (u->tmpl.seen & (1u << fi))))
			continue;
		if (calc_set(d, &in, fi, u->f.p[i], u->f.len[i], e))
			return -1;
	}
	if (calc_run(d, &u->cb, &in, &ob))
		return -1;
	if (o->reform && calc_run(d, &u->cr, &in, &orf))
		return -1;
	if (o->on_row)
		o->on_row(o->arg, &in, &ob, o->reform ? &orf : NULL);
	row_sums(u, &in, &ob, o->reform ? &orf : NULL);
	if (u->want_out) {
		copy_fields(u, &u->out, line, len);
		add_outputs(&u->out, d, &ob);
		if (o->reform)
			add_outputs(&u->out, d, &orf);
		sink_add(&u->out, "\n", 1);
	}
	return 0;
}

/* Every data line; a bad one fails the run, or with skip_bad goes to the rejects. */
static int run_rows(struct run *u, struct ms_err *err)
{
	const char *line;
	size_t len;
	struct ms_err e;
	int got;

	calc_ctx_init(&u->cb, u->o->base, NULL, &e);
	calc_ctx_init(&u->cr, u->o->reform ? u->o->reform : u->o->base, NULL, &e);
	while ((got = ms_lines_next(u->ln, &line, &len, err)) == 1) {
		char why[1100];

		if (!len)
			continue;
		u->r->lines++;
		if (u->o->progress)
			run_progress(u);
		if (!run_row(u, line, len, &e))
			continue;
		if (!u->o->skip_bad)
			return ms_err_set(err, "%s:%ld: %s", u->name, ms_lines_lineno(u->ln), e.msg);
		u->r->rejected++;
		snprintf(why, sizeof(why), "line %ld: %s", ms_lines_lineno(u->ln), e.msg);
		reject(u, line, len, why);
	}
	if (got < 0)
		return -1;
	if (u->o->progress)
		fprintf(stderr, "\r已处理 %llu 行（100%%）\n", (unsigned long long)u->r->lines);
	if (u->r->base.overflow || u->r->reform.overflow || u->r->diff.overflow)
		return ms_err_set(err, "%s: the totals pass %lld 分 (合计超出范围); split the file", u->name,
				  (long long)INT64_MAX);
	return 0;
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
			qsort(u->a->g, u->a->n, sizeof(*u->a->g), cmp_group);
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

/* ---------- the simulation as JSON (simulate --json, POST /api/v1/simulate) ---------- */

const char *batch_city_name(const struct plan_orgs *orgs, const char *code)
{
	const struct plan_org *o;

	if (!code[0])
		return "（未填区划）";
	o = orgs ? plan_orgs_find(orgs, code) : NULL;
	return o ? o->name : "（未知区划）";
}

static char *yuan(char buf[40], int64_t fen)
{
	ms_fixed_str(buf, fen, 2);
	return buf;
}

static json_t *side_json(const struct calc_def *d, const struct batch_sums *s)
{
	char b[40];
	int64_t m = s->money[d->money_out];
	json_t *o = json_object();

	if (d->kind == CALC_LOAN) {
		json_object_set_new(o, "cost", json_string(yuan(b, m)));
	} else {
		json_object_set_new(o, "monthly_cost", json_string(yuan(b, m)));
		json_object_set_new(o, "annual_cost", json_string(yuan(b, m * 12)));
	}
	json_object_set_new(o, "beneficiaries", json_integer((json_int_t)s->paid));
	json_object_set_new(o, "eligible", json_integer((json_int_t)s->eligible));
	return o;
}

static json_t *diff_json(const struct calc_def *d, const struct batch_sums *b,
			 const struct batch_sums *r, const struct batch_diff *x)
{
	json_t *o = json_object();
	char t[40];
	int64_t delta = r->money[d->money_out] - b->money[d->money_out];

	json_object_set_new(o, d->kind == CALC_LOAN ? "cost_change" : "monthly_cost_change",
			    json_string(yuan(t, delta)));
	if (d->kind != CALC_LOAN)
		json_object_set_new(o, "annual_cost_change", json_string(yuan(t, delta * 12)));
	json_object_set_new(o, "newly_eligible", json_integer((json_int_t)x->newly_eligible));
	json_object_set_new(o, "no_longer_eligible", json_integer((json_int_t)x->no_longer_eligible));
	json_object_set_new(o, "winners", json_integer((json_int_t)x->winners));
	json_object_set_new(o, "losers", json_integer((json_int_t)x->losers));
	json_object_set_new(o, "gain", json_string(yuan(t, x->gain)));
	json_object_set_new(o, "loss", json_string(yuan(t, x->loss)));
	return o;
}

json_t *batch_sim_json(const struct calc_def *d, const struct batch_result *r, const char *file,
		       const char *const *reforms, size_t nreform, int by_city,
		       const char *(*name)(void *arg, const char *code), void *arg)
{
	json_t *doc = json_object(), *refs = json_array(), *cities = json_array();
	size_t i;

	json_object_set_new(doc, "calc", json_string(d->name));
	json_object_set_new(doc, "file", json_string(file));
	for (i = 0; i < nreform; i++) {
		const char *eq = strchr(reforms[i], '=');

		if (eq)
			json_array_append_new(refs, json_pack("{s:s%, s:s}", "key", reforms[i],
							      (size_t)(eq - reforms[i]), "value", eq + 1));
	}
	json_object_set_new(doc, "reform", refs);
	json_object_set_new(doc, "rows", json_integer((json_int_t)r->base.rows));
	json_object_set_new(doc, "baseline", side_json(d, &r->base));
	json_object_set_new(doc, "reformed", side_json(d, &r->reform));
	json_object_set_new(doc, "change", diff_json(d, &r->base, &r->reform, &r->diff));
	for (i = 0; i < r->n_city && by_city; i++) {
		json_t *c = json_object();

		json_object_set_new(c, "code", r->city[i].code[0] ? json_string(r->city[i].code) : json_null());
		json_object_set_new(c, "name", json_string(name(arg, r->city[i].code)));
		json_object_set_new(c, "rows", json_integer((json_int_t)r->city[i].base.rows));
		json_object_set_new(c, "baseline", side_json(d, &r->city[i].base));
		json_object_set_new(c, "reformed", side_json(d, &r->city[i].reform));
		json_object_set_new(c, "change", diff_json(d, &r->city[i].base, &r->city[i].reform,
							   &r->city[i].diff));
		json_array_append_new(cities, c);
	}
	json_object_set_new(doc, "by_city", by_city ? cities : (json_decref(cities), json_null()));
	return doc;
}
