/*
 * proposals.c - 征集: proposals from the public (rate-limited per address and
 * day, size-capped), from paper or deputies' 联络站 (CSV import, all or
 * nothing), moderation (published / declined with a reason; merged by a
 * candidate), the contact's deletion after the retention period, and
 * near-duplicates grouped by title likeness.
 */
#include "vote.h"
#include "vote_parts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "eval/eval.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "core/banned.h"

const char *const vote_fields[] = {
	"就业", "教育", "养老", "医疗", "住房", "交通", "社会保障", "托育", "文体", "环境", "食品安全",
	"公共安全", "农业农村", "其他", NULL,
};

static const char *const sources[] = { "public", "paper", "deputy", "government", NULL };

int vote_word_in(const char *const *t, const char *s)
{
	for (; s && *t; t++)
		if (!strcmp(*t, s))
			return 1;
	return 0;
}

int vote_gov_check(const char *region, const char *level, int64_t year, struct ms_err *err)
{
	static const char *const levels[] = { "省", "市", "县", "乡", NULL };
	size_t i;

	if (!region || (strlen(region) != 6 && strlen(region) != 9))   /* 9: a township's (乡) */
		return ms_err_field(err, MS_E_INVALID, "region", "政府的区划代码应为6位数字（GB/T 2260，乡镇为9位） (region code)");
	for (i = 0; region[i]; i++)
		if (region[i] < '0' || region[i] > '9')
			return ms_err_field(err, MS_E_INVALID, "region", "政府的区划代码应为6位数字（GB/T 2260） (region code)");
	if (!vote_word_in(levels, level))
		return ms_err_field(err, MS_E_INVALID, "level", "层级应为 省、市、县 或 乡 (level)");
	if (year < 2000 || year > 2100)
		return ms_err_field(err, MS_E_INVALID, "year", "年度应在 2000–2100 之间 (year)");
	return 0;
}

/* A text field: present (when required), valid UTF-8, at most max bytes, no control characters. */
static int text_check(const char *s, const char *field, const char *label, int required, size_t max,
		      struct ms_err *err)
{
	size_t n = s ? strlen(s) : 0, i;

	if (!n)
		return required ? ms_err_field(err, MS_E_INVALID, field, "%s不能为空 (%s: required)", label, field) : 0;
	if (n > max)
		return ms_err_field(err, MS_E_INVALID, field, "%s过长：%zu 字节，最多 %zu (%s: too long)", label, n, max,
				    field);
	if (!ms_utf8_valid(s, n, NULL))
		return ms_err_field(err, MS_E_INVALID, field, "%s不是有效的 UTF-8 文字 (%s: not UTF-8)", label, field);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return ms_err_field(err, MS_E_INVALID, field, "%s含有控制字符 (%s: control character)", label,
					    field);
	return 0;
}

/* The words of a proposal, without the database. */
static int proposal_check(const struct vote_proposal *p, struct ms_err *err)
{
	size_t i;

	if (vote_gov_check(p->region, p->level, p->year, err) ||
	    text_check(p->title, "title", "建议标题", 1, VOTE_TITLE_MAX, err) ||
	    text_check(p->body, "body", "建议内容", 0, VOTE_BODY_MAX, err) ||
	    text_check(p->name, "name", "姓名", 0, 64, err))
		return -1;
	if (!vote_word_in(vote_fields, p->field))
		return ms_err_field(err, MS_E_INVALID, "field", "领域应为 就业、教育、养老、医疗、住房、交通、社会保障、托育、"
				    "文体、环境、食品安全、公共安全、农业农村 或 其他 (field)");
	if (!p->place || (strlen(p->place) != 6 && strlen(p->place) != 9) ||
	    strspn(p->place, "0123456789") != strlen(p->place))
		return ms_err_field(err, MS_E_INVALID, "place", "地点应为6位区划代码或9位乡镇代码 (place: a region code)");
	if (p->phone && *p->phone) {
		size_t n = strlen(p->phone);

		for (i = 0; i < n; i++)
			if (!strchr("0123456789-+ ", p->phone[i]))
				break;
		if (i < n || n < 5 || n > 20)
			return ms_err_field(err, MS_E_INVALID, "phone", "电话号码只能含数字和 -、+ (phone)");
	}
	if (!vote_word_in(sources, p->source))
		return ms_err_field(err, MS_E_INVALID, "source", "来源应为 public、paper、deputy 或 government (source)");
	return 0;
}

