/*
 * remind.c - 催报 (follow.h): reminder channels and the mail server's
 * settings, the units missing a round, the list as a table, JSON and xlsx,
 * and the sends — each claimed before it is made, journaled, once per
 * unit, round, day and kind.
 */
#include "follow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/table.h"
#include "core/text.h"
#include "report/bulletin.h"
#include "core/banned.h"

/* ---------- channels ---------- */

static int ascii_clean(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

int follow_address_check(const char *kind, const char *address, struct ms_err *err)
{
	size_t n = address ? strlen(address) : 0;
	const char *at;

	if (!kind || (strcmp(kind, "email") && strcmp(kind, "webhook") && strcmp(kind, "contact")))
		return ms_err_field(err, MS_E_INVALID, "kind",
				    "渠道须为 email、webhook 或 contact (kind: email, webhook or contact)");
	if (!n || n > 500)
		return ms_err_field(err, MS_E_INVALID, "address", "地址须为1到500字节 (address: 1-500 bytes)");
	if (!strcmp(kind, "contact")) {
		if (!ms_utf8_valid(address, n, NULL) || strpbrk(address, "\r\n\t"))
			return ms_err_field(err, MS_E_INVALID, "address",
					    "联系人须为一行文字，如 张三 0791-86000000 (contact: one line of text)");
		return 0;
	}
	if (!ascii_clean(address) || strpbrk(address, "<>\"'\\,;"))
		return ms_err_field(err, MS_E_INVALID, "address",
				    "地址不能含空白、引号、尖括号、逗号或分号 (address: no blanks, quotes, <>, commas or semicolons)");
	if (!strcmp(kind, "email")) {
		at = strchr(address, '@');
		if (n > 254 || !at || at == address || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
		    at[1] == '.' || address[n - 1] == '.' || at - address > 64)
			return ms_err_field(err, MS_E_INVALID, "address",
					    "电子邮件地址不正确，如 office@example.gov.cn (not an e-mail address)");
		return 0;
	}
	if ((strncmp(address, "http://", 7) && strncmp(address, "https://", 8)) ||
	    !address[address[4] == 's' ? 8 : 7] || address[address[4] == 's' ? 8 : 7] == '/')
		return ms_err_field(err, MS_E_INVALID, "address",
				    "推送地址须为 http:// 或 https:// 开头的网址 (webhook: an http or https URL)");
	return 0;
}

static int channel_work(struct store *st, const char *org, const char *kind, const char *address, int remove,
			const char *actor, struct ms_err *err)
{
	char now[32], key[600];
	int64_t n;

	ms_clock_now_iso(now);
	snprintf(key, sizeof(key), "%s/%s/%s", org, kind, address);
	if (remove) {
		if (store_channel_remove(st, org, kind, address, &n, err))
			return -1;
		if (!n)
			return ms_err_field(err, MS_E_NOTFOUND, "address", "%s 没有这个%s渠道 (no such channel)", org, kind);
		return store_journal(st, actor, "remind.channel.remove", "remind_channel", key, NULL, NULL, err);
	}
	if (store_channel_add(st, org, kind, address, now, err))
		return -1;
	return store_journal_json(st, actor, "remind.channel.add", "remind_channel", key, NULL,
				  json_pack("{s:s, s:s, s:s}", "org", org, "kind", kind, "address", address), err);
}

int remind_channel(struct store *st, const char *org, const char *kind, const char *address, int remove,
		   const char *actor, struct ms_err *err)
{
	struct store_org_row o;
	int rc;

	if (follow_address_check(kind, address, err))
		return -1;
	rc = store_org_get(st, org ? org : "", &o, err);
	if (rc < 0)
		return -1;
	if (!rc)
		return ms_err_field(err, MS_E_NOTFOUND, "org", "没有单位 %s (no organisation %s)", org ? org : "",
				    org ? org : "");
	if (store_begin(st, err))
		return -1;
	return store_end(st, channel_work(st, org, kind, address, remove, actor, err), err);
}

static int smtp_work(struct store *st, const char *url, const char *from, const char *actor, struct ms_err *err)
{
	char shown[600];
	const char *at, *scheme;

	if (url && store_setting_put(st, "remind.smtp_url", url, err))
		return -1;
	if (from && store_setting_put(st, "remind.mail_from", from, err))
		return -1;
	shown[0] = '\0';
	if (url) {
		/* the URL journaled without its credentials */
		scheme = strstr(url, "://");
		at = strrchr(url, '@');
		if (scheme && at && at > scheme)
			snprintf(shown, sizeof(shown), "%.*s***%s", (int)(scheme + 3 - url), url, at);
		else
			snprintf(shown, sizeof(shown), "%s", url);
	}
	return store_journal_json(st, actor, "remind.smtp", "setting", "remind.smtp", NULL,
				  json_pack("{s:s?, s:s?}", "url", url ? shown : NULL, "from", from), err);
}

int remind_smtp_set(struct store *st, const char *url, const char *from, const char *actor,
		    struct ms_err *err)
{
	if (!url && !from)
		return ms_err_field(err, MS_E_INVALID, "url", "请给出邮件服务器或发件地址 (give the server or the sender)");
	if (url && (strlen(url) > 500 || !ascii_clean(url) ||
		    (strncmp(url, "smtp://", 7) && strncmp(url, "smtps://", 8))))
		return ms_err_field(err, MS_E_INVALID, "url",
				    "邮件服务器须为 smtp:// 或 smtps:// 开头的网址，如 smtp://mail.example.gov.cn:25 "
				    "(server: an smtp or smtps URL)");
	if (from && follow_address_check("email", from, err)) {
		snprintf(err->field, sizeof(err->field), "from");
		return -1;
	}
	if (store_begin(st, err))
		return -1;
	return store_end(st, smtp_work(st, url, from, actor, err), err);
}

/* ---------- the list ---------- */

static struct remind_unit *unit_of(struct remind_list *rl, const char *org, const char *name)
{
	struct remind_unit *u;

	if (rl->nunit && !strcmp(rl->unit[rl->nunit - 1].org, org))
		return &rl->unit[rl->nunit - 1];
	rl->unit = realloc(rl->unit, (rl->nunit + 1) * sizeof(*rl->unit));
	if (!rl->unit)
		abort();
	u = &rl->unit[rl->nunit++];
	memset(u, 0, sizeof(*u));
	snprintf(u->org, sizeof(u->org), "%s", org);
	snprintf(u->name, sizeof(u->name), "%s", name);
	return u;
}

struct list_ctx {
	struct remind_list *rl;
	const struct ledger *l;
};

static int take_missing(const char *org, const char *org_name, const char *indicator, const char *status,
			void *arg)
{
	struct list_ctx *c = arg;
	struct remind_unit *u = unit_of(c->rl, org, org_name);
	const struct ledger_ind *d = ledger_ind_find(c->l, indicator);
	struct remind_ind *ri;

	u->ind = realloc(u->ind, (u->nind + 1) * sizeof(*u->ind));
	if (!u->ind)
		abort();
	ri = &u->ind[u->nind++];
	snprintf(ri->id, sizeof(ri->id), "%s", indicator);
	snprintf(ri->name, sizeof(ri->name), "%s", d ? d->name : indicator);
	snprintf(ri->status, sizeof(ri->status), "%s", status);
	c->rl->nmissing++;
	return 0;
}

static void join(char *dst, size_t n, const char *sep, const char *s)
{
	size_t len = strlen(dst);

	if (len + strlen(sep) + strlen(s) + 1 > n)
		return;    /* the list is full: the rest are not shown */
	snprintf(dst + len, n - len, "%s%s", len ? sep : "", s);
}

static int take_channel(const char *org, const char *kind, const char *address, void *arg)
{
	struct remind_unit *u = arg;

	(void)org;
	if (!strcmp(kind, "email"))
		join(u->email, sizeof(u->email), ", ", address);
	else if (!strcmp(kind, "webhook"))
		join(u->webhook, sizeof(u->webhook), " ", address);
	else
		join(u->contact, sizeof(u->contact), "；", address);
	return 0;
}

static int pick_round(struct ledger *l, const char *round, struct remind_list *rl, struct ms_err *err)
{
	const struct ledger_round *rd = NULL;
	size_t k;

	if (round && *round) {
		if (!(rd = ledger_round_find(l, round, err))) {
			snprintf(err->field, sizeof(err->field), "round");
			return -1;
		}
	} else {
		for (k = 0; k < l->nround && !rd; k++)
			if (l->round[k].day >= rl->today)
				rd = &l->round[k];
		if (!rd)
			return ms_err_field(err, MS_E_NOTFOUND, "round",
					    "计划 %s 已没有未到期的报送节点，请指明节点 (no round due from today; name one)",
					    l->plan);
	}
	snprintf(rl->round, sizeof(rl->round), "%s", rd->due);
	snprintf(rl->label, sizeof(rl->label), "%s", rd->label);
	rl->due = rd->day;
	return 0;
}

int remind_list(struct ledger *l, const char *round, int days_before, struct remind_list *rl,
		struct ms_err *err)
{
	struct list_ctx c = { rl, l };
	char day[16];
	size_t i;
	int rc = 0;

	memset(rl, 0, sizeof(*rl));
	snprintf(rl->plan, sizeof(rl->plan), "%s", l->plan);
	rl->today = ms_date_of_time_cn(ms_clock_now());
	if (pick_round(l, round, rl, err))
		return -1;
	rl->days_left = ms_date_diff(rl->today, rl->due);
	rl->in_window = days_before < 0 || rl->days_left <= days_before;
	if (store_remind_missing(l->st, l->plan, rl->round, take_missing, &c, err))
		goto fail;
	{
		struct ms_buf b = MS_BUF_INIT;

		ms_date_format(&b, rl->today);
		snprintf(day, sizeof(day), "%s", b.buf);
		ms_buf_release(&b);
	}
	for (i = 0; i < rl->nunit && !rc; i++) {
		struct remind_unit *u = &rl->unit[i];

		if (store_channel_each(l->st, u->org, take_channel, u, err) ||
		    (rc = store_remind_sent(l->st, l->plan, rl->round, u->org, day, "email", err)) < 0)
			goto fail;
		u->sent_email = rc;
		if ((rc = store_remind_sent(l->st, l->plan, rl->round, u->org, day, "webhook", err)) < 0)
			goto fail;
		u->sent_webhook = rc;
		rc = 0;
	}
	return 0;
fail:
	remind_list_free(rl);
	return -1;
}

void remind_list_free(struct remind_list *rl)
{
	size_t i;

	for (i = 0; i < rl->nunit; i++)
		free(rl->unit[i].ind);
	free(rl->unit);
	rl->unit = NULL;
	rl->nunit = 0;
}

static const char *status_cn(const char *s)
{
	if (!strcmp(s, "draft"))
		return "草稿未提交";
	if (!strcmp(s, "returned"))
		return "已退回待重报";
	return "未报送";
}

json_t *remind_json(const struct remind_list *rl)
{
	json_t *units = json_array();
	size_t i, k;

	for (i = 0; i < rl->nunit; i++) {
		const struct remind_unit *u = &rl->unit[i];
		json_t *inds = json_array();

		for (k = 0; k < u->nind; k++)
			json_array_append_new(inds, json_pack("{s:s, s:s, s:s}", "id", u->ind[k].id, "name",
							      u->ind[k].name, "status",
							      u->ind[k].status[0] ? u->ind[k].status : "none"));
		json_array_append_new(units, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:b}", "org", u->org,
						       "name", u->name, "indicators", inds, "contact", u->contact,
						       "email", u->email, "webhook", u->webhook, "emailed_today",
						       u->sent_email, "webhook_today", u->sent_webhook));
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:b, s:i, s:o}", "plan", rl->plan, "round", rl->round, "label",
			 rl->label, "days_left", rl->days_left, "in_window", rl->in_window, "missing",
			 (int)rl->nmissing, "units", units);
}

