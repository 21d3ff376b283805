/*
 * entry_xlsx.h - a unit's round as an Excel sheet (报送表) and back: the
 * template the 报送 page offers, and an uploaded one read through the same
 * checks as the form (ledger_report_batch), all rows or none.
 */
#ifndef MS_REPORT_ENTRY_XLSX_H
#define MS_REPORT_ENTRY_XLSX_H

#include "core/buf.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define ENTRY_SHEET "台账"          /* the sheet's name, in every error's cell reference */
#define ENTRY_MAX_ERRS 64

/*
 * The template of org's round due as .xlsx bytes in out: a title, the
 * header row, one row per indicator of org's breakdown (ledger_entry_rows)
 * with what is stored so far; indicator, unit, target and previous value
 * locked (sheet protection, no password), numbers validated, the keys
 * (indicator id, org, round) in hidden columns. -1 with err.
 */
int entry_xlsx_template(struct ledger *l, const char *org, const char *due, struct ms_buf *out,
			struct ms_err *err);

/* What an import did, or why it refused. */
struct entry_import {
	struct ledger_batch b;                  /* counts; b.nerr refused rows (b.errs[i].err.msg starts "台账!E7: ") */
	struct ledger_row_err errs[ENTRY_MAX_ERRS];
	char ind[ENTRY_MAX_ERRS][64];           /* the indicator of errs[i] */
	char cell[ENTRY_MAX_ERRS][24];          /* its cell: "E7" (row errs[i].row, the column's letters) */
	size_t rows;                            /* data rows read */
};

/*
 * Reads an .xlsx 报送表 (data, len) and stores its rows through
 * ledger_report_batch in one transaction: all or none. org and due, when
 * not NULL, are what every row must be for (a web upload: the user's unit
 * and the page's round). A cell that cannot be read, a row of another
 * unit or round, and every refusal of the ledger's rules come back in
 * out->errs as "台账!E7: …" (the column of the box at fault). -1 with err
 * (the first such error, or a file that is no 报送表).
 */
int entry_xlsx_import(struct ledger *l, const void *data, size_t len, const char *org, const char *due,
		      int draft, const char *origin, struct entry_import *out, struct ms_err *err);

#endif
