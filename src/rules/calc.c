/*
 * calc.c - the four calculators and their field tables.
 *
 * Amounts are int64_t 分, rates basis points; products go through
 * ms_muldiv_round (a 128-bit intermediate) so that none can overflow, and
 * every division rounds half up to the 分 (R in the rules), as the issue and
 * the banks do.
 */
#include "calc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "core/banned.h"

/* ---------- small formatting helpers (no allocation) ---------- */

static const char *Y(char buf[32], int64_t fen)
{
	ms_fixed_str(buf, fen, 2);
	return buf;
}

static const char *PCT(char buf[32], int64_t bp)
{
	size_t n = ms_fixed_str(buf, bp, 2);

	buf[n] = '%';
	buf[n + 1] = '\0';
	return buf;
}

static const char *DAY(char buf[32], ms_day d)
{
	int y, m, dd;

	ms_date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, 32, "%04d-%02d-%02d", y, m, dd);
	return buf;
}

/* R(a · b / c), half up; -1 when c <= 0 or the result passes MS_MONEY_MAX. */
static int round_div(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	int64_t q;

	if (ms_muldiv_round(a, b, c, &q) || q > MS_MONEY_MAX || q < -MS_MONEY_MAX)
		return -1;
	*out = q;
	return 0;
}

/* Names the input field at fault in an error already filled; returns -1. */
static int field_err(struct ms_err *err, const char *field)
{
	if (err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return -1;
}

/* The month given has no first day in range: "month: ...", naming the field. */
static int month_err(struct ms_err *err)
{
	ms_err_prefix(err, "month");
	return field_err(err, "month");
}

/* ---------- the context: parameters and the trace ---------- */

void calc_ctx_init(struct calc_ctx *cx, const struct params *ps, json_t *trace, struct ms_err *err)
{
	memset(cx, 0, sizeof(*cx));
	cx->ps = ps;
	cx->trace = trace;
	cx->err = err;
}

/* key's parameter and its memo entry (NULL when the memo is full). */
static const struct param *find_memo(struct calc_ctx *cx, const char *key, int *slot)
{
	size_t i, k;
	int hit = -1;

	/* every entry compared, no early exit: a payroll's rows alternate between keys at random */
	for (i = 0; i < cx->nmemo; i++)
		hit = cx->memo[i].key == key ? (int)i : hit;
	*slot = hit;
	if (hit >= 0)
		return cx->memo[hit].p;
	if (i < 16) {
		const struct param *p = params_find(cx->ps, key);

		cx->memo[i].key = key;
		cx->memo[i].p = p;
		cx->memo[i].v = NULL;
		for (k = 0; p && k < p->n; k++)
			cx->memo[i].regional |= p->v[k].level != 0;
		cx->nmemo++;
		*slot = (int)i;
		return p;
	}
	return params_find(cx->ps, key);
}

static const struct param *find(struct calc_ctx *cx, const char *key)
{
	int slot;

	return find_memo(cx, key, &slot);
}

/* param_at, remembered for the last day asked when no value is for a region (a payroll's rows share their month). */
static const struct param_value *value_at(struct calc_ctx *cx, const struct param *p, int slot, ms_day at,
					  const char *region)
{
	if (slot < 0 || cx->memo[slot].regional)
		return param_at(p, at, region);
	if (!cx->memo[slot].v || cx->memo[slot].at != at) {
		cx->memo[slot].v = param_at(p, at, region);
		cx->memo[slot].at = at;
	}
	return cx->memo[slot].v;
}

static void note_param(struct calc_ctx *cx, const struct param *p, const struct param_value *v)
{
	if (!cx->trace)
		return;
	if (!cx->pending)
		cx->pending = json_array();
	json_array_append_new(cx->pending, param_value_json(p, v));
}

/* The value of key at day/region, noted for the trace; NULL (cx->err set) when none. */
static const struct param_value *need(struct calc_ctx *cx, const char *key, ms_day at,
				      const char *region)
{
	int slot;
	const struct param *p = find_memo(cx, key, &slot);
	const struct param_value *v;

	if (!p) {
		ms_err_set(cx->err, "parameter %s is not in %s (参数缺失)", key, cx->ps->path);
		return NULL;
	}
	v = value_at(cx, p, slot, at, region);
	if (!v) {
		params_get(cx->ps, key, at, region, cx->err);
		return NULL;
	}
	note_param(cx, p, v);
	return v;
}

/* Like need, but absence is an answer (NULL, no error). */
static const struct param_value *maybe(struct calc_ctx *cx, const char *key, ms_day at,
				       const char *region)
{
	int slot;
	const struct param *p = find_memo(cx, key, &slot);
	const struct param_value *v = p ? value_at(cx, p, slot, at, region) : NULL;

	if (v)
		note_param(cx, p, v);
	return v;
}

/*
 * Adds a trace step {step, value, unit, formula, params}; params are those
 * read since the last step. A macro so that without a trace (the batch
 * path) the arguments, which format numbers, are never evaluated.
 */
#define step(cx, ...) do { if ((cx)->trace) trace_step(cx, __VA_ARGS__); } while (0)
static void trace_step(struct calc_ctx *cx, const char *label, const char *value, const char *unit,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void trace_step(struct calc_ctx *cx, const char *label, const char *value, const char *unit,
		 const char *fmt, ...)
{
	struct ms_buf f = MS_BUF_INIT;
	json_t *s;
	va_list ap;

	if (!cx->trace)
		return;
	va_start(ap, fmt);
	ms_buf_vaddf(&f, fmt, ap);
	va_end(ap);
	s = json_pack("{s:s, s:s, s:s, s:s}", "step", label, "value", value, "unit", unit,
		      "formula", f.buf);
	json_object_set_new(s, "params", cx->pending ? cx->pending : json_array());
	cx->pending = NULL;
	json_array_append_new(cx->trace, s);
	ms_buf_release(&f);
}

/* ---------- field parsers ---------- */


/* 1 when s[0..len) is exactly the string z (which is read no further than its NUL). */
static inline int same(const char *z, const char *s, size_t len)
{
	size_t k = 0;

	while (k < len && z[k] && z[k] == s[k])
		k++;
	return k == len && !z[k];
}

static int pick(const struct calc_choice *c, size_t n, const char *s, size_t len, int *out,
		struct ms_err *err)
{
	struct ms_buf b = MS_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (len && (same(c[i].code, s, len) || same(c[i].cn, s, len))) {
			*out = (int)i;
			return 0;
		}
	for (i = 0; i < n; i++)
		ms_buf_addf(&b, "%s%s (%s)", i ? ", " : "", c[i].code, c[i].cn);
	ms_err_set(err, "\"%.*s\" is not one of %s", ms_utf8_clip(s, len, 60), s, b.buf);
	ms_buf_release(&b);
	return -1;
}

static const struct calc_choice yesno[] = {
	{ "no", "否" }, { "yes", "是" }, { "0", "无" }, { "1", "有" }, { "n", "false" }, { "y", "true" },
};

static int yes(const char *s, size_t n, int *out, struct ms_err *err)
{
	int i;

	if (pick(yesno, 6, s, n, &i, err))
		return ms_err_set(err, "\"%.*s\" is not yes or no (是/否)", ms_utf8_clip(s, n, 60), s);
	*out = i & 1;
	return 0;
}

/* Money in 分, not negative. Plain "1500" and "1500.5" take a fast path. */
static int money(const char *s, size_t n, int64_t *out, struct ms_err *err)
{
	int64_t v = 0;

	if (ms_money_plain(s, n, out))
		return 0;
	if (ms_money_parse(s, n, &v, err))
		return -1;
	if (v < 0)
		return ms_err_set(err, "\"%.*s\": may not be negative (不能为负数)", (int)n, s);
	*out = v;
	return 0;
}

static int rate(const char *s, size_t n, int64_t *out, struct ms_err *err)
{
	enum ms_cmp cmp;
	int64_t v;

	if (ms_pct_parse(s, n, &v, &cmp, err))
		return -1;
	if (cmp != MS_CMP_NONE)
		return ms_err_set(err, "\"%.*s\": a rate takes no comparator", (int)n, s);
	if (v > MS_BP_ONE)
		return ms_err_set(err, "\"%.*s\": above 100%% (年利率不应超过100%%)", (int)n, s);
	*out = v;
	return 0;
}

static int integer(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out,
		   struct ms_err *err)
{
	int64_t v;

	if (ms_dec_parse(s, n, 0, 1000000000000LL, &v, err))
		return -1;
	if (v < lo || v > hi)
		return ms_err_set(err, "%lld is out of range %lld..%lld", (long long)v, (long long)lo,
				  (long long)hi);
	*out = v;
	return 0;
}

static int date(const char *s, size_t n, ms_day *out, struct ms_err *err)
{
	return ms_date_parse(s, n, out, err);
}

static int month(const char *s, size_t n, int *y, int *m, struct ms_err *err)
{
	/* "2023-07", as payrolls write it, without the general parser */
	if (n == 7 && s[4] == '-' && (unsigned)(s[0] - '0') < 10 && (unsigned)(s[1] - '0') < 10 &&
	    (unsigned)(s[2] - '0') < 10 && (unsigned)(s[3] - '0') < 10 &&
	    (unsigned)(s[5] - '0') < 2 && (unsigned)(s[6] - '0') < 10) {
		int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		int mm = (s[5] - '0') * 10 + (s[6] - '0');

		if (mm >= 1 && mm <= 12 && yy >= MS_YEAR_MIN && yy <= MS_YEAR_MAX) {
			*y = yy;
			*m = mm;
			return 0;
		}
	}
	return ms_month_parse(s, n, y, m, err);
}

static int region(const char *s, size_t n, char out[12], struct ms_err *err)
{
	size_t i;

	if (n != 6 && n != 9)   /* a county's (360121) or a township's (360121100) */
		goto bad;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
bad:
	return ms_err_set(err, "\"%.*s\" is not a 6-digit region code (GB/T 2260, e.g. 360100) or a 9-digit township's",
			  ms_utf8_clip(s, n, 60), s);
}

/* ---------- loan: 创业担保贷款贴息与免息 ---------- */

const char *const calc_loan_groups[][2] = {
	{ "other", "其他" },
	{ "graduate", "高校毕业生" },
	{ "employment_difficulty", "就业困难人员" },
	{ "returning_migrant", "返乡创业农民工" },
	{ "poverty_alleviated", "脱贫人口" },
	{ "retired_fisher", "退捕渔民" },
	{ "veteran", "复员转业退役军人" },
};

/* calc_loan_groups as choices (the same codes and names, in the same order) */
static const struct calc_choice loan_groups[CALC_LOAN_NGROUPS] = {
	{ "other", "其他" }, { "graduate", "高校毕业生" }, { "employment_difficulty", "就业困难人员" },
	{ "returning_migrant", "返乡创业农民工" }, { "poverty_alleviated", "脱贫人口" }, { "retired_fisher", "退捕渔民" },
	{ "veteran", "复员转业退役军人" },
};
/* yes or no, as a form offers it */
static const struct calc_choice yes_no[] = { { "yes", "是" }, { "no", "否" } };

static const struct calc_choice borrower_kinds[] = { { "individual", "个人" }, { "enterprise", "小微企业" } };

enum { LF_PRINCIPAL, LF_RATE, LF_LPR, LF_START, LF_END, LF_CONTRACT, LF_BORROWER, LF_GROUP };

static int set_principal(struct calc_in *in, const char *s, size_t n, struct ms_err *e)
{
	if (money(s, n, &in->u.loan.principal, e))
		return -1;
	return in->u.loan.principal > 0 ? 0 : ms_err_set(e, "must be more than 0 (本金须大于0)");
}
static int set_rate(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return rate(s, n, &in->u.loan.rate, e); }
static int set_lpr(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return rate(s, n, &in->u.loan.lpr, e); }
static int set_start(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return date(s, n, &in->u.loan.start, e); }
static int set_end(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return date(s, n, &in->u.loan.end, e); }
static int set_contract(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return date(s, n, &in->u.loan.contract, e); }
static int set_borrower(struct calc_in *in, const char *s, size_t n, struct ms_err *e)
{
	return pick(borrower_kinds, 2, s, n, &in->u.loan.enterprise, e);
}
static int set_group(struct calc_in *in, const char *s, size_t n, struct ms_err *e)
{
	return pick(loan_groups, CALC_LOAN_NGROUPS, s, n, &in->u.loan.group, e);
}

static const struct calc_field loan_fields[] = {
	[LF_PRINCIPAL] = { "principal", "贷款本金（元）", 1, set_principal, CALC_IN_NUMBER, NULL, 0, NULL },
	[LF_RATE] = { "rate", "合同年利率（%）", 1, set_rate, CALC_IN_NUMBER, NULL, 0, NULL },
	[LF_LPR] = { "lpr", "签约日一年期LPR（%）", 1, set_lpr, CALC_IN_NUMBER, NULL, 0, NULL },
	[LF_START] = { "start", "计息起日", 1, set_start, CALC_IN_DATE, NULL, 0, NULL },
	[LF_END] = { "end", "计息止日", 1, set_end, CALC_IN_DATE, NULL, 0, NULL },
	[LF_CONTRACT] = { "contract-date", "借款合同签订日（默认同起日）", 0, set_contract, CALC_IN_DATE, NULL, 0, NULL },
	[LF_BORROWER] = { "borrower", "借款人类别 individual 个人 | enterprise 小微企业", 0, set_borrower, CALC_IN_CHOICE,
			   borrower_kinds, 2, "借款人类别" },
	[LF_GROUP] = { "group", "人员类别（六类群体或 other）", 0, set_group, CALC_IN_CHOICE, loan_groups,
			CALC_LOAN_NGROUPS, "人员类别" },
};

enum { LO_TOTAL, LO_SUBSIDY, LO_SHARE, LO_WAIVED, LO_PAYS, LO_FISCAL, LO_DAYS, LO_ELIGIBLE };

static const struct calc_output loan_outputs[] = {
	[LO_TOTAL] = { "total_interest", "总利息", CO_MONEY, 1 },
	[LO_SUBSIDY] = { "subsidy", "财政贴息", CO_MONEY, 1 },
	[LO_SHARE] = { "borrower_share", "原需个人承担利息", CO_MONEY, 1 },
	[LO_WAIVED] = { "waived", "免除利息", CO_MONEY, 1 },
	[LO_PAYS] = { "borrower_pays", "个人实付利息", CO_MONEY, 1 },
	[LO_FISCAL] = { "fiscal_total", "财政负担合计", CO_MONEY, 1 },
	[LO_DAYS] = { "days", "计息天数", CO_INT, 0 },
	[LO_ELIGIBLE] = { "eligible", "属创业担保贷款", CO_BOOL, 0 },
};

static void loan_init(struct calc_in *in)
{
	memset(in, 0, sizeof(*in));
}

/* R(P · rate_bp · d / (MS_BP_ONE · D)) */
static int interest(struct calc_ctx *cx, int64_t p, int64_t bp, int64_t d, int64_t base,
		    int64_t *out)
{
	int64_t bpd, den;

	if (__builtin_mul_overflow(bp, d, &bpd) || __builtin_mul_overflow(MS_BP_ONE, base, &den) ||
	    round_div(p, bpd, den, out))
		return ms_err_set(cx->err, "the interest is too large to compute (利息超出范围)");
	return 0;
}

static int loan_run(struct calc_ctx *cx, const struct calc_in *cin, struct calc_out *o)
{
	const struct loan_in *in = &cin->u.loan;
	const struct param_value *base, *margin, *cap, *term, *share;
	const char *who = in->enterprise ? "小微企业" : "个人";
	char a[32], b[32], c[32], d[32], e[32];
	ms_day contract = cin->seen & (1u << LF_CONTRACT) ? in->contract : in->start;
	ms_day limit;
	int64_t days, br, grp = in->group;

	if (in->end <= in->start)
		return ms_err_field(cx->err, MS_E_INVALID, "end", "end: %s is not after start %s (计息止日须晚于起日)",
				  DAY(a, in->end), DAY(b, in->start));
	days = in->end - in->start;
	o->v[LO_DAYS] = days;
	step(cx, "计息天数", (snprintf(a, 32, "%lld", (long long)days), a), "天",
	     "止日 %s − 起日 %s", DAY(b, in->end), DAY(c, in->start));

	if (!(base = need(cx, "loan.day_count_base", contract, NULL)) || base->v <= 0)
		return base ? ms_err_set(cx->err, "loan.day_count_base must be above 0") : -1;
	if (interest(cx, in->principal, in->rate, days, base->v, &o->v[LO_TOTAL]))
		return -1;
	step(cx, "总利息", Y(a, o->v[LO_TOTAL]), "元",
	     "R(本金 %s 元 × 合同年利率 %s × %lld 天 ÷ %lld)", Y(b, in->principal),
	     PCT(c, in->rate), (long long)days, (long long)base->v);

	cap = need(cx, in->enterprise ? "loan.enterprise_cap" : "loan.individual_cap", contract, NULL);
	term = need(cx, in->enterprise ? "loan.enterprise_max_term" : "loan.individual_max_term",
		    contract, NULL);
	if (!cap || !term)
		return -1;
	if (ms_date_add_months(in->start, (int)(term->v > 1200 ? 1200 : term->v), &limit, cx->err))
		return -1;
	o->v[LO_ELIGIBLE] = in->principal <= cap->v && in->end <= limit;
	if (!o->v[LO_ELIGIBLE]) {
		o->reason = in->principal > cap->v ?
			(in->enterprise ? "本金超过小微企业创业担保贷款最高额度，不属于创业担保贷款，不予贴息和免息" :
			 "本金超过个人创业担保贷款最高额度，不属于创业担保贷款，不予贴息和免息") :
			"贷款期限超过创业担保贷款最长期限，不属于创业担保贷款，不予贴息和免息";
		step(cx, "是否属创业担保贷款", "否", "",
		     "%s贷款：本金 %s 元（最高额度 %s 元），期限至 %s（最长至 %s）：%s", who,
		     Y(a, in->principal), Y(b, cap->v), DAY(c, in->end), DAY(d, limit), o->reason);
		o->v[LO_SHARE] = o->v[LO_PAYS] = o->v[LO_TOTAL];
		return 0;
	}
	step(cx, "是否属创业担保贷款", "是", "", "%s贷款：本金 %s 元 ≤ 最高额度 %s 元，止日 %s ≤ 最长期限止日 %s",
	     who, Y(a, in->principal), Y(b, cap->v), DAY(c, in->end), DAY(d, limit));

	if (!(margin = need(cx, "loan.borrower_margin", contract, NULL)))
		return -1;
	br = in->lpr - margin->v;
	if (br < 0)
		br = 0;
	if (br > in->rate)
		br = in->rate;
	step(cx, "借款人承担利率", PCT(a, br), "", "min(max(签约日LPR %s − %s, 0), 合同利率 %s)",
	     PCT(b, in->lpr), PCT(c, margin->v), PCT(d, in->rate));
	if (interest(cx, in->principal, in->rate - br, days, base->v, &o->v[LO_SUBSIDY]))
		return -1;
	step(cx, "财政贴息", Y(a, o->v[LO_SUBSIDY]), "元", "R(本金 %s 元 × (%s − %s) × %lld 天 ÷ %lld)",
	     Y(b, in->principal), PCT(c, in->rate), PCT(d, br), (long long)days, (long long)base->v);
	o->v[LO_SHARE] = o->v[LO_TOTAL] - o->v[LO_SUBSIDY];
	step(cx, "原需个人承担利息", Y(a, o->v[LO_SHARE]), "元", "总利息 %s − 财政贴息 %s",
	     Y(b, o->v[LO_TOTAL]), Y(c, o->v[LO_SUBSIDY]));

	if (in->enterprise) {
		o->reason = "免息政策仅适用于个人创业担保贷款";
		step(cx, "免除利息", "0.00", "元", "%s", o->reason);
	} else if (!(share = maybe(cx, grp ? "loan.waiver_share_groups" : "loan.waiver_share_other",
				   contract, NULL))) {
		const struct param *p = find(cx, grp ? "loan.waiver_share_groups" : "loan.waiver_share_other");
		o->reason = "借款合同签订日不在免息政策执行期内";
		step(cx, "免除利息", "0.00", "元", "合同签订日 %s 不在免息政策执行期内（%s 至 %s）",
		     DAY(a, contract), p && p->n ? DAY(b, p->v[0].from) : "?",
		     p && p->n && p->v[0].to != PARAM_DAY_MAX ? DAY(c, p->v[0].to) : "—");
	} else {
		if (round_div(o->v[LO_SHARE], share->v, MS_BP_ONE, &o->v[LO_WAIVED]))
			return ms_err_set(cx->err, "the waiver is too large to compute");
		step(cx, "免除利息", Y(a, o->v[LO_WAIVED]), "元",
		     "R(原需个人承担利息 %s × %s)：%s，合同签订日 %s", Y(b, o->v[LO_SHARE]),
		     PCT(c, share->v), grp ? calc_loan_groups[grp][1] : "六类群体以外的借款人",
		     DAY(e, contract));
	}
	o->v[LO_PAYS] = o->v[LO_SHARE] - o->v[LO_WAIVED];
	step(cx, "个人实付利息", Y(a, o->v[LO_PAYS]), "元", "原需个人承担利息 %s − 免除利息 %s",
	     Y(b, o->v[LO_SHARE]), Y(c, o->v[LO_WAIVED]));
	o->v[LO_FISCAL] = o->v[LO_SUBSIDY] + o->v[LO_WAIVED];
	step(cx, "财政负担合计", Y(a, o->v[LO_FISCAL]), "元", "财政贴息 %s + 免除利息 %s",
	     Y(b, o->v[LO_SUBSIDY]), Y(c, o->v[LO_WAIVED]));
	return 0;
}

/* ---------- dibao: 低保差额补助 ---------- */

static const struct calc_choice areas[] = { { "urban", "城市" }, { "rural", "农村" } };

enum { DF_AREA, DF_MEMBERS, DF_INCOME, DF_MONTH, DF_REGION };

static int set_area(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return pick(areas, 2, s, n, &in->u.dibao.rural, e); }
static int set_members(struct calc_in *in, const char *s, size_t n, struct ms_err *e)
{
	int64_t v = 0;

	if (n == 1 && s[0] >= '1' && s[0] <= '9') {
		in->u.dibao.members = s[0] - '0';
		return 0;
	}
	if (integer(s, n, 1, 99, &v, e))
		return -1;
	in->u.dibao.members = v;
	return 0;
}
static int set_income(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return money(s, n, &in->u.dibao.income, e); }
static int set_dmonth(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return month(s, n, &in->u.dibao.year, &in->u.dibao.month, e); }
static int set_dregion(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return region(s, n, in->u.dibao.region, e); }

static const struct calc_field dibao_fields[] = {
	[DF_AREA] = { "area", "城乡类别 urban 城市 | rural 农村", 1, set_area, CALC_IN_CHOICE, areas, 2, "城乡类别",
		      "城乡|城乡类型" },
	[DF_MEMBERS] = { "members", "家庭保障人数", 1, set_members, CALC_IN_NUMBER, NULL, 0, NULL,
			 "人数|保障人数|家庭人数|家庭人口数" },
	[DF_INCOME] = { "income", "家庭月收入（元）", 1, set_income, CALC_IN_NUMBER, NULL, 0, NULL,
			"收入|月收入|家庭收入|家庭月收入（元/月）" },
	[DF_MONTH] = { "month", "待遇月份 YYYY-MM", 1, set_dmonth, CALC_IN_MONTH, NULL, 0, "待遇月份",
		       "发放月份" },
	[DF_REGION] = { "region", "所在区划代码（可选）", 0, set_dregion, CALC_IN_REGION, NULL, 0, "所在地区（可选）",
			"区划代码|行政区划代码" },
};

enum { DO_STANDARD = CALC_DIBAO_STANDARD, DO_PERCAP = CALC_DIBAO_PERCAP, DO_PAYMENT = CALC_DIBAO_PAYMENT,
       DO_ELIGIBLE = CALC_DIBAO_ELIGIBLE };

static const struct calc_output dibao_outputs[] = {
	[DO_STANDARD] = { "standard", "低保标准（元/人·月）", CO_MONEY, 0 },
	[DO_PERCAP] = { "per_capita_income", "家庭月人均收入", CO_MONEY, 0 },
	[DO_PAYMENT] = { "payment", "月补差金额", CO_MONEY, 1 },
	[DO_ELIGIBLE] = { "eligible", "符合低保条件", CO_BOOL, 0 },
};

static void dibao_init(struct calc_in *in)
{
	memset(in, 0, sizeof(*in));
}

/* The first day of the month; the last answer is kept, as payroll rows share their month. */
static int first_day(struct calc_ctx *cx, int y, int m, ms_day *at)
{
	if (cx->month_y == y && cx->month_m == m && y) {
		*at = cx->month_day;
		return 0;
	}
	if (ms_date_from_ymd(y, m, 1, at, cx->err))
		return -1;
	cx->month_y = y;
	cx->month_m = m;
	cx->month_day = *at;
	return 0;
}

int calc_dibao_fixed(struct calc_ctx *cx, const struct calc_in *in, int64_t std[2])
{
	static const char *const key[2] = { "dibao.urban_standard", "dibao.rural_standard" };
	ms_day at;
	int i;

	if (first_day(cx, in->u.dibao.year, in->u.dibao.month, &at))
		return -1;
	for (i = 0; i < 2; i++) {
		int slot;
		const struct param *p = find_memo(cx, key[i], &slot);
		const struct param_value *v = p && slot >= 0 && !cx->memo[slot].regional ? param_at(p, at, NULL) : NULL;

		if (!v)
			return -1;
		std[i] = v->v;
	}
	return 0;
}

static int dibao_run(struct calc_ctx *cx, const struct calc_in *cin, struct calc_out *o)
{
	const struct dibao_in *in = &cin->u.dibao;
	const struct param_value *std;
	char a[32], b[32], c[32], d[32];
	int64_t need_total;
	ms_day at;

	if (first_day(cx, in->year, in->month, &at))
		return month_err(cx->err);
	std = need(cx, in->rural ? "dibao.rural_standard" : "dibao.urban_standard", at,
		   in->region[0] ? in->region : NULL);
	if (!std)
		return -1;
	calc_dibao_apply(std->v, in->members, in->income, o->v);
	need_total = std->v * in->members;
	step(cx, "低保标准", Y(a, std->v), "元/人·月", "%s低保月人均保障标准，%04d年%d月%s%s",
	     in->rural ? "农村" : "城市", in->year, in->month, in->region[0] ? "，区划 " : "",
	     in->region);
	step(cx, "家庭月人均收入", Y(a, o->v[DO_PERCAP]), "元", "R(家庭月收入 %s ÷ %lld 人)",
	     Y(b, in->income), (long long)in->members);
	step(cx, "是否符合低保条件", o->v[DO_ELIGIBLE] ? "是" : "否", "",
	     "条件为家庭月人均收入低于标准，即家庭月收入低于标准 × 人数：%s %s %s × %lld 人 = %s",
	     Y(a, in->income), o->v[DO_ELIGIBLE] ? "<" : "≥", Y(b, std->v),
	     (long long)in->members, Y(c, need_total));
	o->reason = o->v[DO_ELIGIBLE] ? o->reason : "家庭月人均收入不低于低保标准";
	step(cx, "月补差金额", Y(a, o->v[DO_PAYMENT]), "元",
	     "max(0, 标准 %s × %lld 人 − 家庭月收入 %s)（差额法，民发〔2021〕57号）",
	     Y(b, std->v), (long long)in->members, Y(d, in->income));
	return 0;
}

/* ---------- disability: 残疾人两项补贴 ---------- */

static const struct calc_choice dis_types[] = {
	{ "physical", "肢体" }, { "visual", "视力" }, { "hearing", "听力" }, { "speech", "言语" },
	{ "intellectual", "智力" }, { "mental", "精神" }, { "multiple", "多重" },
};
static const struct calc_choice grades[] = { { "1", "一级" }, { "2", "二级" }, { "3", "三级" }, { "4", "四级" } };

enum { XF_GRADE, XF_TYPE, XF_CERT, XF_DIBAO, XF_CARE, XF_TEKUN, XF_ORPHAN, XF_MONTH, XF_REGION };

static int set_grade(struct calc_in *in, const char *s, size_t n, struct ms_err *e)
{
	if (pick(grades, 4, s, n, &in->u.disability.grade, e))
		return ms_err_set(e, "\"%.*s\" is not a grade 1-4 (一级至四级)", ms_utf8_clip(s, n, 60), s);
	in->u.disability.grade++;
	return 0;
}
static int set_type(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return pick(dis_types, 7, s, n, &in->u.disability.type, e); }
static int set_cert(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return yes(s, n, &in->u.disability.certificate, e); }
static int set_xdibao(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return yes(s, n, &in->u.disability.dibao, e); }
static int set_care(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return yes(s, n, &in->u.disability.care, e); }
static int set_tekun(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return yes(s, n, &in->u.disability.tekun, e); }
static int set_osupport(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return yes(s, n, &in->u.disability.orphan_support, e); }
static int set_xmonth(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return month(s, n, &in->u.disability.year, &in->u.disability.month, e); }
static int set_xregion(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return region(s, n, in->u.disability.region, e); }

static const struct calc_field disability_fields[] = {
	[XF_GRADE] = { "grade", "残疾等级 1-4", 1, set_grade, CALC_IN_CHOICE, grades, 4, "残疾等级" },
	[XF_TYPE] = { "type", "残疾类别", 1, set_type, CALC_IN_CHOICE, dis_types, 7, NULL },
	[XF_CERT] = { "certificate", "持第二代残疾人证（默认是）", 0, set_cert, CALC_IN_CHOICE, yes_no, 2, NULL },
	[XF_DIBAO] = { "dibao", "低保家庭成员", 1, set_xdibao, CALC_IN_CHOICE, yes_no, 2, NULL },
	[XF_CARE] = { "care", "需长期照护（默认是）", 0, set_care, CALC_IN_CHOICE, yes_no, 2, NULL },
	[XF_TEKUN] = { "tekun", "特困供养人员（默认否）", 0, set_tekun, CALC_IN_CHOICE, yes_no, 2, NULL },
	[XF_ORPHAN] = { "orphan-support", "领取孤儿基本生活费（默认否）", 0, set_osupport, CALC_IN_CHOICE, yes_no, 2, NULL },
	[XF_MONTH] = { "month", "待遇月份 YYYY-MM", 1, set_xmonth, CALC_IN_MONTH, NULL, 0, "待遇月份" },
	[XF_REGION] = { "region", "所在区划代码（可选）", 0, set_xregion, CALC_IN_REGION, NULL, 0, "所在地区（可选）" },
};

enum { XO_LIVING, XO_NURSING, XO_TOTAL };

static const struct calc_output disability_outputs[] = {
	[XO_LIVING] = { "living_subsidy", "困难残疾人生活补贴", CO_MONEY, 1 },
	[XO_NURSING] = { "nursing_subsidy", "重度残疾人护理补贴", CO_MONEY, 1 },
	[XO_TOTAL] = { "total", "合计", CO_MONEY, 1 },
};

static void disability_init(struct calc_in *in)
{
	memset(in, 0, sizeof(*in));
	in->u.disability.certificate = 1;
	in->u.disability.care = 1;
}

static int disability_run(struct calc_ctx *cx, const struct calc_in *cin, struct calc_out *o)
{
	const struct disability_in *in = &cin->u.disability;
	const char *rg = in->region[0] ? in->region : NULL;
	const struct param_value *living, *nursing, *ext;
	char a[32], b[32], c[32];
	int mental = in->type == 4 || in->type == 5, grade_ok;
	const char *why;
	ms_day at;

	if (first_day(cx, in->year, in->month, &at))
		return month_err(cx->err);
	if (!(living = need(cx, "disability.living_subsidy", at, rg)))
		return -1;
	if (!in->certificate)
		why = "未持残疾人证";
	else if (in->tekun)
		why = "特困供养人员不享受两项补贴";
	else if (in->orphan_support)
		why = "已领取孤儿基本生活费，不享受生活补贴";
	else if (!in->dibao)
		why = "非低保家庭";
	else
		why = NULL;
	o->v[XO_LIVING] = why ? 0 : living->v;
	step(cx, "困难残疾人生活补贴", Y(a, o->v[XO_LIVING]), "元",
	     "%s（对象：持证且属低保家庭的残疾人；特困人员、领取孤儿基本生活费的儿童除外）", why ? why : "符合条件，按标准发放");

	if (!(nursing = need(cx, "disability.nursing_subsidy", at, rg)))
		return -1;
	if (!(ext = need(cx, "disability.nursing_grade34_mental", at, rg)))
		return -1;
	grade_ok = in->grade <= 2 || (ext->v && mental);
	if (!in->certificate)
		why = "未持残疾人证";
	else if (in->tekun)
		why = "特困供养人员不享受两项补贴";
	else if (!grade_ok)
		why = ext->v ? "三、四级且非智力、精神残疾" : "残疾等级为三、四级（仅一、二级享受）";
	else if (!in->care)
		why = "无长期照护需要";
	else
		why = NULL;
	o->v[XO_NURSING] = why ? 0 : nursing->v;
	step(cx, "重度残疾人护理补贴", Y(a, o->v[XO_NURSING]), "元",
	     "%s（%s%s残疾；对象：一、二级且需长期照护%s；特困人员除外）",
	     why ? why : "符合条件，按标准发放", grades[in->grade - 1].cn, dis_types[in->type].cn,
	     ext->v ? "，及三、四级智力、精神残疾人" : "");
	o->v[XO_TOTAL] = o->v[XO_LIVING] + o->v[XO_NURSING];
	if (!o->v[XO_TOTAL])
		o->reason = why;
	step(cx, "合计", Y(a, o->v[XO_TOTAL]), "元", "生活补贴 %s + 护理补贴 %s",
	     Y(b, o->v[XO_LIVING]), Y(c, o->v[XO_NURSING]));
	return 0;
}

/* ---------- orphan: 孤儿、事实无人抚养儿童 ---------- */

static const struct calc_choice orphan_kinds[] = {
	{ "orphan", "孤儿" }, { "unsupported", "事实无人抚养儿童" },
	{ "disabled_orphan", "残疾孤儿" }, { "disabled_unsupported", "残疾事实无人抚养儿童" },
};
static const struct calc_choice placements[] = { { "dispersed", "社会散居" }, { "institutional", "机构集中养育" } };

enum { OF_KIND, OF_PLACEMENT, OF_MONTH, OF_REGION };

static int set_okind(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return pick(orphan_kinds, 4, s, n, &in->u.orphan.kind, e); }
static int set_place(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return pick(placements, 2, s, n, &in->u.orphan.placement, e); }
static int set_omonth(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return month(s, n, &in->u.orphan.year, &in->u.orphan.month, e); }
static int set_oregion(struct calc_in *in, const char *s, size_t n, struct ms_err *e) { return region(s, n, in->u.orphan.region, e); }

static const struct calc_field orphan_fields[] = {
	[OF_KIND] = { "kind", "儿童类别", 1, set_okind, CALC_IN_CHOICE, orphan_kinds, 4, NULL },
	[OF_PLACEMENT] = { "placement", "养育方式 dispersed 社会散居 | institutional 机构集中养育（默认散居）", 0, set_place,
			   CALC_IN_CHOICE, placements, 2, "养育方式（默认散居）" },
	[OF_MONTH] = { "month", "待遇月份 YYYY-MM", 1, set_omonth, CALC_IN_MONTH, NULL, 0, "待遇月份" },
	[OF_REGION] = { "region", "所在区划代码（可选）", 0, set_oregion, CALC_IN_REGION, NULL, 0, "所在地区（可选）" },
};

enum { OO_CARE, OO_BASIC, OO_TOTAL };

static const struct calc_output orphan_outputs[] = {
	[OO_CARE] = { "care_subsidy", "照料护理补贴", CO_MONEY, 1 },
	[OO_BASIC] = { "basic_living", "基本生活费", CO_MONEY, 1 },
	[OO_TOTAL] = { "total", "合计", CO_MONEY, 1 },
};

static void orphan_init(struct calc_in *in)
{
	memset(in, 0, sizeof(*in));
}

static int orphan_run(struct calc_ctx *cx, const struct calc_in *cin, struct calc_out *o)
{
	const struct orphan_in *in = &cin->u.orphan;
	const char *rg = in->region[0] ? in->region : NULL;
	const struct param_value *care = NULL, *basic;
	int disabled = in->kind >= 2, unsupported = in->kind & 1;
	int inst = in->placement && !unsupported;
	char a[32], b[32], c[32];
	ms_day at;

	if (first_day(cx, in->year, in->month, &at))
		return month_err(cx->err);
	if (disabled && !(care = need(cx, "orphan.disabled_care_subsidy", at, rg)))
		return -1;
	o->v[OO_CARE] = care ? care->v : 0;
	step(cx, "照料护理补贴", Y(a, o->v[OO_CARE]), "元", "%s：%s", orphan_kinds[in->kind].cn,
	     disabled ? "残疾孤儿、残疾事实无人抚养儿童按标准发放" : "仅残疾孤儿、残疾事实无人抚养儿童享受");
	basic = need(cx, inst ? "orphan.basic_living_institutional" : "orphan.basic_living_dispersed",
		     at, rg);
	if (!basic)
		return -1;
	o->v[OO_BASIC] = basic->v;
	step(cx, "基本生活费", Y(a, basic->v), "元", "%s%s（外部参数）",
	     unsupported ? "事实无人抚养儿童参照社会散居孤儿标准" : placements[in->placement].cn,
	     unsupported ? "" : "孤儿标准");
	o->v[OO_TOTAL] = o->v[OO_CARE] + o->v[OO_BASIC];
	step(cx, "合计", Y(a, o->v[OO_TOTAL]), "元", "照料护理补贴 %s + 基本生活费 %s",
	     Y(b, o->v[OO_CARE]), Y(c, o->v[OO_BASIC]));
	return 0;
}

/* ---------- the table and the generic parts ---------- */

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct calc_def calc_defs[4] = {
	{ CALC_LOAN, "loan", "创业担保贷款贴息与免息", loan_fields, N(loan_fields), loan_outputs,
	  N(loan_outputs), LO_FISCAL, loan_init, loan_run },
	{ CALC_DIBAO, "dibao", "低保差额补助", dibao_fields, N(dibao_fields), dibao_outputs,
	  N(dibao_outputs), DO_PAYMENT, dibao_init, dibao_run },
	{ CALC_DISABILITY, "disability", "残疾人两项补贴", disability_fields, N(disability_fields),
	  disability_outputs, N(disability_outputs), XO_TOTAL, disability_init, disability_run },
	{ CALC_ORPHAN, "orphan", "孤儿及事实无人抚养儿童补贴", orphan_fields, N(orphan_fields),
	  orphan_outputs, N(orphan_outputs), OO_TOTAL, orphan_init, orphan_run },
};

const struct calc_def *calc_find(const char *name)
{
	size_t i;

	for (i = 0; i < N(calc_defs); i++)
		if (!strcmp(calc_defs[i].name, name))
			return &calc_defs[i];
	return NULL;
}

int calc_field_index(const struct calc_def *d, const char *name)
{
	size_t i, j, n = strlen(name);

	for (i = 0; i < d->nfields; i++) {
		const char *f = d->fields[i].name;

		if (strlen(f) != n)
			continue;
		for (j = 0; j < n; j++)
			if (f[j] != name[j] && !(f[j] == '-' && name[j] == '_'))
				break;
		if (j == n)
			return (int)i;
	}
	return -1;
}

/* The Chinese name in a label: up to its first space or full-width parenthesis (家庭月收入（元） → 家庭月收入). */
static size_t label_name_len(const char *label)
{
	const char *sp = strchr(label, ' '), *par = strstr(label, "（");
	size_t n = strlen(label);

	if (sp && (size_t)(sp - label) < n)
		n = (size_t)(sp - label);
	if (par && (size_t)(par - label) < n)
		n = (size_t)(par - label);
	return n;
}

/* s[0..n) is one of list's names ("a|b|c"). */
static int one_of(const char *list, const char *s, size_t n)
{
	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t k = bar ? (size_t)(bar - list) : strlen(list);

		if (k == n && !memcmp(list, s, n))
			return 1;
		list = bar ? bar + 1 : NULL;
	}
	return 0;
}

int calc_field_by_header(const struct calc_def *d, const char *name, int *chinese)
{
	size_t i, n = strlen(name);
	int fi = calc_field_index(d, name);

	*chinese = 0;
	if (fi >= 0 || !n)
		return fi;
	for (i = 0; i < d->nfields; i++) {
		const struct calc_field *f = &d->fields[i];

		if ((n == strlen(f->label) && !memcmp(name, f->label, n)) ||
		    (n == label_name_len(f->label) && !memcmp(name, f->label, n)) || one_of(f->aliases, name, n)) {
			*chinese = 1;
			return (int)i;
		}
	}
	return -1;
}

int calc_set(const struct calc_def *d, struct calc_in *in, int i, const char *s, size_t n,
	     struct ms_err *err)
{
	const struct calc_field *f = &d->fields[i];

	if (!n) {
		if (!f->required)
			return 0;
		return ms_err_field(err, MS_E_INVALID, f->name, "%s: empty (%s 不能为空)", f->name, f->label);
	}
	if (f->set(in, s, n, err)) {
		ms_err_prefix(err, "%s", f->name);
		return field_err(err, f->name);
	}
	in->seen |= 1u << i;
	return 0;
}

int calc_ready(const struct calc_def *d, const struct calc_in *in, struct ms_err *err)
{
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].required && !(in->seen & (1u << i)))
			return ms_err_field(err, MS_E_INVALID, d->fields[i].name, "%s: missing (缺少 %s)",
					    d->fields[i].name, d->fields[i].label);
	return 0;
}

