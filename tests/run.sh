#!/usr/bin/env bash
# Runs the whole suite against a sanitizer build: the cmocka unit tests, the
# command-line golden tests, a smoke run of every fuzz target, and (beside
# them, on the other core) the database scripts again on a throwaway
# PostgreSQL cluster (tests/pg-suite.sh).
# usage: tests/run.sh BUILD_DIR [FUZZ_BUILD_DIR]
# Ends with one line "N passed, N failed (SQLite …; PostgreSQL …)" counting both
# backends; exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
build=${1:-build-asan}
fuzz_build=${2:-}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

passed=0
failed=0
failures=()

# 0. the database scripts again on PostgreSQL (tests/pg-suite.sh), on the
# second core while the rest runs; MS_TEST_PG=0 leaves it out (and says so)
pg_out=
if [ "${MS_TEST_PG:-1}" != 0 ]; then
	pg_out=$(mktemp)
	tests/pg-suite.sh "$build" >"$pg_out" 2>&1 &
	pg_pid=$!
fi

# 1. unit tests (cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)")
for t in "$build"/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	t0=$SECONDS
	out=$("$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or sanitizer stop: count the binary as one failure
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures+=("$(basename "$t")")
		printf '%s\n' "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | head -60
	fi
	printf '%-28s %4d passed %4d failed %5ds\n' "$(basename "$t")" "$p" "$f" $((SECONDS - t0))
done

# 2. command-line golden tests
for s in tests/cli/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	t0=$SECONDS
	out=$(MINSHENG="$PWD/$build/minsheng" bash "$s" 2>&1)
	p=$(printf '%s\n' "$out" | sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\2/p')
	if [ -z "$p" ]; then
		p=0
		f=1
		printf '%s\n' "$out" | tail -30
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures+=("$(basename "$s")")
		printf '%s\n' "$out" | grep -A30 '^not ok' | head -80
	fi
	printf '%-28s %4d passed %4d failed %5ds\n' "$(basename "$s")" "$p" "$f" $((SECONDS - t0))
done

# 3. fuzz smoke runs
if [ -n "$fuzz_build" ]; then
	t0=$SECONDS
	out=$(tests/fuzz.sh "$fuzz_build" smoke 2>&1)
	p=$(printf '%s\n' "$out" | sed -n 's/^fuzz-result: \([0-9]*\) \([0-9]*\)$/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^fuzz-result: \([0-9]*\) \([0-9]*\)$/\2/p')
	if [ -z "$p" ]; then p=0; f=1; fi
	[ "$f" -ne 0 ] && { failures+=(fuzz); printf '%s\n' "$out" | tail -40; }
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-28s %4d passed %4d failed %5ds\n' "fuzz smoke" "$p" "$f" $((SECONDS - t0))
fi

sqlite_passed=$passed sqlite_failed=$failed
pg_passed=0 pg_failed=0
if [ -n "$pg_out" ]; then
	wait "$pg_pid"
	sed -n 's/^\([a-z]*\) *\([0-9]*\) passed *\([0-9]*\) failed (on PostgreSQL) *\([0-9]*s\)$/\1 \2 \3 \4/p' "$pg_out" |
		while read -r s p f t; do printf '%-28s %4d passed %4d failed %6s\n' "$s (PostgreSQL)" "$p" "$f" "$t"; done
	last=$(tail -1 "$pg_out")
	pg_passed=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed (on PostgreSQL)$/\1/p')
	pg_failed=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed (on PostgreSQL)$/\2/p')
	if [ -z "$pg_passed" ]; then
		pg_passed=0 pg_failed=1    # the cluster did not start, or the run broke off
		tail -30 "$pg_out"
	fi
	[ "$pg_failed" -ne 0 ] && { failures+=(postgresql); grep '^    not ok' "$pg_out" | head -40; }
	rm -f "$pg_out"
	passed=$((passed + pg_passed))
	failed=$((failed + pg_failed))
fi

if [ ${#failures[@]} -ne 0 ]; then
	echo "failing: ${failures[*]}"
fi
if [ -n "$pg_out" ]; then
	echo "$passed passed, $failed failed (SQLite $sqlite_passed passed $sqlite_failed failed; PostgreSQL $pg_passed passed $pg_failed failed)"
else
	echo "$passed passed, $failed failed (SQLite only: MS_TEST_PG=0)"
fi
[ "$failed" -eq 0 ]
