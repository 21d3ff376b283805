/*
 * progress_data.c - progress.c's loads: the breakdown, the reports, the
 * orgs and the sites of a plan, read in one go (progress_data.h).
 *
 * They are most of a status's time, and at a reporting deadline nearly
 * every request follows a write. So in the server each thread keeps its
 * last load and follows the journal (ledger_watch, watch.c): nothing
 * written, the load as it was; only report writes (报送, 审核: key
 * plan/indicator/org/round), just those reports read again, by their key;
 * anything else (a site, a target, a login, a hand edit), the whole plan.
 */
#include "progress_data.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ledger/watch.h"
#include "store/store.h"
#include "core/banned.h"

static void *dup_rows(const void *src, size_t n, size_t sz);

/*
 * Room for one more of n rows of sz bytes at p: the arrays grow by doubling,
 * so one holding n rows is full when n is a power of two (or 0).
 */
static void *room(void *p, size_t n, size_t sz)
{
	if (n & (n - 1))
		return p;
	if (!(p = realloc(p, (n ? n * 2 : 1) * sz)))
		abort();
	return p;
}

static int take_assign(const char *ind, const char *org, int64_t target, void *arg)
{
	struct data *d = arg;

	if (d->borrowed && !d->own_a) {     /* the kept load's: this computation's own copy first */
		d->a = dup_rows(d->a, d->na, sizeof(*d->a));
		d->own_a = 1;
	}
	d->a = room(d->a, d->na, sizeof(*d->a));
	ms_copy(d->a[d->na].ind, sizeof(d->a[0].ind), ind);
	ms_copy(d->a[d->na].org, sizeof(d->a[0].org), org);
	d->a[d->na].implicit = 0;
	d->a[d->na++].target = target;
	return 0;
}

void progress_data_assign(struct data *d, const char *ind, const char *org, int64_t target)
{
	take_assign(ind, org, target, d);
}

static void rrow_fill(struct rrow *r, const struct store_report *s)
{
	ms_copy(r->ind, sizeof(r->ind), s->indicator);
	ms_copy(r->org, sizeof(r->org), s->org);
	ms_copy(r->round, sizeof(r->round), s->round);
	r->status = report_status_parse(s->status);
	r->has_value = s->has_value;
	r->has_ratio = s->has_ratio;
	r->value = s->value;
	r->num = s->numerator;
	r->den = s->denominator;
	r->submitted_at = s->submitted_at;
	r->reviewed_at = s->reviewed_at;
	r->review_level = s->review_level;
	r->narrative = s->narrative ? ms_strdup(s->narrative) : NULL;
	r->reason = s->reason ? ms_strdup(s->reason) : NULL;
	r->note = s->review_note ? ms_strdup(s->review_note) : NULL;
}

static void rrow_free(struct rrow *r)
{
	free(r->narrative);
	free(r->reason);
	free(r->note);
}

static int take_report(const struct store_report *s, void *arg)
{
	struct data *d = arg;

	d->r = room(d->r, d->nr, sizeof(*d->r));
	rrow_fill(&d->r[d->nr++], s);
	return 0;
}

static int take_org(const struct store_org *s, void *arg)
{
	struct data *d = arg;

	d->o = room(d->o, d->no, sizeof(*d->o));
	ms_copy(d->o[d->no].code, sizeof(d->o[0].code), s->code);
	ms_copy(d->o[d->no].name, sizeof(d->o[0].name), s->name);
	ms_copy(d->o[d->no++].kind, sizeof(d->o[0].kind), s->kind);
	return 0;
}

static int take_site(const struct store_site_sum *x, void *arg)
{
	struct data *d = arg;
	struct srow *s;

	d->s = room(d->s, d->ns, sizeof(*d->s));
	s = &d->s[d->ns++];
	ms_copy(s->ind, sizeof(s->ind), x->indicator);
	ms_copy(s->org, sizeof(s->org), x->org);
	ms_copy(s->on, sizeof(s->on), x->delivered_on);
	s->delivered = x->delivered;
	s->qty = x->quantity;
	return 0;
}

static int take_setting(const char *key, const char *value, void *arg)
{
	struct data *d = arg;

	d->m = room(d->m, d->nm, sizeof(*d->m));
	ms_copy(d->m[d->nm].key, sizeof(d->m[0].key), key);
	ms_copy(d->m[d->nm++].val, sizeof(d->m[0].val), value);
	return 0;
}

static int take_item(int64_t no, const char *title, const char *leads, const char *resp, void *arg)
{
	struct data *d = arg;
	struct irow *x;

	d->it = room(d->it, d->nit, sizeof(*d->it));
	x = &d->it[d->nit++];
	x->no = no;
	ms_copy(x->title, sizeof(x->title), title);
	ms_copy(x->leads, sizeof(x->leads), leads);
	ms_copy(x->resp, sizeof(x->resp), resp);
	return 0;
}