/* "D01 名称（未报送）、D02 …" */
static void ind_list(struct ms_buf *b, const struct remind_unit *u, const char *sep)
{
	size_t k;

	for (k = 0; k < u->nind; k++)
		ms_buf_addf(b, "%s%s %s（%s）", k ? sep : "", u->ind[k].id, u->ind[k].name, status_cn(u->ind[k].status));
}

static void head_line(const struct remind_list *rl, struct ms_buf *out)
{
	ms_buf_addf(out, "报送节点 %s（%s），", rl->round, rl->label);
	if (rl->days_left > 0)
		ms_buf_addf(out, "距截止还有 %d 天", rl->days_left);
	else if (rl->days_left == 0)
		ms_buf_adds(out, "今天截止");
	else
		ms_buf_addf(out, "已过截止 %d 天", -rl->days_left);
	ms_buf_addf(out, "；%zu 个单位、%zu 项指标尚未报送。\n", rl->nunit, rl->nmissing);
}

void remind_render(const struct remind_list *rl, struct ms_buf *out)
{
	static const char *const head[] = { "单位", "未报送指标", "联系人", "电子邮件", "推送", "今日已催" };
	struct ms_table *t = ms_table_new(6);
	struct ms_buf b = MS_BUF_INIT;
	size_t i;

	head_line(rl, out);
	for (i = 0; i < 6; i++)
		ms_table_add(t, head[i]);
	for (i = 0; i < rl->nunit; i++) {
		const struct remind_unit *u = &rl->unit[i];

		ms_table_addf(t, "%s %s", u->org, u->name);
		ms_buf_reset(&b);
		ind_list(&b, u, "、");
		ms_table_add(t, b.buf);
		ms_table_add(t, u->contact[0] ? u->contact : "—");
		ms_table_add(t, u->email[0] ? u->email : "—");
		ms_table_add(t, u->webhook[0] ? "有" : "—");
		ms_table_addf(t, "%s%s", u->sent_email ? "邮件 " : "", u->sent_webhook ? "推送" : "");
	}
	if (rl->nunit)
		ms_table_render(t, out);
	ms_table_free(t);
	ms_buf_release(&b);
}

