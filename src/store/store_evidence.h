/*
 * store_evidence.h - the evidence tables (store_evidence.c): files stored
 * once by SHA-256 (evidence_file) and their links to reports and sites
 * (evidence). Included by store.h; callers include store.h.
 */
#ifndef MS_STORE_EVIDENCE_H
#define MS_STORE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct store;

/* A stored file: what its content said, its bytes, its EXIF-free copies (NULL: none). */
struct store_ev_file {
	const char *sha256, *type;
	int64_t size;
	int has_dims, has_time, has_gps;
	int64_t width, height;
	const char *taken_at;
	int64_t lat_e6, lon_e6;
	const void *bytes, *thumb, *public_copy;
	size_t thumb_len, public_len;
};
/* Stores the file unless its SHA-256 is already there: 1 added, 0 was there, -1. */
int store_ev_file_put(struct store *st, const struct store_ev_file *f, const char *now,
		      struct ms_err *err);

/* A link of a file to a report (site 0) or a site, with its file's facts when read. */
struct store_evidence {
	int64_t id;
	const char *plan, *target, *indicator, *org, *round;
	int64_t site;
	const char *sha256, *kind, *name, *note, *by, *at;
	/* read only: the file's facts, and the site's position (has_site_pos) and date */
	const char *type, *taken_at, *site_delivered_on;
	int64_t size, width, height, lat_e6, lon_e6, site_lat_e6, site_lon_e6;
	int has_time, has_gps, has_site_pos;
	const char *report_status;        /* the report's (or, for a site, "") */
};
int store_evidence_add(struct store *st, const struct store_evidence *e, int64_t *id,
		       struct ms_err *err);

/*
 * Links of the plan in id order: indicator, org NULL for any; round (not
 * NULL) keeps the report links of that round only — and site links too
 * when sites_too; site > 0 that site's only; id > 0 that link only.
 */
int store_evidence_each(struct store *st, const char *plan, const char *indicator, const char *org,
			const char *round, int sites_too, int64_t site, int64_t id,
			int (*fn)(const struct store_evidence *e, void *arg), void *arg,
			struct ms_err *err);

/* part 0 the bytes, 1 the thumbnail, 2 the public copy of link id's file: 1 and out, 0 none, -1. */
int store_evidence_bytes(struct store *st, const char *plan, int64_t id, int part, struct ms_buf *out,
			 struct ms_err *err);

/* The report's links and those of its indicator's and org's sites: their number, or -1. */
int64_t store_evidence_count(struct store *st, const char *plan, const char *indicator, const char *org,
			     const char *round, struct ms_err *err);

#endif