/* A hash of the client's address with the day, kept for the day's limit only. */
static void addr_hash(const char *addr, const char *day, char hex[MS_SHA256_HEX_LEN + 1])
{
	struct ms_buf b = MS_BUF_INIT;

	ms_buf_addf(&b, "minsheng-addr:%s:%s", day, addr);
	ms_sha256_hex(b.buf, b.len, hex);
	ms_buf_release(&b);
}

void vote_today(char day[16])
{
	struct ms_buf b = MS_BUF_INIT;

	ms_date_format(&b, ms_date_of_time_cn(ms_clock_now()));
	memcpy(day, b.buf, b.len < 15 ? b.len + 1 : 16);
	day[15] = 0;
	ms_buf_release(&b);
}

/* Inside a transaction: the proposal's place must be a region the database knows; then the row. */
static int proposal_store(struct store *st, const struct vote_proposal *p, const char *addr, int64_t *id,
			  struct ms_err *err)
{
	char hex[MS_SHA256_HEX_LEN + 1], day[16], now[32];
	struct store_proposal sp = { 0 };
	struct store_org_row o;
	int64_t n;
	int rc;

	vote_today(day);
	ms_clock_now_iso(now);
	if (addr) {
		addr_hash(addr, day, hex);
		if (store_proposal_count_addr(st, hex, day, &n, err))
			return -1;
		if (n >= VOTE_PROPOSALS_PER_DAY)
			return ms_err_setk(err, MS_E_LIMIT, "同一地址每天最多提交 %d 条建议，请明天再来 (too many proposals today)",
					   VOTE_PROPOSALS_PER_DAY);
	}
	rc = store_org_get(st, p->place, &o, err);
	if (rc < 0)
		return -1;
	if (!rc)
		return ms_err_field(err, MS_E_INVALID, "place", "地点 %s 不在区划名录中 (place: unknown region)", p->place);
	sp.region = p->region;
	sp.level = p->level;
	sp.year = p->year;
	sp.title = p->title;
	sp.body = p->body ? p->body : "";
	sp.field = p->field;
	sp.place = p->place;
	sp.source = p->source;
	sp.name = p->name && *p->name ? p->name : NULL;
	sp.phone = p->phone && *p->phone ? p->phone : NULL;
	sp.addr = addr ? hex : NULL;
	sp.received_on = day;
	sp.received_at = now;
	return store_proposal_add(st, &sp, id, err);
}

static int proposal_add_work(struct store *st, const struct vote_proposal *p, const char *addr,
			     const char *actor, int64_t *id, struct ms_err *err)
{
	char key[32];
	json_t *after;

	if (proposal_store(st, p, addr, id, err))
		return -1;
	snprintf(key, sizeof(key), "%lld", (long long)*id);
	after = json_pack("{s:s, s:s, s:s, s:s}", "title", p->title, "field", p->field, "place", p->place,
			  "source", p->source);
	return store_journal_json(st, actor, "proposal.add", "proposal", key, NULL, after, err);
}

int vote_proposal_add(struct store *st, const struct vote_proposal *p, const char *addr,
		      const char *actor, int64_t *id, struct ms_err *err)
{
	int64_t dummy;

	if (!id)
		id = &dummy;
	if (proposal_check(p, err) || store_begin(st, err))
		return -1;
	return store_end(st, proposal_add_work(st, p, addr, actor, id, err), err);
}

/* ---------- CSV ---------- */

static const char *const csv_cols[] = { "title", "field", "place", "body", "name", "phone", "source", NULL };

static const char *cell(const struct ms_csv_row *r, int col)
{
	return col >= 0 && (size_t)col < r->n && r->len[col] ? r->field[col] : NULL;
}

