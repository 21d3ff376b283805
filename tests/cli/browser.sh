# tests/cli/browser.sh - the web pages in a real browser: headless Chromium
# (Debian's /usr/bin/chromium) driven by playwright-core (tests/web/browser.mjs).
# A city reporter asks for 报送, logs in and is brought back to it, files the
# whole round in one submit (first with a wrong box: refused, the message beside
# it, the page scrolled to it), downloads the Excel 报送表, fills it
# (tests/cli/entry_fill.py) and uploads it; the value shows on the 实事详情 page
# and in the API; the lead unit approves all filtered rows in one action; the
# administrator's 报送轮次 page; the loan calculator's form gives the worked example's figures; a
# wrong password and an anonymous visit to 报送 behave; no page logs a console
# error (a Content-Security-Policy violation is one; so is a page answered
# with 4xx); the calculators offer selects and pickers and refuse a value in
# Chinese beside its field; the 民生地图 draws the 100 counties and the demo's
# sites and is shaded by the indicator chosen, 点位 filters; at 390 px 审核's
# 通过/退回 buttons and 评估's 得分/等级 cells stay on the screen. Every page is
# saved as a full-page screenshot at 1366x768 and at
# phone width (390x844) in build/screenshots/NAME-{desktop,phone}.png, and
# none may stick out past a phone's screen.
# Needs chromium and tests/web/node_modules (scripts/deps.sh installs both); if
# either is missing the script fails, it does not skip. Alone:
#   MINSHENG=$PWD/build/minsheng bash tests/cli/browser.sh
. "$(dirname "$0")/lib.sh"
WEB=$ROOT/tests/web
SHOTS=$ROOT/build/screenshots
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

t_sh "chromium is installed at $CHROMIUM (scripts/deps.sh installs it)" '[ -x "$CHROMIUM" ]'
t_sh "node is installed (scripts/deps.sh)" 'command -v node >/dev/null'
t_sh "playwright-core is in tests/web/node_modules (scripts/deps.sh runs npm ci there)" \
	'[ -f "$WEB/node_modules/playwright-core/package.json" ]'
if [ "$_fail" -ne 0 ]; then
	done_testing
	exit 1
fi

