/*
 * tokens.c - single-use tokens, one mechanism for the deputies' ballots, 验单
 * and the survey: 100 random bits printed as XXXX-XXXX-XXXX-XXXX-XXXX (no 0/O,
 * 1/I), stored only as a SHA-256 hash with its scope and a used flag —
 * never who holds it, never what it was used for.
 */
#include "vote.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "core/hash.h"
#include "store/store.h"
#include "core/banned.h"

static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* The token's 20 symbols, upper case, without dashes or blanks: 0, or -1 when it is not a token. */
static int token_norm(const char *t, char out[21])
{
	size_t n = 0;

	for (; t && *t; t++) {
		char ch = (char)toupper((unsigned char)*t);

		if (ch == '-' || ch == ' ')
			continue;
		if (n == 20 || !strchr(alphabet, ch) || !ch)
			return -1;
		out[n++] = ch;
	}
	out[n] = 0;
	return n == 20 ? 0 : -1;
}

static void token_hash(const char *norm, char hex[MS_SHA256_HEX_LEN + 1])
{
	char in[64];
	size_t n = strlen("minsheng-token:");

	memcpy(in, "minsheng-token:", n);
	memcpy(in + n, norm, 20);
	ms_sha256_hex(in, n + 20, hex);
}

int vote_tokens_issue(struct store *st, const char *scope, int n, char (*tokens)[VOTE_TOKEN_LEN + 1],
		      struct ms_err *err)
{
	char hex[MS_SHA256_HEX_LEN + 1], norm[21];
	unsigned char raw[20];
	int i, k, at;

	if (sodium_init() < 0)
		return ms_err_setk(err, MS_E_INTERNAL, "随机数不可用 (no randomness)");
	for (i = 0; i < n; i++) {
		randombytes_buf(raw, sizeof(raw));
		for (k = 0, at = 0; k < 20; k++) {
			norm[k] = alphabet[raw[k] & 31];
			if (k && k % 4 == 0)
				tokens[i][at++] = '-';
			tokens[i][at++] = norm[k];
		}
		tokens[i][at] = 0;
		norm[20] = 0;
		token_hash(norm, hex);
		if (store_token_add(st, hex, scope, err))
			return -1;
	}
	return 0;
}

int vote_token_spend(struct store *st, const char *scope, const char *token, struct ms_err *err)
{
	char hex[MS_SHA256_HEX_LEN + 1], norm[21];
	int rc;

	if (token_norm(token, norm))
		return ms_err_field(err, MS_E_FORBIDDEN, "token",
				    "票证无效：应为 20 位字母数字，如 ABCD-EFGH-JKLM-NPQR-STUV (not a token)");
	token_hash(norm, hex);
	rc = store_token_spend(st, hex, scope, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return ms_err_field(err, MS_E_CONFLICT, "token", "该票证已经使用过，每张票证只能用一次 (this token was used)");
	if (rc == 2)
		return ms_err_field(err, MS_E_FORBIDDEN, "token", "票证无效：不是本次发放的票证 (unknown token)");
	return 0;
}
