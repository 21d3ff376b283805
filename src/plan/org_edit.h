/*
 * org_edit.h - one organisation added or changed by hand (org add, org set):
 * its name, and the 联系人 and 联系电话 the 台账 and the 通报 show; each
 * write one transaction with its journal row.
 */
#ifndef MS_PLAN_ORG_EDIT_H
#define MS_PLAN_ORG_EDIT_H

#include "core/err.h"
#include "store/store.h"

struct org_edit {
	const char *code;       /* "360100", "civil": letters, digits, _ and -, at most 31 */
	const char *name;       /* add: required; set: NULL keeps it */
	const char *kind;       /* add: province | city | county | township | department | office */
	const char *parent;     /* add: an existing org's code; NULL or "" only for a province */
	const char *contact;    /* 联系人, at most 20 characters; NULL keeps it, "" clears it */
	const char *phone;      /* 联系电话: digits, spaces, - + ( ) and 转; NULL keeps, "" clears */
};

/*
 * Adds org e (every field checked; the refusal names its field: code,
 * name, kind, parent, contact, phone) with its journal row "org.add".
 * A code already there is a conflict.
 */
int org_add(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err);

/*
 * Changes the name, contact or phone of org e->code (what is NULL is kept),
 * with its journal row "org.set" holding before and after. No such org:
 * MS_E_NOTFOUND (field code); nothing to change: MS_E_INVALID.
 */
int org_set(struct store *st, const struct org_edit *e, const char *actor, struct ms_err *err);

#endif