export MINSHENG_DB=$T/b.db
ms init --demo >/dev/null
ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕1号" >/dev/null
# issue 17: a county's 征集 and a closed vote (360121), and an open vote for the browser's ballot (360124)
vote_gov() { # REGION: 4 proposals, 3 candidates, published
	printf 'title,field,place,name,phone\n' > "$T/p.csv"
	for i in 1 2 3 4; do printf '建设社区养老服务中心%s,养老,%s,王五,13700000000\n' "$i" "$1" >> "$T/p.csv"; done
	ms proposal import "$T/p.csv" --region "$1" --level 县 --year 2024 >/dev/null
	n=$(ms --json proposal list --region "$1" --year 2024 | jq -r '.[0].id')
	for c in 1 2 3; do
		ms candidate add --region "$1" --level 县 --year 2024 --title "候选项目$c：新建城乡社区养老服务设施" --targets "新建${c}0个" \
			--lead 县民政局 --cost "${c}00万元" --basis 按单价测算 --feasibility 可行 --proposals "$((n + c - 1))" >/dev/null
	done
	ms candidate publish --region "$1" --year 2024 >/dev/null
	ms vote open --region "$1" --level 县 --year 2024 --title 县人大票决民生实事 --places 2 >/dev/null
	printf 'name,delegation\n代表甲,一团\n代表乙,一团\n代表丙,二团\n' > "$T/d.csv"
}
vote_gov 360121
ms vote deputies 1 "$T/d.csv" >/dev/null
ms vote tokens 1 -o "$T/s1.csv" >/dev/null
for i in 2 3 4; do ms vote cast 1 --token "$(sed -n "${i}p" "$T/s1.csv" | cut -d, -f4 | tr -d '\r')" --choices 1,2 >/dev/null; done
ms vote close 1 >/dev/null
vote_gov 360124
ms vote deputies 2 "$T/d.csv" >/dev/null
ms vote tokens 2 -o "$T/s2.csv" >/dev/null
export VOTE_TOKEN=$(sed -n 2p "$T/s2.csv" | cut -d, -f4 | tr -d '\r')
# the staff's desk (issue 17): 8 pending proposals of 360123, the deputies as an .xlsx to upload
printf 'title,field,place,name,phone\n' > "$T/p3.csv"
for i in 1 2 3 4 5 6 7 8; do printf '建设社区养老服务站%s,养老,360123,李四,13900000000\n' "$i" >> "$T/p3.csv"; done
ms proposal import "$T/p3.csv" --region 360123 --level 县 --year 2024 >/dev/null
python3 "$ROOT/tests/cli/csv2xlsx.py" "$T/d.csv" "$T/deputies.xlsx" 代表名单
export VOTE_DEPUTIES=$T/deputies.xlsx
"$MINSHENG" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
pid=$!
for _ in $(seq 1 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.05; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*/' serve.out | head -1)
t_sh "serve prints its address" '[ -n "$URL" ]'

mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png
node "$WEB/browser.mjs" "$URL" "$SHOTS" facts.json > browser.out 2>&1
brc=$?
[ -s facts.json ] || { echo '{"error":"no facts written"}' > facts.json; sed 's/^/    # /' browser.out; }
cp facts.json "$SHOTS/facts.json" # what the browser saw, for a look after a failure
f() { jq -r "$1" facts.json; }
t "the browser run completes (exit 0, no step failed)" 0 "0 null" -- sh -c "echo $brc \"\$(jq -r .error facts.json)\""
t "it is Debian's Chromium" 0 "yes" -- sh -c "\"$CHROMIUM\" --version 2>/dev/null | grep -qF \"\$(jq -r .browser facts.json)\" && echo yes"

# --- public pages ---
t "总览 in a browser: its title" 0 "民生实事进展总览" -- f '.pages.overview.title'
t_grep "总览 shows the day and the reporting rate" 0 "截至2023年7月1日.*报送率99.4%" -- f '.flow.overview_facts'
t "总览 as anonymous: 牵头单位 of item 1" 0 "省人力资源社会保障厅" -- f '.flow.overview_lead1'
t_sh "总览 as anonymous: 滞后地区 named" '[ "$(f .flow.overview_lag)" -ge 10 ]'
t "总览 as anonymous: items 7 and 8 listed as 文中缺失" 0 "7 文中缺失|8 文中缺失" -- f '.flow.overview_absent | join("|")'
t_grep "总览: counts of 红/黄/绿/完成 at the top" 0 "^红[0-9]+ 件指标 [0-9]+ 项\|黄[0-9]+ 件指标 [0-9]+ 项\|绿[0-9]+ 件指标 [0-9]+ 项\|完成[0-9]+ 件指标 [0-9]+ 项$" -- f '.flow.overview_counts | join("|")'
t "总览: the round selector goes to that round's day" 0 "截至2023年10月30日" -- f '.flow.overview_round_facts'
t_grep "/item/7: a page that says 文中缺失" 0 "^文中缺失：计划列有第 7 件实事" -- f '.flow.item7_note'
t "实事详情 10: the AED indicator" 0 "配备自动体外除颤器（AED）" -- f '.flow.item10_h2'
t_sh "原文: quotes marked and linked" '[ "$(f .flow.source_marks)" -ge 20 ]'
t "every page loaded with 200" 0 "" -- f '.pages | to_entries[] | select(.value.status != null and .value.status != 200) | "\(.key) \(.value.status)"'

# --- the calculator, through its form ---
t_grep "loan form: the worked example in the address" 0 "principal=100000&rate=5.15&lpr=3.65&start=2023-03-01&end=2024-02-29.*group=graduate" -- f '.pages["calc-loan"].url'
t "loan: 总利息" 0 "5221.53 元" -- f '.flow.loan["总利息"]'
t "loan: 财政贴息" 0 "3041.67 元" -- f '.flow.loan["财政贴息"]'
t "loan: 免除利息" 0 "2179.86 元" -- f '.flow.loan["免除利息"]'
t "loan: 个人实付利息" 0 "0.00 元" -- f '.flow.loan["个人实付利息"]'
t "loan: each step explained" 0 "9" -- f '.flow.loan_steps'
t "dibao form: standard and payment" 0 "885.00 元 1155.00 元" -- f '"\(.flow.dibao["低保标准（元/人·月）"]) \(.flow.dibao["月补差金额"])"'
# --- the calculators' controls, and a refusal beside its field (issue 14 §8) ---
t "dibao form: a select per enumeration, a month picker, the region picker" 0 "area:select members:text income:text month:month region:select" \
	-- f '.flow.dibao_controls | join(" ")'
t_grep "dibao form: the region chosen from the picker is in the address" 0 "region=360102" -- f '.pages["calc-dibao"].url'
t "a refused value: the Chinese message beside its field" 0 "家庭保障人数：应在 1 至 99 之间" -- f '.flow.calc_error'
t "and the field is marked" 0 "true" -- f '.flow.calc_error_beside'

# --- 民生地图 and 点位 (issue 14 §5) ---
n_sites=$(sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM site WHERE lat_e6 IS NOT NULL")
t "民生地图: Jiangxi's 100 counties, each named on hover" 0 "100 100" -- f '"\(.flow.map_counties) \(.flow.map_titles)"'
t "民生地图: the demo's sites as dots" 0 "$n_sites" -- f '.flow.map_sites'
t "民生地图: and says how many" 0 "图上 $n_sites 个点位" -- sh -c "jq -r .flow.map_count facts.json | grep -o '图上 [0-9]* 个点位'"
t_grep "民生地图: another indicator chosen in the form" 0 "^配备自动体外除颤器（AED）：截至" -- f '.flow.map_aeds_h2'
t "民生地图: only that indicator's sites" 0 "$(sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM site WHERE indicator = '10.aeds'")" -- f '.flow.map_aeds_sites'
t_grep "点位: 南昌's AEDs" 0 "^共 $(sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM site WHERE indicator = '10.aeds' AND org = '360100'") 个点位" -- f '.flow.sites_count'
t "点位: the status filter keeps the others" 0 "在建 在建" -- f '.flow.sites_building | join(" ")'

