# tests/cli/rounds.sh - rounds close by themselves rounds.grace_days (7) days
# after their due date, China time; a late report inside the grace period is
# taken and counted late; after it nothing of the round changes (reports,
# reviews, targets, sites delivered by its date) until an administrator
# reopens it with a reason, journaled; no one reviews their own report;
# a unit's drafts are its own. The clock is fixed (MS_CLOCK).
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/r.db
q() { sqlite3 "$MINSHENG_DB" "$1"; }
jcount() { q "SELECT COUNT(*) FROM journal"; }
cn() { date -u -d "$1 +0800" +%s; }   # a China time as MS_CLOCK

# --- a plain database (no demo) in 2024: the 2023 rounds are closed ---
export MS_CLOCK=$(cn "2023-06-01 10:00")
ms init >/dev/null
ms assign 10.aeds 360100 60 >/dev/null   # the breakdown, while every round is open
export MS_CLOCK=$(cn "2024-03-01 10:00")
t "round list: closed by the calendar, each since its day" 0 "2023-06-30  第一次进展报送  已关闭（2023-07-08 起自动关闭）
2023-10-30  第二次进展报送  已关闭（2023-11-07 起自动关闭）
2023-12-25  第三次进展报送  已关闭（2024-01-02 起自动关闭）" -- sh -c "$MINSHENG round list | tail -n +3"
n0=$(jcount)
t "a report for a closed round: exit 1, the day it closed, Chinese first" 1 "" -- ms report 10.aeds 360100 --round 2023-06-30 --value 10
t_grep "the message" 1 "^minsheng: 报送节点 2023-06-30 自 2023-07-08 起已关闭（截止日后 7 天自动关闭），管理员重新开放前不能报送 \(round 2023-06-30 is closed since 2023-07-08, 7 days after its due date: no reports until an administrator reopens it\) \[--round\]$" -- ms report 10.aeds 360100 --round 2023-06-30 --value 10
t_grep "a draft neither" 1 "已关闭" -- ms report 10.aeds 360100 --round 2023-06-30 --value 10 --draft
t_grep "nor a target" 1 "报送节点 2023-06-30 自 2023-07-08 起已关闭.*不能修改任务分解" -- ms assign 10.aeds 360100 60
t_grep "nor a site delivered by a closed round's date" 1 "不能登记此前交付的点位.*\[--delivered\]" -- ms site add 10.aeds 360100 --name 八一广场 --delivered 2023-12-25
t_grep "a site delivered after the last round is taken" 0 "" -- ms site add 10.aeds 360100 --name 南昌站 --delivered 2024-01-10
t_sh "the refusals wrote nothing" '[ $(( $(jcount) - n0 )) = 1 ] && [ "$(q "SELECT COUNT(*) FROM report")" = 0 ]'
t_grep "a reopen needs a reason" 1 "重新开放报送节点须说明理由 \(reopening a round needs a reason\) \[--reason\]" -- ms round reopen 2023-06-30
t "an administrator reopens it, with a reason" 0 "已重新开放报送节点 2023-06-30 — round reopened" -- ms round reopen 2023-06-30 --reason "补报"
t_grep "reopening an open round is refused" 1 "开放中，无需重新开放" -- ms round reopen 2023-06-30 --reason "again"
t_grep "round list says who reopened it and why" 0 "2023-06-30 +第一次进展报送 +重新开放（[^：]+：补报）" -- ms round list
t "round list --json" 0 "open reopened 补报" -- sh -c "$MINSHENG round list --json | jq -r '.[0] | \"\(.state) \(.how) \(.reason)\"'"
t "now the report goes in" 0 "已报送：10.aeds 360100（2023-06-30）" -- ms report 10.aeds 360100 --round 2023-06-30 --value 10
t "the journal holds the reopen (before, after, reason) and the report" 0 'round.reopen|{"state":"locked","how":"calendar","since":"2023-07-08"}|{"state":"open","reason":"补报"}
report.submit||' -- q "SELECT action, COALESCE(before, ''), CASE WHEN action = 'round.reopen' THEN after ELSE '' END FROM journal WHERE id > $n0 AND action LIKE 'r%' ORDER BY id" 
t_grep "the other rounds stay closed" 1 "报送节点 2023-10-30 自 2023-11-07 起已关闭" -- ms report 10.aeds 360100 --round 2023-10-30 --value 20
t_grep "the report of a round reopened late counts as late" 0 "^1 1$" -- sh -c "$MINSHENG status --as-of 2024-03-01 --item 10 --json | jq -r '.rounds[0] | \"\(.received) \(.late)\"'"
t "locked again by hand, with a note" 0 "已锁定报送节点 2023-06-30 — round locked" -- ms round lock 2023-06-30 --reason "补报完毕"
t_grep "then refused again, naming who locked it" 1 "报送节点 2023-06-30 自 2024-03-01 起已锁定（[^）]+），管理员重新开放前不能报送 \(round 2023-06-30 is locked since 2024-03-01" -- ms report 10.aeds 360100 --round 2023-06-30 --value 11
t_grep "and a review of its reports" 1 "管理员重新开放前不能审核" -- ms approve 10.aeds 360100 --round 2023-06-30
t_grep "locking a closed round is refused" 1 "already closed" -- ms round lock 2023-10-30

