# tests/cli/vote_desk.sh - the staff's side of the vote (issue 17, docs/VOTE.md):
# proposals and deputies imported from Excel (.xlsx) as from CSV, an error
# naming the sheet, row and column; the staff desk pages (建议审核, 候选项目,
# 公示, 票决管理: open, deputies upload, tokens sheet, close, tally, adopt).
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/d.db
export MS_CLOCK=1705300000   # 2024-01-15, 北京时间 14:26
ms init --demo >/dev/null
cd "$T" || exit 1
X2="python3 $ROOT/tests/cli/csv2xlsx.py"
GOV="--region 360121 --level 县 --year 2024"
Q="--region 360121 --year 2024"

# --- proposals from Excel ---
{
	echo "title,field,place,body,name,phone,source"
	for i in 1 2 3 4 5 6; do echo "建设社区养老服务中心$i,养老,360121,在本村建设,市民$i,1380000000$i,deputy"; done
} > p.csv
$X2 p.csv p.xlsx 建议汇总
t "proposal import FILE.xlsx: the first sheet's rows, as CSV's" 0 "已导入 6 条建议 — 6 proposals imported from p.xlsx" -- ms proposal import p.xlsx $GOV
t "… with their contact and source" 0 "6 市民1 13800000001 deputy" -- sh -c "$MINSHENG proposal list $Q --json | jq -r '\"\(length) \(.[0].name) \(.[0].phone) \(.[0].source)\"'"
printf 'title,field,place\n好建议,养老,360121\n坏建议,乱写,360121\n' > bad.csv
$X2 bad.csv bad.xlsx
t_grep "a bad cell names the sheet, row and column" 1 "bad.xlsx 工作表“建议”第 3 行 B 列（B3） field：领域应为" -- ms proposal import bad.xlsx $GOV
printf 'title,field,place\n好建议,养老,999999\n' > bad2.csv
$X2 bad2.csv bad2.xlsx
t_grep "… the database's refusal too (an unknown place)" 1 "bad2.xlsx 工作表“建议”第 2 行 C 列（C2） place：地点 999999 不在区划名录中" -- ms proposal import bad2.xlsx $GOV
printf 'title,field,where\n好建议,养老,360121\n' > bad3.csv
$X2 bad3.csv bad3.xlsx
t_grep "an unknown column names the sheet's first row" 1 "bad3.xlsx 工作表“建议”第 1 行: 未知的列 \"where\"" -- ms proposal import bad3.xlsx $GOV
t "… and nothing of those files was kept" 0 "6" -- sh -c "$MINSHENG proposal list $Q --json | jq length"
printf 'PK\003\004not a zip' > junk.xlsx
t_grep "a file that is no workbook is refused by name" 1 "junk.xlsx: 不是 Excel" -- ms proposal import junk.xlsx $GOV
t_grep "a missing file is named in Chinese" 1 "none.csv: 无法打开" -- ms proposal import none.csv $GOV

# --- deputies from Excel ---
for c in 1 2 3; do
	ms candidate add $GOV --title "候选$c" --targets "目标$c" --lead 县民政局 --cost "${c}0万元" --basis 测算 --feasibility 可行 \
		--proposals "$c" >/dev/null
done
ms candidate publish $Q >/dev/null
ms vote open $GOV --title 县人大票决 --places 2 >/dev/null
{ echo "姓名,代表团"; for i in 1 2 3 4 5; do echo "代表$i,第一代表团"; done; } > d.csv
printf '姓名,代表团\n代表1,一团\n,二团\n' > dbad.csv
$X2 dbad.csv dbad.xlsx 代表名单
t_grep "a deputy without a name: the sheet, row and column" 1 "dbad.xlsx 工作表“代表名单”第 3 行 A 列（A3）: 姓名不能为空" -- ms vote deputies 1 dbad.xlsx
$X2 d.csv d.xlsx 代表名单
t "vote deputies SESSION FILE.xlsx" 0 "已导入代表 5 人 — 5 deputies" -- ms vote deputies 1 d.xlsx
t "… the journal says it came from Excel" 0 "xlsx 5" -- sh -c "sqlite3 d.db \"SELECT after FROM journal WHERE action = 'vote.deputies'\" | jq -r '\"\(.format) \(.deputies)\"'"

