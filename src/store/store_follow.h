/*
 * store_follow.h - the follow-up's tables (store_follow.c): where reminders
 * go (remind_channel), the reminders sent (remind_send, one per unit, round,
 * day and kind), and 督办单 (duban). Included by store.h; callers include
 * store.h.
 */
#ifndef MS_STORE_FOLLOW_H
#define MS_STORE_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

/* A unit's channel: kind "email", "webhook" or "contact" (a name and telephone, shown, not sent to). */
int store_channel_add(struct store *st, const char *org, const char *kind, const char *address,
		      const char *now, struct ms_err *err);
/* Removes one; *n the rows removed (0 or 1). */
int store_channel_remove(struct store *st, const char *org, const char *kind, const char *address,
			 int64_t *n, struct ms_err *err);
/* Channels of org (NULL: every org) by org, kind, address. */
int store_channel_each(struct store *st, const char *org,
		       int (*fn)(const char *org, const char *kind, const char *address, void *arg),
		       void *arg, struct ms_err *err);

/*
 * Every assigned unit and indicator of the plan without a report sent in
 * (submitted or approved) for the round, by org then indicator; status is
 * the report's ("draft", "returned") or "" when there is none.
 */
int store_remind_missing(struct store *st, const char *plan, const char *round,
			 int (*fn)(const char *org, const char *org_name, const char *indicator,
				   const char *status, void *arg),
			 void *arg, struct ms_err *err);

struct store_remind_send {
	int64_t id;
	const char *plan, *round, *org, *day, *kind, *addresses, *sent_at, *sent_by;
	int64_t missing;
	const char *stale_before;     /* store_remind_add: a "sending" claim older than this is dropped */
};
/*
 * Claims a send before it is made (status "sending", its id in *id);
 * MS_E_CONFLICT when the unit has one of that kind for the round that day.
 * store_remind_done marks it sent (ok) or removes the claim (a failed send
 * may be tried again). A claim still "sending" from before s->stale_before
 * (a process that died while sending) is removed first.
 */
int store_remind_add(struct store *st, const struct store_remind_send *s, int64_t *id, struct ms_err *err);
int store_remind_done(struct store *st, int64_t id, int ok, struct ms_err *err);
/* 1 when a send of kind to org for the round is recorded on day, 0 when not, -1. */
int store_remind_sent(struct store *st, const char *plan, const char *round, const char *org,
		      const char *day, const char *kind, struct ms_err *err);
/* Sends made (status sent) of the plan's round (round NULL: all) by id. */
int store_remind_each(struct store *st, const char *plan, const char *round,
		      int (*fn)(const struct store_remind_send *s, void *arg), void *arg,
		      struct ms_err *err);

struct store_duban {
	int64_t id;
	const char *plan, *indicator, *org, *what, *why, *answer_by, *issued_by, *issued_at;
	const char *answer, *answered_by, *answered_at;   /* NULL until answered */
	const char *evidence_ref;                        /* NULL: none */
	const char *org_name;                            /* read only */
};
/* Adds a 督办单; its id in *id. */
int store_duban_add(struct store *st, const struct store_duban *d, int64_t *id, struct ms_err *err);
/* Records the answer of an unanswered 督办单: 1 done, 0 when it is answered already or absent. */
int store_duban_answer(struct store *st, int64_t id, const char *answer, const char *by, const char *at,
		       const char *evidence_ref, struct ms_err *err);
/* 1 and fn called with the one 督办单, 0 when there is none, -1. */
int store_duban_get(struct store *st, int64_t id, int (*fn)(const struct store_duban *d, void *arg),
		    void *arg, struct ms_err *err);
/* 督办单 of the plan, filtered by org and indicator when not NULL, by id. */
int store_duban_each(struct store *st, const char *plan, const char *org, const char *indicator,
		     int (*fn)(const struct store_duban *d, void *arg), void *arg, struct ms_err *err);

#endif