int remind_xlsx(const struct remind_list *rl, const char *path, struct ms_buf *out, struct ms_err *err)
{
	static const char *const head[] = { "单位代码", "单位", "指标", "指标名称", "状态", "联系人", "电子邮件", "推送地址" };
	struct bulletin bl;
	struct ms_buf b = MS_BUF_INIT;
	struct bl_table *t;
	size_t i, k;
	int rc;

	memset(&bl, 0, sizeof(bl));
	ms_buf_addf(&b, "催报清单 %s", rl->round);
	bl.title = ms_strdup(b.buf);
	snprintf(bl.summary_sheet, sizeof(bl.summary_sheet), "催报清单");
	ms_buf_reset(&b);
	head_line(rl, &b);
	bl_text(&bl, 0, b.buf);
	t = bl_table(&bl, "尚未报送的单位和指标", 8, head, 0);
	for (i = 0; i < rl->nunit; i++)
		for (k = 0; k < rl->unit[i].nind; k++) {
			const struct remind_unit *u = &rl->unit[i];
			const char *cells[] = { u->org, u->name, u->ind[k].id, u->ind[k].name, status_cn(u->ind[k].status),
						u->contact, u->email, u->webhook };

			bl_row(t, cells);
		}
	rc = path ? bulletin_xlsx(&bl, path, err) : bulletin_render(&bl, "xlsx", out, err);
	bulletin_free(&bl);
	ms_buf_release(&b);
	return rc;
}

