# tests/cli/crash.sh - nothing is lost or half-written when the process is
# killed in the middle of a large import: afterwards the database opens,
# passes PRAGMA integrity_check, and holds either every row or none.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/c.db
# in 2023, before the sites' rounds close (a site delivered by a closed round's date is refused)
export MS_CLOCK=$(date -u -d "2023-06-10 10:00 +0800" +%s)
ms init >/dev/null
N=200000
awk -v n=$N 'BEGIN { print "indicator,org,name,kind,delivered_on"; for (i = 1; i <= n; i++) printf "10.aeds,360100,点位%d,学校,2023-06-01\n", i }' > big.csv

for attempt in 1 2 3; do
	before=$(sqlite3 "$MINSHENG_DB" "SELECT count(*) FROM site")
	jbefore=$(sqlite3 "$MINSHENG_DB" "SELECT count(*) FROM journal")
	"$MINSHENG" site import big.csv >/dev/null 2>&1 &
	pid=$!
	# wait until the import has begun writing (the WAL grows), then kill it
	for _ in $(seq 1 200); do
		[ -s "$MINSHENG_DB-wal" ] && [ "$(stat -c %s "$MINSHENG_DB-wal")" -gt 65536 ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.01
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	t "kill -9 #$attempt: integrity_check ok" 0 "ok" -- sqlite3 "$MINSHENG_DB" "PRAGMA integrity_check"
	after=$(sqlite3 "$MINSHENG_DB" "SELECT count(*) FROM site")
	jafter=$(sqlite3 "$MINSHENG_DB" "SELECT count(*) FROM journal")
	t_sh "kill -9 #$attempt: all rows or none ($before → $after)" \
		"[ $after -eq $before ] || [ $after -eq $((before + N)) ]"
	t_sh "kill -9 #$attempt: the journal moved with the rows" \
		"[ $((after - before)) -eq $((jafter - jbefore)) ]"
done
t_grep "the database still works" 0 "共 [0-9]+ 个点位" -- ms site list --indicator 10.aeds

done_testing
