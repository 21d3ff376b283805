# tests/cli/web.sh - the web front end over real HTTP: the 总览 page, the
# JSON API (status, calc, params), errors as {"error":{"code","message"}}
# with the fitting status, security headers, hostile requests, and a clean
# stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/w.db
ms init --demo >/dev/null

serve_start
pid=$SERVE_PID
t_sh "serve prints its address" '[ -n "$URL" ]'
ADDR=${URL#http://}; ADDR=${ADDR%/}
t_grep "a second server on the same address is refused, saying which and why" 1 "无法监听 $ADDR \(cannot listen on it\): Address already in use" -- "$MINSHENG" serve --listen "$ADDR"
t_grep "an address this machine does not have: the same, with the system's reason" 1 "无法监听 192.0.2.1:8080 \(cannot listen on it\): Cannot assign requested address" -- "$MINSHENG" serve --listen 192.0.2.1:8080
get() { curl -s --max-time 10 "$@"; }
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }

# --- lists: money as yuan strings beside the base integers; drafts not published ---
t "a money report carries value_yuan = value / 100 and its text" 0 "true" -- sh -c "curl -s '${URL}api/v1/reports?indicator=1.loans_new' | jq 'length > 0 and all(.[]; (.value_yuan | tonumber) * 100 == .value and (.value_text | endswith(\"元\")))'"
t "a count report has a text but no yuan" 0 "true" -- sh -c "curl -s '${URL}api/v1/reports?indicator=10.aeds' | jq 'length > 0 and all(.[]; .value_yuan == null and (.value_text | endswith(\"台\")))'"
t "a money assignment carries target_yuan" 0 "true" -- sh -c "curl -s '${URL}api/v1/assignments' | jq '[.[] | select(.indicator == \"1.loans_new\")] | length > 0 and all(.[]; (.target_yuan | tonumber) * 100 == .target)'"
ms report 10.aeds 360100 --round 2023-12-25 --value 3 --narrative "草稿" --draft >/dev/null
t "a draft is not in the public list" 0 "0" -- sh -c "curl -s '${URL}api/v1/reports?indicator=10.aeds&org=360100' | jq '[.[] | select(.status == \"draft\")] | length'"
t "nor to another login (a viewer): a draft is its unit's own" 0 "0" -- sh -c "curl -s -H \"Authorization: Bearer \$($MINSHENG user token viewer)\" '${URL}api/v1/reports?indicator=10.aeds&org=360100' | jq '[.[] | select(.status == \"draft\")] | length'"
t "its own unit's reporter sees it" 0 "1" -- sh -c "curl -s -H \"Authorization: Bearer \$($MINSHENG user token nanchang)\" '${URL}api/v1/reports?indicator=10.aeds&org=360100' | jq '[.[] | select(.status == \"draft\")] | length'"
t_grep "the 报送 page of a demo database says its rounds stay open" 0 '<span class="demo">演示数据库：报送节点保持开放</span>' -- sh -c "curl -s -H \"Authorization: Bearer \$($MINSHENG user token nanchang)\" '${URL}report'"
t "an API error names the field at fault" 0 "bad_request indicator" -- sh -c "curl -s -H \"Authorization: Bearer \$($MINSHENG user token nanchang)\" -d 'org=360100&round=2023-12-25&value=3' '${URL}api/v1/reports' | jq -r '[.error.code, .error.field] | join(\" \")'"
t "an error about no one field has none" 0 "null" -- sh -c "curl -s '${URL}api/v1/nothing' | jq -r '.error.field'"

