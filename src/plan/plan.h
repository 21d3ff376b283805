/*
 * plan.h - a year's 民生实事 plan as a validated document, every fact with
 * its provenance in the notice it came from (docs/PLAN-FORMAT.md).
 *
 * Ownership: plan_load fills a struct plan that owns its document and the
 * source bytes; plan_release frees them. Validation never changes the plan.
 */
#ifndef MS_PLAN_H
#define MS_PLAN_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/hash.h"
#include "plan/orgs.h"

#define PLAN_SCHEMA "minsheng-plan/1"
#define PLAN_MAX_SOURCE ((size_t)64 << 20)

struct plan {
	json_t *doc;          /* the plan document */
	char *path;           /* the file it was read from, or a name */
	struct ms_buf source; /* the notice's bytes, empty if not found */
	char source_path[4096];
	char source_sha256[MS_SHA256_HEX_LEN + 1];
};

/*
 * Reads and parses the plan file and the source notice it names (path
 * relative to the plan file's folder). 0, or -1 with err naming the file
 * (and line:column for JSON errors). A missing source is not an error
 * here: plan_validate reports it.
 */
int plan_load(struct plan *p, const char *path, struct ms_err *err);

/* As plan_load, on a document already parsed (takes the reference) with the source bytes given. */
int plan_load_doc(struct plan *p, json_t *doc, const char *name,
		  const char *source, size_t source_len);

void plan_release(struct plan *p);

/*
 * Checks everything docs/PLAN-FORMAT.md promises: the schema, unique ids,
 * kinds and units, integer targets, dates, organisation codes (against orgs
 * when not NULL), and that every quote stands at its offset in the source
 * whose sha256 matches. Appends one line per problem to report
 * ("items[0].indicators[1] (1.loans_new).provenance.quote: …"), at most
 * max_errors of them, and returns how many problems were found.
 */
int plan_validate(const struct plan *p, const struct plan_orgs *orgs,
		  struct ms_buf *report, int max_errors);

/* Short accessors on a validated document. */
const char *plan_id(const struct plan *p);
const char *plan_str(const json_t *obj, const char *key); /* "" when absent */

/*
 * Appends the plan as a readable Chinese overview: header facts, then one
 * row per indicator (item, indicator, target with unit, lead units), then
 * absent items and the 待核实 notes. Used by `plan show` and `make run`.
 */
int plan_render_text(struct ms_buf *b, const json_t *doc);

#endif
