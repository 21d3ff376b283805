/*
 * ctx.h - inside the notice importer: the context every stage of the
 * pipeline reads and fills, and the stages' contracts. Not for other layers.
 *
 * The pipeline (notice.c) runs the stages in this order; each names below
 * what it reads and what it writes. Offsets are view offsets (c->s) unless
 * said otherwise; only the quoting helpers map them back to the text.
 *
 *   markers.c   item markers in every numbering style, the declared count, the items' style
 *   segments.c  segments (sentences, headings, unit annotations), sections, identical passages
 *   place.c     items, overlap evidence, placement of shuffled sentences and annotations
 *   header.c    the title, issuer, date, 文号, region and year of the draft
 *   issuer.c    the evidence for the region and the year (header.c asks it)
 *   draft.c     the draft plan: items with their indicators, units and deadlines
 *   rounds.c    the reporting and evaluation rounds
 *   notes.c     quotes (provenance), the draft's notes and the problems drawn from them
 */
#ifndef MS_NOTICE_CTX_H
#define MS_NOTICE_CTX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "notice/notice.h"
#include "notice/view.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_ITEM_NO 200      /* item numbers beyond are not items */
#define SEG_MAX 4096         /* a segment (sentence) is cut at this many view bytes */
#define TITLE_MAX 90         /* bytes of a title before it is cut at a comma */
#define PROFILE_MAX 8192     /* view bytes of body text per item used as evidence */
#define MAX_PROFILED 64      /* items compared by overlap (a bit each) */
#define MAX_UNITS 48         /* units named in one annotation */
#define MAX_DATES 32         /* dates read in one segment */

/* Marker styles, outermost first as in official documents. */
enum style { ST_ARTICLE, ST_CN_DUN, ST_CN_PAREN, ST_DIGIT, ST_DIGIT_PAREN, ST_CIRCLED,
	     ST_CN_SHI,        /* 一是…二是…: news and speeches, innermost */
	     ST_BULLET,        /* - 实施…: bullets of a summary, numbered in order */
	     ST_N };

struct marker {
	size_t a, b;         /* the marker, 一、 */
	int style, no;
};

enum seg_kind { SEG_SENT, SEG_TITLE, SEG_ANNOT };

#define SEC_NONE (-1)        /* preamble, or under an outer heading */
#define SEC_CLOSING (-2)     /* the closing paragraph: 各牵头单位要… */

struct seg {
	size_t a, b;         /* the whole segment, as hashed */
	size_t ta, tb;       /* its words: after any marker, without end punctuation */
	int kind;
	int marker;          /* the marker it starts with, or -1 */
	int sec;             /* its section, SEC_NONE or SEC_CLOSING */
	int group, next;     /* its passage group, the next segment of the group */
};

struct section {
	int marker, item;    /* item 0: an outer heading */
	int has_body;
};

enum { G_OUTSIDE = 0, G_PLACED, G_CONFLICT };

struct group {
	int first, last, n;
	int status, item, conf;
	int rep;             /* the occurrence quoted */
	int by_overlap;      /* placed against the position of some occurrence */
	int cand[4], ncand;  /* positions, for notes */
	int best;            /* the item overlap points to */
	int ntargets;
	int noted;           /* reported as part of a passage */
	int near;            /* 0: every occurrence the same words; else up to this many characters differ */
};

struct item {
	int nmark;           /* markers seen */
	int first_marker;
	int title_seg;       /* the title segment used */
	int has_body;
	int annot;           /* the annotation group placed here, or -1 */
	int idx;             /* bit in the overlap masks, or -1 */
	json_t *inds;
	int nk[8];           /* indicators per kind, for ids */
};

struct u64map {
	uint64_t *k, *v;
	size_t cap, n;
};

/* The home province of c's org table (issuer.c), or NULL. */
struct notice_ctx;
const struct plan_org *nc_home_province(const struct notice_ctx *c);

struct notice_ctx {
	const struct notice_opts *o;
	struct notice_result *r;
	struct notice_view v;
	const char *s;       /* the view */
	size_t len;
	const char *t;       /* the text */
	size_t tlen;
	struct marker *mk;
	size_t nmk, amk;
	int style;           /* the items' style */
	int sequential;      /* numbering restarts under outer headings: number items in order */
	struct seg *sg;
	size_t nsg, asg;
	struct section *sec;
	size_t nsec;
	struct group *gr;
	size_t ngr;
	struct item it[MAX_ITEM_NO + 1];
	int maxno, nitems;
	int declared;
	size_t decl_a, decl_b;
	size_t closing;      /* view offset where the closing paragraph starts, or len */
	int oneliners;       /* items are mostly a single line: a bare title is normal */
	int repeated;        /* some passage (not an annotation) is said more than once */
	int has_progress;    /* the text reports progress (目前进度：…), whose figures are no targets; 2: throughout (…情况的通报) */
	int year;
	const struct plan_org *gov;   /* the plan's government when the text supports it (header.c), or NULL */
	const struct plan_org *home;  /* the home province (nc_home_province, once), or NULL */
	json_t *new_orgs;             /* the government's units the org table lacks, proposed (draft.c) */
	json_t *notes, *facts, *targets, *units, *deadlines;
	json_t *topics, *dropped, *dropped_flag;   /* notes per topic; those not listed */
	int nnote;
	struct u64map bmask, bcount;
	int nprofiled;
};

