/*
 * guard.c - slow and greedy clients (guard.h): each connection is tracked
 * from accept to close under one mutex; a watchdog thread cuts (shutdown)
 * a connection whose request head and body have not arrived within the
 * deadline, so a client sending one byte every few seconds holds a slot for
 * at most that long; caps on all connections and per address, a trusted
 * proxy exempt; the client's address behind a trusted proxy.
 */
#include "guard.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "metrics.h"
#include "core/banned.h"

struct track {
	struct track *prev, *next;
	int fd;
	char addr[INET6_ADDRSTRLEN];
	long long since;          /* ms_clock_mono_ms() when the current request began */
	int reading;              /* the deadline runs */
	int listed;               /* counted (in g_head); 0: refused past a cap */
};

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static struct track *g_head;
static unsigned g_count;
static struct guard_opts g_o;
static char g_trusted[GUARD_MAX_PROXIES][INET6_ADDRSTRLEN];
static int g_ntrusted, g_running;
static pthread_t g_thread;

void guard_addr_text(const struct sockaddr *addr, char *out, size_t n)
{
	out[0] = '\0';
	if (!addr)
		return;
	if (addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)addr)->sin_addr, out, (socklen_t)n);
	else if (addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)addr)->sin6_addr, out, (socklen_t)n);
}

int guard_trusted(const char *peer)
{
	int i;

	for (i = 0; i < g_ntrusted; i++)
		if (!strcmp(peer, g_trusted[i]))
			return 1;
	return 0;
}

