/*
 * rounds.c - where a reporting round stands. A round closes by itself
 * rounds.grace_days (default 7) days after its due date, China time; a
 * round_lock row records what a person decided instead: locked early by
 * hand, or reopened (with a reason) after it closed. Lock and reopen are
 * journaled with the state before and after.
 */
#include "ledger.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/banned.h"

/* A reopen's reason: at most this many bytes (about 160 Chinese characters). */
#define REASON_MAX 480

int ledger_grace_days(struct store *st, const char *plan, int *days, struct ms_err *err)
{
	struct ms_buf key = MS_BUF_INIT, v = MS_BUF_INIT;
	char *end = NULL;
	long n;
	int r, rc = -1;

	*days = LEDGER_GRACE_DEFAULT;
	ms_buf_addf(&key, "rounds.grace_days.%s", plan ? plan : "");
	r = plan ? store_setting_get(st, key.buf, &v, err) : 0;
	if (r == 0) {
		ms_buf_reset(&key);
		ms_buf_adds(&key, "rounds.grace_days");
		r = store_setting_get(st, key.buf, &v, err);
	}
	if (r < 0)
		goto out;
	if (r == 1) {
		n = strtol(v.buf, &end, 10);
		if (!v.len || *end || n < 0 || n > LEDGER_GRACE_MAX) {
			ms_err_setk(err, MS_E_INVALID, "设置 %s 须为 0 到 %d 之间的天数，现为“%s” (setting %s must "
				    "be a number of days from 0 to %d)", key.buf, LEDGER_GRACE_MAX, v.buf, key.buf,
				    LEDGER_GRACE_MAX);
			goto out;
		}
		*days = (int)n;
	}
	rc = 0;
out:
	ms_buf_release(&key);
	ms_buf_release(&v);
	return rc;
}

/* The China day of the journal's "2023-07-01T17:03:09Z" (UTC); 0 when unreadable. */
static ms_day day_of_stamp(const char *at)
{
	ms_day d;
	int hh;

	if (strlen(at) < 13 || ms_date_parse(at, 10, &d, NULL))
		return 0;
	hh = (at[11] - '0') * 10 + (at[12] - '0');
	return hh >= 16 ? d + 1 : d;
}

int ledger_round_state(const struct ledger *l, const struct ledger_round *rd,
		       struct ledger_round_state *s, struct ms_err *err)
{
	struct store_round_lock x;
	ms_day today = ms_date_of_time_cn(ms_clock_now());
	int r;

	memset(s, 0, sizeof(*s));
	s->closes = ms_date_add_days(rd->day, l->grace_days);
	if ((r = store_round_get(l->st, l->plan, rd->due, &x, err)) < 0)
		return -1;
	if (r == 1) {
		s->how = !strcmp(x.state, "open") ? ROUND_REOPENED : ROUND_LOCKED;
		snprintf(s->by, sizeof(s->by), "%s", x.by);
		snprintf(s->at, sizeof(s->at), "%s", x.at);
		snprintf(s->reason, sizeof(s->reason), "%s", x.reason);
	}
	switch (s->how) {
	case ROUND_LOCKED:
		s->locked = 1;
		s->since = day_of_stamp(x.at);
		break;
	case ROUND_REOPENED:
		s->locked = 0;
		break;
	case ROUND_CALENDAR:
		s->locked = today > s->closes;
		s->since = s->locked ? s->closes + 1 : 0;
		s->late = !s->locked && today > rd->day;
		s->never = l->grace_days >= LEDGER_GRACE_MAX;
		break;
	}
	return 0;
}

const char *ledger_round_state_name(const struct ledger_round_state *s)
{
	return s->locked ? "locked" : "open";
}

void ledger_round_state_text(struct ms_buf *o, const struct ledger_round_state *s)
{
	switch (s->how) {
	case ROUND_LOCKED:
		ms_buf_adds(o, "已锁定（");
		ms_date_format(o, s->since);
		ms_buf_addf(o, "，%s%s%s）", s->by, s->reason[0] ? "：" : "", s->reason);
		return;
	case ROUND_REOPENED:
		ms_buf_addf(o, "重新开放（%s：%s）", s->by, s->reason);
		return;
	case ROUND_CALENDAR:
		break;
	}
	if (s->never) {
		ms_buf_adds(o, "开放（不自动关闭）");
	} else if (s->locked) {
		ms_buf_adds(o, "已关闭（");
		ms_date_format(o, s->since);
		ms_buf_adds(o, " 起自动关闭）");
	} else {
		ms_buf_adds(o, s->late ? "补报期（可报至 " : "开放（可报至 ");
		ms_date_format(o, s->closes);
		ms_buf_adds(o, s->late ? "，计为迟报）" : "）");
	}
}

int ledger_round_writable(const struct ledger *l, const struct ledger_round *rd, const char *what_cn,
			  const char *what_en, struct ms_err *err)
{
	struct ledger_round_state s;
	struct ms_buf since = MS_BUF_INIT;

	if (ledger_round_state(l, rd, &s, err))
		return -1;
	if (!s.locked)
		return 0;
	ms_date_format(&since, s.since);
	if (s.how == ROUND_LOCKED)
		ms_err_field(err, MS_E_CONFLICT, "round", "报送节点 %s 自 %s 起已锁定（%s），管理员重新开放前不能%s "
			     "(round %s is locked since %s: no %s until an administrator reopens it)",
			     rd->due, since.buf, s.by, what_cn, rd->due, since.buf, what_en);
	else
		ms_err_field(err, MS_E_CONFLICT, "round", "报送节点 %s 自 %s 起已关闭（截止日后 %d 天自动关闭），"
			     "管理员重新开放前不能%s (round %s is closed since %s, %d days after its due "
			     "date: no %s until an administrator reopens it)", rd->due, since.buf,
			     l->grace_days, what_cn, rd->due, since.buf, l->grace_days, what_en);
	ms_buf_release(&since);
	return -1;
}

