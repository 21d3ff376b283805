/*
 * json.c - jansson loading with located errors, and dumping into ms_buf.
 */
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

int ms_file_read(struct ms_buf *b, const char *path, size_t cap, struct ms_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return ms_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > cap || ms_buf_add(b, chunk, n) < 0) {
			rc = ms_err_set(err, "%s: file larger than %zu bytes", path, cap);
			goto out;
		}
	}
	if (ferror(f))
		rc = ms_err_set(err, "%s: read error: %s", path, strerror(errno));
out:
	fclose(f);
	return rc;
}

json_t *ms_json_load_bytes(const char *data, size_t len, const char *name, struct ms_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		ms_err_set(err, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column, je.text);
	return j;
}

json_t *ms_json_load_file(const char *path, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	json_t *j = NULL;

	if (ms_file_read(&b, path, MS_JSON_MAX_FILE, err) == 0)
		j = ms_json_load_bytes(b.buf, b.len, path, err);
	ms_buf_release(&b);
	return j;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return ms_buf_add(data, buffer, size);
}

int ms_json_dump(struct ms_buf *b, const json_t *j, int pretty)
{
	size_t flags = JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;

	if (pretty)
		flags |= JSON_INDENT(2);
	else
		flags |= JSON_COMPACT;
	if (json_dump_callback(j, dump_cb, b, flags) < 0)
		return -1;
	return pretty ? ms_buf_addch(b, '\n') : 0;
}

int ms_file_write_atomic(const char *path, const void *data, size_t len, struct ms_err *err)
{
	char tmp[4200];
	FILE *f;
	int bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f)
		return ms_err_set(err, "%s: cannot create: %s", tmp, strerror(errno));
	bad = fwrite(data, 1, len, f) != len;
	bad |= fflush(f) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path)) {
		ms_err_set(err, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
