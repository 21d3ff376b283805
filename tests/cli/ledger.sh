# tests/cli/ledger.sh - the task ledger: breakdown, reports and their rules,
# review, status (pace colours, late and missing reports), journal, demo.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/l.db
# 2023-07-05 10:00 China time: every round of the 2023 plan still open, the
# first in its grace period (rounds close 7 days after their due date;
# tests/cli/rounds.sh tests that); reports written "now" come after 07-01
export MS_CLOCK=1688522400
ms init >/dev/null

# --- breakdown ---
t_grep "check before any breakdown lists the sums" 1 "10.aeds .*0 个设区市分解合计 0台，计划目标 600台" -- ms assign check
t "assign a count" 0 "已分解：10.aeds 360100 → 60" -- ms assign 10.aeds 360100 60
t_grep "assign: money for a count" 1 "target: .*not money" -- ms assign 10.aeds 360200 5万元
t_grep "assign: unknown indicator" 1 "无此指标 10.robots \(no indicator 10.robots in plan jiangxi-2023\)" -- ms assign 10.robots 360100 5
t_grep "assign: unknown org" 1 "无此单位或区划 369999 \(no organisation 369999\)" -- ms assign 10.aeds 369999 5
t_grep "assign: a department is not a region" 1 "civil（省民政厅）不是行政区划，任务只分解到省、设区市、县区和乡镇 \\(civil is a department, not a region" -- ms assign 10.aeds civil 5
t_grep "assign: qualitative" 1 "定性指标无需分解 \\(10.emergency_training is qualitative" -- ms assign 10.emergency_training 360100 5
printf 'indicator,org,target\n10.aeds,360200,40\n10.aeds,360300,oops\n' > a.csv
t_grep "import: bad row named, nothing imported" 1 "a.csv:3: target: 应为整数个.*expected a whole number" -- ms assign import a.csv
t "import: all or nothing" 0 "1" -- sh -c "$MINSHENG assign list --json | jq length"
t_grep "standards go to every city" 0 "补充 55 条" -- ms assign standards
t_grep "check: standards are complete, sums are not" 1 "10.aeds 配备自动体外除颤器（AED）：1 个设区市分解合计 60台，计划目标 600台，差 少 540台" -- ms assign check

# --- reports and their rules ---
t "report a count on time" 0 "已报送：10.aeds 360100（2023-06-30）" -- ms report 10.aeds 360100 --round 2023-06-30 --value 30 --submitted-at "2023-06-30 23:59:59"
t_grep "a round not in the plan" 1 "round 2023-07-15 is not in plan jiangxi-2023; its rounds are 2023-06-30, 2023-10-30, 2023-12-25" -- ms report 10.aeds 360100 --round 2023-07-15 --value 3
t_grep "negative value" 1 "value: .*negative" -- ms report 10.aeds 360100 --round 2023-10-30 --value -3
t_grep "below the previous round needs a narrative" 1 "须填写情况说明：数值低于上一轮（2023-06-30）的累计数，累计数不应减少 \(a narrative is needed: the cumulative value is below the 2023-06-30 round's\)" -- ms report 10.aeds 360100 --round 2023-10-30 --value 20
t_grep "with a narrative it is accepted, with a note" 0 "提示：数值低于上一轮" -- ms report 10.aeds 360100 --round 2023-10-30 --value 20 --narrative "核减重复统计的10台"
t_grep "above 3x the target needs a narrative" 1 "超过目标的3倍" -- ms report 10.aeds 360100 --round 2023-12-25 --value 181
t_grep "a missing value needs a reason" 1 "未报数须说明原因 \(a report without a value needs a reason\)" -- ms report 10.aeds 360100 --round 2023-12-25
t "a missing value with a reason" 0 "已报送：10.aeds 360100（2023-12-25）" -- ms report 10.aeds 360100 --round 2023-12-25 --reason "统计口径调整中"
t_grep "a rate needs numerator and denominator" 1 "比率指标须报送分子和分母 \(1.recovery_rate is a rate: give a numerator and a denominator\)" -- ms report 1.recovery_rate 360100 --round 2023-06-30 --value 96%
t_grep "numerator above denominator" 1 "分子不能大于分母 \(numerator: 120 is above the denominator 100\)" -- ms report 1.recovery_rate 360100 --round 2023-06-30 --numerator 120 --denominator 100
t "a rate as numerator/denominator" 0 "已报送：1.recovery_rate 360100（2023-06-30）" -- ms report 1.recovery_rate 360100 --round 2023-06-30 --numerator 96 --denominator 100 --submitted-at 2023-06-29
t_grep "money for a count" 1 "not money" -- ms report 10.aeds 360200 --round 2023-06-30 --value 30元
t "a late report (2023-07-01 for the 06-30 round)" 0 "已报送：10.aeds 360200（2023-06-30）" -- ms report 10.aeds 360200 --round 2023-06-30 --value 10 --submitted-at "2023-07-01 00:00:01"

