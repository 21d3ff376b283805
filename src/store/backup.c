/*
 * backup.c - moving and keeping a whole database: `backup` (SQLite: the
 * online backup API into a SQLite file; PostgreSQL: every table as JSON
 * lines read in one REPEATABLE READ transaction), `restore` (either kind of
 * file) and `db copy` between the backends. Both backends write and read
 * the same JSON lines:
 *
 *   {"minsheng":"backup","format":1,"schema":4,"from":"postgresql"}
 *   {"table":"org","columns":["code","name","kind","parent"]}
 *   ["360000","江西省","province",null]               one array per row
 *   {"end":"org","rows":126}
 *   …                                                 every table, parents first
 *   {"end":"*","tables":19,"rows":4321}
 *
 * Integers are JSON integers, text JSON strings, bytes {"hex":"…"}, NULL null.
 * Rows go in the order they were inserted (rowid), so ids and orderings
 * come back as they were. The reader (backup_read) is fuzzed (fuzz_backup).
 */
#include "db_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "backup.h"
#include "core/json.h"
#include "core/banned.h"

#define MAX_COLS 64
#define LINE_MAX_BYTES ((size_t)64 << 20)

/* --- writing --- */

struct dump {
	FILE *out;
	struct store *st;
	const char *table;
	int64_t rows;
	struct ms_err *err;
};

static int put_line(struct dump *d, json_t *j)
{
	struct ms_buf b = MS_BUF_INIT;
	int rc = 0;

	if (!j)
		return ms_err_set(d->err, "%s: a value that is not valid UTF-8", d->table);
	ms_json_dump(&b, j, 0);
	ms_buf_addch(&b, '\n');
	json_decref(j);
	if (fwrite(b.buf, 1, b.len, d->out) != b.len)
		rc = ms_err_setk(d->err, MS_E_INTERNAL, "write: %s", strerror(errno));
	ms_buf_release(&b);
	return rc;
}

static json_t *hex_value(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	struct ms_buf b = MS_BUF_INIT;
	json_t *j;
	size_t i;

	for (i = 0; i < n; i++) {
		ms_buf_addch(&b, digits[p[i] >> 4]);
		ms_buf_addch(&b, digits[p[i] & 15]);
	}
	j = json_pack("{s:s}", "hex", b.len ? b.buf : "");
	ms_buf_release(&b);
	return j;
}

/* One row as a JSON array; the hidden rowid column of PostgreSQL left out. */
static int dump_row(struct db_row *r, void *ctx)
{
	struct dump *d = ctx;
	json_t *a = json_array(), *v;
	const void *p;
	size_t n;
	int i;

	for (i = 0; i < db_col_count(r); i++) {
		if (!strcmp(db_col_name(r, i), "rowid"))
			continue;
		switch (db_col_type(r, i)) {
		case 'n': v = json_null(); break;
		case 'i': v = json_integer(db_col_int(r, i)); break;
		case 'b': p = db_col_blob(r, i, &n); v = hex_value(p, n); break;
		default: v = json_string(db_col_text(r, i)); break;
		}
		if (!v) {
			json_decref(a);
			return ms_err_set(d->err, "%s.%s: a value that is not valid UTF-8", d->table,
					  db_col_name(r, i));
		}
		json_array_append_new(a, v);
	}
	d->rows++;
	return put_line(d, a) ? -1 : 0;
}

