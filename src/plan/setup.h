/*
 * setup.h - creating a database and loading a plan and its organisations
 * into it, all or nothing.
 */
#ifndef MS_PLAN_SETUP_H
#define MS_PLAN_SETUP_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "plan/orgs.h"
#include "plan/plan.h"
#include "store/store.h"

/*
 * Writes the plan (already validated) into the open store: plan, source,
 * items, units, indicators, provenance, rounds and notes, and one journal
 * row "plan.load". Runs inside the caller's transaction.
 */
int plan_save(struct store *st, const struct plan *p, const char *actor, struct ms_err *err);

/*
 * Adds one more plan to an existing database: validates it (problems one per
 * line into report, MS_E_INVALID), refuses an id already stored
 * (MS_E_CONFLICT), then plan_save in its own transaction. All or nothing.
 */
int plan_add(struct store *st, const struct plan *p, const struct plan_orgs *orgs,
	     const char *actor, struct ms_buf *report, struct ms_err *err);

/*
 * Inside the caller's transaction: loads the plan file at path, validates it
 * against the database's organisations (problems one per line into report,
 * MS_E_INVALID), refuses an id already stored and saves it as plan_add does
 * (a demo's second programme).
 */
int plan_add_file(struct store *st, const char *path, const char *actor, struct ms_buf *report,
		  struct ms_err *err);

/* Writes every organisation, parents before children, and one journal row "org.load". */
/*
 * Appends the database's organisations (regions, units and the units plans
 * of cities and counties brought) to o: what an importer resolves names to
 * before a plan is stored. 0 or -1.
 */
int plan_orgs_from_store(struct plan_orgs *o, struct store *st, struct ms_err *err);
int orgs_save(struct store *st, const struct plan_orgs *o, const char *actor,
	      struct ms_err *err);

struct setup_opts {
	const char *db_path;        /* the database to create */
	const char *plan_path;      /* the plan file */
	const char *const *org_csv; /* NULL-terminated list of organisation CSV files */
	int force;                  /* replace an existing database */
	const char *actor;          /* who, for the journal */
	/* run inside the same transaction after the plan is loaded (demo data), or NULL */
	int (*after_load)(struct store *st, const char *actor, void *arg, struct ms_err *err);
	void *after_arg;            /* after_load's arg */
};

struct setup_result {
	size_t orgs, items, indicators, notes;
};

/*
 * Creates the database at a temporary name beside db_path, loads the
 * organisations and the plan in one transaction, checks integrity, and
 * renames it into place. An existing database is refused unless force.
 * On failure nothing at db_path changes. Validation problems go to
 * `report` (one per line) and make it fail.
 */
int setup_init(const struct setup_opts *o, struct setup_result *res, struct ms_buf *report,
	       struct ms_err *err);

#endif
