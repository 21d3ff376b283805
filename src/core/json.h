/*
 * json.h - the few helpers we add on top of jansson: loading a file with an
 * error that names file:line:column, and JSON paths for error messages.
 */
#ifndef MS_JSON_H
#define MS_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Largest JSON document we load (plan files are a few hundred KiB). */
#define MS_JSON_MAX_FILE ((size_t)64 << 20)

/*
 * Parses the file at path. Returns a new reference, or NULL with err set to
 * "path:line:column: reason" (invalid JSON, invalid UTF-8, too large,
 * duplicate object keys, unreadable).
 */
json_t *ms_json_load_file(const char *path, struct ms_err *err);

/* As above on bytes in memory; name is used in errors. */
json_t *ms_json_load_bytes(const char *data, size_t len, const char *name, struct ms_err *err);

/* Appends the compact or pretty (indent 2, keys in document order) encoding, with a final newline when pretty. */
int ms_json_dump(struct ms_buf *b, const json_t *j, int pretty);

/* Reads a whole file into b (at most cap bytes); 0 or -1 with err naming the path. */
int ms_file_read(struct ms_buf *b, const char *path, size_t cap, struct ms_err *err);

/* Writes data to path through a temporary file beside it, renamed into place: all or nothing. */
int ms_file_write_atomic(const char *path, const void *data, size_t len, struct ms_err *err);

#endif
