/*
 * cmd_ledger.c - the task ledger from the command line: assign, report,
 * approve, return, status, journal, history.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "core/json.h"
#include "core/money.h"
#include "core/table.h"
#include "ledger/ledger.h"
#include "ledger/actuals.h"
#include "ledger/progress.h"
#include "report/bulletin.h"
#include "rules/params.h"
#include "web/web.h"
#include "plan/units.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

static int open_ledger(struct cmd_ctx *ctx, const struct cmd_opts *o, int write, struct store **st,
		       struct ledger *l)
{
	struct ms_err err;

	if (store_open(st, ctx->db, write ? STORE_WRITE : STORE_READ, &err))
		return cmd_fail_err(&err);
	if (ledger_open(l, *st, cmd_opt(o, "--plan"), ctx->actor, &err)) {
		store_close(*st);
		return cmd_fail_err(&err);
	}
	return EXIT_OK;
}

static void close_ledger(struct store *st, struct ledger *l)
{
	ledger_close(l);
	store_close(st);
}

/* ---------- assign ---------- */

struct alist { struct ledger *l; struct ms_table *t; json_t *arr; const char *ind; size_t n; };

static int list_assign(const char *ind, const char *org, int64_t target, void *arg)
{
	struct alist *a = arg;
	const struct ledger_ind *d = ledger_ind_find(a->l, ind);
	struct ms_buf b = MS_BUF_INIT;

	if (a->ind && strcmp(a->ind, ind))
		return 0;
	a->n++;
	plan_value_format(&b, d ? d->unit : "", target);
	if (a->arr) {
		json_array_append_new(a->arr, json_pack("{s:s, s:s, s:I, s:s}", "indicator", ind, "org",
							org, "target_value", (json_int_t)target,
							"target", b.buf));
	} else {
		ms_table_add(a->t, ind);
		ms_table_add(a->t, d ? d->name : "");
		ms_table_add(a->t, org);
		ms_table_add(a->t, b.buf);
	}
	ms_buf_release(&b);
	return 0;
}

