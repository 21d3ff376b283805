/*
 * sink.c - buffered output into PATH.tmp-PID, renamed on success; the
 * temporary file removed on errors, on SIGINT/SIGTERM/SIGHUP, and after a
 * kill -9 by the next run on the same path.
 */
#include "sink.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/json.h"
#include "core/banned.h"

/*
 * The live temporary files, for the signal handler: a path is written whole
 * before its slot is marked used, and the slot unmarked before the path is
 * reused; the handler only reads them (unlink is async-signal-safe).
 */
#define TMP_SLOTS 4
static char g_tmp[TMP_SLOTS][4250];
static volatile sig_atomic_t g_tmp_used[TMP_SLOTS];
static pthread_mutex_t g_tmp_mu = PTHREAD_MUTEX_INITIALIZER;
static const int g_sigs[] = { SIGINT, SIGTERM, SIGHUP };

static void tmp_on_signal(int sig)
{
	struct sigaction dfl;
	int i;

	for (i = 0; i < TMP_SLOTS; i++)
		if (g_tmp_used[i])
			unlink(g_tmp[i]);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	raise(sig);   /* pending until this handler returns, then the default: the process ends */
}

void sink_block_signals(sigset_t *old)
{
	sigset_t set;
	int i;

	sigemptyset(&set);
	for (i = 0; i < 3; i++)
		sigaddset(&set, g_sigs[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Registers (on) or forgets the temporary file tmp for the handler; installs it where nobody else handles. */
static void tmp_guard(const char *tmp, int on)
{
	struct sigaction old, act;
	int i;

	pthread_mutex_lock(&g_tmp_mu);
	for (i = 0; i < TMP_SLOTS; i++) {
		if (on && !g_tmp_used[i]) {
			snprintf(g_tmp[i], sizeof(g_tmp[i]), "%s", tmp);
			atomic_signal_fence(memory_order_seq_cst);
			g_tmp_used[i] = 1;
			break;
		}
		if (!on && g_tmp_used[i] && !strcmp(g_tmp[i], tmp)) {
			g_tmp_used[i] = 0;
			atomic_signal_fence(memory_order_seq_cst);
			break;
		}
	}
	if (on) {
		memset(&act, 0, sizeof(act));
		act.sa_handler = tmp_on_signal;
		sigemptyset(&act.sa_mask);
		for (i = 0; i < 3; i++)
			if (!sigaction(g_sigs[i], NULL, &old) && old.sa_handler == SIG_DFL)
				sigaction(g_sigs[i], &act, NULL);
	}
	pthread_mutex_unlock(&g_tmp_mu);
}

/* Removes PATH.tmp-PID files of writers that are gone (no lock held, no such process). */
static void tmp_sweep(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4200], prefix[4250], full[8500];
	size_t plen;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 2, slash ? path : "./");
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.tmp-", slash ? slash + 1 : path);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char *end;
		long pid;
		int fd;

		if (strncmp(e->d_name, prefix, plen) || !e->d_name[plen])
			continue;
		pid = strtol(e->d_name + plen, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || !(kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		snprintf(full, sizeof(full), "%s%s", dir, e->d_name);
		if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		if (!flock(fd, LOCK_EX | LOCK_NB))
			unlink(full);
		close(fd);
	}
	closedir(d);
}

int sink_open(struct sink *s, const char *path)
{
	int e;

	memset(s, 0, sizeof(*s));
	s->buf = malloc(SINK_CHUNK + 4096);
	if (!s->buf)
		abort();
	if (!path) {
		s->fd = 1;
		return 0;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	if (!ms_file_special(path)) {   /* else /dev/null, a FIFO: written in place, never renamed over */
		snprintf(s->tmp, sizeof(s->tmp), "%s.tmp-%ld", path, (long)getpid());
		tmp_sweep(path);
		tmp_guard(s->tmp, 1);   /* before the file exists: a signal from here on removes it */
	}
	s->fd = open(s->tmp[0] ? s->tmp : path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (s->fd < 0) {
		e = errno;
		if (s->tmp[0])
			tmp_guard(s->tmp, 0);
		free(s->buf);
		s->buf = NULL;
		errno = e;
		return -1;
	}
	if (s->tmp[0])
		flock(s->fd, LOCK_EX | LOCK_NB);   /* held while this process lives */
	return 0;
}

void sink_write(struct sink *s, const char *p, size_t n)
{
	size_t off = 0;
	ssize_t w;

	while (off < n && !s->failed) {
		w = write(s->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
			break;
		}
		off += (size_t)w;
	}
}

void sink_flush(struct sink *s)
{
	sink_write(s, s->buf, s->len);
	s->len = 0;
}

int sink_close(struct sink *s, int commit, struct ms_err *err)
{
	int rc = 0;

	if (!s->buf)
		return 0;
	if (commit)
		sink_flush(s);
	if (s->path[0]) {
		if (close(s->fd) && !s->failed) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
		}
		if (s->tmp[0]) {
			if (commit && !s->failed && rename(s->tmp, s->path)) {
				s->failed = 1;
				snprintf(s->why, sizeof(s->why), "%s", strerror(errno));
			}
			if (!commit || s->failed)
				unlink(s->tmp);
			tmp_guard(s->tmp, 0);
		}
	}
	if (commit && s->failed)
		rc = ms_err_set(err, "%s: cannot write: %s", s->path[0] ? s->path : "stdout", s->why);
	free(s->buf);
	s->buf = NULL;
	return rc;
}
