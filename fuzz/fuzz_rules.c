/*
 * fuzz_rules.c - the rules' input paths on arbitrary bytes. The first byte
 * picks the calculator and the path:
 *   - "fields": the rest is split into NAME=VALUE lines, each set through
 *     the calculator's field table (the parser behind CLI options, CSV
 *     columns and case files), then run with a trace and explained;
 *   - "batch": the rest is a payroll CSV run through batch_run (with and
 *     without --skip-bad), which must leave no temporary file behind and,
 *     on failure, no output file;
 *   - "override": the rest is a KEY=VALUE parameter override.
 * The parameters are the shipped data/params/jiangxi.json, loaded once.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lines.h"
#include "rules/batch.h"
#include "rules/calc.h"
#include "rules/params.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct params ps;
static int loaded;
static char dir[64];

static void setup(void)
{
	struct ms_err err;
	char path[4096];
	const char *d = getenv("MINSHENG_DATA");

	snprintf(path, sizeof(path), "%s/params/jiangxi.json", d && *d ? d : MS_DATADIR);
	if (params_load(&ps, path, &err)) {
		fprintf(stderr, "fuzz_rules: %s\n", err.msg);
		abort();
	}
	snprintf(dir, sizeof(dir), "/tmp/fuzz_rules.%ld", (long)getpid());
	mkdir(dir, 0700);
	loaded = 1;
}

static void fields(const struct calc_def *d, const char *s, size_t n)
{
	struct calc_in in;
	struct calc_out out;
	struct calc_ctx cx;
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	json_t *trace = json_array(), *o = json_object();
	const char *end = s + n;

	d->init(&in);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *eq;
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char name[64];
		int fi;

		eq = memchr(s, '=', len);
		if (eq && (size_t)(eq - s) < sizeof(name)) {
			memcpy(name, s, (size_t)(eq - s));
			name[eq - s] = '\0';
			fi = calc_field_index(d, name);
			if (fi >= 0)
				calc_set(d, &in, fi, eq + 1, len - (size_t)(eq - s) - 1, &err);
		}
		s += len + 1;
	}
	calc_ctx_init(&cx, &ps, trace, &err);
	if (!calc_run(d, &cx, &in, &out)) {
		calc_out_json(d, &out, o);
		json_decref(calc_in_json(d, &in));
		calc_explain(&b, trace);
		if (d->kind == CALC_DIBAO && out.v[2] < 0)
			abort(); /* a payment is never negative */
	}
	json_decref(trace);
	json_decref(o);
	ms_buf_release(&b);
}

static int leftovers(void)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (dp && (e = readdir(dp)))
		if (strstr(e->d_name, ".tmp-"))
			n++;
	if (dp)
		closedir(dp);
	return n;
}

static void batch(const struct calc_def *d, const char *s, size_t n, int skip_bad)
{
	char in[128], out[128], rej[160];
	struct batch_opts o = { 0 };
	struct batch_result r;
	struct ms_err err;
	const char *defaults[] = { "month=2023-07" };
	FILE *f;
	int rc;

	snprintf(in, sizeof(in), "%s/in.csv", dir);
	snprintf(out, sizeof(out), "%s/out.csv", dir);
	snprintf(rej, sizeof(rej), "%s/out.csv.rejects.csv", dir);
	unlink(out);
	unlink(rej);
	f = fopen(in, "wb");
	if (!f)
		abort();
	fwrite(s, 1, n, f);
	fclose(f);
	o.def = d;
	o.base = &ps;
	o.in_path = in;
	o.out_path = out;
	o.skip_bad = skip_bad;
	o.defaults = defaults;
	o.ndefaults = d->kind == CALC_LOAN ? 0 : 1;
	o.max_line = 4096;
	rc = batch_run(&o, &r, &err);
	if (leftovers())
		abort(); /* a temporary file survived */
	if (rc && access(out, F_OK) == 0)
		abort(); /* a failed run left an output file */
	if (!rc)
		batch_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct calc_def *d;
	struct params copy;
	struct ms_err err;
	char *s;

	if (!loaded)
		setup();
	if (size < 1)
		return 0;
	d = &calc_defs[data[0] % 4];
	switch ((data[0] >> 2) % 4) {
	case 0:
	case 1:
		fields(d, (const char *)data + 1, size - 1);
		break;
	case 2:
		batch(d, (const char *)data + 1, size - 1, (data[0] >> 4) & 1);
		break;
	default:
		s = strndup((const char *)data + 1, size - 1);
		if (!s)
			abort();
		if (params_load(&copy, ps.path, &err))
			abort();
		if (!params_override(&copy, s, &err)) {
			const struct param *p = params_find(&copy, "dibao.urban_standard");

			(void)p;
		}
		params_release(&copy);
		free(s);
		break;
	}
	return 0;
}
