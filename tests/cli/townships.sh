# tests/cli/townships.sh - townships (乡镇/街道): migration 15 lets org.kind be
# township on a database of an older release, keeping every row; `org
# load-townships` loads a province's file in one transaction (idempotent,
# bad files refused naming file and line, nothing half-written); a county's
# plan breaks down by its townships once loaded, and says so before.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/t.db
# inside 2024: the county plan's first round (2024-06-30) is still open
export MS_CLOCK=1710000000
F=$ROOT/tests/fixtures
JX=$ROOT/data/regions/townships/36.csv
q() { sqlite3 "$MINSHENG_DB" "$1"; }
pg=0
[ "${MS_TEST_BACKEND:-}" = postgresql ] && pg=1

# --- the shipped files ---
t "Jiangxi's file: 1,767 townships" 0 "1767" -- sh -c "tail -n +2 '$JX' | wc -l"
t_sh "31 provinces' files, 41,352 townships, every code nine digits under its parent" \
	'[ "$(ls "$ROOT"/data/regions/townships/*.csv | wc -l)" = 31 ] &&
	 [ "$(cat "$ROOT"/data/regions/townships/*.csv | grep -v "^code," | awk -F, "length(\$1) == 9 && substr(\$1, 1, 6) == \$4 && \$3 == \"township\"" | wc -l)" = 41352 ]'

ms init >/dev/null
n0=$(q "SELECT COUNT(*) FROM org")

