/*
 * session.c - 票决: a session for a government and year (its published
 * candidates, places, the deputies), single-use ballot tokens, secret
 * electronic ballots, counts from the 表决器 or paper entered twice by two
 * staff members, closing, and the tally (only once closed).
 */
#include "vote.h"
#include "vote_parts.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/table.h"
#include "core/text.h"
#include "store/store.h"
#include "core/banned.h"

static int session_take(const struct store_vote_session *r, void *arg)
{
	struct vote_session *s = arg;

	s->id = r->id;
	snprintf(s->region, sizeof(s->region), "%s", r->region);
	snprintf(s->level, sizeof(s->level), "%s", r->level);
	snprintf(s->title, sizeof(s->title), "%s", r->title);
	snprintf(s->state, sizeof(s->state), "%s", r->state);
	snprintf(s->opened_at, sizeof(s->opened_at), "%s", r->opened_at);
	snprintf(s->closed_at, sizeof(s->closed_at), "%s", r->closed_at);
	s->year = r->year;
	s->places = r->places;
	s->runoff_of = r->runoff_of;
	s->tokens_issued = r->tokens_issued;
	return 0;
}

static int cand_take(int64_t no, int64_t candidate, const char *title, void *arg)
{
	struct vote_session *s = arg;

	if (s->ncand < VOTE_MAX_CANDIDATES) {
		s->cand[s->ncand] = candidate;
		snprintf(s->cand_title[s->ncand], sizeof(s->cand_title[0]), "%s", title);
		s->ncand++;
	}
	return 0;
}

int vote_session_get(struct store *st, int64_t id, struct vote_session *s, struct ms_err *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = store_vote_session_get(st, id, session_take, s, err);
	if (rc <= 0)
		return rc;
	if (store_vote_session_candidates(st, id, cand_take, s, err) || store_deputy_count(st, id, &s->deputies, err))
		return -1;
	return 1;
}

int vote_session_load(struct store *st, int64_t id, struct vote_session *s, struct ms_err *err)
{
	int rc = vote_session_get(st, id, s, err);

	if (rc < 0)
		return -1;
	if (!rc)
		return ms_err_field(err, MS_E_NOTFOUND, "session", "没有第 %lld 号票决 (no such vote session)", (long long)id);
	return 0;
}

/* ---------- opening ---------- */

struct open_ctx {
	struct store *st;
	int64_t session, no;
	struct ms_err *err;
};

static int add_published(const struct vote_candidate *c, void *arg)
{
	struct open_ctx *o = arg;

	return store_vote_session_candidate_add(o->st, o->session, ++o->no, c->id, o->err);
}

static int copy_deputy(int64_t no, const char *name, const char *delegation, void *arg)
{
	struct open_ctx *o = arg;

	return store_deputy_add(o->st, o->session, no, name, delegation, o->err);
}

/* A runoff: the parent's places left, its candidates left for another round, its deputies. */
static int open_runoff(struct store *st, int64_t parent, struct store_vote_session *s, struct open_ctx *o,
		       struct ms_err *err)
{
	struct vote_session p;
	struct vote_tally t;
	int i;

	if (vote_session_tally(st, parent, &p, &t, err))
		return -1;
	if (!t.open)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决名额已满，无需另行投票 (no places left)",
				   (long long)parent);
	s->region = p.region;
	s->level = p.level;
	s->year = p.year;
	s->places = t.open;
	if (store_vote_session_add(st, s, &o->session, err))
		return -1;
	for (i = 0; i < p.ncand; i++)
		if (t.outcome[i] == VOTE_AGAIN &&
		    store_vote_session_candidate_add(st, o->session, ++o->no, p.cand[i], err))
			return -1;
	return store_deputy_each(st, parent, copy_deputy, o, err);
}

static int open_work(struct store *st, struct store_vote_session *s, const char *actor, int64_t *id,
		     struct ms_err *err)
{
	struct open_ctx o = { st, 0, 0, err };
	char key[32];