# --- the overview page, public ---
t "GET / is 200" 0 "200" -- code "${URL}?as_of=2023-07-01"
t_grep "the overview in Chinese with the demo label" 0 "民生实事进展总览<span class=\"demo\">演示数据</span>" -- get "${URL}?as_of=2023-07-01"
t_grep "the overview shows pace colours and reporting" 0 "2023-06-30 报送率<b>99.4%</b>" -- get "${URL}?as_of=2023-07-01"
t_grep "总览: 牵头单位 per item" 0 '<th>牵头单位 / 滞后地区</th>.*<a href="/item/1">1 加大创业担保贷款扶持力度</a></td><td class="st [a-z]*">[^<]*</td><td></td><td></td><td class="pc">.*</td><td class="lead">省人力资源社会保障厅</td>' -- sh -c "curl -s '${URL}?as_of=2023-07-07' | tr -d '\n'"
t_grep "总览: 滞后地区 per indicator (the yellow and red regions, as the CLI's status)" 0 '<td class="nm ind">增加安排担保基金</td>.*<td class="lag"><span class="red">九江市</span>、<span class="yellow">赣州市</span>' -- get "${URL}?as_of=2023-07-07"
t_sh "总览: the 滞后地区 are those of status --json's lagging list" '[ "$(get "${URL}?as_of=2023-07-07" | grep -o "<td class=\"lag\">.*</td><td class=\"num\">" | grep -o "<span class=\"[a-z]*\">[^<]*</span>" | wc -l)" = "$(curl -s "${URL}api/v1/status?as_of=2023-07-07" | jq "[.items[].indicators[].lagging[]] | length")" ]'
t_grep "总览: counts of 红/黄/绿/完成 at the top" 0 '<div class="fact count" id="count-red">红<b class="red">1 件</b>指标 3 项</div><div class="fact count" id="count-yellow">黄<b class="yellow">5 件</b>' -- get "${URL}?as_of=2023-07-07"
t_sh "总览: the counts add up to the items and indicators" '[ "$(get "${URL}?as_of=2023-07-07" | grep -o "<b class=\"[a-z]*\">[0-9]* 件" | grep -o "[0-9]*" | paste -sd+ | bc)" = "$(curl -s "${URL}api/v1/status?as_of=2023-07-07" | jq "[.items[] | select(.colour != \"none\")] | length")" ]'
t_grep "总览: items 7 and 8 listed as 文中缺失 with their note" 0 '<a href="/item/6">.*<a href="/item/7">7</a></td><td class="st none">文中缺失</td><td colspan="6" class="absent-note">第7项缺失.*<a href="/item/8">8</a></td><td class="st none">文中缺失</td>.*<a href="/item/9">' -- sh -c "curl -s '${URL}' | tr -d '\n'"
t_grep "总览: a round selector (GET form) with the round due on as_of selected" 0 '<form method="get" action="/"><label>报送轮次 <select name="as_of">.*<option value="2023-10-30" selected>2023-10-30 ' -- get "${URL}?as_of=2023-10-30"
t_grep "总览: a date selector showing the as-of day" 0 '<input type="date" name="as_of" value="2023-07-07">' -- get "${URL}?as_of=2023-07-07"
t_sh "the overview has no scripts and no outside resources" '! get "${URL}" | grep -Eqi "<script|https?://[a-z]"'
t_grep "security headers" 0 "Content-Security-Policy: default-src 'none'.*frame-ancestors 'none'" -- sh -c "curl -s -D - -o /dev/null '${URL}' | tr -d '\r' | tr '\n' ' '"
t_grep "nosniff" 0 "X-Content-Type-Options: nosniff" -- curl -s -D - -o /dev/null "${URL}"

# --- the other pages ---
t_grep "实事详情: one item's regions" 0 "<h2 id=\"ind-10.aeds\">配备自动体外除颤器（AED）</h2>" -- get "${URL}item/10?as_of=2023-07-01"
t_grep "实事详情: the regional table, 地区 and 状态 first (kept in view on a phone)" 0 "<th class=\"nm\">地区</th><th class=\"st\">状态</th><th>分解目标</th>" -- get "${URL}item/10?as_of=2023-07-01"
t "an item the notice lacks is a page (200)" 0 "200" -- code "${URL}item/7"
t_grep "… that says 文中缺失, with the plan's note" 0 "<b>文中缺失</b>.*第7项缺失：通知明确办理10件实事" -- sh -c "curl -s '${URL}item/7' | tr -d '\n'"
t "an item the plan does not have is 404" 0 "404" -- code "${URL}item/11"
t_grep "… in Chinese first" 0 "计划中无此实事" -- get "${URL}item/11"
t_grep "原文: quotes marked and linked to their indicators" 0 "<a href=\"#ind-2.dibao_urban_standard\">将城市低保月人均保障标准提高60元，达到885元</a>" -- get "${URL}source"
t_grep "原文: the 待核实 notes" 0 "待核实事项" -- get "${URL}source"
t_grep "计算器 form computes and explains, linked to the notice" 0 "<a href=\"/source#ind-2.dibao_urban_standard\">“将城市低保月人均保障标准提高60元，达到885元”</a>" \
	-- get "${URL}calc/dibao?area=urban&members=3&income=1500&month=2023-07"