void remind_message(const struct remind_list *rl, const struct remind_unit *u, struct ms_buf *subject,
		    struct ms_buf *body)
{
	struct ms_buf d = MS_BUF_INIT;
	size_t k;

	ms_date_format_cn(&d, rl->due);
	ms_buf_addf(subject, "【催报】%s：%zu 项指标尚未报送（%s截止）", u->name, u->nind, d.buf);
	ms_buf_addf(body, "%s：\n\n民生实事 %s 报送节点（%s）将于 %s（北京时间）截止，贵单位以下 %zu 项指标尚未报送：\n\n",
		    u->name, rl->plan, rl->label, d.buf, u->nind);
	for (k = 0; k < u->nind; k++)
		ms_buf_addf(body, "%zu. %s %s（%s）\n", k + 1, u->ind[k].id, u->ind[k].name, status_cn(u->ind[k].status));
	ms_buf_adds(body, "\n请按时登录民生实事系统报送；已报送的请忽略本提醒。\n");
	ms_buf_release(&d);
}

/* ---------- sending ---------- */

#define STALE_CLAIM 600   /* seconds after which a claim still "sending" is given back */

struct send_ctx {
	struct ledger *l;
	const struct remind_list *rl;
	char day[16], now[32], stale[32], url[600], from[300];
	struct remind_result *res;
	struct ms_buf *log;
};

