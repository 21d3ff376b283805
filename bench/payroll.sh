#!/usr/bin/env bash
# bench/payroll.sh - `batch dibao` on N synthetic households (default 10
# million, about 400 MB) against, in the same run and on the same file:
# an equivalent pandas script, an equivalent mawk script, and the I/O floor
# `cat IN > OUT`. The three computing outputs must be byte-identical.
# Prints median wall seconds of RUNS runs (default 3), rows/s, peak memory,
# the ratios, and minsheng's peak memory at N/10 (flat in N). pandas takes
# minutes at 10 million rows, so it runs PANDAS_RUNS times (default 1).
# Usage: bench/payroll.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
RUNS=${RUNS:-3}
PANDAS_RUNS=${PANDAS_RUNS:-1}
MINSHENG=${MINSHENG:-build/minsheng}
DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
for tool in mawk /usr/bin/python3 /usr/bin/time bc; do
	command -v "$tool" >/dev/null || { echo "bench/payroll.sh: $tool is missing; run bench/deps.sh" >&2; exit 2; }
done
/usr/bin/python3 -c 'import pandas' 2>/dev/null || { echo "bench/payroll.sh: python3-pandas is missing; run bench/deps.sh" >&2; exit 2; }

cc -O2 -o "$DIR/payroll_gen" bench/payroll_gen.c
"$DIR/payroll_gen" "$N" > "$DIR/in.csv"
"$DIR/payroll_gen" $((N / 10)) > "$DIR/in10.csv"
echo "input: $N rows, $(( $(stat -c %s "$DIR/in.csv") / 1048576 )) MiB"

# run3 NAME OUT CMD... : RUNS timed runs; sets MED (s) and PEAK (KiB)
run3() {
	local name=$1 out=$2; shift 2
	local ts=() peak=0
	for _ in $(seq "$RUNS"); do
		rm -f "$out"
		/usr/bin/time -f '%e %M' -o "$DIR/t" "$@" > "$DIR/stdout" 2>/dev/null
		read -r s kb < "$DIR/t"
		ts+=("$s")
		[ "$kb" -gt "$peak" ] && peak=$kb
	done
	MED=$(printf '%s\n' "${ts[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	PEAK=$peak
	printf '%-10s %8.2f s %12.0f rows/s %8d MiB\n' "$name" "$MED" "$(echo "$N / $MED" | bc -l)" $((PEAK / 1024))
}

run3 minsheng "$DIR/out-m.csv" "$MINSHENG" batch dibao "$DIR/in.csv" -o "$DIR/out-m.csv"
M=$MED; MP=$PEAK
run3 mawk "$DIR/out-a.csv" sh -c "mawk -F, -f bench/payroll.awk '$DIR/in.csv' > '$DIR/out-a.csv'"
A=$MED
RUNS_SAVED=$RUNS
RUNS=$PANDAS_RUNS
run3 pandas "$DIR/out-p.csv" /usr/bin/python3 bench/payroll.py "$DIR/in.csv" "$DIR/out-p.csv"
RUNS=$RUNS_SAVED
P=$MED
run3 cat "$DIR/out-c.csv" sh -c "cat '$DIR/in.csv' > '$DIR/out-c.csv'"
C=$MED
cmp "$DIR/out-m.csv" "$DIR/out-a.csv" || { echo "MISMATCH: minsheng and mawk differ" >&2; exit 1; }
cmp "$DIR/out-m.csv" "$DIR/out-p.csv" || { echo "MISMATCH: minsheng and pandas differ" >&2; exit 1; }
echo "outputs: minsheng, mawk and pandas byte-identical ($(( $(stat -c %s "$DIR/out-m.csv") / 1048576 )) MiB)"
/usr/bin/time -f '%M' -o "$DIR/t10" "$MINSHENG" batch dibao "$DIR/in10.csv" -o "$DIR/out10.csv" >/dev/null
printf 'ratios: mawk/minsheng %.1fx   pandas/minsheng %.1fx   minsheng/cat %.1fx\n' \
	"$(echo "$A / $M" | bc -l)" "$(echo "$P / $M" | bc -l)" "$(echo "$M / $C" | bc -l)"
echo "minsheng peak memory: $((MP / 1024)) MiB at $N rows, $(( $(cat "$DIR/t10") / 1024 )) MiB at $((N / 10)) rows"
rm -f "$DIR"/out-*.csv "$DIR/out10.csv"