int cmd_assign(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--indicator", NULL };
	const struct cmd *self = cmd_find("assign");
	struct ms_buf out = MS_BUF_INIT;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	long n = 0;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (!o.npos)
		return cmd_usage(self, "assign needs INDICATOR ORG TARGET, or import, check, standards, list");
	if ((rc = open_ledger(ctx, &o, strcmp(o.pos[0], "check") && strcmp(o.pos[0], "list"), &st, &l)))
		return rc;
	if (!strcmp(o.pos[0], "import")) {
		if (o.npos != 2) {
			rc = cmd_usage(self, "assign import needs one FILE");
		} else if (ledger_assign_import(&l, o.pos[1], &n, &err)) {
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		} else {
			printf("已导入 %ld 条任务分解（%s）\n", n, o.pos[1]);
		}
	} else if (!strcmp(o.pos[0], "milestones")) {
		if (o.npos < 3) {
			rc = cmd_usage(self, "assign milestones INDICATOR SHARE... (one per progress round)");
		} else if (ledger_milestones(&l, o.pos[1], o.pos + 2, (size_t)o.npos - 2, &err)) {
			rc = cmd_fail_err(&err);
		} else {
			printf("已设定 %s 各轮应达进度\n", o.pos[1]);
		}
	} else if (!strcmp(o.pos[0], "standards")) {
		if (ledger_assign_standards(&l, &n, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已为各设区市补充 %ld 条“各地均须达到”的标准类目标\n", n);
	} else if (!strcmp(o.pos[0], "check")) {
		int k = ledger_assign_check(&l, &out, &err);

		if (k < 0) {
			rc = cmd_fail_err(&err);
		} else {
			if (!k)
				ms_buf_adds(&out, "任务分解与计划目标一致 ok\n");
			else
				ms_buf_addf(&out, "共 %d 处不一致\n", k);
			rc = cmd_print(&out);
			if (!rc && k)
				rc = EXIT_ERROR;
		}
	} else if (!strcmp(o.pos[0], "list")) {
		static const char *const head[] = { "指标", "名称", "区划", "分解目标" };
		struct alist a = { &l, NULL, NULL, cmd_opt(&o, "--indicator"), 0 };
		char tail[64];

		cmd_list_start(ctx->json, &a.arr, &a.t, head, 4, 3);
		if (store_assign_each(st, l.plan, list_assign, &a, &err)) {
			rc = cmd_fail_err(&err);
			json_decref(a.arr);
			ms_table_free(a.t);
		} else {
			snprintf(tail, sizeof(tail), "共 %zu 条\n", a.n);
			rc = cmd_list_finish(a.arr, a.t, tail);
		}
	} else if (o.npos == 3) {
		if (ledger_assign(&l, o.pos[0], o.pos[1], o.pos[2], &err))
			rc = cmd_fail_err(&err);
		else
			printf("已分解：%s %s → %s\n", o.pos[0], o.pos[1], o.pos[2]);
	} else {
		rc = cmd_usage(self, "assign needs INDICATOR ORG TARGET");
	}
	close_ledger(st, &l);
	ms_buf_release(&out);
	return rc;
}

/* ---------- report, approve, return ---------- */

int cmd_report(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--round", "--value", "--numerator",
		"--denominator", "--narrative", "--reason", "--submitted-at", NULL };
	static const char *const flags[] = { "--draft", "--from-sites", NULL };
	const struct cmd *self = cmd_find("report");
	struct ledger_report_in in = { 0 };
	struct ms_buf warn = MS_BUF_INIT;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	const char *at;
	long n;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, flags, &o)))
		return rc;
	if (o.npos == 2 && !strcmp(o.pos[0], "import")) {
		if ((rc = open_ledger(ctx, &o, 1, &st, &l)))
			return rc;
		if (ledger_report_import(&l, o.pos[1], &n, &err))
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		else
			printf("已导入 %ld 份报送（%s）\n", n, o.pos[1]);
		close_ledger(st, &l);
		return rc;
	}
	if (o.npos != 2)
		return cmd_usage(self, "report needs INDICATOR ORG --round DATE");
	in.indicator = o.pos[0];
	in.org = o.pos[1];
	in.round = cmd_opt(&o, "--round");
	if (!in.round)
		return cmd_usage(self, "--round DATE is required (报送节点)");
	in.value = cmd_opt(&o, "--value");
	in.numerator = cmd_opt(&o, "--numerator");
	in.denominator = cmd_opt(&o, "--denominator");
	in.narrative = cmd_opt(&o, "--narrative");
	in.reason = cmd_opt(&o, "--reason");
	in.draft = cmd_opt(&o, "--draft") != NULL;
	in.from_sites = cmd_opt(&o, "--from-sites") != NULL;
	at = cmd_opt(&o, "--submitted-at");
	if (at && ledger_parse_time(at, &in.submitted_at, &err))
		return cmd_usage(self, "--submitted-at: %s", err.msg);
	if ((rc = open_ledger(ctx, &o, 1, &st, &l)))
		return rc;
	if (ledger_report(&l, &in, &warn, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		printf("已%s：%s %s（%s）\n", in.draft ? "保存草稿" : "报送", in.indicator, in.org, in.round);
		if (warn.len)
			printf("提示：%s已附说明。\n", warn.buf);
	}
	close_ledger(st, &l);
	ms_buf_release(&warn);
	return rc;
}

static int review(int argc, char **argv, struct cmd_ctx *ctx, int approve)
{
	static const char *const valued[] = { "--plan", "--round", "--reason", NULL };
	const struct cmd *self = cmd_find(approve ? "approve" : "return");
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos != 2 || !cmd_opt(&o, "--round"))
		return cmd_usage(self, "%s needs INDICATOR ORG --round DATE", approve ? "approve" : "return");
	if (!approve && !cmd_opt(&o, "--reason"))
		return cmd_usage(self, "return needs --reason TEXT (退回须说明理由)");
	if ((rc = open_ledger(ctx, &o, 1, &st, &l)))
		return rc;
	if (ledger_review(&l, o.pos[0], o.pos[1], cmd_opt(&o, "--round"), approve, cmd_opt(&o, "--reason"), &err))
		rc = cmd_fail_err(&err);
	else
		printf("已%s：%s %s（%s）\n", approve ? "审核通过" : "退回", o.pos[0], o.pos[1], cmd_opt(&o, "--round"));
	close_ledger(st, &l);
	return rc;
}