# --- 通报 ---
t "通报 list, anonymous: a web page for the one issued bulletin, no draft" 0 "1 0" -- f '"\(.flow.bulletin_links) \(.flow.bulletin_drafts_anonymous)"'
t_grep "通报 web page opens from its link" 0 "^关于2023年民生实事第一次进展情况的通报" -- f '.pages["bulletin-html"].h1'
t "通报 web page is shown, not saved (inline)" 0 'inline; filename="bulletin-2023-06-30-1.html"' -- f '.flow.bulletin_disposition'
t "通报 list, logged in: a draft for each round, marked 草稿" 0 "3" -- f '.flow.bulletin_drafts_staff'

# --- 征集票决 (issue 17): the public's proposal, the 公示, a deputy's ballot, the result, the survey ---
t "征集: the form sent, the page says so" 0 "建议已收到，审核后公开，谢谢！" -- f '.flow.proposal_ok'
t "公示: the three candidates" 0 "3" -- f '.flow.candidates_rows'
t "票决: the ballot with a token is cast" 0 "选票已投出，谢谢！" -- f '.flow.vote_ok'
t "票决: it was stored, without the token" 0 "1" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM ballot WHERE session = 2"
t "票决结果: 3 deputies, 3 votes each for 1 and 2" 0 "应选 2 项，当选 2 项；名额已满" -- f '.flow.vote_summary'
t "满意度测评: the public's answer is taken" 0 "测评已提交，谢谢！" -- f '.flow.survey_ok'
# the staff's desk (vote_desk.c), as the administrator
t "工作台: the queue of the county's 8 proposals" 0 "一、建议审核（待审 8 条）" -- f '.flow.desk_queue'
t "工作台: 不采纳 with a reason from the queue" 0 "已不予采纳，理由向公众公开 6" -- f '"\(.flow.desk_declined) \(.flow.desk_queue_after | capture("待审 (?<n>[0-9]+)").n)"'
t "工作台: a cost without its unit refused beside the box" 0 "估算资金应写明单位，如 120万元" -- f '.flow.desk_cost_error'
t "工作台: … the words typed and the boxes ticked kept" 0 "候选项目1：建设社区养老服务设施 true" -- f '"\(.flow.desk_kept[0]) \(.flow.desk_kept[1])"'
t "工作台: three candidates made and published" 0 "候选项目已建立，来源建议已并入|三、候选项目（3 项，已公示 3 项）" -- f '"\(.flow.desk_candidate_ok)|\(.flow.desk_cands)"'
t "票决管理: the deputies uploaded as .xlsx" 0 "代表名单已导入" -- f '.flow.desk_deputies'
t "票决管理: a printable slip per deputy" 0 "3" -- f '.flow.desk_tokens'
t "票决管理: two ballots, closed, the tally" 0 "应选 2 项，当选 2 项；名额已满" -- f '.flow.desk_summary'
t "票决管理: the draft plan of the 2 elected" 0 "2" -- f '.flow.draft_items'
t "票决管理: accepted, the new plan's overview" 0 "/?plan=vote-360123-2024" -- f '.flow.adopted_url'
t "计票录入: the administrator's form" 0 "1" -- f '.flow.count_form'

