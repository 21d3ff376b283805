/*
 * progress_json.c - the status document (GET /api/v1/status, `status
 * --json`): progress as JSON, written straight into the buffer with ms_jw
 * (no jansson tree: the API's most frequent answer, computed again after
 * every write), byte for byte what jansson's pretty dump of the same tree
 * would be.
 */
#include "progress.h"

#include <string.h>

#include "core/json.h"
#include "core/banned.h"

/* The reports' counts and rates, as members of the object open in w. */
static void counts_write(struct ms_jw *w, const struct prog_counts *c, struct ms_buf *b)
{
	ms_jw_key(w, "expected");
	ms_jw_int(w, c->expected);
	ms_jw_key(w, "received");
	ms_jw_int(w, c->received);
	ms_jw_key(w, "on_time");
	ms_jw_int(w, c->on_time);
	ms_jw_key(w, "late");
	ms_jw_int(w, c->late);
	ms_jw_key(w, "missing");
	ms_jw_int(w, c->missing);
	ms_buf_reset(b);
	prog_pct(b, c->expected ? prog_ratio_bp(c->received, c->expected) : -1);
	ms_jw_key(w, "reporting_rate");
	ms_jw_str(w, c->expected ? b->buf : NULL);
	ms_buf_reset(b);
	prog_pct(b, c->received ? prog_ratio_bp(c->on_time, c->received) : -1);
	ms_jw_key(w, "on_time_rate");
	ms_jw_str(w, c->received ? b->buf : NULL);
}

/* A value as text, null when there is none. */
static void value_write(struct ms_jw *w, struct ms_buf *b, const char *unit, int has, int64_t v)
{
	if (!has) {
		ms_jw_null(w);
		return;
	}
	ms_buf_reset(b);
	prog_value_text(b, unit, v);
	ms_jw_str(w, b->buf);
}

/* A percentage as text, null below 0 (none). */
static void pct_write(struct ms_jw *w, struct ms_buf *b, int bp)
{
	if (bp < 0) {
		ms_jw_null(w);
		return;
	}
	ms_buf_reset(b);
	prog_pct(b, bp);
	ms_jw_str(w, b->buf);
}

/* The regions whose reports differ from their sites: org, name, round, sites delivered by it, reported value. */
static void gaps_write(struct ms_jw *w, const struct prog_ind *pi)
{
	size_t k;

	ms_jw_arr(w);
	for (k = 0; k < pi->ngap; k++) {
		const struct prog_site_gap *g = &pi->gap[k];

		ms_jw_obj(w);
		ms_jw_key(w, "org");
		ms_jw_str(w, g->org);
		ms_jw_key(w, "name");
		ms_jw_str(w, g->name);
		ms_jw_key(w, "round");
		ms_jw_str(w, g->round);
		ms_jw_key(w, "sites");
		ms_jw_int(w, g->sites);
		ms_jw_key(w, "reported");
		ms_jw_int(w, g->reported);
		ms_jw_end(w);
	}
	ms_jw_end(w);
}

/* The regions of one list of an indicator: lagging (yellow or red), missing or late rounds. */
enum org_list { OL_LAGGING, OL_MISSING, OL_LATE };

static void orgs_write(struct ms_jw *w, struct ms_buf *b, const struct prog_ind *pi, enum org_list which)
{
	size_t k;

	ms_jw_arr(w);
	for (k = 0; k < pi->norg; k++) {
		const struct prog_org *po = &pi->org[k];

		if (which == OL_LAGGING ? po->colour != PC_YELLOW && po->colour != PC_RED :
		    which == OL_MISSING ? !po->missing_rounds[0] : !po->late_rounds[0])
			continue;
		ms_jw_obj(w);
		ms_jw_key(w, "org");
		ms_jw_str(w, po->code);
		ms_jw_key(w, "name");
		ms_jw_str(w, po->name);
		if (which == OL_LAGGING) {
			ms_jw_key(w, "completion");
			pct_write(w, b, po->completion_bp);
			ms_jw_key(w, "colour");
			ms_jw_str(w, prog_colour_code(po->colour));
		} else {
			ms_jw_key(w, "rounds");
			ms_jw_str(w, which == OL_MISSING ? po->missing_rounds : po->late_rounds);
		}
		ms_jw_end(w);
	}
	ms_jw_end(w);
}

