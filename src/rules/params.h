/*
 * params.h - dated, cited benefit parameters (data/params/ (JSON)).
 *
 * Every value has a type (money in 分, rate in basis points, int, bool,
 * date), a period [effective_from, effective_to], an optional region (a
 * GB/T 2260 code: a city's own value overrides the province's) and a basis:
 * "text" (the notice: citation is the plan indicator whose provenance holds
 * the quote, resolved at load), "external" (a national document) or
 * "assumption". Format: docs/PARAMS-FORMAT.md.
 *
 * Ownership: params_load fills a struct params that owns everything; the
 * strings in its values point into the loaded document. Lookups never
 * allocate, so the batch engine may call them per row.
 */
#ifndef MS_RULES_PARAMS_H
#define MS_RULES_PARAMS_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"

#define PARAMS_SCHEMA "minsheng-params/1"
#define PARAM_DAY_MAX ((ms_day)INT32_MAX)

enum param_type { PARAM_MONEY, PARAM_RATE, PARAM_INT, PARAM_BOOL, PARAM_DATE };

struct param_value {
	int64_t v;              /* 分, basis points, the integer, 0/1, or an ms_day */
	ms_day from, to;        /* inclusive; to = PARAM_DAY_MAX when open */
	char region[12];        /* "" for the whole scope, else a 6-digit code (or a 9-digit township's) */
	int level;              /* 0 scope, 1 province, 2 city, 3 county */
	const char *text;       /* the value as written */
	const char *basis;      /* text | external | assumption | override */
	const char *date_basis; /* text | external | assumption */
	const char *citation;   /* indicator id, document, or "" */
	const char *note;       /* "" when none */
	const char *quote;      /* for basis text: the notice's words, else "" */
};

struct param {
	const char *key, *name, *unit;
	enum param_type type;
	struct param_value *v;
	size_t n;
};

struct params {
	json_t *doc;
	json_t *extra;          /* strings made by overrides */
	struct param *p;
	size_t n;
	char path[4096];
	char plan_path[4096];
};

/*
 * Loads and checks a parameter file: schema, types, dates, no two values
 * of one key and region in effect on the same day, citations (a text
 * citation must name an indicator of the plan file with a quote). Errors
 * name the file and the JSON path: "jiangxi.json: params[3].values[0].value: …".
 */
int params_load(struct params *ps, const char *path, struct ms_err *err);
void params_release(struct params *ps);

/* The parameter called key, or NULL. */
const struct param *params_find(const struct params *ps, const char *key);

/*
 * The value of p in effect on day `at` for the region code: the most
 * specific region that contains the code, then the latest effective_from.
 * A NULL or "" region (a record without one) takes the untagged and the
 * province-level values. NULL when none is in effect.
 */
const struct param_value *param_at(const struct param *p, ms_day at, const char *region);

/* As params_find + param_at, with an error naming the key and date when absent. */
const struct param_value *params_get(const struct params *ps, const char *key, ms_day at,
				     const char *region, struct ms_err *err);

/*
 * Applies "KEY=VALUE" (as --param and --reform write it): every value of
 * the parameter becomes VALUE, basis "override"; periods and regions stay,
 * so a reform of the 2023 waiver share still applies to 2023 contracts
 * only. The value is parsed in the parameter's type.
 */
int params_override(struct params *ps, const char *assignment, struct ms_err *err);

/* Parses s as a value of type t ("885", "885元", "1.5%", "36", "yes", "2023-01-01"). */
int param_parse_value(enum param_type t, const char *s, int64_t *v, struct ms_err *err);

/* Appends v as the type writes it: "885.00", "1.5%", "36", "是"/"否", "2023-01-01". */
int param_format_value(struct ms_buf *b, enum param_type t, int64_t v);

const char *param_type_name(enum param_type t);
/* 金额 / 比率 / 整数 / 是/否 / 日期 */
const char *param_type_label(enum param_type t);
/* Chinese label of a basis: 通知原文 / 国家文件 / 假设 / 临时设定. */
const char *param_basis_label(const char *basis);

/*
 * A JSON object describing one value for traces and `param show`:
 * {key, name, value, unit, effective_from, effective_to, region, basis,
 *  date_basis, citation, quote, note}.
 */
json_t *param_value_json(const struct param *p, const struct param_value *v);

#endif
