#!/usr/bin/env bash
# tests/pg-suite.sh - the CLI scripts that use a database, run unchanged against
# PostgreSQL: a throwaway cluster (tests/pg-cluster.sh), every SQLite file the
# scripts name redirected to a database of it (tests/pg-wrap.sh), and their
# `sqlite3 FILE SQL` checks run by psql (tests/pg-shim/sqlite3; PRAGMA
# integrity_check becomes amcheck's bt_index_check of every index; .dump
# becomes pg_dump).
# usage: tests/pg-suite.sh BUILD_DIR [SCRIPT…]   (default: the list below; xlsx, openapi,
#            approved, sites, plan and golden pass too, left out for time:
#            `tests/pg-suite.sh build approved sites plan golden`)
#        tests/pg-suite.sh --list                 prints the default list
#        tests/pg-suite.sh --reuse BUILD_DIR SCRIPT…   on the cluster at $MS_PG_BASE
#                                                  (tests/run.sh starts one for all its jobs)
# `make test` runs these beside the SQLite scripts (tests/run.sh); `make test-pg` runs them alone.
set -u
cd "$(dirname "$0")/.."
default="ledger web auth cache eval journal units review bulletins rounds"
if [ "${1:-}" = --list ]; then
	echo "$default"
	exit 0
fi
reuse=0
if [ "${1:-}" = --reuse ]; then
	reuse=1
	shift
	: "${MS_PG_BASE:?--reuse needs MS_PG_BASE, the URL of the running cluster}"
fi
build=${1:-build}
shift || true
[ $# -gt 0 ] || set -- $default
if [ $reuse = 0 ]; then
	. tests/pg-cluster.sh
	pg_cluster_start || exit 1
	trap pg_cluster_stop EXIT
	export MS_PG_BASE=postgresql://minsheng@127.0.0.1:$PG_PORT
fi
export MS_PG_REAL=$PWD/$build/minsheng
export PATH=$PWD/tests/pg-shim:$PATH MS_TEST_BACKEND=postgresql
passed=0 failed=0
for s in "$@"; do
	t0=$SECONDS
	out=$(MINSHENG=$PWD/tests/pg-wrap.sh bash "tests/cli/$s.sh" 2>&1)
	p=$(printf '%s\n' "$out" | sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^cli-result: \([0-9]*\) \([0-9]*\)$/\2/p')
	printf '%-12s %4s passed %4s failed (on PostgreSQL) %4ds\n' "$s" "${p:-0}" "${f:-1}" $((SECONDS - t0))
	printf '%s\n' "$out" | grep -A30 '^not ok' | grep -v '^cli-result:' | head -80
	[ -n "$p" ] || printf '%s\n' "$out" | tail -30
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
done
echo "$passed passed, $failed failed (on PostgreSQL)"
echo "cli-result: $passed $failed"
