/*
 * ledger_keep.c - the server's threads keep their last ledger_open: the
 * plan's indicators, rounds, region, start and grace days, read by nearly
 * every request (a dozen statements, the indicators' rows the most).
 *
 * Kept with the connection (store_serial), the plan asked for (or none:
 * the newest), the database's version (store_data_version) and the
 * journal's last row when read. The same version: copied as kept. Another:
 * the journal rows since; when they are all report writes (报送, 审核: tbl
 * "report", which change no part of it) it is still good; anything else,
 * more than KEEP_FOLLOW rows, or a change with no journal row at all (every
 * write journals, so only a hand edit) and it is read again. Each caller
 * gets its own copy (ledger_close frees it), with its own store, actor and
 * time.
 */
#include "ledger.h"
#include "ledger_parts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

#define KEEP_FOLLOW 256

struct lkept {
	uint64_t serial;          /* 0: nothing kept */
	int any;                  /* opened with plan NULL (the newest) */
	char asked[64];
	int64_t version, journal;
	struct ledger l;
};

static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_keep;

static void lkept_release(void *p)
{
	struct lkept *k = p;

	ledger_close(&k->l);
	free(k);
}

static void key_init(void)
{
	if (pthread_key_create(&g_key, lkept_release))
		abort();
}

void ledger_keep(void)
{
	pthread_once(&g_once, key_init);
	g_keep = 1;
}

struct since { int64_t last; int n, other; };

static int since_row(const struct store_journal_row *j, void *arg)
{
	struct since *s = arg;

	s->last = j->id;
	s->n++;
	if (strcmp(j->tbl, "report"))
		s->other = 1;
	return 0;
}

/* 1 when k is still good at version v (k->journal moved on), 0 when not, -1 on error. */
static int still_good(struct lkept *k, struct store *st, const char *plan, int64_t v, struct ms_err *err)
{
	struct since s = { k->journal, 0, 0 };

	if (!k->serial || k->serial != store_serial(st) || k->any != !plan || (plan && strcmp(k->asked, plan)))
		return 0;
	if (v == k->version)
		return 1;
	if (store_journal_after(st, k->journal, KEEP_FOLLOW + 1, since_row, &s, err))
		return -1;
	if (s.other || !s.n || s.n > KEEP_FOLLOW)
		return 0;
	k->journal = s.last;
	k->version = v;
	return 1;
}

static void *dup_n(const void *src, size_t n, size_t sz)
{
	void *p;

	if (!n)
		return NULL;
	if (!(p = malloc(n * sz)))
		abort();
	memcpy(p, src, n * sz);
	return p;
}

int ledger_kept_open(struct ledger *l, struct store *st, const char *plan, const char *actor,
		     struct ms_err *err)
{
	struct lkept *k;
	int64_t v, j;
	int r;

	if (!g_keep || (v = store_data_version(st)) < 0)
		return 1;
	if (!(k = pthread_getspecific(g_key))) {
		if (!(k = calloc(1, sizeof(*k))))
			abort();
		if (pthread_setspecific(g_key, k)) {
			free(k);
			return 1;
		}
	}
	if ((r = still_good(k, st, plan, v, err)) < 0)
		return -1;
	if (!r) {
		ledger_close(&k->l);
		k->serial = 0;
		/* the journal's last row first: a write landing during the reads is seen next time */
		if (store_journal_last(st, &j, err) || ledger_open_fresh(&k->l, st, plan, NULL, err))
			return -1;
		k->serial = store_serial(st);
		k->any = !plan;
		snprintf(k->asked, sizeof(k->asked), "%s", plan ? plan : "");
		k->version = v;
		k->journal = j;
	}
	*l = k->l;
	l->ev_max_m = 0;   /* settings are read again in each opening */
	l->st = st;
	l->actor = actor;
	l->now = ms_clock_now();
	l->ind = dup_n(k->l.ind, k->l.nind, sizeof(*l->ind));
	l->round = dup_n(k->l.round, k->l.nround, sizeof(*l->round));
	return 0;
}
