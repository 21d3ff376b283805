/*
 * hash.h - SHA-256 in lowercase hex (libsodium), and random tokens.
 */
#ifndef MS_HASH_H
#define MS_HASH_H

#include <stddef.h>

#define MS_SHA256_HEX_LEN 64

/* Writes the 64 hex digits and a NUL into hex[65]. Returns 0, -1 if libsodium fails to start. */
int ms_sha256_hex(const void *data, size_t len, char hex[MS_SHA256_HEX_LEN + 1]);

#endif
