# tests/cli/approved.sh - reviewed data only, visibly (issue 13, item 1): the
# official figures (status, GET /api/v1/status for anonymous readers, the
# pages, the bulletin, the evaluation) count approved reports only; staff may
# count reports awaiting review too; every view says how many await review;
# the demo database's review; two-level review where a plan asks for it.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/a.db
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }
get() { curl -s --max-time 20 "$@"; }
code() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
# the 10.aeds indicator of a status document, with and without its awaiting-review count
aed() { jq -S '.items[] | select(.no == 10) | .indicators[] | select(.id == "10.aeds")' "$1"; }
figures() { aed "$1" | jq -S -c '{target, actual, actual_value, completion, expected, colour, regions_met, lagging}'; }
pending_of() { aed "$1" | jq .pending; }
actual_pending() { aed "$1" | jq -r '"\(.actual) \(.pending)"'; }
but_pending() { aed "$1" | jq -S 'del(.pending)'; aed "$1" | jq .pending; }
# the accounts that approved reports of the indicators named, "INDICATOR ACTOR" (key: plan/indicator/org/round)
approvers() {
	q "SELECT key || ' ' || actor FROM journal WHERE action = 'report.approve' AND key LIKE 'jiangxi-2023/%'" |
		awk -v want=" $* " '{ split($1, k, "/"); if (index(want, " " k[2] " ")) print k[2], $2 }' | LC_ALL=C sort -u
}
# the approvals of report KEY, oldest first: "ACTOR|report.approve|the review_level of its journal row"
review_steps() {
	q "SELECT actor || ' ' || action || ' ' || after FROM journal WHERE key = '$1' AND action = 'report.approve' ORDER BY id" |
		while read -r actor action after; do echo "$actor|$action|$(printf '%s' "$after" | jq -c .review_level)"; done
}
# a report's status and review steps passed, and item 5's pending count
state5() { echo $(q "SELECT status, review_level FROM report WHERE indicator = '5.community_elderly_homes' AND org = '$1' AND round = '2023-12-25'" | tr '|' ' ') $(p5); }

# --- the demo database: most approved, the last round awaiting review, one returned ---
t "demo: reports by status" 0 "approved 384
returned 1
submitted 187" -- q "SELECT status || ' ' || COUNT(*) FROM report WHERE plan = 'jiangxi-2023' GROUP BY status ORDER BY status"
t "demo: the last round filed awaits review, the first two are reviewed" 0 "2023-06-30 0
2023-10-30 0
2023-12-25 187" -- q "SELECT round || ' ' || SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END) FROM report WHERE plan = 'jiangxi-2023' GROUP BY round ORDER BY round"
t "demo: the returned report says why" 0 "1.guarantee_fund_added|360800|2023-10-30|（演示数据）累计数与贷款台账不符，请核对后重新报送。" \
	-- q "SELECT indicator, org, round, review_note FROM report WHERE plan = 'jiangxi-2023' AND status = 'returned'"
t "demo: reviewed by the lead unit's account (人社厅 for item 1, 民政厅 for item 5), the office otherwise" 0 "1.guarantee_fund_added hrss
10.aeds admin
5.community_elderly_homes civil" -- approvers 1.guarantee_fund_added 5.community_elderly_homes 10.aeds
t "demo: every review is journaled" 0 "385" -- q "SELECT COUNT(*) FROM journal WHERE action IN ('report.approve', 'report.return') AND key LIKE 'jiangxi-2023/%'"
t "demo, 南昌's plan: its first round reviewed by its administrator (one returned), the second awaiting review" 0 "2024-06-30 approved 146 nanchang-admin
2024-06-30 returned 1 nanchang-admin
2024-09-30 submitted 146 " \
	-- q "SELECT r.round || ' ' || r.status || ' ' || COUNT(*) || ' ' || COALESCE(MAX(j.actor), '') FROM report r LEFT JOIN journal j ON j.key = r.plan || '/' || r.indicator || '/' || r.org || '/' || r.round AND j.action IN ('report.approve', 'report.return') WHERE r.plan = 'nanchang-2024' GROUP BY r.round, r.status ORDER BY r.round, r.status"
t "demo: reviewed one to four days after it came in" 0 "1 4" \
	-- q "SELECT MIN(d) || ' ' || MAX(d) FROM (SELECT (reviewed_at + 28800) / 86400 - (submitted_at + 28800) / 86400 AS d FROM report WHERE reviewed_at IS NOT NULL) AS days"
t "demo: in office hours, China time" 0 "9 16" \
	-- q "SELECT MIN(h) || ' ' || MAX(h) FROM (SELECT (reviewed_at + 28800) % 86400 / 3600 AS h FROM report WHERE reviewed_at IS NOT NULL) AS hours"

