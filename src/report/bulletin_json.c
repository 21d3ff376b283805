/*
 * bulletin_json.c - the bulletin's document model as JSON and back: an
 * issued bulletin is stored as this text, and every renderer works from
 * the model read back, so a frozen 通报 renders to the same bytes forever.
 * The reader trusts nothing: every field is checked and a bad one named.
 */
#include "bulletin.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/banned.h"

#define BL_FORMAT "minsheng.bulletin/1"
#define BL_MAX_COLS 64
#define BL_MAX_BLOCKS 100000

/* the 公文's parts under "gongwen", in the order of struct bulletin's fields */
static const char *const gongwen_keys[] = { "issuer", "number", "date", "to", "cc", "contact", "legend" };

static json_t *table_json(const struct bl_table *t)
{
	json_t *head = json_array(), *rows = json_array();
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		json_array_append_new(head, json_string(t->cell[c]));
	for (r = 1; r <= t->nrows; r++) {
		json_t *row = json_array();

		for (c = 0; c < t->ncols; c++)
			json_array_append_new(row, json_string(t->cell[r * t->ncols + c]));
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s, s:i, s:i, s:i, s:I, s:s, s:o, s:o}", "caption", t->caption, "sheet", t->sheet,
			 "bar_col", t->bar_col, "colour_col", t->colour_col, "figures", (json_int_t)t->figures,
			 "kinds", t->kind, "head", head, "rows", rows);
}

/* The 公文's parts that are set, as an object ({} for none). */
static json_t *gongwen_json(const struct bulletin *bl)
{
	const char *const val[] = { bl->issuer, bl->number, bl->date, bl->to, bl->cc, bl->contact, bl->legend };
	json_t *o = json_object();
	size_t k;

	for (k = 0; k < sizeof(val) / sizeof(val[0]); k++)
		if (val[k])
			json_object_set_new(o, gongwen_keys[k], json_string(val[k]));
	return o;
}

json_t *bulletin_json(const struct bulletin *bl)
{
	json_t *blocks = json_array(), *sheets = json_array(), *doc;
	size_t i;

	for (i = 0; i < bl->n; i++) {
		const struct bl_block *b = &bl->b[i];

		if (b->table)
			json_array_append_new(blocks, json_pack("{s:o}", "table", table_json(b->table)));
		else
			json_array_append_new(blocks, json_pack("{s:i, s:s}", "level", b->level, "text",
								b->text ? b->text : ""));
	}
	for (i = 0; i < sizeof(bl->sheet_name) / sizeof(bl->sheet_name[0]); i++)
		json_array_append_new(sheets, json_string(bl->sheet_name[i]));
	doc = json_pack("{s:s, s:s, s:s, s:b, s:s, s:o, s:o}", "format", BL_FORMAT,
			"title", bl->title ? bl->title : "", "subtitle", bl->subtitle ? bl->subtitle : "",
			"demo", bl->demo, "summary_sheet", bl->summary_sheet, "sheet_names", sheets,
			"blocks", blocks);
	if (doc)
		json_object_set_new(doc, "gongwen", gongwen_json(bl));
	return doc;
}

/* The 公文's parts back (absent in snapshots written before them: all unset). */
static int gongwen_of(struct bulletin *bl, const json_t *d, struct ms_err *err)
{
	char **const field[] = { &bl->issuer, &bl->number, &bl->date, &bl->to, &bl->cc, &bl->contact, &bl->legend };
	const json_t *g = json_object_get(d, "gongwen");
	size_t k;

	if (!g)
		return 0;
	if (!json_is_object(g))
		return ms_err_set(err, "通报快照：gongwen 须为对象 (the bulletin snapshot: gongwen must be an object)");
	for (k = 0; k < sizeof(field) / sizeof(field[0]); k++) {
		const json_t *v = json_object_get(g, gongwen_keys[k]);

		if (!v)
			continue;
		if (!json_is_string(v) || json_string_length(v) > 4096)
			return ms_err_set(err, "通报快照：gongwen.%s 须为不超过 4096 字节的字符串 (the bulletin snapshot: "
					  "gongwen.%s must be a string of at most 4096 bytes)", gongwen_keys[k],
					  gongwen_keys[k]);
		bl_set(field[k], json_string_value(v));
	}
	return 0;
}

