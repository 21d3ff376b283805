/*
 * units.h - the units an indicator may be measured in, the kinds they fit,
 * its aggregations and comparators (one table each, in units.c),
 * and how a stored integer in the unit's base is shown to a person.
 */
#ifndef MS_PLAN_UNITS_H
#define MS_PLAN_UNITS_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum plan_kind {
	PLAN_KIND_COUNT = 1,
	PLAN_KIND_MONEY,
	PLAN_KIND_RATE,
	PLAN_KIND_STANDARD,
	PLAN_KIND_QUALITATIVE,
};

struct plan_unit {
	const char *name;      /* as written in plan files: "元", "元/人·月", "%", "台" */
	enum plan_kind kind;   /* the one kind this unit serves */
	const char *base;      /* what stored integers count: "分", "基点", or the unit itself */
};

/* The unit called name, or NULL when it is not one we know. */
const struct plan_unit *plan_unit_find(const char *name);

/* "count" … "qualitative" to the enum and back; 0 / NULL when unknown. */
enum plan_kind plan_kind_parse(const char *s);
const char *plan_kind_name(enum plan_kind k);
/* 数量 / 金额 / 比率 / 标准 / 定性 ("" when unknown) */
const char *plan_kind_label(enum plan_kind k);
/* "count, money, rate, standard, qualitative", for messages. */
const char *plan_kind_names(void);

/* How regions' reports make the province's figure (docs/PLAN-FORMAT.md). */
enum plan_aggregation {
	PLAN_AGG_SUM = 1,      /* "sum": regions add up */
	PLAN_AGG_MIN,          /* "min": the lowest region stands for all */
	PLAN_AGG_RATIO,        /* "ratio": numerator / denominator summed */
	PLAN_AGG_EACH_REGION,  /* "each-region": every region must reach the target */
	PLAN_AGG_NONE,         /* "none": qualitative */
};
/* "sum" … "none" to the enum and back; 0 / NULL when unknown. */
enum plan_aggregation plan_aggregation_parse(const char *s);
const char *plan_aggregation_name(enum plan_aggregation a);
/* "sum, min, ratio, each-region, none", for messages. */
const char *plan_aggregation_names(void);

/* An indicator's comparator: the target is a floor, a ceiling or exact. */
enum plan_cmp {
	PLAN_CMP_GE = 1,       /* ">=" */
	PLAN_CMP_LE,           /* "<=" */
	PLAN_CMP_EQ,           /* "=" */
};
/* ">=" … "=" to the enum and back; 0 / NULL when unknown (or absent). */
enum plan_cmp plan_cmp_parse(const char *s);
const char *plan_cmp_name(enum plan_cmp c);
/* "≥", "≤", or "" (for "=" and unknown), as the overview shows a target. */
const char *plan_cmp_sign(enum plan_cmp c);

/*
 * Appends v (in the unit's base) as a person reads it: 1500000000000 元 ->
 * "150亿元", 88500 元/人·月 -> "885元/人·月", 9500 % -> "95%", 600 台 -> "600台".
 */
int plan_value_format(struct ms_buf *b, const char *unit, int64_t v);

/*
 * Parses a value written in the unit into its base: "150亿元" (元 → 分),
 * "885元" or "885元/人·月" (元/人·月 → 分), "95%" (→ 基点), "600" or "600台".
 * Money, per-person levels and rates must say their unit: a bare "340" for
 * an amount is refused ("请写明单位，如 340万元"), since 元, 万元 and 亿元
 * differ ten-thousandfold; a count may be bare (its unit cannot be scaled).
 * Negative values, fractions of a count, and amounts for a count ("money
 * for a count") are errors that say which unit was expected.
 */
int plan_value_parse(const char *unit, const char *s, size_t len, int64_t *v, struct ms_err *err);

/*
 * The unit a plain number in a form's box is read in, for an indicator
 * measured in unit whose figures look like `like` (the region's target, in
 * the unit's base): for money the unit the target is shown in (亿元 from
 * 1亿元, 万元 from 1万元, else 元, as prog_value_text shows it), 元/人·月
 * for a per-person level, % for a rate, the unit itself for a count.
 * NULL for a unit we do not know (qualitative).
 */
const char *plan_box_unit(const char *unit, int64_t like);

/*
 * Appends v (in the unit's base) as a plain number in box, exactly, no unit:
 * 132452830100 分 in 万元 -> "132452.8301", 88500 in 元/人·月 -> "885",
 * 9550 in % -> "95.5", 60 in 台 -> "60".
 */
int plan_box_format(struct ms_buf *b, const char *box, int64_t v);

/*
 * Parses a value typed into a box whose unit is box (NULL or "": none):
 * a plain number ("340", "1,234.5") is read in box ("340" in 万元 is
 * 340万元); a value that carries its own unit is read as written. A box
 * unit that does not fit the indicator's unit is an error (field "unit").
 * Otherwise as plan_value_parse.
 */
int plan_value_parse_box(const char *unit, const char *box, const char *s, size_t len, int64_t *v,
			 struct ms_err *err);

/* The known unit names, comma-separated ("元, 元/人·月, %, …"), for messages. */
const char *plan_unit_names(void);

#endif
