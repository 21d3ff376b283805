# tests/cli/eval.sh - the year-end evaluation: the golden report of the demo
# data, surveys (import, refusals, intervals), the scoring boundaries, saved
# snapshots, the 评估 page and /api/v1/evaluation.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/e.db
ms init --demo >/dev/null
FIX=$ROOT/tests/fixtures/eval
ev() { ms evaluate --as-of 2024-01-15 "$@"; }
js() { ev --json | jq -r "$1"; }

# --- the demo data, no survey yet ---
t "golden: the demo evaluation as a readable report" 0 "$(cat "$FIX/demo.md")" -- ev
t "every item of the plan is scored and graded" 0 "1 良好,2 优秀,3 优秀,4 优秀,5 不合格,6 优秀,9 优秀,10 良好" -- js '[.items[] | "\(.no) \(.grade)"] | join(",")'
t "no survey: its weight goes to the others in proportion (50:20)" 0 "71.42 28.58 0.00 false" -- js '.items[0].weights | "\(.completion) \(.timeliness) \(.satisfaction) \(true and false)"'
t "the score is the weighted sum: 89.15 x .7142 + 88.64 x .2858" 0 "89.15 88.64 89.00" -- js '.items[0] | "\(.completion) \(.timeliness) \(.score)"'
t "the basis of each score is given" 0 "增加安排担保基金 72.0%；新增发放创业担保贷款 73.6%；个人创业担保贷款占贷款总数比例 100.0%；到期贷款回收率 100.0%；个人创业担保贷款个人承担利息免除 已报进展" -- js '.items[0].basis'
t "carry over: the unmet AED target with what remains" 0 "1" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.kind == \"carry_over\" and (.text | contains(\"完成 440台，目标 600台，完成率 73.3%，尚差 160台\")))] | length'"
t "supervise: the city far behind is named with its figures" 0 "1" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.kind == \"supervise\" and (.text | startswith(\"吉安市：逾期报送 51 份\")))] | length'"
t "the 待核实 notes still open" 0 "N8 N9 N10 N11 N12 N13 N14 N15" -- js '[.recommendations[] | select(.kind == "verify") | .text | capture("（(?<id>N[0-9]+)）").id] | join(" ")'
t "lead units and cities are graded too" 0 "4 11 吉安市 不合格" -- js '"\(.leads | length) \(.cities | length) \(.cities[7].name) \(.cities[7].grade)"'
t "XLSX: a workbook with the 评估 sheet" 0 "True" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 -o ev.xlsx >/dev/null && python3 -c \"import zipfile; z = zipfile.ZipFile('ev.xlsx'); print('评估' in z.read('xl/workbook.xml').decode())\""
t_grep "HTML: grades coloured, scores drawn as bars" 0 '<td class="done">优秀</td>' -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --format html | tr -d '\n'"
t_grep "HTML: a bar per score" 0 'aria-label="89.0分"' -- ev --format html
t_grep "xlsx needs a file" 2 "needs -o FILE.xlsx" -- ev --format xlsx
t_grep "weights that do not add to 100: a usage error" 2 "50 \+ 20 \+ 20 = 90, not 100" -- ev --weights completion=50,timeliness=20,satisfaction=20
t_grep "an unknown weight" 2 "expected completion=N" -- ev --weights speed=100
t "other weights change the score" 0 "89.15" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --weights completion=100,timeliness=0,satisfaction=0 --json | jq -r '.items[0].score'"
t_grep "a year the database has no plan for" 1 "no plan for 2024" -- ms evaluate --year 2024
t "one year's plan only: no comparison" 0 "null" -- js '.comparison' 

