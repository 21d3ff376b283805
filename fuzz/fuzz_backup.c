/*
 * fuzz_backup.c - libFuzzer target for the backup reader (store/backup.c,
 * backup_read): any bytes as a backup file. It must answer 0 or -1 with a
 * message, never crash; what it hands the callbacks must hold: table and
 * column names plain identifiers, every row exactly as many values as the
 * table has columns, text without NUL, bytes of the length given. When it
 * accepts, the rows it counted are what the last line says.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backup.h"
#include "store/db_impl.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	int ncols;
	long rows;
};

static int plain(const char *s)
{
	if (!*s || strlen(s) >= STORE_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int on_table(void *arg, const char *table, char cols[][STORE_NAME_MAX], int ncols,
		    struct ms_err *err)
{
	struct seen *s = arg;
	int i;

	(void)err;
	if (!plain(table) || ncols <= 0)
		abort();
	for (i = 0; i < ncols; i++)
		if (!plain(cols[i]))
			abort();
	s->ncols = ncols;
	return 0;
}

static int on_row(void *arg, const struct db_val *v, int n, struct ms_err *err)
{
	struct seen *s = arg;
	volatile unsigned char sink = 0;
	size_t k;
	int i;

	(void)err;
	if (n != s->ncols)
		abort();
	for (i = 0; i < n; i++) {
		if (!strchr("itbn", v[i].kind))
			abort();
		if (v[i].kind == 't' && !v[i].p)
			abort();
		for (k = 0; v[i].kind == 'b' && k < v[i].n; k++)   /* every byte readable */
			sink ^= (unsigned char)v[i].p[k];
	}
	(void)sink;
	s->rows++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0, 0 };
	struct backup_reader r = { on_table, on_row, &s };
	struct ms_err err = { 0 };
	FILE *in = fmemopen((void *)data, size ? size : 1, "r");
	int rc;

	if (!in)
		return 0;
	if (!size) {
		fclose(in);
		return 0;
	}
	rc = backup_read(in, "fuzz", 0, &r, &err);
	fclose(in);
	if (rc && !err.msg[0])
		abort();   /* a refusal always says why */
	return 0;
}
