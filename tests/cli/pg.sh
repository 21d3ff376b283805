# tests/cli/pg.sh - the PostgreSQL backend against a throwaway cluster this
# script starts itself (tests/pg-cluster.sh): the same bytes as SQLite for
# the demo's status, bulletin, evaluation and journal; writes, review and
# the journal; the append-only journal and immutable evaluations enforced by
# the database; 200 concurrent writers with nothing acknowledged lost.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/pg-cluster.sh"
trap 'pg_cluster_stop; rm -rf "$T"' EXIT
export MS_CLOCK=1700000000

pg_cluster_start 2> pg-start.err
case $? in
0) ;;
2)	t_skip "PostgreSQL" "no PostgreSQL server programs here (scripts/deps.sh installs them)"
	done_testing
	exit 0 ;;
*)	# installed, but no cluster: a failure, never a skip counted as a pass
	t "a throwaway PostgreSQL cluster starts ($(tail -5 pg-start.err | tr '\n' ' ' | cut -c1-400))" 0 "" -- false
	done_testing
	exit 1 ;;
esac
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
# the demo's second level: 南昌's plan, its status, and the last administrator of the province kept (a recursive query)
same nanchang-status status --plan nanchang-2024 --as-of 2024-10-10 --json
t_grep "the province's only administrator is kept on PostgreSQL too (南昌's does not stand in)" 1 "唯一可用的管理员" -- ms --db "$PG" user disable admin
t_grep "南昌's administrator may go: the province's administrator governs 南昌" 0 "已停用用户 nanchang-admin" -- ms --db "$PG" user disable nanchang-admin
ms --db "$PG" user enable nanchang-admin >/dev/null
# 催报 and 督办 (src/store/store_follow.c) on both backends
for db in l.db "$PG"; do
	ms --db "$db" duban issue 10.aeds --org 360400 --what "补报" --answer-by 2023-11-20 >/dev/null
	ms --db "$db" remind channel 360400 email office@example.gov.cn >/dev/null
done
same duban-list duban list --json
same remind remind --round 2023-10-30 --json
t_grep "a 督办单 on PostgreSQL" 0 "待答复" -- ms --db "$PG" duban list
t_sh "the status is not empty" '[ "$(wc -c < pg.status-json)" -gt 10000 ]'
t "the schema version is SQLite's user_version" 0 "$(sqlite3 l.db 'PRAGMA user_version')" -- psql -X -At "$PG" -c "SELECT version FROM schema_version"

# --- a report, its review and the journal ---
# (the demo's last round awaits review; its first two are approved and final)
t "report on PostgreSQL" 0 "已报送：10.aeds 360200（2023-12-25）" -- ms --db "$PG" report 10.aeds 360200 --round 2023-12-25 --value 71 --narrative 测试 --submitted-at 2023-12-25
t "approve it" 0 "已审核通过：10.aeds 360200（2023-12-25）" -- ms --db "$PG" approve 10.aeds 360200 --round 2023-12-25
t_grep "an approved report is closed" 1 "approved and closed" -- ms --db "$PG" report 10.aeds 360200 --round 2023-12-25 --value 13
t "the table holds it" 0 "71|approved" -- psq "SELECT value, status FROM report WHERE indicator = '10.aeds' AND org = '360200' AND round = '2023-12-25'"
t "the journal has both" 0 "report.approve
report.submit" -- psq "SELECT action FROM journal WHERE key LIKE '%10.aeds%360200%2023-12-25%' ORDER BY id DESC LIMIT 2" 
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

# --- rows as they come (single-row mode): every row, a query inside a callback, stopping early ---
stream_test=$(dirname "$MINSHENG")/test_pgstream
if [ -x "$stream_test" ]; then
	t_grep "db_pg.c streams rows (tests/unit/test_pgstream.c)" 0 'PASSED  \] 4 test' -- env MS_TEST_PG="$PG" "$stream_test"
else
	t_skip "db_pg.c streams rows" "no $stream_test (built with -Dtests=true)"
fi

