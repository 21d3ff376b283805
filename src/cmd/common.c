/*
 * common.c - what every command shares: errors, usage, data files, output,
 * listings. The option parser and the field hints are in options.c.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/table.h"
#include "ledger/ledger.h"
#include "plan/orgs.h"
#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

const struct cmd *cmd_find(const char *name)
{
	const struct cmd *const *c;

	for (c = commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

int cmd_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("minsheng: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cmd_usage(const struct cmd *c, const char *fmt, ...)
{
	struct ms_buf u = MS_BUF_INIT;
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "minsheng%s%s: ", c ? " " : "", c ? c->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c) {
		cmd_usage_lines(&u, c);
		fprintf(stderr, "%ssee 'minsheng help %s'\n", u.buf, c->name);
	}
	ms_buf_release(&u);
	return EXIT_USAGE;
}

int cmd_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int cmd_data_path(struct ms_buf *out, const char *rel)
{
	const char *env = getenv("MINSHENG_DATA");
	const char *dirs[3];
	struct stat sb;
	int i, n = 0;

	if (env && *env)
		dirs[n++] = env;
	dirs[n++] = "data";
	dirs[n++] = MS_DATADIR;
	for (i = 0; i < n; i++) {
		ms_buf_reset(out);
		ms_buf_addf(out, "%s/%s", dirs[i], rel);
		if (stat(out->buf, &sb) == 0)
			return 1;
	}
	return 0;
}

int cmd_print(const struct ms_buf *b)
{
	if (fwrite(b->buf, 1, b->len, stdout) != b->len || fflush(stdout))
		return cmd_fail("cannot write the output: %s", strerror(errno));
	return EXIT_OK;
}

/* Starts a listing: a JSON array for --json, else a table with this header (right: a right-aligned column, or -1). */
void cmd_list_start(int json, json_t **arr, struct ms_table **t, const char *const *head,
		       size_t ncols, int right)
{
	size_t i;

	*arr = NULL;
	*t = NULL;
	if (json) {
		*arr = json_array();
		return;
	}
	*t = ms_table_new(ncols);
	for (i = 0; i < ncols; i++)
		ms_table_add(*t, head[i]);
	if (right >= 0)
		ms_table_align_right(*t, (size_t)right);
}

/* Prints the listing (a table is followed by tail), frees it; returns the exit code. */
void cmd_table_stamp(struct ms_table *t, const char *utc)
{
	struct ms_buf b = MS_BUF_INIT;

	if (ms_stamp_format_cn(&b, utc, 0))
		ms_table_add(t, utc);
	else
		ms_table_add(t, b.buf);
	ms_buf_release(&b);
}

void cmd_table_time(struct ms_table *t, int64_t unix_time)
{
	struct ms_buf b = MS_BUF_INIT;

	ms_time_format_cn(&b, unix_time, 0);
	ms_table_add(t, b.buf);
	ms_buf_release(&b);
}

int cmd_list_finish(json_t *arr, struct ms_table *t, const char *tail)
{
	struct ms_buf out = MS_BUF_INIT;
	int rc;

	if (arr)
		ms_json_dump(&out, arr, 1);
	else {
		ms_table_render(t, &out);
		ms_buf_adds(&out, tail);
	}
	rc = cmd_print(&out);
	json_decref(arr);
	ms_table_free(t);
	ms_buf_release(&out);
	return rc;
}

int cmd_load_orgs(struct plan_orgs *o)
{
	struct ms_buf p = MS_BUF_INIT;
	struct ms_err e;
	int ok = 0;

	if (cmd_data_path(&p, "regions/jiangxi.csv") && !plan_orgs_load_csv(o, p.buf, &e) &&
	    cmd_data_path(&p, "regions/china.csv") && !plan_orgs_load_csv(o, p.buf, &e) &&
	    cmd_data_path(&p, "regions/units.csv") && !plan_orgs_load_csv(o, p.buf, &e))
		ok = 1;
	ms_buf_release(&p);
	return ok;
}

int cmd_open_ledger(struct cmd_ctx *ctx, const char *plan, int write, struct store **st, struct ledger *l)
{
	struct ms_err err;

	if (store_open(st, ctx->db, write ? STORE_WRITE : STORE_READ, &err))
		return cmd_fail_err(&err);
	if (ledger_open(l, *st, plan, ctx->actor, &err)) {
		store_close(*st);
		return cmd_fail_err(&err);
	}
	return EXIT_OK;
}