# --- logging in ---
t "an anonymous visit to 报送 lands on 登录, which remembers the page" 0 "/login /report" -- f '"\(.flow.report_anonymous_url) \(.flow.report_anonymous_next)"'
t "a wrong password: the error on the login page, in Chinese" 0 "用户名或密码错误，请重新输入。" -- f '.flow.login_error'
t "a wrong password: the name stays filled in" 0 "nanchang" -- f '.flow.login_error_name_kept'
t "a wrong password: the page to go to after is kept" 0 "/" -- f '.flow.login_error_next'
t "报送 with a round, not logged in: 登录 with next" 0 "/login?next=/report%3Fround%3D2023-12-25" -- f '.flow.report_login_url'
t "after logging in: back on that 报送 page" 0 "/report?round=2023-12-25" -- f '.flow.report_after_login_url'
t "nanchang is logged in as a reporter of 南昌市" 0 "nanchang（报送员，南昌市） 退出" -- f '.flow.nanchang_nav'

# --- the reporter files the whole round in one submit ---
t "报送: one table of 南昌's 25 indicators" 0 "25" -- f '.flow.report_rows'
t "报送: the form showed the demo value, a plain number in 亿元" 0 "13.24528301 亿元" -- f '"\(.flow.report_before) \(.flow.report_unit)"'
t "a wrong box: the message beside it, in Chinese" 0 "“-5”：不能为负数" -- f '.flow.report_error'
t "and listed at the top" 0 "1" -- f '.flow.report_error_summary'
t "the page returns to it: the box has the focus, scrolled into view" 0 "f-v.10.aeds true" -- f '"\(.flow.report_error_focus) \(.flow.report_error_in_view)"'
t "what was typed elsewhere is kept" 0 "200" -- f '.flow.report_error_kept'
t_grep "报送: back on the page after the one submit" 0 "^/report\?round=2023-12-25&org=360100&done=submit&n=[0-9]+$" -- f '.flow.report_url'
t_grep "报送: 已提交" 0 "^已提交：[0-9]+ 项已报送，待审核。$" -- f '.flow.report_ok'
t "报送: the value shown back in the field, in 亿元" 0 "200" -- f '.flow.report_after'
t "报送: the narrative shown back" 0 "（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。" -- f '.flow.report_narrative'
t_grep "报送: the row says it awaits review" 0 "已报送，待审核" -- f '.flow.report_state'
t "报送: every row of the round submitted" 0 "25" -- f '.flow.report_submitted'
t "API: the report, submitted from the web, in 分" 0 "1 submitted web 2000000000000" \
	-- f '"\(.flow.api_submitted.body | length) \(.flow.api_submitted.body[0] | "\(.status) \(.origin) \(.value)")"'
t "Excel: the template downloaded" 0 "report-360100-2023-12-25.xlsx" -- f '.flow.template_name'
t_grep "Excel: filled and uploaded, back on the page" 0 "^已提交：1 项已报送，待审核。$" -- f '.flow.upload_ok'
t "Excel: the page shows the uploaded values" 0 "75 （浏览器测试 Excel）新增配备5台。" -- f '"\(.flow.upload_value) \(.flow.upload_narrative)"'
t "实事详情: the official figure is the last approved one, awaiting review 1" 0 "南昌市 12.74亿元 10.60亿元 1" -- f '([.flow.item1_nanchang_official[0]] + .flow.item1_nanchang_official[2:4] + [.flow.item1_nanchang_official[-1]]) | join(" ")'
t "实事详情 with the staff switch (含待审核数据): 南昌's new figure" 0 "南昌市 12.74亿元 200.00亿元" -- f '([.flow.item1_nanchang[0]] + .flow.item1_nanchang[2:4]) | join(" ")'
t "logging out: back to 总览, 登录 in the nav" 0 "/ 登录" -- f '"\(.flow.logout_nanchang.url) \(.flow.logout_nanchang.nav)"'
t "after logging out 报送 asks for a login again" 0 "/login" -- f '.flow.report_after_logout_url'

