/*
 * backup.h - the reader of minsheng's backup files (JSON lines, see
 * backup.c), apart from any database so that it can be fuzzed.
 */
#ifndef MS_STORE_BACKUP_H
#define MS_STORE_BACKUP_H

#include <stdio.h>

#include "store/store.h"

struct db_val;

struct backup_reader {
	/* a table begins: its name and columns (checked identifiers) */
	int (*table)(void *arg, const char *table, char cols[][STORE_NAME_MAX], int ncols,
		     struct ms_err *err);
	/* one row of the current table: exactly ncols values */
	int (*row)(void *arg, const struct db_val *v, int n, struct ms_err *err);
	void *arg;
};

/*
 * Reads a whole backup from in (name for messages), checking its shape, the
 * rows counted at each table's end and at the end of the file; schema, when
 * not 0, must be the file's schema version. 0, or -1 with err
 * ("NAME:LINE: what is wrong"); the callbacks' own errors stop it too.
 */
int backup_read(FILE *in, const char *name, int schema, const struct backup_reader *r,
		struct ms_err *err);

#endif
