/*
 * fuzz_batch.c - libFuzzer target for the payroll engine (batch_run) on
 * arbitrary CSV. The first byte chooses:
 *   bits 0-1  the calculator (loan, dibao, disability, orphan);
 *   bit 2     whether defaults ("--month 2023-07" and the like) apply;
 *   bit 3     a short max_line (64) instead of 4096;
 *   bit 4     simulate against the same parameters (reform = base);
 *   bit 5     which of the two runs is repeated on 3 threads in small blocks;
 *   bits 6-7  the block size of that run (8, 15, 22 or 29 bytes past max_line).
 * The rest is the input file, written to a memfd and read back through
 * /proc/self/fd/N. Each input runs twice, without and with --skip-bad,
 * writing into a per-process temporary folder. Checked:
 *   - a failed run leaves no output file, no rejects file and no temporary
 *     file (batch.h: "a bad row leaves no output"); a good one leaves the
 *     output, and a rejects file exactly when rows were rejected;
 *   - the counts agree: rows = lines - rejected = output lines - 1 =
 *     rows seen by on_row; rejects lines - 1 = rejected; the by-city
 *     groups add up to the total and come in code order;
 *   - the output's header ends with the computed columns (and reform_
 *     ones when simulating) and every row has as many fields as it;
 *   - every row's result equals a fresh calc_run with a trace (the batch
 *     path runs without one and caches lookups);
 *   - a run that succeeds without --skip-bad succeeds with it, rejecting
 *     nothing and writing the same bytes, and the other way round;
 *   - simulating against the same parameters changes nothing;
 *   - 3 threads in small blocks (without on_row, which runs on one thread)
 *     and every row through the general splitter and setters (no fast path
 *     for dibao's known columns) give the same result, message, output and
 *     rejects as one thread; and so do 2 threads on the fast path without
 *     on_row, where dibao's plain rows go through the kernel (standards
 *     fixed for the run).
 * The parameters are the shipped data/params/jiangxi.json ($MINSHENG_DATA
 * or MS_DATADIR), loaded once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create, mkdtemp, when built outside meson */
#endif
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lines.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/params.h"

#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct params ps;
static int loaded, memfd = -1;
static char dir[64], in_path[64], out_path[128], rej_path[160];

static void cleanup(void)
{
	unlink(out_path);
	unlink(rej_path);
	rmdir(dir);
}

static void setup(void)
{
	const char *d = getenv("MINSHENG_DATA");
	struct ms_err err;
	char path[4096];

	snprintf(path, sizeof(path), "%s/params/jiangxi.json", d && *d ? d : MS_DATADIR);
	if (params_load(&ps, path, &err)) {
		fprintf(stderr, "fuzz_batch: %s\n", err.msg);
		abort();
	}
	snprintf(dir, sizeof(dir), "/tmp/fuzz_batch.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(out_path, sizeof(out_path), "%s/out.csv", dir);
	snprintf(rej_path, sizeof(rej_path), "%s/out.csv.rejects.csv", dir);
	memfd = memfd_create("fuzz_batch", MFD_CLOEXEC);
	if (memfd < 0)
		abort();
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", memfd);
	atexit(cleanup);
	loaded = 1;
}

/* Files in the folder other than the output and the rejects: temporaries left behind. */
static int leftovers(void)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!dp)
		abort();
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "out.csv") && strcmp(e->d_name, "out.csv.rejects.csv")) {
			fprintf(stderr, "fuzz_batch: left behind: %s/%s\n", dir, e->d_name);
			n++;
		}
	closedir(dp);
	return n;
}

/* The file's bytes into b; -1 when it does not exist. */
static int slurp(const char *path, struct ms_buf *b)
{
	char tmp[4096];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	ms_buf_reset(b);
	if (fd < 0)
		return -1;
	while ((r = read(fd, tmp, sizeof(tmp))) > 0)
		ms_buf_add(b, tmp, (size_t)r);
	close(fd);
	return 0;
}

static uint64_t count_lf(const struct ms_buf *b)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < b->len; i++)
		n += b->buf[i] == '\n';
	return n;
}

/* ---- every row again, through a fresh traced run ---- */

struct row_check {
	const struct calc_def *d;
	uint64_t rows;
};

static void same_out(const struct calc_def *d, const struct calc_out *a, const struct calc_out *b)
{
	size_t i;

	for (i = 0; i < d->noutputs; i++)
		if (a->v[i] != b->v[i]) {
			fprintf(stderr, "fuzz_batch: %s output %s: %lld against %lld\n", d->name,
				d->outputs[i].name, (long long)a->v[i], (long long)b->v[i]);
			abort();
		}
	if (strcmp(a->reason, b->reason))
		abort();
}

