#!/usr/bin/env bash
# bench/notice.sh - throughput of `minsheng notice import` in MB/s on large inputs
# made from the project's notice (data/notices/jiangxi-2023-minsheng-notice.txt):
#   repeated   the notice repeated to SIZE MB, line breaks kept (every passage is a
#              duplicate thousands of times: the worst case for duplicate bookkeeping)
#   oneline    the same bytes with every line break removed (one enormous line)
#   gb18030    the repeated text converted to GB18030 (adds the iconv conversion)
# and checks that a 100 MB file is refused at once (a plan's source is at most 64 MiB).
# The peer, on the same file in the same run: GNU grep finding every number with a unit
# (grep -oE '[0-9.]+(亿元|万元|元|%|户|家|台|个|人)'), one regex pass that places nothing;
# for GB18030 the peer is iconv converting it to UTF-8. ratio = minsheng's time / the peer's.
# Median of 3 runs, wall seconds and peak RSS (/usr/bin/time). Use a release build:
#   meson setup build-release --buildtype=release -Dtests=false && ninja -C build-release
# Usage: bench/notice.sh [SIZE_MB]   (default 60; at most 64)
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=${MINSHENG:-build-release/minsheng}
SIZE=${1:-60}
DIR=${BENCH_DIR:-$(mktemp -d)}
NOTICE=data/notices/jiangxi-2023-minsheng-notice.txt
[ -x "$MINSHENG" ] || { echo "bench/notice.sh: build $MINSHENG first (see the header)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench/notice.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ "$SIZE" -le 64 ] || { echo "bench/notice.sh: SIZE_MB is at most 64 (the largest notice a plan may quote)" >&2; exit 2; }

bytes=$((SIZE * 1000 * 1000))
# whole copies of the notice, as many as fit
copies=$((bytes / $(stat -c %s "$NOTICE")))
: > "$DIR/repeated.txt"
for _ in $(seq 1 "$copies"); do cat "$NOTICE"; done > "$DIR/repeated.txt"
tr -d '\n' < "$DIR/repeated.txt" > "$DIR/oneline.txt"
iconv -f UTF-8 -t GB18030 "$DIR/repeated.txt" > "$DIR/gb18030.txt"
head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$DIR/huge.txt"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

peer() { # FILE NAME: the peer's command on it
	if [ "$2" = gb18030 ]; then
		iconv -f GB18030 -t UTF-8 "$1" > /dev/null
	else
		LC_ALL=C.UTF-8 grep -oE '[0-9.]+(亿元|万元|元|%|户|家|台|个|人)' "$1" | wc -l > /dev/null
	fi
}
printf '%-10s %10s %9s %9s %9s %9s %7s\n' input MB median_s MB/s peak_MiB peer_s ratio
for name in repeated oneline gb18030; do
	f=$DIR/$name.txt
	mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1e6 }')
	: > "$DIR/times"
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$DIR/t" "$MINSHENG" notice import "$f" -o "$DIR/$name.json" >/dev/null
		cat "$DIR/t" >> "$DIR/times"
	done
	s=$(awk '{ print $1 }' "$DIR/times" | median)
	rss=$(awk '{ print $2 }' "$DIR/times" | sort -n | tail -1)
	: > "$DIR/ptimes"
	for _ in 1 2 3; do
		a=$(date +%s.%N); peer "$f" "$name"; b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f\n", b - a }' >> "$DIR/ptimes"
	done
	ps=$(median < "$DIR/ptimes")
	awk -v n="$name" -v mb="$mb" -v s="$s" -v r="$rss" -v p="$ps" \
		'BEGIN { printf "%-10s %10s %9.2f %9.1f %9.0f %9.2f %7.1f\n", n, mb, s, (s > 0 ? mb / s : 0), r / 1024, p, (p > 0 ? s / p : 0) }'
done
# the draft of the repeated notice still validates against its source
"$MINSHENG" plan validate "$DIR/repeated.json" | sed 's/^/validate: /'
# a 100 MB file: refused before it is read
start=$(date +%s.%N)
if "$MINSHENG" notice import "$DIR/huge.txt" 2> "$DIR/err"; then
	echo "bench/notice.sh: a 100 MB file was accepted" >&2
	exit 1
fi
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "100 MB file refused in %.3f s: ", b - a }'
cat "$DIR/err"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$DIR"
