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

/*
 * The streaming writer: a document written straight into a buffer, byte for
 * byte what ms_json_dump makes of the same tree (jansson's spacing, escapes
 * and integer format), without building the tree. For answers computed
 * often (the status): no allocation per value. NULL writes null. The
 * document stays valid UTF-8: a character cut short at the end of a string
 * (a fixed-size copy) is left out, any other invalid byte becomes U+FFFD —
 * where jansson would refuse the string and drop its key. Nesting is at
 * most MS_JW_DEPTH deep.
 */
#define MS_JW_DEPTH 32

struct ms_jw {
	struct ms_buf *b;
	int pretty;
	int depth;
	unsigned char has[MS_JW_DEPTH + 1];   /* the container at each depth has a member already */
	char close[MS_JW_DEPTH + 1];          /* and its closing bracket */
	int after_key;                        /* a key was written: its value comes next */
};

void ms_jw_init(struct ms_jw *w, struct ms_buf *b, int pretty);
void ms_jw_obj(struct ms_jw *w);
void ms_jw_arr(struct ms_jw *w);
void ms_jw_end(struct ms_jw *w);       /* closes the innermost object or array */
void ms_jw_key(struct ms_jw *w, const char *k);
void ms_jw_str(struct ms_jw *w, const char *s);
void ms_jw_int(struct ms_jw *w, long long v);
void ms_jw_bool(struct ms_jw *w, int v);
void ms_jw_null(struct ms_jw *w);
/*
 * Pieces written apart and put together later (a document kept in parts):
 * ms_jw_nested starts w on b as if depth containers were open and a key
 * written, so the value it is given next lands without a separator — a
 * piece for that depth; ms_jw_raw writes such a piece as the next value of
 * w, which must be at the same depth and pretty alike.
 */
void ms_jw_nested(struct ms_jw *w, struct ms_buf *b, int pretty, int depth);
void ms_jw_raw(struct ms_jw *w, const char *piece, size_t len);
/* A document's end: the final newline when pretty, as ms_json_dump. */
void ms_jw_finish(struct ms_jw *w);

/* Reads a whole file into b (at most cap bytes); 0 or -1 with err naming the path. */
int ms_file_read(struct ms_buf *b, const char *path, size_t cap, struct ms_err *err);

/*
 * Writes data to path through a temporary file beside it, renamed into place: all or nothing.
 * A path that is there and is no regular file (/dev/null, /dev/stdout, a FIFO) is written
 * in place, never replaced.
 */
int ms_file_write_atomic(const char *path, const void *data, size_t len, struct ms_err *err);

/* 1 when path is there and is no regular file (a device, a FIFO, a directory): outputs write into it, never rename over it. */
int ms_file_special(const char *path);

#endif
