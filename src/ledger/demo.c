/*
 * demo.c - deterministic demonstration data (演示数据), so that a fresh
 * `make run` shows a programme in motion: targets broken down over the 11
 * cities, reports for each round with a few late and missing, one city
 * far behind, progress narratives for the qualitative work, sites, and
 * the lead units' review: the first two rounds approved (one report
 * returned), the last round awaiting review.
 * Same data every time: a fixed-seed generator, no clock.
 */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/banned.h"

struct rng { uint64_t s; };

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* uniform in [lo, hi] */
static int64_t between(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1));
}

struct cities {
	char code[16][16];
	char name[16][64];
	size_t n;
};

static int take_city(const struct store_org *o, void *arg)
{
	struct cities *c = arg;

	if (c->n < 16) {
		snprintf(c->code[c->n], sizeof(c->code[0]), "%s", o->code);
		snprintf(c->name[c->n], sizeof(c->name[0]), "%s", o->name);
		c->n++;
	}
	return 0;
}

/* The performance of each city, in percent of the pace: one far behind, most near it. */
static int perf_of(size_t i)
{
	static const int perf[] = { 104, 97, 92, 55, 100, 96, 88, 101, 93, 99, 95 };

	return perf[i % 11];
}

static void fmt_value(char *out, size_t n, const struct ledger_ind *d, int64_t v)
{
	struct ms_buf b = MS_BUF_INIT;

	if (d->kind == PLAN_KIND_MONEY || d->kind == PLAN_KIND_STANDARD) {
		ms_money_format(&b, v);
		ms_buf_adds(&b, "元");
	}
	else if (!strcmp(d->unit, "%"))
		ms_pct_format(&b, v);
	else
		ms_buf_addf(&b, "%lld", (long long)v);
	snprintf(out, n, "%s", b.buf);
	ms_buf_release(&b);
}

static const char *const aed_venues[] = {
	"学校", "企事业单位", "市民服务中心", "客运车站", "火车站", "地铁站",
	"大型体育运动场（馆）", "大型商场", "大型商业综合体",
};

/* One demonstration run: the ledger, the cities, the generator and the targets of the indicator at hand. */
struct demo {
	struct ledger l;
	struct cities c;
	struct rng r;
	int64_t t[16];
	char v[64], num[64], den[64], note[512];
};

/* Breaks indicator i's target down over the cities by fixed weights (sums), or gives each the level. */
static int demo_breakdown(struct demo *x, size_t i, struct ms_err *err)
{
	const struct ledger_ind *d = &x->l.ind[i];
	int64_t w[16], wsum = 0, given = 0;
	size_t j;

	for (j = 0; j < x->c.n; j++) {
		w[j] = 6 + (int64_t)((j * 7 + i * 3) % 9);
		wsum += w[j];
	}
	for (j = 0; j < x->c.n; j++) {
		if (d->agg == LEDGER_AGG_SUM) {
			x->t[j] = j + 1 < x->c.n ? d->target * w[j] / wsum : d->target - given;
			if (d->kind == PLAN_KIND_MONEY && j + 1 < x->c.n)
				x->t[j] -= x->t[j] % 100;   /* whole yuan */
			given += x->t[j];
		} else {
			x->t[j] = d->target;
		}
		fmt_value(x->v, sizeof(x->v), d, x->t[j]);
		if (ledger_assign_one(&x->l, d->id, x->c.code[j], x->v, err))
			return -1;
	}
	return 0;
}

/* The figure city j reports for round k of a quantified indicator, at its performance perf. */
static void demo_figure(struct demo *x, const struct ledger_ind *d, size_t j, size_t k, int perf,
			struct ledger_report_in *in)
{
	static const int share[] = { 54, 80, 100 };     /* cumulative share of the year's target per round */
	int64_t val;