t_grep "计算器: a bad value is shown beside its field, in Chinese" 0 '<span class="ferr" id="err-members">家庭保障人数：数字格式错误</span>' -- get "${URL}calc/dibao?area=urban&members=x&income=1&month=2023-07"
ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕1号" >/dev/null
t_grep "通报 list: an issued bulletin for everyone" 0 "/bulletins/1.xlsx" -- get "${URL}bulletins"
t_sh "通报 list: no draft for an anonymous reader" '! get "${URL}bulletins" | grep -q "/bulletin/2023-06-30"'
VB="Authorization: Bearer $(ms user token viewer 2>/dev/null)"
t_grep "通报 list: the drafts for a login" 0 "/bulletin/2023-06-30.xlsx" -- get -H "$VB" "${URL}bulletins"
t "通报 xlsx download is a workbook" 0 "True" \
	-- sh -c "curl -s '${URL}bulletins/1.xlsx' -o dl.xlsx && python3 -c \"import zipfile; print('xl/workbook.xml' in zipfile.ZipFile('dl.xlsx').namelist() and True)\""
t_grep "通报 download names its file" 0 "Content-Disposition: attachment; filename=\"bulletin-2023-06-30-1.csv\"" -- curl -s -D - -o /dev/null "${URL}bulletins/1.csv"
t_grep "通报 web page opens in the browser (inline), still named" 0 "Content-Disposition: inline; filename=\"bulletin-2023-06-30-1.html\"" -- curl -s -D - -o /dev/null "${URL}bulletins/1.html"
t_grep "a draft's download names its file (a login)" 0 "Content-Disposition: attachment; filename=\"bulletin-2023-06-30.csv\"" -- curl -s -D - -o /dev/null -H "$VB" "${URL}bulletin/2023-06-30.csv"
t "a draft is not for an anonymous reader: 401" 0 "401" -- code "${URL}bulletin/2023-06-30.csv"
t_sh "通报 web page: every table scrolls in its own box on a phone" 'get "${URL}bulletins/1.html" > bl.html && [ "$(grep -c "<table>" bl.html)" -gt 0 ] && [ "$(grep -c "<div class=\"wrap\"><table>" bl.html)" = "$(grep -c "<table>" bl.html)" ]'
t "通报 for a round not in the plan is 404" 0 "404" -- code -H "$VB" "${URL}bulletin/2023-07-31.html"

# --- the JSON API ---
t "status as of a day" 0 "true 50.5% 187 26 1" \
	-- sh -c "curl -s '${URL}api/v1/status?as_of=2023-07-01' | jq -r '\"\(.demo) \(.expected_progress) \(.rounds[0].expected) \(.rounds[0].late) \(.rounds[0].missing)\"'"
t "status of one item" 0 "1 10" -- sh -c "curl -s '${URL}api/v1/status?as_of=2023-07-01&item=10' | jq -r '\"\(.items | length) \(.items[0].no)\"'"
t "status: the same figures as the command line" 0 "same" \
	-- sh -c "curl -s '${URL}api/v1/status?as_of=2023-07-01' | jq -S . > a.json; $MINSHENG status --as-of 2023-07-01 --json | jq -S . > b.json; cmp -s a.json b.json && echo same"
t "calc dibao over HTTP: the worked example" 0 "885.00 1155.00 true" \
	-- sh -c "curl -s '${URL}api/v1/calc/dibao?area=urban&members=3&income=1500&month=2023-07' | jq -r '\"\(.standard) \(.payment) \(.eligible)\"'"
t "calc loan over HTTP, with its trace" 0 "2179.86 9" \
	-- sh -c "curl -s '${URL}api/v1/calc/loan?principal=100000&rate=5.15&lpr=3.65&start=2023-03-01&end=2024-02-29&group=graduate' | jq -r '\"\(.waived) \(.trace | length)\"'"
