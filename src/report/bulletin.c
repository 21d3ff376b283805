/*
 * bulletin.c - building the 通报 from the progress figures, and its four
 * renderers. The model keeps the wording in one place; the renderers only
 * lay it out.
 */
#include "bulletin.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/json.h"
#include "core/text.h"
#include "plan/units.h"
#include "core/banned.h"

static struct bl_block *add_block(struct bulletin *bl)
{
	bl->b = realloc(bl->b, (bl->n + 1) * sizeof(*bl->b));
	if (!bl->b)
		abort();
	memset(&bl->b[bl->n], 0, sizeof(bl->b[0]));
	return &bl->b[bl->n++];
}

void bl_text(struct bulletin *bl, int level, const char *s)
{
	struct bl_block *b = add_block(bl);

	b->level = level;
	b->text = ms_strdup(s);
}

void bl_text_at(struct bulletin *bl, size_t at, int level, const char *s)
{
	struct bl_block b;

	bl_text(bl, level, s);
	if (at >= bl->n - 1)
		return;
	b = bl->b[bl->n - 1];
	memmove(&bl->b[at + 1], &bl->b[at], (bl->n - 1 - at) * sizeof(bl->b[0]));
	bl->b[at] = b;
}

struct bl_table *bl_table(struct bulletin *bl, const char *caption, size_t ncols,
			  const char *const *head, int sheet)
{
	struct bl_block *b = add_block(bl);
	struct bl_table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t)
		abort();
	t->caption = ms_strdup(caption);
	t->ncols = ncols;
	t->cell = calloc(ncols, sizeof(char *));
	if (!t->cell)
		abort();
	for (i = 0; i < ncols; i++)
		t->cell[i] = ms_strdup(head[i]);
	t->bar_col = t->colour_col = -1;
	t->sheet = sheet;
	b->table = t;
	return t;
}

void bl_row(struct bl_table *t, const char *const *cells)
{
	size_t i, base = (t->nrows + 1) * t->ncols;

	t->cell = realloc(t->cell, (base + t->ncols) * sizeof(char *));
	if (!t->cell)
		abort();
	for (i = 0; i < t->ncols; i++)
		t->cell[base + i] = ms_strdup(cells[i]);
	t->nrows++;
}

void bl_kinds(struct bl_table *t, const char *kinds)
{
	snprintf(t->kind, sizeof(t->kind), "%s", kinds);
}

void bl_set(char **field, const char *s)
{
	free(*field);
	*field = s ? ms_strdup(s) : NULL;
}

void bulletin_free(struct bulletin *bl)
{
	size_t i, j;

	for (i = 0; i < bl->n; i++) {
		free(bl->b[i].text);
		if (bl->b[i].table) {
			struct bl_table *t = bl->b[i].table;

			for (j = 0; j < (t->nrows + 1) * t->ncols; j++)
				free(t->cell[j]);
			free(t->cell);
			free(t->caption);
			free(t);
		}
	}
	free(bl->b);
	free(bl->title);
	free(bl->subtitle);
	free(bl->issuer);
	free(bl->number);
	free(bl->date);
	free(bl->to);
	free(bl->cc);
	free(bl->contact);
	free(bl->legend);
	memset(bl, 0, sizeof(*bl));
}

/* ---------- building ---------- */

/* "省人力资源社会保障厅、省民政厅" from "hrss,civil" */
static void unit_names(struct store *st, const char *codes, struct ms_buf *out)
{
	const char *s = codes;
	struct store_org_row o;
	char code[64];

	while (*s) {
		size_t n = strcspn(s, ",");

		snprintf(code, sizeof(code), "%.*s", (int)n, s);
		if (out->len)
			ms_buf_adds(out, "、");
		ms_buf_adds(out, store_org_get(st, code, &o, NULL) == 1 ? o.name : code);
		s += n + (s[n] == ',');
	}
}

struct region_rank {
	char code[32], name[128];
	int64_t completion_sum;
	int n, red, late, missing;
	struct prog_counts reports;
	struct ms_buf list;       /* this round's late and missing indicators */
};

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct region_rank *)a)->code, ((const struct region_rank *)b)->code);
}

static struct region_rank *rank_find(struct region_rank *r, size_t n, const char *code)
{
	struct region_rank key;

	snprintf(key.code, sizeof(key.code), "%s", code);
	return bsearch(&key, r, n, sizeof(*r), cmp_code);
}

