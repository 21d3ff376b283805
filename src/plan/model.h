/*
 * model.h - the plan document (docs/PLAN-FORMAT.md) as typed structs, read
 * once: items, their units and indicators, rounds and notes, every fact with
 * its provenance. Callers use these instead of reading JSON by string keys.
 *
 * Ownership: plan_model_load borrows the document. Every string in the model
 * points into it, so the document must outlive the model (keep the json_t
 * reference, e.g. struct plan's doc, until plan_model_release). The arrays
 * are the model's own; plan_model_release frees them and nothing else.
 */
#ifndef MS_PLAN_MODEL_H
#define MS_PLAN_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "plan/units.h"

/* Where a fact comes from in the notice. */
struct plan_prov {
	const char *basis;      /* "text", "inferred", "external", "assumption"; NULL: no provenance */
	const char *quote;      /* the verbatim words, or NULL */
	int64_t offset, length; /* byte offset and length of quote in the source; -1 without one */
	const char *note, *citation; /* NULL when absent */
};

/* A lead (牵头) or responsible (责任) unit of an item. */
struct plan_unit_ref {
	const char *org;        /* the code, e.g. "hrss", "360100" */
	const char *name;       /* as the notice names it */
	struct plan_prov prov;
};

struct plan_item;

struct plan_indicator {
	const char *id;                    /* "1.loans_new" */
	const char *name;
	enum plan_kind kind;
	const char *kind_name;             /* as stored: "count" … */
	const struct plan_unit *unit;      /* NULL for a qualitative indicator */
	enum plan_cmp comparator;          /* 0 when none (qualitative) */
	enum plan_aggregation aggregation;
	int has_target, has_baseline;
	int64_t target, baseline;          /* in the unit's base (分, 基点, a count) */
	struct plan_prov prov, baseline_prov;
	const struct plan_item *item;      /* the item it belongs to */
};

struct plan_item {
	int64_t no;                        /* 1, 2, …: its number in the notice */
	const char *title;                 /* "" when absent from the source */
	int present;                       /* present_in_source */
	struct plan_prov title_prov;
	struct plan_unit_ref *leads, *responsible;
	size_t nleads, nresponsible;
	struct plan_indicator *ind;
	size_t nind;
};

struct plan_round {
	const char *due_on, *kind, *label; /* kind: "progress" or "evaluation" */
	struct plan_prov prov;
};

struct plan_note {
	const char *id, *flag, *topic, *text; /* flag: "待核实" or "已记录" */
	int64_t item;                          /* the item's number, 0 for a plan-wide note */
	struct plan_prov *prov;
	size_t nprov;
};

struct plan_model {
	const char *id, *title, *notice_title, *issuer, *issued_on, *region_code, *start_on;
	int64_t year;
	struct plan_prov title_prov, issuer_prov, issued_on_prov, start_on_prov;
	struct plan_item *items;
	size_t nitems, nindicators;        /* nindicators: over all items */
	struct plan_round *rounds;
	size_t nrounds;
	struct plan_note *notes;
	size_t nnotes;
};

#define PLAN_MODEL_INIT { 0 }

/*
 * Fills m from doc, a document plan_validate accepted. On any other it
 * fails at the first value it cannot type (an unknown kind, unit,
 * comparator or aggregation, an item or indicator that is not an object):
 * -1 with err naming the JSON path ("items[2].indicators[0].kind: …"), m
 * released. Absent optional strings are "" (names, titles) or NULL (unit,
 * quote, note, citation), as the fields above say.
 */
int plan_model_load(const json_t *doc, struct plan_model *m, struct ms_err *err);

/* Frees the model's arrays (not the document); m is PLAN_MODEL_INIT after. */
void plan_model_release(struct plan_model *m);

/* The indicator with this id, or NULL. */
const struct plan_indicator *plan_model_indicator(const struct plan_model *m, const char *id);
/* The item numbered no, or NULL. */
const struct plan_item *plan_model_item(const struct plan_model *m, int64_t no);
/* How many notes have flag 待核实. */
size_t plan_model_open_notes(const struct plan_model *m);

#endif