static int csv_header(struct vote_rows *rs, const struct ms_csv_row *r, int *col, struct ms_err *err)
{
	struct ms_buf at = MS_BUF_INIT;
	size_t i, k;
	int rc = 0;

	vote_rows_where(rs, r->line, -1, &at);
	for (k = 0; csv_cols[k]; k++)
		col[k] = -1;
	for (i = 0; i < r->n && !rc; i++) {
		if (!r->len[i])
			continue;
		for (k = 0; csv_cols[k] && strcmp(csv_cols[k], r->field[i]); k++)
			;
		if (!csv_cols[k])
			rc = ms_err_set(err, "%s: 未知的列 \"%.*s\"；可用的列：title, field, place, body, name, phone, source"
					" (unknown column)", at.buf, ms_utf8_clip(r->field[i], r->len[i], 32), r->field[i]);
		else if (col[k] >= 0)
			rc = ms_err_set(err, "%s: 列 %s 出现两次 (repeated column)", at.buf, csv_cols[k]);
		else
			col[k] = (int)i;
	}
	for (k = 0; k < 3 && !rc; k++)
		if (col[k] < 0)
			rc = ms_err_set(err, "%s: 缺少列 %s（必须有 title, field, place） (missing column)", at.buf,
					csv_cols[k]);
	ms_buf_release(&at);
	return rc;
}

/* The column of a proposal's field (for the place of an error), -1 when none. */
static int col_of(const int *col, const char *field)
{
	int k;

	for (k = 0; csv_cols[k]; k++)
		if (!strcmp(csv_cols[k], field))
			return col[k];
	return -1;
}

/* err = "PLACE: FIELD 列：msg" (CSV) or "PLACE（C5）FIELD：msg" (.xlsx), the field kept. */
static int row_err(struct vote_rows *rs, long line, const int *col, const struct ms_err *e, struct ms_err *err)
{
	struct ms_buf at = MS_BUF_INIT;
	int xlsx = vote_rows_xlsx(rs) && col_of(col, e->field) >= 0;

	vote_rows_where(rs, line, col_of(col, e->field), &at);
	ms_err_field(err, e->kind, e->field, xlsx ? "%s %s：%s" : "%s: %s 列：%s", at.buf,
		     e->field[0] ? e->field : "-", e->msg);
	ms_buf_release(&at);
	return -1;
}

/* Where a row came from, for the callback's own errors. */
struct row_place {
	struct vote_rows *rows;
	const int *col;
};

typedef int row_fn(const struct vote_proposal *p, long line, const struct row_place *at, void *arg);

static int rows_each(const char *name, const void *data, size_t len, const char *region, const char *level,
		     int64_t year, row_fn *fn, void *arg, struct ms_err *err)
{
	struct vote_rows *rs = vote_rows_open(name, data, len, 64 * 1024, err);
	struct ms_csv_row row;
	struct row_place at;
	struct ms_err e;
	int col[8], got, rc = -1;

	if (!rs)
		return -1;
	got = vote_rows_next(rs, &row, err);
	if (got <= 0) {
		if (!got)
			ms_err_set(err, "%s: 空文件：第一行应为列名 (empty file)", name);
		goto out;
	}
	if (csv_header(rs, &row, col, err))
		goto out;
	at.rows = rs;
	at.col = col;
	while ((got = vote_rows_next(rs, &row, err)) > 0) {
		struct vote_proposal p = {
			.region = region, .level = level, .year = year, .title = cell(&row, col[0]),
			.field = cell(&row, col[1]), .place = cell(&row, col[2]), .body = cell(&row, col[3]),
			.name = cell(&row, col[4]), .phone = cell(&row, col[5]), .source = cell(&row, col[6]),
		};

		if (!p.source)
			p.source = "paper";
		if (proposal_check(&p, &e)) {
			row_err(rs, row.line, col, &e, err);
			goto out;
		}
		if (!strcmp(p.source, "public"))
			p.source = "paper";
		if (fn(&p, row.line, &at, arg))
			goto out;
	}
	rc = got < 0 ? -1 : 0;
out:
	vote_rows_free(rs);
	return rc;
}

struct each_adapt {
	int (*fn)(const struct vote_proposal *p, long line, void *arg);
	void *arg;
};

