/*
 * metrics.c - the server's counters (metrics.h), kept with atomics so that
 * every worker thread adds to them without a lock.
 */
#include "metrics.h"

#include <stdatomic.h>

#include "core/banned.h"

/* upper bounds of the latency buckets, in microseconds */
static const uint64_t bounds[] = { 1000, 5000, 10000, 50000, 100000, 500000, 1000000, 5000000 };
#define NB (sizeof(bounds) / sizeof(bounds[0]))

static _Atomic uint64_t by_class[6];      /* 1xx … 5xx by the first digit */
static _Atomic uint64_t bucket[NB + 1];   /* the last: above every bound */
static _Atomic uint64_t sum_us, count, hits, misses, writes, errors, refused, cut;

void metrics_record(int get, unsigned status, uint64_t usec, enum metrics_cache cache)
{
	size_t i;

	atomic_fetch_add(&by_class[status / 100 < 6 ? status / 100 : 5], 1);
	for (i = 0; i < NB && usec > bounds[i]; i++)
		;
	atomic_fetch_add(&bucket[i], 1);
	atomic_fetch_add(&sum_us, usec);
	atomic_fetch_add(&count, 1);
	if (cache == METRICS_HIT)
		atomic_fetch_add(&hits, 1);
	else if (cache == METRICS_MISS)
		atomic_fetch_add(&misses, 1);
	if (!get && status < 400)
		atomic_fetch_add(&writes, 1);
	if (status >= 500)
		atomic_fetch_add(&errors, 1);
}

void metrics_connection_dropped(int was_refused)
{
	atomic_fetch_add(was_refused ? &refused : &cut, 1);
}

void metrics_text(struct ms_buf *b, const char *backend)
{
	uint64_t cum = 0;
	size_t i;

	ms_buf_adds(b, "# HELP minsheng_requests_total Requests answered, by status class.\n"
		    "# TYPE minsheng_requests_total counter\n");
	for (i = 1; i < 6; i++)
		ms_buf_addf(b, "minsheng_requests_total{code=\"%zuxx\"} %llu\n", i,
			    (unsigned long long)atomic_load(&by_class[i]));
	ms_buf_adds(b, "# HELP minsheng_request_duration_seconds Time from the whole request to its answer.\n"
		    "# TYPE minsheng_request_duration_seconds histogram\n");
	for (i = 0; i <= NB; i++) {
		cum += atomic_load(&bucket[i]);
		if (i < NB)
			ms_buf_addf(b, "minsheng_request_duration_seconds_bucket{le=\"%llu.%06llu\"} %llu\n",
				    (unsigned long long)(bounds[i] / 1000000),
				    (unsigned long long)(bounds[i] % 1000000), (unsigned long long)cum);
		else
			ms_buf_addf(b, "minsheng_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
				    (unsigned long long)cum);
	}
	ms_buf_addf(b, "minsheng_request_duration_seconds_sum %llu.%06llu\n"
		    "minsheng_request_duration_seconds_count %llu\n",
		    (unsigned long long)(atomic_load(&sum_us) / 1000000),
		    (unsigned long long)(atomic_load(&sum_us) % 1000000),
		    (unsigned long long)atomic_load(&count));
	ms_buf_addf(b, "# HELP minsheng_cache_hits_total Anonymous answers given again from the cache.\n"
		    "# TYPE minsheng_cache_hits_total counter\nminsheng_cache_hits_total %llu\n"
		    "# HELP minsheng_cache_misses_total Anonymous answers the cache did not hold.\n"
		    "# TYPE minsheng_cache_misses_total counter\nminsheng_cache_misses_total %llu\n",
		    (unsigned long long)atomic_load(&hits), (unsigned long long)atomic_load(&misses));
	ms_buf_addf(b, "# HELP minsheng_writes_total POST requests answered without an error.\n"
		    "# TYPE minsheng_writes_total counter\nminsheng_writes_total %llu\n"
		    "# HELP minsheng_errors_total Requests answered 5xx.\n"
		    "# TYPE minsheng_errors_total counter\nminsheng_errors_total %llu\n",
		    (unsigned long long)atomic_load(&writes), (unsigned long long)atomic_load(&errors));
	ms_buf_addf(b, "# HELP minsheng_connections_refused_total Connections refused at accept, over a cap.\n"
		    "# TYPE minsheng_connections_refused_total counter\nminsheng_connections_refused_total %llu\n"
		    "# HELP minsheng_connections_cut_total Connections cut: no whole request within the deadline.\n"
		    "# TYPE minsheng_connections_cut_total counter\nminsheng_connections_cut_total %llu\n",
		    (unsigned long long)atomic_load(&refused), (unsigned long long)atomic_load(&cut));
	ms_buf_addf(b, "# HELP minsheng_info The database backend.\n# TYPE minsheng_info gauge\n"
		    "minsheng_info{backend=\"%s\"} 1\n", backend);
}
