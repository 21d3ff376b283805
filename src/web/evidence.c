/*
 * evidence.c (web) - 佐证材料 over the web: the page of a report's or a
 * site's evidence with its upload form (/evidence), the thumbnails and
 * flags the 审核 page shows, the API (POST and GET
 * /api/v1/reports/{indicator}/{org}/{round}/evidence and
 * /api/v1/sites/{id}/evidence, GET /api/v1/evidence[/{id}[/thumb|/public]]).
 * A file a user sent is never served as a page: attachment, nosniff and a
 * sandboxing CSP; only EXIF-free copies are shown inline.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "ledger/evidence.h"
#include "ledger/ledger.h"
#include "core/banned.h"

/* What a request names: a report (indicator, org, round) or a site. */
struct ev_target {
	char buf[256];
	const char *indicator, *org, *round;
	int64_t site;
};

static int64_t parse_id(const char *s, const char **end)
{
	char *e;
	long long v;

	if (end)
		*end = NULL;
	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &e, 10);
	if (end)
		*end = e;
	return v > 0 ? v : -1;
}

/* "I/O/R/evidence" (a report) into t; -1 when the rest is not that. */
static int report_rest(const char *rest, struct ev_target *t)
{
	char *a, *b, *c;

	snprintf(t->buf, sizeof(t->buf), "%s", rest);
	if (!(a = strchr(t->buf, '/')) || !(b = strchr(a + 1, '/')) || !(c = strchr(b + 1, '/')) ||
	    strcmp(c, "/evidence"))
		return -1;
	*a = *b = *c = '\0';
	t->indicator = t->buf;
	t->org = a + 1;
	t->round = b + 1;
	return *t->indicator && *t->org && *t->round ? 0 : -1;
}

/* "ID/evidence" (a site). */
static int site_rest(const char *rest, struct ev_target *t)
{
	const char *end;

	t->site = parse_id(rest, &end);
	return t->site > 0 && !strcmp(end, "/evidence") ? 0 : -1;
}

/* The query's target (the /evidence page): ?site=ID or ?indicator=&org=&round=. */
static int query_target(struct web_ctx *c, struct ev_target *t)
{
	const char *s = web_arg(c, "site");

	memset(t, 0, sizeof(*t));
	if (s && *s)
		return (t->site = parse_id(s, NULL)) > 0 ? 0 : -1;
	t->indicator = web_arg(c, "indicator");
	t->org = web_arg(c, "org");
	t->round = web_arg(c, "round");
	return t->indicator && t->org && t->round && *t->indicator && *t->org && *t->round ? 0 : -1;
}

/* ---------- adding ---------- */

/* The org a target belongs to (a site's from the register), for asking who may write. */
struct org_of { int64_t id; char org[32]; };

static int site_org(const struct store_site *s, void *arg)
{
	struct org_of *o = arg;

	if (s->id != o->id)
		return 0;
	snprintf(o->org, sizeof(o->org), "%s", s->org);
	return 1;
}

/* Adds the request's one file to t as the user; 0 and *id, or -1 with err. */
static int add_file(struct web_ctx *c, struct ledger *l, const struct ev_target *t, int64_t *id,
		    struct ms_err *err)
{
	const struct web_file *f = web_file_get(&c->rq->files, "file");
	struct evidence_in in = { 0 };
	struct org_of o = { t->site, "" };

	if (!f)
		return ms_err_field(err, MS_E_INVALID, "file", "请选择要上传的文件 (no file was sent)");
	if (t->site && store_site_each(l->st, l->plan, NULL, NULL, site_org, &o, err))
		return -1;
	if (auth_may_report(&c->u, t->site ? o.org : t->org, err) != 1) {
		err->kind = MS_E_FORBIDDEN;
		return -1;
	}
	in.indicator = t->indicator;
	in.org = t->org;
	in.round = t->round;
	in.site = t->site;
	in.name = f->name;
	in.type = f->type;
	in.data = f->data;
	in.len = f->len;
	in.note = web_arg(c, "note");
	return evidence_add(l, &in, id, err);
}

