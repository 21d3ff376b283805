# tests/cli/bulletins.sh - issued bulletins are documents: `bulletin issue`
# freezes the round's 通报 with its 文号 and date; `bulletin show` renders the
# snapshot to the same bytes whatever the ledger does later, while the live
# draft (`bulletin --round`) follows the ledger; the table refuses UPDATE
# and DELETE; numbers are unique; corrections name each other; the web lists
# issued bulletins for everyone and drafts only for a login.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/b.db
export MS_CLOCK=1688947200   # 2023-07-10 00:00 UTC: 2023年7月10日 in China
ms init --demo >/dev/null
N1="赣民实办〔2023〕1号"

# --- issue ---
t "issue: the first bulletin, numbered and dated" 0 "已印发第 1 号通报：$N1（报送节点 2023-06-30，截至 2023-07-07）" \
	-- ms bulletin issue --round 2023-06-30 --number "$N1"
t "issue --json: its id and number" 0 '2 赣民实办〔2023〕2号 2023-07-01' \
	-- sh -c "$MINSHENG --json bulletin issue --round 2023-06-30 --as-of 2023-07-01 --number '赣民实办〔2023〕2号' | jq -r '\"\\(.id) \\(.number) \\(.as_of)\"'"
t_grep "the issued document names its 文号 and 成文日期" 0 "^文号：$N1　成文日期：2023年7月10日$" -- ms bulletin show 1
t_grep "issue: the journal holds it" 0 "印发通报" -- ms journal --since 2023-07-09
t_grep "a duplicate 文号 is refused, saying which bulletin has it" 1 "文号 $N1 已用于第 1 号通报.*\[--number\]" \
	-- ms bulletin issue --round 2023-06-30 --number "$N1"
t_grep "no round: a usage error" 2 "needs --round DATE" -- ms bulletin issue --number X0
t_grep "an empty 文号 is refused" 1 "通报须有文号.*\[--number\]" -- ms bulletin issue --round 2023-06-30 --number ""
t_grep "a blank 文号 is refused" 1 "通报须有文号.*\[--number\]" -- ms bulletin issue --round 2023-06-30 --number "  "
t_grep "a 文号 over 40 characters is refused" 1 "文号过长.*\[--number\]" -- ms bulletin issue --round 2023-06-30 --number "$(printf '号%.0s' $(seq 1 41))"
t_grep "a round not in the plan is refused" 1 "not in plan.*\[--round\]" -- ms bulletin issue --round 2023-07-31 --number X1
t_grep "--corrects of an unknown id is refused" 1 "要更正的第 99 号通报不存在.*\[--corrects\]" \
	-- ms bulletin issue --round 2023-06-30 --number X2 --corrects 99
t "nothing was written by the refusals" 0 "2" -- sh -c "$MINSHENG --json bulletin list | jq length"

# --- the snapshot does not move when the ledger does ---
for f in md html csv; do ms bulletin show 1 --format $f > before.$f; done
ms bulletin show 1 -o before.xlsx 2>/dev/null
ms bulletin --round 2023-06-30 > live-before.md
# the ledger changes under the 06-30 round: its reports are approved and final, so
# 南昌 registers an AED delivered in June, which the 明显问题 section compares with its report
ms site add 10.aeds 360100 --name "南昌站补录" --delivered 2023-06-15 >/dev/null
ms bulletin --round 2023-06-30 > live-after.md
t_sh "the live draft changed with the ledger" '! cmp -s live-before.md live-after.md'
for f in md html csv; do
	ms bulletin show 1 --format $f > after.$f
	t_cmp "show --format $f: byte for byte the same after the ledger changed" before.$f after.$f
done
t_sh "show md has content (the title and a table)" 'grep -q "^# 关于2023年民生实事第一次进展情况的通报" after.md && grep -q "^| 指标 |" after.md'
t_sh "show html is a 公文: its title, and its 文号 under the red 发文机关标志" 'grep -q "<h1>关于2023年民生实事第一次进展情况的通报" after.html && grep -q "<div class=\"number\">$N1</div>" after.html'
t_sh "show csv is the 台账 with a BOM" 'head -c 3 after.csv | od -An -tx1 | grep -q "ef bb bf" && [ "$(wc -l < after.csv)" -gt 10 ]'
ms bulletin show 1 -o after.xlsx 2>/dev/null
t "show -o x.xlsx: a workbook with the summary and ledger sheets" 0 "通报 台账1" -- sh -c "unzip -p after.xlsx xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"' | head -2 | sed 's/.*=\"//;s/\"//' | tr '\n' ' ' | sed 's/ \$//'"
t_grep "show of an unknown id" 1 "第 7 号通报不存在" -- ms bulletin show 7
t_grep "show needs a number" 2 "is not a bulletin number" -- ms bulletin show one