/* ---------- small helpers on the view ---------- */

/* 1 when the view holds lit at p. */
static inline int at(const struct notice_ctx *c, size_t p, const char *lit)
{
	size_t n = strlen(lit);

	return p + n <= c->len && memcmp(c->s + p, lit, n) == 0;
}

/* The first lit in view[a, b) (b clipped to the view), or NULL. */
static inline const char *find(const struct notice_ctx *c, size_t a, size_t b, const char *lit)
{
	if (b > c->len)
		b = c->len;
	if (a >= b)
		return NULL;
	return memmem(c->s + a, b - a, lit, strlen(lit));
}

/* The view offset of p, a pointer into the view. */
static inline size_t off(const struct notice_ctx *c, const char *p)
{
	return (size_t)(p - c->s);
}

/* p, grown (doubled) to hold one more than n elements of size bytes; aborts when out of memory. */
static inline void *grow(void *p, size_t n, size_t *alloc, size_t size)
{
	if (n < *alloc)
		return p;
	*alloc = *alloc ? *alloc * 2 : 64;
	p = realloc(p, *alloc * size);
	if (!p)
		abort();
	return p;
}

/* The item a section stands for: 0 for an outer heading, the preamble or the closing. */
static inline int sec_item(const struct notice_ctx *c, int sec)
{
	return sec >= 0 ? c->sec[sec].item : 0;
}

/* ---------- markers.c ---------- */

/* The name of each marker style, as a reader knows it ("一、", "（1）"…). */
extern const char *const nc_style_name[ST_N];

/* 1 when view s may start a marker at p: its start, or after a line break, end punctuation or a blank. */
int nc_boundary_before(const char *s, size_t p);

/* Reads s, len. Writes mk, nmk: every marker, in view order. */
void nc_find_markers(struct notice_ctx *c);

/* Reads s[0, end). Writes declared, decl_a, decl_b: "办好10件…实事" (0 when not said). */
void nc_find_declared(struct notice_ctx *c, size_t end);

/* Reads mk, declared. Writes style: the style the items are numbered in. */
void nc_choose_style(struct notice_ctx *c);

/* ---------- segments.c ---------- */

/* Reads mk, style. Writes sg, nsg: the view cut into headings, sentences and annotations. */
void nc_segment(struct notice_ctx *c);

/*
 * Reads mk, style, sg. Writes sec, nsec (one per heading of the items' style
 * or an outer one), sequential, closing and each sg[].sec.
 */
void nc_sections(struct notice_ctx *c);

/* Reads sg. Writes gr, ngr and sg[].group, sg[].next: segments with the same words grouped. */
void nc_group_segments(struct notice_ctx *c);
int nc_differing(const struct notice_ctx *c, size_t a, size_t b, size_t n, int max, int *span);

/* ---------- place.c ---------- */

/* Reads sec. Writes it[].nmark, first_marker, annot (-1), maxno and nitems. */
void nc_collect_items(struct notice_ctx *c);

/*
 * Places every group of sentences in an item by its positions and by the
 * overlap of its words with each item's title and own sentences. Reads sg,
 * sec, mk, style. Writes repeated, it[].idx, nprofiled, bmask, bcount and each non-
 * annotation gr[]: status, item, conf, rep, best, cand, by_overlap.
 */
void nc_place_groups(struct notice_ctx *c);

/* Reads sg, gr (placed), sec. Writes sec[].has_body, it[].has_body, it[].title_seg, oneliners. */
void nc_bodies(struct notice_ctx *c);

/*
 * Places unit annotations after the sentence or heading they follow, one
 * per item. Splits annotation groups whose copies follow different
 * sentences (gr grows, within its nsg + 1). Writes the annotation gr[] and
 * it[].annot.
 */
void nc_place_annotations(struct notice_ctx *c);

/* The segment before i in the same section that is not an annotation, or -1. */
int nc_anchor_of(const struct notice_ctx *c, int i);

/* The view offset where the title words of heading g end (cut at a comma when long). */
size_t nc_title_end(const struct notice_ctx *c, const struct seg *g);

/* ---------- header.c ---------- */

/*
 * Finds the header (title, issuer, issue date, 文号) and sets plan's title,
 * notice_title, issuer, issued_on (each with its provenance), region_code
 * and year. Writes year. Returns the facts' header object (new reference).
 */
json_t *nc_header(struct notice_ctx *c, json_t *plan);

/* ---------- issuer.c ---------- */

/* The header's spans (view offsets; b == 0: not found). */
struct nc_spans {
	size_t nt_a, nt_b;   /* notice title */
	size_t is_a, is_b;   /* issuer */
	size_t ti_a, ti_b;   /* plan title */
	size_t dn_a, dn_b;   /* 文号 */
};

