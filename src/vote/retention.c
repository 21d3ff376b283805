/*
 * retention.c - how long a government keeps the contact (name, phone, the
 * address's hash) of a proposal: a period per government (the setting
 * proposal.retention.REGION, in days; journaled), else the default the
 * purge is given; the purge clears each government's by its own period.
 */
#include "vote.h"
#include "vote_parts.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "store/store.h"
#include "core/banned.h"

static void retention_key(char key[64], const char *region)
{
	snprintf(key, 64, "proposal.retention.%s", region);
}

int vote_retention_get(struct store *st, const char *region, int *days, struct ms_err *err)
{
	struct ms_buf v = MS_BUF_INIT;
	char key[64];
	int rc;

	*days = 0;
	retention_key(key, region);
	rc = store_setting_get(st, key, &v, err);
	if (rc == 1)
		*days = atoi(v.buf);
	ms_buf_release(&v);
	return rc < 0 ? -1 : 0;
}

int vote_retention_set(struct store *st, const char *region, const char *level, int days, const char *actor,
		       struct ms_err *err)
{
	char key[64], val[16], was[32];
	int old, rc;

	if (vote_gov_check(region, level ? level : "县", 2000, err))
		return -1;
	if (days < VOTE_RETENTION_MIN || days > VOTE_RETENTION_MAX)
		return ms_err_field(err, MS_E_INVALID, "days", "保留期应为 %d–%d 天 (retention days)", VOTE_RETENTION_MIN,
				    VOTE_RETENTION_MAX);
	if (store_begin(st, err))
		return -1;
	retention_key(key, region);
	snprintf(val, sizeof(val), "%d", days);
	rc = vote_retention_get(st, region, &old, err);
	snprintf(was, sizeof(was), "{\"days\": %d}", old);
	if (!rc)
		rc = store_setting_put(st, key, val, err);
	if (!rc)
		rc = store_journal_json(st, actor, "proposal.retention", "setting", key, old ? was : NULL,
					json_pack("{s:i}", "days", days), err);
	return store_end(st, rc, err);
}

struct purge_ctx {
	struct store *st;
	int fallback;
	ms_day today;
	int64_t cleared;
	json_t *by;
	struct ms_err *err;
};

static int purge_region(const char *region, void *arg)
{
	struct purge_ctx *p = arg;
	struct ms_buf day = MS_BUF_INIT;
	int64_t k = 0;
	int days, rc;

	if (vote_retention_get(p->st, region, &days, p->err))
		return -1;
	if (!days)
		days = p->fallback;
	ms_date_format(&day, p->today - days);
	rc = store_proposal_purge_region(p->st, region, day.buf, &k, p->err);
	if (!rc && k) {
		p->cleared += k;
		json_object_set_new(p->by, region, json_pack("{s:i, s:I}", "days", days, "cleared", (json_int_t)k));
	}
	ms_buf_release(&day);
	return rc;
}

int vote_proposal_purge(struct store *st, int days, const char *actor, long *n, struct ms_err *err)
{
	struct purge_ctx p = { st, days, ms_date_of_time_cn(ms_clock_now()), 0, NULL, err };
	int rc;

	*n = 0;
	if (days < VOTE_RETENTION_MIN || days > VOTE_RETENTION_MAX)
		return ms_err_field(err, MS_E_INVALID, "days", "保留期应为 %d–%d 天 (retention days)", VOTE_RETENTION_MIN,
				    VOTE_RETENTION_MAX);
	if (store_begin(st, err))
		return -1;
	p.by = json_object();
	rc = store_proposal_contact_regions(st, purge_region, &p, err);
	if (!rc)
		rc = store_journal_json(st, actor, "proposal.purge", "proposal", "retention", NULL,
					json_pack("{s:i, s:I, s:O}", "default_days", days, "cleared", (json_int_t)p.cleared,
						  "by_government", p.by), err);
	json_decref(p.by);
	rc = store_end(st, rc, err);
	*n = rc ? 0 : (long)p.cleared;
	return rc;
}
