/*
 * progress.h - where the programme stands on a date: completion per
 * indicator, region and item; the expected time progress (时序进度); the
 * 红黄绿 colour; expected, received, on-time, late and missing reports.
 * Everything is computed "as of" a day, so results are reproducible.
 *
 * What counts: a region's figure for an indicator is the value of its
 * latest report (by round) that was approved by the as-of day — the
 * report's status is approved and its reviewed_at falls on or before the
 * day, China time. Reports awaiting review (submitted, or reviewed after
 * the day) count only with include_unreviewed (staff views); their number
 * is always given (pending). Report counts (received, on time, late,
 * missing) are about sending in and count every submitted report.
 */
#ifndef MS_PROGRESS_H
#define MS_PROGRESS_H

#include "core/buf.h"
#include "core/date.h"
#include "ledger/ledger.h"

enum prog_colour { PC_NONE, PC_DONE, PC_GREEN, PC_YELLOW, PC_RED };

struct prog_counts {
	int expected, received, on_time, late, missing;
};

struct prog_org {
	char code[32], name[128];
	int64_t target;
	int has_actual;
	int64_t actual;
	int completion_bp;            /* -1 when no actual */
	enum prog_colour colour;
	struct prog_counts reports;
	int pending;                  /* reports received and awaiting review (待审核) */
	char missing_rounds[64];      /* "2023-06-30 2023-10-30" */
	char late_rounds[64];
};

/* A region whose report differs from its sites (点位) delivered by the round's due date. */
struct prog_site_gap {
	char org[32], name[128], round[16];
	int64_t sites;                /* SUM(quantity) of sites delivered on or before the round's due date */
	int64_t reported;             /* the value the region reported for that round */
};

struct prog_ind {
	const struct ledger_ind *ind; /* points at own: the figures outlive the ledger */
	struct ledger_ind own;
	int has_actual;
	int64_t actual;
	int completion_bp;            /* capped at 10000 for scores; -1 none */
	int completion_raw_bp;        /* uncapped */
	int expected_bp;
	int regions_met, regions;     /* each-region indicators */
	enum prog_colour colour;
	struct prog_counts reports;
	struct prog_org *org;
	size_t norg;
	int pending;                  /* its reports awaiting review (待审核), whatever the round */
	int narratives;               /* qualitative: progress reports counted */
	char narrative[600];          /* the latest of them */
	int has_sites;                /* the indicator keeps a site register (any site, any status) */
	struct prog_site_gap *gap;    /* every region and round due whose report differs from its sites */
	size_t ngap;
	struct prog_counts *round;    /* its reports by round (the progress's nround): the rounds add these up */
};

struct prog_item {
	int64_t no;
	char title[192], leads[256], responsible[256];   /* unit codes, comma-separated */
	char lead_names[512];         /* the lead units' names, joined by "、" */
	enum prog_colour colour;
	int completion_bp;            /* mean of its indicators' capped completions, -1 none */
	struct prog_counts reports;
	int pending;                  /* its indicators' reports awaiting review */
};

/* An item the notice's text lacks (文中缺失): its number and what the plan's notes say of it. */
struct prog_absent {
	int64_t no;
	char note[600];
};

struct prog_round {
	char due[16], label[64];
	struct prog_counts reports;
	int due_passed;
};

struct progress {
	char plan[64];
	ms_day as_of;
	int expected_bp;              /* time progress of the year's work */
	int margin_pts;
	int demo;
	int unreviewed;               /* 1: reports awaiting review were counted (a staff view) */
	int pending;                  /* all reports awaiting review */
	struct prog_ind *ind;
	size_t nind;
	struct prog_item *item;
	size_t nitem;
	struct prog_absent *absent;   /* items absent from the notice's text, by number */
	size_t nabsent;
	struct prog_round *round;
	size_t nround;
	int next_round;               /* index of the next round due after as_of, -1 none */
};

struct progress_opts {
	ms_day as_of;
	int margin_pts;               /* 0: 10 points */
	int64_t item;                 /* 0: all */
	const char *org;              /* NULL: all */
	int include_unreviewed;       /* 1: count reports awaiting review too (staff views) */
	int upto_round;               /* 0: every round; n: only reports of the first n rounds count (a trend's points) */
};

int progress_compute(struct ledger *l, const struct progress_opts *o, struct progress *p,
		     struct ms_err *err);
void progress_free(struct progress *p);

/* A value for reading: amounts of 1万元 and more rounded to 0.01万/亿 ("53.71亿元"), else as the unit writes it. */
void prog_value_text(struct ms_buf *b, const char *unit, int64_t v);
/* Appends basis points as a percentage with one decimal ("45.2%"), "—" for -1. */
void prog_pct(struct ms_buf *b, int bp);
/* a / b in basis points, rounded half up, capped at 100 times the whole (b <= 0: the whole, or the cap when a > 0) */
int prog_ratio_bp(int64_t a, int64_t b);
void prog_counts_add(struct prog_counts *a, const struct prog_counts *b);

const char *prog_colour_cn(enum prog_colour c);   /* 完成 绿 黄 红 — */
const char *prog_colour_code(enum prog_colour c); /* done green yellow red none */

/* Appends the status document (pretty JSON and a final newline), written straight, no tree. */
void progress_json(const struct progress *p, struct ms_buf *out);
/*
 * The same document from parts kept between calls: ind_json[j] is
 * indicator j's JSON, written when empty and copied when not.
 */
void progress_json_parts(const struct progress *p, struct ms_buf *out, struct ms_buf *ind_json);
/*
 * The status document (progress_json of progress_compute) appended to out;
 * *nitem its items. In the server (progress_data_keep) each thread keeps
 * its last few, by plan and options, and brings one up to date by
 * computing again only the indicators whose reports were written since.
 */
int progress_status_json(struct ledger *l, const struct progress_opts *o, struct ms_buf *out,
			 size_t *nitem, struct ms_err *err);
/* Appends "2023-06-30 点位 38台 / 报送 34台": one mismatch between the register and a report (g->name is the region). */
void prog_site_gap_text(struct ms_buf *b, const struct prog_ind *pi, const struct prog_site_gap *g);

/* The readable Chinese table for a terminal. */
int progress_render(const struct progress *p, struct ms_buf *out);

#endif
