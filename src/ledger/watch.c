/*
 * watch.c - the journal followed from one look to the next (watch.h).
 */
#include "watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "core/banned.h"

struct since {
	const char *plan;
	int (*fn)(const char *indicator, const char *org, const char *round, void *arg);
	void *arg;
	int64_t last;
	int n, other, failed;
};

static int since_row(const struct store_journal_row *j, void *arg)
{
	struct since *s = arg;
	char key[256], *ind, *org, *round;
	int rc;

	s->last = j->id;
	s->n++;
	if (s->other)
		return 0;
	if (strcmp(j->tbl, "report")) {
		s->other = 1;
		return 0;
	}
	if (!s->fn || s->n > LEDGER_WATCH_MAX)
		return 0;
	/* a report's key: plan/indicator/org/round */
	snprintf(key, sizeof(key), "%s", j->key);
	if (!(ind = strchr(key, '/')) || !(org = strchr(ind + 1, '/')) || !(round = strchr(org + 1, '/'))) {
		s->other = 1;
		return 0;
	}
	*ind++ = *org++ = *round++ = '\0';
	if (s->plan && strcmp(key, s->plan))
		return 0;          /* another plan's */
	rc = s->fn(ind, org, round, s->arg);
	if (rc < 0)
		s->failed = 1;
	if (rc)
		s->other = 1;
	return rc < 0 ? 1 : 0;
}

int ledger_watch(struct store *st, struct ledger_watch *w, const char *plan,
		 int (*fn)(const char *indicator, const char *org, const char *round, void *arg), void *arg,
		 struct ms_err *err)
{
	int64_t v = store_data_version(st);
	struct since s = { plan, fn, arg, 0, 0, 0, 0 };

	if (v < 0) {        /* no version to compare: nothing can be kept */
		w->serial = 0;
		return LEDGER_ALL;
	}
	if (w->serial && w->serial == store_serial(st)) {
		if (v == w->version)
			return LEDGER_SAME;
		s.last = w->journal;
		if (store_journal_after(st, w->journal, LEDGER_WATCH_MAX + 1, since_row, &s, err) || s.failed) {
			w->serial = 0;
			return -1;
		}
		if (!s.other && s.n && s.n <= LEDGER_WATCH_MAX) {
			w->journal = s.last;
			w->version = v;
			return LEDGER_REPORTS;
		}
	}
	w->serial = 0;
	if (store_journal_last(st, &w->journal, err))
		return -1;
	w->serial = store_serial(st);
	w->version = v;
	return LEDGER_ALL;
}

void *ledger_thread_state(pthread_key_t key, size_t size)
{
	void *p = pthread_getspecific(key);

	if (p)
		return p;
	if (!(p = calloc(1, size)))
		abort();
	if (pthread_setspecific(key, p)) {
		free(p);
		return NULL;
	}
	return p;
}
