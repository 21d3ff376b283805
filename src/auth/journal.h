/*
 * journal.h - the journal as a person may read it: which rows a user may
 * see (need-to-know) and every action and table in Chinese.
 *
 * Who sees what (docs/ARCHITECTURE.md, "The journal"):
 *   administrator  every row
 *   viewer         every row but people's (accounts, logins, addresses)
 *   lead unit      the ledger rows (报送, 审核, 分解, 点位) of the items it
 *                  leads, and the rounds' locks
 *   reporter       the ledger rows of its own region, and the rounds' locks
 * Accounts, logins and the addresses they came from (table app_user, the
 * actions user.*) are for administrators only. The command line is the
 * administrator's tool and shows everything.
 */
#ifndef MS_AUTH_JOURNAL_H
#define MS_AUTH_JOURNAL_H

#include <stddef.h>

#include "auth/auth.h"
#include "store/store.h"

/*
 * The action in Chinese: "report.submit" → "报送", "user.login" → "登录".
 * An action not in the table is named by its table ("报送数据"), and a
 * table not in it "其他记录": never the raw code.
 */
const char *journal_action_label(const char *action, const char *tbl);
/* The table in Chinese: "report" → "报送数据", "app_user" → "用户"; "其他记录" when unknown. */
const char *journal_table_label(const char *tbl);
/* The i-th table's code ("report", …), NULL past the last: for a filter's choices. */
const char *journal_table_code(size_t i);
/* 1 when action is in the table (for tests that every action written has its label). */
int journal_action_known(const char *action);

/* What one reader may see; the items a lead leads are asked once each. */
struct journal_view {
	struct store *st;
	const struct auth_user *u;
	char plan[64];              /* the plan the cache below is for */
	signed char led[64];        /* item n: -1 not asked yet, 0 no, 1 yes */
};

void journal_view_init(struct journal_view *v, struct store *st, const struct auth_user *u);
/* 1 when v's reader may see the row, else 0. */
int journal_may_see(struct journal_view *v, const struct store_journal_row *j);

#endif
