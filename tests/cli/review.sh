# tests/cli/review.sh - 通知导入 over HTTP: the paste form, the review page
# (the source with every fact marked beside the draft), accepting it as a
# new plan (one plan.load journal row; an existing id refused), the JSON API
# (POST /api/v1/notice/import, POST /api/v1/plans), who may, and escaping.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/r.db
ms init --demo >/dev/null
NOTICE=$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt
q() { sqlite3 "$MINSHENG_DB" "$1"; }
jcount() { q "SELECT COUNT(*) FROM journal"; }
plans() { q "SELECT COUNT(*) FROM plan"; }
serve_start
st() { curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$@"; }
body() { curl -s --max-time 30 "$@"; }
t_sh "serve prints its address" '[ -n "$URL" ]'

# a web session: the cookie, and the CSRF token from the page frame's logout form
login() { curl -s -D - -o /dev/null -d "name=$1&password=minsheng2023" "${URL}login" | tr -d '\r' | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p'; }
csrf_of() { body -b "$1" "${URL}" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
ADMIN=$(login admin); ADMIN_CSRF=$(csrf_of "$ADMIN")
VIEWER=$(login viewer); VIEWER_CSRF=$(csrf_of "$VIEWER")
REPORTER=$(login nanchang); REPORTER_CSRF=$(csrf_of "$REPORTER")
LEAD=$(login civil); LEAD_CSRF=$(csrf_of "$LEAD")
t_sh "four sessions with their CSRF tokens" '[ ${#ADMIN_CSRF} = 64 ] && [ ${#VIEWER_CSRF} = 64 ] && [ ${#REPORTER_CSRF} = 64 ] && [ ${#LEAD_CSRF} = 64 ]'
tok() { ms user token "$1" 2>/dev/null; }
ADMIN_TOK=$(tok admin); VIEWER_TOK=$(tok viewer); REPORTER_TOK=$(tok jiujiang); LEAD_TOK=$(tok hrss)

# --- who may: administrators only; a refusal stores nothing ---
p0=$(plans); n0=$(jcount)
t "anonymous, a browser: sent to log in, back to /notice after" 0 "303 /login?next=/notice" -- sh -c "curl -s -o /dev/null -H 'Accept: text/html' -w '%{http_code} %{redirect_url}' '${URL}notice' | sed 's|http://127.0.0.1:[0-9]*||'"
t "anonymous, the API: 401" 0 "401" -- st -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/notice/import"
t "anonymous, storing a plan: 401" 0 "401" -- st -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/plans?id=anon"
t "anonymous, the accept form: 401" 0 "401" -- st --data-urlencode "text@$NOTICE" -d id=anon "${URL}notice/accept"
for who in VIEWER REPORTER LEAD; do
	cookie=${!who}; csrf_var=${who}_CSRF; csrf=${!csrf_var}; tok_var=${who}_TOK; token=${!tok_var}
	t "$who: the form is 403" 0 "403" -- st -b "$cookie" "${URL}notice"
	t_grep "$who: and says why" 0 "只有管理员可以导入通知|只读账号不能修改数据" -- body -b "$cookie" -H 'Accept: text/html' "${URL}notice"
	t "$who: the review, with the CSRF token, 403" 0 "403" -- st -b "$cookie" --data-urlencode "csrf=$csrf" --data-urlencode "text@$NOTICE" "${URL}notice"
	t "$who: accepting, with the CSRF token, 403" 0 "403" -- st -b "$cookie" --data-urlencode "csrf=$csrf" --data-urlencode "text@$NOTICE" -d "id=by-$who" "${URL}notice/accept"
	t "$who: the import API with a bearer token, 403" 0 "403" -- st -H "Authorization: Bearer $token" -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/notice/import"
	t "$who: storing a plan with a bearer token, 403" 0 "403" -- st -H "Authorization: Bearer $token" -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/plans?id=by-$who"
done
t_sh "the refusals stored no plan and wrote no journal row" '[ "$(plans)" = "$p0" ] && [ "$(jcount)" = "$n0" ]'

# --- the form ---
form=$(body -b "$ADMIN" "${URL}notice")
t_sh "通知导入: a textarea, the plan id, the CSRF token, 识别" 'printf "%s" "$form" | grep -q "<title>通知导入</title>" && printf "%s" "$form" | grep -q "<textarea name=\"text\"" && printf "%s" "$form" | grep -q "<input name=\"id\"" && printf "%s" "$form" | grep -q "name=\"csrf\" value=\"$ADMIN_CSRF\"" && printf "%s" "$form" | grep -q "<button type=\"submit\">识别</button>"'
t_sh "no script on the page (the CSP allows none)" '! printf "%s" "$form" | grep -qi "<script"'
t "the review without the CSRF token: 403" 0 "403" -- st -b "$ADMIN" --data-urlencode "text@$NOTICE" "${URL}notice"
WRONG=$( [ "${ADMIN_CSRF:0:1}" = a ] && echo b || echo a )${ADMIN_CSRF:1}
t "with another token: 403" 0 "403" -- st -b "$ADMIN" --data-urlencode "csrf=$WRONG" --data-urlencode "text@$NOTICE" "${URL}notice"
t "the viewer's token is not the admin's: 403" 0 "403" -- st -b "$ADMIN" --data-urlencode "csrf=$VIEWER_CSRF" --data-urlencode "text@$NOTICE" "${URL}notice"

# --- the review ---
code=$(curl -s -o review.html -w '%{http_code}' -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text@$NOTICE" "${URL}notice")
t_sh "the review: 200" '[ "$code" = 200 ]'
marks=$(grep -o '<mark class="k-[a-z]*" id="f-[0-9]*-[0-9]*"' review.html | wc -l)
t_sh "the facts are marked in the source (at least 60 marks with anchors; $marks)" '[ "$marks" -ge 60 ]'
t_sh "marks open and close in pairs" '[ "$(grep -o "<mark " review.html | wc -l)" = "$(grep -o "</mark>" review.html | wc -l)" ]'
t_grep "a target at its byte offset, named in its tooltip" 0 '<mark class="k-target" id="f-1468-39" title="[^"]*新增发放创业担保贷款 不低于150亿元[^"]*">新增发放创业担保贷款150亿元</mark>' -- cat review.html
t_grep "a lead unit" 0 '<mark class="k-unit" id="f-4031-12" title="第2项 牵头单位：省民政厅（civil）">省民政厅</mark>' -- cat review.html
t_grep "a deadline" 0 '<mark class="k-deadline" id="f-1373-10" title="时限：2023年底">2023年底</mark>' -- cat review.html
t_grep "an item's number and title" 0 '<mark class="k-item" id="f-4616-45" title="第10项的编号和标题[^"]*">十、<mark class="k-item" id="f-4622-39"' -- cat review.html
t_grep "the header: issuer and date" 0 '<mark class="k-header" id="f-0-21" title="发文机关">江西省人民政府</mark>.*<mark class="k-header" id="f-86-10"' -- cat review.html
t_grep "the summary, as the command line gives it" 0 '实事：文中 <b>8</b> 项，编号缺 <b>2</b> 项；量化目标 <b>17</b> 个；重复段落 <b>6</b> 处；待核实 <b>9</b> 条' -- cat review.html
for no in 1 2 3 4 5 6 9 10; do
	t_grep "item $no is in the draft" 0 "<div class=\"ditem\" id=\"d-$no\"><h4>第${no}项 <a href=\"#f-" -- cat review.html
done
for no in 7 8; do
	t_grep "item $no is missing" 0 "<div class=\"ditem missing\" id=\"d-$no\"><h4>第${no}项（文中缺失）</h4>" -- cat review.html
done
t_grep "an indicator: its target, unit and comparator, linked to its words" 0 '<li><a href="#f-1468-39">新增发放创业担保贷款</a>：不低于 150亿元（金额） <code>1.money_2</code></li>' -- cat review.html
t_grep "a standard with its baseline" 0 '城市低保月人均保障标准</a>：不低于 885元/人·月（标准），原标准 <a href="#f-[0-9]*-[0-9]*">825元/人·月</a>' -- cat review.html
t_grep "lead and responsible units" 0 '牵头单位：<a href="#f-2238-12">省民政厅</a>（civil）、<a href="#f-2253-9">省残联</a>（dpf）；责任单位：<a href="#f-2280-18">省发展改革委</a>（ndrc）' -- cat review.html
t_grep "the problems and the 待核实 notes" 0 '<h3>问题（17）</h3>.*<h3>草案中的说明（17 条，其中待核实 9 条）</h3>' -- sh -c "tr -d '\n' < review.html"
grep -o 'href="#f-[0-9]*-[0-9]*"' review.html | sed 's/href="#//; s/"$//' | sort -u > links
grep -o ' id="f-[0-9]*-[0-9]*"' review.html | sed 's/ id="//; s/"$//' | sort -u > anchors
t_sh "every fact on the right links to a mark on the left ($(wc -l < links) links)" '[ "$(wc -l < links)" -ge 40 ] && [ -z "$(comm -23 links anchors)" ]'
SHA=$(grep -o 'name="sha256" value="[0-9a-f]*"' review.html | sed 's/.*value="//; s/"$//')
t_sh "the accept form: the CSRF token, the text's hash, the id, the button" 'grep -q "<form class=\"entry\" method=\"post\" action=\"/notice/accept\"><input type=\"hidden\" name=\"csrf\" value=\"$ADMIN_CSRF\"><input type=\"hidden\" name=\"text\" value=\"" review.html && [ "$SHA" = "$(sha256sum < "$NOTICE" | cut -c1-64)" ] && grep -q "<button type=\"submit\">接受并存为新计划</button>" review.html'
t_grep "the id proposed comes from the text" 0 "name=\"id\" maxlength=\"64\" pattern=\"[^\"]*\" required value=\"notice-${SHA:0:12}\"" -- cat review.html
t_sh "reviewing stored nothing" '[ "$(plans)" = "$p0" ] && [ "$(jcount)" = "$n0" ]'
t "a text with no numbered item: the form again (422)" 0 "422" -- st -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text=只是一段话" "${URL}notice"
t_grep "with the reason, and the text kept" 0 '<p class="err" role="alert">notice: 未找到编号事项.*no numbered item found.*<textarea name="text" rows="20" required>只是一段话</textarea>' -- sh -c "curl -s -b '$ADMIN' --data-urlencode 'csrf=$ADMIN_CSRF' --data-urlencode 'text=只是一段话' '${URL}notice' | tr -d '\n'"
t_grep "an id with capitals: the form again (422)" 0 '计划 ID 只能由小写字母' -- body -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text@$NOTICE" -d id=Bad_Id "${URL}notice"

# --- accepting ---
accept() { curl -s -o "$1" -w '%{http_code}' -b "$ADMIN" --data-urlencode "csrf=$2" --data-urlencode "text@$3" -d "sha256=$SHA" -d "id=$4" "${URL}notice/accept"; }
t "accepting without the CSRF token: 403" 0 "403" -- st -b "$ADMIN" --data-urlencode "text@$NOTICE" -d "sha256=$SHA" -d id=jx-web "${URL}notice/accept"
sed 's/6000万元/7000万元/' "$NOTICE" > changed.txt
t "a text other than the one reviewed: 409" 0 "409" -- accept changed.html "$ADMIN_CSRF" changed.txt jx-web
t_grep "and says so" 0 '原文与核对时不一致，未保存' -- cat changed.html
t_sh "the refusals stored nothing" '[ "$(plans)" = "$p0" ] && [ "$(jcount)" = "$n0" ]'
t "accept: 200" 0 "200" -- accept saved.html "$ADMIN_CSRF" "$NOTICE" jx-web
t_grep "已存入计划 ID, with a way to the overview" 0 '已存入计划 ID <b>jx-web</b>：实事 10 项（文中 8 项）.*<a href="/">返回总览</a>' -- sh -c "tr -d '\n' < saved.html"
t "plan list shows it" 0 "jx-web 10" -- sh -c "$MINSHENG plan list --json | jq -r '.[] | select(.id == \"jx-web\") | \"\(.id) \(.items)\"'"
t_sh "one more plan and exactly one journal row" '[ "$(plans)" = $((p0 + 1)) ] && [ "$(jcount)" = $((n0 + 1)) ]'
t "the row: plan.load by admin" 0 "admin|plan.load|plan|jx-web" -- q "SELECT actor, action, tbl, key FROM journal ORDER BY id DESC LIMIT 1"
t "the notice's bytes are kept by their hash" 0 "1" -- q "SELECT COUNT(*) FROM source WHERE sha256 = '$SHA'"
t_grep "the stored plan reads back" 0 '2023年民生实事安排方案' -- ms plan show jx-web
n1=$(jcount)
t "accepting again: 409" 0 "409" -- accept again.html "$ADMIN_CSRF" "$NOTICE" jx-web
t_grep "with a clear message, the review shown again" 0 '<p class="err" role="alert">计划 ID “jx-web” 已存在，未保存；请换一个计划 ID 后再存' -- cat again.html
t_grep "and the form to try another id" 0 'action="/notice/accept"' -- cat again.html
t_sh "and nothing was written" '[ "$(plans)" = $((p0 + 1)) ] && [ "$(jcount)" = "$n1" ]'

# --- the JSON API, with a bearer token ---
api() { curl -s --max-time 30 -H "Authorization: Bearer $ADMIN_TOK" "$@"; }
t "import: the draft, the facts, the problems, the encoding" 0 "UTF-8 false 10 8 2 17 true true" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: text/plain; charset=utf-8' --data-binary @'$NOTICE' '${URL}api/v1/notice/import' | jq -r '\"\(.encoding) \(.converted) \(.plan.items | length) \(.summary.items_found) \(.summary.items_missing) \(.summary.targets) \(.facts.targets | length > 0) \(.problems | length > 0)\"'"
iconv -f UTF-8 -t GB18030 "$NOTICE" > gb.txt
t "GB18030 as raw bytes: converted" 0 "GB18030 true 8" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: application/octet-stream' --data-binary @gb.txt '${URL}api/v1/notice/import' | jq -r '\"\(.encoding) \(.converted) \(.summary.items_found)\"'"
t "importing wrote nothing" 0 "$n1" -- jcount
t "import with a cookie needs the CSRF header: 403" 0 "403" -- st -b "$ADMIN" -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/notice/import"
t "and takes it: 200" 0 "200" -- st -b "$ADMIN" -H "X-CSRF-Token: $ADMIN_CSRF" -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/notice/import"
t "store: 201 {id}" 0 "201 jx-api" -- sh -c "curl -s -o api.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: text/plain; charset=utf-8' --data-binary @'$NOTICE' '${URL}api/v1/plans?id=jx-api'; echo \" \$(jq -r .id api.json)\""
t "one plan.load row" 0 "$((n1 + 1)) admin|plan.load|jx-api" -- sh -c "echo \"\$(sqlite3 '$MINSHENG_DB' 'SELECT COUNT(*) FROM journal') \$(sqlite3 '$MINSHENG_DB' 'SELECT actor, action, key FROM journal ORDER BY id DESC LIMIT 1')\""
n2=$(jcount)
t "the same id again: 409 conflict" 0 "409 conflict" -- sh -c "curl -s -o api.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: text/plain' --data-binary @'$NOTICE' '${URL}api/v1/plans?id=jx-api'; echo \" \$(jq -r .error.code api.json)\""
t_grep "saying which" 0 '"message": "计划 ID “jx-api” 已存在' -- cat api.json
t "a bad id: 422" 0 "422" -- st -H "Authorization: Bearer $ADMIN_TOK" -H 'Content-Type: text/plain' --data-binary @"$NOTICE" "${URL}api/v1/plans?id=-bad-"
head -c 4096 /dev/urandom > random.bin
t_grep "binary: 422 with the importer's message" 0 '"message": "不是文本文件 .binary input' -- api -H 'Content-Type: application/octet-stream' --data-binary @random.bin "${URL}api/v1/plans?id=jx-bin"
t "binary: the status" 0 "422" -- st -H "Authorization: Bearer $ADMIN_TOK" -H 'Content-Type: application/octet-stream' --data-binary @random.bin "${URL}api/v1/notice/import"
t_grep "no numbered item: 422" 0 '"code": "unprocessable".*未找到编号事项' -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: text/plain' --data-binary '只是一段话，没有编号。' '${URL}api/v1/notice/import' | tr -d '\n'"
t "no body: 422" 0 "422" -- st -H "Authorization: Bearer $ADMIN_TOK" -H 'Content-Type: text/plain' -X POST "${URL}api/v1/notice/import"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' > big.txt
t "more than 1 MiB: 413" 0 "413" -- st -H "Authorization: Bearer $ADMIN_TOK" -H 'Content-Type: text/plain' --data-binary @big.txt "${URL}api/v1/notice/import"
t "text/plain elsewhere is still 415" 0 "415 unsupported_media_type" -- sh -c "curl -s -o api.json -w '%{http_code}' -H 'Authorization: Bearer $ADMIN_TOK' -H 'Content-Type: text/plain' -d x '${URL}api/v1/reports'; echo \" \$(jq -r .error.code api.json)\""
t "GET /api/v1/plans lists the programmes (every level of government)" 0 "200 jiangxi-2023" -- sh -c "curl -s -o plans.json -w %{http_code} -H 'Authorization: Bearer $ADMIN_TOK' '${URL}api/v1/plans'; echo \" \$(jq -r '.[0].id' plans.json)\""
t_sh "the refused calls wrote nothing" '[ "$(jcount)" = "$n2" ]'

# --- the units a city's notice names: decided one by one on the review page ---
# 南昌's notice with 市卫健委 (close to the demo's 市卫生健康委) and 市体育局 (new to 南昌)
sed 's/市卫生健康委/市卫健委/; s/市市场监管局/市体育局/' "$ROOT/tests/fixtures/notices/nanchang-2024-paren.txt" > nc-units.txt
code_of() { printf '360100-%s' "$(printf %s "$1" | sha256sum | cut -c1-8)"; }
WJ=$(code_of 市卫健委); TY=$(code_of 市体育局); WS=$(code_of 市卫生健康委)
body -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text@nc-units.txt" -d id=nc-units "${URL}notice" > units.html
NSHA=$(grep -o 'name="sha256" value="[0-9a-f]*"' units.html | sed 's/.*value="//; s/"$//')
t_grep "the review page lists the proposed units, one choice each" 0 "文中列名、单位表中没有的单位（2 个），请逐一确定" -- cat units.html
t_grep "a unit close to an existing one: 待核实, the existing one offered, nothing chosen beforehand" 0 \
	"<b>市卫健委</b> <code>$WJ</code> <span class=\"k-problem\">待核实：与已有单位“市卫生健康委”相近</span><br><label><input type=\"radio\" name=\"unit.$WJ\" value=\"new\" required> 新建</label> <label><input type=\"radio\" name=\"unit.$WJ\" value=\"same\" required> 即已有单位“市卫生健康委”</label> <label><input type=\"radio\" name=\"unit.$WJ\" value=\"drop\" required> 不建</label>" -- cat units.html
t_grep "a unit new to 南昌: 新建 chosen beforehand, no 即已有单位" 0 \
	"<b>市体育局</b> <code>$TY</code><br><label><input type=\"radio\" name=\"unit.$TY\" value=\"new\" required checked> 新建</label> <label><input type=\"radio\" name=\"unit.$TY\" value=\"drop\" required> 不建</label>" -- cat units.html
uaccept() { curl -s -o "$1" -w '%{http_code}' -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text@nc-units.txt" -d "sha256=$NSHA" -d "id=$2" "${@:3}" "${URL}notice/accept"; }
n3=$(jcount)
t "accepting without deciding the 待核实 unit: 422" 0 "422" -- uaccept undecided.html nc-units -d "unit.$TY=drop"
t_grep "saying which, the page shown again with the choices sent" 0 "请确定单位“市卫健委”是新建、即已有单位还是不建.*name=\"unit.$TY\" value=\"drop\" required checked" \
	-- sh -c "tr -d '\n' < undecided.html"
t_sh "nothing stored" '[ "$(jcount)" = "$n3" ] && [ "$(q "SELECT COUNT(*) FROM plan WHERE id = '"'nc-units'"'")" = 0 ]'
t "市卫健委 is 市卫生健康委, 市体育局 not made: stored" 0 "200" -- uaccept units-saved.html nc-units -d "unit.$WJ=same" -d "unit.$TY=drop"
t "item 6 names 市卫生健康委 (the existing unit) alone, item 8 no unit" 0 "$WS 1|0" \
	-- q "SELECT (SELECT MIN(org) || ' ' || COUNT(*) FROM item_unit WHERE plan = 'nc-units' AND item_no = 6) || '|' || (SELECT COUNT(*) FROM item_unit WHERE plan = 'nc-units' AND item_no = 8)"
t "neither was added as an organisation" 0 "0" -- q "SELECT COUNT(*) FROM org WHERE code IN ('$WJ', '$TY')"
t "the notes say what was decided, no longer 待核实" 0 "已记录 已记录" \
	-- sh -c "sqlite3 '$MINSHENG_DB' \"SELECT flag FROM note WHERE plan = 'nc-units' AND text LIKE '%管理员核定%' ORDER BY id\" | paste -sd' '"
t "a choice that is none of them: 422" 0 "422" -- uaccept bad-choice.html nc-units3 -d "unit.$WJ=maybe"
t "both new: each made an organisation of 南昌 with its org.add row" 0 "200 2 2" \
	-- sh -c "c=\$(curl -s -o /dev/null -w '%{http_code}' -b '$ADMIN' --data-urlencode 'csrf=$ADMIN_CSRF' --data-urlencode 'text@nc-units.txt' -d 'sha256=$NSHA' -d id=nc-units2 -d 'unit.$WJ=new' -d 'unit.$TY=new' '${URL}notice/accept'); echo \"\$c \$(sqlite3 '$MINSHENG_DB' \"SELECT COUNT(*) FROM org WHERE parent = '360100' AND code IN ('$WJ', '$TY')\") \$(sqlite3 '$MINSHENG_DB' \"SELECT COUNT(*) FROM journal WHERE action = 'org.add' AND key IN ('$WJ', '$TY')\")\""

# --- escaping: the notice is shown, never run ---
printf '<script>alert(1)</script>关于"民生"的通知 & 附件\n一、新增发放贷款150亿元。<img src=x onerror=alert(2)>（牵头单位：省民政厅）\n二、<b>第二项</b>\n' > evil.txt
body -b "$ADMIN" --data-urlencode "csrf=$ADMIN_CSRF" --data-urlencode "text@evil.txt" "${URL}notice" > evil.html
t_sh "a notice holding markup: none of it is markup on the page" '! grep -qi "<script\|<img\|<b>第二项" evil.html'
t_sh "it is shown escaped, in the source and in the form" '[ "$(grep -o "&lt;script&gt;alert(1)&lt;/script&gt;" evil.html | wc -l)" -ge 2 ] && grep -q "&lt;img src=x onerror=alert(2)&gt;" evil.html && grep -q "关于&quot;民生&quot;的通知 &amp; 附件" evil.html'
t_grep "a title holding markup, escaped in the draft" 0 '<h4>第2项 <a href="#f-[0-9]*-[0-9]*">&lt;b&gt;第二项&lt;/b&gt;</a></h4>' -- cat evil.html

# --- the navigation ---
t_grep "administrators find 通知导入 in the navigation" 0 '<a href="/notice">通知导入</a>' -- body -b "$ADMIN" "${URL}"
t_sh "others do not" '! body -b "$VIEWER" "${URL}" | grep -q "href=\"/notice\"" && ! body "${URL}" | grep -q "href=\"/notice\""'

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
t_sh "SIGTERM stops the server cleanly" "[ $? -eq 0 ]"
t "the database is sound" 0 "ok" -- q "PRAGMA integrity_check"
done_testing
