# tests/cli/units.sh - units can't be mistaken: a bare number for money, a
# per-person level or a rate is refused with the unit to write; counts may
# be bare; the 报送 form's box holds a plain number in the unit the target
# is shown in, with the unit as a fixed label, and the server reads it so.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/u.db
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }
val() { q "SELECT value FROM report WHERE indicator = '$1' AND org = '360100' AND round = '2023-12-25'"; }

# --- the command line ---
before=$(val 1.guarantee_fund_added)
t "a bare number for money: refused, the unit to write named" 1 "" -- ms report 1.guarantee_fund_added 360100 --round 2023-12-25 --value 340
t_grep "the message names the unit to write, and the option" 1 "^minsheng: value: “340”：请写明单位，如 340万元 \(write the unit, e.g. 340万元\) \[--value\]$" \
	-- ms report 1.guarantee_fund_added 360100 --round 2023-12-25 --value 340
t_sh "and nothing changed" '[ "$(val 1.guarantee_fund_added)" = "$before" ]'
t "340万元 is accepted" 0 "已报送：1.guarantee_fund_added 360100（2023-12-25）" \
	-- ms report 1.guarantee_fund_added 360100 --round 2023-12-25 --value 340万元 --narrative "按月拨付"
t "stored as 340万元 in 分" 0 "340000000" -- val 1.guarantee_fund_added
t "340万 (without 元) is an amount too" 0 "已报送：1.guarantee_fund_added 360100（2023-12-25）" \
	-- ms report 1.guarantee_fund_added 360100 --round 2023-12-25 --value 341万 --narrative "按月拨付"
t_grep "a bare per-person level: refused, 元/人·月 named" 1 "“900”：请写明单位，如 900元/人·月 \(write the unit, e.g. 900元/人·月\)" \
	-- ms report 2.dibao_urban_standard 360100 --round 2023-12-25 --value 900
t "900元/人·月 is accepted" 0 "已报送：2.dibao_urban_standard 360100（2023-12-25）" \
	-- ms report 2.dibao_urban_standard 360100 --round 2023-12-25 --value 900元/人·月
t_grep "a bare amount as a per-person numerator: refused" 1 "numerator: “5000000”：请写明单位" \
	-- ms report 2.urban_topup_level 360100 --round 2023-12-25 --numerator 5000000 --denominator 8000
t_grep "a bare rate target: refused, % named" 1 "“95”：请写明单位，如 95% \(write the unit, e.g. 95%\)" -- ms assign 1.recovery_rate 360100 95
t "95% is accepted" 0 "已分解：1.recovery_rate 360100 → 95%" -- ms assign 1.recovery_rate 360100 95%
t "a count may stay bare (its unit cannot be scaled)" 0 "已报送：10.aeds 360100（2023-12-25）" \
	-- ms report 10.aeds 360100 --round 2023-12-25 --value 66
t "or carry its unit" 0 "66" -- sh -c "'$MINSHENG' report 10.aeds 360100 --round 2023-12-25 --value 66台 >/dev/null && sqlite3 '$MINSHENG_DB' \"SELECT value FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '2023-12-25'\""
t_grep "standards are broken down with their unit" 0 "补充" -- ms assign standards
printf 'indicator,org,round,value,narrative\n10.aeds,360200,2023-12-25,40,x\n1.guarantee_fund_added,360200,2023-12-25,800,x\n' > bare.csv
t_grep "report import: a bare amount names its line, nothing imported" 1 "bare.csv:3: .*请写明单位，如 800万元" -- ms report import bare.csv
printf 'indicator,org,round,value,unit,narrative\n1.guarantee_fund_added,360200,2023-12-25,800,万元,x\n' > unit.csv
t "report import: a unit column reads a bare value in it" 0 "800000000" -- sh -c "'$MINSHENG' report import unit.csv >/dev/null && sqlite3 '$MINSHENG_DB' \"SELECT value FROM report WHERE indicator = '1.guarantee_fund_added' AND org = '360200' AND round = '2023-12-25'\""

