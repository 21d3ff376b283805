# tests/cli/levels.sh - every level of government: China's regions in the
# database, a city's notice made a plan of that city (its units its own
# organisations, its breakdown its districts), the province's plan still the
# default, --plan on the commands.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/l.db
# inside 2024: 南昌's first round (2024-06-30) is still open
export MS_CLOCK=1710000000
NC=nanchang-2024-paren
FIX=$ROOT/tests/fixtures/notices
q() { sqlite3 "$MINSHENG_DB" "$1"; }

ms init >/dev/null

# --- China's regions ---
t "31 provinces" 0 "31" -- sh -c "'$MINSHENG' org list --kind province --json | jq length"
t_sh "more than 2,800 county-level divisions" '[ "$(ms org list --kind county --json | jq length)" -gt 2800 ]'
t "a region of another province, with its short name" 0 "330100 杭州市 city 330000 杭州" \
	-- sh -c "'$MINSHENG' org list --parent 330000 --json | jq -r '.[] | select(.code == \"330100\") | \"\(.code) \(.name) \(.kind) \(.parent) \(.short)\"'"

# --- a city's notice: a plan of the city, its units its own ---
ms notice import "$FIX/nanchang-2024-paren.txt" --save > save.out 2>&1
t_grep "the notice is stored as a plan" 0 "已作为新计划 $NC 存入" -- cat save.out
t "the plan belongs to 南昌 (360100), a city" 0 "360100 city" -- q "SELECT p.region_code || ' ' || g.kind FROM plan p JOIN org g ON g.code = p.region_code WHERE p.id = '$NC'"
t "its units became organisations of 南昌" 0 "市人社局 市市场监管局 市民政局" \
	-- sh -c "'$MINSHENG' org list --parent 360100 --json | jq -r '[.[] | select(.kind == \"department\") | .name | select(. == \"市民政局\" or . == \"市人社局\" or . == \"市市场监管局\")] | sort | join(\" \")'"
t "each with its org.add journal row naming the plan" 0 "11 $NC" \
	-- q "SELECT COUNT(*) || ' ' || MIN(json_extract(after, '$.plan')) FROM journal WHERE action = 'org.add'"
t "the items keep their units: item 2 led by 市民政局" 0 "市民政局" \
	-- sh -c "'$MINSHENG' plan show $NC --json | jq -r '.items[1].lead_units[0].name'"
t "the lead unit is 南昌's own organisation" 0 "360100" \
	-- q "SELECT o.parent FROM item_unit u JOIN org o ON o.code = u.org WHERE u.plan = '$NC' AND u.item_no = 2 AND u.role = 'lead'"
t_grep "the import says so, an 已记录 note per unit" 0 "单位“市民政局”不在单位表中，作为南昌市（360100）的新单位 360100-[0-9a-f]{8} 提出" -- cat save.out
ms notice import "$FIX/nanchang-2024-paren.txt" --id nc-again --save >/dev/null 2>&1
t "the same notice again: the units are found, none added twice" 0 "11 2" \
	-- q "SELECT (SELECT COUNT(*) FROM journal WHERE action = 'org.add') || ' ' || (SELECT COUNT(*) FROM plan WHERE region_code = '360100')"
sed 's/市卫生健康委/市卫健委/' "$FIX/nanchang-2024-paren.txt" > close.txt
# the administrator decides each proposed unit: --units UNIT=new|same|drop (by name or code)
ms notice import close.txt --id nc-same --units 市卫健委=same --save > same.out 2>&1
t "--units 市卫健委=same: the items list the existing 市卫生健康委, no new unit" 0 "1 0" \
	-- q "SELECT (SELECT COUNT(*) FROM item_unit u JOIN org o ON o.code = u.org WHERE u.plan = 'nc-same' AND o.name = '市卫生健康委') || ' ' || (SELECT COUNT(*) FROM org WHERE name = '市卫健委')"
t_grep "its note says what the administrator decided, 已记录" 0 "已记录 .*市卫健委.*管理员核定：即已有单位“市卫生健康委”" \
	-- sh -c "'$MINSHENG' plan show nc-same --json | jq -r '.notes[] | select(.topic == \"unit_name\") | \"\\(.flag) \\(.text)\"'"