# --- the grace period: late but taken; closed from the 8th day ---
export MINSHENG_DB=$T/g.db
export MS_CLOCK=$(cn "2023-07-07 23:59:00")
ms init >/dev/null
ms assign 10.aeds 360200 40 >/dev/null
t_grep "round list: the grace period" 0 "2023-06-30 +第一次进展报送 +补报期（可报至 2023-07-07，计为迟报）" -- ms round list
t "a report inside the grace period is taken" 0 "已报送：10.aeds 360200（2023-06-30）" -- ms report 10.aeds 360200 --round 2023-06-30 --value 12
t "and counted late" 0 "360200 2023-06-30" -- sh -c "$MINSHENG status --as-of 2023-07-07 --item 10 --json | jq -r '.items[0].indicators[0].late[0] | \"\(.org) \(.rounds)\"'"
t "a target may still change" 0 "已分解：10.aeds 360100 → 60" -- ms assign 10.aeds 360100 60
export MS_CLOCK=$(cn "2023-07-08 00:00:01")
t_grep "a second later the round is closed" 1 "报送节点 2023-06-30 自 2023-07-08 起已关闭" -- ms report 10.aeds 360300 --round 2023-06-30 --value 5
t_grep "the grace days are a setting" 0 "可报至 2023-07-15" -- sh -c "sqlite3 '$MINSHENG_DB' \"INSERT INTO setting VALUES ('rounds.grace_days', '15')\" && $MINSHENG round list"
t_grep "one that is not a number of days is refused, naming it" 1 "设置 rounds.grace_days 须为 0 到 100000 之间的天数" -- sh -c "sqlite3 '$MINSHENG_DB' \"UPDATE setting SET value = 'a week' WHERE key = 'rounds.grace_days'\" && $MINSHENG round list"

# --- a demo database keeps its rounds open, and says so ---
export MINSHENG_DB=$T/d.db
t_grep "init --demo says its rounds stay open" 0 "演示数据库：报送节点保持开放" -- ms init --demo
t "its rounds never close by themselves" 0 "开放（不自动关闭）
开放（不自动关闭）
开放（不自动关闭）" -- sh -c "$MINSHENG round list --json | jq -r '.[].text'"

# --- over HTTP: who may reopen, reviews, self-approval, drafts ---
export MINSHENG_DB=$T/w.db
export MS_CLOCK=$(cn "2024-03-01 10:00")
ms init >/dev/null
for u in "admin admin" "hrss lead hrss" "nanchang reporter 360100" "jiujiang reporter 360400"; do
	set -- $u
	echo 'Rounds-test-2024!' | ms user add "$1" --role "$2" ${3:+--org "$3"} >/dev/null
