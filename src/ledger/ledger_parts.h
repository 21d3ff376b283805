/*
 * ledger_parts.h - what the ledger's own files (ledger.c, review.c) share;
 * not for other modules.
 */
#ifndef MS_LEDGER_PARTS_H
#define MS_LEDGER_PARTS_H

#include <jansson.h>

#include "store/store.h"

/* A stored report as JSON, for a journal row's "before" and "after". */
json_t *ledger_report_json(const struct store_report *r);

#endif
