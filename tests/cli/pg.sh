# tests/cli/pg.sh - the PostgreSQL backend against a throwaway cluster this
# script starts itself (tests/pg-cluster.sh): the same bytes as SQLite for
# the demo's status, bulletin, evaluation and journal; writes, review and
# the journal; the append-only journal and immutable evaluations enforced by
# the database; 200 concurrent writers with nothing acknowledged lost.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg-cluster.sh"
trap 'pg_cluster_stop; rm -rf "$T"' EXIT
export MS_CLOCK=1700000000

if ! pg_cluster_start; then
	t_skip "PostgreSQL" "no PostgreSQL server programs here (scripts/deps.sh installs them)"
	done_testing
	exit 0
fi
PG=$(pg_db demo)
psq() { psql -X -q -At "$PG" -c "$1" 2>&1; }

# --- the demo, on both backends, gives the same bytes ---
ms --db l.db init --demo >/dev/null
t_grep "init --demo on PostgreSQL" 0 "已创建 postgresql://minsheng@127.0.0.1:[0-9]+/demo" -- ms --db "$PG" init --demo
t_grep "init again without --force is refused" 1 "已存在.*\[--force\]" -- ms --db "$PG" init --demo
t_grep "init --force replaces it" 0 "已创建" -- ms --db "$PG" init --demo --force
same() {   # same NAME ARGS…: the command's stdout on SQLite and on PostgreSQL
	local name=$1
	shift
	ms --db l.db "$@" > "lite.$name" 2>&1
	ms --db "$PG" "$@" > "pg.$name" 2>&1
	t_cmp "same bytes on PostgreSQL: $*" "lite.$name" "pg.$name"
}
same status-json status --as-of 2023-12-31 --json
same status status --as-of 2023-12-31
same bulletin bulletin --round 2023-12-25 --as-of 2023-12-31
same bulletin-csv bulletin --round 2023-10-30 --format csv
same evaluate evaluate --as-of 2024-01-15 --json
same journal journal --json
same plans plan list
same orgs org list --json
same users user list
t_sh "the status is not empty" '[ "$(wc -c < pg.status-json)" -gt 10000 ]'
t "the schema version is SQLite's user_version" 0 "$(sqlite3 l.db 'PRAGMA user_version')" -- psql -X -At "$PG" -c "SELECT version FROM schema_version"

# --- a report, its review and the journal ---
t "report on PostgreSQL" 0 "已报送：10.aeds 360100（2023-06-30）" -- ms --db "$PG" report 10.aeds 360100 --round 2023-06-30 --value 31 --narrative 测试 --submitted-at 2023-06-30
t "approve it" 0 "已审核通过：10.aeds 360100（2023-06-30）" -- ms --db "$PG" approve 10.aeds 360100 --round 2023-06-30
t_grep "an approved report is closed" 1 "approved and closed" -- ms --db "$PG" report 10.aeds 360100 --round 2023-06-30 --value 13
t "the table holds it" 0 "31|approved" -- psq "SELECT value, status FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '2023-06-30'"
t "the journal has both" 0 "report.approve
report.submit" -- psq "SELECT action FROM journal WHERE key LIKE '%10.aeds%360100%2023-06-30%' ORDER BY id DESC LIMIT 2" 
t_grep "the journal command shows them" 0 '"action": *"report.approve"' -- ms --db "$PG" journal --json

# --- the database itself keeps the journal and saved evaluations ---
t_grep "evaluate --save" 0 "已保存评估第 1 号" -- ms --db "$PG" evaluate --as-of 2024-01-15 --save
t_grep "UPDATE on a saved evaluation is refused" 1 "a saved evaluation is immutable" -- psq "UPDATE evaluation SET year = 2022"
t_grep "DELETE on the journal is refused" 1 "the journal is append-only" -- psq "DELETE FROM journal"
t_grep "TRUNCATE on the journal is refused" 1 "the journal is append-only" -- psq "TRUNCATE journal"
t_grep "UPDATE on the journal is refused" 1 "the journal is append-only" -- psq "UPDATE journal SET actor = 'x'"

# --- a URL with a password is never printed with it ---
t_grep "a failed connection names the database without its password" 1 "postgresql://minsheng@127.0.0.1:1/x: cannot connect" -- ms --db "postgresql://minsheng:sekrit@127.0.0.1:1/x" status
t_sh "and the password is not shown" '! ms --db "postgresql://minsheng:sekrit@127.0.0.1:1/x" status 2>&1 | grep -q sekrit'
t_grep "MINSHENG_DB selects PostgreSQL too" 0 '"action": *"report.approve"' -- env MINSHENG_DB="$PG" "$MINSHENG" journal --json

# --- 200 concurrent writers: nothing acknowledged is lost, the journal matches ---
CW=$(pg_db conc)
ms --db "$CW" init >/dev/null
psql -X -At "$CW" -c "SELECT i.id, o.code, r.due_on FROM indicator i, org o, round r WHERE i.kind = 'count' AND o.kind IN ('city', 'county') AND r.kind = 'progress' ORDER BY i.id, o.code, r.due_on LIMIT 200" > combos
t "200 different reports to write" 0 "200" -- sh -c "wc -l < combos | tr -d ' '"
n=0
while IFS='|' read -r ind org round; do
	n=$((n + 1))
	( "$MINSHENG" --db "$CW" report "$ind" "$org" --round "$round" --value "$n" --narrative 并发 >/dev/null 2>"w$n.err"
	  echo "$? $ind $org $round $n" > "w$n.done" ) &
done < combos
# a round lock and a review racing the writers
( "$MINSHENG" --db "$CW" round lock 2023-12-25 >/dev/null 2>&1; echo "$?" > lock.done ) &
wait
cat w*.done > acks
t "every writer finished" 0 "200" -- sh -c "wc -l < acks | tr -d ' '"
ok=$(awk '$1 == 0' acks | wc -l)
locked=$(awk '$1 != 0 && $4 == "2023-12-25"' acks | wc -l)
refused_ok=$(for f in $(awk '$1 != 0 && $4 == "2023-12-25" { print "w" $5 ".err" }' acks); do grep -l "已锁定" "$f"; done | wc -l)
echo "# $ok acknowledged, $locked refused for the locked round"
t_sh "each writer was acknowledged, or refused because its round was locked first" \
	'[ $((ok + locked)) -eq 200 ] && [ "$refused_ok" -eq "$locked" ]'
t "the lock itself was acknowledged" 0 "0" -- cat lock.done
awk '$1 == 0 { print $2 "|" $3 "|" $4 "|" $5 }' acks | sort > acked
psql -X -At "$CW" -c "SELECT indicator, org, round, value FROM report" | sort > stored
t_cmp "every acknowledged report is stored with its value, and nothing else" acked stored
t "one journal row per acknowledged report" 0 "$ok" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM journal WHERE action = 'report.submit'"
t "the journal's keys are the stored reports" 0 "0" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM report r WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.action = 'report.submit' AND j.key = r.plan || '/' || r.indicator || '/' || r.org || '/' || r.round)"
t "no report in the locked round was written after its lock" 0 "0" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM journal j, journal l WHERE l.action = 'round.lock' AND j.action = 'report.submit' AND j.key LIKE '%/2023-12-25' AND j.id > l.id"
t "the counter moved once per write" 0 "t" -- psql -X -At "$CW" -c "SELECT (SELECT n FROM change_counter) >= (SELECT COUNT(*) FROM journal)"

done_testing