static int each_adapt(const struct vote_proposal *p, long line, const struct row_place *at, void *arg)
{
	struct each_adapt *a = arg;

	(void)at;
	return a->fn(p, line, a->arg);
}

int vote_proposal_csv_each(FILE *f, const char *name, const char *region, const char *level, int64_t year,
			   int (*fn)(const struct vote_proposal *p, long line, void *arg), void *arg,
			   struct ms_err *err)
{
	struct each_adapt a = { fn, arg };
	struct ms_buf b;
	char chunk[16384];
	size_t got;
	int rc;

	ms_buf_init(&b, VOTE_IMPORT_MAX);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + got > VOTE_IMPORT_MAX) {
			ms_buf_release(&b);
			return ms_err_set(err, "%s: 文件过大（最多 %d MiB） (file too large)", name, VOTE_IMPORT_MAX >> 20);
		}
		ms_buf_add(&b, chunk, got);
	}
	rc = rows_each(name, b.buf, b.len, region, level, year, each_adapt, &a, err);
	ms_buf_release(&b);
	return rc;
}

struct import_ctx {
	struct store *st;
	long n;
	struct ms_err *err;
};

static int import_one(const struct vote_proposal *p, long line, const struct row_place *at, void *arg)
{
	struct import_ctx *c = arg;
	struct ms_err e;
	int64_t id;

	if (proposal_store(c->st, p, NULL, &id, &e))
		return row_err(at->rows, line, at->col, &e, c->err);
	c->n++;
	return 0;
}

int vote_proposal_import_data(struct store *st, const char *name, const void *data, size_t len,
			      const char *region, const char *level, int64_t year, const char *actor, long *n,
			      struct ms_err *err)
{
	struct import_ctx c = { st, 0, err };
	int rc;

	*n = 0;
	if (vote_gov_check(region, level, year, err) || store_begin(st, err))
		return -1;
	rc = rows_each(name, data, len, region, level, year, import_one, &c, err);
	if (!rc) {
		json_t *after = json_pack("{s:s, s:s, s:I}", "file", name, "format",
					  vote_rows_is_xlsx(data, len) ? "xlsx" : "csv", "rows", (json_int_t)c.n);

		rc = store_journal_json(st, actor, "proposal.import", "proposal", region, NULL, after, err);
	}
	if (store_end(st, rc, err))
		return -1;
	*n = c.n;
	return 0;
}

int vote_proposal_import(struct store *st, const char *path, const char *region, const char *level,
			 int64_t year, const char *actor, long *n, struct ms_err *err)
{
	struct ms_buf b;
	int rc;

	*n = 0;
	if (vote_gov_check(region, level, year, err))
		return -1;
	ms_buf_init(&b, VOTE_IMPORT_MAX);
	if (vote_file_read(path, &b, err)) {
		ms_buf_release(&b);
		return -1;
	}
	rc = vote_proposal_import_data(st, path, b.buf, b.len, region, level, year, actor, n, err);
	ms_buf_release(&b);
	return rc;
}

/* ---------- moderation, retention, listing ---------- */

struct prop_copy {
	char region[32], status[16];
	int64_t year;
};

static int prop_copy(const struct store_proposal *p, void *arg)
{
	struct prop_copy *c = arg;

	snprintf(c->region, sizeof(c->region), "%s", p->region);
	snprintf(c->status, sizeof(c->status), "%s", p->status);
	c->year = p->year;
	return 0;
}

int vote_proposal_find(struct store *st, int64_t id, char status[16], char region[32], int64_t *year,
		       struct ms_err *err)
{
	struct prop_copy c;
	int rc = store_proposal_get(st, id, prop_copy, &c, err);

	if (rc < 0)
		return -1;
	if (!rc)
		return ms_err_field(err, MS_E_NOTFOUND, "id", "没有第 %lld 号建议 (no such proposal)", (long long)id);
	memcpy(status, c.status, 16);
	memcpy(region, c.region, 32);
	*year = c.year;
	return 0;
}

int vote_proposal_region(struct store *st, int64_t id, char region[32], int64_t *year, struct ms_err *err)
{
	char status[16];

	return vote_proposal_find(st, id, status, region, year, err);
}