# --- an older release's database upgraded: on SQLite the file itself, opened for
# writing; on PostgreSQL its backup restored (created at schema 4, then migrated).
# (backup.sh restores the same backup on SQLite.)
if [ $pg = 0 ]; then
	gzip -dc "$F/backup/demo-schema4.db.gz" > old.db
	tables=$(sqlite3 old.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('org', 'journal') ORDER BY name")
	counts() { for tb in $tables; do echo "$tb $(sqlite3 "$1" "SELECT COUNT(*) FROM $tb")"; done; }
	counts old.db > before.txt
	orgs=$(sqlite3 old.db "SELECT COUNT(*) FROM org") jn=$(sqlite3 old.db "SELECT COUNT(*) FROM journal")
	sqlite3 old.db "SELECT * FROM org ORDER BY code" > org-before.txt
	t_grep "a schema-4 database opened for writing: migrated, the townships loaded" 0 "已载入 江西省（360000）的 1767 个乡镇" \
		-- ms --db old.db org load-townships --province 36
	t "now at this program's schema" 0 "$(q 'PRAGMA user_version')" -- sqlite3 old.db "PRAGMA user_version"
	counts old.db > after.txt
	t_cmp "every other table keeps every row" before.txt after.txt
	t "org: the older rows and 1,767 more; the journal one more" 0 "$((orgs + 1767)) $((jn + 1))" \
		-- sqlite3 old.db "SELECT (SELECT COUNT(*) FROM org) || ' ' || (SELECT COUNT(*) FROM journal)"
	sqlite3 old.db "SELECT code, name, kind, parent FROM org WHERE kind <> 'township' ORDER BY code" > org-after.txt
	cut -d'|' -f1-4 org-before.txt > org-before4.txt
	t_cmp "the older organisations unchanged" org-before4.txt org-after.txt
	t "integrity and foreign keys hold" 0 "ok" -- sqlite3 old.db "PRAGMA integrity_check; PRAGMA foreign_key_check"
	t_sh "the wider CHECK still refuses another kind" \
		'sqlite3 old.db "INSERT INTO org (code, name, kind) VALUES ('"'x', 'x', 'village'"')" 2>&1 | grep -q "CHECK constraint failed"'
else
	t_skip "the older SQLite file upgraded in place" "a SQLite file: on PostgreSQL its backup is restored instead"
	gzip -dc "$F/backup/demo-schema4.jsonl.gz" > old4.jsonl
	ms --db r.db restore old4.jsonl >/dev/null 2>&1
	before=$(sqlite3 r.db "SELECT COUNT(*) FROM org")
	t_grep "a restored schema-4 backup takes the townships" 0 "已载入 江西省（360000）的 1767 个乡镇" \
		-- ms --db r.db org load-townships --province 360000
	t "its rows kept (572 reports), 1,767 townships more" 0 "$((before + 1767)) 572" \
		-- sqlite3 r.db "SELECT (SELECT COUNT(*) FROM org) || ' ' || (SELECT COUNT(*) FROM report)"
	t_grep "the constraint still refuses another kind" 1 "org_kind_check|CHECK" \
		-- sqlite3 r.db "INSERT INTO org (code, name, kind) VALUES ('x', 'x', 'village')"
fi

# --- load-townships ---
t "init loads no township" 0 "0" -- q "SELECT COUNT(*) FROM org WHERE kind = 'township'"
ms org load-townships --province 36 > load.out 2>&1
t "load-townships says what it loaded, in Chinese" 0 "正在载入 $JX …
已载入 江西省（360000）的 1767 个乡镇（街道），分属 100 个县级区划 (loaded 1767 townships)" -- sed "s|$ROOT/data|$ROOT/data|" load.out
t "1,767 township rows, each under a Jiangxi county" 0 "1767 1767" \
	-- q "SELECT COUNT(*) || ' ' || SUM(CASE WHEN p.kind IN ('county', 'city') THEN 1 ELSE 0 END) FROM org t JOIN org p ON p.code = t.parent WHERE t.kind = 'township'"
t "one journal row for the load, with its counts" 0 "1 1" \
	-- q "SELECT COUNT(*) || ' ' || SUM(CASE WHEN key = '360000' AND after LIKE '%\"rows\":1767,\"added\":1767,\"existing\":0%' THEN 1 ELSE 0 END) FROM journal WHERE action = 'org.load_townships'"
t_grep "again: nothing added, and it says so" 0 "江西省（360000）的 1767 个乡镇（街道）均已载入，未新增" \
	-- ms org load-townships --province 36
t "and writes no journal row" 0 "1 $((n0 + 1767))" \
	-- q "SELECT (SELECT COUNT(*) FROM journal WHERE action = 'org.load_townships') || ' ' || (SELECT COUNT(*) FROM org)"
t "org list --kind township --parent 360121: 南昌县's townships, 莲塘镇 among them" 0 "true" \
	-- sh -c "'$MINSHENG' org list --kind township --parent 360121 --json | jq 'length > 10 and any(.[]; .code == \"360121100\" and .name == \"莲塘镇\" and .short == \"莲塘\")'"
t "--json: the counts" 0 "360000 1767 0 1767" \
	-- sh -c "'$MINSHENG' org load-townships --province 36 --json | jq -r '\"\(.province) \(.rows) \(.added) \(.existing)\"'"

t_grep "org add: a township by hand, nine digits under its county" 0 "已新增单位 360121999" \
	-- ms org add 360121999 --name 试验镇 --kind township --parent 360121
t_grep "org add: a township code not under its parent is refused" 1 "乡镇代码须为九位数字，前六位为所在县级区划的代码" \
	-- ms org add 360122999 --name 试验镇 --kind township --parent 360121

# --- bad input: named, nothing half-written ---
t_grep "no --province" 2 "needs --province" -- ms org load-townships
t_grep "a province code of the wrong shape" 1 "省级代码应为两位或六位数字.*\[--province\]" -- ms org load-townships --province 3601
t_grep "a province without a shipped file: the file named" 1 "data/regions/townships/99.csv: 没有此省的乡镇文件" -- ms org load-townships --province 99
t_grep "a province not in the database" 1 "没有省级区划 990000.*\[--province\]" -- ms org load-townships --province 99 --file "$JX"
t_grep "a missing file is named" 1 "nope.csv: 无法打开" -- ms org load-townships --province 36 --file nope.csv
{ echo 'code,name,level,parent,short'; echo '369901100,甲镇,township,369901,甲'; } > orphan.csv
{ echo 'code,name,level,parent,short'; echo '360402100,甲镇,township,360402,甲'; echo '360402101,乙镇,county,360402,乙'; } > kind.csv
{ echo 'code,name,level,parent,short'; echo '360402100,甲镇,township,360402,甲'; echo '330102001,丙街道,township,330102,丙'; } > other.csv
{ echo 'code,name,level,parent,short'; echo '360402100,"甲镇,township,360402,甲'; } > quote.csv
ms --db b.db init >/dev/null
t_grep "a parent not in the database: file and line" 1 "orphan.csv:2: parent: 县级区划 369901 不在数据库中" \
	-- ms --db b.db org load-townships --province 36 --file orphan.csv
t_grep "a row that is not a township: file and line" 1 "kind.csv:3: level: “county”不是乡镇" \
	-- ms --db b.db org load-townships --province 36 --file kind.csv
t_grep "another province's township: file and line" 1 "other.csv:3: code: “330102001”不是本省（36）的九位乡级区划代码" \
	-- ms --db b.db org load-townships --province 36 --file other.csv
t_grep "a broken CSV: file and line" 1 "quote.csv:2" -- ms --db b.db org load-townships --province 36 --file quote.csv
t "nothing of the refused files was written" 0 "0 0" \
	-- sqlite3 b.db "SELECT (SELECT COUNT(*) FROM org WHERE kind = 'township') || ' ' || (SELECT COUNT(*) FROM journal WHERE action = 'org.load_townships')"

# --- a county's plan breaks down by its townships ---
ms --db c.db init >/dev/null
ms --db c.db notice import "$F/notices/nanchang-2024-paren.txt" -o nc.json >/dev/null 2>&1
sed 's/360100-/360121-/g' nc.json | jq '.id = "nanchangxian-2024" | .region_code = "360121" | .orgs |= map(.parent = "360121")' > county.json
t_grep "a plan of 南昌县 (360121), a county" 0 "已存入计划 nanchangxian-2024" -- ms --db c.db plan add county.json
P="--db c.db --plan nanchangxian-2024"
t_grep "assign standards before the townships are loaded: says to load them" 1 \
	"360121（南昌县）的乡镇（街道）尚未载入，请先载入本省（36）的乡镇.*\[minsheng org load-townships --province 36\]" \
	-- ms assign standards $P
t_grep "assign to a township before: the same" 1 "尚未载入.*\[minsheng org load-townships --province 36\]" \
	-- ms assign 1.count_1 360121100 500人 $P
t_grep "assign check before: the same" 1 "尚未载入" -- ms assign check $P
ms --db c.db org load-townships --province 36 >/dev/null
t_grep "assign standards: the county's townships" 0 "已为各乡镇（街道）补充 [1-9][0-9]* 条" -- ms assign standards $P
t "the standards went to 南昌县's townships only" 0 "$(sqlite3 c.db "SELECT COUNT(*) FROM org WHERE parent = '360121' AND kind = 'township'") 0" \
	-- sqlite3 c.db "SELECT COUNT(DISTINCT org) || ' ' || SUM(CASE WHEN org LIKE '360121___' THEN 0 ELSE 1 END) FROM assignment WHERE plan = 'nanchangxian-2024'"
t_grep "assign 莲塘镇" 0 "已分解：1.count_1 360121100 → 500人" -- ms assign 1.count_1 360121100 500人 $P
t_grep "a township of another county is refused" 1 "360123100（.*）不在计划 nanchangxian-2024 所属政府（360121）的辖区内" \
	-- ms assign 1.count_1 360123100 500人 $P
t_grep "assign check counts townships" 1 "1.count_1 新增城镇就业：1 个乡镇（街道）分解合计 500人" -- ms assign check $P
t_grep "report for 莲塘镇" 0 "已报送：1.count_1 360121100（2024-06-30）" \
	-- ms report 1.count_1 360121100 --round 2024-06-30 --value 120人 $P
t "the report is stored for the township" 0 "360121100 120" \
	-- sqlite3 c.db "SELECT org || ' ' || value FROM report WHERE plan = 'nanchangxian-2024' AND indicator = '1.count_1'"
t_grep "a reporter of 莲塘镇" 0 "已添加用户 liantang" -- sh -c "echo 'secret-123' | '$MINSHENG' --db c.db user add liantang --role reporter --org 360121100"
# over the API: the township's reporter writes its own report, not a neighbour's
TOK=$(ms --db c.db user token liantang 2>/dev/null)
MINSHENG_DB=$T/c.db serve_start
post() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
	-d "{\"indicator\":\"1.count_1\",\"org\":\"$1\",\"round\":\"2024-09-30\",\"value\":\"300人\"}" "${URL}p/nanchangxian-2024/api/v1/reports"; }