/* The issuer's region as the text supports it. */
struct nc_region {
	size_t a, b;         /* the evidence quoted */
	int conf;            /* 0: none found; else 50..95 */
	const char *basis;   /* 发文机关, 文号, 政府名称, 区划名称 */
	char name[64];       /* the name as the text gives it (simplified) */
	const char *code;    /* the org table's code for name, or NULL */
	const char *kind;    /* its kind (province, city, county), or NULL */
	int mentions;        /* for 区划名称: how often it is named */
	int orig;            /* a, b are offsets in the original text (a column the view leaves out) */
	/* a township issuer (XX镇人民政府) the loaded townships could not tell apart: */
	int towns;           /* how many namesakes (0: none, or told apart) */
	size_t ta, tb;       /* the issuer's words quoted */
	char tnames[512];    /* the candidates: 温泉镇（360483102，庐山市）、… */
};

/* The programme's year as the text supports it. */
struct nc_year {
	int value;           /* 0: none found */
	size_t a, b;
	int conf;
	const char *basis;   /* 标题, 文号, 发布日期, 正文日期 */
};

/* Reads s and the header's spans. Writes r: the best-supported region (conf 0: none). */
void nc_find_region(const struct notice_ctx *c, const struct nc_spans *h, struct nc_region *r);
/* The org table's region named name (full or short), namesakes told apart by the text; NULL. */
const struct plan_org *nc_org_by_name(const struct notice_ctx *c, const char *name, size_t n);

/* Reads s and the header's spans. Writes y: the best-supported year (value 0: none). */
void nc_find_year(const struct notice_ctx *c, const struct nc_spans *h, struct nc_year *y);

/* The level the addressees imply (各县（市、区）人民政府 → "市"), their span; NULL when none. */
const char *nc_level_hint(const struct notice_ctx *c, size_t *a, size_t *b);

/* ---------- draft.c ---------- */

/*
 * Builds the draft plan into r->plan, the facts' header, items, targets,
 * units and deadlines, the notes and r->problems. name: the file name, for
 * the id and source.path. Reads everything the stages above wrote.
 */
void nc_draft(struct notice_ctx *c, const char *name);

/* ---------- rounds.c ---------- */

/* The plan's rounds: the reporting and evaluation dates of the sentences outside the items. */
json_t *nc_rounds(struct notice_ctx *c);

/* ---------- notes.c ---------- */

/* A provenance object quoting view[a, b): the text's bytes there. */
json_t *nc_prov(const struct notice_ctx *c, size_t a, size_t b, const char *basis, const char *note);
/* The same for text[oa, ob), offsets in the original bytes (text the view leaves out). */
json_t *nc_prov_orig(const struct notice_ctx *c, size_t oa, size_t ob, const char *basis, const char *note);

/* A provenance object with no quote: an assumption and why. */
json_t *nc_assume(const char *note);

/* The view's words s[a, b) as a JSON string (folded forms, no breaks). */
json_t *nc_vstr(const struct notice_ctx *c, size_t a, size_t b);

/* The text's words for view[a, b) when they hold no line break, else the view's. */
json_t *nc_tstr(const struct notice_ctx *c, size_t a, size_t b);

/* Sets quote, offset and length of j to the text of view[a, b). */
void nc_fact_span(const struct notice_ctx *c, json_t *j, size_t a, size_t b);

/* Appends no in Chinese numerals; returns the bytes appended. */
size_t nc_cn_item(struct ms_buf *b, int no);

/*
 * Appends a note (flag 已记录 or 待核实, item 0 for none) to notes and returns
 * it (borrowed); past max_listed notes of one topic it is counted instead and
 * summed up by nc_dropped_notes. A 待核实 note counts in r->to_verify.
 */
__attribute__((format(printf, 5, 6)))
json_t *nc_note(struct notice_ctx *c, const char *flag, int item, const char *topic,
		const char *fmt, ...);

/* Adds a quote of view[a, b) to note n's provenance (at most max_listed). */
void nc_note_quote(const struct notice_ctx *c, json_t *n, size_t a, size_t b);
/* The same for text[oa, ob), offsets in the original bytes. */
void nc_note_quote_orig(const struct notice_ctx *c, json_t *n, size_t oa, size_t ob);

/* One note for each topic whose notes passed max_listed. */
void nc_dropped_notes(struct notice_ctx *c);

/* Notes on numbering: item markers repeated or out of order. */
void nc_numbering_notes(struct notice_ctx *c);

/* Notes and facts.duplicates for the passages found more than once, near-duplicates (待核实) included; counts r->duplicates. */
void nc_duplicate_notes(struct notice_ctx *c);

/* 待核实 notes for the groups whose placement conflicts. */
void nc_conflict_notes(struct notice_ctx *c);

/* Notes on sub-item numbering per item: 1, 2, 3… without gaps or repeats. */
void nc_sub_numbering(struct notice_ctx *c);

/* r->problems from the notes (at most 4 × max_listed). */
void nc_problems_from_notes(struct notice_ctx *c);

#endif