int cmd_approve(int argc, char **argv, struct cmd_ctx *ctx) { return review(argc, argv, ctx, 1); }
int cmd_return(int argc, char **argv, struct cmd_ctx *ctx) { return review(argc, argv, ctx, 0); }

/* ---------- status ---------- */

int cmd_status(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--as-of", "--item", "--org", "--margin", NULL };
	const struct cmd *self = cmd_find("status");
	struct progress_opts po = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct progress p;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	const char *s;
	int64_t v;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos)
		return cmd_usage(self, "unexpected argument '%s'", o.pos[0]);
	po.as_of = ms_date_of_time_cn(ms_clock_now());
	if ((s = cmd_opt(&o, "--as-of")) && ms_date_parse(s, strlen(s), &po.as_of, &err))
		return cmd_usage(self, "--as-of: %s", err.msg);
	if ((s = cmd_opt(&o, "--item"))) {
		if (ms_dec_parse(s, strlen(s), 0, 100, &v, &err) || v < 1)
			return cmd_usage(self, "--item takes an item number 1-10");
		po.item = v;
	}
	if ((s = cmd_opt(&o, "--margin"))) {
		if (ms_dec_parse(s, strlen(s), 0, 100, &v, &err) || v < 1)
			return cmd_usage(self, "--margin takes percentage points 1-100");
		po.margin_pts = (int)v;
	}
	po.org = cmd_opt(&o, "--org");
	if ((rc = open_ledger(ctx, &o, 0, &st, &l)))
		return rc;
	if (progress_compute(&l, &po, &p, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		if (ctx->json) {
			json_t *j = progress_json(&p);

			ms_json_dump(&out, j, 1);
			json_decref(j);
		} else {
			progress_render(&p, &out);
		}
		rc = cmd_print(&out);
		progress_free(&p);
	}
	close_ledger(st, &l);
	ms_buf_release(&out);
	return rc;
}

/* ---------- journal, history ---------- */

struct jlist { struct ms_table *t; json_t *arr; size_t n; };

static int list_journal(const struct store_journal_row *j, void *arg)
{
	struct jlist *a = arg;

	a->n++;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)j->id, "at", j->at,
				      "actor", j->actor, "action", j->action, "table", j->tbl, "key", j->key);
		json_object_set_new(o, "before", j->before ? json_loads(j->before, 0, NULL) : json_null());
		json_object_set_new(o, "after", j->after ? json_loads(j->after, 0, NULL) : json_null());
		json_array_append_new(a->arr, o);
	} else {
		ms_table_addf(a->t, "%lld", (long long)j->id);
		ms_table_add(a->t, j->at);
		ms_table_add(a->t, j->actor);
		ms_table_add(a->t, j->action);
		ms_table_add(a->t, j->key);
		ms_table_addf(a->t, "%s → %s", j->before ? j->before : "∅", j->after ? j->after : "∅");
	}
	return 0;
}

static int journal_list(struct cmd_ctx *ctx, const char *since, const char *prefix)
{
	static const char *const head[] = { "序号", "时间（UTC）", "操作人", "操作", "对象", "修改前 → 修改后" };
	struct jlist a = { 0 };
	char tail[64];
	struct store *st;
	struct ms_err err;
	int rc;

	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 6, -1);
	if (store_journal_each(st, since, NULL, prefix, list_journal, &a, &err)) {
		rc = cmd_fail_err(&err);
		json_decref(a.arr);
		ms_table_free(a.t);
	} else {
		snprintf(tail, sizeof(tail), "共 %zu 条\n", a.n);
		rc = cmd_list_finish(a.arr, a.t, tail);
	}
	store_close(st);
	return rc;
}

int cmd_journal(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--since", NULL };
	const struct cmd *self = cmd_find("journal");
	struct cmd_opts o;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos)
		return cmd_usage(self, "unexpected argument '%s'", o.pos[0]);
	return journal_list(ctx, cmd_opt(&o, "--since"), NULL);
}

