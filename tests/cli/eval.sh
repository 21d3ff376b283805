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
t "every item is graded: 6 and 9 (no figures) 未评定, 5 (56.4) 不合格, 10 (no target met) 合格 at best" 0 "1 良好,2 优秀,3 优秀,4 优秀,5 不合格,6 未评定,9 未评定,10 合格" -- js '[.items[] | "\(.no) \(.grade)"] | join(",")'
t "no survey: its weight goes to the others in proportion (50:20)" 0 "71.42 28.58 0.00 false" -- js '.items[0].weights | "\(.completion) \(.timeliness) \(.satisfaction) \(true and false)"'
t "the score is the weighted sum: 86.44 x .7142 + 88.64 x .2858" 0 "86.44 88.64 87.07" -- js '.items[0] | "\(.completion) \(.timeliness) \(.score)"'
t "the basis of each score is given" 0 "增加安排担保基金 72.0%；新增发放创业担保贷款 73.6%；个人创业担保贷款占贷款总数比例 100.0%；到期贷款回收率 100.0%；个人创业担保贷款个人承担利息免除 未评定" -- js '.items[0].basis'
t "carry over: the unmet AED target with what remains" 0 "1" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.kind == \"carry_over\" and (.text | contains(\"完成 440台，目标 600台，完成率 73.3%，尚差 160台\")))] | length'"
t "supervise: the city far behind is named with its figures" 0 "1" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.kind == \"supervise\" and (.text | startswith(\"吉安市：逾期报送 51 份\")))] | length'"
t "the 待核实 notes still open" 0 "N8 N9 N10 N11 N12 N13 N14 N15" -- js '[.recommendations[] | select(.kind == "verify") | .text | capture("（(?<id>N[0-9]+)）").id] | join(" ")'
t "lead units and cities are graded too" 0 "4 11 吉安市 不合格" -- js '"\(.leads | length) \(.cities | length) \(.cities[7].name) \(.cities[7].grade)"'
t "XLSX: a workbook with the 评估 sheet" 0 "True" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 -o ev.xlsx >/dev/null && python3 -c \"import zipfile; z = zipfile.ZipFile('ev.xlsx'); print('评估' in z.read('xl/workbook.xml').decode())\""
t_grep "HTML: grades coloured, scores drawn as bars" 0 '<td class="done">优秀</td>' -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --format html | tr -d '\n'"
t_grep "HTML: a bar per score" 0 'aria-label="87.1分"' -- ev --format html
t_grep "xlsx needs a file" 2 "needs -o FILE.xlsx" -- ev --format xlsx
t_grep "weights that do not add to 100: a usage error" 2 "50 \+ 20 \+ 20 = 90, not 100" -- ev --weights completion=50,timeliness=20,satisfaction=20
t_grep "an unknown weight" 2 "expected completion=N" -- ev --weights speed=100
t "other weights change the score" 0 "86.44" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --weights completion=100,timeliness=0,satisfaction=0 --json | jq -r '.items[0].score'"
# (the demo's 2024 plan is 南昌's: a year of no plan at all is 2022)
t_grep "a year the database has no plan for" 1 "no plan for 2022" -- ms evaluate --year 2022
t "one year's plan only: no comparison" 0 "null" -- js '.comparison' 

