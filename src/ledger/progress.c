/*
 * progress.c - completion, pace and reporting figures as of a day.
 *
 * Reads the breakdown and the reports once, then works in memory: for
 * each indicator, each assigned region's latest report approved by the
 * as-of day (or, for staff, received and not returned) gives its actual;
 * regions add up (sum), must each reach the standard (each-region), or
 * pool numerators and denominators (ratio).
 * Where an indicator keeps a site register (点位), each region's report of
 * a round is checked against its sites delivered by the round's due date.
 */
#include "progress.h"
#include "progress_data.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/table.h"
#include "core/text.h"
#include "ledger/watch.h"
#include "plan/units.h"
#include "core/banned.h"

static int arow_cmp(const void *x, const void *y)
{
	const struct arow *a = x, *b = y;
	int c = strcmp(a->ind, b->ind);

	return c ? c : strcmp(a->org, b->org);
}

/* The first of d's assignments [from, to) (sorted by indicator) whose indicator is ind, or the first after it. */
static size_t assign_first(const struct data *d, size_t from, size_t to, const char *ind)
{
	return from + progress_data_first(d->a + from, to - from, sizeof(*d->a), ind, NULL);
}

/*
 * An indicator with no breakdown still shows what regions reported: each
 * reporting region joins with the plan's level (or no target of its own
 * for a sum), and no reports are expected of it. They follow the loaded
 * assignments, sorted as those are, so either part is searched by halves.
 */
static void implicit_assignments(struct data *d, const struct ledger *l)
{
	size_t i, j, na0 = d->na;

	d->na_loaded = na0;
	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *ind = &l->ind[i];
		int level = ind->agg != LEDGER_AGG_SUM;

		if (!ind->has_target)
			continue;
		j = assign_first(d, 0, na0, ind->id);
		if (j < na0 && !strcmp(d->a[j].ind, ind->id))
			continue;
		/* its reports, by org: an org's rounds follow each other */
		for (j = progress_data_report_first(d, ind->id, ""); j < d->nr && !strcmp(d->r[j].ind, ind->id); j++) {
			if (d->na > na0 && !strcmp(d->a[d->na - 1].ind, ind->id) &&
			    !strcmp(d->a[d->na - 1].org, d->r[j].org))
				continue;
			progress_data_assign(d, ind->id, d->r[j].org, level ? ind->target : 0);
			d->a[d->na - 1].implicit = 1;
		}
	}
	if (d->na > na0)
		qsort(d->a + na0, d->na - na0, sizeof(*d->a), arow_cmp);
}

/*
 * The assignments of ind, [*lo, *hi): among the loaded ones, or else among
 * the implicit ones (an indicator has one kind or the other).
 */
static void assign_range(const struct data *d, const char *ind, size_t *lo, size_t *hi)
{
	size_t from = 0, to = d->na_loaded;
	int part;

	for (part = 0; part < 2; part++) {
		*lo = assign_first(d, from, to, ind);
		for (*hi = *lo; *hi < to && !strcmp(d->a[*hi].ind, ind); ++*hi)
			;
		if (*hi > *lo)
			return;
		from = d->na_loaded;
		to = d->na;
	}
}

/* Orgs arrive in code order (store_org_each sorts by code), so a binary search finds one. */
static const char *org_name(const struct data *d, const char *code)
{
	size_t lo = 0, hi = d->no;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->o[mid].code, code);

		if (!c)
			return d->o[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return code;
}

const char *prog_colour_cn(enum prog_colour c)
{
	static const char *const n[] = { "—", "完成", "绿", "黄", "红" };

	return n[c];
}

const char *prog_colour_code(enum prog_colour c)
{
	static const char *const n[] = { "none", "done", "green", "yellow", "red" };

	return n[c];
}

/* a completion is shown up to 100 times the whole */
#define RATIO_CAP (100 * MS_BP_ONE)

/* a / b in basis points, rounded half up, at most RATIO_CAP */
int prog_ratio_bp(int64_t a, int64_t b)
{
	int64_t q;

	if (b <= 0)
		return a > 0 ? (int)RATIO_CAP : (int)MS_BP_ONE;
	if (ms_muldiv_round(a, MS_BP_ONE, b, &q))
		return (int)RATIO_CAP;
	return q > RATIO_CAP ? (int)RATIO_CAP : (int)q;
}

/* completion of actual against target under the comparator */
static int completion(const struct ledger_ind *d, int64_t actual, int64_t target)
{
	if (d->cmp == MS_CMP_LE)
		return actual <= target ? (int)MS_BP_ONE : prog_ratio_bp(target, actual);
	return prog_ratio_bp(actual, target);
}

static enum prog_colour colour_of(int completion_bp, int expected_bp, int margin_pts, int missed)
{
	if (completion_bp < 0)
		return missed ? PC_RED : PC_NONE;
	if (completion_bp >= MS_BP_ONE)
		return PC_DONE;
	if (missed)
		return PC_RED;
	if (completion_bp >= expected_bp)
		return PC_GREEN;
	if (expected_bp - completion_bp <= margin_pts * 100)
		return PC_YELLOW;
	return PC_RED;
}