static int moderate_work(struct store *st, int64_t id, const char *status, const char *reason, const char *actor,
			 struct ms_err *err)
{
	char old[16], region[32], key[32];
	int64_t year;

	if (vote_proposal_find(st, id, old, region, &year, err))
		return -1;
	if (!strcmp(old, "merged"))
		return ms_err_setk(err, MS_E_CONFLICT, "第 %lld 号建议已并入候选项目 (already merged)", (long long)id);
	if (store_proposal_set_status(st, id, status, reason, 0, err))
		return -1;
	snprintf(key, sizeof(key), "%lld", (long long)id);
	return store_journal_json(st, actor, !strcmp(status, "declined") ? "proposal.decline" : "proposal.publish",
				  "proposal", key, NULL,
				  json_pack("{s:s, s:s, s:s?}", "from", old, "status", status, "reason", reason), err);
}

int vote_proposal_moderate(struct store *st, int64_t id, const char *status, const char *reason,
			   const char *actor, struct ms_err *err)
{
	if (strcmp(status, "published") && strcmp(status, "declined"))
		return ms_err_field(err, MS_E_INVALID, "status", "审核结果应为 published 或 declined (status)");
	if (!strcmp(status, "declined") && text_check(reason, "reason", "不采纳的理由", 1, 1000, err))
		return -1;
	if (store_begin(st, err))
		return -1;
	return store_end(st, moderate_work(st, id, status, !strcmp(status, "declined") ? reason : NULL, actor, err),
			 err);
}

struct each_ctx {
	int staff;
	int (*fn)(const struct vote_proposal *p, void *arg);
	void *arg;
};

static int each_row(const struct store_proposal *s, void *arg)
{
	struct each_ctx *c = arg;
	struct vote_proposal p = {
		.id = s->id, .region = s->region, .level = s->level, .year = s->year, .title = s->title,
		.body = s->body, .field = s->field, .place = s->place, .source = s->source,
		.name = c->staff ? s->name : NULL, .phone = c->staff ? s->phone : NULL, .status = s->status,
		.reason = s->reason, .received_at = s->received_at, .candidate = s->candidate,
	};

	return c->fn(&p, c->arg);
}

int vote_proposal_each(struct store *st, const char *region, int64_t year, int staff,
		       int (*fn)(const struct vote_proposal *p, void *arg), void *arg, struct ms_err *err)
{
	struct each_ctx c = { staff, fn, arg };

	return store_proposal_each(st, region, year, staff, each_row, &c, err);
}

struct titles {
	int64_t *ids;
	char **title;
	size_t n;
};

static int take_title(const struct store_proposal *p, void *arg)
{
	struct titles *t = arg;

	if (!strcmp(p->status, "declined"))
		return 0;
	t->ids = realloc(t->ids, (t->n + 1) * sizeof(*t->ids));
	t->title = realloc(t->title, (t->n + 1) * sizeof(*t->title));
	if (!t->ids || !t->title || !(t->title[t->n] = strdup(p->title)))
		abort();
	t->ids[t->n++] = p->id;
	return 0;
}

int vote_proposal_groups(struct store *st, const char *region, int64_t year, int64_t **ids,
			 int64_t **group, size_t *n, struct ms_err *err)
{
	struct titles t = { 0 };
	size_t i, j;

	*ids = NULL;
	*group = NULL;
	*n = 0;
	if (store_proposal_each(st, region, year, 1, take_title, &t, err)) {
		for (i = 0; i < t.n; i++)
			free(t.title[i]);
		free(t.title);
		free(t.ids);
		return -1;
	}
	*group = calloc(t.n + 1, sizeof(**group));
	if (!*group)
		abort();
	for (i = 0; i < t.n; i++) {
		(*group)[i] = t.ids[i];
		for (j = 0; j < i; j++)
			if (eval_title_likeness(t.title[i], t.title[j]) >= 50) {
				(*group)[i] = (*group)[j];
				break;
			}
	}
	for (i = 0; i < t.n; i++)
		free(t.title[i]);
	free(t.title);
	*ids = t.ids;
	*n = t.n;
	return 0;
}