t_grep "and the import's own listing says so: no 待核实 left" 0 "待核实 0 条" -- cat same.out
ms notice import close.txt --units 市卫健委=drop -o drop.json --save --id nc-drop >/dev/null 2>&1
t "--units …=drop: the draft neither proposes it nor lists it in any item" 0 "0 0" \
	-- jq -r '"\([.orgs[] | select(.name == "市卫健委")] | length) \([.items[] | (.lead_units + .responsible_units)[] | select(.name == "市卫健委")] | length)"' drop.json
t_grep "a choice that is none of the three: refused, naming the option" 1 "单位“市卫健委”的选择“maybe”只能是 new.*\[--units\]" \
	-- ms notice import close.txt --units 市卫健委=maybe --save --id nc-bad
t_grep "a unit the draft does not propose: refused" 1 "草案没有提出单位“市教育局”.*\[--units\]" -- ms notice import close.txt --units 市教育局=new --save --id nc-bad
t "nothing stored by the refusals, no unit 市卫健委 yet" 0 "0 0" -- q "SELECT (SELECT COUNT(*) FROM plan WHERE id = 'nc-bad') || ' ' || (SELECT COUNT(*) FROM org WHERE name = '市卫健委')"
t_grep "a name close to one 南昌 has: a 待核实 note" 0 "待核实.*单位“市卫健委”不在单位表中.*与已有单位“市卫生健康委”.*相近" \
	-- ms notice import close.txt --save --id nc-close
ms notice import "$FIX/nanchang-2024-paren.txt" -o nc.json >/dev/null 2>&1
t "the draft lists the new units under orgs, parent 南昌" 0 "11 360100" -- jq -r '"\(.orgs | length) \([.orgs[].parent] | unique | join(","))"' nc.json
jq '.orgs[0].parent = "360200"' nc.json > bad-parent.json
t_grep "plan validate: a new unit must be the plan's government's" 1 "orgs\[0\].parent: '360200' is not the plan's region_code 360100" -- ms plan validate bad-parent.json
jq '.orgs[0].kind = "city"' nc.json > bad-kind.json
t_grep "plan validate: a new unit is a department or office" 1 "orgs\[0\].kind: 'city' is not department or office" -- ms plan validate bad-kind.json
jq '.orgs[0].name = "省民政厅" | .orgs[0].code = "civil"' nc.json > bad-name.json
t_grep "plan validate: a known code must keep its name" 1 "orgs\[0\].name: '别的名字' but org civil is named '省民政厅'" -- sh -c "jq '.orgs[0].name = \"别的名字\" | .orgs[0].code = \"civil\"' nc.json > bn.json; '$MINSHENG' plan validate bn.json"
t "a province's notice still takes the province's units" 0 "hrss" \
	-- sh -c "'$MINSHENG' plan show jiangxi-2023 --json | jq -r '.items[0].lead_units[0].org'"

# --- the province's plan stays the default; --plan picks another ---
t_grep "status without --plan: the province's plan" 0 "计划 jiangxi-2023" -- ms status
t_grep "status --plan: 南昌's" 0 "计划 $NC" -- ms status --plan $NC
t "round list --plan: 南昌's rounds" 0 "2024-06-30 2024-09-30 2024-12-20" \
	-- sh -c "'$MINSHENG' round list --plan $NC --json | jq -r '[.[].due] | join(\" \")'"

# --- the breakdown is the government's children ---
t_grep "assign standards on 南昌's plan: its 9 districts and counties" 0 "18" -- ms assign standards --plan $NC
t "the standards went to 南昌's districts, not Jiangxi's cities" 0 "360102 360103 360104 360111 360112 360113 360121 360123 360124" \
	-- q "SELECT group_concat(org, ' ') FROM (SELECT DISTINCT org FROM assignment WHERE plan = '$NC' ORDER BY org)"