void prog_counts_add(struct prog_counts *a, const struct prog_counts *b)
{
	a->expected += b->expected;
	a->received += b->received;
	a->on_time += b->on_time;
	a->late += b->late;
	a->missing += b->missing;
}

static int cmp_org_completion(const void *x, const void *y)
{
	const struct prog_org *a = x, *b = y;

	if (a->completion_bp != b->completion_bp)
		return a->completion_bp < b->completion_bp ? -1 : 1;
	return strcmp(a->code, b->code);
}

/*
 * An indicator's own milestone shares (setting "milestones.ID" =
 * "4000,8000,10000", basis points per progress round): the expected share
 * is that of the last round due, 0 before the first. 1 when set.
 */
static int milestone_of(const struct data *d, const char *id, int last_due, int *bp)
{
	struct ms_buf key = MS_BUF_INIT;
	const char *s, *v;
	int r, k = 0;
	long x = 0;

	ms_buf_addf(&key, "milestones.%s", id);
	v = progress_data_setting(d, key.buf);   /* loaded with the data (progress_data.c) */
	r = v != NULL;
	if (r == 1) {
		*bp = 0;
		for (s = v; *s && k <= last_due; k++) {
			x = strtol(s, (char **)&s, 10);
			if (k <= last_due)
				*bp = (int)x;
			if (*s == ',')
				s++;
		}
	}
	ms_buf_release(&key);
	return r;
}

struct item_acc { struct progress *p; int64_t only; };

static int take_item(int64_t no, const char *title, const char *leads, const char *resp,
		     void *arg)
{
	struct item_acc *a = arg;
	struct prog_item *it;

	if (a->only && no != a->only)
		return 0;
	a->p->item = realloc(a->p->item, (a->p->nitem + 1) * sizeof(*a->p->item));
	if (!a->p->item)
		abort();
	it = &a->p->item[a->p->nitem++];
	memset(it, 0, sizeof(*it));
	it->no = no;
	snprintf(it->title, sizeof(it->title), "%s", title);
	snprintf(it->leads, sizeof(it->leads), "%s", leads);
	snprintf(it->responsible, sizeof(it->responsible), "%s", resp);
	it->completion_bp = -1;
	return 0;
}

static int take_absent(int64_t no, const char *notes, void *arg)
{
	struct item_acc *a = arg;
	struct prog_absent *x;

	if (a->only && no != a->only)
		return 0;
	a->p->absent = realloc(a->p->absent, (a->p->nabsent + 1) * sizeof(*a->p->absent));
	if (!a->p->absent)
		abort();
	x = &a->p->absent[a->p->nabsent++];
	x->no = no;
	snprintf(x->note, sizeof(x->note), "%s", notes);
	return 0;
}

/* Each item's lead units by name ("省人力资源社会保障厅、省财政厅"), from the codes. */
static void lead_names(const struct data *d, struct progress *p)
{
	size_t i;

	for (i = 0; i < p->nitem; i++) {
		struct prog_item *it = &p->item[i];
		char codes[256], *save = NULL, *c;
		size_t len = 0;

		snprintf(codes, sizeof(codes), "%s", it->leads);
		it->lead_names[0] = 0;
		for (c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
			int n = snprintf(it->lead_names + len, sizeof(it->lead_names) - len, "%s%s",
					 len ? "、" : "", org_name(d, c));

			if (n < 0 || (size_t)n >= sizeof(it->lead_names) - len)
				break;
			len += (size_t)n;
		}
	}
}

/* From the load: the items, the implicit assignments, the lead units' names. */
static void progress_begin(const struct ledger *l, const struct progress_opts *o, struct data *d,
			   struct progress *p)
{
	struct item_acc ia = { p, o->item };
	size_t i;

	for (i = 0; i < d->nit; i++)
		take_item(d->it[i].no, d->it[i].title, d->it[i].leads, d->it[i].resp, &ia);
	for (i = 0; i < d->nab; i++)
		take_absent(d->ab[i].no, d->ab[i].note, &ia);
	implicit_assignments(d, l);
	lead_names(d, p);
	p->demo = d->demo;
}

/* 时序进度: the share of the year from the plan's start to its last progress round; the rounds due. */
static void progress_pace(const struct ledger *l, const struct progress_opts *o, struct progress *p)
{
	ms_day last = l->nround ? l->round[l->nround - 1].day : l->start + 365;
	size_t k;

	if (o->as_of <= l->start)
		p->expected_bp = 0;
	else if (o->as_of >= last)
		p->expected_bp = (int)MS_BP_ONE;
	else
		p->expected_bp = (int)((int64_t)(o->as_of - l->start) * MS_BP_ONE / (last - l->start));

	p->nround = l->nround;
	p->round = calloc(l->nround + 1, sizeof(*p->round));
	if (!p->round)
		abort();
	for (k = 0; k < l->nround; k++) {
		snprintf(p->round[k].due, sizeof(p->round[k].due), "%s", l->round[k].due);
		snprintf(p->round[k].label, sizeof(p->round[k].label), "%s", l->round[k].label);
		p->round[k].due_passed = l->round[k].day <= o->as_of;
		if (!p->round[k].due_passed && p->next_round < 0)
			p->next_round = (int)k;
	}
}

