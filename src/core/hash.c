/*
 * hash.c - SHA-256 through libsodium.
 */
#include "hash.h"

#include <sodium.h>

#include "banned.h"

int ms_sha256_hex(const void *data, size_t len, char hex[MS_SHA256_HEX_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	if (sodium_init() < 0)
		return -1;
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, MS_SHA256_HEX_LEN + 1, h, sizeof(h));
	return 0;
}