int store_dump(struct store *st, FILE *out, struct ms_err *err)
{
	char names[STORE_TABLES_MAX][STORE_NAME_MAX], sql[STORE_NAME_MAX + 4096 + 64];
	struct dump d = { out, st, NULL, 0, err };
	char col[MAX_COLS][STORE_NAME_MAX];
	json_t *cols;
	int64_t total = 0;
	int n, i, k, nc, rc = -1;
	const char *key;

	if (st->ops->snapshot(st, err))
		return -1;
	if ((n = store_tables(st, names, STORE_TABLES_MAX, err)) < 0)
		goto out;
	if (put_line(&d, json_pack("{s:s, s:i, s:i, s:s}", "minsheng", "backup", "format", 1,
				   "schema", store_schema_version(), "from", st->ops->name)))
		goto out;
	for (i = 0; i < n; i++) {
		d.table = names[i];
		d.rows = 0;
		if ((nc = st->ops->columns(st, names[i], col, MAX_COLS, err)) < 0)
			goto out;
		cols = json_array();
		for (k = 0; k < nc; k++)
			json_array_append_new(cols, json_string(col[k]));
		if (put_line(&d, json_pack("{s:s, s:o}", "table", names[i], "columns", cols)))
			goto out;
		if (!(key = st->ops->order_key(st, names[i], err)))
			goto out;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY %s", names[i], key);
		if (db_rows_once(st, sql, "read", dump_row, &d, err, "") < 0 ||
		    put_line(&d, json_pack("{s:s, s:I}", "end", names[i], "rows", (json_int_t)d.rows)))
			goto out;
		total += d.rows;
	}
	rc = put_line(&d, json_pack("{s:s, s:i, s:I}", "end", "*", "tables", n, "rows",
				    (json_int_t)total));
out:
	st->ops->rollback(st);
	return rc;
}

/* --- reading --- */

static int ident(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) >= STORE_NAME_MAX || (*s >= '0' && *s <= '9'))
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A JSON value of a row into v; bytes decoded into *bytes (kept until the row is done). */
static int row_value(json_t *j, struct db_val *v, struct ms_buf *bytes, size_t *off)
{
	const char *h;
	size_t i, n;

	memset(v, 0, sizeof(*v));
	if (json_is_null(j)) {
		v->kind = 'n';
	} else if (json_is_integer(j)) {
		v->kind = 'i';
		v->i = json_integer_value(j);
	} else if (json_is_string(j)) {
		v->kind = 't';
		v->p = json_string_value(j);
		if (strlen(v->p) != json_string_length(j))
			return -1;   /* a NUL inside text */
	} else if (json_is_object(j) && json_object_size(j) == 1 &&
		   (h = json_string_value(json_object_get(j, "hex")))) {
		n = strlen(h);
		if (n % 2)
			return -1;
		*off = bytes->len;
		for (i = 0; i < n; i += 2) {
			int a = hexval(h[i]), b = hexval(h[i + 1]);

			if (a < 0 || b < 0)
				return -1;
			ms_buf_addch(bytes, a << 4 | b);
		}
		v->kind = 'b';
		v->n = n / 2;
	} else {
		return -1;
	}
	return 0;
}

struct rd {
	const char *name;
	long line;
	int state;            /* 0 header, 1 between tables, 2 in a table, 3 after the end */
	char table[STORE_NAME_MAX];
	int ncols, tables;
	int64_t rows, total;
	const struct backup_reader *r;
	int schema;
};

static int bad(struct rd *d, struct ms_err *err, const char *what)
{
	return ms_err_set(err, "%s:%ld: 备份文件有误：%s (not a valid backup)", d->name, d->line, what);
}

static int rd_header(struct rd *d, json_t *j, struct ms_err *err)
{
	json_t *sv = json_object_get(j, "schema");

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "minsheng")) ||
	    strcmp(json_string_value(json_object_get(j, "minsheng")), "backup") ||
	    json_integer_value(json_object_get(j, "format")) != 1 || !json_is_integer(sv))
		return bad(d, err, "the first line is not a minsheng backup header");
	if (d->schema && json_integer_value(sv) != d->schema)
		return ms_err_set(err, "%s: 备份的数据库版本为 %lld，本程序为 %d (the backup's schema "
				  "version %lld is not this program's %d)", d->name,
				  (long long)json_integer_value(sv), d->schema,
				  (long long)json_integer_value(sv), d->schema);
	d->state = 1;
	return 0;
}