static void api_add(struct web_ctx *c, const struct ev_target *t)
{
	struct ms_err err;
	struct ledger l;
	int64_t id;

	if (web_open_ledger(c, &l))
		return;
	if (add_file(c, &l, t, &id, &err)) {
		web_fail_err(c, &err);
	} else {
		char href[64];

		snprintf(href, sizeof(href), "/api/v1/evidence/%lld", (long long)id);
		web_reply_json(c->r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "href", href));
	}
	ledger_close(&l);
}

/* ---------- listing ---------- */

static int json_row(const struct evidence_row *r, void *arg)
{
	json_array_append_new(arg, evidence_json(r));
	return 0;
}

static void api_list_of(struct web_ctx *c, const struct evidence_filter *f)
{
	struct ms_err err;
	struct ledger l;
	json_t *arr;

	if (!web_need_login(c) || web_open_ledger(c, &l))
		return;
	arr = json_array();
	if (evidence_each(&l, f, json_row, arr, &err)) {
		json_decref(arr);
		web_fail_err(c, &err);
	} else {
		web_reply_json(c->r, 200, arr);
	}
	ledger_close(&l);
}

/* POST /api/v1/reports/{indicator}/{org}/{round}/evidence */
void api_report_evidence(struct web_ctx *c)
{
	struct ev_target t;

	memset(&t, 0, sizeof(t));
	if (report_rest(c->rest, &t)) {
		web_fail(c, 404, "no such endpoint: POST /api/v1/reports/{indicator}/{org}/{round}/evidence (页面不存在)");
		return;
	}
	if (c->rq->method == WEB_POST) {
		api_add(c, &t);
	} else {
		struct evidence_filter f = { t.indicator, t.org, t.round, 0, 0 };

		api_list_of(c, &f);
	}
}

/* POST /api/v1/sites/{id}/evidence */
void api_site_evidence(struct web_ctx *c)
{
	struct ev_target t;

	memset(&t, 0, sizeof(t));
	if (site_rest(c->rest, &t)) {
		web_fail(c, 404, "no such endpoint: /api/v1/sites/{id}/evidence (页面不存在)");
		return;
	}
	if (c->rq->method == WEB_POST) {
		api_add(c, &t);
	} else {
		struct evidence_filter f = { NULL, NULL, NULL, t.site, 0 };

		api_list_of(c, &f);
	}
}

/* GET /api/v1/evidence?indicator=&org=&round=&site= */
void api_evidence_list(struct web_ctx *c)
{
	struct evidence_filter f = { 0 };
	const char *s = web_arg(c, "site");

	f.indicator = web_arg(c, "indicator");
	f.org = web_arg(c, "org");
	f.round = web_arg(c, "round");
	f.site = s ? parse_id(s, NULL) : 0;
	if (s && f.site < 1) {
		web_fail_field(c, 400, "site", "site: a site's id (点位编号)");
		return;
	}
	api_list_of(c, &f);
}

/* ---------- the files ---------- */

struct file_meta { char type[96]; int public_ok; };

static int meta_take(const struct evidence_row *r, void *arg)
{
	struct file_meta *m = arg;

	snprintf(m->type, sizeof(m->type), "%s", r->type);
	m->public_ok = r->public_ok;
	return 0;
}

/* GET /api/v1/evidence/{id}, …/{id}/thumb (a login), …/{id}/public (anyone, once 公示). */
void api_evidence_file(struct web_ctx *c)
{
	const char *end;
	int64_t id = parse_id(c->rest, &end);
	enum ev_part part = !strcmp(end ? end : "", "/thumb") ? EV_THUMB :
			    !strcmp(end ? end : "", "/public") ? EV_PUBLIC : EV_ORIGINAL;
	struct file_meta m = { "", 0 };
	struct ms_err err;
	struct ledger l;
	int rc;

	if (id < 1 || (part == EV_ORIGINAL && *end)) {
		web_fail(c, 404, "no such evidence (没有该佐证材料)");
		return;
	}
	if (part != EV_PUBLIC && !web_need_login(c))
		return;
	if (web_open_ledger(c, &l))
		return;
	rc = evidence_one(&l, id, meta_take, &m, &err);
	if (rc == 1 && part == EV_PUBLIC && !m.public_ok)
		rc = 0;   /* not (yet) public: as if there were none */
	if (rc == 1)
		rc = evidence_bytes(&l, id, part, &c->r->body, &err);
	if (rc < 0) {
		web_fail_err(c, &err);
	} else if (rc == 0) {
		web_fail(c, 404, "no such evidence or copy (没有该佐证材料或其副本)");
	} else {
		c->r->status = 200;
		c->r->sandbox = 1;
		c->r->type = "image/jpeg";   /* our own re-encoded copies */
		if (part == EV_ORIGINAL) {
			enum ev_type t = ev_type_of_mime(m.type);

			c->r->type = ev_type_mime(t);
			snprintf(c->r->disposition, sizeof(c->r->disposition), "attachment; filename=\"evidence-%lld.%s\"",
				 (long long)id, ev_type_ext(t));
		}
	}
	ledger_close(&l);
}