# --- the retention period, per government ---
ms proposal add --region 360124 --level 县 --year 2024 --title 建设便民服务驿站 --field 其他 --place 360124 --name 赵六 --phone 13600000000 >/dev/null
t "no period set: the default is said" 0 "360121 未设置保留期，按清理时给定的天数（默认 365 天） — not set" -- ms proposal retention --region 360121
t "a government sets its own period" 0 "360121 的建议联系方式保留 30 天 — retention set" -- ms proposal retention --region 360121 --level 县 --days 30
t "… read back" 0 "360121 的建议联系方式保留 30 天 — 30 days" -- ms proposal retention --region 360121
t_grep "… a period out of range is refused at its option" 2 "须为 1 到 3650 的整数" -- ms proposal retention --region 360121 --level 县 --days 4000
t "… journaled" 0 '{"days":30}' -- sqlite3 d.db "SELECT after FROM journal WHERE action = 'proposal.retention'"
t "40 days on, 360121's contacts go by its 30 days; 360124's stay (the default 365)" 0 "已删除 6 条建议的联系方式（各级政府按其保留期，未设置的 365 天） — contacts deleted" -- env MS_CLOCK=$((1705300000 + 40 * 86400)) "$MINSHENG" proposal purge
t "… 360121 has none left, 360124 its one" 0 "0 1" -- sh -c "echo \$(sqlite3 d.db \"SELECT COUNT(name) FROM proposal WHERE region = '360121'\") \$(sqlite3 d.db \"SELECT COUNT(name) FROM proposal WHERE region = '360124'\")"
t "… the journal says which government, by which period" 0 '{"360121":{"days":30,"cleared":6}}' -- sh -c "sqlite3 d.db \"SELECT after FROM journal WHERE action = 'proposal.purge'\" | jq -c .by_government"
t "a year and more on, the default takes 360124's" 0 "已删除 1 条建议的联系方式（各级政府按其保留期，未设置的 365 天） — contacts deleted" -- env MS_CLOCK=$((1705300000 + 400 * 86400)) "$MINSHENG" proposal purge
t "purge --days N is the default for a government without its own" 0 "已删除 0 条建议的联系方式（各级政府按其保留期，未设置的 90 天） — contacts deleted" -- ms proposal purge --days 90

# --- the notice published later, matched to the plan the deputies adopted (南昌市 2024) ---
export MINSHENG_DB=$T/m.db
ms init --demo >/dev/null
MG="--region 360100 --level 市 --year 2024"
printf 'title,field,place\n就业,就业,360100\n低保,社会保障,360100\n公园,环境,360100\n公交,交通,360100\n' > mp.csv
ms proposal import mp.csv $MG >/dev/null
i=1
for c in 促进高校毕业生就业 提高城乡低保标准 新建城市口袋公园 增设公交线路; do
	ms candidate add $MG --title "$c" --targets "完成$c" --lead 市民政局 --cost 100万元 --basis 测算 --feasibility 可行 --proposals $i >/dev/null
	i=$((i + 1))
