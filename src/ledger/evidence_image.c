/*
 * evidence_image.c - thumbnails and public copies of evidence photos by
 * libvips: shrink-on-load, EXIF orientation applied, saved as a JPEG with
 * every piece of metadata stripped (no EXIF, no GPS). Only images that
 * ev_check has passed (type by content, pixels under the cap) come here;
 * libvips is started once, with its untrusted loaders blocked.
 */
#include "evidence.h"

#include <pthread.h>
#include <vips/vips.h>

#include "core/banned.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int started;

static void start(void)
{
	if (VIPS_INIT("minsheng"))
		return;
	vips_block_untrusted_set(TRUE);
	vips_cache_set_max(0);          /* nothing kept between requests */
	vips_concurrency_set(1);        /* the server's workers are the parallelism */
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
		return ms_err_setk(err, MS_E_INTERNAL, "图片处理库无法启动 (libvips failed to start)");
	/* the "fail" option: a truncated or damaged image is an error, not grey pixels */
	if (vips_thumbnail_buffer((void *)p, n, &im, side, "height", side, "size", VIPS_SIZE_DOWN,
				  "option_string", "fail_on=truncated", NULL) ||
	    vips_jpegsave_buffer(im, &buf, &len, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, NULL)) {
		ms_err_field(err, MS_E_MEDIA, "file", "图片无法解码，可能已损坏 (the image cannot be decoded: %.200s)",
			     vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	ms_buf_reset(out);
	if (ms_buf_add(out, buf, len)) {
		ms_err_setk(err, MS_E_INTERNAL, "缩略图过大 (the thumbnail is too large)");
		goto out;
	}
	rc = 0;
out:
	g_free(buf);
	if (im)
		g_object_unref(im);
	vips_thread_shutdown();
	return rc;
}