/* ---------- reading ---------- */

/* o's member key as a string; NULL after filling err. */
static const char *str_of(const json_t *o, const char *key, const char *where, struct ms_err *err)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v)) {
		ms_err_set(err, "通报快照%s：%s 须为字符串 (the bulletin snapshot: %s must be a string)", where,
			   key, key);
		return NULL;
	}
	return json_string_value(v);
}

/* o's member key as an integer in [lo, hi]; -1 after filling err. */
static int int_of(const json_t *o, const char *key, long lo, long hi, long *out, const char *where,
		  struct ms_err *err)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return ms_err_set(err, "通报快照%s：%s 须为 %ld 到 %ld 的整数 (the bulletin snapshot: %s must be "
				  "a whole number from %ld to %ld)", where, key, lo, hi, key, lo, hi);
	*out = (long)json_integer_value(v);
	return 0;
}

/* Fills cells[0..n) from the array a of n strings; -1 after filling err. */
static int cells_of(const json_t *a, size_t n, const char **cells, const char *where, struct ms_err *err)
{
	size_t c;

	if (!json_is_array(a) || json_array_size(a) != n)
		return ms_err_set(err, "通报快照%s：每行须有 %zu 个单元格 (the bulletin snapshot: every row must "
				  "have %zu cells)", where, n, n);
	for (c = 0; c < n; c++) {
		if (!json_is_string(json_array_get(a, c)))
			return ms_err_set(err, "通报快照%s：单元格须为字符串 (the bulletin snapshot: cells must be "
					  "strings)", where);
		cells[c] = json_string_value(json_array_get(a, c));
	}
	return 0;
}

static int table_of(struct bulletin *bl, const json_t *o, const char *where, struct ms_err *err)
{
	const json_t *head = json_object_get(o, "head"), *rows = json_object_get(o, "rows"), *row;
	const char *cells[BL_MAX_COLS], *caption = str_of(o, "caption", where, err);
	struct bl_table *t;
	long sheet = 0, bar = -1, colour = -1, figures = 0;   /* int_of sets each (GCC cannot see it) */
	size_t n, r;

	if (!caption || int_of(o, "sheet", 0, 9999, &sheet, where, err))
		return -1;
	n = json_array_size(head);
	if (!n || n > BL_MAX_COLS)
		return ms_err_set(err, "通报快照%s：表头须有 1 到 %d 列 (the bulletin snapshot: a table has 1 to %d "
				  "columns)", where, BL_MAX_COLS, BL_MAX_COLS);
	if (int_of(o, "bar_col", -1, (long)n - 1, &bar, where, err) ||
	    int_of(o, "colour_col", -1, (long)n - 1, &colour, where, err) ||
	    /* which columns hold figures (the CSV leaves them as written); absent: none */
	    (json_object_get(o, "figures") &&
	     int_of(o, "figures", 0, n >= 32 ? 0xFFFFFFFFL : (1L << n) - 1, &figures, where, err)) ||
	    cells_of(head, n, cells, where, err))
		return -1;
	if (!json_is_array(rows))
		return ms_err_set(err, "通报快照%s：rows 须为数组 (the bulletin snapshot: rows must be an array)",
				  where);
	t = bl_table(bl, caption, n, cells, (int)sheet);
	t->bar_col = (int)bar;
	t->colour_col = (int)colour;
	t->figures = (unsigned)figures;
	/* the workbook's number kind of each column (bl_table.kind); absent: all text */
	if (json_object_get(o, "kinds")) {
		const char *k = str_of(o, "kinds", where, err);

		if (!k)
			return -1;
		if (strlen(k) > n || strspn(k, "tivp") != strlen(k))
			return ms_err_field(err, MS_E_INVALID, "kinds", "通报快照%s：kinds 须为不超过列数的 t、i、v、p "
					    "(the bulletin snapshot: kinds is at most one of t, i, v, p per column)", where);
		bl_kinds(t, k);
	}
	json_array_foreach(rows, r, row) {
		if (cells_of(row, n, cells, where, err))
			return -1;
		bl_row(t, cells);
	}
	return 0;
}