int ledger_rounds_writable_until(const struct ledger *l, ms_day day, const char *what_cn,
				 const char *what_en, struct ms_err *err)
{
	size_t k;

	for (k = 0; k < l->nround; k++)
		if (l->round[k].day >= day &&
		    ledger_round_writable(l, &l->round[k], what_cn, what_en, err))
			return -1;
	return 0;
}

/* The state as the journal keeps it. */
static json_t *state_json(const struct ledger_round_state *s)
{
	static const char *const how[] = { "calendar", "locked", "reopened" };
	struct ms_buf d = MS_BUF_INIT;
	json_t *j = json_pack("{s:s, s:s}", "state", ledger_round_state_name(s), "how", how[s->how]);

	ms_date_format(&d, s->locked ? s->since : s->closes);
	json_object_set_new(j, s->locked ? "since" : "closes", json_string(d.buf));
	if (s->reason[0])
		json_object_set_new(j, "reason", json_string(s->reason));
	ms_buf_release(&d);
	return j;
}

/* Locks or reopens the round inside the caller's transaction. */
static int round_set(struct ledger *l, const struct ledger_round *rd, int lock, const char *reason,
		     struct ms_err *err)
{
	struct ledger_round_state s;
	struct ms_buf before = MS_BUF_INIT, since = MS_BUF_INIT;
	ms_day today = ms_date_of_time_cn(ms_clock_now());
	json_t *after;
	char key[96];
	int rc = -1;

	if (ledger_round_state(l, rd, &s, err))
		goto out;
	ms_date_format(&since, s.since);
	if (lock && s.locked) {
		ms_err_setk(err, MS_E_CONFLICT, "报送节点 %s 自 %s 起已%s (round %s is already %s)", rd->due,
			    since.buf, s.how == ROUND_LOCKED ? "锁定" : "关闭", rd->due,
			    s.how == ROUND_LOCKED ? "locked" : "closed");
		goto out;
	}
	if (!lock && !s.locked) {
		ms_err_setk(err, MS_E_CONFLICT, "报送节点 %s 开放中，无需重新开放 (round %s is open)", rd->due,
			    rd->due);
		goto out;
	}
	after = state_json(&s);
	ms_json_dump(&before, after, 0);
	json_decref(after);
	if (lock)
		rc = store_round_set(l->st, l->plan, rd->due, "locked", l->actor, reason, err);
	else if (today <= s.closes)   /* still in its period: the calendar decides again */
		rc = store_round_clear(l->st, l->plan, rd->due, err) < 0 ? -1 : 0;
	else
		rc = store_round_set(l->st, l->plan, rd->due, "open", l->actor, reason, err);
	if (rc)
		goto out;
	after = json_pack("{s:s}", "state", lock ? "locked" : "open");
	if (reason)
		json_object_set_new(after, "reason", json_string(reason));
	snprintf(key, sizeof(key), "%s/%s", l->plan, rd->due);
	rc = store_journal_json(l->st, l->actor, lock ? "round.lock" : "round.reopen", "round_lock", key,
				before.buf, after, err);
out:
	ms_buf_release(&before);
	ms_buf_release(&since);
	return rc;
}

int ledger_round_lock(struct ledger *l, const char *due, int lock, const char *reason,
		      struct ms_err *err)
{
	const struct ledger_round *rd = ledger_round_find(l, due, err);

	if (!rd) {
		ms_err_prefix(err, "round");
		snprintf(err->field, sizeof(err->field), "round");
		return -1;
	}
	if (reason && !*reason)
		reason = NULL;
	if (!lock && !reason)
		return ms_err_field(err, MS_E_INVALID, "reason", "重新开放报送节点须说明理由 "
				    "(reopening a round needs a reason)");
	if (reason && strlen(reason) > REASON_MAX)
		return ms_err_field(err, MS_E_INVALID, "reason", "理由过长（至多 %d 字节） (the reason is "
				    "longer than %d bytes)", REASON_MAX, REASON_MAX);
	if (store_begin(l->st, err))
		return -1;
	return store_end(l->st, round_set(l, rd, lock, reason, err), err);
}

int ledger_report_submitter(struct ledger *l, const char *indicator, const char *org,
			    const char *round, struct ms_buf *who, struct ms_err *err)
{
	const struct ledger_round *rd = ledger_round_find(l, round, err);
	char key[200];

	if (!rd)
		return -1;
	snprintf(key, sizeof(key), "%s/%s/%s/%s", l->plan, indicator, org, rd->due);
	return store_report_submitter(l->st, key, who, err);
}

json_t *ledger_round_json(const struct ledger_round *rd, const struct ledger_round_state *s)
{
	static const char *const how[] = { "calendar", "locked", "reopened" };
	struct ms_buf closes = MS_BUF_INIT, since = MS_BUF_INIT, text = MS_BUF_INIT;
	json_t *j;

	ms_date_format(&closes, s->closes);
	if (s->locked)
		ms_date_format(&since, s->since);
	ledger_round_state_text(&text, s);
	j = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "due", rd->due, "label",
		      rd->label, "locked", s->locked, "state", ledger_round_state_name(s), "how",
		      how[s->how], "closes", closes.buf, "since", since.buf, "by", s->by, "reason",
		      s->reason, "text", text.buf);
	ms_buf_release(&closes);
	ms_buf_release(&since);
	ms_buf_release(&text);
	return j;
}