done
ms candidate publish --region 360100 --year 2024 >/dev/null
ms vote open $MG --title 市人大票决 --places 3 >/dev/null
printf 'name,delegation\n甲,一\n乙,一\n丙,二\n' > md.csv
ms vote deputies 1 md.csv >/dev/null
ms vote tokens 1 -o ms.csv >/dev/null
for k in 2 3; do ms vote cast 1 --token "$(sed -n ${k}p ms.csv | cut -d, -f4 | tr -d '\r')" --choices 1,2,3 >/dev/null; done
ms vote close 1 >/dev/null
ms vote adopt 1 -o mplan.json --save >/dev/null
NOTICE=$ROOT/tests/fixtures/notices/nanchang-2024-paren.txt
ms notice import "$NOTICE" > match.out
t_grep "notice import: the voted plan of that government and year is found" 0 "^与人大票决的计划 vote-360100-2024 对照：" -- cat match.out
t_grep "… a notice item is the voted item of the like title" 0 "通知第 1 件“促进高校毕业生等重点群体就业” = 票决第 1 件“促进高校毕业生就业”（标题相似度 66）" -- cat match.out
t_grep "… the same title, 100" 0 "通知第 2 件“提高城乡低保标准” = 票决第 2 件“提高城乡低保标准”（标题相似度 100）" -- cat match.out
t_grep "… an item the deputies did not vote: new" 0 "通知第 3 件“新建改造城市道路”：票决计划中没有（新增）" -- cat match.out
t_grep "… a voted item the notice lacks: missing" 0 "票决第 3 件“新建城市口袋公园”：通知中没有（缺失）" -- cat match.out
t_grep "… counted" 0 "对上 2 件，通知新增 6 件，通知缺失 1 件 — 2 matched, 6 new, 1 missing" -- cat match.out
t "… and over --json" 0 "vote-360100-2024 1=1 2=2 6 新建城市口袋公园" -- sh -c "$MINSHENG --json notice import '$NOTICE' | jq -r '.vote_match | \"\(.voted_plan) \([.matched[] | \"\(.notice)=\(.voted)\"] | join(\" \")) \(.new | length) \(.missing[0].title)\"'"
t_grep "stored with --save, the report still comes" 0 "对上 2 件" -- ms notice import "$NOTICE" --save
serve_start
curl -s -H "Authorization: Bearer $(ms user token admin 2>/dev/null)" -H 'Accept: text/html' --data-urlencode "text@$NOTICE" "${URL}notice" > review.html
t_grep "通知导入's review page says it too" 0 '<div class="note" id="vote-match"><b>与人大票决的计划 vote-360100-2024 对照</b>.*通知第 1 件“促进高校毕业生等重点群体就业” = 票决第 1 件“促进高校毕业生就业”（标题相似度 66）.*票决第 3 件“新建城市口袋公园”：<b>通知中没有（缺失）</b>' -- sh -c "tr -d '\\n' < review.html"
t "… and POST /api/v1/notice/import's vote_match" 0 "vote-360100-2024 2 6 1" -- sh -c "curl -s -H 'Authorization: Bearer $(ms user token admin 2>/dev/null)' -H 'Content-Type: text/plain; charset=utf-8' --data-binary @'$NOTICE' '${URL}api/v1/notice/import' | jq -r '.vote_match | \"\(.voted_plan) \(.matched | length) \(.new | length) \(.missing | length)\"'"
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
t "another year's notice has no voted plan: no report" 1 "0" -- sh -c "$MINSHENG notice import $ROOT/tests/fixtures/notices/jiujiang-2025-articles.txt | grep -c 票决"
t_grep "… nor the province's 2023 notice in a database without one" 0 "^0$" -- sh -c "MINSHENG_DB=$T/d.db $MINSHENG notice import $ROOT/data/notices/jiangxi-2023-minsheng-notice.txt | grep -c 人大票决; true"