static void on_row(void *arg, const struct calc_in *in, const struct calc_out *base,
		   const struct calc_out *reform)
{
	struct row_check *rc = arg;
	struct calc_ctx cx;
	struct calc_out o;
	struct ms_err err;
	json_t *trace = json_array();

	rc->rows++;
	calc_ctx_init(&cx, &ps, trace, &err);
	if (calc_run(rc->d, &cx, in, &o)) {
		fprintf(stderr, "fuzz_batch: a row the batch computed fails alone: %s\n", err.msg);
		abort();
	}
	same_out(rc->d, base, &o);
	if (reform)
		same_out(rc->d, reform, &o);   /* the reform is the same parameters */
	json_decref(trace);
}

static void same_sums(const struct batch_sums *a, const struct batch_sums *b)
{
	if (a->rows != b->rows || a->eligible != b->eligible || a->paid != b->paid ||
	    memcmp(a->money, b->money, sizeof(a->money)) != 0)
		abort();
}

/*
 * The output's header ends with the computed columns (reform_ ones after
 * them when simulating), and every row has as many fields as the header.
 */
static void check_columns(const struct calc_def *d, int reform, const struct ms_buf *out)
{
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	const char *s = out->buf, *end = out->buf + out->len, *nl;
	size_t want = 0, k, nout = d->noutputs * (reform ? 2 : 1);
	int first = 1;

	for (; s < end; s = nl + 1, first = 0) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			abort();   /* every line ends in LF */
		if (ms_fields_split(&f, s, (size_t)(nl - s), 1 << 16, 0, &err)) {
			fprintf(stderr, "fuzz_batch: an output line does not split: %s\n", err.msg);
			abort();
		}
		if (first) {
			want = f.n;
			if (want <= nout)
				abort();
			for (k = 0; k < nout; k++) {
				const char *nm = d->outputs[k % d->noutputs].name;
				size_t pre = k >= d->noutputs ? 7 : 0, fl = f.len[want - nout + k];
				const char *fp = f.p[want - nout + k];

				if (fl != pre + strlen(nm) || (pre && memcmp(fp, "reform_", 7)) ||
				    memcmp(fp + pre, nm, strlen(nm))) {
					fprintf(stderr, "fuzz_batch: header column %zu is not %s%s\n",
						want - nout + k + 1, pre ? "reform_" : "", nm);
					abort();
				}
			}
		} else if (f.n != want) {
			fprintf(stderr, "fuzz_batch: a row of %zu fields under a header of %zu\n", f.n, want);
			abort();
		}
	}
	ms_fields_release(&f);
}

static const char *const month_defaults[] = { "month=2023-07" };
static const char *const loan_defaults[] = { "lpr=3.65", "group=graduate" };
static const char *const disability_defaults[] = { "month=2023-07", "dibao=yes" };

struct run {
	int rc;
	struct batch_result r;
	struct ms_buf out, rej;
	char msg[1024];
};

static void run(const struct calc_def *d, unsigned flags, int skip_bad, int par, struct run *x)
{
	struct batch_opts o = { 0 };
	struct row_check rc = { d, 0 };
	struct ms_err err;
	uint64_t good;
	size_t i;
	int has_out, has_rej;

	unlink(out_path);
	unlink(rej_path);
	o.def = d;
	o.base = &ps;
	o.reform = flags & 16 ? &ps : NULL;
	o.in_path = in_path;
	o.out_path = out_path;
	if (flags & 4) {
		o.defaults = (const char **)(d->kind == CALC_LOAN ? loan_defaults :
			d->kind == CALC_DISABILITY ? disability_defaults : month_defaults);
		o.ndefaults = d->kind == CALC_LOAN || d->kind == CALC_DISABILITY ? 2 : 1;
	}
	o.skip_bad = skip_bad;
	o.max_line = flags & 8 ? 64 : 4096;
	o.on_row = par ? NULL : on_row;
	o.arg = &rc;
	if (par == 1) {
		o.threads = 3;
		o.block = 8 + 7 * (flags >> 6);
		o.generic = 1;   /* and every row the general way: the fast path must give the same */
	} else if (par == 2) {
		o.threads = 2;   /* the fast path without on_row: dibao's kernel */
		o.block = 8 + 7 * (flags >> 6);
	}
	if (lseek(memfd, 0, SEEK_SET) != 0)
		abort();
	err.msg[0] = '\0';
	x->rc = batch_run(&o, &x->r, &err);
	snprintf(x->msg, sizeof(x->msg), "%s", err.msg);
	if (x->rc != 0 && x->rc != -1)
		abort();
	if (leftovers())
		abort();   /* a temporary file survived */
	has_out = !slurp(out_path, &x->out);
	has_rej = !slurp(rej_path, &x->rej);
	if (x->rc) {
		if (!err.msg[0])
			abort();
		if (has_out || has_rej) {
			fprintf(stderr, "fuzz_batch: the run failed (%s) but left %s\n", err.msg,
				has_out ? out_path : rej_path);
			abort();
		}
		return;
	}
	if (!has_out)
		abort();
	good = x->r.lines - x->r.rejected;
	if (x->r.rejected > x->r.lines || x->r.base.rows != good || (!par && rc.rows != good))
		abort();
	if (count_lf(&x->out) != good + 1)
		abort();   /* the header and one line per good row */
	check_columns(d, o.reform != NULL, &x->out);
	if (skip_bad) {
		if (has_rej != (x->r.rejected > 0) || !x->r.rejects_path[0] != !x->r.rejected)
			abort();
		if (has_rej && count_lf(&x->rej) != x->r.rejected + 1)
			abort();
	} else if (has_rej || x->r.rejected) {
		abort();
	}
	if (x->r.base.eligible > x->r.base.rows || x->r.base.paid > x->r.base.rows)
		abort();
	if (o.reform) {
		same_sums(&x->r.base, &x->r.reform);
		if (x->r.diff.newly_eligible || x->r.diff.no_longer_eligible || x->r.diff.winners ||
		    x->r.diff.losers || x->r.diff.gain || x->r.diff.loss)
			abort();
	}
	if (x->r.has_region) {
		struct batch_sums s = { 0 };
		size_t k;

		for (i = 0; i < x->r.n_city; i++) {
			const struct batch_group *g = &x->r.city[i];

			s.rows += g->base.rows;
			s.eligible += g->base.eligible;
			s.paid += g->base.paid;
			for (k = 0; k < CALC_OUT_MAX; k++)
				s.money[k] += g->base.money[k];
			if (g->code[0] && (strlen(g->code) != 6 || strcmp(g->code + 4, "00")))
				abort();   /* a city code: 6 digits ending in 00 */
			if (i && (!x->r.city[i - 1].code[0] ||
				  (g->code[0] && strcmp(x->r.city[i - 1].code, g->code) >= 0)))
				abort();   /* code order, rows without a region last, each once */
		}
		same_sums(&s, &x->r.base);
	} else if (x->r.n_city) {
		abort();
	}
}

