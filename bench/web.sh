#!/usr/bin/env bash
# bench/web.sh - the web front end under load: wrk over loopback against
# minsheng's /api/v1/status and 总览 page (/), and against nginx serving a
# saved copy of the same two responses (same bytes, same Content-Type, same
# security headers), in one run.
#
#  1. a demo database; minsheng serves it once per thread count in
#     WEB_THREADS ("default" = no --threads option, N = --threads N);
#  2. both responses are saved with curl (fixed ?as_of=, so they are stable)
#     and an unprivileged nginx, with its own config under a temp dir, serves
#     them at the same paths;
#  3. checks: every server answers 200 with the same Content-Type and the
#     same body (byte for byte), before and after the load;
#  4. `wrk -t2 -c64 -d10s --latency` on each target, WEB_RUNS rounds
#     interleaved (so drift on a shared machine hits every target alike), a
#     short unmeasured warm-up first; median requests/s and median p99;
#  5. the mixed scenario (below): reads, logged-in pages and report writes
#     through bench/mixed.lua at WEB_MIXED_CONNS, beside nginx's copy of the
#     status at the same connections; every write wrk saw acknowledged must
#     be in the journal.
#
# The script fails if a check fails or a server answers non-2xx under load;
# it never fails on a speed figure. Usage: bench/web.sh
# Environment: MINSHENG (binary), WEB_THREADS (default "default <cores>"),
# WEB_CONNS (64), WEB_DURATION (10s), WEB_RUNS (3), WEB_WRK_THREADS (2),
# WEB_SCENARIOS ("reads mixed"; nginx is started for either), WEB_MIXED_CONNS
# ("64 200"), WEB_MIXED_DURATION (WEB_DURATION), WEB_MIXED_RUNS (WEB_RUNS),
# WEB_MIXED_BASELINE (another build's binary, run in turn in the mixed scenario),
# BENCH_DIR (kept if given, else a temp dir removed at exit).
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=${MINSHENG:-build/minsheng}
PATH=$PATH:/usr/sbin   # nginx, for a user without sbin in PATH
CORES=$(nproc)
THREADS=${WEB_THREADS:-default $CORES}
CONNS=${WEB_CONNS:-64}
DURATION=${WEB_DURATION:-10s}
RUNS=${WEB_RUNS:-3}
WRK_THREADS=${WEB_WRK_THREADS:-2}
SCENARIOS=${WEB_SCENARIOS:-reads mixed}
want() { case " $SCENARIOS " in *" $1 "*) return 0 ;; esac; return 1; }
AS_OF=2023-07-07
PATHS=("api/v1/status?as_of=$AS_OF" "?as_of=$AS_OF")   # relative to each server's base URL
NAMES=(status overview)

for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || { echo "bench/web.sh: needs $tool (bench/deps.sh installs it)" >&2; exit 2; }
done
[ -x "$MINSHENG" ] || { echo "bench/web.sh: no binary at $MINSHENG" >&2; exit 2; }

if [ -n "${BENCH_DIR:-}" ]; then DIR=$BENCH_DIR; mkdir -p "$DIR"; KEEP=1; else DIR=$(mktemp -d); KEEP=0; fi
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	[ "$KEEP" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "bench/web.sh: FAIL: $*" >&2; exit 1; }

# ---------- minsheng, once per thread count ----------
rm -f "$DIR"/web.db*
MINSHENG_DATA=$PWD/data "$MINSHENG" --db "$DIR/web.db" init --demo >/dev/null
declare -A BASE   # server label -> base URL ending in /
SERVERS=()
for th in $THREADS; do
	label="minsheng-$th"
	opt=(); [ "$th" = default ] || opt=(--threads "$th")
	MINSHENG_DATA=$PWD/data "$MINSHENG" --db "$DIR/web.db" serve --listen 127.0.0.1:0 "${opt[@]}" \
		> "$DIR/$label.out" 2> "$DIR/$label.err" &
	PIDS+=($!)
	for _ in $(seq 1 100); do grep -q 'http://' "$DIR/$label.out" 2>/dev/null && break; sleep 0.05; done
	url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$DIR/$label.out" | head -1 || true)
	[ -n "$url" ] || fail "$label did not print its address: $(cat "$DIR/$label.err")"
	BASE[$label]=$url
	SERVERS+=("$label")
