# tests/cli/sites.sh - the site register (点位) against the reports: status
# (text and JSON site_mismatch), 实事详情 and the bulletin's 明显问题 flag each
# region whose reported value differs from its sites delivered by the round's
# due date, with both numbers; a report that agrees is not flagged.
. "$(dirname "$0")/lib.sh"
export MS_CLOCK=1703203200 # 2023-12-22T00:00:00Z: reports made here are on time for the 2023-12-25 round
export MINSHENG_DB=$T/s.db
ms init --demo >/dev/null
st() { ms status --as-of 2024-01-15 --json | jq -r "$1"; }
aed='.items[].indicators[] | select(.id == "10.aeds")'

# --- the demo database: 南昌 had 38, 62 and 62 AEDs delivered by the three deadlines, reported 34, 52, 65 ---
t "status --json flags 南昌's AED reports against its sites, each round" 0 "360100 南昌市 2023-06-30 38 34
360100 南昌市 2023-10-30 62 52
360100 南昌市 2023-12-25 62 65" -- st "$aed | .site_mismatch[] | select(.org == \"360100\") | \"\(.org) \(.name) \(.round) \(.sites) \(.reported)\""
t "the register agrees with the database's delivered sites" 0 "38
62" -- sh -c "sqlite3 '$MINSHENG_DB' \"SELECT SUM(quantity) FROM site WHERE indicator = '10.aeds' AND org = '360100' AND status = 'delivered' AND delivered_on <= '2023-06-30'\"; sqlite3 '$MINSHENG_DB' \"SELECT SUM(quantity) FROM site WHERE indicator = '10.aeds' AND org = '360100' AND status = 'delivered' AND delivered_on <= '2023-10-30'\"" 
t_grep "the text says both numbers" 0 "^  配备自动体外除颤器（AED） 南昌市：2023-06-30 点位 38台 / 报送 34台；2023-10-30 点位 62台 / 报送 52台；2023-12-25 点位 62台 / 报送 65台$" -- ms status --as-of 2024-01-15
t "only indicators with a register have the list" 0 "10.aeds 5.community_elderly_homes" -- st '[.items[].indicators[] | select(has("site_mismatch")) | .id] | sort | join(" ")'
t "as of a day, only the rounds due are compared" 0 "2023-06-30" -- sh -c "$MINSHENG status --as-of 2023-07-07 --json | jq -r '[$aed | .site_mismatch[] | .round] | unique | join(\" \")'"
t "a region's list for one region (--org)" 0 "3" -- sh -c "$MINSHENG status --as-of 2024-01-15 --org 360100 --json | jq '[$aed | .site_mismatch[]] | length'"

# --- a report that agrees is not flagged; one that does not, is ---
ms report 10.aeds 360100 --round 2023-12-25 --from-sites --narrative "按点位台账更正" >/dev/null
t "a report from the register agrees: its round is no longer flagged" 0 "2023-06-30 2023-10-30" -- st "[$aed | .site_mismatch[] | select(.org == \"360100\") | .round] | join(\" \")"
t_grep "an approved report is final: a correction is refused" 1 "已审核通过，不能修改" -- ms report 10.aeds 360100 --round 2023-10-30 --value 62 --narrative "更正"
t "so its round stays flagged" 0 "2023-06-30 2023-10-30" -- st "[$aed | .site_mismatch[] | select(.org == \"360100\") | .round] | join(\" \")"
ms site add 10.aeds 360100 --name 新增点位 --delivered 2023-12-20 >/dev/null
t "a site added later: the round's report differs again, with the new count" 0 "2023-12-25 63 62" -- st "$aed | .site_mismatch[] | select(.org == \"360100\" and .round == \"2023-12-25\") | \"\(.round) \(.sites) \(.reported)\""
ms site add 10.aeds 360100 --name 在建点位 --status building >/dev/null
t "a site not delivered does not count" 0 "63" -- st "$aed | .site_mismatch[] | select(.org == \"360100\" and .round == \"2023-12-25\") | .sites"
ms report 10.aeds 360100 --round 2023-12-25 --value 70 --narrative "退回测试" >/dev/null
ms return 10.aeds 360100 --round 2023-12-25 --reason "与点位台账不符" >/dev/null
t "a returned report is not compared" 0 "" -- st "[$aed | .site_mismatch[] | select(.org == \"360100\" and .round == \"2023-12-25\")] | map(.round) | join(\" \")"

# --- the bulletin's 明显问题 and 实事详情 ---
ms bulletin --round 2023-06-30 -o b.md >/dev/null 2>&1
t_grep "the bulletin has a 明显问题 section" 0 "^## 六、明显问题$" -- cat b.md
t_grep "with both numbers and the difference" 0 "^\| 配备自动体外除颤器（AED） \| 南昌市 \| 38台 \| 34台 \| -4台 \|$" -- cat b.md
t_grep "only this round's" 0 "^\| 配备自动体外除颤器（AED） \| 景德镇市 \| 29台 \| 26台 \| -3台 \|$" -- cat b.md
t "and not the other rounds'" 0 "0" -- sh -c "grep -c '62台' b.md || true"
serve_start
t_grep "实事详情 flags the region under the indicator" 0 "<li>南昌市 2023-06-30 点位 38台 / 报送 34台</li>" -- curl -s "${URL}item/10?as_of=2024-01-15"
t_grep "an indicator with a register and no difference says so" 0 "点位台账：各地报送数与截止日前已交付的点位一致" -- curl -s "${URL}item/10?as_of=2023-06-01"
t "anonymous GET /api/v1/status carries the list too" 0 "38 34" -- sh -c "curl -s '${URL}api/v1/status?as_of=2024-01-15' | jq -r '$aed | .site_mismatch[0] | \"\(.sites) \(.reported)\"'"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"

# --- no register: nothing to compare ---
# made before the first round closes (targets and its reports are refused once a round has closed)
export MS_CLOCK=1687240800 # 2023-06-20T06:00:00Z
export MINSHENG_DB=$T/p.db
ms init >/dev/null
ms assign 10.aeds 360100 600 >/dev/null
ms report 10.aeds 360100 --round 2023-06-30 --value 34 --submitted-at 2023-06-29 >/dev/null
t "without sites an indicator has no list" 0 "false" -- sh -c "$MINSHENG status --as-of 2024-01-15 --json | jq '$aed | has(\"site_mismatch\")'"
ms bulletin --round 2023-06-30 -o p.md >/dev/null 2>&1
t "and the bulletin's 明显问题 says 无" 0 "无。" -- sh -c "sed -n '/^## 六、明显问题$/,/^## 七/p' p.md | sed -n 3p"
ms site add 10.aeds 360100 --name 南昌西站 --delivered 2023-05-20 >/dev/null
ms assign 10.aeds 360200 300 >/dev/null
ms report 10.aeds 360200 --round 2023-06-30 --value 20 --submitted-at 2023-06-29 >/dev/null
t "a region with no sites of a register kept elsewhere: 点位 0 / 报送 20" 0 "360100 1 34,360200 0 20" -- sh -c "$MINSHENG status --as-of 2024-01-15 --json | jq -r '[$aed | .site_mismatch[] | \"\(.org) \(.sites) \(.reported)\"] | join(\",\")'"
done_testing