# --- surveys ---
t "survey import" 0 "已导入 1600 份调查问卷 — 1600 survey responses imported from $FIX/survey.csv" -- ms survey import "$FIX/survey.csv"
printf 'region,item,satisfaction\n360100,1,满意\n360100,7,满意\n' > item7.csv
t_grep "a survey row for an item the plan does not have: file:line" 1 "item7.csv:3: item: the plan has no item 7" -- ms survey import item7.csv
printf 'region,item,satisfaction\n360100,1,很好\n' > bad.csv
t_grep "a bad answer names the column" 1 "bad.csv:2: satisfaction: \"很好\": expected 满意, 基本满意, 不满意 or a score 1-5" -- ms survey import bad.csv
printf 'region,item,satisfaction\nhrss,1,满意\n' > bad.csv
t_grep "a region that is not one" 1 "bad.csv:2: region: \"hrss\": not a region code" -- ms survey import bad.csv
printf 'region,item\n360100,1\n' > bad.csv
t_grep "a missing column" 1 "bad.csv:1: missing column satisfaction" -- ms survey import bad.csv
t "all or nothing: only the good file's rows are in" 0 "1600" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM survey_response"
t "one journal row per import" 0 "1" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM journal WHERE action = 'survey.import'"
t "satisfaction with its 95% interval (Wilson: 182/200, centre .9023, half-width .0400)" 0 "200 91.00 86.22 94.23" -- js '.items[0].survey_satisfaction | "\(.responses) \(.rate) \(.ci95_low) \(.ci95_high)"'
t "with a survey the weights are as given" 0 "50.00 20.00 30.00" -- js '.items[0].weights | "\(.completion) \(.timeliness) \(.satisfaction)"'
t "low satisfaction is flagged for review, citing its figures" 0 "5" -- js '[.recommendations[] | select(.kind == "review") | .item] | map(tostring) | join(",")'
t "a region with no responses: no satisfaction, its weight shared out" 0 "上饶市 null 0.00" -- js '.cities[10] | "\(.name) \(.satisfaction) \(.weights.satisfaction)"'

# --- snapshots ---
t_grep "evaluate --save" 0 "已保存评估第 1 号" -- ev --save
t "evaluate show YEAR gives the saved evaluation" 0 "2024-01-15 true 8" -- sh -c "$MINSHENG evaluate show 2023 2>/dev/null | jq -r '\"\(.as_of) \(.survey) \(.items | length)\"'"
t_grep "a saved evaluation is immutable" 0 "immutable" -- sh -c "sqlite3 '$MINSHENG_DB' 'UPDATE evaluation SET year = 2022' 2>&1; true"
t_grep "and journaled" 0 "evaluation.save" -- sqlite3 "$MINSHENG_DB" "SELECT action FROM journal WHERE tbl = 'evaluation'"
t_grep "no saved evaluation of a year" 1 "no saved evaluation of 2022" -- ms evaluate show 2022

# --- boundaries on a database of our own making ---
export MINSHENG_DB=$T/b.db
ms init >/dev/null
ms assign 10.aeds 360100 600 >/dev/null
ms report 10.aeds 360100 --round 2023-12-25 --value 600 --submitted-at 2023-12-20 >/dev/null
# the evaluation counts approved reports only: not yet approved, nothing done; approved after the day, still nothing
t "a report awaiting review is not evaluated" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 1 else 0 end'"
MS_CLOCK=1705888800 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null   # 2024-01-22: after the day
t "a report approved after the evaluation day is not evaluated" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 1 else 0 end'"
ms init --force >/dev/null
ms assign 10.aeds 360100 600 >/dev/null
ms report 10.aeds 360100 --round 2023-12-25 --value 600 --submitted-at 2023-12-20 >/dev/null
MS_CLOCK=1704420000 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null   # 2024-01-05
t "an indicator exactly at target: 100%, no carry-over" 0 "10000 0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '\"\(.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 10000 else 0 end) \([.recommendations[] | select(.kind == \"carry_over\" and .item == 10)] | length)\"'"
t "an item with no reports: nothing done, 不合格" 0 "0.00 不合格" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 9) | \"\(.completion) \(.grade)\"'"
jq --arg src "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" \
	'(.items[] | .indicators[]? | select(.id == "10.aeds") | .comparator) = "<=" | .source.path = $src' \
	"$ROOT/data/plans/jiangxi-2023.json" > le.json
export MINSHENG_DB=$T/le.db
ms init --plan le.json >/dev/null
ms assign 10.aeds 360100 600 >/dev/null
cp le.db le2.db
ms report 10.aeds 360100 --round 2023-12-25 --value 700 --narrative "超出上限" --submitted-at 2023-12-20 >/dev/null
MS_CLOCK=1704420000 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null
t "a ≤ indicator above its ceiling: target / actual = 85.7%, nothing 'remains'" 0 "1 0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '[.recommendations[] | select(.item == 10 and .kind == \"carry_over\")] | \"\(map(select(.text | contains(\"完成率 85.7%\"))) | length) \(map(select(.text | contains(\"尚差\"))) | length)\"'"
export MINSHENG_DB=$T/le2.db
ms report 10.aeds 360100 --round 2023-12-25 --value 500 --submitted-at 2023-12-21 >/dev/null
MS_CLOCK=1704420000 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null
t "a ≤ indicator under its ceiling: met" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.item == 10 and .kind == \"carry_over\")] | length'"