done
MS0=${SERVERS[0]}

# ---------- the saved responses ----------
WWW=$DIR/www
mkdir -p "$WWW/api/v1"
declare -A TYPE   # name -> Content-Type minsheng sends
for i in "${!NAMES[@]}"; do
	n=${NAMES[$i]}
	code=$(curl -s --max-time 10 -o "$DIR/$n.body" -w '%{http_code} %{content_type}' "${BASE[$MS0]}${PATHS[$i]}")
	[ "${code%% *}" = 200 ] || fail "$MS0 ${PATHS[$i]}: HTTP ${code%% *}"
	TYPE[$n]=${code#* }
	[ -s "$DIR/$n.body" ] || fail "$MS0 ${PATHS[$i]}: empty body"
done
cp "$DIR/status.body" "$WWW/api/v1/status"
cp "$DIR/overview.body" "$WWW/index.html"

# ---------- nginx: foreground, own prefix, one worker per core ----------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
NGINX_PORT=$(free_port)
mkdir -p "$DIR/nginx"
user_line=""
if [ "$(id -u)" -eq 0 ]; then
	# as root the workers drop to nobody, who must be able to read the files
	user_line="user nobody $(id -gn nobody);"
	chmod 755 "$DIR"
	chmod -R a+rX "$WWW"
fi
# the same headers minsheng sends, so the responses weigh the same
sec_headers=$(cat <<'EOF'
		add_header Content-Security-Policy "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" always;
		add_header X-Content-Type-Options nosniff always;
		add_header X-Frame-Options DENY always;
		add_header Referrer-Policy no-referrer always;
		add_header Cache-Control no-store always;
EOF
)
cat > "$DIR/nginx.conf" <<EOF
$user_line
worker_processes $CORES;
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
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	etag off;
	server_tokens off;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $WWW;
		location = /api/v1/status {
			types { }
			default_type "${TYPE[status]}";
$sec_headers
		}
		location / {
			types { }
			default_type "${TYPE[overview]}";
			index index.html;
$sec_headers
		}
	}
}
EOF
nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" -g 'daemon off;' 2> "$DIR/nginx/stderr" &
PIDS+=($!)
BASE[nginx]="http://127.0.0.1:$NGINX_PORT/"
SERVERS+=(nginx)
for _ in $(seq 1 100); do curl -s -o /dev/null --max-time 1 "${BASE[nginx]}" && break; sleep 0.05; done

# ---------- checks: 200, same type, same bytes, on every server ----------
check_all() { # when
	local s i n code
	for s in "${SERVERS[@]}"; do
		for i in "${!NAMES[@]}"; do
			n=${NAMES[$i]}
			code=$(curl -s --max-time 10 -o "$DIR/got" -w '%{http_code} %{content_type}' "${BASE[$s]}${PATHS[$i]}") ||
				fail "$1: $s ${PATHS[$i]}: curl failed ($(cat "$DIR/nginx/stderr" 2>/dev/null))"
			[ "${code%% *}" = 200 ] || fail "$1: $s ${PATHS[$i]}: HTTP ${code%% *}"
			[ "${code#* }" = "${TYPE[$n]}" ] || fail "$1: $s ${PATHS[$i]}: Content-Type '${code#* }', not '${TYPE[$n]}'"
			cmp -s "$DIR/got" "$DIR/$n.body" || fail "$1: $s ${PATHS[$i]}: the body differs from the saved copy"
		done
	done
}
check_all "before the load"
echo "bench/web.sh: $CORES cores; servers: $(for s in "${SERVERS[@]}"; do printf '%s=%s ' "$s" "${BASE[$s]}"; done)"
echo "bench/web.sh: bodies: status $(stat -c %s "$DIR/status.body") B, overview $(stat -c %s "$DIR/overview.body") B; identical on every server"