/* An indicator: target, actual, completion, pace, colour, reports, and its lagging, missing and late regions. */
static void ind_write(struct ms_jw *w, struct ms_buf *b, const struct prog_ind *pi)
{
	const struct ledger_ind *d = pi->ind;

	ms_jw_obj(w);
	ms_jw_key(w, "id");
	ms_jw_str(w, d->id);
	ms_jw_key(w, "name");
	ms_jw_str(w, d->name);
	ms_jw_key(w, "unit");
	ms_jw_str(w, d->unit);
	ms_jw_key(w, "aggregation");
	ms_jw_str(w, ledger_agg_name(d->agg));
	ms_jw_key(w, "target");
	value_write(w, b, d->unit, d->has_target, d->target);
	ms_jw_key(w, "target_value");
	if (d->has_target)
		ms_jw_int(w, d->target);
	else
		ms_jw_null(w);
	ms_jw_key(w, "actual");
	value_write(w, b, d->unit, pi->has_actual, pi->actual);
	ms_jw_key(w, "actual_value");
	if (pi->has_actual)
		ms_jw_int(w, pi->actual);
	else
		ms_jw_null(w);
	ms_jw_key(w, "completion");
	pct_write(w, b, pi->completion_raw_bp);
	ms_jw_key(w, "expected");
	pct_write(w, b, d->has_target ? pi->expected_bp : -1);
	ms_jw_key(w, "colour");
	ms_jw_str(w, prog_colour_code(pi->colour));
	ms_jw_key(w, "colour_cn");
	ms_jw_str(w, prog_colour_cn(pi->colour));
	if (d->agg != LEDGER_AGG_SUM && d->has_target) {
		ms_jw_key(w, "regions_met");
		ms_jw_obj(w);
		ms_jw_key(w, "met");
		ms_jw_int(w, pi->regions_met);
		ms_jw_key(w, "of");
		ms_jw_int(w, pi->regions);
		ms_jw_end(w);
	}
	if (!d->has_target) {
		ms_jw_key(w, "progress_reports");
		ms_jw_int(w, pi->narratives);
	}
	ms_jw_key(w, "reports");
	ms_jw_obj(w);
	counts_write(w, &pi->reports, b);
	ms_jw_end(w);
	ms_jw_key(w, "pending");
	ms_jw_int(w, pi->pending);
	if (pi->has_sites) {
		ms_jw_key(w, "site_mismatch");
		gaps_write(w, pi);
	}
	ms_jw_key(w, "lagging");
	orgs_write(w, b, pi, OL_LAGGING);
	ms_jw_key(w, "missing");
	orgs_write(w, b, pi, OL_MISSING);
	ms_jw_key(w, "late");
	orgs_write(w, b, pi, OL_LATE);
	ms_jw_end(w);
}

void progress_json(const struct progress *p, struct ms_buf *out)
{
	progress_json_parts(p, out, NULL);
}

void progress_json_parts(const struct progress *p, struct ms_buf *out, struct ms_buf *ind_json)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_jw w;
	size_t i, j, k;

	ms_jw_init(&w, out, 1);
	ms_jw_obj(&w);
	ms_jw_key(&w, "plan");
	ms_jw_str(&w, p->plan);
	ms_date_format(&b, p->as_of);
	ms_jw_key(&w, "as_of");
	ms_jw_str(&w, b.buf);
	ms_jw_key(&w, "demo");
	ms_jw_bool(&w, p->demo);
	ms_jw_key(&w, "unreviewed_included");
	ms_jw_bool(&w, p->unreviewed);
	ms_jw_key(&w, "pending");
	ms_jw_int(&w, p->pending);
	ms_jw_key(&w, "expected_progress");
	pct_write(&w, &b, p->expected_bp);
	ms_jw_key(&w, "margin_points");
	ms_jw_int(&w, p->margin_pts);
	ms_jw_key(&w, "next_round");
	if (p->next_round >= 0) {
		const char *due_text = p->round[p->next_round].due;
		ms_day due;

		ms_date_parse(due_text, strlen(due_text), &due, NULL);
		ms_jw_obj(&w);
		ms_jw_key(&w, "due");
		ms_jw_str(&w, due_text);
		ms_jw_key(&w, "days");
		ms_jw_int(&w, (int)(due - p->as_of));
		ms_jw_end(&w);
	} else {
		ms_jw_null(&w);
	}
	ms_jw_key(&w, "items");
	ms_jw_arr(&w);
	for (i = 0; i < p->nitem; i++) {
		const struct prog_item *it = &p->item[i];

		ms_jw_obj(&w);
		ms_jw_key(&w, "no");
		ms_jw_int(&w, it->no);
		ms_jw_key(&w, "title");
		ms_jw_str(&w, it->title);
		ms_jw_key(&w, "lead_units");
		ms_jw_str(&w, it->leads);
		ms_jw_key(&w, "completion");
		pct_write(&w, &b, it->completion_bp);
		ms_jw_key(&w, "colour");
		ms_jw_str(&w, prog_colour_code(it->colour));
		ms_jw_key(&w, "colour_cn");
		ms_jw_str(&w, prog_colour_cn(it->colour));
		ms_jw_key(&w, "reports");
		ms_jw_obj(&w);
		counts_write(&w, &it->reports, &b);
		ms_jw_end(&w);
		ms_jw_key(&w, "pending");
		ms_jw_int(&w, it->pending);
		ms_jw_key(&w, "indicators");
		ms_jw_arr(&w);
		for (j = 0; j < p->nind; j++) {
			struct ms_jw piece;

			if (p->ind[j].ind->item_no != it->no)
				continue;
			if (!ind_json) {
				ind_write(&w, &b, &p->ind[j]);
				continue;
			}
			if (!ind_json[j].len) {
				ms_jw_nested(&piece, &ind_json[j], w.pretty, w.depth);
				ind_write(&piece, &b, &p->ind[j]);
			}
			ms_jw_raw(&w, ind_json[j].buf, ind_json[j].len);
		}
		ms_jw_end(&w);
		ms_jw_end(&w);
	}
	ms_jw_end(&w);
	ms_jw_key(&w, "rounds");
	ms_jw_arr(&w);
	for (k = 0; k < p->nround; k++) {
		ms_jw_obj(&w);
		counts_write(&w, &p->round[k].reports, &b);
		ms_jw_key(&w, "due");
		ms_jw_str(&w, p->round[k].due);
		ms_jw_key(&w, "label");
		ms_jw_str(&w, p->round[k].label);
		ms_jw_key(&w, "due_passed");
		ms_jw_bool(&w, p->round[k].due_passed);
		ms_jw_end(&w);
	}
	ms_jw_end(&w);
	ms_jw_end(&w);
	ms_jw_finish(&w);
	ms_buf_release(&b);
}
