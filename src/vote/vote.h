/*
 * vote.h - the front half of the cycle (docs/VOTE.md): 征集 (proposals from
 * the public, on paper or from deputies), 筛选 (candidates), 票决 (a secret
 * vote by the deputies with single-use tokens, or counts entered twice),
 * the elected made into a draft plan, and 验单 (the deputies' and the
 * public's year-end rating, into the evaluation's survey table).
 *
 * A government is a region code (GB/T 2260) and a level (省/市/县/乡, kept as
 * text); proposals, candidates and sessions are keyed by (region, year).
 */
#ifndef MS_VOTE_H
#define MS_VOTE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct store;
struct plan_orgs;

/* ---------- tally.c: the rules, pure ---------- */

#define VOTE_MAX_CANDIDATES 64

enum vote_outcome {
	VOTE_NOT_ELECTED = 0,  /* not over half, or over half with the places filled above it */
	VOTE_ELECTED,          /* 当选 */
	VOTE_AGAIN,            /* 另行投票: tied at the last place, or left for another round */
};

enum vote_open_reason {
	VOTE_FILLED = 0,       /* every place filled */
	VOTE_TIE,              /* a tie at the last place */
	VOTE_TOO_FEW,          /* too few candidates over half of all deputies */
};

struct vote_tally {
	/* in */
	int places;                            /* 应选 */
	int deputies;                          /* all deputies of the session (全体代表) */
	int ncand;
	int64_t votes[VOTE_MAX_CANDIDATES];    /* candidate i (number i + 1) */
	int64_t cast, invalid;                 /* ballots received, of them invalid (for the record) */
	/* out */
	int order[VOTE_MAX_CANDIDATES];        /* by votes, most first; ties by number */
	enum vote_outcome outcome[VOTE_MAX_CANDIDATES];
	int elected;                           /* how many elected */
	int open;                              /* places left for another round */
	enum vote_open_reason reason;
	int64_t tie_votes;                     /* VOTE_TIE: the votes of the tied candidates */
};

/*
 * The rule: a candidate is elected with more than half of ALL deputies'
 * votes, in order of votes, until the places are filled. Candidates over
 * half who tie for the last place(s) are all left for another round (VOTE_AGAIN,
 * reason VOTE_TIE); with too few over half the remaining places are left
 * open (VOTE_TOO_FEW) and the candidates not elected may stand again.
 * Fill places, deputies, ncand, votes; fills the rest. Never fails.
 */
void vote_tally_compute(struct vote_tally *t);

/* A one-line summary of the result (Chinese), e.g. "当选 9 项，第10名得票相同（30票）需另行投票 1 项". */
void vote_tally_summary(struct ms_buf *b, const struct vote_tally *t);

/*
 * A ballot's choices: candidate numbers separated by commas, spaces or 、
 * ("3,1,7"; "" is a blank ballot). chosen[ncand] is set to 1 for each.
 * Returns the number chosen (valid when <= places; more makes the ballot
 * 无效票, which is still cast), or -1 with err for what is not a ballot at
 * all (not a number, an unknown candidate, one named twice).
 */
int vote_choices_parse(const char *s, int ncand, unsigned char *chosen, struct ms_err *err);

/* ---------- tokens.c: single-use tokens (ballots, 验单, the survey) ---------- */

#define VOTE_TOKEN_LEN 24     /* "XXXX-XXXX-XXXX-XXXX-XXXX" */

/*
 * Issues n tokens for scope ("ballot:7", "rating:PLAN"); tokens[n] receive
 * the printable tokens (shown once; only their hashes are stored, with a
 * used flag and nothing else). Inside the caller's transaction.
 */
int vote_tokens_issue(struct store *st, const char *scope, int n, char (*tokens)[VOTE_TOKEN_LEN + 1],
		      struct ms_err *err);
/*
 * Spends a token of scope inside the caller's transaction: 0, or -1 with
 * err (field "token"): unknown (MS_E_FORBIDDEN), already used (MS_E_CONFLICT).
 */