	if (s->runoff_of) {
		if (open_runoff(st, s->runoff_of, s, &o, err))
			return -1;
	} else {
		if (store_vote_session_add(st, s, &o.session, err) ||
		    vote_candidate_each(st, s->region, s->year, 1, add_published, &o, err))
			return -1;
		if (o.no <= s->places)
			return ms_err_field(err, MS_E_CONFLICT, "places",
					    "已公示的候选项目 %lld 项，须多于应选名额 %lld 项（差额票决） (more candidates than places)",
					    (long long)o.no, (long long)s->places);
	}
	if (o.no > VOTE_MAX_CANDIDATES)
		return ms_err_field(err, MS_E_INVALID, "places", "候选项目最多 %d 项 (too many candidates)",
				    VOTE_MAX_CANDIDATES);
	*id = o.session;
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	return store_journal_json(st, actor, "vote.open", "vote_session", key, NULL,
				  json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:I}", "region", s->region, "level",
					    s->level, "year", (json_int_t)s->year, "title", s->title, "places",
					    (json_int_t)s->places, "candidates", (json_int_t)o.no, "runoff_of",
					    (json_int_t)s->runoff_of), err);
}

int vote_session_open(struct store *st, const char *region, const char *level, int64_t year,
		      const char *title, int places, int64_t runoff_of, const char *actor, int64_t *id,
		      struct ms_err *err)
{
	char now[32];
	struct store_vote_session s = {
		.region = region, .level = level, .year = year, .title = title, .places = places,
		.runoff_of = runoff_of, .opened_at = now,
	};

	ms_clock_now_iso(now);
	if (!runoff_of && vote_gov_check(region, level, year, err))
		return -1;
	if (!title || !*title || strlen(title) > 200)
		return ms_err_field(err, MS_E_INVALID, "title", "票决会议名称不能为空（最多200字节） (title)");
	if (!runoff_of && (places < 1 || places > VOTE_MAX_CANDIDATES - 1))
		return ms_err_field(err, MS_E_INVALID, "places", "应选名额应为 1–%d (places)", VOTE_MAX_CANDIDATES - 1);
	if (store_begin(st, err))
		return -1;
	return store_end(st, open_work(st, &s, actor, id, err), err);
}

/* ---------- deputies and tokens ---------- */

static int need_open(const struct vote_session *s, struct ms_err *err)
{
	if (strcmp(s->state, "open"))
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决已结束 (the session is closed)", (long long)s->id);
	return 0;
}

static int deputies_rows(struct store *st, struct vote_rows *rs, const char *path, int64_t session, long *n,
			 struct ms_err *err)
{
	struct ms_buf at = MS_BUF_INIT;
	struct ms_csv_row row;
	int got, cname = -1, cdel = -1;
	size_t i;

	if ((got = vote_rows_next(rs, &row, err)) <= 0)
		return got ? -1 : ms_err_set(err, "%s: 空文件：第一行应为列名 name, delegation (empty file)", path);
	for (i = 0; i < row.n; i++) {
		if (!strcmp(row.field[i], "name") || !strcmp(row.field[i], "姓名"))
			cname = (int)i;
		else if (!strcmp(row.field[i], "delegation") || !strcmp(row.field[i], "代表团"))
			cdel = (int)i;
	}
	if (cname < 0 || cdel < 0) {
		vote_rows_where(rs, row.line, -1, &at);
		ms_err_set(err, "%s: 应有列 name（姓名）和 delegation（代表团） (columns)", at.buf);
		ms_buf_release(&at);
		return -1;
	}
	while ((got = vote_rows_next(rs, &row, err)) > 0) {
		const char *name = (size_t)cname < row.n ? row.field[cname] : "";
		const char *del = (size_t)cdel < row.n ? row.field[cdel] : "";

		if (!*name || strlen(name) > 64 || strlen(del) > 128) {
			vote_rows_where(rs, row.line, *name && strlen(name) <= 64 ? cdel : cname, &at);
			ms_err_set(err, "%s: 姓名不能为空，姓名最多64字节、代表团最多128字节 (name)", at.buf);
			ms_buf_release(&at);
			return -1;
		}
		if (store_deputy_add(st, session, ++*n, name, del, err))
			return -1;
	}
	return got;
}

int vote_deputies_import_data(struct store *st, int64_t session, const char *name, const void *data, size_t len,
			      const char *actor, long *n, struct ms_err *err)
{
	struct vote_session s;
	struct vote_rows *rs;
	char key[32];
	int rc;

	*n = 0;
	if (vote_session_load(st, session, &s, err) || need_open(&s, err))
		return -1;
	if (s.deputies || s.runoff_of)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决已有代表名单 (deputies already imported)",
				   (long long)session);
	if (!(rs = vote_rows_open(name, data, len, 4096, err)))
		return -1;
	rc = store_begin(st, err);
	if (!rc) {
		rc = deputies_rows(st, rs, name, session, n, err);
		if (!rc && !*n)
			rc = ms_err_set(err, "%s: 没有代表 (no deputies)", name);
		snprintf(key, sizeof(key), "%lld", (long long)session);
		if (!rc)
			rc = store_journal_json(st, actor, "vote.deputies", "deputy", key, NULL,
						json_pack("{s:s, s:s, s:I}", "file", name, "format",
							  vote_rows_xlsx(rs) ? "xlsx" : "csv", "deputies", (json_int_t)*n),
						err);
		rc = store_end(st, rc, err);
	}
	vote_rows_free(rs);
	if (rc)
		*n = 0;
	return rc;
}