# --- immutable ---
t_sh "UPDATE of an issued bulletin is refused" '! sqlite3 "$MINSHENG_DB" "UPDATE bulletin SET number = '"'x'"' WHERE id = 1" 2>err && grep -q "an issued bulletin is immutable" err'
t_sh "DELETE of an issued bulletin is refused" '! sqlite3 "$MINSHENG_DB" "DELETE FROM bulletin WHERE id = 1" 2>err && grep -q "an issued bulletin is immutable" err'
t "the rows are all still there" 0 "2 赣民实办〔2023〕1号" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) || ' ' || MIN(number) FROM bulletin"
t_sh "and it is still there, unchanged" 'ms bulletin show 1 | cmp -s - before.md'

# --- a correction ---
t "issue --corrects 1" 0 "已印发第 3 号通报：赣民实办〔2023〕3号（报送节点 2023-06-30，截至 2023-07-07），更正 $N1" \
	-- ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕3号" --corrects 1
t_grep "the correction says what it corrects" 0 "^本通报更正${N1}通报（第 1 号），相关数据以本通报为准。" -- ms bulletin show 3
t_grep "the correction carries the corrected figures" 0 "南昌市" -- ms bulletin show 3
t_grep "the corrected one says it was corrected" 0 "^注：本通报已被赣民实办〔2023〕3号通报（第 3 号）更正" -- ms bulletin show 1
t_grep "a bulletin already corrected is not corrected twice" 1 "已由 赣民实办〔2023〕3号（第 3 号）更正.*\[--corrects\]" \
	-- ms bulletin issue --round 2023-06-30 --number X3 --corrects 1
t "list --json: ids, numbers, corrections either way" 0 "1 赣民实办〔2023〕1号 null 3
2 赣民实办〔2023〕2号 null null
3 赣民实办〔2023〕3号 1 null" -- sh -c "$MINSHENG --json bulletin list | jq -r '.[] | \"\\(.id) \\(.number) \\(.corrects) \\(.corrected_by)\"'"
t "list --json: the keys" 0 "as_of,corrected_by,corrects,id,issued_at,issued_by,number,round" \
	-- sh -c "$MINSHENG --json bulletin list | jq -r '.[0] | keys | join(\",\")'"
t_grep "list: the table says who corrects whom" 0 "已被第 3 号更正" -- ms bulletin list
t_grep "list: the correction" 0 "更正第 1 号" -- ms bulletin list
t_grep "list: issued in Beijing time (00:00 UTC is 08:00 in China)" 0 " 2023-07-10 08:00 " -- ms bulletin list

# --- the live draft keeps working as before ---
t_grep "bulletin --round: the live draft, no 文号" 0 "^# 关于2023年民生实事第一次进展情况的通报" -- ms bulletin --round 2023-06-30
t_sh "the live draft has no 文号 line" '! ms bulletin --round 2023-06-30 | grep -q "^文号："'
t_grep "an unknown subcommand" 2 "unexpected argument" -- ms bulletin publish

# --- the 文号 without --number: the year's next, in its own database ---
A=$T/auto.db
MINSHENG_DB=$A ms init --demo >/dev/null
t "no --number: the year's first" 0 "已印发第 1 号通报：赣民实办〔2023〕1号（报送节点 2023-06-30，截至 2023-07-07）" \
	-- env MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30
t "--number still overrides" 0 "已印发第 2 号通报：赣民实办〔2023〕3号（报送节点 2023-06-30，截至 2023-07-07）" \
	-- env MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕3号"
t "the next: two issued this year, 3 taken by hand, so 4" 0 "已印发第 3 号通报：赣民实办〔2023〕4号（报送节点 2023-06-30，截至 2023-07-07）" \
	-- env MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30
t_grep "a number already used is refused (conflict)" 1 "文号 赣民实办〔2023〕4号 已用于第 3 号通报.*\[--number\]" \
	-- env MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕4号"