# --- review ---
t_grep "return needs a reason" 2 "return needs --reason" -- ms return 10.aeds 360200 --round 2023-06-30
t "return with a reason" 0 "已退回：10.aeds 360200（2023-06-30）" -- ms return 10.aeds 360200 --round 2023-06-30 --reason "请附投放点清单"
t_grep "a returned report cannot be approved" 1 "only a submitted report" -- ms approve 10.aeds 360200 --round 2023-06-30
t "resubmitted, then approved" 0 "已审核通过：10.aeds 360200（2023-06-30）" -- sh -c "$MINSHENG report 10.aeds 360200 --round 2023-06-30 --value 12 --submitted-at '2023-07-01 09:00' >/dev/null && $MINSHENG approve 10.aeds 360200 --round 2023-06-30"
t_grep "an approved report is closed" 1 "approved and closed" -- ms report 10.aeds 360200 --round 2023-06-30 --value 13

# --- status: late and missing, as of a date ---
ms assign 10.aeds 360200 40 >/dev/null
ms assign 10.aeds 360300 20 >/dev/null
t "status: on time, late and missing in the first round" 0 "3 2 1 1 1" \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --item 10 --json | jq -r '.items[0].indicators[0].reports | \"\(.expected) \(.received) \(.on_time) \(.late) \(.missing)\"'"
t "status: the late region is 360200, the missing one 360300" 0 "360200 360300" \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --item 10 --json | jq -r '.items[0].indicators[0] | \"\(.late[0].org) \(.missing[0].org)\"'"
t "status: a report submitted after the as-of day is not counted yet" 0 "1" \
	-- sh -c "$MINSHENG status --as-of 2023-06-30 --item 10 --json | jq -r '.items[0].indicators[0].reports.received'"
t "status: actual, completion, expected pace, colour" 0 '"42台" "7.0%" "50.5%" "red"' \
	-- sh -c "$MINSHENG status --include-unreviewed --as-of 2023-07-01 --item 10 --json | jq -c '.items[0].indicators[0] | [.actual, .completion, .expected, .colour]' | tr ',' ' ' | tr -d '[]'"
t_grep "status table in Chinese" 0 "配备自动体外除颤器（AED） +600台 +42台 +7.0% +50.5% +红" -- ms status --include-unreviewed --as-of 2023-07-01 --item 10
t_grep "milestones: one share per round" 1 "give one share per progress round \(3: 2023-06-30 … 2023-12-25\)" -- ms assign milestones 10.aeds 10% 20%
t_grep "milestones: never falling" 1 "share 2: 5% must be between the previous share and 100%" -- ms assign milestones 10.aeds 10% 5% 100%
t "milestones set the expected share" 0 '"10.0%"' \
	-- sh -c "$MINSHENG assign milestones 10.aeds 10% 60% 100% >/dev/null && $MINSHENG status --include-unreviewed --as-of 2023-07-01 --item 10 --json | jq -c '.items[0].indicators[0].expected'"
t "milestones: 7% against 10% is yellow" 0 '"yellow"' \
	-- sh -c "$MINSHENG status --include-unreviewed --as-of 2023-07-01 --item 10 --json | jq -c '.items[0].indicators[0].colour'"
t_grep "status: bad --as-of" 2 "--as-of: " -- ms status --as-of 2023-02-30