int vote_token_spend(struct store *st, const char *scope, const char *token, struct ms_err *err);

/* ---------- proposals.c: 征集 ---------- */

#define VOTE_PROPOSALS_PER_DAY 60   /* from one address in a day (public submissions) */
#define VOTE_TITLE_MAX 200          /* bytes */
#define VOTE_BODY_MAX 4000          /* bytes */

struct vote_proposal {
	int64_t id;
	const char *region, *level;     /* the government */
	int64_t year;
	const char *title, *body, *field, *place;
	const char *source;             /* public, paper, deputy, government */
	const char *name, *phone;       /* contact: staff only; NULL or "" when none */
	const char *status, *reason;    /* pending, published, merged, declined */
	const char *received_at;
	int64_t candidate;              /* merged into, 0 none */
};

/* The fields a proposal may be about (就业, 教育, 养老 …), NULL-terminated. */
extern const char *const vote_fields[];

/*
 * Adds one proposal (status pending) with its journal row. addr (the
 * client's address) rate-limits public submissions: the 61st from one
 * address in a China day is refused with MS_E_LIMIT. *id its number.
 */
int vote_proposal_add(struct store *st, const struct vote_proposal *p, const char *addr,
		      const char *actor, int64_t *id, struct ms_err *err);
/*
 * Reads proposals from CSV or .xlsx (columns title, field, place; optional
 * body, name, phone, source) and checks each row's words (not the
 * database): fn gets each row with its line (the sheet's row for .xlsx).
 * The parser the import and fuzz_proposal share (f read whole, at most
 * VOTE_IMPORT_MAX bytes).
 */
int vote_proposal_csv_each(FILE *f, const char *name, const char *region, const char *level, int64_t year,
			   int (*fn)(const struct vote_proposal *p, long line, void *arg), void *arg,
			   struct ms_err *err);
/* The largest file an import reads (proposals, deputies). */
#define VOTE_IMPORT_MAX (32 << 20)
/*
 * Imports a CSV or .xlsx file (the first sheet, the same columns in its
 * first row; a zip's bytes tell) for the government, all or nothing, one
 * journal row; *n rows. An error names the file and line, or the sheet,
 * row and column. _data: the file's bytes (an upload), name for errors.
 */
int vote_proposal_import_data(struct store *st, const char *name, const void *data, size_t len,
			      const char *region, const char *level, int64_t year, const char *actor, long *n,
			      struct ms_err *err);
int vote_proposal_import(struct store *st, const char *path, const char *region, const char *level,
			 int64_t year, const char *actor, long *n, struct ms_err *err);
/* The government of proposal id (its region and year): 0, or -1 with err (MS_E_NOTFOUND, field "id"). */
int vote_proposal_region(struct store *st, int64_t id, char region[32], int64_t *year, struct ms_err *err);
/* Moderation: publish, or decline with a reason (shown to the public). */
int vote_proposal_moderate(struct store *st, int64_t id, const char *status, const char *reason,
			   const char *actor, struct ms_err *err);
/* ---------- retention.c: how long a government keeps the contacts ---------- */

#define VOTE_RETENTION_MIN 1
#define VOTE_RETENTION_MAX 3650
#define VOTE_RETENTION_DEFAULT 365   /* days, for a government that set none */

/*
 * Deletes the contact (name, phone, the address's hash) of proposals older
 * than their government's retention period, or than days for a government
 * that set none; one transaction, journaled with each government's count;
 * *n how many.
 */
int vote_proposal_purge(struct store *st, int days, const char *actor, long *n, struct ms_err *err);
/* The government's own period in days (*days 0: none set). */
int vote_retention_get(struct store *st, const char *region, int *days, struct ms_err *err);
/* Sets it (VOTE_RETENTION_MIN–MAX days, field "days"), journaled (proposal.retention). */
int vote_retention_set(struct store *st, const char *region, const char *level, int days, const char *actor,
		       struct ms_err *err);
/*
 * Proposals of (region, year), staff (contact included, every status) or
 * public (no contact, no pending). fn's non-zero stops.
 */
