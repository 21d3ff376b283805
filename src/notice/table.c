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

static int header_cells(const char *t, const struct cell *cl, int n, char sep, struct table *tb);

/* The header row at line [a, b): 1 with tb filled when it has 序号 and a title or content column. */
static int header_at(const char *t, size_t a, size_t b, char sep, struct table *tb)
{
	struct cell cl[MAX_COLS];
	int n;

	if (count_sep(t, a, b, sep) < 2)
		return 0;
	n = split_cells(t, a, b, sep, cl, MAX_COLS);
	return header_cells(t, cl, n, sep, tb);
}

/* A header row of n cells: 1 with tb filled when it has 序号 and a title or content column. */
static int header_cells(const char *t, const struct cell *cl, int n, char sep, struct table *tb)
{
	int k, has_no = 0, has_body = 0;

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
	snprintf(dst, cap, "%s%s", pending, open);
}

static size_t html_gap(const char *t, size_t b, size_t p, int *strip);

/*
 * Inside a cell: a run at p that separates words. Pasted text: blanks, kept
 * as they are (*strip 0). HTML: blanks, line breaks, tags and &nbsp;, taken
 * out (*strip 1) when they hold a tag or a line break.
 */
static size_t inner_gap(const char *t, size_t b, size_t p, char sep, int *strip)
{
	if (sep)
		return *strip = 0, blanks_at(t, b, p, sep);
	return html_gap(t, b, p, strip);
}

/*
 * The actions for one row of n cells cl (split from line [a, b) for pasted
 * text, from <tr>…</tr> for HTML); e is where the next row starts.
 */
