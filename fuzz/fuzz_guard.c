/*
 * fuzz_guard.c - libFuzzer target for the trusted-proxy list (guard_trust)
 * and the client address behind a proxy (guard_client, X-Forwarded-For).
 *
 * The input: trusted-list LF peer LF X-Forwarded-For (any bytes).
 * Checked: a refused list fills a non-empty message; the client found is
 * NUL-terminated within its buffer and is either the peer itself or one of
 * an X-Forwarded-For entry, which is then an IP address (canonical) that is
 * no trusted proxy, and only when the peer is trusted.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/guard.h"

static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *list = line(&p, end), *peer = line(&p, end), *xff = line(&p, end);
	char out[46];
	unsigned char bin[16];
	struct ms_err err;

	err.msg[0] = '\0';
	if (guard_trust(list, &err)) {
		if (!err.msg[0])
			abort();
		guard_trust(NULL, &err);
	}
	memset(out, 'x', sizeof(out));
	guard_client(peer, xff, out, sizeof(out));
	if (!memchr(out, '\0', sizeof(out)))
		abort();
	if (strncmp(out, peer, sizeof(out) - 1)) {
		if (!guard_trusted(peer) || guard_trusted(out) ||
		    (inet_pton(AF_INET, out, bin) != 1 && inet_pton(AF_INET6, out, bin) != 1))
			abort();
	}
	free(list);
	free(peer);
	free(xff);
	return 0;
}
