/*
 * batch.c - the payroll engine: the input opened, the header made a field
 * map, the defaults and the sinks set; then the main thread reads blocks of
 * whole lines into a ring, worker threads compute them (batch_rows.c), and
 * the main thread writes them in file order, with the rejects and the first
 * failure; the workers' totals added up at the end.
 */
#include "batch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/money.h"
#include "core/banned.h"

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
	int fi, zh = 0;

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	snprintf(nm, sizeof(nm), "%.*s", (int)(n - k > 63 ? 63 : n - k), p + k);
	fi = n - k < 64 ? calc_field_by_header(d, nm, &zh) : -1;
	u->zh_header |= fi >= 0 && zh;
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
		if (!strcmp(nm, d->outputs[k].name) || !strcmp(nm, d->outputs[k].label))
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


/* The header (split in u->f) into s, neutralised when it must be. */
static void put_header(struct run *u, struct sink *s)
{
	struct ms_buf b = MS_BUF_INIT;

	if (!batch_line_risky(u, &u->f)) {
		sink_add(s, u->header, u->hdr_len);
		return;
	}
	batch_line_neutral(u, &u->f, &b);
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
			return ms_err_set(err, "%s: cannot create: %s", o->out_path, strerror(errno));
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->out, "\xEF\xBB\xBF", 3);
		put_header(u, &u->out);
		for (i = 0; i < d->noutputs * (o->reform ? 2 : 1); i++) {
			const struct calc_output *out = &d->outputs[i % d->noutputs];
			const char *nm = u->zh_header ? out->label : out->name;
			const char *pre = i < d->noutputs ? "" : u->zh_header ? "改革后" : "reform_";

			sink_add(&u->out, ",", 1);
			sink_add(&u->out, pre, strlen(pre));
			sink_add(&u->out, nm, strlen(nm));
		}
		sink_add(&u->out, "\n", 1);
	}
	if (o->skip_bad) {
		snprintf(u->r->rejects_path, sizeof(u->r->rejects_path), "%s%s", o->out_path ? o->out_path : "batch",
			 ".rejects.csv");
		if (sink_open(&u->rej, u->r->rejects_path))
			return ms_err_set(err, "%s: cannot create: %s", u->r->rejects_path, strerror(errno));
		u->has_rej = 1;
		if (ms_lines_had_bom(u->ln))
			sink_add(&u->rej, "\xEF\xBB\xBF", 3);
		put_header(u, &u->rej);
		if (u->zh_header)
			sink_add(&u->rej, ",拒收原因\n", strlen(",拒收原因\n"));
		else
			sink_add(&u->rej, ",error\n", 7);
	}
	return 0;
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
		batch_block_run(w, s);
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
			struct batch_group *to = batch_group_of(u->a, g->code[0] ? g->code : NULL);

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

/* The threads and the ring of blocks: one thread (no worker) when asked or with on_row (with row_args: as many as given). */
static void run_start(struct run *u)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = u->o->threads > 0 ? u->o->threads : cpus > 0 ? (int)cpus : 1, i;
	sigset_t old;

	if (want > MAX_THREADS)
		want = MAX_THREADS;
	if (u->o->on_row) {   /* one thread, or one per argument given */
		int most = u->o->row_args && u->o->nrow_args > 0 ? u->o->nrow_args : 1;

		if (want > most)
			want = most;
	}
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
		w->row_arg = u->o->row_args ? u->o->row_args[i] : u->o->arg;
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
				batch_block_run(&u->w[0], s);
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

	batch_rows_setup(u);
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