# --- backup, restore and db copy: SQLite → PostgreSQL → SQLite, every table identical ---
# text COPY's escapes must carry tab, newline, CR, backslash and a literal \N (not NULL)
sqlite3 l.db "UPDATE org SET contact = 'tab' || char(9) || 'nl' || char(10) || 'cr' || char(13) || 'bs\\N\\', short_name = NULL WHERE code = (SELECT MIN(code) FROM org)"
sqlite3 l.db .dump > l.dump
CP=$(pg_db copy)
t_grep "db copy SQLite → PostgreSQL" 0 "已复制 l.db → postgresql://" -- ms db copy l.db "$CP"
t_grep "db copy PostgreSQL → SQLite" 0 "已复制 postgresql://.* → back.db" -- ms db copy "$CP" back.db
t_sh "every table identical after the round trip" 'sqlite3 back.db .dump | cmp -s - l.dump'
t_grep "db copy onto a PostgreSQL database that has one needs --force" 1 "已存在.*\[--force\]" -- ms db copy l.db "$CP"
t_grep "backup from PostgreSQL: JSON lines" 0 "（JSON 行）" -- ms --db "$CP" backup pg.jsonl
t_sh "the backup counts every table and row" '[ "$(tail -1 pg.jsonl | jq -r .tables)" = "$(sqlite3 l.db "SELECT COUNT(*) FROM sqlite_schema WHERE type = '"'table'"'")" ]'
t_grep "restore it into SQLite" 0 "已恢复 pg.jsonl → fromjson.db" -- ms --db fromjson.db restore pg.jsonl
t_sh "every table identical" 'sqlite3 fromjson.db .dump | cmp -s - l.dump'
RS=$(pg_db restored)
t_grep "restore the JSON lines into PostgreSQL" 0 "已恢复" -- ms --db "$RS" restore pg.jsonl
t_grep "and back up again" 0 "已备份" -- ms --db "$RS" backup pg2.jsonl
t_sh "the two PostgreSQL backups are the same bytes" 'cmp -s pg.jsonl pg2.jsonl'
t_grep "a write after the restore (its journal row's id goes on after the restored ones)" 0 "已保存评估第 1 号" -- ms --db "$RS" evaluate --as-of 2024-01-15 --save
t "the journal's ids run on without a gap" 0 "t" -- psql -X -At "$RS" -c "SELECT MAX(id) = COUNT(*) FROM journal"
head -n 200 pg.jsonl > cut.jsonl
RB=$(pg_db rolledback)
t_grep "a cut-short backup is refused" 1 "cut.jsonl:200: 备份文件不完整" -- ms --db "$RB" restore cut.jsonl
t "and leaves the PostgreSQL database empty" 0 "0" -- psql -X -At "$RB" -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
# a row the database refuses inside the bulk load (COPY): named, and nothing left behind
awk '/"table":"org"/ { t = 1 } t && /^\["3/ && !done { sub(/"(province|city|county)"/, "\"planet\""); done = 1 } { print }' pg.jsonl > badrow.jsonl
RX=$(pg_db refused)
t_grep "a row breaking a CHECK is refused with the table named" 1 'org_kind_check|"org"' -- ms --db "$RX" restore badrow.jsonl
t "and leaves that database empty too" 0 "0" -- psql -X -At "$RX" -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
# a row whose parent is missing: found when the foreign keys come back after the load
grep -v '^\["360100",' pg.jsonl | awk '/"end":"org"/ { sub(/"rows":[0-9]+/, "\"rows\":" n) } /"table":/ { n = 0 } /^\[/ { n++ } /"end":"\*"/ { sub(/"rows":[0-9]+/, "\"rows\":" tot) } /^\[/ { tot++ } { print }' > orphan.jsonl
RO=$(pg_db orphan)
t_grep "a row whose foreign key points nowhere is refused" 1 'foreign key' -- ms --db "$RO" restore orphan.jsonl
t "and leaves nothing" 0 "0" -- psql -X -At "$RO" -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"

