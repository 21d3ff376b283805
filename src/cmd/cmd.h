/*
 * cmd.h - the command table, the option tables and their parser, and what
 * every command shares: the context (database path, --json), exit codes,
 * errors with hints, help, data files. One file per command family:
 * cmd_<name>.c, each command's table beside its code.
 */
#ifndef MS_CMD_H
#define MS_CMD_H

#include <jansson.h>
#include <stddef.h>
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

/*
 * One option parser for every command, in the manner of git's
 * parse-options: each command describes its options in a table beside it
 * (in its own cmd_*.c), and the same table gives the parser, the --help
 * text, the man page and the hint an error adds when it names a field.
 * The values land in the command's own options struct (offsets into it).
 */
enum cmd_opt_kind {
	CMD_OPT_END = 0,
	CMD_OPT_FLAG,     /* --x: int set to 1; takes no value */
	CMD_OPT_STRING,   /* --x VALUE: const char * */
	CMD_OPT_INT,      /* --x N: long within [min, max] (ASCII or full-width digits) */
	CMD_OPT_DATE,     /* --x DATE: ms_day (ISO or 2023年6月30日); the int at `given` set to 1 */
	CMD_OPT_CHOICE,   /* --x A|B|C: const char *, one of the words in argh */
	CMD_OPT_LIST,     /* --x KEY=VALUE, repeatable: struct cmd_list */
	CMD_OPT_DYNAMIC,  /* any other --NAME VALUE, handed to fn (calculator fields) */
};

/* option flags */
#define CMD_OPT_NONEMPTY 1u   /* a string that may not be "" */
#define CMD_OPT_HIDDEN   2u   /* not in --help nor in the man page */
#define CMD_OPT_KV       4u   /* a value of the form KEY=VALUE */
#define CMD_OPT_STDOUT   8u   /* an output file where "-" means standard output (stored as NULL) */

/* A repeatable option's values, in order. */
struct cmd_list {
	const char *v[64];
	size_t n;
};

struct cmd_option {
	enum cmd_opt_kind kind;
	char short_name;          /* 'o' for -o, or 0 */
	const char *long_name;    /* "round" for --round, or NULL */
	size_t off;               /* where the value goes in the command's options struct */
	size_t given;             /* CMD_OPT_DATE: offset of an int set to 1 when given */
	const char *argh;         /* the value's name in help ("DATE"); CHOICE: "md|html|csv" */
	const char *help;         /* 中文, then English */
	long min, max;            /* CMD_OPT_INT */
	unsigned flags;
	/*
	 * CMD_OPT_DYNAMIC: value NULL asks whether --name is known (0 yes, -1 no);
	 * else sets it: 0, or -1 with err filled (a usage error).
	 */
	int (*fn)(void *opts, const char *name, const char *value, struct ms_err *err);
	const char *field;        /* the service's field name when not long_name with '-' for '_' */
};

#define OPT_FLAG(s, l, T, m, h) \
	{ .kind = CMD_OPT_FLAG, .short_name = (s), .long_name = (l), .off = offsetof(T, m), .help = (h) }
#define OPT_STRING(s, l, T, m, a, h) \
	{ .kind = CMD_OPT_STRING, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .argh = (a), .help = (h) }
/* a string option whose service field is called f ("delivered_on" for --delivered) */
/* -o FILE of a command that writes to standard output without it: "-" is standard output too */
#define OPT_OUTPUT(T, m, a, h) \
	{ .kind = CMD_OPT_STRING, .short_name = 'o', .long_name = "output", .off = offsetof(T, m), \
	  .argh = (a), .help = (h), .flags = CMD_OPT_NONEMPTY | CMD_OPT_STDOUT }
#define OPT_STRING_AS(s, l, T, m, a, h, f) \
	{ .kind = CMD_OPT_STRING, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .argh = (a), .help = (h), .field = (f) }
#define OPT_INT(s, l, T, m, a, h, lo, hi) \
	{ .kind = CMD_OPT_INT, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .argh = (a), .help = (h), .min = (lo), .max = (hi) }
#define OPT_DATE(s, l, T, m, g, h) \
	{ .kind = CMD_OPT_DATE, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .given = offsetof(T, g), .argh = "DATE", .help = (h) }
#define OPT_CHOICE(s, l, T, m, a, h) \
	{ .kind = CMD_OPT_CHOICE, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .argh = (a), .help = (h) }
#define OPT_LIST(s, l, T, m, a, h) \
	{ .kind = CMD_OPT_LIST, .short_name = (s), .long_name = (l), .off = offsetof(T, m), \
	  .argh = (a), .help = (h), .flags = CMD_OPT_KV }
#define OPT_DYNAMIC(a, h, f) { .kind = CMD_OPT_DYNAMIC, .argh = (a), .help = (h), .fn = (f) }
#define OPT_END() { .kind = CMD_OPT_END }

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
	const char *summary;              /* one line: 中文 — English */
	const char *synopsis;             /* the forms after "minsheng NAME", one per line */
	const char *description;          /* paragraphs for --help and the man page, or NULL */
	const struct cmd_option *options; /* ends with OPT_END(), or NULL */
};

/* Every command, in the order `minsheng help` lists them; NULL-terminated (main.c). */
extern const struct cmd *const commands[];

/* The command called name, or NULL. */
const struct cmd *cmd_find(const char *name);

/*
 * Parses argv[1..*argc) of command c (argv[0] is the command's name) into
 * opts by c->options: --name VALUE, --name=VALUE, -o VALUE, -oVALUE, flags,
 * "--" (the rest are positional), -h/--help (prints the help). On 0, the
 * positional arguments are argv[0..*argc) in order. On -1 the command ends
 * with *rc: EXIT_OK after the help, EXIT_USAGE after a message naming the
 * command ("未知选项 --x (unknown option)", "--round 需要一个值 (needs a value)").
 */