t_grep "the journal holds the number given" 0 '"number":"赣民实办〔2023〕4号"' -- env MINSHENG_DB=$A $MINSHENG journal --since 2023-07-09
sqlite3 "$A" "INSERT INTO setting (key, value) VALUES ('bulletin.prefix', '赣民办')"
t "the prefix from the setting bulletin.prefix, counted apart" 0 "已印发第 4 号通报：赣民办〔2023〕1号（报送节点 2023-06-30，截至 2023-07-07）" \
	-- env MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30
t "a new year starts again at 1" 0 "已印发第 5 号通报：赣民办〔2024〕1号（报送节点 2023-06-30，截至 2023-07-07）" \
	-- env MS_CLOCK=1704153600 MINSHENG_DB=$A $MINSHENG bulletin issue --round 2023-06-30 --as-of 2023-07-07

# --- the web: issued bulletins for everyone, drafts for a login ---
serve_start
pid=$SERVE_PID
get() { curl -s --max-time 10 "$@"; }
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }
VIEWER=$(ms user token viewer 2>/dev/null)
VB="Authorization: Bearer $VIEWER"
get "${URL}bulletins" > anon.html
get -H "$VB" "${URL}bulletins" > staff.html
t_sh "通报 page, anonymous: the issued bulletins with 文号 and date" 'grep -q "<td>$N1</td><td>2023-06-30</td><td>2023年7月10日</td>" anon.html && grep -q "href=\"/bulletins/1.html\"" anon.html'
t_sh "通报 page, anonymous: no drafts" '! grep -q "草稿" anon.html && ! grep -q "/bulletin/2023-06-30" anon.html'
t_sh "通报 page, anonymous: the corrected one is marked" 'grep -q "已被 赣民实办〔2023〕3号 更正" anon.html'
t_sh "通报 page, logged in: the drafts, marked 草稿" 'grep -q "<span class=\"demo\">草稿</span>" staff.html && grep -q "href=\"/bulletin/2023-06-30.html\"" staff.html'
t "a draft's file, anonymous: 401" 0 "401" -- code "${URL}bulletin/2023-06-30.csv"
t "a draft's file, logged in: 200" 0 "200" -- code -H "$VB" "${URL}bulletin/2023-06-30.csv"
t "an issued file, anonymous: 200" 0 "200" -- code "${URL}bulletins/1.csv"
for f in md html csv; do
	ms bulletin show 2 --format $f > cli2.$f
	get "${URL}bulletins/2.$f" > web2.$f
	t_cmp "the web's issued .$f is the same bytes as bulletin show" cli2.$f web2.$f
done
t "an issued bulletin that does not exist: 404" 0 "404" -- code "${URL}bulletins/42.html"
t "a bad issued address: 404" 0 "404" -- code "${URL}bulletins/1x.html"
t "API list, anonymous: only issued" 0 "issued issued issued" -- sh -c "curl -s '${URL}api/v1/bulletins' | jq -r '[.[].status] | join(\" \")'"
t "API list, logged in: the drafts too" 0 "3 3" -- sh -c "curl -s -H '$VB' '${URL}api/v1/bulletins' | jq -r '[([.[] | select(.status == \"issued\")] | length), ([.[] | select(.status == \"draft\")] | length)] | join(\" \")'"
t "API one: its number and its document" 0 "$N1 关于2023年民生实事第一次进展情况的通报（演示数据） 3" -- sh -c "curl -s '${URL}api/v1/bulletins/1' | jq -r '\"\\(.number) \\(.document.title) \\(.corrected_by)\"'"
get "${URL}api/v1/bulletins/1?format=md" > api.md
t_sh "API ?format=md: the same bytes as show, plus the correction note" 'diff before.md api.md | grep -q "^> 注：本通报已被"'
t "API: unknown id 404" 0 "404" -- code "${URL}api/v1/bulletins/42"
t "API: bad format 400" 0 "400" -- code "${URL}api/v1/bulletins/1?format=pdf"

