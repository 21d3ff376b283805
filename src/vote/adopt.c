/*
 * adopt.c - from the vote to a draft plan (docs/PLAN-FORMAT.md): the vote
 * record is written as the plan's source text, and every item's title and
 * target quote it, so each item's provenance points to the vote and to the
 * proposals it came from — not to a notice. The draft is reviewed and
 * accepted like an imported notice (plan_add).
 */
#include "vote.h"
#include "vote_parts.h"

#include <jansson.h>
#include <string.h>

#include "core/date.h"
#include "core/hash.h"
#include "core/money.h"
#include "store/store.h"
#include "core/banned.h"

#define ADOPT_MAX 64

struct elected {
	int64_t session, candidate, votes;
};

/* A provenance object quoting what was just appended at off. */
static json_t *quote_at(const struct ms_buf *b, size_t off, const char *note)
{
	json_t *p = json_pack("{s:s%, s:I, s:I, s:s}", "quote", b->buf + off, b->len - off, "offset",
			      (json_int_t)off, "length", (json_int_t)(b->len - off), "basis", "text");

	if (note)
		json_object_set_new(p, "note", json_string(note));
	return p;
}

static json_t *assumption(const char *note)
{
	return json_pack("{s:s, s:s}", "basis", "assumption", "note", note);
}

/* The elected of the session and of those it is a runoff of, oldest first; -1 while places are open. */
static int collect(struct store *st, int64_t session, struct elected *e, size_t *n, struct vote_session *last,
		   struct ms_err *err)
{
	int64_t chain[16], id = session;
	struct vote_session s;
	struct vote_tally t;
	size_t depth = 0, k;
	int i, j;

	*n = 0;
	while (id && depth < 16) {
		chain[depth++] = id;
		if (vote_session_load(st, id, &s, err))
			return -1;
		id = s.runoff_of;
	}
	for (k = depth; k-- > 0;) {
		if (vote_session_tally(st, chain[k], &s, &t, err))
			return -1;
		if (k == 0 && t.open)
			return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决尚有 %d 个名额需另行投票，不能形成计划；"
					   "请先另行投票 (places left for another round)", (long long)chain[k], t.open);
		for (j = 0; j < t.ncand; j++) {
			i = t.order[j];
			if (t.outcome[i] == VOTE_ELECTED && *n < ADOPT_MAX)
				e[(*n)++] = (struct elected){ chain[k], s.cand[i], t.votes[i] };
		}
		if (k == 0)
			*last = s;
	}
	return 0;
}

struct cand_copy {
	char title[256], targets[2048], lead[512], units[512], basis[1024], feas[1024], proposals[512];
	int64_t cost, asked;
};

static int cand_copy(const struct store_candidate *c, void *arg)
{
	struct cand_copy *x = arg;

	snprintf(x->title, sizeof(x->title), "%s", c->title);
	snprintf(x->targets, sizeof(x->targets), "%s", c->targets);
	snprintf(x->lead, sizeof(x->lead), "%s", c->lead);
	snprintf(x->units, sizeof(x->units), "%s", c->units);
	snprintf(x->basis, sizeof(x->basis), "%s", c->cost_basis);
	snprintf(x->feas, sizeof(x->feas), "%s", c->feasibility);
	snprintf(x->proposals, sizeof(x->proposals), "%s", c->proposals);
	x->cost = c->cost;
	x->asked = c->asked;
	return 0;
}

/* One elected candidate: its lines in the record, its item in the plan. */
static int adopt_item(struct store *st, const struct elected *e, size_t no, struct ms_buf *rec, json_t *items,
		      struct ms_err *err)
{
	struct ms_buf note = MS_BUF_INIT, cost = MS_BUF_INIT;
	struct cand_copy c;
	json_t *title_p, *target_p, *ind;
	size_t off;
	int rc = store_candidate_get(st, e->candidate, cand_copy, &c, err);

	if (rc <= 0)
		return rc < 0 ? -1 : ms_err_setk(err, MS_E_NOTFOUND, "候选项目 %lld 不存在", (long long)e->candidate);
	ms_money_format_display(&cost, c.cost);
	ms_buf_addf(rec, "%zu. ", no);
	off = rec->len;
	ms_buf_adds(rec, c.title);
	title_p = quote_at(rec, off, NULL);
	ms_buf_addf(rec, "（第 %lld 号票决得票 %lld）\n   目标任务：", (long long)e->session, (long long)e->votes);
	off = rec->len;
	ms_buf_adds(rec, c.targets);
	target_p = quote_at(rec, off, "票决通过的候选项目目标，按定性指标记录；量化目标在审核时补充");
	ms_buf_addf(rec, "\n   牵头单位：%s；责任单位：%s\n   估算资金：%s（%s）\n   可行性意见：%s\n"
		    "   来源建议：第 %s 号（共 %lld 条）\n", c.lead, c.units[0] ? c.units : "—", cost.buf, c.basis,
		    c.feas, c.proposals, (long long)c.asked);
	ms_buf_addf(&note, "由第 %lld 号票决产生（得票 %lld），来源建议第 %s 号（共 %lld 条）；牵头单位：%s；"
		    "责任单位：%s；估算资金 %s（%s）", (long long)e->session, (long long)e->votes, c.proposals,
		    (long long)c.asked, c.lead, c.units[0] ? c.units : "—", cost.buf, c.basis);
	ind = json_pack("{s:s, s:s, s:s, s:n, s:n, s:n, s:n, s:s, s:o}", "id", "", "name", c.targets, "kind",
			"qualitative", "unit", "comparator", "target", "baseline", "aggregation", "none",
			"provenance", target_p);
	{
		char id[32];

		snprintf(id, sizeof(id), "%zu.target", no);
		json_object_set_new(ind, "id", json_string(id));
	}
	json_array_append_new(items, json_pack("{s:I, s:s, s:b, s:o, s:[], s:[], s:[o], s:s}", "no", (json_int_t)no,
					       "title", c.title, "present_in_source", 1, "title_provenance", title_p,
					       "lead_units", "responsible_units", "indicators", ind, "note", note.buf));
	ms_buf_release(&note);
	ms_buf_release(&cost);
	return 0;
}

