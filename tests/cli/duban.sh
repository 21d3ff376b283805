# tests/cli/duban.sh - 督办: a notice issued for a red or late indicator to
# its lead unit or a region, quoting the figures; refused for one neither
# red nor late; answered once by the unit addressed (with a reference to
# evidence); past its date unanswered it is overdue: first on the list and
# in the bulletin's 问题 section (the bulletin unchanged otherwise);
# journaled; the pages and the API with their roles. MS_CLOCK fixes the day.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/d.db
q() { sqlite3 "$MINSHENG_DB" "$1"; }
cn() { date -u -d "$1 +0800" +%s; }

export MS_CLOCK=$(cn "2023-07-15 10:00")
ms init --demo >/dev/null
ms bulletin --round 2023-06-30 --as-of 2023-07-25 > before.md
ms bulletin --round 2023-06-30 --as-of 2023-07-19 > before19.md

# --- issuing ---
t_grep "an item without a lead unit: name the unit" 1 "没有牵头单位，请指明督办单位.*\[--org\]" -- ms duban issue 10.aeds --what 补报 --answer-by 2023-07-20
t_grep "a unit that is neither the lead nor a region of it" 1 "既不是第10件实事的牵头单位.*\[--org\]" -- ms duban issue 10.aeds --org civil --what 补报 --answer-by 2023-07-20
t_grep "an indicator neither red nor late" 1 "未亮红灯，也没有迟报、未报送，无需督办" -- ms duban issue 1.interest_waiver --what x --answer-by 2023-07-20
t_grep "an answer-by date in the past" 1 "答复期限不能早于今天.*\[--answer-by\]" -- ms duban issue 10.aeds --org 360400 --what x --answer-by 2023-07-01
t_grep "no what" 1 "请填写督办事项.*\[--what\]" -- ms duban issue 10.aeds --org 360400 --answer-by 2023-07-20
t_grep "an unknown indicator" 1 "无此指标 9.none \(no such indicator\) \[INDICATOR\]" -- ms duban issue 9.none --what x --answer-by 2023-07-20
t_sh "the refusals wrote nothing" '[ "$(q "SELECT COUNT(*) FROM duban")" = 0 ] && [ "$(q "SELECT COUNT(*) FROM journal WHERE tbl = '"'duban'"'")" = 0 ]'
t "to a region of a red indicator" 0 "已签发督办单 1 — notice issued" -- ms duban issue 10.aeds --org 360400 --what "说明AED配备滞后原因，提出整改措施" --answer-by 2023-07-20
t "the reason quotes the region's figures" 0 "截至2023年7月15日（北京时间），10.aeds 配备自动体外除颤器（AED），九江市：完成 9台，目标 32台，完成率 28.1%，红。" -- sh -c "$MINSHENG --json duban show 1 | jq -r .why"
t "to the lead unit by default" 0 "已签发督办单 2 — notice issued" -- ms duban issue 5.community_elderly_homes --what "加快建设进度" --why "多地进度滞后" --answer-by 2023-07-31
t "…the lead unit, the indicator's figures and the reason added" 0 "civil
1" -- sh -c "$MINSHENG --json duban show 2 | jq -r '.org, ((.why | test(\"完成率 [0-9.]+%，时序进度 [0-9.]+%，红；报送 [0-9]+ 次中迟报 [0-9]+ 次、未报送 [0-9]+ 次\")) and (.why | endswith(\"\\n多地进度滞后\")) | if . then 1 else 0 end)'"
t "journaled" 0 "duban.issue|jiangxi-2023/1
duban.issue|jiangxi-2023/2" -- q "SELECT action, key FROM journal WHERE tbl = 'duban' ORDER BY id"
t_grep "list: open notices" 0 "^1 +待答复 +10.aeds" -- ms duban list
t "a notice not yet due leaves the bulletin as it was" 0 "" -- sh -c "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-19 | diff before19.md - | head -3"

# --- overdue ---
export MS_CLOCK=$(cn "2023-07-22 10:00")
t "list: the overdue first" 0 "1 overdue
2 open" -- sh -c "$MINSHENG --json duban list | jq -r '.[] | \"\(.id) \(.state)\"'"
t_grep "…said so" 0 "其中 1 件逾期未答复" -- ms duban list
t_grep "the bulletin names it under 六、明显问题" 0 "^\| 配备自动体外除颤器（AED） \| 九江市 \| 说明AED配备滞后原因，提出整改措施 \| 2023-07-15 \| 2023-07-20 \|$" -- ms bulletin --round 2023-06-30 --as-of 2023-07-25
t "…in that section, nothing else changed" 0 "1" -- sh -c "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-25 | diff before.md - | grep -c '^> 以下督办单已过答复期限仍未答复'"
t "a bulletin as of a day before the date does not" 0 "" -- sh -c "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-19 | diff before19.md - | head -3"

