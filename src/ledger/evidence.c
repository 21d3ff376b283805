/*
 * evidence.c - 佐证材料 behind reports and sites: a file checked by its
 * content (evidence_check.c), stored once by SHA-256 with its EXIF-free
 * thumbnail and public copy (evidence_image.c), linked to a report or a
 * site in one transaction with its journal row; read back with the flags a
 * reviewer needs (how far a site photo was taken from the site, whether
 * it was taken after the round it supports) and whether the public may see
 * its copy (公示: once the report it supports is approved).
 */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/hash.h"
#include "core/text.h"
#include "ledger.h"
#include "core/banned.h"

#define THUMB_SIDE 320
#define PUBLIC_SIDE 1280

/* The plan's setting "key.PLAN", else "key", as a whole number; def when unset. */
static int setting_num(struct ledger *l, const char *key, int64_t def, int64_t max, int64_t *v,
		       struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	char k[160];
	char *end;
	int rc;

	*v = def;
	snprintf(k, sizeof(k), "%s.%s", key, l->plan);
	rc = store_setting_get(l->st, k, &b, err);
	if (rc == 0) {
		snprintf(k, sizeof(k), "%s", key);
		rc = store_setting_get(l->st, k, &b, err);
	}
	if (rc == 1) {
		long long n = strtoll(b.buf, &end, 10);

		if (end == b.buf || *end || n < 1 || n > max)
			rc = ms_err_setk(err, MS_E_INTERNAL, "设置 %s 不是 1 至 %lld 之间的整数 (setting %s: \"%s\")",
					 k, (long long)max, k, b.buf);
		else
			*v = n;
	}
	ms_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

static int limits_of(struct ledger *l, struct ev_limits *lim, struct ms_err *err)
{
	int64_t mb;

	ev_limits_default(lim);
	if (setting_num(l, "evidence.max_mb", 20, 1024, &mb, err))
		return -1;
	lim->max_bytes = (size_t)mb << 20;
	return 0;
}

/* ---------- adding ---------- */

struct site_find {
	int64_t id;
	int found;
	char indicator[64], org[32];
};

static int site_take(const struct store_site *s, void *arg)
{
	struct site_find *f = arg;

	if (s->id != f->id)
		return 0;
	f->found = 1;
	snprintf(f->indicator, sizeof(f->indicator), "%s", s->indicator);
	snprintf(f->org, sizeof(f->org), "%s", s->org);
	return 1;
}

static int status_take(const struct store_report *r, void *arg)
{
	snprintf(arg, 16, "%s", r->status);
	return 0;
}

/* The report the file is for: it exists, is not approved, its round is open. */
static int target_report(struct ledger *l, const struct evidence_in *in, struct store_evidence *e,
			 struct ms_err *err)
{
	const struct ledger_ind *d;
	const struct ledger_round *rd;
	char status[16] = "";
	int rc;

	if (!in->indicator || !(d = ledger_ind_find(l, in->indicator)))
		return ms_err_field(err, MS_E_NOTFOUND, "indicator", "没有指标 %s (no such indicator)",
				    in->indicator ? in->indicator : "");
	if (!in->org || !*in->org)
		return ms_err_field(err, MS_E_INVALID, "org", "须指明报送单位 (the org is missing)");
	if (!in->round || !(rd = ledger_round_find(l, in->round, err))) {
		if (!in->round)
			ms_err_set(err, "须指明报送节点 (the round is missing)");
		snprintf(err->field, sizeof(err->field), "round");
		return -1;
	}
	rc = store_report_get(l->st, l->plan, d->id, in->org, rd->due, status_take, status, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return ms_err_field(err, MS_E_NOTFOUND, "round", "%s 在 %s 还没有报告，请先保存或报送再上传佐证材料 "
				    "(no report yet to attach it to)", in->org, rd->due);
	if (!strcmp(status, "approved"))
		return ms_err_field(err, MS_E_CONFLICT, "round", "该报告已审核通过，不再添加佐证材料 "
				    "(the report is approved and final)");
	if (ledger_round_writable(l, rd, "上传佐证材料", "evidence", err))
		return -1;
	e->target = "report";
	e->indicator = d->id;
	e->org = in->org;
	e->round = rd->due;
	return 0;
}

/* The site the file is for: one of the plan's. f keeps the strings e points to. */
static int target_site(struct ledger *l, const struct evidence_in *in, struct site_find *f,
		       struct store_evidence *e, struct ms_err *err)
{
	f->id = in->site;
	if (store_site_each(l->st, l->plan, NULL, NULL, site_take, f, err))
		return -1;
	if (!f->found)
		return ms_err_field(err, MS_E_NOTFOUND, "site", "没有编号为 %lld 的点位 (no such site)",
				    (long long)in->site);
	e->target = "site";
	e->indicator = f->indicator;
	e->org = f->org;
	e->round = "";
	e->site = in->site;
	return 0;
}

/* The name as given, kept to its last path part, valid UTF-8 and at most 200 bytes. */
static void clean_name(char out[208], const char *name, const char *ext)
{
	const char *s = name ? name : "";
	const char *slash = strrchr(s, '/'), *back = strrchr(s, '\\');
	size_t n, i, k = 0;

	if (slash)
		s = slash + 1;
	if (back && back + 1 > s)
		s = back + 1;
	n = strlen(s);
	if (!ms_utf8_valid(s, n, NULL))
		n = 0;
	n = (size_t)ms_utf8_clip(s, n, 200);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7F)
			out[k++] = s[i];
	out[k] = '\0';
	if (!k)
		snprintf(out, 208, "佐证材料.%s", ext);
}

/* The thumbnail and the public copy of an image, re-encoded without metadata. */
static int copies(const struct evidence_in *in, const struct ev_info *inf, struct ms_buf *thumb,
		  struct ms_buf *pub, struct ms_err *err)
{
	if (strcmp(inf->kind, "photo"))
		return 0;
	if (ev_image_jpeg(in->data, in->len, THUMB_SIDE, thumb, err) ||
	    ev_image_jpeg(in->data, in->len, PUBLIC_SIDE, pub, err))
		return -1;
	return 0;
}

static int add_rows(struct ledger *l, const struct store_ev_file *f, struct store_evidence *e,
		    int64_t *id, struct ms_err *err)
{
	char key[256];
	json_t *j;

	if (store_ev_file_put(l->st, f, e->at, err) < 0 || store_evidence_add(l->st, e, id, err))
		return -1;
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "target", e->target, "indicator", e->indicator,
		      "org", e->org, "name", e->name, "sha256", f->sha256, "type", f->type, "size",
		      (json_int_t)f->size);
	if (e->site)
		json_object_set_new(j, "site", json_integer(e->site));
	else
		json_object_set_new(j, "round", json_string(e->round));
	if (f->has_time)
		json_object_set_new(j, "taken_at", json_string(f->taken_at));
	if (f->has_gps)
		json_object_set_new(j, "gps", json_pack("{s:I, s:I}", "lat_e6", (json_int_t)f->lat_e6,
							"lon_e6", (json_int_t)f->lon_e6));
	if (e->site)
		snprintf(key, sizeof(key), "%s/%s/%s/site/%lld/evidence/%lld", l->plan, e->indicator, e->org,
			 (long long)e->site, (long long)*id);
	else
		snprintf(key, sizeof(key), "%s/%s/%s/%s/evidence/%lld", l->plan, e->indicator, e->org, e->round,
			 (long long)*id);
	return store_journal_json(l->st, l->actor, "evidence.add", "evidence", key, NULL, j, err);
}

