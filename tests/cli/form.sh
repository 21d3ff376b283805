# tests/cli/form.sh - 报送 as one form per unit and round, its Excel 报送表 out
# and in, and 审核 in bulk, over HTTP as the offices use them: 南昌's reporter
# files the whole round in one submit (all rows or none; every refused box
# named, listed and focused), downloads the template, uploads it back through
# the same checks (a bad cell: 422 naming sheet, row and column, nothing
# written), and `report import FILE.xlsx` does the same on the command line;
# the lead unit approves every filtered row in one action and returns the
# ticked ones with one reason; locking a round takes its confirmation.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/f.db
export MS_CLOCK=1703030400 # 2023-12-20, inside the demo's last round
FILL="python3 $ROOT/tests/cli/entry_fill.py"
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }
jcount() { q "SELECT COUNT(*) FROM journal"; }
R=2023-12-25
serve_start
st() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
login() { curl -s -D - -o /dev/null -d "name=$1&password=minsheng2023" "${URL}login" | tr -d '\r' | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p'; }
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }
NC=$(login nanchang)
curl -s -b "$NC" "${URL}report?round=$R" > page.html
CSRF=$(csrf page.html)
rows=$(grep -c '<tr id="row-' page.html)

# --- the page: one table, one 提交, one 保存草稿 ---
t_sh "报送: one table with a row per indicator of 南昌's breakdown (25)" '[ "$rows" = 25 ]'
t "one form for the whole round" 0 "1" -- grep -c '<form method="post" action="/report/round" id="entry">' page.html
t "one 提交 and one 保存草稿" 0 "1 1" -- sh -c "echo \$(grep -o 'value=\"submit\">提交<' page.html | wc -l) \$(grep -o 'value=\"draft\">保存草稿<' page.html | wc -l)"
t_grep "each row: indicator, unit, target, previous round, this round, 进展情况, 未报原因" 0 \
	'<tr id="row-10.aeds"><td class="nm" data-l="指标">配备自动体外除颤器（AED）</td><td data-l="单位" class="unit">台</td><td class="num" data-l="分解目标">[0-9]+台</td><td class="num" data-l="上一轮">[0-9]+台<small class="legend">（2023-10-30）</small></td><td class="val" data-l="本轮累计完成"><input name="v.10.aeds"' -- cat page.html
t_sh "no English on the page's labels" '! grep -qiE "(numerator|denominator|narrative):" page.html'

# --- one bad box: nothing written, the error beside it, listed, focused ---
n0=$(jcount)
$FILL form page.html "csrf=$CSRF" action=submit v.10.aeds=-5 > bad.body
t "a bad box refuses the whole submit: 422" 0 "422" -- st -b "$NC" --data @bad.body "${URL}report/round"
curl -s -b "$NC" --data @bad.body "${URL}report/round" > bad.html
t_sh "and nothing was written" '[ "$(jcount)" = "$n0" ]'
t_grep "the message beside its box, in Chinese only" 0 'id="f-v.10.aeds" aria-label="本轮累计完成" class="bad" aria-invalid="true" aria-describedby="err-10.aeds" autofocus inputmode="decimal" size="10" value="-5"><span class="ferr" role="alert" id="err-10.aeds">“-5”：不能为负数</span>' -- cat bad.html
t_grep "summarised at the top, linked to the box" 0 '<div class="err" id="errors" role="alert"><b>有 1 处需要修改，本次未保存任何数据：</b><ol><li><a href="#f-v.10.aeds">配备自动体外除颤器（AED） · 本轮累计完成</a>：“-5”：不能为负数</li>' -- cat bad.html
t "one box has autofocus: the page returns to it" 0 "1" -- grep -o ' autofocus' bad.html -c
t_grep "what was typed elsewhere is kept" 0 'name="g.10.aeds"[^>]*>（测试）' -- cat bad.html

