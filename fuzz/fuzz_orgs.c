/*
 * fuzz_orgs.c - libFuzzer target for plan/orgs.c's CSV reader, which reads
 * the regions, the units and a province's townships (org load-townships
 * --file FILE takes any file): any bytes as the file. Checks that a file is
 * taken whole or not at all, that what is taken has a code, a name and a
 * known kind, and that a refusal names the file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "plan/orgs.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = { "province", "city", "county", "township", "department", "office" };

static int kind_known(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(k, kinds[i]))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seed[] = "code,name,level,parent,short\n360000,江西省,province,,江西\n";
	struct plan_orgs o = PLAN_ORGS_INIT;
	struct ms_err e = { 0 };
	char path[64];
	size_t i, before;
	int fd = memfd_create("orgs", 0), rc;

	if (fd < 0 || write(fd, seed, sizeof(seed) - 1) != (ssize_t)(sizeof(seed) - 1))
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (plan_orgs_load_csv(&o, path, &e))   /* a province first, as init loads it */
		abort();
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	before = o.n;
	rc = plan_orgs_load_csv(&o, path, &e);
	if (rc) {
		if (o.n != before || !strstr(e.msg, path))
			abort();   /* all or nothing, and the refusal names the file */
	} else {
		for (i = 0; i < o.n; i++)
			if (!o.v[i].code[0] || !o.v[i].name[0] || !kind_known(o.v[i].kind) ||
			    (i >= before && o.v[i].line < 2))
				abort();
		(void)plan_orgs_check(&o, &e);
	}
	plan_orgs_release(&o);
	close(fd);
	return 0;
}
