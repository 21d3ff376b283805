# tests/cli/backup.sh - backup and restore on SQLite: the online backup's
# copy and a JSON-lines backup restore every table identical; bad files are
# refused with their line, and nothing is left half-written.
. "$(dirname "$0")/lib.sh"
export MS_CLOCK=1700000000
ms --db l.db init --demo >/dev/null
ms --db l.db evaluate --as-of 2024-01-15 --save >/dev/null 2>&1
sqlite3 l.db .dump > l.dump

t_grep "backup a SQLite database" 0 "已备份 l.db → b.sqlite（SQLite 文件）" -- ms --db l.db backup b.sqlite
t_sh "the backup is a SQLite file with every table identical" 'sqlite3 b.sqlite .dump | cmp -s - l.dump'
t_grep "an existing backup file is not overwritten" 1 "b.sqlite: 文件已存在" -- ms --db l.db backup b.sqlite
t_grep "restore it" 0 "已恢复 b.sqlite → r.db" -- ms --db r.db restore b.sqlite
t_sh "every table identical after restore" 'sqlite3 r.db .dump | cmp -s - l.dump'
t_grep "restore over a database needs --force" 1 "已存在.*\[--force\]" -- ms --db r.db restore b.sqlite
t_grep "with --force it is replaced" 0 "已恢复" -- ms --db r.db restore b.sqlite --force
t_grep "db copy to another file" 0 "已复制 l.db → c.db" -- ms db copy l.db c.db
t_sh "the copy has every table identical" 'sqlite3 c.db .dump | cmp -s - l.dump'
t_grep "db copy onto itself is refused" 1 "不能复制到自身" -- ms db copy l.db l.db
t_grep "db copy from nothing" 1 "数据库不存在" -- ms db copy nothing.db x.db
t_sh "and leaves nothing" '[ ! -e x.db ]'

# JSON lines (what PostgreSQL's backup writes), made here by hand from the SQLite tables
jl() {   # the JSON-lines backup of l.db, written with sqlite3 and jq
	echo '{"minsheng":"backup","format":1,"schema":'"$(sqlite3 l.db 'PRAGMA user_version')"',"from":"sqlite"}'
	local tables=0 total=0 t n
	for t in $(sqlite3 l.db "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid"); do
		cols=$(sqlite3 l.db "SELECT json_group_array(name) FROM pragma_table_info('$t')")
		echo '{"table":"'"$t"'","columns":'"$cols"'}'
		sqlite3 -json l.db "SELECT * FROM $t ORDER BY rowid" | jq -c '.[] | [.[]]' 2>/dev/null
		n=$(sqlite3 l.db "SELECT COUNT(*) FROM $t")
		echo '{"end":"'"$t"'","rows":'"$n"'}'
		tables=$((tables + 1)); total=$((total + n))
	done
	echo '{"end":"*","tables":'"$tables"',"rows":'"$total"'}'
}


jl > all.jsonl
# the source notices are blobs (the demo holds two: the province's and 南昌's): give each as {"hex": …}
cp all.jsonl b.jsonl
sqlite3 l.db "SELECT sha256 || ' ' || lower(hex(bytes)) FROM source" | while read -r src_sha src_hex; do
	awk -v sha="$src_sha" -v hex="$src_hex" 'index($0, "[\"" sha "\"") == 1 { print "[\"" sha "\",{\"hex\":\"" hex "\"}]"; next } { print }' b.jsonl > b.tmp && mv b.tmp b.jsonl
done
t_grep "restore JSON lines" 0 "已恢复 b.jsonl → j.db" -- ms --db j.db restore b.jsonl
t_sh "every table identical after a JSON-lines restore" 'sqlite3 j.db .dump | cmp -s - l.dump'