/* Sent in (not a draft) by the day. */
static int received_by(const struct rrow *r, ms_day as_of)
{
	return r->submitted_at >= 0 && r->status != REPORT_DRAFT &&
		ms_date_of_time_cn((time_t)r->submitted_at) <= as_of;
}

/* Approved or returned by the day. */
static int reviewed_by(const struct rrow *r, ms_day as_of)
{
	return (r->status == REPORT_APPROVED || r->status == REPORT_RETURNED) && r->reviewed_at >= 0 &&
		ms_date_of_time_cn((time_t)r->reviewed_at) <= as_of;
}

/* Received by the day and not yet approved or returned on it: 待审核. */
static int pending_on(const struct rrow *r, ms_day as_of)
{
	return received_by(r, as_of) && !reviewed_by(r, as_of);
}

/* Whether the report's figure counts on the day: approved by then, or (staff) received and not returned by then. */
static int counts_on(const struct rrow *r, const struct progress_opts *o)
{
	if (!received_by(r, o->as_of))
		return 0;
	if (o->include_unreviewed)
		return !(r->status == REPORT_RETURNED && reviewed_by(r, o->as_of));
	return r->status == REPORT_APPROVED && reviewed_by(r, o->as_of);
}

/* A qualitative indicator: how many progress reports count on the day, the latest, and those awaiting review. */
static void ind_narratives(const struct data *d, const struct progress_opts *o, struct prog_ind *pi)
{
	size_t m;

	for (m = progress_data_report_first(d, pi->ind->id, ""); m < d->nr && !strcmp(d->r[m].ind, pi->ind->id); m++) {
		pi->pending += pending_on(&d->r[m], o->as_of);
		if (counts_on(&d->r[m], o)) {
			pi->narratives++;
			snprintf(pi->narrative, sizeof(pi->narrative), "%s",
				 d->r[m].narrative ? d->r[m].narrative : "");
		}
	}
}

/* Appends a round's due date to a space-separated list. */
static void round_list_add(char *list, size_t n, const char *due)
{
	size_t len = strlen(list);

	snprintf(list + len, n - len, "%s%s", list[0] ? " " : "", due);
}

/* Counts round k's report of po as expected, then received on time or late, or missing (the indicator's round k too). */
static void org_count_round(const struct ledger *l, struct prog_ind *pi, struct prog_org *po, size_t k,
			    const struct rrow *r, int received)
{
	struct prog_counts *rc = &pi->round[k];

	po->reports.expected++;
	rc->expected++;
	if (!received) {
		po->reports.missing++;
		rc->missing++;
		round_list_add(po->missing_rounds, sizeof(po->missing_rounds), l->round[k].due);
		return;
	}
	po->reports.received++;
	rc->received++;
	if (ms_date_is_late(l->round[k].day, (time_t)r->submitted_at)) {
		po->reports.late++;
		rc->late++;
		round_list_add(po->late_rounds, sizeof(po->late_rounds), l->round[k].due);
	} else {
		po->reports.on_time++;
		rc->on_time++;
	}
}

/*
 * A region's reports of an indicator, [m, end) of d->r, walked round by
 * round: both are in the order of their due dates ("YYYY-MM-DD" as text),
 * so each report is looked at once.
 */
struct org_walk { size_t m, end; };

static struct org_walk org_walk_of(const struct data *d, const char *ind, const char *org)
{
	struct org_walk w;

	w.m = w.end = progress_data_report_first(d, ind, org);
	while (w.end < d->nr && !strcmp(d->r[w.end].ind, ind) && !strcmp(d->r[w.end].org, org))
		w.end++;
	return w;
}

/* The report of the round due on due, or NULL; rounds asked in their order. */
static const struct rrow *org_walk_round(const struct data *d, struct org_walk *w, const char *due)
{
	int c = 1;

	while (w->m < w->end && (c = strcmp(d->r[w->m].round, due)) < 0)
		w->m++;
	return w->m < w->end && !c ? &d->r[w->m] : NULL;
}

/*
 * One region's rounds: the reports counted for every round due (unless
 * the region joined without a breakdown), those awaiting review, and the
 * latest report with a value that counts on the day (counts_on), which
 * gives its actual.
 */
static const struct rrow *org_rounds(const struct ledger *l, const struct data *d,
				     const struct progress_opts *o, const struct progress *p,
				     struct prog_ind *pi, struct prog_org *po, const struct arow *a)
{
	const struct rrow *best = NULL;
	struct org_walk ow = org_walk_of(d, a->ind, po->code);
	size_t k;
	int best_round = -1;

	for (k = 0; k < l->nround && !(o->upto_round > 0 && (int)k >= o->upto_round); k++) {
		const struct rrow *r = org_walk_round(d, &ow, l->round[k].due);
		int received;

		received = r && received_by(r, o->as_of);
		if (r && pending_on(r, o->as_of))
			po->pending++;
		if (r && counts_on(r, o) && r->has_value && (int)k > best_round) {
			best_round = (int)k;
			best = r;
		}
		if (p->round[k].due_passed && !a->implicit)
			org_count_round(l, pi, po, k, r, received);
	}
	return best;
}

/* The regions' actuals added up for the indicator's own figure. */
struct ind_acc {
	int64_t sum, num, den;
	int nvals;
};

