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