# --- year over year: a second year's plan beside the saved 2023 evaluation ---
export MINSHENG_DB=$T/y.db
ms init --demo >/dev/null
jq --arg p "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" '.id = "jiangxi-2024" | .year = 2024 | .start_on = "2024-01-01" | .source.path = $p
	| .rounds |= map(.due_on |= (.[0:3] + ((.[3:4] | tonumber) + 1 | tostring) + .[4:]))
	| .items[9].title = "加大自动体外除颤器（AED）投放力度" | .items[5].title = "新增普惠托育服务机构"' "$ROOT/data/plans/jiangxi-2023.json" > p2024.json
ms plan add p2024.json >/dev/null
t_grep "last year's plan without a saved evaluation: says to save it first" 0 "有2023年的计划，但尚未保存其评估.*先保存2023年的评估后再评估 \\(save the 2023 evaluation first\\)" -- ms evaluate --year 2024 --as-of 2024-07-01
ms evaluate --year 2023 --as-of 2024-01-15 --save 2>/dev/null >/dev/null
yy() { ms evaluate --year 2024 --as-of 2024-07-01 --json | jq -r "$1"; }
t "--year picks that year's plan" 0 "jiangxi-2024 2024" -- yy '"\(.plan) \(.year)"'
t "the items they share, matched by title (a retitled one too, an unrelated one not)" 0 "1:1 2:2 3:3 4:4 5:5 9:9 10:10" -- yy '[.comparison.items[] | "\(.no):\(.prev_no)"] | join(" ")'
t "this year's score = last year's + the change" 0 "true" -- yy '.comparison.items[0] | (.score | tonumber) - (.prev_score | tonumber) - (.change | tonumber) | fabs < 0.011'
t "last year's figures are the saved evaluation's" 0 "same" -- sh -c "[ \"\$($MINSHENG evaluate show 2023 | jq -r '.items[0].score')\" = \"\$($MINSHENG evaluate --year 2024 --as-of 2024-07-01 --json | jq -r '.comparison.items[0].prev_score')\" ] && echo same"
t_grep "the report has the comparison table" 0 "^\\| 10 加大自动体外除颤器（AED）投放力度 \\| 10 加大自动体外除颤器投放力度 \\| 86.2分 \\|" -- ms evaluate --year 2024 --as-of 2024-07-01
t "evaluating 2023 compares with nothing (no 2022)" 0 "null" -- sh -c "$MINSHENG evaluate --year 2023 --as-of 2024-01-15 --json | jq -c .comparison"
t_grep "--year that is not a year" 2 "--year \"20x4\": 须为 1990 到 2200 的整数" -- ms evaluate --year 20x4

# --- the page and the API ---
export MINSHENG_DB=$T/e.db
serve_start
t_grep "the 评估 page" 0 "<h1>2023年民生实事评议评估<span class=\"demo\">演示数据</span></h1>" -- curl -s "${URL}evaluation?as_of=2024-01-15"
t_grep "with its recommendations" 0 "<h3>结转下一年度的未完成目标</h3>" -- curl -s "${URL}evaluation?as_of=2024-01-15"
t "/api/v1/evaluation is the command line's JSON" 0 "same" -- sh -c "curl -s '${URL}api/v1/evaluation?as_of=2024-01-15' | jq -S . > a.json; $MINSHENG evaluate --as-of 2024-01-15 --json | jq -S . > b.json; cmp -s a.json b.json && echo same"
t "weights over HTTP that do not add up: 400" 0 "400" -- curl -s -o /dev/null -w '%{http_code}' "${URL}api/v1/evaluation?weights=completion=90"
t "the saved evaluation over HTTP" 0 "2024-01-15" -- sh -c "curl -s '${URL}api/v1/evaluation/saved?year=2023' | jq -r .as_of"
t "no saved evaluation: 404" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}api/v1/evaluation/saved?year=2022"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
done_testing