/* a + b, held at the int64_t bounds instead of overflowing (many regions of the largest values) */
static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* One assigned region of an indicator: its actual, completion, colour and report counts. */
static void ind_org(const struct ledger *l, const struct data *d, const struct progress_opts *o,
		    const struct progress *p, struct prog_ind *pi, const struct arow *a, int last_due,
		    struct ind_acc *acc)
{
	const struct ledger_ind *ind = pi->ind;
	int level = ind->agg != LEDGER_AGG_SUM;
	const struct rrow *best;
	struct prog_org *po;

	po = &pi->org[pi->norg++];    /* room made by ind_compute */
	memset(po, 0, sizeof(*po));
	ms_copy(po->code, sizeof(po->code), a->org);
	ms_copy(po->name, sizeof(po->name), org_name(d, a->org));
	po->target = a->target;
	po->completion_bp = -1;
	best = org_rounds(l, d, o, p, pi, po, a);
	if (best) {
		po->has_actual = 1;
		po->actual = best->value;
		po->completion_bp = completion(ind, po->actual, po->target);
		acc->sum = add_sat(acc->sum, best->value);
		acc->nvals++;
		if (best->has_ratio) {
			acc->num = add_sat(acc->num, best->num);
			acc->den = add_sat(acc->den, best->den);
		}
		if (level)
			pi->regions_met += po->completion_bp >= MS_BP_ONE;
	}
	pi->regions++;
	/* a missed round makes that region red */
	po->colour = colour_of(po->completion_bp < MS_BP_ONE || level ? po->completion_bp : (int)MS_BP_ONE,
			       level && last_due >= 0 ? (int)MS_BP_ONE : p->expected_bp, p->margin_pts,
			       po->reports.missing && strstr(po->missing_rounds,
					last_due >= 0 ? l->round[last_due].due : "~") != NULL);
	prog_counts_add(&pi->reports, &po->reports);
}

/* The indicator's own actual and completion from its regions': a sum, a pooled ratio, or the share of regions that reach it. */
static void ind_total(struct prog_ind *pi, const struct ind_acc *acc)
{
	const struct ledger_ind *ind = pi->ind;
	size_t j;

	if (!acc->nvals)
		return;
	pi->has_actual = 1;
	if (ind->agg == LEDGER_AGG_SUM) {
		pi->actual = acc->sum;
		pi->completion_raw_bp = completion(ind, acc->sum, ind->target);
	} else if (ind->agg == LEDGER_AGG_RATIO) {
		if (!acc->den || ms_muldiv_round(acc->num, !strcmp(ind->unit, "%") ? MS_BP_ONE : 1, acc->den,
						 &pi->actual))
			pi->actual = add_sat(acc->sum, acc->nvals / 2) / acc->nvals;
		pi->completion_raw_bp = completion(ind, pi->actual, ind->target);
	} else {
		/* each region must reach it: the share of regions that do */
		int64_t lo = -1;

		for (j = 0; j < pi->norg; j++)
			if (pi->org[j].has_actual && (lo < 0 || pi->org[j].actual < lo))
				lo = pi->org[j].actual;
		pi->actual = lo;
		pi->completion_raw_bp = pi->regions ? prog_ratio_bp(pi->regions_met, pi->regions) : -1;
	}
	pi->completion_bp = pi->completion_raw_bp > MS_BP_ONE ? (int)MS_BP_ONE : pi->completion_raw_bp;
}

/* The first site of (ind, org), or of ind when org is NULL: the sites are sorted by both. */
static size_t site_lower_bound(const struct data *d, const char *ind, const char *org)
{
	return progress_data_first(d->s, d->ns, sizeof(*d->s), ind, org);
}

/* Whether ind has a site register. */
static int has_sites(const struct data *d, const char *ind)
{
	size_t k = site_lower_bound(d, ind, NULL);

	return k < d->ns && !strcmp(d->s[k].ind, ind);
}

/* The quantity of org's sites of ind delivered by due. */
static int64_t sites_by(const struct data *d, const char *ind, const char *org, const char *due)
{
	int64_t n = 0;
	size_t k;

	for (k = site_lower_bound(d, ind, org); k < d->ns && !strcmp(d->s[k].ind, ind) && !strcmp(d->s[k].org, org); k++)
		if (d->s[k].delivered && strcmp(d->s[k].on, due) <= 0)
			n += d->s[k].qty;
	return n;
}

/*
 * An indicator with a site register: each region's report of every round
 * due, received by the day (not a draft, not returned, with a value),
 * against its sites delivered by that round's due date; the differences.
 */
static void ind_sites(const struct ledger *l, const struct data *d, const struct progress_opts *o,
		      const struct progress *p, struct prog_ind *pi)
{
	size_t j, k;

	pi->has_sites = has_sites(d, pi->ind->id);
	for (j = 0; pi->has_sites && j < pi->norg; j++) {
		const struct prog_org *po = &pi->org[j];
		struct org_walk ow = org_walk_of(d, pi->ind->id, po->code);

		for (k = 0; k < l->nround; k++) {
			const struct rrow *r = org_walk_round(d, &ow, l->round[k].due);
			struct prog_site_gap *g;
			int64_t n;

			if (!p->round[k].due_passed)
				continue;
			if (!r || !r->has_value || r->submitted_at < 0 || r->status == REPORT_DRAFT ||
			    r->status == REPORT_RETURNED || ms_date_of_time_cn((time_t)r->submitted_at) > o->as_of)
				continue;
			n = sites_by(d, pi->ind->id, po->code, l->round[k].due);
			if (n == r->value)
				continue;
			pi->gap = realloc(pi->gap, (pi->ngap + 1) * sizeof(*pi->gap));
			if (!pi->gap)
				abort();
			g = &pi->gap[pi->ngap++];
			snprintf(g->org, sizeof(g->org), "%s", po->code);
			snprintf(g->name, sizeof(g->name), "%s", po->name);
			snprintf(g->round, sizeof(g->round), "%s", l->round[k].due);
			g->sites = n;
			g->reported = r->value;
		}
	}
}