int calc_run(const struct calc_def *d, struct calc_ctx *cx, const struct calc_in *in,
	     struct calc_out *out)
{
	/* one store each: GCC turns a memset of this size into rep stos, slow to start on some CPUs */
	out->v[0] = out->v[1] = out->v[2] = out->v[3] = out->v[4] = 0;
	out->v[5] = out->v[6] = out->v[7] = out->v[8] = out->v[9] = 0;
	_Static_assert(CALC_OUT_MAX == 10, "calc_run zeroes v[0..9]");
	out->reason = "";
	if (cx->required_of != d) {
		size_t i;

		cx->required = 0;
		for (i = 0; i < d->nfields; i++)
			cx->required |= d->fields[i].required ? 1u << i : 0;
		cx->required_of = d;
	}
	if ((in->seen & cx->required) != cx->required && calc_ready(d, in, cx->err))
		return -1;
	if (d->run(cx, in, out)) {
		json_decref(cx->pending);
		cx->pending = NULL;
		return -1;
	}
	if (!out->reason)
		out->reason = "";
	return 0;
}

int calc_out_format(struct ms_buf *b, const struct calc_output *o, int64_t v)
{
	char tmp[32];
	size_t n;

	switch (o->type) {
	case CO_MONEY:
		n = ms_fixed_str(tmp, v, 2);
		return ms_buf_add(b, tmp, n);
	case CO_BOOL:
		return ms_buf_addch(b, v ? '1' : '0');
	case CO_INT:
		return ms_buf_addf(b, "%lld", (long long)v);
	}
	return -1;
}

