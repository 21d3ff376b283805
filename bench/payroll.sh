#!/usr/bin/env bash
# bench/payroll.sh - `batch dibao` on N synthetic households (default 10
# million, 321 MB, the issue's layout id,region,area,members,income, all in
# July 2023) against, in the same run and on the same file: the plainest
# correct mawk program (bench/payroll-plain.awk, as issue 19 gives it), the
# copy floor `cat IN > OUT` (issue 19's peer: copy_file_range, no byte
# through user space), two floors of a program that reads and writes through
# user space: `dd bs=1M` of the input, and bench/io_floor.c (read(2) 256 KiB
# blocks, write(2) as many bytes as minsheng writes: no work per row), and
# bench/line_floor.c (every core: each line found and copied with a fixed
# suffix in place of the payroll's columns, pieces written in order: no
# parsing, no computing; its time over cat's is the floor under
# minsheng/cat), and minsheng itself on one thread. MINSHENG_BEFORE=BIN
# adds an older binary, run in the same loop, for before/after figures. With
# PANDAS_RUNS=1, also bench/payroll.py (pandas takes minutes at 10 million).
# Prints the machine's load before and after, the median wall seconds of
# RUNS runs (default 5), rows/s, peak memory, user and system CPU seconds
# (the minimum over the runs: less noisy than wall time on a shared
# machine), the ratios, and minsheng's peak
# memory at N/10 (flat in N). Fails unless the outputs agree: minsheng's and
# pandas' byte for byte; mawk's, which has no per-capita column and spells
# eligible True/False, after dropping that column and respelling.
# Usage: bench/payroll.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
RUNS=${RUNS:-5}
PANDAS_RUNS=${PANDAS_RUNS:-0}
MINSHENG=${MINSHENG:-build-release/minsheng}
DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
for tool in mawk /usr/bin/time bc; do
	command -v "$tool" >/dev/null || { echo "bench/payroll.sh: $tool is missing; run bench/deps.sh" >&2; exit 2; }
done
if [ "$PANDAS_RUNS" -gt 0 ]; then
	/usr/bin/python3 -c 'import pandas' 2>/dev/null || { echo "bench/payroll.sh: python3-pandas is missing; run bench/deps.sh" >&2; exit 2; }
fi

