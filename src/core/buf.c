/*
 * buf.c - the growable, capped byte buffer (see buf.h for the invariants).
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

char ms_buf_empty[1];

void ms_buf_init(struct ms_buf *b, size_t cap)
{
	b->buf = ms_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap ? cap : MS_BUF_DEFAULT_CAP;
}

void ms_buf_release(struct ms_buf *b)
{
	size_t cap = b->cap;

	if (b->alloc)
		free(b->buf);
	ms_buf_init(b, cap);
}

void ms_buf_reset(struct ms_buf *b)
{
	ms_buf_setlen(b, 0);
}

char *ms_buf_detach(struct ms_buf *b, size_t *len)
{
	char *s;

	if (len)
		*len = b->len;
	if (!b->alloc) {
		s = calloc(1, 1);
		if (!s)
			abort();
	} else {
		s = b->buf;
	}
	ms_buf_init(b, b->cap);
	return s;
}

int ms_buf_grow(struct ms_buf *b, size_t n)
{
	size_t want, nalloc;
	char *p;

	if (n > b->cap || b->len > b->cap - n)
		return -1;
	want = b->len + n + 1;
	if (want <= b->alloc)
		return 0;
	nalloc = b->alloc ? b->alloc : 64;
	while (nalloc < want)
		nalloc = nalloc > SIZE_MAX / 2 ? want : nalloc * 2;
	p = realloc(b->alloc ? b->buf : NULL, nalloc);
	if (!p)
		abort();
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = nalloc;
	return 0;
}

void ms_buf_setlen(struct ms_buf *b, size_t len)
{
	if (len > b->len)
		abort();
	b->len = len;
	if (b->alloc)
		b->buf[len] = '\0';
}

int ms_buf_add(struct ms_buf *b, const void *data, size_t n)
{
	if (!n)
		return 0;
	if (ms_buf_grow(b, n) < 0)
		return -1;
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int ms_buf_adds(struct ms_buf *b, const char *s)
{
	return ms_buf_add(b, s, strlen(s));
}

int ms_buf_addch(struct ms_buf *b, int c)
{
	char ch = (char)c;

	if (b->len + 1 < b->alloc && b->len < b->cap) {   /* room: no call, no copy */
		b->buf[b->len++] = ch;
		b->buf[b->len] = '\0';
		return 0;
	}
	return ms_buf_add(b, &ch, 1);
}

/*
 * Formats into the room already allocated when the text fits (one pass, the
 * usual case for the pages' short pieces); else measures, grows and formats
 * again. The NUL at len is put back when the text does not fit or fails.
 */
int ms_buf_vaddf(struct ms_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room = b->alloc > b->len ? b->alloc - b->len : 0;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0 || (size_t)n > b->cap - b->len) {
		if (room)
			b->buf[b->len] = '\0';
		return -1;
	}
	if ((size_t)n < room) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->buf[b->len] = '\0';
	if (ms_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int ms_buf_addf(struct ms_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ms_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}
