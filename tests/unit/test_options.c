/*
 * test_options.c - the command line's one option parser (src/cmd/options.c):
 * every kind of option, "--opt=value" and "--opt value", "--", positional
 * arguments kept in order, the uniform usage errors, the global options,
 * and the hint an error naming a field gets from the command's table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd/cmd.h"
#include "core/date.h"

/* the real commands (for the hints), as main.c lists some of them */
const struct cmd *const commands[] = { &cmd_report_def, &cmd_site_def, &cmd_calc_def, &cmd_help_def,
	&cmd_version_def, NULL };

struct t_opts {
	int flag;
	const char *str, *choice, *out;
	long n;
	ms_day day;
	int day_given;
	struct cmd_list kv;
};

static const struct cmd_option t_options[] = {
	OPT_FLAG(0, "flag", struct t_opts, flag, "a flag"),
	OPT_STRING(0, "str", struct t_opts, str, "S", "a string"),
	OPT_STRING('o', "output", struct t_opts, out, "FILE", "a file"),
	OPT_CHOICE(0, "format", struct t_opts, choice, "md|html", "a choice"),
	OPT_INT(0, "n", struct t_opts, n, "N", "a number", 1, 64),
	OPT_DATE(0, "as-of", struct t_opts, day, day_given, "a day"),
	OPT_LIST(0, "param", struct t_opts, kv, "K=V", "repeatable"),
	OPT_END(),
};

static int t_run(int argc, char **argv, struct cmd_ctx *ctx) { return 0; }

static const struct cmd t_cmd = { .name = "t", .fn = t_run, .summary = "test", .synopsis = "A B",
	.options = t_options };

/* Parses a copy of words; returns 0 or the exit code + 100, the positionals joined by ' ' in pos. */
static int parse(const char *const *words, struct t_opts *o, char *pos, size_t n)
{
	char *argv[32];
	int argc = 0, rc, i;

	while (words[argc]) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	argv[argc] = NULL;
	memset(o, 0, sizeof(*o));
	if (cmd_parse(&t_cmd, &argc, argv, o, &rc))
		return 100 + rc;
	pos[0] = '\0';
	for (i = 0; i < argc; i++)
		snprintf(pos + strlen(pos), n - strlen(pos), "%s%s", i ? " " : "", argv[i]);
	return 0;
}

/* stderr of f into buf (the usage messages), via a temporary file */
static char err_text[4096];

static int parse_err(const char *const *words, struct t_opts *o)
{
	char pos[256];
	FILE *tmp = tmpfile();
	int saved = dup(2), rc;
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	rc = parse(words, o, pos, sizeof(pos));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(err_text, 1, sizeof(err_text) - 1, tmp);
	err_text[n] = '\0';
	fclose(tmp);
	return rc;
}

static void test_kinds(void **state)
{
	const char *w[] = { "t", "a", "--flag", "--str=x y", "-o", "out.csv", "--format", "html", "--n=12",
		"--as-of", "2023-06-30", "--param", "k=1", "b", "--param=j=2", "--", "--flag", NULL };
	struct t_opts o;
	char pos[256];
	ms_day d;

	assert_int_equal(parse(w, &o, pos, sizeof(pos)), 0);
	assert_string_equal(pos, "a b --flag");
	assert_int_equal(o.flag, 1);
	assert_string_equal(o.str, "x y");
	assert_string_equal(o.out, "out.csv");
	assert_string_equal(o.choice, "html");
	assert_int_equal(o.n, 12);
	assert_int_equal(o.day_given, 1);
	assert_int_equal(ms_date_parse("2023-06-30", 10, &d, NULL), 0);
	assert_int_equal(o.day, d);
	assert_int_equal(o.kv.n, 2);
	assert_string_equal(o.kv.v[1], "j=2");
}

static void test_short_glued(void **state)
{
	const char *w[] = { "t", "-oout.csv", "-", NULL };
	struct t_opts o;
	char pos[64];

	assert_int_equal(parse(w, &o, pos, sizeof(pos)), 0);
	assert_string_equal(o.out, "out.csv");
	assert_string_equal(pos, "-");
}

static void test_errors(void **state)
{
	static const struct { const char *w[4]; const char *msg; } cases[] = {
		{ { "t", "--bogus", NULL }, "minsheng t: 未知选项 --bogus (unknown option)" },
		{ { "t", "-x", NULL }, "未知选项 -x (unknown option)" },
		{ { "t", "--str", NULL }, "--str 需要一个值 (needs a value: S)" },
		{ { "t", "--flag=1", NULL }, "--flag 不带值 (takes no value)" },
		{ { "t", "--n", "0", NULL }, "--n \"0\": 须为 1 到 64 的整数" },
		{ { "t", "--n", "x", NULL }, "expects a whole number from 1 to 64" },
		{ { "t", "--format", "pdf", NULL }, "须为 md|html 之一 (expects one of md|html)" },
		{ { "t", "--as-of", "2023-02-30", NULL }, "--as-of: " },
		{ { "t", "--param", "k", NULL }, "--param 需要 KEY=VALUE" },
	};
	struct t_opts o;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_err(cases[i].w, &o), 100 + EXIT_USAGE);
		if (!strstr(err_text, cases[i].msg))
			fail_msg("case %zu: %s not in: %s", i, cases[i].msg, err_text);
		assert_non_null(strstr(err_text, "usage: minsheng t A B\n"));
	}
}

static void test_help(void **state)
{
	const char *w[] = { "t", "a", "--help", NULL };
	struct t_opts o;
	FILE *tmp = tmpfile();
	int saved = dup(1);
	char out[4096];
	size_t n;

	fflush(stdout);
	dup2(fileno(tmp), 1);
	assert_int_equal(parse_err(w, &o), 100 + EXIT_OK);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	assert_non_null(strstr(out, "usage: minsheng t A B\n"));
	assert_non_null(strstr(out, "  -o, --output FILE     a file\n"));
	assert_non_null(strstr(out, "  --format md|html      a choice\n"));
}

static void test_global(void **state)
{
	char *argv[] = { "minsheng", "plan", "--json", "show", "--db=x.db", "--plan", "p", "--", "--json",
		NULL };
	int argc = 9;
	struct cmd_ctx ctx = { "default.db", 0, "cli" };

	assert_int_equal(cmd_parse_global(&argc, argv, &ctx), 0);
	assert_int_equal(ctx.json, 1);
	assert_string_equal(ctx.db, "x.db");
	assert_int_equal(argc, 7);
	assert_string_equal(argv[1], "plan");
	assert_string_equal(argv[2], "show");
	assert_string_equal(argv[3], "--plan");
	assert_string_equal(argv[5], "--");
	assert_string_equal(argv[6], "--json");
	assert_null(argv[7]);
}

static void test_hints(void **state)
{
	struct ms_buf b = MS_BUF_INIT;

	assert_int_equal(cmd_field_hint(&b, &cmd_report_def, "reason"), 1);
	assert_int_equal(cmd_field_hint(&b, &cmd_report_def, "submitted_at"), 1);
	assert_int_equal(cmd_field_hint(&b, &cmd_site_def, "delivered_on"), 1);
	assert_int_equal(cmd_field_hint(&b, &cmd_report_def, "indicator"), 1);
	assert_string_equal(b.buf, " [--reason] [--submitted-at] [--delivered] [INDICATOR]");
	assert_int_equal(cmd_field_hint(&b, &cmd_report_def, "nothing"), 0);
	assert_int_equal(cmd_field_hint(&b, &cmd_report_def, ""), 0);
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_short_glued),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