# --- sites ---
t_grep "site add" 0 "已登记点位 1：南昌西站" -- ms site add 10.aeds 360100 --name 南昌西站 --kind 火车站 --lat 28.62 --lon 115.79 --delivered 2023-05-20
t_grep "site: a delivered site needs its date" 1 "已交付的点位须填写交付日期 \\(a delivered site needs its date\\)" -- ms site add 10.aeds 360100 --name x
t_grep "site: only counted indicators" 1 "1.loans_new 不是计数指标，不能登记点位 \\(1.loans_new is not counted" -- ms site add 1.loans_new 360100 --name x --delivered 2023-05-20
t_grep "site: half a coordinate" 1 "经纬度须同时填写或都不填 \\(give both lat and lon, or neither\\)" -- ms site add 10.aeds 360100 --name x --lat 28.6 --delivered 2023-05-20
printf 'indicator,org,name,kind,delivered_on,status\n10.aeds,360100,八一广场,市民服务中心,2023-06-01,delivered\n10.aeds,360100,南昌站,火车站,2023-08-01,delivered\n10.aeds,360100,青山湖,学校,,planned\n' > s.csv
t "site import" 0 "已导入 3 个点位（s.csv）" -- ms site import s.csv
printf 'indicator,org,name,delivered_on\n10.aeds,360100,a,2023-06-01\n10.aeds,360100,b,2023-13-01\n' > s2.csv
t_grep "site import: a bad date, nothing imported" 1 "s2.csv:3: delivered_on: " -- ms site import s2.csv
t "site list counts" 0 "4" -- sh -c "$MINSHENG site list --indicator 10.aeds --json | jq length"
t "report from sites: the delivered ones by the round's date, not the planned one" 0 "3台" \
	-- sh -c "$MINSHENG report 10.aeds 360100 --round 2023-10-30 --from-sites --narrative 按点位统计 --submitted-at 2023-10-29 >/dev/null && $MINSHENG status --include-unreviewed --as-of 2023-11-01 --item 10 --org 360100 --json | jq -r '.items[0].indicators[0].actual'"

# --- actuals from registers ---
printf 'region,borrower,principal,disbursed_on,due_on,repaid\n360102,individual,100000,2023-03-01,2023-06-01,100000\n360103,enterprise,1000000,2023-04-01,2023-06-20,900000\n360702,个人,200000,2023-05-01,,\n360702,individual,50000,2022-05-01,2023-05-01,50000\n' > reg.csv
t_grep "actuals loan" 0 "计算 2 个设区市的实际完成数，记录 6 份报送" -- ms actuals loan reg.csv --round 2023-06-30
t "actuals loan: new loans, individual share, recovery" 0 '["130.00万元","23.08%","91.3%"]' \
	-- sh -c "$MINSHENG status --include-unreviewed --item 1 --json | jq -c '[.items[0].indicators[1:4][] | .actual]'"
printf 'region,borrower,principal,disbursed_on\n360102,individual,-5,2023-03-01\n' > reg2.csv
t_grep "actuals loan: a bad row names file:line: column" 1 "reg2.csv:2: principal: " -- ms actuals loan reg2.csv --round 2023-06-30
printf 'area,members,income,region\nurban,3,1500,360102\nrural,2,100,360103\nurban,1,2000,360702\n' > pay.csv
t_grep "actuals dibao" 0 "记录 2 份报送" -- ms actuals dibao pay.csv --round 2023-06-30 --month 2023-06
t "actuals dibao: top-up per person, by the dibao calculator" 0 '["385元/人·月","610元/人·月"]' \
	-- sh -c "$MINSHENG status --include-unreviewed --item 2 --json | jq -c '[.items[0].indicators[] | select(.id | test(\"topup\")) | .actual]'"
t_grep "actuals dibao: the payroll needs a region" 1 "has no region column" \
	-- sh -c "printf 'area,members,income\nurban,1,1\n' > p2.csv && $MINSHENG actuals dibao p2.csv --round 2023-06-30 --month 2023-06"

# --- journal ---
t_grep "every write is journaled" 0 " 退回 +jiangxi-2023/" -- ms journal
t_grep "every write is journaled, its code in JSON" 0 '"action":"report.return","label":"退回"' -- sh -c "'$MINSHENG' journal --json | jq -c '.[] | {action: .action, label: .label}'"
t "history of one indicator in one region" 0 "report.submit report.return report.submit report.approve" \
	-- sh -c "$MINSHENG history 10.aeds 360200 --json | jq -r '[.[].action] | join(\" \")'"
t_grep "the journal refuses edits" 1 "append-only" -- sh -c "sqlite3 '$MINSHENG_DB' 'DELETE FROM journal' 2>&1; exit 1"

# --- demo data ---
rm -f "$MINSHENG_DB"
t_grep "init --demo" 0 "另加演示数据" -- ms init --demo
t "demo: every quantified indicator has target, actual, completion, colour" 0 "true" \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --json | jq '[.items[].indicators[] | select(.target != null) | (.actual != null and .completion != null and .colour != \"none\" and .reports.expected > 0)] | all'"
t "demo: labelled as demo data" 0 "true" -- sh -c "$MINSHENG status --as-of 2023-07-01 --json | jq .demo"
t_grep "demo: the table says 演示数据" 0 "民生实事进展（演示数据）" -- ms status --as-of 2023-07-01
t "demo: the breakdown matches the plan" 0 "任务分解与计划目标一致 ok" -- ms assign check
t "demo: the same data every time" 0 "same" -- sh -c "$MINSHENG status --as-of 2023-12-31 --json > s1.json && rm -f '$MINSHENG_DB' && $MINSHENG init --demo >/dev/null && $MINSHENG status --as-of 2023-12-31 --json > s2.json && cmp -s s1.json s2.json && echo same"
t "demo: late reports exist and red indicators exist" 0 "true true" \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --json | jq -r '[(.rounds[0].late > 0), ([.items[].indicators[] | select(.colour == \"red\")] | length > 0)] | map(tostring) | join(\" \")'"