# ---------- load ----------
# wrk's "99%  3.21ms" line, in ms
pct_ms() { awk -v p="$1%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
	f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f\n", v * f }' "$2"; }
p99_ms() { pct_ms 99 "$1"; }
rps() { awk '$1 == "Requests/sec:" { print $2 }' "$1"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

TARGETS=()
for s in "${SERVERS[@]}"; do for n in "${NAMES[@]}"; do TARGETS+=("$s:$n"); done; done
url_of() { local s=${1%%:*} n=${1#*:} i; for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$n" ] && echo "${BASE[$s]}${PATHS[$i]}"; done; }

want reads && for t in "${TARGETS[@]}"; do   # warm-up: each worker opens its database, nginx maps its files
	wrk -t"$WRK_THREADS" -c"$CONNS" -d2s "$(url_of "$t")" >/dev/null
done
declare -A RPS P99
want reads && for r in $(seq 1 "$RUNS"); do
	for t in "${TARGETS[@]}"; do
		out=$DIR/wrk-${t/:/-}-$r.txt
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "$(url_of "$t")" > "$out"
		! grep -q 'Non-2xx' "$out" || fail "$t run $r: $(grep 'Non-2xx' "$out")"
		grep -q 'Requests/sec' "$out" || fail "$t run $r: no figures from wrk: $(cat "$out")"
		RPS[$t]+="$(rps "$out") "
		P99[$t]+="$(p99_ms "$out") "
		errs=$(grep 'Socket errors' "$out" || true)
		printf 'run %s  %-26s %10s req/s  p99 %8s ms  %s\n' "$r" "$t" "$(rps "$out")" "$(p99_ms "$out")" "$errs"
	done
done
check_all "after the load"

# ---------- the table ----------
if want reads; then
	echo
	echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION over loopback, $CORES cores, median of $RUNS runs"
	printf '%-26s %12s %10s %12s %12s\n' target "req/s" "p99 ms" "req/s/nginx" "p99/nginx"
	# shellcheck disable=SC2086 # RPS/P99 hold space-separated figures, split on purpose
	for t in "${TARGETS[@]}"; do
		m_rps=$(printf '%s\n' ${RPS[$t]} | median)
		m_p99=$(printf '%s\n' ${P99[$t]} | median)
		n_rps=$(printf '%s\n' ${RPS[nginx:${t#*:}]} | median)
		n_p99=$(printf '%s\n' ${P99[nginx:${t#*:}]} | median)
		printf '%-26s %12.0f %10.2f %12s %12s\n' "$t" "$m_rps" "$m_p99" \
			"$(awk -v a="$m_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')" \
			"$(awk -v a="$m_p99" -v b="$n_p99" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), (b > 0 ? a / b : 0) }')"
	done
	echo "aim: minsheng ≥ 0.50 of nginx's req/s, p99 < 10 ms at 64 connections (reported, not asserted)"
fi

# ---------- the mixed scenario: reads, logged-in pages and report writes ----------
# A database of its own (its status moves with every write), served with the
# clock inside the 2023-12-25 round so reports are accepted, and a cap per
# address above WEB_MIXED_CONNS (wrk is one address standing for many
# clients). bench/mixed.lua: of 10 requests 4 GET /api/v1/status, 2 GET
# /report as 南昌's reporter (session cookie), 1 GET /review as a lead, 3
# POST /api/v1/reports with the token of one of the 11 cities. Checks: no
# answer but 200 and 201, and the journal grew by the writes wrk saw
# acknowledged (201) plus at most one per connection: those in flight when
# wrk stops, stored but never read. nginx's status copy at the same connections, in turn
# with each run, is the peer.
want mixed || exit 0
MIXED_CONNS=${WEB_MIXED_CONNS:-64 200}
MIXED_DURATION=${WEB_MIXED_DURATION:-$DURATION}
MIXED_RUNS=${WEB_MIXED_RUNS:-$RUNS}
MIXED_STATUS="/api/v1/status?as_of=2023-12-20"
CITIES="nanchang:360100 jingdezhen:360200 pingxiang:360300 jiujiang:360400 xinyu:360500 yingtan:360600
	ganzhou:360700 jian:360800 yichun:360900 fuzhou:361000 shangrao:361100"
export MS_CLOCK MINSHENG_DATA=$PWD/data
MS_CLOCK=$(date -u -d "2023-12-20 10:00 +0800" +%s)
declare -A MBASE MDB MARGS   # label -> base URL, database, wrk script arguments
MIXED=()
mixed_server() { # LABEL BINARY: a demo database of its own with the 11 cities' reporters, served
	local label=$1 bin=$2 db=$DIR/mixed-$1.db u c url rep lead pg code
	local tokens=()
	rm -f "$db"*
	"$bin" --db "$db" init --demo >/dev/null
	for c in $CITIES; do
		u=${c%%:*}
		[ "$u" = nanchang ] || [ "$u" = jiujiang ] ||   # demo users already
			echo "bench-pass-$u" | "$bin" --db "$db" user add "$u" --role reporter --org "${c#*:}" >/dev/null
		tokens+=("$("$bin" --db "$db" user token "$u" 2>/dev/null | grep -o '^[0-9a-f]\{64\}$')")
	done
	[ "${#tokens[@]}" = 11 ] || fail "mixed $label: 11 city tokens expected, got ${#tokens[@]}"
	"$bin" --db "$db" serve --listen 127.0.0.1:0 --max-per-address 1000 > "$DIR/mixed-$label.out" \
		2> "$DIR/mixed-$label.err" &
	PIDS+=($!)
	for _ in $(seq 1 100); do grep -q 'http://' "$DIR/mixed-$label.out" 2>/dev/null && break; sleep 0.05; done
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$DIR/mixed-$label.out" | head -1 || true)
	[ -n "$url" ] || fail "mixed $label: the server did not start: $(cat "$DIR/mixed-$label.err")"
	session() { # NAME -> its ms_session cookie value
		curl -s -D - -o /dev/null -d "name=$1&password=minsheng2023" "$url/login" | tr -d '\r' |
			sed -n 's/^Set-Cookie: ms_session=\([^;]*\).*/\1/Ip' | head -1
	}
	rep=$(session nanchang)
	lead=$(session civil)
	[ -n "$rep" ] && [ -n "$lead" ] || fail "mixed $label: no session cookie from /login"
	for pg in "/report?round=2023-12-25 $rep" "/review?round=2023-12-25 $lead"; do
		code=$(curl -s -o /dev/null -w '%{http_code}' -b "ms_session=${pg#* }" "$url${pg%% *}")
		[ "$code" = 200 ] || fail "mixed $label: ${pg%% *} with a session: HTTP $code"
	done
	MBASE[$label]=$url
	MDB[$label]=$db
	MARGS[$label]="$MIXED_STATUS $rep $lead ${tokens[*]}"
	MIXED+=("$label")
}
mixed_server minsheng "$MINSHENG"
# WEB_MIXED_BASELINE=BINARY: an older build beside it, in turn with it (before and after in one run)
[ -z "${WEB_MIXED_BASELINE:-}" ] || mixed_server baseline "$WEB_MIXED_BASELINE"
journal_writes() { sqlite3 "$1" "SELECT count(*) FROM journal WHERE action LIKE 'report.%'"; }
settled_writes() { # DB: the count once the server has finished the requests wrk left in flight
	local a b
	a=$(journal_writes "$1")
	for _ in $(seq 1 50); do sleep 0.2; b=$(journal_writes "$1"); [ "$a" = "$b" ] && break; a=$b; done
	echo "$b"
}
declare -A M_RPS M_P50 M_P99 N_RPS
# shellcheck disable=SC2086 # MARGS holds space-separated arguments, split on purpose
for m in "${MIXED[@]}"; do   # warm-up
	wrk -t"$WRK_THREADS" -c64 -d2s -s bench/mixed.lua "${MBASE[$m]}" -- ${MARGS[$m]} > /dev/null
done
for r in $(seq 1 "$MIXED_RUNS"); do
	for c in $MIXED_CONNS; do
		out=$DIR/wrk-nginx-status-c$c-$r.txt
		wrk -t"$WRK_THREADS" -c"$c" -d"$MIXED_DURATION" --latency "${BASE[nginx]}api/v1/status" > "$out"
		N_RPS[$c]+="$(rps "$out") "
		printf 'run %s  nginx status c%-4s %10s req/s  p99 %8s ms\n' "$r" "$c" "$(rps "$out")" "$(p99_ms "$out")"
		for m in "${MIXED[@]}"; do
			out=$DIR/wrk-mixed-$m-c$c-$r.txt
			before=$(settled_writes "${MDB[$m]}")
			# shellcheck disable=SC2086
			wrk -t"$WRK_THREADS" -c"$c" -d"$MIXED_DURATION" --timeout 10s --latency -s bench/mixed.lua "${MBASE[$m]}" -- \
				${MARGS[$m]} > "$out"
			after=$(settled_writes "${MDB[$m]}")
			grep -q 'Requests/sec' "$out" || fail "mixed $m c$c run $r: no figures from wrk: $(cat "$out")"
			read -r acked refused <<< "$(sed -n 's/^acked \([0-9]*\) refused \([0-9]*\).*/\1 \2/p' "$out")"
			[ "$refused" = 0 ] || fail "mixed $m c$c run $r: $refused answers neither 200 nor 201"
			# wrk stops reading at its deadline: the writes then in flight (one per
			# connection at most) are stored but never counted as acknowledged
			found=$((after - before))
			[ "$found" -ge "$acked" ] && [ "$found" -le "$((acked + c))" ] ||
				fail "mixed $m c$c run $r: wrk saw $acked writes acknowledged, the journal grew by $found"
			M_RPS[$m:$c]+="$(rps "$out") "
			M_P50[$m:$c]+="$(pct_ms 50 "$out") "
			M_P99[$m:$c]+="$(p99_ms "$out") "
			errs=$(grep 'Socket errors' "$out" || true)
			printf 'run %s  %-8s mixed c%-4s %10s req/s  p50 %8s ms  p99 %8s ms  writes acked %s found %s  %s\n' \
				"$r" "$m" "$c" "$(rps "$out")" "$(pct_ms 50 "$out")" "$(p99_ms "$out")" "$acked" "$found" "$errs"
		done
	done
done
echo
echo "mixed: wrk -t$WRK_THREADS -d$MIXED_DURATION -s bench/mixed.lua, $CORES cores, median of $MIXED_RUNS runs;" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-12s %10s %9s %9s %14s %12s\n' server connections "req/s" "p50 ms" "p99 ms" "nginx req/s" "req/s/nginx"
# shellcheck disable=SC2086 # space-separated figures, split on purpose
for m in "${MIXED[@]}"; do
	for c in $MIXED_CONNS; do
		v=$(printf '%s\n' ${M_RPS[$m:$c]} | median)
		n=$(printf '%s\n' ${N_RPS[$c]} | median)
		printf '%-10s %-12s %10.0f %9s %9s %14.0f %12s\n' "$m" "$c" "$v" "$(printf '%s\n' ${M_P50[$m:$c]} | median)" \
			"$(printf '%s\n' ${M_P99[$m:$c]} | median)" "$n" "$(awk -v a="$v" -v b="$n" 'BEGIN { printf "%.4f", a / b }')"
	done
done
echo "aim: ≥ 6,425 req/s (5× the 1,285 the issue measured), p99 < 50 ms, at 64 and 200 connections (reported, not asserted)"
