/*
 * listen.c - one thread accepts every connection and hands it to the
 * workers by turns.
 *
 * When each of libmicrohttpd's workers accepted for itself, a burst of
 * clients split unevenly — 200 wrk connections came to 127 on one worker
 * and 73 on the other — and the busier worker's clients waited about 1.7
 * times as long for each answer: the mixed load's p99 was that worker's.
 * MHD_add_connection puts a socket on worker (fd % workers), so sockets
 * accepted one after another alternate between the workers. The guard's
 * caps are asked here (guard_accept), before libmicrohttpd sees the socket.
 */
#include "listen.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "guard.h"
#include "core/banned.h"

int web_listen_open(struct web_listener *l, const struct sockaddr_in *sa, unsigned *port, struct ms_err *err)
{
	struct sockaddr_in got;
	socklen_t len = sizeof(got);
	int on = 1, e;

	memset(l, 0, sizeof(*l));
	l->wake[0] = l->wake[1] = -1;
	l->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0)
		return ms_err_set(err, "socket: %s", strerror(errno));
	setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(l->fd, (const struct sockaddr *)sa, sizeof(*sa)) || listen(l->fd, SOMAXCONN) ||
	    getsockname(l->fd, (struct sockaddr *)&got, &len) || pipe2(l->wake, O_CLOEXEC | O_NONBLOCK)) {
		e = errno;
		web_listen_close(l);
		errno = e;
		return ms_err_set(err, "%s", strerror(e));
	}
	*port = ntohs(got.sin_port);
	return 0;
}

/* Out of files or memory: a pause instead of a loop on a socket that stays readable. */
static int accept_starved(int e)
{
	return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
}

static void *accept_loop(void *arg)
{
	struct web_listener *l = arg;
	struct pollfd pf[2];

	pf[0].fd = l->fd;
	pf[0].events = POLLIN;
	pf[1].fd = l->wake[0];
	pf[1].events = POLLIN;
	for (;;) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[1].revents)
			break;
		for (;;) {
			struct sockaddr_storage addr;
			socklen_t len = sizeof(addr);
			int fd = accept4(l->fd, (struct sockaddr *)&addr, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

			if (fd < 0) {
				if (accept_starved(errno)) {
					struct timespec ts = { 0, 20 * 1000 * 1000 };

					nanosleep(&ts, NULL);
				}
				break;   /* EAGAIN: all taken; ECONNABORTED and the like: the next poll */
			}
			if (!guard_accept((const struct sockaddr *)&addr)) {
				close(fd);
				continue;
			}
			/* closes fd itself when no worker can take it */
			MHD_add_connection(l->daemon, fd, (const struct sockaddr *)&addr, len);
		}
	}
	return NULL;
}

int web_listen_start(struct web_listener *l, struct MHD_Daemon *d, struct ms_err *err)
{
	int e;

	l->daemon = d;
	if ((e = pthread_create(&l->thread, NULL, accept_loop, l)))
		return ms_err_set(err, "accepting thread: %s", strerror(e));
	l->running = 1;
	return 0;
}

void web_listen_close(struct web_listener *l)
{
	if (l->running) {
		ssize_t n = write(l->wake[1], "x", 1);

		(void)n;
		pthread_join(l->thread, NULL);
		l->running = 0;
	}
	if (l->fd >= 0)
		close(l->fd);
	if (l->wake[0] >= 0)
		close(l->wake[0]);
	if (l->wake[1] >= 0)
		close(l->wake[1]);
	l->fd = l->wake[0] = l->wake[1] = -1;
}
