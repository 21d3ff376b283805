/*
 * notice.c - the notice importer (see notice.h): the pipeline. The text is
 * decoded and read once into a normalised view (view.c); the stages
 * (ctx.h) find the markers, cut the segments, place them, and emit the draft.
 *
 * Every stage works on view offsets and maps them back to the text only to
 * quote. Each is one pass or a hash over the segments, so time is linear in
 * the input; the overlap evidence is built from at most PROFILE_MAX bytes per
 * item and looked up per segment.
 */
#include "notice/ctx.h"

#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

/*
 * Decodes the text, builds the view and runs the stages up to placement.
 * -1 with err when the input is not a notice.
 */
static int analyse(struct notice_ctx *c, const char *bytes, size_t len, const char *name,
		   struct ms_err *err)
{
	struct notice_result *r = c->r;

	if (nv_decode(&r->text, bytes, len, &r->encoding, &r->converted, err) < 0)
		return -1;
	if (r->text.len > c->o->max_bytes)
		return ms_err_set(err, "%s: 通知过大 (the converted text has %zu bytes; at most %zu)",
				  name ? name : "notice", r->text.len, c->o->max_bytes);
	c->t = r->text.buf;
	c->tlen = r->text.len;
	if (nv_build(&c->v, c->t, c->tlen, err) < 0)
		return -1;
	c->s = c->v.s;
	c->len = c->v.len;
	nc_find_markers(c);
	if (!c->nmk)
		return ms_err_set(err, "%s: 未找到编号事项 (no numbered item found: 一、 （一） 1. 第一条; is this a 民生实事 notice?)",
				  name ? name : "notice");
	nc_find_declared(c, c->mk[0].a);
	nc_choose_style(c);
	nc_segment(c);
	nc_sections(c);
	nc_collect_items(c);
	if (!c->nitems)
		return ms_err_set(err, "%s: 未找到编号事项 (no numbered item found)", name ? name : "notice");
	nc_group_segments(c);
	nc_place_groups(c);
	nc_bodies(c);
	nc_place_annotations(c);
	return 0;
}

/* The notes, the facts and the problems, empty, in the order the facts are shown. */
static void facts_start(struct notice_ctx *c)
{
	struct notice_result *r = c->r;

	c->notes = json_array();
	c->topics = json_object();
	c->dropped = json_array();
	c->dropped_flag = json_object();
	c->facts = json_object();
	c->targets = json_array();
	c->units = json_array();
	c->deadlines = json_array();
	r->problems = json_array();
	json_object_set_new(c->facts, "encoding", json_string(r->encoding));
	json_object_set_new(c->facts, "converted", json_boolean(r->converted));
	json_object_set_new(c->facts, "bytes", json_integer((json_int_t)c->tlen));
	json_object_set_new(c->facts, "item_style", json_string(nc_style_name[c->style]));
	json_object_set_new(c->facts, "items", json_array());
	json_object_set_new(c->facts, "sub_items", json_array());
	json_object_set_new(c->facts, "targets", c->targets);
	json_object_set_new(c->facts, "unplaced_targets", json_array());
	json_object_set_new(c->facts, "units", c->units);
	json_object_set_new(c->facts, "deadlines", c->deadlines);
	json_object_set_new(c->facts, "duplicates", json_array());
	r->facts = c->facts;
}

/* facts.items: each item present, its markers and its title's words; counts r->items_found. */
static void facts_items(struct notice_ctx *c)
{
	size_t i;
	int no;

	for (no = 1; no <= c->maxno; no++) {
		json_t *j;

		if (!c->it[no].nmark)
			continue;
		c->r->items_found++;
		j = json_pack("{s:i, s:i}", "no", no, "markers", c->it[no].nmark);
		for (i = 0; i < c->nsg; i++)
			if (c->sg[i].kind == SEG_TITLE && sec_item(c, c->sg[i].sec) == no &&
			    c->mk[c->sg[i].marker].style == c->style && (int)i == c->it[no].title_seg)
				nc_fact_span(c, j, c->sg[i].a, c->sg[i].tb);
		json_array_append_new(json_object_get(c->facts, "items"), j);
	}
}

static void ctx_free(struct notice_ctx *c)
{
	if (c->notes && !c->r->plan)
		json_decref(c->notes);
	json_decref(c->topics);
	json_decref(c->dropped);
	json_decref(c->dropped_flag);
	nv_release(&c->v);
	free(c->mk);
	free(c->sg);
	free(c->sec);
	free(c->gr);
	free(c->bmask.k);
	free(c->bmask.v);
	free(c->bcount.k);
	free(c->bcount.v);
	free(c);
}

int notice_import(const char *bytes, size_t len, const char *name,
		  const struct notice_opts *opts, struct notice_result *r, struct ms_err *err)
{
	static const struct notice_opts defaults = { 0 };
	struct notice_opts o = opts ? *opts : defaults;
	struct notice_ctx *c;
	int rc = -1;

	if (!o.max_bytes)
		o.max_bytes = NOTICE_MAX_BYTES;
	if (!o.max_listed)
		o.max_listed = 64;
	memset(r, 0, sizeof(*r));
	ms_buf_init(&r->text, o.max_bytes * 2);
	r->encoding = "";
	if (len > o.max_bytes)
		return ms_err_set(err, "%s: 通知过大 (%zu bytes; a notice may be at most %zu bytes)",
				  name ? name : "notice", len, o.max_bytes);
	c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->o = &o;
	c->r = r;
	c->home = nc_home_province(c);
	if (analyse(c, bytes, len, name, err) < 0)
		goto out;
	facts_start(c);
	nc_draft(c, name);
	facts_items(c);
	rc = 0;
out:
	if (rc) {
		json_decref(c->facts);
		json_decref(r->problems);
		ms_buf_release(&r->text);
		memset(r, 0, sizeof(*r));
		r->encoding = "";
	}
	ctx_free(c);
	return rc;
}

void notice_set_source_path(struct notice_result *r, const char *path)
{
	json_object_set_new(json_object_get(r->plan, "source"), "path", json_string(path));
}

void notice_result_release(struct notice_result *r)
{
	json_decref(r->plan);
	json_decref(r->facts);
	json_decref(r->problems);
	ms_buf_release(&r->text);
	memset(r, 0, sizeof(*r));
	r->encoding = "";
}
