# tests/cli/browser.sh - the web pages in a real browser: headless Chromium
# (Debian's /usr/bin/chromium) driven by playwright-core (tests/web/browser.mjs).
# A city reporter asks for 报送, logs in and is brought back to it, submits a
# value, it shows on the 实事详情 page and in the API; the lead unit logs in and
# approves it; the loan calculator's form gives the worked example's figures; a
# wrong password and an anonymous visit to 报送 behave; no page logs a console
# error (a Content-Security-Policy violation is one; so is a page answered
# with 4xx). Every page is saved as a full-page screenshot at 1366x768 and at
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

# --- 通报 ---
t "通报 list, anonymous: a web page for the one issued bulletin, no draft" 0 "1 0" -- f '"\(.flow.bulletin_links) \(.flow.bulletin_drafts_anonymous)"'
t_grep "通报 web page opens from its link" 0 "^关于2023年民生实事第一次进展情况的通报" -- f '.pages["bulletin-html"].h1'
t "通报 web page is shown, not saved (inline)" 0 'inline; filename="bulletin-2023-06-30-1.html"' -- f '.flow.bulletin_disposition'
t "通报 list, logged in: a draft for each round, marked 草稿" 0 "3" -- f '.flow.bulletin_drafts_staff'

# --- logging in ---
t "an anonymous visit to 报送 lands on 登录, which remembers the page" 0 "/login /report" -- f '"\(.flow.report_anonymous_url) \(.flow.report_anonymous_next)"'
t "a wrong password: the error on the login page, in Chinese" 0 "用户名或密码错误，请重新输入。" -- f '.flow.login_error'
t "a wrong password: the name stays filled in" 0 "nanchang" -- f '.flow.login_error_name_kept'
t "a wrong password: the page to go to after is kept" 0 "/" -- f '.flow.login_error_next'
t "报送 with a round, not logged in: 登录 with next" 0 "/login?next=/report%3Fround%3D2023-12-25" -- f '.flow.report_login_url'
t "after logging in: back on that 报送 page" 0 "/report?round=2023-12-25" -- f '.flow.report_after_login_url'
t "nanchang is logged in as a reporter of 南昌市" 0 "nanchang（报送员，南昌市） 退出" -- f '.flow.nanchang_nav'

# --- the reporter submits ---
t "报送: the form showed the demo value, a plain number in 亿元" 0 "13.24528301 亿元" -- f '"\(.flow.report_before) \(.flow.report_unit)"'
t_grep "报送: back on the form after submitting" 0 "^/report\?round=2023-12-25&org=360100&saved=1\.loans_new$" -- f '.flow.report_url'
t "报送: 已保存" 0 "已保存：新增发放创业担保贷款" -- f '.flow.report_ok'
t "报送: the value shown back in the field, in 亿元" 0 "200" -- f '.flow.report_after'
t "报送: the narrative shown back" 0 "（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。" -- f '.flow.report_narrative'
t_grep "报送: the form says it awaits review" 0 "已报送，待审核" -- f '.flow.report_state'
t "API: the report, submitted from the web, in 分" 0 "1 submitted web 2000000000000" \
	-- f '"\(.flow.api_submitted.body | length) \(.flow.api_submitted.body[0] | "\(.status) \(.origin) \(.value)")"'
t "实事详情: the official figure is the last approved one, awaiting review 1" 0 "南昌市 12.74亿元 10.60亿元 1" -- f '([.flow.item1_nanchang_official[0]] + .flow.item1_nanchang_official[2:4] + [.flow.item1_nanchang_official[-1]]) | join(" ")'
t "实事详情 with the staff switch (含待审核数据): 南昌's new figure" 0 "南昌市 12.74亿元 200.00亿元" -- f '([.flow.item1_nanchang[0]] + .flow.item1_nanchang[2:4]) | join(" ")'
t "logging out: back to 总览, 登录 in the nav" 0 "/ 登录" -- f '"\(.flow.logout_nanchang.url) \(.flow.logout_nanchang.nav)"'
t "after logging out 报送 asks for a login again" 0 "/login" -- f '.flow.report_after_logout_url'

# --- the lead unit approves ---
t "审核: hrss sees 南昌's report once" 0 "1" -- f '.flow.review_rows'
t "审核: with the new figure, its targets and the narrative" 0 "新增发放创业担保贷款|南昌市|200.00亿元|分解目标 12.74亿元（完成 1570.3%）全省目标 150.00亿元，计量单位 元|（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。" -- f '.flow.review_row | join("|")'
t "审核: 已审核通过" 0 "已审核通过。" -- f '.flow.review_ok'
t "审核: the row leaves the list" 0 "0" -- f '.flow.review_rows_after'
t "API: the report is approved, the value unchanged" 0 "approved 2000000000000" -- f '.flow.api_approved.body[0] | "\(.status) \(.value)"'
t_grep "台账日志: the approval on top, in Chinese" 0 "^[0-9]+ \| [^|]+ \| hrss \| 审核通过 \| 报送数据 jiangxi-2023/1\.loans_new/360100/2023-12-25 \|" -- f '.flow.journal_top[0]'
t_grep "台账日志: nanchang's submission" 0 "\| nanchang \| 报送 \| 报送数据 jiangxi-2023/1\.loans_new/360100/2023-12-25 \|" -- f '.flow.journal_top[]'
t_grep "审核 as admin: the rounds can be locked (a demo database keeps them open)" 0 "2023-12-25 第三次进展报送开放（不自动关闭）锁定" -- f '.flow.review_admin_rounds'

# --- no console errors, on any page ---
# (a wrong password is answered 200 with the login page and its message, so
# the login page logs no "Failed to load resource" either)
for p in $(f '.pages | keys[]'); do
	t "$p: no console errors" 0 "" -- f ".pages[\"$p\"].errors[]"
done

# --- screenshots: each page at both widths, full page ---
pngsize() { # WIDTH HEIGHT of a PNG, from its IHDR
	[ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "not a PNG: $1"; return 1; }
	echo "$((16#$(od -An -tx1 -j16 -N4 "$1" | tr -d ' \n'))) $((16#$(od -An -tx1 -j20 -N4 "$1" | tr -d ' \n')))"
}
desktop_ok() { set -- $(pngsize "$SHOTS/$1-desktop.png") && [ "$1" -eq 1366 ] && [ "$2" -ge 768 ]; }
phone_ok() { set -- $(pngsize "$SHOTS/$1-phone.png") && [ "$1" -ge 390 ] && [ "$2" -ge 844 ]; }
shots="overview item-7 item-1 item-10 source calc-loan calc-dibao calc-disability calc-orphan bulletins bulletin-html
	evaluation login login-error overview-reporter report review-lead bulletins-staff journal overview-lead review-admin evidence
	overview-admin item-10-admin"
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

# --- a clean stop ---
kill -TERM $pid
wait $pid
t_sh "the server stops cleanly after the browser run" "[ $? -eq 0 ]"

done_testing