int cmd_history(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", NULL };
	const struct cmd *self = cmd_find("history");
	struct ms_buf key = MS_BUF_INIT, plan = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	struct cmd_opts o;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos != 2)
		return cmd_usage(self, "history needs INDICATOR ORG");
	if (cmd_opt(&o, "--plan")) {
		ms_buf_adds(&plan, cmd_opt(&o, "--plan"));
	} else {
		if (store_open(&st, ctx->db, STORE_READ, &err))
			return cmd_fail_err(&err);
		rc = store_plan_latest(st, &plan, &err);
		store_close(st);
		if (rc <= 0)
			return rc < 0 ? cmd_fail_err(&err) : cmd_fail("the database holds no plan");
	}
	ms_buf_addf(&key, "%s/%s/%s/", plan.buf, o.pos[0], o.pos[1]);
	rc = journal_list(ctx, NULL, key.buf);
	ms_buf_release(&key);
	ms_buf_release(&plan);
	return rc;
}

/* ---------- bulletin ---------- */

int cmd_bulletin(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--round", "--as-of", "--format", "-o", NULL };
	const struct cmd *self = cmd_find("bulletin");
	struct progress_opts po = { 0 };
	struct ms_buf out = MS_BUF_INIT;
	struct bulletin bl;
	struct progress p;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	const struct ledger_round *rd;
	const char *fmt, *path, *s;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos)
		return cmd_usage(self, "unexpected argument '%s'", o.pos[0]);
	if (!cmd_opt(&o, "--round"))
		return cmd_usage(self, "--round DATE is required (报送节点)");
	fmt = cmd_opt(&o, "--format");
	path = cmd_opt(&o, "-o");
	if (!fmt) {
		/* from the file name, else Markdown */
		s = path ? strrchr(path, '.') : NULL;
		fmt = s && (!strcmp(s, ".html") || !strcmp(s, ".csv") || !strcmp(s, ".xlsx")) ? s + 1 : "md";
	}
	if (strcmp(fmt, "md") && strcmp(fmt, "html") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
		return cmd_usage(self, "--format takes md, html, csv or xlsx");
	if (!strcmp(fmt, "xlsx") && !path)
		return cmd_usage(self, "xlsx needs -o FILE");
	if ((rc = open_ledger(ctx, &o, 0, &st, &l)))
		return rc;
	if (!(rd = ledger_round_find(&l, cmd_opt(&o, "--round"), &err))) {
		rc = cmd_usage(self, "--round: %s", err.msg);
		goto out;
	}
	/* as of a week after the due date (when a bulletin goes out), unless told */
	po.as_of = rd->day + 7;
	if ((s = cmd_opt(&o, "--as-of")) && ms_date_parse(s, strlen(s), &po.as_of, &err)) {
		rc = cmd_usage(self, "--as-of: %s", err.msg);
		goto out;
	}
	if (progress_compute(&l, &po, &p, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (bulletin_build(&bl, st, &l, &p, rd->due, &err)) {
		rc = cmd_fail_err(&err);
	} else {
		if (!strcmp(fmt, "xlsx")) {
			if (bulletin_xlsx(&bl, path, &err))
				rc = cmd_fail_err(&err);
		} else {
			if (!strcmp(fmt, "md"))
				bulletin_md(&bl, &out);
			else if (!strcmp(fmt, "html"))
				bulletin_html(&bl, &out);
			else
				bulletin_csv(&bl, &out);
			if (path) {
				if (ms_file_write_atomic(path, out.buf, out.len, &err))
					rc = cmd_fail_err(&err);
			} else {
				rc = cmd_print(&out);
			}
		}
		if (!rc && path)
			fprintf(stderr, "已生成 %s（%s）\n", path, fmt);
		bulletin_free(&bl);
	}
	progress_free(&p);
out:
	close_ledger(st, &l);
	ms_buf_release(&out);
	return rc;
}

/* ---------- site ---------- */

struct slist { struct ms_table *t; json_t *arr; size_t n; int64_t total; };

static int list_site(const struct store_site *s, void *arg)
{
	struct slist *a = arg;

	a->n++;
	a->total += s->quantity;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)s->id,
				      "indicator", s->indicator, "org", s->org, "name", s->name, "address",
				      s->address, "kind", s->kind, "status", s->status, "quantity",
				      (json_int_t)s->quantity);

		json_object_set_new(o, "delivered_on", s->delivered_on ? json_string(s->delivered_on) : json_null());
		if (s->has_coords) {
			json_object_set_new(o, "lat", json_real((double)s->lat_e6 / 1e6));
			json_object_set_new(o, "lon", json_real((double)s->lon_e6 / 1e6));
		}
		json_array_append_new(a->arr, o);
	} else {
		ms_table_addf(a->t, "%lld", (long long)s->id);
		ms_table_add(a->t, s->org);
		ms_table_add(a->t, s->name);
		ms_table_add(a->t, s->kind);
		ms_table_add(a->t, s->delivered_on ? s->delivered_on : "");
		ms_table_add(a->t, !strcmp(s->status, "delivered") ? "已交付" :
			     !strcmp(s->status, "building") ? "建设中" : "计划");
		ms_table_addf(a->t, "%lld", (long long)s->quantity);
	}
	return 0;
}