# --- the 报送 form over HTTP, as 南昌's reporter ---
serve_start
st() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
body() { curl -s --max-time 20 "$@"; }
COOKIE=$(curl -s -D - -o /dev/null -d 'name=nanchang&password=minsheng2023' "${URL}login" | tr -d '\r' | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p')
body -b "$COOKIE" "${URL}report?round=2023-12-25" > page.html
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' page.html | head -1 | sed 's/.*value="//; s/"$//')
form() { grep "<tr id=\"row-$1\"" page.html; }
t_grep "担保基金: the target in 万元" 0 'data-l="分解目标">330.28万元<' -- form 1.guarantee_fund_added
t_grep "担保基金: the box a plain number, 万元 its unit in the row (the server reads the box in it)" 0 \
	'class="unit">万元</td>.*<input name="v.1.guarantee_fund_added" id="f-v.1.guarantee_fund_added" aria-label="本轮累计完成" inputmode="decimal" size="10" value="341">' -- form 1.guarantee_fund_added
t_grep "贷款: the target in 亿元" 0 'data-l="分解目标">12.74亿元<' -- form 1.loans_new
t_grep "贷款: the box in 亿元, exactly" 0 \
	'class="unit">亿元</td>.*name="v.1.loans_new"[^>]* value="13.24528301">' -- form 1.loans_new
t_grep "低保标准: the box in 元/人·月" 0 'class="unit">元/人·月</td>.*value="900">' -- form 2.dibao_urban_standard
t_grep "AED: a count, its unit beside it" 0 'class="unit">台</td>.*value="66">' -- form 10.aeds
t_sh "no box holds a unit" 'grep -q "name=\"v\." page.html && ! grep -qE "name=\"v\.[^\"]*\"[^>]*value=\"[0-9.]+[^0-9.\"]" page.html'
t_grep "the previous round's value beside the box" 0 'data-l="上一轮">264.22万元<small class="legend">（2023-10-30）' -- form 1.guarantee_fund_added
t_grep "and when an explanation is needed" 0 "累计数低于上一轮或超过分解目标3倍（990.83万元）时，须在“进展情况”中说明" -- form 1.guarantee_fund_added
t "posting 340 in the 万元 box: saved" 0 "303" -- st -b "$COOKIE" --data-urlencode "csrf=$CSRF" --data-urlencode "unit=万元" \
	-d 'indicator=1.guarantee_fund_added&org=360100&round=2023-12-25&value=340&action=submit' "${URL}report"
t "stored as 340万元" 0 "340000000" -- val 1.guarantee_fund_added
t "and the API shows it: 340万元, submitted" 0 "340万元 submitted web" -- sh -c "curl -s -b '$COOKIE' '${URL}api/v1/reports?indicator=1.guarantee_fund_added&org=360100&round=2023-12-25' | jq -r '.[0] | \"\\(.value_text) \\(.status) \\(.origin)\"'"
t "a unit typed in the box is read as written" 0 "303" -- st -b "$COOKIE" --data-urlencode "csrf=$CSRF" --data-urlencode "unit=万元" \
	--data-urlencode "value=0.035亿元" -d 'indicator=1.guarantee_fund_added&org=360100&round=2023-12-25&action=submit&narrative=x' "${URL}report"
t "stored as 350万元" 0 "350000000" -- val 1.guarantee_fund_added
t_grep "a unit that does not fit the indicator is refused" 0 "单位“台”不适用于以元计的指标" -- body -b "$COOKIE" --data-urlencode "csrf=$CSRF" --data-urlencode "unit=台" \
	-d 'indicator=1.guarantee_fund_added&org=360100&round=2023-12-25&value=340&action=submit' "${URL}report"
body -b "$COOKIE" --data-urlencode "csrf=$CSRF" --data-urlencode "unit=万元" \
	-d 'indicator=1.guarantee_fund_added&org=360100&round=2023-12-25&value=100&action=submit' "${URL}report" > fall.html
t_grep "a fall without a narrative: the explanation asked for at the 进展情况 field" 0 \
	'<textarea name="g.1.guarantee_fund_added" id="f-g.1.guarantee_fund_added" aria-label="进展情况" class="bad" aria-invalid="true" aria-describedby="err-1.guarantee_fund_added" autofocus rows="2">[^<]*</textarea><span class="ferr" role="alert" id="err-1.guarantee_fund_added">须填写情况说明：数值低于上一轮' -- cat fall.html
t_grep "and the box keeps what was typed" 0 'name="v.1.guarantee_fund_added"[^>]* value="100">' -- cat fall.html
t "stored value unchanged" 0 "350000000" -- val 1.guarantee_fund_added

# --- the API: explicit units ---
t "API: a bare number for money is 422 naming the field" 0 "422 value" -- sh -c "code=\$(curl -s -o r.json -w '%{http_code}' -b '$COOKIE' -H 'X-CSRF-Token: $CSRF' -H 'Content-Type: application/json' -d '{\"indicator\":\"1.guarantee_fund_added\",\"org\":\"360100\",\"round\":\"2023-12-25\",\"value\":\"340\"}' '${URL}api/v1/reports'); echo \"\$code \$(jq -r .error.field r.json)\""
t_grep "with the message" 0 "请写明单位，如 340万元" -- cat r.json
t "API: value with unit 万元 is 340万元" 0 "201 340000000" -- sh -c "code=\$(curl -s -o r.json -w '%{http_code}' -b '$COOKIE' -H 'X-CSRF-Token: $CSRF' -H 'Content-Type: application/json' -d '{\"indicator\":\"1.guarantee_fund_added\",\"org\":\"360100\",\"round\":\"2023-12-25\",\"value\":\"340\",\"unit\":\"万元\",\"narrative\":\"x\"}' '${URL}api/v1/reports'); echo \"\$code \$(sqlite3 '$MINSHENG_DB' \"SELECT value FROM report WHERE indicator = '1.guarantee_fund_added' AND org = '360100' AND round = '2023-12-25'\")\""

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
done_testing
