#!/usr/bin/env bash
# Runs the whole suite against a sanitizer build: the cmocka unit tests, the
# command-line golden tests, a smoke run of every fuzz target, and the
# database scripts again on a throwaway PostgreSQL cluster (tests/pg-suite.sh).
# usage: tests/run.sh BUILD_DIR [FUZZ_BUILD_DIR]
#
# The jobs (each CLI script, once on SQLite and, for the database scripts,
# once on PostgreSQL; the unit tests; the fuzz smoke) share MS_TEST_JOBS
# workers (default: the number of CPUs), longest first. Each job's line is
# printed as it ends, with its seconds; a failing job's "not ok" lines follow it.
# Ends with one line "N passed, N failed (SQLite …; PostgreSQL …)" counting both
# backends; exits non-zero if anything failed. MS_TEST_PG=0 leaves PostgreSQL out.
set -u
cd "$(dirname "$0")/.."
build=${1:-build-asan}
fuzz_build=${2:-}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

workers=${MS_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# --- the jobs: KIND NAME (kind: unit, cli, pg, fuzz) ---
# Longest first, so that the last one to end is a short one: the order below
# is by the seconds this file printed on 2 CPUs (pg eval ~140 s, eval ~125,
# browser ~100, pg auth and pg cache ~85 …); every other script follows.
slow_first="pg:eval cli:eval cli:browser pg:auth pg:cache cli:vote cli:cache cli:auth pg:ledger
	cli:vote_desk pg:bulletins cli:backup cli:gongwen cli:golden pg:rounds cli:harden"
jobs=()
declare -A listed=()
pg_scripts=()
if [ "${MS_TEST_PG:-1}" != 0 ]; then
	# the scripts that use a database; tests/pg-suite.sh says which are left out and why
	pg_scripts=($(tests/pg-suite.sh --list))
fi
for j in $slow_first; do
	kind=${j%%:*} s=${j#*:}
	[ -f "tests/cli/$s.sh" ] || continue
	[ "$kind" = pg ] && { case " ${pg_scripts[*]} " in *" $s "*) ;; *) continue ;; esac; }
	jobs+=("$kind $s")
	listed["$kind $s"]=1
done
# the fuzz smoke (~80 s) and the unit tests (~40 s) next: at the end they would run alone
[ -n "$fuzz_build" ] && jobs+=("fuzz smoke")
jobs+=("unit all")
for s in "${pg_scripts[@]}"; do
	[ -n "${listed["pg $s"]:-}" ] || jobs+=("pg $s")
done
for f in tests/cli/*.sh; do
	s=$(basename "$f" .sh)
	[ "$s" = lib ] && continue
	[ -n "${listed["cli $s"]:-}" ] || jobs+=("cli $s")
done

# --- PostgreSQL: one cluster for all the pg jobs, started before them ---
pg_ok=1
if [ ${#pg_scripts[@]} -gt 0 ]; then
	. tests/pg-cluster.sh
	if pg_cluster_start 2>"$out/pg-start.err"; then
		export MS_PG_BASE=postgresql://minsheng@127.0.0.1:$PG_PORT
		trap 'pg_cluster_stop; rm -rf "$out"' EXIT
	else
		pg_ok=0
	fi
fi

# run_job KIND NAME: its output in $out/KIND.NAME.out; prints "P F" on its last line
run_job() {
	local kind=$1 name=$2
	case $kind in
	cli) MINSHENG="$PWD/$build/minsheng" bash "tests/cli/$name.sh" 2>&1 ;;
	pg)
		[ "$pg_ok" = 1 ] || { cat "$out/pg-start.err"; return; }
		tests/pg-suite.sh --reuse "$build" "$name" 2>&1
		;;
	unit)
		local t o rc p f
		for t in "$build"/test_*; do
			[ -f "$t" ] && [ -x "$t" ] || continue
			o=$("$t" 2>&1)
			rc=$?
			# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
			p=$(printf '%s\n' "$o" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
			f=$(printf '%s\n' "$o" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
			p=${p:-0} f=${f:-0}
			[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1 # crashed or a sanitizer stopped it
			if [ "$f" -ne 0 ]; then
				printf '%s\n' "$o" | grep -v '^\[       OK \]\|^\[ RUN      \]' | head -60 | sed 's/^/not ok /'
			fi
			printf '%-28s %4d passed %4d failed\n' "$(basename "$t")" "$p" "$f"
			echo "cli-result: $p $f" # summed below
		done
		;;
	fuzz) tests/fuzz.sh "$fuzz_build" smoke 2>&1 | sed 's/^fuzz-result:/cli-result:/' ;;
	esac
}

# report KIND NAME SECONDS: one line, the failures under it; adds to the totals
sq_p=0 sq_f=0 pg_p=0 pg_f=0
failures=()
report() {
	local kind=$1 name=$2 secs=$3 file="$out/$1.$2.out" p f label
	p=$(sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\1/p' "$file" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\2/p' "$file" | awk '{s += $1} END {print s + 0}')
	if ! grep -q '^cli-result: ' "$file"; then
		f=1 # it broke off before its last line
		tail -30 "$file"
	fi
	case $kind in
	cli) label="$name.sh" ;;
	pg) label="$name (PostgreSQL)" ;;
	unit) label="unit tests ($(grep -c '^test_' "$file") binaries)" ;;
	fuzz) label="fuzz smoke" ;;
	esac
	if [ "$f" -ne 0 ]; then
		failures+=("$label")
		grep -A30 '^not ok' "$file" | head -80
	fi
	printf '%-28s %4d passed %4d failed %5ds\n' "$label" "$p" "$f" "$secs"
	if [ "$kind" = pg ]; then
		pg_p=$((pg_p + p)) pg_f=$((pg_f + f))
	else
		sq_p=$((sq_p + p)) sq_f=$((sq_f + f))
	fi
}

# --- the pool: start up to $workers jobs; as each ends, report it and start the next ---
declare -A pid_job=() started=()
next=0
start_next() {
	local kind name
	read -r kind name <<<"${jobs[$next]}"
	next=$((next + 1))
	started["$kind.$name"]=$SECONDS
	( run_job "$kind" "$name" >"$out/$kind.$name.out" 2>&1 ) &
	pid_job[$!]="$kind $name"
}
while [ $next -lt ${#jobs[@]} ] && [ ${#pid_job[@]} -lt "$workers" ]; do start_next; done
while [ ${#pid_job[@]} -gt 0 ]; do
	wait -n -p done_pid
	read -r kind name <<<"${pid_job[$done_pid]}"
	unset "pid_job[$done_pid]"
	report "$kind" "$name" $((SECONDS - ${started["$kind.$name"]}))
	[ $next -lt ${#jobs[@]} ] && start_next
done

if [ ${#failures[@]} -ne 0 ]; then
	echo "failing: ${failures[*]}"
fi
passed=$((sq_p + pg_p)) failed=$((sq_f + pg_f))
if [ ${#pg_scripts[@]} -gt 0 ]; then
	echo "$passed passed, $failed failed (SQLite $sq_p passed $sq_f failed; PostgreSQL $pg_p passed $pg_f failed)"
else
	echo "$passed passed, $failed failed (SQLite only: MS_TEST_PG=0)"
fi
[ "$failed" -eq 0 ]