# --- the lead unit approves all filtered rows in one action ---
t "审核: filtered to 南昌 and item 1, the loan report once" 0 "1" -- f '.flow.review_rows'
t "审核: a checkbox for each of item 1's five reports" 0 "5" -- f '.flow.review_checkboxes'
t_grep "审核: with the new figure, its targets, the previous value and the narrative" 0 "^新增发放创业担保贷款\|南昌市\|200.00亿元\|12.74亿元（完成 1570.3%）全省目标 150.00亿元，计量单位 元\|[0-9.]+亿元2023-10-30\|（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。\|待审核$" -- f '.flow.review_row | join("|")'
t "审核: city names on one line (no 南昌/市)" 0 "" -- f '.flow.review_region_lines[] | select(. > 1)'
t "审核: 全部通过 approved the five in one action" 0 "已审核通过 5 份。" -- f '.flow.review_ok'
t "审核: nothing left to approve under the filter" 0 "0" -- f '.flow.review_rows_after'
t "API: the report is approved, the value unchanged" 0 "approved 2000000000000" -- f '.flow.api_approved.body[0] | "\(.status) \(.value)"'
t "API: item 1's five reports of 南昌 approved" 0 "5" -- f '[.flow.api_approved_item1.body[] | select(.round == "2023-12-25" and (.indicator | startswith("1.")) and .status == "approved")] | length'
t_grep "台账日志: the approval near the top, in Chinese" 0 "^[0-9]+ \| [^|]+ \| hrss \| 审核通过 \| 报送数据 jiangxi-2023/1\.loans_new/360100/2023-12-25 \|" -- f '.flow.journal_top[]'
t_grep "台账日志: nanchang's submission" 0 "\| nanchang \| 报送 \| 报送数据 jiangxi-2023/1\.loans_new/360100/2023-12-25 \|" -- f '.flow.journal_top[]'
t_grep "报送轮次 as admin: the rounds can be locked after 确认锁定 (a demo database keeps them open)" 0 "2023-12-25 第三次进展报送开放（不自动关闭） 确认锁定" -- f '.flow.review_admin_rounds'

# --- 催报 and 督办 ---
t_sh "催报: the office's list of the units missing 2023-10-30" '[ "$(f .flow.remind_rows)" -ge 2 ]'
t_grep "督办: issued through the form, the figures quoted" 0 "督办单位：360400 九江市.*督办理由：截至.*完成率" -- f '.flow.duban_issued_text'
t_grep "督办: answered by the unit through its form" 0 "^督办单 [0-9]+ 已答复$" -- f '.flow.duban_answered'
# --- 印发通报 on the web, a unit's 联系人 (issue 15) ---
# (the server runs on today's clock: the year's first, 2023's 1号 being of another year)
t_grep "印发通报: the form shows the next 文号" 0 "^赣民实办〔$(TZ=Asia/Shanghai date +%Y)〕1号$" -- f '.flow.next_number'
t "印发通报: issued with it, the 公文 opens" 0 "/bulletins/2.html $(f .flow.next_number)" -- f '"\(.flow.web_issued_url) \(.flow.web_issued_number)"'
t "印发通报: the 主送 as set in the form" 0 "南昌市人民政府，九江市人民政府：" -- f '.flow.web_issued_to'
t "联系人: the unit saved its own" 0 "已保存。" -- f '.flow.contact_saved'
t "联系人: stored" 0 "刘洋|0792-8221234" -- sqlite3 "$MINSHENG_DB" "SELECT contact, phone FROM org WHERE code = '360400'"

# --- no console errors, on any page ---
# (a wrong password is answered 200 with the login page and its message, so
# the login page logs no "Failed to load resource" either)
for p in $(f '.pages | keys[]'); do
	[ "$p" = report-error ] || [ "$p" = vote-desk-error ] && continue
	t "$p: no console errors" 0 "" -- f ".pages[\"$p\"].errors[]"