# --- 未评定, 无应报, the cap rule, ratings (docs/EVALUATION.md) ---
# from here on the lead units have approved the last round of items 1, 2, 5 and 10 (on
# 2024-01-05), so that item 5 scores 80.87 and item 10 90.44 although neither meets a target
# (全部通过 per item: approve --all, one transaction each)
for i in 1 2 5 10; do MS_CLOCK=1704420000 ms approve --all --round 2023-12-25 --item "$i" --plan jiangxi-2023 >/dev/null; done
t "no report of items 1, 2, 5 and 10 awaits review" 0 "0" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM report WHERE plan = 'jiangxi-2023' AND status = 'submitted' AND (indicator LIKE '1.%' OR indicator LIKE '2.%' OR indicator LIKE '5.%' OR indicator LIKE '10.%')"
t "items with no figures are 未评定 (not 100): no score, no completion" 0 "6 null null 未评定,9 null null 未评定" -- js '[.items[] | select(.no == 6 or .no == 9) | "\(.no) \(.completion) \(.score) \(.grade)"] | join(",")'
t "未评定 items are left out of the grade counts" 0 '{"优秀":4,"良好":0,"合格":2,"不合格":0,"未评定":2}' -- js '.grade_counts | tojson'
t_grep "and the report counts them apart" 0 "^等级分布：优秀 4 件，良好 0 件，合格 2 件，不合格 0 件；未评定 2 件（不计入）。" -- ev
t "nothing due is 无应报, not 100%" 0 "null true" -- js '.items[] | select(.no == 6) | "\(.timeliness) \(.no_reports_due)"'
t_grep "the report says 无应报" 0 "^\| 6 加大婴幼儿入托补贴补助力度 \| — \| 无应报 \| — \| 未评定 \| 未评定 \|$" -- ev
t "item 9 and its lead unit agree: 无应报, 未评定" 0 "9 null 未评定 | ndrc null 未评定 0/1" -- js '"\(.items[] | select(.no == 9) | "\(.no) \(.timeliness) \(.grade)") | \(.leads[] | select(.code == "ndrc") | "\(.code) \(.timeliness) \(.grade) \(.items_graded)/\(.items)")"'
t_grep "the lead unit's row says so" 0 "^\| 省发展改革委 \| 1 \| — \| 无应报 \| — \| 未评定 \| 未评定 \|$" -- ev
t "the cap rule: item 5 meets 0 of 4, scores 80.87 (良好) and is graded 合格" 0 "0/4 80.87 合格 true" -- js '.items[] | select(.no == 5) | "\(.met)/\(.indicators) \(.score) \(.grade) \(.grade_capped)"'
t "item 10 meets 0 of 1: 90.44 is 合格, not 优秀" 0 "90.44 合格 true" -- js '.items[] | select(.no == 10) | "\(.score) \(.grade) \(.grade_capped)"'
t_grep "the report gives the reason" 0 "达标 0/4；量化指标均未达标，等级由良好降为合格" -- ev
t "item 1 meets 1 of 4: no cap" 0 "优秀 false" -- js '.items[0] | "\(.grade) \(.grade_capped)"'
t "no ratings yet" 0 "0" -- js '.ratings | length'
t "evaluate rate: an item" 0 "已评定 6：80 分 — rated; the latest rating of 6 is in force" -- ms evaluate rate 6 --score 80 --basis "核查11个设区市的补贴发放台账，抽查南昌、赣州两地"
t "after rating, item 6 has score 80 (its timeliness 无应报, no survey: all on the rating)" 0 "80.00 80.00 良好 1 100.00" -- js '.items[] | select(.no == 6) | "\(.completion) \(.score) \(.grade) \(.rated) \(.weights.completion)"'
t "the rating is given with its basis" 0 "item 6 80.00 true 核查11个设区市的补贴发放台账，抽查南昌、赣州两地" -- js '.ratings[0] | "\(.kind) \(.target) \(.score) \(.used) \(.basis)"'
t_grep "and in the report" 0 "^第6件实事：80.0分。依据：核查11个设区市的补贴发放台账" -- ev
t "and journaled" 0 "rating.add rating jiangxi-2023/item/6" -- sqlite3 "$MINSHENG_DB" "SELECT action, tbl, key FROM journal WHERE action = 'rating.add'" -separator ' '
t "the latest rating wins" 0 "已评定 6：85 分 — rated; the latest rating of 6 is in force" -- ms evaluate rate 6 --score 85 --basis "复核后上调"
t "item 6 now 85; both ratings kept" 0 "85.00 2" -- sh -c "echo \"\$($MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 6) | .score') \$(sqlite3 '$MINSHENG_DB' 'SELECT COUNT(*) FROM rating')\""
t_grep "a rating is never changed in place" 0 "rate again to change it" -- sh -c "sqlite3 '$MINSHENG_DB' 'UPDATE rating SET score = 100' 2>&1; true"
t "an indicator rated: item 9 from one of its two (the other still 未评定, left out)" 0 "70.00 70.00 合格 1 1" -- sh -c "$MINSHENG evaluate rate 9.telemedicine_it_equipment --score 70 --basis '设备配备验收材料齐全' >/dev/null && $MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 9) | \"\(.completion) \(.score) \(.grade) \(.rated) \(.unrated)\"'"
t "its lead unit follows its item" 0 "70.00 合格 1/1" -- js '.leads[] | select(.code == "ndrc") | "\(.score) \(.grade) \(.items_graded)/\(.items)"'
t "an item rating covers its unrated qualitative indicators, not its figures" 0 "88.51 良好 1" -- sh -c "$MINSHENG evaluate rate 1 --score 60 --basis '利息免除政策落实一般' >/dev/null && $MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[0] | \"\(.completion) \(.grade) \(.rated)\"'"
t "a rating of an indicator with figures does not count, and says so" 0 "false 95.88" -- sh -c "$MINSHENG evaluate rate 2.dibao_urban_standard --score 10 --basis '试' >/dev/null && $MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '\"\(.ratings[] | select(.target == \"2.dibao_urban_standard\") | .used) \(.items[1].score)\"'"
t_grep "a score over 100: the option is named" 1 "评定分数须为0到100的整数.*\[--score\]" -- ms evaluate rate 6 --score 101 --basis x
t_grep "a score that is not a number" 1 "\"八十\": a whole number 0-100" -- ms evaluate rate 6 --score 八十 --basis x
t_grep "a blank basis" 1 "请写明评定依据.*\[--basis\]" -- ms evaluate rate 6 --score 80 --basis "  "
t_grep "no basis: a usage error" 2 "needs --score 0-100 and --basis TEXT" -- ms evaluate rate 6 --score 80
t_grep "an item the plan does not have (7 is absent from the notice)" 1 "计划中没有第7件实事" -- ms evaluate rate 7 --score 80 --basis x
t_grep "an indicator the plan does not have" 1 "计划中没有指标 6.nope" -- ms evaluate rate 6.nope --score 80 --basis x
t "refusals wrote nothing" 0 "5" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM rating"
t "full-width digits and 分 are read" 0 "已评定 6：85 分 — rated; the latest rating of 6 is in force" -- ms evaluate rate 6 --score ８５分 --basis "复核"


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
# filed on 2023-12-20, while the rounds are open (they close 7 days after their due date)
# (the targets are set in June: once a round has closed, targets change no more)
export MS_CLOCK=$(date -u -d "2023-06-01 10:00 +0800" +%s)
export MINSHENG_DB=$T/b.db
ms init >/dev/null
ms assign 10.aeds 360100 600 >/dev/null
ms assign 5.community_elderly_homes 360100 10 >/dev/null
export MS_CLOCK=$(date -u -d "2023-12-20 10:00 +0800" +%s)
ms report 10.aeds 360100 --round 2023-12-25 --value 600 --submitted-at 2023-12-20 >/dev/null
# the evaluation counts approved reports only: not yet approved, nothing done; approved after the day, still nothing
t "a report awaiting review is not evaluated" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 1 else 0 end'"
MS_CLOCK=1703743200 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null   # 2023-12-28, inside the grace days
t "a report approved after the evaluation day is not evaluated" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2023-12-27 --json | jq -r '.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 1 else 0 end'"
t "and is, from the day it was approved" 0 "1" -- sh -c "$MINSHENG evaluate --as-of 2023-12-28 --json | jq -r '.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 1 else 0 end'"
MS_CLOCK=$(date -u -d "2023-06-01 10:00 +0800" +%s) sh -c "'$MINSHENG' init --force >/dev/null && '$MINSHENG' assign 10.aeds 360100 600 >/dev/null && '$MINSHENG' assign 5.community_elderly_homes 360100 10 >/dev/null"
ms report 10.aeds 360100 --round 2023-12-25 --value 600 --submitted-at 2023-12-20 >/dev/null
MS_CLOCK=1703743200 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null   # 2023-12-28
t "an indicator exactly at target: 100%, no carry-over" 0 "10000 0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '\"\(.items[] | select(.no == 10) | .basis | test(\"AED） 100.0%\") | if . then 10000 else 0 end) \([.recommendations[] | select(.kind == \"carry_over\" and .item == 10)] | length)\"'"
t "an item with only qualitative indicators and no reports: 未评定, not 不合格 nor 100" 0 "null 未评定" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 9) | \"\(.completion) \(.grade)\"'"
t "a target with reports due and none given: 0, 不合格" 0 "0.00 0.00 0.00 不合格" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[] | select(.no == 5) | \"\(.completion) \(.timeliness) \(.score) \(.grade)\"'"
t "a target with nothing due and no figures: 未评定 (item 1 has no breakdown here)" 0 "null null 未评定" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '.items[0] | \"\(.completion) \(.timeliness) \(.grade)\"'"
jq --arg src "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" \
	'(.items[] | .indicators[]? | select(.id == "10.aeds") | .comparator) = "<=" | .source.path = $src' \
	"$ROOT/data/plans/jiangxi-2023.json" > le.json
