/*
 * common.c - what every command shares: errors, usage, data files, output.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.h"
#include "core/table.h"
#include "plan/orgs.h"
#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

const struct cmd *cmd_find(const char *name)
{
	const struct cmd *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
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

int cmd_fail_err(const struct ms_err *e)
{
	return cmd_fail("%s", e->msg);
}

int cmd_usage(const struct cmd *c, const char *fmt, ...)
{
	const char *nl;
	va_list ap;

	fputs("minsheng: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c) {
		/* the usage lines, up to the first blank line */
		nl = strstr(c->usage, "\n\n");
		fprintf(stderr, "%.*s", nl ? (int)(nl - c->usage + 1) : (int)strlen(c->usage),
			c->usage);
		fprintf(stderr, "see 'minsheng help %s'\n", c->name);
	}
	return EXIT_USAGE;
}

int cmd_help_of(const struct cmd *c)
{
	fputs(c->usage, stdout);
	return EXIT_OK;
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

int cmd_scan(const struct cmd *self, int argc, char **argv, int from, const char *const *valued,
		const char *const *flags, struct cmd_opts *o)
{
	int i, k;

	memset(o, 0, sizeof(*o));
	for (i = from; i < argc; i++) {
		const char *a = argv[i];
		size_t n;

		if (a[0] != '-' || !a[1]) {
			if (o->npos == 8)
				return cmd_usage(self, "too many arguments");
			o->pos[o->npos++] = a;
			continue;
		}
		n = strcspn(a, "=");
		for (k = 0; flags && flags[k]; k++)
			if (strlen(flags[k]) == n && !strncmp(a, flags[k], n) && !a[n]) {
				o->name[o->n] = flags[k];
				o->val[o->n++] = "1";
				break;
			}
		if (flags && flags[k])
			continue;
		for (k = 0; valued[k]; k++)
			if (strlen(valued[k]) == n && !strncmp(a, valued[k], n))
				break;
		if (!valued[k])
			return cmd_usage(self, "unknown option '%s'", a);
		if (o->n == 24)
			return cmd_usage(self, "too many options");
		o->name[o->n] = valued[k];
		if (a[n] == '=')
			o->val[o->n++] = a + n + 1;
		else if (i + 1 < argc)
			o->val[o->n++] = argv[++i];
		else
			return cmd_usage(self, "%s needs a value", valued[k]);
	}
	return 0;
}

const char *cmd_opt(const struct cmd_opts *o, const char *name)
{
	int i;

	for (i = o->n - 1; i >= 0; i--)
		if (!strcmp(o->name[i], name))
			return o->val[i];
	return NULL;
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
	    cmd_data_path(&p, "regions/units.csv") && !plan_orgs_load_csv(o, p.buf, &e))
		ok = 1;
	ms_buf_release(&p);
	return ok;
}
