/*
 * table.c - inside the notice importer: tables pasted as cells, one row per
 * line with '|' or tab separators (序号 | 项目名称 | 建设内容 | 投资（万元）|
 * 责任单位 | 完成时限), read into the view as numbered items.
 *
 * The header row is found by its words and each column given a meaning.
 * Every data row then reads, in the view, as an item the other stages know:
 *
 *   1 | 新建学校 | 新增学位5000个。 | 张三 | 县教体局 各乡镇 | 进展… |
 *   1.新建学校。新增学位5000个。(责任单位:县教体局、各乡镇)
 *
 * by actions on the text: each replaces text[pos, pos+olen) (a separator and
 * its blanks, a cell left out, a blank between two unit names) by a few
 * bytes, so every quote still maps back to the cells' own bytes. Columns
 * that say who signs (责任领导), where, or what was done (进展情况, 落实情况)
 * are left out of the view; a row without 序号 continues the item above
 * (cells merged in the web page). The header row itself is left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice/view.h"
#include "core/banned.h"

enum col_role { COL_OTHER, COL_NO, COL_TITLE, COL_CONTENT, COL_LEAD, COL_ASSIST, COL_DEADLINE,
		COL_MONEY, COL_PROGRESS };

#define MAX_COLS 16

struct table {
	int ncol;
	int role[MAX_COLS];
	char unit[MAX_COLS][16];   /* a money column's unit: 万元 */
	char sep;
};