	if (d->agg == LEDGER_AGG_SUM) {
		val = x->t[j] * share[k] / 100 * perf / 100;
		if (d->kind == PLAN_KIND_MONEY)
			val -= val % 100;
		fmt_value(x->v, sizeof(x->v), d, val);
		in->value = x->v;
		if (val > x->t[j] * 3 || perf < 70) {
			snprintf(x->note, sizeof(x->note), "（演示数据）%s进度偏慢：项目前期手续办理滞后，已督促加快。",
				 x->c.name[j]);
			in->narrative = x->note;
		}
	} else if (!strcmp(d->unit, "%")) {
		int64_t dn = between(&x->r, 800, 5000);
		int64_t jit = between(&x->r, -300, 600);
		int le = d->cmp == MS_CMP_LE;   /* a ceiling (失业率控制在5.5%以内): doing well is below it */
		int64_t bp = le ? d->target - jit / 4 : d->target + jit;

		if (perf < 70)
			bp = le ? d->target + 1200 : d->target - 1200;
		if (bp < 0)
			bp = 0;
		if (bp > MS_BP_ONE)
			bp = MS_BP_ONE;
		snprintf(x->den, sizeof(x->den), "%lld", (long long)dn);
		snprintf(x->num, sizeof(x->num), "%lld", (long long)(dn * bp / MS_BP_ONE));
		in->numerator = x->num;
		in->denominator = x->den;
	} else if (d->agg == LEDGER_AGG_RATIO) {
		int64_t persons = between(&x->r, 20000, 90000);
		int64_t level = d->target + between(&x->r, -1500, 3000);

		if (perf < 70)
			level = d->target - 4000;
		snprintf(x->den, sizeof(x->den), "%lld", (long long)persons);
		fmt_value(x->num, sizeof(x->num), d, persons * level);
		in->numerator = x->num;
		in->denominator = x->den;
	} else {
		/* a standard every region must reach: one city catches up in round 2 */
		val = perf < 70 && k == 0 ? d->target - 1500 : d->target + (between(&x->r, 0, 3) == 0 ? 1000 : 0);
		fmt_value(x->v, sizeof(x->v), d, val);
		in->value = x->v;
	}
}

/* Indicator i's reports, round by round and city by city, some late, two missing. */
static int demo_reports(struct demo *x, size_t i, struct ms_err *err)
{
	const struct ledger_ind *d = &x->l.ind[i];
	const struct ledger *l = &x->l;
	size_t j, k;

	for (k = 0; k < l->nround && k < 3; k++) {
		for (j = 0; j < x->c.n; j++) {
			struct ledger_report_in in = { 0 };
			int perf = perf_of(j) + (int)((i * 13 + j * 7) % 9) - 4;

			/* 上饶 misses the second round for elderly care; 宜春 the first for AEDs */
			if ((k == 1 && d->item_no == 5 && !strcmp(x->c.code[j], "361100")) ||
			    (k == 0 && d->item_no == 10 && !strcmp(x->c.code[j], "360900")))
				continue;
			in.indicator = d->id;
			in.org = x->c.code[j];
			in.round = l->round[k].due;
			in.origin = "demo";
			/* 吉安 is a day late every round; others now and then */
			in.submitted_at = (time_t)l->round[k].day * 86400 + 2 * 3600 -
				(time_t)between(&x->r, 1, 6) * 86400;
			if (!strcmp(x->c.code[j], "360800") || between(&x->r, 0, 19) == 0)
				in.submitted_at = (time_t)l->round[k].day * 86400 + 2 * 3600 + 86400;
			demo_figure(x, d, j, k, perf, &in);
			if (ledger_report_one(&x->l, &in, NULL, err))
				return ms_err_prefix(err, "demo data %s %s %s", d->id, x->c.code[j], l->round[k].due);
		}
	}
	return 0;
}

/* Progress narratives of the qualitative work, from the item's lead unit. */
static int demo_narratives(struct demo *x, struct ms_err *err)
{
	static const char *const leads[] = { "", "hrss", "civil", "civil", "civil", "civil",
		"hrss", "", "", "ndrc", "redcross" };
	const struct ledger *l = &x->l;
	size_t i, k;

	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];

		if (d->has_target || d->item_no < 1 || d->item_no > 10 || !*leads[d->item_no])
			continue;
		for (k = 0; k < l->nround && k < 2; k++) {
			struct ledger_report_in in = { 0 };

			snprintf(x->note, sizeof(x->note), "（演示数据）%s：已制定实施方案，按计划推进，第%zu轮进展正常。",
				 d->name, k + 1);
			in.indicator = d->id;
			in.org = leads[d->item_no];
			in.round = l->round[k].due;
			in.narrative = x->note;
			in.origin = "demo";
			in.submitted_at = (time_t)l->round[k].day * 86400 - 3 * 86400;
			if (ledger_report_one(&x->l, &in, NULL, err))
				return -1;
		}
	}
	return 0;
}

