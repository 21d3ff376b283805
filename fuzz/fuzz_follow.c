/*
 * fuzz_follow.c - libFuzzer target for follow/: any bytes as a channel's
 * kind and address (follow_address_check), and an accepted e-mail address
 * with the rest as subject and body through follow_mail_compose. Checks
 * that an accepted e-mail or webhook address holds no byte that could end
 * or fold a header line, and that the composed mail's header is exactly
 * the fixed header lines (the subject folded only with "\r\n "), ending in
 * one blank line, whatever the subject and body hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "follow/follow.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = { "email", "webhook", "contact", "fax" };

/* Every header line starts with one of these, or with a space (a folded subject). */
static void check_header(const struct ms_buf *m)
{
	static const char *const names[] = { "From: ", "To: ", "Subject: ", "Date: ", "Message-ID: ",
					     "MIME-Version: ", "Content-Type: ", "Content-Transfer-Encoding: " };
	const char *p = m->buf, *end = strstr(m->buf, "\r\n\r\n");
	size_t i;

	if (!end)
		abort();
	while (p < end + 2) {
		const char *nl = strstr(p, "\r\n");

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strncmp(p, names[i], strlen(names[i])))
				break;
		if (i == sizeof(names) / sizeof(names[0]) && *p != ' ')
			abort();
		if (memchr(p, '\n', (size_t)(nl - p)) || memchr(p, '\r', (size_t)(nl - p)))
			abort();
		p = nl + 2;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf m = MS_BUF_INIT;
	struct ms_err err;
	char *addr, *text;
	const char *kind;
	size_t n, k;

	/* (a NUL in the input ends the address, as in any C string) */

	if (size < 2)
		return 0;
	kind = kinds[data[0] & 3];
	n = data[1] < size - 2 ? data[1] : size - 2;
	addr = malloc(n + 1);
	text = malloc(size - 2 - n + 1);
	if (!addr || !text)
		abort();
	memcpy(addr, data + 2, n);
	addr[n] = '\0';
	memcpy(text, data + 2 + n, size - 2 - n);
	text[size - 2 - n] = '\0';
	if (follow_address_check(kind, addr, &err) == 0) {
		if (strcmp(kind, "contact") && strpbrk(addr, " \t\r\n<>,;\"\\"))
			abort();
		if (!strcmp(kind, "email")) {
			k = strlen(text) / 2;
			{
				char *subject = malloc(k + 1);

				if (!subject)
					abort();
				memcpy(subject, text, k);
				subject[k] = '\0';
				follow_mail_compose(&m, addr, addr, subject, text + k, 1687744800, "fuzz@minsheng");
				check_header(&m);
				free(subject);
			}
		}
	} else if (!err.msg[0]) {
		abort();
	}
	ms_buf_release(&m);
	free(addr);
	free(text);
	return 0;
}