int evidence_add(struct ledger *l, const struct evidence_in *in, int64_t *id, struct ms_err *err)
{
	struct ms_buf thumb = MS_BUF_INIT, pub = MS_BUF_INIT;
	struct store_evidence e;
	struct store_ev_file f;
	struct site_find sf;
	struct ev_limits lim;
	struct ev_info inf;
	char sha[MS_SHA256_HEX_LEN + 1], name[208], now[32];
	int64_t nid = 0;
	int rc = -1;

	memset(&e, 0, sizeof(e));
	memset(&f, 0, sizeof(f));
	memset(&sf, 0, sizeof(sf));
	if (in->site ? target_site(l, in, &sf, &e, err) : target_report(l, in, &e, err))
		return -1;
	if (limits_of(l, &lim, err) || ev_check(in->data, in->len, in->type, &lim, &inf, err))
		return -1;
	if (ms_sha256_hex(in->data, in->len, sha))
		return ms_err_setk(err, MS_E_INTERNAL, "无法计算 SHA-256 (hashing failed)");
	if (copies(in, &inf, &thumb, &pub, err))
		goto out;
	clean_name(name, in->name, inf.ext);
	ms_clock_now_iso(now);
	f.sha256 = sha;
	f.type = inf.mime;
	f.size = (int64_t)in->len;
	f.has_dims = inf.width > 0;
	f.width = inf.width;
	f.height = inf.height;
	f.has_time = inf.exif.has_time;
	f.taken_at = inf.exif.taken_at;
	f.has_gps = inf.exif.has_gps;
	f.lat_e6 = inf.exif.lat_e6;
	f.lon_e6 = inf.exif.lon_e6;
	f.bytes = in->data;
	f.thumb = thumb.len ? thumb.buf : NULL;
	f.thumb_len = thumb.len;
	f.public_copy = pub.len ? pub.buf : NULL;
	f.public_len = pub.len;
	e.plan = l->plan;
	e.sha256 = sha;
	e.kind = inf.kind;
	e.name = name;
	e.note = in->note ? in->note : "";
	e.by = l->actor ? l->actor : "cli";
	e.at = now;
	if (store_begin(l->st, err))
		goto out;
	rc = store_end(l->st, add_rows(l, &f, &e, &nid, err), err);
	if (!rc && id)
		*id = nid;
out:
	ms_buf_release(&thumb);
	ms_buf_release(&pub);
	return rc;
}

