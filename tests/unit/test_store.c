/*
 * test_store.c - the SQLite store: creation and schema version, refusing
 * what it must refuse, the append-only journal, all-or-nothing init.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "plan/setup.h"
#include "store/store.h"
#include "store/db_impl.h"
#include "store/schema.h"

static char dir[64];

static int make_dir(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/ms-store-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path(const char *name)
{
	static char p[4][128];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static int exists(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0;
}

static void raw_exec(const char *db, const char *sql, int want_ok)
{
	sqlite3 *h;
	int rc;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	if (want_ok)
		assert_int_equal(rc, SQLITE_OK);
	else
		assert_int_not_equal(rc, SQLITE_OK);
}

static void test_create_read_write_modes(void **state)
{
	struct store *st;
	struct ms_err e;
	const char *db = path("modes.db");

	assert_int_equal(store_open(&st, db, STORE_READ, &e), -1);
	assert_non_null(strstr(e.msg, "no database here"));
	assert_int_equal(store_open(&st, db, STORE_CREATE, &e), 0);
	assert_int_equal(store_count(st, "journal", &e), 0);
	assert_int_equal(store_count(st, "journal; DROP TABLE org", &e), -1);
	store_close(st);
	assert_int_equal(store_open(&st, db, STORE_CREATE, &e), -1);
	assert_non_null(strstr(e.msg, "already exists"));
	assert_int_equal(store_open(&st, db, STORE_READ, &e), 0);
	store_close(st);
}

static void test_newer_schema_refused(void **state)
{
	struct store *st;
	struct ms_err e;
	const char *db = path("newer.db");

	assert_int_equal(store_open(&st, db, STORE_CREATE, &e), 0);
	store_close(st);
	raw_exec(db, "PRAGMA user_version = 99", 1);
	assert_int_equal(store_open(&st, db, STORE_WRITE, &e), -1);
	assert_non_null(strstr(e.msg, "schema version 99 is newer"));
}

static void test_not_a_minsheng_db(void **state)
{
	struct store *st;
	struct ms_err e;
	const char *db = path("other.db");

	raw_exec(db, "CREATE TABLE t(x)", 1);
	assert_int_equal(store_open(&st, db, STORE_WRITE, &e), -1);
	assert_non_null(strstr(e.msg, "不是民生实事数据库"));
}

static void test_journal_is_append_only(void **state)
{
	struct store *st;
	struct ms_err e;
	const char *db = path("journal.db");

	assert_int_equal(store_open(&st, db, STORE_CREATE, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_journal(st, "test", "x.do", "x", "1", NULL, "{}", &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	raw_exec(db, "UPDATE journal SET actor = 'mallory'", 0);
	raw_exec(db, "DELETE FROM journal", 0);
	assert_int_equal(store_open(&st, db, STORE_READ, &e), 0);
	assert_int_equal(store_count(st, "journal", &e), 1);
	store_close(st);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct store *st;
	struct ms_err e;
	const char *db = path("rollback.db");

	assert_int_equal(store_open(&st, db, STORE_CREATE, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_org_put(st, "360000", "江西省", "province", NULL, NULL, &e), 0);
	/* unknown parent: the foreign key refuses it */
	assert_int_equal(store_org_put(st, "360100", "南昌市", "city", "999999", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "FOREIGN KEY"));
	/* a kind outside the CHECK list */
	assert_int_equal(store_org_put(st, "360200", "景德镇市", "town", "360000", NULL, &e), -1);
	store_rollback(st);
	assert_int_equal(store_count(st, "org", &e), 0);
	assert_int_equal(store_check(st, &e), 0);
	store_close(st);
}

/*
 * A read scope: one snapshot (another connection's commit is not seen until
 * its end), a write inside it sees the newest data and commits, the scope
 * goes on after it, and a write statement without store_begin still lands.
 */
