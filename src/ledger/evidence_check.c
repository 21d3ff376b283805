/*
 * evidence_check.c - what an uploaded file is, by its content and never by
 * its name: magic bytes, an image's dimensions from its header (before
 * anything decodes it), HTML hidden in an image, EXIF (libexif), and a
 * zip's entries (libzip) to tell an XLSX from a DOCX and refuse a zip bomb.
 * Fuzzed by fuzz_evidence.
 */
#include "evidence.h"

#include <libexif/exif-data.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/banned.h"

void ev_limits_default(struct ev_limits *lim)
{
	lim->max_bytes = (size_t)20 << 20;
	lim->max_pixels = 50000000;
	lim->zip_max_total = (uint64_t)200 << 20;
	lim->zip_max_ratio = 100;
	lim->zip_max_entries = 5000;
}

static const struct {
	enum ev_type t;
	const char *mime, *kind, *ext;
} types[] = {
	{ EV_JPEG, "image/jpeg", "photo", "jpg" },
	{ EV_PNG, "image/png", "photo", "png" },
	{ EV_WEBP, "image/webp", "photo", "webp" },
	{ EV_PDF, "application/pdf", "document", "pdf" },
	{ EV_XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document", "xlsx" },
	{ EV_DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", "docx" },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

const char *ev_type_mime(enum ev_type t)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].t == t)
			return types[i].mime;
	return "application/octet-stream";
}

const char *ev_type_ext(enum ev_type t)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].t == t)
			return types[i].ext;
	return "bin";
}

/* The declared type without its parameters compared with ours; EV_NONE when none of ours. */
enum ev_type ev_type_of_mime(const char *mime)
{
	size_t i, n;

