/*
 * options.c - the one option parser every command uses (after git's
 * parse-options): a table per command, values into the command's struct.
 */
#include "cmd.h"

#include <stdint.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/banned.h"

/* what the parser does with an option it does not know */
enum { PARSE_STRICT, PARSE_KEEP_UNKNOWN };

struct parse {
	const struct cmd *c;          /* NULL for the global options */
	const struct cmd_option *opts;
	void *base;
	int mode;
	char shown[80];               /* the option as written, for messages: "--round", "-o" */
};

static const struct cmd *current;
static void *current_opts;

void cmd_set_current(const struct cmd *c)
{
	current = c;
	current_opts = NULL;
}

/* "minsheng CMD: MESSAGE" and the usage lines; the parse ends with EXIT_USAGE. */
static int parse_fail(const struct parse *p, int *rc, const char *msg)
{
	*rc = p->c ? cmd_usage(p->c, "%s", msg) : (cmd_fail("%s", msg), EXIT_USAGE);
	return -1;
}

static const struct cmd_option *find_long(const struct cmd_option *o, const char *name, size_t n)
{
	for (; o && o->kind != CMD_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	return NULL;
}

static const struct cmd_option *find_short(const struct cmd_option *o, char s)
{
	for (; o && o->kind != CMD_OPT_END; o++)
		if (o->short_name && o->short_name == s)
			return o;
	return NULL;
}

static const struct cmd_option *find_dynamic(const struct cmd_option *o)
{
	for (; o && o->kind != CMD_OPT_END; o++)
		if (o->kind == CMD_OPT_DYNAMIC)
			return o;
	return NULL;
}

/* 1 when v is one of the '|'-separated words of choices. */
static int is_choice(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *s = choices;

	while (s && *s) {
		size_t k = strcspn(s, "|");

		if (k == n && !strncmp(s, v, n))
			return 1;
		s = s[k] ? s + k + 1 : NULL;
	}
	return 0;
}

/* Stores value v of option o; 0, or -1 with msg filled. */
static int store_value(struct parse *p, const struct cmd_option *o, const char *v, struct ms_buf *msg)
{
	char *at = (char *)p->base + o->off;
	struct ms_err err;
	int64_t n;

	switch (o->kind) {
	case CMD_OPT_STRING:
		if ((o->flags & CMD_OPT_NONEMPTY) && !*v)
			return ms_buf_addf(msg, "%s 不能为空 (may not be empty)", p->shown), -1;
		*(const char **)at = (o->flags & CMD_OPT_STDOUT) && !strcmp(v, "-") ? NULL : v;
		return 0;
	case CMD_OPT_INT:
		if (ms_dec_parse(v, strlen(v), 0, INT64_MAX, &n, &err) || n < o->min || n > o->max)
			return ms_buf_addf(msg, "%s \"%s\": 须为 %ld 到 %ld 的整数 (expects a whole number from %ld to %ld)",
					   p->shown, v, o->min, o->max, o->min, o->max), -1;
		*(long *)at = (long)n;
		return 0;
	case CMD_OPT_DATE:
		if (ms_date_parse(v, strlen(v), (ms_day *)at, &err))
			return ms_buf_addf(msg, "%s: %s", p->shown, err.msg), -1;
		*(int *)((char *)p->base + o->given) = 1;
		return 0;
	case CMD_OPT_CHOICE:
		if (!is_choice(o->argh, v))
			return ms_buf_addf(msg, "%s \"%s\": 须为 %s 之一 (expects one of %s)", p->shown, v,
					   o->argh, o->argh), -1;
		*(const char **)at = v;
		return 0;
	case CMD_OPT_LIST: {
		struct cmd_list *l = (struct cmd_list *)at;

		if ((o->flags & CMD_OPT_KV) && (!strchr(v, '=') || *v == '='))
			return ms_buf_addf(msg, "%s 需要 KEY=VALUE 形式的值 (needs KEY=VALUE)", p->shown), -1;
		if (l->n == sizeof(l->v) / sizeof(l->v[0]))
			return ms_buf_addf(msg, "%s 给出次数过多 (given too many times)", p->shown), -1;
		l->v[l->n++] = v;
		return 0;
	}
	default:
		return ms_buf_addf(msg, "%s: 无法处理 (cannot be handled)", p->shown), -1;
	}
}

/*
 * One option at argv[*i] (a long one when dashes == 2). 0 stored, 1 not
 * known (kept by a global parse), -1 with *rc set.
 */
static int parse_one(struct parse *p, int argc, char **argv, int *i, int *rc)
{
	const char *a = argv[*i], *name = a + 1, *v = NULL;
	const struct cmd_option *o, *dyn = NULL;
	struct ms_buf msg = MS_BUF_INIT;
	struct ms_err err = { .msg = "" };
	size_t n;
	int r = -1;

	if (a[1] == '-') {
		name = a + 2;
		n = strcspn(name, "=");
		if (name[n] == '=')
			v = name + n + 1;
		o = find_long(p->opts, name, n);
		snprintf(p->shown, sizeof(p->shown), "--%.*s", (int)(n > 60 ? 60 : n), name);
		if (!o && (dyn = find_dynamic(p->opts)) && !dyn->fn(p->base, p->shown + 2, NULL, &err))
			o = dyn;
	} else {
		o = find_short(p->opts, name[0]);
		snprintf(p->shown, sizeof(p->shown), "-%c", name[0]);
		if (name[1])
			v = name[1] == '=' ? name + 2 : name + 1;
	}
	if (!o) {
		if (p->mode == PARSE_KEEP_UNKNOWN)
			return 1;
		ms_buf_addf(&msg, "未知选项 %s (%s)", p->shown, *err.msg ? err.msg : "unknown option");
		goto out;
	}
	if (o->kind == CMD_OPT_FLAG) {
		if (v) {
			ms_buf_addf(&msg, "%s 不带值 (takes no value)", p->shown);
			goto out;
		}
		*(int *)((char *)p->base + o->off) = 1;
		r = 0;
		goto out;
	}
	if (!v && *i + 1 < argc)
		v = argv[++*i];
	if (!v) {
		ms_buf_addf(&msg, "%s 需要一个值 (needs a value%s%s)", p->shown, o->argh ? ": " : "",
			    o->argh ? o->argh : "");
		goto out;
	}
	if (o->kind == CMD_OPT_DYNAMIC) {
		if (!o->fn(p->base, p->shown + 2, v, &err))
			r = 0;
		else
			*rc = p->c ? cmd_usage_err(p->c, &err) : EXIT_USAGE;
		ms_buf_release(&msg);
		return r;
	}
	r = store_value(p, o, v, &msg);
out:
	if (r < 0)
		parse_fail(p, rc, msg.buf);
	ms_buf_release(&msg);
	return r;
}

/* The loop shared by a command's parse and the global one; keep: argv[0..keep) stay. */
static int parse_argv(struct parse *p, int *argc, char **argv, int keep, int *rc)
{
	int i, npos = keep, rest = 0;

	for (i = keep ? keep : 1; i < *argc; i++) {
		const char *a = argv[i];
		int r;

		if (rest || a[0] != '-' || !a[1]) {
			argv[npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			if (p->mode == PARSE_KEEP_UNKNOWN)
				argv[npos++] = argv[i];
			rest = 1;
			continue;
		}
		if (p->c && cmd_is_help(a)) {
			*rc = cmd_help_of(p->c);
			return -1;
		}
		r = parse_one(p, *argc, argv, &i, rc);
		if (r < 0)
			return -1;
		if (r > 0)
			argv[npos++] = argv[i];
	}
	*argc = npos;
	return 0;
}

int cmd_parse(const struct cmd *c, int *argc, char **argv, void *opts, int *rc)
{
	struct parse p = { c, c->options, opts, PARSE_STRICT, "" };

	current_opts = opts;
	*rc = EXIT_OK;
	if (parse_argv(&p, argc, argv, 0, rc))
		return -1;
	argv[*argc] = NULL;
	return 0;
}

struct global_opts {
	const char *db;
	int json;
};

static const struct cmd_option global_options[] = {
	OPT_STRING_AS(0, "db", struct global_opts, db, "PATH",
		      "数据库：SQLite 文件或 postgresql://用户@主机:端口/库名（默认 $MINSHENG_DB，否则 ./minsheng.db）"
		      " the database: a SQLite file or a postgresql:// URL", NULL),
	OPT_FLAG(0, "json", struct global_opts, json, "以 JSON 输出，便于程序处理 machine-readable output"),
	OPT_END(),
};

const struct cmd_option *cmd_global_options(void)
{
	return global_options;
}

int cmd_parse_global(int *argc, char **argv, struct cmd_ctx *ctx)
{
	struct global_opts g = { ctx->db, ctx->json };
	struct parse p = { NULL, global_options, &g, PARSE_KEEP_UNKNOWN, "" };
	int rc = EXIT_OK, end, n;

	/* up to "--": what follows it is the command's, global options or not */
	for (end = 1; end < *argc && strcmp(argv[end], "--"); end++)
		;
	n = end;
	if (parse_argv(&p, &n, argv, 1, &rc))
		return rc;
	memmove(argv + n, argv + end, (size_t)(*argc - end) * sizeof(*argv));
	*argc = n + (*argc - end);
	argv[*argc] = NULL;
	if (!*g.db) {
		cmd_fail("--db 不能为空 (may not be empty)");
		return EXIT_USAGE;
	}
	ctx->db = g.db;
	ctx->json = g.json;
	return 0;
}

/* The option of c that field names, or NULL. */
static const struct cmd_option *option_for_field(const struct cmd *c, const char *field, int *dynamic)
{
	const struct cmd_option *o;
	char want[64];
	size_t i;

	*dynamic = 0;
	for (i = 0; field[i] && i < sizeof(want) - 1; i++)
		want[i] = field[i] == '_' ? '-' : field[i];
	want[i] = '\0';
	for (o = c->options; o && o->kind != CMD_OPT_END; o++) {
		if (o->field && !strcmp(o->field, field))
			return o;
		if (o->long_name && !o->field && !strcmp(o->long_name, want))
			return o;
	}
	o = find_dynamic(c->options);
	if (o && current_opts && !o->fn(current_opts, field, NULL, NULL)) {
		*dynamic = 1;
		return o;
	}
	return NULL;
}

/* 1 when the word w (upper case) stands alone in the synopsis. */
static int in_synopsis(const char *syn, const char *w)
{
	size_t n = strlen(w);
	const char *s = syn;

	while (s && (s = strstr(s, w))) {
		int left = s == syn || !((s[-1] >= 'A' && s[-1] <= 'Z') || s[-1] == '_' || s[-1] == '-');
		int right = !((s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_');

		if (left && right)
			return 1;
		s += n;
	}
	return 0;
}

int cmd_field_hint(struct ms_buf *b, const struct cmd *c, const char *field)
{
	const struct cmd_option *o;
	char upper[64];
	int dynamic;
	size_t i;

	if (!c || !field || !*field)
		return 0;
	o = option_for_field(c, field, &dynamic);
	if (o && dynamic) {
		ms_buf_addf(b, " [--%s]", field);
		return 1;
	}
	if (o) {
		ms_buf_addf(b, " [--%s]", o->long_name);
		return 1;
	}
	for (i = 0; field[i] && i < sizeof(upper) - 1; i++)
		upper[i] = field[i] >= 'a' && field[i] <= 'z' ? (char)(field[i] - 'a' + 'A') : field[i];
	upper[i] = '\0';
	if (c->synopsis && in_synopsis(c->synopsis, upper)) {
		ms_buf_addf(b, " [%s]", upper);
		return 1;
	}
	return 0;
}

/* A county's townships not loaded (field "townships"): the command that loads them, for the province named. */
static void townships_hint(struct ms_buf *b, const char *msg)
{
	const char *p = msg;

	while (*p && strspn(p, "0123456789") < 6)
		p++;
	if (*p)
		ms_buf_addf(b, " [minsheng org load-townships --province %.2s]", p);
}

int cmd_fail_err(const struct ms_err *e)
{
	struct ms_buf b = MS_BUF_INIT;
	int rc;

	ms_buf_adds(&b, e->msg);
	if (!strcmp(e->field, "townships"))
		townships_hint(&b, e->msg);
	else
		cmd_field_hint(&b, current, e->field);
	rc = cmd_fail("%s", b.buf);
	ms_buf_release(&b);
	return rc;
}

int cmd_usage_err(const struct cmd *c, const struct ms_err *e)
{
	struct ms_buf b = MS_BUF_INIT;
	int rc;

	ms_buf_adds(&b, e->msg);
	cmd_field_hint(&b, c, e->field);
	rc = cmd_usage(c, "%s", b.buf);
	ms_buf_release(&b);
	return rc;
}