done
declare -A TOK
for u in admin hrss nanchang jiujiang; do TOK[$u]=$(ms user token "$u" 2>/dev/null); done
serve_start
st() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
api() { local who=$1; shift; curl -s --max-time 20 -H "Authorization: Bearer ${TOK[$who]}" "$@"; }
n0=$(jcount)
t "a lead may not reopen: 403" 0 "403" -- st -H "Authorization: Bearer ${TOK[hrss]}" -d 'reason=补报' "${URL}api/v1/rounds/2023-06-30/reopen"
t "a reporter neither: 403" 0 "403" -- st -H "Authorization: Bearer ${TOK[nanchang]}" -d 'reason=补报' "${URL}api/v1/rounds/2023-06-30/reopen"
t_sh "nothing journaled" '[ "$(jcount)" = "$n0" ]'
t "a report for a closed round: 409" 0 "409" -- st -H "Authorization: Bearer ${TOK[nanchang]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&value=20亿元' "${URL}api/v1/reports"
t "naming the field round" 0 "round" -- jq -r .error.field <(api nanchang -d 'indicator=1.loans_new&org=360100&round=2023-10-30&value=20亿元' "${URL}api/v1/reports")
t "GET /api/v1/rounds: the state of each" 0 "locked calendar 2023-11-07" -- sh -c "curl -s '${URL}api/v1/rounds' | jq -r '.[1] | \"\(.state) \(.how) \(.since)\"'"
t "the administrator reopens 2023-10-30 with a reason" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'reason=补报第二轮' "${URL}api/v1/rounds/2023-10-30/reopen"
t_grep "journaled with the reason" 0 '"reason":"补报第二轮"' -- q "SELECT after FROM journal WHERE action = 'round.reopen' AND actor = 'admin'"
t "now nanchang's report goes in: 201" 0 "201" -- st -H "Authorization: Bearer ${TOK[nanchang]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&value=20亿元' "${URL}api/v1/reports"
t "the administrator's own report: 201" 0 "201" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=1.loans_new&org=360400&round=2023-10-30&value=15亿元' "${URL}api/v1/reports"
n1=$(jcount)
t "approving one's own report: 403" 0 "403" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=1.loans_new&org=360400&round=2023-10-30&action=approve' "${URL}api/v1/reviews"
t_grep "saying why" 0 "不能审核本人报送的数据" -- api admin -d 'indicator=1.loans_new&org=360400&round=2023-10-30&action=approve' "${URL}api/v1/reviews"
t_sh "the refusal wrote nothing" '[ "$(jcount)" = "$n1" ] && [ "$(q "SELECT status FROM report WHERE org = '"'360400'"'")" = submitted ]'
t_grep "the 审核 page offers no buttons for one's own report" 0 "本人报送，须由他人审核" -- api admin "${URL}review?round=2023-10-30"
t "the lead unit approves it: 200" 0 "200" -- st -H "Authorization: Bearer ${TOK[hrss]}" -d 'indicator=1.loans_new&org=360400&round=2023-10-30&action=approve' "${URL}api/v1/reviews"
t "the administrator approves nanchang's: 200" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&action=approve' "${URL}api/v1/reviews"
t "locked again" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d '' "${URL}api/v1/rounds/2023-10-30/lock"
t "a review on a locked round: 409" 0 "409" -- st -H "Authorization: Bearer ${TOK[hrss]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&action=return&reason=x' "${URL}api/v1/reviews"
t_grep "the 报送轮次 page: closed rounds take a reason to reopen" 0 '<tr id="round-2023-10-30">.*<input name="reason" size="16" required placeholder="重新开放理由" aria-label="重新开放理由"> <button type="submit" name="action" value="reopen">重新开放</button>' -- api admin "${URL}rounds"
t_grep "the 报送 page says the round is closed" 0 "本轮报送已关闭" -- api nanchang "${URL}report?round=2023-10-30"
t "a reopen from the 报送轮次 page without a reason: the page again, 422" 0 "422" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Accept: text/html' -d 'round=2023-12-25&action=reopen' "${URL}rounds"
t "a site delivered by a closed round's date: 409, the field delivered_on" 0 "delivered_on" -- jq -r .error.field <(api nanchang -d 'indicator=10.aeds&org=360100&name=x&delivered_on=2023-09-01' "${URL}api/v1/sites")
# drafts: 南昌's is its own
t "reopen 12-25 to file" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'reason=试报' "${URL}api/v1/rounds/2023-12-25/reopen"
t "南昌 saves a draft: 201" 0 "201" -- st -H "Authorization: Bearer ${TOK[nanchang]}" -d 'indicator=10.aeds&org=360100&round=2023-12-25&value=50&action=draft' "${URL}api/v1/reports"
drafts() { curl -s --max-time 20 ${1:+-H "Authorization: Bearer ${TOK[$1]}"} "${URL}api/v1/reports?round=2023-12-25" | jq -r '[.[] | select(.status == "draft")] | length'; }
t "九江's reporter does not see it" 0 "0" -- drafts jiujiang
t "nor the lead unit" 0 "0" -- drafts hrss
t "nor an anonymous reader" 0 "0" -- drafts ""
t "南昌 does" 0 "1" -- drafts nanchang
t "and the administrator" 0 "1" -- drafts admin
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
done_testing