/* The seat of each city (its code), latitude and longitude in millionths of a degree: where its sites gather. */
static const struct { const char *code; int64_t lat, lon; } city_seat[] = {
	{ "360100", 28682000, 115858000 }, { "360200", 29269000, 117178000 }, { "360300", 27623000, 113854000 },
	{ "360400", 29705000, 116002000 }, { "360500", 27818000, 114917000 }, { "360600", 28260000, 117069000 },
	{ "360700", 25831000, 114934000 }, { "360800", 27113000, 114993000 }, { "360900", 27815000, 114416000 },
	{ "361000", 27949000, 116358000 }, { "361100", 28455000, 117943000 },
};

/*
 * A site's coordinates: near its city's seat, scattered by a hash of (city,
 * indicator, number) — not by the demo's generator, whose sequence the
 * reports and reviews after the sites depend on. No coordinates for a city
 * the table lacks.
 */
static void demo_coords(struct store_site *s, const char *city, size_t i, int64_t m)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	size_t k;

	for (k = 0; k < sizeof(city_seat) / sizeof(city_seat[0]) && strcmp(city_seat[k].code, city); k++)
		;
	if (k == sizeof(city_seat) / sizeof(city_seat[0]))
		return;
	h ^= (uint64_t)k * 0xBF58476D1CE4E5B9ULL ^ (uint64_t)i * 0x94D049BB133111EBULL ^ (uint64_t)m * 0x2545F4914F6CDD1DULL;
	h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 29;
	s->has_coords = 1;
	/* within about 0.12 degrees of latitude and 0.14 of longitude (some 13 km) */
	s->lat_e6 = city_seat[k].lat + (int64_t)(h % 240001) - 120000;
	s->lon_e6 = city_seat[k].lon + (int64_t)((h >> 24) % 280001) - 140000;
}

/* City j's m-th site of indicator i (d: an AED or a community elderly home), delivered in the year. */
static int demo_site(struct demo *x, size_t i, const struct ledger_ind *d, int aed, size_t j, int64_t m,
		     struct ms_err *err)
{
	struct store_site s = { 0 };
	char name[160], addr[200], day[16];
	int64_t dd = between(&x->r, 1, 300);
	ms_day on = x->l.start + (ms_day)dd;
	int y, mo, da;

	ms_date_to_ymd(on, &y, &mo, &da);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, mo, da);
	if (aed) {
		const char *venue = aed_venues[next(&x->r) % 9];

		snprintf(name, sizeof(name), "%s%s第%lld号AED投放点（演示）", x->c.name[j], venue,
			 (long long)m + 1);
		s.kind = venue;
	} else {
		snprintf(name, sizeof(name), "%s社区嵌入式养老院%lld号（演示）", x->c.name[j],
			 (long long)m + 1);
		s.kind = "社区嵌入式养老院";
	}
	snprintf(addr, sizeof(addr), "%s（演示地址）", x->c.name[j]);
	s.plan = x->l.plan;
	s.indicator = d->id;
	s.org = x->c.code[j];
	s.name = name;
	s.address = addr;
	s.delivered_on = day;
	s.status = "delivered";
	s.quantity = 1;
	s.origin = "demo";
	demo_coords(&s, s.org, i, m);
	return store_site_add(x->l.st, &s, NULL, err);
}

/* City j's AED sites still under way: two being installed and one planned (not delivered, so never counted). */
static int demo_sites_pending(struct demo *x, size_t i, const struct ledger_ind *d, size_t j, int64_t n,
			      struct ms_err *err)
{
	static const char *const state[] = { "building", "building", "planned" };
	char name[160], addr[200];
	size_t k;