# --- the whole round in one submit ---
$FILL form page.html "csrf=$CSRF" action=submit v.10.aeds=80 > good.body
t "the whole round in one submit: 303 back to the page" 0 "303" -- st -b "$NC" --data @good.body "${URL}report/round"
t "every row submitted" 0 "25" -- q "SELECT COUNT(*) FROM report WHERE org = '360100' AND round = '$R' AND status = 'submitted'"
t "each journaled, one row each, by the reporter" 0 "25" -- q "SELECT COUNT(*) FROM journal WHERE action = 'report.submit' AND actor = 'nanchang'"
t "the AED value stored" 0 "80" -- q "SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '$R'"
t_grep "the page says so" 0 'class="ok" role="status">已提交：25 项已报送，待审核。' -- curl -s -b "$NC" "${URL}report?round=$R&org=360100&done=submit&n=25"
n1=$(jcount)
t "submitting it again unchanged: 303" 0 "303" -- st -b "$NC" --data @good.body "${URL}report/round"
t_sh "and nothing written (a report on time stays on time)" '[ "$(jcount)" = "$n1" ]'
$FILL form page.html "csrf=$CSRF" action=draft v.10.aeds=81 > draft.body
t "保存草稿: 303" 0 "303" -- st -b "$NC" --data @draft.body "${URL}report/round"
t "the changed row becomes a draft" 0 "draft|81" -- q "SELECT status, value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '$R'"
t "the rest stay submitted" 0 "1" -- q "SELECT COUNT(*) FROM report WHERE org = '360100' AND round = '$R' AND status = 'draft'"
$FILL form page.html "csrf=$CSRF" action=submit v.10.aeds=80 > good.body
t "submitted again" 0 "303" -- st -b "$NC" --data @good.body "${URL}report/round"

# --- the Excel 报送表 ---
t "GET /report/template.xlsx: 200, an .xlsx attachment" 0 "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
	-- curl -s -b "$NC" -o t.xlsx -w '%{http_code} %{content_type}' "${URL}report/template.xlsx?round=$R"