static int rd_table(struct rd *d, json_t *j, struct ms_err *err)
{
	char cols[MAX_COLS][STORE_NAME_MAX];
	const char *t = json_string_value(json_object_get(j, "table"));
	json_t *c = json_object_get(j, "columns"), *x;
	size_t k;

	if (!ident(t) || !json_is_array(c) || !json_array_size(c) || json_array_size(c) > MAX_COLS ||
	    json_object_size(j) != 2)
		return bad(d, err, "a table line needs a table name and its columns");
	json_array_foreach(c, k, x) {
		if (!ident(json_string_value(x)))
			return bad(d, err, "a column name is not a plain name");
		snprintf(cols[k], STORE_NAME_MAX, "%s", json_string_value(x));
	}
	snprintf(d->table, sizeof(d->table), "%s", t);
	d->ncols = (int)json_array_size(c);
	d->rows = 0;
	d->state = 2;
	return d->r->table ? d->r->table(d->r->arg, t, cols, d->ncols, err) : 0;
}

static int rd_row(struct rd *d, json_t *j, struct ms_err *err)
{
	struct db_val v[MAX_COLS];
	size_t off[MAX_COLS], k;
	struct ms_buf bytes = MS_BUF_INIT;
	json_t *x;
	int rc = 0;

	if (json_array_size(j) != (size_t)d->ncols)
		return bad(d, err, "a row has not as many values as the table has columns");
	json_array_foreach(j, k, x) {
		off[k] = 0;
		if (row_value(x, &v[k], &bytes, &off[k])) {
			ms_buf_release(&bytes);
			return bad(d, err, "a value is not an integer, text, null or {\"hex\": …}");
		}
	}
	for (k = 0; k < (size_t)d->ncols; k++)   /* the buffer has stopped moving */
		if (v[k].kind == 'b')
			v[k].p = bytes.buf ? bytes.buf + off[k] : "";
	d->rows++;
	if (d->r->row)
		rc = d->r->row(d->r->arg, v, d->ncols, err);
	ms_buf_release(&bytes);
	return rc;
}

static int rd_end(struct rd *d, json_t *j, struct ms_err *err)
{
	const char *e = json_string_value(json_object_get(j, "end"));

	if (d->state == 2) {
		if (!e || strcmp(e, d->table) ||
		    json_integer_value(json_object_get(j, "rows")) != d->rows)
			return bad(d, err, "a table's end does not name it or count its rows");
		d->tables++;
		d->total += d->rows;
		d->state = 1;
		return 0;
	}
	if (!e || strcmp(e, "*") || json_integer_value(json_object_get(j, "tables")) != d->tables ||
	    json_integer_value(json_object_get(j, "rows")) != d->total)
		return bad(d, err, "the last line does not count the tables and rows read");
	d->state = 3;
	return 0;
}

static int rd_line(struct rd *d, json_t *j, struct ms_err *err)
{
	if (d->state == 0)
		return rd_header(d, j, err);
	if (d->state == 3)
		return bad(d, err, "lines after the end");
	if (d->state == 2 && json_is_array(j))
		return rd_row(d, j, err);
	if (json_is_object(j) && json_object_get(j, "end"))
		return rd_end(d, j, err);
	if (d->state == 1 && json_is_object(j))
		return rd_table(d, j, err);
	return bad(d, err, "a line out of place");
}

int backup_read(FILE *in, const char *name, int schema, const struct backup_reader *r,
		struct ms_err *err)
{
	struct rd d = { .name = name, .r = r, .schema = schema };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	json_error_t je;
	json_t *j;
	int rc = 0;