static int cmp_rank(const void *a, const void *b)
{
	const struct region_rank *x = a, *y = b;
	int64_t cx = x->n ? x->completion_sum / x->n : 0, cy = y->n ? y->completion_sum / y->n : 0;

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void value_of(struct ms_buf *b, const struct prog_ind *pi)
{
	if (!pi->ind->has_target)
		ms_buf_addf(b, "进展报告 %d 份", pi->narratives);
	else if (pi->ind->agg != LEDGER_AGG_SUM && pi->regions)
		ms_buf_addf(b, "达标 %d/%d 个地区", pi->regions_met, pi->regions);
	else if (pi->has_actual)
		prog_value_text(b, pi->ind->unit, pi->actual);
	else
		ms_buf_adds(b, "—");
}

static const char *const cn_no[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

/* The title (the round's ordinal in Chinese) and the subtitle (issuer, day, round). */
static void build_title(struct bulletin *bl, const struct ledger *l, const struct progress *p,
			const struct ledger_round *rd, size_t ri)
{
	struct ms_buf b = MS_BUF_INIT;
	int y, mo, da;

	ms_date_to_ymd(l->start, &y, &mo, &da);
	bl->demo = p->demo;
	ms_buf_addf(&b, "关于%d年民生实事第%s次进展情况的通报%s", y, cn_no[ri % 10],
		    p->demo ? "（演示数据）" : "");
	bl->title = ms_strdup(b.buf);
	ms_buf_reset(&b);
	ms_buf_adds(&b, "省民生实事工程实施领导小组办公室　截至");
	ms_date_format_cn(&b, p->as_of);
	ms_buf_addf(&b, "　报送节点：%s（%s）", rd->due, rd->label);
	bl->subtitle = ms_strdup(b.buf);
	ms_buf_release(&b);
}

/* 一、总体情况: the pace, the colours of the quantified indicators, this round's reports. */
static void build_overall(struct bulletin *bl, const struct progress *p, const struct ledger_round *rd,
			  const struct prog_counts *rc)
{
	struct ms_buf b = MS_BUF_INIT;
	int colours[5] = { 0 };
	size_t i;

	for (i = 0; i < p->nind; i++)
		if (p->ind[i].ind->has_target)
			colours[p->ind[i].colour]++;
	bl_text(bl, 1, "一、总体情况");
	ms_buf_adds(&b, "截至");
	ms_date_format_cn(&b, p->as_of);
	ms_buf_addf(&b, "，全年时序进度为");
	prog_pct(&b, p->expected_bp);
	ms_buf_addf(&b, "。%zu 件民生实事的 %d 项量化指标中，已完成 %d 项，进度正常（绿）%d 项，略有滞后（黄）%d 项，"
		    "明显滞后（红）%d 项%s。",
		    p->nitem, colours[PC_DONE] + colours[PC_GREEN] + colours[PC_YELLOW] + colours[PC_RED] +
		    colours[PC_NONE], colours[PC_DONE], colours[PC_GREEN], colours[PC_YELLOW],
		    colours[PC_RED], colours[PC_NONE] ? "，尚无数据若干项" : "");
	bl_text(bl, 0, b.buf);
	ms_buf_reset(&b);
	ms_buf_addf(&b, "本轮（%s）应报送 %d 份，已报送 %d 份，其中按时 %d 份、逾期 %d 份，未报送 %d 份；报送率 ",
		    rd->due, rc->expected, rc->received, rc->on_time, rc->late, rc->missing);
	/* rates truncated, not rounded, as the bulletin has always printed them */
	prog_pct(&b, rc->expected ? (int)((int64_t)rc->received * MS_BP_ONE / rc->expected) : -1);
	ms_buf_adds(&b, "，按时报送率 ");
	prog_pct(&b, rc->received ? (int)((int64_t)rc->on_time * MS_BP_ONE / rc->received) : -1);
	ms_buf_adds(&b, "。");
	/* the figures are the approved ones: say how many reports are still being reviewed */
	if (p->unreviewed)
		ms_buf_addf(&b, "本通报含待审核数据 %d 份，仅供内部参考。", p->pending);
	else if (p->pending)
		ms_buf_addf(&b, "本通报只计审核通过的数据，另有 %d 份报送待审核，未计入。", p->pending);
	else
		ms_buf_adds(&b, "本通报数据均经审核。");
	bl_text(bl, 0, b.buf);
	ms_buf_release(&b);
}

/* 按时, 逾期 or 未报: a region's report for the round due on `due`. */
static const char *report_state(const struct prog_org *po, const char *due)
{
	if (strstr(po->missing_rounds, due))
		return "未报";
	if (strstr(po->late_rounds, due))
		return "逾期";
	return po->reports.expected ? "按时" : "—";
}

static int cmp_org_code(const void *a, const void *b)
{
	return strcmp((*(const struct prog_org *const *)a)->code, (*(const struct prog_org *const *)b)->code);
}

/* An item's units as the 台账 shows them: the lead and responsible units' names, the first lead's contact. */
struct item_units {
	struct store *st;
	const char *leads, *resp;
	const char *lead_codes, *resp_codes;   /* "hrss,civil" */
	struct store_org_row lead;     /* its contact and phone, "" when none */
};

/*
 * A task no region reports on (a department's, or qualitative): a row per
 * lead unit, then per responsible unit, each with its contact, in the
 * order the plan names them. The rows written.
 */
static size_t build_unit_rows(struct bl_table *lt, const struct prog_ind *pi, const struct item_units *u)
{
	const char *const lists[2] = { u->lead_codes, u->resp_codes };
	struct store_org_row o;
	char code[64], sq[24];
	size_t k, n = 0;

	for (k = 0; k < 2; k++) {
		const char *s = lists[k] ? lists[k] : "";

		while (*s) {
			size_t len = strcspn(s, ",");

			snprintf(code, sizeof(code), "%.*s", (int)len, s);
			s += len + (s[len] == ',');
			if (store_org_get(u->st, code, &o, NULL) != 1)
				continue;
			snprintf(sq, sizeof(sq), "%zu", ++n);
			{
				const char *cells[] = { sq, pi->ind->name, o.name, pi->ind->has_target ? "—" : "定性",
					"—", "—", "", "—", "—", o.contact, o.phone, k ? "" : "牵头", k ? "责任" : "",
					"" };

				bl_row(lt, cells);
			}
		}
	}
	return n;
}

/* An indicator's region rows in its item's 台账 sheet, then its 合计 row (bold in the workbook). */
static void build_ledger_rows(struct bl_table *lt, const struct prog_ind *pi, const char *due,
			      const struct item_units *u, const char *total, const char *note)
{
	struct ms_buf tg = MS_BUF_INIT, ac = MS_BUF_INIT, cp = MS_BUF_INIT, ex = MS_BUF_INIT;
	const struct prog_org **order = calloc(pi->norg ? pi->norg : 1, sizeof(*order));
	struct store_org_row o;
	size_t j;

	if (!order)
		abort();
	for (j = 0; j < pi->norg; j++)   /* the 台账 lists the regions in code order, as offices keep it */
		order[j] = &pi->org[j];
	if (pi->norg > 1)
		qsort(order, pi->norg, sizeof(*order), cmp_org_code);
	if (pi->ind->has_target)
		prog_pct(&ex, pi->expected_bp);
	for (j = 0; j < pi->norg; j++) {
		const struct prog_org *po = order[j];
		char sq[24];

		ms_buf_reset(&tg);
		ms_buf_reset(&ac);
		ms_buf_reset(&cp);
		if (pi->ind->has_target)
			prog_value_text(&tg, pi->ind->unit, po->target);
		else
			ms_buf_adds(&tg, "定性");
		if (po->has_actual)
			prog_value_text(&ac, pi->ind->unit, po->actual);
		else
			ms_buf_adds(&ac, "—");
		prog_pct(&cp, po->completion_bp);
		snprintf(sq, sizeof(sq), "%zu", j + 1);
		/* the 填报单位's contact; none when it cannot be read */
		if (store_org_get(u->st, po->code, &o, NULL) != 1)
			o.contact[0] = o.phone[0] = '\0';
		{
			const char *cells[] = { sq, pi->ind->name, po->name, tg.buf, ac.buf, cp.buf, ex.buf,
				prog_colour_cn(po->colour), report_state(po, due), o.contact, o.phone, "", "", "" };

			bl_row(lt, cells);
		}
	}
	if (!pi->norg)
		build_unit_rows(lt, pi, u);
	ms_buf_reset(&cp);
	prog_pct(&cp, pi->completion_raw_bp);
	{
		const char *cells[] = { "", pi->ind->name, "合计", pi->ind->has_target ? NULL : "定性", total,
			cp.buf, ex.buf, prog_colour_cn(pi->colour), "", u->lead.contact, u->lead.phone, u->leads,
			u->resp, note };

		ms_buf_reset(&tg);
		if (pi->ind->has_target)
			prog_value_text(&tg, pi->ind->unit, pi->ind->target);
		if (!cells[3])
			cells[3] = tg.buf;
		bl_row(lt, cells);
	}
	ms_buf_release(&tg);
	ms_buf_release(&ac);
	ms_buf_release(&cp);
	ms_buf_release(&ex);
	free(order);
}

/* An indicator's row in the item's summary table and its rows in the 台账 sheet. */
static void build_ind_rows(struct bl_table *t, struct bl_table *lt, const struct prog_ind *pi, const char *due,
			   const struct item_units *u)
{
	struct ms_buf tg = MS_BUF_INIT, ac = MS_BUF_INIT, cp = MS_BUF_INIT, ex = MS_BUF_INIT,
		      nt = MS_BUF_INIT;

	if (pi->ind->has_target)
		prog_value_text(&tg, pi->ind->unit, pi->ind->target);
	else
		ms_buf_adds(&tg, "定性");
	value_of(&ac, pi);
	prog_pct(&cp, pi->completion_raw_bp);
	if (pi->ind->has_target)
		prog_pct(&ex, pi->expected_bp);
	{
		const char *cells[] = { pi->ind->name, tg.buf, ac.buf, cp.buf, ex.buf,
			prog_colour_cn(pi->colour) };

		bl_row(t, cells);
	}
	if (pi->ind->has_target) {
		ms_buf_addf(&nt, "完成率 %s，%s", cp.buf, prog_colour_cn(pi->colour));
		if (pi->reports.missing)
			ms_buf_addf(&nt, "；%d 份未报", pi->reports.missing);
	} else {
		ms_buf_adds(&nt, pi->narrative[0] ? pi->narrative : "暂无进展报告");
	}
	/* the 台账's 完成 holds amounts only: "达标 7/11 个地区" goes to the notes (a qualitative
	   task's note is its latest report, as written) */
	if (pi->ind->has_target && pi->ind->agg != LEDGER_AGG_SUM && pi->regions) {
		ms_buf_addf(&nt, "；%s", ac.buf);
		build_ledger_rows(lt, pi, due, u, "—", nt.buf);
	} else if (!pi->ind->has_target) {
		build_ledger_rows(lt, pi, due, u, "—", nt.buf);
	} else {
		build_ledger_rows(lt, pi, due, u, ac.buf, nt.buf);
	}
	ms_buf_release(&tg);
	ms_buf_release(&ac);
	ms_buf_release(&cp);
	ms_buf_release(&ex);
	ms_buf_release(&nt);
}

/* 二、各项实事进展情况: per item a heading, its summary table and its 台账 sheet. */
static void build_items(struct bulletin *bl, struct store *st, const struct progress *p, const char *due)
{
	static const char *const head[] = { "指标", "目标", "完成", "完成率", "时序进度", "状态" };
	static const char *const lhead[] = { "序号", "任务", "填报单位", "目标", "完成", "完成率", "时序进度",
		"状态", "报送情况", "联系人", "联系电话", "牵头单位", "责任单位", "进展情况" };
	struct ms_buf b = MS_BUF_INIT, u = MS_BUF_INIT, r = MS_BUF_INIT;
	struct item_units iu;
	size_t i, j;

	bl_text(bl, 1, "二、各项实事进展情况");
	for (i = 0; i < p->nitem; i++) {
		const struct prog_item *it = &p->item[i];
		struct bl_table *t, *lt;

		ms_buf_reset(&u);
		unit_names(st, it->leads, &u);
		ms_buf_reset(&r);
		unit_names(st, it->responsible, &r);
		ms_buf_reset(&b);
		ms_buf_addf(&b, "（%s）%s（牵头单位：%s%s%s）", cn_no[(it->no + 9) % 10], it->title, u.len ? u.buf : "待核实",
			    r.len ? "；责任单位：" : "", r.buf);
		bl_text(bl, 2, b.buf);
		t = bl_table(bl, b.buf, 6, head, 0);
		t->bar_col = 3;
		t->colour_col = 5;
		bl_kinds(t, "tvvpp");
		ms_buf_reset(&b);
		ms_buf_addf(&b, "%lld %s", (long long)it->no, it->title);
		lt = bl_table(bl, b.buf, 14, lhead, (int)it->no);
		/* 序号, 目标, 完成, 完成率, 时序进度 */
		lt->figures = 1u << 0 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6;
		lt->colour_col = 7;
		bl_kinds(lt, "ittvvpp");
		memset(&iu, 0, sizeof(iu));
		iu.st = st;
		iu.leads = u.len ? u.buf : "待核实";
		iu.resp = r.buf;
		iu.lead_codes = it->leads;
		iu.resp_codes = it->responsible;
		ms_buf_reset(&b);   /* the first lead unit's contact */
		ms_buf_add(&b, it->leads, strcspn(it->leads, ","));
		if (!b.len || store_org_get(st, b.buf, &iu.lead, NULL) != 1)
			memset(&iu.lead, 0, sizeof(iu.lead));
		for (j = 0; j < p->nind; j++)
			if (p->ind[j].ind->item_no == it->no)
				build_ind_rows(t, lt, &p->ind[j], due, &iu);
	}
	ms_buf_release(&b);
	ms_buf_release(&u);
	ms_buf_release(&r);
}

/* Every region that has a target, once, in code order. */
static struct region_rank *rank_regions(const struct progress *p, size_t *n)
{
	struct region_rank *rank = NULL;
	size_t nrank = 0, i, j, k;

	for (i = 0; i < p->nind; i++)
		for (j = 0; j < p->ind[i].norg; j++) {
			if ((nrank & (nrank - 1)) == 0) {
				rank = realloc(rank, (nrank ? nrank * 2 : 1) * sizeof(*rank));
				if (!rank)
					abort();
			}
			memset(&rank[nrank], 0, sizeof(rank[0]));
			snprintf(rank[nrank].code, sizeof(rank[0].code), "%s", p->ind[i].org[j].code);
			snprintf(rank[nrank].name, sizeof(rank[0].name), "%s", p->ind[i].org[j].name);
			nrank++;
		}
	if (nrank > 1)
		qsort(rank, nrank, sizeof(*rank), cmp_code);
	for (i = k = 0; i < nrank; i++)
		if (!k || strcmp(rank[k - 1].code, rank[i].code))
			rank[k++] = rank[i];
	for (i = 0; i < k; i++)
		ms_buf_init(&rank[i].list, 0);
	*n = k;
	return rank;
}

/*
 * The regions' figures: mean capped completion of the summed targets, red
 * indicators, reports, and this round's late and missing indicators;
 * then ranked by that mean.
 */
static void rank_tally(const struct progress *p, const struct ledger_round *rd, struct region_rank *rank,
		       size_t nrank)
{
	size_t i, j;

	for (i = 0; i < p->nind; i++) {
		const struct prog_ind *pi = &p->ind[i];

		for (j = 0; j < pi->norg; j++) {
			const struct prog_org *po = &pi->org[j];
			struct region_rank *x = rank_find(rank, nrank, po->code);
			int is_late = strstr(po->late_rounds, rd->due) != NULL;
			int is_missing = strstr(po->missing_rounds, rd->due) != NULL;

			if (pi->ind->agg == LEDGER_AGG_SUM) {
				x->completion_sum += po->completion_bp < 0 ? 0 :
					po->completion_bp > MS_BP_ONE ? MS_BP_ONE : po->completion_bp;
				x->n++;
			}
			x->red += po->colour == PC_RED;
			prog_counts_add(&x->reports, &po->reports);
			if (is_late || is_missing) {
				x->late += is_late;
				x->missing += is_missing;
				ms_buf_addf(&x->list, "%s%s（%s）", x->list.len ? "；" : "", pi->ind->name,
					    is_late ? "逾期" : "未报");
			}
		}
	}
	if (nrank > 1)
		qsort(rank, nrank, sizeof(*rank), cmp_rank);
}

/* 三、各地推进情况: the regions ranked. */
static void build_regions(struct bulletin *bl, const struct region_rank *rank, size_t nrank)
{
	static const char *const head[] = { "排名", "地区", "量化任务平均完成率", "红色指标",
		"应报", "按时", "逾期", "未报" };
	struct ms_buf c = MS_BUF_INIT;
	struct region_rank sum;   /* the 合计 row: red indicators and reports added up */
	struct bl_table *t;
	size_t k;

	memset(&sum, 0, sizeof(sum));
	bl_text(bl, 1, "三、各地推进情况");
	if (!nrank) {
		bl_text(bl, 0, "尚未分解任务，暂无各地数据。");
		return;
	}
	t = bl_table(bl, "各地推进情况（按量化任务平均完成率排序）", 8, head, 0);
	t->bar_col = 2;
	bl_kinds(t, "itpiiiii");
	for (k = 0; k < nrank; k++) {
		char no[24], red[16], e[16], ot[16], lt[16], ms[16];

		ms_buf_reset(&c);
		prog_pct(&c, rank[k].n ? (int)(rank[k].completion_sum / rank[k].n) : -1);
		snprintf(no, sizeof(no), "%zu", k + 1);
		snprintf(red, sizeof(red), "%d", rank[k].red);
		snprintf(e, sizeof(e), "%d", rank[k].reports.expected);
		snprintf(ot, sizeof(ot), "%d", rank[k].reports.on_time);
		snprintf(lt, sizeof(lt), "%d", rank[k].reports.late);
		snprintf(ms, sizeof(ms), "%d", rank[k].reports.missing);
		{
			const char *cells[] = { no, rank[k].name, c.buf, red, e, ot, lt, ms };

			bl_row(t, cells);
		}
		sum.red += rank[k].red;
		prog_counts_add(&sum.reports, &rank[k].reports);
	}
	{
		char red[16], e[16], ot[16], lt[16], ms[16];
		const char *cells[] = { "", "合计", "", red, e, ot, lt, ms };

		snprintf(red, sizeof(red), "%d", sum.red);
		snprintf(e, sizeof(e), "%d", sum.reports.expected);
		snprintf(ot, sizeof(ot), "%d", sum.reports.on_time);
		snprintf(lt, sizeof(lt), "%d", sum.reports.late);
		snprintf(ms, sizeof(ms), "%d", sum.reports.missing);
		bl_row(t, cells);
	}
	ms_buf_release(&c);
}

/* 四、进度明显滞后的指标: the red indicators, their lead units and red regions. */
static void build_lagging(struct bulletin *bl, struct store *st, const struct progress *p)
{
	static const char *const head[] = { "指标", "完成率", "时序进度", "牵头单位", "滞后地区" };
	struct ms_buf b = MS_BUF_INIT, c = MS_BUF_INIT, u = MS_BUF_INIT, r = MS_BUF_INIT;
	struct bl_table *t = NULL;
	size_t i, j, k;

	bl_text(bl, 1, "四、进度明显滞后的指标");
	for (i = 0; i < p->nind; i++) {
		const struct prog_ind *pi = &p->ind[i];
		const struct prog_item *it = NULL;

		if (pi->colour != PC_RED)
			continue;
		for (k = 0; k < p->nitem; k++)
			if (p->item[k].no == pi->ind->item_no)
				it = &p->item[k];
		if (!t) {
			t = bl_table(bl, "进度明显滞后（红色）的指标", 5, head, 0);
			bl_kinds(t, "tpp");
		}
		ms_buf_reset(&b);
		prog_pct(&b, pi->completion_raw_bp);
		ms_buf_reset(&c);
		prog_pct(&c, pi->expected_bp);
		ms_buf_reset(&u);
		if (it)
			unit_names(st, it->leads, &u);
		ms_buf_reset(&r);
		for (j = 0; j < pi->norg; j++)
			if (pi->org[j].colour == PC_RED)
				ms_buf_addf(&r, "%s%s", r.len ? "、" : "", pi->org[j].name);
		{
			const char *cells[] = { pi->ind->name, b.buf, c.buf, u.buf, r.buf };

			bl_row(t, cells);
		}
	}
	if (!t)
		bl_text(bl, 0, "无。");
	ms_buf_release(&b);
	ms_buf_release(&c);
	ms_buf_release(&u);
	ms_buf_release(&r);
}

/* 五、逾期和未报送情况: this round's late and missing reports, by region. */
static void build_late(struct bulletin *bl, const struct region_rank *rank, size_t nrank)
{
	static const char *const head[] = { "地区", "逾期报送", "未报送", "涉及指标" };
	struct bl_table *t = NULL;
	size_t k;

	bl_text(bl, 1, "五、逾期和未报送情况");
	for (k = 0; k < nrank; k++) {
		char nl[16], nm[16];

		if (!rank[k].late && !rank[k].missing)
			continue;
		if (!t) {
			t = bl_table(bl, "本轮逾期和未报送（按地区）", 4, head, 0);
			bl_kinds(t, "tii");
		}
		snprintf(nl, sizeof(nl), "%d", rank[k].late);
		snprintf(nm, sizeof(nm), "%d", rank[k].missing);
		{
			const char *cells[] = { rank[k].name, nl, nm, rank[k].list.buf };

			bl_row(t, cells);
		}
	}
	if (!t)
		bl_text(bl, 0, "本轮各地均按时报送。");
}

/*
 * 六、明显问题: this round's reports that differ from the site register (点位)
 * delivered by the round's due date, each with both numbers.
 */
static void build_problems(struct bulletin *bl, const struct progress *p, const struct ledger_round *rd,
			   size_t overdue)
{
	static const char *const head[] = { "指标", "地区", "点位（截止日前已交付）", "报送", "差额" };
	struct ms_buf a = MS_BUF_INIT, b = MS_BUF_INIT, c = MS_BUF_INIT;
	struct bl_table *t = NULL;
	size_t i, k;
	int registers = 0;

	bl_text(bl, 1, "六、明显问题");
	for (i = 0; i < p->nind; i++) {
		const struct prog_ind *pi = &p->ind[i];

		registers += pi->has_sites;
		for (k = 0; k < pi->ngap; k++) {
			const struct prog_site_gap *g = &pi->gap[k];

			if (strcmp(g->round, rd->due))
				continue;
			if (!t) {
				ms_buf_addf(&a, "以下地区本轮报送数与点位台账中截至 %s 已交付的点位数不一致，请核实并更正报送或补录点位。",
					    rd->due);
				bl_text(bl, 0, a.buf);
				t = bl_table(bl, "报送数与点位台账不一致", 5, head, 0);
				bl_kinds(t, "ttvvv");
			}
			ms_buf_reset(&a);
			prog_value_text(&a, pi->ind->unit, g->sites);
			ms_buf_reset(&b);
			prog_value_text(&b, pi->ind->unit, g->reported);
			ms_buf_reset(&c);
			ms_buf_adds(&c, g->reported > g->sites ? "+" : "-");
			prog_value_text(&c, pi->ind->unit, g->reported > g->sites ? g->reported - g->sites :
					g->sites - g->reported);
			{
				const char *cells[] = { pi->ind->name, g->name, a.buf, b.buf, c.buf };

				bl_row(t, cells);
			}
		}
	}
	if (!t && (registers || !overdue))
		bl_text(bl, 0, registers ? "本轮报送数与点位台账一致。" : "无。");
	ms_buf_release(&a);
	ms_buf_release(&b);
	ms_buf_release(&c);
}

/*
 * 督办单 overdue on the bulletin's day (answer-by passed, not answered by
 * then), under 六、明显问题; nothing at all when there are none.
 */
struct overdue_acc {
	ms_day as_of;
	const struct ledger *l;
	char **cell;
	size_t n;
};

/* The China day of an ISO UTC stamp ("2023-07-01T02:00:00Z"), or -1. */
static ms_day stamp_day(const char *at)
{
	struct tm tm = { 0 };

	if (!at || sscanf(at, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			  &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return ms_date_of_time_cn(timegm(&tm));
}

static int take_overdue(const struct store_duban *d, void *arg)
{
	struct overdue_acc *a = arg;
	const struct ledger_ind *ind = ledger_ind_find(a->l, d->indicator);
	struct ms_err e;
	ms_day by;
	char **c;

	if (ms_date_parse(d->answer_by, strlen(d->answer_by), &by, &e) || by >= a->as_of ||
	    stamp_day(d->issued_at) > a->as_of || (d->answered_at && stamp_day(d->answered_at) <= a->as_of))
		return 0;
	a->cell = realloc(a->cell, (a->n + 1) * 5 * sizeof(*a->cell));
	if (!a->cell)
		abort();
	c = a->cell + a->n++ * 5;
	c[0] = ms_strdup(ind ? ind->name : d->indicator);
	c[1] = ms_strdup(d->org_name);
	c[2] = ms_strdup(d->what);
	{
		struct ms_buf b = MS_BUF_INIT;

		ms_date_format(&b, stamp_day(d->issued_at));   /* the China day it was issued */
		c[3] = ms_buf_detach(&b, NULL);
	}
	c[4] = ms_strdup(d->answer_by);
	return 0;
}

static int build_overdue(struct bulletin *bl, struct store *st, const struct ledger *l, const struct progress *p,
			 struct overdue_acc *a, struct ms_err *err)
{
	static const char *const head[] = { "指标", "督办单位", "督办事项", "签发日期", "答复期限" };
	struct bl_table *t;
	size_t i;

	a->as_of = p->as_of;
	a->l = l;
	if (store_duban_each(st, l->plan, NULL, NULL, take_overdue, a, err))
		return -1;
	if (!a->n)
		return 0;
	bl_text(bl, 0, "以下督办单已过答复期限仍未答复，请督办单位立即答复整改措施。");
	t = bl_table(bl, "逾期未答复的督办单", 5, head, 0);
	for (i = 0; i < a->n; i++)
		bl_row(t, (const char *const *)(a->cell + i * 5));
	return 0;
}

static void overdue_free(struct overdue_acc *a)
{
	size_t i;

	for (i = 0; i < a->n * 5; i++)
		free(a->cell[i]);
	free(a->cell);
}

/* 七、下一步工作要求, the next round's date and the demonstration note. */
static void build_next(struct bulletin *bl, const struct progress *p)
{
	struct ms_buf b = MS_BUF_INIT;

	bl_text(bl, 1, "七、下一步工作要求");
	bl_text(bl, 0, "各牵头单位要对照任务台账，逐项梳理进度，对标红的指标分析原因、制定措施，确保按期完成全年目标任务。");
	bl_text(bl, 0, "各地要严格落实报送制度，按时、准确报送进展情况；逾期和未报送的地区要说明原因并限期补报。");
	if (p->next_round >= 0) {
		ms_buf_addf(&b, "下一次进展情况请于 %s 前报送。", p->round[p->next_round].due);
		bl_text(bl, 0, b.buf);
	}
	if (p->demo)
		bl_text(bl, 0, "注：本通报使用演示数据生成，数字均为虚构，仅供演示。");
	ms_buf_release(&b);
}

/*
 * The 公文's parts: the issuer (the org "office"), 主送 and 抄送 (settings
 * bulletin.to, bulletin.cc, else the usual ones), the legend of 状态.
 */
static int build_gongwen(struct bulletin *bl, struct store *st, const struct progress *p, struct ms_err *err)
{
	struct store_org_row o;
	struct ms_buf b = MS_BUF_INIT;
	int rc;

	rc = store_org_get(st, "office", &o, err);
	if (rc < 0)
		return -1;
	bl_set(&bl->issuer, rc ? o.name : "省民生实事工程实施领导小组办公室");
	if (rc && (o.contact[0] || o.phone[0])) {   /* the 附注: whom to call about it */
		ms_buf_addf(&b, "%s%s%s%s%s", o.contact[0] ? "联系人：" : "", o.contact,
			    o.contact[0] && o.phone[0] ? "　" : "", o.phone[0] ? "电话：" : "", o.phone);
		bl_set(&bl->contact, b.buf);
		ms_buf_reset(&b);
	}
	if ((rc = store_setting_get(st, "bulletin.to", &b, err)) < 0)
		goto out;
	bl_set(&bl->to, rc ? b.buf : BULLETIN_TO_DEFAULT);
	ms_buf_reset(&b);
	if ((rc = store_setting_get(st, "bulletin.cc", &b, err)) < 0)
		goto out;
	bl_set(&bl->cc, rc ? b.buf : BULLETIN_CC_DEFAULT);
	ms_buf_reset(&b);
	ms_buf_addf(&b, "状态：完成 已达全年目标；绿 不低于时序进度；黄 落后时序进度不超过 %d 个百分点；"
		    "红 落后超过 %d 个百分点或逾期未报；— 定性任务或尚无数据", p->margin_pts, p->margin_pts);
	bl_set(&bl->legend, b.buf);
	rc = 0;
out:
	ms_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

int bulletin_build(struct bulletin *bl, struct store *st, const struct ledger *l,
		   const struct progress *p, const char *round, struct ms_err *err)
{
	const struct ledger_round *rd = ledger_round_find(l, round, err);
	struct overdue_acc od = { 0 };
	struct bulletin tail = { 0 };
	struct region_rank *rank;
	size_t nrank, k, ri = 0;

	memset(bl, 0, sizeof(*bl));
	if (!rd)
		return -1;
	/* the overdue 督办单 first, into a scratch document: a failed read leaves nothing built */
	if (build_overdue(&tail, st, l, p, &od, err)) {
		overdue_free(&od);
		return -1;
	}
	for (k = 0; k < p->nround; k++)
		if (!strcmp(p->round[k].due, rd->due))
			ri = k;
	build_title(bl, l, p, rd, ri);
	if (build_gongwen(bl, st, p, err)) {
		bulletin_free(bl);
		return -1;
	}
	build_overall(bl, p, rd, &p->round[ri].reports);
	build_items(bl, st, p, rd->due);
	rank = rank_regions(p, &nrank);
	rank_tally(p, rd, rank, nrank);
	build_regions(bl, rank, nrank);
	build_lagging(bl, st, p);
	build_late(bl, rank, nrank);
	build_problems(bl, p, rd, od.n);
	for (k = 0; k < tail.n; k++) {
		*add_block(bl) = tail.b[k];
		memset(&tail.b[k], 0, sizeof(tail.b[k]));
	}
	bulletin_free(&tail);
	overdue_free(&od);
	build_next(bl, p);
	for (k = 0; k < nrank; k++)
		ms_buf_release(&rank[k].list);
	free(rank);
	return 0;
}

/* ---------- Markdown ---------- */

static void md_cell(struct ms_buf *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			ms_buf_adds(o, "\\|");
		else if (*s == '\n')
			ms_buf_adds(o, " ");
		else
			ms_buf_addch(o, *s);
	}
}

/*
 * The 公文's closing parts in Markdown, as the HTML has them: 附件说明 (the
 * 台账), 署名 and 成文日期 (草稿 for a draft), 附注, 抄送. Only for a document
 * that has them (bl->issuer): an evaluation, or a snapshot from before them,
 * renders as it always did.
 */
static void md_closing(const struct bulletin *bl, struct ms_buf *out)
{
	size_t i, n = 0;
	ms_day d;

	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;
		const char *name;

		if (!t || !t->sheet)
			continue;
		name = t->caption + strspn(t->caption, "0123456789");
		name += name != t->caption && *name == ' ';
		/* lines of one block end with a backslash: a hard line break in CommonMark */
		ms_buf_addf(out, "%s%s%zu．%s任务台账", n ? "\\\n" : "", n ? "　　　" : "附件：", n + 1, name);
		n++;
	}
	if (n)
		ms_buf_adds(out, "\n\n");
	ms_buf_addf(out, "%s\\\n", bl->issuer);
	if (bl->date && !ms_date_parse(bl->date, strlen(bl->date), &d, NULL))
		ms_date_format_cn(out, d);
	else
		ms_buf_adds(out, "（草稿）");
	ms_buf_adds(out, "\n\n");
	if (bl->contact && *bl->contact)
		ms_buf_addf(out, "（%s）\n\n", bl->contact);
	if (bl->cc && *bl->cc)
		ms_buf_addf(out, "抄送：%s。\n", bl->cc);
}

int bulletin_md(const struct bulletin *bl, struct ms_buf *out)
{
	size_t i, r, c;
	int to_done = !(bl->issuer && bl->to && *bl->to);

	ms_buf_addf(out, "# %s\n\n%s\n\n", bl->title, bl->subtitle);
	for (i = 0; i < bl->n; i++) {
		const struct bl_block *b = &bl->b[i];
		const struct bl_table *t = b->table;

		/* 主送 after the 文号 and correction lines, before the 正文's first section */
		if (!to_done && b->level == 1) {
			ms_buf_addf(out, "%s：\n\n", bl->to);
			to_done = 1;
		}
		if (!t) {
			ms_buf_addf(out, "%s%s\n\n", b->level == 1 ? "## " : b->level == 2 ? "### " : "",
				    b->text);
			continue;
		}
		if (t->sheet)
			continue;
		for (r = 0; r <= t->nrows; r++) {
			ms_buf_adds(out, "|");
			for (c = 0; c < t->ncols; c++) {
				ms_buf_adds(out, " ");
				md_cell(out, t->cell[r * t->ncols + c]);
				ms_buf_adds(out, " |");
			}
			ms_buf_adds(out, "\n");
			if (!r) {
				ms_buf_adds(out, "|");
				for (c = 0; c < t->ncols; c++)
					ms_buf_adds(out, (int)c == t->bar_col || (c && c + 1 < t->ncols &&
							  (int)c != t->colour_col && t->bar_col >= 0 && c <= 4) ? " ---: |" : " --- |");
				ms_buf_adds(out, "\n");
			}
		}
		ms_buf_adds(out, "\n");
	}
	if (bl->issuer)
		md_closing(bl, out);
	return 0;
}

int bl_colour_index(const char *s)
{
	static const char *const words[2][4] = { { "完成", "绿", "黄", "红" }, { "优秀", "良好", "合格", "不合格" } };
	int w, k;

	for (w = 0; w < 2; w++)
		for (k = 0; k < 4; k++)
			if (!strcmp(s, words[w][k]))
				return k;
	return -1;
}

/* ---------- CSV: the 台账 of every item, one table, BOM for Excel ---------- */

int bulletin_csv(const struct bulletin *bl, struct ms_buf *out)
{
	size_t i, r, c;
	int header = 0;

	ms_buf_adds(out, "\xEF\xBB\xBF");
	for (i = 0; i < bl->n; i++) {
		const struct bl_table *t = bl->b[i].table;

		if (!t || !t->sheet)
			continue;
		for (r = header ? 1 : 0; r <= t->nrows; r++) {
			const char *item = r ? t->caption : "实事";

			ms_csv_put_text(out, item, strlen(item));
			for (c = 0; c < t->ncols; c++) {
				const char *s = t->cell[r * t->ncols + c];

				ms_buf_addch(out, ',');
				if (r && c < 32 && (t->figures >> c & 1u))
					ms_csv_put_field(out, s, strlen(s));
				else
					ms_csv_put_text(out, s, strlen(s));
			}
			ms_buf_adds(out, "\r\n");
		}
		header = 1;
	}
	return 0;
}

/* ---------- by format ---------- */

int bulletin_render(const struct bulletin *bl, const char *fmt, struct ms_buf *out, struct ms_err *err)
{
	char path[] = "/tmp/minsheng-bulletin-XXXXXX";
	int fd, rc;

	if (!strcmp(fmt, "md"))
		return bulletin_md(bl, out);
	if (!strcmp(fmt, "html"))
		return bulletin_html(bl, out);
	if (!strcmp(fmt, "csv"))
		return bulletin_csv(bl, out);
	if (strcmp(fmt, "xlsx"))
		return ms_err_field(err, MS_E_INVALID, "format", "格式须为 md、html、csv 或 xlsx (the format is "
				    "md, html, csv or xlsx)");
	fd = mkstemp(path);
	if (fd < 0)
		return ms_err_setk(err, MS_E_INTERNAL, "无法建立临时文件 (cannot make a temporary file)");
	rc = bulletin_xlsx(bl, path, err) || ms_file_read(out, path, (size_t)64 << 20, err) ? -1 : 0;
	close(fd);
	unlink(path);
	return rc;
}