# --- the staff desk on the web: 建议审核, 导入, 候选项目, 公示, 票决 ---
export MINSHENG_DB=$T/w.db
ms init --demo >/dev/null
ms proposal import p.csv $GOV >/dev/null
serve_start
ADM=$(ms user token admin 2>/dev/null)
NC=$(ms user token nanchang 2>/dev/null)
H="Authorization: Bearer $ADM"
G="region=360121&level=%E5%8E%BF&year=2024"
page() { curl -s -H "$H" -H 'Accept: text/html' "$@"; }
code() { curl -s -o /dev/null -w '%{http_code}' -H "$H" -H 'Accept: text/html' "$@"; }
t_grep "the desk: the queue of 6 pending proposals with their contact" 0 "建议审核（待审 6 条）.*联系人：市民1 13800000001" -- sh -c "curl -s -H '$H' '${URL}vote/desk?$G' | tr -d '\\n'"
t "anonymous is sent to log in" 0 "303" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' '${URL}vote/desk?$G'"
t "a reporter may not see it" 0 "403" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $NC' '${URL}vote/desk?$G'"
t "公开 from the queue" 0 "303" -- code -d "id=1&status=published" "${URL}vote/desk/moderate"
curl -s -w '%{http_code}' -o decl.html -H "$H" -H 'Accept: text/html' -d "id=2&status=declined&reason=" "${URL}vote/desk/moderate" > decl.code
t "不采纳 without a reason is refused (422)" 0 "422" -- cat decl.code
t_grep "不采纳 without a reason: the message beside that proposal's box, 422" 0 'id="f-reason-2"[^>]* class="bad" aria-invalid="true"> <button name="status" value="declined">不采纳</button><span class="ferr" role="alert" id="err-moderate-2">不采纳的理由不能为空</span>' -- cat decl.html
t "不采纳 with a reason" 0 "303" -- code -d "id=2&status=declined&reason=%E5%B7%B2%E5%88%97%E5%85%A5%E7%9C%81%E7%BA%A7" "${URL}vote/desk/moderate"
t "… the public sees it with the reason" 0 "declined 已列入省级" -- sh -c "curl -s '${URL}api/v1/proposals?region=360121&year=2024' | jq -r '.[] | select(.id == 2) | \"\(.status) \(.reason)\"'"
t_grep "the queue is shorter" 0 "建议审核（待审 4 条）" -- page "${URL}vote/desk?$G"
printf 'title,field,place\n增设公交线路,交通,360121\n' > more.csv
$X2 more.csv more.xlsx
t "导入: an .xlsx uploaded" 0 "303" -- code -F "region=360121" -F "level=县" -F "year=2024" -F "file=@more.xlsx" "${URL}vote/desk/import"
t "… became a pending proposal" 0 "7 pending paper" -- sh -c "$MINSHENG proposal list $Q --json | jq -r '.[6] | \"\(.id) \(.status) \(.source)\"'"
t_grep "导入: a bad file, its sheet, row and column on the page" 0 "bad.xlsx 工作表“建议”第 3 行 B 列（B3） field：领域应为" -- page -F "region=360121" -F "level=县" -F "year=2024" -F "file=@bad.xlsx" "${URL}vote/desk/import"
page -d "$G&p1=1&p3=1&title=&targets=T&lead=L&cost=120&cost_basis=B&feasibility=F" "${URL}vote/desk/candidate" > cand.html
t_grep "候选项目: an empty title, the message beside it" 0 'id="f-candidate-title"[^>]*class="bad"[^>]*value=""><span class="ferr" role="alert" id="err-candidate-title">项目名称不能为空' -- cat cand.html
t_grep "… the boxes ticked stay ticked, the words typed stay" 0 'name="p1" value="1" checked.*name="p3" value="1" checked.*name="lead" id="f-candidate-lead"[^>]*value="L"' -- sh -c "tr -d '\\n' < cand.html"
page -d "$G&p1=1&p3=1&title=X&targets=T&lead=L&cost=120&cost_basis=B&feasibility=F" "${URL}vote/desk/candidate" > cand2.html
t_grep "… a cost without its unit, beside the cost" 0 'id="err-candidate-cost">估算资金应写明单位' -- cat cand2.html
page -d "$G&title=X&targets=T&lead=L&cost=120%E4%B8%87%E5%85%83&cost_basis=B&feasibility=F" "${URL}vote/desk/candidate" > cand3.html
t_grep "… no proposal ticked, beside the list" 0 'id="err-candidate-proposals">候选项目应列出来源建议' -- cat cand3.html
for c in 1 2 3; do
	code -d "$G&p$((c + 2))=1&title=%E5%80%99%E9%80%89$c&targets=%E7%9B%AE%E6%A0%87$c&lead=%E5%8E%BF%E6%B0%91%E6%94%BF%E5%B1%80&cost=${c}0%E4%B8%87%E5%85%83&cost_basis=B&feasibility=F" "${URL}vote/desk/candidate" > "cand-$c.code"