/* One indicator as of the day, into pi (zeroed): its pace, its regions, its own figure and colour. */
static void ind_compute(const struct ledger *l, const struct data *d, const struct progress_opts *o,
			const struct progress *p, struct prog_ind *pi, const struct ledger_ind *ind)
{
	struct ind_acc acc = { 0 };
	int last_due = -1;
	size_t j, k, lo, hi;

	if (!(pi->round = calloc(l->nround + 1, sizeof(*pi->round))))
		abort();
	pi->own = *ind;
	pi->ind = &pi->own;
	pi->completion_bp = pi->completion_raw_bp = -1;
	for (k = 0; k < l->nround; k++)
		if (p->round[k].due_passed)
			last_due = (int)k;
	pi->expected_bp = ind->agg != LEDGER_AGG_SUM ? (last_due >= 0 ? (int)MS_BP_ONE : p->expected_bp) :
		p->expected_bp;
	milestone_of(d, ind->id, last_due, &pi->expected_bp);
	if (!ind->has_target) {
		ind_narratives(d, o, pi);
		return;
	}
	assign_range(d, ind->id, &lo, &hi);
	/* one region's view: its own assigned target, not the province's */
	for (j = lo; o->org && j < hi; j++)
		if (!strcmp(d->a[j].org, o->org))
			pi->own.target = d->a[j].target;
	if (hi > lo && !(pi->org = malloc((hi - lo) * sizeof(*pi->org))))
		abort();
	for (j = lo; j < hi; j++)
		if (!(o->org && strcmp(d->a[j].org, o->org)))
			ind_org(l, d, o, p, pi, &d->a[j], last_due, &acc);
	/* every report awaiting review, a region's without a target of its own (a county's) too */
	for (j = progress_data_report_first(d, ind->id, ""); j < d->nr && !strcmp(d->r[j].ind, ind->id); j++)
		if (!(o->org && strcmp(d->r[j].org, o->org)))
			pi->pending += pending_on(&d->r[j], o->as_of);
	ind_total(pi, &acc);
	ind_sites(l, d, o, p, pi);
	/* the province's colour is its completion */
	pi->colour = colour_of(pi->completion_bp, pi->expected_bp, p->margin_pts, 0);
	if (pi->norg > 1)
		qsort(pi->org, pi->norg, sizeof(*pi->org), cmp_org_completion);
}

static void ind_free(struct prog_ind *pi)
{
	free(pi->org);
	free(pi->gap);
	free(pi->round);
	memset(pi, 0, sizeof(*pi));
}

/*
 * What the indicators add up to, counted afresh: each item's report counts,
 * the mean of its indicators' capped completions and the worst colour; each
 * round's report counts; the reports awaiting review.
 */
static void roll_up(struct progress *p)
{
	size_t i, j, k;

	p->pending = 0;
	for (k = 0; k < p->nround; k++)
		memset(&p->round[k].reports, 0, sizeof(p->round[k].reports));
	for (j = 0; j < p->nind; j++)
		for (k = 0; p->ind[j].round && k < p->nround; k++)
			prog_counts_add(&p->round[k].reports, &p->ind[j].round[k]);
	for (i = 0; i < p->nitem; i++) {
		struct prog_item *it = &p->item[i];
		int64_t total = 0;
		int n = 0;

		memset(&it->reports, 0, sizeof(it->reports));
		it->pending = 0;
		it->colour = PC_NONE;

		for (j = 0; j < p->nind; j++) {
			const struct prog_ind *pi = &p->ind[j];

			if (pi->ind->item_no != it->no)
				continue;
			prog_counts_add(&it->reports, &pi->reports);
			it->pending += pi->pending;
			if (pi->completion_bp >= 0) {
				total += pi->completion_bp;
				n++;
			}
			if (pi->colour > it->colour)
				it->colour = pi->colour;
		}
		it->completion_bp = n ? (int)(total / n) : -1;
	}
	for (j = 0; j < p->nind; j++)
		p->pending += p->ind[j].pending;
}

/* The whole progress from d, as loaded (progress_data_load). */
static void compute_all(const struct ledger *l, const struct progress_opts *o, struct data *d,
			struct progress *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	snprintf(p->plan, sizeof(p->plan), "%s", l->plan);
	p->as_of = o->as_of;
	p->margin_pts = o->margin_pts > 0 ? o->margin_pts : 10;
	p->next_round = -1;
	p->unreviewed = o->include_unreviewed != 0;
	progress_begin(l, o, d, p);
	progress_pace(l, o, p);
	p->ind = calloc(l->nind + 1, sizeof(*p->ind));
	if (!p->ind)
		abort();
	for (i = 0; i < l->nind; i++)
		if (!(o->item && l->ind[i].item_no != o->item))
			ind_compute(l, d, o, p, &p->ind[p->nind++], &l->ind[i]);
	roll_up(p);
}

