/*
 * issued.c - issued bulletins: the 通报 of a round built as the live one,
 * numbered (文号) and dated (成文日期), frozen as its document's JSON in
 * one transaction with its journal row; read back from that snapshot, so
 * what was issued is what is shown, whatever the ledger says later.
 */
#include "bulletin.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/text.h"
#include "core/banned.h"

#define NUMBER_MAX_CHARS 40

/* A 文号: not empty, at most 40 characters, no control characters. */
static int check_number(const char *s, struct ms_err *err)
{
	size_t i = 0, len = s ? strlen(s) : 0, n = 0;
	uint32_t cp;

	if (len && !s[strspn(s, " \t")])
		len = 0;   /* blanks only */
	if (!len)
		return ms_err_field(err, MS_E_INVALID, "number", "通报须有文号，如 赣民实办〔2023〕1号 (a bulletin "
				    "needs its number)");
	while (i < len) {
		if (ms_utf8_decode(s, len, &i, &cp) || cp < 0x20 || cp == 0x7f)
			return ms_err_field(err, MS_E_INVALID, "number", "文号含有无效字符 (the number holds a "
					    "character that is not allowed)");
		n++;
	}
	if (n > NUMBER_MAX_CHARS || len >= sizeof(((struct store_bulletin *)0)->number))
		return ms_err_field(err, MS_E_INVALID, "number", "文号过长，至多 %d 个字 (the number is longer "
				    "than %d characters)", NUMBER_MAX_CHARS, NUMBER_MAX_CHARS);
	return 0;
}

/* 主送 or 抄送 when given: one line of at most 200 characters, no control characters. */
static int check_line(const char *s, const char *field, const char *what, struct ms_err *err)
{
	size_t i = 0, len = s ? strlen(s) : 0, n = 0;
	uint32_t cp;

	while (i < len) {
		if (ms_utf8_decode(s, len, &i, &cp) || cp < 0x20 || cp == 0x7f)
			return ms_err_field(err, MS_E_INVALID, field, "%s含有无效字符 (the %s holds a character that is "
					    "not allowed)", what, field);
		n++;
	}
	if (n > 200)
		return ms_err_field(err, MS_E_INVALID, field, "%s过长，至多 200 个字 (the %s is longer than 200 "
				    "characters)", what, field);
	return 0;
}

/* The number is free in the plan, and the one to correct exists, is the plan's and not yet corrected. */
static int check_free(struct ledger *l, const struct bulletin_issue_in *in, struct store_bulletin *old,
		      struct ms_err *err)
{
	int64_t other;
	int rc = store_bulletin_by_number(l->st, l->plan, in->number, &other, err);

	if (rc < 0)
		return -1;
	if (rc == 1)
		return ms_err_field(err, MS_E_CONFLICT, "number", "文号 %s 已用于第 %lld 号通报，请换一个文号 "
				    "(the number is already used by bulletin %lld)", in->number, (long long)other,
				    (long long)other);
	if (!in->corrects)
		return 0;
	rc = store_bulletin_get(l->st, in->corrects, old, NULL, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || strcmp(old->plan, l->plan))
		return ms_err_field(err, MS_E_NOTFOUND, "corrects", "要更正的第 %lld 号通报不存在%s (no issued "
				    "bulletin %lld%s)", (long long)in->corrects, rc ? "于本计划" : "",
				    (long long)in->corrects, rc ? " in this plan" : "");
	if (old->corrected_by)
		return ms_err_field(err, MS_E_CONFLICT, "corrects", "第 %lld 号通报已由 %s（第 %lld 号）更正；"
				    "如需再次更正，请更正第 %lld 号 (bulletin %lld was already corrected by %lld)",
				    (long long)old->id, old->corrected_by_number, (long long)old->corrected_by,
				    (long long)old->corrected_by, (long long)old->id, (long long)old->corrected_by);
	return 0;
}

