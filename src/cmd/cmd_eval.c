/*
 * cmd_eval.c - the year-end appraisal from the command line: survey
 * import, evaluate (scores, grades, recommendations; --save keeps an
 * immutable snapshot), evaluate show YEAR.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "eval/eval.h"
#include "ledger/ledger.h"
#include "report/bulletin.h"
#include "store/store.h"
#include "core/clock.h"
#include "core/banned.h"

/* Opens the store and the ledger of the year's plan (year 0: the current plan). */
static int open_both(struct cmd_ctx *ctx, int write, long year, struct store **st, struct ledger *l)
{
	struct ms_buf plan = MS_BUF_INIT;
	struct ms_err err;
	int r = 1;

	*st = NULL;
	if (store_open(st, ctx->db, write ? STORE_WRITE : STORE_READ, &err) ||
	    (year && (r = store_plan_of_year(*st, year, &plan, &err)) < 0) ||
	    (r && ledger_open(l, *st, year ? plan.buf : NULL, ctx->actor, &err))) {
		store_close(*st);
		ms_buf_release(&plan);
		return cmd_fail_err(&err);
	}
	ms_buf_release(&plan);
	if (!r) {
		store_close(*st);
		return cmd_fail("%s: no plan for %ld; see 'minsheng plan list' (该年度无计划)", ctx->db, year);
	}
	return 0;
}

int cmd_survey(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = cmd_find("survey");
	struct store *st;
	struct ledger l;
	struct ms_err err;
	long n;
	int rc;

	if (argc > 1 && cmd_is_help(argv[1]))
		return cmd_help_of(self);
	if (argc != 3 || strcmp(argv[1], "import"))
		return cmd_usage(self, "expected: survey import FILE.csv");
	if ((rc = open_both(ctx, 1, 0, &st, &l)))
		return rc;
	if (eval_survey_import(&l, argv[2], &n, &err))
		rc = cmd_fail_err(&err);
	else
		printf("已导入 %ld 份调查问卷 — %ld survey responses imported from %s\n", n, n, argv[2]);
	ledger_close(&l);
	store_close(st);
	return rc;
}

static int show(struct cmd_ctx *ctx, const char *year)
{
	struct ms_buf doc = MS_BUF_INIT, saved = MS_BUF_INIT;
	struct store *st;
	struct ms_err err;
	char *end;
	long y = strtol(year, &end, 10);
	int rc;

	if (*end || y < 2000 || y > 2100)
		return cmd_usage(cmd_find("evaluate"), "evaluate show YEAR: \"%s\" is not a year", year);
	if (store_open(&st, ctx->db, STORE_READ, &err))
		return cmd_fail_err(&err);
	rc = store_eval_latest(st, y, &doc, &saved, &err);
	store_close(st);
	if (rc < 0)
		rc = cmd_fail_err(&err);
	else if (rc == 0)
		rc = cmd_fail("no saved evaluation of %ld; run `minsheng evaluate --year %ld --save` (尚未保存评估)", y, y);
	else {
		if (!ctx->json)
			fprintf(stderr, "minsheng: %ld 年评估，%s\n", y, saved.buf);
		ms_buf_addch(&doc, '\n');
		rc = cmd_print(&doc);
	}
	ms_buf_release(&doc);
	ms_buf_release(&saved);
	return rc;
}

int cmd_evaluate(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const valued[] = { "--year", "--as-of", "--weights", "--format", "-o", NULL };
	static const char *const flags[] = { "--save", NULL };
	const struct cmd *self = cmd_find("evaluate");
	struct eval_opts eo;
	struct cmd_opts o;
	struct store *st;
	struct ledger l;
	struct eval ev;
	struct ms_err err;
	struct ms_buf out = MS_BUF_INIT;
	const char *s, *fmt, *file;
	int rc, save;

	if (argc > 1 && cmd_is_help(argv[1]))
		return cmd_help_of(self);
	if (argc > 1 && !strcmp(argv[1], "show")) {
		if (argc != 3)
			return cmd_usage(self, "evaluate show needs a YEAR");
		return show(ctx, argv[2]);
	}
	if ((rc = cmd_scan(self, argc, argv, 1, valued, flags, &o)))
		return rc;
	if (o.npos)
		return cmd_usage(self, "unexpected argument '%s'", o.pos[0]);
	eval_opts_default(&eo);
	eo.as_of = ms_date_of_time_cn(ms_clock_now());
	if ((s = cmd_opt(&o, "--as-of")) && ms_date_parse(s, strlen(s), &eo.as_of, &err))
		return cmd_usage(self, "--as-of: %s", err.msg);
	if ((s = cmd_opt(&o, "--weights")) && eval_weights_parse(&eo, s, &err))
		return cmd_usage(self, "%s", err.msg);
	file = cmd_opt(&o, "-o");
	fmt = cmd_opt(&o, "--format");
	if (!fmt)
		fmt = ctx->json || (file && strlen(file) > 5 && !strcmp(file + strlen(file) - 5, ".json")) ? "json" : "md";
	if (!cmd_opt(&o, "--format") && file && strlen(file) > 5 && !strcmp(file + strlen(file) - 5, ".xlsx"))
		fmt = "xlsx";
	if (!cmd_opt(&o, "--format") && file && strlen(file) > 5 && !strcmp(file + strlen(file) - 5, ".html"))
		fmt = "html";
	if (strcmp(fmt, "md") && strcmp(fmt, "json") && strcmp(fmt, "html") && strcmp(fmt, "xlsx"))
		return cmd_usage(self, "--format %s: expected md, html, xlsx or json", fmt);
	if (!strcmp(fmt, "xlsx") && !file)
		return cmd_usage(self, "--format xlsx needs -o FILE.xlsx");
	save = cmd_opt(&o, "--save") != NULL;
	s = cmd_opt(&o, "--year");
	if (s && (atol(s) < 1990 || atol(s) > 2200))
		return cmd_usage(self, "--year %s: not a year", s);
	if ((rc = open_both(ctx, save, s ? atol(s) : 0, &st, &l)))
		return rc;
	if (eval_compute(&l, &eo, &ev, &err)) {
		rc = cmd_fail_err(&err);
		goto out;
	}
	if (save) {
		int64_t id;

		if (eval_save(&l, &ev, &id, &err)) {
			rc = cmd_fail_err(&err);
			eval_free(&ev);
			goto out;
		}
		fprintf(stderr, "minsheng: 已保存评估第 %lld 号（不可修改）— saved as evaluation %lld\n",
			(long long)id, (long long)id);
	}
	if (!strcmp(fmt, "json")) {
		json_t *j = eval_json(&ev);

		ms_json_dump(&out, j, 1);
		json_decref(j);
	} else {
		struct bulletin doc;

		eval_doc(&ev, &doc);
		if (!strcmp(fmt, "xlsx")) {
			rc = bulletin_xlsx(&doc, file, &err) ? cmd_fail_err(&err) : EXIT_OK;
			if (rc == EXIT_OK)
				printf("已写入 %s — written\n", file);
			bulletin_free(&doc);
			eval_free(&ev);
			goto out;
		}
		if (!strcmp(fmt, "html"))
			bulletin_html(&doc, &out);
		else
			bulletin_md(&doc, &out);
		bulletin_free(&doc);
	}
	eval_free(&ev);
	if (file) {
		if (ms_file_write_atomic(file, out.buf, out.len, &err))
			rc = cmd_fail_err(&err);
		else
			printf("已写入 %s — written\n", file);
	} else {
		rc = cmd_print(&out);
	}
out:
	ms_buf_release(&out);
	ledger_close(&l);
	store_close(st);
	return rc;
}