void calc_out_json(const struct calc_def *d, const struct calc_out *out, json_t *obj)
{
	char tmp[32];
	size_t i;

	for (i = 0; i < d->noutputs; i++) {
		const struct calc_output *o = &d->outputs[i];

		if (o->type == CO_MONEY)
			json_object_set_new(obj, o->name, json_string(Y(tmp, out->v[i])));
		else if (o->type == CO_BOOL)
			json_object_set_new(obj, o->name, json_boolean(out->v[i]));
		else
			json_object_set_new(obj, o->name, json_integer(out->v[i]));
	}
	if (out->reason && *out->reason)
		json_object_set_new(obj, "reason", json_string(out->reason));
}

json_t *calc_in_json(const struct calc_def *d, const struct calc_in *in)
{
	json_t *o = json_object();
	char a[32];

	switch (d->kind) {
	case CALC_LOAN: {
		const struct loan_in *l = &in->u.loan;

		json_object_set_new(o, "principal", json_string(Y(a, l->principal)));
		json_object_set_new(o, "rate", json_string(PCT(a, l->rate)));
		json_object_set_new(o, "lpr", json_string(PCT(a, l->lpr)));
		json_object_set_new(o, "start", json_string(DAY(a, l->start)));
		json_object_set_new(o, "end", json_string(DAY(a, l->end)));
		json_object_set_new(o, "contract_date", json_string(DAY(a,
			in->seen & (1u << LF_CONTRACT) ? l->contract : l->start)));
		json_object_set_new(o, "borrower", json_string(borrower_kinds[l->enterprise].code));
		json_object_set_new(o, "group", json_string(calc_loan_groups[l->group][0]));
		break;
	}
	case CALC_DIBAO: {
		const struct dibao_in *x = &in->u.dibao;

		json_object_set_new(o, "area", json_string(areas[x->rural].code));
		json_object_set_new(o, "members", json_integer(x->members));
		json_object_set_new(o, "income", json_string(Y(a, x->income)));
		snprintf(a, sizeof(a), "%04d-%02d", x->year, x->month);
		json_object_set_new(o, "month", json_string(a));
		json_object_set_new(o, "region", x->region[0] ? json_string(x->region) : json_null());
		break;
	}
	case CALC_DISABILITY: {
		const struct disability_in *x = &in->u.disability;

		json_object_set_new(o, "grade", json_integer(x->grade));
		json_object_set_new(o, "type", json_string(dis_types[x->type].code));
		json_object_set_new(o, "certificate", json_boolean(x->certificate));
		json_object_set_new(o, "dibao", json_boolean(x->dibao));
		json_object_set_new(o, "care", json_boolean(x->care));
		json_object_set_new(o, "tekun", json_boolean(x->tekun));
		json_object_set_new(o, "orphan_support", json_boolean(x->orphan_support));
		snprintf(a, sizeof(a), "%04d-%02d", x->year, x->month);
		json_object_set_new(o, "month", json_string(a));
		json_object_set_new(o, "region", x->region[0] ? json_string(x->region) : json_null());
		break;
	}
	case CALC_ORPHAN: {
		const struct orphan_in *x = &in->u.orphan;

		json_object_set_new(o, "kind", json_string(orphan_kinds[x->kind].code));
		json_object_set_new(o, "placement", json_string(placements[x->placement].code));
		snprintf(a, sizeof(a), "%04d-%02d", x->year, x->month);
		json_object_set_new(o, "month", json_string(a));
		json_object_set_new(o, "region", x->region[0] ? json_string(x->region) : json_null());
		break;
	}
	}
	return o;
}