static int claim_work(struct ledger *l, struct store_remind_send *s, int64_t *id, const char *key,
		      struct ms_err *err)
{
	if (store_remind_add(l->st, s, id, err))
		return -1;
	return store_journal_json(l->st, l->actor, "remind.send", "remind_send", key, NULL,
				  json_pack("{s:s, s:s, s:s, s:s, s:I}", "kind", s->kind, "to", s->addresses, "round",
					    s->round, "day", s->day, "missing", (json_int_t)s->missing),
				  err);
}

static int done_work(struct ledger *l, int64_t id, const char *key, const char *kind, const struct ms_err *why,
		     struct ms_err *err)
{
	if (store_remind_done(l->st, id, !why, err))
		return -1;
	return store_journal_json(l->st, l->actor, why ? "remind.failed" : "remind.sent", "remind_send", key, NULL,
				  why ? json_pack("{s:s, s:s}", "kind", kind, "error", why->msg)
				      : json_pack("{s:s}", "kind", kind), err);
}

/* One send of kind to unit u: claimed, made, then marked sent or given back. 0 sent, 1 skipped (sent today already), 2 failed, -1 database error. */
static int send_one(struct send_ctx *c, const struct remind_unit *u, const char *kind, const char *addresses,
		    struct ms_err *err)
{
	struct store_remind_send s = {
		.plan = c->l->plan, .round = c->rl->round, .org = u->org, .day = c->day, .kind = kind,
		.addresses = addresses, .sent_at = c->now, .sent_by = c->l->actor, .missing = (int64_t)u->nind,
		.stale_before = c->stale,
	};
	struct ms_buf subj = MS_BUF_INIT, body = MS_BUF_INIT, mail = MS_BUF_INIT;
	struct ms_err why;
	char key[160];
	int64_t id;
	int rc, failed = 0;

