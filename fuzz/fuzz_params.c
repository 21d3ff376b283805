/*
 * fuzz_params.c - libFuzzer target for the parameter file loader
 * (params_load) on arbitrary bytes, then the lookups and overrides on
 * whatever loads.
 *
 * A parameter file names its plan relative to itself ("plan":
 * "../plans/jiangxi-2023.json"), so the input is written to
 * TMP/params/x.json in a per-process folder whose TMP/plans is a symlink
 * to the real data/plans ($MINSHENG_DATA or MS_DATADIR). Inputs naming a
 * plan outside that folder (an absolute path, or ".." other than the
 * leading "../plans/") are skipped: the plan is trusted configuration, and
 * a fuzzer reading /dev or /proc would only hang.
 *
 * Checked: a refused file's error names the file; a loaded one holds every
 * key once (params_find finds each); param_at at each value's own first
 * day and region answers with a value in effect there that is at least as
 * specific and at least as recent, a province's value answers for records
 * without a region, a city's never does; params_get agrees; every value formats
 * and parses back to itself; param_value_json describes it; overriding a
 * key with a value's own text is accepted and sets every value of the key.
 * Loading is slow when the input names the plan (the plan is validated),
 * so the seeds are mostly plan-free.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* mkdtemp, when built outside meson */
#endif
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "rules/params.h"

#include "core/banned.h"

#ifndef MS_DATADIR
#define MS_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], sub[80], link_path[80], path[96];
static int ready;

static void cleanup(void)
{
	unlink(path);
	unlink(link_path);
	rmdir(sub);
	rmdir(dir);
}

static void setup(void)
{
	const char *d = getenv("MINSHENG_DATA");
	char plans[PATH_MAX + 16], real[PATH_MAX];

	snprintf(plans, sizeof(plans), "%s/plans", d && *d ? d : MS_DATADIR);
	if (!realpath(plans, real)) {
		fprintf(stderr, "fuzz_params: %s: no such folder\n", plans);
		abort();
	}
	snprintf(dir, sizeof(dir), "/tmp/fuzz_params.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(sub, sizeof(sub), "%s/params", dir);
	snprintf(link_path, sizeof(link_path), "%s/plans", dir);
	snprintf(path, sizeof(path), "%s/x.json", sub);
	if (mkdir(sub, 0700) || symlink(real, link_path))
		abort();
	atexit(cleanup);
	ready = 1;
}

/* 1 when the input names no plan, or one inside our folder. */
static int plan_ok(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	const char *p = json_string_value(json_object_get(doc, "plan"));
	int ok = 1;

	if (p) {
		if (!strncmp(p, "../plans/", 9))
			p += 9;
		ok = p[0] != '/' && !strstr(p, "..");
	}
	json_decref(doc);
	return ok;
}

static void write_input(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd))
		abort();
}

/* A value formats as its type writes it and parses back to itself. */
static void round_trip(const struct param *p, const struct param_value *v)
{
	struct ms_buf b = MS_BUF_INIT;
	struct ms_err err;
	int64_t back = 0;

	if (param_format_value(&b, p->type, v->v) || param_parse_value(p->type, b.buf, &back, &err) ||
	    back != v->v) {
		fprintf(stderr, "fuzz_params: %s: %lld formats as \"%s\", which reads back as %lld\n",
			p->key, (long long)v->v, b.buf, (long long)back);
		abort();
	}
	ms_buf_release(&b);
}

static void check_value(const struct params *ps, const struct param *p,
			const struct param_value *v)
{
	const char *rg = v->region[0] ? v->region : NULL;
	const struct param_value *at, *got;
	struct ms_err err;
	json_t *j;

	if (v->from > v->to || v->level < 0 || v->level > 3 ||
	    (v->level == 0) != (v->region[0] == '\0'))
		abort();
	if (!v->text || !v->basis || !v->date_basis || !v->citation || !v->note || !v->quote)
		abort();
	if (!strcmp(v->basis, "text") && !*v->quote)
		abort();   /* a text value carries the notice's words */
	round_trip(p, v);

	/* on its first day, in its own region, the answer is it or a closer or later one */
	at = param_at(p, v->from, rg);
	if (!at || at->from > v->from || at->to < v->from || at->level < v->level ||
	    (at->level == v->level && at->from < v->from))
		abort();
	if (rg ? at->level && memcmp(at->region, rg, at->level == 1 ? 2 : at->level == 2 ? 4 : 6)
	       : at->level > 1)
		abort();   /* the region answering contains the one asked for */
	got = params_get(ps, p->key, v->from, rg, &err);
	if (got != at)
		abort();
	/* a record without a region takes the province's values too, never a city's */
	if (v->level == 1) {
		at = param_at(p, v->from, "");
		if (!at || at->level != 1 || at->from > v->from || at->to < v->from)
			abort();
	}

	j = param_value_json(p, v);
	if (!j || strcmp(json_string_value(json_object_get(j, "key")), p->key) ||
	    !json_is_string(json_object_get(j, "value")) ||
	    !json_is_string(json_object_get(j, "basis")))
		abort();
	json_decref(j);
	if (!param_basis_label(v->basis) || !param_basis_label(v->date_basis))
		abort();
}

static void check_loaded(struct params *ps)
{
	struct ms_buf a = MS_BUF_INIT;
	struct ms_err err;
	size_t i, j;

	for (i = 0; i < ps->n; i++) {
		struct param *p = &ps->p[i];

		if (params_find(ps, p->key) != p || p->n < 1 || (unsigned)p->type > PARAM_DATE)
			abort();
		if (!strcmp(param_type_name(p->type), "?") || !strcmp(param_type_label(p->type), "?"))
			abort();
		for (j = 0; j < p->n; j++)
			check_value(ps, p, &p->v[j]);
		/* far outside every period: nothing, and an error saying so */
		if (param_at(p, -200000, NULL) || params_get(ps, p->key, -200000, NULL, &err))
			abort();
	}
	if (params_find(ps, "no.such.key") || params_get(ps, "no.such.key", 0, NULL, &err))
		abort();
	/* an override with a value's own text is taken, for every value of the key */
	for (i = 0; i < ps->n; i++) {
		struct param *p = &ps->p[i];
		int64_t v = p->v[0].v;

		ms_buf_reset(&a);
		ms_buf_addf(&a, "%s=%s", p->key, p->v[0].text);
		if (strlen(a.buf) != a.len)
			continue;   /* a NUL in the text */
		if (params_override(ps, a.buf, &err)) {
			fprintf(stderr, "fuzz_params: override %s refused: %s\n", a.buf, err.msg);
			abort();
		}
		for (j = 0; j < p->n; j++)
			if (p->v[j].v != v || strcmp(p->v[j].basis, "override") || *p->v[j].quote)
				abort();
	}
	ms_buf_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params ps;
	struct ms_err err;

	if (!ready)
		setup();
	if (!plan_ok(data, size))
		return 0;
	write_input(data, size);
	err.msg[0] = '\0';
	if (params_load(&ps, path, &err)) {
		if (strncmp(err.msg, path, strlen(path)) != 0) {
			fprintf(stderr, "fuzz_params: the error does not name the file: %s\n", err.msg);
			abort();
		}
		if (ps.p || ps.doc || ps.n)
			abort();   /* a failed load holds nothing */
		params_release(&ps);   /* and releasing it again is harmless */
		return 0;
	}
	check_loaded(&ps);
	params_release(&ps);
	return 0;
}