int cmd_site(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--indicator", "--org", "--name", "--address",
		"--kind", "--lat", "--lon", "--delivered", "--status", "--quantity", NULL };
	const struct cmd *self = cmd_find("site");
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	long n;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (!o.npos)
		return cmd_usage(self, "site needs add, list or import");
	if ((rc = open_ledger(ctx, &o, strcmp(o.pos[0], "list"), &st, &l)))
		return rc;
	if (!strcmp(o.pos[0], "add") && o.npos == 3) {
		struct ledger_site_in in = { o.pos[1], o.pos[2], cmd_opt(&o, "--name"), cmd_opt(&o, "--address"),
			cmd_opt(&o, "--kind"), cmd_opt(&o, "--lat"), cmd_opt(&o, "--lon"), cmd_opt(&o, "--delivered"),
			cmd_opt(&o, "--status"), cmd_opt(&o, "--quantity"), NULL };
		int64_t id;

		if (ledger_site_add(&l, &in, &id, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已登记点位 %lld：%s\n", (long long)id, in.name);
	} else if (!strcmp(o.pos[0], "import") && o.npos == 2) {
		if (ledger_site_import(&l, o.pos[1], &n, &err))
			rc = cmd_fail("%s (nothing was imported; 未导入任何数据)", err.msg);
		else
			printf("已导入 %ld 个点位（%s）\n", n, o.pos[1]);
	} else if (!strcmp(o.pos[0], "list") && o.npos == 1) {
		static const char *const head[] = { "编号", "区划", "名称", "类别", "交付日期", "状态", "数量" };
		struct slist a = { 0 };
		char tail[96];

		cmd_list_start(ctx->json, &a.arr, &a.t, head, 7, 6);
		if (store_site_each(st, l.plan, cmd_opt(&o, "--indicator"), cmd_opt(&o, "--org"), list_site, &a, &err)) {
			rc = cmd_fail_err(&err);
			json_decref(a.arr);
			ms_table_free(a.t);
		} else {
			snprintf(tail, sizeof(tail), "共 %zu 个点位，数量合计 %lld\n", a.n, (long long)a.total);
			rc = cmd_list_finish(a.arr, a.t, tail);
		}
	} else {
		rc = cmd_usage(self, "site add INDICATOR ORG --name NAME ..., site list, or site import FILE");
	}
	close_ledger(st, &l);
	return rc;
}

/* ---------- actuals ---------- */

int cmd_actuals(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--plan", "--round", "--month", "--params", NULL };
	const struct cmd *self = cmd_find("actuals");
	struct actuals_result res;
	struct params ps;
	struct store *st;
	struct ledger l;
	struct ms_err err;
	struct cmd_opts o;
	int rc, loan;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos != 2 || (strcmp(o.pos[0], "loan") && strcmp(o.pos[0], "dibao")))
		return cmd_usage(self, "actuals needs loan REGISTER.csv or dibao PAYROLL.csv");
	if (!cmd_opt(&o, "--round"))
		return cmd_usage(self, "--round DATE is required (报送节点)");
	loan = !strcmp(o.pos[0], "loan");
	if (!loan && (rc = cmd_load_params(&ps, cmd_opt(&o, "--params"), NULL, 0)))
		return rc;
	if ((rc = open_ledger(ctx, &o, 1, &st, &l))) {
		if (!loan)
			params_release(&ps);
		return rc;
	}
	if (loan ? actuals_loan(&l, o.pos[1], cmd_opt(&o, "--round"), &res, &err) :
	    actuals_dibao(&l, &ps, o.pos[1], cmd_opt(&o, "--round"), cmd_opt(&o, "--month"), &res, &err)) {
		rc = cmd_fail("%s (nothing was recorded; 未记录任何数据)", err.msg);
	} else {
		printf("已由 %s 计算 %zu 个设区市的实际完成数，记录 %zu 份报送（%llu 行）\n", o.pos[1], res.cities,
		       res.reports, (unsigned long long)res.rows);
		if (res.skipped)
			printf("注意：%llu 行没有 region，未计入\n", (unsigned long long)res.skipped);
	}
	close_ledger(st, &l);
	if (!loan)
		params_release(&ps);
	return rc;
}