	snprintf(key, sizeof(key), "%s/%s/%s/%s/%s", c->l->plan, c->rl->round, u->org, c->day, kind);
	if (store_begin(c->l->st, err) || store_end(c->l->st, claim_work(c->l, &s, &id, key, err), err))
		return err->kind == MS_E_CONFLICT ? 1 : -1;
	remind_message(c->rl, u, &subj, &body);
	if (!strcmp(kind, "email")) {
		char msgid[200];

		snprintf(msgid, sizeof(msgid), "%s@minsheng", key);
		follow_mail_compose(&mail, c->from, addresses, subj.buf, body.buf, ms_clock_now(), msgid);
		failed = follow_mail_send(c->url, c->from, addresses, &mail, &why) != 0;
	} else {
		json_t *j = json_pack("{s:s, s:{s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:o}}", "msgtype", "text", "text",
				      "content", body.buf, "minsheng", "plan", c->l->plan, "round", c->rl->round, "org",
				      u->org, "name", u->name, "day", c->day, "missing", json_array());
		json_t *miss = json_object_get(json_object_get(j, "minsheng"), "missing");
		char *text;
		size_t k, n = 0;

		for (k = 0; k < u->nind; k++)
			json_array_append_new(miss, json_string(u->ind[k].id));
		text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		/* each URL of the unit; the send fails when any fails */
		for (k = 0; addresses[k]; k += n + (addresses[k + n] == ' ')) {
			char url[512];

			n = strcspn(addresses + k, " ");
			snprintf(url, sizeof(url), "%.*s", (int)n, addresses + k);
			if (n && follow_webhook_post(url, text, &why))
				failed = 1;
		}
		free(text);
	}
	ms_buf_addf(c->log, "%s %s %s → %s%s%s\n", failed ? "失败" : "已发", kind, u->name, addresses,
		    failed ? "：" : "", failed ? why.msg : "");
	rc = store_begin(c->l->st, err) ||
	     store_end(c->l->st, done_work(c->l, id, key, kind, failed ? &why : NULL, err), err) ? -1 : 0;
	c->res->failed += failed;
	c->res->sent += !failed;
	ms_buf_release(&subj);
	ms_buf_release(&body);
	ms_buf_release(&mail);
	return rc < 0 ? -1 : failed ? 2 : 0;
}

static int send_setup(struct send_ctx *c, struct ms_err *err)
{
	struct ms_buf v = MS_BUF_INIT;
	int rc;
	size_t i, email = 0, any = 0;

	for (i = 0; i < c->rl->nunit; i++) {
		email += c->rl->unit[i].email[0] != '\0';
		any += c->rl->unit[i].email[0] || c->rl->unit[i].webhook[0];
	}
	if (c->rl->nunit && !any)
		return ms_err_setk(err, MS_E_CONFLICT,
				   "待催报的单位都没有登记电子邮件或推送地址 (no unit to remind has an e-mail address or a webhook)");
	if (!email)
		return 0;
	if ((rc = store_setting_get(c->l->st, "remind.smtp_url", &v, err)) < 0)
		goto out;
	snprintf(c->url, sizeof(c->url), "%s", rc ? v.buf : "");
	if ((rc = store_setting_get(c->l->st, "remind.mail_from", &v, err)) < 0)
		goto out;
	snprintf(c->from, sizeof(c->from), "%s", rc ? v.buf : "");
	rc = 0;
	if (!c->url[0] || !c->from[0])
		rc = ms_err_setk(err, MS_E_CONFLICT,
				 "尚未设置邮件服务器和发件地址 (the mail server and the sender are not set)");
out:
	ms_buf_release(&v);
	return rc < 0 ? -1 : 0;
}

int remind_send(struct ledger *l, struct remind_list *rl, struct remind_result *res, struct ms_buf *log,
		struct ms_err *err)
{
	struct send_ctx c = { .l = l, .rl = rl, .res = res, .log = log };
	struct ms_buf d = MS_BUF_INIT;
	size_t i;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	if (!rl->in_window)
		return 0;
	if (send_setup(&c, err))
		return -1;
	ms_date_format(&d, rl->today);
	snprintf(c.day, sizeof(c.day), "%s", d.buf);
	ms_buf_release(&d);
	ms_clock_now_iso(c.now);
	/* longer than a send may take (two timeouts) */
	ms_clock_iso(ms_clock_now() - STALE_CLAIM, c.stale);
	for (i = 0; i < rl->nunit && rc >= 0; i++) {
		struct remind_unit *u = &rl->unit[i];

		if (u->email[0] && (rc = send_one(&c, u, "email", u->email, err)) >= 0) {
			res->skipped += rc == 1;
			u->sent_email = rc != 2;
		}
		if (rc >= 0 && u->webhook[0] && (rc = send_one(&c, u, "webhook", u->webhook, err)) >= 0) {
			res->skipped += rc == 1;
			u->sent_webhook = rc != 2;
		}
	}
	return rc < 0 ? -1 : 0;
}