t "POST /p/ID/api/v1/reports: 莲塘镇's reporter reports for 莲塘镇" 0 "201" -- post 360121100
t "and not for 向塘镇" 0 "403" -- post 360121101
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
t "the province's plan still breaks down by its 11 cities" 0 "11" \
	-- sh -c "MS_CLOCK=1688000000 '$MINSHENG' --db c.db assign standards >/dev/null; sqlite3 c.db \"SELECT COUNT(DISTINCT org) FROM assignment WHERE plan = 'jiangxi-2023'\""

# --- nine-digit codes where region codes are checked ---
jq '.region_code = "360121100" | .orgs |= map(.parent = "360121100")' county.json > town.json
t_grep "plan validate: a township's region code under a known county" 0 "" -- ms plan validate town.json
jq '.region_code = "369999100"' county.json > badtown.json
t_grep "plan validate: a township code under no known county" 1 "'369999100': a township's first six digits name no known county" \
	-- ms plan validate badtown.json
t_grep "calc --region takes a township's code" 0 "月补差金额" \
	-- ms calc dibao --area urban --members 2 --income 500 --month 2024-03 --region 360121100

# --- a township's own notice: the issuer 莲塘镇人民政府 is its region (level 乡) ---
N=$F/notices/liantang-2024-town.txt
ms --db n0.db init >/dev/null
ms --db n0.db notice import "$N" --save --json > n0.json 2>/dev/null
t "without townships loaded: no township region, the 待核实 note of before" 0 "6 false true" \
	-- jq -r '"\(.plan.region_code | length) \(.facts.header.region.kind == "township") \(any(.plan.notes[]; .text | contains("未能从发文机关、文号或正文识别所属区划")))"' n0.json
