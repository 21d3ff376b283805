/*
 * sink.h - an output file written through a buffer into a temporary name
 * beside it (PATH.tmp-PID) and renamed into place only on success; or stdout.
 *
 * The temporary file is removed on every exit: an error (sink_close without
 * commit), SIGINT, SIGTERM or SIGHUP (a handler installed when those are at
 * their default; it unlinks paths prepared beforehand, async-signal-safe).
 * One left by a kill -9 is removed by the next sink_open of the same path: its
 * writer held an flock on it while alive, and its PID is gone. Threads other
 * than the caller's must not take those signals: start them under
 * sink_block_signals.
 */
#ifndef MS_RULES_SINK_H
#define MS_RULES_SINK_H

#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "core/err.h"

#define SINK_CHUNK ((size_t)1 << 20)

struct sink {
	int fd;
	char path[4200], tmp[4250];
	char *buf;
	size_t len;
	int failed;
	char why[256];
};

/*
 * Opens PATH.tmp-PID (after sweeping dead writers' ones), or stdout when path is NULL, or the
 * path itself when it is there and is no regular file (/dev/null, a FIFO); -1 with errno.
 */
int sink_open(struct sink *s, const char *path);

/* Writes p[0..n) whole, or marks the sink failed with the reason. */
void sink_write(struct sink *s, const char *p, size_t n);
void sink_flush(struct sink *s);

/* Flushes, closes and renames into place (commit) or removes the temporary file; frees the buffer. */
int sink_close(struct sink *s, int commit, struct ms_err *err);

/* Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (old: the mask to restore). */
void sink_block_signals(sigset_t *old);

static inline void sink_add(struct sink *s, const char *p, size_t n)
{
	if (s->len + n > SINK_CHUNK) {
		sink_flush(s);
		if (n > SINK_CHUNK) {
			sink_write(s, p, n);
			return;
		}
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

#endif
