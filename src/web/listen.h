/*
 * listen.h - the server's listening socket and the one thread that accepts
 * on it (listen.c), handing each connection to libmicrohttpd's workers.
 */
#ifndef MS_WEB_LISTEN_H
#define MS_WEB_LISTEN_H

#include <netinet/in.h>
#include <pthread.h>

#include "core/err.h"

struct MHD_Daemon;

struct web_listener {
	int fd;            /* the listening socket; -1 when closed */
	int wake[2];       /* a pipe: a byte written stops the thread */
	pthread_t thread;
	int running;
	struct MHD_Daemon *daemon;
};

/* Binds and listens on sa; *port is the port bound (sa's, or the one chosen for 0). 0, or -1 with err (errno kept). */
int web_listen_open(struct web_listener *l, const struct sockaddr_in *sa, unsigned *port, struct ms_err *err);
/* Starts accepting for d (started with MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC). 0, or -1 with err. */
int web_listen_start(struct web_listener *l, struct MHD_Daemon *d, struct ms_err *err);
/* Stops the thread (if started) and closes the socket; before d is stopped. */
void web_listen_close(struct web_listener *l);

#endif