int vote_proposal_each(struct store *st, const char *region, int64_t year, int staff,
		       int (*fn)(const struct vote_proposal *p, void *arg), void *arg, struct ms_err *err);
/*
 * Groups near-duplicates of (region, year) by title likeness (≥ 50):
 * group[i] is the id of the first proposal of i's group. Fills ids and
 * group (malloc'd, n entries); the caller frees both.
 */
int vote_proposal_groups(struct store *st, const char *region, int64_t year, int64_t **ids,
			 int64_t **group, size_t *n, struct ms_err *err);

/*
 * Last year's evaluation (of the plan of year, as of the day as_of) into
 * proposals from the government for year + 1: each recommendation to carry
 * over, raise or review an item becomes one (source government, status
 * pending), its text citing the figures it came from; one transaction.
 */
int vote_proposals_from_eval(struct store *st, int64_t year, const char *level, int as_of, const char *actor,
			     long *n, struct ms_err *err);

/* ---------- candidates.c: 筛选 ---------- */

struct vote_candidate {
	int64_t id;
	const char *region, *level;
	int64_t year;
	const char *title, *targets, *lead, *units;
	int64_t cost;                    /* 分 */
	const char *cost_basis, *feasibility;
	const char *proposals;           /* "3,7,12": the proposals it came from */
	int64_t asked;                   /* how many proposals (people) asked for it */
	const char *published_at;        /* 公示, or NULL */
};

/*
 * Adds a candidate merged from proposals (ids as "3,7,12", each of the
 * government and year, not declined): they become merged. cost as typed
 * ("120万元"). *id its number.
 */
int vote_candidate_add(struct store *st, const struct vote_candidate *c, const char *cost,
		       const char *actor, int64_t *id, struct ms_err *err);
/* Publishes (公示) the candidates of (region, year); *n how many. */
int vote_candidate_publish(struct store *st, const char *region, int64_t year, const char *actor,
			   long *n, struct ms_err *err);
/* Candidates of (region, year) in number order; published_only for the public. */
int vote_candidate_each(struct store *st, const char *region, int64_t year, int published_only,
			int (*fn)(const struct vote_candidate *c, void *arg), void *arg, struct ms_err *err);

/* ---------- session.c: 票决 ---------- */

struct vote_session {
	int64_t id;
	char region[32], level[16], title[256], state[16], opened_at[32], closed_at[32];
	int64_t year, places, deputies, runoff_of, tokens_issued;
	int64_t ncand;
	int64_t cand[VOTE_MAX_CANDIDATES];      /* candidate ids, by number on the ballot */
	char cand_title[VOTE_MAX_CANDIDATES][256];
};

/*
 * Opens a session for the government's published candidates (at least
 * places + 1: 差额), or a runoff of session runoff_of (its places left, its
 * tied or unelected candidates, its deputies). *id its number.
 */
int vote_session_open(struct store *st, const char *region, const char *level, int64_t year,
		      const char *title, int places, int64_t runoff_of, const char *actor, int64_t *id,
		      struct ms_err *err);
/* 1 and s filled, 0 no such session, -1. */
int vote_session_get(struct store *st, int64_t id, struct vote_session *s, struct ms_err *err);
/*
 * Deputies from CSV or .xlsx (columns name/姓名, delegation/代表团) into an
 * open session, all or nothing; *n. _data: the file's bytes, name for errors.
 */
int vote_deputies_import_data(struct store *st, int64_t session, const char *name, const void *data, size_t len,
			      const char *actor, long *n, struct ms_err *err);
int vote_deputies_import(struct store *st, int64_t session, const char *path, const char *actor,
			 long *n, struct ms_err *err);
/*
 * One token per deputy for the session's ballots (once per session);
 * out receives CSV (序号, 姓名, 代表团, 票证) to print the slips. *n tokens.
 */
int vote_session_tokens(struct store *st, int64_t session, const char *actor, struct ms_buf *out,
			long *n, struct ms_err *err);
/*
 * Casts an electronic ballot: spends the token and stores the choices
 * without any link to it (a random key, no time). A ballot choosing more
 * than the places is kept as 无效票 (*valid 0).
 */
