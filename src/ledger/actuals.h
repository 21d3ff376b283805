/*
 * actuals.h - actuals from registers: the rules joined to the programme.
 * Both record one report per city and indicator for the round, in one
 * transaction (all or nothing), journaled, origin "actuals".
 */
#ifndef MS_ACTUALS_H
#define MS_ACTUALS_H

#include <stdint.h>

#include "ledger/ledger.h"
#include "rules/params.h"

struct actuals_result {
	uint64_t rows, skipped;       /* skipped: payroll rows without a region */
	size_t cities, reports;
};

/*
 * A guaranteed-loan register (region,borrower,principal,disbursed_on[,due_on,repaid]):
 * per city, new loans disbursed from the plan's start to the round
 * (1.loans_new), the individual share of them by amount
 * (1.individual_loan_share) and the recovery of loans due by the round
 * (1.recovery_rate).
 */
int actuals_loan(struct ledger *l, const char *path, const char *round,
		 struct actuals_result *res, struct ms_err *err);

/*
 * A 低保 payroll (as batch dibao reads it; region required): per city and
 * area, the month's top-up paid over the persons covered
 * (2.urban_topup_level, 2.rural_topup_level).
 */
int actuals_dibao(struct ledger *l, const struct params *ps, const char *path, const char *round,
		  const char *month, struct actuals_result *res, struct ms_err *err);

#endif
