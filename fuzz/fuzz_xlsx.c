/*
 * fuzz_xlsx.c - libFuzzer target for xlsx_read (report/xlsx_read.h), the
 * reader of uploaded .xlsx 报送表. The first byte chooses: 'Z' the rest is
 * the file's bytes as uploaded (the zip layer: libzip's and our caps);
 * anything else, the rest is up to three XML parts split at NUL bytes —
 * the sheet, the shared strings, the workbook (a default one when absent)
 * — put into a stored zip here, so that the XML readers see the fuzzer's
 * bytes directly. Checked: a refusal has a non-empty UTF-8 message; a
 * sheet's cells lie within Excel's bounds, their text UTF-8, at most
 * XLSX_MAX_CELLS; everything frees (ASan sees leaks).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/text.h"
#include "report/xlsx_read.h"

static void le16(struct ms_buf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	ms_buf_add(b, (const char *)c, 2);
}

static void le32(struct ms_buf *b, uint32_t v)
{
	le16(b, v & 0xffff);
	le16(b, v >> 16);
}

struct ent {
	const char *name;
	const uint8_t *data;
	size_t len;
	uint32_t crc, at;
};

/* A zip of stored (uncompressed) entries. */
static void zip_stored(struct ms_buf *z, struct ent *e, size_t n)
{
	size_t i, dir;

	for (i = 0; i < n; i++) {
		e[i].crc = (uint32_t)crc32(0, e[i].data, (uInt)e[i].len);
		e[i].at = (uint32_t)z->len;
		le32(z, 0x04034b50);
		le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
		le32(z, e[i].crc), le32(z, (uint32_t)e[i].len), le32(z, (uint32_t)e[i].len);
		le16(z, (unsigned)strlen(e[i].name)), le16(z, 0);
		ms_buf_adds(z, e[i].name);
		ms_buf_add(z, (const char *)e[i].data, e[i].len);
	}
	dir = z->len;
	for (i = 0; i < n; i++) {
		le32(z, 0x02014b50);
		le16(z, 20), le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
		le32(z, e[i].crc), le32(z, (uint32_t)e[i].len), le32(z, (uint32_t)e[i].len);
		le16(z, (unsigned)strlen(e[i].name)), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
		le32(z, 0), le32(z, e[i].at);
		ms_buf_adds(z, e[i].name);
	}
	le32(z, 0x06054b50);
	le16(z, 0), le16(z, 0), le16(z, (unsigned)n), le16(z, (unsigned)n);
	le32(z, (uint32_t)(z->len - dir - 0)), le32(z, (uint32_t)dir);
	le16(z, 0);
}

static const char workbook[] =
	"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static void check(const struct xlsx_sheet *s)
{
	size_t i;

	if (s->n > XLSX_MAX_CELLS)
		abort();
	for (i = 0; i < s->n; i++)
		if (!s->cell[i].text || s->cell[i].row < 1 || s->cell[i].row > XLSX_MAX_ROW || s->cell[i].col < 1 ||
		    s->cell[i].col > XLSX_MAX_COL || !ms_utf8_valid(s->cell[i].text, strlen(s->cell[i].text), NULL))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf z = MS_BUF_INIT;
	struct xlsx_sheet s;
	struct ms_err err;
	struct ent e[3];
	const uint8_t *p, *end, *nul;
	size_t n = 0;
	int rc;

	if (!size)
		return 0;
	if (data[0] == 'Z') {
		ms_buf_add(&z, (const char *)data + 1, size - 1);
	} else {
		static const char *const names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
			"xl/workbook.xml" };

		for (p = data + 1, end = data + size; n < 3 && p <= end; p = nul + 1) {
			nul = memchr(p, 0, (size_t)(end - p));
			if (!nul)
				nul = end;
			e[n].name = names[n];
			e[n].data = p;
			e[n].len = (size_t)(nul - p);
			n++;
			if (nul == end)
				break;
		}
		if (n < 3) {
			e[n].name = names[2];
			e[n].data = (const uint8_t *)workbook;
			e[n].len = sizeof(workbook) - 1;
			n++;
		}
		zip_stored(&z, e, n);
	}
	err.msg[0] = '\0';
	rc = xlsx_read(z.buf, z.len, &s, &err);
	if (rc && (!err.msg[0] || !ms_utf8_valid(err.msg, strlen(err.msg), NULL)))
		abort();
	if (!rc)
		check(&s);
	xlsx_sheet_release(&s);
	ms_buf_release(&z);
	return 0;
}