# --- what counts: approved by the day asked about ---
t "as of 2023-06-27 some first-round reports await review" 0 "true" -- sh -c "$MINSHENG status --as-of 2023-06-27 --json | jq '.pending > 0'"
t "by 2023-07-07 the first round is reviewed" 0 "0" -- sh -c "$MINSHENG status --as-of 2023-07-07 --json | jq .pending"
t "a figure counts from the day it was approved, not the day it came in" 0 "true" \
	-- sh -c "a=\$($MINSHENG status --as-of 2023-06-27 --item 10 --json | jq '.items[0].indicators[0].actual_value'); b=\$($MINSHENG status --as-of 2023-06-27 --item 10 --include-unreviewed --json | jq '.items[0].indicators[0].actual_value'); [ \"\$a\" -lt \"\$b\" ] && echo true"
t "status: every item and indicator has its pending count" 0 "true" -- sh -c "$MINSHENG status --json | jq '[.items[] | .pending, (.indicators[] | .pending)] | all(type == \"number\")'"
t "status: the items' pending counts add up" 0 "187 187" -- sh -c "$MINSHENG status --json | jq -r '\"\(.pending) \([.items[].pending] | add)\"'"
t_grep "status text: what it counts, and the 待审核 column" 0 "仅计已审核数据；待审核 187 份" -- ms status
t_grep "status text: 待审核 per indicator" 0 "配备自动体外除颤器（AED） +600台 +440台 +73.3% .* 11 " -- ms status --item 10
t_grep "--include-unreviewed says so" 0 "含待审核数据（187 份未经审核，仅供内部参考）" -- ms status --include-unreviewed
t "--include-unreviewed counts the last round" 0 "556台 true" -- sh -c "$MINSHENG status --include-unreviewed --item 10 --json | jq -r '\"\(.items[0].indicators[0].actual) \(.unreviewed_included)\"'"
t "the official status counts the last approved round" 0 "440台 false" -- sh -c "$MINSHENG status --item 10 --json | jq -r '\"\(.items[0].indicators[0].actual) \(.unreviewed_included)\"'"

# --- done when: a report leaves the official figures alone until approved ---
serve_start --threads 2
ms status --json > s0.json
# a copy of this state, for a county's report below (backup/restore: either backend)
ms backup b.backup >/dev/null
ms --db b.db restore b.backup >/dev/null
get "${URL}api/v1/status" > a0.json
t "report 10.aeds 360100 --round 2023-12-25 --value 600 (the 3× rule wants a narrative)" 0 "已报送：10.aeds 360100（2023-12-25）" \
	-- sh -c "$MINSHENG report 10.aeds 360100 --round 2023-12-25 --value 600 --narrative 核实后更正 | head -1"
ms status --json > s1.json
get "${URL}api/v1/status" > a1.json
t "status --json: 10.aeds's figures unchanged" 0 "$(figures s0.json)" -- figures s1.json
t "anonymous GET /api/v1/status: unchanged too" 0 "$(figures a0.json)" -- figures a1.json
t "anonymous and the command line agree" 0 "$(aed s1.json)" -- aed a1.json
t "its pending count: still 11 (the report replaced one awaiting review)" 0 "11" -- pending_of s1.json
# filed before the due date, as the demo's was, nothing at all changes but the awaiting-review count
# (in the copy made before the report above)
MINSHENG_DB=$T/b.db MS_CLOCK=1703300000 "$MINSHENG" report 10.aeds 360102 --round 2023-12-25 --value 3 >/dev/null 2>&1
MINSHENG_DB=$T/b.db "$MINSHENG" status --json > b1.json
t "a county's new report: 10.aeds unchanged except pending (11 → 12)" 0 "$(aed s0.json | jq -S 'del(.pending)')
12" -- but_pending b1.json
t "approve" 0 "已审核通过：10.aeds 360100（2023-12-25）" -- ms approve 10.aeds 360100 --round 2023-12-25
ms status --json > s2.json
get "${URL}api/v1/status" > a2.json
t "after approve the new value counts (440 - 52 + 600)" 0 "988台 10" -- actual_pending s2.json
t "anonymous GET /api/v1/status too" 0 "988台 10" -- actual_pending a2.json

