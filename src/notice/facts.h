/*
 * facts.h - inside the notice importer: the small scanners that find facts
 * in a stretch of the normalised view — quantified targets (number, unit,
 * comparator, increase and baseline), dates and deadlines, and the unit
 * lists of a (牵头单位：…；责任单位：…) annotation. Spans are view offsets;
 * nothing here allocates except the growing target array.
 */
#ifndef MS_NOTICE_FACTS_H
#define MS_NOTICE_FACTS_H

#include <stddef.h>
#include <stdint.h>

struct nf_target {
	size_t q_a, q_b;        /* the statement quoted: the clause(s) saying it */
	size_t n_a, n_b;        /* the number with its unit and comparator */
	int64_t value;          /* in the unit's base: 分, 基点, or the count */
	int cents;              /* value is in hundredths of the unit (5.5公里: 550), for measures outside the plan's units */
	char unit[24];          /* "元", "元/人·月", "%", "户", "公里", "元/人·年"… */
	int cmp;                /* '>' (>=), '<' (<=), or 0: nothing said */
	const char *cmp_word;   /* the words that said it ("以上", "达到"), or NULL */
	int increase;           /* only an increase is said (提高10元): value is the increase */
	int has_base;           /* a baseline was found */
	int base_text;          /* 1: stated (由X提高到Y), 0: inferred (Y − increase) */
	int64_t base;
	size_t b_a, b_b;        /* the words the baseline comes from */
	char name[200];         /* what is counted, from the words around it */
};

struct nf_targets {
	struct nf_target *v;
	size_t n, alloc;
};

/*
 * Appends the quantified targets stated in view s[a, b) (one sentence or
 * title). A number counts only with a unit, never as an ordinal, a date, a
 * range or a share that is not a target (的50%予以免除); an increase
 * (提高60元) that a later figure completes (，达到885元) is that figure's
 * baseline, not a target. "A、B分别…均达到X" gives one target per subject.
 */
void nf_find_targets(const char *s, size_t a, size_t b, struct nf_targets *out);

enum nf_date_kind {
	NF_DATE_FULL = 1,   /* 2023年6月30日, 2023-06-30 */
	NF_DATE_MD,         /* 6月30日 (year from context) */
	NF_DATE_MONTH_END,  /* 6月底, 2023年6月底 */
	NF_DATE_YEAR_END,   /* 年底, 2023年底, 年末 */
	NF_DATE_YEAR_START, /* 2024年初 */
};

struct nf_date {
	size_t a, b;        /* the words */
	int kind;
	int y, m, d;        /* 0 when not said */
	int before;         /* followed by 前/之前/以前 */
};

/* Finds up to max dates in s[a, b); returns how many. */
size_t nf_find_dates(const char *s, size_t a, size_t b, struct nf_date *out, size_t max);

/* A full date at s[p..): its end, or 0; fills y, m, d. */
size_t nf_full_date_at(const char *s, size_t p, size_t b, int *y, int *m, int *d);

enum nf_role { NF_LEAD = 1, NF_RESPONSIBLE, NF_ASSISTING };

struct nf_unit {
	size_t a, b;        /* the name */
	int role;
	int first_is_lead;  /* the list says 列第一位的为牵头单位 */
};

/* 1 when s[p..b) starts an annotation's label (牵头单位, 责任单位…). */
int nf_is_label(const char *s, size_t p, size_t b);

/* Splits an annotation s[a, b) into named units; returns how many (at most max). */
size_t nf_find_units(const char *s, size_t a, size_t b, struct nf_unit *out, size_t max);

/* Parses a run of ASCII digits or Chinese numerals at s[p..b): the value (or -1) and its end. */
int64_t nf_number_at(const char *s, size_t p, size_t b, size_t *end);

#endif