/* ---------- the page: a report's or a site's evidence, and the upload form ---------- */

static void target_query(struct ms_buf *o, const struct ev_target *t)
{
	if (t->site) {
		ms_buf_addf(o, "site=%lld", (long long)t->site);
		return;
	}
	ms_buf_adds(o, "indicator=");
	web_esc(o, t->indicator);
	ms_buf_adds(o, "&amp;org=");
	web_esc(o, t->org);
	ms_buf_adds(o, "&amp;round=");
	web_esc(o, t->round);
}

/* One piece of evidence as the reviewer sees it: thumbnail, name, time, place, flags. */
static void row_html(struct ms_buf *o, const struct evidence_row *r, int big)
{
	struct ms_buf f = MS_BUF_INIT;

	ms_buf_addf(o, "<figure class=\"ev%s\">", r->far || r->late ? " flag" : "");
	if (!strcmp(r->kind, "photo"))
		ms_buf_addf(o, "<a href=\"/api/v1/evidence/%lld\"><img src=\"/api/v1/evidence/%lld/thumb\" alt=\"\" "
			    "width=\"%d\" loading=\"lazy\"></a>", (long long)r->id, (long long)r->id, big ? 160 : 96);
	ms_buf_adds(o, "<figcaption>");
	ms_buf_addf(o, "<a href=\"/api/v1/evidence/%lld\">", (long long)r->id);
	web_esc(o, r->name);
	ms_buf_adds(o, "</a>");
	if (r->site)
		ms_buf_addf(o, "<br>点位 %lld", (long long)r->site);
	ms_buf_adds(o, "<br>拍摄：");
	ms_buf_adds(o, r->has_time ? r->taken_at : "无时间信息");
	if (r->has_gps)
		ms_buf_addf(o, "<br>位置：%.5f, %.5f", r->lat_e6 / 1e6, r->lon_e6 / 1e6);
	if (r->distance_m >= 0)
		ms_buf_addf(o, "<br>距点位：%lld 米", (long long)r->distance_m);
	else if (r->site)
		ms_buf_adds(o, "<br>距点位：无法计算");
	evidence_flags_text(&f, r);
	if (f.len) {
		ms_buf_adds(o, "<br><strong class=\"err\">⚠ ");
		web_esc(o, f.buf);
		ms_buf_adds(o, "</strong>");
	}
	ms_buf_adds(o, "</figcaption></figure>\n");
	ms_buf_release(&f);
}

struct cell { struct ms_buf *o; size_t n; int big; };

static int cell_row(const struct evidence_row *r, void *arg)
{
	struct cell *c = arg;

	c->n++;
	row_html(c->o, r, c->big);
	return 0;
}

void web_evidence_cell(struct ms_buf *o, struct ledger *l, const char *indicator, const char *org,
		       const char *round, int64_t known)
{
	struct evidence_filter f = { indicator, org, round, 0, 1 };
	struct cell c = { o, 0, 0 };
	struct ms_err err;
	struct ev_target t;

	memset(&t, 0, sizeof(t));
	t.indicator = indicator;
	t.org = org;
	t.round = round;
	ms_buf_adds(o, "<div class=\"evs\">");
	if (known != 0 && evidence_each(l, &f, cell_row, &c, &err))
		web_esc(o, err.msg);
	ms_buf_adds(o, "<a href=\"/evidence?");
	target_query(o, &t);
	ms_buf_addf(o, "\">佐证材料（%zu）</a></div>", c.n);
}