static int take_absent(int64_t no, const char *notes, void *arg)
{
	struct data *d = arg;

	d->ab = room(d->ab, d->nab, sizeof(*d->ab));
	d->ab[d->nab].no = no;
	ms_copy(d->ab[d->nab++].note, sizeof(d->ab[0].note), notes);
	return 0;
}

const char *progress_data_setting(const struct data *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nm; i++)
		if (!strcmp(d->m[i].key, key))
			return d->m[i].val;
	return NULL;
}

static int site_cmp(const void *a, const void *b)
{
	const struct srow *x = a, *y = b;
	int c = strcmp(x->ind, y->ind);

	return c ? c : strcmp(x->org, y->org);
}

static int load_all(struct ledger *l, struct data *d, struct ms_err *err)
{
	struct ms_buf demo = MS_BUF_INIT;
	int r = store_setting_get(l->st, "demo", &demo, err);

	d->demo = r == 1 && !strcmp(demo.buf, "1");
	ms_buf_release(&demo);
	if (r < 0 || store_setting_each(l->st, "milestones.", take_setting, d, err) ||
	    store_assign_each(l->st, l->plan, take_assign, d, err) ||
	    store_report_each(l->st, l->plan, NULL, NULL, take_report, d, err) ||
	    store_org_of_plan(l->st, l->plan, take_org, d, err) ||
	    store_site_sums(l->st, l->plan, take_site, d, err) ||
	    store_item_each(l->st, l->plan, take_item, d, err) ||
	    store_item_absent_each(l->st, l->plan, take_absent, d, err))
		return -1;
	/* by indicator and region, so that a region's sites are found by halving, not by a scan of all */
	if (d->ns > 1)
		qsort(d->s, d->ns, sizeof(*d->s), site_cmp);
	return 0;
}

void progress_data_free(struct data *d)
{
	size_t i;

	if (d->borrowed) {
		if (d->own_a)
			free(d->a);
		memset(d, 0, sizeof(*d));
		return;
	}
	for (i = 0; i < d->nr; i++)
		rrow_free(&d->r[i]);
	free(d->a);
	free(d->r);
	free(d->o);
	free(d->s);
	free(d->m);
	free(d->it);
	free(d->ab);
	memset(d, 0, sizeof(*d));
}

/* ---------- the kept load ---------- */

struct kept {
	struct ledger_watch w;   /* serial 0: nothing kept */
	char plan[64];
	struct data d;
	char log[PROGRESS_DATA_LOG][64];   /* the indicators of the last reports followed (d.gen) */
};

static uint64_t g_epoch;   /* the last epoch given (atomic: every thread's loads draw from it) */

static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_keep;

static void kept_release(void *p)
{
	struct kept *k = p;

	progress_data_free(&k->d);
	free(k);
}

static void key_init(void)
{
	if (pthread_key_create(&g_key, kept_release))
		abort();
}

void progress_data_keep(void)
{
	pthread_once(&g_once, key_init);
	g_keep = 1;
}

/* A copy of n elements of size sz, with the room the doubling in take_* expects. */
static void *dup_rows(const void *src, size_t n, size_t sz)
{
	size_t room = 1;
	void *p;

	if (!n)
		return NULL;
	while (room < n)
		room *= 2;
	if (!(p = malloc(room * sz)))
		abort();
	memcpy(p, src, n * sz);
	return p;
}

/* d lent the kept load: no copy (progress.c only reads it, but for a, copied on the first change). */
static void data_lend(struct data *to, const struct data *from)
{
	*to = *from;
	to->borrowed = 1;
	to->own_a = 0;
}

/* The order of store_report_each: indicator, org, round. */
static int rrow_cmp(const struct rrow *r, const char *ind, const char *org, const char *round)
{
	int c = strcmp(r->ind, ind);

	if (!c)
		c = strcmp(r->org, org);
	return c ? c : strcmp(r->round, round);
}

struct one { int found; struct rrow r; };

static int take_one(const struct store_report *s, void *arg)
{
	struct one *o = arg;

	o->found = 1;
	rrow_fill(&o->r, s);
	return 0;
}

/* Reads the report (ind, org, round) of l's plan again into k's load. */
static int follow_report(struct kept *k, struct ledger *l, const char *ind, const char *org, const char *round,
			 struct ms_err *err)
{
	struct one o = { 0 };
	size_t lo = 0, hi = k->d.nr, n;
	struct data *d = &k->d;