	while (!rc && (n = getline(&line, &cap, in)) >= 0) {
		d.line++;
		if ((size_t)n > LINE_MAX_BYTES) {
			rc = bad(&d, err, "a line is too long");
			break;
		}
		j = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &je);
		if (!j) {
			rc = ms_err_set(err, "%s:%ld:%d: 备份文件有误：%s (not a valid backup)", name, d.line,
					je.column, je.text);
			break;
		}
		rc = rd_line(&d, j, err);
		json_decref(j);
	}
	free(line);
	if (!rc && d.state != 3)
		rc = ms_err_set(err, "%s:%ld: 备份文件不完整 (the backup ends before its last line)",
				name, d.line);
	return rc;
}

/* --- loading into a new database --- */

struct load {
	struct store *to;
	char names[STORE_TABLES_MAX][STORE_NAME_MAX];
	int ntables;
	char *sql[STORE_TABLES_MAX];   /* one INSERT per table, alive until the store closes */
	int nsql;
	const char *cur;               /* the current table's INSERT */
	int loading;                   /* a table is being loaded through the backend's load_* */
};

/* Finishes the table being loaded through load_* (ok 0: abandons it). */
static int load_flush(struct load *l, int ok, struct ms_err *err)
{
	if (!l->loading)
		return 0;
	l->loading = 0;
	return l->to->ops->load_end(l->to, ok, err);
}

static void load_release(struct load *l)
{
	int i;

	for (i = 0; i < l->nsql; i++)
		free(l->sql[i]);
	l->nsql = 0;
}

static int load_table(void *arg, const char *table, char cols[][STORE_NAME_MAX], int ncols,
		      struct ms_err *err)
{
	struct load *l = arg;
	struct ms_buf b = MS_BUF_INIT;
	char del[96];
	int64_t n = 0;
	int i, known = 0;

	for (i = 0; i < l->ntables; i++)
		known |= !strcmp(l->names[i], table);
	if (!known)
		return ms_err_set(err, "%s: 本数据库没有表 %s (no table %s in this database)",
				  l->to->path, table, table);
	if (load_flush(l, 1, err))
		return -1;
	if (l->nsql == STORE_TABLES_MAX)
		return ms_err_set(err, "more than %d tables", STORE_TABLES_MAX);
	/* rows a migration put there are replaced by the backup's */
	snprintf(del, sizeof(del), "SELECT COUNT(*) FROM %s", table);
	if (db_rows_once(l->to, del, "count", db_take_int, &n, err, "") < 0)
		return -1;
	snprintf(del, sizeof(del), "DELETE FROM %s", table);
	if (n && db_rows_once(l->to, del, "empty", NULL, NULL, err, "") < 0)
		return -1;
	if (l->to->ops->load_start) {   /* PostgreSQL: COPY, not a round trip per row */
		if (l->to->ops->load_start(l->to, table, cols, ncols, err))
			return -1;
		l->loading = 1;
		return 0;
	}
	ms_buf_addf(&b, "INSERT INTO %s (", table);
	for (i = 0; i < ncols; i++)
		ms_buf_addf(&b, "%s%s", i ? ", " : "", cols[i]);
	ms_buf_adds(&b, ") VALUES (");
	for (i = 0; i < ncols; i++)
		ms_buf_addf(&b, "%s$%d", i ? ", " : "", i + 1);
	ms_buf_adds(&b, ")");
	l->cur = l->sql[l->nsql++] = ms_buf_detach(&b, NULL);
	return 0;
}

static int load_row(void *arg, const struct db_val *v, int n, struct ms_err *err)
{
	struct load *l = arg;

	if (l->loading)
		return l->to->ops->load_row(l->to, n, v, err);
	return l->to->ops->run_vals(l->to, l->cur, 1, n, v, err);
}

/* A new, empty database at db (built aside when a file); *tmp is what to rename, if any. */
static int create_target(const char *db, int force, int version, struct store **to, struct ms_buf *tmp,
			 struct ms_err *err)
{
	struct store *st = NULL;
	struct stat sb;