# --- staff may count reports awaiting review; the public may not ---
t "anonymous ?unreviewed=1: 403" 0 "403" -- code "${URL}api/v1/status?unreviewed=1"
t "?unreviewed=2: 400 naming the field" 0 "unreviewed" -- sh -c "curl -s '${URL}api/v1/status?unreviewed=2' | jq -r .error.field"
t "?unreviewed=2: 400" 0 "400" -- code "${URL}api/v1/status?unreviewed=2"
TOK=$(ms user token viewer 2>/dev/null)
t "a logged-in reader's ?unreviewed=1: reports awaiting review counted, and it says so" 0 "true 1091台" \
	-- sh -c "curl -s -H 'Authorization: Bearer $TOK' '${URL}api/v1/status?unreviewed=1' | jq -r '\"\(.unreviewed_included) \(.items[] | select(.no == 10) | .indicators[0].actual)\"'"
t "the same as status --include-unreviewed" 0 "$(ms status --include-unreviewed --json | jq -S -c .)" \
	-- sh -c "curl -s -H 'Authorization: Bearer $TOK' '${URL}api/v1/status?unreviewed=1' | jq -S -c ."
t_grep "总览: what it counts, 待审核 per item and indicator" 0 '只计已审核通过的报送；另有待审核 186 份。</p>' -- get "${URL}"
t_sh "总览 for anonymous readers: no switch" '! get "${URL}" | grep -q "unreviewed=1"'
t_grep "总览 for staff: the switch" 0 '<a href="/\?as_of=[0-9-]*&amp;unreviewed=1">含待审核数据</a>' -- get -H "Authorization: Bearer $TOK" "${URL}"
t_grep "总览 with the switch on: marked internal" 0 '含待审核数据（186 份未经审核），仅供内部参考' -- get -H "Authorization: Bearer $TOK" "${URL}?unreviewed=1"
t "总览 ?unreviewed=1 anonymously: 403" 0 "403" -- code "${URL}?unreviewed=1"
t_grep "实事详情: 待审核 per item" 0 '<div class="fact">待审核<b>10 份</b></div>' -- get "${URL}item/10"
t_grep "实事详情: 待审核 per region" 0 '<td class="nm">九江市</td>.*<td class="num">1</td></tr>' -- get "${URL}item/10"

# --- the bulletin and the evaluation count approved reports only ---
t_grep "bulletin: the AED figure is the approved one" 0 "配备自动体外除颤器（AED）.*988台" -- ms bulletin --round 2023-12-25 --as-of 2027-01-01
t_grep "bulletin: says how many reports it leaves out" 0 "本通报只计审核通过的数据，另有 [0-9]+ 份报送待审核，未计入。" -- ms bulletin --round 2023-12-25 --as-of 2027-01-01
t_sh "bulletin: not the unreviewed sum" '! ms bulletin --round 2023-12-25 --as-of 2027-01-01 | grep -q "1091台"'
t_grep "evaluation: the approved figure (988 of 600: met)" 0 "配备自动体外除颤器（AED） 100.0%" -- sh -c "$MINSHENG evaluate --as-of 2027-01-01 --json | jq -r '.items[] | select(.no == 10) | .basis'"

# --- two-level review: a county's report goes to its city, then to the lead unit ---
t "review levels: one by default" 0 "1" -- ms review levels
t "review levels 2" 0 "已设定计划 jiangxi-2023 的审核层级为 2：县区的报送先由所在设区市初审，再由牵头单位审核" -- ms review levels 2
t "journaled" 0 "review.levels|review.levels.jiangxi-2023|{\"review_levels\":1}|{\"review_levels\":2}" \
	-- q "SELECT action, key, before, after FROM journal ORDER BY id DESC LIMIT 1"