done
t "three candidates made from the ticked proposals" 0 "303 303 303" -- sh -c "echo \$(cat cand-1.code cand-2.code cand-3.code | sed 's/303/303 /g')"
t "… each lists its proposal, which is merged" 0 "3 3 merged" -- sh -c "$MINSHENG candidate list $Q --json | jq -r 'length, .[0].proposals' | tr '\\n' ' '; $MINSHENG proposal list $Q --json | jq -r '.[2].status'"
t_grep "a vote before the 公示 is refused beside 应选名额" 0 'id="err-open-places">已公示的候选项目 0 项' -- page -d "$G&title=T&places=2" "${URL}vote/desk/open"
t "公示" 0 "303" -- code -d "$G" "${URL}vote/desk/publish"
t_grep "… the page says so" 0 "候选项目（3 项，已公示 3 项）" -- page "${URL}vote/desk?$G&done=publish"
t_grep "places must be a number, beside it" 0 'id="err-open-places">应选名额应为 1–63' -- page -d "$G&title=T&places=x" "${URL}vote/desk/open"
t "开始票决" 0 "/vote/desk/session?session=1&done=open" -- sh -c "curl -s -o /dev/null -w '%{redirect_url}' -H '$H' -d '$G&title=%E5%8E%BF%E4%BA%BA%E5%A4%A7%E7%A5%A8%E5%86%B3&places=2' '${URL}vote/desk/open' | sed 's|^http://[^/]*||'"
t_grep "the session page: the deputies' upload form" 0 'action="/vote/desk/deputies" enctype="multipart/form-data"' -- page "${URL}vote/desk/session?session=1"
t_grep "a list without names is refused, the row and column named" 0 "dbad.xlsx 工作表“代表名单”第 3 行 A 列（A3）: 姓名不能为空" -- page -F session=1 -F "file=@dbad.xlsx" "${URL}vote/desk/deputies"
t "deputies uploaded (.xlsx)" 0 "303" -- code -F session=1 -F "file=@d.xlsx" "${URL}vote/desk/deputies"
t_grep "… 5 of them" 0 "已导入代表 5 人" -- page "${URL}vote/desk/session?session=1"
curl -s -D tok.h -o tok.csv -H "$H" -d "session=1&format=csv" "${URL}vote/desk/tokens"
t_grep "tokens: a CSV to download" 0 'Content-Disposition: attachment; filename="tokens-1.csv"' -- cat tok.h
t "… one a deputy, with name and delegation" 0 "5 代表1 第一代表团" -- sh -c "echo \$(tail -n +2 tok.csv | wc -l) \$(sed -n 2p tok.csv | cut -d, -f2,3 | tr ',' ' ' | tr -d '\\r')"
t_grep "… and never again" 0 "票证已经发放，不能再发" -- page -d "session=1&format=print" "${URL}vote/desk/tokens"
TOK() { sed -n "$(($1 + 1))p" tok.csv | cut -d, -f4 | tr -d '\r'; }
for i in 1 2 3; do curl -s -o /dev/null -d "session=1&token=$(TOK $i)&choices=1,2" "${URL}api/v1/ballots"; done
t "结束票决" 0 "303" -- code -d "session=1" "${URL}vote/desk/close"
t_grep "the tally on the session page" 0 "应选 2 项，当选 2 项；名额已满" -- page "${URL}vote/desk/session?session=1&done=close"
t_grep "… and the button that makes the draft plan" 0 'action="/vote/desk/adopt"' -- page "${URL}vote/desk/session?session=1"
page -d "session=1" "${URL}vote/desk/adopt" > draft.html
t_grep "the draft: the elected as items, the vote record as its source" 0 "<h2>计划草案 vote-360121-2024</h2>.*候选1.*由第 1 号票决产生（得票 3）.*南昌县2024年民生实事项目人大代表票决结果" -- sh -c "tr -d '\\n' < draft.html"
t_grep "… validated, with the button that accepts it" 0 'name="accept" value="1">接受为新计划' -- cat draft.html
t "接受为新计划: stored, the overview of the new plan" 0 "/?plan=vote-360121-2024" -- sh -c "curl -s -o /dev/null -w '%{redirect_url}' -H '$H' -d 'session=1&id=vote-360121-2024&accept=1' '${URL}vote/desk/adopt' | sed 's|^http://[^/]*||'"
t "… a plan of 2 items in the database, journaled" 0 "2 1" -- sh -c "echo \$(sqlite3 w.db \"SELECT COUNT(*) FROM item WHERE plan = 'vote-360121-2024'\") \$(sqlite3 w.db \"SELECT COUNT(*) FROM journal WHERE action = 'plan.load' AND actor = 'admin'\")"
t "… twice is refused" 0 "409" -- code -d "session=1&id=vote-360121-2024&accept=1" "${URL}vote/desk/adopt"
t_grep "保留期 on the desk: not set, the default said" 0 "尚未设定：清理时按默认的 365 天删除" -- page "${URL}vote/desk?$G"
t_grep "… a wrong number refused beside the box" 0 'id="err-retention-days">保留期应为 1–3650 天' -- page -d "$G&days=0" "${URL}vote/desk/retention"
t "… set" 0 "303" -- code -d "$G&days=180" "${URL}vote/desk/retention"
t_grep "… shown" 0 "姓名和电话保留 <b>180 天</b>" -- page "${URL}vote/desk?$G&done=retention"
t "… as the command line reads it" 0 "360121 的建议联系方式保留 180 天 — 180 days" -- ms proposal retention --region 360121
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
# a database without any proposal: the desk asks for the government
export MINSHENG_DB=$T/e.db
ms init --demo >/dev/null
serve_start
t_grep "an empty desk asks which government" 0 "还没有征集或票决。请填写政府的区划代码、层级和年度" -- curl -s -H "Authorization: Bearer $(ms user token admin 2>/dev/null)" "${URL}vote/desk"
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
[ -n "${KEEP:-}" ] && cp -r "$T" "$KEEP"

done_testing