/* ---------- reading, with the reviewer's flags ---------- */

struct each_ctx {
	struct ledger *l;
	int64_t max_m;
	int (*fn)(const struct evidence_row *r, void *arg);
	void *arg;
	struct ms_err *err;
	int failed;
};

/* The first progress round due on or after day (ISO): the one that counts a site delivered then. */
static const char *round_for(const struct ledger *l, const char *day)
{
	size_t i;

	for (i = 0; day && *day && i < l->nround; i++)
		if (strcmp(l->round[i].due, day) >= 0)
			return l->round[i].due;
	return "";
}

static int row_of(const struct store_evidence *e, void *arg)
{
	struct each_ctx *c = arg;
	struct evidence_row r;
	char status[16] = "";

	memset(&r, 0, sizeof(r));
	r.id = e->id;
	r.target = e->target;
	r.indicator = e->indicator;
	r.org = e->org;
	r.round = e->round;
	r.site = e->site;
	r.sha256 = e->sha256;
	r.type = e->type;
	r.kind = e->kind;
	r.name = e->name;
	r.note = e->note;
	r.by = e->by;
	r.at = e->at;
	r.size = e->size;
	r.width = e->width;
	r.height = e->height;
	r.has_time = e->has_time;
	r.taken_at = e->taken_at;
	r.has_gps = e->has_gps;
	r.lat_e6 = e->lat_e6;
	r.lon_e6 = e->lon_e6;
	r.distance_m = -1;
	if (e->site && e->has_gps && e->has_site_pos) {
		r.distance_m = ev_distance_m(e->lat_e6, e->lon_e6, e->site_lat_e6, e->site_lon_e6);
		r.far = r.distance_m > c->max_m;
	}
	r.due = e->site ? round_for(c->l, e->site_delivered_on) : e->round;
	r.late = r.has_time && *r.due && strncmp(r.taken_at, r.due, 10) > 0;
	if (e->site && *r.due) {
		if (store_report_get(c->l->st, c->l->plan, e->indicator, e->org, r.due, status_take, status,
				     c->err) < 0) {
			c->failed = 1;
			return 1;
		}
	} else if (!e->site) {
		snprintf(status, sizeof(status), "%s", e->report_status);
	}
	r.public_ok = !strcmp(r.kind, "photo") && !strcmp(status, "approved");
	return c->fn(&r, c->arg);
}

static int each_setup(struct ledger *l, struct each_ctx *c, struct ms_err *err)
{
	memset(c, 0, sizeof(*c));
	c->l = l;
	c->err = err;
	/* once per opening: a page lists the evidence of a hundred reports */
	if (!l->ev_max_m && setting_num(l, "evidence.max_distance_m", 1000, 100000000, &l->ev_max_m, err))
		return -1;
	c->max_m = l->ev_max_m;
	return 0;
}