export MINSHENG_DB=$T/le.db
for f in le.db le2.db; do    # twice, not cp: the same steps work on PostgreSQL (tests/pg-suite.sh)
	MINSHENG_DB=$T/$f MS_CLOCK=$(date -u -d "2023-06-01 10:00 +0800" +%s) sh -c "'$MINSHENG' init --plan le.json >/dev/null && '$MINSHENG' assign 10.aeds 360100 600 >/dev/null"
done
ms report 10.aeds 360100 --round 2023-12-25 --value 700 --narrative "超出上限" --submitted-at 2023-12-20 >/dev/null
MS_CLOCK=1703743200 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null
t "a ≤ indicator above its ceiling: target / actual = 85.7%, nothing 'remains'" 0 "1 0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq -r '[.recommendations[] | select(.item == 10 and .kind == \"carry_over\")] | \"\(map(select(.text | contains(\"完成率 85.7%\"))) | length) \(map(select(.text | contains(\"尚差\"))) | length)\"'"
export MINSHENG_DB=$T/le2.db
ms report 10.aeds 360100 --round 2023-12-25 --value 500 --submitted-at 2023-12-21 >/dev/null
MS_CLOCK=1703743200 ms approve 10.aeds 360100 --round 2023-12-25 >/dev/null
t "a ≤ indicator under its ceiling: met" 0 "0" -- sh -c "$MINSHENG evaluate --as-of 2024-01-15 --json | jq '[.recommendations[] | select(.item == 10 and .kind == \"carry_over\")] | length'"