# --- answering ---
t_grep "an answer needs its measures" 1 "请填写整改措施.*\[--answer\]" -- ms duban answer 1
t_grep "a bad evidence reference" 1 "佐证材料编号须为.*\[--evidence\]" -- ms duban answer 1 --answer 已整改 --evidence "a b"
t_grep "evidence that was never uploaded" 1 "没有编号为 7 的佐证材料.*\[--evidence\]" -- ms duban answer 1 --answer 已整改 --evidence 7
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' > plan.pdf
t_grep "the unit uploads its evidence (整改方案)" 0 "^已添加佐证材料 1：plan.pdf$" -- ms evidence add plan.pdf --report 10.aeds/360400/2023-12-25
t_grep "an unknown notice" 1 "没有督办单 99" -- ms duban answer 99 --answer 已整改
t "answered, with a reference to evidence" 0 "已答复督办单 1 — notice answered" -- ms duban answer 1 --answer "已督促各县区补报，月底前完成配备" --evidence 1
t "answered late, the answer and the reference kept" 0 "answered_late 已督促各县区补报，月底前完成配备 1" -- sh -c "$MINSHENG --json duban show 1 | jq -r '\"\(.state) \(.answer) \(.evidence)\"'"
t_grep "once" 1 "督办单 1 已答复 \(already answered\)" -- ms duban answer 1 --answer again
t_grep "show: the whole notice" 0 "^整改措施：已督促各县区补报" -- ms duban show 1
t "an answered notice leaves the bulletin as it was" 0 "" -- sh -c "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-25 | diff before.md - | head -3"
t "journaled with the evidence reference" 0 '{"id":1,"answer":"已督促各县区补报，月底前完成配备","evidence":"1"}' -- q "SELECT after FROM journal WHERE action = 'duban.answer'"

# --- over HTTP: who may do what ---
export MS_CLOCK=$(cn "2023-07-23 10:00")
tok() { ms user token "$1" 2>/dev/null; }
ADMIN=$(tok admin); JJ=$(tok jiujiang); NC=$(tok nanchang); CIVIL=$(tok civil); VIEWER=$(tok viewer)
serve_start
api() { curl -s --max-time 20 -H "Authorization: Bearer $1" "${@:2}"; }
code() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "${@:2}"; }
t "the office lists every notice, the overdue counted" 0 "2 0" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN' '${URL}api/v1/duban' | jq -r '\"\(.items | length) \(.overdue)\"'"
t "a unit sees its own only" 0 "1" -- sh -c "curl -s -H 'Authorization: Bearer $JJ' '${URL}api/v1/duban' | jq -r '[.items[].id] | join(\",\")'"
t "another unit's notice is not found" 0 "404" -- code "$NC" "${URL}api/v1/duban/1"
t "a viewer may not" 0 "403" -- code "$VIEWER" "${URL}api/v1/duban"
t "a unit may not issue" 0 "403" -- code "$JJ" -d 'indicator=10.aeds&org=360400&what=x&answer_by=2023-08-01' "${URL}api/v1/duban"
t "the office issues over the API: 201" 0 "201" -- code "$ADMIN" -d 'indicator=10.aeds&org=360400&what=再次督办&answer_by=2023-08-01' "${URL}api/v1/duban"
t "a refusal names the field" 0 "422 answer_by" -- sh -c "curl -s -o e.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN' -d 'indicator=10.aeds&org=360400&what=x&answer_by=2023-07-01' '${URL}api/v1/duban'; echo \" \$(jq -r .error.field e.json)\""
t "another unit may not answer (nor see it: 404)" 0 "404" -- code "$CIVIL" -d 'answer=x' "${URL}api/v1/duban/3/answer"
t "the unit addressed answers" 0 "answered jiujiang" -- sh -c "curl -s -H 'Authorization: Bearer $JJ' -d 'answer=已补报' '${URL}api/v1/duban/3/answer' | jq -r '\"\(.state) \(.answered_by)\"'"
t "the lead unit answers its own" 0 "200" -- code "$CIVIL" -d 'answer=已约谈进度滞后的设区市' "${URL}api/v1/duban/2/answer"
t_sh "the pages: the office's list with the issue form" 'curl -s -H "Authorization: Bearer $ADMIN" "${URL}duban" | grep -q "签发督办单"'
t_sh "a unit's notice page with the answer form (unanswered) and without (answered)" \
	'curl -s -H "Authorization: Bearer $JJ" "${URL}duban/3" | grep -q "逾期答复\|已答复" && ! curl -s -H "Authorization: Bearer $JJ" "${URL}duban/3" | grep -q "name=\"answer\""'
t_sh "the item page shows its notices to staff" 'curl -s -H "Authorization: Bearer $ADMIN" "${URL}item/5" | grep -q "<h2>督办</h2>"'
t_sh "…not to visitors" '! curl -s "${URL}item/5" | grep -q "<h2>督办</h2>"'
kill "$SERVE_PID" 2>/dev/null
wait "$SERVE_PID" 2>/dev/null
done_testing
