/*
 * survey.c - satisfaction surveys (eval.h): the import of the responses, one
 * table of the answers each column takes, and a rate with its Wilson interval.
 */
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/money.h"
#include "core/text.h"
#include "store/store.h"
#include "core/banned.h"

static const char *const survey_cols[] = { "region", "item", "satisfaction", "aware", "respondent", NULL };
static const int survey_req[] = { 1, 1, 1, 0, 0 };

/* An answer as written (Chinese or English) and what the store keeps of it. */
struct answer {
	const char *word;
	const char *value;            /* the stored word, or NULL for a number */
	int n;                        /* a score 1-5, or aware 1/0 */
};

/* 满意 / 基本满意 / 不满意, or a score 1-5 (4-5 满意, 3 基本满意, 1-2 不满意). */
static const struct answer satisfaction_answers[] = {
	{ "满意", "satisfied", 0 }, { "satisfied", "satisfied", 0 },
	{ "基本满意", "basic", 0 }, { "basic", "basic", 0 },
	{ "不满意", "unsatisfied", 0 }, { "unsatisfied", "unsatisfied", 0 },
	{ "1", "unsatisfied", 1 }, { "2", "unsatisfied", 2 }, { "3", "basic", 3 },
	{ "4", "satisfied", 4 }, { "5", "satisfied", 5 },
	{ NULL, NULL, 0 },
};

static const struct answer aware_answers[] = {
	{ "是", NULL, 1 }, { "知晓", NULL, 1 }, { "yes", NULL, 1 }, { "1", NULL, 1 },
	{ "否", NULL, 0 }, { "不知晓", NULL, 0 }, { "no", NULL, 0 }, { "0", NULL, 0 },
	{ NULL, NULL, 0 },
};

static const struct answer respondent_answers[] = {
	{ "群众", "public", 0 }, { "public", "public", 0 },
	{ "人大代表", "deputy", 0 }, { "deputy", "deputy", 0 },
	{ "政协委员", "member", 0 }, { "member", "member", 0 },
	{ NULL, NULL, 0 },
};

/* The table's entry for the word s, or NULL. */
static const struct answer *answer_find(const struct answer *t, const char *s)
{
	for (; t->word; t++)
		if (!strcmp(t->word, s))
			return t;
	return NULL;
}

/* The item number of a row, which the plan must have. */
static int survey_item(const struct ledger *l, const char *item, long *no, struct ms_err *err)
{
	char *end;
	size_t i;

	*no = strtol(item, &end, 10);
	if (*end || *no < 1 || *no > 99)
		return ms_err_field(err, MS_E_INVALID, "item", "item: \"%.*s\": expected an item number",
				    ms_utf8_clip(item, strlen(item), 20), item);
	for (i = 0; i < l->nind; i++)
		if (l->ind[i].item_no == *no)
			return 0;
	return ms_err_field(err, MS_E_NOTFOUND, "item", "item: the plan has no item %ld (计划中无此实事)", *no);
}

/* The answers of a row: satisfaction, and aware and respondent when given. */
static int survey_answers(struct store_survey *s, const char *sat, const char *aware, const char *who,
			  struct ms_err *err)
{
	const struct answer *a;

	if (!(a = answer_find(satisfaction_answers, sat)))
		return ms_err_field(err, MS_E_INVALID, "satisfaction",
				    "satisfaction: \"%.*s\": expected 满意, 基本满意, 不满意 or a score 1-5",
				    ms_utf8_clip(sat, strlen(sat), 40), sat);
	s->satisfaction = a->value;
	s->score = a->n;
	s->aware = -1;
	if (aware) {
		if (!(a = answer_find(aware_answers, aware)))
			return ms_err_field(err, MS_E_INVALID, "aware",
					    "aware: \"%.*s\": expected 是/否 (知晓/不知晓, yes/no)",
					    ms_utf8_clip(aware, strlen(aware), 20), aware);
		s->aware = a->n;
	}
	s->respondent = "public";
	if (who) {
		if (!(a = answer_find(respondent_answers, who)))
			return ms_err_field(err, MS_E_INVALID, "respondent",
					    "respondent: \"%.*s\": expected 群众, 人大代表 or 政协委员",
					    ms_utf8_clip(who, strlen(who), 20), who);
		s->respondent = a->value;
	}
	return 0;
}

static int survey_row(struct ledger *l, const struct ms_csv_row *r, const int *col, struct ms_err *err)
{
	const char *region = ledger_csv_cell(r, col[0]), *item = ledger_csv_cell(r, col[1]);
	const char *sat = ledger_csv_cell(r, col[2]);
	struct store_survey s = { 0 };
	struct store_org_row o;
	long no;
	int rc;

	if (!region || !item || !sat) {
		const char *f = !region ? "region" : !item ? "item" : "satisfaction";

		return ms_err_field(err, MS_E_INVALID, f, "%s: empty", f);
	}
	if (survey_item(l, item, &no, err))
		return -1;
	rc = store_org_get(l->st, region, &o, err);
	if (rc < 0)
		return -1;
	/* the respondent's place: a province, city, county or township (乡镇/街道, nine digits) */
	if (!rc || (strcmp(o.kind, "city") && strcmp(o.kind, "county") && strcmp(o.kind, "province") &&
		    strcmp(o.kind, "township")))
		return ms_err_field(err, MS_E_INVALID, "region", "region: \"%.*s\": not a region code (GB/T 2260)",
				    ms_utf8_clip(region, strlen(region), 32), region);
	if (survey_answers(&s, sat, ledger_csv_cell(r, col[3]), ledger_csv_cell(r, col[4]), err))
		return -1;
	s.plan = l->plan;
	s.item_no = no;
	s.region = o.code;
	s.batch = l->actor;
	return store_survey_add(l->st, &s, err);
}

int eval_survey_import(struct ledger *l, const char *path, long *n, struct ms_err *err)
{
	return ledger_import_csv(l, path, survey_cols, survey_req, survey_row, "survey.import", n, err);
}

void eval_rate_set(struct eval_rate *r, int64_t k, int64_t n)
{
	const double z = 1.959964;
	double p, d, c, h;

	r->n = n;
	r->k = k;
	if (n <= 0) {
		r->bp = r->lo_bp = r->hi_bp = -1;
		return;
	}
	p = (double)k / (double)n;
	d = 1 + z * z / (double)n;
	c = (p + z * z / (2.0 * (double)n)) / d;
	h = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n * (double)n)) / d;
	r->bp = eval_ratio_bp(k, n);
	r->lo_bp = (int)lround((c - h) * MS_BP_ONE);
	r->hi_bp = (int)lround((c + h) * MS_BP_ONE);
	if (r->lo_bp < 0)
		r->lo_bp = 0;
	if (r->hi_bp > MS_BP_ONE)
		r->hi_bp = MS_BP_ONE;
}
