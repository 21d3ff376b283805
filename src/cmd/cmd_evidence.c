/*
 * cmd_evidence.c - evidence: 佐证材料 on the command line — add a photo or a
 * document to a report or a site, list them with the reviewer's flags,
 * show one, and get its bytes (the original, the thumbnail, the public copy).
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/table.h"
#include "ledger/evidence.h"
#include "ledger/ledger.h"
#include "core/banned.h"

struct eopts {
	const char *plan, *report, *type, *note, *name, *out, *indicator, *org;
	long site;
	int thumb, public_copy;
};

static const struct cmd_option evidence_options[] = {
	OPT_STRING(0, "report", struct eopts, report, "INDICATOR/ORG/ROUND",
		   "add、list：所附的报告（指标/区划/报送节点） the report"),
	OPT_INT(0, "site", struct eopts, site, "ID", "add、list：所附的点位 the site", 1, 2000000000L),
	OPT_STRING(0, "indicator", struct eopts, indicator, "ID", "list：只列此指标 only this indicator"),
	OPT_STRING(0, "org", struct eopts, org, "CODE", "list：只列此区划 only this region"),
	OPT_STRING(0, "type", struct eopts, type, "MIME", "add：声明的类型（须与内容相符） the declared type"),
	OPT_STRING(0, "name", struct eopts, name, "NAME", "add：文件名（默认 FILE 的名字） the name shown"),
	OPT_STRING(0, "note", struct eopts, note, "TEXT", "add：说明 a note"),
	OPT_STRING('o', "output", struct eopts, out, "FILE", "get：写入此文件 write to this file"),
	OPT_FLAG(0, "thumb", struct eopts, thumb, "get：缩略图（无 EXIF） the thumbnail"),
	OPT_FLAG(0, "public", struct eopts, public_copy, "get：公示用副本（无 EXIF） the public copy"),
	OPT_STRING(0, "plan", struct eopts, plan, "ID", "计划编号（默认当前计划） the plan (default: the current one)"),
	OPT_END(),
};

/* "INDICATOR/ORG/ROUND" into its three parts (in buf); -1 when it is not that. */
static int split_report(const char *s, char buf[256], const char **ind, const char **org, const char **round)
{
	char *a, *b;

	snprintf(buf, 256, "%s", s);
	if (!(a = strchr(buf, '/')) || !(b = strchr(a + 1, '/')) || strchr(b + 1, '/'))
		return -1;
	*a = *b = '\0';
	*ind = buf;
	*org = a + 1;
	*round = b + 1;
	return **ind && **org && **round ? 0 : -1;
}