int vote_ballot_cast(struct store *st, int64_t session, const char *token, const char *choices,
		     int *valid, struct ms_err *err);
/*
 * Counts from the 表决器 or a paper count ("1=30,2=28,…" with cast= and
 * invalid=), entered by one staff member and confirmed by a second who
 * enters the same figures (四眼原则). *state: 1 first entry kept, 2 confirmed.
 */
int vote_count_enter(struct store *st, int64_t session, const char *method, const char *figures,
		     const char *actor, int *state, struct ms_err *err);
/* Closes the session (no more ballots; the totals become visible). */
int vote_session_close(struct store *st, int64_t session, const char *actor, struct ms_err *err);
/* The tally of a closed session (refused while open: MS_E_CONFLICT). */
int vote_session_tally(struct store *st, int64_t session, struct vote_session *s, struct vote_tally *t,
		       struct ms_err *err);
/* The result as JSON: the session, the figures, each candidate's votes and outcome, the summary. */
json_t *vote_tally_json(const struct vote_session *s, const struct vote_tally *t);
/* The result as text (a table: 序号, 候选项目, 得票, 结果, then the summary). */
void vote_tally_text(struct ms_buf *b, const struct vote_session *s, const struct vote_tally *t);

/* ---------- adopt.c: vote → draft plan ---------- */

/*
 * The draft plan of the session (and the sessions it is a runoff of): the
 * elected candidates as items, each quoting the vote record (the plan's
 * source, record receives its text), every item naming its proposals.
 * plan_id NULL: "vote-REGION-YEAR". *doc a new reference. Refused while
 * places are left for another round.
 */
int vote_adopt(struct store *st, int64_t session, const char *plan_id, const char *source_name,
	       void **doc, struct ms_buf *record, struct ms_err *err);

/* ---------- match.c: the later notice against the voted plan ---------- */

#define VOTE_MATCH_MAX 64

struct vote_match {
	char voted_plan[64];                       /* the adopted plan's id */
	size_t n_notice, n_voted;
	char notice_title[VOTE_MATCH_MAX][256], voted_title[VOTE_MATCH_MAX][256];
	int64_t notice_no[VOTE_MATCH_MAX], voted_no[VOTE_MATCH_MAX];
	int notice_to[VOTE_MATCH_MAX];             /* the voted item (index) a notice item is, -1: new */
	int likeness[VOTE_MATCH_MAX];              /* its title likeness, 50–100 */
	int voted_seen[VOTE_MATCH_MAX];            /* 0: missing from the notice */
};

/*
 * The plan document notice (a notice's draft) against the plan its
 * government adopted by vote for the same year (a stored plan made by
 * vote_adopt, not notice itself): 1 and m filled (which notice item is
 * which voted item by title likeness ≥ 50, the likeliest first; the rest
 * new or missing), 0 when there is no such plan, -1 with err.
 */
int vote_notice_match(struct store *st, const json_t *notice, struct vote_match *m, struct ms_err *err);
/* The match as lines of Chinese text, and as JSON {voted_plan, matched[], new[], missing[]}. */
void vote_match_text(struct ms_buf *b, const struct vote_match *m);
json_t *vote_match_json(const struct vote_match *m);

/* ---------- rating.c: 验单 and the online survey ---------- */

/* Rating tokens for the deputies of plan's government (scope rating:PLAN); out CSV as above. */
int vote_rating_tokens(struct store *st, const char *plan, int n, const char *actor, struct ms_buf *out,
		       struct ms_err *err);
/*
 * One response: answers "1=满意,2=基本满意,3=不满意" (every item of the
 * plan or some). With a token: a deputy (respondent deputy; token spent).
 * Without: the public, one per address and China day (MS_E_LIMIT again).
 * Rows go to the evaluation's survey table; *n items rated.
 */
int vote_rating_submit(struct store *st, const char *plan, const char *token, const char *addr,
		       const char *answers, long *n, struct ms_err *err);

#endif