	if (store_is_url(db)) {
		if (!force && !store_open(&st, db, STORE_READ, NULL)) {
			store_close(st);
			return ms_err_field(err, MS_E_CONFLICT, "force", "%s: 数据库已存在，须明确要求才替换 "
					    "(a database is already there; replace it only on purpose)", db);
		}
		if (force && store_wipe(db, err))
			return -1;
		return store_create_at(to, db, version, err);
	}
	if (!force && stat(db, &sb) == 0)
		return ms_err_field(err, MS_E_CONFLICT, "force", "%s: 数据库已存在，须明确要求才替换 "
				    "(a database is already there; replace it only on purpose)", db);
	ms_buf_addf(tmp, "%s.new-%ld", db, (long)getpid());
	unlink(tmp->buf);
	return store_create_at(to, tmp->buf, version, err);
}

/* Puts the finished database in place (a file: renamed over db), or undoes it. */
static int finish_target(const char *db, struct store *to, struct ms_buf *tmp, int ok,
			 struct ms_err *err)
{
	static const char *const sfx[] = { "-wal", "-shm", "-journal", NULL };
	struct ms_buf side = MS_BUF_INIT;
	size_t i;

	store_close(to);
	if (store_is_url(db)) {
		if (!ok)
			store_wipe(db, NULL);
		return ok ? 0 : -1;
	}
	if (ok) {
		for (i = 0; sfx[i]; i++) {
			ms_buf_reset(&side);
			ms_buf_addf(&side, "%s%s", db, sfx[i]);
			unlink(side.buf);
		}
		if (rename(tmp->buf, db) == 0) {
			ms_buf_release(&side);
			return 0;
		}
		ms_err_setk(err, MS_E_INTERNAL, "%s: 新数据库无法就位 (cannot move it into place: %s)",
			    db, strerror(errno));
	}
	for (i = 0; sfx[i]; i++) {
		ms_buf_reset(&side);
		ms_buf_addf(&side, "%s%s", tmp->buf, sfx[i]);
		unlink(side.buf);
	}
	unlink(tmp->buf);
	ms_buf_release(&side);
	return -1;
}

struct copy {
	struct load *l;
	struct ms_err *err;
};

static int copy_row(struct db_row *r, void *ctx)
{
	struct copy *c = ctx;
	struct db_val v[MAX_COLS];
	int i, n = 0;

	for (i = 0; i < db_col_count(r) && n < MAX_COLS; i++) {
		if (!strcmp(db_col_name(r, i), "rowid"))
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].kind = db_col_type(r, i);
		if (v[n].kind == 'i')
			v[n].i = db_col_int(r, i);
		else if (v[n].kind == 'b')
			v[n].p = db_col_blob(r, i, &v[n].n);
		else if (v[n].kind == 't')
			v[n].p = db_col_text(r, i);
		n++;
	}
	return load_row(c->l, v, n, c->err);
}