	for (k = 0; k < 3; k++) {
		struct store_site s = { 0 };

		snprintf(name, sizeof(name), "%s%s第%lld号AED投放点（演示，%s）", x->c.name[j],
			 aed_venues[(j + k) % 9], (long long)(n + (int64_t)k + 1), k < 2 ? "在建" : "计划");
		snprintf(addr, sizeof(addr), "%s（演示地址）", x->c.name[j]);
		s.plan = x->l.plan;
		s.indicator = d->id;
		s.org = x->c.code[j];
		s.name = name;
		s.address = addr;
		s.kind = aed_venues[(j + k) % 9];
		s.status = state[k];
		s.quantity = 1;
		s.origin = "demo";
		demo_coords(&s, s.org, i, n + (int64_t)k);
		if (store_site_add(x->l.st, &s, NULL, err))
			return -1;
	}
	return 0;
}

/* Sites: every AED and every new community elderly home delivered by the last round, and a few AEDs under way. */
static int demo_sites(struct demo *x, struct ms_err *err)
{
	const struct ledger *l = &x->l;
	size_t i, j;

	for (i = 0; i < l->nind; i++) {
		const struct ledger_ind *d = &l->ind[i];
		int aed = !strcmp(d->id, "10.aeds");

		if (!aed && strcmp(d->id, "5.community_elderly_homes"))
			continue;
		for (j = 0; j < x->c.n; j++) {
			int64_t n, m;

			/* as many as the city's target times its performance, at most the target */
			n = d->target * (6 + (int64_t)((j * 7 + i * 3) % 9));
			n = n / 120 * perf_of(j) / 100;
			for (m = 0; m < n; m++)
				if (demo_site(x, i, d, aed, j, m, err))
					return -1;
			if (aed && demo_sites_pending(x, i, d, j, n, err))
				return -1;
		}
	}
	return 0;
}

/* The reports the demo reviews: every report filed, kept aside while reading. */
struct filed {
	char ind[64], org[32], round[16];
	int64_t submitted_at;
};
struct filed_list {
	struct filed *f;
	size_t n;
	char reviewer[16][16];        /* per item number: the lead unit's demo account, else admin */
};

static int take_filed(const struct store_report *r, void *arg)
{
	struct filed_list *fl = arg;

	fl->f = realloc(fl->f, (fl->n + 1) * sizeof(*fl->f));
	if (!fl->f)
		abort();
	snprintf(fl->f[fl->n].ind, sizeof(fl->f[0].ind), "%s", r->indicator);
	snprintf(fl->f[fl->n].org, sizeof(fl->f[0].org), "%s", r->org);
	snprintf(fl->f[fl->n].round, sizeof(fl->f[0].round), "%s", r->round);
	fl->f[fl->n++].submitted_at = r->submitted_at;
	return 0;
}

/* An item's reviewer: its first lead unit when that unit has a demo account (hrss, civil), else admin. */
static int take_reviewer(int64_t no, const char *title, const char *leads, const char *resp, void *arg)
{
	struct filed_list *fl = arg;
	const char *who = !strncmp(leads, "hrss", 4) && (!leads[4] || leads[4] == ',') ? "hrss" :
		!strncmp(leads, "civil", 5) && (!leads[5] || leads[5] == ',') ? "civil" : "admin";

	(void)title;
	(void)resp;
	if (no >= 0 && no < 16)
		snprintf(fl->reviewer[no], sizeof(fl->reviewer[0]), "%s", who);
	return 0;
}

/*
 * Review: the lead unit approves every report one to four days after it
 * came in, in office hours; one is returned with a reason; the last
 * round filed (2023-12-25) awaits review. The qualitative
 * progress reports come from the lead units themselves: the office
 * (admin) approves them. A generator of its own keeps the figures above
 * as they were.
 */
/*
 * Reviews f on day, in China office hours (09:00-16:59, the time drawn from
 * r): approved, or returned with why when back.
 */
static int review_in_hours(struct demo *x, struct rng *r, ms_day day, const struct filed *f, int back,
			   const char *why, struct ms_err *err)
{
	x->l.now = (time_t)day * 86400 - 8 * 3600 + (time_t)between(r, 9, 16) * 3600 +
		(time_t)between(r, 0, 59) * 60;
	return ledger_review_one(&x->l, f->ind, f->org, f->round, !back, back ? why : NULL,
				 LEDGER_STEP_NEXT, NULL, err);
}