int progress_compute(struct ledger *l, const struct progress_opts *o, struct progress *p,
		     struct ms_err *err)
{
	struct data d;

	memset(p, 0, sizeof(*p));
	if (progress_data_load(l, &d, err))
		return -1;
	compute_all(l, o, &d, p);
	progress_data_free(&d);
	return 0;
}

/* ---------- the kept status (the server) ---------- */

/*
 * A thread's last few status documents: the progress computed and each
 * indicator's JSON, by plan and options, with the kept load's epoch and
 * gen they were computed at. The same status asked again recomputes only
 * the indicators the load's log names since (PROGRESS_DATA_LOG reports at
 * most; more, or another epoch: everything), adds the items and rounds up
 * again, and writes the document from the indicators' kept JSON.
 */
#define KEPT_STATUSES 4

struct kept_status {
	uint64_t epoch, gen, used;   /* epoch 0: empty */
	struct progress_opts o;
	char org[32];                /* o.org's copy ("" and has_org 0: none) */
	int has_org;
	struct progress p;
	struct ms_buf *json;         /* p.nind: each indicator's JSON */
};

struct kept_statuses {
	struct kept_status s[KEPT_STATUSES];
	uint64_t clock;
};

static pthread_key_t g_status_key;
static pthread_once_t g_status_once = PTHREAD_ONCE_INIT;

static void status_clear(struct kept_status *ks)
{
	size_t j;

	for (j = 0; ks->json && j < ks->p.nind; j++)
		ms_buf_release(&ks->json[j]);
	free(ks->json);
	progress_free(&ks->p);
	memset(ks, 0, sizeof(*ks));
}

static void statuses_release(void *v)
{
	struct kept_statuses *all = v;
	size_t i;

	for (i = 0; i < KEPT_STATUSES; i++)
		status_clear(&all->s[i]);
	free(all);
}

static void status_key_init(void)
{
	if (pthread_key_create(&g_status_key, statuses_release))
		abort();
}

static int same_opts(const struct kept_status *ks, const char *plan, const struct progress_opts *o)
{
	return ks->epoch && !strcmp(ks->p.plan, plan) && ks->o.as_of == o->as_of &&
		ks->o.margin_pts == o->margin_pts && ks->o.item == o->item &&
		ks->o.include_unreviewed == o->include_unreviewed && ks->o.upto_round == o->upto_round &&
		ks->has_org == (o->org != NULL) && !(o->org && strcmp(ks->org, o->org));
}

/* The kept status for (plan, o): the one computed with them, or the least recently used, cleared. */
static struct kept_status *status_slot(struct kept_statuses *all, const char *plan,
				       const struct progress_opts *o)
{
	struct kept_status *old = &all->s[0];
	size_t i;

	all->clock++;
	for (i = 0; i < KEPT_STATUSES; i++) {
		if (same_opts(&all->s[i], plan, o)) {
			all->s[i].used = all->clock;
			return &all->s[i];
		}
		if (all->s[i].used < old->used)
			old = &all->s[i];
	}
	status_clear(old);
	old->used = all->clock;
	return old;
}