int vote_deputies_import(struct store *st, int64_t session, const char *path, const char *actor,
			 long *n, struct ms_err *err)
{
	struct ms_buf b;
	int rc;

	*n = 0;
	ms_buf_init(&b, VOTE_IMPORT_MAX);
	rc = vote_file_read(path, &b, err);
	if (!rc)
		rc = vote_deputies_import_data(st, session, path, b.buf, b.len, actor, n, err);
	ms_buf_release(&b);
	return rc;
}

struct slips {
	struct ms_buf *out;
	char (*tok)[VOTE_TOKEN_LEN + 1];
};

static int slip_row(int64_t no, const char *name, const char *delegation, void *arg)
{
	struct slips *s = arg;

	ms_buf_addf(s->out, "%lld,", (long long)no);
	ms_csv_put_text(s->out, name, strlen(name));
	ms_buf_addch(s->out, ',');
	ms_csv_put_text(s->out, delegation, strlen(delegation));
	ms_buf_addf(s->out, ",%s\r\n", s->tok[no - 1]);
	return 0;
}

static int tokens_work(struct store *st, const struct vote_session *s, const char *actor, struct ms_buf *out,
		       struct ms_err *err)
{
	char (*tok)[VOTE_TOKEN_LEN + 1] = calloc((size_t)s->deputies, sizeof(*tok));
	struct slips sl = { out, tok };
	char scope[32];
	int rc;

	if (!tok)
		abort();
	snprintf(scope, sizeof(scope), "ballot:%lld", (long long)s->id);
	rc = vote_tokens_issue(st, scope, (int)s->deputies, tok, err);
	if (!rc)
		rc = store_vote_session_tokens_issued(st, s->id, err);
	if (!rc) {
		ms_buf_adds(out, "\xEF\xBB\xBF序号,姓名,代表团,票证\r\n");
		rc = store_deputy_each(st, s->id, slip_row, &sl, err);
	}
	if (!rc)
		rc = store_journal_json(st, actor, "vote.tokens", "vote_session", scope + 7, NULL,
					json_pack("{s:I}", "tokens", (json_int_t)s->deputies), err);
	sodium_memzero(tok, (size_t)s->deputies * sizeof(*tok));
	free(tok);
	return rc;
}

int vote_session_tokens(struct store *st, int64_t session, const char *actor, struct ms_buf *out,
			long *n, struct ms_err *err)
{
	struct vote_session s;

	*n = 0;
	if (vote_session_load(st, session, &s, err) || need_open(&s, err))
		return -1;
	if (!s.deputies)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决还没有代表名单 (no deputies yet)", (long long)session);
	if (s.tokens_issued)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决的票证已经发放，不能再发 (tokens already issued)",
				   (long long)session);
	if (store_begin(st, err) || store_end(st, tokens_work(st, &s, actor, out, err), err))
		return -1;
	*n = (long)s.deputies;
	return 0;
}

/* ---------- ballots ---------- */

/* The choices in number order, "1,3,7". */
static void choices_norm(struct ms_buf *b, const unsigned char *chosen, int ncand)
{
	int i;

	for (i = 0; i < ncand; i++)
		if (chosen[i])
			ms_buf_addf(b, "%s%d", b->len ? "," : "", i + 1);
}

static int cast_work(struct store *st, const struct vote_session *s, const char *token, const char *norm,
		     struct ms_err *err)
{
	char scope[32];
	int64_t key = 0;

	snprintf(scope, sizeof(scope), "ballot:%lld", (long long)s->id);
	if (vote_token_spend(st, scope, token, err))
		return -1;
	/* a random key: neither the insertion order nor a time links a ballot to a token */
	while (key <= 0) {
		randombytes_buf(&key, sizeof(key));
		key &= INT64_MAX;
	}
	if (store_ballot_add(st, key, s->id, norm, err))
		return -1;
	return store_journal(st, "deputy", "ballot.cast", "ballot", scope + 7, NULL, NULL, err);
}

