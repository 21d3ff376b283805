/*
 * rating.c - assessors' ratings (评定) of work without figures (eval.h): an
 * item or an indicator rated 0-100 with its basis, journaled; the ratings in
 * force read back for eval_compute. docs/EVALUATION.md says how they count.
 */
#include "eval_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "core/banned.h"

/* the longest basis kept, in bytes (a paragraph of Chinese) */
#define BASIS_MAX 600

/* "6" → an item of the plan; else an indicator's id. Fills kind; -1 with err naming target. */
static int rate_target(const struct ledger *l, const char *target, const char **kind, struct ms_err *err)
{
	size_t i, n = target ? strlen(target) : 0;
	char *end;
	long no;

	if (!n)
		return ms_err_field(err, MS_E_INVALID, "target",
				    "请写明评定的实事序号或指标 (give the item number or the indicator to rate)");
	if (target[0] >= '0' && target[0] <= '9' && strspn(target, "0123456789") == n) {
		no = strtol(target, &end, 10);
		for (i = 0; i < l->nind; i++)
			if (l->ind[i].item_no == no)
				break;
		if (n > 3 || i == l->nind)
			return ms_err_field(err, MS_E_NOTFOUND, "target",
					    "计划中没有第%s件实事（或它没有指标） (the plan has no item %s with indicators)",
					    n > 3 ? "?" : target, n > 3 ? "?" : target);
		*kind = "item";
		return 0;
	}
	if (!ledger_ind_find(l, target))
		return ms_err_field(err, MS_E_NOTFOUND, "target", "计划中没有指标 %.*s (the plan has no indicator %.*s)",
				    ms_utf8_clip(target, n, 64), target, ms_utf8_clip(target, n, 64), target);
	*kind = "indicator";
	return 0;
}

int eval_score_parse(const char *score, int64_t *points, struct ms_err *err)
{
	char buf[16];
	size_t n = 0;
	const char *s = score ? score : "";
	char *end;
	long v;

	/* full-width digits as clerks type them, and a trailing 分 */
	while (*s && n + 1 < sizeof(buf)) {
		if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc &&
		    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
			buf[n++] = (char)('0' + ((unsigned char)s[2] - 0x90));
			s += 3;
		} else if (!strcmp(s, "分")) {
			break;
		} else {
			buf[n++] = *s++;
		}
	}
	buf[n] = '\0';
	v = strtol(buf, &end, 10);
	if (!n || *end || end == buf || v < 0 || v > 100 || (*s && strcmp(s, "分")) || buf[0] == '-' ||
	    buf[0] == '+' || buf[0] == ' ')
		return ms_err_field(err, MS_E_INVALID, "score",
				    "评定分数须为0到100的整数，如 80 (score: \"%.*s\": a whole number 0-100)",
				    ms_utf8_clip(score ? score : "", strlen(score ? score : ""), 40), score ? score : "");
	*points = v;
	return 0;
}

/* The rating and its journal row, inside the caller's transaction. */
static int rate_work(struct ledger *l, const struct store_rating *r, struct ms_err *err)
{
	char key[160];
	int64_t id;

	if (store_rating_add(l->st, r, &id, err))
		return -1;
	snprintf(key, sizeof(key), "%s/%s/%s", l->plan, r->kind, r->target);
	return store_journal_json(l->st, l->actor, "rating.add", "rating", key, NULL,
				  json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "kind", r->kind,
					    "target", r->target, "score", (json_int_t)r->score, "basis", r->basis),
				  err);
}

int eval_rate(struct ledger *l, const char *target, const char *score, const char *basis, int *points,
	      struct ms_err *err)
{
	struct store_rating r = { .plan = l->plan, .target = target, .basis = basis, .by = l->actor };
	char now[32];
	size_t n;

	if (rate_target(l, target, &r.kind, err) || eval_score_parse(score, &r.score, err))
		return -1;
	n = basis ? strlen(basis) : 0;
	while (n && (basis[n - 1] == ' ' || basis[n - 1] == '\n' || basis[n - 1] == '\r' || basis[n - 1] == '\t'))
		n--;
	if (!n)
		return ms_err_field(err, MS_E_INVALID, "basis",
				    "请写明评定依据，如核查了哪些材料、走访了哪些点位 (give the basis of the rating)");
	if (n > BASIS_MAX || !ms_utf8_valid(basis, strlen(basis), NULL))
		return ms_err_field(err, MS_E_INVALID, "basis",
				    "评定依据须为不超过 %d 字节的文字 (basis: UTF-8 text of at most %d bytes)", BASIS_MAX,
				    BASIS_MAX);
	ms_clock_now_iso(now);
	r.at = now;
	if (points)
		*points = (int)r.score;
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, rate_work(l, &r, err), err);
}

static int take_rating(const struct store_rating *s, void *arg)
{
	struct eval *ev = arg;
	struct eval_rating *r;

	ev->rating = realloc(ev->rating, (ev->nrating + 1) * sizeof(*ev->rating));
	if (!ev->rating)
		abort();
	r = &ev->rating[ev->nrating++];
	memset(r, 0, sizeof(*r));
	snprintf(r->kind, sizeof(r->kind), "%s", s->kind);
	snprintf(r->target, sizeof(r->target), "%s", s->target);
	r->score_bp = (int)(s->score * 100);
	snprintf(r->basis, sizeof(r->basis), "%.*s", ms_utf8_clip(s->basis, strlen(s->basis), sizeof(r->basis) - 1),
		 s->basis);
	snprintf(r->by, sizeof(r->by), "%s", s->by);
	snprintf(r->at, sizeof(r->at), "%s", s->at);
	return 0;
}

int eval_ratings_load(struct eval *ev, struct store *st, struct ms_err *err)
{
	return store_rating_each(st, ev->plan, take_rating, ev, err);
}
