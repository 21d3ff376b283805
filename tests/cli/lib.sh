# tests/cli/lib.sh - golden tests for the command line, in the manner of git's
# test_cmp: run a command, compare its output and exit code with what is
# expected. Sourced by each tests/cli/*.sh; $MINSHENG is the binary.
#
#   t "name" EXIT_CODE "expected stdout" -- command args…
#   t_grep "name" EXIT_CODE "regex on stdout+stderr" -- command args…
#   t_sh "name" 'shell condition'            (a check that is true or false)
#   t_cmp "name" EXPECTED_FILE ACTUAL_FILE   (byte for byte, diff -u when not)
#   t_skip "name" "reason"                   (counted neither passed nor failed)
#
# Each test runs in $T (a fresh folder per script). The script ends with
# `done_testing`, which prints "cli-result: PASSED FAILED".
set -u
: "${MINSHENG:?set MINSHENG to the binary}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export MINSHENG_DATA="$ROOT/data"
unset MINSHENG_DB
ms() { "$MINSHENG" "$@"; }
_pass=0
_fail=0
_skip=0

# MS_TEST_TIMING=1 adds the seconds since the previous check to each line, to
# find the slow ones; it asserts nothing about them.
_t0=${EPOCHREALTIME:-0}
_tk=
_took() {
	[ -n "${MS_TEST_TIMING:-}" ] || return 0
	local now=$EPOCHREALTIME
	_tk=" [$(echo "$now - $_t0" | bc)s]"
	_t0=$now
}
_ok() { _pass=$((_pass + 1)); _took; echo "ok $1$_tk"; }
_notok() {
	_fail=$((_fail + 1))
	_took
	echo "not ok $1$_tk"
	shift
	printf '%s\n' "$@" | sed 's/^/    /'
	# the suite's build traps on undefined behaviour (Makefile: ASAN_FLAGS)
	case "$1" in "exit 132,"*) echo "    (SIGILL: an UBSan check trapped; make test UBSAN_MESSAGES=1 in a fresh build-asan names it)" ;; esac
}

# t NAME CODE EXPECTED -- CMD…   exact stdout and exit code
t() {
	local name=$1 code=$2 want=$3
	shift 4
	local got rc
	got=$("$@" 2>"$T/.stderr")
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		_notok "$name" "exit $rc, expected $code" "stderr: $(cat "$T/.stderr")"
	elif [ "$got" != "$want" ]; then
		_notok "$name" "output differs:" "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -40)"
	else
		_ok "$name"
	fi
}

# t_grep NAME CODE REGEX -- CMD…   exit code, and stdout+stderr matches an extended regex
t_grep() {
	local name=$1 code=$2 re=$3
	shift 4
	local got rc
	got=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		_notok "$name" "exit $rc, expected $code" "output: $(printf '%s' "$got" | head -20)"
	elif ! printf '%s\n' "$got" | grep -Eq -- "$re"; then
		_notok "$name" "output does not match /$re/:" "$(printf '%s' "$got" | head -20)"
	else
		_ok "$name"
	fi
}

# t_sh NAME CONDITION   the shell condition holds
t_sh() {
	if eval "$2"; then _ok "$1"; else _notok "$1" "condition failed: $2"; fi
}

# t_cmp NAME EXPECTED ACTUAL   the two files are the same bytes (git's test_cmp);
# when not, the first 40 lines of `diff -u EXPECTED ACTUAL`
t_cmp() {
	if [ ! -f "$2" ]; then
		_notok "$1" "no file $2"
	elif cmp -s "$2" "$3"; then
		_ok "$1"
	else
		_notok "$1" "differs from $2:" "$(diff -u "$2" "$3" | head -40)"
	fi
}

# t_skip NAME REASON   a test deliberately not run, said so: "ok # skip NAME: REASON"
t_skip() {
	_skip=$((_skip + 1))
	echo "ok # skip $1: $2"
}

# serve_start [ARGS…]   starts `minsheng serve` on a free port in the background:
# sets URL (http://127.0.0.1:PORT/) and SERVE_PID; stdout/stderr in serve.out/serve.err.
# Waits up to 30 s for the address (a sanitizer build on a loaded machine was
# seen to take more than 10), less when the server has exited.
serve_start() {
	"$MINSHENG" serve --listen 127.0.0.1:0 "$@" > serve.out 2> serve.err &
	SERVE_PID=$!
	for _ in $(seq 1 600); do
		grep -q 'http://' serve.out 2>/dev/null && break
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.05
	done
	URL=$(grep -o 'http://127.0.0.1:[0-9]*/' serve.out | head -1)
}

done_testing() {
	[ "$_skip" -eq 0 ] || echo "skipped: $_skip"
	echo "cli-result: $_pass $_fail"
}