/* "ADDR[,ADDR...]": each an IPv4 or IPv6 address, kept in its canonical text. */
int guard_trust(const char *s, struct ms_err *err)
{
	const char *p = s;

	g_ntrusted = 0;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char one[64];
		unsigned char bin[16];

		if (!len || len >= sizeof(one) || g_ntrusted == GUARD_MAX_PROXIES)
			return ms_err_field(err, MS_E_INVALID, "trusted-proxy", "可信代理 \"%s\" 应为逗号分隔的 IP 地址，"
					    "至多%d个 (trusted proxies: up to %d IP addresses, comma-separated)", s,
					    GUARD_MAX_PROXIES, GUARD_MAX_PROXIES);
		memcpy(one, p, len);
		one[len] = '\0';
		if (inet_pton(AF_INET, one, bin) == 1)
			inet_ntop(AF_INET, bin, g_trusted[g_ntrusted++], INET6_ADDRSTRLEN);
		else if (inet_pton(AF_INET6, one, bin) == 1)
			inet_ntop(AF_INET6, bin, g_trusted[g_ntrusted++], INET6_ADDRSTRLEN);
		else
			return ms_err_field(err, MS_E_INVALID, "trusted-proxy", "可信代理 \"%s\" 不是 IP 地址 "
					    "(not an IP address)", one);
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/*
 * 1 when bytes the client sent wait unread in the socket: its worker thread
 * is busy with another connection's request, so the server is behind, not
 * the client, and the time waiting is not the client's.
 */
static int unread(int fd)
{
	int n = 0;

	return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

/*
 * Cuts every connection whose request is overdue and has nothing waiting to
 * be read; once in a while, until stopped.
 */
static void *watchdog(void *arg)
{
	struct timespec ts;

	(void)arg;
	pthread_mutex_lock(&g_mu);
	while (g_running) {
		long long now = ms_clock_mono_ms(), limit = (long long)g_o.deadline * 1000;
		struct track *t;

		for (t = g_head; t; t = t->next) {
			if (t->reading && t->fd >= 0 && now - t->since > limit && !unread(t->fd)) {
				shutdown(t->fd, SHUT_RDWR);   /* libmicrohttpd reads the end and closes it */
				t->reading = 0;
				metrics_connection_dropped(0);
			}
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g_wake, &g_mu, &ts);
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

int guard_start(const struct guard_opts *o, struct ms_err *err)
{
	g_o = *o;
	if (!g_o.deadline)
		g_o.deadline = GUARD_DEADLINE;
	if (!g_o.max_connections)
		g_o.max_connections = GUARD_MAX_CONNECTIONS;
	if (!g_o.max_per_address)
		g_o.max_per_address = GUARD_MAX_PER_ADDRESS;
	if (guard_trust(o->trusted, err))
		return -1;
	g_running = 1;
	if (pthread_create(&g_thread, NULL, watchdog, NULL)) {
		g_running = 0;
		return ms_err_setk(err, MS_E_INTERNAL, "cannot start the connection watchdog");
	}
	return 0;
}

void guard_stop(void)
{
	if (!g_running)
		return;
	pthread_mutex_lock(&g_mu);
	g_running = 0;
	pthread_cond_signal(&g_wake);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_thread, NULL);
}

/* Room for one more connection from a (text)? Under g_mu. */
static int room_for(const char *a)
{
	unsigned same = 0;
	struct track *t;

	if (g_count >= g_o.max_connections)
		return 0;
	if (guard_trusted(a))
		return 1;
	for (t = g_head; t && same < g_o.max_per_address; t = t->next)
		same += !strcmp(t->addr, a);
	return same < g_o.max_per_address;
}

int guard_accept(const struct sockaddr *addr)
{
	char a[INET6_ADDRSTRLEN];
	int ok;

	guard_addr_text(addr, a, sizeof(a));
	pthread_mutex_lock(&g_mu);
	ok = room_for(a);
	pthread_mutex_unlock(&g_mu);
	if (!ok)
		metrics_connection_dropped(1);
	return ok;
}

/*
 * The caps are checked again here, where the connection is counted under the
 * same lock: two worker threads accepting at once from one address would
 * both pass guard_accept. The one past the cap is refused (shutdown).
 */
void guard_opened(void **ctx, int fd, const struct sockaddr *addr)
{
	struct track *t = calloc(1, sizeof(*t));
	int ok;

	*ctx = t;
	if (!t)
		return;
	t->fd = fd;
	guard_addr_text(addr, t->addr, sizeof(t->addr));
	t->since = ms_clock_mono_ms();
	t->reading = 1;
	pthread_mutex_lock(&g_mu);
	if ((ok = room_for(t->addr))) {
		t->next = g_head;
		if (g_head)
			g_head->prev = t;
		g_head = t;
		g_count++;
	}
	t->listed = ok;
	pthread_mutex_unlock(&g_mu);
	if (!ok) {
		shutdown(fd, SHUT_RDWR);   /* libmicrohttpd reads the end and closes it */
		metrics_connection_dropped(1);
	}
}

void guard_closed(void **ctx)
{
	struct track *t = *ctx;

	if (!t)
		return;
	pthread_mutex_lock(&g_mu);
	if (!t->listed) {
		pthread_mutex_unlock(&g_mu);
		free(t);
		*ctx = NULL;
		return;
	}
	if (t->prev)
		t->prev->next = t->next;
	else
		g_head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	g_count--;
	pthread_mutex_unlock(&g_mu);
	free(t);
	*ctx = NULL;
}

void guard_request_read(void *ctx)
{
	struct track *t = ctx;

	if (!t)
		return;
	pthread_mutex_lock(&g_mu);
	t->reading = 0;
	pthread_mutex_unlock(&g_mu);
}

void guard_request_done(void *ctx)
{
	struct track *t = ctx;

	if (!t)
		return;
	pthread_mutex_lock(&g_mu);
	t->since = ms_clock_mono_ms();
	t->reading = 1;
	pthread_mutex_unlock(&g_mu);
}

void guard_client(const char *peer, const char *xff, char *out, size_t n)
{
	char list[1024], canon[INET6_ADDRSTRLEN], best[INET6_ADDRSTRLEN] = "", *tok, *save = NULL;
	unsigned char bin[16];

	snprintf(out, n, "%s", peer);
	if (!xff || !guard_trusted(peer))
		return;
	snprintf(list, sizeof(list), "%s", xff);
	/* the rightmost address no trusted proxy wrote is the client (compared in canonical form) */
	for (tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (inet_pton(AF_INET, tok, bin) == 1)
			inet_ntop(AF_INET, bin, canon, sizeof(canon));
		else if (inet_pton(AF_INET6, tok, bin) == 1)
			inet_ntop(AF_INET6, bin, canon, sizeof(canon));
		else
			continue;
		if (!guard_trusted(canon))
			snprintf(best, sizeof(best), "%s", canon);
	}
	if (best[0])
		snprintf(out, n, "%s", best);
}