t "the OpenAPI document lists the endpoints" 0 "true" \
	-- sh -c "curl -s '${URL}api/v1/openapi.json' | jq '(.openapi | startswith(\"3.\")) and (.paths | has(\"/api/v1/status\") and has(\"/api/v1/calc/{kind}\"))'"
t "params" 0 "true" -- sh -c "curl -s '${URL}api/v1/params' | jq '[.[] | select(.key == \"dibao.urban_standard\")] | length == 2'"

# --- errors: the right status and a JSON body that names the problem ---
t "a bad field is 400" 0 "400" -- code "${URL}api/v1/calc/dibao?area=urban&members=x&income=1&month=2023-07"
t "400 body names the field" 0 "bad_request members" \
	-- sh -c "curl -s '${URL}api/v1/calc/dibao?area=urban&members=x' | jq -r '\"\(.error.code) \(.error.message | split(\":\")[0])\"'"
t "an unknown input is 400" 0 "400" -- code "${URL}api/v1/calc/dibao?colour=red"
t "no parameter in effect is 422" 0 "422" -- code "${URL}api/v1/calc/dibao?area=urban&members=1&income=0&month=2020-01"
t "an unknown calculator is 404" 0 "404" -- code "${URL}api/v1/calc/pension"
t "an unknown path is 404 JSON" 0 "not_found" -- sh -c "curl -s '${URL}nothing/here' | jq -r .error.code"
t "a bad as_of is 400" 0 "400" -- code "${URL}api/v1/status?as_of=2023-02-30"
t "POST to a read-only address is 405" 0 "405" -- code -X POST -d 'x=1' "${URL}api/v1/status"
t_grep "405 says what is allowed" 0 "Allow: GET, HEAD" -- curl -s -D - -o /dev/null -X DELETE "${URL}"
t "an overlong address is 414" 0 "414" -- code "${URL}$(head -c 3000 /dev/zero | tr '\0' a)"
t "invalid UTF-8 in a query is a 400, not a crash" 0 "400" -- code "${URL}api/v1/calc/dibao?area=%ff%fe&members=1"
LONG=$(printf '城%.0s' $(seq 1 30))
t "a long Chinese value: 400 with a JSON body, the quote cut on a character boundary" 0 "bad_request" \
	-- sh -c "curl -s '${URL}api/v1/calc/dibao?area=a${LONG}' | jq -r .error.code"
t "the server still answers" 0 "ok" -- sh -c "curl -s '${URL}healthz' | jq -r .status"
t "healthz names the database it checked" 0 "${MS_TEST_BACKEND:-sqlite}" -- sh -c "curl -s '${URL}healthz' | jq -r .database"
t "metrics: not for anyone" 0 "401" -- sh -c "curl -s -o /dev/null -w '%{http_code}' '${URL}metrics'"
t "metrics: not for a viewer" 0 "403" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer \$($MINSHENG user token viewer)\" '${URL}metrics'"
curl -s -H "Authorization: Bearer $(ms user token admin)" "${URL}metrics" > metrics.txt
t_grep "metrics for an administrator: Prometheus text" 0 '^minsheng_requests_total\{code="2xx"\} [1-9]' -- cat metrics.txt
t_grep "with the latency histogram" 0 '^minsheng_request_duration_seconds_bucket\{le="\+Inf"\} [1-9]' -- cat metrics.txt
t_sh "the histogram's count is its +Inf bucket" '[ "$(sed -n "s/^minsheng_request_duration_seconds_count //p" metrics.txt)" = "$(sed -n "s/^minsheng_request_duration_seconds_bucket{le=\"+Inf\"} //p" metrics.txt)" ]'
t_grep "and the 4xx answers this script asked for" 0 '^minsheng_requests_total\{code="4xx"\} [1-9]' -- cat metrics.txt

# --- a clean stop ---
kill -TERM $pid
wait $pid
t_sh "SIGTERM stops the server cleanly (exit 0)" "[ $? -eq 0 ]"
t_grep "it says so" 0 "已停止服务" -- cat serve.err

done_testing
