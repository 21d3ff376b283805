#!/usr/bin/env bash
# bench/web-pg.sh - several servers on one PostgreSQL (issue 18): a throwaway
# cluster (tests/pg-cluster.sh) holding the demo database; minsheng serve
# once on SQLite (the same demo, for the ratio), once on PostgreSQL alone,
# and on PostgreSQL behind nginx (upstream, round robin, keep-alive) with
# one and with two servers, so the ratio of the last two is the servers'.
# Against each, for WEB_DURATION:
#   status  GET /api/v1/status?as_of=2023-12-20, anonymous (the answer cache,
#           checked against the change counter on every request); wrk -t2
#           at WEB_CONNS connections;
#   write   POST /api/v1/reports as 南昌's reporter (an API token): 10.aeds
#           for the 2023-12-25 round (one report row: every writer contends
#           for it), a value unique per request; wrk with WRITE_CONNS
#           threads of one connection each.
# Checks (the script fails otherwise, never on a speed): every server gives
# the same status bytes before the load; after the writes, every value wrk
# saw acknowledged (2xx) is in the journal, once; at most one write per
# connection (the one in flight when wrk stopped) is journalled without an
# acknowledgement; the report holds a journalled value. The servers' clock
# is fixed inside the round (MS_CLOCK) so the round is open.
# Usage: bench/web-pg.sh   Environment: MINSHENG (build-release/minsheng),
#        WEB_CONNS (64), WRITE_CONNS (16), WEB_DURATION (10s)
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=${MINSHENG:-build-release/minsheng}
PATH=$PATH:/usr/sbin
CONNS=${WEB_CONNS:-64}
WCONNS=${WRITE_CONNS:-16}
export LC_ALL=C
DURATION=${WEB_DURATION:-10s}
DIR=$(mktemp -d)
export MS_CLOCK=$(date -u -d "2023-12-20 10:00 +0800" +%s) MINSHENG_DATA=$PWD/data
for tool in wrk nginx curl psql; do
	command -v "$tool" >/dev/null || { echo "bench/web-pg.sh: needs $tool (bench/deps.sh, scripts/deps.sh)" >&2; exit 2; }
done
PIDS=()
. tests/pg-cluster.sh
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	pg_cluster_stop
	rm -rf "$DIR"
}
trap cleanup EXIT
fail() { echo "bench/web-pg.sh: FAIL: $*" >&2; exit 1; }
pg_cluster_start || exit 2
PGURL=$(pg_db web)
"$MINSHENG" --db "$PGURL" init --demo >/dev/null
"$MINSHENG" --db "$DIR/web.db" init --demo >/dev/null
TOKEN_PG=$("$MINSHENG" --db "$PGURL" user token nanchang | grep -o '[0-9a-f]\{64\}' | head -1)
TOKEN_LITE=$("$MINSHENG" --db "$DIR/web.db" user token nanchang | grep -o '[0-9a-f]\{64\}' | head -1)
[ -n "$TOKEN_PG" ] && [ -n "$TOKEN_LITE" ] || fail "no API token for nanchang"

start() { # VAR LABEL DB: serve DB, its base URL into VAR (not in a subshell: PIDS must see it)
	local u=
	# every load comes from one address (wrk's or nginx's): lift the per-address cap
	"$MINSHENG" --db "$3" serve --listen 127.0.0.1:0 --max-per-address 1024 > "$DIR/$2.out" 2> "$DIR/$2.err" &
	PIDS+=($!)
	for _ in $(seq 1 200); do grep -q 'http://' "$DIR/$2.out" 2>/dev/null && break; sleep 0.05; done
	u=$(grep -o 'http://127.0.0.1:[0-9]*' "$DIR/$2.out" | head -1 || true)
	[ -n "$u" ] || fail "$2 did not start: $(cat "$DIR/$2.err")"
	printf -v "$1" '%s' "$u"
}
start LITE lite "$DIR/web.db"
start PG1 pg1 "$PGURL"
start PG2 pg2 "$PGURL"