int cmd_parse(const struct cmd *c, int *argc, char **argv, void *opts, int *rc);

/*
 * The global options (--db, --json) by the same parser, wherever they stand
 * before "--"; argv keeps everything else in order. 0, or EXIT_USAGE.
 */
int cmd_parse_global(int *argc, char **argv, struct cmd_ctx *ctx);

/* The global options' table (for the help and the man page). */
const struct cmd_option *cmd_global_options(void);

/* The command that is running (for the hint an error adds), set by main. */
void cmd_set_current(const struct cmd *c);

/* Prints "minsheng: MESSAGE" on stderr; returns EXIT_ERROR. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Prints the error in e; returns EXIT_ERROR. When e names a field the
 * running command has an option for (field "reason" <-> --reason, "_" <->
 * "-"; or a positional such as INDICATOR), the hint " [--reason]" follows.
 */
int cmd_fail_err(const struct ms_err *e);
/* Prints "minsheng: MESSAGE" and the command's usage line on stderr; returns EXIT_USAGE. */
int cmd_usage(const struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cmd_usage with the error in e and its hint (as cmd_fail_err); returns EXIT_USAGE. */
int cmd_usage_err(const struct cmd *c, const struct ms_err *e);
/* Appends " [--opt]" to b when field names an option (or positional) of c; 1 when it did. */
int cmd_field_hint(struct ms_buf *b, const struct cmd *c, const char *field);
/* Prints the command's help (from its table) on stdout; returns EXIT_OK. */
int cmd_help_of(const struct cmd *c);
/* Prints the usage lines ("usage: minsheng NAME ...") into b. */
void cmd_usage_lines(struct ms_buf *b, const struct cmd *c);
/* The man page minsheng(1), in roff, from the command tables. */
void cmd_man_page(struct ms_buf *b);

/* 1 when argv[i] is -h or --help. */
int cmd_is_help(const char *arg);

/*
 * Finds a file shipped under data/: $MINSHENG_DATA/REL, ./data/REL, then
 * MS_DATADIR/REL (the source tree's data/, or the installed one). Fills out with the first that exists (or
 * the last tried) and returns 1 when found, 0 when not.
 */
int cmd_data_path(struct ms_buf *out, const char *rel);

/* Writes b to stdout; EXIT_ERROR if that fails (a full disk, a closed pipe). */
int cmd_print(const struct ms_buf *b);

/*
 * Opens the database (for writing when write is set) and the ledger of plan
 * (NULL: the current one) into *st and *l; EXIT_OK, or the exit code after
 * printing the error (nothing left open). Close with ledger_close, store_close.
 */
struct store;
struct ledger;
int cmd_open_ledger(struct cmd_ctx *ctx, const char *plan, int write, struct store **st, struct ledger *l);

/* Loads the regions and units shipped under data/ (for checking codes): 1, or 0 when unavailable. */
struct plan_orgs;
int cmd_load_orgs(struct plan_orgs *o);

/* Loads the parameter file (default data/params/jiangxi.json) and applies KEY=VALUE overrides. */
struct params;
int cmd_load_params(struct params *ps, const char *path, char **overrides, size_t n);

/* A listing: a JSON array when json, else a table with these columns (right: a right-aligned column or -1). */
struct ms_table;
void cmd_list_start(int json, json_t **arr, struct ms_table **t, const char *const *head,
		    size_t ncols, int right);
/* A table cell in Beijing time: a stored UTC stamp ("…T…Z"; as given when not one), or Unix time t. */
void cmd_table_stamp(struct ms_table *t, const char *utc);
void cmd_table_time(struct ms_table *t, int64_t unix_time);
/* Prints the listing (a table is followed by tail), frees it; returns the exit code. */
int cmd_list_finish(json_t *arr, struct ms_table *t, const char *tail);

/* The commands, one definition each beside its code in cmd_*.c. */
extern const struct cmd cmd_help_def;
extern const struct cmd cmd_version_def;
extern const struct cmd cmd_init_def;
extern const struct cmd cmd_plan_def;
extern const struct cmd cmd_org_def;
extern const struct cmd cmd_param_def;
extern const struct cmd cmd_calc_def;
extern const struct cmd cmd_batch_def;
extern const struct cmd cmd_simulate_def;
extern const struct cmd cmd_assign_def;
extern const struct cmd cmd_report_def;
extern const struct cmd cmd_approve_def;
extern const struct cmd cmd_return_def;
extern const struct cmd cmd_review_def;
extern const struct cmd cmd_status_def;
extern const struct cmd cmd_journal_def;
extern const struct cmd cmd_history_def;
extern const struct cmd cmd_bulletin_def;
extern const struct cmd cmd_site_def;
extern const struct cmd cmd_evidence_def;
extern const struct cmd cmd_actuals_def;
extern const struct cmd cmd_serve_def;
extern const struct cmd cmd_user_def;
extern const struct cmd cmd_round_def;
extern const struct cmd cmd_backup_def;
extern const struct cmd cmd_restore_def;
extern const struct cmd cmd_db_def;
extern const struct cmd cmd_survey_def;
extern const struct cmd cmd_evaluate_def;
extern const struct cmd cmd_notice_def;
extern const struct cmd cmd_remind_def;
extern const struct cmd cmd_duban_def;
/* issue 17: the vote (cmd_vote.c) */
extern const struct cmd cmd_proposal_def;
extern const struct cmd cmd_candidate_def;
extern const struct cmd cmd_vote_def;

#endif
