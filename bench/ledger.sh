#!/usr/bin/env bash
# bench/ledger.sh - status and bulletin on a province-scale ledger at 1x, 10x
# and 100x: per scale, 100*K counties x every quantified indicator x 3 rounds
# x 5 years of reports, plus 100000*K sites. The data is written straight
# into a fresh database with SQL (the import paths are measured by the
# tests, not here); then `status` and `bulletin` are timed, 3 runs each,
# median wall seconds and peak RSS. Usage: bench/ledger.sh [SCALES...]
# With PG=1 the same database is also copied (`db copy`) into a throwaway
# PostgreSQL cluster (tests/pg-cluster.sh: its own folder and port, stopped
# at the end) and the same commands are timed on it, in the same run.
# RUNS (3) runs per command; the median is printed. With REUSE=1 and
# BENCH_DIR, a scale's database already in BENCH_DIR (ledger-K.db, from an
# earlier run) is used as it is and kept afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=${MINSHENG:-build/minsheng}
SCALES=${*:-1 10 100}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-$(mktemp -d)}
command -v /usr/bin/time >/dev/null || { echo "bench/ledger.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

build_db() { # K DB
	local k=$1 db=$2
	rm -f "$db"*
	MINSHENG_DATA=$PWD/data "$MINSHENG" --db "$db" init >/dev/null
	sqlite3 "$db" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
-- four more years of the same plan, so the tables hold 5 years as an office's would
INSERT INTO plan SELECT 'bench-' || y.value, title, issuer, replace(issued_on, '2023', y.value), region_code,
  y.value, replace(start_on, '2023', y.value), source_sha256, doc, loaded_at
  FROM plan, generate_series(2019, 2022) y WHERE id = 'jiangxi-2023';
INSERT INTO item SELECT 'bench-' || y.value, no, title, present_in_source
  FROM item, generate_series(2019, 2022) y WHERE plan = 'jiangxi-2023';
INSERT INTO indicator SELECT 'bench-' || y.value, id, item_no, name, kind, unit, comparator, target, baseline, aggregation
  FROM indicator, generate_series(2019, 2022) y WHERE plan = 'jiangxi-2023';
INSERT INTO round SELECT 'bench-' || y.value, replace(due_on, '2023', y.value), kind, label
  FROM round, generate_series(2019, 2022) y WHERE plan = 'jiangxi-2023';
-- 100*K counties, spread over the 11 cities
CREATE TEMP TABLE cities AS SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM org WHERE kind = 'city';
INSERT INTO org (code, name, kind, parent) SELECT 'B' || printf('%07d', s.value), '测试县' || s.value, 'county',
  (SELECT code FROM cities WHERE n = s.value % 11)
  FROM generate_series(1, 100 * $k) s;
-- every county gets every quantified indicator of every year
INSERT INTO assignment SELECT i.plan, i.id, o.code,
  CASE WHEN i.aggregation = 'sum' THEN max(i.target / (100 * $k), 1) ELSE i.target END, '2023-01-01T00:00:00Z'
  FROM indicator i, org o WHERE i.target IS NOT NULL AND o.code LIKE 'B%';
-- a report per county, indicator, round and year; one in twenty late, one in fifty missing;
-- approved two days after it came in (published figures count approved reports only)
INSERT INTO report (plan, indicator, org, round, value, status, submitted_at, reviewed_at, review_level,
    origin, updated_at)
  SELECT plan, indicator, org, round, value, 'approved', submitted_at, submitted_at + 2 * 86400, 1,
    'bench', '2023-01-01T00:00:00Z' FROM (SELECT a.plan, a.indicator, a.org, r.due_on AS round,
    CASE WHEN i.aggregation = 'sum' THEN a.target * (50 + abs(random() % 60)) / 100 ELSE a.target END AS value,
    unixepoch(r.due_on) + CASE WHEN abs(random() % 20) = 0 THEN 86400 ELSE -86400 END AS submitted_at
  FROM assignment a JOIN round r ON r.plan = a.plan AND r.kind = 'progress'
  JOIN indicator i ON i.plan = a.plan AND i.id = a.indicator
  WHERE a.org LIKE 'B%' AND (a.rowid * 7919 + unixepoch(r.due_on)) % 50 != 0);
INSERT INTO site (plan, indicator, org, name, kind, delivered_on, status, quantity, origin)
  SELECT 'jiangxi-2023', '10.aeds', 'B' || printf('%07d', 1 + s.value % (100 * $k)), '点位' || s.value, '学校',
    date('2023-01-01', '+' || (s.value % 360) || ' days'), 'delivered', 1, 'bench'
  FROM generate_series(1, 100000 * $k) s;
COMMIT;
SQL
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run3() { # label cmd... ; prints "label median_s peak_mib"
	local label=$1; shift
	local t=() m=()
	for _ in $(seq 1 "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$DIR/time" "$@" >/dev/null 2>&1
		read -r s kb < "$DIR/time"
		t+=("$s"); m+=("$kb")
	done
	printf '%-28s %8s s %8s MiB\n' "$label" "$(printf '%s\n' "${t[@]}" | median)" \
		"$(( $(printf '%s\n' "${m[@]}" | sort -n | tail -1) / 1024 ))"
}

PG_URL=
if [ "${PG:-0}" = 1 ]; then
	. tests/pg-cluster.sh
	pg_cluster_start || exit 2
	trap pg_cluster_stop EXIT
	# the server as a province would tune it first (the tests' cluster keeps 32 MB)
	"${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -m fast \
		-o "$PG_OPTS -c shared_buffers=1GB -c work_mem=64MB" restart >/dev/null
fi

printf '%-6s %10s %10s %10s\n' scale reports sites db_MiB
for k in $SCALES; do
	db=$DIR/ledger-$k.db
	[ "${REUSE:-0}" = 1 ] && [ -s "$db" ] || build_db "$k" "$db"
	printf '%-6s %10s %10s %10s\n' "${k}x" "$(sqlite3 "$db" 'SELECT count(*) FROM report')" \
		"$(sqlite3 "$db" 'SELECT count(*) FROM site')" "$(( $(stat -c %s "$db") / 1048576 ))"
	run3 "status ${k}x" "$MINSHENG" --db "$db" status --as-of 2023-12-31 --json
	run3 "bulletin html ${k}x" "$MINSHENG" --db "$db" bulletin --round 2023-12-25 -o "$DIR/b-$k.html"
	run3 "bulletin xlsx ${k}x" "$MINSHENG" --db "$db" bulletin --round 2023-12-25 -o "$DIR/b-$k.xlsx"
	if [ -n "${PG_DIR:-}" ]; then
		url=$(pg_db "ledger$k")
		/usr/bin/time -f '%e %M' -o "$DIR/time" "$MINSHENG" db copy "$db" "$url" --force >/dev/null
		read -r s kb < "$DIR/time"
		printf '%-28s %8s s %8s MiB\n' "db copy to PostgreSQL ${k}x" "$s" "$((kb / 1024))"
		"$MINSHENG" --db "$url" status --as-of 2023-12-31 --json > "$DIR/pg.json"
		"$MINSHENG" --db "$db" status --as-of 2023-12-31 --json | cmp -s - "$DIR/pg.json" ||
			{ echo "bench/ledger.sh: PostgreSQL's status differs from SQLite's at ${k}x" >&2; exit 1; }
		run3 "pg status ${k}x" "$MINSHENG" --db "$url" status --as-of 2023-12-31 --json
		run3 "pg bulletin html ${k}x" "$MINSHENG" --db "$url" bulletin --round 2023-12-25 -o "$DIR/p-$k.html"
		run3 "pg bulletin xlsx ${k}x" "$MINSHENG" --db "$url" bulletin --round 2023-12-25 -o "$DIR/p-$k.xlsx"
		cmp -s "$DIR/b-$k.html" "$DIR/p-$k.html" ||
			{ echo "bench/ledger.sh: PostgreSQL's bulletin differs from SQLite's at ${k}x" >&2; exit 1; }
		psql -X -q "${url%/*}/postgres" -c "DROP DATABASE ledger$k" >/dev/null
	fi
	[ "${REUSE:-0}" = 1 ] || rm -f "$db"*
done