	if (store_report_get(l->st, l->plan, ind, org, round, take_one, &o, err) < 0)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rrow_cmp(&d->r[mid], ind, org, round) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	d->gen++;
	ms_copy(k->log[d->gen % PROGRESS_DATA_LOG], sizeof(k->log[0]), ind);
	if (lo < d->nr && !rrow_cmp(&d->r[lo], ind, org, round)) {
		rrow_free(&d->r[lo]);
		if (o.found) {
			d->r[lo] = o.r;
			return 0;
		}
		memmove(&d->r[lo], &d->r[lo + 1], (d->nr - lo - 1) * sizeof(*d->r));
		d->nr--;
		return 0;
	}
	if (!o.found)
		return 0;
	n = d->nr;
	d->r = room(d->r, d->nr, sizeof(*d->r));
	memmove(&d->r[lo + 1], &d->r[lo], (n - lo) * sizeof(*d->r));
	d->r[lo] = o.r;
	d->nr = n + 1;
	return 0;
}

struct follow { struct kept *k; struct ledger *l; struct ms_err *err; };

static int follow_key(const char *ind, const char *org, const char *round, void *arg)
{
	struct follow *f = arg;

	return follow_report(f->k, f->l, ind, org, round, f->err);
}

/* The thread's kept load of l, brought up to date; NULL when not kept (or on error: err). */
static struct kept *kept_get(struct ledger *l, int *failed, struct ms_err *err)
{
	struct kept *k = ledger_thread_state(g_key, sizeof(struct kept));
	struct follow f;
	int rc;

	*failed = 0;
	if (!k)
		return NULL;
	if (strcmp(k->plan, l->plan))
		k->w.serial = 0;     /* another plan's load */
	f.k = k;
	f.l = l;
	f.err = err;
	rc = ledger_watch(l->st, &k->w, l->plan, follow_key, &f, err);
	if (rc == LEDGER_ALL) {
		progress_data_free(&k->d);
		if (!k->w.serial)
			return NULL;     /* no version to compare: nothing kept */
		rc = load_all(l, &k->d, err) ? -1 : 0;
		k->d.epoch = __atomic_add_fetch(&g_epoch, 1, __ATOMIC_RELAXED);
	}
	if (rc < 0) {
		progress_data_free(&k->d);
		k->w.serial = 0;
		*failed = 1;
		return NULL;
	}
	snprintf(k->plan, sizeof(k->plan), "%s", l->plan);
	return k;
}

int progress_data_load(struct ledger *l, struct data *d, struct ms_err *err)
{
	struct kept *k;
	int failed;

	memset(d, 0, sizeof(*d));
	if (!g_keep)
		return load_all(l, d, err);
	if (!(k = kept_get(l, &failed, err)))
		return failed ? -1 : load_all(l, d, err);
	data_lend(d, &k->d);
	d->log = (const char (*)[64])k->log;
	return 0;
}

int progress_data_round_each(struct ledger *l, const char *round,
			     int (*fn)(const struct store_report *r, void *arg), void *arg, struct ms_err *err)
{
	struct data d;
	size_t i;

	if (progress_data_load(l, &d, err))
		return -1;
	for (i = 0; i < d.nr; i++) {
		const struct rrow *r = &d.r[i];
		struct store_report s;

		if (strcmp(r->round, round))
			continue;
		s = (struct store_report){
			.plan = l->plan, .indicator = r->ind, .org = r->org, .round = r->round,
			.has_value = r->has_value, .has_ratio = r->has_ratio,
			.value = r->value, .numerator = r->num, .denominator = r->den,
			.narrative = r->narrative, .reason = r->reason,
			.status = report_status_name(r->status),
			.submitted_at = r->submitted_at, .reviewed_at = r->reviewed_at,
			.review_note = r->note, .review_level = r->review_level,
		};
		if (fn(&s, arg))
			break;
	}
	progress_data_free(&d);
	return 0;
}

/* Each kind of row begins with the same two keys, so that one search serves them all. */
_Static_assert(offsetof(struct arow, ind) == 0 && offsetof(struct rrow, ind) == 0 && offsetof(struct srow, ind) == 0,
	       "rows begin with ind");
_Static_assert(offsetof(struct arow, org) == offsetof(struct rrow, org) &&
	       offsetof(struct srow, org) == offsetof(struct rrow, org), "then org");

size_t progress_data_first(const void *rows, size_t n, size_t size, const char *ind, const char *org)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *row = (const char *)rows + mid * size;
		int c = strcmp(row, ind);

		if (!c && org)
			c = strcmp(row + offsetof(struct rrow, org), org);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t progress_data_report_first(const struct data *d, const char *ind, const char *org)
{
	return progress_data_first(d->r, d->nr, sizeof(*d->r), ind, org);
}

/* Among the loaded assignments: [0, na_loaded) once progress.c has added implicit ones after them, else all. */
int progress_data_target(const struct data *d, const char *ind, const char *org, int64_t *target)
{
	size_t n = d->na_loaded ? d->na_loaded : d->na, k = progress_data_first(d->a, n, sizeof(*d->a), ind, org);

	if (k == n || strcmp(d->a[k].ind, ind) || strcmp(d->a[k].org, org) || d->a[k].implicit)
		return 0;
	*target = d->a[k].target;
	return 1;
}
