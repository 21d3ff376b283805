/*
 * vote_parts.h - what the vote's files share among themselves; not for
 * other modules.
 */
#ifndef MS_VOTE_PARTS_H
#define MS_VOTE_PARTS_H

#include <stdint.h>

#include "core/err.h"

struct store;

/* 1 when s is one of the NULL-terminated words t. */
int vote_word_in(const char *const *t, const char *s);
/* A government: a 6-digit region code, a level 省/市/县/乡, a year; 0 or -1 with err. */
int vote_gov_check(const char *region, const char *level, int64_t year, struct ms_err *err);
/* Today in China, YYYY-MM-DD. */
void vote_today(char day[16]);
/* A proposal's status, region and year; -1 with err (MS_E_NOTFOUND). */
int vote_proposal_find(struct store *st, int64_t id, char status[16], char region[32], int64_t *year,
		       struct ms_err *err);
/* The session as vote.h's struct (candidates included): 0, or -1 with err (MS_E_NOTFOUND). */
struct vote_session;
int vote_session_load(struct store *st, int64_t id, struct vote_session *s, struct ms_err *err);

#endif
