/*
 * ledger_keep.c - the server's threads keep their last ledger_open: the
 * plan's indicators, rounds, region, start and grace days, read by nearly
 * every request (a dozen statements, the indicators' rows the most).
 *
 * Kept with the connection, the plan asked for (or none: the newest) and
 * what ledger_watch (watch.c) saw: report writes (报送, 审核) change no part
 * of it; anything else and it is read again. Each caller
 * gets its own copy (ledger_close frees it), with its own store, actor and
 * time.
 *
 * Below, the 审核 rows' memo (ledger_beside): a thread's answers of
 * store_report_beside, in a small open-addressed table, followed the same
 * way: a report written forgets its indicator and region's answers.
 */
#include "ledger.h"
#include "ledger_parts.h"
#include "watch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/banned.h"

struct lkept {
	struct ledger_watch w;    /* serial 0: nothing kept */
	int any;                  /* opened with plan NULL (the newest) */
	char asked[64];
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

static void bkey_init(void);
static pthread_once_t g_bonce = PTHREAD_ONCE_INIT;

void ledger_keep(void)
{
	pthread_once(&g_once, key_init);
	pthread_once(&g_bonce, bkey_init);   /* the 审核 rows' memo, below */
	g_keep = 1;
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
	int r;

	if (!g_keep)
		return 1;
	if (!(k = ledger_thread_state(g_key, sizeof(*k))))
		return 1;
	if (k->any != !plan || (plan && strcmp(k->asked, plan)))
		k->w.serial = 0;   /* another plan asked for */
	/* report writes change no part of it */
	if ((r = ledger_watch(st, &k->w, NULL, NULL, NULL, err)) < 0) {
		ledger_close(&k->l);
		return -1;
	}
	if (r == LEDGER_ALL) {
		ledger_close(&k->l);
		if (!k->w.serial)
			return 1;      /* no version to compare: nothing kept, the caller reads it */
		if (ledger_open_fresh(&k->l, st, plan, NULL, err)) {
			k->w.serial = 0;
			return -1;
		}
		k->any = !plan;
		snprintf(k->asked, sizeof(k->asked), "%s", plan ? plan : "");
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

/* ---------- the 审核 rows' memo (ledger_beside) ---------- */

#define MEMO_SLOTS 512        /* a power of two; cleared when three quarters are taken */

struct bent {
	int state;                /* 0 empty, 1 an answer, 2 forgotten (the probe goes on past it) */
	char ind[64], org[32], round[16];
	struct store_report_beside x;
};

struct bmemo {
	struct ledger_watch w;    /* serial 0: nothing remembered */
	char plan[64];
	size_t taken;             /* answers and forgotten slots */
	struct bent e[MEMO_SLOTS];
};

static pthread_key_t g_bkey;

static void bkey_init(void)
{
	if (pthread_key_create(&g_bkey, free))
		abort();
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull;    /* a separator: ("ab","c") is not ("a","bc") */
}

static size_t slot_of(const char *ind, const char *org, const char *round)
{
	return (size_t)(fnv(fnv(fnv(14695981039346656037ull, ind), org), round) & (MEMO_SLOTS - 1));
}

static void memo_clear(struct bmemo *m)
{
	size_t i;

	for (i = 0; i < MEMO_SLOTS; i++)
		m->e[i].state = 0;
	m->taken = 0;
}

/* A report written: its indicator and region's answers are forgotten (every round's). */
static int memo_forget(const char *ind, const char *org, const char *round, void *arg)
{
	struct bmemo *m = arg;
	size_t i;

	(void)round;
	for (i = 0; i < MEMO_SLOTS; i++)
		if (m->e[i].state == 1 && !strcmp(m->e[i].ind, ind) && !strcmp(m->e[i].org, org))
			m->e[i].state = 2;
	return 0;
}

/* The thread's memo when it may answer for l now (synced on this connection, this plan), else NULL. */
static struct bmemo *memo_of(const struct ledger *l)
{
	struct bmemo *m;

	if (!g_keep || !(m = pthread_getspecific(g_bkey)))
		return NULL;
	return m->w.serial && m->w.serial == store_serial(l->st) && !strcmp(m->plan, l->plan) ? m : NULL;
}

int ledger_beside_sync(struct ledger *l, struct ms_err *err)
{
	struct bmemo *m;
	int r;

	if (!g_keep)
		return 0;
	if (!(m = ledger_thread_state(g_bkey, sizeof(*m))))
		return 0;
	if (strcmp(m->plan, l->plan)) {
		m->w.serial = 0;     /* another plan's answers */
		snprintf(m->plan, sizeof(m->plan), "%s", l->plan);
	}
	if ((r = ledger_watch(l->st, &m->w, l->plan, memo_forget, m, err)) < 0) {
		memo_clear(m);
		return -1;
	}
	if (r == LEDGER_ALL)
		memo_clear(m);
	return 0;
}

int ledger_beside(struct ledger *l, const char *indicator, const char *org, const char *round,
		  struct store_report_beside *x, struct ms_err *err)
{
	struct bmemo *m = memo_of(l);
	struct bent *free_slot = NULL;
	size_t i, k;

	if (!m)
		return store_report_beside(l->st, l->plan, indicator, org, round, x, err);
	for (i = slot_of(indicator, org, round), k = 0; k < MEMO_SLOTS; i = (i + 1) & (MEMO_SLOTS - 1), k++) {
		struct bent *e = &m->e[i];

		if (e->state == 0)
			break;
		if (e->state == 2) {
			if (!free_slot)
				free_slot = e;
			continue;
		}
		if (!strcmp(e->ind, indicator) && !strcmp(e->org, org) && !strcmp(e->round, round)) {
			*x = e->x;
			return 0;
		}
	}
	if (store_report_beside(l->st, l->plan, indicator, org, round, x, err))
		return -1;
	if (strlen(indicator) >= sizeof(free_slot->ind) || strlen(org) >= sizeof(free_slot->org) ||
	    strlen(round) >= sizeof(free_slot->round))
		return 0;            /* not kept: the key would not fit */
	if (!free_slot) {
		if (m->taken >= MEMO_SLOTS / 4 * 3) {
			memo_clear(m);
			i = slot_of(indicator, org, round);
		}
		free_slot = &m->e[i];
		m->taken++;
	}
	free_slot->state = 1;
	snprintf(free_slot->ind, sizeof(free_slot->ind), "%s", indicator);
	snprintf(free_slot->org, sizeof(free_slot->org), "%s", org);
	snprintf(free_slot->round, sizeof(free_slot->round), "%s", round);
	free_slot->x = *x;
	return 0;
}