t "assign 东湖区 on 南昌's plan" 0 "0" -- sh -c "'$MINSHENG' assign 1.count_1 360102 5000人 --plan $NC >/dev/null; echo \$?"
t_grep "assign 景德镇 on 南昌's plan is refused" 1 "360200（景德镇市）不在计划 $NC 所属政府（360100）的辖区内" \
	-- ms assign 1.count_1 360200 5000人 --plan $NC
t_grep "assign check on 南昌's plan counts its districts" 1 "1.count_1 新增城镇就业：1 个县（市、区）分解合计 5000人" -- ms assign check --plan $NC
t "the province's plan still breaks down by its 11 cities" 0 "11" \
	-- sh -c "MS_CLOCK=1688000000 '$MINSHENG' assign standards >/dev/null; sqlite3 '$MINSHENG_DB' \"SELECT COUNT(DISTINCT org) FROM assignment WHERE plan = 'jiangxi-2023'\""

# --- the year a text supports, or none ---
ms notice import "$FIX/real/jishui-tasks-table.txt" --json > js.json 2>/dev/null
t "no year in the text: none claimed, a 待核实 note says so" 0 "null 待核实" \
	-- jq -r '"\(.facts.header.year) \([.plan.notes[] | select(.text | test("未找到年度"))][0].flag)"' js.json

# --- two programmes at once over the web ---
sed 's/市卫生健康委/市卫生健康委员会/' "$FIX/nanchang-2024-paren.txt" > close2.txt
ms user add ladmin --role admin >/dev/null 2>&1 <<<'minsheng2023
minsheng2023'
serve_start
t "GET /api/v1/plans: each programme with its government, level and year" 0 "jiangxi-2023 江西省 province 2023 10|$NC 南昌市 city 2024 8" \
	-- sh -c "curl -s '${URL}api/v1/plans' | jq -r '[.[] | select(.id == \"jiangxi-2023\" or .id == \"$NC\") | \"\(.id) \(.government.name) \(.level) \(.year) \(.items)\"] | join(\"|\")'"
t "every programme has a completion (a percentage or null) and a count of red items" 0 "true" \
	-- sh -c "curl -s '${URL}api/v1/plans' | jq 'all(.[]; (.completion == null or (.completion | test(\"%$\"))) and (.red_items | type) == \"number\")'"
t_grep "the home page lists the programmes" 0 '<a href="/\?plan=nanchang-2024-paren">南昌市2024年民生实事项目实施方案</a></td><td>南昌市</td><td>市</td>' \
	-- curl -s -H 'Accept: text/html' "${URL}"
t_grep "?plan=: 南昌's overview, its items linked with the plan" 0 'href="/item/1\?plan=nanchang-2024-paren">1 促进高校毕业生等重点群体就业' \
	-- curl -s -H 'Accept: text/html' "${URL}?plan=$NC"
t "?plan= on the API: 南昌's plan" 0 "$NC 360100" -- sh -c "curl -s '${URL}api/v1/plan?plan=$NC' | jq -r '\"\(.id) \(.region_code)\"'"
t "without it: the province's, as before" 0 "jiangxi-2023" -- sh -c "curl -s '${URL}api/v1/status' | jq -r .plan"
t "an unknown plan: 404" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}api/v1/status?plan=nowhere"
# the same choice over the API: ?units= (or a units field of a JSON or form body)
ATOK=$(ms user token ladmin 2>/dev/null)
t "POST /api/v1/notice/import?units=市卫生健康委员会=drop: the draft without it" 0 "0" \
	-- sh -c "curl -s -H 'Authorization: Bearer $ATOK' -H 'Content-Type: text/plain' --data-binary @close2.txt '${URL}api/v1/notice/import?units=%E5%B8%82%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94%E5%91%98%E4%BC%9A=drop' | jq '[.plan.orgs[] | select(.name == \"市卫生健康委员会\")] | length'"
t "POST /api/v1/plans with a bad choice: 422 naming the field units" 0 "422 units" \
	-- sh -c "curl -s -o api.out -w '%{http_code}' -H 'Authorization: Bearer $ATOK' -H 'Content-Type: application/json' -d \"\$(jq -Rs '{text: ., id: \"nc-api\", units: \"市卫生健康委员会=maybe\"}' close2.txt)\" '${URL}api/v1/plans'; echo \" \$(jq -r .error.field api.out)\""