/* A refusal: a report's indicator, org or round is what --report names. */
static int fail(struct ms_err *err)
{
	if (!strcmp(err->field, "indicator") || !strcmp(err->field, "org") || !strcmp(err->field, "round"))
		snprintf(err->field, sizeof(err->field), "report");
	return cmd_fail_err(err);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int do_add(struct ledger *l, const struct eopts *o, const char *path)
{
	struct ms_buf data = MS_BUF_INIT;
	struct evidence_in in = { 0 };
	struct ms_err err;
	char buf[256];
	int64_t id;
	int rc = EXIT_OK;

	if (!o->report == !o->site) {
		cmd_fail("give --report INDICATOR/ORG/ROUND or --site ID (须指明所附的报告或点位之一)");
		return EXIT_USAGE;
	}
	if (o->report && split_report(o->report, buf, &in.indicator, &in.org, &in.round)) {
		cmd_fail("--report: INDICATOR/ORG/ROUND, e.g. aed-install/360100/2023-06-30 (格式：指标/区划/报送节点)");
		return EXIT_USAGE;
	}
	/* a byte over the largest cap a plan may set: ev_check names the plan's own */
	if (ms_file_read(&data, path, ((size_t)1024 << 20) + 1, &err)) {
		ms_buf_release(&data);
		return cmd_fail("%s [FILE]", err.msg);
	}
	in.site = o->site;
	in.name = o->name ? o->name : base_name(path);
	in.type = o->type;
	in.data = data.buf;
	in.len = data.len;
	in.note = o->note;
	if (evidence_add(l, &in, &id, &err))
		rc = fail(&err);
	else
		printf("已添加佐证材料 %lld：%s\n", (long long)id, in.name);
	ms_buf_release(&data);
	return rc;
}

struct elist { struct ms_table *t; json_t *arr; size_t n; };

static int list_row(const struct evidence_row *r, void *arg)
{
	struct elist *a = arg;
	struct ms_buf f = MS_BUF_INIT;

	a->n++;
	if (a->arr) {
		json_array_append_new(a->arr, evidence_json(r));
		return 0;
	}
	ms_table_addf(a->t, "%lld", (long long)r->id);
	if (r->site)
		ms_table_addf(a->t, "点位 %lld", (long long)r->site);
	else
		ms_table_addf(a->t, "%s/%s/%s", r->indicator, r->org, r->round);
	ms_table_add(a->t, r->name);
	ms_table_add(a->t, r->type);
	ms_table_addf(a->t, "%lld", (long long)r->size);
	ms_table_add(a->t, r->has_time ? r->taken_at : "");
	if (r->has_gps)
		ms_table_addf(a->t, "%.6f,%.6f", r->lat_e6 / 1e6, r->lon_e6 / 1e6);
	else
		ms_table_add(a->t, "");
	if (r->distance_m >= 0)
		ms_table_addf(a->t, "%lld 米", (long long)r->distance_m);
	else
		ms_table_add(a->t, "");
	evidence_flags_text(&f, r);
	ms_table_add(a->t, f.len ? f.buf : "");
	ms_buf_release(&f);
	return 0;
}

static int do_list(struct ledger *l, const struct cmd_ctx *ctx, const struct eopts *o)
{
	static const char *const head[] = { "编号", "所附", "文件名", "类型", "字节", "拍摄时间", "位置",
		"距点位", "提示" };
	struct evidence_filter f = { 0 };
	struct elist a = { 0 };
	struct ms_err err;
	char buf[256], tail[64];

	f.indicator = o->indicator;
	f.org = o->org;
	f.site = o->site;
	if (o->report && split_report(o->report, buf, &f.indicator, &f.org, &f.round)) {
		cmd_fail("--report: INDICATOR/ORG/ROUND (格式：指标/区划/报送节点)");
		return EXIT_USAGE;
	}
	cmd_list_start(ctx->json, &a.arr, &a.t, head, 9, 4);
	if (evidence_each(l, &f, list_row, &a, &err)) {
		json_decref(a.arr);
		ms_table_free(a.t);
		return cmd_fail_err(&err);
	}
	snprintf(tail, sizeof(tail), "共 %zu 份佐证材料\n", a.n);
	return cmd_list_finish(a.arr, a.t, tail);
}

static int show_row(const struct evidence_row *r, void *arg)
{
	struct ms_buf f = MS_BUF_INIT;

	if (*(int *)arg) {
		json_t *j = evidence_json(r);

		ms_json_dump(&f, j, 1);
		json_decref(j);
		printf("%s\n", f.buf);
		ms_buf_release(&f);
		return 0;
	}
	printf("编号：%lld\n文件名：%s\n类型：%s（%lld 字节", (long long)r->id, r->name, r->type, (long long)r->size);
	if (r->width)
		printf("，%lld×%lld 像素", (long long)r->width, (long long)r->height);
	printf("）\nSHA-256：%s\n", r->sha256);
	if (r->site)
		printf("所附点位：%lld（%s，%s）\n", (long long)r->site, r->indicator, r->org);
	else
		printf("所附报告：%s/%s/%s\n", r->indicator, r->org, r->round);
	{
		struct ms_buf at = MS_BUF_INIT;

		/* stored as UTC ("…Z"); shown as the clerk's clock */
		if (ms_stamp_format_cn(&at, r->at, 0) == 0)
			printf("上传：%s，%s（北京时间）\n", r->by, at.buf);
		else
			printf("上传：%s，%s\n", r->by, r->at);
		ms_buf_release(&at);
	}
	printf("拍摄时间：%s\n", r->has_time ? r->taken_at : "（无 EXIF 时间）");
	if (r->has_gps)
		printf("拍摄位置：%.6f, %.6f\n", r->lat_e6 / 1e6, r->lon_e6 / 1e6);
	else
		printf("拍摄位置：（无 GPS）\n");
	if (r->distance_m >= 0)
		printf("距点位：%lld 米\n", (long long)r->distance_m);
	evidence_flags_text(&f, r);
	printf("提示：%s\n", f.len ? f.buf : "无");
	printf("公示：%s\n", r->public_ok ? "可公示（去除 EXIF 的副本）" : "不公示");
	ms_buf_release(&f);
	return 0;
}

static long parse_id(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return end != s && !*end && v > 0 ? v : -1;
}

static int do_get(struct ledger *l, const struct eopts *o, long id)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	enum ev_part part = o->thumb ? EV_THUMB : o->public_copy ? EV_PUBLIC : EV_ORIGINAL;
	FILE *fp;
	int rc;

	if (!o->out)
		return cmd_fail("get needs -o FILE (须指明输出文件)");
	rc = evidence_bytes(l, id, part, &b, &err);
	if (rc < 0) {
		ms_buf_release(&b);
		return cmd_fail_err(&err);
	}
	if (rc == 0) {
		ms_buf_release(&b);
		return cmd_fail("没有编号为 %ld 的%s (no such evidence or copy)", id,
				part == EV_ORIGINAL ? "佐证材料" : "图片副本");
	}
	fp = fopen(o->out, "wbx");
	rc = EXIT_OK;
	if (!fp || fwrite(b.buf, 1, b.len, fp) != b.len || fclose(fp)) {
		rc = cmd_fail("%s: cannot write (无法写入；文件已存在？)", o->out);
		if (fp)
			remove(o->out);
	} else {
		printf("已写入 %s（%zu 字节）\n", o->out, b.len);
	}
	ms_buf_release(&b);
	return rc;
}