# --- the web: the office issues, with 主送 and 抄送; the next 文号 shown ---
ADMIN=$(ms user token admin 2>/dev/null)
AB="Authorization: Bearer $ADMIN"
NB="Authorization: Bearer $(ms user token nanchang 2>/dev/null)"
get -H "$AB" "${URL}bulletins" > admin.html
t_sh "通报 page, the office: the issuing form shows the next 文号" \
	'grep -q "<b id=\"next-number\">赣民实办〔2023〕4号</b>" admin.html && grep -q "name=\"to\" maxlength=\"200\" value=\"各设区市人民政府，省直有关单位\"" admin.html'
t_sh "通报 page, a viewer: no issuing form" '! grep -q "action=\"/bulletins\"" staff.html'
t "issue on the web, a viewer: 403" 0 "403" -- code -H "$VB" --data-urlencode round=2023-06-30 "${URL}bulletins"
t_grep "issue on the web, the office, no number: to the new bulletin" 0 "^303 http://127.0.0.1:[0-9]*/bulletins/4.html$" -- \
	curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "$AB" --data-urlencode round=2023-06-30 \
	--data-urlencode number= --data-urlencode "to=南昌市人民政府" --data-urlencode "cc=省审计厅" "${URL}bulletins"
get "${URL}bulletins/4.html" > web4.html
t_sh "the web-issued 公文: its 文号, 主送 and 抄送 as given" \
	'grep -q "赣民实办〔2023〕4号" web4.html && grep -q "南昌市人民政府：" web4.html && grep -q "省审计厅" web4.html'
t "issue on the web, a number already used: 409" 0 "409" -- \
	code -H "$AB" --data-urlencode round=2023-06-30 --data-urlencode "number=$N1" "${URL}bulletins"
t_grep "… the page says why and keeps the number" 0 "已用于第 1 号通报" -- \
	curl -s -H "$AB" --data-urlencode round=2023-06-30 --data-urlencode "number=$N1" "${URL}bulletins"
t_grep "the journal holds the web's issue" 0 "赣民实办〔2023〕4号" -- ms journal --since 2023-07-09

# --- the web: a unit's 联系人 and 联系电话 ---
get -H "$NB" "${URL}org/contact" > contact.html
t_sh "联系人 page: the reporter's own unit" 'grep -q "南昌市" contact.html && grep -q "name=\"phone\"" contact.html'
t "联系人: saved, back to the page" 0 "303" -- code -H "$NB" --data-urlencode org=360100 \
	--data-urlencode "contact=王芳" --data-urlencode "phone=0791-86000000" "${URL}org/contact"
t_grep "联系人: the org list shows it" 0 "王芳.*0791-86000000" -- ms org list
t_grep "联系人: the 台账 prints it" 0 ",南昌市,.*,王芳,0791-86000000," -- ms bulletin --round 2023-06-30 --format csv
t "联系人: a bad phone is refused (422), nothing saved" 0 "422" -- code -H "$NB" --data-urlencode org=360100 \
	--data-urlencode "contact=李" --data-urlencode "phone=call me" "${URL}org/contact"
t_grep "… the org list still has the old one" 0 "王芳.*0791-86000000" -- ms org list
t "联系人: another unit's, for a reporter: 403" 0 "403" -- code -H "$NB" --data-urlencode org=360400 \
	--data-urlencode "contact=张" "${URL}org/contact"
t "联系人: another unit's, for the office: saved" 0 "303" -- code -H "$AB" --data-urlencode org=360400 \
	--data-urlencode "contact=张三" --data-urlencode "phone=0792-1234567" "${URL}org/contact"
t_grep "联系人: the office's page picks a unit" 0 "<option value=\"360400\" selected>九江市</option>" -- \
	get -H "$AB" "${URL}org/contact?org=360400"
t "联系人: anonymous must log in (401)" 0 "401" -- code "${URL}org/contact"

t_sh "show -o -: standard output, no file called -" \
	'$MINSHENG bulletin show 1 -o - > dash.md 2>/dev/null && [ ! -e ./- ] && $MINSHENG bulletin show 1 | cmp -s - dash.md'
# ms_file_write_atomic: into an existing FIFO or device in place (never renamed over it)
mkfifo b.fifo
t_sh "show -o FIFO: the reader gets the bulletin, the FIFO stays" \
	'{ timeout 20 cat b.fifo > from-fifo.txt & r=$!; } && $MINSHENG bulletin show 1 -o b.fifo >/dev/null 2>&1 && wait $r && [ -p b.fifo ] && $MINSHENG bulletin show 1 | cmp -s - from-fifo.txt'

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

done_testing