/* The header lines of the record and the plan's header fields. */
static void adopt_header(json_t *d, struct ms_buf *rec, const struct vote_session *s, const char *region_name)
{
	struct ms_buf date = MS_BUF_INIT, iso = MS_BUF_INIT;
	ms_day day = 0;
	size_t off;
	char start[16];

	if (s->closed_at[0]) {
		struct ms_err e;
		int y = 0, m = 0, dd = 0;

		if (sscanf(s->closed_at, "%d-%d-%d", &y, &m, &dd) == 3)
			ms_date_from_ymd(y, m, dd, &day, &e);
	}
	ms_date_format(&iso, day);
	off = rec->len;
	ms_buf_addf(rec, "%s%lld年民生实事项目人大代表票决结果", region_name, (long long)s->year);
	json_object_set_new(d, "title", json_stringn(rec->buf + off, rec->len - off));
	json_object_set_new(d, "notice_title", json_stringn(rec->buf + off, rec->len - off));
	json_object_set_new(d, "title_provenance", quote_at(rec, off, NULL));
	ms_buf_adds(rec, "\n票决机关：");
	off = rec->len;
	ms_buf_addf(rec, "%s人民代表大会", region_name);
	json_object_set_new(d, "issuer", json_stringn(rec->buf + off, rec->len - off));
	json_object_set_new(d, "issuer_provenance", quote_at(rec, off, NULL));
	ms_buf_addf(rec, "\n票决会议：%s\n票决日期：", s->title);
	off = rec->len;
	ms_date_format_cn(rec, day);
	json_object_set_new(d, "issued_on", json_string(iso.buf));
	json_object_set_new(d, "issued_on_provenance", quote_at(rec, off, NULL));
	snprintf(start, sizeof(start), "%04lld-01-01", (long long)s->year);
	json_object_set_new(d, "start_on", json_string(start));
	json_object_set_new(d, "start_on_provenance", assumption("票决结果未载明实施起始日期，按年度起算；审核时可改"));
	ms_buf_adds(rec, "\n得票超过全体代表半数、按得票多少依次当选的项目如下：\n");
	ms_buf_release(&date);
	ms_buf_release(&iso);
}

static json_t *adopt_rounds(int64_t year)
{
	char mid[16], end[16];

	snprintf(mid, sizeof(mid), "%04lld-06-30", (long long)year);
	snprintf(end, sizeof(end), "%04lld-12-25", (long long)year);
	return json_pack("[{s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}]", "due_on", mid, "kind", "progress", "label",
			 "第一次进展报送", "provenance", assumption("票决结果未定报送节点，暂按惯例定于6月30日；审核时可改"),
			 "due_on", end, "kind", "progress", "label", "年终报送", "provenance",
			 assumption("票决结果未定报送节点，暂按惯例定于12月25日；审核时可改"));
}

int vote_adopt(struct store *st, int64_t session, const char *plan_id, const char *source_name,
	       void **doc, struct ms_buf *record, struct ms_err *err)
{
	struct elected e[ADOPT_MAX];
	struct vote_session last;
	struct store_org_row org;
	char id[64], sha[MS_SHA256_HEX_LEN + 1];
	json_t *d = NULL, *items;
	size_t n, k, off;
	int rc;

	*doc = NULL;
	ms_buf_reset(record);
	if (collect(st, session, e, &n, &last, err))
		return -1;
	if (!n)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决没有当选项目 (nothing elected)", (long long)session);
	if ((rc = store_org_get(st, last.region, &org, err)) <= 0)
		return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "region", "区划 %s 不在单位名录中 (unknown region)",
						  last.region);
	if (!plan_id)
		snprintf(id, sizeof(id), "vote-%s-%lld", last.region, (long long)last.year);
	d = json_pack("{s:s, s:s, s:s, s:I}", "schema", "minsheng-plan/1", "id", plan_id ? plan_id : id, "region_code",
		      last.region, "year", (json_int_t)last.year);
	adopt_header(d, record, &last, org.name);
	items = json_array();
	for (k = 0; k < n; k++)
		if (adopt_item(st, &e[k], k + 1, record, items, err)) {
			json_decref(items);
			json_decref(d);
			return -1;
		}
	json_object_set_new(d, "items", items);
	json_object_set_new(d, "rounds", adopt_rounds(last.year));
	off = record->len;
	ms_buf_addf(record, "本计划草案由第 %lld 号票决%s产生，各项目的来源建议见上。", (long long)session,
		    last.runoff_of ? "（含此前的票决）" : "");
	json_object_set_new(d, "notes", json_pack("[{s:s, s:s, s:n, s:s, s:s, s:[o]}]", "id", "N1", "flag", "已记录",
						  "item", "topic", "vote", "text",
						  "计划由人大代表票决产生：各实事的标题和目标引自票决记录（本计划的原文），"
						  "牵头单位、资金和来源建议见各实事的说明；报送节点为暂定，审核时可改。",
						  "provenance", quote_at(record, off, NULL)));
	ms_buf_addch(record, '\n');
	ms_sha256_hex(record->buf, record->len, sha);
	json_object_set_new(d, "source", json_pack("{s:s, s:s, s:I}", "path", source_name, "sha256", sha, "bytes",
						   (json_int_t)record->len));
	*doc = d;
	return 0;
}
