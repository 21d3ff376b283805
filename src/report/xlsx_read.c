/*
 * xlsx_read.c - the first worksheet of an .xlsx file as cells of text,
 * with kept libraries: libzip for the archive (opened from memory), expat
 * for the XML parts (workbook, its relationships, shared strings, sheet).
 * Every size an attacker controls is capped before it is trusted.
 */
#include "xlsx_read.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/banned.h"

/* ---------- the archive ---------- */

/* Part name's bytes into out (capped, the ratio checked); 0, 1 when absent, -1 with err. */
static int part_read(zip_t *z, const char *name, struct ms_buf *out, struct ms_err *err)
{
	zip_int64_t ix = zip_name_locate(z, name, 0);
	zip_stat_t st;
	zip_file_t *f;
	char chunk[16384];
	zip_int64_t got;
	size_t total = 0;

	if (ix < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(z, (zip_uint64_t)ix, 0, &st))
		return ms_err_set(err, "%s：无法读取 (cannot read the part)", name);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_ENTRY)
		return ms_err_set(err, "%s：解压后过大 (the part is larger than %zu MiB)", name, XLSX_MAX_ENTRY >> 20);
	if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
	    st.size / (st.comp_size ? st.comp_size : 1) > XLSX_MAX_RATIO)
		return ms_err_set(err, "%s：压缩比异常，疑似压缩炸弹 (the part's compression ratio is above %d)", name,
				  XLSX_MAX_RATIO);
	if (!(f = zip_fopen_index(z, (zip_uint64_t)ix, 0)))
		return ms_err_set(err, "%s：无法解压 (%s)", name, zip_strerror(z));
	ms_buf_reset(out);
	while ((got = zip_fread(f, chunk, sizeof(chunk))) > 0) {
		total += (size_t)got;
		/* the header's size is the sender's word: count what actually comes out */
		if (total > XLSX_MAX_ENTRY || (total > (1u << 20) && st.comp_size &&
					       total / st.comp_size > XLSX_MAX_RATIO)) {
			zip_fclose(f);
			return ms_err_set(err, "%s：解压后过大或压缩比异常 (the part expands too far)", name);
		}
		ms_buf_add(out, chunk, (size_t)got);
	}
	zip_fclose(f);
	if (got < 0)
		return ms_err_set(err, "%s：解压出错，文件可能已损坏 (the part is damaged)", name);
	return 0;
}

/* ---------- the XML parts ---------- */

enum part { P_WORKBOOK, P_RELS, P_STRINGS, P_SHEET };

struct rd {
	XML_Parser p;
	enum part part;
	int failed;
	struct ms_err *err;
	/* workbook and relationships */
	char sheet_name[128], sheet_rid[64], target[256];
	/* shared strings */
	char **str;
	size_t nstr, capstr;
	int in_si, in_t, in_rph;
	/* the sheet */
	struct xlsx_sheet *s;
	uint32_t row, col, last_col;
	int in_c, in_v, in_is, numeric, type_s, type_b, type_inline, type_str, type_e;
	struct ms_buf text;
};

__attribute__((format(printf, 2, 3)))
static void stop(struct rd *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (r->failed)
		return;
	r->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ms_err_set(r->err, "%s", msg);
	XML_StopParser(r->p, XML_FALSE);
}

static const char *attr(const XML_Char **a, const char *name)
{
	for (; a && a[0]; a += 2) {
		const char *colon = strrchr(a[0], ':');
		const char *local = colon ? colon + 1 : a[0];

		if (!strcmp(a[0], name) || (!strchr(name, ':') && !strcmp(local, name) && !colon))
			return a[1];
	}
	return NULL;
}

/* The local name of a (maybe prefixed) element. */
static const char *local(const XML_Char *n)
{
	const char *c = strrchr(n, ':');

	return c ? c + 1 : n;
}

