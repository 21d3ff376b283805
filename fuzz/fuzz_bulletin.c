/*
 * fuzz_bulletin.c - the issued bulletin's snapshot reader on arbitrary
 * bytes: it must refuse or read, never crash; what it reads renders, and
 * written again as JSON and read back it renders to the same bytes; the
 * workbook (figures parsed by their column's kind) is written too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "report/bulletin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render_all(const struct bulletin *bl, struct ms_buf *out)
{
	bulletin_md(bl, out);
	bulletin_html(bl, out);
	bulletin_csv(bl, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf r1 = MS_BUF_INIT, r2 = MS_BUF_INIT, text = MS_BUF_INIT, xl = MS_BUF_INIT;
	struct bulletin a, b;
	struct ms_err err;
	json_t *j;

	if (bulletin_from_text(&a, (const char *)data, size, &err)) {
		bulletin_free(&a);
		return 0;
	}
	render_all(&a, &r1);
	(void)bulletin_render(&a, "xlsx", &xl, &err);   /* must not crash; a full /tmp may refuse it */
	j = bulletin_json(&a);
	if (!j)
		abort();   /* what was read from JSON is UTF-8, so it can be written again */
	ms_json_dump(&text, j, 0);
	json_decref(j);
	if (bulletin_from_text(&b, text.buf, text.len, &err))
		abort();
	render_all(&b, &r2);
	if (r1.len != r2.len || memcmp(r1.buf, r2.buf, r1.len))
		abort();
	bulletin_free(&a);
	bulletin_free(&b);
	ms_buf_release(&r1);
	ms_buf_release(&r2);
	ms_buf_release(&text);
	ms_buf_release(&xl);
	return 0;
}
