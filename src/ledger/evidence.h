/*
 * evidence.h - 佐证材料: photos and documents behind a report or a site.
 * Files are checked by their content (evidence_check.c: magic bytes, the
 * image's header dimensions, EXIF, a zip's entries), stored once by their
 * SHA-256 in the database (evidence_file) and linked to a report or a site
 * (evidence), thumbnails and public copies re-encoded without EXIF by
 * libvips (evidence_image.c), and flagged for the reviewer when a site
 * photo was taken far from the site or after the round it supports.
 */
#ifndef MS_EVIDENCE_H
#define MS_EVIDENCE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct ledger;

/* ---------- evidence_check.c: what a file is, by its content ---------- */

enum ev_type { EV_NONE = 0, EV_JPEG, EV_PNG, EV_WEBP, EV_PDF, EV_XLSX, EV_DOCX };

/* Caps a check applies; ev_limits_default fills the defaults. */
struct ev_limits {
	size_t max_bytes;             /* the file (20 MB) */
	uint64_t max_pixels;          /* an image's width × height before any decoding (50 MP) */
	uint64_t zip_max_total;       /* a zip's entries uncompressed, added up (200 MB) */
	uint32_t zip_max_ratio;       /* an entry's uncompressed / compressed (100) */
	uint32_t zip_max_entries;     /* (5,000) */
};
void ev_limits_default(struct ev_limits *lim);

/* What the EXIF of a photo says; has_* 0 when absent or unreadable. */
struct ev_exif {
	int has_time, has_gps;
	char taken_at[20];            /* "2023-06-01 10:20:30", the camera's local time */
	int64_t lat_e6, lon_e6;       /* degrees × 10^6, south and west negative */
	int broken;                   /* an EXIF block was there but could not be read: ignored */
};

struct ev_info {
	enum ev_type type;
	const char *mime;             /* "image/jpeg" … */
	const char *kind;             /* "photo" or "document" */
	const char *ext;              /* "jpg" … */
	uint32_t width, height;       /* an image's, from its header; 0 for documents */
	struct ev_exif exif;
};

/* The type's MIME name, and the type a declared Content-Type names (EV_NONE when none of ours). */
const char *ev_type_mime(enum ev_type t);
enum ev_type ev_type_of_mime(const char *mime);
/* Its file name extension ("jpg"…; "bin" for EV_NONE). */
const char *ev_type_ext(enum ev_type t);

/*
 * Says what the n bytes at p are by their content alone: JPEG, PNG or WebP
 * (dimensions from the header, refused past lim->max_pixels before any
 * decoding; refused when the bytes hold HTML or script — a polyglot; EXIF
 * read, a broken one ignored), PDF, or a zip that is an XLSX or a DOCX (its
 * [Content_Types].xml read; refused past the zip caps: a zip bomb). A
 * declared type ("" or NULL: none; application/octet-stream: any) must
 * agree. Errors: MS_E_MEDIA (not a type we take, the declared type
 * disagrees, a polyglot, a damaged file), MS_E_TOO_LARGE (bytes, pixels,
 * the zip's caps); err.field "file".
 */
int ev_check(const void *p, size_t n, const char *declared, const struct ev_limits *lim,
	     struct ev_info *out, struct ms_err *err);

/* The EXIF of a JPEG, PNG or WebP (the APP1, eXIf or EXIF block), read with libexif. */
void ev_exif_read(enum ev_type t, const void *p, size_t n, struct ev_exif *x);

/* The distance in metres between two points (haversine on a sphere of 6,371 km). */
int64_t ev_distance_m(int64_t lat1_e6, int64_t lon1_e6, int64_t lat2_e6, int64_t lon2_e6);

/* ---------- evidence_image.c: libvips ---------- */

/*
 * Re-encodes an image (already checked by ev_check) as a JPEG whose longer
 * side is at most side pixels, without EXIF or any other metadata (the
 * thumbnail, 320; the public copy, 1280). -1 with err when it cannot be
 * decoded (MS_E_MEDIA).
 */
int ev_image_jpeg(const void *p, size_t n, int side, struct ms_buf *out, struct ms_err *err);

/* ---------- evidence.c: the service ---------- */

struct evidence_in {
	const char *indicator, *org, *round;  /* a report's, or NULL with site */
	int64_t site;                         /* a site's id, or 0 with a report */
	const char *name;                     /* the file's own name ("" none) */
	const char *type;                     /* the declared Content-Type ("" or NULL: none) */
	const void *data;
	size_t len;
	const char *note;                     /* a line about it, or NULL */
};

/*
 * Checks a file (ev_check under the plan's caps: settings
 * evidence.max_mb[.PLAN], default 20), stores its bytes once by SHA-256
 * with a thumbnail and a public copy (images), and links it to the report
 * (which must exist) or the site. One transaction with its journal row
 * (evidence.add). *id the new link's id.
 */
int evidence_add(struct ledger *l, const struct evidence_in *in, int64_t *id, struct ms_err *err);

struct evidence_row {
	int64_t id;
	const char *target;                   /* "report" or "site" */
	const char *indicator, *org, *round;  /* round "" for a site */
	int64_t site;                         /* 0 for a report */
	const char *sha256, *type, *kind, *name, *note, *by, *at;
	int64_t size, width, height;
	int has_time, has_gps;
	const char *taken_at;
	int64_t lat_e6, lon_e6;
	/* for the reviewer */
	int64_t distance_m;                   /* to the site, -1 when either has no position */
	int far;                              /* farther than the plan's distance */
	int late;                             /* taken after the round's due date */
	const char *due;                      /* the round the flag compares with ("" none) */
	int public_ok;                        /* a site photo once the site's report is approved: 公示 */
};

struct evidence_filter {
	const char *indicator, *org, *round;  /* NULL: any; round matches reports only */
	int64_t site;                         /* > 0: this site's only */
	int sites_too;                        /* with indicator and org: their sites' evidence too */
};
/* Calls fn on each link the filter selects, newest last; fn's non-zero stops. */
int evidence_each(struct ledger *l, const struct evidence_filter *f,
		  int (*fn)(const struct evidence_row *r, void *arg), void *arg, struct ms_err *err);
/* One link by id (1, fn called), 0 none, -1. */
int evidence_one(struct ledger *l, int64_t id, int (*fn)(const struct evidence_row *r, void *arg),
		 void *arg, struct ms_err *err);

enum ev_part { EV_ORIGINAL = 0, EV_THUMB, EV_PUBLIC };
/* The bytes of link id's file (the original, its thumbnail, its public copy) into out: 1, 0 none, -1. */
int evidence_bytes(struct ledger *l, int64_t id, enum ev_part part, struct ms_buf *out,
		   struct ms_err *err);

/* The link as JSON (the API, the CLI's --json). */
json_t *evidence_json(const struct evidence_row *r);
/* The flags in words for the reviewer ("距点位 5.0 公里", "拍摄晚于报送节点 2023-06-30"), "" none. */
void evidence_flags_text(struct ms_buf *o, const struct evidence_row *r);

/*
 * Whether the plan requires evidence for an indicator (setting
 * evidence.required.PLAN: indicator ids, comma-separated, or "*"): 1, 0, -1.
 */
int evidence_required(struct ledger *l, const char *indicator, struct ms_err *err);
/* Links to the report (indicator, org, round) and to its indicator's and org's sites: their number, -1. */
int64_t evidence_count_report(struct ledger *l, const char *indicator, const char *org,
			      const char *round, struct ms_err *err);

#endif