static void test_read_scope(void **state)
{
	struct store *a, *b;
	struct ms_err e;
	const char *db = path("scope.db");

	assert_int_equal(store_open(&a, db, STORE_CREATE, &e), 0);
	assert_int_equal(store_open(&b, db, STORE_WRITE, &e), 0);
	assert_int_equal(store_org_put(a, "360000", "江西省", "province", NULL, NULL, &e), 0);
	store_read_begin(a);
	assert_int_equal(store_count(a, "org", &e), 1);
	assert_int_equal(store_org_put(b, "360100", "南昌市", "city", "360000", NULL, &e), 0);
	assert_int_equal(store_count(a, "org", &e), 1);      /* the scope's snapshot */
	/* a write inside the scope: the newest data, then the scope again */
	assert_int_equal(store_begin(a, &e), 0);
	assert_int_equal(store_count(a, "org", &e), 2);
	assert_int_equal(store_org_put(a, "360200", "景德镇市", "city", "360000", NULL, &e), 0);
	assert_int_equal(store_end(a, 0, &e), 0);
	assert_int_equal(store_count(b, "org", &e), 3);
	assert_int_equal(store_count(a, "org", &e), 3);
	/* a write statement outside store_begin runs on its own and is seen by others */
	assert_int_equal(store_org_put(a, "360300", "萍乡市", "city", "360000", NULL, &e), 0);
	assert_int_equal(store_count(b, "org", &e), 4);
	store_read_end(a);
	assert_int_equal(store_org_put(b, "360400", "九江市", "city", "360000", NULL, &e), 0);
	assert_int_equal(store_count(a, "org", &e), 5);      /* no scope: the newest */
	/* a server's connection: no checkpoint in a commit, no memory map; and a passive checkpoint */
	{
		int64_t v = -1;

		assert_int_equal(db_row(b, "PRAGMA mmap_size", "read", db_take_int, &v, &e, ""), 1);
		assert_true(v > 0);   /* a command's connection maps the file */
		assert_int_equal(store_serving(a, &e), 0);
		assert_int_equal(db_row(a, "PRAGMA mmap_size", "read", db_take_int, &v, &e, ""), 1);
		assert_int_equal(v, 0);
		assert_int_equal(db_row(a, "PRAGMA wal_autocheckpoint", "read", db_take_int, &v, &e, ""), 1);
		assert_int_equal(v, 0);
	}
	assert_int_equal(store_org_put(b, "360500", "新余市", "city", "360000", NULL, &e), 0);
	assert_int_equal(store_count(a, "org", &e), 6);      /* served reads see the write */
	assert_int_equal(store_checkpoint(b, &e), 0);
	assert_int_equal(store_check(a, &e), 0);
	store_close(b);
	store_close(a);
}

static const char *const csvs[] = { MS_SRCDIR "/data/regions/jiangxi.csv",
				    MS_SRCDIR "/data/regions/units.csv", NULL };

static void test_init_loads_everything(void **state)
{
	struct setup_opts o = { .db_path = path("init.db"), .actor = "test",
				.plan_path = MS_SRCDIR "/data/plans/jiangxi-2023.json",
				.org_csv = csvs };
	struct setup_result res;
	struct ms_buf rep = MS_BUF_INIT;
	struct ms_err e;
	struct store *st;
	struct ms_buf doc = MS_BUF_INIT;

	if (setup_init(&o, &res, &rep, &e))
		fail_msg("%s\n%s", e.msg, rep.buf);
	assert_int_equal(res.items, 10);
	assert_int_equal(res.orgs, 1 + 11 + 100 + 14);
	assert_true(res.indicators >= 17);
	assert_int_equal(store_open(&st, o.db_path, STORE_READ, &e), 0);
	assert_int_equal(store_count(st, "item", &e), 10);
	assert_int_equal(store_count(st, "journal", &e), 2); /* org.load, plan.load */
	assert_int_equal(store_plan_doc(st, "jiangxi-2023", &doc, &e), 1);
	assert_non_null(strstr(doc.buf, "\"present_in_source\":false"));
	assert_int_equal(store_plan_doc(st, "nope", &doc, &e), 0);
	assert_int_equal(store_check(st, &e), 0);
	store_close(st);
	/* a second init is refused and changes nothing */
	assert_int_equal(setup_init(&o, &res, &rep, &e), -1);
	assert_non_null(strstr(e.msg, "数据库已存在"));
	assert_string_equal(e.field, "force");
	ms_buf_release(&rep);
	ms_buf_release(&doc);
}