int vote_ballot_cast(struct store *st, int64_t session, const char *token, const char *choices,
		     int *valid, struct ms_err *err)
{
	unsigned char chosen[VOTE_MAX_CANDIDATES];
	struct ms_buf norm = MS_BUF_INIT;
	struct vote_session s;
	int n, rc;

	if (vote_session_load(st, session, &s, err) || need_open(&s, err))
		return -1;
	if ((n = vote_choices_parse(choices, (int)s.ncand, chosen, err)) < 0)
		return -1;
	*valid = n <= s.places;
	choices_norm(&norm, chosen, (int)s.ncand);
	if (sodium_init() < 0 || store_begin(st, err)) {
		ms_buf_release(&norm);
		return -1;
	}
	rc = store_end(st, cast_work(st, &s, token, norm.buf, err), err);
	ms_buf_release(&norm);
	return rc;
}

/* ---------- counts entered twice ---------- */

struct figures {
	int64_t votes[VOTE_MAX_CANDIDATES], cast, invalid;
};

/* "1=30,2=28,…,cast=48,invalid=2": every candidate and both totals, once each. */
static int figures_parse(const char *s, const struct vote_session *v, struct figures *f, struct ms_err *err)
{
	unsigned char seen[VOTE_MAX_CANDIDATES + 2] = { 0 };
	const char *p = s;
	int i;

	memset(f, 0, sizeof(*f));
	while (p && *p) {
		char *end;
		long k = -1, val;

		if (!strncmp(p, "cast=", 5)) {
			k = v->ncand;
			p += 5;
		} else if (!strncmp(p, "invalid=", 8)) {
			k = v->ncand + 1;
			p += 8;
		} else {
			k = strtol(p, &end, 10) - 1;
			if (end == p || *end != '=' || k < 0 || k >= v->ncand)
				return ms_err_field(err, MS_E_INVALID, "figures",
						    "票数应写作 序号=票数，以逗号分隔，并含 cast=收回票数、invalid=无效票数 (figures)");
			p = end + 1;
		}
		val = strtol(p, &end, 10);
		if (end == p || val < 0 || val > v->deputies || (*end && *end != ','))
			return ms_err_field(err, MS_E_INVALID, "figures", "票数应为 0–%lld 的整数 (a count within the deputies)",
					    (long long)v->deputies);
		if (seen[k]++)
			return ms_err_field(err, MS_E_INVALID, "figures", "同一项写了两次 (given twice)");
		if (k < v->ncand)
			f->votes[k] = val;
		else if (k == v->ncand)
			f->cast = val;
		else
			f->invalid = val;
		p = *end ? end + 1 : end;
	}
	for (i = 0; i < v->ncand + 2; i++)
		if (!seen[i])
			return ms_err_field(err, MS_E_INVALID, "figures", "缺少%s的票数 (missing: every candidate, cast and invalid)",
					    i < v->ncand ? "某一候选项目" : i == v->ncand ? "收回票数 cast" : "无效票数 invalid");
	if (f->invalid > f->cast)
		return ms_err_field(err, MS_E_INVALID, "figures", "无效票多于收回的选票 (invalid > cast)");
	for (i = 0; i < v->ncand; i++)
		if (f->votes[i] > f->cast - f->invalid)
			return ms_err_field(err, MS_E_INVALID, "figures", "候选项目 %d 的票数多于有效票 (votes > valid ballots)",
					    i + 1);
	return 0;
}

static void figures_norm(struct ms_buf *b, const struct figures *f, int ncand)
{
	int i;

	ms_buf_addf(b, "cast=%lld,invalid=%lld", (long long)f->cast, (long long)f->invalid);
	for (i = 0; i < ncand; i++)
		ms_buf_addf(b, ",%d=%lld", i + 1, (long long)f->votes[i]);
}