head -n 300 b.jsonl > cut.jsonl
t_grep "a cut-short backup is refused" 1 "cut.jsonl:300: 备份文件不完整" -- ms --db k.db restore cut.jsonl
t_sh "and leaves no database" '! ls k.db* >/dev/null 2>&1'
sed '5s/^\[/[1,/' b.jsonl > extra.jsonl
t_grep "a row with one value too many is refused with its line" 1 "extra.jsonl:5: 备份文件有误：a row has not as many values" -- ms --db k.db restore extra.jsonl
sed '2s/"org"/"org; DROP TABLE x"/' b.jsonl > inj.jsonl
t_grep "a table name that is not a plain name is refused" 1 "inj.jsonl:2: .*table name" -- ms --db k.db restore inj.jsonl
sed '2s/"org"/"nosuch"/' b.jsonl > unk.jsonl
t_grep "a table this database has not" 1 "no table nosuch" -- ms --db k.db restore unk.jsonl
sed '1s/"schema":[0-9]*/"schema":999/' b.jsonl > new.jsonl
t_grep "another schema version is refused" 1 "schema version 999 is not one this program knows: 1 to" -- ms --db k.db restore new.jsonl
grep -v '"end":"org"' b.jsonl > noend.jsonl
# the line the org table's end line stood on (129 with Jiangxi's regions alone, 3356 with China's)
endline=$(grep -n '"end":"org"' b.jsonl | cut -d: -f1)
t_grep "a table without its end line" 1 "noend.jsonl:$endline: .*a line out of place" -- ms --db k.db restore noend.jsonl
sed '3s/"360000"/"360000x"/' b.jsonl > fk.jsonl
t_grep "a row the schema refuses rolls the whole restore back" 1 "k.db" -- ms --db k.db restore fk.jsonl
t_sh "and leaves no database" '! ls k.db* >/dev/null 2>&1'
t_grep "restore of a missing file" 1 "nothing.jsonl: 无法读取" -- ms --db k.db restore nothing.jsonl

# a backup of an older release (schema 4): loaded as written, then migrated to this one's
F=$ROOT/tests/fixtures/backup
gzip -dc "$F/demo-schema4.db.gz" > old4.db
gzip -dc "$F/demo-schema4.jsonl.gz" > old4.jsonl
t_grep "an older SQLite backup is restored" 0 "已恢复 old4.db → o1.db" -- ms --db o1.db restore old4.db
t_grep "an older JSON-lines backup is restored" 0 "已恢复 old4.jsonl → o2.db" -- ms --db o2.db restore old4.jsonl
ms --db fresh.db init >/dev/null
t_sh "both migrated to this program's schema (past 4)" 'v=$(sqlite3 fresh.db "PRAGMA user_version"); [ "$v" -gt 4 ] && [ "$(sqlite3 o1.db "PRAGMA user_version")" = "$v" ] && [ "$(sqlite3 o2.db "PRAGMA user_version")" = "$v" ]'
t_sh "the older backup file is left as it was" 'gzip -dc "$F/demo-schema4.db.gz" | cmp -s - old4.db'
t "the reports came through the migrations" 0 "572 572" -- sh -c "echo \$(sqlite3 o1.db 'SELECT count(*) FROM report') \$(sqlite3 o2.db 'SELECT count(*) FROM report')"
t_sh "every indicator's figure as the older release reported it" '[ -s "$F/demo-schema4.figures.json" ] && [ "$(ms --db o1.db status --as-of 2023-12-31 --include-unreviewed --json | jq -c "[.items[].indicators[]? | [.id, .actual]]")" = "$(cat "$F/demo-schema4.figures.json")" ]'
t_sh "the same from the JSON lines" '[ "$(ms --db o2.db status --as-of 2023-12-31 --include-unreviewed --json | jq -c "[.items[].indicators[]? | [.id, .actual]]")" = "$(cat "$F/demo-schema4.figures.json")" ]'
t_sh "and the two restored databases are identical" '[ "$(sqlite3 o1.db .dump | md5sum)" = "$(sqlite3 o2.db .dump | md5sum)" ]'

done_testing
