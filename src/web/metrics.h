/*
 * metrics.h - the server's counters for GET /metrics (Prometheus text
 * format): requests by status class, their latency, the answer cache's hits
 * and misses, writes and errors, connections refused or cut. Lock-free (atomics); one set per process.
 */
#ifndef MS_WEB_METRICS_H
#define MS_WEB_METRICS_H

#include <stdint.h>

#include "core/buf.h"

enum metrics_cache { METRICS_NOCACHE = 0, METRICS_HIT, METRICS_MISS };

/* One answered request: its method (1 for GET/HEAD), status, time taken, what the cache did. */
void metrics_record(int get, unsigned status, uint64_t usec, enum metrics_cache cache);

/* A connection refused at accept (over a cap: 1) or cut for want of its request (0). */
void metrics_connection_dropped(int refused);

/* The counters in Prometheus' text exposition format, the database's backend as a label. */
void metrics_text(struct ms_buf *b, const char *backend);

#endif
