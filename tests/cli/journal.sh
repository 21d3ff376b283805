# tests/cli/journal.sh - the journal is need-to-know: a reporter sees the
# ledger rows of its own region, a lead unit those of the items it leads,
# administrators everything; logins, addresses and accounts are for
# administrators only; every row is named in Chinese, never by its code.
SRC=$(cd "$(dirname "$0")/../.." && pwd)/src
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/j.db
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }

# a report of 九江 and a report of 南昌 after the demo data, each by its own people
ms report 10.aeds 360400 --round 2023-12-25 --value 70 --narrative "九江新增" >/dev/null
serve_start
login() { curl -s -D - -o /dev/null -d "name=$1&password=minsheng2023" "${URL}login" | tr -d '\r' | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p'; }
declare -A C=([nanchang]=$(login nanchang) [hrss]=$(login hrss) [admin]=$(login admin) [viewer]=$(login viewer))
# every page of the journal (?limit=1000, then ?after= as X-Next-After says), as one array
api() {
	local after=0 next
	while :; do
		curl -s --max-time 20 -D "$T/.hdr" -b "${C[$1]}" "${URL}api/v1/journal?limit=1000&after=$after"
		next=$(tr -d '\r' < "$T/.hdr" | awk 'tolower($1) == "x-next-after:" {print $2}')
		[ -n "$next" ] && [ "$next" != -1 ] || break
		after=$next
	done | jq -s 'add'
}
page() { curl -s --max-time 20 -b "${C[$1]}" "${URL}journal$2"; }
t_sh "the logins are journaled, with their address" '[ "$(q "SELECT COUNT(*) FROM journal WHERE action = '"'user.login'"' AND after LIKE '"'%127.0.0.1%'"'")" -ge 4 ]'

# --- as nanchang (南昌市's reporter) ---
api nanchang > n.json
t_sh "nanchang: the API journal has rows" '[ "$(jq length n.json)" -gt 10 ]'
t "nanchang: every ledger row is 南昌's (360100)" 0 "0" -- jq '[.[] | select(.table != "round_lock") | select(.key | split("/")[2] != "360100")] | length' n.json
t "nanchang: no login, no account rows" 0 "0" -- jq '[.[] | select(.table == "app_user" or (.action | startswith("user.")))] | length' n.json
t_sh "nanchang: no IP address in the API journal" '! grep -q "127\.0\.0\.1" n.json'
t_sh "nanchang: no other unit's report (九江's 70台)" '! grep -q "360400" n.json'
t "nanchang: only the ledger's tables and the rounds'" 0 "assignment report" -- sh -c "jq -r '[.[].table] | unique | join(\" \")' n.json"
t "nanchang: every row has its Chinese label" 0 "任务分解 审核通过 报送" -- sh -c "jq -r '[.[].label] | unique | join(\" \")' n.json"
t "nanchang: the raw action is kept beside the label" 0 "report.submit 报送 report 报送数据" -- sh -c "jq -r '[.[] | select(.action == \"report.submit\")][0] | \"\(.action) \(.label) \(.table) \(.table_label)\"' n.json"
page nanchang "" > n.html
t_grep "nanchang: the /journal page lists 南昌's reports" 0 "<td>报送</td><td class=\"key\">报送数据 jiangxi-2023/10.aeds/360100/" -- cat n.html
t_sh "nanchang: /journal shows no other region" '! grep -qE "jiangxi-2023/[0-9a-z_.]+/3604" n.html'
t_sh "nanchang: /journal shows no login and no IP address" '! grep -qE "登录</td>|127\.0\.0\.1|user\.login|app_user" n.html'
t_sh "nanchang: /journal shows no raw action code" '! grep -qE "<td>[a-z_]+\.[a-z_]+</td>|<td>assign</td>" n.html'
t_sh "nanchang: filtering by 用户 gives nothing" '[ "$(curl -s -b "${C[nanchang]}" "${URL}api/v1/journal?table=app_user" | jq length)" = 0 ]'
t_grep "nanchang: the page says what it lists" 0 "此处列出本地区的报送" -- cat n.html

# --- as hrss (牵头 items 1 and 2) ---
api hrss > h.json
t "hrss: only items 1 and 2" 0 "1 2" -- sh -c "jq -r '[.[] | select(.table != \"round_lock\") | .key | split(\"/\")[1] | split(\".\")[0]] | unique | join(\" \")' h.json"
t_sh "hrss: every city of its items" '[ "$(jq "[.[] | .key | split(\"/\")[2]] | unique | length" h.json)" -ge 11 ]'
t_sh "hrss: no login and no IP address" '! grep -qE "127\.0\.0\.1|user\.login" h.json'

# --- a viewer: every ledger row, no people ---
api viewer > v.json
t_sh "viewer: 九江's report is there" 'grep -q "jiangxi-2023/10.aeds/360400/2023-12-25" v.json'
t_sh "viewer: no login and no IP address" '! grep -qE "127\.0\.0\.1|user\.login" v.json'

# --- an administrator: everything ---
api admin > a.json
t "admin: every row of the journal" 0 "$(q "SELECT COUNT(*) FROM journal")" -- jq length a.json
t_sh "admin: the logins with their address" 'jq -e "[.[] | select(.action == \"user.login\" and .label == \"登录\" and (.after | contains(\"127.0.0.1\")))] | length >= 4" a.json >/dev/null'
page admin "?table=app_user" > a.html
t_grep "admin: /journal shows logins, in Chinese" 0 "<td>登录</td><td class=\"key\">用户 nanchang</td>" -- cat a.html
t_grep "admin: 新增用户 in Chinese" 0 "<td>新增用户</td>" -- page admin "?table=app_user"
t_grep "admin: the table filter by its Chinese name" 0 '<option value="app_user" selected>用户</option>' -- cat a.html
t_sh "a reporter's filter offers no 用户" '! grep -q "value=\"app_user\"" n.html'

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"

# --- the command line (the administrator's tool): every row, labelled ---
t_grep "CLI journal: labels, not codes" 0 "^[0-9]+ +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} +cli +载入计划 +jiangxi-2023" -- ms journal
t_sh "CLI journal: no raw action in the 操作 column" '! ms journal | awk "NR > 2 && NF > 4 {print \$5}" | grep -qE "^[a-z_.]+$"'
t_grep "CLI journal: times in 北京时间" 0 "时间（北京时间）" -- ms journal
t_sh "CLI journal: the first entry's time is its UTC stamp (--json) plus 8 hours" '[ "$(ms journal | awk "NR == 3 {print \$2, \$3}")" = "$(date -u -d "$(ms --json journal | jq -r ".[0].at") 8 hours" "+%Y-%m-%d %H:%M:%S")" ]'
t "CLI journal --json: action and label" 0 "plan.load 载入计划 plan 计划" -- sh -c "'$MINSHENG' journal --json | jq -r '[.[] | select(.action == \"plan.load\")][0] | \"\(.action) \(.label) \(.table) \(.table_label)\"'"

# --- every action a write journals has its Chinese label ---
missing=""
for a in $(grep -rhoE '"[a-z_]+\.[a-z_]+"|"(assign|milestones)"' $(grep -rlE 'store_journal(_json)?\(|ledger_import_csv\(' "$SRC" --include=*.c) \
	| tr -d '"' | grep -vE '\.(h|c|csv|json|md|html|xlsx|txt)$' | sort -u); do
	case $a in rounds.*|remind.smtp_url|remind.mail_from|evidence.max_*|bulletin.prefix) continue ;; # setting keys, not actions
	*_standard|*_subsidy|*_cap|*_term|*_margin|*_base|*_groups|*_other|*_institutional|*_dispersed|*_care*) continue ;; esac
	grep -q "{ \"$a\"," "$SRC/auth/journal.c" || missing="$missing $a"
done
t "every journaled action has a label in auth/journal.c" 0 "" -- echo "${missing# }"
done_testing