done
# a refused 报送 is answered 422 with the form and its messages: that one line only
t_grep "vote-desk-error: no console errors but the refused form's 422" 0 "^console: Failed to load resource: the server responded with a status of 422 \(Unprocessable Content\) \(http://127.0.0.1:[0-9]+/vote/desk/candidate\)$" -- f '.pages["vote-desk-error"].errors | if length == 1 then .[0] else "\(length) errors" end'
t_grep "report-error: no console errors but the refused form's 422" 0 "^console: Failed to load resource: the server responded with a status of 422 \(Unprocessable Content\) \(http://127.0.0.1:[0-9]+/report/round\)$" -- f '.pages["report-error"].errors | if length == 1 then .[0] else "\(length) errors" end'

# --- screenshots: each page at both widths, full page ---
pngsize() { # WIDTH HEIGHT of a PNG, from its IHDR
	[ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "not a PNG: $1"; return 1; }
	echo "$((16#$(od -An -tx1 -j16 -N4 "$1" | tr -d ' \n'))) $((16#$(od -An -tx1 -j20 -N4 "$1" | tr -d ' \n')))"
}
desktop_ok() { set -- $(pngsize "$SHOTS/$1-desktop.png") && [ "$1" -eq 1366 ] && [ "$2" -ge 768 ]; }
phone_ok() { set -- $(pngsize "$SHOTS/$1-phone.png") && [ "$1" -ge 390 ] && [ "$2" -ge 844 ]; }
shots="overview item-7 item-1 item-10 source calc-loan calc-dibao calc-dibao-error calc-disability calc-orphan bulletins bulletin-html
	evaluation map sites proposals candidates vote vote-result survey
	login login-error overview-reporter report-error report review-lead bulletins-staff journal overview-lead vote-count
	vote-desk-error vote-desk vote-session vote-tokens vote-session-closed vote-draft review-admin
	rounds evidence overview-admin item-10-admin remind duban-one duban bulletins-admin org-contact-admin duban-answer
	org-contact"
t "every page was photographed" 0 "$(echo $shots)" -- f '.shots | join(" ")'
for p in $shots; do
	t_sh "$p-desktop.png: 1366 wide, nothing sticks out" "desktop_ok $p"
	t_sh "$p-phone.png: a full page at phone width" "phone_ok $p"
done
# At 390 px nothing may stick out past the screen (a wide table scrolls in its
# own box, the 通报 web page's too; a long unbroken word wraps).
for p in $shots; do
	t "$p: fits a phone (390 px)" 0 "390" -- f ".pages[\"$p\"].phone_width"
	t "$p: nothing sticks out at 390 px" 0 "" -- f ".pages[\"$p\"].phone_overflow[]"
done
# On 总览 and 实事详情 (a table.ov), at 390x844: every row's 状态 cell lies within
# the viewport's [0, 390] both with its table's scrolling box at the left end and
# scrolled fully right; every row has one.
for p in overview overview-reporter overview-lead overview-admin item-1 item-10 item-10-admin; do
	t_sh "$p: its progress tables were measured at 390 px" "[ \"\$(f '.pages[\"$p\"].phone_status.rows')\" -ge 10 ]"
	t "$p: every row's 状态 cell inside the screen at 390 px, the box scrolled either way" 0 "" \
		-- f ".pages[\"$p\"].phone_status.out[]"
done

# 审核 as the lead unit (hrss) and 评估 at 390 px: every 通过/退回 button, and
# every score row's 得分 and 等级, inside the screen (their table's box scrolled
# to either end).
t_sh "审核: its buttons were measured at 390 px" "[ \"\$(f '.pages[\"review-lead\"].phone_keys.n')\" -ge 2 ]"
t "审核: every 通过/退回 button inside the screen at 390 px" 0 "" -- f '.pages["review-lead"].phone_keys.out[]'
t_sh "评估: its score and grade cells were measured at 390 px" "[ \"\$(f '.pages.evaluation.phone_keys.n')\" -ge 40 ]"
t "评估: every 得分 and 等级 cell inside the screen at 390 px" 0 "" -- f '.pages.evaluation.phone_keys.out[]'
# the sites table keeps its name and 状态 in view too (table.ov, measured above with the progress tables)
t_sh "点位: its table was measured at 390 px" "[ \"\$(f '.pages.sites.phone_status.rows')\" -ge 10 ]"
t "点位: every row's 状态 cell inside the screen at 390 px" 0 "" -- f '.pages.sites.phone_status.out[]'

# --- a clean stop ---
kill -TERM $pid
wait $pid
t_sh "the server stops cleanly after the browser run" "[ $? -eq 0 ]"

done_testing