/* c gives what one gives: result, message, output, rejects, totals. */
static void same_run(const struct run *c, const struct run *one, const char *what)
{
	if (c->rc != one->rc || strcmp(c->msg, one->msg) || c->out.len != one->out.len ||
	    c->rej.len != one->rej.len || (c->out.len && memcmp(c->out.buf, one->out.buf, c->out.len)) ||
	    (c->rej.len && memcmp(c->rej.buf, one->rej.buf, c->rej.len))) {
		fprintf(stderr, "fuzz_batch: %s differs from one thread: \"%s\" against \"%s\"\n", what, c->msg,
			one->msg);
		abort();
	}
	if (!c->rc)
		same_sums(&c->r.base, &one->r.base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct calc_def *d;
	struct run a = { 0 }, b = { 0 }, c = { 0 }, k = { 0 }, *one;
	unsigned flags;

	if (!loaded)
		setup();
	if (size < 1)
		return 0;
	flags = data[0];
	d = &calc_defs[flags % 4];
	if (ftruncate(memfd, 0) ||
	    (size > 1 && pwrite(memfd, data + 1, size - 1, 0) != (ssize_t)(size - 1)))
		abort();
	a.out = a.rej = b.out = b.rej = c.out = c.rej = k.out = k.rej = (struct ms_buf)MS_BUF_INIT;
	run(d, flags, 0, 0, &a);
	run(d, flags, 1, 0, &b);
	one = flags & 32 ? &b : &a;
	run(d, flags, (flags & 32) != 0, 1, &c);
	same_run(&c, one, "3 threads, the general path");
	run(d, flags, (flags & 32) != 0, 2, &k);
	same_run(&k, one, "2 threads, the fast path (the kernel)");
	if (!a.rc && (b.rc || b.r.rejected || b.out.len != a.out.len ||
		      memcmp(a.out.buf, b.out.buf, a.out.len) != 0)) {
		fprintf(stderr, "fuzz_batch: good without --skip-bad, different with it: %s\n", b.msg);
		abort();
	}
	if (!b.rc && !b.r.rejected && a.rc) {
		fprintf(stderr, "fuzz_batch: nothing to skip, yet failed without --skip-bad: %s\n", a.msg);
		abort();
	}
	if (!a.rc && !b.rc)
		same_sums(&a.r.base, &b.r.base);
	if (!a.rc)
		batch_result_release(&a.r);
	if (!b.rc)
		batch_result_release(&b.r);
	if (!c.rc)
		batch_result_release(&c.r);
	if (!k.rc)
		batch_result_release(&k.r);
	ms_buf_release(&c.out);
	ms_buf_release(&c.rej);
	ms_buf_release(&k.out);
	ms_buf_release(&k.rej);
	ms_buf_release(&a.out);
	ms_buf_release(&a.rej);
	ms_buf_release(&b.out);
	ms_buf_release(&b.rej);
	unlink(out_path);
	unlink(rej_path);
	return 0;
}
