/*
 * candidates.c - 筛选: staff merge proposals into candidate projects (候选项目)
 * with targets, lead and responsible units, an estimated cost and its basis,
 * and the lead unit's feasibility note; the list is published (公示) before
 * the vote.
 */
#include "vote.h"
#include "vote_parts.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/money.h"
#include "core/text.h"
#include "store/store.h"
#include "core/banned.h"

static int need(const char *s, const char *field, const char *label, struct ms_err *err)
{
	if (!s || !*s)
		return ms_err_field(err, MS_E_INVALID, field, "%s不能为空 (%s: required)", label, field);
	if (strlen(s) > 2000 || !ms_utf8_valid(s, strlen(s), NULL))
		return ms_err_field(err, MS_E_INVALID, field, "%s过长或不是有效文字 (%s: too long or not UTF-8)", label,
				    field);
	return 0;
}

/* Each proposal of the list: of this government and year, not declined nor merged; then merged into id. */
static int merge_proposals(struct store *st, const struct vote_candidate *c, int64_t id, struct ms_err *err)
{
	const char *p = c->proposals;
	int n = 0;

	while (p && *p) {
		char status[16], region[32], *end;
		int64_t year;
		long long pid = strtoll(p, &end, 10);

		if (end == p || pid <= 0)
			return ms_err_field(err, MS_E_INVALID, "proposals", "来源建议应为建议编号，以逗号分隔，如 3,7,12 (proposals)");
		if (vote_proposal_find(st, pid, status, region, &year, err)) {
			ms_err_field(err, err->kind, "proposals", "没有第 %lld 号建议 (no such proposal)", pid);
			return -1;
		}
		if (strcmp(region, c->region) || year != c->year)
			return ms_err_field(err, MS_E_INVALID, "proposals", "第 %lld 号建议不属于 %s %lld 年 (another government)",
					    pid, c->region, (long long)c->year);
		if (!strcmp(status, "declined") || !strcmp(status, "merged"))
			return ms_err_field(err, MS_E_CONFLICT, "proposals", "第 %lld 号建议%s (not available)", pid,
					    !strcmp(status, "merged") ? "已并入其他候选项目" : "未被采纳");
		if (store_proposal_set_status(st, pid, "merged", NULL, id, err))
			return -1;
		n++;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
	if (!n)
		return ms_err_field(err, MS_E_INVALID, "proposals", "候选项目应列出来源建议（建议编号） (proposals)");
	return 0;
}

static int candidate_work(struct store *st, const struct vote_candidate *c, int64_t cost, const char *actor,
			  int64_t *id, struct ms_err *err)
{
	struct store_candidate sc = {
		.region = c->region, .level = c->level, .year = c->year, .title = c->title, .targets = c->targets,
		.lead = c->lead, .units = c->units ? c->units : "", .cost = cost, .cost_basis = c->cost_basis,
		.feasibility = c->feasibility,
	};
	char key[32];

	if (store_candidate_add(st, &sc, id, err)) {
		if (err->kind == MS_E_CONFLICT || strstr(err->msg, "UNIQUE"))
			ms_err_field(err, MS_E_CONFLICT, "title", "已有同名候选项目“%s” (title taken)", c->title);
		return -1;
	}
	if (merge_proposals(st, c, *id, err))
		return -1;
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	return store_journal_json(st, actor, "candidate.add", "candidate", key, NULL,
				  json_pack("{s:s, s:s, s:I, s:s}", "title", c->title, "lead", c->lead, "cost",
					    (json_int_t)cost, "proposals", c->proposals), err);
}

int vote_candidate_add(struct store *st, const struct vote_candidate *c, const char *cost,
		       const char *actor, int64_t *id, struct ms_err *err)
{
	int64_t fen, dummy;

	if (!id)
		id = &dummy;
	if (vote_gov_check(c->region, c->level, c->year, err) || need(c->title, "title", "项目名称", err) ||
	    need(c->targets, "targets", "目标任务", err) || need(c->lead, "lead", "牵头单位", err) ||
	    need(c->cost_basis, "cost_basis", "估算依据", err) ||
	    need(c->feasibility, "feasibility", "可行性意见", err))
		return -1;
	if (!cost || (!strstr(cost, "元") && !strstr(cost, "万") && !strstr(cost, "亿")) ||
	    ms_money_parse(cost, strlen(cost), &fen, err) || fen < 0)
		return ms_err_field(err, MS_E_INVALID, "cost", "估算资金应写明单位，如 120万元 (cost, e.g. 120万元)");
	if (store_begin(st, err))
		return -1;
	return store_end(st, candidate_work(st, c, fen, actor, id, err), err);
}

int vote_candidate_publish(struct store *st, const char *region, int64_t year, const char *actor,
			   long *n, struct ms_err *err)
{
	char now[32], key[48];
	int64_t k = 0;
	int rc;

	*n = 0;
	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%s-%lld", region, (long long)year);
	if (store_begin(st, err))
		return -1;
	rc = store_candidate_publish(st, region, year, now, &k, err);
	if (!rc && !k)
		rc = ms_err_setk(err, MS_E_CONFLICT, "%s %lld 年没有待公示的候选项目 (nothing to publish)", region,
				 (long long)year);
	if (!rc)
		rc = store_journal_json(st, actor, "candidate.publish", "candidate", key, NULL,
					json_pack("{s:I}", "published", (json_int_t)k), err);
	if (store_end(st, rc, err))
		return -1;
	*n = (long)k;
	return 0;
}

struct cand_ctx {
	int (*fn)(const struct vote_candidate *c, void *arg);
	void *arg;
};

static int cand_row(const struct store_candidate *s, void *arg)
{
	struct cand_ctx *x = arg;
	struct vote_candidate c = {
		.id = s->id, .region = s->region, .level = s->level, .year = s->year, .title = s->title,
		.targets = s->targets, .lead = s->lead, .units = s->units, .cost = s->cost,
		.cost_basis = s->cost_basis, .feasibility = s->feasibility, .proposals = s->proposals,
		.asked = s->asked, .published_at = s->published_at,
	};

	return x->fn(&c, x->arg);
}

int vote_candidate_each(struct store *st, const char *region, int64_t year, int published_only,
			int (*fn)(const struct vote_candidate *c, void *arg), void *arg, struct ms_err *err)
{
	struct cand_ctx x = { fn, arg };

	return store_candidate_each(st, region, year, published_only, cand_row, &x, err);
}