/* The meaning of a header cell, by its words (first match wins). */
static int role_of(const char *s, size_t n)
{
	static const struct {
		const char *word;
		int role;
	} words[] = {
		{ "进展", COL_PROGRESS }, { "落实情况", COL_PROGRESS }, { "完成情况", COL_PROGRESS },
		{ "进度", COL_PROGRESS }, { "成效", COL_PROGRESS }, { "配合", COL_ASSIST },
		{ "协办", COL_ASSIST }, { "责任单位", COL_LEAD }, { "牵头单位", COL_LEAD },
		{ "责任部门", COL_LEAD }, { "牵头部门", COL_LEAD }, { "主办单位", COL_LEAD },
		{ "实施单位", COL_LEAD }, { "时限", COL_DEADLINE }, { "完成时间", COL_DEADLINE },
		{ "序号", COL_NO }, { "编号", COL_NO }, { "投资", COL_MONEY }, { "资金", COL_MONEY },
		{ "名称", COL_TITLE }, { "内容", COL_CONTENT }, { "任务", COL_CONTENT },
		{ "目标", COL_CONTENT }, { "实事项目", COL_CONTENT }, { "民生实事", COL_CONTENT },
		{ "事项", COL_CONTENT },
	};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (memmem(s, n, words[k].word, strlen(words[k].word)))
			return words[k].role;
	return COL_OTHER;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Blanks, U+3000 included: the length of the blank run at t[i]. */
static size_t blanks_at(const char *t, size_t b, size_t i, char sep)
{
	size_t q = i;

	for (;;) {
		if (q < b && t[q] != sep && is_blank(t[q]))
			q++;
		else if (q + 3 <= b && !memcmp(t + q, "\xE3\x80\x80", 3))
			q += 3;
		else
			return q - i;
	}
}

struct cell {
	size_t a, b;   /* trimmed content */
	size_t g;      /* where the gap before it starts (after the previous cell's content) */
};

/* The cells of line t[a, b): up to max; trailing empty cells dropped. */
static int split_cells(const char *t, size_t a, size_t b, char sep, struct cell *out, int max)
{
	size_t p = a, g = a;
	int n = 0;

	/* a leading separator opens the row */
	p += blanks_at(t, b, p, sep);
	if (p < b && t[p] == sep)
		p++;
	while (p <= b && n < max) {
		size_t s = p, e;

		while (p < b && t[p] != sep)
			p++;
		e = p;
		s += blanks_at(t, e, s, sep);
		while (e > s && (is_blank(t[e - 1]) || (e - s >= 3 && !memcmp(t + e - 3, "\xE3\x80\x80", 3))))
			e -= is_blank(t[e - 1]) ? 1 : 3;
		out[n].a = s;
		out[n].b = e;
		out[n].g = g;
		n++;
		g = e;
		if (p >= b)
			break;
		p++;
	}
	while (n > 0 && out[n - 1].a == out[n - 1].b)
		n--;
	return n;
}

static size_t count_sep(const char *t, size_t a, size_t b, char sep)
{
	size_t n = 0;

	for (; a < b; a++)
		n += t[a] == sep;
	return n;
}

/* The header row at line [a, b): 1 with tb filled when it has 序号 and a title or content column. */
static int header_at(const char *t, size_t a, size_t b, char sep, struct table *tb)
{
	struct cell cl[MAX_COLS];
	int n, k, has_no = 0, has_body = 0;

	if (count_sep(t, a, b, sep) < 2)
		return 0;
	n = split_cells(t, a, b, sep, cl, MAX_COLS);
	if (n < 3)
		return 0;
	memset(tb, 0, sizeof(*tb));
	tb->sep = sep;
	tb->ncol = n;
	for (k = 0; k < n; k++) {
		const char *lp;

		if (cl[k].b - cl[k].a > 60)
			return 0;
		tb->role[k] = role_of(t + cl[k].a, cl[k].b - cl[k].a);
		has_no |= tb->role[k] == COL_NO;
		has_body |= tb->role[k] == COL_TITLE || tb->role[k] == COL_CONTENT;
		if (tb->role[k] == COL_MONEY &&
		    (lp = memmem(t + cl[k].a, cl[k].b - cl[k].a, "万元", strlen("万元"))))
			snprintf(tb->unit[k], sizeof(tb->unit[k]), "万元");
		else if (tb->role[k] == COL_MONEY)
			snprintf(tb->unit[k], sizeof(tb->unit[k]), "元");
	}
	return has_no && has_body;
}

static void act(struct nv_actions *as, size_t pos, size_t olen, const char *repl)
{
	struct nv_action *x;

	if (!olen && !*repl)
		return;
	if (as->n == as->alloc) {
		as->alloc = as->alloc ? as->alloc * 2 : 64;
		as->v = realloc(as->v, as->alloc * sizeof(*as->v));
		if (!as->v)
			abort();
	}
	x = &as->v[as->n++];
	x->pos = pos;
	x->olen = olen;
	snprintf(x->repl, sizeof(x->repl), "%s", repl);
	as->extra += strlen(x->repl);
}

static int all_digits(const char *t, size_t a, size_t b)
{
	if (a == b || b - a > 3)
		return 0;
	for (; a < b; a++)
		if (t[a] < '0' || t[a] > '9')
			return 0;
	return 1;
}

/* What the gap before a cell of role r reads as, after what is pending (a closing bracket). */
static void gap_words(char *dst, size_t cap, const char *pending, int role, int after_title)
{
	const char *open = "";

	if (role == COL_LEAD)
		open = "(责任单位:";
	else if (role == COL_ASSIST)
		open = "(配合单位:";
	else if (role == COL_DEADLINE || role == COL_MONEY)
		open = ",";
	else if (role == COL_CONTENT && after_title)
		open = "。";
	snprintf(dst, cap, "%s%s%s", pending, open, role == COL_MONEY ? "投资" : "");
}

/* The actions for one row, line [a, b) (b before its line break, e after it). */
static void row_actions(const char *t, size_t a, size_t b, size_t e, const struct table *tb,
			struct nv_actions *as)
{
	struct cell cl[MAX_COLS];
	char buf[sizeof(as->v->repl)];
	const char *pending = "";
	int n = split_cells(t, a, b, tb->sep, cl, MAX_COLS), k, shift, title = 0;
	size_t p;

	if (!n)
		return;
	shift = tb->role[0] == COL_NO && !all_digits(t, cl[0].a, cl[0].b) ? 1 : 0;
	for (k = 0; k < n; k++) {
		int col = k + shift, role = col < tb->ncol ? tb->role[col] : COL_OTHER;
		size_t g = k ? cl[k].g : a, next = k + 1 < n ? cl[k + 1].g : b;

		if (cl[k].a == cl[k].b || role == COL_OTHER || role == COL_PROGRESS) {
			/* the gap and the cell, left out; what is pending closes here */
			act(as, g, next - g, pending);
			pending = "";
			cl[k].b = next;   /* the next gap starts where this one ended */
			if (k + 1 < n)
				cl[k + 1].g = next;
			continue;
		}
		gap_words(buf, sizeof(buf), pending, role, title);
		act(as, g, cl[k].a - g, buf);
		pending = "";
		if (role == COL_NO) {
			pending = ".";
		} else if (role == COL_LEAD || role == COL_ASSIST) {
			/* 县教体局 各相关乡镇政府: two units */
			for (p = cl[k].a; p < cl[k].b; p++) {
				size_t w = blanks_at(t, cl[k].b, p, tb->sep);

				if (w) {
					act(as, p, w, "、");
					p += w - 1;
				}
			}
			pending = ")";
		} else if (role == COL_MONEY) {
			act(as, cl[k].b, 0, tb->unit[col]);
		}
		title = role == COL_TITLE;
	}
	/* the rest of the line and its break */
	snprintf(buf, sizeof(buf), "%s\n", pending);
	act(as, cl[n - 1].b, e - cl[n - 1].b, buf);
}

/* The end of the line at i (before its break) and the start of the next. */
static size_t line_end(const char *t, size_t len, size_t i, size_t *next)
{
	size_t q = i;

	while (q < len && t[q] != '\n' && t[q] != '\r')
		q++;
	*next = q;
	if (*next < len && t[*next] == '\r')
		(*next)++;
	if (*next < len && t[*next] == '\n')
		(*next)++;
	return q;
}

void nv_table_actions(const char *t, size_t len, struct nv_actions *as)
{
	size_t i = 0, b, next;
	struct table tb;

	memset(as, 0, sizeof(*as));
	while (i < len) {
		b = line_end(t, len, i, &next);
		if (!header_at(t, i, b, '|', &tb) && !header_at(t, i, b, '\t', &tb)) {
			i = next;
			continue;
		}
		act(as, i, next - i, "\n");   /* the header row: a line break, so the first row starts a line */
		i = next;
		while (i < len) {
			b = line_end(t, len, i, &next);
			if (!count_sep(t, i, b, tb.sep))
				break;
			row_actions(t, i, b, next, &tb, as);
			i = next;
		}
	}
}

void nv_actions_release(struct nv_actions *as)
{
	free(as->v);
	memset(as, 0, sizeof(*as));
}
