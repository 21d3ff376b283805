/*
 * store_vote.h - the vote's tables (store_vote.c): proposals, candidates,
 * sessions with their candidates and deputies, single-use tokens, ballots
 * (no link to a token or a deputy), four-eyes counts, the survey's
 * one-per-address-and-day. Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_VOTE_H
#define MS_STORE_VOTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

struct store_proposal {
	int64_t id, year, candidate;
	const char *region, *level, *title, *body, *field, *place, *source, *name, *phone, *addr;
	const char *received_on, *received_at, *status, *reason;
};
int store_proposal_add(struct store *st, const struct store_proposal *p, int64_t *id, struct ms_err *err);
/* Proposals from addr on day (China date). */
int store_proposal_count_addr(struct store *st, const char *addr, const char *day, int64_t *n,
			      struct ms_err *err);
/* 1 and p filled (strings valid until the next call on st: copy them), 0 none, -1. */
int store_proposal_get(struct store *st, int64_t id,
		       int (*fn)(const struct store_proposal *p, void *arg), void *arg, struct ms_err *err);
int store_proposal_set_status(struct store *st, int64_t id, const char *status, const char *reason,
			      int64_t candidate, struct ms_err *err);
/* NULLs name and phone of proposals received before day; *n how many. */
int store_proposal_purge(struct store *st, const char *before_day, int64_t *n, struct ms_err *err);
/* The same for the proposals of one government (region). */
int store_proposal_purge_region(struct store *st, const char *region, const char *before_day, int64_t *n,
				struct ms_err *err);
/* The governments (regions) that still hold a proposal's contact, in order; fn's non-zero stops. */
int store_proposal_contact_regions(struct store *st, int (*fn)(const char *region, void *arg), void *arg,
				   struct ms_err *err);
/* Proposals of (region, year) by id; all statuses, or (public) not pending. */
int store_proposal_each(struct store *st, const char *region, int64_t year, int all,
			int (*fn)(const struct store_proposal *p, void *arg), void *arg, struct ms_err *err);

struct store_candidate {
	int64_t id, year, cost, asked;
	const char *region, *level, *title, *targets, *lead, *units, *cost_basis, *feasibility;
	const char *proposals, *published_at;    /* proposals: "3,7,12" (read only) */
};
int store_candidate_add(struct store *st, const struct store_candidate *c, int64_t *id, struct ms_err *err);
int store_candidate_publish(struct store *st, const char *region, int64_t year, const char *at, int64_t *n,
			    struct ms_err *err);
int store_candidate_each(struct store *st, const char *region, int64_t year, int published_only,
			 int (*fn)(const struct store_candidate *c, void *arg), void *arg, struct ms_err *err);
/* One candidate by id: 1, 0, -1. */
int store_candidate_get(struct store *st, int64_t id,
			int (*fn)(const struct store_candidate *c, void *arg), void *arg, struct ms_err *err);

struct store_vote_session {
	int64_t id, year, places, runoff_of, tokens_issued;
	const char *region, *level, *title, *state, *opened_at, *closed_at;
};
int store_vote_session_add(struct store *st, const struct store_vote_session *s, int64_t *id, struct ms_err *err);
int store_vote_session_get(struct store *st, int64_t id,
		      int (*fn)(const struct store_vote_session *s, void *arg), void *arg, struct ms_err *err);
/* The sessions of (region, year) by id. */
int store_vote_session_each(struct store *st, const char *region, int64_t year,
			    int (*fn)(const struct store_vote_session *s, void *arg), void *arg, struct ms_err *err);
int store_vote_session_close(struct store *st, int64_t id, const char *at, struct ms_err *err);
int store_vote_session_tokens_issued(struct store *st, int64_t id, struct ms_err *err);
int store_vote_session_candidate_add(struct store *st, int64_t session, int64_t no, int64_t candidate,
				struct ms_err *err);
/* The session's candidate ids and titles in ballot order. */
int store_vote_session_candidates(struct store *st, int64_t session,
			     int (*fn)(int64_t no, int64_t candidate, const char *title, void *arg), void *arg,
			     struct ms_err *err);
int store_deputy_add(struct store *st, int64_t session, int64_t no, const char *name, const char *delegation,
		     struct ms_err *err);
int store_deputy_each(struct store *st, int64_t session,
		      int (*fn)(int64_t no, const char *name, const char *delegation, void *arg), void *arg,
		      struct ms_err *err);
int store_deputy_count(struct store *st, int64_t session, int64_t *n, struct ms_err *err);

/* Tokens: the hash, its scope, used. */
int store_token_add(struct store *st, const char *hash, const char *scope, struct ms_err *err);
/* 1 spent now, 0 already used, 2 no such token of that scope; -1. */
int store_token_spend(struct store *st, const char *hash, const char *scope, struct ms_err *err);

/* Ballots: a random key, the session, the choices; nothing else. */
int store_ballot_add(struct store *st, int64_t key, int64_t session, const char *choices, struct ms_err *err);
int store_ballot_each(struct store *st, int64_t session, int (*fn)(const char *choices, void *arg), void *arg,
		      struct ms_err *err);

/* Four-eyes counts: entry 1 and 2 of a session. 1 and its figures, method and who; 0 none. */
int store_count_get(struct store *st, int64_t session, int64_t entry, struct ms_buf *figures,
		    struct ms_buf *method, struct ms_buf *by, struct ms_err *err);
int store_count_add(struct store *st, int64_t session, int64_t entry, const char *method, const char *figures,
		    const char *by, const char *at, struct ms_err *err);

/* The survey's one per scope, address and day: 1 taken now, 0 already taken; -1. */
int store_survey_seen(struct store *st, const char *scope, const char *addr, const char *day, struct ms_err *err);

/* The government (and session, 0 none) of the newest session, else of the newest proposal: 1, 0 none, -1. */
int store_vote_latest(struct store *st, char region[32], char level[16], int64_t *year, int64_t *session,
		      struct ms_err *err);

#endif
