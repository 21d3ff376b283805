/*
 * cmd.h - the command table and what every command shares: the context
 * (database path, --json), exit codes, and the helpers for errors, usage
 * and finding the data files. One file per command family: cmd_<name>.c.
 */
#ifndef MS_CMD_H
#define MS_CMD_H

#include <jansson.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"

enum {
	EXIT_OK = 0,      /* done */
	EXIT_ERROR = 1,   /* a reported error: one line on stderr */
	EXIT_USAGE = 2,   /* the command line was wrong */
};

struct cmd_ctx {
	const char *db;   /* --db, else $MINSHENG_DB, else ./minsheng.db */
	int json;         /* --json: machine-readable output on stdout */
	const char *actor;/* who is acting, for the journal ($USER or "cli") */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
	const char *summary;  /* one line, Chinese then English */
	const char *usage;    /* the full --help text */
};

extern const struct cmd commands[];

/* The command called name, or NULL. */
const struct cmd *cmd_find(const char *name);

/* Prints "minsheng: MESSAGE" on stderr; returns EXIT_ERROR. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the error in e; returns EXIT_ERROR. */
int cmd_fail_err(const struct ms_err *e);
/* Prints "minsheng: MESSAGE" and the command's usage line on stderr; returns EXIT_USAGE. */
int cmd_usage(const struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the command's help on stdout; returns EXIT_OK. */
int cmd_help_of(const struct cmd *c);

/* 1 when argv[i] is -h or --help. */
int cmd_is_help(const char *arg);

/*
 * Finds a file shipped under data/: $MINSHENG_DATA/REL, ./data/REL, then
 * the source tree's data/REL. Fills out with the first that exists (or
 * the last tried) and returns 1 when found, 0 when not.
 */
int cmd_data_path(struct ms_buf *out, const char *rel);

/* Writes b to stdout; EXIT_ERROR if that fails (a full disk, a closed pipe). */
int cmd_print(const struct ms_buf *b);

/* Loads the regions and units shipped under data/ (for checking codes): 1, or 0 when unavailable. */
struct plan_orgs;
int cmd_load_orgs(struct plan_orgs *o);

/* Loads the parameter file (default data/params/jiangxi.json) and applies KEY=VALUE overrides. */
struct params;
int cmd_load_params(struct params *ps, const char *path, char **overrides, size_t n);

/*
 * A tiny option scanner: positional arguments and --name VALUE, --name=VALUE,
 * --flag. valued and flags are NULL-terminated lists of the names taken.
 */
struct cmd_opts {
	const char *pos[8];
	int npos;
	const char *name[24], *val[24];
	int n;
};
/* Scans argv[from..]; 0, or the usage exit code after printing why. */
int cmd_scan(const struct cmd *self, int argc, char **argv, int from, const char *const *valued,
	     const char *const *flags, struct cmd_opts *o);
/* The last value given for name, or NULL. */
const char *cmd_opt(const struct cmd_opts *o, const char *name);

/* A listing: a JSON array when json, else a table with these columns (right: a right-aligned column or -1). */
struct ms_table;
void cmd_list_start(int json, json_t **arr, struct ms_table **t, const char *const *head,
		    size_t ncols, int right);
/* Prints the listing (a table is followed by tail), frees it; returns the exit code. */
int cmd_list_finish(json_t *arr, struct ms_table *t, const char *tail);

/* Command entry points, one per family. */
int cmd_help(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_version(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_init(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_plan(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_org(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_param(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_calc(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_batch(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_simulate(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_assign(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_report(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_approve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_return(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_status(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_journal(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_history(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_bulletin(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_site(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_actuals(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_user(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_round(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_survey(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_evaluate(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_notice(int argc, char **argv, struct cmd_ctx *ctx);

#endif