int calc_explain(struct ms_buf *b, const json_t *trace)
{
	json_t *s, *p;
	size_t i, j;

	json_array_foreach(trace, i, s) {
		const char *unit = json_string_value(json_object_get(s, "unit"));

		ms_buf_addf(b, "%zu. %s = %s%s\n", i + 1, json_string_value(json_object_get(s, "step")),
			    json_string_value(json_object_get(s, "value")), unit ? unit : "");
		ms_buf_addf(b, "   算式：%s\n", json_string_value(json_object_get(s, "formula")));
		json_array_foreach(json_object_get(s, "params"), j, p) {
			const char *basis = json_string_value(json_object_get(p, "basis"));
			const char *from = json_string_value(json_object_get(p, "effective_from"));
			const char *to = json_string_value(json_object_get(p, "effective_to"));
			const char *region_code = json_string_value(json_object_get(p, "region"));
			const char *db = json_string_value(json_object_get(p, "date_basis"));
			const char *quote = json_string_value(json_object_get(p, "quote"));
			const char *cite = json_string_value(json_object_get(p, "citation"));
			const char *note = json_string_value(json_object_get(p, "note"));

			ms_buf_addf(b, "   参数 %s（%s）= %s%s；", json_string_value(json_object_get(p, "key")),
				    json_string_value(json_object_get(p, "name")),
				    json_string_value(json_object_get(p, "value")),
				    json_string_value(json_object_get(p, "unit")));
			if (from && to)
				ms_buf_addf(b, "%s 至 %s 有效", from, to);
			else if (from)
				ms_buf_addf(b, "自 %s 起", from);
			else
				ms_buf_adds(b, "不限日期");
			if (db && !strcmp(db, "assumption") && from)
				ms_buf_adds(b, "（生效日期为假设）");
			if (region_code)
				ms_buf_addf(b, "，区划 %s", region_code);
			ms_buf_addf(b, "；依据：%s", param_basis_label(basis));
			if (quote)
				ms_buf_addf(b, "，指标 %s，原文“%s”", cite, quote);
			else if (cite && *cite)
				ms_buf_addf(b, "，%s", cite);
			ms_buf_adds(b, "\n");
			if (note && (!quote || (db && !strcmp(db, "assumption"))))
				ms_buf_addf(b, "     说明：%s\n", note);
		}
	}
	return 0;
}
