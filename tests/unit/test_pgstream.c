/*
 * test_pgstream.c - db_pg.c's rows as they come (single-row mode): every
 * row reaches the callback, a callback that queries in the middle of a
 * statement's rows still sees them all (the rest are taken off the wire
 * first), a callback that stops early leaves the connection usable, and an
 * error after some rows is reported. Needs a PostgreSQL database holding
 * the schema: MS_TEST_PG=postgresql://… (tests/cli/pg.sh passes one);
 * without it every test is skipped, and says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/store.h"
#include "store/db.h"

struct sum {
	struct store *st;
	int64_t n, total, twice;
	int nested, stop_at;
};

static int add_row(struct db_row *r, void *ctx)
{
	struct sum *s = ctx;
	int64_t v = db_col_int(r, 0), d = 0;
	struct ms_err err;

	s->n++;
	s->total += v;
	if (s->nested) {   /* another statement while this one's rows are arriving */
		static const char sql[] = "SELECT $1::bigint * 2";

		if (db_row(s->st, sql, "twice", db_take_int, &d, &err, "i", v) != 1)
			return -1;
		s->twice += d;
	}
	return s->stop_at && s->n == s->stop_at ? 1 : 0;
}

static struct store *open_pg(void)
{
	const char *url = getenv("MS_TEST_PG");
	struct store *st = NULL;
	struct ms_err err;

	if (!url || !*url)
		return NULL;
	if (store_open(&st, url, STORE_READ, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		fail();
	}
	return st;
}

static const char series[] = "SELECT g FROM generate_series(1, $1::bigint) g ORDER BY g";

static void every_row(void **state)
{
	struct store *st = open_pg();
	struct sum s = { 0 };
	struct ms_err err;

	(void)state;
	if (!st)
		skip();
	s.st = st;
	assert_int_equal(db_rows(st, series, "series", add_row, &s, &err, "i", (int64_t)100000), 0);
	assert_int_equal(s.n, 100000);
	assert_int_equal(s.total, (int64_t)100000 * 100001 / 2);
	store_close(st);
}

static void nested_query(void **state)
{
	struct store *st = open_pg();
	struct sum s = { 0 };
	struct ms_err err;

	(void)state;
	if (!st)
		skip();
	s.st = st;
	s.nested = 1;
	assert_int_equal(db_rows(st, series, "series", add_row, &s, &err, "i", (int64_t)3000), 0);
	assert_int_equal(s.n, 3000);
	assert_int_equal(s.twice, 2 * s.total);
	assert_int_equal(s.total, (int64_t)3000 * 3001 / 2);
	store_close(st);
}

static void stop_early(void **state)
{
	struct store *st = open_pg();
	struct sum s = { 0 };
	struct ms_err err;
	int64_t one = 0;

	(void)state;
	if (!st)
		skip();
	s.st = st;
	s.stop_at = 10;
	assert_int_equal(db_rows(st, series, "series", add_row, &s, &err, "i", (int64_t)50000), 1);
	assert_int_equal(s.n, 10);
	/* db_row reads one row of many; the connection is free afterwards */
	memset(&s, 0, sizeof(s));
	assert_int_equal(db_row(st, series, "series", add_row, &s, &err, "i", (int64_t)50000), 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(db_row(st, "SELECT 7", "seven", db_take_int, &one, &err, ""), 1);
	assert_int_equal(one, 7);
	store_close(st);
}

static void error_after_rows(void **state)
{
	static const char sql[] =
		"SELECT 10 / (5000 - g) FROM generate_series(1, 10000) g";
	struct store *st = open_pg();
	struct sum s = { 0 };
	struct ms_err err;
	int64_t one = 0;

	(void)state;
	if (!st)
		skip();
	s.st = st;
	assert_int_equal(db_rows(st, sql, "divide", add_row, &s, &err, ""), -1);
	assert_non_null(strstr(err.msg, "division by zero"));
	assert_true(s.n < 10000);
	assert_int_equal(db_row(st, "SELECT 7", "seven", db_take_int, &one, &err, ""), 1);
	assert_int_equal(one, 7);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row),
		cmocka_unit_test(nested_query),
		cmocka_unit_test(stop_early),
		cmocka_unit_test(error_after_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
