/*
 * fuzz_multipart.c - libFuzzer target for web_multipart_parse (http.h).
 * The input: a boundary line (the Content-Type's parameter, as sent),
 * LF, then the body. Checked: a refusal has a non-empty UTF-8 message;
 * a success gives fields of valid UTF-8 and files whose bytes lie inside
 * the body, at most WEB_MAX_FILES; everything frees (ASan sees leaks).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_fields f = { .n = 0 };
	struct web_files files = { .n = 0 };
	struct ms_err err;
	const char *nl = memchr(data, '\n', size);
	char type[200];
	const char *body;
	size_t blen, i;

	if (!nl || (size_t)(nl - (const char *)data) > 120)
		return 0;
	snprintf(type, sizeof(type), "multipart/form-data; boundary=%.*s", (int)(nl - (const char *)data),
		 (const char *)data);
	blen = size - (size_t)(nl + 1 - (const char *)data);
	body = blen ? malloc(blen) : NULL;    /* its own allocation: ASan sees reads past it */
	if (blen && !body)
		return 0;
	if (blen)
		memcpy((char *)body, nl + 1, blen);
	err.msg[0] = '\0';
	if (web_multipart_parse(&f, &files, type, body, blen, &err)) {
		if (!err.msg[0] || !ms_utf8_valid(err.msg, strlen(err.msg), NULL))
			abort();
	} else {
		if (files.n > WEB_MAX_FILES)
			abort();
		for (i = 0; i < f.n; i++)
			if (!ms_utf8_valid(f.v[i].val, strlen(f.v[i].val), NULL))
				abort();
		for (i = 0; i < files.n; i++)
			if (files.v[i].data < body || files.v[i].data + files.v[i].len > body + blen ||
			    !ms_utf8_valid(files.v[i].name, strlen(files.v[i].name), NULL))
				abort();
	}
	web_fields_free(&f);
	web_files_free(&files);
	free((char *)body);
	return 0;
}