/* ---------- serve ---------- */

static int print_account(const struct store_user *u, void *arg)
{
	struct store_org_row o;

	printf("  %-10s %s", u->name, auth_role_label(auth_role_parse(u->role)));
	if (u->org[0] && store_org_get(arg, u->org, &o, NULL) == 1)
		printf("（%s）", o.name);
	printf("\n");
	return 0;
}

/* Says where to go and, on a demonstration database, who to log in as. */
static void serve_ready(const char *url, void *arg)
{
	const char *db = arg;
	struct store *st;
	struct ms_buf v = MS_BUF_INIT;

	printf("minsheng: 正在服务 %s （Ctrl-C 停止） serving %s\n", url, url);
	if (!store_open(&st, db, STORE_READ, NULL)) {
		if (store_setting_get(st, "demo", &v, NULL) == 1 && !strcmp(v.buf, "1")) {
			printf("演示账号（密码均为 %s，仅供演示）demo accounts, password %s:\n",
			       AUTH_DEMO_PASSWORD, AUTH_DEMO_PASSWORD);
			store_user_each(st, print_account, st, NULL);
			printf("登录 log in: %slogin\n", url);
		}
		store_close(st);
	}
	ms_buf_release(&v);
	fflush(stdout);
}

int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--listen", "--threads", "--params", NULL };
	const struct cmd *self = cmd_find("serve");
	struct web_opts wo = { 0 };
	struct params ps;
	struct ms_err err;
	struct cmd_opts o;
	const char *s;
	int rc;

	if ((rc = cmd_scan(self, argc, argv, 1, valued, NULL, &o)))
		return rc;
	if (o.npos)
		return cmd_usage(self, "unexpected argument '%s'", o.pos[0]);
	wo.db = ctx->db;
	wo.listen = cmd_opt(&o, "--listen") ? cmd_opt(&o, "--listen") : "127.0.0.1:8080";
	if ((s = cmd_opt(&o, "--threads"))) {
		char *end;
		long n = strtol(s, &end, 10);

		if (*end || n < 1 || n > 64)
			return cmd_usage(self, "--threads takes 1-64");
		wo.threads = (unsigned)n;
	}
	wo.ready = serve_ready;
	wo.arg = (void *)ctx->db;
	{
		/* docs/openapi.json beside data/ (the source tree or an install) */
		struct ms_buf path = MS_BUF_INIT, doc = MS_BUF_INIT;

		if (cmd_data_path(&path, "../docs/openapi.json") &&
		    !ms_file_read(&doc, path.buf, (size_t)1 << 20, &err))
			wo.openapi = doc.buf;
		if ((rc = cmd_load_params(&ps, cmd_opt(&o, "--params"), NULL, 0))) {
			ms_buf_release(&path);
			ms_buf_release(&doc);
			return rc;
		}
		if (web_serve(&wo, &ps, &err))
			rc = cmd_fail_err(&err);
		else
			fprintf(stderr, "minsheng: 已停止服务 stopped\n");
		params_release(&ps);
		ms_buf_release(&path);
		ms_buf_release(&doc);
	}
	return rc;
}