static void test_bad_plan_writes_nothing(void **state)
{
	const char *bad = path("bad.json");
	struct setup_opts o = { .db_path = path("bad.db"), .actor = "test", .plan_path = bad,
				.org_csv = csvs };
	struct setup_result res;
	struct ms_buf rep = MS_BUF_INIT;
	struct ms_err e;
	FILE *f = fopen(bad, "w");

	fputs("{\"schema\": \"minsheng-plan/1\", \"id\": \"x\"", f); /* truncated JSON */
	fclose(f);
	assert_int_equal(setup_init(&o, &res, &rep, &e), -1);
	assert_non_null(strstr(e.msg, "bad.json:1:"));
	assert_false(exists(o.db_path));
	/* --force over a good database with a bad plan keeps the good one */
	o.db_path = path("init2.db");
	o.plan_path = MS_SRCDIR "/data/plans/jiangxi-2023.json";
	assert_int_equal(setup_init(&o, &res, &rep, &e), 0);
	o.plan_path = bad;
	o.force = 1;
	assert_int_equal(setup_init(&o, &res, &rep, &e), -1);
	{
		struct store *st;

		assert_int_equal(store_open(&st, o.db_path, STORE_READ, &e), 0);
		assert_int_equal(store_count(st, "item", &e), 10);
		store_close(st);
	}
	ms_buf_release(&rep);
}

/* SQLite's result codes as error kinds: the storage's troubles are never the client's */
static void test_error_kinds(void **state)
{
	static const struct { int code; enum ms_err_kind kind; const char *words; } rows[] = {
		{ SQLITE_FULL, MS_E_STORAGE, "存储空间已满" },
		{ SQLITE_BUSY, MS_E_BUSY, "数据库正忙" },
		{ SQLITE_BUSY_SNAPSHOT, MS_E_BUSY, "数据库正忙" },
		{ SQLITE_LOCKED, MS_E_BUSY, "数据库正忙" },
		{ SQLITE_READONLY, MS_E_UNAVAILABLE, "数据库只读" },
		{ SQLITE_READONLY_DBMOVED, MS_E_UNAVAILABLE, "数据库只读" },
		{ SQLITE_IOERR_WRITE, MS_E_UNAVAILABLE, "磁盘读写出错" },
		{ SQLITE_IOERR_FSYNC, MS_E_UNAVAILABLE, "磁盘读写出错" },
		{ SQLITE_CANTOPEN, MS_E_UNAVAILABLE, "无法打开" },
		{ SQLITE_CONSTRAINT_UNIQUE, MS_E_CONFLICT, "" },     /* taken, as PostgreSQL's 23505 */
		{ SQLITE_CONSTRAINT_TRIGGER, MS_E_CONFLICT, "" },    /* an append-only table refusing */
		{ SQLITE_CONSTRAINT_CHECK, MS_E_INVALID, "" },       /* as PostgreSQL's 23514 */
		{ SQLITE_CONSTRAINT_NOTNULL, MS_E_INVALID, "" },
		{ SQLITE_ERROR, MS_E_INTERNAL, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *w;

		assert_int_equal(db_sqlite_kind(rows[i].code, &w), rows[i].kind);
		if (rows[i].words[0])
			assert_non_null(strstr(w, rows[i].words));
		else
			assert_string_equal(w, "");
	}
}

/* Every migration translates for PostgreSQL, and nothing of SQLite's own dialect is left. */
static void test_pg_every_migration(void **state)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err = { 0 };
	int i;

	(void)state;
	for (i = 0; store_migrations[i]; i++) {
		if (schema_pg_translate(store_migrations[i], &b, &err))
			fail_msg("migration %d: %s", i + 1, err.msg);
		assert_null(strstr(b.buf, "STRICT"));
		assert_null(strstr(b.buf, "RAISE("));
		assert_null(strstr(b.buf, "INTEGER"));
		assert_null(strstr(b.buf, "BLOB"));
		assert_null(strstr(b.buf, "PRAGMA"));
		assert_null(strstr(b.buf, "INSERT OR"));
		assert_null(strstr(b.buf, "sqlite_master"));
	}
	ms_buf_release(&b);
}