/* The lines an issued bulletin opens with: its 文号 and 成文日期, and what it corrects. */
static void add_heading_lines(struct bulletin *bl, const char *number, const struct store_bulletin *old)
{
	struct ms_buf b = MS_BUF_INIT;

	ms_buf_addf(&b, "文号：%s　成文日期：", number);
	ms_date_format_cn(&b, ms_date_of_time_cn(ms_clock_now()));
	bl_text_at(bl, 0, 0, b.buf);
	if (old) {
		ms_buf_reset(&b);
		ms_buf_addf(&b, "本通报更正%s通报（第 %lld 号），相关数据以本通报为准。", old->number,
			    (long long)old->id);
		bl_text_at(bl, 1, 0, b.buf);
	}
	ms_buf_release(&b);
}

/* The document of the round as of the day, with its heading lines, as compact JSON text. */
static int build_doc(struct ledger *l, const struct ledger_round *rd, ms_day as_of,
		     const struct bulletin_issue_in *in, const struct store_bulletin *old, struct ms_buf *doc,
		     struct ms_err *err)
{
	struct progress_opts po = { 0 };
	struct progress p;
	struct bulletin bl;
	json_t *j;
	int rc = -1;

	po.as_of = as_of;
	if (progress_compute(l, &po, &p, err))
		return -1;
	if (bulletin_build(&bl, l->st, l, &p, rd->due, err))
		goto out;
	add_heading_lines(&bl, in->number, old);
	if (in->to)
		bl_set(&bl.to, in->to);
	if (in->cc)
		bl_set(&bl.cc, in->cc);
	{
		struct ms_buf d = MS_BUF_INIT;

		ms_date_format(&d, ms_date_of_time_cn(ms_clock_now()));
		bl_set(&bl.number, in->number);
		bl_set(&bl.date, d.buf);
		ms_buf_release(&d);
	}
	j = bulletin_json(&bl);
	if (!j)
		ms_err_setk(err, MS_E_INTERNAL, "通报无法存为 JSON (the bulletin cannot be written as JSON)");
	else
		rc = ms_json_dump(doc, j, 0);
	json_decref(j);
	bulletin_free(&bl);
out:
	progress_free(&p);
	return rc;
}

struct year_count {
	const char *head;
	size_t n;
};

static int count_year(const struct store_bulletin *b, void *arg)
{
	struct year_count *c = arg;

	c->n += !strncmp(b->number, c->head, strlen(c->head));
	return 0;
}

int bulletin_next_number(struct ledger *l, char *out, size_t sz, struct ms_err *err)
{
	struct ms_buf pre = MS_BUF_INIT;
	char head[160];
	struct year_count c = { head, 0 };
	int64_t other;
	int y, m, d, rc;
	size_t n;

	if ((rc = store_setting_get(l->st, "bulletin.prefix", &pre, err)) < 0)
		goto out;
	ms_date_to_ymd(ms_date_of_time_cn(ms_clock_now()), &y, &m, &d);
	snprintf(head, sizeof(head), "%.120s〔%d〕", rc && pre.len ? pre.buf : BULLETIN_PREFIX, y);
	if ((rc = store_bulletin_each(l->st, l->plan, count_year, &c, err)) < 0)
		goto out;
	/* the year's count + 1; past any number of the year already taken by hand */
	for (n = c.n + 1;; n++) {
		snprintf(out, sz, "%s%zu号", head, n);
		if ((rc = store_bulletin_by_number(l->st, l->plan, out, &other, err)) != 1)
			break;
	}
out:
	ms_buf_release(&pre);
	return rc < 0 ? -1 : 0;
}