ms --db n.db init >/dev/null
ms --db n.db org load-townships --province 36 >/dev/null
ms --db n.db notice import "$N" --save --json > n.json 2>/dev/null
t "with them: region_code 莲塘镇's nine digits" 0 "360121100" -- jq -r .plan.region_code n.json
t "the evidence: the issuer quoted, level 乡, confidence 95" 0 "莲塘镇 township 发文机关 95 乡 莲塘镇人民政府" \
	-- jq -r '.facts.header.region | "\(.name) \(.kind) \(.basis) \(.confidence) \(.level) \(.quote)"' n.json
t "the addressees 各村（居）委会 say 乡" 0 "乡 各村（居）委会" -- jq -r '.facts.header.addressees_level | "\(.level) \(.quote)"' n.json
t "a note says so, quoting the issuer" 0 "true" \
	-- jq -r 'any(.plan.notes[]; (.text | contains("所属区划依发文机关推定为莲塘镇（360121100，把握 95%）")) and (.provenance[0].quote == "莲塘镇人民政府"))' n.json
t "the plan is 莲塘镇's, its units the township's own" 0 "360121100 5" \
	-- sqlite3 n.db "SELECT region_code || ' ' || (SELECT COUNT(*) FROM org WHERE parent = '360121100') FROM plan WHERE id = 'liantang-2024-town'"