int evidence_each(struct ledger *l, const struct evidence_filter *f,
		  int (*fn)(const struct evidence_row *r, void *arg), void *arg, struct ms_err *err)
{
	struct each_ctx c;

	if (each_setup(l, &c, err))
		return -1;
	c.fn = fn;
	c.arg = arg;
	if (store_evidence_each(l->st, l->plan, f->indicator, f->org, f->round, f->sites_too, f->site, 0,
				row_of, &c, err))
		return -1;
	return c.failed ? -1 : 0;
}

struct one_ctx {
	int (*fn)(const struct evidence_row *r, void *arg);
	void *arg;
	int found;
};

static int one_take(const struct evidence_row *r, void *arg)
{
	struct one_ctx *o = arg;

	o->found = 1;
	return o->fn ? o->fn(r, o->arg) : 0;
}

int evidence_one(struct ledger *l, int64_t id, int (*fn)(const struct evidence_row *r, void *arg),
		 void *arg, struct ms_err *err)
{
	struct one_ctx o = { fn, arg, 0 };
	struct each_ctx c;

	if (id < 1)
		return 0;
	if (each_setup(l, &c, err))
		return -1;
	c.fn = one_take;
	c.arg = &o;
	if (store_evidence_each(l->st, l->plan, NULL, NULL, NULL, 0, 0, id, row_of, &c, err) || c.failed)
		return -1;
	return o.found;
}

int evidence_bytes(struct ledger *l, int64_t id, enum ev_part part, struct ms_buf *out,
		   struct ms_err *err)
{
	return store_evidence_bytes(l->st, l->plan, id, (int)part, out, err);
}

json_t *evidence_json(const struct evidence_row *r)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id",
			      (json_int_t)r->id, "target", r->target, "indicator", r->indicator, "org", r->org,
			      "name", r->name, "type", r->type, "kind", r->kind, "sha256", r->sha256, "size",
			      (json_int_t)r->size, "note", r->note, "uploaded_by", r->by, "uploaded_at", r->at);

	if (r->site)
		json_object_set_new(j, "site", json_integer(r->site));
	else
		json_object_set_new(j, "round", json_string(r->round));
	if (r->width)
		json_object_set_new(j, "width", json_integer(r->width));
	if (r->height)
		json_object_set_new(j, "height", json_integer(r->height));
	json_object_set_new(j, "taken_at", r->has_time ? json_string(r->taken_at) : json_null());
	json_object_set_new(j, "gps", r->has_gps ? json_pack("{s:f, s:f}", "lat", r->lat_e6 / 1e6, "lon",
							     r->lon_e6 / 1e6) : json_null());
	json_object_set_new(j, "distance_m", r->distance_m >= 0 ? json_integer(r->distance_m) : json_null());
	json_object_set_new(j, "far", json_boolean(r->far));
	json_object_set_new(j, "late", json_boolean(r->late));
	json_object_set_new(j, "public", json_boolean(r->public_ok));
	return j;
}

void evidence_flags_text(struct ms_buf *o, const struct evidence_row *r)
{
	if (r->far)
		ms_buf_addf(o, "拍摄地距点位 %.1f 公里，超出范围 ", r->distance_m / 1000.0);
	if (r->late)
		ms_buf_addf(o, "拍摄于 %.10s，晚于报送节点 %s ", r->taken_at, r->due);
	if (o->len && o->buf[o->len - 1] == ' ')
		ms_buf_setlen(o, o->len - 1);
}

/* ---------- what approval needs ---------- */

int evidence_required(struct ledger *l, const char *indicator, struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	char k[160];
	const char *p;
	size_t n = strlen(indicator);
	int rc, yes = 0;

	snprintf(k, sizeof(k), "evidence.required.%s", l->plan);
	rc = store_setting_get(l->st, k, &b, err);
	if (rc == 1) {
		for (p = b.buf; *p; p += strcspn(p, ",")) {
			p += strspn(p, ", ");
			if ((!strncmp(p, indicator, n) && (p[n] == ',' || p[n] == ' ' || !p[n])) ||
			    (p[0] == '*' && (p[1] == ',' || !p[1])))
				yes = 1;
			if (!*p)
				break;
		}
	}
	ms_buf_release(&b);
	return rc < 0 ? -1 : yes;
}

int64_t evidence_count_report(struct ledger *l, const char *indicator, const char *org,
			      const char *round, struct ms_err *err)
{
	return store_evidence_count(l->st, l->plan, indicator, org, round, err);
}
