/*
 * store_plan.h - the plan's tables (store_plan.c): organisations, source
 * notices, plans, items and their units, indicators, provenance, rounds and
 * notes. Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_PLAN_H
#define MS_STORE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

/* short_name NULL or "": none (units). */
int store_org_put(struct store *st, const char *code, const char *name, const char *kind,
		  const char *parent, const char *short_name, struct ms_err *err);

struct store_org {
	const char *code, *name, *kind, *parent;
	const char *contact, *phone;   /* 联系人, 联系电话; "" when not known */
	const char *short_name;   /* "南昌" for 南昌市; "" when none */
};
/* Calls fn for each org (kind NULL: all) in code order; stops when fn returns non-zero. */
int store_org_each(struct store *st, const char *kind,
		   int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err);
/*
 * The orgs plan names, in code order: its items' lead and responsible units
 * and the regions it assigns targets to or holds reports of; a few dozen
 * rows where store_org_each gives the whole country's thousands.
 */
int store_org_of_plan(struct store *st, const char *plan,
		      int (*fn)(const struct store_org *o, void *arg), void *arg, struct ms_err *err);
/*
 * The regions directly under a government (kind province, city, county or
 * township, in code order): a province's cities and the counties it holds
 * directly, a city's districts and counties, a county's townships (once
 * loaded).
 */
int store_org_children(struct store *st, const char *parent,
		       int (*fn)(const struct store_org *o, void *arg), void *arg,
		       struct ms_err *err);
/* How many regions store_org_children gives for parent; -1 on error. */
int64_t store_org_child_count(struct store *st, const char *parent, struct ms_err *err);

struct store_plan {
	const char *id, *title, *issuer, *issued_on, *region_code, *start_on, *source_sha256;
	int64_t year;
	const char *doc;          /* the whole plan document, JSON */
};
int store_source_put(struct store *st, const char *sha256, const char *bytes, size_t len,
		     struct ms_err *err);
/* Returns 1 and fills b, 0 when no such source, -1 on error. */
int store_source_get(struct store *st, const char *sha256, struct ms_buf *b, struct ms_err *err);

int store_plan_put(struct store *st, const struct store_plan *p, struct ms_err *err);
int store_item_put(struct store *st, const char *plan, int64_t no, const char *title,
		   int present, struct ms_err *err);
int store_item_unit_put(struct store *st, const char *plan, int64_t no, const char *role,
			int64_t seq, const char *org, const char *basis, struct ms_err *err);

struct store_indicator {
	const char *plan, *id;
	int64_t item_no;
	const char *name, *kind, *unit, *comparator, *aggregation; /* unit, comparator may be NULL */
	int has_target, has_baseline;
	int64_t target, baseline;
};
int store_indicator_put(struct store *st, const struct store_indicator *ind, struct ms_err *err);

struct store_prov {
	const char *plan, *subject;  /* subject: "indicator:1.loans_new", "item:1:title" … */
	int64_t seq;
	const char *quote, *basis, *note, *citation;  /* quote, note, citation may be NULL */
	int64_t offset, length;                       /* -1 when no quote */
};
int store_prov_put(struct store *st, const struct store_prov *p, struct ms_err *err);

int store_round_put(struct store *st, const char *plan, const char *due_on, const char *kind,
		    const char *label, struct ms_err *err);
int store_note_put(struct store *st, const char *plan, const char *id, const char *flag,
		   int64_t item_no, const char *topic, const char *text, struct ms_err *err);

struct store_plan_summary {
	const char *id, *title, *issuer, *issued_on, *loaded_at;
	int64_t year, items, indicators, notes_open;
	const char *region_code, *region_name, *level;   /* the government; level: its org kind */
};
int store_plan_each(struct store *st, int (*fn)(const struct store_plan_summary *p, void *arg),
		    void *arg, struct ms_err *err);

/* Returns 1 and fills doc with the stored JSON document, 0 when no such plan, -1 on error. */
int store_plan_doc(struct store *st, const char *id, struct ms_buf *doc, struct ms_err *err);

/*
 * The current plan's id into id: the latest year's, and of that year the one
 * loaded first (a draft imported later does not displace the plan being
 * tracked): 1, 0 when there is none, -1 on error.
 */
int store_plan_latest(struct store *st, struct ms_buf *id, struct ms_err *err);
/* The plan's government (its region_code): 1 and filled, 0 no such plan, -1. */
int store_plan_region(struct store *st, const char *plan, struct ms_buf *region, struct ms_err *err);
/* The same for one year (0: the latest year): 1, 0 when that year has no plan, -1. */
int store_plan_of_year(struct store *st, int64_t year, struct ms_buf *id, struct ms_err *err);
/* The plan's start_on ("2023-01-01"): 1, 0 when no such plan, -1. */
int store_plan_start(struct store *st, const char *plan, struct ms_buf *start, struct ms_err *err);

/* Each indicator of the plan in item order (the struct's strings live until fn returns). */
int store_indicator_each(struct store *st, const char *plan,
			 int (*fn)(const struct store_indicator *ind, void *arg), void *arg,
			 struct ms_err *err);
/* Each item present in the source: number, title, lead and responsible unit codes comma-separated. */
int store_item_each(struct store *st, const char *plan,
		    int (*fn)(int64_t no, const char *title, const char *leads,
			      const char *responsible, void *arg),
		    void *arg, struct ms_err *err);
/* Each item the notice's text lacks (文中缺失): its number and its notes' texts joined by "；" ("" none). */
int store_item_absent_each(struct store *st, const char *plan,
			   int (*fn)(int64_t no, const char *notes, void *arg), void *arg,
			   struct ms_err *err);
int store_round_each(struct store *st, const char *plan,
		     int (*fn)(const char *due_on, const char *kind, const char *label, void *arg),
		     void *arg, struct ms_err *err);

struct store_org_row {
	char code[32], name[128], kind[16], parent[32];
	char contact[128], phone[64];   /* 联系人, 联系电话; "" when not known */
	char short_name[128];
};
/* 1 and o filled, 0 when there is no such org, -1 on error. */
int store_org_get(struct store *st, const char *code, struct store_org_row *o, struct ms_err *err);

/*
 * Sets an existing org's name (NULL: kept), 联系人 and 联系电话 (NULL: kept,
 * "": cleared). 1 when it was there, 0 when there is no such org, -1.
 */
int store_org_update(struct store *st, const char *code, const char *name, const char *contact,
		     const char *phone, struct ms_err *err);

/* 1 when org leads (牵头) item no of the plan, 0 when not, -1. */
int store_item_led_by(struct store *st, const char *plan, int64_t no, const char *org,
		      struct ms_err *err);

#endif
