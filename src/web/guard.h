/*
 * guard.h - the server's defence against slow and greedy clients (guard.c):
 * every connection tracked from accept to close; a deadline for each
 * request's head and body (not an idle timeout that each byte resets); a cap
 * on all connections and one per address that leaves room for new clients;
 * the real client's address from X-Forwarded-For only when the peer is a
 * trusted proxy. server.c is its user; web.h carries struct guard_opts for serve.
 */
#ifndef MS_WEB_GUARD_H
#define MS_WEB_GUARD_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

#include "core/err.h"

#define GUARD_DEADLINE 10         /* seconds for a request's head and body */
#define GUARD_MAX_CONNECTIONS 768 /* connections in all */
#define GUARD_MAX_PER_ADDRESS 32  /* connections from one address (a trusted proxy: no cap) */
#define GUARD_MAX_PROXIES 16

struct guard_opts {
	unsigned deadline, max_connections, max_per_address;
	const char *trusted;      /* "ADDR[,ADDR...]" IPv4 or IPv6 addresses, or NULL */
};

/* Sets the limits (0: the defaults) and the trusted proxies; starts the watchdog. 0, or -1 with err. */
int guard_start(const struct guard_opts *o, struct ms_err *err);
/* Stops the watchdog (after the daemon has stopped). */
void guard_stop(void);

/* libmicrohttpd's accept policy: refuses past the caps (MHD_NO). */
int guard_accept(const struct sockaddr *addr);
/*
 * A connection started (fd, peer) or closed; *ctx is libmicrohttpd's socket
 * context. A start past a cap (two threads accepted at once) is cut at once.
 */
void guard_opened(void **ctx, int fd, const struct sockaddr *addr);
void guard_closed(void **ctx);
/* The connection's request has been read (the deadline no longer runs) or answered (it runs again). */
void guard_request_read(void *ctx);
void guard_request_done(void *ctx);

/* The peer's address as text into out ("" when unknown). */
void guard_addr_text(const struct sockaddr *addr, char *out, size_t n);
/* Sets the trusted proxies from "ADDR[,ADDR...]" (NULL: none); guard_start calls it. 0, or -1 with err. */
int guard_trust(const char *list, struct ms_err *err);
/* 1 when the peer (text) is a trusted proxy. */
int guard_trusted(const char *peer);
/*
 * The client's address: the peer's, or, when the peer is a trusted proxy and
 * X-Forwarded-For is given, its rightmost address that is not a trusted
 * proxy (each proxy appends the address it saw). Written into out.
 */
void guard_client(const char *peer, const char *xff, char *out, size_t n);

#endif
