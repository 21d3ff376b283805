/*
 * batch.c - the payroll engine: header → field map, then per line: split,
 * set, run, append, aggregate. Nothing per row allocates.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
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
	s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	return s->fd < 0 ? -1 : 0;
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

int batch_run(const struct batch_opts *o, struct batch_result *r, struct ms_err *err)
{
	const struct calc_def *d = o->def;
	struct ms_lines *ln = NULL;
	struct ms_fields f = MS_FIELDS_INIT;
	struct sink out = { .fd = -1 }, rej = { .fd = -1 };
	struct calc_ctx cb, cr;
	struct calc_in tmpl, in;
	struct calc_out ob, orf;
	struct agg *a = NULL;
	int col_field[MAX_FIELDS];
	int field_col[32];
	struct ms_err e;
	const char *line, *name = strcmp(o->in_path, "-") ? o->in_path : "(stdin)";
	size_t len, i, ncols = 0, hdr_len;
	char *header = NULL;
	struct stat sb;
	unsigned long long total = 0, next_progress = 1 << 20;
	int fd, rc = -1, got, want_out = !o->no_output && (!o->reform || o->out_path);
	int has_rej = 0;

	memset(r, 0, sizeof(*r));
	fd = strcmp(o->in_path, "-") ? open(o->in_path, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0)
		return ms_err_set(err, "%s: cannot open: %s", o->in_path, strerror(errno));
	if (!fstat(fd, &sb) && S_ISREG(sb.st_mode))
		total = (unsigned long long)sb.st_size;
	ln = ms_lines_open(fd, name, o->max_line);
	a = calloc(1, sizeof(*a));
	if (!a)
		abort();
	memset(a->groups_of, -1, sizeof(a->groups_of));
	a->eligible_out = -1;
	for (i = 0; i < d->noutputs; i++)
		if (!strcmp(d->outputs[i].name, "eligible"))
			a->eligible_out = (int)i;

	/* the header */
	do {
		got = ms_lines_next(ln, &line, &len, err);
	} while (got == 1 && !len);
	if (got < 0)
		goto out;
	if (!got) {
		ms_err_set(err, "%s: empty file: the first line must be a header naming the columns (缺少表头)", name);
		goto out;
	}
	if (ms_fields_split(&f, line, len, MAX_FIELDS, 1, &e)) {
		ms_err_set(err, "%s:%ld: %s", name, ms_lines_lineno(ln), e.msg);
		goto out;
	}
	header = malloc(len + 1);
	if (!header)
		abort();
	memcpy(header, line, len);
	hdr_len = len;
	ncols = f.n;
	for (i = 0; i < 32; i++)
		field_col[i] = -1;
	for (i = 0; i < ncols; i++) {
		char nm[64];
		size_t n = f.len[i], k;
		int fi;

		while (n && (f.p[i][n - 1] == ' ' || f.p[i][n - 1] == '\t'))
			n--;
		k = 0;
		while (k < n && (f.p[i][k] == ' ' || f.p[i][k] == '\t'))
			k++;
		snprintf(nm, sizeof(nm), "%.*s", (int)(n - k > 63 ? 63 : n - k), f.p[i] + k);
		fi = n - k < 64 ? calc_field_index(d, nm) : -1;
		col_field[i] = fi;
		if (fi >= 0) {
			if (field_col[fi] >= 0) {
				ms_err_set(err, "%s:%ld: column %zu: %s appears twice (列名重复)", name,
					   ms_lines_lineno(ln), i + 1, nm);
				goto out;
			}
			field_col[fi] = (int)i;
			if (!strcmp(d->fields[fi].name, "region"))
				r->has_region = 1;
		}
		for (k = 0; k < d->noutputs; k++)
			if (!strcmp(nm, d->outputs[k].name) && want_out) {
				ms_err_set(err, "%s:%ld: column %zu: %s is a column this command adds (列名与输出列冲突；是否重复处理了输出文件？)",
					   name, ms_lines_lineno(ln), i + 1, nm);
				goto out;
			}
	}
	d->init(&tmpl);
	for (i = 0; i < o->ndefaults; i++) {
		const char *eq = strchr(o->defaults[i], '=');
		char key[64];
		int fi;

		snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - o->defaults[i]) : 0, o->defaults[i]);
		fi = eq ? calc_field_index(d, key) : -1;
		if (fi < 0) {
			ms_err_set(err, "--%s: not an input of %s", key, d->name);
			goto out;
		}
		if (calc_set(d, &tmpl, fi, eq + 1, strlen(eq + 1), err))
			goto out;
	}
	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].required && field_col[i] < 0 && !(tmpl.seen & (1u << i))) {
			ms_err_set(err, "%s:%ld: missing column %s (缺少列：%s)%s", name, ms_lines_lineno(ln),
				   d->fields[i].name, d->fields[i].label,
				   !strcmp(d->fields[i].name, "month") ? "; or give --month YYYY-MM" : "");
			goto out;
		}

	/* the outputs */
	if (want_out) {
		if (sink_open(&out, o->out_path)) {
			ms_err_set(err, "%s: cannot create: %s", out.tmp, strerror(errno));
			goto out;
		}
		if (ms_lines_had_bom(ln))
			sink_add(&out, "\xEF\xBB\xBF", 3);
		sink_add(&out, header, hdr_len);
		for (i = 0; i < d->noutputs * (o->reform ? 2 : 1); i++) {
			const char *nm = d->outputs[i % d->noutputs].name;

			sink_add(&out, ",", 1);
			if (i >= d->noutputs)
				sink_add(&out, "reform_", 7);
			sink_add(&out, nm, strlen(nm));
		}
		sink_add(&out, "\n", 1);
	}
	if (o->skip_bad) {
		char rp[4200];

		snprintf(rp, sizeof(rp), "%s%s", o->out_path ? o->out_path : "batch",
			 ".rejects.csv");
		snprintf(r->rejects_path, sizeof(r->rejects_path), "%s", rp);
		if (sink_open(&rej, rp)) {
			ms_err_set(err, "%s: cannot create: %s", rej.tmp, strerror(errno));
			goto out;
		}
		has_rej = 1;
		if (ms_lines_had_bom(ln))
			sink_add(&rej, "\xEF\xBB\xBF", 3);
		sink_add(&rej, header, hdr_len);
		sink_add(&rej, ",error\n", 7);
	}

	calc_ctx_init(&cb, o->base, NULL, &e);
	calc_ctx_init(&cr, o->reform ? o->reform : o->base, NULL, &e);
	for (;;) {
		got = ms_lines_next(ln, &line, &len, err);
		if (got < 0)
			goto out;
		if (!got)
			break;
		if (!len)
			continue;
		r->lines++;
		if (o->progress && ms_lines_offset(ln) >= next_progress) {
			next_progress = ms_lines_offset(ln) + (8u << 20);
			if (total)
				fprintf(stderr, "\r已处理 %llu 行（%llu%%）", (unsigned long long)r->lines,
					ms_lines_offset(ln) * 100 / total);
			else
				fprintf(stderr, "\r已处理 %llu 行", (unsigned long long)r->lines);
		}
		if (ms_fields_split(&f, line, len, MAX_FIELDS, 1, &e))
			goto bad;
		if (f.n != ncols) {
			ms_err_set(&e, "%zu fields where the header has %zu (字段数与表头不符)", f.n, ncols);
			goto bad;
		}
		memcpy(&in, &tmpl, sizeof(in));
		for (i = 0; i < ncols; i++) {
			int fi = col_field[i];

			if (fi < 0 || (!f.len[i] && (tmpl.seen & (1u << fi))))
				continue;
			if (calc_set(d, &in, fi, f.p[i], f.len[i], &e))
				goto bad;
		}
		if (calc_run(d, &cb, &in, &ob))
			goto bad;
		if (o->reform && calc_run(d, &cr, &in, &orf))
			goto bad;
		if (o->on_row)
			o->on_row(o->arg, &in, &ob, o->reform ? &orf : NULL);
		sums_add(d, a, &r->base, &ob);
		if (r->has_region) {
			struct batch_group *g = group_of(a, region_of(d, &in));

			sums_add(d, a, &g->base, &ob);
			if (o->reform) {
				sums_add(d, a, &g->reform, &orf);
				diff_add(d, a, &g->diff, &ob, &orf);
			}
		}
		if (o->reform) {
			sums_add(d, a, &r->reform, &orf);
			diff_add(d, a, &r->diff, &ob, &orf);
		}
		if (want_out) {
			sink_add(&out, line, len);
			add_outputs(&out, d, &ob);
			if (o->reform)
				add_outputs(&out, d, &orf);
			sink_add(&out, "\n", 1);
		}
		continue;
bad:
		if (!o->skip_bad) {
			ms_err_set(err, "%s:%ld: %s", name, ms_lines_lineno(ln), e.msg);
			goto out;
		}
		r->rejected++;
		{
			char why[1100];

			snprintf(why, sizeof(why), "line %ld: %s", ms_lines_lineno(ln), e.msg);
			reject(&rej, line, len, why);
		}
	}
	if (o->progress)
		fprintf(stderr, "\r已处理 %llu 行（100%%）\n", (unsigned long long)r->lines);
	if (r->base.overflow || r->reform.overflow || r->diff.overflow) {
		ms_err_set(err, "%s: the totals pass %lld 分 (合计超出范围); split the file", name,
			   (long long)INT64_MAX);
		goto out;
	}
	rc = 0;
out:
	if (want_out && out.buf && sink_close(&out, rc == 0, rc ? NULL : err))
		rc = -1;
	if (has_rej && sink_close(&rej, rc == 0, rc ? NULL : err))
		rc = -1;
	if (rc == 0 && r->has_region) {
		if (a->n > 1)
			qsort(a->g, a->n, sizeof(*a->g), cmp_group);
		r->city = a->g;
		r->n_city = a->n;
		a->g = NULL;
	}
	if (rc == 0 && has_rej && !r->rejected) {
		unlink(r->rejects_path);
		r->rejects_path[0] = '\0';
	}
	if (a)
		free(a->g);
	free(a);
	free(header);
	ms_fields_release(&f);
	ms_lines_free(ln);
	if (fd > 0)
		close(fd);
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