	if (!mime)
		return EV_NONE;
	n = strcspn(mime, "; \t");
	for (i = 0; i < NTYPES; i++)
		if (strlen(types[i].mime) == n && !strncasecmp(mime, types[i].mime, n))
			return types[i].t;
	if (n == 9 && !strncasecmp(mime, "image/jpg", 9))
		return EV_JPEG;
	return EV_NONE;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static uint32_t le32(const unsigned char *p)
{
	return le24(p) | (uint32_t)p[3] << 24;
}

/* ---------- magic bytes and header dimensions ---------- */

static enum ev_type magic(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return EV_JPEG;
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return EV_PNG;
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return EV_WEBP;
	if (n >= 5 && !memcmp(p, "%PDF-", 5))
		return EV_PDF;
	if (n >= 4 && !memcmp(p, "PK\x03\x04", 4))
		return EV_XLSX;   /* a zip: which one, the entries say */
	return EV_NONE;
}

/* A JPEG's frame header (SOFn): its dimensions; -1 when there is none before the data. */
static int jpeg_dims(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
	size_t i = 2, len;
	unsigned m;

	while (i + 4 <= n) {
		if (p[i] != 0xFF)
			return -1;
		m = p[i + 1];
		if (m == 0xFF) {       /* fill bytes */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		if (m == 0xD9 || m == 0xDA)
			return -1;
		len = (size_t)p[i + 2] << 8 | p[i + 3];
		if (len < 2 || i + 2 + len > n)
			return -1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (len < 7)
				return -1;
			*h = (uint32_t)p[i + 5] << 8 | p[i + 6];
			*w = (uint32_t)p[i + 7] << 8 | p[i + 8];
			return 0;
		}
		i += 2 + len;
	}
	return -1;
}

/* A WebP's VP8X, VP8L or VP8 header: its dimensions. */
static int webp_dims(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
	const unsigned char *c = p + 12;

	if (n < 30)
		return -1;
	if (!memcmp(c, "VP8X", 4)) {
		*w = le24(c + 12) + 1;
		*h = le24(c + 15) + 1;
		return 0;
	}
	if (!memcmp(c, "VP8L", 4)) {
		uint32_t b;

		if (c[8] != 0x2F)
			return -1;
		b = le32(c + 9);
		*w = (b & 0x3FFF) + 1;
		*h = ((b >> 14) & 0x3FFF) + 1;
		return 0;
	}
	if (!memcmp(c, "VP8 ", 4)) {
		if (c[11] != 0x9D || c[12] != 0x01 || c[13] != 0x2A)
			return -1;
		*w = ((uint32_t)c[14] | (uint32_t)c[15] << 8) & 0x3FFF;
		*h = ((uint32_t)c[16] | (uint32_t)c[17] << 8) & 0x3FFF;
		return 0;
	}
	return -1;
}

static int image_dims(enum ev_type t, const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
	*w = *h = 0;
	if (t == EV_PNG) {
		if (n < 24 || memcmp(p + 12, "IHDR", 4))
			return -1;
		*w = be32(p + 16);
		*h = be32(p + 20);
		return 0;
	}
	if (t == EV_JPEG)
		return jpeg_dims(p, n, w, h);
	return webp_dims(p, n, w, h);
}

/* Does the file hold markup a browser would run (a JPEG/HTML polyglot)? Case-insensitive. */
static int has_markup(const unsigned char *p, size_t n)
{
	static const char *const tags[] = { "<html", "<script", "<!doctype html", "<body", "<iframe" };
	size_t i, k, len;

	for (i = 0; i < n; i++) {
		if (p[i] != '<')
			continue;
		for (k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
			len = strlen(tags[k]);
			if (i + len <= n && !strncasecmp((const char *)p + i, tags[k], len))
				return 1;
		}
	}
	return 0;
}

/* ---------- EXIF ---------- */

/* The EXIF block ("Exif\0\0" and the TIFF data after it) of a JPEG (APP1), PNG (eXIf) or WebP (EXIF). */
static const unsigned char *exif_block(enum ev_type t, const unsigned char *p, size_t n, size_t *len,
				       int *tiff_only)
{
	size_t i, l;

	*tiff_only = 0;
	if (t == EV_JPEG) {
		for (i = 2; i + 4 <= n && p[i] == 0xFF;) {
			if (p[i + 1] == 0xDA || p[i + 1] == 0xD9)
				return NULL;
			l = (size_t)p[i + 2] << 8 | p[i + 3];
			if (l < 2 || i + 2 + l > n)
				return NULL;
			if (p[i + 1] == 0xE1 && l >= 8 && !memcmp(p + i + 4, "Exif\0\0", 6)) {
				*len = l - 2;
				return p + i + 4;
			}
			i += 2 + l;
		}
		return NULL;
	}
	if (t == EV_PNG) {
		for (i = 8; i + 12 <= n; i += 12 + l) {
			l = be32(p + i);
			if (l > n - i - 12)
				return NULL;
			if (!memcmp(p + i + 4, "eXIf", 4)) {
				*tiff_only = 1;
				*len = l;
				return p + i + 8;
			}
			if (!memcmp(p + i + 4, "IDAT", 4))
				return NULL;
		}
		return NULL;
	}
	for (i = 12; i + 8 <= n; i += 8 + l + (l & 1)) {
		l = le32(p + i + 4);
		if (l > n - i - 8)
			return NULL;
		if (!memcmp(p + i, "EXIF", 4)) {
			*len = l;
			if (l >= 6 && !memcmp(p + i + 8, "Exif\0\0", 6))
				return p + i + 8;
			*tiff_only = 1;
			return p + i + 8;
		}
	}
	return NULL;
}

/* A GPS coordinate (three rationals: degrees, minutes, seconds) and its reference (N/S, E/W). */
static int gps_coord(ExifData *ed, ExifTag tag, ExifTag ref, double max, int64_t *e6)
{
	ExifContent *gps = ed->ifd[EXIF_IFD_GPS];
	ExifEntry *e = gps ? exif_content_get_entry(gps, tag) : NULL;
	ExifEntry *r = gps ? exif_content_get_entry(gps, ref) : NULL;
	ExifByteOrder bo = exif_data_get_byte_order(ed);
	double v = 0, div = 1;
	int i;

	if (!e || e->format != EXIF_FORMAT_RATIONAL || e->components < 3 || !e->data || e->size < 24)
		return -1;
	for (i = 0; i < 3; i++, div *= 60) {
		ExifRational q = exif_get_rational(e->data + 8 * i, bo);

		if (!q.denominator)
			return -1;
		v += (double)q.numerator / q.denominator / div;
	}
	if (!(v >= 0 && v <= max))
		return -1;
	if (r && r->data && r->size >= 1 && (r->data[0] == 'S' || r->data[0] == 'W'))
		v = -v;
	*e6 = (int64_t)llround(v * 1e6);
	return 0;
}

/* DateTimeOriginal (else DateTime) "2023:06:01 10:20:30" as "2023-06-01 10:20:30". */
static int exif_time(ExifData *ed, char out[20])
{
	ExifEntry *e = ed->ifd[EXIF_IFD_EXIF] ?
		exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL) : NULL;
	int y, mo, d, h, mi, s;
	char t[20];