static int issue_work(struct ledger *l, const struct bulletin_issue_in *given, int64_t *id, struct ms_err *err)
{
	const struct ledger_round *rd;
	struct store_bulletin row, old;
	struct ms_buf doc = MS_BUF_INIT, d = MS_BUF_INIT;
	struct bulletin_issue_in own = *given, *in = &own;
	char key[160], number[160];
	int rc = -1;

	memset(&row, 0, sizeof(row));
	if (!(rd = ledger_round_find(l, in->round, err))) {
		snprintf(err->field, sizeof(err->field), "round");
		return -1;
	}
	if (!in->number) {   /* the next of the year, counted in this transaction */
		if (bulletin_next_number(l, number, sizeof(number), err))
			return -1;
		in->number = number;
	}
	if (check_number(in->number, err) || check_free(l, in, &old, err) ||
	    check_line(in->to, "to", "主送机关", err) || check_line(in->cc, "cc", "抄送机关", err))
		return -1;
	ms_date_format(&d, in->as_of_given ? in->as_of : rd->day + 7);
	if (build_doc(l, rd, in->as_of_given ? in->as_of : rd->day + 7, in, in->corrects ? &old : NULL, &doc, err))
		goto out;
	snprintf(row.plan, sizeof(row.plan), "%s", l->plan);
	snprintf(row.round, sizeof(row.round), "%s", rd->due);
	snprintf(row.as_of, sizeof(row.as_of), "%s", d.buf);
	snprintf(row.number, sizeof(row.number), "%s", in->number);
	snprintf(row.issued_by, sizeof(row.issued_by), "%s", l->actor ? l->actor : "");
	row.corrects = in->corrects;
	if (store_bulletin_add(l->st, &row, doc.buf, id, err))
		goto out;
	snprintf(key, sizeof(key), "%s/%lld", l->plan, (long long)*id);
	rc = store_journal_json(l->st, l->actor, "bulletin.issue", "bulletin", key, NULL,
				json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)*id, "number", in->number,
					  "round", rd->due, "as_of", d.buf, "corrects",
					  in->corrects ? json_integer(in->corrects) : json_null()), err);
out:
	ms_buf_release(&doc);
	ms_buf_release(&d);
	return rc;
}

int bulletin_issue(struct ledger *l, const struct bulletin_issue_in *in, int64_t *id, struct ms_err *err)
{
	int64_t got = 0;

	if (store_begin(l->st, err))
		return -1;
	if (store_end(l->st, issue_work(l, in, &got, err), err))
		return -1;
	if (id)
		*id = got;
	return 0;
}

/* The China day of a UTC stamp "2023-07-09T17:05:00Z" (from 16:00 UTC on, the next day); -1 when not one. */
static int cn_day_of_stamp(const char *iso, ms_day *day)
{
	int hour;

	if (strlen(iso) < 13 || ms_date_parse(iso, 10, day, NULL) || sscanf(iso + 11, "%2d", &hour) != 1)
		return -1;
	*day += hour >= 16;
	return 0;
}

int bulletin_issued_load(struct store *st, int64_t id, struct store_bulletin *row, struct bulletin *bl,
			 struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT, b = MS_BUF_INIT;
	int rc = store_bulletin_get(st, id, row, &doc, err);
	ms_day day;

	memset(bl, 0, sizeof(*bl));
	if (rc == 0)
		ms_err_field(err, MS_E_NOTFOUND, "id", "第 %lld 号通报不存在 (no issued bulletin %lld)", (long long)id,
			     (long long)id);
	if (rc == 1 && bulletin_from_text(bl, doc.buf, doc.len, err) == 0) {
		rc = 0;
		if (!bl->number) {   /* a snapshot from before the 公文's parts: its row has them */
			bl_set(&bl->number, row->number);
			bl_set(&bl->date, NULL);
			if (cn_day_of_stamp(row->issued_at, &day) == 0) {
				ms_date_format(&b, day);
				bl_set(&bl->date, b.buf);
			}
			ms_buf_reset(&b);
		}
		if (row->corrected_by) {
			ms_buf_addf(&b, "注：本通报已被%s通报（第 %lld 号）更正，相关数据以更正后的通报为准。",
				    row->corrected_by_number, (long long)row->corrected_by);
			bl_text_at(bl, 0, 0, b.buf);
		}
	} else {
		rc = -1;
	}
	ms_buf_release(&doc);
	ms_buf_release(&b);
	return rc;
}