/* Each form the translator knows, as PostgreSQL is given it. */
static void test_pg_translate_forms(void **state)
{
	static const char sql[] =
		"CREATE TABLE t (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  note TEXT NOT NULL DEFAULT 'a;b',"
		"\n  raw BLOB\n) STRICT;"
		"CREATE TABLE u (k TEXT PRIMARY KEY, n INTEGER) STRICT, WITHOUT ROWID;"
		"CREATE TABLE v (k TEXT, n INTEGER CHECK (n > 0), PRIMARY KEY (k, n)) STRICT;"
		"-- a comment; with a semicolon\n"
		"ALTER TABLE v ADD COLUMN w TEXT;"
		"PRAGMA foreign_keys = ON;"
		"PRAGMA writable_schema = ON;UPDATE sqlite_master SET sql = replace(sql, 'a', 'b');\n"
		"-- postgresql: ALTER TABLE v DROP CONSTRAINT v_n_check;\n"
		"INSERT OR IGNORE INTO u (k, n) VALUES ('x', 1);"
		"CREATE TRIGGER t_no_delete BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'it''s kept'); END;"
		"CREATE TRIGGER t_no_up BEFORE UPDATE OF note ON t WHEN OLD.note <> '' BEGIN"
		" SELECT RAISE(ABORT, 'kept') WHERE NEW.note = 'x'; END;";
	static const char want[] =
		"CREATE TABLE t (\n  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
		"  note text COLLATE \"C\" NOT NULL DEFAULT 'a;b',\n  raw bytea\n);\n"
		"CREATE TABLE u (k text COLLATE \"C\" PRIMARY KEY, n bigint);\n"
		"CREATE TABLE v (k text COLLATE \"C\", n bigint CHECK (n > 0), PRIMARY KEY (k, n),\n"
		"  rowid bigint GENERATED BY DEFAULT AS IDENTITY);\n"
		"ALTER TABLE v ADD COLUMN w text COLLATE \"C\";\n"
		" ALTER TABLE v DROP CONSTRAINT v_n_check;\n"
		"INSERT INTO u (k, n) VALUES ('x', 1) ON CONFLICT DO NOTHING;\n"
		"CREATE OR REPLACE FUNCTION t_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS"
		" $ms$BEGIN RAISE EXCEPTION 'it''s kept'; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END$ms$;\n"
		"CREATE TRIGGER t_no_delete BEFORE DELETE ON t  FOR EACH ROW EXECUTE FUNCTION t_no_delete_fn();\n"
		"CREATE TRIGGER t_no_delete_truncate BEFORE TRUNCATE ON t FOR EACH STATEMENT"
		" EXECUTE FUNCTION t_no_delete_fn();\n"
		"CREATE OR REPLACE FUNCTION t_no_up_fn() RETURNS trigger LANGUAGE plpgsql AS"
		" $ms$BEGIN IF  NEW.note = 'x' THEN RAISE EXCEPTION 'kept'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END$ms$;\n"
		"CREATE TRIGGER t_no_up BEFORE UPDATE OF note ON t  FOR EACH ROW WHEN ( OLD.note <> '' )"
		" EXECUTE FUNCTION t_no_up_fn();\n";
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err = { 0 };

	(void)state;
	assert_int_equal(schema_pg_translate(sql, &b, &err), 0);
	assert_string_equal(b.buf, want);
	assert_null(strstr(b.buf, "RETURN NULL"));
	assert_int_equal(schema_pg_translate("CREATE TRIGGER x AFTER INSERT ON t BEGIN"
					     " UPDATE t SET n = 1; END;", &b, &err), -1);
	assert_non_null(strstr(err.msg, "only BEGIN SELECT RAISE"));
	ms_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_read_write_modes),
		cmocka_unit_test(test_error_kinds),
		cmocka_unit_test(test_pg_every_migration),
		cmocka_unit_test(test_pg_translate_forms),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_not_a_minsheng_db),
		cmocka_unit_test(test_journal_is_append_only),
		cmocka_unit_test(test_rollback_leaves_nothing),
		cmocka_unit_test(test_read_scope),
		cmocka_unit_test(test_init_loads_everything),
		cmocka_unit_test(test_bad_plan_writes_nothing),
	};

	return cmocka_run_group_tests_name("store", tests, make_dir, remove_dir);
}
