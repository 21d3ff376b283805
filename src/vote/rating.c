/*
 * rating.c - 验单 and the online 满意度测评: the deputies rate each item of
 * the plan with a single-use token (tokens.c, the ballot's mechanism), the
 * public once per address and China day; both into the evaluation's survey
 * table (respondent deputy / public), which the evaluation reads.
 */
#include "vote.h"
#include "vote_parts.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/store.h"
#include "core/banned.h"

#define RATING_MAX_ITEMS 99

struct rating_plan {
	char region[32];
	unsigned char item[RATING_MAX_ITEMS + 1];   /* item[no]: the plan has it */
};

static int item_take(int64_t no, const char *title, const char *leads, const char *responsible, void *arg)
{
	struct rating_plan *p = arg;

	if (no > 0 && no <= RATING_MAX_ITEMS)
		p->item[no] = 1;
	return 0;
}

static int plan_read(struct store *st, const char *plan, struct rating_plan *p, struct ms_err *err)
{
	struct ms_buf doc = MS_BUF_INIT;
	json_t *d;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = store_plan_doc(st, plan ? plan : "", &doc, err);
	if (rc <= 0) {
		ms_buf_release(&doc);
		return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "plan", "没有计划 %s (no such plan)", plan ? plan : "");
	}
	d = json_loadb(doc.buf, doc.len, 0, NULL);
	snprintf(p->region, sizeof(p->region), "%s", d ? json_string_value(json_object_get(d, "region_code")) : "");
	json_decref(d);
	ms_buf_release(&doc);
	return store_item_each(st, plan, item_take, p, err);
}

static const struct {
	const char *word, *value;
} words[] = {
	{ "满意", "satisfied" }, { "satisfied", "satisfied" }, { "基本满意", "basic" }, { "basic", "basic" },
	{ "不满意", "unsatisfied" }, { "unsatisfied", "unsatisfied" }, { NULL, NULL },
};

/* "1=满意,2=基本满意": ans[no] set to the stored word; the number of items answered, or -1. */
static int answers_parse(const char *s, const struct rating_plan *p, const char **ans, struct ms_err *err)
{
	char buf[2048], *save = NULL, *tok;
	int n = 0;

	if (!s || !*s || strlen(s) >= sizeof(buf))
		return ms_err_field(err, MS_E_INVALID, "answers", "请对至少一件实事作出评价 (answers)");
	memcpy(buf, s, strlen(s) + 1);
	for (tok = strtok_r(buf, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		char *eq = strchr(tok, '='), *end;
		long no;
		int k;

		while (*tok == ' ')
			tok++;
		no = strtol(tok, &end, 10);
		if (!eq || end != eq || no < 1 || no > RATING_MAX_ITEMS || !p->item[no])
			return ms_err_field(err, MS_E_INVALID, "answers", "评价应写作 实事序号=满意/基本满意/不满意，"
					    "序号须是本计划的实事 (answers)");
		for (k = 0; words[k].word && strcmp(words[k].word, eq + 1); k++)
			;
		if (!words[k].word)
			return ms_err_field(err, MS_E_INVALID, "answers", "第 %ld 件实事的评价应为 满意、基本满意 或 不满意", no);
		if (ans[no])
			return ms_err_field(err, MS_E_INVALID, "answers", "第 %ld 件实事评价了两次 (rated twice)", no);
		ans[no] = words[k].value;
		n++;
	}
	if (!n)
		return ms_err_field(err, MS_E_INVALID, "answers", "请对至少一件实事作出评价 (answers)");
	return n;
}

static int submit_work(struct store *st, const char *plan, const struct rating_plan *p, const char *token,
		       const char *addr, const char **ans, struct ms_err *err)
{
	char scope[128], day[16], hex[MS_SHA256_HEX_LEN + 1];
	const char *who = token ? "deputy" : "public";
	int no, rc;

	if (token) {
		snprintf(scope, sizeof(scope), "rating:%s", plan);
		if (vote_token_spend(st, scope, token, err))
			return -1;
	} else {
		struct ms_buf b = MS_BUF_INIT;

		vote_today(day);
		ms_buf_addf(&b, "minsheng-survey:%s:%s", day, addr);
		ms_sha256_hex(b.buf, b.len, hex);
		ms_buf_release(&b);
		snprintf(scope, sizeof(scope), "survey:%s", plan);
		rc = store_survey_seen(st, scope, hex, day, err);
		if (rc < 0)
			return -1;
		if (!rc)
			return ms_err_setk(err, MS_E_LIMIT, "今天已经从这台设备提交过测评，每台设备每天一份 (one a day)");
	}
	for (no = 1; no <= RATING_MAX_ITEMS; no++) {
		struct store_survey s = {
			.plan = plan, .region = p->region, .satisfaction = ans[no], .respondent = who,
			.batch = token ? "online-deputy" : "online-public", .item_no = no, .score = 0, .aware = -1,
		};

		if (ans[no] && store_survey_add(st, &s, err))
			return -1;
	}
	return store_journal_json(st, who, "survey.online", "survey_response", plan, NULL,
				  json_pack("{s:s}", "respondent", who), err);
}

int vote_rating_submit(struct store *st, const char *plan, const char *token, const char *addr,
		       const char *answers, long *n, struct ms_err *err)
{
	const char *ans[RATING_MAX_ITEMS + 1] = { 0 };
	struct rating_plan p;
	int k;

	*n = 0;
	if (token && !*token)
		token = NULL;
	if (!token && !addr)
		return ms_err_field(err, MS_E_INVALID, "token", "人大代表请填写票证 (token)");
	if (plan_read(st, plan, &p, err) || (k = answers_parse(answers, &p, ans, err)) < 0)
		return -1;
	if (store_begin(st, err) || store_end(st, submit_work(st, plan, &p, token, addr, ans, err), err))
		return -1;
	*n = k;
	return 0;
}

static int tokens_work(struct store *st, const char *plan, int n, const char *actor, struct ms_buf *out,
		       struct ms_err *err)
{
	char (*tok)[VOTE_TOKEN_LEN + 1] = calloc((size_t)n, sizeof(*tok));
	char scope[128];
	int i, rc;

	if (!tok)
		abort();
	snprintf(scope, sizeof(scope), "rating:%s", plan);
	rc = vote_tokens_issue(st, scope, n, tok, err);
	if (!rc) {
		ms_buf_adds(out, "\xEF\xBB\xBF序号,票证\r\n");
		for (i = 0; i < n; i++)
			ms_buf_addf(out, "%d,%s\r\n", i + 1, tok[i]);
		rc = store_journal_json(st, actor, "rating.tokens", "survey_response", plan, NULL,
					json_pack("{s:i}", "tokens", n), err);
	}
	sodium_memzero(tok, (size_t)n * sizeof(*tok));
	free(tok);
	return rc;
}

int vote_rating_tokens(struct store *st, const char *plan, int n, const char *actor, struct ms_buf *out,
		       struct ms_err *err)
{
	struct rating_plan p;

	if (n < 1 || n > 10000)
		return ms_err_field(err, MS_E_INVALID, "count", "票证数应为 1–10000 (count)");
	if (plan_read(st, plan, &p, err))
		return -1;
	if (sodium_init() < 0 || store_begin(st, err))
		return -1;
	return store_end(st, tokens_work(st, plan, n, actor, out, err), err);
}