void web_evidence_link(struct ms_buf *o, struct ledger *l, const char *indicator, const char *org,
		       const char *round)
{
	struct ev_target t;
	int64_t n = evidence_count_report(l, indicator, org, round, NULL);

	memset(&t, 0, sizeof(t));
	t.indicator = indicator;
	t.org = org;
	t.round = round;
	/* short: it sits under the row's 状态 in the 报送 table */
	ms_buf_adds(o, "<br><small class=\"evlink\"><a href=\"/evidence?");
	target_query(o, &t);
	ms_buf_addf(o, "\" title=\"查看或上传佐证材料\">佐证材料 %lld 份</a></small>", (long long)(n < 0 ? 0 : n));
}

struct site_name { int64_t id; int found; char text[400]; };

static int site_name_take(const struct store_site *s, void *arg)
{
	struct site_name *n = arg;

	if (s->id != n->id)
		return 0;
	n->found = 1;
	snprintf(n->text, sizeof(n->text), "%s（%s，%s）", s->name, s->indicator, s->org);
	return 1;
}

static void upload_form(struct ms_buf *o, const struct web_who *w, const struct ev_target *t)
{
	ms_buf_adds(o, "<form class=\"entry\" method=\"post\" action=\"/evidence\" enctype=\"multipart/form-data\">\n"
		    "<h3>上传佐证材料</h3>\n");
	web_csrf_field(o, w);
	if (t->site) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)t->site);
		web_hidden(o, "site", id);
	} else {
		web_hidden(o, "indicator", t->indicator);
		web_hidden(o, "org", t->org);
		web_hidden(o, "round", t->round);
	}
	ms_buf_adds(o, "<label>文件<input type=\"file\" name=\"file\" required "
		    "accept=\"image/jpeg,image/png,image/webp,application/pdf,.xlsx,.docx\"></label>\n"
		    "<label>说明<input name=\"note\" size=\"30\"></label>\n"
		    "<p class=\"legend\">照片（JPEG、PNG、WebP）或文件（PDF、XLSX、DOCX），单个不超过 20 MB。"
		    "照片中的人脸、身份证件等个人信息由上传人负责；公开展示的照片已去除拍摄时间、位置等 EXIF 信息。</p>\n"
		    "<p><button type=\"submit\">上传</button></p></form>\n");
}

/* The page of t's evidence; msg (an error, or the ok line) above. */
static void page_show(struct web_ctx *c, struct ledger *l, const struct ev_target *t, const char *err_msg,
		      const char *ok, unsigned status)
{
	struct ms_buf *o = &c->r->body;
	struct evidence_filter f = { t->indicator, t->org, t->round, t->site, 0 };
	struct cell cl = { o, 0, 1 };
	struct site_name sn = { t->site, 0, "" };
	const struct ledger_ind *d = t->site ? NULL : ledger_ind_find(l, t->indicator);
	struct ms_err err;

	ms_buf_reset(o);
	web_page_begin(o, "佐证材料", &c->who);
	if (t->site)
		store_site_each(l->st, l->plan, NULL, NULL, site_name_take, &sn, NULL);
	ms_buf_adds(o, "<p class=\"legend\">");
	if (t->site) {
		ms_buf_addf(o, "点位 %lld：", (long long)t->site);
		web_esc(o, sn.found ? sn.text : "（不存在）");
	} else {
		struct store_org_row og;

		web_esc(o, d ? d->name : t->indicator);
		ms_buf_adds(o, " · ");
		web_esc(o, store_org_get(l->st, t->org, &og, NULL) == 1 ? og.name : t->org);
		ms_buf_adds(o, " · 报送节点 ");
		web_esc(o, t->round);
	}
	ms_buf_adds(o, "</p>\n");
	if (!t->site) {
		ms_buf_adds(o, "<p><a href=\"/report?round=");
		web_esc(o, t->round);
		ms_buf_adds(o, "\">返回报送</a> · <a href=\"/review?round=");
		web_esc(o, t->round);
		ms_buf_adds(o, "\">审核</a></p>\n");
	}
	web_flash(o, "err", err_msg);
	web_flash(o, "ok", ok);
	ms_buf_adds(o, "<div class=\"evs big\">");
	if (evidence_each(l, &f, cell_row, &cl, &err))
		web_flash(o, "err", err.msg);
	else if (!cl.n)
		ms_buf_adds(o, "<p>还没有佐证材料。</p>");
	ms_buf_adds(o, "</div>\n");
	if (c->u.role == ROLE_ADMIN || c->u.role == ROLE_REPORTER)
		upload_form(o, &c->who, t);
	web_page_end(o);
	web_reply_html(c->r, status);
}