	if (!e && ed->ifd[EXIF_IFD_0])
		e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME);
	if (!e || e->format != EXIF_FORMAT_ASCII || !e->data || e->size < 19)
		return -1;
	memcpy(t, e->data, 19);
	t[19] = '\0';
	if (sscanf(t, "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 || y < 1990 || y > 2100 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0)
		return -1;
	/* all in range (checked above); unsigned and modulo tell the compiler so */
	snprintf(out, 20, "%04u-%02u-%02u %02u:%02u:%02u", (unsigned)y % 10000u, (unsigned)mo % 100u,
		 (unsigned)d % 100u, (unsigned)h % 100u, (unsigned)mi % 100u, (unsigned)s % 100u);
	return 0;
}

void ev_exif_read(enum ev_type t, const void *p, size_t n, struct ev_exif *x)
{
	const unsigned char *b;
	unsigned char *tmp = NULL;
	size_t len = 0;
	int tiff_only;
	ExifData *ed;

	memset(x, 0, sizeof(*x));
	if (t != EV_JPEG && t != EV_PNG && t != EV_WEBP)
		return;
	b = exif_block(t, p, n, &len, &tiff_only);
	if (!b)
		return;
	if (tiff_only) {   /* libexif wants the "Exif\0\0" header before the TIFF data */
		if (!(tmp = malloc(len + 6)))
			return;
		memcpy(tmp, "Exif\0\0", 6);
		memcpy(tmp + 6, b, len);
		b = tmp;
		len += 6;
	}
	ed = exif_data_new();
	if (!ed) {
		free(tmp);
		return;
	}
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, b, (unsigned)(len > 0xFFFFFFu ? 0xFFFFFFu : len));
	if (!ed->ifd[EXIF_IFD_0] || !ed->ifd[EXIF_IFD_0]->count)
		x->broken = 1;
	if (!exif_time(ed, x->taken_at))
		x->has_time = 1;
	if (!gps_coord(ed, EXIF_TAG_GPS_LATITUDE, EXIF_TAG_GPS_LATITUDE_REF, 90, &x->lat_e6) &&
	    !gps_coord(ed, EXIF_TAG_GPS_LONGITUDE, EXIF_TAG_GPS_LONGITUDE_REF, 180, &x->lon_e6))
		x->has_gps = 1;
	else
		x->lat_e6 = x->lon_e6 = 0;
	exif_data_unref(ed);
	free(tmp);
}

int64_t ev_distance_m(int64_t lat1_e6, int64_t lon1_e6, int64_t lat2_e6, int64_t lon2_e6)
{
	const double r = 6371000.0, rad = M_PI / 180.0 / 1e6;
	double p1 = lat1_e6 * rad, p2 = lat2_e6 * rad;
	double dp = (lat2_e6 - lat1_e6) * rad, dl = (lon2_e6 - lon1_e6) * rad;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1)
		a = 1;
	return (int64_t)llround(2 * r * asin(sqrt(a)));
}

/* ---------- zip: XLSX or DOCX, and the caps ---------- */

/* Reads the entry's first cap bytes into b (NUL-terminated); -1 when it cannot be read. */
static int zip_read_head(zip_t *z, zip_int64_t i, char *b, size_t cap)
{
	zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
	zip_int64_t got, total = 0;

	if (!f)
		return -1;
	while ((size_t)total < cap - 1 && (got = zip_fread(f, b + total, cap - 1 - (size_t)total)) > 0)
		total += got;
	zip_fclose(f);
	b[total] = '\0';
	return total > 0 ? 0 : -1;
}

/* Every entry within the caps: sizes as the central directory declares them. */
static int zip_caps(zip_t *z, zip_int64_t n, const struct ev_limits *lim, struct ms_err *err)
{
	uint64_t total = 0;
	zip_stat_t s;
	zip_int64_t i;

	if ((uint64_t)n > lim->zip_max_entries)
		return ms_err_field(err, MS_E_TOO_LARGE, "file", "压缩包内文件过多（%lld 个，上限 %u）"
				    "(the zip holds too many entries)", (long long)n, lim->zip_max_entries);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &s) || !(s.valid & ZIP_STAT_SIZE) ||
		    !(s.valid & ZIP_STAT_COMP_SIZE))
			return ms_err_field(err, MS_E_MEDIA, "file", "压缩包已损坏 (the zip is damaged)");
		total += s.size;
		if (total > lim->zip_max_total)
			return ms_err_field(err, MS_E_TOO_LARGE, "file", "解压后超过 %llu MB，疑为压缩炸弹，已拒收 "
					    "(the zip expands past its cap: a zip bomb)",
					    (unsigned long long)(lim->zip_max_total >> 20));
		if (s.size > (uint64_t)1 << 20 && s.size / (s.comp_size ? s.comp_size : 1) > lim->zip_max_ratio)
			return ms_err_field(err, MS_E_TOO_LARGE, "file", "压缩比异常（%s：%llu 倍），疑为压缩炸弹，已拒收 "
					    "(an entry expands %llu times: a zip bomb)", s.name ? s.name : "?",
					    (unsigned long long)(s.size / (s.comp_size ? s.comp_size : 1)),
					    (unsigned long long)(s.size / (s.comp_size ? s.comp_size : 1)));
	}
	return 0;
}