static int demo_reviews(struct demo *x, struct ms_err *err)
{
	struct filed_list fl = { 0 };
	struct rng r = { 20231225 };
	const char *actor = x->l.actor, *last = x->l.nround >= 3 ? x->l.round[2].due : "";
	size_t i;
	int rc = -1;

	if (store_report_each(x->l.st, x->l.plan, NULL, NULL, take_filed, &fl, err) ||
	    store_item_each(x->l.st, x->l.plan, take_reviewer, &fl, err))
		goto out;
	for (i = 0; i < fl.n; i++) {
		const struct filed *f = &fl.f[i];
		const struct ledger_ind *d = ledger_ind_find(&x->l, f->ind);
		ms_day day = ms_date_of_time_cn((time_t)f->submitted_at) + (ms_day)between(&r, 1, 4);
		int back = !strcmp(f->ind, "1.guarantee_fund_added") && !strcmp(f->org, "360800") &&
			!strcmp(f->round, "2023-10-30");

		if (!d || f->submitted_at < 0)
			continue;
		x->l.actor = d->has_target && d->item_no > 0 && d->item_no < 16 && fl.reviewer[d->item_no][0] ?
			fl.reviewer[d->item_no] : "admin";
		/* the last round filed is being reviewed */
		if (!strcmp(f->round, last))
			continue;
		if (review_in_hours(x, &r, day, f, back, "（演示数据）累计数与贷款台账不符，请核对后重新报送。", err))
			goto out;
	}
	rc = 0;
out:
	x->l.actor = actor;
	free(fl.f);
	return rc;
}

/* ---------- a city's programme (南昌's): its districts and counties, two rounds ---------- */

/* The performance of each district or county, in percent of the pace: the last far behind. */
static int city_perf(size_t j)
{
	static const int perf[] = { 103, 98, 95, 100, 90, 97, 93, 99, 60 };

	return perf[j % 9];
}

/* An item's first lead unit, per item number, for the city's narratives. */
struct city_leads {
	char lead[16][48];
};

static int take_lead(int64_t no, const char *title, const char *leads, const char *resp, void *arg)
{
	struct city_leads *c = arg;
	size_t n = strcspn(leads, ",");

	(void)title;
	(void)resp;
	if (no >= 0 && no < 16 && n < sizeof(c->lead[0]))
		snprintf(c->lead[no], n + 1, "%s", leads);
	return 0;
}

/*
 * Indicator i's reports in the city's first two rounds, district by
 * district: a few days early, one a day late in the second round, one
 * missing; a qualitative indicator's progress from its item's lead unit.
 */
static int city_reports(struct demo *x, const struct city_leads *cl, size_t i, struct ms_err *err)
{
	const struct ledger_ind *d = &x->l.ind[i];
	const struct ledger *l = &x->l;
	size_t j, k, n = d->has_target ? x->c.n : 1;

	for (k = 0; k < l->nround && k < 2; k++) {
		for (j = 0; j < n; j++) {
			struct ledger_report_in in = { 0 };
			int perf = city_perf(j) + (int)((i * 13 + j * 7) % 9) - 4;

			/* 安义县 misses the second round of the elderly-care beds */
			if (k == 1 && d->item_no == 7 && j == 7)
				continue;
			in.indicator = d->id;
			in.round = l->round[k].due;
			in.origin = "demo";
			in.submitted_at = (time_t)l->round[k].day * 86400 + 2 * 3600 -
				(time_t)between(&x->r, 1, 6) * 86400;
			if (!d->has_target) {
				if (d->item_no < 1 || d->item_no >= 16 || !cl->lead[d->item_no][0])
					break;
				snprintf(x->note, sizeof(x->note), "（演示数据）%s：已制定实施方案，第%zu轮进展正常。",
					 d->name, k + 1);
				in.org = cl->lead[d->item_no];
				in.narrative = x->note;
			} else {
				in.org = x->c.code[j];
				/* 新建区 is a day late in the second round */
				if (k == 1 && j == 4)
					in.submitted_at = (time_t)l->round[k].day * 86400 + 2 * 3600 + 86400;
				demo_figure(x, d, j, k, perf, &in);
			}
			if (ledger_report_one(&x->l, &in, NULL, err))
				return ms_err_prefix(err, "demo data %s %s %s", d->id, in.org, l->round[k].due);
		}
	}
	return 0;
}