static int count_work(struct store *st, const struct vote_session *s, const char *method, const char *norm,
		      const char *actor, int *state, struct ms_err *err)
{
	struct ms_buf first = MS_BUF_INIT, m = MS_BUF_INIT, by = MS_BUF_INIT;
	char now[32], key[32];
	int rc, entry = 1;

	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%lld", (long long)s->id);
	rc = store_count_get(st, s->id, 2, &first, &m, &by, err);
	if (rc > 0)
		rc = ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决的计票结果已经两人核对确认 (already confirmed)",
				 (long long)s->id);
	if (!rc && (rc = store_count_get(st, s->id, 1, &first, &m, &by, err)) > 0) {
		entry = 2;
		rc = 0;
		if (!strcmp(by.buf, actor))
			rc = ms_err_setk(err, MS_E_FORBIDDEN, "须由另一名工作人员再次录入确认（四眼原则），%s 已录入过 "
					 "(a second staff member must confirm)", actor);
		else if (strcmp(m.buf, method))
			rc = ms_err_field(err, MS_E_CONFLICT, "method", "两次录入的计票方式不同 (method differs)");
		else if (strcmp(first.buf, norm))
			rc = ms_err_field(err, MS_E_CONFLICT, "figures", "两次录入的票数不一致，请核对后重新录入：第一次 %s；"
					  "第二次 %s (the figures differ)", first.buf, norm);
	}
	if (!rc)
		rc = store_count_add(st, s->id, entry, method, norm, actor, now, err);
	if (!rc)
		rc = store_journal_json(st, actor, entry == 1 ? "vote.count" : "vote.confirm", "vote_count", key, NULL,
					json_pack("{s:s, s:s}", "method", method, "figures", norm), err);
	*state = entry;
	ms_buf_release(&first);
	ms_buf_release(&m);
	ms_buf_release(&by);
	return rc;
}

int vote_count_enter(struct store *st, int64_t session, const char *method, const char *figures,
		     const char *actor, int *state, struct ms_err *err)
{
	struct ms_buf norm = MS_BUF_INIT;
	struct vote_session s;
	struct figures f;
	int rc;

	if (!method || (strcmp(method, "device") && strcmp(method, "paper")))
		return ms_err_field(err, MS_E_INVALID, "method", "计票方式应为 device（表决器）或 paper（纸质选票） (method)");
	if (vote_session_load(st, session, &s, err) || figures_parse(figures, &s, &f, err))
		return -1;
	if (!s.deputies)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决还没有代表名单 (no deputies yet)", (long long)session);
	if (f.cast > s.deputies)
		return ms_err_field(err, MS_E_INVALID, "figures", "收回票数 %lld 多于代表人数 %lld (cast > deputies)",
				    (long long)f.cast, (long long)s.deputies);
	figures_norm(&norm, &f, (int)s.ncand);
	rc = store_begin(st, err);
	if (!rc)
		rc = store_end(st, count_work(st, &s, method, norm.buf, actor, state, err), err);
	ms_buf_release(&norm);
	return rc;
}

/* ---------- closing and the tally ---------- */

int vote_session_close(struct store *st, int64_t session, const char *actor, struct ms_err *err)
{
	struct vote_session s;
	char now[32], key[32];
	int rc;

	if (vote_session_load(st, session, &s, err) || need_open(&s, err))
		return -1;
	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%lld", (long long)session);
	if (store_begin(st, err))
		return -1;
	rc = store_vote_session_close(st, session, now, err);
	if (!rc)
		rc = store_journal_json(st, actor, "vote.close", "vote_session", key, NULL,
					json_pack("{s:s}", "state", "closed"), err);
	return store_end(st, rc, err);
}

struct ballots {
	struct vote_tally *t;
	struct ms_err *err;
};

static int ballot_add(const char *choices, void *arg)
{
	struct ballots *b = arg;
	unsigned char chosen[VOTE_MAX_CANDIDATES];
	int n = vote_choices_parse(choices, b->t->ncand, chosen, b->err), i;

	if (n < 0)
		return -1;
	b->t->cast++;
	if (n > b->t->places) {
		b->t->invalid++;
		return 0;
	}
	for (i = 0; i < b->t->ncand; i++)
		b->t->votes[i] += chosen[i];
	return 0;
}

/* The confirmed count added to the tally; an unconfirmed one refuses it. */
static int tally_counts(struct store *st, const struct vote_session *s, struct vote_tally *t, struct ms_err *err)
{
	struct ms_buf fig = MS_BUF_INIT, m = MS_BUF_INIT, by = MS_BUF_INIT;
	struct figures f;
	int rc, i;

	rc = store_count_get(st, s->id, 2, &fig, &m, &by, err);
	if (!rc) {
		rc = store_count_get(st, s->id, 1, &fig, &m, &by, err);
		if (rc > 0)
			rc = ms_err_setk(err, MS_E_CONFLICT, "计票结果尚待第二名工作人员录入确认（%s 已录入） (awaiting confirmation)",
					 by.buf);
	} else if (rc > 0 && !(rc = figures_parse(fig.buf, s, &f, err))) {
		t->cast += f.cast;
		t->invalid += f.invalid;
		for (i = 0; i < s->ncand; i++)
			t->votes[i] += f.votes[i];
	}
	ms_buf_release(&fig);
	ms_buf_release(&m);
	ms_buf_release(&by);
	return rc < 0 ? -1 : 0;
}