static int run_evidence(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *self = &cmd_evidence_def;
	struct eopts o = { 0 };
	struct store *st;
	struct ledger l;
	struct ms_err err;
	long id = -1;
	int rc, js = ctx->json;

	if (cmd_parse(self, &argc, argv, &o, &rc))
		return rc;
	if (!argc)
		return cmd_usage(self, "evidence needs add, list, show or get");
	if ((!strcmp(argv[0], "show") || !strcmp(argv[0], "get")) && (argc != 2 || (id = parse_id(argv[1])) < 0))
		return cmd_usage(self, "%s ID: the evidence's number (佐证材料编号)", argv[0]);
	if ((rc = cmd_open_ledger(ctx, o.plan, !strcmp(argv[0], "add"), &st, &l)))
		return rc;
	if (!strcmp(argv[0], "add") && argc == 2) {
		rc = do_add(&l, &o, argv[1]);
	} else if (!strcmp(argv[0], "list") && argc == 1) {
		rc = do_list(&l, ctx, &o);
	} else if (!strcmp(argv[0], "show")) {
		rc = evidence_one(&l, id, show_row, &js, &err);
		rc = rc < 0 ? cmd_fail_err(&err) : rc == 0 ? cmd_fail("没有编号为 %ld 的佐证材料 (no such evidence)", id)
								: EXIT_OK;
	} else if (!strcmp(argv[0], "get")) {
		rc = do_get(&l, &o, id);
	} else {
		rc = cmd_usage(self, "evidence add FILE --report I/O/R | --site ID, evidence list, show ID, get ID -o FILE");
	}
	ledger_close(&l);
	store_close(st);
	return rc;
}

const struct cmd cmd_evidence_def = {
	.name = "evidence", .fn = run_evidence,
	.summary = "佐证材料 — photos and documents behind reports and sites",
	.synopsis = "add FILE (--report INDICATOR/ORG/ROUND | --site ID) [--type MIME] [--name NAME] [--note TEXT]\n"
		    "list [--report INDICATOR/ORG/ROUND | --site ID | --indicator ID --org CODE] [--json]\n"
		    "show ID [--json]\n"
		    "get ID -o FILE [--thumb | --public]",
	.description =
	"为报告或点位上传佐证材料：照片（JPEG、PNG、WebP）和文件（PDF、XLSX、DOCX）。按内容识别类型\n"
	"（不看扩展名），声明的类型须与内容相符；单个文件默认不超过 20 MB（设置 evidence.max_mb）；\n"
	"图片先按文件头的尺寸检查像素上限，再由 libvips 生成去除 EXIF 的缩略图和公示副本；压缩比异常\n"
	"的 XLSX/DOCX（压缩炸弹）拒收。照片的 EXIF 拍摄时间和 GPS 位置列出；点位照片距点位超过\n"
	"evidence.max_distance_m 米（默认 1000）或拍摄晚于报送节点时提示审核人。照片中的人脸、证件等\n"
	"个人信息由上传人负责。设置 evidence.required.PLAN（指标编号，逗号分隔，或 *）要求审核通过前\n"
	"须有佐证材料。\n",
	.options = evidence_options,
};