/* ---------- last year's evaluation: its recommendations as the government's proposals ---------- */

struct from_eval {
	char region[32];
	const char *level;
	int64_t year;
};

static int rec_proposals(struct store *st, const struct eval *ev, const struct from_eval *g, const char *actor,
			 long *n, struct ms_err *err)
{
	static const char *const label[] = { "结转未完成目标", "提高目标", "复盘改进", "督办", "核实" };
	struct ms_buf title = MS_BUF_INIT, body = MS_BUF_INIT, day = MS_BUF_INIT;
	size_t i, k;
	int64_t id;
	int rc = 0;

	ms_date_format_cn(&day, ev->as_of);
	for (i = 0; i < ev->nrec && !rc; i++) {
		const struct eval_rec *r = &ev->rec[i];
		const char *item = "";

		if (r->k != EVAL_CARRY_OVER && r->k != EVAL_RAISE && r->k != EVAL_REVIEW)
			continue;
		for (k = 0; k < ev->nitem; k++)
			if (ev->item[k].no == r->item_no)
				item = ev->item[k].title;
		ms_buf_reset(&title);
		ms_buf_reset(&body);
		ms_buf_addf(&title, "%s：%s", label[r->k], *item ? item : "（全计划）");
		ms_buf_addf(&body, "%s（依据 %lld 年度评估，截至%s；计划 %s 第 %lld 件实事）", r->text,
			    (long long)ev->year, day.buf, ev->plan, (long long)r->item_no);
		{
			struct vote_proposal p = {
				.region = g->region, .level = g->level, .year = g->year, .title = title.buf,
				.body = body.buf, .field = "其他", .place = g->region, .source = "government",
			};

			if (title.len > VOTE_TITLE_MAX || body.len > VOTE_BODY_MAX)
				continue;
			rc = proposal_check(&p, err) || proposal_store(st, &p, NULL, &id, err) ? -1 : 0;
		}
		if (!rc)
			++*n;
	}
	if (!rc)
		rc = store_journal_json(st, actor, "proposal.import", "proposal", g->region, NULL,
					json_pack("{s:s, s:I, s:I}", "evaluation", ev->plan, "year", (json_int_t)ev->year,
						  "rows", (json_int_t)*n), err);
	ms_buf_release(&title);
	ms_buf_release(&body);
	ms_buf_release(&day);
	return rc;
}

int vote_proposals_from_eval(struct store *st, int64_t year, const char *level, int as_of, const char *actor,
			     long *n, struct ms_err *err)
{
	struct ms_buf plan = MS_BUF_INIT, doc = MS_BUF_INIT;
	struct from_eval g = { .level = level, .year = year + 1 };
	struct eval_opts eo;
	struct ledger l;
	struct eval ev;
	json_t *d;
	int rc;

	*n = 0;
	rc = store_plan_of_year(st, year, &plan, err);
	if (rc <= 0) {
		ms_buf_release(&plan);
		return rc < 0 ? -1 : ms_err_field(err, MS_E_NOTFOUND, "year", "%lld 年没有计划 (no plan for that year)",
						  (long long)year);
	}
	if (store_plan_doc(st, plan.buf, &doc, err) < 0 || ledger_open(&l, st, plan.buf, actor, err)) {
		ms_buf_release(&plan);
		ms_buf_release(&doc);
		return -1;
	}
	d = json_loadb(doc.buf, doc.len, 0, NULL);
	snprintf(g.region, sizeof(g.region), "%s", d ? json_string_value(json_object_get(d, "region_code")) : "");
	json_decref(d);
	eval_opts_default(&eo);
	eo.as_of = as_of;
	rc = vote_gov_check(g.region, level, g.year, err) || eval_compute(&l, &eo, &ev, err) ? -1 : 0;
	if (!rc) {
		rc = store_begin(st, err);
		if (!rc)
			rc = store_end(st, rec_proposals(st, &ev, &g, actor, n, err), err);
		eval_free(&ev);
	}
	if (rc)
		*n = 0;
	ledger_close(&l);
	ms_buf_release(&plan);
	ms_buf_release(&doc);
	return rc;
}