static void row_actions(const char *t, struct cell *cl, int n, size_t a, size_t b, size_t e,
			const struct table *tb, struct nv_actions *as)
{
	char buf[sizeof(as->v->repl)];
	const char *pending = "";
	int k, shift, title = 0, strip;
	size_t p, w;

	(void)b;
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
		if (role == COL_MONEY)   /* at the figure, so its quote starts there */
			act(as, cl[k].a, 0, "投资");
		pending = "";
		if (role == COL_NO) {
			pending = ".";
		} else if (role == COL_LEAD || role == COL_ASSIST) {
			/* 县教体局 各相关乡镇政府: two units */
			for (p = cl[k].a; p < cl[k].b; p++)
				if ((w = inner_gap(t, cl[k].b, p, tb->sep, &strip))) {
					act(as, p, w, "、");
					p += w - 1;
				}
			pending = ")";
		} else {
			/* an HTML cell's inner tags and line breaks */
			for (p = cl[k].a; !tb->sep && p < cl[k].b; p++)
				if ((w = inner_gap(t, cl[k].b, p, tb->sep, &strip))) {
					if (strip)
						act(as, p, w, "");
					p += w - 1;
				}
			if (role == COL_MONEY)
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

/* ---------- one cell per line (a Word table pasted as text) ---------- */

#define MAX_LINES 4096     /* lines of one such table */

struct line {
	size_t a, b;      /* the words, trimmed */
	size_t s, e;      /* the line with its break */
};

/* The non-empty lines from i on, at most max; returns how many. */
static size_t lines_from(const char *t, size_t len, size_t i, struct line *out, size_t max)
{
	size_t n = 0, b, next;

	while (i < len && n < max) {
		size_t a = i;

		b = line_end(t, len, i, &next);
		a += blanks_at(t, b, a, '|');
		while (b > a && (is_blank(t[b - 1]) || (b - a >= 3 && !memcmp(t + b - 3, "\xE3\x80\x80", 3))))
			b -= is_blank(t[b - 1]) ? 1 : 3;
		if (b > a) {
			out[n].a = a;
			out[n].b = b;
			out[n].s = i;
			n++;
		}
		if (n)
			out[n - 1].e = next;
		i = next;
	}
	return n;
}

static int ends_with(const char *t, size_t a, size_t b, const char *w)
{
	size_t n = strlen(w);

	return b - a >= n && !memcmp(t + b - n, w, n);
}

/* A unit's name on a line of its own: 县水务局, 县代建中心. */
static int is_unit_line(const char *t, size_t a, size_t b)
{
	static const char *const ends[] = { "局", "委", "办", "中心", "部", "院", "站", "队", "会", "联",
					    "公司", "集团", "政府", "街道", "指挥部", "所", NULL };
	size_t k;

	if (b - a > 45 || memchr(t + a, ',', b - a) || memmem(t + a, b - a, "。", 3))
		return 0;
	for (k = 0; ends[k]; k++)
		if (ends_with(t, a, b, ends[k]))
			return 1;
	return 0;
}

/* A deadline on a line of its own: 12月底前, 9月投入使用. */
static int is_deadline_line(const char *t, size_t a, size_t b)
{
	return b - a <= 30 && (memmem(t + a, b - a, "月", 3) || memmem(t + a, b - a, "年底", 6)) &&
	       !memmem(t + a, b - a, "。", 3);
}

/* Lines 序号, 民生实事, 责任单位, 完成时限 one under the other: the index of the first row's number, or 0. */
static size_t cell_header(const char *t, const struct line *l, size_t n)
{
	size_t k;
	int body = 0;

	if (n < 4 || l[0].b - l[0].a != 6 || memcmp(t + l[0].a, "序号", 6))
		return 0;
	for (k = 1; k < n && k < 8; k++) {
		int r = role_of(t + l[k].a, l[k].b - l[k].a);

		if (all_digits(t, l[k].a, l[k].b))
			return body && k >= 3 ? k : 0;
		if (l[k].b - l[k].a > 30 || r == COL_OTHER)
			return 0;
		body |= r == COL_TITLE || r == COL_CONTENT;
	}
	return 0;
}

/* Reads the rows of a one-cell-per-line table from line k; returns the line after it. */
static size_t cell_rows(const char *t, const struct line *l, size_t n, size_t k, struct nv_actions *as)
{
	int want = 1;

	while (k < n && all_digits(t, l[k].a, l[k].b) && atoi(t + l[k].a) == want) {
		const char *pending = ".";
		int units = 0;
		char buf[32];
		size_t j = k + 1, last;

		act(as, l[k].s, l[k].a - l[k].s, "");
		for (; j < n && !(all_digits(t, l[j].a, l[j].b) && atoi(t + l[j].a) == want + 1); j++) {
			const char *open = "";

			if (is_unit_line(t, l[j].a, l[j].b))
				open = units++ ? "、" : "(责任单位:";
			else if (is_deadline_line(t, l[j].a, l[j].b))
				open = units ? ")," : ",";
			else if (j > k + 1)
				open = units ? ")。" : "";
			if (!is_unit_line(t, l[j].a, l[j].b) && units && *open == ')')
				units = 0;
			snprintf(buf, sizeof(buf), "%s%s", pending, open);
			act(as, l[j - 1].b, l[j].a - l[j - 1].b, buf);
			pending = "";
			/* the table ends where the next row's number does not come */
			if (is_deadline_line(t, l[j].a, l[j].b) && j + 1 < n &&
			    !all_digits(t, l[j + 1].a, l[j + 1].b) && !(j + 2 < n && is_deadline_line(t, l[j + 2].a, l[j + 2].b))) {
				j++;
				break;
			}
		}
		last = j - 1;
		act(as, l[last].b, l[last].e - l[last].b, units ? ")\n" : "\n");
		k = j;
		want++;
	}
	return k;
}

/* Tables whose cells stand one per line under 序号/民生实事/责任单位/完成时限. */
static void cell_tables(const char *t, size_t len, struct nv_actions *as)
{
	struct line *l = malloc(MAX_LINES * sizeof(*l));
	const char *hit;
	size_t p = 0;

	if (!l)
		abort();
	while ((hit = memmem(t + p, len - p, "序号", 6))) {
		size_t i = (size_t)(hit - t), n, k, s;

		p = i + 6;
		if (i && t[i - 1] != '\n' && t[i - 1] != ' ')
			continue;
		n = lines_from(t, len, i, l, MAX_LINES);
		if (!(k = cell_header(t, l, n)))
			continue;
		act(as, l[0].s, l[k].s - l[0].s, "\n");   /* the header cells */
		s = cell_rows(t, l, n, k, as);
		p = s < n ? l[s].s : len;
	}
	free(l);
}

/* ---------- HTML tables: <table><tr><th>序号</th>…</tr><tr><td>1</td>… ---------- */

#define MAX_HEAD_ROWS 6    /* rows before the header row (a caption, the page's metadata) */

/* Does t[p..lim) start with the tag w ("<td", lower case), any case, followed by '>', a blank or '/'? */
static int tag_at(const char *t, size_t lim, size_t p, const char *w)
{
	size_t n = strlen(w), k;
	char c;

	if (p + n >= lim)
		return 0;
	for (k = 0; k < n; k++) {
		c = t[p + k];
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != w[k])
			return 0;
	}
	c = t[p + n];
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first of the tags ws[] at or after p, before lim: its position, or lim. */
static size_t next_tag(const char *t, size_t lim, size_t p, const char *const *ws)
{
	const char *q;
	size_t k;

	for (; p < lim && (q = memchr(t + p, '<', lim - p)); p++) {
		p = (size_t)(q - t);
		for (k = 0; ws[k]; k++)
			if (tag_at(t, lim, p, ws[k]))
				return p;
	}
	return lim;
}

/* After the tag at p ('>' included), or lim. */
static size_t tag_end(const char *t, size_t lim, size_t p)
{
	const char *q = memchr(t + p, '>', lim - p);

	return q ? (size_t)(q - t) + 1 : lim;
}

/* A run of blanks, line breaks, tags and &nbsp; at p, before b; *strip when it holds more than blanks. */
static size_t html_gap(const char *t, size_t b, size_t p, int *strip)
{
	size_t q = p;
	const char *e;

	*strip = 0;
	for (;;) {
		if (q < b && is_blank(t[q]))
			q++;
		else if (q + 3 <= b && !memcmp(t + q, "\xE3\x80\x80", 3))
			q += 3;
		else if (q < b && (t[q] == '\n' || t[q] == '\r'))
			q++, *strip = 1;
		else if (q + 6 <= b && !memcmp(t + q, "&nbsp;", 6))
			q += 6, *strip = 1;
		else if (q + 1 < b && t[q] == '<' &&
			 ((t[q + 1] | 32) >= 'a' && (t[q + 1] | 32) <= 'z' ? 1 : t[q + 1] == '/' || t[q + 1] == '!') &&
			 (e = memchr(t + q, '>', b - q)))
			q = (size_t)(e - t) + 1, *strip = 1;
		else
			return q - p;
	}
}

/* The cells of the row t[a, e): content trimmed of blanks and tags; up to MAX_COLS. */
static int html_cells(const char *t, size_t a, size_t e, struct cell *cl)
{
	static const char *const open[] = { "<td", "<th", NULL };
	static const char *const close[] = { "</td", "</th", "<td", "<th", "</tr", NULL };
	size_t p = next_tag(t, e, a, open), g = a;
	int n = 0, strip;

	while (p < e && n < MAX_COLS) {
		size_t s = tag_end(t, e, p), lim = next_tag(t, e, s, close), q, last;

		s += html_gap(t, lim, s, &strip);
		for (q = last = s; q < lim;) {
			size_t w = html_gap(t, lim, q, &strip);

			if (w)
				q += w;
			else
				last = ++q;
		}
		cl[n].a = s;
		cl[n].b = last > s ? last : s;
		cl[n].g = g;
		g = cl[n].b;
		n++;
		p = next_tag(t, e, lim, open);
	}
	while (n > 0 && cl[n - 1].a == cl[n - 1].b)
		n--;
	return n;
}

/* One <table>…</table> from p: rows after a header row read as items; returns where the table ends. */
static size_t html_table(const char *t, size_t len, size_t p, struct nv_actions *as)
{
	static const char *const tr[] = { "<tr", NULL }, *const tend[] = { "</table", NULL };
	size_t end = next_tag(t, len, p + 1, tend), after = end < len ? tag_end(t, len, end) : len;
	size_t r = next_tag(t, end, p, tr), e;
	struct cell cl[MAX_COLS];
	struct table tb;
	int n, k;

	for (k = 0; r < end; k++, r = e) {
		e = next_tag(t, end, r + 1, tr);
		n = html_cells(t, r, e, cl);
		if (header_cells(t, cl, n, 0, &tb))
			break;
		if (k >= MAX_HEAD_ROWS)
			return after;
	}
	if (r >= end)
		return after;
	act(as, p, e - p, "\n");   /* the table's start and its header row */
	for (r = e; r < end; r = e) {
		e = next_tag(t, end, r + 1, tr);
		n = html_cells(t, r, e, cl);
		if (e >= end)
			e = after;   /* the last row takes </table> with it */
		if (!n)
			act(as, r, e - r, "");
		else
			row_actions(t, cl, n, r, e, e, &tb, as);
	}
	return after;
}

static void html_tables(const char *t, size_t len, struct nv_actions *as)
{
	static const char *const table[] = { "<table", NULL };
	size_t p = 0;

	while ((p = next_tag(t, len, p, table)) < len)
		p = html_table(t, len, p, as);
}

/* Tables pasted as rows of '|' or tab separated cells. */
static void pasted_tables(const char *t, size_t len, struct nv_actions *as)
{
	size_t i = 0, b, next;
	struct table tb;

	while (i < len) {
		b = line_end(t, len, i, &next);
		if (!header_at(t, i, b, '|', &tb) && !header_at(t, i, b, '\t', &tb)) {
			i = next;
			continue;
		}
		act(as, i, next - i, "\n");   /* the header row: a line break, so the first row starts a line */
		i = next;
		while (i < len) {
			struct cell cl[MAX_COLS];
			int n;

			b = line_end(t, len, i, &next);
			if (!count_sep(t, i, b, tb.sep))
				break;
			n = split_cells(t, i, b, tb.sep, cl, MAX_COLS);
			row_actions(t, cl, n, i, b, next, &tb, as);
			i = next;
		}
	}
}

void nv_table_actions(const char *t, size_t len, struct nv_actions *as)
{
	memset(as, 0, sizeof(*as));
	html_tables(t, len, as);
	if (!as->n)
		pasted_tables(t, len, as);
	if (!as->n)
		cell_tables(t, len, as);
}

void nv_actions_release(struct nv_actions *as)
{
	free(as->v);
	memset(as, 0, sizeof(*as));
}