static int block_of(struct bulletin *bl, const json_t *o, size_t i, struct ms_err *err)
{
	char where[48];
	const char *text;
	long level = 0;

	snprintf(where, sizeof(where), "第 %zu 块", i + 1);
	if (!json_is_object(o))
		return ms_err_set(err, "通报快照%s：须为对象 (the bulletin snapshot: block %zu must be an object)",
				  where, i + 1);
	if (json_object_get(o, "table"))
		return json_is_object(json_object_get(o, "table")) ? table_of(bl, json_object_get(o, "table"),
									       where, err) :
			ms_err_set(err, "通报快照%s：table 须为对象 (the bulletin snapshot: table must be an "
				   "object)", where);
	if (int_of(o, "level", 0, 2, &level, where, err) || !(text = str_of(o, "text", where, err)))
		return -1;
	bl_text(bl, (int)level, text);
	return 0;
}

/* The sheet names: 16 strings, each short enough for its field. */
static int sheets_of(struct bulletin *bl, const json_t *d, struct ms_err *err)
{
	const json_t *a = json_object_get(d, "sheet_names");
	const char *s = str_of(d, "summary_sheet", "", err);
	size_t i, n = sizeof(bl->sheet_name) / sizeof(bl->sheet_name[0]);

	if (!s)
		return -1;
	if (strlen(s) >= sizeof(bl->summary_sheet) || !json_is_array(a) || json_array_size(a) != n)
		return ms_err_set(err, "通报快照：工作表名称有误 (the bulletin snapshot: bad sheet names)");
	snprintf(bl->summary_sheet, sizeof(bl->summary_sheet), "%s", s);
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(a, i);

		if (!json_is_string(v) || strlen(json_string_value(v)) >= sizeof(bl->sheet_name[0]))
			return ms_err_set(err, "通报快照：工作表名称有误 (the bulletin snapshot: bad sheet names)");
		snprintf(bl->sheet_name[i], sizeof(bl->sheet_name[0]), "%s", json_string_value(v));
	}
	return 0;
}

int bulletin_from_json(struct bulletin *bl, const json_t *d, struct ms_err *err)
{
	const json_t *blocks = json_object_get(d, "blocks"), *b;
	const char *title, *subtitle, *format;
	size_t i;

	memset(bl, 0, sizeof(*bl));
	if (!json_is_object(d))
		return ms_err_set(err, "通报快照须为 JSON 对象 (the bulletin snapshot must be a JSON object)");
	format = str_of(d, "format", "", err);
	if (!format)
		return -1;
	if (strcmp(format, BL_FORMAT))
		return ms_err_set(err, "通报快照格式 \"%s\" 无法识别 (unknown bulletin snapshot format)", format);
	if (!(title = str_of(d, "title", "", err)) || !(subtitle = str_of(d, "subtitle", "", err)))
		return -1;
	if (!json_is_boolean(json_object_get(d, "demo")) || !json_is_array(blocks) ||
	    json_array_size(blocks) > BL_MAX_BLOCKS)
		return ms_err_set(err, "通报快照须有 demo 和 blocks (the bulletin snapshot needs demo and blocks)");
	bl->title = ms_strdup(title);
	bl->subtitle = ms_strdup(subtitle);
	bl->demo = json_is_true(json_object_get(d, "demo"));
	if (sheets_of(bl, d, err) || gongwen_of(bl, d, err))
		goto fail;
	json_array_foreach(blocks, i, b)
		if (block_of(bl, b, i, err))
			goto fail;
	return 0;
fail:
	bulletin_free(bl);
	return -1;
}

int bulletin_from_text(struct bulletin *bl, const char *text, size_t len, struct ms_err *err)
{
	json_t *d = ms_json_load_bytes(text, len, "bulletin", err);
	int rc;

	memset(bl, 0, sizeof(*bl));
	if (!d)
		return -1;
	rc = bulletin_from_json(bl, d, err);
	json_decref(d);
	return rc;
}
