#!/usr/bin/env bash
# bench/web-pg.sh - several servers on one PostgreSQL (issue 18): a throwaway
# cluster (tests/pg-cluster.sh) holding the demo database; minsheng serve
# once on SQLite (the same demo, for the ratio), once on PostgreSQL alone,
# and twice on PostgreSQL behind nginx (upstream, round robin, keep-alive).
# Against each, wrk -t2 for WEB_DURATION at WEB_CONNS connections:
#   status  GET /api/v1/status?as_of=2023-12-20, anonymous (the answer cache,
#           checked against the change counter on every request);
#   write   POST /api/v1/reports as 南昌's reporter (an API token): 10.aeds
#           for the 2023-12-25 round, the value counting up per request.
# Checks (the script fails otherwise, never on a speed): every server gives
# the same status bytes before the load; after the writes, the database
# holds one journal row per write wrk saw acknowledged (2xx), and the report
# holds the last acknowledged value range. The servers' clock is fixed inside
# the round (MS_CLOCK) so the round is open.
# Usage: bench/web-pg.sh   Environment: MINSHENG, WEB_CONNS (64), WEB_DURATION (10s)
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=${MINSHENG:-build-release/minsheng}
PATH=$PATH:/usr/sbin
CONNS=${WEB_CONNS:-64}
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
	"$MINSHENG" --db "$3" serve --listen 127.0.0.1:0 > "$DIR/$2.out" 2> "$DIR/$2.err" &
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
	server {
		listen 127.0.0.1:$NGX;
		location / {
			proxy_pass http://minsheng;
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
for _ in $(seq 1 100); do curl -s -o /dev/null "$NG/healthz" && break; sleep 0.05; done

STATUS="api/v1/status?as_of=2023-12-20"
curl -s "$LITE/$STATUS" > "$DIR/lite.json"
for b in "$PG1" "$PG2" "$NG"; do
	curl -s "$b/$STATUS" | cmp -s - "$DIR/lite.json" || fail "$b: status differs from SQLite's"
done

cat > "$DIR/write.lua" <<'EOF'
-- POST a report whose value counts up; count the acknowledged (2xx) ones
local threads = {}
local n = 0
local counter = 0
function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end
function init(args)
	ok = 0
	bad = 0
	token = args[1]
end
function request()
	counter = counter + 1
	local v = 70 + (id * 1000000 + counter) % 900000
	return wrk.format("POST", "/api/v1/reports", {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/x-www-form-urlencoded" },
		"indicator=10.aeds&org=360100&round=2023-12-25&value=" .. v ..
		"%E5%8F%B0&narrative=%E5%8E%8B%E5%8A%9B%E6%B5%8B%E8%AF%95")
end
function response(status, headers, body)
	if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
	local o, b = 0, 0
	for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
	io.write(string.format("acked %d refused %d\n", o, b))
end
EOF

journal_writes() { # DB -> count of report writes in the journal
	if [ "${1#postgresql://}" != "$1" ]; then
		psql -X -q -At "$1" -c "SELECT count(*) FROM journal WHERE action LIKE 'report.%'"
	else
		sqlite3 "$1" "SELECT count(*) FROM journal WHERE action LIKE 'report.%'"
	fi
}

run() { # LABEL BASE KIND TOKEN DB
	local label=$1 base=$2 kind=$3 out before after acked
	out=$DIR/$label-$kind.txt
	if [ "$kind" = status ]; then
		wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$base/$STATUS" > "$out"
	else
		before=$(journal_writes "$5")
		wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$DIR/write.lua" "$base/" -- "$4" > "$out"
		after=$(journal_writes "$5")
		acked=$(sed -n 's/^acked \([0-9]*\) refused.*/\1/p' "$out")
		[ "$((after - before))" = "$acked" ] ||
			fail "$label: wrk saw $acked writes acknowledged, the journal grew by $((after - before))"
	fi
	grep -q 'Non-2xx' "$out" && [ "$kind" = status ] && fail "$label: non-2xx answers under load"
	printf '%-22s %-7s %10s req/s   p99 %8s   %s\n' "$label" "$kind" \
		"$(awk '/^Requests\/sec/ {print $2}' "$out")" "$(awk '$1 == "99%" {print $2}' "$out")" \
		"$(grep -o 'acked [0-9]* refused [0-9]*' "$out" || true)"
}

echo "connections $CONNS, $DURATION each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in status write; do
	run "SQLite, 1 server" "$LITE" $k "$TOKEN_LITE" "$DIR/web.db"
	run "PostgreSQL, 1 server" "$PG1" $k "$TOKEN_PG" "$PGURL"
	run "PostgreSQL, 2 + nginx" "$NG" $k "$TOKEN_PG" "$PGURL"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