P="--db n.db --plan liantang-2024-town"
t_grep "assign standards on a township's plan: nothing below it, said plainly" 1 \
	"360121100（莲塘镇）是乡镇（街道），其下没有再分解的区划：本级计划不向下分解" -- ms assign standards $P
t_grep "assign check: the same" 1 "其下没有再分解的区划" -- ms assign check $P
t_grep "assign to the township itself" 0 "已分解：4.count_1 360121100 → 500人" -- ms assign 4.count_1 360121100 500人 $P
t_grep "report for the township" 0 "已报送：4.count_1 360121100（2024-06-30）" \
	-- ms report 4.count_1 360121100 --round 2024-06-30 --value 120人 $P
t_grep "not for another township" 1 "360121101（向塘镇）不在计划 liantang-2024-town 所属政府（360121100）的辖区内" \
	-- ms report 4.count_1 360121101 --round 2024-06-30 --value 120人 $P
sed 's/莲塘镇/温泉镇/g' "$N" > wenquan.txt
ms --db n.db notice import wenquan.txt --id wenquan --save --json > wq.json 2>/dev/null
t "温泉镇 (three in Jiangxi), no county named: not taken, the home province noted instead (not 110000)" 0 "360000" -- jq -r '.plan.region_code' wq.json
t "a 待核实 note names the candidates" 0 "true" \
	-- jq -r 'any(.plan.notes[]; .flag == "待核实" and (.text | contains("同名者 3 个：温泉镇（360483102，庐山市）、温泉镇（360926101，铜鼓县）、温泉镇（361002101，临川区）")))' wq.json
sed 's/莲塘镇/温泉镇/g; s/经镇第十八届/经铜鼓县温泉镇第十八届/' "$N" > tonggu.txt
t "温泉镇 with 铜鼓县 named: 铜鼓县's" 0 "360926101" \
	-- sh -c "'$MINSHENG' --db n.db notice import tonggu.txt --id tonggu --save --json 2>/dev/null | jq -r .plan.region_code"
sed 's/^莲塘镇人民政府关于/南昌县人民政府关于/; s/请认真组织实施/莲塘镇人民政府、向塘镇人民政府认真组织实施/' "$N" > county.txt
t "a county's notice naming townships' governments in its body stays the county's" 0 "360121" \
	-- sh -c "'$MINSHENG' --db n.db notice import county.txt --id county --save --json 2>/dev/null | jq -r .plan.region_code"

# --- survey responses: a township is a respondent's place, counted in its city ---
printf 'region,item,satisfaction\n360121100,1,满意\n360121100,1,不满意\n360121,1,满意\n' > town-survey.csv
t_grep "survey import takes a township's nine-digit code" 0 "已导入 3 份调查问卷" \
	-- ms --db n.db survey import town-survey.csv --plan jiangxi-2023
t "stored for the township" 0 "2" -- sqlite3 n.db "SELECT COUNT(*) FROM survey_response WHERE region = '360121100'"
t "and counted in 南昌市's satisfaction" 0 "3 2" \
	-- sh -c "'$MINSHENG' --db n.db evaluate --plan jiangxi-2023 --json | jq -r '.cities[] | select(.code == \"360100\") | .survey_satisfaction | \"\(.responses) \(.yes)\"'"
printf 'region,item,satisfaction\n360121999,1,满意\n' > bad-survey.csv
t_grep "a nine-digit code not loaded is refused, file and line" 1 "bad-survey.csv:2: region: \"360121999\": not a region code" \
	-- ms --db n.db survey import bad-survey.csv --plan jiangxi-2023

done_testing