/* Whether s is among the n strings of v. */
static int listed(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/*
 * Brings ks up to date with d when it can: the indicators whose reports the
 * log names since ks->gen computed again, the roll-up redone. 1 when done,
 * 0 when ks must be computed whole.
 */
static int status_follow(const struct ledger *l, const struct progress_opts *o, struct data *d,
			 struct kept_status *ks)
{
	const char *changed[PROGRESS_DATA_LOG];
	size_t nchanged = 0, j;
	uint64_t g;

	if (ks->epoch != d->epoch || d->gen < ks->gen || d->gen - ks->gen > PROGRESS_DATA_LOG)
		return 0;
	for (g = ks->gen + 1; g <= d->gen; g++)
		if (!listed(changed, nchanged, d->log[g % PROGRESS_DATA_LOG]))
			changed[nchanged++] = d->log[g % PROGRESS_DATA_LOG];
	if (nchanged)
		implicit_assignments(d, l);
	for (j = 0; j < ks->p.nind; j++) {
		struct prog_ind *pi = &ks->p.ind[j];
		const struct ledger_ind *ind;

		if (!listed(changed, nchanged, pi->own.id))
			continue;
		if (!(ind = ledger_ind_find(l, pi->own.id)))
			return 0;
		ind_free(pi);
		ind_compute(l, d, o, &ks->p, pi, ind);
		ms_buf_reset(&ks->json[j]);
	}
	if (nchanged)
		roll_up(&ks->p);
	ks->gen = d->gen;
	return 1;
}

int progress_status_json(struct ledger *l, const struct progress_opts *o, struct ms_buf *out,
			 size_t *nitem, struct ms_err *err)
{
	struct kept_statuses *all;
	struct kept_status *ks;
	struct data d;
	size_t j;

	if (progress_data_load(l, &d, err))
		return -1;
	pthread_once(&g_status_once, status_key_init);
	if (!d.epoch || !(all = ledger_thread_state(g_status_key, sizeof(*all)))) {
		struct progress p;

		compute_all(l, o, &d, &p);
		progress_data_free(&d);
		progress_json(&p, out);
		*nitem = p.nitem;
		progress_free(&p);
		return 0;
	}
	ks = status_slot(all, l->plan, o);
	if (!status_follow(l, o, &d, ks)) {
		uint64_t used = ks->used;

		status_clear(ks);
		compute_all(l, o, &d, &ks->p);
		ks->epoch = d.epoch;
		ks->gen = d.gen;
		ks->used = used;
		ks->o = *o;
		ks->has_org = o->org != NULL;
		ms_copy(ks->org, sizeof(ks->org), o->org ? o->org : "");
		ks->o.org = NULL;
		if (!(ks->json = calloc(ks->p.nind + 1, sizeof(*ks->json))))
			abort();
		for (j = 0; j < ks->p.nind; j++)
			ms_buf_init(&ks->json[j], 0);
	}
	progress_data_free(&d);
	progress_json_parts(&ks->p, out, ks->json);
	*nitem = ks->p.nitem;
	return 0;
}

void progress_free(struct progress *p)
{
	size_t i;

	for (i = 0; i < p->nind; i++)
		ind_free(&p->ind[i]);
	free(p->ind);
	free(p->item);
	free(p->absent);
	free(p->round);
	memset(p, 0, sizeof(*p));
}

/* ---------- output ---------- */

void prog_pct(struct ms_buf *b, int bp)
{
	if (bp < 0)
		ms_buf_adds(b, "—");
	else
		ms_buf_addf(b, "%d.%d%%", bp / 100, bp % 100 / 10);
}

/*
 * A value as a reader wants it: amounts of 1万元 and more rounded to two
 * decimals of 万 or 亿 ("53.71亿元"), everything else as the unit writes it.
 */
void prog_value_text(struct ms_buf *b, const char *unit, int64_t v)
{
	static const int64_t yi = (int64_t)100000000 * 100, wan = (int64_t)10000 * 100;
	int64_t scale, q;

	if (!strcmp(unit, "元") && (v >= wan || v <= -wan)) {
		scale = v >= yi || v <= -yi ? yi : wan;
		/* hundredths of 万/亿, half up, through 128 bits: v * 100 never overflows */
		if (ms_muldiv_round(v, 100, scale, &q))
			q = v / (scale / 100);
		ms_buf_addf(b, "%s%lld.%02lld%s元", q < 0 ? "-" : "", (long long)(q < 0 ? -q : q) / 100,
			    (long long)(q < 0 ? -q : q) % 100, scale == yi ? "亿" : "万");
		return;
	}
	plan_value_format(b, unit, v);
}

void prog_site_gap_text(struct ms_buf *b, const struct prog_ind *pi, const struct prog_site_gap *g)
{
	ms_buf_addf(b, "%s 点位 ", g->round);
	prog_value_text(b, pi->ind->unit, g->sites);
	ms_buf_adds(b, " / 报送 ");
	prog_value_text(b, pi->ind->unit, g->reported);
}

/* The heading line: plan, day, 时序进度, days to the next round. */
static void render_head(const struct progress *p, struct ms_buf *out)
{
	ms_buf_adds(out, "民生实事进展");
	if (p->demo)
		ms_buf_adds(out, "（演示数据）");
	ms_buf_addf(out, " — 计划 %s，截至 ", p->plan);
	ms_date_format_cn(out, p->as_of);
	ms_buf_adds(out, "，时序进度 ");
	prog_pct(out, p->expected_bp);
	if (p->next_round >= 0) {
		ms_day due;

		ms_date_parse(p->round[p->next_round].due, strlen(p->round[p->next_round].due), &due, NULL);
		ms_buf_addf(out, "，距下次报送（%s）%d 天", p->round[p->next_round].due, (int)(due - p->as_of));
	}
	if (p->unreviewed)
		ms_buf_addf(out, "\n含待审核数据（%d 份未经审核，仅供内部参考）", p->pending);
	else
		ms_buf_addf(out, "\n仅计已审核数据；待审核 %d 份", p->pending);
	ms_buf_adds(out, "\n\n");
}

/* An item's row: its number and title, completion, colour, reports on time of expected. */
static void render_item(struct ms_table *t, const struct prog_item *it, struct ms_buf *b)
{
	ms_table_addf(t, "%lld %s", (long long)it->no, it->title);
	ms_table_add(t, "");
	ms_table_add(t, "");
	ms_buf_reset(b);
	prog_pct(b, it->completion_bp);
	ms_table_add(t, b->buf);
	ms_table_add(t, "");
	ms_table_add(t, prog_colour_cn(it->colour));
	ms_table_addf(t, "%d/%d", it->reports.on_time, it->reports.expected);
	ms_table_addf(t, "%d", it->pending);
	ms_table_add(t, "");
}

/* An indicator's row, under its item: target, actual, completion, pace, colour, reports, lagging regions. */
static void render_ind(struct ms_table *t, const struct prog_ind *pi, struct ms_buf *b)
{
	size_t k;

	ms_table_addf(t, "  %s", pi->ind->name);
	ms_buf_reset(b);
	if (pi->ind->has_target)
		prog_value_text(b, pi->ind->unit, pi->ind->target);
	else
		ms_buf_adds(b, "定性");
	ms_table_add(t, b->buf);
	ms_buf_reset(b);
	if (pi->ind->has_target && pi->ind->agg != LEDGER_AGG_SUM && pi->regions)
		ms_buf_addf(b, "达标 %d/%d 地", pi->regions_met, pi->regions);
	else if (pi->has_actual)
		prog_value_text(b, pi->ind->unit, pi->actual);
	else if (!pi->ind->has_target)
		ms_buf_addf(b, "进展报告 %d 份", pi->narratives);
	else
		ms_buf_adds(b, "—");
	ms_table_add(t, b->buf);
	ms_buf_reset(b);
	prog_pct(b, pi->completion_raw_bp);
	ms_table_add(t, b->buf);
	ms_buf_reset(b);
	if (pi->ind->has_target)
		prog_pct(b, pi->expected_bp);
	ms_table_add(t, b->buf);
	ms_table_add(t, prog_colour_cn(pi->colour));
	if (pi->ind->has_target)
		ms_table_addf(t, "%d/%d", pi->reports.on_time, pi->reports.expected);
	else
		ms_table_add(t, "");
	ms_table_addf(t, "%d", pi->pending);
	ms_buf_reset(b);
	for (k = 0; k < pi->norg && k < 60; k++) {
		const struct prog_org *po = &pi->org[k];

		if (po->colour != PC_YELLOW && po->colour != PC_RED)
			continue;
		if (b->len > 40) {
			ms_buf_adds(b, "…");
			break;
		}
		ms_buf_addf(b, "%s%s", b->len ? "、" : "", po->name);
	}
	ms_table_add(t, b->buf);
}

/* The table of items and their indicators. */
static void render_table(const struct progress *p, struct ms_buf *out)
{
	static const char *const head[] = { "指标", "目标", "完成", "完成率", "应达", "状态",
		"报送(按时/应报)", "待审核", "滞后地区" };
	struct ms_table *t = ms_table_new(9);
	struct ms_buf b = MS_BUF_INIT;
	size_t i, j, k;

	for (k = 0; k < 9; k++)
		ms_table_add(t, head[k]);
	for (k = 2; k < 8; k++)
		if (k != 5)
			ms_table_align_right(t, k);
	for (i = 0; i < p->nitem; i++) {
		render_item(t, &p->item[i], &b);
		for (j = 0; j < p->nind; j++)
			if (p->ind[j].ind->item_no == p->item[i].no)
				render_ind(t, &p->ind[j], &b);
	}
	ms_table_render(t, out);
	ms_table_free(t);
	ms_buf_release(&b);
}

/* Per round: expected, received (on time, late), missing, and the rates. */
static void render_rounds(const struct progress *p, struct ms_buf *out)
{
	size_t k;

	ms_buf_adds(out, "\n报送情况：\n");
	for (k = 0; k < p->nround; k++) {
		const struct prog_round *r = &p->round[k];

		if (!r->due_passed) {
			ms_buf_addf(out, "  %s %s：未到期\n", r->due, r->label);
			continue;
		}
		ms_buf_addf(out, "  %s %s：应报 %d，已报 %d（按时 %d，逾期 %d），未报 %d，报送率 ", r->due,
			    r->label, r->reports.expected, r->reports.received, r->reports.on_time,
			    r->reports.late, r->reports.missing);
		prog_pct(out, r->reports.expected ? prog_ratio_bp(r->reports.received, r->reports.expected) : -1);
		ms_buf_adds(out, "，按时率 ");
		prog_pct(out, r->reports.received ? prog_ratio_bp(r->reports.on_time, r->reports.received) : -1);
		ms_buf_adds(out, "\n");
	}
}

/* The regions whose reports differ from their site registers: a line per indicator and region. */
static void render_sites(const struct progress *p, struct ms_buf *out)
{
	size_t i, k;
	int any = 0;

	for (i = 0; i < p->nind; i++) {
		const struct prog_ind *pi = &p->ind[i];

		for (k = 0; k < pi->ngap; k++) {
			int same = k && !strcmp(pi->gap[k - 1].org, pi->gap[k].org);

			if (!any++)
				ms_buf_adds(out, "\n点位台账与报送不一致（截至该轮截止日已交付的点位 / 该轮报送数）：\n");
			if (!same)
				ms_buf_addf(out, "%s  %s %s：", k ? "\n" : "", pi->ind->name, pi->gap[k].name);
			else
				ms_buf_adds(out, "；");
			prog_site_gap_text(out, pi, &pi->gap[k]);
		}
		if (pi->ngap)
			ms_buf_adds(out, "\n");
	}
}

int progress_render(const struct progress *p, struct ms_buf *out)
{
	render_head(p, out);
	render_table(p, out);
	render_rounds(p, out);
	render_sites(p, out);
	ms_buf_adds(out, "\n状态：完成 = 已达目标；绿 = 不慢于时序进度；黄 = 落后不超过 ");
	ms_buf_addf(out, "%d 个百分点；红 = 落后更多或最近一轮未报送。\n", p->margin_pts);
	return 0;
}
