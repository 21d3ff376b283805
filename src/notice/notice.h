/*
 * notice.h - the notice importer: the text of a 民生实事 notice, as received
 * (UTF-8 or GB18030, any line breaks, duplicated and shuffled passages), into
 * a draft plan (docs/PLAN-FORMAT.md) whose every fact quotes its words, plus
 * the facts found and the problems seen.
 *
 * Ownership: notice_import fills a struct notice_result that owns its text
 * and JSON values; notice_result_release frees them. The input is only read.
 *
 * Offsets. Every offset and length the result reports (in the draft and in
 * the facts) is a byte offset into r->text. When the input is valid UTF-8,
 * r->text is the input itself, byte for byte, so offsets refer to the file as
 * given. When the input is GB18030/GBK it is converted to UTF-8 first
 * (r->converted = 1) and offsets refer to the converted text: a caller that
 * writes the draft must write r->text beside it and name that file with
 * notice_set_source_path (the draft's source.sha256 and bytes are those of
 * r->text), so that the draft's quotes are checked against the bytes they
 * were taken from. The draft records the conversion in a note.
 *
 * The draft's source.path is the name given to notice_import: the library
 * does not know where the caller keeps the text; the caller names it.
 */
#ifndef MS_NOTICE_H
#define MS_NOTICE_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "plan/orgs.h"

/* The largest notice we read: what a plan's source may be (PLAN_MAX_SOURCE). */
#define NOTICE_MAX_BYTES ((size_t)64 << 20)

struct notice_opts {
	const char *id;                  /* the draft's id; NULL: from name (a-z 0-9 -) */
	const struct plan_orgs *orgs;    /* regions and departments for codes; may be NULL */
	const char *region_code;         /* used when the issuer's region is not found; may be NULL */
	size_t max_bytes;                /* 0: NOTICE_MAX_BYTES */
	size_t max_listed;               /* occurrences listed per duplicate, problems listed; 0: 64 */
};

struct notice_result {
	struct ms_buf text;      /* the UTF-8 text every offset refers to (see above) */
	int converted;           /* 1 when text was converted from GB18030 */
	const char *encoding;    /* "UTF-8" or "GB18030" */
	json_t *plan;            /* the draft plan (minsheng-plan/1) */
	json_t *facts;           /* {encoding, header, items, targets, units, deadlines, duplicates} */
	json_t *problems;        /* [{severity, code, text, [quote, offset, length]}] */
	/* counts, for summaries and tests */
	int items_found;         /* items present in the text */
	int items_missing;       /* items missing from the numbering */
	int targets;             /* quantified targets placed in an item */
	int to_verify;           /* 待核实 notes in the draft */
	int duplicates;          /* passages found more than once */
};

#define NOTICE_RESULT_INIT { MS_BUF_INIT, 0, "", NULL, NULL, NULL, 0, 0, 0, 0, 0 }

/*
 * Imports the notice bytes[0..len) (name: its file name, for the id, the
 * draft's source.path and in errors). On success returns 0 and fills r (call notice_result_release).
 * Returns -1 with err filled, and r empty, when the input cannot be read as a
 * notice: larger than opts->max_bytes, binary (NUL or control bytes), neither
 * valid UTF-8 nor GB18030, or holding no numbered item at all. Time and
 * memory are linear in len. o may be NULL (defaults).
 */
int notice_import(const char *bytes, size_t len, const char *name,
		  const struct notice_opts *o, struct notice_result *r, struct ms_err *err);

/*
 * Names the draft's source (source.path) path, in place of the name given to
 * notice_import: where the caller keeps the text, e.g. relative to the draft.
 * r must hold a draft (notice_import returned 0).
 */
void notice_set_source_path(struct notice_result *r, const char *path);

void notice_result_release(struct notice_result *r);

/* What the administrator decides about a unit the draft proposes (its "orgs"). */
enum notice_unit_choice {
	NOTICE_UNIT_NEW = 1,     /* 新建: created as proposed when the plan is stored */
	NOTICE_UNIT_SAME,        /* 即已有单位: the existing unit it is close to ("similar") instead */
	NOTICE_UNIT_DROP,        /* 不建: left out of the items' units */
};

/*
 * Applies the decision about the proposed unit `code` to r's draft: SAME
 * lists the similar unit (looked up in orgs) in its place in every item
 * (only when the draft says one is close), DROP takes it out of every item; both take it out of
 * "orgs". Its notes say what was decided, a 待核实 becoming 已记录 (r->to_verify
 * goes down). MS_E_INVALID (field "unit") for a code the draft does not
 * propose or SAME without a similar unit.
 */
int notice_unit_decide(struct notice_result *r, const char *code, enum notice_unit_choice choice,
		       const struct plan_orgs *orgs, struct ms_err *err);

/* "new", "same", "drop" (or 新建, 即已有, 不建) as a choice; 0 when it is none of them. */
enum notice_unit_choice notice_unit_choice_parse(const char *s);

/*
 * Applies spec, "UNIT=CHOICE[,UNIT=CHOICE…]" with UNIT a proposed unit's
 * code or name and CHOICE as notice_unit_choice_parse reads it, one
 * notice_unit_decide each in order; NULL or "" decides nothing (a unit not
 * named stays proposed as new, its 待核实 note standing). MS_E_INVALID
 * (field "units") naming the pair that is malformed or names no proposed unit.
 */
int notice_units_decide(struct notice_result *r, const char *spec, const struct plan_orgs *orgs,
			struct ms_err *err);

#endif