unset MS_CLOCK

# --- year over year: a second year's plan beside the saved 2023 evaluation ---
export MINSHENG_DB=$T/y.db
ms init --demo >/dev/null
jq --arg p "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" '.id = "jiangxi-2024" | .year = 2024 | .start_on = "2024-01-01" | .source.path = $p
	| .rounds |= map(.due_on |= (.[0:3] + ((.[3:4] | tonumber) + 1 | tostring) + .[4:]))
	| .items[9].title = "加大自动体外除颤器（AED）投放力度" | .items[5].title = "新增普惠托育服务机构"' "$ROOT/data/plans/jiangxi-2023.json" > p2024.json
ms plan add p2024.json >/dev/null
# the 2024 plan's one figure: AED in 南昌 by the first round
ms assign 10.aeds 360100 600 >/dev/null
ms report 10.aeds 360100 --round 2024-06-30 --value 300 --submitted-at 2024-06-28 >/dev/null
t_grep "last year's plan without a saved evaluation: says to save it first" 0 "有2023年的计划，但尚未保存其评估.*先保存2023年的评估后再评估 \\(save the 2023 evaluation first\\)" -- ms evaluate --year 2024 --as-of 2024-07-01
ms evaluate --year 2023 --as-of 2024-01-15 --save 2>/dev/null >/dev/null
yy() { ms evaluate --year 2024 --as-of 2024-07-01 --json | jq -r "$1"; }
t "--year picks that year's plan" 0 "jiangxi-2024 2024" -- yy '"\(.plan) \(.year)"'
t "the items they share, matched by title (a retitled one too, an unrelated one not)" 0 "1:1 2:2 3:3 4:4 5:5 9:9 10:10" -- yy '[.comparison.items[] | "\(.no):\(.prev_no)"] | join(" ")'
t "this year's score = last year's + the change" 0 "true" -- yy '.comparison.items[] | select(.no == 10) | (.score | tonumber) - (.prev_score | tonumber) - (.change | tonumber) | fabs < 0.011'
t "an item 未评定 this year has no change" 0 "null 未评定 " -- yy '.comparison.items[0] | "\(.score) \(.grade) \(.change)"'
t "last year's figures are the saved evaluation's" 0 "same" -- sh -c "[ \"\$($MINSHENG evaluate show 2023 | jq -r '.items[0].score')\" = \"\$($MINSHENG evaluate --year 2024 --as-of 2024-07-01 --json | jq -r '.comparison.items[0].prev_score')\" ] && echo same"
t_grep "the report has the comparison table" 0 "^\\| 10 加大自动体外除颤器（AED）投放力度 \\| 10 加大自动体外除颤器投放力度 \\| [0-9.]+分 \\| [0-9.]+分 \\|" -- ms evaluate --year 2024 --as-of 2024-07-01
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

