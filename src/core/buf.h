/*
 * buf.h - the one growable byte buffer, used for all string building.
 *
 * Invariants (as git's strbuf): b->buf is never NULL and is always
 * NUL-terminated at b->len; b->len <= b->cap. The cap is a hard limit set
 * at init (as curl's dynbuf): an append that would pass it fails, leaves the
 * buffer unchanged and returns -1. Memory exhaustion aborts the process.
 */
#ifndef MS_BUF_H
#define MS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ms_buf {
	char *buf;     /* never NULL; NUL-terminated at len */
	size_t len;    /* bytes in use, not counting the NUL */
	size_t alloc;  /* bytes allocated, 0 while buf points at the static "" */
	size_t cap;    /* most bytes len may reach */
};

extern char ms_buf_empty[];

#define MS_BUF_DEFAULT_CAP ((size_t)256 << 20) /* 256 MiB */
#define MS_BUF_INIT { ms_buf_empty, 0, 0, MS_BUF_DEFAULT_CAP }

/* Starts an empty buffer whose length may never pass cap (0: the default). */
void ms_buf_init(struct ms_buf *b, size_t cap);

/* Frees the contents; b is empty and usable again afterwards. */
void ms_buf_release(struct ms_buf *b);

/* Empties the buffer, keeping its memory. */
void ms_buf_reset(struct ms_buf *b);

/* Hands the bytes to the caller (free() them); b is left empty. */
char *ms_buf_detach(struct ms_buf *b, size_t *len);

/* Appends; each returns 0, or -1 (buffer unchanged) when cap would be passed. */
int ms_buf_add(struct ms_buf *b, const void *data, size_t n);
int ms_buf_adds(struct ms_buf *b, const char *s);
int ms_buf_addch(struct ms_buf *b, int c);
int ms_buf_addf(struct ms_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ms_buf_vaddf(struct ms_buf *b, const char *fmt, va_list ap);

/* Makes room for n more bytes without changing len; 0 or -1 past cap. */
int ms_buf_grow(struct ms_buf *b, size_t n);

/* Shortens to len bytes (len <= b->len). */
void ms_buf_setlen(struct ms_buf *b, size_t len);

#endif
