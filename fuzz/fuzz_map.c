/*
 * fuzz_map.c - libFuzzer target for the map file parser (web_map_parse,
 * data/map/jiangxi-counties.tsv's format) on arbitrary bytes.
 *
 * Checked: a refused file fills a non-empty message and keeps nothing; a
 * parsed one has at least one county, every county's code and city six
 * digits, its name free of markup characters, its label point inside the
 * box, and its path, read from the copy of the text, starting with M,
 * ending with z and made of M, l, z, digits, '-' and ' ' only; a point
 * projected inside the box is reported so.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_map m;
	struct ms_err err;
	size_t i, k;

	err.msg[0] = '\0';
	if (web_map_parse(&m, (const char *)data, size, &err)) {
		if (!err.msg[0] || m.text || m.n)
			abort();
		return 0;
	}
	if (!m.n || m.w < 1 || m.h < 1 || m.kx <= 0 || m.ky <= 0)
		abort();
	for (i = 0; i < m.n; i++) {
		const struct web_map_county *c = &m.c[i];
		const char *d = m.text + c->d;

		if (strlen(c->code) != 6 || strspn(c->code, "0123456789") != 6 || strlen(c->parent) != 6 ||
		    !c->name[0] || strpbrk(c->name, "<>&\"") || c->cx < 0 || c->cy < 0 || c->cx > m.w || c->cy > m.h)
			abort();
		if (c->dlen < 2 || d[0] != 'M' || d[c->dlen - 1] != 'z' || c->d + c->dlen > size)
			abort();
		for (k = 0; k < c->dlen; k++)
			if (!d[k] || !strchr("Mlz- 0123456789", d[k]))
				abort();
	}
	{
		double x, y;
		/* the point at the box's top-left corner is inside it */
		if (!web_map_project(&m, m.lat0, m.lon0, &x, &y) || x != 0 || y != 0)
			abort();
	}
	web_map_free(&m);
	return 0;
}