int vote_session_tally(struct store *st, int64_t session, struct vote_session *s, struct vote_tally *t,
		       struct ms_err *err)
{
	struct ballots b = { t, err };

	memset(t, 0, sizeof(*t));
	if (vote_session_load(st, session, s, err))
		return -1;
	if (strcmp(s->state, "closed"))
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决尚未结束，结束后才公布票数 (totals after the session closes)",
				   (long long)session);
	if (!s->deputies)
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号票决没有代表名单 (no deputies)", (long long)session);
	t->places = (int)s->places;
	t->deputies = (int)s->deputies;
	t->ncand = (int)s->ncand;
	if (store_ballot_each(st, session, ballot_add, &b, err) < 0 || tally_counts(st, s, t, err))
		return -1;
	if (t->cast > t->deputies)
		return ms_err_setk(err, MS_E_INTERNAL, "收回选票 %lld 张多于代表 %d 人：请核对 (more ballots than deputies)",
				   (long long)t->cast, t->deputies);
	vote_tally_compute(t);
	return 0;
}

void vote_tally_text(struct ms_buf *b, const struct vote_session *s, const struct vote_tally *t)
{
	static const char *const word[] = { "未当选", "当选", "另行投票" };
	struct ms_table *tab = ms_table_new(4);
	int i, k;

	ms_buf_addf(b, "%s（第 %lld 号票决，%s %s级，%lld 年）\n", s->title, (long long)s->id, s->region, s->level,
		    (long long)s->year);
	ms_buf_addf(b, "全体代表 %d 人，收回选票 %lld 张，有效票 %lld 张，无效票 %lld 张；应选 %d 项，"
		    "得票须超过全体代表的半数（%d 票以上）\n\n", t->deputies, (long long)t->cast,
		    (long long)(t->cast - t->invalid), (long long)t->invalid, t->places, t->deputies / 2 + 1);
	ms_table_add(tab, "序号");
	ms_table_add(tab, "候选项目");
	ms_table_add(tab, "得票");
	ms_table_add(tab, "结果");
	ms_table_align_right(tab, 2);
	for (k = 0; k < t->ncand; k++) {
		i = t->order[k];
		ms_table_addf(tab, "%d", i + 1);
		ms_table_add(tab, s->cand_title[i]);
		ms_table_addf(tab, "%lld", (long long)t->votes[i]);
		ms_table_add(tab, word[t->outcome[i]]);
	}
	ms_table_render(tab, b);
	ms_table_free(tab);
	ms_buf_adds(b, "\n");
	vote_tally_summary(b, t);
	ms_buf_adds(b, "\n");
}

json_t *vote_tally_json(const struct vote_session *s, const struct vote_tally *t)
{
	static const char *const word[] = { "not_elected", "elected", "again" };
	static const char *const why[] = { "filled", "tie", "too_few" };
	struct ms_buf sum = MS_BUF_INIT;
	json_t *c = json_array(), *j;
	int k, i;

	for (k = 0; k < t->ncand; k++) {
		i = t->order[k];
		json_array_append_new(c, json_pack("{s:i, s:I, s:s, s:I, s:s}", "no", i + 1, "candidate",
						   (json_int_t)s->cand[i], "title", s->cand_title[i], "votes",
						   (json_int_t)t->votes[i], "result", word[t->outcome[i]]));
	}
	vote_tally_summary(&sum, t);
	j = json_pack("{s:I, s:s, s:s, s:I, s:s, s:i, s:i, s:I, s:I, s:I, s:i, s:i, s:s, s:o, s:s}", "session",
		      (json_int_t)s->id, "region", s->region, "level", s->level, "year", (json_int_t)s->year, "title",
		      s->title, "places", t->places, "deputies", t->deputies, "cast", (json_int_t)t->cast, "invalid",
		      (json_int_t)t->invalid, "valid", (json_int_t)(t->cast - t->invalid), "elected", t->elected,
		      "open", t->open, "reason", why[t->reason], "candidates", c, "summary", sum.buf);
	ms_buf_release(&sum);
	return j;
}