# --- ratings over HTTP: administrators only, the form with its CSRF token, the API ---
t_grep "the page lists the ratings in force with their basis" 0 "<li>第6件实事：<b>85.0分</b>。依据：复核" -- curl -s "${URL}evaluation?as_of=2024-01-15"
t "no 评定 form for anyone but an administrator" 0 "0" -- sh -c "curl -s '${URL}evaluation?as_of=2024-01-15' | grep -c 'id=\"rate\"' || true"
ADMIN=$(ms user token admin)
NANCHANG=$(ms user token nanchang)
rate_api() { curl -s -o r.json -w '%{http_code}' "$@" "${URL}api/v1/evaluation/ratings"; }
t "POST /api/v1/evaluation/ratings: 201 with the score read" 0 "201 9 75" -- sh -c "c=\$(curl -s -o r.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN' -H 'Content-Type: application/json' -d '{\"target\":\"9\",\"score\":\"75\",\"basis\":\"远程医疗设备抽查合格\"}' '${URL}api/v1/evaluation/ratings'); echo \"\$c \$(jq -r '\"\\(.target) \\(.score)\"' r.json)\""
t "and the evaluation takes it (item 9: its own indicator rating 70, the other from the item's 75)" 0 "72.50" -- sh -c "curl -s '${URL}api/v1/evaluation?as_of=2024-01-15' | jq -r '.items[] | select(.no == 9) | .completion'"
t "a reporter may not rate: 403" 0 "403" -- rate_api -H "Authorization: Bearer $NANCHANG" -d "target=6&score=90&basis=x"
t "nor anyone not logged in: 401" 0 "401" -- rate_api -d "target=6&score=90&basis=x"
t "a bad score: 422 naming the field" 0 "422 score" -- sh -c "c=\$(curl -s -o r.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN' -d 'target=6&score=120&basis=x' '${URL}api/v1/evaluation/ratings'); echo \"\$c \$(jq -r .error.field r.json)\""
t "an unknown target: 404 naming the field" 0 "404 target" -- sh -c "c=\$(curl -s -o r.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN' -d 'target=6.nope&score=80&basis=x' '${URL}api/v1/evaluation/ratings'); echo \"\$c \$(jq -r .error.field r.json)\""
hdr=$(curl -s -D - -o /dev/null -d 'name=admin&password=minsheng2023' "${URL}login" | tr -d '\r')
COOKIE=$(printf '%s' "$hdr" | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p')
page=$(curl -s -b "$COOKIE" "${URL}evaluation?as_of=2024-01-15")
CSRF=$(printf '%s' "$page" | grep -o 'name="csrf" value="[0-9a-f]*"' | tail -1 | sed 's/.*value="//; s/"$//')
t_sh "an administrator gets the 评定 form with its CSRF token" 'printf "%s" "$page" | grep -q "<form class=\"entry\" method=\"post\" action=\"/evaluation\" id=\"rate\">" && [ ${#CSRF} = 64 ]'
t "the form without the token: 403" 0 "403" -- curl -s -o /dev/null -w '%{http_code}' -b "$COOKIE" -d "target=6&score=90&basis=x" "${URL}evaluation"
t "with it: 303 back to the page" 0 "303 /evaluation?done=rated#rate" -- sh -c "curl -s -o /dev/null -D - -b '$COOKIE' -d 'csrf=$CSRF&target=6&score=90&basis=%E5%A4%8D%E6%A0%B8' '${URL}evaluation' | tr -d '\r' | awk '/^HTTP/ { c = \$2 } /^Location:/ { l = \$2 } END { print c, l }'"
t "and item 6 is rated 90 now" 0 "90.00" -- sh -c "curl -s '${URL}api/v1/evaluation?as_of=2024-01-15' | jq -r '.items[] | select(.no == 6) | .completion'"
t_grep "a refused rating: the page again, what was typed kept, the score marked" 0 'name="score" inputmode="numeric" size="4" required value="101" class="bad" aria-invalid="true"' -- curl -s -b "$COOKIE" -d "csrf=$CSRF&target=6&score=101&basis=keep-me" "${URL}evaluation"
t_grep "with the message" 0 '<p class="err" role="alert">评定分数须为0到100的整数' -- curl -s -b "$COOKIE" -d "csrf=$CSRF&target=6&score=101&basis=keep-me" "${URL}evaluation"
t "and its status" 0 "422" -- curl -s -o /dev/null -w '%{http_code}' -b "$COOKIE" -d "csrf=$CSRF&target=6&score=101&basis=keep-me" "${URL}evaluation"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
done_testing