/* Every table of from (in one snapshot) into l->to, in one transaction. */
static int copy_tables(struct store *from, struct load *l, struct ms_err *err)
{
	char names[STORE_TABLES_MAX][STORE_NAME_MAX], col[MAX_COLS][STORE_NAME_MAX], sql[STORE_NAME_MAX + 4096 + 64];
	struct copy c = { l, err };
	const char *key;
	int n, i, nc;

	if ((n = store_tables(from, names, STORE_TABLES_MAX, err)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((nc = from->ops->columns(from, names[i], col, MAX_COLS, err)) < 0 ||
		    load_table(l, names[i], col, nc, err) || !(key = from->ops->order_key(from, names[i], err)))
			return -1;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY %s", names[i], key);
		if (db_rows_once(from, sql, "read", copy_row, &c, err, "") < 0)
			return -1;
	}
	return 0;
}

/* Opens the new database to load: the tables it has, one transaction begun. */
static int load_begin(const char *db, int force, int version, struct load *l, struct ms_buf *tmp,
		      struct ms_err *err)
{
	memset(l, 0, sizeof(*l));
	if (create_target(db, force, version, &l->to, tmp, err)) {
		if (tmp->len)   /* a file created before its schema failed */
			unlink(tmp->buf);
		return -1;
	}
	if ((l->ntables = store_tables(l->to, l->names, STORE_TABLES_MAX, err)) < 0 ||
	    store_begin(l->to, err))
		return -1;
	return 0;
}

static int load_end(const char *db, struct load *l, struct ms_buf *tmp, int rc, struct ms_err *err)
{
	if (l->to) {
		if (load_flush(l, !rc, err))
			rc = -1;
		if (!rc)
			rc = l->to->ops->after_load(l->to, err);
		rc = store_end(l->to, rc, err);
		if (!rc)   /* an older backup, loaded as it was written, brought up to date */
			rc = store_upgrade(l->to, err);
		if (!rc)
			rc = store_check(l->to, err);
	}
	rc = l->to ? finish_target(db, l->to, tmp, rc == 0, err) : -1;
	load_release(l);
	ms_buf_release(tmp);
	return rc;
}

int store_copy(const char *from_db, const char *to_db, int force, struct ms_err *err)
{
	struct store *from = NULL;
	struct ms_buf tmp = MS_BUF_INIT;
	struct load l;
	int rc;

	if (!strcmp(from_db, to_db))
		return ms_err_field(err, MS_E_INVALID, "to", "%s: 不能复制到自身 (the same database)", to_db);
	if (store_open(&from, from_db, STORE_READ, err))
		return -1;
	rc = from->ops->snapshot(from, err);
	if (!rc) {
		rc = load_begin(to_db, force, store_schema_version(), &l, &tmp, err);
		if (!rc || l.to)
			rc = load_end(to_db, &l, &tmp, rc || copy_tables(from, &l, err), err);
		from->ops->rollback(from);
	}
	ms_buf_release(&tmp);
	store_close(from);
	return rc;
}

/*
 * The schema version a backup's header names (the file rewound after it):
 * 1 to this program's, or -1 with err — a newer backup needs a newer
 * program; an older one is restored as written and then migrated.
 */
static int backup_version(FILE *in, const char *file, struct ms_err *err)
{
	char line[512];
	json_t *j;
	json_int_t v = -1;

	if (fgets(line, sizeof(line), in) && (j = json_loads(line, JSON_DECODE_ANY, NULL))) {
		if (json_is_integer(json_object_get(j, "schema")))
			v = json_integer_value(json_object_get(j, "schema"));
		json_decref(j);
	}
	rewind(in);
	if (v < 0)
		return ms_err_field(err, MS_E_INVALID, "file", "%s:1: 第一行不是民生实事备份的文件头 (the first line is "
				    "not a minsheng backup header)", file);
	if (v < 1 || v > store_schema_version())
		return ms_err_field(err, MS_E_INVALID, "file", "%s: 备份的数据库版本为 %lld，本程序为 %d，须用更新的程序恢复 "
				    "(the backup's schema version %lld is not one this program knows: 1 to %d)",
				    file, (long long)v, store_schema_version(), (long long)v, store_schema_version());
	return (int)v;
}

/* A SQLite file's schema version (user_version, bytes 60-63 of its header), or -1 when not one. */
static int sqlite_file_version(const char *file)
{
	unsigned char head[100] = { 0 };
	FILE *f = fopen(file, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n != sizeof(head) || memcmp(head, "SQLite format 3", 16))
		return -1;
	return (int)((uint32_t)head[60] << 24 | (uint32_t)head[61] << 16 | (uint32_t)head[62] << 8 | head[63]);
}

static int copy_file(const char *from, int fd, struct ms_err *err)
{
	char buf[1 << 16];
	FILE *in = fopen(from, "rb");
	size_t n;
	int rc = 0;

	if (!in)
		return ms_err_field(err, MS_E_NOTFOUND, "file", "%s: 无法读取 (%s)", from, strerror(errno));
	while (!rc && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (write(fd, buf, n) != (ssize_t)n)
			rc = ms_err_setk(err, MS_E_STORAGE, "%s: %s", from, strerror(errno));
	if (ferror(in))
		rc = ms_err_setk(err, MS_E_INTERNAL, "%s: %s", from, strerror(errno));
	fclose(in);
	return rc;
}

/*
 * An older SQLite backup: copied aside (the backup itself is never
 * changed), migrated there, then copied in like a current one.
 */
static int restore_old_sqlite(const char *file, const char *db, int force, struct ms_err *err)
{
	char tmp[] = "/tmp/minsheng-restore-XXXXXX";
	struct store *st = NULL;
	int fd = mkstemp(tmp), rc;

	if (fd < 0)
		return ms_err_setk(err, MS_E_UNAVAILABLE, "%s: %s", tmp, strerror(errno));
	rc = copy_file(file, fd, err);
	if (close(fd) && !rc)
		rc = ms_err_setk(err, MS_E_STORAGE, "%s: %s", tmp, strerror(errno));
	if (!rc && !(rc = store_open(&st, tmp, STORE_WRITE, err)))
		store_close(st);
	if (!rc)
		rc = store_copy(tmp, db, force, err);
	if (rc)
		ms_err_prefix(err, "%s", file);
	unlink(tmp);
	for (fd = 0; fd < 2; fd++) {    /* a WAL left beside it */
		char side[sizeof(tmp) + 8];

		snprintf(side, sizeof(side), "%s%s", tmp, fd ? "-shm" : "-wal");
		unlink(side);
	}
	return rc;
}

int store_restore(const char *file, const char *db, int force, struct ms_err *err)
{
	struct backup_reader r = { load_table, load_row, NULL };
	struct ms_buf tmp = MS_BUF_INIT;
	struct load l;
	FILE *in;
	int rc, version;

	if ((version = sqlite_file_version(file)) >= 0) {
		if (version > 0 && version < store_schema_version())
			return restore_old_sqlite(file, db, force, err);
		return store_copy(file, db, force, err);
	}
	in = fopen(file, "r");
	if (!in)
		return ms_err_field(err, MS_E_NOTFOUND, "file", "%s: 无法读取 (%s)", file, strerror(errno));
	if ((version = backup_version(in, file, err)) < 0) {
		fclose(in);
		return -1;
	}
	rc = load_begin(db, force, version, &l, &tmp, err);
	r.arg = &l;
	if (!rc || l.to)
		rc = load_end(db, &l, &tmp, rc || backup_read(in, file, version, &r, err), err);
	ms_buf_release(&tmp);
	fclose(in);
	return rc;
}

int store_backup(struct store *st, const char *file, struct ms_err *err)
{
	struct ms_buf tmp = MS_BUF_INIT;
	struct stat sb;
	FILE *out;
	int rc;

	if (stat(file, &sb) == 0)
		return ms_err_field(err, MS_E_CONFLICT, "file", "%s: 文件已存在 (already exists)", file);
	ms_buf_addf(&tmp, "%s.part-%ld", file, (long)getpid());
	if (st->ops->backup_file) {
		rc = st->ops->backup_file(st, tmp.buf, err);
	} else if (!(out = fopen(tmp.buf, "w"))) {
		rc = ms_err_setk(err, MS_E_INTERNAL, "%s: %s", tmp.buf, strerror(errno));
	} else {
		rc = store_dump(st, out, err);
		if (fflush(out) || fsync(fileno(out)))
			rc = rc ? rc : ms_err_setk(err, MS_E_INTERNAL, "%s: %s", tmp.buf, strerror(errno));
		fclose(out);
	}
	if (!rc && rename(tmp.buf, file))
		rc = ms_err_setk(err, MS_E_INTERNAL, "%s: %s", file, strerror(errno));
	if (rc)
		unlink(tmp.buf);
	ms_buf_release(&tmp);
	return rc;
}
