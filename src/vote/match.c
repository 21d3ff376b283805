/*
 * match.c - the notice published after the vote, matched to the plan the
 * deputies adopted: for a notice's government and year, the stored plan
 * made by `vote adopt` (its note of topic "vote"), and each notice item
 * paired with a voted item by title likeness (the evaluation's: ≥ 50, the
 * likeliest pairs first); the notice's items left are new, the voted ones
 * left are missing from the notice.
 */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "store/store.h"
#include "core/banned.h"

static int is_voted(const json_t *doc)
{
	const json_t *n;
	size_t i;

	json_array_foreach(json_object_get(doc, "notes"), i, n)
		if (json_is_string(json_object_get(n, "topic")) &&
		    !strcmp(json_string_value(json_object_get(n, "topic")), "vote"))
			return 1;
	return 0;
}

struct find {
	struct store *st;
	const char *region, *self;
	int64_t year;
	char id[64];
	json_t *doc;
	struct ms_err *err;
};

static int find_adopted(const struct store_plan_summary *p, void *arg)
{
	struct find *f = arg;
	struct ms_buf doc = MS_BUF_INIT;
	json_t *d;
	int rc;

	if (f->doc || p->year != f->year || strcmp(p->region_code, f->region) || (f->self && !strcmp(p->id, f->self)))
		return 0;
	rc = store_plan_doc(f->st, p->id, &doc, f->err);
	if (rc == 1 && (d = json_loadb(doc.buf, doc.len, 0, NULL))) {
		if (is_voted(d)) {
			f->doc = d;
			snprintf(f->id, sizeof(f->id), "%s", p->id);
		} else {
			json_decref(d);
		}
	}
	ms_buf_release(&doc);
	return rc < 0 ? -1 : 0;
}

static void titles(const json_t *doc, char (*t)[256], int64_t *no, size_t *n)
{
	const json_t *it;
	size_t i;

	*n = 0;
	json_array_foreach(json_object_get(doc, "items"), i, it) {
		if (*n == VOTE_MATCH_MAX)
			break;
		snprintf(t[*n], 256, "%s", json_string_value(json_object_get(it, "title")) ?
			 json_string_value(json_object_get(it, "title")) : "");
		no[*n] = json_integer_value(json_object_get(it, "no"));
		if (!no[*n])
			no[*n] = (int64_t)*n + 1;
		(*n)++;
	}
}

/* The likeliest pairs first, each item at most once. */
static void pair(struct vote_match *m)
{
	int used_n[VOTE_MATCH_MAX] = { 0 }, used_v[VOTE_MATCH_MAX] = { 0 };
	size_t i, j;

	for (;;) {
		int best = -1;
		size_t bi = 0, bj = 0;

		for (i = 0; i < m->n_notice; i++)
			for (j = 0; j < m->n_voted; j++) {
				int s;

				if (used_n[i] || used_v[j])
					continue;
				s = eval_title_likeness(m->notice_title[i], m->voted_title[j]);
				if (s >= 50 && s > best) {
					best = s;
					bi = i;
					bj = j;
				}
			}
		if (best < 0)
			break;
		used_n[bi] = used_v[bj] = 1;
		m->notice_to[bi] = (int)bj;
		m->likeness[bi] = best;
	}
	for (j = 0; j < m->n_voted; j++)
		m->voted_seen[j] = used_v[j];
}

int vote_notice_match(struct store *st, const json_t *notice, struct vote_match *m, struct ms_err *err)
{
	struct find f = { st, json_string_value(json_object_get(notice, "region_code")),
			  json_string_value(json_object_get(notice, "id")),
			  json_integer_value(json_object_get(notice, "year")), "", NULL, err };
	size_t i;

	memset(m, 0, sizeof(*m));
	if (!f.region || !f.year)
		return 0;
	if (store_plan_each(st, find_adopted, &f, err))
		return -1;
	if (!f.doc)
		return 0;
	snprintf(m->voted_plan, sizeof(m->voted_plan), "%s", f.id);
	titles(notice, m->notice_title, m->notice_no, &m->n_notice);
	titles(f.doc, m->voted_title, m->voted_no, &m->n_voted);
	for (i = 0; i < VOTE_MATCH_MAX; i++)
		m->notice_to[i] = -1;
	pair(m);
	json_decref(f.doc);
	return 1;
}

void vote_match_text(struct ms_buf *b, const struct vote_match *m)
{
	size_t i, matched = 0, missing = 0;

	ms_buf_addf(b, "与人大票决的计划 %s 对照：\n", m->voted_plan);
	for (i = 0; i < m->n_notice; i++) {
		if (m->notice_to[i] < 0) {
			ms_buf_addf(b, "  通知第 %lld 件“%s”：票决计划中没有（新增）\n", (long long)m->notice_no[i],
				    m->notice_title[i]);
			continue;
		}
		matched++;
		ms_buf_addf(b, "  通知第 %lld 件“%s” = 票决第 %lld 件“%s”（标题相似度 %d）\n", (long long)m->notice_no[i],
			    m->notice_title[i], (long long)m->voted_no[m->notice_to[i]], m->voted_title[m->notice_to[i]],
			    m->likeness[i]);
	}
	for (i = 0; i < m->n_voted; i++)
		if (!m->voted_seen[i]) {
			missing++;
			ms_buf_addf(b, "  票决第 %lld 件“%s”：通知中没有（缺失）\n", (long long)m->voted_no[i], m->voted_title[i]);
		}
	ms_buf_addf(b, "对上 %zu 件，通知新增 %zu 件，通知缺失 %zu 件 — %zu matched, %zu new, %zu missing\n", matched,
		    m->n_notice - matched, missing, matched, m->n_notice - matched, missing);
}

json_t *vote_match_json(const struct vote_match *m)
{
	json_t *pairs = json_array(), *added = json_array(), *missing = json_array();
	size_t i;

	for (i = 0; i < m->n_notice; i++)
		if (m->notice_to[i] < 0)
			json_array_append_new(added, json_pack("{s:I, s:s}", "no", (json_int_t)m->notice_no[i], "title",
							       m->notice_title[i]));
		else
			json_array_append_new(pairs, json_pack("{s:I, s:I, s:i}", "notice", (json_int_t)m->notice_no[i],
							       "voted", (json_int_t)m->voted_no[m->notice_to[i]],
							       "likeness", m->likeness[i]));
	for (i = 0; i < m->n_voted; i++)
		if (!m->voted_seen[i])
			json_array_append_new(missing, json_pack("{s:I, s:s}", "no", (json_int_t)m->voted_no[i], "title",
								 m->voted_title[i]));
	return json_pack("{s:s, s:o, s:o, s:o}", "voted_plan", m->voted_plan, "matched", pairs, "new", added,
			 "missing", missing);
}
