/*
 * demo.c - deterministic demonstration data (演示数据), so that a fresh
 * `make run` shows a programme in motion: targets broken down over the 11
 * cities, reports for each round with a few late and missing, one city
 * far behind, progress narratives for the qualitative work, and sites.
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

	if (!strcmp(d->kind, "money") || !strcmp(d->kind, "standard"))
		ms_money_format(&b, v);
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

int ledger_demo(struct store *st, const char *actor, struct ms_err *err)
{
	struct ledger l;
	struct cities c = { 0 };
	struct rng r = { 20230220 };
	static const int share[] = { 54, 80, 100 };     /* cumulative share of the year's target per round */
	int64_t t[16];
	size_t i, j, k;
	char v[64], num[64], den[64], key[160], note[512];
	int rc = -1;

	if (store_org_each(st, "city", take_city, &c, err))
		return -1;
	if (ledger_open(&l, st, NULL, actor, err))
		return -1;
	for (i = 0; i < l.nind; i++) {
		const struct ledger_ind *d = &l.ind[i];
		int64_t w[16], wsum = 0, given = 0;

		if (!d->has_target)
			continue;
		/* the breakdown */
		for (j = 0; j < c.n; j++) {
			w[j] = 6 + (int64_t)((j * 7 + i * 3) % 9);
			wsum += w[j];
		}
		for (j = 0; j < c.n; j++) {
			if (!strcmp(d->aggregation, "sum")) {
				t[j] = j + 1 < c.n ? d->target * w[j] / wsum : d->target - given;
				if (!strcmp(d->kind, "money") && j + 1 < c.n)
					t[j] -= t[j] % 100;   /* whole yuan */
				given += t[j];
			} else {
				t[j] = d->target;
			}
			fmt_value(v, sizeof(v), d, t[j]);
			if (ledger_assign_one(&l, d->id, c.code[j], v, err))
				goto out;
		}
		/* the reports, round by round */
		for (k = 0; k < l.nround && k < 3; k++) {
			for (j = 0; j < c.n; j++) {
				struct ledger_report_in in = { 0 };
				int perf = perf_of(j) + (int)((i * 13 + j * 7) % 9) - 4;
				int64_t val;

				/* 上饶 misses the second round for elderly care; 宜春 the first for AEDs */
				if ((k == 1 && d->item_no == 5 && !strcmp(c.code[j], "361100")) ||
				    (k == 0 && d->item_no == 10 && !strcmp(c.code[j], "360900")))
					continue;
				in.indicator = d->id;
				in.org = c.code[j];
				in.round = l.round[k].due;
				in.origin = "demo";
				/* 吉安 is a day late every round; others now and then */
				in.submitted_at = (time_t)l.round[k].day * 86400 + 2 * 3600 -
					(time_t)between(&r, 1, 6) * 86400;
				if (!strcmp(c.code[j], "360800") || between(&r, 0, 19) == 0)
					in.submitted_at = (time_t)l.round[k].day * 86400 + 2 * 3600 + 86400;
				if (!strcmp(d->aggregation, "sum")) {
					val = t[j] * share[k] / 100 * perf / 100;
					if (!strcmp(d->kind, "money"))
						val -= val % 100;
					fmt_value(v, sizeof(v), d, val);
					in.value = v;
					if (val > t[j] * 3 || perf < 70) {
						snprintf(note, sizeof(note), "（演示数据）%s进度偏慢：项目前期手续办理滞后，已督促加快。",
							 c.name[j]);
						in.narrative = note;
					}
				} else if (!strcmp(d->unit, "%")) {
					int64_t dn = between(&r, 800, 5000);
					int64_t bp = d->target + between(&r, -300, 600);

					if (perf < 70)
						bp = d->target - 1200;
					if (bp > 10000)
						bp = 10000;
					snprintf(den, sizeof(den), "%lld", (long long)dn);
					snprintf(num, sizeof(num), "%lld", (long long)(dn * bp / 10000));
					in.numerator = num;
					in.denominator = den;
				} else if (!strcmp(d->aggregation, "ratio")) {
					int64_t persons = between(&r, 20000, 90000);
					int64_t level = d->target + between(&r, -1500, 3000);

					if (perf < 70)
						level = d->target - 4000;
					snprintf(den, sizeof(den), "%lld", (long long)persons);
					fmt_value(num, sizeof(num), d, persons * level);
					in.numerator = num;
					in.denominator = den;
				} else {
					/* a standard every region must reach: one city catches up in round 2 */
					val = perf < 70 && k == 0 ? d->target - 1500 : d->target + (between(&r, 0, 3) == 0 ? 1000 : 0);
					fmt_value(v, sizeof(v), d, val);
					in.value = v;
				}
				if (ledger_report_one(&l, &in, NULL, err)) {
					ms_err_prefix(err, "demo data %s %s %s", d->id, c.code[j], l.round[k].due);
					goto out;
				}
			}
		}
	}
	/* progress narratives of the qualitative work, from the item's lead unit */
	for (i = 0; i < l.nind; i++) {
		const struct ledger_ind *d = &l.ind[i];
		static const char *const leads[] = { "", "hrss", "civil", "civil", "civil", "civil",
			"hrss", "", "", "ndrc", "redcross" };

		if (d->has_target || d->item_no < 1 || d->item_no > 10 || !*leads[d->item_no])
			continue;
		for (k = 0; k < l.nround && k < 2; k++) {
			struct ledger_report_in in = { 0 };

			snprintf(note, sizeof(note), "（演示数据）%s：已制定实施方案，按计划推进，第%zu轮进展正常。",
				 d->name, k + 1);
			in.indicator = d->id;
			in.org = leads[d->item_no];
			in.round = l.round[k].due;
			in.narrative = note;
			in.origin = "demo";
			in.submitted_at = (time_t)l.round[k].day * 86400 - 3 * 86400;
			if (ledger_report_one(&l, &in, NULL, err))
				goto out;
		}
	}
	/* sites: every AED and every new community elderly home delivered by the last round */
	for (i = 0; i < l.nind; i++) {
		const struct ledger_ind *d = &l.ind[i];
		int aed = !strcmp(d->id, "10.aeds");

		if (!aed && strcmp(d->id, "5.community_elderly_homes"))
			continue;
		for (j = 0; j < c.n; j++) {
			int64_t n = 0, m;

			/* as many as the city's target times its performance, at most the target */
			n = d->target * (6 + (int64_t)((j * 7 + i * 3) % 9));
			n = n / 120 * perf_of(j) / 100;
			for (m = 0; m < n; m++) {
				struct store_site s = { 0 };
				char name[160], addr[200], day[16];
				int64_t dd = between(&r, 1, 300);
				ms_day on = l.start + (ms_day)dd;
				int y, mo, da;

				ms_date_to_ymd(on, &y, &mo, &da);
				snprintf(day, sizeof(day), "%04d-%02d-%02d", y, mo, da);
				if (aed) {
					const char *venue = aed_venues[next(&r) % 9];

					snprintf(name, sizeof(name), "%s%s第%lld号AED投放点（演示）", c.name[j], venue,
						 (long long)m + 1);
					s.kind = venue;
				} else {
					snprintf(name, sizeof(name), "%s社区嵌入式养老院%lld号（演示）", c.name[j],
						 (long long)m + 1);
					s.kind = "社区嵌入式养老院";
				}
				snprintf(addr, sizeof(addr), "%s（演示地址）", c.name[j]);
				s.plan = l.plan;
				s.indicator = d->id;
				s.org = c.code[j];
				s.name = name;
				s.address = addr;
				s.delivered_on = day;
				s.status = "delivered";
				s.quantity = 1;
				s.origin = "demo";
				if (store_site_add(st, &s, NULL, err))
					goto out;
			}
		}
	}
	snprintf(key, sizeof(key), "%s", l.plan);
	if (store_setting_put(st, "demo", "1", err) ||
	    store_journal(st, actor, "demo.load", "setting", key, NULL,
			  "{\"demo\":true,\"note\":\"演示数据\"}", err))
		goto out;
	rc = 0;
out:
	ledger_close(&l);
	return rc;
}