# --- two servers, one database: sessions and the answer cache across processes ---
start_in() {   # start_in DIR: `serve` on a free port, its URL in DIR/url, its pid in DIR/pid
	mkdir -p "$1"
	( cd "$1" && exec "$MINSHENG" --db "$PG" serve --listen 127.0.0.1:0 > serve.out 2> serve.err ) &
	echo $! > "$1/pid"
	for _ in $(seq 1 200); do grep -q 'http://' "$1/serve.out" 2>/dev/null && break; sleep 0.05; done
	grep -o 'http://127.0.0.1:[0-9]*/' "$1/serve.out" | head -1 > "$1/url"
}
start_in sa
start_in sb  # four worker threads each (the default)
A=$(cat sa/url)
B=$(cat sb/url)
t_sh "two servers on one PostgreSQL database" '[ -n "$A" ] && [ -n "$B" ] && [ "$A" != "$B" ]'
curl -s "${B}api/v1/status" > b1.json
for i in 2 3 4 5 6; do curl -s "${B}api/v1/status" > b$i.json; done
t_cmp "server B answers the anonymous status the same each time (from its workers' caches)" b1.json b6.json
COOKIE=$(curl -s -D - -o /dev/null -d 'name=nanchang&password=minsheng2023&next=/report' "${A}login" | tr -d '\r' | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\).*/\1/p')
t_sh "a login on server A" '[ ${#COOKIE} = 75 ]'
t "its session cookie works on server B" 0 "nanchang reporter 360100" -- sh -c "curl -s -b '$COOKIE' '${B}api/v1/me' | jq -r '\"\(.name) \(.role) \(.org)\"'"
CSRF=$(curl -s -b "$COOKIE" "${B}report" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')
t "a report filed through A with the form token B gave" 0 "submitted" -- sh -c "curl -s -b '$COOKIE' -H 'X-CSRF-Token: $CSRF' -d 'indicator=10.aeds&org=360100&round=2023-12-25&value=77&narrative=%E5%A4%9A%E6%9C%8D%E5%8A%A1' '${A}api/v1/reports' | jq -r .status"
curl -s "${B}api/v1/status" > b7.json
curl -s "${A}api/v1/status" > a7.json
t_sh "B's next anonymous status is not its cached answer" '! cmp -s b1.json b7.json'
t_cmp "it is the answer A gives now" a7.json b7.json
t "and shows the report" 0 "77" -- psql -X -At "$PG" -c "SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '2023-12-25'"
t "healthz on PostgreSQL" 0 "ok postgresql" -- sh -c "curl -s '${B}healthz' | jq -r '\"\(.status) \(.database)\"'"
curl -s -H "Authorization: Bearer $(ms --db "$PG" user token admin)" "${B}metrics" > metrics.txt
t_grep "B's metrics count cache hits (six asks, four workers)" 0 '^minsheng_cache_hits_total [1-9]' -- cat metrics.txt
t_grep "and name the backend" 0 'minsheng_info\{backend="postgresql"\} 1' -- cat metrics.txt
pg_cluster_restart
t "after PostgreSQL restarts, the servers answer the next request (connections made again)" 0 "200 200" -- sh -c "echo \$(curl -s -o /dev/null -w '%{http_code}' '${B}api/v1/rounds') \$(curl -s -o /dev/null -w '%{http_code}' -b '$COOKIE' '${A}api/v1/me')"
kill "$(cat sa/pid)" "$(cat sb/pid)"
wait "$(cat sa/pid)" "$(cat sb/pid)" 2>/dev/null

# --- 200 concurrent writers: nothing acknowledged is lost, the journal matches ---
# (on 2023-06-20, before any round has closed: a plain database's 2023 rounds are closed today)
export MS_CLOCK=1687240800
CW=$(pg_db conc)
ms --db "$CW" init >/dev/null
psql -X -At "$CW" -c "SELECT i.id, o.code, r.due_on FROM indicator i, org o, round r WHERE i.kind = 'count' AND o.kind IN ('city', 'county') AND o.code LIKE '36%' AND r.kind = 'progress' ORDER BY i.id, o.code, r.due_on LIMIT 200" > combos
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
locked=$(for f in $(awk '$1 != 0 && $4 == "2023-12-25" { print "w" $5 ".err" }' acks); do grep -l "已锁定" "$f"; done | wc -l)
# a writer that waited longer than the lock timeout (30 s; a slow machine, a sanitizer build)
# is told to try again and has written nothing: refused, not lost
busy=$(for f in $(awk '$1 != 0 { print "w" $5 ".err" }' acks); do grep -l "数据库忙，请稍后重试" "$f"; done | wc -l)
echo "# $ok acknowledged, $locked refused for the locked round, $busy told to try again"
t_sh "each writer was acknowledged, or refused because its round was locked first, or told to try again" \
	'[ $((ok + locked + busy)) -eq 200 ]'
t "the lock itself was acknowledged" 0 "0" -- cat lock.done
awk '$1 == 0 { print $2 "|" $3 "|" $4 "|" $5 }' acks | sort > acked
psql -X -At "$CW" -c "SELECT indicator, org, round, value FROM report" | sort > stored
t_cmp "every acknowledged report is stored with its value, and nothing else" acked stored
t "one journal row per acknowledged report" 0 "$ok" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM journal WHERE action = 'report.submit'"
t "the journal's keys are the stored reports" 0 "0" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM report r WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.action = 'report.submit' AND j.key = r.plan || '/' || r.indicator || '/' || r.org || '/' || r.round)"
t "no report in the locked round was written after its lock" 0 "0" -- psql -X -At "$CW" -c "SELECT COUNT(*) FROM journal j, journal l WHERE l.action = 'round.lock' AND j.action = 'report.submit' AND j.key LIKE '%/2023-12-25' AND j.id > l.id"
t "the counter moved once per write" 0 "t" -- psql -X -At "$CW" -c "SELECT (SELECT n FROM change_counter) >= (SELECT COUNT(*) FROM journal)"

# --- townships (issue 16): migration 15 replaces org_kind_check on a database of an older
# release (its backup restored: created at schema 4, then migrated), every row kept ---
OT=$(pg_db oldtowns)
gzip -dc "$ROOT/tests/fixtures/backup/demo-schema4.jsonl.gz" > old4.jsonl
ms --db "$OT" restore old4.jsonl >/dev/null 2>&1
orgs=$(psql -X -At "$OT" -c "SELECT COUNT(*) FROM org")
t_grep "an older release's data on PostgreSQL takes a province's townships" 0 "已载入 江西省（360000）的 1767 个乡镇" \
	-- ms --db "$OT" org load-townships --province 36
t "its organisations kept, 1,767 townships more, its 572 reports kept" 0 "$((orgs + 1767)) 572" \
	-- psql -X -At "$OT" -c "SELECT (SELECT COUNT(*) FROM org) || ' ' || (SELECT COUNT(*) FROM report)"
t_grep "the replaced constraint still refuses another kind" 1 "org_kind_check" \
	-- psql -X -At "$OT" -c "INSERT INTO org (code, name, kind) VALUES ('x', 'x', 'village')"

done_testing