t_grep "review levels 3: a usage error" 2 "审核层级只能是 1 或 2" -- ms review levels 3
ms report 5.community_elderly_homes 360102 --round 2023-12-25 --value 1 >/dev/null
for u in nanchang jiujiang civil; do declare "TOK_$u=$(ms user token $u 2>/dev/null)"; done
rv() { code -H "Authorization: Bearer $1" -d "indicator=$2&org=$3&round=2023-12-25&action=approve" "${URL}api/v1/reviews"; }
p5() { ms status --item 5 --json | jq '.items[0].pending'; }
before=$(p5)
t "the lead unit first: 409, the city reviews first" 0 "409" -- rv "$TOK_civil" 5.community_elderly_homes 360102
t_grep "and says so" 0 "县区的报送须先经南昌市初审" -- sh -c "curl -s -H 'Authorization: Bearer $TOK_civil' -d 'indicator=5.community_elderly_homes&org=360102&round=2023-12-25&action=approve' '${URL}api/v1/reviews'"
t "another city may not: 403" 0 "403" -- rv "$TOK_jiujiang" 5.community_elderly_homes 360102
t "a city may not review its own report: 403" 0 "403" -- rv "$TOK_nanchang" 5.community_elderly_homes 360100
t_grep "the city's reporter sees it on its 审核 page" 0 "东湖区<br><small class=\"legend\">待市级初审</small>" -- get -H "Authorization: Bearer $TOK_nanchang" "${URL}review?round=2023-12-25"
t "the city's 初审: 200, still submitted" 0 "submitted" -- sh -c "curl -s -H 'Authorization: Bearer $TOK_nanchang' -d 'indicator=5.community_elderly_homes&org=360102&round=2023-12-25&action=approve' '${URL}api/v1/reviews' | jq -r .status"
t "after the city's step it still awaits review, and does not count" 0 "submitted 1 $before" -- state5 360102
t "the city again: 409" 0 "409" -- rv "$TOK_nanchang" 5.community_elderly_homes 360102
t "the lead unit's approval: 200" 0 "200" -- rv "$TOK_civil" 5.community_elderly_homes 360102
t "only the final approval counts: approved, no longer pending" 0 "approved 2 $((before - 1))" -- state5 360102
t "two journal rows, by the city and the lead unit" 0 "nanchang|report.approve|{\"passed\":1,\"of\":2}
civil|report.approve|{\"passed\":2,\"of\":2}" \
	-- review_steps jiangxi-2023/5.community_elderly_homes/360102/2023-12-25
t "a city's own report still takes one step" 0 "200" -- rv "$TOK_civil" 5.community_elderly_homes 360100
t "and is approved" 0 "approved 1 $((before - 2))" -- state5 360100
ms report 5.community_elderly_homes 360103 --round 2023-12-25 --value 1 >/dev/null
t "the command line takes the step due: first the city's" 0 "已初审通过（待牵头单位审核）：5.community_elderly_homes 360103（2023-12-25）" -- ms approve 5.community_elderly_homes 360103 --round 2023-12-25
t "then the lead unit's" 0 "已审核通过：5.community_elderly_homes 360103（2023-12-25）" -- ms approve 5.community_elderly_homes 360103 --round 2023-12-25
ms report 5.community_elderly_homes 360104 --round 2023-12-25 --value 1 >/dev/null
ms approve 5.community_elderly_homes 360104 --round 2023-12-25 >/dev/null
ms return 5.community_elderly_homes 360104 --round 2023-12-25 --reason 数据有误 >/dev/null
t "a return after the city's step sends it back to the start" 0 "returned 0 $((before - 2))" -- state5 360104
t "back to one level" 0 "1" -- sh -c "$MINSHENG review levels 1 >/dev/null && $MINSHENG review levels"

# --- 全部通过 from the command line: approve --all, one transaction, a journal row each ---
awaiting10() { sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM report WHERE plan = 'jiangxi-2023' AND round = '2023-12-25' AND status = 'submitted' AND indicator LIKE '10.%'"; }
approvals() { sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM journal WHERE action = 'report.approve'"; }
n10=$(awaiting10)
j0=$(approvals)
t_sh "item 10 has reports awaiting review in round 2023-12-25" '[ "$n10" -gt 1 ]'
t_grep "approve --all needs --round" 2 "needs --round DATE" -- ms approve --all --item 10
t_grep "and takes no INDICATOR ORG" 2 "no INDICATOR ORG" -- ms approve --all 10.aeds 360100 --round 2023-12-25
t_grep "--item without --all: a usage error" 2 "go with --all" -- ms approve 10.aeds 360100 --round 2023-12-25 --item 10
t_grep "return has no --all: each return needs its reason" 2 "all" -- ms return --all --round 2023-12-25 --reason x
t "one unit only: --org" 0 "已审核通过 1 份报送（2023-12-25）" -- ms approve --all --round 2023-12-25 --item 10 --org "$(sqlite3 "$MINSHENG_DB" "SELECT org FROM report WHERE plan = 'jiangxi-2023' AND round = '2023-12-25' AND status = 'submitted' AND indicator LIKE '10.%' ORDER BY org LIMIT 1")"
t "the rest of item 10" 0 "已审核通过 $((n10 - 1)) 份报送（2023-12-25）" -- ms approve --all --round 2023-12-25 --item 10
t "none of item 10 awaits review now" 0 "0" -- awaiting10
t "a journal row for each report approved" 0 "$n10" -- sh -c "echo \$(( \$(sqlite3 '$MINSHENG_DB' \"SELECT COUNT(*) FROM journal WHERE action = 'report.approve'\") - $j0 ))"
t_grep "nothing left: said so, nothing written" 1 "no report of round 2023-12-25 awaits review" -- ms approve --all --round 2023-12-25 --item 10

kill "$SERVE_PID" 2>/dev/null
wait "$SERVE_PID" 2>/dev/null
done_testing