t_sh "a zip with one sheet, 台账" 'unzip -p t.xlsx xl/workbook.xml | grep -q "<sheet name=\"台账\""'
unzip -p t.xlsx xl/worksheets/sheet1.xml > sheet.xml
t_sh "the sheet is protected, the boxes unlocked" 'grep -q "<sheetProtection" sheet.xml && unzip -p t.xlsx xl/styles.xml | grep -q "locked=\"0\""'
t_sh "numbers are validated (decimal ≥ 0 for values, whole numbers for ratios)" 'grep -q "<dataValidation type=\"decimal\" operator=\"greaterThanOrEqual\"" sheet.xml && grep -q "<dataValidation type=\"whole\"" sheet.xml'
t_sh "the key columns (indicator id, org, round) are hidden" 'grep -q "<col min=\"11\" max=\"11\"[^>]*hidden=\"1\"" sheet.xml && grep -q "<col min=\"13\" max=\"13\"[^>]*hidden=\"1\"" sheet.xml'
t_sh "a row per indicator" '[ "$(grep -o "<row r=" sheet.xml | wc -l)" = $((3 + 25)) ]'
$FILL xlsx t.xlsx bad.xlsx "10.aeds:E=-3"
AEDROW=$(python3 -c "
import re,zipfile;z=zipfile.ZipFile('t.xlsx');s=[re.sub('<[^>]+>','',x) for x in re.findall(r'<si>(.*?)</si>',z.read('xl/sharedStrings.xml').decode())]
print(re.search(r'<c r=\"K(\d+)\"[^>]*><v>%d</v>'%s.index('10.aeds'),z.read('xl/worksheets/sheet1.xml').decode()).group(1))")
n2=$(jcount)
t "upload with a bad cell: 422" 0 "422" -- st -b "$NC" -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@bad.xlsx" "${URL}report/upload"
curl -s -b "$NC" -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@bad.xlsx" "${URL}report/upload" > bad.json
t "naming sheet, row and column" 0 "台账!E$AEDROW: value: “-3”：不能为负数 (may not be negative)|value" -- jq -r '"\(.errors[0].message)|\(.errors[0].field)"' bad.json
t "and each apart" 0 "台账 $AEDROW E E$AEDROW" -- jq -r '.errors[0] | "\(.sheet) \(.row) \(.column) \(.cell)"' bad.json
t_sh "and nothing was written" '[ "$(jcount)" = "$n2" ]'
t_grep "in a browser: the 报送 page with the cell named beside the box" 0 'id="err-10.aeds">台账!E'"$AEDROW"': “-3”：不能为负数' -- curl -s -b "$NC" -H 'Accept: text/html' -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@bad.xlsx" "${URL}report/upload"
$FILL xlsx t.xlsx good.xlsx "10.aeds:E=90" "10.aeds:H=（Excel）新增配备10台。"
t "upload the filled sheet: 200, one report written" 0 "200 1" -- sh -c "curl -s -o up.json -w '%{http_code}' -b '$NC' -H 'X-CSRF-Token: $CSRF' -F 'round=$R' -F 'file=@good.xlsx' '${URL}report/upload'; echo \" \$(jq .written up.json)\""
t "the value and narrative from the sheet, submitted" 0 "90|（Excel）新增配备10台。|submitted|xlsx" -- q "SELECT value, narrative, status, origin FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '$R'"
t_grep "and shown on the page" 0 'name="v.10.aeds"[^>]* value="90">' -- curl -s -b "$NC" "${URL}report?round=$R"
$FILL xlsx t.xlsx raw.xlsx "10.aeds:E=91" "10.aeds:H=（Excel）新增配备11台。"
t "the .xlsx as the whole body: 200" 0 "200" -- st -b "$NC" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' --data-binary @raw.xlsx "${URL}report/upload?round=$R"
t "stored" 0 "91" -- q "SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '$R'"
printf 'not a zip' > junk.xlsx
t_grep "a file that is no .xlsx: refused in words" 0 "不是 Excel（.xlsx）文件" -- curl -s -b "$NC" -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@junk.xlsx" "${URL}report/upload"
python3 -c "
import zipfile
z=zipfile.ZipFile('bomb.xlsx','w',zipfile.ZIP_DEFLATED)
z.writestr('xl/workbook.xml','<workbook xmlns:r=\"r\"><sheets><sheet name=\"台账\" r:id=\"rId1\"/></sheets></workbook>')
z.writestr('xl/worksheets/sheet1.xml','<worksheet>'+' '*(80<<20)+'</worksheet>')
z.close()"
t_grep "a zip bomb (80 MiB of blanks): refused before it is expanded" 0 "过大|压缩比" -- curl -s -b "$NC" -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@bomb.xlsx" "${URL}report/upload"
JJ=$(login jiujiang)
curl -s -b "$JJ" "${URL}report?round=$R" > jj.html
t_grep "another unit's sheet: 422, the unit's cell named" 0 "台账!L[0-9]+: 此行属于另一单位" -- curl -s -b "$JJ" -H "X-CSRF-Token: $(csrf jj.html)" -F "round=$R" -F "file=@good.xlsx" "${URL}report/upload"
t "a file to the form's address: 415" 0 "415" -- st -b "$NC" -H "X-CSRF-Token: $CSRF" -F "round=$R" -F "file=@good.xlsx" "${URL}report/round"

# --- the command line: report import FILE.xlsx ---
$FILL xlsx t.xlsx cli.xlsx "10.aeds:E=95" "10.aeds:H=（命令行）新增配备15台。"
$FILL xlsx t.xlsx clibad.xlsx "10.aeds:E=很多"
n3=$(jcount)
t_grep "report import FILE.xlsx: a bad cell named, exit 1" 1 "clibad.xlsx: 台账!E$AEDROW: " -- ms report import clibad.xlsx
t_sh "nothing written" '[ "$(jcount)" = "$n3" ]'
t_grep "report import FILE.xlsx: stored" 0 "^已导入 cli.xlsx：25 行，保存 1 份报送" -- ms report import cli.xlsx
t "the value" 0 "95" -- q "SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '$R'"

# --- 审核 in bulk, as the lead unit ---
HR=$(login hrss)
curl -s -b "$HR" "${URL}review?round=$R&item=1&region=360100" > rv.html
t_grep "审核: filters as a GET form (round, item, region, status)" 0 '<form class="pick filters" method="get" action="/review"><label>报送节点 <select name="round">' -- cat rv.html
t_sh "the filter shows 南昌's item-1 reports only, each with a checkbox" '[ "$(grep -o "name=\"k\" form=\"bulk\"" rv.html | wc -l)" = 5 ] && ! grep -q "<td class=\"region\">九江市" rv.html'
t_grep "each row: the region's target and its previous value" 0 '<td class="target">[0-9.]+亿元（完成 [0-9.]+%）<br><small class="legend">全省目标 150.00亿元，计量单位 元</small></td><td class="num">[0-9.]+亿元<br><small class="legend">2023-10-30</small></td>' -- cat rv.html
t_grep "city names do not wrap" 0 'td.region\{white-space:nowrap\}' -- cat rv.html
HC=$(csrf rv.html)
t "退回 without a reason: refused, 422" 0 "422" -- st -b "$HR" -H 'Accept: text/html' --data "csrf=$HC&round=$R&item=1&region=360100&status=submitted&action=return&k=1.loans_new%7C360100" "${URL}review/bulk"
t "and nothing returned" 0 "0" -- q "SELECT COUNT(*) FROM report WHERE round = '$R' AND status = 'returned' AND org = '360100'"
n4=$(jcount)
t "退回 the ticked one with one reason: 303" 0 "303" -- st -b "$HR" --data "csrf=$HC&round=$R&item=1&region=360100&status=submitted&action=return&reason=%E8%AF%B7%E6%A0%B8%E5%AE%9E&k=1.loans_new%7C360100" "${URL}review/bulk"
t "returned" 0 "returned" -- q "SELECT status FROM report WHERE indicator = '1.loans_new' AND org = '360100' AND round = '$R'"
t_sh "one journal row" '[ "$(jcount)" = $((n4 + 1)) ]'
t_grep "南昌's 报送 page lists what was returned first, with its reason" 0 '<div class="err returned"><b>牵头单位退回，须修改后重新提交：</b><ul><li><a href="#row-1.loans_new">新增发放创业担保贷款</a>：请核实</li></ul></div>' -- curl -s -b "$NC" "${URL}report?round=$R"
t_sh "and its row comes first in the table" 'curl -s -b "$NC" "${URL}report?round=$R" | grep -o "<tr id=\"row-[^\"]*\"" | head -1 | grep -q "row-1.loans_new"'
n5=$(jcount)
t "全部通过 for the filtered rows: 303" 0 "303" -- st -b "$HR" --data "csrf=$HC&round=$R&item=1&region=360100&status=submitted&action=approve_all" "${URL}review/bulk"
t "the four left are approved in one action" 0 "4" -- q "SELECT COUNT(*) FROM report WHERE org = '360100' AND round = '$R' AND status = 'approved' AND indicator LIKE '1.%'"
t_sh "one journal row each" '[ "$(jcount)" = $((n5 + 4)) ]'
t_grep "the page says how many" 0 "已审核通过 4 份。" -- curl -s -b "$HR" "${URL}review?round=$R&item=1&region=360100&done=approved&n=4"
# an administrator of 南昌 takes no step on the province's reports (its POST is 403): no checkbox offered
NCA=$(login nanchang-admin)
t "南昌's administrator: the province's 审核 page offers no report" 0 "0" -- sh -c "curl -s -b '$NCA' '${URL}review?round=$R&status=all' | grep -o 'name=\"k\" form=\"bulk\"' | wc -l"
t_grep "and says why: the plan is the province's" 0 '<p class="note" role="status">南昌市的管理员只管理本级和下级政府的计划，江西省（360000）不在其中' -- curl -s -b "$NCA" "${URL}review?round=$R"
t_sh "and 南昌's own, awaiting review, each with a checkbox" '[ "$(curl -s -b "$NCA" "${URL}p/nanchang-2024/review?round=2024-09-30" | grep -o "name=\"k\" form=\"bulk\"" | wc -l)" -gt 50 ]'

# --- 报送轮次: its own page, locking takes 确认锁定 ---
AD=$(login admin)
curl -s -b "$AD" "${URL}rounds" > rounds.html
t_grep "/rounds: each round with a 确认锁定 checkbox" 0 '<tr id="round-2023-12-25">.*<input type="checkbox" name="confirm" value="1" required> 确认锁定' -- cat rounds.html
t "a lead may not open it: 403" 0 "403" -- st -b "$HR" "${URL}rounds"
t "locking without the confirmation: 422" 0 "422" -- st -b "$AD" -H 'Accept: text/html' --data "csrf=$(csrf rounds.html)&round=$R&action=lock" "${URL}rounds"
t "still open" 0 "0" -- q "SELECT COUNT(*) FROM round_lock"
t "with 确认锁定 ticked: locked, back to /rounds" 0 "303 /rounds?done=locked#round-$R" -- sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b '$AD' --data 'csrf=$(csrf rounds.html)&round=$R&action=lock&confirm=1' '${URL}rounds' | sed 's|http://127.0.0.1:[0-9]*||'"
t_grep "the 报送 page says the round is closed" 0 "本轮报送已关闭" -- curl -s -b "$NC" "${URL}report?round=$R"

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
done_testing