t "POST /api/v1/plans with units same: 201, stored with the existing unit, no new one, its note says so" 0 "201 0 1" \
	-- sh -c "c=\$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $ATOK' -H 'Content-Type: application/json' -d \"\$(jq -Rs '{text: ., id: \"nc-api\", units: \"市卫生健康委员会=same\"}' close2.txt)\" '${URL}api/v1/plans'); echo \"\$c \$(sqlite3 '$MINSHENG_DB' \"SELECT (SELECT COUNT(*) FROM org WHERE name = '市卫生健康委员会') || ' ' || (SELECT json_extract(doc, '$.notes') LIKE '%管理员核定：即已有单位%' FROM plan WHERE id = 'nc-api')\")\""
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null

# --- the demo holds two levels: the province's plan and 南昌's ---
D=$T/demo.db
qd() { sqlite3 "$D" "$1"; }
MS_CLOCK=1688695200 ms --db "$D" init --demo > /dev/null
t "init --demo: the province's plan and 南昌's" 0 "jiangxi-2023 2023|nanchang-2024 2024" \
	-- sh -c "'$MINSHENG' --db '$D' plan list --json | jq -r '[.[] | \"\(.id) \(.year)\"] | join(\"|\")'"
t "the demo's plans belong to the province and to 南昌" 0 "jiangxi-2023 360000|nanchang-2024 360100" \
	-- sh -c "sqlite3 '$D' \"SELECT id || ' ' || region_code FROM plan ORDER BY id\" | paste -sd'|'"
t "南昌's units are organisations of 360100, made by the demo" 0 "11" \
	-- qd "SELECT COUNT(*) FROM org WHERE parent = '360100' AND kind = 'department'"
t "南昌's plan breaks down over its 9 districts and counties" 0 "9 360102 360124" \
	-- qd "SELECT COUNT(DISTINCT org) || ' ' || MIN(org) || ' ' || MAX(org) FROM assignment WHERE plan = 'nanchang-2024'"
t "its breakdown adds up to its targets" 0 "任务分解与计划目标一致 ok" -- ms --db "$D" assign check --plan nanchang-2024
t "its reports: two rounds, the first reviewed (one returned), the second awaiting review" 0 "2024-06-30 approved|2024-06-30 returned|2024-09-30 submitted" \
	-- sh -c "sqlite3 '$D' \"SELECT DISTINCT round || ' ' || status FROM report WHERE plan = 'nanchang-2024' ORDER BY 1\" | paste -sd'|'"
t "its qualitative work reported by its lead units (南昌's own departments)" 0 "360100" \
	-- qd "SELECT DISTINCT o.parent FROM report r JOIN org o ON o.code = r.org WHERE r.plan = 'nanchang-2024' AND o.kind = 'department'"
t "the demo accounts of 南昌: its administrator and a district's reporter" 0 "nanchang-admin admin 360100|qingshanhu reporter 360111" \
	-- sh -c "sqlite3 '$D' \"SELECT name || ' ' || role || ' ' || org FROM app_user WHERE name IN ('nanchang-admin', 'qingshanhu') ORDER BY name\" | paste -sd'|'"
t_grep "the province's plan stays the default" 0 "计划 jiangxi-2023" -- ms --db "$D" status --as-of 2023-07-07
# --plan on the journal and the survey
t_grep "journal --plan: 南昌's rows only, its org.add rows too" 0 "^0 [1-9][0-9]* [1-9][0-9]*$" \
	-- sh -c "'$MINSHENG' --db '$D' journal --plan nanchang-2024 --json | jq -r '\"\\([.[] | select(.key | startswith(\"jiangxi-2023\"))] | length) \\([.[] | select(.action == \"org.add\")] | length) \\(length)\"'"