/* GET /evidence?indicator=&org=&round= or ?site=ID */
void page_evidence(struct web_ctx *c)
{
	const char *added = web_field(&c->rq->query, "added");
	struct ev_target t;
	struct ledger l;

	if (query_target(c, &t)) {
		web_fail(c, 400, "请指明报告（indicator、org、round）或点位（site） (name a report or a site)");
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	page_show(c, &l, &t, NULL, added ? "已上传。" : NULL, 200);
	ledger_close(&l);
}

/* POST /evidence: the upload form; back to the page (303), or the page again with the refusal. */
void form_evidence(struct web_ctx *c)
{
	struct ms_buf to = MS_BUF_INIT;
	struct ev_target t;
	struct ms_err err;
	struct ledger l;
	int64_t id;

	if (query_target(c, &t)) {
		web_fail(c, 400, "请指明报告（indicator、org、round）或点位（site） (name a report or a site)");
		return;
	}
	if (web_open_ledger(c, &l))
		return;
	if (add_file(c, &l, &t, &id, &err)) {
		if (!c->html)
			web_fail_err(c, &err);
		else
			page_show(c, &l, &t, err.msg, NULL, web_err_status(&err));
	} else {
		ms_buf_adds(&to, "/evidence?");
		target_query(&to, &t);
		ms_buf_adds(&to, "&amp;added=1");
		/* the Location header wants & itself */
		{
			char loc[320];
			size_t i, k = 0;

			for (i = 0; i < to.len && k + 1 < sizeof(loc); i++) {
				loc[k++] = to.buf[i];
				if (!strncmp(to.buf + i, "&amp;", 5))
					i += 4;
			}
			loc[k] = '\0';
			web_reply_redirect(c->r, loc);
		}
	}
	ms_buf_release(&to);
	ledger_close(&l);
}

/* ---------- 公示: approved photos on the public item page ---------- */

struct pub { struct ms_buf *o; size_t n; };

static int pub_row(const struct evidence_row *r, void *arg)
{
	struct pub *p = arg;

	if (!r->public_ok || p->n >= 12)
		return 0;
	if (!p->n++)
		ms_buf_adds(p->o, "<h2>公示照片</h2>\n<p class=\"legend\">已审核通过的报告所附照片（已去除拍摄时间、位置等信息）。</p>\n"
			    "<div class=\"evs\">");
	ms_buf_addf(p->o, "<figure class=\"ev\"><img src=\"/api/v1/evidence/%lld/public\" alt=\"\" width=\"160\" "
		    "loading=\"lazy\"><figcaption>", (long long)r->id);
	if (r->site)
		ms_buf_addf(p->o, "点位 %lld · ", (long long)r->site);
	web_esc(p->o, r->org);
	ms_buf_adds(p->o, "</figcaption></figure>");
	return 0;
}

void web_evidence_public(struct web_ctx *c, struct ms_buf *o, int64_t item_no)
{
	struct pub p = { o, 0 };
	struct ms_err err;
	struct ledger l;
	size_t i;

	if (ledger_open(&l, c->st, NULL, "web", &err))
		return;
	for (i = 0; i < l.nind; i++) {
		struct evidence_filter f = { l.ind[i].id, NULL, NULL, 0, 0 };

		if (l.ind[i].item_no == item_no && evidence_each(&l, &f, pub_row, &p, &err))
			break;
	}
	if (p.n)
		ms_buf_adds(o, "</div>\n");
	ledger_close(&l);
}
