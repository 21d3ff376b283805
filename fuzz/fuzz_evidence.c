/*
 * fuzz_evidence.c - libFuzzer target for ev_check (ledger/evidence.h): the
 * magic bytes, an image's header dimensions, the polyglot scan, EXIF through
 * libexif (JPEG APP1, PNG eXIf, WebP EXIF) and a zip's entries through libzip
 * (XLSX or DOCX, the bomb caps). The first byte picks the declared type.
 * Checked: a refusal has a non-empty UTF-8 message and a media or size kind
 * (or invalid for an empty file); a success has a type of ours, an image
 * within the pixel cap, EXIF coordinates in range. No decoding (libvips) here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ledger/evidence.h"

static const char *const declared[] = { "", "image/jpeg", "image/png", "image/webp", "application/pdf",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/octet-stream" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_limits lim;
	struct ev_info inf;
	struct ms_err err;
	char *copy;

	if (!size)
		return 0;
	ev_limits_default(&lim);
	lim.zip_max_total = 1 << 20;    /* small caps, so the fuzzer reaches them */
	copy = malloc(size - 1 ? size - 1 : 1);    /* its own allocation: ASan sees reads past it */
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	err.msg[0] = '\0';
	if (ev_check(copy, size - 1, declared[data[0] & 7], &lim, &inf, &err)) {
		if (!err.msg[0] || !ms_utf8_valid(err.msg, strlen(err.msg), NULL))
			abort();
		if (err.kind != MS_E_MEDIA && err.kind != MS_E_TOO_LARGE && err.kind != MS_E_INVALID)
			abort();
	} else {
		if (inf.type == EV_NONE || !inf.mime || !inf.kind)
			abort();
		if (!strcmp(inf.kind, "photo") && ((uint64_t)inf.width * inf.height > lim.max_pixels || !inf.width))
			abort();
		if (inf.exif.has_gps && (llabs(inf.exif.lat_e6) > 90000000 || llabs(inf.exif.lon_e6) > 180000000))
			abort();
		if (inf.exif.has_time && strlen(inf.exif.taken_at) != 19)
			abort();
	}
	free(copy);
	return 0;
}