static int zip_kind(const void *p, size_t n, const struct ev_limits *lim, enum ev_type *t, struct ms_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	zip_int64_t ct;
	char head[8192];
	int rc = -1;

	zip_error_init(&ze);
	src = zip_source_buffer_create(p, n, 0, &ze);
	if (!src || !(z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return ms_err_field(err, MS_E_MEDIA, "file", "压缩包无法读取，不是有效的 XLSX 或 DOCX "
				    "(not a readable XLSX or DOCX)");
	}
	zip_error_fini(&ze);
	if (zip_caps(z, zip_get_num_entries(z, 0), lim, err))
		goto out;
	ct = zip_name_locate(z, "[Content_Types].xml", 0);
	if (ct < 0 || zip_read_head(z, ct, head, sizeof(head))) {
		ms_err_field(err, MS_E_MEDIA, "file", "压缩包不是 Office 文档（缺少 [Content_Types].xml）"
			     "(a zip that is no XLSX or DOCX)");
		goto out;
	}
	if (strstr(head, "spreadsheetml.sheet.main") && zip_name_locate(z, "xl/workbook.xml", 0) >= 0)
		*t = EV_XLSX;
	else if (strstr(head, "wordprocessingml.document.main") && zip_name_locate(z, "word/document.xml", 0) >= 0)
		*t = EV_DOCX;
	else {
		ms_err_field(err, MS_E_MEDIA, "file", "只接收 XLSX 和 DOCX 两种 Office 文档 "
			     "(only XLSX and DOCX Office files are taken)");
		goto out;
	}
	rc = 0;
out:
	zip_discard(z);
	return rc;
}

/* ---------- the check ---------- */

static int fill_info(enum ev_type t, struct ev_info *out)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].t == t) {
			out->type = t;
			out->mime = types[i].mime;
			out->kind = types[i].kind;
			out->ext = types[i].ext;
			return 0;
		}
	return -1;
}

static int check_image(const unsigned char *p, size_t n, const struct ev_limits *lim, struct ev_info *out,
		       struct ms_err *err)
{
	uint32_t w, h;

	if (image_dims(out->type, p, n, &w, &h) || !w || !h)
		return ms_err_field(err, MS_E_MEDIA, "file", "图片已损坏，读不出尺寸 (a damaged image: no dimensions)");
	if ((uint64_t)w * h > lim->max_pixels)
		return ms_err_field(err, MS_E_TOO_LARGE, "file", "图片 %u×%u 像素，超过 %llu 万像素上限 "
				    "(the image has more pixels than the cap)", w, h,
				    (unsigned long long)(lim->max_pixels / 10000));
	if (has_markup(p, n))
		return ms_err_field(err, MS_E_MEDIA, "file", "图片中夹带网页或脚本代码，已拒收 "
				    "(an image holding HTML or script is refused)");
	out->width = w;
	out->height = h;
	ev_exif_read(out->type, p, n, &out->exif);
	return 0;
}

int ev_check(const void *data, size_t n, const char *declared, const struct ev_limits *lim,
	     struct ev_info *out, struct ms_err *err)
{
	const unsigned char *p = data;
	enum ev_type t = magic(p, n), d;

	memset(out, 0, sizeof(*out));
	if (!n)
		return ms_err_field(err, MS_E_INVALID, "file", "文件是空的 (the file is empty)");
	if (n > lim->max_bytes)
		return ms_err_field(err, MS_E_TOO_LARGE, "file", "文件 %.1f MB，超过 %zu MB 上限 "
				    "(the file is larger than the cap)", n / 1048576.0, lim->max_bytes >> 20);
	if (t == EV_NONE)
		return ms_err_field(err, MS_E_MEDIA, "file", "只接收 JPEG、PNG、WebP 图片和 PDF、XLSX、DOCX 文件；"
				    "这个文件的内容不是其中之一 (the content is none of the types taken)");
	if (t == EV_XLSX && zip_kind(p, n, lim, &t, err))
		return -1;
	fill_info(t, out);
	if (declared && *declared && strncasecmp(declared, "application/octet-stream", 24)) {
		d = ev_type_of_mime(declared);
		if (d != t)
			return ms_err_field(err, MS_E_MEDIA, "file", "声明的类型 %.60s 与文件内容（%s）不符 "
					    "(the declared type disagrees with the content)", declared, out->mime);
	}
	if (t == EV_JPEG || t == EV_PNG || t == EV_WEBP)
		return check_image(p, n, lim, out, err);
	return 0;
}