t_grep "journal --plan of no plan: refused, naming the option" 1 "无此计划 nowhere.*\[--plan\]" -- ms --db "$D" journal --plan nowhere
printf 'region,item,satisfaction\n360111,2,满意\n360102,2,3\n' > nc-survey.csv
t_grep "survey import --plan: into 南昌's plan" 0 "已导入 2 份调查问卷" -- ms --db "$D" survey import nc-survey.csv --plan nanchang-2024
t "the responses are 南昌's" 0 "nanchang-2024 2" -- qd "SELECT plan || ' ' || COUNT(*) FROM survey_response GROUP BY plan"
printf 'region,item,satisfaction\n360111,9,满意\n' > nc-survey9.csv
t_grep "南昌's plan has no item 9: file:line" 1 "nc-survey9.csv:2: item: the plan has no item 9" -- ms --db "$D" survey import nc-survey9.csv --plan nanchang-2024
t "the province's figures are its own: no report of 南昌's plan in them" 0 "572" \
	-- qd "SELECT COUNT(*) FROM report WHERE plan = 'jiangxi-2023'"
MINSHENG_DB=$D serve_start
t_grep "the demo's home page lists both programmes" 0 'href="/\?plan=jiangxi-2023">.*href="/\?plan=nanchang-2024">南昌市2024年民生实事项目实施方案' \
	-- sh -c "curl -s -H 'Accept: text/html' '${URL}' | tr -d '\n'"
t_grep "南昌's overview in the demo: its figures" 0 '计划 nanchang-2024|南昌市2024年民生实事项目实施方案' -- curl -s -H 'Accept: text/html' "${URL}?plan=nanchang-2024"
# /p/ID/… is …?plan=ID for every page and route
t "/p/ID/api/v1/status: that plan's progress" 0 "nanchang-2024" -- sh -c "curl -s '${URL}p/nanchang-2024/api/v1/status' | jq -r .plan"
t "/p/ID/api/v1/plan: that plan" 0 "nanchang-2024 360100" -- sh -c "curl -s '${URL}p/nanchang-2024/api/v1/plan' | jq -r '\"\(.id) \(.region_code)\"'"
t_grep "/p/ID/: the plan's overview, its links keep the plan" 0 'href="/item/1\?plan=nanchang-2024">1 促进高校毕业生等重点群体就业' -- curl -s -H 'Accept: text/html' "${URL}p/nanchang-2024/"
t_grep "/p/ID (no slash): the same page" 0 'href="/item/1\?plan=nanchang-2024">1 促进高校毕业生等重点群体就业' -- curl -s -H 'Accept: text/html' "${URL}p/nanchang-2024"
t_grep "/p/ID/item/N: that plan's item" 0 '提高城乡低保标准' -- curl -s -H 'Accept: text/html' "${URL}p/nanchang-2024/item/2"
t "the same bytes as ?plan=" 0 "same" -- sh -c "a=\$(curl -s '${URL}p/nanchang-2024/api/v1/status?as_of=2024-07-10'); b=\$(curl -s '${URL}api/v1/status?as_of=2024-07-10&plan=nanchang-2024'); [ -n \"\$a\" ] && [ \"\$a\" = \"\$b\" ] && echo same"
t "/p/ID with another ?plan=: 400" 0 "400" -- curl -s -o /dev/null -w '%{http_code}' "${URL}p/nanchang-2024/api/v1/status?plan=jiangxi-2023"
t "/p/ of an unknown plan: 404" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}p/nowhere/api/v1/status"
t "/p/ of a malformed id: 404" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}p/No_Such/api/v1/status"
QTOK=$(ms --db "$D" user token qingshanhu 2>/dev/null)
t "a write under /p/ID/: 青山湖区 reports for 南昌's plan, no plan in the body" 0 "201 1" \
	-- sh -c "c=\$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $QTOK' -H 'Content-Type: application/json' -d '{\"indicator\":\"8.count_1\",\"org\":\"360111\",\"round\":\"2024-12-20\",\"value\":\"9\"}' '${URL}p/nanchang-2024/api/v1/reports'); echo \"\$c \$(sqlite3 '$D' \"SELECT COUNT(*) FROM report WHERE plan = 'nanchang-2024' AND indicator = '8.count_1' AND org = '360111' AND round = '2024-12-20'\")\""
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null

done_testing