# --- bulletins, in the four formats ---
t_grep "bulletin md: the title" 0 "^# 关于2023年民生实事第一次进展情况的通报（演示数据）" -- ms bulletin --round 2023-06-30
t_grep "bulletin md: headline figures" 0 "本轮（2023-06-30）应报送 [0-9]+ 份，已报送 [0-9]+ 份，其中按时 [0-9]+ 份、逾期 [1-9][0-9]* 份" -- ms bulletin --round 2023-06-30
t_grep "bulletin md: red indicators with their lead units" 0 "\| 新增社区嵌入式养老院 \| [0-9.]+% \| [0-9.]+% \| 省民政厅 \|" -- ms bulletin --round 2023-06-30
t_grep "bulletin md: late and missing by region" 0 "\| 吉安市 \| [1-9][0-9]* \| 0 \|" -- ms bulletin --round 2023-06-30
t_grep "bulletin: a round not in the plan" 2 "round 2023-07-31 is not in plan" -- ms bulletin --round 2023-07-31
ms bulletin --round 2023-06-30 -o b.html 2>/dev/null
t_sh "bulletin html: SVG bars and colours, no outside scripts" 'grep -q "<svg class=\"bar\"" b.html && grep -q "class=\"red\"" b.html && ! grep -qi "<script" b.html && ! grep -q "http" b.html'
t_sh "bulletin html: escapes what it shows" '[ "$(grep -c "<table>" b.html)" = "$(grep -c "</table>" b.html)" ]'
ms bulletin --round 2023-06-30 -o b.csv 2>/dev/null
t_sh "bulletin csv: BOM for Excel and the ledger header" 'head -c 3 b.csv | od -An -tx1 | grep -q "ef bb bf" && head -1 b.csv | grep -q "实事,序号,任务,填报单位,目标,完成,完成率,时序进度,状态,报送情况,联系人,联系电话,牵头单位,责任单位,进展情况"'
t "bulletin csv: a 合计 row per indicator (25)" 0 "25" -- sh -c "awk -F, 'NR > 1 && \$4 == \"合计\"' b.csv | wc -l | tr -d ' '"
t "bulletin csv: every city on each of the 17 quantified indicators" 0 "11 17" -- sh -c "awk -F, 'NR > 1 && \$4 ~ /市\$/ { n[\$4]++ } END { for (c in n) print n[c] }' b.csv | sort -u | { read a; echo \"\$(awk -F, 'NR > 1 && \$4 ~ /市\$/' b.csv | cut -d, -f4 | sort -u | wc -l) \$a\"; }"
awk -F, '$1 ~ /^9 / && $4 != "合计" { print $4 "," $13 $14 }' b.csv > units9.txt
t_sh "bulletin csv: a task no region reports on has a row per lead and responsible unit (item 9: 4 units, 2 tasks)" \
	'[ "$(wc -l < units9.txt)" = 8 ] && [ "$(head -2 units9.txt | tr "\n" " ")" = "省发展改革委,牵头 省卫生健康委,责任 " ]'
ms bulletin --round 2023-06-30 -o b.xlsx 2>/dev/null
t "bulletin xlsx opened: a summary sheet and one ledger sheet per item" 0 "通报 台账1 台账2 台账3 台账4 台账5 台账6 台账9 台账10" \
	-- python3 -c "import zipfile,re; print(' '.join(re.findall(r'<sheet name=\"([^\"]+)\"', zipfile.ZipFile('b.xlsx').read('xl/workbook.xml').decode())))"
t "bulletin xlsx: the ledger columns" 0 "True" \
	-- python3 -c "import zipfile; s=zipfile.ZipFile('b.xlsx').read('xl/sharedStrings.xml').decode(); print(all(w in s for w in ['序号','任务','目标','完成','进度','牵头单位','责任单位','进展情况']))"
t_grep "bulletin xlsx needs -o" 2 "xlsx needs -o" -- ms bulletin --round 2023-06-30 --format xlsx

done_testing