cc -O2 -o "$DIR/payroll_gen" bench/payroll_gen.c
cc -O2 -o "$DIR/io_floor" bench/io_floor.c
cc -O2 -pthread -o "$DIR/line_floor" bench/line_floor.c
"$DIR/payroll_gen" "$N" 20230220 plain > "$DIR/in.csv"
"$DIR/payroll_gen" $((N / 10)) 20230220 plain > "$DIR/in10.csv"
echo "input: $N rows, $(( $(stat -c %s "$DIR/in.csv") / 1048576 )) MiB; $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# runs NAME OUT CMD... : RUNS timed runs, the output removed before each; sets MED (s) and PEAK (KiB)
runs() {
	local name=$1 out=$2; shift 2
	local ts=() us=() ss=() peak=0
	for _ in $(seq "$RUNS"); do
		rm -f "$out"
		/usr/bin/time -f '%e %M %U %S' -o "$DIR/t" "$@" > "$DIR/stdout" 2>/dev/null
		read -r s kb u sy < "$DIR/t"
		ts+=("$s")
		us+=("$u")
		ss+=("$sy")
		[ "$kb" -gt "$peak" ] && peak=$kb
	done
	MED=$(printf '%s\n' "${ts[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	PEAK=$peak
	printf '%-20s %8.2f s %12.0f rows/s %8d MiB  cpu user %5.2f sys %5.2f  (runs: %s)\n' "$name" "$MED" \
		"$(echo "$N / $MED" | bc -l)" $((PEAK / 1024)) "$(printf '%s\n' "${us[@]}" | sort -n | head -1)" \
		"$(printf '%s\n' "${ss[@]}" | sort -n | head -1)" "${ts[*]}"
}

if [ -n "${MINSHENG_BEFORE:-}" ]; then
	runs "before" "$DIR/out-b.csv" "$MINSHENG_BEFORE" batch dibao "$DIR/in.csv" --month 2023-07 -o "$DIR/out-b.csv"
	B=$MED
fi
runs minsheng "$DIR/out-m.csv" "$MINSHENG" batch dibao "$DIR/in.csv" --month 2023-07 -o "$DIR/out-m.csv"
M=$MED; MP=$PEAK
runs "minsheng 1 thread" "$DIR/out-1.csv" "$MINSHENG" batch dibao "$DIR/in.csv" --month 2023-07 -o "$DIR/out-1.csv" --threads 1
M1=$MED
runs mawk "$DIR/out-a.csv" sh -c "mawk -f bench/payroll-plain.awk '$DIR/in.csv' > '$DIR/out-a.csv'"
A=$MED
runs cat "$DIR/out-c.csv" sh -c "cat '$DIR/in.csv' > '$DIR/out-c.csv'"
C=$MED
runs "dd bs=1M" "$DIR/out-d.csv" dd if="$DIR/in.csv" of="$DIR/out-d.csv" bs=1M
D=$MED
RATIO=$(echo "$(stat -c %s "$DIR/out-m.csv") / $(stat -c %s "$DIR/in.csv")" | bc -l)
runs "io_floor" "$DIR/out-f.csv" "$DIR/io_floor" "$DIR/in.csv" "$DIR/out-f.csv" "$RATIO"
F=$MED
runs "line_floor" "$DIR/out-l.csv" "$DIR/line_floor" "$DIR/in.csv" "$DIR/out-l.csv" "$(nproc)"
L=$MED
if [ "$PANDAS_RUNS" -gt 0 ]; then
	RUNS_SAVED=$RUNS
	RUNS=$PANDAS_RUNS
	runs pandas "$DIR/out-p.csv" /usr/bin/python3 bench/payroll.py "$DIR/in.csv" "$DIR/out-p.csv"
	RUNS=$RUNS_SAVED
	P=$MED
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

cmp "$DIR/out-m.csv" "$DIR/out-1.csv" || { echo "MISMATCH: minsheng on all threads and on one differ" >&2; exit 1; }
if [ -n "${MINSHENG_BEFORE:-}" ]; then
	cmp "$DIR/out-m.csv" "$DIR/out-b.csv" || { echo "MISMATCH: minsheng and the binary before differ" >&2; exit 1; }
fi
cut -d, -f1-6,8,9 "$DIR/out-m.csv" | sed 's/,1$/,True/; s/,0$/,False/' | cmp - "$DIR/out-a.csv" ||
	{ echo "MISMATCH: minsheng and mawk differ" >&2; exit 1; }
if [ "$PANDAS_RUNS" -gt 0 ]; then
	cmp "$DIR/out-m.csv" "$DIR/out-p.csv" || { echo "MISMATCH: minsheng and pandas differ" >&2; exit 1; }
fi
echo "outputs: minsheng's ($(( $(stat -c %s "$DIR/out-m.csv") / 1048576 )) MiB) equal mawk's row for row"\
"$([ "$PANDAS_RUNS" -gt 0 ] && echo " and pandas' byte for byte"); one thread gives the same bytes"
"$MINSHENG" batch dibao "$DIR/in.csv" --month 2023-07 --summary 2>&1 >/dev/null | sed -n 1,2p
mawk -F, 'NR > 1 { s += int($7 * 100 + 0.5) } END { printf "mawk: payment total %.2f yuan\n", s / 100 }' "$DIR/out-a.csv"
/usr/bin/time -f '%M' -o "$DIR/t10" "$MINSHENG" batch dibao "$DIR/in10.csv" --month 2023-07 -o "$DIR/out10.csv" >/dev/null
printf 'ratios: mawk/minsheng %.1fx (aim >= 10)   minsheng/cat %.1fx (aim <= 3)   1 thread/all %.2fx' \
	"$(echo "$A / $M" | bc -l)" "$(echo "$M / $C" | bc -l)" "$(echo "$M1 / $M" | bc -l)"
[ "$PANDAS_RUNS" -gt 0 ] && printf '   pandas/minsheng %.0fx' "$(echo "$P / $M" | bc -l)"
echo
printf 'floors through user space: minsheng/dd %.1fx   minsheng/io_floor %.1fx   minsheng/line_floor %.2fx' \
	"$(echo "$M / $D" | bc -l)" "$(echo "$M / $F" | bc -l)" "$(echo "$M / $L" | bc -l)"
[ -n "${MINSHENG_BEFORE:-}" ] && printf '   before/minsheng %.2fx' "$(echo "$B / $M" | bc -l)"
echo
printf 'the least a payroll can take here: line_floor/cat %.1fx (the floor under minsheng/cat)\n' "$(echo "$L / $C" | bc -l)"
echo "minsheng peak memory: $((MP / 1024)) MiB at $N rows, $(( $(cat "$DIR/t10") / 1024 )) MiB at $((N / 10)) rows"
rm -f "$DIR"/out-*.csv "$DIR/out10.csv" "$DIR/stdout"
