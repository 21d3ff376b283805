/*
 * journal.c - who may read which journal row, and the rows in Chinese
 * (see journal.h).
 */
#include "journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The one table of actions: the code a write journals, and what a person reads. */
static const struct {
	const char *code, *label;
} actions[] = {
	{ "report.submit", "报送" },
	{ "report.draft", "保存草稿" },
	{ "report.approve", "审核通过" },
	{ "report.return", "退回" },
	{ "assign", "任务分解" },
	{ "site.add", "新增点位" },
	{ "evidence.add", "上传佐证材料" },
	{ "round.lock", "锁定报送轮次" },
	{ "round.reopen", "重新开放报送轮次" },
	{ "milestones", "设定时序进度" },
	{ "survey.import", "导入满意度调查" },
	/* issue 17: the vote */
	{ "proposal.add", "收到建议" },
	{ "proposal.import", "导入建议" },
	{ "proposal.publish", "公开建议" },
	{ "proposal.decline", "不采纳建议" },
	{ "proposal.purge", "删除建议人联系方式" },
	{ "proposal.retention", "设置联系方式保留期" },
	{ "candidate.add", "新增候选项目" },
	{ "candidate.publish", "公示候选项目" },
	{ "vote.open", "开始票决" },
	{ "vote.deputies", "导入代表名单" },
	{ "vote.tokens", "发放票证" },
	{ "ballot.cast", "投票" },
	{ "vote.count", "录入计票结果" },
	{ "vote.confirm", "确认计票结果" },
	{ "vote.close", "结束票决" },
	{ "rating.tokens", "发放验单票证" },
	{ "survey.online", "在线满意度测评" },
	{ "evaluation.save", "保存评估结果" },
	{ "evaluation.rate", "定性评定" },
	{ "rating.add", "评定" },
	{ "review.levels", "设定审核级数" },
	{ "bulletin.issue", "印发通报" },
	{ "plan.load", "载入计划" },
	{ "org.load", "载入单位名录" },
	{ "org.load_townships", "载入乡镇（街道）" },
	{ "org.add", "新增单位" },
	{ "org.set", "修改单位信息" },
	{ "demo.load", "载入演示数据" },
	{ "user.add", "新增用户" },
	{ "user.role", "变更角色" },
	{ "user.disable", "停用用户" },
	{ "user.enable", "启用用户" },
	{ "user.delete", "删除用户" },
	{ "user.expire", "设定密码过期" },
	{ "user.revoke", "吊销令牌" },
	{ "user.passwd", "修改密码" },
	{ "user.token", "签发接口令牌" },
	{ "user.login", "登录" },
	{ "user.logout", "退出登录" },
	{ "remind.send", "发送催报" },
	{ "remind.sent", "催报已送达" },
	{ "remind.failed", "催报发送失败" },
	{ "remind.channel.add", "登记催报渠道" },
	{ "remind.channel.remove", "删除催报渠道" },
	{ "remind.smtp", "设置邮件服务器" },
	{ "duban.issue", "签发督办单" },
	{ "duban.answer", "答复督办单" },
};

/* The tables a journal row names. */
static const struct {
	const char *code, *label;
} tables[] = {
	{ "report", "报送数据" },
	{ "assignment", "任务分解" },
	{ "site", "点位" },
	{ "evidence", "佐证材料" },
	{ "round_lock", "报送轮次" },
	{ "setting", "设置" },
	{ "import", "导入" },
	{ "evaluation", "评估" },
	{ "bulletin", "通报" },
	{ "plan", "计划" },
	{ "org", "单位" },
	{ "app_user", "用户" },
	{ "remind_channel", "催报渠道" },
	{ "remind_send", "催报" },
	{ "duban", "督办单" },
	{ "proposal", "建议" },
	{ "candidate", "候选项目" },
	{ "vote_session", "票决" },
	{ "deputy", "代表名单" },
	{ "ballot", "选票" },
	{ "vote_count", "计票结果" },
	{ "survey_response", "满意度测评" },
};

int journal_action_known(const char *action)
{
	size_t i;

	for (i = 0; action && i < COUNT_OF(actions); i++)
		if (!strcmp(actions[i].code, action))
			return 1;
	return 0;
}

const char *journal_table_code(size_t i)
{
	return i < COUNT_OF(tables) ? tables[i].code : NULL;
}

const char *journal_table_label(const char *tbl)
{
	size_t i;

	for (i = 0; tbl && i < COUNT_OF(tables); i++)
		if (!strcmp(tables[i].code, tbl))
			return tables[i].label;
	return "其他记录";
}

const char *journal_action_label(const char *action, const char *tbl)
{
	size_t i;

	for (i = 0; action && i < COUNT_OF(actions); i++)
		if (!strcmp(actions[i].code, action))
			return actions[i].label;
	return journal_table_label(tbl);
}

void journal_view_init(struct journal_view *v, struct store *st, const struct auth_user *u)
{
	v->st = st;
	v->u = u;
	v->plan[0] = '\0';
	memset(v->led, -1, sizeof(v->led));
}

/* A ledger row's key "PLAN/INDICATOR/ORG[/…]": its parts, or 0 when it is not one. */
static int ledger_key(const char *key, char *plan, size_t np, long *item, char *org, size_t no)
{
	const char *a = strchr(key, '/'), *b, *e;
	char *end;

	if (!a || !(b = strchr(a + 1, '/')))
		return 0;
	e = strchr(b + 1, '/');
	if (!e)
		e = b + strlen(b);
	if ((size_t)(a - key) >= np || (size_t)(e - b - 1) >= no)
		return 0;
	memcpy(plan, key, (size_t)(a - key));
	plan[a - key] = '\0';
	memcpy(org, b + 1, (size_t)(e - b - 1));
	org[e - b - 1] = '\0';
	*item = strtol(a + 1, &end, 10);
	return end > a + 1 && *end == '.';
}

/* Does v's lead unit lead item of plan? Asked of auth once per item. */
static int leads(struct journal_view *v, const char *plan, long item)
{
	if (strcmp(v->plan, plan)) {
		snprintf(v->plan, sizeof(v->plan), "%s", plan);
		memset(v->led, -1, sizeof(v->led));
	}
	if (item < 0 || (size_t)item >= sizeof(v->led))
		return auth_may_review(v->st, v->u, plan, item, NULL) == 1;
	if (v->led[item] < 0)
		v->led[item] = (signed char)(auth_may_review(v->st, v->u, plan, item, NULL) == 1);
	return v->led[item];
}

int journal_may_see(struct journal_view *v, const struct store_journal_row *j)
{
	char plan[64], org[32];
	long item;

	if (v->u->role == ROLE_ADMIN)
		return 1;
	/* people: accounts, passwords, tokens, logins and the addresses they came from */
	if (!strcmp(j->tbl, "app_user") || !strncmp(j->action, "user.", 5))
		return 0;
	if (v->u->role == ROLE_VIEWER)
		return 1;
	if (!strcmp(j->tbl, "round_lock"))
		return v->u->role == ROLE_REPORTER || v->u->role == ROLE_LEAD;
	if (strcmp(j->tbl, "report") && strcmp(j->tbl, "assignment") && strcmp(j->tbl, "site") &&
	    strcmp(j->tbl, "evidence"))
		return 0;
	if (!ledger_key(j->key, plan, sizeof(plan), &item, org, sizeof(org)))
		return 0;
	if (v->u->role == ROLE_REPORTER)
		return v->u->org[0] && !strcmp(org, v->u->org);
	if (v->u->role == ROLE_LEAD)
		return leads(v, plan, item);
	return 0;
}
