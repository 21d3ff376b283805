/*
 * evidence_image.c - thumbnails and public copies of evidence photos by
 * libvips: shrink-on-load, EXIF orientation applied, saved as a JPEG with
 * every piece of metadata stripped (no EXIF, no GPS). Only images that
 * ev_check has passed (type by content, pixels under the cap) come here;
 * libvips is started once, with its untrusted loaders blocked.
 *
 * libvips is loaded when the first photo comes (dlopen), not linked: it
 * brings about 100 shared libraries (cairo, pango, ICU, X11, HDF5 …), which
 * every process would otherwise map and relocate at start — 80 ms of CPU
 * for each command under the sanitizers, 20 ms without, for the few that
 * touch a photo. The functions are looked up by the names of the header's
 * own declarations, so their types are the header's.
 */
#include "evidence.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "core/banned.h"

/* The library's file, by its ABI version (libvips42 on Debian 12): the header's, checked. */
#define VIPS_SONAME "libvips.so.42"
_Static_assert(VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE == 42, "libvips's ABI is not 42: change VIPS_SONAME");

static struct {
	__typeof__(vips_version) *version;
	__typeof__(vips_init) *init;
	__typeof__(vips_block_untrusted_set) *block_untrusted_set;
	__typeof__(vips_cache_set_max) *cache_set_max;
	__typeof__(vips_concurrency_set) *concurrency_set;
	__typeof__(vips_thumbnail_buffer) *thumbnail_buffer;
	__typeof__(vips_jpegsave_buffer) *jpegsave_buffer;
	__typeof__(vips_error_buffer) *error_buffer;
	__typeof__(vips_error_clear) *error_clear;
	__typeof__(vips_thread_shutdown) *thread_shutdown;
	__typeof__(vips_shutdown) *shutdown;
	__typeof__(g_free) *free;
	__typeof__(g_object_unref) *object_unref;
} vips;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int started;
static char why[256];

/* Each function by name into vips: 0, or -1 naming the first one missing in why. */
static int bind(void *h)
{
	static const struct { const char *name; size_t at; } fns[] = {
#define FN(f, field) { #f, offsetof(__typeof__(vips), field) }
		FN(vips_version, version), FN(vips_init, init),
		FN(vips_block_untrusted_set, block_untrusted_set), FN(vips_cache_set_max, cache_set_max),
		FN(vips_concurrency_set, concurrency_set), FN(vips_thumbnail_buffer, thumbnail_buffer),
		FN(vips_jpegsave_buffer, jpegsave_buffer), FN(vips_error_buffer, error_buffer),
		FN(vips_error_clear, error_clear), FN(vips_thread_shutdown, thread_shutdown), FN(vips_shutdown, shutdown),
		FN(g_free, free), FN(g_object_unref, object_unref),
#undef FN
	};
	size_t i;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		void *f = dlsym(h, fns[i].name);

		if (!f) {
			snprintf(why, sizeof(why), "%s: no %s", VIPS_SONAME, fns[i].name);
			return -1;
		}
		memcpy((char *)&vips + fns[i].at, &f, sizeof(f));
	}
	return 0;
}

/* At exit: libvips's worker threads end, and nothing of it is left for the leak checker to misread. */
static void stop(void)
{
	vips.shutdown();
}

static void start(void)
{
	void *h = dlopen(VIPS_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(why, sizeof(why), "%s", dlerror());
		return;
	}
	if (bind(h))
		return;
	/* VIPS_INIT's check, through the pointers: the library's ABI must be the header's */
	if (vips.version(3) - vips.version(5) != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
		snprintf(why, sizeof(why), "%s: ABI %d, built for %d", VIPS_SONAME,
			 vips.version(3) - vips.version(5), VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
		return;
	}
	if (vips.init("minsheng")) {
		snprintf(why, sizeof(why), "vips_init failed");
		return;
	}
	vips.block_untrusted_set(TRUE);
	vips.cache_set_max(0);          /* nothing kept between requests */
	vips.concurrency_set(1);        /* the server's workers are the parallelism */
	atexit(stop);
	started = 1;
}

int ev_image_jpeg(const void *p, size_t n, int side, struct ms_buf *out, struct ms_err *err)
{
	VipsImage *im = NULL;
	void *buf = NULL;
	size_t len = 0;
	int rc = -1;

	pthread_once(&once, start);
	if (!started)
		return ms_err_setk(err, MS_E_INTERNAL, "图片处理库无法启动 (libvips failed to start: %s)", why);
	/* the "fail" option: a truncated or damaged image is an error, not grey pixels */
	if (vips.thumbnail_buffer((void *)p, n, &im, side, "height", side, "size", VIPS_SIZE_DOWN,
				  "option_string", "fail_on=truncated", NULL) ||
	    vips.jpegsave_buffer(im, &buf, &len, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, NULL)) {
		ms_err_field(err, MS_E_MEDIA, "file", "图片无法解码，可能已损坏 (the image cannot be decoded: %.200s)",
			     vips.error_buffer());
		vips.error_clear();
		goto out;
	}
	ms_buf_reset(out);
	if (ms_buf_add(out, buf, len)) {
		ms_err_setk(err, MS_E_INTERNAL, "缩略图过大 (the thumbnail is too large)");
		goto out;
	}
	rc = 0;
out:
	vips.free(buf);
	if (im)
		vips.object_unref(im);
	vips.thread_shutdown();
	return rc;
}
