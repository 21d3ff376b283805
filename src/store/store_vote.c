/*
 * store_vote.c - the vote's tables: proposals, candidates, sessions, deputies,
 * single-use tokens, ballots (a random key and the choices: no token, no
 * deputy, no time), four-eyes counts, the survey's one per address and day.
 */
#include "db.h"

#include "core/banned.h"

/* ---------- proposals ---------- */

int store_proposal_add(struct store *st, const struct store_proposal *p, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO proposal (region, level, year, title, body, field, place, source, name, phone, addr,"
		" received_on, received_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
		" $13, 'pending')";

	if (db_run(st, sql, "write proposal", err, "ttitttttttttt", p->region, p->level, p->year, p->title,
		   p->body, p->field, p->place, p->source, p->name, p->phone, p->addr, p->received_on,
		   p->received_at))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

int store_proposal_count_addr(struct store *st, const char *addr, const char *day, int64_t *n,
			      struct ms_err *err)
{
	static const char sql[] = "SELECT COUNT(*) FROM proposal WHERE addr = $1 AND received_on = $2";

	*n = 0;
	return db_row(st, sql, "read proposals", db_take_int, n, err, "tt", addr, day) < 0 ? -1 : 0;
}

#define PROPOSAL_COLS \
	"id, region, level, year, title, body, field, place, source, name, phone, received_on, received_at," \
	" status, reason, COALESCE(candidate, 0)"

struct proposal_each {
	int (*fn)(const struct store_proposal *p, void *arg);
	void *arg;
};

static int proposal_row(struct db_row *s, void *ctx)
{
	struct proposal_each *c = ctx;
	struct store_proposal p = {
		.id = db_col_int(s, 0), .region = db_col_text(s, 1), .level = db_col_text(s, 2),
		.year = db_col_int(s, 3), .title = db_col_text(s, 4), .body = db_col_text(s, 5),
		.field = db_col_text(s, 6), .place = db_col_text(s, 7), .source = db_col_text(s, 8),
		.name = db_col_opt(s, 9), .phone = db_col_opt(s, 10), .received_on = db_col_text(s, 11),
		.received_at = db_col_text(s, 12), .status = db_col_text(s, 13), .reason = db_col_opt(s, 14),
		.candidate = db_col_int(s, 15),
	};

	return c->fn(&p, c->arg);
}

int store_proposal_get(struct store *st, int64_t id,
		       int (*fn)(const struct store_proposal *p, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT " PROPOSAL_COLS " FROM proposal WHERE id = $1";
	struct proposal_each c = { fn, arg };

	return db_row(st, sql, "read proposal", proposal_row, &c, err, "i", id);
}

int store_proposal_set_status(struct store *st, int64_t id, const char *status, const char *reason,
			      int64_t candidate, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE proposal SET status = $2, reason = $3, candidate = CASE WHEN $4 = 0 THEN NULL ELSE $4 END"
		" WHERE id = $1";

	return db_run(st, sql, "write proposal", err, "itti", id, status, reason, candidate);
}

int store_proposal_purge(struct store *st, const char *before_day, int64_t *n, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE proposal SET name = NULL, phone = NULL, addr = NULL"
		" WHERE received_on < $1 AND (name IS NOT NULL OR phone IS NOT NULL OR addr IS NOT NULL)";

	if (db_run(st, sql, "write proposal", err, "t", before_day))
		return -1;
	*n = db_changes(st);
	return 0;
}

int store_proposal_purge_region(struct store *st, const char *region, const char *before_day, int64_t *n,
				struct ms_err *err)
{
	static const char sql[] =
		"UPDATE proposal SET name = NULL, phone = NULL, addr = NULL WHERE region = $1"
		" AND received_on < $2 AND (name IS NOT NULL OR phone IS NOT NULL OR addr IS NOT NULL)";

	if (db_run(st, sql, "write proposal", err, "tt", region, before_day))
		return -1;
	*n = db_changes(st);
	return 0;
}

struct region_each {
	int (*fn)(const char *region, void *arg);
	void *arg;
};

static int region_row(struct db_row *row, void *ctx)
{
	struct region_each *e = ctx;

	return e->fn(db_col_text(row, 0), e->arg);
}

int store_proposal_contact_regions(struct store *st, int (*fn)(const char *region, void *arg), void *arg,
				   struct ms_err *err)
{
	static const char sql[] =
		"SELECT DISTINCT region FROM proposal WHERE name IS NOT NULL OR phone IS NOT NULL OR addr IS NOT NULL"
		" ORDER BY region";
	struct region_each e = { fn, arg };

	return db_rows(st, sql, "read proposals", region_row, &e, err, "");
}

int store_proposal_each(struct store *st, const char *region, int64_t year, int all,
			int (*fn)(const struct store_proposal *p, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT " PROPOSAL_COLS " FROM proposal WHERE region = $1 AND year = $2"
		" AND ($3 = 1 OR status <> 'pending') ORDER BY id";
	struct proposal_each c = { fn, arg };

	return db_rows(st, sql, "read proposals", proposal_row, &c, err, "tii", region, year, (int64_t)all) < 0
		       ? -1 : 0;
}

/* ---------- candidates ---------- */

int store_candidate_add(struct store *st, const struct store_candidate *c, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO candidate (region, level, year, title, targets, lead, units, cost, cost_basis,"
		" feasibility) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

	if (db_run(st, sql, "write candidate", err, "ttittttitt", c->region, c->level, c->year, c->title,
		   c->targets, c->lead, c->units, c->cost, c->cost_basis, c->feasibility))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

int store_candidate_publish(struct store *st, const char *region, int64_t year, const char *at, int64_t *n,
			    struct ms_err *err)
{
	static const char sql[] =
		"UPDATE candidate SET published_at = $3 WHERE region = $1 AND year = $2 AND published_at IS NULL";

	if (db_run(st, sql, "write candidate", err, "tit", region, year, at))
		return -1;
	*n = db_changes(st);
	return 0;
}

#define CANDIDATE_COLS \
	"c.id, c.region, c.level, c.year, c.title, c.targets, c.lead, c.units, c.cost, c.cost_basis," \
	" c.feasibility, c.published_at," \
	" COALESCE((SELECT group_concat(CAST(p.id AS TEXT), ',') FROM proposal p WHERE p.candidate = c.id), '')," \
	" (SELECT COUNT(*) FROM proposal p WHERE p.candidate = c.id)"

struct candidate_each {
	int (*fn)(const struct store_candidate *c, void *arg);
	void *arg;
};

static int candidate_row(struct db_row *s, void *ctx)
{
	struct candidate_each *e = ctx;
	struct store_candidate c = {
		.id = db_col_int(s, 0), .region = db_col_text(s, 1), .level = db_col_text(s, 2),
		.year = db_col_int(s, 3), .title = db_col_text(s, 4), .targets = db_col_text(s, 5),
		.lead = db_col_text(s, 6), .units = db_col_text(s, 7), .cost = db_col_int(s, 8),
		.cost_basis = db_col_text(s, 9), .feasibility = db_col_text(s, 10),
		.published_at = db_col_opt(s, 11), .proposals = db_col_text(s, 12), .asked = db_col_int(s, 13),
	};

	return e->fn(&c, e->arg);
}

int store_candidate_each(struct store *st, const char *region, int64_t year, int published_only,
			 int (*fn)(const struct store_candidate *c, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT " CANDIDATE_COLS " FROM candidate c WHERE c.region = $1 AND c.year = $2"
		" AND ($3 = 0 OR c.published_at IS NOT NULL) ORDER BY c.id";
	struct candidate_each e = { fn, arg };

	return db_rows(st, sql, "read candidates", candidate_row, &e, err, "tii", region, year,
		       (int64_t)published_only) < 0 ? -1 : 0;
}

int store_candidate_get(struct store *st, int64_t id,
			int (*fn)(const struct store_candidate *c, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] = "SELECT " CANDIDATE_COLS " FROM candidate c WHERE c.id = $1";
	struct candidate_each e = { fn, arg };

	return db_row(st, sql, "read candidate", candidate_row, &e, err, "i", id);
}

/* ---------- sessions ---------- */

int store_vote_session_add(struct store *st, const struct store_vote_session *s, int64_t *id, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO vote_session (region, level, year, title, places, state, runoff_of, opened_at)"
		" VALUES ($1, $2, $3, $4, $5, 'open', CASE WHEN $6 = 0 THEN NULL ELSE $6 END, $7)";

	if (db_run(st, sql, "write vote session", err, "ttitiit", s->region, s->level, s->year, s->title,
		   s->places, s->runoff_of, s->opened_at))
		return -1;
	if (id)
		*id = db_last_id(st);
	return 0;
}

struct session_each {
	int (*fn)(const struct store_vote_session *s, void *arg);
	void *arg;
};

static int session_row(struct db_row *r, void *ctx)
{
	struct session_each *e = ctx;
	struct store_vote_session s = {
		.id = db_col_int(r, 0), .region = db_col_text(r, 1), .level = db_col_text(r, 2),
		.year = db_col_int(r, 3), .title = db_col_text(r, 4), .places = db_col_int(r, 5),
		.state = db_col_text(r, 6), .runoff_of = db_col_int(r, 7), .opened_at = db_col_text(r, 8),
		.closed_at = db_col_text(r, 9), .tokens_issued = db_col_int(r, 10),
	};

	return e->fn(&s, e->arg);
}

int store_vote_session_get(struct store *st, int64_t id,
		      int (*fn)(const struct store_vote_session *s, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, region, level, year, title, places, state, COALESCE(runoff_of, 0), opened_at,"
		" COALESCE(closed_at, ''), tokens_issued FROM vote_session WHERE id = $1";
	struct session_each e = { fn, arg };

	return db_row(st, sql, "read vote session", session_row, &e, err, "i", id);
}

int store_vote_session_each(struct store *st, const char *region, int64_t year,
			    int (*fn)(const struct store_vote_session *s, void *arg), void *arg, struct ms_err *err)
{
	static const char sql[] =
		"SELECT id, region, level, year, title, places, state, COALESCE(runoff_of, 0), opened_at,"
		" COALESCE(closed_at, ''), tokens_issued FROM vote_session WHERE region = $1 AND year = $2 ORDER BY id";
	struct session_each e = { fn, arg };

	return db_rows(st, sql, "read vote sessions", session_row, &e, err, "ti", region, year);
}

int store_vote_session_close(struct store *st, int64_t id, const char *at, struct ms_err *err)
{
	static const char sql[] =
		"UPDATE vote_session SET state = 'closed', closed_at = $2 WHERE id = $1 AND state = 'open'";

	return db_run(st, sql, "write vote session", err, "it", id, at);
}

int store_vote_session_tokens_issued(struct store *st, int64_t id, struct ms_err *err)
{
	static const char sql[] = "UPDATE vote_session SET tokens_issued = 1 WHERE id = $1";

	return db_run(st, sql, "write vote session", err, "i", id);
}

int store_vote_session_candidate_add(struct store *st, int64_t session, int64_t no, int64_t candidate,
				struct ms_err *err)
{
	static const char sql[] = "INSERT INTO vote_candidate (session, no, candidate) VALUES ($1, $2, $3)";

	return db_run(st, sql, "write vote session", err, "iii", session, no, candidate);
}

struct cand_each {
	int (*fn)(int64_t no, int64_t candidate, const char *title, void *arg);
	void *arg;
};

static int cand_row(struct db_row *r, void *ctx)
{
	struct cand_each *e = ctx;

	return e->fn(db_col_int(r, 0), db_col_int(r, 1), db_col_text(r, 2), e->arg);
}

int store_vote_session_candidates(struct store *st, int64_t session,
			     int (*fn)(int64_t no, int64_t candidate, const char *title, void *arg), void *arg,
			     struct ms_err *err)
{
	static const char sql[] =
		"SELECT v.no, v.candidate, c.title FROM vote_candidate v JOIN candidate c ON c.id = v.candidate"
		" WHERE v.session = $1 ORDER BY v.no";
	struct cand_each e = { fn, arg };

	return db_rows(st, sql, "read vote session", cand_row, &e, err, "i", session) < 0 ? -1 : 0;
}

int store_deputy_add(struct store *st, int64_t session, int64_t no, const char *name, const char *delegation,
		     struct ms_err *err)
{
	static const char sql[] = "INSERT INTO deputy (session, no, name, delegation) VALUES ($1, $2, $3, $4)";

	return db_run(st, sql, "write deputy", err, "iitt", session, no, name, delegation);
}

struct deputy_each {
	int (*fn)(int64_t no, const char *name, const char *delegation, void *arg);
	void *arg;
};

static int deputy_row(struct db_row *r, void *ctx)
{
	struct deputy_each *e = ctx;

	return e->fn(db_col_int(r, 0), db_col_text(r, 1), db_col_text(r, 2), e->arg);
}

int store_deputy_each(struct store *st, int64_t session,
		      int (*fn)(int64_t no, const char *name, const char *delegation, void *arg), void *arg,
		      struct ms_err *err)
{
	static const char sql[] = "SELECT no, name, delegation FROM deputy WHERE session = $1 ORDER BY no";
	struct deputy_each e = { fn, arg };

	return db_rows(st, sql, "read deputies", deputy_row, &e, err, "i", session) < 0 ? -1 : 0;
}

int store_deputy_count(struct store *st, int64_t session, int64_t *n, struct ms_err *err)
{
	static const char sql[] = "SELECT COUNT(*) FROM deputy WHERE session = $1";

	*n = 0;
	return db_row(st, sql, "read deputies", db_take_int, n, err, "i", session) < 0 ? -1 : 0;
}

/* ---------- tokens and ballots ---------- */

int store_token_add(struct store *st, const char *hash, const char *scope, struct ms_err *err)
{
	static const char sql[] = "INSERT INTO one_time_token (hash, scope, used) VALUES ($1, $2, 0)";

	return db_run(st, sql, "write token", err, "tt", hash, scope);
}

int store_token_spend(struct store *st, const char *hash, const char *scope, struct ms_err *err)
{
	static const char spend[] = "UPDATE one_time_token SET used = 1 WHERE hash = $1 AND scope = $2 AND used = 0";
	static const char known[] = "SELECT COUNT(*) FROM one_time_token WHERE hash = $1 AND scope = $2";
	int64_t n = 0;

	if (db_run(st, spend, "write token", err, "tt", hash, scope))
		return -1;
	if (db_changes(st) == 1)
		return 1;
	if (db_row(st, known, "read token", db_take_int, &n, err, "tt", hash, scope) < 0)
		return -1;
	return n ? 0 : 2;
}

int store_ballot_add(struct store *st, int64_t key, int64_t session, const char *choices, struct ms_err *err)
{
	static const char sql[] = "INSERT INTO ballot (id, session, choices) VALUES ($1, $2, $3)";

	return db_run(st, sql, "write ballot", err, "iit", key, session, choices);
}

struct ballot_each {
	int (*fn)(const char *choices, void *arg);
	void *arg;
};

static int ballot_row(struct db_row *r, void *ctx)
{
	struct ballot_each *e = ctx;

	return e->fn(db_col_text(r, 0), e->arg);
}

int store_ballot_each(struct store *st, int64_t session, int (*fn)(const char *choices, void *arg), void *arg,
		      struct ms_err *err)
{
	static const char sql[] = "SELECT choices FROM ballot WHERE session = $1 ORDER BY id";
	struct ballot_each e = { fn, arg };

	return db_rows(st, sql, "read ballots", ballot_row, &e, err, "i", session);
}

/* ---------- four-eyes counts ---------- */

struct count_get {
	struct ms_buf *figures, *method, *by;
};

static int count_row(struct db_row *r, void *ctx)
{
	struct count_get *c = ctx;

	ms_buf_reset(c->figures);
	ms_buf_adds(c->figures, db_col_text(r, 0));
	ms_buf_reset(c->method);
	ms_buf_adds(c->method, db_col_text(r, 1));
	ms_buf_reset(c->by);
	ms_buf_adds(c->by, db_col_text(r, 2));
	return 0;
}

int store_count_get(struct store *st, int64_t session, int64_t entry, struct ms_buf *figures,
		    struct ms_buf *method, struct ms_buf *by, struct ms_err *err)
{
	static const char sql[] =
		"SELECT figures, method, entered_by FROM vote_count WHERE session = $1 AND entry = $2";
	struct count_get c = { figures, method, by };

	return db_row(st, sql, "read vote count", count_row, &c, err, "ii", session, entry);
}

int store_count_add(struct store *st, int64_t session, int64_t entry, const char *method, const char *figures,
		    const char *by, const char *at, struct ms_err *err)
{
	static const char sql[] =
		"INSERT INTO vote_count (session, entry, method, figures, entered_by, entered_at)"
		" VALUES ($1, $2, $3, $4, $5, $6)";

	return db_run(st, sql, "write vote count", err, "iitttt", session, entry, method, figures, by, at);
}

int store_survey_seen(struct store *st, const char *scope, const char *addr, const char *day, struct ms_err *err)
{
	static const char sql[] = "INSERT INTO survey_seen (scope, addr, day) VALUES ($1, $2, $3)"
		" ON CONFLICT (scope, addr, day) DO NOTHING";

	if (db_run(st, sql, "write survey", err, "ttt", scope, addr, day))
		return -1;
	return db_changes(st) == 1;
}

struct gov_take {
	char *region, *level;
	int64_t *year, *session;
};

static int gov_row(struct db_row *r, void *ctx)
{
	struct gov_take *g = ctx;

	db_col_copy(g->region, 32, r, 0);
	db_col_copy(g->level, 16, r, 1);
	*g->year = db_col_int(r, 2);
	*g->session = db_col_int(r, 3);
	return 0;
}

int store_vote_latest(struct store *st, char region[32], char level[16], int64_t *year, int64_t *session,
		      struct ms_err *err)
{
	static const char sessions[] =
		"SELECT region, level, year, id FROM vote_session ORDER BY id DESC LIMIT 1";
	static const char proposals[] =
		"SELECT region, level, year, 0 FROM proposal ORDER BY id DESC LIMIT 1";
	struct gov_take g = { region, level, year, session };
	int rc = db_row(st, sessions, "read vote session", gov_row, &g, err, "");

	if (rc == 0)
		rc = db_row(st, proposals, "read proposals", gov_row, &g, err, "");
	return rc;
}