port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
NGX=$(port)
NGX1=$(port)
mkdir -p "$DIR/nginx"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user nobody $(id -gn nobody);"
cat > "$DIR/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $DIR/nginx/body;
	proxy_temp_path $DIR/nginx/proxy;
	fastcgi_temp_path $DIR/nginx/fastcgi;
	uwsgi_temp_path $DIR/nginx/uwsgi;
	scgi_temp_path $DIR/nginx/scgi;
	keepalive_requests 1000000;
	upstream minsheng { server ${PG1#http://}; server ${PG2#http://}; keepalive 64; }
	upstream minsheng1 { server ${PG1#http://}; keepalive 64; }
	server {
		listen 127.0.0.1:$NGX;
		location / {
			proxy_pass http://minsheng;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
		}
	}
	server {
		listen 127.0.0.1:$NGX1;
		location / {
			proxy_pass http://minsheng1;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
		}
	}
}
EOF
nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" -g 'daemon off;' 2> "$DIR/nginx/stderr" &
PIDS+=($!)
NG=http://127.0.0.1:$NGX
NG1=http://127.0.0.1:$NGX1
for _ in $(seq 1 100); do curl -s -o /dev/null "$NG/healthz" && break; sleep 0.05; done

STATUS="api/v1/status?as_of=2023-12-20"
curl -s "$LITE/$STATUS" > "$DIR/lite.json"
for b in "$PG1" "$PG2" "$NG1" "$NG"; do
	curl -s "$b/$STATUS" | cmp -s - "$DIR/lite.json" || fail "$b: status differs from SQLite's"
done

# The writes: one connection per wrk thread, so a thread's answer is to the
# request it sent last (no pipelining; after a dropped connection wrk sends a
# new request, and the old one counts as not acknowledged). Every value is
# unique (thread number * 1e6 + count); done() writes the acknowledged ones to
# a file that check_writes looks up in the journal one by one.
cat > "$DIR/write.lua" <<EOF
-- POST a report whose value is unique per request; note the acknowledged (2xx) ones
local threads = {}
function setup(thread)
	thread:set("id", #threads + 1)
	table.insert(threads, thread)
end
function init(args)
	token = args[1]
	counter = 0
	pending = nil
	acked = {}
	bad = 0
end
function request()
	counter = counter + 1
	pending = id * 1000000 + counter
	return wrk.format("POST", "/api/v1/reports", {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/x-www-form-urlencoded" },
		"indicator=10.aeds&org=360100&round=2023-12-25&value=" .. pending ..
		"%E5%8F%B0&narrative=%E5%8E%8B%E5%8A%9B%E6%B5%8B%E8%AF%95")
end
function response(status, headers, body)
	if status >= 200 and status < 300 and pending then
		acked[#acked + 1] = pending
	else
		bad = bad + 1
	end
	pending = nil
end
function done(summary, latency, requests)
	local f = assert(io.open("$DIR/acked.txt", "w"))
	local o, b = 0, 0
	for _, t in ipairs(threads) do
		local a = t:get("acked")
		for _, v in ipairs(a) do f:write(string.format("%d\n", v)) end
		o = o + #a
		b = b + t:get("bad")
	end
	f:close()
	io.write(string.format("acked %d refused %d\n", o, b))
end
EOF

sql() { # DB SQL: one query on either backend, one value a line
	if [ "${1#postgresql://}" != "$1" ]; then psql -X -q -At "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}
last_journal_id() { sql "$1" "SELECT coalesce(max(id), 0) FROM journal"; }
journal_values() { # DB SINCE: the value of every report write journalled after row SINCE
	if [ "${1#postgresql://}" != "$1" ]; then
		sql "$1" "SELECT (after::jsonb)->>'value' FROM journal WHERE id > $2 AND action LIKE 'report.%'"
	else
		sql "$1" "SELECT json_extract(after, '\$.value') FROM journal WHERE id > $2 AND action LIKE 'report.%'"
	fi
}
report_value() {
	sql "$1" "SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '2023-12-25'"
}

check_writes() { # LABEL DB SINCE CONNS: every acknowledged write is in the journal
	local acked journaled lost extra last
	journal_values "$2" "$3" | sort > "$DIR/journal.txt"
	sort "$DIR/acked.txt" > "$DIR/acked.sorted"
	acked=$(wc -l < "$DIR/acked.sorted")
	journaled=$(wc -l < "$DIR/journal.txt")
	[ "$acked" -gt 0 ] || fail "$1: no write acknowledged"
	[ -z "$(uniq -d "$DIR/journal.txt")" ] || fail "$1: a value journalled twice"
	lost=$(comm -23 "$DIR/acked.sorted" "$DIR/journal.txt" | wc -l)
	extra=$(comm -13 "$DIR/acked.sorted" "$DIR/journal.txt" | wc -l)
	[ "$lost" = 0 ] || fail "$1: $lost of $acked acknowledged writes are not in the journal"
	# written but not acknowledged: at most the one in flight on each connection when wrk stopped
	[ "$extra" -le "$4" ] || fail "$1: $extra journalled writes nobody saw acknowledged (more than $4 connections)"
	last=$(report_value "$2")
	grep -qx -- "$last" "$DIR/journal.txt" || fail "$1: the report holds $last, not a journalled value"
	FOUND="found $((journaled - extra))/$acked (+$extra in flight)"
}

run() { # LABEL BASE KIND TOKEN DB
	local label=$1 base=$2 kind=$3 out since
	out=$DIR/$label-$kind.txt
	FOUND=""
	if [ "$kind" = status ]; then
		wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$base/$STATUS" > "$out"
		! grep -q 'Non-2xx' "$out" || fail "$label: non-2xx answers under load"
	else
		since=$(last_journal_id "$5")
		rm -f "$DIR/acked.txt"
		wrk -t"$WCONNS" -c"$WCONNS" -d"$DURATION" --latency -s "$DIR/write.lua" "$base/" -- "$4" > "$out"
		[ -f "$DIR/acked.txt" ] || fail "$label: wrk wrote no list of acknowledged writes"
		check_writes "$label" "$5" "$since" "$WCONNS"
	fi
	printf '%-24s %-6s %9s req/s  p50 %8s  p99 %8s  %s %s\n' "$label" "$kind" \
		"$(awk '/^Requests\/sec/ {print $2}' "$out")" "$(awk '$1 == "50%" {print $2}' "$out")" \
		"$(awk '$1 == "99%" {print $2}' "$out")" \
		"$(grep -o 'acked [0-9]* refused [0-9]*' "$out" || true)" "$FOUND"
}

echo "status: $CONNS connections, writes: $WCONNS, $DURATION each; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in status write; do
	run "SQLite, 1 server" "$LITE" $k "$TOKEN_LITE" "$DIR/web.db"
	run "PostgreSQL, 1 server" "$PG1" $k "$TOKEN_PG" "$PGURL"
	run "PostgreSQL, 1 + nginx" "$NG1" $k "$TOKEN_PG" "$PGURL"
	run "PostgreSQL, 2 + nginx" "$NG" $k "$TOKEN_PG" "$PGURL"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