/*
 * The city's review: its administrator approves the first round's reports
 * one to four days after they came in, in office hours, and returns one;
 * the second round awaits review.
 */
static int city_reviews(struct demo *x, const char *reviewer, struct ms_err *err)
{
	struct filed_list fl = { 0 };
	struct rng r = { 20240630 };
	const char *actor = x->l.actor;
	size_t i;
	int rc = -1;

	if (!x->l.nround)
		return 0;
	if (store_report_each(x->l.st, x->l.plan, NULL, NULL, take_filed, &fl, err))
		goto out;
	x->l.actor = reviewer;
	for (i = 0; i < fl.n; i++) {
		const struct filed *f = &fl.f[i];
		ms_day day = ms_date_of_time_cn((time_t)f->submitted_at) + (ms_day)between(&r, 1, 4);
		int back = !strcmp(f->ind, "4.count_1") && !strcmp(f->org, "360111");

		if (strcmp(f->round, x->l.round[0].due) || f->submitted_at < 0)
			continue;
		if (review_in_hours(x, &r, day, f, back, "（演示数据）新建幼儿园数与教育部门台账不符，请核对后重新报送。", err))
			goto out;
	}
	rc = 0;
out:
	x->l.actor = actor;
	free(fl.f);
	return rc;
}

int ledger_demo_city(struct store *st, const char *plan, const char *reviewer, const char *actor,
		     struct ms_err *err)
{
	struct demo *x = calloc(1, sizeof(*x));
	struct city_leads cl;
	size_t i;
	int rc = -1;

	if (!x)
		abort();
	memset(&cl, 0, sizeof(cl));
	x->r.s = 20240308;
	if (ledger_open(&x->l, st, plan, actor, err)) {
		free(x);
		return -1;
	}
	if (store_org_children(st, x->l.region, take_city, &x->c, err) ||
	    store_item_each(st, x->l.plan, take_lead, &cl, err))
		goto out;
	for (i = 0; i < x->l.nind; i++)
		if ((x->l.ind[i].has_target && demo_breakdown(x, i, err)) || city_reports(x, &cl, i, err))
			goto out;
	if (city_reviews(x, reviewer, err) ||
	    store_journal(st, actor, "demo.load", "setting", x->l.plan, NULL,
			  "{\"demo\":true,\"note\":\"演示数据\"}", err))
		goto out;
	rc = 0;
out:
	ledger_close(&x->l);
	free(x);
	return rc;
}

int ledger_demo(struct store *st, const char *actor, struct ms_err *err)
{
	struct demo *x = calloc(1, sizeof(*x));
	char grace[16];
	size_t i;
	int rc = -1;

	if (!x)
		abort();
	x->r.s = 20230220;
	/* a newcomer can try filing: the demo's rounds never close by themselves */
	snprintf(grace, sizeof(grace), "%d", LEDGER_GRACE_MAX);
	if (store_setting_put(st, "rounds.grace_days", grace, err) ||
	    ledger_open(&x->l, st, NULL, actor, err) ||
	    store_org_children(st, x->l.region, take_city, &x->c, err)) {
		free(x);
		return -1;
	}
	for (i = 0; i < x->l.nind; i++)
		if (x->l.ind[i].has_target &&
		    (demo_breakdown(x, i, err) || demo_reports(x, i, err)))
			goto out;
	if (demo_narratives(x, err) || demo_sites(x, err) || demo_reviews(x, err))
		goto out;
	if (store_setting_put(st, "demo", "1", err) ||
	    store_journal(st, actor, "demo.load", "setting", x->l.plan, NULL,
			  "{\"demo\":true,\"note\":\"演示数据\"}", err))
		goto out;
	rc = 0;
out:
	ledger_close(&x->l);
	free(x);
	return rc;
}