/* "E7" into row 7, col 5; 0 when it is no cell reference within Excel's bounds. */
static int ref_parse(const char *s, uint32_t *row, uint32_t *col)
{
	uint64_t c = 0, r = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++)
		if ((c = c * 26 + (uint64_t)(*s - 'A' + 1)) > XLSX_MAX_COL)
			return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((r = r * 10 + (uint64_t)(*s - '0')) > XLSX_MAX_ROW)
			return 0;
	if (*s || !c || !r)
		return 0;
	*row = (uint32_t)r;
	*col = (uint32_t)c;
	return 1;
}

void xlsx_ref(char *out, size_t n, uint32_t row, uint32_t col)
{
	char letters[8];
	int k = 0, i;

	while (col && k < 7) {
		letters[k++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < k / 2; i++) {
		char t = letters[i];

		letters[i] = letters[k - 1 - i];
		letters[k - 1 - i] = t;
	}
	letters[k] = '\0';
	snprintf(out, n, "%s%u", letters, row);
}

static void cell_start(struct rd *r, const XML_Char **a)
{
	const char *ref = attr(a, "r"), *t = attr(a, "t");

	r->in_c = 1;
	r->in_v = r->in_is = 0;
	ms_buf_reset(&r->text);
	if (ref) {
		if (!ref_parse(ref, &r->row, &r->col))
			stop(r, "单元格引用无效：%s (a bad cell reference)", ref);
	} else {
		r->col = r->last_col + 1;
	}
	r->last_col = r->col;
	r->type_s = t && !strcmp(t, "s");
	r->type_b = t && !strcmp(t, "b");
	r->type_e = t && !strcmp(t, "e");
	r->type_inline = t && !strcmp(t, "inlineStr");
	r->type_str = t && !strcmp(t, "str");
	r->numeric = !t || !strcmp(t, "n");
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct rd *r = ud;
	const char *n = local(name);

	switch (r->part) {
	case P_WORKBOOK:
		if (!strcmp(n, "sheet") && !r->sheet_rid[0]) {
			const char *nm = attr(a, "name"), *id = NULL;
			const XML_Char **k;

			for (k = a; k && k[0]; k += 2)     /* r:id, whatever the prefix */
				if (!strcmp(local(k[0]), "id") && strchr(k[0], ':'))
					id = k[1];
			snprintf(r->sheet_name, sizeof(r->sheet_name), "%s", nm ? nm : "");
			snprintf(r->sheet_rid, sizeof(r->sheet_rid), "%s", id ? id : "");
		}
		break;
	case P_RELS:
		if (!strcmp(n, "Relationship") && !r->target[0]) {
			const char *id = attr(a, "Id"), *t = attr(a, "Target");

			if (id && t && !strcmp(id, r->sheet_rid))
				snprintf(r->target, sizeof(r->target), "%s", t);
		}
		break;
	case P_STRINGS:
		if (!strcmp(n, "si")) {
			r->in_si = 1;
			ms_buf_reset(&r->text);
		} else if (!strcmp(n, "rPh")) {
			r->in_rph = 1;    /* phonetic guides are not the text */
		} else if (!strcmp(n, "t") && r->in_si && !r->in_rph) {
			r->in_t = 1;
		}
		break;
	case P_SHEET:
		if (!strcmp(n, "row")) {
			const char *rr = attr(a, "r");
			long v = rr ? strtol(rr, NULL, 10) : (long)r->row + 1;

			if (v < 1 || v > XLSX_MAX_ROW)
				stop(r, "行号无效：%s (a bad row number)", rr ? rr : "?");
			r->row = (uint32_t)v;
			r->last_col = 0;
		} else if (!strcmp(n, "c")) {
			cell_start(r, a);
		} else if (r->in_c && !strcmp(n, "v")) {
			r->in_v = 1;
		} else if (r->in_c && !strcmp(n, "is")) {
			r->in_is = 1;
		} else if (r->in_is && !strcmp(n, "rPh")) {
			r->in_rph = 1;
		} else if (r->in_is && !strcmp(n, "t") && !r->in_rph) {
			r->in_t = 1;
		}
		break;
	}
}

/* A number as Excel stores it ("3.4E2", "0.30000000000000004") as a plain decimal. */
static void number_text(struct ms_buf *b)
{
	char out[64];
	double v;
	char *end;
	size_t n;

	if (!b->len || (!strpbrk(b->buf, "eE") && b->len <= 16))
		return;
	v = strtod(b->buf, &end);
	if (*end || v != v || v > 1e15 || v < -1e15)
		return;
	/* 15 significant digits, as Excel shows them: 0.30000000000000004 -> 0.3 */
	snprintf(out, sizeof(out), "%.15g", v);
	if (strpbrk(out, "eE")) {
		snprintf(out, sizeof(out), "%.10f", v);
		for (n = strlen(out); n > 1 && out[n - 1] == '0'; )
			out[--n] = '\0';
		if (n && out[n - 1] == '.')
			out[--n] = '\0';
	}
	ms_buf_reset(b);
	ms_buf_adds(b, out);
}

static void cell_end(struct rd *r)
{
	struct xlsx_sheet *s = r->s;
	const char *text = r->text.buf;
	char *end;
	unsigned long ix;

	r->in_c = 0;
	if (!r->text.len && !r->type_inline)
		return;       /* a styled but empty cell */
	if (r->type_s) {
		ix = strtoul(text, &end, 10);
		if (*end || end == text || ix >= r->nstr) {
			stop(r, "共享字符串序号无效：%s (a bad shared string index)", text);
			return;
		}
		text = r->str[ix];
	} else if (r->type_b) {
		text = !strcmp(text, "1") ? "TRUE" : "FALSE";
	} else if (r->numeric) {
		number_text(&r->text);
		text = r->text.buf;
	}
	if (s->n == XLSX_MAX_CELLS) {
		stop(r, "单元格过多 (more than %d cells)", XLSX_MAX_CELLS);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->cell = realloc(s->cell, s->cap * sizeof(*s->cell));
		if (!s->cell)
			abort();
	}
	s->cell[s->n].row = r->row;
	s->cell[s->n].col = r->col;
	s->cell[s->n].numeric = r->numeric && !r->type_s;
	s->cell[s->n].text = ms_strdup(text);
	s->n++;
	if (r->row > s->max_row)
		s->max_row = r->row;
}

static void on_end(void *ud, const XML_Char *name)
{
	struct rd *r = ud;
	const char *n = local(name);

	if (r->part == P_STRINGS) {
		if (!strcmp(n, "si") && r->in_si) {
			if (r->nstr == XLSX_MAX_STRINGS) {
				stop(r, "共享字符串过多 (more than %d shared strings)", XLSX_MAX_STRINGS);
				return;
			}
			if (r->nstr == r->capstr) {
				r->capstr = r->capstr ? r->capstr * 2 : 256;
				r->str = realloc(r->str, r->capstr * sizeof(*r->str));
				if (!r->str)
					abort();
			}
			r->str[r->nstr++] = ms_strdup(r->text.buf);
			r->in_si = 0;
		} else if (!strcmp(n, "rPh")) {
			r->in_rph = 0;
		} else if (!strcmp(n, "t")) {
			r->in_t = 0;
		}
	} else if (r->part == P_SHEET) {
		if (!strcmp(n, "c") && r->in_c)
			cell_end(r);
		else if (!strcmp(n, "v"))
			r->in_v = 0;
		else if (!strcmp(n, "is"))
			r->in_is = 0;
		else if (!strcmp(n, "rPh"))
			r->in_rph = 0;
		else if (!strcmp(n, "t"))
			r->in_t = 0;
	}
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct rd *r = ud;
	int take = r->part == P_STRINGS ? r->in_t : r->part == P_SHEET && r->in_c && (r->in_v || r->in_t);

	if (!take)
		return;
	if (r->text.len + (size_t)len > XLSX_MAX_TEXT * 4) {
		stop(r, "单元格文字过长 (a cell's text is longer than %d characters)", XLSX_MAX_TEXT);
		return;
	}
	ms_buf_add(&r->text, s, (size_t)len);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
		       int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(ud, "文件含 DOCTYPE，不予读取 (a DOCTYPE is refused)");
}

/* Parses one part's bytes into r. */
static int parse(struct rd *r, enum part part, const char *name, const struct ms_buf *b)
{
	int ok;

	r->part = part;
	r->p = XML_ParserCreate("UTF-8");
	if (!r->p)
		abort();
	XML_SetUserData(r->p, r);
	XML_SetElementHandler(r->p, on_start, on_end);
	XML_SetCharacterDataHandler(r->p, on_text);
	XML_SetStartDoctypeDeclHandler(r->p, on_doctype);
	ok = XML_Parse(r->p, b->buf, (int)b->len, 1) == XML_STATUS_OK;
	if (!ok && !r->failed) {
		r->failed = 1;
		ms_err_set(r->err, "%s 第 %lu 行：XML 格式错误：%s (not well-formed XML)", name,
			   (unsigned long)XML_GetCurrentLineNumber(r->p), XML_ErrorString(XML_GetErrorCode(r->p)));
	}
	XML_ParserFree(r->p);
	r->p = NULL;
	return r->failed ? -1 : 0;
}

/* The sheet's part name from the relationship's target: "worksheets/sheet1.xml" or "/xl/worksheets/…". */
static void sheet_path(const struct rd *r, char *out, size_t n)
{
	if (r->target[0] == '/')
		snprintf(out, n, "%s", r->target + 1);
	else if (r->target[0])
		snprintf(out, n, "xl/%s", r->target);
	else
		snprintf(out, n, "xl/worksheets/sheet1.xml");
}

static int read_parts(zip_t *z, struct rd *r, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	char path[300];
	int x, rc = -1;

	if ((x = part_read(z, "xl/workbook.xml", &b, err)) < 0)
		goto out;
	if (x) {
		ms_err_set(err, "不是 Excel 工作簿：缺少 xl/workbook.xml (not an .xlsx workbook)");
		goto out;
	}
	if (parse(r, P_WORKBOOK, "xl/workbook.xml", &b))
		goto out;
	if ((x = part_read(z, "xl/_rels/workbook.xml.rels", &b, err)) < 0 ||
	    (!x && parse(r, P_RELS, "xl/_rels/workbook.xml.rels", &b)))
		goto out;
	if ((x = part_read(z, "xl/sharedStrings.xml", &b, err)) < 0 ||
	    (!x && parse(r, P_STRINGS, "xl/sharedStrings.xml", &b)))
		goto out;
	sheet_path(r, path, sizeof(path));
	if ((x = part_read(z, path, &b, err)) < 0)
		goto out;
	if (x) {
		ms_err_set(err, "工作簿缺少工作表 %s (the workbook has no sheet part)", path);
		goto out;
	}
	snprintf(r->s->name, sizeof(r->s->name), "%s", r->sheet_name);
	rc = parse(r, P_SHEET, path, &b);
out:
	ms_buf_release(&b);
	return rc;
}

int xlsx_read(const void *data, size_t len, struct xlsx_sheet *s, struct ms_err *err)
{
	struct rd r;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	memset(&r, 0, sizeof(r));
	r.err = err;
	r.s = s;
	r.text = (struct ms_buf)MS_BUF_INIT;
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
		zip_error_fini(&ze);
		return ms_err_set(err, "无法读取上传的文件 (cannot read the file)");
	}
	if (!(z = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return ms_err_set(err, "不是 Excel（.xlsx）文件：无法作为 zip 打开 (not an .xlsx file)");
	}
	zip_error_fini(&ze);
	rc = read_parts(z, &r, err);
	zip_discard(z);
	for (i = 0; i < r.nstr; i++)
		free(r.str[i]);
	free(r.str);
	ms_buf_release(&r.text);
	return rc;
}

void xlsx_sheet_release(struct xlsx_sheet *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->cell[i].text);
	free(s->cell);
	memset(s, 0, sizeof(*s));
}

const char *xlsx_get(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	size_t i;

	for (i = s->n; i-- > 0;)
		if (s->cell[i].row == row && s->cell[i].col == col)
			return s->cell[i].text;
	return NULL;
}
