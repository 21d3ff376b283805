/*
 * follow.h - following the work up: 催报 (reminding units whose reports for
 * a round are still missing, through their e-mail addresses and webhooks)
 * and 督办 (a supervision notice to the unit behind a red or late
 * indicator, answered by that unit with its measures).
 *
 * Reminders: remind_list finds every assigned unit and indicator without a
 * report sent in (submitted or approved) for a round, with the unit's
 * channels; remind_send sends one e-mail (SMTP) and one webhook (a JSON
 * POST) per unit, each journaled, and never a second of a kind to the same
 * unit for the same round on the same day (China time): a send is claimed
 * in the database before it is made, and a failed one gives its claim back.
 *
 * 督办: duban_issue quotes the indicator's figures from progress as of
 * today into the notice's reason, and refuses an indicator that is neither
 * red nor late; duban_answer records the unit's measures once; a notice
 * unanswered after its answer-by date is overdue (逾期), listed first and
 * named in the bulletin's 问题 section.
 */
#ifndef MS_FOLLOW_H
#define MS_FOLLOW_H

#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

/* ---------- channels and settings ---------- */

/*
 * A unit's channel: kind "email" (an address), "webhook" (an http(s) URL)
 * or "contact" (a person and telephone, shown on the list). Checked
 * (follow_address_check), journaled. remove: 1 removes it instead.
 */
int remind_channel(struct store *st, const char *org, const char *kind, const char *address, int remove,
		   const char *actor, struct ms_err *err);
/* 0 when address is acceptable for kind, else -1 with err (field "address"). Fuzzed. */
int follow_address_check(const char *kind, const char *address, struct ms_err *err);
/*
 * The mail server (smtp:// or smtps:// URL, credentials in it allowed) and
 * the sender's address; either may be NULL to keep it. Journaled (the URL
 * without its password).
 */
int remind_smtp_set(struct store *st, const char *url, const char *from, const char *actor,
		    struct ms_err *err);

/* ---------- the list ---------- */

struct remind_ind {
	char id[64], name[192];
	char status[16];              /* "" none, "draft", "returned" */
};

struct remind_unit {
	char org[32], name[128];
	struct remind_ind *ind;
	size_t nind;
	char contact[512];            /* contacts joined by "；" */
	char email[1024];             /* addresses joined by ", " */
	char webhook[1024];           /* URLs joined by " " */
	int sent_email, sent_webhook; /* already sent today */
};

struct remind_list {
	char plan[64], round[16], label[64];
	ms_day due, today;
	int days_left;                /* due - today (negative: past due) */
	int in_window;                /* 1: days_before unset or days_left <= days_before */
	struct remind_unit *unit;
	size_t nunit, nmissing;
};

/*
 * The units missing round (its due date; NULL: the next round due today or
 * later). days_before >= 0 sets the window in which reminders go out.
 */
int remind_list(struct ledger *l, const char *round, int days_before, struct remind_list *rl,
		struct ms_err *err);
void remind_list_free(struct remind_list *rl);
json_t *remind_json(const struct remind_list *rl);
/* The terminal table. */
void remind_render(const struct remind_list *rl, struct ms_buf *out);
/* The list as an .xlsx workbook at path, or (path NULL) its bytes into out. */
int remind_xlsx(const struct remind_list *rl, const char *path, struct ms_buf *out, struct ms_err *err);
/* The message a unit gets (subject and body, UTF-8). */
void remind_message(const struct remind_list *rl, const struct remind_unit *u, struct ms_buf *subject,
		    struct ms_buf *body);

struct remind_result {
	int sent, skipped, failed;    /* sends made, already made today, failed */
};
/*
 * Sends the reminders of the list (only inside its window): per unit, one
 * e-mail to all its addresses and one POST to each webhook. Each send and
 * each failure is journaled; a line per send or failure is appended to log.
 * 0 (failures counted in res), or -1 with err when nothing could be tried
 * (no channel configured, the mail server unset while a unit has e-mail).
 */
int remind_send(struct ledger *l, struct remind_list *rl, struct remind_result *res, struct ms_buf *log,
		struct ms_err *err);

/* ---------- sending (send.c: libcurl) ---------- */

/*
 * The mail as sent: headers (From, To, Subject in RFC 2047, Date in +0800,
 * Message-ID, MIME) and the body in base64. Addresses must have passed
 * follow_address_check (no CR, LF or angle brackets can reach a header).
 */
void follow_mail_compose(struct ms_buf *out, const char *from, const char *to, const char *subject,
			 const char *body, time_t at, const char *msgid);
/* Sends a composed mail over SMTP to every address of rcpt (", "-separated); timeouts 10 s / 30 s. */
int follow_mail_send(const char *url, const char *from, const char *rcpt, const struct ms_buf *mail,
		     struct ms_err *err);
/* POSTs json to url (http or https); a 2xx answer is success. */
int follow_webhook_post(const char *url, const char *json, struct ms_err *err);

/* ---------- 督办 ---------- */

struct duban_in {
	const char *indicator;
	const char *org;              /* NULL or "": the item's (first) lead unit */
	const char *what;             /* what is to be done */
	const char *why;              /* added to the figures quoted; may be NULL */
	const char *answer_by;        /* a date, today or later */
};
/* Issues a 督办单 (journaled); its id in *id. */
int duban_issue(struct ledger *l, const struct duban_in *in, int64_t *id, struct ms_err *err);
/*
 * Records the unit's answer (measures; evidence the number of an uploaded
 * file, 佐证材料, checked to exist; or NULL). Journaled. MS_E_CONFLICT when
 * answered already.
 */
int duban_answer(struct ledger *l, int64_t id, const char *answer, const char *evidence, struct ms_err *err);

struct duban {
	int64_t id;
	char plan[64], indicator[64], ind_name[192], org[32], org_name[128];
	char *what, *why, *answer;    /* answer NULL when unanswered */
	char answer_by[16], issued_by[64], issued_at[32], answered_by[64], answered_at[32];
	char evidence[160];
	int overdue;                  /* unanswered past answer_by (today) */
	int late;                     /* answered after answer_by */
};
struct duban_list {
	struct duban *d;
	size_t n;
	int overdue;
};
/* The plan's 督办单 (org, indicator: filters, NULL all), overdue first then by id. */
int duban_list(struct ledger *l, const char *org, const char *indicator, struct duban_list *out,
	       struct ms_err *err);
/* One; 0 and d filled, -1 with err (MS_E_NOTFOUND). */
int duban_get(struct ledger *l, int64_t id, struct duban *d, struct ms_err *err);
void duban_clear(struct duban *d);
void duban_list_free(struct duban_list *dl);
/* 待答复 已答复 逾期未答复 逾期答复 */
const char *duban_state_cn(const struct duban *d);
json_t *duban_json(const struct duban *d);
/* The terminal table of a list, and one notice in full. */
void duban_render(const struct duban_list *dl, struct ms_buf *out);
void duban_render_one(const struct duban *d, struct ms_buf *out);

#endif
